//! Names outside the gazetteer: people and organisations recognised by their shape and
//! context, using the word lists of `ontology/lexicons.ttl`.
//!
//! Rules (each yields a candidate with its rule id):
//! * `name:given` — a run of 2-4 capitalised words whose first word is a known given name
//!   ("Christopher Tuck");
//! * `name:title` — a run right after a role title ("spokesman Dmitry Peskov", "Deputy Foreign
//!   Minister Sergei Ryabkov"), the title words themselves stripped;
//! * `name:credit` — a run before a slash and an agency, as in photo credits
//!   ("Jane Roe / AFP");
//! * `name:byline` — a line holding only a 2-3 word name whose first word is a given name;
//! * `org:suffix` — a run ending in an organisation head word ("... Strategies Centre",
//!   "Foreign Ministry"), `org:media` one ending in a media word ("... News", "... Pravda");
//! * `org:source` — an unknown capitalised run after "told", "according to", "citing" that is
//!   not a person's name ("told Politico").

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::knowledge::{EntityClass, Knowledge};

/// A name found by shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCandidate {
    /// Byte span of the name (titles excluded).
    pub start: usize,
    /// Byte span end.
    pub end: usize,
    /// Person or organisation subclass.
    pub class: EntityClass,
    /// Rule id.
    pub rule: &'static str,
}

/// Word lists, lowercased for lookup.
#[derive(Debug, Default)]
pub struct NameLexicons {
    given: HashSet<String>,
    ambiguous_given: HashSet<String>,
    titles: Titles,
    org_suffixes: HashSet<String>,
    media_suffixes: HashSet<String>,
    place_suffixes: HashSet<String>,
    non_names: HashSet<String>,
    demonyms: HashSet<String>,
}

impl NameLexicons {
    /// Reads the lexicons of the knowledge base.
    pub fn new(k: &Knowledge) -> Self {
        let lower = |name: &str| -> HashSet<String> { k.lexicon(name).iter().map(|w| w.to_lowercase()).collect() };
        let titles = Titles::new(
            k.lexicon("role-titles").iter().map(|t| t.to_lowercase().split_whitespace().map(str::to_string).collect()),
        );
        let demonyms = k.entries.iter().filter_map(|e| e.demonym.as_ref()).map(|d| d.to_lowercase()).collect();
        Self {
            given: lower("given-names"),
            ambiguous_given: lower("ambiguous-given-names"),
            titles,
            org_suffixes: lower("organization-suffixes"),
            media_suffixes: lower("media-suffixes"),
            place_suffixes: lower("place-suffixes"),
            non_names: lower("non-name-capitalized"),
            demonyms,
        }
    }

    fn is_given(&self, w: &str) -> bool {
        let l = w.to_lowercase();
        self.given.contains(&l) && !self.ambiguous_given.contains(&l)
    }
}

/// Role titles as word sequences, indexed by their first word: a run of words is checked
/// against the few titles that start with its first word, not the whole lexicon (that linear
/// scan, run for every capitalised word of every sentence, was a tenth of extraction time).
#[derive(Debug, Default)]
struct Titles {
    /// First word (trailing period dropped) -> titles starting with it, longest first, each
    /// title's words with their trailing period dropped.
    by_first: HashMap<String, Vec<Vec<String>>>,
}

impl Titles {
    fn new(titles: impl IntoIterator<Item = Vec<String>>) -> Self {
        let mut by_first: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for t in titles {
            let t: Vec<String> = t.iter().map(|w| w.trim_end_matches('.').to_string()).collect();
            if let Some(first) = t.first() {
                by_first.entry(first.clone()).or_default().push(t);
            }
        }
        for v in by_first.values_mut() {
            // longest first, so "deputy foreign minister" is tried before "deputy"
            v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            v.dedup();
        }
        Self { by_first }
    }

    /// Length (in words) of the longest title at the start of `words` (lowercased).
    fn at(&self, words: &[String]) -> Option<usize> {
        let first = words.first()?.trim_end_matches('.');
        self.by_first
            .get(first)?
            .iter()
            .find(|t| t.len() <= words.len() && t.iter().zip(words).all(|(a, b)| a == b.trim_end_matches('.')))
            .map(Vec::len)
    }
}

/// A word of a sentence.
#[derive(Debug, Clone, Copy)]
struct Word<'t> {
    start: usize,
    end: usize,
    text: &'t str,
}

impl Word<'_> {
    /// Capitalised, or an Arabic-style particle joined to a capitalised name ("al-Rifai").
    fn is_cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
            || self.text.split_once('-').is_some_and(|(p, rest)| {
                NAME_PARTICLES.contains(&p) && rest.chars().next().is_some_and(char::is_uppercase)
            })
    }
}

static WORD: LazyLock<Regex> = LazyLock::new(|| crate::text::re(r"[\p{L}\p{M}\d]+(?:[’'\-.][\p{L}\p{M}\d]+)*"));

/// Lowercase words allowed inside names ("Nizar al-Rifai", "Ursula von der Leyen").
const NAME_PARTICLES: &[&str] =
    &["al", "el", "ad", "ash", "bin", "ibn", "abu", "van", "von", "der", "den", "de", "da", "du", "la", "le", "di"];
/// Lowercase words allowed inside organisation names ("Institute for the Study of War").
const ORG_CONNECTORS: &[&str] = &["of", "for", "the", "and", "on", "&"];

static SOURCE_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(r"(?:\btold|\baccording to|\bciting|\breported by|\bin an interview with|\bcited by)\s+$")
});

/// Finds name candidates in one sentence `text[start..end]`, with `line_alone` when the
/// sentence is a whole line.
pub fn find_names(lex: &NameLexicons, text: &str, start: usize, end: usize, line_alone: bool) -> Vec<NameCandidate> {
    let sentence = &text[start..end];
    let words: Vec<Word<'_>> = WORD
        .find_iter(sentence)
        .map(|m| Word { start: start + m.start(), end: start + m.end(), text: m.as_str() })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].is_cap() {
            i += 1;
            continue;
        }
        // extend a run of capitalised words joined by single spaces, with particles/connectors
        let mut j = i + 1;
        while j < words.len() {
            let gap = &text[words[j - 1].end..words[j].start];
            if gap != " " {
                break;
            }
            let w = words[j].text;
            if words[j].is_cap()
                || ((NAME_PARTICLES.contains(&w) || ORG_CONNECTORS.contains(&w))
                    && words.get(j + 1).is_some_and(|n| n.is_cap() && &text[words[j].end..n.start] == " "))
            {
                j += 1;
            } else {
                break;
            }
        }
        let run = &words[i..j];
        let lower: Vec<String> = run.iter().map(|w| w.text.to_lowercase()).collect();
        if let Some(cand) = organisation(lex, text, run, &lower) {
            out.push(cand);
        } else {
            // people: each piece between connectors ("Jane Roe and John Doe")
            let mut p = i;
            for q in i..=j {
                if q == j || ORG_CONNECTORS.contains(&words[q].text) {
                    if q > p {
                        let whole_line = p == 0 && q == words.len() && line_alone;
                        classify_person(
                            lex,
                            text,
                            &words[p..q],
                            &lower[p - i..q - i],
                            whole_line,
                            &words[..p],
                            &mut out,
                        );
                    }
                    p = q + 1;
                }
            }
        }
        i = j;
    }
    out
}

fn classify_person(
    lex: &NameLexicons,
    text: &str,
    run: &[Word<'_>],
    lower: &[String],
    whole_line: bool,
    before: &[Word<'_>],
    out: &mut Vec<NameCandidate>,
) {
    // strip leading non-name words, demonyms and titles
    let mut k = 0;
    let mut titled = before_has_title(lex, before);
    loop {
        if k < run.len() && (lex.non_names.contains(&lower[k]) || lex.demonyms.contains(&lower[k])) {
            k += 1;
            continue;
        }
        if let Some(n) = lex.titles.at(&lower[k..]) {
            k += n;
            titled = true;
            continue;
        }
        break;
    }
    let name = &run[k..];
    let n = name.len();
    if n == 0 || n > 4 || name.iter().any(|w| !w.is_cap() && !NAME_PARTICLES.contains(&w.text)) {
        return;
    }
    if name.iter().any(|w| w.text.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()) && w.text.len() > 1) {
        // acronyms are not personal names
        return;
    }
    let (s, e) = (name[0].start, name[n - 1].end);
    let after = &text[e..];
    let credit = n >= 2
        && (after.starts_with(" / ") || after.starts_with('/'))
        && after.trim_start_matches([' ', '/']).starts_with(char::is_uppercase);
    let rule = if titled && n <= 4 {
        Some("name:title")
    } else if n >= 2 && lex.is_given(name[0].text) {
        Some("name:given")
    } else if credit && n <= 4 {
        Some("name:credit")
    } else if whole_line && (2..=3).contains(&n) && lex.given.contains(&name[0].text.to_lowercase()) {
        Some("name:byline")
    } else {
        None
    };
    if let Some(rule) = rule {
        if name.iter().any(|w| lex.place_suffixes.contains(&w.text.to_lowercase())) {
            return;
        }
        out.push(NameCandidate { start: s, end: e, class: EntityClass::Person, rule });
    } else if SOURCE_CONTEXT.is_match(&text[..s]) && n <= 4 && !lex.given.contains(&name[0].text.to_lowercase()) {
        out.push(NameCandidate { start: s, end: e, class: EntityClass::Media, rule: "org:source" });
    }
}

fn organisation(lex: &NameLexicons, text: &str, run: &[Word<'_>], lower: &[String]) -> Option<NameCandidate> {
    let head = (1..run.len())
        .rev()
        .find(|&i| lex.org_suffixes.contains(&lower[i]) || lex.media_suffixes.contains(&lower[i]))?;
    let mut k = 0;
    while k < head && (lex.non_names.contains(&lower[k]) || ORG_CONNECTORS.contains(&lower[k].as_str())) {
        k += 1;
    }
    if k >= head {
        return None;
    }
    let media = lex.media_suffixes.contains(&lower[head]) && !lex.org_suffixes.contains(&lower[head]);
    // keep trailing capitalised words after the head only when they are a place ("College London")
    let end_word =
        if head + 1 < run.len() && !ORG_CONNECTORS.contains(&lower[head + 1].as_str()) { run.len() - 1 } else { head };
    let class = if media {
        EntityClass::Media
    } else if lower[head].contains("ministry") || lower[head] == "department" || lower[head] == "agency" {
        EntityClass::Ministry
    } else if ["university", "college", "institute", "centre", "center", "school", "academy", "council"]
        .contains(&lower[head].as_str())
    {
        EntityClass::Institution
    } else {
        EntityClass::Organization
    };
    let (s, e) = (run[k].start, run[end_word].end);
    (e > s && !text[s..e].is_empty()).then_some(NameCandidate {
        start: s,
        end: e,
        class,
        rule: if media { "org:media" } else { "org:suffix" },
    })
}

/// True when the words just before a run end with a lowercase role title ("envoy").
fn before_has_title(lex: &NameLexicons, before: &[Word<'_>]) -> bool {
    let tail: Vec<String> = before.iter().rev().take(4).rev().map(|w| w.text.to_lowercase()).collect();
    (0..tail.len()).any(|i| lex.titles.at(&tail[i..]) == Some(tail.len() - i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> NameLexicons {
        let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<HashSet<_>>();
        NameLexicons {
            given: set(&["christopher", "jane", "sergei", "tim", "will"]),
            ambiguous_given: set(&["will"]),
            titles: Titles::new([
                vec!["deputy".into(), "foreign".into(), "minister".into()],
                vec!["spokesman".into()],
                vec!["president".into()],
            ]),
            org_suffixes: set(&["centre", "ministry", "university"]),
            media_suffixes: set(&["news", "pravda"]),
            place_suffixes: set(&["oblast"]),
            non_names: set(&["the", "however"]),
            demonyms: set(&["russian"]),
        }
    }

    fn names(text: &str) -> Vec<(String, &'static str)> {
        find_names(&lex(), text, 0, text.len(), false)
            .into_iter()
            .map(|c| (text[c.start..c.end].to_string(), c.rule))
            .collect()
    }

    #[test]
    fn people_by_given_name_title_and_credit() {
        assert_eq!(names("said Christopher Tuck, an expert"), vec![("Christopher Tuck".into(), "name:given")]);
        assert_eq!(
            names("Russian Deputy Foreign Minister Sergei Ryabkov told"),
            vec![("Sergei Ryabkov".into(), "name:title")]
        );
        assert_eq!(names("spokesman Dmitry Peskov said"), vec![("Dmitry Peskov".into(), "name:title")]);
        assert_eq!(names("Debris. Jose Colon / Anadolu"), vec![("Jose Colon".into(), "name:credit")]);
        assert!(names("Will Power is a headline").is_empty());
    }

    #[test]
    fn titles_match_longest_first_ignoring_trailing_periods() {
        let t = Titles::new([
            vec!["deputy".into()],
            vec!["deputy".into(), "foreign".into(), "minister".into()],
            vec!["adm.".into()],
        ]);
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(t.at(&w("deputy foreign minister sergei")), Some(3));
        assert_eq!(t.at(&w("deputy foreign secretary")), Some(1));
        assert_eq!(t.at(&w("adm ivanov")), Some(1));
        assert_eq!(t.at(&w("foreign minister")), None);
        assert_eq!(t.at(&[]), None);
    }

    #[test]
    fn organisations_by_head_word_and_source_context() {
        assert_eq!(
            names("head of the New Eurasian Strategies Centre, a think tank"),
            vec![("New Eurasian Strategies Centre".into(), "org:suffix")]
        );
        assert_eq!(names("told ABC News on Monday"), vec![("ABC News".into(), "org:media")]);
        assert_eq!(names("a senior official told Politico."), vec![("Politico".into(), "org:source")]);
    }
}

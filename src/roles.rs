//! Roles as facts: the phrases that introduce people ("Russian Deputy Foreign Minister Sergei
//! Ryabkov", "Kremlin spokesman Dmitry Peskov", "Trump's special envoy Steve Witkoff",
//! "Christopher Tuck, an expert in conflict and security at King's College London") become
//! statements: who, which role, of which state, organisation or person, in which sentence.
//!
//! Runs after the tagger, on its person mentions. A role is recognised by a title of the
//! `role-titles` lexicon, either right before the name (with the words that qualify it) or at
//! the head of an apposition right after it. It does not read roles from verbs ("was appointed
//! minister") and keeps no role for people the tagger did not find.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use crate::document::Document;
use crate::knowledge::{EntityClass, EntityType, Knowledge};
use crate::segment::Segmentation;
use crate::stance::EntityRef;
use crate::tag::{Mention, Tagger, Tagging, window};

/// A role a document gives a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleStatement {
    /// The person.
    pub person: EntityRef,
    /// The role as written, without the party it is held for ("Deputy Foreign Minister",
    /// "expert in conflict and security").
    pub role: String,
    /// The state, organisation or person the role is held for or at, when named.
    pub of: Option<EntityRef>,
    /// Byte offsets of the evidence sentence.
    pub start: usize,
    /// Byte offsets of the evidence sentence.
    pub end: usize,
    /// Code-point offsets of the evidence sentence.
    pub char_start: usize,
    /// Code-point offsets of the evidence sentence.
    pub char_end: usize,
    /// The article's date: roles change over time.
    pub date: Option<String>,
}

/// The compiled role finder.
#[derive(Debug)]
pub struct RoleFinder {
    /// Role titles, lowercase, as word sequences, longest first.
    titles: Vec<Vec<String>>,
    /// Lowercase demonym -> its state.
    demonyms: HashMap<String, EntityRef>,
}

/// Words that may qualify a title before a name besides capitalised ones ("special envoy",
/// "top negotiator").
const QUALIFIERS: &[&str] = &["special", "senior", "former", "top", "chief", "acting", "deputy", "presidential"];

/// An apposition: ", an expert in ... at X," right after a name.
static APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"^,\s+(?:(?:an?|the)\s+)?(?P<phrase>[^,.;:()“”\x22]{3,100}?)\s*(?:,|\.|;|\)|$|\s+(?:said|told|says|wrote)\b)",
    )
});
/// Where an apposition names the party: "... at King's College London", "... of the Kremlin".
static AT_PARTY: LazyLock<Regex> = LazyLock::new(|| crate::text::re(r"\s+(?:at|of|for|with|in)\s+(?:the\s+)?$"));

fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.').trim_end_matches('.').to_lowercase()
}

impl RoleFinder {
    /// Reads the role titles and demonyms of `k`.
    pub fn new(k: &Knowledge) -> Self {
        let mut titles: Vec<Vec<String>> = k
            .lexicon("role-titles")
            .iter()
            .map(|t| t.split_whitespace().map(bare).collect::<Vec<_>>())
            .filter(|t| !t.is_empty())
            .collect();
        titles.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let demonyms = k
            .demonyms()
            .into_iter()
            .map(|(d, e)| (d, EntityRef { id: e.iri.clone(), label: e.label.clone() }))
            .collect();
        Self { titles, demonyms }
    }

    /// The number of words of the longest title ending at the end of `ws`.
    fn title_ending(&self, ws: &[String]) -> usize {
        self.titles.iter().find(|t| t.len() <= ws.len() && ws[ws.len() - t.len()..] == t[..]).map_or(0, Vec::len)
    }

    /// The number of words of the longest title starting `ws`.
    fn title_starting(&self, ws: &[String]) -> usize {
        self.titles.iter().find(|t| t.len() <= ws.len() && ws[..t.len()] == t[..]).map_or(0, Vec::len)
    }

    /// The roles stated in a tagged document, one per person, role and party.
    pub fn find(&self, tagger: &Tagger, doc: &Document, seg: &Segmentation, tagging: &Tagging) -> Vec<RoleStatement> {
        let text = doc.text.as_str();
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for m in tagging.mentions.iter().filter(|m| !m.boilerplate && tagging.entity(m).etype == EntityType::Person) {
            let Some(s) = seg.sentence_at(m.start).filter(|s| !s.boilerplate) else { continue };
            let person = EntityRef { id: tagging.entity(m).iri.clone(), label: tagging.entity(m).label.clone() };
            let found = [self.before(tagger, tagging, text, s.start, m), self.after(tagger, tagging, text, s.end, m)];
            for (role, of) in found.into_iter().flatten() {
                let key = (person.id.clone(), role.to_lowercase(), of.as_ref().map(|o| o.id.clone()));
                if seen.insert(key) {
                    out.push(RoleStatement {
                        person: person.clone(),
                        role,
                        of,
                        start: s.start,
                        end: s.end,
                        char_start: seg.offsets.char_offset(s.start),
                        char_end: seg.offsets.char_offset(s.end),
                        date: doc.date.clone(),
                    });
                }
            }
        }
        out
    }

    /// "Russian Deputy Foreign Minister Sergei Ryabkov": the title right before the name, the
    /// words that qualify it, and the party a qualifier names.
    fn before(
        &self,
        tagger: &Tagger,
        tagging: &Tagging,
        text: &str,
        from: usize,
        m: &Mention,
    ) -> Option<(String, Option<EntityRef>)> {
        let head = window(text, from.max(m.start.saturating_sub(80)), m.start);
        // not across a comma or a quotation mark
        let cut = head
            .char_indices()
            .rfind(|(_, c)| matches!(c, ',' | ';' | ':' | '“' | '”' | '"' | '('))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let head = &head[cut..];
        let raw = words(head);
        let lower: Vec<String> = raw.iter().map(|w| bare(w)).collect();
        let title = self.title_ending(&lower);
        if title == 0 {
            return None;
        }
        // extend over qualifiers: capitalised words and a few adjectives, stopping at a
        // possessive (the party) or anything else
        let mut first = raw.len() - title;
        let mut party: Option<EntityRef> = None;
        while first > 0 {
            let w = raw[first - 1];
            let l = &lower[first - 1];
            if w.ends_with("'s") || w.ends_with("’s") {
                party = self.party_at(tagger, tagging, text, m.start - head.len() + word_end(head, first - 1));
                break;
            }
            if let Some(state) = self.demonyms.get(l.as_str()) {
                party = Some(state.clone());
                break;
            }
            let capitalised = w.chars().next().is_some_and(char::is_uppercase);
            if QUALIFIERS.contains(&l.as_str()) || (capitalised && !matches!(l.as_str(), "the" | "a" | "an")) {
                first -= 1;
            } else {
                break;
            }
        }
        // a qualifier that is itself a mention ("Kremlin spokesman", "US President")
        let role_start = m.start - head.len() + word_start(head, first);
        let named =
            tagging.mentions.iter().rfind(|x| x.start >= role_start && x.end <= m.start && is_party(tagging, x));
        let mut role_from = role_start;
        if let Some(x) = named {
            party = party.or_else(|| Some(party_ref(tagger, tagging, x)));
            role_from = role_from.max(x.end);
        }
        let role = window(text, role_from, m.start).trim();
        let role = role.strip_prefix("'s").or_else(|| role.strip_prefix("’s")).unwrap_or(role).trim();
        (!role.is_empty()).then(|| (role.to_string(), party))
    }

    /// "Christopher Tuck, an expert in conflict and security at King's College London": an
    /// apposition headed by a title, and the party it names.
    fn after(
        &self,
        tagger: &Tagger,
        tagging: &Tagging,
        text: &str,
        to: usize,
        m: &Mention,
    ) -> Option<(String, Option<EntityRef>)> {
        let tail = window(text, m.end, to.min(m.end + 140));
        let c = APPOSITION.captures(tail)?;
        let phrase = c.name("phrase")?;
        let (ps, pe) = (m.end + phrase.start(), m.end + phrase.end());
        // "President Donald Trump's son-in-law": the party opens the phrase
        let opening = tagging.mentions.iter().find(|x| {
            x.start >= ps
                && x.start <= ps + 40
                && x.end < pe
                && is_party(tagging, x)
                && matches!(window(text, x.end, x.end + 3), "'s " | "’s")
        });
        if let Some(x) = opening {
            let from = x.end + if text[x.end..].starts_with('\'') { 2 } else { "’s".len() };
            let role = window(text, from, pe).trim();
            return (!role.is_empty()).then(|| (role.to_string(), Some(party_ref(tagger, tagging, x))));
        }
        // a list of names ("son-in-law Jared Kushner and European leaders") is no apposition
        if tagging
            .mentions
            .iter()
            .any(|x| x.start >= ps && x.end <= pe && tagging.entity(x).etype == EntityType::Person)
        {
            return None;
        }
        let lower: Vec<String> = words(phrase.as_str()).iter().map(|w| bare(w)).collect();
        // the title heads the phrase, after at most two qualifiers ("a senior fellow")
        if !(0..=2.min(lower.len())).any(|k| self.title_starting(&lower[k..]) > 0) {
            return None;
        }
        // the party: a mention inside the phrase after "at", "of", "for"
        let party = tagging
            .mentions
            .iter()
            .filter(|x| x.start >= ps && x.end <= pe + 60 && is_party(tagging, x))
            .find(|x| AT_PARTY.is_match(window(text, ps, x.start)) || x.start == ps);
        let role_end = party.map_or(pe, |x| AT_PARTY.find(window(text, ps, x.start)).map_or(pe, |a| ps + a.start()));
        let role = window(text, ps, role_end).trim();
        (!role.is_empty() && party.is_none_or(|x| x.start != ps))
            .then(|| (role.to_string(), party.map(|x| party_ref(tagger, tagging, x))))
    }

    /// The party a possessive ending at byte `end` names ("Trump's", "the Kremlin's").
    fn party_at(&self, tagger: &Tagger, tagging: &Tagging, text: &str, end: usize) -> Option<EntityRef> {
        let end = text[..end].trim_end_matches(['s', '\'', '’']).len();
        tagging.mentions.iter().find(|x| x.end == end && is_party(tagging, x)).map(|x| party_ref(tagger, tagging, x))
    }
}

/// Byte offset (in `s`) of the start of word `i`.
fn word_start(s: &str, i: usize) -> usize {
    let base = s.as_ptr() as usize;
    s.split_whitespace().nth(i).map_or(s.len(), |w| w.as_ptr() as usize - base)
}

/// Byte offset (in `s`) of the end of word `i`.
fn word_end(s: &str, i: usize) -> usize {
    let base = s.as_ptr() as usize;
    s.split_whitespace().nth(i).map_or(s.len(), |w| w.as_ptr() as usize - base + w.len())
}

fn is_party(tagging: &Tagging, m: &Mention) -> bool {
    let e = tagging.entity(m);
    matches!(e.etype, EntityType::Person | EntityType::Organization) || e.class == Some(EntityClass::Country)
}

/// A party as named: "the Kremlin" stays the Kremlin (its spokesman speaks for it).
fn party_ref(_tagger: &Tagger, tagging: &Tagging, m: &Mention) -> EntityRef {
    let e = tagging.entity(m);
    EntityRef { id: e.iri.clone(), label: e.label.clone() }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use crate::document::Document;
    use crate::extraction::Extractor;
    use crate::knowledge::Knowledge;

    static EXTRACTOR: LazyLock<Extractor> =
        LazyLock::new(|| Extractor::new(&Knowledge::embedded().expect("embedded knowledge")).expect("extractor"));

    fn roles(text: &str) -> Vec<(String, String, Option<String>)> {
        let x = EXTRACTOR.extract(&Document::from_text("t", text));
        x.roles.into_iter().map(|r| (r.person.label, r.role, r.of.map(|o| o.label))).collect()
    }

    #[test]
    fn roles_before_and_after_names() {
        // (sentence, person, role, party)
        let table: &[(&str, &str, &str, Option<&str>)] = &[
            (
                "Russian Deputy Foreign Minister Sergei Ryabkov spoke on Monday.",
                "Sergei Ryabkov",
                "Deputy Foreign Minister",
                Some("Russia"),
            ),
            (
                "The talks were confirmed by Kremlin spokesman Dmitry Peskov.",
                "Dmitry Peskov",
                "spokesman",
                Some("Kremlin"),
            ),
            (
                "He met Trump's special envoy Steve Witkoff in Berlin.",
                "Steve Witkoff",
                "special envoy",
                Some("Donald Trump"),
            ),
            (
                "“It will not work,” said Marta Kowalska, a senior fellow at Chatham House.",
                "Marta Kowalska",
                "senior fellow",
                Some("Chatham House"),
            ),
            (
                "Finnish President Alexander Stubb said the talks had stalled.",
                "Alexander Stubb",
                "President",
                Some("Finland"),
            ),
            (
                "Jared Kushner, President Donald Trump's son-in-law, joined them.",
                "Jared Kushner",
                "son-in-law",
                Some("Donald Trump"),
            ),
        ];
        let mut failures = Vec::new();
        for (text, person, role, of) in table {
            let got = roles(text);
            if !got.iter().any(|g| g.0 == *person && g.1 == *role && g.2.as_deref() == *of) {
                failures.push(format!("{text:?} -> {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn no_role_without_a_title() {
        for text in [
            "Yesterday Sergei Ryabkov spoke.",
            "Sergei Ryabkov, who spoke on Monday, left early.",
            "Dmitry Peskov, adviser Jane Roe and others met.",
        ] {
            let got = roles(text);
            assert!(!got.iter().any(|r| r.0 != "Jane Roe"), "{text:?} -> {got:?}");
        }
    }
}

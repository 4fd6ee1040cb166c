//! Proposal discovery: the object of a commitment cue, in the article's own words, becomes a
//! proposal when no concept of the proposal scheme names it ("demanded a 30% tariff cut",
//! "offered a phased release of detainees").
//!
//! This module only reads a span of text: it cuts the object phrase at the end of its clause,
//! splits coordinated lists into items, strips determiners and hedges, and mints a stable IRI
//! from the normalised words, so that the same proposal worded a little differently in two
//! articles ("a fund for reconstruction", "the reconstruction fund") is one node. Which cue
//! governs the span, who holds the stance and which scheme concept is broader are the stance
//! stage's business.
//!
//! The word lists below are English grammar (determiners, pronouns, clause openers), not
//! knowledge of any negotiation, so they live here rather than in `ontology/`.

use std::sync::LazyLock;

use regex::Regex;

use crate::tag::window;

/// Namespace of discovered proposals: `found/` and the normalised key of the label.
pub const DISCOVERED_NS: &str = "https://w3id.org/pactgraph/proposal/found/";

/// The longest label kept, in words: a longer object is a clause, cut at this length.
const MAX_WORDS: usize = 10;

/// One object phrase: its byte span in the text and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// Byte offset of the first character of the label's words.
    pub start: usize,
    /// Byte offset after the last.
    pub end: usize,
    /// The label: the article's words with determiners and hedges stripped.
    pub label: String,
}

/// Where an object noun phrase ends: a clause opener, a parenthesis, a dash, a semicolon, or a
/// comma before a participle, a subordinator or a new clause.
static CUT: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)[;:()\[\]]|\s[—–]\s|[—–]|\s-\s|\.\s|\.$|,\s+(?:which|who|whom|whose|where|while|whereas|saying|adding|arguing|insisting|noting|warning|claiming|stressing|citing|calling|urging|describing|suggesting|hoping|explaining|according|but|as|after|before|because|although|though|if|unless|provided|when|so|even|in|at|on|with|without|despite|under|amid|following|a\s+(?:move|step|claim|demand|position|proposal|plan)|an?\s+\w+\s+(?:that|which)|and\s+(?:he|she|it|they|we|said|says|added|is|was|were|are|would|will|has|had|have|the\s+\w+\s+(?:said|says|would|will|has)))\b|\s(?:which|who|whom|because|while|whereas|although|though|unless|if|provided|until|once|after|before|since|when|whether|so\s+that|in\s+order\s+to|in\s+exchange\s+for|in\s+return\s+for|as\s+long\s+as|as\s+part\s+of|saying|arguing|despite|amid|but|as|than|like|that|for\s+(?:the\s+)?(?:first|second|third|next|last)\s+time)\s|,\s+\w+ing\b|,\s+(?:[\w.’'-]+\s+){0,4}?(?:said|says|told|added|reported|announced|stated|wrote|insisted|argued)\b|\s(?:on|by|from|until|before|after|in|at|within|through)\s+(?:(?:early|late|mid)[\s-]+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|(?:19|20)\d\d)\b|\s(?:last|next|this|earlier|later)\s+(?:week|month|year|weekend|spring|summer|autumn|fall|winter|night|morning|evening)\b|\s(?:by|to)\s+(?:about|around|roughly|some|nearly|almost|up\s+to|more\s+than|less\s+than|at\s+least|as\s+much\s+as)\s|\s(?:throughout|during|over\s+the\s+(?:next|coming|past)|in\s+the\s+(?:coming|next))\s|\s(?:immediately|quickly|gradually|automatically|swiftly|promptly|only|soon|shortly)\b|\s(?:on|at)\s+the\s+(?:sidelines|margins|fringes|eve)\b|\s(?:in\s+the\s+(?:not\s+too\s+)?(?:distant\s+|near\s+|coming\s+)?(?:future|days|weeks|months)|at\s+a\s+later\s+date|any\s+time\s+soon)\b",
    )
});

/// A pronoun subject and its modal at the start of an object clause ("it would", "they
/// will not"): the predicate after them is the object.
static PRONOUN_MODAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)^(?:that\s+)?(?:it|they|he|she|we)\s+(?:would|will|could|might|may|must|can|shall)\s+(?:also\s+)?",
    )
});

/// True when a finite verb of [`FINITE`] follows `at`: the phrase ending there is the subject
/// of a clause ("failure to agree | could lead to ...").
pub fn ends_at_finite_verb(text: &str, at: usize) -> bool {
    window(text, at, (at + 16).min(text.len()))
        .split_whitespace()
        .next()
        .is_some_and(|w| FINITE.contains(&w.to_lowercase().as_str()))
}

/// Auxiliaries and speech verbs that make a phrase a clause.
const FINITE: &[&str] =
    &["would", "will", "could", "can", "may", "might", "must", "shall", "said", "says", "told", "depends", "confirmed"];

/// "a", "its", "any": words stripped from the front of a label.
const LEADING: &[&str] = &[
    // a day before the object ("agreed on Sunday to cut output")
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "a",
    "an",
    "the",
    "its",
    "their",
    "his",
    "her",
    "our",
    "your",
    "my",
    "any",
    "some",
    "this",
    "these",
    "those",
    "such",
    "all",
    "also",
    "further",
    "possible",
    "potential",
    "so-called",
    "to",
    "that",
    "on",
    "upon",
    "for",
    "both",
    "each",
    "every",
    "what",
    "instead",
    "again",
    "only",
    "even",
    "just",
    "still",
    "immediately",
    "formally",
    "publicly",
    "now",
    "would",
    "will",
    "shall",
    "must",
    "could",
    "should",
    "may",
    "be",
    "then",
];

/// Words a label never ends with.
const TRAILING: &[&str] = &[
    "a", "an", "the", "of", "for", "to", "and", "or", "on", "in", "at", "by", "with", "from", "its", "their", "his",
    "her", "that", "as", "than", "into", "over", "between", "this", "these", "those", "would", "will", "could",
    "should", "be", "is", "are", "was", "were", "also",
];

/// An object that is only a pronoun or a demonstrative names nothing new ("accepted it").
const NOT_A_PROPOSAL: &[&str] = &[
    "it",
    "them",
    "this",
    "that",
    "these",
    "those",
    "him",
    "her",
    "us",
    "me",
    "you",
    "one",
    "which",
    "what",
    "so",
    "there",
    "here",
    "itself",
    "themselves",
    "himself",
    "herself",
    "something",
    "anything",
    "nothing",
    "everything",
    "more",
    "less",
    "much",
    "many",
    "others",
    "other",
    "he",
    "she",
    "they",
    "we",
    "i",
    "not",
    "no",
    "yes",
    "do",
    "does",
    "did",
    "whether",
    "how",
    "why",
    "when",
    "where",
];

/// Verbs that take a commitment as a to-infinitive ("agreed to", "pledged not to"): stripped
/// from the front of an object phrase.
const CONTROL: &[&str] = &[
    "commit",
    "commits",
    "committed",
    "agree",
    "agrees",
    "agreed",
    "undertake",
    "undertakes",
    "undertook",
    "pledge",
    "pledges",
    "pledged",
    "promise",
    "promises",
    "promised",
    "vow",
    "vows",
    "vowed",
    "decide",
    "decides",
    "decided",
    "seek",
    "seeks",
    "sought",
    "want",
    "wants",
    "wanted",
    "plan",
    "plans",
    "planned",
    "intend",
    "intends",
    "intended",
    "try",
    "tries",
    "tried",
    "refuse",
    "refuses",
    "refused",
    "offer",
    "offers",
    "offered",
    "need",
    "needs",
    "needed",
    "continue",
    "continues",
    "continued",
    "hope",
    "hopes",
    "hoped",
    "expect",
    "expects",
    "expected",
    "ready",
    "prepared",
    "willing",
];

/// Words no proposal starts with: auxiliaries (a clause whose subject was left behind) and
/// prepositions (an adjunct, not an object).
const NOT_FIRST: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "can",
    "do",
    "does",
    "did",
    "been",
    "being",
    "got",
    "gets",
    "of",
    "with",
    "by",
    "about",
    "from",
    "in",
    "at",
    "into",
    "as",
    "than",
    "like",
    "and",
    "or",
    "but",
    "if",
    "not",
    "no",
    "there",
    "who",
    "which",
    "whose",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "it",
    "its",
    "his",
    "her",
    "their",
    "until",
    "since",
    "after",
    "before",
    "during",
    "over",
    "around",
    "across",
    "through",
    "throughout",
    "amid",
    "despite",
    "within",
];

/// Function words left out of the normalised key.
const KEY_STOP: &[&str] = &[
    "the", "a", "an", "of", "for", "to", "in", "on", "and", "with", "from", "its", "their", "s", "by", "at", "or",
    "into", "over", "as", "that", "this", "be", "would", "will",
];

/// Determiners and numbers that open a new coordinated item ("a 40% raise and a return of").
fn opens_item(word: &str) -> bool {
    let w = word.to_lowercase();
    matches!(
        w.as_str(),
        "a" | "an" | "the" | "its" | "their" | "his" | "her" | "our" | "new" | "more" | "further" | "full"
    ) || w.starts_with(|c: char| c.is_ascii_digit())
        || w.starts_with(['$', '€', '£'])
}

/// The object phrases of `text[from..to]`: the phrase up to the end of its clause, split into
/// its coordinated items ("a wage rise, a shorter week and a pension" is three), each stripped
/// of determiners and cut to [`MAX_WORDS`] words. Empty when the span names nothing (a
/// pronoun, a bare verb).
///
/// ```
/// use pactgraph::discover::object_phrases;
/// let s = "The union demanded a 20% raise, a four-day week and the return of pensions.";
/// let from = s.find("demanded").unwrap() + "demanded".len();
/// let labels: Vec<String> = object_phrases(s, from, s.len()).into_iter().map(|p| p.label).collect();
/// assert_eq!(labels, ["20% raise", "four-day week", "return of pensions"]);
/// ```
pub fn object_phrases(text: &str, from: usize, to: usize) -> Vec<Phrase> {
    let span = window(text, from, to);
    // window() moves both ends to character boundaries; find where the span starts
    let mut from = span.as_ptr() as usize - text.as_ptr() as usize;
    // the clause opener and determiners first ("that the ...", "to the ..."), so that the cut
    // below looks for the end of the phrase, not its start
    let mut span = span;
    loop {
        let trimmed = span.trim_start();
        let word = trimmed.split_whitespace().next().unwrap_or("");
        let skip = if trimmed.len() < span.len() {
            span.len() - trimmed.len()
        } else if !word.is_empty() && LEADING.contains(&word.to_lowercase().as_str()) {
            word.len()
        } else {
            break;
        };
        span = &span[skip..];
        from += skip;
    }
    // "no more than 40 boats": a comparative's "than" opens no clause
    // "that it would continue its strike": a pronoun subject and its modal, the predicate
    // is the object
    if let Some(m) = PRONOUN_MODAL.find(span) {
        span = &span[m.end()..];
        from += m.end();
    }
    let end = CUT
        .find_iter(span)
        .find(|m| {
            let comparative = m.as_str().trim() == "than"
                && span[..m.start()].split_whitespace().last().is_some_and(|w| {
                    matches!(w.to_lowercase().as_str(), "more" | "less" | "fewer" | "greater" | "higher" | "lower")
                });
            !comparative
        })
        .map_or(span.len(), |m| m.start());
    let phrase = &span[..end];
    // a comma list is split on its commas and its final "and"/"or"; a plain "and" splits only
    // when a determiner or a number opens the next item ("filling and operation" stays whole)
    let mut items: Vec<(usize, usize)> = Vec::new();
    let comma_list = phrase.contains(", ");
    let mut last = 0;
    let bytes = phrase.as_bytes();
    let mut i = 0;
    while i < phrase.len() {
        let rest = &phrase[i..];
        let sep = if comma_list && rest.starts_with(", and ") {
            Some(6)
        } else if comma_list && rest.starts_with(", or ") {
            Some(5)
        } else if comma_list && rest.starts_with(", ") {
            Some(2)
        } else if rest.starts_with(" and ") || rest.starts_with(" or ") {
            let n = if rest.starts_with(" and ") { 5 } else { 4 };
            let next = rest[n..].split_whitespace().next().unwrap_or("");
            (comma_list || opens_item(next)).then_some(n)
        } else {
            None
        };
        match sep {
            Some(n) => {
                items.push((last, i));
                last = i + n;
                i += n;
            }
            None => {
                i += 1;
                while i < bytes.len() && !phrase.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
    }
    items.push((last, phrase.len()));
    items.into_iter().filter_map(|(a, b)| clean(text, from + a, from + b)).collect()
}

/// A label from `text[a..b]`: leading determiners and hedges and trailing function words
/// stripped, quotation marks dropped, at most [`MAX_WORDS`] words; `None` when nothing is left
/// that can name a proposal.
fn clean(text: &str, a: usize, b: usize) -> Option<Phrase> {
    let mut negated = false;
    let quote = |c: char| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\'' | ',' | '.' | ' ' | '\n' | '\t');
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text[a..b].char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                words.push((a + s, a + i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((a + s, b));
    }
    let bare = |w: &(usize, usize)| text[w.0..w.1].trim_matches(quote).to_lowercase();
    loop {
        while words.first().is_some_and(|w| LEADING.contains(&bare(w).as_str()) || bare(w).is_empty()) {
            words.remove(0);
        }
        // "commits to disarm", "agreed not to attack": the commitment verb is the cue's, the
        // proposal is what follows
        let control = words.first().is_some_and(|w| CONTROL.contains(&bare(w).as_str()));
        let to_at = match words.get(1).map(&bare).as_deref() {
            Some("to") => Some(2),
            Some("not") if words.get(2).map(&bare).as_deref() == Some("to") => Some(3),
            _ => None,
        };
        match (control, to_at) {
            (true, Some(n)) if words.len() > n => {
                words.drain(..n);
                // the negation stays with the proposal: "pledged not to attack ports" is "no
                // attack ports"
                negated |= n == 3;
            }
            _ => break,
        }
    }
    // "an assembly would be elected", "the opposition said ...": a clause, not a name; its
    // subject names the proposal when it has two words or more
    if let Some(verb) = words.iter().skip(1).position(|w| FINITE.contains(&bare(w).as_str())) {
        if verb + 1 < 2 {
            return None;
        }
        words.truncate(verb + 1);
    }
    words.truncate(MAX_WORDS);
    while words.last().is_some_and(|w| TRAILING.contains(&bare(w).as_str()) || bare(w).is_empty()) {
        words.pop();
    }
    let (first, last) = (words.first()?, words.last()?);
    if words.len() == 1 && NOT_A_PROPOSAL.contains(&bare(first).as_str()) {
        return None;
    }
    if NOT_A_PROPOSAL.contains(&bare(first).as_str()) && words.len() <= 2 {
        return None;
    }
    if NOT_FIRST.contains(&bare(first).as_str()) || text[first.0..first.1].starts_with(['\'', '’']) {
        return None;
    }
    // a proposal names something: at least one word of four letters or more
    if !words.iter().any(|w| bare(w).chars().filter(|c| c.is_alphabetic()).count() >= 4) {
        return None;
    }
    let label: Vec<String> = words
        .iter()
        .map(|w| text[w.0..w.1].trim_matches(|c| matches!(c, '"' | '“' | '”' | '‘' | ',' | '.')).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    let mut label = label.join(" ").trim_end_matches(['’', '\'']).to_string();
    if negated {
        label = format!("no {label}");
    }
    let start = first.0 + (text[first.0..first.1].len() - text[first.0..first.1].trim_start_matches(quote).len());
    let end = last.0 + text[last.0..last.1].trim_end_matches(quote).len();
    (start < end).then_some(Phrase { start, end, label })
}

/// An agreement the article makes particular: a determiner, one to three modifiers and an
/// agreement noun ("a tentative contract agreement", "the seven-day truce").
static QUALIFIED: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)\b(?:a|an|the|its|their)\s+((?:[\w’'.%-]+\s+){1,3}?)(deal|agreement|accord|pact|settlement|contract|treaty|memorandum|framework|declaration|truce|ceasefire|cease-fire)\b",
    )
});

/// An agreement noun after capitalised modifiers, with no determiner needed ("seal Lakeside
/// deal", "the Harbour Street Accord", "the \"Stage Two\" trade agreement"). Case-sensitive:
/// the capitals are what make it a name.
static NAMED: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r#"\b((?:(?:[A-Z][\w.&-]*|["“][A-Z][^"”]{0,30}["”])\s+){1,3}(?:(?:trade|peace|ceasefire|nuclear|security|climate)\s+)?)([Dd]eal|[Aa]greement|[Aa]ccords?|[Pp]act|[Tt]reaty|[Ff]ramework|[Mm]emorandum|[Dd]eclaration|[Tt]ruce|[Cc]easefire|[Cc]ease-fire|[Ss]ettlement)\b"#,
    )
});

/// Capitalised words that open a sentence or a headline rather than a name.
const NOT_A_NAME: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Its",
    "Their",
    "His",
    "Her",
    "Our",
    "Under",
    "In",
    "On",
    "After",
    "Before",
    "But",
    "And",
    "If",
    "When",
    "While",
    "As",
    "By",
    "For",
    "With",
    "Any",
    "No",
    "Such",
    "New",
    "Final",
    "Peace",
    "Trade",
    "Tentative",
    "Interim",
    "Draft",
    "Proposed",
    "Possible",
    "What",
    "How",
    "Why",
    "LIVE:",
    "Strike",
    "Sign",
    "Signs",
    "Seal",
    "Seals",
    "Reach",
    "Reaches",
    "Agree",
    "Agrees",
    "Strikes",
    "Back",
    "Backs",
    "Reject",
    "Rejects",
    "Brokers",
    "Broker",
    "Hail",
    "Hails",
    "Ceasefire",
    "Truce",
    "Deal",
    "Agreement",
    "Accord",
    "Breaking",
    "Analysis",
    "Explainer",
];

/// Modifiers that do not make an agreement particular ("the same deal", "any truce").
const VAGUE: &[&str] = &[
    "same",
    "first",
    "this",
    "that",
    "any",
    "whole",
    "such",
    "other",
    "another",
    "possible",
    "potential",
    "proposed",
    "of",
    "to",
    "for",
    "and",
    "or",
    "with",
    "on",
    "in",
    "by",
    "from",
    "at",
    "is",
    "was",
    "be",
    "no",
    "new",
    "previous",
    "current",
    "latest",
    "last",
    "next",
    "eventual",
    "future",
    "u.s",
    "us",
    // verbs and comparisons: "the parties had reached agreement", "an even worse deal"
    "had",
    "has",
    "have",
    "reached",
    "signed",
    "agreed",
    "struck",
    "were",
    "are",
    "been",
    "not",
    "said",
    "says",
    "would",
    "will",
    "could",
    "can",
    "best",
    "worst",
    "better",
    "worse",
    "good",
    "bad",
    "even",
    "one",
];

/// The group of an agreement noun: bare mentions of any noun of a group ("the deal", "the
/// accord") refer back to the last particular agreement of that group.
pub fn agreement_group(noun: &str) -> Option<&'static str> {
    match noun.to_lowercase().as_str() {
        "deal" | "agreement" | "accord" | "accords" | "pact" | "settlement" | "contract" | "treaty" | "memorandum"
        | "framework" | "declaration" => Some("agreement"),
        "truce" | "ceasefire" | "cease-fire" => Some("truce"),
        _ => None,
    }
}

/// The particular agreements named in `text[from..to]`, with their group.
pub fn qualified_agreements(text: &str, from: usize, to: usize) -> Vec<(&'static str, Phrase)> {
    agreements(&QUALIFIED, text, from, to)
}

/// The agreements `text[from..to]` names by a proper name ("the Harbour Street accord", a
/// headline's "Lakeside deal"), with their group.
pub fn named_agreements(text: &str, from: usize, to: usize) -> Vec<(&'static str, Phrase)> {
    agreements(&NAMED, text, from, to)
        .into_iter()
        .filter(|(_, p)| {
            let first = p.label.split_whitespace().next().unwrap_or_default();
            first.chars().next().is_some_and(char::is_uppercase)
                && !p.label.split_whitespace().rev().skip(1).any(|w| NOT_A_NAME.contains(&w))
        })
        .collect()
}

/// The agreements one of `patterns` finds: group 1 the modifiers, group 2 the noun.
fn agreements(pattern: &Regex, text: &str, from: usize, to: usize) -> Vec<(&'static str, Phrase)> {
    let span = window(text, from, to);
    let base = span.as_ptr() as usize - text.as_ptr() as usize;
    pattern
        .captures_iter(span)
        .filter_map(|c| {
            let (mods, noun) = (c.get(1)?, c.get(2)?);
            let vague = mods.as_str().split_whitespace().any(|w| {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%').to_lowercase();
                VAGUE.contains(&w.as_str()) || w.is_empty() || w.ends_with("ly")
            });
            if vague {
                return None;
            }
            let group = agreement_group(noun.as_str())?;
            let phrase = clean(text, base + mods.start(), base + noun.end())?;
            Some((group, phrase))
        })
        .collect()
}

/// The agreement an article is about: the first it names by a proper name, in `title` (a span
/// of `text`) or the body spans, else the first it qualifies, per group.
///
/// A headline in title case ("Rivals Sign Harbour Deal") names nothing by its capitals, so only
/// its qualified agreements count. The boolean is true for an agreement named by a proper name.
pub fn main_agreements(
    text: &str,
    title: Option<(usize, usize)>,
    body: impl Iterator<Item = (usize, usize)> + Clone,
) -> std::collections::HashMap<&'static str, (Phrase, bool)> {
    let title_case = title.is_some_and(|(a, b)| {
        let words: Vec<&str> = window(text, a, b).split_whitespace().filter(|w| w.len() > 3).collect();
        words.len() >= 2 && words.iter().all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
    });
    let named_title = title.filter(|_| !title_case);
    let mut out = std::collections::HashMap::new();
    for (finder, named) in [(named_agreements as fn(&str, usize, usize) -> _, true), (qualified_agreements, false)] {
        let title = if named { named_title } else { title };
        for (from, to) in title.into_iter().chain(body.clone()) {
            for (group, phrase) in finder(text, from, to) {
                out.entry(group).or_insert((phrase, named));
            }
        }
    }
    out
}

/// A light suffix strip, so that "releases", "released" and "release" share a key.
fn stem(w: &str) -> String {
    let mut out = w;
    if let Some(base) = w.strip_suffix("ies").filter(|b| b.len() >= 3) {
        return format!("{base}y");
    }
    for suf in ["ations", "ation", "ments", "ment", "ings", "ing", "ed", "al"] {
        if let Some(base) = w.strip_suffix(suf).filter(|b| b.len() >= 3) {
            out = base;
            break;
        }
    }
    if out == w {
        if let Some(base) = w.strip_suffix("es").filter(|b| b.len() >= 3 && b.ends_with(['s', 'x', 'z', 'h'])) {
            out = base;
        } else if let Some(base) = w.strip_suffix('s').filter(|b| b.len() >= 3 && !b.ends_with('s')) {
            out = base;
        }
    }
    out.strip_suffix('e').filter(|b| b.len() >= 3).unwrap_or(out).to_string()
}

/// The normalised key of a label: its content words, folded, stemmed, sorted and deduplicated,
/// so word order, determiners and inflection do not make two proposals.
///
/// ```
/// use pactgraph::discover::key;
/// assert_eq!(key("a fund for reconstruction"), key("the reconstruction funds"));
/// assert_ne!(key("tariff cuts"), key("tariff increases"));
/// ```
pub fn key(label: &str) -> String {
    let slug = crate::text::slug(label);
    let mut words: Vec<String> = slug.split('-').filter(|w| !w.is_empty() && !KEY_STOP.contains(w)).map(stem).collect();
    words.sort_unstable();
    words.dedup();
    words.join("-")
}

/// The IRI of a discovered proposal.
pub fn iri(label: &str) -> String {
    format!("{DISCOVERED_NS}{}", key(label))
}

/// The IRI of a proposal only one document names, by a word that would mean another thing in
/// another article ("the deal" of an article that gives it no name).
pub fn document_iri(label: &str, document: &str) -> String {
    format!("{DISCOVERED_NS}{}--{}", key(label), crate::text::slug(document))
}

/// True for the IRI of a discovered proposal.
pub fn is_discovered(iri: &str) -> bool {
    iri.starts_with(DISCOVERED_NS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(sentence: &str, after: &str) -> Vec<String> {
        let from = sentence.find(after).map(|i| i + after.len()).unwrap_or(0);
        object_phrases(sentence, from, sentence.len()).into_iter().map(|p| p.label).collect()
    }

    #[test]
    fn object_phrases_table() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("The miners demanded a 12% pay rise.", "demanded", &["12% pay rise"]),
            (
                "The bloc offered lower duties on cheese, a quota for beef and the removal of export curbs.",
                "offered",
                &["lower duties on cheese", "quota for beef", "removal of export curbs"],
            ),
            // a plain "and" inside a noun phrase is no list
            (
                "Both capitals want a treaty on the storage and release of water.",
                "want",
                &["treaty on the storage and release of water"],
            ),
            // a determiner after "and" opens a second item
            (
                "Lisbon proposed a joint patrol and a hotline between the navies.",
                "proposed",
                &["joint patrol", "hotline between the navies"],
            ),
            // the object ends where a new clause starts
            (
                "The rebels rejected the disarmament timetable, saying it was rushed.",
                "rejected",
                &["disarmament timetable"],
            ),
            ("Ottawa wants a sunset clause because the pact is untested.", "wants", &["sunset clause"]),
            // a comparative's "than" is part of the phrase; a clause's is not
            ("Each town may keep no more than ten ferries.", "may", &["keep no more than ten ferries"]),
            ("Oslo wants a longer truce than Lisbon does.", "wants", &["longer truce"]),
            // a clause names its subject, when that has two words or more
            ("Under the text, a joint river council would be set up by May.", "text,", &["joint river council"]),
            ("Under the text, fishermen would be paid.", "text,", &[]),
            // a measure or a time ends it
            ("Both towns pledged to cut fees by about a third.", "pledged to", &["cut fees"]),
            // a trailing attribution is no list item
            ("Oslo proposed a ferry subsidy, a senior official said.", "proposed", &["ferry subsidy"]),
            ("The council called for a dialogue format (a new idea) at once.", "called for", &["dialogue format"]),
            // an infinitive object keeps its verb
            ("The firm agreed to restore the pension plan.", "agreed", &["restore the pension plan"]),
            // pronouns and bare demonstratives name nothing new
            ("The cabinet accepted it.", "accepted", &[]),
            ("The cabinet accepted this.", "accepted", &[]),
            // a long clause is cut to its first words
            (
                "The envoy proposed that the two navies hold monthly meetings at a neutral port in the gulf region this year.",
                "proposed",
                &["two navies hold monthly meetings at a neutral port"],
            ),
        ];
        for (sentence, after, want) in cases {
            assert_eq!(labels(sentence, after), *want, "{sentence}");
        }
    }

    #[test]
    fn phrases_point_at_their_words() {
        let s = "They offered “a phased release” of detainees.";
        let p = object_phrases(s, s.find("offered").map_or(0, |i| i + 7), s.len());
        assert_eq!(p.len(), 1);
        assert_eq!(&s[p[0].start..p[0].end], "a phased release” of detainees".trim_start_matches("a "));
        assert_eq!(p[0].label, "phased release of detainees");
    }

    #[test]
    fn particular_agreements() {
        let s = "The guild and the studios reached a tentative three-year contract, and the same deal \
                 ends the strike; an earlier 30-day truce had failed.";
        let got: Vec<(&str, String)> =
            qualified_agreements(s, 0, s.len()).into_iter().map(|(g, p)| (g, p.label)).collect();
        assert_eq!(
            got,
            [("agreement", "tentative three-year contract".to_string()), ("truce", "earlier 30-day truce".to_string())]
        );
    }

    #[test]
    fn the_agreement_an_article_is_about() {
        let labels = |found: Vec<(&'static str, Phrase)>| found.into_iter().map(|(_, p)| p.label).collect::<Vec<_>>();
        // a verb between determiner and noun makes no agreement particular
        let t = "He said the parties had reached agreement before dawn.";
        assert!(qualified_agreements(t, 0, t.len()).is_empty());
        let t = "It was an even worse deal than the last one.";
        assert!(qualified_agreements(t, 0, t.len()).is_empty());
        // capitals name one, with no determiner (a headline) or with one
        let t = "Rivals seal Harbour Street deal after long night";
        assert_eq!(labels(named_agreements(t, 0, t.len())), ["Harbour Street deal"]);
        let t = "Under the Lakeside Accord, the port reopens.";
        assert_eq!(labels(named_agreements(t, 0, t.len())), ["Lakeside Accord"]);
        // a capital that opens a sentence is no name
        let t = "The deal was signed. Under the deal, ships sail.";
        assert!(named_agreements(t, 0, t.len()).is_empty());
        // the article's agreement, for a headline, a blank line and a body
        let main = |text: &str| {
            let title = (0, text.find('\n').unwrap_or(text.len()));
            let body = [(title.1 + 2, text.len())];
            let found = main_agreements(text, Some(title), body.iter().copied());
            found.get("agreement").map(|(p, named)| (p.label.clone(), *named))
        };
        // a name in the headline beats a description in the body
        assert_eq!(
            main("Rivals seal Harbour Street deal\n\nThe two towns agreed a tentative settlement on Friday."),
            Some(("Harbour Street deal".to_string(), true))
        );
        // a headline in title case names nothing by its capitals
        assert_eq!(
            main("Rival Towns Seal Harbour Deal\n\nThe two towns agreed a tentative settlement on Friday."),
            Some(("tentative settlement".to_string(), false))
        );
    }

    #[test]
    fn keys_ignore_order_determiners_and_inflection() {
        assert_eq!(key("a regional development fund"), key("the development funds for the region"));
        assert_eq!(key("release of hostages"), key("hostage releases"));
        assert_ne!(key("release of hostages"), key("release of prisoners"));
        assert!(iri("a sunset clause").starts_with(DISCOVERED_NS));
        assert!(is_discovered(&iri("sunset clause")));
    }
}

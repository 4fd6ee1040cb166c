//! Gazetteer matching: every label of every actor and place in one Aho-Corasick automaton.
//!
//! Match semantics (decided here, documented once):
//! * the automaton folds ASCII case and reports overlapping matches; callers pick
//!   leftmost-longest among the matches that pass the checks below, so "European Union" beats
//!   "European" and a failed long match does not hide a valid short one;
//! * a match must sit on word boundaries on both sides;
//! * case policy: every uppercase letter of the label must be uppercase in the text ("US" never
//!   matches "us", "Nice" never matches "nice"), except a leading "the"; labels of three
//!   characters or fewer must match exactly;
//! * curly apostrophes and non-ASCII hyphens in the text match their ASCII forms in labels
//!   (each such label is added in both spellings).

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::error::{Error, Result};
use crate::knowledge::LabelKind;
use crate::text::at_word_boundaries;

/// What a label points to: an item (gazetteer entry or proposal) and the kind of label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// Index of the item.
    pub item: usize,
    /// How the label may be used.
    pub kind: LabelKind,
}

/// A label automaton over items.
///
/// The automaton holds labels folded to ASCII lower case and runs over the text folded the
/// same way (which keeps byte offsets): half the transitions of an ASCII-case-insensitive
/// automaton, so it builds in about half the time (it is most of the start-up cost).
#[derive(Debug)]
pub struct LabelMatcher {
    automaton: AhoCorasick,
    /// Label ids of each pattern (the labels that fold to it).
    patterns: Vec<Vec<usize>>,
    /// Each label as written in the knowledge base (with variant spellings).
    labels: Vec<String>,
    /// Items of each label.
    targets: Vec<Vec<Target>>,
    case_sensitive: bool,
}

/// A raw match of a label in a text.
#[derive(Debug, Clone)]
pub struct LabelMatch<'m> {
    /// Byte span.
    pub start: usize,
    /// Byte span end.
    pub end: usize,
    /// Items the label names.
    pub targets: &'m [Target],
}

impl LabelMatcher {
    /// Builds the automaton from (item, label, kind) triples. With `case_sensitive`, the case
    /// policy of the module applies; without it, any case matches (proposal phrases).
    pub fn new<'a>(
        labels: impl IntoIterator<Item = (usize, &'a str, LabelKind)>,
        case_sensitive: bool,
    ) -> Result<Self> {
        let mut label_ids: HashMap<String, usize> = HashMap::new();
        let mut pattern_ids: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        let mut folded: Vec<String> = Vec::new();
        let mut all_labels: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        for (item, label, kind) in labels {
            let label = label.trim();
            if label.is_empty() {
                continue;
            }
            for variant in spelling_variants(label) {
                let l = match label_ids.get(&variant) {
                    Some(&l) => l,
                    None => {
                        let l = all_labels.len();
                        let key = variant.to_ascii_lowercase();
                        let p = *pattern_ids.entry(key.clone()).or_insert_with(|| {
                            folded.push(key);
                            patterns.push(Vec::new());
                            patterns.len() - 1
                        });
                        patterns[p].push(l);
                        label_ids.insert(variant.clone(), l);
                        all_labels.push(variant);
                        targets.push(Vec::new());
                        l
                    }
                };
                let t = Target { item, kind };
                if !targets[l].contains(&t) {
                    targets[l].push(t);
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&folded)
            .map_err(|e| Error::Knowledge { file: "gazetteer".into(), message: e.to_string() })?;
        Ok(Self { automaton, patterns, labels: all_labels, targets, case_sensitive })
    }

    /// Every valid match in `text`, overlapping ones included, sorted by start then longest.
    pub fn find_all<'m>(&'m self, text: &str) -> Vec<LabelMatch<'m>> {
        let folded = text.to_ascii_lowercase();
        let mut out = Vec::new();
        for m in self.automaton.find_overlapping_iter(&folded) {
            let (start, end) = (m.start(), m.end());
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            for &l in &self.patterns[m.pattern().as_usize()] {
                let label = &self.labels[l];
                if !at_word_boundaries(text, start, end) && !ends_with_period_ok(text, label, start, end) {
                    continue;
                }
                if self.case_sensitive && !case_ok(label, &text[start..end]) {
                    continue;
                }
                out.push(LabelMatch { start, end, targets: &self.targets[l] });
            }
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        out
    }
}

/// A label ending in a period ("U.S.", "Ore.") ends a word by itself: only the left boundary
/// is checked ("U.S.-led", "U.S.Congress" typos).
fn ends_with_period_ok(text: &str, label: &str, start: usize, _end: usize) -> bool {
    label.ends_with('.') && !text[..start].chars().next_back().is_some_and(crate::text::is_word_char)
}

/// The label and its spellings with curly apostrophes and non-breaking hyphens.
fn spelling_variants(label: &str) -> Vec<String> {
    let mut out = vec![label.to_string()];
    if label.contains('\'') {
        out.push(label.replace('\'', "’"));
    }
    if label.contains('-') {
        out.push(label.replace('-', "\u{2011}"));
    }
    out
}

/// The case policy described in the module documentation.
fn case_ok(label: &str, surface: &str) -> bool {
    if surface == label {
        return true;
    }
    if label.chars().count() <= 3 {
        return false;
    }
    let (label, surface) = match (strip_the(label), strip_the(surface)) {
        (Some(l), Some(s)) => (l, s),
        _ => (label, surface),
    };
    label.chars().zip(surface.chars()).all(|(l, s)| !l.is_uppercase() || s.is_uppercase())
}

fn strip_the(s: &str) -> Option<&str> {
    s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")).or_else(|| s.strip_prefix("THE "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(labels: &[&str]) -> LabelMatcher {
        LabelMatcher::new(labels.iter().enumerate().map(|(i, l)| (i, *l, LabelKind::Preferred)), true).unwrap()
    }

    fn found(m: &LabelMatcher, text: &str) -> Vec<String> {
        m.find_all(text).iter().map(|x| text[x.start..x.end].to_string()).collect()
    }

    #[test]
    fn case_policy() {
        let m = matcher(&["US", "Nice", "the Kremlin", "Astoria"]);
        assert_eq!(found(&m, "us and US"), vec!["US"]);
        assert_eq!(found(&m, "a nice day in Nice"), vec!["Nice"]);
        assert_eq!(found(&m, "The Kremlin said"), vec!["The Kremlin"]);
        assert_eq!(found(&m, "ASTORIA, Ore."), vec!["ASTORIA"]);
    }

    #[test]
    fn word_boundaries_and_overlaps() {
        let m = matcher(&["European Union", "European", "Berlin", "U.S."]);
        assert_eq!(found(&m, "the European Union and Berliners"), vec!["European Union", "European"]);
        assert_eq!(found(&m, "a U.S.-led mechanism"), vec!["U.S."]);
    }

    #[test]
    fn curly_apostrophes_match() {
        let m = matcher(&["King's College London"]);
        assert_eq!(found(&m, "at King’s College London."), vec!["King’s College London"]);
    }
}

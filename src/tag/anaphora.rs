//! Proposal anaphora: a determiner and a head noun ("these guarantees", "a withdrawal", "such
//! an arrangement") name the proposal most recently mentioned in the document whose names
//! end in that noun, or a narrower concept of it ("these guarantees" after "guarantees
//! similar to NATO's Article 5" are the Article 5-like ones).
//!
//! Which nouns may point back is data: the `anaphoric-heads` lexicon. Only explicit mentions
//! (a full label or pattern, not a bare general word) and earlier resolved anaphors can be
//! antecedents, and only within [`REACH`] bytes.

use std::collections::{HashMap, HashSet};

use regex::Regex;

use crate::error::Result;
use crate::knowledge::{Knowledge, LabelKind};

use super::compile_cue;

/// How far back (bytes) an antecedent may lie: a few paragraphs.
const REACH: usize = 4000;

/// Words that end the noun phrase part of a label ("withdrawal from Donbas" has head
/// "withdrawal").
const LABEL_PREPOSITIONS: &[&str] =
    &["from", "of", "to", "for", "in", "on", "with", "over", "by", "between", "against", "at"];

/// The compiled anaphora resolver.
#[derive(Debug)]
pub(crate) struct Anaphora {
    /// Determiner, optional modifier, head noun (group `h`).
    regex: Option<Regex>,
    /// Head noun (lowercase) -> the proposal concepts (indices) it may name.
    concepts: HashMap<String, HashSet<usize>>,
    /// Concept -> its narrower concepts, transitively.
    narrower: HashMap<usize, HashSet<usize>>,
}

/// The head noun of a label: the last word before its first preposition, lowercased.
fn head(label: &str) -> Option<String> {
    let words: Vec<&str> = label.split_whitespace().collect();
    let end = words.iter().position(|w| LABEL_PREPOSITIONS.contains(&w.to_lowercase().as_str())).unwrap_or(words.len());
    let h = words.get(..end)?.last()?.to_lowercase();
    h.chars().all(char::is_alphabetic).then_some(h)
}

impl Anaphora {
    pub(crate) fn new(k: &Knowledge) -> Result<Self> {
        let allowed: HashSet<String> = k.lexicon("anaphoric-heads").iter().map(|w| w.to_lowercase()).collect();
        let index: HashMap<&str, usize> = k.proposals.iter().enumerate().map(|(i, p)| (p.iri.as_str(), i)).collect();
        let mut concepts: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, p) in k.proposals.iter().enumerate() {
            for (label, kind) in &p.labels {
                if *kind == LabelKind::Hidden {
                    continue;
                }
                if let Some(h) = head(label).filter(|h| allowed.contains(h)) {
                    concepts.entry(h).or_default().insert(i);
                }
            }
        }
        // a narrower concept is named by its broader concept's head too
        let mut changed = true;
        while changed {
            changed = false;
            for (i, p) in k.proposals.iter().enumerate() {
                for b in p.broader.iter().filter_map(|b| index.get(b.as_str())) {
                    for set in concepts.values_mut() {
                        if set.contains(b) && set.insert(i) {
                            changed = true;
                        }
                    }
                }
            }
        }
        let mut narrower: HashMap<usize, HashSet<usize>> = HashMap::new();
        for (i, p) in k.proposals.iter().enumerate() {
            // walk up from each concept, recording it under every ancestor
            let mut stack: Vec<usize> = p.broader.iter().filter_map(|b| index.get(b.as_str()).copied()).collect();
            let mut seen = HashSet::new();
            while let Some(b) = stack.pop() {
                if seen.insert(b) {
                    narrower.entry(b).or_default().insert(i);
                    stack.extend(k.proposals[b].broader.iter().filter_map(|x| index.get(x.as_str()).copied()));
                }
            }
        }
        let mut heads: Vec<&String> = concepts.keys().collect();
        heads.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let regex = if heads.is_empty() {
            None
        } else {
            let alternation: Vec<String> = heads.iter().map(|h| regex::escape(h)).collect();
            Some(compile_cue(
                "proposal-anaphora",
                &format!(
                    r"(?i)\b(?:these|those|this|that|such(?:\s+an?)?|the|an?|any)\s+(?:[a-z][a-z-]*\s+)?(?P<h>{})\b",
                    alternation.join("|")
                ),
            )?)
        };
        Ok(Self { regex, concepts, narrower })
    }

    /// Resolves anaphors against `chosen` (start, end, concept, general) proposal mentions in
    /// text order: a general mention on an anaphor's head takes the antecedent's concept, and
    /// an anaphor no mention covers is added.
    pub(crate) fn resolve(&self, text: &str, chosen: &mut Vec<(usize, usize, usize, bool)>) {
        let Some(regex) = &self.regex else { return };
        for c in regex.captures_iter(text) {
            let Some(h) = c.name("h") else { continue };
            let (hs, he) = (h.start(), h.end());
            let Some(candidates) = self.concepts.get(&h.as_str().to_lowercase()) else { continue };
            // an explicit mention already names it, unless it is the bare head word of a
            // broader concept ("a truce" after "a ceasefire over Christmas")
            let explicit = chosen.iter().find(|&&(s, e, _, general)| !general && s < he && hs < e).copied();
            let specialises = |item: usize| match explicit {
                None => true,
                Some((s, e, broader, _)) => {
                    s == hs && e == he && self.narrower.get(&broader).is_some_and(|n| n.contains(&item))
                }
            };
            if explicit.is_some_and(|(s, e, _, _)| s != hs || e != he) {
                continue;
            }
            let Some(antecedent) = chosen
                .iter()
                .filter(|&&(s, e, item, general)| {
                    e <= hs && hs - e <= REACH && !general && candidates.contains(&item) && s < hs
                })
                .max_by_key(|m| m.1)
                .map(|m| m.2)
                .filter(|&item| specialises(item))
            else {
                continue;
            };
            if let Some(m) = chosen.iter_mut().find(|m| m.0 < he && hs < m.1) {
                m.2 = antecedent;
                // resolved: it can be an antecedent in turn
                m.3 = false;
            } else {
                chosen.push((hs, he, antecedent, false));
                chosen.sort();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::head;

    #[test]
    fn label_heads() {
        assert_eq!(head("territorial withdrawal from Donbas").as_deref(), Some("withdrawal"));
        assert_eq!(head("free economic zone").as_deref(), Some("zone"));
        assert_eq!(head("Article 5-like guarantees").as_deref(), Some("guarantees"));
        assert_eq!(head("G8"), None);
    }
}

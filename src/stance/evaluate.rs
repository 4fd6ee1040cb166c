//! Evaluations: an actor's judgement of a proposal, read as support or opposition ("Lisbon
//! said the accord was a historic step", "the minister called the deal a betrayal").
//!
//! A sentence holds an evaluation when a speech or naming verb ("said", "called", "described")
//! follows its subject, an agreement or proposal follows the verb within a few words, and the
//! rest of that clause holds an evaluative word of the `positive-evaluations` or
//! `negative-evaluations` lexicon (a negation between them reverses it). This stage finds the
//! parts; the stance extractor resolves the proposal and writes the stance. It reads only
//! sentences where no stance cue fired.

use std::collections::HashSet;

use regex::Regex;

use crate::error::Result;
use crate::knowledge::Knowledge;
use crate::tag::{compile_cue, window};

/// What an evaluation sentence says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Evaluation {
    /// Where the speech verb starts: the holder is the subject before it.
    pub verb: usize,
    /// The span of the judged proposal's words ("the accord").
    pub object: (usize, usize),
    /// True for a favourable judgement.
    pub favourable: bool,
}

/// The compiled evaluation finder.
#[derive(Debug)]
pub(crate) struct Evaluations {
    /// A speech or naming verb.
    verb: Regex,
    /// An agreement noun after a determiner ("the deal", "this framework").
    agreement: Regex,
    positive: HashSet<String>,
    negative: HashSet<String>,
}

/// Words that reverse a judgement ("not a good deal").
const NEGATIONS: &[&str] = &["not", "no", "never", "n't", "nothing", "hardly"];

impl Evaluations {
    /// Compiles the lexicons of `k`.
    pub fn new(k: &Knowledge) -> Result<Self> {
        let set = |name: &str| k.lexicon(name).iter().map(|w| w.to_lowercase()).collect::<HashSet<String>>();
        Ok(Self {
            verb: compile_cue(
                "evaluation-verb",
                r"(?:said|says|say|told\s+(?:reporters|journalists|parliament|lawmakers)|called|calls|described|describes|branded|brands|hailed|hails|dubbed|termed)",
            )?,
            agreement: compile_cue(
                "evaluation-object",
                r"(?:the|this|that|their|its)\s+(?:[\w-]+\s+)?(?:deal|agreement|accord|pact|treaty|framework|text|settlement|plan|proposal|compromise|package|arrangement|outcome)",
            )?,
            positive: set("positive-evaluations"),
            negative: set("negative-evaluations"),
        })
    }

    /// The evaluation in `text[start..end]`, if any. `proposals` are the spans of the proposal
    /// mentions of the sentence.
    pub fn find(&self, text: &str, (start, end): (usize, usize), proposals: &[(usize, usize)]) -> Option<Evaluation> {
        let sentence = window(text, start, end);
        for verb in self.verb.find_iter(sentence) {
            let after = start + verb.end();
            // the judged proposal: within five words of the verb (after "that")
            let near = |at: usize| window(text, after, at).split_whitespace().count() <= 5;
            let scheme = proposals.iter().copied().find(|&(ps, _)| ps >= after && near(ps));
            let noun = self
                .agreement
                .find(window(text, after, end))
                .map(|m| (after + m.start(), after + m.end()))
                .filter(|&(ps, _)| near(ps));
            let object = match (scheme, noun) {
                (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
                (a, b) => a.or(b),
            }?;
            // the judgement: the rest of the clause
            let rest = window(text, object.1, end);
            let clause = rest.split([';', ':']).next().unwrap_or(rest);
            let clause = clause.split(", but").next().unwrap_or(clause);
            let mut negated = false;
            for word in clause.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-') {
                let w = word.to_lowercase();
                if NEGATIONS.contains(&w.as_str()) || w.ends_with("n't") || w.ends_with("n’t") {
                    negated = true;
                } else if self.positive.contains(&w) {
                    return Some(Evaluation { verb: start + verb.start(), object, favourable: !negated });
                } else if self.negative.contains(&w) {
                    return Some(Evaluation { verb: start + verb.start(), object, favourable: negated });
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judgements_of_a_proposal() {
        let k = Knowledge::embedded().unwrap_or_else(|e| panic!("embedded knowledge: {e}"));
        let ev = Evaluations::new(&k).unwrap_or_else(|e| panic!("{e}"));
        let find = |t: &str| ev.find(t, (0, t.len()), &[]);
        let e = find("The mayor said the accord was a historic step for both towns.");
        assert_eq!(e.map(|e| e.favourable), Some(true), "{e:?}");
        let t = "The mayor called the deal a betrayal of the fishermen.";
        let e = find(t);
        assert_eq!(e.map(|e| (&t[e.object.0..e.object.1], e.favourable)), Some(("the deal", false)), "{e:?}");
        // a negation reverses the judgement
        assert_eq!(find("The mayor said the plan was not fair to the islands.").map(|e| e.favourable), Some(false));
        // no judgement, no evaluation
        assert_eq!(find("The mayor said the accord would be signed in June."), None);
        // the judged proposal must follow the verb closely
        assert_eq!(find("The mayor said that after many long months of talks in the capital the deal was good."), None);
    }
}

//! Conditional commitments: a predicate made to depend on a condition clause ("Lima would
//! reopen the border only if Quito withdraws its troops", "the bank will not release the funds
//! unless the reforms pass", "Quito is prepared to lift the tariffs once talks resume").
//!
//! This stage finds the parts of such a sentence: the modal that opens the predicate, the
//! predicate, and the condition clause after its subordinator (`only if`, `unless`, `once`,
//! `provided`, `as long as`, a negated predicate's `until`). The stance extractor resolves the
//! holder and the proposal and writes a `condition` stance. It reads only sentences where no
//! stance cue fired, so that a warning ("warned that Lima would act if ...") or an acceptance
//! keeps its own reading.

use std::sync::LazyLock;

use regex::Regex;

use crate::tag::window;

/// What a conditional sentence says: byte offsets into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Conditional {
    /// Where the modal starts: the predicate's subject ends before it.
    pub modal: usize,
    /// The conditioned predicate, after the modal and its negation, before the subordinator.
    pub predicate: (usize, usize),
    /// The condition clause after the subordinator.
    pub clause: (usize, usize),
}

/// A modal (with its negation), a predicate and a subordinator that makes it conditional.
/// "until" and "before" make a condition only of a negated predicate ("will not sign until"):
/// after a plain one they say when ("will stay until May").
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r#"(?i)\b(?P<modal>(?:would|will)\s+be\s+(?:prepared|ready|willing)\s+to|(?:is|are|was|were|remains?|remained)\s+(?:prepared|ready|willing)\s+to|(?:stands?|stood)\s+ready\s+to|(?P<contracted>won['’]t|wouldn['’]t|cannot|can['’]t|couldn['’]t)|would|will|could|can|shall)\s+(?P<neg>(?:not|never)\s+)?(?P<pred>[^.;:!?"“”()]{2,140}?),?\s+(?:but\s+)?(?:(?P<only>only\s+(?:if|after|once|when|as|in\s+step\s+with))|(?P<plain>unless|if|once|provided(?:\s+that)?|as\s+long\s+as|so\s+long\s+as|on\s+(?:the\s+)?condition\s+that)|(?P<until>until|before))\s+(?P<cond>[^.;!?]{3,})"#,
    )
});

/// Condition clauses that set no condition ("as long as it takes", "if necessary").
const IDIOMS: &[&str] =
    &["it takes", "it took", "it would take", "necessary", "needed", "possible", "asked", "required", "any", "at all"];

/// The conditional predicate of `text[start..end]`, if the sentence has one.
pub(crate) fn find(text: &str, (start, end): (usize, usize)) -> Option<Conditional> {
    let sentence = window(text, start, end);
    if sentence.trim_end().ends_with('?') {
        return None;
    }
    let base = sentence.as_ptr() as usize - text.as_ptr() as usize;
    CONDITIONAL.captures_iter(sentence).find_map(|c| {
        let negated = c.name("neg").is_some() || c.name("contracted").is_some();
        if c.name("until").is_some() && !negated {
            return None;
        }
        let (modal, pred, cond) = (c.name("modal")?, c.name("pred")?, c.name("cond")?);
        // "as long as it takes", "if necessary": an idiom, no condition
        let opening = cond.as_str().to_lowercase();
        if IDIOMS.iter().any(|i| opening.starts_with(i)) {
            return None;
        }
        Some(Conditional {
            modal: base + modal.start(),
            predicate: (base + pred.start(), base + pred.end()),
            clause: (base + cond.start(), base + cond.end()),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> Option<(String, String)> {
        let c = find(s, (0, s.len()))?;
        Some((s[c.predicate.0..c.predicate.1].to_string(), s[c.clause.0..c.clause.1].to_string()))
    }

    #[test]
    fn conditional_predicates_and_their_clauses() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "Lima said it would reopen the border only if Quito withdrew its troops.",
                Some(("reopen the border", "Quito withdrew its troops")),
            ),
            (
                "The bank will not release the funds unless the reforms pass.",
                Some(("release the funds", "the reforms pass")),
            ),
            (
                "Quito said it was prepared to lift the tariffs once talks resume.",
                Some(("lift the tariffs", "talks resume")),
            ),
            (
                "The union won't sign until the pension plan is restored.",
                Some(("sign", "the pension plan is restored")),
            ),
            (
                "Berne would accept a monitoring mission, but only if it reported to the council.",
                Some(("accept a monitoring mission", "it reported to the council")),
            ),
            // a plain "until" says when, not on what condition
            ("The observers will stay until the end of May.", None),
            ("The rebels said they would fight for as long as it takes.", None),
            // no modal predicate: no conditional commitment
            ("If talks fail, the strike goes ahead.", None),
            // a question commits no one
            ("Would Lima reopen the border if Quito withdrew?", None),
        ];
        for (sentence, want) in cases {
            let got = parts(sentence);
            let want = want.map(|(p, c)| (p.to_string(), c.to_string()));
            assert_eq!(got, want, "{sentence}");
        }
    }
}

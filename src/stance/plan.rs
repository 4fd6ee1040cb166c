//! Plan frames: the plan, draft or deal an article is describing and who stands behind it, so
//! that its provisions ("Under the draft, the rebels would disarm", "The text also calls for a
//! joint commission", a bulleted point) are read as commitments of its author, not as stances
//! of the parties named inside them.
//!
//! A frame opens where a sentence names a plan with its author ("the Norwegian plan",
//! "Lisbon's ten-point proposal", "a draft presented by the mediators") or an agreement with
//! its parties ("Oslo and Lisbon signed a framework accord"), and lasts until another opens.
//! A provision sentence inside a frame gives, for each object phrase of the provision:
//! * `propose` from the author of a plan not yet agreed, aimed at the party the provision
//!   names;
//! * `offer` from the party that gives the item in an agreed text (the provision's subject,
//!   when it is one of the parties), aimed at the other party.
//!
//! What counts as a plan noun, a provision verb or an authoring verb is data: the
//! `plan-nouns`, `provision-verbs` and `authoring-verbs` lexicons.

use std::collections::HashMap;

use regex::Regex;

use crate::error::Result;
use crate::knowledge::{EntityType, Knowledge};
use crate::tag::{Mention, Tagging, compile_cue, window};

use super::EntityRef;

/// The plan being described.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Frame {
    /// Who drafted or tabled it; for an agreement, its parties.
    pub authors: Vec<EntityRef>,
    /// True for a text the parties agreed or signed.
    pub agreed: bool,
}

/// What a provision sentence says: where its content starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Provision {
    /// Byte offset where the provision's content starts.
    pub content: usize,
    /// What the opener says of the text: agreed ("Under the accord,"), one side's proposal
    /// ("Under the plan,") or nothing ("It also calls for").
    pub agreed: Option<bool>,
    /// True when the content opens with an object of the opener's verb ("commits Peru to
    /// ..."), so the subject is followed by "to" rather than a modal.
    pub governed: bool,
    /// True when the opener's subject is the parties themselves ("They also commit to ..."):
    /// the givers of the provision before.
    pub parties: bool,
}

/// "They commit to", "They also pledged to": a pronoun for the parties, not for the text.
static THEY_COMMIT: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    crate::text::re(
        r"(?i)^\W*they\s+(?:(?:also|further|then|additionally)\s+)*(?:commit|pledge|undertake|undertook|promise|agree)",
    )
});

/// The compiled frame finder.
#[derive(Debug)]
pub(crate) struct PlanFrames {
    /// A plan noun (group `noun`).
    nouns: Regex,
    /// "drafted by", "put forward by": the author follows.
    authored_by: Regex,
    /// "presented", "tabled": the author is the subject, the plan the object.
    authoring: Regex,
    /// "signed", "reached", "agreed": the parties are the subject.
    agreeing: Regex,
    /// Sentence openers of a provision ("Under the plan,", "The draft also calls for").
    opener: Regex,
    /// A plan noun of a text not agreed (`proposal-nouns`).
    proposal_nouns: Regex,
}

impl PlanFrames {
    /// Compiles the lexicons of `k`.
    pub fn new(k: &Knowledge) -> Result<Self> {
        let alt = |name: &str| {
            let mut words: Vec<String> = k.lexicon(name).iter().map(|w| regex::escape(&w.to_lowercase())).collect();
            words.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
            if words.is_empty() { r"[^\s\S]".to_string() } else { words.join("|") }
        };
        let (nouns, verbs, authoring) = (alt("plan-nouns"), alt("provision-verbs"), alt("authoring-verbs"));
        let proposal_nouns = compile_cue("proposal-nouns", &format!(r"(?:{})s?", alt("proposal-nouns")))?;
        Ok(Self {
            nouns: compile_cue("plan-nouns", &format!(r"(?P<noun>(?:{nouns})s?)"))?,
            authored_by: compile_cue("plan-authored-by", &format!(r"(?:{authoring})\s+(?:jointly\s+)?by"))?,
            authoring: compile_cue("plan-authoring", &format!(r"(?:{authoring})"))?,
            agreeing: compile_cue(
                "plan-agreeing",
                r"(?:reached|signed|agreed|struck|concluded|initiall?ed|sealed|clinched|finalized|finalised|approved|endorsed)(?:\s+(?:on|to|upon))?",
            )?,
            // anchored and ending in a comma, so not through compile_cue (which adds word
            // boundaries around the whole pattern)
            opener: anchored(
                "provision-openers",
                &format!(
                    r"^\W{{0,3}}(?:(?:on|as\s+for|regarding|in\s+addition|additionally|separately|crucially|finally|among\s+other\s+things)\b[^,;]{{0,40}},\s*)?(?:(?:under|in)\s+(?:the|this|that|its|their|such\s+an?|[\w.-]+(?:\s+[\w.-]+)?['’]s?)\s+(?:[\w’'.-]+\s+){{0,4}}?(?:{nouns})s?\b[^,;]{{0,80}},|under\s+(?:it|them)\s*,|in\s+(?:return|exchange)\s*,|according\s+to\s+(?:the|this|its)\s+(?:[\w’'.-]+\s+){{0,3}}?(?:{nouns}|document|summary)s?\s*,|(?:the|this|that|its|their|a)\s+(?:[\w’'.-]+\s+){{0,4}}?(?:{nouns})s?\s+(?:(?:also|further|would|will|reportedly|then|additionally)\s+)*(?:{verbs})\b|(?:it|they)\s+(?:(?:also|further|would|will|then|additionally)\s+)*(?:{verbs})\b)"
                ),
            )?,
            proposal_nouns,
        })
    }

    /// The frame a sentence opens, if it names a plan with its author or an agreement with
    /// its parties. `actors` are the actor mentions of the sentence.
    pub fn frame(
        &self,
        text: &str,
        (start, end): (usize, usize),
        actors: &[(&Mention, EntityRef)],
        tagging: &Tagging,
        demonyms: &HashMap<String, EntityRef>,
    ) -> Option<Frame> {
        let sentence = window(text, start, end);
        for noun in self.nouns.captures_iter(sentence).filter_map(|c| c.name("noun")) {
            let (ns, ne) = (start + noun.start(), start + noun.end());
            // "the Norwegian plan", "a Chilean-Peruvian draft": a state's demonym before a
            // proposal noun (not an agreement noun: "the Iranian nuclear deal" is agreed)
            if self.proposal_nouns.is_match(noun.as_str()) {
                let authors = demonym_authors(window(text, start, ns), demonyms);
                if !authors.is_empty() {
                    return Some(Frame { authors, agreed: false });
                }
            }
            // "the Norwegian-drafted text", "Lisbon's ten-point plan", "the EU proposal": an
            // actor within three words before the noun
            if let Some((_, r)) = actors.iter().rev().find(|(m, _)| {
                let between = window(text, m.end, ns);
                m.end <= ns
                    && modifies(between)
                    && (between.starts_with(['\'', '’']) || !names_a_place(window(text, m.start, m.end), tagging, m))
            }) {
                return Some(Frame { authors: vec![r.clone()], agreed: false });
            }
            // "a draft put forward by the mediators"
            let after = window(text, ne, end.min(ne + 60));
            if let Some(by) = self.authored_by.find(after)
                && by.start() <= 25
            {
                let from = ne + by.end();
                if let Some((_, r)) = actors.iter().find(|(m, _)| m.start >= from && m.start <= from + 6) {
                    return Some(Frame { authors: vec![r.clone()], agreed: false });
                }
            }
            // "Lisbon presented a plan", "Oslo and Lisbon signed an accord"
            let before = window(text, start, ns);
            let base = start;
            if let Some(v) = self.agreeing.find_iter(before).last() {
                let parties: Vec<EntityRef> =
                    actors.iter().filter(|(m, _)| m.end <= base + v.start()).map(|(_, r)| r.clone()).collect();
                let mut unique: Vec<EntityRef> = Vec::new();
                for p in parties {
                    if !unique.iter().any(|u| u.id == p.id) {
                        unique.push(p);
                    }
                }
                if unique.len() >= 2 {
                    return Some(Frame { authors: unique, agreed: true });
                }
            }
            if let Some(v) = self.authoring.find_iter(before).last() {
                if let Some((_, r)) = actors
                    .iter()
                    .rev()
                    .find(|(m, _)| m.end <= base + v.start() && tagging.entity(m).etype != EntityType::Proposal)
                {
                    return Some(Frame { authors: vec![r.clone()], agreed: false });
                }
            }
        }
        None
    }

    /// Where the content of a provision sentence starts, when the sentence describes the
    /// provisions of a plan ("Under the deal, ...", "The draft also calls for ...").
    pub fn provision(&self, text: &str, (start, end): (usize, usize)) -> Option<Provision> {
        let sentence = window(text, start, end);
        let m = self.opener.find(sentence)?;
        let opener = m.as_str();
        let agreed = if self.proposal_nouns.is_match(opener) {
            Some(false)
        } else {
            self.nouns.is_match(opener).then_some(true)
        };
        let governed = !opener.trim_end().ends_with(',');
        Some(Provision { content: start + m.end(), agreed, governed, parties: THEY_COMMIT.is_match(opener) })
    }
}

/// A modal or commitment verb opening a provision's predicate, after its subject: "would",
/// "will also", ", for its part, commits to". Hand-written: a handful of auxiliaries, no
/// lexicon needed.
static MODAL: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
    crate::text::re(
        r"(?i)^\s*(?:,\s*for\s+(?:its|their|his|her)\s+part\s*,\s*)?(?:also\s+|each\s+|both\s+)?(?:would|will|shall|must|may|can|(?:is|are)\s+to|(?:has|have)\s+agreed\s+to|agreed\s+to|(?:commits?|committed|undertakes?|undertook|pledged?|pledges)\s+(?:not\s+)?to)(?:\s+also)?\b",
    )
});

/// The length of a modal opening `rest` ("would also", "commits to"), if it has one.
pub(crate) fn modal_len(rest: &str) -> Option<usize> {
    MODAL.find(rest).map(|m| m.end())
}

/// Where a modal opens the predicate within the first words of `rest` ("Both sides would
/// ...": at "would"), as a byte offset into `rest`.
pub(crate) fn modal_at(rest: &str) -> Option<usize> {
    let mut at = 0;
    for (i, word) in rest.split_inclusive(char::is_whitespace).enumerate() {
        if i > 6 || word.contains([',', ';', ':']) {
            return None;
        }
        if MODAL.find(&rest[at..]).is_some_and(|m| m.as_str().trim_start().len() >= 2) && i > 0 {
            return Some(at);
        }
        at += word.len();
    }
    None
}

/// Group nouns an actor's name can modify in a subject ("the rebels' fighters would ...",
/// "Ruritanian troops will ..."): the subject is still that actor. Hand-written: a closed
/// class of a dozen words.
pub(crate) const MEMBERS: &[&str] = &[
    "fighters",
    "forces",
    "troops",
    "government",
    "negotiators",
    "side",
    "delegation",
    "army",
    "authorities",
    "leadership",
    "militia",
    "members",
    "peacekeepers",
    "officials",
    "companies",
    "firms",
    "workers",
    "navy",
];

/// The length of the subject's tail and modal opening `rest`, where `rest` follows an actor
/// that is a provision's subject: "fighters would", "'s government will", "would". `None` when
/// no modal follows, so the actor is not the subject of a commitment.
/// With `governed`, "to" may stand for the modal ("commits Peru to lower ...").
pub(crate) fn subject_modal_len(rest: &str, governed: bool) -> Option<usize> {
    if rest.starts_with(['-', '\u{2010}', '\u{2011}']) {
        return None;
    }
    let mut at = 0;
    if let Some(p) = ["'s ", "’s ", "' ", "’ "].iter().find(|p| rest.starts_with(**p)) {
        at = p.len();
    }
    for _ in 0..2 {
        let tail = &rest[at..];
        let word = tail.split_whitespace().next().unwrap_or("");
        if MEMBERS.contains(&word.to_lowercase().as_str()) {
            at += tail.find(word).unwrap_or(0) + word.len();
        }
    }
    // "Peru and its allies would": the partners add no actor
    if let Some(c) = ALLIES.find(&rest[at..]) {
        at += c.end();
    }
    let to = || {
        let tail = &rest[at..];
        let trimmed = tail.trim_start();
        let skip = tail.len() - trimmed.len();
        ["to ", "not to "].iter().find(|t| trimmed.starts_with(**t)).map(|t| skip + t.len())
    };
    modal_len(&rest[at..]).or_else(|| if governed { to() } else { None }).map(|n| at + n)
}

/// "and its allies", "and their partners" after a subject.
static ALLIES: std::sync::LazyLock<Regex> =
    std::sync::LazyLock::new(|| crate::text::re(r"(?i)^\s*and\s+(?:its|their|his|her)\s+\w+"));

impl PlanFrames {
    /// A sentence whose subject, an actor at its start, commits to something with a modal
    /// ("Peru would lower its fees", "Chile and Peru will also open ..."): read as a provision
    /// when the article is describing a plan.
    pub fn modal_provision(
        &self,
        text: &str,
        (start, end): (usize, usize),
        actors: &[(&Mention, EntityRef)],
    ) -> Option<Provision> {
        let first = actors.iter().map(|(m, _)| *m).min_by_key(|m| m.start)?;
        if window(text, start, first.start).split_whitespace().count() > 1 {
            return None;
        }
        let (last, _) = coordinated_subject(text, actors, first);
        let rest = window(text, last, end);
        // questions are not commitments
        (subject_modal_len(rest, false).is_some() && !rest.trim_end().ends_with('?')).then_some(Provision {
            content: start,
            agreed: None,
            governed: false,
            parties: false,
        })
    }
}

/// The subject that starts at `first` and the actors coordinated with it ("Peru and Chile",
/// "Peru, Chile and the Andean Community"): where it ends, and its actors, each once.
pub(crate) fn coordinated_subject(
    text: &str,
    actors: &[(&Mention, EntityRef)],
    first: &Mention,
) -> (usize, Vec<EntityRef>) {
    let mut end = first.end;
    let mut refs: Vec<EntityRef> =
        actors.iter().filter(|(m, _)| (m.start, m.end) == (first.start, first.end)).map(|(_, r)| r.clone()).collect();
    for (m, r) in actors.iter().filter(|(m, _)| m.start >= first.end) {
        let gap = window(text, end, m.start).trim().trim_end_matches("the").trim();
        if !matches!(gap, "and" | "," | ", and" | "&" | "") {
            break;
        }
        if !refs.iter().any(|g| g.id == r.id) {
            refs.push(r.clone());
        }
        end = m.end;
    }
    (end, refs)
}

/// Function words and verbs that end a plan noun's modifiers: a demonym before them does not
/// modify the noun ("the Peruvian minister rejected the plan").
const NOT_A_MODIFIER: &[&str] = &[
    "the", "a", "an", "to", "of", "and", "or", "for", "with", "by", "on", "in", "at", "from", "that", "which", "who",
    "its", "their", "his", "her", "this", "is", "was", "has", "had", "would", "will",
];

/// The states whose demonyms modify the plan noun after `before` ("the Norwegian", "a
/// Chilean-Peruvian", "the Norwegian peace"), each once; at most two plain words between.
fn demonym_authors(before: &str, demonyms: &HashMap<String, EntityRef>) -> Vec<EntityRef> {
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let mut authors: Vec<EntityRef> = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let states: Vec<&EntityRef> = word
            .split(['-', '\u{2010}', '\u{2011}'])
            .filter(|p| p.chars().next().is_some_and(char::is_uppercase))
            .filter_map(|p| demonyms.get(&p.to_lowercase()))
            .collect();
        if !states.is_empty() {
            for st in states {
                if !authors.iter().any(|a| a.id == st.id) {
                    authors.push(st.clone());
                }
            }
            return authors;
        }
        let bare = word.to_lowercase();
        if i >= 2
            || NOT_A_MODIFIER.contains(&bare.as_str())
            || bare.ends_with("ed")
            || !bare.chars().all(char::is_alphabetic)
        {
            break;
        }
    }
    authors
}

/// True when a state is named by a city ("the Pretoria text", "the Minsk package"): as the
/// modifier of a plan noun such a name says where the text was agreed, not who wrote it.
fn names_a_place(surface: &str, tagging: &Tagging, m: &Mention) -> bool {
    let e = tagging.entity(m);
    let acronym = surface.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    e.class == Some(crate::knowledge::EntityClass::Country)
        && !acronym
        && !e.label.to_lowercase().contains(&surface.to_lowercase())
}

/// Compiles a case-insensitive pattern as it is.
fn anchored(rule: &str, pattern: &str) -> Result<Regex> {
    regex::RegexBuilder::new(pattern).case_insensitive(true).build().map_err(|e| crate::error::Error::Pattern {
        rule: rule.to_string(),
        pattern: pattern.to_string(),
        message: e.to_string(),
    })
}

/// True when the words between an actor and a plan noun make the actor the plan's owner:
/// a possessive ("Lisbon's ten-point plan"), or only hyphenated, numbered or capitalised
/// modifiers ("the EU-brokered deal", "the U.S. 28-point plan"), never a verb ("Oslo
/// rejected the plan").
fn modifies(between: &str) -> bool {
    if between.starts_with(['\'', '’']) {
        return between.split_whitespace().count() <= 4 && !between.contains([',', ';']);
    }
    let words: Vec<&str> = between.split_whitespace().collect();
    words.len() <= 3
        && words.iter().all(|w| {
            w.starts_with(['-', '\u{2010}', '\u{2011}'])
                || w.contains(|c: char| c.is_ascii_digit())
                || w.chars().next().is_some_and(char::is_uppercase)
        })
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use crate::document::Document;
    use crate::extraction::Extractor;
    use crate::knowledge::Knowledge;

    static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| {
        let k = Knowledge::embedded().unwrap_or_else(|e| panic!("embedded knowledge: {e}"));
        Extractor::new(&k).unwrap_or_else(|e| panic!("extractor: {e}"))
    });

    fn stances(text: &str) -> Vec<(String, String, String, Option<String>)> {
        let x = EXTRACTOR.extract(&Document::from_text("t", text));
        x.stances
            .iter()
            .map(|s| {
                (
                    s.actor.label.clone(),
                    s.stance.as_str().to_string(),
                    s.proposal.label.clone(),
                    s.target.as_ref().map(|t| t.label.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn a_demonym_before_a_proposal_noun_names_its_author() {
        let text = "The Chilean proposal keeps the lakes under joint management. \
                    The draft also calls for a binational water authority.";
        let got = stances(text);
        assert!(
            got.iter().any(|s| s.0 == "Chile" && s.1 == "propose" && s.2.contains("binational water authority")),
            "{got:?}"
        );
        // an agreement noun is no one side's text, and a demonym before a verb modifies nothing
        let got = stances(
            "The Peruvian minister rejected the deal on Friday. The deal also calls for a binational water authority.",
        );
        assert!(!got.iter().any(|s| s.0 == "Peru" && s.1 == "propose"), "{got:?}");
    }

    #[test]
    fn each_side_of_an_agreed_text_gives_its_provision() {
        let text = "Chile and Peru signed a water treaty on Monday. \
                    Under the treaty, each side may draw no more than 40 cubic metres a second from the lake.";
        let got = stances(text);
        for party in ["Chile", "Peru"] {
            assert!(
                got.iter().any(|s| s.0 == party && s.1 == "offer" && s.2.contains("no more than 40 cubic metres")),
                "{party}: {got:?}"
            );
        }
    }

    #[test]
    fn a_refraining_provision_and_the_parties_that_commit_after_it() {
        let text = "Chile and Peru signed a water treaty on Monday. \
                    Under the treaty, Chile and Peru will not build new dams on the river. \
                    They also commit to share flow data every month. \
                    Under the treaty, Peru will not provide support to the border militias.";
        let got = stances(text);
        for party in ["Chile", "Peru"] {
            assert!(
                got.iter().any(|s| s.0 == party && s.1 == "offer" && s.2 == "not build new dams on the river"),
                "{party}: {got:?}"
            );
            assert!(
                got.iter().any(|s| s.0 == party && s.1 == "offer" && s.2.contains("share flow data")),
                "{party}: {got:?}"
            );
        }
        // a light verb gives way to its noun
        assert!(got.iter().any(|s| s.0 == "Peru" && s.2 == "no support to the border militias"), "{got:?}");
    }

    #[test]
    fn a_topic_before_the_opener_still_opens_a_provision() {
        let text = "Bolivia tabled a plan for the border on Tuesday. \
                    On water, the plan says Chile would release its reservoir data every month.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Bolivia" && s.1 == "propose" && s.2.contains("reservoir data")), "{got:?}");
    }

    #[test]
    fn provisions_of_a_plan_belong_to_its_author() {
        let text = "Norway presented a ten-point plan to end the fighting on Monday. \
                    Under the plan, Mali would hold a referendum on regional autonomy. \
                    The plan also calls for a joint border commission.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Norway" && s.1 == "propose" && s.2.contains("referendum")), "{got:?}");
        assert!(
            got.iter().any(|s| s.0 == "Norway" && s.1 == "propose" && s.2.contains("joint border commission")),
            "{got:?}"
        );
        // the party named inside a provision holds no stance of its own
        assert!(!got.iter().any(|s| s.0 == "Mali"), "{got:?}");
    }

    #[test]
    fn provisions_of_an_agreement_are_offers_of_the_party_that_gives() {
        let text = "Chile and Peru signed a fisheries accord in Lima on Friday. \
                    Under the accord, Peru would lower its port fees for Chilean trawlers.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Peru" && s.1 == "offer" && s.2.contains("lower its port fees")), "{got:?}");
    }

    #[test]
    fn without_an_author_the_party_that_acts_gives() {
        // no author named: the party the provision makes act offers it
        let text = "Under the plan, Mali would hold a referendum on regional autonomy.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Mali" && s.1 == "offer"), "{got:?}");
        assert!(got.iter().all(|s| s.1 != "propose"), "{got:?}");
    }

    #[test]
    fn the_opener_says_whether_a_text_is_agreed() {
        // an agreed text: the party that acts gives, whoever drafted it
        let text = "Norway drafted a text for the two coastal states. \
                    Under the accord, Peru would lower its port fees for Chilean trawlers.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Peru" && s.1 == "offer" && s.2.contains("lower its port fees")), "{got:?}");
        assert!(!got.iter().any(|s| s.0 == "Norway"), "{got:?}");
        // one side's plan, named by its possessive: its author proposes, to the party it names
        let text = "Under Norway's plan, Mali would hold a referendum on regional autonomy.";
        let got = stances(text);
        assert!(
            got.iter().any(|s| s.0 == "Norway"
                && s.1 == "propose"
                && s.2.contains("referendum")
                && s.3.as_deref() == Some("Mali")),
            "{got:?}"
        );
    }

    #[test]
    fn commitments_inside_a_described_deal() {
        // no opener: a modal with an actor subject, while the article describes a deal
        let text = "Under the deal, Peru would lower its port fees. \
                    Chile and Peru will also build a joint fish hatchery near the border. \
                    Peru's fishermen would not say what they thought.";
        let got = stances(text);
        for giver in ["Chile", "Peru"] {
            assert!(
                got.iter().any(|s| s.0 == giver && s.1 == "offer" && s.2.contains("joint fish hatchery")),
                "{giver}: {got:?}"
            );
        }
        // the object of "commits X to": X gives it
        let text = "The accord also commits Peru to reopen the port of Ilo.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Peru" && s.1 == "offer" && s.2.contains("reopen the port")), "{got:?}");
        // a lone noun in a list of provisions is a fragment of its neighbour
        let text = "Under the accord, Peru would allow weekly port inspections, data exchanges, notifications and joint patrols.";
        let got = stances(text);
        assert!(got.iter().any(|s| s.0 == "Peru" && s.2.contains("data exchanges")), "{got:?}");
        assert!(got.iter().all(|s| s.2 != "notifications"), "{got:?}");
        // an actor inside a modifier is no subject
        let text = "Under the deal, a Peru-led patrol would guard the strait.";
        assert!(stances(text).iter().all(|s| s.0 != "Peru"), "{:?}", stances(text));
        // outside a described plan, a modal is no provision
        let text = "Peru will host the next round of talks in Lima.";
        assert!(stances(text).iter().all(|s| s.1 != "offer"), "{:?}", stances(text));
    }

    #[test]
    fn a_city_before_a_plan_noun_is_where_not_who() {
        let text = "Ministers met in Oslo. The Oslo text also calls for a joint border commission.";
        assert!(stances(text).iter().all(|s| s.0 != "Norway"), "{:?}", stances(text));
    }
}

//! The entity tagger: finds actors, places and proposals in a segmented document and links
//! every mention to one canonical entity.
//!
//! Sources of mentions, in order of trust: the gazetteer (every label of `ontology/`), names
//! recognised by shape and context ([`names`]), names an article defines for itself (a
//! surname after the full name, an acronym in parentheses), and proposal phrases (labels and
//! patterns of the proposal scheme). Ambiguous names are resolved from context: a capital that
//! acts ("Moscow said") is its state, one where something happens ("talks in Berlin") a place;
//! a small or ambiguous city needs its country named in the article or a place context.
//!
//! This stage does not decide who holds which stance; [`crate::stance`] does.

mod anaphora;
pub mod gazetteer;
pub mod names;

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::knowledge::{CueKind, EntityClass, EntityType, GazetteerEntry, Knowledge, LabelKind, ProposalConcept};
use crate::rdf::vocab::{ENTITY_NS, local_name};
use crate::segment::Segmentation;
use crate::text::{at_word_boundaries, slug};
use gazetteer::LabelMatcher;
use names::{NameCandidate, NameLexicons, find_names};

/// What a mention does in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// It acts: "Moscow said", "Russia rejected".
    Agent,
    /// Something happens there: "talks in Berlin".
    Location,
    /// Anything else.
    Reference,
}

impl Role {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::Location => "location",
            Self::Reference => "reference",
        }
    }
}

/// An entity found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable IRI.
    pub iri: String,
    /// Canonical name.
    pub label: String,
    /// Coarse type.
    pub etype: EntityType,
    /// Most specific class, when known.
    pub class: Option<EntityClass>,
    /// Other names: the knowledge base's variants and the forms seen in the text.
    pub aliases: Vec<String>,
    /// True when the entity comes from the knowledge base (its facts live in the ontology graph).
    pub known: bool,
    /// For a government or a state's institution: the state it stands for.
    pub state: Option<String>,
}

/// A span of the text naming an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// Code-point offset of the first character.
    pub char_start: usize,
    /// Code-point offset after the last character.
    pub char_end: usize,
    /// Index into [`Tagging::entities`].
    pub entity: usize,
    /// What it does in its sentence.
    pub role: Role,
    /// The rule or gazetteer entry that produced it.
    pub rule: String,
    /// True outside the article body.
    pub boilerplate: bool,
}

/// The tagger's output for one document.
#[derive(Debug, Clone, Default)]
pub struct Tagging {
    /// Entities, in order of first mention.
    pub entities: Vec<Entity>,
    /// Mentions sorted by start; actor and place mentions never overlap each other, proposal
    /// mentions may overlap them ("withdrawal from Donbas").
    pub mentions: Vec<Mention>,
}

impl Tagging {
    /// The entity of a mention.
    pub fn entity(&self, m: &Mention) -> &Entity {
        &self.entities[m.entity]
    }
}

/// The compiled tagger, built once and shared read-only by worker threads.
#[derive(Debug)]
pub struct Tagger {
    entries: Vec<GazetteerEntry>,
    by_iri: HashMap<String, usize>,
    gazetteer: LabelMatcher,
    proposals: Vec<ProposalConcept>,
    proposal_labels: LabelMatcher,
    proposal_patterns: Vec<(usize, Regex)>,
    /// All of `proposal_patterns` in one automaton: one pass over a document says which of
    /// them can match, instead of one pass per pattern.
    proposal_set: RegexSet,
    lexicons: NameLexicons,
    agent_after: Regex,
    non_names: HashSet<String>,
    /// Common acronyms that name no organisation ("CEO", "GDP"), as written.
    non_acronyms: HashSet<String>,
    document_suffixes: HashSet<String>,
    anaphora: anaphora::Anaphora,
}

static LOCATIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)\b(?:in|at|near|from|into|outside|around|across|throughout|via|toward|towards|visit(?:ed|ing|s)?|arrived in|based in|city of|cities of|capitals?,?|(?:suburbs?|outskirts|streets|ports?|centre|center|heart|edge|parts|districts?|neighbou?rhoods?)\s+of)\s+(?:the\s+)?$",
    )
});
static PLACE_AFTER: LazyLock<Regex> = LazyLock::new(|| crate::text::re(r"^(?:/[\w.’'-]+)?-based|^,\s+[A-Z]"));
static ACRONYM_AFTER: LazyLock<Regex> = LazyLock::new(|| crate::text::re(r"^\s*\((?P<a>[A-Z][A-Z.&]{1,9})\)"));
/// A word in capitals, with digits and inner hyphens or ampersands ("NFA", "G20", "SAG-AFTRA").
static ACRONYM_WORD: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(r"(?-u:\b)[A-Z][A-Z0-9]*(?:[&-][A-Z][A-Z0-9]*)*(?-u:\b)"));
static ROMAN: LazyLock<Regex> = LazyLock::new(|| crate::text::re(r"^[IVXLCDM]+$"));

/// True when the word at `text[s..e]` sits in a line set mostly in capitals (a headline, a
/// section label), or next to another word in capitals.
fn in_capitals(text: &str, s: usize, e: usize) -> bool {
    let line_start = text[..s].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[e..].find('\n').map_or(text.len(), |i| e + i);
    let line = &text[line_start..line_end];
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let upper = line.chars().filter(|c| c.is_uppercase()).count();
    let neighbour_caps = |w: Option<&str>| {
        w.is_some_and(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase())
        })
    };
    upper * 10 > letters * 6
        || neighbour_caps(text[line_start..s].split_whitespace().next_back())
        || neighbour_caps(text[e..line_end].split_whitespace().next())
}

static CITY_WORDS: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(r"(?i)\bcit(?:y|ies) of\s+(?:\w+,?\s+(?:and\s+)?)*$"));

impl Tagger {
    /// Compiles the gazetteer, name lexicons and proposal matchers of `k`.
    pub fn new(k: &Knowledge) -> Result<Self> {
        let entries = k.entries.clone();
        let by_iri = entries.iter().enumerate().map(|(i, e)| (e.iri.clone(), i)).collect();
        let gazetteer = LabelMatcher::new(
            entries.iter().enumerate().flat_map(|(i, e)| e.labels.iter().map(move |(l, kind)| (i, l.as_str(), *kind))),
            true,
        )?;
        let proposals = k.proposals.clone();
        let proposal_labels = LabelMatcher::new(
            proposals
                .iter()
                .enumerate()
                .flat_map(|(i, p)| p.labels.iter().map(move |(l, kind)| (i, l.as_str(), *kind))),
            false,
        )?;
        let mut proposal_patterns = Vec::new();
        let mut proposal_sources = Vec::new();
        for (i, p) in proposals.iter().enumerate() {
            for pat in &p.patterns {
                proposal_patterns.push((i, compile_cue(&p.iri, pat)?));
                proposal_sources.push(cue_pattern(pat));
            }
        }
        // a mention acts when a speech or stance verb follows it, after auxiliaries and adverbs
        let verbs: Vec<&str> = k
            .cues
            .iter()
            .filter(|c| matches!(c.kind, CueKind::Speech | CueKind::Stance { .. }))
            .map(|c| c.pattern.as_str())
            .collect();
        let verbs = if verbs.is_empty() { "says|said".to_string() } else { verbs.join("|") };
        let agent_after = RegexBuilder::new(&format!(
            r"^(?:['’]s\s+\w+\s+)?(?:,[^,.]{{1,50}},)?\s+(?:(?:has|have|had|is|was|are|were|will|would|could|can|may|might|must|should|does|did|also|again|already|still|now|then|long|repeatedly|publicly|firmly|reportedly|previously|recently|not|never|yet|once|just|only|been|appears?\s+to|seems?\s+to|has\s+been)\s+)*(?:{verbs})\b"
        ))
        .case_insensitive(true)
        .size_limit(64 << 20)
        .dfa_size_limit(32 << 20)
        .build()
        .map_err(|e| Error::Pattern { rule: "agent-verbs".into(), pattern: String::new(), message: e.to_string() })?;
        let lexicons = NameLexicons::new(k);
        let non_names = k.lexicon("non-name-capitalized").iter().map(|w| w.to_lowercase()).collect();
        let document_suffixes = k.lexicon("document-suffixes").iter().cloned().collect();
        let non_acronyms = k.lexicon("non-name-acronyms").iter().cloned().collect();
        let anaphora = anaphora::Anaphora::new(k)?;
        let proposal_set = cue_set(&proposal_sources)?;
        Ok(Self {
            proposal_set,
            anaphora,
            entries,
            by_iri,
            gazetteer,
            proposals,
            proposal_labels,
            proposal_patterns,
            lexicons,
            agent_after,
            non_names,
            non_acronyms,
            document_suffixes,
        })
    }

    /// The gazetteer entry of an IRI.
    pub fn entry(&self, iri: &str) -> Option<&GazetteerEntry> {
        self.by_iri.get(iri).map(|&i| &self.entries[i])
    }

    /// The proposal concepts.
    pub fn proposals(&self) -> &[ProposalConcept] {
        &self.proposals
    }

    /// True when a speech or stance verb follows byte offset `end` ("Moscow has rejected").
    pub fn acts_after(&self, text: &str, end: usize) -> bool {
        self.agent_after.is_match(window(text, end, end + 200))
    }

    /// True when the word after byte offset `end` makes the name before it part of a
    /// document's or event's name ("Budapest Memorandum").
    fn names_document(&self, text: &str, end: usize) -> bool {
        let rest = window(text, end, end + 30);
        rest.strip_prefix(' ')
            .and_then(|r| r.split(|c: char| !c.is_alphanumeric()).next())
            .is_some_and(|w| self.document_suffixes.contains(w))
    }

    /// Tags a segmented document.
    pub fn tag(&self, doc: &Document, seg: &Segmentation) -> Tagging {
        let text = doc.text.as_str();
        let mut b = Builder::new(self, text, seg);

        // 1. gazetteer candidates, leftmost-longest among valid ones
        let gaz = select_longest(self.gazetteer.find_all(text).into_iter().map(|m| (m.start, m.end, m)).collect());
        // context: what the article names unambiguously
        let mut present: HashSet<&str> = HashSet::new();
        for (_, _, m) in &gaz {
            if m.targets.len() == 1 && !seg.is_boilerplate(m.start) && !needs_context(&self.entries[m.targets[0].item])
            {
                let mut e = &self.entries[m.targets[0].item];
                present.insert(&e.iri);
                while let Some(parent) = e.located_in.as_deref().and_then(|p| self.entry(p)) {
                    present.insert(&parent.iri);
                    e = parent;
                }
            }
        }
        let mut persons_seen: HashSet<usize> = HashSet::new();
        let mut resolved: Vec<(usize, usize, usize, Role, &'static str)> = Vec::new();
        for (start, end, m) in &gaz {
            if self.names_document(text, *end) || self.compass_adjective(text, *start, *end, m.targets) {
                continue;
            }
            if let Some((item, mut role, rule)) = self.resolve(text, *start, *end, m.targets, &present, &persons_seen) {
                if self.entries[item].class == EntityClass::Person {
                    persons_seen.insert(item);
                }
                // "Kramatorsk, Ukraine": a country right after a place and a comma situates it
                if let Some(prev) = resolved.last()
                    && self.entries[item].class == EntityClass::Country
                    && text[prev.1..*start].trim() == ","
                    && matches!(
                        self.entries[prev.2].class,
                        EntityClass::City | EntityClass::Region | EntityClass::Facility
                    )
                {
                    role = Role::Location;
                }
                resolved.push((*start, *end, item, role, rule));
            }
        }

        // 2. names by shape; they override gazetteer places they contain ("Jose Colon",
        //    "... Strategies Centre"), never actors
        let mut names: Vec<NameCandidate> = Vec::new();
        for s in &seg.sentences {
            let line_start = s.start == 0 || text[..s.start].trim_end_matches([' ', '\t']).ends_with('\n');
            let line_alone = line_start && (s.end == text.len() || text[s.end..].starts_with('\n'));
            names.extend(find_names(&self.lexicons, text, s.start, s.end, line_alone, line_start));
        }
        // a bare surname inside a longer name is someone else ("Jane Katz" is not Israel Katz)
        // a known person's name inside a longer one is someone else ("Jane bin Salman" is not
        // the known "bin Salman")
        let overridable = |r: &(usize, usize, usize, Role, &'static str), c: &NameCandidate| {
            (self.entries[r.2].class == EntityClass::Person
                && (!text[r.0..r.1].contains(' ') || r.1 - r.0 < c.end - c.start))
                || r.4 == "gazetteer"
                    && matches!(
                        self.entries[r.2].class,
                        EntityClass::City
                            | EntityClass::Region
                            | EntityClass::Facility
                            | EntityClass::Continent
                            | EntityClass::Place
                    )
        };
        // an unknown organisation name holding known names is one entity ("the Nelson Mandela
        // Foundation", "the Revolutionary Front of Varn"), not a fragment and a misreading; a
        // state inside needs three words before it ("Government of Varn" stays the state's), and
        // a known name followed by "and" or a comma is a list, not part of the name
        let contains_known = |c: &NameCandidate, hits: &[usize], resolved: &[(usize, usize, usize, Role, &str)]| {
            matches!(c.rule, "org:suffix" | "org:media" | "org:acronym-def" | "place:suffix" | "place:compass")
                && hits.iter().all(|&i| {
                    let (hs, he, item, _, _) = resolved[i];
                    // a known name's "The" may open the unknown one ("The Alliance of ...")
                    let hs = if hs < c.start && text[hs..c.start].eq_ignore_ascii_case("the ") { c.start } else { hs };
                    hs >= c.start
                        && he <= c.end
                        && he - hs < c.end - c.start
                        && !text[he..c.end].starts_with(" and ")
                        && !text[he..c.end].starts_with(',')
                        && (self.entries[item].class != EntityClass::Country
                            || c.rule == "place:compass"
                            || text[c.start..hs].split_whitespace().count() >= 3
                            || hs == c.start && text[he..c.end].split_whitespace().count() >= 2)
                })
        };
        let mut kept_names = Vec::new();
        for c in names {
            let hits: Vec<usize> =
                (0..resolved.len()).filter(|&i| resolved[i].0 < c.end && c.start < resolved[i].1).collect();
            let inside = hits.iter().all(|&i| resolved[i].0 >= c.start && resolved[i].1 <= c.end);
            let c = if contains_known(&c, &hits, &resolved)
                && let Some(&first) = hits.first()
                && resolved[first].0 < c.start
            {
                // take the article into the name, as the known name did
                NameCandidate { start: resolved[first].0, ..c }
            } else {
                c
            };
            // names found by their context alone never displace a known name
            if matches!(c.rule, "org:possessor" | "org:title-holder" | "name:apposition") {
                if hits.is_empty() {
                    kept_names.push(c);
                }
                continue;
            }
            if hits.is_empty()
                || contains_known(&c, &hits, &resolved)
                || (inside && hits.iter().all(|&i| overridable(&resolved[i], &c)) && c.class == EntityClass::Person)
            {
                for &i in hits.iter().rev() {
                    resolved.remove(i);
                }
                kept_names.push(c);
            } else if inside
                && hits.iter().all(|&i| overridable(&resolved[i], &c))
                && hits.len() == 1
                && resolved[hits[0]].1 == c.end
            {
                // an organisation whose head word is a place name ("... Centre")
                resolved.remove(hits[0]);
                kept_names.push(c);
            }
        }
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for (start, end, item, role, rule) in resolved {
            b.gazetteer_mention(item, start, end, role, rule);
            taken.push((start, end));
        }
        for c in kept_names {
            if !overlaps(&taken, c.start, c.end) {
                taken.push((c.start, c.end));
                b.name_mention(&c);
            }
        }

        // 3. names the article defines: surnames of people, acronyms in parentheses
        let local = b.local_aliases(text, &self.non_names);
        if !local.is_empty() {
            let pats: Vec<&str> = local.iter().map(|(a, _, _)| a.as_str()).collect();
            if let Ok(ac) = AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&pats) {
                for m in ac.find_iter(text) {
                    let (s, e) = (m.start(), m.end());
                    if !at_word_boundaries(text, s, e) || overlaps(&taken, s, e) {
                        continue;
                    }
                    let (_, entity, rule) = &local[m.pattern().as_usize()];
                    taken.push((s, e));
                    let role = if self.acts_after(text, e) { Role::Agent } else { Role::Reference };
                    b.push_mention(*entity, s, e, role, (*rule).to_string());
                }
            }
        }

        // 3b. acronyms used as names ("the NFA said", "NFA negotiators") that no list knows
        for (s, e) in self.acronym_mentions(text, seg, &taken) {
            taken.push((s, e));
            b.name_mention(&NameCandidate { start: s, end: e, class: EntityClass::Organization, rule: "org:acronym" });
        }

        // 4. proposals
        let mut props: Vec<(usize, usize, (usize, bool))> = self
            .proposal_labels
            .find_all(text)
            .into_iter()
            .flat_map(|m| m.targets.iter().map(move |t| (m.start, m.end, (t.item, t.kind == LabelKind::Hidden))))
            .collect();
        for (i, re) in self.proposal_set.matches(text).iter().map(|k| &self.proposal_patterns[k]) {
            for m in re.find_iter(text) {
                if at_word_boundaries(text, m.start(), m.end()) {
                    props.push((m.start(), m.end(), (*i, false)));
                }
            }
        }
        // a general word ("guarantees") only where no full phrase covers it
        // on the same span the narrower concept wins ("Article 5-like guarantees" over
        // "security guarantees")
        props.sort_by_key(|&(s, e, (item, hidden))| {
            (hidden, s, std::cmp::Reverse(e), self.proposals[item].broader.is_empty())
        });
        let mut chosen: Vec<(usize, usize, usize, bool)> = Vec::new();
        for (s, e, (item, general)) in props {
            if !chosen.iter().any(|&(cs, ce, _, _)| cs < e && s < ce) {
                chosen.push((s, e, item, general));
            }
        }
        chosen.sort();
        // 5. "these guarantees", "a withdrawal": the proposal named before
        self.anaphora.resolve(text, &mut chosen);
        for (s, e, item, _) in chosen {
            b.proposal_mention(item, s, e);
        }
        b.finish()
    }

    /// True for a place name that is a compass adjective used as one ("Western sanctions",
    /// "Eastern leaders"): a lowercase word follows and the name is no actor's.
    fn compass_adjective(&self, text: &str, start: usize, end: usize, targets: &[gazetteer::Target]) -> bool {
        names::COMPASS_WORDS.contains(&&text[start..end])
            && text[end..].strip_prefix(' ').is_some_and(|r| r.starts_with(|c: char| c.is_lowercase()))
            && targets.iter().all(|t| self.entries[t.item].class.entity_type() == EntityType::Place)
    }

    /// Acronyms no other source named, as organisation mentions: a word in capitals that the
    /// article body uses twice, or once as an actor ("the NFA", "NFA's", "NFA said"). Left
    /// out: the common acronyms of `pgl:non-name-acronyms`, Roman numerals, words of a line set
    /// in capitals (a headline) and spans already taken.
    fn acronym_mentions(&self, text: &str, seg: &Segmentation, taken: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for m in ACRONYM_WORD.find_iter(text) {
            let (s, e) = (m.start(), m.end());
            let w = m.as_str();
            if w.chars().filter(|c| c.is_ascii_alphabetic()).count() < 2 && !w.chars().any(|c| c.is_ascii_digit())
                || ROMAN.is_match(w)
                || self.non_acronyms.contains(w)
                || self.non_names.contains(&w.to_lowercase())
                || !at_word_boundaries(text, s, e)
                || text[e..].starts_with(['.', '-']) && text[e + 1..].starts_with(|c: char| c.is_alphanumeric())
                || overlaps(taken, s, e)
                || seg.is_boilerplate(s)
                || in_capitals(text, s, e)
            {
                continue;
            }
            found.push((s, e));
        }
        let mut count: HashMap<&str, usize> = HashMap::new();
        for &(s, e) in &found {
            *count.entry(&text[s..e]).or_default() += 1;
        }
        let actor = |s: usize, e: usize| {
            let before = window(text, s.saturating_sub(4), s);
            before.eq_ignore_ascii_case("the ")
                || text[e..].starts_with("'s")
                || text[e..].starts_with("’s")
                || self.acts_after(text, e)
        };
        let accepted: HashSet<&str> =
            found.iter().filter(|&&(s, e)| count[&text[s..e]] >= 2 || actor(s, e)).map(|&(s, e)| &text[s..e]).collect();
        found.retain(|&(s, e)| accepted.contains(&text[s..e]));
        found
    }

    /// Picks the entity a gazetteer match names, with its role, or nothing when the context
    /// does not support any reading.
    fn resolve(
        &self,
        text: &str,
        start: usize,
        end: usize,
        targets: &[gazetteer::Target],
        present: &HashSet<&str>,
        persons_seen: &HashSet<usize>,
    ) -> Option<(usize, Role, &'static str)> {
        let before = window(text, start.saturating_sub(60), start);
        let after = window(text, end, end + 40);
        let locative = LOCATIVE_BEFORE.is_match(before) || PLACE_AFTER.is_match(after);
        let agent = !locative && self.acts_after(text, end);
        let role = if agent {
            Role::Agent
        } else if locative {
            Role::Location
        } else {
            Role::Reference
        };
        let candidates: Vec<usize> = targets
            .iter()
            .filter(|t| {
                let e = &self.entries[t.item];
                if t.kind == LabelKind::Hidden && e.class == EntityClass::Person {
                    return persons_seen.contains(&t.item);
                }
                if needs_context(e) {
                    let parent_named = e.located_in.as_deref().is_some_and(|p| {
                        present.contains(p)
                            || self
                                .entry(p)
                                .and_then(|pe| pe.located_in.as_deref())
                                .is_some_and(|g| present.contains(g))
                    });
                    return parent_named || locative || targets.len() == 1 && e.population.unwrap_or(0) >= 1_000_000;
                }
                true
            })
            .map(|t| t.item)
            .collect();
        let city_context = CITY_WORDS.is_match(before) || after.trim_start().to_lowercase().starts_with("city");
        let rank = |i: usize| -> (u8, u64) {
            let e = &self.entries[i];
            let actor_first = role != Role::Location;
            let class_rank = match e.class {
                EntityClass::Person => 0,
                EntityClass::Country => 1,
                c if c.is_actor() && actor_first => 2,
                EntityClass::City if e.capital_of.is_some() => 3,
                EntityClass::City if city_context => 3,
                EntityClass::Region | EntityClass::Continent => 4,
                EntityClass::Facility => 5,
                EntityClass::City => 6,
                _ => 7,
            };
            (class_rank, u64::MAX - e.population.unwrap_or(0))
        };
        let item = candidates.into_iter().min_by_key(|&i| (rank(i), i))?;
        let e = &self.entries[item];
        if let Some(country) = e.capital_of.as_deref()
            && role != Role::Location
            && !city_context
            && let Some(&state) = self.by_iri.get(country)
        {
            return Some((state, role, "metonymy:capital"));
        }
        Some((item, role, "gazetteer"))
    }
}

/// True for a place whose name alone is not enough: an ambiguous name, or a town under
/// 100,000 people that is no capital. It needs its country or region named in the article, or
/// a place context ("in X", "X, Country").
fn needs_context(e: &GazetteerEntry) -> bool {
    e.class.entity_type() == EntityType::Place
        && e.capital_of.is_none()
        && (e.ambiguous || (e.class == EntityClass::City && e.population.unwrap_or(0) < 100_000))
}

/// Builds a [`Tagging`], interning entities by IRI.
struct Builder<'a> {
    tagger: &'a Tagger,
    text: &'a str,
    seg: &'a Segmentation,
    entities: Vec<Entity>,
    by_iri: HashMap<String, usize>,
    mentions: Vec<Mention>,
}

impl<'a> Builder<'a> {
    fn new(tagger: &'a Tagger, text: &'a str, seg: &'a Segmentation) -> Self {
        Self { tagger, text, seg, entities: Vec::new(), by_iri: HashMap::new(), mentions: Vec::new() }
    }

    fn intern(&mut self, entity: Entity) -> usize {
        if let Some(&i) = self.by_iri.get(&entity.iri) {
            return i;
        }
        self.by_iri.insert(entity.iri.clone(), self.entities.len());
        self.entities.push(entity);
        self.entities.len() - 1
    }

    fn push_mention(&mut self, entity: usize, start: usize, end: usize, role: Role, rule: String) {
        // the writer a bio opens with is part of the article, the bio's other names are not
        let boilerplate = self.seg.is_boilerplate(start) && !self.seg.is_bio_subject(start, end);
        self.mentions.push(Mention {
            start,
            end,
            char_start: self.seg.offsets.char_offset(start),
            char_end: self.seg.offsets.char_offset(end),
            entity,
            role,
            rule,
            boilerplate,
        });
    }

    fn gazetteer_mention(&mut self, item: usize, start: usize, end: usize, role: Role, rule: &str) {
        let e = &self.tagger.entries[item];
        let state = e.government_of.clone();
        let entity = Entity {
            iri: e.iri.clone(),
            label: e.label.clone(),
            etype: e.class.entity_type(),
            class: Some(e.class),
            aliases: e
                .labels
                .iter()
                .filter(|(l, k)| *k == LabelKind::Alternative && *l != e.label)
                .map(|(l, _)| l.clone())
                .collect(),
            known: true,
            state,
        };
        let i = self.intern(entity);
        let rule = if rule == "gazetteer" { format!("gazetteer:{}", local_name(&e.iri)) } else { rule.to_string() };
        self.push_mention(i, start, end, role, rule);
    }

    fn name_mention(&mut self, c: &NameCandidate) {
        let surface = self.text[c.start..c.end].trim();
        let label = surface.strip_prefix("the ").or_else(|| surface.strip_prefix("The ")).unwrap_or(surface);
        let label = label.replace('’', "'");
        let iri = format!("{ENTITY_NS}{}", slug(&label));
        let entity = if let Some(e) = self.tagger.entry(&iri) {
            Entity {
                iri: e.iri.clone(),
                label: e.label.clone(),
                etype: e.class.entity_type(),
                class: Some(e.class),
                aliases: Vec::new(),
                known: true,
                state: e.government_of.clone(),
            }
        } else {
            Entity {
                iri,
                label,
                etype: c.class.entity_type(),
                class: Some(c.class),
                aliases: Vec::new(),
                known: false,
                state: None,
            }
        };
        let i = self.intern(entity);
        let role = if self.tagger.acts_after(self.text, c.end) { Role::Agent } else { Role::Reference };
        self.push_mention(i, c.start, c.end, role, c.rule.to_string());
    }

    fn proposal_mention(&mut self, item: usize, start: usize, end: usize) {
        let p = &self.tagger.proposals[item];
        let entity = Entity {
            iri: p.iri.clone(),
            label: p.label.clone(),
            etype: EntityType::Proposal,
            class: None,
            aliases: p
                .labels
                .iter()
                .filter(|(l, k)| *k == LabelKind::Alternative && *l != p.label)
                .map(|(l, _)| l.clone())
                .collect(),
            known: true,
            state: None,
        };
        let i = self.intern(entity);
        self.push_mention(i, start, end, Role::Reference, format!("proposal:{}", local_name(&p.iri)));
    }

    /// Surnames of people named in full, and acronyms defined in parentheses after a mention.
    fn local_aliases(&self, text: &str, non_names: &HashSet<String>) -> Vec<(String, usize, &'static str)> {
        let mut out: Vec<(String, usize, &'static str)> = Vec::new();
        let mut seen = HashSet::new();
        for m in &self.mentions {
            let e = &self.entities[m.entity];
            if e.etype == EntityType::Person {
                let surface = &text[m.start..m.end];
                let words: Vec<&str> = surface.split_whitespace().collect();
                if words.len() >= 2
                    && let Some(last) = words.last()
                    && last.chars().count() >= 3
                    && !non_names.contains(&last.to_lowercase())
                    && seen.insert(last.to_string())
                {
                    out.push((last.to_string(), m.entity, "coref:surname"));
                }
            }
            // "Acme Motor Co." is "Acme" later on
            let words: Vec<&str> = text[m.start..m.end].split_whitespace().collect();
            if matches!(e.class, Some(EntityClass::Company | EntityClass::Organization))
                && !e.known
                && words.len() >= 2
                && words
                    .last()
                    .is_some_and(|w| names::CORPORATE_FORMS.contains(&w.trim_end_matches('.').to_lowercase().as_str()))
                && let Some(first) = words.first()
                && first.chars().count() >= 3
                && !non_names.contains(&first.to_lowercase())
                && seen.insert(first.to_string())
            {
                out.push((first.to_string(), m.entity, "coref:short-name"));
            }
            // "Northern Fishers Alliance" is "NFA" later on, defined or not: the initials of
            // its capitalised words, three letters or more
            if e.etype == EntityType::Organization && !e.known && words.len() >= 3 {
                let initials: String = words
                    .iter()
                    .filter(|w| !matches!(w.to_lowercase().as_str(), "of" | "for" | "the" | "and" | "&" | "on"))
                    .filter_map(|w| w.chars().next())
                    .collect();
                if initials.chars().count() >= 3
                    && initials.chars().all(char::is_uppercase)
                    && seen.insert(initials.clone())
                {
                    out.push((initials, m.entity, "coref:initials"));
                }
            }
            if let Some(c) = ACRONYM_AFTER.captures(window(text, m.end, m.end + 16)) {
                if let Some(a) = c.name("a") {
                    if seen.insert(a.as_str().to_string()) {
                        out.push((a.as_str().to_string(), m.entity, "coref:acronym"));
                    }
                }
            }
        }
        out
    }

    fn finish(mut self) -> Tagging {
        // aliases: the forms seen in the text that differ from the label
        for m in &self.mentions {
            let surface = self.text[m.start..m.end].to_string();
            let e = &mut self.entities[m.entity];
            if surface != e.label && !e.aliases.contains(&surface) {
                e.aliases.push(surface);
            }
        }
        for e in &mut self.entities {
            e.aliases.sort();
            e.aliases.dedup();
        }
        self.mentions.sort_by_key(|m| (m.start, m.end));
        Tagging { entities: self.entities, mentions: self.mentions }
    }
}

/// A lexicon pattern bounded by word boundaries (see [`compile_cue`]).
pub fn cue_pattern(pattern: &str) -> String {
    format!(r"(?-u:\b)(?:{pattern})(?-u:\b)")
}

/// Compiles a lexicon pattern: case-insensitive, bounded by word boundaries.
///
/// The word boundaries are ASCII ones, `(?-u:\b)`: with Unicode boundaries the regex engine
/// leaves its fast lazy DFA for a backtracker on any text holding a non-ASCII character (curly
/// quotes: most news), which made cue matching half of the extraction time. The difference:
/// a letter outside ASCII right next to a cue ("éreject") no longer blocks it.
pub fn compile_cue(rule: &str, pattern: &str) -> Result<Regex> {
    RegexBuilder::new(&cue_pattern(pattern)).case_insensitive(true).build().map_err(|e| Error::Pattern {
        rule: rule.to_string(),
        pattern: pattern.to_string(),
        message: e.to_string(),
    })
}

/// One automaton for many lexicon patterns (each already through [`cue_pattern`]), with the
/// flags of [`compile_cue`]: `matches` tells which patterns occur in one pass over the text.
///
/// The lazy DFA of a few hundred case-insensitive patterns outgrows the regex crate's default
/// 2 MB cache within a few sentences, after which it rebuilds states again and again or falls
/// back to the much slower PikeVM (half of the stance stage's time went there); 32 MB per
/// thread holds it.
pub fn cue_set<I: IntoIterator<Item = S>, S: AsRef<str>>(patterns: I) -> Result<RegexSet> {
    RegexSetBuilder::new(patterns).case_insensitive(true).dfa_size_limit(32 << 20).build().map_err(|e| Error::Pattern {
        rule: "pattern set".into(),
        pattern: String::new(),
        message: e.to_string(),
    })
}

/// Leftmost-longest selection of non-overlapping spans (input in any order).
fn select_longest<T>(mut spans: Vec<(usize, usize, T)>) -> Vec<(usize, usize, T)> {
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut out: Vec<(usize, usize, T)> = Vec::new();
    for s in spans {
        if out.last().is_none_or(|l| l.1 <= s.0) {
            out.push(s);
        }
    }
    out
}

fn overlaps(taken: &[(usize, usize)], s: usize, e: usize) -> bool {
    taken.iter().any(|&(ts, te)| ts < e && s < te)
}

/// `text[from..to]` with both ends moved inside the text to character boundaries.
pub(crate) fn window(text: &str, from: usize, to: usize) -> &str {
    let mut to = to.min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let mut from = from.min(to);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..to]
}

#[cfg(test)]
mod tests;

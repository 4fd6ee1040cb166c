//! Runs the extraction stages (segment, tag, stance) on a document and renders the result as
//! the JSON contract of `pactgraph extract`.
//!
//! The store is not touched here; [`crate::rdf`] maps an [`Extraction`] to quads.

use serde::Serialize;

use crate::document::Document;
use crate::error::Result;
use crate::knowledge::{EntityType, Knowledge};
use crate::roles::{RoleFinder, RoleStatement};
use crate::segment::{Segmentation, segment};
use crate::stance::{Quotation, Stance, StanceExtractor};
use crate::tag::{Tagger, Tagging};

/// The compiled extraction pipeline, built once and shared read-only.
#[derive(Debug)]
pub struct Extractor {
    /// The entity tagger.
    pub tagger: Tagger,
    /// The stance extractor.
    pub stances: StanceExtractor,
    /// The role finder.
    pub roles: RoleFinder,
}

/// Everything extracted from one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The document.
    pub document: Document,
    /// Its sentences and quotations.
    pub segmentation: Segmentation,
    /// Entities and mentions.
    pub tagging: Tagging,
    /// Stances.
    pub stances: Vec<Stance>,
    /// Direct quotations with their speakers.
    pub quotations: Vec<Quotation>,
    /// Roles the document gives people.
    pub roles: Vec<RoleStatement>,
}

impl Extractor {
    /// Compiles the pipeline from a knowledge base (the tagger and the stance extractor on two
    /// threads when there are cores to spare).
    pub fn new(k: &Knowledge) -> Result<Self> {
        let (tagger, stances) = rayon::join(|| Tagger::new(k), || StanceExtractor::new(k));
        Ok(Self { tagger: tagger?, stances: stances?, roles: RoleFinder::new(k) })
    }

    /// Runs segment, tag and stance extraction on `doc`.
    pub fn extract(&self, doc: &Document) -> Extraction {
        self.extract_owned(doc.clone())
    }

    /// [`Extractor::extract`] taking the document (no copy of its text).
    pub fn extract_owned(&self, doc: Document) -> Extraction {
        let segmentation = segment(&doc.text);
        let tagging = self.tagger.tag(&doc, &segmentation);
        let stances = self.stances.extract(&self.tagger, &doc, &segmentation, &tagging);
        let tagging = with_discovered(tagging, &stances, &segmentation);
        let quotations = self.stances.quotations(&doc.text, &segmentation, &tagging);
        let roles = self.roles.find(&self.tagger, &doc, &segmentation, &tagging);
        Extraction { document: doc, segmentation, tagging, stances, quotations, roles }
    }
}

/// The tagging with the proposals the stance stage discovered: one entity each (not from the
/// knowledge base) and a mention at the words each stance found it in, so that they are
/// first-class proposals in the JSON, the RDF, the tallies and the pages.
fn with_discovered(mut tagging: Tagging, stances: &[Stance], seg: &Segmentation) -> Tagging {
    let mut added = false;
    for st in stances {
        let Some(found) = &st.discovered else { continue };
        let index = match tagging.entities.iter().position(|e| e.iri == st.proposal.id) {
            Some(i) => i,
            None => {
                tagging.entities.push(crate::tag::Entity {
                    iri: st.proposal.id.clone(),
                    label: st.proposal.label.clone(),
                    etype: EntityType::Proposal,
                    class: None,
                    aliases: Vec::new(),
                    known: false,
                    state: None,
                });
                tagging.entities.len() - 1
            }
        };
        if tagging.mentions.iter().any(|m| m.entity == index && m.start == found.start && m.end == found.end) {
            continue;
        }
        tagging.mentions.push(crate::tag::Mention {
            start: found.start,
            end: found.end,
            char_start: seg.offsets.char_offset(found.start),
            char_end: seg.offsets.char_offset(found.end),
            entity: index,
            role: crate::tag::Role::Reference,
            rule: "discovered".to_string(),
            boilerplate: false,
        });
        added = true;
    }
    if added {
        tagging.mentions.sort_by_key(|m| (m.start, m.end, m.entity));
    }
    tagging
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    id: String,
    path: Option<String>,
    title: &'a str,
    byline: Option<&'a str>,
    date: Option<&'a str>,
    outlet: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonMention<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonEntity<'a> {
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    etype: &'static str,
    subtype: Option<&'static str>,
    aliases: &'a [String],
    mentions: Vec<JsonMention<'a>>,
}

#[derive(Serialize)]
struct JsonRef<'a> {
    id: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
struct JsonCondition<'a> {
    id: Option<&'a str>,
    label: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonStance<'a> {
    actor: JsonRef<'a>,
    stance: &'static str,
    proposal: JsonRef<'a>,
    target: Option<JsonRef<'a>>,
    condition: Option<JsonCondition<'a>>,
    hedged: bool,
    negated: bool,
    speaker: Option<JsonRef<'a>>,
    date: Option<&'a str>,
    evidence: &'a str,
    start: usize,
    end: usize,
    rule: &'a str,
}

#[derive(Serialize)]
struct JsonRole<'a> {
    person: JsonRef<'a>,
    role: &'a str,
    of: Option<JsonRef<'a>>,
    date: Option<&'a str>,
    evidence: &'a str,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonExtraction<'a> {
    document: JsonDocument<'a>,
    entities: Vec<JsonEntity<'a>>,
    stances: Vec<JsonStance<'a>>,
    roles: Vec<JsonRole<'a>>,
}

impl Extraction {
    /// The JSON object of `pactgraph extract --format json`. Entities named only in
    /// boilerplate (footers, teasers, author bios) are left out; offsets are code points.
    pub fn to_json(&self) -> serde_json::Value {
        let text = self.document.text.as_str();
        let t = &self.tagging;
        let mut order: Vec<usize> =
            (0..t.entities.len()).filter(|&i| t.mentions.iter().any(|m| m.entity == i && !m.boilerplate)).collect();
        let first = |i: usize| t.mentions.iter().find(|m| m.entity == i).map_or(usize::MAX, |m| m.start);
        let rank = |i: usize| {
            let e = &t.entities[i];
            match e.etype {
                EntityType::Person => 0,
                EntityType::Organization if e.class == Some(crate::knowledge::EntityClass::Country) => 1,
                EntityType::Place if e.class == Some(crate::knowledge::EntityClass::Country) => 1,
                EntityType::Organization => 2,
                EntityType::Place => 3,
                EntityType::Proposal => 4,
            }
        };
        order.sort_by_key(|&i| (rank(i), first(i)));
        let entities = order
            .into_iter()
            .map(|i| {
                let e = &t.entities[i];
                let mentions: Vec<JsonMention<'_>> = t
                    .mentions
                    .iter()
                    .filter(|m| m.entity == i && !m.boilerplate)
                    .map(|m| JsonMention { start: m.char_start, end: m.char_end, text: &text[m.start..m.end] })
                    .collect();
                // a country that acts is reported as an organisation, one that situates as a place
                let etype = match e.class {
                    Some(crate::knowledge::EntityClass::Country) => {
                        let acts = t.mentions.iter().any(|m| m.entity == i && m.role != crate::tag::Role::Location);
                        if acts { "Organization" } else { "Place" }
                    }
                    _ => e.etype.as_str(),
                };
                JsonEntity {
                    id: &e.iri,
                    label: &e.label,
                    etype,
                    subtype: e.class.and_then(|c| c.subtype()),
                    aliases: &e.aliases,
                    mentions,
                }
            })
            .collect();
        let stances = self
            .stances
            .iter()
            .map(|s| JsonStance {
                actor: JsonRef { id: &s.actor.id, label: &s.actor.label },
                stance: s.stance.as_str(),
                proposal: JsonRef { id: &s.proposal.id, label: &s.proposal.label },
                target: s.target.as_ref().map(json_ref),
                condition: s.condition.as_ref().map(|c| JsonCondition {
                    id: c.proposal.as_ref().map(|p| p.id.as_str()),
                    label: c.proposal.as_ref().map(|p| p.label.as_str()),
                    text: &c.text,
                }),
                hedged: s.hedged,
                negated: s.negated,
                speaker: s.speaker.as_ref().map(json_ref),
                date: s.date.as_deref(),
                evidence: &text[s.start..s.end],
                start: s.char_start,
                end: s.char_end,
                rule: &s.rule,
            })
            .collect();
        let d = &self.document;
        let json = JsonExtraction {
            document: JsonDocument {
                id: d.iri(),
                path: d.path.as_ref().map(|p| p.display().to_string()),
                title: &d.title,
                byline: d.byline.as_deref(),
                date: d.date.as_deref(),
                outlet: d.outlet.as_deref(),
            },
            entities,
            stances,
            roles: self
                .roles
                .iter()
                .map(|r| JsonRole {
                    person: json_ref(&r.person),
                    role: &r.role,
                    of: r.of.as_ref().map(json_ref),
                    date: r.date.as_deref(),
                    evidence: &text[r.start..r.end],
                    start: r.char_start,
                    end: r.char_end,
                })
                .collect(),
        };
        serde_json::to_value(json).unwrap_or(serde_json::Value::Null)
    }
}

fn json_ref(x: &crate::stance::EntityRef) -> JsonRef<'_> {
    JsonRef { id: &x.id, label: &x.label }
}

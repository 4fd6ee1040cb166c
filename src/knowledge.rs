//! Loads the knowledge base: the ontology, gazetteers, proposal scheme, cue lexicons and word
//! lists, all Turtle files in `ontology/`.
//!
//! The files are embedded in the binary as the default; [`Knowledge::from_dir`] reads another
//! folder instead. This module only parses and indexes the data; matching it against text is
//! the job of [`crate::tag`] and [`crate::stance`].

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{
    NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term, TermRef, Triple, TripleRef,
};

use crate::error::{Error, Result};
use crate::rdf::vocab::{pg, skos};
use crate::text::stable_hash;

include!(concat!(env!("OUT_DIR"), "/embedded_ontology.rs"));

const RDF_TYPE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");

/// The coarse type of an entity, as in the JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum EntityType {
    /// A person.
    Person,
    /// An organisation, state, government, alliance, media...
    Organization,
    /// A country, region, city or facility.
    Place,
    /// A proposal.
    Proposal,
}

impl EntityType {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "Person",
            Self::Organization => "Organization",
            Self::Place => "Place",
            Self::Proposal => "Proposal",
        }
    }
}

/// The most specific class of a gazetteer entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum EntityClass {
    /// `pg:Person`
    Person,
    /// `pg:Country` (also a `pg:State`)
    Country,
    /// `pg:Government`
    Government,
    /// `pg:Alliance`
    Alliance,
    /// `pg:Ministry`
    Ministry,
    /// `pg:Legislature`
    Legislature,
    /// `pg:MediaOrganization`
    Media,
    /// `pg:Institution`
    Institution,
    /// `pg:Company`
    Company,
    /// `pg:ArmedForce`
    ArmedForce,
    /// `pg:PoliticalParty`
    PoliticalParty,
    /// `pg:CollectiveActor`
    CollectiveActor,
    /// `pg:State` that is not a country of the gazetteer
    State,
    /// `pg:Organization`
    Organization,
    /// `pg:Continent`
    Continent,
    /// `pg:Region`
    Region,
    /// `pg:City`
    City,
    /// `pg:Facility`
    Facility,
    /// `pg:Place`
    Place,
}

impl EntityClass {
    /// Classes in order of preference when an entity has several.
    const PRIORITY: &'static [(NamedNodeRef<'static>, EntityClass)] = &[
        (pg::PERSON, EntityClass::Person),
        (pg::COUNTRY, EntityClass::Country),
        (pg::GOVERNMENT, EntityClass::Government),
        (pg::ALLIANCE, EntityClass::Alliance),
        (pg::MINISTRY, EntityClass::Ministry),
        (pg::LEGISLATURE, EntityClass::Legislature),
        (pg::MEDIA_ORGANIZATION, EntityClass::Media),
        (pg::INSTITUTION, EntityClass::Institution),
        (pg::COMPANY, EntityClass::Company),
        (pg::ARMED_FORCE, EntityClass::ArmedForce),
        (pg::POLITICAL_PARTY, EntityClass::PoliticalParty),
        (pg::COLLECTIVE_ACTOR, EntityClass::CollectiveActor),
        (pg::STATE, EntityClass::State),
        (pg::ORGANIZATION, EntityClass::Organization),
        (pg::CONTINENT, EntityClass::Continent),
        (pg::REGION, EntityClass::Region),
        (pg::CITY, EntityClass::City),
        (pg::FACILITY, EntityClass::Facility),
        (pg::PLACE, EntityClass::Place),
    ];

    /// The most specific of the classes an entity is typed with, when any is one of ours.
    pub fn from_class_iris<'a>(classes: impl IntoIterator<Item = NamedNodeRef<'a>>) -> Option<Self> {
        let classes: Vec<NamedNodeRef<'a>> = classes.into_iter().collect();
        Self::PRIORITY.iter().find(|(iri, _)| classes.contains(iri)).map(|(_, c)| *c)
    }

    /// The class whose `pg:` local name is `name` ("Company").
    pub fn from_local_name(name: &str) -> Option<Self> {
        Self::PRIORITY.iter().find(|(iri, _)| iri.as_str().rsplit('#').next() == Some(name)).map(|(_, c)| *c)
    }

    /// The coarse type.
    pub fn entity_type(self) -> EntityType {
        match self {
            Self::Person => EntityType::Person,
            Self::Country | Self::Continent | Self::Region | Self::City | Self::Facility | Self::Place => {
                EntityType::Place
            }
            _ => EntityType::Organization,
        }
    }

    /// The subtype name used in JSON output.
    pub fn subtype(self) -> Option<&'static str> {
        Some(match self {
            Self::Person => return None,
            Self::Country => "Country",
            Self::Government => "Government",
            Self::Alliance => "Alliance",
            Self::Ministry => "Ministry",
            Self::Legislature => "Legislature",
            Self::Media => "Media",
            Self::Institution => "Institution",
            Self::Company => "Company",
            Self::ArmedForce => "ArmedForce",
            Self::PoliticalParty => "PoliticalParty",
            Self::CollectiveActor => "CollectiveActor",
            Self::State => "State",
            Self::Organization => return None,
            Self::Continent => "Continent",
            Self::Region => "Region",
            Self::City => "City",
            Self::Facility => "Facility",
            Self::Place => return None,
        })
    }

    /// The ontology class IRI.
    pub fn iri(self) -> NamedNodeRef<'static> {
        Self::PRIORITY.iter().find(|(_, c)| *c == self).map_or(pg::ENTITY, |(iri, _)| *iri)
    }

    /// True for classes that can hold a stance.
    pub fn is_actor(self) -> bool {
        self.entity_type() == EntityType::Organization || self == Self::Person || self == Self::Country
    }
}

/// How a label may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LabelKind {
    /// `skos:prefLabel`
    Preferred,
    /// `skos:altLabel` (and `pg:governmentLabel`)
    Alternative,
    /// `skos:hiddenLabel`: matched only under conditions (a person's bare surname after the full
    /// name appeared; a proposal's general word)
    Hidden,
}

/// One entry of the gazetteer: an actor or a place.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct GazetteerEntry {
    /// The entity IRI.
    pub iri: String,
    /// Canonical name.
    pub label: String,
    /// Every name with its kind, the canonical one first.
    pub labels: Vec<(String, LabelKind)>,
    /// Most specific class.
    pub class: EntityClass,
    /// Containing place.
    pub located_in: Option<String>,
    /// The state this entity is the government of.
    pub government_of: Option<String>,
    /// The country this city is the capital of.
    pub capital_of: Option<String>,
    /// The person's affiliation.
    pub affiliation: Option<String>,
    /// Names need context to be accepted.
    pub ambiguous: bool,
    /// Population, for places.
    pub population: Option<u64>,
    /// Demonym, for countries.
    pub demonym: Option<String>,
}

/// A stance type (`pgt:`): one of the ten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StanceType {
    /// Gives or would give.
    Offer,
    /// Puts an idea on the table.
    Propose,
    /// Requires or insists.
    Demand,
    /// Refuses a proposal on the table.
    Reject,
    /// Agrees or is open to.
    Accept,
    /// Favours, pushes for.
    Support,
    /// General opposition.
    Oppose,
    /// Makes something conditional.
    Condition,
    /// Predicts or expects.
    Expect,
    /// Warns about.
    Warn,
}

impl StanceType {
    /// All ten, in a fixed order.
    pub const ALL: [StanceType; 10] = [
        Self::Offer,
        Self::Propose,
        Self::Demand,
        Self::Reject,
        Self::Accept,
        Self::Support,
        Self::Oppose,
        Self::Condition,
        Self::Expect,
        Self::Warn,
    ];

    /// The lowercase name ("offer").
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offer => "offer",
            Self::Propose => "propose",
            Self::Demand => "demand",
            Self::Reject => "reject",
            Self::Accept => "accept",
            Self::Support => "support",
            Self::Oppose => "oppose",
            Self::Condition => "condition",
            Self::Expect => "expect",
            Self::Warn => "warn",
        }
    }

    /// Parses a lowercase name or a `pgt:` IRI.
    pub fn parse(s: &str) -> Option<Self> {
        let local = s.strip_prefix(crate::rdf::vocab::STANCE_TYPE_NS).unwrap_or(s);
        Self::ALL.into_iter().find(|t| t.as_str() == local)
    }

    /// The `pgt:` IRI.
    pub fn iri(self) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}", crate::rdf::vocab::STANCE_TYPE_NS, self.as_str()))
    }

    /// PLOVER event type and CAMEO root code (also declared in the ontology).
    pub fn event_codes(self) -> (&'static str, &'static str) {
        match self {
            Self::Offer => ("AGREE", "03"),
            Self::Propose => ("CONSULT", "03"),
            Self::Demand | Self::Condition => ("DEMAND", "10"),
            Self::Reject => ("REJECT", "127"),
            Self::Accept => ("AGREE", "05"),
            Self::Support => ("SUPPORT", "05"),
            Self::Oppose => ("DISAPPROVE", "11"),
            Self::Expect => ("CONSULT", "04"),
            Self::Warn => ("THREATEN", "13"),
        }
    }
}

/// A proposal concept of the scheme.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ProposalConcept {
    /// The concept IRI.
    pub iri: String,
    /// Canonical name.
    pub label: String,
    /// Every name (canonical first) with its kind.
    pub labels: Vec<(String, LabelKind)>,
    /// Regexes for variants with gaps.
    pub patterns: Vec<String>,
    /// Broader concepts.
    pub broader: Vec<String>,
    /// Places it concerns.
    pub concerns: Vec<String>,
    /// Sentences in which it must be found.
    pub examples: Vec<String>,
    /// Sentences in which it must not be found.
    pub counter_examples: Vec<String>,
    /// The stance a mention expresses by itself when it starts with the holder's verb ("dropped
    /// its NATO bid" is an acceptance of renouncing NATO membership).
    pub implied: Option<StanceType>,
}

/// What a cue signals.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CueKind {
    /// A stance of this type, and the type it takes when negated.
    Stance {
        /// The stance type.
        stance: StanceType,
        /// The type when negated ("will never accept" is a rejection).
        on_negation: Option<StanceType>,
    },
    /// The statement is reported, alleged, modal or a prediction.
    Hedge(String),
    /// The statement is negated.
    Negation,
    /// What follows is a condition.
    Condition(String),
    /// A reporting verb introducing speech.
    Speech,
}

/// An example attached to a stance cue: a sentence and what must be extracted from it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CueExample {
    /// The sentence.
    pub text: String,
    /// Canonical name of the expected actor.
    pub actor: Option<String>,
    /// Canonical name of the expected proposal.
    pub proposal: Option<String>,
    /// Expected stance type when it differs from the cue's.
    pub stance: Option<StanceType>,
}

/// One entry of the cue lexicon.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Cue {
    /// The cue IRI (its rule id).
    pub iri: String,
    /// What it signals.
    pub kind: CueKind,
    /// The regex (matched case-insensitively at word boundaries).
    pub pattern: String,
    /// Examples.
    pub examples: Vec<CueExample>,
    /// Sentences the cue must not match (or must not produce its stance from).
    pub counter_examples: Vec<String>,
    /// Where the holder is: `subject` (default), `after`, `speaker` or `inside`.
    pub actor_position: Option<String>,
    /// Where the proposal is: `after` (default), `before` or `inside`.
    pub proposal_position: Option<String>,
}

/// The triples that describe the gazetteer's entities (actors and places), by entity.
///
/// A store holds the descriptions of the entities its documents use, not the whole gazetteer
/// (400k triples, mostly places no article names): [`EntityGraph::closure`] gives them, with
/// the entities they link to (the places an entity lies in, its affiliation, a country's
/// capital...).
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct EntityGraph {
    by_iri: BTreeMap<String, Description>,
}

/// One entity's triples, as N-Triples (parsed only when a store needs them), and the entities
/// they link to.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Description {
    ntriples: String,
    links: Vec<String>,
}

impl std::fmt::Debug for EntityGraph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntityGraph").field("entities", &self.by_iri.len()).finish()
    }
}

impl EntityGraph {
    /// The number of entities described.
    pub fn len(&self) -> usize {
        self.by_iri.len()
    }

    /// True when no entity is described.
    pub fn is_empty(&self) -> bool {
        self.by_iri.is_empty()
    }

    /// True when `iri` is an entity of the gazetteer.
    pub fn contains(&self, iri: &str) -> bool {
        self.by_iri.contains_key(iri)
    }

    /// The entities among `iris`, with every entity their descriptions link to, transitively,
    /// leaving out those in `done` (which receives the ones returned). Sorted.
    pub fn closure<'a>(&self, iris: impl IntoIterator<Item = &'a str>, done: &mut HashSet<String>) -> Vec<String> {
        let mut todo: Vec<&str> = iris.into_iter().filter(|i| self.contains(i)).collect();
        let mut found = Vec::new();
        while let Some(iri) = todo.pop() {
            if done.contains(iri) {
                continue;
            }
            done.insert(iri.to_string());
            found.push(iri.to_string());
            for o in self.by_iri.get(iri).into_iter().flat_map(|d| &d.links) {
                if !done.contains(o) {
                    todo.push(o);
                }
            }
        }
        found.sort();
        found
    }

    /// The triples describing `iri`.
    pub fn triples(&self, iri: &str) -> Vec<Triple> {
        self.by_iri.get(iri).map_or_else(Vec::new, |d| parse_ntriples(&d.ntriples))
    }

    /// Every entity IRI, sorted.
    pub fn iris(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.by_iri.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// The whole knowledge base, parsed and indexed.
///
/// [`Knowledge::embedded`] and [`Knowledge::from_dir`] parse the Turtle once and keep the
/// result, compiled ([`Knowledge::to_bytes`]), in a cache directory under the hash of the
/// files and of the code that reads them; later starts load it without parsing Turtle.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Knowledge {
    /// The names of the Turtle files, sorted.
    pub sources: Vec<String>,
    /// Hash of all file contents (to skip reloading an unchanged ontology into a store).
    pub content_hash: String,
    /// Every triple that is not part of an entity's description in [`Knowledge::entity_graph`]
    /// (the ontology, the proposal scheme, cues and lexicons), as N-Triples: see
    /// [`Knowledge::ontology_triples`]. A store holds all of them.
    ontology: String,
    /// The descriptions of the gazetteer's entities; a store holds those its documents use.
    pub entity_graph: std::sync::Arc<EntityGraph>,
    /// Actors and places, sorted by IRI.
    pub entries: Vec<GazetteerEntry>,
    /// Proposals, sorted by IRI.
    pub proposals: Vec<ProposalConcept>,
    /// Cues, sorted by IRI.
    pub cues: Vec<Cue>,
    /// Word lists by local name (`given-names`, `role-titles`...).
    pub lexicons: BTreeMap<String, Vec<String>>,
}

impl std::fmt::Debug for Knowledge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Knowledge")
            .field("sources", &self.sources)
            .field("content_hash", &self.content_hash)
            .field("entries", &self.entries.len())
            .field("proposals", &self.proposals.len())
            .field("cues", &self.cues.len())
            .field("lexicons", &self.lexicons.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Knowledge {
    /// The knowledge embedded in the binary: compiled from the cache when it is there, else
    /// parsed (and cached).
    pub fn embedded() -> Result<Self> {
        cached(EMBEDDED_KEY, || Self::from_files(EMBEDDED.iter().map(|(n, t)| ((*n).to_string(), *t))))
    }

    /// Every `*.ttl` file of `dir`.
    pub fn from_dir(dir: &Path) -> Result<Self> {
        let read = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut files = Vec::new();
        for entry in read {
            let path = entry.map_err(|e| Error::io(dir, e))?.path();
            if path.extension().is_some_and(|x| x == "ttl") {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                files.push((name, text));
            }
        }
        if files.is_empty() {
            return Err(Error::Knowledge {
                file: dir.display().to_string(),
                message: "no .ttl files in this directory".into(),
            });
        }
        files.sort();
        let mut parts: Vec<&str> = vec![CODE_KEY];
        for (name, text) in &files {
            parts.extend([name.as_str(), text.as_str()]);
        }
        cached(&format!("{:016x}", stable_hash(&parts)), || Self::from_files(files))
    }

    /// Parses and indexes Turtle files given as (name, text).
    pub fn from_files<T: Into<Cow<'static, str>>>(files: impl IntoIterator<Item = (String, T)>) -> Result<Self> {
        let sources: Vec<(String, Cow<'static, str>)> = files.into_iter().map(|(n, t)| (n, t.into())).collect();
        let names = sources.iter().map(|(n, _)| n.clone()).collect();
        let mut graph = TripleIndex::default();
        let mut hash_parts = Vec::new();
        for (name, text) in &sources {
            for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(text.as_bytes()) {
                let quad = triple.map_err(|e| Error::Knowledge { file: name.clone(), message: e.to_string() })?;
                graph.insert(Triple::from(quad));
            }
            hash_parts.push(format!("{name}:{:016x}", stable_hash(&[text])));
        }
        let content_hash = format!("{:016x}", stable_hash(&hash_parts.iter().map(String::as_str).collect::<Vec<_>>()));
        let index = Index { graph: &graph };
        let entries = index.entries();
        let proposals = index.proposals();
        let cues = index.cues()?;
        let lexicons = index.lexicons();
        let (ontology, entity_graph) = graph.split(&entries);
        Ok(Self {
            sources: names,
            content_hash,
            ontology,
            entity_graph: std::sync::Arc::new(entity_graph),
            entries,
            proposals,
            cues,
            lexicons,
        })
    }

    /// The compiled form: what [`Knowledge::from_bytes`] reads back, without parsing Turtle.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let out = COMPILED_MAGIC.to_vec();
        postcard::to_extend(self, out)
            .map_err(|e| Error::Knowledge { file: "compiled knowledge".into(), message: e.to_string() })
    }

    /// Reads the compiled form written by [`Knowledge::to_bytes`] by this build.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = |message: String| Error::Knowledge { file: "compiled knowledge".into(), message };
        let body = bytes.strip_prefix(COMPILED_MAGIC).ok_or_else(|| bad("not a compiled knowledge base".into()))?;
        postcard::from_bytes(body).map_err(|e| bad(e.to_string()))
    }

    /// The triples of the ontology graph a store holds besides entity descriptions.
    pub fn ontology_triples(&self) -> Vec<Triple> {
        parse_ntriples(&self.ontology)
    }

    /// A word list by local name, empty when absent.
    pub fn lexicon(&self, name: &str) -> &[String] {
        self.lexicons.get(name).map_or(&[], Vec::as_slice)
    }

    /// Lowercase demonym -> the country it names ("ukrainian" -> Ukraine): the one table the
    /// stance and role stages read demonyms from. A demonym two countries share goes to the
    /// later IRI.
    pub fn demonyms(&self) -> HashMap<String, &GazetteerEntry> {
        self.entries
            .iter()
            .filter(|e| e.class == EntityClass::Country)
            .filter_map(|e| Some((e.demonym.as_ref()?.to_lowercase(), e)))
            .collect()
    }
}

/// The parsed triples with the two look-ups [`Index`] needs: by subject and by `rdf:type`.
///
/// Hand-written rather than an `oxrdf::Graph`, which interns every term and keeps every triple
/// sorted in three orders: building one for the 400k triples of the gazetteers took about 1.4 s
/// of every start-up, this takes a tenth of that.
#[derive(Default)]
struct TripleIndex {
    triples: Vec<Triple>,
    /// Subject key (see [`subject_key`]) -> indices into `triples`.
    by_subject: HashMap<String, Vec<u32>>,
    /// Class IRI -> indices of its `rdf:type` triples.
    by_type: HashMap<String, Vec<u32>>,
}

/// An IRI as itself, a blank node as `_:id` (an absolute IRI never starts with `_:`).
fn subject_key(s: NamedOrBlankNodeRef<'_>) -> Cow<'_, str> {
    match s {
        NamedOrBlankNodeRef::NamedNode(n) => Cow::Borrowed(n.as_str()),
        NamedOrBlankNodeRef::BlankNode(b) => Cow::Owned(format!("_:{}", b.as_str())),
    }
}

impl TripleIndex {
    fn insert(&mut self, t: Triple) {
        let i = u32::try_from(self.triples.len()).unwrap_or(u32::MAX);
        if t.predicate.as_ref() == RDF_TYPE {
            if let Term::NamedNode(class) = &t.object {
                match self.by_type.get_mut(class.as_str()) {
                    Some(v) => v.push(i),
                    None => {
                        self.by_type.insert(class.as_str().to_string(), vec![i]);
                    }
                }
            }
        }
        let key = subject_key(t.subject.as_ref());
        match self.by_subject.get_mut(key.as_ref()) {
            Some(v) => v.push(i),
            None => {
                self.by_subject.insert(key.into_owned(), vec![i]);
            }
        }
        self.triples.push(t);
    }

    /// The triples whose subject is one of `entries` (by entity), and the others, as N-Triples.
    fn split(self, entries: &[GazetteerEntry]) -> (String, EntityGraph) {
        use std::fmt::Write as _;
        let mut by_iri: BTreeMap<String, Description> =
            entries.iter().map(|e| (e.iri.clone(), Description::default())).collect();
        let mut rest = String::new();
        let mut links = Vec::new();
        for t in &self.triples {
            let described = match &t.subject {
                NamedOrBlankNode::NamedNode(n) => by_iri.get_mut(n.as_str()).map(|d| (n.as_str(), d)),
                NamedOrBlankNode::BlankNode(_) => None,
            };
            match described {
                Some((s, d)) => {
                    let _ = writeln!(d.ntriples, "{t} .");
                    if let Term::NamedNode(o) = &t.object {
                        links.push((s, o.as_str()));
                    }
                }
                None => {
                    let _ = writeln!(rest, "{t} .");
                }
            }
        }
        for (s, o) in links {
            if s != o && by_iri.contains_key(o) {
                if let Some(d) = by_iri.get_mut(s) {
                    if !d.links.iter().any(|l| l == o) {
                        d.links.push(o.to_string());
                    }
                }
            }
        }
        (rest, EntityGraph { by_iri })
    }

    fn at(&self, indices: Option<&Vec<u32>>) -> impl Iterator<Item = &Triple> {
        indices.into_iter().flatten().filter_map(|&i| self.triples.get(i as usize))
    }

    /// Subjects with `rdf:type class`.
    fn subjects_of_type<'a>(&'a self, class: NamedNodeRef<'_>) -> impl Iterator<Item = NamedOrBlankNodeRef<'a>> {
        self.at(self.by_type.get(class.as_str())).map(|t| t.subject.as_ref())
    }

    /// Objects of `s p ?o`.
    fn objects_for_subject_predicate<'a>(
        &'a self,
        s: NamedOrBlankNodeRef<'_>,
        p: NamedNodeRef<'a>,
    ) -> impl Iterator<Item = TermRef<'a>> {
        self.at(self.by_subject.get(subject_key(s).as_ref()))
            .filter(move |t| t.predicate == p)
            .map(|t| t.object.as_ref())
    }

    /// Triples with predicate `p` (a scan: used once per load).
    fn triples_for_predicate<'a>(&'a self, p: NamedNodeRef<'a>) -> impl Iterator<Item = TripleRef<'a>> {
        self.triples.iter().filter(move |t| t.predicate == p).map(Triple::as_ref)
    }
}

/// Read helpers over the parsed graph.
struct Index<'a> {
    graph: &'a TripleIndex,
}

impl<'a> Index<'a> {
    fn subjects_of_type(&self, class: NamedNodeRef<'_>) -> Vec<NamedOrBlankNodeRef<'a>> {
        let mut v: Vec<_> = self.graph.subjects_of_type(class).collect();
        v.sort_by_cached_key(|s| s.to_string());
        v.dedup();
        v
    }

    fn literals(&self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>) -> Vec<String> {
        let mut v: Vec<String> = self
            .graph
            .objects_for_subject_predicate(s, p)
            .filter_map(|o| match o {
                TermRef::Literal(l) => Some(l.value().to_string()),
                _ => None,
            })
            .collect();
        v.sort();
        v
    }

    fn literal(&self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>) -> Option<String> {
        self.literals(s, p).into_iter().next()
    }

    fn iris(&self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>) -> Vec<String> {
        let mut v: Vec<String> = self
            .graph
            .objects_for_subject_predicate(s, p)
            .filter_map(|o| match o {
                TermRef::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
            .collect();
        v.sort();
        v
    }

    fn iri(&self, s: NamedOrBlankNodeRef<'_>, p: NamedNodeRef<'_>) -> Option<String> {
        self.iris(s, p).into_iter().next()
    }

    fn labels(&self, s: NamedOrBlankNodeRef<'_>) -> Option<(String, Vec<(String, LabelKind)>)> {
        let pref = self.literal(s, skos::PREF_LABEL)?;
        let mut labels = vec![(pref.clone(), LabelKind::Preferred)];
        let mut seen: HashSet<String> = HashSet::from([pref.clone()]);
        for (p, kind) in [
            (skos::ALT_LABEL, LabelKind::Alternative),
            (pg::GOVERNMENT_LABEL, LabelKind::Alternative),
            (skos::HIDDEN_LABEL, LabelKind::Hidden),
        ] {
            for l in self.literals(s, p) {
                if seen.insert(l.clone()) {
                    labels.push((l, kind));
                }
            }
        }
        Some((pref, labels))
    }

    fn entries(&self) -> Vec<GazetteerEntry> {
        let mut classes: HashMap<String, EntityClass> = HashMap::new();
        for (class_iri, class) in EntityClass::PRIORITY.iter().rev() {
            for s in self.subjects_of_type(*class_iri) {
                if let NamedOrBlankNodeRef::NamedNode(n) = s {
                    classes.insert(n.as_str().to_string(), *class);
                }
            }
        }
        let mut capital_of: HashMap<String, String> = HashMap::new();
        for t in self.graph.triples_for_predicate(pg::CAPITAL) {
            if let (NamedOrBlankNodeRef::NamedNode(country), TermRef::NamedNode(city)) = (t.subject, t.object) {
                capital_of.insert(city.as_str().to_string(), country.as_str().to_string());
            }
        }
        let mut entries: Vec<GazetteerEntry> = classes
            .into_iter()
            .filter_map(|(iri, class)| {
                let node = NamedNodeRef::new_unchecked(&iri);
                let s = NamedOrBlankNodeRef::NamedNode(node);
                let (label, labels) = self.labels(s)?;
                Some(GazetteerEntry {
                    label,
                    labels,
                    class,
                    located_in: self.iri(s, pg::LOCATED_IN),
                    government_of: self.iri(s, pg::GOVERNMENT_OF),
                    capital_of: capital_of.get(&iri).cloned(),
                    affiliation: self.iri(s, pg::AFFILIATION),
                    ambiguous: self.literal(s, pg::AMBIGUOUS_NAME).is_some_and(|v| v == "true" || v == "1"),
                    population: self.literal(s, pg::POPULATION).and_then(|p| p.parse().ok()),
                    demonym: self.literal(s, pg::DEMONYM),
                    iri,
                })
            })
            .collect();
        entries.sort_by(|a, b| a.iri.cmp(&b.iri));
        entries
    }

    fn proposals(&self) -> Vec<ProposalConcept> {
        self.subjects_of_type(pg::PROPOSAL)
            .into_iter()
            .filter_map(|s| {
                let NamedOrBlankNodeRef::NamedNode(n) = s else { return None };
                let (label, labels) = self.labels(s)?;
                Some(ProposalConcept {
                    iri: n.as_str().to_string(),
                    label,
                    labels,
                    patterns: self.literals(s, pg::PATTERN),
                    broader: self.iris(s, skos::BROADER),
                    concerns: self.iris(s, pg::CONCERNS),
                    examples: self.literals(s, pg::EXAMPLE),
                    counter_examples: self.literals(s, pg::COUNTER_EXAMPLE),
                    implied: self.iri(s, pg::IMPLIED_STANCE).and_then(|t| StanceType::parse(&t)),
                })
            })
            .collect()
    }

    fn cues(&self) -> Result<Vec<Cue>> {
        let kinds = [pg::STANCE_CUE, pg::HEDGE_CUE, pg::NEGATION_CUE, pg::CONDITION_CUE, pg::SPEECH_CUE];
        let mut cues = Vec::new();
        for class in kinds {
            for s in self.subjects_of_type(class) {
                let iri = s.to_string();
                let kind = if class == pg::STANCE_CUE {
                    let parse = |p| {
                        self.iri(s, p).map(|t| {
                            StanceType::parse(&t).ok_or_else(|| Error::Knowledge {
                                file: "cues".into(),
                                message: format!("{iri}: unknown stance type {t}"),
                            })
                        })
                    };
                    let Some(stance) = parse(pg::STANCE_TYPE) else {
                        return Err(Error::Knowledge {
                            file: "cues".into(),
                            message: format!("{iri}: a pg:StanceCue needs a pg:stanceType"),
                        });
                    };
                    CueKind::Stance { stance: stance?, on_negation: parse(pg::POLARITY_ON_NEGATION).transpose()? }
                } else if class == pg::HEDGE_CUE {
                    CueKind::Hedge(self.literal(s, pg::HEDGE_KIND).unwrap_or_else(|| "reported".into()))
                } else if class == pg::NEGATION_CUE {
                    CueKind::Negation
                } else if class == pg::CONDITION_CUE {
                    CueKind::Condition(self.literal(s, pg::CONDITION_KIND).unwrap_or_else(|| "if".into()))
                } else {
                    CueKind::Speech
                };
                let mut examples = Vec::new();
                for o in self.graph.objects_for_subject_predicate(s, pg::EXAMPLE) {
                    match o {
                        TermRef::Literal(l) => examples.push(CueExample {
                            text: l.value().to_string(),
                            actor: None,
                            proposal: None,
                            stance: None,
                        }),
                        TermRef::NamedNode(n) => examples.extend(self.example(NamedOrBlankNodeRef::NamedNode(n))),
                        TermRef::BlankNode(b) => examples.extend(self.example(NamedOrBlankNodeRef::BlankNode(b))),
                    }
                }
                examples.sort_by(|a, b| a.text.cmp(&b.text));
                for pattern in self.literals(s, pg::PATTERN) {
                    cues.push(Cue {
                        iri: iri.trim_matches(['<', '>']).to_string(),
                        kind: kind.clone(),
                        pattern,
                        examples: examples.clone(),
                        counter_examples: self.literals(s, pg::COUNTER_EXAMPLE),
                        actor_position: self.literal(s, pg::ACTOR_POSITION),
                        proposal_position: self.literal(s, pg::PROPOSAL_POSITION),
                    });
                }
            }
        }
        Ok(cues)
    }

    /// An annotated example node: `pg:text` with the expected actor, proposal and type.
    fn example(&self, node: NamedOrBlankNodeRef<'_>) -> Option<CueExample> {
        Some(CueExample {
            text: self.literal(node, pg::TEXT)?,
            actor: self.literal(node, pg::ACTOR),
            proposal: self.literal(node, pg::PROPOSAL_PROP),
            stance: self.iri(node, pg::STANCE_TYPE).and_then(|t| StanceType::parse(&t)),
        })
    }

    fn lexicons(&self) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for s in self.subjects_of_type(pg::LEXICON) {
            if let NamedOrBlankNodeRef::NamedNode(n) = s {
                let name = n.as_str().strip_prefix(crate::rdf::vocab::LEXICON_NS).unwrap_or(n.as_str());
                out.insert(name.to_string(), self.literals(s, pg::ENTRY));
            }
        }
        out
    }
}

/// What a compiled knowledge base starts with: a name and the layout version.
const COMPILED_MAGIC: &[u8] = b"pactgraph-knowledge-1\n";

/// Triples written by [`TripleIndex::split`] (valid N-Triples by construction).
fn parse_ntriples(text: &str) -> Vec<Triple> {
    RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(text.as_bytes())
        .filter_map(std::result::Result::ok)
        .map(Triple::from)
        .collect()
}

/// The directory of compiled knowledge bases: `PACTGRAPH_CACHE`, else
/// `$XDG_CACHE_HOME/pactgraph`, else `~/.cache/pactgraph`; none when `PACTGRAPH_CACHE` is
/// `off`.
pub fn cache_dir() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    let nonempty = |v: &str| std::env::var_os(v).filter(|x| !x.is_empty());
    match nonempty("PACTGRAPH_CACHE") {
        Some(d) if d == "off" => None,
        Some(d) => Some(PathBuf::from(d)),
        None => nonempty("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| nonempty("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .map(|d| d.join("pactgraph")),
    }
}

/// The knowledge base compiled under `key` in the cache, else `parse()`, written to the cache
/// for the next start. The cache is an optimisation: when it cannot be read or written the
/// knowledge is parsed, never refused.
fn cached(key: &str, parse: impl FnOnce() -> Result<Knowledge>) -> Result<Knowledge> {
    let Some(dir) = cache_dir() else { return parse() };
    let file = dir.join(format!("knowledge-{key}.bin"));
    if let Ok(bytes) = std::fs::read(&file) {
        if let Ok(k) = Knowledge::from_bytes(&bytes) {
            return Ok(k);
        }
    }
    let k = parse()?;
    if let Ok(bytes) = k.to_bytes() {
        // written aside and renamed: a concurrent start reads the old file or the whole new one
        let tmp = dir.join(format!("knowledge-{key}.{}.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&tmp, bytes));
        if written.and_then(|()| std::fs::rename(&tmp, &file)).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        prune_cache(&dir);
    }
    Ok(k)
}

/// Compiled knowledge bases kept in the cache: each is about 60 MB, and every edit of a Turtle
/// file makes a new one.
const CACHE_KEEP: usize = 4;

/// Removes all but the [`CACHE_KEEP`] most recently written compiled knowledge bases.
fn prune_cache(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let mut files: Vec<(std::time::SystemTime, std::path::PathBuf)> = read
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with("knowledge-") && n.ends_with(".bin")))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    files.sort();
    let stale = files.len().saturating_sub(CACHE_KEEP);
    for (_, f) in files.into_iter().take(stale) {
        let _ = std::fs::remove_file(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed() -> Knowledge {
        Knowledge::from_files(EMBEDDED.iter().map(|(n, t)| ((*n).to_string(), *t))).unwrap()
    }

    #[test]
    fn the_compiled_form_reads_back_the_same_knowledge() {
        let k = parsed();
        let bytes = k.to_bytes().unwrap();
        let back = Knowledge::from_bytes(&bytes).unwrap();
        assert_eq!(back.to_bytes().unwrap(), bytes);
        assert_eq!(back.ontology_triples(), k.ontology_triples());
        assert!(back.ontology_triples().len() > 1000);
        let ukraine = "https://w3id.org/pactgraph/id/ukraine";
        assert!(!back.entity_graph.triples(ukraine).is_empty());
        assert_eq!(back.entity_graph.triples(ukraine), k.entity_graph.triples(ukraine));
        assert!(Knowledge::from_bytes(&bytes[..bytes.len() / 2]).is_err());
        assert!(Knowledge::from_bytes(b"something else").is_err());
    }

    #[test]
    fn an_entity_comes_with_the_places_it_lies_in() {
        let k = parsed();
        let city = k.entries.iter().find(|e| e.class == EntityClass::City && e.located_in.is_some()).unwrap();
        let mut done = HashSet::new();
        let found = k.entity_graph.closure([city.iri.as_str()], &mut done);
        assert!(found.contains(&city.iri) && found.contains(city.located_in.as_ref().unwrap()), "{found:?}");
        assert!(k.entity_graph.closure([city.iri.as_str()], &mut done).is_empty(), "described once");
    }

    #[test]
    fn demonyms_name_countries() {
        let k = Knowledge::embedded().unwrap();
        let d = k.demonyms();
        assert_eq!(d["ukrainian"].label, "Ukraine");
        assert_eq!(d["russian"].label, "Russia");
        assert!(d.keys().all(|k| *k == k.to_lowercase()));
        assert!(d.values().all(|e| e.class == EntityClass::Country));
    }

    #[test]
    fn embedded_knowledge_loads() {
        let k = Knowledge::embedded().unwrap();
        assert!(k.entries.iter().any(|e| e.class == EntityClass::Country));
        assert!(!k.proposals.is_empty());
        assert!(!k.cues.is_empty());
    }

    #[test]
    fn a_syntax_error_names_the_file_and_line() {
        let err = Knowledge::from_files([("bad.ttl".to_string(), "@prefix x: <a> .\nx:a x:b".to_string())])
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.ttl"), "{err}");
    }

    #[test]
    fn stance_types_round_trip() {
        for t in StanceType::ALL {
            assert_eq!(StanceType::parse(t.as_str()), Some(t));
            assert_eq!(StanceType::parse(t.iri().as_str()), Some(t));
        }
    }
}

//! The views: a few SPARQL queries over the store (OPTIONALs last, lookups restricted with
//! VALUES: see ECOSYSTEM.md on oxigraph 0.5 plans), assembled by [`GraphBuilder`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::{Term, vocab::rdf};
use oxigraph::sparql::{QueryResults, QuerySolution};

use super::{ExportGraph, ExportOptions, Fact, GraphBuilder, Node, NodeKind};
use crate::error::{Error, Result};
use crate::query::{iri_of, literal_of};
use crate::rdf::vocab::{ONTOLOGY_GRAPH, STANCE_TYPE_NS, local_name};
use crate::store::Store;

/// Which graph to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Actors -> proposals by stance type; proposals -> their conditions.
    Stances,
    /// Entities named in the same sentence.
    Mentions,
    /// Places, their containment, and the proposals and stances tied to them.
    Places,
    /// Every entity, proposal, stance and document.
    Full,
}

impl View {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stances => "stances",
            Self::Mentions => "mentions",
            Self::Places => "places",
            Self::Full => "full",
        }
    }
}

const PREFIXES: &str = "PREFIX pg: <https://w3id.org/pactgraph/ontology#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
";

fn select(store: &Store, q: &str) -> Result<Vec<QuerySolution>> {
    store.select(&format!("{PREFIXES}{q}"))
}

fn values(iris: &[&str]) -> String {
    iris.iter().map(|i| format!("<{i}> ")).collect()
}

/// Runs `query` with `VALUES ?e { ... }` over `iris`, 500 at a time (a restricted lookup is
/// far faster than a scan of the ~400k triples of the gazetteers).
fn select_each(store: &Store, iris: &[&str], query: impl Fn(&str) -> String) -> Result<Vec<QuerySolution>> {
    let mut rows = Vec::new();
    for chunk in iris.chunks(500) {
        rows.extend(select(store, &query(&values(chunk)))?);
    }
    Ok(rows)
}

// ------------------------------------------------------------------ facts

struct StanceFact {
    iri: String,
    doc: String,
    actor: String,
    stance: String,
    proposal: String,
    target: Option<String>,
    condition: Option<String>,
    hedged: bool,
    /// The statement date, or else the document's.
    date: Option<String>,
    /// Code-point span of the evidence sentence.
    evidence: Option<(u64, u64)>,
}

struct MentionFact {
    doc: String,
    entity: String,
    begin: u64,
    end: u64,
    /// "location" when the mention situates something ("talks in Berlin").
    location: bool,
}

struct DocFact {
    title: String,
    date: Option<String>,
}

/// What the store holds, filtered by date and boilerplate, with the details of every entity
/// involved.
struct Facts {
    docs: BTreeMap<String, DocFact>,
    stances: Vec<StanceFact>,
    mentions: Vec<MentionFact>,
    polarity: HashMap<String, String>,
    entities: BTreeMap<String, Node>,
}

const DOCS_QUERY: &str = "SELECT ?doc ?title ?date WHERE { GRAPH ?doc { ?doc a pg:Document ; dct:title ?title OPTIONAL { ?doc dct:date ?date } } }";

const STANCES_QUERY: &str = "SELECT ?s ?doc ?a ?t ?p ?h ?sd ?target ?cond ?b ?e WHERE {
  GRAPH ?doc { ?s a pg:Stance ; pg:actor ?a ; pg:stance ?t ; pg:proposal ?p ; pg:hedged ?h
    OPTIONAL { ?s pg:statementDate ?sd }
    OPTIONAL { ?s pg:target ?target }
    OPTIONAL { ?s pg:hasCondition ?cond }
    OPTIONAL { ?s pg:evidence ?sentence . ?sentence nif:beginIndex ?b ; nif:endIndex ?e } } }";

const MENTIONS_QUERY: &str = "SELECT ?doc ?x ?b ?e ?bp ?role WHERE {
  GRAPH ?doc { ?m pg:refersTo ?x ; nif:beginIndex ?b ; nif:endIndex ?e
    OPTIONAL { ?m pg:inBoilerplate ?bp } OPTIONAL { ?m pg:mentionRole ?role } } }";

impl Facts {
    fn load(store: &Store, o: &ExportOptions) -> Result<Self> {
        let mut docs = BTreeMap::new();
        for r in select(store, DOCS_QUERY)? {
            if let Some(doc) = iri_of(r.get("doc")) {
                let title = literal_of(r.get("title")).unwrap_or_default();
                docs.insert(doc, DocFact { title, date: literal_of(r.get("date")) });
            }
        }
        let doc_date = |d: &str| docs.get(d).and_then(|f| f.date.clone());

        let mut stances: BTreeMap<String, StanceFact> = BTreeMap::new();
        for r in select(store, STANCES_QUERY)? {
            let (Some(iri), Some(doc), Some(actor), Some(t), Some(proposal)) =
                (iri_of(r.get("s")), iri_of(r.get("doc")), iri_of(r.get("a")), iri_of(r.get("t")), iri_of(r.get("p")))
            else {
                continue;
            };
            let num = |v: &str| literal_of(r.get(v)).and_then(|x| x.parse::<u64>().ok());
            let date = literal_of(r.get("sd")).or_else(|| doc_date(&doc));
            stances.entry(iri.clone()).or_insert(StanceFact {
                stance: t.strip_prefix(STANCE_TYPE_NS).unwrap_or(local_name(&t)).to_string(),
                hedged: literal_of(r.get("h")).is_some_and(|h| h == "true"),
                target: iri_of(r.get("target")),
                condition: iri_of(r.get("cond")),
                evidence: num("b").zip(num("e")),
                iri,
                doc,
                actor,
                proposal,
                date,
            });
        }
        let stances: Vec<StanceFact> = stances.into_values().filter(|s| o.in_range(s.date.as_deref())).collect();

        let mut mentions = Vec::new();
        for r in select(store, MENTIONS_QUERY)? {
            let (Some(doc), Some(entity)) = (iri_of(r.get("doc")), iri_of(r.get("x"))) else { continue };
            let num = |v: &str| literal_of(r.get(v)).and_then(|x| x.parse::<u64>().ok());
            let (Some(begin), Some(end)) = (num("b"), num("e")) else { continue };
            let boilerplate = literal_of(r.get("bp")).is_some_and(|b| b == "true");
            if (o.include_boilerplate || !boilerplate) && o.in_range(doc_date(&doc).as_deref()) {
                let location = literal_of(r.get("role")).is_some_and(|r| r == "location");
                mentions.push(MentionFact { doc, entity, begin, end, location });
            }
        }
        mentions.sort_by(|a, b| (&a.doc, a.begin, a.end, &a.entity).cmp(&(&b.doc, b.begin, b.end, &b.entity)));
        mentions.dedup_by(|a, b| (&a.doc, a.begin, a.end, &a.entity) == (&b.doc, b.begin, b.end, &b.entity));

        let mut polarity = HashMap::new();
        for r in select(store, &format!("SELECT ?t ?pol WHERE {{ GRAPH {ONTOLOGY_GRAPH} {{ ?t pg:polarity ?pol }} }}"))?
        {
            if let (Some(t), Some(p)) = (iri_of(r.get("t")), literal_of(r.get("pol"))) {
                polarity.insert(t.strip_prefix(STANCE_TYPE_NS).unwrap_or(local_name(&t)).to_string(), p);
            }
        }

        let mut iris: BTreeSet<&str> = mentions.iter().map(|m| m.entity.as_str()).collect();
        for s in &stances {
            iris.extend([s.actor.as_str(), s.proposal.as_str()]);
            iris.extend(s.target.as_deref());
            iris.extend(s.condition.as_deref());
        }
        let iris: Vec<&str> = iris.into_iter().collect();
        let mut entities = details(store, &iris)?;
        let mut docs_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for m in &mentions {
            if let Some(n) = entities.get_mut(&m.entity) {
                n.weight += 1;
            }
            docs_of.entry(&m.entity).or_default().insert(&m.doc);
        }
        for (e, ds) in docs_of {
            if let Some(n) = entities.get_mut(e) {
                n.documents = ds.len() as u64;
            }
        }
        Ok(Self { docs, stances, mentions, polarity, entities })
    }

    fn entity(&self, iri: &str) -> Node {
        self.entities.get(iri).cloned().unwrap_or_else(|| fallback_node(iri))
    }

    fn polarity(&self, stance: &str) -> Option<&str> {
        self.polarity.get(stance).map(String::as_str)
    }

    fn label(&self, iri: &str) -> String {
        self.entities.get(iri).map_or_else(|| fallback_label(iri), |n| n.label.clone())
    }

    fn stance_node(&self, s: &StanceFact) -> Node {
        let label = format!("{} {} {}", self.label(&s.actor), s.stance, self.label(&s.proposal));
        let mut n = Node::new(&s.iri, label, NodeKind::Stance, &s.stance);
        n.weight = 1;
        n.documents = 1;
        n.date = s.date.clone();
        n
    }

    /// The entities of each sentence holding a mention, per document, in text order.
    fn sentences(&self, store: &Store) -> Result<Vec<(String, BTreeSet<String>)>> {
        let docs: Vec<&str> =
            self.mentions.iter().map(|m| m.doc.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
        let texts = select_each(store, &docs, |v| {
            format!("SELECT ?doc ?text WHERE {{ VALUES ?doc {{ {v}}} GRAPH ?doc {{ ?doc nif:isString ?text }} }}")
        })?;
        let texts: BTreeMap<String, String> =
            texts.iter().filter_map(|r| Some((iri_of(r.get("doc"))?, literal_of(r.get("text"))?))).collect();
        let mut out = Vec::new();
        for (doc, text) in &texts {
            let seg = crate::segment::segment(text);
            // code-point spans of the sentences, in order
            let spans: Vec<(u64, u64)> = seg
                .sentences
                .iter()
                .map(|s| (seg.offsets.char_offset(s.start) as u64, seg.offsets.char_offset(s.end) as u64))
                .collect();
            let mut groups: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
            for m in self.mentions_in(doc) {
                let i = spans.partition_point(|(_, end)| *end <= m.begin);
                if spans.get(i).is_some_and(|(start, _)| *start <= m.begin) {
                    groups.entry(i).or_default().insert(m.entity.clone());
                }
            }
            out.extend(groups.into_values().map(|g| (doc.clone(), g)));
        }
        Ok(out)
    }

    /// The mentions of one document (the list is sorted by document).
    fn mentions_in(&self, doc: &str) -> &[MentionFact] {
        let start = self.mentions.partition_point(|m| m.doc.as_str() < doc);
        let end = start + self.mentions[start..].partition_point(|m| m.doc == doc);
        &self.mentions[start..end]
    }

    fn doc_date(&self, doc: &str) -> Option<&str> {
        self.docs.get(doc).and_then(|d| d.date.as_deref())
    }
}

/// Label, kind, subtype and coordinates of each entity (no weights yet).
fn details(store: &Store, iris: &[&str]) -> Result<BTreeMap<String, Node>> {
    let mut labels: BTreeMap<String, Vec<(u8, String)>> = BTreeMap::new();
    for r in select_each(store, iris, |v| format!("SELECT ?e ?l WHERE {{ VALUES ?e {{ {v}}} ?e skos:prefLabel ?l }}"))?
    {
        if let (Some(e), Some(Term::Literal(l))) = (iri_of(r.get("e")), r.get("l")) {
            // English first, then untagged, then any (as the reports do)
            let rank = match l.language() {
                Some("en") => 0,
                None => 1,
                Some(x) if x.starts_with("en-") => 2,
                Some(_) => 3,
            };
            labels.entry(e).or_default().push((rank, l.value().to_string()));
        }
    }
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in select_each(store, iris, |v| format!("SELECT DISTINCT ?e ?t WHERE {{ VALUES ?e {{ {v}}} ?e a ?t }}"))? {
        if let (Some(e), Some(t)) = (iri_of(r.get("e")), iri_of(r.get("t"))) {
            types.entry(e).or_default().push(t);
        }
    }
    let mut coords: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for r in select_each(store, iris, |v| {
        format!("SELECT ?e ?lat ?long WHERE {{ VALUES ?e {{ {v}}} ?e wgs84:lat ?lat ; wgs84:long ?long }}")
    })? {
        let num = |v: &str| literal_of(r.get(v)).and_then(|x| x.parse::<f64>().ok()).filter(|x| x.is_finite());
        if let (Some(e), Some(lat), Some(long)) = (iri_of(r.get("e")), num("lat"), num("long")) {
            let c = coords.entry(e).or_insert((lat, long));
            *c = (c.0.min(lat), c.1.min(long));
        }
    }
    let mut out = BTreeMap::new();
    for iri in iris {
        let label = labels.get_mut(*iri).and_then(|ls| {
            ls.sort();
            ls.first().map(|(_, l)| l.clone())
        });
        let (kind, subtype) = classify(types.get(*iri).map_or(&[][..], Vec::as_slice));
        let mut n = Node::new(iri, label.unwrap_or_else(|| fallback_label(iri)), kind, subtype);
        if let Some((lat, long)) = coords.get(*iri) {
            n.lat = Some(*lat);
            n.long = Some(*long);
        }
        out.insert(iri.to_string(), n);
    }
    Ok(out)
}

fn fallback_label(iri: &str) -> String {
    local_name(iri).replace('-', " ")
}

fn fallback_node(iri: &str) -> Node {
    Node::new(iri, fallback_label(iri), NodeKind::Other, "")
}

/// The classes a node subtype may name, most specific first.
const SUBTYPES: [&str; 18] = [
    "Country",
    "Government",
    "Alliance",
    "Ministry",
    "Legislature",
    "MediaOrganization",
    "Institution",
    "Company",
    "ArmedForce",
    "PoliticalParty",
    "CollectiveActor",
    "Continent",
    "Region",
    "City",
    "Facility",
    "Person",
    "Proposal",
    "Organization",
];

/// Kind and subtype from an entity's class IRIs.
pub(crate) fn classify(types: &[String]) -> (NodeKind, &'static str) {
    let locals: Vec<&str> = types.iter().filter(|t| t.contains("pactgraph")).map(|t| local_name(t)).collect();
    let has = |c: &str| locals.contains(&c);
    let kind = if has("Person") {
        NodeKind::Person
    } else if has("Proposal") {
        NodeKind::Proposal
    } else if has("State") || has("Country") {
        NodeKind::State
    } else if ["Region", "City", "Facility", "Continent", "Place"].iter().any(|c| has(c)) {
        NodeKind::Place
    } else if locals.is_empty() {
        return (NodeKind::Other, "");
    } else {
        NodeKind::Organization
    };
    let subtype = SUBTYPES.iter().find(|c| has(c)).copied().unwrap_or(match kind {
        NodeKind::Place => "Place",
        _ => "Organization",
    });
    (kind, subtype)
}

/// `--type` values compare lowercase without spaces, dashes or underscores.
pub(crate) fn type_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Whether `t` names a node kind or subtype.
pub(crate) fn known_type(t: &str) -> bool {
    let k = type_key(t);
    NodeKind::ALL.iter().any(|n| n.as_str() == k)
        || SUBTYPES.iter().chain(["Place", "Document"].iter()).any(|s| type_key(s) == k)
}

fn is_place(n: &Node) -> bool {
    matches!(n.kind, NodeKind::Place) || n.subtype == "Country"
}

// ------------------------------------------------------------------ views

/// Builds `options.view`.
pub(crate) fn build_view(store: &Store, o: &ExportOptions) -> Result<ExportGraph> {
    let facts = Facts::load(store, o)?;
    let mut b = GraphBuilder::default();
    let name = format!("pactgraph-{}", o.view.as_str());
    match o.view {
        View::Stances => {
            for s in &facts.stances {
                b.node(facts.entity(&s.actor));
                b.node(facts.entity(&s.proposal));
                let f = Fact {
                    label: &s.stance,
                    relation: "stance",
                    stance: Some(&s.stance),
                    polarity: facts.polarity(&s.stance),
                    date: s.date.as_deref(),
                    hedged: s.hedged,
                };
                b.fact(&s.actor, &s.proposal, &f);
                if let Some(c) = &s.condition {
                    b.node(facts.entity(c));
                    let f = Fact { label: "conditional on", relation: "condition", polarity: Some("conditional"), ..f };
                    b.fact(&s.proposal, c, &f);
                }
            }
            Ok(b.finish(&name, true))
        }
        View::Mentions => {
            for m in &facts.mentions {
                b.node(facts.entity(&m.entity));
            }
            for (doc, group) in facts.sentences(store)? {
                let group: Vec<&String> = group.iter().collect();
                for (i, a) in group.iter().enumerate() {
                    for c in &group[i + 1..] {
                        let f = Fact {
                            label: "mentioned with",
                            relation: "co-mention",
                            date: facts.doc_date(&doc),
                            ..Fact::default()
                        };
                        b.fact(a, c, &f);
                    }
                }
            }
            Ok(b.finish(&name, false))
        }
        View::Places => places(store, &facts, b, &name),
        View::Full => {
            let stance_docs: BTreeSet<&str> = facts.stances.iter().map(|s| s.doc.as_str()).collect();
            for (doc, d) in &facts.docs {
                let mentions = facts.mentions_in(doc).len();
                if mentions > 0 || stance_docs.contains(doc.as_str()) {
                    let mut n = Node::new(doc, d.title.clone(), NodeKind::Document, "Document");
                    n.weight = mentions as u64;
                    n.documents = 1;
                    n.date = d.date.clone();
                    b.node(n);
                }
            }
            for m in &facts.mentions {
                b.node(facts.entity(&m.entity));
                let f =
                    Fact { label: "mentions", relation: "mentions", date: facts.doc_date(&m.doc), ..Fact::default() };
                b.fact(&m.doc, &m.entity, &f);
            }
            for s in &facts.stances {
                b.node(facts.stance_node(s));
                let roles = [
                    ("actor", Some(&s.actor)),
                    ("proposal", Some(&s.proposal)),
                    ("target", s.target.as_ref()),
                    ("condition", s.condition.as_ref()),
                ];
                for (role, x) in roles {
                    if let Some(x) = x {
                        b.node(facts.entity(x));
                        let f = Fact {
                            label: role,
                            relation: role,
                            stance: Some(&s.stance),
                            polarity: facts.polarity(&s.stance),
                            date: s.date.as_deref(),
                            hedged: s.hedged,
                        };
                        b.fact(&s.iri, x, &f);
                    }
                }
                let f =
                    Fact { label: "reported in", relation: "reported-in", date: s.date.as_deref(), ..Fact::default() };
                b.fact(&s.iri, &s.doc, &f);
            }
            let places: Vec<String> = b.nodes.values().filter(|n| is_place(n)).map(|n| n.iri.clone()).collect();
            located_in(store, &mut b, &places)?;
            Ok(b.finish(&name, true))
        }
    }
}

/// Adds "located in" edges from each of `places` to the containers already in `b`.
fn located_in(store: &Store, b: &mut GraphBuilder, places: &[String]) -> Result<()> {
    let iris: Vec<&str> = places.iter().map(String::as_str).collect();
    for (a, c) in containers(store, &iris)? {
        b.fact(&a, &c, &Fact { label: "located in", relation: "located-in", ..Fact::default() });
    }
    Ok(())
}

/// (place, container) pairs of `pg:locatedIn`, sorted.
fn containers(store: &Store, iris: &[&str]) -> Result<Vec<(String, String)>> {
    let mut pairs: Vec<(String, String)> = select_each(store, iris, |v| {
        format!("SELECT DISTINCT ?a ?b WHERE {{ VALUES ?a {{ {v}}} ?a pg:locatedIn ?b }}")
    })?
    .iter()
    .filter_map(|r| Some((iri_of(r.get("a"))?, iri_of(r.get("b"))?)))
    .collect();
    pairs.sort();
    pairs.dedup();
    Ok(pairs)
}

fn places(store: &Store, facts: &Facts, mut b: GraphBuilder, name: &str) -> Result<ExportGraph> {
    let mut place_iris: BTreeSet<String> = BTreeSet::new();
    for m in &facts.mentions {
        let n = facts.entity(&m.entity);
        if is_place(&n) {
            place_iris.insert(n.iri.clone());
            b.node(n);
        }
    }
    // the containment chain up from every place mentioned
    let mut pairs = Vec::new();
    let mut frontier: Vec<String> = place_iris.iter().cloned().collect();
    while !frontier.is_empty() {
        let iris: Vec<&str> = frontier.iter().map(String::as_str).collect();
        let found = containers(store, &iris)?;
        let new: Vec<String> = found
            .iter()
            .map(|(_, c)| c.clone())
            .filter(|c| !place_iris.contains(c))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let new_refs: Vec<&str> = new.iter().map(String::as_str).collect();
        for (_, n) in details(store, &new_refs)? {
            b.node(n);
        }
        place_iris.extend(new.iter().cloned());
        pairs.extend(found);
        frontier = new;
    }
    pairs.sort();
    pairs.dedup();
    for (a, c) in &pairs {
        b.fact(a, c, &Fact { label: "located in", relation: "located-in", ..Fact::default() });
    }
    // proposals the ontology ties to these places, when the documents name them
    let named: BTreeSet<&str> = facts
        .mentions
        .iter()
        .map(|m| m.entity.as_str())
        .chain(facts.stances.iter().flat_map(|s| [s.proposal.as_str()].into_iter().chain(s.condition.as_deref())))
        .collect();
    let iris: Vec<&str> = place_iris.iter().map(String::as_str).collect();
    let concerns = select_each(store, &iris, |v| {
        format!("SELECT DISTINCT ?p ?pl WHERE {{ VALUES ?pl {{ {v}}} ?p pg:concerns ?pl }}")
    })?;
    let mut concerns: Vec<(String, String)> =
        concerns.iter().filter_map(|r| Some((iri_of(r.get("p"))?, iri_of(r.get("pl"))?))).collect();
    concerns.sort();
    for (p, pl) in &concerns {
        if named.contains(p.as_str()) {
            b.node(facts.entity(p));
            b.fact(p, pl, &Fact { label: "concerns", relation: "concerns", ..Fact::default() });
        }
    }
    // proposals named in the same sentence as a place
    for (doc, group) in facts.sentences(store)? {
        for p in group.iter().filter(|e| facts.entities.get(*e).is_some_and(|n| n.kind == NodeKind::Proposal)) {
            for pl in group.iter().filter(|e| place_iris.contains(*e)) {
                b.node(facts.entity(p));
                let f = Fact {
                    label: "mentioned with",
                    relation: "co-mention",
                    date: facts.doc_date(&doc),
                    ..Fact::default()
                };
                b.fact(p, pl, &f);
            }
        }
    }
    // stances whose evidence sentence names a place: a region, city or facility, or a
    // country named as a location ("talks in Russia"), never the stance's own actor or target
    for s in &facts.stances {
        let Some((begin, end)) = s.evidence else { continue };
        let here: BTreeSet<&str> = facts
            .mentions_in(&s.doc)
            .iter()
            .filter(|m| m.begin >= begin && m.end <= end && place_iris.contains(&m.entity))
            .filter(|m| m.entity != s.actor && s.target.as_ref() != Some(&m.entity))
            .filter(|m| m.location || facts.entities.get(&m.entity).is_some_and(|n| n.kind == NodeKind::Place))
            .map(|m| m.entity.as_str())
            .collect();
        for pl in here {
            b.node(facts.stance_node(s));
            let f = Fact {
                label: "at",
                relation: "at",
                stance: Some(&s.stance),
                polarity: facts.polarity(&s.stance),
                date: s.date.as_deref(),
                hedged: s.hedged,
            };
            b.fact(&s.iri, pl, &f);
        }
    }
    Ok(b.finish(name, true))
}

// ------------------------------------------------------------------ CONSTRUCT

const LABEL_PREDICATES: [&str; 5] = [
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
];

/// The graph of a CONSTRUCT result: subjects and IRI objects are nodes, each triple with an
/// IRI or blank object an edge named after its predicate. `rdf:type` gives a node its kind,
/// label predicates (skos:prefLabel, rdfs:label, schema:name, foaf:name, dct:title) its
/// label, and wgs84 lat/long its coordinates; nodes without them take what the store says.
/// Other literals are left out.
pub(crate) fn construct(store: &Store, query: &str) -> Result<ExportGraph> {
    let QueryResults::Graph(triples) = store.query(query)? else {
        return Err(Error::Export("--construct needs a CONSTRUCT (or DESCRIBE) query".into()));
    };
    let key = |t: &Term| match t {
        Term::NamedNode(n) => Some(n.as_str().to_string()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    };
    let mut labels: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut types: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut coords: BTreeMap<String, (Option<f64>, Option<f64>)> = BTreeMap::new();
    let mut nodes: BTreeSet<String> = BTreeSet::new();
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    for t in triples {
        let t = t.map_err(|e| Error::QueryEvaluation(e.to_string()))?;
        let Some(s) = key(&t.subject.clone().into()) else { continue };
        let p = t.predicate.as_str();
        nodes.insert(s.clone());
        match &t.object {
            Term::Literal(l) => {
                if LABEL_PREDICATES.contains(&p) {
                    labels.entry(s).or_default().insert(l.value().to_string());
                } else if p.ends_with("wgs84_pos#lat") {
                    coords.entry(s).or_default().0 = l.value().parse().ok();
                } else if p.ends_with("wgs84_pos#long") {
                    coords.entry(s).or_default().1 = l.value().parse().ok();
                }
            }
            o => {
                let Some(o) = key(o) else { continue };
                if p == rdf::TYPE.as_str() {
                    types.entry(s).or_default().push(o);
                } else {
                    nodes.insert(o.clone());
                    edges.insert((s, o, p.to_string()));
                }
            }
        }
    }
    let lookup: Vec<&str> = nodes
        .iter()
        .filter(|n| !n.starts_with("_:") && (!labels.contains_key(*n) || !types.contains_key(*n)))
        .map(String::as_str)
        .collect();
    let known = details(store, &lookup)?;
    let mut b = GraphBuilder::default();
    for iri in &nodes {
        let mut n = known.get(iri).cloned().unwrap_or_else(|| fallback_node(iri));
        if let Some(l) = labels.get(iri).and_then(|l| l.first()) {
            n.label = l.clone();
        }
        if let Some(t) = types.get(iri) {
            let (kind, subtype) = classify(t);
            if kind != NodeKind::Other {
                (n.kind, n.subtype) = (kind, subtype.to_string());
            } else if n.kind == NodeKind::Other {
                n.subtype = t.iter().map(|x| local_name(x)).min().unwrap_or_default().to_string();
            }
        }
        if let Some((Some(lat), Some(long))) = coords.get(iri) {
            (n.lat, n.long) = (Some(*lat), Some(*long));
        }
        b.node(n);
    }
    for (s, o, p) in &edges {
        let relation = crate::report::short_iri(p);
        b.fact(s, o, &Fact { label: local_name(p), relation: &relation, ..Fact::default() });
    }
    Ok(b.finish("pactgraph-construct", true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_map_to_kinds() {
        let p = "https://w3id.org/pactgraph/ontology#";
        let c = |names: &[&str]| classify(&names.iter().map(|n| format!("{p}{n}")).collect::<Vec<_>>());
        assert_eq!(c(&["Country", "State"]), (NodeKind::State, "Country"));
        assert_eq!(c(&["City"]), (NodeKind::Place, "City"));
        assert_eq!(c(&["Proposal"]).0, NodeKind::Proposal);
        assert_eq!(c(&["MediaOrganization", "Organization"]), (NodeKind::Organization, "MediaOrganization"));
        assert_eq!(classify(&["https://schema.org/Thing".to_string()]).0, NodeKind::Other);
    }

    #[test]
    fn type_names_are_forgiving() {
        assert!(known_type("person"));
        assert!(known_type("Media-Organization"));
        assert!(known_type("city"));
        assert!(!known_type("banana"));
        assert_eq!(type_key("Media Organization"), "mediaorganization");
    }
}

//! Exports the graph of actors, places, proposals and stances through petgraph, as DOT
//! (Graphviz) or GraphML (Gephi, yEd, Cytoscape).
//!
//! Nodes are the entities mentioned in the article bodies of the store, plus the actors,
//! targets and proposals of stances. Edges: one per (actor, stance type, proposal), weighted
//! by the number of supporting statements, with the latest date; "conditional on" edges from a
//! proposal to its condition; "located in" edges between places. Output is sorted, so the same
//! store gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use oxigraph::sparql::QuerySolution;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::Result;
use crate::query::{iri_of, literal_of};
use crate::rdf::vocab::local_name;
use crate::store::Store;

/// The kind of a node, for shapes and colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeKind {
    /// A person.
    Person,
    /// A state (country as actor).
    State,
    /// Another organisation.
    Organization,
    /// A place.
    Place,
    /// A proposal.
    Proposal,
}

impl NodeKind {
    /// Lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::State => "state",
            Self::Organization => "organization",
            Self::Place => "place",
            Self::Proposal => "proposal",
        }
    }
}

/// A node of the exported graph.
#[derive(Debug, Clone)]
pub struct Node {
    /// Entity IRI.
    pub iri: String,
    /// Display name.
    pub label: String,
    /// Kind.
    pub kind: NodeKind,
    /// Class name (Country, City, Media...).
    pub subtype: String,
    /// Latitude, for places.
    pub lat: Option<f64>,
    /// Longitude, for places.
    pub long: Option<f64>,
    /// Number of documents mentioning it.
    pub documents: u64,
}

/// An edge of the exported graph.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Display label.
    pub label: String,
    /// Stance type, or `condition` / `located-in`.
    pub stance: String,
    /// Number of supporting statements.
    pub weight: u64,
    /// Latest statement date.
    pub last_date: Option<String>,
    /// True when every supporting statement is hedged.
    pub hedged: bool,
}

impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// The exported graph.
pub type ExportGraph = DiGraph<Node, Edge>;

// Nodes come from two cheap queries and one lookup (a UNION of GRAPH blocks, or OPTIONALs inside
// them, makes oxigraph 0.5 pick plans that take seconds).
const MENTIONED_QUERY: &str = r#"
PREFIX pg: <https://w3id.org/pactgraph/ontology#>
SELECT ?e (COUNT(DISTINCT ?d) AS ?docs) WHERE {
  GRAPH ?d { ?d pg:mentions ?e }
  FILTER NOT EXISTS { GRAPH ?d { ?e pg:inBoilerplate true } }
} GROUP BY ?e
"#;

const STANCE_ENDS_QUERY: &str = r#"
PREFIX pg: <https://w3id.org/pactgraph/ontology#>
SELECT DISTINCT ?e WHERE {
  GRAPH ?d { ?s a pg:Stance ; ?p ?e }
  VALUES ?p { pg:actor pg:proposal pg:target pg:hasCondition }
}
"#;

/// Label, classes and coordinates of the given entities.
fn details_query(iris: &[&String]) -> String {
    let values: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    format!(
        r#"PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
SELECT ?e (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
       (SAMPLE(?lat) AS ?la) (SAMPLE(?long) AS ?lo)
WHERE {{
  VALUES ?e {{ {} }}
  OPTIONAL {{ ?e skos:prefLabel ?l }}
  OPTIONAL {{ ?e a ?t }}
  OPTIONAL {{ ?e wgs84:lat ?lat ; wgs84:long ?long }}
}} GROUP BY ?e"#,
        values.join(" ")
    )
}

const STANCE_EDGES_QUERY: &str = r#"
PREFIX pg: <https://w3id.org/pactgraph/ontology#>
SELECT ?a ?type ?p (COUNT(DISTINCT ?s) AS ?n) (MAX(STR(?date)) AS ?last) (MIN(STR(?h)) AS ?hedged)
WHERE { GRAPH ?d { ?s a pg:Stance ; pg:actor ?a ; pg:stance ?type ; pg:proposal ?p ; pg:hedged ?h .
                   OPTIONAL { ?s pg:statementDate ?date } } }
GROUP BY ?a ?type ?p
ORDER BY ?a ?type ?p
"#;

const CONDITION_EDGES_QUERY: &str = r#"
PREFIX pg: <https://w3id.org/pactgraph/ontology#>
SELECT ?p ?c (COUNT(DISTINCT ?s) AS ?n) (MAX(STR(?date)) AS ?last)
WHERE { GRAPH ?d { ?s a pg:Stance ; pg:proposal ?p ; pg:hasCondition ?c . OPTIONAL { ?s pg:statementDate ?date } } }
GROUP BY ?p ?c
ORDER BY ?p ?c
"#;

/// Containment between the given places (an unrestricted, ordered scan of all ~37k pairs of
/// the gazetteer takes seconds).
fn located_in_query(iris: &[&String]) -> String {
    let values: Vec<String> = iris.iter().map(|i| format!("<{i}>")).collect();
    format!(
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#>\nSELECT DISTINCT ?a ?b WHERE {{ VALUES ?a {{ {} }} ?a pg:locatedIn ?b }}",
        values.join(" ")
    )
}

/// Builds the graph of the store.
pub fn build_graph(store: &Store) -> Result<ExportGraph> {
    let mut g = ExportGraph::new();
    let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
    let mut documents: BTreeMap<String, u64> = BTreeMap::new();
    for row in store.select(MENTIONED_QUERY)? {
        if let Some(iri) = iri_of(row.get(0)) {
            let n = literal_of(row.get(1)).and_then(|v| v.parse().ok()).unwrap_or(0);
            documents.insert(iri, n);
        }
    }
    for row in store.select(STANCE_ENDS_QUERY)? {
        if let Some(iri) = iri_of(row.get(0)) {
            documents.entry(iri).or_insert(0);
        }
    }
    let iris: Vec<&String> = documents.keys().collect();
    let mut details: BTreeMap<String, QuerySolution> = BTreeMap::new();
    for chunk in iris.chunks(500) {
        for row in store.select(&details_query(chunk))? {
            if let Some(iri) = iri_of(row.get(0)) {
                details.insert(iri, row);
            }
        }
    }
    for (iri, docs) in &documents {
        let row = details.get(iri);
        let cell = |i: usize| row.and_then(|r| literal_of(r.get(i)));
        let types = cell(2).unwrap_or_default();
        let (kind, subtype) = classify(&types);
        let label = cell(1).unwrap_or_else(|| local_name(iri).replace('-', " "));
        let num = |i: usize| cell(i).and_then(|v| v.parse::<f64>().ok());
        let node = Node { label, kind, subtype, lat: num(3), long: num(4), documents: *docs, iri: iri.clone() };
        let ix = g.add_node(node);
        index.insert(iri.clone(), ix);
    }
    for row in store.select(STANCE_EDGES_QUERY)? {
        let (Some(a), Some(t), Some(p)) = (iri_of(row.get(0)), iri_of(row.get(1)), iri_of(row.get(2))) else {
            continue;
        };
        let (Some(&ai), Some(&pi)) = (index.get(&a), index.get(&p)) else { continue };
        let stance = local_name(&t).to_string();
        let weight = literal_of(row.get(3)).and_then(|v| v.parse().ok()).unwrap_or(1);
        let last_date = literal_of(row.get(4)).filter(|v| !v.is_empty());
        let hedged = literal_of(row.get(5)).is_some_and(|v| v == "true");
        g.add_edge(ai, pi, Edge { label: stance.clone(), stance, weight, last_date, hedged });
    }
    for row in store.select(CONDITION_EDGES_QUERY)? {
        let (Some(p), Some(c)) = (iri_of(row.get(0)), iri_of(row.get(1))) else {
            continue;
        };
        let (Some(&pi), Some(&ci)) = (index.get(&p), index.get(&c)) else { continue };
        let weight = literal_of(row.get(2)).and_then(|v| v.parse().ok()).unwrap_or(1);
        let last_date = literal_of(row.get(3)).filter(|v| !v.is_empty());
        g.add_edge(
            pi,
            ci,
            Edge { label: "conditional on".into(), stance: "condition".into(), weight, last_date, hedged: false },
        );
    }
    let places: Vec<&String> =
        index.keys().filter(|k| matches!(g[index[*k]].kind, NodeKind::Place | NodeKind::State)).collect();
    let mut pairs: Vec<(String, String)> = Vec::new();
    for chunk in places.chunks(500) {
        for row in store.select(&located_in_query(chunk))? {
            if let (Some(a), Some(b)) = (iri_of(row.get(0)), iri_of(row.get(1))) {
                pairs.push((a, b));
            }
        }
    }
    pairs.sort();
    for (a, b) in pairs {
        if let (Some(&ai), Some(&bi)) = (index.get(&a), index.get(&b)) {
            g.add_edge(
                ai,
                bi,
                Edge {
                    label: "located in".into(),
                    stance: "located-in".into(),
                    weight: 1,
                    last_date: None,
                    hedged: false,
                },
            );
        }
    }
    Ok(g)
}

/// Kind and subtype from the space-separated class IRIs of an entity.
fn classify(types: &str) -> (NodeKind, String) {
    let locals: Vec<&str> = types.split_whitespace().filter(|t| t.contains("pactgraph")).map(local_name).collect();
    let has = |c: &str| locals.contains(&c);
    let kind = if has("Person") {
        NodeKind::Person
    } else if has("Proposal") {
        NodeKind::Proposal
    } else if has("State") || has("Country") {
        NodeKind::State
    } else if ["Region", "City", "Facility", "Continent", "Place"].iter().any(|c| has(c)) {
        NodeKind::Place
    } else {
        NodeKind::Organization
    };
    let specific = [
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
    ];
    let subtype = specific.iter().find(|c| has(c)).map_or("Organization", |c| c).to_string();
    (kind, subtype)
}

/// Escapes a string for a DOT quoted ID.
fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Colour of an edge by stance polarity.
fn edge_colour(stance: &str) -> &'static str {
    match stance {
        "offer" | "propose" | "accept" | "support" | "demand" => "darkgreen",
        "reject" | "oppose" | "warn" => "firebrick",
        "condition" => "darkorange",
        "located-in" => "gray60",
        _ => "steelblue",
    }
}

/// Writes the graph as DOT with petgraph's writer.
pub fn write_dot(g: &ExportGraph, mut out: impl Write) -> Result<()> {
    let dot = Dot::with_attr_getters(
        g,
        &[Config::NodeNoLabel, Config::EdgeNoLabel],
        &|_, e| {
            let w = e.weight();
            format!(
                "label = \"{}\" color = \"{}\" penwidth = {} {}",
                dot_escape(&w.label),
                edge_colour(&w.stance),
                1 + w.weight.min(5),
                if w.hedged { "style = dashed" } else { "" }
            )
        },
        &|_, (_, n)| {
            let (shape, fill) = match n.kind {
                NodeKind::Person => ("ellipse", "lightskyblue"),
                NodeKind::State => ("hexagon", "gold"),
                NodeKind::Organization => ("box", "khaki"),
                NodeKind::Place => ("house", "palegreen"),
                NodeKind::Proposal => ("note", "lightpink"),
            };
            format!(
                "label = \"{}\" shape = {shape} style = filled fillcolor = \"{fill}\" tooltip = \"{}\"",
                dot_escape(&n.label),
                dot_escape(&n.iri)
            )
        },
    );
    writeln!(out, "{dot}")?;
    Ok(())
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => o.push(c),
        }
    }
    o
}

/// Writes the graph as GraphML: every key declared before the graph with its `attr.type`.
/// (Written by hand: petgraph-graphml declares every attribute as a string.)
pub fn write_graphml(g: &ExportGraph, mut out: impl Write) -> Result<()> {
    let mut s = String::new();
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (id, target, name, ty) in [
        ("label", "node", "label", "string"),
        ("type", "node", "type", "string"),
        ("subtype", "node", "subtype", "string"),
        ("iri", "node", "iri", "string"),
        ("latitude", "node", "latitude", "double"),
        ("longitude", "node", "longitude", "double"),
        ("documents", "node", "documents", "int"),
        ("elabel", "edge", "label", "string"),
        ("stance", "edge", "stance", "string"),
        ("weight", "edge", "weight", "int"),
        ("last_date", "edge", "last_date", "string"),
        ("hedged", "edge", "hedged", "boolean"),
    ] {
        let _ = writeln!(s, "  <key id=\"{id}\" for=\"{target}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>");
    }
    s.push_str("  <graph id=\"pactgraph\" edgedefault=\"directed\">\n");
    for ix in g.node_indices() {
        let n = &g[ix];
        let _ = writeln!(s, "    <node id=\"n{}\">", ix.index());
        let _ = writeln!(s, "      <data key=\"label\">{}</data>", xml_escape(&n.label));
        let _ = writeln!(s, "      <data key=\"type\">{}</data>", n.kind.as_str());
        let _ = writeln!(s, "      <data key=\"subtype\">{}</data>", xml_escape(&n.subtype));
        let _ = writeln!(s, "      <data key=\"iri\">{}</data>", xml_escape(&n.iri));
        if let (Some(lat), Some(long)) = (n.lat, n.long) {
            let _ = writeln!(s, "      <data key=\"latitude\">{lat}</data>");
            let _ = writeln!(s, "      <data key=\"longitude\">{long}</data>");
        }
        let _ = writeln!(s, "      <data key=\"documents\">{}</data>", n.documents);
        s.push_str("    </node>\n");
    }
    for e in g.edge_indices() {
        let Some((a, b)) = g.edge_endpoints(e) else { continue };
        let w = &g[e];
        let _ = writeln!(s, "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\">", e.index(), a.index(), b.index());
        let _ = writeln!(s, "      <data key=\"elabel\">{}</data>", xml_escape(&w.label));
        let _ = writeln!(s, "      <data key=\"stance\">{}</data>", xml_escape(&w.stance));
        let _ = writeln!(s, "      <data key=\"weight\">{}</data>", w.weight);
        if let Some(d) = &w.last_date {
            let _ = writeln!(s, "      <data key=\"last_date\">{}</data>", xml_escape(d));
        }
        let _ = writeln!(s, "      <data key=\"hedged\">{}</data>", w.hedged);
        s.push_str("    </edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    out.write_all(s.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_labels_are_escaped() {
        assert_eq!(dot_escape(r#"say "no" \ now"#), r#"say \"no\" \\ now"#);
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(xml_escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn classes_map_to_kinds() {
        let p = "https://w3id.org/pactgraph/ontology#";
        assert_eq!(classify(&format!("{p}Country {p}State")).0, NodeKind::State);
        assert_eq!(classify(&format!("{p}City")), (NodeKind::Place, "City".to_string()));
        assert_eq!(classify(&format!("{p}Proposal")).0, NodeKind::Proposal);
    }
}

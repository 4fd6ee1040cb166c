//! Exports views of the store as graphs for people to look at: DOT for Graphviz, GraphML for
//! Gephi, yEd and Cytoscape, and PNG/SVG rendered through Graphviz.
//!
//! A view is built from a few SPARQL queries over the store into a petgraph graph
//! ([`ExportGraph`]), then filtered ([`ExportOptions`]), then written by [`graphml`] or [`dot`].
//! The views ([`View`]):
//!
//! * `stances`: actors -> proposals, one edge per (actor, stance type, proposal), weighted by
//!   the number of statements, with the first and latest date; "conditional on" edges from a
//!   stance's proposal to its condition.
//! * `mentions`: actors, places and proposals, linked (undirected) when mentioned in the same
//!   sentence, weighted by the number of such sentences. Sentences are found again by running
//!   [`crate::segment`] on the stored text (the store keeps only the stance sentences).
//! * `places`: the places mentioned with their containment chain (city in region in country),
//!   the proposals tied to them (`pg:concerns`, or named in the same sentence) and the stances
//!   (events) whose evidence sentence names them.
//! * `full`: every entity, proposal, stance and document, with their links.
//!
//! A SPARQL CONSTRUCT query can replace the view ([`ExportOptions::construct`]).
//!
//! Every node and edge is sorted by IRI before the graph is built, so the same store gives the
//! same bytes. This module does not extract anything: it reads what the pipeline stored.

pub mod dot;
pub mod graphml;
pub mod render;
mod views;

use std::collections::{BTreeMap, BTreeSet, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::error::{Error, Result};
use crate::store::Store;

pub use views::View;
pub(crate) use views::classify;

/// The kind of a node, for shapes, colours and `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// A person.
    Person,
    /// A state (a country acting politically).
    State,
    /// Another organisation.
    Organization,
    /// A place.
    Place,
    /// A proposal.
    Proposal,
    /// A stance (an actor's statement on a proposal).
    Stance,
    /// A document (an ingested article).
    Document,
    /// Anything else (nodes of a CONSTRUCT result without a known class).
    Other,
}

impl NodeKind {
    /// Every kind, in display order.
    pub const ALL: [NodeKind; 8] = [
        Self::Person,
        Self::State,
        Self::Organization,
        Self::Place,
        Self::Proposal,
        Self::Stance,
        Self::Document,
        Self::Other,
    ];

    /// Lowercase name, as written in the `type` attribute and accepted by `--type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::State => "state",
            Self::Organization => "organization",
            Self::Place => "place",
            Self::Proposal => "proposal",
            Self::Stance => "stance",
            Self::Document => "document",
            Self::Other => "other",
        }
    }
}

/// A node of an exported graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// IRI (or blank node label, for CONSTRUCT results).
    pub iri: String,
    /// Display name: the preferred label, a document's title, or "actor stance proposal".
    pub label: String,
    /// Kind.
    pub kind: NodeKind,
    /// The most specific class (Country, City, MediaOrganization...), or the stance type.
    pub subtype: String,
    /// Latitude (WGS84), for places.
    pub lat: Option<f64>,
    /// Longitude (WGS84), for places.
    pub long: Option<f64>,
    /// Weight independent of the graph's edges: how many times the documents mention it (for a
    /// document, how many mentions it holds; for a stance, 1).
    pub weight: u64,
    /// How many documents mention it.
    pub documents: u64,
    /// Date of a document or stance.
    pub date: Option<String>,
}

impl Node {
    fn new(iri: &str, label: String, kind: NodeKind, subtype: &str) -> Self {
        Self {
            iri: iri.to_string(),
            label,
            kind,
            subtype: subtype.to_string(),
            lat: None,
            long: None,
            weight: 0,
            documents: 0,
            date: None,
        }
    }
}

/// An edge of an exported graph: one or more facts of the same relation between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Display label: the stance type, "conditional on", "located in"...
    pub label: String,
    /// The relation: `stance`, `condition`, `co-mention`, `located-in`, `concerns`, `at`,
    /// `mentions`, `actor`, `proposal`, `target`, `reported-in`, or a CONSTRUCT predicate.
    pub relation: String,
    /// The stance type (offer, reject...), on edges that stand for stances.
    pub stance: Option<String>,
    /// The stance type's polarity from the ontology: supportive, opposed, conditional or
    /// neutral.
    pub polarity: Option<String>,
    /// Number of facts behind the edge (statements, sentences, mentions).
    pub weight: u64,
    /// Earliest date of those facts.
    pub first_date: Option<String>,
    /// Latest date of those facts.
    pub last_date: Option<String>,
    /// True when every statement behind the edge is hedged.
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

/// An exported graph: nodes sorted by IRI, edges by (source, target, relation).
#[derive(Debug, Clone)]
pub struct ExportGraph {
    /// The graph.
    pub graph: DiGraph<Node, Edge>,
    /// False when edges have no direction (the `mentions` view).
    pub directed: bool,
    /// A name for the graph: `pactgraph-stances`, `pactgraph-construct`...
    pub name: String,
}

impl ExportGraph {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }
}

/// What to export and how to filter it.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The view.
    pub view: View,
    /// A SPARQL CONSTRUCT query whose triples become the graph instead of the view.
    pub construct: Option<String>,
    /// Keep only the nodes within `depth` edges (in either direction) of the entities this name,
    /// alias, IRI or `pgr:` short form names.
    pub focus: Option<String>,
    /// Depth of the ego network around `focus`.
    pub depth: usize,
    /// Keep only nodes of these kinds or subtypes (`person`, `place`, `city`...), lowercase.
    pub types: Vec<String>,
    /// Drop edges of a smaller weight, then the nodes left without edges.
    pub min_weight: u64,
    /// Only facts dated on or after this day (`YYYY-MM-DD`; undated facts are dropped).
    pub since: Option<String>,
    /// Only facts dated on or before this day.
    pub until: Option<String>,
    /// Count mentions in boilerplate (footers, teasers, author bios) too.
    pub include_boilerplate: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            view: View::Stances,
            construct: None,
            focus: None,
            depth: 1,
            types: Vec::new(),
            min_weight: 1,
            since: None,
            until: None,
            include_boilerplate: false,
        }
    }
}

impl ExportOptions {
    /// True when `date` passes `since`/`until` (always, when neither is set).
    fn in_range(&self, date: Option<&str>) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let Some(d) = date else { return false };
        self.since.as_deref().is_none_or(|s| d >= s) && self.until.as_deref().is_none_or(|u| d <= u)
    }
}

/// Checks a `--since`/`--until` value: a calendar day written `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> std::result::Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = parts.len() == 3
        && [4, 2, 2].iter().zip(&parts).all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
        && matches!(parts[1].parse::<u32>(), Ok(1..=12))
        && matches!(parts[2].parse::<u32>(), Ok(1..=31));
    if ok { Ok(s.to_string()) } else { Err(format!("{s:?} is not a date written YYYY-MM-DD")) }
}

/// Builds the graph `options` asks for: the view (or the CONSTRUCT result), then the filters
/// in this order: type, minimum weight, focus.
pub fn build(store: &Store, options: &ExportOptions) -> Result<ExportGraph> {
    for t in &options.types {
        if !views::known_type(t) {
            return Err(Error::Export(format!(
                "unknown node type {t:?}; use one of {} or a class such as city, country, region, media organization",
                NodeKind::ALL.map(NodeKind::as_str).join(", ")
            )));
        }
    }
    let mut g = match &options.construct {
        Some(q) => views::construct(store, q)?,
        None => views::build_view(store, options)?,
    };
    if !options.types.is_empty() {
        let types: HashSet<String> = options.types.iter().map(|t| views::type_key(t)).collect();
        keep_nodes(&mut g, |_, node| {
            types.contains(node.kind.as_str()) || types.contains(&views::type_key(&node.subtype))
        });
    }
    if options.min_weight > 1 {
        // nodes that lose all their edges go; nodes that never had any stay
        let had_edges: Vec<bool> =
            g.graph.node_indices().map(|n| g.graph.neighbors_undirected(n).next().is_some()).collect();
        let graph = std::mem::take(&mut g.graph);
        g.graph = graph.filter_map_owned(|_, n| Some(n), |_, e| (e.weight >= options.min_weight).then_some(e));
        let still: Vec<bool> =
            g.graph.node_indices().map(|n| g.graph.neighbors_undirected(n).next().is_some()).collect();
        keep_nodes(&mut g, |ix, _| !had_edges[ix.index()] || still[ix.index()]);
    }
    if let Some(term) = &options.focus {
        focus(store, &mut g, term, options.depth)?;
    }
    Ok(g)
}

/// Keeps the nodes `keep` accepts (visited in index order) and the edges between them, in
/// their order (petgraph's `retain_nodes` would swap nodes around).
fn keep_nodes(g: &mut ExportGraph, mut keep: impl FnMut(NodeIndex, &Node) -> bool) {
    let graph = std::mem::take(&mut g.graph);
    g.graph = graph.filter_map_owned(|ix, n| keep(ix, &n).then_some(n), |_, e| Some(e));
}

/// Keeps the ego network of the entities `term` names.
fn focus(store: &Store, g: &mut ExportGraph, term: &str, depth: usize) -> Result<()> {
    let iris: BTreeSet<String> = crate::report::resolve_entities(store, term)?.into_iter().collect();
    let centres: Vec<NodeIndex> = g.graph.node_indices().filter(|n| iris.contains(&g.graph[*n].iri)).collect();
    if centres.is_empty() {
        let names: Vec<String> = iris.iter().map(|i| crate::report::short_iri(i)).collect();
        return Err(Error::Export(format!(
            "{term:?} ({}) is not in the exported graph; try another view or fewer filters",
            names.join(", ")
        )));
    }
    let mut seen: HashSet<NodeIndex> = centres.iter().copied().collect();
    let mut frontier = centres;
    for _ in 0..depth {
        let mut next = Vec::new();
        for n in frontier {
            for m in g.graph.neighbors_undirected(n) {
                if seen.insert(m) {
                    next.push(m);
                }
            }
        }
        frontier = next;
    }
    keep_nodes(g, |ix, _| seen.contains(&ix));
    Ok(())
}

/// Collects nodes and facts, then builds the sorted graph.
#[derive(Debug, Default)]
pub(crate) struct GraphBuilder {
    nodes: BTreeMap<String, Node>,
    edges: BTreeMap<(String, String, String), Edge>,
}

/// One fact behind an edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fact<'a> {
    pub label: &'a str,
    pub relation: &'a str,
    pub stance: Option<&'a str>,
    pub polarity: Option<&'a str>,
    pub date: Option<&'a str>,
    pub hedged: bool,
}

impl GraphBuilder {
    /// Adds a node unless one with its IRI is there.
    pub fn node(&mut self, node: Node) {
        self.nodes.entry(node.iri.clone()).or_insert(node);
    }

    /// Adds one fact between two nodes already added: the first creates the edge, each adds 1
    /// to its weight and widens its dates.
    pub fn fact(&mut self, source: &str, target: &str, f: &Fact<'_>) {
        if !self.nodes.contains_key(source) || !self.nodes.contains_key(target) {
            return;
        }
        let key = (source.to_string(), target.to_string(), format!("{}\u{0}{}", f.relation, f.label));
        let e = self.edges.entry(key).or_insert_with(|| Edge {
            label: f.label.to_string(),
            relation: f.relation.to_string(),
            stance: f.stance.map(str::to_string),
            polarity: f.polarity.map(str::to_string),
            weight: 0,
            first_date: None,
            last_date: None,
            hedged: true,
        });
        e.weight += 1;
        e.hedged &= f.hedged;
        if let Some(d) = f.date {
            if e.first_date.as_deref().is_none_or(|x| d < x) {
                e.first_date = Some(d.to_string());
            }
            if e.last_date.as_deref().is_none_or(|x| d > x) {
                e.last_date = Some(d.to_string());
            }
        }
    }

    /// The graph, nodes in IRI order, edges in (source, target, relation) order.
    pub fn finish(self, name: &str, directed: bool) -> ExportGraph {
        let mut graph = DiGraph::with_capacity(self.nodes.len(), self.edges.len());
        let mut index: BTreeMap<String, NodeIndex> = BTreeMap::new();
        for (iri, node) in self.nodes {
            let ix = graph.add_node(node);
            index.insert(iri, ix);
        }
        for ((s, t, _), e) in self.edges {
            if let (Some(&a), Some(&b)) = (index.get(&s), index.get(&t)) {
                graph.add_edge(a, b, e);
            }
        }
        ExportGraph { graph, directed, name: name.to_string() }
    }
}

/// The edges of `g` as (source IRI, target IRI, edge), for tests and callers that compare.
pub fn edge_list(g: &ExportGraph) -> Vec<(&str, &str, &Edge)> {
    g.graph
        .edge_references()
        .map(|e| (g.graph[e.source()].iri.as_str(), g.graph[e.target()].iri.as_str(), e.weight()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_checked() {
        assert!(parse_day("2025-03-01").is_ok());
        assert!(parse_day("2025-3-1").is_err());
        assert!(parse_day("2025-13-01").is_err());
        assert!(parse_day("yesterday").is_err());
    }

    #[test]
    fn date_ranges_drop_undated_facts_only_when_set() {
        let mut o = ExportOptions::default();
        assert!(o.in_range(None));
        o.since = Some("2025-03-01".into());
        assert!(!o.in_range(None));
        assert!(o.in_range(Some("2025-03-01")));
        assert!(!o.in_range(Some("2025-02-28")));
        o.until = Some("2025-03-31".into());
        assert!(!o.in_range(Some("2025-04-01")));
    }

    #[test]
    fn facts_add_up_into_one_weighted_edge() {
        let mut b = GraphBuilder::default();
        b.node(Node::new("a", "A".into(), NodeKind::Person, "Person"));
        b.node(Node::new("p", "P".into(), NodeKind::Proposal, "Proposal"));
        let f = |date, hedged| Fact { label: "offer", relation: "stance", date, hedged, ..Fact::default() };
        b.fact("a", "p", &f(Some("2025-01-02"), true));
        b.fact("a", "p", &f(Some("2025-01-01"), false));
        b.fact("a", "p", &f(None, true));
        b.fact("a", "missing", &f(None, true));
        let g = b.finish("t", true);
        assert_eq!(g.edge_count(), 1);
        let e = &g.graph[petgraph::graph::EdgeIndex::new(0)];
        assert_eq!((e.weight, e.hedged), (3, false));
        assert_eq!((e.first_date.as_deref(), e.last_date.as_deref()), (Some("2025-01-01"), Some("2025-01-02")));
    }
}

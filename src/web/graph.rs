//! The ego graph of an entity or proposal: the `stances` export view (the `places` view for
//! a place without stances) focused on it at depth 1, written as DOT by
//! [`crate::export::dot`] and laid out as SVG by Graphviz's `dot` command. On a read-only
//! store the views are built once and each picture is kept once drawn.
//!
//! Why Graphviz: the DOT writer and its styling (shapes by kind, colours by polarity, dashed
//! hedges) already exist for `pactgraph export`, Graphviz lays out small directed graphs with
//! readable edge labels, and no maintained Rust crate does layered layout with labelled edges
//! as well (layout-rs draws DOT but places edge labels poorly and is barely maintained).
//! Graphviz escapes labels for XML; the SVG is embedded as an `<img>` with a `data:` URI, so
//! nothing in it can run as script in the page.
//!
//! When Graphviz is missing or fails, the page says so and shows the same graph as a list of
//! its edges (which it always shows, as the text alternative of the picture).

use std::collections::HashSet;
use std::sync::Arc;

use base64::Engine;
use maud::{Markup, html};
use petgraph::graph::NodeIndex;

use super::{Web, entity_href, proposal_href};
use crate::error::Result;
use crate::export::{ExportGraph, ExportOptions, NodeKind, View};

/// One edge of the ego graph, for the text list.
#[derive(Debug, Clone)]
pub struct EgoEdge {
    /// Source label and IRI and whether it is a proposal.
    pub from: (String, String, bool),
    /// The relation label (stance type, "conditional on", "located in").
    pub label: String,
    /// How many statements stand behind it.
    pub weight: u64,
    /// Target label, IRI, and whether it is a proposal.
    pub to: (String, String, bool),
}

/// A rendered ego graph.
#[derive(Debug, Clone)]
pub struct EgoGraph {
    /// The SVG as a `data:` URI, when Graphviz rendered it.
    pub svg: Option<String>,
    /// Why there is no picture, when there is none.
    pub note: Option<String>,
    /// The edges, as text.
    pub edges: Vec<EgoEdge>,
}

/// The ego graph of `iri`, from the cache (emptied by [`Web::invalidate`] after each write).
pub(crate) fn ego_graph(web: &Web, iri: &str) -> Result<Arc<EgoGraph>> {
    if web.options.cache_graphs {
        if let Some(g) = web.graphs.lock().ok().and_then(|c| c.get(iri).cloned()) {
            return Ok(g);
        }
    }
    let generation = web.generation();
    let g = Arc::new(build(web, iri)?);
    if web.options.cache_graphs {
        if let Ok(mut c) = web.graphs.lock() {
            // built from a store that a write has changed since: answered, not kept
            if web.generation() == generation {
                c.insert(iri.to_string(), g.clone());
            }
        }
    }
    Ok(g)
}

/// A whole export view, built once and kept until the next write ([`Web::invalidate`]).
pub(crate) fn view(web: &Web, view: View) -> Result<Arc<ExportGraph>> {
    if web.options.cache_graphs {
        if let Some(g) = web.views.lock().ok().and_then(|c| c.get(view.as_str()).cloned()) {
            return Ok(g);
        }
    }
    let generation = web.generation();
    let g = Arc::new(crate::export::build(&web.store, &ExportOptions { view, ..ExportOptions::default() })?);
    if web.options.cache_graphs {
        if let Ok(mut c) = web.views.lock() {
            if web.generation() == generation {
                c.insert(view.as_str(), g.clone());
            }
        }
    }
    Ok(g)
}

/// The nodes of `g` within one edge (either direction) of the node `iri`, and the edges
/// between them, in `g`'s order: what `pactgraph export --focus IRI --depth 1` keeps.
fn ego(g: &ExportGraph, iri: &str) -> Option<ExportGraph> {
    let centre = g.graph.node_indices().find(|n| g.graph[*n].iri == iri)?;
    let keep: HashSet<NodeIndex> = std::iter::once(centre).chain(g.graph.neighbors_undirected(centre)).collect();
    let graph = g.graph.filter_map(|ix, n| keep.contains(&ix).then(|| n.clone()), |_, e| Some(e.clone()));
    Some(ExportGraph { graph, directed: g.directed, name: g.name.clone() })
}

fn build(web: &Web, iri: &str) -> Result<EgoGraph> {
    let g = match ego(&*view(web, View::Stances)?, iri) {
        Some(g) => Some(g),
        None => ego(&*view(web, View::Places)?, iri),
    };
    let Some(g) = g else {
        return Ok(EgoGraph {
            svg: None,
            note: Some("No stance or place links to draw for this entity.".into()),
            edges: Vec::new(),
        });
    };
    let node = |ix: petgraph::graph::NodeIndex| {
        let n = &g.graph[ix];
        (n.label.clone(), n.iri.clone(), n.kind == NodeKind::Proposal)
    };
    let edges: Vec<EgoEdge> = {
        use petgraph::visit::EdgeRef;
        g.graph
            .edge_references()
            .map(|e| EgoEdge {
                from: node(e.source()),
                label: e.weight().label.clone(),
                weight: e.weight().weight,
                to: node(e.target()),
            })
            .collect()
    };
    let mut dot = Vec::new();
    crate::export::dot::write_dot(&g, crate::export::dot::DotOptions::default(), &mut dot)?;
    let mut svg = Vec::new();
    let (svg, note) = match crate::export::render::render(&dot, "svg", "dot", &mut svg) {
        Ok(()) => {
            let uri = format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(&svg));
            (Some(uri), None)
        }
        Err(e) => (None, Some(format!("The picture needs Graphviz: {e}"))),
    };
    Ok(EgoGraph { svg, note, edges })
}

/// The ego graph section of a page: the picture, or why there is none, and the edge list.
pub(crate) fn section(web: &Web, iri: &str, label: &str) -> Markup {
    let g = match ego_graph(web, iri) {
        Ok(g) => g,
        Err(e) => {
            return html! { section aria-labelledby="graph" { h2 #graph { "Graph" } p.error { (e.to_string()) } } };
        }
    };
    let link = |(label, iri, proposal): &(String, String, bool)| {
        html! { a href=(if *proposal { proposal_href(iri) } else { entity_href(iri) }) { (label) } }
    };
    html! {
        section aria-labelledby="graph" {
            h2 #graph { "Graph" }
            @if let Some(svg) = &g.svg {
                figure.ego {
                    img src=(svg) alt={ "The stances around " (label) ", drawn as a graph; the same links are listed below." };
                    figcaption { "Everything one step from " (label) ": actors and proposals, edges coloured by polarity (green supportive, red opposed, orange conditional, blue neutral), dashed when hedged." }
                }
            }
            @if let Some(note) = &g.note { p.note { (note) } }
            @if !g.edges.is_empty() {
                details open[g.svg.is_none()] {
                    summary { "The graph as a list (" (g.edges.len()) " links)" }
                    ul.edges {
                        @for e in &g.edges {
                            li { (link(&e.from)) " — " (e.label) @if e.weight > 1 { " ×" (e.weight) } " → " (link(&e.to)) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{Edge, Node};

    fn node(iri: &str) -> Node {
        Node {
            iri: iri.into(),
            label: iri.to_uppercase(),
            kind: NodeKind::Person,
            subtype: String::new(),
            lat: None,
            long: None,
            weight: 1,
            documents: 1,
            date: None,
        }
    }

    #[test]
    fn ego_keeps_one_step_in_either_direction() {
        let edge = Edge {
            label: "offer".into(),
            relation: "stance".into(),
            stance: None,
            polarity: None,
            weight: 1,
            first_date: None,
            last_date: None,
            hedged: false,
        };
        let mut graph = petgraph::graph::DiGraph::new();
        let [a, b, c, d] = ["a", "b", "c", "d"].map(|i| graph.add_node(node(i)));
        graph.add_edge(a, b, edge.clone());
        graph.add_edge(c, a, edge.clone());
        graph.add_edge(c, d, edge);
        let g = ExportGraph { graph, directed: true, name: "t".into() };
        let e = ego(&g, "a").unwrap_or_else(|| panic!("a is in the graph"));
        let iris: Vec<&str> = e.graph.node_weights().map(|n| n.iri.as_str()).collect();
        assert_eq!(iris, ["a", "b", "c"]);
        assert_eq!(e.edge_count(), 2);
        assert!(ego(&g, "z").is_none());
    }
}

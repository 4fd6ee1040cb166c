//! DOT for Graphviz: petgraph's writer for nodes and edges, with our own header (graph
//! attributes petgraph does not write) and, optionally, one cluster per node kind (petgraph
//! writes no subgraphs; a node listed again inside a cluster belongs to it).
//!
//! Shapes and fill colours by node kind; edge colour by the stance polarity the ontology gives
//! (supportive green, opposed red, conditional orange, neutral blue; other relations grey);
//! pen width by weight; dashed when every statement behind an edge is hedged. Labels are UTF-8
//! with quotes and backslashes escaped.

use std::io::Write;

use petgraph::EdgeType;
use petgraph::dot::{Config, Dot};
use petgraph::graph::Graph;

use super::{Edge, ExportGraph, Node, NodeKind};
use crate::error::Result;

/// DOT options.
#[derive(Debug, Clone, Copy, Default)]
pub struct DotOptions {
    /// Group nodes in one cluster per kind (person, state, place...).
    pub clusters: bool,
}

/// Escapes a string for a DOT double-quoted ID: backslashes and quotes escaped, line breaks
/// as `\n`, other control characters dropped.
pub fn dot_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            '"' => o.push_str("\\\""),
            '\n' => o.push_str("\\n"),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

/// Shape and fill colour (X11 names) of a node kind.
pub fn node_style(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Person => ("ellipse", "lightskyblue"),
        NodeKind::State => ("hexagon", "gold"),
        NodeKind::Organization => ("box", "khaki"),
        NodeKind::Place => ("house", "palegreen"),
        NodeKind::Proposal => ("note", "lightpink"),
        NodeKind::Stance => ("diamond", "lavender"),
        NodeKind::Document => ("folder", "gray90"),
        NodeKind::Other => ("ellipse", "white"),
    }
}

/// Colour of an edge: by polarity for stance edges, grey for the other relations.
pub fn edge_colour(e: &Edge) -> &'static str {
    match e.polarity.as_deref() {
        Some("supportive") => "forestgreen",
        Some("opposed") => "firebrick",
        Some("conditional") => "darkorange",
        Some("neutral") => "steelblue",
        _ => "gray55",
    }
}

fn node_attrs(n: &Node) -> String {
    let (shape, fill) = node_style(n.kind);
    let kind = if n.subtype.is_empty() { n.kind.as_str().to_string() } else { n.subtype.clone() };
    format!(
        "label = \"{}\" shape = {shape} fillcolor = \"{fill}\" tooltip = \"{} ({})\"",
        dot_escape(&n.label),
        dot_escape(&n.iri),
        dot_escape(&kind)
    )
}

fn edge_attrs(e: &Edge) -> String {
    let label = if e.weight > 1 { format!("{} ×{}", e.label, e.weight) } else { e.label.clone() };
    let dates = match (&e.first_date, &e.last_date) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (_, Some(b)) => b.clone(),
        _ => String::new(),
    };
    let style = if e.hedged && e.stance.is_some() { " style = dashed" } else { "" };
    format!(
        "label = \"{}\" color = \"{}\" fontcolor = \"{}\" penwidth = {} tooltip = \"{}\"{style}",
        dot_escape(&label),
        edge_colour(e),
        edge_colour(e),
        1 + e.weight.min(5),
        dot_escape(&dates)
    )
}

/// Writes `g` as DOT.
pub fn write_dot(g: &ExportGraph, options: DotOptions, mut out: impl Write) -> Result<()> {
    let keyword = if g.directed { "digraph" } else { "graph" };
    writeln!(out, "{keyword} \"{}\" {{", dot_escape(&g.name))?;
    // newrank: without it, `dot` fails on clusters of some undirected graphs ("trouble in
    // init_rank")
    writeln!(
        out,
        "    graph [fontname = \"Helvetica\" overlap = false splines = true outputorder = edgesfirst rankdir = LR{}]",
        if options.clusters { " newrank = true" } else { "" }
    )?;
    writeln!(out, "    node [fontname = \"Helvetica\" fontsize = 10 style = filled]")?;
    writeln!(out, "    edge [fontname = \"Helvetica\" fontsize = 8]")?;
    if g.directed {
        write_content(&g.graph, &mut out)?;
    } else {
        write_content(&g.graph.clone().into_edge_type::<petgraph::Undirected>(), &mut out)?;
    }
    if options.clusters {
        for kind in NodeKind::ALL {
            let members: Vec<String> =
                g.graph.node_indices().filter(|n| g.graph[*n].kind == kind).map(|n| n.index().to_string()).collect();
            if members.is_empty() {
                continue;
            }
            writeln!(
                out,
                "    subgraph \"cluster_{0}\" {{ label = \"{0}\" style = rounded color = gray70 {1} }}",
                kind.as_str(),
                members.join(" ")
            )?;
        }
    }
    writeln!(out, "}}")?;
    Ok(())
}

fn write_content<Ty: EdgeType>(g: &Graph<Node, Edge, Ty>, out: &mut impl Write) -> Result<()> {
    let dot = Dot::with_attr_getters(
        g,
        &[Config::NodeNoLabel, Config::EdgeNoLabel, Config::GraphContentOnly],
        &|_, e| edge_attrs(e.weight()),
        &|_, (_, n)| node_attrs(n),
    );
    write!(out, "{dot}")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_labels_are_escaped() {
        assert_eq!(dot_escape(r#"say "no" \ now"#), r#"say \"no\" \\ now"#);
        assert_eq!(dot_escape("two\nlines\u{7}"), "two\\nlines");
    }

    #[test]
    fn polarity_picks_the_colour() {
        let e = |p: Option<&str>| Edge {
            label: String::new(),
            relation: "stance".into(),
            stance: None,
            polarity: p.map(str::to_string),
            weight: 1,
            first_date: None,
            last_date: None,
            hedged: false,
        };
        assert_eq!(edge_colour(&e(Some("supportive"))), "forestgreen");
        assert_eq!(edge_colour(&e(Some("opposed"))), "firebrick");
        assert_eq!(edge_colour(&e(Some("conditional"))), "darkorange");
        assert_eq!(edge_colour(&e(None)), "gray55");
    }
}

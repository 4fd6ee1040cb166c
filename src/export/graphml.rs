//! GraphML for Gephi, yEd, Cytoscape, networkx and igraph.
//!
//! Written by hand, streaming: petgraph-graphml declares every attribute as a string, so Gephi
//! and Cytoscape could not treat weights as numbers. The writer keeps the structural rules of
//! the GraphML schema that readers rely on: an XML declaration, every `<key>` declared before
//! the graph with a valid `attr.type`, unique node and edge ids (`n0`, `e0`, in graph order),
//! edges only between nodes of the graph, and values that parse as their declared type. Each
//! node also carries `name` (Cytoscape names nodes after it) and each edge `interaction`
//! (Cytoscape's edge column); `--yed` adds yFiles shapes and labels, which yEd shows as they are.

use std::fmt;
use std::io::Write;

use petgraph::visit::EdgeRef;

use super::dot::{edge_colour, node_style};
use super::{ExportGraph, Node};
use crate::error::Result;

/// GraphML options.
#[derive(Debug, Clone, Copy, Default)]
pub struct GraphmlOptions {
    /// Add yFiles node and edge graphics (shapes, colours, labels) for yEd.
    pub yed: bool,
}

/// The declared attributes: (id, for, attr.name, attr.type).
pub const KEYS: [(&str, &str, &str, &str); 19] = [
    ("n_label", "node", "label", "string"),
    ("n_name", "node", "name", "string"),
    ("n_type", "node", "type", "string"),
    ("n_subtype", "node", "subtype", "string"),
    ("n_iri", "node", "iri", "string"),
    ("n_lat", "node", "latitude", "double"),
    ("n_long", "node", "longitude", "double"),
    ("n_weight", "node", "weight", "int"),
    ("n_documents", "node", "documents", "int"),
    ("n_date", "node", "date", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_interaction", "edge", "interaction", "string"),
    ("e_relation", "edge", "relation", "string"),
    ("e_stance", "edge", "stance", "string"),
    ("e_polarity", "edge", "polarity", "string"),
    ("e_weight", "edge", "weight", "int"),
    ("e_first_date", "edge", "first_date", "string"),
    ("e_last_date", "edge", "last_date", "string"),
    ("e_hedged", "edge", "hedged", "boolean"),
];

/// Text escaped for XML content and attribute values; characters XML 1.0 forbids are dropped.
struct Xml<'a>(&'a str);

impl fmt::Display for Xml<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut run = 0;
        for (i, c) in s.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                '\t' | '\n' | '\r' => continue,
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => "",
                _ => continue,
            };
            f.write_str(&s[run..i])?;
            f.write_str(rep)?;
            run = i + c.len_utf8();
        }
        f.write_str(&s[run..])
    }
}

/// Writes `g` as GraphML.
pub fn write_graphml(g: &ExportGraph, options: GraphmlOptions, mut out: impl Write) -> Result<()> {
    let w = &mut out;
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    write!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#
    )?;
    if options.yed {
        write!(w, r#" xmlns:y="http://www.yworks.com/xml/graphml""#)?;
        writeln!(
            w,
            r#" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">"#
        )?;
    } else {
        writeln!(
            w,
            r#" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
        )?;
    }
    for (id, target, name, ty) in KEYS {
        writeln!(w, r#"  <key id="{id}" for="{target}" attr.name="{name}" attr.type="{ty}"/>"#)?;
    }
    if options.yed {
        writeln!(w, r#"  <key id="y_node" for="node" yfiles.type="nodegraphics"/>"#)?;
        writeln!(w, r#"  <key id="y_edge" for="edge" yfiles.type="edgegraphics"/>"#)?;
    }
    let direction = if g.directed { "directed" } else { "undirected" };
    writeln!(w, r#"  <graph id="{}" edgedefault="{direction}">"#, Xml(&g.name))?;
    for ix in g.graph.node_indices() {
        let n = &g.graph[ix];
        writeln!(w, r#"    <node id="n{}">"#, ix.index())?;
        data(w, "n_label", &n.label)?;
        data(w, "n_name", &n.label)?;
        data(w, "n_type", n.kind.as_str())?;
        data(w, "n_subtype", &n.subtype)?;
        data(w, "n_iri", &n.iri)?;
        if let (Some(lat), Some(long)) = (n.lat, n.long) {
            writeln!(w, r#"      <data key="n_lat">{lat}</data>"#)?;
            writeln!(w, r#"      <data key="n_long">{long}</data>"#)?;
        }
        writeln!(w, r#"      <data key="n_weight">{}</data>"#, n.weight)?;
        writeln!(w, r#"      <data key="n_documents">{}</data>"#, n.documents)?;
        if let Some(d) = &n.date {
            data(w, "n_date", d)?;
        }
        if options.yed {
            yed_node(w, n)?;
        }
        writeln!(w, "    </node>")?;
    }
    for e in g.graph.edge_references() {
        let x = e.weight();
        writeln!(
            w,
            r#"    <edge id="e{}" source="n{}" target="n{}">"#,
            e.id().index(),
            e.source().index(),
            e.target().index()
        )?;
        data(w, "e_label", &x.label)?;
        data(w, "e_interaction", &x.label)?;
        data(w, "e_relation", &x.relation)?;
        if let Some(s) = &x.stance {
            data(w, "e_stance", s)?;
        }
        if let Some(p) = &x.polarity {
            data(w, "e_polarity", p)?;
        }
        writeln!(w, r#"      <data key="e_weight">{}</data>"#, x.weight)?;
        if let Some(d) = &x.first_date {
            data(w, "e_first_date", d)?;
        }
        if let Some(d) = &x.last_date {
            data(w, "e_last_date", d)?;
        }
        writeln!(w, r#"      <data key="e_hedged">{}</data>"#, x.hedged)?;
        if options.yed {
            let colour = hex(edge_colour(x));
            let line = if x.hedged && x.stance.is_some() { "dashed" } else { "line" };
            let target = if g.directed { "standard" } else { "none" };
            writeln!(
                w,
                r#"      <data key="y_edge"><y:PolyLineEdge><y:LineStyle color="{colour}" type="{line}" width="{}.0"/><y:Arrows source="none" target="{target}"/><y:EdgeLabel>{}</y:EdgeLabel></y:PolyLineEdge></data>"#,
                x.weight.clamp(1, 6),
                Xml(&x.label)
            )?;
        }
        writeln!(w, "    </edge>")?;
    }
    writeln!(w, "  </graph>\n</graphml>")?;
    Ok(())
}

fn data(w: &mut impl Write, key: &str, value: &str) -> std::io::Result<()> {
    writeln!(w, r#"      <data key="{key}">{}</data>"#, Xml(value))
}

fn yed_node(w: &mut impl Write, n: &Node) -> std::io::Result<()> {
    let (shape, fill) = node_style(n.kind);
    let shape = match shape {
        "ellipse" => "ellipse",
        "hexagon" => "hexagon",
        "house" => "trapezoid2",
        "note" => "roundrectangle",
        "diamond" => "diamond",
        "folder" => "rectangle3d",
        _ => "rectangle",
    };
    let width = 30 + 7 * n.label.chars().count().min(40);
    writeln!(
        w,
        r#"      <data key="y_node"><y:ShapeNode><y:Geometry height="30.0" width="{width}.0"/><y:Fill color="{}" transparent="false"/><y:NodeLabel>{}</y:NodeLabel><y:Shape type="{shape}"/></y:ShapeNode></data>"#,
        hex(fill),
        Xml(&n.label)
    )
}

/// The `#RRGGBB` form of the X11 colour names [`super::dot`] uses (yEd wants hex).
fn hex(colour: &str) -> &'static str {
    match colour {
        "lightskyblue" => "#87CEFA",
        "gold" => "#FFD700",
        "khaki" => "#F0E68C",
        "palegreen" => "#98FB98",
        "lightpink" => "#FFB6C1",
        "lavender" => "#E6E6FA",
        "gray90" => "#E5E5E5",
        "forestgreen" => "#228B22",
        "firebrick" => "#B22222",
        "darkorange" => "#FF8C00",
        "steelblue" => "#4682B4",
        "gray55" => "#8C8C8C",
        _ => "#FFFFFF",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(Xml("a<b & \"c\" 'd'").to_string(), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;");
        assert_eq!(Xml("x\u{1}y\tz\u{FFFF}").to_string(), "xy\tz");
        assert_eq!(Xml("Zelenskyy’s “plan”").to_string(), "Zelenskyy’s “plan”");
    }

    #[test]
    fn every_colour_has_a_hex_form() {
        use super::super::NodeKind;
        for k in NodeKind::ALL.into_iter().filter(|k| *k != NodeKind::Other) {
            let (_, fill) = node_style(k);
            assert_ne!(hex(fill), "#FFFFFF", "{fill}");
        }
        assert_eq!(hex("white"), "#FFFFFF");
    }
}

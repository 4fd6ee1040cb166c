//! Black-box tests of `pactgraph export` on the seed store: every view renders with Graphviz,
//! its GraphML is well-formed (xmllint), keeps the GraphML structural rules (checked here with
//! our own reader, since networkx and igraph accept dangling edges and duplicate ids), reads in
//! networkx and igraph with typed attributes, and its counts agree with SPARQL counts; one test
//! per filter. With `CI` set, a missing client fails the test instead of skipping it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use common::{BIN, assert_ok, have, root, run, seed_store, stderr};
use quick_xml::events::Event;

const VIEWS: [&str; 4] = ["stances", "mentions", "places", "full"];

fn count(store: &Path, q: &str) -> usize {
    let o =
        run(&["query", "--format", "json", &format!("PREFIX pg: <https://w3id.org/pactgraph/ontology#>\n{q}")], store);
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["results"]["bindings"][0]["n"]["value"].as_str().and_then(|s| s.parse().ok()).expect("a count")
}

/// Exports with `args` and returns the bytes.
fn export(store: &Path, args: &[&str]) -> Vec<u8> {
    let o = run(&[&["export", "-q"], args].concat(), store);
    assert_ok(&o);
    o.stdout
}

fn graphml(store: &Path, args: &[&str]) -> Graph {
    let bytes = export(store, &[&["--format", "graphml"], args].concat());
    parse_graphml(&String::from_utf8(bytes).expect("UTF-8"))
}

// ------------------------------------------------------------ an independent GraphML reader

#[derive(Debug, Default)]
struct Graph {
    directed: bool,
    /// node id -> attr.name -> value
    nodes: BTreeMap<String, BTreeMap<String, String>>,
    /// (edge id, source, target, attr.name -> value), in file order
    edges: Vec<(String, String, String, BTreeMap<String, String>)>,
}

impl Graph {
    fn node_by_iri(&self, iri: &str) -> Option<&String> {
        self.nodes.iter().find(|(_, a)| a.get("iri").map(String::as_str) == Some(iri)).map(|(id, _)| id)
    }

    fn types(&self) -> BTreeSet<&str> {
        self.nodes.values().map(|a| a["type"].as_str()).collect()
    }

    fn relations(&self, relation: &str) -> usize {
        self.edges.iter().filter(|e| e.3["relation"] == relation).count()
    }
}

/// Parses GraphML and asserts the structural rules of the schema that readers rely on: an XML
/// declaration; keys declared before the graph, with unique ids, a valid `for` and
/// `attr.type`; unique node and edge ids; edges only between existing nodes; every `data`
/// naming a declared key for its element; values that parse as their declared type.
fn parse_graphml(text: &str) -> Graph {
    assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "no XML declaration");
    let mut reader = quick_xml::Reader::from_str(text);
    // key id -> (for, attr.name, attr.type); yFiles graphics keys have no attr.name
    let mut keys: HashMap<String, (String, Option<String>, Option<String>)> = HashMap::new();
    let mut g = Graph::default();
    let mut in_graph = false;
    let mut element: Option<(&str, String)> = None; // ("node" | "edge", id)
    let mut data_key: Option<String> = None;
    let mut data_depth = 0; // elements nested inside a <data> (yFiles graphics)
    let mut value = String::new();
    let mut edge_ids = HashSet::new();
    let attrs = |e: &quick_xml::events::BytesStart<'_>| -> HashMap<String, String> {
        e.attributes()
            .map(|a| {
                let a = a.expect("a well-formed attribute");
                (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), a.unescape_value().unwrap().into_owned())
            })
            .collect()
    };
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
            let a = attrs(&e);
            if data_key.is_some() {
                data_depth += usize::from(!empty);
                continue;
            }
            match name.as_str() {
                "key" => {
                    assert!(!in_graph, "key {:?} declared after the graph began", a.get("id"));
                    let id = a["id"].clone();
                    let target = a["for"].clone();
                    assert!(["node", "edge", "graph", "all"].contains(&target.as_str()), "key {id}: for={target}");
                    let ty = a.get("attr.type").cloned();
                    match a.get("attr.name") {
                        Some(_) => assert!(
                            ty.as_deref()
                                .is_some_and(|t| ["boolean", "int", "long", "float", "double", "string"].contains(&t)),
                            "key {id}: attr.type {ty:?}"
                        ),
                        None => {
                            assert!(a.contains_key("yfiles.type"), "key {id} has neither attr.name nor yfiles.type")
                        }
                    }
                    assert!(
                        keys.insert(id.clone(), (target, a.get("attr.name").cloned(), ty)).is_none(),
                        "key {id} twice"
                    );
                }
                "graph" => {
                    in_graph = true;
                    g.directed = a["edgedefault"] == "directed";
                }
                "node" => {
                    let id = a["id"].clone();
                    assert!(g.nodes.insert(id.clone(), BTreeMap::new()).is_none(), "node id {id} twice");
                    element = Some(("node", id));
                }
                "edge" => {
                    let id = a["id"].clone();
                    assert!(edge_ids.insert(id.clone()), "edge id {id} twice");
                    g.edges.push((id.clone(), a["source"].clone(), a["target"].clone(), BTreeMap::new()));
                    element = Some(("edge", id));
                }
                "data" => {
                    let key = a["key"].clone();
                    let (target, _, _) = keys.get(&key).unwrap_or_else(|| panic!("data key {key} not declared"));
                    let (kind, id) = element.as_ref().expect("data inside a node or edge");
                    assert!(target == kind || target == "all", "{kind} {id} uses key {key} declared for {target}");
                    data_key = Some(key);
                    value.clear();
                    if empty {
                        data_key = None;
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) if data_key.is_some() && data_depth == 0 => value.push_str(&t.unescape().unwrap()),
            Event::End(e) => {
                if data_depth > 0 {
                    data_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    b"data" => {
                        let key = data_key.take().unwrap();
                        let (_, name, ty) = &keys[&key];
                        let Some(name) = name else { continue };
                        let ok = match ty.as_deref() {
                            Some("int" | "long") => value.parse::<i64>().is_ok(),
                            Some("double" | "float") => value.parse::<f64>().is_ok_and(f64::is_finite),
                            Some("boolean") => value == "true" || value == "false",
                            _ => true,
                        };
                        let (kind, id) = element.as_ref().unwrap();
                        assert!(ok, "{kind} {id}: {name}={value:?} is not a {ty:?}");
                        match *kind {
                            "node" => g.nodes.get_mut(id).unwrap().insert(name.clone(), value.clone()),
                            _ => g.edges.last_mut().unwrap().3.insert(name.clone(), value.clone()),
                        };
                    }
                    b"node" | b"edge" => element = None,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    for (id, s, t, _) in &g.edges {
        assert!(g.nodes.contains_key(s) && g.nodes.contains_key(t), "edge {id}: {s} -> {t} dangles");
    }
    g
}

#[test]
fn the_structural_checker_catches_broken_graphml() {
    let ok = r#"<?xml version="1.0" encoding="UTF-8"?><graphml><key id="w" for="edge" attr.name="weight" attr.type="int"/><graph edgedefault="directed"><node id="a"/><node id="b"/><edge id="e" source="a" target="b"><data key="w">2</data></edge></graph></graphml>"#;
    assert_eq!(parse_graphml(ok).edges.len(), 1);
    for (broken, why) in [
        (ok.replace(r#"target="b""#, r#"target="c""#), "dangling edge"),
        (ok.replace(r#"<node id="b"/>"#, r#"<node id="a"/>"#), "duplicate node id"),
        (ok.replace(">2<", ">2.5<"), "int that does not parse"),
        (ok.replace(r#"attr.type="int""#, r#"attr.type="integer""#), "bad attr.type"),
        (ok.replace(r#"<data key="w">"#, r#"<data key="x">"#), "undeclared key"),
    ] {
        let caught = std::panic::catch_unwind(|| parse_graphml(&broken)).is_err();
        assert!(caught, "{why} not caught");
    }
}

// ------------------------------------------------------------ clients

#[test]
fn every_view_renders_with_graphviz() {
    let store = seed_store();
    if !have("dot", &["-V"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for view in VIEWS {
        for extra in [&[][..], &["--clusters"][..]] {
            let file = dir.path().join(format!("{view}.dot"));
            let o = run(&[&["export", "--view", view, "-o", file.to_str().unwrap()], extra].concat(), &store);
            assert_ok(&o);
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(text.starts_with(if view == "mentions" { "graph " } else { "digraph " }), "{view}");
            let r =
                Command::new("dot").arg("-Tsvg").arg(&file).arg("-o").arg(dir.path().join("g.svg")).output().unwrap();
            assert!(r.status.success(), "{view} {extra:?}: dot failed: {}", stderr(&r));
            assert!(r.stderr.is_empty(), "{view}: Graphviz warns: {}", stderr(&r));
        }
    }
    // gc counts what Graphviz parsed: the nodes and edges we wrote
    let file = dir.path().join("stances.dot");
    std::fs::write(&file, export(&store, &["--format", "dot"])).unwrap();
    let g = graphml(&store, &[]);
    if have("gc", &["-?"]) {
        let o = Command::new("gc").args(["-n", "-e"]).arg(&file).output().unwrap();
        let nums: Vec<usize> =
            String::from_utf8_lossy(&o.stdout).split_whitespace().filter_map(|w| w.parse().ok()).collect();
        assert_eq!(nums[..2], [g.nodes.len(), g.edges.len()], "gc counts");
    }
}

#[test]
fn every_view_is_well_formed_and_keeps_the_graphml_rules() {
    let store = seed_store();
    let dir = tempfile::tempdir().unwrap();
    let construct = dir.path().join("c.rq");
    std::fs::write(&construct, CONSTRUCT).unwrap();
    let mut variants: Vec<Vec<&str>> = VIEWS.iter().map(|v| vec!["--view", *v]).collect();
    variants.push(vec!["--yed"]);
    variants.push(vec!["--view", "mentions", "--yed"]);
    variants.push(vec!["--construct", construct.to_str().unwrap()]);
    let mut files = Vec::new();
    for (i, args) in variants.iter().enumerate() {
        let bytes = export(&store, &[&["--format", "graphml"], &args[..]].concat());
        let g = parse_graphml(std::str::from_utf8(&bytes).unwrap());
        assert!(!g.nodes.is_empty() && !g.edges.is_empty(), "{args:?} is empty");
        for (id, a) in &g.nodes {
            for k in ["label", "name", "type", "subtype", "iri", "weight", "documents"] {
                assert!(a.contains_key(k), "{args:?}: node {id} lacks {k}");
            }
            assert!(!a["label"].is_empty(), "{args:?}: node {id} without a label");
        }
        for (id, _, _, a) in &g.edges {
            for k in ["label", "relation", "weight", "hedged"] {
                assert!(a.contains_key(k), "{args:?}: edge {id} lacks {k}");
            }
        }
        let file = dir.path().join(format!("{i}.graphml"));
        std::fs::write(&file, &bytes).unwrap();
        files.push((file, g.nodes.len(), g.edges.len()));
    }
    if have("xmllint", &["--version"]) {
        for (f, _, _) in &files {
            let o = Command::new("xmllint").arg("--noout").arg(f).output().unwrap();
            assert!(o.status.success(), "{}: {}", f.display(), stderr(&o));
        }
    }
    if have("python3", &["-c", "import networkx, igraph"]) {
        let o = Command::new("python3")
            .arg(root().join("tests/reference/read_graphml.py"))
            .args(files.iter().map(|f| &f.0))
            .output()
            .unwrap();
        assert_ok(&o);
        let counts: HashMap<String, Vec<usize>> = serde_json::from_slice(&o.stdout).unwrap();
        for (f, n, e) in &files {
            assert_eq!(counts[f.to_str().unwrap()], vec![*n, *e, *n, *e], "networkx, igraph vs our counts: {f:?}");
        }
    }
}

const CONSTRUCT: &str = "PREFIX pg: <https://w3id.org/pactgraph/ontology#>
# who takes which stance on what, as plain triples
CONSTRUCT { ?a pg:stanceOn ?p . ?p pg:dependsOn ?c }
WHERE { GRAPH ?d { ?s a pg:Stance ; pg:actor ?a ; pg:proposal ?p OPTIONAL { ?s pg:hasCondition ?c } } }";

// ------------------------------------------------------------ counts

#[test]
fn counts_agree_with_sparql() {
    let store = seed_store();
    let g = graphml(&store, &[]);
    let nodes = count(
        &store,
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?d { ?s a pg:Stance .
           { ?s pg:actor ?x } UNION { ?s pg:proposal ?x } UNION { ?s pg:hasCondition ?x } } }",
    );
    assert_eq!(g.nodes.len(), nodes, "stances view nodes");
    let stance_edges = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?t ?p WHERE { GRAPH ?d { ?s a pg:Stance ; pg:actor ?a ; pg:stance ?t ; pg:proposal ?p } } }",
    );
    let condition_edges = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?p ?c WHERE { GRAPH ?d { ?s a pg:Stance ; pg:proposal ?p ; pg:hasCondition ?c } } }",
    );
    assert_eq!(g.relations("stance"), stance_edges);
    assert_eq!(g.relations("condition"), condition_edges);
    assert_eq!(g.edges.len(), stance_edges + condition_edges);
    let statements = count(&store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?d { ?s a pg:Stance } }");
    let weights: usize =
        g.edges.iter().filter(|e| e.3["relation"] == "stance").map(|e| e.3["weight"].parse::<usize>().unwrap()).sum();
    assert_eq!(weights, statements, "stance edge weights add up to the statements");

    let mentioned = count(
        &store,
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?d { ?m pg:refersTo ?x FILTER NOT EXISTS { ?m pg:inBoilerplate true } } }",
    );
    assert_eq!(graphml(&store, &["--view", "mentions"]).nodes.len(), mentioned, "mentions view nodes");

    let full = graphml(&store, &["--view", "full"]);
    let entities = count(
        &store,
        "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {
           { GRAPH ?d { ?m pg:refersTo ?x FILTER NOT EXISTS { ?m pg:inBoilerplate true } } }
           UNION { GRAPH ?d { ?s a pg:Stance . { ?s pg:actor ?x } UNION { ?s pg:proposal ?x } UNION { ?s pg:target ?x } UNION { ?s pg:hasCondition ?x } } } }",
    );
    let docs = count(&store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a pg:Document } }");
    assert_eq!(full.nodes.len(), entities + statements + docs, "full view nodes");
    let doc_entity = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?x WHERE { GRAPH ?d { ?m pg:refersTo ?x FILTER NOT EXISTS { ?m pg:inBoilerplate true } } } }",
    );
    assert_eq!(full.relations("mentions"), doc_entity);
    assert_eq!(full.relations("actor"), statements);
    assert_eq!(full.relations("reported-in"), statements);
    let targets =
        count(&store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?d { ?s a pg:Stance ; pg:target ?t } }");
    assert_eq!(full.relations("target"), targets);
}

#[test]
fn the_same_store_gives_the_same_bytes() {
    let store = seed_store();
    for view in VIEWS {
        for format in ["dot", "graphml"] {
            let a = export(&store, &["--view", view, "--format", format]);
            let b = export(&store, &["--view", view, "--format", format]);
            assert!(a == b, "{view} {format} differs between runs");
        }
    }
}

// ------------------------------------------------------------ filters

/// Undirected hop distance from `from` to every node reachable.
fn distances(g: &Graph, from: &str) -> HashMap<String, usize> {
    let mut d = HashMap::from([(from.to_string(), 0)]);
    let mut frontier = vec![from.to_string()];
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for n in &frontier {
            for (_, s, t, _) in &g.edges {
                let other = if s == n {
                    t
                } else if t == n {
                    s
                } else {
                    continue;
                };
                if !d.contains_key(other) {
                    d.insert(other.clone(), d[n] + 1);
                    next.push(other.clone());
                }
            }
        }
        frontier = next;
    }
    d
}

#[test]
fn focus_keeps_the_ego_network_of_a_name_or_alias() {
    let store = seed_store();
    let all = graphml(&store, &[]);
    let zelenskyy = "https://w3id.org/pactgraph/id/volodymyr-zelenskyy";
    for (term, depth) in [("Zelensky", 1), ("zelenskiy", 2), ("pgr:volodymyr-zelenskyy", 2)] {
        let g = graphml(&store, &["--focus", term, "--depth", &depth.to_string()]);
        let centre = g.node_by_iri(zelenskyy).expect("the focus is in its ego network").clone();
        let d = distances(&g, &centre);
        assert_eq!(d.len(), g.nodes.len(), "{term}: every node is connected to the focus");
        assert!(d.values().all(|x| *x <= depth), "{term}: a node beyond depth {depth}");
        // exactly the nodes within `depth` of the focus in the whole view
        let whole = distances(&all, all.node_by_iri(zelenskyy).unwrap());
        assert_eq!(g.nodes.len(), whole.values().filter(|x| **x <= depth).count(), "{term} depth {depth}");
    }
    assert!(
        graphml(&store, &["--focus", "Zelensky", "--depth", "2"]).nodes.len()
            > graphml(&store, &["--focus", "Zelensky"]).nodes.len()
    );
    let o = run(&["export", "--focus", "Zelenskz"], &store);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("Volodymyr Zelenskyy"), "a suggestion: {}", stderr(&o));
}

#[test]
fn type_keeps_the_named_kinds_and_classes() {
    let store = seed_store();
    let g = graphml(&store, &["--view", "full", "--type", "person,proposal"]);
    assert_eq!(g.types(), BTreeSet::from(["person", "proposal"]));
    for (_, s, t, _) in &g.edges {
        assert!(g.nodes.contains_key(s) && g.nodes.contains_key(t));
    }
    let countries = graphml(&store, &["--view", "mentions", "--type", "country"]);
    assert!(!countries.nodes.is_empty());
    assert!(countries.nodes.values().all(|a| a["subtype"] == "Country"));
    let o = run(&["export", "--type", "banana"], &store);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unknown node type \"banana\""), "{}", stderr(&o));
}

#[test]
fn min_weight_drops_light_edges_and_the_nodes_they_leave_alone() {
    let store = seed_store();
    let all = graphml(&store, &["--view", "mentions"]);
    let heavy = graphml(&store, &["--view", "mentions", "--min-weight", "2"]);
    let expected = all.edges.iter().filter(|e| e.3["weight"].parse::<u64>().unwrap() >= 2).count();
    assert!(expected > 0 && expected < all.edges.len());
    assert_eq!(heavy.edges.len(), expected);
    let linked: HashSet<&String> = heavy.edges.iter().flat_map(|e| [&e.1, &e.2]).collect();
    // every node kept has an edge, unless it never had one
    let had: HashSet<&str> =
        all.edges.iter().flat_map(|e| [all.nodes[&e.1]["iri"].as_str(), all.nodes[&e.2]["iri"].as_str()]).collect();
    for (id, a) in &heavy.nodes {
        assert!(linked.contains(id) || !had.contains(a["iri"].as_str()), "{} kept without edges", a["label"]);
    }
}

#[test]
fn since_and_until_keep_facts_in_the_date_range() {
    let store = seed_store();
    let all = graphml(&store, &[]);
    let g = graphml(&store, &["--since", "2025-12-16", "--until", "2025-12-16"]);
    assert!(!g.edges.is_empty() && g.edges.len() < all.edges.len(), "{} of {}", g.edges.len(), all.edges.len());
    for (id, _, _, a) in &g.edges {
        assert_eq!(a.get("first_date").map(String::as_str), Some("2025-12-16"), "edge {id}");
        assert_eq!(a.get("last_date").map(String::as_str), Some("2025-12-16"), "edge {id}");
    }
    let later = graphml(&store, &["--view", "mentions", "--since", "2025-12-17"]);
    let every = graphml(&store, &["--view", "mentions"]);
    assert!(later.nodes.len() < every.nodes.len());
    let o = run(&["export", "--since", "16/12/2025"], &store);
    assert!(!o.status.success() && stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

#[test]
fn boilerplate_mentions_count_only_when_asked() {
    let store = seed_store();
    let oregon = "https://w3id.org/pactgraph/id/oregon";
    let body = graphml(&store, &["--view", "mentions"]);
    let with = graphml(&store, &["--view", "mentions", "--include-boilerplate"]);
    let in_boilerplate = count(&store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?d { ?m pg:refersTo ?x } }");
    assert_eq!(with.nodes.len(), in_boilerplate);
    assert!(with.nodes.len() > body.nodes.len());
    // the teaser after "You may be interested" names Oregon
    assert!(body.node_by_iri(oregon).is_none());
    assert!(with.node_by_iri(oregon).is_some());
}

#[test]
fn construct_results_become_the_graph() {
    let store = seed_store();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q.rq");
    std::fs::write(&file, CONSTRUCT).unwrap();
    let g = graphml(&store, &["--construct", file.to_str().unwrap()]);
    let triples = count(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT DISTINCT ?a ?p WHERE { GRAPH ?d { ?s a pg:Stance ; pg:actor ?a ; pg:proposal ?p } } }
           UNION { SELECT DISTINCT ?p ?c WHERE { GRAPH ?d { ?s a pg:Stance ; pg:proposal ?p ; pg:hasCondition ?c } } } }",
    );
    assert_eq!(g.edges.len(), triples);
    assert_eq!(g.relations("pg:stanceOn") + g.relations("pg:dependsOn"), triples);
    // labels come from the store when the result has none
    let z = g.node_by_iri("https://w3id.org/pactgraph/id/volodymyr-zelenskyy").unwrap();
    assert_eq!(g.nodes[z]["label"], "Volodymyr Zelenskyy");
    assert_eq!(g.nodes[z]["type"], "person");
    std::fs::write(&file, "SELECT * WHERE { ?s ?p ?o } LIMIT 1").unwrap();
    let o = run(&["export", "--construct", file.to_str().unwrap()], &store);
    assert!(!o.status.success() && stderr(&o).contains("CONSTRUCT"), "{}", stderr(&o));
}

// ------------------------------------------------------------ images

#[test]
fn svg_and_png_render_through_graphviz_or_say_it_is_missing() {
    let store = seed_store();
    let o = Command::new(BIN)
        .args(["export", "--format", "png"])
        .arg("--store")
        .arg(&*store)
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("Graphviz") && stderr(&o).contains("--format dot"), "{}", stderr(&o));
    if !have("dot", &["-V"]) {
        return;
    }
    let svg = export(&store, &["--format", "svg"]);
    assert!(String::from_utf8_lossy(&svg).contains("<svg"), "not SVG");
    let png = export(&store, &["--format", "png", "--layout", "sfdp", "--view", "mentions"]);
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not PNG");
}

//! Export at scale: writes GraphML and DOT for synthetic graphs of up to 100,000 nodes and
//! 500,000 edges, timing each write and reading the process's resident memory, then times
//! networkx's `write_graphml` on the same graph (read back from our file) when python3 with
//! networkx is on PATH.
//!
//! Run: `cargo bench --bench export` (release build). Prints one line per measurement.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark fails loudly")]

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use pactgraph::export::{Edge, ExportGraph, Node, NodeKind, dot, graphml};
use petgraph::graph::{DiGraph, NodeIndex};

const KINDS: [NodeKind; 5] =
    [NodeKind::Person, NodeKind::State, NodeKind::Organization, NodeKind::Place, NodeKind::Proposal];
const STANCES: [(&str, &str); 4] =
    [("offer", "supportive"), ("reject", "opposed"), ("condition", "conditional"), ("expect", "neutral")];

/// A graph shaped like the `full` view: labelled, typed nodes (every fifth a place with
/// coordinates), weighted, dated edges; a fixed pseudo-random wiring (xorshift), so every run
/// writes the same bytes.
fn synthetic(nodes: usize, edges: usize) -> ExportGraph {
    let mut g = DiGraph::with_capacity(nodes, edges);
    for i in 0..nodes {
        let kind = KINDS[i % KINDS.len()];
        let place = kind == NodeKind::Place;
        g.add_node(Node {
            iri: format!("https://w3id.org/pactgraph/id/entity-{i}"),
            label: format!("Entity {i} \"quoted\" & <escaped>"),
            kind,
            subtype: if place { "City".into() } else { "Organization".into() },
            lat: place.then_some(48.0 + (i % 100) as f64 / 100.0),
            long: place.then_some(30.0 + (i % 70) as f64 / 100.0),
            weight: (i % 17) as u64,
            documents: (i % 5) as u64,
            date: None,
        });
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..edges {
        let (a, b) = ((next() % nodes as u64) as usize, (next() % nodes as u64) as usize);
        let (stance, polarity) = STANCES[i % STANCES.len()];
        g.add_edge(
            NodeIndex::new(a),
            NodeIndex::new(b),
            Edge {
                label: stance.into(),
                relation: "stance".into(),
                stance: Some(stance.into()),
                polarity: Some(polarity.into()),
                weight: 1 + (i % 9) as u64,
                first_date: Some(format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
                last_date: Some("2025-12-31".into()),
                hedged: i % 3 == 0,
            },
        );
    }
    ExportGraph { graph: g, directed: true, name: "bench".into() }
}

/// Resident and peak resident memory of this process, in MiB (Linux).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Median seconds of `runs` runs of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn write_to(path: &Path, write: impl FnOnce(&mut BufWriter<std::fs::File>)) {
    let mut w = BufWriter::new(std::fs::File::create(path).unwrap());
    write(&mut w);
    w.flush().unwrap();
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut largest = None;
    for (nodes, edges) in [(25_000, 125_000), (50_000, 250_000), (100_000, 500_000)] {
        let (rss_before, _) = memory();
        let g = synthetic(nodes, edges);
        let (rss_graph, _) = memory();
        let file = dir.path().join(format!("g{nodes}.graphml"));
        let secs = median(5, || {
            write_to(&file, |w| graphml::write_graphml(&g, graphml::GraphmlOptions::default(), w).unwrap())
        });
        let (rss_after, _) = memory();
        let size = std::fs::metadata(&file).unwrap().len() as f64 / 1e6;
        println!(
            "graphml {nodes} nodes {edges} edges: {secs:.3} s (median of 5), {size:.1} MB, graph in memory {:.1} MiB, \
             writing added {:.1} MiB",
            rss_graph - rss_before,
            rss_after - rss_graph
        );
        let dot_file = dir.path().join(format!("g{nodes}.dot"));
        let secs = median(5, || write_to(&dot_file, |w| dot::write_dot(&g, dot::DotOptions::default(), w).unwrap()));
        let size = std::fs::metadata(&dot_file).unwrap().len() as f64 / 1e6;
        println!("dot     {nodes} nodes {edges} edges: {secs:.3} s (median of 5), {size:.1} MB");
        drop(g);
        largest = Some(file);
    }
    let (_, peak) = memory();
    println!("peak resident memory of the benchmark process: {peak:.1} MiB");

    let Some(file) = largest else { return };
    let script = "import sys, time, networkx as nx
g = nx.read_graphml(sys.argv[1])
times = []
for _ in range(3):
    t = time.perf_counter()
    nx.write_graphml(g, sys.argv[2])
    times.append(time.perf_counter() - t)
times.sort()
print(f'networkx write_graphml {g.number_of_nodes()} nodes {g.number_of_edges()} edges: {times[1]:.3f} s (median of 3)')";
    match Command::new("python3").arg("-c").arg(script).arg(&file).arg(dir.path().join("nx.graphml")).output() {
        Ok(o) if o.status.success() => print!("{}", String::from_utf8_lossy(&o.stdout)),
        Ok(o) => println!("networkx comparison skipped: {}", String::from_utf8_lossy(&o.stderr).trim()),
        Err(e) => println!("networkx comparison skipped: python3: {e}"),
    }
}

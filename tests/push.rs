//! `pactgraph push` against the official oxigraph server (the PyPI package's `oxigraph`
//! command) on loopback: the seed store arrives whole, a second push replaces instead of
//! doubling, and a push cut off by the server's death fails clearly and completes on a re-run.
//! With `CI` set, a missing client fails the test instead of skipping it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, PER_GRAPH, Server, assert_ok, counts_of, free_port, have, ingest_seeds, local_counts, seeds};

/// Quads per graph on a server, counted by the server with SPARQL.
fn remote_counts(server: &Server) -> BTreeMap<String, u64> {
    let o = Command::new("curl")
        .args(["-sS", "-H", "Accept: application/sparql-results+json", "--data-urlencode"])
        .arg(format!("query={PER_GRAPH}"))
        .arg(server.url("/query"))
        .output()
        .unwrap();
    assert!(o.status.success(), "curl: {}\noxigraph: {}", String::from_utf8_lossy(&o.stderr), server.log());
    counts_of(&serde_json::from_slice(&o.stdout).unwrap())
}

/// A seed store of this test's own in `dir` (pushing records its state in the store).
fn seed_store(dir: &Path) -> PathBuf {
    let path = dir.join("store");
    ingest_seeds(&path);
    path
}

fn push(store: &Path, args: &[&str]) -> Output {
    Command::new(BIN).arg("push").args(args).arg("--store").arg(store).output().unwrap()
}

#[test]
fn push_to_the_official_oxigraph_server() {
    if !have("oxigraph", &["--version"]) || !have("curl", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = seed_store(dir.path());
    let expected = local_counts(&store);
    assert!(expected.len() >= 6, "five documents and the ontology: {expected:?}");

    // 1. Graph Store Protocol: everything arrives, graph by graph
    let remote = Server::oxigraph(&dir.path().join("remote"), free_port());
    let (update, gsp) = (remote.url("/update"), remote.url("/store"));
    let first = push(&store, &["--endpoint", &update, "--graph-store", &gsp]);
    assert_ok(&first);
    assert!(String::from_utf8_lossy(&first.stderr).contains("(Graph Store PUT)"));
    assert_eq!(remote_counts(&remote), expected);

    // 2. again, with SPARQL Update this time (DROP + INSERT DATA in chunks): nothing doubles
    let second = push(&store, &["--endpoint", &update, "--chunk", "50000"]);
    assert_ok(&second);
    assert!(String::from_utf8_lossy(&second.stderr).contains("(SPARQL Update)"));
    assert_eq!(remote_counts(&remote), expected);

    // 3. --since: nothing changed, nothing sent
    let third = push(&store, &["--endpoint", &update, "--graph-store", &gsp, "--since"]);
    assert_ok(&third);
    assert!(
        String::from_utf8_lossy(&third.stdout).contains("pushed 0 graphs"),
        "{}",
        String::from_utf8_lossy(&third.stdout)
    );
    remote.kill();

    // 4. a Graph Store URL that is not one (404): falls back to SPARQL Update
    let other = Server::oxigraph(&dir.path().join("other"), free_port());
    let fallback = push(&store, &["--endpoint", &other.url("/update"), "--graph-store", &other.url("/no-such-store")]);
    assert_ok(&fallback);
    assert_eq!(remote_counts(&other), expected);
    other.kill();
}

#[test]
fn push_cut_off_by_the_server_fails_clearly_and_resumes() {
    if !have("oxigraph", &["--version"]) || !have("curl", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = seed_store(dir.path());
    let expected = local_counts(&store);
    let location = dir.path().join("remote");
    let remote = Server::oxigraph(&location, free_port());
    let port = remote.port;
    let (update, gsp) = (remote.url("/update"), remote.url("/store"));
    // the documents go first and fast; the ontology (400k triples) later and slowly, in pieces
    // into a temporary graph: kill the server once that graph is there
    let pushing = Command::new(BIN)
        .args(["push", "--endpoint", &update, "--graph-store", &gsp, "--store"])
        .arg(&store)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !remote_counts(&remote).keys().any(|g| g.starts_with("https://w3id.org/pactgraph/graph/incoming/")) {
        assert!(Instant::now() < deadline, "the ontology's pieces never arrived");
        std::thread::sleep(Duration::from_millis(20));
    }
    remote.kill();
    let cut = pushing.wait_with_output().unwrap();
    assert!(!cut.status.success(), "the push should fail when the server dies");
    let err = String::from_utf8_lossy(&cut.stderr);
    assert!(err.contains("pushing graph <https://w3id.org/pactgraph/graph/ontology>") && err.contains(&gsp), "{err}");
    assert!(err.contains("--since"), "{err}");

    // the server comes back; the re-run sends what is missing (the ontology, then the tallies)
    // and completes
    let back = Server::oxigraph(&location, port);
    // nothing of the ontology under its own name: only its temporary graph
    assert!(!remote_counts(&back).contains_key("https://w3id.org/pactgraph/graph/ontology"));
    let rerun = push(&store, &["--endpoint", &update, "--graph-store", &gsp, "--since"]);
    assert_ok(&rerun);
    let out = String::from_utf8_lossy(&rerun.stdout);
    assert!(out.contains("pushed 2 graphs") && out.contains("5 unchanged"), "{out}");
    assert_eq!(remote_counts(&back), expected);
}

/// Scale-out extraction: the union of `extract --format nquads` over shards of the corpus is
/// exactly what one `ingest` of the whole corpus stores (the ontology and tally graphs aside).
#[test]
fn union_of_extract_shards_equals_one_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let store = seed_store(dir.path());
    let dump = Command::new(BIN).args(["dump", "--format", "nquads", "--store"]).arg(&store).output().unwrap();
    assert_ok(&dump);
    let ontology = "<https://w3id.org/pactgraph/graph/ontology> .";
    let tallies = "<https://w3id.org/pactgraph/graph/tallies> .";
    let stored: std::collections::BTreeSet<String> = String::from_utf8(dump.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.ends_with(ontology) && !l.ends_with(tallies))
        .map(str::to_string)
        .collect();
    assert!(stored.len() > 1000, "{}", stored.len());

    let seeds = seeds();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut union = std::collections::BTreeSet::new();
    let mut total = 0;
    for shard in [&files[..2], &files[2..3], &files[3..]] {
        let o = Command::new(BIN).args(["extract", "--format", "nquads"]).args(shard).output().unwrap();
        assert_ok(&o);
        let text = String::from_utf8(o.stdout).unwrap();
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            assert!(!l.ends_with(ontology), "the ontology is not part of an extraction");
            total += 1;
            union.insert(l.to_string());
        }
    }
    assert_eq!(total, union.len(), "shards do not overlap");
    let missing: Vec<_> = stored.difference(&union).take(5).collect();
    let extra: Vec<_> = union.difference(&stored).take(5).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}");

    // TriG carries the same quads
    let trig = Command::new(BIN).args(["extract", "--format", "trig"]).arg(&files[0]).output().unwrap();
    assert_ok(&trig);
    assert!(String::from_utf8_lossy(&trig.stdout).contains("<https://w3id.org/pactgraph/doc/"));
}

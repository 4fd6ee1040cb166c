//! `pactgraph serve` as a black box: the real binary on a real seed store, on a free loopback
//! port, talked to with curl and with SPARQLWrapper (a real SPARQL client library). With `CI`
//! set, a missing client fails the test instead of skipping it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use std::sync::MutexGuard;
use std::time::{Duration, Instant};

use common::{BIN, Server, free_port, have, root, seed_store};
use serde_json::Value;

const STANCES: &str = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/pactgraph/ontology#Stance> }";
/// Runs for minutes on the seed store (a cross product of 400k quads), so it meets the timeout.
const SLOW: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }";
/// Never ends, and oxigraph never looks at its cancellation token while counting: the inner
/// products are joined in memory, without reading the store, where the token is checked.
const ENDLESS: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

/// A read-only server on the seed store, with a short timeout and a small result limit so
/// both can be met. The store allows one process, so tests take turns: the guard on the seed
/// store holds the turn until the server is dropped.
struct Seeded {
    server: Server,
    _turn: MutexGuard<'static, PathBuf>,
}

fn seeded() -> Seeded {
    let store = seed_store();
    Seeded { server: Server::start(&store, &["--timeout", "3", "--max-results", "1000"]), _turn: store }
}

/// An HTTP answer: status, content type, body.
struct Answer {
    status: u16,
    content_type: String,
    body: String,
}

/// Runs curl with `args` against `url`; the status and content type come from `--write-out`.
fn curl(url: &str, args: &[&str]) -> Answer {
    let o = Command::new("curl")
        .args(["-sS", "--max-time", "120", "-w", "\n%{http_code} %{content_type}"])
        .args(args)
        .arg(url)
        .output()
        .expect("curl runs");
    assert!(o.status.success(), "curl failed: {}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8(o.stdout).unwrap();
    let (body, tail) = out.rsplit_once('\n').unwrap();
    let (status, content_type) = tail.split_once(' ').unwrap_or((tail, ""));
    Answer { status: status.parse().unwrap(), content_type: content_type.to_string(), body: body.to_string() }
}

fn query(base: &str, accept: &str, q: &str) -> Answer {
    curl(&format!("{base}/query"), &["-H", &format!("Accept: {accept}"), "--data-urlencode", &format!("query={q}")])
}

fn json_count(a: &Answer) -> u64 {
    assert_eq!(a.status, 200, "{}", a.body);
    let v: Value = serde_json::from_str(&a.body).unwrap();
    v["results"]["bindings"][0]["n"]["value"].as_str().unwrap().parse().unwrap()
}

/// Curl is only needed here; every test below uses it.
fn have_curl() -> bool {
    have("curl", &["--version"])
}

#[test]
fn select_in_each_results_format() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let n = json_count(&query(b, "application/sparql-results+json", STANCES));
    assert!(n > 20, "the seed store has stances, got {n}");

    let xml = query(b, "application/sparql-results+xml", STANCES);
    assert_eq!((xml.status, xml.content_type.as_str()), (200, "application/sparql-results+xml"));
    assert!(xml.body.contains(&format!(">{n}</literal>")), "{}", xml.body);

    let csv = query(b, "text/csv", STANCES);
    assert_eq!((csv.status, csv.content_type.as_str()), (200, "text/csv"));
    assert_eq!(csv.body, format!("n\r\n{n}\r\n"));

    let tsv = query(b, "text/tab-separated-values", STANCES);
    assert_eq!((tsv.status, tsv.content_type.as_str()), (200, "text/tab-separated-values"));
    assert_eq!(tsv.body.lines().nth(1), Some(n.to_string().as_str()));

    // GET with the query in the URL, and POST as application/sparql-query, agree
    let enc: String = form_encode(STANCES);
    let get = curl(&format!("{}/query?query={enc}", b), &[]);
    assert_eq!(json_count(&get), n);
    let post =
        curl(&format!("{}/query", b), &["-H", "Content-Type: application/sparql-query", "--data-binary", STANCES]);
    assert_eq!(json_count(&post), n);
}

fn form_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[test]
fn default_graph_is_the_union_and_protocol_datasets_override_it() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let all = json_count(&query(b, "application/json", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"));
    let in_graphs = json_count(&query(b, "application/json", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?t } }"));
    assert!(all > 0 && all <= in_graphs, "union {all}, graphs {in_graphs}");
    // default-graph-uri names the default graph: one document's types only
    let doc = "https://w3id.org/pactgraph/doc/001-86c9d6b18cff7858";
    let one = curl(
        &format!("{}/query?default-graph-uri={}", b, form_encode(doc)),
        &["--data-urlencode", "query=SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"],
    );
    let one = json_count(&one);
    assert!(one > 0 && one < all, "one document {one}, all {all}");
}

#[test]
fn construct_as_turtle_parses_and_matches_the_count() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let pattern = "?s a <https://w3id.org/pactgraph/ontology#Stance> ; <https://w3id.org/pactgraph/ontology#actor> ?a";
    let n = json_count(&query(b, "application/json", &format!("SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")));
    let ttl =
        query(b, "text/turtle", &format!("CONSTRUCT {{ ?s <http://example.com/actor> ?a }} WHERE {{ {pattern} }}"));
    assert_eq!((ttl.status, ttl.content_type.as_str()), (200, "text/turtle"), "{}", ttl.body);
    if have("rapper", &["--version"]) {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("c.ttl");
        std::fs::write(&f, &ttl.body).unwrap();
        let o = Command::new("rapper").args(["-i", "turtle", "-c"]).arg(&f).output().unwrap();
        assert!(o.status.success(), "rapper: {}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stderr).contains(&format!("returned {n} triples")));
    }
    // the other graph formats
    for (accept, media) in [
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
    ] {
        let a = query(b, accept, &format!("CONSTRUCT {{ ?s <http://example.com/actor> ?a }} WHERE {{ {pattern} }}"));
        assert_eq!((a.status, a.content_type.as_str()), (200, media), "{}", a.body);
    }
    let nt = query(
        b,
        "application/n-triples",
        &format!("CONSTRUCT {{ ?s <http://example.com/actor> ?a }} WHERE {{ {pattern} }}"),
    );
    assert_eq!(nt.body.lines().count() as u64, n);
}

#[test]
fn read_only_server_refuses_updates_and_graph_writes() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let before = json_count(&query(b, "application/json", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"));
    let up = curl(&format!("{}/update", b), &["--data-urlencode", "update=CLEAR ALL"]);
    assert_eq!(up.status, 403);
    assert!(up.body.contains("read-only") && up.body.contains("--writable"), "{}", up.body);
    let put = curl(
        &format!("{}/store?graph=http://example.com/g", b),
        &["-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "<a:s> <a:p> <a:o> ."],
    );
    assert_eq!(put.status, 403);
    let del =
        curl(&format!("{}/store?graph=https://w3id.org/pactgraph/doc/001-86c9d6b18cff7858", b), &["-X", "DELETE"]);
    assert_eq!(del.status, 403);
    let after = json_count(&query(b, "application/json", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"));
    assert_eq!(before, after);
}

#[test]
fn slow_query_times_out_while_others_are_answered() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let base = b.to_string();
    let started = Instant::now();
    let slow = std::thread::spawn(move || {
        let a = curl(&format!("{base}/query"), &["--data-urlencode", &format!("query={SLOW}")]);
        (a, Instant::now())
    });
    // while the slow query runs, a quick one is answered
    std::thread::sleep(Duration::from_millis(300));
    let quick = query(b, "application/json", STANCES);
    let quick_done = Instant::now();
    assert_eq!(quick.status, 200);
    let (a, slow_done) = slow.join().unwrap();
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(a.body.contains("timeout") && a.body.contains("3 s"), "{}", a.body);
    assert!(quick_done < slow_done, "the quick query waited for the slow one");
    assert!(slow_done - started >= Duration::from_secs(3), "stopped before the timeout");
}

/// A query that does not stop when cancelled is still answered at the timeout: the server
/// stops waiting for it. Guards against the client getting nothing until the socket times out
/// (timeout + 30 s); the margin below is for a loaded machine, not a speed goal.
#[test]
fn a_query_that_ignores_cancellation_is_answered_at_the_timeout() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let started = Instant::now();
    let a = curl(&format!("{b}/query"), &["--data-urlencode", &format!("query={ENDLESS}")]);
    let took = started.elapsed();
    assert_eq!(a.status, 503, "{}", a.body);
    assert!(a.body.contains("timeout") && a.body.contains("3 s"), "{}", a.body);
    assert!(took < Duration::from_secs(3 + 20), "answered after {took:?}, the timeout is 3 s");
    // the abandoned query runs on, and the server still answers
    assert_eq!(query(b, "application/json", STANCES).status, 200);
}

#[test]
fn malformed_queries_unknown_paths_and_limits_get_clear_errors() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let bad = query(b, "application/json", "SELECT ?s WHERE { ?s ?p }");
    assert_eq!(bad.status, 400);
    assert!(bad.body.starts_with("SPARQL syntax error: error at 1:"), "{}", bad.body);

    let missing = curl(&format!("{}/query", b), &[]);
    assert_eq!(missing.status, 400);

    let nowhere = curl(&format!("{}/sparql", b), &[]);
    assert_eq!(nowhere.status, 404);
    assert!(nowhere.body.contains("/query"), "{}", nowhere.body);

    let too_many = query(b, "application/json", "SELECT * WHERE { ?s ?p ?o }");
    assert_eq!(too_many.status, 422, "{}", too_many.body);
    assert!(too_many.body.contains("1000") && too_many.body.contains("--max-results"), "{}", too_many.body);

    let unacceptable = query(b, "image/png", STANCES);
    assert_eq!(unacceptable.status, 406);
    assert!(unacceptable.body.contains("text/csv"), "{}", unacceptable.body);

    let media = curl(&format!("{}/query", b), &["-H", "Content-Type: text/plain", "--data-binary", STANCES]);
    assert_eq!(media.status, 415);

    let method = curl(&format!("{}/query", b), &["-X", "DELETE"]);
    assert_eq!(method.status, 405);
}

#[test]
fn graph_store_reads_one_graph() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let doc = "https://w3id.org/pactgraph/doc/001-86c9d6b18cff7858";
    let n = json_count(&query(
        b,
        "application/json",
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}"),
    ));
    let nt = curl(&format!("{}/store?graph={}", b, form_encode(doc)), &["-H", "Accept: application/n-triples"]);
    assert_eq!((nt.status, nt.content_type.as_str()), (200, "application/n-triples"));
    assert_eq!(nt.body.lines().count() as u64, n);
    let ttl = curl(&format!("{}/store?graph={}", b, form_encode(doc)), &[]);
    assert_eq!((ttl.status, ttl.content_type.as_str()), (200, "text/turtle"));
    let none = curl(&format!("{}/store?graph=http://example.com/none", b), &[]);
    assert_eq!(none.status, 404);
    let neither = curl(&format!("{}/store", b), &[]);
    assert_eq!(neither.status, 400);
}

#[test]
fn ten_clients_at_once() {
    if !have_curl() {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let expected = json_count(&query(b, "application/json", STANCES));
    let clients: Vec<_> = (0..10)
        .map(|i| {
            let base = b.to_string();
            std::thread::spawn(move || {
                let accept = ["application/json", "text/csv"][i % 2];
                let a = query(&base, accept, STANCES);
                (i, a)
            })
        })
        .collect();
    for c in clients {
        let (i, a) = c.join().unwrap();
        assert_eq!(a.status, 200, "client {i}: {}", a.body);
        if i % 2 == 0 {
            assert_eq!(json_count(&a), expected);
        } else {
            assert_eq!(a.body, format!("n\r\n{expected}\r\n"));
        }
    }
}

#[test]
fn sparqlwrapper_client() {
    if !have("python3", &["-c", "import SPARQLWrapper, rdflib"]) {
        return;
    }
    let s = seeded();
    let b = s.server.base.as_str();
    let script = root().join("tests/clients/sparqlwrapper_check.py");
    let base = b;
    let o = Command::new("python3")
        .arg(&script)
        .arg(format!("{base}/query"))
        .arg(format!("{base}/update"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let n = json_count(&query(b, "application/json", STANCES));
    let typed = json_count(&query(
        b,
        "application/json",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/pactgraph/ontology#Stance> ; a ?t }",
    ));
    for f in ["json", "xml", "csv", "tsv"] {
        for m in ["GET", "POST"] {
            assert_eq!(v[format!("{f}_{m}")]["n"], n, "{f} by {m}: {v}");
        }
    }
    assert!(v["construct"]["content_type"].as_str().unwrap().starts_with("text/turtle"));
    assert_eq!(v["construct"]["triples"].as_u64().unwrap(), typed, "{v}");
    assert!(v["update"].as_str().unwrap().starts_with("refused"), "{v}");
}

/// Writable mode on a fresh store: Graph Store PUT replaces, POST adds, DELETE removes;
/// SPARQL Update works.
#[test]
fn writable_server_accepts_graph_store_writes_and_updates() {
    if !have_curl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(&dir.path().join("w"), &["--writable"]);
    let g = format!("{}/store?graph=http://example.com/g", s.base);
    let count = || {
        let a = curl(
            &format!("{}/query", s.base),
            &["--data-urlencode", "query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.com/g> { ?s ?p ?o } }"],
        );
        json_count(&a)
    };
    let ttl = "<http://example.com/a> <http://example.com/p> 1, 2 .";
    let put = curl(&g, &["-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", ttl]);
    assert_eq!(put.status, 201, "{}", put.body);
    let again = curl(&g, &["-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", ttl]);
    assert_eq!(again.status, 204);
    assert_eq!(count(), 2, "PUT replaces");
    let post = curl(
        &g,
        &[
            "-H",
            "Content-Type: application/n-triples",
            "--data-binary",
            "<http://example.com/a> <http://example.com/p> \"3\" .\n",
        ],
    );
    assert_eq!(post.status, 204);
    assert_eq!(count(), 3, "POST adds");
    let bad =
        curl(&g, &["-X", "PUT", "-H", "Content-Type: text/turtle", "--data-binary", "<http://example.com/a> oops"]);
    assert_eq!(bad.status, 400);
    assert_eq!(count(), 3, "a bad body changes nothing");
    let up = curl(
        &format!("{}/update", s.base),
        &[
            "--data-urlencode",
            "update=INSERT DATA { GRAPH <http://example.com/g> { <http://example.com/b> <http://example.com/p> 4 } }",
        ],
    );
    assert_eq!(up.status, 204, "{}", up.body);
    assert_eq!(count(), 4);
    assert_eq!(curl(&g, &["-X", "DELETE"]).status, 204);
    assert_eq!(curl(&g, &[]).status, 404);
    assert!(!s.log().contains("warning"), "no warning on loopback");
}

/// Writes through the server bypass the tallies: they are marked stale, and the next ingest
/// counts them again from the stored documents.
#[test]
fn graph_store_writes_make_the_next_ingest_recount_the_tallies() {
    if !have_curl() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("t");
    let seeds = root().join("seeds");
    common::assert_ok(&common::run(&["ingest", "--quiet", seeds.to_str().unwrap()], &store));
    let (tallied, counted) = common::position_counts(&store);
    assert!(counted > 0 && tallied == counted, "{tallied} {counted}");
    {
        let s = Server::start(&store, &["--writable"]);
        let g = format!("{}/store?graph=https://w3id.org/pactgraph/doc/001-86c9d6b18cff7858", s.base);
        assert_eq!(curl(&g, &["-X", "DELETE"]).status, 204);
    }
    let (stale, fewer) = common::position_counts(&store);
    assert!(fewer < counted && stale == tallied, "{stale} {fewer}");
    // an ingest of nothing new still counts them again (and says so)
    let o = common::run(&["ingest", seeds.join("000_87ef60c703992cf2.txt").to_str().unwrap()], &store);
    common::assert_ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("counting the tallies"), "{o:?}");
    let (tallied, counted) = common::position_counts(&store);
    assert_eq!((tallied, counted), (fewer, fewer));
}

#[test]
fn writable_on_a_non_loopback_address_warns() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let log = dir.path().join("serve.log");
    let mut cmd = Command::new(BIN);
    cmd.arg("serve").arg("--store").arg(dir.path().join("w")).args([
        "--writable",
        "--bind",
        &format!("0.0.0.0:{port}"),
    ]);
    let s = Server::spawn(cmd, port, log);
    let mut text = String::new();
    std::fs::File::open(&s.stderr).unwrap().read_to_string(&mut text).unwrap();
    assert!(text.contains("warning: writable and listening on 0.0.0.0"), "{text}");
}

#[test]
fn read_only_serve_needs_an_existing_store() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(BIN).arg("serve").arg("--store").arg(dir.path().join("none")).output().unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("run `pactgraph ingest` first"));
}

#[test]
fn help_states_the_union_default_graph() {
    let o = Command::new(BIN).args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("union of all named") && help.contains("--writable") && help.contains("--timeout"), "{help}");
}

/// The store directory is a standard oxigraph store: the official server of the same
/// oxigraph version (the PyPI package's `oxigraph` command) opens it and sees the same data.
#[test]
fn official_oxigraph_server_opens_the_store() {
    if !have_curl() || !have("oxigraph", &["--version"]) {
        return;
    }
    let version = Command::new("oxigraph").arg("--version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stdout).to_string();
    assert!(version.starts_with("oxigraph 0.5."), "our store is oxigraph 0.5's format, found {version}");
    let q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    let ours = {
        let s = seeded();
        json_count(&query(&s.server.base, "application/json", q))
    };
    let turn = seed_store();
    let official = Server::oxigraph(&turn, free_port());
    let theirs = json_count(&query(&official.base, "application/sparql-results+json", q));
    assert_eq!(ours, theirs);
    drop(official);
    drop(turn);
}

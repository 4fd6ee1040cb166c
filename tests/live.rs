//! A live store (`pactgraph serve` owning the store, issue 19) against the real binary and real
//! on-disk stores: `ingest` and files dropped into a watched folder while four clients query
//! (every answer shows whole documents and exact tallies; the final store equals a fresh
//! ingest), `kill -9` of the server in the middle of a watched ingest and a restart, `push
//! --since` from a served store to the official oxigraph server, and the control socket's
//! permissions and fallbacks. With `CI` set, a missing external client fails the test.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{BIN, Server, assert_ok, free_port, have, run, stderr, stdout};
use serde_json::Value;

const DOC_NS: &str = "https://w3id.org/pactgraph/doc/";
const ACTORS: [&str; 8] = ["Russia", "Ukraine", "France", "Germany", "Poland", "Turkey", "China", "the United States"];
const CITIES: [&str; 6] = ["Geneva", "Rome", "Istanbul", "Vienna", "Riyadh", "Paris"];

/// A short article with stances, different for each `i`.
fn article(i: usize) -> String {
    let (a, b) = (ACTORS[i % 8], ACTORS[(i / 8 + 3) % 8]);
    let city = CITIES[i % 6];
    format!(
        "Talks in {city}, round {i}\n\nDecember {}, 2025\n\n{a} rejected the ceasefire proposal on Monday. \
         {b} proposed a peace plan in {city} and demanded a prisoner exchange.\n",
        1 + i % 28
    )
}

fn write_articles(dir: &Path, range: std::ops::Range<usize>) {
    std::fs::create_dir_all(dir).unwrap();
    for i in range {
        std::fs::write(dir.join(format!("doc-{i:03}.txt")), article(i)).unwrap();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .http_status_as_error(false)
            .build(),
    )
}

/// A SELECT on the server: its status and JSON results.
fn select(agent: &ureq::Agent, server: &str, query: &str) -> Result<Value, String> {
    let mut r = agent
        .post(format!("{server}/query"))
        .header("Accept", "application/sparql-results+json")
        .send_form([("query", query)])
        .map_err(|e| e.to_string())?;
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().map_err(|e| e.to_string())?;
    if status != 200 {
        return Err(format!("{status}: {body}"));
    }
    serde_json::from_str(&body).map_err(|e| e.to_string())
}

fn bindings(v: &Value) -> &Vec<Value> {
    v["results"]["bindings"].as_array().unwrap()
}

fn num(b: &Value, var: &str) -> i64 {
    b[var]["value"].as_str().map_or(0, |n| n.parse().unwrap())
}

/// Quads per document graph.
const DOC_COUNTS: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } \
     FILTER(STRSTARTS(STR(?g), \"https://w3id.org/pactgraph/doc/\")) } GROUP BY ?g";

/// In one query, so on one snapshot: the documents counted by the tallies' position nodes,
/// and the same counted from the stances of the document graphs.
const TALLY_CHECK: &str = "PREFIX tally: <https://w3id.org/pactgraph/ontology/tally#> \
     PREFIX pg: <https://w3id.org/pactgraph/ontology#> \
     SELECT ?tallied ?counted WHERE { \
       { SELECT (SUM(?c) AS ?tallied) WHERE { GRAPH <https://w3id.org/pactgraph/graph/tallies> \
           { ?k a tally:Position ; tally:count ?c } } } \
       { SELECT (COUNT(*) AS ?counted) WHERE { SELECT DISTINCT ?g ?p ?a ?t WHERE { GRAPH ?g \
           { ?s a pg:Stance ; pg:actor ?a ; pg:stance ?t ; pg:proposal ?p } } } } }";

/// [`DOC_COUNTS`] for the graphs `iris` only: it reads only those graphs, not the whole
/// store (with the 400k quads of the ontology graph).
fn doc_counts_of<'a>(iris: impl Iterator<Item = &'a String>) -> String {
    let values: Vec<String> = iris.map(|g| format!("<{g}>")).collect();
    format!(
        "SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g",
        values.join(" ")
    )
}

fn counts_of(v: &Value) -> BTreeMap<String, i64> {
    bindings(v).iter().map(|b| (b["g"]["value"].as_str().unwrap().to_string(), num(b, "n"))).collect()
}

/// Quads per document graph of a store no process holds.
fn store_counts(store: &Path) -> BTreeMap<String, i64> {
    let o = run(&["query", "--format", "json", DOC_COUNTS], store);
    assert_ok(&o);
    counts_of(&serde_json::from_slice(&o.stdout).unwrap())
}

/// The tallies of a store no process holds, keys counted 0 left out.
fn tallies(store: &Path) -> Vec<String> {
    let s = pactgraph::store::Store::open_existing(store).unwrap();
    let mut t: Vec<String> =
        s.tallies().unwrap().counts.into_iter().filter(|(_, n)| *n != 0).map(|(k, n)| format!("{k:?} {n}")).collect();
    t.sort();
    t
}

/// A fresh ingest of `inputs` into a new store at `store`: the reference.
fn reference(store: &Path, inputs: &[&Path]) -> (BTreeMap<String, i64>, Vec<String>) {
    let mut args = vec!["ingest"];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    assert_ok(&run(&args, store));
    (store_counts(store), tallies(store))
}

fn status(server: &Server) -> Value {
    let mut r = agent().get(server.url("/status?format=json")).call().unwrap();
    serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap()
}

/// Waits (at most 5 minutes) until `/status` shows `n` documents and an ingest since.
fn wait_for_documents(server: &Server, n: u64) -> Value {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        let s = status(server);
        if s["documents"].as_u64() == Some(n) && !s["last_ingest"].is_null() {
            return s;
        }
        assert!(Instant::now() < deadline, "never {n} documents: {s}\n{}", server.log());
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A file appears whole: written under a hidden name, then renamed.
fn drop_file(dir: &Path, name: &str, text: &str) {
    let tmp = dir.join(format!(".{name}.part"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, dir.join(name)).unwrap();
}

/// Four clients query while `ingest` runs three times against the server and 50 files land in
/// its watched folder: every query answers, every document an answer shows has all its quads
/// (as many as in a fresh ingest), the tallies count exactly the stances of the same answer,
/// and the final store equals a fresh ingest of the 200 documents.
#[test]
fn ingest_and_watched_files_while_four_clients_query() {
    let dir = tempfile::tempdir().unwrap();
    let (inputs, watch) = (dir.path().join("in"), dir.path().join("watch"));
    for (k, range) in [(1, 0..50), (2, 50..100), (3, 100..150)] {
        write_articles(&inputs.join(format!("batch{k}")), range);
    }
    let late = dir.path().join("late");
    write_articles(&late, 150..200);
    let (expected, expected_tallies) = reference(&dir.path().join("reference"), &[&inputs, &late]);
    assert_eq!(expected.len(), 200);
    std::fs::create_dir(&watch).unwrap();

    let store = dir.path().join("live");
    // a generous timeout: the test is about whole answers, on a machine other tests load too
    let server = Server::start(&store, &["--watch", watch.to_str().unwrap(), "--timeout", "600"]);
    let doc_counts = Arc::new(doc_counts_of(expected.keys()));
    let stop = Arc::new(AtomicBool::new(false));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let answers = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..4)
        .map(|c| {
            let (stop, failures, answers, expected) =
                (stop.clone(), failures.clone(), answers.clone(), expected.clone());
            let doc_counts = doc_counts.clone();
            let base = server.base.clone();
            std::thread::spawn(move || {
                let agent = agent();
                let mut latencies = Vec::new();
                while !stop.load(Ordering::Acquire) {
                    let started = Instant::now();
                    let query = if c % 2 == 0 { doc_counts.as_str() } else { TALLY_CHECK };
                    let problem = match select(&agent, &base, query) {
                        Err(e) => Some(format!("client {c}: {e}")),
                        Ok(v) if c % 2 == 0 => counts_of(&v)
                            .into_iter()
                            .find(|(g, n)| expected.get(g) != Some(n))
                            .map(|(g, n)| format!("client {c}: {g} has {n} quads, {:?} when whole", expected.get(&g))),
                        Ok(v) => {
                            let b = &bindings(&v)[0];
                            let (t, s) = (num(b, "tallied"), num(b, "counted"));
                            (t != s).then(|| format!("client {c}: the tallies count {t} positions, the documents {s}"))
                        }
                    };
                    latencies.push(started.elapsed());
                    answers.fetch_add(1, Ordering::AcqRel);
                    if let Some(p) = problem {
                        failures.lock().unwrap().push(p);
                    }
                }
                latencies
            })
        })
        .collect();

    let ingests: Vec<_> = (1..=3)
        .map(|k| {
            let (store, batch) = (store.clone(), inputs.join(format!("batch{k}")));
            std::thread::spawn(move || run(&["ingest", batch.to_str().unwrap()], &store))
        })
        .collect();
    for i in 150..200 {
        drop_file(&watch, &format!("doc-{i:03}.txt"), &article(i));
    }
    for o in ingests {
        let o = o.join().unwrap();
        assert_ok(&o);
        assert!(stdout(&o).contains("documents:  50 (50 added)"), "{}\n{}", stdout(&o), stderr(&o));
    }
    let s = wait_for_documents(&server, 200);
    stop.store(true, Ordering::Release);
    let mut latencies: Vec<Duration> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
    let failures = failures.lock().unwrap();
    assert!(failures.is_empty(), "{} bad answers of {}:\n{}", failures.len(), latencies.len(), failures.join("\n"));
    assert!(answers.load(Ordering::Acquire) >= 4, "the clients were answered");
    latencies.sort();
    eprintln!(
        "{} answers while ingesting; median {:?}, slowest {:?}; status {s}",
        latencies.len(),
        latencies[latencies.len() / 2],
        latencies[latencies.len() - 1]
    );
    assert_eq!(s["failures_total"], 0, "{s}");

    // the final store, as the server sees it and as a fresh ingest made it
    let served = counts_of(&select(&agent(), &server.base, &doc_counts).unwrap());
    assert_eq!(served, expected);
    server.kill();
    assert_eq!(store_counts(&store), expected);
    assert_eq!(tallies(&store), expected_tallies);
}

/// `kill -9` of the server while files keep landing in its watched folder: after a restart on
/// the same folder every document is stored whole and the ones it missed are picked up, the
/// tallies as a fresh ingest makes them.
#[test]
fn a_server_killed_mid_watch_picks_up_the_rest_on_restart() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all");
    write_articles(&all, 0..120);
    let (expected, expected_tallies) = reference(&dir.path().join("reference"), &[&all]);
    let watch = dir.path().join("watch");
    std::fs::create_dir(&watch).unwrap();
    let store = dir.path().join("live");

    let server = Server::start(&store, &["--watch", watch.to_str().unwrap()]);
    // files land one by one; the server is killed once it has stored some of them
    let mut landed = 0;
    while landed < 120 {
        drop_file(&watch, &format!("doc-{landed:03}.txt"), &article(landed));
        landed += 1;
        if status(&server)["documents"].as_u64().unwrap_or(0) >= 10 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill(); // SIGKILL
    // every document stored so far is whole
    let stored = store_counts(&store);
    for (g, n) in &stored {
        assert_eq!(expected.get(g), Some(n), "{g} after kill -9");
    }
    eprintln!("{} documents stored when killed, {landed} files landed", stored.len());
    for i in landed..120 {
        drop_file(&watch, &format!("doc-{i:03}.txt"), &article(i));
    }

    let server = Server::start(&store, &["--watch", watch.to_str().unwrap()]);
    wait_for_documents(&server, 120);
    server.kill();
    assert_eq!(store_counts(&store), expected);
    assert_eq!(tallies(&store), expected_tallies);
}

/// Quads per graph on a SPARQL endpoint, push-state records left out.
fn endpoint_counts(base: &str) -> BTreeMap<String, i64> {
    let q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
    let mut c = counts_of(&select(&agent(), base, q).unwrap());
    c.retain(|g, _| !g.starts_with("https://w3id.org/pactgraph/graph/pushed/"));
    c
}

/// `push` and `push --since` from a served store to the official oxigraph server, the server
/// answering queries meanwhile; a document ingested into the served store in between is all
/// the second push sends besides the tallies.
#[test]
fn push_since_from_a_served_store_to_the_official_oxigraph_server() {
    if !have("oxigraph", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    write_articles(&dir.path().join("first"), 0..20);
    assert_ok(&run(&["ingest", dir.path().join("first").to_str().unwrap()], &store));
    let server = Server::start(&store, &[]);
    let remote = Server::oxigraph(&dir.path().join("remote"), free_port());
    let (update, gsp) = (remote.url("/update"), remote.url("/store"));

    let stop = Arc::new(AtomicBool::new(false));
    let querying = {
        let (stop, base) = (stop.clone(), server.base.clone());
        std::thread::spawn(move || {
            let agent = agent();
            let mut answered = 0;
            while !stop.load(Ordering::Acquire) {
                select(&agent, &base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s a ?t } }").unwrap();
                answered += 1;
            }
            answered
        })
    };
    let push = |args: &[&str]| {
        let mut all = vec!["push", "--endpoint", &update, "--graph-store", &gsp];
        all.extend(args);
        let o = run(&all, &store);
        assert_ok(&o);
        o
    };
    let first = push(&[]);
    assert!(stderr(&first).contains("(Graph Store PUT)"), "{}", stderr(&first));
    assert_eq!(endpoint_counts(&remote.base), endpoint_counts(&server.base));

    let extra = dir.path().join("extra");
    write_articles(&extra, 20..21);
    assert_ok(&run(&["ingest", extra.to_str().unwrap()], &store));
    let second = push(&["--since"]);
    let out = stdout(&second);
    // the new document and the tallies; the 20 documents and the ontology are unchanged
    assert!(out.contains("pushed 2 graphs") && out.contains("21 unchanged"), "{out}\n{}", stderr(&second));
    stop.store(true, Ordering::Release);
    assert!(querying.join().unwrap() > 0);
    assert_eq!(endpoint_counts(&remote.base), endpoint_counts(&server.base));
    assert!(endpoint_counts(&remote.base).contains_key(&format!("{DOC_NS}doc-020")));
}

/// The control socket is the owner's alone; the commands it runs answer as they would
/// locally (a bad file: its error once, exit 2; `remove`; standard input refused); readers are
/// sent to the endpoint; once the server is gone the commands work on their own again.
#[test]
fn commands_forwarded_to_the_server_answer_as_they_would_locally() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let input = dir.path().join("in");
    write_articles(&input, 0..2);
    assert_ok(&run(&["ingest", input.to_str().unwrap()], &store));
    let server = Server::start(&store, &[]);
    let socket = store.join("pactgraph.sock");
    assert_eq!(std::fs::metadata(&socket).unwrap().permissions().mode() & 0o777, 0o600);

    std::fs::write(input.join("broken.txt"), b"Zelensky met Putin. \xe2\x82 broken \xc3\xa9\n").unwrap();
    write_articles(&input, 2..3);
    // a relative input path is the client's, not the server's
    let o = std::process::Command::new(BIN)
        .args(["ingest", "in", "--store"])
        .arg(&store)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}\n{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("documents:  4 (1 added, 2 unchanged, 1 failed)"), "{}", stdout(&o));
    assert_eq!(format!("{}{}", stdout(&o), stderr(&o)).matches("broken.txt").count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("invalid UTF-8 at byte 20"), "{}", stderr(&o));

    let o = run(&["remove", "doc-000", "nothing-here"], &store);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("removed https://w3id.org/pactgraph/doc/doc-000"), "{}", stdout(&o));
    assert!(stderr(&o).contains("no document \"nothing-here\""), "{}", stderr(&o));
    let o = run(&["ingest", "-"], &store);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("save it to a file first"), "{}", stderr(&o));
    let o = run(&["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], &store);
    assert!(!o.status.success() && stderr(&o).contains("served by `pactgraph serve`"), "{}", stderr(&o));
    assert!(stderr(&o).contains("SPARQL endpoint"), "{}", stderr(&o));
    let s = status(&server);
    assert_eq!(s["documents"], 2, "{s}");
    assert_eq!(s["last_ingest"]["by"], "ingest", "{s}");
    assert!(s["failures"][0]["message"].as_str().unwrap().contains("broken.txt"), "{s}");
    let page = agent().get(server.url("/status")).call().unwrap().body_mut().read_to_string().unwrap();
    assert!(page.contains("broken.txt") && page.contains("Documents"), "{page}");

    // killed: its socket is left behind, dead; the commands work on their own again
    server.kill();
    assert!(socket.exists());
    let o = run(&["remove", "doc-001"], &store);
    assert_ok(&o);
    assert_eq!(store_counts(&store).len(), 1);
}

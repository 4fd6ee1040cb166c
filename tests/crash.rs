//! Crash safety: `kill -9` of `pactgraph ingest` at random moments, 20 times, on a corpus of
//! 2,000 documents (copies of the seed articles under distinct names). After each kill the
//! store must open, every stored document must be whole (its quad count equals a fresh
//! extraction of its file), the tallies must count exactly the stored documents, and at the
//! end a re-run must complete the rest.
//!
//! The moments are drawn from a generator seeded by the clock and printed, so that a failure
//! can be replayed with `PACTGRAPH_CRASH_SEED=N cargo test --test crash`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, position_counts, run, seeds};
use serde_json::Value;

const COPIES: usize = 400;
const KILLS: usize = 20;

/// Quad count per document graph in the store.
fn stored(store: &Path) -> BTreeMap<String, usize> {
    if !store.join("CURRENT").exists() {
        // killed before RocksDB wrote its first CURRENT file: there is no store yet, and the
        // next ingest must still be able to create it (checked by the following rounds)
        return BTreeMap::new();
    }
    let q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/pactgraph/doc/\")) } GROUP BY ?g";
    let o = run(&["query", "--format", "json", q], store);
    assert!(o.status.success(), "the store opens after a kill: {}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let g = b["g"]["value"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (g, b["n"]["value"].as_str().unwrap().parse().unwrap())
        })
        .collect()
}

/// Distinct quads of a fresh extraction of one file.
fn fresh_quads(file: &Path) -> usize {
    let o = Command::new(BIN).args(["extract", "--format", "nquads"]).arg(file).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).lines().collect::<HashSet<_>>().len()
}

/// A small linear congruential generator: reproducible moments without a dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn kill_9_at_random_moments_leaves_whole_documents() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let seeds = seeds();
    let mut seed_files: Vec<PathBuf> = std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).collect();
    seed_files.sort();
    // the quads of a copy differ from the seed's only in the document IRI and path, so their
    // number is the seed's
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for (k, seed) in seed_files.iter().enumerate() {
        let text = std::fs::read(seed).unwrap();
        for i in 0..COPIES {
            std::fs::write(corpus.join(format!("s{k}-copy{i:04}.txt")), &text).unwrap();
        }
        let per_copy = fresh_quads(&corpus.join(format!("s{k}-copy0000.txt")));
        for i in 0..COPIES {
            expected.insert(format!("s{k}-copy{i:04}"), per_copy);
        }
    }
    let total = expected.len();
    assert!(total >= 2000);

    let seed = std::env::var("PACTGRAPH_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
    });
    eprintln!("PACTGRAPH_CRASH_SEED={seed}");
    let mut rng = Lcg(seed);
    let store = dir.path().join("store");
    let started = Instant::now();
    let mut seen_stored = 0;
    for round in 0..KILLS {
        let mut child = Command::new(BIN)
            .arg("ingest")
            .arg("--quiet")
            .arg(&corpus)
            .arg("--store")
            .arg(&store)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // from the knowledge-base load (the first seconds) to deep into the documents
        let delay = Duration::from_millis(200 + rng.below(6_000));
        std::thread::sleep(delay);
        let finished = child.try_wait().unwrap().is_some();
        // SIGKILL: no destructor, no flush
        child.kill().ok();
        child.wait().unwrap();
        let now = stored(&store);
        for (doc, n) in &now {
            assert_eq!(Some(n), expected.get(doc), "round {round} (killed after {delay:?}): {doc} is not whole");
        }
        let (tallied, counted) = position_counts(&store);
        assert_eq!(tallied, counted, "round {round} (killed after {delay:?}): the tallies count other documents");
        eprintln!("round {round}: killed after {delay:?}, {} documents stored, finished: {finished}", now.len());
        seen_stored = seen_stored.max(now.len());
    }
    // a re-run completes the rest
    let o = run(&["ingest", "--quiet", corpus.to_str().unwrap()], &store);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let now = stored(&store);
    assert_eq!(now, expected, "every document stored whole after the re-run");
    let (tallied, counted) = position_counts(&store);
    assert!(counted > 0);
    assert_eq!(tallied, counted, "the tallies count every document after the re-run");
    eprintln!(
        "{KILLS} kills, up to {seen_stored} of {total} documents stored between kills, {:?} in all",
        started.elapsed()
    );
}

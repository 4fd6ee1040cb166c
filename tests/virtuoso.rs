//! `pactgraph push` against Virtuoso Open-Source 7 (Debian's `virtuoso-opensource`), started by
//! the test on loopback with a throwaway database directory and free ports: the seed store
//! lands whole by the Graph Store Protocol and by SPARQL Update (Virtuoso refuses large
//! `INSERT DATA` requests: the push halves them), per-graph counts equal the local ones, a
//! second push doubles nothing, `--since` sends nothing, HTTP digest authentication on
//! `/sparql-auth` works, and every example query gives as many rows on Virtuoso as locally.
//! With `CI` set, a missing Virtuoso fails the test instead of skipping it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{
    BIN, PER_GRAPH, Server, assert_ok, counts_of, free_port, have, ingest_seeds, local_counts, root, stderr, stdout,
};
use serde_json::Value;

const INI: &str = "/etc/virtuoso-opensource-7/virtuoso.ini";

/// A throwaway Virtuoso: Debian's virtuoso.ini with the database, logs and ports of its own.
struct Virtuoso {
    server: Server,
}

impl Virtuoso {
    fn start(dir: &Path) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let (sql, http) = (free_port(), free_port());
        let ini = virtuoso_ini(&std::fs::read_to_string(INI).unwrap(), dir, sql, http);
        let config = dir.join("virtuoso.ini");
        std::fs::write(&config, ini).unwrap();
        let mut cmd = Command::new("virtuoso-t");
        cmd.arg("+foreground").arg("+configfile").arg(&config).current_dir(dir);
        let server = Server::spawn(cmd, http, dir.join("virtuoso-stderr.log"));
        let v = Self { server };
        // the HTTP port opens before the SPARQL endpoint is ready: wait for an answer
        let deadline = Instant::now() + Duration::from_secs(120);
        while v.select("ASK {}").is_none() {
            assert!(Instant::now() < deadline, "Virtuoso did not answer within 120 s: {}", v.log(dir));
            std::thread::sleep(Duration::from_millis(200));
        }
        // anonymous SPARQL Update on /sparql and /sparql-graph-crud: a test-only setting
        let o = Command::new("isql-vt")
            .arg(format!("127.0.0.1:{sql}"))
            .args(["dba", "dba", "exec=GRANT SPARQL_UPDATE TO \"SPARQL\";"])
            .output()
            .unwrap();
        assert!(o.status.success(), "isql-vt: {}{}", stdout(&o), stderr(&o));
        v
    }

    fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    fn log(&self, dir: &Path) -> String {
        format!("{}\n{}", self.server.log(), std::fs::read_to_string(dir.join("virtuoso.log")).unwrap_or_default())
    }

    /// The answer of /sparql to `query` as SPARQL JSON, if any.
    fn select(&self, query: &str) -> Option<Value> {
        let o = Command::new("curl")
            .args(["-sS", "--max-time", "120", "-H", "Accept: application/sparql-results+json", "--data-urlencode"])
            .arg(format!("query={query}"))
            .arg(self.url("/sparql"))
            .output()
            .unwrap();
        if !o.status.success() {
            return None;
        }
        serde_json::from_slice(&o.stdout).ok()
    }

    /// Triples per pactgraph graph on the server (Virtuoso's own system graphs left out).
    fn counts(&self) -> BTreeMap<String, u64> {
        let mut c = counts_of(&self.select(PER_GRAPH).expect("Virtuoso answers the count query"));
        c.retain(|g, _| g.starts_with("https://w3id.org/pactgraph/"));
        c
    }
}

/// Debian's virtuoso.ini pointed at `dir` (database, logs, lock, allowed directories) and the
/// ports given; `ResultSetMaxRows` raised above the default 10,000 rows a SELECT may return.
fn virtuoso_ini(template: &str, dir: &Path, sql: u16, http: u16) -> String {
    let mut section = String::new();
    let mut out = String::new();
    for line in template.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            section = trimmed.trim_matches(['[', ']']).to_string();
        }
        let key = line.split('=').next().unwrap_or_default().trim();
        let value = line.split_once('=').map(|(_, v)| v.trim()).unwrap_or_default();
        let file_name = value.rsplit('/').next().unwrap_or_default();
        let new = match (section.as_str(), key) {
            (
                "Database" | "TempDatabase",
                "DatabaseFile" | "ErrorLogFile" | "LockFile" | "TransactionFile" | "xa_persistent_file",
            ) => format!("{key} = {}", dir.join(file_name).display()),
            ("Parameters", "DirsAllowed") => {
                format!("DirsAllowed = ., {}, /usr/share/virtuoso-opensource-7/vad", dir.display())
            }
            ("Parameters", "ServerPort") => format!("ServerPort = {sql}"),
            ("HTTPServer", "ServerPort") => format!("ServerPort = {http}"),
            ("SPARQL", "ResultSetMaxRows") => "ResultSetMaxRows = 1000000".to_string(),
            _ => line.to_string(),
        };
        out.push_str(&new);
        out.push('\n');
    }
    out
}

fn push(store: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN).arg("push").args(args).arg("--store").arg(store).envs(env.iter().copied()).output().unwrap()
}

#[test]
fn push_to_virtuoso_by_graph_store_and_by_update() {
    if !have("isql-vt", &["-?"]) || !have("curl", &["--version"]) {
        return;
    }
    assert!(Path::new(INI).exists(), "{INI} is missing: apt-get install virtuoso-opensource");
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ingest_seeds(&store);
    let expected = local_counts(&store);
    assert!(expected.len() >= 7, "documents, ontology and tallies: {expected:?}");
    let virtuoso = Virtuoso::start(&dir.path().join("virtuoso"));
    let (sparql, crud) = (virtuoso.url("/sparql"), virtuoso.url("/sparql-graph-crud"));

    // 1. Graph Store Protocol: the ontology (420k triples) goes in pieces through a temporary
    // graph, then MOVE; each graph is counted on the server by the push itself
    let first = push(&store, &["--endpoint", &sparql, "--graph-store", &crud], &[]);
    assert_ok(&first);
    assert!(stderr(&first).contains("(Graph Store PUT)"), "{}", stderr(&first));
    assert!(stderr(&first).contains("pieces of up to"), "{}", stderr(&first));
    assert_eq!(virtuoso.counts(), expected, "{}", virtuoso.log(&dir.path().join("virtuoso")));

    // 2. again by SPARQL Update, authenticated by HTTP digest on /sparql-auth: Virtuoso refuses
    // INSERT DATA of 10,000 triples ("SQL text has exceeded 10000 lines"), the push halves
    // the chunk until it passes; the graphs are replaced, nothing doubles
    let auth = virtuoso.url("/sparql-auth");
    let digest = ["--endpoint", &auth, "--auth", "digest", "--user", "dba"];
    let wrong = push(&store, &digest, &[("PACTGRAPH_PASSWORD", "not-the-password")]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("401"), "{}", stderr(&wrong));
    let second = push(&store, &digest, &[("PACTGRAPH_PASSWORD", "dba")]);
    assert_ok(&second);
    assert!(stderr(&second).contains("(SPARQL Update"), "{}", stderr(&second));
    assert_eq!(virtuoso.counts(), expected);

    // 3. --since: nothing changed, nothing sent
    let mut since = digest.to_vec();
    since.push("--since");
    let third = push(&store, &since, &[("PACTGRAPH_PASSWORD", "dba")]);
    assert_ok(&third);
    assert!(stdout(&third).contains("pushed 0 graphs"), "{}", stdout(&third));
    assert_eq!(virtuoso.counts(), expected);

    // 4. the example queries travel: as many rows on Virtuoso as locally
    let mut queries: Vec<_> = std::fs::read_dir(root().join("examples/queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    queries.sort();
    assert!(queries.len() >= 10, "{queries:?}");
    for q in &queries {
        let text = std::fs::read_to_string(q).unwrap();
        let o = common::run(&["query", "--format", "json", &text], &store);
        assert_ok(&o);
        let local: Value = serde_json::from_slice(&o.stdout).unwrap();
        let remote = virtuoso.select(&text).unwrap_or_else(|| panic!("Virtuoso did not answer {}", q.display()));
        let rows = |v: &Value| v["results"]["bindings"].as_array().map(Vec::len);
        assert!(rows(&local).unwrap() > 0, "{} answers nothing locally", q.display());
        assert_eq!(rows(&remote), rows(&local), "{}", q.display());
    }
}

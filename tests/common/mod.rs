//! Helpers shared by the integration tests: the real binary and its output, the seed store,
//! external clients, free loopback ports and running servers (`pactgraph serve`, the official
//! oxigraph server, chromedriver).
//!
//! Each test crate includes this module with `mod common;` and uses only part of it, hence the
//! `dead_code` allowance below (Cargo compiles the module once per test crate).
#![allow(dead_code, reason = "each test crate uses only some of these helpers")]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

/// The `pactgraph` binary Cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_pactgraph");

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed articles.
pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// Runs the binary with `args` on `store`.
pub fn run(args: &[&str], store: &Path) -> Output {
    Command::new(BIN).args(args).arg("--store").arg(store).output().expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts a successful exit, showing both outputs otherwise.
pub fn assert_ok(o: &Output) {
    assert!(o.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", o.status, stdout(o), stderr(o));
}

/// Ingests the seed articles into `store`.
pub fn ingest_seeds(store: &Path) {
    assert_ok(&run(&["ingest", seeds().to_str().expect("utf-8 path")], store));
}

/// The seed store, ingested once per test binary and shared; the lock serialises access
/// (RocksDB allows one process per store).
/// It lives in [`scratch_dir`]: a temporary directory held by the static left a store
/// (70-140 MB with the servers' logs) in /tmp on every run.
pub fn seed_store() -> MutexGuard<'static, PathBuf> {
    static STORE: OnceLock<Mutex<PathBuf>> = OnceLock::new();
    STORE
        .get_or_init(|| {
            let path = scratch_dir("seed").join("store");
            ingest_seeds(&path);
            // compacted once here, as a long-running writer would do it: `serve` opens the store
            // read-write (it is the store's writer, src/live.rs), and would otherwise start by
            // compacting the freshly bulk-loaded files while the first queries of tests that
            // allow 3 s run (RocksDB is built at -O0 for tests)
            let store = pactgraph::store::Store::open(&path).expect("the seed store opens");
            store.oxigraph().optimize().expect("compacting the seed store");
            drop(store);
            Mutex::new(path)
        })
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// An empty directory for fixtures that a static holds for the whole run (a temporary
/// directory held by a static is never dropped, so it would stay in /tmp): one per test binary
/// and `tag` in cargo's scratch directory for integration tests, emptied on each call.
pub fn scratch_dir(tag: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let name = exe.file_stem().expect("test binary name").to_string_lossy().into_owned();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{tag}"));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("emptying a scratch directory");
    }
    std::fs::create_dir_all(&dir).expect("creating a scratch directory");
    dir
}

/// Whether an external client is available (`cmd probe...` succeeds); with `CI` set its
/// absence is a failure.
pub fn have(cmd: &str, probe: &[&str]) -> bool {
    let ok = Command::new(cmd).args(probe).output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "{cmd} is required in CI (see .ci/run)");
        eprintln!("skipping: {cmd} not installed");
    }
    ok
}

/// A free loopback port below the kernel's ephemeral range (32768 and up on Linux), so that a
/// client polling a port nobody listens on yet can never connect to itself on it (TCP
/// self-connect), which would also take the port from the server about to bind it.
pub fn free_port() -> u16 {
    use std::hash::{BuildHasher, RandomState};
    let start = 20_000 + (RandomState::new().hash_one((std::process::id(), Instant::now())) % 10_000) as u16;
    (start..32_000).chain(20_000..start).find(|p| TcpListener::bind(("127.0.0.1", *p)).is_ok()).expect("a free port")
}

/// Documents counted by the tallies' position nodes, and the same counted from the stances of
/// the document graphs: equal when the tallies are right. (0, 0) when there is no store yet.
pub fn position_counts(store: &Path) -> (u64, u64) {
    if !store.join("CURRENT").exists() {
        return (0, 0);
    }
    let sum = |q: &str| -> u64 {
        let o = run(&["query", "--format", "json", q], store);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SPARQL JSON");
        v["results"]["bindings"][0]["n"]["value"].as_str().map_or(0, |n| n.parse().expect("a count"))
    };
    let tallied = sum("PREFIX tally: <https://w3id.org/pactgraph/ontology/tally#> SELECT (SUM(?c) AS ?n) WHERE { \
         GRAPH <https://w3id.org/pactgraph/graph/tallies> { ?k a tally:Position ; tally:count ?c } }");
    let counted = sum(
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#> SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?g ?p ?a ?t \
         WHERE { GRAPH ?g { ?s a pg:Stance ; pg:actor ?a ; pg:stance ?t ; pg:proposal ?p } } }",
    );
    (tallied, counted)
}

/// A server process listening on a loopback port, killed when dropped; its stderr goes to a
/// log file, quoted when it fails to start.
pub struct Server {
    child: Child,
    pub port: u16,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    pub stderr: PathBuf,
}

impl Server {
    /// `pactgraph serve` on `store` and a free loopback port, with `extra` arguments; its log
    /// goes beside the store.
    pub fn start(store: &Path, extra: &[&str]) -> Self {
        Self::start_with_env(store, extra, &[])
    }

    /// [`Server::start`] with environment variables set for the server. Ready once the server
    /// says it is serving (a bare TCP connect can reach another process that took the port
    /// between [`free_port`] and the bind); a port taken that way is retried with another.
    pub fn start_with_env(store: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut attempts = 0;
        loop {
            let port = free_port();
            let stderr = store.with_extension(format!("serve-{port}.log"));
            let mut cmd = Command::new(BIN);
            cmd.arg("serve")
                .arg("--store")
                .arg(store)
                .args(["--bind", &format!("127.0.0.1:{port}")])
                .args(extra)
                .envs(env.iter().copied());
            match Self::spawn_until(cmd, port, stderr, |s| s.log().contains("serving ")) {
                Ok(s) => return s,
                Err(log) if log.contains("cannot listen") && attempts < 5 => attempts += 1,
                Err(log) => panic!("pactgraph serve did not start: {log}"),
            }
        }
    }

    /// The official oxigraph server (the PyPI package's `oxigraph` command) on `location` and
    /// `port` (a restarted server keeps its URLs), ready once it answers a query: a bare TCP
    /// connect can succeed too early. Needs curl.
    pub fn oxigraph(location: &Path, port: u16) -> Self {
        let mut cmd = Command::new("oxigraph");
        cmd.arg("serve").arg("--location").arg(location).args(["--bind", &format!("127.0.0.1:{port}")]);
        let s = Self::spawn(cmd, port, location.with_extension(format!("oxigraph-{port}.log")));
        let deadline = Instant::now() + Duration::from_secs(60);
        let ask = s.url("/query?query=ASK%7B%7D");
        while !Command::new("curl")
            .args(["-sf", "--max-time", "5", "-o", "/dev/null", &ask])
            .status()
            .is_ok_and(|st| st.success())
        {
            assert!(Instant::now() < deadline, "oxigraph did not answer within 60 s: {}", s.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        s
    }

    /// Spawns `cmd` (stdout discarded, stderr to `stderr`) and waits up to 60 s until something
    /// listens on `port`.
    pub fn spawn(cmd: Command, port: u16, stderr: PathBuf) -> Self {
        Self::spawn_until(cmd, port, stderr, |s| TcpStream::connect(("127.0.0.1", s.port)).is_ok())
            .unwrap_or_else(|log| panic!("the server did not start: {log}"))
    }

    /// Spawns `cmd` and waits up to 60 s until `ready`; the server's log when it exits first.
    fn spawn_until(
        mut cmd: Command,
        port: u16,
        stderr: PathBuf,
        ready: impl Fn(&Self) -> bool,
    ) -> Result<Self, String> {
        let child = cmd
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).expect("a log file"))
            .spawn()
            .expect("the server runs");
        let mut s = Self { child, port, base: format!("http://127.0.0.1:{port}"), stderr };
        let deadline = Instant::now() + Duration::from_secs(60);
        while !ready(&s) {
            if let Some(status) = s.child.try_wait().expect("the server's status") {
                return Err(format!("{cmd:?} exited with {status}: {}", s.log()));
            }
            assert!(Instant::now() < deadline, "{cmd:?} was not ready within 60 s: {}", s.log());
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(s)
    }

    /// `base` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Kills the server and waits for it to end.
    pub fn kill(self) {
        drop(self);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Triples per named graph, as a SPARQL query.
pub const PER_GRAPH: &str = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";

/// The `?g` -> `?n` rows of a [`PER_GRAPH`] answer in SPARQL JSON results.
pub fn counts_of(v: &serde_json::Value) -> std::collections::BTreeMap<String, u64> {
    v["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["g"]["value"].as_str().unwrap().to_string(), b["n"]["value"].as_str().unwrap().parse().unwrap()))
        .collect()
}

/// Triples per graph in the local store, without push-state records.
pub fn local_counts(store: &Path) -> std::collections::BTreeMap<String, u64> {
    let o = run(&["query", "--format", "json", PER_GRAPH], store);
    assert_ok(&o);
    let mut c = counts_of(&serde_json::from_slice(&o.stdout).unwrap());
    c.retain(|g, _| !g.starts_with("https://w3id.org/pactgraph/graph/pushed/"));
    c
}

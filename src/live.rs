//! A live store: `pactgraph serve` owns the store and performs every write to it, from a
//! watched folder or from `ingest`, `remove` and `push` run in other processes, while it keeps
//! answering queries.
//!
//! Does: the server side ([`Live`]: one writer at a time, listeners told after each write so
//! the pages' caches follow, the `/status` record of ingests and failures), the control
//! socket ([`Control`], [`forward`]) and the folder watcher ([`Watcher`]).
//!
//! Why the server writes, over a Unix socket in the store directory:
//! * The store cannot be shared between processes safely: RocksDB lets one process open a
//!   store read-write, and oxigraph calls a read-only open next to a writer undefined
//!   behaviour (a reader would also never see the writer's new documents). So the process
//!   that serves is the one writer, and other commands hand their work to it.
//! * A Unix socket at `STORE/pactgraph.sock` is found from the store path alone, so the user's
//!   command line does not change: `ingest`, `remove` and `push` that find the store held try
//!   the socket and, when a server answers, have it run the same command and print its output
//!   and exit code as their own. Only the owner can connect: the socket is bound in a private
//!   (0700) directory, set to 0600, and only then moved into place, so no one can connect
//!   before its mode is set, and the kernel checks the mode on every connect. A loopback TCP
//!   port would be reachable by every local user and need a token file besides.
//! * The protocol is one JSON line from the client ([`Forwarded`]: its arguments, working
//!   directory and the credentials it read from its environment) and JSON lines back:
//!   `{"out": TEXT}`, `{"err": TEXT}`, then `{"exit": CODE}` or `{"error": MESSAGE}`.
//!
//! Readers see whole documents: each write is the store's own atomic step (a bulk-loaded batch
//! of whole documents, or one document's graph and its tally delta in one transaction, see
//! [`crate::store`]), and writes never run two at a time ([`Live::write`]).
//!
//! Does not: forward the read commands (`query`, `export`...: while a server holds the store
//! they say it is in use; ask the server's endpoint), delete a document whose file leaves a
//! watched folder (`pactgraph remove` does), or authenticate anyone but through the file mode.

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use notify_debouncer_full::notify::{self, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, NoCache, new_debouncer, new_debouncer_opt};
use serde::{Deserialize, Serialize};

use crate::document::{DocumentReader, collect_inputs, is_input_name};
use crate::error::{Error, Result};
use crate::extraction::Extractor;
use crate::ingest::{IngestOptions, IngestSummary};
use crate::store::Store;

/// The control socket, in the store directory.
pub const SOCKET_FILE: &str = "pactgraph.sock";

/// Largest request line a client may send.
const MAX_REQUEST: u64 = 1024 * 1024;

/// Failures kept for `/status` (the oldest go first).
const KEPT_FAILURES: usize = 200;

/// Quiet time after the last change to a file before it is read: a file still being written
/// keeps changing, so it waits (one written in bursts further apart is read early and then
/// replaced when its next burst lands).
pub const DEBOUNCE: Duration = Duration::from_millis(500);

/// The served store and what has been written to it.
pub struct Live {
    store: Store,
    writing: Mutex<()>,
    status: Mutex<Record>,
    listeners: Mutex<Vec<Box<dyn Fn() + Send + Sync>>>,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Live").field("store", &self.store).finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct Record {
    last_ingest: Option<IngestRecord>,
    failures: VecDeque<Failure>,
    failures_total: usize,
    watching: Vec<PathBuf>,
    watcher: Option<&'static str>,
}

/// One ingest run, as `/status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct IngestRecord {
    /// When it ended (seconds since the Unix epoch).
    pub at: u64,
    /// `watch` or `ingest` (a forwarded command).
    pub by: String,
    /// New documents stored.
    pub added: usize,
    /// Changed documents replaced.
    pub replaced: usize,
    /// Documents already stored as they are.
    pub unchanged: usize,
    /// Inputs that failed.
    pub failed: usize,
}

/// An input that could not be stored.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// When (seconds since the Unix epoch).
    pub at: u64,
    /// The file (and line) and the reason.
    pub message: String,
}

/// What `/status` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Document graphs in the store.
    pub documents: usize,
    /// The last ingest, if any ran since the server started.
    pub last_ingest: Option<IngestRecord>,
    /// Failures since the server started.
    pub failures_total: usize,
    /// The latest failures, newest last.
    pub failures: Vec<Failure>,
    /// The watched folders.
    pub watching: Vec<PathBuf>,
    /// How they are watched: `inotify` (or the platform's events), or `polling`.
    pub watcher: Option<&'static str>,
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Live {
    /// The server's hold on `store` (opened for writing).
    pub fn new(store: Store) -> Arc<Self> {
        Arc::new(Self {
            store,
            writing: Mutex::new(()),
            status: Mutex::new(Record::default()),
            listeners: Mutex::new(Vec::new()),
        })
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs `f`, which writes to the store, while no other write runs, then tells the
    /// listeners.
    pub fn write<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        let out = {
            let _one = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
            f(&self.store)
        };
        self.changed();
        out
    }

    /// Tells the listeners that the store changed (also between the batches of a long write).
    pub fn changed(&self) {
        for l in self.listeners.lock().unwrap_or_else(PoisonError::into_inner).iter() {
            l();
        }
    }

    /// Calls `f` after every write (e.g. to empty a cache).
    pub fn on_change(&self, f: impl Fn() + Send + Sync + 'static) {
        self.listeners.lock().unwrap_or_else(PoisonError::into_inner).push(Box::new(f));
    }

    /// Records an ingest run (`by`: `watch` or `ingest`) and its failures for `/status`.
    pub fn record_ingest(&self, by: &str, summary: &IngestSummary, failed: &[String]) {
        let mut r = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        let at = now();
        r.last_ingest = Some(IngestRecord {
            at,
            by: by.to_string(),
            added: summary.added,
            replaced: summary.replaced,
            unchanged: summary.unchanged,
            failed: failed.len(),
        });
        r.failures_total += failed.len();
        for f in failed {
            if r.failures.len() == KEPT_FAILURES {
                r.failures.pop_front();
            }
            r.failures.push_back(Failure { at, message: f.clone() });
        }
    }

    /// What `/status` shows.
    pub fn status(&self) -> Result<Status> {
        let documents = self.store.documents()?.len();
        let r = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(Status {
            documents,
            last_ingest: r.last_ingest.clone(),
            failures_total: r.failures_total,
            failures: r.failures.iter().cloned().collect(),
            watching: r.watching.clone(),
            watcher: r.watcher,
        })
    }
}

/// A command handed to the server by another `pactgraph` process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Forwarded {
    /// The arguments after the program name, as given.
    pub argv: Vec<String>,
    /// The client's working directory (relative paths in `argv` are relative to it).
    pub cwd: PathBuf,
    /// Values the client read from its environment (credentials: `password`, `token`).
    #[serde(default)]
    pub secrets: BTreeMap<String, String>,
}

/// One line of the server's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Reply {
    Out(String),
    Err(String),
    Exit(u8),
    Error(String),
}

/// The output of a forwarded command, written to its client: `out` and `err` stand for the
/// client's standard output and error.
pub struct Console<'a> {
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Whether `err` is a terminal (for progress bars).
    pub terminal: bool,
}

impl std::fmt::Debug for Console<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Console").field("terminal", &self.terminal).finish_non_exhaustive()
    }
}

/// Writes one stream of a console to a client as `{"out"|"err": TEXT}` lines.
struct Frames<'a> {
    stream: &'a UnixStream,
    err: bool,
}

impl Write for Frames<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf).into_owned();
        send(self.stream, &if self.err { Reply::Err(text) } else { Reply::Out(text) })?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn send(mut stream: &UnixStream, reply: &Reply) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(reply).map_err(std::io::Error::other)?;
    line.push(b'\n');
    stream.write_all(&line)
}

/// What the server runs for a forwarded command: its exit code, or an error message.
pub type Handler = dyn Fn(Forwarded, &mut Console<'_>) -> std::result::Result<u8, String> + Send + Sync;

/// The listening control socket; removed when dropped.
#[derive(Debug)]
pub struct Control {
    path: PathBuf,
}

impl Control {
    /// Listens on `STORE/pactgraph.sock` (see the module documentation for its permissions)
    /// and runs each forwarded command with `handler`, one at a time with the other writes.
    pub fn start(live: Arc<Live>, handler: Arc<Handler>) -> Result<Self> {
        let dir = live.store().path().to_path_buf();
        let path = dir.join(SOCKET_FILE);
        // we hold the store's writer lock: a socket left here is a dead server's
        if std::fs::symlink_metadata(&path).is_ok() {
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
        // short: a socket's path may not exceed 107 bytes, and this one is bound first
        let private = dir.join(format!(".ctl{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&private);
        std::fs::DirBuilder::new().mode(0o700).create(&private).map_err(|e| Error::io(&private, e))?;
        let bound = bind_owner_only(&private.join("s"), &path);
        let _ = std::fs::remove_dir_all(&private);
        let listener = bound?;
        std::thread::Builder::new()
            .name("control".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    let Ok(conn) = conn else { continue };
                    let (live, handler) = (live.clone(), handler.clone());
                    let _ = std::thread::Builder::new().name("control-client".into()).spawn(move || {
                        if let Err(e) = answer(&live, handler.as_ref(), &conn) {
                            eprintln!("control: {e}");
                        }
                    });
                }
            })
            .map_err(|e| Error::io(&path, e))?;
        Ok(Self { path })
    }
}

/// Binds a socket at `tmp` (in a directory only the owner can enter), makes it the owner's
/// alone (0600), then moves it to `path`: nobody can connect before its mode is set.
fn bind_owner_only(tmp: &Path, path: &Path) -> Result<UnixListener> {
    let listener = UnixListener::bind(tmp).map_err(|e| Error::io(tmp, e))?;
    std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(0o600)).map_err(|e| Error::io(tmp, e))?;
    std::fs::rename(tmp, path).map_err(|e| Error::io(path, e))?;
    Ok(listener)
}

impl Drop for Control {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Reads one command from `conn`, runs it under the write lock and sends its output.
fn answer(live: &Live, handler: &Handler, conn: &UnixStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(conn.take(MAX_REQUEST)).read_line(&mut line)?;
    if line.is_empty() {
        // a client that only checked a server is there ([`is_served`])
        return Ok(());
    }
    let command: Forwarded = match serde_json::from_str(&line) {
        Ok(c) => c,
        Err(e) => return send(conn, &Reply::Error(format!("a bad request on the control socket: {e}"))),
    };
    let (mut out, mut err) = (Frames { stream: conn, err: false }, Frames { stream: conn, err: true });
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let result = live.write(|_| handler(command, &mut console));
    send(
        conn,
        &match result {
            Ok(code) => Reply::Exit(code),
            Err(message) => Reply::Error(message),
        },
    )
}

/// Whether a server listens on the control socket of the store at `store`.
pub fn is_served(store: &Path) -> bool {
    UnixStream::connect(store.join(SOCKET_FILE)).is_ok()
}

/// Has the server that holds the store at `store` run `command`, copying its output to this
/// process's standard output and error. `Ok(None)` when no server listens there (the store
/// is held by another command, or the server died); `Err(Error::Forwarded)` when the server
/// reports the command failed.
pub fn forward(store: &Path, command: &Forwarded) -> Result<Option<u8>> {
    let path = store.join(SOCKET_FILE);
    let Ok(mut conn) = UnixStream::connect(&path) else {
        return Ok(None);
    };
    let mut line = serde_json::to_vec(command).map_err(|e| Error::Forwarded(e.to_string()))?;
    line.push(b'\n');
    conn.write_all(&line).map_err(|e| Error::io(&path, e))?;
    let (mut stdout, mut stderr) = (std::io::stdout(), std::io::stderr());
    for line in BufReader::new(conn).lines() {
        let line = line.map_err(|e| Error::io(&path, e))?;
        let reply: Reply = serde_json::from_str(&line)
            .map_err(|e| Error::Forwarded(format!("{}: an answer that is not ours: {e}", path.display())))?;
        match reply {
            Reply::Out(t) => stdout.write_all(t.as_bytes()).and_then(|()| stdout.flush()),
            Reply::Err(t) => stderr.write_all(t.as_bytes()),
            Reply::Exit(code) => return Ok(Some(code)),
            Reply::Error(message) => return Err(Error::Forwarded(message)),
        }
        .map_err(|e| Error::io("<stdout>", e))?;
    }
    Err(Error::Forwarded(format!("{}: the server closed the connection before the command ended", path.display())))
}

/// Watches folders and ingests the files that appear or change in them.
pub struct Watcher {
    // kept for its Drop (which stops the watching)
    _debouncer: Box<dyn std::any::Any + Send>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher").finish_non_exhaustive()
    }
}

impl Watcher {
    /// Watches `dirs` recursively (inotify, or polling every second when `poll` is set or
    /// inotify cannot watch them, e.g. past its watch limit), first ingesting what they hold
    /// (documents stored unchanged are skipped, so a restarted server picks up what it had
    /// not stored), then each file that appears or changes, once it has been quiet for
    /// [`DEBOUNCE`]. Hidden files and files of other kinds than `ingest` reads are ignored.
    /// Outcomes go to the log (standard error) and to `/status`.
    pub fn start(live: Arc<Live>, dirs: &[PathBuf], extractor: Arc<Extractor>, poll: bool) -> Result<Self> {
        for d in dirs {
            if !d.is_dir() {
                return Err(Error::BadInput { path: d.clone(), reason: "--watch needs a directory".into() });
            }
        }
        // absolute, as the events name their files
        let dirs =
            &dirs.iter().map(|d| std::fs::canonicalize(d).map_err(|e| Error::io(d, e))).collect::<Result<Vec<_>>>()?;
        let (tx, rx) = std::sync::mpsc::channel::<DebounceEventResult>();
        let (debouncer, kind): (Box<dyn std::any::Any + Send>, &'static str) = {
            let watch_all = |w: &mut dyn FnMut(&Path) -> notify::Result<()>| -> notify::Result<()> {
                dirs.iter().try_for_each(|d| w(d))
            };
            let native = if poll {
                None
            } else {
                match new_debouncer(DEBOUNCE, None, tx.clone()) {
                    Ok(mut d) => match watch_all(&mut |p| d.watch(p, RecursiveMode::Recursive)) {
                        Ok(()) => Some(d),
                        Err(e) => {
                            eprintln!("watch: cannot watch with file system events ({e}); polling instead");
                            None
                        }
                    },
                    Err(e) => {
                        eprintln!("watch: no file system events ({e}); polling instead");
                        None
                    }
                }
            };
            match native {
                Some(d) => (Box::new(d), "inotify"),
                None => {
                    let config = notify::Config::default().with_poll_interval(Duration::from_secs(1));
                    let mut d =
                        new_debouncer_opt::<_, notify::PollWatcher, NoCache>(DEBOUNCE, None, tx, NoCache, config)
                            .map_err(|e| watch_error(&dirs[0], e))?;
                    watch_all(&mut |p| d.watch(p, RecursiveMode::Recursive)).map_err(|e| watch_error(&dirs[0], e))?;
                    (Box::new(d), "polling")
                }
            }
        };
        {
            let mut r = live.status.lock().unwrap_or_else(PoisonError::into_inner);
            r.watching = dirs.to_vec();
            r.watcher = Some(kind);
        }
        eprintln!("watching {} ({kind})", dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", "));
        let roots = dirs.to_vec();
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || {
                // what is there already (files changed while the server was down, or whose
                // ingest a kill cut off)
                ingest_files(&live, &extractor, &roots);
                for batch in rx {
                    let events = match batch {
                        Ok(events) => events,
                        Err(errors) => {
                            for e in errors {
                                eprintln!("watch: error: {e}");
                            }
                            continue;
                        }
                    };
                    let mut files: Vec<PathBuf> = events
                        .iter()
                        .filter(|e| matches!(e.kind, notify::EventKind::Create(_) | notify::EventKind::Modify(_)))
                        .flat_map(|e| e.paths.iter())
                        .filter(|p| is_watched_input(&roots, p))
                        .cloned()
                        .collect();
                    files.sort();
                    files.dedup();
                    if !files.is_empty() {
                        ingest_files(&live, &extractor, &files);
                    }
                }
            })
            .map_err(|e| Error::io(&dirs[0], e))?;
        Ok(Self { _debouncer: debouncer })
    }
}

fn watch_error(dir: &Path, e: notify::Error) -> Error {
    Error::io(dir, std::io::Error::other(format!("cannot watch: {e}")))
}

/// A regular file that `ingest` would read from one of `roots` (its kind by extension), or a
/// folder (moved in with its files: it is walked), with no hidden component below the root (a
/// file being written under a hidden name and then renamed is read once, whole).
fn is_watched_input(roots: &[PathBuf], path: &Path) -> bool {
    let Some(rel) = roots.iter().find_map(|r| path.strip_prefix(r).ok()) else {
        return false;
    };
    let visible = rel.components().all(|c| !c.as_os_str().to_string_lossy().starts_with('.'));
    let is_root = rel.as_os_str().is_empty();
    visible && !is_root && ((is_input_name(path) && path.is_file()) || path.is_dir())
}

/// Ingests `inputs` under the write lock, logging the outcome and recording it for `/status`.
/// A folder without articles (yet) is no failure.
fn ingest_files(live: &Live, extractor: &Extractor, inputs: &[PathBuf]) {
    let (sources, input_errors) = collect_inputs(inputs, None);
    let mut failed: Vec<String> =
        input_errors.iter().filter(|e| !matches!(e, Error::EmptyInput { .. })).map(ToString::to_string).collect();
    if sources.is_empty() && failed.is_empty() {
        return;
    }
    let opts = IngestOptions::default();
    let result = live.write(|store| {
        crate::ingest::ingest(store, extractor, DocumentReader::new(sources), &opts, |_| live.changed())
    });
    match result {
        Ok(s) => {
            failed.extend(s.failed.iter().cloned());
            for f in &failed {
                eprintln!("watch: error: {f}");
            }
            eprintln!(
                "watch: {} added, {} replaced, {} unchanged, {} failed",
                s.added,
                s.replaced,
                s.unchanged,
                failed.len()
            );
            live.record_ingest("watch", &s, &failed);
        }
        Err(e) => {
            // a storage error: what was committed stays; the server keeps running
            let message = format!("ingesting {}: {e}", describe(inputs));
            eprintln!("watch: error: {message}");
            failed.push(message);
            live.record_ingest("watch", &IngestSummary::default(), &failed);
        }
    }
}

fn describe(inputs: &[PathBuf]) -> String {
    match inputs {
        [one] => one.display().to_string(),
        many => format!("{} files", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watched_inputs_skip_hidden_and_other_kinds() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join(".partial")).unwrap_or_else(|e| panic!("{e}"));
        for f in ["a.txt", "b.jsonl", "c.pdf", ".d.txt", ".partial/e.txt"] {
            std::fs::write(root.join(f), "x").unwrap_or_else(|e| panic!("{e}"));
        }
        let roots = [root.clone()];
        assert!(is_watched_input(&roots, &root.join("a.txt")));
        assert!(is_watched_input(&roots, &root.join("b.jsonl")));
        assert!(!is_watched_input(&roots, &root.join("c.pdf")));
        assert!(!is_watched_input(&roots, &root.join(".d.txt")));
        assert!(!is_watched_input(&roots, &root.join(".partial/e.txt")));
        assert!(!is_watched_input(&roots, &root.join("gone.txt")), "a file removed meanwhile");
        assert!(!is_watched_input(&roots, Path::new("/elsewhere/a.txt")));
        assert!(!is_watched_input(&roots, &root.join(".partial")));
        std::fs::create_dir(root.join("moved-in")).unwrap_or_else(|e| panic!("{e}"));
        assert!(is_watched_input(&roots, &root.join("moved-in")), "a folder moved in is walked");
        assert!(!is_watched_input(&roots, &root), "the root itself (its own events)");
    }

    #[test]
    fn replies_are_one_json_object_per_line() {
        let line = serde_json::to_string(&Reply::Out("a\nb".into())).unwrap_or_default();
        assert_eq!(line, r#"{"out":"a\nb"}"#);
        assert!(matches!(serde_json::from_str::<Reply>(r#"{"exit":2}"#), Ok(Reply::Exit(2))));
    }
}

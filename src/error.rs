//! The library's error type: what a caller can act on, naming the file, line or rule involved.

use std::path::PathBuf;

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in pactgraph's library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An input file is not usable text.
    #[error("{}: {reason}", path.display())]
    BadInput {
        /// The file involved.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// A record of a JSON Lines file is unusable.
    #[error("{}:{line}: {reason}", path.display())]
    BadRecord {
        /// The file involved.
        path: PathBuf,
        /// The line number, from 1.
        line: usize,
        /// Why it was refused.
        reason: String,
    },
    /// A directory given as input holds no article files.
    #[error("{}: no .txt, .text, .md, .html, .htm, .jsonl or .ndjson files found (or none matching --glob)", path.display())]
    EmptyInput {
        /// The directory.
        path: PathBuf,
    },
    /// A knowledge file (Turtle) is malformed or inconsistent.
    #[error("ontology file {file}: {message}")]
    Knowledge {
        /// The file name.
        file: String,
        /// What is wrong, with line and column when known.
        message: String,
    },
    /// A pattern in a lexicon does not compile.
    #[error("rule {rule}: bad pattern {pattern:?}: {message}")]
    Pattern {
        /// The IRI of the cue or proposal holding the pattern.
        rule: String,
        /// The pattern.
        pattern: String,
        /// The regex engine's message.
        message: String,
    },
    /// The store path exists but is not a directory.
    #[error("{}: store path exists and is not a directory", path.display())]
    StoreNotDirectory {
        /// The path.
        path: PathBuf,
    },
    /// Another process holds the store.
    #[error("{}: store is locked by another pactgraph or oxigraph process", path.display())]
    StoreLocked {
        /// The store directory.
        path: PathBuf,
    },
    /// Another pactgraph process has the store open (a writer, or readers while we write).
    #[error("{}: store is in use by {}; wait for it to finish or pass --wait", path.display(), pid.map_or_else(|| "another process (a query, export or server reading it)".to_string(), |p| format!("process {p}")))]
    StoreInUse {
        /// The store directory.
        path: PathBuf,
        /// The writer's process id, when known.
        pid: Option<u32>,
    },
    /// The store was written by a newer pactgraph.
    #[error("{}: store format {found} was written by a newer pactgraph (this one reads up to {supported}); upgrade pactgraph", path.display())]
    StoreTooNew {
        /// The store directory.
        path: PathBuf,
        /// The version found.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// The store directory is damaged or is not a store.
    #[error("{}: store cannot be opened, it is damaged or not a pactgraph store ({message}); restore a backup or ingest into a new store", path.display())]
    StoreDamaged {
        /// The store directory.
        path: PathBuf,
        /// What RocksDB or pactgraph found.
        message: String,
    },
    /// The store could not be opened or written.
    #[error("store {}: {source}", path.display())]
    Storage {
        /// The store directory.
        path: PathBuf,
        /// The underlying error.
        source: oxigraph::store::StorageError,
    },
    /// A command that `pactgraph serve` ran for this process failed there (the message is the
    /// server's, naming the file or store involved), or the server's answer broke off.
    #[error("{0}")]
    Forwarded(String),
    /// The ingest pipeline itself failed (threads could not start or stopped).
    #[error("ingest: {0}")]
    Ingest(String),
    /// A SPARQL query does not parse.
    #[error("SPARQL syntax error: {0}")]
    QuerySyntax(String),
    /// A SPARQL query ran longer than its time limit.
    #[error("SPARQL query stopped: it ran longer than its time limit (--timeout)")]
    QueryTimeout,
    /// A SPARQL query failed while running.
    #[error("SPARQL evaluation error: {0}")]
    QueryEvaluation(String),
    /// A remote triplestore refused a push or could not be reached.
    #[error("pushing graph <{graph}> to {url}: {message}")]
    Push {
        /// The URL the request went to.
        url: String,
        /// The graph being pushed.
        graph: String,
        /// The connection error, or the server's status and message.
        message: String,
    },
    /// A gold file does not follow the dev-gold format.
    #[error("gold file {}: {reason}", path.display())]
    Gold {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A name, alias, IRI or short form matches nothing in the store.
    #[error("no {what} named {term:?} in the store{}", did_you_mean(suggestions))]
    UnknownTerm {
        /// What was looked for: "entity, proposal or stance", "actor", "proposal".
        what: String,
        /// The term as given.
        term: String,
        /// Close labels, best first, each with its short IRI.
        suggestions: Vec<String>,
    },
    /// An export cannot be built as asked (unknown type, focus outside the graph, Graphviz
    /// missing or failing).
    #[error("{0}")]
    Export(String),
    /// Writing output failed.
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() { String::new() } else { format!("; did you mean: {}?", suggestions.join(", ")) }
}

impl Error {
    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io { path: path.into(), source }
    }
}

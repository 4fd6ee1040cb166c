//! The embedded on-disk oxigraph store (RocksDB): one named graph per document, the knowledge
//! base in its own graph.
//!
//! A document's graph is replaced in one transaction, so a reader never sees half a document
//! and an interrupted run (even `kill -9`) leaves the previous version whole. An unchanged
//! document (same content hash) is not rewritten.
//!
//! One writer at a time: a writer holds an exclusive lock on `pactgraph.lock` in the store
//! directory (with its process id inside, for the "store is in use by process N" message);
//! readers (query, export...) hold a shared lock and open RocksDB read-only, so several can
//! run at once but not while a writer runs (oxigraph documents read-only opening next to a
//! writer as undefined behaviour). Either side can wait for the other instead of failing.
//! The locks are advisory `flock` locks, released by the kernel when a process dies.
//! `pactgraph-format` records the store layout version, so an older pactgraph refuses a store
//! written by a newer one.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    GraphNameRef, Literal, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, QuadRef, TermRef,
};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolution, SparqlEvaluator};

use crate::error::{Error, Result};
use crate::knowledge::{EntityClass, EntityGraph, Knowledge};
use crate::rdf::tally::{self, Tallies};
use crate::rdf::vocab::{DOC_NS, ONTOLOGY_GRAPH, TALLY_GRAPH, pg, skos, tally as tv};
use crate::text::stable_hash;

/// The default store location, relative to the working directory.
pub const DEFAULT_STORE: &str = "pactgraph-store";

/// What happened to a document written to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// It was new.
    Added,
    /// It replaced a changed version.
    Replaced,
    /// The same content was already stored.
    Unchanged,
}

/// The marker of current tallies: their layout version, on the tally graph's IRI.
pub const TALLY_VERSION_QUAD: QuadRef<'static> = QuadRef {
    subject: NamedOrBlankNodeRef::NamedNode(TALLY_GRAPH),
    predicate: tv::VERSION,
    object: TermRef::Literal(oxigraph::model::LiteralRef::new_simple_literal("1")),
    graph_name: GraphNameRef::NamedNode(TALLY_GRAPH),
};

/// The marker of a store holding the whole gazetteer, see [`Store::load_all_entities`].
pub const FULL_GAZETTEER_QUAD: QuadRef<'static> = QuadRef {
    subject: NamedOrBlankNodeRef::NamedNode(ONTOLOGY_GRAPH),
    predicate: pg::FULL_GAZETTEER,
    object: TermRef::Literal(oxigraph::model::LiteralRef::new_simple_literal("true")),
    graph_name: GraphNameRef::NamedNode(ONTOLOGY_GRAPH),
};

/// The store layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// The lock file in a store directory.
const LOCK_FILE: &str = "pactgraph.lock";
/// The layout version file in a store directory.
const FORMAT_FILE: &str = "pactgraph-format";

/// Whether to fail or wait when another process holds the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wait {
    /// Fail at once with [`Error::StoreInUse`].
    #[default]
    No,
    /// Block until the other process releases the store.
    Yes,
}

/// An open pactgraph store. Clones share the same open database and lock.
#[derive(Clone)]
pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
    /// The held lock (exclusive for a writer, shared for a reader), only kept, never read:
    /// released when the last clone drops.
    #[allow(dead_code, reason = "held for its Drop")]
    lock: Option<Arc<LockGuard>>,
    /// The gazetteer whose entities the documents written get described from, once
    /// [`Store::load_knowledge`] has run.
    entities: Arc<Mutex<Described>>,
}

/// The entity descriptions a writer adds to the ontology graph as documents use them.
#[derive(Default)]
struct Described {
    graph: Option<Arc<EntityGraph>>,
    /// Entities described by this process (or found described in the store) already.
    done: HashSet<String>,
}

/// The store's lock file, held open (and so locked) while the guard lives.
struct LockGuard {
    file: std::fs::File,
    writer: bool,
}

impl Drop for LockGuard {
    fn drop(&mut self) {
        // a writer that ends cleanly clears its process id (after a crash the stale id is
        // harmless: the lock itself is gone)
        if self.writer {
            let _ = self.file.set_len(0);
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (or creates) the store at `path` for writing; fails with [`Error::StoreInUse`]
    /// when another process has it open.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_writer(path, Wait::No)
    }

    /// Opens (or creates) the store at `path` for writing, waiting for other processes to
    /// release it when `wait` says so.
    pub fn open_writer(path: &Path, wait: Wait) -> Result<Self> {
        if path.exists() && !path.is_dir() {
            return Err(Error::StoreNotDirectory { path: path.to_path_buf() });
        }
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        if !path.join("CURRENT").exists() {
            // a new store goes into an empty directory, never among someone else's files. A
            // directory with our format file may also hold what RocksDB writes before its first
            // CURRENT (a store whose creation was killed): no data can be there yet, and RocksDB
            // starts it afresh. Anything else (table files, a write-ahead log) is a damaged store.
            let ours = path.join(FORMAT_FILE).exists();
            let startup = |n: &str| {
                ["IDENTITY", "LOCK"].contains(&n)
                    || ["LOG", "MANIFEST-", "OPTIONS-"].iter().any(|p| n.starts_with(p))
                    || n.ends_with(".dbtmp")
            };
            let foreign =
                std::fs::read_dir(path).map_err(|e| Error::io(path, e))?.filter_map(std::result::Result::ok).any(|e| {
                    let name = e.file_name();
                    let name = name.to_string_lossy();
                    name != LOCK_FILE && !name.starts_with(FORMAT_FILE) && !(ours && startup(&name))
                });
            if foreign {
                return Err(Error::StoreDamaged {
                    path: path.to_path_buf(),
                    message: "not an oxigraph store (no CURRENT file) and not empty".into(),
                });
            }
        }
        check_format(path)?;
        let lock = lock(path, true, wait)?;
        // the format file goes first: it marks the directory as ours before RocksDB writes
        let format = path.join(FORMAT_FILE);
        if !format.exists() {
            // written aside and renamed, so that a kill never leaves it empty
            let tmp = path.join(format!("{FORMAT_FILE}.tmp"));
            std::fs::write(&tmp, format!("{FORMAT_VERSION}\n")).map_err(|e| Error::io(&tmp, e))?;
            std::fs::rename(&tmp, &format).map_err(|e| Error::io(&format, e))?;
        }
        let inner = open_rocksdb(path, false).map_err(|e| storage_error(path, e))?;
        Ok(Self {
            inner,
            path: path.to_path_buf(),
            lock: Some(Arc::new(LockGuard { file: lock, writer: true })),
            entities: Arc::default(),
        })
    }

    /// Opens an existing store read-only, for queries and exports; several readers may run at
    /// once, but not next to a writer ([`Error::StoreInUse`]).
    pub fn open_existing(path: &Path) -> Result<Self> {
        Self::open_reader(path, Wait::No)
    }

    /// Opens an existing store read-only, waiting for a writer to finish when `wait` says so.
    pub fn open_reader(path: &Path, wait: Wait) -> Result<Self> {
        require_store(path)?;
        check_format(path)?;
        let lock = match lock(path, false, wait) {
            Ok(l) => Some(l),
            // a store on read-only media cannot hold a lock file: read it without one
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::ReadOnlyFilesystem => None,
            Err(e) => return Err(e),
        };
        let inner = match open_rocksdb(path, true) {
            Ok(inner) => inner,
            // oxigraph writes its storage version when it first opens a database; a store whose
            // creation was killed after RocksDB's CURRENT file but before that write has no
            // data yet, and a read-only open cannot write the version: read it as empty (the
            // next writer creates it properly)
            Err(e) if e.to_string().contains("only possible on read-write") => {
                oxigraph::store::Store::new().map_err(|e| storage_error(path, e))?
            }
            Err(e) => return Err(storage_error(path, e)),
        };
        let lock = lock.map(|file| Arc::new(LockGuard { file, writer: false }));
        Ok(Self { inner, path: path.to_path_buf(), lock, entities: Arc::default() })
    }

    /// Opens an existing store for writing, never creating one: for commands that change a
    /// store they did not make (`remove`, `push` recording what it sent).
    pub fn open_existing_writer(path: &Path, wait: Wait) -> Result<Self> {
        require_store(path)?;
        Self::open_writer(path, wait)
    }

    /// The store directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying oxigraph store.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Loads the knowledge base into its graph unless the same version is there already, and
    /// makes this store describe, in that graph, the gazetteer entities of the documents it is
    /// given from now on. Returns true when the graph was (re)loaded.
    ///
    /// The graph holds the ontology, the proposal scheme, cues and lexicons, and the
    /// descriptions of the entities the stored documents use (with the places they lie in,
    /// their affiliations...), not the whole gazetteer: see [`Store::load_all_entities`].
    pub fn load_knowledge(&self, k: &Knowledge) -> Result<bool> {
        let hash = Literal::new_simple_literal(&k.content_hash);
        let marker = QuadRef::new(ONTOLOGY_GRAPH, pg::CONTENT_HASH, &hash, ONTOLOGY_GRAPH);
        let current = self.inner.contains(marker).map_err(|e| self.err(e))?;
        let full = self.inner.contains(FULL_GAZETTEER_QUAD).map_err(|e| self.err(e))?;
        {
            let mut described = self.described();
            described.graph = Some(Arc::clone(&k.entity_graph));
            described.done.clear();
        }
        if current {
            return Ok(false);
        }
        // the old version goes first; the bulk loader writes the new one, and the marker goes
        // last, so an interrupted load is redone on the next run
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(ONTOLOGY_GRAPH).map_err(|e| self.err(e))?;
        // the tallies depend on the gazetteer's classes: counted again by the next writer
        tx.remove(TALLY_VERSION_QUAD);
        tx.commit().map_err(|e| self.err(e))?;
        let ontology = k.ontology_triples();
        // the entities the ontology itself names (the places a proposal concerns...), and those
        // the stored documents (and their tallies) use
        let mut used: BTreeSet<String> = ontology
            .iter()
            .filter_map(|t| match &t.object {
                oxigraph::model::Term::NamedNode(n) => Some(n.as_str().to_string()),
                _ => None,
            })
            .collect();
        for q in self.inner.iter() {
            let q = q.map_err(|e| self.err(e))?;
            if q.graph_name.as_ref() == GraphNameRef::NamedNode(ONTOLOGY_GRAPH) {
                continue;
            }
            if let NamedOrBlankNode::NamedNode(n) = q.subject {
                used.insert(n.into_string());
            }
            if let oxigraph::model::Term::NamedNode(n) = q.object {
                used.insert(n.into_string());
            }
        }
        let entities = if full { k.entity_graph.iris().into_iter().map(str::to_string).collect() } else { used };
        let entities = self.entity_quads(entities.iter().map(String::as_str));
        let mut loader = self.inner.bulk_loader();
        let ontology = ontology.into_iter().map(|t| t.in_graph(ONTOLOGY_GRAPH));
        loader.load_quads(ontology.chain(entities)).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))?;
        if full {
            self.inner.insert(FULL_GAZETTEER_QUAD).map_err(|e| self.err(e))?;
        }
        self.inner.insert(marker).map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// Adds the description of every entity of the gazetteer loaded by
    /// [`Store::load_knowledge`] to the ontology graph (not only of those the documents use),
    /// for users who query the gazetteer itself; kept when the knowledge base is reloaded.
    /// Returns the number of entities.
    pub fn load_all_entities(&self) -> Result<usize> {
        let graph = self.described().graph.clone().unwrap_or_default();
        let quads = self.entity_quads(graph.iris());
        let mut loader = self.inner.bulk_loader();
        loader.load_quads(quads).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))?;
        self.inner.insert(FULL_GAZETTEER_QUAD).map_err(|e| self.err(e))?;
        Ok(graph.len())
    }

    fn described(&self) -> std::sync::MutexGuard<'_, Described> {
        // a panic elsewhere while the lock was held leaves a set that is still valid
        self.entities.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The ontology-graph quads describing the gazetteer entities that `iris` names (and those
    /// their descriptions link to) which this store has not described yet.
    fn entity_quads<'a>(&self, iris: impl IntoIterator<Item = &'a str>) -> Vec<Quad> {
        let mut described = self.described();
        let Described { graph, done } = &mut *described;
        let Some(graph) = graph else { return Vec::new() };
        let mut quads = Vec::new();
        for e in graph.closure(iris, done) {
            quads.extend(graph.triples(&e).into_iter().map(|t| t.in_graph(ONTOLOGY_GRAPH)));
        }
        quads
    }

    /// The descriptions of the entities `quads` use that the ontology graph lacks.
    fn entity_quads_for(&self, quads: &[Quad]) -> Vec<Quad> {
        let iris = quads.iter().flat_map(|q| {
            let s = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => Some(n.as_str()),
                NamedOrBlankNode::BlankNode(_) => None,
            };
            let o = match &q.object {
                oxigraph::model::Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            };
            s.into_iter().chain(o)
        });
        self.entity_quads(iris)
    }

    /// The content hash stored for a document graph.
    pub fn stored_hash(&self, doc_iri: &str) -> Result<Option<String>> {
        self.content_hash(NamedNodeRef::new_unchecked(doc_iri))
    }

    /// The `pg:contentHash` a graph states about itself (a document's, or the tallies' version).
    fn content_hash(&self, graph: NamedNodeRef<'_>) -> Result<Option<String>> {
        let found = self
            .inner
            .quads_for_pattern(Some(graph.into()), Some(pg::CONTENT_HASH), None, Some(GraphNameRef::NamedNode(graph)))
            .next()
            .transpose()
            .map_err(|e| self.err(e))?;
        Ok(found.and_then(|q| match q.object {
            oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        }))
    }

    /// Replaces a document's graph by `quads` in one transaction, unless its content hash is
    /// unchanged; the old version's contribution to the tallies is replaced by the new one's in
    /// the same transaction.
    pub fn write_document(&self, doc_iri: &str, content_hash: &str, quads: &[Quad]) -> Result<WriteOutcome> {
        let previous = self.stored_hash(doc_iri)?;
        if previous.as_deref() == Some(content_hash) {
            return Ok(WriteOutcome::Unchanged);
        }
        let graph = NamedNodeRef::new_unchecked(doc_iri);
        // the entities first: the tallies read their classes and labels from the store
        let entities = self.entity_quads_for(quads);
        if !entities.is_empty() {
            self.inner.extend(entities).map_err(|e| self.err(e))?;
        }
        let mut delta = self.tallies_of(quads)?;
        if previous.is_some() {
            delta.add(&self.stored_tallies(graph)?.negated());
        }
        let pending = self.tally_quads(&delta)?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(graph).map_err(|e| self.err(e))?;
        tx.insert_named_graph(graph);
        for q in quads.iter().chain(&pending) {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(if previous.is_some() { WriteOutcome::Replaced } else { WriteOutcome::Added })
    }

    /// Adds the graphs of new documents (absent from the store) with oxigraph's bulk loader:
    /// many times faster than a transaction, and atomic per call (the loader writes SST files
    /// that RocksDB ingests in one step across all indexes), so a document whose quads are all
    /// in `quads` is stored whole or not at all, and counted in the tallies (`tallies`, their
    /// contribution) in the same step. The loader only adds: a changed document goes through
    /// [`Store::write_document`].
    pub fn bulk_insert(&self, mut quads: Vec<Quad>, tallies: &Tallies) -> Result<()> {
        let entities = self.entity_quads_for(&quads);
        quads.extend(entities);
        quads.extend(self.tally_quads(tallies)?);
        // one loader thread: the caller runs the extraction on the other cores
        let mut loader = self.inner.bulk_loader().with_num_threads(1);
        loader.load_quads(quads).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))
    }

    /// Deletes a document's graph (its mentions, stances, and the entities only it described)
    /// and takes its contribution out of the tallies, in one transaction; returns the number
    /// of quads removed, 0 when there was no such graph.
    pub fn remove_document(&self, doc_iri: &str) -> Result<usize> {
        let n = self.document_len(doc_iri)?;
        let graph = NamedNodeRef::new_unchecked(doc_iri);
        let pending = self.tally_quads(&self.stored_tallies(graph)?.negated())?;
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(graph).map_err(|e| self.err(e))?;
        for q in &pending {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(n)
    }

    /// The contribution of a stored document to the tallies, from its graph and the gazetteer
    /// in the ontology graph.
    fn stored_tallies(&self, graph: NamedNodeRef<'_>) -> Result<Tallies> {
        let quads = self
            .inner
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .collect::<std::result::Result<Vec<Quad>, _>>()
            .map_err(|e| self.err(e))?;
        self.tallies_of(&quads)
    }

    /// The contribution of a document's quads to the tallies, with the gazetteer of the
    /// ontology graph.
    fn tallies_of(&self, quads: &[Quad]) -> Result<Tallies> {
        let mut failed = None;
        let t = tally::of_document(quads, &mut |iri: &str| {
            self.gazetteer_entity(iri).unwrap_or_else(|e| {
                failed.get_or_insert(e);
                (None, None)
            })
        });
        failed.map_or(Ok(t), Err)
    }

    /// Class and label of an entity in the ontology graph.
    fn gazetteer_entity(&self, iri: &str) -> Result<(Option<EntityClass>, Option<String>)> {
        let e = NamedNodeRef::new_unchecked(iri);
        let g = Some(GraphNameRef::NamedNode(ONTOLOGY_GRAPH));
        let mut classes = Vec::new();
        for q in self.inner.quads_for_pattern(Some(e.into()), Some(rdf::TYPE), None, g) {
            if let oxigraph::model::Term::NamedNode(c) = q.map_err(|e| self.err(e))?.object {
                classes.push(c);
            }
        }
        let label = match self.inner.quads_for_pattern(Some(e.into()), Some(skos::PREF_LABEL), None, g).next() {
            Some(q) => match q.map_err(|e| self.err(e))?.object {
                oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            },
            None => None,
        };
        Ok((EntityClass::from_class_iris(classes.iter().map(oxigraph::model::NamedNode::as_ref)), label))
    }

    /// Pending tally nodes for `t` (under a unit name no other commit uses) and the labels the
    /// tally graph lacks.
    fn tally_quads(&self, t: &Tallies) -> Result<Vec<Quad>> {
        if t.is_empty() {
            return Ok(Vec::new());
        }
        static UNITS: AtomicU64 = AtomicU64::new(0);
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let unit = stable_hash(&[
            &std::process::id().to_string(),
            &now.to_string(),
            &UNITS.fetch_add(1, Ordering::Relaxed).to_string(),
        ]);
        let mut quads = t.pending_quads(&format!("{unit:016x}"));
        let mut failed = None;
        quads.extend(tally::label_quads(&t.labels, |e| {
            let q = self.inner.quads_for_pattern(
                Some(NamedNodeRef::new_unchecked(e).into()),
                Some(skos::PREF_LABEL),
                None,
                Some(GraphNameRef::NamedNode(TALLY_GRAPH)),
            );
            match q.into_iter().next().transpose() {
                Ok(found) => found.is_some(),
                Err(e) => {
                    failed.get_or_insert(e);
                    true
                }
            }
        }));
        failed.map_or(Ok(quads), |e| Err(self.err(e)))
    }

    /// Folds the pending tally nodes into one node per key, in transactions of about
    /// `COMPACT_NODES` pending nodes (each key's pending nodes and its total change together,
    /// so a transaction's memory stays bounded whatever the corpus). Returns the number of
    /// pending nodes folded.
    pub fn compact_tallies(&self) -> Result<usize> {
        const COMPACT_NODES: usize = 4_096;
        let g = Some(GraphNameRef::NamedNode(TALLY_GRAPH));
        // compacted node -> its pending nodes
        let mut targets: BTreeMap<oxigraph::model::NamedNode, Vec<oxigraph::model::NamedNode>> = BTreeMap::new();
        for q in self.inner.quads_for_pattern(None, Some(tv::PART_OF), None, g) {
            let q = q.map_err(|e| self.err(e))?;
            if let (NamedOrBlankNode::NamedNode(p), oxigraph::model::Term::NamedNode(t)) = (q.subject, q.object) {
                targets.entry(t).or_default().push(p);
            }
        }
        let folded: usize = targets.values().map(Vec::len).sum();
        if folded == 0 {
            return Ok(0);
        }
        // the pending nodes' names are unique to their commits: hashed with the previous
        // version, they give the graph a new version for `push --since`
        let previous = self.tally_hash()?.unwrap_or_default();
        let names: Vec<&str> = std::iter::once(previous.as_str())
            .chain(targets.values().flatten().map(oxigraph::model::NamedNode::as_str))
            .collect();
        let version = format!("{:016x}", stable_hash(&names));
        // entities of the keys whose count fell to 0: their labels go unless another key names them
        let mut gone: BTreeSet<oxigraph::model::NamedNode> = BTreeSet::new();
        let mut targets = targets.into_iter().peekable();
        while targets.peek().is_some() {
            let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
            let mut nodes = 0;
            while nodes < COMPACT_NODES {
                let Some((target, pending)) = targets.next() else { break };
                nodes += pending.len();
                let mut key = None;
                let mut total = 0;
                for node in pending.iter().chain(std::iter::once(&target)) {
                    let quads = tx
                        .quads_for_pattern(Some(node.as_ref().into()), None, None, g)
                        .collect::<std::result::Result<Vec<Quad>, _>>()
                        .map_err(|e| self.err(e))?;
                    if let Some((k, n)) =
                        tally::parse_node(quads.iter().map(|q| (q.predicate.as_ref(), q.object.as_ref())))
                    {
                        total += n;
                        key.get_or_insert(k);
                    }
                    for q in &quads {
                        tx.remove(q.as_ref());
                    }
                }
                match key {
                    Some(k) if total != 0 => {
                        let mut quads = Vec::new();
                        tally::node_quads(&target, &k, total, &mut quads);
                        tx.extend(quads.iter().map(Quad::as_ref));
                    }
                    Some(k) => gone.extend(k.terms.into_iter().filter_map(|(_, t)| match t {
                        oxigraph::model::Term::NamedNode(n) => Some(n),
                        _ => None,
                    })),
                    None => {}
                }
            }
            tx.commit().map_err(|e| self.err(e))?;
        }
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        for e in &gone {
            let named = tx.quads_for_pattern(None, None, Some(e.as_ref().into()), g).next().is_some();
            if !named {
                let labels = tx
                    .quads_for_pattern(Some(e.as_ref().into()), Some(skos::PREF_LABEL), None, g)
                    .collect::<std::result::Result<Vec<Quad>, _>>()
                    .map_err(|e| self.err(e))?;
                for q in &labels {
                    tx.remove(q.as_ref());
                }
            }
        }
        set_tally_hash(&mut tx, &version).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(folded)
    }

    /// The version of the tally graph (`pg:contentHash` of the graph, as for documents), which
    /// changes whenever a run folds new counts into it; `push --since` compares it.
    fn tally_hash(&self) -> Result<Option<String>> {
        self.content_hash(TALLY_GRAPH)
    }

    /// The tallies as stored: the sum of every node of each key (labels not included).
    pub fn tallies(&self) -> Result<Tallies> {
        let mut nodes: BTreeMap<oxigraph::model::NamedNode, Vec<Quad>> = BTreeMap::new();
        for q in self.inner.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(TALLY_GRAPH))) {
            let q = q.map_err(|e| self.err(e))?;
            if let NamedOrBlankNode::NamedNode(n) = &q.subject {
                nodes.entry(n.clone()).or_default().push(q);
            }
        }
        let mut t = Tallies::default();
        for quads in nodes.values() {
            if let Some((k, n)) = tally::parse_node(quads.iter().map(|q| (q.predicate.as_ref(), q.object.as_ref()))) {
                let mut one = Tallies::default();
                one.counts.insert(k, n);
                t.add(&one);
            }
        }
        Ok(t)
    }

    /// True when the tallies count every stored document (see [`Store::ensure_tallies`]).
    pub fn tallies_current(&self) -> Result<bool> {
        self.inner.contains(TALLY_VERSION_QUAD).map_err(|e| self.err(e))
    }

    /// Counts the tallies of every stored document again when the tally graph is missing or
    /// stale (a store written before tallies existed, or whose gazetteer changed), in one
    /// transaction. Returns the number of documents counted, `None` when the tallies were
    /// current.
    pub fn ensure_tallies(&self) -> Result<Option<usize>> {
        if self.tallies_current()? {
            return Ok(None);
        }
        let docs = self.documents()?;
        let mut total = Tallies::default();
        for d in &docs {
            total.add(&self.stored_tallies(NamedNodeRef::new_unchecked(d))?);
        }
        let mut quads = Vec::new();
        for (iri, k, n) in total.sorted() {
            tally::node_quads(&iri, k, n, &mut quads);
        }
        quads.extend(tally::label_quads(&total.labels, |_| false));
        let version = {
            let parts: Vec<String> = quads.iter().map(ToString::to_string).collect();
            let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
            format!("{:016x}", stable_hash(&refs))
        };
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(TALLY_GRAPH).map_err(|e| self.err(e))?;
        tx.extend(quads.iter().map(Quad::as_ref));
        tx.insert(TALLY_VERSION_QUAD);
        set_tally_hash(&mut tx, &version).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(Some(docs.len()))
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        self.inner.len().map_err(|e| self.err(e))
    }

    /// True when the store holds nothing.
    pub fn is_empty(&self) -> Result<bool> {
        self.inner.is_empty().map_err(|e| self.err(e))
    }

    /// IRIs of the document graphs, sorted.
    pub fn documents(&self) -> Result<Vec<String>> {
        let mut docs = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNodeRef::NamedNode(n) = g.map_err(|e| self.err(e))?.as_ref() {
                if n.as_str().starts_with(DOC_NS) {
                    docs.push(n.as_str().to_string());
                }
            }
        }
        docs.sort();
        Ok(docs)
    }

    /// Number of quads in a document's graph.
    pub fn document_len(&self, doc_iri: &str) -> Result<usize> {
        let g = NamedNodeRef::new_unchecked(doc_iri);
        let mut n = 0;
        for q in self.inner.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g))) {
            q.map_err(|e| self.err(e))?;
            n += 1;
        }
        Ok(n)
    }

    /// Counts instances of `class` over all document graphs (distinct subjects).
    pub fn count_instances(&self, class: NamedNodeRef<'_>) -> Result<usize> {
        let mut seen = std::collections::HashSet::new();
        for q in self.inner.quads_for_pattern(None, Some(rdf::TYPE), Some(TermRef::NamedNode(class)), None) {
            let q = q.map_err(|e| self.err(e))?;
            if q.graph_name.to_string() != ONTOLOGY_GRAPH.to_string() {
                seen.insert(q.subject.to_string());
            }
        }
        Ok(seen.len())
    }

    /// Runs a SPARQL query whose default graph is the union of all named graphs.
    pub fn query(&self, query: &str) -> Result<QueryResults<'static>> {
        self.query_with_timeout(query, None)
    }

    /// Runs a SPARQL query, cancelled after `timeout` (the evaluation, including reading its
    /// results, fails with [`Error::QueryTimeout`]).
    pub fn query_with_timeout(&self, query: &str, timeout: Option<Duration>) -> Result<QueryResults<'static>> {
        let mut evaluator = SparqlEvaluator::new();
        if let Some(t) = timeout {
            let token = CancellationToken::new();
            let cancel = token.clone();
            // a detached timer thread: it only flips the token, and dies with the process
            std::thread::spawn(move || {
                std::thread::sleep(t);
                cancel.cancel();
            });
            evaluator = evaluator.with_cancellation_token(token);
        }
        let mut prepared = evaluator.parse_query(query).map_err(|e| Error::QuerySyntax(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        prepared.on_store(&self.inner).execute().map_err(query_error)
    }

    /// Runs a SELECT query (default graph: the union) and collects its solutions.
    pub fn select(&self, query: &str) -> Result<Vec<QuerySolution>> {
        match self.query(query)? {
            QueryResults::Solutions(solutions) => {
                solutions.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| Error::QueryEvaluation(e.to_string()))
            }
            _ => Err(Error::QueryEvaluation("expected SELECT results".into())),
        }
    }

    /// Writes the whole store in an RDF dataset format (N-Quads or TriG).
    pub fn dump(&self, format: RdfFormat, out: impl Write) -> Result<()> {
        let mut w = RdfSerializer::from_format(format)
            .with_prefix("pg", pg::NS)
            .and_then(|s| s.with_prefix("pgr", crate::rdf::vocab::ENTITY_NS))
            .and_then(|s| s.with_prefix("skos", "http://www.w3.org/2004/02/skos/core#"))
            .and_then(|s| s.with_prefix("nif", "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"))
            .map_err(|e| Error::QueryEvaluation(e.to_string()))?
            .for_writer(out);
        for q in self.inner.iter() {
            let q = q.map_err(|e| self.err(e))?;
            w.serialize_quad(&q)?;
        }
        w.finish()?;
        Ok(())
    }

    /// Flushes pending writes to disk.
    pub fn flush(&self) -> Result<()> {
        #[cfg(feature = "rocksdb")]
        self.inner.flush().map_err(|e| self.err(e))?;
        Ok(())
    }

    fn err(&self, e: oxigraph::store::StorageError) -> Error {
        storage_error(&self.path, e)
    }
}

/// Replaces the tally graph's `pg:contentHash` (see [`Store::tally_hash`]).
fn set_tally_hash(
    tx: &mut oxigraph::store::Transaction<'_>,
    version: &str,
) -> std::result::Result<(), oxigraph::store::StorageError> {
    let g = GraphNameRef::NamedNode(TALLY_GRAPH);
    let old = tx
        .quads_for_pattern(Some(TALLY_GRAPH.into()), Some(pg::CONTENT_HASH), None, Some(g))
        .collect::<std::result::Result<Vec<Quad>, _>>()?;
    for q in &old {
        tx.remove(q.as_ref());
    }
    let v = Literal::new_simple_literal(version);
    tx.insert(QuadRef::new(TALLY_GRAPH, pg::CONTENT_HASH, &v, g));
    Ok(())
}

/// Opens the RocksDB store, read-write or read-only.
#[cfg(feature = "rocksdb")]
fn open_rocksdb(path: &Path, read_only: bool) -> Result<oxigraph::store::Store, oxigraph::store::StorageError> {
    if read_only { oxigraph::store::Store::open_read_only(path) } else { oxigraph::store::Store::open(path) }
}

/// Builds without the `rocksdb` feature (the fuzz targets) have no on-disk store.
#[cfg(not(feature = "rocksdb"))]
fn open_rocksdb(_: &Path, _: bool) -> Result<oxigraph::store::Store, oxigraph::store::StorageError> {
    Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "pactgraph was built without the rocksdb feature").into())
}

/// Maps a SPARQL evaluation error, a cancellation (the only cause: a time limit) to
/// [`Error::QueryTimeout`].
pub fn query_error(e: oxigraph::sparql::QueryEvaluationError) -> Error {
    match e {
        oxigraph::sparql::QueryEvaluationError::Cancelled => Error::QueryTimeout,
        e => Error::QueryEvaluation(e.to_string()),
    }
}

/// Takes the store's lock file: exclusive for a writer, shared for a reader. A writer records
/// its process id in it.
fn lock(path: &Path, writer: bool, wait: Wait) -> Result<std::fs::File> {
    use fs4::FileExt;
    use fs4::TryLockError;
    let file_path = path.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&file_path)
        .map_err(|e| Error::io(&file_path, e))?;
    let attempt = if writer { FileExt::try_lock(&file) } else { FileExt::try_lock_shared(&file) };
    match attempt {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) if wait == Wait::Yes => {
            let waited = if writer { FileExt::lock(&file) } else { FileExt::lock_shared(&file) };
            waited.map_err(|e| Error::io(&file_path, e))?;
        }
        Err(TryLockError::WouldBlock) => {
            let pid = std::fs::read_to_string(&file_path)
                .ok()
                .and_then(|s| s.trim().parse::<u32>().ok())
                .filter(|pid| Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists());
            return Err(Error::StoreInUse { path: path.to_path_buf(), pid });
        }
        Err(TryLockError::Error(e)) => return Err(Error::io(&file_path, e)),
    }
    if writer {
        let mut f = &file;
        f.set_len(0).and_then(|()| writeln!(f, "{}", std::process::id())).map_err(|e| Error::io(&file_path, e))?;
    }
    Ok(file)
}

/// Fails unless `path` holds a store (a directory with RocksDB's CURRENT file).
fn require_store(path: &Path) -> Result<()> {
    if !path.is_dir() {
        return Err(if path.exists() {
            Error::StoreNotDirectory { path: path.to_path_buf() }
        } else {
            Error::io(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no store here; run `pactgraph ingest` first"),
            )
        });
    }
    if !path.join("CURRENT").exists() {
        return Err(Error::StoreDamaged {
            path: path.to_path_buf(),
            message: "not an oxigraph store (no CURRENT file)".into(),
        });
    }
    Ok(())
}

/// Refuses a store written by a newer pactgraph, or whose format file is unreadable.
fn check_format(path: &Path) -> Result<()> {
    let file = path.join(FORMAT_FILE);
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(&file, e)),
    };
    match text.trim().parse::<u32>() {
        Ok(v) if v <= FORMAT_VERSION => Ok(()),
        Ok(v) => Err(Error::StoreTooNew { path: path.to_path_buf(), found: v, supported: FORMAT_VERSION }),
        Err(_) => Err(Error::StoreDamaged {
            path: path.to_path_buf(),
            message: format!("{FORMAT_FILE} holds {:?}, not a version number", text.trim()),
        }),
    }
}

/// Maps RocksDB's errors: its own lock to [`Error::StoreLocked`], corruption and a newer
/// oxigraph layout to [`Error::StoreDamaged`] / [`Error::StoreTooNew`] wording.
fn storage_error(path: &Path, e: oxigraph::store::StorageError) -> Error {
    let msg = e.to_string();
    if msg.contains("lock") || msg.contains("Resource temporarily unavailable") {
        Error::StoreLocked { path: path.to_path_buf() }
    } else if matches!(e, oxigraph::store::StorageError::Corruption(_))
        || msg.contains("Corruption")
        || msg.contains("MANIFEST")
        || msg.contains("CURRENT")
        || msg.contains("version")
    {
        Error::StoreDamaged { path: path.to_path_buf(), message: msg }
    } else {
        Error::Storage { path: path.to_path_buf(), source: e }
    }
}

#[cfg(all(test, feature = "rocksdb"))]
mod tests {
    use super::*;

    #[test]
    fn a_store_whose_creation_was_killed_is_created_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s");
        std::fs::create_dir(&path).unwrap_or_else(|e| panic!("{e}"));
        // what a kill inside RocksDB's first open leaves: our marker and RocksDB's start-up files
        for f in [FORMAT_FILE, LOCK_FILE, "IDENTITY", "LOG", "MANIFEST-000001", "OPTIONS-000005"] {
            std::fs::write(path.join(f), if f == FORMAT_FILE { "1\n" } else { "" }).unwrap_or_else(|e| panic!("{e}"));
        }
        let store = Store::open(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(store.is_empty().unwrap_or(false));
    }

    #[test]
    fn a_store_without_current_but_with_data_is_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("s");
        std::fs::create_dir(&path).unwrap_or_else(|e| panic!("{e}"));
        for f in [FORMAT_FILE, "IDENTITY", "MANIFEST-000001", "000009.sst"] {
            std::fs::write(path.join(f), if f == FORMAT_FILE { "1\n" } else { "x" }).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(matches!(Store::open(&path), Err(Error::StoreDamaged { .. })));
        assert!(path.join("000009.sst").exists(), "nothing is deleted");
        // and without our marker, RocksDB's start-up files are someone else's
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(other.join("LOG"), "x").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(Store::open(&other), Err(Error::StoreDamaged { .. })));
    }
}

//! The embedded on-disk oxigraph store (RocksDB): one named graph per document, the knowledge
//! base in its own graph.
//!
//! A document's graph is replaced in one transaction, so a reader never sees half a document
//! and an interrupted run leaves the previous version whole. An unchanged document (same
//! content hash) is not rewritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, Literal, NamedNodeRef, NamedOrBlankNodeRef, Quad, QuadRef, TermRef};
use oxigraph::sparql::{QueryResults, QuerySolution, SparqlEvaluator};
use oxigraph::store::LoaderError;

use crate::error::{Error, Result};
use crate::knowledge::Knowledge;
use crate::rdf::vocab::{DOC_NS, ONTOLOGY_GRAPH, pg};

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

/// An open pactgraph store. Clones share the same open database.
#[derive(Clone)]
pub struct Store {
    inner: oxigraph::store::Store,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (or creates) the store at `path`.
    pub fn open(path: &Path) -> Result<Self> {
        if path.exists() && !path.is_dir() {
            return Err(Error::StoreNotDirectory { path: path.to_path_buf() });
        }
        let inner = oxigraph::store::Store::open(path).map_err(|e| storage_error(path, e))?;
        Ok(Self { inner, path: path.to_path_buf() })
    }

    /// Opens an existing store read-only (queries and exports while another process writes).
    pub fn open_existing(path: &Path) -> Result<Self> {
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
        Self::open(path)
    }

    /// The store directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The underlying oxigraph store.
    pub fn oxigraph(&self) -> &oxigraph::store::Store {
        &self.inner
    }

    /// Loads the knowledge base into its graph unless the same version is there already.
    /// Returns true when it was (re)loaded.
    pub fn load_knowledge(&self, k: &Knowledge) -> Result<bool> {
        let hash = Literal::new_simple_literal(&k.content_hash);
        let marker = QuadRef::new(ONTOLOGY_GRAPH, pg::CONTENT_HASH, &hash, ONTOLOGY_GRAPH);
        if self.inner.contains(marker).map_err(|e| self.err(e))? {
            return Ok(false);
        }
        // the old version goes first; the bulk loader (far faster than a transaction for the
        // ~400k triples of the gazetteers) writes the new one, and the marker goes last, so an
        // interrupted load is redone on the next run
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(ONTOLOGY_GRAPH).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        let mut loader = self.inner.bulk_loader();
        for (name, text) in &k.sources {
            let parser =
                RdfParser::from_format(RdfFormat::Turtle).without_named_graphs().with_default_graph(ONTOLOGY_GRAPH);
            loader.load_from_slice(parser, text.as_bytes()).map_err(|e| match e {
                LoaderError::Storage(e) => self.err(e),
                e => Error::Knowledge { file: name.clone(), message: e.to_string() },
            })?;
        }
        loader.commit().map_err(|e| self.err(e))?;
        self.inner.insert(marker).map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// The content hash stored for a document graph.
    pub fn stored_hash(&self, doc_iri: &str) -> Result<Option<String>> {
        let node = NamedNodeRef::new_unchecked(doc_iri);
        let found = self
            .inner
            .quads_for_pattern(Some(node.into()), Some(pg::CONTENT_HASH), None, Some(GraphNameRef::NamedNode(node)))
            .next()
            .transpose()
            .map_err(|e| self.err(e))?;
        Ok(found.and_then(|q| match q.object {
            oxigraph::model::Term::Literal(l) => Some(l.value().to_string()),
            _ => None,
        }))
    }

    /// Replaces a document's graph by `quads` in one transaction, unless its content hash is
    /// unchanged.
    pub fn write_document(&self, doc_iri: &str, content_hash: &str, quads: &[Quad]) -> Result<WriteOutcome> {
        let previous = self.stored_hash(doc_iri)?;
        if previous.as_deref() == Some(content_hash) {
            return Ok(WriteOutcome::Unchanged);
        }
        let graph = NamedNodeRef::new_unchecked(doc_iri);
        let mut tx = self.inner.start_transaction().map_err(|e| self.err(e))?;
        tx.remove_named_graph(graph).map_err(|e| self.err(e))?;
        tx.insert_named_graph(graph);
        for q in quads {
            tx.insert(q.as_ref());
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(if previous.is_some() { WriteOutcome::Replaced } else { WriteOutcome::Added })
    }

    /// Adds the graphs of new documents (absent from the store) with oxigraph's bulk loader:
    /// many times faster than a transaction, and atomic per call (the loader writes SST files
    /// that RocksDB ingests in one step across all indexes), so a document whose quads are all
    /// in `quads` is stored whole or not at all. The loader only adds: a changed document goes
    /// through [`Store::write_document`].
    pub fn bulk_insert(&self, quads: Vec<Quad>) -> Result<()> {
        // one loader thread: the caller runs the extraction on the other cores
        let mut loader = self.inner.bulk_loader().with_num_threads(1);
        loader.load_quads(quads).map_err(|e| self.err(e))?;
        loader.commit().map_err(|e| self.err(e))
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
        let mut prepared = SparqlEvaluator::new().parse_query(query).map_err(|e| Error::QuerySyntax(e.to_string()))?;
        prepared.dataset_mut().set_default_graph_as_union();
        prepared.on_store(&self.inner).execute().map_err(|e| Error::QueryEvaluation(e.to_string()))
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
        self.inner.flush().map_err(|e| self.err(e))
    }

    fn err(&self, e: oxigraph::store::StorageError) -> Error {
        storage_error(&self.path, e)
    }
}

/// Maps RocksDB's lock error to [`Error::StoreLocked`].
fn storage_error(path: &Path, e: oxigraph::store::StorageError) -> Error {
    let msg = e.to_string();
    if msg.contains("lock") || msg.contains("Resource temporarily unavailable") {
        Error::StoreLocked { path: path.to_path_buf() }
    } else {
        Error::Storage { path: path.to_path_buf(), source: e }
    }
}

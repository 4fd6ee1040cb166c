//! Corpus-scale ingest: documents in, parallel extraction, quads into the store in bounded
//! batches, a summary out.
//!
//! The reading thread takes documents from a [`DocumentReader`] in chunks, skips those whose
//! content hash is already stored, and has a rayon pool extract the rest (segment, tag,
//! stances, RDF mapping) in parallel, keeping input order. A writer thread stores the quads
//! meanwhile: new documents go through oxigraph's bulk loader in batches of whole documents,
//! changed ones replace their graph in one transaction. Memory is bounded by the chunk size,
//! the batch size and one chunk in flight between the two threads, whatever the corpus size.
//!
//! What a crash leaves behind: each bulk batch is committed as one RocksDB ingestion of SST
//! files (atomic across the store's indexes), and a batch only holds whole documents, so a
//! document is stored whole or not at all; a changed document is replaced in one transaction.
//! The batches not yet committed are simply absent, and the next run (which skips what is
//! stored unchanged) adds them. Each commit carries its documents' contribution to the
//! tallies ([`crate::rdf::tally`]), so the counts always match the stored documents.
//!
//! Reading files, printing and progress bars are the caller's: see [`crate::document`] and the
//! `ingest` command.

use std::collections::{HashMap, HashSet};
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

use oxigraph::model::Quad;
use rayon::prelude::*;

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extraction::{Extraction, Extractor};
use crate::knowledge::{EntityClass, EntityType};
use crate::rdf::{self, tally, tally::Tallies};
use crate::store::Store;
use crate::text::stable_hash;

/// Tuning of a run.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Extraction threads (at least 1).
    pub jobs: usize,
    /// Documents read and extracted together; bounds memory with `batch_quads`.
    pub chunk_docs: usize,
    /// Quads of new documents stored per bulk-load commit (whole documents, so a batch may run
    /// over by one document).
    pub batch_quads: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        Self { jobs: default_jobs(), chunk_docs: 64, batch_quads: 200_000 }
    }
}

/// The number of cores.
pub fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// How far a run has got, reported after each chunk.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents read (stored, skipped or failed).
    pub documents: usize,
    /// Bytes of text read.
    pub bytes: u64,
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct IngestSummary {
    /// New documents stored.
    pub added: usize,
    /// Changed documents whose graph was replaced.
    pub replaced: usize,
    /// Documents already stored with the same content.
    pub unchanged: usize,
    /// Inputs that failed, each with its reason (file, line for JSON Lines).
    pub failed: Vec<String>,
    /// Distinct entities mentioned outside boilerplate, by type, in the documents extracted.
    pub entities: HashMap<EntityType, usize>,
    /// Stances extracted.
    pub stances: usize,
    /// Quads written.
    pub quads: usize,
    /// Bytes of text read.
    pub bytes: u64,
    /// Time taken.
    pub elapsed: Duration,
}

impl IngestSummary {
    /// Documents read: stored, skipped or failed.
    pub fn documents(&self) -> usize {
        self.added + self.replaced + self.unchanged + self.failed.len()
    }

    /// Megabytes (10^6 bytes) of text per second.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// A document extracted and mapped, ready to store.
struct Mapped {
    iri: String,
    hash: String,
    replace: bool,
    quads: Vec<Quad>,
    /// Its contribution to the tallies (new documents only).
    tallies: Tallies,
    /// (type, hash of the IRI) of entities mentioned outside boilerplate.
    entities: Vec<(EntityType, u64)>,
    stances: usize,
}

fn map_document(extractor: &Extractor, doc: Document, replace: bool) -> Mapped {
    let x = extractor.extract_owned(doc);
    let t = &x.tagging;
    let mut body = vec![false; t.entities.len()];
    for m in t.mentions.iter().filter(|m| !m.boilerplate) {
        body[m.entity] = true;
    }
    let entities =
        t.entities.iter().zip(body).filter(|(_, b)| *b).map(|(e, _)| (e.etype, stable_hash(&[&e.iri]))).collect();
    let quads = rdf::document_quads(&x);
    // a new document's contribution to the tallies goes with its bulk batch; a replaced one's
    // is counted by Store::write_document, with the old version's
    let tallies = if replace {
        Tallies::default()
    } else {
        // the gazetteer's classes and labels, as the tagger took them from the same knowledge
        // base the store's ontology graph holds (what removing the document will look up there)
        let known: HashMap<&str, (Option<EntityClass>, Option<String>)> =
            t.entities.iter().filter(|e| e.known).map(|e| (e.iri.as_str(), (e.class, Some(e.label.clone())))).collect();
        tally::of_document(&quads, &mut |iri: &str| known.get(iri).cloned().unwrap_or((None, None)))
    };
    Mapped {
        iri: x.document.iri(),
        hash: x.document.content_hash.clone(),
        replace,
        quads,
        tallies,
        entities,
        stances: x.stances.len(),
    }
}

/// Runs `f` on every document of `docs` on a pool of `jobs` threads, `chunk` documents at a
/// time, and hands each result (or reading error) to `sink` in input order.
pub fn for_each_extraction<T: Send>(
    docs: impl Iterator<Item = Result<Document>>,
    extractor: &Extractor,
    jobs: usize,
    chunk: usize,
    f: impl Fn(Extraction) -> T + Sync,
    mut sink: impl FnMut(Result<T>) -> Result<()>,
) -> Result<()> {
    let pool = pool(jobs)?;
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let batch: Vec<Result<Document>> = docs.by_ref().take(chunk.max(1)).collect();
        let out: Vec<Result<T>> =
            pool.install(|| batch.into_par_iter().map(|d| d.map(|d| f(extractor.extract_owned(d)))).collect());
        for r in out {
            sink(r)?;
        }
    }
    Ok(())
}

fn pool(jobs: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("pactgraph-extract-{i}"))
        .build()
        .map_err(|e| Error::Ingest(format!("cannot start {jobs} extraction threads: {e}")))
}

/// Ingests `docs` into `store` (whose knowledge base the caller has loaded). Errors of single
/// documents are listed in the summary; a storage error stops the run (what was committed
/// stays, see the module documentation).
pub fn ingest(
    store: &Store,
    extractor: &Extractor,
    docs: impl Iterator<Item = Result<Document>>,
    opts: &IngestOptions,
    mut progress: impl FnMut(Progress),
) -> Result<IngestSummary> {
    let started = Instant::now();
    let pool = pool(opts.jobs)?;
    let mut summary = IngestSummary::default();
    store.ensure_tallies()?;
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    let mut entities: HashMap<EntityType, HashSet<u64>> = HashMap::new();
    let mut done = Progress::default();
    let mut docs = docs.peekable();

    let written = std::thread::scope(|scope| -> Result<(usize, usize, usize)> {
        let (tx, rx) = sync_channel::<Vec<Mapped>>(1);
        let writer = scope.spawn(move || -> Result<(usize, usize, usize)> {
            let (mut added, mut replaced, mut quads) = (0, 0, 0);
            let mut batch: Vec<Quad> = Vec::new();
            let mut tallies = Tallies::default();
            for chunk in rx {
                for m in chunk {
                    quads += m.quads.len();
                    if m.replace {
                        store.write_document(&m.iri, &m.hash, &m.quads)?;
                        replaced += 1;
                    } else {
                        batch.extend(m.quads);
                        tallies.add(&m.tallies);
                        added += 1;
                        if batch.len() >= opts.batch_quads {
                            store.bulk_insert(std::mem::take(&mut batch), &std::mem::take(&mut tallies))?;
                        }
                    }
                }
            }
            if !batch.is_empty() {
                store.bulk_insert(batch, &tallies)?;
            }
            Ok((added, replaced, quads))
        });

        while docs.peek().is_some() {
            let mut todo: Vec<(Document, bool)> = Vec::new();
            for d in docs.by_ref().take(opts.chunk_docs.max(1)) {
                done.documents += 1;
                let doc = match d {
                    Ok(doc) => doc,
                    Err(e) => {
                        summary.failed.push(e.to_string());
                        continue;
                    }
                };
                done.bytes += doc.text.len() as u64;
                let source = doc_source(&doc);
                if let Some(first) = seen_ids.get(&doc.id) {
                    summary.failed.push(format!("{source}: document id {:?} was already given by {first}", doc.id));
                    continue;
                }
                seen_ids.insert(doc.id.clone(), source);
                match store.stored_hash(&doc.iri())? {
                    Some(h) if h == doc.content_hash => summary.unchanged += 1,
                    previous => todo.push((doc, previous.is_some())),
                }
            }
            let mapped: Vec<Mapped> = pool
                .install(|| todo.into_par_iter().map(|(doc, replace)| map_document(extractor, doc, replace)).collect());
            for m in &mapped {
                summary.stances += m.stances;
                for (t, h) in &m.entities {
                    entities.entry(*t).or_default().insert(*h);
                }
            }
            if tx.send(mapped).is_err() {
                break; // the writer stopped on an error, which join reports
            }
            progress(done);
        }
        drop(tx);
        writer.join().map_err(|_| Error::Ingest("the store writer thread panicked".into()))?
    })?;
    store.compact_tallies()?;
    store.flush()?;
    (summary.added, summary.replaced, summary.quads) = written;
    summary.entities = entities.into_iter().map(|(t, s)| (t, s.len())).collect();
    summary.bytes = done.bytes;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// The file (or record) a document came from, for messages.
fn doc_source(doc: &Document) -> String {
    doc.path.as_ref().map_or_else(|| format!("document {:?}", doc.id), |p| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::Knowledge;

    fn docs(texts: &[(&str, &str)]) -> Vec<Result<Document>> {
        texts.iter().map(|(id, t)| Ok(Document::from_text(id, t))).collect()
    }

    #[test]
    fn batches_store_every_document_whole_and_skip_unchanged_ones() {
        let k = Knowledge::embedded().unwrap();
        let x = Extractor::new(&k).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let texts = [
            ("a", "Russia rejected the ceasefire proposal on Monday."),
            ("b", "Ukraine demanded security guarantees."),
            ("c", "The Kremlin said it would consider the peace plan."),
        ];
        // a batch of one quad: every document is its own bulk commit
        let opts = IngestOptions { jobs: 2, chunk_docs: 2, batch_quads: 1 };
        let s = ingest(&store, &x, docs(&texts).into_iter(), &opts, |_| {}).unwrap();
        assert_eq!((s.added, s.replaced, s.unchanged, s.failed.len()), (3, 0, 0, 0));
        let distinct = |d: &Document| rdf::document_quads(&x.extract(d)).into_iter().collect::<HashSet<_>>().len();
        for (id, text) in texts {
            let d = Document::from_text(id, text);
            assert_eq!(store.document_len(&d.iri()).unwrap(), distinct(&d), "{id}");
        }
        let again = docs(&[("a", "Russia rejected the ceasefire proposal on Monday."), ("b", "Ukraine agreed.")]);
        let s = ingest(&store, &x, again.into_iter(), &opts, |_| {}).unwrap();
        assert_eq!((s.added, s.replaced, s.unchanged), (0, 1, 1));
        let d = Document::from_text("b", "Ukraine agreed.");
        assert_eq!(store.document_len(&d.iri()).unwrap(), distinct(&d));
    }

    #[test]
    fn tallies_kept_through_adds_replacements_and_removals_equal_a_fresh_count() {
        let k = Knowledge::embedded().unwrap();
        let x = Extractor::new(&k).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        store.load_knowledge(&k).unwrap();
        let opts = IngestOptions { jobs: 2, chunk_docs: 2, batch_quads: 1 };
        let texts = [
            ("a", "Russia rejected the ceasefire proposal on Monday. Zelensky met Macron in Berlin."),
            ("b", "Ukraine demanded security guarantees, Zelensky said in Kyiv."),
            ("c", "Russia rejected the ceasefire proposal. Peskov said Russia and Ukraine would talk."),
        ];
        ingest(&store, &x, docs(&texts).into_iter(), &opts, |_| {}).unwrap();
        let positions = |t: &Tallies, kind: tally::Kind| {
            t.counts.iter().filter(|(k, _)| k.kind == kind).map(|(_, n)| *n).sum::<i64>()
        };
        let after_add = store.tallies().unwrap();
        // "Russia rejected the ceasefire" in two documents is one key counted twice
        assert!(after_add.counts.values().any(|n| *n == 2), "{after_add:#?}");
        let changed = docs(&[("b", "Ukraine accepted the ceasefire proposal in Geneva.")]);
        ingest(&store, &x, changed.into_iter(), &opts, |_| {}).unwrap();
        store.remove_document(&Document::from_text("c", "").iri()).unwrap();
        store.compact_tallies().unwrap();
        let kept = store.tallies().unwrap();
        assert!(positions(&kept, tally::Kind::Position) < positions(&after_add, tally::Kind::Position));
        assert!(kept.counts.values().all(|n| *n > 0), "{kept:#?}");

        // forget them and count again from the stored documents
        store.oxigraph().remove(crate::store::TALLY_VERSION_QUAD).unwrap();
        assert_eq!(store.ensure_tallies().unwrap(), Some(2));
        assert_eq!(store.tallies().unwrap().counts, kept.counts);
        assert_eq!(store.ensure_tallies().unwrap(), None);
    }

    #[test]
    fn duplicate_ids_and_bad_inputs_are_listed() {
        let k = Knowledge::embedded().unwrap();
        let x = Extractor::new(&k).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("s")).unwrap();
        let mut input = docs(&[("a", "One."), ("a", "Two.")]);
        input.push(Err(Error::BadRecord { path: "f.jsonl".into(), line: 3, reason: "no \"text\" field".into() }));
        let s = ingest(&store, &x, input.into_iter(), &IngestOptions::default(), |_| {}).unwrap();
        assert_eq!(s.added, 1);
        assert_eq!(s.failed.len(), 2, "{:?}", s.failed);
        assert!(s.failed[0].contains("already given"), "{:?}", s.failed);
        assert!(s.failed[1].starts_with("f.jsonl:3: "), "{:?}", s.failed);
    }

    #[test]
    fn parallel_extraction_keeps_input_order() {
        let k = Knowledge::embedded().unwrap();
        let x = Extractor::new(&k).unwrap();
        let input: Vec<Result<Document>> =
            (0..20).map(|i| Ok(Document::from_text(&format!("d{i}"), &format!("Text {i}.")))).collect();
        let mut ids = Vec::new();
        for_each_extraction(
            input.into_iter(),
            &x,
            2,
            3,
            |e| e.document.id,
            |r| {
                ids.push(r?);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(ids, (0..20).map(|i| format!("d{i}")).collect::<Vec<_>>());
    }
}

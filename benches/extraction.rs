//! Micro-benchmarks of the extraction stages on the seed articles (divan):
//! `cargo bench --bench extraction`. Each stage runs on the output of the previous ones,
//! computed once; throughput is bytes of article text.
//!
//! Whole-corpus figures (extract and ingest against spaCy and `oxigraph load`) come from
//! `benches/compare.sh`.

#![allow(clippy::expect_used, reason = "a benchmark can only report broken fixtures by panicking")]

use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use pactgraph::document::Document;
use pactgraph::knowledge::Knowledge;
use pactgraph::segment::{Segmentation, segment};
use pactgraph::tag::Tagging;
use pactgraph::{Extraction, Extractor, rdf};

fn main() {
    divan::main();
}

struct Seeds {
    extractor: Extractor,
    docs: Vec<Document>,
    segmentations: Vec<Segmentation>,
    taggings: Vec<Tagging>,
    extractions: Vec<Extraction>,
    bytes: usize,
}

static SEEDS: LazyLock<Seeds> = LazyLock::new(|| {
    let k = Knowledge::embedded().expect("the embedded knowledge loads");
    let extractor = Extractor::new(&k).expect("the extractor compiles");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("seeds/").map(|e| e.expect("entry").path()).collect();
    paths.sort();
    let docs: Vec<Document> = paths.iter().map(|p| Document::from_path(p).expect("a seed article")).collect();
    let segmentations: Vec<Segmentation> = docs.iter().map(|d| segment(&d.text)).collect();
    let taggings = docs.iter().zip(&segmentations).map(|(d, s)| extractor.tagger.tag(d, s)).collect();
    let extractions = docs.iter().map(|d| extractor.extract(d)).collect();
    let bytes = docs.iter().map(|d| d.text.len()).sum();
    Seeds { extractor, docs, segmentations, taggings, extractions, bytes }
});

/// Sentences, quotations and boilerplate zones.
#[divan::bench]
fn segmentation(b: Bencher) {
    let s = &*SEEDS;
    b.counter(BytesCount::new(s.bytes)).bench(|| {
        for d in &s.docs {
            black_box(segment(&d.text));
        }
    });
}

/// Gazetteer, names, local aliases and proposals.
#[divan::bench]
fn tagging(b: Bencher) {
    let s = &*SEEDS;
    b.counter(BytesCount::new(s.bytes)).bench(|| {
        for (d, seg) in s.docs.iter().zip(&s.segmentations) {
            black_box(s.extractor.tagger.tag(d, seg));
        }
    });
}

/// Stances and quotations of tagged documents.
#[divan::bench]
fn stance_extraction(b: Bencher) {
    let s = &*SEEDS;
    b.counter(BytesCount::new(s.bytes)).bench(|| {
        for ((d, seg), t) in s.docs.iter().zip(&s.segmentations).zip(&s.taggings) {
            black_box(s.extractor.stances.extract(&s.extractor.tagger, d, seg, t));
            black_box(s.extractor.stances.quotations(&d.text, seg, t));
        }
    });
}

/// The RDF mapping of whole extractions.
#[divan::bench]
fn rdf_mapping(b: Bencher) {
    let s = &*SEEDS;
    b.counter(BytesCount::new(s.bytes)).bench(|| {
        for x in &s.extractions {
            black_box(rdf::document_quads(x));
        }
    });
}

/// All stages, document in, quads out.
#[divan::bench]
fn extract_and_map(b: Bencher) {
    let s = &*SEEDS;
    b.counter(BytesCount::new(s.bytes)).bench(|| {
        for d in &s.docs {
            black_box(rdf::document_quads(&s.extractor.extract(d)));
        }
    });
}

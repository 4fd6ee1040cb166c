//! Any text through the whole extraction (segment, tag, stances, quotations, RDF mapping):
//! no panic, and every mention and stance span lies on the text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use pactgraph::document::Document;
use pactgraph::knowledge::Knowledge;
use pactgraph::{Extractor, rdf};

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| {
    let k = Knowledge::embedded().unwrap_or_else(|e| panic!("embedded knowledge: {e}"));
    Extractor::new(&k).unwrap_or_else(|e| panic!("extractor: {e}"))
});

// the knowledge base (11 MB of Turtle) loads once, before the first input, so that its load
// does not count against libFuzzer's per-input timeout
fuzz_target!(init: { LazyLock::force(&EXTRACTOR); }, |text: &str| {
    let doc = Document::from_text("fuzz", text);
    let x = EXTRACTOR.extract(&doc);
    for m in &x.tagging.mentions {
        assert!(doc.text.get(m.start..m.end).is_some_and(|s| !s.is_empty()));
    }
    for s in &x.stances {
        assert!(doc.text.get(s.start..s.end).is_some());
    }
    let _ = rdf::document_quads(&x);
});

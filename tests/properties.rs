//! Properties over generated inputs (proptest): any text extracts without panicking; every
//! mention's and stance's offsets fall on its text; the RDF of any document round-trips
//! through N-Quads; the export of a store of any documents parses back (GraphML through an
//! XML parser, DOT through Graphviz when installed, required in CI).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::HashSet;
use std::sync::LazyLock;

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::Quad;
use pactgraph::document::Document;
use pactgraph::knowledge::Knowledge;
use pactgraph::{Extractor, export, rdf};
use proptest::prelude::*;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(&Knowledge::embedded().unwrap()).unwrap());

/// Text that looks a little like news: words of the domain, names, quotes, dates, odd
/// characters and line breaks, mixed with arbitrary Unicode.
fn newsish() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("Russia".to_string()),
        Just("Ukraine".to_string()),
        Just("Zelensky".to_string()),
        Just("the Kremlin".to_string()),
        Just("rejected".to_string()),
        Just("proposed".to_string()),
        Just("a ceasefire".to_string()),
        Just("security guarantees".to_string()),
        Just("if".to_string()),
        Just("said".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("\"".to_string()),
        Just("U.S.".to_string()),
        Just("Jan. 27".to_string()),
        Just("December 16, 2025".to_string()),
        Just(".".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("—".to_string()),
        "[A-Z][a-z]{1,8}",
        "\\PC{1,6}",
        any::<String>(),
    ];
    proptest::collection::vec(word, 0..60).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_text_extracts_and_offsets_fall_on_their_text(text in newsish()) {
        let doc = Document::from_text("p", &text);
        let x = EXTRACTOR.extract(&doc);
        let chars: Vec<char> = doc.text.chars().collect();
        for m in &x.tagging.mentions {
            let bytes = doc.text.get(m.start..m.end);
            prop_assert!(bytes.is_some(), "byte span {}..{} not on char boundaries", m.start, m.end);
            let by_chars: String = chars[m.char_start..m.char_end].iter().collect();
            prop_assert_eq!(bytes.unwrap(), by_chars.as_str());
            prop_assert!(!by_chars.is_empty());
        }
        for s in &x.stances {
            let by_chars: String = chars[s.char_start..s.char_end].iter().collect();
            prop_assert_eq!(&doc.text[s.start..s.end], by_chars.as_str());
        }
    }

    #[test]
    fn any_bytes_load_or_are_refused_with_a_reason(bytes in proptest::collection::vec(any::<u8>(), 0..2000), html in any::<bool>()) {
        match Document::from_bytes("b", &bytes, html) {
            Ok(d) => prop_assert!(!d.text.trim().is_empty()),
            Err(reason) => prop_assert!(!reason.is_empty()),
        }
    }

    #[test]
    fn rdf_round_trips_through_nquads(text in newsish()) {
        let x = EXTRACTOR.extract(&Document::from_text("p", &text));
        let quads: HashSet<Quad> = rdf::document_quads(&x).into_iter().collect();
        let mut out = Vec::new();
        let mut w = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(&mut out);
        for q in &quads {
            w.serialize_quad(q).unwrap();
        }
        w.finish().unwrap();
        let back: HashSet<Quad> =
            RdfParser::from_format(RdfFormat::NQuads).for_slice(&out).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(back, quads);
    }
}

proptest! {
    // each case builds an on-disk store: few cases
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn exports_of_any_store_parse_back(texts in proptest::collection::vec(newsish(), 1..4)) {
        let dir = tempfile::tempdir().unwrap();
        let store = pactgraph::store::Store::open(&dir.path().join("s")).unwrap();
        for (i, t) in texts.iter().enumerate() {
            let doc = Document::from_text(&format!("d{i}"), t);
            let x = EXTRACTOR.extract(&doc);
            store.write_document(&doc.iri(), &doc.content_hash, &rdf::document_quads(&x)).unwrap();
        }
        let graph = export::build(&store, &export::ExportOptions::default()).unwrap();
        let mut graphml = Vec::new();
        export::graphml::write_graphml(&graph, export::graphml::GraphmlOptions::default(), &mut graphml).unwrap();
        let mut reader = quick_xml::Reader::from_reader(graphml.as_slice());
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => prop_assert!(false, "GraphML does not parse: {e}"),
            }
            buf.clear();
        }
        let mut dot = Vec::new();
        export::dot::write_dot(&graph, export::dot::DotOptions::default(), &mut dot).unwrap();
        if have_dot() {
            let mut child = std::process::Command::new("dot")
                .args(["-Tcanon", "-o", "/dev/null"])
                .stdin(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(child.stdin.as_mut().unwrap(), &dot).unwrap();
            let o = child.wait_with_output().unwrap();
            prop_assert!(o.status.success(), "Graphviz: {}", String::from_utf8_lossy(&o.stderr));
        }
    }
}

/// Whether Graphviz is installed (asked once, not per case); with `CI` set its absence is a
/// failure.
fn have_dot() -> bool {
    static DOT: LazyLock<bool> = LazyLock::new(|| common::have("dot", &["-V"]));
    *DOT
}

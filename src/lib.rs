//! pactgraph turns news articles about negotiations into a knowledge graph.
//!
//! The pipeline runs one way, one module per stage, each a function from the
//! previous stage's data to its own:
//!
//! ```text
//! document (load) -> segment -> tag -> stance -> rdf (pure mapping) -> store -> query / export
//! ```
//!
//! * [`document::Document`]: an article's text with its title, date and outlet.
//! * [`segment::Segmentation`]: sentences, quotes and boilerplate zones, with code-point offsets.
//! * [`tag::Mention`] and [`tag::Entity`]: names linked to canonical actors, places and proposals.
//! * [`stance::Stance`]: who offers, demands, rejects... which proposal, with its evidence; a
//!   proposal no scheme concept names is found in the article's words ([`discover`]).
//! * [`rdf::document_quads`]: the RDF of one document, one named graph per document.
//! * [`store::Store`]: the embedded on-disk oxigraph store.
//! * [`query`] and [`export`]: SPARQL results and DOT/GraphML views built with petgraph.
//! * [`serve`] and [`live`]: the SPARQL endpoint and pages; the server as the store's one
//!   writer (watched folders, other processes' writes over a local socket).
//!
//! Knowledge (ontology, gazetteers, proposal scheme, cue lexicons) is data: Turtle files in
//! `ontology/`, embedded as defaults and loaded by [`knowledge::Knowledge`].
//!
//! ```
//! use pactgraph::{Extractor, knowledge::Knowledge, document::Document};
//!
//! let knowledge = Knowledge::embedded().unwrap();
//! let extractor = Extractor::new(&knowledge).unwrap();
//! let doc = Document::from_text("example", "Russia rejected the ceasefire proposal.");
//! let extraction = extractor.extract(&doc);
//! assert_eq!(extraction.stances[0].stance.as_str(), "reject");
//! ```

pub mod dates;
pub mod discover;
pub mod document;
pub mod error;
pub mod eval;
pub mod export;
pub mod extraction;
pub mod ingest;
pub mod knowledge;
pub mod live;
pub mod push;
pub mod query;
pub mod rdf;
pub mod report;
pub mod roles;
pub mod segment;
pub mod serve;
pub mod stance;
pub mod store;
pub mod tag;
pub mod text;
pub mod web;

pub use error::{Error, Result};
pub use extraction::{Extraction, Extractor};

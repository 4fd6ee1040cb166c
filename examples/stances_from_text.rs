//! Builds a graph from a text in memory and prints its entities and stances.
//!
//! Run with `cargo run --example stances_from_text`.

use pactgraph::Extractor;
use pactgraph::document::Document;
use pactgraph::knowledge::Knowledge;

fn main() -> pactgraph::Result<()> {
    let text = "Talks in Geneva\n\n\
        Russia has rejected a ceasefire monitoring mechanism, the Kremlin said on Monday.\n\
        Ukraine demanded security guarantees from its European partners.\n";
    let knowledge = Knowledge::embedded()?;
    let extractor = Extractor::new(&knowledge)?;
    let x = extractor.extract(&Document::from_text("example", text));
    for e in &x.tagging.entities {
        println!("entity  {:<12} {}", e.etype.as_str(), e.label);
    }
    for s in &x.stances {
        println!("stance  {} {} {} (hedged: {})", s.actor.label, s.stance.as_str(), s.proposal.label, s.hedged);
    }
    let quads = pactgraph::rdf::document_quads(&x);
    println!("{} quads in graph <{}>", quads.len(), x.document.iri());
    Ok(())
}

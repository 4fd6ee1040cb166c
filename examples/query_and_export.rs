//! Opens a store, runs a SPARQL query and exports the graph as GraphML.
//!
//! Run `cargo run --release -- ingest seeds/` first, then
//! `cargo run --example query_and_export [STORE] [OUT.graphml]`.

use std::path::PathBuf;

use pactgraph::query::{OutputFormat, write_results};
use pactgraph::store::Store;

fn main() -> pactgraph::Result<()> {
    let mut args = std::env::args().skip(1);
    let store_path = PathBuf::from(args.next().unwrap_or_else(|| "pactgraph-store".into()));
    let out = PathBuf::from(args.next().unwrap_or_else(|| "pactgraph.graphml".into()));
    let store = Store::open_existing(&store_path)?;
    let results = store.query(
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#>
         PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
         SELECT ?actor (COUNT(?s) AS ?stances) WHERE {
           GRAPH ?d { ?s a pg:Stance ; pg:actor ?a } ?a skos:prefLabel ?actor
         } GROUP BY ?actor ORDER BY DESC(?stances) LIMIT 10",
    )?;
    write_results(results, OutputFormat::Table, std::io::stdout())?;
    let graph = pactgraph::export::build(&store, &pactgraph::export::ExportOptions::default())?;
    let file = std::fs::File::create(&out).map_err(|e| pactgraph::Error::io(&out, e))?;
    pactgraph::export::graphml::write_graphml(&graph, Default::default(), std::io::BufWriter::new(file))?;
    println!("wrote {} nodes and {} edges to {}", graph.node_count(), graph.edge_count(), out.display());
    Ok(())
}

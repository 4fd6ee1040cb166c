//! The subcommands: validated arguments in, library calls, summaries out. Errors get their
//! context here, at the edge.

use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use oxigraph::io::RdfFormat;
use pactgraph::document::{Document, collect_paths};
use pactgraph::knowledge::{EntityType, Knowledge};
use pactgraph::query::OutputFormat;
use pactgraph::store::{Store, WriteOutcome};
use pactgraph::{Extractor, eval, export, rdf};

use crate::cli::{Cli, Command, DumpFormat, ExportFormat, QueryFormat};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Ingest { inputs } => ingest(&g.store, g.ontology.as_deref(), &inputs, g.quiet),
        Command::Query { query, file, format } => {
            let text = match (query, file) {
                (Some(q), _) => q,
                (None, Some(f)) => {
                    std::fs::read_to_string(&f).with_context(|| format!("reading query file {}", f.display()))?
                }
                (None, None) => bail!("give a query or --file"),
            };
            let store = Store::open_existing(&g.store)?;
            let results = store.query(&text)?;
            let format = match format {
                QueryFormat::Table => OutputFormat::Table,
                QueryFormat::Json => OutputFormat::Json,
                QueryFormat::Xml => OutputFormat::Xml,
                QueryFormat::Csv => OutputFormat::Csv,
                QueryFormat::Tsv => OutputFormat::Tsv,
                QueryFormat::Turtle => OutputFormat::Turtle,
                QueryFormat::Ntriples => OutputFormat::NTriples,
            };
            pactgraph::query::write_results(results, format, BufWriter::new(std::io::stdout().lock()))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, output } => {
            let store = Store::open_existing(&g.store)?;
            let graph = export::build_graph(&store)?;
            with_output(output.as_deref(), |w| match format {
                ExportFormat::Dot => export::write_dot(&graph, w),
                ExportFormat::Graphml => export::write_graphml(&graph, w),
            })?;
            if !g.quiet {
                eprintln!("exported {} nodes and {} edges", graph.node_count(), graph.edge_count());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Extract { inputs, .. } => {
            let extractor = extractor(g.ontology.as_deref())?;
            let paths = collect_paths(&inputs)?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            let mut failed = 0;
            for p in &paths {
                match Document::from_path(p) {
                    Ok(doc) => {
                        let x = extractor.extract(&doc);
                        serde_json::to_writer(&mut out, &x.to_json())?;
                        out.write_all(b"\n")?;
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        failed += 1;
                    }
                }
            }
            out.flush()?;
            Ok(exit_for(failed, paths.len()))
        }
        Command::Dump { format, output } => {
            let store = Store::open_existing(&g.store)?;
            let f = match format {
                DumpFormat::Nquads => RdfFormat::NQuads,
                DumpFormat::Trig => RdfFormat::TriG,
            };
            with_output(output.as_deref(), |w| store.dump(f, w))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { gold, dir, json } => {
            let extractor = extractor(g.ontology.as_deref())?;
            let gold_docs = eval::read_gold(&gold)?;
            let mut score = eval::Score::default();
            for gd in &gold_docs {
                let file = gd.get("file").and_then(|f| f.as_str()).unwrap_or_default();
                let path = dir.join(file);
                let doc = Document::from_path(&path)?;
                let x = extractor.extract(&doc);
                score.docs.push(eval::score_document(gd, &x.to_json()));
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&score)?);
            } else {
                print!("{}", score.report());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn knowledge(dir: Option<&Path>) -> Result<Knowledge> {
    Ok(match dir {
        Some(d) => Knowledge::from_dir(d)?,
        None => Knowledge::embedded()?,
    })
}

fn extractor(dir: Option<&Path>) -> Result<Extractor> {
    Ok(Extractor::new(&knowledge(dir)?)?)
}

/// 0 when everything worked, 2 when some inputs failed, 1 when all did.
fn exit_for(failed: usize, total: usize) -> ExitCode {
    match failed {
        0 => ExitCode::SUCCESS,
        f if f == total => ExitCode::FAILURE,
        _ => ExitCode::from(2),
    }
}

fn with_output(path: Option<&Path>, write: impl FnOnce(&mut dyn Write) -> pactgraph::Result<()>) -> Result<()> {
    match path {
        Some(p) => {
            let f = std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?;
            let mut w = BufWriter::new(f);
            write(&mut w)?;
            w.flush().with_context(|| format!("writing {}", p.display()))?;
        }
        None => {
            let mut w = BufWriter::new(std::io::stdout().lock());
            write(&mut w)?;
            w.flush()?;
        }
    }
    Ok(())
}

fn ingest(store_path: &Path, ontology: Option<&Path>, inputs: &[PathBuf], quiet: bool) -> Result<ExitCode> {
    let started = Instant::now();
    let paths = collect_paths(inputs)?;
    let k = knowledge(ontology)?;
    let extractor = Extractor::new(&k)?;
    let store = Store::open(store_path)?;
    store.load_knowledge(&k).context("loading the ontology into the store")?;
    let progress = !quiet && std::io::stderr().is_terminal() && paths.len() > 20;
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<&'static str, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut stances = 0;
    let mut failed: Vec<String> = Vec::new();
    let mut bytes = 0usize;
    for (i, p) in paths.iter().enumerate() {
        if progress {
            eprint!("\r[{}/{}] {}", i + 1, paths.len(), p.display());
        }
        let doc = match Document::from_path(p) {
            Ok(d) => d,
            Err(e) => {
                failed.push(e.to_string());
                continue;
            }
        };
        bytes += doc.text.len();
        let x = extractor.extract(&doc);
        for (ei, e) in x.tagging.entities.iter().enumerate() {
            if x.tagging.mentions.iter().any(|m| m.entity == ei && !m.boilerplate) {
                let t = match e.etype {
                    EntityType::Person => "persons",
                    EntityType::Organization => "organisations",
                    EntityType::Place => "places",
                    EntityType::Proposal => "proposals",
                };
                by_type.entry(t).or_default().insert(e.iri.clone());
            }
        }
        stances += x.stances.len();
        let quads = rdf::document_quads(&x);
        let outcome = store
            .write_document(&doc.iri(), &doc.content_hash, &quads)
            .with_context(|| format!("storing {}", p.display()))?;
        *outcomes
            .entry(match outcome {
                WriteOutcome::Added => "added",
                WriteOutcome::Replaced => "replaced",
                WriteOutcome::Unchanged => "unchanged",
            })
            .or_default() += 1;
    }
    if progress {
        eprintln!();
    }
    store.flush()?;
    let total = store.len()?;
    let elapsed = started.elapsed();
    for f in &failed {
        eprintln!("error: {f}");
    }
    if !quiet {
        let docs: usize = outcomes.values().sum();
        let detail: Vec<String> = outcomes.iter().map(|(k, v)| format!("{v} {k}")).collect();
        println!("store:      {}", store.path().display());
        println!("documents:  {docs} ({})", detail.join(", "));
        let ents: Vec<String> = ["persons", "organisations", "places"]
            .iter()
            .map(|t| format!("{} {t}", by_type.get(t).map_or(0, |s| s.len())))
            .collect();
        println!("entities:   {}", ents.join(", "));
        println!("proposals:  {}", by_type.get("proposals").map_or(0, |s| s.len()));
        println!("stances:    {stances}");
        println!("quads:      {total} in the store");
        println!(
            "time:       {:.2} s ({:.1} KB of text{})",
            elapsed.as_secs_f64(),
            bytes as f64 / 1024.0,
            if failed.is_empty() { String::new() } else { format!(", {} files failed", failed.len()) }
        );
    }
    Ok(exit_for(failed.len(), paths.len()))
}

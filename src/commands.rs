//! The subcommands: validated arguments in, library calls, summaries out. Errors get their
//! context here, at the edge.

use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use oxigraph::io::RdfFormat;
use pactgraph::document::{Document, DocumentReader, collect_inputs};
use pactgraph::ingest::{IngestOptions, for_each_extraction};
use pactgraph::knowledge::{EntityType, Knowledge};
use pactgraph::live::{Console, Forwarded, Live};
use pactgraph::query::OutputFormat;
use pactgraph::rdf::vocab::DOC_NS;
use pactgraph::report::{self, Explanation, StanceFilter, StanceRow};
use pactgraph::store::{Store, Wait};
use pactgraph::{Extractor, eval, export};

use crate::cli::{
    AuthKind, Cli, Command, DumpFormat, ExportArgs, ExportFormat, ExportView, ExtractFormat, GlobalArgs, InputArgs,
    KnowledgeCommand, PushArgs, QueryFormat, ServeArgs, StanceFilterArgs, StancesFormat, TextFormat,
};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Ingest { inputs, batch_size } => ingest(g, &inputs, batch_size),
        Command::Remove { docs } => remove(g, &docs),
        Command::Query { query, file, format, timeout } => {
            let text = match (query, file) {
                (Some(q), _) => q,
                (None, Some(f)) => {
                    std::fs::read_to_string(&f).with_context(|| format!("reading query file {}", f.display()))?
                }
                (None, None) => bail!("give a query or --file"),
            };
            let store = open_reader(g)?;
            let timeout = match timeout {
                Some(t) if t.is_finite() && t > 0.0 => Some(Duration::from_secs_f64(t)),
                Some(t) => bail!("--timeout must be a positive number of seconds, not {t}"),
                None => None,
            };
            if let Some(limit) = timeout {
                // oxigraph looks at the cancellation token between solutions, not inside every
                // operator: an aggregate over a huge join can run on without ever looking. Past
                // the limit and a grace second the command stops itself (a read-only store
                // needs no clean close; the lock goes with the process).
                std::thread::spawn(move || {
                    std::thread::sleep(limit + Duration::from_secs(1));
                    eprintln!("error: {}", pactgraph::Error::QueryTimeout);
                    std::process::exit(1);
                });
            }
            let results = store.query_with_timeout(&text, timeout)?;
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
        Command::Export(args) => export(g, args),
        Command::Extract { inputs, format } => {
            let (sources, input_errors) = collect_inputs(&inputs.inputs, glob_set(&inputs.glob)?.as_ref());
            for e in &input_errors {
                eprintln!("error: {e}");
            }
            let extractor = extractor(g.ontology.as_deref())?;
            let rdf_format = match format {
                ExtractFormat::Json => None,
                ExtractFormat::Nquads => Some(RdfFormat::NQuads),
                ExtractFormat::Trig => Some(RdfFormat::TriG),
            };
            if let Some(f) = rdf_format {
                return extract_quads(&extractor, DocumentReader::new(sources), f, input_errors.len());
            }
            let mut out = BufWriter::new(std::io::stdout().lock());
            let (mut failed, mut total) = (0, 0);
            let to_json = |x: pactgraph::Extraction| serde_json::to_vec(&x.to_json());
            for_each_extraction(DocumentReader::new(sources), &extractor, jobs(&inputs), 64, to_json, |r| {
                total += 1;
                match r {
                    Ok(Ok(json)) => out
                        .write_all(&json)
                        .and_then(|()| out.write_all(b"\n"))
                        .map_err(|e| pactgraph::Error::io("<stdout>", e)),
                    Ok(Err(e)) => Err(pactgraph::Error::Ingest(format!("JSON output: {e}"))),
                    Err(e) => {
                        eprintln!("error: {e}");
                        failed += 1;
                        Ok(())
                    }
                }
            })?;
            out.flush()?;
            Ok(exit_for(failed + input_errors.len(), total + input_errors.len()))
        }
        Command::Dump { format, output } => {
            let store = open_reader(g)?;
            let f = match format {
                DumpFormat::Nquads => RdfFormat::NQuads,
                DumpFormat::Trig => RdfFormat::TriG,
            };
            with_output(output.as_deref(), |w| store.dump(f, w))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { gold, dir, json, examples } => {
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
                println!("{}", serde_json::to_string_pretty(&score.json_report(examples))?);
            } else {
                print!("{}", score.full_report(examples));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stances { filter, format } => {
            let store = open_reader(g)?;
            let rows = report::stances(&store, &stance_filter(filter))?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            match format {
                StancesFormat::Table => print_stances_table(&rows, &mut out)?,
                StancesFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &rows)?;
                    writeln!(out)?;
                }
                StancesFormat::Csv => print_stances_csv(&rows, &mut out)?,
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Timeline { filter, format } => {
            let store = open_reader(g)?;
            let groups = report::timeline(&store, &stance_filter(filter))?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            match format {
                TextFormat::Text => print_timeline(&groups, &mut out)?,
                TextFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &groups)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { term, format } => {
            let store = open_reader(g)?;
            let found = report::explain(&store, &term)?;
            let mut out = BufWriter::new(std::io::stdout().lock());
            match format {
                TextFormat::Text => {
                    for (i, x) in found.iter().enumerate() {
                        if i > 0 {
                            writeln!(out)?;
                        }
                        print_explanation(x, &mut out)?;
                    }
                }
                TextFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &found)?;
                    writeln!(out)?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => serve(g, &args),
        Command::Push(args) => push(g, &args),
        Command::Knowledge(KnowledgeCommand::Load) => knowledge_load(g),
    }
}

fn knowledge_load(g: &GlobalArgs) -> Result<ExitCode> {
    let k = knowledge(g.ontology.as_deref())?;
    let store = Store::open_writer(&g.store, wait(g))?;
    store.load_knowledge(&k).context("loading the ontology into the store")?;
    let n = store.load_all_entities().context("loading the gazetteer into the store")?;
    if !g.quiet {
        println!("store:      {}", store.path().display());
        println!("gazetteer:  {n} entities described");
    }
    Ok(ExitCode::SUCCESS)
}

fn export(g: &GlobalArgs, args: ExportArgs) -> Result<ExitCode> {
    let quiet = g.quiet;
    let construct = match &args.construct {
        Some(f) => Some(std::fs::read_to_string(f).with_context(|| format!("reading query file {}", f.display()))?),
        None => None,
    };
    let options = export::ExportOptions {
        view: match args.view {
            ExportView::Stances => export::View::Stances,
            ExportView::Mentions => export::View::Mentions,
            ExportView::Places => export::View::Places,
            ExportView::Full => export::View::Full,
        },
        construct,
        focus: args.focus,
        depth: args.depth,
        types: args.types,
        min_weight: args.min_weight,
        since: args.since,
        until: args.until,
        include_boilerplate: args.include_boilerplate,
    };
    if args.format == ExportFormat::Png && args.output.is_none() && std::io::stdout().is_terminal() {
        bail!("a PNG is binary: give --output FILE.png or redirect standard output");
    }
    let store = open_reader(g)?;
    let graph = export::build(&store, &options).with_context(|| match &args.construct {
        Some(f) => format!("exporting the CONSTRUCT result of {}", f.display()),
        None => format!("exporting the {} view", options.view.as_str()),
    })?;
    let dot_options = export::dot::DotOptions { clusters: args.clusters };
    with_output(args.output.as_deref(), |w| match args.format {
        ExportFormat::Dot => export::dot::write_dot(&graph, dot_options, w),
        ExportFormat::Graphml => {
            export::graphml::write_graphml(&graph, export::graphml::GraphmlOptions { yed: args.yed }, w)
        }
        ExportFormat::Svg | ExportFormat::Png => {
            let mut source = Vec::new();
            export::dot::write_dot(&graph, dot_options, &mut source)?;
            let format = if args.format == ExportFormat::Svg { "svg" } else { "png" };
            let engine = format!("{:?}", args.layout).to_lowercase();
            export::render::render(&source, format, &engine, w)
        }
    })?;
    if !quiet {
        eprintln!("exported {} nodes and {} edges", graph.node_count(), graph.edge_count());
    }
    Ok(ExitCode::SUCCESS)
}

fn stance_filter(args: StanceFilterArgs) -> StanceFilter {
    StanceFilter { actor: args.actor, proposal: args.proposal }
}

fn yes(b: bool) -> &'static str {
    if b { "yes" } else { "" }
}

fn print_stances_table(rows: &[StanceRow], out: &mut impl Write) -> Result<()> {
    let header: Vec<String> = ["date", "actor", "stance", "proposal", "target", "condition", "hedged", "source"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.date.clone().unwrap_or_default(),
                r.actor.label.clone(),
                r.stance.clone(),
                r.proposal.label.clone(),
                r.target.as_ref().map(|t| t.label.clone()).unwrap_or_default(),
                r.condition_summary(),
                yes(r.hedged).to_string(),
                r.source(),
            ]
        })
        .collect();
    pactgraph::query::write_table(&header, &cells, out)?;
    Ok(())
}

/// RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn print_stances_csv(rows: &[StanceRow], out: &mut impl Write) -> Result<()> {
    let header = [
        "date",
        "actor",
        "stance",
        "polarity",
        "proposal",
        "target",
        "condition",
        "hedged",
        "negated",
        "title",
        "outlet",
        "actor_iri",
        "proposal_iri",
        "stance_iri",
        "document",
    ];
    write!(out, "{}\r\n", header.join(","))?;
    for r in rows {
        let fields = [
            r.date.clone().unwrap_or_default(),
            r.actor.label.clone(),
            r.stance.clone(),
            r.polarity.clone(),
            r.proposal.label.clone(),
            r.target.as_ref().map(|t| t.label.clone()).unwrap_or_default(),
            r.condition_summary(),
            r.hedged.to_string(),
            r.negated.to_string(),
            r.title.clone(),
            r.outlet.clone().unwrap_or_default(),
            r.actor.iri.clone(),
            r.proposal.iri.clone(),
            r.iri.clone(),
            r.document.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        write!(out, "{}\r\n", line.join(","))?;
    }
    Ok(())
}

/// At most `max` characters, an ellipsis marking a cut.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() > max { format!("{}…", s.chars().take(max - 1).collect::<String>()) } else { s.to_string() }
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.chars().count())))
}

/// "supportive", "opposed, hedged", "supportive, hedged, negated".
fn leaning(r: &StanceRow) -> String {
    let mut parts = vec![r.polarity.as_str()];
    if r.hedged {
        parts.push("hedged");
    }
    if r.negated {
        parts.push("negated");
    }
    format!("({})", parts.join(", "))
}

fn print_timeline(groups: &[report::TimelineGroup], out: &mut impl Write) -> Result<()> {
    let entries = || groups.iter().flat_map(|g| g.entries.iter().map(|e| &e.stance));
    let stance_w = entries().map(|r| r.stance.chars().count()).max().unwrap_or(0);
    let lean_w = entries().map(|r| leaning(r).chars().count()).max().unwrap_or(0);
    let mut changes = 0;
    for (i, g) in groups.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} on {}  ({}, {})",
            g.actor.label,
            g.proposal.label,
            report::short_iri(&g.actor.iri),
            report::short_iri(&g.proposal.iri)
        )?;
        for e in &g.entries {
            let r = &e.stance;
            let marker = if e.changed_from.is_some() { "*" } else { " " };
            let mut line = format!(
                "{marker} {}  {}  {}  {}  {}",
                pad(r.date.as_deref().unwrap_or("undated"), 10),
                pad(&r.stance, stance_w),
                pad(&leaning(r), lean_w),
                report::short_iri(&r.iri),
                clip(&r.source(), 60),
            );
            if let Some(c) = &e.changed_from {
                changes += 1;
                let same = if c.same_document { ", same document" } else { "" };
                line.push_str(&format!("  <- changed from {} ({}, {}{same})", c.stance, c.polarity, c.date));
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    let n: usize = groups.iter().map(|g| g.entries.len()).sum();
    if !groups.is_empty() {
        writeln!(out)?;
    }
    writeln!(
        out,
        "{n} stance{} by {} actor/proposal pair{}, {changes} change{} of polarity",
        if n == 1 { "" } else { "s" },
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
        if changes == 1 { "" } else { "s" },
    )?;
    Ok(())
}

fn print_explanation(x: &Explanation, out: &mut impl Write) -> Result<()> {
    match x {
        Explanation::Stance(r) => {
            writeln!(out, "stance {}", report::short_iri(&r.iri))?;
            print_stance_detail(r, "  ", true, out)?;
        }
        Explanation::Entity(e) => {
            writeln!(out, "{}  {}", e.label, report::short_iri(&e.iri))?;
            writeln!(out, "  type:      {}", if e.types.is_empty() { "-".to_string() } else { e.types.join(", ") })?;
            if !e.alt_labels.is_empty() {
                let shown: Vec<&str> = e.alt_labels.iter().take(10).map(String::as_str).collect();
                let more = e.alt_labels.len().saturating_sub(shown.len());
                let more = if more > 0 { format!(" (+{more} more)") } else { String::new() };
                writeln!(out, "  aliases:   {}{more}", shown.join(", "))?;
            }
            let docs: std::collections::BTreeSet<&str> = e.mentions.iter().map(|m| m.document.as_str()).collect();
            writeln!(
                out,
                "  mentions:  {} in {} document{}",
                e.mentions.len(),
                docs.len(),
                if docs.len() == 1 { "" } else { "s" }
            )?;
            let mut roles: BTreeMap<&str, usize> = BTreeMap::new();
            for s in &e.stances {
                *roles.entry(s.role).or_default() += 1;
            }
            let roles: Vec<String> = roles.iter().map(|(r, n)| format!("{n} as {r}")).collect();
            writeln!(
                out,
                "  stances:   {}{}",
                e.stances.len(),
                if roles.is_empty() { String::new() } else { format!(" ({})", roles.join(", ")) }
            )?;
            let mut current = "";
            for m in &e.mentions {
                if m.document != current {
                    current = &m.document;
                    writeln!(out)?;
                    let outlet = m.outlet.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
                    writeln!(out, "  {}{outlet}  {}", m.title, report::short_iri(&m.document))?;
                }
                let mut flags = Vec::new();
                if let Some(l) = m.line {
                    flags.push(format!("line {l}"));
                }
                if let Some(r) = &m.role {
                    flags.push(r.clone());
                }
                if let Some(r) = &m.rule {
                    flags.push(format!("rule {r}"));
                }
                if m.boilerplate {
                    flags.push("boilerplate".to_string());
                }
                writeln!(out, "    {}-{}  \"{}\"  {}", m.begin, m.end, m.anchor, flags.join(", "))?;
                if let Some(c) = &m.context {
                    writeln!(out, "      {c}")?;
                }
            }
            if !e.stances.is_empty() {
                writeln!(out)?;
                writeln!(out, "  stances")?;
                for s in &e.stances {
                    let r = &s.stance;
                    writeln!(
                        out,
                        "    {}  as {}: {} {} {}  {}  {}",
                        r.date.as_deref().unwrap_or("undated"),
                        s.role,
                        r.actor.label,
                        r.stance,
                        r.proposal.label,
                        leaning(r),
                        report::short_iri(&r.iri)
                    )?;
                    print_stance_detail(r, "      ", false, out)?;
                }
            }
        }
    }
    Ok(())
}

/// A stance's fields, one per line; `full` adds actor, type, proposal and date (which an
/// entity's stance list already shows on the line above).
fn print_stance_detail(r: &StanceRow, indent: &str, full: bool, out: &mut impl Write) -> Result<()> {
    let mut field = |name: &str, value: String| writeln!(out, "{indent}{}{value}", pad(&format!("{name}:"), 11));
    if full {
        field("actor", format!("{} ({})", r.actor.label, report::short_iri(&r.actor.iri)))?;
        let codes: Vec<String> =
            [r.plover.as_ref().map(|p| format!("PLOVER {p}")), r.cameo.as_ref().map(|c| format!("CAMEO {c}"))]
                .into_iter()
                .flatten()
                .collect();
        let codes = if codes.is_empty() { String::new() } else { format!("; {}", codes.join(", ")) };
        field("stance", format!("{} {}{codes}", r.stance, leaning(r)))?;
        field("proposal", format!("{} ({})", r.proposal.label, report::short_iri(&r.proposal.iri)))?;
    }
    if let Some(t) = &r.target {
        field("target", format!("{} ({})", t.label, report::short_iri(&t.iri)))?;
    }
    if let Some(c) = &r.condition {
        field("condition", format!("{} ({})", c.label, report::short_iri(&c.iri)))?;
    }
    if let Some(t) = &r.condition_text {
        field("if", format!("\"{t}\""))?;
    }
    if full {
        field("date", r.date.clone().unwrap_or_else(|| "undated".to_string()))?;
    }
    field("document", format!("{}  {}", r.source(), report::short_iri(&r.document)))?;
    let offsets = match (r.begin, r.end) {
        (Some(b), Some(e)) => format!("chars {b}-{e}: "),
        _ => String::new(),
    };
    if let Some(ev) = &r.evidence {
        field("evidence", format!("{offsets}\"{}\"", ev.replace(['\n', '\t'], " ")))?;
    }
    if let Some(rule) = &r.rule {
        field("rule", rule.clone())?;
    }
    Ok(())
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
    ExitCode::from(exit_status(failed, total))
}

/// [`exit_for`] as a number (sent back by a server that ran the command).
fn exit_status(failed: usize, total: usize) -> u8 {
    match failed {
        0 => 0,
        f if f == total => 1,
        _ => 2,
    }
}

/// This process's standard output and error, for the commands a server may also run for
/// another process (`ingest`, `remove`, `push`: see [`pactgraph::live`]).
fn with_std_console<T>(f: impl FnOnce(&mut Console<'_>) -> T) -> T {
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let terminal = err.is_terminal();
    f(&mut Console { out: &mut out, err: &mut err, terminal })
}

/// Opens the store for writing with `open` (told whether to wait); when `pactgraph serve`
/// holds it, has the server run this very command line instead (see [`pactgraph::live`]),
/// its output printed here, and returns its exit code. `secrets`: what the server cannot read
/// from its own environment (push's credentials).
fn open_or_forward(
    g: &GlobalArgs,
    secrets: BTreeMap<String, String>,
    open: impl Fn(Wait) -> pactgraph::Result<Store>,
) -> Result<std::result::Result<Store, ExitCode>> {
    match open(Wait::No) {
        Err(pactgraph::Error::StoreInUse { .. }) if g.store.join(pactgraph::live::SOCKET_FILE).exists() => {
            let argv = std::env::args_os()
                .skip(1)
                .map(|a| {
                    a.into_string().map_err(|a| {
                        anyhow!("argument {a:?} is not UTF-8, so it cannot go to the server that holds the store")
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let cwd = std::env::current_dir().context("reading the working directory")?;
            match pactgraph::live::forward(&g.store, &Forwarded { argv, cwd, secrets })? {
                Some(code) => Ok(Err(ExitCode::from(code))),
                // no server answers there after all (it just stopped): the usual way
                None => Ok(Ok(open(wait(g))?)),
            }
        }
        Err(pactgraph::Error::StoreInUse { .. }) if g.wait => Ok(Ok(open(Wait::Yes)?)),
        r => Ok(Ok(r?)),
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

fn wait(g: &GlobalArgs) -> Wait {
    if g.wait { Wait::Yes } else { Wait::No }
}

fn open_reader(g: &GlobalArgs) -> Result<Store> {
    match Store::open_reader(&g.store, Wait::No) {
        // a server owns the store for as long as it runs: waiting would wait for it to stop
        Err(pactgraph::Error::StoreInUse { path, pid }) if pactgraph::live::is_served(&g.store) => bail!(
            "{}: store is served by `pactgraph serve`{}, which holds it while it runs: ask its SPARQL endpoint \
             (/query) instead",
            path.display(),
            pid.map(|p| format!(" (process {p})")).unwrap_or_default()
        ),
        Err(pactgraph::Error::StoreInUse { .. }) if g.wait => Ok(Store::open_reader(&g.store, Wait::Yes)?),
        r => Ok(r?),
    }
}

/// `pactgraph remove`: deletes documents given by IRI, id or file path.
fn remove(g: &GlobalArgs, docs: &[String]) -> Result<ExitCode> {
    let store = match open_or_forward(g, BTreeMap::new(), |w| Store::open_existing_writer(&g.store, w))? {
        Ok(store) => store,
        Err(code) => return Ok(code),
    };
    with_std_console(|con| remove_from(&store, g, docs, con)).map(ExitCode::from)
}

/// [`remove`] on an open store.
fn remove_from(store: &Store, g: &GlobalArgs, docs: &[String], con: &mut Console<'_>) -> Result<u8> {
    recount_tallies(store, g.quiet, con.err)?;
    let stored = store.documents()?;
    let mut missing = Vec::new();
    for d in docs {
        let id = if d.starts_with(DOC_NS) {
            d.clone()
        } else {
            let stem = Path::new(d).file_stem().map_or_else(|| d.clone(), |s| s.to_string_lossy().into_owned());
            format!("{DOC_NS}{}", pactgraph::text::slug(&stem))
        };
        if !stored.contains(&id) {
            missing.push(d.clone());
            continue;
        }
        let n = store.remove_document(&id)?;
        if !g.quiet {
            writeln!(con.out, "removed {id} ({n} quads)")?;
        }
    }
    store.compact_tallies()?;
    store.flush()?;
    for m in &missing {
        writeln!(con.err, "error: no document {m:?} in the store {}", g.store.display())?;
    }
    Ok(exit_status(missing.len(), docs.len()))
}

/// Counts the tallies of the stored documents again when they are missing or stale, saying so
/// (it reads every document graph once).
fn recount_tallies(store: &Store, quiet: bool, err: &mut dyn Write) -> Result<()> {
    if !quiet && !store.tallies_current()? && !store.documents()?.is_empty() {
        writeln!(err, "counting the tallies of the stored documents (missing or stale) ...")?;
    }
    store.ensure_tallies().context("counting the tallies of the stored documents")?;
    Ok(())
}

fn jobs(inputs: &InputArgs) -> usize {
    inputs.jobs.map_or_else(pactgraph::ingest::default_jobs, usize::from)
}

fn glob_set(globs: &[String]) -> Result<Option<globset::GlobSet>> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        b.add(globset::Glob::new(g).with_context(|| format!("bad --glob {g:?}"))?);
    }
    Ok(Some(b.build()?))
}

/// A progress bar on standard error when it is a terminal: bytes of text, documents, MB/s, ETA.
fn progress_bar(total: Option<u64>, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(t) => (
            ProgressBar::new(t),
            "{elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} {decimal_bytes_per_sec} ETA {eta} {msg}",
        ),
        None => (ProgressBar::new_spinner(), "{spinner} {elapsed_precise} {bytes} {decimal_bytes_per_sec} {msg}"),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn ingest(g: &GlobalArgs, inputs: &InputArgs, batch_size: usize) -> Result<ExitCode> {
    let started = Instant::now();
    let store = match open_or_forward(g, BTreeMap::new(), |w| Store::open_writer(&g.store, w))? {
        Ok(store) => store,
        Err(code) => return Ok(code),
    };
    let (code, _, _) = with_std_console(|con| {
        let extractor = load_extractor(&store, g, con)?;
        ingest_into(&store, &extractor, g, inputs, batch_size, started, con, &|| {})
    })?;
    Ok(ExitCode::from(code))
}

/// Builds the extractor of `--ontology` (or the embedded knowledge) and loads its knowledge
/// into the store (when it changed), counting the tallies again if they went stale.
fn load_extractor(store: &Store, g: &GlobalArgs, con: &mut Console<'_>) -> Result<Extractor> {
    let k = knowledge(g.ontology.as_deref())?;
    let extractor = Extractor::new(&k)?;
    store.load_knowledge(&k).context("loading the ontology into the store")?;
    recount_tallies(store, g.quiet, con.err)?;
    Ok(extractor)
}

/// [`ingest`] into an open store, with its knowledge loaded; `after_chunk` runs after each
/// chunk of documents is stored. Returns the exit status, the summary and the failures.
#[expect(clippy::too_many_arguments, reason = "the command's arguments, spelled out")]
fn ingest_into(
    store: &Store,
    extractor: &Extractor,
    g: &GlobalArgs,
    inputs: &InputArgs,
    batch_size: usize,
    started: Instant,
    con: &mut Console<'_>,
    after_chunk: &dyn Fn(),
) -> Result<(u8, pactgraph::ingest::IngestSummary, Vec<String>)> {
    let (store_path, quiet) = (store.path(), g.quiet);
    let (sources, input_errors) = collect_inputs(&inputs.inputs, glob_set(&inputs.glob)?.as_ref());
    let total: Option<u64> = sources.iter().map(|s| s.size()).sum();
    let setup = started.elapsed();
    let bar = progress_bar(total, quiet || !con.terminal);
    let opts = IngestOptions { jobs: jobs(inputs), batch_quads: batch_size.max(1), ..IngestOptions::default() };
    let s = pactgraph::ingest::ingest(store, extractor, DocumentReader::new(sources), &opts, |p| {
        if bar.length().is_some_and(|l| l < p.bytes) {
            bar.set_length(p.bytes);
        }
        bar.set_position(p.bytes);
        bar.set_message(format!("{} documents", p.documents));
        after_chunk();
    })
    .with_context(|| format!("ingesting into {}", store_path.display()))?;
    bar.finish_and_clear();
    let failed: Vec<String> = input_errors.iter().map(ToString::to_string).chain(s.failed.iter().cloned()).collect();
    for f in &failed {
        writeln!(con.err, "error: {f}")?;
    }
    if !quiet {
        let mut detail = Vec::new();
        for (n, what) in [(s.added, "added"), (s.replaced, "replaced"), (s.unchanged, "unchanged")] {
            if n > 0 {
                detail.push(format!("{n} {what}"));
            }
        }
        if !failed.is_empty() {
            detail.push(format!("{} failed", failed.len()));
        }
        let n = |t: EntityType| s.entities.get(&t).copied().unwrap_or(0);
        writeln!(con.out, "store:      {}", store.path().display())?;
        writeln!(con.out, "documents:  {} ({})", s.documents() + input_errors.len(), detail.join(", "))?;
        writeln!(
            con.out,
            "entities:   {} persons, {} organisations, {} places",
            n(EntityType::Person),
            n(EntityType::Organization),
            n(EntityType::Place)
        )?;
        writeln!(con.out, "proposals:  {}", n(EntityType::Proposal))?;
        writeln!(con.out, "stances:    {}", s.stances)?;
        writeln!(con.out, "quads:      {} written", s.quads)?;
        let secs = s.elapsed.as_secs_f64().max(1e-9);
        writeln!(
            con.out,
            "time:       {:.2} s ({:.2} s start-up; {:.1} MB of text at {:.2} MB/s, {:.0} documents/s, {:.0} quads/s, {} job{})",
            started.elapsed().as_secs_f64(),
            setup.as_secs_f64(),
            s.bytes as f64 / 1e6,
            s.mb_per_s(),
            s.documents() as f64 / secs,
            s.quads as f64 / secs,
            opts.jobs,
            if opts.jobs == 1 { "" } else { "s" },
        )?;
        // each failure was named once on stderr above; the summary only counts them
        if !failed.is_empty() {
            writeln!(con.out, "failed:     {}", failed.len())?;
        }
    }
    Ok((exit_status(failed.len(), s.documents() + input_errors.len()), s, failed))
}

fn serve(g: &GlobalArgs, args: &ServeArgs) -> Result<ExitCode> {
    use std::net::ToSocketAddrs;
    let (store_path, quiet) = (&g.store, g.quiet);
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        bail!("--timeout must be a positive number of seconds, not {}", args.timeout);
    }
    let addresses: Vec<std::net::SocketAddr> = args
        .bind
        .to_socket_addrs()
        .with_context(|| format!("--bind {}: not a HOST:PORT address", args.bind))?
        .collect();
    if addresses.is_empty() {
        bail!("--bind {}: the name resolves to no address", args.bind);
    }
    // the server is the store's one writer, performing the writes of other commands
    // (pactgraph::live). A writable or watching server may start on an empty store; a
    // read-only one needs something to serve
    let store = if args.writable || !args.watch.is_empty() {
        Store::open(store_path)?
    } else {
        Store::open_existing_writer(store_path, Wait::No)?
    };
    if args.writable && addresses.iter().any(|a| !a.ip().is_loopback()) {
        eprintln!(
            "warning: writable and listening on {}: anyone who can reach this address can change or delete the store \
             (there is no authentication; put an authenticating proxy in front or bind to 127.0.0.1)",
            args.bind
        );
    }
    let live = Live::new(store.clone());
    let served = Arc::new(Served { live: live.clone(), extractor: Mutex::new(None), watching: !args.watch.is_empty() });
    let watched = if args.watch.is_empty() {
        None
    } else {
        let extractor = with_std_console(|con| load_extractor(&store, g, con))?;
        let extractor = Arc::new(extractor);
        *served.extractor.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((g.ontology.clone(), extractor.clone()));
        Some(extractor)
    };
    let handler: Arc<pactgraph::live::Handler> = {
        let served = served.clone();
        Arc::new(move |command, con| run_forwarded(&served, command, con).map_err(|e| format!("{e:#}")))
    };
    // without its socket the server still serves; the other commands then find the store in use
    let _control = pactgraph::live::Control::start(live.clone(), handler)
        .inspect_err(|e| {
            eprintln!("warning: no control socket, so ingest, remove and push cannot run through this server: {e}");
        })
        .ok();
    let options = pactgraph::serve::ServeOptions {
        writable: args.writable,
        timeout: std::time::Duration::from_secs_f64(args.timeout),
        max_results: args.max_results,
        log: !quiet,
        live: Some(live.clone()),
        ..Default::default()
    };
    let server = pactgraph::serve::serve(&store, &addresses, options)
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let _watcher = match watched {
        Some(extractor) => Some(pactgraph::live::Watcher::start(live, &args.watch, extractor, args.poll)?),
        None => None,
    };
    if !quiet {
        let list: Vec<String> = addresses.iter().map(|a| format!("http://{a}/query")).collect();
        eprintln!(
            "serving {} ({}) at {}; pages at http://{}/",
            store.path().display(),
            if args.writable { "writable" } else { "read-only" },
            list.join(", "),
            addresses[0]
        );
    }
    server.join().context("the server stopped")?;
    Ok(ExitCode::SUCCESS)
}

/// What a server keeps to run other processes' commands: the store, and the extractor of the
/// last ontology asked for (building one takes seconds).
struct Served {
    live: Arc<Live>,
    extractor: Mutex<Option<(Option<PathBuf>, Arc<Extractor>)>>,
    /// The watcher extracts with the server's knowledge: another would not match the store's.
    watching: bool,
}

/// Runs a command another process forwarded (`ingest`, `remove` or `push`, see
/// [`open_or_forward`]) on the served store, its output going to that process. Runs under the
/// server's write lock ([`pactgraph::live::Control`]).
fn run_forwarded(served: &Served, command: Forwarded, con: &mut Console<'_>) -> Result<u8> {
    let started = Instant::now();
    let cli = crate::cli::Cli::try_parse_from(std::iter::once("pactgraph".to_string()).chain(command.argv))
        .map_err(|e| anyhow!("{e}"))?;
    let cwd = command.cwd;
    let absolute = |p: PathBuf| if p.is_absolute() { p } else { cwd.join(p) };
    let mut g = cli.global;
    g.ontology = g.ontology.map(absolute);
    let store = served.live.store();
    match cli.command {
        Command::Ingest { mut inputs, batch_size } => {
            if inputs.inputs.iter().any(|p| p.as_os_str() == "-") {
                bail!(
                    "{}: served by another process, which cannot read this standard input (-); save it to a file first",
                    store.path().display()
                );
            }
            inputs.inputs = inputs.inputs.into_iter().map(absolute).collect();
            let extractor = {
                let mut cached = served.extractor.lock().unwrap_or_else(PoisonError::into_inner);
                match cached.as_ref() {
                    Some((ontology, x)) if *ontology == g.ontology => x.clone(),
                    Some((ontology, _)) if served.watching => bail!(
                        "{}: served with the knowledge of {}, which its watched folders are read with; restart the \
                         server with the --ontology of this ingest",
                        store.path().display(),
                        ontology
                            .as_ref()
                            .map_or_else(|| "the embedded ontology".to_string(), |o| o.display().to_string())
                    ),
                    _ => {
                        let x = Arc::new(load_extractor(store, &g, con)?);
                        *cached = Some((g.ontology.clone(), x.clone()));
                        x
                    }
                }
            };
            let live = &served.live;
            let (code, summary, failed) =
                ingest_into(store, &extractor, &g, &inputs, batch_size, started, con, &|| live.changed())?;
            live.record_ingest("ingest", &summary, &failed);
            Ok(code)
        }
        Command::Remove { docs } => remove_from(store, &g, &docs, con),
        Command::Push(mut args) => {
            // the client's own credentials, not the server's environment
            args.password = command.secrets.get("password").cloned();
            args.token = command.secrets.get("token").cloned();
            push_from(store, &g, &args, con)
        }
        _ => bail!("the server that holds {} runs only ingest, remove and push", store.path().display()),
    }
}

fn push(g: &GlobalArgs, args: &PushArgs) -> Result<ExitCode> {
    let secrets: BTreeMap<String, String> = [("password", &args.password), ("token", &args.token)]
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v.clone()?)))
        .collect();
    // a writer: push records in the store what reached the target (for --since)
    let store = match open_or_forward(g, secrets, |w| Store::open_existing_writer(&g.store, w))? {
        Ok(store) => store,
        Err(code) => return Ok(code),
    };
    with_std_console(|con| push_from(&store, g, args, con)).map(ExitCode::from)
}

/// [`push`] from an open store.
fn push_from(store: &Store, g: &GlobalArgs, args: &PushArgs, con: &mut Console<'_>) -> Result<u8> {
    let quiet = g.quiet;
    use pactgraph::push::{Auth, Method, PushOptions};
    let auth = match args.auth {
        None => Auth::None,
        Some(AuthKind::Basic) => Auth::Basic {
            user: args.user.clone().context("--auth basic needs --user")?,
            password: args.password.clone().context("--auth basic needs a password in PACTGRAPH_PASSWORD")?,
        },
        Some(AuthKind::Digest) => Auth::Digest {
            user: args.user.clone().context("--auth digest needs --user")?,
            password: args.password.clone().context("--auth digest needs a password in PACTGRAPH_PASSWORD")?,
        },
        Some(AuthKind::Bearer) => {
            Auth::Bearer(args.token.clone().context("--auth bearer needs a token in PACTGRAPH_TOKEN")?)
        }
    };
    let options = PushOptions {
        endpoint: args.endpoint.clone(),
        graph_store: args.graph_store.clone(),
        query_endpoint: args.query_endpoint.clone(),
        auth,
        since: args.since,
        chunk: args.chunk,
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    let started = Instant::now();
    let (mut graphs, mut triples, mut skipped) = (0usize, 0usize, 0usize);
    let mut log = Ok(());
    let result = pactgraph::push::push(store, &options, |p| {
        match p.method {
            Method::Skipped => skipped += 1,
            _ => {
                graphs += 1;
                triples += p.triples;
            }
        }
        if !quiet && log.is_ok() {
            let how = match p.method {
                Method::GraphStore => "Graph Store PUT",
                Method::Update => "SPARQL Update",
                Method::Skipped => "unchanged, skipped",
            };
            log = if p.pieces > 1 {
                writeln!(
                    con.err,
                    "{}  {} triples  ({how}, {} pieces of up to {} triples, then MOVE)",
                    p.graph, p.triples, p.pieces, p.chunk
                )
            } else {
                writeln!(con.err, "{}  {} triples  ({how})", p.graph, p.triples)
            };
        }
    });
    if let Err(e) = result {
        bail!(
            "{e}\n{graphs} graph{} pushed before the failure; `pactgraph push --since` with the same target sends the rest",
            if graphs == 1 { " was" } else { "s were" }
        );
    }
    log?;
    if !quiet {
        writeln!(
            con.out,
            "pushed {graphs} graph{} ({triples} triples), {skipped} unchanged, in {:.1} s",
            if graphs == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64()
        )?;
    }
    Ok(0)
}

/// Writes the quads `ingest` would store for `paths` (document graphs only), documents in the
/// order given.
fn extract_quads(
    extractor: &Extractor,
    docs: DocumentReader,
    format: RdfFormat,
    input_errors: usize,
) -> Result<ExitCode> {
    let out = BufWriter::new(std::io::stdout().lock());
    let mut w = oxigraph::io::RdfSerializer::from_format(format).for_writer(out);
    let (mut failed, mut total) = (input_errors, input_errors);
    for d in docs {
        total += 1;
        match d {
            Ok(doc) => {
                // through an in-memory oxigraph store: it normalises literals as the on-disk
                // store does (xsd:nonNegativeInteger comes back as xsd:integer), so the output
                // is what `ingest` stores, not merely what it is given
                let mem = oxigraph::store::Store::new()?;
                mem.extend(pactgraph::rdf::document_quads(&extractor.extract(&doc)))?;
                for q in mem.iter() {
                    w.serialize_quad(&q?)?;
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    w.finish()?.flush()?;
    Ok(exit_for(failed, total))
}

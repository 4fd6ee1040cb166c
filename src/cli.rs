//! Command-line arguments. The doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// pactgraph: turn news articles about negotiations into a knowledge graph of actors, places,
/// proposals and stances, stored in an embedded on-disk oxigraph store.
#[derive(Debug, Parser)]
#[command(name = "pactgraph", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts, before or after its own arguments.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The store directory (created by `ingest` when missing).
    #[arg(long, global = true, env = "PACTGRAPH_STORE", default_value = "pactgraph-store", value_name = "PATH")]
    pub store: PathBuf,
    /// Read the ontology, gazetteers and lexicons from this directory of Turtle files instead
    /// of the copy built into the binary.
    #[arg(long, global = true, value_name = "DIR")]
    pub ontology: Option<PathBuf>,
    /// Print nothing but results and errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When another pactgraph process has the store open (an ingest, or readers while
    /// ingesting), wait for it to finish instead of failing with "store is in use".
    #[arg(long, global = true)]
    pub wait: bool,
}

/// Where documents come from, and how many threads extract them.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Article files (.txt, .text, .md, .html, .htm), JSON Lines files (.jsonl, .ndjson: one
    /// {"id", "text", "title", "date", "url"} object per line, only "text" required),
    /// directories holding them (read recursively; directory symlinks are not followed), or -
    /// for standard input (JSON Lines when it starts with "{", otherwise one article).
    #[arg(required = true, value_name = "PATH")]
    pub inputs: Vec<PathBuf>,
    /// Read only the files of directories whose path (relative to the directory given)
    /// matches this glob, e.g. '**/2025-*.txt'; may be repeated.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Extraction threads [default: the number of cores].
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract articles and store them, one named graph per document.
    ///
    /// Documents are extracted in parallel and new ones reach the store through oxigraph's
    /// bulk loader in batches of whole documents (memory stays bounded whatever the corpus
    /// size; an interrupted run leaves every stored document whole). A document whose content
    /// is unchanged since the last run is skipped; a changed one replaces its graph in one
    /// transaction. A progress bar shows on a terminal. Prints a summary: documents, entities
    /// by type, proposals, stances, quads, throughput and the inputs that failed.
    ///
    /// Reads plain text (UTF-8, UTF-16 with a BOM, or a detected legacy encoding such as
    /// windows-1252), HTML pages (main text, title, byline, site name and date read from the
    /// page) and JSON Lines. A file or record that cannot be used (binary, empty, damaged
    /// UTF-8, unreadable, broken JSON...) is reported with its reason and skipped; the others
    /// are stored. Exit code: 0 when every input was stored, 2 when some failed, 1 when all
    /// failed or the store could not be written.
    Ingest {
        #[command(flatten)]
        inputs: InputArgs,
        /// Quads of new documents written per bulk-load commit: larger is faster, smaller uses
        /// less memory (about 1 KB per quad).
        #[arg(long, default_value_t = 200_000, value_name = "QUADS")]
        batch_size: usize,
    },
    /// Run a SPARQL query on the store.
    ///
    /// The default graph is the union of all named graphs (every document and the
    /// ontology); `GRAPH ?g { ... }` reaches each document's own graph. SELECT and ASK print a
    /// table by default; CONSTRUCT and DESCRIBE print Turtle.
    Query {
        /// The query text (or use --file).
        #[arg(value_name = "SPARQL", required_unless_present = "file", conflicts_with = "file")]
        query: Option<String>,
        /// Read the query from a file.
        #[arg(long, short, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Stop the query after this many seconds (fractions allowed) with an error.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<f64>,
        /// Output format: table, or the SPARQL 1.1 result formats json, xml, csv, tsv; for
        /// graphs turtle or ntriples.
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
    },
    /// Export a view of the store as a graph for Graphviz, Gephi, yEd or Cytoscape.
    ///
    /// Views: stances (actors -> proposals, one edge per actor, stance type and proposal,
    /// weighted by the number of statements, with first and latest date; proposals ->
    /// conditions), mentions (entities named in the same sentence, weighted by the number of
    /// sentences), places (places with their containment, the proposals tied to them and the
    /// stances whose sentence names them), full (every entity, proposal, stance and document).
    /// The same store gives the same bytes.
    ///
    /// Examples: `export --format graphml -o stances.graphml`;
    /// `export --focus Zelensky --depth 2 --format svg -o zelensky.svg`;
    /// `export --view mentions --type person,state --min-weight 2`.
    Export(ExportArgs),
    /// Print the extraction of articles as JSON, one object per line in input order, without
    /// touching the store.
    ///
    /// With --format nquads or trig, writes instead the exact quads `ingest` would store for
    /// these articles (each document's named graph; the ontology graph is left out), so a
    /// corpus can be split into shards, extracted in parallel anywhere (a batch job per shard,
    /// Spark's RDD.pipe) and bulk-loaded into a triplestore.
    Extract {
        /// Output format: json, or nquads / trig (the quads ingest stores).
        #[arg(long, value_enum, default_value_t = ExtractFormat::Json)]
        format: ExtractFormat,
        #[command(flatten)]
        inputs: InputArgs,
    },
    /// Delete documents from the store: each one's graph, with its mentions, stances and the
    /// entities no other document mentions.
    ///
    /// DOC is a document IRI, its id (the slug of its file name, as `extract` prints in
    /// `document.id`), or the path of the file it was ingested from.
    Remove {
        /// The documents.
        #[arg(required = true, value_name = "DOC")]
        docs: Vec<String>,
    },
    /// Write the whole store in a standard RDF dataset format.
    Dump {
        /// nquads or trig.
        #[arg(long, value_enum, default_value_t = DumpFormat::Nquads)]
        format: DumpFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Score the extraction of a directory of articles against a gold file (the format of
    /// dev-gold/seeds-gold.json): precision, recall and F1 for entities and stances, with
    /// misses and spurious items per document.
    ///
    /// After the scores comes an error breakdown. Each unmatched gold stance is judged against
    /// the stances predicted in its evidence sentence: proposal (right actor and stance group,
    /// other proposal), group (right actor and proposal), actor (right group and proposal),
    /// other (predictions, none of those) or missed (no prediction there). Unmatched
    /// predictions are spurious. Gold stances with `phenomenon` labels also give a recall per
    /// label.
    Eval {
        /// The gold file.
        #[arg(long, value_name = "GOLD.json")]
        gold: PathBuf,
        /// The directory holding the articles named in the gold file.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Print the scores, the breakdown and any examples as JSON.
        #[arg(long)]
        json: bool,
        /// Show up to N gold misses of each kind and N spurious predictions, with their
        /// evidence and what was predicted in that sentence.
        #[arg(long, value_name = "N", default_value_t = 0)]
        examples: usize,
    },
    /// List stances: who offers, demands, rejects... which proposal, when, and where it was
    /// reported.
    ///
    /// One row per stance: date (of the statement, or else of the article), actor, stance
    /// type, proposal, target, condition (a proposal or the clause stating it), hedged, and
    /// source (document title and outlet). Sorted by date (undated last), actor, proposal.
    ///
    /// --actor and --proposal match any name of an entity: its preferred label or an alias,
    /// case-insensitively ("Peskov", "Zelensky", "security guarantees"), its IRI, or a short
    /// form such as pgr:dmitry-peskov. They match that entity only: --actor Russia does not
    /// include stances of the Kremlin or of Russian officials.
    Stances {
        #[command(flatten)]
        filter: StanceFilterArgs,
        /// Output format: an aligned table, a JSON array (with IRIs, evidence sentence,
        /// offsets and rule), or CSV.
        #[arg(long, value_enum, default_value_t = StancesFormat::Table)]
        format: StancesFormat,
    },
    /// Show how positions moved: stances in date order across all documents, grouped by actor
    /// and proposal.
    ///
    /// Each group lists one actor's stances on one proposal, dated ones in date order and
    /// undated ones last. A "*" and "<- changed from TYPE (POLARITY, DATE)" mark a dated
    /// stance whose polarity differs from the actor's previous dated stance on that proposal
    /// ("same document" when both come from one article). Each line ends with the stance's
    /// pgs: IRI, for `explain`, and its source. Polarities come from the
    /// ontology: offer, propose, demand, accept, support are supportive; reject, oppose,
    /// warn are opposed; condition is conditional; expect is neutral.
    Timeline {
        #[command(flatten)]
        filter: StanceFilterArgs,
        /// Output format: text, or JSON (the groups with every stance and change).
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Show the evidence for an entity, proposal or stance.
    ///
    /// TERM is a name or alias (case-insensitive), an IRI, or a short form: pgr:SLUG for an
    /// entity or proposal, pgs:HASH for a stance (as `timeline` prints). For an entity:
    /// its label, types and aliases, every mention (document, code-point offsets, text,
    /// the line around it, rule) and every stance it takes part in. For a stance: actor,
    /// type, proposal, target, condition, date, document, evidence sentence with offsets,
    /// and rule. An unknown term is an error, with close labels suggested.
    Explain {
        /// The name, alias, IRI or short form.
        #[arg(value_name = "TERM")]
        term: String,
        /// Output format: text or JSON.
        #[arg(long, value_enum, default_value_t = TextFormat::Text)]
        format: TextFormat,
    },
    /// Serve the store as a SPARQL endpoint (SPARQL 1.1 Protocol, Graph Store Protocol).
    ///
    /// Endpoints: /query (GET ?query=..., POST as a form or application/sparql-query), results
    /// as JSON, XML, CSV or TSV and graphs as Turtle, N-Triples, RDF/XML or JSON-LD, chosen by
    /// the Accept header; /store?graph=IRI (Graph Store Protocol: the named graph) and
    /// /store?default; /update and Graph Store PUT/POST/DELETE only with --writable.
    ///
    /// The default graph of every query (and of /store?default) is the union of all named
    /// graphs, the documents and the ontology, as `pactgraph query` does; a query with FROM,
    /// or a request with default-graph-uri / named-graph-uri, sets its own dataset. Each
    /// request runs on its own thread. A query that runs past --timeout is stopped and
    /// answered 503; one returning more than --max-results rows or triples is answered 422;
    /// a malformed one 400 with the parser's message. The server is the store's one writer:
    /// `ingest`, `remove` and `push` run against a served store hand their work to it (through
    /// a socket in the store directory only its owner can use) and print its output; readers
    /// such as `query` and `export` say the store is in use (ask the endpoint instead). With
    /// --watch it ingests the files that appear or change in folders; /status shows the
    /// documents, the last ingest and the inputs that failed. The official `oxigraph serve
    /// --location PATH` of the same oxigraph version (0.5) opens the same directory.
    ///
    /// Pages for a browser: / (overview), entity, proposal and document pages, /queries (a
    /// query form with the example queries); every fact links to its evidence sentence.
    Serve(ServeArgs),
    /// Send every named graph (each document and the ontology) to an external triplestore.
    ///
    /// Uses the SPARQL 1.1 Graph Store HTTP Protocol when --graph-store is given (PUT per
    /// graph, N-Triples: a re-run replaces a graph, never duplicates it), and SPARQL 1.1
    /// Update on --endpoint otherwise, or when the store answers 404, 405 or 501 to the Graph
    /// Store request (DROP SILENT GRAPH, then INSERT DATA in chunks). After each graph its
    /// content hash is recorded in the local store, per target, so --since sends only the
    /// graphs changed since the last push and resumes a push that was cut off.
    ///
    /// Credentials come from the environment: PACTGRAPH_PASSWORD (with --auth basic or digest and --user)
    /// or PACTGRAPH_TOKEN (with --auth bearer).
    Push(PushArgs),
    /// Manage the knowledge base held in the store's ontology graph.
    #[command(subcommand)]
    Knowledge(KnowledgeCommand),
}

/// Subcommands of `knowledge`.
#[derive(Debug, Subcommand)]
pub enum KnowledgeCommand {
    /// Put the whole gazetteer (every actor and place, about 400k triples) in the store's
    /// ontology graph, for querying the gazetteer itself.
    ///
    /// By default a store describes only the entities its documents use (with the places they
    /// lie in, their affiliations...), which answers every query about the documents. After
    /// this command the store keeps the whole gazetteer, also when the knowledge base changes.
    Load,
}

/// Options of `push`.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The SPARQL 1.1 Update endpoint, e.g. http://localhost:7878/update (oxigraph),
    /// https://HOST:8182/sparql (Neptune), http://HOST:5820/DB/update (Stardog).
    #[arg(long, value_name = "URL")]
    pub endpoint: String,
    /// The Graph Store Protocol URL, e.g. http://localhost:7878/store (oxigraph),
    /// https://HOST:8182/sparql/gsp/ (Neptune), http://HOST:5820/DB (Stardog).
    #[arg(long, value_name = "URL")]
    pub graph_store: Option<String>,
    /// The SPARQL query endpoint that counts each graph on the server after the push, e.g.
    /// http://localhost:7878/query; by default .../update becomes .../query, GraphDB's
    /// .../statements the repository URL, and any other endpoint (Virtuoso's and Neptune's
    /// /sparql) is asked itself.
    #[arg(long, value_name = "URL")]
    pub query_endpoint: Option<String>,
    /// Authentication: basic or digest (with --user and PACTGRAPH_PASSWORD; digest for
    /// Virtuoso's /sparql-auth) or bearer (PACTGRAPH_TOKEN).
    #[arg(long, value_enum)]
    pub auth: Option<AuthKind>,
    /// User name for --auth basic or digest.
    #[arg(long, value_name = "NAME", required_if_eq_any([("auth", "basic"), ("auth", "digest")]))]
    pub user: Option<String>,
    /// Password for --auth basic or digest (better given in the environment than on the command line).
    #[arg(long, env = "PACTGRAPH_PASSWORD", hide_env_values = true, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Token for --auth bearer (better given in the environment than on the command line).
    #[arg(long, env = "PACTGRAPH_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Send only the graphs whose content changed since the last push to this target.
    #[arg(long)]
    pub since: bool,
    /// Triples per request (Graph Store PUT/POST or INSERT DATA), halved whenever the server
    /// refuses a request as too large. A larger graph goes in pieces into a temporary graph,
    /// then MOVEd into place.
    #[arg(long, default_value_t = 10_000, value_name = "N")]
    pub chunk: usize,
    /// Longest time one HTTP request may take, in seconds.
    #[arg(long, default_value_t = 300, value_name = "SECONDS")]
    pub timeout: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthKind {
    Basic,
    Digest,
    Bearer,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on. The default is loopback only; another address
    /// exposes the store to the network.
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub bind: String,
    /// Allow changes: SPARQL Update on /update and Graph Store PUT, POST and DELETE.
    #[arg(long)]
    pub writable: bool,
    /// Longest time a query or update may run, in seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,
    /// Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one query may return.
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    pub max_results: usize,
    /// Ingest what the folder holds, then each file that appears or changes in it
    /// (recursively; the files `ingest` reads; hidden files are ignored, so write a file under
    /// a hidden name and rename it when whole). Repeatable.
    #[arg(long, value_name = "DIR")]
    pub watch: Vec<PathBuf>,
    /// Watch the folders by polling every second instead of file system events (network file
    /// systems; also used when events cannot be had).
    #[arg(long, requires = "watch")]
    pub poll: bool,
}

/// What `export` writes.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The view to export.
    #[arg(long, value_enum, default_value_t = ExportView::Stances)]
    pub view: ExportView,
    /// dot (Graphviz), graphml (Gephi, yEd, Cytoscape), or an image rendered by Graphviz
    /// (svg, png; needs Graphviz's `dot` command).
    #[arg(long, value_enum, default_value_t = ExportFormat::Dot)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep only the ego network of this entity: a name or alias (case-insensitive), an IRI
    /// or pgr:SLUG.
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// How many edges away from --focus to go (either direction).
    #[arg(long, default_value_t = 1, requires = "focus", value_name = "N")]
    pub depth: usize,
    /// Keep only nodes of these types, comma-separated: person, state, organization, place,
    /// proposal, stance, document, or a class such as country, city, region, media-organization.
    #[arg(long = "type", value_delimiter = ',', value_name = "TYPES")]
    pub types: Vec<String>,
    /// Drop edges weighing less than N (statements, sentences, mentions), then the nodes left
    /// without edges.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_weight: u64,
    /// Only facts dated on or after this day (statement date, else the article's date;
    /// undated facts are left out when --since or --until is given).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = pactgraph::export::parse_day)]
    pub since: Option<String>,
    /// Only facts dated on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = pactgraph::export::parse_day)]
    pub until: Option<String>,
    /// Count mentions in footers, teasers and author bios too.
    #[arg(long)]
    pub include_boilerplate: bool,
    /// Export the result of this SPARQL CONSTRUCT query instead of a view: subjects and IRI
    /// objects become nodes, triples edges named after their predicate; rdf:type, labels and
    /// coordinates become node attributes.
    #[arg(long, value_name = "FILE.rq", conflicts_with_all = ["view", "since", "until", "include_boilerplate"])]
    pub construct: Option<PathBuf>,
    /// GraphML: add yFiles shapes, colours and labels, so yEd shows them as they are.
    #[arg(long)]
    pub yed: bool,
    /// DOT, SVG, PNG: group the nodes in one box per type.
    #[arg(long)]
    pub clusters: bool,
    /// SVG, PNG: the Graphviz layout engine (sfdp suits large graphs).
    #[arg(long, value_enum, default_value_t = LayoutEngine::Dot)]
    pub layout: LayoutEngine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportView {
    Stances,
    Mentions,
    Places,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutEngine {
    Dot,
    Sfdp,
    Neato,
    Fdp,
    Circo,
    Twopi,
}

/// Which stances `stances` and `timeline` show.
#[derive(Debug, Args)]
pub struct StanceFilterArgs {
    /// Only stances held by this actor: a name or alias, an IRI, pgr:SLUG or SLUG.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only stances on this proposal: a name or alias, an IRI, pgr:SLUG or SLUG.
    #[arg(long, value_name = "NAME")]
    pub proposal: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StancesFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    Ntriples,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Dot,
    Graphml,
    Svg,
    Png,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Json,
    Nquads,
    Trig,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    Nquads,
    Trig,
}

//! `pactgraph serve`: the store as a standard SPARQL endpoint.
//!
//! Does: the [SPARQL 1.1 Protocol](https://www.w3.org/TR/sparql11-protocol/) on `/query`
//! (`GET`, `POST` as a form or as `application/sparql-query`), the read side of the
//! [SPARQL 1.1 Graph Store HTTP Protocol](https://www.w3.org/TR/sparql11-http-rdf-update/) on
//! `/store?graph=IRI` and `/store?default`, and, only when [`ServeOptions::writable`] is set,
//! SPARQL Update on `/update` and Graph Store writes (`PUT`, `POST`, `DELETE`). Results are
//! content-negotiated (JSON, XML, CSV, TSV; graphs as Turtle, N-Triples, RDF/XML, JSON-LD).
//! Queries see the union of all named graphs as their default graph, as `pactgraph query`
//! does, unless the query has `FROM`/`FROM NAMED` or the request gives `default-graph-uri` /
//! `named-graph-uri`.
//!
//! Bounded: each query runs under a timeout (answered 503 when it passes, even if oxigraph
//! cannot stop the query at once: see `QueryThreads`) and a limit on result rows or triples
//! (answered 422); results are built in memory before the status line is sent, so either
//! limit gives a clean HTTP error rather than a truncated body. A graph read from
//! `/store?graph=IRI` is streamed instead (it is bounded by the graph and runs no query).
//!
//! Live: with [`ServeOptions::live`] the server owns the store for writing ([`crate::live`]):
//! it ingests from watched folders and runs `ingest`, `remove` and `push` for other processes,
//! the pages' caches are emptied after every write, and `/status` reports the documents, the
//! last ingest and the inputs that failed.
//!
//! Does not: authenticate, encrypt, or send CORS headers. Put a reverse proxy in front for
//! that; the server binds to loopback unless told otherwise.
//!
//! HTTP stack: [`oxhttp`], the small HTTP/1.1 server oxigraph's own `oxigraph serve` uses. It
//! is blocking with one thread per connection, which fits the blocking store API (a slow
//! query holds its own thread, never the others), and it shares the `http` types with the
//! rest of the ecosystem. An async stack (tokio with hyper or axum) would add a runtime and
//! some hundred crates only to hand every query to a blocking thread pool anyway.

use std::cell::RefCell;
use std::io::{self, Read, Write};
use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use oxhttp::model::header::{
    ACCEPT, ALLOW, CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, LOCATION, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use oxhttp::model::{Body, Method, Request, Response, StatusCode};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, TripleRef};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryDataset, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::QuadIter;

use crate::store::{Store, TALLY_VERSION_QUAD};
use crate::web;

/// The default address: loopback only.
pub const DEFAULT_BIND: &str = "127.0.0.1:7878";

/// Most result rows the query page of the browser view shows.
const WEB_MAX_ROWS: usize = 2000;

/// Largest query or update text accepted in a request body.
const MAX_REQUEST_TEXT: u64 = 16 * 1024 * 1024;

/// How the endpoint behaves.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Enable `/update` and Graph Store writes.
    pub writable: bool,
    /// Longest time a query or update may run.
    pub timeout: Duration,
    /// Most result rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a query may return.
    pub max_results: usize,
    /// Most connections served at once (each holds a thread); further ones wait.
    pub max_connections: usize,
    /// Log one line per request to standard error.
    pub log: bool,
    /// The server's hold on the store when it performs writes for others ([`crate::live`]).
    pub live: Option<Arc<crate::live::Live>>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            writable: false,
            timeout: Duration::from_secs(30),
            max_results: 1_000_000,
            max_connections: 256,
            log: true,
            live: None,
        }
    }
}

/// Starts serving `store` on `addresses` (in background threads) and returns the running
/// server; [`oxhttp::ListeningServer::join`] blocks until it stops.
pub fn serve(store: &Store, addresses: &[SocketAddr], options: ServeOptions) -> io::Result<oxhttp::ListeningServer> {
    let endpoint = Arc::new(Endpoint::new(store, options.clone()));
    let warming = endpoint.clone();
    // the socket timeout only has to outlast the slowest allowed query
    let mut server = oxhttp::Server::new(move |request| endpoint.handle(request))
        .with_server_name(concat!("pactgraph/", env!("CARGO_PKG_VERSION")))
        .map_err(io::Error::other)?
        .with_global_timeout(options.timeout + Duration::from_secs(30))
        .with_max_concurrent_connections(options.max_connections);
    for a in addresses {
        server = server.bind(*a);
    }
    let running = server.spawn()?;
    // warm the pages' caches only once listening: a server that cannot bind exits at once, and
    // a warming thread cut off mid-read by that exit reported a spurious store "Corruption"
    std::thread::spawn(move || warming.web.warm());
    Ok(running)
}

/// The request handler: routes a request and answers it. Public so it can be driven without
/// a socket.
pub struct Endpoint {
    store: oxigraph::store::Store,
    options: ServeOptions,
    web: Arc<web::Web>,
    queries: QueryThreads,
}

impl std::fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Endpoint").field("options", &self.options).finish_non_exhaustive()
    }
}

/// An HTTP error: a status and a plain-text message for the client.
#[derive(Debug)]
struct HttpError {
    status: StatusCode,
    message: String,
    allow: Option<&'static str>,
}

type HttpResult<T> = Result<T, HttpError>;

fn error(status: StatusCode, message: impl Into<String>) -> HttpError {
    HttpError { status, message: message.into(), allow: None }
}

fn bad_request(message: impl Into<String>) -> HttpError {
    error(StatusCode::BAD_REQUEST, message)
}

fn method_not_allowed(method: &Method, path: &str, allow: &'static str) -> HttpError {
    HttpError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message: format!("{method} is not allowed on {path}; use {allow}"),
        allow: Some(allow),
    }
}

fn internal(e: impl std::fmt::Display) -> HttpError {
    error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// SPARQL result formats, preferred first, with the media types that select them.
const RESULT_FORMATS: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    ("application/json", QueryResultsFormat::Json),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/xml", QueryResultsFormat::Xml),
];

/// Graph formats, preferred first.
const GRAPH_FORMATS: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/ld+json", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
    ("application/x-turtle", RdfFormat::Turtle),
    ("text/plain", RdfFormat::NTriples),
    ("application/xml", RdfFormat::RdfXml),
    ("application/json", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() }),
];

impl Endpoint {
    /// An endpoint over `store`.
    pub fn new(store: &Store, options: ServeOptions) -> Self {
        let pages = web::WebOptions {
            timeout: options.timeout,
            max_rows: options.max_results.min(WEB_MAX_ROWS),
            // emptied after every write (see Web::invalidate)
            cache_graphs: true,
        };
        // the pages' query form and /query share the bounds on query threads
        let queries = QueryThreads::for_this_machine();
        let web = Arc::new(web::Web::new(store.clone(), pages).sharing_query_threads(queries.clone()));
        if let Some(live) = &options.live {
            let web = web.clone();
            live.on_change(move || web.invalidate());
        }
        Self { store: store.oxigraph().clone(), web, queries, options }
    }

    /// Answers one request; errors become plain-text responses with their status.
    pub fn handle(&self, request: &mut Request<Body>) -> Response<Body> {
        let started = Instant::now();
        let mut response = match self.route(request) {
            Ok(r) => r,
            Err(e) => {
                let mut r = text_response(e.status, format!("{}\n", e.message));
                if let Some(allow) = e.allow {
                    r.headers_mut().insert(ALLOW, HeaderValue::from_static(allow));
                }
                r
            }
        };
        if request.method() == Method::HEAD {
            *response.body_mut() = Body::empty();
        }
        if self.options.log {
            eprintln!(
                "{} {} {} {:.1} ms",
                request.method(),
                request.uri().path(),
                response.status().as_u16(),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        response
    }

    fn route(&self, request: &mut Request<Body>) -> HttpResult<Response<Body>> {
        let path = request.uri().path().to_string();
        match path.as_str() {
            p if web::Web::serves(p) => self.web_request(request, p),
            "/query" => self.query_request(request),
            "/status" => self.status_request(request),
            "/update" => self.update_request(request),
            "/store" => self.store_request(request),
            _ => Err(error(
                StatusCode::NOT_FOUND,
                format!("no such resource: {path} (this server has /query, /update and /store, and pages on /)"),
            )),
        }
    }

    /// `/status`: documents, last ingest and failures of a live server, as a page or, with
    /// `?format=json` or `Accept: application/json`, as JSON.
    fn status_request(&self, request: &Request<Body>) -> HttpResult<Response<Body>> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return Err(method_not_allowed(request.method(), "/status", "GET, HEAD"));
        }
        let Some(live) = &self.options.live else {
            return Err(error(StatusCode::NOT_FOUND, "no status: this server does not write to its store"));
        };
        let status = live.status().map_err(internal)?;
        let json = url_params(request).iter().any(|(k, v)| k == "format" && v == "json")
            || accept(request).is_some_and(|a| a.contains("application/json"));
        if json {
            let body = serde_json::to_vec_pretty(&status).map_err(internal)?;
            return Ok(body_response("application/json", Body::from(body)));
        }
        web_response(web::status::reply(&status))
    }

    /// A page of the browser view: GET, or a form POST on the query page.
    fn web_request(&self, request: &mut Request<Body>, path: &str) -> HttpResult<Response<Body>> {
        let mut params = url_params(request);
        match *request.method() {
            Method::GET | Method::HEAD => {}
            Method::POST if path == "/queries" => match content_type(request).as_deref() {
                Some("application/x-www-form-urlencoded") => {
                    params.extend(form_urlencoded::parse(read_text(request)?.as_bytes()).into_owned());
                }
                other => return Err(unsupported_media_type(other, "a form")),
            },
            ref m => {
                return Err(method_not_allowed(
                    m,
                    "the pages",
                    if path == "/queries" { "GET, HEAD, POST" } else { "GET, HEAD" },
                ));
            }
        }
        web_response(self.web.handle(path, &params))
    }

    fn query_request(&self, request: &mut Request<Body>) -> HttpResult<Response<Body>> {
        let mut params = url_params(request);
        let query = match *request.method() {
            Method::GET | Method::HEAD => take_param(&mut params, "query")
                .ok_or_else(|| bad_request("missing the query parameter: GET /query?query=SELECT..."))?,
            Method::POST => match content_type(request).as_deref() {
                Some("application/sparql-query") => read_text(request)?,
                Some("application/x-www-form-urlencoded") => {
                    params.extend(form_urlencoded::parse(read_text(request)?.as_bytes()).into_owned());
                    take_param(&mut params, "query")
                        .ok_or_else(|| bad_request("missing the query field in the form"))?
                }
                other => return Err(unsupported_media_type(other, "application/sparql-query or a form")),
            },
            ref m => return Err(method_not_allowed(m, "/query", "GET, HEAD, POST")),
        };
        let dataset = Dataset::from_params(&params, "default-graph-uri", "named-graph-uri")?;
        self.run_query(&query, &dataset, accept(request))
    }

    /// Runs a query under the timeout and the result limit and answers with its results in
    /// the negotiated format. The query runs in a worker thread (see [`QueryThreads`]), so the
    /// client is answered when the timeout passes even if oxigraph does not stop in time.
    fn run_query(&self, text: &str, dataset: &Dataset, accept: Option<&str>) -> HttpResult<Response<Body>> {
        let token = CancellationToken::new();
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .parse_query(text)
            .map_err(|e| bad_request(format!("SPARQL syntax error: {e}")))?;
        apply_dataset(prepared.dataset_mut(), dataset);
        let limits = self.limits();
        let store = self.store.clone();
        let accept = accept.map(str::to_string);
        let work = move || -> HttpResult<(&'static str, Vec<u8>)> {
            let results = prepared.on_store(&store).execute().map_err(|e| limits.evaluation_error(e))?;
            serialize_results(results, accept.as_deref(), limits)
        };
        let (media_type, out) = match self.queries.run(token, limits.timeout, work) {
            Ok(result) => result?,
            Err(Unfinished::Timeout) => return Err(limits.timeout_error()),
            Err(e @ Unfinished::Busy { .. }) => return Err(error(StatusCode::SERVICE_UNAVAILABLE, e.to_string())),
            Err(e @ Unfinished::Failed) => return Err(internal(e)),
        };
        Ok(body_response(media_type, Body::from(out)))
    }

    fn limits(&self) -> Limits {
        Limits { timeout: self.options.timeout, max_results: self.options.max_results }
    }

    fn update_request(&self, request: &mut Request<Body>) -> HttpResult<Response<Body>> {
        if !self.options.writable {
            return Err(read_only());
        }
        if request.method() != Method::POST {
            return Err(method_not_allowed(request.method(), "/update", "POST"));
        }
        let mut params = url_params(request);
        let update = match content_type(request).as_deref() {
            Some("application/sparql-update") => read_text(request)?,
            Some("application/x-www-form-urlencoded") => {
                params.extend(form_urlencoded::parse(read_text(request)?.as_bytes()).into_owned());
                take_param(&mut params, "update").ok_or_else(|| bad_request("missing the update field in the form"))?
            }
            other => return Err(unsupported_media_type(other, "application/sparql-update or a form")),
        };
        let dataset = Dataset::from_params(&params, "using-graph-uri", "using-named-graph-uri")?;
        let token = CancellationToken::new();
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .parse_update(&update)
            .map_err(|e| bad_request(format!("SPARQL syntax error: {e}")))?;
        for spec in prepared.using_datasets_mut() {
            apply_dataset(spec, &dataset);
        }
        // an update stays on the connection thread with the cancellation token alone: left to
        // run on in a worker past the timeout, it could commit after its client was told it
        // failed
        let _watchdog = Watchdog::arm(token, self.options.timeout);
        self.tallies_go_stale()?;
        prepared.on_store(&self.store).execute().map_err(|e| {
            let message = e.to_string();
            if message.contains("cancelled") {
                error(StatusCode::SERVICE_UNAVAILABLE, format!("the update ran longer than the timeout: {message}"))
            } else {
                bad_request(format!("SPARQL update failed: {message}"))
            }
        })?;
        self.web.invalidate();
        Ok(empty_response(StatusCode::NO_CONTENT))
    }

    /// Writes through SPARQL Update or the Graph Store protocol bypass the tallies: they are
    /// marked stale first (so even a crash mid-write leaves them marked), and the next
    /// `pactgraph ingest` or `remove` counts them again.
    fn tallies_go_stale(&self) -> HttpResult<()> {
        self.store.remove(TALLY_VERSION_QUAD).map_err(internal)
    }

    fn store_request(&self, request: &mut Request<Body>) -> HttpResult<Response<Body>> {
        let params = url_params(request);
        let target = Target::from_params(&params)?;
        match *request.method() {
            Method::GET | Method::HEAD => match target {
                // the default graph is the union, as for queries
                Target::Default => {
                    self.run_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", &Dataset::default(), accept(request))
                }
                Target::Named(g) => {
                    if !self.store.contains_named_graph(&g).map_err(internal)? {
                        return Err(error(StatusCode::NOT_FOUND, format!("no graph {g} in the store")));
                    }
                    let (media, format) = negotiate(accept(request), GRAPH_FORMATS)?;
                    if request.method() == Method::HEAD {
                        return Ok(body_response(media, Body::empty()));
                    }
                    let quads =
                        self.store.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())));
                    Ok(body_response(media, Body::from_read(GraphStream::new(quads, format)?)))
                }
            },
            Method::PUT | Method::POST => {
                if !self.options.writable {
                    return Err(read_only());
                }
                let media = content_type(request);
                let format = media
                    .as_deref()
                    .and_then(RdfFormat::from_media_type)
                    .ok_or_else(|| unsupported_media_type(media.as_deref(), "an RDF media type such as text/turtle"))?;
                let graph = target.graph_name();
                let existed = match &target {
                    Target::Default => true,
                    Target::Named(g) => self.store.contains_named_graph(g).map_err(internal)?,
                };
                let parser = RdfParser::from_format(format).without_named_graphs().with_default_graph(graph.clone());
                let mut tx = self.store.start_transaction().map_err(internal)?;
                tx.remove(TALLY_VERSION_QUAD);
                if request.method() == Method::PUT {
                    tx.clear_graph(graph.as_ref()).map_err(internal)?;
                }
                if let GraphName::NamedNode(g) = &graph {
                    tx.insert_named_graph(g);
                }
                tx.load_from_reader(parser, request.body_mut())
                    .map_err(|e| bad_request(format!("cannot load the request body as {format}: {e}")))?;
                tx.commit().map_err(internal)?;
                self.web.invalidate();
                Ok(empty_response(if existed { StatusCode::NO_CONTENT } else { StatusCode::CREATED }))
            }
            Method::DELETE => {
                if !self.options.writable {
                    return Err(read_only());
                }
                match target {
                    Target::Default => {
                        self.tallies_go_stale()?;
                        self.store.clear_graph(GraphNameRef::DefaultGraph).map_err(internal)?;
                    }
                    Target::Named(g) => {
                        if !self.store.contains_named_graph(&g).map_err(internal)? {
                            return Err(error(StatusCode::NOT_FOUND, format!("no graph {g} in the store")));
                        }
                        self.tallies_go_stale()?;
                        self.store.remove_named_graph(&g).map_err(internal)?;
                    }
                }
                self.web.invalidate();
                Ok(empty_response(StatusCode::NO_CONTENT))
            }
            ref m => Err(method_not_allowed(m, "/store", "GET, HEAD, PUT, POST, DELETE")),
        }
    }
}

/// The bounds a query runs under, copied into its worker thread.
#[derive(Debug, Clone, Copy)]
struct Limits {
    timeout: Duration,
    max_results: usize,
}

impl Limits {
    /// The results of a query, each evaluation error mapped to its HTTP error, and an error in
    /// place of the item past `--max-results` (`what`: "rows" or "triples").
    fn bounded<T>(
        self,
        items: impl Iterator<Item = Result<T, QueryEvaluationError>>,
        what: &'static str,
    ) -> impl Iterator<Item = HttpResult<T>> {
        let max = self.max_results;
        items.enumerate().map(move |(i, item)| {
            if i >= max {
                return Err(error(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "the query returns more than {max} {what}, this server's limit (--max-results); \
                         add a LIMIT, or use `pactgraph dump` for whole graphs"
                    ),
                ));
            }
            item.map_err(|e| self.evaluation_error(e))
        })
    }

    fn evaluation_error(self, e: QueryEvaluationError) -> HttpError {
        match e {
            QueryEvaluationError::Cancelled => self.timeout_error(),
            e => internal(format!("SPARQL evaluation error: {e}")),
        }
    }

    fn timeout_error(self) -> HttpError {
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            format!(
                "the query ran longer than {} s, this server's timeout (--timeout), and was stopped",
                self.timeout.as_secs_f64()
            ),
        )
    }
}

/// Query results serialized in the format `accept` prefers: the media type and the bytes.
fn serialize_results(
    results: QueryResults<'_>,
    accept: Option<&str>,
    limits: Limits,
) -> HttpResult<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let media_type = match results {
        QueryResults::Solutions(solutions) => {
            let (media, format) = negotiate(accept, RESULT_FORMATS)?;
            let mut w = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())
                .map_err(internal)?;
            for s in limits.bounded(solutions, "rows") {
                w.serialize(&s?).map_err(internal)?;
            }
            w.finish().map_err(internal)?;
            media
        }
        QueryResults::Boolean(b) => {
            let (media, format) = negotiate(accept, RESULT_FORMATS)?;
            QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(&mut out, b).map_err(internal)?;
            media
        }
        QueryResults::Graph(triples) => {
            let (media, format) = negotiate(accept, GRAPH_FORMATS)?;
            let mut w = graph_serializer(format)?.for_writer(&mut out);
            for t in limits.bounded(triples, "triples") {
                w.serialize_triple(&t?).map_err(internal)?;
            }
            w.finish().map_err(internal)?;
            media
        }
    };
    Ok((media_type, out))
}

fn read_only() -> HttpError {
    error(
        StatusCode::FORBIDDEN,
        "this endpoint is read-only; start `pactgraph serve --writable` to allow updates and Graph Store writes",
    )
}

fn unsupported_media_type(given: Option<&str>, wanted: &str) -> HttpError {
    error(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        match given {
            Some(t) => format!("unsupported Content-Type {t}; send {wanted}"),
            None => format!("no Content-Type given; send {wanted}"),
        },
    )
}

/// The graph a Graph Store request addresses.
enum Target {
    Default,
    Named(NamedNode),
}

impl Target {
    fn from_params(params: &[(String, String)]) -> HttpResult<Self> {
        let graph = params.iter().find(|(k, _)| k == "graph");
        let default = params.iter().any(|(k, _)| k == "default");
        match (graph, default) {
            (Some((_, iri)), false) => NamedNode::new(iri)
                .map(Self::Named)
                .map_err(|e| bad_request(format!("graph parameter {iri:?} is not an absolute IRI: {e}"))),
            (None, true) => Ok(Self::Default),
            _ => Err(bad_request("give exactly one of ?graph=IRI or ?default")),
        }
    }

    fn graph_name(&self) -> GraphName {
        match self {
            Self::Default => GraphName::DefaultGraph,
            Self::Named(g) => g.clone().into(),
        }
    }
}

/// An RDF dataset given with the request (protocol parameters), overriding the union.
#[derive(Default)]
struct Dataset {
    default: Vec<GraphName>,
    named: Vec<NamedOrBlankNode>,
}

impl Dataset {
    fn from_params(params: &[(String, String)], default_key: &str, named_key: &str) -> HttpResult<Self> {
        let iri = |v: &str| NamedNode::new(v).map_err(|e| bad_request(format!("{v:?} is not an absolute IRI: {e}")));
        let mut d = Self::default();
        for (k, v) in params {
            if k == default_key {
                d.default.push(iri(v)?.into());
            } else if k == named_key {
                d.named.push(iri(v)?.into());
            }
        }
        Ok(d)
    }

    fn is_given(&self) -> bool {
        !self.default.is_empty() || !self.named.is_empty()
    }
}

/// Sets the dataset a query (or one operation of an update) runs on: the one `given` with the
/// request if any, else, unless the text has `FROM`/`FROM NAMED` (or `USING`), the union of
/// all named graphs as the default graph.
fn apply_dataset(spec: &mut QueryDataset, given: &Dataset) {
    if given.is_given() {
        spec.set_default_graph(given.default.clone());
        spec.set_available_named_graphs(given.named.clone());
    } else if spec.is_default_dataset() {
        spec.set_default_graph_as_union();
    }
}

/// Cancels a query when its time is up; dropping it (the query finished) stops the timer.
struct Watchdog {
    _done: mpsc::Sender<()>,
}

impl Watchdog {
    fn arm(token: CancellationToken, timeout: Duration) -> Self {
        let (done, finished) = mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(timeout) {
                token.cancel();
            }
        });
        Self { _done: done }
    }
}

/// Query evaluations in worker threads under a hard deadline.
///
/// oxigraph looks at a query's cancellation token only when it reads quads from the store, so
/// an aggregate over a large join evaluated in memory (`SELECT (COUNT(*) AS ?n) WHERE { ?a ?b
/// ?c . ?d ?e ?f . ?g ?h ?i }`) can run on for hours after the token is cancelled, and a
/// client waiting on the connection thread would get no answer until the socket timed out.
/// So the evaluation runs in a worker thread: when the deadline passes the caller answers the
/// client at once, cancels the token, and leaves the worker to end on its own (a thread cannot
/// be stopped from outside).
///
/// Such a runaway holds a core for as long as it runs, and clients could start any number of
/// them, so two bounds refuse new queries at once ([`Unfinished::Busy`], answered 503) rather
/// than pile more work on the machine:
/// - while `max_runaways` runaways run (one per core): the cores are taken by abandoned work,
///   a new query would only crawl. This is what one client meets who ran a few bad queries.
/// - while `max_workers` workers run, in time or not. Each query admitted while fewer than
///   `max_runaways` ran may still become a runaway; this bound stops a burst of such queries
///   sent at once (up to `--max-connections` of them) from leaving that many behind.
///
/// Both counts drop as workers end.
#[derive(Debug, Clone)]
pub(crate) struct QueryThreads {
    counts: Arc<Counts>,
    max_runaways: usize,
    max_workers: usize,
}

/// Workers alive, and those of them past their deadline.
#[derive(Debug, Default)]
struct Counts {
    workers: AtomicUsize,
    runaways: AtomicUsize,
}

/// Why [`QueryThreads::run`] has no result.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unfinished {
    /// The deadline passed; the token is cancelled and the worker left to end on its own.
    Timeout,
    /// Not started: too many workers, or too many runaways, are running.
    Busy { workers: usize, runaways: usize },
    /// The worker could not start, or panicked.
    Failed,
}

impl std::fmt::Display for Unfinished {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout => write!(f, "the query ran longer than the timeout"),
            Self::Busy { workers, runaways } => write!(
                f,
                "busy: {workers} queries are running, {runaways} of them past the timeout (they end on their own, \
                 or when the server restarts); try again later"
            ),
            Self::Failed => write!(f, "the query's evaluation failed unexpectedly"),
        }
    }
}

/// States of one evaluation, shared by its worker and its caller.
const RUNNING: u8 = 0;
const FINISHED: u8 = 1;
const ABANDONED: u8 = 2;

/// The worker's end, also on a panic or when it never started: takes it off the counts.
struct WorkerEnd {
    state: Arc<AtomicU8>,
    counts: Arc<Counts>,
}

impl Drop for WorkerEnd {
    fn drop(&mut self) {
        if self.state.swap(FINISHED, Ordering::AcqRel) == ABANDONED {
            self.counts.runaways.fetch_sub(1, Ordering::AcqRel);
        }
        self.counts.workers.fetch_sub(1, Ordering::AcqRel);
    }
}

impl QueryThreads {
    /// At most `max_runaways` workers past their deadline and `max_workers` in all.
    pub(crate) fn new(max_runaways: usize, max_workers: usize) -> Self {
        Self { counts: Arc::default(), max_runaways, max_workers }
    }

    /// One runaway per core (at least 2, so one runaway on a single core does not shut the
    /// endpoint), and eight workers per runaway allowed: room for many clients at once, while
    /// a burst of endless queries leaves at most that many threads behind.
    pub(crate) fn for_this_machine() -> Self {
        let runaways = std::thread::available_parallelism().map_or(2, usize::from).max(2);
        Self::new(runaways, 8 * runaways)
    }

    /// Runs `work` (an evaluation under `token`) in a worker thread and waits for it at most
    /// `timeout`; past that, cancels `token` and returns [`Unfinished::Timeout`], leaving the
    /// worker running.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        token: CancellationToken,
        timeout: Duration,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Unfinished> {
        // take a place first and check after, so that concurrent callers cannot all pass
        let workers = self.counts.workers.fetch_add(1, Ordering::AcqRel) + 1;
        let state = Arc::new(AtomicU8::new(RUNNING));
        let end = WorkerEnd { state: state.clone(), counts: self.counts.clone() };
        let runaways = self.counts.runaways.load(Ordering::Acquire);
        if workers > self.max_workers || runaways >= self.max_runaways {
            drop(end);
            return Err(Unfinished::Busy { workers: workers - 1, runaways });
        }
        let (send, receive) = mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new().name("query".to_string()).spawn(move || {
            let _end = end;
            // the caller may have given up and gone: nobody to tell then
            let _ = send.send(work());
        });
        if spawned.is_err() {
            return Err(Unfinished::Failed);
        }
        match receive.recv_timeout(timeout) {
            Ok(result) => Ok(result),
            Err(RecvTimeoutError::Disconnected) => Err(Unfinished::Failed),
            Err(RecvTimeoutError::Timeout) => {
                token.cancel();
                // counted before it is marked abandoned, so that its worker, ending now, never
                // takes it off the count before it is on it
                self.counts.runaways.fetch_add(1, Ordering::AcqRel);
                if state.compare_exchange(RUNNING, ABANDONED, Ordering::AcqRel, Ordering::Acquire).is_err() {
                    // it ended meanwhile: not a runaway
                    self.counts.runaways.fetch_sub(1, Ordering::AcqRel);
                }
                Err(Unfinished::Timeout)
            }
        }
    }
}

fn url_params(request: &Request<Body>) -> Vec<(String, String)> {
    form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes()).into_owned().collect()
}

fn take_param(params: &mut Vec<(String, String)>, key: &str) -> Option<String> {
    let i = params.iter().position(|(k, _)| k == key)?;
    Some(params.remove(i).1)
}

/// The media type of the request body, lower-cased, without parameters.
fn content_type(request: &Request<Body>) -> Option<String> {
    let v = request.headers().get(CONTENT_TYPE)?.to_str().ok()?;
    Some(v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

fn accept(request: &Request<Body>) -> Option<&str> {
    request.headers().get(ACCEPT).and_then(|v| v.to_str().ok())
}

/// Reads a query or update text from the body (UTF-8, at most [`MAX_REQUEST_TEXT`] bytes).
fn read_text(request: &mut Request<Body>) -> HttpResult<String> {
    let mut buf = Vec::new();
    request.body_mut().take(MAX_REQUEST_TEXT + 1).read_to_end(&mut buf).map_err(|e| bad_request(e.to_string()))?;
    if buf.len() as u64 > MAX_REQUEST_TEXT {
        return Err(error(StatusCode::PAYLOAD_TOO_LARGE, format!("the request body exceeds {MAX_REQUEST_TEXT} bytes")));
    }
    String::from_utf8(buf).map_err(|_| bad_request("the request body is not UTF-8"))
}

/// Picks the offered format the `Accept` header prefers: highest `q` first, then the order of
/// the header; `type/*` takes our first format of that type; `*/*` or no header our first
/// format. Hand-written: HTTP crates that parse `Accept` (e.g. `headers`) pull in more than
/// these thirty lines.
fn negotiate<F: Copy>(accept: Option<&str>, offered: &[(&'static str, F)]) -> HttpResult<(&'static str, F)> {
    let first = offered[0];
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok(first);
    };
    let mut ranges: Vec<(String, f32)> = accept
        .split(',')
        .filter_map(|part| {
            let mut it = part.split(';');
            let range = it.next()?.trim().to_ascii_lowercase();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok()))
                .next()
                .unwrap_or(1.0);
            (!range.is_empty()).then_some((range, q))
        })
        .collect();
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (range, q) in &ranges {
        if *q <= 0.0 {
            continue;
        }
        let found = if range == "*/*" {
            Some(first)
        } else if let Some(kind) = range.strip_suffix("/*") {
            offered.iter().copied().find(|(m, _)| m.split('/').next() == Some(kind))
        } else {
            offered.iter().copied().find(|(m, _)| m == range)
        };
        if let Some(f) = found {
            return Ok(f);
        }
    }
    let supported: Vec<&str> = offered.iter().map(|(m, _)| *m).collect();
    Err(error(
        StatusCode::NOT_ACCEPTABLE,
        format!("cannot answer in any type of Accept: {accept}; this result is available as {}", supported.join(", ")),
    ))
}

fn graph_serializer(format: RdfFormat) -> HttpResult<RdfSerializer> {
    let mut s = RdfSerializer::from_format(format);
    if format == RdfFormat::Turtle {
        for (p, ns) in crate::query::PREFIXES {
            s = s.with_prefix(*p, *ns).map_err(internal)?;
        }
    }
    Ok(s)
}

/// A response with a status, an optional media type and a body.
fn response(status: StatusCode, content_type: Option<HeaderValue>, body: Body) -> Response<Body> {
    let mut r = Response::new(body);
    *r.status_mut() = status;
    if let Some(t) = content_type {
        r.headers_mut().insert(CONTENT_TYPE, t);
    }
    r
}

fn text_response(status: StatusCode, text: String) -> Response<Body> {
    response(status, Some(HeaderValue::from_static("text/plain; charset=utf-8")), Body::from(text))
}

/// A negotiated result: its media type, and `Vary: Accept`.
fn body_response(media_type: &'static str, body: Body) -> Response<Body> {
    let mut r = response(StatusCode::OK, Some(HeaderValue::from_static(media_type)), body);
    r.headers_mut().insert(VARY, HeaderValue::from_static("Accept"));
    r
}

fn empty_response(status: StatusCode) -> Response<Body> {
    response(status, None, Body::empty())
}

/// A page or asset of the browser view.
fn web_response(reply: web::Reply) -> HttpResult<Response<Body>> {
    let status = StatusCode::from_u16(reply.status).map_err(internal)?;
    let html = reply.is_html();
    let mut r = response(status, Some(HeaderValue::from_static(reply.content_type)), Body::from(reply.body));
    let headers = r.headers_mut();
    if html {
        headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(web::CONTENT_SECURITY_POLICY));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    }
    if reply.cacheable {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    }
    if let Some(to) = reply.location {
        headers.insert(LOCATION, HeaderValue::from_str(&to).map_err(internal)?);
    }
    Ok(r)
}

/// A buffer shared between the serializer (writing) and [`GraphStream`] (reading).
#[derive(Clone, Default)]
struct SharedBuffer(Rc<RefCell<Vec<u8>>>);

impl Write for SharedBuffer {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Serializes a stored graph lazily, as the HTTP body is sent, so a large graph never sits in
/// memory whole.
struct GraphStream {
    quads: QuadIter<'static>,
    serializer: Option<oxigraph::io::WriterQuadSerializer<SharedBuffer>>,
    buffer: SharedBuffer,
    read: usize,
}

impl GraphStream {
    const CHUNK: usize = 64 * 1024;

    fn new(quads: QuadIter<'static>, format: RdfFormat) -> HttpResult<Self> {
        let buffer = SharedBuffer::default();
        let serializer = Some(graph_serializer(format)?.for_writer(buffer.clone()));
        Ok(Self { quads, serializer, buffer, read: 0 })
    }
}

impl Read for GraphStream {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            {
                let mut buf = self.buffer.0.borrow_mut();
                let available = buf.len() - self.read;
                if available > 0 && (available >= Self::CHUNK || self.serializer.is_none()) {
                    let n = available.min(out.len());
                    out[..n].copy_from_slice(&buf[self.read..self.read + n]);
                    self.read += n;
                    if self.read == buf.len() {
                        buf.clear();
                        self.read = 0;
                    }
                    return Ok(n);
                }
            }
            let Some(serializer) = self.serializer.as_mut() else {
                return Ok(0);
            };
            match self.quads.next() {
                Some(q) => {
                    let q = q.map_err(io::Error::other)?;
                    serializer.serialize_triple(TripleRef::new(&q.subject, &q.predicate, &q.object))?;
                }
                None => {
                    if let Some(s) = self.serializer.take() {
                        s.finish()?;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_follows_q_values_and_wildcards() {
        let f = |a: Option<&str>| negotiate(a, RESULT_FORMATS).map(|(m, _)| m).map_err(|e| e.status);
        assert_eq!(f(None), Ok("application/sparql-results+json"));
        assert_eq!(f(Some("*/*")), Ok("application/sparql-results+json"));
        assert_eq!(f(Some("text/csv")), Ok("text/csv"));
        assert_eq!(f(Some("text/csv;q=0.5, application/sparql-results+xml")), Ok("application/sparql-results+xml"));
        assert_eq!(f(Some("text/*")), Ok("text/csv"));
        assert_eq!(f(Some("TEXT/Tab-Separated-Values; charset=utf-8")), Ok("text/tab-separated-values"));
        assert_eq!(f(Some("image/png")), Err(StatusCode::NOT_ACCEPTABLE));
        assert_eq!(f(Some("text/csv;q=0")), Err(StatusCode::NOT_ACCEPTABLE));
        let g = |a: Option<&str>| negotiate(a, GRAPH_FORMATS).map(|(m, _)| m).map_err(|e| e.status);
        assert_eq!(g(Some("application/turtle,text/turtle")), Ok("text/turtle"));
        assert_eq!(g(Some("application/ld+json")), Ok("application/ld+json"));
    }

    /// A worker that outlives its deadline is left running and counted; while the bound's worth
    /// run, new work is refused; once they end, work runs again.
    #[test]
    fn runaway_workers_are_bounded_and_released() {
        let wait_until_idle = |threads: &QueryThreads| {
            let deadline = Instant::now() + Duration::from_secs(60);
            while threads.counts.workers.load(Ordering::Acquire) > 0 {
                assert!(Instant::now() < deadline, "a finished worker was never uncounted");
                std::thread::sleep(Duration::from_millis(10));
            }
            assert_eq!(threads.counts.runaways.load(Ordering::Acquire), 0);
        };
        let long = Duration::from_secs(60);
        let threads = QueryThreads::new(1, 3);
        let (release, wait) = mpsc::channel::<()>();
        let token = CancellationToken::new();
        let stuck = threads.run(token.clone(), Duration::from_millis(50), move || wait.recv().is_ok());
        assert_eq!(stuck, Err(Unfinished::Timeout));
        assert!(token.is_cancelled());
        let busy = threads.run(CancellationToken::new(), long, || 1);
        assert_eq!(busy, Err(Unfinished::Busy { workers: 1, runaways: 1 }));
        release.send(()).unwrap();
        wait_until_idle(&threads);
        assert_eq!(threads.run(CancellationToken::new(), long, || 2), Ok(2));
        let panicked = threads.run(CancellationToken::new(), long, || -> u8 { panic!("a panicking worker") });
        assert_eq!(panicked, Err(Unfinished::Failed));
        wait_until_idle(&threads);

        // workers in all: while three run in time, a fourth is refused
        let (release, wait) = mpsc::channel::<()>();
        let wait = Arc::new(std::sync::Mutex::new(wait));
        std::thread::scope(|scope| {
            for _ in 0..3 {
                let (threads, wait) = (&threads, wait.clone());
                scope.spawn(move || {
                    threads.run(CancellationToken::new(), long, move || {
                        // released when the sender is dropped
                        let _ = wait.lock().map(|w| w.recv());
                    })
                });
            }
            let deadline = Instant::now() + long;
            while threads.counts.workers.load(Ordering::Acquire) < 3 {
                assert!(Instant::now() < deadline, "the three workers never started");
                std::thread::sleep(Duration::from_millis(10));
            }
            let busy = threads.run(CancellationToken::new(), long, || 3);
            assert_eq!(busy, Err(Unfinished::Busy { workers: 3, runaways: 0 }));
            drop(release);
        });
        wait_until_idle(&threads);
    }

    #[test]
    fn graph_store_target_needs_exactly_one_of_graph_and_default() {
        let p = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        assert!(matches!(Target::from_params(&p(&[("default", "")])), Ok(Target::Default)));
        assert!(matches!(Target::from_params(&p(&[("graph", "http://example.com/g")])), Ok(Target::Named(_))));
        assert!(Target::from_params(&p(&[])).is_err());
        assert!(Target::from_params(&p(&[("graph", "not an iri")])).is_err());
        assert!(Target::from_params(&p(&[("graph", "http://example.com/g"), ("default", "")])).is_err());
    }
}

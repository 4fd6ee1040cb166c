//! `pactgraph push`: copies the store's named graphs (every document, the ontology and the
//! tallies) to an external triplestore, for the stores that scale past one machine (Amazon
//! Neptune, Stardog, GraphDB, Virtuoso's cluster), with the standard protocols only.
//!
//! Each graph goes with the SPARQL 1.1 Graph Store HTTP Protocol (`PUT ?graph=IRI`, N-Triples
//! body): idempotent, a re-run replaces a graph instead of duplicating it. Where the store
//! lacks the Graph Store Protocol (no URL given, or it answers 404, 405 or 501), the graph goes
//! with SPARQL 1.1 Update instead (`DROP SILENT GRAPH` and `INSERT DATA` in one request).
//!
//! Real stores limit requests (Virtuoso refuses an `INSERT DATA` of a few thousand triples, and
//! a Graph Store `PUT` of 400k triples fails half-stored), so a request carries at most a chunk
//! of triples, halved whenever the server refuses one as too large. A graph larger than a chunk
//! goes in pieces into a temporary graph ([`incoming_graph`]) that SPARQL 1.1 `MOVE` then puts
//! in place: no partial graph is ever visible under a graph's name. After each graph the
//! server's count of its triples must equal the local one, and its content hash is recorded in
//! the local store (a small graph per target), so `--since` sends only graphs changed since the
//! last push to that target and a push cut off half-way resumes where it stopped.
//!
//! Does not: delete remote graphs that were deleted locally, or sign requests (Neptune with
//! IAM authentication needs a signing proxy; basic, digest and bearer authentication are
//! built in).
//!
//! HTTP client: `ureq`, a small blocking client (the store API is blocking, so an async
//! client would only add a runtime), with rustls for HTTPS endpoints and nothing else.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::Write;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, QuadRef, Term};

use crate::error::{Error, Result};
use crate::rdf::vocab::{pg, std_terms};
use crate::store::Store;
use crate::text::stable_hash;

/// Where the graphs of a push-state record live: one graph per target.
pub const STATE_GRAPH_NS: &str = "https://w3id.org/pactgraph/graph/pushed/";

/// How to authenticate to the target store.
#[derive(Debug, Clone)]
pub enum Auth {
    /// No `Authorization` header.
    None,
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// HTTP digest authentication (Virtuoso's `/sparql-auth` and `/sparql-graph-crud-auth`):
    /// the first request is answered 401 with a challenge, and every request after it carries
    /// the response to that challenge (a new challenge when the server makes the nonce stale).
    Digest {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// A bearer token (OAuth 2.0, Stardog and GraphDB tokens).
    Bearer(String),
}

/// What to push where.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The SPARQL 1.1 Update endpoint (used when the Graph Store Protocol is missing, and for
    /// `MOVE` of a graph sent in pieces).
    pub endpoint: String,
    /// The Graph Store Protocol URL; without one, SPARQL Update is used.
    pub graph_store: Option<String>,
    /// The SPARQL query endpoint that counts each graph after the push; without one it is
    /// derived from `endpoint` by [`query_endpoint_for`].
    pub query_endpoint: Option<String>,
    /// Credentials.
    pub auth: Auth,
    /// Push only graphs whose content changed since the last push to this target.
    pub since: bool,
    /// Triples per request at first; halved whenever the server refuses a request as too
    /// large (and kept halved for the rest of the push).
    pub chunk: usize,
    /// Longest time one HTTP request may take.
    pub timeout: Duration,
}

/// How one graph travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Graph Store Protocol `PUT` (and `POST` of further pieces).
    GraphStore,
    /// SPARQL Update `DROP` + `INSERT DATA`.
    Update,
    /// Unchanged since the last push (`--since`): not sent.
    Skipped,
}

/// The outcome for one graph.
#[derive(Debug, Clone)]
pub struct Pushed {
    /// The graph IRI.
    pub graph: String,
    /// Its triples (counted again on the server after the push: the same number).
    pub triples: usize,
    /// How it went.
    pub method: Method,
    /// Requests that carried triples (more than one: the graph went in pieces through a
    /// temporary graph).
    pub pieces: usize,
    /// Triples per request when the graph was sent (lower than `--chunk` once the server has
    /// refused a request as too large).
    pub chunk: usize,
}

/// The SPARQL query endpoint beside an Update endpoint: `.../update` becomes `.../query`
/// (oxigraph server, Fuseki, Stardog), GraphDB's `.../statements` becomes the repository URL,
/// and any other URL (Virtuoso's `/sparql`, Neptune's `/sparql`) answers queries itself.
pub fn query_endpoint_for(update: &str) -> String {
    if let Some(base) = update.strip_suffix("/update") {
        format!("{base}/query")
    } else if let Some(base) = update.strip_suffix("/statements") {
        base.to_string()
    } else {
        update.to_string()
    }
}

/// The temporary graph a graph too large for one request is loaded into before it is moved
/// into place (SPARQL 1.1 `MOVE`), so that no partial graph is ever visible under its name.
pub fn incoming_graph(graph: &str) -> String {
    format!("{INCOMING_GRAPH_NS}{:016x}", stable_hash(&[graph]))
}

/// Where [`incoming_graph`]s live on the target.
pub const INCOMING_GRAPH_NS: &str = "https://w3id.org/pactgraph/graph/incoming/";

/// The named graphs a push sends: all of the store's, except push-state records; sorted.
pub fn graphs_to_push(store: &Store) -> Result<Vec<NamedNode>> {
    let mut graphs = Vec::new();
    for g in store.oxigraph().named_graphs() {
        let g = g.map_err(|e| storage(store, e))?;
        if let NamedOrBlankNode::NamedNode(n) = g {
            if !n.as_str().starts_with(STATE_GRAPH_NS) {
                graphs.push(n);
            }
        }
    }
    graphs.sort();
    Ok(graphs)
}

/// Pushes every graph of `store` to the target; `progress` is called after each graph.
/// Each graph is counted on the server once sent: a count other than the local one is an
/// error. Stops at the first failure, with the graphs pushed so far recorded for `--since`.
pub fn push(store: &Store, options: &PushOptions, mut progress: impl FnMut(&Pushed)) -> Result<Vec<Pushed>> {
    let target = options.graph_store.as_deref().unwrap_or(&options.endpoint);
    let state = NamedNode::new_unchecked(format!("{STATE_GRAPH_NS}{:016x}", stable_hash(&[target])));
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder().timeout_global(Some(options.timeout)).http_status_as_error(false).build(),
    );
    let client = Client { agent, options, chunk: Cell::new(options.chunk.max(1)), challenge: RefCell::new(None) };
    let mut use_gsp = options.graph_store.is_some();
    let mut done = Vec::new();
    for graph in graphs_to_push(store)? {
        let hash = hash_in(store, graph.as_ref(), graph.as_ref())?;
        if options.since && hash.is_some() && hash == hash_in(store, graph.as_ref(), state.as_ref())? {
            let p = Pushed {
                graph: graph.as_str().to_string(),
                triples: 0,
                method: Method::Skipped,
                pieces: 0,
                chunk: client.chunk.get(),
            };
            progress(&p);
            done.push(p);
            continue;
        }
        let (body, _) = ntriples(store, graph.as_ref())?;
        let text = String::from_utf8_lossy(&body);
        let units = units(&text);
        let triples = units.iter().map(Vec::len).sum();
        let mut method = if use_gsp { Method::GraphStore } else { Method::Update };
        let pieces = match client.send_graph(graph.as_str(), &units, triples, method) {
            Err(Fail::NoGraphStore) => {
                // the store lacks the Graph Store Protocol there: SPARQL Update from now on
                use_gsp = false;
                method = Method::Update;
                client.send_graph(graph.as_str(), &units, triples, method)
            }
            other => other,
        }
        .map_err(|f| f.into_error(graph.as_str()))?;
        client.verify(graph.as_str(), triples)?;
        record(store, state.as_ref(), target, graph.as_ref(), hash.as_deref())?;
        let p = Pushed { graph: graph.as_str().to_string(), triples, method, pieces, chunk: client.chunk.get() };
        progress(&p);
        done.push(p);
    }
    store.flush()?;
    Ok(done)
}

/// Why a request did not go through.
enum Fail {
    /// The server refused the request as too large: worth retrying smaller.
    TooLarge(Error),
    /// The Graph Store URL is not one (404, 405 or 501).
    NoGraphStore,
    /// Anything else.
    Other(Error),
}

impl Fail {
    fn into_error(self, graph: &str) -> Error {
        match self {
            Fail::TooLarge(e) | Fail::Other(e) => e,
            // only returned for Graph Store requests, handled by the caller
            Fail::NoGraphStore => remote("", graph, "the Graph Store Protocol URL answers 404, 405 or 501".into()),
        }
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Other(e)
    }
}

struct Client<'a> {
    agent: ureq::Agent,
    options: &'a PushOptions,
    /// Triples per request now (halved on each refusal as too large).
    chunk: Cell<usize>,
    /// The last digest challenge (with its nonce count), for `Auth::Digest`.
    challenge: RefCell<Option<digest_auth::WwwAuthenticateHeader>>,
}

impl Client<'_> {
    /// Sends a graph given as units (a triple, or the triples that share blank nodes: a blank
    /// node is the same node only within one request); returns the number of requests that
    /// carried triples. A graph that fits in one request replaces the remote graph in that
    /// request. A larger one, or one refused as too large, goes in pieces into a temporary
    /// graph, which then replaces the remote graph with `MOVE`: a push cut off half-way
    /// leaves the earlier version (or nothing) under the graph's name, never part of it.
    fn send_graph(&self, graph: &str, units: &[Vec<&str>], triples: usize, method: Method) -> Result<usize, Fail> {
        if triples <= self.chunk.get() {
            match self.piece(graph, graph, units, true, method) {
                Ok(()) => return Ok(1),
                Err(Fail::TooLarge(e)) if units.len() > 1 => self.shrink(triples, e)?,
                Err(f) => return Err(f),
            }
        }
        let temp = incoming_graph(graph);
        let mut rest = units;
        let mut pieces = 0;
        while !rest.is_empty() {
            let mut take = 0;
            let mut size = 0;
            for u in rest {
                if take > 0 && size + u.len() > self.chunk.get() {
                    break;
                }
                take += 1;
                size += u.len();
            }
            match self.piece(graph, &temp, &rest[..take], pieces == 0, method) {
                Ok(()) => {
                    rest = &rest[take..];
                    pieces += 1;
                }
                Err(Fail::TooLarge(e)) if take > 1 => self.shrink(size, e)?,
                Err(f) => return Err(f),
            }
        }
        let moved = format!("MOVE GRAPH <{temp}> TO GRAPH <{graph}>");
        self.update(graph, moved.as_bytes())?;
        Ok(pieces)
    }

    /// Halves the chunk size below `refused` triples; an error when it cannot get smaller.
    fn shrink(&self, refused: usize, e: Error) -> Result<(), Fail> {
        if refused <= 1 {
            return Err(Fail::Other(e));
        }
        self.chunk.set((refused / 2).max(1));
        Ok(())
    }

    /// One request with `units` for `target` (the graph, or its temporary graph): the first
    /// replaces what `target` held (`PUT`, or `DROP SILENT GRAPH` before `INSERT DATA`).
    fn piece(&self, graph: &str, target: &str, units: &[Vec<&str>], first: bool, method: Method) -> Result<(), Fail> {
        let mut body = String::new();
        if method == Method::GraphStore {
            for l in units.iter().flatten() {
                body.push_str(l);
                body.push('\n');
            }
            let base = self.options.graph_store.as_deref().unwrap_or_default();
            let sep = if base.contains('?') { '&' } else { '?' };
            let url =
                format!("{base}{sep}graph={}", form_urlencoded::byte_serialize(target.as_bytes()).collect::<String>());
            let verb = if first { "PUT" } else { "POST" };
            let response = self.send(verb, &url, graph, "application/n-triples", None, body.as_bytes())?;
            return match response.status().as_u16() {
                200..=299 => Ok(()),
                404 | 405 | 501 => Err(Fail::NoGraphStore),
                _ => Err(refusal(&url, graph, response)),
            };
        }
        if first {
            body.push_str(&format!("DROP SILENT GRAPH <{target}> ;\n"));
        }
        if units.is_empty() {
            body.push_str(&format!("CREATE SILENT GRAPH <{target}>"));
        } else {
            // blank nodes: `INSERT { ... } WHERE {}` (one solution, so one fresh node per
            // label, as a load would make), because Virtuoso refuses blank nodes in the
            // "constant clause" of INSERT DATA
            let blank = units.iter().flatten().any(|l| blank_labels(l).iter().any(Option::is_some));
            body.push_str(&format!("INSERT {}{{ GRAPH <{target}> {{\n", if blank { "" } else { "DATA " }));
            for l in units.iter().flatten() {
                body.push_str(l);
                body.push('\n');
            }
            body.push_str(if blank { "} } WHERE {}" } else { "} }" });
        }
        self.update(graph, body.as_bytes())
    }

    fn update(&self, graph: &str, update: &[u8]) -> Result<(), Fail> {
        let url = &self.options.endpoint;
        let response = self.send("POST", url, graph, "application/sparql-update", None, update)?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            _ => Err(refusal(url, graph, response)),
        }
    }

    /// Counts the triples of `graph` on the server: an error unless there are `expected`.
    fn verify(&self, graph: &str, expected: usize) -> Result<()> {
        let url = self.options.query_endpoint.clone().unwrap_or_else(|| query_endpoint_for(&self.options.endpoint));
        let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
        let form: String = form_urlencoded::Serializer::new(String::new()).append_pair("query", &query).finish();
        let mut response = self.send(
            "POST",
            &url,
            graph,
            "application/x-www-form-urlencoded",
            Some("application/sparql-results+json"),
            form.as_bytes(),
        )?;
        if !response.status().is_success() {
            return Err(status_error(&url, graph, response));
        }
        let text = response.body_mut().read_to_string().map_err(|e| remote(&url, graph, e.to_string()))?;
        let count = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["results"]["bindings"][0]["n"]["value"].as_str().and_then(|n| n.parse::<usize>().ok()));
        match count {
            Some(n) if n == expected => Ok(()),
            Some(n) => Err(remote(
                &url,
                graph,
                format!("verification failed: the server holds {n} triples in the graph, the local store {expected}"),
            )),
            None => Err(remote(
                &url,
                graph,
                format!(
                    "verification failed: no count in the answer to the query endpoint (set --query-endpoint): {}",
                    text.chars().take(300).collect::<String>()
                ),
            )),
        }
    }

    /// Sends one request with the credentials; with digest authentication, answers a 401
    /// challenge once and keeps the challenge for the next requests.
    fn send(
        &self,
        verb: &str,
        url: &str,
        graph: &str,
        content_type: &str,
        accept: Option<&str>,
        body: &[u8],
    ) -> Result<ureq::http::Response<ureq::Body>> {
        let build = |authorization: Option<String>| {
            let mut r = ureq::http::Request::builder().method(verb).uri(url).header("Content-Type", content_type);
            if let Some(a) = accept {
                r = r.header("Accept", a);
            }
            if let Some(a) = authorization {
                r = r.header("Authorization", a);
            }
            r.body(body).map_err(|e| remote(url, graph, e.to_string()))
        };
        let run = |authorization: Option<String>| {
            self.agent.run(build(authorization)?).map_err(|e| remote(url, graph, e.to_string()))
        };
        match &self.options.auth {
            Auth::None => run(None),
            Auth::Basic { user, password } => {
                use base64::Engine;
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                run(Some(format!("Basic {token}")))
            }
            Auth::Bearer(token) => run(Some(format!("Bearer {token}"))),
            Auth::Digest { user, password } => {
                let path = request_target(url);
                let answer = |challenge: &mut digest_auth::WwwAuthenticateHeader| {
                    let context = digest_auth::AuthContext::new_with_method(
                        user.as_str(),
                        password.as_str(),
                        path.as_str(),
                        Some(body),
                        digest_auth::HttpMethod::from(verb),
                    );
                    challenge
                        .respond(&context)
                        .map(|h| h.to_header_string())
                        .map_err(|e| remote(url, graph, format!("cannot answer the server's digest challenge: {e}")))
                };
                let known = self.challenge.borrow_mut().as_mut().map(&answer).transpose()?;
                let response = run(known)?;
                if response.status().as_u16() != 401 {
                    return Ok(response);
                }
                let header = response
                    .headers()
                    .get_all("WWW-Authenticate")
                    .iter()
                    .filter_map(|h| h.to_str().ok())
                    .find(|h| h.trim_start().to_ascii_lowercase().starts_with("digest"))
                    .map(str::to_string);
                let Some(header) = header else { return Ok(response) };
                let mut challenge = digest_auth::parse(&header)
                    .map_err(|e| remote(url, graph, format!("unreadable digest challenge {header:?}: {e}")))?;
                let authorization = answer(&mut challenge)?;
                *self.challenge.borrow_mut() = Some(challenge);
                run(Some(authorization))
            }
        }
    }
}

/// The path and query of a URL (what HTTP digest authentication hashes as the URI).
fn request_target(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// A graph's N-Triples lines grouped into units that must travel in one request: each triple
/// alone, except triples linked by blank nodes, which stay together (in first-seen order).
fn units(ntriples: &str) -> Vec<Vec<&str>> {
    let lines: Vec<&str> = ntriples.lines().filter(|l| !l.trim().is_empty()).collect();
    // union-find over the lines, joined through the blank node labels they share
    let mut parent: Vec<usize> = (0..lines.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_with: HashMap<&str, usize> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        for label in blank_labels(l).into_iter().flatten() {
            let j = *first_with.entry(label).or_insert(i);
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut slot: HashMap<usize, usize> = HashMap::new();
    let mut out: Vec<Vec<&str>> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let root = find(&mut parent, i);
        let k = *slot.entry(root).or_insert_with(|| {
            out.push(Vec::new());
            out.len() - 1
        });
        out[k].push(l);
    }
    out
}

/// The blank node labels of an N-Triples line: of the subject and of the object.
fn blank_labels(line: &str) -> [Option<&str>; 2] {
    let subject = line.split(' ').next().filter(|s| s.starts_with("_:"));
    let object = line
        .trim_end()
        .strip_suffix('.')
        .map(str::trim_end)
        .and_then(|head| head.rsplit(' ').next())
        .filter(|o| o.starts_with("_:") && !o.contains(['"', '<', '>']));
    [subject, object]
}

fn remote(url: &str, graph: &str, message: String) -> Error {
    Error::Push { url: url.to_string(), graph: graph.to_string(), message }
}

/// A refused request: [`Fail::TooLarge`] when the server says the request is too large (413,
/// or a 400 or 500 whose message says so, as Virtuoso's "The length of generated SQL text has
/// exceeded 10000 lines of code" does), [`Fail::Other`] otherwise.
fn refusal(url: &str, graph: &str, mut response: ureq::http::Response<ureq::Body>) -> Fail {
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    let lower = body.to_ascii_lowercase();
    let too_large = status == 413
        || (matches!(status, 400 | 500 | 503)
            && ["has exceeded", "too large", "too long", "too big", "out of memory", "memory limit"]
                .iter()
                .any(|w| lower.contains(w)));
    let e = remote(url, graph, message(status, &body));
    if too_large { Fail::TooLarge(e) } else { Fail::Other(e) }
}

fn status_error(url: &str, graph: &str, mut response: ureq::http::Response<ureq::Body>) -> Error {
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    remote(url, graph, message(status, &body))
}

fn message(status: u16, body: &str) -> String {
    let body: String = body.trim().chars().take(300).collect();
    let hint = match status {
        401 | 403 => " (check --auth and the credentials)",
        _ => "",
    };
    format!("the server answered {status}{hint}: {body}")
}

/// A graph as N-Triples, and its number of triples.
fn ntriples(store: &Store, graph: NamedNodeRef<'_>) -> Result<(Vec<u8>, usize)> {
    let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    let mut n = 0;
    for q in store.oxigraph().quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph))) {
        let q = q.map_err(|e| storage(store, e))?;
        w.serialize_triple(oxigraph::model::TripleRef::new(&q.subject, &q.predicate, &q.object))?;
        n += 1;
    }
    let mut body = w.finish()?;
    body.flush()?;
    Ok((body, n))
}

/// The content hash a graph carries (`pg:contentHash` of the document, or of the ontology
/// graph), if any.
/// The `pg:contentHash` stated about `subject` in graph `graph`: a document's own hash when
/// both are the document, the hash last pushed when `graph` is a target's state graph.
fn hash_in(store: &Store, subject: NamedNodeRef<'_>, graph: NamedNodeRef<'_>) -> Result<Option<String>> {
    let first = store
        .oxigraph()
        .quads_for_pattern(Some(subject.into()), Some(pg::CONTENT_HASH), None, Some(GraphNameRef::NamedNode(graph)))
        .next()
        .transpose()
        .map_err(|e| storage(store, e))?;
    Ok(first.and_then(|q| match q.object {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }))
}

/// Records that `graph` (with `hash`) reached the target: `<graph> pg:contentHash "hash"` in
/// the target's state graph, labelled with the target URL.
fn record(
    store: &Store,
    state: NamedNodeRef<'_>,
    target: &str,
    graph: NamedNodeRef<'_>,
    hash: Option<&str>,
) -> Result<()> {
    let o = store.oxigraph();
    let g = GraphNameRef::NamedNode(state);
    let mut tx = o.start_transaction().map_err(|e| storage(store, e))?;
    let old: Vec<_> = tx
        .quads_for_pattern(Some(graph.into()), Some(pg::CONTENT_HASH), None, Some(g))
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| storage(store, e))?;
    for q in &old {
        tx.remove(q);
    }
    let label = Literal::new_simple_literal(format!("pactgraph push state for {target}"));
    tx.insert(QuadRef::new(state, std_terms::RDFS_LABEL, &label, g));
    if let Some(h) = hash {
        let h = Literal::new_simple_literal(h);
        tx.insert(QuadRef::new(graph, pg::CONTENT_HASH, &h, g));
    }
    tx.commit().map_err(|e| storage(store, e))?;
    Ok(())
}

fn storage(store: &Store, e: impl std::fmt::Display) -> Error {
    Error::QueryEvaluation(format!("store {}: {e}", store.path().display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_nodes_are_found_as_subject_or_object() {
        assert_eq!(blank_labels("_:b1 <http://e/p> <http://e/o> ."), [Some("_:b1"), None]);
        assert_eq!(blank_labels("<http://e/s> <http://e/p> _:b2 ."), [None, Some("_:b2")]);
        assert_eq!(blank_labels("<http://e/s> <http://e/p> \"a _:b\" ."), [None, None]);
        assert_eq!(blank_labels("<http://e/s> <http://e/p> \"a _:b\"@en ."), [None, None]);
        assert_eq!(
            blank_labels("<http://e/s> <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> ."),
            [None, None]
        );
    }

    #[test]
    fn triples_linked_by_blank_nodes_travel_together() {
        let nt = "<http://e/a> <http://e/p> _:x .\n<http://e/b> <http://e/p> <http://e/c> .\n\
                  _:y <http://e/p> \"v\" .\n_:x <http://e/q> _:y .\n";
        let u = units(nt);
        assert_eq!(u.len(), 2, "{u:?}");
        assert_eq!(u[0].len(), 3);
        assert_eq!(u[1], vec!["<http://e/b> <http://e/p> <http://e/c> ."]);
    }

    #[test]
    fn query_endpoints_beside_update_endpoints() {
        assert_eq!(query_endpoint_for("http://h:7878/update"), "http://h:7878/query");
        assert_eq!(query_endpoint_for("http://h:7200/repositories/r/statements"), "http://h:7200/repositories/r");
        assert_eq!(query_endpoint_for("http://h:8890/sparql"), "http://h:8890/sparql");
        assert_eq!(request_target("http://h:8890/sparql-auth?x=1"), "/sparql-auth?x=1");
        assert_eq!(request_target("http://h:8890"), "/");
    }
}

//! `pactgraph push`: copies the store's named graphs (every document and the ontology) to an
//! external triplestore, for the stores that scale past one machine (Amazon Neptune, Stardog,
//! GraphDB, Virtuoso's cluster), with the standard protocols only.
//!
//! Each graph goes with the SPARQL 1.1 Graph Store HTTP Protocol (`PUT ?graph=IRI`, N-Triples
//! body): idempotent, a re-run replaces a graph instead of duplicating it. Where the store
//! lacks the Graph Store Protocol (no URL given, or it answers 404, 405 or 501), the graph goes
//! with SPARQL 1.1 Update instead: `DROP SILENT GRAPH` then `INSERT DATA` in chunks, the drop
//! sent with the first chunk. After each graph, its content hash is recorded in the local
//! store (a small graph per target), so `--since` sends only graphs changed since the last
//! push to that target and a push cut off half-way resumes where it stopped.
//!
//! Does not: delete remote graphs that were deleted locally, or sign requests (Neptune with
//! IAM authentication needs a signing proxy; basic and bearer authentication are built in).
//!
//! HTTP client: `ureq`, a small blocking client (the store API is blocking, so an async
//! client would only add a runtime), with rustls for HTTPS endpoints and nothing else.

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
    /// A bearer token (OAuth 2.0, Stardog and GraphDB tokens).
    Bearer(String),
}

/// What to push where.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// The SPARQL 1.1 Update endpoint (used when the Graph Store Protocol is missing).
    pub endpoint: String,
    /// The Graph Store Protocol URL; without one, SPARQL Update is used.
    pub graph_store: Option<String>,
    /// Credentials.
    pub auth: Auth,
    /// Push only graphs whose content changed since the last push to this target.
    pub since: bool,
    /// Triples per `INSERT DATA` request.
    pub chunk: usize,
    /// Longest time one HTTP request may take.
    pub timeout: Duration,
}

/// How one graph travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Graph Store Protocol `PUT`.
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
    /// Its triples.
    pub triples: usize,
    /// How it went.
    pub method: Method,
}

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
/// Stops at the first failure, with the graphs pushed so far recorded for `--since`.
pub fn push(store: &Store, options: &PushOptions, mut progress: impl FnMut(&Pushed)) -> Result<Vec<Pushed>> {
    let target = options.graph_store.as_deref().unwrap_or(&options.endpoint);
    let state = NamedNode::new_unchecked(format!("{STATE_GRAPH_NS}{:016x}", stable_hash(&[target])));
    let agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder().timeout_global(Some(options.timeout)).http_status_as_error(false).build(),
    );
    let client = Client { agent, options };
    let mut use_gsp = options.graph_store.is_some();
    let mut done = Vec::new();
    for graph in graphs_to_push(store)? {
        let hash = hash_in(store, graph.as_ref(), graph.as_ref())?;
        if options.since && hash.is_some() && hash == hash_in(store, graph.as_ref(), state.as_ref())? {
            let p = Pushed { graph: graph.as_str().to_string(), triples: 0, method: Method::Skipped };
            progress(&p);
            done.push(p);
            continue;
        }
        let (body, triples) = ntriples(store, graph.as_ref())?;
        let mut method = Method::Update;
        if use_gsp {
            if client.put_graph(graph.as_str(), &body)? {
                method = Method::GraphStore;
            } else {
                // the store lacks the Graph Store Protocol: SPARQL Update from now on
                use_gsp = false;
            }
        }
        if method == Method::Update {
            client.replace_with_update(graph.as_str(), &body)?;
        }
        record(store, state.as_ref(), target, graph.as_ref(), hash.as_deref())?;
        let p = Pushed { graph: graph.as_str().to_string(), triples, method };
        progress(&p);
        done.push(p);
    }
    store.flush()?;
    Ok(done)
}

struct Client<'a> {
    agent: ureq::Agent,
    options: &'a PushOptions,
}

impl Client<'_> {
    /// `PUT`s a graph; false when the server does not do the Graph Store Protocol there.
    fn put_graph(&self, graph: &str, body: &[u8]) -> Result<bool> {
        let base = self.options.graph_store.as_deref().unwrap_or_default();
        let sep = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{sep}graph={}", form_urlencoded::byte_serialize(graph.as_bytes()).collect::<String>());
        let request = self.authorize(self.agent.put(&url)).content_type("application/n-triples");
        let response = request.send(body).map_err(|e| remote(&url, graph, e.to_string()))?;
        match response.status().as_u16() {
            200..=299 => Ok(true),
            404 | 405 | 501 => Ok(false),
            _ => Err(status_error(&url, graph, response)),
        }
    }

    /// Replaces a graph with SPARQL Update: `DROP SILENT GRAPH` and the first chunk of
    /// `INSERT DATA` in one request, then the other chunks. A blank node is only the same node
    /// within one request, so every triple with a blank node goes in the first chunk.
    fn replace_with_update(&self, graph: &str, ntriples: &[u8]) -> Result<()> {
        let text = String::from_utf8_lossy(ntriples);
        let (mut lines, plain): (Vec<&str>, Vec<&str>) =
            text.lines().filter(|l| !l.trim().is_empty()).partition(|l| has_blank_node(l));
        let first_len = lines.len() + self.options.chunk.max(1);
        lines.extend(plain);
        let mut rest = lines.as_slice();
        let mut first = true;
        loop {
            let take = if first { first_len } else { self.options.chunk.max(1) }.min(rest.len());
            let (chunk, tail) = rest.split_at(take);
            rest = tail;
            let mut u = String::new();
            if first {
                u.push_str(&format!("DROP SILENT GRAPH <{graph}> ;\n"));
            }
            if chunk.is_empty() && first {
                u.push_str(&format!("CREATE SILENT GRAPH <{graph}>"));
            } else {
                u.push_str(&format!("INSERT DATA {{ GRAPH <{graph}> {{\n"));
                for l in chunk {
                    u.push_str(l);
                    u.push('\n');
                }
                u.push_str("} }");
            }
            self.update(graph, u)?;
            first = false;
            if rest.is_empty() {
                return Ok(());
            }
        }
    }

    fn update(&self, graph: &str, update: String) -> Result<()> {
        let url = &self.options.endpoint;
        let request = self.authorize(self.agent.post(url)).content_type("application/sparql-update");
        let response = request.send(update.as_bytes()).map_err(|e| remote(url, graph, e.to_string()))?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            _ => Err(status_error(url, graph, response)),
        }
    }

    fn authorize<B>(&self, request: ureq::RequestBuilder<B>) -> ureq::RequestBuilder<B> {
        match &self.options.auth {
            Auth::None => request,
            Auth::Basic { user, password } => {
                use base64::Engine;
                let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                request.header("Authorization", format!("Basic {token}"))
            }
            Auth::Bearer(token) => request.header("Authorization", format!("Bearer {token}")),
        }
    }
}

/// Whether an N-Triples line has a blank node (as subject or object: `_:` outside a literal).
fn has_blank_node(line: &str) -> bool {
    line.starts_with("_:")
        || line
            .rsplit_once(' ')
            .is_some_and(|(head, _)| head.trim_end().rsplit(' ').next().is_some_and(|o| o.starts_with("_:")))
}

fn remote(url: &str, graph: &str, message: String) -> Error {
    Error::Push { url: url.to_string(), graph: graph.to_string(), message }
}

fn status_error(url: &str, graph: &str, mut response: ureq::http::Response<ureq::Body>) -> Error {
    let status = response.status();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    let body: String = body.trim().chars().take(300).collect();
    let hint = match status.as_u16() {
        401 | 403 => " (check --auth and the credentials)",
        _ => "",
    };
    remote(url, graph, format!("the server answered {status}{hint}: {body}"))
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
        assert!(has_blank_node("_:b1 <http://e/p> <http://e/o> ."));
        assert!(has_blank_node("<http://e/s> <http://e/p> _:b2 ."));
        assert!(!has_blank_node("<http://e/s> <http://e/p> \"a\" ."));
        assert!(!has_blank_node("<http://e/s> <http://e/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> ."));
    }
}

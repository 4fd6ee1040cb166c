//! The browser view of `pactgraph serve`: HTML pages over the store for people who do not
//! write SPARQL.
//!
//! Pages, one module each: `/` the corpus at a glance ([`overview`]), `/entity?iri=` a
//! person, organisation or place ([`entity`], with its ego graph from [`graph`]),
//! `/proposal?iri=` every actor's stance on a proposal over time ([`proposal`]),
//! `/document?iri=` an article with its mentions highlighted and its stances underlined
//! ([`document`]), `/queries` a query form with the example queries ([`query`]). Every fact
//! links to its evidence: `/document?iri=DOC#char=B,E` is the sentence or mention at code
//! points `B..E` of the document (highlighted through CSS `:target`), the fragment of its NIF
//! IRI in the store; `/stance?iri=` leads to a stance's evidence sentence.
//!
//! Reads the store through SPARQL: [`crate::report`] for stances, timelines and the evidence
//! of an entity, [`crate::export`] for the ego graph, a few queries of its own for the rest.
//! HTML comes from [`maud`] templates, which escape every interpolated value (article text is
//! untrusted input); responses also carry a Content-Security-Policy that allows no script and
//! nothing from another origin. The one style sheet is embedded in the binary and served from
//! `/assets/style.css`; no page needs JavaScript, and none is fetched from anywhere.
//!
//! Does not: write to the store, or speak HTTP ([`crate::serve`] routes requests here and
//! turns a [`Reply`] into a response).

pub mod document;
pub mod entity;
pub mod graph;
pub mod overview;
pub mod proposal;
pub mod query;
pub mod status;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use maud::{DOCTYPE, Markup, html};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QuerySolution;

use crate::error::{Error, Result};
use crate::query::PREFIXES;
use crate::rdf::vocab::STANCE_NS;
use crate::report::StanceRow;
use crate::serve::QueryThreads;
use crate::store::Store;

/// The style sheet of every page.
const STYLE: &str = include_str!("style.css");

/// The security policy of every page: nothing from another origin, no script at all, images
/// only from this server or inline (the ego graph is an inline SVG image).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// An answer for the HTTP layer.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Media type of the body.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// Cache for a day (static assets).
    pub cacheable: bool,
    /// For a redirect (303), where to.
    pub location: Option<String>,
}

impl Reply {
    fn html(status: u16, page: Markup) -> Self {
        Self {
            status,
            content_type: "text/html; charset=utf-8",
            body: page.into_string().into_bytes(),
            cacheable: false,
            location: None,
        }
    }

    /// A redirect (303 See Other) to `to`.
    fn redirect(to: String) -> Self {
        Self {
            status: 303,
            content_type: "text/plain; charset=utf-8",
            body: format!("see {to}\n").into_bytes(),
            cacheable: false,
            location: Some(to),
        }
    }

    /// Whether the body is an HTML page (it then takes [`CONTENT_SECURITY_POLICY`]).
    pub fn is_html(&self) -> bool {
        self.content_type.starts_with("text/html")
    }
}

/// How the pages behave.
#[derive(Debug, Clone)]
pub struct WebOptions {
    /// Longest time a query of the query page may run.
    pub timeout: Duration,
    /// Most result rows the query page shows.
    pub max_rows: usize,
    /// Keep rendered ego graphs and the views they are cut from in memory, until the next
    /// write ([`Web::invalidate`]).
    pub cache_graphs: bool,
}

/// The browser view over one store.
pub struct Web {
    store: Store,
    options: WebOptions,
    queries: QueryThreads,
    graphs: Mutex<HashMap<String, Arc<graph::EgoGraph>>>,
    views: Mutex<HashMap<&'static str, Arc<crate::export::ExportGraph>>>,
    /// Bumped by every [`Web::invalidate`]: a cache entry built before a write is not kept.
    generation: AtomicU64,
}

impl std::fmt::Debug for Web {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Web").field("options", &self.options).finish_non_exhaustive()
    }
}

/// An error page: a status and a message for the reader.
#[derive(Debug)]
pub(crate) struct PageError {
    status: u16,
    message: String,
}

impl PageError {
    fn not_found(message: impl Into<String>) -> Self {
        Self { status: 404, message: message.into() }
    }

    fn bad_request(message: impl Into<String>) -> Self {
        Self { status: 400, message: message.into() }
    }
}

impl From<Error> for PageError {
    fn from(e: Error) -> Self {
        match e {
            Error::UnknownTerm { .. } => Self::not_found(e.to_string()),
            e => Self { status: 500, message: e.to_string() },
        }
    }
}

type PageResult = std::result::Result<Markup, PageError>;

impl Web {
    /// The pages over `store`.
    pub fn new(store: Store, options: WebOptions) -> Self {
        Self {
            store,
            options,
            queries: QueryThreads::for_this_machine(),
            graphs: Mutex::new(HashMap::new()),
            views: Mutex::new(HashMap::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// Forgets every cached graph and view: called after each write to the store, so that
    /// the pages follow it (the next page rebuilds what it needs).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut c) = self.graphs.lock() {
            c.clear();
        }
        if let Ok(mut c) = self.views.lock() {
            c.clear();
        }
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The same pages, running the query form's queries on `queries` (shared with the
    /// endpoint, so that the bounds on runaway queries hold for both).
    pub(crate) fn sharing_query_threads(self, queries: QueryThreads) -> Self {
        Self { queries, ..self }
    }

    /// Builds what every ego graph is cut from (the `stances` and `places` views), so the first
    /// entity page need not wait for it. Does nothing when graphs are not cached.
    pub fn warm(&self) {
        if self.options.cache_graphs {
            for v in [crate::export::View::Stances, crate::export::View::Places] {
                if let Err(e) = graph::view(self, v) {
                    eprintln!("warning: building the {} view for the pages: {e}", v.as_str());
                }
            }
        }
    }

    /// Whether `path` is one of the pages or assets.
    pub fn serves(path: &str) -> bool {
        matches!(path, "/" | "/entity" | "/proposal" | "/document" | "/stance" | "/queries" | "/assets/style.css")
    }

    /// Answers a GET (or a form POST on `/queries`) for `path` with its URL or form `params`.
    pub fn handle(&self, path: &str, params: &[(String, String)]) -> Reply {
        if path == "/assets/style.css" {
            return Reply {
                status: 200,
                content_type: "text/css; charset=utf-8",
                body: STYLE.as_bytes().to_vec(),
                cacheable: true,
                location: None,
            };
        }
        let param = |k: &str| params.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
        let page = match path {
            "/" => overview::page(self),
            "/entity" => match iri_param(param("iri")) {
                Ok(iri) if entity::is_proposal(&self.store, &iri).unwrap_or(false) => {
                    return Reply::redirect(proposal_href(iri.as_str()));
                }
                Ok(iri) => entity::page(self, &iri),
                Err(e) => Err(e),
            },
            "/proposal" => iri_param(param("iri")).and_then(|iri| proposal::page(self, &iri)),
            "/stance" => match iri_param(param("iri")).and_then(|iri| self.stance_evidence(&iri)) {
                Ok(to) => return Reply::redirect(to),
                Err(e) => Err(e),
            },
            "/document" => iri_param(param("iri")).and_then(|iri| document::page(self, &iri)),
            "/queries" => query::page(self, param("query"), param("example")),
            _ => Err(PageError::not_found(format!("no page {path}"))),
        };
        match page {
            Ok(markup) => Reply::html(200, markup),
            Err(e) => Reply::html(
                e.status,
                layout(
                    "Not shown",
                    html! {
                        h1 { (if e.status == 404 { "Not found" } else if e.status == 400 { "Bad request" } else { "Error" }) }
                        p.error { (e.message) }
                        p { a href="/" { "Back to the overview" } }
                    },
                ),
            ),
        }
    }
}

impl Web {
    /// Where the evidence of the stance `iri` is shown: its sentence in its document.
    fn stance_evidence(&self, iri: &NamedNode) -> std::result::Result<String, PageError> {
        let rows = select(
            &self.store,
            &format!(
                "SELECT ?doc ?b ?e WHERE {{ GRAPH ?doc {{ {iri} a pg:Stance }}
                   OPTIONAL {{ {iri} pg:evidence ?s . ?s nif:beginIndex ?b ; nif:endIndex ?e }} }} LIMIT 1"
            ),
        )?;
        let r = rows.first().ok_or_else(|| PageError::not_found(format!("no stance {iri} in the store")))?;
        let doc = iri_of(r, "doc").ok_or_else(|| PageError::not_found(format!("no stance {iri} in the store")))?;
        Ok(match (number(r, "b"), number(r, "e")) {
            (Some(b), Some(e)) => sentence_href(&doc, b, e),
            _ => format!("{}#{}", document_href(&doc), stance_id(iri.as_str())),
        })
    }
}

fn iri_param(value: Option<&str>) -> std::result::Result<NamedNode, PageError> {
    let v = value.ok_or_else(|| PageError::bad_request("missing the iri parameter"))?;
    NamedNode::new(v).map_err(|e| PageError::bad_request(format!("{v:?} is not an IRI: {e}")))
}

/// The page frame: head, navigation, main content, footer.
pub(crate) fn layout(title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · pactgraph" }
                link rel="stylesheet" href="/assets/style.css";
            }
            body {
                a.skip href="#main" { "Skip to the content" }
                header {
                    nav aria-label="Site" {
                        a.brand href="/" { "pactgraph" }
                        a href="/" { "Overview" }
                        a href="/queries" { "Query" }
                    }
                }
                main #main tabindex="-1" { (content) }
                footer {
                    p {
                        "SPARQL 1.1 endpoint on " code { "/query" } ", Graph Store Protocol on " code { "/store" }
                        ". Every fact links to the sentence it comes from."
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------- links

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The page of an entity (person, organisation, place).
pub(crate) fn entity_href(iri: &str) -> String {
    format!("/entity?iri={}", encode(iri))
}

/// The page of a proposal.
pub(crate) fn proposal_href(iri: &str) -> String {
    format!("/proposal?iri={}", encode(iri))
}

/// The page of a document.
pub(crate) fn document_href(iri: &str) -> String {
    format!("/document?iri={}", encode(iri))
}

/// The evidence sentence at code points `begin..end` of a document.
pub(crate) fn sentence_href(document: &str, begin: u64, end: u64) -> String {
    format!("{}#char={begin},{end}", document_href(document))
}

/// A mention at code points `begin..end` of a document.
pub(crate) fn mention_href(document: &str, begin: u64, end: u64) -> String {
    format!("{}#char={begin},{end}", document_href(document))
}

/// The HTML id of a stance in its document's stance list.
pub(crate) fn stance_id(iri: &str) -> String {
    format!("stance-{}", iri.strip_prefix(STANCE_NS).unwrap_or(iri).replace(|c: char| !c.is_ascii_alphanumeric(), "-"))
}

/// Where a stance's evidence is: its sentence when the offsets are known, else its entry in
/// the document's stance list.
pub(crate) fn evidence_href(s: &StanceRow) -> String {
    match (s.begin, s.end) {
        (Some(b), Some(e)) => sentence_href(&s.document, b, e),
        _ => format!("{}#{}", document_href(&s.document), stance_id(&s.iri)),
    }
}

// ---------------------------------------------------------------- shared pieces

/// A stance type as a badge coloured by its polarity, with hedges and negations marked.
pub(crate) fn stance_badge(s: &StanceRow) -> Markup {
    html! {
        span class={ "stance-type pol-" (s.polarity) } title=(s.polarity) { (s.stance) }
        @if s.negated { " " span.flag { "negated" } }
        @if s.hedged { " " span.flag.hedged title="reported with a hedge" { "hedged" } }
    }
}

/// The condition of a stance: a link to the proposal it depends on and the clause.
pub(crate) fn condition_cell(s: &StanceRow) -> Markup {
    html! {
        @if let Some(c) = &s.condition {
            span.condition { "if " a href=(proposal_href(&c.iri)) { (c.label) } }
        }
        @if let Some(t) = &s.condition_text {
            @if s.condition.is_some() { br; }
            q.condition-text { (t) }
        }
    }
}

/// The evidence of a stance: the sentence, linked to its place in the document, and the
/// document with its outlet.
pub(crate) fn evidence_cell(s: &StanceRow) -> Markup {
    html! {
        a.evidence href=(evidence_href(s)) {
            @match &s.evidence { Some(e) => (clip(e, 160)), None => "the sentence" }
        }
        br;
        span.source {
            a href=(document_href(&s.document)) { (s.title) }
            @if let Some(o) = &s.outlet { " (" (o) ")" }
            @if let (Some(b), Some(e)) = (s.begin, s.end) { " chars " (b) "–" (e) }
        }
    }
}

/// A table of stances: date, actor, stance, proposal, target, condition, evidence.
pub(crate) fn stance_table(caption: &str, rows: &[&StanceRow]) -> Markup {
    html! {
        div.table-wrap {
            table.stances {
                caption { (caption) }
                thead { tr {
                    th scope="col" { "Date" } th scope="col" { "Actor" } th scope="col" { "Stance" }
                    th scope="col" { "Proposal" } th scope="col" { "Target" } th scope="col" { "Condition" }
                    th scope="col" { "Evidence" }
                } }
                tbody {
                    @for s in rows {
                        tr {
                            td.date { (s.date.as_deref().unwrap_or("undated")) }
                            td { a href=(entity_href(&s.actor.iri)) { (s.actor.label) } }
                            td { (stance_badge(s)) }
                            td { a href=(proposal_href(&s.proposal.iri)) { (s.proposal.label) } }
                            td { @if let Some(t) = &s.target { a href=(entity_href(&t.iri)) { (t.label) } } }
                            td { (condition_cell(s)) }
                            td { (evidence_cell(s)) }
                        }
                    }
                }
            }
        }
    }
}

/// At most `n` characters of `s`, with an ellipsis when cut.
pub(crate) fn clip(s: &str, n: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

// ---------------------------------------------------------------- store access

/// Runs a SELECT query with the known prefixes declared.
pub(crate) fn select(store: &Store, query: &str) -> Result<Vec<QuerySolution>> {
    let prefixes: String = PREFIXES.iter().map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n")).collect();
    store.select(&format!("{prefixes}{query}"))
}

pub(crate) fn iri_of(s: &QuerySolution, var: &str) -> Option<String> {
    crate::query::iri_of(s.get(var))
}

pub(crate) fn text(s: &QuerySolution, var: &str) -> Option<String> {
    crate::query::literal_of(s.get(var))
}

pub(crate) fn number(s: &QuerySolution, var: &str) -> Option<u64> {
    text(s, var).and_then(|v| v.parse().ok())
}

/// Labels and kinds of entities, looked up for a set of IRIs.
#[derive(Debug, Default)]
pub(crate) struct EntityInfo {
    labels: HashMap<String, String>,
    kinds: HashMap<String, crate::export::NodeKind>,
}

impl EntityInfo {
    /// Looks up the preferred labels (English first) and classes of `iris`.
    pub(crate) fn load(store: &Store, iris: &[&str]) -> Result<Self> {
        let mut info = Self::default();
        let mut types: HashMap<String, Vec<String>> = HashMap::new();
        let mut ranked: HashMap<String, (u8, String)> = HashMap::new();
        for chunk in iris.chunks(500) {
            let values: String =
                chunk.iter().filter(|i| NamedNode::new(**i).is_ok()).map(|i| format!("<{i}> ")).collect();
            for s in select(store, &format!("SELECT ?x ?c WHERE {{ VALUES ?x {{ {values}}} ?x a ?c }}"))? {
                if let (Some(x), Some(c)) = (iri_of(&s, "x"), iri_of(&s, "c")) {
                    types.entry(x).or_default().push(c);
                }
            }
            for s in select(store, &format!("SELECT ?x ?l WHERE {{ VALUES ?x {{ {values}}} ?x skos:prefLabel ?l }}"))? {
                if let (Some(x), Some(Term::Literal(l))) = (iri_of(&s, "x"), s.get("l")) {
                    let rank = match l.language() {
                        Some("en") => 0,
                        None => 1,
                        Some(_) => 2,
                    };
                    let e = ranked.entry(x).or_insert((u8::MAX, String::new()));
                    if (rank, l.value()) < (e.0, e.1.as_str()) {
                        *e = (rank, l.value().to_string());
                    }
                }
            }
        }
        info.labels = ranked.into_iter().map(|(k, (_, l))| (k, l)).collect();
        info.kinds = types.into_iter().map(|(k, t)| (k, crate::export::classify(&t).0)).collect();
        Ok(info)
    }

    /// The label, or the short IRI.
    pub(crate) fn label(&self, iri: &str) -> String {
        self.labels.get(iri).cloned().unwrap_or_else(|| crate::report::short_iri(iri))
    }

    /// The kind (person, state, place, proposal...).
    pub(crate) fn kind(&self, iri: &str) -> crate::export::NodeKind {
        self.kinds.get(iri).copied().unwrap_or(crate::export::NodeKind::Other)
    }

    /// The page of the entity: a proposal's or an entity's.
    pub(crate) fn href(&self, iri: &str) -> String {
        if self.kind(iri) == crate::export::NodeKind::Proposal { proposal_href(iri) } else { entity_href(iri) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_encode_the_iri() {
        assert_eq!(
            entity_href("https://w3id.org/pactgraph/id/a b"),
            "/entity?iri=https%3A%2F%2Fw3id.org%2Fpactgraph%2Fid%2Fa+b"
        );
        assert_eq!(sentence_href("https://x.org/d", 3, 9), "/document?iri=https%3A%2F%2Fx.org%2Fd#char=3,9");
        assert_eq!(stance_id(&format!("{STANCE_NS}00ff")), "stance-00ff");
    }

    #[test]
    fn clip_cuts_at_characters() {
        assert_eq!(clip("a  b\nc", 10), "a b c");
        assert_eq!(clip("ééééé", 3), "ééé…");
    }

    #[test]
    fn templates_escape_text() {
        let evil = "<script>alert(1)</script>";
        let page = layout(evil, html! { p { (evil) } }).into_string();
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
}

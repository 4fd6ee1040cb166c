//! The query page (`/queries`): a SPARQL form with the example queries of
//! `examples/queries/` (embedded at build time) to pick from; SELECT results as a table with
//! IRIs linked to their pages, ASK as yes or no, CONSTRUCT and DESCRIBE results as a table of
//! triples and drawn as a graph (the `--construct` export, laid out by Graphviz).
//!
//! A plain HTML form (GET, so a result page can be bookmarked): no script needed. Queries run
//! over the union default graph, under the server's timeout, and show at most
//! [`super::WebOptions::max_rows`] rows.

use base64::Engine;
use maud::{Markup, html};
use oxigraph::model::Term;
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};

use super::{PageError, PageResult, Web, document_href, entity_href, layout};
use crate::rdf::vocab::{DOC_NS, ENTITY_NS, STANCE_NS};
use crate::serve::Unfinished;

/// The example queries of `examples/queries/`: (file name without `.rq`, SPARQL text). Listed
/// by hand (a build script would have to scan the directory); a test checks the list against
/// the directory.
pub const EXAMPLE_QUERIES: &[(&str, &str)] = &[
    ("co-mentioned-actors", include_str!("../../examples/queries/co-mentioned-actors.rq")),
    ("conditional-stances", include_str!("../../examples/queries/conditional-stances.rq")),
    ("people-and-roles", include_str!("../../examples/queries/people-and-roles.rq")),
    ("places-and-documents", include_str!("../../examples/queries/places-and-documents.rq")),
    ("proposal-positions", include_str!("../../examples/queries/proposal-positions.rq")),
    ("proposals-and-rejections", include_str!("../../examples/queries/proposals-and-rejections.rq")),
    ("provenance", include_str!("../../examples/queries/provenance.rq")),
    ("roles-in-articles", include_str!("../../examples/queries/roles-in-articles.rq")),
    ("stances-by-date", include_str!("../../examples/queries/stances-by-date.rq")),
    ("stances-of-actor", include_str!("../../examples/queries/stances-of-actor.rq")),
];

/// The first comment lines of an example: its description.
fn description(text: &str) -> String {
    text.lines().map_while(|l| l.strip_prefix('#')).map(str::trim).collect::<Vec<_>>().join(" ")
}

/// What a query gave.
enum Outcome {
    Table { variables: Vec<String>, rows: Vec<Vec<Option<Term>>>, truncated: bool },
    Boolean(bool),
    Graph { triples: Vec<[Term; 3]>, truncated: bool, picture: Option<String>, note: Option<String> },
}

/// The query page.
pub(crate) fn page(web: &Web, query: Option<&str>, example: Option<&str>) -> PageResult {
    let example_text = match example {
        Some(name) => Some(
            EXAMPLE_QUERIES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| *t)
                .ok_or_else(|| PageError::not_found(format!("no example query named {name:?}")))?,
        ),
        None => None,
    };
    let query = query.filter(|q| !q.trim().is_empty()).or(example_text);
    let (outcome, error) = match query {
        Some(q) => match run(web, q) {
            Ok(o) => (Some(o), None),
            Err(e) => (None, Some(e)),
        },
        None => (None, None),
    };
    Ok(layout(
        "Query",
        html! {
            h1 { "Query the graph" }
            form.query method="get" action="/queries" {
                label for="query" { "SPARQL query (the default graph is the union of every document and the ontology)" }
                textarea #query name="query" rows="14" spellcheck="false" { (query.unwrap_or("SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")) }
                button type="submit" { "Run" }
            }
            @if let Some(e) = &error { p.error role="alert" { (e) } }
            @if let Some(o) = &outcome { section aria-labelledby="results" { h2 #results { "Results" } (results(o)) } }
            section aria-labelledby="examples" {
                h2 #examples { "Example queries" }
                ul.examples {
                    @for (name, text) in EXAMPLE_QUERIES {
                        li {
                            a href={ "/queries?example=" (name) } aria-current=[(example == Some(*name)).then_some("true")] { (name) }
                            " — " (description(text))
                        }
                    }
                }
            }
        },
    ))
}

/// Runs a query under the server's timeout (in a worker thread, so that the page is answered
/// at the timeout even when oxigraph cannot stop the query at once: see `QueryThreads`).
fn run(web: &Web, text: &str) -> Result<Outcome, String> {
    let token = CancellationToken::new();
    let mut prepared = SparqlEvaluator::new()
        .with_cancellation_token(token.clone())
        .parse_query(text)
        .map_err(|e| format!("SPARQL syntax error: {e}"))?;
    if prepared.dataset_mut().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let timeout = web.options.timeout;
    let stopped = move || format!("the query ran longer than {} s and was stopped", timeout.as_secs_f64());
    let eval = move |e: QueryEvaluationError| match e {
        QueryEvaluationError::Cancelled => stopped(),
        e => format!("SPARQL evaluation error: {e}"),
    };
    let (store, max) = (web.store.oxigraph().clone(), web.options.max_rows);
    let evaluate = move || -> Result<Outcome, String> {
        match prepared.on_store(&store).execute().map_err(eval)? {
            QueryResults::Solutions(solutions) => {
                let variables: Vec<String> = solutions.variables().iter().map(|v| v.as_str().to_string()).collect();
                let (rows, truncated) =
                    at_most(max, solutions.map(|s| s.map(|s| s.values().to_vec()))).map_err(eval)?;
                Ok(Outcome::Table { variables, rows, truncated })
            }
            QueryResults::Boolean(b) => Ok(Outcome::Boolean(b)),
            QueryResults::Graph(triples) => {
                let (triples, truncated) =
                    at_most(max, triples.map(|t| t.map(|t| [t.subject.into(), t.predicate.into(), t.object])))
                        .map_err(eval)?;
                Ok(Outcome::Graph { triples, truncated, picture: None, note: None })
            }
        }
    };
    let mut outcome = match web.queries.run(token, timeout, evaluate) {
        Ok(outcome) => outcome?,
        Err(Unfinished::Timeout) => return Err(stopped()),
        Err(e) => return Err(e.to_string()),
    };
    if let Outcome::Graph { triples, truncated: false, picture: p, note } = &mut outcome {
        // the query ran within the limits: draw it through the export's CONSTRUCT view
        if !triples.is_empty() {
            (*p, *note) = picture(web, text);
        }
    }
    Ok(outcome)
}

/// The first `max` items, and whether there were more; the first error among them stops.
fn at_most<T, E>(max: usize, mut items: impl Iterator<Item = Result<T, E>>) -> Result<(Vec<T>, bool), E> {
    let kept = items.by_ref().take(max).collect::<Result<Vec<T>, E>>()?;
    Ok((kept, items.next().is_some()))
}

/// The CONSTRUCT result as an SVG `data:` URI, or why there is none.
fn picture(web: &Web, text: &str) -> (Option<String>, Option<String>) {
    let options = crate::export::ExportOptions { construct: Some(text.to_string()), ..Default::default() };
    let drawn = crate::export::build(&web.store, &options).and_then(|g| {
        let mut dot = Vec::new();
        crate::export::dot::write_dot(&g, crate::export::dot::DotOptions::default(), &mut dot)?;
        let mut svg = Vec::new();
        crate::export::render::render(&dot, "svg", "dot", &mut svg)?;
        Ok(svg)
    });
    match drawn {
        Ok(svg) => {
            (Some(format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(svg))), None)
        }
        Err(e) => (None, Some(format!("No picture: {e}"))),
    }
}

fn term(t: &Term) -> Markup {
    match t {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            let short = crate::query::short_term(t);
            if iri.starts_with(ENTITY_NS) {
                html! { a href=(entity_href(iri)) { (short) } }
            } else if iri.starts_with(DOC_NS) {
                // a document, or a sentence or mention in it (`DOC#char=B,E`)
                let href = match iri.split_once('#') {
                    Some((doc, fragment)) => format!("{}#{fragment}", document_href(doc)),
                    None => document_href(iri),
                };
                html! { a href=(href) { (short) } }
            } else if iri.starts_with(STANCE_NS) {
                html! { a href={ "/stance?iri=" (form_urlencoded::byte_serialize(iri.as_bytes()).collect::<String>()) } { (short) } }
            } else {
                html! { code { (short) } }
            }
        }
        Term::Literal(l) => html! { (l.value()) },
        other => html! { code { (other.to_string()) } },
    }
}

fn results(o: &Outcome) -> Markup {
    match o {
        Outcome::Boolean(b) => html! { p.answer { (if *b { "Yes (true)" } else { "No (false)" }) } },
        Outcome::Table { variables, rows, truncated } => html! {
            p { (rows.len()) (if rows.len() == 1 { " row" } else { " rows" }) @if *truncated { " (the first ones only)" } "." }
            div.table-wrap {
                table.results {
                    caption { "Query results" }
                    thead { tr { @for v in variables { th scope="col" { "?" (v) } } } }
                    tbody {
                        @for r in rows {
                            tr { @for cell in r { td { @if let Some(t) = cell { (term(t)) } } } }
                        }
                    }
                }
            }
        },
        Outcome::Graph { triples, truncated, picture, note } => html! {
            p { (triples.len()) " triples" @if *truncated { " (the first ones only, too many to draw)" } "." }
            @if let Some(p) = picture {
                figure.ego { img src=(p) alt="The constructed triples drawn as a graph; the same triples are listed in the table below."; }
            }
            @if let Some(n) = note { p.note { (n) } }
            div.table-wrap {
                table.results {
                    caption { "Constructed triples" }
                    thead { tr { th scope="col" { "Subject" } th scope="col" { "Predicate" } th scope="col" { "Object" } } }
                    tbody { @for [s, p, ob] in triples { tr { td { (term(s)) } td { (term(p)) } td { (term(ob)) } } } }
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_keeps_the_first_items_and_says_if_there_were_more() {
        let ok = |n: u32| (0..n).map(Ok::<u32, &str>);
        assert_eq!(at_most(3, ok(2)), Ok((vec![0, 1], false)));
        assert_eq!(at_most(3, ok(3)), Ok((vec![0, 1, 2], false)));
        assert_eq!(at_most(3, ok(4)), Ok((vec![0, 1, 2], true)));
        assert_eq!(at_most(3, [Ok(0), Err("bad"), Ok(2)].into_iter()), Err("bad"));
        // an error past the limit is not looked at: the page shows the first rows
        assert_eq!(at_most(1, [Ok(0), Err("bad")].into_iter()), Ok((vec![0], true)));
    }

    #[test]
    fn every_example_file_is_listed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("queries");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".rq").map(str::to_string))
            .collect();
        files.sort();
        let listed: Vec<&str> = EXAMPLE_QUERIES.iter().map(|(n, _)| *n).collect();
        assert_eq!(files, listed, "add new example queries to EXAMPLE_QUERIES");
    }

    #[test]
    fn every_example_is_described_and_parses() {
        assert!(!EXAMPLE_QUERIES.is_empty());
        for (name, text) in EXAMPLE_QUERIES {
            assert!(!description(text).is_empty(), "{name} has no comment line");
            assert!(SparqlEvaluator::new().parse_query(text).is_ok(), "{name} does not parse");
        }
    }
}

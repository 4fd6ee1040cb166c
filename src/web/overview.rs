//! The overview (`/`): the documents with date and outlet, the most-mentioned actors, places
//! and proposals (mentions outside boilerplate), and the latest stances.

use std::collections::HashMap;

use maud::{Markup, html};

use super::{EntityInfo, PageResult, Web, document_href, iri_of, layout, number, select, stance_table, text};
use crate::export::NodeKind;
use crate::report::{StanceFilter, StanceRow};

/// How many entries each "most mentioned" list and the latest stances show.
const TOP: usize = 12;

struct Doc {
    iri: String,
    title: String,
    date: Option<String>,
    outlet: Option<String>,
    stances: usize,
}

/// The overview page.
pub(crate) fn page(web: &Web) -> PageResult {
    let store = &web.store;
    let stances = crate::report::stances(store, &StanceFilter::default())?;
    let mut per_doc: HashMap<&str, usize> = HashMap::new();
    for s in &stances {
        *per_doc.entry(s.document.as_str()).or_default() += 1;
    }
    let mut docs: Vec<Doc> = select(
        store,
        "SELECT ?doc ?title ?date ?outlet WHERE {
           GRAPH ?doc { ?doc a pg:Document ; dct:title ?title }
           OPTIONAL { ?doc dct:date ?date }
           OPTIONAL { ?doc pg:outlet ?outlet }
         }",
    )?
    .iter()
    .filter_map(|s| {
        let iri = iri_of(s, "doc")?;
        Some(Doc {
            stances: per_doc.get(iri.as_str()).copied().unwrap_or(0),
            title: text(s, "title").unwrap_or_default(),
            date: text(s, "date"),
            outlet: text(s, "outlet"),
            iri,
        })
    })
    .collect();
    docs.sort_by(|a, b| (std::cmp::Reverse(&a.date), &a.title).cmp(&(std::cmp::Reverse(&b.date), &b.title)));
    docs.dedup_by(|a, b| a.iri == b.iri);

    // mentions outside boilerplate, per entity: (mentions, documents)
    let counted = select(
        store,
        "SELECT ?x (COUNT(?m) AS ?n) (COUNT(DISTINCT ?doc) AS ?d) WHERE {
           GRAPH ?doc { ?m pg:refersTo ?x OPTIONAL { ?m pg:inBoilerplate ?bp } }
           FILTER(!BOUND(?bp))
         } GROUP BY ?x",
    )?;
    let mut counts: Vec<(String, u64, u64)> =
        counted.iter().filter_map(|s| Some((iri_of(s, "x")?, number(s, "n")?, number(s, "d")?))).collect();
    counts.sort_by(|a, b| (std::cmp::Reverse(a.1), &a.0).cmp(&(std::cmp::Reverse(b.1), &b.0)));
    let iris: Vec<&str> = counts.iter().map(|c| c.0.as_str()).collect();
    let info = EntityInfo::load(store, &iris)?;
    let top = |kinds: &[NodeKind]| -> Vec<&(String, u64, u64)> {
        counts.iter().filter(|c| kinds.contains(&info.kind(&c.0))).take(TOP).collect()
    };
    let actors = top(&[NodeKind::Person, NodeKind::State, NodeKind::Organization]);
    let places = top(&[NodeKind::Place]);
    let proposals = top(&[NodeKind::Proposal]);

    let mut latest: Vec<&StanceRow> = stances.iter().filter(|s| s.date.is_some()).collect();
    latest.sort_by(|a, b| (&b.date, &a.document, a.begin).cmp(&(&a.date, &b.document, b.begin)));
    latest.truncate(TOP);

    let ranking = |id: &str, title: &str, rows: &[&(String, u64, u64)]| -> Markup {
        html! {
            section.ranking aria-labelledby=(id) {
                h2 id=(id) { (title) }
                @if rows.is_empty() { p { "None mentioned." } }
                ol {
                    @for (x, n, d) in rows {
                        li {
                            a href=(info.href(x)) { (info.label(x)) }
                            " " span.count { (n) (if *n == 1 { " mention" } else { " mentions" }) ", " (d) (if *d == 1 { " document" } else { " documents" }) }
                        }
                    }
                }
            }
        }
    };
    Ok(layout(
        "Overview",
        html! {
            h1 { "The corpus at a glance" }
            p { (docs.len()) " documents, " (stances.len()) " stances, " (counts.len()) " entities mentioned." }
            section aria-labelledby="documents" {
                h2 #documents { "Documents" }
                div.table-wrap {
                    table {
                        caption { "Documents, latest first" }
                        thead { tr { th scope="col" { "Title" } th scope="col" { "Date" } th scope="col" { "Outlet" } th scope="col" { "Stances" } } }
                        tbody {
                            @for d in &docs {
                                tr {
                                    td { a href=(document_href(&d.iri)) { (d.title) } }
                                    td.date { (d.date.as_deref().unwrap_or("undated")) }
                                    td { (d.outlet.as_deref().unwrap_or("")) }
                                    td.num { (d.stances) }
                                }
                            }
                        }
                    }
                }
            }
            div.columns {
                (ranking("actors", "Most-mentioned actors", &actors))
                (ranking("places", "Most-mentioned places", &places))
                (ranking("proposals", "Most-mentioned proposals", &proposals))
            }
            section aria-labelledby="latest" {
                h2 #latest { "Latest stances" }
                (stance_table("The latest dated stances", &latest))
            }
        },
    ))
}

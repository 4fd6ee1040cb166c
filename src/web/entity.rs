//! The page of an entity (person, organisation, state, place): its names, roles with dates,
//! stances, the places tied to it, the documents that mention it, and its ego graph.
//!
//! Built on [`crate::report::explain`] (names, classes, mentions with their context, stances)
//! and two queries of its own (role statements; places named in its stances' sentences or
//! containing it).

use std::collections::BTreeMap;

use maud::html;
use oxigraph::model::NamedNode;
use oxigraph::sparql::QueryResults;

use super::{
    EntityInfo, PageError, PageResult, Web, clip, document_href, entity_href, iri_of, layout, mention_href, number,
    select, sentence_href, stance_table, text,
};
use crate::error::Result;
use crate::export::NodeKind;
use crate::report::{EntityEvidence, Explanation, MentionRow, StanceRow};
use crate::store::Store;

/// Whether `iri` is a proposal (it then has a proposal page).
pub(crate) fn is_proposal(store: &Store, iri: &NamedNode) -> Result<bool> {
    Ok(matches!(
        store.query(&format!("ASK {{ {iri} a <https://w3id.org/pactgraph/ontology#Proposal> }}"))?,
        QueryResults::Boolean(true)
    ))
}

/// The evidence of the entity `iri`.
pub(crate) fn evidence(store: &Store, iri: &NamedNode) -> std::result::Result<EntityEvidence, PageError> {
    crate::report::explain(store, &format!("<{}>", iri.as_str()))?
        .into_iter()
        .find_map(|x| match x {
            Explanation::Entity(e) => Some(e),
            Explanation::Stance(_) => None,
        })
        .ok_or_else(|| PageError::not_found(format!("{iri} is not an entity of this store")))
}

/// A role the articles give a person.
struct Role {
    name: String,
    of: Option<String>,
    date: Option<String>,
    document: String,
    title: String,
    sentence: Option<(u64, u64)>,
}

fn roles(store: &Store, iri: &NamedNode) -> Result<Vec<Role>> {
    let rows = select(
        store,
        &format!(
            "SELECT ?r ?name ?of ?date ?doc ?title ?b ?e WHERE {{
               GRAPH ?doc {{ ?r a pg:RoleStatement ; pg:holder {iri} ; schema:roleName ?name . ?doc dct:title ?title }}
               OPTIONAL {{ ?r pg:roleOf ?of }}
               OPTIONAL {{ ?r dct:date ?date }}
               OPTIONAL {{ ?r pg:evidence ?s . ?s nif:beginIndex ?b ; nif:endIndex ?e }}
             }}"
        ),
    )?;
    let mut out: Vec<Role> = rows
        .iter()
        .filter_map(|s| {
            Some(Role {
                name: text(s, "name")?,
                of: iri_of(s, "of"),
                date: text(s, "date"),
                document: iri_of(s, "doc")?,
                title: text(s, "title").unwrap_or_default(),
                sentence: number(s, "b").zip(number(s, "e")),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.date.is_none(), &a.date, &a.name).cmp(&(b.date.is_none(), &b.date, &b.name)));
    Ok(out)
}

/// A place tied to the entity, and how.
struct Place {
    iri: String,
    how: &'static str,
    /// Where it is named with the entity: (document, begin, end) of a sentence.
    evidence: Option<(String, u64, u64)>,
}

/// Places that contain the entity, places it contains that the documents mention, and places
/// named in the evidence sentences of the stances it holds or is the target of.
fn places(store: &Store, iri: &NamedNode, stances: &[&StanceRow]) -> Result<Vec<Place>> {
    let mut out = Vec::new();
    for s in select(store, &format!("SELECT DISTINCT ?p WHERE {{ {iri} pg:locatedIn+ ?p }}"))? {
        if let Some(p) = iri_of(&s, "p") {
            out.push(Place { iri: p, how: "contains it", evidence: None });
        }
    }
    for s in select(
        store,
        &format!(
            "SELECT DISTINCT ?p WHERE {{ GRAPH ?d {{ ?x pg:mentions ?p }} ?p pg:locatedIn {iri} }} ORDER BY ?p LIMIT 50"
        ),
    )? {
        if let Some(p) = iri_of(&s, "p") {
            out.push(Place { iri: p, how: "lies in it", evidence: None });
        }
    }
    let mut sentences: BTreeMap<String, Vec<(u64, u64)>> = BTreeMap::new();
    for r in stances {
        if let (Some(b), Some(e)) = (r.begin, r.end) {
            sentences.entry(r.document.clone()).or_default().push((b, e));
        }
    }
    if sentences.is_empty() {
        return Ok(out);
    }
    let values: String = sentences.keys().map(|d| format!("<{d}> ")).collect();
    let mentioned = select(
        store,
        &format!(
            "SELECT ?doc ?x ?b ?e WHERE {{ VALUES ?doc {{ {values}}} GRAPH ?doc {{ ?m pg:refersTo ?x ; nif:beginIndex ?b ; nif:endIndex ?e }} }}"
        ),
    )?;
    let mut found: BTreeMap<String, (String, u64, u64)> = BTreeMap::new();
    for m in &mentioned {
        let (Some(doc), Some(x), Some(b), Some(e)) = (iri_of(m, "doc"), iri_of(m, "x"), number(m, "b"), number(m, "e"))
        else {
            continue;
        };
        if x == iri.as_str() {
            continue;
        }
        if let Some(&(sb, se)) = sentences.get(&doc).and_then(|v| v.iter().find(|(sb, se)| *sb <= b && e <= *se)) {
            found.entry(x).or_insert((doc, sb, se));
        }
    }
    let iris: Vec<&str> = found.keys().map(String::as_str).collect();
    let info = EntityInfo::load(store, &iris)?;
    for (x, ev) in found {
        if matches!(info.kind(&x), NodeKind::Place | NodeKind::State) {
            out.push(Place { iri: x, how: "named with its stances", evidence: Some(ev) });
        }
    }
    Ok(out)
}

/// The entity page.
pub(crate) fn page(web: &Web, iri: &NamedNode) -> PageResult {
    let store = &web.store;
    let ev = evidence(store, iri)?;
    let roles = roles(store, iri)?;
    let held: Vec<&StanceRow> = ev.stances.iter().filter(|r| r.role == "actor").map(|r| &r.stance).collect();
    let aimed: Vec<&StanceRow> = ev.stances.iter().filter(|r| r.role != "actor").map(|r| &r.stance).collect();
    let places = places(store, iri, &ev.stances.iter().map(|r| &r.stance).collect::<Vec<_>>())?;
    let mut related: Vec<&str> = places.iter().map(|p| p.iri.as_str()).collect();
    related.extend(roles.iter().filter_map(|r| r.of.as_deref()));
    let info = EntityInfo::load(store, &related)?;
    // documents that mention it, with the first mention
    let mut documents: BTreeMap<&str, (&MentionRow, usize)> = BTreeMap::new();
    for m in &ev.mentions {
        documents.entry(&m.document).or_insert((m, 0)).1 += 1;
    }
    let kind = ev.types.iter().map(|t| t.trim_start_matches("pg:")).collect::<Vec<_>>().join(", ");
    Ok(layout(
        &ev.label,
        html! {
            h1 { (ev.label) }
            p.kind { (kind) " · " code { (crate::report::short_iri(&ev.iri)) } }
            @if !ev.alt_labels.is_empty() {
                p { "Also called: " (ev.alt_labels.join(", ")) }
            }
            (super::graph::section(web, iri.as_str(), &ev.label))
            section aria-labelledby="roles" {
                h2 #roles { "Roles" }
                @if roles.is_empty() { p { "No role stated in the articles." } }
                ul {
                    @for r in &roles {
                        li {
                            (r.name)
                            @if let Some(of) = &r.of { ", " a href=(info.href(of)) { (info.label(of)) } }
                            " — " (r.date.as_deref().unwrap_or("undated")) ", "
                            @match r.sentence {
                                Some((b, e)) => a href=(sentence_href(&r.document, b, e)) { (r.title) },
                                None => a href=(document_href(&r.document)) { (r.title) },
                            }
                        }
                    }
                }
            }
            section aria-labelledby="stances" {
                h2 #stances { "Stances" }
                @if held.is_empty() { p { "No stance held by " (ev.label) " in the articles." } }
                @else { (stance_table(&format!("Stances {} takes, by date", ev.label), &held)) }
                @if !aimed.is_empty() {
                    (stance_table(&format!("Stances aimed at {} or conditional on it", ev.label), &aimed))
                }
            }
            section aria-labelledby="places" {
                h2 #places { "Places" }
                @if places.is_empty() { p { "No place tied to " (ev.label) "." } }
                ul {
                    @for p in &places {
                        li {
                            a href=(entity_href(&p.iri)) { (info.label(&p.iri)) } " — " (p.how)
                            @if let Some((d, b, e)) = &p.evidence { " (" a href=(sentence_href(d, *b, *e)) { "sentence" } ")" }
                        }
                    }
                }
            }
            section aria-labelledby="documents" {
                h2 #documents { "Documents" }
                @if documents.is_empty() { p { "No document mentions " (ev.label) "." } }
                ul {
                    @for (d, (m, n)) in &documents {
                        li {
                            a href=(document_href(d)) { (m.title) }
                            @if let Some(o) = &m.outlet { " (" (o) ")" }
                            " — " (n) (if *n == 1 { " mention, " } else { " mentions, the first " })
                            a href=(mention_href(d, m.begin, m.end)) { "at chars " (m.begin) "–" (m.end) }
                        }
                    }
                }
            }
            @if !ev.mentions.is_empty() {
                section aria-labelledby="mentions" {
                    h2 #mentions { "Mentions" }
                    details {
                        summary { "Every mention (" (ev.mentions.len()) ")" }
                        ol.mentions {
                            @for m in &ev.mentions {
                                li {
                                    a href=(mention_href(&m.document, m.begin, m.end)) {
                                        (clip(m.context.as_deref().unwrap_or(&m.anchor), 200))
                                    }
                                    " — " (m.title) ", chars " (m.begin) "–" (m.end)
                                    @if m.boilerplate { " " span.flag { "boilerplate" } }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

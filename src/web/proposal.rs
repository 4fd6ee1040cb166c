//! The page of a proposal: every actor's stances on it in date order
//! ([`crate::report::timeline`]), conditions and hedges marked, changes of position
//! highlighted; the stances that make it a condition; its ego graph.

use maud::html;
use oxigraph::model::NamedNode;

use super::{
    PageResult, Web, condition_cell, entity::evidence, entity_href, evidence_cell, layout, stance_badge, stance_table,
};
use crate::report::{StanceFilter, StanceRow};

/// The proposal page.
pub(crate) fn page(web: &Web, iri: &NamedNode) -> PageResult {
    let store = &web.store;
    let ev = evidence(store, iri)?;
    let filter = StanceFilter { actor: None, proposal: Some(format!("<{}>", iri.as_str())) };
    let groups = crate::report::timeline(store, &filter)?;
    let conditional: Vec<&StanceRow> = ev.stances.iter().filter(|r| r.role == "condition").map(|r| &r.stance).collect();
    let changes: usize = groups.iter().map(|g| g.changes()).sum();
    let statements: usize = groups.iter().map(|g| g.entries.len()).sum();
    Ok(layout(
        &ev.label,
        html! {
            h1 { (ev.label) }
            p.kind { "Proposal · " code { (crate::report::short_iri(&ev.iri)) } }
            @if !ev.alt_labels.is_empty() { p { "Also called: " (ev.alt_labels.join(", ")) } }
            p {
                (statements) " statements by " (groups.len()) " actors"
                @if changes > 0 { ", " strong { (changes) " changes of position" } " (highlighted)" }
                "."
            }
            section aria-labelledby="positions" {
                h2 #positions { "Positions over time" }
                @if groups.is_empty() { p { "No actor takes a stance on " (ev.label) " in the articles." } }
                @for g in &groups {
                    section.actor-timeline aria-label={ (g.actor.label) " on " (ev.label) } {
                        h3 { a href=(entity_href(&g.actor.iri)) { (g.actor.label) } }
                        ol.timeline {
                            @for e in &g.entries {
                                @let s = &e.stance;
                                li class=[e.changed_from.is_some().then_some("changed")] {
                                    span.date { (s.date.as_deref().unwrap_or("undated")) } " "
                                    (stance_badge(s))
                                    @if let Some(t) = &s.target { " towards " a href=(entity_href(&t.iri)) { (t.label) } }
                                    @if s.condition.is_some() || s.condition_text.is_some() { " " (condition_cell(s)) }
                                    @if let Some(c) = &e.changed_from {
                                        " " strong.change {
                                            "changed from " (c.stance) " (" (c.polarity) ", " (c.date) ")"
                                            @if c.same_document { " in the same article" }
                                        }
                                    }
                                    div.evidence-line { (evidence_cell(s)) }
                                }
                            }
                        }
                    }
                }
            }
            @if !conditional.is_empty() {
                section aria-labelledby="conditions" {
                    h2 #conditions { "Stances conditional on " (ev.label) }
                    (stance_table(&format!("Stances that depend on {}", ev.label), &conditional))
                }
            }
            (super::graph::section(web, iri.as_str(), &ev.label))
        },
    ))
}

//! The page of a document: its text as stored (`nif:isString`), every mention highlighted by
//! the kind of entity it names and linked to the entity's page, every stance's evidence
//! sentence underlined with numbered links to the document's stance list, which links on to
//! actors and proposals.
//!
//! Offsets in the store are code points; the text is cut at them as a `Vec<char>`. Evidence
//! sentences and mentions carry the id `char=B,E`, the fragment of their NIF IRI in the store
//! (`DOC#char=B,E`), so every such IRI has a place on the page. A mention that crosses a sentence edge, or overlaps an earlier mention, is
//! shown as plain text (its entity is still listed on the entity's page).

use std::collections::BTreeMap;

use maud::{Markup, html};
use oxigraph::model::NamedNode;

use super::{
    EntityInfo, PageError, PageResult, Web, evidence_cell, iri_of, layout, number, select, stance_badge, stance_id,
    text,
};
use crate::export::NodeKind;
use crate::report::{StanceFilter, StanceRow};

/// A mention in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mention {
    begin: usize,
    end: usize,
    entity: String,
    boilerplate: bool,
}

/// The document page.
pub(crate) fn page(web: &Web, iri: &NamedNode) -> PageResult {
    let store = &web.store;
    let meta = select(
        store,
        &format!(
            "SELECT ?title ?text ?date ?outlet ?url WHERE {{
               GRAPH {iri} {{ {iri} dct:title ?title ; nif:isString ?text }}
               OPTIONAL {{ {iri} dct:date ?date }}
               OPTIONAL {{ {iri} pg:outlet ?outlet }}
               OPTIONAL {{ {iri} schema:url ?url }}
             }} LIMIT 1"
        ),
    )?;
    let m = meta.first().ok_or_else(|| PageError::not_found(format!("no document {iri} in the store")))?;
    let title = text(m, "title").unwrap_or_default();
    let body: Vec<char> = text(m, "text").unwrap_or_default().chars().collect();
    let url = iri_of(m, "url").or_else(|| text(m, "url"));

    let mut mentions: Vec<Mention> = select(
        store,
        &format!(
            "SELECT ?x ?b ?e ?bp WHERE {{ GRAPH {iri} {{ ?m pg:refersTo ?x ; nif:beginIndex ?b ; nif:endIndex ?e OPTIONAL {{ ?m pg:inBoilerplate ?bp }} }} }}"
        ),
    )?
    .iter()
    .filter_map(|s| {
        Some(Mention {
            begin: usize::try_from(number(s, "b")?).ok()?,
            end: usize::try_from(number(s, "e")?).ok()?,
            entity: iri_of(s, "x")?,
            boilerplate: text(s, "bp").is_some_and(|b| b == "true"),
        })
    })
    .filter(|m| m.begin < m.end && m.end <= body.len())
    .collect();
    mentions.sort_by(|a, b| {
        (a.begin, std::cmp::Reverse(a.end), &a.entity).cmp(&(b.begin, std::cmp::Reverse(b.end), &b.entity))
    });
    mentions.dedup_by(|b, a| a.begin == b.begin && a.end == b.end);

    let filter = StanceFilter::default();
    let stances: Vec<StanceRow> =
        crate::report::stances(store, &filter)?.into_iter().filter(|s| s.document == iri.as_str()).collect();
    let mut entities: Vec<&str> = mentions.iter().map(|m| m.entity.as_str()).collect();
    entities.sort();
    entities.dedup();
    let info = EntityInfo::load(store, &entities)?;

    let text_html = highlighted(&body, &mentions, &stances, &info);
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for m in &mentions {
        *counts.entry(info.kind(&m.entity).as_str()).or_default() += 1;
    }
    Ok(layout(
        &title,
        html! {
            h1 { (title) }
            p.kind {
                "Document · " code { (crate::report::short_iri(iri.as_str())) }
                @if let Some(d) = text(m, "date") { " · " (d) }
                @if let Some(o) = text(m, "outlet") { " · " (o) }
                @if let Some(u) = &url { " · source: " span.url { (u) } }
            }
            p.legend {
                "Mentions by kind: "
                @for (k, n) in &counts { span class={ "mention k-" (k) } { (k) " " (n) } " " }
                span.stance { "stance sentence" }
            }
            section aria-labelledby="text" {
                h2 #text { "Text" }
                div.doc-text { (text_html) }
            }
            section aria-labelledby="stance-list" {
                h2 #stance-list { "Stances (" (stances.len()) ")" }
                @if stances.is_empty() { p { "No stance found in this document." } }
                ol.stance-list {
                    @for s in &stances {
                        li id=(stance_id(&s.iri)) {
                            span.date { (s.date.as_deref().unwrap_or("undated")) } " "
                            a href=(super::entity_href(&s.actor.iri)) { (s.actor.label) } " "
                            (stance_badge(s)) " "
                            a href=(super::proposal_href(&s.proposal.iri)) { (s.proposal.label) }
                            @if let Some(t) = &s.target { " towards " a href=(super::entity_href(&t.iri)) { (t.label) } }
                            @if s.condition.is_some() || s.condition_text.is_some() { " " (super::condition_cell(s)) }
                            div.evidence-line { (evidence_cell(s)) }
                        }
                    }
                }
            }
        },
    ))
}

/// The stances of one evidence sentence, with their numbers in the stance list.
type Refs<'a> = Vec<(usize, &'a StanceRow)>;

/// The text with mentions as links and stance sentences underlined.
fn highlighted(body: &[char], mentions: &[Mention], stances: &[StanceRow], info: &EntityInfo) -> Markup {
    // stance sentences: (begin, end) -> the stances' numbers and ids, non-overlapping
    let mut sentences: BTreeMap<(usize, usize), Refs<'_>> = BTreeMap::new();
    for (i, s) in stances.iter().enumerate() {
        if let (Some(b), Some(e)) = (s.begin, s.end) {
            if let (Ok(b), Ok(e)) = (usize::try_from(b), usize::try_from(e)) {
                if b < e && e <= body.len() {
                    sentences.entry((b, e)).or_default().push((i + 1, s));
                }
            }
        }
    }
    let mut kept: Vec<((usize, usize), Refs<'_>)> = Vec::new();
    for (range, refs) in sentences {
        match kept.last_mut() {
            Some((last, more)) if range.0 < last.1 => more.extend(refs),
            _ => kept.push((range, refs)),
        }
    }
    let mut parts: Vec<Markup> = Vec::new();
    let mut pos = 0;
    for ((b, e), refs) in &kept {
        parts.push(plain(body, pos, *b, false, mentions, info));
        parts.push(html! {
            span.stance id={ "char=" (b) "," (e) } { (plain(body, *b, *e, true, mentions, info)) }
            sup.stance-refs {
                @for (n, s) in refs {
                    a href={ "#" (stance_id(&s.iri)) } aria-label={ "stance " (n) ": " (s.actor.label) " " (s.stance) " " (s.proposal.label) } { "[" (n) "]" }
                }
            }
        });
        pos = *e;
    }
    parts.push(plain(body, pos, body.len(), false, mentions, info));
    html! { @for p in &parts { (p) } }
}

/// `body[from..to]` with the mentions wholly inside it as links.
fn plain(body: &[char], from: usize, to: usize, in_sentence: bool, mentions: &[Mention], info: &EntityInfo) -> Markup {
    let mut parts: Vec<Markup> = Vec::new();
    let mut pos = from;
    for m in mentions.iter().filter(|m| m.begin >= from && m.end <= to) {
        if m.begin < pos {
            continue;
        }
        let before: String = body[pos..m.begin].iter().collect();
        let anchor: String = body[m.begin..m.end].iter().collect();
        let kind = info.kind(&m.entity);
        let kind_name = if kind == NodeKind::Other { "entity" } else { kind.as_str() };
        // a mention that is a whole stance sentence leaves the id to the sentence
        let id = (m.begin, m.end) != (from, to) || !in_sentence;
        parts.push(html! {
            (before)
            a class={ "mention k-" (kind_name) @if m.boilerplate { " boilerplate" } } id=[id.then(|| format!("char={},{}", m.begin, m.end))]
                href=(info.href(&m.entity)) title={ (info.label(&m.entity)) " (" (kind_name) ")" } { (anchor) }
        });
        pos = m.end;
    }
    let rest: String = body[pos.min(to)..to].iter().collect();
    html! { @for p in &parts { (p) } (rest) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_mentions_link() {
        let body: Vec<char> = "<script>x</script> Peskov said".chars().collect();
        let m = vec![Mention {
            begin: 19,
            end: 25,
            entity: "https://w3id.org/pactgraph/id/dmitry-peskov".into(),
            boilerplate: false,
        }];
        let html = plain(&body, 0, body.len(), false, &m, &EntityInfo::default()).into_string();
        assert!(
            html.starts_with("&lt;script&gt;x&lt;/script&gt; <a class=\"mention k-entity\" id=\"char=19,25\""),
            "{html}"
        );
        assert!(html.contains(">Peskov</a> said"));
    }

    #[test]
    fn overlapping_mentions_keep_the_first() {
        let body: Vec<char> = "European Union".chars().collect();
        let m = vec![
            Mention { begin: 0, end: 14, entity: "https://x.org/eu".into(), boilerplate: false },
            Mention { begin: 0, end: 8, entity: "https://x.org/europe".into(), boilerplate: false },
        ];
        let html = plain(&body, 0, body.len(), false, &m, &EntityInfo::default()).into_string();
        assert_eq!(html.matches("<a ").count(), 1);
        assert!(html.contains(">European Union</a>"));
    }
}

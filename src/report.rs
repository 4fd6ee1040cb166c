//! Reports over a store: the stances it holds, how positions moved over time, and the
//! evidence behind an entity, proposal or stance.
//!
//! Each report runs a few SPARQL queries over the union default graph and filters by name in
//! Rust: user input enters a query only as a checked IRI or an escaped string literal. The
//! functions return plain rows (serialisable to JSON); printing is the caller's business.
//!
//! Names match an entity's `skos:prefLabel` or `skos:altLabel`, case-insensitively ("Peskov",
//! "Zelensky", "security guarantees"), or its IRI, written in full, in angle brackets or as a
//! short form such as `pgr:dmitry-peskov` (see [`crate::query::PREFIXES`]), or a bare slug
//! (`dmitry-peskov`).

use std::collections::{BTreeMap, HashMap, HashSet};

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::{QueryResults, QuerySolution};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::query::PREFIXES;
use crate::rdf::vocab::{ENTITY_NS, STANCE_NS, STANCE_TYPE_NS};
use crate::store::Store;

/// An entity or proposal: its IRI and a display label (its preferred label, or the short IRI
/// when it has none).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Named {
    /// The full IRI.
    pub iri: String,
    /// The preferred label.
    pub label: String,
}

/// One stance with its context, as stored.
#[derive(Debug, Clone, Serialize)]
pub struct StanceRow {
    /// The stance node's IRI.
    pub iri: String,
    /// The statement date, or else the document's date (ISO 8601); none for undated articles.
    pub date: Option<String>,
    /// Who holds the stance.
    pub actor: Named,
    /// The stance type: offer, propose, demand, accept, support, reject, oppose, warn,
    /// condition, expect.
    pub stance: String,
    /// How the stance type leans towards the proposal: supportive, opposed, conditional,
    /// neutral (the ontology's `pg:polarity`).
    pub polarity: String,
    /// What the stance is about.
    pub proposal: Named,
    /// Whom it is addressed to or aimed at.
    pub target: Option<Named>,
    /// The proposal it is conditional on.
    pub condition: Option<Named>,
    /// The clause stating the condition.
    pub condition_text: Option<String>,
    /// Reported with a hedge ("reportedly", "may").
    pub hedged: bool,
    /// Stated with a negation.
    pub negated: bool,
    /// The document (named graph) IRI.
    pub document: String,
    /// The document's title.
    pub title: String,
    /// The outlet that published the document.
    pub outlet: Option<String>,
    /// The evidence sentence.
    pub evidence: Option<String>,
    /// Code-point offset where the evidence sentence begins.
    pub begin: Option<u64>,
    /// Code-point offset where it ends.
    pub end: Option<u64>,
    /// The extraction rule that found the stance.
    pub rule: Option<String>,
    /// PLOVER event type.
    pub plover: Option<String>,
    /// CAMEO root code.
    pub cameo: Option<String>,
}

impl StanceRow {
    /// The condition for a table cell: the condition proposal's label, or else the clause.
    pub fn condition_summary(&self) -> String {
        match (&self.condition, &self.condition_text) {
            (Some(c), _) => c.label.clone(),
            (None, Some(t)) => t.clone(),
            (None, None) => String::new(),
        }
    }

    /// Where it was reported: "title (outlet)".
    pub fn source(&self) -> String {
        match &self.outlet {
            Some(o) => format!("{} ({o})", self.title),
            None => self.title.clone(),
        }
    }
}

/// Which stances to report. Each name matches an entity's label or alias (case-insensitive),
/// its IRI or its short form.
#[derive(Debug, Clone, Default)]
pub struct StanceFilter {
    /// Only stances held by this actor.
    pub actor: Option<String>,
    /// Only stances on this proposal.
    pub proposal: Option<String>,
}

/// The stances in the store, sorted by date (undated last), actor, proposal.
///
/// An actor or proposal name that matches no entity in the store is an
/// [`Error::UnknownTerm`] (with close labels as suggestions); a known entity without stances
/// gives no rows.
pub fn stances(store: &Store, filter: &StanceFilter) -> Result<Vec<StanceRow>> {
    let index = stance_labels(store)?;
    let actors = match &filter.actor {
        Some(t) => Some(resolve_filter(store, t, "actor", &index)?),
        None => None,
    };
    let proposals = match &filter.proposal {
        Some(t) => Some(resolve_filter(store, t, "proposal", &index)?),
        None => None,
    };
    let mut rows = stance_rows(store, None, &index)?;
    rows.retain(|r| {
        actors.as_ref().is_none_or(|a| a.contains(&r.actor.iri))
            && proposals.as_ref().is_none_or(|p| p.contains(&r.proposal.iri))
    });
    Ok(rows)
}

/// One stance in a timeline, with the earlier stance it departs from.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// The stance.
    #[serde(flatten)]
    pub stance: StanceRow,
    /// Set when this dated stance's polarity differs from the previous dated stance of the
    /// same actor on the same proposal.
    pub changed_from: Option<Change>,
}

/// The previous position an entry departs from.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Its stance type.
    pub stance: String,
    /// Its polarity.
    pub polarity: String,
    /// Its date.
    pub date: String,
    /// It was reported in the same document (an article's own wording shifting, or an
    /// extraction slip, rather than a position changing between reports).
    pub same_document: bool,
}

/// The stances of one actor on one proposal, dated ones in date order, undated ones last.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineGroup {
    /// The actor.
    pub actor: Named,
    /// The proposal.
    pub proposal: Named,
    /// Its stances.
    pub entries: Vec<TimelineEntry>,
}

impl TimelineGroup {
    /// How many entries change polarity.
    pub fn changes(&self) -> usize {
        self.entries.iter().filter(|e| e.changed_from.is_some()).count()
    }
}

/// Stances grouped by (actor, proposal), groups sorted by actor then proposal label, each in
/// date order across all documents, marking where the polarity changes from one dated
/// statement to the next. Undated statements are listed last and never compared.
pub fn timeline(store: &Store, filter: &StanceFilter) -> Result<Vec<TimelineGroup>> {
    let rows = stances(store, filter)?;
    let mut groups: BTreeMap<(String, String, String, String), Vec<StanceRow>> = BTreeMap::new();
    for r in rows {
        let key = (
            r.actor.label.to_lowercase(),
            r.actor.iri.clone(),
            r.proposal.label.to_lowercase(),
            r.proposal.iri.clone(),
        );
        groups.entry(key).or_default().push(r);
    }
    let mut out = Vec::new();
    for (_, mut rows) in groups {
        rows.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.document, a.begin).cmp(&(b.date.is_none(), &b.date, &b.document, b.begin))
        });
        // the previous dated stance and its document
        let mut previous: Option<(Change, String)> = None;
        let mut entries = Vec::new();
        for r in rows {
            let mut changed_from = None;
            if let Some(date) = &r.date {
                if let Some((mut p, document)) = previous.take() {
                    if p.polarity != r.polarity {
                        p.same_document = document == r.document;
                        changed_from = Some(p);
                    }
                }
                let here = Change {
                    stance: r.stance.clone(),
                    polarity: r.polarity.clone(),
                    date: date.clone(),
                    same_document: false,
                };
                previous = Some((here, r.document.clone()));
            }
            entries.push(TimelineEntry { stance: r, changed_from });
        }
        let first = &entries[0].stance;
        out.push(TimelineGroup { actor: first.actor.clone(), proposal: first.proposal.clone(), entries });
    }
    Ok(out)
}

/// What `explain` found for a term.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Explanation {
    /// An entity or proposal with its mentions and stances.
    Entity(EntityEvidence),
    /// One stance.
    Stance(Box<StanceRow>),
}

/// The evidence for an entity or proposal.
#[derive(Debug, Clone, Serialize)]
pub struct EntityEvidence {
    /// The IRI.
    pub iri: String,
    /// The preferred label.
    pub label: String,
    /// Other names.
    pub alt_labels: Vec<String>,
    /// Its classes, as short IRIs (`pg:Person`).
    pub types: Vec<String>,
    /// Every mention, by document and offset.
    pub mentions: Vec<MentionRow>,
    /// Every stance it takes part in, by date.
    pub stances: Vec<StanceRole>,
}

/// A stance an entity takes part in, and how.
#[derive(Debug, Clone, Serialize)]
pub struct StanceRole {
    /// actor, proposal, target or condition.
    pub role: &'static str,
    /// The stance.
    #[serde(flatten)]
    pub stance: StanceRow,
}

/// One mention of an entity.
#[derive(Debug, Clone, Serialize)]
pub struct MentionRow {
    /// The document IRI.
    pub document: String,
    /// Its title.
    pub title: String,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Code-point offset of the mention's start.
    pub begin: u64,
    /// Code-point offset of its end.
    pub end: u64,
    /// The text mentioned (`nif:anchorOf`).
    pub anchor: String,
    /// Its role in the sentence (agent, reference, location...).
    pub role: Option<String>,
    /// The rule that linked it.
    pub rule: Option<String>,
    /// Inside boilerplate (footer, teaser, author bio).
    pub boilerplate: bool,
    /// The 1-based line of the document holding the mention.
    pub line: Option<usize>,
    /// That line around the mention, the mention in [brackets].
    pub context: Option<String>,
}

/// The evidence for `term`: a stance (`pgs:HASH` or its IRI), or every entity or proposal
/// the term names (label, alias, IRI or `pgr:slug`), preferring entities the documents
/// mention. An unknown term is an [`Error::UnknownTerm`] with close labels as suggestions.
pub fn explain(store: &Store, term: &str) -> Result<Vec<Explanation>> {
    let what = "entity, proposal or stance";
    let parsed = parse_term(term);
    if let Term2::Iri(iri) = &parsed {
        if iri.starts_with(STANCE_NS) {
            let index = stance_labels(store)?;
            let rows = stance_rows(store, Some(iri), &index)?;
            return match rows.into_iter().next() {
                Some(r) => Ok(vec![Explanation::Stance(Box::new(r))]),
                None => Err(unknown(what, term, Vec::new())),
            };
        }
    }
    let iris = resolve(store, parsed, term, what)?;
    let stance_index = stance_labels(store)?;
    let all_stances = stance_rows(store, None, &stance_index)?;
    let mut out = Vec::new();
    for iri in iris {
        out.push(Explanation::Entity(entity_evidence(store, &iri, &all_stances)?));
    }
    Ok(out)
}

/// The IRIs of every entity or proposal `term` names: a label or alias (case-insensitive;
/// entities the documents mention first, then any in the store), an IRI, `pgr:slug` or a bare
/// slug. An unknown term is an [`Error::UnknownTerm`] with close labels as suggestions.
pub fn resolve_entities(store: &Store, term: &str) -> Result<Vec<String>> {
    resolve(store, parse_term(term), term, "entity or proposal")
}

fn resolve(store: &Store, parsed: Term2, term: &str, what: &str) -> Result<Vec<String>> {
    match parsed {
        Term2::Iri(iri) => {
            if exists(store, &iri)? {
                Ok(vec![iri])
            } else {
                Err(unknown(what, term, Vec::new()))
            }
        }
        Term2::Name(name) => {
            let index = document_labels(store)?;
            let mut found = index.matching(&name);
            if found.is_empty() {
                found = names_in_store(store, &name)?;
            }
            if found.is_empty() {
                if let Some(iri) = slug_iri(&name) {
                    if exists(store, &iri)? {
                        found.push(iri);
                    }
                }
            }
            if found.is_empty() {
                return Err(unknown(what, term, index.suggest(&name)));
            }
            Ok(found)
        }
    }
}

fn entity_evidence(store: &Store, iri: &str, all_stances: &[StanceRow]) -> Result<EntityEvidence> {
    let node = NamedNode::new(iri).map_err(|e| Error::QueryEvaluation(format!("bad IRI {iri:?}: {e}")))?;
    let labels = select(
        store,
        &format!("SELECT DISTINCT ?lp ?l WHERE {{ VALUES ?lp {{ skos:prefLabel skos:altLabel }} {node} ?lp ?l }}"),
    )?;
    let mut names = Labels::default();
    for s in &labels {
        if let (Some(lp), Some(Term::Literal(l))) = (iri_of(s, "lp"), s.get("l")) {
            names.add(&lp, l.value(), l.language());
        }
    }
    let label = names.display(iri);
    let mut alt_labels: Vec<String> = names.alt.iter().filter(|a| **a != label).cloned().collect();
    alt_labels.sort();
    alt_labels.dedup();
    let mut types: Vec<String> = select(store, &format!("SELECT DISTINCT ?c WHERE {{ {node} a ?c }}"))?
        .iter()
        .filter_map(|s| iri_of(s, "c"))
        .map(|c| short_iri(&c))
        .collect();
    types.sort();

    let found = select(
        store,
        &format!(
            "SELECT ?doc ?b ?e ?title ?anchor ?role ?rule ?bp ?outlet WHERE {{
               GRAPH ?doc {{ ?m pg:refersTo {node} ; nif:beginIndex ?b ; nif:endIndex ?e . ?doc dct:title ?title }}
               OPTIONAL {{ ?m nif:anchorOf ?anchor }}
               OPTIONAL {{ ?m pg:mentionRole ?role }}
               OPTIONAL {{ ?m pg:rule ?rule }}
               OPTIONAL {{ ?m pg:inBoilerplate ?bp }}
               OPTIONAL {{ ?doc pg:outlet ?outlet }}
             }}"
        ),
    )?;
    let mut mentions: Vec<MentionRow> = Vec::new();
    let mut seen = HashSet::new();
    for s in &found {
        let (Some(document), Some(begin), Some(end)) = (iri_of(s, "doc"), number(s, "b"), number(s, "e")) else {
            continue;
        };
        if !seen.insert((document.clone(), begin, end)) {
            continue;
        }
        mentions.push(MentionRow {
            title: text(s, "title").unwrap_or_default(),
            outlet: text(s, "outlet"),
            anchor: text(s, "anchor").unwrap_or_default(),
            role: text(s, "role"),
            rule: text(s, "rule"),
            boilerplate: text(s, "bp").is_some_and(|b| b == "true"),
            document,
            begin,
            end,
            line: None,
            context: None,
        });
    }
    mentions.sort_by(|a, b| (&a.document, a.begin, a.end).cmp(&(&b.document, b.begin, b.end)));
    let docs: Vec<&str> = {
        let mut d: Vec<&str> = mentions.iter().map(|m| m.document.as_str()).collect();
        d.dedup();
        d
    };
    if !docs.is_empty() {
        let values: String = docs.iter().map(|d| format!("<{d}> ")).collect();
        let texts = select(
            store,
            &format!(
                "SELECT ?doc ?text WHERE {{ VALUES ?doc {{ {values}}} GRAPH ?doc {{ ?doc nif:isString ?text }} }}"
            ),
        )?;
        let texts: HashMap<String, Vec<char>> =
            texts.iter().filter_map(|s| Some((iri_of(s, "doc")?, text(s, "text")?.chars().collect()))).collect();
        for m in &mut mentions {
            if let Some(chars) = texts.get(&m.document) {
                if let Some((line, ctx)) = context(chars, m.begin as usize, m.end as usize) {
                    m.line = Some(line);
                    m.context = Some(ctx);
                }
            }
        }
    }

    let mut stances = Vec::new();
    for r in all_stances {
        let role = if r.actor.iri == iri {
            "actor"
        } else if r.proposal.iri == iri {
            "proposal"
        } else if r.target.as_ref().is_some_and(|t| t.iri == iri) {
            "target"
        } else if r.condition.as_ref().is_some_and(|c| c.iri == iri) {
            "condition"
        } else {
            continue;
        };
        stances.push(StanceRole { role, stance: r.clone() });
    }
    Ok(EntityEvidence { iri: iri.to_string(), label, alt_labels, types, mentions, stances })
}

/// The line (1-based) holding code points `begin..end` of `text`, clipped to about 90 code
/// points either side, with the mention in [brackets].
fn context(text: &[char], begin: usize, end: usize) -> Option<(usize, String)> {
    const WINDOW: usize = 90;
    if begin > end || end > text.len() {
        return None;
    }
    let line_start = text[..begin].iter().rposition(|c| *c == '\n').map_or(0, |i| i + 1);
    let line_end = text[end..].iter().position(|c| *c == '\n').map_or(text.len(), |i| end + i);
    let line = 1 + text[..begin].iter().filter(|c| **c == '\n').count();
    let from = line_start.max(begin.saturating_sub(WINDOW));
    let to = line_end.min(end + WINDOW);
    let piece =
        |a: usize, b: usize| -> String { text[a..b].iter().map(|c| if c.is_control() { ' ' } else { *c }).collect() };
    let mut s = String::new();
    if from > line_start {
        s.push('…');
    }
    s.push_str(piece(from, begin).trim_start());
    s.push('[');
    s.push_str(&piece(begin, end));
    s.push(']');
    s.push_str(piece(end, to).trim_end());
    if to < line_end {
        s.push('…');
    }
    Some((line, s))
}

// ---------------------------------------------------------------- stance rows

fn stance_rows(store: &Store, only: Option<&str>, index: &LabelIndex) -> Result<Vec<StanceRow>> {
    let restrict = match only {
        Some(iri) => {
            let n = NamedNode::new(iri).map_err(|e| Error::QueryEvaluation(format!("bad IRI {iri:?}: {e}")))?;
            format!("VALUES ?s {{ {n} }}")
        }
        None => String::new(),
    };
    // OPTIONALs last: inside `GRAPH ?doc {}` followed by joins they make oxigraph 0.5 slow
    let q = format!(
        "SELECT ?s ?a ?t ?p ?doc ?title ?hedged ?negated ?sdate ?ddate ?target ?cond ?ctext ?outlet
                ?evidence ?b ?e ?rule ?plover ?cameo ?polarity WHERE {{
           {restrict}
           GRAPH ?doc {{ ?s a pg:Stance ; pg:actor ?a ; pg:stance ?t ; pg:proposal ?p . ?doc dct:title ?title }}
           OPTIONAL {{ ?s pg:hedged ?hedged }}
           OPTIONAL {{ ?s pg:negated ?negated }}
           OPTIONAL {{ ?s pg:statementDate ?sdate }}
           OPTIONAL {{ ?doc dct:date ?ddate }}
           OPTIONAL {{ ?s pg:target ?target }}
           OPTIONAL {{ ?s pg:hasCondition ?cond }}
           OPTIONAL {{ ?s pg:conditionText ?ctext }}
           OPTIONAL {{ ?doc pg:outlet ?outlet }}
           OPTIONAL {{ ?s pg:evidenceText ?evidence }}
           OPTIONAL {{ ?s pg:evidence ?sentence . ?sentence nif:beginIndex ?b ; nif:endIndex ?e }}
           OPTIONAL {{ ?s pg:rule ?rule }}
           OPTIONAL {{ ?s pg:ploverEvent ?plover }}
           OPTIONAL {{ ?s pg:cameoRoot ?cameo }}
           OPTIONAL {{ ?t pg:polarity ?polarity }}
         }}"
    );
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for s in select(store, &q)? {
        let (Some(iri), Some(a), Some(t), Some(p), Some(document)) =
            (iri_of(&s, "s"), iri_of(&s, "a"), iri_of(&s, "t"), iri_of(&s, "p"), iri_of(&s, "doc"))
        else {
            continue;
        };
        if !seen.insert(iri.clone()) {
            continue;
        }
        let stance = t.strip_prefix(STANCE_TYPE_NS).map_or_else(|| short_iri(&t), str::to_string);
        let polarity = text(&s, "polarity").unwrap_or_else(|| default_polarity(&stance).to_string());
        rows.push(StanceRow {
            date: text(&s, "sdate").or_else(|| text(&s, "ddate")),
            actor: index.named(&a),
            polarity,
            stance,
            proposal: index.named(&p),
            target: iri_of(&s, "target").map(|i| index.named(&i)),
            condition: iri_of(&s, "cond").map(|i| index.named(&i)),
            condition_text: text(&s, "ctext"),
            hedged: text(&s, "hedged").is_some_and(|b| b == "true"),
            negated: text(&s, "negated").is_some_and(|b| b == "true"),
            title: text(&s, "title").unwrap_or_default(),
            outlet: text(&s, "outlet"),
            evidence: text(&s, "evidence"),
            begin: number(&s, "b"),
            end: number(&s, "e"),
            rule: text(&s, "rule"),
            plover: text(&s, "plover"),
            cameo: text(&s, "cameo"),
            document,
            iri,
        });
    }
    rows.sort_by(|a, b| {
        (a.date.is_none(), &a.date, a.actor.label.to_lowercase(), a.proposal.label.to_lowercase(), &a.document, a.begin)
            .cmp(&(
                b.date.is_none(),
                &b.date,
                b.actor.label.to_lowercase(),
                b.proposal.label.to_lowercase(),
                &b.document,
                b.begin,
            ))
    });
    Ok(rows)
}

/// The polarity of a stance type when the ontology does not give one.
fn default_polarity(stance: &str) -> &'static str {
    match stance {
        "offer" | "propose" | "demand" | "accept" | "support" => "supportive",
        "reject" | "oppose" | "warn" => "opposed",
        "condition" => "conditional",
        "expect" => "neutral",
        _ => "unknown",
    }
}

// ---------------------------------------------------------------- names

/// Labels of the entities taking part in stances.
fn stance_labels(store: &Store) -> Result<LabelIndex> {
    label_index(
        store,
        "GRAPH ?g { ?s a pg:Stance ; ?role ?x . VALUES ?role { pg:actor pg:proposal pg:target pg:hasCondition } }",
    )
}

/// Labels of the entities the documents mention or that take part in stances.
fn document_labels(store: &Store) -> Result<LabelIndex> {
    // two queries: a UNION of the two GRAPH patterns takes oxigraph 0.5 twenty seconds
    let mut index = label_index(store, "GRAPH ?g { ?d pg:mentions ?x }")?;
    for (iri, labels) in stance_labels(store)?.entities {
        index.entities.entry(iri).or_insert(labels);
    }
    Ok(index)
}

/// Preferred and alternative labels of the entities `?x` bound by `entities`.
fn label_index(store: &Store, entities: &str) -> Result<LabelIndex> {
    let q = format!(
        "SELECT DISTINCT ?x ?lp ?l WHERE {{
           {entities}
           {{ ?x skos:prefLabel ?l BIND(skos:prefLabel AS ?lp) }} UNION {{ ?x skos:altLabel ?l BIND(skos:altLabel AS ?lp) }}
         }}"
    );
    let mut index = LabelIndex::default();
    for s in select(store, &q)? {
        if let (Some(x), Some(lp), Some(Term::Literal(l))) = (iri_of(&s, "x"), iri_of(&s, "lp"), s.get("l")) {
            index.entities.entry(x).or_default().add(&lp, l.value(), l.language());
        }
    }
    Ok(index)
}

/// The set of entity IRIs a filter term names. Unknown names are an error; names of
/// entities outside `index` (known to the store, no stances) give an empty set.
fn resolve_filter(store: &Store, term: &str, what: &str, index: &LabelIndex) -> Result<HashSet<String>> {
    match parse_term(term) {
        Term2::Iri(iri) => {
            if index.entities.contains_key(&iri) || exists(store, &iri)? {
                Ok(HashSet::from([iri]))
            } else {
                Err(unknown(what, term, Vec::new()))
            }
        }
        Term2::Name(name) => {
            let found = index.matching(&name);
            if !found.is_empty() {
                return Ok(found.into_iter().collect());
            }
            if let Some(iri) = slug_iri(&name) {
                if index.entities.contains_key(&iri) {
                    return Ok(HashSet::from([iri]));
                }
            }
            if !names_in_store(store, &name)?.is_empty() {
                return Ok(HashSet::new());
            }
            // suggest from every entity the documents mention, not only those with stances
            Err(unknown(what, term, document_labels(store)?.suggest(&name)))
        }
    }
}

/// The entity IRI of a bare slug ("dmitry-peskov"), when it makes a valid IRI.
fn slug_iri(name: &str) -> Option<String> {
    let iri = format!("{ENTITY_NS}{}", name.replace(' ', "-"));
    NamedNode::new(iri.as_str()).is_ok().then_some(iri)
}

/// Entities anywhere in the store (the gazetteers included) with this label or alias.
fn names_in_store(store: &Store, name: &str) -> Result<Vec<String>> {
    let q = format!(
        "SELECT DISTINCT ?x WHERE {{ ?x skos:prefLabel|skos:altLabel ?l . FILTER(LCASE(STR(?l)) = {}) }} ORDER BY ?x",
        sparql_string(&name.to_lowercase())
    );
    Ok(select(store, &q)?.iter().filter_map(|s| iri_of(s, "x")).collect())
}

/// Whether the store says anything about `iri`.
fn exists(store: &Store, iri: &str) -> Result<bool> {
    let Ok(n) = NamedNode::new(iri) else {
        return Ok(false);
    };
    match store.query(&format!("ASK {{ {{ {n} ?p ?o }} UNION {{ ?s ?q {n} }} }}"))? {
        QueryResults::Boolean(b) => Ok(b),
        _ => Ok(false),
    }
}

/// A term as typed: an IRI (full, in angle brackets, or prefix:local) or a name.
enum Term2 {
    Iri(String),
    Name(String),
}

fn parse_term(term: &str) -> Term2 {
    let t = term.trim();
    if let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        return Term2::Iri(inner.to_string());
    }
    if t.starts_with("http://") || t.starts_with("https://") {
        return Term2::Iri(t.to_string());
    }
    if let Some((p, local)) = t.split_once(':') {
        if !local.is_empty() && !t.contains(char::is_whitespace) {
            if let Some((_, ns)) = PREFIXES.iter().find(|(prefix, _)| *prefix == p) {
                return Term2::Iri(format!("{ns}{local}"));
            }
        }
    }
    Term2::Name(normalize(t))
}

/// Lower case, single spaces, straight apostrophes.
fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").replace(['’', '‘'], "'").to_lowercase()
}

#[derive(Debug, Default)]
struct Labels {
    /// (language, label)
    pref: Vec<(String, String)>,
    alt: Vec<String>,
}

impl Labels {
    fn add(&mut self, property: &str, value: &str, language: Option<&str>) {
        if property.ends_with("#prefLabel") {
            self.pref.push((language.unwrap_or_default().to_string(), value.to_string()));
        } else {
            self.alt.push(value.to_string());
        }
    }

    /// English first, then untagged, then any.
    fn display(&self, iri: &str) -> String {
        let rank = |lang: &str| match lang {
            "en" => 0,
            "" => 1,
            l if l.starts_with("en-") => 2,
            _ => 3,
        };
        self.pref
            .iter()
            .min_by(|a, b| (rank(&a.0), &a.1).cmp(&(rank(&b.0), &b.1)))
            .map_or_else(|| short_iri(iri), |(_, l)| l.clone())
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        self.pref.iter().map(|(_, l)| l.as_str()).chain(self.alt.iter().map(String::as_str))
    }
}

#[derive(Debug, Default)]
struct LabelIndex {
    entities: HashMap<String, Labels>,
}

impl LabelIndex {
    fn named(&self, iri: &str) -> Named {
        let label = self.entities.get(iri).map_or_else(|| short_iri(iri), |l| l.display(iri));
        Named { iri: iri.to_string(), label }
    }

    /// IRIs with a label equal to `name` (normalised), sorted.
    fn matching(&self, name: &str) -> Vec<String> {
        let mut found: Vec<String> = self
            .entities
            .iter()
            .filter(|(_, labels)| labels.all().any(|l| normalize(l) == name))
            .map(|(iri, _)| iri.clone())
            .collect();
        found.sort();
        found
    }

    /// Up to five labels close to `name` (containing it, contained in it, or a few edits
    /// away), as "Label (pgr:slug)".
    fn suggest(&self, name: &str) -> Vec<String> {
        let n = name.chars().count();
        let mut scored: Vec<(usize, String)> = Vec::new();
        for (iri, labels) in &self.entities {
            let best = labels
                .all()
                .filter_map(|l| {
                    let l = normalize(l);
                    let ln = l.chars().count();
                    if n >= 3 && ln >= 3 && (l.contains(name) || name.contains(&l)) {
                        return Some(n.abs_diff(ln));
                    }
                    let d = levenshtein(name, &l);
                    (d <= (n / 3).max(2)).then_some(d + 1)
                })
                .min();
            if let Some(score) = best {
                scored.push((score, format!("{} ({})", labels.display(iri), short_iri(iri))));
            }
        }
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(5).map(|(_, s)| s).collect()
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn unknown(what: &str, term: &str, suggestions: Vec<String>) -> Error {
    Error::UnknownTerm { what: what.to_string(), term: term.to_string(), suggestions }
}

// ---------------------------------------------------------------- SPARQL helpers

/// A SPARQL string literal holding `s`, every special character escaped.
fn sparql_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An IRI shortened with the known prefixes (`pgr:russia`), or in angle brackets.
pub fn short_iri(iri: &str) -> String {
    crate::query::short_term(&Term::NamedNode(NamedNode::new_unchecked(iri)))
}

fn select(store: &Store, query: &str) -> Result<Vec<QuerySolution>> {
    let prefixes: String = PREFIXES.iter().map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n")).collect();
    store.select(&format!("{prefixes}{query}"))
}

fn iri_of(s: &QuerySolution, var: &str) -> Option<String> {
    crate::query::iri_of(s.get(var))
}

fn text(s: &QuerySolution, var: &str) -> Option<String> {
    crate::query::literal_of(s.get(var))
}

fn number(s: &QuerySolution, var: &str) -> Option<u64> {
    text(s, var).and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_parse_as_iris_or_names() {
        assert!(matches!(parse_term("pgr:russia"), Term2::Iri(i) if i == format!("{ENTITY_NS}russia")));
        assert!(matches!(parse_term("<https://x.org/a>"), Term2::Iri(i) if i == "https://x.org/a"));
        assert!(matches!(parse_term("https://x.org/a"), Term2::Iri(i) if i == "https://x.org/a"));
        assert!(matches!(parse_term("  Security   Guarantees "), Term2::Name(n) if n == "security guarantees"));
        assert!(matches!(parse_term("note: a"), Term2::Name(_)));
        assert!(matches!(parse_term("foo:bar"), Term2::Name(_)));
    }

    #[test]
    fn string_literals_are_escaped() {
        assert_eq!(sparql_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(sparql_string("x\ny"), r#""x\ny""#);
        assert_eq!(sparql_string("\") } DROP ALL #"), r#""\") } DROP ALL #""#);
    }

    #[test]
    fn context_brackets_the_mention_within_its_line() {
        let text: Vec<char> = "Title\n\nPeskov said no.\nNext".chars().collect();
        let (line, ctx) = context(&text, 7, 13).unwrap_or_default();
        assert_eq!(line, 3);
        assert_eq!(ctx, "[Peskov] said no.");
        assert!(context(&text, 7, 99).is_none());
    }

    #[test]
    fn polarity_defaults_follow_the_ontology() {
        assert_eq!(default_polarity("offer"), "supportive");
        assert_eq!(default_polarity("warn"), "opposed");
        assert_eq!(default_polarity("condition"), "conditional");
        assert_eq!(default_polarity("expect"), "neutral");
    }

    #[test]
    fn suggestions_find_near_labels() {
        let mut index = LabelIndex::default();
        let mut l = Labels::default();
        l.add("http://www.w3.org/2004/02/skos/core#prefLabel", "Dmitry Peskov", Some("en"));
        l.add("http://www.w3.org/2004/02/skos/core#altLabel", "Peskov", Some("en"));
        index.entities.insert(format!("{ENTITY_NS}dmitry-peskov"), l);
        assert_eq!(index.matching("peskov"), vec![format!("{ENTITY_NS}dmitry-peskov")]);
        assert_eq!(index.suggest("peskow"), vec!["Dmitry Peskov (pgr:dmitry-peskov)".to_string()]);
        assert!(index.suggest("zzzzzz").is_empty());
        assert_eq!(levenshtein("kitten", "sitting"), 3);
    }
}

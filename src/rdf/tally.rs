//! Tallies: corpus-wide counts kept beside the document graphs, so that "who holds which
//! position on each proposal, in how many documents" reads a few hundred quads instead of
//! joining every stance of the store.
//!
//! A document's contribution is computed from its own quads (the same function at ingest, when
//! it is replaced and when it is removed, so what is added is exactly what is later taken
//! away), plus the class and label of the gazetteer entities it names. Contributions are
//! written as *pending* tally nodes in the tally graph, in the same commit as the document
//! graphs they count (with negative counts on removal), so a crash never leaves the counts out
//! of step with the documents; a compaction folds them into one node per key. Queries sum the
//! counts of all nodes of a key, pending or not.
//!
//! This module is pure (quads in, quads out); reading and writing the store is
//! [`crate::store::Store`]'s.

use std::collections::{BTreeMap, HashMap, HashSet};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};

use super::vocab::{TALLY_GRAPH, TALLY_NS, pg, skos, std_terms, tally};
use crate::knowledge::EntityClass;
use crate::text::stable_hash;

/// What a tally counts, and over which key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// (proposal, actor, stance type): documents with such a stance.
    Position,
    /// (proposal, actor, stance type, statement date): documents with such a dated stance.
    Timeline,
    /// (proposal, actor, stance type, condition text, condition proposal): documents.
    Condition,
    /// (actor, stance type, proposal, hedged, evidence sentence): documents that print it.
    Statement,
    /// (actor, other actor): evidence sentences naming both (the first IRI sorts first).
    CoMention,
    /// (entity, class): documents naming a person or a place outside boilerplate (a country
    /// only where a mention situates something in it).
    Mention,
    /// (holder, role name, party, date): documents giving a person that role.
    Role,
}

impl Kind {
    const ALL: [Kind; 7] =
        [Kind::Position, Kind::Timeline, Kind::Condition, Kind::Statement, Kind::CoMention, Kind::Mention, Kind::Role];

    /// The class of this kind's tally nodes.
    pub fn class(self) -> NamedNodeRef<'static> {
        match self {
            Kind::Position => tally::POSITION,
            Kind::Timeline => tally::TIMELINE,
            Kind::Condition => tally::CONDITION,
            Kind::Statement => tally::STATEMENT,
            Kind::CoMention => tally::CO_MENTION,
            Kind::Mention => tally::MENTION,
            Kind::Role => tally::ROLE,
        }
    }

    fn from_class(c: NamedNodeRef<'_>) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.class() == c)
    }
}

/// A tally key: its kind and (property, value) pairs, sorted by property then value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// What is counted.
    pub kind: Kind,
    /// The key's values, each under its `tally:` property.
    pub terms: Vec<(NamedNode, Term)>,
}

impl Key {
    fn new(kind: Kind, terms: &[(NamedNodeRef<'static>, Option<Term>)]) -> Self {
        let mut terms: Vec<(NamedNode, Term)> =
            terms.iter().filter_map(|(p, t)| t.clone().map(|t| (p.into_owned(), t))).collect();
        sort_terms(&mut terms);
        Self { kind, terms }
    }

    /// The IRI of the key's compacted node: a hash of the kind and the values.
    pub fn iri(&self) -> NamedNode {
        let parts: Vec<String> = std::iter::once(self.kind.class().as_str().to_string())
            .chain(self.terms.iter().map(|(p, t)| format!("{p} {t}")))
            .collect();
        let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
        NamedNode::new_unchecked(format!("{TALLY_NS}{:016x}", stable_hash(&refs)))
    }
}

fn sort_terms(terms: &mut [(NamedNode, Term)]) {
    // oxigraph's terms have no order of their own; their N-Triples form gives one
    terms.sort_by_cached_key(|(p, t)| (p.clone(), t.to_string()));
}

/// Counts per key, and the labels of the entities the keys name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tallies {
    /// Count of each key (negative in a removal's contribution).
    pub counts: HashMap<Key, i64>,
    /// Label of each entity a key names (IRI -> label).
    pub labels: BTreeMap<String, String>,
}

impl Tallies {
    /// True when nothing is counted.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Adds `other`'s counts (and labels this one lacks); keys that reach 0 are dropped.
    pub fn add(&mut self, other: &Tallies) {
        for (k, n) in &other.counts {
            let c = self.counts.entry(k.clone()).or_insert(0);
            *c += n;
            if *c == 0 {
                self.counts.remove(k);
            }
        }
        for (e, l) in &other.labels {
            self.labels.entry(e.clone()).or_insert_with(|| l.clone());
        }
    }

    /// The same keys with opposite counts: what removing a document takes away.
    pub fn negated(&self) -> Tallies {
        Tallies { counts: self.counts.iter().map(|(k, n)| (k.clone(), -n)).collect(), labels: BTreeMap::new() }
    }

    /// The keys and counts, sorted by the keys' IRIs: a deterministic order for writing.
    pub fn sorted(&self) -> Vec<(NamedNode, &Key, i64)> {
        let mut v: Vec<(NamedNode, &Key, i64)> = self.counts.iter().map(|(k, n)| (k.iri(), k, *n)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    /// Pending tally nodes for these counts, in the tally graph: one node per key, named after
    /// the key's compacted node and `unit` (unique to the commit that writes them). Labels are
    /// not included: see [`label_quads`].
    pub fn pending_quads(&self, unit: &str) -> Vec<Quad> {
        let mut out = Vec::new();
        for (compacted, k, n) in self.sorted() {
            let node = NamedNode::new_unchecked(format!("{}/{unit}", compacted.as_str()));
            node_quads(&node, k, n, &mut out);
            out.push(quad(&node, tally::PART_OF.into_owned(), compacted.into()));
        }
        out
    }
}

/// The quads of a tally node: its class, key values and count.
pub fn node_quads(node: &NamedNode, key: &Key, count: i64, out: &mut Vec<Quad>) {
    out.push(quad(node, rdf::TYPE.into_owned(), key.kind.class().into_owned().into()));
    for (p, t) in &key.terms {
        out.push(quad(node, p.clone(), t.clone()));
    }
    out.push(quad(node, tally::COUNT.into_owned(), Literal::from(count).into()));
}

/// `skos:prefLabel` quads in the tally graph for the entities of `labels` that `has_label`
/// says lack one there (a label is written once, whatever the documents that name it).
pub fn label_quads(labels: &BTreeMap<String, String>, mut has_label: impl FnMut(&str) -> bool) -> Vec<Quad> {
    labels
        .iter()
        .filter(|(e, _)| !has_label(e))
        .map(|(e, l)| {
            quad(
                &NamedNode::new_unchecked(e),
                skos::PREF_LABEL.into_owned(),
                Literal::new_language_tagged_literal_unchecked(l, "en").into(),
            )
        })
        .collect()
}

fn quad(s: &NamedNode, p: NamedNode, o: Term) -> Quad {
    Quad::new(s.clone(), p, o, GraphName::NamedNode(TALLY_GRAPH.into_owned()))
}

/// Reads a tally node back from its quads (subject, predicate, object of one node): its key
/// and count, or `None` when they are not a tally node.
pub fn parse_node<'a>(pairs: impl IntoIterator<Item = (NamedNodeRef<'a>, TermRef<'a>)>) -> Option<(Key, i64)> {
    let (mut kind, mut count) = (None, None);
    let mut terms = Vec::new();
    for (p, o) in pairs {
        if p == rdf::TYPE {
            if let TermRef::NamedNode(c) = o {
                kind = kind.or(Kind::from_class(c));
            }
        } else if p == tally::COUNT {
            if let TermRef::Literal(l) = o {
                count = l.value().parse::<i64>().ok();
            }
        } else if p != tally::PART_OF {
            terms.push((p.into_owned(), o.into_owned()));
        }
    }
    // the order of the key's values is the order of the kind's properties, which sort the
    // same way whichever order the store returned them in
    sort_terms(&mut terms);
    Some((Key { kind: kind?, terms }, count?))
}

/// Class and label of a gazetteer entity, by IRI: what a document's graph does not say about
/// the entities it names.
pub type Gazetteer<'g> = dyn FnMut(&str) -> (Option<EntityClass>, Option<String>) + 'g;

/// The facts of one subject of a document graph.
#[derive(Default)]
struct Node<'a> {
    props: Vec<(NamedNodeRef<'a>, TermRef<'a>)>,
}

impl<'a> Node<'a> {
    fn iri(&self, p: NamedNodeRef<'_>) -> Option<NamedNodeRef<'a>> {
        self.props.iter().find_map(|(q, o)| match o {
            TermRef::NamedNode(n) if *q == p => Some(*n),
            _ => None,
        })
    }

    fn iris(&self, p: NamedNodeRef<'_>) -> impl Iterator<Item = NamedNodeRef<'a>> + '_ {
        let p = p.into_owned();
        self.props.iter().filter_map(move |(q, o)| match o {
            TermRef::NamedNode(n) if *q == p.as_ref() => Some(*n),
            _ => None,
        })
    }

    fn term(&self, p: NamedNodeRef<'_>) -> Option<Term> {
        self.props.iter().find(|(q, _)| *q == p).map(|(_, o)| o.into_owned())
    }

    fn literal(&self, p: NamedNodeRef<'_>) -> Option<&'a str> {
        self.props.iter().find_map(|(q, o)| match o {
            TermRef::Literal(l) if *q == p => Some(l.value()),
            _ => None,
        })
    }

    fn is(&self, class: NamedNodeRef<'_>) -> bool {
        self.props.iter().any(|(q, o)| *q == rdf::TYPE && *o == TermRef::NamedNode(class))
    }

    fn in_boilerplate(&self) -> bool {
        self.literal(pg::IN_BOILERPLATE) == Some("true")
    }
}

/// The contribution of one document to the tallies, from the quads of its graph. Entities the
/// graph does not type or label (the gazetteer's) are looked up with `gazetteer`.
pub fn of_document<'a>(quads: impl IntoIterator<Item = &'a Quad>, gazetteer: &mut Gazetteer<'_>) -> Tallies {
    let mut nodes: HashMap<NamedNodeRef<'a>, Node<'a>> = HashMap::new();
    for q in quads {
        if let NamedOrBlankNode::NamedNode(s) = &q.subject {
            nodes.entry(s.as_ref()).or_default().props.push((q.predicate.as_ref(), q.object.as_ref()));
        }
    }
    let mut known: HashMap<NamedNodeRef<'a>, (Option<EntityClass>, Option<String>)> = HashMap::new();
    let mut entity = |e: NamedNodeRef<'a>| -> (Option<EntityClass>, Option<String>) {
        known
            .entry(e)
            .or_insert_with(|| match nodes.get(&e) {
                Some(n) if n.literal(skos::PREF_LABEL).is_some() => {
                    let class = EntityClass::from_class_iris(n.iris(rdf::TYPE));
                    (class, n.literal(skos::PREF_LABEL).map(str::to_string))
                }
                _ => gazetteer(e.as_str()),
            })
            .clone()
    };

    let mut out = Tallies::default();
    let mut per_doc: HashSet<Key> = HashSet::new();
    let mut named: Vec<NamedNodeRef<'a>> = Vec::new();
    let iri = |n: NamedNodeRef<'_>| Some(Term::NamedNode(n.into_owned()));

    // documents that mention people and places outside boilerplate
    let mut located: HashSet<NamedNodeRef<'a>> = HashSet::new();
    for n in nodes.values().filter(|n| n.is(pg::MENTION) && !n.in_boilerplate()) {
        if n.literal(pg::MENTION_ROLE) == Some("location") {
            located.extend(n.iri(pg::REFERS_TO));
        }
    }
    for doc in nodes.values().filter(|n| n.is(pg::DOCUMENT)) {
        for e in doc.iris(pg::MENTIONS) {
            if nodes.get(&e).is_some_and(Node::in_boilerplate) {
                continue;
            }
            let class = match entity(e).0 {
                Some(c @ (EntityClass::Person | EntityClass::City | EntityClass::Region)) => c,
                Some(c @ (EntityClass::Facility | EntityClass::Continent)) => c,
                Some(EntityClass::Country) if located.contains(&e) => EntityClass::Country,
                _ => continue,
            };
            per_doc.insert(Key::new(Kind::Mention, &[(tally::ENTITY, iri(e)), (tally::CLASS, iri(class.iri()))]));
            named.push(e);
        }
    }

    // stances
    for s in nodes.values().filter(|n| n.is(pg::STANCE)) {
        let (Some(a), Some(t)) = (s.iri(pg::ACTOR), s.iri(pg::STANCE_PROP)) else { continue };
        for p in s.iris(pg::PROPOSAL_PROP) {
            let base = [(tally::PROPOSAL, iri(p)), (tally::ACTOR, iri(a)), (tally::STANCE, iri(t))];
            per_doc.insert(Key::new(Kind::Position, &base));
            if let Some(d) = s.term(pg::STATEMENT_DATE) {
                let mut k = base.to_vec();
                k.push((tally::DATE, Some(d)));
                per_doc.insert(Key::new(Kind::Timeline, &k));
            }
            if let Some(text) = s.term(pg::CONDITION_TEXT) {
                let condition = s.iri(pg::HAS_CONDITION);
                let mut k = base.to_vec();
                k.push((tally::CONDITION_TEXT, Some(text)));
                k.push((tally::CONDITION_PROPOSAL, condition.and_then(iri)));
                per_doc.insert(Key::new(Kind::Condition, &k));
                named.extend(condition);
            }
            if let Some(evidence) = s.term(pg::EVIDENCE_TEXT) {
                let mut k = base.to_vec();
                k.push((tally::HEDGED, s.term(pg::HEDGED)));
                k.push((tally::EVIDENCE, Some(evidence)));
                per_doc.insert(Key::new(Kind::Statement, &k));
            }
            named.extend([p, a]);
        }
    }

    // roles
    for r in nodes.values().filter(|n| n.is(pg::ROLE_STATEMENT)) {
        let Some(h) = r.iri(pg::HOLDER) else { continue };
        let of = r.iri(pg::ROLE_OF);
        per_doc.insert(Key::new(
            Kind::Role,
            &[
                (tally::HOLDER, iri(h)),
                (tally::ROLE_NAME, r.term(std_terms::SCHEMA_ROLE_NAME)),
                (tally::OF, of.and_then(iri)),
                (tally::DATE, r.term(std_terms::DCT_DATE)),
            ],
        ));
        named.push(h);
        named.extend(of);
    }

    // actors named together in an evidence sentence: counted per sentence
    for s in nodes.values() {
        let mut actors: Vec<NamedNodeRef<'a>> =
            s.iris(pg::SENTENCE_MENTIONS).filter(|e| entity(*e).0.is_some_and(EntityClass::is_actor)).collect();
        actors.sort_by_key(|e| e.as_str());
        actors.dedup();
        for (i, x) in actors.iter().enumerate() {
            for y in &actors[i + 1..] {
                let k = Key::new(Kind::CoMention, &[(tally::ACTOR, iri(*x)), (tally::OTHER, iri(*y))]);
                *out.counts.entry(k).or_insert(0) += 1;
                named.extend([*x, *y]);
            }
        }
    }

    for k in per_doc {
        *out.counts.entry(k).or_insert(0) += 1;
    }
    for e in named {
        if let (_, Some(label)) = entity(e) {
            out.labels.insert(e.as_str().to_string(), label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::extraction::Extractor;
    use crate::knowledge::Knowledge;

    fn tallies_of(text: &str) -> Tallies {
        let k = Knowledge::embedded().unwrap();
        let x = Extractor::new(&k).unwrap().extract(&Document::from_text("t", text));
        let quads = crate::rdf::document_quads(&x);
        let known: HashMap<String, (Option<EntityClass>, Option<String>)> = x
            .tagging
            .entities
            .iter()
            .filter(|e| e.known)
            .map(|e| (e.iri.clone(), (e.class, Some(e.label.clone()))))
            .collect();
        of_document(&quads, &mut |iri: &str| known.get(iri).cloned().unwrap_or((None, None)))
    }

    fn count(t: &Tallies, kind: Kind, values: &[&str]) -> i64 {
        t.counts
            .iter()
            .filter(|(k, _)| {
                k.kind == kind
                    && values.iter().all(|v| {
                        k.terms.iter().any(|(_, t)| match t {
                            Term::NamedNode(n) => n.as_str().ends_with(&format!("/{v}")),
                            Term::Literal(l) => l.value() == *v,
                            _ => false,
                        })
                    })
            })
            .map(|(_, n)| n)
            .sum()
    }

    #[test]
    fn a_document_counts_once_per_key_and_co_mentions_per_sentence() {
        let t = tallies_of(
            "Russia rejected the ceasefire on Monday. Russia rejected the ceasefire again, Peskov said. \
             Zelensky met Macron in Berlin.",
        );
        assert_eq!(count(&t, Kind::Position, &["russia", "reject", "ceasefire"]), 1, "{t:#?}");
        assert_eq!(count(&t, Kind::Mention, &["berlin"]), 1, "{t:#?}");
        assert!(count(&t, Kind::Mention, &["volodymyr-zelenskyy"]) == 1, "{t:#?}");
        assert!(t.labels.values().any(|l| l == "Russia"), "{:?}", t.labels);
    }
}

//! Maps an [`Extraction`] to RDF quads, all in the document's own named graph.
//!
//! A pure mapping: no store, no file system. The document node carries its text
//! (`nif:isString`), so every mention and stance can be shown with its evidence; mentions are
//! NIF phrases with code-point offsets; stances are plain n-ary nodes (no RDF-star). Only
//! evidence sentences (of stances and roles) become `nif:Sentence` nodes; each states which
//! entities it names (`pg:sentenceMentions`), so co-mentions need no offset arithmetic.

pub mod tally;
pub mod vocab;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

use crate::extraction::Extraction;
use crate::knowledge::EntityType;
use crate::text::stable_hash;
use vocab::{ROLE_NS, STANCE_NS, nif, pg, skos, std_terms};

/// The quads of one document, in its named graph (the document IRI), sorted.
pub fn document_quads(x: &Extraction) -> Vec<Quad> {
    let doc = &x.document;
    let doc_iri = doc.iri();
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(&doc_iri));
    let mut q = Writer { graph, quads: Vec::new() };
    let d = NamedNode::new_unchecked(&doc_iri);

    q.iri(&d, rdf::TYPE.into_owned(), pg::DOCUMENT.into_owned());
    q.iri(&d, rdf::TYPE.into_owned(), nif::CONTEXT.into_owned());
    q.lit(&d, std_terms::DCT_TITLE.into_owned(), Literal::new_simple_literal(&doc.title));
    q.lit(&d, nif::IS_STRING.into_owned(), Literal::new_simple_literal(&doc.text));
    q.lit(&d, pg::CONTENT_HASH.into_owned(), Literal::new_simple_literal(&doc.content_hash));
    if let Some(date) = &doc.date {
        q.lit(&d, std_terms::DCT_DATE.into_owned(), Literal::new_typed_literal(date, xsd::DATE));
    }
    if let Some(outlet) = &doc.outlet {
        q.lit(&d, pg::OUTLET.into_owned(), Literal::new_simple_literal(outlet));
    }
    if let Some(url) = &doc.url {
        // a record's URL is the reader's to vouch for: an IRI when it parses, else a literal
        match NamedNode::new(url) {
            Ok(u) => q.iri(&d, std_terms::SCHEMA_URL.into_owned(), u),
            Err(_) => q.lit(&d, std_terms::SCHEMA_URL.into_owned(), Literal::new_simple_literal(url)),
        }
    }
    if let Some(byline) = &doc.byline {
        q.lit(&d, std_terms::DCT_CREATOR.into_owned(), Literal::new_simple_literal(byline));
    }
    if let Some(path) = &doc.path {
        q.lit(&d, std_terms::DCT_SOURCE.into_owned(), Literal::new_simple_literal(path.display().to_string()));
    }

    let t = &x.tagging;
    // entities: unknown ones get their type and label here; known ones live in the ontology graph
    for (i, e) in t.entities.iter().enumerate() {
        let en = NamedNode::new_unchecked(&e.iri);
        let body = t.mentions.iter().any(|m| m.entity == i && !m.boilerplate);
        let any = t.mentions.iter().any(|m| m.entity == i);
        if any {
            q.iri(&d, pg::MENTIONS.into_owned(), en.clone());
        }
        if !body && any {
            q.lit(&en, pg::IN_BOILERPLATE.into_owned(), Literal::from(true));
        }
        if !e.known {
            let class = e.class.map_or(pg::ENTITY, |c| c.iri());
            q.iri(&en, rdf::TYPE.into_owned(), class.into_owned());
            if e.etype == EntityType::Proposal {
                q.iri(&en, rdf::TYPE.into_owned(), skos::CONCEPT.into_owned());
            }
            q.lit(&en, skos::PREF_LABEL.into_owned(), Literal::new_language_tagged_literal_unchecked(&e.label, "en"));
        }
    }
    // discovered proposals: marked as such, under the scheme concept they name
    for s in &x.stances {
        let Some(found) = &s.discovered else { continue };
        let p = NamedNode::new_unchecked(&s.proposal.id);
        q.iri(&p, rdf::TYPE.into_owned(), pg::PROPOSAL.into_owned());
        q.lit(&p, pg::DISCOVERED.into_owned(), Literal::from(true));
        if let Some(b) = &found.broader {
            q.iri(&p, skos::BROADER.into_owned(), NamedNode::new_unchecked(&b.id));
        }
    }
    for m in &t.mentions {
        let mn = NamedNode::new_unchecked(format!("{doc_iri}#char={},{}", m.char_start, m.char_end));
        let e = &t.entities[m.entity];
        q.iri(&mn, rdf::TYPE.into_owned(), pg::MENTION.into_owned());
        q.iri(&mn, nif::REFERENCE_CONTEXT.into_owned(), d.clone());
        q.lit(&mn, nif::BEGIN_INDEX.into_owned(), int(m.char_start));
        q.lit(&mn, nif::END_INDEX.into_owned(), int(m.char_end));
        q.lit(&mn, nif::ANCHOR_OF.into_owned(), Literal::new_simple_literal(&doc.text[m.start..m.end]));
        q.iri(&mn, pg::REFERS_TO.into_owned(), NamedNode::new_unchecked(&e.iri));
        q.lit(&mn, pg::MENTION_ROLE.into_owned(), Literal::new_simple_literal(m.role.as_str()));
        q.lit(&mn, pg::RULE.into_owned(), Literal::new_simple_literal(&m.rule));
        if m.boilerplate {
            q.lit(&mn, pg::IN_BOILERPLATE.into_owned(), Literal::from(true));
        }
    }
    for s in &x.stances {
        let id = stable_hash(&[
            &doc_iri,
            &s.actor.id,
            s.stance.as_str(),
            &s.proposal.id,
            s.target.as_ref().map_or("", |t| t.id.as_str()),
            s.condition.as_ref().and_then(|c| c.proposal.as_ref()).map_or("", |p| p.id.as_str()),
            &s.char_start.to_string(),
        ]);
        let sn = NamedNode::new_unchecked(format!("{STANCE_NS}{id:016x}"));
        let sentence = NamedNode::new_unchecked(format!("{doc_iri}#char={},{}", s.char_start, s.char_end));
        let (plover, cameo) = s.stance.event_codes();
        q.iri(&sn, rdf::TYPE.into_owned(), pg::STANCE.into_owned());
        q.iri(&sn, pg::ACTOR.into_owned(), NamedNode::new_unchecked(&s.actor.id));
        q.iri(&sn, pg::STANCE_PROP.into_owned(), s.stance.iri());
        q.iri(&sn, pg::PROPOSAL_PROP.into_owned(), NamedNode::new_unchecked(&s.proposal.id));
        if let Some(t) = &s.target {
            q.iri(&sn, pg::TARGET.into_owned(), NamedNode::new_unchecked(&t.id));
        }
        if let Some(c) = &s.condition {
            if let Some(p) = &c.proposal {
                q.iri(&sn, pg::HAS_CONDITION.into_owned(), NamedNode::new_unchecked(&p.id));
            }
            q.lit(&sn, pg::CONDITION_TEXT.into_owned(), Literal::new_simple_literal(&c.text));
        }
        q.lit(&sn, pg::HEDGED.into_owned(), Literal::from(s.hedged));
        q.lit(&sn, pg::NEGATED.into_owned(), Literal::from(s.negated));
        if let Some(date) = &s.date {
            q.lit(&sn, pg::STATEMENT_DATE.into_owned(), Literal::new_typed_literal(date, xsd::DATE));
        }
        q.iri(&sn, pg::EVIDENCE.into_owned(), sentence.clone());
        q.lit(&sn, pg::EVIDENCE_TEXT.into_owned(), Literal::new_simple_literal(&doc.text[s.start..s.end]));
        q.lit(&sn, pg::RULE.into_owned(), Literal::new_simple_literal(&s.rule));
        q.lit(&sn, pg::PLOVER_EVENT.into_owned(), Literal::new_simple_literal(plover));
        q.lit(&sn, pg::CAMEO_ROOT.into_owned(), Literal::new_simple_literal(cameo));
        q.iri(&sn, std_terms::PROV_WAS_DERIVED_FROM.into_owned(), d.clone());
        if let Some(sp) = &s.speaker {
            q.iri(&sn, pg::SPEAKER.into_owned(), NamedNode::new_unchecked(&sp.id));
        }
        if let Some(outlet) = &doc.outlet {
            q.lit(&sn, pg::OUTLET.into_owned(), Literal::new_simple_literal(outlet));
        }
        q.iri(&sentence, rdf::TYPE.into_owned(), nif::SENTENCE.into_owned());
        q.iri(&sentence, nif::REFERENCE_CONTEXT.into_owned(), d.clone());
        q.lit(&sentence, nif::BEGIN_INDEX.into_owned(), int(s.char_start));
        q.lit(&sentence, nif::END_INDEX.into_owned(), int(s.char_end));
        q.lit(&sentence, nif::ANCHOR_OF.into_owned(), Literal::new_simple_literal(&doc.text[s.start..s.end]));
    }
    for qt in &x.quotations {
        let qn = NamedNode::new_unchecked(format!("{doc_iri}#char={},{}", qt.char_start, qt.char_end));
        q.iri(&qn, rdf::TYPE.into_owned(), pg::QUOTE.into_owned());
        q.iri(&qn, nif::REFERENCE_CONTEXT.into_owned(), d.clone());
        q.lit(&qn, nif::BEGIN_INDEX.into_owned(), int(qt.char_start));
        q.lit(&qn, nif::END_INDEX.into_owned(), int(qt.char_end));
        q.lit(&qn, nif::ANCHOR_OF.into_owned(), Literal::new_simple_literal(&doc.text[qt.start..qt.end]));
        if let Some(sp) = &qt.speaker {
            q.iri(&qn, pg::SPEAKER.into_owned(), NamedNode::new_unchecked(&sp.id));
        }
        if let Some(v) = &qt.verb {
            q.lit(&qn, pg::SPEECH_VERB.into_owned(), Literal::new_simple_literal(v));
        }
    }
    for r in &x.roles {
        let id = stable_hash(&[&doc_iri, &r.person.id, &r.role, r.of.as_ref().map_or("", |o| o.id.as_str())]);
        let rn = NamedNode::new_unchecked(format!("{ROLE_NS}{id:016x}"));
        let sentence = NamedNode::new_unchecked(format!("{doc_iri}#char={},{}", r.char_start, r.char_end));
        q.iri(&rn, rdf::TYPE.into_owned(), pg::ROLE_STATEMENT.into_owned());
        q.iri(&rn, pg::HOLDER.into_owned(), NamedNode::new_unchecked(&r.person.id));
        q.lit(&rn, std_terms::SCHEMA_ROLE_NAME.into_owned(), Literal::new_simple_literal(&r.role));
        if let Some(of) = &r.of {
            q.iri(&rn, pg::ROLE_OF.into_owned(), NamedNode::new_unchecked(&of.id));
        }
        if let Some(date) = &r.date {
            q.lit(&rn, std_terms::DCT_DATE.into_owned(), Literal::new_typed_literal(date, xsd::DATE));
        }
        q.iri(&rn, pg::EVIDENCE.into_owned(), sentence.clone());
        q.lit(&rn, pg::EVIDENCE_TEXT.into_owned(), Literal::new_simple_literal(&doc.text[r.start..r.end]));
        q.iri(&rn, std_terms::PROV_WAS_DERIVED_FROM.into_owned(), d.clone());
        q.iri(&sentence, rdf::TYPE.into_owned(), nif::SENTENCE.into_owned());
        q.iri(&sentence, nif::REFERENCE_CONTEXT.into_owned(), d.clone());
        q.lit(&sentence, nif::BEGIN_INDEX.into_owned(), int(r.char_start));
        q.lit(&sentence, nif::END_INDEX.into_owned(), int(r.char_end));
        q.lit(&sentence, nif::ANCHOR_OF.into_owned(), Literal::new_simple_literal(&doc.text[r.start..r.end]));
    }
    // which entities each evidence sentence names (duplicates go with the final dedup)
    let mut sentences: Vec<(usize, usize)> = x
        .stances
        .iter()
        .map(|s| (s.char_start, s.char_end))
        .chain(x.roles.iter().map(|r| (r.char_start, r.char_end)))
        .collect();
    sentences.sort_unstable();
    sentences.dedup();
    for (b, e) in sentences {
        let sentence = NamedNode::new_unchecked(format!("{doc_iri}#char={b},{e}"));
        for m in t.mentions.iter().filter(|m| b <= m.char_start && m.char_end <= e) {
            q.iri(&sentence, pg::SENTENCE_MENTIONS.into_owned(), NamedNode::new_unchecked(&t.entities[m.entity].iri));
        }
    }
    let mut quads = q.quads;
    quads.sort_by_cached_key(ToString::to_string);
    quads.dedup();
    quads
}

fn int(v: usize) -> Literal {
    Literal::new_typed_literal(v.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn iri(&mut self, s: &NamedNode, p: NamedNode, o: NamedNode) {
        self.quads.push(Quad::new(s.clone(), p, o, self.graph.clone()));
    }

    fn lit(&mut self, s: &NamedNode, p: NamedNode, o: Literal) {
        self.quads.push(Quad::new(s.clone(), p, o, self.graph.clone()));
    }
}

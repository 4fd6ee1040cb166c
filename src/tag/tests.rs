//! Tagger tests on sentences of our own (not from the seed articles).

use std::sync::LazyLock;

use super::*;
use crate::document::Document;
use crate::knowledge::Knowledge;
use crate::segment::segment;

static TAGGER: LazyLock<Tagger> = LazyLock::new(|| Tagger::new(&Knowledge::embedded().unwrap()).unwrap());

/// (surface, entity label, type, role) of every actor and place mention.
fn tag(text: &str) -> Vec<(String, String, EntityType, Role)> {
    let doc = Document::from_text("t", text);
    let seg = segment(&doc.text);
    let t = TAGGER.tag(&doc, &seg);
    t.mentions
        .iter()
        .filter(|m| t.entity(m).etype != EntityType::Proposal)
        .map(|m| {
            let e = t.entity(m);
            (doc.text[m.start..m.end].to_string(), e.label.clone(), e.etype, m.role)
        })
        .collect()
}

fn labels(text: &str) -> Vec<String> {
    tag(text).into_iter().map(|(_, l, _, _)| l).collect()
}

#[test]
fn spelling_variants_link_to_one_person() {
    let found = labels("Zelensky met Zelenskiy's aides; Zelenskyy later spoke.");
    assert_eq!(found, vec!["Volodymyr Zelenskyy"; 3]);
}

#[test]
fn an_acting_capital_is_its_state_and_a_venue_is_a_place() {
    let t = tag("Talks in Moscow stalled. Moscow has rejected the plan, while Paris said little.");
    assert_eq!(t[0].1, "Moscow");
    assert_eq!(t[0].3, Role::Location);
    assert_eq!(t[1].1, "Russia");
    assert_eq!(t[1].3, Role::Agent);
    assert_eq!(t[2].1, "France");
}

#[test]
fn the_kremlin_is_a_government_of_russia() {
    let doc = Document::from_text("t", "The Kremlin warned against the move.");
    let t = TAGGER.tag(&doc, &segment(&doc.text));
    let e = t.entity(&t.mentions[0]);
    assert_eq!(e.label, "Kremlin");
    assert_eq!(e.state.as_deref(), Some("https://w3id.org/pactgraph/id/russia"));
}

#[test]
fn unknown_people_by_given_name_title_and_credit() {
    let t = labels(
        "Analyst Marta Kowalczyk said the offer was weak, according to Ingrid Solberg. Photo: Pablo Ferreiro / Reuters",
    );
    assert!(t.contains(&"Marta Kowalczyk".to_string()), "{t:?}");
    assert!(t.contains(&"Ingrid Solberg".to_string()), "{t:?}");
    assert!(t.contains(&"Pablo Ferreiro".to_string()), "{t:?}");
}

#[test]
fn a_surname_after_the_full_name_is_the_same_person() {
    let t = tag("Researcher Ingrid Solberg doubted it. Solberg said talks would fail.");
    assert_eq!(t.iter().filter(|x| x.1 == "Ingrid Solberg").count(), 2, "{t:?}");
}

#[test]
fn organisations_by_head_word_and_acronym_definitions() {
    let t = labels("The Baltic Security Institute (BSI) published a report. BSI said the truce was fragile.");
    // the name, the acronym where it is defined, and the acronym used alone
    assert_eq!(t.iter().filter(|l| *l == "Baltic Security Institute").count(), 3, "{t:?}");
}

#[test]
fn an_organisation_is_its_initials_later_on() {
    // never defined in parentheses: the initials of the name's capitalised words
    let t = labels("Members of the Potters Guild of America voted. The PGA said the offer was fair.");
    assert_eq!(t.iter().filter(|l| *l == "Potters Guild of America").count(), 2, "{t:?}");
    // a name whose "of" phrase is a word that is also a given name stays whole
    assert!(!t.contains(&"United States".to_string()), "{t:?}");
}

#[test]
fn small_towns_need_their_country_or_a_place_context() {
    assert!(!labels("Bakhmut fell.").iter().any(|l| l == "Bakhmut"));
    assert!(labels("Ukraine said Bakhmut fell.").iter().any(|l| l == "Bakhmut"));
    assert!(labels("Fighting raged in Bakhmut.").iter().any(|l| l == "Bakhmut"));
}

#[test]
fn common_words_are_not_places() {
    let t = labels("It was a nice gesture and a mobile unit of the army.");
    assert!(t.is_empty(), "{t:?}");
}

#[test]
fn document_names_are_not_places() {
    let t = labels("The Minsk Agreements collapsed.");
    assert!(!t.iter().any(|l| l == "Minsk" || l == "Belarus"), "{t:?}");
}

#[test]
fn footers_are_boilerplate() {
    let doc = Document::from_text("t", "Talks were held in Berlin.\n\nYou may be interested\n\nStory about Oregon.\n");
    let t = TAGGER.tag(&doc, &segment(&doc.text));
    let flags: Vec<(String, bool)> = t.mentions.iter().map(|m| (t.entity(m).label.clone(), m.boilerplate)).collect();
    assert_eq!(flags, vec![("Berlin".to_string(), false), ("Oregon".to_string(), true)]);
}

#[test]
fn proposal_examples_of_the_scheme_hold() {
    let k = Knowledge::embedded().unwrap();
    let mut failures = Vec::new();
    for p in &k.proposals {
        for ex in &p.examples {
            let doc = Document::from_text("t", ex);
            let t = TAGGER.tag(&doc, &segment(&doc.text));
            if !t.entities.iter().any(|e| e.iri == p.iri) {
                failures.push(format!("{} not found in: {ex}", p.label));
            }
        }
        for ex in &p.counter_examples {
            let doc = Document::from_text("t", ex);
            let t = TAGGER.tag(&doc, &segment(&doc.text));
            if t.entities.iter().any(|e| e.iri == p.iri) {
                failures.push(format!("{} wrongly found in: {ex}", p.label));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_determiner_and_head_noun_name_the_proposal_mentioned_before() {
    // (text, the proposal the last mention names)
    let table: &[(&str, &str)] = &[
        (
            "Kyiv was offered guarantees similar to NATO's Article 5. These guarantees expire soon.",
            "Article 5-like guarantees",
        ),
        (
            "Moscow wants a withdrawal from the Donbas region. Kyiv has ruled out a withdrawal.",
            "territorial withdrawal from Donbas",
        ),
        ("The plan includes a free economic zone. Critics doubt the zone would work.", "free economic zone"),
        // no antecedent: the general word keeps its own reading
        ("Critics doubt the guarantees would work.", "security guarantees"),
    ];
    let mut failures = Vec::new();
    for (text, expected) in table {
        let doc = Document::from_text("t", text);
        let tagging = TAGGER.tag(&doc, &segment(&doc.text));
        let last = tagging
            .mentions
            .iter()
            .rfind(|m| tagging.entity(m).etype == EntityType::Proposal)
            .map(|m| tagging.entity(m).label.clone());
        if last.as_deref() != Some(*expected) {
            failures.push(format!("{text:?} -> {last:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// (text, labels that must be found, labels that must not be): sentences written for the test.
#[test]
fn names_no_gazetteer_lists() {
    let table: &[(&str, &[&str], &[&str])] = &[
        // an organisation defining its acronym, then the acronym alone
        (
            "The Alliance of Lake Fishers (ALF) walked out. ALF negotiators returned on Friday.",
            &["Alliance of Lake Fishers"],
            &["ALF"],
        ),
        // an acronym no sentence defines, used twice or as an actor
        ("The BRTU said no. Later the BRTU relented.", &["BRTU"], &[]),
        ("Talks on the GDP figures went on; the CEO left.", &[], &["GDP", "CEO"]),
        // title holders and possessors
        ("Vantorro CEO Halvard Ostreng said the offer was final.", &["Vantorro", "Halvard Ostreng"], &[]),
        (
            "Vantorro's Maria Ostreng and Brancel's Odile Fauchet met.",
            &["Vantorro", "Brancel", "Maria Ostreng", "Odile Fauchet"],
            &[],
        ),
        // a company's short name after its full name
        ("Vantorro Motor Co. agreed. Vantorro will add jobs.", &["Vantorro Motor Co"], &["Vantorro"]),
        // a known name inside an unknown organisation's name is part of it
        (
            "The Revolutionary Armed Forces of Colombia signed.",
            &["Revolutionary Armed Forces of Colombia"],
            &["Colombia"],
        ),
        // a compass word before a known place is one region; before a lowercase word an adjective
        ("Fighting went on in Eastern Ukraine.", &["Eastern Ukraine"], &[]),
        ("Western sanctions were eased.", &[], &["Western"]),
        // an apposition with a role
        ("Odile Fauchet, the union's chief negotiator, signed.", &["Odile Fauchet"], &[]),
    ];
    let mut failures = Vec::new();
    for (text, want, not) in table {
        let found = labels(text);
        for w in *want {
            if !found.iter().any(|l| l == w) {
                failures.push(format!("{text:?}: {w} missing from {found:?}"));
            }
        }
        for n in *not {
            if found.iter().any(|l| l == n) {
                failures.push(format!("{text:?}: {n} wrongly in {found:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_share_bar_mid_page_leaves_the_article_in() {
    let text = "Share this story\nThe two river councils signed a water-sharing accord on Thursday after months of talks, officials in Ostrava said on Friday evening.\nThe accord gives the downstream council a veto over new weirs, and both councils agreed to meet again in Brno next spring to review it.\n";
    let doc = Document::from_text("t", text);
    let t = TAGGER.tag(&doc, &segment(&doc.text));
    assert!(!t.mentions.is_empty());
    assert!(t.mentions.iter().all(|m| !m.boilerplate), "{:?}", t.mentions);
}

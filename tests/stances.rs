//! After ingesting the seeds, SPARQL finds the commitments the articles state, each with its
//! date: the real binary on a real on-disk store.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use common::{run, seed_store};
use serde_json::Value;

const PREFIXES: &str = "PREFIX pg: <https://w3id.org/pactgraph/ontology#>
PREFIX pgr: <https://w3id.org/pactgraph/id/>
PREFIX pgt: <https://w3id.org/pactgraph/stance-type/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
";

/// Rows of a query on the seed store.
fn rows(query: &str) -> Vec<Value> {
    let store = seed_store();
    let o = run(&["query", "--format", "json", &format!("{PREFIXES}{query}")], &store);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["results"]["bindings"].as_array().unwrap().clone()
}

fn value<'a>(row: &'a Value, var: &str) -> &'a str {
    row[var]["value"].as_str().unwrap_or("")
}

#[test]
fn the_us_offers_ukraine_security_guarantees() {
    let found = rows(
        "SELECT ?p ?date WHERE { GRAPH ?g { ?s pg:actor pgr:united-states ; pg:stance pgt:offer ; pg:proposal ?p ;
           pg:target pgr:ukraine ; pg:statementDate ?date } ?p skos:broader* pgr:security-guarantees }",
    );
    assert!(!found.is_empty());
    assert!(found.iter().all(|r| value(r, "date").starts_with("2025-12")), "{found:?}");
}

#[test]
fn russia_rejects_foreign_troops_in_ukraine() {
    let found = rows(
        "SELECT ?a ?date WHERE { GRAPH ?g { ?s pg:actor ?a ; pg:stance pgt:reject ; pg:proposal pgr:multinational-force ;
           pg:statementDate ?date } FILTER(?a = pgr:russia || EXISTS { ?a pg:affiliation pgr:russia }) }",
    );
    assert!(!found.is_empty());
    assert!(found.iter().all(|r| value(r, "date").len() == 10), "{found:?}");
}

#[test]
fn a_stance_is_conditional_on_a_territorial_concession_in_the_donbas() {
    let found = rows(
        "SELECT ?a ?p ?c ?text WHERE { GRAPH ?g { ?s pg:actor ?a ; pg:proposal ?p ; pg:hasCondition ?c ;
           pg:conditionText ?text } ?c skos:broader* pgr:territorial-concessions ; pg:concerns pgr:donbas }",
    );
    assert!(!found.is_empty());
    assert!(found.iter().any(|r| value(r, "text").contains("Donbas")), "{found:?}");
}

#[test]
fn peskov_speaks_his_quote() {
    let found = rows(
        "SELECT ?text ?verb ?date WHERE { GRAPH ?g { ?q a pg:Quote ; pg:speaker pgr:dmitry-peskov ; nif:anchorOf ?text ;
           pg:speechVerb ?verb . ?g <http://purl.org/dc/terms/date> ?date } }",
    );
    let quote = found.iter().find(|r| value(r, "text").starts_with("We want peace")).expect("Peskov's quote");
    assert_eq!(value(quote, "verb"), "told");
    assert_eq!(value(quote, "date"), "2025-12-16");
}

#[test]
fn stances_inside_a_quote_belong_to_its_speaker() {
    let found = rows(
        "SELECT ?p WHERE { GRAPH ?g { ?s pg:actor pgr:dmitry-peskov ; pg:stance pgt:reject ; pg:proposal ?p ;
           pg:speaker pgr:dmitry-peskov } }",
    );
    assert!(!found.is_empty());
}

#[test]
fn stance_types_carry_plover_and_cameo_codes() {
    let found = rows(
        "SELECT ?plover ?cameo WHERE { GRAPH ?g { ?s pg:stance pgt:reject ; pg:ploverEvent ?plover ; pg:cameoRoot ?cameo } } LIMIT 1",
    );
    assert_eq!(value(&found[0], "plover"), "REJECT");
    assert_eq!(value(&found[0], "cameo"), "127");
}

#[test]
fn roles_are_dated_statements_with_evidence() {
    let found = rows(
        "PREFIX schema: <https://schema.org/>
         PREFIX dct: <http://purl.org/dc/terms/>
         SELECT ?role ?date ?text WHERE { GRAPH ?g { ?r a pg:RoleStatement ; pg:holder pgr:sergei-ryabkov ;
           schema:roleName ?role ; pg:roleOf pgr:russia ; dct:date ?date ; pg:evidenceText ?text } }",
    );
    assert!(
        found.iter().any(|r| value(r, "role") == "Deputy Foreign Minister"
            && value(r, "date") == "2025-12-16"
            && value(r, "text").contains("Sergei Ryabkov")),
        "{found:?}"
    );
}

/// Two articles name the same proposal no scheme knows, in different words ("a ferry subsidy
/// for the islands", "the island ferry subsidies"): one discovered proposal node,
/// with stances from both documents, under no scheme concept.
#[test]
fn one_discovered_proposal_across_two_articles() {
    let dir = common::scratch_dir("discovered");
    let articles = dir.join("articles");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(
        articles.join("a.txt"),
        "Port talks resume\n\nOslo, March 3 - Norway on Monday proposed a ferry subsidy for the islands, \
         officials said.\n",
    )
    .unwrap();
    std::fs::write(
        articles.join("b.txt"),
        "Lisbon weighs in\n\nLisbon, March 9 - Portugal rejected the island ferry subsidies on Friday.\n",
    )
    .unwrap();
    let store = dir.join("store");
    let o = run(&["ingest", articles.to_str().unwrap()], &store);
    common::assert_ok(&o);
    let q = format!(
        "{PREFIXES}SELECT ?p ?label ?actor ?type ?g WHERE {{ GRAPH ?g {{ ?s pg:proposal ?p ; pg:actor ?actor ;
           pg:stance ?type . ?p pg:discovered true ; skos:prefLabel ?label }} }} ORDER BY ?actor"
    );
    let o = run(&["query", "--format", "json", &q], &store);
    common::assert_ok(&o);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = v["results"]["bindings"].as_array().unwrap().clone();
    let nodes: std::collections::BTreeSet<&str> = found.iter().map(|r| value(r, "p")).collect();
    assert_eq!(nodes.len(), 1, "one node for both wordings: {found:?}");
    let actors: Vec<&str> = found.iter().map(|r| value(r, "actor")).collect();
    assert!(actors.iter().any(|a| a.ends_with("/norway")), "{found:?}");
    assert!(actors.iter().any(|a| a.ends_with("/portugal")), "{found:?}");
    let graphs: std::collections::BTreeSet<&str> = found.iter().map(|r| value(r, "g")).collect();
    assert_eq!(graphs.len(), 2, "{found:?}");
}

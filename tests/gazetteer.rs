//! The place gazetteer as shipped: every Turtle file of `ontology/` parses, and every city,
//! region and facility has WGS84 coordinates and a parent place; every country has a parent
//! (its continent).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term};

const PG: &str = "https://w3id.org/pactgraph/ontology#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const LAT: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#lat";
const LONG: &str = "http://www.w3.org/2003/01/geo/wgs84_pos#long";

fn ontology() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ontology")
}

#[test]
fn every_place_has_coordinates_and_a_parent() {
    let mut types: HashMap<String, HashSet<String>> = HashMap::new();
    let mut props: HashMap<String, HashSet<String>> = HashMap::new();
    let mut files = 0;
    for entry in std::fs::read_dir(ontology()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("ttl") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).unwrap();
        for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(&bytes) {
            let quad = quad.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let NamedOrBlankNode::NamedNode(s) = &quad.subject else { continue };
            let s = s.as_str().to_string();
            if quad.predicate.as_str() == RDF_TYPE {
                if let Term::NamedNode(t) = &quad.object {
                    types.entry(s.clone()).or_default().insert(t.as_str().to_string());
                }
            }
            props.entry(s).or_default().insert(quad.predicate.as_str().to_string());
        }
    }
    assert!(files >= 5, "the ontology files were not found");
    let has = |s: &str, p: &str| props.get(s).is_some_and(|x| x.contains(p));
    let located_in = format!("{PG}locatedIn");
    let mut counted = HashMap::new();
    let mut failures = Vec::new();
    for (s, ts) in &types {
        for class in ["City", "Region", "Facility", "Country"] {
            if !ts.contains(&format!("{PG}{class}")) {
                continue;
            }
            *counted.entry(class).or_insert(0) += 1;
            let needs_coordinates = class != "Country";
            if !has(s, &located_in) || (needs_coordinates && !(has(s, LAT) && has(s, LONG))) {
                failures.push(format!("{class} {s}"));
            }
        }
    }
    failures.sort();
    assert!(failures.is_empty(), "{} places lack coordinates or a parent:\n{}", failures.len(), failures.join("\n"));
    // the gazetteer is the open-data one, not a hand list
    assert!(counted.get("City").copied().unwrap_or(0) > 20_000, "{counted:?}");
    assert!(counted.get("Country").copied().unwrap_or(0) > 200, "{counted:?}");
}

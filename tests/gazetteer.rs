//! The place gazetteer as shipped: every Turtle file of `ontology/` parses, and every city,
//! region, facility and country has WGS84 coordinates and a parent place (a country's parent is
//! its continent; its point is its capital's).
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
    let mut points: HashMap<String, (Option<f64>, Option<f64>)> = HashMap::new();
    let mut capitals: HashMap<String, String> = HashMap::new();
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
            let number = |t: &Term| match t {
                Term::Literal(l) => l.value().parse::<f64>().ok(),
                _ => None,
            };
            match quad.predicate.as_str() {
                LAT => points.entry(s.clone()).or_default().0 = number(&quad.object),
                LONG => points.entry(s.clone()).or_default().1 = number(&quad.object),
                p if p == format!("{PG}capital") => {
                    if let Term::NamedNode(c) = &quad.object {
                        capitals.insert(s.clone(), c.as_str().to_string());
                    }
                }
                _ => {}
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
            let point = points.get(s).and_then(|&(lat, long)| Some((lat?, long?)));
            let on_earth =
                point.is_some_and(|(lat, long)| (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long));
            if !has(s, &located_in) || !on_earth {
                failures.push(format!("{class} {s}"));
            }
        }
    }
    // a country's point is its capital's
    for (country, capital) in &capitals {
        if points.get(country) != points.get(capital) {
            failures.push(format!(
                "Country {country}: point {:?} is not its capital's {:?}",
                points.get(country),
                points.get(capital)
            ));
        }
    }
    failures.sort();
    assert!(failures.is_empty(), "{} places lack coordinates or a parent:\n{}", failures.len(), failures.join("\n"));
    // the gazetteer is the open-data one, not a hand list
    assert!(counted.get("City").copied().unwrap_or(0) > 20_000, "{counted:?}");
    assert!(counted.get("Country").copied().unwrap_or(0) > 200, "{counted:?}");
}

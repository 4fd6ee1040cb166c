//! Black-box tests of the report commands (`stances`, `timeline`, `explain`): the real binary
//! on a store ingested from the seed articles. Stance extraction keeps improving, so these
//! check properties that hold for any extraction, not exact stance lists.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::path::Path;
use std::process::Output;

use common::{assert_ok, run, seed_store, stderr, stdout};
use serde_json::Value;

const PGR: &str = "https://w3id.org/pactgraph/id/";

fn json(o: &Output) -> Value {
    assert_ok(o);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn stances_json(store: &Path, filter: &[&str]) -> Vec<Value> {
    let mut args = vec!["stances", "--format", "json"];
    args.extend_from_slice(filter);
    json(&run(&args, store)).as_array().expect("an array").clone()
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && s.chars().enumerate().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() })
}

#[test]
fn stances_of_an_actor_by_alias() {
    let store = seed_store();
    let rows = stances_json(&store, &["--actor", "Peskov"]);
    assert!(!rows.is_empty(), "Peskov holds stances in the seeds");
    for r in &rows {
        assert_eq!(r["actor"]["label"], "Dmitry Peskov", "{r}");
        assert_eq!(r["actor"]["iri"], format!("{PGR}dmitry-peskov"));
        for field in ["stance", "polarity", "title", "document", "iri"] {
            assert!(r[field].as_str().is_some_and(|s| !s.is_empty()), "{field} missing: {r}");
        }
    }
    // any name, any case, the IRI and its short form name the same actor
    for other in ["dmitry peskov", "Dmitri Peskov", "pgr:dmitry-peskov", "https://w3id.org/pactgraph/id/dmitry-peskov"]
    {
        assert_eq!(stances_json(&store, &["--actor", other]), rows, "--actor {other}");
    }
    let table = run(&["stances", "--actor", "Peskov"], &store);
    assert_ok(&table);
    let text = stdout(&table);
    let header = text.lines().next().unwrap_or_default();
    for col in ["date", "actor", "stance", "proposal", "target", "condition", "hedged", "source"] {
        assert!(header.contains(col), "no {col} column: {header}");
    }
    assert!(text.lines().skip(2).take(rows.len()).all(|l| l.contains("Dmitry Peskov")), "{text}");
    assert!(text.contains(&format!("({} row", rows.len())), "{text}");
}

#[test]
fn stances_on_a_proposal_sorted_by_date() {
    let store = seed_store();
    let rows = stances_json(&store, &["--proposal", "security guarantees"]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["proposal"]["iri"] == format!("{PGR}security-guarantees")));
    for other in ["SECURITY  Guarantees", "pgr:security-guarantees", "security-guarantees"] {
        assert_eq!(stances_json(&store, &["--proposal", other]), rows, "--proposal {other}");
    }

    let all = stances_json(&store, &[]);
    assert!(all.len() >= rows.len());
    // by date, undated last
    let dates: Vec<Option<&str>> = all.iter().map(|r| r["date"].as_str()).collect();
    assert!(dates.iter().flatten().all(|d| is_date(d)), "{dates:?}");
    let key = |d: &Option<&str>| (d.is_none(), d.map(str::to_string));
    assert!(dates.windows(2).all(|w| key(&w[0]) <= key(&w[1])), "not in date order: {dates:?}");

    let both = stances_json(&store, &["--actor", "Peskov", "--proposal", "security guarantees"]);
    assert!(both.iter().all(|r| rows.contains(r)));
}

#[test]
fn stances_as_csv() {
    let store = seed_store();
    let rows = stances_json(&store, &[]);
    let o = run(&["stances", "--format", "csv"], &store);
    assert_ok(&o);
    let text = stdout(&o);
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert!(lines.next().is_some_and(|h| h.starts_with("date,actor,stance,polarity,proposal")), "{text}");
    assert_eq!(lines.count(), rows.len());
}

#[test]
fn known_entity_without_stances_is_no_error_unknown_name_is() {
    let store = seed_store();
    // the Kremlin is mentioned in the seeds: its stances, possibly none
    let rows = stances_json(&store, &["--actor", "Kremlin"]);
    assert!(rows.iter().all(|r| r["actor"]["iri"] == format!("{PGR}kremlin")));
    // user input never breaks the query
    for bad in ["Nobody Atall", "x\" } } SELECT * { ?s ?p ?o", "back\\slash", "pgr:no-such-entity"] {
        let o = run(&["stances", "--actor", bad], &store);
        assert!(!o.status.success(), "--actor {bad:?}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains("no actor named"), "{err}");
        assert!(!err.contains("SPARQL"), "{err}");
    }
    let o = run(&["timeline", "--proposal", "no such plan"], &store);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no proposal named \"no such plan\""), "{}", stderr(&o));
}

#[test]
fn timeline_marks_polarity_changes() {
    let store = seed_store();
    let o = run(&["timeline"], &store);
    assert_ok(&o);
    let text = stdout(&o);
    assert!(text.split_whitespace().any(is_date), "no dates: {text}");
    assert!(text.contains("stances by"), "{text}");

    let groups = json(&run(&["timeline", "--format", "json"], &store));
    let groups = groups.as_array().expect("groups");
    assert!(!groups.is_empty());
    let mut total = 0;
    for g in groups {
        let entries = g["entries"].as_array().expect("entries");
        assert!(!entries.is_empty());
        total += entries.len();
        let mut previous: Option<&Value> = None;
        let mut seen_undated = false;
        for e in entries {
            assert_eq!(e["actor"], g["actor"]);
            assert_eq!(e["proposal"], g["proposal"]);
            let Some(date) = e["date"].as_str() else {
                seen_undated = true;
                assert!(e["changed_from"].is_null());
                continue;
            };
            assert!(!seen_undated, "undated stances come last: {g}");
            match previous {
                Some(p) => {
                    assert!(p["date"].as_str() <= Some(date), "date order: {g}");
                    let changed = p["polarity"] != e["polarity"];
                    assert_eq!(!e["changed_from"].is_null(), changed, "{e}");
                    if changed {
                        assert_eq!(e["changed_from"]["stance"], p["stance"]);
                        assert!(text.contains(&format!("<- changed from {}", p["stance"].as_str().unwrap_or("?"))));
                    }
                }
                None => assert!(e["changed_from"].is_null()),
            }
            previous = Some(e);
        }
    }
    assert_eq!(total, stances_json(&store, &[]).len());

    let o = run(&["timeline", "--actor", "Peskov"], &store);
    assert_ok(&o);
    assert!(stdout(&o).starts_with("Dmitry Peskov on "), "{}", stdout(&o));
}

#[test]
fn explain_an_entity_by_alias() {
    let store = seed_store();
    let o = run(&["explain", "Zelensky"], &store);
    assert_ok(&o);
    let text = stdout(&o);
    assert!(text.starts_with("Volodymyr Zelenskyy  pgr:volodymyr-zelenskyy"), "{text}");
    assert!(text.contains("pg:Person"), "{text}");
    assert!(text.contains("rule gazetteer:"), "{text}");
    // code-point offsets and the mention in its line
    assert!(text.lines().any(|l| {
        let l = l.trim_start();
        l.split_once("  ").is_some_and(|(offsets, _)| {
            offsets.split_once('-').is_some_and(|(b, e)| b.parse::<u64>().is_ok() && e.parse::<u64>().is_ok())
        })
    }));
    assert!(text.contains("[Zelensky"), "{text}");

    let found = json(&run(&["explain", "--format", "json", "zelensky"], &store));
    let found = found.as_array().expect("explanations");
    assert_eq!(found.len(), 1);
    let e = &found[0];
    assert_eq!(e["kind"], "entity");
    assert_eq!(e["label"], "Volodymyr Zelenskyy");
    let mentions = e["mentions"].as_array().expect("mentions");
    assert!(!mentions.is_empty());
    for m in mentions {
        let (b, end) = (m["begin"].as_u64().unwrap_or(0), m["end"].as_u64().unwrap_or(0));
        assert!(b < end, "{m}");
        let anchor = m["anchor"].as_str().unwrap_or_default();
        assert_eq!(anchor.chars().count() as u64, end - b, "offsets are code points: {m}");
        assert!(m["context"].as_str().is_some_and(|c| c.contains(&format!("[{anchor}]"))), "{m}");
        assert!(m["rule"].as_str().is_some_and(|r| !r.is_empty()), "{m}");
    }
    for s in e["stances"].as_array().expect("stances") {
        let iri = format!("{PGR}volodymyr-zelenskyy");
        let involved = [&s["actor"]["iri"], &s["proposal"]["iri"], &s["target"]["iri"], &s["condition"]["iri"]];
        assert!(involved.iter().any(|v| v.as_str() == Some(iri.as_str())), "{s}");
    }
}

#[test]
fn explain_a_proposal_and_a_stance() {
    let store = seed_store();
    let o = run(&["explain", "pgr:security-guarantees"], &store);
    assert_ok(&o);
    assert!(stdout(&o).starts_with("security guarantees  pgr:security-guarantees"), "{}", stdout(&o));

    let rows = stances_json(&store, &["--actor", "Peskov"]);
    let iri = rows[0]["iri"].as_str().expect("a stance IRI");
    let short = iri.replace("https://w3id.org/pactgraph/stance/", "pgs:");
    let o = run(&["explain", &short], &store);
    assert_ok(&o);
    let text = stdout(&o);
    assert!(text.starts_with(&format!("stance {short}")), "{text}");
    for field in ["actor:     Dmitry Peskov", "proposal:", "document:", "evidence:  chars ", "rule:"] {
        assert!(text.contains(field), "no {field:?}: {text}");
    }
    let same = json(&run(&["explain", "--format", "json", &format!("<{iri}>")], &store));
    assert_eq!(same[0]["kind"], "stance");
    assert_eq!(same[0]["iri"], iri);
}

#[test]
fn explain_an_unknown_term_fails_with_suggestions() {
    let store = seed_store();
    let o = run(&["explain", "Xyzzy Qwerty"], &store);
    assert!(!o.status.success());
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(err.contains("no entity, proposal or stance named \"Xyzzy Qwerty\""), "{err}");

    let o = run(&["explain", "Zelenski"], &store);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("did you mean: Volodymyr Zelenskyy (pgr:volodymyr-zelenskyy)"), "{}", stderr(&o));

    for bad in ["pgs:0000000000000000", "pgr:no-such-thing", "\"}) DROP ALL"] {
        let o = run(&["explain", bad], &store);
        assert!(!o.status.success(), "{bad}");
        assert!(stderr(&o).contains("no entity, proposal or stance named"), "{}", stderr(&o));
    }
}

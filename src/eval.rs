//! Scores extractions against a gold file in the format of the development gold
//! (`dev-gold/seeds-gold.json`), with the same definitions as the reference scorer
//! `score_extract.py`: document-level entity identity by name or alias (boilerplate gold
//! entities count as false positives when predicted; a second reading of a matched entity is
//! neither credited nor penalised) and (actor, stance group, proposal) triples for stances.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::text::slug;

/// Counts and misses for one document.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DocScore {
    /// Gold file name.
    pub file: String,
    /// Matched gold entities.
    pub entity_tp: usize,
    /// Gold entities (article body, names collapsed).
    pub entity_gold: usize,
    /// Predicted entities counted.
    pub entity_pred: usize,
    /// Gold entities not found.
    pub missed: Vec<String>,
    /// Predicted entities matching nothing.
    pub spurious: Vec<String>,
    /// Predicted entities that gold marks as boilerplate only.
    pub leaked: Vec<String>,
    /// Matched gold stances.
    pub stance_tp: usize,
    /// Gold stances.
    pub stance_gold: usize,
    /// Predicted stances.
    pub stance_pred: usize,
    /// Gold stances not found, as "actor stance proposal".
    pub stances_missed: Vec<String>,
    /// Predicted stances matching no gold stance.
    pub stances_spurious: Vec<String>,
}

/// The whole evaluation.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Score {
    /// Per document.
    pub docs: Vec<DocScore>,
}

/// Precision, recall and F1 from counts.
pub fn prf(tp: usize, pred: usize, gold: usize) -> (f64, f64, f64) {
    let p = if pred > 0 { tp as f64 / pred as f64 } else { 0.0 };
    let r = if gold > 0 { tp as f64 / gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

impl Score {
    /// Entity (precision, recall, F1).
    pub fn entity(&self) -> (f64, f64, f64) {
        let s = |f: fn(&DocScore) -> usize| self.docs.iter().map(f).sum::<usize>();
        prf(s(|d| d.entity_tp), s(|d| d.entity_pred), s(|d| d.entity_gold))
    }

    /// Stance (precision, recall, F1).
    pub fn stance(&self) -> (f64, f64, f64) {
        let s = |f: fn(&DocScore) -> usize| self.docs.iter().map(f).sum::<usize>();
        prf(s(|d| d.stance_tp), s(|d| d.stance_pred), s(|d| d.stance_gold))
    }

    /// A readable report: totals, then misses and spurious items per document.
    pub fn report(&self) -> String {
        let mut o = String::new();
        let (ep, er, ef) = self.entity();
        let (sp, sr, sf) = self.stance();
        for d in &self.docs {
            let _ = writeln!(
                o,
                "{}: entities {}/{} gold, {} predicted; stances {}/{} gold, {} predicted",
                d.file, d.entity_tp, d.entity_gold, d.entity_pred, d.stance_tp, d.stance_gold, d.stance_pred
            );
            for (what, list) in [
                ("missed entity", &d.missed),
                ("spurious entity", &d.spurious),
                ("boilerplate leak", &d.leaked),
                ("missed stance", &d.stances_missed),
                ("spurious stance", &d.stances_spurious),
            ] {
                for x in list {
                    let _ = writeln!(o, "  {what}: {x}");
                }
            }
        }
        let _ = writeln!(o, "entity P={ep:.2} R={er:.2} F1={ef:.2} | stance P={sp:.2} R={sr:.2} F1={sf:.2}");
        o
    }
}

static POSSESSIVE: LazyLock<Regex> = LazyLock::new(|| crate::text::re(r"[’'`]s\b"));

/// The reference scorer's name normalisation.
fn norm(s: &str) -> String {
    let lower = s.to_lowercase();
    let no_poss = POSSESSIVE.replace_all(&lower, "");
    let spaced = slug(&no_poss).replace('-', " ");
    spaced.strip_prefix("the ").map_or(spaced.clone(), str::to_string)
}

const STATE_ALIASES: &[(&str, &[&str])] = &[
    ("russia", &["kremlin", "the kremlin", "moscow", "russian government", "russian federation", "russian side"]),
    ("ukraine", &["kyiv", "kiev", "ukrainian government", "ukrainian side"]),
    (
        "united states",
        &[
            "us",
            "u s",
            "usa",
            "washington",
            "white house",
            "the white house",
            "trump administration",
            "us government",
            "united states of america",
            "america",
        ],
    ),
    ("european union", &["eu", "europe", "brussels"]),
];

fn stance_group(s: &str) -> Option<&'static str> {
    Some(match s {
        "offer" | "propose" => "commit",
        "reject" | "oppose" => "against",
        "accept" | "support" => "for",
        "demand" => "demand",
        "condition" => "condition",
        "expect" => "expect",
        "warn" => "warn",
        _ => return None,
    })
}

fn actor_names(name: &str) -> HashSet<String> {
    let n = norm(name);
    let mut out = HashSet::from([n.clone()]);
    for (canon, aliases) in STATE_ALIASES {
        if n == *canon || aliases.contains(&n.as_str()) {
            out.insert((*canon).to_string());
            out.extend(aliases.iter().map(|a| (*a).to_string()));
        }
    }
    out
}

const STOP: &[&str] = &["the", "a", "an", "of", "for", "to", "in", "on", "and", "with", "from", "its", "their", "s"];

fn tokens(s: &str) -> HashSet<String> {
    norm(s).split_whitespace().filter(|w| !STOP.contains(w)).map(|w| w.trim_end_matches('s').to_string()).collect()
}

fn proposal_match(g: &str, p: &str) -> bool {
    let (gn, pn) = (norm(g), norm(p));
    if gn.is_empty() || pn.is_empty() {
        return false;
    }
    if gn.contains(&pn) || pn.contains(&gn) {
        return true;
    }
    let (tg, tp) = (tokens(g), tokens(p));
    if tg.is_empty() || tp.is_empty() {
        return false;
    }
    let inter = tg.intersection(&tp).count() as f64;
    let union = tg.union(&tp).count() as f64;
    inter / union >= 0.5
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn label_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::Object(o)) => o
            .get("label")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .or_else(|| o.get("id").and_then(Value::as_str))
            .unwrap_or("")
            .to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn gold_names(e: &Value) -> HashSet<String> {
    let mut out = HashSet::from([norm(str_of(e, "name"))]);
    if let Some(a) = e.get("aliases_in_text").and_then(Value::as_array) {
        out.extend(a.iter().filter_map(Value::as_str).map(norm));
    }
    out.retain(|x| !x.is_empty());
    out
}

fn pred_names(e: &Value) -> HashSet<String> {
    let mut out = HashSet::from([norm(str_of(e, "label"))]);
    if let Some(a) = e.get("aliases").and_then(Value::as_array) {
        out.extend(a.iter().filter_map(Value::as_str).map(norm));
    }
    if let Some(m) = e.get("mentions").and_then(Value::as_array) {
        out.extend(m.iter().map(|m| norm(str_of(m, "text"))));
    }
    out.retain(|x| !x.is_empty());
    out
}

/// Greedy matching: each gold item takes the first unused prediction it matches.
fn greedy<G, P>(gold: &[G], pred: &[P], matches: impl Fn(&G, &P) -> bool) -> Vec<(usize, usize)> {
    let mut used = HashSet::new();
    let mut pairs = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        if let Some(pi) = (0..pred.len()).find(|pi| !used.contains(pi) && matches(g, &pred[*pi])) {
            used.insert(pi);
            pairs.push((gi, pi));
        }
    }
    pairs
}

/// Reads a gold file.
pub fn read_gold(path: &Path) -> Result<Vec<Value>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let v: Value =
        serde_json::from_str(&text).map_err(|e| Error::Gold { path: path.to_path_buf(), reason: e.to_string() })?;
    let docs = v
        .as_array()
        .cloned()
        .ok_or_else(|| Error::Gold { path: path.to_path_buf(), reason: "expected a JSON array".into() })?;
    for d in &docs {
        if d.get("file").and_then(Value::as_str).is_none() {
            return Err(Error::Gold { path: path.to_path_buf(), reason: "every document needs a \"file\"".into() });
        }
    }
    Ok(docs)
}

/// Scores one document: `gold` is a gold entry, `pred` the JSON of `pactgraph extract`.
pub fn score_document(gold: &Value, pred: &Value) -> DocScore {
    let kinds = ["person", "organization", "place"];
    let empty = Vec::new();
    let gents: Vec<&Value> = gold
        .get("entities")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
        .iter()
        .filter(|e| kinds.contains(&str_of(e, "type").to_lowercase().as_str()))
        .collect();
    let boiler: Vec<HashSet<String>> = gents
        .iter()
        .filter(|e| e.get("in_boilerplate").and_then(Value::as_bool).unwrap_or(false))
        .map(|e| gold_names(e))
        .collect();
    // collapse gold entries sharing a name (a state listed as organisation and place)
    let mut ident: Vec<(String, HashSet<String>, String)> = Vec::new();
    for e in gents.iter().filter(|e| !e.get("in_boilerplate").and_then(Value::as_bool).unwrap_or(false)) {
        let key = norm(str_of(e, "name"));
        match ident.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, names, _)) => names.extend(gold_names(e)),
            None => ident.push((key, gold_names(e), str_of(e, "name").to_string())),
        }
    }
    let pents: Vec<&Value> = pred
        .get("entities")
        .and_then(Value::as_array)
        .unwrap_or(&empty)
        .iter()
        .filter(|e| str_of(e, "type").to_lowercase() != "proposal")
        .collect();
    let pnames: Vec<HashSet<String>> = pents.iter().map(|e| pred_names(e)).collect();
    let pairs = greedy(&ident, &pnames, |g, p| !g.1.is_disjoint(p));
    let matched: HashSet<usize> = pairs.iter().map(|&(_, p)| p).collect();
    let leak: Vec<usize> = (0..pents.len())
        .filter(|i| !matched.contains(i) && boiler.iter().any(|b| !b.is_disjoint(&pnames[*i])))
        .collect();
    let dup: Vec<usize> = (0..pents.len())
        .filter(|i| {
            !matched.contains(i)
                && !leak.contains(i)
                && pairs.iter().any(|&(g, _)| !ident[g].1.is_disjoint(&pnames[*i]))
        })
        .collect();
    let spurious: Vec<usize> =
        (0..pents.len()).filter(|i| !matched.contains(i) && !leak.contains(i) && !dup.contains(i)).collect();
    let matched_gold: HashSet<usize> = pairs.iter().map(|&(g, _)| g).collect();
    let mut missed: Vec<String> = (0..ident.len())
        .filter(|g| !matched_gold.contains(g))
        .map(|g| ident[g].1.iter().min_by_key(|n| (n.len(), (*n).clone())).cloned().unwrap_or_default())
        .collect();
    missed.sort();
    let label = |i: &usize| str_of(pents[*i], "label").to_string();
    let mut spurious_l: Vec<String> = spurious.iter().map(label).collect();
    spurious_l.sort();
    let mut leaked_l: Vec<String> = leak.iter().map(label).collect();
    leaked_l.sort();

    let gs: &Vec<Value> = gold.get("stances").and_then(Value::as_array).unwrap_or(&empty);
    let ps: &Vec<Value> = pred.get("stances").and_then(Value::as_array).unwrap_or(&empty);
    let spairs = greedy(gs, ps, |g, p| {
        let pst = str_of(p, "stance").to_lowercase();
        stance_group(str_of(g, "stance")).is_some_and(|x| Some(x) == stance_group(&pst))
            && !actor_names(str_of(g, "actor")).is_disjoint(&actor_names(&label_of(p.get("actor"))))
            && proposal_match(str_of(g, "proposal"), &label_of(p.get("proposal")))
    });
    let sg: HashSet<usize> = spairs.iter().map(|&(g, _)| g).collect();
    let sp: HashSet<usize> = spairs.iter().map(|&(_, p)| p).collect();
    let describe_g = |g: &Value| format!("{} {} {}", str_of(g, "actor"), str_of(g, "stance"), str_of(g, "proposal"));
    let describe_p =
        |p: &Value| format!("{} {} {}", label_of(p.get("actor")), str_of(p, "stance"), label_of(p.get("proposal")));
    DocScore {
        file: str_of(gold, "file").to_string(),
        entity_tp: pairs.len(),
        entity_gold: ident.len(),
        entity_pred: pairs.len() + spurious.len() + leak.len(),
        missed,
        spurious: spurious_l,
        leaked: leaked_l,
        stance_tp: spairs.len(),
        stance_gold: gs.len(),
        stance_pred: ps.len(),
        stances_missed: gs.iter().enumerate().filter(|(i, _)| !sg.contains(i)).map(|(_, g)| describe_g(g)).collect(),
        stances_spurious: ps.iter().enumerate().filter(|(i, _)| !sp.contains(i)).map(|(_, p)| describe_p(p)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_matches_the_reference() {
        assert_eq!(norm("The Kremlin"), "kremlin");
        assert_eq!(norm("King’s College London"), "king college london");
        assert_eq!(norm("U.S."), "u s");
    }

    #[test]
    fn proposals_match_by_containment_or_overlap() {
        assert!(proposal_match("security guarantees", "Article 5-like security guarantees"));
        assert!(proposal_match("limits on army size", "limits on the size of the army"));
        assert!(!proposal_match("ceasefire", "free economic zone"));
    }

    #[test]
    fn state_metonymy_in_actor_names() {
        assert!(actor_names("the Kremlin").contains("russia"));
        assert!(actor_names("Washington").contains("united states"));
    }

    #[test]
    fn a_document_is_scored() {
        let gold: Value = serde_json::json!({"file": "x", "entities": [
            {"name": "Russia", "type": "Organization", "aliases_in_text": ["Russia", "Moscow"], "in_boilerplate": false},
            {"name": "Oregon", "type": "Place", "aliases_in_text": ["Oregon"], "in_boilerplate": true}],
            "stances": [{"actor": "Russia", "stance": "reject", "proposal": "ceasefire"}]});
        let pred: Value = serde_json::json!({"entities": [
            {"label": "Russia", "type": "Organization", "aliases": [], "mentions": [{"text": "Moscow"}]},
            {"label": "Oregon", "type": "Place", "aliases": [], "mentions": []}],
            "stances": [{"actor": {"label": "the Kremlin"}, "stance": "oppose", "proposal": {"label": "ceasefire"}}]});
        let s = score_document(&gold, &pred);
        assert_eq!((s.entity_tp, s.entity_gold, s.entity_pred), (1, 1, 2));
        assert_eq!(s.leaked, vec!["Oregon".to_string()]);
        assert_eq!((s.stance_tp, s.stance_pred), (1, 1));
    }
}

//! Scores extractions against a gold file in the format of the development gold
//! (`dev-gold/seeds-gold.json`), with the same definitions as the reference scorer
//! `score_extract.py`: document-level entity identity by name or alias (boilerplate gold
//! entities count as false positives when predicted; a second reading of a matched entity is
//! neither credited nor penalised) and (actor, stance group, proposal) triples for stances.
//!
//! Beyond the scores, every unmatched gold stance gets a [`FailureKind`], judged against the
//! predictions made in its evidence sentence, and gold stances that carry `phenomenon` labels
//! (the synthetic development set) give a recall per label: see [`Score::breakdown`] and
//! [`Score::examples`].

use std::collections::{BTreeMap, HashSet};
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
    /// The gold stances of `stances_missed`, in the same order, with why each was missed.
    pub stance_misses: Vec<StanceMiss>,
    /// The predicted stances of `stances_spurious`, in the same order, with their evidence.
    pub spurious_stances: Vec<SpuriousStance>,
    /// Matched and total gold stances per `phenomenon` label (empty when gold has none).
    pub phenomena: BTreeMap<String, Recall>,
}

/// Why a gold stance was not matched, judged against the predicted stances of its document
/// whose evidence sentence is the gold evidence (see [`classify`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// A prediction has the right actor and stance group but another proposal.
    Proposal,
    /// A prediction has the right actor and proposal but another stance group.
    Group,
    /// A prediction has the right stance group and proposal but another actor.
    Actor,
    /// The sentence has predictions, none of them off by only one of the three.
    Other,
    /// The sentence has no prediction.
    Missed,
}

impl FailureKind {
    /// Every kind, in the order they are checked.
    pub const ALL: [FailureKind; 5] = [Self::Proposal, Self::Group, Self::Actor, Self::Other, Self::Missed];

    /// The name used in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposal => "proposal",
            Self::Group => "group",
            Self::Actor => "actor",
            Self::Other => "other",
            Self::Missed => "missed",
        }
    }
}

/// The (actor, stance, proposal) of a gold or predicted stance, as written there.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Triple {
    /// Actor name (gold) or label (prediction).
    pub actor: String,
    /// Stance type.
    pub stance: String,
    /// Proposal name (gold) or label (prediction).
    pub proposal: String,
}

impl Triple {
    fn of_gold(g: &Value) -> Self {
        Self {
            actor: str_of(g, "actor").to_string(),
            stance: str_of(g, "stance").to_string(),
            proposal: str_of(g, "proposal").to_string(),
        }
    }

    fn of_pred(p: &Value) -> Self {
        Self {
            actor: label_of(p.get("actor")),
            stance: str_of(p, "stance").to_string(),
            proposal: label_of(p.get("proposal")),
        }
    }
}

impl std::fmt::Display for Triple {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}|{}|{}", self.actor, self.stance, self.proposal)
    }
}

/// An unmatched gold stance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StanceMiss {
    /// Why it was missed.
    pub kind: FailureKind,
    /// The gold stance.
    pub gold: Triple,
    /// Its `phenomenon` labels.
    pub phenomena: Vec<String>,
    /// Its evidence sentence.
    pub evidence: String,
    /// Every stance predicted in that sentence, matched elsewhere or not.
    pub predicted: Vec<Triple>,
}

/// A predicted stance that matches no gold stance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SpuriousStance {
    /// The prediction.
    pub predicted: Triple,
    /// Its evidence sentence.
    pub evidence: String,
}

/// Matched out of total gold stances.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Recall {
    /// Matched gold stances.
    pub matched: usize,
    /// All gold stances.
    pub total: usize,
}

impl Recall {
    /// matched / total, 0 when there are none.
    pub fn ratio(self) -> f64 {
        if self.total > 0 { self.matched as f64 / self.total as f64 } else { 0.0 }
    }
}

/// Error counts over all documents: unmatched gold stances by [`FailureKind`], and unmatched
/// predictions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct KindCounts {
    /// See [`FailureKind::Proposal`].
    pub proposal: usize,
    /// See [`FailureKind::Group`].
    pub group: usize,
    /// See [`FailureKind::Actor`].
    pub actor: usize,
    /// See [`FailureKind::Other`].
    pub other: usize,
    /// See [`FailureKind::Missed`].
    pub missed: usize,
    /// Predicted stances matching no gold stance.
    pub spurious: usize,
}

impl KindCounts {
    /// The count of one kind of gold miss.
    pub fn get(&self, kind: FailureKind) -> usize {
        match kind {
            FailureKind::Proposal => self.proposal,
            FailureKind::Group => self.group,
            FailureKind::Actor => self.actor,
            FailureKind::Other => self.other,
            FailureKind::Missed => self.missed,
        }
    }

    fn add(&mut self, kind: FailureKind) {
        let slot = match kind {
            FailureKind::Proposal => &mut self.proposal,
            FailureKind::Group => &mut self.group,
            FailureKind::Actor => &mut self.actor,
            FailureKind::Other => &mut self.other,
            FailureKind::Missed => &mut self.missed,
        };
        *slot += 1;
    }
}

/// Recall of the gold stances carrying one `phenomenon` label.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PhenomenonRecall {
    /// The label.
    pub label: String,
    /// Matched gold stances with that label.
    pub matched: usize,
    /// Gold stances with that label.
    pub total: usize,
    /// matched / total.
    pub recall: f64,
}

/// The error breakdown of a whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Breakdown {
    /// Unmatched gold stances by kind, and spurious predictions.
    pub kinds: KindCounts,
    /// Recall per phenomenon label, most frequent label first; empty when gold has none.
    pub phenomena: Vec<PhenomenonRecall>,
}

/// One example with the file it comes from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Located<'a, T> {
    /// Gold file name.
    pub file: &'a str,
    /// The example.
    #[serde(flatten)]
    pub item: &'a T,
}

/// Examples of one kind of gold miss.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KindExamples<'a> {
    /// The kind.
    pub kind: FailureKind,
    /// How many misses of this kind there are in all.
    pub total: usize,
    /// Up to the requested number of them.
    pub examples: Vec<Located<'a, StanceMiss>>,
}

/// Examples of gold misses per kind and of spurious predictions, spread over the documents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Examples<'a> {
    /// One entry per [`FailureKind`], in [`FailureKind::ALL`] order.
    pub misses: Vec<KindExamples<'a>>,
    /// How many spurious predictions there are in all.
    pub spurious_total: usize,
    /// Up to the requested number of them.
    pub spurious: Vec<Located<'a, SpuriousStance>>,
}

/// The JSON of `pactgraph eval --json`: the per-document scores, the breakdown and, when asked
/// for, the examples.
#[derive(Debug, Clone, serde::Serialize)]
pub struct JsonReport<'a> {
    /// Per document.
    pub docs: &'a [DocScore],
    /// See [`Score::breakdown`].
    pub breakdown: Breakdown,
    /// See [`Score::examples`]; absent when none were asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<Examples<'a>>,
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

    /// Unmatched gold stances by kind, spurious predictions, and recall per phenomenon label.
    pub fn breakdown(&self) -> Breakdown {
        let mut kinds = KindCounts::default();
        let mut phenomena: BTreeMap<&str, Recall> = BTreeMap::new();
        for d in &self.docs {
            d.stance_misses.iter().for_each(|m| kinds.add(m.kind));
            kinds.spurious += d.spurious_stances.len();
            for (label, r) in &d.phenomena {
                let sum = phenomena.entry(label).or_default();
                sum.matched += r.matched;
                sum.total += r.total;
            }
        }
        let mut phenomena: Vec<PhenomenonRecall> = phenomena
            .into_iter()
            .map(|(label, r)| PhenomenonRecall {
                label: label.to_string(),
                matched: r.matched,
                total: r.total,
                recall: r.ratio(),
            })
            .collect();
        phenomena.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.label.cmp(&b.label)));
        Breakdown { kinds, phenomena }
    }

    /// Up to `n` gold misses of each kind and `n` spurious predictions, taken from the
    /// documents in turn (the first of each document, then the second...) so that they come
    /// from as many documents as possible.
    pub fn examples(&self, n: usize) -> Examples<'_> {
        let misses = FailureKind::ALL
            .into_iter()
            .map(|kind| {
                let per_doc =
                    self.docs.iter().map(|d| (d.file.as_str(), d.stance_misses.iter().filter(|m| m.kind == kind)));
                let all = self.docs.iter().flat_map(|d| &d.stance_misses).filter(|m| m.kind == kind).count();
                KindExamples { kind, total: all, examples: round_robin(per_doc, n) }
            })
            .collect();
        let spurious_total = self.docs.iter().map(|d| d.spurious_stances.len()).sum();
        let per_doc = self.docs.iter().map(|d| (d.file.as_str(), d.spurious_stances.iter()));
        Examples { misses, spurious_total, spurious: round_robin(per_doc, n) }
    }

    /// The JSON report: per-document scores, breakdown, and `examples` examples of each kind
    /// (none when 0).
    pub fn json_report(&self, examples: usize) -> JsonReport<'_> {
        JsonReport {
            docs: &self.docs,
            breakdown: self.breakdown(),
            examples: (examples > 0).then(|| self.examples(examples)),
        }
    }

    /// [`Score::report`], then the breakdown table and, when `examples` > 0, the examples.
    pub fn full_report(&self, examples: usize) -> String {
        let mut o = self.report();
        o.push_str(&self.breakdown().table());
        if examples > 0 {
            o.push_str(&self.examples(examples).render());
        }
        o
    }
}

/// Takes items from each document in turn until `n` are taken or none are left.
fn round_robin<'a, T: 'a, I>(per_doc: impl Iterator<Item = (&'a str, I)>, n: usize) -> Vec<Located<'a, T>>
where
    I: Iterator<Item = &'a T>,
{
    let mut queues: Vec<(&str, I)> = per_doc.collect();
    let mut out = Vec::new();
    while out.len() < n {
        let before = out.len();
        for (file, items) in &mut queues {
            if out.len() == n {
                break;
            }
            if let Some(item) = items.next() {
                out.push(Located { file, item });
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

impl Breakdown {
    /// The breakdown as a short text table: kinds with counts, then phenomena with
    /// matched/total and recall (left out when gold has no phenomenon labels).
    pub fn table(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "stance errors by kind (unmatched gold stances, then unmatched predictions):");
        for kind in FailureKind::ALL {
            let _ = writeln!(o, "  {:<10} {:>5}", kind.as_str(), self.kinds.get(kind));
        }
        let _ = writeln!(o, "  {:<10} {:>5}", "spurious", self.kinds.spurious);
        if !self.phenomena.is_empty() {
            let width = self.phenomena.iter().map(|p| p.label.len()).max().unwrap_or(0).max("phenomenon".len());
            let _ = writeln!(o, "stance recall by phenomenon:");
            let _ = writeln!(o, "  {:<width$} {:>13} {:>6}", "phenomenon", "matched/total", "recall");
            for p in &self.phenomena {
                let frac = format!("{}/{}", p.matched, p.total);
                let _ = writeln!(o, "  {:<width$} {frac:>13} {:>6.2}", p.label, p.recall);
            }
        }
        o
    }
}

/// Evidence on one line, cut to about 160 characters.
fn clip(evidence: &str) -> String {
    const MAX: usize = 160;
    let one_line = evidence.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

impl Examples<'_> {
    /// The examples as text, one block per kind that has any.
    pub fn render(&self) -> String {
        let mut o = String::new();
        for k in self.misses.iter().filter(|k| !k.examples.is_empty()) {
            let _ = writeln!(o, "examples of {} ({} of {}):", k.kind.as_str(), k.examples.len(), k.total);
            for Located { file, item: m } in &k.examples {
                let phen =
                    if m.phenomena.is_empty() { String::new() } else { format!(" [{}]", m.phenomena.join(", ")) };
                let _ = writeln!(o, "  {file}: gold {}{phen}", m.gold);
                let _ = writeln!(o, "    evidence: {}", clip(&m.evidence));
                let predicted = if m.predicted.is_empty() {
                    "nothing in this sentence".to_string()
                } else {
                    m.predicted.iter().map(Triple::to_string).collect::<Vec<_>>().join("; ")
                };
                let _ = writeln!(o, "    predicted: {predicted}");
            }
        }
        if !self.spurious.is_empty() {
            let _ = writeln!(o, "examples of spurious ({} of {}):", self.spurious.len(), self.spurious_total);
            for Located { file, item: s } in &self.spurious {
                let _ = writeln!(o, "  {file}: predicted {}", s.predicted);
                let _ = writeln!(o, "    evidence: {}", clip(&s.evidence));
            }
        }
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

/// The reference scorer's light suffix strip, so that "renounces", "renouncing" and
/// "renounced" compare equal: the first listed suffix that leaves at least three letters.
fn stem(w: &str) -> &str {
    const SUFFIXES: &[&str] = &["ations", "ation", "ments", "ment", "ing", "ies", "es", "ed", "s"];
    SUFFIXES.iter().find_map(|suf| w.strip_suffix(suf).filter(|rest| rest.len() >= 3)).unwrap_or(w)
}

fn tokens(s: &str) -> HashSet<String> {
    norm(s).split_whitespace().filter(|w| !STOP.contains(w)).map(|w| stem(w).to_string()).collect()
}

/// The reference scorer's proposal match: containment, or the prediction's words (two or
/// more, stemmed) all in the gold phrase ("auto exemption" for "exemption from section 232
/// auto tariffs"), or a stemmed token Jaccard of at least 0.5.
fn proposal_match(g: &str, p: &str) -> bool {
    let (gn, pn) = (norm(g), norm(p));
    if gn.is_empty() || pn.is_empty() {
        return false;
    }
    if gn.contains(&pn) || pn.contains(&gn) {
        return true;
    }
    let (tg, tp) = (tokens(g), tokens(p));
    if tp.len() >= 2 && tp.is_subset(&tg) {
        return true;
    }
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
    let spairs = greedy(gs, ps, |g, p| Agreement::of(g, p).full());
    let sg: HashSet<usize> = spairs.iter().map(|&(g, _)| g).collect();
    let sp: HashSet<usize> = spairs.iter().map(|&(_, p)| p).collect();
    let stance_misses = gs.iter().enumerate().filter(|(i, _)| !sg.contains(i)).map(|(_, g)| miss(g, ps)).collect();
    let spurious_stances = ps
        .iter()
        .enumerate()
        .filter(|(i, _)| !sp.contains(i))
        .map(|(_, p)| SpuriousStance { predicted: Triple::of_pred(p), evidence: str_of(p, "evidence").to_string() })
        .collect();
    let mut phenomena: BTreeMap<String, Recall> = BTreeMap::new();
    for (i, g) in gs.iter().enumerate() {
        for label in phenomena_of(g) {
            let r = phenomena.entry(label).or_default();
            r.total += 1;
            r.matched += usize::from(sg.contains(&i));
        }
    }
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
        stance_misses,
        spurious_stances,
        phenomena,
    }
}

/// How a predicted stance agrees with a gold stance on each part of the matched triple.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Agreement {
    /// Actor names overlap (with state metonymy).
    actor: bool,
    /// Same stance group (offer and propose are one group, and so on).
    group: bool,
    /// Proposals match by containment or token overlap.
    proposal: bool,
}

impl Agreement {
    fn of(g: &Value, p: &Value) -> Self {
        let pst = str_of(p, "stance").to_lowercase();
        Self {
            actor: !actor_names(str_of(g, "actor")).is_disjoint(&actor_names(&label_of(p.get("actor")))),
            group: stance_group(str_of(g, "stance")).is_some_and(|x| Some(x) == stance_group(&pst)),
            proposal: proposal_match(str_of(g, "proposal"), &label_of(p.get("proposal"))),
        }
    }

    /// The prediction matches the gold stance.
    fn full(self) -> bool {
        self.actor && self.group && self.proposal
    }
}

/// Whether two evidence sentences are the same: equal after trimming, or one contains the
/// other. Empty evidence is no sentence.
fn same_sentence(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    !a.is_empty() && !b.is_empty() && (a.contains(b) || b.contains(a))
}

/// Why `gold` went unmatched, given the predictions made in its evidence sentence: the first
/// of proposal, group, actor (a prediction off by that part alone, actor and group coming
/// first for proposal), other (predictions, none of those) and missed (no prediction).
fn classify(gold: &Value, in_sentence: &[&Value]) -> FailureKind {
    let agreements: Vec<Agreement> = in_sentence.iter().map(|p| Agreement::of(gold, p)).collect();
    let any = |f: fn(&Agreement) -> bool| agreements.iter().any(f);
    if agreements.is_empty() {
        FailureKind::Missed
    } else if any(|a| a.actor && a.group && !a.proposal) {
        FailureKind::Proposal
    } else if any(|a| a.actor && a.proposal && !a.group) {
        FailureKind::Group
    } else if any(|a| a.group && a.proposal && !a.actor) {
        FailureKind::Actor
    } else {
        FailureKind::Other
    }
}

/// The miss record of an unmatched gold stance, against all predictions `ps` of its document.
fn miss(gold: &Value, ps: &[Value]) -> StanceMiss {
    let evidence = str_of(gold, "evidence");
    let in_sentence: Vec<&Value> = ps.iter().filter(|p| same_sentence(evidence, str_of(p, "evidence"))).collect();
    StanceMiss {
        kind: classify(gold, &in_sentence),
        gold: Triple::of_gold(gold),
        phenomena: phenomena_of(gold),
        evidence: evidence.to_string(),
        predicted: in_sentence.iter().map(|p| Triple::of_pred(p)).collect(),
    }
}

/// A gold stance's `phenomenon` labels (a list of strings, or a single string), each once.
fn phenomena_of(gold: &Value) -> Vec<String> {
    match gold.get("phenomenon") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).fold(Vec::new(), |mut out, l| {
            if !out.iter().any(|x| x == l) {
                out.push(l.to_string());
            }
            out
        }),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
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
    fn proposals_match_like_the_reference_scorer() {
        // (gold, predicted, match) — cases only the stemming or the subset rule decides
        let cases = [
            ("lifting of sanctions", "lifted sanctions", true),
            ("renouncing nato membership", "renounced NATO membership", true),
            ("exemption from section 232 auto tariffs", "auto exemption", true),
            ("exemption from section 232 auto tariffs", "tariffs", true),
            ("exemption from section 232 auto tariffs", "auto quotas", false),
            ("exemption from section 232 auto tariffs", "exemption", true),
            ("prisoner release", "release", true),
            ("disposal of illegal weapons", "weapons supply", false),
        ];
        for (g, p, expected) in cases {
            assert_eq!(proposal_match(g, p), expected, "{g} / {p}");
        }
        for (word, stemmed) in [
            ("renounces", "renounc"),
            ("renouncing", "renounc"),
            ("renounced", "renounc"),
            ("negotiations", "negoti"),
            ("guarantees", "guarante"),
            ("gas", "gas"),
            ("bus", "bus"),
            ("zones", "zon"),
        ] {
            assert_eq!(stem(word), stemmed, "{word}");
        }
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

    const SENTENCE: &str = "Russia rejected the ceasefire on Monday.";
    const ELSEWHERE: &str = "Talks resume next week.";

    fn stance(actor: &str, stance: &str, proposal: &str, evidence: &str) -> Value {
        serde_json::json!({"actor": {"id": "x", "label": actor}, "stance": stance,
            "proposal": {"id": "y", "label": proposal}, "evidence": evidence})
    }

    fn one_gold_stance(phenomenon: Value) -> Value {
        serde_json::json!({"file": "a.txt", "entities": [], "stances": [
            {"actor": "Russia", "stance": "reject", "proposal": "ceasefire", "evidence": SENTENCE,
             "phenomenon": phenomenon}]})
    }

    #[test]
    fn each_unmatched_gold_stance_gets_its_failure_kind() {
        use FailureKind::*;
        // (case, predictions, kind of the gold miss or None when matched, spurious predictions)
        let cases: Vec<(&str, Vec<Value>, Option<FailureKind>, usize)> = vec![
            ("matched", vec![stance("the Kremlin", "oppose", "ceasefire", SENTENCE)], None, 0),
            ("proposal", vec![stance("Russia", "reject", "free economic zone", SENTENCE)], Some(Proposal), 1),
            ("group", vec![stance("Russia", "accept", "ceasefire", SENTENCE)], Some(Group), 1),
            ("actor", vec![stance("Ukraine", "oppose", "ceasefire", SENTENCE)], Some(Actor), 1),
            ("other", vec![stance("Ukraine", "accept", "elections", SENTENCE)], Some(Other), 1),
            ("one part right", vec![stance("Russia", "accept", "elections", SENTENCE)], Some(Other), 1),
            ("missed", vec![stance("Russia", "reject", "free economic zone", ELSEWHERE)], Some(Missed), 1),
            ("nothing predicted", vec![], Some(Missed), 0),
            (
                "proposal before group before actor",
                vec![
                    stance("Ukraine", "reject", "ceasefire", SENTENCE),
                    stance("Russia", "accept", "ceasefire", SENTENCE),
                    stance("Russia", "reject", "elections", SENTENCE),
                ],
                Some(Proposal),
                3,
            ),
            (
                "group before actor",
                vec![
                    stance("Ukraine", "reject", "ceasefire", SENTENCE),
                    stance("Russia", "support", "ceasefire", SENTENCE),
                ],
                Some(Group),
                2,
            ),
            (
                "sentence trimmed",
                vec![stance("Russia", "accept", "ceasefire", &format!("  {SENTENCE}\n"))],
                Some(Group),
                1,
            ),
            (
                "gold inside prediction",
                vec![stance("Russia", "accept", "ceasefire", &format!("He said: {SENTENCE}"))],
                Some(Group),
                1,
            ),
            (
                "prediction inside gold",
                vec![stance("Russia", "accept", "ceasefire", "rejected the ceasefire")],
                Some(Group),
                1,
            ),
            ("empty evidence is no sentence", vec![stance("Russia", "accept", "ceasefire", "")], Some(Missed), 1),
        ];
        for (case, preds, kind, spurious) in cases {
            let gold = one_gold_stance(serde_json::json!(["plain"]));
            let s = score_document(&gold, &serde_json::json!({"entities": [], "stances": preds}));
            assert_eq!(s.stance_misses.iter().map(|m| m.kind).collect::<Vec<_>>(), Vec::from_iter(kind), "{case}");
            assert_eq!(s.spurious_stances.len(), spurious, "{case}");
            assert_eq!(s.stances_missed.len(), s.stance_misses.len(), "{case}");
            assert_eq!(s.stances_spurious.len(), s.spurious_stances.len(), "{case}");
        }
    }

    #[test]
    fn a_miss_records_what_was_predicted_in_its_sentence() {
        let gold = one_gold_stance(serde_json::json!(["negated", "plain"]));
        let preds = serde_json::json!({"stances": [
            stance("Russia", "accept", "ceasefire", SENTENCE), stance("Ukraine", "offer", "elections", ELSEWHERE)]});
        let s = score_document(&gold, &preds);
        let m = &s.stance_misses[0];
        assert_eq!(m.gold.to_string(), "Russia|reject|ceasefire");
        assert_eq!(m.phenomena, ["negated", "plain"]);
        assert_eq!(m.evidence, SENTENCE);
        assert_eq!(m.predicted.iter().map(Triple::to_string).collect::<Vec<_>>(), ["Russia|accept|ceasefire"]);
        assert_eq!(s.spurious_stances[1].evidence, ELSEWHERE);
    }

    #[test]
    fn recall_per_phenomenon_label() {
        let gold = serde_json::json!([
            {"file": "a.txt", "stances": [
                {"actor": "Russia", "stance": "reject", "proposal": "ceasefire", "evidence": SENTENCE,
                 "phenomenon": ["negated", "metonymy"]},
                {"actor": "Ukraine", "stance": "propose", "proposal": "elections", "evidence": ELSEWHERE,
                 "phenomenon": ["plain", "plain"]}]},
            {"file": "b.txt", "stances": [
                {"actor": "Russia", "stance": "demand", "proposal": "neutrality", "evidence": SENTENCE,
                 "phenomenon": "negated"},
                {"actor": "Russia", "stance": "warn", "proposal": "sanctions relief", "evidence": SENTENCE}]}]);
        let preds = [
            serde_json::json!({"stances": [stance("Moscow", "reject", "ceasefire", SENTENCE)]}),
            serde_json::json!({"stances": [stance("Russia", "demand", "neutrality", SENTENCE)]}),
        ];
        let score = Score { docs: (0..2).map(|i| score_document(&gold[i], &preds[i])).collect() };
        let b = score.breakdown();
        let rows: Vec<(&str, usize, usize)> =
            b.phenomena.iter().map(|p| (p.label.as_str(), p.matched, p.total)).collect();
        // most frequent first, then by label; a stance without labels counts in none
        assert_eq!(rows, [("negated", 2, 2), ("metonymy", 1, 1), ("plain", 0, 1)]);
        assert_eq!(b.phenomena[2].recall, 0.0);
        assert_eq!(b.kinds, KindCounts { missed: 1, other: 1, ..KindCounts::default() });
        let table = b.table();
        assert!(table.contains("stance recall by phenomenon:"), "{table}");
        assert!(table.lines().any(|l| l.split_whitespace().eq(["negated", "2/2", "1.00"])), "{table}");
    }

    #[test]
    fn no_phenomenon_table_without_labels() {
        let gold = serde_json::json!({"file": "a.txt", "stances": [
            {"actor": "Russia", "stance": "reject", "proposal": "ceasefire", "evidence": SENTENCE}]});
        let score = Score { docs: vec![score_document(&gold, &serde_json::json!({}))] };
        let b = score.breakdown();
        assert!(b.phenomena.is_empty());
        assert!(!b.table().contains("phenomenon"));
        assert_eq!(b.kinds.missed, 1);
    }

    #[test]
    fn the_report_keeps_its_summary_line_and_adds_the_breakdown() {
        let gold = one_gold_stance(serde_json::json!(["plain"]));
        let preds = serde_json::json!({"stances": [stance("Russia", "reject", "elections", SENTENCE)]});
        let score = Score { docs: vec![score_document(&gold, &preds)] };
        let plain = score.report();
        let full = score.full_report(0);
        assert!(full.starts_with(&plain), "{full}");
        assert!(plain.trim_end().ends_with("stance P=0.00 R=0.00 F1=0.00"), "{plain}");
        assert!(full.contains("stance errors by kind"), "{full}");
        for (kind, count) in [("proposal", "1"), ("missed", "0"), ("spurious", "1")] {
            assert!(full.lines().any(|l| l.split_whitespace().eq([kind, count])), "{kind} in {full}");
        }
        assert!(!full.contains("examples of"), "{full}");
        let with = score.full_report(3);
        assert!(with.contains("examples of proposal (1 of 1):"), "{with}");
        assert!(with.contains("  a.txt: gold Russia|reject|ceasefire [plain]"), "{with}");
        assert!(with.contains("    predicted: Russia|reject|elections"), "{with}");
        assert!(with.contains("examples of spurious (1 of 1):"), "{with}");
    }

    #[test]
    fn examples_are_spread_over_documents_and_limited() {
        let gold = |file: &str| {
            serde_json::json!({"file": file, "stances": [
                {"actor": "Russia", "stance": "reject", "proposal": "ceasefire", "evidence": "one."},
                {"actor": "Russia", "stance": "reject", "proposal": "elections", "evidence": "two."},
                {"actor": "Russia", "stance": "reject", "proposal": "neutrality", "evidence": "three."}]})
        };
        let score = Score {
            docs: ["a", "b"].iter().map(|f| score_document(&gold(f), &serde_json::json!({"stances": []}))).collect(),
        };
        for (n, expected) in
            [(0, vec![]), (1, vec!["a"]), (3, vec!["a", "b", "a"]), (9, vec!["a", "b", "a", "b", "a", "b"])]
        {
            let ex = score.examples(n);
            let missed = &ex.misses[FailureKind::ALL.iter().position(|k| *k == FailureKind::Missed).unwrap_or(0)];
            assert_eq!(missed.kind, FailureKind::Missed);
            assert_eq!(missed.total, 6);
            assert_eq!(missed.examples.iter().map(|e| e.file).collect::<Vec<_>>(), expected, "n={n}");
            assert!(ex.misses.iter().filter(|k| k.kind != FailureKind::Missed).all(|k| k.examples.is_empty()));
        }
        let json = serde_json::to_value(score.json_report(2)).unwrap();
        assert_eq!(json["breakdown"]["kinds"]["missed"], 6);
        assert_eq!(json["examples"]["misses"][4]["examples"][1]["file"], "b");
        assert_eq!(json["examples"]["misses"][4]["examples"][0]["gold"]["proposal"], "ceasefire");
        assert_eq!(json["docs"][0]["stance_misses"][2]["kind"], "missed");
        assert!(serde_json::to_value(score.json_report(0)).unwrap().get("examples").is_none());
    }

    #[test]
    fn evidence_is_clipped_to_one_line() {
        assert_eq!(clip("  a\n  b "), "a b");
        let long = "é".repeat(200);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), 161);
        assert!(clipped.ends_with('…'));
    }
}

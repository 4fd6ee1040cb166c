#!/usr/bin/env python3
"""Check ontology/proposals.ttl and ontology/cues.ttl.

Usage: python3 scripts/check_lexicons.py [--ontology DIR] [--seeds DIR] [-v]
Needs rdflib (e.g. python3 -m venv /tmp/cues-venv && /tmp/cues-venv/bin/pip install rdflib).

What it checks (exit 1 on any problem):
  * both files parse; classes, stance types, hedge and condition kinds are from the allowed sets;
  * every proposal has one @en prefLabel, is in pg:proposalScheme, has a definition and an example;
    the prefLabels the evaluation uses are present; labels are unique across concepts (case-insensitive)
    and start and end with a word character; skos:broader targets exist;
  * every pattern compiles under Python `re`, uses nothing Rust's `regex` crate lacks (look-around,
    backreferences, atomic or possessive groups, \\Z, \\< \\>), no escaped non-ASCII character, no class
    set-operation tokens (&& -- ~~) or nested '[' inside a class, no Unicode \\w (it bloats the automaton),
    and cannot match the empty string;
  * proposals: the matcher (labels + patterns, leftmost-longest across concepts, narrower concept on an
    identical span; see the header of proposals.ttl) finds
    the concept in each pg:example and not in any pg:counterExample;
  * stance cues: each example node has pg:text, pg:actor (an allowed canonical name whose surface form
    occurs in the text), pg:proposal (a prefLabel the matcher finds in the text); the cue matches outside
    proposal mentions and survives leftmost-longest resolution among stance cues; an explicit
    pg:stanceType must equal the cue's pg:polarityOnNegation and a negation cue must occur;
  * other cues: each example is matched, each counterExample is not;
  * no example shares a run of 6 words with a seed article (examples must be original).
Patterns are matched as (?i)\\b(?:PATTERN)\\b, the way the Rust engine wraps them.
"""
import argparse
import os
import re
import sys
from collections import Counter, defaultdict

try:
    from rdflib import Graph, Namespace, URIRef, Literal, BNode
    from rdflib.namespace import RDF, RDFS, SKOS
except ImportError:  # pragma: no cover
    sys.exit("rdflib is required: python3 -m venv /tmp/cues-venv && /tmp/cues-venv/bin/pip install rdflib")

PG = Namespace("https://w3id.org/pactgraph/ontology#")
PGT = Namespace("https://w3id.org/pactgraph/stance-type/")
STANCE_TYPES = {"offer", "propose", "demand", "reject", "accept", "support", "oppose", "condition", "expect", "warn"}
HEDGE_KINDS = {"reported", "modal", "prediction"}
CONDITION_KINDS = {"if", "unless", "after", "exchange", "before"}
POSITIONS_ACTOR = {"subject", "after", "speaker", "inside"}
POSITIONS_PROPOSAL = {"after", "before", "inside"}
CUE_CLASSES = {"StanceCue", "HedgeCue", "NegationCue", "ConditionCue", "SpeechCue"}

# The evaluation vocabulary (dev-gold README and the brief): these prefLabels must exist verbatim.
REQUIRED_PREFLABELS = [
    "security guarantees", "Article 5-like guarantees", "free economic zone", "demilitarized zone",
    "territorial withdrawal from Donbas", "multinational force", "ceasefire", "Christmas truce",
    "ceasefire monitoring mechanism", "NATO membership", "EU membership", "limits on army size", "neutrality",
    "elections", "frozen assets", "Zaporizhzhia nuclear plant control", "sanctions relief", "G8 return",
    "weapons supply", "peace deal", "peace plan", "comprehensive peace deal", "territorial concessions",
    "renouncing nato membership", "limits on weapons systems", "recognition of annexed territories",
    "territorial swaps", "nato non-expansion pledge", "preferential access to eu markets", "financial support",
    "us ground troops", "us mediation", "sanctions",
    "protections for russian speakers and orthodox believers", "us-russia economic cooperation",
]

# Canonical actor names allowed in stance-cue examples, with the surface forms news uses for them.
ACTORS = {
    "Russia": ["Russia", "Moscow", "the Kremlin", "Kremlin", "Russian"],
    "Ukraine": ["Ukraine", "Kyiv", "Ukrainian"],
    "United States": ["United States", "U.S.", "US", "Washington", "White House", "American", "Trump administration"],
    "China": ["China", "Beijing", "Chinese"],
    "Israel": ["Israel", "Israeli"],
    "Iran": ["Iran", "Tehran", "Iranian"],
    "Turkey": ["Turkey", "Türkiye", "Ankara", "Turkish"],
    "France": ["France", "Paris", "French", "Élysée"],
    "Germany": ["Germany", "Berlin", "German"],
    "United Kingdom": ["United Kingdom", "Britain", "UK", "U.K.", "London", "British", "Downing Street"],
    "NATO": ["NATO", "the alliance"],
    "European Union": ["European Union", "EU", "Brussels", "the bloc"],
    "Vladimir Putin": ["Putin"],
    "Volodymyr Zelenskyy": ["Zelenskyy", "Zelensky"],
    "Donald Trump": ["Trump"],
    "Emmanuel Macron": ["Macron"],
    "Recep Tayyip Erdogan": ["Erdogan", "Erdoğan"],
    "Xi Jinping": ["Xi"],
    "Benjamin Netanyahu": ["Netanyahu"],
    "Sergei Lavrov": ["Lavrov"],
    "Dmitry Peskov": ["Peskov"],
    "Marco Rubio": ["Rubio"],
    "Keir Starmer": ["Starmer"],
    "Friedrich Merz": ["Merz"],
}

problems = []


def problem(msg):
    problems.append(msg)


def short(node):
    s = str(node)
    for pfx, ns in (("pgr:", "https://w3id.org/pactgraph/id/"), ("pgc:", "https://w3id.org/pactgraph/cue/")):
        if s.startswith(ns):
            return pfx + s[len(ns):]
    return s


# ------------------------------------------------------------------ regex checks (Rust compatibility)
RUST_UNSUPPORTED = [
    (r"\(\?=", "look-ahead"), (r"\(\?!", "negative look-ahead"), (r"\(\?<=", "look-behind"),
    (r"\(\?<!", "negative look-behind"), (r"\(\?>", "atomic group"), (r"\(\?P=", "named backreference"),
    (r"\\[1-9]", "backreference"), (r"\\k<", "named backreference"), (r"[*+?}][+]", "possessive quantifier"),
    (r"\\Z", r"\Z (Rust has \z, Python lacks it)"), (r"\\z", r"\z (Python lacks it)"),
    (r"\\[<>]", r"\< \> word-start/end"), (r"\(\?\(", "conditional group"),
]
ALLOWED_LETTER_ESCAPES = set("dDwWsSbBntrfvxpPAuU")


def regex_problems(p):
    out = []
    for rx, what in RUST_UNSUPPORTED:
        if re.search(rx, p):
            out.append(what)
    # escapes: Rust accepts escaped ASCII punctuation and the known letter escapes only
    i = 0
    in_class = False
    while i < len(p):
        ch = p[i]
        if ch == "\\":
            nxt = p[i + 1] if i + 1 < len(p) else ""
            if not nxt:
                out.append("trailing backslash")
            elif nxt.isalnum() and nxt not in ALLOWED_LETTER_ESCAPES:
                out.append(f"unknown escape \\{nxt}")
            elif not nxt.isascii():
                out.append(f"escaped non-ASCII character {nxt!r} (Rust rejects it)")
            if nxt == "w":
                out.append(r"Unicode \w: use [^\s;:!?] style classes (compiled size)")
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            j = i + 1
            if j < len(p) and p[j] == "^":
                j += 1
            if j < len(p) and p[j] == "]":
                j += 1  # a literal ] first in the class
            k = j
            while k < len(p) and p[k] != "]":
                if p[k] == "\\":
                    k += 2
                    continue
                if p[k] == "[":
                    out.append("unescaped [ inside a class (Rust nests classes)")
                if p[k:k + 2] in ("&&", "--", "~~"):
                    out.append(f"class set operator {p[k:k + 2]!r} inside a class")
                k += 1
            i = k + 1
            in_class = False
            continue
        i += 1
    try:
        cp = re.compile(p, re.IGNORECASE)
        if cp.fullmatch(""):
            out.append("matches the empty string")
    except re.error as e:
        out.append(f"does not compile: {e}")
    return out


def wrap(p):
    return re.compile(r"\b(?:" + p + r")\b", re.IGNORECASE)


# ------------------------------------------------------------------ loading
def load(path):
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # noqa: BLE001
        problem(f"{path}: does not parse: {e}")
    return g


def literals(g, s, p):
    return [o for o in g.objects(s, p) if isinstance(o, Literal)]


class Concept:
    def __init__(self, iri):
        self.iri = iri
        self.pref = None
        self.labels = []      # (text, kind)
        self.patterns = []    # (source, compiled)
        self.examples = []
        self.counter = []
        self.broader = set()


def load_proposals(g):
    concepts = {}
    for s in set(g.subjects(RDF.type, PG.Proposal)) | set(g.subjects(RDF.type, SKOS.Concept)):
        c = Concept(s)
        types = set(g.objects(s, RDF.type))
        if PG.Proposal not in types or SKOS.Concept not in types:
            problem(f"{short(s)}: must be both pg:Proposal and skos:Concept")
        if (s, SKOS.inScheme, PG.proposalScheme) not in g:
            problem(f"{short(s)}: not skos:inScheme pg:proposalScheme")
        prefs = literals(g, s, SKOS.prefLabel)
        if len(prefs) != 1 or prefs[0].language != "en":
            problem(f"{short(s)}: needs exactly one @en prefLabel, has {[str(x) for x in prefs]}")
        if prefs:
            c.pref = str(prefs[0])
        if not literals(g, s, SKOS.definition):
            problem(f"{short(s)}: no skos:definition")
        for kind, prop in (("pref", SKOS.prefLabel), ("alt", SKOS.altLabel), ("hidden", SKOS.hiddenLabel)):
            for lab in literals(g, s, prop):
                if lab.language != "en":
                    problem(f"{short(s)}: label {str(lab)!r} is not @en")
                c.labels.append((str(lab), kind))
        for x in g.objects(s, PG.impliedStance):
            if not str(x).startswith(str(PGT)) or str(x)[len(str(PGT)):] not in STANCE_TYPES:
                problem(f"{short(s)}: pg:impliedStance {x} is not a pgt: type")
        for b in g.objects(s, SKOS.broader):
            c.broader.add(b)
            if (b, RDF.type, PG.Proposal) not in g:
                problem(f"{short(s)}: broader {short(b)} is not a pg:Proposal")
        for p in literals(g, s, PG.pattern):
            for msg in regex_problems(str(p)):
                problem(f"{short(s)}: pattern {str(p)!r}: {msg}")
            try:
                c.patterns.append((str(p), wrap(str(p))))
            except re.error:
                pass
        c.examples = [str(x) for x in literals(g, s, PG.example)]
        c.counter = [str(x) for x in literals(g, s, PG.counterExample)]
        if not c.examples:
            problem(f"{short(s)}: no pg:example")
        concepts[s] = c
    return concepts


# ------------------------------------------------------------------ proposal matcher
class Matcher:
    """Labels + patterns of all concepts, leftmost-longest across concepts (the semantics in proposals.ttl)."""

    def __init__(self, concepts):
        self.concepts = concepts
        self.ancestors = {}
        for iri, c in concepts.items():
            seen, todo = set(), list(c.broader)
            while todo:
                b = todo.pop()
                if b not in seen:
                    seen.add(b)
                    todo += list(concepts[b].broader) if b in concepts else []
            self.ancestors[iri] = seen
        self.label_rx = []
        for c in concepts.values():
            for text, _ in c.labels:
                self.label_rx.append((re.compile(r"(?<!\w)" + re.escape(text) + r"(?!\w)", re.IGNORECASE), c))
        self.pattern_rx = [(rx, c) for c in concepts.values() for _, rx in c.patterns]

    def mentions(self, text):
        cands = []
        for rx, c in self.label_rx + self.pattern_rx:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    cands.append((m.start(), m.end(), c))
        cands.sort(key=lambda t: (t[0], -(t[1] - t[0]), t[2].pref or ""))
        kept = []
        for st, en, c in cands:
            clash = [k for k in kept if st < k[1] and k[0] < en]
            if not clash or all((k[0], k[1]) == (st, en) for k in clash):
                if not any((k[0], k[1], k[2]) == (st, en, c) for k in kept):
                    kept.append((st, en, c))
        # same span: a concept that is broader than another one on that span gives way
        return [k for k in kept
                if not any((o[0], o[1]) == (k[0], k[1]) and k[2].iri in self.ancestors[o[2].iri] for o in kept)]

    def found(self, text):
        return {c.pref for _, _, c in self.mentions(text)}


# ------------------------------------------------------------------ cues
def load_cues(g):
    cues = []
    for cls in CUE_CLASSES:
        for s in g.subjects(RDF.type, PG[cls]):
            e = dict(iri=s, cls=cls, patterns=[], examples=[], counter=[])
            for p in literals(g, s, PG.pattern):
                for msg in regex_problems(str(p)):
                    problem(f"{short(s)}: pattern {str(p)!r}: {msg}")
                try:
                    e["patterns"].append(wrap(str(p)))
                except re.error:
                    pass
            if not e["patterns"]:
                problem(f"{short(s)}: no usable pg:pattern")
            if not list(g.objects(s, RDFS.comment)):
                problem(f"{short(s)}: no rdfs:comment")
            e["counter"] = [str(x) for x in literals(g, s, PG.counterExample)]
            exs = list(g.objects(s, PG.example))
            if not exs:
                problem(f"{short(s)}: no pg:example")
            if cls == "StanceCue":
                st = list(g.objects(s, PG.stanceType))
                if len(st) != 1 or not str(st[0]).startswith(str(PGT)) or str(st[0])[len(str(PGT)):] not in STANCE_TYPES:
                    problem(f"{short(s)}: pg:stanceType must be one of the ten pgt: types, is {st}")
                e["type"] = str(st[0])[len(str(PGT)):] if st else None
                neg = list(g.objects(s, PG.polarityOnNegation))
                for x in neg:
                    if str(x)[len(str(PGT)):] not in STANCE_TYPES or not str(x).startswith(str(PGT)):
                        problem(f"{short(s)}: bad pg:polarityOnNegation {x}")
                e["neg"] = str(neg[0])[len(str(PGT)):] if neg else None
                for x in g.objects(s, PG.actorPosition):
                    if str(x) not in POSITIONS_ACTOR:
                        problem(f"{short(s)}: bad pg:actorPosition {x}")
                for x in g.objects(s, PG.proposalPosition):
                    if str(x) not in POSITIONS_PROPOSAL:
                        problem(f"{short(s)}: bad pg:proposalPosition {x}")
                for ex in exs:
                    if not isinstance(ex, BNode):
                        problem(f"{short(s)}: stance-cue example must be a node with pg:text, pg:actor, pg:proposal")
                        continue
                    d = {}
                    for k in ("text", "actor", "proposal"):
                        v = literals(g, ex, PG[k])
                        if len(v) != 1:
                            problem(f"{short(s)}: example needs exactly one pg:{k}")
                        d[k] = str(v[0]) if v else ""
                    ov = list(g.objects(ex, PG.stanceType))
                    d["type"] = str(ov[0])[len(str(PGT)):] if ov else None
                    if ov and (not str(ov[0]).startswith(str(PGT)) or d["type"] not in STANCE_TYPES):
                        problem(f"{short(s)}: example pg:stanceType {ov[0]} is not a pgt: type")
                    e["examples"].append(d)
            else:
                for ex in exs:
                    if not isinstance(ex, Literal):
                        problem(f"{short(s)}: example must be a plain sentence")
                    e["examples"].append(str(ex))
                if cls == "HedgeCue":
                    k = [str(x) for x in g.objects(s, PG.hedgeKind)]
                    if len(k) != 1 or k[0] not in HEDGE_KINDS:
                        problem(f"{short(s)}: pg:hedgeKind must be one of {sorted(HEDGE_KINDS)}, is {k}")
                    e["kind"] = k[0] if k else None
                if cls == "ConditionCue":
                    k = [str(x) for x in g.objects(s, PG.conditionKind)]
                    if len(k) != 1 or k[0] not in CONDITION_KINDS:
                        problem(f"{short(s)}: pg:conditionKind must be one of {sorted(CONDITION_KINDS)}, is {k}")
                    e["kind"] = k[0] if k else None
                if cls == "SpeechCue":
                    a = list(g.objects(s, PG.agentive))
                    if len(a) != 1 or not isinstance(a[0], Literal) or not isinstance(a[0].toPython(), bool):
                        problem(f"{short(s)}: pg:agentive must be one boolean")
                    e["agentive"] = bool(a[0].toPython()) if a else None
            cues.append(e)
    return cues


def spans(rxs, text):
    out = []
    for rx in rxs:
        out += [(m.start(), m.end()) for m in rx.finditer(text) if m.end() > m.start()]
    return out


def inside(span, mentions):
    return any(m[0] <= span[0] and span[1] <= m[1] for m in mentions)


def surface_present(actor, text):
    for form in ACTORS.get(actor, []):
        if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", text, re.IGNORECASE if form.islower() else 0):
            return True
    return False


def seed_ngrams(seed_dir, n):
    grams = set()
    if not seed_dir or not os.path.isdir(seed_dir):
        return grams
    for f in sorted(os.listdir(seed_dir)):
        words = re.findall(r"[a-z0-9]+", open(os.path.join(seed_dir, f), encoding="utf-8").read().lower()
                           .replace("’", "'"))
        grams |= {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    return grams


def copies_seed(text, grams, n):
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return [" ".join(words[i:i + n]) for i in range(len(words) - n + 1) if tuple(words[i:i + n]) in grams]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ontology", default=os.path.join(here, "..", "ontology"))
    ap.add_argument("--seeds", default=os.path.join(here, "..", "seeds"))
    ap.add_argument("--ngram", type=int, default=6, help="length of word runs shared with seeds that count as copying")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()

    gp = load(os.path.join(a.ontology, "proposals.ttl"))
    gc = load(os.path.join(a.ontology, "cues.ttl"))
    if problems:
        print("\n".join(problems))
        return 1
    if (PG.proposalScheme, RDF.type, SKOS.ConceptScheme) not in gp:
        problem("proposals.ttl: pg:proposalScheme is not declared a skos:ConceptScheme")

    concepts = load_proposals(gp)
    prefs = {c.pref: c for c in concepts.values() if c.pref}
    for req in REQUIRED_PREFLABELS:
        if req not in prefs:
            problem(f"required prefLabel {req!r} is missing")
    seen = {}
    for c in concepts.values():
        for text, kind in c.labels:
            key = text.lower()
            if key in seen and seen[key] is not c:
                problem(f"label {text!r} is on both {short(seen[key].iri)} and {short(c.iri)}")
            seen.setdefault(key, c)
            if not (re.match(r"\w", text) and re.search(r"\w$", text)):
                problem(f"{short(c.iri)}: label {text!r} must start and end with a word character")
            if text != text.strip() or "  " in text:
                problem(f"{short(c.iri)}: label {text!r} has stray spaces")

    matcher = Matcher(concepts)
    for c in concepts.values():
        for ex in c.examples:
            if c.pref not in matcher.found(ex):
                problem(f"{short(c.iri)}: example not matched: {ex!r} (found {sorted(matcher.found(ex))})")
        for ex in c.counter:
            if c.pref in matcher.found(ex):
                problem(f"{short(c.iri)}: counterExample matched: {ex!r}")

    cues = load_cues(gc)
    stance_cues = [e for e in cues if e["cls"] == "StanceCue"]
    negation_cues = [e for e in cues if e["cls"] == "NegationCue"]
    neg_rx = [rx for e in negation_cues for rx in e["patterns"]]

    def surviving_stance_spans(text, mentions):
        cands = []
        for e in stance_cues:
            for sp in spans(e["patterns"], text):
                if not inside(sp, mentions):
                    cands.append((sp[0], sp[1], e["iri"]))
        cands.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        kept = []
        for st, en, iri in cands:
            if not any(st < k[1] and k[0] < en and (k[0], k[1]) != (st, en) for k in kept):
                kept.append((st, en, iri))
        return kept

    for e in cues:
        name = short(e["iri"])
        for ex in e["counter"]:
            if spans(e["patterns"], ex):
                problem(f"{name}: counterExample matched: {ex!r}")
        if e["cls"] != "StanceCue":
            for ex in e["examples"]:
                if not spans(e["patterns"], ex):
                    problem(f"{name}: example not matched: {ex!r}")
            continue
        for d in e["examples"]:
            text = d["text"]
            if d["proposal"] not in prefs:
                problem(f"{name}: pg:proposal {d['proposal']!r} is not a prefLabel in proposals.ttl")
            mentions = matcher.mentions(text)
            found = {c.pref for _, _, c in mentions}
            if d["proposal"] not in found:
                problem(f"{name}: proposal {d['proposal']!r} not found in {text!r} (found {sorted(found)})")
            if d["actor"] not in ACTORS:
                problem(f"{name}: pg:actor {d['actor']!r} is not one of the allowed canonical names")
            elif not surface_present(d["actor"], text):
                problem(f"{name}: actor {d['actor']!r} not named in {text!r}")
            own = [sp for sp in spans(e["patterns"], text) if not inside(sp, mentions)]
            if not own:
                problem(f"{name}: cue not matched outside proposal mentions in {text!r}")
            else:
                kept = surviving_stance_spans(text, mentions)
                if not any(k[2] == e["iri"] for k in kept):
                    problem(f"{name}: cue loses the overlap with another stance cue in {text!r}")
            if d["type"] and d["type"] != e["type"]:
                if d["type"] != e["neg"]:
                    problem(f"{name}: example type {d['type']} differs from the cue's type and polarityOnNegation")
                cue_spans = [(k[0], k[1]) for k in surviving_stance_spans(text, mentions)]
                if not [sp for sp in spans(neg_rx, text) if not inside(sp, mentions) and not inside(sp, cue_spans)]:
                    problem(f"{name}: example type {d['type']} needs a negation cue in {text!r}")

    # originality: no long word runs shared with the seed articles
    grams = seed_ngrams(a.seeds, a.ngram)
    texts = [(short(c.iri), t) for c in concepts.values() for t in c.examples + c.counter]
    for e in cues:
        texts += [(short(e["iri"]), d["text"] if isinstance(d, dict) else d) for d in e["examples"]]
        texts += [(short(e["iri"]), t) for t in e["counter"]]
    for who, t in texts:
        hits = copies_seed(t, grams, a.ngram)
        if hits:
            problem(f"{who}: example shares {a.ngram} words with a seed article: {hits[0]!r} in {t!r}")

    # report
    by_cls = Counter(e["cls"] for e in cues)
    by_type = Counter(e["type"] for e in stance_cues)
    n_patterns = sum(len(c.patterns) for c in concepts.values()) + sum(len(e["patterns"]) for e in cues)
    n_examples = sum(len(c.examples) + len(c.counter) for c in concepts.values()) + \
        sum(len(e["examples"]) + len(e["counter"]) for e in cues)
    print(f"proposals: {len(concepts)} concepts, {sum(len(c.labels) for c in concepts.values())} labels, "
          f"{sum(len(c.patterns) for c in concepts.values())} patterns")
    print("cues: " + ", ".join(f"{k} {by_cls[k]}" for k in sorted(CUE_CLASSES)))
    print("stance cues by type: " + ", ".join(f"{t} {by_type[t]}" for t in sorted(STANCE_TYPES)))
    print(f"{n_patterns} patterns and {n_examples} examples/counterexamples checked")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        print("\n".join("  " + p for p in problems))
        return 1
    print("no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())

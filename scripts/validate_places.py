#!/usr/bin/env python3
"""Check the place gazetteer: ontology/places.ttl and ontology/places-curated.ttl.

    /tmp/gaz-venv/bin/python scripts/validate_places.py

Checks (exit status 1 if any fails):
  * each file parses as Turtle (rdflib; also `rapper -i turtle -c` when raptor2-utils is there);
  * no subject is defined in both files;
  * every place has exactly one skos:prefLabel, tagged @en, also counting the other ontology
    files that describe the same IRIs (actors-states.ttl gives countries more labels);
  * every object of pg:locatedIn, pg:capital and pg:spans is a place defined in one of the two
    files;
  * wgs84:lat/long are xsd:decimal in range, pg:population is xsd:integer >= 0;
  * places.ttl stays under 12 MB.
Prints triple counts, entities per class and the number of ambiguous places.
"""

import collections
import glob
import os
import shutil
import subprocess
import sys

import rdflib
from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SKOS

HERE = os.path.dirname(os.path.abspath(__file__))
ONTO = os.path.join(os.path.dirname(HERE), "ontology")
FILES = [os.path.join(ONTO, "places.ttl"), os.path.join(ONTO, "places-curated.ttl")]
PG = rdflib.Namespace("https://w3id.org/pactgraph/ontology#")
WGS = rdflib.Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
PLACE_CLASSES = {PG.Place, PG.Country, PG.Region, PG.City, PG.Facility, PG.Continent}
MAX_BYTES = 12 * 1024 * 1024


def main():
    errors = []
    graphs = {}
    for f in FILES:
        g = rdflib.Graph()
        g.parse(f, format="turtle")
        graphs[f] = g
        print(f"{os.path.relpath(f, os.path.dirname(ONTO))}: {len(g)} triples, "
              f"{os.path.getsize(f)} bytes")
        if shutil.which("rapper"):
            r = subprocess.run(["rapper", "-q", "-i", "turtle", "-c", f],
                               capture_output=True, text=True)
            if r.returncode != 0:
                errors.append(f"rapper rejects {f}: {r.stderr.strip()[:500]}")
            else:
                print(f"  rapper: {r.stderr.strip() or 'ok'}")
    if os.path.getsize(FILES[0]) > MAX_BYTES:
        errors.append(f"places.ttl is larger than {MAX_BYTES} bytes")

    subjects = {f: {s for s in g.subjects(RDF.type, None)} for f, g in graphs.items()}
    both = subjects[FILES[0]] & subjects[FILES[1]]
    for s in sorted(both):
        errors.append(f"defined in both files: {s}")

    places = rdflib.Graph()
    for g in graphs.values():
        places += g
    defined = {s for s, o in places.subject_objects(RDF.type) if o in PLACE_CLASSES}

    # other ontology files that share IRIs (labels only)
    others = rdflib.Graph()
    for f in sorted(glob.glob(os.path.join(ONTO, "*.ttl"))):
        if f in FILES:
            continue
        try:
            og = rdflib.Graph()
            og.parse(f, format="turtle")
        except Exception as e:  # not ours to fix, but worth saying
            print(f"  note: {os.path.basename(f)} does not parse: {e}")
            continue
        for t in og.triples((None, SKOS.prefLabel, None)):
            others.add(t)

    classes = collections.Counter()
    for s in defined:
        for o in places.objects(s, RDF.type):
            classes[o.split("#")[-1]] += 1
        prefs = set(places.objects(s, SKOS.prefLabel)) | set(others.objects(s, SKOS.prefLabel))
        if len(prefs) != 1:
            errors.append(f"{s}: {len(prefs)} prefLabels {sorted(map(str, prefs))[:4]}")
        for p in prefs:
            if not isinstance(p, Literal) or p.language != "en":
                errors.append(f"{s}: prefLabel not @en: {p!r}")
        for p in (WGS.lat, WGS.long):
            for v in places.objects(s, p):
                lim = 90 if p == WGS.lat else 180
                if v.datatype != XSD.decimal or not -lim <= float(v) <= lim:
                    errors.append(f"{s}: bad {p.split('#')[-1]} {v!r}")
        for v in places.objects(s, PG.population):
            if v.datatype != XSD.integer or int(v) < 0:
                errors.append(f"{s}: bad population {v!r}")

    for prop in (PG.locatedIn, PG.capital, PG.spans):
        for s, o in places.subject_objects(prop):
            if not isinstance(o, URIRef) or o not in defined:
                errors.append(f"{s} {prop.split('#')[-1]} {o}: object not defined")
            if prop == PG.capital and (o, RDF.type, PG.City) not in places:
                errors.append(f"{s} capital {o}: not a pg:City")

    amb = sum(1 for _ in places.subjects(PG.ambiguousName, Literal(True)))
    labels = collections.defaultdict(set)
    for s in defined:
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for o in places.objects(s, p):
                labels[str(o).casefold()].add(s)
    shared = sum(1 for v in labels.values() if len(v) > 1)
    print("places per class:", dict(sorted(classes.items())))
    print(f"places marked pg:ambiguousName: {amb}; labels (casefolded) shared by 2+ places: {shared}")
    if errors:
        print(f"{len(errors)} problem(s):")
        for e in errors[:200]:
            print("  " + e)
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()

"""The peer of `pactgraph extract`: spaCy's blank English pipeline with an EntityRuler holding
the same gazetteer names (every skos:prefLabel, skos:altLabel, skos:hiddenLabel and
pg:governmentLabel of the actors, places and proposals in ontology/), run with nlp.pipe over the
texts of a JSON Lines corpus on one process. Prints one JSON object: set-up time (building the
ruler), pipe time (wall and this process's CPU), documents, bytes of text, entities found.

Usage: python spacy_ruler.py ONTOLOGY_DIR CORPUS.jsonl
"""

import json
import sys
import time
from pathlib import Path

import pyoxigraph
import spacy

LABELS = {
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#hiddenLabel",
    "https://w3id.org/pactgraph/ontology#governmentLabel",
}
# files of names (the others hold the ontology, cue patterns and word lists)
NAME_FILES = ("actors-", "places", "proposals")


def gazetteer_names(ontology: Path) -> list[str]:
    names = set()
    for f in sorted(ontology.glob("*.ttl")):
        if not f.name.startswith(NAME_FILES):
            continue
        for t in pyoxigraph.parse(path=str(f), format=pyoxigraph.RdfFormat.TURTLE):
            if t.predicate.value in LABELS and isinstance(t.object, pyoxigraph.Literal):
                name = t.object.value.strip()
                if name:
                    names.add(name)
    return sorted(names)


def main() -> None:
    ontology, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    t0, c0 = time.perf_counter(), time.process_time()
    names = gazetteer_names(ontology)
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ENT", "pattern": n} for n in names])
    t1, c1 = time.perf_counter(), time.process_time()
    docs = bytes_ = ents = 0

    def texts():
        nonlocal docs, bytes_
        with corpus.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    text = json.loads(line)["text"]
                    docs += 1
                    bytes_ += len(text.encode("utf-8"))
                    yield text

    for doc in nlp.pipe(texts(), batch_size=64):
        ents += len(doc.ents)
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"setup_s": t1 - t0, "pipe_s": t2 - t1, "setup_cpu_s": c1 - c0, "pipe_cpu_s": c2 - c1, "patterns": len(names), "documents": docs,
                      "bytes": bytes_, "entities": ents, "spacy": spacy.__version__}))


if __name__ == "__main__":
    main()

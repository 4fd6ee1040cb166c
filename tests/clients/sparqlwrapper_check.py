"""Talks to a SPARQL endpoint with SPARQLWrapper, a real SPARQL client library, and prints what
it got as one JSON object (tests/serve.rs checks it). Usage: sparqlwrapper_check.py QUERY_URL UPDATE_URL"""
import io
import json
import sys

import rdflib
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

query_url, update_url = sys.argv[1], sys.argv[2]
COUNT = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/pactgraph/ontology#Stance> }"
out = {}

for name, fmt in [("json", JSON), ("xml", XML), ("csv", CSV), ("tsv", TSV)]:
    for method in ["GET", "POST"]:
        sw = SPARQLWrapper(query_url)
        sw.setQuery(COUNT)
        sw.setReturnFormat(fmt)
        sw.setMethod(method)
        res = sw.query()
        body = res.convert()
        if name == "json":
            n = int(body["results"]["bindings"][0]["n"]["value"])
        elif name == "xml":
            n = int(body.getElementsByTagName("literal")[0].firstChild.data)
        else:
            text = body.decode("utf-8")
            n = int(text.split("\n")[1].split("\t" if name == "tsv" else ",")[0].split('"')[0].split("^^")[0])
        out[f"{name}_{method}"] = {"n": n, "content_type": res.info()["content-type"]}

sw = SPARQLWrapper(query_url)
sw.setQuery(
    "CONSTRUCT { ?s a ?t } WHERE { ?s a <https://w3id.org/pactgraph/ontology#Stance> ; a ?t }"
)
sw.setReturnFormat(TURTLE)
res = sw.query()
turtle = res.convert()
g = rdflib.Graph()
g.parse(data=turtle, format="turtle")
out["construct"] = {"triples": len(g), "content_type": res.info()["content-type"]}

sw = SPARQLWrapper(update_url)
sw.setMethod(POST)
sw.setQuery("INSERT DATA { <http://example.com/s> <http://example.com/p> <http://example.com/o> }")
try:
    sw.query()
    out["update"] = "accepted"
except SPARQLWrapperException as e:
    out["update"] = "refused: " + str(e).splitlines()[0]
except Exception as e:  # urllib's HTTPError for statuses SPARQLWrapper does not map
    out["update"] = f"refused: {type(e).__name__} {getattr(e, 'code', '')}"

print(json.dumps(out))

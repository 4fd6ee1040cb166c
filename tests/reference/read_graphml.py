"""Reads GraphML files with networkx and python-igraph and checks that typed attributes come
back typed. Prints, as JSON, {file: [nx_nodes, nx_edges, igraph_nodes, igraph_edges]}.

Usage: read_graphml.py FILE...   (exit 1 with a message on the first failed check)
"""

import json
import math
import sys

import igraph
import networkx as nx


def fail(path, message):
    sys.exit(f"{path}: {message}")


def check_networkx(path):
    g = nx.read_graphml(path)
    for n, d in g.nodes(data=True):
        for key in ("label", "type", "iri"):
            if not isinstance(d.get(key), str):
                fail(path, f"node {n}: {key} is not a string: {d.get(key)!r}")
        for key in ("weight", "documents"):
            if type(d.get(key)) is not int:
                fail(path, f"node {n}: {key} is not an int: {d.get(key)!r}")
        for key in ("latitude", "longitude"):
            if key in d and not (isinstance(d[key], float) and math.isfinite(d[key])):
                fail(path, f"node {n}: {key} is not a float: {d[key]!r}")
    for a, b, d in g.edges(data=True):
        if type(d.get("weight")) is not int or d["weight"] < 1:
            fail(path, f"edge {a}-{b}: weight is not a positive int: {d.get('weight')!r}")
        if type(d.get("hedged")) is not bool:
            fail(path, f"edge {a}-{b}: hedged is not a bool: {d.get('hedged')!r}")
        if not isinstance(d.get("label"), str) or not isinstance(d.get("relation"), str):
            fail(path, f"edge {a}-{b}: label or relation missing")
    return g.number_of_nodes(), g.number_of_edges()


def check_igraph(path):
    g = igraph.Graph.Read_GraphML(path)
    if g.vcount() and not all(isinstance(x, str) and x for x in g.vs["label"]):
        fail(path, "igraph: a node without a label")
    if g.vcount() and not all(isinstance(x, float) and x >= 0 for x in g.vs["weight"]):
        fail(path, f"igraph: node weights are not numbers: {g.vs['weight'][:5]}")
    if g.ecount() and not all(isinstance(x, float) and x >= 1 for x in g.es["weight"]):
        fail(path, f"igraph: edge weights are not numbers: {g.es['weight'][:5]}")
    if g.ecount() and not all(isinstance(x, bool) for x in g.es["hedged"]):
        fail(path, f"igraph: hedged is not boolean: {g.es['hedged'][:5]}")
    return g.vcount(), g.ecount()


def main():
    out = {}
    for path in sys.argv[1:]:
        out[path] = [*check_networkx(path), *check_igraph(path)]
    print(json.dumps(out))


if __name__ == "__main__":
    main()

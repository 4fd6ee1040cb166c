#!/usr/bin/env python3
"""Latencies of a live store (issue 19), measured on a running `pactgraph serve --watch`.

1. landing: a file is renamed into the watched folder; the time until a query on the endpoint
   first sees its document (polled every 10 ms), N times.
2. query latency: the same SELECT (stances with actor and proposal labels) on an idle server,
   then while `pactgraph ingest` of a folder runs against the served store.

Usage (standard library only):
  python3 benches/live_latency.py BIN STORE WATCH_DIR INGEST_DIR PORT
where BIN serves STORE on 127.0.0.1:PORT with --watch WATCH_DIR, and INGEST_DIR holds articles
the store does not have yet. Prints the figures; it starts and stops nothing.
"""
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

BIN, STORE, WATCH, INGEST, PORT = sys.argv[1:6]
BASE = f"http://127.0.0.1:{PORT}"
QUERY = """PREFIX pg: <https://w3id.org/pactgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?a ?t ?p WHERE { ?s a pg:Stance ; pg:actor ?x ; pg:stance ?t ; pg:proposal ?y .
  ?x skos:prefLabel ?a . ?y skos:prefLabel ?p } LIMIT 200"""


def ask(query):
    data = urllib.parse.urlencode({"query": query}).encode()
    req = urllib.request.Request(f"{BASE}/query", data=data, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return r.read()


def timed(query):
    t = time.perf_counter()
    ask(query)
    return time.perf_counter() - t


def summary(xs):
    xs = sorted(xs)
    return f"n={len(xs)} median {statistics.median(xs) * 1000:.1f} ms, p90 {xs[int(len(xs) * 0.9)] * 1000:.1f} ms, max {xs[-1] * 1000:.1f} ms"


def landing(n=10):
    out = []
    for i in range(n):
        doc = f"landing-{int(time.time() * 1000)}-{i}"
        text = f"Talks in Geneva, landing {doc}\n\nDecember 16, 2025\n\nRussia rejected the ceasefire proposal on Monday.\n"
        tmp, final = f"{WATCH}/.{doc}.part", f"{WATCH}/{doc}.txt"
        with open(tmp, "w") as f:
            f.write(text)
        q = f"ASK {{ GRAPH <https://w3id.org/pactgraph/doc/{doc}> {{ ?s ?p ?o }} }}"
        t = time.perf_counter()
        os.rename(tmp, final)
        while b"true" not in ask(q):
            time.sleep(0.01)
        out.append(time.perf_counter() - t)
        time.sleep(0.5)
    return out


def main():
    land = landing()
    print("file landing -> first query answer:", summary(land))
    for _ in range(3):
        ask(QUERY)
    idle = [timed(QUERY) for _ in range(40)]
    print("query, idle server:", summary(idle))
    busy = []
    started = time.perf_counter()
    p = subprocess.Popen([BIN, "ingest", "--store", STORE, INGEST], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while p.poll() is None:
        busy.append(timed(QUERY))
    out, err = p.communicate()
    print(f"ingest ran {time.perf_counter() - started:.1f} s (exit {p.returncode}): {out.decode().strip().splitlines()[1:2]}")
    print("query, while ingest runs:", summary(busy))


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Corpus-scale benchmark of pactgraph against the tools a user would otherwise run.
#
#   benches/compare.sh [SIZE_MB...]        default: 10 100
#
# For each size it builds a JSON Lines corpus of about SIZE_MB megabytes of text by repeating
# the seed articles with distinct ids, then measures side by side (wall time and peak RSS from
# /usr/bin/time -v):
#   1. `pactgraph extract` with --jobs 1 and --jobs 2 (output to /dev/null);
#   2. `pactgraph ingest` end to end into a fresh on-disk store (ontology included);
#   3. spaCy spacy.blank("en") + an EntityRuler with the same gazetteer names, nlp.pipe, one
#      process (benches/spacy_ruler.py; the venv is made by this script);
#   4. the official `oxigraph load` (PyPI package `oxigraph`) of our N-Quads dump of the store
#      from step 2 into a fresh store;
# then prints MB/s, documents/s, quads/s, peak RSS and the ratios the goals of issue 6 name,
# and the median time of each query of examples/queries/ on the largest store.
#
# Environment: WORK (scratch directory, default target/compare), VENV (default
# ~/.cache/pactgraph-bench-venv), CARGO_TARGET_DIR (where the release binary is built),
# QUERY_RUNS (default 5), QUERY_TIMEOUT (seconds per query run, default 60: a slower query is
# reported as timed out and the script goes on). Needs python3 (venv, pip) and GNU time (/usr/bin/time).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$ROOT/target/compare}
VENV=${VENV:-$HOME/.cache/pactgraph-bench-venv}
QUERY_RUNS=${QUERY_RUNS:-5}
QUERY_TIMEOUT=${QUERY_TIMEOUT:-60}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10 100)
mkdir -p "$WORK"

[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install -y time" >&2; exit 1; }
(cd "$ROOT" && cargo build --release --quiet)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/pactgraph
if [ ! -x "$VENV/bin/oxigraph" ] || ! "$VENV/bin/python" -c 'import spacy, pyoxigraph' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet spacy oxigraph pyoxigraph
fi
PY="$VENV/bin/python"

RESULTS="$WORK/results.tsv"
: > "$RESULTS"

# measure NAME SIZE DOCS BYTES QUADS CMD...: runs CMD under GNU time, records wall s and RSS MB
measure() {
    local name=$1 size=$2 docs=$3 bytes=$4 quads=$5
    shift 5
    /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/out.txt"
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$WORK/time.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$size" "$wall" "$rss" "$docs" "$bytes" "$quads" "$cpu" >> "$RESULTS"
    printf '  %-28s %8.2f s wall %8.2f s CPU  %6s MB peak RSS\n' "$name" "$wall" "$cpu" "$rss"
}

# start-up alone: one small document
"$BIN" extract "$ROOT"/seeds/000_*.txt > /dev/null
measure "startup(extract 1 doc)" 0 1 0 0 "$BIN" extract "$ROOT"/seeds/000_*.txt

for size in "${SIZES[@]}"; do
    corpus="$WORK/corpus-${size}mb.jsonl"
    if [ ! -s "$corpus" ]; then
        "$PY" - "$ROOT/seeds" "$corpus" "$size" <<'PY'
import json, sys
from pathlib import Path
seeds = sorted(Path(sys.argv[1]).glob("*.txt"))
texts = [(p.stem, p.read_text(encoding="utf-8")) for p in seeds]
target, total, rep = float(sys.argv[3]) * 1e6, 0, 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    while total < target:
        for stem, text in texts:
            # the first copy keeps the seed's id, so that queries naming a seed document
            # (examples/queries/provenance.rq) find it here too
            doc_id = stem if rep == 0 else f"r{rep:06d}-{stem}"
            out.write(json.dumps({"id": doc_id, "text": text}) + "\n")
            total += len(text.encode("utf-8"))
        rep += 1
PY
    fi
    read -r docs bytes < <("$PY" -c '
import json, sys
d = b = 0
for line in open(sys.argv[1], encoding="utf-8"):
    d += 1; b += len(json.loads(line)["text"].encode("utf-8"))
print(d, b)' "$corpus")
    echo "== ${size} MB corpus: $docs documents, $bytes bytes of text ($corpus)"

    measure "extract --jobs 1" "$size" "$docs" "$bytes" 0 "$BIN" extract --jobs 1 "$corpus"
    measure "extract --jobs 2" "$size" "$docs" "$bytes" 0 "$BIN" extract --jobs 2 "$corpus"

    store="$WORK/store-${size}mb"
    rm -rf "$store"
    measure "ingest (fresh store)" "$size" "$docs" "$bytes" 0 "$BIN" --store "$store" ingest "$corpus"
    cat "$WORK/out.txt" | sed 's/^/    /'
    dump="$WORK/dump-${size}mb.nq"
    "$BIN" --store "$store" dump --format nquads -o "$dump"
    quads=$(wc -l < "$dump")
    # the ingest row gets the store's quad count
    awk -F'\t' -v OFS='\t' -v q="$quads" -v s="$size" '$1 == "ingest (fresh store)" && $2 == s { $7 = q } { print }' "$RESULTS" > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"

    oxstore="$WORK/oxigraph-${size}mb"
    rm -rf "$oxstore"
    measure "oxigraph load (N-Quads)" "$size" "$docs" "$bytes" "$quads" "$VENV/bin/oxigraph" load --location "$oxstore" --file "$dump"

    measure "spaCy EntityRuler (1 proc)" "$size" "$docs" "$bytes" 0 "$PY" "$ROOT/benches/spacy_ruler.py" "$ROOT/ontology" "$corpus"
    cp "$WORK/out.txt" "$WORK/spacy-${size}mb.json"
    echo "    $(cat "$WORK/spacy-${size}mb.json")"
    rm -rf "$oxstore"
done

# queries on the largest store: median wall time of QUERY_RUNS runs of `pactgraph query`
last=${SIZES[${#SIZES[@]}-1]}
echo "== queries on the ${last} MB store (median of $QUERY_RUNS runs, whole command: process start, store open, query, output; goal < 200 ms)"
for q in "$ROOT"/examples/queries/*.rq; do
    "$PY" - "$BIN" "$WORK/store-${last}mb" "$q" "$QUERY_RUNS" "$QUERY_TIMEOUT" <<'PY'
import statistics, subprocess, sys, time
bin_, store, q, runs, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
name = q.rsplit('/', 1)[-1]
times, rows = [], 0
for _ in range(runs):
    t = time.perf_counter()
    try:
        out = subprocess.run([bin_, "--store", store, "query", "--file", q, "--format", "tsv"], check=True, capture_output=True, timeout=limit)
    except subprocess.TimeoutExpired:
        print(f"  {name:<32} timed out after {limit:.0f} s")
        sys.exit(0)
    times.append(time.perf_counter() - t)
    rows = max(0, out.stdout.count(b"\n") - 1)
print(f"  {name:<32} {statistics.median(times) * 1000:8.1f} ms  ({rows} rows)")
PY
done

echo "== summary"
"$PY" - "$RESULTS" "$WORK" <<'PY'
import csv, json, sys
from pathlib import Path
rows = [r for r in csv.reader(open(sys.argv[1]), delimiter="\t")]
work = Path(sys.argv[2])
by = {(r[0], r[1]): dict(wall=float(r[2]), rss=int(r[3]), docs=int(r[4]), bytes=int(r[5]), quads=int(r[6]), cpu=float(r[7])) for r in rows}
startup = by[("startup(extract 1 doc)", "0")]["wall"]
startup_cpu = by[("startup(extract 1 doc)", "0")]["cpu"]
sizes = sorted({r[1] for r in rows if r[1] != "0"}, key=float)
print(f"start-up (extract of one seed): {startup:.2f} s wall, {startup_cpu:.2f} s CPU")
print("MB/s, docs/s, quads/s are per wall-clock second; on a shared machine the CPU column is the steadier figure")
print(f"{'size':>6} {'run':<28} {'wall s':>8} {'CPU s':>8} {'MB/s':>8} {'docs/s':>9} {'quads/s':>10} {'RSS MB':>7}")
for s in sizes:
    for name in ["extract --jobs 1", "extract --jobs 2", "ingest (fresh store)", "oxigraph load (N-Quads)", "spaCy EntityRuler (1 proc)"]:
        m = by.get((name, s))
        if not m:
            continue
        w = m["wall"]
        q = f"{m['quads'] / w:10.0f}" if m["quads"] else f"{'':>10}"
        print(f"{s:>6} {name:<28} {w:8.2f} {m['cpu']:8.2f} {m['bytes'] / 1e6 / w:8.2f} {m['docs'] / w:9.0f} {q} {m['rss']:7d}")
print("ratios (goal in brackets)")
for s in sizes:
    e1, e2 = by[("extract --jobs 1", s)], by[("extract --jobs 2", s)]
    ing, ox = by[("ingest (fresh store)", s)], by[("oxigraph load (N-Quads)", s)]
    sp = json.loads((work / f"spacy-{s}mb.json").read_text())
    mb = e1["bytes"] / 1e6
    ours = mb / max(e1["wall"] - startup, 1e-9)
    theirs = mb / sp["pipe_s"]
    ours_cpu = mb / max(e1["cpu"] - startup_cpu, 1e-9)
    # spaCy's own CPU clock around nlp.pipe (its set-up wall time is no CPU figure on a busy machine)
    theirs_cpu = mb / max(sp["pipe_cpu_s"], 1e-9)
    print(f"  {s} MB: extraction per core vs spaCy EntityRuler, CPU time after start-up: {ours_cpu:.2f} / {theirs_cpu:.2f} MB/s = {ours_cpu / theirs_cpu:.2f}x [>= 50x]")
    print(f"  {s} MB: extraction per core vs spaCy EntityRuler, steady state: {ours:.2f} / {theirs:.2f} MB/s = {ours / theirs:.1f}x [>= 50x];"
          f" whole runs: {e1['wall']:.1f} s vs {sp['setup_s'] + sp['pipe_s']:.1f} s (spaCy set-up {sp['setup_s']:.1f} s)")
    print(f"  {s} MB: extract --jobs 2 vs --jobs 1: {e1['wall'] / e2['wall']:.2f}x whole run,"
          f" {(e1['wall'] - startup) / max(e2['wall'] - startup, 1e-9):.2f}x after start-up [>= 1.7x]")
    print(f"  {s} MB: ingest vs oxigraph load of its dump: {ing['wall']:.1f} s / {ox['wall']:.1f} s = {ing['wall'] / ox['wall']:.2f}x wall,"
          f" {ing['cpu']:.1f} / {ox['cpu']:.1f} s CPU = {ing['cpu'] / ox['cpu']:.2f}x [<= 1.5x]")
    print(f"  {s} MB: ingest peak RSS {ing['rss']} MB [< 1024 MB at 100 MB]")
if len(sizes) > 1:
    a, b = sizes[0], sizes[-1]
    for name in ["ingest (fresh store)", "extract --jobs 1"]:
        x, y = by[(name, a)], by[(name, b)]
        print(f"  {name}: {b} MB takes {y['wall'] / x['wall']:.2f}x the {a} MB run (CPU {y['cpu'] / x['cpu']:.2f}x) for {y['bytes'] / x['bytes']:.2f}x the text [<= 11x]")
PY

"""Distributed extraction with Apache Spark: `pactgraph extract --format nquads` over each
partition of a JSON Lines corpus, written as N-Quads shards.

    spark-submit --files /path/to/pactgraph examples/spark/extract_nquads.py \
        hdfs:///corpus/2026-12-05/*.jsonl hdfs:///quads/2026-12-05

INPUT is read with Spark's text reader, so any Hadoop-compatible URI works (file://, hdfs://,
s3a://, gs://, abfss://, globs, directories, .gz files). Each record is one JSON object per
line, {"id", "text", "title", "date", "url"} with "text" required; give every record an "id":
without one, pactgraph numbers records within its input, and the numbering restarts in each
partition. Each partition's lines go to one `pactgraph extract --format nquads --jobs N -`
process on its standard input; its standard output (the quads `pactgraph ingest` would store,
one named graph per document, no ontology or tallies) is the partition's shard. OUTPUT is a
directory of text files `part-NNNNN` holding N-Quads, loadable as they are (see the README:
Virtuoso's `ld_dir`/`rdf_loader_run`, Neptune's bulk loader, `oxigraph load`).

The binary is shipped to the executors with `--files` (found with `SparkFiles.get`), or found
on the executors' PATH, or given as an absolute path present on every executor (--binary).
A record pactgraph cannot use (broken JSON, empty text) is reported on the executor's stderr
and skipped (pactgraph's exit code 2); any other failure fails the task, which Spark retries.
"""

import argparse
import os
import shutil
import subprocess
import sys
import threading


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON Lines corpus: a path or any Hadoop-compatible URI (globs allowed)")
    p.add_argument("output", help="directory of N-Quads shards to create (must not exist)")
    p.add_argument("--binary", default="pactgraph",
                   help="the pactgraph binary: a file name shipped with --files, a name on PATH, "
                        "or an absolute path on every executor (default: pactgraph)")
    p.add_argument("--partitions", type=int, default=None,
                   help="repartition the corpus into this many partitions (default: Spark's split of the input)")
    p.add_argument("--jobs", type=int, default=1,
                   help="extraction threads per pactgraph process; match spark.task.cpus (default: 1)")
    p.add_argument("--compress", action="store_true", help="write gzip-compressed shards (part-NNNNN.gz)")
    return p.parse_args(argv)


def resolve_binary(name):
    """The executor-local path of the pactgraph binary."""
    if os.path.isabs(name):
        return name
    try:
        from pyspark import SparkFiles

        shipped = SparkFiles.get(os.path.basename(name))
        if os.path.exists(shipped):
            if not os.access(shipped, os.X_OK):
                os.chmod(shipped, 0o755)
            return shipped
    except Exception:  # no SparkContext files on this executor
        pass
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"pactgraph binary {name!r} not shipped with --files and not on PATH")
    return found


def extract_partition(binary, jobs):
    """A mapPartitions function: the partition's JSON Lines through one pactgraph process."""

    def run(lines):
        first = next(lines, None)
        if first is None:  # empty partition: no process, no quads
            return
        path = resolve_binary(binary)
        proc = subprocess.Popen(
            [path, "extract", "--format", "nquads", "--jobs", str(jobs), "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        errors = []

        # stdin is fed from a thread while stdout is read here: pactgraph writes quads before
        # it has read all of its input, so writing everything first could fill both pipes
        def feed():
            try:
                proc.stdin.write(first.encode("utf-8") + b"\n")
                for line in lines:
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass  # the process died: its exit code and stderr say why
            except Exception as e:  # noqa: BLE001 - reported after the process ends
                errors.append(e)
            finally:
                proc.stdin.close()

        stderr = []
        writer = threading.Thread(target=feed, daemon=True)
        reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
        writer.start()
        reader.start()
        for quad in proc.stdout:
            quad = quad.decode("utf-8").rstrip("\n")
            if quad:
                yield quad
        code = proc.wait()
        writer.join()
        reader.join()
        message = b"".join(stderr).decode("utf-8", "replace").strip()
        if errors:
            raise RuntimeError(f"feeding pactgraph failed: {errors[0]}")
        if code == 2:  # some records could not be used: reported, the others extracted
            print(f"pactgraph: some records skipped:\n{message}", file=sys.stderr)
        elif code != 0:
            raise RuntimeError(f"pactgraph extract exited with {code}: {message}")

    return run


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("pactgraph-extract-nquads").getOrCreate()
    try:
        lines = spark.sparkContext.textFile(args.input).filter(lambda l: l.strip() != "")
        if args.partitions:
            lines = lines.repartition(args.partitions)
        quads = lines.mapPartitions(extract_partition(args.binary, args.jobs))
        codec = "org.apache.hadoop.io.compress.GzipCodec" if args.compress else None
        quads.saveAsTextFile(args.output, compressionCodecClass=codec)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()

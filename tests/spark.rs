//! The Spark job of `examples/spark/` (PyPI `pyspark`, Java from Debian) in local mode with 2
//! workers, the binary shipped with `--files`: over a 200-document JSON Lines corpus, the union
//! of its N-Quads shards equals `pactgraph extract --format nquads` of the same corpus.
//! With `CI` set, a missing `spark-submit` or Java fails the test instead of skipping it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{BIN, assert_ok, have, root, seeds, stderr};

#[test]
fn spark_shards_equal_one_extract() {
    if !have("java", &["-version"]) || !have("spark-submit", &["--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 200 documents: the seed articles repeated, each record with an id of its own
    let mut texts: Vec<_> = std::fs::read_dir(seeds()).unwrap().map(|e| e.unwrap().path()).collect();
    texts.sort();
    let corpus = dir.path().join("corpus.jsonl");
    let mut lines = String::new();
    for i in 0..200 {
        let path = &texts[i % texts.len()];
        let stem = path.file_stem().unwrap().to_string_lossy();
        let text = std::fs::read_to_string(path).unwrap();
        lines.push_str(&serde_json::json!({ "id": format!("r{i:04}-{stem}"), "text": text }).to_string());
        lines.push('\n');
    }
    std::fs::write(&corpus, lines).unwrap();

    let shards = dir.path().join("shards");
    let o = Command::new("spark-submit")
        .args(["--master", "local[2]", "--conf", "spark.ui.enabled=false", "--files", BIN])
        .arg(root().join("examples/spark/extract_nquads.py"))
        .arg(&corpus)
        .arg(&shards)
        .args(["--partitions", "4"])
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("SPARK_LOCAL_DIRS", dir.path())
        .output()
        .unwrap();
    assert_ok(&o);
    let mut union = BTreeSet::new();
    let (mut total, mut files) = (0, 0);
    for e in std::fs::read_dir(&shards).unwrap() {
        let path = e.unwrap().path();
        if !path.file_name().unwrap().to_string_lossy().starts_with("part-") {
            continue;
        }
        files += 1;
        for l in std::fs::read_to_string(&path).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            total += 1;
            union.insert(l.to_string());
        }
    }
    assert_eq!(files, 4, "one shard per partition");
    assert_eq!(total, union.len(), "shards do not overlap");

    let one = Command::new(BIN).args(["extract", "--format", "nquads"]).arg(&corpus).output().unwrap();
    assert_ok(&one);
    let expected: BTreeSet<String> =
        String::from_utf8(one.stdout).unwrap().lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    assert!(expected.len() > 100_000, "{}", expected.len());
    let missing: Vec<_> = expected.difference(&union).take(5).collect();
    let extra: Vec<_> = union.difference(&expected).take(5).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing {missing:?}, extra {extra:?}\n{}", stderr(&o));
}

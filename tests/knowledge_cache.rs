//! The compiled knowledge base: loading it from the cache gives the same extraction, byte for
//! byte, as parsing the Turtle, on the seeds and on a few hundred generated sentences; for the
//! embedded knowledge and for `--ontology DIR`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::path::Path;
use std::process::Command;

use common::{BIN, assert_ok, root, seeds};

/// 300 sentences (actors x cue verbs x proposals) in 30 JSON Lines documents.
fn generated(dir: &Path) -> std::path::PathBuf {
    let actors = [
        "Ukraine",
        "Russia",
        "President Zelensky",
        "The European Union",
        "Kremlin spokesman Dmitry Peskov",
        "Norway",
        "The union",
        "Chile",
        "Peru",
        "NATO",
    ];
    let verbs = ["rejected", "proposed", "demanded", "offered", "welcomed", "warned against"];
    let proposals = ["a ceasefire", "security guarantees", "a 12% pay rise", "the peace plan", "a prisoner exchange"];
    let mut sentences = Vec::new();
    for a in actors {
        for v in verbs {
            for p in proposals {
                sentences.push(format!("{a} {v} {p} on Monday, officials said."));
            }
        }
    }
    let mut lines = String::new();
    for (i, chunk) in sentences.chunks(10).enumerate() {
        let record = serde_json::json!({
            "id": format!("generated-{i:02}"),
            "title": format!("Talks, round {i}"),
            "date": "2025-12-16",
            "text": chunk.join(" "),
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    let path = dir.join("generated.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

/// `extract` of the seeds and `input` with the cache setting `cache`.
fn extract(cache: &Path, extra: &[&str], input: &Path) -> String {
    let o = Command::new(BIN)
        .env("PACTGRAPH_CACHE", cache)
        .arg("extract")
        .args(extra)
        .arg(seeds())
        .arg(input)
        .output()
        .unwrap();
    assert_ok(&o);
    String::from_utf8(o.stdout).unwrap()
}

fn cached_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default()
}

#[test]
fn compiled_knowledge_extracts_exactly_as_parsed_turtle() {
    let dir = tempfile::tempdir().unwrap();
    let input = generated(dir.path());
    let parsed = extract(Path::new("off"), &[], &input);
    assert!(parsed.lines().count() >= 35, "{} documents", parsed.lines().count());
    assert!(parsed.contains("\"reject\""), "the generated sentences give stances");

    let cache = dir.path().join("cache");
    // the first run parses and compiles, the second loads the compiled form
    assert_eq!(extract(&cache, &[], &input), parsed);
    let files = cached_files(&cache);
    assert!(files.len() == 1 && files[0].ends_with(".bin"), "{files:?}");
    assert_eq!(extract(&cache, &[], &input), parsed);

    // --ontology DIR: compiled once under the hash of its files, so the shipped files share
    // the embedded knowledge's compiled form, and a changed file (a comment added) gets its own
    let args = ["--ontology".to_string(), root().join("ontology").to_str().unwrap().to_string()];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(extract(&cache, &args, &input), parsed);
    assert_eq!(cached_files(&cache).len(), 1, "{:?}", cached_files(&cache));
    let copy = dir.path().join("ontology");
    std::fs::create_dir(&copy).unwrap();
    for e in std::fs::read_dir(root().join("ontology")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), copy.join(e.file_name())).unwrap();
    }
    let cues = copy.join("cues.ttl");
    let text = std::fs::read_to_string(&cues).unwrap();
    std::fs::write(&cues, format!("{text}\n# a comment changes the hash, not the knowledge\n")).unwrap();
    let args = ["--ontology", copy.to_str().unwrap()];
    assert_eq!(extract(&cache, &args, &input), parsed);
    assert_eq!(cached_files(&cache).len(), 2, "{:?}", cached_files(&cache));
    assert_eq!(extract(&cache, &args, &input), parsed);

    // a damaged cache file is parsed again, not trusted
    for f in cached_files(&cache) {
        std::fs::write(cache.join(f), b"pactgraph-knowledge-1\n\x05garbage").unwrap();
    }
    assert_eq!(extract(&cache, &[], &input), parsed);
}

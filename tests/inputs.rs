//! Real and bad inputs against the real binary and a real on-disk store: HTML pages, legacy
//! encodings, binary, damaged UTF-8, empty, huge one-line and absurdly nested files,
//! unreadable files and symlink loops, query syntax errors and endless queries, newer and
//! damaged stores, a full disk, a second writer, `remove`.
//!
//! Expected everywhere: an error naming the file (or store) and the reason, the other files
//! stored, exit code 0 (all stored), 2 (some failed) or 1 (nothing stored, or the store could
//! not be used), and never a partial document in the store.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{BIN, run, stderr, stdout};
use serde_json::Value;

const GOOD: &str = "Talks in Geneva\n\nDecember 16, 2025\n\nRussia rejected the ceasefire proposal on Monday.\n";

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

/// Document IRIs in the store, sorted.
fn documents(store: &Path) -> Vec<String> {
    let q = "SELECT ?d WHERE { GRAPH ?d { ?d a <https://w3id.org/pactgraph/ontology#Document> } } ORDER BY ?d";
    let o = run(&["query", "--format", "json", q], store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["results"]["bindings"].as_array().unwrap().iter().map(|b| b["d"]["value"].as_str().unwrap().to_string()).collect()
}

fn doc(id: &str) -> String {
    format!("https://w3id.org/pactgraph/doc/{id}")
}

/// Issue 19: "Zelensky met Putin. \xe2\x82 broken \xc3\xa9" (ASCII, a truncated sequence,
/// then valid UTF-8) was decoded as GBK and stored as "… 鈧 … 茅"; it is refused, naming the
/// file and the byte offset of the bad sequence, and reported once, not twice.
#[test]
fn utf8_broken_before_its_first_accent_is_refused_not_stored_as_gbk() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), GOOD).unwrap();
    std::fs::write(input.join("zelensky.txt"), b"Zelensky met Putin. \xe2\x82 broken \xc3\xa9\n").unwrap();
    let store = dir.path().join("store");
    let o = run(&["ingest", input.to_str().unwrap()], &store);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.lines()
            .any(|l| l.starts_with("error: ") && l.contains("zelensky.txt") && l.contains("invalid UTF-8 at byte 20")),
        "{err}"
    );
    assert_eq!(documents(&store), vec![doc("good")]);
    // each failed file is named once in all the output (stderr), the summary only counts it
    let all = format!("{}{err}", stdout(&o));
    assert_eq!(all.matches("zelensky.txt").count(), 1, "{all}");
    assert!(stdout(&o).contains("failed:     1"), "{}", stdout(&o));
}

#[test]
fn bad_files_are_reported_one_by_one_and_the_good_ones_stored() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(input.join(name), bytes).unwrap();
    w("good.txt", GOOD.as_bytes());
    w("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00garbage\x00\x01");
    w("empty.txt", b"");
    w("blank.md", b"  \n\n\t\n");
    // UTF-8 with one damaged sequence
    let mut broken = "Négociations à Genève\n\nLa Russie a rejeté la proposition.\n".as_bytes().to_vec();
    broken.extend_from_slice(b"\xC3(\n");
    w("broken-utf8.txt", &broken);
    // 50 MB without a line break
    let huge = "negotiation ".repeat(50 * 1024 * 1024 / 12);
    w("one-line.txt", huge.as_bytes());
    // HTML nested 100,000 levels deep
    let deep = format!("<html><body>{}deep{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
    w("deep.html", deep.as_bytes());
    // a dangling symlink and a symlink loop
    std::os::unix::fs::symlink(input.join("gone.txt"), input.join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink(input.join("loop-b.txt"), input.join("loop-a.txt")).unwrap();
    std::os::unix::fs::symlink(input.join("loop-a.txt"), input.join("loop-b.txt")).unwrap();
    // a directory symlink loop is not followed (and not an error)
    std::os::unix::fs::symlink(&input, input.join("cycle")).unwrap();
    // an unreadable file (root reads it anyway: then it is simply stored)
    w("locked.txt", b"Locked talks\n\nUkraine proposed a ceasefire.\n");
    let locked = input.join("locked.txt");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let root_reads = std::fs::read(&locked).is_ok();

    let store = dir.path().join("store");
    let o = run(&["ingest", input.to_str().unwrap()], &store);
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "partial success\n{err}");
    let expect = [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("blank.md", "empty"),
        ("broken-utf8.txt", "invalid UTF-8 at byte"),
        ("one-line.txt", "line 1 is"),
        ("deep.html", "nested"),
        ("dangling.txt", "No such file"),
        ("loop-a.txt", "symbolic links"),
        ("loop-b.txt", "symbolic links"),
    ];
    for (file, reason) in expect {
        let line = err.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("no error for {file}:\n{err}"));
        assert!(line.starts_with("error: ") && line.contains(reason), "{file}: {line}");
    }
    if !root_reads {
        assert!(err.lines().any(|l| l.contains("locked.txt") && l.contains("ermission denied")), "{err}");
    }
    assert!(!err.contains("cycle"), "a directory symlink is skipped silently: {err}");
    let mut want = vec![doc("good")];
    if root_reads {
        want.push(doc("locked"));
    }
    want.sort();
    assert_eq!(documents(&store), want, "only the good files are stored");

    // every input bad: failure
    let o =
        run(&["ingest", input.join("binary.txt").to_str().unwrap(), input.join("empty.txt").to_str().unwrap()], &store);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    // a missing input is an error naming it, the other input is still stored
    let o = run(&["ingest", "/nonexistent/file.txt", input.join("good.txt").to_str().unwrap()], &store);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("/nonexistent/file.txt"), "{}", stderr(&o));
    // all good: success
    let o = run(&["ingest", input.join("good.txt").to_str().unwrap()], &store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_json_lines_file_with_broken_lines_stores_the_good_records() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.jsonl");
    let good = |id: &str| serde_json::json!({"id": id, "text": GOOD, "date": "2025-12-16"}).to_string();
    let lines = [
        good("first"),
        r#"{"id": "cut", "text": "Russia rejected the cease"#.to_string(),
        r#"{"id": "no-text", "title": "A record without its text"}"#.to_string(),
        String::new(),
        r#"{"id": "bad-date", "text": "Talks resumed.", "date": "next week"}"#.to_string(),
        good("last"),
    ];
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();
    let store = dir.path().join("store");
    let o = run(&["ingest", feed.to_str().unwrap()], &store);
    let err = stderr(&o);
    assert_eq!(code(&o), 2, "partial success\n{err}");
    for (line, reason) in [(2, "JSON"), (3, "text"), (5, "date")] {
        let at = format!("feed.jsonl:{line}:");
        let l = err.lines().find(|l| l.contains(&at)).unwrap_or_else(|| panic!("no error for {at}:\n{err}"));
        assert!(l.starts_with("error: ") && l.contains(reason), "{l}");
    }
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 3, "the blank line is no error:\n{err}");
    assert_eq!(documents(&store), vec![doc("first"), doc("last")]);
    // the same file again: nothing changes, the same three errors
    let again = run(&["ingest", feed.to_str().unwrap()], &store);
    assert_eq!(code(&again), 2);
    assert!(stdout(&again).contains("2 unchanged"), "{}", stdout(&again));
}

#[test]
fn html_pages_and_legacy_encodings_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let page = r#"<!DOCTYPE html><html><head><title>Kremlin rejects plan | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="og:title" content="Kremlin rejects ceasefire plan">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Kremlin rejects ceasefire plan","datePublished":"2025-12-15T23:30:00-05:00","author":{"@type":"Person","name":"Jane Doe"}}</script>
</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/w">World</a></li></ul></nav>
<main><article><h1>Kremlin rejects ceasefire plan</h1>
<p>Russia rejected the ceasefire proposal on Monday, Kremlin spokesman Dmitry Peskov told reporters in Moscow, after two days of talks in Geneva.</p>
<p>Ukraine proposed a prisoner exchange instead, and European officials said they would keep pressing for a ceasefire before the end of the year.</p>
<p>The talks are expected to resume in January, according to diplomats familiar with the negotiations, who spoke on condition of anonymity.</p>
</article></main><div class="related"><h2>More stories</h2><a href="/x">Floods hit Oregon coast</a></div>
<footer><p>Contact us. Privacy policy. Terms of use.</p></footer></body></html>"#;
    std::fs::write(input.join("wire.html"), page).unwrap();
    // windows-1252 text with CRLF line ends
    let latin = b"Pourparlers \xe0 Gen\xe8ve\r\n\r\nDecember 16, 2025\r\n\r\nRussia rejected the ceasefire proposal, said Fran\xe7ois Martin.\r\n";
    std::fs::write(input.join("latin.txt"), latin).unwrap();
    // UTF-8 with a BOM, UTF-16 with a BOM
    std::fs::write(input.join("bom.txt"), [b"\xEF\xBB\xBF".as_slice(), GOOD.as_bytes()].concat()).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(GOOD.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    std::fs::write(input.join("utf16.txt"), utf16).unwrap();

    let o = run(&["extract", input.to_str().unwrap()], dir.path());
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let docs: Vec<Value> = stdout(&o).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let by_id = |id: &str| docs.iter().find(|d| d["document"]["id"] == doc(id)).unwrap_or_else(|| panic!("{id}"));
    let wire = by_id("wire");
    assert_eq!(wire["document"]["title"], "Kremlin rejects ceasefire plan");
    assert_eq!(wire["document"]["date"], "2025-12-15", "the date as published, in its own time zone");
    assert_eq!(wire["document"]["outlet"], "Example Wire");
    assert_eq!(wire["document"]["byline"], "Jane Doe");
    let stances = wire["stances"].as_array().unwrap();
    assert!(stances.iter().any(|s| s["stance"] == "reject"), "{wire}");
    let latin = by_id("latin");
    assert_eq!(latin["document"]["title"], "Pourparlers à Genève");
    assert_eq!(latin["document"]["date"], "2025-12-16");
    for id in ["bom", "utf16"] {
        assert_eq!(by_id(id)["document"]["title"], "Talks in Geneva", "{id}");
        assert_eq!(by_id(id)["document"]["date"], "2025-12-16", "{id}");
    }

    // the stored text is the extracted text: evidence offsets index into it
    let store = dir.path().join("store");
    let o = run(&["ingest", input.to_str().unwrap()], &store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let q = format!(
        "PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
         PREFIX pg: <https://w3id.org/pactgraph/ontology#>
         SELECT ?text ?b ?e ?anchor WHERE {{ GRAPH <{0}> {{ <{0}> nif:isString ?text .
           ?m nif:referenceContext <{0}> ; nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?anchor }} }}",
        doc("wire")
    );
    let o = run(&["query", "--format", "json", &q], &store);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["results"]["bindings"].as_array().unwrap();
    assert!(rows.len() > 3, "{v}");
    for r in rows {
        let text: Vec<char> = r["text"]["value"].as_str().unwrap().chars().collect();
        let b: usize = r["b"]["value"].as_str().unwrap().parse().unwrap();
        let e: usize = r["e"]["value"].as_str().unwrap().parse().unwrap();
        assert_eq!(text[b..e].iter().collect::<String>(), r["anchor"]["value"].as_str().unwrap());
        assert!(!text.iter().collect::<String>().contains("Oregon"), "related stories are dropped");
    }
}

#[test]
fn query_errors_and_endless_queries_stop_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let file = dir.path().join("a.txt");
    std::fs::write(&file, GOOD).unwrap();
    assert_eq!(code(&run(&["ingest", file.to_str().unwrap()], &store)), 0);

    let o = run(&["query", "SELECT ?x WHERE { ?x ?y"], &store);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("SPARQL syntax error"), "{}", stderr(&o));

    // a cross product over the knowledge base (hundreds of thousands of triples) to the
    // fourth power never ends in practice
    let endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let started = Instant::now();
    let o = run(&["query", "--timeout", "2", endless], &store);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stderr(&o).contains("time limit"), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
    let o = run(&["query", "--timeout", "0", "ASK {}"], &store);
    assert_eq!(code(&o), 1);
    assert!(stderr(&o).contains("positive"), "{}", stderr(&o));
}

#[test]
fn newer_damaged_and_foreign_stores_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, GOOD).unwrap();
    let store = dir.path().join("store");
    assert_eq!(code(&run(&["ingest", file.to_str().unwrap()], &store)), 0);
    assert_eq!(std::fs::read_to_string(store.join("pactgraph-format")).unwrap().trim(), "1");

    // written by a newer pactgraph
    std::fs::write(store.join("pactgraph-format"), "99\n").unwrap();
    for args in [vec!["query", "ASK {}"], vec!["ingest", file.to_str().unwrap()]] {
        let o = run(&args, &store);
        assert_eq!(code(&o), 1, "{args:?}");
        assert!(stderr(&o).contains("newer pactgraph") && stderr(&o).contains("store"), "{}", stderr(&o));
    }
    std::fs::write(store.join("pactgraph-format"), "1\n").unwrap();
    assert_eq!(documents(&store), vec![doc("a")]);

    // damaged: RocksDB's CURRENT file names a manifest that is not there
    let damaged = dir.path().join("damaged");
    copy_dir(&store, &damaged);
    std::fs::write(damaged.join("CURRENT"), "MANIFEST-999999\n").unwrap();
    for args in [vec!["query", "ASK {}"], vec!["export"], vec!["ingest", file.to_str().unwrap()]] {
        let o = run(&args, &damaged);
        assert_eq!(code(&o), 1, "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("damaged") && err.contains("damaged"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }

    // a directory that is not a store is neither read nor written into
    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(foreign.join("holiday.jpg"), b"\xFF\xD8\xFF").unwrap();
    for args in [vec!["query", "ASK {}"], vec!["ingest", file.to_str().unwrap()]] {
        let o = run(&args, &foreign);
        assert_eq!(code(&o), 1, "{args:?}");
        assert!(stderr(&o).contains("not an oxigraph store"), "{}", stderr(&o));
    }
    let names: Vec<_> = std::fs::read_dir(&foreign).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("holiday.jpg")], "nothing written into a foreign directory");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

/// Runs `ingest` in the background.
fn spawn_ingest(inputs: &Path, store: &Path, extra: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .arg("ingest")
        .args(extra)
        .arg(inputs)
        .arg("--store")
        .arg(store)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A directory of `n` copies of a short article, each with its own name and a distinct line.
fn corpus(dir: &Path, n: usize) -> PathBuf {
    let input = dir.join("corpus");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..n {
        let text = format!(
            "Talks round {i}\n\nDecember 16, 2025\n\nRussia rejected the ceasefire proposal in round {i}.\nUkraine proposed a prisoner exchange.\n"
        );
        std::fs::write(input.join(format!("doc{i:05}.txt")), text).unwrap();
    }
    input
}

/// Waits until `pactgraph.lock` names the child process (it holds the store).
fn wait_for_writer(store: &Path, child: &std::process::Child) {
    let started = Instant::now();
    while std::fs::read_to_string(store.join("pactgraph.lock")).unwrap_or_default().trim() != child.id().to_string() {
        assert!(started.elapsed() < Duration::from_secs(120), "the writer never took the store");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_second_writer_is_told_who_holds_the_store_or_waits() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path(), 300);
    let store = dir.path().join("store");
    let mut first = spawn_ingest(&input, &store, &[]);
    wait_for_writer(&store, &first);

    let second = run(&["ingest", input.to_str().unwrap()], &store);
    let err = stderr(&second);
    assert_eq!(code(&second), 1, "{err}");
    assert!(err.contains(&format!("store is in use by process {}", first.id())), "{err}");
    // readers refuse clearly too, naming the writer
    let q = run(&["query", "ASK {}"], &store);
    assert_eq!(code(&q), 1);
    assert!(stderr(&q).contains(&format!("process {}", first.id())), "{}", stderr(&q));

    // --wait: a reader waits for the writer and then sees every document
    let waiting = Command::new(BIN)
        .args(["query", "--wait", "--format", "json"])
        .arg("SELECT (COUNT(?d) AS ?n) WHERE { GRAPH ?d { ?d a <https://w3id.org/pactgraph/ontology#Document> } }")
        .arg("--store")
        .arg(&store)
        .output()
        .unwrap();
    assert!(first.wait().unwrap().success());
    assert_eq!(code(&waiting), 0, "{}", stderr(&waiting));
    let v: Value = serde_json::from_slice(&waiting.stdout).unwrap();
    assert_eq!(v["results"]["bindings"][0]["n"]["value"], "300");

    // re-ingesting the same files changes nothing
    let dump = |store: &Path| stdout(&run(&["dump"], store));
    let before = dump(&store);
    let again = run(&["ingest", "--wait", input.to_str().unwrap()], &store);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert!(stdout(&again).contains("300 unchanged"), "{}", stdout(&again));
    assert_eq!(dump(&store), before);
}

#[test]
fn remove_deletes_one_document_and_the_entities_only_it_mentioned() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // "Ostap Verbytsky" is unknown to the gazetteers: the document describes him itself
    std::fs::write(
        input.join("one.txt"),
        "Talks in Geneva\n\nUkrainian negotiator Ostap Verbytsky said Russia rejected the ceasefire proposal.\n",
    )
    .unwrap();
    std::fs::write(input.join("two.txt"), "More talks\n\nUkraine proposed a prisoner exchange.\n").unwrap();
    let store = dir.path().join("store");
    assert_eq!(code(&run(&["ingest", input.to_str().unwrap()], &store)), 0);
    let unknown = |store: &Path| {
        // in its document's graph and, as a label, in the tallies
        let o = run(&["query", "--format", "csv", "SELECT DISTINCT ?e WHERE { ?e ?p \"Ostap Verbytsky\"@en }"], store);
        stdout(&o).lines().count() - 1
    };
    assert_eq!(unknown(&store), 1, "the unknown person is described");

    let o = run(&["remove", input.join("one.txt").to_str().unwrap()], &store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("removed"), "{}", stdout(&o));
    assert_eq!(documents(&store), vec![doc("two")]);
    assert_eq!(unknown(&store), 0, "an entity no document mentions is gone");
    let ask = |q: &str| stdout(&run(&["query", "--format", "csv", q], &store)).contains("true");
    assert!(!ask(&format!("ASK {{ GRAPH ?g {{ ?s ?p <{}> }} }}", doc("one"))), "nothing refers to it any more");
    assert!(ask("ASK { GRAPH <https://w3id.org/pactgraph/graph/ontology> { ?s ?p ?o } }"), "the ontology stays");

    let o = run(&["remove", "one", "two"], &store);
    assert_eq!(code(&o), 2, "one missing, one removed: {}", stderr(&o));
    assert!(stderr(&o).contains("no document \"one\""), "{}", stderr(&o));
    assert!(documents(&store).is_empty());
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_whole_documents() {
    // needs a small tmpfs: root and a kernel that lets us mount one
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("small");
    std::fs::create_dir(&mnt).unwrap();
    let mounted = Command::new("mount").args(["-t", "tmpfs", "-o", "size=256m", "tmpfs"]).arg(&mnt).output();
    if !mounted.is_ok_and(|o| o.status.success()) {
        eprintln!("skipping: cannot mount a tmpfs here (needs root); see tests/inputs.rs for the manual check");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mnt.clone());
    let input = corpus(dir.path(), 40);
    let store = mnt.join("store");
    // the knowledge base and a first document fit; then a filler leaves almost no room
    let o = run(&["ingest", input.join("doc00000.txt").to_str().unwrap()], &store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let free = Command::new("df").args(["--output=avail", "-B1"]).arg(&mnt).output().unwrap();
    let free: u64 = stdout(&free).lines().nth(1).unwrap().trim().parse().unwrap();
    let filler = mnt.join("filler");
    std::fs::write(&filler, vec![0u8; free.saturating_sub(64 * 1024) as usize]).ok();
    let o = run(&["ingest", input.to_str().unwrap()], &store);
    let err = stderr(&o);
    assert_eq!(code(&o), 1, "the disk is full: {err}");
    assert!(err.contains("No space left on device") && err.contains("store"), "{err}");
    // what is stored is whole: each document's quads equal a fresh extraction
    std::fs::remove_file(&filler).unwrap();
    let stored = documents(&store);
    assert!(!stored.is_empty());
    for d in &stored {
        let name = d.rsplit('/').next().unwrap();
        assert_eq!(stored_quads(&store, d), fresh_quads(&input.join(format!("{name}.txt"))), "{d} is whole");
    }
    // with room again, a re-run completes the rest
    let o = run(&["ingest", input.to_str().unwrap()], &store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(documents(&store).len(), 40);
}

/// The number of quads stored in a document's graph.
fn stored_quads(store: &Path, doc_iri: &str) -> usize {
    let q = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{doc_iri}> {{ ?s ?p ?o }} }}");
    let o = run(&["query", "--format", "csv", &q], store);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o).lines().nth(1).unwrap().trim().parse().unwrap()
}

/// The number of quads a fresh extraction of a file gives.
fn fresh_quads(file: &Path) -> usize {
    let o = Command::new(BIN).args(["extract", "--format", "nquads"]).arg(file).output().unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o).lines().collect::<std::collections::HashSet<_>>().len()
}

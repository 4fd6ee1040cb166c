//! The browser view of `pactgraph serve`, end to end: the real binary on a store ingested from
//! `seeds/` plus one hostile article, driven in headless Chromium through chromedriver (the
//! W3C WebDriver protocol, plain JSON over HTTP, spoken here with ureq), and checked over plain
//! HTTP for what a browser hides (headers, the raw HTML). With `CI` set, a missing chromium or
//! chromedriver fails the test instead of skipping it.
//!
//! Screenshots go to a temporary directory, or to `PACTGRAPH_SCREENSHOTS` when set (the
//! README's picture of an entity page is made that way).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test helpers fail loudly")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use common::{BIN, Server, free_port, have, seeds};
use serde_json::{Value, json};

const ENTITY: &str = "https://w3id.org/pactgraph/id/";

/// A hostile article: markup in the title and the body that must show as text.
const HOSTILE: &str = "Talks update <script>document.title='pwned';window.pwned=1</script>

December 18, 2025

Russia rejected the ceasefire proposal on Monday, Kremlin spokesman Dmitry Peskov said. \
<img src=x onerror=\"window.pwned=2\"> Ukraine demanded security guarantees from the United States.
";

/// The seeds and the hostile article, ingested once.
fn store() -> PathBuf {
    seeded().0.clone()
}

/// The store, and the proposals on which some actor changes position (from `pactgraph
/// timeline`, which the proposal page must agree with).
fn seeded() -> &'static (PathBuf, Vec<String>) {
    static STORE: OnceLock<(PathBuf, Vec<String>)> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = common::scratch_dir("seed");
        let articles = dir.join("articles");
        std::fs::create_dir(&articles).unwrap();
        for f in std::fs::read_dir(seeds()).unwrap() {
            let f = f.unwrap().path();
            std::fs::copy(&f, articles.join(f.file_name().unwrap())).unwrap();
        }
        std::fs::write(articles.join("hostile.txt"), HOSTILE).unwrap();
        let path = dir.join("store");
        let o = Command::new(BIN).arg("ingest").arg(&articles).arg("--store").arg(&path).output().unwrap();
        assert!(o.status.success(), "ingest: {}", String::from_utf8_lossy(&o.stderr));
        let o = Command::new(BIN).args(["timeline", "--format", "json", "--store"]).arg(&path).output().unwrap();
        assert!(o.status.success(), "timeline: {}", String::from_utf8_lossy(&o.stderr));
        let groups: Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut changing: Vec<String> = groups
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["entries"].as_array().unwrap().iter().any(|e| !e["changed_from"].is_null()))
            .map(|g| g["proposal"]["iri"].as_str().unwrap().to_string())
            .collect();
        changing.sort();
        changing.dedup();
        (path, changing)
    })
}

/// A running `pactgraph serve` on the store, killed when dropped. The store admits one
/// process, so servers take turns: the guard holds the turn until the server is dropped.
struct Serving {
    server: Server,
    _turn: MutexGuard<'static, ()>,
}

/// `pactgraph serve` with `args`, and `env` set.
fn serve(args: &[&str], env: &[(&str, &str)]) -> Serving {
    static TURN: Mutex<()> = Mutex::new(());
    let turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    Serving { server: Server::start_with_env(&store(), args, env), _turn: turn }
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(120)))
            .build(),
    )
}

/// GET: status, headers, body.
fn get(url: &str) -> (u16, ureq::http::HeaderMap, String) {
    let mut r = agent().get(url).call().unwrap();
    let body = r.body_mut().read_to_string().unwrap();
    (r.status().as_u16(), r.headers().clone(), body)
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------- WebDriver

/// chromedriver with one headless Chromium session; both end when dropped.
struct Browser {
    driver: Server,
    session: String,
    /// Chromium's profile (`profile/`) and chromedriver's log.
    dir: tempfile::TempDir,
}

/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut cmd = Command::new("chromedriver");
        cmd.arg(format!("--port={port}"));
        let driver = Server::spawn(cmd, port, dir.path().join("chromedriver.log"));
        let mut b = Self { driver, session: String::new(), dir };
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "goog:chromeOptions": {
                "binary": chromium_binary(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--disable-background-networking", "--disable-dev-shm-usage", "--window-size=1000,1400",
                         format!("--user-data-dir={}", b.dir.path().join("profile").display())]
            }
        } } });
        let v = b.send("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {v}")).to_string();
        b
    }

    /// One WebDriver command; returns its `value`, panicking on a WebDriver error.
    fn send(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = self.driver.url(path);
        let a = agent();
        let mut r = match body {
            Some(b) => a.post(&url).header("Content-Type", "application/json").send(b.to_string()).unwrap(),
            None if method == "DELETE" => a.delete(&url).call().unwrap(),
            None => a.get(&url).call().unwrap(),
        };
        let status = r.status().as_u16();
        let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(status, 200, "WebDriver {method} {path}: {v}");
        v["value"].clone()
    }

    fn cmd(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        self.send(method, &format!("/session/{}/{what}", self.session), body)
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.cmd("GET", "url", None).as_str().unwrap().to_string()
    }

    /// Waits (up to 30 s) until the URL contains `part`: a form submission may still be
    /// loading when the click returns.
    fn wait_for_url(&self, part: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self.url().contains(part) {
            assert!(Instant::now() < deadline, "the URL {} never contained {part}", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
        let ready = "return document.readyState";
        while self.eval(ready) != "complete" {
            assert!(Instant::now() < deadline, "{} did not finish loading", self.url());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Types `query` into the query page's form and runs it.
    fn run_query(&self, base: &str, query: &str) {
        self.go(&format!("{base}/queries"));
        let area = self.find("textarea#query");
        self.cmd("POST", &format!("element/{area}/clear"), Some(json!({})));
        self.cmd("POST", &format!("element/{area}/value"), Some(json!({ "text": query })));
        self.click("form.query button");
        self.wait_for_url("/queries?query=");
    }

    fn title(&self) -> String {
        self.cmd("GET", "title", None).as_str().unwrap().to_string()
    }

    /// Runs a script in the page (WebDriver scripts are not subject to the page's CSP).
    fn eval(&self, script: &str) -> Value {
        self.cmd("POST", "execute/sync", Some(json!({ "script": script, "args": [] })))
    }

    fn find(&self, css: &str) -> String {
        let v = self.cmd("POST", "element", Some(json!({ "using": "css selector", "value": css })));
        v[ELEMENT].as_str().unwrap_or_else(|| panic!("no element {css} on {}: {v}", self.url())).to_string()
    }

    fn count(&self, css: &str) -> usize {
        self.cmd("POST", "elements", Some(json!({ "using": "css selector", "value": css }))).as_array().unwrap().len()
    }

    fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.cmd("GET", &format!("element/{e}/text"), None).as_str().unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.cmd("POST", &format!("element/{e}/click"), Some(json!({})));
    }

    /// Takes a screenshot, checks it is a PNG of the window's size with some content, and
    /// writes it to `dir/name.png`.
    fn screenshot(&self, dir: &Path, name: &str) -> PathBuf {
        let b64 = self.cmd("GET", "screenshot", None);
        let png = base64::engine::general_purpose::STANDARD.decode(b64.as_str().unwrap()).unwrap();
        let (w, h) = png_size(&png).unwrap_or_else(|| panic!("{name}: not a PNG"));
        assert!(w >= 900 && h >= 600, "{name}: {w}x{h} is smaller than the window");
        assert!(png.len() > 20_000, "{name}: {} bytes is too little for a page with content", png.len());
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap();
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let url = self.driver.url(&format!("/session/{}", self.session));
            let _ = agent().delete(&url).call();
        }
        // then `driver` kills chromedriver as it drops
    }
}

/// The Chromium executable, as a path (chromedriver wants one): the first of Debian's, the
/// snap's or Google's names found on `PATH`.
fn chromium_binary() -> String {
    let path = std::env::var_os("PATH").unwrap_or_default();
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|c| std::env::split_paths(&path).map(move |d| d.join(c)))
        .find(|p| p.is_file())
        .map_or_else(|| "chromium".to_string(), |p| p.display().to_string())
}

/// Width and height from a PNG's signature and IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || &png[..8] != b"\x89PNG\r\n\x1a\n" || &png[12..16] != b"IHDR" {
        return None;
    }
    let n = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    Some((n(16), n(20)))
}

fn have_browser() -> bool {
    have("chromedriver", &["--version"]) && have(&chromium_binary(), &["--version"])
}

fn screenshot_dir(fallback: &Path) -> PathBuf {
    match std::env::var_os("PACTGRAPH_SCREENSHOTS") {
        Some(d) => {
            std::fs::create_dir_all(&d).unwrap();
            PathBuf::from(d)
        }
        None => fallback.to_path_buf(),
    }
}

#[test]
fn every_page_in_chromium() {
    if !have_browser() {
        return;
    }
    let graphviz = have("dot", &["-V"]);
    let s = serve(&[], &[]);
    let base = s.server.base.as_str();
    let browser = Browser::start();
    let shots = tempfile::tempdir().unwrap();
    let shots = screenshot_dir(shots.path());

    // the overview: documents, rankings, latest stances
    browser.go(&format!("{base}/"));
    assert_eq!(browser.title(), "Overview · pactgraph");
    assert_eq!(browser.count("section[aria-labelledby=documents] tbody tr"), 6, "five seeds and the hostile article");
    assert!(browser.count("section[aria-labelledby=actors] li") >= 5);
    assert!(browser.count("section[aria-labelledby=latest] tbody tr") >= 5);
    browser.screenshot(&shots, "overview");

    // an entity page, reached from the ranking of actors
    let actor = browser.text("section[aria-labelledby=actors] li a");
    browser.click("section[aria-labelledby=actors] li a");
    assert!(browser.url().contains("/entity?iri="), "{}", browser.url());
    assert_eq!(browser.text("h1"), actor);
    assert!(browser.count("table.stances tbody tr") > 0, "{actor} holds stances");
    assert!(browser.count("section[aria-labelledby=documents] li") > 0);
    if graphviz {
        // the ego graph is an SVG image that the browser decoded
        let w =
            browser.eval("const i = document.querySelector('figure.ego img'); return i.complete ? i.naturalWidth : 0");
        assert!(w.as_u64().unwrap_or(0) > 100, "ego graph width {w}");
    }

    // Zelenskyy's page for the README
    browser.go(&format!("{base}/entity?iri={}", encode(&format!("{ENTITY}volodymyr-zelenskyy"))));
    assert_eq!(browser.text("h1"), "Volodymyr Zelenskyy");
    browser.screenshot(&shots, "entity");

    // from a stance to its evidence: the sentence in its document, marked as the target
    let quoted = browser.text("table.stances a.evidence");
    browser.click("table.stances a.evidence");
    let url = browser.url();
    assert!(url.contains("/document?iri=") && url.contains("#char="), "{url}");
    let target =
        browser.eval("const t = document.querySelector(':target'); return t ? [t.className, t.textContent] : null");
    assert_eq!(target[0], "stance", "the evidence link targets a stance sentence: {target}");
    let sentence = target[1].as_str().unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    let start: String = quoted.trim_end_matches('…').chars().take(40).collect();
    assert!(sentence.starts_with(&start), "link text {quoted:?}, sentence {sentence:?}");
    browser.screenshot(&shots, "document");

    // the document page: mentions highlighted by kind, stances underlined and listed
    assert!(browser.count("a.mention.k-person") > 0 && browser.count("a.mention.k-state") > 0);
    assert!(browser.count("span.stance") > 0);
    let listed = browser.count("ol.stance-list > li");
    assert!(listed > 0 && browser.count("sup.stance-refs a") == listed, "every stance is numbered in the text");
    // a mention leads to its entity
    let mentioned = browser.eval("return document.querySelector('a.mention.k-person').title");
    browser.click("a.mention.k-person");
    assert!(browser.url().contains("/entity?iri="));
    assert!(mentioned.as_str().unwrap().starts_with(&browser.text("h1")), "{mentioned} -> {}", browser.text("h1"));

    // a proposal page: positions over time
    browser.go(&format!("{base}/proposal?iri={}", encode(&format!("{ENTITY}security-guarantees"))));
    assert_eq!(browser.text("h1"), "security guarantees");
    assert!(browser.count("section.actor-timeline") >= 3);
    assert!(browser.count("ol.timeline li") >= browser.count("section.actor-timeline"));
    browser.screenshot(&shots, "proposal");
    // changes of position are highlighted where `pactgraph timeline` finds them, and only there
    let changing = &seeded().1;
    for p in changing {
        browser.go(&format!("{base}/proposal?iri={}", encode(p)));
        assert!(browser.count("ol.timeline li.changed") >= 1, "{p} has a change of position");
        assert!(browser.text("ol.timeline li.changed .change").starts_with("changed from"));
    }
    if !changing.iter().any(|p| p.ends_with("/security-guarantees")) {
        browser.go(&format!("{base}/proposal?iri={}", encode(&format!("{ENTITY}security-guarantees"))));
        assert_eq!(browser.count("ol.timeline li.changed"), 0);
    }
    // an entity link to a proposal lands on its proposal page
    browser.go(&format!("{base}/entity?iri={}", encode(&format!("{ENTITY}security-guarantees"))));
    assert!(browser.url().contains("/proposal?iri="), "{}", browser.url());

    // the query page: an example query, then ones typed in the form
    browser.go(&format!("{base}/queries"));
    assert!(browser.count("ul.examples li") >= 5);
    browser.click("ul.examples a[href='/queries?example=stances-by-date']");
    assert!(browser.count("table.results tbody tr") > 10, "the example returns the stances");
    browser.screenshot(&shots, "query");
    // stances and their sentences in the results link to the evidence
    browser.run_query(
        base,
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#> \
         SELECT ?s ?sentence WHERE { ?s a pg:Stance ; pg:evidence ?sentence } LIMIT 5",
    );
    assert_eq!(browser.count("table.results tbody tr"), 5);
    browser.click("table.results a[href^='/stance?iri=']");
    browser.wait_for_url("#char=");
    assert_eq!(browser.eval("return document.querySelector(':target').className"), "stance");
    browser.cmd("POST", "back", Some(json!({})));
    browser.wait_for_url("/queries?query=");
    browser.click("table.results a[href*='#char=']");
    browser.wait_for_url("#char=");
    assert_eq!(browser.eval("return document.querySelector(':target').className"), "stance");
    // a CONSTRUCT is drawn
    browser.run_query(
        base,
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#> CONSTRUCT { ?a pg:rejects ?p } WHERE { ?s pg:actor ?a ; \
         pg:proposal ?p ; pg:stance <https://w3id.org/pactgraph/stance-type/reject> }",
    );
    assert!(browser.count("table.results tbody tr") > 0, "the CONSTRUCT gives triples");
    if graphviz {
        let w = browser
            .eval("const i = document.querySelector('figure.ego img'); return i && i.complete ? i.naturalWidth : 0");
        assert!(w.as_u64().unwrap_or(0) > 50, "the CONSTRUCT result is drawn: {w}");
    }

    // the hostile article: its markup is shown as text and never runs
    browser.go(&format!("{base}/"));
    browser.click("section[aria-labelledby=documents] tbody tr a[href*='hostile']");
    assert!(browser.text("h1").contains("<script>document.title='pwned'"), "{}", browser.text("h1"));
    // a script that ran would have set the title to "pwned"
    assert_eq!(browser.title(), "Talks update <script>document.title='pwned';window.pwned=1</script> · pactgraph");
    assert_eq!(browser.eval("return typeof window.pwned"), "undefined");
    assert_eq!(browser.eval("return document.querySelectorAll('script, main img').length"), 0);
    assert!(browser.text("div.doc-text").contains("<img src=x onerror=\"window.pwned=2\">"));
    browser.screenshot(&shots, "hostile");
    // keyboard: the first Tab stop is the skip link
    let tab = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
        { "type": "keyDown", "value": "\u{E004}" }, { "type": "keyUp", "value": "\u{E004}" } ] }] });
    browser.cmd("POST", "actions", Some(tab));
    assert_eq!(browser.eval("return document.activeElement.className"), "skip");
}

#[test]
fn pages_over_http_are_escaped_and_locked_down() {
    let s = serve(&[], &[]);
    let base = s.server.base.as_str();
    let (status, headers, body) = get(&format!("{base}/"));
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{csp}");
    let doc = regex_like_href(&body, "hostile").expect("the hostile article is listed");
    let (status, _, page) = get(&format!("{base}{doc}"));
    assert_eq!(status, 200);
    assert!(page.contains("Talks update &lt;script&gt;document.title="), "the title is escaped");
    assert!(page.contains("&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt;"), "the body is escaped");
    assert!(!page.contains("<script") && !page.contains("<img src=x"));

    let (status, headers, css) = get(&format!("{base}/assets/style.css"));
    assert_eq!((status, headers["content-type"].to_str().unwrap()), (200, "text/css; charset=utf-8"));
    assert!(css.contains(".mention"));
    // no page refers to anything outside this server
    for page in [&body, &page] {
        assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "an external reference");
    }

    let (status, _, missing) = get(&format!("{base}/entity?iri={}", encode("https://example.org/nobody")));
    assert_eq!(status, 404, "{missing}");
    let (status, _, _) = get(&format!("{base}/document?iri=not%20an%20iri"));
    assert_eq!(status, 400);
    let (status, _, _) = get(&format!("{base}/document"));
    assert_eq!(status, 400);
    let (status, _, page) = get(&format!("{base}/queries?query={}", encode("SELEC nothing")));
    assert_eq!(status, 200);
    assert!(page.contains("SPARQL syntax error"), "{page}");
    // the query form also posts
    let mut r = agent()
        .post(&format!("{base}/queries"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!("query={}", encode("ASK { ?s a <https://w3id.org/pactgraph/ontology#Stance> }")))
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.body_mut().read_to_string().unwrap().contains("Yes (true)"));
    // the SPARQL endpoint is still there
    let (status, _, json) = get(&format!("{base}/query?query={}", encode("ASK {}")));
    assert_eq!((status, json.contains("true")), (200, true));
}

#[test]
fn without_graphviz_the_graph_is_a_list() {
    let s = serve(&[], &[("PACTGRAPH_DOT", "/nonexistent/dot")]);
    let (status, _, page) = get(&format!("{}/entity?iri={}", s.server.base, encode(&format!("{ENTITY}russia"))));
    assert_eq!(status, 200);
    assert!(!page.contains("figure class=\"ego\""), "no picture without Graphviz");
    assert!(page.contains("The picture needs Graphviz"), "the page says why");
    assert!(page.contains("<ul class=\"edges\">") && page.contains("security guarantees"), "the graph as a list");
}

/// The query form answers at the timeout even when oxigraph does not stop the query when told
/// to (a COUNT over a cross product joined in memory): guards against a page that never
/// loads. The margin is for a loaded machine, not a speed goal.
#[test]
fn the_query_form_answers_at_the_timeout() {
    let s = serve(&["--timeout", "3"], &[]);
    let endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let started = Instant::now();
    let (status, _, page) = get(&format!("{}/queries?query={}", s.server.base, encode(endless)));
    let took = started.elapsed();
    assert_eq!(status, 200);
    assert!(page.contains("the query ran longer than 3 s and was stopped"), "{page}");
    assert!(took < Duration::from_secs(3 + 20), "answered after {took:?}, the timeout is 3 s");
}

/// The first `href="..."` of `html` containing `part`, entities decoded.
fn regex_like_href(html: &str, part: &str) -> Option<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or_default())
        .find(|h| h.contains(part))
        .map(|h| h.replace("&amp;", "&"))
}

//! Loads articles: reads files and directories, decodes their bytes, extracts the main text of
//! HTML pages, and reads the title, byline, outlet and publication date.
//!
//! * Plain text (`.txt`, `.text`, `.md`): the title is the first headline-like line, the date
//!   comes from a dateline ("December 16, 2025", "Monday, 15 December 2025 04:46 PM EST",
//!   "KYIV, Jan. 27 (Reuters) -"), the outlet from the page naming itself.
//! * HTML (`.html`, `.htm`, `.xhtml`, or any file starting with an HTML doctype or tag): the main
//!   text comes from `dom_smoothie` (a port of Mozilla's Readability, which drops navigation,
//!   ads, related-story boxes, bios and footers); title, byline and site name from the page's
//!   metadata; the date from `article:published_time`, JSON-LD `datePublished`, a `<time>`
//!   element, and the dateline of the text as a fallback. The headline is put on the first
//!   line of the text so that the tagger sees it.
//! * Bytes: UTF-8 with or without a BOM, UTF-16 with a BOM; other encodings are detected
//!   (`chardetng`, or an HTML `<meta charset>`) and decoded with `encoding_rs` when the file has
//!   no UTF-8 (no valid multi-byte sequence, or fewer than broken ones: see `is_damaged_utf8`);
//!   a file that is UTF-8 but for a broken sequence is refused with the byte offset of the first
//!   one (never decoded lossily, never guessed as another encoding); binary, empty, too large
//!   or made of one giant line files are refused with the reason.
//!
//! CRLF and lone CR become LF. The resulting text is the document's text: it is stored with
//! the document and every offset of later stages refers to it. Dates are calendar dates as
//! the source wrote them, in the source's own time zone ("11:30 PM EST" stays on its day;
//! `2025-12-15T23:30:00-05:00` is 2025-12-15); nothing is taken from the wall clock, so a run
//! is reproducible. Finding entities in the text is left to [`crate::tag`].

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};
use crate::rdf::vocab::DOC_NS;
use crate::text::{slug, stable_hash};

/// File extensions read from directories: plain text and HTML.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "html", "htm", "xhtml"];

/// Extensions of JSON Lines files (one document per line), read from directories too.
pub const JSON_LINES_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// Extensions read as HTML whatever their content.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml"];

/// Files larger than this are refused before being read (an article page is rarely over 5 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A line of the (extracted) text longer than this means the file is not article text
/// (minified code, a data dump, or a file without line breaks).
pub const MAX_LINE_BYTES: usize = 200_000;

/// HTML nested deeper than this is refused: no article needs it, and it would make the
/// recursive parts of HTML processing slow or overflow the stack.
pub const MAX_HTML_DEPTH: usize = 1_000;

/// An article: its text and what its header or metadata say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier: the slug of the file name without extension.
    pub id: String,
    /// The file it was read from.
    pub path: Option<PathBuf>,
    /// The headline.
    pub title: String,
    /// The author line of an HTML page ("By Jane Doe").
    pub byline: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The outlet: an HTML page's site name, or the name a text gives itself.
    pub outlet: Option<String>,
    /// The text (for HTML, the extracted main text); all offsets refer to it.
    pub text: String,
    /// Hash of the text and metadata, to skip unchanged documents.
    pub content_hash: String,
    /// Where the article was published, when a JSON Lines record says so.
    pub url: Option<String>,
}

/// What a page's metadata says, as read by [`Document::from_html`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Metadata {
    title: Option<String>,
    byline: Option<String>,
    date: Option<String>,
    outlet: Option<String>,
}

impl Document {
    /// A document from plain text in memory, with `id` as its identifier.
    pub fn from_text(id: &str, text: &str) -> Self {
        Self::build(id, normalise(text), Metadata::default())
    }

    /// A document from one JSON Lines record, `{"id", "text", "title", "date", "url"}`: only
    /// `text` is required; `id` defaults to `default_id`, the title and date to those found in
    /// the text. The reason is returned when the record is unusable.
    pub fn from_json_record(line: &str, default_id: &str) -> std::result::Result<Self, String> {
        #[derive(serde::Deserialize)]
        struct Record {
            id: Option<serde_json::Value>,
            text: Option<String>,
            title: Option<String>,
            date: Option<String>,
            url: Option<String>,
        }
        let r: Record = serde_json::from_str(line).map_err(|e| format!("not a JSON object of a document: {e}"))?;
        let id = match r.id {
            None | Some(serde_json::Value::Null) => default_id.to_string(),
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(other) => return Err(format!("\"id\" must be a string or a number, not {other}")),
        };
        if slug(&id).is_empty() {
            return Err(format!("\"id\" {id:?} has no letters or digits to name the document"));
        }
        let text = r.text.ok_or("no \"text\" field")?;
        if text.trim().is_empty() {
            return Err("\"text\" is empty".into());
        }
        let mut doc = Self::from_text(&id, &text);
        if let Some(title) = r.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()) {
            doc.title = title;
        }
        if let Some(date) = r.date.filter(|d| !d.trim().is_empty()) {
            doc.date =
                Some(parse_date(&date).ok_or_else(|| format!("\"date\" {date:?} is not a date (e.g. 2025-12-16)"))?);
        }
        doc.url = r.url.filter(|u| !u.trim().is_empty());
        let meta = [doc.title.as_str(), doc.date.as_deref().unwrap_or(""), doc.url.as_deref().unwrap_or("")];
        doc.content_hash = format!("{:016x}", stable_hash(&[&doc.text, meta[0], meta[1], meta[2]]));
        Ok(doc)
    }

    /// A document from an HTML page in memory: the main text, title, byline, site name and
    /// publication date. Fails (with the reason) when the page has no readable article text or
    /// is nested absurdly deep.
    pub fn from_html(id: &str, html: &str) -> std::result::Result<Self, String> {
        let (text, meta) = extract_html(html)?;
        Ok(Self::build(id, text, meta))
    }

    /// A document from file content: decoded, then read as HTML when `html` is true or the
    /// content starts like an HTML page, else as plain text.
    pub fn from_bytes(id: &str, bytes: &[u8], html: bool) -> std::result::Result<Self, String> {
        let text = decode(bytes)?;
        let doc = if html || looks_like_html(&text) { Self::from_html(id, &text)? } else { Self::from_text(id, &text) };
        check_lines(&doc.text)?;
        if doc.text.trim().is_empty() {
            return Err("no text".into());
        }
        Ok(doc)
    }

    /// Reads one article file (plain text or HTML, by extension or content).
    pub fn from_path(path: &Path) -> Result<Self> {
        let bad = |reason: String| Error::BadInput { path: path.to_path_buf(), reason };
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(bad("not a regular file".into()));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(bad(format!(
                "file is {} MB, over the {} MB limit for one article",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let stem = path.file_stem().map_or_else(|| "document".into(), |s| s.to_string_lossy());
        let html = path.extension().is_some_and(|x| HTML_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e)));
        let mut doc = Self::from_bytes(&stem, &bytes, html).map_err(bad)?;
        doc.path = Some(path.to_path_buf());
        Ok(doc)
    }

    /// The document's IRI, which also names its graph.
    pub fn iri(&self) -> String {
        format!("{DOC_NS}{}", self.id)
    }

    fn build(id: &str, text: String, meta: Metadata) -> Self {
        let title = meta.title.unwrap_or_else(|| find_title(&text));
        let date = meta.date.or_else(|| find_dateline(&text));
        let outlet = meta.outlet.or_else(|| find_outlet(&text));
        let byline = meta.byline;
        let content_hash = format!(
            "{:016x}",
            stable_hash(&[
                &text,
                &title,
                date.as_deref().unwrap_or(""),
                outlet.as_deref().unwrap_or(""),
                byline.as_deref().unwrap_or(""),
            ])
        );
        Self { id: slug(id), path: None, title, byline, date, outlet, text, content_hash, url: None }
    }
}

/// Checks and decodes file content into text.
///
/// UTF-8 (a BOM is dropped) and UTF-16 with a BOM are read as such. Bytes that are not UTF-8
/// at all (no multi-byte UTF-8 sequence before the first invalid byte) are taken to be in a
/// legacy encoding: the one an HTML `<meta charset>` declares, else `chardetng`'s guess. UTF-8
/// text with a broken sequence is refused rather than guessed, since decoding it as another
/// encoding would garble the valid part. Empty and binary content is refused.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    use encoding_rs::{UTF_16BE, UTF_16LE};
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_with(UTF_16LE, rest).and_then(check_text);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_with(UTF_16BE, rest).and_then(check_text);
    }
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("file is empty".into());
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), expected text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => check_text(s.to_string()),
        Err(e) => {
            if bom || is_damaged_utf8(bytes) {
                let valid = &bytes[..e.valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                return Err(format!(
                    "invalid UTF-8 at byte {} (line {line}): the file is UTF-8 elsewhere, so it is damaged rather \
                     than in another encoding; repair or re-save it as UTF-8",
                    e.valid_up_to()
                ));
            }
            let encoding = declared_charset(bytes).unwrap_or_else(|| {
                use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
                let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
                detector.feed(bytes, true);
                detector.guess(None, Utf8Detection::Deny)
            });
            decode_with(encoding, bytes).and_then(check_text)
        }
    }
}

/// True when `bytes` (not valid UTF-8) are UTF-8 with broken sequences rather than a legacy
/// encoding: they hold valid multi-byte UTF-8 sequences, at least as many as broken ones,
/// wherever they are (before or after the first broken one). Not simply "any valid
/// multi-byte sequence": in a double-byte legacy encoding (GBK, Shift_JIS, Big5) a few pairs
/// are valid UTF-8 by chance (GBK `D0 BB` is UTF-8 `л`), but far fewer than the pairs that
/// are not, while a damaged UTF-8 file has a few broken sequences among many valid ones.
fn is_damaged_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    valid > 0 && valid >= broken
}

fn decode_with(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> std::result::Result<String, String> {
    encoding.decode_without_bom_handling_and_without_replacement(bytes).map(|s| s.into_owned()).ok_or_else(|| {
        format!(
            "not UTF-8, and not valid {} either (the likeliest other encoding); convert it to UTF-8",
            encoding.name()
        )
    })
}

/// The charset an HTML page declares in its first 1024 bytes.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static META: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9_:.-]+)"#).unwrap_or_else(|e| {
            unreachable!("static pattern: {e}");
        })
    });
    let head = &bytes[..bytes.len().min(1024)];
    let label = META.captures(head)?.get(1)?.as_bytes();
    encoding_rs::Encoding::for_label(label)
}

/// Refuses decoded text that is empty or mostly control characters (binary data).
fn check_text(text: String) -> std::result::Result<String, String> {
    if text.trim().is_empty() {
        return Err("file is empty".into());
    }
    let total = text.chars().count();
    let control = text.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')).count();
    if control * 100 > total || text.contains('\0') {
        return Err(format!("binary file ({control} control characters in {total}), expected text"));
    }
    Ok(text)
}

/// Refuses text with an absurdly long line.
fn check_lines(text: &str) -> std::result::Result<(), String> {
    match text.split('\n').enumerate().find(|(_, l)| l.len() > MAX_LINE_BYTES) {
        Some((i, l)) => Err(format!(
            "line {} is {} bytes long (limit {MAX_LINE_BYTES}): not article text (minified code, data, or no line \
             breaks?)",
            i + 1,
            l.len()
        )),
        None => Ok(()),
    }
}

/// CRLF and lone CR become LF.
fn normalise(text: &str) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() }
}

/// True when text starts like an HTML page (a doctype, `<html>` or `<head>`).
fn looks_like_html(text: &str) -> bool {
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let head = start.get(..start.len().min(15)).unwrap_or(start).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

/// Lines Readability sometimes keeps that are page furniture, not article text.
static HTML_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)^(?:advertisement|sponsored(?: content)?|read more|share(?: this article)?|skip to (?:main )?content|you may be interested(?: in)?|recommended|related(?: articles| stories)?)\s*:?$",
    )
});

/// The main text and metadata of an HTML page.
fn extract_html(html: &str) -> std::result::Result<(String, Metadata), String> {
    let depth = tag_depth(html);
    if depth > MAX_HTML_DEPTH {
        return Err(format!("HTML nested {depth} levels deep (limit {MAX_HTML_DEPTH}): not an article page"));
    }
    let dom = dom_query::Document::from(html);
    let depth = max_depth(&dom);
    if depth > MAX_HTML_DEPTH {
        return Err(format!("HTML nested {depth} levels deep (limit {MAX_HTML_DEPTH}): not an article page"));
    }
    let time = dom.select("time[datetime]").iter().find_map(|t| t.attr("datetime").and_then(|d| parse_date(&d)));
    let time = time.or_else(|| dom.select("time").iter().find_map(|t| parse_date(&t.text())));
    let cfg = dom_smoothie::Config { text_mode: dom_smoothie::TextMode::Formatted, ..Default::default() };
    let mut readability =
        dom_smoothie::Readability::with_document(dom, None, Some(cfg)).map_err(|e| format!("HTML: {e}"))?;
    let article = readability.parse().map_err(|e| format!("no article text found in the HTML page ({e})"))?;
    let clean = |s: &str| Some(s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty());
    let title = clean(&article.title);
    let body = normalise(&article.text_content);
    let body: Vec<&str> = body.lines().map(str::trim_end).filter(|l| !HTML_FURNITURE.is_match(l.trim())).collect();
    let body = normalise(&body.join("\n"));
    let body = body.trim_matches('\n');
    // the headline opens the text, so that it is tagged and offsets cover it
    let text = match &title {
        Some(t) if !body.starts_with(t.as_str()) => format!("{t}\n\n{body}\n"),
        _ => format!("{body}\n"),
    };
    let date = article.published_time.as_deref().and_then(parse_date).or(time).or_else(|| find_dateline(&text));
    let byline = article.byline.as_deref().and_then(clean);
    let outlet = article.site_name.as_deref().and_then(clean);
    Ok((text, Metadata { title, byline, date, outlet }))
}

/// Elements that need no end tag: void elements and those an HTML parser closes implicitly.
const NO_END_TAG: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp",
    "optgroup", "image", "keygen", "basefont", "bgsound", "frame", "menuitem",
];

/// The nesting depth of a page's tags, counted on the raw text in one pass before parsing.
///
/// html5ever builds a 100,000-deep tree in quadratic time (its scope checks walk the stack of
/// open elements), so absurd nesting is refused before it is parsed. This scan is written out
/// because it only needs to bound the depth, not to parse: it skips comments, `<script>` and
/// `<style>` content, end tags and elements that need no end tag, and may overcount pages that
/// leave other elements unclosed, which the limit leaves ample room for.
fn tag_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = memchr_lt(&bytes[i..]) {
        i += off + 1;
        let rest = &html[i..];
        if rest.starts_with("!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let closing = rest.starts_with('/');
        let name: String = rest[usize::from(closing)..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() || NO_END_TAG.contains(&name.as_str()) {
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let self_closing = rest[..end].ends_with("/>");
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            max = max.max(depth);
            if name == "script" || name == "style" {
                let close = format!("</{name}");
                let lower = rest.get(end..).unwrap_or("");
                // the raw text ends at the first matching end tag (ASCII case-insensitive)
                let pos = lower.as_bytes().windows(close.len()).position(|w| w.eq_ignore_ascii_case(close.as_bytes()));
                i += end + pos.unwrap_or(lower.len());
                continue;
            }
        }
        i += end;
    }
    max
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'<')
}

/// The depth of the deepest element, walked without recursion.
fn max_depth(dom: &dom_query::Document) -> usize {
    let mut node = dom.root().first_child();
    let (mut depth, mut max) = (1usize, 0usize);
    while let Some(n) = node {
        max = max.max(depth);
        if let Some(child) = n.first_child() {
            depth += 1;
            node = Some(child);
            continue;
        }
        let mut cur = Some(n);
        node = None;
        while let Some(c) = cur {
            if let Some(next) = c.next_sibling() {
                node = Some(next);
                break;
            }
            cur = c.parent();
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
    }
    max
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    /// An article file.
    File(PathBuf),
    /// A JSON Lines file: one document per line (see [`Document::from_json_record`]).
    JsonLines(PathBuf),
    /// Standard input (`-`): JSON Lines when it starts with `{`, otherwise one article.
    Stdin,
}

impl Input {
    /// The file's size in bytes, when known (for progress).
    pub fn size(&self) -> Option<u64> {
        match self {
            Self::File(p) | Self::JsonLines(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Self::Stdin => None,
        }
    }
}

/// Whether a directory walk would read this file: an article or JSON Lines extension and not
/// hidden (the name alone; the file is not looked at).
pub fn is_input_name(path: &Path) -> bool {
    path.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        && (has_extension(path, ARTICLE_EXTENSIONS) || has_extension(path, JSON_LINES_EXTENSIONS))
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension().is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
}

/// Expands inputs into sources, in order: `-` is standard input, a `.jsonl`/`.ndjson` file is
/// JSON Lines, another file is an article, a directory is walked recursively for article and
/// JSON Lines files, sorted. With `glob`, files found in directories must match it (relative to
/// the directory given); files named explicitly are always read. Duplicates are dropped.
///
/// Inputs that cannot be read are returned as errors, each naming its path, beside the sources
/// that can: one unreadable file does not stop the others. Hidden entries and directory
/// symlinks are skipped (so a symlink loop cannot trap the walk); file symlinks are followed.
/// Only regular files are read (a FIFO would block).
pub fn collect_inputs(inputs: &[PathBuf], glob: Option<&globset::GlobSet>) -> (Vec<Input>, Vec<Error>) {
    let mut out: Vec<Input> = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut push = |out: &mut Vec<Input>, input: Input| {
        if seen.insert(input.clone()) {
            out.push(input);
        }
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            push(&mut out, Input::Stdin);
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                errors.push(Error::io(input, e));
                continue;
            }
        };
        if meta.is_dir() {
            let mut found = Vec::new();
            let failed = errors.len();
            walk(input, &mut found, &mut errors);
            found.retain(|p| glob.is_none_or(|g| g.is_match(p.strip_prefix(input).unwrap_or(p))));
            if found.is_empty() && errors.len() == failed {
                errors.push(Error::EmptyInput { path: input.clone() });
            }
            found.sort();
            for p in found {
                push(
                    &mut out,
                    if has_extension(&p, JSON_LINES_EXTENSIONS) { Input::JsonLines(p) } else { Input::File(p) },
                );
            }
        } else if !meta.is_file() {
            errors.push(Error::BadInput { path: input.clone(), reason: "not a regular file".into() });
        } else if has_extension(input, JSON_LINES_EXTENSIONS) {
            push(&mut out, Input::JsonLines(input.clone()));
        } else {
            push(&mut out, Input::File(input.clone()));
        }
    }
    (out, errors)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(Error::io(dir, e)),
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => paths.push(e.path()),
            Err(e) => errors.push(Error::io(dir, e)),
        }
    }
    paths.sort();
    for path in paths {
        if path.file_name().is_none_or(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(Error::io(&path, e));
                continue;
            }
        };
        if meta.is_dir() {
            walk(&path, out, errors);
            continue;
        }
        if !has_extension(&path, ARTICLE_EXTENSIONS) && !has_extension(&path, JSON_LINES_EXTENSIONS) {
            continue;
        }
        if meta.is_symlink() {
            // follow file symlinks; a dangling link or a loop is reported, a link to a
            // directory is skipped
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => out.push(path),
                Ok(m) if m.is_dir() => {}
                Ok(_) => errors.push(Error::BadInput { path, reason: "not a regular file".into() }),
                Err(e) => errors.push(Error::io(&path, e)),
            }
        } else if meta.is_file() {
            out.push(path);
        } else {
            errors.push(Error::BadInput { path, reason: "not a regular file".into() });
        }
    }
}

/// Reads the documents of a list of inputs one at a time, in order, so that memory holds one
/// file or one JSON Lines line at a time whatever the size of the corpus. A file or record that
/// cannot be used yields its error (naming the file, and the line for JSON Lines) and reading
/// goes on.
pub struct DocumentReader {
    inputs: std::vec::IntoIter<Input>,
    lines: Option<LineSource>,
}

struct LineSource {
    reader: Box<dyn BufRead>,
    path: PathBuf,
    stem: String,
    line: usize,
}

impl DocumentReader {
    /// A reader over `inputs` (see [`collect_inputs`]).
    pub fn new(inputs: Vec<Input>) -> Self {
        Self { inputs: inputs.into_iter(), lines: None }
    }

    fn open_lines(&mut self, reader: Box<dyn BufRead>, path: PathBuf) {
        let stem = path.file_stem().map_or_else(|| "stdin".into(), |s| s.to_string_lossy().into_owned());
        self.lines = Some(LineSource { reader, path, stem, line: 0 });
    }

    fn next_line(&mut self) -> Option<Result<Document>> {
        let src = self.lines.as_mut()?;
        let mut buf = String::new();
        loop {
            buf.clear();
            src.line += 1;
            match src.reader.read_line(&mut buf) {
                Ok(0) => {
                    self.lines = None;
                    return None;
                }
                Ok(_) if buf.trim().is_empty() => continue,
                Ok(_) => {
                    let default_id = format!("{}-{}", src.stem, src.line);
                    let line = buf.trim_start_matches('\u{feff}');
                    return Some(Document::from_json_record(line, &default_id).map_err(|reason| Error::BadRecord {
                        path: src.path.clone(),
                        line: src.line,
                        reason,
                    }));
                }
                Err(e) => {
                    let path = src.path.clone();
                    let line = src.line;
                    self.lines = None;
                    let reason = if e.kind() == std::io::ErrorKind::InvalidData {
                        "invalid UTF-8; convert the file to UTF-8".to_string()
                    } else {
                        e.to_string()
                    };
                    return Some(Err(Error::BadRecord { path, line, reason }));
                }
            }
        }
    }
}

impl Iterator for DocumentReader {
    type Item = Result<Document>;

    fn next(&mut self) -> Option<Result<Document>> {
        loop {
            if let Some(d) = self.next_line() {
                return Some(d);
            }
            match self.inputs.next()? {
                Input::File(p) => return Some(Document::from_path(&p)),
                Input::JsonLines(p) => match std::fs::File::open(&p) {
                    Ok(f) => self.open_lines(Box::new(BufReader::with_capacity(1 << 16, f)), p),
                    Err(e) => return Some(Err(Error::io(&p, e))),
                },
                Input::Stdin => {
                    let stdin = PathBuf::from("<stdin>");
                    let mut reader = BufReader::with_capacity(1 << 16, std::io::stdin());
                    let starts_json = match reader.fill_buf() {
                        Ok(buf) => buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
                        Err(e) => return Some(Err(Error::io(&stdin, e))),
                    };
                    if starts_json {
                        self.open_lines(Box::new(reader), stdin);
                    } else {
                        let mut bytes = Vec::new();
                        if let Err(e) = reader.read_to_end(&mut bytes) {
                            return Some(Err(Error::io(&stdin, e)));
                        }
                        return Some(
                            decode(&bytes)
                                .map(|text| Document::from_text("stdin", &text))
                                .map_err(|reason| Error::BadInput { path: stdin, reason }),
                        );
                    }
                }
            }
        }
    }
}

/// Lines that open a page without being its headline.
static NOT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)^(?:skip to (?:main )?content|tags?:|menu\b|advertisement|sponsored|home\b|share\b|\d+ min(?:ute)?s? read|by\b|updated\b|published\b)",
    )
});

/// The headline of a plain text: the first of its first ten lines that has at least three
/// words and is not page furniture ("Skip to main content", a section name, "Tags: ..."),
/// else the first non-empty line.
pub fn find_title(text: &str) -> String {
    let lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next().unwrap_or("");
    lines
        .take(10)
        .find(|l| l.split_whitespace().count() >= 3 && !NOT_TITLE.is_match(l) && find_date_in_line(l).is_none())
        .unwrap_or(first)
        .to_string()
}

const MONTHS: &[(&str, u32)] = &[
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

const MONTH: &str = r"(?P<m>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)";

static DATE_MDY: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(&format!(r"\b{MONTH} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>(?:19|20)\d\d)\b")));
static DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(&format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?{MONTH},? (?P<y>(?:19|20)\d\d)\b"))
});
static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?:T|\b)"));
/// A date without a year ("Jan. 27", "January 27th").
static DATE_MD: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(&format!(r"\b{MONTH} (?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b")));
/// A wire-service dateline opening a paragraph: "KYIV, Ukraine, Jan. 27 (Reuters) -",
/// "WASHINGTON, December 16, 2025 —".
static WIRE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(&format!(
        r"^[A-Z][A-Z.'’ -]+,(?: [A-Z][A-Za-z.'’ -]+,)? {MONTH} (?P<d>\d{{1,2}})(?:,? (?P<y>(?:19|20)\d\d))?(?: \([A-Za-z .&]+\))? ?[-—–]"
    ))
});
/// What a dateline may hold besides the date: weekday, time, zone, "By", "Updated"...
static DATELINE_REST: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)\b(?:by|published|updated|posted|checked|last|on|at|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|am|pm|a\.m|p\.m|[ecmp][sd]t|utc|gmt|cet|cest|eet|eest|msk|bst|z)\b|\d{1,2}:\d\d(?::\d\d)?|[+-]\d\d:?\d\d\b",
    )
});
/// A copyright line's year, the reference for a dateline without a year.
static COPYRIGHT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(r"(?m)^\s*(?:©|Copyright|\(c\))\s*(?:©\s*)?(?P<y>(?:19|20)\d\d)\b"));

/// The publication date: the first line near the top that is a dateline (a date with at most
/// a weekday, a time, a zone and words such as "Published" or "Checked on"), or a
/// wire-service dateline opening a paragraph ("KYIV, Jan. 27 (Reuters) -").
///
/// A dateline without a year ("Jan. 27") takes the year of the page's copyright line, else of
/// the first full date in the text; with neither, the document has no date.
///
/// ```
/// use pactgraph::document::find_dateline;
/// assert_eq!(find_dateline("Title\n\nDecember 16, 2025\n").as_deref(), Some("2025-12-16"));
/// assert_eq!(find_dateline("T\nMonday, 15 December 2025 04:46 PM EST\n").as_deref(), Some("2025-12-15"));
/// assert_eq!(find_dateline("T\nJan. 27\nText.\n© 2026 Example News").as_deref(), Some("2026-01-27"));
/// ```
pub fn find_dateline(text: &str) -> Option<String> {
    for line in text.lines().take(40) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(date) = WIRE_DATELINE.captures(line).and_then(|c| resolve(&c, text)) {
            return Some(date);
        }
        if line.len() > 100 {
            continue;
        }
        if let Some(date) = find_date_in_line(line) {
            return Some(date);
        }
        let md = DATE_MD.captures(line).filter(|c| only_dateline_words(line, c));
        if let Some(date) = md.and_then(|c| resolve(&c, text)) {
            return Some(date);
        }
    }
    None
}

/// A full date on a line that holds nothing else but dateline words.
fn find_date_in_line(line: &str) -> Option<String> {
    for re in [&*DATE_MDY, &*DATE_DMY, &*DATE_ISO] {
        let Some(c) = re.captures(line) else { continue };
        if let Some(date) = Some(&c).filter(|c| only_dateline_words(line, c)).and_then(|c| ymd(c, None)) {
            return Some(date);
        }
    }
    None
}

fn only_dateline_words(line: &str, c: &regex::Captures<'_>) -> bool {
    let whole = c.get(0).map_or(0..0, |m| m.range());
    let rest = format!("{} {}", &line[..whole.start], &line[whole.end..]);
    !DATELINE_REST.replace_all(&rest, "").chars().any(char::is_alphanumeric)
}

/// A dateline's date, its year taken from the text when the dateline has none.
fn resolve(c: &regex::Captures<'_>, text: &str) -> Option<String> {
    if c.name("y").is_some() {
        return ymd(c, None);
    }
    let year = COPYRIGHT_YEAR
        .captures(text)
        .and_then(|y| y["y"].parse().ok())
        .or_else(|| first_full_date(text).and_then(|d| d.get(..4)?.parse().ok()))?;
    ymd(c, Some(year))
}

fn first_full_date(text: &str) -> Option<String> {
    [&*DATE_MDY, &*DATE_DMY, &*DATE_ISO]
        .iter()
        .filter_map(|re| re.captures_iter(text).find_map(|c| Some((c.get(0)?.start(), ymd(&c, None)?))))
        .min()
        .map(|(_, d)| d)
}

/// The publication date in a metadata value: an ISO 8601 date or timestamp (the date as
/// written, in its own offset), an RFC 2822 date ("Mon, 15 Dec 2025 16:46:00 -0500"), or a
/// prose date ("December 15, 2025").
///
/// ```
/// use pactgraph::document::parse_date;
/// assert_eq!(parse_date("2025-12-15T23:30:00-05:00").as_deref(), Some("2025-12-15"));
/// assert_eq!(parse_date("Mon, 15 Dec 2025 16:46:00 -0500").as_deref(), Some("2025-12-15"));
/// assert_eq!(parse_date("tomorrow"), None);
/// ```
pub fn parse_date(value: &str) -> Option<String> {
    let value = value.trim();
    if let Some(c) = DATE_ISO.captures(value).filter(|c| c.get(0).is_some_and(|m| m.start() == 0)) {
        return ymd(&c, None);
    }
    [&*DATE_MDY, &*DATE_DMY].iter().find_map(|re| re.captures(value).and_then(|c| ymd(&c, None)))
}

fn ymd(c: &regex::Captures<'_>, year: Option<u32>) -> Option<String> {
    let y: u32 = match c.name("y") {
        Some(y) => y.as_str().parse().ok()?,
        None => year?,
    };
    let m_str = c.name("m")?.as_str();
    let m = match m_str.parse::<u32>() {
        Ok(m) => m,
        Err(_) => {
            let key = m_str.get(..3)?.to_ascii_lowercase();
            MONTHS.iter().find(|(k, _)| *k == key)?.1
        }
    };
    let d: u32 = c.name("d")?.as_str().parse().ok()?;
    let days = match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days).contains(&d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Ways a page names its own outlet.
static OUTLET_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    const NAME: &str = r"(?P<o>(?:The )?[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*){0,4})";
    [
        format!(r"(?m)^(?:©|Copyright|\(c\))\s*(?:\d{{4}}\s+)?{NAME}"),
        format!(r"Discover more from {NAME}"),
        format!(r"Disclaimer: {NAME} can"),
        format!(r"(?:respond|responded) to (?:an? )?{NAME}(?:'s|’s)? request"),
        format!(r"{NAME} has (?:contacted|learned|reached out)"),
        format!(r"(?m)^Sign up for {NAME}(?:'s|’s)"),
    ]
    .iter()
    .map(|p| crate::text::re(p))
    .collect()
});

/// The outlet when the page names itself (a copyright line, "Discover more from X",
/// "did not respond to X request", "X has learned").
pub fn find_outlet(text: &str) -> Option<String> {
    OUTLET_PATTERNS.iter().find_map(|re| {
        re.captures(text)
            .and_then(|c| c.name("o"))
            .map(|m| m.as_str().split(". ").next().unwrap_or_default().trim_end_matches(['.', ',']).to_string())
            .filter(|o| !o.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_found_and_captions_are_not() {
        let table: &[(&str, Option<&str>)] = &[
            ("Title\n\nDecember 16, 2025\n", Some("2025-12-16")),
            ("T\nChecked on December 17, 2025\n", Some("2025-12-17")),
            ("T\nBy    |   Monday, 15 December 2025 04:46 PM EST\n", Some("2025-12-15")),
            // the date as the source wrote it: late evening EST is not moved to the next day
            ("T\nMonday, 15 December 2025 11:30 PM EST\n", Some("2025-12-15")),
            ("T\nUpdated 2025-12-15T23:30:00-05:00\n", Some("2025-12-15")),
            ("T\nSoldiers near a sign on Feb. 2, 2025. (Photo)\n", None),
            ("T\nFebruary 30, 2025\n", None),
            ("T\nSept. 3rd, 2025\n", Some("2025-09-03")),
            // year-less datelines take the copyright year, else the first full date's year
            ("T\nJan. 27\nBody.\n© 2026 Example News\n", Some("2026-01-27")),
            ("T\nJan. 27\nTalks began on December 1, 2025.\n", Some("2025-01-27")),
            ("T\nJan. 27\nNo year anywhere.\n", None),
            ("T\n\nKYIV, Jan 27 (Reuters) - Ukraine said.\n© 2026 Reuters\n", Some("2026-01-27")),
            ("T\n\nWASHINGTON, December 16, 2025 — The talks.\n", Some("2025-12-16")),
            ("T\n\nKYIV, Ukraine, Jan. 27, 2026 (AP) — Ukraine said.\n", Some("2026-01-27")),
            // a year-less date in a sentence is not a dateline
            ("T\nThe FT reported on Jan. 27, citing people.\n© 2026 X\n", None),
        ];
        for (text, want) in table {
            assert_eq!(find_dateline(text).as_deref(), *want, "{text:?}");
        }
    }

    #[test]
    fn metadata_dates() {
        assert_eq!(parse_date("2025-12-15").as_deref(), Some("2025-12-15"));
        assert_eq!(parse_date("2025-12-16T02:30:00Z").as_deref(), Some("2025-12-16"));
        assert_eq!(parse_date("December 15, 2025 4:46 PM").as_deref(), Some("2025-12-15"));
        assert_eq!(parse_date("2025-13-45"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn titles_skip_page_furniture() {
        assert_eq!(find_title("Politics\n\nUS ties guarantees to territory\n"), "US ties guarantees to territory");
        assert_eq!(
            find_title("Skip to main content\nTags: us | ukraine\n\nConditional US Offer: NATO-Style Security\n"),
            "Conditional US Offer: NATO-Style Security"
        );
        assert_eq!(find_title("December 16, 2025\nTalks resume in Geneva today\n"), "Talks resume in Geneva today");
        assert_eq!(find_title("Ceasefire\n"), "Ceasefire");
    }

    #[test]
    fn outlet_from_self_reference() {
        assert_eq!(find_outlet("x\n© 2025 Example Times. All rights reserved."), Some("Example Times".into()));
        assert_eq!(
            find_outlet("The Daily Planet has learned that the talks stalled."),
            Some("The Daily Planet".into())
        );
        assert_eq!(find_outlet("Nothing here."), None);
    }

    #[test]
    fn bad_bytes_are_refused_with_a_reason() {
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(b" \n\t").unwrap_err().contains("empty"));
        assert!(decode(b"ab\0cd").unwrap_err().contains("binary"));
        assert!(decode(b"\x01\x02\x03\x04ab").unwrap_err().contains("binary"));
        let broken = "Négociations à Genève \u{2014} ".as_bytes().iter().chain(b"\xC3(").copied().collect::<Vec<_>>();
        assert!(decode(&broken).unwrap_err().contains("invalid UTF-8 at byte"));
    }

    /// Issue 19: ASCII, then a truncated sequence, then valid UTF-8 was decoded as GBK
    /// ("… 鈧 … 茅"); it is damaged UTF-8, refused at the first bad byte.
    #[test]
    fn utf8_broken_before_its_first_multibyte_character_is_refused_not_read_as_gbk() {
        let e = decode(b"Zelensky met Putin. \xe2\x82 broken \xc3\xa9").unwrap_err();
        assert!(e.contains("invalid UTF-8 at byte 20 (line 1)"), "{e}");
        // a real GBK text, with a pair that is valid UTF-8 by chance (D0 BB), is still GBK
        let gbk = encoding_rs::GBK.encode("感谢中国和美国的谈判代表。双方同意在日内瓦继续谈判。").0;
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode(&gbk).unwrap(), "感谢中国和美国的谈判代表。双方同意在日内瓦继续谈判。");
    }

    #[test]
    fn encodings_are_detected() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
        // UTF-16 with BOMs
        assert_eq!(decode(b"\xFF\xFEh\0i\0").unwrap(), "hi");
        assert_eq!(decode(b"\xFE\xFF\0h\0i").unwrap(), "hi");
        // windows-1252 / Latin-1 text without any UTF-8
        let latin1 = b"N\xe9gociations \xe0 Gen\xe8ve: le pr\xe9sident fran\xe7ais a propos\xe9 un cessez-le-feu.";
        assert_eq!(decode(latin1).unwrap(), "Négociations à Genève: le président français a proposé un cessez-le-feu.");
        // a declared charset wins
        let koi8 = encoding_rs::KOI8_R.encode("<html><head><meta charset=\"koi8-r\"></head><body>Москва</body>").0;
        assert!(decode(&koi8).unwrap().contains("Москва"));
    }

    #[test]
    fn json_records_give_metadata_and_reasons() {
        let d = Document::from_json_record(
            r#"{"id": "a/1", "text": "Body text.", "title": "T", "date": "2025-12-16T10:00:00Z", "url": "https://e.x/1"}"#,
            "f-1",
        )
        .unwrap();
        assert_eq!((d.id.as_str(), d.title.as_str(), d.date.as_deref()), ("a-1", "T", Some("2025-12-16")));
        assert_eq!(d.url.as_deref(), Some("https://e.x/1"));
        assert_eq!(Document::from_json_record(r#"{"text": "x"}"#, "f-7").unwrap().id, "f-7");
        assert_eq!(Document::from_json_record(r#"{"id": 12, "text": "x"}"#, "f").unwrap().id, "12");
        assert!(Document::from_json_record(r#"{"id": "a"}"#, "f").unwrap_err().contains("text"));
        assert!(Document::from_json_record(r#"{"text": "x", "date": "soon"}"#, "f").unwrap_err().contains("date"));
        assert!(Document::from_json_record("{broken", "f").unwrap_err().contains("JSON"));
    }

    #[test]
    fn crlf_is_normalised() {
        let d = Document::from_text("x", "Title of it\r\nBody\r\n");
        assert_eq!(d.text, "Title of it\nBody\n");
        assert_eq!(d.title, "Title of it");
        let d = Document::from_bytes("x", b"\xEF\xBB\xBFTitle of it\r\rBody\r", false).unwrap();
        assert_eq!(d.text, "Title of it\n\nBody\n");
    }

    #[test]
    fn long_lines_are_refused() {
        let big = "word ".repeat(MAX_LINE_BYTES / 5 + 1);
        assert!(Document::from_bytes("x", big.as_bytes(), false).unwrap_err().contains("line 1 is"));
    }

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Talks stall | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-12-15T23:30:00-05:00">
<meta name="author" content="Jane Doe">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<div class="ad">Advertisement</div>
<article><h1>Talks stall in Geneva</h1>
<p>Russia rejected the ceasefire proposal on Monday, officials in Geneva said, after two days of talks that ended without agreement.</p>
<p>Ukraine offered a prisoner exchange, which Moscow said it would study. The talks are expected to resume next week in Geneva, diplomats said.</p>
<p>European negotiators proposed a monitoring mission along the front line, an idea both sides have rejected in the past.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/x">Oregon wildfire spreads</a></li></ul></aside>
<footer>© 2025 Example News. All rights reserved.</footer>
</body></html>"#;

    #[test]
    fn html_main_text_and_metadata() {
        let d = Document::from_bytes("page", PAGE.as_bytes(), true).unwrap();
        assert_eq!(d.date.as_deref(), Some("2025-12-15"));
        assert_eq!(d.outlet.as_deref(), Some("Example News"));
        assert_eq!(d.byline.as_deref(), Some("Jane Doe"));
        assert!(d.title.contains("Talks stall"), "{}", d.title);
        assert!(d.text.contains("Russia rejected the ceasefire proposal"), "{}", d.text);
        assert!(d.text.contains("\n"), "paragraphs stay on lines of their own");
        for dropped in ["Oregon", "Advertisement", "World", "All rights reserved"] {
            assert!(!d.text.contains(dropped), "{dropped} kept: {}", d.text);
        }
        assert!(d.text.starts_with(&d.title));
    }

    #[test]
    fn html_dates_from_json_ld_and_time() {
        let ld = PAGE.replace(
            r#"<meta property="article:published_time" content="2025-12-15T23:30:00-05:00">"#,
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks stall in Geneva","datePublished":"2025-12-14T08:00:00+01:00"}</script>"#,
        );
        assert_eq!(Document::from_html("p", &ld).unwrap().date.as_deref(), Some("2025-12-14"));
        let time = PAGE
            .replace(r#"<meta property="article:published_time" content="2025-12-15T23:30:00-05:00">"#, "")
            .replace("<h1>", r#"<time datetime="2025-12-13">Dec 13</time><h1>"#);
        assert_eq!(Document::from_html("p", &time).unwrap().date.as_deref(), Some("2025-12-13"));
        // HTML is recognised by content too
        assert!(Document::from_bytes("p", PAGE.as_bytes(), false).unwrap().outlet.is_some());
    }

    #[test]
    fn tag_depth_counts_nesting_only() {
        assert_eq!(tag_depth("<html><body><div><p>a<p>b<br><img src=x></div></body></html>"), 3);
        assert_eq!(tag_depth("<div><!-- <div><div> --><script>if (a<b) { x = '<div>'; }</script></div>"), 2);
        assert_eq!(tag_depth("<div/><span>x</span>"), 1);
        assert_eq!(tag_depth(PAGE), 5);
    }

    #[test]
    fn deep_html_is_refused() {
        let deep = format!("<html><body>{}x{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let e = Document::from_html("d", &deep).unwrap_err();
        assert!(e.contains("nested"), "{e}");
    }
}

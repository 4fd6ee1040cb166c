//! Loads articles: reads files and directories, checks the text, and reads the title, the
//! dateline and the outlet.
//!
//! The text is kept as loaded except for a UTF-8 byte-order mark and CRLF line ends, which are
//! normalised; all offsets of later stages refer to this text. Nothing is taken from the wall
//! clock. Finding entities in the text is left to [`crate::tag`].

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::error::{Error, Result};
use crate::rdf::vocab::DOC_NS;
use crate::text::{slug, stable_hash};

/// File extensions read from directories.
pub const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md"];

/// Extensions of JSON Lines files (one document per line), read from directories too.
pub const JSON_LINES_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];

/// An article: its text and what its header says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier: the slug of the file name without extension.
    pub id: String,
    /// The file it was read from.
    pub path: Option<PathBuf>,
    /// The first non-empty line.
    pub title: String,
    /// Publication date from the dateline, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The outlet, when the text names itself.
    pub outlet: Option<String>,
    /// The text.
    pub text: String,
    /// Hash of the text (and of the metadata a JSON Lines record gives), to skip unchanged
    /// documents.
    pub content_hash: String,
    /// Where the article was published, when a JSON Lines record says so.
    pub url: Option<String>,
}

impl Document {
    /// A document from text in memory, with `id` as its identifier.
    pub fn from_text(id: &str, text: &str) -> Self {
        let text = normalise(text);
        let title = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
        Self {
            id: slug(id),
            path: None,
            date: find_dateline(&text),
            outlet: find_outlet(&text),
            content_hash: format!("{:016x}", stable_hash(&[&text])),
            title,
            text,
            url: None,
        }
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
            let day = date.trim().get(..10).and_then(|d| DATE_ISO.captures(d)).and_then(|c| ymd(&c));
            doc.date = Some(day.ok_or_else(|| format!("\"date\" {date:?} does not start with a YYYY-MM-DD date"))?);
        }
        doc.url = r.url.filter(|u| !u.trim().is_empty());
        let meta = [doc.title.as_str(), doc.date.as_deref().unwrap_or(""), doc.url.as_deref().unwrap_or("")];
        doc.content_hash = format!("{:016x}", stable_hash(&[&doc.text, meta[0], meta[1], meta[2]]));
        Ok(doc)
    }

    /// Reads one article file.
    pub fn from_path(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = decode(&bytes).map_err(|reason| Error::BadInput { path: path.to_path_buf(), reason })?;
        let stem = path.file_stem().map_or_else(|| "document".into(), |s| s.to_string_lossy());
        let mut doc = Self::from_text(&stem, &text);
        doc.path = Some(path.to_path_buf());
        Ok(doc)
    }

    /// The document's IRI, which also names its graph.
    pub fn iri(&self) -> String {
        format!("{DOC_NS}{}", self.id)
    }
}

/// Checks and decodes file content: UTF-8 (a BOM is dropped), not binary, not empty.
fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("file is empty".into());
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), expected UTF-8 text".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(format!("invalid UTF-8 at byte {}; convert the file to UTF-8", e.valid_up_to())),
    }
}

/// CRLF and lone CR become LF.
fn normalise(text: &str) -> String {
    if text.contains('\r') { text.replace("\r\n", "\n").replace('\r', "\n") } else { text.to_string() }
}

/// Expands inputs (files and directories, recursively) into article paths, sorted.
pub fn collect_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let before = out.len();
            walk(input, &mut out)?;
            if out.len() == before {
                return Err(Error::EmptyInput { path: input.clone() });
            }
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .map(|e| e.map(|e| e.path()).map_err(|err| Error::io(dir, err)))
        .collect::<Result<_>>()?;
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().starts_with('.')).unwrap_or(true);
        if name {
            continue;
        }
        // symlink_metadata: do not follow directory symlinks (no loops)
        let meta = std::fs::symlink_metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|x| ARTICLE_EXTENSIONS.iter().any(|e| x.eq_ignore_ascii_case(e))) {
            out.push(path);
        }
    }
    Ok(())
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

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension().is_some_and(|x| exts.iter().any(|e| x.eq_ignore_ascii_case(e)))
}

/// Expands inputs into sources, in order: `-` is standard input, a `.jsonl`/`.ndjson` file is
/// JSON Lines, another file is an article, a directory is walked recursively (hidden entries
/// and directory symlinks skipped) for article and JSON Lines files, sorted. With `glob`, files
/// found in directories must match it (relative to the directory given); files named
/// explicitly are always read. Duplicates are dropped.
pub fn collect_inputs(inputs: &[PathBuf], glob: Option<&globset::GlobSet>) -> Result<Vec<Input>> {
    let mut out: Vec<Input> = Vec::new();
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
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk_all(input, &mut found)?;
            found.retain(|p| glob.is_none_or(|g| g.is_match(p.strip_prefix(input).unwrap_or(p))));
            if found.is_empty() {
                return Err(Error::EmptyInput { path: input.clone() });
            }
            found.sort();
            for p in found {
                push(
                    &mut out,
                    if has_extension(&p, JSON_LINES_EXTENSIONS) { Input::JsonLines(p) } else { Input::File(p) },
                );
            }
        } else if has_extension(input, JSON_LINES_EXTENSIONS) {
            push(&mut out, Input::JsonLines(input.clone()));
        } else {
            push(&mut out, Input::File(input.clone()));
        }
    }
    Ok(out)
}

fn walk_all(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        if path.file_name().is_none_or(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        // symlink_metadata: do not follow directory symlinks (no loops)
        let meta = std::fs::symlink_metadata(&path).map_err(|e| Error::io(&path, e))?;
        if meta.is_dir() {
            walk_all(&path, out)?;
        } else if has_extension(&path, ARTICLE_EXTENSIONS) || has_extension(&path, JSON_LINES_EXTENSIONS) {
            out.push(path);
        }
    }
    Ok(())
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
    LazyLock::new(|| crate::text::re(&format!(r"\b{MONTH} (?P<d>\d{{1,2}}),? (?P<y>(?:19|20)\d\d)\b")));
static DATE_DMY: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(&format!(r"\b(?P<d>\d{{1,2}}) {MONTH},? (?P<y>(?:19|20)\d\d)\b")));
static DATE_ISO: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"));
/// What a dateline may hold besides the date: weekday, time, zone, "By", "Updated"...
static DATELINE_REST: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"(?i)\b(?:by|published|updated|posted|checked|last|on|at|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|am|pm|a\.m|p\.m|[ecmp][sd]t|utc|gmt|cet|cest|eet|eest|msk|bst)\b|\d{1,2}:\d\d",
    )
});

/// The publication date: the first line near the top that is a dateline (a date with at most
/// a weekday, a time, a zone and words such as "Published" or "Checked on").
pub fn find_dateline(text: &str) -> Option<String> {
    for line in text.lines().take(40) {
        let line = line.trim();
        if line.is_empty() || line.len() > 100 {
            continue;
        }
        for re in [&*DATE_MDY, &*DATE_DMY, &*DATE_ISO] {
            let Some(c) = re.captures(line) else { continue };
            let whole = c.get(0).map_or(0..0, |m| m.range());
            let rest = format!("{} {}", &line[..whole.start], &line[whole.end..]);
            let rest = DATELINE_REST.replace_all(&rest, "");
            if rest.chars().any(char::is_alphanumeric) {
                continue;
            }
            if let Some(date) = ymd(&c) {
                return Some(date);
            }
        }
    }
    None
}

fn ymd(c: &regex::Captures<'_>) -> Option<String> {
    let y: u32 = c.name("y")?.as_str().parse().ok()?;
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
        assert_eq!(find_dateline("Title\n\nDecember 16, 2025\n"), Some("2025-12-16".into()));
        assert_eq!(find_dateline("T\nChecked on December 17, 2025\n"), Some("2025-12-17".into()));
        assert_eq!(find_dateline("T\nBy    |   Monday, 15 December 2025 04:46 PM EST\n"), Some("2025-12-15".into()));
        assert_eq!(find_dateline("T\nSoldiers near a sign on Feb. 2, 2025. (Photo)\n"), None);
        assert_eq!(find_dateline("T\nFebruary 30, 2025\n"), None);
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
        assert!(decode(b"ab\0cd").unwrap_err().contains("binary"));
        assert!(decode(b"ab\xffcd").unwrap_err().contains("UTF-8"));
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), "hi");
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
        let d = Document::from_text("x", "Title\r\nBody\r\n");
        assert_eq!(d.text, "Title\nBody\n");
        assert_eq!(d.title, "Title");
    }
}

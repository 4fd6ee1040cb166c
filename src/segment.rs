//! Splits a document into paragraphs (lines) and sentences, finds quotations, and marks the
//! boilerplate zones of a web page (teasers, footers, newsletter boxes, author bios).
//!
//! Sentences come from `sentencex` (abbreviation-aware: "U.S.", "Jan.", "Mr."), run on each
//! line, since news text puts headlines, captions and credits on lines of their own. This stage
//! knows nothing of entities; it only gives later stages spans with byte and code-point offsets.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::text::OffsetMap;

/// A sentence: a byte span of the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the last character.
    pub end: usize,
    /// Index of the paragraph (line) it belongs to.
    pub paragraph: usize,
    /// True outside the article body (footer, teaser, author bio...).
    pub boilerplate: bool,
}

/// A quotation: the byte span inside the quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Byte offset after the opening mark.
    pub start: usize,
    /// Byte offset of the closing mark.
    pub end: usize,
}

/// The segmentation of one document.
#[derive(Debug, Clone)]
pub struct Segmentation {
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Quotations in text order.
    pub quotes: Vec<Quote>,
    /// Byte to code-point offsets of the text.
    pub offsets: OffsetMap,
}

impl Segmentation {
    /// The sentence holding byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<&Sentence> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        self.sentences.get(i).filter(|s| s.start <= pos)
    }

    /// True when byte offset `pos` lies in boilerplate (or outside every sentence).
    pub fn is_boilerplate(&self, pos: usize) -> bool {
        self.sentence_at(pos).is_none_or(|s| s.boilerplate)
    }

    /// The quotation holding byte offset `pos`, if any.
    pub fn quote_at(&self, pos: usize) -> Option<&Quote> {
        self.quotes.iter().find(|q| q.start <= pos && pos < q.end)
    }
}

/// Lines after which the rest of the page is not the article.
static TAIL_MARKERS: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::text::re_set([
        r"(?i)^source link$",
        r"(?i)^you (?:may|might) (?:also )?(?:be interested|like|have missed)",
        r"(?i)^read more\b",
        r"(?i)^discover more from\b",
        r"(?i)^related(?: stories| articles| posts| coverage)?:?$",
        r"(?i)^more (?:from|stories|on this)\b",
        r"(?i)^recommended(?: for you| stories)?$",
        r"(?i)^(?:sign up|subscribe)\b",
        r"(?i)^news feed$",
        r"(?i)^(?:©|copyright\b|\(c\) \d{4})",
        r"(?i)^all rights reserved",
        r"(?i)^most (?:read|popular|viewed)$",
        r"(?i)^share this (?:article|story)",
        r"(?i)^(?:leave a |read and post )?comments?$",
        r"(?i)^(?:join|follow) (?:the )?\S+ (?:community|on)\b",
        r"(?i)^(?:top|trending) (?:stories|news)$",
    ])
});

/// Single lines that are page furniture.
static LINE_MARKERS: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::text::re_set([
        r"(?i)^disclaimer\b",
        r"(?i)^tags?:",
        r"(?i)^(?:advertisement|sponsored|ad)$",
        r"(?i)^skip to (?:main )?content",
        r"(?i)^(?:share|print|email|avatar|article image|show more.*|\d+ min read)$",
        r"(?i)^[\d,.]+k? (?:views|shares|comments)$",
        r"(?i)^privacy\b.*\bemail",
    ])
});

/// A paragraph introducing a writer: "Jane Doe is a reporter for ..." (author bio).
static AUTHOR_BIO: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"^(?:[A-Z][\w'’.-]+ ){1,3}(?:is|was|has been|covers)\b[^.]{0,120}\b(?:reporter|correspondent|editor|journalist|writer|columnist|contributor|author|producer|anchor|analyst for|covers)\b",
    )
});

/// Splits `text` into sentences, quotations and boilerplate zones.
pub fn segment(text: &str) -> Segmentation {
    let mut sentences = Vec::new();
    let mut tail = false;
    let mut line_start = 0;
    for (paragraph, raw_line) in text.split_inclusive('\n').enumerate() {
        let start = line_start;
        line_start += raw_line.len();
        let line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        tail = tail || TAIL_MARKERS.is_match(line);
        let boilerplate = tail || LINE_MARKERS.is_match(line) || AUTHOR_BIO.is_match(line);
        let lead = raw_line.len() - raw_line.trim_start().len();
        let base = start + lead;
        for b in sentencex::get_sentence_boundaries("en", line) {
            let s = &line[b.start_byte..b.end_byte];
            let trimmed = s.trim();
            if trimmed.is_empty() {
                continue;
            }
            let offset = s.len() - s.trim_start().len();
            let s_start = base + b.start_byte + offset;
            sentences.push(Sentence { start: s_start, end: s_start + trimmed.len(), paragraph, boilerplate });
        }
    }
    Segmentation { sentences, quotes: find_quotes(text), offsets: OffsetMap::new(text) }
}

/// Quotations within one line: curly pairs, or straight double quotes paired in order.
fn find_quotes(text: &str) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut open: Option<(usize, char)> = None;
        for (i, c) in line.char_indices() {
            let pos = line_start + i;
            match (open, c) {
                (None, '“' | '"') => open = Some((pos + c.len_utf8(), c)),
                (Some((s, '“')), '”') | (Some((s, '"')), '"') => {
                    // a quote of one short word is a scare quote ("perfect"), still a quote
                    quotes.push(Quote { start: s, end: pos });
                    open = None;
                }
                _ => {}
            }
        }
        line_start += line.len();
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, seg: &Segmentation) -> Vec<&'a str> {
        seg.sentences.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn lines_and_abbreviations() {
        let text = "A Headline Without Stop\n\nThe U.S. has offered aid. Russia said no.\n";
        let seg = segment(text);
        assert_eq!(texts(text, &seg), vec!["A Headline Without Stop", "The U.S. has offered aid.", "Russia said no."]);
        assert!(seg.sentences.iter().all(|s| !s.boilerplate));
    }

    #[test]
    fn tail_and_bios_are_boilerplate() {
        let text = "Body sentence here.\nJane Roe is a reporter for the Daily Example, based in Paris.\nMore body.\nYou may be interested\nTeaser about Oregon.\n";
        let seg = segment(text);
        let flags: Vec<bool> = seg.sentences.iter().map(|s| s.boilerplate).collect();
        assert_eq!(flags, vec![false, true, false, true, true]);
    }

    #[test]
    fn quotes_are_paired_per_line() {
        let text = "“We want peace,” he said. She called it \"workable\".\n";
        let q = find_quotes(text);
        assert_eq!(q.len(), 2);
        assert_eq!(&text[q[0].start..q[0].end], "We want peace,");
        assert_eq!(&text[q[1].start..q[1].end], "workable");
    }
}

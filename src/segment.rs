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
    /// Byte spans of the names that open author bios ("Jane Roe" of "Jane Roe is a reporter
    /// for ..."): the writer is part of the article, the rest of the bio is not.
    pub bio_subjects: Vec<(usize, usize)>,
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

    /// True when the span `start..end` is the name that opens an author bio.
    pub fn is_bio_subject(&self, start: usize, end: usize) -> bool {
        self.bio_subjects.iter().any(|&(s, e)| s <= start && end <= e)
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
        r"(?i)^share (?:this|on)\b.{0,60}$",
        // one-line teasers and house notes: "Related: ...", "Read also: ...", "In other news: ..."
        r"(?i)^(?:related|read also|see also|more \S+(?: \S+)?|also (?:in|from|on) [^:]+|in other news|elsewhere|watch|listen)\s*:",
        r"(?i)^got a (?:tip|story)\b",
        r"(?i)^(?:facebook|twitter|x|whatsapp|linkedin|email|copy link)(?:\s*[|·•/]\s*(?:facebook|twitter|x|whatsapp|linkedin|email|copy link))+$",
    ])
});

/// A line of article prose long enough that no teaser, share bar or footer line is: two such
/// lines in a row end a boilerplate zone (see [`segment`]).
const PROSE_LINE: usize = 150;

/// True for a line that reads as a paragraph of running text: long, and ending a sentence.
fn is_prose(line: &str) -> bool {
    line.len() >= PROSE_LINE
        && line.ends_with(['.', '"', '”', '’', ')'])
        && !line.ends_with("...")
        && !line.ends_with('…')
}

/// A paragraph introducing a writer: "Jane Doe is a reporter for ..." (author bio).
static AUTHOR_BIO: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"^(?P<name>(?:[A-Z][\w'’.-]+ ){1,4})(?:covers\b|(?:is|was|has been)\b[^.]{0,120}\b(?i:reporter|correspondent|editor|journalist|writer|columnist|contributor|author|producer|anchor|analyst|fellow|researcher|professor|lecturer|scholar|covers)\b)",
    )
});

/// Splits `text` into sentences, quotations and boilerplate zones.
///
/// A zone opened by a tail marker ("Related stories", "You may be interested", a copyright
/// line) is bounded: it holds teaser headlines, short summaries, share counts and footer lines,
/// and ends where the article's prose resumes, at two paragraphs of running text in a row. So a
/// marker scraped into the middle of a page never swallows the rest of the article.
pub fn segment(text: &str) -> Segmentation {
    let mut sentences = Vec::new();
    let mut bio_subjects = Vec::new();
    let mut tail = false;
    let mut line_start = 0;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (paragraph, raw_line) in lines.iter().enumerate() {
        let start = line_start;
        line_start += raw_line.len();
        let line = raw_line.trim();
        if line.is_empty() {
            continue;
        }
        if TAIL_MARKERS.is_match(line) {
            tail = true;
        } else if tail
            && is_prose(line)
            && lines[paragraph + 1..].iter().map(|l| l.trim()).find(|l| !l.is_empty()).is_some_and(is_prose)
        {
            tail = false;
        }
        let lead = raw_line.len() - raw_line.trim_start().len();
        let base = start + lead;
        let bio = if AUTHOR_BIO.is_match(line) { AUTHOR_BIO.captures(line) } else { None };
        if let Some(name) = bio.as_ref().and_then(|c| c.name("name")) {
            bio_subjects.push((base + name.start(), base + name.end()));
        }
        // a house note: "The Morning Ledger is published by Example Media, ..."
        let house_note = line.contains(" is published by ") || line.contains(" is produced by ");
        let boilerplate = tail || LINE_MARKERS.is_match(line) || bio.is_some() || house_note;
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
    Segmentation { sentences, quotes: find_quotes(text), offsets: OffsetMap::new(text), bio_subjects }
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

    /// Boilerplate flags of the sentences of `text`, one per sentence.
    fn flags(text: &str) -> Vec<bool> {
        segment(text).sentences.iter().map(|s| s.boilerplate).collect()
    }

    #[test]
    fn boilerplate_zones_are_bounded() {
        let para = "The negotiators for the two river towns met again on Thursday and agreed on a shared schedule for the repair of the old weir, officials from both councils said.";
        let para2 = "Under the draft, the upstream town would pay two thirds of the cost while the downstream one would supply the workers and the machinery for a period of three years.";
        let cases: &[(&str, String, Vec<bool>)] = &[
            // a share bar in the middle of the page is one line, not the start of the footer
            ("share bar", format!("Share this article\n{para}\n{para2}\n"), vec![true, false, false]),
            ("share buttons", format!("{para}\nFacebook | Twitter | Email\n{para2}\n"), vec![false, true, false]),
            // a teaser block ends where two paragraphs of running text follow
            (
                "teasers then prose",
                format!(
                    "{para}\nRelated stories\nFarmers brace for a dry summer\nA short summary of the teaser.\n{para}\n{para2}\n"
                ),
                vec![false, true, true, true, false, false],
            ),
            // a footer at the end runs to the end of the text
            (
                "newsletter footer",
                format!(
                    "{para}\nSign up for our morning briefing\nGet the headlines in your inbox.\n© 2031 Example Media\n"
                ),
                vec![false, true, true, true],
            ),
            // one long teaser summary alone does not end the zone
            (
                "gallery",
                format!("{para}\nMore from Example Media\n{para2}\nPhotos of the week\n"),
                vec![false, true, true, true],
            ),
        ];
        for (name, text, want) in cases {
            assert_eq!(&flags(text), want, "{name}");
        }
    }

    #[test]
    fn one_line_teasers_house_notes_and_bios() {
        let cases: &[(&str, bool)] = &[
            ("Related: Why the upland water talks matter for farmers | Subscribe", true),
            ("Read also: Two river towns sign a weir accord", true),
            ("In other news: the ferry strike ends. More after the break.", true),
            ("Got a tip? Write to our newsroom.", true),
            ("The Morning Ledger is published by Example Media, Office 3, Harbour Road.", true),
            ("Jane Roe is a senior fellow at the Institute of Examples in Lisbon.", true),
            ("Dr Jane Roe is a Senior Fellow at the Institute of Examples.", true),
            ("Jane Roe covers the river talks for the Daily Example.", true),
            // article sentences that look alike
            ("Related talks are due next week in the capital.", false),
            ("The talks were published in full by the ministry on Friday.", false),
            ("The minister is a veteran of three rounds of talks.", false),
        ];
        for (line, want) in cases {
            assert_eq!(flags(&format!("{line}\n")).first(), Some(want), "{line}");
        }
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

//! Small text utilities shared by the stages: slugs, stable hashes, offsets, word boundaries.
//!
//! Nothing here knows about documents or entities.

/// The slug of a name: accents dropped, lowercase ASCII, runs of other characters as one `-`.
///
/// ```
/// assert_eq!(pactgraph::text::slug("King’s College London"), "king-s-college-london");
/// assert_eq!(pactgraph::text::slug("Zaporizhzhia Oblast"), "zaporizhzhia-oblast");
/// ```
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Folds common Latin letters with diacritics to ASCII (no Unicode tables are worth a
/// dependency for the handful of letters that appear in names of this domain).
fn fold_char(c: char) -> impl Iterator<Item = char> {
    let s: &'static str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        'ś' | 'š' | 'ş' => "s",
        'Ś' | 'Š' | 'Ş' => "S",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ł' => "l",
        'Ł' => "L",
        'ğ' => "g",
        'Ğ' => "G",
        'ř' => "r",
        'Ř' => "R",
        'ß' => "ss",
        _ => "",
    };
    let single = if s.is_empty() { Some(c) } else { None };
    s.chars().chain(single)
}

/// A stable 64-bit FNV-1a hash, used to mint IRIs that do not depend on input order.
/// (Written out because it is eight lines; the value must never change between versions.)
pub fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Maps byte offsets of one text to Unicode code-point offsets, computed once per text.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// Byte offsets at which each non-ASCII character starts, with the number of extra bytes
    /// seen before it; empty for ASCII text, where the two offsets agree.
    starts: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::new();
        let mut extra = 0;
        for (i, c) in text.char_indices() {
            let len = c.len_utf8();
            if len > 1 {
                extra += len - 1;
                starts.push((i, extra));
            }
        }
        Self { starts }
    }

    /// The code-point offset of byte offset `byte` (which must be a char boundary).
    pub fn char_offset(&self, byte: usize) -> usize {
        // number of multi-byte chars starting strictly before `byte`
        let n = self.starts.partition_point(|&(start, _)| start < byte);
        let extra = if n == 0 { 0 } else { self.starts[n - 1].1 };
        byte - extra
    }
}

/// Compiles a regex written in the source. Such patterns are constants exercised by the unit
/// tests, so a failure is a programming error, not a user error.
#[expect(clippy::expect_used, reason = "constant patterns, compiled by the tests")]
pub(crate) fn re(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("a constant pattern compiles")
}

/// Compiles a set of constant regexes (see [`re`]).
#[expect(clippy::expect_used, reason = "constant patterns, compiled by the tests")]
pub(crate) fn re_set<I: IntoIterator<Item = S>, S: AsRef<str>>(patterns: I) -> regex::RegexSet {
    regex::RegexSet::new(patterns).expect("constant patterns compile")
}

/// True when `c` continues a word (letters, digits, apostrophes inside names are handled
/// by callers).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `text[start..end]` is bounded by non-word characters on both sides.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Normalises a name for comparison: apostrophe and dash variants unified, lowercase,
/// spaces collapsed, a leading "the " dropped.
pub fn name_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '’' | '‘' | '`' | 'ʼ' => '\'',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' => ' ',
            c => c,
        };
        for l in c.to_lowercase() {
            out.push(l);
        }
    }
    let collapsed = out.split_whitespace().collect::<Vec<_>>().join(" ");
    match collapsed.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => collapsed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_code_points() {
        let text = "a’b “c” d";
        let map = OffsetMap::new(text);
        let byte = text.find('d').unwrap();
        assert_eq!(map.char_offset(byte), text[..byte].chars().count());
        assert_eq!(map.char_offset(0), 0);
        assert_eq!(map.char_offset(1), 1);
        assert_eq!(map.char_offset(4), 2);
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Recep Tayyip Erdoğan"), "recep-tayyip-erdogan");
        assert_eq!(slug("  the West "), "the-west");
    }

    #[test]
    fn name_keys_unify_variants() {
        assert_eq!(name_key("The  Kremlin"), name_key("the Kremlin"));
        assert_eq!(name_key("King’s College"), "king's college");
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(stable_hash(&["a", "b"]), stable_hash(&["a", "b"]));
        assert_ne!(stable_hash(&["ab"]), stable_hash(&["a", "b"]));
    }
}

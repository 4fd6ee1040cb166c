//! Resolves the date of a statement from its sentence and the article's date: explicit dates
//! ("Jan. 25", "December 15, 2025"), weekdays ("on Monday", "Sunday's talks"), "yesterday",
//! "over the weekend". Nothing is read from the wall clock.
//!
//! Civil-date arithmetic is written out (Howard Hinnant's days-from-civil algorithm, a dozen
//! lines): the stage needs no time zones, and a date library would bring a time-zone database.

use std::sync::LazyLock;

use regex::Regex;

/// A civil date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ymd {
    /// Year.
    pub y: i32,
    /// Month, 1-12.
    pub m: u32,
    /// Day, 1-31.
    pub d: u32,
}

impl Ymd {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Self> {
        let mut it = s.splitn(3, '-');
        let y = it.next()?.parse().ok()?;
        let m = it.next()?.parse().ok()?;
        let d = it.next()?.parse().ok()?;
        ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some(Self { y, m, d })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (i64::from(self.m) + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` since 1970-01-01.
    pub fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
        Self { y, m, d }
    }

    /// Day of the week, Monday = 0.
    pub fn weekday(self) -> u32 {
        (self.days() + 3).rem_euclid(7) as u32
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.y, self.m, self.d)
    }
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

static EXPLICIT: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(
        r"\b(?P<m>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?P<d>\d{1,2})\b(?:,? (?P<y>(?:19|20)\d\d))?",
    )
});
static WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| crate::text::re(r"\b(?P<w>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"));
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::re(r"(?i)\b(?P<r>yesterday|today|this morning|tonight|over the weekend|last weekend)\b")
});

/// The date a sentence's statement was made, given the article's date.
pub fn statement_date(sentence: &str, doc_date: Option<&str>) -> Option<String> {
    let doc = doc_date.and_then(Ymd::parse);
    if let Some(c) = EXPLICIT.captures(sentence) {
        let m = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            .iter()
            .position(|k| c["m"].to_ascii_lowercase().starts_with(k))? as u32
            + 1;
        let d: u32 = c["d"].parse().ok()?;
        let y = match (c.name("y"), doc) {
            (Some(y), _) => y.as_str().parse().ok()?,
            (None, Some(doc)) => {
                // a year-less date after the article's date by more than a month is last year's
                let same = Ymd { y: doc.y, m, d };
                if same.days() - doc.days() > 31 { doc.y - 1 } else { doc.y }
            }
            (None, None) => return None,
        };
        if (1..=31).contains(&d) {
            return Some(Ymd { y, m, d }.iso());
        }
    }
    let doc = doc?;
    if let Some(c) = WEEKDAY.captures(sentence) {
        let w = WEEKDAYS.iter().position(|k| c["w"].eq_ignore_ascii_case(k))? as i64;
        let back = (i64::from(doc.weekday()) - w).rem_euclid(7);
        return Some(Ymd::from_days(doc.days() - back).iso());
    }
    if let Some(c) = RELATIVE.captures(sentence) {
        let r = c["r"].to_ascii_lowercase();
        let days = match r.as_str() {
            "yesterday" => doc.days() - 1,
            "over the weekend" | "last weekend" => {
                let back = (i64::from(doc.weekday()) - 5).rem_euclid(7);
                doc.days() - back
            }
            _ => doc.days(),
        };
        return Some(Ymd::from_days(days).iso());
    }
    Some(doc.iso())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_arithmetic_round_trips() {
        for s in ["1970-01-01", "2000-02-29", "2025-12-15", "2026-03-01"] {
            let d = Ymd::parse(s).unwrap();
            assert_eq!(Ymd::from_days(d.days()).iso(), s);
        }
        // 15 December 2025 was a Monday
        assert_eq!(Ymd::parse("2025-12-15").unwrap().weekday(), 0);
    }

    #[test]
    fn statements_are_dated_against_the_article() {
        let table: &[(&str, Option<&str>, Option<&str>)] = &[
            ("Trump said Monday that talks went well.", Some("2025-12-16"), Some("2025-12-15")),
            ("After Sunday's talks he left.", Some("2025-12-15"), Some("2025-12-14")),
            ("He told reporters on Jan. 25.", Some("2026-01-28"), Some("2026-01-25")),
            ("He spoke on Dec. 30.", Some("2026-01-05"), Some("2025-12-30")),
            ("It ended over the weekend.", Some("2025-12-16"), Some("2025-12-13")),
            ("Officials said so yesterday.", Some("2025-12-16"), Some("2025-12-15")),
            ("Officials said so.", Some("2025-12-16"), Some("2025-12-16")),
            ("Talks on December 1, 2025 failed.", None, Some("2025-12-01")),
            ("Officials said so.", None, None),
            ("It was agreed on Monday.", None, None),
        ];
        for (sentence, doc, want) in table {
            assert_eq!(statement_date(sentence, *doc).as_deref(), *want, "{sentence}");
        }
    }
}

//! Any text through the date readers: datelines, metadata dates, statement dates. Every date
//! returned is a valid `YYYY-MM-DD`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pactgraph::dates::{Ymd, statement_date};
use pactgraph::document::{find_dateline, parse_date};

fn valid(date: Option<String>) {
    if let Some(d) = date {
        let ymd = Ymd::parse(&d).unwrap_or_else(|| panic!("not a date: {d}"));
        assert_eq!(ymd.iso(), d);
    }
}

fuzz_target!(|text: &str| {
    valid(find_dateline(text));
    valid(parse_date(text));
    valid(statement_date(text, Some("2025-12-16")));
    valid(statement_date(text, None));
});

//! Any text through the segmenter: sentences and quotations are ordered spans on character
//! boundaries inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pactgraph::segment::segment;

fuzz_target!(|text: &str| {
    let s = segment(text);
    let mut last = 0;
    for sentence in &s.sentences {
        assert!(sentence.start <= sentence.end && sentence.end <= text.len());
        assert!(sentence.start >= last, "sentences overlap");
        assert!(text.is_char_boundary(sentence.start) && text.is_char_boundary(sentence.end));
        last = sentence.end;
    }
    for q in &s.quotes {
        assert!(q.start <= q.end && q.end <= text.len());
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
    }
});

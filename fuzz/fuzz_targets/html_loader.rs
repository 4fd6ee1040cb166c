//! Any bytes, read as an HTML page (decoding, depth check, Readability, metadata, dateline):
//! a document or a reason, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pactgraph::document::Document;

fuzz_target!(|data: &[u8]| {
    match Document::from_bytes("fuzz", data, true) {
        Ok(doc) => assert!(!doc.text.trim().is_empty()),
        Err(reason) => assert!(!reason.is_empty()),
    }
});

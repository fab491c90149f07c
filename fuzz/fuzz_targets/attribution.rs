//! The attribution grammar on any text: one bracket's content or line
//! (`parse`, `parse_line`), and every bracket group of a paragraph found
//! and stripped.
#![no_main]

use libfuzzer_sys::fuzz_target;
use plangraph::ingest::attribution::{find_attributions, parse, parse_line, strip_attributions};

fuzz_target!(|text: &str| {
    let _ = parse(text);
    let _ = parse_line(text);
    let found = find_attributions(text);
    let _ = strip_attributions(text, &found);
});

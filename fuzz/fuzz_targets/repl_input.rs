//! The REPL's input handling on any text: the statement splitter, the
//! line editor's "is this statement complete" check, and Tab completion at
//! every cursor position the first byte picks.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use plangraph::repl::completer::{Completion, Names};
use plangraph::repl::validator::{is_complete, split, split_to_end};

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        let id = |kind: &str, name: &str| format!("https://w3id.org/plangraph/id/{kind}/{name}");
        Names::from_iris([
            (id("unit", "省科技厅"), 40, vec!["省科技廳".to_owned()]),
            (id("unit", "省工业和信息化厅"), 25, vec![]),
            (id("region", "青岛"), 3, vec![]),
            (id("plan", "2022-科技研发创新"), 1, vec![]),
        ])
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&cursor, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = split(text);
    let _ = split_to_end(text);
    let _ = is_complete(text);
    let canned = ["co-lead-pairs", "units-by-led-tasks"];
    let completion = Completion {
        names: names(),
        canned: &canned,
    };
    let pos = if text.is_empty() {
        0
    } else {
        cursor as usize * text.len() / 255
    };
    let _ = completion.complete(text, pos);
});

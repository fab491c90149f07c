//! Responsibility attributions: `（牵头单位：X；配合单位：Y）` and every variant.
//!
//! Works on one re-joined paragraph in its original script.

use std::ops::Range;

/// One bracket group that names responsible units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Byte range of the whole bracket group (brackets included) in the text.
    pub span: Range<usize>,
    /// Lead unit surface forms in printed order (original script, `**` removed).
    pub leads: Vec<String>,
    /// Cooperating unit surface forms in printed order.
    pub cooperating: Vec<String>,
}

/// Finds every attribution in `text`, in order.
pub fn find_attributions(text: &str) -> Vec<Attribution> {
    let _ = text;
    Vec::new()
}

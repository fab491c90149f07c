//! XML text escaping for the GraphML, GEXF, SVG and HTML writers.
//!
//! Hand-written because it is five replacements and one filter: characters
//! that XML 1.0 forbids (most C0 controls) are dropped rather than escaped,
//! since no character reference can carry them either.

/// Escapes `text` for use in element content or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Tabs and line breaks are kept as references so that attribute
            // values survive attribute-value normalisation.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// The Char production of XML 1.0.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_forbidden_controls() {
        assert_eq!(
            escape("A&B<\"x\"> 'q'\u{1}\n省"),
            "A&amp;B&lt;&quot;x&quot;&gt; &apos;q&apos;&#10;省"
        );
    }
}

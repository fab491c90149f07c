//! Bytes → text: the only place that looks at raw bytes.
//!
//! UTF-8 (with or without a BOM) is taken as is; anything else is decoded as
//! GB18030 (a superset of GBK) with a diagnostic, because that is what Chinese
//! government text that is not UTF-8 almost always is. Empty files and binary
//! data are errors naming the file: there is nothing to salvage from them.
//! Line splitting and everything about content lives in `segment`.

use encoding_rs::GB18030;

use super::IngestError;

/// Text decoded from one source, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8` or `GB18030`.
    pub encoding: &'static str,
}

/// Decodes the bytes of the file `name`.
///
/// Errors: the file is empty (or only whitespace), holds NUL bytes or other
/// control characters that text never has, or is neither UTF-8 nor GB18030.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, IngestError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(IngestError::Binary {
            file: name.to_string(),
            offset,
        });
    }
    let decoded = match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
        },
        Err(_) => {
            let (text, had_errors) = GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(IngestError::Undecodable {
                    file: name.to_string(),
                });
            }
            Decoded {
                text: text.into_owned(),
                encoding: "GB18030",
            }
        }
    };
    if decoded.text.trim().is_empty() {
        return Err(IngestError::Empty {
            file: name.to_string(),
        });
    }
    // GB18030 maps almost every byte sequence to some character, so binary
    // data can slip through the decoder; text never carries C0 controls
    // other than tab, CR, LF and form feed.
    if let Some((offset, _)) = decoded
        .text
        .char_indices()
        .find(|&(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}' | '\u{85}'))
    {
        return Err(IngestError::Binary {
            file: name.to_string(),
            offset,
        });
    }
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode("a.txt", "\u{feff}一、工作目标\n".as_bytes()).unwrap();
        assert_eq!(d.text, "一、工作目标\n");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn gbk_is_decoded() {
        let (bytes, _, _) = GB18030.encode("一、工作目标\n1. 强化基础研究。");
        let d = decode("gbk.txt", &bytes).unwrap();
        assert_eq!(d.text, "一、工作目标\n1. 强化基础研究。");
        assert_eq!(d.encoding, "GB18030");
    }

    #[test]
    fn empty_and_binary_are_errors_naming_the_file() {
        let err = decode("empty.txt", b"  \n\n").unwrap_err();
        assert!(err.to_string().contains("empty.txt"), "{err}");
        let err = decode("blob.bin", &[0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]).unwrap_err();
        assert!(err.to_string().contains("blob.bin"), "{err}");
        let err = decode("ctl.bin", &[0x41, 0x01, 0x02, 0x03]).unwrap_err();
        assert!(matches!(err, IngestError::Binary { .. }), "{err}");
    }
}

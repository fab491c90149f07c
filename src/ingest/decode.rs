//! Bytes → text: the only place that looks at raw bytes.
//!
//! UTF-8 (with or without a BOM) is taken as is. UTF-16 is recognised by its
//! BOM, or without one by the NUL bytes its ASCII characters carry in every
//! other position. Anything else is GB18030 (a superset of GBK) or Big5,
//! the two legacy encodings of Chinese government text: both decode most
//! byte pairs, so the choice is made by which one puts the text's
//! ideographs in its block of frequent characters (GB2312 level 1 for
//! GB18030, Big5's 常用字 for Big5); a legacy encoding comes with a
//! diagnostic. Empty files and binary data are errors naming the file:
//! there is nothing to salvage from them. Line splitting and everything
//! about content lives in `segment`.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};

use super::IngestError;

/// Text decoded from one source, with the encoding that was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030` or `Big5`.
    pub encoding: &'static str,
}

/// Decodes the bytes of the file `name`.
///
/// Errors: the file is empty (or only whitespace), holds NUL bytes or other
/// control characters that text never has, or is neither UTF-8 nor GB18030.
pub fn decode(name: &str, bytes: &[u8]) -> Result<Decoded, IngestError> {
    if let Some(encoding) = utf16_encoding(bytes) {
        return check_text(name, decode_strictly(name, bytes, encoding)?);
    }
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
        Err(_) if looks_like_big5(bytes) => decode_strictly(name, bytes, BIG5)?,
        Err(_) => decode_strictly(name, bytes, GB18030)?,
    };
    check_text(name, decoded)
}

/// Decodes with `encoding` (its BOM removed), refusing malformed input.
fn decode_strictly(
    name: &str,
    bytes: &[u8],
    encoding: &'static Encoding,
) -> Result<Decoded, IngestError> {
    let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
    if had_errors {
        return Err(IngestError::Undecodable {
            file: name.to_string(),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: match encoding.name() {
            "Big5" => "Big5",
            "UTF-16LE" => "UTF-16LE",
            "UTF-16BE" => "UTF-16BE",
            _ => "GB18030",
        },
    })
}

/// UTF-16 by its BOM, or, without one, by NUL bytes: text in UTF-16 has
/// one in the high byte of every ASCII character (line breaks, digits), at
/// odd offsets in little-endian and even ones in big-endian, while binary
/// data scatters them. A third of the code units must be ASCII that way,
/// and the other position must hold almost none.
pub fn utf16_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some(UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some(UTF_16BE);
    }
    if bytes.len() < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let dominant = |high: usize, low: usize| high * 3 >= units && low * 20 <= high;
    if dominant(odd, even) {
        Some(UTF_16LE)
    } else if dominant(even, odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// True when `bytes` (not UTF-8) read better as Big5 than as GB18030: more
/// of its two-byte ideographs fall in Big5's frequent block (lead bytes
/// A4–C6) than in GB2312's level 1 (lead B0–D7, trail A1–FE), and Big5
/// decodes it without error. Punctuation (lead A1–A3 in both) counts for
/// neither. Real GBK text has nine in ten ideographs in level 1; Big5 text
/// has nearly all in its frequent block and about half of them with a
/// trail byte below A1, which GB2312 never uses.
fn looks_like_big5(bytes: &[u8]) -> bool {
    let (mut big5_frequent, mut gb_level1) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x81 || i + 1 >= bytes.len() {
            i += 1;
            continue;
        }
        let trail = bytes[i + 1];
        // A GB18030 four-byte sequence: a digit in second place.
        if trail.is_ascii_digit() {
            i += 4;
            continue;
        }
        if (0xA4..=0xC6).contains(&lead) && matches!(trail, 0x40..=0x7E | 0xA1..=0xFE) {
            big5_frequent += 1;
        }
        if (0xB0..=0xD7).contains(&lead) && (0xA1..=0xFE).contains(&trail) {
            gb_level1 += 1;
        }
        i += 2;
    }
    big5_frequent > gb_level1 && !BIG5.decode_without_bom_handling(bytes).1
}

/// The checks every decoded text passes: not empty, no control characters.
fn check_text(name: &str, decoded: Decoded) -> Result<Decoded, IngestError> {
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

    const PLAN: &str = "一、重点任务\n1.推进科技创新发展。（牵头单位：省科技厅、省发展改革委；配合单位：省财政厅）\n2.加强产业链建设。（牵头单位：省工业和信息化厅）\n";

    #[test]
    fn big5_is_decoded_not_read_as_gb18030() {
        let traditional = "一、重點任務\n1.推進科技創新發展。（牽頭單位：省科技廳、省發展改革委；配合單位：省財政廳）\n";
        let (bytes, _, unmappable) = BIG5.encode(traditional);
        assert!(!unmappable);
        let d = decode("big5.txt", &bytes).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, traditional);
    }

    #[test]
    fn gbk_plan_text_stays_gb18030() {
        let (bytes, _, _) = GB18030.encode(PLAN);
        let d = decode("gbk.txt", &bytes).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, PLAN);
    }

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        if bom {
            bytes.extend(if little_endian {
                [0xFF, 0xFE]
            } else {
                [0xFE, 0xFF]
            });
        }
        for unit in text.encode_utf16() {
            bytes.extend(if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let d = decode("le.txt", &utf16(PLAN, true, true)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", PLAN));
        let d = decode("be.txt", &utf16(PLAN, false, true)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16BE", PLAN));
    }

    #[test]
    fn utf16_without_a_bom_is_detected() {
        // Mostly ASCII, as a numbered list with English notes would be.
        let text = "1. Section one\n2. 推进科技创新 (lead: 省科技厅)\n3. Done\n";
        let d = decode("le.txt", &utf16(text, true, false)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16LE", text));
        let d = decode("be.txt", &utf16(text, false, false)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("UTF-16BE", text));
    }

    #[test]
    fn utf16_with_a_lone_surrogate_is_refused() {
        let mut bytes = utf16(PLAN, true, true);
        bytes.extend([0x00, 0xD8]);
        let err = decode("bad.txt", &bytes).unwrap_err();
        assert!(matches!(err, IngestError::Undecodable { .. }), "{err}");
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

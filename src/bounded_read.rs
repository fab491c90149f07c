//! Reading text with a cap: a query file, standard input or an `\i` file
//! that never ends (`/dev/zero`, a runaway pipe) stops at a size no real
//! query reaches, with a sentence, instead of filling the memory.

use std::io::{BufRead, Read};

use anyhow::{bail, Context};

/// The longest query text or REPL input statement read: real queries are a
/// few KB; a generated one with a large VALUES block stays far below.
pub const MAX_QUERY_BYTES: u64 = 16 << 20;

/// Reads all of `reader` as text, refusing more than `limit` bytes.
/// `what` names the source in messages ("query file q.rq").
///
/// UTF-8 is expected (a leading byte-order mark is dropped); UTF-16, which
/// Windows editors save as "Unicode", is recognised as documents are
/// (`ingest::decode`: its BOM, or the NUL bytes of its ASCII) and decoded.
pub fn read_text(reader: impl Read, limit: u64, what: &str) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what}"))?;
    if bytes.len() as u64 > limit {
        bail!("{what} is longer than {}", megabytes(limit));
    }
    if let Some(encoding) = crate::ingest::utf16_encoding(&bytes) {
        let (text, had_errors) = encoding.decode_with_bom_removal(&bytes);
        if had_errors {
            bail!(
                "{what} looks like {} but is not valid {}: save it as UTF-8",
                encoding.name(),
                encoding.name()
            );
        }
        return Ok(text.into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => bail!(
            "{what} is not UTF-8 text (byte {} is not valid UTF-8): save it as UTF-8",
            e.valid_up_to() + 1
        ),
    }
}

/// Refuses an input stream read line by line (the piped REPL's) that starts
/// with a UTF-16 byte-order mark, in one sentence: its lines cannot be
/// split as UTF-8, and reading it whole to decode it would end streaming.
pub fn refuse_utf16_stream(input: &mut dyn BufRead, what: &str) -> anyhow::Result<()> {
    let start = input
        .fill_buf()
        .with_context(|| format!("cannot read {what}"))?;
    let encoding = if start.starts_with(b"\xFF\xFE") {
        "UTF-16LE"
    } else if start.starts_with(b"\xFE\xFF") {
        "UTF-16BE"
    } else {
        return Ok(());
    };
    bail!(
        "{what} is {encoding}; convert it to UTF-8 (iconv -f UTF-16 -t UTF-8), or run it with \\i FILE or query -f FILE, which read UTF-16"
    )
}

/// Appends one line of `input` to `line` (as `read_line`), refusing a line
/// longer than `limit` bytes. Returns the bytes read (0 at the end).
pub fn read_line(
    input: &mut dyn BufRead,
    line: &mut String,
    limit: u64,
    what: &str,
) -> anyhow::Result<usize> {
    let read = input
        .take(limit + 1)
        .read_line(line)
        .with_context(|| format!("cannot read {what} (is it UTF-8 text?)"))?;
    if read as u64 > limit {
        bail!("a line of {what} is longer than {}", megabytes(limit));
    }
    Ok(read)
}

/// "16 MB: no query is that long, so no more was read"
pub fn megabytes(limit: u64) -> String {
    format!(
        "{} MB: no query is that long, so no more was read",
        limit >> 20
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_the_limit_is_refused_in_one_sentence() {
        let err = read_text(std::io::repeat(b'a'), 1 << 20, "query file /dev/zero").unwrap_err();
        assert_eq!(
            err.to_string(),
            "query file /dev/zero is longer than 1 MB: no query is that long, so no more was read"
        );
        assert_eq!(read_text(&b"ASK {}"[..], 6, "q").unwrap(), "ASK {}");
    }

    #[test]
    fn a_line_over_the_limit_is_refused() {
        let mut input = std::io::BufReader::new(std::io::repeat(0));
        let mut line = String::new();
        assert!(read_line(&mut input, &mut line, 1 << 20, "standard input").is_err());
        let mut input = &b"ab\ncd"[..];
        line.clear();
        assert_eq!(read_line(&mut input, &mut line, 3, "x").unwrap(), 3);
        assert_eq!(line, "ab\n");
    }
}

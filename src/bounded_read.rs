//! Reading text with a cap: a query file, standard input or an `\i` file
//! that never ends (`/dev/zero`, a runaway pipe) stops at a size no real
//! query reaches, with a sentence, instead of filling the memory.

use std::io::{BufRead, Read};

use anyhow::{bail, Context};

/// The longest query text or REPL input statement read: real queries are a
/// few KB; a generated one with a large VALUES block stays far below.
pub const MAX_QUERY_BYTES: u64 = 16 << 20;

/// Reads all of `reader` as UTF-8, refusing more than `limit` bytes.
/// `what` names the source in messages ("query file q.rq").
pub fn read_text(reader: impl Read, limit: u64, what: &str) -> anyhow::Result<String> {
    let mut text = String::new();
    reader
        .take(limit + 1)
        .read_to_string(&mut text)
        .with_context(|| format!("cannot read {what} (is it UTF-8 text?)"))?;
    if text.len() as u64 > limit {
        bail!("{what} is longer than {}", megabytes(limit));
    }
    Ok(text)
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
        .with_context(|| format!("cannot read {what} (is it UTF-8?)"))?;
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

//! The pager for long results in the interactive shell, as psql's
//! `\pset pager`: a result taller than the terminal goes through
//! `$PLANGRAPH_PAGER`, else `$PAGER`, else `less -FRX`; a shorter one, piped
//! output, `\o` files and `\pager off` are written directly.
//!
//! `less -F` quits at once when the text fits after all, `-R` keeps colours,
//! `-X` leaves the text on the screen after quitting.

use std::io::{IsTerminal, Write};
use std::process::{Command, Stdio};

/// The pager when the environment names none.
pub const DEFAULT_PAGER: &str = "less -FRX";

/// The pager command line: `$PLANGRAPH_PAGER`, `$PAGER`, or `less -FRX`.
pub fn command_line() -> String {
    ["PLANGRAPH_PAGER", "PAGER"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_PAGER.to_owned())
}

/// The terminal's height in lines, when standard output is a terminal.
pub fn terminal_height() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    height_of_stdout()
}

#[cfg(unix)]
fn height_of_stdout() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills the winsize struct it is given and reads
    // nothing else; a failure leaves it zeroed, which is treated as unknown.
    let mut size: libc::winsize = unsafe { std::mem::zeroed() };
    let result = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (result == 0 && size.ws_row > 0).then_some(usize::from(size.ws_row))
}

#[cfg(not(unix))]
fn height_of_stdout() -> Option<usize> {
    None
}

/// True when `text` needs more lines than a terminal `height` lines high
/// shows below the prompt.
pub fn is_taller(text: &[u8], height: usize) -> bool {
    text.iter().filter(|b| **b == b'\n').count() >= height.saturating_sub(1)
}

/// Shows `text`: through the pager when it is taller than the terminal,
/// otherwise (or when the pager cannot start, which `err` is told) on `out`.
pub fn show(text: &[u8], out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<()> {
    let Some(height) = terminal_height() else {
        return out.write_all(text);
    };
    if !is_taller(text, height) {
        return out.write_all(text);
    }
    out.flush()?;
    let pager = command_line();
    let child = Command::new("sh")
        .arg("-c")
        .arg(&pager)
        .stdin(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            writeln!(
                err,
                "the pager '{pager}' did not start ({e}); \\pager off stops trying"
            )?;
            return out.write_all(text);
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // Quitting the pager before the end closes the pipe: not an error.
        let _ = stdin.write_all(text);
    }
    let status = child.wait()?;
    if !status.success() && status.code() == Some(127) {
        writeln!(
            err,
            "the pager '{pager}' was not found; set PAGER, or \\pager off"
        )?;
        out.write_all(text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_is_paged_when_it_fills_the_screen() {
        let lines = |n: usize| "row\n".repeat(n).into_bytes();
        assert!(!is_taller(&lines(22), 24));
        assert!(is_taller(&lines(23), 24));
        assert!(is_taller(&lines(500), 24));
    }
}

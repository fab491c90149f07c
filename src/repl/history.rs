//! Where the REPL keeps its history: `plangraph/history` in the user's data
//! directory (`$XDG_DATA_HOME` or `~/.local/share` on Linux,
//! `~/Library/Application Support` on macOS, `%APPDATA%` on Windows).
//!
//! Reading and writing the file is the line editor's job; a missing data
//! directory only means no history.

use std::path::PathBuf;

/// The history file, or `None` when the platform has no data directory.
pub fn path() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join("plangraph").join("history"))
}

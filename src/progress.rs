//! A spinner on stderr for work that takes more than a moment.
//!
//! It stays silent when stderr is not a terminal (scripts, CI, pipes) and
//! appears only after a short delay, so fast commands print nothing extra.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
}

thread_local! {
    static SILENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// No spinner from this thread: the REPL loads its graph on a thread while
/// the line editor owns the terminal.
pub fn silence_this_thread() {
    SILENT.with(|s| s.set(true));
}

impl Progress {
    pub fn spinner(message: &str) -> Self {
        if SILENT.with(|s| s.get()) || !std::io::stderr().is_terminal() {
            return Self { bar: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(message.to_owned());
        // Ticking starts the drawing; a quick command finishes first.
        bar.enable_steady_tick(Duration::from_millis(120));
        Self { bar: Some(bar) }
    }

    pub fn set_message(&self, message: &str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message.to_owned());
        }
    }

    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

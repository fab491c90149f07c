//! Ctrl-C while a query runs: one process-wide SIGINT handler that cancels
//! the running query's token.
//!
//! At the prompt the line editor reads Ctrl-C as a key (the terminal is in
//! raw mode), so this handler only sees it while a statement runs. When no
//! query runs, piped sessions exit with status 130 as shells expect; the
//! interactive shell ignores it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use oxigraph::sparql::CancellationToken;

static RUNNING: Mutex<Option<CancellationToken>> = Mutex::new(None);
static EXIT_WHEN_IDLE: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Installs the handler (once per process; later calls only change
/// `exit_when_idle`). Must run after the line editor is created, which
/// installs its own SIGINT handler.
pub fn install(exit_when_idle: bool) {
    EXIT_WHEN_IDLE.store(exit_when_idle, Ordering::Relaxed);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    // Failing to install only costs Ctrl-C cancellation; the REPL still works.
    let _ = ctrlc::set_handler(|| {
        let running = RUNNING.lock().map(|r| r.clone()).unwrap_or(None);
        match running {
            Some(token) => token.cancel(),
            None if EXIT_WHEN_IDLE.load(Ordering::Relaxed) => std::process::exit(130),
            None => {}
        }
    });
}

/// Marks a query as running until dropped: Ctrl-C cancels `token`.
pub struct Running(());

impl Running {
    pub fn start(token: CancellationToken) -> Self {
        if let Ok(mut running) = RUNNING.lock() {
            *running = Some(token);
        }
        Running(())
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(mut running) = RUNNING.lock() {
            *running = None;
        }
    }
}

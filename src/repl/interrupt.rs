//! Ctrl-C while a query runs: one process-wide SIGINT handler that cancels
//! the running query's token.
//!
//! At the prompt the line editor reads Ctrl-C as a key (the terminal is in
//! raw mode), so this handler only sees it while a statement runs. The
//! evaluator looks at the token at every step of every operator (the
//! patched spareval), so a query stops within milliseconds. Should one
//! still run a second later (work outside the evaluator, such as printing
//! a huge table), the handler says so, and a second Ctrl-C quits (the
//! terminal is in its normal mode while a query runs, and the history is
//! saved after every statement, so nothing is lost). When no query runs,
//! piped sessions exit with status 130 as shells expect; the interactive
//! shell ignores it.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use oxigraph::sparql::CancellationToken;

/// The running query's token and its sequence number.
static RUNNING: Mutex<Option<(u64, CancellationToken)>> = Mutex::new(None);
static NEXT_ID: AtomicU64 = AtomicU64::new(0);
static EXIT_WHEN_IDLE: AtomicBool = AtomicBool::new(false);
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// How long a cancelled query may take to stop before the user is told
/// that a second Ctrl-C quits.
const GRACE: Duration = Duration::from_secs(1);

/// Installs the handler (once per process; later calls only change
/// `exit_when_idle`). Must run after the line editor is created, which
/// installs its own SIGINT handler.
pub fn install(exit_when_idle: bool) {
    EXIT_WHEN_IDLE.store(exit_when_idle, Ordering::Relaxed);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    // Failing to install only costs Ctrl-C cancellation; the REPL still works.
    let _ = ctrlc::set_handler(on_interrupt);
}

/// Runs on the handler's own thread, so waiting here blocks nothing else
/// (a second Ctrl-C waits until this one is handled).
fn on_interrupt() {
    match running() {
        Some((_, token)) if token.is_cancelled() => {
            eprintln!("\nplangraph: the query did not stop; quitting");
            crate::signal_cleanup::remove_temporaries();
            std::process::exit(130);
        }
        Some((id, token)) => {
            token.cancel();
            let started = std::time::Instant::now();
            while started.elapsed() < GRACE {
                std::thread::sleep(Duration::from_millis(20));
                if running().is_none_or(|(current, _)| current != id) {
                    return;
                }
            }
            eprintln!("\nthe query is still stopping; press Ctrl-C again to quit plangraph");
        }
        None if EXIT_WHEN_IDLE.load(Ordering::Relaxed) => {
            crate::signal_cleanup::remove_temporaries();
            std::process::exit(130)
        }
        None => {}
    }
}

fn running() -> Option<(u64, CancellationToken)> {
    RUNNING.lock().map(|r| r.clone()).unwrap_or(None)
}

/// Marks a query as running until dropped: Ctrl-C cancels `token`.
pub struct Running(());

impl Running {
    /// Registers `token` as the running query's.
    pub fn start(token: CancellationToken) -> Self {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut running) = RUNNING.lock() {
            *running = Some((id, token));
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

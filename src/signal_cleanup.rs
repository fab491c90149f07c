//! What a fatal signal must undo before the process dies: temporary files
//! of atomic writes are removed, and a terminal the line editor put in raw
//! mode gets its settings back.
//!
//! SIGTERM and SIGHUP always, and SIGINT when nothing else handles it (the
//! REPL's own Ctrl-C handler cancels queries and calls
//! [`remove_temporaries`] before it exits), run a handler that does only
//! async-signal-safe things (`unlink`, `tcsetattr`), restores the default
//! action and raises the signal again, so the exit status is the usual
//! "killed by signal" one. SIGKILL cannot be caught: its leftovers carry a
//! recognisable name that the next write of the same file removes
//! (`output_file.rs`).
//!
//! Paths are kept in a fixed table of leaked C strings: a handler may run
//! at any instant on any thread, so it can neither lock nor read memory
//! that another thread might be freeing.

use std::ffi::{CString, OsStr};
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// How many temporary files can be pending at once; more are still written
/// and renamed, only not removed by a signal.
const SLOTS: usize = 16;

static PENDING: [AtomicPtr<libc::c_char>; SLOTS] =
    [const { AtomicPtr::new(std::ptr::null_mut()) }; SLOTS];
static INSTALLED: AtomicBool = AtomicBool::new(false);
static TERMINAL_SAVED: AtomicBool = AtomicBool::new(false);
static mut SAVED_TERMINAL: std::mem::MaybeUninit<libc::termios> = std::mem::MaybeUninit::uninit();

/// A temporary file that a fatal signal removes, until this is dropped.
pub struct PendingTemporary {
    slot: Option<usize>,
}

impl PendingTemporary {
    /// Registers `path` (and installs the handlers on first use).
    pub fn register(path: &std::path::Path) -> Self {
        install();
        use std::os::unix::ffi::OsStrExt;
        let Ok(c_path) = CString::new(OsStr::as_bytes(path.as_os_str())) else {
            return PendingTemporary { slot: None };
        };
        // Leaked on purpose: a handler may be reading it while this thread
        // moves on (a few dozen bytes per file written).
        let raw = c_path.into_raw();
        for (index, slot) in PENDING.iter().enumerate() {
            if slot
                .compare_exchange(
                    std::ptr::null_mut(),
                    raw,
                    Ordering::SeqCst,
                    Ordering::SeqCst,
                )
                .is_ok()
            {
                return PendingTemporary { slot: Some(index) };
            }
        }
        PendingTemporary { slot: None }
    }
}

impl Drop for PendingTemporary {
    fn drop(&mut self) {
        if let Some(index) = self.slot {
            PENDING[index].store(std::ptr::null_mut(), Ordering::SeqCst);
        }
    }
}

/// Removes every pending temporary file; for handlers that end the process
/// themselves (the REPL's Ctrl-C).
pub fn remove_temporaries() {
    for slot in &PENDING {
        let path = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
        if !path.is_null() {
            // SAFETY: a NUL-terminated string leaked by `register`, never freed.
            unsafe { libc::unlink(path) };
        }
    }
}

/// Remembers the terminal's settings (when standard input is one) so that a
/// fatal signal restores them, and installs the handlers.
pub fn restore_terminal_on_signal() {
    install();
    let mut settings = std::mem::MaybeUninit::<libc::termios>::uninit();
    // SAFETY: tcgetattr writes a termios on success; nothing reads the
    // saved copy until TERMINAL_SAVED says it is complete.
    unsafe {
        if libc::isatty(0) == 1 && libc::tcgetattr(0, settings.as_mut_ptr()) == 0 {
            if TERMINAL_SAVED.load(Ordering::SeqCst) {
                return;
            }
            std::ptr::addr_of_mut!(SAVED_TERMINAL).write(settings);
            TERMINAL_SAVED.store(true, Ordering::SeqCst);
        }
    }
}

fn install() {
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        // SAFETY: plain sigaction calls; the handler is async-signal-safe.
        unsafe {
            let mut current: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut current) != 0 {
                continue;
            }
            // Someone else's handler (the REPL's Ctrl-C) or an ignored
            // signal (`nohup`) is left alone.
            if current.sa_sigaction != libc::SIG_DFL {
                continue;
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_fatal_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = libc::SA_RESETHAND;
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

extern "C" fn on_fatal_signal(signal: libc::c_int) {
    remove_temporaries();
    if TERMINAL_SAVED.load(Ordering::SeqCst) {
        // SAFETY: the saved settings were written before the flag was set.
        unsafe {
            libc::tcsetattr(0, libc::TCSANOW, std::ptr::addr_of!(SAVED_TERMINAL).cast());
        }
    }
    // SA_RESETHAND restored the default action: dying by the signal gives
    // the caller the exit status it expects (143 for SIGTERM).
    // SAFETY: raise is async-signal-safe.
    unsafe {
        libc::raise(signal);
    }
}

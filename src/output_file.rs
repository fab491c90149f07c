//! Writing an output file without ever destroying what was there.
//!
//! A regular file (new or existing) is written through a temporary file in
//! its directory, then renamed into place: a crash or a full disk never
//! leaves half a file, and an existing file keeps its permission bits and,
//! where the user may set them, its owner and group. A symbolic link is
//! followed and the file it points at is replaced (as `sed -i
//! --follow-symlinks` and `cp` do), so the link stays a link. Anything else
//! that already exists (a device such as /dev/null, a FIFO, a socket) is
//! written through as a shell redirection would, never replaced; a directory
//! is refused.
//!
//! Temporary files are named `.NAME.plangraph-PID-XXXXXX.tmp`. A fatal
//! signal removes them (`signal_cleanup.rs`); after `kill -9` the next write
//! of the same file removes those whose process is gone.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::signal_cleanup::PendingTemporary;

/// The marker between the file's name and the temporary file's random part.
const TEMPORARY_MARKER: &str = ".plangraph-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// Writes `path` with `write`, as the module documentation says. Errors are
/// the I/O error of the step that failed, with a sentence for the cases a
/// kind alone would not explain (a directory, a dangling link).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = follow_symlink(path)?;
    match std::fs::metadata(&target) {
        Ok(metadata) if metadata.is_dir() => Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "it is a directory",
        )),
        Ok(metadata) if !metadata.file_type().is_file() => write_through(&target, write),
        Ok(metadata) => replace(&target, Some(&metadata), write),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => replace(&target, None, write),
        Err(e) => Err(e),
    }
}

/// True when `a` and `b` both exist and are the same file (the same device
/// and inode, so links, `..` and hard links are seen through).
pub fn is_same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// The file a symbolic link points at (through any chain of links), or
/// `path` itself.
fn follow_symlink(path: &Path) -> std::io::Result<PathBuf> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            std::fs::canonicalize(path).map_err(|e| {
                std::io::Error::new(
                    e.kind(),
                    format!("it is a symbolic link whose target cannot be resolved ({e})"),
                )
            })
        }
        _ => Ok(path.to_owned()),
    }
}

/// A device, FIFO or socket: opened for writing as `>` would open it.
fn write_through(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = OpenOptions::new().write(true).open(target)?;
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    out.flush()
}

/// A regular file, new or existing: temporary file, then rename.
fn replace(
    target: &Path,
    existing: Option<&std::fs::Metadata>,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temporaries(dir, &name);
    let temp = Temporary::create(dir, &name)?;
    {
        let mut out = BufWriter::new(&temp.file);
        write(&mut out)?;
        out.flush()?;
    }
    if let Some(existing) = existing {
        keep_owner_and_mode(&temp.file, existing)?;
    }
    temp.persist(target)
}

/// A temporary file beside the target, removed when dropped unless it was
/// renamed into place.
struct Temporary {
    path: PathBuf,
    file: File,
    renamed: bool,
    _pending: PendingTemporary,
}

impl Temporary {
    /// Creates `.NAME.plangraph-PID-XXXXXX.tmp` in `dir`. The name is
    /// registered for signal cleanup before the file exists, so there is no
    /// instant at which a signal could leave it behind; the PID in the name
    /// means no other process creates it (an exclusive create retries on
    /// a leftover of an earlier process with the same PID).
    fn create(dir: &Path, name: &str) -> std::io::Result<Self> {
        use std::os::unix::fs::OpenOptionsExt;
        let pid = std::process::id();
        let mut last_error = None;
        for _ in 0..16 {
            let path = dir.join(format!(
                ".{name}{TEMPORARY_MARKER}{pid}-{}{TEMPORARY_SUFFIX}",
                random_tag()
            ));
            let pending = PendingTemporary::register(&path);
            // A new file is an ordinary file that others may read: 0666 and
            // the umask decide, as for any other program writing a file. An
            // existing file keeps its own mode (set after writing).
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o666)
                .open(&path)
            {
                Ok(file) => {
                    return Ok(Temporary {
                        path,
                        file,
                        renamed: false,
                        _pending: pending,
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last_error = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last_error.unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::AlreadyExists)))
    }

    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        std::fs::rename(&self.path, target)?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Six characters that differ from call to call (a counter mixed with the
/// clock); uniqueness comes from the PID and the exclusive create, this only
/// keeps retries short.
fn random_tag() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() as u64)
        .unwrap_or(0);
    let mut value = nanos
        ^ COUNTER
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut tag = String::with_capacity(6);
    for _ in 0..6 {
        tag.push(ALPHABET[(value % ALPHABET.len() as u64) as usize] as char);
        value /= ALPHABET.len() as u64;
    }
    tag
}

/// Gives the new file the old one's owner and group where permitted (only
/// root may give a file away; its owner may still set one of its groups),
/// then its permission bits, which a change of owner may have cleared.
fn keep_owner_and_mode(file: &File, existing: &std::fs::Metadata) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fchown on a descriptor this function borrows.
    unsafe {
        if libc::fchown(fd, existing.uid(), existing.gid()) != 0 {
            libc::fchown(fd, u32::MAX, existing.gid());
        }
    }
    file.set_permissions(std::fs::Permissions::from_mode(existing.mode() & 0o7777))
}

/// Removes `.NAME.plangraph-PID-*.tmp` files in `dir` whose process no
/// longer exists (left by `kill -9` or a power cut). Another running
/// plangraph's temporary file is left alone.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}{TEMPORARY_MARKER}");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = file_name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(TEMPORARY_SUFFIX))
        else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
            continue;
        };
        if !process_exists(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_exists(pid: i32) -> bool {
    if pid <= 0 {
        return true;
    }
    // SAFETY: signal 0 only checks that the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// One file the command reads, and what it is to the user.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub role: &'static str,
}

/// Refuses `output` when it is one of `inputs`, in one sentence.
pub fn refuse_input_as_output(output: &Path, inputs: &[Input]) -> anyhow::Result<()> {
    for input in inputs {
        if is_same_file(output, &input.path) {
            anyhow::bail!(
                "refusing to write {}: it is the {} {} that this command reads (choose another output file)",
                output.display(),
                input.role,
                input.path.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;

    fn write_text(path: &Path, text: &str) -> std::io::Result<()> {
        write_atomically(path, |w| w.write_all(text.as_bytes()))
    }

    #[test]
    fn an_existing_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.nq");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_text(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let mode = std::fs::metadata(&path).unwrap().mode() & 0o7777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn an_existing_file_keeps_its_owner_where_permitted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("theirs.nq");
        std::fs::write(&path, "old").unwrap();
        // Only root may give a file away; anyone else keeps the file's own
        // owner and group, which the temporary file already has.
        // SAFETY: geteuid has no preconditions.
        let (uid, gid) = if unsafe { libc::geteuid() } == 0 {
            (4321, 4321)
        } else {
            let m = std::fs::metadata(&path).unwrap();
            (m.uid(), m.gid())
        };
        std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_text(&path, "new").unwrap();
        let metadata = std::fs::metadata(&path).unwrap();
        assert_eq!((metadata.uid(), metadata.gid()), (uid, gid));
        assert_eq!(metadata.mode() & 0o7777, 0o640);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_symlink_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        write_text(&link, "new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    }

    #[test]
    fn dev_null_is_written_through_not_replaced() {
        write_text(Path::new("/dev/null"), "nothing").unwrap();
        let metadata = std::fs::metadata("/dev/null").unwrap();
        assert!(metadata.file_type().is_char_device());
    }

    #[test]
    fn a_fifo_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
        };
        write_text(&fifo, "through").unwrap();
        assert_eq!(reader.join().unwrap(), "through");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_text(dir.path(), "x").unwrap_err();
        assert_eq!(err.to_string(), "it is a directory");
    }

    #[test]
    fn stale_temporaries_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.nq");
        // No process has a pid this large (pid_max is at most 2^22).
        let stale = dir.path().join(".g.nq.plangraph-999999999-abcdef.tmp");
        let live = dir
            .path()
            .join(format!(".g.nq.plangraph-{}-abcdef.tmp", std::process::id()));
        let other = dir.path().join(".h.nq.plangraph-999999999-abcdef.tmp");
        for p in [&stale, &live, &other] {
            std::fs::write(p, "").unwrap();
        }
        write_text(&path, "x").unwrap();
        assert!(!stale.exists());
        assert!(live.exists());
        assert!(other.exists());
    }
}

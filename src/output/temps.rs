//! Temporary files and directories, registered while they exist, and the handler of SIGINT, SIGTERM
//! and SIGHUP that removes them all before the process exits 128 + the signal (130, 143, 129).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};

/// The temporary files and directories that exist now (removed by [`catch_signals`]'s handler).
static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn temps() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A registered path; dropped, it is unregistered (after what holds it has removed the file).
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        let mut t = temps();
        if let Some(i) = t.iter().rposition(|p| *p == self.0) {
            t.swap_remove(i);
        }
    }
}

/// Creates a temporary path and registers it under one lock, so a signal never finds one created but
/// not yet registered.
fn register<T>(
    create: impl FnOnce() -> io::Result<T>,
    path: impl Fn(&T) -> &Path,
) -> io::Result<(T, Registered)> {
    catch_signals();
    let mut t = temps();
    let made = create()?;
    let p = path(&made).to_path_buf();
    t.push(p.clone());
    Ok((made, Registered(p)))
}

/// A temporary file (`.apigw-cost-*.tmp`), removed when dropped or on a signal.
pub struct TempFile {
    // Fields drop in order: the file is removed, then unregistered.
    file: tempfile::NamedTempFile,
    registered: Registered,
}

impl TempFile {
    pub fn file(&self) -> &File {
        self.file.as_file()
    }

    pub fn file_mut(&mut self) -> &mut File {
        self.file.as_file_mut()
    }

    /// Renames the file onto `path` (then it is no longer a temporary); on failure it is removed.
    pub fn persist(self, path: &Path) -> io::Result<()> {
        let TempFile { file, registered } = self;
        file.persist(path).map_err(|e| e.error)?;
        drop(registered);
        Ok(())
    }
}

/// A registered temporary file in `dir`, to be renamed onto an output when complete.
pub fn temp_file_in(dir: &Path) -> io::Result<TempFile> {
    let (file, registered) = register(
        || {
            tempfile::Builder::new()
                .prefix(".apigw-cost-")
                .suffix(".tmp")
                .tempfile_in(dir)
        },
        |f| f.path(),
    )?;
    Ok(TempFile { file, registered })
}

/// A temporary directory (`prefix` + random), removed with its content when dropped or on a signal,
/// unless [`TempDir::rename_to`] moved it into place.
pub struct TempDir {
    dir: tempfile::TempDir,
    registered: Registered,
}

/// A registered temporary directory in `parent`.
pub fn temp_dir_in(parent: &Path, prefix: &str) -> io::Result<TempDir> {
    let (dir, registered) = register(
        || tempfile::Builder::new().prefix(prefix).tempdir_in(parent),
        |d| d.path(),
    )?;
    Ok(TempDir { dir, registered })
}

impl TempDir {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Renames the directory to `dest` (which must not exist, or be an empty directory: the rename
    /// replaces it atomically and fails on a non-empty one). On failure it is removed.
    pub fn rename_to(self, dest: &Path) -> io::Result<()> {
        fs::rename(self.dir.path(), dest)?;
        let TempDir { dir, registered } = self;
        let _ = dir.keep();
        drop(registered);
        Ok(())
    }
}

/// Attempts to remove a directory whose content may still be growing (the main thread writing into it
/// while the signal handler removes it).
const REMOVE_DIR_TRIES: usize = 20;

/// Removes every registered temporary path; the lock stays held (returned) so none is created after.
fn remove_temps() -> MutexGuard<'static, Vec<PathBuf>> {
    let t = temps();
    for p in t.iter() {
        match fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => {
                for _ in 0..REMOVE_DIR_TRIES {
                    if fs::remove_dir_all(p).is_ok() || !p.exists() {
                        break;
                    }
                }
            }
            Ok(_) => {
                let _ = fs::remove_file(p);
            }
            Err(_) => {}
        }
    }
    t
}

/// Installs (once) the handler of SIGINT, SIGTERM and SIGHUP: a thread that, on the first of them,
/// removes every registered temporary path and exits 128 + the signal (130, 143, 129). Until it is
/// installed those signals end the process as usual. Called before any temporary path is created.
pub fn catch_signals() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(install_handler);
}

#[cfg(unix)]
fn install_handler() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    // The thread registers the handler itself and says so: if it cannot be spawned, no handler is left
    // catching signals that nobody acts on.
    let (ready, wait) = std::sync::mpsc::sync_channel(1);
    let spawned = std::thread::Builder::new()
        .name("apigw-cost-signals".into())
        .spawn(move || {
            let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            else {
                let _ = ready.send(());
                return;
            };
            let _ = ready.send(());
            if let Some(sig) = signals.forever().next() {
                let _held = remove_temps();
                std::process::exit(128 + sig);
            }
        });
    if spawned.is_ok() {
        let _ = wait.recv();
    }
}

#[cfg(not(unix))]
fn install_handler() {}

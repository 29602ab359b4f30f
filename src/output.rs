//! Writing results and messages.
//!
//! - **Results** go to stdout (a closed pipe ends quietly) or to a path checked first by
//!   [`destination`], which never destroys what is there: a regular file or a new path is written
//!   atomically (a temporary file beside it, then a rename: a reader never sees a half-written file,
//!   and a failure leaves none); a symbolic link is resolved and its target written that way; a device
//!   or a FIFO is opened and written in place, never replaced; a directory is an error naming the path.
//! - **Temporary files and directories** are registered while they exist ([`temp_file_in`],
//!   [`temp_dir_in`]): SIGINT, SIGTERM or SIGHUP removes every one of them and exits 128 + the signal
//!   (130, 143, 129) ([`catch_signals`]).
//! - **Messages** on stderr go through [`eprint_line`]: a full or closed stderr never panics, and no
//!   raw control character from an input reaches the terminal, nor a value of unbounded length
//!   ([`terminal_safe`], [`shorten`]).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod temps;
mod terminal;

pub use temps::{catch_signals, temp_dir_in, temp_file_in, TempDir, TempFile};
pub use terminal::{
    colour_forced, columns, eprint_line, escape_controls, human_text, no_color, shorten,
    shorten_path, terminal_safe, MAX_LINE_CHARS, MAX_MESSAGE_CHARS, MAX_PATH_CHARS,
    MAX_QUOTED_CHARS, MAX_WORD_CHARS,
};

/// How report and chart outputs are named in messages.
pub const OUTPUT_FLAG: &str = "-o/--output";

/// How stdout is named in messages.
pub const STDOUT_NAME: &str = "standard output";

/// Symbolic links followed at most before a path is refused as a loop (Linux's own limit, MAXSYMLINKS).
pub const MAX_SYMLINK_HOPS: usize = 40;

/// Writes `text` to `path` (see [`destination`]), or to stdout when `path` is `None` or `-`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, text.as_bytes()),
        _ => to_stdout(text.as_bytes()),
    }
}

/// Writes bytes to stdout; a closed pipe (`| head`) is not an error, a full disk is (naming stdout).
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Write {
            path: PathBuf::from(STDOUT_NAME),
            source,
        }),
    }
}

/// Writes `bytes` to the `-o` path as [`destination`] says: atomically over a regular file or a new
/// path (a symlink resolved first), in place into a device or FIFO.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes).map_err(Error::Io))
}

/// As [`write_atomic`], the content written by `fill`.
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    write_with(&destination(path, OUTPUT_FLAG)?, fill)
}

/// Writes `bytes` to a destination checked earlier by [`destination`].
pub fn write_to(dest: &Destination, bytes: &[u8]) -> Result<()> {
    write_with(dest, |f| f.write_all(bytes).map_err(Error::Io))
}

/// Writes to a checked destination, the content written by `fill`, and commits it.
pub fn write_with(dest: &Destination, fill: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let mut pending = dest.open()?;
    if let Err(e) = fill(pending.file()) {
        return Err(match e {
            Error::Io(source) => pending.write_error(source),
            other => other,
        });
    }
    pending.commit()
}

/// Where an output path leads, decided before anything is written (see [`destination`]).
#[derive(Debug)]
pub struct Destination {
    /// The path as typed (messages name it).
    typed: PathBuf,
    how: How,
    id: FileId,
}

#[derive(Debug)]
enum How {
    /// A temporary file beside `path` (the resolved target), renamed onto it; `mode`: the permission
    /// bits of the file it replaces, kept (a new file gets 0644).
    Atomic { path: PathBuf, mode: Option<u32> },
    /// Opened for writing and written in place: a device or a FIFO (`kind`), or a file reached through
    /// `/proc` (`/dev/stdout` redirected to a file), appended to.
    InPlace { kind: Special },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Special {
    CharDevice,
    Other,
    /// A regular file behind a link in /proc: opened for appending, never truncated nor replaced.
    ProcFile,
}

/// What a path is, to tell two paths naming the same file apart from two files.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileId {
    /// An existing file: its device and inode.
    Inode(u64, u64),
    /// A file to create: its directory, canonical, and its name.
    New(PathBuf),
    /// Not known on this platform: never the same as another.
    Unknown,
}

impl FileId {
    fn same(&self, other: &FileId) -> bool {
        *self != FileId::Unknown && self == other
    }
}

/// Checks an output path given to `flag` and says how it will be written, without writing anything:
/// - a new path (its directory must exist) or a regular file: atomically, a temporary file beside it
///   renamed onto it (the permissions of a file replaced are kept);
/// - a symbolic link: resolved first (a dangling one to the path it names), its target written as
///   above; a link through `/proc` (`/dev/stdout`) names an open file: written in place;
/// - a character or block device, a FIFO: opened for writing and written in place, never replaced
///   (a FIFO waits for its reader, as a shell redirection does);
/// - a directory, an empty path or one ending in `/`: a usage error naming the flag and the path.
pub fn destination(typed: &Path, flag: &str) -> Result<Destination> {
    let shown = typed.display().to_string();
    if shown.is_empty() {
        return Err(Error::usage(
            flag,
            shown,
            "a file path (the value is empty)",
        ));
    }
    if shown.ends_with('/') {
        return Err(Error::usage(
            flag,
            shown,
            "a file path, not a directory (the path ends in '/')",
        ));
    }
    let werr = |source| write_error(typed, source);
    let meta = match fs::symlink_metadata(typed) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return new_file(typed, flag, typed),
        Err(e) => return Err(werr(e)),
    };
    if !meta.file_type().is_symlink() {
        return existing(typed, flag, typed, &meta);
    }
    match fs::metadata(typed) {
        Ok(m) if m.is_file() => {
            let (_, via_proc) = follow_links(typed)?;
            let real = fs::canonicalize(typed).map_err(werr)?;
            let same = fs::metadata(&real).is_ok_and(|r| file_id(&r).same(&file_id(&m)));
            if via_proc || !same {
                return Ok(Destination {
                    typed: typed.to_path_buf(),
                    how: How::InPlace {
                        kind: Special::ProcFile,
                    },
                    id: file_id(&m),
                });
            }
            existing(typed, flag, &real, &m)
        }
        Ok(m) => existing(typed, flag, typed, &m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let (end, _) = follow_links(typed)?;
            new_file(typed, flag, &end)
        }
        Err(e) => Err(werr(e)),
    }
}

fn write_error(path: &Path, source: io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// An existing file (a symlink already resolved to `path`): a directory is refused.
fn existing(typed: &Path, flag: &str, path: &Path, m: &fs::Metadata) -> Result<Destination> {
    let ft = m.file_type();
    if ft.is_dir() {
        return Err(Error::usage(
            flag,
            typed.display().to_string(),
            "a file to write, not a directory",
        ));
    }
    let how = if ft.is_file() {
        How::Atomic {
            path: path.to_path_buf(),
            mode: Some(mode_of(m)),
        }
    } else {
        How::InPlace {
            kind: if is_char_device(&ft) {
                Special::CharDevice
            } else {
                Special::Other
            },
        }
    };
    Ok(Destination {
        typed: typed.to_path_buf(),
        how,
        id: file_id(m),
    })
}

/// A path that does not exist yet: its directory must.
fn new_file(typed: &Path, flag: &str, path: &Path) -> Result<Destination> {
    let Some(name) = path.file_name() else {
        return Err(Error::usage(
            flag,
            typed.display().to_string(),
            "a file path (it names no file)",
        ));
    };
    let dir = parent_dir(path);
    let werr = |source| write_error(typed, source);
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(werr(io::Error::other(format!(
                "'{}' is not a directory",
                dir.display()
            ))))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(werr(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the directory '{}' does not exist", dir.display()),
            )))
        }
        Err(e) => return Err(werr(e)),
    }
    let canonical = fs::canonicalize(dir).map_err(werr)?;
    Ok(Destination {
        typed: typed.to_path_buf(),
        how: How::Atomic {
            path: path.to_path_buf(),
            mode: None,
        },
        id: FileId::New(canonical.join(name)),
    })
}

/// Follows the symbolic links of `typed` one by one (as the kernel does) to the path they end at, which
/// may not exist; also whether a link on the way is under `/proc` (its links name open files, not paths).
pub fn follow_links(typed: &Path) -> Result<(PathBuf, bool)> {
    let werr = |source| write_error(typed, source);
    let mut cur = typed.to_path_buf();
    let mut via_proc = false;
    for _ in 0..MAX_SYMLINK_HOPS {
        via_proc |= cur.starts_with("/proc");
        match fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&cur).map_err(werr)?;
                cur = match cur.parent() {
                    Some(d) if to.is_relative() => d.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok((cur, via_proc)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((cur, via_proc)),
            Err(e) => return Err(werr(e)),
        }
    }
    Err(werr(io::Error::other(format!(
        "more than {MAX_SYMLINK_HOPS} symbolic links in a row (a loop?)"
    ))))
}

/// The directory a path is in (`.` for a bare name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn file_id(m: &fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId::Inode(m.dev(), m.ino())
}

#[cfg(not(unix))]
fn file_id(_: &fs::Metadata) -> FileId {
    FileId::Unknown
}

#[cfg(unix)]
fn mode_of(m: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o777
}

#[cfg(not(unix))]
fn mode_of(_: &fs::Metadata) -> u32 {
    0o644
}

#[cfg(unix)]
fn is_char_device(ft: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    ft.is_char_device()
}

#[cfg(not(unix))]
fn is_char_device(_: &fs::FileType) -> bool {
    false
}

impl Destination {
    /// The path as typed.
    pub fn typed(&self) -> &Path {
        &self.typed
    }

    /// Whether writing both would write one file twice (the same file through two paths, a link or a
    /// hard link). Two writers of one character device (`/dev/null`) do no harm and are allowed.
    pub fn same_file(&self, other: &Destination) -> bool {
        let char_dev = |d: &Destination| {
            matches!(
                d.how,
                How::InPlace {
                    kind: Special::CharDevice
                }
            )
        };
        self.id.same(&other.id) && !(char_dev(self) && char_dev(other))
    }

    /// Whether this is the existing file `input` (through any path).
    pub fn is_file(&self, input: &Path) -> bool {
        fs::metadata(input).is_ok_and(|m| file_id(&m).same(&self.id))
    }

    /// Opens it for writing: a registered temporary file beside the target, or the file itself.
    pub fn open(&self) -> Result<Pending> {
        let werr = |source| write_error(&self.typed, source);
        let target = match &self.how {
            How::Atomic { path, mode } => Target::Temp {
                tmp: temp_file_in(parent_dir(path)).map_err(werr)?,
                path: path.clone(),
                mode: *mode,
            },
            How::InPlace { kind } => {
                let mut o = fs::OpenOptions::new();
                o.write(true);
                if *kind == Special::ProcFile {
                    o.append(true);
                }
                Target::Direct(o.open(&self.typed).map_err(werr)?)
            }
        };
        Ok(Pending {
            typed: self.typed.clone(),
            target,
            finished: false,
        })
    }
}

/// An output being written: [`Pending::commit`] puts it in place; dropped before, it leaves nothing
/// (a temporary file is removed; a device or FIFO has had what was written so far).
pub struct Pending {
    typed: PathBuf,
    target: Target,
    finished: bool,
}

enum Target {
    Temp {
        tmp: TempFile,
        path: PathBuf,
        mode: Option<u32>,
    },
    Direct(File),
}

impl Pending {
    /// The file to write.
    pub fn file(&mut self) -> &mut File {
        match &mut self.target {
            Target::Temp { tmp, .. } => tmp.file_mut(),
            Target::Direct(f) => f,
        }
    }

    /// Whether the file is synced before it is put in place (a temporary file, not a device or FIFO).
    pub fn synced(&self) -> bool {
        matches!(self.target, Target::Temp { .. })
    }

    /// An I/O error writing this output, naming its path as typed.
    pub fn write_error(&self, source: io::Error) -> Error {
        write_error(&self.typed, source)
    }

    /// Flushes what was written to disk (a temporary file synced and given its final permissions);
    /// nothing is renamed yet, so several outputs can all be finished before any is committed.
    pub fn finish(&mut self) -> Result<()> {
        if self.finished {
            return Ok(());
        }
        let result = match &mut self.target {
            Target::Temp { tmp, mode, .. } => finish_temp(tmp.file(), *mode),
            // A device or FIFO cannot be synced (fsync on /dev/null fails): flushing is all there is.
            Target::Direct(f) => f.flush(),
        };
        result.map_err(|e| self.write_error(e))?;
        self.finished = true;
        Ok(())
    }

    /// Finishes and renames the temporary file onto its destination.
    pub fn commit(mut self) -> Result<()> {
        self.finish()?;
        let Pending { typed, target, .. } = self;
        if let Target::Temp { tmp, path, .. } = target {
            tmp.persist(&path).map_err(|e| write_error(&typed, e))?;
        }
        Ok(())
    }
}

/// Syncs a complete temporary file and gives it the permissions of the file it replaces (a new file:
/// 0644, an ordinary file like any other the user writes; the temporary file itself is private).
fn finish_temp(f: &File, mode: Option<u32>) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(fs::Permissions::from_mode(mode.unwrap_or(0o644)))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    f.sync_all()
}

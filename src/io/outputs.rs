//! What the tool writes never replaces what it reads, and a directory of outputs is written whole.
//!
//! - [`refuse_inputs`]: an output path that is one of the command's inputs (the same file through any
//!   path: `./`, a symbolic link, a hard link) is a usage error naming the flag, before anything is read
//!   or written (`reconcile bill.csv -o bill.csv` used to replace the bill by its reconciliation).
//! - [`write_dir`]: the files of a directory output (`reconcile --profiles-out DIR`, `import cloudwatch
//!   --out DIR`) are first all written into a temporary directory beside `DIR` (or inside it when it
//!   already exists), then moved into place: a full disk or a failed write leaves `DIR` as it was. Two
//!   outputs with one file name (accounts `acct/x` and `acct_x` both made `acct_x`) are an error naming
//!   both, never one file silently written over the other.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::output::{self, Destination};

/// Refuses `dest` (given to `flag`) when it is one of `inputs` (the same existing file after resolving
/// links; `-`, standard input, is never a file here).
pub fn refuse_inputs(dest: &Destination, flag: &str, inputs: &[&Path]) -> Result<()> {
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        if dest.is_file(input) {
            return Err(Error::usage(
                flag,
                dest.typed().display().to_string(),
                format!(
                    "a file other than the input {} (writing it would replace what is read)",
                    output::shorten_path(input)
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses a directory output `dir` (given to `flag`) that holds one of `inputs` under a name it would
/// write: the input would be replaced.
fn refuse_inputs_in_dir(dir: &Path, files: &[DirFile], flag: &str, inputs: &[&Path]) -> Result<()> {
    for f in files {
        let target = dir.join(&f.name);
        for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
            if same_existing_file(&target, input) {
                return Err(Error::usage(
                    flag,
                    dir.display().to_string(),
                    format!(
                        "a file other than the input {} (the output {} would replace it)",
                        output::shorten_path(input),
                        output::shorten(&f.name)
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Whether two paths name one existing file (through links: device and inode).
#[cfg(unix)]
fn same_existing_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_existing_file(a: &Path, b: &Path) -> bool {
    matches!((std::fs::canonicalize(a), std::fs::canonicalize(b)), (Ok(x), Ok(y)) if x == y)
}

/// One file of a directory output: its name in the directory and its bytes, with what it was made
/// from (named when two outputs would share the name).
pub struct DirFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub from: String,
}

/// Two files of one directory output with one name: an error naming both sources.
pub fn check_names(files: &[DirFile], flag: &str, dir: &Path) -> Result<()> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for f in files {
        if let Some(first) = seen.insert(f.name.clone(), &f.from) {
            return Err(Error::usage(
                flag,
                dir.display().to_string(),
                format!(
                    "one file per output, but {} and {} would both be written to {} (their names differ only in characters a file name cannot hold, or beyond its length): write them one at a time",
                    output::shorten(first),
                    output::shorten(&f.from),
                    output::shorten(&f.name)
                ),
            ));
        }
    }
    Ok(())
}

/// Writes `files` into `dir` as a whole (see the module's documentation): a new (or empty) `dir` is a
/// temporary directory renamed into place; into an existing directory every file is first written to a
/// temporary directory inside it, then each renamed into place (no partial file, and no file at all
/// unless every one was written). Files already in `dir` under other names are kept.
/// No file of `inputs` is replaced (see [`refuse_inputs`]).
pub fn write_dir(dir: &Path, files: &[DirFile], flag: &str, inputs: &[&Path]) -> Result<()> {
    check_names(files, flag, dir)?;
    refuse_inputs_in_dir(dir, files, flag, inputs)?;
    let werr = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let exists = match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(Error::usage(
                flag,
                dir.display().to_string(),
                "a directory to write into (this is a file)",
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(werr(dir)(e)),
    };
    // An existing directory is written where its path leads (a link to it stays a link).
    let resolved;
    let dir = match exists {
        true => {
            resolved = std::fs::canonicalize(dir).map_err(werr(dir))?;
            resolved.as_path()
        }
        false => dir,
    };
    let empty = exists
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
    let parent = match (exists && !empty, dir.parent()) {
        (true, _) => dir.to_path_buf(),
        (false, Some(p)) if !p.as_os_str().is_empty() => p.to_path_buf(),
        (false, _) => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(werr(&parent))?;
    let tmp = output::temp_dir_in(&parent, ".apigw-cost-out-").map_err(werr(&parent))?;
    for f in files {
        let path = tmp.path().join(&f.name);
        write_synced(&path, &f.bytes).map_err(werr(&dir.join(&f.name)))?;
    }
    if !exists || empty {
        // A temporary directory is made 0700: the output gets a directory's usual mode.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755));
        }
        return tmp.rename_to(dir).map_err(werr(dir));
    }
    for f in files {
        std::fs::rename(tmp.path().join(&f.name), dir.join(&f.name))
            .map_err(werr(&dir.join(&f.name)))?;
    }
    // The temporary directory, now empty, is removed when dropped.
    drop(tmp);
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes a new file and flushes it to disk (a full disk fails here, not after the rename).
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// A new temporary directory beside `dest` (its parent created first) for a pack being written;
/// `rename_to(dest)` puts it in place when complete. Registered: a signal removes it
/// (output::catch_signals), as does any error (dropped).
pub fn pack_dir(dest: &Path) -> std::io::Result<output::TempDir> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    output::temp_dir_in(&parent, ".apigw-cost-review-")
}

/// The directory a review creates: `out`, or where a symbolic link `out` leads (a dangling link: the
/// path it names). A review never overwrites: it must not exist yet, or be an empty directory.
pub fn out_dir(out: &Path) -> Result<PathBuf> {
    let refuse = || {
        Error::usage(
            "--out",
            out.display().to_string(),
            "a directory that does not exist yet, or is empty (a review never overwrites files)",
        )
    };
    if out.as_os_str().is_empty() {
        return Err(refuse());
    }
    let werr = |source| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    let dest = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out.to_path_buf()),
        Err(e) => return Err(werr(e)),
        Ok(m) if !m.file_type().is_symlink() => out.to_path_buf(),
        Ok(_) => match std::fs::canonicalize(out) {
            Ok(real) => real,
            // Dangling: the review creates the directory the link names.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => output::follow_links(out)?.0,
            Err(e) => return Err(werr(e)),
        },
    };
    match std::fs::metadata(&dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(dest),
        Err(e) => Err(werr(e)),
        Ok(m) if m.is_dir() && is_empty_dir(&dest) => Ok(dest),
        Ok(_) => Err(refuse()),
    }
}

/// Whether `dir` has no entry (one that cannot be read counts as not empty).
fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

//! Writing results: to stdout (a closed pipe ends quietly) or atomically to a file (temporary file in
//! the same directory, then rename: a reader never sees a half-written file, and a failure leaves none).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `text` to `path` atomically, or to stdout when `path` is `None` or `-`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => write_atomic(p, text.as_bytes()),
        _ => to_stdout(text.as_bytes()),
    }
}

/// Writes bytes to stdout; a closed pipe (`| head`) is not an error.
pub fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Io(e)),
    }
}

/// Creates `path` atomically from bytes.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes).map_err(Error::Io))
}

/// Creates `path` atomically, the content written by `fill` into a temporary file beside it.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    fill(tmp.as_file_mut()).map_err(|e| match e {
        Error::Io(source) => Error::Write {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    })?;
    persist(tmp, path)
}

/// A temporary file in the directory of `path`, to be renamed onto it by `persist` when complete
/// (dropped unpersisted, it is removed: no half-written output).
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".apigw-cost-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })
}

/// Syncs a complete temporary file and renames it onto `path`.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    let werr = |source: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    // A temporary file is private (0600); the output is an ordinary file like any other the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(werr)?;
    }
    tmp.as_file().sync_all().map_err(werr)?;
    tmp.persist(path).map_err(|e| werr(e.error))?;
    Ok(())
}

//! Reading a file (or standard input, `-`) whole, within a bound.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The text of `path` (`-` = stdin), refusing one of more than `max_bytes`: a regular file by its size,
/// before anything is read; stdin, a FIFO or a device (or a file that grows while it is read) by reading
/// at most one byte more than the bound. `what` names the kind of file in the message.
pub fn read_text_at_most(path: &Path, max_bytes: u64, what: &str) -> Result<String> {
    let name = path.display().to_string();
    let read_err = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size: String| Error::File {
        path: name.clone(),
        message: format!(
            "too large: {size}, the largest supported {what} is {max_bytes} bytes ({})",
            "is this the right file?"
        ),
    };
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
    } else {
        let file = std::fs::File::open(path).map_err(read_err)?;
        let meta = file.metadata().map_err(read_err)?;
        if meta.is_file() && meta.len() > max_bytes {
            return Err(too_large(format!("{} bytes", meta.len())));
        }
        file.take(max_bytes.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(read_err)?;
    }
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(format!("more than {max_bytes} bytes")));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Error::File {
            path: name.clone(),
            message: format!(
                "line {line}: not UTF-8 text (a binary file?): invalid byte at offset {at}"
            ),
        }
    })
}

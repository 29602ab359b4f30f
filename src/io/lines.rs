//! A bounded line reader: the csv readers of `batch` and `reconcile`'s bills hold a whole record in
//! memory, so a line without an end is an error naming the file, not an allocation that grows until
//! the process is killed.

use std::io::Read;

/// What one line may hold, and what the error says a line should be.
#[derive(Debug, Clone, Copy)]
pub struct LineLimit {
    /// The longest line, in bytes.
    pub max_bytes: u64,
    /// The most commas a line may have (the csv reader keeps 8 bytes per field), when bounded.
    pub max_commas: Option<u64>,
    /// What a line is, for the error: "one CSV row", "one bill line".
    pub expected: &'static str,
}

/// A reader that fails once a line runs past its [`LineLimit`]. It looks at each block the csv reader
/// asks for (128 KB) from its end back to the last line break (and, when commas are bounded, counts
/// those after it), so ordinary rows cost a few dozen bytes' look per block.
pub struct LineBound<R> {
    inner: R,
    limit: LineLimit,
    /// Bytes since the last line break.
    run: u64,
    /// Commas since the last line break (those of a line ending inside a block are not counted,
    /// so a line may have one block's worth more).
    commas: u64,
}

impl<R> LineBound<R> {
    pub fn new(inner: R, limit: LineLimit) -> LineBound<R> {
        LineBound {
            inner,
            limit,
            run: 0,
            commas: 0,
        }
    }
}

impl<R: Read> Read for LineBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let block = &buf[..n];
        let counting = self.limit.max_commas.is_some();
        let commas = |b: &[u8]| {
            if counting {
                b.iter().filter(|&&c| c == b',').count() as u64
            } else {
                0
            }
        };
        match block.iter().rposition(|&b| b == b'\n' || b == b'\r') {
            Some(i) => {
                self.run = (n - i - 1) as u64;
                self.commas = commas(&block[i + 1..]);
            }
            None => {
                self.run += n as u64;
                self.commas += commas(block);
            }
        }
        let l = self.limit;
        let too_many_commas = l.max_commas.is_some_and(|m| self.commas > m);
        if self.run > l.max_bytes || too_many_commas {
            let commas = l
                .max_commas
                .map(|m| format!(" or with more than {m} commas"))
                .unwrap_or_default();
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a line longer than {} MiB{commas}; expected {} a line",
                    l.max_bytes >> 20,
                    l.expected
                ),
            ));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8], limit: LineLimit) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        LineBound::new(text, limit).read_to_end(&mut out)?;
        Ok(out)
    }

    const TINY: LineLimit = LineLimit {
        max_bytes: 8,
        max_commas: Some(3),
        expected: "one row",
    };

    #[test]
    fn lines_within_the_bound_pass_through() {
        assert_eq!(read_all(b"a,b\nccc\n", TINY).unwrap(), b"a,b\nccc\n");
    }

    #[test]
    fn a_long_line_or_too_many_commas_is_an_error_saying_what_a_line_should_be() {
        let e = read_all(b"0123456789", TINY).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a line longer than 0 MiB or with more than 3 commas; expected one row a line"
        );
        assert!(read_all(b",,,,", TINY).is_err());
        let bytes_only = LineLimit {
            max_commas: None,
            ..TINY
        };
        assert!(read_all(b",,,,", bytes_only).is_ok());
        let e = read_all(b"0123456789", bytes_only).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a line longer than 0 MiB; expected one row a line"
        );
    }
}

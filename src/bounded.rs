//! Reading with a size limit. A file named as a pack, a configuration, earlier results or a
//! script may be huge or endless (`/dev/zero`, a FIFO, a file still growing): reading stops one
//! byte past the limit instead of taking all memory.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// What reading a file with a limit gave.
#[derive(Debug)]
pub enum Bounded {
    /// The whole file, within the limit.
    Read(Vec<u8>),
    /// The file is over the limit: its size when the file system says so, `None` when only
    /// reading found out (a device, a pipe, a file that grew).
    Over(Option<u64>),
}

/// Reads the file at `path` if it holds at most `limit` bytes: one open, one `fstat`, and at
/// most `limit + 1` bytes read.
pub fn read_file(path: &Path, limit: u64) -> io::Result<Bounded> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Bounded::Over(Some(size)));
    }
    read_within(file, limit, size)
}

/// Reads `reader` to its end if it yields at most `limit` bytes; `expected` sizes the buffer.
pub fn read_within(reader: impl Read, limit: u64, expected: u64) -> io::Result<Bounded> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(limit)).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Bounded::Over(None));
    }
    Ok(Bounded::Read(bytes))
}

/// The text of a file read within its limit, or an `InvalidData` error when it is not UTF-8
/// (as [`std::fs::read_to_string`] reports it).
pub fn utf8(bytes: Vec<u8>) -> io::Result<String> {
    String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_within_the_limit_is_read_whole() {
        let read = read_within(&b"abcd"[..], 4, 0).unwrap();
        assert!(matches!(read, Bounded::Read(bytes) if bytes == b"abcd"));
    }

    #[test]
    fn an_endless_reader_stops_one_byte_past_the_limit() {
        let read = read_within(io::repeat(0), 1_000, 0).unwrap();
        assert!(matches!(read, Bounded::Over(None)));
    }
}

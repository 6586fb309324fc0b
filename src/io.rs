//! Reading inputs with bounds and writing outputs whole or not at all.
//!
//! Every file placemap reads goes through [`read_file`]: its type and size are checked
//! before a byte is read (a FIFO, a device or a directory is refused, so `/dev/zero` or a
//! named pipe cannot make placemap hang or fill memory), and the read itself stops at the
//! limit, so a file that grows while it is read is refused too. Lines read from a stream
//! (stdin, JSON lines) are bounded by [`LineReader`] or [`LimitLines`]. Every file placemap
//! writes goes through [`write_atomic`]: a temporary file beside the target, renamed over it
//! once complete, so a full disk or a crash leaves the previous file as it was.

use std::fs::{self, File};
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

/// The most a file of each kind may hold, in bytes.
pub mod limits {
    /// A scene file.
    pub const SCENE: u64 = 64 << 20;
    /// A CSV table of markers and routes, or a file of custom places.
    pub const TABLE: u64 = 256 << 20;
    /// An article to extract places from, read whole.
    pub const ARTICLE: u64 = 256 << 20;
    /// A GeoJSON layer.
    pub const LAYER: u64 = 512 << 20;
    /// A GeoNames dump or alternate-names file (allCountries.txt is about 1.6 GB).
    pub const GEONAMES: u64 = 4 << 30;
    /// A line of names on stdin: far longer than any place name.
    pub const NAME_LINE: usize = 64 << 10;
    /// A JSON lines document.
    pub const DOCUMENT_LINE: usize = 16 << 20;
}

fn human(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 {
        format!("{} GB", bytes >> 30)
    } else if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} KB", bytes >> 10)
    }
}

/// What kind of file system object `meta` describes, for messages.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// Reads the whole of the regular file at `path`, at most `limit` bytes. A FIFO, a device,
/// a directory or a file larger than `limit` is refused before anything is read; the
/// error's message says which and how to go on (it does not repeat the path: callers name
/// the file).
pub fn read_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    // Opening a FIFO for reading blocks until a writer comes, so look before opening.
    let file = open_file(path)?;
    let meta = file.metadata()?;
    if meta.len() > limit {
        return Err(too_large(meta.len(), limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// Opens the regular file at `path` to read it as a stream (of any length): a FIFO, a
/// device or a directory is refused before it is opened.
pub fn open_file(path: &Path) -> io::Result<File> {
    check_regular(&fs::metadata(path)?)?;
    let file = File::open(path)?;
    check_regular(&file.metadata()?)?;
    Ok(file)
}

/// Reads the whole of `input` (stdin), at most `limit` bytes.
pub fn read_stream(input: impl Read, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    input.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "more than {}, the most placemap reads; split the input",
            human(limit)
        )));
    }
    Ok(bytes)
}

fn check_regular(meta: &fs::Metadata) -> io::Result<()> {
    if meta.is_file() {
        return Ok(());
    }
    Err(io::Error::other(format!(
        "{}, not a regular file; save the data to a file first (or pipe it to `-`, stdin, where a command takes it)",
        kind_of(meta)
    )))
}

fn too_large(size: u64, limit: u64) -> io::Error {
    io::Error::other(format!(
        "{size} bytes, more than {}, the most placemap reads of such a file; split it",
        human(limit)
    ))
}

/// Reads lines of at most a given length from a stream, one at a time, into a buffer it
/// reuses: memory stays flat however long the stream.
#[derive(Debug)]
pub struct LineReader<R> {
    input: R,
    max: usize,
    line: usize,
    buf: Vec<u8>,
    failed: bool,
}

impl<R: BufRead> LineReader<R> {
    /// Reads from `input` lines of at most `max` bytes (without the line break).
    pub fn new(input: R, max: usize) -> LineReader<R> {
        LineReader {
            input,
            max,
            line: 0,
            buf: Vec::new(),
            failed: false,
        }
    }

    /// The number of the line last read, from 1.
    pub fn line_number(&self) -> usize {
        self.line
    }

    /// The next line without its `\n` or `\r\n`, or `None` at the end. A line longer than
    /// the maximum is an error (of kind [`io::ErrorKind::InvalidData`]), after which the
    /// reader is at the end of the stream, as after any error.
    pub fn next_line(&mut self) -> io::Result<Option<&[u8]>> {
        self.buf.clear();
        if self.failed {
            return Ok(None);
        }
        loop {
            let available = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = true;
                    return Err(e);
                }
            };
            if available.is_empty() {
                if self.buf.is_empty() {
                    return Ok(None);
                }
                break;
            }
            let (take, done) = match available.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (available.len(), false),
            };
            if self.buf.len() + take > self.max + 2 {
                // Stop reading: the rest of a stream like /dev/zero never ends.
                self.failed = true;
                self.line += 1;
                return Err(self.too_long());
            }
            self.buf.extend_from_slice(&available[..take]);
            self.input.consume(take);
            if done {
                break;
            }
        }
        self.line += 1;
        let mut end = self.buf.len();
        if self.buf[..end].ends_with(b"\n") {
            end -= 1;
        }
        if self.buf[..end].ends_with(b"\r") {
            end -= 1;
        }
        if end > self.max {
            return Err(self.too_long());
        }
        Ok(Some(&self.buf[..end]))
    }

    fn too_long(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "line {} is longer than {}, the most placemap reads as one line",
                self.line,
                human(self.max as u64)
            ),
        )
    }
}

/// A [`BufRead`] that fails once a line runs longer than a bound, for code that reads lines
/// itself (`BufRead::lines`): the line never grows past the bound and a buffer.
#[derive(Debug)]
pub struct LimitLines<R> {
    inner: R,
    max: usize,
    run: usize,
    line: usize,
}

impl<R: BufRead> LimitLines<R> {
    /// Wraps `inner`, allowing lines of at most `max` bytes.
    pub fn new(inner: R, max: usize) -> LimitLines<R> {
        LimitLines {
            inner,
            max,
            run: 0,
            line: 1,
        }
    }

    fn check(&self) -> io::Result<()> {
        if self.run > self.max {
            return Err(io::Error::other(format!(
                "line {} is longer than {}, the most placemap reads as one line",
                self.line,
                human(self.max as u64)
            )));
        }
        Ok(())
    }
}

impl<R: BufRead> Read for LimitLines<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for LimitLines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.check()?;
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let taken = &buf[..amount.min(buf.len())];
            match taken.iter().rposition(|&b| b == b'\n') {
                Some(at) => {
                    self.line += taken.iter().filter(|&&b| b == b'\n').count();
                    self.run = taken.len() - at - 1;
                }
                None => self.run += taken.len(),
            }
        }
        self.inner.consume(amount);
    }
}

/// Whether two paths name the same file (the same device and inode), following links.
/// Paths that do not exist name no file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => matches!(
            (fs::canonicalize(a), fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        ),
        _ => false,
    }
}

/// Writes `bytes` to `path` whole or not at all: to a new temporary file beside it, flushed
/// to disk, then renamed over it. On any error the temporary file is removed and a file
/// already at `path` is left as it was. A path that is a device or a pipe (`/dev/null`,
/// `/dev/stdout`) is written directly, as renaming over it would replace it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Write through a link to its target, so the link stays a link.
    let target = match fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) => path.to_path_buf(),
    };
    if let Ok(meta) = fs::metadata(&target) {
        if meta.is_dir() {
            return Err(io::Error::other(
                "a directory; give a file name such as map.png",
            ));
        }
        if !meta.is_file() {
            let mut f = fs::OpenOptions::new().write(true).open(&target)?;
            f.write_all(bytes)?;
            return f.flush();
        }
    }
    let temp = temp_path(&target);
    let result = write_new(&temp, bytes, fs::metadata(&target).ok())
        .and_then(|()| fs::rename(&temp, &target));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// `dir/.name.placemap-PID.tmp`: beside the target, so the rename stays on one file system.
fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    target.with_file_name(format!(".{name}.placemap-{}.tmp", std::process::id()))
}

fn write_new(temp: &Path, bytes: &[u8], old: Option<fs::Metadata>) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    if let Some(old) = old {
        // Keep the replaced file's permissions.
        f.set_permissions(old.permissions())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("placemap-io-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn files_are_read_within_bounds() {
        let dir = temp_dir("read");
        let path = dir.join("a.txt");
        fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read_file(&path, 10).unwrap(), b"0123456789");
        let e = read_file(&path, 9).unwrap_err().to_string();
        assert!(e.starts_with("10 bytes, more than"), "{e}");
        let e = read_file(&dir, 100).unwrap_err().to_string();
        assert!(e.starts_with("a directory, not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = read_file(Path::new("/dev/zero"), 100)
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("a character device"), "{e}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn streams_are_read_within_bounds() {
        assert_eq!(read_stream(&b"abc"[..], 3).unwrap(), b"abc");
        assert!(read_stream(io::repeat(0), 1000).is_err());
    }

    #[test]
    fn lines_are_bounded() {
        let mut r = LineReader::new(&b"ab\r\ncd\n\nlonger than five\nx"[..], 5);
        assert_eq!(r.next_line().unwrap(), Some(&b"ab"[..]));
        assert_eq!(r.next_line().unwrap(), Some(&b"cd"[..]));
        assert_eq!(r.next_line().unwrap(), Some(&b""[..]));
        let e = r.next_line().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert!(e.to_string().starts_with("line 4 is longer than"), "{e}");
        // An endless line is refused without reading it all.
        let mut r = LineReader::new(io::BufReader::new(io::repeat(b'a')), 1000);
        assert_eq!(
            r.next_line().unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        assert_eq!(r.next_line().unwrap(), None);
    }

    #[test]
    fn limited_lines_fail_past_the_bound() {
        let ok = LimitLines::new(&b"abc\ndef\n"[..], 3);
        let lines: Vec<String> = ok.lines().map(Result::unwrap).collect();
        assert_eq!(lines, ["abc", "def"]);
        let long = LimitLines::new(io::BufReader::with_capacity(4, &b"ab\nabcdefgh\n"[..]), 3);
        let results: Vec<io::Result<String>> = long.lines().take(2).collect();
        assert_eq!(results[0].as_ref().unwrap(), "ab");
        let e = results[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("line 2 is longer than"), "{e}");
        let endless = LimitLines::new(io::BufReader::new(io::repeat(0)), 1 << 16);
        assert!(endless.lines().next().unwrap().is_err());
    }

    #[test]
    fn writes_are_whole_or_nothing() {
        let dir = temp_dir("write");
        let path = dir.join("out.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        // A failed write (here: the directory is gone) leaves nothing behind.
        let gone = dir.join("no-such-dir").join("x.txt");
        assert!(write_atomic(&gone, b"x").is_err());
        let left: Vec<_> = fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(same_file(&path, &dir.join(".").join("out.txt")));
        assert!(!same_file(&path, &gone));
        fs::remove_dir_all(&dir).unwrap();
    }
}

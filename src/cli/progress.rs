//! Feedback for long batch runs on stderr: a progress line, redrawn in place while stderr
//! is a terminal, and one summary line at the end instead of a warning a guess.

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

/// How often the progress line is redrawn at most.
const REDRAW: Duration = Duration::from_millis(150);

/// How long a run goes before its progress shows: quick runs never flash a line.
const DELAY: Duration = Duration::from_millis(400);

/// A progress line on stderr, drawn only when stderr is a terminal, so that logs and pipes
/// never see it. It counts items (names, documents) and, when the input's size is known,
/// shows how much of it has been read.
pub struct Progress {
    label: &'static str,
    unit: &'static str,
    shown: bool,
    items: u64,
    bytes: u64,
    total_bytes: Option<u64>,
    started: Instant,
    delay: Duration,
    drawn: Option<Instant>,
    out: Box<dyn Write + Send>,
}

impl Progress {
    /// A progress line for `label` ("resolve", "extract") counting `unit`s ("names"); shown
    /// when stderr is a terminal.
    pub fn new(label: &'static str, unit: &'static str) -> Progress {
        let mut p = Progress::to(
            label,
            unit,
            io::stderr().is_terminal(),
            Box::new(io::stderr()),
        );
        p.delay = DELAY;
        p
    }

    /// A progress line written to `out`, shown or not.
    pub fn to(
        label: &'static str,
        unit: &'static str,
        shown: bool,
        out: Box<dyn Write + Send>,
    ) -> Progress {
        Progress {
            label,
            unit,
            shown,
            items: 0,
            bytes: 0,
            total_bytes: None,
            started: Instant::now(),
            delay: Duration::ZERO,
            drawn: None,
            out,
        }
    }

    /// The input's size in bytes, when it is a file, for a percentage.
    pub fn set_total_bytes(&mut self, total: Option<u64>) {
        self.total_bytes = total.filter(|&t| t > 0);
    }

    /// Counts `n` more items done.
    pub fn add_items(&mut self, n: u64) {
        self.items += n;
        self.tick();
    }

    /// Counts `n` more bytes read.
    pub fn add_bytes(&mut self, n: u64) {
        self.bytes += n;
        self.tick();
    }

    fn tick(&mut self) {
        if !self.shown
            || self.drawn.is_some_and(|t| t.elapsed() < REDRAW)
            || self.started.elapsed() < self.delay
        {
            return;
        }
        self.drawn = Some(Instant::now());
        let line = self.line();
        // Progress is a courtesy: a stderr that cannot be written to stops nothing.
        let _ = write!(self.out, "\r\x1b[K{line}");
        let _ = self.out.flush();
    }

    /// The progress line's text.
    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        let mut line = format!("{}: {} {}", self.label, thousands(self.items), self.unit);
        if self.items > 0 {
            line.push_str(&format!(
                " ({}/s)",
                thousands((self.items as f64 / secs) as u64)
            ));
        }
        if let Some(total) = self.total_bytes {
            let done = self.bytes.min(total);
            let width = 24;
            let filled = (done as f64 / total as f64 * width as f64) as usize;
            line.push_str(&format!(
                " [{}{}] {:.0}%",
                "#".repeat(filled),
                "-".repeat(width - filled),
                done as f64 / total as f64 * 100.0
            ));
        }
        line
    }

    /// Erases the progress line, so that what follows starts on a clean line.
    pub fn finish(&mut self) {
        if self.shown && self.drawn.is_some() {
            let _ = write!(self.out, "\r\x1b[K");
            let _ = self.out.flush();
        }
        self.drawn = None;
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The size of stdin when it is a file (`< names.txt`), for a percentage.
pub fn stdin_size() -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        let meta = std::fs::File::from(fd).metadata().ok()?;
        meta.is_file().then_some(meta.len())
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// A reader that counts the bytes and lines read through it into a [`Progress`]: for
/// JSON lines, a line is a document.
pub struct Counted<R> {
    inner: R,
    progress: Progress,
}

impl<R> Counted<R> {
    /// Wraps `inner`.
    pub fn new(inner: R, progress: Progress) -> Counted<R> {
        Counted { inner, progress }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Counted<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        // The buffer is the one `fill_buf` returned before: asking again reads nothing.
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            let lines = buf[..amt].iter().filter(|&&b| b == b'\n').count() as u64;
            self.progress.items += lines;
        }
        self.inner.consume(amt);
        self.progress.add_bytes(amt as u64);
    }
}

impl<R> Counted<R> {
    fn count(&mut self, bytes: &[u8]) {
        self.progress.items += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        self.progress.add_bytes(bytes.len() as u64);
    }
}

/// What became of a batch of names: resolved outright, guessed (fuzzy), unknown.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Names found by an exact, alias, qualified or coordinate match.
    pub resolved: u64,
    /// Names resolved by a fuzzy guess.
    pub guessed: u64,
    /// Names not resolved (errors).
    pub unknown: u64,
}

impl Tally {
    /// Adds another tally.
    pub fn add(&mut self, other: Tally) {
        self.resolved += other.resolved;
        self.guessed += other.guessed;
        self.unknown += other.unknown;
    }

    /// Names counted.
    pub fn total(&self) -> u64 {
        self.resolved + self.guessed + self.unknown
    }

    /// The one summary line: `3 names: 1 resolved, 1 guessed, 1 unknown`, with a hint on
    /// what to do about guesses.
    pub fn summary(&self) -> String {
        let total = self.total();
        let mut line = format!(
            "{} {}: {} resolved, {} guessed, {} unknown",
            thousands(total),
            if total == 1 { "name" } else { "names" },
            thousands(self.resolved),
            thousands(self.guessed),
            thousands(self.unknown)
        );
        if self.guessed > 0 {
            line.push_str(" (guesses have \"match\": \"fuzzy\"; --strict refuses them)");
        }
        line
    }
}

/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A writer whose bytes the test can read afterwards.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_terminal_sees_the_line_and_then_a_clean_line() {
        let out = Shared::default();
        let mut p = Progress::to("resolve", "names", true, Box::new(out.clone()));
        p.set_total_bytes(Some(200));
        p.add_bytes(100);
        p.add_items(1500);
        p.finish();
        let text = String::from_utf8(out.0.lock().expect("lock").clone()).expect("utf-8");
        assert!(
            text.starts_with("\r\x1b[Kresolve: 0 names [############------------] 50%"),
            "{text:?}"
        );
        assert!(text.ends_with("\r\x1b[K"), "{text:?}");
        // Drawn once: the second count came within the redraw interval.
        assert_eq!(text.matches("resolve:").count(), 1, "{text:?}");
    }

    #[test]
    fn a_pipe_sees_nothing() {
        let out = Shared::default();
        let mut p = Progress::to("extract", "documents", false, Box::new(out.clone()));
        p.add_items(10);
        p.finish();
        drop(p);
        assert!(out.0.lock().expect("lock").is_empty());
    }

    #[test]
    fn counted_reads_count_bytes() {
        let out = Shared::default();
        let p = Progress::to("extract", "documents", true, Box::new(out.clone()));
        let mut r = Counted::new(io::Cursor::new(b"one\ntwo\n".to_vec()), p);
        let mut line = String::new();
        r.read_line(&mut line).expect("read");
        assert_eq!((r.progress.items, r.progress.bytes), (1, 4));
        let mut rest = Vec::new();
        r.read_to_end(&mut rest).expect("read");
        assert_eq!((r.progress.items, r.progress.bytes), (2, 8));
    }

    #[test]
    fn the_summary_counts_each_outcome() {
        let mut t = Tally::default();
        t.add(Tally {
            resolved: 1200,
            guessed: 0,
            unknown: 1,
        });
        assert_eq!(
            t.summary(),
            "1,201 names: 1,200 resolved, 0 guessed, 1 unknown"
        );
        t.add(Tally {
            resolved: 0,
            guessed: 2,
            unknown: 0,
        });
        assert_eq!(
            t.summary(),
            "1,203 names: 1,200 resolved, 2 guessed, 1 unknown (guesses have \"match\": \"fuzzy\"; --strict refuses them)"
        );
        assert_eq!(
            Tally {
                resolved: 1,
                ..Tally::default()
            }
            .summary(),
            "1 name: 1 resolved, 0 guessed, 0 unknown"
        );
    }
}

//! The command line's inputs and outputs: `-` for stdin and stdout, files read within
//! bounds and written atomically (see [`placemap::io`]), and an output never one of the
//! inputs.

use std::io::{self, Write};
use std::path::Path;

use anyhow::{bail, Context, Result};

/// How a path is named in messages: `stdin` for `-`.
pub fn display(path: &Path) -> String {
    if is_std(path) {
        "stdin".into()
    } else {
        path.display().to_string()
    }
}

/// Whether `path` is `-`, stdin or stdout.
pub fn is_std(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a whole input of at most `limit` bytes; `-` reads stdin.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>> {
    if is_std(path) {
        return placemap::io::read_stream(io::stdin().lock(), limit).context("cannot read stdin");
    }
    placemap::io::read_file(path, limit).with_context(|| format!("cannot read {}", path.display()))
}

/// Writes an output whole; `-` writes stdout. A file is replaced only once the new one is
/// complete, so an error leaves the old one intact.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if is_std(path) {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    placemap::io::write_atomic(path, bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Refuses an output that is one of the inputs (`what` names each): writing it would
/// destroy the input.
pub fn refuse_overwrite<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = (&'a str, &'a Path)>,
) -> Result<()> {
    if is_std(output) {
        return Ok(());
    }
    for (what, input) in inputs {
        if !is_std(input) && placemap::io::same_file(output, input) {
            bail!(
                "-o {} is the {what} being read; writing it would destroy the input, so choose another output file",
                output.display()
            );
        }
    }
    Ok(())
}

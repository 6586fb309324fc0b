//! `placemap extract` and `placemap draft`: the places an article mentions, and a first
//! map of them.

use std::io::{self, BufRead, BufReader, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use placemap::extract::batch::{self, Spans};
use placemap::extract::{self, Extractor};
use placemap::gazetteer::Gazetteer;

use super::files::display;
use super::mentions::{for_each_part, MentionWriter};
use super::output::Format;
use super::progress::{self, Counted, Progress};
use super::resolve::open_gazetteer;
use super::Reported;

/// What the input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputKind {
    /// JSON lines if the first line is a JSON object, else text.
    Auto,
    /// One article of plain UTF-8 text.
    Text,
    /// One JSON document a line: {"doc": ID, "text": …}.
    Jsonl,
}

/// List the places an article mentions.
///
/// Prints each mention's byte offsets (UTF-8, end exclusive), its text, the place it
/// resolves to, a confidence and the runner-up candidates. Given one JSON document a line
/// ({"doc": ID, "text": …}), writes one line a document ({"doc": ID, "mentions": […]}), in
/// input order, on all cores.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap extract article.txt
  placemap extract article.txt --format geojson > places.geojson
  placemap extract archive.jsonl --format jsonl > mentions.jsonl
  placemap extract gold.jsonl --format jsonl --given-spans")]
pub struct ExtractArgs {
    /// Article (UTF-8 text) or JSON lines file; `-` reads stdin.
    input: PathBuf,

    /// Output format (JSON lines input writes JSON lines).
    #[arg(long, short, value_enum, default_value = "table")]
    format: Format,

    /// What the input holds.
    #[arg(long, value_enum, default_value = "auto")]
    input_kind: InputKind,

    /// Resolve the spans each JSON line's "toponyms" give ({"bstart", "bend"}) instead of
    /// finding mentions.
    #[arg(long)]
    given_spans: bool,

    /// Report malformed JSON lines and go on with the others (exit code 1 at the end).
    #[arg(long)]
    keep_going: bool,

    /// Threads for JSON lines input, 1 to 256 (default: all cores).
    #[arg(long)]
    threads: Option<usize>,

    /// How many runner-up candidates to list per mention.
    #[arg(long, default_value_t = 5)]
    alternatives: usize,

    /// Extra places from a CSV or GeoJSON file, as for `placemap resolve`. Repeatable.
    #[arg(long, value_name = "FILE")]
    custom: Vec<PathBuf>,
}

/// Draft an editable scene from an article.
///
/// The scene marks the article's main cities (the story's place with a star), highlights
/// the countries it names, fits the extent to them and takes the title from the first line.
/// Render it with `placemap render SCENE -o map.png`, or do both at once with
/// `placemap render --article ARTICLE -o map.png`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap draft article.txt -o scene.json
  placemap draft - < article.txt")]
pub struct DraftArgs {
    /// Article (UTF-8 text); `-` reads stdin.
    input: PathBuf,

    /// Scene file to write; `-` (the default) writes stdout.
    #[arg(long, short, default_value = "-")]
    output: PathBuf,

    /// Extra places from a CSV or GeoJSON file, as for `placemap resolve`. Repeatable.
    #[arg(long, value_name = "FILE")]
    custom: Vec<PathBuf>,
}

fn open_input(path: &Path) -> Result<Box<dyn BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::new(io::stdin())));
    }
    let file =
        placemap::io::open_file(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Reads an article: UTF-8 text, not empty, not binary. Errors name the input and, for a
/// bad byte, its offset and line.
pub fn read_article(path: &Path) -> Result<String> {
    let bytes = super::files::read_input(path, placemap::io::limits::ARTICLE)?;
    check_text(&display(path), bytes)
}

fn check_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        bail!("{name}: looks like a binary file (a NUL byte at offset {at}), not text");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        anyhow::anyhow!(
            "{name}: not UTF-8 text (invalid byte at offset {at}, line {line}); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8"
        )
    })?;
    if text.trim().is_empty() {
        bail!("{name}: the text is empty");
    }
    Ok(text)
}

/// Runs `placemap extract`.
pub fn run(args: &ExtractArgs) -> Result<()> {
    let gazetteer = open_gazetteer(false, &args.custom, None, None)?;
    let extractor = Extractor::new(&gazetteer).max_alternatives(args.alternatives);
    let name = display(&args.input);
    let mut input = open_input(&args.input)?;
    let jsonl = match args.input_kind {
        InputKind::Text => false,
        InputKind::Jsonl => true,
        InputKind::Auto => looks_like_jsonl(&mut input),
    };
    if args.given_spans && !jsonl {
        bail!("--given-spans needs JSON lines input with \"toponyms\" ({name} is plain text)");
    }
    if jsonl {
        if args.format != Format::Jsonl {
            bail!("{name}: JSON lines input writes JSON lines; add --format jsonl");
        }
        return run_batch(args, &extractor, input, &name);
    }
    // Searched a part at a time and written as found: memory stays flat however long the
    // article.
    let mut out = MentionWriter::new(BufWriter::new(io::stdout().lock()), args.format);
    for_each_part(input, &name, |text, offset| {
        out.write(&extractor, text, offset)
    })?;
    out.finish()
}

/// Whether the input's first line is a JSON object (a JSON lines batch), without
/// consuming it.
fn looks_like_jsonl(input: &mut Box<dyn BufRead>) -> bool {
    let Ok(buf) = input.fill_buf() else {
        return false;
    };
    let start = buf.iter().position(|b| !b.is_ascii_whitespace());
    start.is_some_and(|s| buf[s] == b'{')
}

/// The most threads `--threads` may ask for: far more than cores, far fewer than the
/// system allows a process.
const MAX_THREADS: usize = 256;

fn run_batch(
    args: &ExtractArgs,
    extractor: &Extractor<'_>,
    input: Box<dyn BufRead>,
    name: &str,
) -> Result<()> {
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if !(1..=MAX_THREADS).contains(&threads) {
        bail!("--threads {threads}: use 1 to {MAX_THREADS}");
    }
    let spans = if args.given_spans {
        Spans::Given
    } else {
        Spans::Detect
    };
    let mut failed = 0usize;
    let out = BufWriter::new(io::stdout().lock());
    let mut progress = Progress::new("extract", "documents");
    progress.set_total_bytes(if args.input.as_os_str() == "-" {
        progress::stdin_size()
    } else {
        std::fs::metadata(&args.input).ok().map(|m| m.len())
    });
    let input = Counted::new(
        placemap::io::LimitLines::new(input, placemap::io::limits::DOCUMENT_LINE),
        progress,
    );
    batch::run(extractor, input, out, spans, threads, |e| {
        eprintln!("error: {name} line {}: {}", e.line, e.message);
        failed += 1;
        args.keep_going
    })
    .with_context(|| format!("cannot read {name}"))?;
    if failed > 0 {
        if !args.keep_going {
            eprintln!("stopped at the first bad line; --keep-going reports all and goes on");
        }
        return Err(Reported.into());
    }
    Ok(())
}

/// Drafts a scene from an article read from `path`.
pub fn draft_scene(path: &Path, gazetteer: &Gazetteer) -> Result<placemap::scene::Scene> {
    let text = read_article(path)?;
    let mentions = Extractor::new(gazetteer).extract(&text);
    if mentions.is_empty() {
        bail!("{}: no places found in the text", display(path));
    }
    Ok(extract::draft(&text, &mentions, gazetteer))
}

/// Runs `placemap draft`.
pub fn run_draft(args: &DraftArgs) -> Result<()> {
    super::files::refuse_overwrite(
        &args.output,
        std::iter::once(("article", args.input.as_path()))
            .chain(args.custom.iter().map(|p| ("--custom file", p.as_path()))),
    )?;
    let gazetteer = open_gazetteer(false, &args.custom, None, None)?;
    let scene = draft_scene(&args.input, &gazetteer)?;
    let mut json = serde_json::to_string_pretty(&scene)?;
    json.push('\n');
    super::files::write_output(&args.output, json.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_text_is_named() {
        let e = check_text("a.txt", vec![b'a', 0, b'b']).unwrap_err();
        assert_eq!(
            e.to_string(),
            "a.txt: looks like a binary file (a NUL byte at offset 1), not text"
        );
        let e = check_text("a.txt", b"ok\nbad \xff here".to_vec()).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("a.txt: not UTF-8 text (invalid byte at offset 7, line 2)"));
        let e = check_text("a.txt", b" \n\t".to_vec()).unwrap_err();
        assert_eq!(e.to_string(), "a.txt: the text is empty");
    }

    #[test]
    fn batches_are_told_from_text() {
        let mut input: Box<dyn BufRead> =
            Box::new(std::io::Cursor::new(b"\n {\"doc\": 1}".to_vec()));
        assert!(looks_like_jsonl(&mut input));
        let mut input: Box<dyn BufRead> = Box::new(std::io::Cursor::new(b"Paris {x}".to_vec()));
        assert!(!looks_like_jsonl(&mut input));
    }
}

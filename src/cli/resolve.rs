//! `placemap resolve`: place names to coordinates.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use placemap::gazetteer::{
    CustomFormat, Gazetteer, GeoNamesFiles, MatchKind, ResolveError, ResolveOptions, ResolvedRecord,
};

use super::output::{format_record, Format, RecordWriter};
use super::progress::{self, Progress, Tally};
use super::Reported;

/// Resolve place names to coordinates.
///
/// Names may be in any common spelling or script ("Samarqand", "Самарканд"), qualified
/// ("Paris, Texas"), coordinates ("39.65, 66.96", "39°39′N 66°58′E") or GeoNames ids
/// ("geonames:1216265"). Unknown names are reported with suggestions and exit code 1, after
/// the names that did resolve are printed.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap resolve Samarkand Peking \"Paris, Texas\"
  placemap resolve --format json Kiev
  printf 'Tashkent\\nAstana\\n' | placemap resolve - --format jsonl
  placemap resolve --reverse 39.65,66.96
  placemap resolve --custom my-places.csv \"Field office\"")]
pub struct ResolveArgs {
    /// Names to resolve; `-` reads one name a line from stdin.
    #[arg(required_unless_present = "reverse")]
    names: Vec<String>,

    /// Output format.
    #[arg(long, short, value_enum, default_value = "table")]
    format: Format,

    /// Keep only places in this country (ISO code or name).
    #[arg(long)]
    country: Option<String>,

    /// Refuse guesses for misspelt names (report them as errors).
    #[arg(long)]
    strict: bool,

    /// How many runner-up candidates to list per name.
    #[arg(long, default_value_t = 5)]
    alternatives: usize,

    /// Print the named place nearest to LAT,LON instead.
    #[arg(long, value_name = "LAT,LON", allow_hyphen_values = true)]
    reverse: Option<String>,

    /// Add your own places from a CSV (name,lat,lon[,aliases,kind]) or GeoJSON points file;
    /// they win over the embedded ones. Repeatable.
    #[arg(long, value_name = "FILE")]
    custom: Vec<PathBuf>,

    /// Load a GeoNames dump (allCountries.txt, citiesN.txt or a country file) on top of the
    /// embedded data.
    #[arg(long, value_name = "FILE")]
    geonames: Option<PathBuf>,

    /// GeoNames alternateNamesV2.txt for the dump given with --geonames.
    #[arg(long, value_name = "FILE", requires = "geonames")]
    alternate_names: Option<PathBuf>,

    /// Do not use the embedded data (only --custom and --geonames places).
    #[arg(long)]
    no_embedded: bool,
}

/// Opens the gazetteer the arguments ask for.
pub fn open_gazetteer(
    no_embedded: bool,
    custom: &[PathBuf],
    geonames: Option<&PathBuf>,
    alternate_names: Option<&PathBuf>,
) -> Result<Gazetteer> {
    let mut g = if no_embedded {
        Gazetteer::empty()
    } else {
        Gazetteer::embedded()?
    };
    if let Some(places) = geonames {
        g.add_geonames(&GeoNamesFiles {
            places: places.clone(),
            alternate_names: alternate_names.cloned(),
        })?;
    }
    for path in custom {
        g.add_custom(path, CustomFormat::from_path(path))?;
    }
    if g.is_empty() {
        bail!("no places loaded: --no-embedded needs --custom or --geonames");
    }
    Ok(g)
}

pub fn run(args: &ResolveArgs) -> Result<()> {
    let gazetteer = open_gazetteer(
        args.no_embedded,
        &args.custom,
        args.geonames.as_ref(),
        args.alternate_names.as_ref(),
    )?;
    let options = ResolveOptions {
        country: args.country.clone(),
        strict: args.strict,
        max_alternatives: args.alternatives,
        ..ResolveOptions::default()
    };
    let stdout = io::stdout();
    let mut writer = RecordWriter::new(BufWriter::new(stdout.lock()), args.format);
    let mut errors: Vec<String> = Vec::new();

    if let Some(point) = &args.reverse {
        let (lat, lon) = parse_point(point)?;
        let (place, km) = gazetteer
            .reverse(lat, lon)
            .with_context(|| format!("no places loaded to search near {point:?}"))?;
        let mut record = placemap::gazetteer::Resolution {
            query: point.clone(),
            place,
            matched: MatchKind::Coordinates,
            demonym: false,
            confidence: 1.0,
            alternatives: Vec::new(),
        }
        .to_record();
        record.query = format!("{point} ({km:.1} km away)");
        writer.write(record)?;
        return writer.finish();
    }

    // Names resolve and format into a part's buffer on a worker thread, a part of a batch
    // at a time; this thread writes the parts out in input order. A table is laid out whole,
    // so it keeps the records instead.
    let format = args.format;
    let resolve_part = |names: &[Result<String, String>]| -> Result<Part> {
        let mut part = Part {
            // About what a record takes in JSON, so that the buffer seldom grows.
            bodies: Vec::with_capacity(if format == Format::Table {
                0
            } else {
                names.len() * 700
            }),
            ends: Vec::with_capacity(names.len()),
            ..Part::default()
        };
        // A batch often names a place many times ("Washington" in every news story): each
        // name is resolved once a part. The memo lives as long as the part, so memory stays
        // bounded by the batch.
        let mut memo: rustc_hash::FxHashMap<&str, _> = Default::default();
        for name in names {
            let name = match name {
                Ok(name) => name,
                Err(e) => {
                    part.errors.push(e.clone());
                    part.tally.unknown += 1;
                    continue;
                }
            };
            let resolved = memo
                .entry(name.as_str())
                .or_insert_with(|| gazetteer.resolve_with(name, &options))
                .clone();
            match resolved {
                Ok(r) => {
                    if r.is_guess() {
                        part.tally.guessed += 1;
                        part.warnings.push(format!(
                            "warning: unknown place {:?}; guessed {} (use --strict to refuse guesses)",
                            name.trim(),
                            r.place
                        ));
                    } else {
                        part.tally.resolved += 1;
                    }
                    if format == Format::Table {
                        part.records.push(r.to_record());
                    } else {
                        format_record(format, &r.to_record(), &mut part.bodies)?;
                    }
                    part.ends.push(part.bodies.len());
                }
                Err(e) => {
                    part.errors.push(e.to_string());
                    part.tally.unknown += 1;
                }
            }
        }
        Ok(part)
    };

    let threads = super::parallel::threads();
    // Names from stdin may be millions: a progress line while stderr is a terminal, and
    // one summary line at the end rather than a warning a guess.
    let mut tally: Option<Tally> = None;
    for name in &args.names {
        if name != "-" {
            let part = resolve_part(&[Ok(name.clone())])?;
            part.write_to(&mut writer, &mut errors)?;
            continue;
        }
        let mut progress = Progress::new("resolve", "names");
        progress.set_total_bytes(progress::stdin_size());
        let tally = tally.get_or_insert_with(Tally::default);
        let mut stdin =
            placemap::io::LineReader::new(io::stdin().lock(), placemap::io::limits::NAME_LINE);
        loop {
            let mut batch: Vec<Result<String, String>> = Vec::with_capacity(BATCH_NAMES);
            while batch.len() < BATCH_NAMES {
                let text = match stdin.next_line() {
                    Ok(Some(text)) => {
                        progress.add_bytes(text.len() as u64 + 1);
                        text
                    }
                    Ok(None) => break,
                    Err(e) => {
                        // Print what resolved before the bad line, then stop.
                        errors.push(format!("cannot read stdin: {e}"));
                        break;
                    }
                };
                match std::str::from_utf8(text) {
                    Ok(s) if s.trim().is_empty() => {}
                    Ok(s) => batch.push(Ok(s.to_string())),
                    Err(_) => batch.push(Err(format!(
                        "stdin line {}: not valid UTF-8; give names as UTF-8 text",
                        stdin.line_number()
                    ))),
                }
            }
            if batch.is_empty() {
                break;
            }
            let parts: Vec<&[Result<String, String>]> =
                batch.chunks(batch.len().div_ceil(threads)).collect();
            for part in super::parallel::map(&parts, threads, |names| resolve_part(names)) {
                let mut part = part?;
                tally.add(part.tally);
                progress.add_items(part.tally.total());
                part.warnings.clear();
                part.write_to(&mut writer, &mut errors)?;
            }
        }
        progress.finish();
    }
    writer.finish()?;
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for e in &errors {
        writeln!(err, "error: {e}")?;
    }
    if let Some(tally) = tally {
        writeln!(err, "{}", tally.summary())?;
    }
    if errors.is_empty() {
        return Ok(());
    }
    Err(Reported.into())
}

/// Names from stdin resolved at a time: enough to keep every core busy, few enough that
/// output starts at once.
const BATCH_NAMES: usize = 4096;

/// Names resolved on one thread: their formatted records end to end and where each ends
/// (or the records themselves, for a table), and the warnings and errors, in input order.
#[derive(Default)]
struct Part {
    bodies: Vec<u8>,
    ends: Vec<usize>,
    records: Vec<ResolvedRecord>,
    warnings: Vec<String>,
    errors: Vec<String>,
    tally: Tally,
}

impl Part {
    fn write_to<W: Write>(
        self,
        writer: &mut RecordWriter<W>,
        errors: &mut Vec<String>,
    ) -> Result<()> {
        for w in &self.warnings {
            eprintln!("{w}");
        }
        errors.extend(self.errors);
        if !self.records.is_empty() {
            for r in self.records {
                writer.write(r)?;
            }
            return Ok(());
        }
        let mut start = 0;
        for end in self.ends {
            writer.write_body(&self.bodies[start..end])?;
            start = end;
        }
        Ok(())
    }
}

fn parse_point(text: &str) -> Result<(f64, f64)> {
    match placemap::gazetteer::parse_literal(text) {
        Some(Ok(placemap::gazetteer::Literal::Point(lat, lon))) => Ok((lat, lon)),
        Some(Err(reason)) => Err(ResolveError::Coordinates {
            text: text.to_string(),
            reason,
        }
        .into()),
        _ => bail!("--reverse {text:?} is not a point; give LAT,LON as in \"39.65,66.96\""),
    }
}

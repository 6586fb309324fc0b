//! `placemap resolve`: place names to coordinates.

use std::io::{self, BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use placemap::gazetteer::{
    CustomFormat, Gazetteer, GeoNamesFiles, MatchKind, ResolveError, ResolveOptions,
};

use super::output::{Format, RecordWriter};
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

    let resolve_one =
        |name: &str, writer: &mut RecordWriter<_>, errors: &mut Vec<String>| -> Result<()> {
            match gazetteer.resolve_with(name, &options) {
                Ok(r) => {
                    if r.is_guess() {
                        eprintln!(
                        "warning: unknown place {:?}; guessed {} (use --strict to refuse guesses)",
                        name.trim(),
                        r.place
                    );
                    }
                    writer.write(r.to_record())
                }
                Err(e) => {
                    errors.push(e.to_string());
                    Ok(())
                }
            }
        };

    for name in &args.names {
        if name == "-" {
            let mut stdin = io::stdin().lock();
            let mut buf = Vec::new();
            for n in 0.. {
                buf.clear();
                if stdin
                    .read_until(b'\n', &mut buf)
                    .context("cannot read stdin")?
                    == 0
                {
                    break;
                }
                let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                match std::str::from_utf8(line) {
                    Ok(s) if s.trim().is_empty() => {}
                    Ok(s) => resolve_one(s, &mut writer, &mut errors)?,
                    Err(_) => errors.push(format!(
                        "stdin line {}: not valid UTF-8; give names as UTF-8 text",
                        n + 1
                    )),
                }
            }
        } else {
            resolve_one(name, &mut writer, &mut errors)?;
        }
    }
    writer.finish()?;
    if errors.is_empty() {
        return Ok(());
    }
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for e in &errors {
        writeln!(err, "error: {e}")?;
    }
    Err(Reported.into())
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

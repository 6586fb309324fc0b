//! Loading places at run time: the user's own places (CSV or GeoJSON points) and GeoNames
//! dumps in their standard tab-separated format.

use std::collections::HashMap;

use std::path::{Path, PathBuf};

use super::error::LoadError;
use super::index::{Blob, Index, IndexBuilder, PlaceKind, PlaceRow, Text};
use super::{Gazetteer, Source, SYNTHETIC_ID_START};

/// The format of a custom places file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomFormat {
    /// CSV with a header: `name`, `lat`, `lon`, and optional `aliases` (separated by `|` or
    /// `;`), `kind`, `country_code`, `population`.
    Csv,
    /// GeoJSON Point features with a `name` property and optional `aliases` (an array or a
    /// `|`-separated string), `kind`, `country_code`, `population`.
    GeoJson,
}

impl CustomFormat {
    /// The format a file's extension names: `.geojson` and `.json` are GeoJSON, all else CSV.
    pub fn from_path(path: &Path) -> CustomFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json") => {
                CustomFormat::GeoJson
            }
            _ => CustomFormat::Csv,
        }
    }
}

/// The files of a GeoNames dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoNamesFiles {
    /// `allCountries.txt`, `cities500.txt`, a country file such as `UZ.txt`…
    pub places: PathBuf,
    /// `alternateNamesV2.txt` (or `alternateNames.txt`), optional.
    pub alternate_names: Option<PathBuf>,
}

/// Ids for custom places: far above GeoNames ids and the synthetic ids of the embedded data.
const CUSTOM_ID_START: u32 = 4_000_000_000;

impl Gazetteer {
    /// Adds the user's own places from a CSV or GeoJSON file. They win over all others.
    /// Returns how many places were added.
    pub fn add_custom(&mut self, path: &Path, format: CustomFormat) -> Result<usize, LoadError> {
        let text = read(path, crate::io::limits::TABLE)?;
        let rows = match format {
            CustomFormat::Csv => custom_csv(path, &text)?,
            CustomFormat::GeoJson => custom_geojson(path, &text)?,
        };
        let first = CUSTOM_ID_START + self.custom_count() as u32;
        let rows = rows.into_iter().enumerate().map(|(i, mut r)| {
            r.id = first + i as u32;
            r
        });
        self.add_rows(Source::Custom, path, rows.collect())
    }

    fn custom_count(&self) -> usize {
        self.layers
            .iter()
            .filter(|l| l.source == Source::Custom)
            .map(|l| l.index.len())
            .sum()
    }

    /// Adds a GeoNames dump (`allCountries.txt`, `citiesN.txt` or a country file, optionally
    /// with `alternateNamesV2.txt`). Its places rank like the embedded ones and replace the
    /// embedded places with the same GeoNames id. Returns how many places were added.
    pub fn add_geonames(&mut self, files: &GeoNamesFiles) -> Result<usize, LoadError> {
        let text = read(&files.places, crate::io::limits::GEONAMES)?;
        let rows_about = text.len() / GEONAMES_LINE_BYTES;
        let mut rows = geonames_rows_parallel(&files.places, &text, threads(rows_about))?;
        if let Some(alt) = &files.alternate_names {
            let alt_text = read(alt, crate::io::limits::GEONAMES)?;
            add_alternate_names(alt, &alt_text, &mut rows)?;
        }
        self.add_rows(Source::GeoNames, &files.places, rows)
    }

    fn add_rows(
        &mut self,
        source: Source,
        path: &Path,
        rows: Vec<PlaceRow>,
    ) -> Result<usize, LoadError> {
        if rows.is_empty() {
            return Err(LoadError::NoPlaces {
                path: path.to_path_buf(),
                hint: match source {
                    Source::Custom => {
                        "expected a header line with name, lat, lon and one place a line".into()
                    }
                    _ => "expected GeoNames' tab-separated lines of 19 columns".into(),
                },
            });
        }
        let mut builder = IndexBuilder::default();
        for row in rows {
            builder.push(row);
        }
        let count = builder.len();
        let bytes = builder
            .build(threads(count))
            .map_err(|e| LoadError::Index(e.to_string()))?;
        let index = Index::open(
            Blob::Owned(bytes.table),
            Text::Owned(bytes.strings),
            bytes.names.into_iter().map(Blob::Owned).collect(),
        )
        .map_err(|e| LoadError::Index(e.0))?;
        self.push_layer(source, index);
        Ok(count)
    }
}

/// About the length of a GeoNames line (cities500.txt averages 162 bytes), to guess the
/// rows of a dump from its size.
const GEONAMES_LINE_BYTES: usize = 150;

/// Threads for work on about `rows` places: small files are not worth a thread, a GeoNames
/// dump is worth every core.
fn threads(rows: usize) -> usize {
    if rows < 20_000 {
        1
    } else {
        crate::parallel::threads()
    }
}

fn read(path: &Path, limit: u64) -> Result<String, LoadError> {
    let bytes = crate::io::read_file(path, limit).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        LoadError::Line {
            path: path.to_path_buf(),
            line,
            message: "not valid UTF-8; save the file as UTF-8".into(),
        }
    })?;
    // A NUL ends a string in the index, so a name holding one could not be kept whole.
    if let Some(at) = text.find('\0') {
        let line = 1 + text[..at].matches('\n').count();
        return Err(line_error(
            path,
            line,
            "holds a NUL character, which no place name may; is this a text file?",
        ));
    }
    Ok(text)
}

fn line_error(path: &Path, line: usize, message: impl Into<String>) -> LoadError {
    LoadError::Line {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

fn parse_lat_lon(lat: &str, lon: &str) -> Result<(f64, f64), String> {
    let lat: f64 = lat
        .trim()
        .parse()
        .map_err(|_| format!("latitude {lat:?} is not a number"))?;
    let lon: f64 = lon
        .trim()
        .parse()
        .map_err(|_| format!("longitude {lon:?} is not a number"))?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is outside -90 to 90"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside -180 to 180"));
    }
    Ok((lat, lon))
}

/// A custom place's kind and GeoNames feature code: a kind of place (`city`), or a kind of
/// natural feature (`river`), which is a feature with that feature's code.
fn parse_kind(kind: &str) -> Result<(Option<PlaceKind>, String), String> {
    let kind = kind.trim().to_ascii_lowercase();
    if kind.is_empty() {
        return Ok((None, String::new()));
    }
    if let Some(code) = super::index::feature_code(&kind) {
        return Ok((Some(PlaceKind::Feature), code.to_string()));
    }
    PlaceKind::parse(&kind)
        .map(|k| (Some(k), String::new()))
        .ok_or_else(|| {
            let mut all: Vec<&str> = PlaceKind::ALL.iter().map(|k| k.as_str()).collect();
            all.extend(super::index::feature_kinds());
            format!("unknown kind {kind:?}; expected one of {}", all.join(", "))
        })
}

fn custom_csv(path: &Path, text: &str) -> Result<Vec<PlaceRow>, LoadError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| line_error(path, 1, e.to_string()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    let (Some(name), Some(lat), Some(lon)) = (
        col("name").or_else(|| col("place")),
        col("lat").or_else(|| col("latitude")),
        col("lon")
            .or_else(|| col("lng"))
            .or_else(|| col("longitude")),
    ) else {
        return Err(line_error(
            path,
            1,
            format!(
                "header {:?} lacks a name, lat or lon column; expected e.g. \"name,lat,lon,aliases,kind\"",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    };
    let (aliases, kind, cc, pop) = (
        col("aliases"),
        col("kind"),
        col("country_code"),
        col("population"),
    );
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            line_error(path, line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("");
        let place_name = field(Some(name));
        if place_name.is_empty() {
            return Err(line_error(path, line, "empty name"));
        }
        let (lat, lon) = parse_lat_lon(field(Some(lat)), field(Some(lon)))
            .map_err(|m| line_error(path, line, m))?;
        let population = match field(pop) {
            "" => 0,
            p => p.parse().map_err(|_| {
                line_error(
                    path,
                    line,
                    format!("population {p:?} is not a whole number"),
                )
            })?,
        };
        let (kind, fcode) = parse_kind(field(kind)).map_err(|m| line_error(path, line, m))?;
        rows.push(PlaceRow {
            kind,
            fcode,
            name: place_name.to_string(),
            lat,
            lon,
            country_code: field(cc).to_ascii_uppercase(),
            population,
            names: split_aliases(field(aliases)),
            ..PlaceRow::default()
        });
    }
    Ok(rows)
}

fn split_aliases(s: &str) -> Vec<String> {
    s.split(['|', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

fn custom_geojson(path: &Path, text: &str) -> Result<Vec<PlaceRow>, LoadError> {
    let error = |message: String| LoadError::GeoJson {
        path: path.to_path_buf(),
        message,
    };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| error(format!("invalid JSON: {e}")))?;
    let features = match value.get("type").and_then(|t| t.as_str()) {
        Some("FeatureCollection") => value
            .get("features")
            .and_then(|f| f.as_array())
            .ok_or_else(|| error("FeatureCollection has no \"features\" array".into()))?
            .clone(),
        Some("Feature") => vec![value.clone()],
        other => {
            return Err(error(format!(
                "expected a FeatureCollection or Feature, found type {other:?}"
            )))
        }
    };
    let mut rows = Vec::new();
    for (i, f) in features.iter().enumerate() {
        let at = |m: String| error(format!("features[{i}]: {m}"));
        let geometry = f.get("geometry").ok_or_else(|| at("no geometry".into()))?;
        let gtype = geometry.get("type").and_then(|t| t.as_str());
        if gtype != Some("Point") {
            return Err(at(format!(
                "geometry is {gtype:?}; custom places must be Points"
            )));
        }
        let coords = geometry
            .get("coordinates")
            .and_then(|c| c.as_array())
            .filter(|c| c.len() >= 2)
            .ok_or_else(|| at("Point has no [lon, lat] coordinates".into()))?;
        let (lon, lat) = (coords[0].to_string(), coords[1].to_string());
        let (lat, lon) = parse_lat_lon(&lat, &lon).map_err(at)?;
        let props = f.get("properties");
        let prop = |k: &str| {
            props
                .and_then(|p| p.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or("")
        };
        let name = prop("name");
        if name.is_empty() {
            return Err(at("no \"name\" property".into()));
        }
        if name.contains('\0') {
            return Err(at(
                "the name holds a NUL character, which no place name may".into(),
            ));
        }
        let names = match props.and_then(|p| p.get("aliases")) {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect(),
            Some(serde_json::Value::String(s)) => split_aliases(s),
            _ => Vec::new(),
        };
        let (kind, fcode) = parse_kind(prop("kind")).map_err(at)?;
        rows.push(PlaceRow {
            kind,
            fcode,
            name: name.to_string(),
            lat,
            lon,
            country_code: prop("country_code").to_ascii_uppercase(),
            population: props
                .and_then(|p| p.get("population"))
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            names,
            ..PlaceRow::default()
        });
    }
    Ok(rows)
}

/// The kind of a GeoNames feature by class and code.
fn geonames_kind(class: &str, code: &str) -> PlaceKind {
    match (class, code) {
        ("P", _) => PlaceKind::City,
        ("A", "ADM1") => PlaceKind::Region,
        ("A", "ADM2") => PlaceKind::County,
        ("A", "PCLI" | "PCLD" | "PCLS" | "PCLF" | "PCLIX" | "PCL" | "TERR") => PlaceKind::Country,
        ("L", "CONT") => PlaceKind::Continent,
        // Waters, islands, peninsulas, mountains and deserts: what `feature_kind` names.
        ("H" | "T" | "L", code) if super::index::feature_kind(code).is_some() => PlaceKind::Feature,
        _ => PlaceKind::Point,
    }
}

/// [`geonames_rows`] on `threads` runs of whole lines at once.
fn geonames_rows_parallel(
    path: &Path,
    text: &str,
    threads: usize,
) -> Result<Vec<PlaceRow>, LoadError> {
    // Each run with the text before it, which numbers its lines only if one is wrong.
    let mut runs = Vec::with_capacity(threads);
    let mut start = 0;
    for i in (1..=threads).rev() {
        let rest = &text[start..];
        let mut cut = rest.len() / i;
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let cut = rest[cut..].find('\n').map_or(rest.len(), |n| cut + n + 1);
        runs.push((&text[..start], &rest[..cut]));
        start += cut;
    }
    let parsed = crate::parallel::map(&runs, threads, |&(before, run)| {
        geonames_rows(path, run, before)
    });
    let mut rows = Vec::new();
    for run in parsed {
        rows.append(&mut run?);
    }
    Ok(rows)
}

/// The places of GeoNames' tab-separated lines, which follow `before` in their file.
fn geonames_rows(path: &Path, text: &str, before: &str) -> Result<Vec<PlaceRow>, LoadError> {
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        // Counted only for an error message: the count is a pass over the text before.
        let line_no = || before.matches('\n').count() + n + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        // The 19 columns, without a vector a line.
        let mut f = [""; 19];
        let mut columns = 0;
        for (i, column) in line.split('\t').enumerate() {
            if let Some(slot) = f.get_mut(i) {
                *slot = column;
            }
            columns = i + 1;
        }
        if columns < 15 {
            return Err(line_error(
                path,
                line_no(),
                format!("{columns} columns, expected GeoNames' 19 tab-separated columns"),
            ));
        }
        let id: u32 = f[0].parse().map_err(|_| {
            line_error(
                path,
                line_no(),
                format!("geonameid {:?} is not a whole number", f[0]),
            )
        })?;
        if id >= SYNTHETIC_ID_START {
            return Err(line_error(
                path,
                line_no(),
                format!("geonameid {id} is out of range"),
            ));
        }
        let (lat, lon) = parse_lat_lon(f[4], f[5]).map_err(|m| line_error(path, line_no(), m))?;
        let kind = geonames_kind(f[6], f[7]);
        rows.push(PlaceRow {
            id,
            kind: Some(kind),
            fcode: f[7].to_string(),
            name: f[1].to_string(),
            lat,
            lon,
            country_code: f[8].to_string(),
            admin1: f[10].to_string(),
            admin2: f[11].to_string(),
            population: f[14].parse().unwrap_or(0),
            timezone: f[17].to_string(),
            names: f[3]
                .split(',')
                .chain(std::iter::once(f[2]))
                .filter(|a| !a.is_empty() && *a != f[1])
                .map(str::to_string)
                .collect(),
            ..PlaceRow::default()
        });
    }
    Ok(rows)
}

/// Adds names from `alternateNamesV2.txt` to the places loaded from the same dump.
fn add_alternate_names(path: &Path, text: &str, rows: &mut [PlaceRow]) -> Result<(), LoadError> {
    let by_id: HashMap<u32, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
    for (n, line) in text.lines().enumerate() {
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(line_error(
                path,
                n + 1,
                format!(
                    "{} columns, expected GeoNames' alternate names format",
                    f.len()
                ),
            ));
        }
        let id: u32 = f[1].parse().map_err(|_| {
            line_error(
                path,
                n + 1,
                format!("geonameid {:?} is not a whole number", f[1]),
            )
        })?;
        // Links, postal codes and airport codes are not names.
        if matches!(
            f[2],
            "link" | "post" | "iata" | "icao" | "faac" | "wkdt" | "unlc"
        ) {
            continue;
        }
        if let Some(&i) = by_id.get(&id) {
            rows[i].names.push(f[3].to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: u32, name: &str) -> String {
        format!(
            "{id}\t{name}\t{name}\t{name}a,{name}b\t39.6\t66.9\tP\tPPL\tUZ\t\t08\t\t\t\t{id}\t\t705\tAsia/Samarkand\t2020-01-01\n"
        )
    }

    #[test]
    fn runs_of_lines_parse_as_one_text() {
        let text: String = (1..=40).map(|i| line(i, &format!("Place {i}"))).collect();
        let path = Path::new("cities.txt");
        let one = geonames_rows_parallel(path, &text, 1).expect("parses");
        for threads in [2, 3, 7, 64] {
            assert_eq!(
                geonames_rows_parallel(path, &text, threads).expect("parses"),
                one,
                "{threads} threads"
            );
        }
        assert_eq!(one.len(), 40);
        assert_eq!(one[39].names, ["Place 40a", "Place 40b"]);
    }

    #[test]
    fn waters_islands_and_mountains_of_a_dump_are_features() {
        assert_eq!(geonames_kind("H", "STM"), PlaceKind::Feature);
        assert_eq!(geonames_kind("T", "ISL"), PlaceKind::Feature);
        assert_eq!(geonames_kind("P", "PPL"), PlaceKind::City);
        // A feature code this crate does not name stays a bare point.
        assert_eq!(geonames_kind("S", "HTL"), PlaceKind::Point);
    }

    #[test]
    fn an_error_names_its_line_in_the_whole_file() {
        let mut text: String = (1..=30).map(|i| line(i, "Somewhere")).collect();
        text.push_str("31\tBroken\n");
        text.push_str(&line(32, "Elsewhere"));
        for threads in [1, 2, 5] {
            let err = geonames_rows_parallel(Path::new("cities.txt"), &text, threads)
                .expect_err("line 31 is broken");
            assert!(
                err.to_string().contains("cities.txt:31: 2 columns"),
                "{threads} threads: {err}"
            );
        }
    }
}

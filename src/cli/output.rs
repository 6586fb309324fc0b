//! Writing resolved places as a table, JSON, JSON lines, CSV or GeoJSON.

use std::io::Write;

use anyhow::Result;
use clap::ValueEnum;
use placemap::gazetteer::ResolvedRecord;
use serde_json::json;

/// Output formats for lists of places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people to read.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object a line.
    Jsonl,
    /// CSV with a header.
    Csv,
    /// A GeoJSON FeatureCollection of Points.
    Geojson,
}

/// Writes records one at a time where the format allows, so batches stream.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    count: usize,
    table: Vec<ResolvedRecord>,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: Format) -> RecordWriter<W> {
        RecordWriter {
            out,
            format,
            count: 0,
            table: Vec::new(),
        }
    }

    pub fn write(&mut self, r: ResolvedRecord) -> Result<()> {
        let first = self.count == 0;
        self.count += 1;
        match self.format {
            Format::Table => self.table.push(r),
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, &r)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out.write_all(if first { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut self.out, &r)?;
            }
            Format::Csv => {
                if first {
                    writeln!(
                        self.out,
                        "query,name,kind,lat,lon,country_code,country,region,population,geonames_id,match,confidence,alternatives"
                    )?;
                }
                let alternatives: Vec<String> = r
                    .alternatives
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.country_code))
                    .collect();
                let fields = [
                    r.query.clone(),
                    r.name.clone(),
                    r.kind.clone(),
                    r.lat.to_string(),
                    r.lon.to_string(),
                    r.country_code.clone(),
                    r.country.clone(),
                    r.region.clone(),
                    r.population.to_string(),
                    r.geonames_id.map(|i| i.to_string()).unwrap_or_default(),
                    r.r#match.as_str().to_string(),
                    r.confidence.to_string(),
                    alternatives.join("|"),
                ];
                let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
                writeln!(self.out, "{}", line.join(","))?;
            }
            Format::Geojson => {
                self.out.write_all(if first {
                    b"{\"type\":\"FeatureCollection\",\"features\":[\n"
                } else {
                    b",\n"
                })?;
                let mut props = serde_json::to_value(&r)?;
                if let Some(p) = props.as_object_mut() {
                    p.remove("lat");
                    p.remove("lon");
                    p.insert("title".into(), json!(r.name));
                }
                let feature = json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                    "properties": props,
                });
                serde_json::to_writer(&mut self.out, &feature)?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        match self.format {
            Format::Table => write_table(&mut self.out, &self.table)?,
            Format::Json if self.count == 0 => self.out.write_all(b"[]\n")?,
            Format::Json => self.out.write_all(b"\n]\n")?,
            Format::Geojson if self.count == 0 => self
                .out
                .write_all(b"{\"type\":\"FeatureCollection\",\"features\":[]}\n")?,
            Format::Geojson => self.out.write_all(b"\n]}\n")?,
            Format::Jsonl | Format::Csv => {}
        }
        self.out.flush()?;
        Ok(())
    }
}

/// Quotes a CSV field when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write_table<W: Write>(out: &mut W, records: &[ResolvedRecord]) -> Result<()> {
    let header = [
        "query",
        "name",
        "kind",
        "country",
        "region",
        "lat",
        "lon",
        "match",
        "confidence",
    ];
    let rows: Vec<[String; 9]> = records
        .iter()
        .map(|r| {
            [
                r.query.clone(),
                r.name.clone(),
                r.kind.clone(),
                r.country.clone(),
                r.region.clone(),
                format!("{:.4}", r.lat),
                format!("{:.4}", r.lon),
                r.r#match.as_str().to_string(),
                format!("{:.2}", r.confidence),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        padded.join("  ").trim_end().to_string()
    };
    writeln!(out, "{}", line(&header.map(String::from)))?;
    for row in &rows {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

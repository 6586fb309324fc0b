//! Writing resolved places as a table, JSON, JSON lines, CSV or GeoJSON.

use std::io::{self, Write};

use anyhow::{bail, Result};
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
    widths: Option<Widths>,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(out: W, format: Format) -> RecordWriter<W> {
        RecordWriter {
            out,
            format,
            count: 0,
            table: Vec::new(),
            widths: None,
        }
    }

    pub fn write(&mut self, r: ResolvedRecord) -> Result<()> {
        if self.format == Format::Table {
            self.count += 1;
            self.table.push(r);
            if self.table.len() == TABLE_ROWS {
                self.write_rows()?;
            }
            return Ok(());
        }
        let mut body = Vec::with_capacity(512);
        format_record(self.format, &r, &mut body)?;
        self.write_body(&body)
    }

    /// Writes one record formatted by [`format_record`] (in any format but the table),
    /// after the header or separator it needs.
    pub fn write_body(&mut self, body: &[u8]) -> Result<()> {
        let first = self.count == 0;
        self.count += 1;
        match self.format {
            Format::Json => self.out.write_all(if first { b"[\n" } else { b",\n" })?,
            Format::Csv if first => writeln!(
                self.out,
                "query,name,kind,lat,lon,country_code,country,region,population,geonames_id,match,confidence,alternatives"
            )?,
            Format::Geojson => self.out.write_all(if first {
                b"{\"type\":\"FeatureCollection\",\"features\":[\n"
            } else {
                b",\n"
            })?,
            Format::Table | Format::Jsonl | Format::Csv => {}
        }
        self.out.write_all(body)?;
        Ok(())
    }

    /// Lays out the table rows kept so far.
    fn write_rows(&mut self) -> Result<()> {
        if self.table.is_empty() && self.widths.is_some() {
            return Ok(());
        }
        self.widths = Some(write_table(&mut self.out, &self.table, self.widths)?);
        self.table.clear();
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        match self.format {
            Format::Table => self.write_rows()?,
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

/// Appends one record in `format` to `out`, without the header or separator that
/// [`RecordWriter::write_body`] puts before it, so that records can be formatted on any
/// thread. A table is laid out by [`RecordWriter`], many rows at a time, and has no form of
/// its own here.
pub fn format_record(format: Format, r: &ResolvedRecord, out: &mut Vec<u8>) -> Result<()> {
    match format {
        Format::Table => bail!("a table is laid out many rows at a time, not a record at a time"),
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, r)?;
            out.push(b'\n');
        }
        Format::Json => serde_json::to_writer(&mut *out, r)?,
        Format::Csv => {
            write_csv_field(out, &r.query)?;
            for field in [&r.name, &r.kind] {
                out.push(b',');
                write_csv_field(out, field)?;
            }
            write!(out, ",{},{},", r.lat, r.lon)?;
            for field in [&r.country_code, &r.country, &r.region] {
                write_csv_field(out, field)?;
                out.push(b',');
            }
            write!(out, "{},", r.population)?;
            if let Some(id) = r.geonames_id {
                write!(out, "{id}")?;
            }
            write!(out, ",{},{},", r.r#match.as_str(), r.confidence)?;
            let mut alternatives = String::new();
            for (i, a) in r.alternatives.iter().enumerate() {
                if i > 0 {
                    alternatives.push('|');
                }
                alternatives.push_str(&a.name);
                alternatives.push_str(" (");
                alternatives.push_str(&a.country_code);
                alternatives.push(')');
            }
            write_csv_field(out, &alternatives)?;
            out.push(b'\n');
        }
        Format::Geojson => {
            let mut props = serde_json::to_value(r)?;
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
            serde_json::to_writer(&mut *out, &feature)?;
        }
    }
    Ok(())
}

/// Writes a CSV field, quoted when it holds a comma, quote or line break.
fn write_csv_field<W: Write>(out: &mut W, s: &str) -> io::Result<()> {
    if s.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", s.replace('"', "\"\""))
    } else {
        out.write_all(s.as_bytes())
    }
}

/// The widest a table column is padded to: a longer cell is printed whole and pushes the
/// rest of its row along, rather than widening the column for every row.
const MAX_COLUMN: usize = 40;

/// Records a table lays out at a time: the column widths fit these rows (and only grow
/// from one run to the next), so a table of any length streams in constant memory.
const TABLE_ROWS: usize = 4096;

/// A table's column widths, once its header is written.
type Widths = [usize; 9];

/// Writes `records` as rows of a table whose columns are at least `widths` wide (with the
/// header first when there are none yet), and returns the widths used.
fn write_table<W: Write>(
    out: &mut W,
    records: &[ResolvedRecord],
    widths: Option<Widths>,
) -> Result<Widths> {
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
                printable(&r.query),
                printable(&r.name),
                printable(&r.kind),
                printable(&r.country),
                printable(&r.region),
                format!("{:.4}", r.lat),
                format!("{:.4}", r.lon),
                r.r#match.as_str().to_string(),
                format!("{:.2}", r.confidence),
            ]
        })
        .collect();
    let mut new = widths.unwrap_or(header.map(|h| h.chars().count()));
    for row in &rows {
        for (w, cell) in new.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count().min(MAX_COLUMN));
        }
    }
    let mut line = String::new();
    let mut write_line = |out: &mut W, cells: &[String]| -> io::Result<()> {
        line.clear();
        for (i, (cell, w)) in cells.iter().zip(new).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            line.push_str(cell);
            // Padded by hand: a width in `format!` is limited to 16 bits.
            let n = cell.chars().count();
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(n)));
        }
        writeln!(out, "{}", line.trim_end())
    };
    if widths.is_none() {
        write_line(out, &header.map(String::from))?;
    }
    for row in &rows {
        write_line(out, row)?;
    }
    Ok(new)
}

/// `s` with control characters (terminal escape sequences among them) written as `\u{1b}`,
/// so that a name cannot drive the terminal that shows the table.
pub fn printable(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

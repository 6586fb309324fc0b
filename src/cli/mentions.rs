//! An article of any length read and searched a part at a time, and its mentions written as
//! they are found: memory stays flat in the article's length.

use std::io::{BufRead, Write};

use anyhow::{bail, Context, Result};
use placemap::extract::{Extractor, MentionRecord};
use serde_json::json;

use super::output::{printable, Format};

/// Bytes of text searched at a time. Mentions never span a paragraph, and a part ends at
/// a paragraph break where it can (else a line break, a space, a hyphen); an article
/// shorter than this is searched whole, as before. Small enough that the extractor's
/// working memory (up to some hundreds of bytes a byte of text) stays bounded.
pub const PART_BYTES: usize = 256 << 10;

/// Reads the text of `input` a part at a time and hands each part, with its byte offset in
/// the whole text, to `each`. Errors name the input (`name`) and, for a bad byte, its
/// offset and line.
pub fn for_each_part(
    mut input: impl BufRead,
    name: &str,
    mut each: impl FnMut(&str, usize) -> Result<()>,
) -> Result<()> {
    let mut buf: Vec<u8> = Vec::with_capacity(PART_BYTES + (64 << 10));
    let mut offset = 0usize;
    let mut lines = 1usize;
    let mut any_text = false;
    loop {
        let mut eof = false;
        while buf.len() < PART_BYTES {
            let available = input
                .fill_buf()
                .with_context(|| format!("cannot read {name}"))?;
            if available.is_empty() {
                eof = true;
                break;
            }
            let take = available.len().min(PART_BYTES - buf.len());
            buf.extend_from_slice(&available[..take]);
            input.consume(take);
        }
        if buf.is_empty() {
            break;
        }
        let cut = if eof { buf.len() } else { cut_at(&buf) };
        let part = &buf[..cut];
        if let Some(at) = part.iter().position(|&b| b == 0) {
            bail!(
                "{name}: looks like a binary file (a NUL byte at offset {}), not text",
                offset + at
            );
        }
        let text = std::str::from_utf8(part).map_err(|e| {
            let at = e.valid_up_to();
            let line = lines + part[..at].iter().filter(|&&b| b == b'\n').count();
            anyhow::anyhow!(
                "{name}: not UTF-8 text (invalid byte at offset {}, line {line}); convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8",
                offset + at
            )
        })?;
        any_text |= !text.trim().is_empty();
        each(text, offset)?;
        lines += part.iter().filter(|&&b| b == b'\n').count();
        offset += cut;
        buf.drain(..cut);
        if eof && buf.is_empty() {
            break;
        }
    }
    if !any_text {
        bail!("{name}: the text is empty");
    }
    Ok(())
}

/// Where to end a part of `buf` (which is full): after the last paragraph break in its
/// second half, else the last line break, space or hyphen, else the last character
/// boundary.
fn cut_at(buf: &[u8]) -> usize {
    let half = buf.len() / 2;
    let tail = &buf[half..];
    let after = |pos: Option<usize>, len: usize| pos.map(|p| half + p + len);
    after(tail.windows(2).rposition(|w| w == b"\n\n"), 2)
        .or_else(|| after(tail.iter().rposition(|&b| b == b'\n'), 1))
        .or_else(|| after(tail.iter().rposition(|&b| b == b' ' || b == b'\t'), 1))
        .or_else(|| after(tail.iter().rposition(|&b| b == b'-'), 1))
        .unwrap_or_else(|| {
            // No break at all: cut before a character's first byte.
            let mut at = buf.len();
            while at > 0 && (buf[at - 1] & 0xc0) == 0x80 {
                at -= 1;
            }
            if at > 0 && buf[at - 1] >= 0xc0 {
                at -= 1;
            }
            if at == 0 {
                buf.len()
            } else {
                at
            }
        })
}

/// Mentions written in a format as they come, with what goes before the first and after
/// the last.
pub struct MentionWriter<W: Write> {
    out: W,
    format: Format,
    count: usize,
}

impl<W: Write> MentionWriter<W> {
    pub fn new(out: W, format: Format) -> MentionWriter<W> {
        MentionWriter {
            out,
            format,
            count: 0,
        }
    }

    /// Writes the mentions of a part of the text that starts `offset` bytes into it.
    pub fn write(&mut self, extractor: &Extractor<'_>, text: &str, offset: usize) -> Result<()> {
        for m in extractor.extract(text) {
            let mut r = m.to_record();
            r.start += offset;
            r.end += offset;
            self.record(&r)?;
        }
        Ok(())
    }

    fn record(&mut self, r: &MentionRecord) -> Result<()> {
        let first = self.count == 0;
        self.count += 1;
        let out = &mut self.out;
        match self.format {
            Format::Table => {
                if first {
                    table_header(out)?;
                }
                let place = if r.country.is_empty() || r.kind == "country" {
                    r.name.clone()
                } else {
                    format!("{} ({})", r.name, r.country_code)
                };
                writeln!(
                    out,
                    "{:<12} {:<24} {:<32} {:<10} {:>9.4} {:>10.4} {:>5.2}",
                    format!("{}-{}", r.start, r.end),
                    printable(&r.text),
                    printable(&place),
                    printable(&r.kind),
                    r.lat,
                    r.lon,
                    r.confidence
                )?;
            }
            Format::Json => {
                // As serde_json writes a pretty array: each element indented by two spaces
                // (strings hold no raw line breaks, so indenting lines is safe).
                out.write_all(if first { b"[\n" } else { b",\n" })?;
                let element = serde_json::to_string_pretty(r)?;
                for (i, line) in element.lines().enumerate() {
                    if i > 0 {
                        out.write_all(b"\n")?;
                    }
                    write!(out, "  {line}")?;
                }
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut *out, r)?;
                writeln!(out)?;
            }
            Format::Csv => {
                // A writer a record (they are few): it borrows the output only that long.
                let mut w = csv::Writer::from_writer(&mut *out);
                if first {
                    w.write_record(CSV_HEADER)?;
                }
                let alternatives: Vec<String> = r
                    .alternatives
                    .iter()
                    .map(|a| format!("{} ({})", a.name, a.country_code))
                    .collect();
                w.write_record([
                    r.start.to_string(),
                    r.end.to_string(),
                    r.text.clone(),
                    r.name.clone(),
                    r.kind.clone(),
                    r.lat.to_string(),
                    r.lon.to_string(),
                    r.country_code.clone(),
                    r.country.clone(),
                    r.region.clone(),
                    r.geonames_id.map(|i| i.to_string()).unwrap_or_default(),
                    r.r#match.as_str().to_string(),
                    r.confidence.to_string(),
                    alternatives.join("|"),
                ])?;
                w.flush()?;
            }
            Format::Geojson => {
                // serde_json's maps are sorted: "features" comes before "type".
                out.write_all(if first { b"{\"features\":[" } else { b"," })?;
                serde_json::to_writer(&mut *out, &feature(r))?;
            }
        }
        Ok(())
    }

    /// Writes what follows the last mention, or an empty list's form.
    pub fn finish(mut self) -> Result<()> {
        let none = self.count == 0;
        let out = &mut self.out;
        match self.format {
            Format::Table if none => table_header(out)?,
            Format::Json if none => out.write_all(b"[]\n")?,
            Format::Json => out.write_all(b"\n]\n")?,
            Format::Csv if none => {
                let mut w = csv::Writer::from_writer(&mut *out);
                w.write_record(CSV_HEADER)?;
                w.flush()?;
            }
            Format::Geojson if none => {
                out.write_all(b"{\"features\":[],\"type\":\"FeatureCollection\"}\n")?
            }
            Format::Geojson => out.write_all(b"],\"type\":\"FeatureCollection\"}\n")?,
            Format::Table | Format::Jsonl | Format::Csv => {}
        }
        self.out.flush()?;
        Ok(())
    }
}

const CSV_HEADER: [&str; 14] = [
    "start",
    "end",
    "text",
    "name",
    "kind",
    "lat",
    "lon",
    "country_code",
    "country",
    "region",
    "geonames_id",
    "match",
    "confidence",
    "alternatives",
];

fn table_header<W: Write>(out: &mut W) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<12} {:<24} {:<32} {:<10} {:>9} {:>10} {:>5}",
        "bytes", "text", "place", "kind", "lat", "lon", "conf"
    )
}

fn feature(r: &MentionRecord) -> serde_json::Value {
    let mut properties = serde_json::to_value(r).unwrap_or_default();
    if let Some(p) = properties.as_object_mut() {
        p.remove("lat");
        p.remove("lon");
    }
    json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
        "properties": properties,
    })
}

/// Serialises for the unit tests below without an extractor.
#[cfg(test)]
fn write_all<W: Write>(w: &mut MentionWriter<W>, records: &[MentionRecord]) -> Result<()> {
    records.iter().try_for_each(|r| w.record(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &[u8]) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for_each_part(text, "t", |s, at| {
            out.push((s.to_string(), at));
            Ok(())
        })
        .unwrap();
        out
    }

    #[test]
    fn long_texts_are_cut_at_breaks_and_keep_their_offsets() {
        let para = "Talks in Tashkent went on.\n\n".repeat(PART_BYTES / 20);
        let got = parts(para.as_bytes());
        assert!(got.len() >= 2);
        let mut joined = String::new();
        for (text, at) in &got {
            assert_eq!(*at, joined.len());
            assert!(text.len() <= PART_BYTES);
            joined.push_str(text);
        }
        assert_eq!(joined, para);
        assert!(got[..got.len() - 1]
            .iter()
            .all(|(t, _)| t.ends_with("\n\n")));
        // No break at all, and multibyte characters: cut on a character boundary.
        let word = "é".repeat(PART_BYTES);
        let got = parts(word.as_bytes());
        assert_eq!(
            got.iter().map(|(t, _)| t.as_str()).collect::<String>(),
            word
        );
        // Short texts are one part, as before.
        assert_eq!(parts(b"Paris"), [("Paris".to_string(), 0)]);
    }

    #[test]
    fn bad_text_is_named_with_its_offset_in_the_whole() {
        let mut text = "ok\n".repeat(PART_BYTES / 2).into_bytes();
        text.push(0xff);
        let e = for_each_part(&text[..], "a.txt", |_, _| Ok(())).unwrap_err();
        assert!(
            e.to_string().starts_with(&format!(
                "a.txt: not UTF-8 text (invalid byte at offset {}, line {}",
                text.len() - 1,
                PART_BYTES / 2 + 1
            )),
            "{e}"
        );
        let e = for_each_part(&b" \n"[..], "a.txt", |_, _| Ok(())).unwrap_err();
        assert_eq!(e.to_string(), "a.txt: the text is empty");
    }

    #[test]
    fn streamed_json_is_what_serde_writes() {
        let g = placemap::gazetteer::Gazetteer::embedded().unwrap();
        let records: Vec<MentionRecord> = Extractor::new(&g)
            .extract("Flights from Kyiv to Tashkent and Astana.")
            .iter()
            .map(|m| m.to_record())
            .collect();
        assert!(records.len() >= 2);
        for (format, expected) in [
            (
                Format::Json,
                serde_json::to_string_pretty(&records).unwrap() + "\n",
            ),
            (
                Format::Geojson,
                serde_json::to_string(&json!({
                    "type": "FeatureCollection",
                    "features": records.iter().map(feature).collect::<Vec<_>>(),
                }))
                .unwrap()
                    + "\n",
            ),
        ] {
            for records in [&records[..], &[]] {
                let mut out = Vec::new();
                let mut w = MentionWriter::new(&mut out, format);
                write_all(&mut w, records).unwrap();
                w.finish().unwrap();
                let expected = if records.is_empty() {
                    match format {
                        Format::Json => "[]\n".to_string(),
                        _ => "{\"features\":[],\"type\":\"FeatureCollection\"}\n".to_string(),
                    }
                } else {
                    expected.clone()
                };
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{format:?}");
            }
        }
    }
}

//! A small SVG writer: fixed coordinate precision, escaped text, stable attribute order.

use std::fmt::Write;

use geo_types::{MultiLineString, MultiPolygon};

use crate::layout::text::isolate_indic_runs;

/// Formats a number with at most `decimals` decimals, without trailing zeros or "-0".
pub fn num(v: f64, decimals: usize) -> String {
    let mut s = String::new();
    push_num(&mut s, v, decimals);
    s
}

/// Appends [`num`] of a number to `out`.
pub fn push_num(out: &mut String, v: f64, decimals: usize) {
    match scaled(v, decimals) {
        Some(units) => push_units(out, units, decimals),
        None => push_formatted(out, v, decimals),
    }
}

/// A number in units of its last decimal (tenths for one decimal), when rounding it there
/// is plain: it is not within a hair of half a unit, where only the exact decimal value of
/// the float decides, and not too large for exact integers.
fn scaled(v: f64, decimals: usize) -> Option<i64> {
    let scale = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6].get(decimals)?;
    let f = v * scale;
    if !f.is_finite() || f.abs() >= 1e15 || ((f - f.floor()) - 0.5).abs() < 1e-6 {
        return None;
    }
    Some(f.round() as i64)
}

/// Writes `units` of 10^-`decimals` without trailing zeros.
fn push_units(out: &mut String, units: i64, decimals: usize) {
    if units < 0 {
        out.push('-');
    }
    let units = units.unsigned_abs();
    let scale = 10u64.pow(decimals as u32);
    let _ = write!(out, "{}", units / scale);
    let mut frac = units % scale;
    if frac == 0 {
        return;
    }
    let mut digits = decimals;
    while frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    let _ = write!(out, ".{frac:0digits$}");
}

/// [`num`] by the standard formatter, which rounds the float's exact decimal value.
fn push_formatted(out: &mut String, v: f64, decimals: usize) {
    let mut s = format!("{v:.decimals$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".into();
    }
    out.push_str(&s);
}

/// A coordinate with one decimal (0.1 px): enough for print at 4× and compact.
pub fn c(v: f64) -> String {
    num(v, 1)
}

/// Escapes text for XML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters, U+FFFE and U+FFFF are not allowed in XML 1.0.
            c if !crate::xml::allowed(c) => {}
            c => out.push(c),
        }
    }
    out
}

fn push_run(d: &mut String, pts: impl Iterator<Item = (f64, f64)>, close: bool) {
    // A point is written into a buffer first and left out if it reads as the last one.
    let mut point = String::new();
    let mut last = String::new();
    for (x, y) in pts {
        point.clear();
        push_num(&mut point, x, 1);
        point.push(' ');
        push_num(&mut point, y, 1);
        if !last.is_empty() && point == last {
            continue;
        }
        d.push(if last.is_empty() { 'M' } else { 'L' });
        d.push_str(&point);
        std::mem::swap(&mut last, &mut point);
    }
    if close && !last.is_empty() {
        d.push('Z');
    }
}

/// Path data of pixel polygons (rings closed with `Z`).
pub fn polygons_d(polys: &MultiPolygon<f64>) -> String {
    let mut d = String::new();
    for p in polys {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let n = ring.0.len().saturating_sub(usize::from(ring.is_closed()));
            push_run(&mut d, ring.0[..n].iter().map(|c| (c.x, c.y)), true);
        }
    }
    d
}

/// Path data of pixel lines.
pub fn lines_d(lines: &MultiLineString<f64>) -> String {
    let mut d = String::new();
    for l in lines {
        push_run(&mut d, l.0.iter().map(|c| (c.x, c.y)), false);
    }
    d
}

/// Path data of a polyline given as points.
pub fn points_d(pts: &[(f64, f64)], close: bool) -> String {
    let mut d = String::new();
    push_run(&mut d, pts.iter().copied(), close);
    d
}

/// An SVG document being written.
#[derive(Debug, Default)]
pub struct Doc {
    buf: String,
}

impl Doc {
    /// An empty document.
    pub fn new() -> Doc {
        Doc::default()
    }

    /// Writes `<tag a="v"…>` (or `<tag …/>` when `empty`); values are escaped.
    pub fn tag(&mut self, tag: &str, attrs: &[(&str, &str)], empty: bool) {
        self.buf.push('<');
        self.buf.push_str(tag);
        for (k, v) in attrs {
            let _ = write!(self.buf, " {k}=\"{}\"", esc(v));
        }
        self.buf.push_str(if empty { "/>\n" } else { ">" });
    }

    /// Opens a group with an id (and optional extra attributes).
    pub fn open_group(&mut self, id: &str, attrs: &[(&str, &str)]) {
        let mut all = vec![("id", id)];
        all.extend_from_slice(attrs);
        self.tag("g", &all, false);
        self.buf.push('\n');
    }

    /// Closes an element.
    pub fn close(&mut self, tag: &str) {
        let _ = writeln!(self.buf, "</{tag}>");
    }

    /// Writes an element with escaped text content.
    ///
    /// Indic runs among other scripts are isolated so that they are shaped as their own
    /// script ([`isolate_indic_runs`]).
    pub fn text_element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.tag(tag, attrs, false);
        self.buf.push_str(&esc(&isolate_indic_runs(text)));
        self.close(tag);
    }

    /// Writes an element with escaped text content and no line break after it (a `tspan`).
    pub fn inline_element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.tag(tag, attrs, false);
        self.buf.push_str(&esc(&isolate_indic_runs(text)));
        let _ = write!(self.buf, "</{tag}>");
    }

    /// Writes raw, already valid SVG.
    pub fn raw(&mut self, svg: &str) {
        self.buf.push_str(svg);
    }

    /// The document text.
    pub fn finish(self) -> String {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact_and_fixed() {
        assert_eq!(c(12.345), "12.3");
        assert_eq!(c(12.0), "12");
        assert_eq!(c(-0.04), "0");
        assert_eq!(num(1.005, 2), "1");
        assert_eq!(num(2.5, 2), "2.5");
    }

    #[test]
    fn numbers_are_written_as_the_standard_formatter_rounds_them() {
        // A spread of values, ties and near-ties included: the fast path must agree with
        // the exact decimal rounding of the formatter everywhere.
        let mut values = vec![
            0.25, 0.35, -0.25, -0.05, 0.05, 1.45, 2.675, 1e16, -1e-9, 0.0,
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = (x % 2_000_000) as f64 / 997.0 - 1000.0;
            values.push(v);
            values.push((v * 20.0).round() / 20.0);
        }
        for v in values {
            for decimals in 0..=3 {
                let mut fast = String::new();
                push_num(&mut fast, v, decimals);
                let mut exact = String::new();
                push_formatted(&mut exact, v, decimals);
                assert_eq!(fast, exact, "{v} to {decimals} decimals");
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(esc("x\u{fffe}y\u{ffff}"), "xy");
    }

    #[test]
    fn paths_skip_repeated_points() {
        assert_eq!(
            points_d(&[(0.0, 0.0), (0.01, 0.0), (10.0, 5.0)], true),
            "M0 0L10 5Z"
        );
    }
}

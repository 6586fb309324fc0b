//! A small SVG writer: fixed coordinate precision, escaped text, stable attribute order.

use std::fmt::Write;

use geo_types::{MultiLineString, MultiPolygon};

/// Formats a number with at most `decimals` decimals, without trailing zeros or "-0".
pub fn num(v: f64, decimals: usize) -> String {
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
    s
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
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn push_run(d: &mut String, pts: impl Iterator<Item = (f64, f64)>, close: bool) {
    let mut first = true;
    let mut last = (String::new(), String::new());
    for (x, y) in pts {
        let (sx, sy) = (c(x), c(y));
        if !first && sx == last.0 && sy == last.1 {
            continue;
        }
        d.push(if first { 'M' } else { 'L' });
        d.push_str(&sx);
        d.push(' ');
        d.push_str(&sy);
        first = false;
        last = (sx, sy);
    }
    if close && !first {
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
    pub fn text_element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.tag(tag, attrs, false);
        self.buf.push_str(&esc(text));
        self.close(tag);
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
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn paths_skip_repeated_points() {
        assert_eq!(
            points_d(&[(0.0, 0.0), (0.01, 0.0), (10.0, 5.0)], true),
            "M0 0L10 5Z"
        );
    }
}

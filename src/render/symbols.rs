//! Writing symbols: circles, squares, triangles, stars and pins.

use super::svg::{self, c, num, Doc};
use crate::layout::map::Pin;
use crate::scene::{Icon, Theme};

/// SVG path of a symbol centred on `(x, y)`.
pub(crate) fn symbol_svg(icon: Icon, x: f64, y: f64, d: f64, fill: &str, stroke: &str) -> String {
    let r = d / 2.0;
    match icon {
        Icon::Circle => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>\n",
            c(x),
            c(y),
            num(r, 2)
        ),
        Icon::Square => {
            let s = r * 0.9;
            format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>\n",
                c(x - s),
                c(y - s),
                c(2.0 * s),
                c(2.0 * s)
            )
        }
        Icon::Triangle => {
            let pts = [
                (x, y - r),
                (x + r * 0.95, y + r * 0.7),
                (x - r * 0.95, y + r * 0.7),
            ];
            format!(
                "<path d=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n",
                svg::points_d(&pts, true)
            )
        }
        Icon::Star => {
            let pts: Vec<(f64, f64)> = (0..10)
                .map(|k| {
                    let a = std::f64::consts::PI * f64::from(k) / 5.0;
                    let rr = if k % 2 == 0 { r } else { r * 0.45 };
                    (x + rr * a.sin(), y - rr * a.cos())
                })
                .collect();
            format!(
                "<path d=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\" stroke-linejoin=\"round\"/>\n",
                svg::points_d(&pts, true)
            )
        }
        Icon::Pin => {
            // A teardrop whose tip is the place; the head is a circle above it.
            let hr = r * 0.6;
            let (hx, hy) = (x, y - d * 1.1);
            format!(
                "<path d=\"M{} {}C{} {} {} {} {} {}A{} {} 0 1 1 {} {}C{} {} {} {} {} {}Z\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\"/>\n<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{stroke}\"/>\n",
                c(x), c(y),
                c(x - hr * 0.3), c(y - d * 0.4), c(hx - hr * 1.2), c(hy + hr * 0.8), c(hx - hr), c(hy + hr * 0.2),
                c(hr), c(hr), c(hx + hr), c(hy + hr * 0.2),
                c(hx + hr * 1.2), c(hy + hr * 0.8), c(x + hr * 0.3), c(y - d * 0.4), c(x), c(y),
                c(hx), c(hy), c(hr * 0.35)
            )
        }
    }
}

/// Writes a marker's symbol.
pub(crate) fn draw_pin(doc: &mut Doc, p: &Pin, theme: &Theme) {
    doc.raw(&symbol_svg(
        p.icon,
        p.px.0,
        p.px.1,
        p.diameter,
        &p.color.to_string(),
        &theme.halo.to_string(),
    ));
}

//! Writing symbols: circles, squares, triangles, stars and pins.

use super::svg::{self, c, num, Doc};
use crate::layout::map::Pin;
use crate::scene::{Icon, Theme};

/// Writes a symbol centred on `(x, y)`, `d` px across.
pub(crate) fn symbol(
    doc: &mut Doc,
    icon: Icon,
    (x, y): (f64, f64),
    d: f64,
    fill: &str,
    stroke: &str,
) {
    let r = d / 2.0;
    match icon {
        Icon::Circle => doc.tag(
            "circle",
            &[
                ("cx", &c(x)),
                ("cy", &c(y)),
                ("r", &num(r, 2)),
                ("fill", fill),
                ("stroke", stroke),
                ("stroke-width", "1.5"),
            ],
            true,
        ),
        Icon::Square => {
            let s = r * 0.9;
            doc.tag(
                "rect",
                &[
                    ("x", &c(x - s)),
                    ("y", &c(y - s)),
                    ("width", &c(2.0 * s)),
                    ("height", &c(2.0 * s)),
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-width", "1.5"),
                ],
                true,
            );
        }
        Icon::Triangle => {
            let pts = [
                (x, y - r),
                (x + r * 0.95, y + r * 0.7),
                (x - r * 0.95, y + r * 0.7),
            ];
            doc.tag(
                "path",
                &[
                    ("d", &svg::points_d(&pts, true)),
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-width", "1.5"),
                    ("stroke-linejoin", "round"),
                ],
                true,
            );
        }
        Icon::Star => {
            let pts: Vec<(f64, f64)> = (0..10)
                .map(|k| {
                    let a = std::f64::consts::PI * f64::from(k) / 5.0;
                    let rr = if k % 2 == 0 { r } else { r * 0.45 };
                    (x + rr * a.sin(), y - rr * a.cos())
                })
                .collect();
            doc.tag(
                "path",
                &[
                    ("d", &svg::points_d(&pts, true)),
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-width", "1.2"),
                    ("stroke-linejoin", "round"),
                ],
                true,
            );
        }
        Icon::Pin => {
            // A teardrop whose tip is the place; the head is a circle above it.
            let hr = r * 0.6;
            let (hx, hy) = (x, y - d * 1.1);
            let p = |px: f64, py: f64| format!("{} {}", c(px), c(py));
            let d = format!(
                "M{}C{} {} {}A{} 0 1 1 {}C{} {} {}Z",
                p(x, y),
                p(x - hr * 0.3, y - d * 0.4),
                p(hx - hr * 1.2, hy + hr * 0.8),
                p(hx - hr, hy + hr * 0.2),
                p(hr, hr),
                p(hx + hr, hy + hr * 0.2),
                p(hx + hr * 1.2, hy + hr * 0.8),
                p(x + hr * 0.3, y - d * 0.4),
                p(x, y),
            );
            doc.tag(
                "path",
                &[
                    ("d", &d),
                    ("fill", fill),
                    ("stroke", stroke),
                    ("stroke-width", "1.2"),
                ],
                true,
            );
            doc.tag(
                "circle",
                &[
                    ("cx", &c(hx)),
                    ("cy", &c(hy)),
                    ("r", &c(hr * 0.35)),
                    ("fill", stroke),
                ],
                true,
            );
        }
    }
}

/// Writes a marker's symbol.
pub(crate) fn draw_pin(doc: &mut Doc, p: &Pin, theme: &Theme) {
    symbol(
        doc,
        p.icon,
        p.px,
        p.diameter,
        &p.color.to_string(),
        &theme.halo.to_string(),
    );
}

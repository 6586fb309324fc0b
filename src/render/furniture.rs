//! Writing the furniture: legend, scale bar, locator inset, north arrow, header and footer.

use super::routes::dash_array;
use super::svg::{self, c, num, Doc};
use super::symbols::symbol;
use crate::layout::furniture::{
    km_text, Entry, Furniture, InsetPx, LEGEND_FONT, LEGEND_PAD, LEGEND_ROW, LEGEND_SYMBOL,
};
use crate::layout::labels::Rect;
use crate::layout::page::Page;
use crate::scene::{Icon, Theme};

/// Writes the furniture: legend, scale bar, locator inset and north arrow.
pub(crate) fn write(doc: &mut Doc, f: &Furniture, inset: Option<&InsetPx>, theme: &Theme) {
    if let Some((b, title, entries)) = &f.legend {
        draw_legend(doc, b, title.as_deref(), entries, theme);
    }
    if let Some((b, km, px)) = &f.scale {
        draw_scale_bar(doc, b, *km, *px, theme);
    }
    if let Some(inset) = inset {
        draw_inset(doc, inset, theme);
    }
    if let Some((b, angle)) = &f.north {
        draw_north(doc, b, *angle, theme);
    }
}

fn draw_legend(doc: &mut Doc, b: &Rect, title: Option<&str>, entries: &[Entry], theme: &Theme) {
    doc.open_group("legend", &[]);
    doc.tag(
        "rect",
        &[
            ("x", &c(b.x0)),
            ("y", &c(b.y0)),
            ("width", &c(b.width())),
            ("height", &c(b.height())),
            ("rx", "3"),
            ("fill", &theme.panel.to_string()),
            ("fill-opacity", "0.92"),
            ("stroke", &theme.frame.to_string()),
            ("stroke-width", "0.8"),
        ],
        true,
    );
    let mut y = b.y0 + LEGEND_PAD + LEGEND_ROW / 2.0 - 2.0;
    let x_sym = b.x0 + LEGEND_PAD;
    let x_text = x_sym + LEGEND_SYMBOL + 8.0;
    let size = num(LEGEND_FONT, 2);
    let text_color = theme.text.to_string();
    if let Some(t) = title {
        doc.text_element(
            "text",
            &[
                ("x", &c(x_sym)),
                ("y", &c(y + LEGEND_FONT * 0.35)),
                ("font-size", &size),
                ("font-weight", "bold"),
                ("fill", &text_color),
            ],
            t,
        );
        y += LEGEND_ROW;
    }
    for e in entries {
        match e {
            Entry::Route {
                color,
                width,
                style,
                ..
            } => {
                let (x0, x1) = (x_sym, x_sym + LEGEND_SYMBOL);
                let mut attrs = vec![
                    (
                        "d".to_string(),
                        format!("M{} {}L{} {}", c(x0), c(y), c(x1 - 8.0), c(y)),
                    ),
                    ("stroke".into(), color.rgb_hex()),
                    ("stroke-width".into(), num(*width, 2)),
                    ("fill".into(), "none".into()),
                ];
                if let Some(d) = dash_array(*style, *width) {
                    attrs.push(("stroke-dasharray".into(), d));
                    // As on the map: a dot is a dash a tenth of a pixel long, which only
                    // its round caps make visible.
                    attrs.push(("stroke-linecap".into(), "round".into()));
                }
                let borrowed: Vec<(&str, &str)> = attrs
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                doc.tag("path", &borrowed, true);
                let hw = 4.0 + width * 0.6;
                let arrow = [(x1, y), (x1 - 12.0, y - hw), (x1 - 12.0, y + hw)];
                doc.tag(
                    "path",
                    &[
                        ("d", &svg::points_d(&arrow, true)),
                        ("fill", &color.rgb_hex()),
                    ],
                    true,
                );
            }
            Entry::Symbol {
                icon,
                color,
                diameter,
                ..
            } => {
                let lift = if *icon == Icon::Pin {
                    diameter * 0.7
                } else {
                    0.0
                };
                symbol(
                    doc,
                    *icon,
                    (x_sym + LEGEND_SYMBOL / 2.0, y + lift),
                    *diameter,
                    &color.to_string(),
                    &theme.halo.to_string(),
                );
            }
            Entry::Line { color, width, .. } => {
                doc.tag(
                    "path",
                    &[
                        (
                            "d",
                            &format!(
                                "M{} {}L{} {}",
                                c(x_sym),
                                c(y),
                                c(x_sym + LEGEND_SYMBOL),
                                c(y)
                            ),
                        ),
                        ("stroke", &color.rgb_hex()),
                        ("stroke-width", &num(*width, 2)),
                        ("stroke-linecap", "round"),
                        ("fill", "none"),
                    ],
                    true,
                );
            }
            Entry::Swatch { fill, .. } => {
                doc.tag(
                    "rect",
                    &[
                        ("x", &c(x_sym + 6.0)),
                        ("y", &c(y - 7.0)),
                        ("width", &c(LEGEND_SYMBOL - 12.0)),
                        ("height", "14"),
                        ("fill", &fill.rgb_hex()),
                        ("fill-opacity", &num(fill.opacity(), 2)),
                    ],
                    true,
                );
            }
        }
        doc.text_element(
            "text",
            &[
                ("x", &c(x_text)),
                ("y", &c(y + LEGEND_FONT * 0.35)),
                ("font-size", &size),
                ("fill", &text_color),
            ],
            e.text(),
        );
        y += LEGEND_ROW;
    }
    doc.close("g");
}

fn draw_scale_bar(doc: &mut Doc, b: &Rect, km: f64, px: f64, theme: &Theme) {
    doc.open_group("scale-bar", &[]);
    let x0 = b.x1 - 28.0 - px;
    let x1 = x0 + px;
    let y = b.y1 - 8.0;
    let stroke = theme.muted_text.to_string();
    let d = format!(
        "M{a} {top}L{a} {y}L{b} {y}L{b} {top}M{m} {y}L{m} {mid}",
        a = c(x0),
        b = c(x1),
        m = c((x0 + x1) / 2.0),
        y = c(y),
        top = c(y - 6.0),
        mid = c(y - 4.0)
    );
    doc.tag(
        "path",
        &[
            ("d", &d),
            ("fill", "none"),
            ("stroke", &stroke),
            ("stroke-width", "1.2"),
        ],
        true,
    );
    let halo = theme.halo.to_string();
    for (x, text, anchor) in [(x0, "0".to_string(), "middle"), (x1, km_text(km), "middle")] {
        doc.text_element(
            "text",
            &[
                ("x", &c(x)),
                ("y", &c(y - 10.0)),
                ("text-anchor", anchor),
                ("font-size", "11"),
                ("fill", &stroke),
                ("stroke", &halo),
                ("stroke-width", "2.5"),
                ("paint-order", "stroke"),
            ],
            &text,
        );
    }
    doc.close("g");
}

fn draw_inset(doc: &mut Doc, inset: &InsetPx, theme: &Theme) {
    let b = &inset.rect;
    doc.open_group("inset", &[]);
    let sea = theme.sea.to_string();
    match inset.globe {
        Some((cx, cy, r)) => {
            doc.tag(
                "circle",
                &[
                    ("cx", &c(cx)),
                    ("cy", &c(cy)),
                    ("r", &num(r + 2.5, 2)),
                    ("fill", &theme.page.to_string()),
                    ("stroke", &theme.frame.to_string()),
                    ("stroke-width", "0.8"),
                ],
                true,
            );
            doc.tag(
                "circle",
                &[
                    ("cx", &c(cx)),
                    ("cy", &c(cy)),
                    ("r", &num(r, 2)),
                    ("fill", &sea),
                ],
                true,
            );
        }
        None => {
            doc.tag(
                "rect",
                &[
                    ("x", &c(b.x0)),
                    ("y", &c(b.y0)),
                    ("width", &c(b.width())),
                    ("height", &c(b.height())),
                    ("fill", &theme.page.to_string()),
                    ("stroke", &theme.frame.to_string()),
                    ("stroke-width", "0.8"),
                ],
                true,
            );
        }
    }
    doc.tag(
        "path",
        &[
            ("d", &svg::polygons_d(&inset.land)),
            ("fill", &inset.land_fill.to_string()),
        ],
        true,
    );
    for (px, fill) in &inset.highlights {
        doc.tag(
            "path",
            &[("d", &svg::polygons_d(px)), ("fill", &fill.rgb_hex())],
            true,
        );
    }
    if let Some(px) = &inset.outline {
        doc.tag(
            "path",
            &[
                ("d", &svg::lines_d(px)),
                ("fill", "none"),
                ("stroke", &theme.locator.to_string()),
                ("stroke-width", "1.5"),
                ("stroke-linejoin", "round"),
            ],
            true,
        );
    }
    doc.close("g");
}

fn draw_north(doc: &mut Doc, b: &Rect, angle: f64, theme: &Theme) {
    let (cx, cy) = b.centre();
    doc.open_group(
        "north-arrow",
        &[(
            "transform",
            &format!("rotate({} {} {})", num(angle, 2), c(cx), c(cy)),
        )],
    );
    let pts = [
        (cx, cy - 14.0),
        (cx + 7.0, cy + 8.0),
        (cx, cy + 3.0),
        (cx - 7.0, cy + 8.0),
    ];
    doc.tag(
        "path",
        &[
            ("d", &svg::points_d(&pts, true)),
            ("fill", &theme.text.to_string()),
        ],
        true,
    );
    doc.text_element(
        "text",
        &[
            ("x", &c(cx)),
            ("y", &c(cy + 21.0)),
            ("text-anchor", "middle"),
            ("font-size", "11"),
            ("font-weight", "bold"),
            ("fill", &theme.text.to_string()),
        ],
        "N",
    );
    doc.close("g");
}

/// Title and subtitle.
pub(crate) fn header(doc: &mut Doc, page: &Page, theme: &Theme) {
    if page.title.is_empty() && page.subtitle.is_empty() {
        return;
    }
    doc.open_group("header", &[]);
    let (x, anchor) = (c(page.title_align.0), page.title_align.1.as_str());
    for (line, y) in &page.title {
        doc.text_element(
            "text",
            &[
                ("x", &x),
                ("y", &c(*y)),
                ("text-anchor", anchor),
                ("font-size", &num(theme.title_size, 2)),
                ("font-weight", "bold"),
                ("fill", &theme.text.to_string()),
            ],
            line,
        );
    }
    let (x, anchor) = (c(page.subtitle_align.0), page.subtitle_align.1.as_str());
    for (line, y) in &page.subtitle {
        doc.text_element(
            "text",
            &[
                ("x", &x),
                ("y", &c(*y)),
                ("text-anchor", anchor),
                ("font-size", &num(theme.subtitle_size, 2)),
                ("fill", &theme.muted_text.to_string()),
            ],
            line,
        );
    }
    doc.close("g");
}

/// The source line with the data credits.
pub(crate) fn footer(doc: &mut Doc, page: &Page, theme: &Theme, text: &str) {
    doc.open_group("source", &[]);
    doc.text_element(
        "text",
        &[
            ("x", &c(page.margin)),
            ("y", &c(page.source_baseline)),
            ("font-size", &num(theme.source_size, 2)),
            ("fill", &theme.muted_text.to_string()),
        ],
        text,
    );
    doc.close("g");
}

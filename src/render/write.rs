//! The SVG writer: a laid-out map, element by element, in drawing order.

use super::furniture;
use super::routes::draw_route;
use super::svg::{self, c, num, Doc};
use super::symbols::draw_pin;
use super::timeline;
use crate::layout::map::{Label, Layout, OverlayPath};
use crate::scene::Theme;

/// Writes `map` as one SVG document.
pub(crate) fn write(map: &Layout) -> String {
    let theme = &map.theme;
    let mut doc = Doc::new();
    let (w, h) = (c(map.width), c(map.height));
    let view_box = format!("0 0 {w} {h}");
    doc.tag(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", &w),
            ("height", &h),
            ("viewBox", &view_box),
            ("font-family", &theme.font_family),
        ],
        false,
    );
    doc.raw("\n");
    doc.text_element("title", &[], &map.title);
    doc.text_element("desc", &[], &map.description);
    doc.tag(
        "rect",
        &[
            ("id", "page"),
            ("width", &w),
            ("height", &h),
            ("fill", &theme.page.to_string()),
        ],
        true,
    );
    let fr = map.page.frame_rect();
    let (fx, fy, fw, fh) = (c(fr.x0), c(fr.y0), c(fr.width()), c(fr.height()));
    // The map's geometry reaches a few pixels past the frame (see PipelineOptions). A mat
    // in the page's colour, drawn over the map and under the titles, covers that: every
    // theme's page is opaque. A clip path would do the same, but a rasteriser composites
    // it through a whole extra layer, which took a quarter of a PNG's time.
    doc.open_group("map", &[]);
    // On a world map the sea fills the world's outline, not the corners beyond it.
    match &map.sea_outline {
        Some(outline) => doc.tag(
            "path",
            &[
                ("id", "sea"),
                ("d", &svg::points_d(outline, true)),
                ("fill", &theme.sea.to_string()),
            ],
            true,
        ),
        None => doc.tag(
            "rect",
            &[
                ("id", "sea"),
                ("x", &fx),
                ("y", &fy),
                ("width", &fw),
                ("height", &fh),
                ("fill", &theme.sea.to_string()),
            ],
            true,
        ),
    }
    write_basemap(&mut doc, map);
    if !map.overlays.is_empty() {
        write_overlays(&mut doc, &map.overlays);
    }
    doc.open_group("routes", &[]);
    for r in &map.routes {
        draw_route(&mut doc, r, theme);
    }
    doc.close("g");
    doc.open_group("markers", &[]);
    for p in &map.pins {
        draw_pin(&mut doc, p, theme);
    }
    doc.close("g");
    doc.open_group("labels", &[]);
    for label in &map.labels {
        write_label(&mut doc, label, theme);
    }
    doc.close("g");
    doc.close("g"); // map
    let (x0, y0, x1, y1) = (c(fr.x0), c(fr.y0), c(fr.x1), c(fr.y1));
    doc.tag(
        "path",
        &[
            ("id", "mat"),
            ("d", &format!("M0 0H{w}V{h}H0Z M{x0} {y0}V{y1}H{x1}V{y0}Z")),
            ("fill", &theme.page.to_string()),
            ("fill-rule", "evenodd"),
        ],
        true,
    );
    furniture::header(&mut doc, &map.page, theme);
    doc.tag(
        "rect",
        &[
            ("id", "frame"),
            ("x", &fx),
            ("y", &fy),
            ("width", &fw),
            ("height", &fh),
            ("fill", "none"),
            ("stroke", &theme.frame.to_string()),
            ("stroke-width", "1"),
        ],
        true,
    );
    furniture::write(&mut doc, &map.furniture, map.inset.as_ref(), theme);
    if let Some(chart) = &map.timeline {
        timeline::write(&mut doc, chart, theme);
    }
    furniture::footer(&mut doc, &map.page, theme, &map.source_line);
    doc.close("svg");
    doc.finish()
}

/// Land, highlights, rivers, region borders, lakes, borders, coastline and graticule.
fn write_basemap(doc: &mut Doc, map: &Layout) {
    let (theme, base) = (&map.theme, &map.basemap);
    doc.open_group("basemap", &[]);
    doc.tag(
        "path",
        &[
            ("id", "land"),
            ("d", &svg::polygons_d(&base.land)),
            ("fill", &theme.land.to_string()),
        ],
        true,
    );
    doc.open_group("highlights", &[]);
    for hl in &map.highlights {
        doc.tag(
            "path",
            &[
                ("id", &hl.id),
                ("d", &svg::polygons_d(&hl.px)),
                ("fill", &hl.fill.rgb_hex()),
                ("fill-opacity", &num(hl.fill.opacity(), 2)),
            ],
            true,
        );
    }
    doc.close("g");
    if !base.rivers.0.is_empty() {
        doc.tag(
            "path",
            &[
                ("id", "rivers"),
                ("d", &svg::lines_d(&base.rivers)),
                ("fill", "none"),
                ("stroke", &base.river_style.color.to_string()),
                ("stroke-width", &num(base.river_style.width, 2)),
                ("stroke-linejoin", "round"),
                ("stroke-linecap", "round"),
            ],
            true,
        );
    }
    if !base.region_borders.0.is_empty() {
        doc.tag(
            "path",
            &[
                ("id", "region-borders"),
                ("d", &svg::lines_d(&base.region_borders)),
                ("fill", "none"),
                ("stroke", &base.region_style.color.to_string()),
                ("stroke-width", &num(base.region_style.width, 2)),
                ("stroke-dasharray", "3 2"),
            ],
            true,
        );
    }
    doc.tag(
        "path",
        &[
            ("id", "lakes"),
            ("d", &svg::polygons_d(&base.lakes)),
            ("fill", &theme.sea.to_string()),
            ("stroke", &theme.coast.to_string()),
            ("stroke-width", "0.5"),
        ],
        true,
    );
    doc.tag(
        "path",
        &[
            ("id", "borders"),
            ("d", &svg::lines_d(&base.borders)),
            ("fill", "none"),
            ("stroke", &theme.border.to_string()),
            ("stroke-width", "1"),
            ("stroke-linejoin", "round"),
        ],
        true,
    );
    doc.tag(
        "path",
        &[
            ("id", "coastline"),
            ("d", &svg::lines_d(&base.coast)),
            ("fill", "none"),
            ("stroke", &theme.coast.to_string()),
            ("stroke-width", "0.6"),
            ("stroke-linejoin", "round"),
        ],
        true,
    );
    if let Some(grid) = &map.graticule {
        doc.tag(
            "path",
            &[
                ("id", "graticule"),
                ("d", &svg::lines_d(grid)),
                ("fill", "none"),
                ("stroke", &theme.graticule.to_string()),
                ("stroke-width", "0.6"),
            ],
            true,
        );
    }
    doc.close("g");
}

/// The GeoJSON layers' lines and polygons.
fn write_overlays(doc: &mut Doc, layers: &[Vec<OverlayPath>]) {
    doc.open_group("overlays", &[]);
    for (i, paths) in layers.iter().enumerate() {
        doc.open_group(&format!("layer-{i}"), &[]);
        for path in paths {
            match path {
                OverlayPath::Area {
                    px,
                    fill,
                    fill_opacity,
                    stroke,
                    stroke_width,
                    stroke_opacity,
                } => doc.tag(
                    "path",
                    &[
                        ("d", &svg::polygons_d(px)),
                        ("fill", &fill.rgb_hex()),
                        ("fill-opacity", &num(*fill_opacity, 2)),
                        ("fill-rule", "evenodd"),
                        ("stroke", &stroke.rgb_hex()),
                        ("stroke-width", &num(*stroke_width, 2)),
                        ("stroke-opacity", &num(*stroke_opacity, 2)),
                        ("stroke-linejoin", "round"),
                    ],
                    true,
                ),
                OverlayPath::Line {
                    px,
                    stroke,
                    stroke_width,
                    stroke_opacity,
                } => doc.tag(
                    "path",
                    &[
                        ("d", &svg::lines_d(px)),
                        ("fill", "none"),
                        ("stroke", &stroke.rgb_hex()),
                        ("stroke-width", &num(*stroke_width, 2)),
                        ("stroke-opacity", &num(*stroke_opacity, 2)),
                        ("stroke-linejoin", "round"),
                        ("stroke-linecap", "round"),
                    ],
                    true,
                ),
            }
        }
        doc.close("g");
    }
    doc.close("g");
}

/// One placed label.
fn write_label(doc: &mut Doc, label: &Label, theme: &Theme) {
    match label {
        Label::Marker {
            leader,
            anchor,
            origin,
            name,
            size,
            bold,
            note,
        } => {
            if let Some((a, b)) = leader {
                doc.tag(
                    "path",
                    &[
                        (
                            "d",
                            &format!("M{} {}L{} {}", c(a.0), c(a.1), c(b.0), c(b.1)),
                        ),
                        ("stroke", &theme.muted_text.to_string()),
                        ("stroke-width", "0.8"),
                        ("fill", "none"),
                    ],
                    true,
                );
            }
            let halo = theme.halo.to_string();
            let text = theme.text.to_string();
            let size = num(*size, 2);
            let (xs, ys) = (c(origin.0), c(origin.1));
            let mut attrs: Vec<(&str, &str)> = vec![
                ("x", &xs),
                ("y", &ys),
                ("text-anchor", anchor.as_str()),
                ("font-size", &size),
            ];
            if *bold {
                attrs.push(("font-weight", "bold"));
            }
            attrs.extend_from_slice(&[
                ("fill", &text),
                ("stroke", &halo),
                ("stroke-width", "3"),
                ("stroke-linejoin", "round"),
                ("paint-order", "stroke"),
            ]);
            doc.text_element("text", &attrs, name);
            if let Some((note, y, size)) = note {
                doc.text_element(
                    "text",
                    &[
                        ("x", &xs),
                        ("y", &c(*y)),
                        ("text-anchor", anchor.as_str()),
                        ("font-size", &num(*size, 2)),
                        ("fill", &theme.muted_text.to_string()),
                        ("stroke", &halo),
                        ("stroke-width", "2.5"),
                        ("stroke-linejoin", "round"),
                        ("paint-order", "stroke"),
                    ],
                    note,
                );
            }
        }
        Label::Date {
            text,
            anchor,
            origin,
            size,
            color,
        } => doc.text_element(
            "text",
            &[
                ("x", &c(origin.0)),
                ("y", &c(origin.1)),
                ("text-anchor", anchor.as_str()),
                ("font-size", &num(*size, 2)),
                ("font-weight", "bold"),
                ("fill", &color.rgb_hex()),
                ("stroke", &theme.halo.to_string()),
                ("stroke-width", "3"),
                ("stroke-linejoin", "round"),
                ("paint-order", "stroke"),
            ],
            text,
        ),
        Label::Country {
            text,
            origin,
            size,
            letter_spacing,
            fill,
        } => doc.text_element(
            "text",
            &[
                ("x", &c(origin.0)),
                ("y", &c(origin.1)),
                ("text-anchor", "middle"),
                ("font-size", &num(*size, 2)),
                ("letter-spacing", &num(*letter_spacing, 2)),
                ("fill", &fill.to_string()),
                ("class", "country-label"),
            ],
            text,
        ),
        Label::Sea {
            lines,
            size,
            letter_spacing,
        } => {
            doc.tag(
                "text",
                &[
                    ("text-anchor", "middle"),
                    ("font-size", &num(*size, 2)),
                    ("font-style", "italic"),
                    ("letter-spacing", &num(*letter_spacing, 2)),
                    ("fill", &theme.sea_label.to_string()),
                    ("class", "sea-label"),
                ],
                false,
            );
            for (line, (x, y)) in lines {
                doc.inline_element("tspan", &[("x", &c(*x)), ("y", &c(*y))], line);
            }
            doc.close("text");
        }
    }
}

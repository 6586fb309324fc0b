//! Map furniture: title and subtitle, source line, legend, scale bar, locator inset and
//! north arrow. Boxes are planned before labels, so labels keep clear of them.

use geo_types::{Coord, LineString, MultiLineString, MultiPolygon};

use super::labels::Rect;
use super::map::{symbol_svg, Pin};
use super::page::{free_corner, Page};
use super::routes::{dash_array, DrawnRoute};
use super::scale_bar_length;
use super::text::{Fonts, Slant, TextStyle, Weight};
use crate::basemap::{self, Detail, Layer};
use crate::project::{project_geometry, PipelineOptions};
use crate::project::{Canvas, GeoBbox, MapTransform, Projection, ProjectionKind};
use crate::render::svg::{self, c, num, Doc};
use crate::render::RenderError;
use crate::scene::Theme;
use crate::scene::{Color, Corner, Icon, InsetSpec, LegendSpec, ResolvedScene};

/// The credit every map carries.
pub const DATA_CREDIT: &str = "Map data: Natural Earth, GeoNames";

const LEGEND_FONT: f64 = 14.0;
const LEGEND_ROW: f64 = 24.0;
const LEGEND_PAD: f64 = 12.0;
const LEGEND_SYMBOL: f64 = 36.0;

/// One line of the legend.
#[derive(Debug, Clone)]
enum Entry {
    Route {
        color: Color,
        width: f64,
        style: crate::scene::LineStyle,
        text: String,
    },
    Symbol {
        icon: Icon,
        color: Color,
        diameter: f64,
        text: String,
    },
    Swatch {
        fill: Color,
        text: String,
    },
    Line {
        color: Color,
        width: f64,
        text: String,
    },
}

impl Entry {
    fn text(&self) -> &str {
        match self {
            Entry::Route { text, .. }
            | Entry::Symbol { text, .. }
            | Entry::Swatch { text, .. }
            | Entry::Line { text, .. } => text,
        }
    }
}

/// Where the furniture goes.
#[derive(Debug, Clone)]
pub(crate) struct Furniture {
    legend: Option<(Rect, Option<String>, Vec<Entry>)>,
    scale: Option<(Rect, f64, f64)>,
    inset: Option<(Rect, InsetSpec)>,
    north: Option<Rect>,
    frame: Rect,
}

impl Furniture {
    /// Plans the boxes: inset top right, legend bottom left, scale bar bottom right, each
    /// moving to the free corner that covers the fewest features.
    pub fn plan(
        scene: &ResolvedScene,
        page: &Page,
        t: &MapTransform,
        points: &[(f64, f64)],
        routes: &[DrawnRoute],
        pins: &[Pin],
    ) -> Result<Furniture, RenderError> {
        let s = &scene.scene;
        let fonts = Fonts::embedded()?;
        let f = page.frame;
        let mut taken: Vec<Rect> = Vec::new();
        let all = [
            Corner::TopRight,
            Corner::TopLeft,
            Corner::BottomRight,
            Corner::BottomLeft,
        ];

        let world = world_scale(t, f);
        let inset_kind = match s.inset {
            InsetSpec::Auto if world => InsetSpec::None,
            InsetSpec::Auto => InsetSpec::Globe,
            other => other,
        };
        let inset = match inset_kind {
            InsetSpec::Globe | InsetSpec::World => {
                let r = (f.width.min(f.height) * 0.095).clamp(40.0, 95.0);
                let (w, h) = if inset_kind == InsetSpec::Globe {
                    (2.0 * r + 6.0, 2.0 * r + 6.0)
                } else {
                    (3.6 * r, 1.9 * r)
                };
                free_corner(page, &all, w, h, points, &taken).map(|(_, b)| {
                    taken.push(b);
                    (b, inset_kind)
                })
            }
            _ => None,
        };

        let (legend_title, position) = match &s.legend {
            LegendSpec::Shown(false) => (None, None),
            LegendSpec::Shown(true) => (None, Some(None)),
            LegendSpec::Settings { title, position } => (title.clone(), Some(*position)),
        };
        let legend = position.and_then(|position| {
            let entries = legend_entries(scene, routes, pins);
            if entries.is_empty() {
                return None;
            }
            let style = TextStyle {
                size: LEGEND_FONT,
                weight: Weight::Regular,
                slant: Slant::Upright,
                letter_spacing: 0.0,
            };
            let text_w = entries
                .iter()
                .map(|e| fonts.measure(e.text(), &style).width)
                .fold(0.0, f64::max);
            let title_w = legend_title.as_deref().map_or(0.0, |t| {
                fonts
                    .measure(
                        t,
                        &TextStyle {
                            weight: Weight::Bold,
                            ..style
                        },
                    )
                    .width
            });
            let w =
                (LEGEND_PAD * 2.0 + LEGEND_SYMBOL + 8.0 + text_w).max(title_w + 2.0 * LEGEND_PAD);
            let h = LEGEND_PAD * 2.0
                + LEGEND_ROW * entries.len() as f64
                + if legend_title.is_some() {
                    LEGEND_ROW
                } else {
                    0.0
                }
                - 4.0;
            let prefer: Vec<Corner> = match position {
                Some(c) => vec![c],
                None => vec![
                    Corner::BottomLeft,
                    Corner::BottomRight,
                    Corner::TopLeft,
                    Corner::TopRight,
                ],
            };
            free_corner(page, &prefer, w, h, points, &taken).map(|(_, b)| {
                taken.push(b);
                (b, legend_title.clone(), entries)
            })
        });

        let scale = if s.scale_bar {
            let centre = t.from_px(f.x + f.width / 2.0, f.y + f.height / 2.0);
            centre
                .and_then(|c| scale_bar_length(t, c, (f.width * 0.1).clamp(60.0, 200.0)).ok())
                .and_then(|(km, px)| {
                    let w = px + 56.0;
                    let h = 30.0;
                    free_corner(
                        page,
                        &[
                            Corner::BottomRight,
                            Corner::BottomLeft,
                            Corner::TopLeft,
                            Corner::TopRight,
                        ],
                        w,
                        h,
                        points,
                        &taken,
                    )
                    .map(|(_, b)| {
                        taken.push(b);
                        (b, km, px)
                    })
                })
        } else {
            None
        };

        let north = if s.north_arrow {
            // Beside the scale bar if there is one, else in a free corner.
            match &scale {
                Some((b, _, _)) => {
                    let r = Rect::new(b.x1 - 26.0, b.y0 - 52.0, b.x1, b.y0 - 6.0);
                    (!taken.iter().any(|t| t.intersects(&r))).then(|| {
                        taken.push(r);
                        r
                    })
                }
                None => free_corner(page, &all, 26.0, 46.0, points, &taken).map(|(_, b)| {
                    taken.push(b);
                    b
                }),
            }
        } else {
            None
        };
        Ok(Furniture {
            legend,
            scale,
            inset,
            north,
            frame: page.frame_rect(),
        })
    }

    /// Every planned box.
    pub fn boxes(&self) -> Vec<Rect> {
        let mut out = Vec::new();
        if let Some((b, _, _)) = &self.legend {
            out.push(*b);
        }
        if let Some((b, _, _)) = &self.scale {
            out.push(*b);
        }
        if let Some((b, _)) = &self.inset {
            out.push(*b);
        }
        out.extend(self.north);
        out
    }

    /// Draws the furniture.
    pub fn draw(
        &self,
        doc: &mut Doc,
        scene: &ResolvedScene,
        theme: &Theme,
        t: &MapTransform,
        highlights: &[MultiPolygon<f64>],
    ) -> Result<(), RenderError> {
        if let Some((b, title, entries)) = &self.legend {
            draw_legend(doc, b, title.as_deref(), entries, theme);
        }
        if let Some((b, km, px)) = &self.scale {
            draw_scale_bar(doc, b, *km, *px, theme);
        }
        if let Some((b, kind)) = &self.inset {
            draw_inset(doc, b, &self.frame, *kind, scene, theme, t, highlights)?;
        }
        if let Some(b) = &self.north {
            draw_north(doc, b, t, theme);
        }
        Ok(())
    }
}

/// Whether the map shows most of the world (no locator needed, scale varies a lot).
fn world_scale(t: &MapTransform, f: Canvas) -> bool {
    let left = t.from_px(f.x, f.y + f.height / 2.0);
    let right = t.from_px(f.x + f.width, f.y + f.height / 2.0);
    match (left, right) {
        (Some(a), Some(b)) => {
            let span = (b.0 - a.0).rem_euclid(360.0);
            !(1e-6..=150.0).contains(&span)
        }
        _ => true,
    }
}

fn legend_entries(scene: &ResolvedScene, routes: &[DrawnRoute], pins: &[Pin]) -> Vec<Entry> {
    let mut out = Vec::new();
    for r in routes {
        if let Some(name) = &r.name {
            out.push(Entry::Route {
                color: r.color,
                width: r.width,
                style: r.style,
                text: name.clone(),
            });
        }
    }
    for p in pins {
        if let Some(text) = &p.legend {
            let dup = out
                .iter()
                .any(|e| matches!(e, Entry::Symbol { text: t, .. } if t == text));
            if !dup {
                out.push(Entry::Symbol {
                    icon: p.icon,
                    color: p.color,
                    diameter: p.diameter.min(18.0),
                    text: text.clone(),
                });
            }
        }
    }
    let theme = Theme::new(scene.scene.theme, &scene.scene.style);
    for (i, layer) in scene.layers.iter().enumerate() {
        let Some(text) = &layer.spec.title else {
            continue;
        };
        let color = super::map::layer_color(scene, i, &theme);
        let mut polygons = false;
        let mut line: Option<(Color, f64)> = None;
        for f in &layer.features {
            use geo_types::Geometry as G;
            match &f.geometry {
                G::Polygon(_) | G::MultiPolygon(_) => polygons = true,
                G::LineString(_) | G::MultiLineString(_) => {
                    line.get_or_insert((
                        f.style.stroke.unwrap_or(color),
                        f.style.stroke_width.unwrap_or(2.0),
                    ));
                }
                _ => {}
            }
        }
        // Points are in the legend through their markers.
        if polygons {
            out.push(Entry::Swatch {
                fill: layer
                    .features
                    .iter()
                    .find_map(|f| f.style.fill)
                    .unwrap_or(color),
                text: text.clone(),
            });
        } else if let Some((color, width)) = line {
            out.push(Entry::Line {
                color,
                width: width.min(6.0),
                text: text.clone(),
            });
        }
    }
    for (i, h) in scene.highlights.iter().enumerate() {
        if let Some(text) = &h.spec.legend {
            let fill = h.spec.fill.unwrap_or_else(|| {
                if i == 0 {
                    theme.highlight
                } else {
                    theme.tint(theme.highlight)
                }
            });
            out.push(Entry::Swatch {
                fill,
                text: text.clone(),
            });
        }
    }
    out
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
                doc.raw(&symbol_svg(
                    *icon,
                    x_sym + LEGEND_SYMBOL / 2.0,
                    y + if *icon == Icon::Pin {
                        diameter * 0.7
                    } else {
                        0.0
                    },
                    *diameter,
                    &color.to_string(),
                    &theme.halo.to_string(),
                ));
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

/// "500 km", "2,000 km", "0.5 km".
fn km_text(km: f64) -> String {
    if km < 1.0 {
        return format!("{} m", (km * 1000.0).round());
    }
    let whole = km.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out} km")
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

#[allow(clippy::too_many_arguments)]
fn draw_inset(
    doc: &mut Doc,
    b: &Rect,
    frame: &Rect,
    kind: InsetSpec,
    scene: &ResolvedScene,
    theme: &Theme,
    t: &MapTransform,
    highlights: &[MultiPolygon<f64>],
) -> Result<(), RenderError> {
    let canvas = Canvas {
        x: b.x0,
        y: b.y0,
        width: b.width(),
        height: b.height(),
    };
    let (inset_t, clip) = match kind {
        InsetSpec::World => {
            let p = Projection::centred(ProjectionKind::EqualEarth, 0.0, 0.0)?;
            let world = GeoBbox {
                west: -180.0,
                south: -60.0,
                east: 180.0,
                north: 85.0,
            };
            (MapTransform::fit_bbox(p, &world, canvas, 2.0)?, None)
        }
        _ => {
            let (cx, cy) = b.centre();
            let r = b.width().min(b.height()) / 2.0 - 3.0;
            let centre = scene_centre(t);
            let p = Projection::centred(ProjectionKind::Orthographic, centre.0, centre.1)?;
            (
                MapTransform {
                    projection: p,
                    scale: r,
                    tx: cx,
                    ty: cy,
                },
                Some((cx, cy, r)),
            )
        }
    };
    let mut popts = PipelineOptions::for_canvas(canvas);
    popts.margin_px = 2.0;
    popts.tolerance_px = 0.4;
    let geo_err = |e: crate::geometry::GeometryError| RenderError::Geometry {
        what: "locator inset".into(),
        message: e.to_string(),
    };
    doc.open_group("inset", &[]);
    let sea = theme.sea.to_string();
    match clip {
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
    let mut land = MultiPolygon::new(Vec::new());
    for f in basemap::load(Detail::D110m, Layer::Land)? {
        if let Some(p) = f.geometry.polygons() {
            land.0
                .extend(project_geometry(&inset_t, p, &popts).map_err(geo_err)?);
        }
    }
    let land_fill = theme.land.mix(theme.text, 0.18);
    doc.tag(
        "path",
        &[
            ("d", &svg::polygons_d(&land)),
            ("fill", &land_fill.to_string()),
        ],
        true,
    );
    for (h, shape) in scene.highlights.iter().zip(highlights) {
        let px = project_geometry(&inset_t, shape, &popts).map_err(geo_err)?;
        let fill = h.spec.fill.unwrap_or(theme.highlight);
        doc.tag(
            "path",
            &[("d", &svg::polygons_d(&px)), ("fill", &fill.rgb_hex())],
            true,
        );
    }
    // The main map's frame, traced in lon/lat and drawn on the inset.
    let outline = frame_outline(t, frame);
    if !outline.is_empty() {
        let lines = MultiLineString::new(
            outline
                .into_iter()
                .map(|run| LineString::new(run.into_iter().map(|(x, y)| Coord { x, y }).collect()))
                .collect(),
        );
        let px = project_geometry(&inset_t, &lines, &popts).map_err(geo_err)?;
        doc.tag(
            "path",
            &[
                ("d", &svg::lines_d(&px)),
                ("fill", "none"),
                ("stroke", &theme.locator.to_string()),
                ("stroke-width", "1.5"),
                ("stroke-linejoin", "round"),
            ],
            true,
        );
    }
    doc.close("g");
    Ok(())
}

/// The lon/lat at the centre of the main map.
fn scene_centre(t: &MapTransform) -> (f64, f64) {
    let p = t.projection.params();
    (p.lon0, p.lat0.clamp(-60.0, 60.0))
}

/// The main map's frame as lon/lat runs (edges sampled every few pixels).
fn frame_outline(t: &MapTransform, frame: &Rect) -> Vec<Vec<(f64, f64)>> {
    let (x0, y0, x1, y1) = (frame.x0, frame.y0, frame.x1, frame.y1);
    let n = 40;
    let step = |i: usize| i as f64 / n as f64;
    let mut pts = Vec::new();
    pts.extend((0..n).map(|i| (x0 + (x1 - x0) * step(i), y0)));
    pts.extend((0..n).map(|i| (x1, y0 + (y1 - y0) * step(i))));
    pts.extend((0..n).map(|i| (x1 - (x1 - x0) * step(i), y1)));
    pts.extend((0..=n).map(|i| (x0, y1 - (y1 - y0) * step(i))));
    let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (x, y) in pts {
        match t.from_px(x, y) {
            Some(p) => {
                if let Some(r) = runs.last_mut() {
                    r.push(p);
                }
            }
            None => {
                if runs.last().is_some_and(|r| !r.is_empty()) {
                    runs.push(Vec::new());
                }
            }
        }
    }
    runs.retain(|r| r.len() > 1);
    runs
}

fn draw_north(doc: &mut Doc, b: &Rect, t: &MapTransform, theme: &Theme) {
    let (cx, cy) = b.centre();
    // North at the map's centre: the direction of a small step north.
    let centre = scene_centre(t);
    let angle = match (
        t.to_px(centre.0, centre.1),
        t.to_px(centre.0, (centre.1 + 0.5).min(89.9)),
    ) {
        (Some(a), Some(n)) => (n.0 - a.0).atan2(a.1 - n.1).to_degrees(),
        _ => 0.0,
    };
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
    let x = c(page.margin);
    for (line, y) in &page.title {
        doc.text_element(
            "text",
            &[
                ("x", &x),
                ("y", &c(*y)),
                ("font-size", &num(theme.title_size, 2)),
                ("font-weight", "bold"),
                ("fill", &theme.text.to_string()),
            ],
            line,
        );
    }
    for (line, y) in &page.subtitle {
        doc.text_element(
            "text",
            &[
                ("x", &x),
                ("y", &c(*y)),
                ("font-size", &num(theme.subtitle_size, 2)),
                ("fill", &theme.muted_text.to_string()),
            ],
            line,
        );
    }
    doc.close("g");
}

/// The source line with the data credits.
pub(crate) fn footer(doc: &mut Doc, page: &Page, theme: &Theme, source: Option<&str>) {
    let text = match source.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => format!("{s} · {DATA_CREDIT}"),
        None => DATA_CREDIT.to_string(),
    };
    doc.open_group("source", &[]);
    doc.text_element(
        "text",
        &[
            ("x", &c(page.margin)),
            ("y", &c(page.source_baseline)),
            ("font-size", &num(theme.source_size, 2)),
            ("fill", &theme.muted_text.to_string()),
        ],
        &text,
    );
    doc.close("g");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_read_well() {
        assert_eq!(km_text(500.0), "500 km");
        assert_eq!(km_text(2000.0), "2,000 km");
        assert_eq!(km_text(0.5), "500 m");
    }
}

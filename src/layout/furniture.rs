//! Map furniture: title and subtitle, source line, legend, scale bar, locator inset and
//! north arrow. Boxes are planned before labels, so labels keep clear of them.

use geo_types::{Coord, LineString, MultiLineString, MultiPolygon};

use super::clutter::{free_corner, Clutter};
use super::labels::Rect;
use super::map::Pin;
use super::page::Page;
use super::routes::DrawnRoute;
use super::scale_bar_length;
use super::text::{Fonts, Slant, TextStyle, Weight};
use super::LayoutError;
use crate::basemap::{self, Detail, Layer};
use crate::project::{project_geometry, PipelineOptions};
use crate::project::{Canvas, GeoBbox, MapTransform, Projection, ProjectionKind};
use crate::scene::Palette;
use crate::scene::{Color, Corner, Icon, InsetSpec, LegendSpec, ResolvedScene};

/// The credit every map carries.
pub const DATA_CREDIT: &str = "Map data: Natural Earth, GeoNames";

pub(crate) const LEGEND_FONT: f64 = 14.0;
pub(crate) const LEGEND_ROW: f64 = 24.0;
pub(crate) const LEGEND_PAD: f64 = 12.0;
pub(crate) const LEGEND_SYMBOL: f64 = 36.0;

/// Gap between a corner box and the frame, px.
const CORNER_INSET: f64 = 12.0;

/// One line of the legend.
#[derive(Debug, Clone)]
pub(crate) enum Entry {
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
    pub(crate) fn text(&self) -> &str {
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
    /// The legend's box, title and entries.
    pub legend: Option<(Rect, Option<String>, Vec<Entry>)>,
    /// The scale bar's box, length in km and in px.
    pub scale: Option<(Rect, f64, f64)>,
    inset: Option<(Rect, InsetSpec)>,
    /// The north arrow's box and its angle clockwise from up, in degrees.
    pub north: Option<(Rect, f64)>,
    frame: Rect,
}

/// The locator inset in pixels: a globe (its centre and radius) or a world map in its box.
#[derive(Debug, Clone)]
pub(crate) struct InsetPx {
    pub rect: Rect,
    /// Centre and radius of the globe; `None` for the world map.
    pub globe: Option<(f64, f64, f64)>,
    pub land: MultiPolygon<f64>,
    pub land_fill: Color,
    pub highlights: Vec<(MultiPolygon<f64>, Color)>,
    /// The main map's frame, traced on the inset.
    pub outline: Option<MultiLineString<f64>>,
}

impl Furniture {
    /// Plans the boxes: inset top right, legend bottom left, scale bar bottom right, north
    /// arrow beside the scale bar; each keeps its corner when that hides nothing, and else
    /// moves to the free corner that hides the least land, symbols and routes.
    pub fn plan(
        scene: &ResolvedScene,
        page: &Page,
        palette: &Palette,
        t: &MapTransform,
        points: &[(f64, f64)],
        routes: &[DrawnRoute],
        pins: &[Pin],
    ) -> Result<Furniture, LayoutError> {
        let s = &scene.scene;
        let clutter = Clutter::new(points, t)?;
        let mut corners = Corners {
            page,
            clutter: &clutter,
            taken: Vec::new(),
        };
        let inset = corners.inset(s.inset, world_scale(t, page.frame));
        let legend =
            legend(scene, palette, routes, pins)?.and_then(|(w, h, prefer, title, entries)| {
                corners.take(&prefer, w, h).map(|b| (b, title, entries))
            });
        let scale = corners.scale_bar(s.scale_bar, t);
        let north = if s.north_arrow {
            corners.north_arrow(scale.as_ref().map(|(b, _, _)| *b))
        } else {
            None
        };
        Ok(Furniture {
            legend,
            scale,
            inset,
            north: north.map(|b| (b, north_angle(t))),
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
        out.extend(self.north.map(|(b, _)| b));
        out
    }
}

/// Every corner, in the order the locator inset and the north arrow prefer them.
const ALL_CORNERS: [Corner; 4] = [
    Corner::TopRight,
    Corner::TopLeft,
    Corner::BottomRight,
    Corner::BottomLeft,
];

/// The frame's corners as the furniture takes them, one box at a time.
struct Corners<'a> {
    page: &'a Page,
    clutter: &'a Clutter<'a>,
    taken: Vec<Rect>,
}

impl Corners<'_> {
    /// A box of `w` × `h` in the corner of `prefer` that hides least, now taken.
    fn take(&mut self, prefer: &[Corner], w: f64, h: f64) -> Option<Rect> {
        let boxes = prefer
            .iter()
            .map(|&c| (c, self.page.corner_box(c, w, h, CORNER_INSET)));
        let (_, b) = free_corner(boxes, self.clutter, &self.taken)?;
        self.taken.push(b);
        Some(b)
    }

    /// The locator inset's box, sized to the frame; none on a world map unless asked.
    fn inset(&mut self, spec: InsetSpec, world: bool) -> Option<(Rect, InsetSpec)> {
        let kind = match spec {
            InsetSpec::Auto if world => InsetSpec::None,
            InsetSpec::Auto => InsetSpec::Globe,
            other => other,
        };
        let f = self.page.frame;
        let r = (f.width.min(f.height) * 0.095).clamp(40.0, 95.0);
        let (w, h) = match kind {
            InsetSpec::Globe => (2.0 * r + 6.0, 2.0 * r + 6.0),
            InsetSpec::World => (3.6 * r, 1.9 * r),
            _ => return None,
        };
        self.take(&ALL_CORNERS, w, h).map(|b| (b, kind))
    }

    /// The scale bar's box, its length in km and in px.
    fn scale_bar(&mut self, shown: bool, t: &MapTransform) -> Option<(Rect, f64, f64)> {
        if !shown {
            return None;
        }
        let f = self.page.frame;
        let centre = t.from_px(f.x + f.width / 2.0, f.y + f.height / 2.0)?;
        let (km, px) = scale_bar_length(t, centre, (f.width * 0.1).clamp(60.0, 200.0)).ok()?;
        let prefer = [
            Corner::BottomRight,
            Corner::BottomLeft,
            Corner::TopLeft,
            Corner::TopRight,
        ];
        self.take(&prefer, px + 56.0, 30.0).map(|b| (b, km, px))
    }

    /// The north arrow's box: beside the scale bar if there is one (above it, or below it
    /// in a top corner), else in a free corner.
    fn north_arrow(&mut self, scale: Option<Rect>) -> Option<Rect> {
        match scale {
            Some(b) => {
                let frame = self.page.frame_rect();
                let r = if b.centre().1 < frame.centre().1 {
                    Rect::new(b.x1 - 26.0, b.y1 + 6.0, b.x1, b.y1 + 52.0)
                } else {
                    Rect::new(b.x1 - 26.0, b.y0 - 52.0, b.x1, b.y0 - 6.0)
                };
                (!self.taken.iter().any(|t| t.intersects(&r))).then(|| {
                    self.taken.push(r);
                    r
                })
            }
            None => self.take(&ALL_CORNERS, 26.0, 46.0),
        }
    }
}

/// A legend planned but not placed: its size, the corners it may take in order, its title
/// and entries.
type LegendPlan = (f64, f64, Vec<Corner>, Option<String>, Vec<Entry>);

/// The legend's size, corners, title and entries, when the scene has one with entries.
fn legend(
    scene: &ResolvedScene,
    palette: &Palette,
    routes: &[DrawnRoute],
    pins: &[Pin],
) -> Result<Option<LegendPlan>, LayoutError> {
    let (title, position) = match &scene.scene.legend {
        LegendSpec::Shown(false) => return Ok(None),
        LegendSpec::Shown(true) => (None, None),
        LegendSpec::Settings { title, position } => (title.clone(), *position),
    };
    let entries = legend_entries(scene, palette, routes, pins);
    if entries.is_empty() {
        return Ok(None);
    }
    let fonts = Fonts::embedded()?;
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
    let title_w = title.as_deref().map_or(0.0, |t| {
        let bold = TextStyle {
            weight: Weight::Bold,
            ..style
        };
        fonts.measure(t, &bold).width
    });
    let w = (LEGEND_PAD * 2.0 + LEGEND_SYMBOL + 8.0 + text_w).max(title_w + 2.0 * LEGEND_PAD);
    let h = LEGEND_PAD * 2.0
        + LEGEND_ROW * entries.len() as f64
        + if title.is_some() { LEGEND_ROW } else { 0.0 }
        - 4.0;
    let prefer = match position {
        Some(c) => vec![c],
        None => vec![
            Corner::BottomLeft,
            Corner::BottomRight,
            Corner::TopLeft,
            Corner::TopRight,
        ],
    };
    Ok(Some((w, h, prefer, title, entries)))
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

fn legend_entries(
    scene: &ResolvedScene,
    palette: &Palette,
    routes: &[DrawnRoute],
    pins: &[Pin],
) -> Vec<Entry> {
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
    for (i, layer) in scene.layers.iter().enumerate() {
        let Some(text) = &layer.spec.title else {
            continue;
        };
        let color = palette.layers[i];
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
    for (h, &fill) in scene.highlights.iter().zip(&palette.highlights) {
        if let Some(text) = &h.spec.legend {
            out.push(Entry::Swatch {
                fill,
                text: text.clone(),
            });
        }
    }
    out
}

/// "500 km", "2,000 km", "0.5 km".
pub(crate) fn km_text(km: f64) -> String {
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

impl Furniture {
    /// Projects the locator inset, when there is one.
    pub fn inset(
        &self,
        palette: &Palette,
        t: &MapTransform,
        highlights: &[MultiPolygon<f64>],
    ) -> Result<Option<InsetPx>, LayoutError> {
        match &self.inset {
            Some((b, kind)) => {
                project_inset(b, &self.frame, *kind, palette, t, highlights).map(Some)
            }
            None => Ok(None),
        }
    }
}

/// Projects the locator inset into its box `b`.
#[allow(clippy::too_many_arguments)]
fn project_inset(
    b: &Rect,
    frame: &Rect,
    kind: InsetSpec,
    palette: &Palette,
    t: &MapTransform,
    highlights: &[MultiPolygon<f64>],
) -> Result<InsetPx, LayoutError> {
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
    let geo_err = |e: crate::geometry::GeometryError| LayoutError::Geometry {
        what: "locator inset".into(),
        message: e.to_string(),
    };
    let mut land = MultiPolygon::new(Vec::new());
    for f in basemap::load(Detail::D110m, Layer::Land)? {
        if let Some(p) = f.geometry.polygons() {
            land.0
                .extend(project_geometry(&inset_t, p, &popts).map_err(geo_err)?);
        }
    }
    let theme = &palette.theme;
    let land_fill = theme.land.mix(theme.text, 0.18);
    let mut highlights_px = Vec::new();
    // The highlights in the map's colours.
    for (shape, &fill) in highlights.iter().zip(&palette.highlights) {
        let px = project_geometry(&inset_t, shape, &popts).map_err(geo_err)?;
        highlights_px.push((px, fill));
    }
    // The main map's frame, traced in lon/lat and drawn on the inset.
    let outline = frame_outline(t, frame);
    let outline = if outline.is_empty() {
        None
    } else {
        let lines = MultiLineString::new(
            outline
                .into_iter()
                .map(|run| LineString::new(run.into_iter().map(|(x, y)| Coord { x, y }).collect()))
                .collect(),
        );
        Some(project_geometry(&inset_t, &lines, &popts).map_err(geo_err)?)
    };
    Ok(InsetPx {
        rect: *b,
        globe: clip,
        land,
        land_fill,
        highlights: highlights_px,
        outline,
    })
}

/// The direction of north at the map's centre, in degrees clockwise from up.
fn north_angle(t: &MapTransform) -> f64 {
    // North at the map's centre: the direction of a small step north.
    let centre = scene_centre(t);
    match (
        t.to_px(centre.0, centre.1),
        t.to_px(centre.0, (centre.1 + 0.5).min(89.9)),
    ) {
        (Some(a), Some(n)) => (n.0 - a.0).atan2(a.1 - n.1).to_degrees(),
        _ => 0.0,
    }
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

/// The source line: the scene's source and the data credits.
pub(crate) fn source_line(source: Option<&str>) -> String {
    match source.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => format!("{s} · {DATA_CREDIT}"),
        None => DATA_CREDIT.to_string(),
    }
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

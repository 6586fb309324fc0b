//! Building the map: extent, projection, basemap, highlights, routes, markers and labels.

use geo::Contains;
use geo_types::{Coord, LineString, MultiLineString, MultiPolygon, Point, Polygon};

use std::time::Duration;

use super::area_names::area_labels;
use super::furniture::{self, Furniture, InsetPx};
use super::labels::{AreaLabel, Placed, Placer, PlacerOptions, PointLabel, Rect, TextAnchor};
use super::page::{self as layout, Page};
use super::routes::{self, DrawnRoute};
use super::text::{Fonts, Slant, TextStyle, Weight};
use super::timeline;
use super::{LayoutError, MapWarning, RenderOptions, Stopwatch};
use crate::basemap::{self, Detail, Layer};
use crate::gazetteer::PlaceKind;
use crate::project::{
    auto_projection, Canvas, FitFeatures, GeoBbox, GeoExtent, MapTransform, Projection,
    ProjectionParams,
};
use crate::project::{project_geometry, PipelineOptions};
use crate::scene::Theme;
use crate::scene::{
    highlight_outlines, Color, DetailSpec, ExtentSpec, Icon, LegendSpec, MarkerSize, NamedSize,
    OutlineError, Palette, ResolvedPlace, ResolvedScene, SceneProjection, Stroke,
};

/// Padding (px) between the fitted features and the frame, room for labels.
const FIT_PADDING: f64 = 56.0;
/// Every country's first-level borders are drawn on maps more detailed than this, km a
/// pixel, where the basemap has them (110m and 10m).
const EVERY_REGION_KM_PER_PX: f64 = 3.0;
/// Rivers are drawn on maps more detailed than this, km a pixel: country and city maps,
/// not regional ones such as the story map (about 4.5), whose basemap stays quiet.
const RIVERS_KM_PER_PX: f64 = 4.0;
/// Simplification tolerance of rivers, px (the rest of the basemap: 0.5 px).
const RIVER_TOLERANCE_PX: f64 = 1.0;
/// Great-circle sample spacing for routes, km.
pub(crate) const ROUTE_STEP_KM: f64 = 25.0;

/// A symbol on the map with its label.
#[derive(Debug, Clone)]
pub(crate) struct Pin {
    pub lon_lat: (f64, f64),
    pub px: (f64, f64),
    pub icon: Icon,
    /// Symbol diameter, px.
    pub diameter: f64,
    pub color: Color,
    pub label: String,
    pub note: Option<String>,
    pub label_size: f64,
    pub bold: bool,
    pub priority: i32,
    /// Where it came from, for warnings (`markers[2]`).
    pub origin: String,
    pub legend: Option<String>,
}

impl Pin {
    /// Radius of the circle that holds the symbol.
    pub fn radius(&self) -> f64 {
        self.diameter * 0.5
    }

    /// Where the label is anchored (a pin's head, not its tip).
    pub fn label_anchor(&self) -> (f64, f64) {
        match self.icon {
            Icon::Pin => (self.px.0, self.px.1 - self.diameter * 1.1),
            _ => self.px,
        }
    }
}

/// A highlighted place's outline in pixels, with its fill.
#[derive(Debug, Clone)]
pub(crate) struct HighlightPx {
    /// Element id, `highlight-uzbekistan`.
    pub id: String,
    pub px: MultiPolygon<f64>,
    pub fill: Color,
}

/// One drawn part of a GeoJSON layer's feature, in pixels and final colours.
#[derive(Debug, Clone)]
pub(crate) enum OverlayPath {
    /// Polygons, filled.
    Area {
        px: MultiPolygon<f64>,
        fill: Color,
        fill_opacity: f64,
        stroke: Color,
        stroke_width: f64,
        stroke_opacity: f64,
    },
    /// Lines.
    Line {
        px: MultiLineString<f64>,
        stroke: Color,
        stroke_width: f64,
        stroke_opacity: f64,
    },
}

/// A placed label, ready to write.
#[derive(Debug, Clone)]
pub(crate) enum Label {
    /// A marker's name, with its second line and leader line.
    Marker {
        leader: Option<((f64, f64), (f64, f64))>,
        anchor: TextAnchor,
        origin: (f64, f64),
        name: String,
        size: f64,
        bold: bool,
        /// The second line: its text, baseline and size.
        note: Option<(String, f64, f64)>,
    },
    /// A route leg's date beside its arrowhead.
    Date {
        text: String,
        anchor: TextAnchor,
        origin: (f64, f64),
        size: f64,
        color: Color,
    },
    /// A country's name, centred on `origin` (x, baseline).
    Country {
        text: String,
        origin: (f64, f64),
        size: f64,
        letter_spacing: f64,
        fill: Color,
    },
    /// A sea's name, one or more centred lines with their origins.
    Sea {
        lines: Vec<(String, (f64, f64))>,
        size: f64,
        letter_spacing: f64,
    },
}

/// A map laid out in pixels: every decision made, ready for the SVG writer.
#[derive(Debug, Clone)]
pub struct Layout {
    pub(crate) width: f64,
    pub(crate) height: f64,
    pub(crate) theme: Theme,
    /// The document's title and description, for screen readers.
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) page: Page,
    /// The world's outline in px on a world map, where the sea fills it rather than the
    /// frame's corners beyond it; `None` fills the frame.
    pub(crate) sea_outline: Option<Vec<(f64, f64)>>,
    pub(crate) basemap: BasemapPx,
    pub(crate) highlights: Vec<HighlightPx>,
    pub(crate) graticule: Option<MultiLineString<f64>>,
    /// Each GeoJSON layer's paths, in layer order.
    pub(crate) overlays: Vec<Vec<OverlayPath>>,
    pub(crate) routes: Vec<DrawnRoute>,
    pub(crate) pins: Vec<Pin>,
    /// Labels in drawing order: markers, dates, countries, seas.
    pub(crate) labels: Vec<Label>,
    pub(crate) furniture: Furniture,
    pub(crate) inset: Option<InsetPx>,
    /// The itinerary timeline, in the page's timeline strip.
    pub(crate) timeline: Option<timeline::Chart>,
    /// The source line with the data credits.
    pub(crate) source_line: String,
    /// Labels dropped for lack of room and similar notes.
    pub warnings: Vec<MapWarning>,
    /// Time taken by each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The basemap detail drawn.
    pub detail: Detail,
    /// The projection and its fit to the frame.
    pub transform: MapTransform,
    /// Placed label boxes `[x0, y0, x1, y1]` in px.
    pub label_boxes: Vec<[f64; 4]>,
    /// The map frame `[x0, y0, x1, y1]` in px.
    pub frame: [f64; 4],
    /// Every route polyline in px.
    pub route_lines: Vec<Vec<(f64, f64)>>,
}

/// The canvas size, checked.
fn canvas_size(scene: &ResolvedScene) -> Result<(f64, f64), LayoutError> {
    // Resolution checks the size; a scene built in code may skip it.
    let width = f64::from(scene.size.width);
    let height = f64::from(scene.size.height);
    for (name, v) in [("width", width), ("height", height)] {
        if !(200.0..=f64::from(crate::scene::MAX_SIDE_PX)).contains(&v) {
            return Err(LayoutError::Canvas(format!(
                "canvas {name} {v} px is out of range; use 200 to {}",
                crate::scene::MAX_SIDE_PX
            )));
        }
    }
    Ok((width, height))
}

/// The timeline's rows, when the scene asks for one.
fn timeline_rows(
    scene: &ResolvedScene,
    palette: &Palette,
    warnings: &mut Vec<MapWarning>,
) -> Vec<timeline::Row> {
    if !scene.scene.timeline {
        return Vec::new();
    }
    let (rows, problems) = timeline::rows(&timeline::route_dates(scene, palette));
    warnings.extend(problems);
    if rows.is_empty() {
        warnings.push(MapWarning::NoTimelineDates);
    }
    rows
}

/// A warning for each text beside the markers' labels (title, subtitle, source line, legend
/// title and entries, notes, route names) with a character no bundled font has, as for
/// labels.
fn text_glyphs(scene: &ResolvedScene, warnings: &mut Vec<MapWarning>) -> Result<(), LayoutError> {
    let fonts = Fonts::embedded()?;
    let s = &scene.scene;
    let mut texts: Vec<(Option<&str>, String)> = vec![
        (s.title.as_deref(), "title".into()),
        (s.subtitle.as_deref(), "subtitle".into()),
        (s.source.as_deref(), "source".into()),
    ];
    if let LegendSpec::Settings { title, .. } = &s.legend {
        texts.push((title.as_deref(), "legend.title".into()));
    }
    for (i, h) in scene.highlights.iter().enumerate() {
        texts.push((h.spec.legend.as_deref(), format!("highlight[{i}].legend")));
    }
    for (i, m) in scene.markers.iter().enumerate() {
        texts.push((m.spec.note.as_deref(), format!("markers[{i}].note")));
        texts.push((m.spec.legend.as_deref(), format!("markers[{i}].legend")));
    }
    for (i, r) in scene.routes.iter().enumerate() {
        texts.push((r.spec.name.as_deref(), format!("routes[{i}].name")));
    }
    for (text, origin) in texts {
        if let Some(text) = text.filter(|t| !fonts.has_glyphs(t)) {
            warnings.push(MapWarning::MissingGlyphs {
                label: text.to_string(),
                origin,
            });
        }
    }
    Ok(())
}

/// Lays out `scene`: fits the projection, projects the basemap, places every symbol, route,
/// label and piece of furniture.
pub(crate) fn lay_out(
    scene: &ResolvedScene,
    options: &RenderOptions,
) -> Result<Layout, LayoutError> {
    let mut watch = Stopwatch::new();
    let s = &scene.scene;
    let palette = Palette::new(scene, options.theme);
    let theme = palette.theme.clone();
    let (width, height) = canvas_size(scene)?;
    let mut warnings = Vec::new();
    let timeline_rows = timeline_rows(scene, &palette, &mut warnings);
    let timeline_height = if timeline_rows.is_empty() {
        0.0
    } else {
        timeline::height(timeline_rows.len())
    };
    let page = layout::page(
        width,
        height,
        s.title.as_deref(),
        s.subtitle.as_deref(),
        timeline_height,
        &theme,
    )?;
    let frame = page.frame;
    text_glyphs(scene, &mut warnings)?;

    // Geography to fit, and the projection.
    let highlight_shapes =
        highlight_outlines(&scene.highlights, Detail::D50m).map_err(|e| match e {
            OutlineError::Basemap(e) => LayoutError::Basemap(e),
            OutlineError::Missing { name, .. } => LayoutError::Geometry {
                what: format!("highlight {name:?}"),
                message: "no outline of it in the basemap (only countries, first-level regions and continents can be highlighted)".into(),
            },
        })?;
    let transform = fit(scene, &highlight_shapes, frame)?;
    let km_per_px = km_per_px(&transform, frame);
    let detail = match s.detail {
        DetailSpec::Auto if km_per_px > 6.0 => Detail::D110m,
        DetailSpec::Auto if km_per_px > 1.2 => Detail::D50m,
        DetailSpec::Auto => Detail::D10m,
        DetailSpec::D110m => Detail::D110m,
        DetailSpec::D50m => Detail::D50m,
        DetailSpec::D10m => Detail::D10m,
    };
    watch.lap("fit");
    let fitted = Fitted {
        page: &page,
        palette: &palette,
        transform: &transform,
        detail,
        km_per_px,
    };
    let placed = place(scene, &highlight_shapes, &fitted, &mut warnings, &mut watch)?;
    let timeline = match page.timeline {
        Some(strip) if !timeline_rows.is_empty() => {
            let chart = timeline::chart(&timeline_rows, strip, &mut warnings)?;
            watch.lap("timeline");
            Some(chart)
        }
        _ => None,
    };
    let fr = page.frame_rect();
    Ok(Layout {
        width,
        height,
        title: s.title.clone().unwrap_or_else(|| "Map".into()),
        description: describe(scene),
        sea_outline: transform.world_outline_px(frame),
        basemap: placed.basemap,
        highlights: placed.highlights,
        graticule: placed.graticule,
        overlays: placed.overlays,
        route_lines: placed.routes.iter().flat_map(|r| r.lines.clone()).collect(),
        routes: placed.routes,
        pins: placed.pins,
        labels: placed.labels,
        furniture: placed.furniture,
        inset: placed.inset,
        timeline,
        source_line: furniture::source_line(s.source.as_deref()),
        warnings,
        timings: watch.finish(),
        detail,
        transform,
        label_boxes: placed
            .label_boxes
            .iter()
            .map(|r| [r.x0, r.y0, r.x1, r.y1])
            .collect(),
        frame: [fr.x0, fr.y0, fr.x1, fr.y1],
        page,
        theme,
    })
}

/// The page, theme and fitted projection that the rest of the layout works in.
struct Fitted<'a> {
    page: &'a Page,
    palette: &'a Palette,
    transform: &'a MapTransform,
    detail: Detail,
    km_per_px: f64,
}

/// What [`place`] projects and places.
struct Placement {
    basemap: BasemapPx,
    highlights: Vec<HighlightPx>,
    graticule: Option<MultiLineString<f64>>,
    overlays: Vec<Vec<OverlayPath>>,
    routes: Vec<DrawnRoute>,
    pins: Vec<Pin>,
    labels: Vec<Label>,
    furniture: Furniture,
    inset: Option<InsetPx>,
    label_boxes: Vec<Rect>,
}

/// Projects the basemap (on another thread), highlights, overlays, symbols and routes, plans
/// the furniture and places the labels.
fn place(
    scene: &ResolvedScene,
    highlight_shapes: &[MultiPolygon<f64>],
    fitted: &Fitted,
    warnings: &mut Vec<MapWarning>,
    watch: &mut Stopwatch,
) -> Result<Placement, LayoutError> {
    let s = &scene.scene;
    let Fitted {
        page,
        palette,
        transform,
        detail,
        km_per_px,
    } = *fitted;
    let theme = &palette.theme;
    let popts = PipelineOptions::for_canvas(page.frame).windowed(transform);
    let fr = page.frame_rect();
    // The basemap is projected, and the locator inset, on other threads while this one
    // places the labels: they are most of a render's time and none needs the others.
    std::thread::scope(|threads| {
        let basemap_job = threads.spawn(|| {
            let start = std::time::Instant::now();
            project_basemap(scene, fitted, &popts).map(|b| (b, start.elapsed()))
        });
        let countries = basemap::countries(detail)?;

        let highlight_px = highlights(scene, highlight_shapes, transform, &popts, palette)?;

        // Symbols and routes, then the furniture boxes: all are obstacles for labels.
        let pins = pins(scene, transform, palette);
        let drawn_routes = routes::project_routes(scene, transform, &popts, palette, &pins)?;
        watch.lap("routes");

        let blocks = label_blocks(&pins)?;
        let feature_points = feature_points(&pins, &blocks, &drawn_routes, &fr);
        let mut placer = Placer::with_options(
            fr,
            PlacerOptions {
                margin: 8.0,
                gap: 4.0,
                leader_distances: vec![14.0, 26.0],
                ..PlacerOptions::default()
            },
        );
        let furniture = Furniture::plan(
            scene,
            page,
            palette,
            transform,
            &feature_points,
            &drawn_routes,
            &pins,
        )?;
        let furniture_boxes = furniture.boxes();
        let inset_job = {
            let furniture = furniture.clone();
            threads.spawn(move || {
                let start = std::time::Instant::now();
                furniture
                    .inset(palette, transform, highlight_shapes)
                    .map(|inset| (inset, start.elapsed()))
            })
        };
        for r in furniture_boxes {
            placer.obstacles_mut().add_rect(r.inflate(4.0));
        }
        add_obstacles(&mut placer, &pins, &drawn_routes);

        // Labels, most important first: symbols, route dates, countries, seas.
        let (mut labels, mut label_boxes) =
            point_labels(&mut placer, &pins, blocks, &drawn_routes, warnings)?;
        watch.lap("labels: symbols");
        if s.country_labels {
            let marker_names: Vec<&str> = pins.iter().map(|p| p.label.as_str()).collect();
            area_labels(
                &mut labels,
                &mut placer,
                countries,
                draws_every_region(km_per_px, detail).then_some(&marker_names[..]),
                transform,
                &popts,
                theme,
                &highlight_px,
                &mut label_boxes,
                warnings,
            )?;
        }
        watch.lap("labels: countries");
        let (base, took) = basemap_job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        watch.record("basemap: land and lines, beside the labels", took);
        watch.lap("basemap: wait");
        let graticule = if s.graticule {
            Some(graticule(transform, &popts)?)
        } else {
            None
        };
        let overlays = overlays(scene, transform, &popts, palette)?;
        if !scene.layers.is_empty() {
            watch.lap("overlays");
        }
        if s.sea_labels {
            sea_labels(
                &mut labels,
                &mut placer,
                transform,
                km_per_px,
                &base.land,
                &mut label_boxes,
            )?;
        }
        watch.lap("labels: seas");
        let (inset, took) = inset_job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        watch.record("furniture: locator, beside the labels", took);

        Ok(Placement {
            highlights: highlight_px
                .into_iter()
                .map(|(place, px, fill)| HighlightPx {
                    id: format!("highlight-{}", slug(&place.name)),
                    px,
                    fill,
                })
                .collect(),
            basemap: base,
            graticule,
            overlays,
            routes: drawn_routes,
            pins,
            labels,
            furniture,
            inset,
            label_boxes,
        })
    })
}

/// Each pin's label measured, once: the furniture keeps clear of where it must go, then it
/// is placed; `None` for a pin without a label.
fn label_blocks(pins: &[Pin]) -> Result<Vec<Option<LabelBlock>>, LayoutError> {
    let fonts = Fonts::embedded()?;
    Ok(pins
        .iter()
        .map(|p| (!p.label.is_empty()).then(|| LabelBlock::new(fonts, p)))
        .collect())
}

/// What the furniture should not hide: the symbols, the only room of their labels that
/// have one side to go to, and points along the routes.
fn feature_points(
    pins: &[Pin],
    blocks: &[Option<LabelBlock>],
    routes: &[DrawnRoute],
    frame: &Rect,
) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = pins.iter().map(|p| p.px).collect();
    for (p, block) in pins.iter().zip(blocks) {
        if let Some(block) = block {
            points.extend(only_label_room(p, block.width, frame));
        }
    }
    for r in routes {
        for line in &r.lines {
            points.extend(line.iter().step_by(4).copied());
        }
    }
    points
}

/// Points along the one side of a pin its label (`width` px wide) fits on within `frame`,
/// every 12 px; none when either side will do. The furniture counts them as features, so
/// that a box does not take the only room a label has (a pin near the frame's edge).
fn only_label_room(p: &Pin, width: f64, frame: &Rect) -> Vec<(f64, f64)> {
    let (x, y) = p.label_anchor();
    let gap = p.radius() + 4.0;
    let right = x + gap + width <= frame.x1 - 8.0;
    let left = x - gap - width >= frame.x0 + 8.0;
    let start = match (left, right) {
        (false, true) => x + gap,
        (true, false) => x - gap - width,
        _ => return Vec::new(),
    };
    let steps = (width / 12.0).ceil() as usize;
    (0..=steps)
        .map(|k| (start + width * k as f64 / steps.max(1) as f64, y))
        .collect()
}

/// Whether a map at `km_per_px` and `detail` draws every country's first-level borders
/// (and so names the regions).
fn draws_every_region(km_per_px: f64, detail: Detail) -> bool {
    km_per_px < EVERY_REGION_KM_PER_PX && detail == Detail::D10m
}

/// The basemap in pixels, with the region borders of highlighted regions' countries.
fn project_basemap(
    scene: &ResolvedScene,
    fitted: &Fitted,
    popts: &PipelineOptions,
) -> Result<BasemapPx, LayoutError> {
    let Fitted {
        palette,
        transform,
        detail,
        km_per_px,
        ..
    } = *fitted;
    // Zoomed in at 10m every country's region borders are drawn, the highlighted regions'
    // countries' with them.
    let region_lines = if draws_every_region(km_per_px, detail) {
        MultiLineString::new(Vec::new())
    } else {
        super::regions::highlighted_countries(scene)?
    };
    let lines = BasemapLines {
        regions: &region_lines,
        rivers: scene.scene.rivers,
        palette,
    };
    BasemapPx::project(detail, km_per_px, transform, popts, &lines)
}

/// The highlighted places' outlines in pixels, with their fills.
fn highlights(
    scene: &ResolvedScene,
    shapes: &[MultiPolygon<f64>],
    transform: &MapTransform,
    popts: &PipelineOptions,
    palette: &Palette,
) -> Result<Vec<(ResolvedPlace, MultiPolygon<f64>, Color)>, LayoutError> {
    // Highlights sit on the land, under borders.
    let mut out = Vec::new();
    for ((hl, shape), &fill) in scene.highlights.iter().zip(shapes).zip(&palette.highlights) {
        let px = project_geometry(transform, shape, popts).map_err(geo_err("highlight"))?;
        out.push((hl.place.clone(), px, fill));
    }
    Ok(out)
}

/// Symbols, their pins' heads, route lines and arrowheads: no label may cover them.
fn add_obstacles(placer: &mut Placer, pins: &[Pin], routes: &[DrawnRoute]) {
    for p in pins {
        placer.obstacles_mut().add_circle(p.px, p.radius() + 1.5);
        if p.icon == Icon::Pin {
            placer
                .obstacles_mut()
                .add_circle(p.label_anchor(), p.diameter * 0.55);
        }
    }
    for r in routes {
        for line in &r.lines {
            placer
                .obstacles_mut()
                .add_polyline(line, r.width / 2.0 + 1.5 + 1.0);
        }
        for a in &r.arrows {
            placer.obstacles_mut().add_rect(a.bounds().inflate(1.0));
        }
    }
}

/// The labels beside points, with their boxes: markers' names, then route dates.
fn point_labels(
    placer: &mut Placer,
    pins: &[Pin],
    mut blocks: Vec<Option<LabelBlock>>,
    routes: &[DrawnRoute],
    warnings: &mut Vec<MapWarning>,
) -> Result<(Vec<Label>, Vec<Rect>), LayoutError> {
    let mut labels = Vec::new();
    let mut boxes = Vec::new();
    marker_labels(placer, pins, &mut blocks, &mut labels, &mut boxes, warnings)?;
    date_labels(placer, routes, &mut labels, &mut boxes, warnings)?;
    Ok((labels, boxes))
}

/// Markers' names, the most important first; `blocks` holds each pin's measured label
/// (`None` for none), taken as it is placed.
fn marker_labels(
    placer: &mut Placer,
    pins: &[Pin],
    blocks: &mut [Option<LabelBlock>],
    labels: &mut Vec<Label>,
    boxes: &mut Vec<Rect>,
    warnings: &mut Vec<MapWarning>,
) -> Result<(), LayoutError> {
    let fonts = Fonts::embedded()?;
    let mut order: Vec<usize> = (0..pins.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(pins[i].priority));
    for i in order {
        let p = &pins[i];
        let Some(block) = blocks[i].take() else {
            continue;
        };
        if !fonts.has_glyphs(&p.label) {
            warnings.push(MapWarning::MissingGlyphs {
                label: p.label.clone(),
                origin: p.origin.clone(),
            });
        }
        let request = PointLabel {
            anchor: p.label_anchor(),
            anchor_radius: p.radius(),
            width: block.width,
            height: block.height,
            priority: p.priority,
            leader_allowed: true,
        };
        match placer.place_point(&request) {
            Some(placed) => {
                labels.push(block.label(&placed));
                boxes.push(placed.rect);
            }
            None => warnings.push(MapWarning::LabelDropped {
                label: p.label.clone(),
                origin: p.origin.clone(),
            }),
        }
    }
    Ok(())
}

/// Each dated leg's date beside its arrowhead, or along its leg.
fn date_labels(
    placer: &mut Placer,
    routes: &[DrawnRoute],
    labels: &mut Vec<Label>,
    boxes: &mut Vec<Rect>,
    warnings: &mut Vec<MapWarning>,
) -> Result<(), LayoutError> {
    let fonts = Fonts::embedded()?;
    for (i, r) in routes.iter().enumerate() {
        for a in &r.arrows {
            let Some(date) = &a.date else { continue };
            let style = TextStyle {
                size: 12.5,
                weight: Weight::Bold,
                slant: Slant::Upright,
                letter_spacing: 0.0,
            };
            let m = fonts.measure(date, &style);
            let beside_arrow = PointLabel {
                anchor: a.centre(),
                // Clear of the arrowhead's whole box, whatever its direction.
                anchor_radius: {
                    let b = a.bounds();
                    0.5 * (b.x1 - b.x0).max(b.y1 - b.y0) + 1.0
                },
                width: m.width,
                height: m.height(),
                priority: 150,
                leader_allowed: false,
            };
            // When another label has the room beside the arrowhead (two routes arriving at
            // one stop), the date moves back along its own leg, beside the line.
            let along_leg = a.along.iter().map(|&p| PointLabel {
                anchor: p,
                anchor_radius: r.width / 2.0 + 1.5 + 1.0,
                ..beside_arrow.clone()
            });
            let placed = std::iter::once(beside_arrow.clone())
                .chain(along_leg)
                .find_map(|request| placer.place_point(&request));
            match placed {
                Some(placed) => {
                    let (anchor, origin) = placed.text_origin(m.ascent);
                    labels.push(Label::Date {
                        text: date.clone(),
                        anchor,
                        origin,
                        size: style.size,
                        color: r.color,
                    });
                    boxes.push(placed.rect);
                }
                None => warnings.push(MapWarning::DateDropped {
                    date: date.clone(),
                    route: route_name(r.name.as_deref(), i),
                }),
            }
        }
    }
    Ok(())
}

/// A short description of the map for screen readers.
fn describe(scene: &ResolvedScene) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &scene.scene.subtitle {
        parts.push(t.clone());
    }
    if !scene.highlights.is_empty() {
        let names: Vec<&str> = scene
            .highlights
            .iter()
            .map(|h| h.place.name.as_str())
            .collect();
        parts.push(format!("Highlighted: {}.", names.join(", ")));
    }
    for r in &scene.routes {
        let stops: Vec<&str> = r.stops.iter().map(|s| s.place.name.as_str()).collect();
        let who = r.spec.name.as_deref().unwrap_or("Route");
        parts.push(format!("{who}: {}.", stops.join(" to ")));
    }
    if !scene.markers.is_empty() {
        let names: Vec<&str> = scene
            .markers
            .iter()
            .map(|m| m.place.name.as_str())
            .collect();
        parts.push(format!("Marked: {}.", names.join(", ")));
    }
    parts.join(" ")
}

/// How warnings name a route: `route "Xi Jinping"`, or `routes[2]` when it has no name.
pub(crate) fn route_name(name: Option<&str>, index: usize) -> String {
    match name {
        Some(n) => format!("route {n:?}"),
        None => format!("routes[{index}]"),
    }
}

/// A lower-case id fragment from a name.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_alphanumeric() {
            out.extend(ch.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Adds an overlay geometry to what the map must show.
fn fit_overlay(g: &geo_types::Geometry<f64>, features: &mut FitFeatures) {
    use geo_types::Geometry as G;
    match g {
        G::Point(p) => features.points.push((p.x(), p.y())),
        G::MultiPoint(ps) => features.points.extend(ps.iter().map(|p| (p.x(), p.y()))),
        G::LineString(l) => features
            .lines
            .push(l.coords().map(|c| (c.x, c.y)).collect()),
        G::MultiLineString(ls) => {
            for l in ls {
                features
                    .lines
                    .push(l.coords().map(|c| (c.x, c.y)).collect());
            }
        }
        G::Polygon(p) => features.polygons.push(p.clone()),
        G::MultiPolygon(ps) => features.polygons.extend(ps.iter().cloned()),
        G::GeometryCollection(gs) => gs.iter().for_each(|g| fit_overlay(g, features)),
        G::Line(l) => features.lines.push(vec![l.start.x_y(), l.end.x_y()]),
        G::Rect(r) => features.polygons.push(r.to_polygon()),
        G::Triangle(t) => features.polygons.push(t.to_polygon()),
    }
}

/// Lines and polygons of GeoJSON layers, over the basemap and under routes; their points are
/// drawn with the markers.
fn overlays(
    scene: &ResolvedScene,
    transform: &MapTransform,
    popts: &PipelineOptions,
    palette: &Palette,
) -> Result<Vec<Vec<OverlayPath>>, LayoutError> {
    let mut out = Vec::new();
    for (i, layer) in scene.layers.iter().enumerate() {
        let color = palette.layers[i];
        let mut paths = Vec::new();
        for f in &layer.features {
            let mut polygons = MultiPolygon::new(Vec::new());
            let mut lines = MultiLineString::new(Vec::new());
            collect_parts(&f.geometry, &mut polygons, &mut lines);
            let what = format!("layers[{i}] features[{}]", f.index);
            let err = |e: crate::geometry::GeometryError| LayoutError::Geometry {
                what: what.clone(),
                message: e.to_string(),
            };
            let st = &f.style;
            let stroke = st.stroke.unwrap_or(color);
            let width = st.stroke_width.unwrap_or(2.0);
            let stroke_opacity = st.stroke_opacity.unwrap_or(1.0);
            if !polygons.0.is_empty() {
                paths.push(OverlayPath::Area {
                    px: project_geometry(transform, &polygons, popts).map_err(err)?,
                    fill: st.fill.unwrap_or(color),
                    fill_opacity: st.fill_opacity.unwrap_or(0.35),
                    stroke,
                    stroke_width: width.min(2.0) * 0.75,
                    stroke_opacity,
                });
            }
            if !lines.0.is_empty() {
                paths.push(OverlayPath::Line {
                    px: project_geometry(transform, &lines, popts).map_err(err)?,
                    stroke,
                    stroke_width: width,
                    stroke_opacity,
                });
            }
        }
        out.push(paths);
    }
    Ok(out)
}

/// Splits a geometry into its areas and lines (points are markers).
fn collect_parts(
    g: &geo_types::Geometry<f64>,
    polygons: &mut MultiPolygon<f64>,
    lines: &mut MultiLineString<f64>,
) {
    use geo_types::Geometry as G;
    match g {
        G::Polygon(p) => polygons.0.push(p.clone()),
        G::MultiPolygon(ps) => polygons.0.extend(ps.iter().cloned()),
        G::LineString(l) => lines.0.push(l.clone()),
        G::MultiLineString(ls) => lines.0.extend(ls.iter().cloned()),
        G::Line(l) => lines.0.push(LineString::from(vec![l.start, l.end])),
        G::Rect(r) => polygons.0.push(r.to_polygon()),
        G::Triangle(t) => polygons.0.push(t.to_polygon()),
        G::GeometryCollection(gs) => gs.iter().for_each(|g| collect_parts(g, polygons, lines)),
        G::Point(_) | G::MultiPoint(_) => {}
    }
}

/// Chooses the projection and fits it to the frame.
fn fit(
    scene: &ResolvedScene,
    highlights: &[MultiPolygon<f64>],
    frame: Canvas,
) -> Result<MapTransform, LayoutError> {
    let s = &scene.scene;
    let mut features = FitFeatures::default();
    let place_point = |p: &ResolvedPlace| (p.lon, p.lat);
    match &s.extent {
        ExtentSpec::Fit { .. } => {
            for p in &scene.extent_places {
                match p.bbox {
                    Some([w, so, e, n])
                        if matches!(
                            p.kind,
                            PlaceKind::Country | PlaceKind::Region | PlaceKind::Continent
                        ) =>
                    {
                        features.polygons.push(bbox_polygon(w, so, e, n));
                    }
                    _ => features.points.push(place_point(p)),
                }
            }
        }
        _ => {
            features
                .points
                .extend(scene.markers.iter().map(|m| place_point(&m.place)));
            for r in &scene.routes {
                features
                    .lines
                    .push(r.stops.iter().map(|s| place_point(&s.place)).collect());
            }
            for layer in &scene.layers {
                for f in &layer.features {
                    fit_overlay(&f.geometry, &mut features);
                }
            }
            for shape in highlights {
                // A country's far islands should not shrink the map; a continent's
                // countries all belong on it.
                features
                    .polygons
                    .extend(crate::project::parts_to_fit(shape));
            }
        }
    }
    let extent = match &s.extent {
        ExtentSpec::Bbox {
            bbox: [w, so, e, n],
        } => GeoExtent::from_bboxes(&[GeoBbox {
            west: *w,
            south: *so,
            east: *e,
            north: *n,
        }])?,
        ExtentSpec::Around { radius_km, .. } => {
            let c = scene
                .extent_places
                .first()
                .map(place_point)
                .unwrap_or((0.0, 0.0));
            let deg = radius_km / 111.2;
            let dlon = (deg / c.1.to_radians().cos().max(0.05)).min(179.0);
            GeoExtent::from_points(&[
                (c.0 - dlon, (c.1 - deg).max(-90.0)),
                (c.0 + dlon, (c.1 + deg).min(90.0)),
            ])?
        }
        _ => {
            let mut lines = features.lines.clone();
            for p in &features.polygons {
                lines.push(p.exterior().coords().map(|c| (c.x, c.y)).collect());
            }
            if features.points.is_empty() && lines.is_empty() {
                // Nothing to show: the world.
                GeoExtent::from_points(&[(-179.0, -60.0), (179.0, 80.0)])?
            } else {
                GeoExtent::from_parts(&features.points, &lines, &[])?
            }
        }
    };
    let projection = projection(&scene.projection, &extent)?;
    let t = match &s.extent {
        ExtentSpec::Bbox {
            bbox: [w, so, e, n],
        } => MapTransform::fit_bbox(
            projection,
            &GeoBbox {
                west: *w,
                south: *so,
                east: *e,
                north: *n,
            },
            frame,
            8.0,
        )?,
        ExtentSpec::Around { radius_km, .. } => {
            let c = scene
                .extent_places
                .first()
                .map(place_point)
                .unwrap_or((0.0, 0.0));
            MapTransform::fit_centre_radius(projection, c, *radius_km, frame, 8.0)?
        }
        // An automatic world map shows the world, not the features' box cut at their
        // northernmost point.
        _ if scene.projection.is_auto() && crate::project::has_world_outline(projection.kind()) => {
            let lon0 = projection.params().lon0;
            let bbox = crate::project::world_bbox(&extent, lon0);
            MapTransform::fit_bbox(projection, &bbox, frame, 8.0)?
        }
        _ => {
            let padding = FIT_PADDING.min(frame.width.min(frame.height) * 0.2);
            MapTransform::fit(projection, &features, frame, padding)?
        }
    };
    Ok(t)
}

fn bbox_polygon(w: f64, s: f64, e: f64, n: f64) -> Polygon<f64> {
    let e = if e < w { e + 360.0 } else { e };
    let ring: Vec<Coord<f64>> = [(w, s), (e, s), (e, n), (w, n), (w, s)]
        .iter()
        .map(|&(x, y)| Coord {
            x: crate::project::normalize_lon(x),
            y,
        })
        .collect();
    Polygon::new(LineString::new(ring), vec![])
}

fn projection(spec: &SceneProjection, extent: &GeoExtent) -> Result<Projection, LayoutError> {
    let (kind, centre, parallels) = match *spec {
        SceneProjection::Auto => return Ok(auto_projection(extent)?),
        SceneProjection::Fixed {
            kind,
            center,
            parallels,
        } => (kind, center, parallels),
    };
    let (lon_c, lat_c) = extent.centre();
    let span = extent.north - extent.south;
    let default_parallels = (extent.south + span / 6.0, extent.north - span / 6.0);
    let [lon0, lat0] = centre.unwrap_or([lon_c, lat_c]);
    let parallels = parallels.map(|[a, b]| (a, b)).unwrap_or(default_parallels);
    Ok(Projection::new(
        kind,
        ProjectionParams {
            lon0,
            lat0,
            parallels,
            ..ProjectionParams::default()
        },
    )?)
}

/// Kilometres per pixel at the frame's centre.
fn km_per_px(t: &MapTransform, frame: Canvas) -> f64 {
    let (cx, cy) = (frame.x + frame.width / 2.0, frame.y + frame.height / 2.0);
    match (t.from_px(cx - 50.0, cy), t.from_px(cx + 50.0, cy)) {
        (Some(a), Some(b)) => crate::geometry::distance_km(a, b).unwrap_or(100.0) / 100.0,
        _ => 20.0,
    }
}

/// A geometry error in a layer of the map.
fn geo_err(what: &str) -> impl Fn(crate::geometry::GeometryError) -> LayoutError + '_ {
    move |e| LayoutError::Geometry {
        what: what.to_string(),
        message: e.to_string(),
    }
}

/// The basemap's layers in canvas pixels.
#[derive(Debug, Clone)]
pub(crate) struct BasemapPx {
    pub land: MultiPolygon<f64>,
    pub lakes: MultiPolygon<f64>,
    /// First-level region borders: every country's when zoomed in, else those of the
    /// highlighted regions' countries (empty otherwise).
    pub region_borders: MultiLineString<f64>,
    pub region_style: Stroke,
    /// Rivers and lake centrelines, on country and city maps (empty otherwise).
    pub rivers: MultiLineString<f64>,
    pub river_style: Stroke,
    pub borders: MultiLineString<f64>,
    pub coast: MultiLineString<f64>,
}

/// What the scene asks of the basemap's lines beyond its detail.
struct BasemapLines<'a> {
    /// The borders between the highlighted regions' countries' regions, in degrees (none
    /// where every country's are drawn).
    regions: &'a MultiLineString<f64>,
    /// Whether the scene wants rivers.
    rivers: bool,
    palette: &'a Palette,
}

/// Every feature of a basemap layer projected, as the parts `geometry` takes from it;
/// nothing when the layer has no data at this detail.
fn project_layer<G, P>(
    detail: Detail,
    layer: Layer,
    t: &MapTransform,
    popts: &PipelineOptions,
    geometry: fn(&basemap::Geometry) -> Option<&G>,
) -> Result<Vec<P>, LayoutError>
where
    G: crate::project::ProjectGeometry,
    G::Output: IntoIterator<Item = P>,
{
    let mut out = Vec::new();
    if basemap::embedded(detail, layer).is_none() {
        return Ok(out);
    }
    for f in basemap::load(detail, layer)? {
        if let Some(g) = geometry(&f.geometry) {
            out.extend(project_geometry(t, g, popts).map_err(geo_err(layer.as_str()))?);
        }
    }
    Ok(out)
}

impl BasemapPx {
    fn project(
        detail: Detail,
        km_per_px: f64,
        t: &MapTransform,
        popts: &PipelineOptions,
        wanted: &BasemapLines,
    ) -> Result<BasemapPx, LayoutError> {
        let polygons = |layer| -> Result<MultiPolygon<f64>, LayoutError> {
            Ok(MultiPolygon::new(project_layer(
                detail,
                layer,
                t,
                popts,
                basemap::Geometry::polygons,
            )?))
        };
        let lines = |layer| -> Result<MultiLineString<f64>, LayoutError> {
            Ok(MultiLineString::new(project_layer(
                detail,
                layer,
                t,
                popts,
                basemap::Geometry::lines,
            )?))
        };
        let mut region_borders = if km_per_px < EVERY_REGION_KM_PER_PX {
            lines(Layer::Admin1Lines)?
        } else {
            MultiLineString::new(Vec::new())
        };
        if !wanted.regions.0.is_empty() {
            let px =
                project_geometry(t, wanted.regions, popts).map_err(geo_err("region borders"))?;
            region_borders.0.extend(px.0);
        }
        // The 50m rivers are quantised to about 4 × 2 km: simplified a little harder than
        // the rest, they lose that staircase and half their points, and nothing else.
        let river_opts = PipelineOptions {
            tolerance_px: RIVER_TOLERANCE_PX,
            ..*popts
        };
        let rivers = match Layer::rivers_detail(detail) {
            Some(d) if wanted.rivers && km_per_px < RIVERS_KM_PER_PX => MultiLineString::new(
                project_layer(d, Layer::Rivers, t, &river_opts, basemap::Geometry::lines)?,
            ),
            _ => MultiLineString::new(Vec::new()),
        };
        Ok(BasemapPx {
            land: polygons(Layer::Land)?,
            lakes: polygons(Layer::Lakes)?,
            region_borders,
            region_style: wanted.palette.region_border,
            rivers,
            river_style: wanted.palette.river,
            borders: lines(Layer::Borders)?,
            coast: lines(Layer::Coastline)?,
        })
    }
}

/// Lines of latitude and longitude, spaced by the map's span.
fn graticule(
    t: &MapTransform,
    popts: &PipelineOptions,
) -> Result<MultiLineString<f64>, LayoutError> {
    let kmpp = km_per_px(t, popts.frame);
    let step = match kmpp * popts.frame.width {
        w if w > 15_000.0 => 30.0,
        w if w > 6_000.0 => 10.0,
        w if w > 2_000.0 => 5.0,
        w if w > 500.0 => 2.0,
        _ => 1.0,
    };
    let mut lines = Vec::new();
    let n = (360.0 / step) as i32;
    for i in 0..n {
        let lon = -180.0 + f64::from(i) * step;
        let pts: Vec<Coord<f64>> = (-80..=80)
            .map(|lat| Coord {
                x: lon,
                y: f64::from(lat),
            })
            .collect();
        lines.push(LineString::new(pts));
    }
    let m = (80.0 / step) as i32;
    for j in -m..=m {
        let lat = f64::from(j) * step;
        let pts: Vec<Coord<f64>> = (-180..=180)
            .map(|lon| Coord {
                x: f64::from(lon),
                y: lat,
            })
            .collect();
        lines.push(LineString::new(pts));
    }
    project_geometry(t, &MultiLineString::new(lines), popts).map_err(|e| LayoutError::Geometry {
        what: "graticule".into(),
        message: e.to_string(),
    })
}

/// The symbols: scene markers first, then route stops that have none.
/// The points of an overlay geometry.
fn overlay_points(g: &geo_types::Geometry<f64>, out: &mut Vec<(f64, f64)>) {
    use geo_types::Geometry as G;
    match g {
        G::Point(p) => out.push((p.x(), p.y())),
        G::MultiPoint(ps) => out.extend(ps.iter().map(|p| (p.x(), p.y()))),
        G::GeometryCollection(gs) => gs.iter().for_each(|g| overlay_points(g, out)),
        _ => {}
    }
}

fn pins(scene: &ResolvedScene, t: &MapTransform, palette: &Palette) -> Vec<Pin> {
    let theme = &palette.theme;
    let stop_places: Vec<(f64, f64)> = scene
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.place.lon_lat()))
        .collect();
    let mut stops = super::place_grid::PlaceGrid::default();
    for (i, &p) in stop_places.iter().enumerate() {
        stops.insert(i, p);
    }
    let is_stop = |p: (f64, f64)| stops.find(p).is_some();
    let mut pins: Vec<Pin> = Vec::new();
    let mut seen = super::place_grid::PlaceGrid::default();
    for (i, m) in scene.markers.iter().enumerate() {
        let ll = m.place.lon_lat();
        let Some(px) = t.to_px(ll.0, ll.1) else {
            continue;
        };
        let named = match m.spec.size {
            Some(MarkerSize::Named(n)) => Some(n),
            Some(MarkerSize::Px(_)) => None,
            None if is_stop(ll) => Some(NamedSize::Medium),
            None => Some(NamedSize::Small),
        };
        let (mut diameter, label_size, bold, base_priority) = match (named, m.spec.size) {
            (Some(NamedSize::Large), _) => (20.0, theme.label_size * 19.0 / 14.0, true, 300),
            (Some(NamedSize::Medium), _) => (10.0, theme.label_size * 17.0 / 14.0, false, 200),
            (Some(NamedSize::Small), _) => (8.0, theme.label_size, false, 100),
            (None, Some(MarkerSize::Px(d))) => (
                d,
                (theme.label_size + (d - 8.0) * 0.4).clamp(11.0, 26.0),
                d >= 18.0,
                100 + (d * 5.0) as i32,
            ),
            _ => (8.0, theme.label_size, false, 100),
        };
        if m.spec.icon != Icon::Circle && named.is_some() {
            // Shapes read smaller than dots of the same width.
            diameter = (diameter * 1.5_f64).max(14.0).min(diameter.max(20.0));
        }
        let label = m
            .spec
            .label
            .clone()
            .unwrap_or_else(|| m.place.default_label());
        if let Some(existing) = seen.find(ll) {
            // Two markers on one place: keep the first, add the second's words.
            let e = &mut pins[existing];
            if e.note.is_none() {
                e.note = m.spec.note.clone();
            }
            continue;
        }
        seen.insert(pins.len(), ll);
        pins.push(Pin {
            lon_lat: ll,
            px,
            icon: m.spec.icon,
            diameter,
            color: palette.markers[i],
            label,
            note: m.spec.note.clone(),
            label_size,
            bold,
            priority: m.spec.priority.unwrap_or(base_priority),
            origin: m.origin.clone(),
            legend: m.spec.legend.clone(),
        });
    }
    for (i, layer) in scene.layers.iter().enumerate() {
        let color = palette.layers[i];
        let mut legend = layer.spec.title.clone();
        for f in &layer.features {
            let mut points = Vec::new();
            overlay_points(&f.geometry, &mut points);
            let st = &f.style;
            let (diameter, label_size) = match st.marker_size {
                Some(MarkerSize::Named(NamedSize::Large)) => (20.0, theme.label_size * 19.0 / 14.0),
                Some(MarkerSize::Named(NamedSize::Medium)) => {
                    (12.0, theme.label_size * 17.0 / 14.0)
                }
                _ => (8.0, theme.label_size),
            };
            for ll in points {
                let Some(px) = t.to_px(ll.0, ll.1) else {
                    continue;
                };
                pins.push(Pin {
                    lon_lat: ll,
                    px,
                    icon: st.marker_symbol.unwrap_or(Icon::Circle),
                    diameter,
                    color: st.marker_color.unwrap_or(color),
                    label: f.label.clone().unwrap_or_default(),
                    note: None,
                    label_size,
                    bold: false,
                    priority: 50,
                    origin: format!("layers[{i}] features[{}]", f.index),
                    legend: legend.take(),
                });
            }
        }
    }
    for (i, r) in scene.routes.iter().enumerate() {
        if !r.spec.stop_markers {
            continue;
        }
        for (j, stop) in r.stops.iter().enumerate() {
            let ll = stop.place.lon_lat();
            if pins.iter().any(|p| same_place(p.lon_lat, ll)) {
                continue;
            }
            let Some(px) = t.to_px(ll.0, ll.1) else {
                continue;
            };
            let label = if r.spec.numbered {
                format!("{}. {}", j + 1, stop.label)
            } else {
                stop.label.clone()
            };
            pins.push(Pin {
                lon_lat: ll,
                px,
                icon: Icon::Circle,
                diameter: 10.0,
                color: theme.marker,
                label,
                note: None,
                label_size: theme.label_size * 17.0 / 14.0,
                bold: false,
                priority: 200,
                origin: format!("routes[{i}].stops[{j}]"),
                legend: None,
            });
        }
    }
    pins
}

/// Whether two points are the same place (within about 100 m).
pub(crate) fn same_place(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-3 && (a.1 - b.1).abs() < 1e-3
}

/// A marker's label: its name and an optional second line, measured.
struct LabelBlock {
    name: String,
    note: Option<String>,
    name_style: TextStyle,
    note_style: TextStyle,
    name_ascent: f64,
    name_height: f64,
    note_ascent: f64,
    width: f64,
    height: f64,
}

impl LabelBlock {
    fn new(fonts: &Fonts, p: &Pin) -> LabelBlock {
        let name_style = TextStyle {
            size: p.label_size,
            weight: if p.bold {
                Weight::Bold
            } else {
                Weight::Regular
            },
            slant: Slant::Upright,
            letter_spacing: 0.0,
        };
        let note_style = TextStyle {
            size: (p.label_size * 0.72).max(11.0),
            weight: Weight::Regular,
            slant: Slant::Upright,
            letter_spacing: 0.0,
        };
        let nm = fonts.measure(&p.label, &name_style);
        let note = p.note.as_deref().filter(|n| !n.is_empty());
        let (note_w, note_h, note_ascent) = match note {
            Some(n) => {
                let m = fonts.measure(n, &note_style);
                (m.width, m.ascent + m.descent, m.ascent)
            }
            None => (0.0, 0.0, 0.0),
        };
        let name_height = nm.ascent + nm.descent * 0.6;
        LabelBlock {
            name: p.label.clone(),
            note: note.map(str::to_string),
            name_style,
            note_style,
            name_ascent: nm.ascent,
            name_height,
            note_ascent,
            width: nm.width.max(note_w),
            height: name_height + note_h,
        }
    }

    /// The label placed at `placed`.
    fn label(self, placed: &Placed) -> Label {
        let (anchor, (x, y)) = placed.text_origin(self.name_ascent);
        let note_y = y - self.name_ascent + self.name_height + self.note_ascent;
        Label::Marker {
            leader: placed.leader,
            anchor,
            origin: (x, y),
            size: self.name_style.size,
            bold: self.name_style.weight == Weight::Bold,
            note: self.note.map(|n| (n, note_y, self.note_style.size)),
            name: self.name,
        }
    }
}

/// Sea names in blue italic, wrapped when long, where the scale suits their rank.
fn sea_labels(
    out: &mut Vec<Label>,
    placer: &mut Placer,
    t: &MapTransform,
    km_per_px: f64,
    land: &MultiPolygon<f64>,
    boxes: &mut Vec<Rect>,
) -> Result<(), LayoutError> {
    let fonts = Fonts::embedded()?;
    let frame = placer.frame().inflate(-8.0);
    let max_rank = match km_per_px {
        k if k > 12.0 => 1,
        k if k > 2.5 => 2,
        _ => 3,
    };
    let mut seen: Vec<&str> = Vec::new();
    for sea in super::seas::SEAS.iter().filter(|s| s.rank <= max_rank) {
        if sea.rank == 3 && km_per_px > 6.0 {
            continue;
        }
        let Some(p) = t.to_px(sea.lon, sea.lat) else {
            continue;
        };
        if !(p.0 > frame.x0 && p.0 < frame.x1 && p.1 > frame.y0 && p.1 < frame.y1) {
            continue;
        }
        if seen.contains(&sea.name) || land.contains(&Point::new(p.0, p.1)) {
            continue;
        }
        let size = match sea.rank {
            1 => 16.0,
            2 => 14.0,
            _ => 12.5,
        };
        let style = TextStyle {
            size,
            weight: Weight::Regular,
            slant: Slant::Italic,
            letter_spacing: if sea.rank == 1 { size * 0.12 } else { 0.0 },
        };
        let one = vec![sea.name.to_string()];
        let wrapped = fonts.wrap(
            sea.name,
            &style,
            fonts.measure(sea.name, &style).width * 0.6,
        );
        let layouts: Vec<Vec<String>> = if wrapped.len() > 1 {
            vec![one, wrapped]
        } else {
            vec![one]
        };
        let line_h = size * 1.15;
        let sizes: Vec<(f64, f64)> = layouts
            .iter()
            .map(|lines| {
                let w = lines
                    .iter()
                    .map(|l| fonts.measure(l, &style).width)
                    .fold(0.0, f64::max);
                (w, line_h * lines.len() as f64)
            })
            .collect();
        // Only layouts whose box lies at sea (three corners of four) are candidates.
        let at_sea = |&(w, h): &(f64, f64)| {
            let b = Rect::centred(p, w, h);
            [(b.x0, b.y0), (b.x1, b.y0), (b.x0, b.y1), (b.x1, b.y1)]
                .iter()
                .filter(|&&(x, y)| !land.contains(&Point::new(x, y)))
                .count()
                >= 3
        };
        let fitting: Vec<usize> = (0..sizes.len()).filter(|&i| at_sea(&sizes[i])).collect();
        if fitting.is_empty() {
            continue;
        }
        let request = AreaLabel {
            centre: p,
            sizes: fitting.iter().map(|&i| sizes[i]).collect(),
            priority: 0,
        };
        let Some((k, rect)) = placer.place_area(&request) else {
            continue;
        };
        let k = fitting[k];
        seen.push(sea.name);
        let (cx, _) = rect.centre();
        let lines = layouts[k]
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let y = rect.y0 + size * 0.95 + line_h * i as f64;
                (line.clone(), (cx, y))
            })
            .collect();
        out.push(Label::Sea {
            lines,
            size,
            letter_spacing: style.letter_spacing,
        });
        boxes.push(rect);
    }
    Ok(())
}

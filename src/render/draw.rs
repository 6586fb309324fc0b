//! Building the map: extent, projection, basemap, highlights, routes, markers and labels.

use geo::{Area, Contains, Distance, Euclidean};
use geo_types::{Coord, LineString, MultiLineString, MultiPolygon, Point, Polygon};

use super::furniture::{self, Furniture};
use super::labels::{AreaLabel, Placed, Placer, PlacerOptions, PointLabel, Rect};
use super::layout;
use super::routes;
use super::svg::{self, c, esc, num, Doc};
use super::text::{Fonts, Slant, TextStyle, Weight};
use super::theme::Theme;
use super::timeline;
use super::{Map, RenderError, RenderOptions, Stopwatch};
use crate::basemap::{self, Detail, Feature, Layer};
use crate::gazetteer::PlaceKind;
use crate::geometry::{pole_of_inaccessibility, project_geometry, PipelineOptions};
use crate::project::{
    auto_projection, Canvas, FitFeatures, GeoBbox, GeoExtent, MapTransform, Projection,
    ProjectionKind, ProjectionParams,
};
use crate::scene::{
    highlight_outlines, Color, DetailSpec, ExtentSpec, Icon, MarkerSize, NamedSize, OutlineError,
    ProjectionSpec, ResolvedPlace, ResolvedScene,
};

/// Padding (px) between the fitted features and the frame, room for labels.
const FIT_PADDING: f64 = 56.0;
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

pub(crate) fn build(scene: &ResolvedScene, options: &RenderOptions) -> Result<Map, RenderError> {
    let mut watch = Stopwatch::new();
    let s = &scene.scene;
    let theme = Theme::new(options.theme.unwrap_or(s.theme), &s.style);
    let width = f64::from(options.width.unwrap_or(s.size.width));
    let height = f64::from(options.height.unwrap_or(s.size.height));
    for (name, v) in [("width", width), ("height", height)] {
        if !(200.0..=f64::from(crate::scene::MAX_SIDE_PX)).contains(&v) {
            return Err(RenderError::Canvas(format!(
                "canvas {name} {v} px is out of range; use 200 to {}",
                crate::scene::MAX_SIDE_PX
            )));
        }
    }
    let mut warnings = Vec::new();
    let timeline_rows = if s.timeline {
        let (rows, problems) = timeline::rows(&timeline::route_dates(scene, &theme));
        warnings.extend(problems);
        if rows.is_empty() {
            warnings.push(
                "timeline: no route has an ISO date such as 2022-09-15; the timeline is left out"
                    .to_string(),
            );
        }
        rows
    } else {
        Vec::new()
    };
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

    // Geography to fit, and the projection.
    let highlight_shapes =
        highlight_outlines(&scene.highlights, Detail::D50m).map_err(|e| match e {
            OutlineError::Basemap(e) => RenderError::Basemap(e),
            OutlineError::Missing { name, .. } => RenderError::Geometry {
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

    let popts = PipelineOptions::for_canvas(frame).windowed(&transform);
    let fr = page.frame_rect();
    // The basemap is projected, and the furniture drawn, on other threads while this one
    // places the labels: they are most of a render's time and none needs the others.
    std::thread::scope(|threads| {
        let basemap_job = threads.spawn(|| {
            let start = std::time::Instant::now();
            BasemapPx::project(detail, km_per_px, &transform, &popts).map(|b| (b, start.elapsed()))
        });
        let countries = basemap::countries(detail)?;

        // Highlights sit on the land, under borders.
        let mut highlight_px = Vec::new();
        for (i, (hl, shape)) in scene.highlights.iter().zip(&highlight_shapes).enumerate() {
            let fill = hl.spec.fill.unwrap_or(if i == 0 {
                theme.highlight
            } else {
                theme.tint(theme.highlight)
            });
            let px = project_geometry(&transform, shape, &popts).map_err(geo_err("highlight"))?;
            highlight_px.push((hl.place.clone(), px, fill));
        }

        // Symbols and routes, then the furniture boxes: all are obstacles for labels.
        let pins = pins(scene, &transform, &theme);
        let drawn_routes = routes::project_routes(scene, &transform, &popts, &theme, &pins)?;
        watch.lap("routes");

        let mut feature_points: Vec<(f64, f64)> = pins.iter().map(|p| p.px).collect();
        for r in &drawn_routes {
            for line in &r.lines {
                feature_points.extend(line.iter().step_by(4).copied());
            }
        }
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
            &page,
            &transform,
            &feature_points,
            &drawn_routes,
            &pins,
        )?;
        let furniture_boxes = furniture.boxes();
        let furniture_job = {
            let (theme, transform, highlight_shapes) = (&theme, &transform, &highlight_shapes);
            threads.spawn(move || {
                let start = std::time::Instant::now();
                let mut svg = Doc::new();
                furniture
                    .draw(&mut svg, scene, theme, transform, highlight_shapes)
                    .map(|()| (svg.finish(), start.elapsed()))
            })
        };
        for r in furniture_boxes {
            placer.obstacles_mut().add_rect(r.inflate(4.0));
        }
        for p in &pins {
            placer.obstacles_mut().add_circle(p.px, p.radius() + 1.5);
            if p.icon == Icon::Pin {
                placer
                    .obstacles_mut()
                    .add_circle(p.label_anchor(), p.diameter * 0.55);
            }
        }
        for r in &drawn_routes {
            for line in &r.lines {
                placer
                    .obstacles_mut()
                    .add_polyline(line, r.width / 2.0 + 1.5 + 1.0);
            }
            for a in &r.arrows {
                placer.obstacles_mut().add_rect(a.bounds().inflate(1.0));
            }
        }

        // Labels, most important first: symbols, route dates, countries, seas.
        let fonts = Fonts::embedded()?;
        let mut label_boxes = Vec::new();
        let mut labels_svg = Doc::new();
        let mut order: Vec<usize> = (0..pins.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(pins[i].priority));
        for i in order {
            let p = &pins[i];
            if p.label.is_empty() {
                continue;
            }
            if !fonts.has_glyphs(&p.label) {
                warnings.push(format!(
                    "label {:?} ({}) has characters no bundled font covers; they show as boxes",
                    p.label, p.origin
                ));
            }
            let block = LabelBlock::new(fonts, p, &theme);
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
                    block.draw(&mut labels_svg, &placed, &theme);
                    label_boxes.push(placed.rect);
                }
                None => warnings.push(format!(
                    "label {:?} ({}) dropped: no room beside its marker",
                    p.label, p.origin
                )),
            }
        }
        for (i, r) in drawn_routes.iter().enumerate() {
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
                        let (anchor, (x, y)) = placed.text_origin(m.ascent);
                        labels_svg.text_element(
                            "text",
                            &[
                                ("x", &c(x)),
                                ("y", &c(y)),
                                ("text-anchor", anchor.as_str()),
                                ("font-size", &num(style.size, 2)),
                                ("font-weight", "bold"),
                                ("fill", &r.color.rgb_hex()),
                                ("stroke", &theme.halo.to_string()),
                                ("stroke-width", "3"),
                                ("stroke-linejoin", "round"),
                                ("paint-order", "stroke"),
                            ],
                            date,
                        );
                        label_boxes.push(placed.rect);
                    }
                    None => warnings.push(format!(
                        "date {date:?} of {} dropped: no room beside its arrow or along its leg",
                        route_name(r.name.as_deref(), i)
                    )),
                }
            }
        }
        watch.lap("labels: symbols");
        if s.country_labels {
            country_labels(
                &mut labels_svg,
                &mut placer,
                countries,
                &transform,
                &popts,
                &theme,
                &highlight_px,
                &mut label_boxes,
            )?;
        }
        watch.lap("labels: countries");
        let (base, took) = basemap_job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        watch.record("basemap: land and lines, beside the labels", took);
        watch.lap("basemap: wait");

        let mut doc = Doc::new();
        let (w, h) = (c(width), c(height));
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
        let title_text = s.title.clone().unwrap_or_else(|| "Map".into());
        doc.text_element("title", &[], &title_text);
        doc.text_element("desc", &[], &describe(scene));
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
        let (fx, fy, fw, fh) = (c(fr.x0), c(fr.y0), c(fr.width()), c(fr.height()));
        // The map's geometry reaches a few pixels past the frame (see PipelineOptions). A mat
        // in the page's colour, drawn over the map and under the titles, covers that: every
        // theme's page is opaque. A clip path would do the same, but a rasteriser composites
        // it through a whole extra layer, which took a quarter of a PNG's time.
        doc.open_group("map", &[]);
        // On a world map the sea fills the world's outline, not the corners beyond it.
        match transform.world_outline_px(page.frame) {
            Some(outline) => doc.tag(
                "path",
                &[
                    ("id", "sea"),
                    (
                        "d",
                        &svg::polygons_d(&MultiPolygon::new(vec![Polygon::new(
                            outline.into(),
                            vec![],
                        )])),
                    ),
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
        for (place, px, fill) in &highlight_px {
            let id = format!("highlight-{}", slug(&place.name));
            doc.tag(
                "path",
                &[
                    ("id", &id),
                    ("d", &svg::polygons_d(px)),
                    ("fill", &fill.rgb_hex()),
                    ("fill-opacity", &num(fill.opacity(), 2)),
                ],
                true,
            );
        }
        doc.close("g");
        if !base.region_borders.0.is_empty() {
            doc.tag(
                "path",
                &[
                    ("id", "region-borders"),
                    ("d", &svg::lines_d(&base.region_borders)),
                    ("fill", "none"),
                    ("stroke", &theme.region_border.to_string()),
                    ("stroke-width", "0.6"),
                    ("stroke-dasharray", "2 2"),
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
        if s.graticule {
            let grid = graticule(&transform, &popts)?;
            doc.tag(
                "path",
                &[
                    ("id", "graticule"),
                    ("d", &svg::lines_d(&grid)),
                    ("fill", "none"),
                    ("stroke", &theme.graticule.to_string()),
                    ("stroke-width", "0.6"),
                ],
                true,
            );
        }
        doc.close("g");

        if !scene.layers.is_empty() {
            draw_overlays(&mut doc, scene, &transform, &popts, &theme)?;
            watch.lap("overlays");
        }

        doc.open_group("routes", &[]);
        for r in &drawn_routes {
            routes::draw_route(&mut doc, r, &theme);
        }
        doc.close("g");
        doc.open_group("markers", &[]);
        for p in &pins {
            draw_pin(&mut doc, p, &theme);
        }
        doc.close("g");

        if s.sea_labels {
            sea_labels(
                &mut labels_svg,
                &mut placer,
                &transform,
                km_per_px,
                &base.land,
                &theme,
                &mut label_boxes,
            )?;
        }
        watch.lap("labels: seas");
        doc.open_group("labels", &[]);
        doc.raw(&labels_svg.finish());
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
        furniture::header(&mut doc, &page, &theme);
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
        let (furniture_svg, took) = furniture_job
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        watch.record("furniture: legend, scale, locator, beside the labels", took);
        doc.raw(&furniture_svg);
        if let Some(strip) = page.timeline {
            let drawn = timeline::draw(&timeline_rows, strip, &theme)?;
            doc.raw(&drawn.svg);
            warnings.extend(drawn.warnings);
            watch.lap("timeline");
        }
        furniture::footer(&mut doc, &page, &theme, s.source.as_deref());
        doc.close("svg");
        watch.lap("furniture");

        Ok(Map {
            svg: doc.finish(),
            warnings,
            timings: watch.finish(),
            detail,
            transform: transform.clone(),
            label_boxes: label_boxes
                .iter()
                .map(|r| [r.x0, r.y0, r.x1, r.y1])
                .collect(),
            frame: [fr.x0, fr.y0, fr.x1, fr.y1],
            route_lines: drawn_routes.iter().flat_map(|r| r.lines.clone()).collect(),
        })
    })
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

/// The colour of a layer's features that have no simplestyle colour.
pub(crate) fn layer_color(scene: &ResolvedScene, index: usize, theme: &Theme) -> Color {
    scene.layers[index]
        .spec
        .color
        .unwrap_or(theme.route_palette[(scene.routes.len() + index) % theme.route_palette.len()])
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
fn draw_overlays(
    doc: &mut Doc,
    scene: &ResolvedScene,
    transform: &MapTransform,
    popts: &PipelineOptions,
    theme: &Theme,
) -> Result<(), RenderError> {
    doc.open_group("overlays", &[]);
    for (i, layer) in scene.layers.iter().enumerate() {
        let color = layer_color(scene, i, theme);
        doc.open_group(&format!("layer-{i}"), &[]);
        for f in &layer.features {
            let mut polygons = MultiPolygon::new(Vec::new());
            let mut lines = MultiLineString::new(Vec::new());
            collect_parts(&f.geometry, &mut polygons, &mut lines);
            let what = format!("layers[{i}] features[{}]", f.index);
            let err = |e: crate::geometry::GeometryError| RenderError::Geometry {
                what: what.clone(),
                message: e.to_string(),
            };
            let st = &f.style;
            let stroke = st.stroke.unwrap_or(color);
            let width = st.stroke_width.unwrap_or(2.0);
            let stroke_opacity = st.stroke_opacity.unwrap_or(1.0);
            if !polygons.0.is_empty() {
                let px = project_geometry(transform, &polygons, popts).map_err(err)?;
                let fill = st.fill.unwrap_or(color);
                doc.tag(
                    "path",
                    &[
                        ("d", &svg::polygons_d(&px)),
                        ("fill", &fill.rgb_hex()),
                        ("fill-opacity", &num(st.fill_opacity.unwrap_or(0.35), 2)),
                        ("fill-rule", "evenodd"),
                        ("stroke", &stroke.rgb_hex()),
                        ("stroke-width", &num(width.min(2.0) * 0.75, 2)),
                        ("stroke-opacity", &num(stroke_opacity, 2)),
                        ("stroke-linejoin", "round"),
                    ],
                    true,
                );
            }
            if !lines.0.is_empty() {
                let px = project_geometry(transform, &lines, popts).map_err(err)?;
                doc.tag(
                    "path",
                    &[
                        ("d", &svg::lines_d(&px)),
                        ("fill", "none"),
                        ("stroke", &stroke.rgb_hex()),
                        ("stroke-width", &num(width, 2)),
                        ("stroke-opacity", &num(stroke_opacity, 2)),
                        ("stroke-linejoin", "round"),
                        ("stroke-linecap", "round"),
                    ],
                    true,
                );
            }
        }
        doc.close("g");
    }
    doc.close("g");
    Ok(())
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
) -> Result<MapTransform, RenderError> {
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
    let projection = projection(&s.projection, &extent)?;
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
        _ if matches!(&s.projection, ProjectionSpec::Named(n) if n == "auto")
            && crate::project::has_world_outline(projection.kind()) =>
        {
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

fn projection(spec: &ProjectionSpec, extent: &GeoExtent) -> Result<Projection, RenderError> {
    let (lon_c, lat_c) = extent.centre();
    let span = extent.north - extent.south;
    let default_parallels = (extent.south + span / 6.0, extent.north - span / 6.0);
    let make = |kind: ProjectionKind, centre: Option<[f64; 2]>, parallels: Option<[f64; 2]>| {
        let [lon0, lat0] = centre.unwrap_or([lon_c, lat_c]);
        let parallels = parallels.map(|[a, b]| (a, b)).unwrap_or(default_parallels);
        Projection::new(
            kind,
            ProjectionParams {
                lon0,
                lat0,
                parallels,
                ..ProjectionParams::default()
            },
        )
    };
    Ok(match spec {
        ProjectionSpec::Named(n) if n == "auto" => auto_projection(extent)?,
        ProjectionSpec::Named(n) => make(n.parse()?, None, None)?,
        ProjectionSpec::Custom {
            kind,
            center,
            parallels,
        } => make(kind.parse()?, *center, *parallels)?,
    })
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
fn geo_err(what: &str) -> impl Fn(crate::geometry::GeometryError) -> RenderError + '_ {
    move |e| RenderError::Geometry {
        what: what.to_string(),
        message: e.to_string(),
    }
}

/// The basemap's layers in canvas pixels.
struct BasemapPx {
    land: MultiPolygon<f64>,
    lakes: MultiPolygon<f64>,
    /// First-level region borders, drawn when zoomed in (empty otherwise).
    region_borders: MultiLineString<f64>,
    borders: MultiLineString<f64>,
    coast: MultiLineString<f64>,
}

/// Every feature of a basemap layer projected, as the parts `geometry` takes from it;
/// nothing when the layer has no data at this detail.
fn project_layer<G, P>(
    detail: Detail,
    layer: Layer,
    t: &MapTransform,
    popts: &PipelineOptions,
    geometry: fn(&basemap::Geometry) -> Option<&G>,
) -> Result<Vec<P>, RenderError>
where
    G: crate::geometry::ProjectGeometry,
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
    ) -> Result<BasemapPx, RenderError> {
        let polygons = |layer| -> Result<MultiPolygon<f64>, RenderError> {
            Ok(MultiPolygon::new(project_layer(
                detail,
                layer,
                t,
                popts,
                basemap::Geometry::polygons,
            )?))
        };
        let lines = |layer| -> Result<MultiLineString<f64>, RenderError> {
            Ok(MultiLineString::new(project_layer(
                detail,
                layer,
                t,
                popts,
                basemap::Geometry::lines,
            )?))
        };
        Ok(BasemapPx {
            land: polygons(Layer::Land)?,
            lakes: polygons(Layer::Lakes)?,
            region_borders: if km_per_px < 3.0 {
                lines(Layer::Admin1Lines)?
            } else {
                MultiLineString::new(Vec::new())
            },
            borders: lines(Layer::Borders)?,
            coast: lines(Layer::Coastline)?,
        })
    }
}

/// Lines of latitude and longitude, spaced by the map's span.
fn graticule(
    t: &MapTransform,
    popts: &PipelineOptions,
) -> Result<MultiLineString<f64>, RenderError> {
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
    project_geometry(t, &MultiLineString::new(lines), popts).map_err(|e| RenderError::Geometry {
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

fn pins(scene: &ResolvedScene, t: &MapTransform, theme: &Theme) -> Vec<Pin> {
    let stop_places: Vec<(f64, f64)> = scene
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.place.lon_lat()))
        .collect();
    let is_stop = |p: (f64, f64)| stop_places.iter().any(|&q| same_place(p, q));
    let mut pins: Vec<Pin> = Vec::new();
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
        if let Some(existing) = pins.iter().position(|p| same_place(p.lon_lat, ll)) {
            // Two markers on one place: keep the first, add the second's words.
            let e = &mut pins[existing];
            if e.note.is_none() {
                e.note = m.spec.note.clone();
            }
            continue;
        }
        pins.push(Pin {
            lon_lat: ll,
            px,
            icon: m.spec.icon,
            diameter,
            color: m.spec.color.unwrap_or(theme.marker),
            label,
            note: m.spec.note.clone(),
            label_size,
            bold,
            priority: m.spec.priority.unwrap_or(base_priority),
            origin: format!("markers[{i}]"),
            legend: m.spec.legend.clone(),
        });
    }
    for (i, layer) in scene.layers.iter().enumerate() {
        let color = layer_color(scene, i, theme);
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

fn draw_pin(doc: &mut Doc, p: &Pin, theme: &Theme) {
    doc.raw(&symbol_svg(
        p.icon,
        p.px.0,
        p.px.1,
        p.diameter,
        &p.color.to_string(),
        &theme.halo.to_string(),
    ));
}

/// A marker's label: its name and an optional second line, measured.
struct LabelBlock<'a> {
    name: &'a str,
    note: Option<&'a str>,
    name_style: TextStyle,
    note_style: TextStyle,
    name_ascent: f64,
    name_height: f64,
    note_ascent: f64,
    width: f64,
    height: f64,
}

impl<'a> LabelBlock<'a> {
    fn new(fonts: &Fonts, p: &'a Pin, _theme: &Theme) -> LabelBlock<'a> {
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
            name: &p.label,
            note,
            name_style,
            note_style,
            name_ascent: nm.ascent,
            name_height,
            note_ascent,
            width: nm.width.max(note_w),
            height: name_height + note_h,
        }
    }

    fn draw(&self, out: &mut Doc, placed: &Placed, theme: &Theme) {
        if let Some((a, b)) = placed.leader {
            out.tag(
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
        let (anchor, (x, y)) = placed.text_origin(self.name_ascent);
        let halo = theme.halo.to_string();
        let text = theme.text.to_string();
        let size = num(self.name_style.size, 2);
        let (xs, ys) = (c(x), c(y));
        let mut attrs: Vec<(&str, &str)> = vec![
            ("x", &xs),
            ("y", &ys),
            ("text-anchor", anchor.as_str()),
            ("font-size", &size),
        ];
        if self.name_style.weight == Weight::Bold {
            attrs.push(("font-weight", "bold"));
        }
        attrs.extend_from_slice(&[
            ("fill", &text),
            ("stroke", &halo),
            ("stroke-width", "3"),
            ("stroke-linejoin", "round"),
            ("paint-order", "stroke"),
        ]);
        out.text_element("text", &attrs, self.name);
        if let Some(note) = self.note {
            let ny = c(y - self.name_ascent + self.name_height + self.note_ascent);
            let nsize = num(self.note_style.size, 2);
            out.text_element(
                "text",
                &[
                    ("x", &xs),
                    ("y", &ny),
                    ("text-anchor", anchor.as_str()),
                    ("font-size", &nsize),
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
}

/// Where a country's name may go, as multiples of its room (the distance from the pole of
/// inaccessibility to the border), in order of preference.
const COUNTRY_LABEL_SHIFTS: [(f64, f64); 13] = [
    (0.0, 0.0),
    (0.5, 0.0),
    (-0.5, 0.0),
    (0.0, 0.4),
    (0.0, -0.4),
    (0.5, 0.4),
    (-0.5, 0.4),
    (0.5, -0.4),
    (-0.5, -0.4),
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, 0.8),
    (0.0, -0.8),
];

/// Country names, letter-spaced upper case, sized by the room inside the country.
#[allow(clippy::too_many_arguments)]
fn country_labels(
    out: &mut Doc,
    placer: &mut Placer,
    countries: &[Feature],
    t: &MapTransform,
    popts: &PipelineOptions,
    theme: &Theme,
    highlights: &[(ResolvedPlace, MultiPolygon<f64>, Color)],
    boxes: &mut Vec<Rect>,
) -> Result<(), RenderError> {
    let fonts = Fonts::embedded()?;
    let frame = placer.frame().inflate(-8.0);
    let frame_poly = geo::Rect::new(
        Coord {
            x: frame.x0,
            y: frame.y0,
        },
        Coord {
            x: frame.x1,
            y: frame.y1,
        },
    )
    .to_polygon();
    let mut candidates = Vec::new();
    for f in countries {
        let Some(name) = f.prop("name") else { continue };
        let Some(polys) = f.geometry.polygons() else {
            continue;
        };
        let px = project_geometry(t, polys, popts).map_err(|e| RenderError::Geometry {
            what: format!("country {name}"),
            message: e.to_string(),
        })?;
        let Some(largest) =
            px.0.iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        else {
            continue;
        };
        let area = largest.unsigned_area();
        if area < 600.0 {
            continue;
        }
        // Only the part inside the frame can hold a label.
        let within_frame = geo::BoundingRect::bounding_rect(largest).is_some_and(|b| {
            b.min().x >= frame.x0
                && b.min().y >= frame.y0
                && b.max().x <= frame.x1
                && b.max().y <= frame.y1
        });
        let inside = if within_frame {
            Some(largest.clone())
        } else {
            geo::BooleanOps::intersection(largest, &frame_poly)
                .0
                .into_iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))
        };
        let Some(inside) = inside else {
            continue;
        };
        if inside.unsigned_area() < 600.0 {
            continue;
        }
        let Some(centre) = pole_of_inaccessibility(&inside, 1.0) else {
            continue;
        };
        let room = Euclidean.distance(&centre, inside.exterior());
        if room < 8.0 {
            continue;
        }
        candidates.push((
            inside.unsigned_area(),
            name.to_string(),
            f.prop("iso_a2").unwrap_or("").to_string(),
            inside,
            centre,
            room,
        ));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    for (area, name, code, poly, centre, room) in candidates {
        let upper = name.to_uppercase();
        let top = (8.0 + room / 8.0).clamp(9.0, 22.0);
        // The pole of inaccessibility first, then points around it, nearest first: a route or
        // a city label across the middle of a country moves its name aside rather than
        // dropping it.
        let mut placed = None;
        for (fx, fy) in COUNTRY_LABEL_SHIFTS {
            let at = (centre.x() + fx * room, centre.y() + fy * room);
            let mut sizes = Vec::new();
            let mut styles = Vec::new();
            let mut size = top;
            while size >= 9.0 {
                let style = TextStyle {
                    size,
                    weight: Weight::Regular,
                    slant: Slant::Upright,
                    letter_spacing: size * 0.14,
                };
                let m = fonts.measure(&upper, &style);
                let (w, h) = (m.width, size * 1.05);
                if box_inside(&poly, &Rect::centred(at, w, h)) {
                    sizes.push((w, h));
                    styles.push(style);
                }
                size -= 1.0;
            }
            if sizes.is_empty() {
                continue;
            }
            let request = AreaLabel {
                centre: at,
                sizes,
                priority: area as i32,
            };
            if let Some((k, rect)) = placer.place_area(&request) {
                placed = Some((styles.swap_remove(k), rect));
                break;
            }
        }
        let Some((style, rect)) = placed else {
            continue;
        };
        let highlighted = highlights
            .iter()
            .any(|(p, _, _)| p.country_code == code && p.kind == PlaceKind::Country);
        let fill = if highlighted {
            theme.country_label.mix(theme.text, 0.45)
        } else {
            theme.country_label
        };
        let (cx, cy) = rect.centre();
        let baseline = cy + style.size * 0.36;
        out.text_element(
            "text",
            &[
                ("x", &c(cx)),
                ("y", &c(baseline)),
                ("text-anchor", "middle"),
                ("font-size", &num(style.size, 2)),
                ("letter-spacing", &num(style.letter_spacing, 2)),
                ("fill", &fill.to_string()),
                ("class", "country-label"),
            ],
            &upper,
        );
        boxes.push(rect);
    }
    Ok(())
}

/// Whether a box lies inside a polygon (corners and edge midpoints).
fn box_inside(poly: &Polygon<f64>, b: &Rect) -> bool {
    let (mx, my) = b.centre();
    [
        (b.x0, b.y0),
        (b.x1, b.y0),
        (b.x0, b.y1),
        (b.x1, b.y1),
        (mx, b.y0),
        (mx, b.y1),
        (b.x0, my),
        (b.x1, my),
    ]
    .iter()
    .all(|&(x, y)| poly.contains(&Point::new(x, y)))
}

/// Sea names in blue italic, wrapped when long, where the scale suits their rank.
fn sea_labels(
    out: &mut Doc,
    placer: &mut Placer,
    t: &MapTransform,
    km_per_px: f64,
    land: &MultiPolygon<f64>,
    theme: &Theme,
    boxes: &mut Vec<Rect>,
) -> Result<(), RenderError> {
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
        let mut tspans = String::new();
        for (i, line) in layouts[k].iter().enumerate() {
            let y = rect.y0 + size * 0.95 + line_h * i as f64;
            tspans.push_str(&format!(
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                c(cx),
                c(y),
                esc(line)
            ));
        }
        out.raw(&format!(
            "<text text-anchor=\"middle\" font-size=\"{}\" font-style=\"italic\" letter-spacing=\"{}\" fill=\"{}\" class=\"sea-label\">{tspans}</text>\n",
            num(size, 2),
            num(style.letter_spacing, 2),
            theme.sea_label
        ));
        boxes.push(rect);
    }
    Ok(())
}

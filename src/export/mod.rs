//! The whole scene as an RFC 7946 GeoJSON FeatureCollection, for QGIS, geojson.io and
//! newsroom web maps.
//!
//! Features come in drawing order, bottom first: highlights (polygons), routes (one
//! feature per route, then one per leg), route stops and markers (points). Every feature
//! has a `layer` property naming which of these it is, the scene's own fields, what the
//! gazetteer matched, and [simplestyle-spec] styling (`stroke`, `fill`, `marker-color`…) in
//! the scene's colours. Lines and polygons are cut at the antimeridian (RFC 7946 §3.1.9),
//! polygons wind right-handed (§3.1.6), coordinates have six decimals and no point repeats
//! the one before it.
//!
//! [simplestyle-spec]: https://github.com/mapbox/simplestyle-spec

mod split;
mod topojson;

use std::fmt::Write as _;

use geo::orient::{Direction, Orient};
use geo_types::{Coord, LineString, MultiPolygon, Polygon};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, Position};
use serde_json::{json, Value};

use crate::basemap::Detail;
use crate::geometry::{
    cut_line_at_meridian, cut_polygon_at_meridian, distance_km, great_circle, GeometryError,
};
use crate::scene::{
    highlight_outlines, Icon, MarkerSize, NamedSize, OutlineError, ResolvedPlace, ResolvedRoute,
    ResolvedScene, ThemeName,
};
use crate::scene::{LineStyle, Palette};

pub use split::{flatten_lists, split, GeometryKind};
pub use topojson::to_topojson;

/// The data credits written into every export.
pub const ATTRIBUTION: &str = "Made with placemap. Boundaries: Natural Earth (public domain), \
UN view of disputed areas. Places: GeoNames (CC BY 4.0).";

/// Spacing of the points that densify a route along its great circle, km.
pub const ROUTE_STEP_KM: f64 = 25.0;

/// How to export.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Detail of highlighted country outlines (regions exist at 10m only).
    pub detail: Detail,
    /// Theme whose colours fill in what the scene leaves unset (default: the scene's).
    pub theme: Option<ThemeName>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            detail: Detail::D50m,
            theme: None,
        }
    }
}

/// Something that went wrong exporting a scene.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A highlight has no outline.
    #[error("highlight[{index}]: {source}")]
    Outline {
        /// Index in the scene's `highlight` list.
        index: usize,
        /// Why.
        source: OutlineError,
    },
    /// Bad geometry (an antipodal route leg, a coordinate out of range).
    #[error("{what}: {source}")]
    Geometry {
        /// Which feature, as a JSON path of the scene.
        what: String,
        /// Why.
        source: GeometryError,
    },
}

/// The scene as a FeatureCollection. The collection carries the scene's title, subtitle and
/// source line and the data credits as foreign members (`title`, `subtitle`, `source`,
/// `attribution`).
pub fn export(
    scene: &ResolvedScene,
    options: &ExportOptions,
) -> Result<FeatureCollection, ExportError> {
    let s = &scene.scene;
    let palette = Palette::new(scene, options.theme);
    let theme = &palette.theme;
    let mut features = Vec::new();

    let outlines = highlight_outlines(&scene.highlights, options.detail).map_err(|source| {
        let index = match &source {
            OutlineError::Missing { index, .. } => *index,
            OutlineError::Basemap(_) => 0,
        };
        ExportError::Outline { index, source }
    })?;
    for (i, (h, outline)) in scene.highlights.iter().zip(&outlines).enumerate() {
        let fill = palette.highlights[i];
        let mut props = place_properties("highlight", &h.place);
        props.insert("title".into(), json!(h.place.name));
        if let Some(legend) = &h.spec.legend {
            props.insert("legend".into(), json!(legend));
            props.insert("description".into(), json!(legend));
        }
        props.insert("fill".into(), json!(fill.rgb_hex()));
        props.insert("fill-opacity".into(), json!(round(fill.opacity(), 3)));
        props.insert("stroke".into(), json!(fill.mix(theme.text, 0.35).rgb_hex()));
        props.insert("stroke-width".into(), json!(1));
        props.insert("stroke-opacity".into(), json!(1));
        let geometry = polygons_geometry(outline).map_err(|source| ExportError::Geometry {
            what: format!("highlight[{i}]"),
            source,
        })?;
        features.push(feature(geometry, props));
    }

    // GeoJSON layers go out as they came in: their own properties, the geometry cut at the
    // antimeridian and rounded like the rest, so that export → import → export is stable.
    for (i, layer) in scene.layers.iter().enumerate() {
        for f in &layer.features {
            let geometry =
                overlay_geometry(&f.geometry).map_err(|source| ExportError::Geometry {
                    what: format!("layers[{i}] features[{}]", f.index),
                    source,
                })?;
            features.push(feature(geometry, f.properties.clone()));
        }
    }

    for (i, route) in scene.routes.iter().enumerate() {
        let color = palette.routes[i];
        let style = |props: &mut JsonObject| {
            props.insert("stroke".into(), json!(color.rgb_hex()));
            props.insert(
                "stroke-width".into(),
                json!(route.spec.width.unwrap_or(2.5)),
            );
            props.insert("stroke-opacity".into(), json!(round(color.opacity(), 3)));
        };
        let geo_err = |what: String| move |source| ExportError::Geometry { what, source };
        let legs = route_legs(route).map_err(geo_err(format!("routes[{i}]")))?;

        let mut props = route_properties(i, route, palette.route_styles[i]);
        props.insert("layer".into(), json!("route"));
        props.insert(
            "stops".into(),
            route.stops.iter().map(|s| json!(s.label)).collect(),
        );
        if route.stops.iter().any(|s| s.date.is_some()) {
            props.insert(
                "dates".into(),
                route.stops.iter().map(|s| json!(s.date)).collect(),
            );
        }
        let km: f64 = legs.iter().map(|l| l.km).sum();
        props.insert("distance_km".into(), json!(round(km, 1)));
        props.insert(
            "description".into(),
            json!(route
                .stops
                .iter()
                .map(|s| s.label.as_str())
                .collect::<Vec<_>>()
                .join(" → ")),
        );
        style(&mut props);
        let whole: Vec<(f64, f64)> = legs
            .iter()
            .enumerate()
            .flat_map(|(k, l)| l.points.iter().skip(usize::from(k > 0)).copied())
            .collect();
        let geometry = line_geometry(&whole).map_err(geo_err(format!("routes[{i}]")))?;
        features.push(feature(geometry, props));

        for leg in &legs {
            let (from, to) = (&route.stops[leg.from], &route.stops[leg.from + 1]);
            let mut props = route_properties(i, route, palette.route_styles[i]);
            props.insert("layer".into(), json!("leg"));
            props.insert("leg".into(), json!(leg.from + 1));
            props.insert("from".into(), json!(from.label));
            props.insert("to".into(), json!(to.label));
            if let Some(d) = &from.date {
                props.insert("from_date".into(), json!(d));
            }
            if let Some(d) = &to.date {
                props.insert("to_date".into(), json!(d));
            }
            props.insert("distance_km".into(), json!(round(leg.km, 1)));
            props.insert(
                "description".into(),
                json!(format!("{} → {}", from.label, to.label)),
            );
            style(&mut props);
            let geometry = line_geometry(&leg.points).map_err(geo_err(format!("routes[{i}]")))?;
            features.push(feature(geometry, props));
        }

        for (j, stop) in route.stops.iter().enumerate() {
            let mut props = place_properties("stop", &stop.place);
            props.insert("route_index".into(), json!(i));
            if let Some(name) = &route.spec.name {
                props.insert("route".into(), json!(name));
            }
            props.insert("order".into(), json!(j + 1));
            props.insert("label".into(), json!(stop.label));
            props.insert("title".into(), json!(stop.label));
            if let Some(d) = &stop.date {
                props.insert("date".into(), json!(d));
                props.insert("description".into(), json!(d));
            }
            props.insert("marker-color".into(), json!(color.rgb_hex()));
            props.insert("marker-size".into(), json!("small"));
            props.insert("marker-symbol".into(), json!("circle"));
            features.push(feature(point_geometry(&stop.place), props));
        }
    }

    for m in &scene.markers {
        let mut props = place_properties("marker", &m.place);
        let label = m
            .spec
            .label
            .clone()
            .unwrap_or_else(|| m.place.default_label());
        props.insert("label".into(), json!(label));
        props.insert("title".into(), json!(label));
        if let Some(note) = &m.spec.note {
            props.insert("note".into(), json!(note));
        }
        if let Some(date) = &m.spec.date {
            props.insert("date".into(), json!(date));
        }
        let description: Vec<&str> = [m.spec.note.as_deref(), m.spec.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !description.is_empty() {
            props.insert("description".into(), json!(description.join(", ")));
        }
        if let Some(legend) = &m.spec.legend {
            props.insert("legend".into(), json!(legend));
        }
        if let Some(p) = m.spec.priority {
            props.insert("priority".into(), json!(p));
        }
        props.insert("icon".into(), json!(m.spec.icon.as_str()));
        props.insert(
            "marker-color".into(),
            json!(m.spec.color.unwrap_or(theme.marker).rgb_hex()),
        );
        props.insert("marker-symbol".into(), json!(maki_symbol(m.spec.icon)));
        props.insert(
            "marker-size".into(),
            json!(simplestyle_size(m.spec.size, m.spec.icon)),
        );
        features.push(feature(point_geometry(&m.place), props));
    }

    let mut members = JsonObject::new();
    for (key, value) in [
        ("title", &s.title),
        ("subtitle", &s.subtitle),
        ("source", &s.source),
    ] {
        if let Some(v) = value {
            members.insert(key.into(), json!(v));
        }
    }
    members.insert("attribution".into(), json!(ATTRIBUTION));
    Ok(FeatureCollection {
        bbox: None,
        features,
        foreign_members: Some(members),
    })
}

/// Writes a FeatureCollection with one feature a line: valid JSON that stays readable and
/// gives small diffs. Object keys are sorted, so the same scene always gives the same bytes.
pub fn to_string(collection: &FeatureCollection) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\"");
    for (key, value) in collection.foreign_members.iter().flatten() {
        // Serialising a string or a JSON value cannot fail.
        let _ = write!(out, ",{}:{}", json!(key), value);
    }
    out.push_str(",\"features\":[");
    for (i, f) in collection.features.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(f).unwrap_or_default());
    }
    out.push_str("\n]}\n");
    out
}

/// A leg of a route: its first stop's index, its great-circle points and its length.
struct Leg {
    from: usize,
    points: Vec<(f64, f64)>,
    km: f64,
}

fn route_legs(route: &ResolvedRoute) -> Result<Vec<Leg>, GeometryError> {
    let mut legs = Vec::new();
    for (j, w) in route.stops.windows(2).enumerate() {
        let (a, b) = (w[0].place.lon_lat(), w[1].place.lon_lat());
        if rounded_line(&[a, b]).len() < 2 {
            // A stop repeated (a stay, a return to the same place): the leg is kept, so
            // legs stay numbered 1, 2, 3, as a point ([`line_geometry`]).
            legs.push(Leg {
                from: j,
                points: vec![a],
                km: 0.0,
            });
            continue;
        }
        legs.push(Leg {
            from: j,
            points: great_circle(a, b, ROUTE_STEP_KM)?,
            km: distance_km(a, b)?,
        });
    }
    Ok(legs)
}

fn route_properties(index: usize, route: &ResolvedRoute, style: LineStyle) -> JsonObject {
    let mut props = JsonObject::new();
    props.insert("route_index".into(), json!(index));
    if let Some(name) = &route.spec.name {
        props.insert("name".into(), json!(name));
        props.insert("title".into(), json!(name));
    }
    props.insert("line_style".into(), json!(line_style(style)));
    props
}

fn line_style(style: LineStyle) -> &'static str {
    match style {
        LineStyle::Solid => "solid",
        LineStyle::Dashed => "dashed",
        LineStyle::Dotted => "dotted",
    }
}

/// What the gazetteer made of a place: its name, kind, codes and how it matched.
fn place_properties(layer: &str, p: &ResolvedPlace) -> JsonObject {
    let mut props = JsonObject::new();
    props.insert("layer".into(), json!(layer));
    props.insert("name".into(), json!(p.name));
    props.insert("query".into(), json!(p.query));
    props.insert("kind".into(), json!(p.kind_name));
    if !p.country_code.is_empty() {
        props.insert("country_code".into(), json!(p.country_code));
    }
    if !p.code.is_empty() {
        props.insert("code".into(), json!(p.code));
    }
    if let Some(id) = p.geonames_id {
        props.insert("geonames_id".into(), json!(id));
    }
    props.insert("match".into(), json!(p.matched.as_str()));
    props.insert("confidence".into(), json!(round(p.confidence, 3)));
    props
}

/// The Maki icon name geojson.io and Mapbox use for a marker symbol.
fn maki_symbol(icon: Icon) -> &'static str {
    match icon {
        Icon::Circle => "circle",
        Icon::Star => "star",
        Icon::Square => "square",
        Icon::Triangle => "triangle",
        Icon::Pin => "marker",
    }
}

/// simplestyle's three marker sizes for the scene's size.
fn simplestyle_size(size: Option<MarkerSize>, icon: Icon) -> &'static str {
    match size {
        Some(MarkerSize::Named(NamedSize::Small)) => "small",
        Some(MarkerSize::Named(NamedSize::Medium)) => "medium",
        Some(MarkerSize::Named(NamedSize::Large)) => "large",
        Some(MarkerSize::Px(px)) if px < 9.0 => "small",
        Some(MarkerSize::Px(px)) if px < 16.0 => "medium",
        Some(MarkerSize::Px(_)) => "large",
        None if icon == Icon::Star => "large",
        None => "small",
    }
}

fn feature(geometry: Geometry, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(geometry),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

/// Six decimals: about 0.1 m, the precision RFC 7946 §11.2 suggests.
fn round6(v: f64) -> f64 {
    round(v, 6)
}

fn round(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (v * f).round() / f;
    // No "-0" in the output.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn position(p: (f64, f64)) -> Position {
    Position::from([round6(p.0), round6(p.1)])
}

fn point_geometry(p: &ResolvedPlace) -> Geometry {
    Geometry::new(GeometryValue::new_point(position(p.lon_lat())))
}

/// Rounds to six decimals and drops points that repeat the one before.
fn rounded_line(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len());
    for &(x, y) in points {
        let p = (round6(x), round6(y));
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    out
}

/// A LineString, or a MultiLineString when the line crosses the antimeridian, or a Point
/// when the line has no length.
fn line_geometry(points: &[(f64, f64)]) -> Result<Geometry, GeometryError> {
    let mut parts: Vec<Vec<(f64, f64)>> = cut_line_at_meridian(points, 180.0)?
        .iter()
        .map(|part| rounded_line(part))
        .filter(|part| part.len() >= 2)
        .collect();
    let to_positions = |part: &[(f64, f64)]| part.iter().map(|&p| position(p)).collect::<Vec<_>>();
    if parts.is_empty() {
        // No length (one place, or two names for a pole): a point, never an empty line.
        let first = points.first().copied().unwrap_or_default();
        return Ok(Geometry::new(GeometryValue::new_point(position(first))));
    }
    Ok(Geometry::new(if parts.len() == 1 {
        let part = parts.remove(0);
        GeometryValue::new_line_string(to_positions(&part))
    } else {
        GeometryValue::new_multi_line_string(parts.iter().map(|p| to_positions(p)))
    }))
}

/// An overlay's geometry, written the way the scene's own features are.
fn overlay_geometry(g: &geo_types::Geometry<f64>) -> Result<Geometry, GeometryError> {
    use geo_types::Geometry as G;
    let xy = |c: &Coord<f64>| (c.x, c.y);
    Ok(match g {
        G::Point(p) => Geometry::new(GeometryValue::new_point(position((p.x(), p.y())))),
        G::MultiPoint(ps) => Geometry::new(GeometryValue::new_multi_point(
            ps.iter().map(|p| position((p.x(), p.y()))),
        )),
        G::LineString(l) => line_geometry(&l.0.iter().map(xy).collect::<Vec<_>>())?,
        G::Line(l) => line_geometry(&[xy(&l.start), xy(&l.end)])?,
        G::MultiLineString(ls) => {
            let mut parts: Vec<Vec<Position>> = Vec::new();
            for l in ls {
                match line_geometry(&l.0.iter().map(xy).collect::<Vec<_>>())?.value {
                    GeometryValue::LineString { coordinates } => parts.push(coordinates),
                    GeometryValue::MultiLineString { coordinates } => parts.extend(coordinates),
                    _ => {}
                }
            }
            Geometry::new(GeometryValue::new_multi_line_string(parts))
        }
        G::Polygon(p) => polygons_geometry(&MultiPolygon::new(vec![p.clone()]))?,
        G::MultiPolygon(ps) => polygons_geometry(ps)?,
        G::Rect(r) => polygons_geometry(&MultiPolygon::new(vec![r.to_polygon()]))?,
        G::Triangle(t) => polygons_geometry(&MultiPolygon::new(vec![t.to_polygon()]))?,
        G::GeometryCollection(gs) => Geometry::new(GeometryValue::new_geometry_collection(
            gs.iter()
                .map(overlay_geometry)
                .collect::<Result<Vec<_>, _>>()?,
        )),
    })
}

/// Polygons cut at the antimeridian, rounded, without repeated points or rings too small
/// to keep, exteriors counter-clockwise and holes clockwise.
fn polygons_geometry(shape: &MultiPolygon<f64>) -> Result<Geometry, GeometryError> {
    let mut out: Vec<Polygon<f64>> = Vec::new();
    for polygon in &shape.0 {
        for piece in cut_polygon_at_meridian(polygon, 180.0)?.0 {
            let Some(exterior) = rounded_ring(piece.exterior()) else {
                continue;
            };
            let holes = piece.interiors().iter().filter_map(rounded_ring).collect();
            out.push(Polygon::new(exterior, holes).orient(Direction::Default));
        }
    }
    let rings = |p: &Polygon<f64>| -> Vec<Vec<Position>> {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(|r| r.coords().map(|c| position((c.x, c.y))).collect())
            .collect()
    };
    Ok(Geometry::new(if out.len() == 1 {
        GeometryValue::new_polygon(rings(&out[0]))
    } else {
        GeometryValue::new_multi_polygon(out.iter().map(rings))
    }))
}

/// A closed ring of at least four rounded points, or `None` when rounding leaves nothing
/// with an area.
fn rounded_ring(ring: &LineString<f64>) -> Option<LineString<f64>> {
    let points: Vec<(f64, f64)> = ring.coords().map(|c| (c.x, c.y)).collect();
    let mut r = rounded_line(&points);
    if r.len() > 1 && r.first() == r.last() {
        r.pop();
    }
    if r.len() < 3 {
        return None;
    }
    let first = r[0];
    r.push(first);
    let area2: f64 = r
        .windows(2)
        .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
        .sum();
    (area2 != 0.0).then(|| LineString::new(r.into_iter().map(|(x, y)| Coord { x, y }).collect()))
}

/// Checks a GeoJSON value against the rules of RFC 7946 that a writer can break: positions
/// in range, at least two positions a line and four a closed ring, right-hand winding, no
/// point repeating the one before it, and no segment crossing the antimeridian the long way
/// (a jump of more than 180° in longitude). Returns every problem found, each naming the
/// feature's index.
pub fn check_rfc7946(collection: &FeatureCollection) -> Vec<String> {
    let mut problems = Vec::new();
    for (i, f) in collection.features.iter().enumerate() {
        let Some(g) = &f.geometry else {
            continue;
        };
        check_geometry(&g.value, &mut |m| {
            problems.push(format!("features[{i}]: {m}"))
        });
    }
    problems
}

fn check_geometry(value: &GeometryValue, report: &mut dyn FnMut(String)) {
    let check_line = |line: &[Position], report: &mut dyn FnMut(String)| {
        for p in line {
            let s = p.as_slice();
            if s.len() < 2 || !(-180.0..=180.0).contains(&s[0]) || !(-90.0..=90.0).contains(&s[1]) {
                report(format!("position {s:?} out of range"));
            }
        }
        for w in line.windows(2) {
            if w[0] == w[1] {
                report(format!("repeated position {:?}", w[0].as_slice()));
            }
            let (a, b) = (w[0].as_slice(), w[1].as_slice());
            if a.len() >= 2 && b.len() >= 2 && (a[0] - b[0]).abs() > 180.0 {
                report(format!(
                    "segment {a:?} → {b:?} crosses the antimeridian without a cut"
                ));
            }
        }
    };
    let check_polygon = |rings: &[Vec<Position>], report: &mut dyn FnMut(String)| {
        for (k, ring) in rings.iter().enumerate() {
            if ring.len() < 4 || ring.first() != ring.last() {
                report(format!(
                    "ring {k} is not closed with four or more positions"
                ));
                continue;
            }
            check_line(ring, report);
            let area2: f64 = ring
                .windows(2)
                .map(|w| {
                    let (a, b) = (w[0].as_slice(), w[1].as_slice());
                    a[0] * b[1] - b[0] * a[1]
                })
                .sum();
            let exterior = k == 0;
            if exterior && area2 <= 0.0 || !exterior && area2 >= 0.0 {
                report(format!(
                    "ring {k} winds the wrong way (exteriors counter-clockwise, holes clockwise)"
                ));
            }
        }
    };
    match value {
        GeometryValue::Point { coordinates } => {
            check_line(std::slice::from_ref(coordinates), report)
        }
        GeometryValue::MultiPoint { coordinates } => {
            for p in coordinates {
                check_line(std::slice::from_ref(p), report);
            }
        }
        GeometryValue::LineString { coordinates } => {
            if coordinates.len() < 2 {
                report("line with fewer than two positions".into());
            }
            check_line(coordinates, report);
        }
        GeometryValue::MultiLineString { coordinates } => {
            for line in coordinates {
                if line.len() < 2 {
                    report("line with fewer than two positions".into());
                }
                check_line(line, report);
            }
        }
        GeometryValue::Polygon { coordinates } => check_polygon(coordinates, report),
        GeometryValue::MultiPolygon { coordinates } => {
            for polygon in coordinates {
                check_polygon(polygon, report);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                check_geometry(&g.value, report);
            }
        }
    }
}

/// The value of a JSON string property, for readers of exports.
pub fn string_property<'a>(feature: &'a Feature, key: &str) -> Option<&'a str> {
    feature.property(key).and_then(Value::as_str)
}

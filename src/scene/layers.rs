//! GeoJSON overlays: points, lines and polygons from GIS tools, drawn with the scene and
//! styled by their [simplestyle-spec] properties.
//!
//! [simplestyle-spec]: https://github.com/mapbox/simplestyle-spec

use geo_types::{
    Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon,
};
use geojson::{GeoJson, GeometryValue, JsonObject, Position};
use serde_json::Value;

use crate::scene::{Color, Icon, MarkerSize, NamedSize};

/// The largest overlay file read, in bytes.
pub const MAX_OVERLAY_BYTES: usize = 512 * 1024 * 1024;

/// A feature of an overlay: its geometry (lon/lat degrees), its style and its words.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlayFeature {
    /// Index in the file's feature list.
    pub index: usize,
    /// The geometry, longitude first.
    pub geometry: Geometry<f64>,
    /// simplestyle-spec styling from the feature's properties.
    pub style: SimpleStyle,
    /// Label of points: the `title` property, else `name`.
    pub label: Option<String>,
    /// The feature's properties as written, for export.
    pub properties: JsonObject,
}

/// The simplestyle-spec properties placemap honours; unset ones take the layer's or the
/// theme's colours.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SimpleStyle {
    /// Line and outline colour.
    pub stroke: Option<Color>,
    /// Line width, px.
    pub stroke_width: Option<f64>,
    /// Line opacity, 0 to 1.
    pub stroke_opacity: Option<f64>,
    /// Polygon fill.
    pub fill: Option<Color>,
    /// Fill opacity, 0 to 1.
    pub fill_opacity: Option<f64>,
    /// Point colour.
    pub marker_color: Option<Color>,
    /// Point size.
    pub marker_size: Option<MarkerSize>,
    /// Point symbol.
    pub marker_symbol: Option<Icon>,
}

/// What is wrong with an overlay file.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OverlayError {
    /// Not GeoJSON at all.
    #[error("not valid GeoJSON: {0}")]
    Parse(String),
    /// A feature with a problem, by index.
    #[error("features[{index}]: {message}")]
    Feature {
        /// Index in the file's feature list.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// Nothing to draw.
    #[error("no features")]
    Empty,
}

/// Reads a GeoJSON FeatureCollection, Feature or bare Geometry. Every feature must have a
/// geometry with coordinates in range; a feature without one is an error rather than being
/// left out silently. Style properties that do not parse are errors too.
pub fn parse_geojson(text: &str) -> Result<Vec<OverlayFeature>, OverlayError> {
    let gj: GeoJson = text
        .parse()
        .map_err(|e: geojson::Error| OverlayError::Parse(e.to_string()))?;
    let features: Vec<(Option<geojson::Geometry>, JsonObject)> = match gj {
        GeoJson::FeatureCollection(fc) => fc
            .features
            .into_iter()
            .map(|f| (f.geometry, f.properties.unwrap_or_default()))
            .collect(),
        GeoJson::Feature(f) => vec![(f.geometry, f.properties.unwrap_or_default())],
        GeoJson::Geometry(g) => vec![(Some(g), JsonObject::new())],
    };
    if features.is_empty() {
        return Err(OverlayError::Empty);
    }
    let mut out = Vec::with_capacity(features.len());
    for (index, (geometry, properties)) in features.into_iter().enumerate() {
        let fail = |message: String| OverlayError::Feature { index, message };
        let geometry = geometry.ok_or_else(|| fail("has no geometry".into()))?;
        let geometry = convert(&geometry.value).map_err(fail)?;
        let style = style(&properties).map_err(fail)?;
        let label = ["title", "name"]
            .iter()
            .find_map(|k| properties.get(*k).and_then(Value::as_str))
            .map(str::to_string);
        out.push(OverlayFeature {
            index,
            geometry,
            style,
            label,
            properties,
        });
    }
    Ok(out)
}

fn coord(p: &Position) -> Result<Coord<f64>, String> {
    let s = p.as_slice();
    if s.len() < 2 {
        return Err(format!("position {s:?} has fewer than two numbers"));
    }
    let (x, y) = (s[0], s[1]);
    if !(x.is_finite()
        && (-180.0..=180.0).contains(&x)
        && y.is_finite()
        && (-90.0..=90.0).contains(&y))
    {
        return Err(format!(
            "position [{x}, {y}] is out of range (longitude −180 to 180, latitude −90 to 90; GeoJSON puts longitude first)"
        ));
    }
    Ok(Coord { x, y })
}

fn line(ps: &[Position]) -> Result<LineString<f64>, String> {
    if ps.len() < 2 {
        return Err("a line needs two or more positions".into());
    }
    Ok(LineString::new(
        ps.iter().map(coord).collect::<Result<_, _>>()?,
    ))
}

fn polygon(rings: &[Vec<Position>]) -> Result<Polygon<f64>, String> {
    let mut rings = rings.iter().map(|r| {
        if r.len() < 4 || r.first() != r.last() {
            return Err(
                "a polygon ring needs four or more positions, the last equal to the first"
                    .to_string(),
            );
        }
        line(r)
    });
    let exterior = rings.next().ok_or("a polygon needs an exterior ring")??;
    Ok(Polygon::new(exterior, rings.collect::<Result<_, _>>()?))
}

fn convert(value: &GeometryValue) -> Result<Geometry<f64>, String> {
    Ok(match value {
        GeometryValue::Point { coordinates } => Geometry::Point(Point(coord(coordinates)?)),
        GeometryValue::MultiPoint { coordinates } => Geometry::MultiPoint(MultiPoint::new(
            coordinates
                .iter()
                .map(|p| coord(p).map(Point))
                .collect::<Result<_, _>>()?,
        )),
        GeometryValue::LineString { coordinates } => Geometry::LineString(line(coordinates)?),
        GeometryValue::MultiLineString { coordinates } => {
            Geometry::MultiLineString(MultiLineString::new(
                coordinates
                    .iter()
                    .map(|l| line(l))
                    .collect::<Result<_, _>>()?,
            ))
        }
        GeometryValue::Polygon { coordinates } => Geometry::Polygon(polygon(coordinates)?),
        GeometryValue::MultiPolygon { coordinates } => Geometry::MultiPolygon(MultiPolygon::new(
            coordinates
                .iter()
                .map(|p| polygon(p))
                .collect::<Result<_, _>>()?,
        )),
        GeometryValue::GeometryCollection { geometries } => {
            Geometry::GeometryCollection(geo_types::GeometryCollection::new_from(
                geometries
                    .iter()
                    .map(|g| convert(&g.value))
                    .collect::<Result<_, _>>()?,
            ))
        }
    })
}

fn style(props: &JsonObject) -> Result<SimpleStyle, String> {
    let color = |key: &str| -> Result<Option<Color>, String> {
        match props.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Color::parse(s)
                .map(Some)
                .map_err(|e| format!("properties.{key}: {e}")),
            Some(other) => Err(format!(
                "properties.{key}: expected a colour string, found {other}"
            )),
        }
    };
    let number = |key: &str, max: f64| -> Result<Option<f64>, String> {
        match props.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => match v
                .as_f64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            {
                Some(x) if x.is_finite() && (0.0..=max).contains(&x) => Ok(Some(x)),
                _ => Err(format!(
                    "properties.{key}: expected a number from 0 to {max}, found {v}"
                )),
            },
        }
    };
    let marker_size = match props.get("marker-size").and_then(Value::as_str) {
        None => None,
        Some("small") => Some(MarkerSize::Named(NamedSize::Small)),
        Some("medium") => Some(MarkerSize::Named(NamedSize::Medium)),
        Some("large") => Some(MarkerSize::Named(NamedSize::Large)),
        Some(other) => {
            return Err(format!(
                "properties.marker-size: expected small, medium or large, found {other:?}"
            ))
        }
    };
    // Maki has hundreds of icons; those placemap draws map to themselves and "marker" to the
    // pin. Others are drawn as dots rather than refused: the file came from another tool.
    let marker_symbol = props
        .get("marker-symbol")
        .and_then(Value::as_str)
        .map(|s| match s {
            "star" | "star-stroked" => Icon::Star,
            "square" | "square-stroked" => Icon::Square,
            "triangle" | "triangle-stroked" => Icon::Triangle,
            "marker" | "marker-stroked" => Icon::Pin,
            _ => Icon::Circle,
        });
    Ok(SimpleStyle {
        stroke: color("stroke")?,
        stroke_width: number("stroke-width", 50.0)?,
        stroke_opacity: number("stroke-opacity", 1.0)?,
        fill: color("fill")?,
        fill_opacity: number("fill-opacity", 1.0)?,
        marker_color: color("marker-color")?,
        marker_size,
        marker_symbol,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_with_styles_parses() {
        let text = r##"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"title": "Camp", "marker-color": "#ff0000", "marker-symbol": "star"},
             "geometry": {"type": "Point", "coordinates": [66.96, 39.65]}},
            {"type": "Feature", "properties": {"stroke": "#00f", "stroke-width": 3},
             "geometry": {"type": "LineString", "coordinates": [[60, 40], [70, 41]]}}
        ]}"##;
        let fs = parse_geojson(text).unwrap();
        assert_eq!(fs.len(), 2);
        assert_eq!(fs[0].label.as_deref(), Some("Camp"));
        assert_eq!(fs[0].style.marker_symbol, Some(Icon::Star));
        assert_eq!(
            fs[0].style.marker_color,
            Some(Color::parse("#ff0000").unwrap())
        );
        assert_eq!(fs[1].style.stroke_width, Some(3.0));
        assert!(matches!(fs[1].geometry, Geometry::LineString(_)));
    }

    #[test]
    fn bad_features_are_named_by_index() {
        let out_of_range = r#"{"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [39.6, 266.9]}}
        ]}"#;
        let e = parse_geojson(out_of_range).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("features[1]: position [39.6, 266.9] is out of range"),
            "{e}"
        );

        let no_geometry = r#"{"type": "Feature", "properties": {}, "geometry": null}"#;
        assert_eq!(
            parse_geojson(no_geometry).unwrap_err().to_string(),
            "features[0]: has no geometry"
        );

        let open_ring = r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#;
        assert!(parse_geojson(open_ring)
            .unwrap_err()
            .to_string()
            .contains("ring needs four"));

        let bad_colour = r#"{"type": "Feature", "properties": {"stroke": "reddish"}, "geometry": {"type": "Point", "coordinates": [0, 0]}}"#;
        assert!(parse_geojson(bad_colour)
            .unwrap_err()
            .to_string()
            .starts_with("features[0]: properties.stroke:"));
    }

    #[test]
    fn malformed_json_is_a_parse_error() {
        assert!(matches!(
            parse_geojson("{\"type\": \"Feature\""),
            Err(OverlayError::Parse(_))
        ));
        assert!(matches!(
            parse_geojson("[1, 2]"),
            Err(OverlayError::Parse(_))
        ));
        assert!(matches!(
            parse_geojson(r#"{"type": "FeatureCollection", "features": []}"#),
            Err(OverlayError::Empty)
        ));
    }
}

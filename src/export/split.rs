//! GeoJSON for desktop GIS: one collection per geometry type, and lists as text.
//!
//! A GeoPackage or shapefile layer holds one geometry type, so QGIS and `ogr2ogr` want
//! points, lines and polygons apart; and they have no list fields, so a list property
//! (`stops`, `dates`) becomes one string, its items joined by `"; "`, which every GDAL
//! driver stores as is, where an array would be a `StringList` that GeoPackage cannot hold.

use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject};
use serde_json::Value;

/// The three kinds of layer a GIS keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GeometryKind {
    /// Point and MultiPoint.
    Points,
    /// LineString and MultiLineString.
    Lines,
    /// Polygon and MultiPolygon.
    Polygons,
}

impl GeometryKind {
    /// `points`, `lines` or `polygons`: the file name suffix and layer name.
    pub fn name(self) -> &'static str {
        match self {
            GeometryKind::Points => "points",
            GeometryKind::Lines => "lines",
            GeometryKind::Polygons => "polygons",
        }
    }

    fn of(value: &GeometryValue) -> Option<GeometryKind> {
        match value {
            GeometryValue::Point { .. } | GeometryValue::MultiPoint { .. } => {
                Some(GeometryKind::Points)
            }
            GeometryValue::LineString { .. } | GeometryValue::MultiLineString { .. } => {
                Some(GeometryKind::Lines)
            }
            GeometryValue::Polygon { .. } | GeometryValue::MultiPolygon { .. } => {
                Some(GeometryKind::Polygons)
            }
            GeometryValue::GeometryCollection { .. } => None,
        }
    }
}

/// Splits a collection by geometry type, points first, leaving out empty kinds. Within a
/// kind, a single geometry becomes its multi form when any feature of the kind is multi
/// (a route cut at the antimeridian), so that each collection has exactly one geometry
/// type; list properties become strings ([`flatten_lists`]). Features with no geometry or
/// a GeometryCollection go nowhere: no GIS layer can hold them.
pub fn split(collection: &FeatureCollection) -> Vec<(GeometryKind, FeatureCollection)> {
    let mut out = Vec::new();
    for kind in [
        GeometryKind::Points,
        GeometryKind::Lines,
        GeometryKind::Polygons,
    ] {
        let mut features: Vec<Feature> = collection
            .features
            .iter()
            .filter(|f| f.geometry.as_ref().and_then(|g| GeometryKind::of(&g.value)) == Some(kind))
            .cloned()
            .collect();
        if features.is_empty() {
            continue;
        }
        let any_multi = features.iter().any(|f| {
            matches!(
                f.geometry.as_ref().map(|g| &g.value),
                Some(
                    GeometryValue::MultiPoint { .. }
                        | GeometryValue::MultiLineString { .. }
                        | GeometryValue::MultiPolygon { .. }
                )
            )
        });
        for f in &mut features {
            if let Some(props) = &mut f.properties {
                flatten_lists(props);
            }
            if any_multi {
                if let Some(g) = &mut f.geometry {
                    g.value = to_multi(std::mem::replace(
                        &mut g.value,
                        GeometryValue::new_multi_point(Vec::<geojson::Position>::new()),
                    ));
                }
            }
        }
        out.push((
            kind,
            FeatureCollection {
                bbox: None,
                features,
                foreign_members: collection.foreign_members.clone(),
            },
        ));
    }
    out
}

fn to_multi(value: GeometryValue) -> GeometryValue {
    match value {
        GeometryValue::Point { coordinates } => GeometryValue::new_multi_point(vec![coordinates]),
        GeometryValue::LineString { coordinates } => {
            GeometryValue::new_multi_line_string(vec![coordinates])
        }
        GeometryValue::Polygon { coordinates } => {
            GeometryValue::new_multi_polygon(vec![coordinates])
        }
        other => other,
    }
}

/// Turns every array property into a string, its items joined by `"; "` (a missing item,
/// JSON null, is empty), so that GIS formats without list fields keep it whole.
pub fn flatten_lists(props: &mut JsonObject) {
    for value in props.values_mut() {
        if let Value::Array(items) = value {
            let text: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            *value = Value::String(text.join("; "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn feature(geometry: GeometryValue, props: Value) -> Feature {
        Feature {
            bbox: None,
            geometry: Some(geojson::Geometry::new(geometry)),
            id: None,
            properties: props.as_object().cloned(),
            foreign_members: None,
        }
    }

    #[test]
    fn each_kind_gets_one_geometry_type_and_lists_become_text() {
        let fc = FeatureCollection {
            bbox: None,
            features: vec![
                feature(
                    GeometryValue::new_line_string(vec![vec![0.0, 0.0], vec![1.0, 1.0]]),
                    json!({"stops": ["A", "B"], "dates": ["2022-09-14", null]}),
                ),
                feature(
                    GeometryValue::new_point(vec![1.0, 1.0]),
                    json!({"name": "B"}),
                ),
                feature(
                    GeometryValue::new_multi_line_string(vec![vec![
                        vec![170.0, 0.0],
                        vec![180.0, 0.0],
                    ]]),
                    json!({}),
                ),
            ],
            foreign_members: None,
        };
        let parts = split(&fc);
        let kinds: Vec<GeometryKind> = parts.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [GeometryKind::Points, GeometryKind::Lines]);
        let lines = &parts[1].1;
        for f in &lines.features {
            let value = &f.geometry.as_ref().expect("geometry").value;
            assert_eq!(value.type_name(), "MultiLineString");
        }
        let props = lines.features[0].properties.as_ref().expect("props");
        assert_eq!(props["stops"], json!("A; B"));
        assert_eq!(props["dates"], json!("2022-09-14; "));
        // Points stay single: none of them is multi.
        let point = &parts[0].1.features[0];
        assert_eq!(
            point.geometry.as_ref().expect("geometry").value.type_name(),
            "Point"
        );
    }
}

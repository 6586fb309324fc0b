//! The scene as TopoJSON, for d3 and Observable (`topojson.feature(topology,
//! topology.objects.points)`).
//!
//! The topology has one object a geometry type (`points`, `lines`, `polygons`, as
//! [`split`](super::split) gives), each a GeometryCollection whose geometries carry the
//! features' properties. Coordinates are quantized on a 10⁶ × 10⁶ grid over the collection's
//! bounding box (about 4 cm at the equator for a whole-world map) and arcs delta-encoded,
//! as the TopoJSON specification describes; identical arcs (a border two highlighted
//! countries share, drawn once each way) are stored once.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use geojson::{FeatureCollection, GeometryValue, Position};
use serde_json::{json, Value};

use super::split::split;

/// Quantization steps along each axis.
const QUANTIZATION: f64 = 1e6;

/// Writes `collection` as a TopoJSON Topology. Object keys are sorted and arcs numbered in
/// feature order, so the same scene always gives the same bytes.
pub fn to_topojson(collection: &FeatureCollection) -> String {
    let parts = split(collection);
    let bbox = bounding_box(&parts);
    let q = Quantizer::new(bbox);
    let mut arcs = Arcs::default();
    let mut objects = serde_json::Map::new();
    for (kind, fc) in &parts {
        let geometries: Vec<Value> = fc
            .features
            .iter()
            .filter_map(|f| {
                let g = f.geometry.as_ref()?;
                let mut object = geometry(&g.value, &q, &mut arcs);
                if let (Some(props), Some(o)) = (&f.properties, object.as_object_mut()) {
                    o.insert("properties".into(), Value::Object(props.clone()));
                }
                Some(object)
            })
            .collect();
        objects.insert(
            kind.name().into(),
            json!({"type": "GeometryCollection", "geometries": geometries}),
        );
    }
    let mut out = String::from("{\"type\":\"Topology\"");
    if let Some([x0, y0, x1, y1]) = bbox {
        let _ = write!(out, ",\"bbox\":{}", json!([x0, y0, x1, y1]));
    }
    let _ = write!(
        out,
        ",\"transform\":{}",
        json!({"scale": [q.kx, q.ky], "translate": [q.x0, q.y0]})
    );
    for (key, value) in collection.foreign_members.iter().flatten() {
        let _ = write!(out, ",{}:{}", json!(key), value);
    }
    let _ = write!(out, ",\"objects\":{}", Value::Object(objects));
    out.push_str(",\"arcs\":[");
    for (i, arc) in arcs.list.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&json!(arc).to_string());
    }
    out.push_str("\n]}\n");
    out
}

fn bounding_box(parts: &[(super::GeometryKind, FeatureCollection)]) -> Option<[f64; 4]> {
    let mut b: Option<[f64; 4]> = None;
    let mut add = |p: &Position| {
        let (x, y) = (p[0], p[1]);
        let e = b.get_or_insert([x, y, x, y]);
        *e = [e[0].min(x), e[1].min(y), e[2].max(x), e[3].max(y)];
    };
    for (_, fc) in parts {
        for f in &fc.features {
            if let Some(g) = &f.geometry {
                for_each_position(&g.value, &mut add);
            }
        }
    }
    b
}

fn for_each_position(value: &GeometryValue, f: &mut dyn FnMut(&Position)) {
    match value {
        GeometryValue::Point { coordinates } => f(coordinates),
        GeometryValue::MultiPoint { coordinates } | GeometryValue::LineString { coordinates } => {
            coordinates.iter().for_each(f)
        }
        GeometryValue::MultiLineString { coordinates } | GeometryValue::Polygon { coordinates } => {
            coordinates.iter().flatten().for_each(f)
        }
        GeometryValue::MultiPolygon { coordinates } => {
            coordinates.iter().flatten().flatten().for_each(f)
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                for_each_position(&g.value, f);
            }
        }
    }
}

/// Maps positions to the integer grid: `x = x0 + i × kx`.
struct Quantizer {
    x0: f64,
    y0: f64,
    kx: f64,
    ky: f64,
}

impl Quantizer {
    fn new(bbox: Option<[f64; 4]>) -> Quantizer {
        let [x0, y0, x1, y1] = bbox.unwrap_or([0.0, 0.0, 0.0, 0.0]);
        // A collection of one point has no extent: any step will do.
        let step = |span: f64| {
            if span > 0.0 {
                span / (QUANTIZATION - 1.0)
            } else {
                1.0
            }
        };
        Quantizer {
            x0,
            y0,
            kx: step(x1 - x0),
            ky: step(y1 - y0),
        }
    }

    fn point(&self, p: &Position) -> [i64; 2] {
        [
            ((p[0] - self.x0) / self.kx).round() as i64,
            ((p[1] - self.y0) / self.ky).round() as i64,
        ]
    }
}

/// The topology's arcs, delta-encoded, each stored once.
#[derive(Default)]
struct Arcs {
    list: Vec<Vec<[i64; 2]>>,
    /// An arc's absolute points to its index, and the reversed points to its index's
    /// one's complement (TopoJSON's "this arc backwards").
    seen: BTreeMap<Vec<[i64; 2]>, i64>,
}

impl Arcs {
    fn add(&mut self, line: &[Position], q: &Quantizer) -> i64 {
        let points: Vec<[i64; 2]> = line.iter().map(|p| q.point(p)).collect();
        if let Some(&i) = self.seen.get(&points) {
            return i;
        }
        let index = self.list.len() as i64;
        let mut deltas = Vec::with_capacity(points.len());
        let mut last = [0, 0];
        for p in &points {
            deltas.push([p[0] - last[0], p[1] - last[1]]);
            last = *p;
        }
        self.list.push(deltas);
        let reversed: Vec<[i64; 2]> = points.iter().rev().copied().collect();
        self.seen.entry(reversed).or_insert(!index);
        self.seen.insert(points, index);
        index
    }
}

fn geometry(value: &GeometryValue, q: &Quantizer, arcs: &mut Arcs) -> Value {
    let rings = |rings: &[Vec<Position>], arcs: &mut Arcs| -> Vec<Vec<i64>> {
        rings.iter().map(|r| vec![arcs.add(r, q)]).collect()
    };
    match value {
        GeometryValue::Point { coordinates } => {
            json!({"type": "Point", "coordinates": q.point(coordinates)})
        }
        GeometryValue::MultiPoint { coordinates } => json!({
            "type": "MultiPoint",
            "coordinates": coordinates.iter().map(|p| q.point(p)).collect::<Vec<_>>(),
        }),
        GeometryValue::LineString { coordinates } => {
            json!({"type": "LineString", "arcs": [arcs.add(coordinates, q)]})
        }
        GeometryValue::MultiLineString { coordinates } => json!({
            "type": "MultiLineString",
            "arcs": coordinates.iter().map(|l| vec![arcs.add(l, q)]).collect::<Vec<_>>(),
        }),
        GeometryValue::Polygon { coordinates } => {
            json!({"type": "Polygon", "arcs": rings(coordinates, arcs)})
        }
        GeometryValue::MultiPolygon { coordinates } => json!({
            "type": "MultiPolygon",
            "arcs": coordinates.iter().map(|p| rings(p, arcs)).collect::<Vec<_>>(),
        }),
        GeometryValue::GeometryCollection { geometries } => json!({
            "type": "GeometryCollection",
            "geometries": geometries.iter().map(|g| geometry(&g.value, q, arcs)).collect::<Vec<_>>(),
        }),
    }
}

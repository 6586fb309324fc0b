//! Cutting lon/lat lines and polygons at a seam meridian (the antimeridian
//! for RFC 7946 export, or `lon0 + 180` for a map centred on `lon0`), so
//! nothing is drawn as a streak across the whole map.
//!
//! Output longitudes are expressed relative to the map centre
//! `lon0 = seam - 180`: every output longitude lies in
//! `[lon0 - 180, lon0 + 180]`, with seam points written as exactly
//! `lon0 - 180` or `lon0 + 180` depending on the side they belong to. For
//! `seam = 180` that is the usual [-180, 180]. Inputs that never cross the
//! seam come back as one piece, re-expressed in that range: a line crossing
//! the antimeridian on a map whose seam is elsewhere thus becomes continuous
//! (179 → 181 rather than 179 → -179), so later lon/lat densification does
//! not run the long way round.

use geo::BooleanOps;
use geo_types::{Coord, LineString, MultiPolygon, Polygon};

use super::great_circle::check_point;
use super::normalize_lon;
use super::GeometryError;

/// Latitude (degrees) where the great circle through two points crosses the
/// meridian at relative longitude ±180 (d3's `clipAntimeridianIntersect`).
/// Longitudes are relative to the map centre, in degrees.
fn crossing_lat(a: (f64, f64), b: (f64, f64)) -> f64 {
    if a.1.abs() == 90.0 {
        return a.1;
    }
    if b.1.abs() == 90.0 {
        return b.1;
    }
    let (l0, p0) = (a.0.to_radians(), a.1.to_radians());
    let (l1, p1) = (b.0.to_radians(), b.1.to_radians());
    let s = (l0 - l1).sin();
    let lat = if s.abs() > 1e-12 {
        ((p0.sin() * p1.cos() * l1.sin() - p1.sin() * p0.cos() * l0.sin())
            / (p0.cos() * p1.cos() * s))
            .atan()
            .to_degrees()
    } else {
        (a.1 + b.1) / 2.0
    };
    if lat.is_finite() {
        lat
    } else {
        (a.1 + b.1) / 2.0
    }
}

/// Relative longitudes in [-180, 180], with seam and pole points assigned
/// to the side of a neighbour so they never fake a crossing.
fn relative(points: &[(f64, f64)], lon0: f64) -> Vec<(f64, f64)> {
    let mut rel: Vec<(f64, f64)> = points
        .iter()
        .map(|&(lon, lat)| (normalize_lon(lon - lon0), lat))
        .collect();
    let ambiguous = |p: &(f64, f64)| p.0 == -180.0 || p.1.abs() == 90.0;
    let anchor = rel.iter().find(|p| !ambiguous(p)).map(|p| p.0);
    let mut prev = anchor.unwrap_or(0.0);
    for p in rel.iter_mut() {
        if p.1.abs() == 90.0 {
            p.0 = prev;
        } else if p.0 == -180.0 {
            p.0 = if prev > 0.0 { 180.0 } else { -180.0 };
        }
        prev = p.0;
    }
    rel
}

/// Unwraps relative longitudes so they are continuous, inserting an exact
/// seam vertex at each crossing. Returns the points and the net number of
/// turns around the pole axis.
fn unwrap(rel: &[(f64, f64)]) -> (Vec<(f64, f64)>, i32) {
    let mut out = Vec::with_capacity(rel.len() + 4);
    let mut turns = 0i32;
    for (i, &p) in rel.iter().enumerate() {
        if i > 0 {
            let q = rel[i - 1];
            if (p.0 - q.0).abs() > 180.0 {
                let side = if q.0 > 0.0 { 1 } else { -1 };
                let lat = crossing_lat(q, p);
                out.push((180.0 * f64::from(side) + 360.0 * f64::from(turns), lat));
                turns += side;
            }
        }
        out.push((p.0 + 360.0 * f64::from(turns), p.1));
    }
    (out, turns)
}

/// Splits a lon/lat polyline where it crosses `seam_lon`, interpolating the
/// crossing latitude on the great circle; see the module docs for the
/// longitude convention of the output.
pub fn cut_line_at_meridian(
    line: &[(f64, f64)],
    seam_lon: f64,
) -> Result<Vec<Vec<(f64, f64)>>, GeometryError> {
    if !seam_lon.is_finite() {
        return Err(GeometryError::InvalidCoordinate {
            lon: seam_lon,
            lat: 0.0,
        });
    }
    for &p in line {
        check_point(p)?;
    }
    let lon0 = normalize_lon(seam_lon - 180.0);
    let rel = relative(line, lon0);
    if !rel.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0) {
        return Ok(if line.is_empty() {
            Vec::new()
        } else {
            vec![rel.iter().map(|&(r, lat)| (lon0 + r, lat)).collect()]
        });
    }
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, &p) in rel.iter().enumerate() {
        if i > 0 {
            let q = rel[i - 1];
            if (p.0 - q.0).abs() > 180.0 {
                let side = if q.0 > 0.0 { 180.0 } else { -180.0 };
                let lat = crossing_lat(q, p);
                current.push((lon0 + side, lat));
                pieces.push(std::mem::take(&mut current));
                current.push((lon0 - side, lat));
            }
        }
        current.push((lon0 + p.0, p.1));
    }
    pieces.push(current);
    Ok(pieces)
}

fn ring_points(ring: &LineString<f64>) -> Result<Vec<(f64, f64)>, GeometryError> {
    ring.coords()
        .map(|c| check_point((c.x, c.y)).map(|_| (c.x, c.y)))
        .collect()
}

fn to_ring(points: &[(f64, f64)], shift: f64) -> LineString<f64> {
    LineString::new(
        points
            .iter()
            .map(|&(x, y)| Coord { x: x + shift, y })
            .collect(),
    )
}

/// Net turns of a closed unwrapped ring around the pole axis; measured from
/// the end-to-start displacement because a ring can pass the seam through a
/// vertex lying exactly on it, which is no counted crossing.
fn winding(u: &[(f64, f64)]) -> i64 {
    match (u.first(), u.last()) {
        (Some(a), Some(b)) => ((b.0 - a.0) / 360.0).round() as i64,
        _ => 0,
    }
}

/// An unwrapped ring, closed along a pole when it winds around one.
fn unwrapped_ring(points: &[(f64, f64)], lon0: f64) -> Vec<(f64, f64)> {
    let (mut u, _) = unwrap(&relative(points, lon0));
    if winding(&u) != 0 {
        // A ring going once around the axis bounds a polar cap; take the cap
        // on the side of the ring's mean latitude (the smaller one).
        let mean = points.iter().map(|p| p.1).sum::<f64>() / points.len().max(1) as f64;
        let pole = if mean < 0.0 { -90.0 } else { 90.0 };
        if let (Some(&first), Some(&last)) = (u.first(), u.last()) {
            u.push((last.0, pole));
            u.push((first.0, pole));
            u.push(first);
        }
    }
    u
}

/// Cuts a lon/lat polygon (with holes) at `seam_lon` into pieces that each
/// stay on one side of the seam. Rings that wind around a pole (Antarctica)
/// are closed along that pole's latitude. See the module docs for the
/// longitude convention of the output.
pub fn cut_polygon_at_meridian(
    polygon: &Polygon<f64>,
    seam_lon: f64,
) -> Result<MultiPolygon<f64>, GeometryError> {
    if !seam_lon.is_finite() {
        return Err(GeometryError::InvalidCoordinate {
            lon: seam_lon,
            lat: 0.0,
        });
    }
    let lon0 = normalize_lon(seam_lon - 180.0);
    let exterior = ring_points(polygon.exterior())?;
    let holes = polygon
        .interiors()
        .iter()
        .map(ring_points)
        .collect::<Result<Vec<_>, _>>()?;
    if exterior.len() < 4 {
        return Ok(MultiPolygon::new(Vec::new()));
    }
    // A ring that takes no step across the seam unwraps to itself with no turn, so only
    // its winding is left to tell.
    let crosses = |rel: &[(f64, f64)]| {
        if rel.windows(2).any(|w| (w[1].0 - w[0].0).abs() > 180.0) {
            let (u, turns) = unwrap(rel);
            turns != 0 || winding(&u) != 0 || u.iter().any(|p| p.0.abs() > 180.0)
        } else {
            winding(rel) != 0
        }
    };
    let exterior_rel = relative(&exterior, lon0);
    let holes_rel: Vec<Vec<(f64, f64)>> = holes.iter().map(|h| relative(h, lon0)).collect();
    if !crosses(&exterior_rel) && !holes_rel.iter().any(|h| crosses(h)) {
        return Ok(MultiPolygon::new(vec![Polygon::new(
            to_ring(&exterior_rel, lon0),
            holes_rel.iter().map(|h| to_ring(h, lon0)).collect(),
        )]));
    }
    let ext = unwrapped_ring(&exterior, lon0);
    let (umin, umax) = ext
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let mid = (umin + umax) / 2.0;
    let inner: Vec<LineString<f64>> = holes
        .iter()
        .filter(|h| h.len() >= 4)
        .map(|h| {
            let u = unwrapped_ring(h, lon0);
            // Holes are unwrapped on their own; move them next to the exterior.
            let shift = ((mid - u[0].0) / 360.0).round() * 360.0;
            to_ring(&u, shift)
        })
        .collect();
    let whole = Polygon::new(to_ring(&ext, 0.0), inner);
    let k_min = ((umin + 180.0) / 360.0).floor() as i64;
    let k_max = ((umax - 180.0) / 360.0).ceil() as i64;
    let mut pieces = Vec::new();
    for k in k_min..=k_max.max(k_min) {
        let off = 360.0 * k as f64;
        let strip = Polygon::new(
            LineString::from(vec![
                (off - 180.0, -90.0),
                (off + 180.0, -90.0),
                (off + 180.0, 90.0),
                (off - 180.0, 90.0),
                (off - 180.0, -90.0),
            ]),
            Vec::new(),
        );
        for piece in whole.intersection(&strip) {
            let (ext_ring, holes) = piece.into_inner();
            let back = |r: LineString<f64>| {
                LineString::new(
                    r.0.into_iter()
                        .map(|c| Coord {
                            x: (c.x - off).clamp(-180.0, 180.0) + lon0,
                            y: c.y,
                        })
                        .collect(),
                )
            };
            pieces.push(Polygon::new(
                back(ext_ring),
                holes.into_iter().map(back).collect(),
            ));
        }
    }
    Ok(MultiPolygon::new(pieces))
}

#[cfg(test)]
#[path = "seam_tests.rs"]
mod tests;

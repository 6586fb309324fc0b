//! Simplification of projected geometry to output resolution, using geo's
//! Ramer–Douglas–Peucker [`Simplify`] with a tolerance in pixels.

use geo::{Area, Simplify};
use geo_types::{LineString, MultiLineString, MultiPolygon, Polygon};

use super::GeometryError;

fn check_tolerance(tolerance_px: f64, min_area_px: f64) -> Result<(), GeometryError> {
    if !(tolerance_px.is_finite() && tolerance_px >= 0.0) {
        return Err(GeometryError::InvalidStep(tolerance_px));
    }
    if !(min_area_px.is_finite() && min_area_px >= 0.0) {
        return Err(GeometryError::InvalidStep(min_area_px));
    }
    Ok(())
}

fn ring_area(ring: &LineString<f64>) -> f64 {
    Polygon::new(ring.clone(), Vec::new()).unsigned_area()
}

/// Simplifies one projected ring; `None` if it collapses or encloses less
/// than `min_area_px` square pixels. A tolerance of 0 keeps every vertex
/// (RDP would otherwise drop exactly collinear ones).
pub fn simplify_ring_px(
    ring: &LineString<f64>,
    tolerance_px: f64,
    min_area_px: f64,
) -> Option<LineString<f64>> {
    if ring.0.len() < 4 || ring_area(ring) < min_area_px {
        return None;
    }
    if tolerance_px == 0.0 {
        return Some(ring.clone());
    }
    let s = ring.simplify(tolerance_px);
    (s.0.len() >= 4 && ring_area(&s) >= min_area_px).then_some(s)
}

/// Simplifies projected polygons, dropping rings (and polygons whose
/// exterior is) smaller than `min_area_px`.
pub fn simplify_polygons_px(
    polygons: &MultiPolygon<f64>,
    tolerance_px: f64,
    min_area_px: f64,
) -> Result<MultiPolygon<f64>, GeometryError> {
    check_tolerance(tolerance_px, min_area_px)?;
    let mut out = Vec::with_capacity(polygons.0.len());
    for p in polygons {
        let Some(ext) = simplify_ring_px(p.exterior(), tolerance_px, min_area_px) else {
            continue;
        };
        let holes = p
            .interiors()
            .iter()
            .filter_map(|h| simplify_ring_px(h, tolerance_px, min_area_px))
            .collect();
        out.push(Polygon::new(ext, holes));
    }
    Ok(MultiPolygon::new(out))
}

/// Simplifies projected polylines, dropping those shorter than two points.
pub fn simplify_lines_px(
    lines: &MultiLineString<f64>,
    tolerance_px: f64,
) -> Result<MultiLineString<f64>, GeometryError> {
    check_tolerance(tolerance_px, 0.0)?;
    Ok(MultiLineString::new(
        lines
            .iter()
            .map(|l| {
                if tolerance_px == 0.0 {
                    l.clone()
                } else {
                    l.simplify(tolerance_px)
                }
            })
            .filter(|l| l.0.len() >= 2)
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wiggly_square(n: usize, size: f64) -> LineString<f64> {
        let mut pts = Vec::new();
        for i in 0..n {
            let t = i as f64 / n as f64;
            pts.push((t * size, if i % 2 == 0 { 0.0 } else { 0.1 }));
        }
        pts.extend([(size, 0.0), (size, size), (0.0, size), (0.0, 0.0)]);
        LineString::from(pts)
    }

    #[test]
    fn sub_pixel_wiggles_are_removed() {
        let ring = wiggly_square(1000, 100.0);
        let s = simplify_ring_px(&ring, 0.5, 1.0).expect("kept");
        assert!(s.0.len() <= 6, "{}", s.0.len());
        assert!((ring_area(&s) - 10_000.0).abs() < 20.0);
    }

    #[test]
    fn tiny_rings_are_dropped() {
        let mp = MultiPolygon::new(vec![
            Polygon::new(wiggly_square(10, 100.0), vec![]),
            Polygon::new(
                LineString::from(vec![(0.0, 0.0), (0.5, 0.0), (0.5, 0.5), (0.0, 0.0)]),
                vec![],
            ),
        ]);
        let s = simplify_polygons_px(&mp, 0.5, 1.0).expect("ok");
        assert_eq!(s.0.len(), 1);
        assert!(simplify_polygons_px(&mp, f64::NAN, 1.0).is_err());
    }

    #[test]
    fn lines_keep_their_ends() {
        let l = LineString::from(vec![(0.0, 0.0), (5.0, 0.01), (10.0, 0.0)]);
        let s = simplify_lines_px(&MultiLineString::new(vec![l]), 0.5).expect("ok");
        assert_eq!(s.0[0].0.len(), 2);
        assert!(simplify_lines_px(&MultiLineString::new(vec![]), -1.0).is_err());
    }
}

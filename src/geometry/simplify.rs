//! Simplification of projected geometry to output resolution: Ramer–Douglas–Peucker with
//! a tolerance in pixels, vertex for vertex as geo's [`geo::Simplify`] does it.

use geo::Area;
use geo_types::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

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
    let s = rdp(ring, tolerance_px);
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
                    rdp(l, tolerance_px)
                }
            })
            .filter(|l| l.0.len() >= 2)
            .collect(),
    ))
}

/// Ramer–Douglas–Peucker, as geo's [`geo::Simplify`] for a line string does it, vertex for
/// vertex: the same distance to each chord, the same farthest vertex (the last of equal
/// ones), so the same vertices kept. It works from a stack rather than by recursion, reads
/// each chord's length once rather than once a vertex, and allocates only the result:
/// geo's spent most of a render's simplifying in `hypot` and in vectors of the pieces.
fn rdp(line: &LineString<f64>, epsilon: f64) -> LineString<f64> {
    let coords = &line.0;
    if epsilon <= 0.0 || coords.len() < 3 {
        return line.clone();
    }
    let mut keep = vec![false; coords.len()];
    keep[0] = true;
    keep[coords.len() - 1] = true;
    let mut pieces = vec![(0, coords.len() - 1)];
    while let Some((first, last)) = pieces.pop() {
        if last - first < 2 {
            continue;
        }
        let chord = Chord::new(coords[first], coords[last]);
        let (mut farthest, mut farthest_distance) = (first, 0.0);
        for (i, &c) in coords.iter().enumerate().take(last).skip(first + 1) {
            match chord.distance_from(c, farthest_distance) {
                Some(d) if d >= farthest_distance => (farthest, farthest_distance) = (i, d),
                _ => {}
            }
        }
        if farthest_distance > epsilon {
            keep[farthest] = true;
            pieces.push((farthest, last));
            pieces.push((first, farthest));
        }
    }
    LineString::new(
        coords
            .iter()
            .zip(&keep)
            .filter_map(|(&c, &k)| k.then_some(c))
            .collect(),
    )
}

/// A segment, with what the distance to it needs worked out once.
struct Chord {
    start: Coord<f64>,
    end: Coord<f64>,
    dx: f64,
    dy: f64,
    length_squared: f64,
    length: f64,
}

impl Chord {
    fn new(start: Coord<f64>, end: Coord<f64>) -> Chord {
        let (dx, dy) = (end.x - start.x, end.y - start.y);
        Chord {
            start,
            end,
            dx,
            dy,
            length_squared: dx * dx + dy * dy,
            length: dx.hypot(dy),
        }
    }

    /// The distance from `p` to the segment, in geo's arithmetic
    /// (`geo_types::private_utils::line_segment_distance`); `None` when it is surely less
    /// than `floor`.
    ///
    /// Beyond the segment's ends the distance is to an end, by `hypot`, which is slow: a
    /// square root first tells whether it can reach `floor` (the two differ by a few
    /// units in the last place, far less than the margin).
    fn distance_from(&self, p: Coord<f64>, floor: f64) -> Option<f64> {
        let (start, end, dx, dy) = (self.start, self.end, self.dx, self.dy);
        let to = |q: Coord<f64>| {
            let (x, y) = (q.x - p.x, q.y - p.y);
            ((x * x + y * y).sqrt() >= floor * (1.0 - 1e-9)).then(|| x.hypot(y))
        };
        if start == end {
            return to(start);
        }
        let r = ((p.x - start.x) * dx + (p.y - start.y) * dy) / self.length_squared;
        if r <= 0.0 {
            return to(start);
        }
        if r >= 1.0 {
            return to(end);
        }
        let s = ((start.y - p.y) * dx - (start.x - p.x) * dy) / self.length_squared;
        Some(s.abs() * self.length)
    }
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
    fn vertices_kept_are_geos() {
        use geo::Simplify;
        // Noisy spirals and zigzags with repeated points, collinear runs, closed rings and
        // exact ties in distance, at tolerances from a hair to coarse.
        let mut lines: Vec<LineString<f64>> = Vec::new();
        let mut seed = 7u64;
        let mut noise = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
        };
        for n in [3usize, 4, 7, 50, 400, 3000] {
            let spiral: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let a = i as f64 * 0.05;
                    (a.cos() * a * 10.0 + noise(), a.sin() * a * 10.0 + noise())
                })
                .collect();
            lines.push(LineString::from(spiral));
            let zigzag: Vec<(f64, f64)> = (0..n)
                .map(|i| (i as f64, if i % 3 == 0 { 1.0 } else { (i % 2) as f64 }))
                .collect();
            lines.push(LineString::from(zigzag));
        }
        let mut ring = wiggly_square(500, 100.0);
        ring.0.insert(10, ring.0[10]);
        lines.push(ring);
        lines.push(LineString::from(vec![(0.0, 0.0), (0.0, 0.0), (0.0, 0.0)]));
        for line in &lines {
            for epsilon in [0.0, 1e-9, 0.1, 0.5, 1.0, 3.0, 50.0] {
                let ours: Vec<(u64, u64)> = rdp(line, epsilon)
                    .0
                    .iter()
                    .map(|c| (c.x.to_bits(), c.y.to_bits()))
                    .collect();
                let geos: Vec<(u64, u64)> = line
                    .simplify(epsilon)
                    .0
                    .iter()
                    .map(|c| (c.x.to_bits(), c.y.to_bits()))
                    .collect();
                assert_eq!(ours, geos, "{} points at {epsilon}", line.0.len());
            }
        }
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

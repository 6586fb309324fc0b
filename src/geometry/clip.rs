//! Clipping projected (pixel) geometry to an axis-aligned rectangle, so SVG
//! output only carries what can be seen: Liang–Barsky for polylines (which
//! may split into several pieces) and Sutherland–Hodgman for polygon rings.
//!
//! Sutherland–Hodgman keeps a concave ring in one piece, joining its parts
//! with zero-width edges along the rectangle border. Filled, they cover no
//! area; the pipeline clips to the canvas plus a margin so that any stroke
//! along them falls outside the visible canvas.

use geo_types::{Coord, LineString, Polygon};

use super::GeometryError;

/// An axis-aligned rectangle in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// Validates and normalises a rectangle from two corners.
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Result<Self, GeometryError> {
        for v in [x0, y0, x1, y1] {
            if !v.is_finite() {
                return Err(GeometryError::InvalidCoordinate { lon: v, lat: v });
            }
        }
        Ok(Rect {
            x0: x0.min(x1),
            y0: y0.min(y1),
            x1: x0.max(x1),
            y1: y0.max(y1),
        })
    }

    /// The rectangle grown by `m` on every side.
    pub fn expanded(self, m: f64) -> Rect {
        Rect {
            x0: self.x0 - m,
            y0: self.y0 - m,
            x1: self.x1 + m,
            y1: self.y1 + m,
        }
    }

    /// True if the point lies inside or on the border.
    pub fn contains(&self, p: (f64, f64)) -> bool {
        (self.x0..=self.x1).contains(&p.0) && (self.y0..=self.y1).contains(&p.1)
    }
}

fn check_all<'a>(pts: impl IntoIterator<Item = &'a (f64, f64)>) -> Result<(), GeometryError> {
    for p in pts {
        if !(p.0.is_finite() && p.1.is_finite()) {
            return Err(GeometryError::InvalidCoordinate { lon: p.0, lat: p.1 });
        }
    }
    Ok(())
}

/// Liang–Barsky: the parameter range of segment `a→b` inside `r`, if any.
fn clip_segment(a: (f64, f64), b: (f64, f64), r: &Rect) -> Option<(f64, f64)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [
        (-dx, a.0 - r.x0),
        (dx, r.x1 - a.0),
        (-dy, a.1 - r.y0),
        (dy, r.y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

/// Clips a polyline to `r`, returning the visible pieces in order.
pub fn clip_line_to_rect(
    line: &[(f64, f64)],
    r: &Rect,
) -> Result<Vec<Vec<(f64, f64)>>, GeometryError> {
    check_all(line)?;
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    if let [only] = line {
        if r.contains(*only) {
            pieces.push(vec![*only]);
        }
        return Ok(pieces);
    }
    for w in line.windows(2) {
        let (a, b) = (w[0], w[1]);
        let Some((t0, t1)) = clip_segment(a, b, r) else {
            if current.len() > 1 {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
            continue;
        };
        let at = |t: f64| (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        let start = if t0 > 0.0 { at(t0) } else { a };
        let end = if t1 < 1.0 { at(t1) } else { b };
        if current.last() != Some(&start) {
            if current.len() > 1 {
                pieces.push(std::mem::take(&mut current));
            }
            current.clear();
            current.push(start);
        }
        current.push(end);
        if t1 < 1.0 {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if current.len() > 1 {
        pieces.push(current);
    }
    Ok(pieces)
}

/// Sutherland–Hodgman clip of one closed ring (first point need not repeat).
/// Returns the clipped ring, closed, or `None` if less than a triangle remains.
pub fn clip_ring_to_rect(ring: &[(f64, f64)], r: &Rect) -> Option<Vec<(f64, f64)>> {
    let mut pts: Vec<(f64, f64)> = ring.to_vec();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    if pts.iter().all(|p| r.contains(*p)) {
        return close(pts);
    }
    // Each edge: inside test and intersection with the boundary line.
    type Inside = fn(&Rect, (f64, f64)) -> bool;
    type Cut = fn(&Rect, (f64, f64), (f64, f64)) -> (f64, f64);
    let edges: [(Inside, Cut); 4] = [
        (|r, p| p.0 >= r.x0, |r, a, b| at_x(a, b, r.x0)),
        (|r, p| p.0 <= r.x1, |r, a, b| at_x(a, b, r.x1)),
        (|r, p| p.1 >= r.y0, |r, a, b| at_y(a, b, r.y0)),
        (|r, p| p.1 <= r.y1, |r, a, b| at_y(a, b, r.y1)),
    ];
    for (inside, cut) in edges {
        if pts.is_empty() {
            return None;
        }
        let input = std::mem::take(&mut pts);
        let mut prev = input[input.len() - 1];
        for &cur in &input {
            match (inside(r, prev), inside(r, cur)) {
                (true, true) => pts.push(cur),
                (true, false) => pts.push(cut(r, prev, cur)),
                (false, true) => {
                    pts.push(cut(r, prev, cur));
                    pts.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
    }
    close(pts)
}

fn at_x(a: (f64, f64), b: (f64, f64), x: f64) -> (f64, f64) {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + (b.1 - a.1) * t)
}

fn at_y(a: (f64, f64), b: (f64, f64), y: f64) -> (f64, f64) {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + (b.0 - a.0) * t, y)
}

fn close(mut pts: Vec<(f64, f64)>) -> Option<Vec<(f64, f64)>> {
    pts.dedup();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    if pts.len() < 3 {
        return None;
    }
    let first = pts[0];
    pts.push(first);
    Some(pts)
}

fn ring_coords(ring: &LineString<f64>) -> Vec<(f64, f64)> {
    ring.coords().map(|c| (c.x, c.y)).collect()
}

fn to_ring(pts: Vec<(f64, f64)>) -> LineString<f64> {
    LineString::new(pts.into_iter().map(|(x, y)| Coord { x, y }).collect())
}

/// Clips a pixel-space polygon (exterior and holes) to `r`; `None` if nothing
/// of the exterior remains. Holes that vanish are dropped.
pub fn clip_polygon_to_rect(
    polygon: &Polygon<f64>,
    r: &Rect,
) -> Result<Option<Polygon<f64>>, GeometryError> {
    let ext = ring_coords(polygon.exterior());
    check_all(&ext)?;
    let Some(ext) = clip_ring_to_rect(&ext, r) else {
        return Ok(None);
    };
    let mut holes = Vec::new();
    for h in polygon.interiors() {
        let h = ring_coords(h);
        check_all(&h)?;
        if let Some(c) = clip_ring_to_rect(&h, r) {
            holes.push(to_ring(c));
        }
    }
    Ok(Some(Polygon::new(to_ring(ext), holes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Area;

    fn rect() -> Rect {
        Rect::new(0.0, 0.0, 10.0, 10.0).expect("rect")
    }

    #[test]
    fn line_leaving_and_reentering_gives_two_pieces() {
        let line = [
            (-5.0, 5.0),
            (5.0, 5.0),
            (15.0, 5.0),
            (15.0, 8.0),
            (5.0, 8.0),
        ];
        let pieces = clip_line_to_rect(&line, &rect()).expect("clip");
        assert_eq!(
            pieces,
            vec![
                vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)],
                vec![(10.0, 8.0), (5.0, 8.0)]
            ]
        );
    }

    #[test]
    fn outside_and_inside_lines() {
        assert!(clip_line_to_rect(&[(-1.0, -1.0), (-5.0, 20.0)], &rect())
            .expect("clip")
            .is_empty());
        let inside = vec![(1.0, 1.0), (2.0, 2.0), (3.0, 1.0)];
        assert_eq!(
            clip_line_to_rect(&inside, &rect()).expect("clip"),
            vec![inside]
        );
        assert!(clip_line_to_rect(&[(f64::NAN, 0.0), (1.0, 1.0)], &rect()).is_err());
    }

    #[test]
    fn polygon_is_clipped_with_its_hole() {
        let p = Polygon::new(
            LineString::from(vec![
                (-5.0, -5.0),
                (5.0, -5.0),
                (5.0, 5.0),
                (-5.0, 5.0),
                (-5.0, -5.0),
            ]),
            vec![LineString::from(vec![
                (1.0, 1.0),
                (2.0, 1.0),
                (2.0, 2.0),
                (1.0, 2.0),
                (1.0, 1.0),
            ])],
        );
        let c = clip_polygon_to_rect(&p, &rect())
            .expect("ok")
            .expect("some");
        assert!(
            (c.unsigned_area() - 24.0).abs() < 1e-9,
            "{}",
            c.unsigned_area()
        );
        let far = Polygon::new(
            LineString::from(vec![(20.0, 20.0), (30.0, 20.0), (30.0, 30.0), (20.0, 20.0)]),
            vec![],
        );
        assert!(clip_polygon_to_rect(&far, &rect()).expect("ok").is_none());
    }

    #[test]
    fn polygon_covering_the_rect_becomes_the_rect() {
        let p = Polygon::new(
            LineString::from(vec![
                (-50.0, -50.0),
                (50.0, -50.0),
                (50.0, 50.0),
                (-50.0, 50.0),
            ]),
            vec![],
        );
        let c = clip_polygon_to_rect(&p, &rect())
            .expect("ok")
            .expect("some");
        assert!((c.unsigned_area() - 100.0).abs() < 1e-9);
    }
}

//! The pole of inaccessibility: the point inside a polygon farthest from its edges, where a
//! country's name has the most room.
//!
//! This is Mapbox's polylabel algorithm (Garcia-Castellanos & Lombardo, 2007): cover the
//! polygon with square cells, keep them in a priority queue by the best distance any point
//! of the cell could reach, and split only the cells that could still beat the best found.
//! The `polylabel` crate implements the same, but it turns on all of geo's default features
//! (rayon, spade), which would double the build of this one function.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use geo_types::{Coord, LineString, Point, Polygon};

/// A square cell: its centre, half its side, and the signed distance from the centre to the
/// polygon's edges (positive inside).
#[derive(Debug, Clone, Copy)]
struct Cell {
    centre: Coord<f64>,
    half: f64,
    distance: f64,
}

impl Cell {
    fn new(centre: Coord<f64>, half: f64, polygon: &Polygon<f64>) -> Cell {
        Cell {
            centre,
            half,
            distance: signed_distance(centre, polygon),
        }
    }

    /// The largest distance a point of this cell could have.
    fn potential(&self) -> f64 {
        self.distance + self.half * std::f64::consts::SQRT_2
    }
}

impl PartialEq for Cell {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Cell {}

impl PartialOrd for Cell {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cell {
    fn cmp(&self, other: &Self) -> Ordering {
        self.potential().total_cmp(&other.potential())
    }
}

/// The point inside `polygon` farthest from its edges (exterior and holes), found to within
/// `precision` (in the polygon's units). `None` for an empty or degenerate polygon.
pub fn pole_of_inaccessibility(polygon: &Polygon<f64>, precision: f64) -> Option<Point<f64>> {
    let coords = polygon.exterior().0.as_slice();
    let first = *coords.first()?;
    let (mut min, mut max) = (first, first);
    for c in coords {
        min = Coord {
            x: min.x.min(c.x),
            y: min.y.min(c.y),
        };
        max = Coord {
            x: max.x.max(c.x),
            y: max.y.max(c.y),
        };
    }
    let (width, height) = (max.x - min.x, max.y - min.y);
    let side = width.min(height);
    if !(side.is_finite() && side > 0.0) {
        return None;
    }
    let precision = if precision > 0.0 {
        precision
    } else {
        side / 100.0
    };
    let half = side / 2.0;
    let mut queue = BinaryHeap::new();
    let mut y = min.y;
    while y < max.y {
        let mut x = min.x;
        while x < max.x {
            queue.push(Cell::new(
                Coord {
                    x: x + half,
                    y: y + half,
                },
                half,
                polygon,
            ));
            x += side;
        }
        y += side;
    }
    // Start from the area centroid, which is often close; the box centre otherwise.
    let mut best = Cell::new(centroid(polygon.exterior()).unwrap_or(first), 0.0, polygon);
    let centre = Cell::new(
        Coord {
            x: min.x + width / 2.0,
            y: min.y + height / 2.0,
        },
        0.0,
        polygon,
    );
    if centre.distance > best.distance {
        best = centre;
    }
    // A bound on the work for pathological inputs: far more cells than any map needs.
    let mut budget = 100_000;
    while let Some(cell) = queue.pop() {
        if cell.distance > best.distance {
            best = cell;
        }
        if cell.potential() - best.distance <= precision || budget == 0 {
            continue;
        }
        budget -= 1;
        let h = cell.half / 2.0;
        for (dx, dy) in [(-h, -h), (h, -h), (-h, h), (h, h)] {
            queue.push(Cell::new(
                Coord {
                    x: cell.centre.x + dx,
                    y: cell.centre.y + dy,
                },
                h,
                polygon,
            ));
        }
    }
    Some(Point::from(best.centre))
}

/// Distance from `p` to the nearest edge of `polygon`, negative outside it (even-odd rule,
/// holes included).
fn signed_distance(p: Coord<f64>, polygon: &Polygon<f64>) -> f64 {
    let mut inside = false;
    let mut nearest = f64::INFINITY;
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        for w in ring.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
            nearest = nearest.min(segment_distance_sq(p, a, b));
        }
    }
    let d = nearest.sqrt();
    if inside {
        d
    } else {
        -d
    }
}

fn segment_distance_sq(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (mut x, mut y) = (a.x, a.y);
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    if dx != 0.0 || dy != 0.0 {
        let t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy);
        if t > 1.0 {
            (x, y) = (b.x, b.y);
        } else if t > 0.0 {
            (x, y) = (a.x + dx * t, a.y + dy * t);
        }
    }
    (p.x - x).powi(2) + (p.y - y).powi(2)
}

fn centroid(ring: &LineString<f64>) -> Option<Coord<f64>> {
    let (mut area, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for w in ring.0.windows(2) {
        let f = w[0].x * w[1].y - w[1].x * w[0].y;
        cx += (w[0].x + w[1].x) * f;
        cy += (w[0].y + w[1].y) * f;
        area += f * 3.0;
    }
    (area != 0.0).then(|| Coord {
        x: cx / area,
        y: cy / area,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::polygon;

    #[test]
    fn a_square_has_its_pole_at_the_centre() {
        let square =
            polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 10.0), (x: 0.0, y: 10.0)];
        let p = pole_of_inaccessibility(&square, 0.01).unwrap();
        assert!(
            (p.x() - 5.0).abs() < 0.1 && (p.y() - 5.0).abs() < 0.1,
            "{p:?}"
        );
    }

    #[test]
    fn an_l_shape_puts_it_in_the_thick_arm_not_at_the_centroid() {
        // A thick vertical bar (0..4 wide, 0..20 high) with a thin foot to the right.
        let l = polygon![
            (x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 1.0),
            (x: 4.0, y: 1.0), (x: 4.0, y: 20.0), (x: 0.0, y: 20.0)
        ];
        let p = pole_of_inaccessibility(&l, 0.01).unwrap();
        assert!(p.x() > 1.5 && p.x() < 2.5, "{p:?}");
        assert!(p.y() > 3.0 && p.y() < 18.0, "{p:?}");
        let room = signed_distance(p.0, &l);
        assert!(room > 1.9, "only {room} from the edges");
    }

    #[test]
    fn holes_push_the_pole_away() {
        let with_hole = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0),
            ]),
            vec![LineString::from(vec![
                (4.0, 4.0),
                (6.0, 4.0),
                (6.0, 6.0),
                (4.0, 6.0),
                (4.0, 4.0),
            ])],
        );
        let p = pole_of_inaccessibility(&with_hole, 0.01).unwrap();
        assert!(signed_distance(p.0, &with_hole) > 1.4, "{p:?}");
        assert!(
            !((4.0..=6.0).contains(&p.x()) && (4.0..=6.0).contains(&p.y())),
            "{p:?}"
        );
    }

    #[test]
    fn degenerate_polygons_have_none() {
        let flat = polygon![(x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 5.0, y: 0.0)];
        assert_eq!(pole_of_inaccessibility(&flat, 1.0), None);
        let empty = Polygon::new(LineString::new(vec![]), vec![]);
        assert_eq!(pole_of_inaccessibility(&empty, 1.0), None);
    }
}

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
    fn new(centre: Coord<f64>, half: f64, edges: &Edges) -> Cell {
        Cell {
            centre,
            half,
            distance: edges.signed_distance(centre),
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
    let edges = Edges::new(polygon, min, max);
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
                &edges,
            ));
            x += side;
        }
        y += side;
    }
    // Start from the area centroid, which is often close; the box centre otherwise.
    let mut best = Cell::new(centroid(polygon.exterior()).unwrap_or(first), 0.0, &edges);
    let centre = Cell::new(
        Coord {
            x: min.x + width / 2.0,
            y: min.y + height / 2.0,
        },
        0.0,
        &edges,
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
                &edges,
            ));
        }
    }
    Some(Point::from(best.centre))
}

/// A polygon's edges (exterior and holes) in a grid of square buckets, so that a cell's
/// distance and inside test read the few edges near it rather than all of them.
///
/// The answers are those of reading every edge: each edge read gets the same arithmetic,
/// and every edge that could change an answer is read. The inside test reads the edges of
/// the point's row of buckets (an edge that crosses the point's parallel has a bucket in
/// that row); the distance reads rings of buckets outward from the point's bucket until
/// the nearest edge found is nearer than any bucket left unread could be.
struct Edges {
    segments: Vec<[Coord<f64>; 2]>,
    origin: Coord<f64>,
    side: f64,
    cols: usize,
    rows: usize,
    /// The edges of each bucket, by row then column.
    buckets: Lists,
    /// The edges of each row of buckets, each once.
    rows_of: Lists,
}

/// Lists of edge numbers by slot, packed one after another: slot `i`'s are
/// `items[starts[i]..starts[i + 1]]`, in edge order.
#[derive(Default)]
struct Lists {
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Lists {
    /// The lists of `slots` slots, where `slots_of(span, f)` calls `f` with each slot of the
    /// edge whose bucket span is `span`.
    fn build(
        slots: usize,
        spans: &[[usize; 4]],
        slots_of: impl Fn([usize; 4], &mut dyn FnMut(usize)),
    ) -> Lists {
        let mut starts = vec![0u32; slots + 1];
        for &span in spans {
            slots_of(span, &mut |s| starts[s + 1] += 1);
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut items = vec![0u32; starts[slots] as usize];
        let mut next = starts.clone();
        for (e, &span) in spans.iter().enumerate() {
            slots_of(span, &mut |s| {
                items[next[s] as usize] = e as u32;
                next[s] += 1;
            });
        }
        Lists { starts, items }
    }

    fn get(&self, slot: usize) -> &[u32] {
        &self.items[self.starts[slot] as usize..self.starts[slot + 1] as usize]
    }
}

/// Edges a bucket holds on average.
const EDGES_PER_BUCKET: usize = 2;

impl Edges {
    /// The edges of `polygon`, whose exterior's bounding box is `min`..`max`.
    fn new(polygon: &Polygon<f64>, min: Coord<f64>, max: Coord<f64>) -> Edges {
        let segments: Vec<[Coord<f64>; 2]> = std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .flat_map(|ring| ring.0.windows(2).map(|w| [w[0], w[1]]))
            .collect();
        let (width, height) = (max.x - min.x, max.y - min.y);
        let buckets = (segments.len() / EDGES_PER_BUCKET).max(1) as f64;
        let side = (width * height / buckets)
            .sqrt()
            .max(width.max(height) / 1024.0);
        let count = |span: f64| ((span / side).ceil() as usize).clamp(1, 1024);
        let (cols, rows) = (count(width), count(height));
        let mut edges = Edges {
            origin: min,
            side,
            cols,
            rows,
            buckets: Lists::default(),
            rows_of: Lists::default(),
            segments: Vec::new(),
        };
        // Each edge's buckets: those its bounding box touches.
        let spans: Vec<[usize; 4]> = segments
            .iter()
            .map(|[a, b]| {
                let (c0, c1) = (edges.col(a.x.min(b.x)), edges.col(a.x.max(b.x)));
                let (r0, r1) = (edges.row(a.y.min(b.y)), edges.row(a.y.max(b.y)));
                [c0, c1, r0, r1]
            })
            .collect();
        edges.buckets = Lists::build(cols * rows, &spans, |[c0, c1, r0, r1], slot| {
            for r in r0..=r1 {
                for c in c0..=c1 {
                    slot(r * cols + c);
                }
            }
        });
        edges.rows_of = Lists::build(rows, &spans, |[_, _, r0, r1], slot| {
            (r0..=r1).for_each(slot);
        });
        edges.segments = segments;
        edges
    }

    /// The column of buckets holding `x`, unclamped.
    fn col_at(&self, x: f64) -> i64 {
        ((x - self.origin.x) / self.side).floor() as i64
    }

    fn row_at(&self, y: f64) -> i64 {
        ((y - self.origin.y) / self.side).floor() as i64
    }

    fn col(&self, x: f64) -> usize {
        self.col_at(x).clamp(0, self.cols as i64 - 1) as usize
    }

    fn row(&self, y: f64) -> usize {
        self.row_at(y).clamp(0, self.rows as i64 - 1) as usize
    }

    /// Distance from `p` to the nearest edge, negative outside the polygon (even-odd rule,
    /// holes included).
    fn signed_distance(&self, p: Coord<f64>) -> f64 {
        let mut inside = false;
        for &e in self.rows_of.get(self.row(p.y)) {
            let [a, b] = self.segments[e as usize];
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
        }
        let d = self.nearest_sq(p).sqrt();
        if inside {
            d
        } else {
            -d
        }
    }

    /// The squared distance from `p` to the nearest edge.
    fn nearest_sq(&self, p: Coord<f64>) -> f64 {
        let (pc, pr) = (self.col_at(p.x), self.row_at(p.y));
        let (cols, rows) = (self.cols as i64, self.rows as i64);
        let mut nearest = f64::INFINITY;
        let read = |c: i64, r: i64, nearest: &mut f64| {
            if (0..cols).contains(&c) && (0..rows).contains(&r) {
                for &e in self.buckets.get(r as usize * self.cols + c as usize) {
                    let [a, b] = self.segments[e as usize];
                    *nearest = nearest.min(segment_distance_sq(p, a, b));
                }
            }
        };
        for k in 0.. {
            if k == 0 {
                read(pc, pr, &mut nearest);
            } else {
                for c in pc - k..=pc + k {
                    read(c, pr - k, &mut nearest);
                    read(c, pr + k, &mut nearest);
                }
                for r in pr - k + 1..pr + k {
                    read(pc - k, r, &mut nearest);
                    read(pc + k, r, &mut nearest);
                }
            }
            if pc - k <= 0 && pc + k >= cols - 1 && pr - k <= 0 && pr + k >= rows - 1 {
                break;
            }
            // Every edge unread lies outside the square of buckets read: no nearer than its
            // border (less a margin for rounding in the bucket arithmetic).
            let x0 = self.origin.x + (pc - k) as f64 * self.side;
            let x1 = self.origin.x + (pc + k + 1) as f64 * self.side;
            let y0 = self.origin.y + (pr - k) as f64 * self.side;
            let y1 = self.origin.y + (pr + k + 1) as f64 * self.side;
            let border = (p.x - x0).min(x1 - p.x).min(p.y - y0).min(y1 - p.y) - 1e-6 * self.side;
            if border > 0.0 && nearest < border * border {
                break;
            }
        }
        nearest
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

    /// Reads every edge: what [`Edges`] must answer, to the bit.
    fn signed_distance(p: Coord<f64>, polygon: &Polygon<f64>) -> f64 {
        let mut inside = false;
        let mut nearest = f64::INFINITY;
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            for w in ring.0.windows(2) {
                let (a, b) = (w[0], w[1]);
                if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x
                {
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

    #[test]
    fn buckets_answer_as_reading_every_edge_does() {
        // A spiky star with a hole: long and short edges, and points inside, outside, on
        // vertices and beyond the bounding box.
        let ring = |n: usize, r0: f64, r1: f64, cx: f64, cy: f64| {
            let mut pts: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let a = i as f64 / n as f64 * std::f64::consts::TAU;
                    let r = if i % 2 == 0 {
                        r0
                    } else {
                        r1 + (i % 7) as f64 * 3.1
                    };
                    (cx + r * a.cos(), cy + r * a.sin())
                })
                .collect();
            pts.push(pts[0]);
            LineString::from(pts)
        };
        let star = Polygon::new(
            ring(400, 300.0, 120.0, 500.0, 400.0),
            vec![ring(12, 40.0, 20.0, 470.0, 420.0)],
        );
        let rect = geo::BoundingRect::bounding_rect(&star).expect("a box");
        let (min, max) = (rect.min(), rect.max());
        let edges = Edges::new(&star, min, max);
        assert!(edges.cols * edges.rows > 50, "buckets to skip");
        let mut points: Vec<Coord<f64>> = star.exterior().0.clone();
        for i in 0..=120 {
            for j in 0..=90 {
                points.push(Coord {
                    x: min.x - 40.0 + i as f64 * (max.x - min.x + 80.0) / 120.0,
                    y: min.y - 40.0 + j as f64 * (max.y - min.y + 80.0) / 90.0,
                });
            }
        }
        for p in points {
            assert_eq!(
                edges.signed_distance(p).to_bits(),
                signed_distance(p, &star).to_bits(),
                "{p:?}"
            );
        }
    }

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

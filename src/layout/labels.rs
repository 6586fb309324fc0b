//! Placing labels so that none touches another label or anything else drawn on the map.
//!
//! The caller registers everything labels must keep clear of (markers, arrowheads, routes
//! with their casing, the legend, the scale bar, the inset) in the [`Placer`]'s
//! [`Obstacles`], then places labels, most important first. A point label (a city) tries
//! eight [`Position`]s around its marker and takes the free one with the most room; if none is
//! free it may move further out on a leader line, and otherwise it is dropped, which the caller
//! reports as a warning. An area label (a country name) is centred on a given point and
//! shrinks through candidate sizes until one fits. Every placed label becomes an obstacle for
//! the next. Coordinates are map pixels, y downwards as in SVG.

use std::f64::consts::FRAC_1_SQRT_2;
use std::fmt;
use std::str::FromStr;

/// Side of the grid cells of the obstacle index created by [`Placer`], in px.
const CELL_SIZE: f64 = 32.0;
/// Most cells along one side of the index, so that a huge frame cannot exhaust memory.
const MAX_CELLS: usize = 512;
/// How close a circle's centre must be to a label's anchor to count as that label's marker.
const SAME_POINT: f64 = 1e-6;
/// Half the width of a leader line, kept clear by later labels.
const LEADER_HALF_WIDTH: f64 = 0.5;
/// Rooms closer than this count as equal, so that rounding cannot overrule the preference order.
const ROOM_TOLERANCE: f64 = 1e-6;

/// An axis-aligned rectangle in map pixels (y grows downwards). Expects `x0 <= x1`, `y0 <= y1`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// A rectangle from its edges.
    pub const fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    /// A `width` × `height` rectangle centred on `centre`.
    pub fn centred(centre: (f64, f64), width: f64, height: f64) -> Rect {
        let (cx, cy) = centre;
        Rect::new(
            cx - width / 2.0,
            cy - height / 2.0,
            cx + width / 2.0,
            cy + height / 2.0,
        )
    }

    /// Width, `x1 - x0`.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height, `y1 - y0`.
    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// The centre point.
    pub fn centre(&self) -> (f64, f64) {
        ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)
    }

    /// Whether all four edges are finite numbers.
    pub fn is_finite(&self) -> bool {
        self.x0.is_finite() && self.y0.is_finite() && self.x1.is_finite() && self.y1.is_finite()
    }

    /// Whether the two rectangles overlap. Rectangles that only share an edge do not; a
    /// zero-width rectangle inside another does.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The rectangle grown by `d` on every side (shrunk when `d` is negative).
    pub fn inflate(&self, d: f64) -> Rect {
        Rect::new(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)
    }

    /// Whether `other` lies inside this rectangle, edges included.
    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.x0 <= other.x0 && other.x1 <= self.x1 && self.y0 <= other.y0 && other.y1 <= self.y1
    }

    /// Shortest distance between the two rectangles; 0 when they touch or overlap.
    pub fn distance_to(&self, other: &Rect) -> f64 {
        self.distance_squared(other).sqrt()
    }

    fn distance_squared(&self, other: &Rect) -> f64 {
        let dx = (self.x0 - other.x1).max(other.x0 - self.x1).max(0.0);
        let dy = (self.y0 - other.y1).max(other.y0 - self.y1).max(0.0);
        dx * dx + dy * dy
    }

    /// Whether the closed rectangles have no point in common.
    fn is_apart(&self, other: &Rect) -> bool {
        self.x0 > other.x1 || other.x0 > self.x1 || self.y0 > other.y1 || other.y0 > self.y1
    }

    /// Shortest distance from the rectangle to a point; 0 inside.
    pub fn distance_to_point(&self, p: (f64, f64)) -> f64 {
        let dx = (self.x0 - p.0).max(p.0 - self.x1).max(0.0);
        let dy = (self.y0 - p.1).max(p.1 - self.y1).max(0.0);
        dx.hypot(dy)
    }

    /// Shortest distance from the rectangle to the segment `a`–`b`; 0 when they meet.
    pub fn distance_to_segment(&self, a: (f64, f64), b: (f64, f64)) -> f64 {
        if self.meets_segment(a, b) {
            return 0.0;
        }
        let corners = [
            (self.x0, self.y0),
            (self.x1, self.y0),
            (self.x1, self.y1),
            (self.x0, self.y1),
        ];
        corners
            .iter()
            .map(|&c| point_segment_distance(c, a, b))
            .fold(
                self.distance_to_point(a).min(self.distance_to_point(b)),
                f64::min,
            )
    }

    /// Whether the segment `a`–`b` has a point in the closed rectangle (Liang–Barsky clipping).
    fn meets_segment(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else if p < 0.0 {
                t0 = t0.max(q / p);
            } else {
                t1 = t1.min(q / p);
            }
        }
        t0 <= t1
    }
}

fn point_segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.0 - a.0 - t * dx).hypot(p.1 - a.1 - t * dy)
}

fn is_finite_point(p: (f64, f64)) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

/// Where a point label sits relative to its anchor, as a compass direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Position {
    /// Right of the anchor, vertically centred.
    E,
    /// Above and to the right.
    NE,
    /// Below and to the right.
    SE,
    /// Left of the anchor, vertically centred.
    W,
    /// Above and to the left.
    NW,
    /// Below and to the left.
    SW,
    /// Above the anchor, horizontally centred.
    N,
    /// Below the anchor, horizontally centred.
    S,
}

impl Position {
    /// Every position in order of preference, which breaks ties in room.
    pub const ORDER: [Position; 8] = [
        Position::E,
        Position::NE,
        Position::SE,
        Position::W,
        Position::NW,
        Position::SW,
        Position::N,
        Position::S,
    ];

    /// The position's name as written in scene files: `"E"`, `"NE"`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            Position::E => "E",
            Position::NE => "NE",
            Position::SE => "SE",
            Position::W => "W",
            Position::NW => "NW",
            Position::SW => "SW",
            Position::N => "N",
            Position::S => "S",
        }
    }

    /// How text placed here aligns with its box: towards the anchor.
    pub fn text_anchor(self) -> TextAnchor {
        match self {
            Position::E | Position::NE | Position::SE => TextAnchor::Start,
            Position::W | Position::NW | Position::SW => TextAnchor::End,
            Position::N | Position::S => TextAnchor::Middle,
        }
    }

    /// The `width` × `height` box in this position whose nearest point is `distance` px from
    /// `anchor`: an edge for E, W, N and S, a corner on the diagonal for the others.
    pub fn rect_at(self, anchor: (f64, f64), distance: f64, width: f64, height: f64) -> Rect {
        let (ax, ay) = anchor;
        let d = distance;
        let k = d * FRAC_1_SQRT_2;
        let (w, h) = (width, height);
        match self {
            Position::E => Rect::new(ax + d, ay - h / 2.0, ax + d + w, ay + h / 2.0),
            Position::W => Rect::new(ax - d - w, ay - h / 2.0, ax - d, ay + h / 2.0),
            Position::N => Rect::new(ax - w / 2.0, ay - d - h, ax + w / 2.0, ay - d),
            Position::S => Rect::new(ax - w / 2.0, ay + d, ax + w / 2.0, ay + d + h),
            Position::NE => Rect::new(ax + k, ay - k - h, ax + k + w, ay - k),
            Position::SE => Rect::new(ax + k, ay + k, ax + k + w, ay + k + h),
            Position::NW => Rect::new(ax - k - w, ay - k - h, ax - k, ay - k),
            Position::SW => Rect::new(ax - k - w, ay + k, ax - k, ay + k + h),
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A label position that is not one of the eight compass names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsePositionError(pub String);

impl fmt::Display for ParsePositionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown label position \"{}\"; expected one of E, NE, SE, W, NW, SW, N, S",
            self.0
        )
    }
}

impl std::error::Error for ParsePositionError {}

impl FromStr for Position {
    type Err = ParsePositionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Position::ORDER
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParsePositionError(s.to_owned()))
    }
}

/// SVG `text-anchor`: which point of the text its origin is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextAnchor {
    /// The origin is the left end of the text.
    Start,
    /// The origin is the middle of the text.
    Middle,
    /// The origin is the right end of the text.
    End,
}

impl TextAnchor {
    /// The attribute value: `"start"`, `"middle"` or `"end"`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextAnchor::Start => "start",
            TextAnchor::Middle => "middle",
            TextAnchor::End => "end",
        }
    }
}

impl fmt::Display for TextAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug)]
enum Shape {
    Rect(Rect),
    Circle {
        centre: (f64, f64),
        radius: f64,
    },
    Segment {
        a: (f64, f64),
        b: (f64, f64),
        half_width: f64,
    },
}

impl Shape {
    /// Distance from `rect` to the shape's ink, negative inside a circle or stroke.
    fn clearance(&self, rect: &Rect) -> f64 {
        match *self {
            Shape::Rect(r) => rect.distance_to(&r),
            Shape::Circle { centre, radius } => rect.distance_to_point(centre) - radius,
            Shape::Segment { a, b, half_width } => rect.distance_to_segment(a, b) - half_width,
        }
    }

    fn collides(&self, rect: &Rect) -> bool {
        match *self {
            Shape::Rect(r) => rect.intersects(&r),
            _ => self.clearance(rect) < 0.0,
        }
    }

    /// Whether this is a circle centred on `point`: a label's own marker.
    fn is_marker_at(&self, point: Option<(f64, f64)>) -> bool {
        match (*self, point) {
            (Shape::Circle { centre, .. }, Some(p)) => {
                (centre.0 - p.0).abs() <= SAME_POINT && (centre.1 - p.1).abs() <= SAME_POINT
            }
            _ => false,
        }
    }
}

/// What labels must keep clear of, in a uniform grid of buckets for fast, deterministic
/// look-ups. Shapes outside the grid's bounds go into its border cells, so they are still
/// found. Shapes with non-finite coordinates are ignored.
#[derive(Clone, Debug)]
pub struct Obstacles {
    origin: (f64, f64),
    cell: f64,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
    shapes: Vec<Shape>,
    /// Bounding box of each shape's ink, to skip exact tests cheaply.
    bboxes: Vec<Rect>,
}

impl Obstacles {
    /// An empty index over `bounds` (normally the map frame) with square cells of
    /// `cell_size` px.
    pub fn new(bounds: Rect, cell_size: f64) -> Obstacles {
        let cell = if cell_size.is_finite() && cell_size > 0.0 {
            cell_size
        } else {
            CELL_SIZE
        };
        let count = |len: f64| {
            if len.is_finite() && len > 0.0 {
                ((len / cell).ceil() as usize).clamp(1, MAX_CELLS)
            } else {
                1
            }
        };
        let (cols, rows) = (count(bounds.width()), count(bounds.height()));
        let origin = if is_finite_point((bounds.x0, bounds.y0)) {
            (bounds.x0, bounds.y0)
        } else {
            (0.0, 0.0)
        };
        Obstacles {
            origin,
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
            shapes: Vec::new(),
            bboxes: Vec::new(),
        }
    }

    #[cfg(test)]
    /// Whether no shape has been added.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// Adds a rectangle: a label, the legend, the scale bar, the inset, an arrowhead's box.
    pub fn add_rect(&mut self, rect: Rect) {
        if rect.is_finite() {
            self.insert(Shape::Rect(rect), rect, &[rect]);
        }
    }

    /// Adds a disc: a marker, or anything round.
    pub fn add_circle(&mut self, centre: (f64, f64), radius: f64) {
        if is_finite_point(centre) && radius.is_finite() {
            let radius = radius.max(0.0);
            let bbox = Rect::centred(centre, 2.0 * radius, 2.0 * radius);
            self.insert(Shape::Circle { centre, radius }, bbox, &[bbox]);
        }
    }

    /// Adds a stroked line: every point within `half_width` of the polyline is taken. For a
    /// route, `half_width` is half the stroke plus the casing plus the clearance wanted.
    /// A non-finite point breaks the line in two.
    pub fn add_polyline(&mut self, points: &[(f64, f64)], half_width: f64) {
        if !half_width.is_finite() {
            return;
        }
        let half_width = half_width.max(0.0);
        if let [p] = points {
            self.add_circle(*p, half_width);
        }
        for pair in points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if is_finite_point(a) && is_finite_point(b) {
                self.add_segment(a, b, half_width);
            }
        }
    }

    fn add_segment(&mut self, a: (f64, f64), b: (f64, f64), half_width: f64) {
        // A long segment is filed under the cells along it, not all cells of its bounding box.
        let length = (b.0 - a.0).hypot(b.1 - a.1);
        let pieces = ((length / self.cell).ceil() as usize).clamp(1, 4 * MAX_CELLS);
        let bbox = Rect::new(a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
        let boxes: Vec<Rect> = (0..pieces)
            .map(|i| {
                let t0 = i as f64 / pieces as f64;
                let t1 = (i + 1) as f64 / pieces as f64;
                let p = (a.0 + t0 * (b.0 - a.0), a.1 + t0 * (b.1 - a.1));
                let q = (a.0 + t1 * (b.0 - a.0), a.1 + t1 * (b.1 - a.1));
                Rect::new(p.0.min(q.0), p.1.min(q.1), p.0.max(q.0), p.1.max(q.1))
                    .inflate(half_width)
            })
            .collect();
        self.insert(
            Shape::Segment { a, b, half_width },
            bbox.inflate(half_width),
            &boxes,
        );
    }

    /// Files `shape`, whose ink lies in `bbox`, under every cell that one of `boxes` covers.
    fn insert(&mut self, shape: Shape, bbox: Rect, boxes: &[Rect]) {
        let id = self.shapes.len() as u32;
        self.shapes.push(shape);
        self.bboxes.push(bbox);
        for bbox in boxes {
            let (c0, c1, r0, r1) = self.span(bbox);
            for row in r0..=r1 {
                for col in c0..=c1 {
                    let cell = &mut self.cells[row * self.cols + col];
                    if cell.last() != Some(&id) {
                        cell.push(id);
                    }
                }
            }
        }
    }

    /// The inclusive column and row ranges of the cells `area` covers, clamped to the grid.
    fn span(&self, area: &Rect) -> (usize, usize, usize, usize) {
        let index = |v: f64, origin: f64, n: usize| {
            // `as` saturates and maps NaN to 0, so this cannot go out of range.
            (((v - origin) / self.cell).floor() as isize).clamp(0, n as isize - 1) as usize
        };
        (
            index(area.x0, self.origin.0, self.cols),
            index(area.x1, self.origin.0, self.cols),
            index(area.y0, self.origin.1, self.rows),
            index(area.y1, self.origin.1, self.rows),
        )
    }

    /// Calls `f` on every shape (with its bounding box) filed in a cell that `area` covers
    /// until `f` returns true; returns whether it did. A shape may come more than once.
    fn any(&self, area: &Rect, mut f: impl FnMut(&Rect, &Shape) -> bool) -> bool {
        let (c0, c1, r0, r1) = self.span(area);
        (r0..=r1).any(|row| {
            self.cells[row * self.cols + c0..=row * self.cols + c1]
                .iter()
                .flatten()
                .any(|&id| f(&self.bboxes[id as usize], &self.shapes[id as usize]))
        })
    }

    #[cfg(test)]
    /// Whether `rect` overlaps any shape. A non-finite `rect` always collides.
    pub fn collides(&self, rect: &Rect) -> bool {
        self.collides_except(rect, None)
    }

    fn collides_except(&self, rect: &Rect, marker: Option<(f64, f64)>) -> bool {
        !rect.is_finite()
            || self.any(rect, |bbox, s| {
                !bbox.is_apart(rect) && !s.is_marker_at(marker) && s.collides(rect)
            })
    }

    #[cfg(test)]
    /// Distance from `rect` to the nearest shape, at most `cap` (and 0 when they touch).
    pub fn room(&self, rect: &Rect, cap: f64) -> f64 {
        self.room_except(rect, cap, None, 0.0)
    }

    /// [`room`](Obstacles::room) ignoring the marker at `marker`. Gives up, returning some
    /// value not above `floor`, as soon as the room is known not to exceed `floor`.
    fn room_except(&self, rect: &Rect, cap: f64, marker: Option<(f64, f64)>, floor: f64) -> f64 {
        if !rect.is_finite() || cap.is_nan() {
            return 0.0;
        }
        let mut room = cap.max(0.0);
        if room <= floor {
            return room;
        }
        self.any(&rect.inflate(cap.min(1e9)), |bbox, s| {
            if rect.distance_squared(bbox) < room * room && !s.is_marker_at(marker) {
                room = room.min(s.clearance(rect).max(0.0));
            }
            room <= floor
        });
        room
    }

    /// Whether a leader line from `a` to `b` passes within `clearance` of a rectangle or a
    /// circle other than the label's own marker. Lines (routes, other leaders) may be crossed.
    fn blocks_leader(
        &self,
        a: (f64, f64),
        b: (f64, f64),
        clearance: f64,
        marker: (f64, f64),
    ) -> bool {
        let area =
            Rect::new(a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1)).inflate(clearance);
        self.any(&area, |bbox, s| match *s {
            _ if bbox.is_apart(&area) => false,
            Shape::Rect(r) => r.distance_to_segment(a, b) < clearance,
            Shape::Circle { centre, radius } => {
                !s.is_marker_at(Some(marker))
                    && point_segment_distance(centre, a, b) < radius + clearance
            }
            Shape::Segment { .. } => false,
        })
    }
}

/// A label beside a point: a city's name next to its marker.
#[derive(Clone, Debug, PartialEq)]
pub struct PointLabel {
    /// The marker's centre. Default: `(0.0, 0.0)`.
    pub anchor: (f64, f64),
    /// The marker's radius: the gap to the label starts at its edge. A circle obstacle centred
    /// on the anchor is this label's own marker and neither blocks it nor limits its room, so
    /// register markers with [`Obstacles::add_circle`]. Default: `0.0`.
    pub anchor_radius: f64,
    /// Width of the label's box (all its lines) in px. Default: `0.0`.
    pub width: f64,
    /// Height of the label's box in px. Default: `0.0`.
    pub height: f64,
    /// Importance: higher is placed first by [`Placer::place_all`]. Default: `0`.
    pub priority: i32,
    /// Whether the label may move further out, joined to its marker by a leader line, when
    /// no position next to the marker is free. Default: `true`.
    pub leader_allowed: bool,
}

impl Default for PointLabel {
    fn default() -> Self {
        PointLabel {
            anchor: (0.0, 0.0),
            anchor_radius: 0.0,
            width: 0.0,
            height: 0.0,
            priority: 0,
            leader_allowed: true,
        }
    }
}

/// A label over an area: a country's name at a point deep inside it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AreaLabel {
    /// Centre of the label, such as the area's pole of inaccessibility. Default: `(0.0, 0.0)`.
    pub centre: (f64, f64),
    /// Candidate box sizes `(width, height)`, largest first. Default: none.
    pub sizes: Vec<(f64, f64)>,
    /// Importance: higher is placed first by [`Placer::place_all_areas`]. Default: `0`.
    pub priority: i32,
}

/// Where a point label went.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placed {
    /// The label's box.
    pub rect: Rect,
    /// Its position around the anchor.
    pub position: Position,
    /// The leader line from the marker's edge to the box, when the label had to move out.
    pub leader: Option<((f64, f64), (f64, f64))>,
}

impl Placed {
    /// The SVG `text-anchor` and the origin of the first line's baseline for drawing the text
    /// inside [`rect`](Placed::rect), given the first line's `ascent` in px. The text is
    /// aligned towards the anchor: E, NE and SE start at the left edge, W, NW and SW end at
    /// the right edge, N and S are centred. Later lines share the anchor and x.
    pub fn text_origin(&self, ascent: f64) -> (TextAnchor, (f64, f64)) {
        let anchor = self.position.text_anchor();
        let x = match anchor {
            TextAnchor::Start => self.rect.x0,
            TextAnchor::Middle => self.rect.centre().0,
            TextAnchor::End => self.rect.x1,
        };
        (anchor, (x, self.rect.y0 + ascent))
    }
}

/// Settings of a [`Placer`].
#[derive(Clone, Debug, PartialEq)]
pub struct PlacerOptions {
    /// Labels stay this far inside the frame, in px. Default: `8.0`.
    pub margin: f64,
    /// Distance from a marker's edge to its label, in px. Default: `4.0`.
    pub gap: f64,
    /// Clearance every label keeps from other labels and obstacles, in px (room for the text
    /// halo). Default: `2.0`.
    pub padding: f64,
    /// Room beyond which positions count as equally good, in px, so that the preference
    /// order decides between roomy positions. Default: `16.0`.
    pub room_cap: f64,
    /// Distances from a marker's edge, in px, tried in order with a leader line when no
    /// position at `gap` is free. Default: `[8.0, 12.0]` (2× and 3× the gap).
    pub leader_distances: Vec<f64>,
}

impl Default for PlacerOptions {
    fn default() -> Self {
        PlacerOptions {
            margin: 8.0,
            gap: 4.0,
            padding: 2.0,
            room_cap: 16.0,
            leader_distances: vec![8.0, 12.0],
        }
    }
}

/// Places labels one at a time inside a frame, each clear of the obstacles and the labels
/// placed before it. Deterministic: the same calls give the same results.
#[derive(Clone, Debug)]
pub struct Placer {
    frame: Rect,
    /// The frame less the margin: where labels may go.
    inner: Rect,
    options: PlacerOptions,
    obstacles: Obstacles,
    placed: Vec<Rect>,
}

impl Placer {
    #[cfg(test)]
    /// A placer for `frame` with the given margin and gap, leaders at 2× and 3× the gap, and
    /// the other [`PlacerOptions`] at their defaults.
    pub fn new(frame: Rect, margin: f64, gap: f64) -> Placer {
        Placer::with_options(
            frame,
            PlacerOptions {
                margin,
                gap,
                leader_distances: vec![2.0 * gap, 3.0 * gap],
                ..PlacerOptions::default()
            },
        )
    }

    /// A placer for `frame` with all settings given.
    pub fn with_options(frame: Rect, options: PlacerOptions) -> Placer {
        Placer {
            frame,
            inner: frame.inflate(-options.margin),
            obstacles: Obstacles::new(frame, CELL_SIZE),
            options,
            placed: Vec::new(),
        }
    }

    /// The frame labels are placed in.
    pub fn frame(&self) -> Rect {
        self.frame
    }

    #[cfg(test)]
    /// The settings.
    pub fn options(&self) -> &PlacerOptions {
        &self.options
    }

    #[cfg(test)]
    /// Everything labels keep clear of, placed labels included.
    pub fn obstacles(&self) -> &Obstacles {
        &self.obstacles
    }

    /// Everything labels keep clear of, to add markers, routes, the legend and so on before
    /// placing labels.
    pub fn obstacles_mut(&mut self) -> &mut Obstacles {
        &mut self.obstacles
    }

    #[cfg(test)]
    /// The boxes of the labels placed so far, in placement order.
    pub fn placed(&self) -> &[Rect] {
        &self.placed
    }

    /// Whether `rect` lies inside the frame less the margin and clear of everything placed or
    /// registered, ignoring the marker at `marker`.
    fn is_free(&self, rect: &Rect, marker: Option<(f64, f64)>) -> bool {
        self.inner.contains_rect(rect)
            && !self
                .obstacles
                .collides_except(&rect.inflate(self.options.padding), marker)
    }

    /// Distance from `rect` to the nearest obstacle, label or edge of the usable frame, at
    /// most the room cap.
    /// Gives up, returning some value not above `floor`, once the room cannot exceed `floor`.
    fn room(&self, rect: &Rect, marker: (f64, f64), floor: f64) -> f64 {
        let edges = (rect.x0 - self.inner.x0)
            .min(self.inner.x1 - rect.x1)
            .min(rect.y0 - self.inner.y0)
            .min(self.inner.y1 - rect.y1);
        let cap = self.options.room_cap.min(edges);
        self.obstacles.room_except(rect, cap, Some(marker), floor)
    }

    fn commit(&mut self, rect: Rect) {
        self.obstacles.add_rect(rect);
        self.placed.push(rect);
    }

    /// Places one point label: the free position next to its marker with the most room (ties
    /// go to the earlier position in [`Position::ORDER`]), else, if allowed, the same search at
    /// each leader distance. Returns `None` when the label is dropped: nothing is free, or its
    /// anchor or size is not a finite number.
    pub fn place_point(&mut self, label: &PointLabel) -> Option<Placed> {
        let valid = is_finite_point(label.anchor)
            && label.anchor_radius.is_finite()
            && label.width.is_finite()
            && label.height.is_finite()
            && label.width >= 0.0
            && label.height >= 0.0;
        if !valid {
            return None;
        }
        let radius = label.anchor_radius.max(0.0);
        let leaders = if label.leader_allowed {
            self.options.leader_distances.as_slice()
        } else {
            &[]
        };
        let steps = std::iter::once((self.options.gap, false))
            .chain(leaders.iter().map(|&d| (d, true)))
            .filter(|(d, _)| d.is_finite());
        for (distance, with_leader) in steps {
            let mut best: Option<(f64, Placed)> = None;
            for position in Position::ORDER {
                let rect = position.rect_at(
                    label.anchor,
                    radius + distance.max(0.0),
                    label.width,
                    label.height,
                );
                if !self.is_free(&rect, Some(label.anchor)) {
                    continue;
                }
                let leader = if with_leader {
                    let line = leader_line(label.anchor, radius, &rect);
                    if self.obstacles.blocks_leader(
                        line.0,
                        line.1,
                        self.options.padding,
                        label.anchor,
                    ) {
                        continue;
                    }
                    Some(line)
                } else {
                    None
                };
                // Only a room beyond the best so far can change the choice.
                let floor = best.as_ref().map_or(-1.0, |(r, _)| r + ROOM_TOLERANCE);
                let room = self.room(&rect, label.anchor, floor);
                if room > floor {
                    best = Some((
                        room,
                        Placed {
                            rect,
                            position,
                            leader,
                        },
                    ));
                }
            }
            if let Some((_, placed)) = best {
                self.commit(placed.rect);
                if let Some((a, b)) = placed.leader {
                    self.obstacles.add_segment(a, b, LEADER_HALF_WIDTH);
                }
                return Some(placed);
            }
        }
        None
    }

    /// Places one area label centred on its point at the largest size that is free. Returns
    /// the index of that size in [`AreaLabel::sizes`] and the box, or `None` when no size
    /// fits (or the centre is not finite).
    pub fn place_area(&mut self, label: &AreaLabel) -> Option<(usize, Rect)> {
        if !is_finite_point(label.centre) {
            return None;
        }
        let found = label.sizes.iter().enumerate().find_map(|(i, &(w, h))| {
            let rect = Rect::centred(label.centre, w, h);
            let valid = w >= 0.0 && h >= 0.0 && rect.is_finite();
            (valid && self.is_free(&rect, None)).then_some((i, rect))
        });
        if let Some((_, rect)) = found {
            self.commit(rect);
        }
        found
    }

    #[cfg(test)]
    /// Places point labels highest priority first (input order among equals) and returns
    /// the results in input order; `None` marks a dropped label.
    pub fn place_all(&mut self, labels: &[PointLabel]) -> Vec<Option<Placed>> {
        let mut results = vec![None; labels.len()];
        for i in by_priority(labels.iter().map(|l| l.priority)) {
            results[i] = self.place_point(&labels[i]);
        }
        results
    }

    #[cfg(test)]
    /// Places area labels highest priority first (input order among equals) and returns the
    /// results in input order; `None` marks a dropped label.
    pub fn place_all_areas(&mut self, labels: &[AreaLabel]) -> Vec<Option<(usize, Rect)>> {
        let mut results = vec![None; labels.len()];
        for i in by_priority(labels.iter().map(|l| l.priority)) {
            results[i] = self.place_area(&labels[i]);
        }
        results
    }
}

#[cfg(test)]
/// Indices sorted by descending priority, stable.
fn by_priority(priorities: impl Iterator<Item = i32>) -> Vec<usize> {
    let mut order: Vec<(usize, i32)> = priorities.enumerate().collect();
    order.sort_by_key(|&(i, p)| (std::cmp::Reverse(p), i));
    order.into_iter().map(|(i, _)| i).collect()
}

/// The leader from the edge of the marker at `anchor` to the nearest point of `rect`.
fn leader_line(anchor: (f64, f64), radius: f64, rect: &Rect) -> ((f64, f64), (f64, f64)) {
    let end = (
        anchor.0.clamp(rect.x0, rect.x1),
        anchor.1.clamp(rect.y0, rect.y1),
    );
    let (dx, dy) = (end.0 - anchor.0, end.1 - anchor.1);
    let length = dx.hypot(dy);
    let start = if length > 0.0 {
        let t = radius.min(length) / length;
        (anchor.0 + t * dx, anchor.1 + t * dy)
    } else {
        anchor
    };
    (start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAME: Rect = Rect::new(0.0, 0.0, 1600.0, 1000.0);

    /// A tiny seeded generator, so that tests are repeatable without the rand crate.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn city(anchor: (f64, f64), width: f64) -> PointLabel {
        PointLabel {
            anchor,
            anchor_radius: 4.0,
            width,
            height: 18.0,
            ..PointLabel::default()
        }
    }

    fn placer_with_marker(anchor: (f64, f64)) -> Placer {
        let mut placer = Placer::new(FRAME, 8.0, 4.0);
        placer.obstacles_mut().add_circle(anchor, 4.0);
        placer
    }

    #[test]
    fn rect_geometry() {
        let a = Rect::new(0.0, 0.0, 10.0, 10.0);
        let b = Rect::new(10.0, 0.0, 20.0, 10.0);
        assert!(!a.intersects(&b), "sharing an edge is not overlapping");
        assert!(a.inflate(0.5).intersects(&b));
        assert!(a.intersects(&Rect::new(5.0, 2.0, 5.0, 3.0)));
        assert!(a.contains_rect(&a));
        assert!(!a.contains_rect(&a.inflate(0.1)));
        assert!(a
            .inflate(-1.0)
            .contains_rect(&Rect::new(1.0, 1.0, 9.0, 9.0)));
        assert_eq!(a.distance_to(&Rect::new(13.0, 14.0, 20.0, 20.0)), 5.0);
        assert_eq!(a.distance_to(&b), 0.0);
        assert_eq!(a.distance_to_point((-3.0, 14.0)), 5.0);
        assert_eq!(a.distance_to_segment((-5.0, 5.0), (15.0, 5.0)), 0.0);
        assert_eq!(a.distance_to_segment((-5.0, 13.0), (15.0, 13.0)), 3.0);
        assert_eq!(
            a.distance_to_segment((13.0, 13.0), (13.0, 13.0)),
            18f64.sqrt()
        );
        // A diagonal passing the corner.
        let d = a.distance_to_segment((12.0, 20.0), (20.0, 12.0));
        assert!((d - 12.0 / 2f64.sqrt()).abs() < 1e-9);
        assert_eq!(
            Rect::centred((5.0, 5.0), 4.0, 2.0),
            Rect::new(3.0, 4.0, 7.0, 6.0)
        );
    }

    #[test]
    fn positions_parse_and_print() {
        for p in Position::ORDER {
            assert_eq!(p.to_string().parse::<Position>(), Ok(p));
        }
        assert_eq!("ne".parse::<Position>(), Ok(Position::NE));
        let err = "NNE".parse::<Position>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown label position \"NNE\"; expected one of E, NE, SE, W, NW, SW, N, S"
        );
    }

    #[test]
    fn positions_keep_the_gap_from_the_marker() {
        for p in Position::ORDER {
            let r = p.rect_at((100.0, 100.0), 7.0, 40.0, 12.0);
            assert!(
                (r.distance_to_point((100.0, 100.0)) - 7.0).abs() < 1e-9,
                "{p}"
            );
            assert!((r.width() - 40.0).abs() < 1e-9 && (r.height() - 12.0).abs() < 1e-9);
        }
    }

    #[test]
    fn east_is_taken_when_free() {
        let anchor = (800.0, 500.0);
        let mut placer = placer_with_marker(anchor);
        let placed = placer.place_point(&city(anchor, 80.0)).expect("placed");
        assert_eq!(placed.position, Position::E);
        assert_eq!(placed.leader, None);
        assert_eq!(placed.rect, Rect::new(808.0, 491.0, 888.0, 509.0));
        let (anchor, origin) = placed.text_origin(14.0);
        assert_eq!((anchor.as_str(), origin), ("start", (808.0, 505.0)));
    }

    #[test]
    fn text_anchors_face_the_marker() {
        let rect = Rect::new(10.0, 20.0, 50.0, 40.0);
        let at = |position| {
            let (a, o) = Placed {
                rect,
                position,
                leader: None,
            }
            .text_origin(15.0);
            (a.to_string(), o)
        };
        assert_eq!(at(Position::SE), ("start".to_owned(), (10.0, 35.0)));
        assert_eq!(at(Position::NW), ("end".to_owned(), (50.0, 35.0)));
        assert_eq!(at(Position::S), ("middle".to_owned(), (30.0, 35.0)));
    }

    /// A marker at (800, 500) hemmed in on the west, north and south, with an obstacle on its
    /// east side `dy` px below (positive) or above (negative) the anchor's line.
    fn hemmed_in(dy: f64) -> (Placer, PointLabel) {
        let anchor = (800.0, 500.0);
        let mut placer = placer_with_marker(anchor);
        let obstacles = placer.obstacles_mut();
        obstacles.add_rect(Rect::new(700.0, 480.0, 795.0, 520.0)); // W, NW, SW
        obstacles.add_rect(Rect::new(770.0, 470.0, 800.0, 490.0)); // N
        obstacles.add_rect(Rect::new(770.0, 510.0, 800.0, 530.0)); // S
        obstacles.add_rect(Rect::new(830.0, 499.0 + dy, 860.0, 501.0 + dy)); // E
        (placer, city(anchor, 60.0))
    }

    #[test]
    fn an_obstacle_east_pushes_the_label_to_the_roomier_diagonal() {
        for (dy, expected) in [
            (4.0, Position::NE),
            (-4.0, Position::SE),
            // With equal room, the preference order decides.
            (0.0, Position::NE),
        ] {
            let (mut placer, label) = hemmed_in(dy);
            let placed = placer.place_point(&label).expect("placed");
            assert_eq!(
                (placed.position, placed.leader),
                (expected, None),
                "dy {dy}"
            );
        }
        // Hemmed in on the east too, it is dropped.
        let (mut placer, label) = hemmed_in(0.0);
        placer
            .obstacles_mut()
            .add_rect(Rect::new(801.0, 470.0, 830.0, 530.0));
        assert_eq!(placer.place_point(&label), None);
    }

    #[test]
    fn room_beats_preference() {
        // A label 10 px above the E box, covering NE: E has 10 px of room, SE (next in the
        // preference order after NE) has all the room it can use.
        let anchor = (800.0, 500.0);
        let mut placer = placer_with_marker(anchor);
        placer
            .obstacles_mut()
            .add_rect(Rect::new(800.0, 470.0, 900.0, 481.0));
        let placed = placer.place_point(&city(anchor, 60.0)).expect("placed");
        assert_eq!(placed.position, Position::SE);
    }

    #[test]
    fn labels_keep_the_frame_margin() {
        // Near the right edge, eastern positions leave the frame.
        let anchor = (1560.0, 500.0);
        let mut placer = placer_with_marker(anchor);
        let placed = placer.place_point(&city(anchor, 80.0)).expect("placed");
        assert_eq!(placed.position, Position::W);
        assert!(placed.rect.x1 <= 1592.0);
        // Too wide for the frame anywhere.
        assert_eq!(placer.place_point(&city((800.0, 500.0), 1590.0)), None);
    }

    #[test]
    fn a_boxed_in_label_is_dropped_and_reported() {
        let anchor = (800.0, 500.0);
        let mut placer = placer_with_marker(anchor);
        // A frame of rectangles 20 px around the marker: room for the marker, not the label.
        let obstacles = placer.obstacles_mut();
        obstacles.add_rect(Rect::new(760.0, 460.0, 840.0, 480.0));
        obstacles.add_rect(Rect::new(760.0, 520.0, 840.0, 540.0));
        obstacles.add_rect(Rect::new(760.0, 480.0, 780.0, 520.0));
        obstacles.add_rect(Rect::new(820.0, 480.0, 840.0, 520.0));
        let free = city((200.0, 200.0), 60.0);
        let results = placer.place_all(&[free.clone(), city(anchor, 60.0), free]);
        assert!(results[0].is_some());
        assert_eq!(results[1], None);
        assert!(results[2].is_some());
    }

    #[test]
    fn a_label_ringed_by_a_route_moves_out_on_a_leader() {
        let anchor = (800.0, 500.0);
        let ring: Vec<(f64, f64)> = (0..=64)
            .map(|i| {
                let a = f64::from(i) * std::f64::consts::TAU / 64.0;
                (anchor.0 + 10.0 * a.cos(), anchor.1 + 10.0 * a.sin())
            })
            .collect();
        let mut placer = placer_with_marker(anchor);
        placer.obstacles_mut().add_polyline(&ring, 1.0);
        let label = PointLabel {
            anchor_radius: 3.0,
            ..city(anchor, 60.0)
        };
        let forbidden = PointLabel {
            leader_allowed: false,
            ..label.clone()
        };
        assert_eq!(placer.clone().place_point(&forbidden), None);
        let placed = placer.place_point(&label).expect("placed on a leader");
        assert_eq!(placed.position, Position::E);
        let (start, end) = placed.leader.expect("a leader");
        assert!(((start.0 - anchor.0).hypot(start.1 - anchor.1) - 3.0).abs() < 1e-9);
        assert_eq!(placed.rect.distance_to_point(end), 0.0);
        // 3 + 8 is within the ring's reach; 3 + 12 is clear of it.
        assert_eq!(placed.rect.x0, anchor.0 + 15.0);
        // The leader is an obstacle for later labels.
        let probe = Rect::new(804.0, 499.0, 806.0, 501.0);
        assert!(placer.obstacles().collides(&probe));
    }

    #[test]
    fn a_leader_may_not_cross_another_label() {
        let anchor = (800.0, 500.0);
        let ring: Vec<(f64, f64)> = (0..=64)
            .map(|i| {
                let a = f64::from(i) * std::f64::consts::TAU / 64.0;
                (anchor.0 + 10.0 * a.cos(), anchor.1 + 10.0 * a.sin())
            })
            .collect();
        let mut placer = placer_with_marker(anchor);
        placer.obstacles_mut().add_polyline(&ring, 1.0);
        // A thin label lying across the path of every eastern leader, clear of their boxes.
        placer
            .obstacles_mut()
            .add_rect(Rect::new(810.0, 470.0, 812.0, 530.0));
        let label = PointLabel {
            anchor_radius: 3.0,
            ..city(anchor, 60.0)
        };
        let placed = placer.place_point(&label).expect("placed");
        assert!(matches!(
            placed.position,
            Position::W | Position::NW | Position::SW | Position::N | Position::S
        ));
    }

    #[test]
    fn higher_priority_wins_a_contested_spot() {
        let anchor = (800.0, 500.0);
        let low = PointLabel {
            priority: 1,
            ..city(anchor, 60.0)
        };
        let high = PointLabel {
            priority: 5,
            ..city(anchor, 60.0)
        };
        let results = placer_with_marker(anchor).place_all(&[low.clone(), high.clone()]);
        assert_eq!(results[1].map(|p| p.position), Some(Position::E));
        assert_ne!(results[0].map(|p| p.position), Some(Position::E));
        let results = placer_with_marker(anchor).place_all(&[high, low.clone()]);
        assert_eq!(results[0].map(|p| p.position), Some(Position::E));
        // Among equals, input order decides.
        let results = placer_with_marker(anchor).place_all(&[low.clone(), low]);
        assert_eq!(results[0].map(|p| p.position), Some(Position::E));
        assert_ne!(results[1].map(|p| p.position), Some(Position::E));
    }

    #[test]
    fn area_labels_shrink_then_drop() {
        let mut placer = Placer::new(FRAME, 8.0, 4.0);
        placer
            .obstacles_mut()
            .add_polyline(&[(600.0, 530.0), (1000.0, 530.0)], 2.0);
        let label = AreaLabel {
            centre: (800.0, 500.0),
            sizes: vec![(200.0, 80.0), (150.0, 40.0), (100.0, 20.0)],
            priority: 0,
        };
        let (size, rect) = placer.place_area(&label).expect("placed");
        assert_eq!(size, 1);
        assert_eq!(rect, Rect::new(725.0, 480.0, 875.0, 520.0));
        // The same spot is now taken.
        assert_eq!(placer.place_area(&label), None);
        let results = placer.place_all_areas(&[
            AreaLabel {
                centre: (200.0, 200.0),
                ..label.clone()
            },
            AreaLabel {
                sizes: vec![],
                ..label
            },
        ]);
        assert_eq!(results[0].map(|r| r.0), Some(0));
        assert_eq!(results[1], None);
    }

    #[test]
    fn non_finite_input_is_dropped_without_panicking() {
        let mut placer = Placer::new(FRAME, 8.0, 4.0);
        placer.obstacles_mut().add_circle((f64::NAN, 3.0), 4.0);
        placer
            .obstacles_mut()
            .add_rect(Rect::new(0.0, f64::INFINITY, 1.0, 2.0));
        placer
            .obstacles_mut()
            .add_polyline(&[(1.0, 1.0), (f64::NAN, 2.0), (3.0, 3.0)], 2.0);
        assert!(placer.obstacles().is_empty());
        for anchor in [(f64::NAN, 500.0), (800.0, f64::INFINITY)] {
            assert_eq!(placer.place_point(&city(anchor, 60.0)), None);
        }
        let bad_size = PointLabel {
            width: f64::NAN,
            ..city((800.0, 500.0), 0.0)
        };
        assert_eq!(placer.place_point(&bad_size), None);
        let area = AreaLabel {
            centre: (800.0, 500.0),
            sizes: vec![(f64::INFINITY, 10.0), (f64::NAN, 10.0), (40.0, 10.0)],
            priority: 0,
        };
        assert_eq!(placer.place_area(&area).map(|r| r.0), Some(2));
        assert!(placer
            .obstacles()
            .collides(&Rect::new(f64::NAN, 0.0, 1.0, 1.0)));
        // A frame that is not a number places nothing, quietly.
        let mut broken = Placer::new(Rect::new(f64::NAN, 0.0, 10.0, 10.0), 8.0, 4.0);
        assert_eq!(broken.place_point(&city((5.0, 5.0), 1.0)), None);
    }

    /// Random rectangles, circles and segments, as the grid and as a plain list.
    fn random_obstacles(rng: &mut XorShift) -> (Obstacles, Vec<Shape>) {
        let mut grid = Obstacles::new(FRAME, CELL_SIZE);
        for _ in 0..60 {
            let (x, y) = (rng.uniform(-100.0, 1700.0), rng.uniform(-100.0, 1100.0));
            let r = Rect::new(
                x,
                y,
                x + rng.uniform(0.0, 150.0),
                y + rng.uniform(0.0, 80.0),
            );
            grid.add_rect(r);
            let c = (rng.uniform(-50.0, 1650.0), rng.uniform(-50.0, 1050.0));
            grid.add_circle(c, rng.uniform(0.0, 20.0));
            let a = (rng.uniform(-200.0, 1800.0), rng.uniform(-200.0, 1200.0));
            let b = (rng.uniform(-200.0, 1800.0), rng.uniform(-200.0, 1200.0));
            grid.add_polyline(&[a, b], rng.uniform(0.0, 5.0));
        }
        let shapes = grid.shapes.clone();
        (grid, shapes)
    }

    #[test]
    fn the_grid_answers_as_a_plain_scan_would() {
        let mut rng = XorShift(0x5eed_1234_abcd_0001);
        let (grid, shapes) = random_obstacles(&mut rng);
        for _ in 0..2000 {
            let (x, y) = (rng.uniform(-100.0, 1700.0), rng.uniform(-100.0, 1100.0));
            let q = Rect::new(
                x,
                y,
                x + rng.uniform(0.0, 120.0),
                y + rng.uniform(0.0, 40.0),
            );
            let collides = shapes.iter().any(|s| s.collides(&q));
            assert_eq!(grid.collides(&q), collides, "{q:?}");
            let room = shapes
                .iter()
                .map(|s| s.clearance(&q).max(0.0))
                .fold(24.0, f64::min);
            assert!((grid.room(&q, 24.0) - room).abs() < 1e-9, "{q:?}");
        }
    }

    /// Places ~200 random labels among routes, markers, arrowheads and the legend.
    fn random_map(seed: u64) -> (Vec<PointLabel>, Vec<Option<Placed>>, Vec<Shape>, Placer) {
        let mut rng = XorShift(seed);
        let mut placer = Placer::new(FRAME, 8.0, 4.0);
        let obstacles = placer.obstacles_mut();
        for _ in 0..4 {
            let (y, amp, phase) = (
                rng.uniform(100.0, 900.0),
                rng.uniform(20.0, 200.0),
                rng.uniform(0.0, 6.0),
            );
            let route: Vec<(f64, f64)> = (0..=800)
                .map(|i| {
                    let x = f64::from(i) * 2.0;
                    (x, y + amp * (x / 300.0 + phase).sin())
                })
                .collect();
            obstacles.add_polyline(&route, 1.25 + 1.0 + 1.0);
        }
        obstacles.add_rect(Rect::new(1300.0, 800.0, 1592.0, 992.0)); // legend
        obstacles.add_rect(Rect::new(8.0, 950.0, 220.0, 992.0)); // scale bar
        for _ in 0..20 {
            let (x, y) = (rng.uniform(0.0, 1590.0), rng.uniform(0.0, 990.0));
            obstacles.add_rect(Rect::new(x, y, x + 10.0, y + 10.0)); // arrowheads
        }
        let labels: Vec<PointLabel> = (0..200)
            .map(|_| {
                let anchor = (rng.uniform(0.0, 1600.0), rng.uniform(0.0, 1000.0));
                let anchor_radius = rng.uniform(3.0, 6.0);
                placer.obstacles_mut().add_circle(anchor, anchor_radius);
                PointLabel {
                    anchor,
                    anchor_radius,
                    width: rng.uniform(30.0, 130.0),
                    height: if rng.next() % 3 == 0 { 36.0 } else { 18.0 },
                    priority: (rng.next() % 4) as i32,
                    leader_allowed: rng.next() % 2 == 0,
                }
            })
            .collect();
        let shapes = placer.obstacles().shapes.clone();
        let results = placer.place_all(&labels);
        (labels, results, shapes, placer)
    }

    #[test]
    fn random_labels_never_collide() {
        let start = std::time::Instant::now();
        let (labels, results, shapes, placer) = random_map(0x0ddc_0ffe_e123_4567);
        let elapsed = start.elapsed();
        let padding = placer.options().padding;
        let inner = FRAME.inflate(-8.0);
        let placed: Vec<(usize, Placed)> = results
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .collect();
        let leaders = placed.iter().filter(|(_, p)| p.leader.is_some()).count();
        eprintln!(
            "placed {} of {} labels ({leaders} on leaders) among {} shapes in {elapsed:?}",
            placed.len(),
            labels.len(),
            shapes.len(),
        );
        assert!(placed.len() > 100);
        assert_eq!(placer.placed().len(), placed.len());
        for (i, p) in &placed {
            let label = &labels[*i];
            assert!(inner.contains_rect(&p.rect), "label {i} leaves the frame");
            for s in &shapes {
                if s.is_marker_at(Some(label.anchor)) {
                    assert!(s.clearance(&p.rect) >= 3.999, "label {i} on its marker");
                } else {
                    assert!(
                        s.clearance(&p.rect) >= padding - 1e-9,
                        "label {i} hits {s:?}"
                    );
                }
            }
            for (j, q) in &placed {
                if i != j {
                    assert!(!p.rect.intersects(&q.rect), "labels {i} and {j} overlap");
                    assert!(p.rect.distance_to(&q.rect) >= padding - 1e-9);
                    if let Some((a, b)) = p.leader {
                        assert!(q.rect.distance_to_segment(a, b) >= padding - 1e-9);
                    }
                }
            }
        }
        // Higher priorities fare at least as well as lower ones overall.
        let rate = |prio: i32| {
            let all = labels.iter().filter(|l| l.priority == prio).count() as f64;
            let ok = placed
                .iter()
                .filter(|(i, _)| labels[*i].priority == prio)
                .count() as f64;
            ok / all
        };
        assert!(rate(3) >= rate(0));
    }

    #[test]
    fn placement_is_deterministic() {
        let (_, first, _, _) = random_map(42);
        let (_, second, _, _) = random_map(42);
        assert_eq!(first, second);
    }
}

//! Routes: great-circle legs projected to pixels, bent apart where they would hide each
//! other, with one arrowhead a leg pointing the way of travel.

use geo_types::{Coord, LineString, MultiLineString};

use super::labels::Rect;
use super::map::{same_place, slug, Pin, ROUTE_STEP_KM};
use super::timeline::{civil_from_days, parse_when};
use super::LayoutError;
use crate::geometry::great_circle;
use crate::project::MapTransform;
use crate::project::{project_geometry, PipelineOptions};
use crate::scene::Palette;
use crate::scene::{Color, CurveSpec, LineStyle, ResolvedScene};

/// An arrowhead: its tip, the unit direction of travel, its length and half width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arrow {
    pub tip: (f64, f64),
    pub dir: (f64, f64),
    pub length: f64,
    pub half_width: f64,
    /// The arrival date shown beside it.
    pub date: Option<String>,
    /// Points further back along the leg, nearest first: where the date goes when there is
    /// no room beside the arrowhead.
    pub along: Vec<(f64, f64)>,
}

impl Arrow {
    /// Tip, left barb, right barb.
    pub fn points(&self) -> [(f64, f64); 3] {
        let (dx, dy) = self.dir;
        let base = (self.tip.0 - dx * self.length, self.tip.1 - dy * self.length);
        let (nx, ny) = (-dy, dx);
        [
            self.tip,
            (base.0 + nx * self.half_width, base.1 + ny * self.half_width),
            (base.0 - nx * self.half_width, base.1 - ny * self.half_width),
        ]
    }

    /// The box around it.
    pub fn bounds(&self) -> Rect {
        let p = self.points();
        Rect::new(
            p.iter().map(|q| q.0).fold(f64::INFINITY, f64::min),
            p.iter().map(|q| q.1).fold(f64::INFINITY, f64::min),
            p.iter().map(|q| q.0).fold(f64::NEG_INFINITY, f64::max),
            p.iter().map(|q| q.1).fold(f64::NEG_INFINITY, f64::max),
        )
    }

    /// The middle of the arrowhead, where its date label is anchored.
    pub fn centre(&self) -> (f64, f64) {
        (
            self.tip.0 - self.dir.0 * self.length * 0.5,
            self.tip.1 - self.dir.1 * self.length * 0.5,
        )
    }
}

/// Most places along a leg, behind its arrowhead, tried for the arrival date.
const DATE_SLOTS: usize = 6;

/// A route ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct DrawnRoute {
    pub id: String,
    pub name: Option<String>,
    pub color: Color,
    pub width: f64,
    pub style: LineStyle,
    /// Pixel polylines, leg by leg (a leg cut at the map's edge gives several).
    pub lines: Vec<Vec<(f64, f64)>>,
    pub arrows: Vec<Arrow>,
}

/// Formats ISO dates for the map: "2022-09-15" → "15 Sept" (with the year when the scene's
/// dates span several years), "2022-09-15T18:30" → "15 Sept 18:30" (the time kept as hours
/// and minutes, any seconds or zone dropped); other text is kept as written.
pub(crate) fn short_date(text: &str, with_year: bool) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "March", "April", "May", "June", "July", "Aug", "Sept", "Oct", "Nov", "Dec",
    ];
    if let Some((day, minute)) = parse_when(text) {
        let (y, m, d) = civil_from_days(day);
        let mut out = format!("{d} {}", MONTHS[m as usize - 1]);
        if with_year {
            out.push_str(&format!(" {y}"));
        }
        if let Some(minute) = minute {
            out.push_str(&format!(" {:02}:{:02}", minute / 60, minute % 60));
        }
        return out;
    }
    let parts: Vec<&str> = text.trim().split('-').collect();
    match parts.as_slice() {
        [y, m] if y.len() == 4 && m.len() == 2 => match m.parse::<usize>() {
            Ok(m @ 1..=12) => format!("{} {y}", MONTHS[m - 1]),
            _ => text.to_string(),
        },
        _ => text.to_string(),
    }
}

fn to_points(line: &LineString<f64>) -> Vec<(f64, f64)> {
    line.0.iter().map(|c| (c.x, c.y)).collect()
}

fn length(pts: &[(f64, f64)]) -> f64 {
    pts.windows(2)
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .sum()
}

/// The point `d` px before the end of `pts`, and the unit direction of travel there.
fn back_from_end(pts: &[(f64, f64)], d: f64) -> Option<((f64, f64), (f64, f64))> {
    let mut left = d;
    for w in pts.windows(2).rev() {
        let (a, b) = (w[0], w[1]);
        let seg = (b.0 - a.0).hypot(b.1 - a.1);
        if seg < 1e-9 {
            continue;
        }
        let dir = ((b.0 - a.0) / seg, (b.1 - a.1) / seg);
        if seg >= left {
            let t = (seg - left) / seg;
            return Some(((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t), dir));
        }
        left -= seg;
    }
    None
}

/// Bends a polyline gently to the left of travel (`side` 1) or right (`side` -1).
fn bend(pts: &[(f64, f64)], side: f64) -> Vec<(f64, f64)> {
    let (Some(&a), Some(&b)) = (pts.first(), pts.last()) else {
        return pts.to_vec();
    };
    let chord = (b.0 - a.0).hypot(b.1 - a.1);
    if chord < 1.0 {
        return pts.to_vec();
    }
    let total = length(pts);
    let (nx, ny) = ((b.1 - a.1) / chord, -(b.0 - a.0) / chord);
    let sag = (chord * 0.1).min(50.0) * side;
    // Resample so short, straight legs curve smoothly too.
    let n = ((total / 8.0).ceil() as usize).clamp(8, 400);
    let mut out = Vec::with_capacity(n + 1);
    let mut walked = 0.0;
    let mut k = 0;
    for i in 0..=n {
        let target = total * i as f64 / n as f64;
        while k + 1 < pts.len() - 1 && walked + seg_len(pts, k) < target {
            walked += seg_len(pts, k);
            k += 1;
        }
        let sl = seg_len(pts, k).max(1e-9);
        let t = ((target - walked) / sl).clamp(0.0, 1.0);
        let p = (
            pts[k].0 + (pts[k + 1].0 - pts[k].0) * t,
            pts[k].1 + (pts[k + 1].1 - pts[k].1) * t,
        );
        let u = i as f64 / n as f64;
        let off = sag * (std::f64::consts::PI * u).sin();
        out.push((p.0 + nx * off, p.1 + ny * off));
    }
    out
}

fn seg_len(pts: &[(f64, f64)], k: usize) -> f64 {
    let (a, b) = (pts[k], pts[k + 1]);
    (b.0 - a.0).hypot(b.1 - a.1)
}

/// Projects every route of the scene.
pub(crate) fn project_routes(
    scene: &ResolvedScene,
    t: &MapTransform,
    popts: &PipelineOptions,
    palette: &Palette,
    pins: &[Pin],
) -> Result<Vec<DrawnRoute>, LayoutError> {
    let years: std::collections::BTreeSet<String> = scene
        .routes
        .iter()
        .flat_map(|r| r.stops.iter().filter_map(|s| s.date.as_ref()))
        .filter_map(|d| d.get(..4).map(str::to_string))
        .collect();
    let with_year = years.len() > 1;
    // Legs by their ends, to find legs that would hide each other.
    let legs: Vec<((f64, f64), (f64, f64))> = scene
        .routes
        .iter()
        .flat_map(|r| {
            r.stops
                .windows(2)
                .map(|w| (w[0].place.lon_lat(), w[1].place.lon_lat()))
        })
        .collect();
    let mut seen_legs: Vec<((f64, f64), (f64, f64))> = Vec::new();
    let mut out = Vec::new();
    for (i, r) in scene.routes.iter().enumerate() {
        let color = palette.routes[i];
        let width = r.spec.width.unwrap_or(2.5);
        let mut lines = Vec::new();
        let mut arrows = Vec::new();
        for w in r.stops.windows(2) {
            let (a, b) = (w[0].place.lon_lat(), w[1].place.lon_lat());
            if same_place(a, b) {
                continue;
            }
            let arc = great_circle(a, b, ROUTE_STEP_KM).map_err(|e| LayoutError::Geometry {
                what: format!("routes[{i}] leg {} to {}", w[0].place.name, w[1].place.name),
                message: e.to_string(),
            })?;
            let line = LineString::new(arc.iter().map(|&(x, y)| Coord { x, y }).collect());
            let px =
                project_geometry(t, &MultiLineString::new(vec![line]), popts).map_err(|e| {
                    LayoutError::Geometry {
                        what: format!("routes[{i}]"),
                        message: e.to_string(),
                    }
                })?;
            let mut pieces: Vec<Vec<(f64, f64)>> =
                px.0.iter().map(to_points).filter(|p| p.len() > 1).collect();
            let twins = legs
                .iter()
                .filter(|&&(p, q)| {
                    (same_place(p, a) && same_place(q, b)) || (same_place(p, b) && same_place(q, a))
                })
                .count();
            let side = match r.spec.curve {
                CurveSpec::Straight => 0.0,
                CurveSpec::Curved => 1.0,
                CurveSpec::Auto if twins > 1 => {
                    let same_dir = seen_legs
                        .iter()
                        .filter(|&&(p, q)| same_place(p, a) && same_place(q, b))
                        .count();
                    if same_dir % 2 == 0 {
                        1.0
                    } else {
                        -1.0
                    }
                }
                CurveSpec::Auto => 0.0,
            };
            seen_legs.push((a, b));
            if side != 0.0 && pieces.len() == 1 {
                pieces[0] = bend(&pieces[0], side);
            }
            let end_px = t.to_px(b.0, b.1);
            let stop_radius = pins
                .iter()
                .find(|p| same_place(p.lon_lat, b))
                .map_or(4.0, |p| p.radius());
            let arrow_len = 10.0 + width * 1.2;
            let half_width = 4.0 + width * 0.6;
            let date = w[1].date.as_deref().map(|d| short_date(d, with_year));
            let last = pieces.last();
            let ends_at_stop = match (last.and_then(|p| p.last()), end_px) {
                (Some(e), Some(s)) => (e.0 - s.0).hypot(e.1 - s.1) < 3.0,
                _ => false,
            };
            if r.spec.arrows {
                let found = if ends_at_stop {
                    last.filter(|p| length(p) > stop_radius + 3.0 + arrow_len + 6.0)
                        .map(|p| (p, stop_radius + 3.0))
                } else {
                    // The stop is off the map: put the arrow mid-way along the longest piece.
                    pieces
                        .iter()
                        .max_by(|x, y| length(x).total_cmp(&length(y)))
                        .filter(|p| length(p) > arrow_len * 3.0)
                        .map(|p| (p, length(p) / 2.0))
                };
                if let Some((piece, back)) = found {
                    if let Some((tip, dir)) = back_from_end(piece, back) {
                        // Beyond the arrowhead, every 1.5 arrow lengths up to half the leg.
                        let room = length(piece) - back - arrow_len;
                        let along = (1..=DATE_SLOTS)
                            .map(|k| arrow_len + arrow_len * 1.5 * k as f64)
                            .take_while(|&d| d < room * 0.5)
                            .filter_map(|d| back_from_end(piece, back + d).map(|(p, _)| p))
                            .collect();
                        arrows.push(Arrow {
                            tip,
                            dir,
                            length: arrow_len,
                            half_width,
                            date,
                            along,
                        });
                    }
                }
            }
            lines.extend(pieces);
        }
        out.push(DrawnRoute {
            id: format!(
                "route-{}",
                r.spec
                    .name
                    .as_deref()
                    .map(slug)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| (i + 1).to_string())
            ),
            name: r.spec.name.clone(),
            color,
            width,
            style: palette.route_styles[i],
            lines,
            arrows,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_short() {
        assert_eq!(short_date("2022-09-15", false), "15 Sept");
        assert_eq!(short_date("2022-09-15", true), "15 Sept 2022");
        assert_eq!(short_date("2022-02", false), "Feb 2022");
        assert_eq!(short_date("mid-September", false), "mid-September");
        assert_eq!(short_date("2022-13-01", false), "2022-13-01");
        // A time is kept compactly, never printed raw.
        assert_eq!(short_date("2022-09-14T12:00", false), "14 Sept 12:00");
        assert_eq!(
            short_date("2022-09-14 08:05:00Z", true),
            "14 Sept 2022 08:05"
        );
    }

    #[test]
    fn arrows_point_the_way_of_travel() {
        let pts = [(0.0, 0.0), (100.0, 0.0)];
        let (p, dir) = back_from_end(&pts, 10.0).expect("long enough");
        assert_eq!(p, (90.0, 0.0));
        assert_eq!(dir, (1.0, 0.0));
        assert!(back_from_end(&pts, 120.0).is_none());
    }

    #[test]
    fn bends_keep_their_ends() {
        let pts = [(0.0, 0.0), (200.0, 0.0)];
        let b = bend(&pts, 1.0);
        let (first, last) = (b[0], b[b.len() - 1]);
        assert!(first.0.abs() < 1e-9 && (last.0 - 200.0).abs() < 1e-9);
        // Travelling east in screen space, left is up (negative y).
        assert!(b[b.len() / 2].1 < -15.0);
    }
}

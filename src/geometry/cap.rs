//! Clipping lon/lat geometry to a visible spherical cap (the hemisphere of an
//! orthographic globe, or the drawable disc of other azimuthal kinds) before
//! projecting, in the spirit of d3's `clipCircle` but simpler:
//!
//! * Lines are cut where they leave the cap; the exit/entry point is found by
//!   bisection along the great-circle segment, so it lies on the horizon.
//! * Polygon rings keep their visible vertices; each run of hidden vertices
//!   is replaced by the exact exit and entry points joined by an arc along the
//!   horizon that follows the hidden vertices' azimuths around the centre
//!   (sampled every [`HORIZON_STEP_DEG`]). A ring with no visible vertex is
//!   dropped, so a ring that hides every vertex yet surrounds the whole
//!   visible cap is lost (not an issue for land polygons).

use geo::{Bearing, Destination, Haversine, InterpolatePoint, Point};

use super::central_angle_deg;
use super::great_circle::check_point;
use super::GeometryError;

/// Spacing of points laid along the horizon, in degrees of azimuth.
pub const HORIZON_STEP_DEG: f64 = 2.0;

/// Mean Earth radius used by geo's Haversine, metres.
const R_M: f64 = 6_371_008.8;

/// Bisection steps: 2^-40 of a segment is far below a pixel.
const BISECT_STEPS: usize = 40;

/// A visible cap: centre lon/lat and angular radius in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cap {
    /// Centre, lon/lat degrees.
    pub centre: (f64, f64),
    /// Angular radius in degrees of arc, in (0, 180].
    pub radius: f64,
}

impl Cap {
    /// Validates a cap.
    pub fn new(centre: (f64, f64), radius: f64) -> Result<Self, GeometryError> {
        check_point(centre)?;
        if !(radius.is_finite() && radius > 0.0 && radius <= 180.0) {
            return Err(GeometryError::InvalidStep(radius));
        }
        Ok(Cap { centre, radius })
    }

    /// True if `p` is inside the cap (with a hair of tolerance so that points
    /// placed on the horizon by this module count as visible).
    pub fn contains(&self, p: (f64, f64)) -> bool {
        central_angle_deg(self.centre, p) <= self.radius + 1e-9
    }

    /// Point where the great-circle segment between `inside` and `outside`
    /// meets the horizon.
    fn crossing(&self, inside: (f64, f64), outside: (f64, f64)) -> (f64, f64) {
        let (a, b) = (Point::from(inside), Point::from(outside));
        let (mut lo, mut hi) = (0.0, 1.0);
        for _ in 0..BISECT_STEPS {
            let mid = (lo + hi) / 2.0;
            let p = Haversine.point_at_ratio_between(a, b, mid);
            if self.contains((p.x(), p.y())) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let p = Haversine.point_at_ratio_between(a, b, lo);
        (p.x(), p.y())
    }

    fn azimuth(&self, p: (f64, f64)) -> f64 {
        Haversine.bearing(Point::from(self.centre), Point::from(p))
    }

    fn horizon_point(&self, azimuth: f64) -> (f64, f64) {
        // Slightly inside so the projection never rejects it.
        let d = (self.radius - 1e-7).to_radians() * R_M;
        let p = Haversine.destination(Point::from(self.centre), azimuth, d);
        (p.x(), p.y())
    }

    /// Appends horizon points from azimuth `from` to `to`, turning the short way.
    fn arc(&self, out: &mut Vec<(f64, f64)>, from: f64, to: f64) {
        let delta = (to - from + 540.0).rem_euclid(360.0) - 180.0;
        let n = (delta.abs() / HORIZON_STEP_DEG).ceil() as usize;
        for i in 1..n {
            out.push(self.horizon_point(from + delta * i as f64 / n as f64));
        }
    }
}

/// Cuts a lon/lat polyline into the pieces visible inside `cap`.
pub fn clip_line_to_cap(
    line: &[(f64, f64)],
    cap: &Cap,
) -> Result<Vec<Vec<(f64, f64)>>, GeometryError> {
    for &p in line {
        check_point(p)?;
    }
    let mut pieces = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut prev: Option<((f64, f64), bool)> = None;
    for &p in line {
        let vis = cap.contains(p);
        match (prev, vis) {
            (Some((q, true)), false) => {
                current.push(cap.crossing(q, p));
                pieces.push(std::mem::take(&mut current));
            }
            (Some((q, false)), true) => {
                current.push(cap.crossing(p, q));
                current.push(p);
            }
            (_, true) => current.push(p),
            (_, false) => {}
        }
        prev = Some((p, vis));
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces.retain(|p| !p.is_empty());
    Ok(pieces)
}

/// Clips one closed lon/lat ring to `cap` (see the module docs). Returns the
/// closed ring, or `None` if no vertex is visible.
pub fn clip_ring_to_cap(
    ring: &[(f64, f64)],
    cap: &Cap,
) -> Result<Option<Vec<(f64, f64)>>, GeometryError> {
    for &p in ring {
        check_point(p)?;
    }
    let mut pts = ring.to_vec();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    let vis: Vec<bool> = pts.iter().map(|&p| cap.contains(p)).collect();
    let Some(start) = vis.iter().position(|&v| v) else {
        return Ok(None);
    };
    if vis.iter().all(|&v| v) {
        pts.push(pts[0]);
        return Ok(Some(pts));
    }
    let n = pts.len();
    let mut out = Vec::with_capacity(n + 16);
    // Walk from a visible vertex so every hidden run has both neighbours.
    let mut hidden_az: Option<f64> = None;
    for k in 0..=n {
        let i = (start + k) % n;
        let prev = (start + k + n - 1) % n;
        let p = pts[i];
        match (vis[prev], vis[i]) {
            (true, false) if k > 0 => {
                let exit = cap.crossing(pts[prev], p);
                out.push(exit);
                let (a0, a1) = (cap.azimuth(exit), cap.azimuth(p));
                cap.arc(&mut out, a0, a1);
                out.push(cap.horizon_point(a1));
                hidden_az = Some(a1);
            }
            (false, false) if k > 0 => {
                let a1 = cap.azimuth(p);
                if let Some(a0) = hidden_az {
                    cap.arc(&mut out, a0, a1);
                }
                out.push(cap.horizon_point(a1));
                hidden_az = Some(a1);
            }
            (false, true) if k > 0 => {
                let entry = cap.crossing(p, pts[prev]);
                if let Some(a0) = hidden_az.take() {
                    cap.arc(&mut out, a0, cap.azimuth(entry));
                }
                out.push(entry);
                out.push(p);
            }
            _ => out.push(p),
        }
    }
    out.dedup();
    if out.len() < 4 {
        return Ok(None);
    }
    if out.first() != out.last() {
        out.push(out[0]);
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hemisphere() -> Cap {
        Cap::new((0.0, 0.0), 90.0).expect("cap")
    }

    #[test]
    fn line_is_cut_at_the_horizon() {
        let line: Vec<(f64, f64)> = (0..=20).map(|i| (i as f64 * 10.0, 0.0)).collect();
        let pieces = clip_line_to_cap(&line, &hemisphere()).expect("clip");
        assert_eq!(pieces.len(), 1);
        let end = *pieces[0].last().expect("end");
        assert!((end.0 - 90.0).abs() < 1e-6, "{end:?}");
    }

    #[test]
    fn line_reentering_gives_two_pieces() {
        let line = vec![
            (80.0, 0.0),
            (100.0, 0.0),
            (100.0, 80.0),
            (80.0, 80.0),
            (60.0, 60.0),
        ];
        let pieces = clip_line_to_cap(&line, &hemisphere()).expect("clip");
        assert_eq!(pieces.len(), 2, "{pieces:?}");
    }

    #[test]
    fn ring_half_hidden_is_closed_along_the_horizon() {
        let ring = vec![
            (60.0, -10.0),
            (120.0, -10.0),
            (120.0, 10.0),
            (60.0, 10.0),
            (60.0, -10.0),
        ];
        let out = clip_ring_to_cap(&ring, &hemisphere())
            .expect("ok")
            .expect("visible");
        let cap = hemisphere();
        assert!(out.iter().all(|&p| cap.contains(p)));
        let on_horizon = out
            .iter()
            .filter(|&&p| (central_angle_deg((0.0, 0.0), p) - 90.0).abs() < 1e-5)
            .count();
        assert!(on_horizon >= 2, "{out:?}");
    }

    #[test]
    fn hidden_ring_is_dropped_and_bad_input_rejected() {
        let ring = vec![(170.0, 0.0), (175.0, 0.0), (175.0, 5.0), (170.0, 0.0)];
        assert!(clip_ring_to_cap(&ring, &hemisphere())
            .expect("ok")
            .is_none());
        assert!(Cap::new((0.0, 0.0), f64::NAN).is_err());
        assert!(clip_ring_to_cap(&[(f64::NAN, 0.0)], &hemisphere()).is_err());
    }
}

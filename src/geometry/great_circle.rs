//! Great-circle densification and geodesic distance.

use geo::{Distance, Geodesic, Haversine, InterpolatePoint, Point};

use super::central_angle_deg;
use super::GeometryError;

/// Legs are never split into more pieces than this, so a tiny
/// `max_segment_km` cannot exhaust memory.
pub const MAX_POINTS_PER_LEG: usize = 100_000;

/// Endpoints closer than this (degrees of arc) to antipodal have no
/// well-conditioned great circle.
const ANTIPODAL_TOLERANCE_DEG: f64 = 1e-6;

pub(crate) fn check_point(p: (f64, f64)) -> Result<(), GeometryError> {
    if p.0.is_finite() && p.1.is_finite() && p.1.abs() <= 90.0 {
        Ok(())
    } else {
        Err(GeometryError::InvalidCoordinate { lon: p.0, lat: p.1 })
    }
}

/// Points along the great circle from `a` to `b` (lon/lat degrees), no two
/// consecutive ones more than `max_segment_km` apart, both ends included.
///
/// Longitudes are wrapped into [-180, 180] as geo returns them, so a leg
/// across the antimeridian jumps from +180 to -180; pass the result through
/// [`crate::geometry::cut_line_at_meridian`] before drawing. Identical
/// endpoints give the two-point line `[a, b]`; antipodal endpoints (whose
/// great circle is undefined) are an error.
pub fn great_circle(
    a: (f64, f64),
    b: (f64, f64),
    max_segment_km: f64,
) -> Result<Vec<(f64, f64)>, GeometryError> {
    check_point(a)?;
    check_point(b)?;
    if !(max_segment_km.is_finite() && max_segment_km > 0.0) {
        return Err(GeometryError::InvalidStep(max_segment_km));
    }
    let angle = central_angle_deg(a, b);
    if angle >= 180.0 - ANTIPODAL_TOLERANCE_DEG {
        return Err(GeometryError::Antipodal { a, b });
    }
    if angle == 0.0 {
        return Ok(vec![a, b]);
    }
    let length_km = Haversine.distance(Point::from(a), Point::from(b)) / 1000.0;
    let step_km = max_segment_km.max(length_km / MAX_POINTS_PER_LEG as f64);
    let mut out: Vec<(f64, f64)> = Haversine
        .points_along_line(Point::from(a), Point::from(b), step_km * 1000.0, true)
        .map(|p| (p.x(), p.y()))
        .collect();
    // Exact ends, so chained legs share vertices bit for bit.
    if let Some(first) = out.first_mut() {
        *first = a;
    }
    if let Some(last) = out.last_mut() {
        *last = b;
    }
    if out.iter().any(|p| !p.0.is_finite() || !p.1.is_finite()) {
        return Err(GeometryError::Antipodal { a, b });
    }
    Ok(out)
}

/// Densifies a whole route leg by leg (see [`great_circle`]); shared vertices
/// appear once.
pub fn great_circle_route(
    stops: &[(f64, f64)],
    max_segment_km: f64,
) -> Result<Vec<(f64, f64)>, GeometryError> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    if let [only] = stops {
        check_point(*only)?;
        return Ok(vec![*only]);
    }
    for leg in stops.windows(2) {
        let pts = great_circle(leg[0], leg[1], max_segment_km)?;
        let skip = usize::from(!out.is_empty());
        out.extend(pts.into_iter().skip(skip));
    }
    Ok(out)
}

/// Ellipsoidal (WGS84) geodesic distance in kilometres between two lon/lat points.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> Result<f64, GeometryError> {
    check_point(a)?;
    check_point(b)?;
    let d = Geodesic.distance(Point::from(a), Point::from(b)) / 1000.0;
    if d.is_finite() {
        Ok(d)
    } else {
        Err(GeometryError::InvalidCoordinate { lon: b.0, lat: b.1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_respect_the_maximum_length() {
        let pts = great_circle((-77.036, 38.895), (139.692, 35.690), 100.0).expect("gc");
        assert!(pts.len() > 100);
        for w in pts.windows(2) {
            let d = Haversine.distance(Point::from(w[0]), Point::from(w[1])) / 1000.0;
            assert!(d <= 100.0 + 1e-6, "{d}");
        }
        assert_eq!(pts[0], (-77.036, 38.895));
        assert_eq!(*pts.last().expect("last"), (139.692, 35.690));
    }

    #[test]
    fn washington_tokyo_passes_near_the_arctic() {
        let pts = great_circle((-77.036, 38.895), (139.692, 35.690), 50.0).expect("gc");
        let north = pts.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert!(north > 60.0 && north < 75.0, "{north}");
    }

    #[test]
    fn antimeridian_legs_are_wrapped() {
        let pts = great_circle((170.0, 0.0), (-170.0, 0.0), 100.0).expect("gc");
        assert!(pts.iter().all(|p| p.0.abs() <= 180.0));
        assert!(pts.iter().any(|p| p.0 > 179.0) && pts.iter().any(|p| p.0 < -179.0));
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(
            great_circle((1.0, 2.0), (1.0, 2.0), 10.0).expect("same"),
            vec![(1.0, 2.0), (1.0, 2.0)]
        );
        assert!(matches!(
            great_circle((0.0, 0.0), (180.0, 0.0), 10.0),
            Err(GeometryError::Antipodal { .. })
        ));
        assert!(great_circle((f64::NAN, 0.0), (1.0, 1.0), 10.0).is_err());
        assert!(great_circle((0.0, 0.0), (1.0, 1.0), 0.0).is_err());
        assert!(great_circle((0.0, 0.0), (1.0, 1.0), f64::NAN).is_err());
        // A silly step is capped instead of allocating forever.
        let pts = great_circle((0.0, 0.0), (90.0, 0.0), 1e-12).expect("capped");
        assert!(pts.len() <= MAX_POINTS_PER_LEG + 2);
    }

    #[test]
    fn geodesic_distance_matches_reference() {
        // Paris–London on WGS84 is about 343.9 km.
        let d = distance_km((2.3522, 48.8566), (-0.1278, 51.5074)).expect("d");
        assert!((d - 343.9).abs() < 1.0, "{d}");
        assert!(distance_km((0.0, 0.0), (0.0, 95.0)).is_err());
    }

    #[test]
    fn routes_chain_legs_without_duplicates() {
        let r = great_circle_route(&[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)], 500.0).expect("r");
        assert_eq!(r.iter().filter(|p| **p == (10.0, 0.0)).count(), 1);
    }
}

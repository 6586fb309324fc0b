//! Choosing a scale bar: a round distance and its length in pixels.

use crate::geometry::GeometryError;
use crate::geometry::{check_point, distance_km};
use crate::project::MapTransform;

/// Bisection steps when solving for the bar's pixel length.
const SOLVE_STEPS: usize = 60;

/// Geodesic length (km) of a horizontal bar of `len_px` centred on pixel `c`.
fn bar_km(t: &MapTransform, c: (f64, f64), len_px: f64) -> Result<f64, GeometryError> {
    let a = t.from_px(c.0 - len_px / 2.0, c.1);
    let b = t.from_px(c.0 + len_px / 2.0, c.1);
    match (a, b) {
        (Some(a), Some(b)) => distance_km(a, b),
        _ => Err(GeometryError::InvalidCoordinate { lon: c.0, lat: c.1 }),
    }
}

/// Round distances 1, 2, 5 × 10^n km.
fn nice_candidates(around_km: f64) -> [f64; 6] {
    let p = 10f64.powf(around_km.log10().floor());
    [p, 2.0 * p, 5.0 * p, 10.0 * p, 0.5 * p, 20.0 * p]
}

/// Picks a round distance (1, 2 or 5 × 10^n km) whose horizontal bar,
/// centred on `centre` (lon/lat), is close to `target_px` long, and returns
/// `(km, px)`. The pixel length is solved so that the geodesic distance
/// between the bar's ends matches `km` (well within 1%), so it is honest
/// even where the projection's scale varies.
pub fn scale_bar_length(
    t: &MapTransform,
    centre: (f64, f64),
    target_px: f64,
) -> Result<(f64, f64), GeometryError> {
    check_point(centre)?;
    if !(target_px.is_finite() && target_px > 0.0) {
        return Err(GeometryError::InvalidStep(target_px));
    }
    let c = t
        .to_px(centre.0, centre.1)
        .ok_or(GeometryError::InvalidCoordinate {
            lon: centre.0,
            lat: centre.1,
        })?;
    let at_target = bar_km(t, c, target_px)?;
    if at_target.is_nan() || at_target <= 0.0 {
        return Err(GeometryError::InvalidStep(at_target));
    }
    // Closest in ratio, so 1.4× too long and 1.4× too short weigh the same.
    let km = nice_candidates(at_target)
        .into_iter()
        .min_by(|a, b| {
            (a / at_target)
                .ln()
                .abs()
                .total_cmp(&(b / at_target).ln().abs())
        })
        .unwrap_or(at_target);
    // Bar length grows with pixel length; bracket, then bisect.
    let (mut lo, mut hi) = (0.0, target_px);
    let mut grow = 0;
    while bar_km(t, c, hi)? < km {
        lo = hi;
        hi *= 2.0;
        grow += 1;
        if grow > 8 {
            return Err(GeometryError::InvalidStep(km));
        }
    }
    for _ in 0..SOLVE_STEPS {
        let mid = (lo + hi) / 2.0;
        if bar_km(t, c, mid)? < km {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok((km, (lo + hi) / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Canvas, Projection, ProjectionKind};

    fn check(t: &MapTransform, centre: (f64, f64), target: f64) -> (f64, f64) {
        let (km, px) = scale_bar_length(t, centre, target).expect("bar");
        let mant = km / 10f64.powf(km.log10().floor());
        assert!(
            [1.0, 2.0, 5.0].iter().any(|m| (mant - m).abs() < 1e-9),
            "{km} is not round"
        );
        assert!(px > target / 2.6 && px < target * 2.6, "{px} vs {target}");
        let c = t.to_px(centre.0, centre.1).expect("c");
        let a = t.from_px(c.0 - px / 2.0, c.1).expect("a");
        let b = t.from_px(c.0 + px / 2.0, c.1).expect("b");
        let d = distance_km(a, b).expect("d");
        assert!((d - km).abs() / km < 0.01, "{d} vs {km}");
        (km, px)
    }

    #[test]
    fn bars_are_round_and_geodesically_accurate() {
        let canvas = Canvas::sized(1600.0, 1000.0);
        let cases = [
            (ProjectionKind::Mercator, (0.0, 60.0), 3000.0),
            (ProjectionKind::LambertConformalConic, (10.0, 50.0), 1500.0),
            (ProjectionKind::TransverseMercator, (2.35, 48.85), 5.0),
            (ProjectionKind::EqualEarth, (-150.0, 0.0), 8000.0),
        ];
        for (kind, centre, radius) in cases {
            let proj = Projection::centred(kind, centre.0, centre.1).expect("proj");
            let t =
                MapTransform::fit_centre_radius(proj, centre, radius, canvas, 20.0).expect("fit");
            check(&t, centre, 150.0);
        }
    }

    #[test]
    fn mercator_bar_at_60n_is_twice_as_long_in_px_as_at_the_equator() {
        let proj = Projection::centred(ProjectionKind::Mercator, 0.0, 0.0).expect("proj");
        let t = MapTransform::fit_centre_radius(
            proj,
            (0.0, 0.0),
            5000.0,
            Canvas::sized(1000.0, 1000.0),
            0.0,
        )
        .expect("fit");
        let (km0, px0) = check(&t, (0.0, 0.0), 100.0);
        let (km60, px60) = check(&t, (0.0, 60.0), 100.0);
        let ratio = (px60 / km60) / (px0 / km0);
        assert!((ratio - 2.0).abs() < 0.02, "{ratio}");
    }

    #[test]
    fn bad_inputs() {
        let proj = Projection::centred(ProjectionKind::Mercator, 0.0, 0.0).expect("proj");
        let t = MapTransform::fit_centre_radius(
            proj,
            (0.0, 0.0),
            500.0,
            Canvas::sized(100.0, 100.0),
            0.0,
        )
        .expect("fit");
        assert!(scale_bar_length(&t, (0.0, 0.0), f64::NAN).is_err());
        assert!(scale_bar_length(&t, (0.0, 0.0), 0.0).is_err());
        assert!(scale_bar_length(&t, (f64::INFINITY, 0.0), 10.0).is_err());
    }
}

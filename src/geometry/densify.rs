//! Densifying lon/lat paths along the short way round.
//!
//! Natural Earth's 1:110m and 1:50m rings cross the antimeridian in one step
//! (Chukotka's coast goes from 179.99° to -179.43°; Fiji's islands straddle it), and
//! a ring round a pole (Antarctica) steps from -180° to 178°. Interpolating such a
//! step in plain lon/lat runs the long way round the globe: on a map without a seam
//! (azimuthal kinds, the locator globe) the ring becomes a band round the pole. Here
//! every step is taken the short way instead: longitudes are unwrapped so that
//! consecutive ones differ by at most 180° (the result may leave [-180, 180], which
//! projecting wraps back), then long steps get evenly spaced points, as geo's
//! `Euclidean.densify` places them.

/// Adds points to `path` so that no step is longer than `max_step_deg` (Euclidean,
/// in degrees). With `short_way`, longitudes are first unwrapped so that each step
/// is the short way round; a closed ring then stays closed on the sphere (a ring
/// round a pole ends 360° from where it starts, the same point). Without it, steps
/// are taken as given, as seam-cut pieces need (their edges along the seam span
/// the whole map).
pub fn densify_lonlat(path: &[(f64, f64)], max_step_deg: f64, short_way: bool) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(path.len());
    let mut prev: Option<(f64, f64)> = None;
    for &(lon, lat) in path {
        let Some(a) = prev else {
            out.push((lon, lat));
            prev = Some((lon, lat));
            continue;
        };
        let b = if short_way {
            (a.0 + wrap_step(lon - a.0), lat)
        } else {
            (lon, lat)
        };
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let n = (dx.hypot(dy) / max_step_deg).ceil();
        if n > 1.0 && n.is_finite() {
            let frac = 1.0 / n;
            for i in 1..n as u64 {
                let r = frac * i as f64;
                out.push((a.0 + dx * r, a.1 + dy * r));
            }
        }
        out.push(b);
        prev = Some(b);
    }
    out
}

/// A longitude difference brought into [-180, 180].
fn wrap_step(d: f64) -> f64 {
    if (-180.0..=180.0).contains(&d) {
        d
    } else {
        d - 360.0 * (d / 360.0).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Densify, Euclidean};
    use geo_types::LineString;

    #[test]
    fn a_step_across_the_antimeridian_goes_the_short_way() {
        let out = densify_lonlat(&[(179.0, 65.0), (-179.0, 66.0)], 1.0, true);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(out.windows(2).all(|w| (w[1].0 - w[0].0).abs() <= 1.0));
        assert!((out[3].0 - 181.0).abs() < 1e-9, "{out:?}");
        let long_way = densify_lonlat(&[(179.0, 65.0), (-179.0, 66.0)], 1.0, false);
        assert!(long_way.len() > 300, "{}", long_way.len());
    }

    #[test]
    fn a_ring_round_the_pole_ends_a_turn_from_its_start() {
        let ring = [
            (-180.0, -80.0),
            (-60.0, -70.0),
            (60.0, -70.0),
            (178.0, -80.0),
            (-180.0, -80.0),
        ];
        let out = densify_lonlat(&ring, 5.0, true);
        let last = *out.last().expect("points");
        assert!((last.0 - 180.0).abs() < 1e-9, "{last:?}");
        assert!(out
            .windows(2)
            .all(|w| (w[1].0 - w[0].0).abs() <= 5.0 + 1e-9));
    }

    #[test]
    fn paths_that_stay_on_one_side_are_densified_as_geo_does() {
        let pts = vec![(10.0, 40.0), (14.5, 47.25), (9.0, 41.0), (10.0, 40.0)];
        let geo = Euclidean.densify(&LineString::from(pts.clone()), 1.0);
        let ours = densify_lonlat(&pts, 1.0, true);
        assert_eq!(ours, densify_lonlat(&pts, 1.0, false));
        let theirs: Vec<(f64, f64)> = geo.coords().map(|c| (c.x, c.y)).collect();
        assert_eq!(ours, theirs);
    }
}

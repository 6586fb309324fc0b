// Tolerances follow d3-geo's test/projection/asserts.js: 1e-6 for round trips.
use super::*;
use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

const EPS: f64 = 1e-9;

fn close(a: (f64, f64), b: (f64, f64), eps: f64) -> bool {
    (a.0 - b.0).abs() <= eps && (a.1 - b.1).abs() <= eps
}

fn p(kind: ProjectionKind) -> Projection {
    Projection::centred(kind, 0.0, 0.0).expect("projection")
}

fn round_trip_grid(proj: &Projection) -> usize {
    let mut checked = 0;
    // Azimuthal kinds are ill-conditioned right at their rim, so the grid
    // stays a few degrees inside it, as d3's tests do.
    let inner = proj.visible_cap().map(|(c, r)| (c, r - 5.0));
    let mut lat = -89.0;
    while lat <= 89.0 {
        let mut lon = -180.0;
        while lon <= 180.0 {
            if let Some((c, r)) = inner {
                if central_angle_deg(c, (lon, lat)) > r {
                    lon += 7.5;
                    continue;
                }
            }
            // proj4rs' Robinson inverse fails on the outer meridian and near
            // the pole lines (|lat| > 85°): a known limitation.
            let rel = normalize_lon(lon - proj.params().lon0).abs();
            let robinson_corner =
                proj.kind() == ProjectionKind::Robinson && (lat.abs() > 85.0 || rel >= 179.9);
            if robinson_corner {
                lon += 7.5;
                continue;
            }
            if let Some((x, y)) = proj.forward(lon, lat) {
                let back = proj
                    .inverse(x, y)
                    .unwrap_or_else(|| panic!("{} inverse failed at {lon},{lat}", proj.kind()));
                let err = central_angle_deg((lon, lat), back);
                // proj4rs' Robinson forward is quantised to ~2e-5° (about
                // 1e-4 px on a 1600 px world map), so its round trip cannot
                // reach 1e-6°.
                let tol = if proj.kind() == ProjectionKind::Robinson {
                    5e-5
                } else {
                    1e-6
                };
                assert!(
                    err < tol,
                    "{} {:?}: ({lon},{lat}) -> ({x},{y}) -> {back:?}, err {err}",
                    proj.kind(),
                    proj.params()
                );
                checked += 1;
            }
            lon += 7.5;
        }
        lat += 4.0;
    }
    checked
}

#[test]
fn every_kind_round_trips_within_1e_6_degrees() {
    for kind in ProjectionKind::ALL {
        for (lon0, lat0) in [(0.0, 0.0), (150.0, 40.0), (-100.0, -35.0)] {
            let lat0 = if kind == ProjectionKind::Stereographic {
                90.0f64.copysign(lat0)
            } else {
                lat0
            };
            let proj = Projection::new(
                kind,
                ProjectionParams {
                    lon0,
                    lat0,
                    parallels: if lat0 < 0.0 {
                        (-20.0, -50.0)
                    } else {
                        (25.0, 55.0)
                    },
                    rotation: 10.0,
                },
            )
            .expect("projection");
            let n = round_trip_grid(&proj);
            assert!(n > 50, "{kind}: only {n} visible grid points");
        }
    }
}

#[test]
fn mercator_known_values() {
    let m = p(ProjectionKind::Mercator);
    let (x, y) = m.forward(0.0, 45.0).expect("visible");
    assert!(close((x, y), (0.0, (67.5f64.to_radians()).tan().ln()), EPS));
    let (x, _) = m.forward(180.0, 0.0).expect("visible");
    assert!((x - PI).abs() < EPS);
    assert!(m.forward(0.0, 89.0).is_none(), "beyond the web-map limit");
}

#[test]
fn equal_earth_known_values() {
    let (a1, a2, a3, a4) = (1.340264, -0.081106, 0.000893, 0.003796);
    let e = p(ProjectionKind::EqualEarth);
    let (x, y) = e.forward(180.0, 0.0).expect("visible");
    assert!(
        (x - 2.0 * 3f64.sqrt() * PI / (3.0 * a1)).abs() < 1e-6,
        "{x}"
    );
    assert!(y.abs() < EPS);
    let t = PI / 3.0;
    let y_pole = a1 * t + a2 * t.powi(3) + a3 * t.powi(7) + a4 * t.powi(9);
    let (_, y) = e.forward(0.0, 90.0).expect("visible");
    assert!((y - y_pole).abs() < 1e-6, "{y} vs {y_pole}");
}

#[test]
fn robinson_known_values() {
    let r = p(ProjectionKind::Robinson);
    let (x, _) = r.forward(180.0, 0.0).expect("visible");
    assert!((x - 0.8487 * PI).abs() < 1e-6, "{x}");
    let (_, y) = r.forward(0.0, 90.0).expect("visible");
    assert!((y - 1.3523).abs() < 1e-6, "{y}");
}

#[test]
fn orthographic_hides_the_back_hemisphere() {
    let o = Projection::centred(ProjectionKind::Orthographic, 10.0, 0.0).expect("ortho");
    assert!(close(
        o.forward(100.0, 0.0).expect("limb"),
        (1.0, 0.0),
        1e-9
    ));
    assert!(o.forward(-170.0, 0.0).is_none());
    assert!(o.forward(10.0, -91.0).is_none());
    assert!(o.inverse(1.5, 0.0).is_none(), "outside the disc");
}

#[test]
fn azimuthal_and_cylindrical_known_values() {
    let a = p(ProjectionKind::AzimuthalEquidistant);
    assert!(close(
        a.forward(0.0, 90.0).expect("pole"),
        (0.0, FRAC_PI_2),
        EPS
    ));
    let s = Projection::centred(ProjectionKind::Stereographic, 0.0, 90.0).expect("stere");
    assert!(close(
        s.forward(0.0, 0.0).expect("equator"),
        (0.0, -2.0),
        1e-9
    ));
    let t = p(ProjectionKind::TransverseMercator);
    assert!(close(
        t.forward(0.0, 45.0).expect("cm"),
        (0.0, FRAC_PI_4),
        EPS
    ));
    assert!(t.forward(90.0, 0.0).is_none(), "singular point of tmerc");
    let q = p(ProjectionKind::Equirectangular);
    assert!(close(
        q.forward(90.0, 45.0).expect("eqc"),
        (FRAC_PI_2, FRAC_PI_4),
        EPS
    ));
}

#[test]
fn conic_known_values_match_snyder_formulas() {
    let (p1, p2, lat0) = (33f64.to_radians(), 45f64.to_radians(), 23f64.to_radians());
    let params = ProjectionParams {
        lon0: -96.0,
        lat0: 23.0,
        parallels: (33.0, 45.0),
        rotation: 0.0,
    };
    let (lon, lat) = (-75f64, 35f64);
    let (lam, phi) = ((lon + 96.0).to_radians(), lat.to_radians());

    let t = |f: f64| (FRAC_PI_4 + f / 2.0).tan();
    let n = (p1.cos() / p2.cos()).ln() / (t(p2) / t(p1)).ln();
    let f = p1.cos() * t(p1).powf(n) / n;
    let (rho, rho0) = (f / t(phi).powf(n), f / t(lat0).powf(n));
    let lcc = Projection::new(ProjectionKind::LambertConformalConic, params).expect("lcc");
    let want = (rho * (n * lam).sin(), rho0 - rho * (n * lam).cos());
    assert!(close(lcc.forward(lon, lat).expect("lcc"), want, 1e-9));

    let n = (p1.sin() + p2.sin()) / 2.0;
    let c = p1.cos().powi(2) + 2.0 * n * p1.sin();
    let rho = |f: f64| (c - 2.0 * n * f.sin()).sqrt() / n;
    let aea = Projection::new(ProjectionKind::Albers, params).expect("aea");
    let want = (
        rho(phi) * (n * lam).sin(),
        rho(lat0) - rho(phi) * (n * lam).cos(),
    );
    assert!(close(aea.forward(lon, lat).expect("aea"), want, 1e-9));
}

#[test]
fn seam_sides_stay_apart() {
    let e = Projection::centred(ProjectionKind::EqualEarth, 150.0, 0.0).expect("ee");
    assert_eq!(e.seam_lon(), Some(-30.0));
    let west = e.forward(150.0 - 180.0, 10.0).expect("west edge");
    let east = e.forward(150.0 + 180.0, 10.0).expect("east edge");
    assert!(west.0 < -2.0 && east.0 > 2.0, "{west:?} {east:?}");
}

#[test]
fn rotation_turns_the_plane_clockwise() {
    let params = ProjectionParams {
        rotation: 90.0,
        ..Default::default()
    };
    let q = Projection::new(ProjectionKind::Equirectangular, params).expect("eqc");
    let (x, y) = q.forward(0.0, 45.0).expect("visible");
    assert!(close((x, y), (FRAC_PI_4, 0.0), 1e-12), "{x},{y}");
}

#[test]
fn non_finite_inputs_are_rejected() {
    let mut params = ProjectionParams {
        lon0: f64::NAN,
        ..Default::default()
    };
    assert!(Projection::new(ProjectionKind::Mercator, params).is_err());
    params.lon0 = 0.0;
    params.lat0 = 95.0;
    assert!(Projection::new(ProjectionKind::Orthographic, params).is_err());
    params.lat0 = 0.0;
    params.parallels = (20.0, -20.0);
    assert!(Projection::new(ProjectionKind::LambertConformalConic, params).is_err());
    let m = p(ProjectionKind::Mercator);
    assert!(m.forward(f64::NAN, 0.0).is_none());
    assert!(m.forward(0.0, f64::INFINITY).is_none());
    assert!(m.inverse(f64::NAN, 0.0).is_none());
}

#[test]
fn longitudes_in_range_normalize_as_rem_euclid_does() {
    let slow = |lon: f64| {
        let l = (lon + 180.0).rem_euclid(360.0) - 180.0;
        if l >= 180.0 {
            l - 360.0
        } else {
            l
        }
    };
    let mut lons = vec![
        -180.0,
        180.0,
        -180.0 - 1e-13,
        180.0 - 1e-13,
        -1e-300,
        -0.0,
        0.0,
        359.999_999,
        540.0,
        -540.0,
        1e6 + 0.1,
    ];
    lons.extend((-4000..=4000).map(|i| f64::from(i) * 0.173_205_080_756_887_7));
    for lon in lons {
        assert_eq!(normalize_lon(lon).to_bits(), slow(lon).to_bits(), "{lon}");
    }
}

#[test]
fn many_points_project_as_each_does_alone() {
    let grid: Vec<(f64, f64)> = (-36..=36)
        .flat_map(|i| (-18..=18).map(move |j| (f64::from(i) * 5.0 + 0.3, f64::from(j) * 5.0)))
        .collect();
    for kind in ProjectionKind::ALL {
        let proj = Projection::centred(kind, 66.96, 39.65).expect("a projection");
        // Only visible points, as callers give, then every point: some kinds fail on the far
        // side, and one failure makes each point go alone.
        let visible: Vec<(f64, f64)> = grid
            .iter()
            .copied()
            .filter(|&(lon, lat)| proj.is_visible(lon, lat))
            .collect();
        for points in [&visible, &grid] {
            let alone: Vec<Option<(u64, u64)>> = points
                .iter()
                .map(|&(lon, lat)| proj.forward_visible(lon, lat))
                .map(|p| p.map(|(x, y)| (x.to_bits(), y.to_bits())))
                .collect();
            let together: Vec<Option<(u64, u64)>> = proj
                .forward_visible_all(points)
                .into_iter()
                .map(|p| p.map(|(x, y)| (x.to_bits(), y.to_bits())))
                .collect();
            assert_eq!(together, alone, "{kind:?}");
        }
    }
}

use super::*;
use crate::project::{auto_projection, GeoExtent, ProjectionKind};

fn trip() -> Vec<(f64, f64)> {
    vec![
        (-77.036, 38.895),
        (139.692, 35.690),
        (149.129, -35.281),
        (-157.858, 21.307),
    ]
}

fn inside(t: &MapTransform, p: (f64, f64), canvas: Canvas, pad: f64) -> bool {
    let (x, y) = t.to_px(p.0, p.1).expect("visible");
    let e = 1e-6;
    (canvas.x + pad - e..=canvas.x + canvas.width - pad + e).contains(&x)
        && (canvas.y + pad - e..=canvas.y + canvas.height - pad + e).contains(&y)
}

#[test]
fn fitted_features_touch_the_padded_frame_and_are_centred() {
    let ext = GeoExtent::from_points(&trip()).expect("extent");
    let proj = auto_projection(&ext).expect("proj");
    let canvas = Canvas::sized(1600.0, 1000.0);
    let features = FitFeatures {
        points: trip(),
        ..FitFeatures::default()
    };
    let t = MapTransform::fit(proj, &features, canvas, 40.0).expect("fit");
    let px: Vec<(f64, f64)> = trip()
        .iter()
        .map(|p| t.to_px(p.0, p.1).expect("px"))
        .collect();
    let (x0, x1) = px
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (y0, y1) = px
        .iter()
        .fold((f64::MAX, f64::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let touches_x = (x0 - 40.0).abs() < 1e-6 && (x1 - 1560.0).abs() < 1e-6;
    let touches_y = (y0 - 40.0).abs() < 1e-6 && (y1 - 960.0).abs() < 1e-6;
    assert!(touches_x || touches_y, "{x0} {x1} {y0} {y1}");
    assert!(((x0 + x1) / 2.0 - 800.0).abs() < 1e-6);
    assert!(((y0 + y1) / 2.0 - 500.0).abs() < 1e-6);
}

#[test]
fn px_round_trip() {
    let proj = Projection::centred(ProjectionKind::LambertConformalConic, 10.0, 50.0).expect("p");
    let bbox = GeoBbox {
        west: -10.0,
        south: 35.0,
        east: 30.0,
        north: 60.0,
    };
    let canvas = Canvas::sized(800.0, 600.0);
    let t = MapTransform::fit_bbox(proj, &bbox, canvas, 10.0).expect("fit");
    for p in [(-10.0, 35.0), (30.0, 60.0), (30.0, 35.0), (-10.0, 60.0)] {
        assert!(inside(&t, p, canvas, 10.0));
        let (x, y) = t.to_px(p.0, p.1).expect("px");
        let back = t.from_px(x, y).expect("back");
        assert!(
            (back.0 - p.0).abs() < 1e-7 && (back.1 - p.1).abs() < 1e-7,
            "{back:?}"
        );
    }
}

#[test]
fn lines_are_fitted_by_their_great_circle_bulge() {
    let proj = Projection::centred(ProjectionKind::EqualEarth, -170.0, 0.0).expect("p");
    let canvas = Canvas::sized(1000.0, 500.0);
    let line = vec![(-77.036, 38.895), (139.692, 35.690)];
    let f = FitFeatures {
        lines: vec![line.clone()],
        ..FitFeatures::default()
    };
    let t = MapTransform::fit(proj, &f, canvas, 0.0).expect("fit");
    for p in great_circle_route(&line, 50.0).expect("gc") {
        assert!(inside(&t, p, canvas, 0.0), "{p:?}");
    }
}

#[test]
fn centre_radius_and_single_point() {
    let proj = Projection::centred(ProjectionKind::TransverseMercator, 2.35, 48.85).expect("p");
    let canvas = Canvas::sized(500.0, 500.0);
    let t = MapTransform::fit_centre_radius(proj.clone(), (2.35, 48.85), 10.0, canvas, 0.0)
        .expect("fit");
    let (x, y) = t.to_px(2.35, 48.85).expect("centre");
    assert!((x - 250.0).abs() < 0.5 && (y - 250.0).abs() < 0.5);
    // 10 km east of the centre is about the right edge.
    let (xe, _) = t
        .to_px(2.35 + 10.0 / (111.2 * 48.85f64.to_radians().cos()), 48.85)
        .expect("e");
    assert!((xe - 500.0).abs() < 5.0, "{xe}");
    let single = FitFeatures {
        points: vec![(2.35, 48.85)],
        ..FitFeatures::default()
    };
    assert!(MapTransform::fit(proj, &single, canvas, 0.0).is_ok());
}

#[test]
fn bad_inputs_are_errors() {
    let proj = Projection::centred(ProjectionKind::Mercator, 0.0, 0.0).expect("p");
    let f = FitFeatures {
        points: vec![(0.0, 0.0), (1.0, 1.0)],
        ..FitFeatures::default()
    };
    assert!(MapTransform::fit(proj.clone(), &f, Canvas::sized(100.0, 100.0), 60.0).is_err());
    assert!(MapTransform::fit(proj.clone(), &f, Canvas::sized(f64::NAN, 100.0), 0.0).is_err());
    assert!(MapTransform::fit(
        proj.clone(),
        &FitFeatures::default(),
        Canvas::sized(9.0, 9.0),
        0.0
    )
    .is_err());
    let bad = FitFeatures {
        points: vec![(f64::NAN, 0.0)],
        ..FitFeatures::default()
    };
    assert!(MapTransform::fit(proj.clone(), &bad, Canvas::sized(9.0, 9.0), 0.0).is_err());
    let c = Canvas::sized(9.0, 9.0);
    assert!(MapTransform::fit_centre_radius(proj.clone(), (0.0, 0.0), -1.0, c, 0.0).is_err());
    assert!(MapTransform::fit_centre_radius(proj, (0.0, 0.0), f64::INFINITY, c, 0.0).is_err());
}

/// A lone marker (`--mark "Springfield, Illinois"`) gets a regional context a few
/// hundred km across, not ~100 km of empty land.
#[test]
fn a_lone_point_gets_a_regional_context() {
    let springfield = (-89.65, 39.80);
    let proj = Projection::centred(
        ProjectionKind::TransverseMercator,
        springfield.0,
        springfield.1,
    )
    .expect("p");
    let canvas = Canvas::sized(1600.0, 1000.0);
    let single = FitFeatures {
        points: vec![springfield],
        ..FitFeatures::default()
    };
    let t = MapTransform::fit(proj, &single, canvas, 40.0).expect("fit");
    let (w, e) = (
        t.from_px(0.0, 500.0).expect("w"),
        t.from_px(1600.0, 500.0).expect("e"),
    );
    let (n, s) = (
        t.from_px(800.0, 0.0).expect("n"),
        t.from_px(800.0, 1000.0).expect("s"),
    );
    let across = crate::geometry::distance_km(w, e).expect("km");
    let down = crate::geometry::distance_km(n, s).expect("km");
    assert!(
        across.min(down) >= 400.0 && across.max(down) <= 2000.0,
        "{across:.0} km by {down:.0} km"
    );
}

/// Highlighted polygons whose rings step across the antimeridian (Chukotka) are
/// measured the short way round, not as parallels round the globe.
#[test]
fn a_ring_across_the_antimeridian_fits_the_short_way() {
    let chukotka = Polygon::new(
        geo_types::LineString::from(vec![
            (170.0, 64.0),
            (-170.0, 64.0),
            (-170.0, 70.0),
            (170.0, 70.0),
            (170.0, 64.0),
        ]),
        vec![],
    );
    let proj = Projection::centred(ProjectionKind::AzimuthalEquidistant, 180.0, 90.0).expect("p");
    let canvas = Canvas::sized(1000.0, 1000.0);
    let f = FitFeatures {
        polygons: vec![chukotka],
        ..FitFeatures::default()
    };
    let t = MapTransform::fit(proj, &f, canvas, 0.0).expect("fit");
    let span = crate::geometry::distance_km(
        t.from_px(0.0, 500.0).expect("w"),
        t.from_px(1000.0, 500.0).expect("e"),
    )
    .expect("km");
    assert!(span < 2000.0, "{span:.0} km across for a 900 km box");
}

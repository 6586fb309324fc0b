//! Property tests: routes drawn under automatically chosen projections never
//! jump across the map.

use super::*;
use crate::geometry::{cut_line_at_meridian, great_circle, great_circle_route};
use crate::project::{
    auto_projection, Canvas, FitFeatures, GeoExtent, MapTransform, Projection, ProjectionKind,
    ProjectionParams,
};
use geo_types::{LineString, MultiLineString};

const WASHINGTON: (f64, f64) = (-77.036, 38.895);
const TOKYO: (f64, f64) = (139.692, 35.690);
const CANBERRA: (f64, f64) = (149.129, -35.281);
const HONOLULU: (f64, f64) = (-157.858, 21.307);
const OSLO: (f64, f64) = (10.739, 59.913);
const LONGYEARBYEN: (f64, f64) = (15.647, 78.223);
const ANCHORAGE: (f64, f64) = (-149.900, 61.218);

/// Geographic step of the densified routes.
const STEP_KM: f64 = 20.0;
/// Largest allowed pixel gap between consecutive vertices, as a fraction of
/// the frame diagonal: a 20 km step is far below this on any of these maps,
/// while a seam jump spans most of the map.
const MAX_JUMP: f64 = 0.02;

fn canvas() -> Canvas {
    Canvas::sized(1600.0, 1000.0)
}

fn auto_fit(stops: &[(f64, f64)]) -> MapTransform {
    let extent = GeoExtent::from_lines(&[stops.to_vec()]).expect("extent");
    let proj = auto_projection(&extent).expect("auto");
    let features = FitFeatures {
        lines: vec![stops.to_vec()],
        points: stops.to_vec(),
        ..FitFeatures::default()
    };
    MapTransform::fit(proj, &features, canvas(), 30.0).expect("fit")
}

/// Draws the route (seam cut, projected, unclipped, unsimplified) and checks
/// every consecutive pair of vertices; returns the number of pieces.
fn assert_no_jumps(t: &MapTransform, stops: &[(f64, f64)]) -> usize {
    let route = great_circle_route(stops, STEP_KM).expect("route");
    let pieces = match t.projection.seam_lon() {
        Some(s) => cut_line_at_meridian(&route, s).expect("cut"),
        None => vec![route],
    };
    let c = canvas();
    let limit = MAX_JUMP * c.width.hypot(c.height);
    for piece in &pieces {
        let px: Vec<(f64, f64)> = piece
            .iter()
            .map(|p| t.to_px(p.0, p.1).expect("route point visible"))
            .collect();
        for w in px.windows(2) {
            let d = (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1);
            assert!(
                d < limit,
                "{}: jump of {d} px at {w:?}",
                t.projection.kind()
            );
        }
    }
    // The full pipeline must agree: same no-jump property after clipping and
    // simplifying (simplification only removes vertices along straight runs).
    let ml = MultiLineString::new(vec![LineString::from(
        great_circle_route(stops, STEP_KM).expect("route"),
    )]);
    let mut opts = PipelineOptions::for_canvas(c);
    opts.tolerance_px = 0.0;
    let drawn = project_geometry(t, &ml, &opts).expect("pipeline");
    for l in &drawn {
        for seg in l.lines() {
            let d = seg.dx().hypot(seg.dy());
            assert!(d < limit, "pipeline jump of {d} px: {seg:?}");
        }
    }
    pieces.len()
}

#[test]
fn pacific_trip_has_no_jumps_under_the_auto_projection() {
    let stops = [WASHINGTON, TOKYO, CANBERRA, HONOLULU, WASHINGTON];
    let t = auto_fit(&stops);
    assert_eq!(t.projection.kind(), ProjectionKind::EqualEarth);
    // Centred on the Pacific, the whole loop is drawn in one piece.
    assert_eq!(assert_no_jumps(&t, &stops), 1);
    for s in stops {
        let (x, y) = t.to_px(s.0, s.1).expect("stop");
        assert!((0.0..=1600.0).contains(&x) && (0.0..=1000.0).contains(&y));
    }
}

#[test]
fn arctic_trip_has_no_jumps_under_the_auto_projection() {
    let stops = [OSLO, LONGYEARBYEN, ANCHORAGE];
    let t = auto_fit(&stops);
    assert_eq!(t.projection.kind(), ProjectionKind::AzimuthalEquidistant);
    assert_eq!(assert_no_jumps(&t, &stops), 1);
}

#[test]
fn pacific_trip_on_a_europe_centred_map_is_cut_not_streaked() {
    let stops = [WASHINGTON, TOKYO, CANBERRA, HONOLULU, WASHINGTON];
    let proj = Projection::centred(ProjectionKind::EqualEarth, 0.0, 0.0).expect("proj");
    let f = FitFeatures {
        lines: vec![stops.to_vec()],
        ..FitFeatures::default()
    };
    let t = MapTransform::fit(proj, &f, canvas(), 30.0).expect("fit");
    assert!(assert_no_jumps(&t, &stops) >= 2);
}

#[test]
fn random_routes_never_jump_in_any_cylindrical_or_conic_view() {
    let mut seed: u64 = 7;
    let mut rnd = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let kinds = [
        ProjectionKind::EqualEarth,
        ProjectionKind::Robinson,
        ProjectionKind::Equirectangular,
        ProjectionKind::Mercator,
    ];
    for i in 0..40 {
        let lon0 = rnd() * 360.0 - 180.0;
        let kind = kinds[i % kinds.len()];
        let params = ProjectionParams {
            lon0,
            ..ProjectionParams::default()
        };
        let proj = Projection::new(kind, params).expect("proj");
        let bbox = crate::project::GeoBbox {
            west: -180.0,
            south: -80.0,
            east: 180.0,
            north: 80.0,
        };
        let t = MapTransform::fit_bbox(proj, &bbox, canvas(), 0.0).expect("fit");
        let a = (rnd() * 360.0 - 180.0, rnd() * 140.0 - 70.0);
        let b = (rnd() * 360.0 - 180.0, rnd() * 140.0 - 70.0);
        if crate::project::central_angle_deg(a, b) > 179.0 {
            continue;
        }
        let route = great_circle(a, b, STEP_KM).expect("gc");
        // Mercator cannot show the far north; keep routes it can draw.
        if route.iter().any(|p| !t.projection.is_visible(p.0, p.1)) {
            continue;
        }
        assert_no_jumps(&t, &[a, b]);
    }
}

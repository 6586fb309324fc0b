use super::*;
use crate::project::{Canvas, Projection, ProjectionParams};
use geo::Area;

fn world(kind: ProjectionKind, lon0: f64) -> MapTransform {
    let proj = Projection::centred(kind, lon0, 0.0).expect("proj");
    let bbox = crate::project::GeoBbox {
        west: -180.0,
        south: -89.0,
        east: 180.0,
        north: 89.0,
    };
    MapTransform::fit_bbox(proj, &bbox, Canvas::sized(1600.0, 1000.0), 0.0).expect("fit")
}

/// Longest edge, ignoring edges along the pole lines (flat in Equal Earth
/// and Robinson, and legitimately long after simplification).
fn max_edge(t: &MapTransform, mp: &MultiPolygon<f64>) -> f64 {
    let poles: Vec<f64> = [-90.0, 90.0]
        .iter()
        .filter_map(|&lat| t.to_px(t.projection.params().lon0, lat).map(|p| p.1))
        .collect();
    let on_pole = |y: f64| poles.iter().any(|p| (p - y).abs() < 1e-6);
    mp.iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .flat_map(|r| r.lines())
        .filter(|l| !(on_pole(l.start.y) && on_pole(l.end.y)))
        .map(|l| l.dx().hypot(l.dy()))
        .fold(0.0, f64::max)
}

fn russia() -> Polygon<f64> {
    Polygon::new(
        LineString::from(vec![
            (30.0, 50.0),
            (170.0, 50.0),
            (-170.0, 65.0),
            (-170.0, 70.0),
            (170.0, 75.0),
            (30.0, 75.0),
            (30.0, 50.0),
        ]),
        vec![],
    )
}

fn antarctica() -> Polygon<f64> {
    let ring: Vec<(f64, f64)> = (0..=36)
        .map(|i| (-180.0 + 10.0 * i as f64, -70.0))
        .collect();
    Polygon::new(LineString::from(ring), vec![])
}

#[test]
fn seam_crossing_polygons_draw_without_streaks() {
    let mut opts = PipelineOptions::for_canvas(Canvas::sized(1600.0, 1000.0));
    // Unsimplified, every edge is a densified 1° step (parallels are straight
    // in Equal Earth, so simplification would legitimately merge them).
    opts.tolerance_px = 0.0;
    for lon0 in [0.0, 150.0, -150.0, 100.0] {
        let t = world(ProjectionKind::EqualEarth, lon0);
        let mp = MultiPolygon::new(vec![russia(), antarctica()]);
        let out = project_geometry(&t, &mp, &opts).expect("project");
        assert!(!out.0.is_empty());
        // Densified at 1°, an honest edge is a few px; a streak is hundreds.
        let m = max_edge(&t, &out);
        assert!(m < 80.0, "lon0 {lon0}: edge of {m} px");
        assert!(out.unsigned_area() > 1000.0);
    }
}

#[test]
fn antarctica_fills_the_bottom_of_the_world_map() {
    let t = world(ProjectionKind::EqualEarth, 150.0);
    let opts = PipelineOptions::for_canvas(Canvas::sized(1600.0, 1000.0));
    let out = project_geometry(&t, &MultiPolygon::new(vec![antarctica()]), &opts).expect("p");
    let ys: Vec<f64> = out
        .iter()
        .flat_map(|p| p.exterior().coords().map(|c| c.y))
        .collect();
    let bottom = ys.iter().cloned().fold(f64::MIN, f64::max);
    assert!(bottom > 990.0, "reaches the pole line: {bottom}");
}

#[test]
fn lines_are_cut_at_the_seam_and_clipped() {
    let t = world(ProjectionKind::Robinson, 0.0);
    let opts = PipelineOptions::for_canvas(Canvas::sized(1600.0, 1000.0));
    let ml = MultiLineString::new(vec![LineString::from(vec![(170.0, 10.0), (-170.0, 10.0)])]);
    let out = project_geometry(&t, &ml, &opts).expect("p");
    assert_eq!(out.0.len(), 2, "{out:?}");
}

#[test]
fn orthographic_keeps_only_the_visible_hemisphere() {
    let params = ProjectionParams {
        lon0: 0.0,
        lat0: 20.0,
        ..ProjectionParams::default()
    };
    let proj = Projection::new(ProjectionKind::Orthographic, params).expect("ortho");
    let canvas = Canvas::sized(500.0, 500.0);
    let t = MapTransform::fit_centre_radius(proj, (0.0, 20.0), 10_007.0, canvas, 0.0).expect("fit");
    let mp = MultiPolygon::new(vec![russia(), antarctica()]);
    let opts = PipelineOptions::for_canvas(canvas);
    let out = project_geometry(&t, &mp, &opts).expect("p");
    assert!(!out.0.is_empty());
    let (cx, cy) = (t.tx, t.ty);
    for c in out.iter().flat_map(|p| p.exterior().coords()) {
        assert!((c.x - cx).hypot(c.y - cy) <= t.scale + 1e-6, "{c:?}");
    }
    let ml = MultiLineString::new(vec![LineString::from(vec![(0.0, 0.0), (179.0, 0.0)])]);
    let lines = project_geometry(&t, &ml, &opts).expect("p");
    assert_eq!(lines.0.len(), 1);
}

#[test]
fn mercator_clamps_polar_latitudes() {
    let t = world(ProjectionKind::Mercator, 0.0);
    let opts = PipelineOptions::for_canvas(Canvas::sized(1600.0, 1000.0));
    let out = project_geometry(&t, &MultiPolygon::new(vec![antarctica()]), &opts).expect("p");
    assert!(out
        .iter()
        .flat_map(|p| p.exterior().coords())
        .all(|c| c.x.is_finite() && c.y.is_finite()));
}

#[test]
fn invalid_options_and_coordinates_are_errors() {
    let t = world(ProjectionKind::EqualEarth, 0.0);
    let mut opts = PipelineOptions::for_canvas(Canvas::sized(100.0, 100.0));
    opts.densify_deg = 0.0;
    let mp = MultiPolygon::new(vec![russia()]);
    assert!(project_geometry(&t, &mp, &opts).is_err());
    let opts = PipelineOptions::for_canvas(Canvas::sized(100.0, 100.0));
    let bad = MultiLineString::new(vec![LineString::from(vec![(0.0, f64::NAN), (1.0, 1.0)])]);
    assert!(project_geometry(&t, &bad, &opts).is_err());
}

#[test]
fn a_polygon_around_the_antipode_is_not_drawn() {
    let frame = Canvas::sized(800.0, 800.0);
    for kind in [
        ProjectionKind::AzimuthalEquidistant,
        ProjectionKind::LambertConformalConic,
    ] {
        let lat0 = if kind == ProjectionKind::AzimuthalEquidistant {
            90.0
        } else {
            50.0
        };
        let proj = Projection::new(
            kind,
            ProjectionParams {
                lon0: 10.0,
                lat0,
                parallels: (40.0, 60.0),
                rotation: 0.0,
            },
        )
        .expect("projection");
        let t =
            MapTransform::fit_centre_radius(proj, (10.0, 70.0), 3000.0, frame, 0.0).expect("fit");
        // Its coast alone, as the basemap draws it: a wavy ring round the pole.
        let coast: Vec<(f64, f64)> = (0..=72)
            .map(|i| {
                let lon = -180.0 + 5.0 * i as f64;
                (lon, -70.0 + 6.0 * (lon.to_radians() * 3.0).sin())
            })
            .collect();
        let land = MultiPolygon::new(vec![Polygon::new(LineString::from(coast), vec![])]);
        let out =
            project_geometry(&t, &land, &PipelineOptions::for_canvas(frame)).expect("pipeline");
        assert!(out.0.is_empty(), "{kind:?}: {} polygons drawn", out.0.len());
    }
}

#[test]
fn a_window_changes_no_pixel_area() {
    use crate::basemap::{load, Detail, Layer};
    // Central Asia on a conic, as the SCO example draws it.
    let frame = Canvas::sized(1600.0, 1000.0);
    let proj = Projection::new(
        ProjectionKind::LambertConformalConic,
        ProjectionParams {
            lon0: 75.0,
            lat0: 45.0,
            parallels: (35.0, 55.0),
            rotation: 0.0,
        },
    )
    .expect("projection");
    let t = MapTransform::fit_centre_radius(proj, (70.0, 45.0), 2000.0, frame, 0.0).expect("fit");
    let plain = PipelineOptions::for_canvas(frame);
    let windowed = plain.windowed(&t);
    let window = windowed.window.expect("a regional map has a window");
    assert!(
        window.visible,
        "the window lies inside the conic's visible cap"
    );
    let inside = Rect::new(0.0, 0.0, 1600.0, 1000.0).expect("rect");
    let area = |opts: &PipelineOptions| -> f64 {
        load(Detail::D50m, Layer::Land)
            .expect("land")
            .iter()
            .filter_map(|f| f.geometry.polygons())
            .map(|p| project_geometry(&t, p, opts).expect("pipeline"))
            .flat_map(|mp| mp.0)
            .filter_map(|p| {
                crate::geometry::clip_polygon_to_rect(&p, &inside)
                    .ok()
                    .flatten()
            })
            .map(|p| p.unsigned_area())
            .sum()
    };
    let (a, b) = (area(&plain), area(&windowed));
    assert!(a > 100_000.0, "land is drawn: {a}");
    assert!((a - b).abs() < 1e-6 * a, "plain {a} px², windowed {b} px²");
}

/// Whether pixel `p` is filled when every ring of `mp` is drawn as one even-odd
/// path, as the renderer draws land.
fn filled_evenodd(mp: &MultiPolygon<f64>, p: (f64, f64)) -> bool {
    let mut inside = false;
    for ring in mp
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
    {
        for l in ring.lines() {
            let (a, b) = (l.start, l.end);
            if (a.y > p.1) != (b.y > p.1) && p.0 < a.x + (p.1 - a.y) / (b.y - a.y) * (b.x - a.x) {
                inside = !inside;
            }
        }
    }
    inside
}

fn basemap_polygons(
    detail: crate::basemap::Detail,
    layer: crate::basemap::Layer,
) -> MultiPolygon<f64> {
    let features = crate::basemap::load(detail, layer).expect("basemap");
    MultiPolygon::new(
        features
            .iter()
            .filter_map(|f| f.geometry.polygons())
            .flat_map(|mp| mp.0.iter().cloned())
            .collect(),
    )
}

/// Natural Earth's coarse rings step across the antimeridian (Chukotka, Wrangel
/// Island, Fiji); on maps with no seam they must not become bands round the pole.
#[test]
fn polar_land_covers_land_and_leaves_the_arctic_ocean_open() {
    use crate::basemap::{Detail, Layer};
    let ocean = [
        (0.0, 88.0),
        (-150.0, 80.0),
        (150.0, 81.0),
        (60.0, 85.0),
        (-170.0, 73.0),
    ];
    let land = [
        (-150.0, 66.0),
        (100.0, 66.0),
        (-45.0, 72.0),
        (160.0, 66.0),
        (-100.0, 60.0),
    ];
    for (kind, centre) in [
        (ProjectionKind::AzimuthalEquidistant, (0.0, 90.0)),
        (ProjectionKind::Stereographic, (-100.0, 90.0)),
        (ProjectionKind::Orthographic, (67.0, 40.0)),
    ] {
        let proj = Projection::centred(kind, centre.0, centre.1).expect("proj");
        let bbox = crate::project::GeoBbox {
            west: -180.0,
            south: 50.0,
            east: 180.0,
            north: 90.0,
        };
        let t =
            MapTransform::fit_bbox(proj, &bbox, Canvas::sized(1000.0, 1000.0), 0.0).expect("fit");
        let opts = PipelineOptions::for_canvas(Canvas::sized(1000.0, 1000.0)).windowed(&t);
        for detail in [Detail::D110m, Detail::D50m] {
            for layer in [Layer::Land, Layer::Countries] {
                let px = project_geometry(&t, &basemap_polygons(detail, layer), &opts)
                    .expect("pipeline");
                for &(lon, lat) in &ocean {
                    let p = t.to_px(lon, lat).expect("visible");
                    assert!(
                        !filled_evenodd(&px, p),
                        "{kind:?} {detail} {layer:?}: ocean at {lon},{lat} is filled"
                    );
                }
                for &(lon, lat) in &land {
                    let p = t.to_px(lon, lat).expect("visible");
                    assert!(
                        filled_evenodd(&px, p),
                        "{kind:?} {detail} {layer:?}: land at {lon},{lat} is not filled"
                    );
                }
            }
        }
    }
}

/// A leg across the antimeridian on a polar map is a short arc, not a loop round the
/// map (Oslo > Anchorage > Tokyo; Anchorage > Petropavlovsk-Kamchatsky).
#[test]
fn polar_routes_across_the_antimeridian_take_no_detour() {
    use crate::geometry::great_circle_route;
    let stops = [
        (10.75, 59.91),
        (-149.90, 61.22),
        (139.69, 35.69),
        (158.65, 53.02),
    ];
    let route = great_circle_route(&stops, 50.0).expect("route");
    let proj = Projection::centred(ProjectionKind::AzimuthalEquidistant, 0.0, 90.0).expect("proj");
    let bbox = crate::project::GeoBbox {
        west: -180.0,
        south: 30.0,
        east: 180.0,
        north: 90.0,
    };
    let canvas = Canvas::sized(1000.0, 1000.0);
    let t = MapTransform::fit_bbox(proj, &bbox, canvas, 0.0).expect("fit");
    let opts = PipelineOptions::for_canvas(canvas).windowed(&t);
    let line = MultiLineString::new(vec![LineString::from(route)]);
    let px = project_geometry(&t, &line, &opts).expect("pipeline");
    let drawn: f64 = px
        .iter()
        .flat_map(|l| l.lines())
        .map(|l| l.dx().hypot(l.dy()))
        .sum();
    let direct: f64 = stops
        .windows(2)
        .map(|w| {
            let (a, b) = (
                t.to_px(w[0].0, w[0].1).unwrap(),
                t.to_px(w[1].0, w[1].1).unwrap(),
            );
            (b.0 - a.0).hypot(b.1 - a.1)
        })
        .sum();
    assert!(
        drawn < 1.5 * direct,
        "route drawn {drawn:.0} px long for {direct:.0} px of chords"
    );
}

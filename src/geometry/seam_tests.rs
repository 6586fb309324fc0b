use super::*;
use geo::{Area, Haversine, InterpolatePoint, Point};

fn poly(points: &[(f64, f64)]) -> Polygon<f64> {
    Polygon::new(LineString::from(points.to_vec()), Vec::new())
}

fn lon_range(mp: &MultiPolygon<f64>) -> (f64, f64) {
    mp.iter()
        .flat_map(|p| p.exterior().coords())
        .fold((f64::MAX, f64::MIN), |(a, b), c| (a.min(c.x), b.max(c.x)))
}

#[test]
fn line_across_the_antimeridian_is_split_on_the_great_circle() {
    let pieces = cut_line_at_meridian(&[(170.0, 10.0), (-170.0, 10.0)], 180.0).expect("cut");
    assert_eq!(pieces.len(), 2);
    let end = *pieces[0].last().expect("end");
    let start = pieces[1][0];
    assert_eq!(end.0, 180.0);
    assert_eq!(start.0, -180.0);
    assert_eq!(end.1, start.1);
    let mid =
        Haversine.point_at_ratio_between(Point::new(170.0, 10.0), Point::new(-170.0, 10.0), 0.5);
    assert!((end.1 - mid.y()).abs() < 1e-9, "{} vs {}", end.1, mid.y());
    assert!(end.1 > 10.0, "great circle bulges poleward");
}

#[test]
fn lines_that_stay_on_one_side_are_unchanged() {
    let line = vec![(10.0, 0.0), (20.0, 5.0), (30.0, -5.0)];
    assert_eq!(cut_line_at_meridian(&line, 180.0).expect("cut"), vec![line]);
    assert!(cut_line_at_meridian(&[], 180.0).expect("empty").is_empty());
    assert!(cut_line_at_meridian(&[(0.0, f64::NAN)], 180.0).is_err());
    assert!(cut_line_at_meridian(&[(0.0, 0.0)], f64::INFINITY).is_err());
}

#[test]
fn custom_seam_for_a_pacific_centred_map() {
    // Centred on 150°E, the seam is 30°W.
    let pieces = cut_line_at_meridian(&[(-40.0, 0.0), (-20.0, 0.0)], -30.0).expect("cut");
    assert_eq!(pieces.len(), 2);
    assert_eq!(pieces[0], vec![(320.0, 0.0), (330.0, 0.0)]);
    assert_eq!(pieces[1], vec![(-30.0, 0.0), (-20.0, 0.0)]);
}

#[test]
fn points_on_the_seam_do_not_fake_a_crossing() {
    let line = vec![(170.0, 0.0), (180.0, 1.0), (-180.0, 2.0), (170.0, 3.0)];
    let pieces = cut_line_at_meridian(&line, 180.0).expect("cut");
    assert_eq!(pieces.len(), 1, "{pieces:?}");
}

#[test]
fn russia_like_polygon_is_split_in_two() {
    let p = poly(&[
        (30.0, 50.0),
        (170.0, 50.0),
        (-170.0, 65.0),
        (-170.0, 70.0),
        (170.0, 75.0),
        (30.0, 75.0),
        (30.0, 50.0),
    ]);
    let mp = cut_polygon_at_meridian(&p, 180.0).expect("cut");
    assert_eq!(mp.0.len(), 2, "{mp:?}");
    assert_eq!(lon_range(&mp), (-180.0, 180.0));
    let unwrapped = poly(&[
        (30.0, 50.0),
        (170.0, 50.0),
        (190.0, 65.0),
        (190.0, 70.0),
        (170.0, 75.0),
        (30.0, 75.0),
        (30.0, 50.0),
    ]);
    // The seam vertices sit on the great circle, a little poleward of the
    // straight lon/lat edges, so the area differs slightly.
    let grown = mp.unsigned_area() - unwrapped.unsigned_area();
    assert!(grown.abs() < 20.0, "{grown}");
}

#[test]
fn fiji_like_polygon_is_split_with_the_right_areas() {
    let p = poly(&[
        (177.0, -17.0),
        (-179.0, -17.0),
        (-179.0, -16.0),
        (177.0, -16.0),
        (177.0, -17.0),
    ]);
    let mp = cut_polygon_at_meridian(&p, 180.0).expect("cut");
    let mut areas: Vec<f64> = mp.iter().map(|p| p.unsigned_area()).collect();
    areas.sort_by(f64::total_cmp);
    assert_eq!(areas.len(), 2);
    assert!(
        (areas[0] - 1.0).abs() < 1e-3 && (areas[1] - 3.0).abs() < 1e-3,
        "{areas:?}"
    );
}

#[test]
fn ring_around_the_south_pole_is_closed_along_the_pole() {
    let ring: Vec<(f64, f64)> = (0..=36)
        .map(|i| (-180.0 + 10.0 * i as f64, -70.0))
        .collect();
    for seam in [180.0, -30.0, 0.0] {
        let mp = cut_polygon_at_meridian(&poly(&ring), seam).expect("cut");
        assert!(
            (mp.unsigned_area() - 360.0 * 20.0).abs() < 1e-6,
            "seam {seam}: {mp:?}"
        );
        let south = mp
            .iter()
            .flat_map(|p| p.exterior().coords())
            .fold(f64::MAX, |a, c| a.min(c.y));
        assert_eq!(south, -90.0);
    }
}

#[test]
fn natural_earth_style_antarctica_with_explicit_pole_edge() {
    let mut ring: Vec<(f64, f64)> = (0..=36)
        .map(|i| (-180.0 + 10.0 * i as f64, -70.0))
        .collect();
    ring.extend([(180.0, -90.0), (-180.0, -90.0), (-180.0, -70.0)]);
    for seam in [180.0, 30.0] {
        let mp = cut_polygon_at_meridian(&poly(&ring), seam).expect("cut");
        assert!(
            (mp.unsigned_area() - 7200.0).abs() < 1e-6,
            "seam {seam}: {mp:?}"
        );
    }
}

#[test]
fn holes_follow_their_exterior_across_the_seam() {
    let ext = LineString::from(vec![
        (170.0, -10.0),
        (-170.0, -10.0),
        (-170.0, 10.0),
        (170.0, 10.0),
        (170.0, -10.0),
    ]);
    let hole = LineString::from(vec![
        (-178.0, -2.0),
        (-176.0, -2.0),
        (-176.0, 2.0),
        (-178.0, 2.0),
        (-178.0, -2.0),
    ]);
    let mp = cut_polygon_at_meridian(&Polygon::new(ext, vec![hole]), 180.0).expect("cut");
    // 400 - 8, plus the great-circle bulge of the seam vertices (~0.15° × 20°).
    assert!(
        (mp.unsigned_area() - 395.0).abs() < 0.1,
        "{}",
        mp.unsigned_area()
    );
    assert_eq!(mp.iter().map(|p| p.interiors().len()).sum::<usize>(), 1);
}

#[test]
fn antimeridian_wrap_off_the_seam_becomes_continuous() {
    // Centred on 150°W, the seam is 30°E: a line across 180 is not cut.
    let pieces = cut_line_at_meridian(&[(179.0, 0.0), (-179.0, 0.0)], 30.0).expect("cut");
    assert_eq!(pieces, vec![vec![(-181.0, 0.0), (-179.0, 0.0)]]);
    let fiji = poly(&[
        (177.0, -17.0),
        (-179.0, -17.0),
        (-179.0, -16.0),
        (177.0, -16.0),
        (177.0, -17.0),
    ]);
    let mp = cut_polygon_at_meridian(&fiji, 30.0).expect("cut");
    assert_eq!(mp.0.len(), 1);
    assert!((mp.unsigned_area() - 4.0).abs() < 1e-9);
}

//! The itinerary timeline: a strip under the map with a row per dated route (who was where
//! on which date).
//!
//! [`rows`] reads the routes' ISO dates into positions in time; [`chart`] lays the strip out
//! (route names in a left column aligned with the frame, a date axis, a dot per dated stop
//! joined by the route's line, stop names placed by the label [`Placer`] so that none
//! collides); `render` writes it.

use super::labels::{Placer, PlacerOptions, PointLabel, Rect, TextAnchor};
use super::map::route_name;
use super::routes::short_date;
use super::text::{Fonts, Slant, TextStyle as Measure, Weight};
use super::{LayoutError, MapWarning};
use crate::project::Canvas;
use crate::scene::Palette;
use crate::scene::{Color, ResolvedScene};

/// Minutes in a day: the timeline's unit of time.
pub(crate) const DAY: i64 = 24 * 60;
/// Size of stop names and axis labels, px.
pub(crate) const LABEL_SIZE: f64 = 12.0;
/// Size of the route names, px.
pub(crate) const NAME_SIZE: f64 = 13.0;
/// Radius of a stop's dot, px.
pub(crate) const DOT_RADIUS: u32 = 4;
/// Space above the first row, px.
pub(crate) const TOP_PAD: f64 = 4.0;
/// Height of the date axis under the rows, px.
pub(crate) const AXIS_HEIGHT: f64 = 30.0;

/// A route as the timeline sees it: a name, a colour and its stops' labels and dates.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RouteDates {
    /// The traveller ("Xi Jinping"), or `None` for "Route 2".
    pub name: Option<String>,
    /// The route's line colour.
    pub color: Color,
    /// Each stop's label and date, in order of travel.
    pub stops: Vec<(String, Option<String>)>,
}

/// A dated stop on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimedStop {
    /// The stop's label.
    pub label: String,
    /// Its position in time, minutes since 1970-01-01.
    pub at: i64,
}

/// One row of the timeline: a route with at least one dated stop.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Row {
    /// Index of the route in the scene.
    pub route: usize,
    /// The name shown in the left column.
    pub name: String,
    /// The route's colour.
    pub color: Color,
    /// Dated stops, in order of travel.
    pub stops: Vec<TimedStop>,
}

/// The scene's routes with their colours, as [`rows`] takes them.
pub(crate) fn route_dates(scene: &ResolvedScene, palette: &Palette) -> Vec<RouteDates> {
    scene
        .routes
        .iter()
        .enumerate()
        .map(|(i, r)| RouteDates {
            name: r.spec.name.clone(),
            color: palette.routes[i],
            stops: r
                .stops
                .iter()
                .map(|s| (s.label.clone(), s.date.clone()))
                .collect(),
        })
        .collect()
}

/// The timeline's rows, in route order, and warnings about dates it cannot read. Routes
/// without an ISO date are left out; so are stops without one. Stops dated by day only are
/// spread through their day in order of travel, so that two stops on one day do not sit on
/// top of each other; a time of day (`2022-09-14T12:00`) places a stop exactly.
pub(crate) fn rows(routes: &[RouteDates]) -> (Vec<Row>, Vec<MapWarning>) {
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    for (i, r) in routes.iter().enumerate() {
        let who = route_name(r.name.as_deref(), i);
        let mut dated: Vec<(String, i64, Option<i64>)> = Vec::new();
        for (j, (label, date)) in r.stops.iter().enumerate() {
            let Some(date) = date.as_deref().filter(|d| !d.trim().is_empty()) else {
                continue;
            };
            match parse_when(date) {
                Some((day, minute)) => dated.push((label.clone(), day, minute)),
                None => warnings.push(MapWarning::UnreadableDate {
                    date: date.to_string(),
                    stop: j + 1,
                    route: who.clone(),
                }),
            }
        }
        if dated.is_empty() {
            continue;
        }
        let mut stops = Vec::with_capacity(dated.len());
        let mut k = 0;
        while k < dated.len() {
            // A run of consecutive stops on the same day without a time.
            let day = dated[k].1;
            let run = dated[k..]
                .iter()
                .take_while(|s| s.1 == day && s.2.is_none())
                .count();
            if run == 0 {
                let (label, day, minute) = &dated[k];
                stops.push(TimedStop {
                    label: label.clone(),
                    at: day * DAY + minute.unwrap_or(DAY / 2),
                });
                k += 1;
                continue;
            }
            for (n, (label, day, _)) in dated[k..k + run].iter().enumerate() {
                let share = (n as i64 + 1) * DAY / (run as i64 + 1);
                stops.push(TimedStop {
                    label: label.clone(),
                    at: day * DAY + share,
                });
            }
            k += run;
        }
        rows.push(Row {
            route: i,
            name: r.name.clone().unwrap_or_else(|| format!("Route {}", i + 1)),
            color: r.color,
            stops,
        });
    }
    (rows, warnings)
}

/// Reads `2022-09-14`, `2022-09-14T12:00` or `2022-09-14 12:00[:00][zone]` into days since
/// 1970-01-01 and, when given, the minute of the day.
pub(crate) fn parse_when(text: &str) -> Option<(i64, Option<i64>)> {
    let text = text.trim();
    let date = text.get(..10)?;
    let bytes = date.as_bytes();
    if bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let y: i64 = date[..4].parse().ok()?;
    let m: u32 = date[5..7].parse().ok()?;
    let d: u32 = date[8..10].parse().ok()?;
    let day = days_from_civil(y, m, d);
    if civil_from_days(day) != (y, m, d) {
        return None;
    }
    let rest = &text[10..];
    if rest.is_empty() {
        return Some((day, None));
    }
    let time = rest.strip_prefix(['T', ' '])?;
    let hh: i64 = time.get(..2)?.parse().ok()?;
    let mm: i64 = time.get(3..5)?.parse().ok()?;
    if time.as_bytes().get(2) != Some(&b':') || hh > 23 || mm > 59 {
        return None;
    }
    Some((day, Some(hh * 60 + mm)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number: the inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The day as the map writes dates ("14 Sept", with the year when asked).
pub(crate) fn day_label(day: i64, with_year: bool) -> String {
    let (y, m, d) = civil_from_days(day);
    short_date(&format!("{y:04}-{m:02}-{d:02}"), with_year)
}

/// Height of one row: a dot with room for a stop name above it and another below.
pub(crate) fn row_height() -> f64 {
    2.0 * (f64::from(DOT_RADIUS) + 3.0 + LABEL_SIZE * 1.4 + 2.0)
}

/// Height of the strip for `rows` rows, px.
pub(crate) fn height(rows: usize) -> f64 {
    (TOP_PAD + rows as f64 * row_height() + AXIS_HEIGHT).ceil()
}

/// The timeline laid out in its strip, in px from the strip's top left corner.
#[derive(Debug, Clone)]
pub(crate) struct Chart {
    /// The strip on the page.
    pub at: Canvas,
    /// Left and right ends of the time axis, and its height.
    pub axis: (f64, f64, f64),
    /// Top of the grid lines.
    pub grid_top: f64,
    /// Each tick's x, at the start of its day, and its date.
    pub ticks: Vec<(f64, String)>,
    /// From a tick to the centre of its date: half a day, so that the date stands over the
    /// day it names and a stop at any time of that day lies under it.
    pub label_dx: f64,
    /// Each row's name, right-aligned at `name_x`, its colour and its dots' height.
    pub names: Vec<(String, Color, f64)>,
    /// Right end of the names' column.
    pub name_x: f64,
    /// Each row's colour and dots, in order of travel.
    pub rows: Vec<(Color, Vec<(f64, f64)>)>,
    /// Stop names placed beside their dots: text, anchor and origin (x, baseline).
    pub stop_names: Vec<(String, TextAnchor, (f64, f64))>,
    /// Placed stop-name boxes, in page px.
    pub label_boxes: Vec<Rect>,
}

/// Gap between the names' column and the time axis, px.
const NAME_GAP: f64 = 14.0;
/// Room right of the time axis, px.
const RIGHT_PAD: f64 = 8.0;
/// Length of a tick mark, px.
pub(crate) const TICK: f64 = 4.0;

/// Lays `rows` out in the strip `at`: route names in a left column aligned with the frame, a
/// date axis with ticks spaced so their dates never touch, a dot per dated stop joined by the
/// route's line, and stop names placed by the label [`Placer`] so that none collides.
pub(crate) fn chart(
    rows: &[Row],
    at: Canvas,
    warnings: &mut Vec<MapWarning>,
) -> Result<Chart, LayoutError> {
    let fonts = Fonts::embedded()?;
    let label_style = Measure {
        size: LABEL_SIZE,
        weight: Weight::Regular,
        slant: Slant::Upright,
        letter_spacing: 0.0,
    };
    let name_style = Measure {
        size: NAME_SIZE,
        weight: Weight::Bold,
        ..label_style
    };
    let (w, h) = (at.width.round().max(1.0), at.height.round().max(1.0));
    // The names' column, as wide as the longest name, at most a quarter of the strip.
    let name_w = rows
        .iter()
        .map(|r| fonts.measure(&r.name, &name_style).width)
        .fold(0.0, f64::max)
        .min(w * 0.25)
        .ceil();
    let days_of = || {
        rows.iter()
            .flat_map(|r| r.stops.iter().map(|s| s.at.div_euclid(DAY)))
    };
    let first = days_of().min().unwrap_or(0);
    let last = days_of().max().unwrap_or(0);
    let (t0, t1) = (first * DAY, (last + 1) * DAY);
    let with_year = civil_from_days(first).0 != civil_from_days(last).0;
    let x0 = name_w + NAME_GAP;
    let plot_w = (w - x0 - RIGHT_PAD).max(1.0);
    let widest = (first..=last.min(first + 400))
        .map(|d| fonts.measure(&day_label(d, with_year), &label_style).width)
        .fold(0.0, f64::max);
    let per_day = plot_w / (last - first + 1) as f64;
    let step = [1, 2, 3, 7, 14, 28, 56, 91, 182, 364, 728]
        .into_iter()
        .find(|&s| per_day * s as f64 >= widest + 12.0)
        .unwrap_or(1456);
    let x_of = |t: i64| x0 + (t - t0) as f64 / (t1 - t0) as f64 * plot_w;
    let axis_y = h - AXIS_HEIGHT;
    let band = (axis_y - TOP_PAD) / rows.len().max(1) as f64;
    let mut out = Chart {
        at,
        axis: (x0, x0 + plot_w, axis_y),
        grid_top: TOP_PAD,
        ticks: (first..=last)
            .filter(|d| (d - first) % step == 0)
            .map(|d| (x_of(d * DAY), day_label(d, with_year)))
            .collect(),
        label_dx: per_day / 2.0,
        name_x: name_w,
        names: Vec::new(),
        rows: Vec::new(),
        stop_names: Vec::new(),
        label_boxes: Vec::new(),
    };
    for (i, row) in rows.iter().enumerate() {
        let y = TOP_PAD + (i as f64 + 0.5) * band;
        let dots: Vec<(f64, f64)> = row.stops.iter().map(|s| (x_of(s.at), y)).collect();
        out.names.push((row.name.clone(), row.color, y));
        out.rows.push((row.color, dots));
    }
    place_stop_names(rows, &mut out, w, fonts, warnings);
    Ok(out)
}

/// Places each row's stop names in the row's band, none colliding.
fn place_stop_names(
    rows: &[Row],
    out: &mut Chart,
    w: f64,
    fonts: &Fonts,
    warnings: &mut Vec<MapWarning>,
) {
    let label_style = Measure {
        size: LABEL_SIZE,
        weight: Weight::Regular,
        slant: Slant::Upright,
        letter_spacing: 0.0,
    };
    for (i, row) in rows.iter().enumerate() {
        let band = Rect::new(
            out.axis.0 - NAME_GAP * 0.5,
            TOP_PAD + i as f64 * row_height(),
            w,
            TOP_PAD + (i + 1) as f64 * row_height(),
        );
        let mut placer = Placer::with_options(
            band,
            PlacerOptions {
                margin: 1.0,
                gap: 3.0,
                padding: 2.0,
                leader_distances: Vec::new(),
                ..PlacerOptions::default()
            },
        );
        let dots = out.rows[i].1.clone();
        placer.obstacles_mut().add_polyline(&dots, 1.0 + 1.5);
        for &p in &dots {
            placer
                .obstacles_mut()
                .add_circle(p, f64::from(DOT_RADIUS) + 1.0);
        }
        for (stop, &p) in row.stops.iter().zip(&dots) {
            let m = fonts.measure(&stop.label, &label_style);
            let request = PointLabel {
                anchor: p,
                anchor_radius: f64::from(DOT_RADIUS) + 1.0,
                width: m.width,
                height: m.height(),
                priority: 0,
                leader_allowed: false,
            };
            let Some(placed) = placer.place_point(&request) else {
                warnings.push(MapWarning::StopNameDropped {
                    stop: stop.label.clone(),
                    route: route_name(Some(&row.name), row.route),
                });
                continue;
            };
            let (anchor, origin) = placed.text_origin(m.ascent);
            out.stop_names.push((stop.label.clone(), anchor, origin));
            let r = placed.rect;
            let (ax, ay) = (out.at.x, out.at.y);
            out.label_boxes
                .push(Rect::new(r.x0 + ax, r.y0 + ay, r.x1 + ax, r.y1 + ay));
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn route(name: &str, stops: &[(&str, Option<&str>)]) -> RouteDates {
        RouteDates {
            name: Some(name.into()),
            color: Color::hex(0xc0392b),
            stops: stops
                .iter()
                .map(|(l, d)| (l.to_string(), d.map(str::to_string)))
                .collect(),
        }
    }

    pub(crate) fn sco() -> Vec<RouteDates> {
        vec![
            route(
                "Xi Jinping",
                &[
                    ("Beijing", Some("2022-09-14")),
                    ("Astana", Some("2022-09-14")),
                    ("Samarkand", Some("2022-09-15")),
                ],
            ),
            route("Nobody", &[("Paris", None), ("Rome", None)]),
            route(
                "Vladimir Putin",
                &[
                    ("Moscow", Some("2022-09-15")),
                    ("Samarkand", Some("2022-09-15")),
                ],
            ),
        ]
    }

    #[test]
    fn dates_round_trip_and_reject_nonsense() {
        assert_eq!(parse_when("1970-01-01"), Some((0, None)));
        assert_eq!(parse_when("2022-09-14"), Some((19_249, None)));
        assert_eq!(parse_when("2022-09-14T12:30"), Some((19_249, Some(750))));
        assert_eq!(parse_when("2024-02-29"), Some((19_782, None)));
        for bad in [
            "2023-02-29",
            "2022-13-01",
            "14 Sept",
            "2022-09",
            "2022-09-14T25:00",
        ] {
            assert_eq!(parse_when(bad), None, "{bad}");
        }
        for day in [-800_000, -1, 0, 19_249, 2_000_000] {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
        }
        assert_eq!(day_label(19_249, false), "14 Sept");
    }

    #[test]
    fn rows_follow_route_order_and_skip_undated_routes() {
        let (rows, warnings) = rows(&sco());
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Xi Jinping", "Vladimir Putin"]);
        assert_eq!(rows[1].route, 2);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn stops_move_forward_in_time_and_share_their_day() {
        let (rows, _) = rows(&sco());
        for row in &rows {
            assert!(row.stops.windows(2).all(|w| w[0].at < w[1].at), "{row:?}");
        }
        let xi = &rows[0].stops;
        let day = 19_249 * DAY;
        // Beijing and Astana share 14 Sept, in that order, inside the day.
        assert!(xi[0].at > day && xi[1].at < day + DAY, "{xi:?}");
        assert_eq!(xi[2].at, (19_250 * DAY) + DAY / 2);
    }

    #[test]
    fn unreadable_dates_are_reported_and_left_out() {
        let (rows, warnings) = rows(&[route(
            "Marco",
            &[
                ("Venice", Some("spring 1271")),
                ("Acre", Some("1271-11-01")),
            ],
        )]);
        assert_eq!(rows[0].stops.len(), 1);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0]
                .to_string()
                .starts_with("timeline: date \"spring 1271\" of stop 1 of route \"Marco\""),
            "{warnings:?}"
        );
    }

    fn charted(rows: &[Row], width: f64) -> (Chart, Vec<MapWarning>) {
        let at = Canvas {
            x: 40.0,
            y: 700.0,
            width,
            height: height(rows.len()),
        };
        let mut warnings = Vec::new();
        let chart = chart(rows, at, &mut warnings).expect("timeline");
        (chart, warnings)
    }

    #[test]
    fn dots_are_in_date_order_left_to_right_and_rows_top_to_bottom() {
        let (rows, _) = rows(&sco());
        let (c, _) = charted(&rows, 1500.0);
        let dots: Vec<&Vec<(f64, f64)>> = c.rows.iter().map(|(_, d)| d).collect();
        for row in &dots {
            assert!(row.windows(2).all(|w| w[0].0 < w[1].0), "{row:?}");
        }
        assert!(dots[0][0].1 < dots[1][0].1);
        // Putin's day in Moscow and Samarkand comes after Xi's in Astana.
        assert!(dots[1][0].0 > dots[0][1].0);
        for p in dots.iter().copied().flatten() {
            assert!(p.0 > 0.0 && p.0 < 1500.0);
        }
    }

    #[test]
    fn timed_stops_sit_under_their_own_day() {
        let (rows, _) = rows(&[route(
            "Xi",
            &[
                ("Beijing", Some("2022-09-14T08:00")),
                ("Astana", Some("2022-09-14T18:30")),
                ("Samarkand", Some("2022-09-15T12:00")),
            ],
        )]);
        let (c, _) = charted(&rows, 1000.0);
        let dots = &c.rows[0].1;
        let tick = |label: &str| c.ticks.iter().find(|t| t.1 == label).expect(label).0;
        let (d14, d15) = (tick("14 Sept"), tick("15 Sept"));
        // Every stop lies between the start of its day and the start of the next.
        assert!(d14 < dots[0].0 && dots[1].0 < d15, "{:?} {dots:?}", c.ticks);
        assert!(
            d15 < dots[2].0 && dots[2].0 < c.axis.1,
            "{:?} {dots:?}",
            c.ticks
        );
        // Each date stands over the middle of its day.
        assert!((d14 + c.label_dx - (d14 + d15) / 2.0).abs() < 0.5);
    }

    #[test]
    fn stop_names_never_overlap() {
        let (rows, _) = rows(&sco());
        for width in [1500.0, 600.0, 300.0] {
            let (c, warnings) = charted(&rows, width);
            for (i, a) in c.label_boxes.iter().enumerate() {
                for b in &c.label_boxes[i + 1..] {
                    assert!(!a.intersects(b), "{width}: {a:?} and {b:?} overlap");
                }
            }
            if width >= 600.0 {
                assert!(warnings.is_empty(), "{width}: {warnings:?}");
                assert_eq!(c.label_boxes.len(), 5);
            }
            // Ticks never touch: each date is narrower than the room to the next tick.
            for pair in c.ticks.windows(2) {
                assert!(pair[1].0 - pair[0].0 > 12.0, "{width}: {:?}", c.ticks);
            }
        }
    }
}

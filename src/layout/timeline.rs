//! The itinerary timeline: a strip under the map with a row per dated route (who was where
//! on which date), drawn as a chart by plotters' SVG backend into the map's document.
//!
//! [`rows`] reads the routes' ISO dates into positions in time; [`draw`] lays the strip out
//! (route names in a left column aligned with the frame, a date axis, a dot per dated stop
//! joined by the route's line, stop names placed by the label [`Placer`] so that none
//! collides) and has plotters draw it.

use plotters::prelude::*;
// The prelude's `Color` is shadowed by the scene's; its methods (`mix`, `filled`) are needed.
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::Color as _;

use super::labels::{Placer, PlacerOptions, PointLabel, Rect, TextAnchor};
use super::map::route_name;
use super::routes::short_date;
use super::text::{Fonts, Slant, TextStyle as Measure, Weight};
use crate::project::Canvas;
use crate::render::svg::c;
use crate::render::RenderError;
use crate::scene::Theme;
use crate::scene::{Color, ResolvedScene};

/// Minutes in a day: the timeline's unit of time.
const DAY: i64 = 24 * 60;
/// Size of stop names and axis labels, px.
const LABEL_SIZE: f64 = 12.0;
/// Size of the route names, px.
const NAME_SIZE: f64 = 13.0;
/// Radius of a stop's dot, px.
const DOT_RADIUS: u32 = 4;
/// Space above the first row, px.
const TOP_PAD: f64 = 4.0;
/// Height of the date axis under the rows, px.
const AXIS_HEIGHT: f64 = 30.0;
/// plotters writes `font-size` as the size it is given divided by this.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

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
pub(crate) fn route_dates(scene: &ResolvedScene, theme: &Theme) -> Vec<RouteDates> {
    scene
        .routes
        .iter()
        .enumerate()
        .map(|(i, r)| RouteDates {
            name: r.spec.name.clone(),
            color: r
                .spec
                .color
                .unwrap_or(theme.route_palette[i % theme.route_palette.len()]),
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
pub(crate) fn rows(routes: &[RouteDates]) -> (Vec<Row>, Vec<String>) {
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
                None => warnings.push(format!(
                    "timeline: date {date:?} of stop {} of {who} is not an ISO date such as 2022-09-15; the stop is left out",
                    j + 1
                )),
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
fn parse_when(text: &str) -> Option<(i64, Option<i64>)> {
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
fn civil_from_days(z: i64) -> (i64, u32, u32) {
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
fn day_label(day: i64, with_year: bool) -> String {
    let (y, m, d) = civil_from_days(day);
    short_date(&format!("{y:04}-{m:02}-{d:02}"), with_year)
}

/// Height of one row: a dot with room for a stop name above it and another below.
fn row_height() -> f64 {
    2.0 * (f64::from(DOT_RADIUS) + 3.0 + LABEL_SIZE * 1.4 + 2.0)
}

/// Height of the strip for `rows` rows, px.
pub(crate) fn height(rows: usize) -> f64 {
    (TOP_PAD + rows as f64 * row_height() + AXIS_HEIGHT).ceil()
}

/// A drawn timeline: its SVG group and what happened on the way.
#[derive(Debug, Clone, Default)]
pub(crate) struct Drawn {
    /// `<g id="timeline" …>…</g>`.
    pub svg: String,
    /// Stop names dropped for lack of room.
    pub warnings: Vec<String>,
    /// Placed stop-name boxes, in page px.
    pub label_boxes: Vec<Rect>,
    /// Each row's dots, in page px, in order of travel.
    pub dots: Vec<Vec<(f64, f64)>>,
}

type DrawError = DrawingAreaErrorKind<std::io::Error>;

fn plot_err(e: DrawError) -> RenderError {
    RenderError::Geometry {
        what: "the timeline".into(),
        message: e.to_string(),
    }
}

fn rgb(c: Color) -> RGBAColor {
    RGBColor(c.r, c.g, c.b).mix(c.opacity())
}

/// Draws `rows` with plotters in the strip `at` (page px).
pub(crate) fn draw(rows: &[Row], at: Canvas, theme: &Theme) -> Result<Drawn, RenderError> {
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
    let gap = 14.0;
    let right_pad = 8.0;
    let first = rows
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.at.div_euclid(DAY)))
        .min()
        .unwrap_or(0);
    let last = rows
        .iter()
        .flat_map(|r| r.stops.iter().map(|s| s.at.div_euclid(DAY)))
        .max()
        .unwrap_or(0);
    let (t0, t1) = (first * DAY, (last + 1) * DAY);
    let with_year = civil_from_days(first).0 != civil_from_days(last).0;
    let plot_w = (w - name_w - gap - right_pad).max(1.0);
    let days = last - first + 1;
    let widest = (first..=last.min(first + 400))
        .map(|d| fonts.measure(&day_label(d, with_year), &label_style).width)
        .fold(0.0, f64::max);
    let per_day = plot_w / days as f64;
    let step = [1, 2, 3, 7, 14, 28, 56, 91, 182, 364, 728]
        .into_iter()
        .find(|&s| per_day * s as f64 >= widest + 12.0)
        .unwrap_or(1456);
    let ticks: Vec<i64> = (first..=last)
        .filter(|d| (d - first) % step == 0)
        .map(|d| d * DAY + DAY / 2)
        .collect();
    let n = rows.len() as f64;
    let row_y = |i: usize| n - i as f64 - 0.5;

    let font = |size: f64, style: FontStyle| {
        FontDesc::new(
            FontFamily::Name(theme.font_family.as_str()),
            size * PLOTTERS_FONT_SCALE,
            style,
        )
    };
    let mut buf = String::new();
    let mut out = Drawn::default();
    {
        let root = SVGBackend::with_string(&mut buf, (w as u32, h as u32)).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin_top(TOP_PAD as i32)
            .margin_left((name_w + gap) as i32)
            .margin_right(right_pad as i32)
            .x_label_area_size(AXIS_HEIGHT as i32)
            .build_cartesian_2d((t0..t1).with_key_points(ticks), 0f64..n)
            .map_err(plot_err)?;
        let format_tick = |t: &i64| day_label(t.div_euclid(DAY), with_year);
        let grid = theme.frame.mix(theme.page, 0.55);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .disable_y_axis()
            .x_label_formatter(&format_tick)
            .x_label_style(font(LABEL_SIZE, FontStyle::Normal).color(&rgb(theme.muted_text)))
            .axis_style(rgb(theme.frame))
            .bold_line_style(rgb(grid))
            .light_line_style(TRANSPARENT)
            .set_all_tick_mark_size(4)
            .draw()
            .map_err(plot_err)?;

        // Lines and dots in the chart's coordinates; their pixels for the labels.
        for (i, row) in rows.iter().enumerate() {
            let color = rgb(row.color);
            let points: Vec<(i64, f64)> = row.stops.iter().map(|s| (s.at, row_y(i))).collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    points.clone(),
                    color.stroke_width(2),
                )))
                .map_err(plot_err)?;
            let halo = rgb(theme.page);
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&p| Circle::new(p, DOT_RADIUS + 1, halo.filled())),
                )
                .map_err(plot_err)?;
            chart
                .draw_series(
                    points
                        .iter()
                        .map(|&p| Circle::new(p, DOT_RADIUS, color.filled())),
                )
                .map_err(plot_err)?;
            out.dots.push(
                points
                    .iter()
                    .map(|p| {
                        let (x, y) = chart.backend_coord(p);
                        (f64::from(x), f64::from(y))
                    })
                    .collect(),
            );
        }

        // Names, then stop names placed row by row, each row in its own band.
        let plot_x0 = name_w + gap;
        let text = rgb(theme.text);
        for (i, row) in rows.iter().enumerate() {
            let y = out.dots[i].first().map_or(0.0, |p| p.1);
            root.draw(&Text::new(
                row.name.clone(),
                (name_w as i32, y as i32),
                font(NAME_SIZE, FontStyle::Bold)
                    .color(&rgb(row.color))
                    .pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(plot_err)?;
            let band = Rect::new(
                plot_x0 - gap * 0.5,
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
            let dots = &out.dots[i];
            placer.obstacles_mut().add_polyline(dots, 1.0 + 1.5);
            for &p in dots {
                placer
                    .obstacles_mut()
                    .add_circle(p, f64::from(DOT_RADIUS) + 1.0);
            }
            for (stop, &p) in row.stops.iter().zip(dots) {
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
                    out.warnings.push(format!(
                        "timeline: stop name {:?} of {} dropped: no room beside its dot",
                        stop.label,
                        route_name(Some(&row.name), row.route)
                    ));
                    continue;
                };
                let (anchor, (x, baseline)) = placed.text_origin(m.ascent);
                let hpos = match anchor {
                    TextAnchor::Start => HPos::Left,
                    TextAnchor::Middle => HPos::Center,
                    TextAnchor::End => HPos::Right,
                };
                // plotters sets the baseline 0.76 em below the point of a top-aligned text.
                let y = baseline - 0.76 * LABEL_SIZE;
                root.draw(&Text::new(
                    stop.label.clone(),
                    (x.round() as i32, y.round() as i32),
                    font(LABEL_SIZE, FontStyle::Normal)
                        .color(&text)
                        .pos(Pos::new(hpos, VPos::Top)),
                ))
                .map_err(plot_err)?;
                out.label_boxes.push(placed.rect);
            }
        }
        root.present().map_err(plot_err)?;
    }

    // plotters writes a whole document: keep what is inside its <svg> element.
    let body = buf
        .find('>')
        .and_then(|start| buf.rfind("</svg>").map(|end| &buf[start + 1..end]))
        .unwrap_or("");
    let shift = |r: Rect| Rect::new(r.x0 + at.x, r.y0 + at.y, r.x1 + at.x, r.y1 + at.y);
    out.label_boxes = out.label_boxes.into_iter().map(shift).collect();
    for row in &mut out.dots {
        for p in row.iter_mut() {
            *p = (p.0 + at.x, p.1 + at.y);
        }
    }
    out.svg = format!(
        "<g id=\"timeline\" transform=\"translate({} {})\">{body}</g>\n",
        c(at.x),
        c(at.y)
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
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

    fn sco() -> Vec<RouteDates> {
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
            warnings[0].starts_with("timeline: date \"spring 1271\" of stop 1 of route \"Marco\""),
            "{warnings:?}"
        );
    }

    fn drawn(rows: &[Row], width: f64) -> Drawn {
        let at = Canvas {
            x: 40.0,
            y: 700.0,
            width,
            height: height(rows.len()),
        };
        draw(
            rows,
            at,
            &Theme::new(Default::default(), &Default::default()),
        )
        .expect("timeline")
    }

    #[test]
    fn dots_are_in_date_order_left_to_right_and_rows_top_to_bottom() {
        let (rows, _) = rows(&sco());
        let d = drawn(&rows, 1500.0);
        for row in &d.dots {
            assert!(row.windows(2).all(|w| w[0].0 < w[1].0), "{row:?}");
        }
        assert!(d.dots[0][0].1 < d.dots[1][0].1);
        // Putin's day in Moscow and Samarkand comes after Xi's in Astana.
        assert!(d.dots[1][0].0 > d.dots[0][1].0);
        for row in d.dots.iter().flatten() {
            assert!(row.0 > 40.0 && row.0 < 1540.0);
        }
    }

    #[test]
    fn stop_names_never_overlap_and_the_text_uses_the_bundled_fonts() {
        let (rows, _) = rows(&sco());
        for width in [1500.0, 600.0, 300.0] {
            let d = drawn(&rows, width);
            for (i, a) in d.label_boxes.iter().enumerate() {
                for b in &d.label_boxes[i + 1..] {
                    assert!(!a.intersects(b), "{width}: {a:?} and {b:?} overlap");
                }
            }
            if width >= 600.0 {
                assert!(d.warnings.is_empty(), "{width}: {:?}", d.warnings);
                assert_eq!(d.label_boxes.len(), 5);
            }
            assert!(d.svg.starts_with("<g id=\"timeline\""));
            assert!(!d.svg.contains("<svg"));
            assert!(d.svg.contains(">\nXi Jinping\n</text>"), "{}", d.svg);
            assert!(d.svg.contains(">\n14 Sept\n</text>"), "{}", d.svg);
            assert!(
                d.svg
                    .contains(&format!("font-family=\"{}\"", crate::scene::FONT_FAMILY)),
                "{}",
                d.svg
            );
            assert!(d.svg.contains("font-size=\"12\""), "{}", d.svg);
        }
    }
}

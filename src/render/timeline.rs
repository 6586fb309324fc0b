//! Writing the itinerary timeline: a chart drawn by plotters' SVG backend into the map's
//! document, with a row per dated route (who was where on which date).

use plotters::prelude::*;
// The prelude's `Color` is shadowed by the scene's; its methods (`mix`, `filled`) are needed.
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::Color as _;

use super::svg::c;
use crate::layout::labels::{Placer, PlacerOptions, PointLabel, Rect, TextAnchor};
use crate::layout::map::route_name;
use crate::layout::text::{Fonts, Slant, TextStyle as Measure, Weight};
use crate::layout::timeline::{
    civil_from_days, day_label, row_height, Row, AXIS_HEIGHT, DAY, DOT_RADIUS, LABEL_SIZE,
    NAME_SIZE, PLOTTERS_FONT_SCALE, TOP_PAD,
};
use crate::layout::{LayoutError, MapWarning};
use crate::project::Canvas;
use crate::scene::{Color, Theme};

/// A drawn timeline: its SVG group and what happened on the way.
#[derive(Debug, Clone, Default)]
pub(crate) struct Drawn {
    /// `<g id="timeline" …>…</g>`.
    pub svg: String,
    /// Stop names dropped for lack of room.
    pub warnings: Vec<MapWarning>,
    /// Placed stop-name boxes, in page px.
    pub label_boxes: Vec<Rect>,
    /// Each row's dots, in page px, in order of travel.
    pub dots: Vec<Vec<(f64, f64)>>,
}

type DrawError = DrawingAreaErrorKind<std::io::Error>;

fn plot_err(e: DrawError) -> LayoutError {
    LayoutError::Geometry {
        what: "the timeline".into(),
        message: e.to_string(),
    }
}

fn rgb(c: Color) -> RGBAColor {
    RGBColor(c.r, c.g, c.b).mix(c.opacity())
}

/// Draws `rows` with plotters in the strip `at` (page px).
pub(crate) fn draw(rows: &[Row], at: Canvas, theme: &Theme) -> Result<Drawn, LayoutError> {
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
        let strip = Strip {
            name_w,
            gap,
            width: w,
        };
        draw_names(&root, rows, &strip, &font, &mut out, theme)?;
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

/// The timeline's columns: the names' width, the gap after them and the strip's width.
struct Strip {
    name_w: f64,
    gap: f64,
    width: f64,
}

/// Draws each row's name, then its stop names, placed in the row's band so none collides.
fn draw_names<'a>(
    root: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    rows: &[Row],
    strip: &Strip,
    font: &dyn Fn(f64, FontStyle) -> FontDesc<'a>,
    out: &mut Drawn,
    theme: &Theme,
) -> Result<(), LayoutError> {
    let fonts = Fonts::embedded()?;
    let label_style = Measure {
        size: LABEL_SIZE,
        weight: Weight::Regular,
        slant: Slant::Upright,
        letter_spacing: 0.0,
    };
    let Strip {
        name_w,
        gap,
        width: w,
    } = *strip;
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
                out.warnings.push(MapWarning::StopNameDropped {
                    stop: stop.label.clone(),
                    route: route_name(Some(&row.name), row.route),
                });
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::timeline::{height, rows, tests::sco};

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

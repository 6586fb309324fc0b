//! Writing the itinerary timeline that [`crate::layout`] charted: grid, date axis, each
//! route's line and dots, route names and stop names.

use super::svg::{self, c, num, Doc};
use crate::layout::timeline::{Chart, DOT_RADIUS, LABEL_SIZE, NAME_SIZE, TICK};
use crate::scene::Theme;

/// Writes `chart` as the `timeline` group, placed at its strip.
pub(crate) fn write(doc: &mut Doc, chart: &Chart, theme: &Theme) {
    let at = format!("translate({} {})", c(chart.at.x), c(chart.at.y));
    doc.open_group("timeline", &[("transform", &at)]);
    let (x0, x1, axis_y) = chart.axis;
    let grid = theme.frame.mix(theme.page, 0.55).to_string();
    let muted = theme.muted_text.to_string();
    let mut grid_d = String::new();
    let mut ticks_d = String::new();
    for (x, _) in &chart.ticks {
        grid_d.push_str(&svg::points_d(&[(*x, chart.grid_top), (*x, axis_y)], false));
        ticks_d.push_str(&svg::points_d(&[(*x, axis_y), (*x, axis_y + TICK)], false));
    }
    doc.tag(
        "path",
        &[("d", &grid_d), ("fill", "none"), ("stroke", &grid)],
        true,
    );
    let axis_d = svg::points_d(&[(x0, axis_y), (x1, axis_y)], false) + &ticks_d;
    doc.tag(
        "path",
        &[
            ("d", &axis_d),
            ("fill", "none"),
            ("stroke", &theme.frame.to_string()),
        ],
        true,
    );
    let size = num(LABEL_SIZE, 2);
    let tick_y = c(axis_y + TICK + 2.0 + LABEL_SIZE * 0.76);
    for (x, label) in &chart.ticks {
        doc.text_element(
            "text",
            &[
                ("x", &c(*x + chart.label_dx)),
                ("y", &tick_y),
                ("text-anchor", "middle"),
                ("font-size", &size),
                ("fill", &muted),
            ],
            label,
        );
    }
    write_rows(doc, chart, theme);
    doc.close("g");
}

/// Each route's line, dots and name, then the stop names.
fn write_rows(doc: &mut Doc, chart: &Chart, theme: &Theme) {
    let page = theme.page.to_string();
    for (color, dots) in &chart.rows {
        let color = color.to_string();
        doc.tag(
            "path",
            &[
                ("d", &svg::points_d(dots, false)),
                ("fill", "none"),
                ("stroke", &color),
                ("stroke-width", "2"),
            ],
            true,
        );
        for (r, fill) in [(DOT_RADIUS + 1, &page), (DOT_RADIUS, &color)] {
            for &(x, y) in dots {
                doc.tag(
                    "circle",
                    &[
                        ("cx", &c(x)),
                        ("cy", &c(y)),
                        ("r", &r.to_string()),
                        ("fill", fill),
                    ],
                    true,
                );
            }
        }
    }
    let name_size = num(NAME_SIZE, 2);
    for (name, color, y) in &chart.names {
        doc.text_element(
            "text",
            &[
                ("x", &c(chart.name_x)),
                ("y", &c(y + NAME_SIZE * 0.36)),
                ("text-anchor", "end"),
                ("font-size", &name_size),
                ("font-weight", "bold"),
                ("fill", &color.to_string()),
            ],
            name,
        );
    }
    let size = num(LABEL_SIZE, 2);
    let text = theme.text.to_string();
    for (label, anchor, (x, y)) in &chart.stop_names {
        doc.text_element(
            "text",
            &[
                ("x", &c(*x)),
                ("y", &c(*y)),
                ("text-anchor", anchor.as_str()),
                ("font-size", &size),
                ("fill", &text),
            ],
            label,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::timeline::{chart, height, rows, tests::sco};
    use crate::project::Canvas;

    #[test]
    fn the_timeline_is_one_group_of_plain_svg_in_the_bundled_font_sizes() {
        let (rows, _) = rows(&sco());
        let at = Canvas {
            x: 40.0,
            y: 700.0,
            width: 1500.0,
            height: height(rows.len()),
        };
        let chart = chart(&rows, at, &mut Vec::new()).expect("timeline");
        let mut doc = Doc::new();
        write(
            &mut doc,
            &chart,
            &Theme::new(Default::default(), &Default::default()),
        );
        let svg = doc.finish();
        assert!(svg.starts_with("<g id=\"timeline\" transform=\"translate(40 700)\">"));
        assert!(!svg.contains("<svg"));
        assert!(svg.contains(">Xi Jinping</text>"), "{svg}");
        assert!(svg.contains(">14 Sept</text>"), "{svg}");
        assert!(svg.contains("font-size=\"12\""), "{svg}");
        assert!(svg.contains("font-size=\"13\""), "{svg}");
        assert_eq!(svg.matches("<circle").count(), 2 * 5);
    }
}

//! Writing routes: casing, line and arrowheads.

use super::svg::{self, num, Doc};
use crate::layout::routes::DrawnRoute;
use crate::scene::{LineStyle, Theme};

/// The dash pattern of a line style at a width.
pub(crate) fn dash_array(style: LineStyle, width: f64) -> Option<String> {
    match style {
        LineStyle::Solid => None,
        LineStyle::Dashed => Some(format!("{} {}", num(width * 3.5, 2), num(width * 2.5, 2))),
        LineStyle::Dotted => Some(format!("0.1 {}", num(width * 2.2, 2))),
    }
}

/// Writes a route: its casing, line and arrowheads.
pub(crate) fn draw_route(doc: &mut Doc, r: &DrawnRoute, theme: &Theme) {
    doc.open_group(&r.id, &[("class", "route")]);
    let d: String = r.lines.iter().map(|l| svg::points_d(l, false)).collect();
    let casing = theme.casing.to_string();
    let cw = num(r.width + 3.0, 2);
    doc.tag(
        "path",
        &[
            ("d", &d),
            ("fill", "none"),
            ("stroke", &casing),
            ("stroke-width", &cw),
            ("stroke-linecap", "round"),
            ("stroke-linejoin", "round"),
            ("stroke-opacity", "0.9"),
        ],
        true,
    );
    let color = r.color.rgb_hex();
    let w = num(r.width, 2);
    let dash = dash_array(r.style, r.width);
    let mut attrs: Vec<(&str, &str)> = vec![
        ("d", &d),
        ("fill", "none"),
        ("stroke", &color),
        ("stroke-width", &w),
        ("stroke-linecap", "round"),
        ("stroke-linejoin", "round"),
    ];
    if let Some(dash) = &dash {
        attrs.push(("stroke-dasharray", dash));
    }
    doc.tag("path", &attrs, true);
    if !r.arrows.is_empty() {
        let ad: String = r
            .arrows
            .iter()
            .map(|a| svg::points_d(&a.points(), true))
            .collect();
        doc.tag(
            "path",
            &[
                ("d", &ad),
                ("fill", &color),
                ("stroke", &casing),
                ("stroke-width", "0.8"),
                ("stroke-linejoin", "round"),
                ("class", "arrow"),
            ],
            true,
        );
    }
    doc.close("g");
}

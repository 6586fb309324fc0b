//! The colours a scene's features take, resolved once from its theme and its own choices.
//!
//! The map, its legend, its locator inset, its timeline and its GeoJSON export all read one
//! [`Palette`], so the same scene gives the same colours everywhere.

use super::{Color, LineStyle, ResolvedScene, Theme, ThemeName};

/// A scene's colours: the theme, and the colour of each highlight, route, layer and marker.
///
/// On a dark theme the scene's own colours are re-derived for it (see [`Theme::fill`] and
/// [`Theme::line`]): a pale fill chosen for a light map becomes a dark one of the same hue,
/// and a dark route lightens until it shows on dark land.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// The theme, after any override.
    pub theme: Theme,
    /// Each highlight's fill, in scene order: its own, else the theme's highlight for the first
    /// and a lighter tint of it for the others.
    pub highlights: Vec<Color>,
    /// Each route's colour, in scene order: its own, else the theme's route palette in turn.
    pub routes: Vec<Color>,
    /// Each route's line style, in scene order: its own, else solid, except in the print
    /// theme, which dashes routes in turn (solid, dashed, dotted) so that they stay apart in
    /// grey.
    pub route_styles: Vec<LineStyle>,
    /// Each GeoJSON layer's colour for features without their own, in scene order: the
    /// layer's own, else the route palette continuing after the routes.
    pub layers: Vec<Color>,
    /// Each marker's colour, in scene order: its own, else the theme's marker colour.
    pub markers: Vec<Color>,
    /// Borders between first-level regions: the theme's colour, darkened or lightened
    /// towards its muted text until it reads on the land fill.
    pub region_border: Stroke,
    /// Rivers and lake centrelines: the theme's lake shore colour, made to read on the land
    /// fill; thinner than country borders.
    pub river: Stroke,
}

/// The colour and width of a kind of basemap line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    /// Stroke colour.
    pub color: Color,
    /// Stroke width, px.
    pub width: f64,
}

/// How much a basemap line must stand out from the land under it, as a WCAG contrast ratio:
/// enough to be seen at a glance, little enough to stay behind the map's own features.
const LINE_CONTRAST: f64 = 1.5;

/// The region border and river styles of `theme`.
fn basemap_lines(theme: &Theme) -> (Stroke, Stroke) {
    let region_border = Stroke {
        color: readable(theme.region_border, theme.land, theme.muted_text),
        width: 0.8,
    };
    let river = Stroke {
        color: readable(theme.coast, theme.land, theme.sea_label),
        width: 0.7,
    };
    (region_border, river)
}

/// The contrast ratio between two colours (WCAG 2: 1 for the same colour, 21 for black on
/// white).
pub(crate) fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, or the first mix of it towards `toward` (in steps of a twentieth) that has at
/// least [`LINE_CONTRAST`] against `land`; `toward` itself if none has.
fn readable(color: Color, land: Color, toward: Color) -> Color {
    (0..=20)
        .map(|i| color.mix(toward, f64::from(i) / 20.0))
        .find(|&c| contrast(c, land) >= LINE_CONTRAST)
        .unwrap_or(toward)
}

impl Palette {
    /// The colours of `scene` under `theme` (default: the scene's own theme).
    pub fn new(scene: &ResolvedScene, theme: Option<ThemeName>) -> Palette {
        let s = &scene.scene;
        let name = theme.unwrap_or(s.theme);
        let theme = Theme::new(name, &s.style);
        let cycle = |i: usize| theme.route_palette[i % theme.route_palette.len()];
        let highlights = scene
            .highlights
            .iter()
            .enumerate()
            .map(|(i, h)| {
                theme.fill(h.spec.fill.unwrap_or(if i == 0 {
                    theme.highlight
                } else {
                    theme.tint(theme.highlight)
                }))
            })
            .collect();
        let routes = scene
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| theme.line(r.spec.color.unwrap_or(cycle(i))))
            .collect();
        const DASHES: [LineStyle; 3] = [LineStyle::Solid, LineStyle::Dashed, LineStyle::Dotted];
        let route_styles = scene
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.spec.style.unwrap_or(if name == ThemeName::Print {
                    DASHES[i % DASHES.len()]
                } else {
                    LineStyle::Solid
                })
            })
            .collect();
        let layers = scene
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| theme.line(l.spec.color.unwrap_or(cycle(scene.routes.len() + i))))
            .collect();
        let markers = scene
            .markers
            .iter()
            .map(|m| theme.line(m.spec.color.unwrap_or(theme.marker)))
            .collect();
        let (region_border, river) = basemap_lines(&theme);
        Palette {
            theme,
            highlights,
            routes,
            route_styles,
            layers,
            markers,
            region_border,
            river,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Style;

    #[test]
    fn basemap_lines_read_on_the_land_of_every_theme() {
        let dark_land = Style {
            land: Some(Color::hex(0x202020)),
            ..Style::default()
        };
        for name in [ThemeName::Light, ThemeName::Dark, ThemeName::Print] {
            for style in [Style::default(), dark_land.clone()] {
                let theme = Theme::new(name, &style);
                let (region_border, river) = basemap_lines(&theme);
                for (what, line) in [("region border", region_border), ("river", river)] {
                    let ratio = contrast(line.color, theme.land);
                    assert!(
                        ratio >= LINE_CONTRAST,
                        "{name:?} {what}: contrast {ratio:.2}"
                    );
                }
                assert!(river.width < 1.0, "rivers are thinner than country borders");
            }
        }
    }
}

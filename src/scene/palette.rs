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
        Palette {
            theme,
            highlights,
            routes,
            route_styles,
            layers,
            markers,
        }
    }
}

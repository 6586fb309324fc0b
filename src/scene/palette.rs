//! The colours a scene's features take, resolved once from its theme and its own choices.
//!
//! The map, its legend, its locator inset, its timeline and its GeoJSON export all read one
//! [`Palette`], so the same scene gives the same colours everywhere.

use super::{Color, ResolvedScene, Theme, ThemeName};

/// A scene's colours: the theme, and the colour of each highlight, route, layer and marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// The theme, after any override.
    pub theme: Theme,
    /// Each highlight's fill, in scene order: its own, else the theme's highlight for the first
    /// and a lighter tint of it for the others.
    pub highlights: Vec<Color>,
    /// Each route's colour, in scene order: its own, else the theme's route palette in turn.
    pub routes: Vec<Color>,
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
        let theme = Theme::new(theme.unwrap_or(s.theme), &s.style);
        let cycle = |i: usize| theme.route_palette[i % theme.route_palette.len()];
        let highlights = scene
            .highlights
            .iter()
            .enumerate()
            .map(|(i, h)| {
                h.spec.fill.unwrap_or(if i == 0 {
                    theme.highlight
                } else {
                    theme.tint(theme.highlight)
                })
            })
            .collect();
        let routes = scene
            .routes
            .iter()
            .enumerate()
            .map(|(i, r)| r.spec.color.unwrap_or(cycle(i)))
            .collect();
        let layers = scene
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| l.spec.color.unwrap_or(cycle(scene.routes.len() + i)))
            .collect();
        let markers = scene
            .markers
            .iter()
            .map(|m| m.spec.color.unwrap_or(theme.marker))
            .collect();
        Palette {
            theme,
            highlights,
            routes,
            layers,
            markers,
        }
    }
}

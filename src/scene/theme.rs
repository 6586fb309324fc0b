//! Colour themes: light (default), dark and print, each overridable by the scene's `style`.

use crate::scene::{Color, Style, ThemeName};

/// The least WCAG contrast of text against what a theme draws it on.
pub const TEXT_CONTRAST: f64 = 4.5;
/// The least WCAG contrast of routes and symbols against land and sea (WCAG's non-text
/// contrast).
pub const LINE_CONTRAST: f64 = 3.0;

/// The fonts every label asks for, first choice first; only the bundled Noto fonts exist.
pub const FONT_FAMILY: &str = "Noto Sans, Noto Sans Arabic, Noto Sans Hebrew, \
    Noto Sans Devanagari, Noto Sans CJK SC, Noto Sans Georgian, Noto Sans Armenian, \
    Noto Sans Thai, Noto Sans Symbols, Noto Sans Symbols 2";

/// Colours and sizes of a map.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Page background, outside the map frame. Opaque: the mat that hides the map's
    /// overdraw round the frame is drawn in it.
    pub page: Color,
    /// Sea, and the map's background.
    pub sea: Color,
    /// Land.
    pub land: Color,
    /// Borders between countries.
    pub border: Color,
    /// Borders between first-level regions.
    pub region_border: Color,
    /// Coastlines and lake shores.
    pub coast: Color,
    /// The map frame's outline.
    pub frame: Color,
    /// Main text.
    pub text: Color,
    /// Secondary text.
    pub muted_text: Color,
    /// Label halos.
    pub halo: Color,
    /// Country names.
    pub country_label: Color,
    /// Sea names.
    pub sea_label: Color,
    /// Default marker fill.
    pub marker: Color,
    /// Default highlight fill.
    pub highlight: Color,
    /// Route colours, used in turn for routes without one.
    pub route_palette: [Color; 6],
    /// Casing under routes.
    pub casing: Color,
    /// Graticule lines.
    pub graticule: Color,
    /// The extent outline in the locator inset.
    pub locator: Color,
    /// Legend background.
    pub panel: Color,
    /// Title size, px.
    pub title_size: f64,
    /// Subtitle size, px.
    pub subtitle_size: f64,
    /// Label size of small markers, px (medium ×17/14, large ×19/14).
    pub label_size: f64,
    /// Source line size, px.
    pub source_size: f64,
    /// Font family list.
    pub font_family: String,
}

impl Theme {
    /// The named theme with the scene's overrides applied.
    pub fn new(name: ThemeName, style: &Style) -> Theme {
        let mut t = match name {
            ThemeName::Light => Theme::light(),
            ThemeName::Dark => Theme::dark(),
            ThemeName::Print => Theme::print(),
        };
        let set = |slot: &mut Color, v: Option<Color>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        set(&mut t.sea, style.sea);
        set(&mut t.land, style.land);
        set(&mut t.border, style.border);
        set(&mut t.coast, style.coast);
        set(&mut t.text, style.text);
        set(&mut t.muted_text, style.muted_text);
        set(&mut t.halo, style.halo);
        set(&mut t.country_label, style.country_label);
        set(&mut t.sea_label, style.sea_label);
        set(&mut t.marker, style.marker);
        set(&mut t.highlight, style.highlight);
        let size = |slot: &mut f64, v: Option<f64>| {
            if let Some(v) = v {
                *slot = v;
            }
        };
        size(&mut t.title_size, style.title_size);
        size(&mut t.subtitle_size, style.subtitle_size);
        size(&mut t.label_size, style.label_size);
        size(&mut t.source_size, style.source_size);
        if let Some(f) = &style.font_family {
            t.font_family = format!("{f}, {FONT_FAMILY}");
        }
        t
    }

    fn light() -> Theme {
        Theme {
            page: Color::hex(0xffffff),
            sea: Color::hex(0xdce7ef),
            land: Color::hex(0xefece6),
            border: Color::hex(0xffffff),
            region_border: Color::hex(0xfbfaf7),
            coast: Color::hex(0xb9cddb),
            frame: Color::hex(0xc9c9c9),
            text: Color::hex(0x1a1a1a),
            muted_text: Color::hex(0x5f5f5f),
            halo: Color::hex(0xffffff),
            country_label: Color::hex(0x8c8c8c),
            sea_label: Color::hex(0x5b84ad),
            marker: Color::hex(0x1a1a1a),
            highlight: Color::hex(0xf4c96b),
            route_palette: [
                Color::hex(0xc0392b),
                Color::hex(0x1f4e79),
                Color::hex(0x2e7d32),
                Color::hex(0x7b1fa2),
                Color::hex(0xd35400),
                Color::hex(0x00838f),
            ],
            casing: Color::hex(0xffffff),
            graticule: Color::hex(0xc6d6e2),
            locator: Color::hex(0xd62728),
            panel: Color::hex(0xffffff),
            title_size: 30.0,
            subtitle_size: 18.0,
            label_size: 14.0,
            source_size: 12.0,
            font_family: FONT_FAMILY.to_string(),
        }
    }

    fn dark() -> Theme {
        Theme {
            page: Color::hex(0x111418),
            sea: Color::hex(0x18222d),
            land: Color::hex(0x2b3038),
            border: Color::hex(0x111418),
            region_border: Color::hex(0x454c57),
            coast: Color::hex(0x34485a),
            frame: Color::hex(0x3a4049),
            text: Color::hex(0xf2f2f2),
            muted_text: Color::hex(0xa7adb5),
            halo: Color::hex(0x111418),
            country_label: Color::hex(0x9aa1ab),
            sea_label: Color::hex(0x7ea6cc),
            marker: Color::hex(0xf2f2f2),
            highlight: Color::hex(0x9c7a2c),
            route_palette: [
                Color::hex(0xff6b5b),
                Color::hex(0x6cb4ff),
                Color::hex(0x7ddf7e),
                Color::hex(0xd59cff),
                Color::hex(0xffb057),
                Color::hex(0x4fd6e0),
            ],
            casing: Color::hex(0x111418),
            graticule: Color::hex(0x2a3744),
            locator: Color::hex(0xff5a4f),
            panel: Color::hex(0x1b1f25),
            title_size: 30.0,
            subtitle_size: 18.0,
            label_size: 14.0,
            source_size: 12.0,
            font_family: FONT_FAMILY.to_string(),
        }
    }

    fn print() -> Theme {
        Theme {
            page: Color::hex(0xffffff),
            sea: Color::hex(0xffffff),
            land: Color::hex(0xebebeb),
            border: Color::hex(0xffffff),
            region_border: Color::hex(0xf7f7f7),
            coast: Color::hex(0x9a9a9a),
            frame: Color::hex(0x8a8a8a),
            text: Color::hex(0x000000),
            muted_text: Color::hex(0x4d4d4d),
            halo: Color::hex(0xffffff),
            country_label: Color::hex(0x666666),
            sea_label: Color::hex(0x6e6e6e),
            marker: Color::hex(0x000000),
            highlight: Color::hex(0xbdbdbd),
            route_palette: [
                Color::hex(0x000000),
                Color::hex(0x555555),
                Color::hex(0x000000),
                Color::hex(0x555555),
                Color::hex(0x000000),
                Color::hex(0x555555),
            ],
            casing: Color::hex(0xffffff),
            graticule: Color::hex(0xd0d0d0),
            locator: Color::hex(0x000000),
            panel: Color::hex(0xffffff),
            title_size: 30.0,
            subtitle_size: 18.0,
            label_size: 14.0,
            source_size: 12.0,
            font_family: FONT_FAMILY.to_string(),
        }
    }

    /// A light tint of the highlight colour, for a second highlighted country.
    pub fn tint(&self, c: Color) -> Color {
        c.mix(self.land, 0.55)
    }

    /// Whether the theme draws light text on dark land (the dark theme, or a light one whose
    /// colours the scene turned round).
    pub fn is_dark(&self) -> bool {
        self.land.luminance() < self.text.luminance()
    }

    /// The colour of a country's name on a highlighted country: darker than other country
    /// names on a light theme, near the text colour on a dark one, where it leaves the
    /// highlight more room to show.
    pub fn highlight_label(&self) -> Color {
        let t = if self.is_dark() { 0.85 } else { 0.45 };
        self.country_label.mix(self.text, t)
    }

    /// A highlight's fill as this theme draws it. On a dark theme a pale fill (one chosen
    /// for a light map) turns dark with its hue kept, the paler the darker, so that the
    /// first of several highlights stays the strongest; and any fill darkens until the
    /// country's name keeps [`TEXT_CONTRAST`] on it. Light themes keep the fill.
    pub fn fill(&self, c: Color) -> Color {
        if !self.is_dark() {
            return c;
        }
        let mut l = c.lightness();
        if l > 0.5 {
            l = 0.12 + (1.0 - l) * 0.5;
        }
        let label = self.highlight_label();
        let mut out = c.with_lightness(l);
        while out.contrast(label) < TEXT_CONTRAST && l > 0.0 {
            l -= 0.01;
            out = c.with_lightness(l);
        }
        out
    }

    /// A route's, layer's or marker's colour as this theme draws it. On a dark theme a colour
    /// lightens, hue kept, until it has [`LINE_CONTRAST`] against land and sea and, as the
    /// colour of route dates, [`TEXT_CONTRAST`] against their halo. Light themes keep it.
    pub fn line(&self, c: Color) -> Color {
        if !self.is_dark() {
            return c;
        }
        let readable = |c: Color| {
            c.contrast(self.land) >= LINE_CONTRAST
                && c.contrast(self.sea) >= LINE_CONTRAST
                && c.contrast(self.halo) >= TEXT_CONTRAST
        };
        let mut l = c.lightness();
        let mut out = c;
        while !readable(out) && l < 1.0 {
            l += 0.01;
            out = c.with_lightness(l);
        }
        out
    }
}

//! Colours as scene files write them: `#rgb`, `#rrggbb`, `#rrggbbaa` or a CSS name.

use std::borrow::Cow;
use std::fmt;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha, 255 is opaque.
    pub a: u8,
}

/// CSS colour names accepted besides hex notation (a common subset).
const NAMED: &[(&str, u32)] = &[
    ("black", 0x000000),
    ("white", 0xffffff),
    ("red", 0xff0000),
    ("green", 0x008000),
    ("blue", 0x0000ff),
    ("yellow", 0xffff00),
    ("orange", 0xffa500),
    ("purple", 0x800080),
    ("grey", 0x808080),
    ("gray", 0x808080),
    ("darkgrey", 0xa9a9a9),
    ("darkgray", 0xa9a9a9),
    ("lightgrey", 0xd3d3d3),
    ("lightgray", 0xd3d3d3),
    ("navy", 0x000080),
    ("teal", 0x008080),
    ("maroon", 0x800000),
    ("olive", 0x808000),
    ("brown", 0xa52a2a),
    ("crimson", 0xdc143c),
    ("darkred", 0x8b0000),
    ("darkblue", 0x00008b),
    ("darkgreen", 0x006400),
    ("darkorange", 0xff8c00),
    ("gold", 0xffd700),
    ("pink", 0xffc0cb),
    ("magenta", 0xff00ff),
    ("cyan", 0x00ffff),
    ("steelblue", 0x4682b4),
    ("royalblue", 0x4169e1),
    ("firebrick", 0xb22222),
    ("forestgreen", 0x228b22),
    ("seagreen", 0x2e8b57),
    ("slategray", 0x708090),
    ("slategrey", 0x708090),
    ("tomato", 0xff6347),
    ("indigo", 0x4b0082),
    ("violet", 0xee82ee),
    ("wheat", 0xf5deb3),
    ("beige", 0xf5f5dc),
    ("ivory", 0xfffff0),
    ("khaki", 0xf0e68c),
    ("salmon", 0xfa8072),
    ("coral", 0xff7f50),
    ("chocolate", 0xd2691e),
    ("tan", 0xd2b48c),
    ("silver", 0xc0c0c0),
    ("lime", 0x00ff00),
    ("aqua", 0x00ffff),
    ("fuchsia", 0xff00ff),
];

impl Color {
    /// An opaque colour from a `0xrrggbb` number.
    pub const fn hex(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 255,
        }
    }

    /// Parses `#rgb`, `#rrggbb`, `#rrggbbaa` or a CSS colour name.
    pub fn parse(text: &str) -> Result<Color, String> {
        let t = text.trim();
        let bad = || {
            format!("{text:?} is not a colour; use #rrggbb (e.g. \"#c0392b\") or a CSS name such as \"navy\"")
        };
        if let Some(hex) = t.strip_prefix('#') {
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(bad());
            }
            let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).unwrap_or(0);
            let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            return match hex.len() {
                3 => Ok(Color {
                    r: digit(0) * 17,
                    g: digit(1) * 17,
                    b: digit(2) * 17,
                    a: 255,
                }),
                6 | 8 => Ok(Color {
                    r: byte(0),
                    g: byte(2),
                    b: byte(4),
                    a: if hex.len() == 8 { byte(6) } else { 255 },
                }),
                _ => Err(bad()),
            };
        }
        let lower = t.to_ascii_lowercase();
        NAMED
            .iter()
            .find(|(name, _)| *name == lower)
            .map(|&(_, rgb)| Color::hex(rgb))
            .ok_or_else(bad)
    }

    /// The colour with another alpha.
    pub fn with_alpha(self, a: u8) -> Color {
        Color { a, ..self }
    }

    /// Relative luminance (0 black to 1 white), for choosing text and halo colours.
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }

    /// The WCAG 2 contrast ratio of two colours, from 1 (the same) to 21 (black on white),
    /// ignoring alpha. Text wants 4.5 or more against what it is drawn on, lines and symbols 3.
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// HSL lightness, 0 (black) to 1 (white).
    pub fn lightness(self) -> f64 {
        let (_, _, l) = self.hsl();
        l
    }

    /// The colour with its HSL lightness set to `l` (clamped to 0..=1), hue, saturation and
    /// alpha kept.
    pub fn with_lightness(self, l: f64) -> Color {
        let (h, s, _) = self.hsl();
        let l = l.clamp(0.0, 1.0);
        let q = if l < 0.5 {
            l * (1.0 + s)
        } else {
            l + s - l * s
        };
        let p = 2.0 * l - q;
        let channel = |t: f64| {
            let t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            (v * 255.0).round().clamp(0.0, 255.0) as u8
        };
        Color {
            r: channel(h + 1.0 / 3.0),
            g: channel(h),
            b: channel(h - 1.0 / 3.0),
            a: self.a,
        }
    }

    /// Hue (0..1), saturation and lightness.
    fn hsl(self) -> (f64, f64, f64) {
        let [r, g, b] = [self.r, self.g, self.b].map(|c| f64::from(c) / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let l = (max + min) / 2.0;
        let d = max - min;
        if d == 0.0 {
            return (0.0, 0.0, l);
        }
        let s = d / (1.0 - (2.0 * l - 1.0).abs());
        let h = if max == r {
            ((g - b) / d).rem_euclid(6.0)
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h / 6.0, s, l)
    }

    /// The colour mixed with `other` (`t` = 0 keeps self, 1 gives other).
    pub fn mix(self, other: Color, t: f64) -> Color {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Color {
            r: m(self.r, other.r),
            g: m(self.g, other.g),
            b: m(self.b, other.b),
            a: m(self.a, other.a),
        }
    }

    /// The colour as `#rrggbb`, ignoring alpha.
    pub fn rgb_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// Opacity, 0 to 1.
    pub fn opacity(self) -> f64 {
        f64::from(self.a) / 255.0
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.a == 255 {
            write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            write!(
                f,
                "#{:02x}{:02x}{:02x}{:02x}",
                self.r, self.g, self.b, self.a
            )
        }
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(d)?;
        Color::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Color {
    fn schema_name() -> Cow<'static, str> {
        "Color".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "#rgb, #rrggbb, #rrggbbaa or a CSS colour name",
            "examples": ["#c0392b", "navy"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_follows_wcag() {
        let (black, white) = (Color::hex(0x000000), Color::hex(0xffffff));
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        assert_eq!(Color::hex(0x777777).contrast(Color::hex(0x777777)), 1.0);
        // #767676 is the lightest grey with 4.5:1 on white.
        assert!(Color::hex(0x767676).contrast(white) >= 4.5);
        assert!(Color::hex(0x777777).contrast(white) < 4.5);
    }

    #[test]
    fn lightness_round_trips_and_keeps_hue() {
        for hex in [0xf4c96b, 0x1f4e79, 0xc0392b, 0x808080, 0x2e7d32] {
            let c = Color::hex(hex);
            assert_eq!(c.with_lightness(c.lightness()), c, "{hex:06x}");
        }
        let gold = Color::hex(0xf4c96b).with_lightness(0.3);
        assert!((gold.lightness() - 0.3).abs() < 0.01);
        assert!(gold.r > gold.g && gold.g > gold.b, "{gold}");
        assert_eq!(Color::hex(0x123456).with_alpha(9).with_lightness(0.5).a, 9);
    }

    #[test]
    fn parses_hex_and_names() {
        assert_eq!(Color::parse("#c0392b"), Ok(Color::hex(0xc0392b)));
        assert_eq!(Color::parse("#fff"), Ok(Color::hex(0xffffff)));
        assert_eq!(Color::parse("Navy"), Ok(Color::hex(0x000080)));
        assert_eq!(Color::parse("#00000080").map(|c| c.a), Ok(128));
        assert_eq!(Color::hex(0x1f4e79).to_string(), "#1f4e79");
        for bad in ["#12", "#ggg", "blurple", "", "#12345"] {
            assert!(Color::parse(bad).is_err(), "{bad}");
        }
    }
}

//! The page: a header (title, subtitle), the map frame, a footer (source line), and the
//! corners of the frame where the legend, scale bar and inset go.

use super::labels::{Rect, TextAnchor};
use super::text::{is_right_to_left, Fonts, Slant, TextStyle, Weight};
use super::LayoutError;
use crate::project::Canvas;
use crate::scene::Corner;
use crate::scene::Theme;

/// Where things go on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page width, px.
    pub width: f64,
    /// Page height, px.
    pub height: f64,
    /// Outer margin, px.
    pub margin: f64,
    /// Title lines with their baselines.
    pub title: Vec<(String, f64)>,
    /// Subtitle lines with their baselines.
    pub subtitle: Vec<(String, f64)>,
    /// Where the title's lines start: the frame's left edge, or its right edge (anchored
    /// at their end) for a right-to-left title.
    pub title_align: (f64, TextAnchor),
    /// Where the subtitle's lines start, as for the title.
    pub subtitle_align: (f64, TextAnchor),
    /// The map frame.
    pub frame: Canvas,
    /// Baseline of the source line.
    pub source_baseline: f64,
    /// The itinerary timeline's strip under the frame, as wide as the frame.
    pub timeline: Option<Canvas>,
}

/// Lays out the page for a title and subtitle (wrapped to the width), a source line and,
/// when `timeline_height` is above 0, a timeline strip of that height under the frame: the
/// page keeps its size and the frame gives up the room.
pub fn page(
    width: f64,
    height: f64,
    title: Option<&str>,
    subtitle: Option<&str>,
    timeline_height: f64,
    theme: &Theme,
) -> Result<Page, LayoutError> {
    let fonts = Fonts::embedded()?;
    let margin = (width.min(height) * 0.035).clamp(12.0, 40.0);
    let inner = width - 2.0 * margin;
    let mut y = margin * 0.6;
    let lines = |text: Option<&str>, size: f64, weight: Weight, y: &mut f64| {
        let mut out = Vec::new();
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            let style = TextStyle {
                size,
                weight,
                slant: Slant::Upright,
                letter_spacing: 0.0,
            };
            for line in fonts.wrap(text.trim(), &style, inner) {
                *y += size * 1.22;
                out.push((line, *y));
            }
            *y += size * 0.35;
        }
        out
    };
    let (title_text, subtitle_text) = (title, subtitle);
    let title = lines(title, theme.title_size, Weight::Bold, &mut y);
    let subtitle = lines(subtitle, theme.subtitle_size, Weight::Regular, &mut y);
    let top = if title.is_empty() && subtitle.is_empty() {
        margin
    } else {
        y + margin * 0.4
    };
    let align = |text: Option<&str>| {
        if text.is_some_and(is_right_to_left) {
            (width - margin, TextAnchor::End)
        } else {
            (margin, TextAnchor::Start)
        }
    };
    let footer = theme.source_size * 2.2;
    let mut bottom = height - footer - margin * 0.3;
    let timeline = (timeline_height > 0.0).then(|| {
        bottom -= timeline_height + margin * 0.4;
        Canvas {
            x: margin,
            y: bottom + margin * 0.4,
            width: inner,
            height: timeline_height,
        }
    });
    Ok(Page {
        width,
        height,
        margin,
        title_align: align(title_text),
        subtitle_align: align(subtitle_text),
        title,
        subtitle,
        frame: Canvas {
            x: margin,
            y: top,
            width: inner,
            height: (bottom - top).max(1.0),
        },
        source_baseline: height - margin * 0.3 - theme.source_size * 0.8,
        timeline,
    })
}

impl Page {
    /// The frame as a rectangle.
    pub fn frame_rect(&self) -> Rect {
        let f = self.frame;
        Rect {
            x0: f.x,
            y0: f.y,
            x1: f.x + f.width,
            y1: f.y + f.height,
        }
    }

    /// A box of `w` × `h` in `corner` of the frame, `inset` px from its edges.
    pub fn corner_box(&self, corner: Corner, w: f64, h: f64, inset: f64) -> Rect {
        let f = self.frame_rect();
        let (x0, y0) = match corner {
            Corner::TopLeft => (f.x0 + inset, f.y0 + inset),
            Corner::TopRight => (f.x1 - inset - w, f.y0 + inset),
            Corner::BottomLeft => (f.x0 + inset, f.y1 - inset - h),
            Corner::BottomRight => (f.x1 - inset - w, f.y1 - inset - h),
        };
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        }
    }
}

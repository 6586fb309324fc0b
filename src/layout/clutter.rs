//! What a box in a corner of the frame would hide: land, symbols and routes. The legend,
//! scale bar, north arrow and locator inset go where they hide least.

use geo::{BoundingRect, Contains, MapCoords};
use geo_types::{Coord, Polygon, Rect as GeoRect};

use super::labels::Rect;
use super::LayoutError;
use crate::basemap::{self, Detail};
use crate::project::MapTransform;

/// A box wholly on land costs as much as this many symbols or route points under it.
const LAND_WEIGHT: f64 = 3.0;

/// A box is clear when it hides no symbol or route and at most this share of land.
const CLEAR_LAND: f64 = 0.02;

/// How much less another corner must hide before a box leaves its preferred corner: a
/// quarter of a box of land, so that near-equal corners (a map all land) keep the usual one.
const MOVE_MARGIN: f64 = 0.75;

/// Pixels between the samples that measure a box's land.
const SAMPLE_STEP_PX: f64 = 12.0;

/// The map's features and land, to score boxes against.
pub(crate) struct Clutter<'a> {
    /// Symbols and points sampled along routes, px.
    points: &'a [(f64, f64)],
    transform: &'a MapTransform,
    /// Land polygons in lon/lat with their bounds (coarse: only shares are measured).
    land: Vec<(GeoRect<f64>, &'static Polygon<f64>)>,
    /// Polygons that cross the antimeridian (Fiji's Vanua Levu), their longitudes west of
    /// it moved by 360° so that the ring no longer wraps round the world.
    unwrapped: Vec<(GeoRect<f64>, Polygon<f64>)>,
}

/// What a box hides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hidden {
    /// Symbols and route points under the box or within a few px of it.
    pub points: usize,
    /// The share of the box over land, 0 to 1.
    pub land: f64,
}

impl Hidden {
    /// Whether the box hides nothing worth seeing.
    pub fn is_clear(&self) -> bool {
        self.points == 0 && self.land <= CLEAR_LAND
    }

    /// One number to compare boxes by: lower hides less.
    pub fn cost(&self) -> f64 {
        self.points as f64 + LAND_WEIGHT * self.land
    }
}

impl<'a> Clutter<'a> {
    /// The clutter of a map drawn with `transform`, whose features are at `points`.
    pub fn new(
        points: &'a [(f64, f64)],
        transform: &'a MapTransform,
    ) -> Result<Clutter<'a>, LayoutError> {
        let mut land = Vec::new();
        let mut unwrapped = Vec::new();
        let polygons = basemap::countries(Detail::D110m)?
            .iter()
            .filter_map(|f| f.geometry.polygons())
            .flat_map(|mp| mp.0.iter());
        for p in polygons {
            let Some(b) = p.bounding_rect() else { continue };
            // A ring spanning more than half the world that does not reach a pole (as
            // Antarctica's does) crosses the antimeridian.
            if b.width() > 180.0 && b.min().y > -85.0 && b.max().y < 85.0 {
                let east = p.map_coords(|c| Coord {
                    x: if c.x < 0.0 { c.x + 360.0 } else { c.x },
                    y: c.y,
                });
                if let Some(b) = east.bounding_rect() {
                    unwrapped.push((b, east));
                }
            } else {
                land.push((b, p));
            }
        }
        Ok(Clutter {
            points,
            transform,
            land,
            unwrapped,
        })
    }

    /// What `rect` would hide.
    pub fn hidden(&self, rect: &Rect) -> Hidden {
        let grown = rect.inflate(16.0);
        let points = self
            .points
            .iter()
            .filter(|&&(x, y)| x >= grown.x0 && x <= grown.x1 && y >= grown.y0 && y <= grown.y1)
            .count();
        Hidden {
            points,
            land: self.land_share(rect),
        }
    }

    /// The share of `rect` over land, from a grid of samples: the centre of each cell
    /// taken back to lon/lat. Samples off the globe are not land.
    fn land_share(&self, rect: &Rect) -> f64 {
        let nx = (rect.width() / SAMPLE_STEP_PX).ceil().clamp(2.0, 24.0) as usize;
        let ny = (rect.height() / SAMPLE_STEP_PX).ceil().clamp(2.0, 24.0) as usize;
        let mut land = 0;
        for j in 0..ny {
            for i in 0..nx {
                let x = rect.x0 + rect.width() * (i as f64 + 0.5) / nx as f64;
                let y = rect.y0 + rect.height() * (j as f64 + 0.5) / ny as f64;
                if self.is_land(x, y) {
                    land += 1;
                }
            }
        }
        land as f64 / (nx * ny) as f64
    }

    fn is_land(&self, x: f64, y: f64) -> bool {
        let t = self.transform;
        let Some((lon, lat)) = t.from_px(x, y) else {
            return false;
        };
        // Beyond the edge of a world map the inverse still answers, with a point that does
        // not project back to the pixel.
        match t.to_px(lon, lat) {
            Some((bx, by)) if (bx - x).abs() < 1.0 && (by - y).abs() < 1.0 => {}
            _ => return false,
        }
        let within = |b: &GeoRect<f64>, p: &Polygon<f64>, c: Coord<f64>| {
            c.x >= b.min().x
                && c.x <= b.max().x
                && c.y >= b.min().y
                && c.y <= b.max().y
                && p.contains(&c)
        };
        let c = Coord { x: lon, y: lat };
        let east = Coord {
            x: lon.rem_euclid(360.0),
            y: lat,
        };
        self.land.iter().any(|(b, p)| within(b, p, c))
            || self.unwrapped.iter().any(|(b, p)| within(b, p, east))
    }
}

/// Picks the corner, in order of preference, whose box hides least and overlaps no box in
/// `taken`: the first clear one, else the one that hides least, where a later corner must
/// hide [`MOVE_MARGIN`] less to win; `None` when every corner is taken.
pub(crate) fn free_corner<C: Copy>(
    candidates: impl IntoIterator<Item = (C, Rect)>,
    clutter: &Clutter<'_>,
    taken: &[Rect],
) -> Option<(C, Rect)> {
    let mut best: Option<(f64, C, Rect)> = None;
    for (c, r) in candidates {
        if taken.iter().any(|t| t.intersects(&r)) {
            continue;
        }
        let hidden = clutter.hidden(&r);
        if hidden.is_clear() {
            return Some((c, r));
        }
        let cost = hidden.cost();
        if best
            .as_ref()
            .is_none_or(|(b, _, _)| cost < *b - MOVE_MARGIN)
        {
            best = Some((cost, c, r));
        }
    }
    best.map(|(_, c, r)| (c, r))
}

#[cfg(test)]
mod tests {
    use geo::{Area, BooleanOps};

    use crate::gazetteer::Gazetteer;
    use crate::layout::labels::Rect;
    use crate::layout::{Layout, RenderOptions};
    use crate::scene::{self, ResolveSceneOptions, Scene};

    fn scene_of(path: &str) -> Scene {
        let text = std::fs::read_to_string(path).expect("example");
        Scene::from_json(&text).expect("scene")
    }

    fn lay_out(path: &str) -> Layout {
        let scene = scene_of(path);
        let g = Gazetteer::embedded().expect("gazetteer");
        let (resolved, _) =
            scene::resolve(&scene, &g, &ResolveSceneOptions::default()).expect("resolves");
        Layout::new(&resolved, &RenderOptions::default()).expect("lays out")
    }

    /// The share of `rect` covered by the drawn land.
    fn land_under(layout: &Layout, r: &Rect) -> f64 {
        let b = geo_types::Rect::new((r.x0, r.y0), (r.x1, r.y1)).to_polygon();
        layout.basemap.land.intersection(&b).unsigned_area() / (r.width() * r.height())
    }

    /// Maps whose furniture sat on land with a clearer corner free: the scale bar on
    /// Ukraine beside the Baltic, the locator over Lithuania beside the North Sea.
    #[test]
    fn furniture_moves_off_the_land_to_a_clearer_corner() {
        let scale = |l: &Layout| l.furniture.scale.map(|s| s.0);
        let inset = |l: &Layout| l.inset.as_ref().map(|i| i.rect);
        let legend = |l: &Layout| l.furniture.legend.as_ref().map(|l| l.0);
        type Pick<'a> = &'a dyn Fn(&Layout) -> Option<Rect>;
        let cases: [(&str, Pick, f64); 4] = [
            ("tests/golden/legend-and-scale-bar.json", &scale, 0.5),
            ("examples/european-capitals.json", &inset, 0.5),
            ("examples/world-six-continents.json", &legend, 0.1),
            ("examples/world-six-continents.json", &scale, 0.1),
        ];
        for (path, furniture, most) in cases {
            let layout = lay_out(path);
            let b = furniture(&layout).expect("drawn");
            let land = land_under(&layout, &b);
            assert!(
                land < most,
                "{path}: {b:?} covers {:.0}% land",
                land * 100.0
            );
        }
    }

    /// Regression: Vanua Levu's ring crosses the antimeridian, and read as it stands in
    /// lon/lat it covered the sea east of Fiji, so the locator left its clear corner.
    #[test]
    fn land_across_the_antimeridian_is_where_it_is() {
        let layout = lay_out("examples/highlight-fiji.json");
        let clutter = super::Clutter::new(&[], &layout.transform).expect("clutter");
        let f = layout.page.frame_rect();
        let top_right = Rect::new(f.x1 - 154.0, f.y0 + 12.0, f.x1 - 12.0, f.y0 + 154.0);
        assert!(land_under(&layout, &top_right) < 0.01, "the corner is sea");
        assert!(clutter.hidden(&top_right).is_clear(), "{top_right:?}");
        let inset = layout.inset.as_ref().expect("inset").rect;
        assert!(
            inset.y1 < f.centre().1,
            "the locator stays top right: {inset:?}"
        );
    }

    #[test]
    fn a_clear_corner_is_kept() {
        // The story map's locator stays top right and its legend bottom left: every corner
        // is land, and none is much clearer than the usual one.
        let layout = lay_out("examples/sco-samarkand.json");
        let f = layout.page.frame_rect();
        let (legend, _, _) = layout.furniture.legend.as_ref().expect("legend");
        assert!(
            legend.x0 < f.centre().0 && legend.y0 > f.centre().1,
            "{legend:?}"
        );
        let inset = layout.inset.as_ref().expect("inset").rect;
        assert!(
            inset.x0 > f.centre().0 && inset.y1 < f.centre().1,
            "{inset:?}"
        );
    }
}

//! Names inside areas: countries, the first-level regions a scene highlights and, on maps
//! zoomed in far enough, the other first-level regions, in letter-spaced upper case sized
//! by the room inside each.

use geo::{Area, Contains, Distance, Euclidean, Intersects};
use geo_types::{Coord, MultiPolygon, Point, Polygon};

use super::labels::{AreaLabel, Placer, Rect};
use super::map::Label;
use super::text::{Fonts, Slant, TextStyle, Weight};
use super::{LayoutError, MapWarning};
use crate::basemap::{self, Detail, Feature, Layer};
use crate::gazetteer::PlaceKind;
use crate::project::{project_geometry, MapTransform, PipelineOptions};
use crate::scene::{Color, ResolvedPlace, Theme};

/// Where an area's name may go, as multiples of its room (the distance from the pole of
/// inaccessibility to the border), in order of preference.
const LABEL_SHIFTS: [(f64, f64); 13] = [
    (0.0, 0.0),
    (0.5, 0.0),
    (-0.5, 0.0),
    (0.0, 0.4),
    (0.0, -0.4),
    (0.5, 0.4),
    (-0.5, 0.4),
    (0.5, -0.4),
    (-0.5, -0.4),
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, 0.8),
    (0.0, -0.8),
];

/// Areas smaller than this (px²) inside the frame get no name.
const MIN_AREA_PX: f64 = 600.0;

/// Largest type for a region's name: under a country's largest, as a region ranks under it.
const MAX_REGION_SIZE: f64 = 16.0;

/// Largest type for the name of a region the scene does not highlight, under the
/// highlighted ones'.
const MAX_OTHER_REGION_SIZE: f64 = 12.0;

/// Least room (px from the pole of inaccessibility to the border) of a region the scene
/// does not highlight for it to be named.
const MIN_OTHER_REGION_ROOM: f64 = 24.0;

/// Most regions the scene does not highlight named on one map, the largest first.
const MAX_OTHER_REGIONS: usize = 12;

/// An area that may be named: its largest part inside the frame, with the pole of
/// inaccessibility and the room around it.
struct Candidate {
    area: f64,
    name: String,
    /// The highlight it names, if any.
    highlight: Option<usize>,
    /// Highlighted countries first (0), then highlighted regions (1), then the other
    /// countries (2), then the other regions (3).
    rank: u8,
    poly: Polygon<f64>,
    centre: Point<f64>,
    room: f64,
}

impl Candidate {
    /// The candidate for `shape` (px), or `None` when too little of it is inside `frame`.
    fn new(
        name: &str,
        shape: &MultiPolygon<f64>,
        frame: &Rect,
        highlight: Option<usize>,
        rank: u8,
    ) -> Option<Candidate> {
        let largest = shape
            .0
            .iter()
            .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
        if largest.unsigned_area() < MIN_AREA_PX {
            return None;
        }
        // Only the part inside the frame can hold a label.
        let within_frame = geo::BoundingRect::bounding_rect(largest).is_some_and(|b| {
            b.min().x >= frame.x0
                && b.min().y >= frame.y0
                && b.max().x <= frame.x1
                && b.max().y <= frame.y1
        });
        let inside = if within_frame {
            largest.clone()
        } else {
            let frame_poly = geo::Rect::new(
                Coord {
                    x: frame.x0,
                    y: frame.y0,
                },
                Coord {
                    x: frame.x1,
                    y: frame.y1,
                },
            )
            .to_polygon();
            geo::BooleanOps::intersection(largest, &frame_poly)
                .0
                .into_iter()
                .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?
        };
        let area = inside.unsigned_area();
        if area < MIN_AREA_PX {
            return None;
        }
        let centre = crate::geometry::pole_of_inaccessibility(&inside, 1.0)?;
        let room = Euclidean.distance(&centre, inside.exterior());
        (room >= 8.0).then(|| Candidate {
            area,
            name: name.to_string(),
            highlight,
            rank,
            poly: inside,
            centre,
            room,
        })
    }
}

/// Country names, and the names of highlighted first-level regions: highlighted countries
/// first (in smaller type if need be), then highlighted regions, then the other countries
/// by size, then, when `name_regions` (a map zoomed in far enough to draw every region's
/// borders) the other first-level regions in small type, except those named as the markers
/// it holds are (the city of Vienna names its state); a highlighted country or region on
/// the map that finds no room is a warning.
#[allow(clippy::too_many_arguments)]
pub(crate) fn area_labels(
    out: &mut Vec<Label>,
    placer: &mut Placer,
    countries: &[Feature],
    name_regions: Option<&[&str]>,
    t: &MapTransform,
    popts: &PipelineOptions,
    theme: &Theme,
    highlights: &[(ResolvedPlace, MultiPolygon<f64>, Color)],
    boxes: &mut Vec<Rect>,
    warnings: &mut Vec<MapWarning>,
) -> Result<(), LayoutError> {
    let fonts = Fonts::embedded()?;
    let frame = placer.frame().inflate(-8.0);
    let named_as = named_highlights(highlights);
    let mut candidates = Vec::new();
    for f in countries {
        let Some(name) = f.prop("name") else { continue };
        let Some(polys) = f.geometry.polygons() else {
            continue;
        };
        let px = project_geometry(t, polys, popts).map_err(|e| LayoutError::Geometry {
            what: format!("country {name}"),
            message: e.to_string(),
        })?;
        let code = f.prop("iso_a2").unwrap_or("");
        let highlight = named_as
            .iter()
            .position(|k| *k == Some((PlaceKind::Country, code)) && !code.is_empty());
        let rank = if highlight.is_some() { 0 } else { 2 };
        candidates.extend(Candidate::new(name, &px, &frame, highlight, rank));
    }
    for (i, (p, px, _)) in highlights.iter().enumerate() {
        if p.kind == PlaceKind::Region && named_as[i].is_some() {
            candidates.extend(Candidate::new(&p.name, px, &frame, Some(i), 1));
        }
    }
    let lakes = match name_regions {
        Some(markers) => region_candidates(
            &mut candidates,
            placer.frame(),
            &frame,
            t,
            popts,
            highlights,
            markers,
        )?,
        None => Vec::new(),
    };
    candidates.sort_by(|a, b| {
        a.rank
            .cmp(&b.rank)
            .then_with(|| b.area.total_cmp(&a.area))
            .then_with(|| a.name.cmp(&b.name))
    });
    let mut named = vec![false; highlights.len()];
    // Another country's name half on a highlighted region reads as the region's: it keeps
    // to the rest of its country.
    let regions: Vec<&MultiPolygon<f64>> = highlights
        .iter()
        .filter(|(p, _, _)| p.kind == PlaceKind::Region)
        .map(|(_, px, _)| px)
        .collect();
    // A region's outline takes in its lakes (Michigan, Lake Michigan): its name keeps to
    // the land.
    let regions_and_lakes: Vec<&MultiPolygon<f64>> =
        regions.iter().copied().chain(lakes.iter()).collect();
    for c in candidates {
        let avoid: &[&MultiPolygon<f64>] = match (c.highlight, c.rank) {
            (Some(_), _) => &[],
            (None, 3) => &regions_and_lakes,
            (None, _) => &regions,
        };
        let Some((style, rect)) = place_name(placer, fonts, &c, avoid) else {
            continue;
        };
        if let Some(i) = c.highlight {
            named[i] = true;
        }
        let fill = if c.highlight.is_some() {
            theme.highlight_label()
        } else {
            theme.country_label
        };
        let (cx, cy) = rect.centre();
        out.push(Label::Country {
            text: c.name.to_uppercase(),
            origin: (cx, cy + style.size * 0.36),
            size: style.size,
            letter_spacing: style.letter_spacing,
            fill,
        });
        boxes.push(rect);
    }
    for (i, (p, shape, _)) in highlights.iter().enumerate() {
        if named_as[i].is_none() || named[i] || !on_map(shape, &frame) {
            continue;
        }
        let (name, origin) = (p.name.clone(), format!("highlight[{i}]"));
        warnings.push(match p.kind {
            PlaceKind::Region => MapWarning::RegionLabelDropped { name, origin },
            _ => MapWarning::CountryLabelDropped { name, origin },
        });
    }
    Ok(())
}

/// Candidates for the names of the first-level regions on the map that the scene does not
/// highlight (rank 3), from the 10m admin-1 layer: those whose bounds meet the frame's,
/// projected, less those a marker's label already names. `frame` is the placer's; `inner`
/// the part of it a name may take. Returns the 10m lakes on the map, projected, which
/// region outlines take in and their names avoid.
fn region_candidates(
    out: &mut Vec<Candidate>,
    frame: Rect,
    inner: &Rect,
    t: &MapTransform,
    popts: &PipelineOptions,
    highlights: &[(ResolvedPlace, MultiPolygon<f64>, Color)],
    markers: &[&str],
) -> Result<Vec<MultiPolygon<f64>>, LayoutError> {
    let Some(window) = lon_lat_window(t, &frame) else {
        return Ok(Vec::new());
    };
    let in_view = |g: &basemap::Geometry| {
        g.polygons()
            .and_then(geo::BoundingRect::bounding_rect)
            .is_some_and(|b| b.intersects(&window))
    };
    // Only the features in view are kept as the layer is read: a city map needs a few of
    // the admin-1 layer's 4,500 regions, and holding them all cost it 20 ms. A highlighted
    // region has had the whole layer decoded for its outline already: that is read instead.
    let read;
    let regions: &[Feature] = if highlights
        .iter()
        .any(|(p, _, _)| p.kind == PlaceKind::Region)
    {
        basemap::admin1()?
    } else {
        read = basemap::load_where(Detail::D10m, Layer::Admin1, in_view)?;
        &read
    };
    let mut regions_found = Vec::new();
    for f in regions.iter().filter(|f| in_view(&f.geometry)) {
        let code = f.prop("iso_3166_2").unwrap_or("");
        let highlighted = highlights
            .iter()
            .any(|(p, _, _)| p.kind == PlaceKind::Region && !code.is_empty() && p.code == code);
        let name = f
            .prop("name_en")
            .filter(|n| !n.is_empty())
            .or_else(|| f.prop("name"));
        let (Some(name), Some(polys), false) = (name, f.geometry.polygons(), highlighted) else {
            continue;
        };
        if markers.iter().any(|m| m.eq_ignore_ascii_case(name)) {
            continue;
        }
        let px = project_geometry(t, polys, popts).map_err(|e| LayoutError::Geometry {
            what: format!("region {name}"),
            message: e.to_string(),
        })?;
        regions_found.extend(
            Candidate::new(name, &px, inner, None, 3).filter(|c| c.room >= MIN_OTHER_REGION_ROOM),
        );
    }
    // A country of many small divisions (Azerbaijan's rayons) would fill the map with names.
    regions_found.sort_by(|a, b| b.area.total_cmp(&a.area));
    regions_found.truncate(MAX_OTHER_REGIONS);
    out.extend(regions_found);
    let mut lakes = Vec::new();
    for f in basemap::load_where(Detail::D10m, Layer::Lakes, in_view)? {
        if let Some(polys) = f.geometry.polygons() {
            lakes.push(
                project_geometry(t, polys, popts).map_err(|e| LayoutError::Geometry {
                    what: "lake".into(),
                    message: e.to_string(),
                })?,
            );
        }
    }
    Ok(lakes)
}

/// The lon/lat bounds of what `frame` shows, from a grid of its points taken back to
/// lon/lat and a margin; `None` when a point has no inverse or the frame spans more than
/// half the world's longitudes (such a map draws no region names anyway).
fn lon_lat_window(t: &MapTransform, frame: &Rect) -> Option<geo_types::Rect<f64>> {
    const STEPS: usize = 8;
    let (mut west, mut south, mut east, mut north) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for i in 0..=STEPS {
        for j in 0..=STEPS {
            let x = frame.x0 + frame.width() * i as f64 / STEPS as f64;
            let y = frame.y0 + frame.height() * j as f64 / STEPS as f64;
            let (lon, lat) = t.from_px(x, y)?;
            west = west.min(lon);
            east = east.max(lon);
            south = south.min(lat);
            north = north.max(lat);
        }
    }
    let margin = 0.1 * (east - west).max(north - south);
    (east - west <= 180.0).then(|| {
        geo_types::Rect::new(
            Coord {
                x: west - margin,
                y: south - margin,
            },
            Coord {
                x: east + margin,
                y: north + margin,
            },
        )
    })
}

/// For each highlight, the kind and code it is named by: countries by ISO code and
/// first-level regions by ISO 3166-2 code, each the first time it is highlighted;
/// `None` for continents and repeats.
fn named_highlights(
    highlights: &[(ResolvedPlace, MultiPolygon<f64>, Color)],
) -> Vec<Option<(PlaceKind, &str)>> {
    let mut out: Vec<Option<(PlaceKind, &str)>> = Vec::with_capacity(highlights.len());
    for (p, _, _) in highlights {
        let key = match p.kind {
            PlaceKind::Country => Some((PlaceKind::Country, p.country_code.as_str())),
            PlaceKind::Region => Some((PlaceKind::Region, p.code.as_str())),
            _ => None,
        };
        let repeat = key.is_some() && out.contains(&key);
        out.push(key.filter(|_| !repeat));
    }
    out
}

/// Whether any of `shape` is inside `frame`.
fn on_map(shape: &MultiPolygon<f64>, frame: &Rect) -> bool {
    geo::BoundingRect::bounding_rect(shape).is_some_and(|b| {
        b.max().x > frame.x0 && b.min().x < frame.x1 && b.max().y > frame.y0 && b.min().y < frame.y1
    })
}

/// Places a candidate's name: the pole of inaccessibility first, then points around it,
/// nearest first, each at the largest size that fits inside the area, so that a route or a
/// city label across the middle moves the name aside rather than dropping it.
fn place_name(
    placer: &mut Placer,
    fonts: &Fonts,
    c: &Candidate,
    avoid: &[&MultiPolygon<f64>],
) -> Option<(TextStyle, Rect)> {
    let upper = c.name.to_uppercase();
    let smallest = if c.highlight.is_some() { 7.0 } else { 9.0 };
    let mut top = (8.0 + c.room / 8.0).clamp(9.0, 22.0);
    match c.rank {
        1 => top = top.min(MAX_REGION_SIZE),
        3 => top = top.min(MAX_OTHER_REGION_SIZE),
        _ => {}
    }
    for (fx, fy) in LABEL_SHIFTS {
        let at = (c.centre.x() + fx * c.room, c.centre.y() + fy * c.room);
        let mut sizes = Vec::new();
        let mut styles = Vec::new();
        let mut size = top;
        while size >= smallest {
            let style = TextStyle {
                size,
                weight: Weight::Regular,
                slant: Slant::Upright,
                letter_spacing: size * 0.14,
            };
            let m = fonts.measure(&upper, &style);
            let (w, h) = (m.width, size * 1.05);
            let rect = Rect::centred(at, w, h);
            if box_inside(&c.poly, &rect)
                && !avoid
                    .iter()
                    .any(|a| box_points(&rect).any(|(x, y)| a.contains(&Point::new(x, y))))
            {
                sizes.push((w, h));
                styles.push(style);
            }
            size -= 1.0;
        }
        if sizes.is_empty() {
            continue;
        }
        let request = AreaLabel {
            centre: at,
            sizes,
            priority: c.area as i32,
        };
        if let Some((k, rect)) = placer.place_area(&request) {
            return Some((styles.swap_remove(k), rect));
        }
    }
    None
}

/// Whether a box lies inside a polygon (corners and edge midpoints).
fn box_inside(poly: &Polygon<f64>, b: &Rect) -> bool {
    box_points(b).all(|(x, y)| poly.contains(&Point::new(x, y)))
}

/// A box's corners and edge midpoints.
fn box_points(b: &Rect) -> impl Iterator<Item = (f64, f64)> {
    let (mx, my) = b.centre();
    [
        (b.x0, b.y0),
        (b.x1, b.y0),
        (b.x0, b.y1),
        (b.x1, b.y1),
        (mx, b.y0),
        (mx, b.y1),
        (b.x0, my),
        (b.x1, my),
    ]
    .into_iter()
}

#[cfg(test)]
mod tests {
    use geo::Contains;
    use geo_types::Point;

    use crate::gazetteer::Gazetteer;
    use crate::layout::map::Label;
    use crate::layout::{Layout, RenderOptions};
    use crate::scene::{self, ResolveSceneOptions, Scene};

    /// The Netherlands' name sat half on highlighted South Holland, China's on Sichuan, where
    /// it read as the region's: another country's name keeps off a highlighted region.
    #[test]
    fn country_names_keep_off_highlighted_regions() {
        let g = Gazetteer::embedded().expect("gazetteer");
        for (path, country) in [
            ("examples/randstad.json", "NETHERLANDS"),
            ("examples/sichuan-province.json", "CHINA"),
        ] {
            let text = std::fs::read_to_string(path).expect("example");
            let scene = Scene::from_json(&text).expect("scene");
            let (resolved, _) =
                scene::resolve(&scene, &g, &ResolveSceneOptions::default()).expect("resolves");
            let layout = Layout::new(&resolved, &RenderOptions::default()).expect("lays out");
            let (origin, size) = layout
                .labels
                .iter()
                .find_map(|l| match l {
                    Label::Country {
                        text, origin, size, ..
                    } if text == country => Some((*origin, *size)),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{path}: {country} is not named"));
            let centre = Point::new(origin.0, origin.1 - size * 0.36);
            for h in &layout.highlights {
                assert!(
                    !h.px.contains(&centre),
                    "{path}: {country} sits on {}",
                    h.id
                );
            }
        }
    }
}

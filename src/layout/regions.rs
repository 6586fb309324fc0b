//! The first-level borders of a highlighted region's country: a map of Sichuan shows China's
//! provinces around it, whatever the basemap's detail.

use geo_types::{Coord, LineString, MultiLineString};
use rustc_hash::{FxHashMap, FxHashSet};

use super::LayoutError;
use crate::basemap::{self, Feature};
use crate::gazetteer::PlaceKind;
use crate::scene::ResolvedScene;

/// Grid units per degree of the 10m admin-1 layer: its coordinates are whole multiples of
/// 1e-5°, so a vertex shared by two regions has one key.
const GRID: f64 = 100_000.0;

/// An edge between two vertices on the admin-1 grid, either way round: each vertex packs
/// its two grid coordinates (at most 18,000,000 in size, so 32 bits each) into 64 bits.
type Edge = u128;

/// The borders between the first-level regions of every country with a highlighted
/// first-level region, in degrees; empty when no highlight is a region.
pub(crate) fn highlighted_countries(
    scene: &ResolvedScene,
) -> Result<MultiLineString<f64>, LayoutError> {
    let mut countries: Vec<&str> = scene
        .highlights
        .iter()
        .map(|h| &h.place)
        .filter(|p| {
            !matches!(
                p.kind,
                PlaceKind::Country | PlaceKind::Continent | PlaceKind::Macroregion
            ) && !p.country_code.is_empty()
        })
        .map(|p| p.country_code.as_str())
        .collect();
    countries.sort_unstable();
    countries.dedup();
    let mut lines = Vec::new();
    if countries.is_empty() {
        return Ok(MultiLineString::new(lines));
    }
    let admin1 = basemap::admin1()?;
    for code in countries {
        let regions: Vec<&Feature> = admin1
            .iter()
            .filter(|f| f.prop("adm0_a2") == Some(code))
            .collect();
        lines.extend(shared_edges(&regions));
    }
    Ok(MultiLineString::new(lines))
}

/// The edges that two of `regions` share (their common borders, not the coast or the
/// country's border), joined into lines in the order the regions' rings run.
fn shared_edges(regions: &[&Feature]) -> Vec<LineString<f64>> {
    let vertex = |c: Coord<f64>| -> u64 {
        let x = (c.x * GRID).round() as i32 as u32;
        let y = (c.y * GRID).round() as i32 as u32;
        (u64::from(x) << 32) | u64::from(y)
    };
    let edge = |a: Coord<f64>, b: Coord<f64>| -> Edge {
        let (a, b) = (vertex(a), vertex(b));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        (u128::from(lo) << 64) | u128::from(hi)
    };
    let edges: usize = regions
        .iter()
        .flat_map(|f| rings(f))
        .map(|r| r.0.len())
        .sum();
    // The first region to use each edge, and whether another uses it too. Only looked up:
    // the output follows the regions' own order.
    let mut owner: FxHashMap<Edge, (usize, bool)> = FxHashMap::default();
    owner.reserve(edges);
    for (i, f) in regions.iter().enumerate() {
        for ring in rings(f) {
            for w in ring.0.windows(2) {
                let slot = owner.entry(edge(w[0], w[1])).or_insert((i, false));
                if slot.0 != i {
                    slot.1 = true;
                }
            }
        }
    }
    let mut drawn: FxHashSet<Edge> = FxHashSet::default();
    let mut out = Vec::new();
    for f in regions {
        for ring in rings(f) {
            let mut line: Vec<Coord<f64>> = Vec::new();
            for w in ring.0.windows(2) {
                let e = edge(w[0], w[1]);
                let shared = owner.get(&e).is_some_and(|&(_, shared)| shared);
                if shared && drawn.insert(e) {
                    if line.last() != Some(&w[0]) {
                        flush(&mut line, &mut out);
                        line.push(w[0]);
                    }
                    line.push(w[1]);
                } else {
                    flush(&mut line, &mut out);
                }
            }
            flush(&mut line, &mut out);
        }
    }
    out
}

/// Every ring of a region, exteriors and holes.
fn rings(f: &Feature) -> impl Iterator<Item = &LineString<f64>> {
    f.geometry
        .polygons()
        .into_iter()
        .flat_map(|mp| mp.0.iter())
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

/// Moves `line` into `out` if it has an edge, and empties it.
fn flush(line: &mut Vec<Coord<f64>>, out: &mut Vec<LineString<f64>>) {
    if line.len() >= 2 {
        out.push(LineString(std::mem::take(line)));
    } else {
        line.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(code: &str) -> Vec<&'static Feature> {
        basemap::admin1()
            .unwrap()
            .iter()
            .filter(|f| f.prop("adm0_a2") == Some(code))
            .collect()
    }

    #[test]
    fn bavaria_borders_its_neighbours_inside_germany_only() {
        let lines = shared_edges(&country("DE"));
        let points: Vec<Coord<f64>> = lines.iter().flat_map(|l| l.0.iter().copied()).collect();
        assert!(lines.len() >= 10, "{} lines", lines.len());
        // The Bavaria/Baden-Württemberg border runs near Ulm (10.0°E, 48.4°N)...
        assert!(points
            .iter()
            .any(|c| (c.x - 10.05).abs() < 0.1 && (c.y - 48.4).abs() < 0.1));
        // ...but the German/Austrian border near Salzburg (13.0°E, 47.8°N) is no region
        // border, nor are the Danish border and the coasts of northern Schleswig-Holstein.
        assert!(!points
            .iter()
            .any(|c| (c.x - 12.95).abs() < 0.05 && (c.y - 47.8).abs() < 0.05));
        assert!(!points.iter().any(|c| c.y > 54.5));
    }

    #[test]
    fn every_shared_edge_is_drawn_once() {
        let lines = shared_edges(&country("UZ"));
        let mut edges: Vec<_> = lines
            .iter()
            .flat_map(|l| l.0.windows(2).map(|w| ((w[0].x, w[0].y), (w[1].x, w[1].y))))
            .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
            .map(|(a, b)| format!("{a:?}{b:?}"))
            .collect();
        let n = edges.len();
        assert!(n > 100);
        edges.sort();
        edges.dedup();
        assert_eq!(edges.len(), n);
    }
}

//! Reverse lookup: the named place nearest to a point, through an R-tree.
//!
//! Points are stored as unit vectors on the sphere, so the nearest by straight-line (chord)
//! distance is also the nearest by great-circle distance, at every latitude and across the
//! antimeridian.

use rstar::primitives::GeomWithData;
use rstar::RTree;

use super::{Gazetteer, PlaceKind};

const EARTH_RADIUS_KM: f64 = 6371.0088;

type Entry = GeomWithData<[f64; 3], (usize, u32)>;

/// The R-tree over the cities and user points of every layer.
pub(super) struct Tree {
    tree: RTree<Entry>,
}

fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (lat, lon) = (lat.to_radians(), lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

impl Tree {
    pub(super) fn build(gazetteer: &Gazetteer) -> Tree {
        let mut entries = Vec::new();
        for (layer, l) in gazetteer.layers.iter().enumerate() {
            for idx in 0..l.index.len() as u32 {
                let Some(p) = l.index.place(idx) else {
                    continue;
                };
                if matches!(p.kind, PlaceKind::City | PlaceKind::Point) {
                    entries.push(Entry::new(unit_vector(p.lat, p.lon), (layer, idx)));
                }
            }
        }
        Tree {
            tree: RTree::bulk_load(entries),
        }
    }

    /// The nearest entry's layer, record and great-circle distance in km.
    pub(super) fn nearest(&self, lat: f64, lon: f64) -> Option<(usize, u32, f64)> {
        if !(lat.is_finite() && lon.is_finite()) {
            return None;
        }
        let q = unit_vector(lat, lon);
        let hit = self.tree.nearest_neighbor(&q)?;
        let g = hit.geom();
        let chord = ((g[0] - q[0]).powi(2) + (g[1] - q[1]).powi(2) + (g[2] - q[2]).powi(2)).sqrt();
        let km = 2.0 * (chord / 2.0).min(1.0).asin() * EARTH_RADIUS_KM;
        Some((hit.data.0, hit.data.1, km))
    }
}

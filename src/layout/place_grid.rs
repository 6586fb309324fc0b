//! Finding a place already seen, in constant time: points hashed into cells as wide as
//! [`same_place`]'s tolerance, so a lookup looks at the nine cells around a point instead
//! of every point before it (100,000 markers took seconds when each was compared with all
//! the earlier ones).

use rustc_hash::FxHashMap;

use super::map::same_place;

/// Cell side in degrees: the tolerance of [`same_place`], so two places that count as the
/// same lie in the same or neighbouring cells.
const CELL: f64 = 1e-3;

/// A point `(lon, lat)` with the index it was added with.
type Indexed = (usize, (f64, f64));

/// Points in cells.
#[derive(Debug, Default)]
pub(crate) struct PlaceGrid {
    cells: FxHashMap<(i64, i64), Vec<Indexed>>,
}

impl PlaceGrid {
    fn cell(p: (f64, f64)) -> (i64, i64) {
        ((p.0 / CELL).floor() as i64, (p.1 / CELL).floor() as i64)
    }

    /// Adds `p` with `index`.
    pub(crate) fn insert(&mut self, index: usize, p: (f64, f64)) {
        self.cells
            .entry(Self::cell(p))
            .or_default()
            .push((index, p));
    }

    /// The smallest index of a point that is the same place as `p`, as a scan in order would
    /// find it.
    pub(crate) fn find(&self, p: (f64, f64)) -> Option<usize> {
        let (cx, cy) = Self::cell(p);
        let mut best: Option<usize> = None;
        for dx in -1..=1 {
            for dy in -1..=1 {
                let Some(points) = self.cells.get(&(cx + dx, cy + dy)) else {
                    continue;
                };
                for &(i, q) in points {
                    if same_place(q, p) && best.is_none_or(|b| i < b) {
                        best = Some(i);
                    }
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_a_scan_finds() {
        let points: Vec<(f64, f64)> = (0..2000)
            .map(|i| {
                let f = i as f64;
                // Many near-duplicates across cell borders, and both signs.
                (
                    ((f * 0.37) % 3.0) * 1e-3 - 1e-3,
                    ((f * 0.61) % 5.0) * 4e-4 - 9e-4,
                )
            })
            .collect();
        let mut grid = PlaceGrid::default();
        for (i, &p) in points.iter().enumerate() {
            let scan = points[..i].iter().position(|&q| same_place(q, p));
            assert_eq!(grid.find(p), scan, "{i} {p:?}");
            grid.insert(i, p);
        }
    }
}

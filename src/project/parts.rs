//! Which parts of a highlighted shape a map should fit.
//!
//! A country's far islands (France's Guiana, Norway's Svalbard seen from Oslo) should
//! not shrink its map, but a continent or a group of countries is many parts of
//! similar weight, all of which belong on the map (Africa is not just Algeria, South
//! America keeps Patagonia). The parts kept are the largest and, growing from it,
//! every part within reach of those already kept: a part reaches as far as the side
//! of a square of its own area, and at least [`MIN_REACH_KM`] (Madagascar joins
//! Africa, Corsica joins France, Cape Verde and French Guiana stay off the map).
//!
//! Areas and gaps are measured the short way round the antimeridian, so a ring that
//! steps across it (Fiji's, Chukotka's) is not mistaken for one spanning the globe.

use geo_types::{MultiPolygon, Polygon};

use crate::geometry::densify_lonlat;

/// Kilometres per degree of latitude.
const KM_PER_DEG: f64 = 111.2;

/// Every part reaches at least this far, km: a coast's small islands join it.
pub const MIN_REACH_KM: f64 = 250.0;

/// A part's longitude-unwrapped box and its area.
#[derive(Debug, Clone, Copy)]
struct Part {
    west: f64,
    east: f64,
    south: f64,
    north: f64,
    area_km2: f64,
}

impl Part {
    fn of(poly: &Polygon<f64>) -> Option<Part> {
        let pts: Vec<(f64, f64)> = poly.exterior().coords().map(|c| (c.x, c.y)).collect();
        // An infinite step adds no points: the ring is only unwrapped.
        let ring = densify_lonlat(&pts, f64::INFINITY, true);
        let first = *ring.first()?;
        let (mut west, mut east, mut south, mut north) = (first.0, first.0, first.1, first.1);
        let mut twice_area = 0.0;
        for w in ring.windows(2) {
            let (a, b) = (w[0], w[1]);
            west = west.min(b.0);
            east = east.max(b.0);
            south = south.min(b.1);
            north = north.max(b.1);
            // Shoelace on an equal-area sinusoidal plane.
            let (xa, xb) = (a.0 * a.1.to_radians().cos(), b.0 * b.1.to_radians().cos());
            twice_area += xa * b.1 - xb * a.1;
        }
        let area_km2 = (twice_area / 2.0).abs() * KM_PER_DEG * KM_PER_DEG;
        Some(Part {
            west,
            east,
            south,
            north,
            area_km2,
        })
    }

    /// Whether the ring reaches round a pole (Antarctica): its longitudes then mean
    /// nothing for gaps.
    fn round_a_pole(&self) -> bool {
        self.east - self.west >= 359.0
    }

    /// Kilometres between the two boxes (zero when they overlap), longitudes compared
    /// the short way round.
    fn gap_km(&self, other: &Part) -> f64 {
        let dlat = (other.south - self.north)
            .max(self.south - other.north)
            .max(0.0);
        let dlon = if self.round_a_pole() || other.round_a_pole() {
            0.0
        } else {
            let centre = |p: &Part| (p.west + p.east) / 2.0;
            let half = |p: &Part| (p.east - p.west) / 2.0;
            let d = (centre(other) - centre(self)).rem_euclid(360.0);
            let d = d.min(360.0 - d);
            (d - half(self) - half(other)).max(0.0)
        };
        let lat = (self.south.max(other.south) + self.north.min(other.north)) / 2.0;
        let dlon_km = dlon * KM_PER_DEG * lat.clamp(-89.0, 89.0).to_radians().cos();
        (dlat * KM_PER_DEG).hypot(dlon_km)
    }

    fn reach_km(&self) -> f64 {
        self.area_km2.sqrt().max(MIN_REACH_KM)
    }
}

/// The parts of `shape` to fit on its map (see the module docs), largest first,
/// then in the order they were reached.
pub fn parts_to_fit(shape: &MultiPolygon<f64>) -> Vec<Polygon<f64>> {
    let parts: Vec<(usize, Part)> = shape
        .0
        .iter()
        .enumerate()
        .filter_map(|(i, p)| Part::of(p).map(|part| (i, part)))
        .collect();
    let Some(&(first, _)) = parts
        .iter()
        .max_by(|a, b| a.1.area_km2.total_cmp(&b.1.area_km2).then(b.0.cmp(&a.0)))
    else {
        return Vec::new();
    };
    let mut kept = vec![first];
    let mut frontier = vec![first];
    while let Some(k) = frontier.pop() {
        let Some(&(_, from)) = parts.iter().find(|(i, _)| *i == k) else {
            continue;
        };
        for &(i, part) in &parts {
            if kept.contains(&i) {
                continue;
            }
            let reach = from.reach_km().max(part.reach_km());
            if from.gap_km(&part) <= reach {
                kept.push(i);
                frontier.push(i);
            }
        }
    }
    kept.iter().map(|&i| shape.0[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::{countries, Detail};
    use geo_types::LineString;

    /// A square `size` degrees wide from its south-west corner.
    fn square(lon: f64, lat: f64, size: f64) -> Polygon<f64> {
        Polygon::new(
            LineString::from(vec![
                (lon, lat),
                (lon + size, lat),
                (lon + size, lat + size),
                (lon, lat + size),
                (lon, lat),
            ]),
            vec![],
        )
    }

    fn country(name: &str) -> MultiPolygon<f64> {
        let f = countries(Detail::D50m)
            .expect("countries")
            .iter()
            .find(|f| f.prop("name") == Some(name))
            .unwrap_or_else(|| panic!("no {name}"));
        f.geometry.polygons().expect("polygons").clone()
    }

    fn lat_range(parts: &[Polygon<f64>]) -> (f64, f64) {
        parts
            .iter()
            .flat_map(|p| p.exterior().coords())
            .fold((90.0, -90.0), |(s, n), c| (s.min(c.y), n.max(c.y)))
    }

    fn continent(name: &str) -> MultiPolygon<f64> {
        let parts = countries(Detail::D50m)
            .expect("countries")
            .iter()
            .filter(|f| f.prop("continent") == Some(name))
            .filter_map(|f| f.geometry.polygons())
            .flat_map(|mp| mp.0.iter().cloned())
            .collect();
        MultiPolygon::new(parts)
    }

    #[test]
    fn a_continent_keeps_all_its_countries() {
        // Algeria and Brazil are the largest parts; the Cape and Patagonia must stay.
        let (south, north) = lat_range(&parts_to_fit(&continent("Africa")));
        assert!(south < -34.0 && north > 36.0, "{south}..{north}");
        let (south, north) = lat_range(&parts_to_fit(&continent("South America")));
        assert!(south < -54.0 && north > 11.0, "{south}..{north}");
    }

    #[test]
    fn far_islands_stay_off_and_near_ones_join() {
        let france = parts_to_fit(&country("France"));
        assert!(
            france
                .iter()
                .all(|p| p.exterior().coords().all(|c| c.y > 40.0)),
            "French Guiana or a far island was kept"
        );
        assert!(france.len() >= 2, "Corsica joins France");
        let fiji = parts_to_fit(&country("Fiji"));
        let lons: Vec<f64> = fiji
            .iter()
            .flat_map(|p| p.exterior().coords().map(|c| c.x))
            .collect();
        assert!(lons.iter().any(|&x| x > 177.0), "Viti Levu");
        assert!(lons.iter().any(|&x| x < -179.0), "the islands east of 180°");
    }

    #[test]
    fn lone_squares_far_apart_are_not_joined() {
        let shape = MultiPolygon::new(vec![square(0.0, 0.0, 10.0), square(100.0, 0.0, 1.0)]);
        assert_eq!(parts_to_fit(&shape).len(), 1);
        let shape = MultiPolygon::new(vec![square(0.0, 0.0, 10.0), square(10.5, 0.0, 1.0)]);
        assert_eq!(parts_to_fit(&shape).len(), 2);
        assert!(parts_to_fit(&MultiPolygon::new(vec![])).is_empty());
    }
}

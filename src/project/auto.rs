//! Automatic projection choice from a geographic extent, following d3 and
//! common cartographic practice (Snyder, "Map Projections: A Working Manual").
//!
//! Rules, checked in this order (thresholds in [`AutoThresholds`]):
//! 1. **Polar**: the extent reaches beyond `polar_lat` (70°) on one side and
//!    stays beyond `polar_min_lat` (20°) on that side → azimuthal equidistant
//!    centred on that pole, central meridian at the extent's centre (so the
//!    data hangs "below" the pole).
//! 2. **World**: longitude span > `world_lon_span` (150°), or latitude span >
//!    `world_lat_span` (100°), or both spans above the "wide" pair (90°, 50°)
//!    → Equal Earth with its central meridian at the extent's centre (a
//!    Pacific trip is centred on the Pacific).
//! 3. **Small** (city scale): the larger of the latitude span and the
//!    longitude span shrunk by cos(mid-latitude) is below `small_span` (5°)
//!    → transverse Mercator centred on the extent.
//! 4. **Equatorial**: the extent crosses the equator or stays within
//!    `equatorial_lat` (20°) of it → Mercator if it is wider than tall, else
//!    transverse Mercator (north–south elongated, e.g. Africa, the Andes).
//! 5. Otherwise **mid-latitude regional** → Lambert conformal conic with
//!    standard parallels at 1/6 and 5/6 of the latitude span, centred.

use super::{GeoExtent, ProjectError, Projection, ProjectionKind, ProjectionParams};

/// Thresholds (degrees) steering [`auto_projection`]; see the module docs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoThresholds {
    /// Reaching beyond this latitude makes an extent polar...
    pub polar_lat: f64,
    /// ...provided it stays beyond this latitude on the same side.
    pub polar_min_lat: f64,
    /// Longitude span above which the map is world-scale.
    pub world_lon_span: f64,
    /// Latitude span above which the map is world-scale.
    pub world_lat_span: f64,
    /// Longitude span that, together with `wide_lat_span`, is world-scale.
    pub wide_lon_span: f64,
    /// Latitude span that, together with `wide_lon_span`, is world-scale.
    pub wide_lat_span: f64,
    /// Extents smaller than this are city-scale.
    pub small_span: f64,
    /// Extents within this latitude of the equator are equatorial.
    pub equatorial_lat: f64,
}

impl Default for AutoThresholds {
    fn default() -> Self {
        AutoThresholds {
            polar_lat: 70.0,
            polar_min_lat: 20.0,
            world_lon_span: 150.0,
            world_lat_span: 100.0,
            wide_lon_span: 90.0,
            wide_lat_span: 50.0,
            small_span: 5.0,
            equatorial_lat: 20.0,
        }
    }
}

/// Picks a projection for `extent` with the default thresholds.
pub fn auto_projection(extent: &GeoExtent) -> Result<Projection, ProjectError> {
    auto_projection_with(extent, &AutoThresholds::default())
}

/// Picks a projection for `extent` with explicit thresholds.
pub fn auto_projection_with(
    extent: &GeoExtent,
    t: &AutoThresholds,
) -> Result<Projection, ProjectError> {
    let (lon_c, lat_c) = extent.centre();
    let (south, north) = (extent.south, extent.north);
    let lon_span = extent.span;
    let lat_span = extent.lat_span();
    let params = |lat0: f64, parallels: (f64, f64)| ProjectionParams {
        lon0: lon_c,
        lat0,
        parallels,
        rotation: 0.0,
    };

    if north > t.polar_lat && south >= t.polar_min_lat {
        return Projection::new(
            ProjectionKind::AzimuthalEquidistant,
            params(90.0, (60.0, 80.0)),
        );
    }
    if south < -t.polar_lat && north <= -t.polar_min_lat {
        return Projection::new(
            ProjectionKind::AzimuthalEquidistant,
            params(-90.0, (-60.0, -80.0)),
        );
    }
    let wide = lon_span > t.wide_lon_span && lat_span > t.wide_lat_span;
    if lon_span > t.world_lon_span || lat_span > t.world_lat_span || wide {
        return Projection::new(ProjectionKind::EqualEarth, params(0.0, (30.0, 60.0)));
    }
    let ground_lon_span = lon_span * lat_c.to_radians().cos();
    if ground_lon_span.max(lat_span) < t.small_span {
        return Projection::new(
            ProjectionKind::TransverseMercator,
            params(lat_c, (30.0, 60.0)),
        );
    }
    let crosses_equator = south < 0.0 && north > 0.0;
    if crosses_equator || south.abs().max(north.abs()) < t.equatorial_lat {
        let kind = if ground_lon_span >= lat_span {
            ProjectionKind::Mercator
        } else {
            ProjectionKind::TransverseMercator
        };
        let lat0 = if kind == ProjectionKind::Mercator {
            0.0
        } else {
            lat_c
        };
        return Projection::new(kind, params(lat0, (30.0, 60.0)));
    }
    let parallels = (south + lat_span / 6.0, south + lat_span * 5.0 / 6.0);
    Projection::new(
        ProjectionKind::LambertConformalConic,
        params(lat_c, parallels),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(points: &[(f64, f64)]) -> Projection {
        let extent = GeoExtent::from_points(points).expect("extent");
        auto_projection(&extent).expect("projection")
    }

    #[test]
    fn pacific_trip_gets_a_pacific_centred_world_map() {
        let p = choose(&[
            (-77.036, 38.895),
            (139.692, 35.690),
            (149.129, -35.281),
            (-157.858, 21.307),
        ]);
        assert_eq!(p.kind(), ProjectionKind::EqualEarth);
        let lon0 = p.params().lon0;
        assert!(
            !(-120.0..=120.0).contains(&lon0),
            "lon0 {lon0} not in the Pacific"
        );
    }

    #[test]
    fn arctic_trip_gets_a_north_polar_azimuthal() {
        let p = choose(&[(10.739, 59.913), (15.647, 78.223), (-149.9, 61.218)]);
        assert_eq!(p.kind(), ProjectionKind::AzimuthalEquidistant);
        assert_eq!(p.params().lat0, 90.0);
    }

    #[test]
    fn antarctic_extent_gets_a_south_polar_azimuthal() {
        let p = choose(&[(166.7, -77.8), (-68.1, -67.6), (77.9, -69.4)]);
        assert_eq!(p.kind(), ProjectionKind::AzimuthalEquidistant);
        assert_eq!(p.params().lat0, -90.0);
    }

    #[test]
    fn europe_gets_a_conic_with_sixth_parallels() {
        let p = choose(&[(-9.1, 38.7), (24.9, 60.2), (2.35, 48.85)]);
        assert_eq!(p.kind(), ProjectionKind::LambertConformalConic);
        let (p1, p2) = p.params().parallels;
        let span = 60.2 - 38.7;
        assert!((p1 - (38.7 + span / 6.0)).abs() < 1e-9);
        assert!((p2 - (38.7 + span * 5.0 / 6.0)).abs() < 1e-9);
        assert!((p.params().lon0 - 7.9).abs() < 1e-9);
    }

    #[test]
    fn equatorial_and_city_extents() {
        let p = choose(&[(95.0, 5.0), (141.0, -8.0)]);
        assert_eq!(p.kind(), ProjectionKind::Mercator);
        let p = choose(&[(18.4, -33.9), (31.2, 30.0)]);
        assert_eq!(p.kind(), ProjectionKind::TransverseMercator);
        let p = choose(&[(2.29, 48.86), (2.35, 48.85)]);
        assert_eq!(p.kind(), ProjectionKind::TransverseMercator);
        assert!((p.params().lat0 - 48.855).abs() < 1e-9);
    }
}

//! Embedded Natural Earth basemap layers.
//!
//! The layers are derived by `assets/basemap/derive.py` into the compact
//! binary format described in `assets/basemap/FORMAT.md` and embedded in the
//! binary with [`include_bytes!`], so no file or network access happens at
//! run time. Country and province polygons follow the UN view for Crimea
//! (part of Ukraine); see `assets/SOURCES.md` for the other disputed areas.

use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use geo_types::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

/// File signature at the start of every layer file.
const MAGIC: &[u8; 4] = b"PMBM";
/// Format version this decoder understands.
const VERSION: u8 = 1;
const KIND_POLYGON: u8 = 1;
const KIND_LINE: u8 = 2;

/// Level of detail of a basemap layer (Natural Earth scale).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Detail {
    /// 1:110 million, for world and continent maps.
    D110m,
    /// 1:50 million, for regional maps.
    D50m,
    /// 1:10 million, for country and city maps.
    D10m,
}

impl Detail {
    /// All levels, coarsest first.
    pub const ALL: [Detail; 3] = [Detail::D110m, Detail::D50m, Detail::D10m];

    /// The name used in file paths and on the command line (`"110m"` etc.).
    pub fn as_str(self) -> &'static str {
        match self {
            Detail::D110m => "110m",
            Detail::D50m => "50m",
            Detail::D10m => "10m",
        }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Detail {
    type Err = BasemapError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "110m" | "110" => Ok(Detail::D110m),
            "50m" | "50" => Ok(Detail::D50m),
            "10m" | "10" => Ok(Detail::D10m),
            _ => Err(BasemapError::UnknownDetail(s.to_string())),
        }
    }
}

/// A basemap layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    /// Admin-0 countries (polygons) with ISO codes, names and label points.
    Countries,
    /// Land polygons.
    Land,
    /// Lake polygons.
    Lakes,
    /// Admin-1 states and provinces (polygons), 10m only.
    Admin1,
    /// Land boundaries between countries (lines).
    Borders,
    /// Coastlines (lines).
    Coastline,
    /// Boundaries between admin-1 units (lines), 110m and 10m.
    Admin1Lines,
    /// Rivers and lake centrelines (lines), 50m only: see [`Layer::rivers_detail`].
    Rivers,
}

impl Layer {
    /// All layers.
    pub const ALL: [Layer; 8] = [
        Layer::Countries,
        Layer::Land,
        Layer::Lakes,
        Layer::Admin1,
        Layer::Borders,
        Layer::Coastline,
        Layer::Admin1Lines,
        Layer::Rivers,
    ];

    /// The file stem of the layer (`"countries"`, `"admin1_lines"` etc.).
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Countries => "countries",
            Layer::Land => "land",
            Layer::Lakes => "lakes",
            Layer::Admin1 => "admin1",
            Layer::Borders => "borders",
            Layer::Coastline => "coastline",
            Layer::Admin1Lines => "admin1_lines",
            Layer::Rivers => "rivers",
        }
    }

    /// Whether the layer holds lines (as opposed to polygons).
    pub fn is_lines(self) -> bool {
        matches!(
            self,
            Layer::Borders | Layer::Coastline | Layer::Admin1Lines | Layer::Rivers
        )
    }

    /// The detail whose rivers a map drawn at `detail` may show: none at 110m (world and
    /// continent maps), else the 50m rivers, the finest shipped (no pinned package has 10m
    /// ones).
    pub fn rivers_detail(detail: Detail) -> Option<Detail> {
        match detail {
            Detail::D110m => None,
            Detail::D50m | Detail::D10m => Some(Detail::D50m),
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Layer {
    type Err = BasemapError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase().replace('-', "_");
        Layer::ALL
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or(BasemapError::UnknownLayer(s))
    }
}

/// Errors from loading or decoding basemap data.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum BasemapError {
    /// The detail level name was not recognised.
    #[error("unknown basemap detail {0:?} (expected 110m, 50m or 10m)")]
    UnknownDetail(String),
    /// The layer name was not recognised.
    #[error("unknown basemap layer {0:?}")]
    UnknownLayer(String),
    /// The layer is not shipped at this detail level.
    #[error("basemap layer {layer} is not available at {detail}")]
    Unavailable {
        /// Requested detail.
        detail: Detail,
        /// Requested layer.
        layer: Layer,
    },
    /// The data does not start with the basemap signature.
    #[error("not a basemap file (bad magic)")]
    BadMagic,
    /// The data uses a format version this decoder does not know.
    #[error("unsupported basemap format version {0}")]
    UnsupportedVersion(u8),
    /// The data is truncated or otherwise malformed.
    #[error("corrupt basemap data at byte {offset}: {what}")]
    Corrupt {
        /// Byte offset where decoding failed.
        offset: usize,
        /// What was wrong.
        what: &'static str,
    },
}

/// Geometry of a feature: polygons or lines, in degrees (x = longitude,
/// y = latitude, WGS 84).
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// Polygons; exteriors counter-clockwise, holes clockwise, rings closed.
    Polygons(MultiPolygon<f64>),
    /// Lines.
    Lines(MultiLineString<f64>),
}

impl Geometry {
    /// The polygons, if this is a polygon geometry.
    pub fn polygons(&self) -> Option<&MultiPolygon<f64>> {
        match self {
            Geometry::Polygons(p) => Some(p),
            Geometry::Lines(_) => None,
        }
    }

    /// The lines, if this is a line geometry.
    pub fn lines(&self) -> Option<&MultiLineString<f64>> {
        match self {
            Geometry::Lines(l) => Some(l),
            Geometry::Polygons(_) => None,
        }
    }
}

/// One feature of a layer: string properties and a geometry.
///
/// Properties with empty values are omitted. Country keys include `iso_a2`,
/// `iso_a3`, `adm0_a3`, `name`, `name_long`, `pop_est`, `label_x`, `label_y`,
/// `scalerank`, `labelrank` and `name_<lang>`; admin-1 keys include
/// `iso_3166_2`, `name`, `adm0_a2`, `label_x`, `label_y` (see FORMAT.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The layer's property keys, shared by its features.
    keys: Arc<[String]>,
    /// The property values in key order, one after another (numbers as decimal strings):
    /// one string a feature, where a map of strings took a tenth of a render to build.
    values: String,
    /// Where each key's value ends in `values`.
    ends: Vec<u32>,
    /// The geometry.
    pub geometry: Geometry,
}

impl Feature {
    /// The value of property `key`, if present.
    pub fn prop(&self, key: &str) -> Option<&str> {
        let i = self.keys.iter().position(|k| k == key)?;
        let start = i.checked_sub(1).map_or(0, |j| self.ends[j] as usize);
        Some(&self.values[start..self.ends[i] as usize]).filter(|v| !v.is_empty())
    }

    /// The properties with values, in key order.
    pub fn props(&self) -> impl Iterator<Item = (&str, &str)> {
        self.keys
            .iter()
            .filter_map(|k| self.prop(k).map(|v| (k.as_str(), v)))
    }

    /// Property `key` parsed as a number, if present and numeric.
    pub fn prop_f64(&self, key: &str) -> Option<f64> {
        self.prop(key)?.parse().ok()
    }

    /// The label point (`label_x`, `label_y`) as (longitude, latitude).
    pub fn label_point(&self) -> Option<(f64, f64)> {
        Some((self.prop_f64("label_x")?, self.prop_f64("label_y")?))
    }
}

macro_rules! embed {
    ($path:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/basemap/",
            $path
        ))
    };
}

/// The embedded bytes of a layer, or `None` if it is not shipped at `detail`.
pub fn embedded(detail: Detail, layer: Layer) -> Option<&'static [u8]> {
    use Detail::*;
    use Layer::*;
    let bytes: &'static [u8] = match (detail, layer) {
        (D110m, Countries) => embed!("110m/countries.bin"),
        (D110m, Land) => embed!("110m/land.bin"),
        (D110m, Lakes) => embed!("110m/lakes.bin"),
        (D110m, Borders) => embed!("110m/borders.bin"),
        (D110m, Coastline) => embed!("110m/coastline.bin"),
        (D110m, Admin1Lines) => embed!("110m/admin1_lines.bin"),
        (D50m, Countries) => embed!("50m/countries.bin"),
        (D50m, Land) => embed!("50m/land.bin"),
        (D50m, Lakes) => embed!("50m/lakes.bin"),
        (D50m, Borders) => embed!("50m/borders.bin"),
        (D50m, Coastline) => embed!("50m/coastline.bin"),
        (D50m, Rivers) => embed!("50m/rivers.bin"),
        (D10m, Countries) => embed!("10m/countries.bin"),
        (D10m, Land) => embed!("10m/land.bin"),
        (D10m, Lakes) => embed!("10m/lakes.bin"),
        (D10m, Admin1) => embed!("10m/admin1.bin"),
        (D10m, Borders) => embed!("10m/borders.bin"),
        (D10m, Coastline) => embed!("10m/coastline.bin"),
        (D10m, Admin1Lines) => embed!("10m/admin1_lines.bin"),
        _ => return None,
    };
    Some(bytes)
}

/// Decode the embedded `layer` at `detail`.
pub fn load(detail: Detail, layer: Layer) -> Result<Vec<Feature>, BasemapError> {
    let bytes = embedded(detail, layer).ok_or(BasemapError::Unavailable { detail, layer })?;
    decode(bytes)
}

/// The countries layer at `detail`, decoded on first use and shared afterwards: a map
/// reads it for its highlights and again for its country labels. Other layers are read
/// once a map and are decoded by [`load`] and dropped after use.
pub fn countries(detail: Detail) -> Result<&'static [Feature], BasemapError> {
    static DECODED: [OnceLock<Result<Vec<Feature>, BasemapError>>; Detail::ALL.len()] =
        [const { OnceLock::new() }; Detail::ALL.len()];
    DECODED[detail as usize]
        .get_or_init(|| load(detail, Layer::Countries))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// The 10m admin-1 layer, decoded on first use and shared afterwards: a map with a
/// highlighted region reads it for the region's outline and again for its country's other
/// regions.
pub fn admin1() -> Result<&'static [Feature], BasemapError> {
    static DECODED: OnceLock<Result<Vec<Feature>, BasemapError>> = OnceLock::new();
    DECODED
        .get_or_init(|| load(Detail::D10m, Layer::Admin1))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// Decode one layer file (see `assets/basemap/FORMAT.md`).
///
/// Never panics: malformed input yields [`BasemapError`].
pub fn decode(bytes: &[u8]) -> Result<Vec<Feature>, BasemapError> {
    decode_where(bytes, |_| true)
}

/// The embedded `layer` at `detail`, only the features whose geometry `keep` accepts: each
/// other one is decoded and dropped at once, so that its memory serves the next and a
/// layer read for a few features never holds them all.
pub fn load_where(
    detail: Detail,
    layer: Layer,
    keep: impl FnMut(&Geometry) -> bool,
) -> Result<Vec<Feature>, BasemapError> {
    let bytes = embedded(detail, layer).ok_or(BasemapError::Unavailable { detail, layer })?;
    decode_where(bytes, keep)
}

/// [`decode`], keeping only the features whose geometry `keep` accepts.
fn decode_where(
    bytes: &[u8],
    mut keep: impl FnMut(&Geometry) -> bool,
) -> Result<Vec<Feature>, BasemapError> {
    let mut r = Reader { buf: bytes, pos: 0 };
    if r.take(4, "missing magic")? != MAGIC {
        return Err(BasemapError::BadMagic);
    }
    let version = r.byte()?;
    if version != VERSION {
        return Err(BasemapError::UnsupportedVersion(version));
    }
    let kind = r.byte()?;
    if kind != KIND_POLYGON && kind != KIND_LINE {
        return Err(r.corrupt("unknown geometry kind"));
    }
    let scale_raw = r.take(4, "missing scale")?;
    let scale = u32::from_le_bytes([scale_raw[0], scale_raw[1], scale_raw[2], scale_raw[3]]);
    if scale == 0 {
        return Err(r.corrupt("zero scale"));
    }
    // Divide (not multiply by the reciprocal) so that values such as
    // 18_000_000 / 100_000 are exactly 180.0.
    let scale = f64::from(scale);

    // Each key and each feature takes at least one byte.
    let nkeys = r.count(1)?;
    let mut keys = Vec::with_capacity(nkeys);
    for _ in 0..nkeys {
        keys.push(r.string()?.to_string());
    }
    let keys: Arc<[String]> = keys.into();
    let nfeatures = r.count(1)?;
    let mut features = Vec::with_capacity(nfeatures);
    for _ in 0..nfeatures {
        let mut values = String::new();
        let mut ends = Vec::with_capacity(keys.len());
        for _ in keys.iter() {
            values.push_str(r.string()?);
            let end = u32::try_from(values.len()).map_err(|_| r.corrupt("properties too long"))?;
            ends.push(end);
        }
        let mut cursor = (0i64, 0i64);
        let nparts = r.count(1)?;
        let geometry = if kind == KIND_POLYGON {
            let mut polys = Vec::with_capacity(nparts);
            for _ in 0..nparts {
                let nrings = r.count(1)?;
                if nrings == 0 {
                    return Err(r.corrupt("polygon without rings"));
                }
                let exterior = r.ring(&mut cursor, scale, true)?;
                let mut interiors = Vec::with_capacity(nrings - 1);
                for _ in 1..nrings {
                    interiors.push(r.ring(&mut cursor, scale, true)?);
                }
                polys.push(Polygon::new(exterior, interiors));
            }
            Geometry::Polygons(MultiPolygon(polys))
        } else {
            let mut lines = Vec::with_capacity(nparts);
            for _ in 0..nparts {
                lines.push(r.ring(&mut cursor, scale, false)?);
            }
            Geometry::Lines(MultiLineString(lines))
        };
        if keep(&geometry) {
            features.push(Feature {
                keys: Arc::clone(&keys),
                values,
                ends,
                geometry,
            });
        }
    }
    if r.pos != bytes.len() {
        return Err(r.corrupt("trailing bytes"));
    }
    Ok(features)
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn corrupt(&self, what: &'static str) -> BasemapError {
        BasemapError::Corrupt {
            offset: self.pos,
            what,
        }
    }

    fn byte(&mut self) -> Result<u8, BasemapError> {
        let b = *self
            .buf
            .get(self.pos)
            .ok_or_else(|| self.corrupt("unexpected end of data"))?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], BasemapError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or_else(|| self.corrupt(what))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    #[inline]
    fn uvarint(&mut self) -> Result<u64, BasemapError> {
        let mut n = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            if shift == 63 && b > 1 {
                return Err(self.corrupt("varint overflow"));
            }
            n |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(n);
            }
            shift += 7;
            if shift > 63 {
                return Err(self.corrupt("varint overflow"));
            }
        }
    }

    #[inline]
    fn svarint(&mut self) -> Result<i64, BasemapError> {
        let u = self.uvarint()?;
        Ok(((u >> 1) as i64) ^ -((u & 1) as i64))
    }

    /// A count of items that each take at least `min_bytes` bytes; bounded by
    /// the remaining input so corrupt counts cannot trigger huge allocations.
    fn count(&mut self, min_bytes: usize) -> Result<usize, BasemapError> {
        let n = self.uvarint()?;
        let remaining = (self.buf.len() - self.pos) as u64;
        if n.saturating_mul(min_bytes as u64) > remaining {
            return Err(self.corrupt("count exceeds remaining data"));
        }
        Ok(n as usize)
    }

    fn string(&mut self) -> Result<&'a str, BasemapError> {
        let n = self.count(1)?;
        let b = self.take(n, "truncated string")?;
        std::str::from_utf8(b).map_err(|_| self.corrupt("invalid utf-8 in string"))
    }

    fn ring(
        &mut self,
        cursor: &mut (i64, i64),
        scale: f64,
        close: bool,
    ) -> Result<LineString<f64>, BasemapError> {
        let n = self.count(2)?;
        if n < if close { 3 } else { 2 } {
            return Err(self.corrupt("too few points"));
        }
        let mut pts = Vec::with_capacity(n + usize::from(close));
        let (mut x, mut y) = *cursor;
        for _ in 0..n {
            x = x
                .checked_add(self.svarint()?)
                .ok_or_else(|| self.corrupt("coordinate overflow"))?;
            y = y
                .checked_add(self.svarint()?)
                .ok_or_else(|| self.corrupt("coordinate overflow"))?;
            pts.push(Coord {
                x: x as f64 / scale,
                y: y as f64 / scale,
            });
        }
        *cursor = (x, y);
        if close {
            pts.push(pts[0]);
        }
        Ok(LineString(pts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMFEROPOL: (f64, f64) = (34.10, 44.95);

    fn ring_contains(ring: &LineString<f64>, (x, y): (f64, f64)) -> bool {
        let pts = &ring.0;
        let mut inside = false;
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
        }
        inside
    }

    fn contains(mp: &MultiPolygon<f64>, pt: (f64, f64)) -> bool {
        mp.0.iter().any(|p| {
            ring_contains(p.exterior(), pt) && !p.interiors().iter().any(|h| ring_contains(h, pt))
        })
    }

    fn hits(features: &[Feature], pt: (f64, f64), key: &str) -> Vec<String> {
        features
            .iter()
            .filter(|f| contains(f.geometry.polygons().unwrap(), pt))
            .map(|f| f.prop(key).unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn simferopol_is_in_ukraine_at_every_level() {
        for detail in Detail::ALL {
            let countries = load(detail, Layer::Countries).unwrap();
            assert_eq!(hits(&countries, SIMFEROPOL, "iso_a2"), ["UA"], "{detail}");
        }
        let admin1 = load(Detail::D10m, Layer::Admin1).unwrap();
        assert_eq!(hits(&admin1, SIMFEROPOL, "adm0_a2"), ["UA"]);
        assert_eq!(hits(&admin1, SIMFEROPOL, "iso_3166_2"), ["UA-43"]);
    }

    #[test]
    fn feature_counts() {
        let expect = [
            (Detail::D110m, Layer::Countries, 177),
            (Detail::D50m, Layer::Countries, 240),
            (Detail::D10m, Layer::Countries, 250),
            (Detail::D110m, Layer::Land, 1),
            (Detail::D50m, Layer::Land, 1),
            (Detail::D10m, Layer::Land, 1),
            (Detail::D10m, Layer::Admin1, 4596),
        ];
        for (detail, layer, n) in expect {
            assert_eq!(load(detail, layer).unwrap().len(), n, "{detail} {layer}");
        }
    }

    #[test]
    fn all_shipped_layers_decode() {
        for detail in Detail::ALL {
            for layer in Layer::ALL {
                match load(detail, layer) {
                    Ok(features) => {
                        assert!(!features.is_empty(), "{detail} {layer}");
                        for f in &features {
                            assert_eq!(f.geometry.lines().is_some(), layer.is_lines());
                        }
                    }
                    Err(BasemapError::Unavailable { .. }) => {
                        assert!(embedded(detail, layer).is_none())
                    }
                    Err(e) => panic!("{detail} {layer}: {e}"),
                }
            }
        }
    }

    #[test]
    fn country_attributes() {
        for detail in Detail::ALL {
            let countries = load(detail, Layer::Countries).unwrap();
            for (a2, a3) in [("FR", "FRA"), ("NO", "NOR"), ("UA", "UKR"), ("DE", "DEU")] {
                let f = countries
                    .iter()
                    .find(|f| f.prop("iso_a2") == Some(a2))
                    .unwrap_or_else(|| panic!("{detail}: no {a2}"));
                assert_eq!(f.prop("iso_a3"), Some(a3));
                assert!(f.label_point().is_some());
                assert!(f.prop_f64("pop_est").unwrap() > 1e6);
                assert_eq!(f.prop("no such key"), None);
                let props: Vec<(&str, &str)> = f.props().collect();
                assert!(props.contains(&("iso_a2", a2)), "{detail} {a2}: {props:?}");
                assert!(props.iter().all(|(_, v)| !v.is_empty()));
                assert!(props.iter().all(|(k, v)| f.prop(k) == Some(*v)));
            }
            let coords_ok = countries.iter().all(|f| {
                f.geometry.polygons().unwrap().0.iter().all(|p| {
                    p.exterior()
                        .0
                        .iter()
                        .all(|c| (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y))
                })
            });
            assert!(coords_ok, "{detail}");
        }
    }

    #[test]
    fn parse_names() {
        assert_eq!("50m".parse::<Detail>().unwrap(), Detail::D50m);
        assert_eq!(Detail::D110m.to_string(), "110m");
        assert_eq!("admin1_lines".parse::<Layer>().unwrap(), Layer::Admin1Lines);
        assert!("5m".parse::<Detail>().is_err());
        assert_eq!("rivers".parse::<Layer>().unwrap(), Layer::Rivers);
    }

    /// Whether some line of `lines` passes through the box `[w, s, e, n]`.
    fn crosses(lines: &MultiLineString<f64>, [w, s, e, n]: [f64; 4]) -> bool {
        lines
            .0
            .iter()
            .flat_map(|l| l.0.iter())
            .any(|c| (w..=e).contains(&c.x) && (s..=n).contains(&c.y))
    }

    #[test]
    fn rivers_run_where_the_great_rivers_do() {
        let rivers = load(Detail::D50m, Layer::Rivers).unwrap();
        let lines = rivers[0].geometry.lines().unwrap();
        for (river, bbox) in [
            ("Danube at Vienna", [16.2, 48.1, 16.6, 48.3]),
            ("Amu Darya at Nukus", [59.5, 42.0, 60.5, 42.8]),
            ("Yangtze at Wuhan", [114.0, 30.4, 114.6, 30.8]),
            ("Rhine in the Netherlands", [5.5, 51.8, 6.2, 52.0]),
        ] {
            assert!(crosses(lines, bbox), "no river line for the {river}");
        }
        assert_eq!(Layer::rivers_detail(Detail::D110m), None);
        assert_eq!(Layer::rivers_detail(Detail::D10m), Some(Detail::D50m));
    }

    #[test]
    fn a_layer_read_where_keeps_exactly_the_features_asked_for() {
        let all = load(Detail::D110m, Layer::Countries).expect("countries");
        let north = |g: &Geometry| {
            g.polygons()
                .and_then(geo::BoundingRect::bounding_rect)
                .is_some_and(|b| b.min().y > 0.0)
        };
        let kept = load_where(Detail::D110m, Layer::Countries, north).expect("countries");
        let expected: Vec<&Feature> = all.iter().filter(|f| north(&f.geometry)).collect();
        assert!(!kept.is_empty() && kept.len() < all.len());
        assert_eq!(kept.len(), expected.len());
        for (k, e) in kept.iter().zip(expected) {
            assert_eq!(k.prop("name"), e.prop("name"));
            assert_eq!(k.geometry, e.geometry);
        }
    }

    #[test]
    fn garbage_is_an_error() {
        assert_eq!(
            decode(b""),
            Err(BasemapError::Corrupt {
                offset: 0,
                what: "missing magic"
            })
        );
        assert_eq!(decode(b"garbage!garbage!"), Err(BasemapError::BadMagic));
        assert!(matches!(
            decode(b"PMBM\x09"),
            Err(BasemapError::UnsupportedVersion(9))
        ));
        // Huge counts must fail cleanly, not allocate.
        let mut huge = b"PMBM\x01\x01\x10\x27\x00\x00".to_vec();
        huge.extend_from_slice(&[0xff; 9]);
        huge.push(0x01);
        assert!(decode(&huge).is_err());
    }

    #[test]
    fn truncated_and_garbled_input_never_panics() {
        let bytes = embedded(Detail::D110m, Layer::Countries).unwrap();
        for cut in (0..bytes.len()).step_by(499).chain([bytes.len() - 1]) {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        // Deterministic pseudo-random corruption.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..100 {
            let mut b = bytes.to_vec();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let i = (state % b.len() as u64) as usize;
                b[i] = (state >> 32) as u8;
            }
            let _ = decode(&b);
        }
    }
}

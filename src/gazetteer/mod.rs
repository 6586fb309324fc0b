//! The gazetteer: place names to coordinates, offline and at once.
//!
//! The embedded data (GeoNames cities of 1,000 people or more, Natural Earth countries and
//! regions, continents, macro-regions and demonyms) is indexed at compile time and mapped
//! from the executable, so [`Gazetteer::embedded`] parses nothing. Users can add their own
//! places ([`Gazetteer::add_custom`]) or a GeoNames dump ([`Gazetteer::add_geonames`]); the
//! layers are searched together and custom places win.
//!
//! ```
//! use placemap::gazetteer::Gazetteer;
//!
//! let gazetteer = Gazetteer::embedded()?;
//! let samarkand = gazetteer.resolve("Samarqand")?;
//! assert_eq!(samarkand.place.name, "Samarkand");
//! assert_eq!(samarkand.place.country_code, "UZ");
//! assert!((samarkand.place.lat - 39.65).abs() < 0.1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod coords;
mod error;
pub mod fuzzy;
mod fuzzy_index;
pub(crate) mod index;
mod load;
pub mod normalize;
mod place;
mod reverse;

use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

pub use coords::{parse_literal, Literal};
pub use error::{LoadError, ResolveError, Suggestion};
pub use index::{NameRole, PlaceKind};
pub use load::{CustomFormat, GeoNamesFiles};
pub use normalize::normalize;
pub use place::{
    Alternative, AlternativeRecord, MatchKind, Place, Resolution, ResolvedRecord, Source,
};

use fuzzy_index::NearIndex;
use index::{Blob, Index, RawPlace, Text};

/// Ids at or above this are synthetic (places without a GeoNames id).
pub const SYNTHETIC_ID_START: u32 = 900_000_000;

/// The longest name accepted, in bytes. The longest real place names are under 200 bytes.
pub const MAX_NAME_LEN: usize = 1000;

static EMBEDDED_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.table"));
static EMBEDDED_NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.fst"));
static EMBEDDED_STRINGS: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.strings"));

/// Why the gazetteer could not be opened.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// The embedded index is damaged (a build problem, never user input).
    #[error("embedded gazetteer is damaged: {0}")]
    Corrupt(String),
}

/// Options for [`Gazetteer::resolve_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    /// Keep only places in this country: an ISO alpha-2 code or a country name.
    /// Default: none.
    pub country: Option<String>,
    /// Refuse guesses for misspelt names instead of returning them. Default: false.
    pub strict: bool,
    /// Keep only places of these kinds; empty keeps all. Default: empty.
    pub kinds: Vec<PlaceKind>,
    /// How many runner-up candidates to return. Default: 5.
    pub max_alternatives: usize,
}

impl Default for ResolveOptions {
    fn default() -> ResolveOptions {
        ResolveOptions {
            country: None,
            strict: false,
            kinds: Vec::new(),
            max_alternatives: 5,
        }
    }
}

struct Layer {
    source: Source,
    index: Index,
    /// The name map's keys cut up for searching misspellings, once a process has searched
    /// [`INDEXED_AFTER`] times.
    near: OnceLock<NearIndex>,
}

impl Layer {
    fn new(source: Source, index: Index) -> Layer {
        Layer {
            source,
            index,
            near: OnceLock::new(),
        }
    }
}

/// A place found for a name, before ranking.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    layer: usize,
    idx: u32,
    role: NameRole,
    distance: u8,
    score: f64,
}

/// Place names to places. See the [module docs](self).
pub struct Gazetteer {
    /// Searched together; on equal ids the earlier layer wins. Custom layers come first.
    layers: Vec<Layer>,
    reverse: OnceLock<reverse::Tree>,
    codes: OnceLock<Codes>,
    /// Code lookups asked of the name maps so far, before [`Codes`] is gathered.
    code_lookups: AtomicUsize,
    /// Searches for misspellings so far: see [`INDEXED_AFTER`].
    fuzzy_searches: AtomicUsize,
}

/// Searches for misspellings made by walking the name map before its keys are indexed
/// ([`NearIndex`]). A walk costs up to 8 ms when no key shares the query's first letter,
/// and indexing the embedded million keys about 100 ms: one typo in a scene does not pay
/// for the index, a list of names with a few unknown does after the first ones.
const INDEXED_AFTER: usize = 16;

/// Most keys a search for misspellings takes from a layer.
const NEAR_LIMIT: usize = 200;

/// Code lookups answered from the name maps before all codes are gathered: a map of a few
/// places asks a few dozen, and gathering costs as much as a few thousand.
const DIRECT_CODE_LOOKUPS: usize = 256;

/// Countries and regions by code, gathered on first use: every resolved place names its
/// country and region, and a name-map lookup for each was most of an exact resolve.
#[derive(Debug)]
struct Codes {
    /// By ISO alpha-2 code: see [`country_slot`].
    countries: Vec<Option<Candidate>>,
    /// By country slot, the regions by admin1 code (see [`region_code`]), sorted.
    regions: Vec<Vec<(u128, Candidate)>>,
    /// Regions whose admin1 code is too long to pack (none in GeoNames' data), by country
    /// slot and upper-case code.
    long_regions: Vec<(usize, Box<str>, Candidate)>,
}

/// An admin1 code of up to 16 bytes, upper case, as one number that sorts like the code.
fn region_code(admin1: &str) -> Option<u128> {
    let bytes = admin1.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let mut packed = [0u8; 16];
    for (p, b) in packed.iter_mut().zip(bytes) {
        *p = b.to_ascii_uppercase();
    }
    Some(u128::from_be_bytes(packed))
}

/// Where a two-letter country code (either case) sits in [`Codes`]; `None` for any other.
fn country_slot(code: &str) -> Option<usize> {
    match code.as_bytes() {
        &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
            let letter = |c: u8| usize::from(c.to_ascii_uppercase() - b'A');
            Some(letter(a) * 26 + letter(b))
        }
        _ => None,
    }
}

impl Codes {
    /// The code keys of every layer's name map (see [`index::country_key`] and
    /// [`index::region_key`]), first layer first: the place each key gives first.
    fn gather(layers: &[Layer]) -> Codes {
        use fst::{IntoStreamer, Streamer};
        let mut codes = Codes {
            countries: vec![None; 26 * 26],
            regions: vec![Vec::new(); 26 * 26],
            long_regions: Vec::new(),
        };
        for (layer, l) in layers.iter().enumerate() {
            for map in l.index.names() {
                let mut keys = map.range().ge("\u{1}").lt("\u{3}").into_stream();
                while let Some((key, value)) = keys.next() {
                    let Some((idx, role)) = l.index.postings_of(value).next() else {
                        continue;
                    };
                    let Ok(key) = std::str::from_utf8(key) else {
                        continue;
                    };
                    let c = Candidate {
                        layer,
                        idx,
                        role,
                        distance: 0,
                        score: 0.0,
                    };
                    if let Some(slot) = key.strip_prefix('\u{1}').and_then(country_slot) {
                        codes.countries[slot].get_or_insert(c);
                    } else if let Some((slot, admin1)) = key
                        .strip_prefix('\u{2}')
                        .and_then(|k| k.split_once('.'))
                        .and_then(|(cc, admin1)| Some((country_slot(cc)?, admin1)))
                    {
                        match region_code(admin1) {
                            Some(code) => codes.regions[slot].push((code, c)),
                            None => codes.long_regions.push((
                                slot,
                                admin1.to_ascii_uppercase().into(),
                                c,
                            )),
                        }
                    }
                }
            }
        }
        // Stable: for a code in several layers, the first layer's place stays first.
        for regions in &mut codes.regions {
            regions.sort_by_key(|r| r.0);
            regions.dedup_by_key(|r| r.0);
        }
        codes
    }

    fn country(&self, code: &str) -> Option<Candidate> {
        self.countries[country_slot(code)?]
    }

    fn region(&self, country_code: &str, admin1: &str) -> Option<Candidate> {
        let slot = country_slot(country_code)?;
        match region_code(admin1) {
            Some(code) => {
                let regions = &self.regions[slot];
                let at = regions.binary_search_by_key(&code, |r| r.0).ok()?;
                Some(regions[at].1)
            }
            None => self
                .long_regions
                .iter()
                .find(|r| r.0 == slot && r.1.eq_ignore_ascii_case(admin1))
                .map(|r| r.2),
        }
    }
}

/// The bits of a float, as an integer that orders like [`f64::total_cmp`].
fn total_order(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field(
                "layers",
                &self
                    .layers
                    .iter()
                    .map(|l| (l.source, l.index.len()))
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Gazetteer {
    /// The embedded gazetteer. Opening maps the compiled index and parses nothing.
    pub fn embedded() -> Result<Gazetteer, OpenError> {
        let index = Index::open(
            Blob::Static(EMBEDDED_TABLE),
            Text::Static(EMBEDDED_STRINGS),
            vec![Blob::Static(EMBEDDED_NAMES)],
        )
        .map_err(|e| OpenError::Corrupt(e.0))?;
        Ok(Gazetteer {
            layers: vec![Layer::new(Source::Embedded, index)],
            reverse: OnceLock::new(),
            codes: OnceLock::new(),
            code_lookups: AtomicUsize::new(0),
            fuzzy_searches: AtomicUsize::new(0),
        })
    }

    /// A gazetteer with no places, to fill with [`Gazetteer::add_custom`] or
    /// [`Gazetteer::add_geonames`] only.
    pub fn empty() -> Gazetteer {
        Gazetteer {
            layers: Vec::new(),
            reverse: OnceLock::new(),
            codes: OnceLock::new(),
            code_lookups: AtomicUsize::new(0),
            fuzzy_searches: AtomicUsize::new(0),
        }
    }

    /// Number of places in all layers.
    pub fn len(&self) -> usize {
        self.layers.iter().map(|l| l.index.len()).sum()
    }

    /// Whether the gazetteer holds no place.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push_layer(&mut self, source: Source, index: Index) {
        // Custom layers go first, then GeoNames dumps, then the embedded data.
        let at = self
            .layers
            .iter()
            .position(|l| l.source > source)
            .unwrap_or(self.layers.len());
        self.layers.insert(at, Layer::new(source, index));
        self.reverse = OnceLock::new();
        self.codes = OnceLock::new();
        self.code_lookups = AtomicUsize::new(0);
    }

    /// Resolves a name with default options. See [`Gazetteer::resolve_with`].
    pub fn resolve(&self, query: &str) -> Result<Resolution<'_>, ResolveError> {
        self.resolve_with(query, &ResolveOptions::default())
    }

    /// Resolves a name, a "name, qualifier", coordinates or a `geonames:ID` to a place.
    ///
    /// Names fold case, diacritics and punctuation and match every alternate name in any
    /// script. Namesakes are ranked by kind and size (countries and capitals first); a
    /// qualifier after a comma ("Paris, Texas") or `options.country` narrows them. A misspelt
    /// name gives a guess (`MatchKind::Fuzzy`) unless `options.strict` is set.
    pub fn resolve_with(
        &self,
        query: &str,
        options: &ResolveOptions,
    ) -> Result<Resolution<'_>, ResolveError> {
        let trimmed = check_name(query)?;
        match coords::parse_literal(trimmed) {
            Some(Ok(Literal::Point(lat, lon))) => return Ok(point_resolution(query, lat, lon)),
            Some(Ok(Literal::GeoNamesId(id))) => return self.resolve_id(query, id),
            Some(Err(reason)) => {
                return Err(ResolveError::Coordinates {
                    text: trimmed.to_string(),
                    reason,
                })
            }
            None => {}
        }
        let within = match &options.country {
            Some(hint) => Some(
                self.area(hint)
                    .ok_or_else(|| ResolveError::UnknownQualifier {
                        name: trimmed.to_string(),
                        qualifier: hint.clone(),
                    })?,
            ),
            None => None,
        };
        let key = normalize(trimmed);
        let mut found = self.exact(&key);
        let (mut head, mut qualifier) = (trimmed, None);
        if found.is_empty() {
            if let Some((h, q)) = split_qualifier(trimmed) {
                let area = self.area(q).ok_or_else(|| ResolveError::UnknownQualifier {
                    name: trimmed.to_string(),
                    qualifier: q.to_string(),
                })?;
                (head, qualifier) = (h, Some((q, area)));
                found = self.exact(&normalize(h));
            }
        }
        // What the filters below remove is kept for the error message (suggestions).
        let filtered = qualifier.is_some() || within.is_some() || !options.kinds.is_empty();
        let before_filter = if filtered { found.clone() } else { Vec::new() };
        if let Some((_, area)) = &qualifier {
            found.retain(|c| self.within(c, area));
        }
        if let Some(area) = &within {
            found.retain(|c| self.within(c, area));
        }
        if !options.kinds.is_empty() {
            found.retain(|c| options.kinds.contains(&self.raw(c).kind));
        }
        if found.is_empty() && !before_filter.is_empty() {
            let within_name = qualifier
                .map(|(q, _)| q.to_string())
                .or_else(|| options.country.clone())
                .unwrap_or_else(|| "the kinds asked for".into());
            return Err(ResolveError::NotWithin {
                name: head.to_string(),
                within: within_name,
                suggestions: self.suggestions(before_filter),
            });
        }
        if found.is_empty() {
            let key = normalize(head);
            let wide;
            (found, wide) = self.fuzzy(&key);
            // A long name the two-edit search found nothing for has no suggestions either:
            // the wide search below would only repeat it.
            let nothing_near = found.is_empty() && key.chars().count() >= 7;
            if let Some((_, area)) = &qualifier {
                found.retain(|c| self.within(c, area));
            }
            if let Some(area) = &within {
                found.retain(|c| self.within(c, area));
            }
            if !options.kinds.is_empty() {
                found.retain(|c| options.kinds.contains(&self.raw(c).kind));
            }
            if found.is_empty() {
                return Err(ResolveError::Unknown {
                    name: trimmed.to_string(),
                    suggestions: self.suggestions(match wide {
                        _ if nothing_near => Vec::new(),
                        Some(wide) => wide,
                        None => self.fuzzy_wide(&key),
                    }),
                });
            }
            if options.strict {
                return Err(ResolveError::Guess {
                    name: trimmed.to_string(),
                    suggestions: self.suggestions(found),
                });
            }
        }
        Ok(self.rank(query, found, options.max_alternatives))
    }

    /// The place with a GeoNames (or synthetic) id, from the first layer that has it.
    pub fn by_id(&self, id: u32) -> Option<Place<'_>> {
        self.layers.iter().enumerate().find_map(|(layer, l)| {
            l.index.find_id(id).map(|idx| {
                self.place(&Candidate {
                    layer,
                    idx,
                    role: NameRole::Primary,
                    distance: 0,
                    score: 0.0,
                })
            })
        })
    }

    /// The country with an ISO alpha-2 code.
    pub fn country(&self, country_code: &str) -> Option<Place<'_>> {
        self.code_candidate(country_code, None)
            .map(|c| self.place(&c))
    }

    /// The first-level region with a country code and GeoNames admin1 code.
    pub fn region(&self, country_code: &str, admin1: &str) -> Option<Place<'_>> {
        self.code_candidate(country_code, Some(admin1))
            .map(|c| self.place(&c))
    }

    /// The country with a code, or with `admin1` its region.
    fn code_candidate(&self, country_code: &str, admin1: Option<&str>) -> Option<Candidate> {
        if self.codes.get().is_none()
            && self.code_lookups.fetch_add(1, Ordering::Relaxed) < DIRECT_CODE_LOOKUPS
        {
            return self.code_candidate_direct(country_code, admin1);
        }
        let codes = self.codes.get_or_init(|| Codes::gather(&self.layers));
        match admin1 {
            None => codes.country(country_code),
            Some(a1) => codes.region(country_code, a1),
        }
    }

    /// What [`Codes`] would answer, read from the name maps: the first place under the
    /// code's key in the first layer that has it.
    fn code_candidate_direct(&self, country_code: &str, admin1: Option<&str>) -> Option<Candidate> {
        country_slot(country_code)?;
        let key = match admin1 {
            None => index::country_key(country_code),
            Some(a1) => index::region_key(country_code, a1),
        };
        self.layers.iter().enumerate().find_map(|(layer, l)| {
            let (idx, role) = l.index.lookup(&key).next()?;
            Some(Candidate {
                layer,
                idx,
                role,
                distance: 0,
                score: 0.0,
            })
        })
    }

    fn resolve_id(&self, query: &str, id: u32) -> Result<Resolution<'_>, ResolveError> {
        let place = self.by_id(id).ok_or(ResolveError::UnknownId { id })?;
        Ok(Resolution {
            query: query.to_string(),
            place,
            matched: MatchKind::Id,
            demonym: false,
            confidence: 1.0,
            alternatives: Vec::new(),
        })
    }

    /// Every place whose name key is exactly `key`, across layers.
    fn exact(&self, key: &str) -> Vec<Candidate> {
        let mut found = Vec::with_capacity(32);
        if key.is_empty() {
            return found;
        }
        for (layer, l) in self.layers.iter().enumerate() {
            self.push_places(layer, l.index.lookup(key), 0, &mut found);
        }
        found
    }

    /// Places whose names are one edit away (two for longer names), and, when a shorter
    /// name has none one edit away, those two edits away for suggestions.
    fn fuzzy(&self, key: &str) -> (Vec<Candidate>, Option<Vec<Candidate>>) {
        let chars = key.chars().count();
        if chars < 4 {
            return (Vec::new(), None);
        }
        match self.near_one_else_two(key) {
            (found, 1) => (found, None),
            (found, _) if chars >= 7 => (found, None),
            (wide, _) => (Vec::new(), Some(wide)),
        }
    }

    /// Wider search for suggestions after nothing matched.
    fn fuzzy_wide(&self, key: &str) -> Vec<Candidate> {
        if key.chars().count() < 3 {
            return Vec::new();
        }
        self.near(key, 2)
    }

    fn near(&self, key: &str, max: u8) -> Vec<Candidate> {
        let indexed = max <= fuzzy_index::MAX_EDITS
            && self.fuzzy_searches.fetch_add(1, Ordering::Relaxed) >= INDEXED_AFTER;
        let mut found = Vec::new();
        for (layer, l) in self.layers.iter().enumerate() {
            let nears = match self.near_index(layer, indexed) {
                Some(index) => index.near(key, max, NEAR_LIMIT),
                None => fuzzy::near(l.index.names(), key, max, NEAR_LIMIT),
            };
            self.push_near(layer, nears, &mut found);
        }
        found
    }

    /// What `near(key, 1)` finds if it finds anything, else what `near(key, 2)` finds, and
    /// the edits of the search that answered. Through the index both come from one search.
    fn near_one_else_two(&self, key: &str) -> (Vec<Candidate>, u8) {
        let indexed = self.fuzzy_searches.fetch_add(1, Ordering::Relaxed) >= INDEXED_AFTER;
        let mut one = Vec::new();
        let mut two = Vec::with_capacity(self.layers.len());
        for (layer, l) in self.layers.iter().enumerate() {
            match self.near_index(layer, indexed) {
                Some(index) => {
                    let (near_one, near_two) = index.near_one_and_two(key, NEAR_LIMIT);
                    self.push_near(layer, near_one, &mut one);
                    two.push(Some(near_two));
                }
                None => {
                    let near_one = fuzzy::near(l.index.names(), key, 1, NEAR_LIMIT);
                    self.push_near(layer, near_one, &mut one);
                    two.push(None);
                }
            }
        }
        if !one.is_empty() {
            return (one, 1);
        }
        let mut found = Vec::new();
        for (layer, near_two) in two.into_iter().enumerate() {
            let nears = near_two.unwrap_or_else(|| {
                fuzzy::near(self.layers[layer].index.names(), key, 2, NEAR_LIMIT)
            });
            self.push_near(layer, nears, &mut found);
        }
        (found, 2)
    }

    /// The misspelling index of a layer, built on first need, when `indexed` and the layer
    /// is small enough to index.
    fn near_index(&self, layer: usize, indexed: bool) -> Option<&NearIndex> {
        let l = &self.layers[layer];
        (indexed && NearIndex::fits(l.index.names()))
            .then(|| l.near.get_or_init(|| NearIndex::build(l.index.names())))
    }

    /// The places a layer's near keys name, unless a higher layer replaces them.
    fn push_near(&self, layer: usize, nears: Vec<fuzzy::Near>, found: &mut Vec<Candidate>) {
        let index = &self.layers[layer].index;
        for near in nears {
            self.push_places(layer, index.postings_of(near.value), near.distance, found);
        }
    }

    /// A layer's places named `distance` edits from the query, unless a higher layer
    /// replaces them.
    fn push_places(
        &self,
        layer: usize,
        places: impl IntoIterator<Item = (u32, NameRole)>,
        distance: u8,
        found: &mut Vec<Candidate>,
    ) {
        for (idx, role) in places {
            if !self.replaced(layer, idx) {
                found.push(Candidate {
                    layer,
                    idx,
                    role,
                    distance,
                    score: 0.0,
                });
            }
        }
    }

    /// Whether a higher layer holds a place with the same GeoNames id, which replaces it.
    fn replaced(&self, layer: usize, idx: u32) -> bool {
        let Some(id) = self.layers[layer].index.id(idx) else {
            return true;
        };
        id < SYNTHETIC_ID_START
            && self.layers[..layer]
                .iter()
                .any(|l| l.index.find_id(id).is_some())
    }

    /// A candidate's place id, as [`Gazetteer::raw`] would give it, without decoding.
    fn id(&self, c: &Candidate) -> u32 {
        self.layers[c.layer].index.id(c.idx).unwrap_or(c.idx)
    }

    fn name(&self, c: &Candidate) -> &str {
        self.layers[c.layer].index.name(c.idx).unwrap_or("")
    }

    fn raw(&self, c: &Candidate) -> RawPlace<'_> {
        // Candidates only ever hold indexes read from the same layer's postings.
        self.layers[c.layer]
            .index
            .place(c.idx)
            .unwrap_or_else(|| unreachable_place(c.idx))
    }

    fn place(&self, c: &Candidate) -> Place<'_> {
        let raw = self.raw(c);
        let country = self
            .code_candidate(raw.country_code, None)
            .map_or("", |k| self.name(&k));
        let region = if raw.kind == PlaceKind::Region || raw.admin1.is_empty() {
            ""
        } else {
            self.code_candidate(raw.country_code, Some(raw.admin1))
                .map_or("", |k| self.name(&k))
        };
        Place {
            id: raw.id,
            kind: raw.kind,
            name: Cow::Borrowed(raw.name),
            lat: raw.lat,
            lon: raw.lon,
            label_point: raw.label,
            bbox: raw.bbox,
            country_code: raw.country_code,
            country,
            region,
            admin1: raw.admin1,
            population: raw.population,
            timezone: raw.timezone,
            code: raw.code,
            fcode: raw.fcode,
            source: self.layers[c.layer].source,
            importance: raw.importance,
        }
    }

    /// The countries and regions a qualifier or hint names ("Texas", "TX", "France", "FR").
    fn area(&self, text: &str) -> Option<Vec<Area>> {
        let key = normalize(text);
        let mut areas: Vec<Area> = self
            .exact(&key)
            .iter()
            .filter_map(|c| {
                let raw = self.raw(c);
                match raw.kind {
                    PlaceKind::Country => Some(Area::Country(raw.country_code.to_string())),
                    PlaceKind::Region => Some(Area::Region(
                        raw.country_code.to_string(),
                        raw.admin1.to_string(),
                    )),
                    _ => None,
                }
            })
            .collect();
        let code = text.trim();
        if code.len() == 2
            && code.chars().all(|c| c.is_ascii_alphabetic())
            && self.country(code).is_some()
        {
            areas.push(Area::Country(code.to_ascii_uppercase()));
        }
        areas.sort();
        areas.dedup();
        (!areas.is_empty()).then_some(areas)
    }

    fn within(&self, c: &Candidate, areas: &[Area]) -> bool {
        let raw = self.raw(c);
        areas.iter().any(|a| match a {
            Area::Country(cc) => raw.country_code == cc,
            Area::Region(cc, a1) => {
                raw.country_code == cc && raw.admin1 == a1 && raw.kind != PlaceKind::Region
            }
        })
    }

    /// Every place a normalised name key names, in all layers, with its prior score:
    /// for callers that weigh namesakes with context of their own (the article extractor).
    /// Within a layer they come best prior first (then by row), so a caller that keeps the
    /// first of equals keeps the more important place. See [`normalize()`] for keys and
    /// [`Gazetteer::resolution`] to turn scores into an answer.
    pub fn namesakes(&self, key: &str) -> Vec<Namesake<'_>> {
        self.exact(key)
            .into_iter()
            .map(|c| {
                let raw = self.raw(&c);
                Namesake {
                    candidate: Candidate {
                        score: self.score_with(&c, raw.importance),
                        ..c
                    },
                    id: raw.id,
                    kind: raw.kind,
                    role: c.role,
                    lat: raw.lat,
                    lon: raw.lon,
                    population: raw.population,
                    country_code: raw.country_code,
                    admin1: raw.admin1,
                    fcode: raw.fcode,
                    custom: self.layers[c.layer].source == Source::Custom,
                }
            })
            .collect()
    }

    /// The name maps of all layers, custom places first: for callers that walk names along
    /// a text (the article extractor).
    pub fn name_maps(&self) -> impl Iterator<Item = &fst::Map<Blob>> {
        self.layers.iter().flat_map(|l| l.index.names())
    }

    /// A resolution from namesakes the caller has scored (in the units of
    /// [`Namesake::prior`]: a point is a factor of ten). The best score wins; confidence is
    /// each place's share of the weights.
    ///
    /// Returns `None` for an empty list.
    pub fn resolution(
        &self,
        query: &str,
        scored: &[(Namesake<'_>, f64)],
        max_alternatives: usize,
    ) -> Option<Resolution<'_>> {
        let found = scored
            .iter()
            .map(|(n, score)| Candidate {
                score: *score,
                ..n.candidate
            })
            .collect();
        (!scored.is_empty()).then(|| self.ranked(query, found, max_alternatives))
    }

    /// Scores candidates, keeps the best per place id and builds the resolution.
    fn rank(
        &self,
        query: &str,
        mut found: Vec<Candidate>,
        max_alternatives: usize,
    ) -> Resolution<'_> {
        for c in &mut found {
            c.score = self.score(c);
        }
        // A town's own name beats another town's other name: "Salisbury" is the English
        // town, not Harare, which once bore the name. Another spelling of a town's own name
        // is not shadowed ("Bruges" for Brugge, "Seville" for Sevilla), nor is a town's
        // spelling by a region named after it ("Samarqand"). A village shadows nothing:
        // Ghent, New York, leaves "Ghent" to Gent in Belgium.
        let town = |c: &Candidate| !self.raw(c).kind.is_area();
        if found.iter().any(|c| {
            c.role == NameRole::Primary
                && town(c)
                && self.raw(c).population >= SHADOWING_MIN_POPULATION
        }) {
            let key = normalize(query.split(',').next().unwrap_or(query));
            for c in &mut found {
                if c.role == NameRole::Alternate
                    && town(c)
                    && !same_stem(&normalize(self.raw(c).name), &key)
                {
                    c.score -= SHADOWED_ALIAS;
                }
            }
        }
        // A name written with the punctuation a place writes it with ("St. Louis") is that
        // place's more than a namesake's that folding reaches ("Saint-Louis", Senegal).
        let written = query.split(',').next().unwrap_or(query).trim();
        if written.contains(['.', '-', '\'']) {
            for c in &mut found {
                if self.raw(c).name.eq_ignore_ascii_case(written) {
                    c.score += WRITTEN_AS_IS;
                }
            }
        }
        self.ranked(query, found, max_alternatives)
    }

    /// Builds the resolution from scored candidates (at least one).
    fn ranked(
        &self,
        query: &str,
        found: Vec<Candidate>,
        max_alternatives: usize,
    ) -> Resolution<'_> {
        // Sorted by score, best first, then layer, then id; the candidate's position breaks
        // ties, so that the sort is as stable as the candidates' order. The keys are plain
        // integers and ids are read once: decoding records inside the sort, then sorting
        // whole candidates, were most of the work.
        let mut order: Vec<(u64, u64, u32)> = found
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let at = (c.layer as u64) << 32 | u64::from(self.id(c));
                (!total_order(c.score), at, i as u32)
            })
            .collect();
        order.sort_unstable();
        // Each place once, at its best-ranked candidate: the kept entries are moved to the
        // front of `order`. A few are checked by a 256-bit filter, then by scanning the kept
        // ones when the filter cannot tell; many by hashing.
        let mut kept = 0;
        let mut filter = [0u64; 4];
        let mut seen = FxHashSet::default();
        let few = order.len() <= 64;
        for i in 0..order.len() {
            let id = order[i].1 as u32;
            let first = if few {
                let h = (id.wrapping_mul(0x9e37_79b9) >> 24) as usize;
                let (word, bit) = (&mut filter[h >> 6], 1u64 << (h & 63));
                let maybe_seen = *word & bit != 0;
                *word |= bit;
                !maybe_seen || !order[..kept].iter().any(|o| o.1 as u32 == id)
            } else {
                seen.insert(id)
            };
            if first {
                order[kept] = order[i];
                kept += 1;
            }
        }
        let ranked = || order[..kept].iter().map(|&(_, _, i)| &found[i as usize]);
        let top = found[order[0].2 as usize];
        // 10^x, as e^(x ln 10): a point of score is a factor of ten. Equal scores sit side
        // by side, and an exact lookup's come in steps of a tenth, so runs are common: each
        // run's weight is worked out once.
        let mut last = (f64::NAN, 0.0);
        let mut weight = |c: &Candidate| {
            if c.score.to_bits() != last.0.to_bits() {
                let w = ((c.score - top.score).max(-12.0) * std::f64::consts::LN_10).exp();
                last = (c.score, w);
            }
            last.1
        };
        let total: f64 = ranked().map(&mut weight).sum();
        let guess_factor = if top.distance > 0 { 0.5 } else { 1.0 };
        let matched = if top.distance > 0 {
            MatchKind::Fuzzy
        } else if self.layers[top.layer].source == Source::Custom {
            MatchKind::Custom
        } else if top.role == NameRole::Primary {
            MatchKind::Exact
        } else {
            MatchKind::Alias
        };
        Resolution {
            query: query.to_string(),
            place: self.place(&top),
            matched,
            demonym: top.role == NameRole::Demonym,
            confidence: guess_factor * weight(&top) / total,
            alternatives: ranked()
                .skip(1)
                .take(max_alternatives)
                .map(|c| Alternative {
                    place: self.place(c),
                    confidence: guess_factor * weight(c) / total,
                })
                .collect(),
        }
    }

    /// A candidate's score in "orders of magnitude of population": its prior importance,
    /// less for alternate names and misspellings, far more for the user's own places.
    fn score(&self, c: &Candidate) -> f64 {
        self.score_with(c, self.layers[c.layer].index.importance(c.idx))
    }

    fn score_with(&self, c: &Candidate, importance: f64) -> f64 {
        let custom = if self.layers[c.layer].source == Source::Custom {
            100.0
        } else {
            0.0
        };
        importance + c.role.weight() + custom - 2.5 * f64::from(c.distance)
    }

    fn suggestions(&self, found: Vec<Candidate>) -> Vec<Suggestion> {
        if found.is_empty() {
            return Vec::new();
        }
        let ranked = self.rank("", found, 2);
        std::iter::once(&ranked.place)
            .chain(ranked.alternatives.iter().map(|a| &a.place))
            .map(|p| Suggestion {
                name: p.name.to_string(),
                context: p.context(),
            })
            .collect()
    }

    /// The named place nearest to a point: cities and the user's own points.
    pub fn reverse(&self, lat: f64, lon: f64) -> Option<(Place<'_>, f64)> {
        let tree = self.reverse.get_or_init(|| reverse::Tree::build(self));
        let (layer, idx, km) = tree.nearest(lat, lon)?;
        let place = self.place(&Candidate {
            layer,
            idx,
            role: NameRole::Primary,
            distance: 0,
            score: 0.0,
        });
        Some((place, km))
    }
}

/// What a town's alternate name loses, in orders of magnitude of population, when another
/// place bears the name as its own: a former or foreign name of a big city ("Salisbury" for
/// Harare, "Salem" for Jerusalem) does not outrank a town that is called so today.
pub const SHADOWED_ALIAS: f64 = 4.0;

/// Smallest population of a town whose own name shadows another town's alternate name
/// (see [`SHADOWED_ALIAS`]): a village of GeoNames' cities500 does not.
pub const SHADOWING_MIN_POPULATION: u64 = 1_000;

/// Whether two name keys are spellings of one name: the same first three letters
/// ("brugge", "bruges").
fn same_stem(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() >= 3 && b.len() >= 3 && a[..3] == b[..3]
}

/// What a place gains, in orders of magnitude of population, when a query with punctuation
/// spells its name exactly as the place does ("St. Louis").
pub const WRITTEN_AS_IS: f64 = 1.0;

/// A place a name key names, with the prior score [`Gazetteer::resolve`] ranks it by.
#[derive(Debug, Clone, Copy)]
pub struct Namesake<'g> {
    candidate: Candidate,
    /// GeoNames or synthetic id.
    pub id: u32,
    /// Kind of place.
    pub kind: PlaceKind,
    /// How the key names it (own name, alternate name, demonym).
    pub role: NameRole,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Population, 0 when unknown.
    pub population: u64,
    /// ISO alpha-2 country code.
    pub country_code: &'g str,
    /// GeoNames admin1 code.
    pub admin1: &'g str,
    /// GeoNames feature code.
    pub fcode: &'g str,
    /// Whether the place is one the user added.
    pub custom: bool,
}

impl Namesake<'_> {
    /// The prior score: importance (about the log of population), less for alternate names,
    /// far more for the user's own places.
    pub fn prior(&self) -> f64 {
        self.candidate.score
    }
}

/// A country or region a qualifier names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Area {
    Country(String),
    Region(String, String),
}

fn unreachable_place(idx: u32) -> RawPlace<'static> {
    // Only reachable with a corrupt index; an empty record is safer than a panic.
    RawPlace {
        id: idx,
        kind: PlaceKind::Point,
        importance: 0.0,
        lat: 0.0,
        lon: 0.0,
        label: None,
        bbox: None,
        population: 0,
        name: "",
        country_code: "",
        admin1: "",
        admin2: "",
        timezone: "",
        code: "",
        fcode: "",
    }
}

/// Checks a name's length and characters; returns it trimmed.
fn check_name(query: &str) -> Result<&str, ResolveError> {
    let trimmed = query.trim();
    if trimmed.is_empty() {
        return Err(ResolveError::Empty);
    }
    if trimmed.len() > MAX_NAME_LEN {
        let mut end = 40;
        while !trimmed.is_char_boundary(end) {
            end -= 1;
        }
        return Err(ResolveError::TooLong {
            len: trimmed.len(),
            max: MAX_NAME_LEN,
            preview: trimmed[..end].to_string(),
        });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ResolveError::ControlCharacters {
            name: trimmed.to_string(),
        });
    }
    Ok(trimmed)
}

/// Splits "Paris, Texas" or "Paris (Texas)" into name and qualifier.
fn split_qualifier(name: &str) -> Option<(&str, &str)> {
    if let Some((head, rest)) = name.split_once('(') {
        let q = rest.trim().trim_end_matches(')').trim();
        if !head.trim().is_empty() && !q.is_empty() {
            return Some((head.trim(), q));
        }
    }
    let (head, q) = name.rsplit_once(',')?;
    let (head, q) = (head.trim(), q.trim());
    (!head.is_empty() && !q.is_empty()).then_some((head, q))
}

fn point_resolution(query: &str, lat: f64, lon: f64) -> Resolution<'static> {
    Resolution {
        query: query.to_string(),
        place: Place {
            id: 0,
            kind: PlaceKind::Point,
            name: Cow::Owned(format!("{lat:.5}, {lon:.5}")),
            lat,
            lon,
            label_point: None,
            bbox: None,
            country_code: "",
            country: "",
            region: "",
            admin1: "",
            population: 0,
            timezone: "",
            code: "",
            fcode: "",
            source: Source::Query,
            importance: 0.0,
        },
        matched: MatchKind::Coordinates,
        demonym: false,
        confidence: 1.0,
        alternatives: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A process that searches for misspellings often indexes the name map, and the index
    /// finds what walking the map found, on the embedded million keys (issue 19).
    #[test]
    fn misspellings_are_searched_through_the_index_after_a_few() {
        let g = Gazetteer::embedded().expect("opens");
        let queries = [
            "samarknd",
            "xamarkand",
            "vorkhalin",
            "bak",
            "irann",
            "nwe york",
            "zzyzx springs",
            "москв",
            "kyrgystan",
            "qqqqqq",
        ];
        for q in queries.iter().cycle().take(INDEXED_AFTER) {
            let _ = g.near(q, 1);
        }
        assert!(g.layers[0].near.get().is_none(), "indexed too soon");
        let _ = g.near("samarknd", 1);
        let index = g.layers[0].near.get().expect("indexed");
        let names = g.layers[0].index.names();
        for q in queries {
            for max in 1..=2 {
                assert_eq!(
                    index.near(q, max, NEAR_LIMIT),
                    fuzzy::near(names, q, max, NEAR_LIMIT),
                    "{q} within {max}"
                );
            }
        }
    }

    #[test]
    fn codes_read_from_the_name_maps_are_the_codes_gathered() {
        let g = Gazetteer::embedded().expect("opens");
        let codes = Codes::gather(&g.layers);
        let key = |c: Option<Candidate>| c.map(|c| (c.layer, c.idx, c.role));
        let mut regions = 0;
        for slot in 0..26 * 26 {
            let letter = |i: usize| char::from(b'A' + i as u8);
            let cc = format!("{}{}", letter(slot / 26), letter(slot % 26));
            assert_eq!(
                key(g.code_candidate_direct(&cc, None)),
                key(codes.country(&cc)),
                "{cc}"
            );
            for &(code, c) in &codes.regions[slot] {
                let bytes = code.to_be_bytes();
                let admin1 = std::str::from_utf8(&bytes)
                    .expect("ascii")
                    .trim_end_matches('\0');
                for a1 in [admin1.to_string(), admin1.to_ascii_lowercase()] {
                    let direct = g.code_candidate_direct(&cc.to_ascii_lowercase(), Some(&a1));
                    assert_eq!(key(direct), key(Some(c)), "{cc} {a1}");
                }
                regions += 1;
            }
        }
        assert!(regions > 3000, "{regions} regions");
        assert_eq!(key(g.code_candidate_direct("FRA", None)), None);
        assert_eq!(key(g.code_candidate_direct("FR", Some("nowhere"))), None);
    }
}

//! Places and resolutions, as the gazetteer hands them out.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

pub use super::index::PlaceKind;

/// Where a place comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Places the user added (CSV or GeoJSON); they win over all others.
    Custom,
    /// A GeoNames dump loaded at run time.
    GeoNames,
    /// The data embedded in placemap.
    Embedded,
    /// Coordinates given in the query itself.
    Query,
}

/// A place: a point with a name, a kind and its administrative context.
#[derive(Debug, Clone, PartialEq)]
pub struct Place<'g> {
    /// GeoNames id, or a synthetic id for places without one.
    pub id: u32,
    /// Kind of place.
    pub kind: PlaceKind,
    /// Display name.
    pub name: Cow<'g, str>,
    /// Latitude in degrees (WGS84). For countries and regions the conventional point
    /// GeoNames uses; see `label_point` for where to draw a label.
    pub lat: f64,
    /// Longitude in degrees (WGS84).
    pub lon: f64,
    /// Where to draw the place's label `(lat, lon)`, for countries and regions.
    pub label_point: Option<(f64, f64)>,
    /// Bounding box `[min_lon, min_lat, max_lon, max_lat]`, for countries and regions.
    pub bbox: Option<[f64; 4]>,
    /// ISO 3166-1 alpha-2 code of the country, or empty.
    pub country_code: &'g str,
    /// Name of the country, or empty.
    pub country: &'g str,
    /// Name of the first-level region (state, province…), or empty.
    pub region: &'g str,
    /// GeoNames admin1 code.
    pub admin1: &'g str,
    /// Population, 0 when unknown.
    pub population: u64,
    /// IANA time zone, or empty.
    pub timezone: &'g str,
    /// ISO alpha-3 (countries) or ISO 3166-2 (regions) code, or empty.
    pub code: &'g str,
    /// GeoNames feature code (PPLC capital, PPLA regional seat, PCLI country…), or empty.
    pub fcode: &'g str,
    /// Where the place comes from.
    pub source: Source,
    /// Prior importance used to rank namesakes (larger is more important).
    pub importance: f64,
}

impl Place<'_> {
    /// The kind for output: the place's kind, or for a natural feature what it is
    /// ("sea", "river", "island"…).
    pub fn kind_str(&self) -> &'static str {
        match self.kind {
            PlaceKind::Feature => super::index::feature_kind(self.fcode).unwrap_or("feature"),
            kind => kind.as_str(),
        }
    }

    /// The GeoNames id, for places that come from GeoNames.
    pub fn geonames_id(&self) -> Option<u32> {
        matches!(self.source, Source::Embedded | Source::GeoNames)
            .then_some(self.id)
            .filter(|&id| id < super::SYNTHETIC_ID_START)
    }

    /// Short context for messages: the country name, or the kind for places outside one.
    pub fn context(&self) -> String {
        match self.kind {
            PlaceKind::Country | PlaceKind::Continent | PlaceKind::Macroregion => {
                self.kind.as_str().to_string()
            }
            _ if !self.region.is_empty() && self.country_code == "US" => {
                format!("{}, {}", self.region, self.country)
            }
            _ if !self.country.is_empty() => self.country.to_string(),
            _ => self.country_code.to_string(),
        }
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = self.context();
        if context.is_empty() {
            write!(f, "{}", self.name)
        } else {
            write!(f, "{} ({})", self.name, context)
        }
    }
}

/// How a query matched its place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The place's own name.
    Exact,
    /// One of its alternate names, spellings, scripts or codes, or a demonym.
    Alias,
    /// A misspelling: the result is a guess.
    Fuzzy,
    /// Coordinates in the query.
    Coordinates,
    /// A GeoNames id in the query.
    Id,
    /// A place the user added.
    Custom,
}

impl MatchKind {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::Fuzzy => "fuzzy",
            MatchKind::Coordinates => "coordinates",
            MatchKind::Id => "id",
            MatchKind::Custom => "custom",
        }
    }
}

/// A runner-up candidate of a resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative<'g> {
    /// The place.
    pub place: Place<'g>,
    /// Its share of the confidence, 0 to 1.
    pub confidence: f64,
}

/// The answer to a name: the chosen place, how it matched, how sure, and the runners-up.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution<'g> {
    /// The name as given.
    pub query: String,
    /// The chosen place.
    pub place: Place<'g>,
    /// How the query matched it.
    pub matched: MatchKind,
    /// Whether the query was a demonym or adjective ("Russian") of the place.
    pub demonym: bool,
    /// How sure the choice is, 0 to 1; low for guesses and close namesakes.
    pub confidence: f64,
    /// Runner-up candidates, best first.
    pub alternatives: Vec<Alternative<'g>>,
}

impl Resolution<'_> {
    /// The kind for output: the place's kind, or `demonym` when the query was one.
    pub fn kind_str(&self) -> &'static str {
        if self.demonym {
            "demonym"
        } else {
            self.place.kind_str()
        }
    }

    /// Whether the place is a guess from a misspelt name.
    pub fn is_guess(&self) -> bool {
        self.matched == MatchKind::Fuzzy
    }

    /// An owned, serialisable record of the resolution.
    pub fn to_record(&self) -> ResolvedRecord {
        ResolvedRecord {
            query: self.query.clone(),
            name: self.place.name.to_string(),
            kind: self.kind_str().to_string(),
            lat: round6(self.place.lat),
            lon: round6(self.place.lon),
            country_code: self.place.country_code.to_string(),
            country: self.place.country.to_string(),
            region: self.place.region.to_string(),
            population: self.place.population,
            geonames_id: self.place.geonames_id(),
            feature_code: self.place.fcode.to_string(),
            timezone: self.place.timezone.to_string(),
            source: self.place.source,
            r#match: self.matched,
            confidence: (self.confidence * 1000.0).round() / 1000.0,
            alternatives: self
                .alternatives
                .iter()
                .map(|a| AlternativeRecord {
                    name: a.place.name.to_string(),
                    kind: a.place.kind_str().to_string(),
                    lat: round6(a.place.lat),
                    lon: round6(a.place.lon),
                    country_code: a.place.country_code.to_string(),
                    region: a.place.region.to_string(),
                    population: a.place.population,
                    geonames_id: a.place.geonames_id(),
                    confidence: (a.confidence * 1000.0).round() / 1000.0,
                })
                .collect(),
        }
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A resolution as written by `placemap resolve --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedRecord {
    /// The name as given.
    pub query: String,
    /// Display name of the place.
    pub name: String,
    /// `country`, `region`, `city`, `continent`, `macroregion`, `county`, `point`,
    /// `demonym`, or what a natural feature is (`ocean`, `sea`, `river`, `island`…).
    pub kind: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO alpha-2 country code.
    pub country_code: String,
    /// Country name.
    pub country: String,
    /// First-level region name.
    pub region: String,
    /// Population, 0 when unknown.
    pub population: u64,
    /// GeoNames id, when the place comes from GeoNames.
    pub geonames_id: Option<u32>,
    /// GeoNames feature code.
    pub feature_code: String,
    /// IANA time zone.
    pub timezone: String,
    /// Where the place comes from.
    pub source: Source,
    /// How the query matched.
    pub r#match: MatchKind,
    /// How sure the choice is, 0 to 1.
    pub confidence: f64,
    /// Runner-up candidates.
    pub alternatives: Vec<AlternativeRecord>,
}

/// A runner-up candidate in a [`ResolvedRecord`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlternativeRecord {
    /// Display name.
    pub name: String,
    /// Kind of place.
    pub kind: String,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO alpha-2 country code.
    pub country_code: String,
    /// First-level region name.
    pub region: String,
    /// Population.
    pub population: u64,
    /// GeoNames id.
    pub geonames_id: Option<u32>,
    /// Its share of the confidence.
    pub confidence: f64,
}

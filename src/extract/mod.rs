//! Place mentions in a text: found by walking the gazetteer's names along the words,
//! filtered by how English news writes names, and resolved in the context of the whole text.
//!
//! ```
//! use placemap::extract::Extractor;
//! use placemap::gazetteer::Gazetteer;
//!
//! let gazetteer = Gazetteer::embedded()?;
//! let text = "Xi Jinping flew from Beijing to Samarkand, Uzbekistan.";
//! let mentions = Extractor::new(&gazetteer).extract(text);
//! let names: Vec<&str> = mentions.iter().map(|m| &text[m.start..m.end]).collect();
//! assert_eq!(names, ["Beijing", "Samarkand", "Uzbekistan"]);
//! assert_eq!(mentions[1].resolution.place.country_code, "UZ");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Detection walks the name automaton (the gazetteer's FST) from every capitalised word and
//! keeps the longest name that ends on a capitalised word ("New York City" over "New York").
//! It then drops what news text writes with a capital but does not mean as a place: months,
//! function words at the start of a sentence, people ("President Putin", "Desmond Clark"
//! and, later in the same text, "Clark"; "Jones said"), words joined by a hyphen to a word
//! that is no notable place ("Wal-Mart"), international bodies named after a place ("Shanghai
//! Cooperation Organization"; a local institution keeps its place: "Gainesville Police"),
//! town alternate names that are codes ("SCO"), common words that are also towns unless put
//! as places ("in Nice"), and words at the start of a sentence that the text also uses in
//! lower case.
//!
//! Resolution weighs each mention's namesakes by their prior (kind and population) and by
//! the text's context: a qualifier after a comma ("Alexandria, Louisiana"; "Athens, Ga."),
//! the countries and first-level regions the other mentions name, and nearness to the
//! other mentions' towns. A small place that nothing in the text supports is dropped
//! rather than guessed.

pub mod batch;
pub mod draft;
mod tokens;
mod words;

pub use draft::draft;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use fst::raw::CompiledAddr;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::gazetteer::index::Blob;
use crate::gazetteer::{
    normalize, normalize::normalize_into, AlternativeRecord, Gazetteer, MatchKind, NameRole,
    Namesake, PlaceKind, Resolution, SHADOWED_ALIAS, SHADOWING_MIN_POPULATION, WRITTEN_AS_IS,
};
use tokens::{tokenize, Case, Token};

/// The most words a place name spans ("Llanfair… " aside, real names have fewer).
const MAX_NAME_WORDS: usize = 8;

/// Smallest population of a town whose alternate names count in running text.
const ALIAS_MIN_POPULATION: u64 = 100_000;

/// Smallest population of a place that a text may name without support from the rest of
/// the text (its country or region named, or a qualifier).
const UNSUPPORTED_MIN_POPULATION: u64 = 20_000;

/// Smallest population of a town that its state or country named in the text supports:
/// a smaller one (a village of GeoNames' cities500) needs a sure place nearby or its
/// county, for a text about a state names many words that are also its villages' names.
const REGION_SUPPORTS_MIN_POPULATION: u64 = 1_000;

/// Largest population of a place whose name, next to "said", is taken for a person's.
const SPEAKER_MAX_POPULATION: u64 = 100_000;

/// Size of a region of a million people, in orders of magnitude: a region at least this big
/// is a place a text may name without support ("flying to Florida").
const BIG_REGION_SIZE: f64 = 6.0;

/// Smallest population of a town that a region bearing its name is read as: "Glasgow" is
/// the city more than the council area around it.
const REGION_TOWN_MIN_POPULATION: u64 = 20_000;

/// How far below its town a region named after it ranks, in orders of magnitude.
const REGION_TOWN_MARGIN: f64 = 0.1;

/// Distance from a region's point within which a town of its name counts as its town when
/// the data gives them different first-level codes (Glasgow: council area and Scotland), km.
const REGION_TOWN_KM: f64 = 50.0;

/// Weight of the text's countries and regions, in the units of [`Namesake::prior`].
const COUNTRY_WEIGHT: f64 = 1.6;
const REGION_WEIGHT: f64 = 2.0;

/// Weight of nearness to the text's other places, in the same units: local news names
/// places near each other ("Dublin" beside Columbus is the Ohio suburb).
const NEARNESS_WEIGHT: f64 = 1.3;

/// Distance at which a place's pull on its namesakes falls to 1/e, kilometres.
const NEARNESS_KM: f64 = 250.0;

/// Least nearness that supports a small place: a sure place about 300 km away.
const NEAR_SUPPORT: f64 = 0.3;

/// Weight of a town and a county the text names side by side ("Paris ... Henry County"):
/// a pairing that seldom happens by chance, so it outweighs a large namesake elsewhere.
const COUNTY_WEIGHT: f64 = 3.5;
/// Distance from a county's centre within which a town counts as inside it, km.
const COUNTY_KM: f64 = 35.0;
/// Fall-off of a town's pairing past that distance, km.
const COUNTY_FALLOFF_KM: f64 = 15.0;

/// The shortest word that [`Extractor::compound`] looks into, in bytes.
const COMPOUND_MIN_LEN: usize = 12;

/// The shortest name [`Extractor::compound`] takes from inside a word, in bytes.
const COMPOUND_MIN_NAME: usize = 5;

/// Smallest population of a town that one word of a text without capitals names without
/// support from the rest of the text: there most town names are also words.
const CASELESS_MIN_POPULATION: u64 = 1_000_000;

/// The most places of a text that pull on the others' namesakes: the surest ones.
const MAX_ANCHORS: usize = 64;

/// A place mention: where it is in the text and what it resolves to.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention<'g> {
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset just past the last byte.
    pub end: usize,
    /// The resolution; its `query` is the mention's text.
    pub resolution: Resolution<'g>,
}

impl Mention<'_> {
    /// An owned, serialisable record of the mention.
    pub fn to_record(&self) -> MentionRecord {
        let r = self.resolution.to_record();
        MentionRecord {
            start: self.start,
            end: self.end,
            text: r.query,
            name: r.name,
            kind: r.kind,
            lat: r.lat,
            lon: r.lon,
            country_code: r.country_code,
            country: r.country,
            region: r.region,
            population: r.population,
            geonames_id: r.geonames_id,
            r#match: r.r#match,
            confidence: r.confidence,
            alternatives: r.alternatives,
        }
    }
}

/// A given span and the place it names: `None` when it names no known place.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanMention<'g> {
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset just past the last byte.
    pub end: usize,
    /// The resolution, if the span names a known place.
    pub resolution: Option<Resolution<'g>>,
}

/// A mention as `placemap extract` writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MentionRecord {
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset just past the last byte.
    pub end: usize,
    /// The text of the mention.
    pub text: String,
    /// Display name of the place.
    pub name: String,
    /// `country`, `region`, `county`, `city`, `continent`, `macroregion` or `demonym`.
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
    /// How the text matched the place's name.
    pub r#match: MatchKind,
    /// How sure the choice is, 0 to 1.
    pub confidence: f64,
    /// Runner-up candidates.
    pub alternatives: Vec<AlternativeRecord>,
}

/// Why given spans could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpanError {
    /// A span lies outside the text or ends before it starts.
    #[error("span {start}..{end} is outside the text ({len} bytes)")]
    OutOfRange {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
        /// Length of the text in bytes.
        len: usize,
    },
    /// A span cuts a character in two.
    #[error("span {start}..{end} does not fall on character boundaries")]
    NotCharBoundary {
        /// Start byte.
        start: usize,
        /// End byte.
        end: usize,
    },
}

/// How an [`Extractor`] reads capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Casing {
    /// [`Casing::Caseless`] for a text with no capitalisation signal (no capitals, or
    /// nothing but capitals), else [`Casing::Cased`]. The default.
    #[default]
    Auto,
    /// Names are capitalised words, as news text writes them.
    Cased,
    /// Any word may begin a name ("flooding in sandy hook"): for lower-case or all-capitals
    /// text. One word is taken only for a country, a region or a big town, and a town of
    /// fewer than a million people only with support from the rest of the text.
    Caseless,
}

/// Finds and resolves the places a text mentions. See the [module docs](self).
#[derive(Debug, Clone, Copy)]
pub struct Extractor<'g> {
    gazetteer: &'g Gazetteer,
    max_alternatives: usize,
    casing: Casing,
}

/// A country or a first-level region a qualifier names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Area<'g> {
    Country(&'g str),
    Region(&'g str, &'g str),
}

/// A mention before resolution in context.
#[derive(Debug, Clone)]
struct Found<'g> {
    start: usize,
    end: usize,
    key: String,
    namesakes: Rc<[Namesake<'g>]>,
    within: Option<Area<'g>>,
    /// One word with no qualifier: must be supported by the text if it is a small place.
    needs_support: bool,
    /// A word at the start of a sentence or in a headline: a common word, not this place,
    /// if the text also writes it in lower case.
    sentence_case: bool,
    /// One word with a possessive "'s": a person's as often as a place's ("Obama's plan").
    possessive: bool,
    /// One word of a text without capitals: most town names are also words there.
    caseless_word: bool,
}

impl<'g> Extractor<'g> {
    /// An extractor over a gazetteer, keeping five runner-up candidates a mention.
    pub fn new(gazetteer: &'g Gazetteer) -> Extractor<'g> {
        Extractor {
            gazetteer,
            max_alternatives: 5,
            casing: Casing::Auto,
        }
    }

    /// Sets how capitals are read. Default: [`Casing::Auto`].
    pub fn casing(mut self, casing: Casing) -> Extractor<'g> {
        self.casing = casing;
        self
    }

    /// Sets how many runner-up candidates each mention keeps.
    pub fn max_alternatives(mut self, n: usize) -> Extractor<'g> {
        self.max_alternatives = n;
        self
    }

    /// Finds the place mentions of a text, in text order.
    pub fn extract(&self, text: &str) -> Vec<Mention<'g>> {
        let words = Words::new(text);
        let lookups = Lookups::new(self.gazetteer);
        let found = self.find(&words, &lookups);
        self.resolve_all(text, found, true)
    }

    /// Finds candidate mentions as the casing asks.
    fn find(&self, words: &Words<'_>, lookups: &Lookups<'g>) -> Vec<Found<'g>> {
        let caseless = match self.casing {
            Casing::Cased => false,
            Casing::Caseless => true,
            _ => words.caseless(),
        };
        if caseless {
            self.detect_caseless(words, lookups)
        } else {
            self.detect(words, lookups)
        }
    }

    /// Resolves given spans (`start..end` UTF-8 byte offsets, for instance from a
    /// named-entity tagger) as place mentions, in the context of the whole text. Spans that
    /// name no known place are left out; [`Extractor::resolve_given`] keeps them.
    pub fn resolve_spans(
        &self,
        text: &str,
        spans: &[(usize, usize)],
    ) -> Result<Vec<Mention<'g>>, SpanError> {
        Ok(self
            .resolve_given(text, spans)?
            .into_iter()
            .filter_map(|s| {
                Some(Mention {
                    start: s.start,
                    end: s.end,
                    resolution: s.resolution?,
                })
            })
            .collect())
    }

    /// Resolves given spans as [`Extractor::resolve_spans`] does, and returns every span, in
    /// the order given, with `None` for one that names no known place. The context is the
    /// whole text: every given span, and the places the text names outside them.
    pub fn resolve_given(
        &self,
        text: &str,
        spans: &[(usize, usize)],
    ) -> Result<Vec<SpanMention<'g>>, SpanError> {
        let words = Words::new(text);
        let lookups = Lookups::new(self.gazetteer);
        let mut found = Vec::with_capacity(spans.len());
        for &(start, end) in spans {
            if start > end || end > text.len() {
                return Err(SpanError::OutOfRange {
                    start,
                    end,
                    len: text.len(),
                });
            }
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                return Err(SpanError::NotCharBoundary { start, end });
            }
            let key = span_key(&text[start..end]);
            let namesakes = lookups.namesakes(&key);
            let last = words
                .tokens
                .partition_point(|t| t.end <= end)
                .checked_sub(1);
            let within = last.and_then(|j| self.qualifier(&words, &lookups, j + 1));
            found.push(Found {
                start,
                end,
                key,
                namesakes,
                within,
                needs_support: false,
                sentence_case: false,
                possessive: false,
                caseless_word: false,
            });
        }
        // The places the text names outside the given spans vote as context.
        let mut sorted = spans.to_vec();
        sorted.sort_unstable();
        let outside = |f: &Found<'_>| {
            let after = sorted.partition_point(|s| s.1 <= f.start);
            sorted.get(after).is_none_or(|s| s.0 >= f.end)
        };
        found.extend(
            self.find(&words, &lookups)
                .into_iter()
                .filter(|f| outside(f)),
        );
        let mut resolved = self.resolve_found(text, found, false);
        resolved.truncate(spans.len());
        Ok(spans
            .iter()
            .zip(resolved)
            .map(|(&(start, end), m)| SpanMention {
                start,
                end,
                resolution: m.map(|m| m.resolution),
            })
            .collect())
    }

    /// Finds candidate mentions: the longest names along the text that pass the filters.
    fn detect(&self, words: &Words<'_>, lookups: &Lookups<'g>) -> Vec<Found<'g>> {
        let tokens = &words.tokens;
        let mut found = Vec::new();
        // Names of people, with where the text first names each in full.
        let mut people: People<'_> = FxHashMap::default();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i].hashtag {
                found.extend(self.hashtag(words, lookups, i));
                i += 1;
                continue;
            }
            if !matches!(tokens[i].case, Case::Upper | Case::Caseless) {
                i += 1;
                continue;
            }
            let ends = lookups.walk(words, i);
            if let Some(j) = generic_end(words, ends, i) {
                i = j + 1;
                continue;
            }
            let mut taken = None;
            for j in ends.longest_first() {
                if let Some(f) = self.accept(words, lookups, i, j, &mut people) {
                    taken = Some((j, f));
                    break;
                }
            }
            match taken {
                Some((j, f)) => {
                    // Past the name, and past a feature word the mention takes in
                    // ("Nashville Creek"), which is no word of a person's name.
                    i = j + 1;
                    while tokens.get(i).is_some_and(|t| t.start < f.end) {
                        i += 1;
                    }
                    found.push(f);
                }
                None => i += 1,
            }
        }
        // People named in full ("Desmond Clark", "President Obama") are people where the
        // text names them again ("Clark said"). Each mention is decided alone: one the text
        // puts as a place ("Franklin, Pennsylvania"; "in Franklin"), or one named before
        // the person is, stays a place.
        if !people.is_empty() {
            found.retain(|f| {
                let Some(&named) = people.get(f.key.as_str()) else {
                    return true;
                };
                !(f.needs_support
                    && f.within.is_none()
                    && f.start > named
                    && !is_known_area(&f.namesakes))
            });
        }
        // A common word at the start of a sentence or in a headline ("Reading is fun"), if
        // the text also writes it in lower case.
        let lower_case = words.in_lower_case(
            found
                .iter()
                .filter(|f| f.sentence_case)
                .map(|f| f.key.as_str()),
        );
        if !lower_case.is_empty() {
            found.retain(|f| !(f.sentence_case && lower_case.contains(f.key.as_str())));
        }
        found
    }

    /// Finds candidate mentions in a text without capitals: any word may begin a name, but
    /// one word must be a country, a region or a big town, and a name of any length a place
    /// by its own name or a country's or region's other name.
    fn detect_caseless(&self, words: &Words<'_>, lookups: &Lookups<'g>) -> Vec<Found<'g>> {
        let tokens = &words.tokens;
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let t = &tokens[i];
            if t.hashtag {
                found.extend(self.hashtag(words, lookups, i));
                i += 1;
                continue;
            }
            if t.case == Case::Digit {
                i += 1;
                continue;
            }
            let ends = lookups.walk(words, i);
            if let Some(j) = generic_end(words, ends, i) {
                i = j + 1;
                continue;
            }
            let taken = ends
                .longest_first()
                .find_map(|j| self.accept_caseless(words, lookups, i, j).map(|f| (j, f)));
            match taken {
                Some((j, f)) => {
                    found.push(f);
                    i = j + 1;
                }
                None => {
                    // Words run together in capitals: "PRAYFORFERGUSON".
                    if ends.last().is_none() && t.all_caps && t.end - t.start >= COMPOUND_MIN_LEN {
                        found.extend(self.compound(words, lookups, i));
                    }
                    i += 1;
                }
            }
        }
        found
    }

    /// Whether words `i..=j` of a text without capitals are a place mention.
    fn accept_caseless(
        &self,
        words: &Words<'_>,
        lookups: &Lookups<'g>,
        i: usize,
        j: usize,
    ) -> Option<Found<'g>> {
        let tokens = &words.tokens;
        if tokens[i..=j].iter().any(|t| t.case == Case::Digit) {
            return None;
        }
        let key = words.key(i, j);
        let single = i == j;
        if single && !is_name_key(&key) {
            return None;
        }
        // Short names are mostly words ("us", "me") and codes.
        if key.chars().filter(|c| !c.is_whitespace()).count() < 4 {
            return None;
        }
        let namesakes = lookups.in_running_text(&key, false);
        let demonym = namesakes.iter().all(|n| n.role == NameRole::Demonym);
        let big = |n: &Namesake<'_>| {
            n.role == NameRole::Demonym
                || (n.role == NameRole::Primary
                    && (is_area_kind(n.kind) || n.population >= ALIAS_MIN_POPULATION))
                || (n.role == NameRole::Alternate && is_area_kind(n.kind))
        };
        if namesakes.is_empty() || (single && !namesakes.iter().any(big)) {
            return None;
        }
        let locative = i > 0 && tokens[i].links && words::puts_a_place(words.word(i - 1));
        Some(Found {
            start: tokens[i].start,
            end: tokens[j].end,
            key: key.into_owned(),
            namesakes,
            within: None,
            needs_support: !demonym && !locative,
            sentence_case: false,
            possessive: false,
            caseless_word: single && !demonym,
        })
    }

    /// The places a hashtag names: its words split at capitals ("#PrayForFerguson"), or
    /// the whole tag ("#Gaza"), or the longest name that begins or ends a tag written in
    /// one case ("#prayforferguson").
    fn hashtag(&self, words: &Words<'_>, lookups: &Lookups<'g>, i: usize) -> Vec<Found<'g>> {
        let t = &words.tokens[i];
        let tag = &words.text[t.start..t.end];
        let parts = camel_parts(tag);
        let mut found = Vec::new();
        if parts.len() < 2 {
            match self.tag_name(lookups, tag, (t.start, t.end), normalize(tag)) {
                Some(f) => found.push(f),
                None => found.extend(self.compound(words, lookups, i)),
            }
            return found;
        }
        let mut p = 0;
        while p < parts.len() {
            let last = parts.len().min(p + MAX_NAME_WORDS) - 1;
            let taken = (p..=last).rev().find_map(|q| {
                let key: Vec<String> = parts[p..=q]
                    .iter()
                    .map(|&(a, b)| normalize(&tag[a..b]))
                    .collect();
                let span = (t.start + parts[p].0, t.start + parts[q].1);
                self.tag_name(lookups, &tag[parts[p].0..parts[q].1], span, key.join(" "))
                    .map(|f| (q, f))
            });
            match taken {
                Some((q, f)) => {
                    found.push(f);
                    p = q + 1;
                }
                None => p += 1,
            }
        }
        found
    }

    /// A name in a hashtag, at bytes `span` of the text, if it is an area's or a town's of
    /// 20,000 people or more.
    fn tag_name(
        &self,
        lookups: &Lookups<'g>,
        surface: &str,
        span: (usize, usize),
        key: String,
    ) -> Option<Found<'g>> {
        let single = !key.contains(' ');
        if (single && !is_name_key(&key)) || key.chars().count() < 3 {
            return None;
        }
        let caps = all_capitals(surface);
        let namesakes = lookups.in_running_text(&key, caps);
        // A tag's words are often words ("#PrayFor…" is no village called Pray): a tag
        // names an area or a town of some size.
        if !namesakes
            .iter()
            .any(|n| is_area_kind(n.kind) || n.population >= REGION_TOWN_MIN_POPULATION)
        {
            return None;
        }
        Some(Found {
            start: span.0,
            end: span.1,
            key,
            namesakes,
            within: None,
            needs_support: true,
            sentence_case: false,
            possessive: false,
            caseless_word: false,
        })
    }

    /// The longest name of a country, region or town of 20,000 people or more that begins
    /// or ends a word written in one case, with other words run into it:
    /// "prayforferguson", "PRAYFORFERGUSON".
    fn compound(&self, words: &Words<'_>, lookups: &Lookups<'g>, i: usize) -> Option<Found<'g>> {
        let t = &words.tokens[i];
        let word = &words.text[t.start..t.end];
        if !word.is_ascii() {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        let n = lower.len();
        for len in (COMPOUND_MIN_NAME..n.saturating_sub(1)).rev() {
            for (a, b) in [(n - len, n), (0, len)] {
                let key = &lower[a..b];
                if !is_name_key(key) {
                    continue;
                }
                let namesakes = lookups.in_running_text(key, false);
                let place = namesakes.iter().any(|n| {
                    n.role == NameRole::Primary
                        && (is_area_kind(n.kind) || n.population >= REGION_TOWN_MIN_POPULATION)
                });
                if place {
                    return Some(Found {
                        start: t.start + a,
                        end: t.start + b,
                        key: key.to_string(),
                        namesakes,
                        within: None,
                        needs_support: true,
                        sentence_case: false,
                        possessive: false,
                        caseless_word: false,
                    });
                }
            }
        }
        None
    }

    /// Whether words `i..=j` are a place mention, and what it may name.
    fn accept<'w>(
        &self,
        words: &'w Words<'_>,
        lookups: &Lookups<'g>,
        i: usize,
        j: usize,
        people: &mut People<'w>,
    ) -> Option<Found<'g>> {
        let tokens = &words.tokens;
        let (first, last) = (&tokens[i], &tokens[j]);
        if !matches!(last.case, Case::Upper | Case::Caseless) {
            return None;
        }
        let key = words.key(i, j);
        let single = i == j;
        if single
            && (words::never_a_place(&key)
                || words::is_institution(&key)
                || words::is_abstract_body(&key)
                || key.chars().count() < 2)
        {
            return None;
        }
        // An AP abbreviation after a comma is the state: "Charleston, W.Va.".
        let state = first
            .after_comma
            .then(|| words::us_state_abbreviation(&key))
            .flatten();
        if let Some(code) = state {
            let states: Rc<[Namesake<'g>]> = lookups
                .namesakes(&key)
                .iter()
                .filter(|n| {
                    n.kind == PlaceKind::Region && n.country_code == "US" && n.admin1 == code
                })
                .copied()
                .collect();
            if !states.is_empty() {
                return Some(Found {
                    start: first.start,
                    end: last.end,
                    within: None,
                    needs_support: false,
                    sentence_case: false,
                    possessive: false,
                    caseless_word: false,
                    key: key.into_owned(),
                    namesakes: states,
                });
            }
        }
        // The namesakes running text may mean (see `Lookups::in_running_text`).
        let mut namesakes = lookups.in_running_text(&key, first.all_caps && last.all_caps);
        if namesakes.is_empty() {
            return None;
        }
        let demonym = namesakes.iter().all(|n| n.role == NameRole::Demonym);
        if !demonym && is_street(words, j + 1) {
            return None;
        }
        let linked_upper = |k: usize| {
            tokens
                .get(k)
                .is_some_and(|t| t.links && !t.after_hyphen && t.case == Case::Upper)
        };
        // After a word that begins a longer name, the name is part of one the gazetteer
        // does not know: "Fort Craig" is no town called Craig.
        if !demonym && i > 0 && linked_upper(i) && words::is_feature_prefix(words.word(i - 1)) {
            return None;
        }
        // Before a feature word, the mention is the feature's ("Missouri River", "Las Vegas
        // Valley"): it stands for a town or county of the name nearby, never for a state
        // or country the feature crosses.
        let feature = !demonym && linked_upper(j + 1) && words::is_feature_word(words.word(j + 1));
        if feature {
            namesakes = namesakes
                .iter()
                .filter(|n| !is_area_kind(n.kind))
                .copied()
                .collect();
            if namesakes.is_empty() {
                return None;
            }
        }
        let end = if feature { tokens[j + 1].end } else { last.end };
        let within = self.qualifier(words, lookups, j + 1 + usize::from(feature));
        let locative = i > 0 && first.links && words::is_locative(words.word(i - 1));
        if !demonym {
            // A title before the name makes it a person's: "President Putin".
            if i > 0 && first.links && words::is_title(words.word(i - 1)) {
                note_people(people, (i..=j).map(|k| words.word(k)), first.start);
                return None;
            }
            // A capitalised word joined before or after (by a space: "Washington-Moscow"
            // is two places) makes the name part of a longer one.
            let before = (i > 0 && first.links && !first.after_hyphen && !first.sentence_start)
                .then(|| i - 1)
                .map(|k| match k.checked_sub(1) {
                    // Past a middle initial: "Roy A. Nelson".
                    Some(b) if is_initial(words, k) && tokens[k].links => b,
                    _ => k,
                })
                .filter(|&k| is_name_word(words, k));
            let after = tokens
                .get(j + 1)
                .filter(|t| t.links && !t.after_hyphen && !feature)
                .map(|_| j + 1)
                .filter(|&k| is_name_word(words, k));
            let run_end = after.map(|k| Self::run_end(words, k));
            let closes = |test: fn(&str) -> bool| {
                before.is_some_and(|k| test(words.word(k)))
                    || run_end
                        .is_some_and(|(start, end)| (start..=end).any(|k| test(words.word(k))))
            };
            if closes(words::is_abstract_body) {
                return None;
            }
            // An acronym after the name is an institution's ("Ferguson PD") or the country's
            // ("London UK").
            let institution = closes(words::is_institution)
                || after.is_some_and(|k| {
                    let t = &tokens[k];
                    t.all_caps && (2..=5).contains(&(t.end - t.start))
                });
            // A well-known place keeps its name beside a capitalised word after it where
            // no person's name can stand: after an article ("the Glasgow Ebola case") or in
            // a headline ("Haiti Earthquake Appeal"). So does a country or region of
            // several words after one ("Earthquake South Africa"): people bear neither.
            let well_known = is_known_area(&namesakes)
                || namesakes
                    .iter()
                    .any(|n| n.role == NameRole::Primary && n.population >= ALIAS_MIN_POPULATION);
            let modifier =
                (i > 0 && first.links && words::is_article(words.word(i - 1))) || words.headline(i);
            let beside_place = (before.is_none() && well_known && modifier)
                || (after.is_none()
                    && is_known_area(&namesakes)
                    && (!single || before.is_some_and(|k| lookups.notable(words.word(k)))));
            if !institution && !beside_place && (before.is_some() || after.is_some()) && !locative {
                let from = before.unwrap_or(i);
                let to = after.unwrap_or(j);
                // After a given name the name is a family name, which the text will use
                // alone ("Desmond Clark", then "Clark said").
                let family = before.is_some();
                note_people(
                    people,
                    (from..=to)
                        .filter(|&k| family || k < i || k > j)
                        .map(|k| words.word(k)),
                    tokens[from].start,
                );
                return None;
            }
            // A hyphen joins the name to a word that is no notable place: "Wal-Mart"
            // (but "Washington-Moscow"; "D-Charleston" is a party and a town).
            if i > 0
                && first.after_hyphen
                && first.links
                && tokens[i - 1].case == Case::Upper
                && words.word(i - 1).chars().count() > 2
                && !lookups.notable(words.word(i - 1))
            {
                return None;
            }
            // A small place's name next to a verb of speech is a person's: "Jones said",
            // "said Jones".
            let spoken = tokens
                .get(j + 1)
                .is_some_and(|t| t.links && words::is_speech_verb(words.word(j + 1)))
                || (i > 0 && first.links && words::is_speech_verb(words.word(i - 1)));
            if spoken
                && !locative
                && !is_known_area(&namesakes)
                && namesakes
                    .iter()
                    .all(|n| n.kind == PlaceKind::Region || n.population < SPEAKER_MAX_POPULATION)
            {
                note_people(people, (i..=j).map(|k| words.word(k)), first.start);
                return None;
            }
            // A common word that is also a town is the town only where the text puts it so.
            if single && words::is_common_word(&key) && within.is_none() && !locative {
                return None;
            }
        }
        Some(Found {
            start: first.start,
            end,
            within,
            // "in Laconia": the text puts it as a place.
            needs_support: single
                && !demonym
                && !(locative && words::puts_a_place(words.word(i - 1))),
            sentence_case: single && !demonym && (first.sentence_start || words.headline(i)),
            possessive: single && !demonym && first.possessive,
            caseless_word: false,
            key: key.into_owned(),
            namesakes,
        })
    }

    /// The run of capitalised words that starts at word `k`, at most four long.
    fn run_end(words: &Words<'_>, k: usize) -> (usize, usize) {
        let mut end = k;
        while end < k + 3 {
            match words.tokens.get(end + 1) {
                Some(t) if t.links && is_name_word(words, end + 1) => end += 1,
                _ => break,
            }
        }
        (k, end)
    }

    /// The country or region a qualifier after a comma names at word `k`: "Paris, Texas",
    /// "Athens, Ga.", "Alexandria, La.".
    fn qualifier(&self, words: &Words<'_>, lookups: &Lookups<'g>, k: usize) -> Option<Area<'g>> {
        let t = words.tokens.get(k)?;
        if !t.after_comma || t.case != Case::Upper {
            return None;
        }
        // Two-letter abbreviations with stops: "N.Y.", "W. Va.".
        let pair = words
            .tokens
            .get(k + 1)
            .filter(|n| n.links)
            .map(|_| words.key(k, k + 1));
        if let Some(code) = pair
            .as_deref()
            .and_then(words::us_state_abbreviation)
            .or_else(|| words::us_state_abbreviation(words.word(k)))
        {
            return Some(Area::Region("US", code));
        }
        for j in lookups.walk(words, k).longest_first() {
            let key = words.key(k, j);
            let best = lookups
                .namesakes(&key)
                .iter()
                .copied()
                .filter(|n| matches!(n.kind, PlaceKind::Country | PlaceKind::Region))
                .max_by(|a, b| a.prior().total_cmp(&b.prior()));
            if let Some(n) = best {
                return Some(match n.kind {
                    PlaceKind::Country => Area::Country(n.country_code),
                    _ => Area::Region(n.country_code, n.admin1),
                });
            }
        }
        None
    }

    /// Resolves every mention in the context of the others.
    fn resolve_all(
        &self,
        text: &str,
        found: Vec<Found<'g>>,
        drop_unsupported: bool,
    ) -> Vec<Mention<'g>> {
        self.resolve_found(text, found, drop_unsupported)
            .into_iter()
            .flatten()
            .collect()
    }

    /// Resolves every mention in the context of the others: for each, its mention, or
    /// `None` where it names no place or is dropped.
    fn resolve_found(
        &self,
        text: &str,
        found: Vec<Found<'g>>,
        drop_unsupported: bool,
    ) -> Vec<Option<Mention<'g>>> {
        let names = Names::of(&found);
        // Two rounds: the first reading of every mention votes, then the readings that
        // context gives ("Georgia" the state beside Atlanta) vote again.
        let first = Context::of(&found, &names, None);
        let context = Context::of(&found, &names, Some(&first));
        let mut readings: Vec<Option<Reading<'g>>> = vec![None; names.groups];
        let mut mentions = Vec::with_capacity(found.len());
        for (f, (&key, &group)) in found.iter().zip(names.key.iter().zip(&names.group)) {
            let surface = &text[f.start..f.end];
            let reading = readings[group].get_or_insert_with(|| {
                let mut reading = Reading::of(f, key, &context);
                reading.prefer_written(surface, self.gazetteer);
                reading
            });
            let Some(best) = reading.best else {
                // A given span with no exact name: a misspelling the gazetteer can guess.
                let guess = (!drop_unsupported)
                    .then(|| self.gazetteer.resolve(surface).ok())
                    .flatten();
                mentions.push(guess.map(|resolution| Mention {
                    start: f.start,
                    end: f.end,
                    resolution,
                }));
                continue;
            };
            let best = reading.scored[best].0;
            // A town that a text about other places names without support must be a big
            // one ("Obama" in a story from Chicago is no town in Japan), and so must one
            // named with a possessive ("Obama's plan").
            let small = |f: &Found<'_>| {
                best.population < UNSUPPORTED_MIN_POPULATION
                    || (f.caseless_word && best.population < CASELESS_MIN_POPULATION)
                    || (best.population < ALIAS_MIN_POPULATION
                        && (f.possessive || context.names_elsewhere(key)))
            };
            if drop_unsupported
                && f.needs_support
                && f.within.is_none()
                && ((best.kind == PlaceKind::Region
                    && (region_size(&best) < BIG_REGION_SIZE || best.role == NameRole::Alternate))
                    || (!is_area_kind(best.kind) && small(f)))
                && !best.custom
                && !*reading.supported.get_or_insert_with(|| {
                    if best.kind == PlaceKind::City
                        && best.population < REGION_SUPPORTS_MIN_POPULATION
                    {
                        context.support_nearby(&best, key) != 0.0
                    } else {
                        context.support(&best, key) != 0.0
                    }
                })
            {
                mentions.push(None);
                continue;
            }
            let resolution = reading.resolution.get_or_insert_with(|| {
                self.gazetteer
                    .resolution(surface, &reading.scored, self.max_alternatives)
            });
            mentions.push(resolution.as_ref().map(|resolution| {
                let mut resolution = resolution.clone();
                if resolution.query != surface {
                    resolution.query = surface.to_string();
                }
                Mention {
                    start: f.start,
                    end: f.end,
                    resolution,
                }
            }));
        }
        mentions
    }
}

/// The namesakes of a group of mentions scored in the text's context, as
/// [`Extractor::resolve_all`] reads them.
#[derive(Clone)]
struct Reading<'g> {
    scored: Vec<(Namesake<'g>, f64)>,
    /// Index of the best in `scored`.
    best: Option<usize>,
    /// Whether the text supports the best, once asked.
    supported: Option<bool>,
    /// The resolution, once made: the same for every mention of the group but for the
    /// query.
    resolution: Option<Option<Resolution<'g>>>,
}

impl<'g> Reading<'g> {
    /// Where the text writes a name with punctuation that folding drops ("St. Louis"),
    /// the namesakes that write it so gain [`WRITTEN_AS_IS`] ("Saint-Louis", Senegal, does
    /// not).
    fn prefer_written(&mut self, surface: &str, gazetteer: &Gazetteer) {
        if self.scored.len() < 2 || !surface.contains(['.', '-', '\'']) {
            return;
        }
        for (n, score) in &mut self.scored {
            if gazetteer
                .by_id(n.id)
                .is_some_and(|p| p.name.eq_ignore_ascii_case(surface))
            {
                *score += WRITTEN_AS_IS;
            }
        }
        self.best = self
            .scored
            .iter()
            .enumerate()
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
            .map(|b| b.0);
    }

    fn of(f: &Found<'g>, key: usize, context: &Context<'_>) -> Reading<'g> {
        let shadowed = has_own_bearer(&f.namesakes);
        let score = |n: &Namesake<'_>| shadowed_prior(n, shadowed) + context.bonus(n, key);
        let mut scored: Vec<(Namesake<'g>, f64)> = Vec::with_capacity(f.namesakes.len());
        scored.extend(
            f.namesakes
                .iter()
                .filter(|n| f.within.as_ref().is_none_or(|a| within(n, a)))
                .map(|n| (*n, score(n))),
        );
        if scored.is_empty() {
            // The qualifier names an area none of the namesakes lies in: trust the name.
            scored = f.namesakes.iter().map(|n| (*n, score(n))).collect();
        }
        let mut best = scored
            .iter()
            .enumerate()
            .max_by(|a, b| a.1 .1.total_cmp(&b.1 .1))
            .map(|b| b.0);
        // A region that bears the name of a town inside it is read as the town: "Glasgow"
        // (the council area and the city), "Gaza" (the governorate and the city).
        if let Some(b) = best {
            let (region, score) = scored[b];
            if region.kind == PlaceKind::Region {
                let centre = unit_vector(region.lat, region.lon);
                let town = scored.iter().position(|(n, _)| {
                    n.kind == PlaceKind::City
                        && n.role == NameRole::Primary
                        && n.population >= REGION_TOWN_MIN_POPULATION
                        && n.country_code == region.country_code
                        && (n.admin1 == region.admin1
                            || arc_km(chord_squared(centre, unit_vector(n.lat, n.lon)).sqrt())
                                < REGION_TOWN_KM)
                });
                if let Some(t) = town {
                    // The two trade places: the town ranks first, the region second.
                    let town_score = scored[t].1;
                    scored[t].1 = score.max(town_score);
                    scored[b].1 = score.min(town_score) - REGION_TOWN_MARGIN;
                    best = Some(t);
                }
            }
        }
        Reading {
            scored,
            best,
            supported: None,
            resolution: None,
        }
    }
}

/// The distinct name keys of a text's mentions, and the groups of mentions that read
/// alike: a long text names the same places again and again, and each group is weighed
/// once.
struct Names {
    /// Index of each mention's name key.
    key: Vec<usize>,
    /// Index of each mention's group: mentions with the same key, qualifier and namesakes.
    group: Vec<usize>,
    /// Number of distinct keys.
    keys: usize,
    /// Number of groups.
    groups: usize,
}

impl Names {
    fn of(found: &[Found<'_>]) -> Names {
        let mut keys: FxHashMap<&str, usize> = FxHashMap::default();
        // Groups by key and qualifier: (group, a mention of it) for each set of namesakes.
        let mut groups: FxHashMap<GroupKey<'_>, Vec<(usize, usize)>> = FxHashMap::default();
        let mut names = Names {
            key: Vec::with_capacity(found.len()),
            group: Vec::with_capacity(found.len()),
            keys: 0,
            groups: 0,
        };
        for (i, f) in found.iter().enumerate() {
            let next = keys.len();
            let key = *keys.entry(f.key.as_str()).or_insert(next);
            let alike = groups.entry((key, f.within.as_ref())).or_default();
            let group = match alike
                .iter()
                .find(|&&(_, m)| same_namesakes(&found[m].namesakes, &f.namesakes))
            {
                Some(&(g, _)) => g,
                None => {
                    alike.push((names.groups, i));
                    names.groups += 1;
                    names.groups - 1
                }
            };
            names.key.push(key);
            names.group.push(group);
        }
        names.keys = keys.len();
        names
    }
}

/// A name key's index and a qualifier: what mentions of a group share besides namesakes.
type GroupKey<'a> = (usize, Option<&'a Area<'a>>);

/// Whether two lists name the same places in the same order and roles.
fn same_namesakes(a: &Rc<[Namesake<'_>]>, b: &Rc<[Namesake<'_>]>) -> bool {
    Rc::ptr_eq(a, b)
        || a.len() == b.len()
            && a.iter().zip(b.iter()).all(|(a, b)| {
                a.id == b.id
                    && a.kind == b.kind
                    && a.role == b.role
                    && a.custom == b.custom
                    && a.lat.to_bits() == b.lat.to_bits()
                    && a.lon.to_bits() == b.lon.to_bits()
            })
}

/// Word keys of a text, computed once.
struct Words<'t> {
    text: &'t str,
    tokens: Vec<Token>,
    /// The text lower-cased as ASCII, then the keys of the words whose key is not their
    /// text lower-cased: word `k`'s key is `keys[spans[k].0..spans[k].1]`.
    keys: String,
    spans: Vec<(usize, usize)>,
    /// Whether each word's line is a headline, worked out when first asked.
    headlines: OnceCell<Vec<bool>>,
}

impl<'t> Words<'t> {
    fn new(text: &'t str) -> Words<'t> {
        let tokens = tokenize(text);
        // Most words are ASCII letters and digits, whose key is their text in lower case:
        // lower-case the whole text once and point into it.
        let mut keys = text.to_ascii_lowercase();
        let mut spans = Vec::with_capacity(tokens.len());
        let mut scratch = String::new();
        for t in &tokens {
            // Abbreviations that fold to a word: "St" → "saint".
            let abbreviation = t.end - t.start <= 3
                && matches!(
                    &keys.as_bytes()[t.start..t.end],
                    b"st" | b"ste" | b"mt" | b"ft"
                );
            if t.plain && !abbreviation {
                spans.push((t.start, t.end));
                continue;
            }
            normalize_into(&text[t.start..t.end], &mut scratch);
            let start = keys.len();
            keys.push_str(&scratch);
            spans.push((start, keys.len()));
        }
        Words {
            text,
            tokens,
            keys,
            spans,
            headlines: OnceCell::new(),
        }
    }

    /// Whether the text has no capitalisation signal: no small letters, or under one word
    /// in a hundred with a capital first letter (a text written in lower case).
    fn caseless(&self) -> bool {
        let (mut letters, mut lower, mut title) = (0usize, 0usize, 0usize);
        for t in &self.tokens {
            match t.case {
                Case::Lower => {
                    letters += 1;
                    lower += 1;
                }
                Case::Upper => {
                    letters += 1;
                    title += usize::from(!t.all_caps);
                }
                _ => {}
            }
        }
        letters > 0 && (lower == 0 || title * 100 < letters)
    }

    /// The key of word `k`.
    fn word(&self, k: usize) -> &str {
        let (start, end) = self.spans[k];
        &self.keys[start..end]
    }

    /// Those of some words that the text also writes in lower case somewhere.
    fn in_lower_case<'w>(&self, words: impl Iterator<Item = &'w str>) -> FxHashSet<&'t str> {
        let words: FxHashSet<&str> = words.collect();
        let mut found = FxHashSet::default();
        if words.is_empty() {
            return found;
        }
        // A filter on length, first and last byte of the words asked about, to pass over
        // most others without hashing them.
        let sieve_bit = |w: &str| {
            let b = w.as_bytes();
            let (first, last) = (b[0] as usize, b[b.len() - 1] as usize);
            (b.len() * 1031 + first * 131 + last) % (64 * 256)
        };
        let mut sieve = vec![0u64; 256];
        for w in &words {
            let bit = sieve_bit(w);
            sieve[bit / 64] |= 1 << (bit % 64);
        }
        for t in self.tokens.iter().filter(|t| t.case == Case::Lower) {
            let word = &self.text[t.start..t.end];
            let bit = sieve_bit(word);
            if sieve[bit / 64] & (1 << (bit % 64)) != 0 && words.contains(word) {
                found.insert(word);
            }
        }
        found
    }

    /// The name key of words `i..=j`: a single word's is borrowed.
    fn key(&self, i: usize, j: usize) -> Cow<'_, str> {
        if i == j {
            return Cow::Borrowed(self.word(i));
        }
        let len: usize = self.spans[i..=j].iter().map(|s| s.1 - s.0 + 1).sum();
        let mut key = String::with_capacity(len);
        for k in i..=j {
            if k > i && !self.tokens[k].joined {
                key.push(' ');
            }
            key.push_str(self.word(k));
        }
        Cow::Owned(key)
    }

    /// Whether word `i` lies in a line written in title case or capitals (a headline),
    /// where capitals say nothing about names.
    fn headline(&self, i: usize) -> bool {
        self.headlines.get_or_init(|| self.headline_words())[i]
    }

    /// For each word, whether its line is a headline: at least three words of more than
    /// three letters, four in five of them capitalised.
    fn headline_words(&self) -> Vec<bool> {
        let mut headline = Vec::with_capacity(self.tokens.len());
        for line in self.tokens.chunk_by(|_, t| !t.line_start) {
            let (long, capital) = line
                .iter()
                .filter(|t| t.end - t.start > 3)
                .fold((0, 0), |(long, capital), t| {
                    (long + 1, capital + usize::from(t.case == Case::Upper))
                });
            let is = long >= 3 && capital * 10 >= long * 8;
            headline.extend(std::iter::repeat_n(is, line.len()));
        }
        headline
    }
}

/// The key of a given span: its normalised text without a possessive "'s" or a leading
/// "the".
fn span_key(surface: &str) -> String {
    let trimmed = surface.trim();
    let stem = ["'s", "\u{2019}s"]
        .iter()
        .find_map(|s| trimmed.strip_suffix(s))
        .unwrap_or(trimmed);
    let key = normalize(stem);
    match key.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => key,
    }
}

/// The gazetteer's answers for one text, kept: a text names the same places and people
/// again and again.
struct Lookups<'g> {
    gazetteer: &'g Gazetteer,
    namesakes: RefCell<FxHashMap<String, Rc<[Namesake<'g>]>>>,
    /// The same as running text may mean them, without capitals and in capitals.
    in_running_text: [RefCell<FxHashMap<String, Rc<[Namesake<'g>]>>>; 2],
    /// For each name map, where each first word of a name leads.
    first_words: RefCell<Vec<FxHashMap<String, Option<FirstWord>>>>,
}

/// What `cache` keeps for `key`, made by `make` the first time it is asked for.
fn remembered<V: Clone>(
    cache: &RefCell<FxHashMap<String, V>>,
    key: &str,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(v) = cache.borrow().get(key) {
        return v.clone();
    }
    let v = make();
    cache.borrow_mut().insert(key.to_string(), v.clone());
    v
}

/// Where a first word leads in a name map: its node, whether a name ends there, and the
/// node after a space, if a longer name goes on.
#[derive(Debug, Clone, Copy)]
struct FirstWord {
    node: CompiledAddr,
    last: bool,
    space: Option<CompiledAddr>,
}

impl<'g> Lookups<'g> {
    fn new(gazetteer: &'g Gazetteer) -> Lookups<'g> {
        Lookups {
            gazetteer,
            namesakes: RefCell::default(),
            in_running_text: Default::default(),
            first_words: RefCell::new(vec![FxHashMap::default(); gazetteer.name_maps().count()]),
        }
    }

    /// The places a name key names, as [`Gazetteer::namesakes`].
    fn namesakes(&self, key: &str) -> Rc<[Namesake<'g>]> {
        remembered(&self.namesakes, key, || {
            self.gazetteer.namesakes(key).into()
        })
    }

    /// The namesakes of a key that running text may mean. Alternate names of towns are
    /// mostly codes and old spellings that running text does not use; those of big cities
    /// ("Peking", "Bombay") it does, but not their airport codes ("SCO"). Short alternate
    /// names of countries and regions ("US", "UK") count only in capitals (`caps`).
    fn in_running_text(&self, key: &str, caps: bool) -> Rc<[Namesake<'g>]> {
        remembered(&self.in_running_text[usize::from(caps)], key, || {
            let short = key.chars().filter(|c| !c.is_whitespace()).count() <= 3;
            let all = self.namesakes(key);
            let kept = |n: &Namesake<'_>| {
                if n.custom || n.role == NameRole::Demonym {
                    return true;
                }
                let area = is_area_kind(n.kind);
                // An acronym is an area's code ("UK", "US"), not a town's name ("UN" is no
                // town in India) nor any place's other name ("DACA" is no spelling of
                // Dhaka); a longer word in capitals is a place by its own name ("HAMILTON").
                if caps && ((!area && short) || (n.role == NameRole::Alternate && !short)) {
                    return false;
                }
                n.role == NameRole::Primary
                    || if area {
                        (!short || caps) && !self.foreign_spelling(n, key)
                    } else {
                        n.population >= ALIAS_MIN_POPULATION && !short
                    }
            };
            if all.iter().all(kept) {
                all
            } else {
                all.iter().copied().filter(kept).collect()
            }
        })
    }

    /// Whether an area's alternate name is another language's spelling of its own name
    /// ("Benina" for Benin, "Russland"): English text writes the English name, and such a
    /// spelling in it is most often another name ("Benina", the airport of Benghazi). A
    /// shortening ("Tex" for Texas) or an English adjective ("Israeli") is no spelling of
    /// this kind.
    fn foreign_spelling(&self, n: &Namesake<'_>, key: &str) -> bool {
        let Some(place) = self.gazetteer.by_id(n.id) else {
            return false;
        };
        let own = normalize(&place.name);
        let (a, b) = (own.as_bytes(), key.as_bytes());
        let adjective = key
            .strip_prefix(own.as_str())
            .is_some_and(|suffix| ["i", "n", "an", "ian", "ese", "ish", "ic"].contains(&suffix));
        b.len() > 3
            && a.len() > 3
            && a[..3] == b[..3]
            && a.len().abs_diff(b.len()) <= 2
            && !own.starts_with(key)
            && own != key
            && !adjective
    }

    /// Whether a one-word name is a country, region or continent, or a city of 100,000
    /// people or more.
    fn notable(&self, key: &str) -> bool {
        self.namesakes(key)
            .iter()
            .any(|n| is_area_kind(n.kind) || n.population >= ALIAS_MIN_POPULATION)
    }

    /// The last words of the names that start at word `i`.
    fn walk(&self, words: &Words<'_>, i: usize) -> Ends {
        let tokens = &words.tokens;
        let mut ends = Ends { first: i, mask: 0 };
        let mut first_words = self.first_words.borrow_mut();
        for (map, first_words) in self.gazetteer.name_maps().zip(first_words.iter_mut()) {
            let fst = map.as_fst();
            let first = words.word(i);
            if first.is_empty() {
                continue;
            }
            let found = match first_words.get(first) {
                Some(&found) => found,
                None => {
                    let found = follow(fst, fst.root(), first).map(|n| FirstWord {
                        node: n.addr(),
                        last: n.is_final(),
                        space: n.find_input(b' ').map(|t| n.transition(t).addr),
                    });
                    first_words.insert(first.to_string(), found);
                    found
                }
            };
            let Some(found) = found else {
                continue;
            };
            if found.last {
                ends.add(i);
            }
            // The second word, from the node the cache keeps.
            let mut node = match tokens.get(i + 1) {
                Some(t) if t.links && t.joined => fst.node(found.node),
                Some(t) if t.links => match found.space {
                    Some(addr) => fst.node(addr),
                    None => continue,
                },
                _ => continue,
            };
            for (j, token) in tokens
                .iter()
                .enumerate()
                .take(i + MAX_NAME_WORDS)
                .skip(i + 1)
            {
                if !token.links {
                    break;
                }
                // The space before the second word is already taken.
                if !token.joined && j > i + 1 {
                    match node.find_input(b' ') {
                        Some(t) => node = fst.node(node.transition(t).addr),
                        None => break,
                    }
                }
                let key = words.word(j);
                if key.is_empty() {
                    break;
                }
                match follow(fst, node, key) {
                    Some(n) => node = n,
                    None => break,
                }
                if node.is_final() {
                    ends.add(j);
                }
            }
        }
        ends
    }
}

/// The last words of the names that start at a word, as a set of offsets from it.
#[derive(Debug, Clone, Copy)]
struct Ends {
    first: usize,
    mask: u16,
}

impl Ends {
    fn add(&mut self, j: usize) {
        self.mask |= 1 << (j - self.first);
    }

    /// The last word of the longest name.
    fn last(self) -> Option<usize> {
        (self.mask != 0).then(|| self.first + 15 - self.mask.leading_zeros() as usize)
    }

    /// The last words, of the longest name first.
    fn longest_first(self) -> impl Iterator<Item = usize> {
        (0..16)
            .rev()
            .filter(move |k| self.mask & (1 << k) != 0)
            .map(move |k| self.first + k)
    }
}

/// The node a key leads to from a node, if any name goes that way.
fn follow<'f>(
    fst: &'f fst::raw::Fst<Blob>,
    mut node: fst::raw::Node<'f>,
    key: &str,
) -> Option<fst::raw::Node<'f>> {
    for b in key.bytes() {
        let t = node.find_input(b)?;
        node = fst.node(node.transition(t).addr);
    }
    Some(node)
}

/// Whether word `k` makes the name before it a street's: "Clark Drive", "Main St.",
/// but not "St. Louis".
fn is_street(words: &Words<'_>, k: usize) -> bool {
    let Some(t) = words
        .tokens
        .get(k)
        .filter(|t| t.links && t.case == Case::Upper)
    else {
        return false;
    };
    if &words.text[t.start..t.end] == "St" {
        return !words
            .tokens
            .get(k + 1)
            .is_some_and(|n| n.links && n.case == Case::Upper);
    }
    words::is_street_word(words.word(k))
}

/// The last word of a generic name that starts at word `i` ("Main Street", "the White
/// House"): no place, nor is any shorter name inside it ("Main").
fn generic_end(words: &Words<'_>, ends: Ends, i: usize) -> Option<usize> {
    ends.last()
        .filter(|&j| j > i && words::is_generic_name(&words.key(i, j)))
}

/// Whether a one-word key may be a place's name in running text: not a month, function
/// word, title, common word or the word of an institution.
fn is_name_key(key: &str) -> bool {
    !(words::never_a_place(key)
        || words::is_common_word(key)
        || words::is_institution(key)
        || words::is_abstract_body(key)
        || words::is_title(key))
}

/// Whether a word has capitals and no small letters.
fn all_capitals(word: &str) -> bool {
    word.chars().any(char::is_uppercase) && !word.chars().any(char::is_lowercase)
}

/// The words of a hashtag written in camel case, as byte ranges: "PrayForUSA" → "Pray",
/// "For", "USA". A tag in one case is one part.
fn camel_parts(tag: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = tag.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for k in 1..chars.len() {
        let (prev, c) = (chars[k - 1].1, chars[k].1);
        let next_lower = chars.get(k + 1).is_some_and(|n| n.1.is_lowercase());
        let boundary = (prev.is_lowercase() && c.is_uppercase())
            || (prev.is_uppercase() && c.is_uppercase() && next_lower)
            || (prev.is_alphabetic() != c.is_alphabetic());
        if boundary {
            parts.push((start, chars[k].0));
            start = chars[k].0;
        }
    }
    parts.push((start, tag.len()));
    parts
}

/// Names of people a text uses, with the byte offset where it first names each.
type People<'w> = FxHashMap<&'w str, usize>;

/// Notes the words of a person's name, named at byte `at`.
fn note_people<'w>(people: &mut People<'w>, words: impl Iterator<Item = &'w str>, at: usize) {
    for w in words {
        people.entry(w).or_insert(at);
    }
}

/// Whether word `k` is a single capital letter, such as a middle initial.
fn is_initial(words: &Words<'_>, k: usize) -> bool {
    let t = &words.tokens[k];
    t.case == Case::Upper && t.end - t.start == 1
}

/// Whether word `k` is a capitalised word that may belong to a longer proper name: not a
/// function word, title or month, and not the first word of a sentence.
fn is_name_word(words: &Words<'_>, k: usize) -> bool {
    let t = &words.tokens[k];
    t.case == Case::Upper && !words::never_a_place(words.word(k)) && !words::is_title(words.word(k))
}

fn is_area_kind(kind: PlaceKind) -> bool {
    matches!(
        kind,
        PlaceKind::Continent | PlaceKind::Macroregion | PlaceKind::Country | PlaceKind::Region
    )
}

/// A namesake's prior in running text, in orders of magnitude of population. Kind counts
/// for less than in [`Gazetteer::resolve`], where a bare name has no context: here the
/// text's other places can outweigh it ("Georgia" the state in a text about Atlanta).
fn text_prior(n: &Namesake<'_>) -> f64 {
    let size = match (n.population, n.kind) {
        (0, PlaceKind::Region) => region_size(n),
        (0, PlaceKind::County) => 4.5,
        (0, PlaceKind::Country | PlaceKind::Continent | PlaceKind::Macroregion) => 7.0,
        (p, _) => (p as f64 + 10.0).log10(),
    };
    let kind = match n.kind {
        PlaceKind::Continent => 2.0,
        PlaceKind::Country => 1.5,
        PlaceKind::Macroregion => 1.0,
        PlaceKind::Region => 0.5,
        PlaceKind::County => 0.0,
        // A feature gives way to a town of its name, however small.
        PlaceKind::Feature => -0.5,
        PlaceKind::City | PlaceKind::Point => match n.fcode {
            "PPLC" => 1.0,
            "PPLA" | "PPLG" => 0.5,
            "PPLH" | "PPLQ" | "PPLW" | "PPLX" => -1.0,
            _ => 0.0,
        },
    };
    let role = match n.role {
        NameRole::Alternate => -0.7,
        NameRole::Primary | NameRole::Demonym => 0.0,
    };
    let custom = if n.custom { 100.0 } else { 0.0 };
    size + kind + role + custom
}

/// The size of a region without a population of its own, in orders of magnitude: that of
/// its towns, as the gazetteer ranks it, up to a million people (a region named in a text
/// counts as that; many regions' towns are not all known).
fn region_size(n: &Namesake<'_>) -> f64 {
    // The gazetteer's prior is the region's size, less half a point for its kind, plus the
    // weight of the name's role.
    (n.prior() - n.role.weight() + 0.5).min(BIG_REGION_SIZE)
}

/// [`text_prior`] among the namesakes of one name: another place's alternate name loses to
/// a place's own ("Salisbury" the town in England, not Harare, formerly so called).
fn shadowed_prior(n: &Namesake<'_>, shadowed: bool) -> f64 {
    let prior = text_prior(n);
    if shadowed && n.role == NameRole::Alternate && !is_area_kind(n.kind) {
        prior - SHADOWED_ALIAS
    } else {
        prior
    }
}

/// Whether some place of a name bears it as its own: then the towns' alternate names are
/// shadowed.
fn has_own_bearer(namesakes: &[Namesake<'_>]) -> bool {
    namesakes.iter().any(|n| {
        n.role == NameRole::Primary
            && (is_area_kind(n.kind) || n.population >= SHADOWING_MIN_POPULATION)
    })
}

/// Whether the most likely namesake is a country or continent, or a big region by its own
/// name ("Virginia", not "Baker" for Baker Island nor "Nelson" for the region of New
/// Zealand): names a person may share, but which a text means as places.
fn is_known_area(namesakes: &[Namesake<'_>]) -> bool {
    namesakes
        .iter()
        .max_by(|a, b| text_prior(a).total_cmp(&text_prior(b)))
        .is_some_and(|n| {
            is_area_kind(n.kind)
                && (n.kind != PlaceKind::Region
                    || (n.role == NameRole::Primary && region_size(n) >= BIG_REGION_SIZE))
        })
}

fn within(n: &Namesake<'_>, area: &Area<'_>) -> bool {
    match *area {
        Area::Country(cc) => n.country_code == cc,
        Area::Region(cc, a1) => {
            n.country_code == cc && n.admin1 == a1 && n.kind != PlaceKind::Region
        }
    }
}

/// Mean radius of the Earth, km, as the haversine formula commonly takes it.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// A point on the unit sphere, for the many distances between a text's places.
fn unit_vector(lat: f64, lon: f64) -> [f64; 3] {
    let (sin_lat, cos_lat) = lat.to_radians().sin_cos();
    let (sin_lon, cos_lon) = lon.to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// The square of the straight line between two points on the unit sphere.
fn chord_squared(a: [f64; 3], b: [f64; 3]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)
}

/// The great-circle distance of a chord of the unit sphere, kilometres: the haversine
/// distance.
fn arc_km(chord: f64) -> f64 {
    2.0 * EARTH_RADIUS_KM * (chord / 2.0).min(1.0).asin()
}

/// A country (admin1 "") or a first-level region.
type AreaKey<'a> = (&'a str, &'a str);

/// The countries and regions a text names, weighted, with each name key's share so that a
/// name does not vote for its own namesakes; and the points of its surest places.
struct Context<'a> {
    /// The areas voted for, numbered.
    areas: FxHashMap<AreaKey<'a>, usize>,
    /// Weight by area number.
    totals: Vec<f64>,
    /// The same, for each name key's votes alone, by key index and area number.
    by_key: FxHashMap<(usize, usize), f64>,
    /// Points of towns and counties the text names, surest first.
    anchors: Vec<Anchor<'a>>,
    /// The first two name keys that vote, by index: enough to tell whether names other
    /// than one vote at all.
    voters: [Option<usize>; 2],
    /// The text's county and town namesakes, shared by both rounds.
    pairs: Rc<Pairs>,
}

/// The county namesakes of a text's names, and their town namesakes when it names a
/// county: what [`Context::county`] pairs.
struct Pairs {
    counties: Spots,
    towns: Spots,
    /// Pairings worked out, by name key, kind and point: both rounds ask for the same.
    known: RefCell<FxHashMap<(usize, PlaceKind, u64, u64), f64>>,
}

impl Pairs {
    fn of(found: &[Found<'_>], names: &Names) -> Pairs {
        let counties = Spots::of(found, names, |n| n.kind == PlaceKind::County);
        let towns = if counties.is_empty() {
            Spots::default()
        } else {
            Spots::of(found, names, |n| n.kind == PlaceKind::City)
        };
        Pairs {
            counties,
            towns,
            known: RefCell::default(),
        }
    }
}

/// The namesakes of one kind that a text's names have, bucketed by whole degrees of
/// latitude and longitude, so that those near a point are found without walking them all
/// (a long text names hundreds of places).
#[derive(Default)]
struct Spots {
    /// By (floor of latitude, floor of longitude).
    cells: FxHashMap<(i32, i32), Vec<Spot>>,
}

/// One namesake's point, and the index of its name key.
struct Spot {
    key: usize,
    lat: f64,
    lon: f64,
}

impl Spots {
    /// The namesakes that `keep` accepts of each name found.
    fn of(found: &[Found<'_>], names: &Names, keep: impl Fn(&Namesake<'_>) -> bool) -> Spots {
        let mut spots = Spots::default();
        let mut seen = vec![false; names.keys];
        for (f, &key) in found.iter().zip(&names.key) {
            if std::mem::replace(&mut seen[key], true) {
                continue;
            }
            for n in f.namesakes.iter().filter(|n| keep(n)) {
                let cell = (n.lat.floor() as i32, n.lon.floor() as i32);
                spots.cells.entry(cell).or_default().push(Spot {
                    key,
                    lat: n.lat,
                    lon: n.lon,
                });
            }
        }
        spots
    }

    fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// For each name other than key `key`, how well its nearest namesake pairs with a
    /// point: full within [`COUNTY_KM`], falling off past it; summed over the names.
    fn pairing(&self, key: usize, lat: f64, lon: f64) -> f64 {
        // Past this distance a pairing is below 1%.
        let reach_km = COUNTY_KM + 4.6 * COUNTY_FALLOFF_KM;
        let rows = (reach_km / 111.2).ceil() as i32;
        // At this reach the plane through the point is within a fraction of a percent of
        // the sphere, and far cheaper than Haversine for the many points of a long text.
        let km_per_lon = 111.2 * lat.to_radians().cos();
        let cols = (reach_km / km_per_lon.max(11.12)).ceil() as i32;
        let (row, col) = (lat.floor() as i32, lon.floor() as i32);
        let mut best: Vec<(usize, f64)> = Vec::new();
        for r in row - rows..=row + rows {
            for c in col - cols..=col + cols {
                let c = (c + 180).rem_euclid(360) - 180;
                for p in self.cells.get(&(r, c)).into_iter().flatten() {
                    if p.key == key {
                        continue;
                    }
                    let dlon = match p.lon - lon {
                        d if d > 180.0 => d - 360.0,
                        d if d < -180.0 => d + 360.0,
                        d => d,
                    };
                    let d2 = (111.2 * (p.lat - lat)).powi(2) + (km_per_lon * dlon).powi(2);
                    if d2 > reach_km * reach_km {
                        continue;
                    }
                    let d = d2.sqrt();
                    let w = (-(d - COUNTY_KM).max(0.0) / COUNTY_FALLOFF_KM).exp();
                    match best.iter_mut().find(|b| b.0 == p.key) {
                        Some(b) => b.1 = b.1.max(w),
                        None => best.push((p.key, w)),
                    }
                }
            }
        }
        best.iter().map(|b| b.1).sum()
    }
}

/// A town or county a text names, as it pulls on the namesakes of the text's other names.
struct Anchor<'a> {
    /// Index of its name key.
    key: usize,
    point: [f64; 3],
    area: AreaKey<'a>,
    /// How sure its reading is, 0 to 1.
    weight: f64,
}

impl<'a> Context<'a> {
    /// Each mention votes for its most likely place's country and region: a country or
    /// region named outright counts fully, a city by how sure its first reading is.
    fn of(found: &'a [Found<'a>], names: &Names, previous: Option<&Context<'_>>) -> Context<'a> {
        let mut context = Context {
            areas: FxHashMap::default(),
            totals: Vec::new(),
            by_key: FxHashMap::default(),
            anchors: Vec::new(),
            voters: [None; 2],
            pairs: previous
                .map_or_else(|| Rc::new(Pairs::of(found, names)), |p| Rc::clone(&p.pairs)),
        };
        // Each group's most likely place and how sure it is, once a group.
        let mut readings: Vec<Option<Option<(usize, f64)>>> = vec![None; names.groups];
        for (f, (&key, &group)) in found.iter().zip(names.key.iter().zip(&names.group)) {
            let reading = *readings[group].get_or_insert_with(|| {
                let shadowed = has_own_bearer(&f.namesakes);
                let score = |n: &Namesake<'_>| {
                    shadowed_prior(n, shadowed) + previous.map_or(0.0, |c| c.bonus(n, key))
                };
                first_reading(f, score)
            });
            let Some((top, sure)) = reading else {
                continue;
            };
            let top = &f.namesakes[top];
            let (country, region) = match top.kind {
                PlaceKind::Country => (1.0, 0.0),
                PlaceKind::Region => (0.7, 1.0),
                PlaceKind::Continent | PlaceKind::Macroregion => continue,
                _ => (sure, sure),
            };
            if let Some(area) = &f.within {
                let area = match *area {
                    Area::Country(cc) => (cc, ""),
                    Area::Region(cc, a1) => (cc, a1),
                };
                context.vote(key, area, 1.0);
            }
            if country > 0.0 {
                context.vote(key, (top.country_code, ""), country);
            }
            if region > 0.0 && !top.admin1.is_empty() {
                context.vote(key, (top.country_code, top.admin1), region);
            }
            if !is_area_kind(top.kind) && sure > 0.0 {
                context.anchors.push(Anchor {
                    key,
                    point: unit_vector(top.lat, top.lon),
                    area: (top.country_code, top.admin1),
                    weight: sure,
                });
            }
        }
        // A stable sort: equally sure places keep text order.
        context
            .anchors
            .sort_by(|a, b| b.weight.total_cmp(&a.weight));
        context.anchors.truncate(MAX_ANCHORS);
        context
    }

    fn vote(&mut self, key: usize, area: AreaKey<'a>, weight: f64) {
        let next = self.areas.len();
        let area = *self.areas.entry(area).or_insert(next);
        if area == self.totals.len() {
            self.totals.push(0.0);
        }
        self.totals[area] += weight;
        *self.by_key.entry((key, area)).or_default() += weight;
        match self.voters {
            [None, _] => self.voters[0] = Some(key),
            [Some(first), None] if first != key => self.voters[1] = Some(key),
            _ => {}
        }
    }

    /// Total weight of the votes of other names for a place's country and its region.
    fn weights(&self, n: &Namesake<'_>, key: usize) -> (f64, f64) {
        let weight = |admin1: &str| {
            let Some(&area) = self.areas.get(&(n.country_code, admin1)) else {
                return 0.0;
            };
            let all = self.totals[area];
            let mine = self.by_key.get(&(key, area)).copied().unwrap_or(0.0);
            // Sums of the same votes in another order: clear rounding noise.
            if all - mine < 1e-9 {
                0.0
            } else {
                all - mine
            }
        };
        let region = if n.admin1.is_empty() {
            0.0
        } else {
            weight(n.admin1)
        };
        (weight(""), region)
    }

    /// The score a place gains from the text's other names.
    fn bonus(&self, n: &Namesake<'_>, key: usize) -> f64 {
        let (country, region) = self.weights(n, key);
        COUNTRY_WEIGHT * country.ln_1p()
            + REGION_WEIGHT * region.ln_1p()
            + NEARNESS_WEIGHT * self.nearness(n, key).ln_1p()
            + COUNTY_WEIGHT * self.county(n, key)
    }

    /// How well a town pairs with a county the text names, or a county with a town: for
    /// each other name, its nearest namesake of the other kind, full within
    /// [`COUNTY_KM`] of the county's centre and falling off past it; at most 2.
    fn county(&self, n: &Namesake<'_>, key: usize) -> f64 {
        let others = match n.kind {
            PlaceKind::City => &self.pairs.counties,
            PlaceKind::County => &self.pairs.towns,
            _ => return 0.0,
        };
        if others.is_empty() {
            return 0.0;
        }
        let at = (key, n.kind, n.lat.to_bits(), n.lon.to_bits());
        if let Some(&w) = self.pairs.known.borrow().get(&at) {
            return w;
        }
        let w = others.pairing(key, n.lat, n.lon).min(2.0);
        self.pairs.known.borrow_mut().insert(at, w);
        w
    }

    /// How near a town or county lies to the text's other towns and counties: the sum of
    /// their weights, each falling off with distance. A region holds the towns inside it
    /// (so that "New York" the state does not lose to the city for the towns around
    /// both); a country's nearness is its votes.
    fn nearness(&self, n: &Namesake<'_>, key: usize) -> f64 {
        if n.kind == PlaceKind::Region && !n.admin1.is_empty() {
            return self
                .anchors
                .iter()
                .filter(|a| a.key != key && a.area == (n.country_code, n.admin1))
                .map(|a| a.weight)
                .sum();
        }
        if is_area_kind(n.kind) {
            return 0.0;
        }
        // Past this distance a place's pull is below 1%: compare chords, not arcs.
        let reach = (2.0 * (4.6 * NEARNESS_KM / EARTH_RADIUS_KM / 2.0).sin()).powi(2);
        let p = unit_vector(n.lat, n.lon);
        let mut sum = 0.0;
        for a in &self.anchors {
            let chord2 = chord_squared(a.point, p);
            if chord2 < reach && a.key != key {
                sum += a.weight * (-arc_km(chord2.sqrt()) / NEARNESS_KM).exp();
            }
        }
        sum
    }

    /// Whether names other than key `key` vote for some country or region.
    fn names_elsewhere(&self, key: usize) -> bool {
        self.voters.iter().flatten().any(|&k| k != key)
    }

    /// How much the text's other names support a place.
    fn support(&self, n: &Namesake<'_>, key: usize) -> f64 {
        let (country, region) = self.weights(n, key);
        // Nearness supports only where a sure place lies within a few hundred kilometres.
        let near = Some(self.nearness(n, key)).filter(|&w| w >= NEAR_SUPPORT);
        country + region + near.unwrap_or(0.0) + self.county(n, key)
    }

    /// [`Context::support`] by nearness and county alone, for a village: the state or
    /// country the text names is not enough.
    fn support_nearby(&self, n: &Namesake<'_>, key: usize) -> f64 {
        let near = Some(self.nearness(n, key)).filter(|&w| w >= NEAR_SUPPORT);
        near.unwrap_or(0.0) + self.county(n, key)
    }
}

/// A mention's most likely namesake under `score` (the first of equals) and how sure it
/// is, from its lead over the runner-up: `None` when no namesake lies in its qualifier.
fn first_reading(f: &Found<'_>, score: impl Fn(&Namesake<'_>) -> f64) -> Option<(usize, f64)> {
    let mut top: Option<(usize, f64)> = None;
    let mut second = f64::NEG_INFINITY;
    for (i, n) in f.namesakes.iter().enumerate() {
        if !f.within.as_ref().is_none_or(|a| within(n, a)) {
            continue;
        }
        let s = score(n);
        match top {
            Some((_, best)) if s <= best => second = second.max(s),
            _ => {
                if let Some((_, best)) = top {
                    second = best;
                }
                top = Some((i, s));
            }
        }
    }
    let (top, best) = top?;
    let margin = if second == f64::NEG_INFINITY {
        3.0
    } else {
        best - second
    };
    Some((top, (margin / 2.0).clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let g = Gazetteer::embedded().unwrap();
        Extractor::new(&g)
            .extract(text)
            .iter()
            .map(|m| {
                format!(
                    "{} {}",
                    &text[m.start..m.end],
                    m.resolution.place.country_code
                )
            })
            .collect()
    }

    #[test]
    fn finds_the_longest_name() {
        assert_eq!(
            names("She moved from New York City to South Korea."),
            ["New York City US", "South Korea KR"]
        );
    }

    #[test]
    fn people_and_organisations_are_not_places() {
        assert_eq!(
            names("Russian President Vladimir Putin met Xi Jinping at the Shanghai Cooperation Organization summit in Samarkand. Xi left."),
            ["Russian RU", "Samarkand UZ"]
        );
    }

    #[test]
    fn a_family_name_stays_a_person_for_the_rest_of_the_text() {
        // Clark is a county and several towns; Jones a town in Oklahoma.
        assert_eq!(
            names("Desmond Clark pleaded guilty in Charleston, W.Va. Later Clark wept. Jones said the Wal-Mart video was clear, said Jones."),
            ["Charleston US", "W.Va US"]
        );
    }

    #[test]
    fn streets_and_generic_names_are_not_places() {
        assert_eq!(
            names("A fire hit a Main Street home in Torrington. Crews worked at 775 Main St. and on Clark Drive, near the White House."),
            ["Torrington US"]
        );
    }

    #[test]
    fn months_and_sentence_initial_common_words_are_not_places() {
        assert_eq!(names("In March, reading the news in Nice."), ["Nice FR"]);
        assert_eq!(
            names("Reading is fun. He came in March."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn qualifiers_and_context_pick_the_namesake() {
        let g = Gazetteer::embedded().unwrap();
        let x = Extractor::new(&g);
        let m = x.extract("Flooding hit Alexandria, Louisiana, on Monday.");
        assert_eq!(m[0].resolution.place.region, "Louisiana");
        let m = x.extract("Gainesville, Ga., police said.");
        assert_eq!(m[0].resolution.place.region, "Georgia");
        let m = x.extract("Atlanta and Athens are both in Georgia.");
        assert_eq!(m[1].resolution.place.country_code, "US");
        assert_eq!(m[2].resolution.place.country_code, "US");
        let m = x.extract("Tbilisi is the capital of Georgia.");
        assert_eq!(m[1].resolution.place.kind, PlaceKind::Country);
    }

    #[test]
    fn nearby_places_pick_the_namesake() {
        let g = Gazetteer::embedded().unwrap();
        let m = Extractor::new(&g).extract(
            "The council met in Dublin on Monday. Residents of Hilliard and Worthington came.",
        );
        assert_eq!(m[0].resolution.place.region, "Ohio");
        let m = Extractor::new(&g).extract("The council met in Dublin on Monday.");
        assert_eq!(m[0].resolution.place.country_code, "IE");
    }

    #[test]
    fn a_county_and_its_town_settle_each_other() {
        let g = Gazetteer::embedded().unwrap();
        let m = Extractor::new(&g)
            .extract("A fire in Paris destroyed a barn, the Henry County sheriff said.");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].resolution.place.region, "Tennessee");
        assert_eq!(m[1].resolution.place.region, "Tennessee");
        let m = Extractor::new(&g).extract("A fire in Paris destroyed a barn.");
        assert_eq!(m[0].resolution.place.country_code, "FR");
    }

    #[test]
    fn every_mention_of_a_name_reads_alike() {
        // Mentions that share a name, qualifier and namesakes are weighed once, as a group;
        // each keeps its own span and text.
        let g = Gazetteer::embedded().unwrap();
        let text = "Athens police met in Atlanta. ATHENS, Georgia, said Athens was calm.";
        let m = Extractor::new(&g).extract(text);
        let athens: Vec<&Mention> = m
            .iter()
            .filter(|m| text[m.start..m.end].eq_ignore_ascii_case("athens"))
            .collect();
        assert_eq!(athens.len(), 3);
        for a in &athens {
            assert_eq!(a.resolution.place.region, "Georgia");
            assert_eq!(a.resolution.query, &text[a.start..a.end]);
        }
        assert_eq!(athens[0].resolution.place.id, athens[2].resolution.place.id);
        assert_eq!(
            athens[0].resolution.confidence,
            athens[2].resolution.confidence
        );
    }

    #[test]
    fn regions_and_towns_named_like_their_region_need_no_support() {
        assert_eq!(names("I'm flying to Florida tomorrow."), ["Florida US"]);
        assert_eq!(
            names("Scotland and Bavaria sent teams; Ontario did not."),
            ["Scotland GB", "Bavaria DE", "Ontario CA"]
        );
        let g = Gazetteer::embedded().unwrap();
        for (text, cc) in [
            ("He flew to Glasgow yesterday.", "GB"),
            ("Gaza is under attack.", "PS"),
        ] {
            let m = Extractor::new(&g).extract(text);
            assert_eq!(m.len(), 1, "{text}");
            assert_eq!(m[0].resolution.place.kind, PlaceKind::City, "{text}");
            assert_eq!(m[0].resolution.place.country_code, cc, "{text}");
        }
    }

    #[test]
    fn a_name_shared_with_a_person_is_decided_per_mention() {
        assert_eq!(
            names("Franklin, Pennsylvania, honoured Benjamin Franklin. Schools in Franklin closed; Franklin smiled."),
            ["Franklin US", "Pennsylvania US", "Franklin US"]
        );
        assert_eq!(
            names("Lawton approved a budget. The fort honours General Henry Ware Lawton."),
            ["Lawton US"]
        );
        assert_eq!(
            names("Rain flooded Nashville Creek. Nashville schools closed."),
            ["Nashville Creek US", "Nashville US"]
        );
    }

    #[test]
    fn a_place_beside_another_capitalised_word_is_kept() {
        assert_eq!(
            names("Doctors treated the Glasgow Ebola case."),
            ["Glasgow GB"]
        );
        assert_eq!(
            names("Police in Ferguson said the Ferguson PD acted."),
            ["Ferguson US", "Ferguson US"]
        );
        assert_eq!(
            names("London UK police arrested two men."),
            ["London GB", "UK GB"]
        );
        assert_eq!(
            names("Haiti Earthquake Appeal Raises Millions\nDonors gave."),
            ["Haiti HT"]
        );
        assert_eq!(
            names("Donors gave to Earthquake South Africa on Monday."),
            ["South Africa ZA"]
        );
        // A given name before a family name stays a person's.
        assert_eq!(
            names("The report was written by Mary Wheeler and two other teachers."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_name_inside_an_unknown_feature_is_no_place() {
        assert_eq!(
            names("Soldiers left Fort Craig on Monday."),
            Vec::<String>::new()
        );
        // A feature the gazetteer knows is found whole, as itself.
        assert_eq!(names("The Missouri River flooded."), ["Missouri River US"]);
        // A town's feature stands for the town: the span covers both words.
        let g = Gazetteer::embedded().unwrap();
        let text = "Crews searched the Naugatuck River near Waterbury.";
        let m = Extractor::new(&g).extract(text);
        assert_eq!(&text[m[0].start..m[0].end], "Naugatuck River");
        assert_eq!(m[0].resolution.place.region, "Connecticut");
    }

    #[test]
    fn natural_features_and_facilities_are_places() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Tankers left the Indian Ocean for the Panama Canal while barges idled on \
                    the Mississippi River. Talks on the Korean Peninsula stalled, a guard at \
                    Rikers Island said, and aid reached the Democratic Republic of Congo.";
        let found: Vec<(&str, &str)> = Extractor::new(&g)
            .extract(text)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.resolution.kind_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("Indian Ocean", "ocean"),
                ("Panama Canal", "canal"),
                ("Mississippi River", "river"),
                ("Korean Peninsula", "peninsula"),
                ("Rikers Island", "island"),
                ("Democratic Republic of Congo", "country"),
            ]
        );
    }

    #[test]
    fn a_village_needs_more_than_its_state() {
        // Cook, Minnesota, has some 500 people: a text about the state that names a Cook
        // means a person.
        assert_eq!(
            names("Minnesota lawmakers thanked Cook for the report."),
            ["Minnesota US"]
        );
        // Nor does a village's own name shadow a city's English one.
        assert_eq!(names("She studied in Ghent."), ["Ghent BE"]);
    }

    #[test]
    fn a_small_town_is_found_by_its_state() {
        assert_eq!(
            names("Volunteers in Belgrade, Minn., and Balaton, Minn., raised $400."),
            ["Belgrade US", "Minn US", "Balaton US", "Minn US"]
        );
    }

    #[test]
    fn a_town_by_its_own_name_beats_an_alias_of_a_bigger_one() {
        assert_eq!(names("He moved to Salisbury."), ["Salisbury GB"]);
        let g = Gazetteer::embedded().unwrap();
        let m = Extractor::new(&g).extract("She was born in Salem.");
        assert_eq!(m[0].resolution.place.name, "Salem", "not Jerusalem");
    }

    #[test]
    fn false_pins_of_plain_news_are_gone() {
        assert_eq!(
            names("Benina airport reopened on Monday."),
            Vec::<String>::new()
        );
        assert_eq!(names("The UN met on Monday."), Vec::<String>::new());
        assert_eq!(
            names("Obama's plan was praised in Chicago."),
            ["Chicago US"]
        );
        assert_eq!(names("Obama spoke in Chicago."), ["Chicago US"]);
        assert_eq!(names("He grew up in St. Louis."), ["St. Louis US"]);
        assert_eq!(
            names("DACA recipients rallied in Chicago on Monday."),
            ["Chicago US"]
        );
    }

    #[test]
    fn text_without_capitals_is_read_caseless() {
        assert_eq!(
            names("the president spoke in paris and then flew to germany."),
            ["paris FR", "germany DE"]
        );
        // Common words and small towns' names stay words.
        assert_eq!(
            names("we will march to the park, reading is fun and nice."),
            Vec::<String>::new()
        );
        assert_eq!(names("PRAYFORFERGUSON"), ["FERGUSON US"]);
        assert_eq!(
            names("FLOODS HIT GERMANY AND AUSTRIA"),
            ["GERMANY DE", "AUSTRIA AT"]
        );
        // The mode can be set: read as cased, lower-case text names nothing.
        let g = Gazetteer::embedded().unwrap();
        let cased = Extractor::new(&g).casing(Casing::Cased);
        assert!(cased.extract("flew to germany").is_empty());
        assert_eq!(
            Extractor::new(&g)
                .casing(Casing::Caseless)
                .extract("flew to germany")
                .len(),
            1
        );
    }

    #[test]
    fn hashtags_name_places() {
        assert_eq!(names("Rallies under #Gaza spread."), ["Gaza PS"]);
        assert_eq!(
            names("Rallies under #PrayForFerguson spread."),
            ["Ferguson US"]
        );
        assert_eq!(names("Crowds gathered. #prayforferguson"), ["ferguson US"]);
    }

    #[test]
    fn given_spans_use_the_whole_text_and_all_come_back() {
        let g = Gazetteer::embedded().unwrap();
        let text =
            "Santa Maria police said. The Santa Barbara County sheriff agreed. Xqzville too.";
        let x = Extractor::new(&g);
        let m = x.resolve_spans(text, &[(0, 11)]).unwrap();
        assert_eq!(m[0].resolution.place.region, "California");
        let xqz = text.find("Xqzville").unwrap();
        let all = x.resolve_given(text, &[(xqz, xqz + 8), (0, 11)]).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].start, all[0].end), (xqz, xqz + 8));
        assert!(all[0].resolution.is_none());
        assert!(all[1].resolution.is_some());
    }

    #[test]
    fn name_ends_are_a_set_of_word_offsets() {
        let mut ends = Ends { first: 10, mask: 0 };
        assert_eq!(ends.last(), None);
        for j in [10, 13, 12] {
            ends.add(j);
        }
        assert_eq!(ends.last(), Some(13));
        assert_eq!(ends.longest_first().collect::<Vec<_>>(), [13, 12, 10]);
    }

    #[test]
    fn demonyms_are_marked() {
        let g = Gazetteer::embedded().unwrap();
        let m = Extractor::new(&g).extract("The Russian ambassador spoke.");
        assert_eq!(m.len(), 1);
        assert!(m[0].resolution.demonym);
        assert_eq!(m[0].resolution.kind_str(), "demonym");
    }

    #[test]
    fn small_places_need_support_from_the_text() {
        // Tass is a village in Hungary; nothing here speaks of Hungary.
        assert_eq!(names("He spoke to Tass on Monday."), Vec::<String>::new());
    }

    #[test]
    fn given_spans_are_resolved_in_context() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Athens police in Georgia said. Atlanta";
        let m = Extractor::new(&g)
            .resolve_spans(text, &[(0, 6), (17, 24), (31, 38)])
            .unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m[0].resolution.place.country_code, "US");
        assert_eq!(m[1].resolution.place.kind, PlaceKind::Region);
        assert!(matches!(
            Extractor::new(&g).resolve_spans(text, &[(5, 99)]),
            Err(SpanError::OutOfRange { .. })
        ));
        assert!(matches!(
            Extractor::new(&g).resolve_spans("Kraków", &[(0, 5)]),
            Err(SpanError::NotCharBoundary { .. })
        ));
    }
}

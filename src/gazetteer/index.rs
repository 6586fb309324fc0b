//! The gazetteer's binary index: how places and their names are laid out in bytes.
//!
//! One layout serves the embedded data (written by `build.rs` at compile time and mapped from
//! the executable, so opening costs nothing) and the layers users load at run time (custom
//! places, GeoNames dumps). Writer and reader sit side by side so they cannot drift.
//!
//! An index is three parts:
//! - the *table*: a header, fixed-size place records sorted by id and the postings (which
//!   places a name key points to);
//! - the *strings*: the records' strings as one UTF-8 text, each ended by a NUL, so that
//!   reading one is a slice rather than a UTF-8 check (the embedded text is checked once, by
//!   the compiler's `include_str!`);
//! - an [`fst::Map`] from normalised name keys to a postings range.
//!
//! Besides names, the map holds two kinds of code keys that no normalised name can collide
//! with (they start with a control byte): `\x01` + country code gives the country, and
//! `\x02` + country code + `.` + admin1 code gives the first-level region.
//!
//! Like `normalize.rs`, this file is also compiled into `build.rs` and must not use `crate::`.

use rustc_hash::FxHashMap;

use super::normalize::normalize_into;

const MAGIC: &[u8; 4] = b"PMGZ";
const VERSION: u32 = 2;
const HEADER_LEN: usize = 24;
const RECORD_LEN: usize = 84;
/// Byte lengths of a record's strings follow their offsets; a string this long or longer
/// is found by its ending NUL instead.
const LONG_STRING: u8 = u8::MAX;
/// Coordinates are stored as integer micro-degrees.
const COORD_SCALE: f64 = 1e6;
const NONE_COORD: i32 = i32::MIN;
const INDEX_MASK: u32 = 0x0fff_ffff;

/// The kind of a place, from largest to smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A continent ("Asia").
    Continent,
    /// A named group of countries or a geographic region ("Central Asia", "Middle East").
    Macroregion,
    /// A country or dependency.
    Country,
    /// A first-level administrative region: state, province, oblast.
    Region,
    /// A second-level administrative area: county, parish, district.
    County,
    /// A populated place.
    City,
    /// A natural feature or facility: an ocean, sea, river, lake, island, peninsula, canal,
    /// mountain range or desert. Its feature code says which ([`feature_kind`]).
    Feature,
    /// A place a user added: a point with no other known kind.
    Point,
}

impl PlaceKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [PlaceKind; 8] = [
        PlaceKind::Continent,
        PlaceKind::Macroregion,
        PlaceKind::Country,
        PlaceKind::Region,
        PlaceKind::County,
        PlaceKind::City,
        PlaceKind::Feature,
        PlaceKind::Point,
    ];

    /// Whether the kind is an area that holds towns: a continent, macro-region, country or
    /// first-level region.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            PlaceKind::Continent | PlaceKind::Macroregion | PlaceKind::Country | PlaceKind::Region
        )
    }

    /// The lower-case name used in data files and output ("country", "city"…).
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Continent => "continent",
            PlaceKind::Macroregion => "macroregion",
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::County => "county",
            PlaceKind::City => "city",
            PlaceKind::Feature => "feature",
            PlaceKind::Point => "point",
        }
    }

    /// Parses the name written by [`PlaceKind::as_str`].
    pub fn parse(s: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn from_byte(b: u8) -> PlaceKind {
        PlaceKind::ALL
            .get(usize::from(b))
            .copied()
            .unwrap_or(PlaceKind::Point)
    }
}

/// GeoNames feature codes of natural features and what each is; a kind's first code is the
/// one a custom place of that kind gets.
const FEATURE_CODES: &[(&str, &str)] = &[
    ("OCN", "ocean"),
    ("SEA", "sea"),
    ("GULF", "gulf"),
    ("BAY", "bay"),
    ("STRT", "strait"),
    ("CHN", "strait"),
    ("CNL", "canal"),
    ("STM", "river"),
    ("LK", "lake"),
    ("LKS", "lake"),
    ("ISL", "island"),
    ("ISLS", "island"),
    ("PEN", "peninsula"),
    ("CAPE", "peninsula"),
    ("MT", "mountain"),
    ("MTS", "mountain"),
    ("HGTS", "mountain"),
    ("DSRT", "desert"),
    ("VAL", "valley"),
    ("CNYN", "valley"),
    ("SWMP", "wetland"),
];

/// What a natural feature is, by its GeoNames feature code: "ocean", "sea", "river"…;
/// `None` for codes that are no feature's.
pub fn feature_kind(fcode: &str) -> Option<&'static str> {
    FEATURE_CODES
        .iter()
        .find(|(code, _)| *code == fcode)
        .map(|(_, kind)| *kind)
}

/// The GeoNames feature code for a kind of natural feature ("river" is `STM`), the
/// reverse of [`feature_kind`].
pub fn feature_code(kind: &str) -> Option<&'static str> {
    FEATURE_CODES
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(code, _)| *code)
}

/// The kinds of natural features, each once, in [`FEATURE_CODES`] order.
pub fn feature_kinds() -> Vec<&'static str> {
    let mut kinds: Vec<&str> = Vec::new();
    for (_, kind) in FEATURE_CODES {
        if !kinds.contains(kind) {
            kinds.push(kind);
        }
    }
    kinds
}

/// How a name key points at a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameRole {
    /// The place's display name.
    Primary = 0,
    /// One of its alternate names (other spellings, scripts, former names, codes).
    Alternate = 1,
    /// An adjective or people name of a country ("Russian", "Uzbeks").
    Demonym = 2,
}

impl NameRole {
    /// What a name in this role adds to a place's importance when namesakes are ranked:
    /// an alternate name (another language, a former name) counts a little less.
    pub fn weight(self) -> f64 {
        match self {
            NameRole::Primary | NameRole::Demonym => 0.0,
            NameRole::Alternate => -0.7,
        }
    }

    fn from_bits(bits: u32) -> NameRole {
        match bits {
            0 => NameRole::Primary,
            2 => NameRole::Demonym,
            _ => NameRole::Alternate,
        }
    }
}

/// One place as written into an index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlaceRow {
    /// GeoNames id, or a synthetic id for places without one.
    pub id: u32,
    /// The kind of place; `None` is written as [`PlaceKind::Point`].
    pub kind: Option<PlaceKind>,
    /// GeoNames feature code (PPLC, PCLI, ADM1…), or empty.
    pub fcode: String,
    /// Display name.
    pub name: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 code of the country, or empty.
    pub country_code: String,
    /// GeoNames first-level admin code, or empty.
    pub admin1: String,
    /// GeoNames second-level admin code, or empty.
    pub admin2: String,
    /// Population, 0 when unknown.
    pub population: u64,
    /// IANA time zone, or empty.
    pub timezone: String,
    /// ISO alpha-3 (countries) or ISO 3166-2 (regions) code, or empty.
    pub code: String,
    /// Where to draw the label, when it differs from the point (countries, regions).
    pub label: Option<(f64, f64)>,
    /// Bounding box `[min_lon, min_lat, max_lon, max_lat]`.
    pub bbox: Option<[f64; 4]>,
    /// Alternate names.
    pub names: Vec<String>,
    /// Adjective and people names (countries only).
    pub demonyms: Vec<String>,
    /// Size used for ranking when `population` is unknown (e.g. the summed population of a
    /// region's cities); 0 for none.
    pub population_hint: u64,
}

/// Writes places into the two byte strings of an index.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    rows: Vec<PlaceRow>,
}

/// The bytes of a built index.
#[derive(Debug)]
pub struct IndexBytes {
    /// Header, records and postings.
    pub table: Vec<u8>,
    /// The string pool.
    pub strings: String,
    /// The name map as [`fst::Map`]s over disjoint key ranges, in key order: one, or one a
    /// thread when a large index was built on several.
    pub names: Vec<Vec<u8>>,
}

impl IndexBuilder {
    /// Adds one place.
    pub fn push(&mut self, row: PlaceRow) {
        self.rows.push(row);
    }

    /// Number of places pushed so far.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Lays the places out. Places are sorted by id; for equal ids the first pushed wins.
    ///
    /// The work is spread over `threads` threads, and the name map is cut into as many
    /// maps of disjoint key ranges (building a map is most of the time, and one map is
    /// built by one thread). Every lookup gives the same answer however many there are.
    pub fn build(self, threads: usize) -> Result<IndexBytes, fst::Error> {
        // The rows stay where they are (they are large); their order is sorted.
        let mut order: Vec<&PlaceRow> = self.rows.iter().collect();
        order.sort_by_key(|r| r.id);
        order.dedup_by_key(|r| r.id);
        let threads = threads.clamp(1, 64);
        let rows = &order[..];
        let importances: Vec<u8> = rows.iter().map(|r| importance(r)).collect();
        let importances = &importances[..];
        let (maps, (records, strings)) = std::thread::scope(|s| {
            let records = s.spawn(|| write_records(rows, importances));
            (name_maps(rows, importances, threads), join(records))
        });
        let (maps, count) = maps?;
        let mut table = Vec::with_capacity(HEADER_LEN + records.len() + count as usize * 4);
        table.extend_from_slice(MAGIC);
        for n in [VERSION, rows.len() as u32, strings.len() as u32, count, 0] {
            table.extend_from_slice(&n.to_le_bytes());
        }
        table.extend_from_slice(&records);
        let mut names = Vec::with_capacity(maps.len());
        for map in maps {
            table.extend_from_slice(&map.postings);
            names.push(map.fst);
        }
        Ok(IndexBytes {
            table,
            strings,
            names,
        })
    }
}

/// One name map over a key range, and the postings its values point to.
struct NameMap {
    fst: Vec<u8>,
    postings: Vec<u8>,
}

/// The name maps of `rows`, in key order, built on `threads` threads, and the count of
/// postings.
fn name_maps(
    rows: &[&PlaceRow],
    importances: &[u8],
    threads: usize,
) -> Result<(Vec<NameMap>, u32), fst::Error> {
    let chunk = rows.len().div_ceil(threads).max(1);
    let keyed: Vec<Keys> = std::thread::scope(|s| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| s.spawn(move || Keys::of(part, c * chunk)))
            .collect();
        handles.into_iter().map(join).collect()
    });
    let mut shards: Vec<Vec<Entry<'_>>> = std::thread::scope(|s| {
        let handles: Vec<_> = shard(&keyed, threads)
            .into_iter()
            .map(|keys| s.spawn(move || postings_order(keys)))
            .collect();
        handles
            .into_iter()
            .map(join)
            .filter(|keys| !keys.is_empty())
            .collect()
    });
    let mut count = 0u32;
    let maps = std::thread::scope(|s| {
        let handles: Vec<_> = shards
            .iter_mut()
            .map(|keys| {
                let base = count;
                count += keys.len() as u32;
                s.spawn(move || name_map(keys, importances, base))
            })
            .collect();
        handles.into_iter().map(join).collect::<Result<Vec<_>, _>>()
    })?;
    Ok((maps, count))
}

/// Sorts keys by key, then place, then role, keeping one posting a place: a name that is
/// both primary and alternate for one place keeps its strongest role (the smallest).
fn postings_order(mut keys: Vec<Entry<'_>>) -> Vec<Entry<'_>> {
    keys.sort_unstable_by(|a, b| {
        (a.head.cmp(&b.head).then_with(|| a.key.cmp(b.key)))
            .then((a.posting & INDEX_MASK).cmp(&(b.posting & INDEX_MASK)))
            .then(a.posting.cmp(&b.posting))
    });
    keys.dedup_by(|b, a| a.key == b.key && (a.posting & INDEX_MASK) == (b.posting & INDEX_MASK));
    // A region code shared by several regions (where Natural Earth's first level is finer
    // than GeoNames') would join cities to the wrong one: join them to none.
    let shared: Vec<&[u8]> = keys
        .chunk_by(|a, b| a.key == b.key)
        .filter(|group| group.len() > 1 && group[0].key.starts_with(b"\x02"))
        .map(|group| group[0].key)
        .collect();
    if !shared.is_empty() {
        keys.retain(|e| !shared.contains(&e.key));
    }
    keys
}

/// Names a row may have before its keys are checked for repeats through a hash set rather
/// than one by one: a scan is faster for the few names most places have.
const MANY_NAMES: usize = 32;

/// A name key and its posting.
#[derive(Clone, Copy)]
struct Entry<'a> {
    /// The key's first eight bytes, big-endian and padded with zeros: most keys differ
    /// there, and comparing two numbers is much cheaper than comparing two slices.
    head: u64,
    key: &'a [u8],
    /// The place's row index, with the name's role in the top bits.
    posting: u32,
}

impl<'a> Entry<'a> {
    fn new(key: &'a [u8], posting: u32) -> Entry<'a> {
        let mut head = [0u8; 8];
        let n = key.len().min(8);
        head[..n].copy_from_slice(&key[..n]);
        Entry {
            head: u64::from_be_bytes(head),
            key,
            posting,
        }
    }
}

/// The name keys of a run of places, in one text.
struct Keys {
    text: String,
    /// Byte range in `text` and posting of each key.
    entries: Vec<(u32, u32, u32)>,
}

impl Keys {
    /// The keys of `rows`, the first of which is row `first` of the index.
    fn of(rows: &[&PlaceRow], first: usize) -> Keys {
        let mut keys = Keys {
            text: String::new(),
            entries: Vec::new(),
        };
        let mut folded = String::new();
        // The keys of a row with many names (a GeoNames row may have 100,000), to find a
        // repeat without comparing each key with all the row's others.
        let mut row_keys: rustc_hash::FxHashSet<String> = Default::default();
        for (i, row) in rows.iter().enumerate() {
            // A row index always fits the mask: an index holds fewer than 2^28 places.
            let idx = (first + i) as u32 & INDEX_MASK;
            let row_start = keys.entries.len();
            let many = row.names.len() + row.demonyms.len() > MANY_NAMES;
            row_keys.clear();
            let mut add = |key: &str, role: NameRole| {
                // Many spellings of a name fold to one key ("Paris" in thirty languages):
                // the first, strongest role is kept.
                let text = &keys.text;
                let seen = if many {
                    !key.is_empty() && !row_keys.insert(key.to_string())
                } else {
                    keys.entries[row_start..]
                        .iter()
                        .any(|&(start, end, _)| &text[start as usize..end as usize] == key)
                };
                if !key.is_empty() && !seen {
                    let start = keys.text.len() as u32;
                    keys.text.push_str(key);
                    let end = keys.text.len() as u32;
                    keys.entries.push((start, end, idx | ((role as u32) << 28)));
                }
            };
            normalize_into(&row.name, &mut folded);
            add(&folded, NameRole::Primary);
            for alt in &row.names {
                normalize_into(alt, &mut folded);
                add(&folded, NameRole::Alternate);
            }
            for dem in &row.demonyms {
                normalize_into(dem, &mut folded);
                add(&folded, NameRole::Demonym);
            }
            match row.kind {
                Some(PlaceKind::Country) if !row.country_code.is_empty() => {
                    add(&country_key(&row.country_code), NameRole::Primary)
                }
                Some(PlaceKind::Region) if !row.admin1.is_empty() => add(
                    &region_key(&row.country_code, &row.admin1),
                    NameRole::Primary,
                ),
                _ => {}
            }
        }
        keys
    }

    fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        let text = self.text.as_bytes();
        self.entries
            .iter()
            .map(move |&(start, end, e)| Entry::new(&text[start as usize..end as usize], e))
    }
}

/// Cuts the keys into `n` groups of disjoint key ranges and about equal size, in key order.
fn shard(keyed: &[Keys], n: usize) -> Vec<Vec<Entry<'_>>> {
    let total: usize = keyed.iter().map(|k| k.entries.len()).sum();
    if n == 1 {
        let mut all = Vec::with_capacity(total);
        for k in keyed {
            all.extend(k.entries());
        }
        return vec![all];
    }
    // Cut points from a sample of the keys, weighed by length: a long key (most keys in
    // other scripts than Latin are) costs more to map. Equal keys always fall in one group.
    let step = (total / (n * 256)).max(1);
    let mut sample: Vec<&[u8]> = keyed
        .iter()
        .flat_map(|k| k.entries())
        .step_by(step)
        .map(|e| e.key)
        .collect();
    sample.sort_unstable();
    let weight = |key: &[u8]| key.len() + 8;
    let all: usize = sample.iter().map(|k| weight(k)).sum();
    let mut cuts: Vec<&[u8]> = Vec::with_capacity(n - 1);
    let mut sum = 0;
    for key in &sample {
        sum += weight(key);
        if sum * n >= all * (cuts.len() + 1) && cuts.len() < n - 1 {
            cuts.push(key);
        }
    }
    let mut shards: Vec<Vec<Entry<'_>>> = (0..n)
        .map(|_| Vec::with_capacity(total / n + total / 8))
        .collect();
    for k in keyed {
        for entry in k.entries() {
            shards[cuts.partition_point(|c| *c <= entry.key)].push(entry);
        }
    }
    shards
}

/// The name map of sorted keys, whose first posting is posting `base` of the index.
///
/// A name's places are written in the order a lookup ranks them: by importance with the
/// role's weight, best first, then by row. So the ranking of an exact lookup sorts a list
/// that is already in order.
fn name_map(keys: &mut [Entry<'_>], importances: &[u8], base: u32) -> Result<NameMap, fst::Error> {
    let mut postings: Vec<u8> = Vec::with_capacity(keys.len() * 4);
    let mut map = fst::MapBuilder::memory();
    let mut count = base;
    let score = |posting: u32| {
        let importance = importances.get((posting & INDEX_MASK) as usize).copied();
        f64::from(importance.unwrap_or(0)) / 10.0 + NameRole::from_bits(posting >> 28).weight()
    };
    for group in keys.chunk_by_mut(|a, b| a.key == b.key) {
        // Code keys keep row order: their first place is the one a code names.
        if !group[0].key.starts_with(b"\x01") && !group[0].key.starts_with(b"\x02") {
            group.sort_by(|a, b| {
                score(b.posting)
                    .total_cmp(&score(a.posting))
                    .then((a.posting & INDEX_MASK).cmp(&(b.posting & INDEX_MASK)))
            });
        }
        let value = (u64::from(count) << 32) | group.len() as u64;
        map.insert(group[0].key, value)?;
        for e in group.iter() {
            postings.extend_from_slice(&e.posting.to_le_bytes());
        }
        count += group.len() as u32;
    }
    Ok(NameMap {
        fst: map.into_inner()?,
        postings,
    })
}

/// The records of `rows` and the string pool they point into.
fn write_records(rows: &[&PlaceRow], importances: &[u8]) -> (Vec<u8>, String) {
    let mut strings = StringPool::default();
    let mut records = Vec::with_capacity(rows.len() * RECORD_LEN);
    for (row, &importance) in rows.iter().zip(importances) {
        write_record(&mut records, &mut strings, row, importance);
    }
    (records, strings.text)
}

/// A scoped thread's result; a panic in one goes on in the caller.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The key under which a country is found by its ISO alpha-2 code.
pub fn country_key(country_code: &str) -> String {
    format!("\u{1}{}", country_code.to_ascii_uppercase())
}

/// The key under which a first-level region is found by its country and admin1 codes.
pub fn region_key(country_code: &str, admin1: &str) -> String {
    format!(
        "\u{2}{}.{}",
        country_code.to_ascii_uppercase(),
        admin1.to_ascii_uppercase()
    )
}

#[derive(Default)]
struct StringPool<'a> {
    text: String,
    seen: FxHashMap<&'a str, u32>,
}

impl<'a> StringPool<'a> {
    /// Returns the offset and byte length of `s`, adding it once. Offset 0 is the empty
    /// string.
    fn add(&mut self, s: &'a str) -> (u32, usize) {
        if self.text.is_empty() {
            self.text.push('\0');
        }
        // A NUL ends a string in the pool: text after one (only user files can hold it) is
        // not kept.
        let s = s.split('\0').next().unwrap_or("");
        if s.is_empty() {
            return (0, 0);
        }
        if let Some(&off) = self.seen.get(s) {
            return (off, s.len());
        }
        let off = self.text.len() as u32;
        self.text.push_str(s);
        self.text.push('\0');
        self.seen.insert(s, off);
        (off, s.len())
    }
}

/// A place's prior importance for ranking namesakes, in tenths (0 to 255).
///
/// It grows with the logarithm of population and adds a bonus by kind and feature code, so
/// that countries and capitals come before namesakes ("Paris" is France's capital, "Georgia"
/// the country), and big cities before regions of the same name ("New York").
pub fn importance(row: &PlaceRow) -> u8 {
    let size = if row.population > 0 {
        row.population
    } else {
        row.population_hint
    };
    let size = (size as f64 + 10.0).log10();
    let bonus = match row.kind.unwrap_or(PlaceKind::Point) {
        PlaceKind::Continent => 6.0,
        PlaceKind::Country => 5.5,
        PlaceKind::Macroregion => 4.0,
        PlaceKind::Region => -0.5,
        PlaceKind::County => -1.0,
        // Below every populated place of the same name: "Mississippi" is the state and
        // "Jordan" the country, while "Mississippi River" names the river alone.
        PlaceKind::Feature => -0.5,
        PlaceKind::Point => 0.0,
        PlaceKind::City => match row.fcode.as_str() {
            "PPLC" => 2.5,
            "PPLA" | "PPLG" => 1.0,
            "PPLA2" => 0.3,
            "PPLX" | "PPLL" => -1.0,
            "PPLH" | "PPLQ" | "PPLW" => -2.0,
            _ => 0.0,
        },
    };
    // Regions and groupings with no size at all still outrank villages of the same name; a
    // region whose towns are known is as big as they are (a district of the Seychelles named
    // Saint Louis is smaller than St. Louis, Missouri).
    let floor = match row.kind {
        Some(PlaceKind::Continent | PlaceKind::Macroregion | PlaceKind::Country) => 7.0,
        Some(PlaceKind::Region) if row.population == 0 && row.population_hint == 0 => 5.5,
        _ => 0.0,
    };
    ((size.max(floor) + bonus) * 10.0).clamp(0.0, 255.0).round() as u8
}

fn coord(v: f64) -> i32 {
    if v.is_finite() {
        (v * COORD_SCALE).round() as i32
    } else {
        NONE_COORD
    }
}

fn write_record<'a>(
    out: &mut Vec<u8>,
    strings: &mut StringPool<'a>,
    row: &'a PlaceRow,
    importance: u8,
) {
    let start = out.len();
    out.extend_from_slice(&row.id.to_le_bytes());
    let kind = row.kind.unwrap_or(PlaceKind::Point);
    out.extend_from_slice(&[kind as u8, importance, 0, 0]);
    let (label_lat, label_lon) = row.label.unwrap_or((f64::NAN, f64::NAN));
    let bbox = row.bbox.unwrap_or([f64::NAN; 4]);
    for v in [row.lat, row.lon, label_lat, label_lon]
        .into_iter()
        .chain(bbox)
    {
        out.extend_from_slice(&coord(v).to_le_bytes());
    }
    out.extend_from_slice(&row.population.to_le_bytes());
    let fields = [
        &row.name,
        &row.country_code,
        &row.admin1,
        &row.admin2,
        &row.timezone,
        &row.code,
        &row.fcode,
    ];
    let mut lens = [0u8; 8];
    for (s, len) in fields.into_iter().zip(&mut lens) {
        let (off, n) = strings.add(s);
        out.extend_from_slice(&off.to_le_bytes());
        *len = u8::try_from(n).unwrap_or(LONG_STRING);
    }
    out.extend_from_slice(&lens);
    debug_assert_eq!(out.len() - start, RECORD_LEN);
}

/// Bytes owned by an index: mapped from the executable or built at run time.
#[derive(Debug, Clone)]
pub enum Blob {
    /// Embedded in the executable.
    Static(&'static [u8]),
    /// Built at run time.
    Owned(Vec<u8>),
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        match self {
            Blob::Static(b) => b,
            Blob::Owned(b) => b,
        }
    }
}

/// Text owned by an index: embedded in the executable or built at run time.
#[derive(Debug, Clone)]
pub enum Text {
    /// Embedded in the executable.
    Static(&'static str),
    /// Built at run time.
    Owned(String),
}

impl Text {
    fn as_str(&self) -> &str {
        match self {
            Text::Static(s) => s,
            Text::Owned(s) => s,
        }
    }
}

/// Why an index's bytes could not be read.
#[derive(Debug)]
pub struct CorruptIndex(pub String);

/// A readable index.
pub struct Index {
    table: Blob,
    strings: Text,
    names: Vec<fst::Map<Blob>>,
    len: usize,
    postings_at: usize,
    postings_len: usize,
}

/// A place record read from an index, borrowing its strings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RawPlace<'a> {
    /// GeoNames or synthetic id.
    pub id: u32,
    /// Kind of place.
    pub kind: PlaceKind,
    /// Prior importance for ranking, see [`importance`].
    pub importance: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// Label point (lat, lon), if any.
    pub label: Option<(f64, f64)>,
    /// `[min_lon, min_lat, max_lon, max_lat]`, if any.
    pub bbox: Option<[f64; 4]>,
    /// Population, 0 when unknown.
    pub population: u64,
    /// Display name.
    pub name: &'a str,
    /// ISO alpha-2 country code.
    pub country_code: &'a str,
    /// GeoNames admin1 code.
    pub admin1: &'a str,
    /// GeoNames admin2 code.
    pub admin2: &'a str,
    /// IANA time zone.
    pub timezone: &'a str,
    /// ISO alpha-3 or ISO 3166-2 code.
    pub code: &'a str,
    /// GeoNames feature code.
    pub fcode: &'a str,
}

impl Index {
    /// Opens an index over its parts, checking only the header and sizes.
    pub fn open(table: Blob, strings: Text, names: Vec<Blob>) -> Result<Index, CorruptIndex> {
        let bytes = table.as_ref();
        if bytes.len() < HEADER_LEN || &bytes[..4] != MAGIC {
            return Err(CorruptIndex("not a placemap index".into()));
        }
        let word = |i: usize| read_u32(bytes, 4 + 4 * i) as usize;
        if word(0) != VERSION as usize {
            return Err(CorruptIndex(format!(
                "index version {} unsupported",
                word(0)
            )));
        }
        let (len, strings_len, postings_len) = (word(1), word(2), word(3));
        let postings_at = HEADER_LEN + len * RECORD_LEN;
        if postings_at + postings_len * 4 != bytes.len() || strings_len != strings.as_str().len() {
            return Err(CorruptIndex("index sections do not add up".into()));
        }
        let names = names
            .into_iter()
            .map(fst::Map::new)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CorruptIndex(e.to_string()))?;
        Ok(Index {
            table,
            strings,
            names,
            len,
            postings_at,
            postings_len,
        })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The name map, for prefix and fuzzy searches: one map or more over disjoint key
    /// ranges, in key order.
    pub fn names(&self) -> &[fst::Map<Blob>] {
        &self.names
    }

    /// The places a normalised key points to, with the role of the name for each.
    pub fn lookup(&self, key: &str) -> Postings<'_> {
        let range = self
            .names
            .iter()
            .find_map(|map| map.get(key))
            .map_or(0..0, posting_range);
        self.postings(range)
    }

    /// The postings of an fst value, for callers that stream the name map themselves.
    pub fn postings_of(&self, value: u64) -> Postings<'_> {
        self.postings(posting_range(value))
    }

    fn postings(&self, range: std::ops::Range<usize>) -> Postings<'_> {
        let end = range.end.min(self.postings_len);
        let start = range.start.min(end);
        let bytes = self.table.as_ref();
        Postings {
            bytes: &bytes[self.postings_at + start * 4..self.postings_at + end * 4],
        }
    }

    /// The GeoNames (or synthetic) id of record `idx`, read without decoding the rest
    /// of the record.
    pub fn id(&self, idx: u32) -> Option<u32> {
        self.record(idx).map(|rec| read_u32(rec, 0))
    }

    /// The name of record `idx`, read without decoding the rest of the record.
    pub fn name(&self, idx: u32) -> Option<&str> {
        self.record(idx).map(|rec| self.field(rec, 0))
    }

    /// The ranking importance of record `idx` (see [`RawPlace::importance`]), read without
    /// decoding the rest of the record; 0 past the end.
    pub fn importance(&self, idx: u32) -> f64 {
        self.record(idx).map_or(0.0, |rec| f64::from(rec[5]) / 10.0)
    }

    /// The bytes of record `idx`, if there is one.
    fn record(&self, idx: u32) -> Option<&[u8]> {
        let idx = idx as usize;
        let at = HEADER_LEN + idx * RECORD_LEN;
        (idx < self.len).then(|| &self.table.as_ref()[at..at + RECORD_LEN])
    }

    /// String field `i` of a record (name, country code, admin1, admin2, time zone, code,
    /// feature code): its offset in the pool, then its byte length further on.
    fn field(&self, rec: &[u8], i: usize) -> &str {
        let (off, len) = (read_u32(rec, 48 + 4 * i) as usize, rec[76 + i]);
        let text = self.strings.as_str();
        if len < LONG_STRING {
            return text.get(off..off + usize::from(len)).unwrap_or("");
        }
        text.get(off..)
            .and_then(|s| s.split('\0').next())
            .unwrap_or("")
    }

    /// The place with record number `idx`.
    pub fn place(&self, idx: u32) -> Option<RawPlace<'_>> {
        let rec = self.record(idx)?;
        let c = |i: usize| read_i32(rec, 8 + 4 * i);
        let point = |a: i32, b: i32| {
            (a != NONE_COORD && b != NONE_COORD)
                .then(|| (f64::from(a) / COORD_SCALE, f64::from(b) / COORD_SCALE))
        };
        let bbox = (c(4) != NONE_COORD)
            .then(|| [c(4), c(5), c(6), c(7)].map(|v| f64::from(v) / COORD_SCALE));
        let s = |i: usize| self.field(rec, i);
        Some(RawPlace {
            id: read_u32(rec, 0),
            kind: PlaceKind::from_byte(rec[4]),
            importance: f64::from(rec[5]) / 10.0,
            lat: f64::from(c(0)) / COORD_SCALE,
            lon: f64::from(c(1)) / COORD_SCALE,
            label: point(c(2), c(3)),
            bbox,
            population: read_u64(rec, 40),
            name: s(0),
            country_code: s(1),
            admin1: s(2),
            admin2: s(3),
            timezone: s(4),
            code: s(5),
            fcode: s(6),
        })
    }

    /// The record number of the place with GeoNames (or synthetic) id `id`.
    pub fn find_id(&self, id: u32) -> Option<u32> {
        let b = self.table.as_ref();
        let id_at = |i: usize| read_u32(b, HEADER_LEN + i * RECORD_LEN);
        let (mut lo, mut hi) = (0, self.len);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match id_at(mid).cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }
}

fn posting_range(value: u64) -> std::ops::Range<usize> {
    let start = (value >> 32) as usize;
    start..start + (value & 0xffff_ffff) as usize
}

/// The places one name key points to.
#[derive(Debug, Clone)]
pub struct Postings<'a> {
    bytes: &'a [u8],
}

impl Iterator for Postings<'_> {
    type Item = (u32, NameRole);

    fn next(&mut self) -> Option<(u32, NameRole)> {
        let (head, rest) = self.bytes.split_first_chunk::<4>()?;
        self.bytes = rest;
        let e = u32::from_le_bytes(*head);
        Some((e & INDEX_MASK, NameRole::from_bits(e >> 28)))
    }
}

fn read_u32(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

fn read_i32(b: &[u8], at: usize) -> i32 {
    read_u32(b, at) as i32
}

fn read_u64(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map_or(0, u64::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_of_every_length_read_back() {
        let names: Vec<String> = [0, 1, 254, 255, 256, 1000]
            .iter()
            .map(|&n| "é".repeat(n / 2) + &"a".repeat(n % 2))
            .collect();
        let mut builder = IndexBuilder::default();
        for (i, name) in names.iter().enumerate() {
            builder.push(PlaceRow {
                id: i as u32 + 1,
                name: name.clone(),
                country_code: "UZ".into(),
                // Text after a NUL is not kept.
                timezone: "Asia/Samarkand\0junk".into(),
                ..PlaceRow::default()
            });
        }
        let index = open(builder.build(1).expect("builds"));
        for (i, name) in names.iter().enumerate() {
            let p = index.place(i as u32).expect("a place");
            assert_eq!(p.name, name, "a name of {} bytes", name.len());
            assert_eq!(index.name(i as u32), Some(name.as_str()));
            assert_eq!(
                (p.country_code, p.timezone, p.admin1),
                ("UZ", "Asia/Samarkand", "")
            );
        }
    }

    fn open(bytes: IndexBytes) -> Index {
        Index::open(
            Blob::Owned(bytes.table),
            Text::Owned(bytes.strings),
            bytes.names.into_iter().map(Blob::Owned).collect(),
        )
        .expect("opens")
    }

    /// Every key of an index with its postings, from all its maps in turn.
    fn keys(index: &Index) -> Vec<(String, Vec<(u32, NameRole)>)> {
        use fst::{IntoStreamer, Streamer};
        let mut all = Vec::new();
        for map in index.names() {
            let mut stream = map.into_stream();
            while let Some((key, value)) = stream.next() {
                let key = String::from_utf8_lossy(key).into_owned();
                all.push((key, index.postings_of(value).collect()));
            }
        }
        all
    }

    #[test]
    fn a_names_places_come_in_rank_order() {
        // (id, population, the name's role): rows are written by id, places by rank.
        let rows = [
            (1, 1_000, NameRole::Primary),
            (2, 2_000_000, NameRole::Alternate),
            (3, 50_000, NameRole::Primary),
            (4, 2_000_000, NameRole::Primary),
            (5, 50_000, NameRole::Primary),
        ];
        let mut builder = IndexBuilder::default();
        for (id, population, role) in rows {
            let (name, names) = match role {
                NameRole::Primary => ("Springfield".to_string(), Vec::new()),
                _ => (format!("Place {id}"), vec!["Springfield".to_string()]),
            };
            builder.push(PlaceRow {
                id,
                kind: Some(PlaceKind::City),
                name,
                names,
                population,
                ..PlaceRow::default()
            });
        }
        let index = open(builder.build(1).expect("builds"));
        let ranked: Vec<(u32, NameRole)> = index
            .lookup("springfield")
            .map(|(idx, role)| (index.id(idx).expect("an id"), role))
            .collect();
        // The alternate name of the big place weighs less than the primary name of an equal
        // one; equal scores keep id order.
        assert_eq!(
            ranked,
            [
                (4, NameRole::Primary),
                (2, NameRole::Alternate),
                (3, NameRole::Primary),
                (5, NameRole::Primary),
                (1, NameRole::Primary),
            ]
        );
        let scores: Vec<f64> = ranked
            .iter()
            .map(|&(id, role)| {
                let idx = index.find_id(id).expect("a record");
                index.importance(idx) + role.weight()
            })
            .collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    }

    #[test]
    fn threads_cut_the_map_but_not_the_answers() {
        let names = [
            "Samarkand",
            "Tashkent",
            "Almaty",
            "Astana",
            "Bukhara",
            "Khiva",
        ];
        let build = |threads: usize| {
            let mut builder = IndexBuilder::default();
            for i in 0..600u32 {
                let name = names[i as usize % names.len()];
                builder.push(PlaceRow {
                    id: 1000 - i,
                    kind: Some(if i % 7 == 0 {
                        PlaceKind::Region
                    } else {
                        PlaceKind::City
                    }),
                    name: format!("{name} {}", i % 50),
                    names: vec![name.to_string(), format!("{i} {name}")],
                    country_code: "UZ".into(),
                    admin1: format!("{}", i % 9),
                    ..PlaceRow::default()
                });
            }
            open(builder.build(threads).expect("builds"))
        };
        let one = build(1);
        assert_eq!(one.names().len(), 1);
        for threads in [2, 3, 8] {
            let many = build(threads);
            assert_eq!(many.names().len(), threads, "one map a thread");
            assert_eq!(keys(&many), keys(&one), "{threads} threads");
            assert_eq!(many.table.as_ref(), one.table.as_ref());
            for key in ["samarkand", "samarkand 7", "\u{2}UZ.3", "khiva", "nowhere"] {
                assert_eq!(
                    many.lookup(key).collect::<Vec<_>>(),
                    one.lookup(key).collect::<Vec<_>>(),
                    "{key}"
                );
            }
        }
    }
}

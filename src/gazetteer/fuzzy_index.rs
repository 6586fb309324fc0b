//! A candidate index for misspelt names: the keys of a name map cut into segments, so that
//! the keys within two edits of a query are found from a few dozen hash lookups rather than
//! a walk of the map.
//!
//! Each key of three bytes or more is cut into three segments (the Pass-Join partition:
//! lengths `len / 3`, the last `len % 3` of them a byte longer). Two edits touch at most two
//! segments, so a key within two edits of the query holds one segment unchanged, and the
//! query holds it too, moved by the edits made before it: by `shift` bytes, where `|shift|`
//! is at most the edits before the segment and `|len(query) - len(key) - shift|` at most
//! those after. The index maps (key length, segment number, segment bytes) to the keys, and
//! a search looks up every such substring of the query, then checks each key it finds with
//! the same automaton the map walk uses ([`fuzzy::Levenshtein`]), so it finds exactly the
//! keys the walk finds. Keys shorter than three bytes are few and always checked.
//!
//! Building it reads every key once (about 0.1 s for the embedded gazetteer's million
//! keys), so the gazetteer builds it only once a process has searched for misspellings a
//! few times (see [`super::Gazetteer`]).

use fst::{Automaton, Streamer};

use super::fuzzy::{self, Levenshtein, Near};

/// Segments a key is cut into: one more than the most edits a search may ask for.
const SEGMENTS: usize = 3;

/// Most edits [`NearIndex::near`] answers for.
pub const MAX_EDITS: u8 = SEGMENTS as u8 - 1;

/// Most keys indexed: the index takes about 60 bytes a key (a GeoNames `allCountries.txt`
/// with its alternate names has some ten million keys), so a larger map is walked instead.
pub const MAX_KEYS: usize = 4_000_000;

/// The keys of a name map, and their segments, for [`NearIndex::near`].
#[derive(Debug)]
pub struct NearIndex {
    /// Every name key's bytes, end to end, in key order.
    keys: Vec<u8>,
    /// Where each key ends in `keys`; a key's number is its place in this list.
    ends: Vec<u32>,
    /// Each key's value in the name map.
    values: Vec<u64>,
    /// Keys shorter than [`SEGMENTS`] bytes, which have no segments.
    short: Vec<u32>,
    /// Hash bits that choose a bucket.
    bucket_bits: u32,
    /// Where each bucket's entries start in `entries`, and one past the last.
    buckets: Vec<u32>,
    /// Each segment's entry, sorted by check hash within a bucket.
    entries: Vec<Entry>,
}

/// One segment of a key in the index: twelve bytes, so that a bucket's entries and the
/// signatures a search tests lie in the same few cache lines.
#[derive(Debug, Clone, Copy)]
struct Entry {
    /// The high half of the segment's hash (the low half chose the bucket).
    check: u32,
    /// The key's number.
    key: u32,
    /// The key's [`Signature`], so that a search tests it without reading the key.
    signature: Signature,
}

impl NearIndex {
    /// Whether the keys of `maps` are few enough to index ([`MAX_KEYS`]).
    pub fn fits<D: AsRef<[u8]>>(maps: &[fst::Map<D>]) -> bool {
        maps.iter().map(fst::Map::len).sum::<usize>() <= MAX_KEYS
    }

    /// Indexes the keys of `maps` (maps over disjoint key ranges, in key order). Code keys,
    /// which start with a control byte, are left out: they are never names.
    pub fn build<D: AsRef<[u8]>>(maps: &[fst::Map<D>]) -> NearIndex {
        let mut keys = Vec::new();
        let mut ends = Vec::new();
        let mut values = Vec::new();
        for map in maps {
            let mut stream = map.stream();
            while let Some((key, value)) = stream.next() {
                if key.first().is_some_and(|b| *b < 0x20) || std::str::from_utf8(key).is_err() {
                    continue;
                }
                keys.extend_from_slice(key);
                ends.push(keys.len() as u32);
                values.push(value);
            }
        }
        let mut index = NearIndex {
            keys,
            ends,
            values,
            short: Vec::new(),
            bucket_bits: 0,
            buckets: Vec::new(),
            entries: Vec::new(),
        };
        index.index_segments();
        index
    }

    fn key(&self, n: u32) -> &[u8] {
        let n = n as usize;
        let start = if n == 0 { 0 } else { self.ends[n - 1] as usize };
        &self.keys[start..self.ends[n] as usize]
    }

    /// Counts the segments a bucket, then places each: a counting sort, so building is
    /// linear in the number of keys.
    fn index_segments(&mut self) {
        let count = self.ends.len();
        let segments = count * SEGMENTS;
        // About sixteen entries a bucket: the counts stay in cache while they are made.
        self.bucket_bits = (usize::BITS - segments.max(16).leading_zeros()).saturating_sub(5);
        let mut starts = vec![0u32; (1 << self.bucket_bits) + 1];
        let mut short = Vec::new();
        for n in 0..count as u32 {
            let key = self.key(n);
            if key.len() < SEGMENTS {
                short.push(n);
                continue;
            }
            for (i, (at, len)) in segments_of(key.len()).into_iter().enumerate() {
                let hash = segment_hash(key.len(), i, &key[at..at + len]);
                starts[self.bucket(hash) + 1] += 1;
            }
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let of_key: Vec<Signature> = (0..count as u32)
            .map(|n| Signature::of(self.key(n)))
            .collect();
        let empty = Entry {
            check: 0,
            key: 0,
            signature: Signature(0),
        };
        let mut entries = vec![empty; starts[starts.len() - 1] as usize];
        for n in 0..count as u32 {
            let key = self.key(n);
            if key.len() < SEGMENTS {
                continue;
            }
            for (i, (at, len)) in segments_of(key.len()).into_iter().enumerate() {
                let hash = segment_hash(key.len(), i, &key[at..at + len]);
                let slot = &mut next[self.bucket(hash)];
                entries[*slot as usize] = Entry {
                    check: (hash >> 32) as u32,
                    key: n,
                    signature: of_key[n as usize],
                };
                *slot += 1;
            }
        }
        for b in 0..starts.len() - 1 {
            entries[starts[b] as usize..starts[b + 1] as usize]
                .sort_unstable_by_key(|e| (e.check, e.key));
        }
        self.short = short;
        self.buckets = starts;
        self.entries = entries;
    }

    fn bucket(&self, hash: u64) -> usize {
        // The high half is the check kept with each entry; the bucket comes from the low.
        (hash as usize) & ((1 << self.bucket_bits) - 1)
    }

    /// The keys whose segment hash is `hash` and whose bytes may be within `max` edits of
    /// the query's (`bytes`), appended to `out` as `key << 2 | segment`.
    fn lookup(&self, hash: u64, segment: usize, bytes: Signature, max: u8, out: &mut Vec<u64>) {
        let b = self.bucket(hash);
        let bucket = &self.entries[self.buckets[b] as usize..self.buckets[b + 1] as usize];
        let check = (hash >> 32) as u32;
        let from = bucket.partition_point(|e| e.check < check);
        out.extend(
            bucket[from..]
                .iter()
                .take_while(|e| e.check == check)
                .filter(|e| bytes.within(e.signature, max))
                .map(|e| u64::from(e.key) << 2 | segment as u64),
        );
    }

    /// What [`fuzzy::near`] answers over the maps this index was built from: every key
    /// within `max` edits of `query`, those that share its first byte if any do, else all,
    /// in key order, at most `limit` of them. `max` is at most [`MAX_EDITS`].
    pub fn near(&self, query: &str, max: u8, limit: usize) -> Vec<Near> {
        debug_assert!(max <= MAX_EDITS);
        let max = max.min(MAX_EDITS);
        let found = self.within(query, max);
        self.choose(query, found.into_iter().map(|(n, _)| n).collect(), limit)
    }

    /// [`NearIndex::near`] within one edit and within two, from one search: a key within two
    /// edits is found with its distance, and those within one are among them.
    pub fn near_one_and_two(&self, query: &str, limit: usize) -> (Vec<Near>, Vec<Near>) {
        let found = self.within(query, 2);
        let one = found
            .iter()
            .filter(|(_, d)| *d <= 1)
            .map(|(n, _)| *n)
            .collect();
        let two = found.into_iter().map(|(n, _)| n).collect();
        (
            self.choose(query, one, limit),
            self.choose(query, two, limit),
        )
    }

    /// Every key within `max` edits of `query` (of its first [`fuzzy::MAX_FUZZY_LEN`] bytes,
    /// as the automaton reads it), in key order, with those edits.
    fn within(&self, query: &str, max: u8) -> Vec<(u32, u8)> {
        let automaton = Levenshtein::new(query, max);
        // The automaton reads at most this much of the query; so does the search.
        let q = &query.as_bytes()[..query.len().min(fuzzy::MAX_FUZZY_LEN)];
        let reach = usize::from(max);
        let bytes = Signature::of(q);
        let mut hits = Vec::new();
        for len in q.len().saturating_sub(reach).max(SEGMENTS)..=q.len() + reach {
            let grown = q.len() as isize - len as isize;
            for (i, (at, seg_len)) in segments_of(len).into_iter().enumerate() {
                for shift in -(reach as isize)..=reach as isize {
                    if shift.unsigned_abs() + (grown - shift).unsigned_abs() > reach {
                        continue;
                    }
                    let Some(start) = at.checked_add_signed(shift) else {
                        continue;
                    };
                    if let Some(segment) = q.get(start..start + seg_len) {
                        self.lookup(segment_hash(len, i, segment), i, bytes, max, &mut hits);
                    }
                }
            }
        }
        // `max` edits leave at least this many of a key's segments as they were.
        let intact = SEGMENTS - reach;
        let mut candidates: Vec<u32> = if intact > 1 {
            hits.sort_unstable();
            hits.dedup();
            hits.chunk_by(|a, b| a >> 2 == b >> 2)
                .filter(|run| run.len() >= intact)
                .map(|run| (run[0] >> 2) as u32)
                .collect()
        } else {
            hits.iter().map(|h| (h >> 2) as u32).collect()
        };
        if q.len() <= SEGMENTS - 1 + reach {
            candidates.extend(
                self.short
                    .iter()
                    .filter(|&&n| bytes.within(Signature::of(self.key(n)), max)),
            );
        }
        let mut found: Vec<(u32, u8)> = candidates
            .into_iter()
            .filter_map(|n| edits(&automaton, self.key(n)).map(|d| (n, d)))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Of `matches` (key numbers in key order), those that share the query's first byte if
    /// any do, else all, at most `limit` of them, as [`Near`]s.
    fn choose(&self, query: &str, matches: Vec<u32>, limit: usize) -> Vec<Near> {
        let q = &query.as_bytes()[..query.len().min(fuzzy::MAX_FUZZY_LEN)];
        let first = q.first().copied();
        let same_first: Vec<u32> = matches
            .iter()
            .copied()
            .filter(|&n| self.key(n).first().copied() == first)
            .collect();
        // An empty query has no first byte, and searches every key, as the walk does.
        let chosen = if same_first.is_empty() || first.is_none() {
            matches
        } else {
            same_first
        };
        chosen
            .into_iter()
            .take(limit)
            .map(|n| {
                let key = self.key(n);
                Near {
                    // Only valid UTF-8 keys are indexed.
                    key: String::from_utf8_lossy(key).into_owned(),
                    distance: fuzzy::distance(query.as_bytes(), key),
                    value: self.values[n as usize],
                }
            })
            .collect()
    }
}

/// The bytes a text holds, folded into 32 classes: a cheap test that two texts are far
/// apart before the automaton is run.
#[derive(Debug, Clone, Copy)]
struct Signature(u32);

impl Signature {
    fn of(bytes: &[u8]) -> Signature {
        Signature(bytes.iter().fold(0, |sig, b| sig | 1 << (b & 31)))
    }

    /// False when more than `max` edits must separate the two texts: each class of bytes
    /// that one holds and the other lacks takes an edit of its own.
    fn within(self, other: Signature, max: u8) -> bool {
        (self.0 & !other.0).count_ones() <= u32::from(max)
            && (other.0 & !self.0).count_ones() <= u32::from(max)
    }
}

/// The edits between `key` and the automaton's query if it accepts `key`, as a walk of the
/// map would.
fn edits(automaton: &Levenshtein<'_>, key: &[u8]) -> Option<u8> {
    let mut state = automaton.start();
    for &b in key {
        state = automaton.accept(&state, b);
        if !automaton.can_match(&state) {
            return None;
        }
    }
    automaton.edits(&state)
}

/// Where each segment of a key of `len` bytes starts, and its length.
fn segments_of(len: usize) -> [(usize, usize); SEGMENTS] {
    let (base, longer) = (len / SEGMENTS, len % SEGMENTS);
    let mut out = [(0, 0); SEGMENTS];
    let mut at = 0;
    for (i, slot) in out.iter_mut().enumerate() {
        let seg_len = base + usize::from(i >= SEGMENTS - longer);
        *slot = (at, seg_len);
        at += seg_len;
    }
    out
}

/// FNV-1a over the key length, segment number and bytes, then mixed (MurmurHash3's
/// finaliser) so that both halves of the hash are usable.
fn segment_hash(len: usize, segment: usize, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ ((len as u64) << 8 | segment as u64);
    h = h.wrapping_mul(PRIME);
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::{segments_of, NearIndex};
    use crate::gazetteer::fuzzy;

    #[test]
    fn segments_cover_the_key() {
        for len in 3..40 {
            let segs = segments_of(len);
            assert_eq!(segs[0].0, 0);
            assert_eq!(segs[2].0 + segs[2].1, len);
            assert!(segs.iter().all(|s| s.1 >= len / 3 && s.1 <= len / 3 + 1));
            assert_eq!(segs[1].0, segs[0].1);
        }
    }

    /// Words made of few letters, so that many lie within two edits of one another.
    fn words() -> Vec<String> {
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let letters = ["a", "b", "k", "s", "é", "ш", " "];
        let mut words: Vec<String> = (0..4000)
            .map(|_| {
                let len = (next() % 11) as usize;
                (0..len)
                    .map(|_| letters[(next() % letters.len() as u64) as usize])
                    .collect()
            })
            .collect();
        words.extend(["samarkand", "samarqand", "tashkent", "kazakhstan"].map(String::from));
        words.retain(|w| !w.is_empty());
        words.sort_unstable();
        words.dedup();
        words
    }

    #[test]
    fn finds_what_the_map_walk_finds() {
        let keys = words();
        let (low, high): (Vec<_>, Vec<_>) = keys.iter().partition(|k| k.as_str() < "k");
        // Two maps over disjoint key ranges, and a code key the search must skip.
        let maps = [
            fst::Map::from_iter(
                std::iter::once(("\u{1}sa".to_string(), 7)).chain(
                    low.iter()
                        .enumerate()
                        .map(|(i, k)| (k.to_string(), i as u64)),
                ),
            )
            .expect("sorted keys"),
            fst::Map::from_iter(
                high.iter()
                    .enumerate()
                    .map(|(i, k)| (k.to_string(), 1000 + i as u64)),
            )
            .expect("sorted keys"),
        ];
        let index = NearIndex::build(&maps);
        let mut queries: Vec<String> = keys.iter().step_by(7).cloned().collect();
        queries.extend(
            [
                "samarknd",
                "xamarkand",
                "tashkend",
                "kazakstan",
                "sa",
                "s",
                "ш",
            ]
            .map(String::from),
        );
        queries.push("s".repeat(60));
        for query in queries.iter().filter(|q| !q.is_empty()) {
            for max in 0..=2 {
                for limit in [3, 200] {
                    assert_eq!(
                        index.near(query, max, limit),
                        fuzzy::near(&maps, query, max, limit),
                        "{query:?} within {max}, at most {limit}"
                    );
                }
            }
            for limit in [3, 200] {
                assert_eq!(
                    index.near_one_and_two(query, limit),
                    (
                        fuzzy::near(&maps, query, 1, limit),
                        fuzzy::near(&maps, query, 2, limit)
                    ),
                    "{query:?} within one and two, at most {limit}"
                );
            }
        }
    }
}

//! Misspelt names: every name key within a few edits of the query.
//!
//! A Levenshtein automaton over bytes, driven through the name map so that only the branches
//! that can still match are visited (the approach of the `fst` crate's own automata, with the
//! dynamic-programming row as state so that building it costs nothing).

use fst::{Automaton, IntoStreamer, Streamer};

/// Longest query, in bytes, searched for misspellings.
pub const MAX_FUZZY_LEN: usize = 48;

/// Matches keys within `max` byte edits (insertions, deletions, substitutions) of `query`.
#[derive(Debug, Clone)]
pub struct Levenshtein<'q> {
    query: &'q [u8],
    max: u8,
}

/// One row of the edit-distance table: the distance from each query prefix to the key so far.
#[derive(Debug, Clone)]
pub struct Row {
    cells: [u8; MAX_FUZZY_LEN + 1],
}

impl<'q> Levenshtein<'q> {
    /// An automaton for `query` (at most [`MAX_FUZZY_LEN`] bytes are used).
    pub fn new(query: &'q str, max: u8) -> Levenshtein<'q> {
        let bytes = query.as_bytes();
        Levenshtein {
            query: &bytes[..bytes.len().min(MAX_FUZZY_LEN)],
            max,
        }
    }
}

impl Levenshtein<'_> {
    /// The edits from the query to the key read so far, if they are within reach.
    pub fn edits(&self, state: &Option<Row>) -> Option<u8> {
        let d = state.as_ref()?.cells[self.query.len()];
        (d <= self.max).then_some(d)
    }
}

impl Automaton for Levenshtein<'_> {
    type State = Option<Row>;

    fn start(&self) -> Option<Row> {
        let mut cells = [u8::MAX; MAX_FUZZY_LEN + 1];
        for (i, c) in cells.iter_mut().enumerate().take(self.query.len() + 1) {
            *c = i.min(usize::from(u8::MAX)) as u8;
        }
        Some(Row { cells })
    }

    fn is_match(&self, state: &Option<Row>) -> bool {
        state
            .as_ref()
            .is_some_and(|r| r.cells[self.query.len()] <= self.max)
    }

    fn can_match(&self, state: &Option<Row>) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Option<Row>, byte: u8) -> Option<Row> {
        let prev = state.as_ref()?;
        let n = self.query.len();
        let mut cells = [u8::MAX; MAX_FUZZY_LEN + 1];
        cells[0] = prev.cells[0].saturating_add(1);
        let mut best = cells[0];
        // Only cells within `max` of the diagonal can stay within `max` edits; the others
        // are left at u8::MAX, which is as good as any value above `max`. (Cell 0 is the
        // depth, the number of key bytes read.)
        let depth = usize::from(cells[0]);
        let max = usize::from(self.max);
        for i in depth.saturating_sub(max).max(1)..=(depth + max).min(n) {
            let substitute = prev.cells[i - 1].saturating_add(u8::from(self.query[i - 1] != byte));
            let delete = cells[i - 1].saturating_add(1);
            let insert = prev.cells[i].saturating_add(1);
            cells[i] = substitute.min(delete).min(insert);
            best = best.min(cells[i]);
        }
        (best <= self.max).then_some(Row { cells })
    }
}

/// A key near the query, with its edit distance and map value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    /// The normalised name key.
    pub key: String,
    /// Byte edits from the query.
    pub distance: u8,
    /// The value stored for the key in the name map.
    pub value: u64,
}

/// Every key of `maps` (maps over disjoint key ranges, in key order) within `max` edits of
/// `query`, at most `limit` of them.
///
/// Keys that share the query's first byte are searched first, and the others only when
/// none does: misspellings seldom change the first letter, and that search visits a small
/// part of the map.
pub fn near<D: AsRef<[u8]>>(maps: &[fst::Map<D>], query: &str, max: u8, limit: usize) -> Vec<Near> {
    let automaton = Levenshtein::new(query, max);
    let mut found = Vec::new();
    if let Some(&first) = query.as_bytes().first() {
        for map in maps {
            // A UTF-8 string never holds 0xff, so `first + 1` cannot overflow.
            let stream = map
                .search(&automaton)
                .ge([first])
                .lt([first + 1])
                .into_stream();
            collect(stream, query, limit, &mut found);
        }
        if !found.is_empty() {
            return found;
        }
    }
    for map in maps {
        collect(
            map.search(&automaton).into_stream(),
            query,
            limit,
            &mut found,
        );
    }
    found
}

fn collect<S>(mut stream: S, query: &str, limit: usize, found: &mut Vec<Near>)
where
    S: for<'a> Streamer<'a, Item = (&'a [u8], u64)>,
{
    while found.len() < limit {
        let Some((key, value)) = stream.next() else {
            break;
        };
        // Code keys start with a control byte and are never names.
        if key.first().is_some_and(|b| *b < 0x20) {
            continue;
        }
        let Ok(key) = std::str::from_utf8(key) else {
            continue;
        };
        found.push(Near {
            key: key.to_string(),
            distance: distance(query.as_bytes(), key.as_bytes()),
            value,
        });
    }
}

/// Plain byte edit distance, for ranking what the automaton found.
pub(crate) fn distance(a: &[u8], b: &[u8]) -> u8 {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()].min(usize::from(u8::MAX)) as u8
}

#[cfg(test)]
mod tests {
    use super::{distance, near};

    #[test]
    fn finds_keys_within_distance() {
        let map = fst::Map::from_iter([("kazakhstan", 1), ("samarkand", 2), ("tashkent", 3)])
            .expect("sorted keys");
        let keys = |q: &str, k: u8| -> Vec<String> {
            near(std::slice::from_ref(&map), q, k, 10)
                .into_iter()
                .map(|n| n.key)
                .collect()
        };
        assert_eq!(keys("samarknd", 1), ["samarkand"]);
        assert_eq!(keys("kazakstan", 1), ["kazakhstan"]);
        assert_eq!(keys("tashkend", 1), ["tashkent"]);
        assert!(keys("tashkxyz", 1).is_empty());
        assert_eq!(keys("tashkxyz", 3), ["tashkent"]);
    }

    #[test]
    fn keys_with_the_same_first_letter_come_first() {
        let map = fst::Map::from_iter([("samarkand", 1), ("xamarkand", 2)]).expect("sorted keys");
        let keys = |q: &str| -> Vec<String> {
            near(std::slice::from_ref(&map), q, 1, 10)
                .into_iter()
                .map(|n| n.key)
                .collect()
        };
        assert_eq!(keys("samarkan"), ["samarkand"]);
        assert_eq!(keys("xamarkan"), ["xamarkand"]);
        assert_eq!(keys("zamarkand"), ["samarkand", "xamarkand"]);
    }

    #[test]
    fn the_automaton_finds_exactly_the_keys_within_reach() {
        use super::Levenshtein;
        use fst::IntoStreamer;
        let mut keys = vec![
            "a",
            "ab",
            "abc",
            "almaty",
            "astana",
            "bca",
            "kazakhstan",
            "kazakstan",
            "samara",
            "samarkand",
            "samarqand",
            "tashkend",
            "tashkent",
        ];
        keys.sort_unstable();
        let map = fst::Map::from_iter(keys.iter().map(|k| (*k, 0))).expect("sorted keys");
        for query in [
            "samarknd",
            "tashkent",
            "kazakstan",
            "astna",
            "b",
            "abca",
            "almaaty",
        ] {
            for max in 0..=3 {
                let found = map
                    .search(Levenshtein::new(query, max))
                    .into_stream()
                    .into_str_keys()
                    .expect("utf-8 keys");
                let expected: Vec<String> = keys
                    .iter()
                    .filter(|k| distance(query.as_bytes(), k.as_bytes()) <= max)
                    .map(|k| k.to_string())
                    .collect();
                assert_eq!(found, expected, "{query} within {max}");
            }
        }
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance(b"samarknd", b"samarkand"), 1);
        assert_eq!(distance(b"", b"abc"), 3);
        assert_eq!(distance(b"abc", b"abc"), 0);
    }
}

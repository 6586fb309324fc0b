//! Gazetteer speed: opening, exact and alias lookups, fuzzy lookups, batch resolution and
//! loading a GeoNames dump. Run with `cargo bench -p placemap-benches --bench gazetteer`.
//!
//! Targets (docs/performance.md): open ≤ 5 ms, exact or alias lookup ≤ 2 µs, fuzzy lookup
//! ≤ 300 µs, batch ≥ 300,000 names/s, loading cities500.txt (about 200,000 rows) ≤ 2 s.
//!
//! The load benchmark needs the raw GeoNames `cities500.txt`, which is not in the repository:
//! point `PLACEMAP_CITIES500` at it (`python3 gazetteer/derive.py` fetches it into
//! `gazetteer/.cache/`). Without it that benchmark is skipped with a note.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use placemap::gazetteer::{Gazetteer, GeoNamesFiles};

/// Names a news desk looks up: capitals, cities, countries, regions, aliases, other scripts,
/// qualified names and demonyms, all spelt right; misspellings are timed on their own.
const MIXED: &[&str] = &[
    "Samarkand",
    "Beijing",
    "Moscow",
    "Kyiv",
    "Astana",
    "Tashkent",
    "Paris",
    "London",
    "Washington",
    "Tokyo",
    "Berlin",
    "Kazakhstan",
    "Uzbekistan",
    "China",
    "Russia",
    "Ukraine",
    "Peking",
    "Kiev",
    "Самарканд",
    "Bishkek",
    "Dushanbe",
    "Ashgabat",
    "Tehran",
    "Istanbul",
    "New Delhi",
    "Islamabad",
    "Kabul",
    "Minsk",
    "Warsaw",
    "Vilnius",
    "Riga",
    "Tallinn",
    "Texas",
    "Bavaria",
    "Central Asia",
    "Europe",
    "Russian",
    "Paris, Texas",
    "Moscow, Idaho",
    "Kraków",
    "Nur-Sultan",
    "Bukhara",
    "Khiva",
    "Almaty",
    "Georgia",
    "São Paulo",
    "México",
    "東京",
];

/// How many names one batch iteration resolves.
const BATCH_LEN: usize = 5000;

fn short(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
}

fn lookups(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("opens");
    let mut group = c.benchmark_group("gazetteer");
    short(&mut group);
    group.bench_function("open", |b| b.iter(|| Gazetteer::embedded().expect("opens")));
    for name in ["Samarkand", "Paris"] {
        group.bench_function(format!("exact/{name}"), |b| {
            b.iter(|| g.resolve(black_box(name)).expect("resolves"))
        });
    }
    for name in ["Peking", "Kiev", "Самарканд"] {
        group.bench_function(format!("alias/{name}"), |b| {
            b.iter(|| g.resolve(black_box(name)).expect("resolves"))
        });
    }
    group.bench_function("qualified/Paris, Texas", |b| {
        b.iter(|| g.resolve(black_box("Paris, Texas")).expect("resolves"))
    });
    for name in ["Samarknd", "Tashkenr", "Kazakhstn"] {
        group.bench_function(format!("fuzzy/{name}"), |b| {
            b.iter(|| g.resolve(black_box(name)).expect("resolves"))
        });
    }
    group.finish();

    let names: Vec<&str> = MIXED.iter().copied().cycle().take(BATCH_LEN).collect();
    let unresolved: Vec<&str> = MIXED
        .iter()
        .copied()
        .filter(|n| g.resolve(n).is_err())
        .collect();
    if !unresolved.is_empty() {
        eprintln!("note: batch names that do not resolve (timed as errors): {unresolved:?}");
    }
    let mut group = c.benchmark_group("gazetteer");
    short(&mut group);
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function(format!("batch/{BATCH_LEN}"), |b| {
        b.iter(|| {
            for name in &names {
                let _ = black_box(g.resolve(black_box(name)).map(|r| r.to_record()));
            }
        })
    });
    group.finish();
}

/// The raw GeoNames cities500.txt, from `PLACEMAP_CITIES500`.
fn cities500() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os("PLACEMAP_CITIES500")?);
    if !path.is_file() {
        eprintln!("PLACEMAP_CITIES500={} is not a file", path.display());
        return None;
    }
    Some(path)
}

fn load_dump(c: &mut Criterion) {
    let Some(places) = cities500() else {
        eprintln!(
            "skipping gazetteer/load/cities500: set PLACEMAP_CITIES500 to GeoNames' cities500.txt \
             (`python3 gazetteer/derive.py` fetches it into gazetteer/.cache/)"
        );
        return;
    };
    let files = GeoNamesFiles {
        places,
        alternate_names: None,
    };
    let mut group = c.benchmark_group("gazetteer");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(15));
    group.bench_function("load/cities500", |b| {
        b.iter(|| {
            let mut g = Gazetteer::empty();
            g.add_geonames(&files).expect("loads")
        })
    });
    group.finish();
}

criterion_group!(benches, lookups, load_dump);
criterion_main!(benches);

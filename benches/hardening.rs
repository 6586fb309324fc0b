//! The costs issue 19 bounded: a list of news place names with about 3% unknown, and a map
//! of 100,000 markers. Run with `cargo bench -p placemap-benches --bench hardening`.
//!
//! Targets (docs/performance.md, "Hardening"): ≥ 300,000 names/s on the news list
//! (`benches/fixtures/news-names.txt`) on one thread; 100,000 markers rendered, and a
//! GeoNames row with 100,000 alternate names loaded, in time linear in their number.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use placemap::gazetteer::{Gazetteer, GeoNamesFiles};
use placemap::render::{Map, RenderOptions};
use placemap::scene::{self, ResolveSceneOptions, Scene};

/// The news list: 3,000 place names as a news feed names them (a few hundred places, the
/// big ones again and again), of which 90 (3%) are names the gazetteer does not hold.
fn news_names() -> Vec<String> {
    let path = placemap_benches::repo_root().join("benches/fixtures/news-names.txt");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(str::to_string)
        .collect()
}

fn resolve_news(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let names = news_names();
    let mut group = c.benchmark_group("hardening");
    group.throughput(Throughput::Elements(names.len() as u64));
    // Every name resolved afresh, with no memo: the misses cost what they cost.
    group.bench_function("resolve news names, 3% unknown", |b| {
        b.iter(|| {
            for n in &names {
                let _ = black_box(g.resolve(n));
            }
        })
    });
    // The same list without its misses, for comparison.
    let known: Vec<&String> = names.iter().filter(|n| g.resolve(n).is_ok()).collect();
    group.throughput(Throughput::Elements(known.len() as u64));
    group.bench_function("resolve news names, known only", |b| {
        b.iter(|| {
            for n in &known {
                let _ = black_box(g.resolve(n));
            }
        })
    });
    group.throughput(Throughput::Elements(1));
    let unknown: Vec<&String> = names.iter().filter(|n| g.resolve(n).is_err()).collect();
    assert!(
        unknown.len() * 100 >= names.len() * 2,
        "the news list should have about 3% unknown names"
    );
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
        group.bench_function(format!("render {n} markers to SVG"), |b| {
            b.iter(|| black_box(Map::build(&resolved, &RenderOptions::default()).is_ok()))
        });
    }
    group.finish();
}

/// One GeoNames row with 100,000 alternate names, loaded on its own: the loader checked each
/// name against all the row's earlier ones.
fn geonames_row(c: &mut Criterion) {
    let dir =
        std::env::temp_dir().join(format!("placemap-bench-alternates-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let alternates: Vec<String> = (0..100_000).map(|i| format!("Altname{i}")).collect();
    let files = GeoNamesFiles {
        places: dir.join("dump.txt"),
        alternate_names: None,
    };
    // The 19 columns of a GeoNames row: id, names, alternate names, position, codes…
    let row = format!(
        "9999991\tTestville\tTestville\t{}\t41.0\t69.0\tP\tPPL\tUZ\t\t01\t\t\t\t1000\t\t\tAsia/Tashkent\t2020-01-01\n",
        alternates.join(",")
    );
    std::fs::write(&files.places, row).expect("write the dump");
    let mut group = c.benchmark_group("hardening");
    group.sample_size(10);
    group.bench_function("load a GeoNames row with 100000 alternate names", |b| {
        b.iter(|| {
            let mut g = Gazetteer::empty();
            black_box(g.add_geonames(&files).expect("the row loads"))
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = resolve_news, markers, geonames_row
}
criterion_main!(benches);

//! GeoJSON speed. Run with `cargo bench -p placemap-benches --bench export`.
//!
//! Targets (docs/performance.md): export of `examples/sco-samarkand.json` ≤ 30 ms for the
//! whole process (here: open the gazetteer, read and resolve the scene, export, serialise);
//! a 10 MB GeoJSON layer read and rendered to PNG ≤ 1.5 s.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use placemap::basemap::Detail;
use placemap::export::{self, ExportOptions};
use placemap::gazetteer::Gazetteer;
use placemap::render::{Format, Map, PngOptions, RenderOptions};
use placemap_benches::{repo_root, resolve_text};

/// About 10 MB of GeoJSON over Central Asia: 3,600 polygons of 60 vertices and 3,600 lines
/// of 60 vertices, each with simplestyle properties, from a fixed formula (no randomness).
fn big_geojson() -> String {
    let mut features = Vec::new();
    for i in 0..60 {
        for j in 0..60 {
            let (cx, cy) = (55.0 + f64::from(i) * 0.4, 35.0 + f64::from(j) * 0.27);
            let ring: Vec<String> = (0..=60)
                .map(|k| {
                    let a = f64::from(k % 60) / 60.0 * std::f64::consts::TAU;
                    let r = 0.1 + 0.02 * (5.0 * a).sin();
                    format!("[{:.6},{:.6}]", cx + r * a.cos(), cy + r * 0.7 * a.sin())
                })
                .collect();
            features.push(format!(
                r##"{{"type":"Feature","properties":{{"name":"cell {i}-{j}","fill":"#d35400","fill-opacity":0.2}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}"##,
                ring.join(",")
            ));
            let line: Vec<String> = (0..60)
                .map(|k| {
                    let t = f64::from(k) / 59.0;
                    format!(
                        "[{:.6},{:.6}]",
                        cx - 0.2 + 0.4 * t,
                        cy + 0.07 * (t * 9.0 + f64::from(i)).sin()
                    )
                })
                .collect();
            features.push(format!(
                r##"{{"type":"Feature","properties":{{"name":"line {i}-{j}","stroke":"#1f4e79","stroke-width":0.5}},"geometry":{{"type":"LineString","coordinates":[{}]}}}}"##,
                line.join(",")
            ));
        }
    }
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[\n{}\n]}}\n",
        features.join(",\n")
    )
}

fn geojson(c: &mut Criterion) {
    let sco_path = repo_root().join("examples/sco-samarkand.json");
    let big = big_geojson();
    let dir = repo_root().join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench data dir");
    let big_path = dir.join("layer-10mb.geojson");
    std::fs::write(&big_path, &big).expect("write the 10 MB layer");
    eprintln!("layer-10mb.geojson: {:.1} MB", big.len() as f64 / 1e6);

    let mut group = c.benchmark_group("geojson");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("export sco-samarkand (open, resolve, export, write)", |b| {
        b.iter(|| {
            let g = Gazetteer::embedded().expect("embedded gazetteer");
            let text = std::fs::read_to_string(&sco_path).expect("scene");
            let scene = resolve_text(&g, &text);
            let fc = export::export(black_box(&scene), &ExportOptions::default()).expect("export");
            export::to_string(&fc)
        })
    });
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let layer_scene = serde_json::json!({ "layers": [{ "geojson": big_path }] }).to_string();
    group.bench_function("import 10 MB layer and render PNG", |b| {
        b.iter(|| {
            let scene = resolve_text(&g, black_box(&layer_scene));
            let map = Map::build(&scene, &RenderOptions::default()).expect("renders");
            map.encode(Format::Png, &PngOptions::default())
                .expect("encodes")
        })
    });
    let scene = resolve_text(&g, &layer_scene);
    group.bench_function("export 10 MB layer", |b| {
        b.iter(|| {
            let options = ExportOptions {
                detail: Detail::D110m,
                theme: None,
            };
            export::to_string(&export::export(black_box(&scene), &options).expect("export"))
        })
    });
    group.finish();
}

criterion_group!(benches, geojson);
criterion_main!(benches);

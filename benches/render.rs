//! Rendering speed. Run with `cargo bench -p placemap-benches --bench render`.
//!
//! Targets (docs/performance.md): `examples/sco-samarkand.json` to SVG ≤ 30 ms and to PNG
//! ≤ 100 ms (1600 × 1000); a world map with 50 markers and 10 routes to PNG ≤ 250 ms.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use placemap::gazetteer::Gazetteer;
use placemap::render::{Format, Map, PngOptions, RenderOptions};
use placemap_benches::{resolve_text, resolved_scene};

/// Capitals and large cities on every continent, for the world scene.
const WORLD_CITIES: [&str; 50] = [
    "Tokyo",
    "Delhi",
    "Shanghai",
    "São Paulo",
    "Mexico City",
    "Cairo",
    "Mumbai",
    "Beijing",
    "Dhaka",
    "Osaka",
    "New York",
    "Karachi",
    "Buenos Aires",
    "Istanbul",
    "Kolkata",
    "Manila",
    "Lagos",
    "Rio de Janeiro",
    "Tianjin",
    "Kinshasa",
    "Guangzhou",
    "Los Angeles",
    "Moscow",
    "Shenzhen",
    "Lahore",
    "Bangalore",
    "Paris",
    "Bogotá",
    "Jakarta",
    "Chennai",
    "Lima",
    "Bangkok",
    "Seoul",
    "Nagoya",
    "Hyderabad",
    "London",
    "Tehran",
    "Chicago",
    "Chengdu",
    "Nanjing",
    "Ho Chi Minh City",
    "Luanda",
    "Kuala Lumpur",
    "Hong Kong",
    "Riyadh",
    "Baghdad",
    "Santiago",
    "Madrid",
    "Toronto",
    "Sydney",
];

/// A world scene: every city above as a marker and ten routes of five stops each.
fn world_scene() -> String {
    let markers: Vec<String> = WORLD_CITIES
        .iter()
        .map(|c| format!(r#"{{ "place": "{c}" }}"#))
        .collect();
    let colors = ["#c0392b", "#1f4e79", "#27ae60", "#8e44ad", "#d35400"];
    let routes: Vec<String> = (0..10)
        .map(|r| {
            let stops: Vec<String> = (0..5)
                .map(|s| format!(r#""{}""#, WORLD_CITIES[(r * 7 + s * 11) % 50]))
                .collect();
            format!(
                r#"{{ "name": "Route {r}", "stops": [{}], "color": "{}" }}"#,
                stops.join(", "),
                colors[r % colors.len()]
            )
        })
        .collect();
    format!(
        r#"{{ "title": "Fifty cities, ten routes", "size": {{ "width": 1600, "height": 1000 }},
             "markers": [{}], "routes": [{}] }}"#,
        markers.join(", "),
        routes.join(", ")
    )
}

fn render(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let sco = resolved_scene(&g, "examples/sco-samarkand.json");
    let world = resolve_text(&g, &world_scene());
    let options = RenderOptions::default();
    let png = PngOptions::default();

    let mut group = c.benchmark_group("render");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    group.bench_function("sco-samarkand/svg", |b| {
        b.iter(|| Map::build(black_box(&sco), &options).expect("renders"))
    });
    group.bench_function("sco-samarkand/png", |b| {
        b.iter(|| {
            let map = Map::build(black_box(&sco), &options).expect("renders");
            map.encode(Format::Png, &png).expect("encodes")
        })
    });
    group.bench_function("sco-samarkand/pdf", |b| {
        b.iter(|| {
            let map = Map::build(black_box(&sco), &options).expect("renders");
            map.encode(Format::Pdf, &png).expect("encodes")
        })
    });
    group.bench_function("world-50-markers-10-routes/png", |b| {
        b.iter(|| {
            let map = Map::build(black_box(&world), &options).expect("renders");
            map.encode(Format::Png, &png).expect("encodes")
        })
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);

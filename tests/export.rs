//! GeoJSON export: RFC 7946 rules checked in code, and every export read back by GDAL's
//! `ogrinfo` (Debian package gdal-bin; `.ci/run` installs it when absent).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use geojson::{FeatureCollection, GeoJson, GeometryValue};
use placemap::basemap::Detail;
use placemap::export::{self, check_rfc7946, string_property, ExportOptions};
use placemap::gazetteer::Gazetteer;
use placemap::scene::{self, ResolveSceneOptions, Scene};

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn export_json(scene_json: &str, detail: Detail) -> String {
    let scene = Scene::from_json(scene_json).expect("scene");
    let (resolved, _) = scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default())
        .expect("resolved scene");
    let fc = export::export(
        &resolved,
        &ExportOptions {
            detail,
            theme: None,
        },
    )
    .expect("export");
    export::to_string(&fc)
}

fn export_file(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("scene file");
    export_json(&text, Detail::D50m)
}

/// Parses an export back, as any GeoJSON reader would.
fn parse(text: &str) -> FeatureCollection {
    match text.parse::<GeoJson>().expect("valid GeoJSON") {
        GeoJson::FeatureCollection(fc) => fc,
        other => panic!("not a FeatureCollection: {other:?}"),
    }
}

fn layer_counts(fc: &FeatureCollection) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for f in &fc.features {
        let layer = string_property(f, "layer").expect("layer property");
        *counts.entry(layer.to_string()).or_default() += 1;
    }
    counts
}

fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    out.sort();
    assert!(out.len() >= 5, "expected the example scenes, found {out:?}");
    out
}

#[test]
fn every_example_exports_valid_rfc7946() {
    for path in examples() {
        let fc = parse(&export_file(&path));
        let problems = check_rfc7946(&fc);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
        assert!(!fc.features.is_empty(), "{}", path.display());
    }
}

#[test]
fn the_sco_scene_exports_every_feature_with_its_properties() {
    let text = export_file(&root().join("examples/sco-samarkand.json"));
    let fc = parse(&text);
    let counts = layer_counts(&fc);
    let expected: BTreeMap<String, usize> = [
        ("highlight", 2),
        ("route", 2),
        ("leg", 3),
        ("stop", 5),
        ("marker", 5),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    assert_eq!(counts, expected);

    let samarkand = fc
        .features
        .iter()
        .find(|f| {
            string_property(f, "layer") == Some("marker")
                && string_property(f, "name") == Some("Samarkand")
        })
        .expect("Samarkand marker");
    assert_eq!(string_property(samarkand, "country_code"), Some("UZ"));
    assert_eq!(string_property(samarkand, "match"), Some("exact"));
    assert_eq!(string_property(samarkand, "marker-symbol"), Some("star"));
    assert_eq!(string_property(samarkand, "marker-size"), Some("large"));
    assert_eq!(
        string_property(samarkand, "note"),
        Some("SCO summit, 15–16 Sept 2022")
    );
    assert_eq!(
        samarkand.property("geonames_id").and_then(|v| v.as_u64()),
        Some(1216265)
    );
    match &samarkand.geometry.as_ref().expect("geometry").value {
        GeometryValue::Point { coordinates } => {
            let c = coordinates.as_slice();
            assert!(
                (c[0] - 66.96).abs() < 0.05 && (c[1] - 39.65).abs() < 0.05,
                "{c:?}"
            );
        }
        other => panic!("marker is a {}", other.type_name()),
    }

    let xi = fc
        .features
        .iter()
        .find(|f| {
            string_property(f, "layer") == Some("route")
                && string_property(f, "name") == Some("Xi Jinping")
        })
        .expect("Xi's route");
    assert_eq!(string_property(xi, "stroke"), Some("#c0392b"));
    assert_eq!(
        string_property(xi, "description"),
        Some("Beijing → Astana → Samarkand")
    );
    let legs: Vec<_> = fc
        .features
        .iter()
        .filter(|f| {
            string_property(f, "layer") == Some("leg")
                && string_property(f, "name") == Some("Xi Jinping")
        })
        .collect();
    assert_eq!(legs.len(), 2);
    assert_eq!(string_property(legs[1], "from"), Some("Astana"));
    assert_eq!(string_property(legs[1], "to_date"), Some("2022-09-15"));
    assert_eq!(legs[1].property("leg").and_then(|v| v.as_u64()), Some(2));

    let uzbekistan = &fc.features[0];
    assert_eq!(string_property(uzbekistan, "name"), Some("Uzbekistan"));
    assert_eq!(string_property(uzbekistan, "fill"), Some("#f4c96b"));
    assert_eq!(string_property(uzbekistan, "legend"), Some("Host country"));

    assert!(
        fc.foreign_members
            .as_ref()
            .and_then(|m| m.get("attribution"))
            .and_then(|v| v.as_str())
            .is_some_and(|a| a.contains("GeoNames") && a.contains("Natural Earth")),
        "attribution"
    );
}

#[test]
fn a_pacific_route_is_cut_at_the_antimeridian() {
    let fc = parse(&export_file(&root().join("examples/pacific-trip.json")));
    let route = fc
        .features
        .iter()
        .find(|f| string_property(f, "layer") == Some("route"))
        .expect("route");
    let GeometryValue::MultiLineString { coordinates } = &route.geometry.as_ref().unwrap().value
    else {
        panic!("a Pacific round trip must be a MultiLineString");
    };
    // Washington → Tokyo crosses once, Honolulu → Washington does not, Tokyo → Canberra
    // does not, Canberra → Honolulu crosses again: three pieces.
    assert_eq!(coordinates.len(), 3, "{} pieces", coordinates.len());
    for piece in coordinates {
        let ends = [piece.first().unwrap(), piece.last().unwrap()];
        assert!(
            ends.iter().any(|p| p.as_slice()[0].abs() == 180.0) || coordinates.len() == 1,
            "each piece meets the antimeridian at an end"
        );
    }
    // Each piece's cut ends pair up on both sides at the same latitude.
    let first_end = coordinates[0].last().unwrap().as_slice();
    let second_start = coordinates[1].first().unwrap().as_slice();
    assert_eq!(first_end[0], -second_start[0]);
    assert_eq!(first_end[1], second_start[1]);
}

#[test]
fn polygons_across_the_antimeridian_stay_valid_at_every_detail() {
    for detail in [Detail::D110m, Detail::D50m, Detail::D10m] {
        let text = export_json(
            r#"{"highlight": [{"place": "Russia"}, {"place": "Fiji"}, {"place": "Texas"}]}"#,
            detail,
        );
        let fc = parse(&text);
        let problems = check_rfc7946(&fc);
        assert!(problems.is_empty(), "{detail}: {problems:#?}");
        for f in &fc.features {
            let t = f.geometry.as_ref().unwrap().value.type_name();
            assert!(t == "Polygon" || t == "MultiPolygon", "{detail}: {t}");
        }
    }
}

#[test]
fn coordinates_have_six_decimals_at_most() {
    let text = export_file(&root().join("examples/sco-samarkand.json"));
    let fc = parse(&text);
    let mut seen = 0;
    let mut check = |c: &[f64]| {
        for v in c {
            let scaled = v * 1e6;
            assert!((scaled - scaled.round()).abs() < 1e-6, "{v}");
            seen += 1;
        }
    };
    for f in &fc.features {
        match &f.geometry.as_ref().unwrap().value {
            GeometryValue::Point { coordinates } => check(coordinates.as_slice()),
            GeometryValue::LineString { coordinates } => {
                coordinates.iter().for_each(|p| check(p.as_slice()))
            }
            GeometryValue::MultiPolygon { coordinates } => coordinates
                .iter()
                .flatten()
                .flatten()
                .for_each(|p| check(p.as_slice())),
            GeometryValue::Polygon { coordinates } => coordinates
                .iter()
                .flatten()
                .for_each(|p| check(p.as_slice())),
            _ => {}
        }
    }
    assert!(seen > 1000, "only {seen} numbers checked");
}

#[test]
fn the_same_scene_exports_the_same_bytes() {
    let path = root().join("examples/european-capitals.json");
    assert_eq!(export_file(&path), export_file(&path));
}

#[test]
fn the_checker_catches_what_a_writer_can_get_wrong() {
    let bad = r#"{"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[170, 0], [-170, 0]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [200, 0]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[1, 1], [1, 1], [2, 2]]}}
    ]}"#;
    let problems = check_rfc7946(&parse(bad));
    for (i, what) in [
        (0, "antimeridian"),
        (1, "winds the wrong way"),
        (2, "out of range"),
        (3, "repeated"),
    ] {
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(&format!("features[{i}]")) && p.contains(what)),
            "feature {i} should be reported for {what}: {problems:#?}"
        );
    }
}

/// Runs `ogrinfo` on a file and returns its output; fails with advice when GDAL is missing.
fn ogrinfo(args: &[&str], path: &Path) -> String {
    let out = Command::new("ogrinfo")
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run ogrinfo ({e}): install GDAL (apt-get install gdal-bin) or run .ci/run"
            )
        });
    assert!(
        out.status.success(),
        "ogrinfo {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn gdal_reads_every_export_back() {
    let dir = root().join("target/export-tests");
    std::fs::create_dir_all(&dir).expect("output dir");
    for path in examples() {
        let text = export_file(&path);
        let fc = parse(&text);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let file = dir.join(format!("{name}.geojson"));
        std::fs::write(&file, &text).expect("write export");

        let summary = ogrinfo(&["-ro", "-so", "-al"], &file);
        assert!(
            summary.contains(&format!("Feature Count: {}", fc.features.len())),
            "{name}: {summary}"
        );
        for field in ["layer", "name", "marker-color", "stroke"] {
            let with_field = fc.features.iter().any(|f| f.contains_property(field));
            if with_field {
                assert!(
                    summary.contains(&format!("{field}: String")),
                    "{name}: field {field} missing in {summary}"
                );
            }
        }

        // Geometry types feature by feature, as GDAL sees them.
        let full = ogrinfo(&["-ro", "-al", "-geom=SUMMARY"], &file);
        // A feature's geometry is indented by two spaces ("  MULTIPOLYGON : 2 geometries:");
        // the parts of a multi-geometry follow unindented.
        let mut gdal_types: Vec<String> = full
            .lines()
            .filter_map(|l| {
                let l = l.strip_prefix("  ")?.trim_end();
                [
                    "POINT",
                    "LINESTRING",
                    "MULTILINESTRING",
                    "POLYGON",
                    "MULTIPOLYGON",
                ]
                .into_iter()
                .find(|t| l == *t || l.starts_with(&format!("{t} :")))
                .map(str::to_string)
            })
            .collect();
        let mut ours: Vec<String> = fc
            .features
            .iter()
            .map(|f| {
                f.geometry
                    .as_ref()
                    .unwrap()
                    .value
                    .type_name()
                    .to_ascii_uppercase()
            })
            .collect();
        gdal_types.sort();
        ours.sort();
        assert_eq!(gdal_types, ours, "{name}");
    }
}

#[test]
fn export_then_import_gives_the_same_features() {
    let dir = root().join("target/export-tests");
    std::fs::create_dir_all(&dir).expect("output dir");
    for path in examples() {
        let first = parse(&export_file(&path));
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let file = dir.join(format!("{name}-roundtrip.geojson"));
        std::fs::write(&file, export::to_string(&first)).expect("write export");
        let scene = serde_json::json!({ "layers": [{ "geojson": file }] }).to_string();
        let second = parse(&export_json(&scene, Detail::D50m));
        assert_eq!(first.features.len(), second.features.len(), "{name}");
        for (a, b) in first.features.iter().zip(&second.features) {
            assert_eq!(a.geometry, b.geometry, "{name}");
            assert_eq!(a.properties, b.properties, "{name}");
        }
    }
}

/// The fill of each `highlight-…` path in a rendered SVG, in document order.
fn svg_highlight_fills(svg: &str) -> Vec<String> {
    svg.split("<path id=\"highlight-")
        .skip(1)
        .map(|el| {
            let fill = el.split(" fill=\"").nth(1).expect("fill attribute");
            fill[..fill.find('"').expect("closing quote")].to_string()
        })
        .collect()
}

#[test]
fn the_map_and_its_geojson_give_highlights_the_same_colours() {
    use placemap::render::{Map, RenderOptions};
    use placemap::scene::ThemeName;
    let text = r#"{
        "title": "Two highlights",
        "highlight": [{ "place": "Uzbekistan" }, { "place": "Kazakhstan" }],
        "markers": [{ "place": "Samarkand" }]
    }"#;
    let scene = Scene::from_json(text).expect("scene");
    let (resolved, _) = scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default())
        .expect("resolved scene");
    for theme in [None, Some(ThemeName::Dark)] {
        let map = Map::build(&resolved, &RenderOptions { theme }).expect("map");
        let fc = export::export(
            &resolved,
            &ExportOptions {
                detail: Detail::D50m,
                theme,
            },
        )
        .expect("export");
        let exported: Vec<String> = fc
            .features
            .iter()
            .filter(|f| string_property(f, "layer") == Some("highlight"))
            .map(|f| string_property(f, "fill").expect("fill").to_string())
            .collect();
        let drawn = svg_highlight_fills(&map.svg);
        assert_eq!(drawn.len(), 2, "{theme:?}: {drawn:?}");
        assert_ne!(
            drawn[0], drawn[1],
            "{theme:?}: the second highlight is a tint"
        );
        assert_eq!(exported, drawn, "{theme:?}");
    }
}

/// Runs a GDAL command; its stdout, and its stderr, which must be empty: no warnings.
fn gdal_quiet(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install GDAL (apt-get install gdal-bin) or run tests/run.sh")
        });
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} {args:?}: {stderr}");
    assert!(
        stderr.trim().is_empty(),
        "{program} {args:?} warned: {stderr}"
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn gdal_reads_list_properties_without_warnings() {
    let dir = root().join("target/export-tests");
    std::fs::create_dir_all(&dir).expect("output dir");
    let file = dir.join("lists.geojson");
    std::fs::write(
        &file,
        export_file(&root().join("examples/sco-samarkand.json")),
    )
    .expect("write");
    let summary = gdal_quiet(
        "ogrinfo",
        &["-ro", "-so", "-al", file.to_str().expect("path")],
    );
    assert!(summary.contains("stops: StringList"), "{summary}");
}

#[test]
fn split_exports_load_into_one_geopackage_a_layer_a_type() {
    let dir = root().join("target/export-tests/split");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("output dir");
    // The Pacific trip crosses the antimeridian: its lines mix LineString and
    // MultiLineString until split makes them one type.
    for name in ["sco-samarkand", "pacific-trip"] {
        let fc = parse(&export_file(&root().join(format!("examples/{name}.json"))));
        let gpkg = dir.join(format!("{name}.gpkg"));
        let mut expected = Vec::new();
        for (kind, part) in export::split(&fc) {
            let file = dir.join(format!("{name}.{}.geojson", kind.name()));
            std::fs::write(&file, export::to_string(&part)).expect("write");
            gdal_quiet(
                "ogr2ogr",
                &[
                    "-f",
                    "GPKG",
                    "-append",
                    "-nln",
                    kind.name(),
                    gpkg.to_str().expect("path"),
                    file.to_str().expect("path"),
                ],
            );
            let types: std::collections::BTreeSet<&str> = part
                .features
                .iter()
                .map(|f| f.geometry.as_ref().expect("geometry").value.type_name())
                .collect();
            assert_eq!(types.len(), 1, "{name} {}: {types:?}", kind.name());
            expected.push((kind.name(), part.features.len()));
        }
        let total: usize = expected.iter().map(|(_, n)| n).sum();
        assert_eq!(
            total,
            fc.features.len(),
            "{name}: every feature in one layer"
        );
        let listing = gdal_quiet(
            "ogrinfo",
            &["-ro", "-so", "-al", gpkg.to_str().expect("path")],
        );
        for (layer, count) in expected {
            let block = listing
                .split("Layer name: ")
                .find(|b| b.starts_with(layer))
                .unwrap_or_else(|| panic!("{name}: no layer {layer} in {listing}"));
            assert!(
                block.contains(&format!("Feature Count: {count}")),
                "{name}: {block}"
            );
            assert!(!block.contains("Geometry: Unknown"), "{name}: {block}");
            if layer == "lines" {
                assert!(block.contains("stops: String (0.0)"), "{name}: {block}");
            }
        }
    }
}

/// Decodes a TopoJSON arc (quantized, delta-encoded) to longitude and latitude.
fn decode_arc(topo: &serde_json::Value, index: i64) -> Vec<[f64; 2]> {
    let t = &topo["transform"];
    let (kx, ky) = (
        t["scale"][0].as_f64().unwrap(),
        t["scale"][1].as_f64().unwrap(),
    );
    let (x0, y0) = (
        t["translate"][0].as_f64().unwrap(),
        t["translate"][1].as_f64().unwrap(),
    );
    let arc = topo["arcs"][if index < 0 { !index } else { index } as usize]
        .as_array()
        .expect("arc");
    let (mut x, mut y) = (0i64, 0i64);
    let mut points: Vec<[f64; 2]> = arc
        .iter()
        .map(|d| {
            x += d[0].as_i64().unwrap();
            y += d[1].as_i64().unwrap();
            [x0 + x as f64 * kx, y0 + y as f64 * ky]
        })
        .collect();
    if index < 0 {
        points.reverse();
    }
    points
}

#[test]
fn topojson_gives_back_every_feature_within_the_grid() {
    for path in examples() {
        let fc = parse(&export_file(&path));
        let topo: serde_json::Value =
            serde_json::from_str(&export::to_topojson(&fc)).expect("TopoJSON is JSON");
        assert_eq!(topo["type"], "Topology");
        let [x0, y0, x1, y1] = [0, 1, 2, 3].map(|i| topo["bbox"][i].as_f64().expect("bbox"));
        let tolerance = ((x1 - x0).max(y1 - y0) / 1e6).max(1e-9);
        let mut decoded = 0;
        for (kind, part) in export::split(&fc) {
            let geometries = topo["objects"][kind.name()]["geometries"]
                .as_array()
                .expect("object");
            assert_eq!(geometries.len(), part.features.len(), "{}", path.display());
            for (g, f) in geometries.iter().zip(&part.features) {
                assert_eq!(
                    g["properties"],
                    serde_json::to_value(&f.properties).unwrap()
                );
                // Every position of the GeoJSON, from the arcs or the point's coordinates.
                let mut ours: Vec<[f64; 2]> = Vec::new();
                let mut collect = |v: &serde_json::Value| {
                    fn walk(v: &serde_json::Value, out: &mut Vec<[f64; 2]>) {
                        match v.as_array() {
                            Some(a) if a.len() >= 2 && a[0].is_number() => {
                                out.push([a[0].as_f64().unwrap(), a[1].as_f64().unwrap()])
                            }
                            Some(a) => a.iter().for_each(|x| walk(x, out)),
                            None => {}
                        }
                    }
                    walk(v, &mut ours)
                };
                collect(
                    &serde_json::to_value(&f.geometry.as_ref().unwrap().value).unwrap()
                        ["coordinates"],
                );
                let mut theirs: Vec<[f64; 2]> = Vec::new();
                if let Some(c) = g.get("coordinates") {
                    let t = &topo["transform"];
                    let q = |v: &serde_json::Value| {
                        [
                            t["translate"][0].as_f64().unwrap()
                                + v[0].as_f64().unwrap() * t["scale"][0].as_f64().unwrap(),
                            t["translate"][1].as_f64().unwrap()
                                + v[1].as_f64().unwrap() * t["scale"][1].as_f64().unwrap(),
                        ]
                    };
                    match c[0].as_array() {
                        Some(_) => c.as_array().unwrap().iter().for_each(|p| theirs.push(q(p))),
                        None => theirs.push(q(c)),
                    }
                } else {
                    fn arcs(
                        v: &serde_json::Value,
                        topo: &serde_json::Value,
                        out: &mut Vec<[f64; 2]>,
                    ) {
                        match v {
                            serde_json::Value::Number(n) => {
                                out.extend(decode_arc(topo, n.as_i64().unwrap()))
                            }
                            serde_json::Value::Array(a) => {
                                a.iter().for_each(|x| arcs(x, topo, out))
                            }
                            _ => {}
                        }
                    }
                    arcs(&g["arcs"], &topo, &mut theirs);
                }
                assert_eq!(ours.len(), theirs.len(), "{}", path.display());
                for (a, b) in ours.iter().zip(&theirs) {
                    assert!(
                        (a[0] - b[0]).abs() <= tolerance && (a[1] - b[1]).abs() <= tolerance,
                        "{}: {a:?} vs {b:?}",
                        path.display()
                    );
                }
                decoded += 1;
            }
        }
        assert_eq!(decoded, fc.features.len(), "{}", path.display());
    }
}

/// A natural feature is exported as what it is (`ocean`, `river`), as `resolve` shows it,
/// not as the catch-all `feature`.
#[test]
fn features_are_exported_with_their_own_kind() {
    let fc = parse(&export_json(
        r#"{ "markers": [{ "place": "Indian Ocean" }, { "place": "Mississippi River" }, { "place": "Paris" }] }"#,
        Detail::D110m,
    ));
    let kinds: Vec<(&str, &str)> = fc
        .features
        .iter()
        .filter(|f| string_property(f, "layer") == Some("marker"))
        .map(|f| {
            (
                string_property(f, "name").expect("name"),
                string_property(f, "kind").expect("kind"),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("Indian Ocean", "ocean"),
            ("Mississippi River", "river"),
            ("Paris", "city")
        ]
    );
}

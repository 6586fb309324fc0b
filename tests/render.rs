//! Rendering tests: golden images (the way resvg tests itself) and properties checked in code.
//!
//! Each case in `tests/golden/` is a small scene `NAME.json` with its reference `NAME.png`.
//! A case passes when every channel of every pixel is within `TOLERANCE` of the reference;
//! on failure `target/golden-diff/NAME.png` shows the differing pixels in red. Run with
//! `BLESS=1` to write new references after a deliberate change, and look at them.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use placemap::gazetteer::Gazetteer;
use placemap::render::{svg_to_pdf, svg_to_png, Map, PngOptions, RenderOptions};
use placemap::scene::{self, ResolveSceneOptions, Scene};

/// Largest per-channel difference allowed (anti-aliasing may differ across CPUs).
const TOLERANCE: u8 = 8;
/// Share of pixels allowed beyond the tolerance.
const MAX_BAD_SHARE: f64 = 0.001;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn render_file(path: &Path) -> Map {
    let text = std::fs::read_to_string(path).expect("scene file");
    let scene = Scene::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    render_scene(&scene, path)
}

fn render_scene(scene: &Scene, path: &Path) -> Map {
    let (resolved, warnings) = scene::resolve(scene, gazetteer(), &ResolveSceneOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
    Map::build(&resolved, &RenderOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("png data");
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn golden(name: &str) {
    let dir = root().join("tests/golden");
    let map = render_file(&dir.join(format!("{name}.json")));
    let png = svg_to_png(&map.svg, &PngOptions::default()).expect("png");
    let reference = dir.join(format!("{name}.png"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&reference, &png).expect("write reference");
        return;
    }
    let expected = std::fs::read(&reference)
        .unwrap_or_else(|_| panic!("no reference {}; run with BLESS=1", reference.display()));
    let (w, h, got) = decode_png(&png);
    let (ew, eh, want) = decode_png(&expected);
    assert_eq!((w, h), (ew, eh), "{name}: size differs from the reference");
    let mut diff = Vec::with_capacity(got.len());
    let mut bad = 0usize;
    for (g, e) in got.chunks(4).zip(want.chunks(4)) {
        let off = g.iter().zip(e).any(|(a, b)| a.abs_diff(*b) > TOLERANCE);
        bad += usize::from(off);
        diff.extend_from_slice(if off {
            &[255, 0, 0, 255]
        } else {
            &[255, 255, 255, 255]
        });
    }
    let share = bad as f64 / f64::from(w * h);
    if share > MAX_BAD_SHARE {
        let out = root().join("target/golden-diff");
        std::fs::create_dir_all(&out).expect("diff dir");
        let file = std::fs::File::create(out.join(format!("{name}.png"))).expect("diff file");
        let mut enc = png::Encoder::new(file, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header()
            .and_then(|mut wr| wr.write_image_data(&diff))
            .expect("write diff");
        panic!(
            "{name}: {bad} pixels ({:.3}%) differ from the reference by more than {TOLERANCE}; see target/golden-diff/{name}.png",
            share * 100.0
        );
    }
}

macro_rules! golden_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                golden(&stringify!($name).replace('_', "-"));
            }
        )*
    };
}

golden_tests!(
    projection_lambert_conformal_conic,
    projection_equal_earth,
    projection_orthographic,
    projection_albers,
    projection_mercator,
    antimeridian_route,
    polar_route,
    world_route,
    highlight_continent,
    label_collisions,
    marker_shapes,
    legend_and_scale_bar,
    inset_globe,
    inset_world,
    theme_dark,
    theme_print,
    non_latin_labels,
    timeline,
    timeline_dark,
    highlight_province,
    city_rivers,
    country_rivers,
    theme_dark_scene_colours,
    theme_print_two_routes,
    scripts_georgian_thai_symbols,
);

fn examples() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    out.sort();
    assert!(out.len() >= 5, "{out:?}");
    out
}

#[test]
fn labels_never_overlap_and_stay_inside_the_frame() {
    for path in examples() {
        let map = render_file(&path);
        let [fx0, fy0, fx1, fy1] = map.layout.frame;
        let boxes = &map.layout.label_boxes;
        assert!(!boxes.is_empty(), "{}", path.display());
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a[0] >= fx0 + 8.0 - 1e-6
                    && a[1] >= fy0 + 8.0 - 1e-6
                    && a[2] <= fx1 - 8.0 + 1e-6
                    && a[3] <= fy1 - 8.0 + 1e-6,
                "{}: label {a:?} leaves the frame {:?}",
                path.display(),
                map.layout.frame
            );
            for b in &boxes[i + 1..] {
                let overlap = a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
                assert!(
                    !overlap,
                    "{}: labels {a:?} and {b:?} overlap",
                    path.display()
                );
            }
        }
    }
}

/// Every drawn route segment follows the great circle between its ends: its pixel midpoint
/// lies where the great-circle midpoint projects. A segment that jumps across the map at the
/// antimeridian or a pole fails this by half the frame.
#[test]
fn route_lines_never_jump_across_the_map() {
    use geo::{Haversine, InterpolatePoint, Point};
    for path in examples() {
        let map = render_file(&path);
        let t = &map.layout.transform;
        for line in &map.layout.route_lines {
            for w in line.windows(2) {
                let (a, b) = (w[0], w[1]);
                let step = (b.0 - a.0).hypot(b.1 - a.1);
                let (Some(ga), Some(gb)) = (t.from_px(a.0, a.1), t.from_px(b.0, b.1)) else {
                    continue;
                };
                let gm = Haversine.point_at_ratio_between(Point::from(ga), Point::from(gb), 0.5);
                let Some(pm) = t.to_px(gm.x(), gm.y()) else {
                    panic!(
                        "{}: a route segment's midpoint is off the map",
                        path.display()
                    );
                };
                let off = (pm.0 - (a.0 + b.0) / 2.0).hypot(pm.1 - (a.1 + b.1) / 2.0);
                assert!(
                    off < (0.2 * step).max(5.0),
                    "{}: the segment {a:?} to {b:?} strays {off:.0} px from its great circle",
                    path.display(),
                );
            }
        }
    }
}

#[test]
fn the_same_scene_gives_the_same_bytes() {
    let path = root().join("examples/sco-samarkand.json");
    let (a, b) = (render_file(&path), render_file(&path));
    assert_eq!(a.svg, b.svg);
    let opts = PngOptions::default();
    // Compared with `==` rather than `assert_eq!`, which would print megabytes.
    let png = |m: &Map| svg_to_png(&m.svg, &opts).expect("png");
    assert!(png(&a) == png(&b), "png bytes differ between runs");
    let pdf = |m: &Map| svg_to_pdf(&m.svg).expect("pdf");
    assert!(pdf(&a) == pdf(&b), "pdf bytes differ between runs");
}

#[test]
fn the_svg_has_a_group_per_layer_and_text_as_text() {
    let map = render_file(&root().join("examples/sco-samarkand.json"));
    for id in [
        "basemap",
        "highlights",
        "routes",
        "markers",
        "labels",
        "legend",
        "scale-bar",
        "inset",
        "header",
        "source",
    ] {
        assert!(
            map.svg.contains(&format!("<g id=\"{id}\"")),
            "no group {id}"
        );
    }
    assert!(map
        .svg
        .contains("<title>Xi and Putin meet in Samarkand</title>"));
    assert!(map.svg.contains(">Samarkand</text>"));
    assert!(map.svg.contains(">KAZAKHSTAN</text>"));
    assert!(map.svg.contains("Map data: Natural Earth, GeoNames"));
    // Fixed precision: no coordinate with more than one decimal.
    assert!(!map.svg.contains(".00"), "coordinates are not compact");
}

#[test]
fn the_committed_schema_is_current() {
    let path = root().join("docs/scene.schema.json");
    let committed = std::fs::read_to_string(&path).expect("docs/scene.schema.json");
    assert!(
        committed.trim_end() == Scene::json_schema().trim_end(),
        "{} is stale: run `placemap schema > docs/scene.schema.json`",
        path.display()
    );
}

/// Regression: both routes arrive in Samarkand on 15 Sept, and Putin's date took the only
/// room beside the arrowheads, so Xi's was dropped; it now moves back along its leg.
#[test]
fn every_route_date_of_the_sco_map_is_drawn() {
    let map = render_file(&root().join("examples/sco-samarkand.json"));
    assert!(map.layout.warnings.is_empty(), "{:?}", map.layout.warnings);
    for color in ["#c0392b", "#1f4e79"] {
        assert!(
            map.svg
                .lines()
                .any(|l| l.contains(&format!("fill=\"{color}\"")) && l.ends_with(">15 Sept</text>")),
            "no 15 Sept date in {color}"
        );
    }
}

/// Regression: the host country, highlighted, was left unnamed on the story map because
/// larger neighbours took the room first.
#[test]
fn the_highlighted_host_country_is_named() {
    let map = render_file(&root().join("examples/sco-samarkand.json"));
    assert!(map.svg.contains(">UZBEKISTAN</text>"), "UZBEKISTAN unnamed");
    assert!(map.layout.warnings.is_empty(), "{:?}", map.layout.warnings);
}

/// A highlighted country whose name finds no room is a warning, never a silent drop.
#[test]
fn a_highlighted_country_without_room_for_its_name_is_a_warning() {
    let scene = Scene::from_json(
        r#"{ "highlight": [{ "place": "Luxembourg" }], "markers": [{ "place": "Tokyo" }, { "place": "Lima" }] }"#,
    )
    .expect("scene");
    let map = render_scene(&scene, Path::new("luxembourg"));
    assert!(
        map.layout.warnings.iter().any(|w| w
            .to_string()
            .starts_with("country name \"Luxembourg\" (highlight[0]) dropped")),
        "{:?}",
        map.layout.warnings
    );
}

/// Regression: Natural Earth draws Sevastopol as its own region, so a highlight of Crimea
/// left the city as a hole.
#[test]
fn a_highlight_of_crimea_includes_sevastopol() {
    use geo::Contains;
    let scene = Scene::from_json(r#"{ "highlight": [{ "place": "Crimea" }] }"#).expect("scene");
    let (resolved, _) = scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default())
        .expect("crimea resolves");
    let shapes = scene::highlight_outlines(&resolved.highlights, placemap::basemap::Detail::D10m)
        .expect("outline");
    let sevastopol = geo::Point::new(33.52, 44.6);
    let simferopol = geo::Point::new(34.1, 44.95);
    assert!(shapes[0].contains(&simferopol), "not Crimea");
    assert!(
        shapes[0].contains(&sevastopol),
        "Sevastopol left out of Crimea"
    );
}

fn sco_with_timeline() -> Scene {
    let text = std::fs::read_to_string(root().join("examples/sco-samarkand.json")).expect("scene");
    let mut scene = Scene::from_json(&text).expect("scene");
    scene.timeline = true;
    scene
}

#[test]
fn the_timeline_is_a_group_under_the_frame_and_deterministic() {
    let path = root().join("examples/sco-samarkand.json");
    let scene = sco_with_timeline();
    let (a, b) = (render_scene(&scene, &path), render_scene(&scene, &path));
    assert!(a.svg == b.svg, "svg differs between runs");
    assert!(a.layout.warnings.is_empty(), "{:?}", a.layout.warnings);
    assert!(a.svg.contains("<g id=\"timeline\" transform=\"translate("));
    assert!(a.svg.contains(">Xi Jinping</text>"));
    assert!(a.svg.contains(">Vladimir Putin</text>"));
    // The canvas keeps its size; the frame gives up the strip's height.
    let plain = render_file(&path);
    assert!(a
        .svg
        .starts_with(&plain.svg[..plain.svg.find("viewBox").expect("viewBox")]));
    assert!(
        a.layout.frame[3] < plain.layout.frame[3] - 100.0,
        "{:?} {:?}",
        a.layout.frame,
        plain.layout.frame
    );
    assert_eq!(a.layout.frame[0], plain.layout.frame[0]);
    let opts = PngOptions::default();
    assert!(svg_to_png(&a.svg, &opts).expect("png") == svg_to_png(&b.svg, &opts).expect("png"));
}

#[test]
fn a_timeline_without_dates_is_left_out_with_a_warning() {
    let scene = Scene::from_json(
        r#"{"routes": [{"stops": ["Paris", "Rome"]}], "timeline": true, "inset": "none"}"#,
    )
    .expect("scene");
    let map = render_scene(&scene, Path::new("undated"));
    assert!(!map.svg.contains("id=\"timeline\""));
    assert!(
        map.layout
            .warnings
            .contains(&placemap::render::MapWarning::NoTimelineDates),
        "{:?}",
        map.layout.warnings
    );
}

#[test]
fn resolution_parses_the_projection_and_settles_the_canvas() {
    use placemap::project::ProjectionKind;
    use placemap::scene::{ProjectionSpec, SceneProjection, Size};
    let mut scene: Scene =
        Scene::from_json(r#"{"markers": [{"place": "Samarkand"}], "projection": "robinson", "size": {"width": 900, "height": 600}}"#)
            .expect("scene");
    let (resolved, _) =
        scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default()).expect("resolved");
    assert_eq!(
        resolved.projection,
        SceneProjection::Fixed {
            kind: ProjectionKind::Robinson,
            center: None,
            parallels: None
        }
    );
    assert_eq!(
        resolved.size,
        Size {
            width: 900,
            height: 600
        }
    );
    let svg = |resolved: &scene::ResolvedScene| {
        Map::build(resolved, &RenderOptions::default())
            .expect("map")
            .svg
    };
    assert!(svg(&resolved).contains(r#"width="900" height="600""#));
    // `--width` is settled in resolution, so the layout reads one size.
    let wider = ResolveSceneOptions {
        width: Some(1200),
        ..ResolveSceneOptions::default()
    };
    let (wide, _) = scene::resolve(&scene, gazetteer(), &wider).expect("resolves");
    assert_eq!(wide.size.width, 1200);
    assert!(svg(&wide).contains(r#"width="1200" height="600""#));
    let too_wide = ResolveSceneOptions {
        width: Some(20_000),
        ..ResolveSceneOptions::default()
    };
    let e = scene::resolve(&scene, gazetteer(), &too_wide).expect_err("too wide");
    assert!(
        e.to_string()
            .contains("canvas width 20000 px is out of range; use 200 to 10000"),
        "{e}"
    );

    // A scene built in code skips `from_json`'s checks; resolving still refuses a bad name.
    scene.projection = ProjectionSpec::Named("robinsn".into());
    let e = scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default())
        .expect_err("unknown projection");
    assert!(e.to_string().contains("projection: "), "{e}");
    scene.projection = ProjectionSpec::Custom {
        kind: "albers".into(),
        center: None,
        parallels: Some([40.0, 95.0]),
    };
    let e = scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default())
        .expect_err("bad parallels");
    assert!(e.to_string().contains("projection.parallels: "), "{e}");
}

#[test]
fn highlighted_regions_are_named() {
    for (region, name) in [
        ("Sichuan", "SICHUAN"),
        ("Bavaria", "BAVARIA"),
        ("Texas", "TEXAS"),
    ] {
        let json = format!(r#"{{ "highlight": [{{ "place": "{region}" }}] }}"#);
        let map = render_scene(&Scene::from_json(&json).expect("scene"), Path::new(region));
        assert!(
            map.svg
                .contains(&format!("class=\"country-label\">{name}</text>")),
            "{region} is not named"
        );
        assert!(
            map.layout.warnings.is_empty(),
            "{region}: {:?}",
            map.layout.warnings
        );
    }
}

/// The value of attribute `attr` on the element with id `id`, if there is one.
fn attr_of<'a>(svg: &'a str, id: &str, attr: &str) -> Option<&'a str> {
    let start = svg.find(&format!("id=\"{id}\""))?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let value = &tag[tag.find(&format!(" {attr}=\""))? + attr.len() + 3..];
    Some(&value[..value.find('"')?])
}

/// WCAG contrast ratio of two `#rrggbb` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let c = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex colour")) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * c(1) + 0.7152 * c(3) + 0.0722 * c(5)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Issue 17: a highlighted province shows the first-level borders of its whole country,
/// also on a map too wide for the 10m region lines.
#[test]
fn a_highlighted_province_shows_its_countrys_region_borders() {
    for (scene, far) in [
        (
            r#"{ "highlight": [{ "place": "四川" }], "markers": [{ "place": "Shanghai" }, { "place": "Beijing" }] }"#,
            "Shanghai",
        ),
        (
            r#"{ "highlight": [{ "place": "Texas" }], "markers": [{ "place": "New York" }, { "place": "Seattle" }] }"#,
            "New York",
        ),
        (
            r#"{ "highlight": [{ "place": "Bavaria" }], "markers": [{ "place": "Hamburg" }] }"#,
            "Hamburg",
        ),
    ] {
        let map = render_scene(&Scene::from_json(scene).expect("scene"), Path::new(far));
        assert!(
            attr_of(&map.svg, "region-borders", "d").is_some_and(|d| d.len() > 1000),
            "{far}: no region borders"
        );
    }
    // A highlighted country alone keeps its map free of them at country scale.
    let scene = Scene::from_json(r#"{ "highlight": [{ "place": "China" }] }"#).expect("scene");
    let map = render_scene(&scene, Path::new("china"));
    assert_eq!(attr_of(&map.svg, "region-borders", "d"), None);
}

/// Issue 17: region borders at city scale, and rivers, read on the land of every theme
/// (the dark theme's region borders were all but the land's own colour).
#[test]
fn region_borders_and_rivers_read_on_the_land_in_every_theme() {
    let scene = Scene::from_json(
        r#"{ "extent": { "center": "Tashkent", "radius_km": 120 }, "markers": [{ "place": "Tashkent" }] }"#,
    )
    .expect("scene");
    let (resolved, _) = scene::resolve(&scene, gazetteer(), &ResolveSceneOptions::default())
        .expect("tashkent resolves");
    for theme in ["light", "dark", "print"] {
        let options = RenderOptions {
            theme: Some(theme.parse().expect("theme")),
        };
        let map = Map::build(&resolved, &options).expect("map");
        let land = attr_of(&map.svg, "land", "fill").expect("land");
        for id in ["region-borders", "rivers"] {
            let stroke =
                attr_of(&map.svg, id, "stroke").unwrap_or_else(|| panic!("{theme}: no {id}"));
            let ratio = contrast(stroke, land);
            assert!(
                ratio >= 1.5,
                "{theme}: {id} {stroke} on {land}: contrast {ratio:.2}"
            );
        }
        let width = |id| -> f64 {
            attr_of(&map.svg, id, "stroke-width")
                .expect("width")
                .parse()
                .expect("number")
        };
        assert!(
            width("rivers") < width("borders"),
            "rivers thinner than borders"
        );
    }
}

#[test]
fn a_highlighted_region_without_room_for_its_name_is_a_warning() {
    // Bremen is a few pixels across on a map of Eurasia.
    let scene = Scene::from_json(
        r#"{ "highlight": [{ "place": "China" }, { "place": "Free Hanseatic Bremen" }] }"#,
    )
    .expect("scene");
    let map = render_scene(&scene, Path::new("bremen"));
    let warnings: Vec<String> = map
        .layout
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings.contains(
            &"region name \"Free Hanseatic Bremen\" (highlight[1]) dropped: no room inside the region".to_string()
        ),
        "{warnings:?}"
    );
}

/// Issue 17: rivers on country and city maps, under the borders; never on world or regional
/// maps, nor when the scene turns them off.
#[test]
fn rivers_show_on_country_maps_only() {
    let uzbekistan = r#"{ "highlight": [{ "place": "Uzbekistan" }] }"#;
    let map = render_scene(
        &Scene::from_json(uzbekistan).expect("scene"),
        Path::new("uz"),
    );
    let rivers = map
        .svg
        .find("id=\"rivers\"")
        .expect("no rivers on the Uzbekistan map");
    assert!(rivers < map.svg.find("id=\"borders\"").expect("borders"));
    let mut off = Scene::from_json(uzbekistan).expect("scene");
    off.rivers = false;
    let map = render_scene(&off, Path::new("uz, rivers off"));
    assert!(
        !map.svg.contains("id=\"rivers\""),
        "rivers drawn though turned off"
    );
    let world = render_file(&root().join("examples/world-six-continents.json"));
    assert!(
        !world.svg.contains("id=\"rivers\""),
        "rivers on a world map"
    );
    // The story map is regional: its basemap stays quiet.
    let story = render_file(&root().join("examples/sco-samarkand.json"));
    assert!(
        !story.svg.contains("id=\"rivers\""),
        "rivers on the story map"
    );
}

/// A scale bar in the corner beside a pin near the frame's edge took the only room its
/// label had (Petropavlovsk-Kamchatsky was dropped from the Arctic rim map): the furniture
/// counts that room as a feature to keep clear.
#[test]
fn furniture_leaves_a_label_its_only_room() {
    let map = render_file(&root().join("examples/polar-arctic-rim.json"));
    assert!(map.layout.warnings.is_empty(), "{:?}", map.layout.warnings);
}

/// Issue 17 item 5: a lone place gets a regional map, and a map zoomed in far enough to draw
/// every region's borders names the regions too (Illinois and its neighbours round
/// Springfield); not a region a marker already names (the state of Vienna round the city),
/// and not every division of a country of many (Azerbaijan's rayons).
#[test]
fn a_zoomed_in_map_names_the_regions_around() {
    let names = |map: &Map| -> Vec<String> {
        map.svg
            .split("class=\"country-label\">")
            .skip(1)
            .map(|s| s[..s.find("</text>").expect("text end")].to_string())
            .collect()
    };
    let lone = names(&render_file(&root().join("examples/lone-marker.json")));
    for state in ["ILLINOIS", "INDIANA", "MISSOURI", "IOWA"] {
        assert!(lone.iter().any(|n| n == state), "{state}: {lone:?}");
    }
    let vienna = names(&render_file(&root().join("tests/golden/city-rivers.json")));
    assert!(vienna.iter().any(|n| n == "LOWER AUSTRIA"), "{vienna:?}");
    assert!(!vienna.iter().any(|n| n == "VIENNA"), "{vienna:?}");
    let caucasus = names(&render_file(&root().join("examples/scripts-caucasus.json")));
    assert!(caucasus.len() <= 12 + 6, "{caucasus:?}");
    // A regional map names countries only.
    let story = names(&render_file(&root().join("examples/sco-samarkand.json")));
    assert!(!story.iter().any(|n| n == "SAMARQAND"), "{story:?}");
}

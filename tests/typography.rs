//! The bundled fonts in drawn maps: scripts beyond the core faces, bold fallback faces, and
//! warnings for characters no font has.

use std::sync::OnceLock;

use placemap::gazetteer::Gazetteer;
use placemap::render::{svg_to_png, Map, MapWarning, PngOptions, RenderOptions};
use placemap::scene::{self, ResolveSceneOptions, Scene};

fn build(json: &str) -> Map {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    let gazetteer = G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"));
    let scene = Scene::from_json(json).expect("scene");
    let (resolved, _) =
        scene::resolve(&scene, gazetteer, &ResolveSceneOptions::default()).expect("resolve");
    Map::build(&resolved, &RenderOptions::default()).expect("map")
}

/// How many pixels of a one-line drawing of `text` are inked (darker than mid-grey).
fn ink(text: &str, weight: &str) -> usize {
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60" font-family="Noto Sans"><rect width="400" height="60" fill="white"/><text x="10" y="42" font-size="32" font-weight="{weight}">{text}</text></svg>"#
    );
    let png = svg_to_png(&svg, &PngOptions::default()).expect("png");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut buf).expect("png data");
    buf.chunks(4).filter(|p| p[1] < 128).count()
}

#[test]
fn bold_text_in_other_scripts_is_drawn_bold() {
    for text in ["القاهرة", "北京 東京", "ירושלים", "თბილისი", "กรุงเทพ"]
    {
        let (regular, bold) = (ink(text, "normal"), ink(text, "bold"));
        assert!(regular > 100, "{text}: {regular} pixels of ink");
        assert!(
            bold as f64 > regular as f64 * 1.15,
            "{text}: bold {bold} vs regular {regular} pixels of ink"
        );
    }
}

#[test]
fn georgian_armenian_thai_and_symbols_draw_without_warnings() {
    let map = build(
        r#"{"title":"Tbilisi → Yerevan ★ ✈ −5 °C","subtitle":"თბილისი · Երևան · กรุงเทพ",
            "size":{"width":480,"height":320},"inset":"none",
            "markers":[{"place":"Tbilisi","label":"თბილისი"},{"place":"Yerevan","label":"Երևան"},
                       {"place":"Bangkok","label":"กรุงเทพมหานคร"}]}"#,
    );
    assert!(map.layout.warnings.is_empty(), "{:?}", map.layout.warnings);
}

#[test]
fn a_title_with_characters_no_font_has_is_a_warning() {
    let map = build(
        r#"{"title":"Samarkand \ue000","subtitle":"ok","source":"\uf8ff",
            "size":{"width":480,"height":320},
            "markers":[{"place":"Samarkand","note":"a \ue001"}],
            "routes":[{"name":"\ue002","stops":["Samarkand","Bukhara"]}]}"#,
    );
    let origins: Vec<&str> = map
        .layout
        .warnings
        .iter()
        .filter_map(|w| match w {
            MapWarning::MissingGlyphs { origin, .. } => Some(origin.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        origins,
        ["title", "source", "markers[0].note", "routes[0].name"],
        "{:?}",
        map.layout.warnings
    );
    assert!(map.layout.warnings[0]
        .to_string()
        .contains("has characters no bundled font covers"));
}

#[test]
fn right_to_left_titles_are_right_aligned() {
    let map = build(
        r#"{"title":"القاهرة والإسكندرية","subtitle":"Cairo and Alexandria",
            "size":{"width":480,"height":320},"markers":[{"place":"Cairo"}]}"#,
    );
    let header = &map.svg[map.svg.find("<g id=\"header\"").expect("header")..];
    let lines: Vec<&str> = header.split("<text").skip(1).take(2).collect();
    assert!(lines[0].contains("text-anchor=\"end\""), "{}", lines[0]);
    assert!(lines[1].contains("text-anchor=\"start\""), "{}", lines[1]);
    let x = |line: &str| -> f64 {
        let rest = &line[line.find(" x=\"").expect("x") + 4..];
        rest[..rest.find('"').expect("quote")]
            .parse()
            .expect("number")
    };
    // The title ends at the frame's right edge, the subtitle starts at its left edge.
    assert!(
        (x(lines[0]) - (map.layout.frame[2])).abs() < 0.01,
        "{}",
        lines[0]
    );
    assert!(
        (x(lines[1]) - (map.layout.frame[0])).abs() < 0.01,
        "{}",
        lines[1]
    );
}

/// The pixels of an SVG text drawing, as RGBA rows.
fn pixels(body: &str) -> Vec<u8> {
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60" font-family="Noto Sans"><rect width="400" height="60" fill="white"/>{body}</svg>"#
    );
    let png = svg_to_png(&svg, &PngOptions::default()).expect("png");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size()];
    reader.next_frame(&mut buf).expect("png data");
    buf
}

#[test]
fn devanagari_after_latin_is_shaped_as_devanagari() {
    // The label as the map writes it, ending at x = 390, against the Devanagari alone, also
    // ending there: where the second has ink, the two must match.
    let map = build(
        r#"{"size":{"width":480,"height":320},"inset":"none",
            "markers":[{"place":"Delhi","label":"New Delhi नई दिल्ली"}]}"#,
    );
    let label = map
        .svg
        .split("<text")
        .find(|t| t.contains("New Delhi"))
        .expect("label");
    let written =
        &label[label.find('>').expect("tag end") + 1..label.find("</text>").expect("end")];
    let text =
        |t: &str| format!(r#"<text x="390" y="42" font-size="32" text-anchor="end">{t}</text>"#);
    let (mixed, alone) = (pixels(&text(written)), pixels(&text("नई दिल्ली")));
    let differing = mixed
        .chunks(4)
        .zip(alone.chunks(4))
        .filter(|(m, a)| a[1] < 250 && m[1].abs_diff(a[1]) > 64)
        .count();
    let inked = alone.chunks(4).filter(|a| a[1] < 250).count();
    assert!(inked > 300, "{inked}");
    assert!(
        differing * 50 < inked,
        "{differing} of {inked} inked pixels differ: {written:?} is not shaped as Devanagari"
    );
}

#[test]
fn strict_refuses_a_title_no_font_covers() {
    let run = |title: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_placemap"))
            .args(["render", "--mark", "Tbilisi", "--title", title, "--strict"])
            .args(["-o", "-"])
            .output()
            .expect("run placemap")
    };
    let refused = run("Tbilisi \u{e000}");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("(title) has characters no bundled font covers"),
        "{stderr}"
    );
    let drawn = run("თბილისი → Tbilisi ★");
    assert!(
        drawn.status.success(),
        "{}",
        String::from_utf8_lossy(&drawn.stderr)
    );
}

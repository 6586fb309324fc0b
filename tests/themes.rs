//! Themes: text keeps its contrast on a dark map, routes stay apart in print.

use std::path::PathBuf;
use std::sync::OnceLock;

use placemap::gazetteer::Gazetteer;
use placemap::render::{Map, RenderOptions};
use placemap::scene::{self, Color, Palette, ResolveSceneOptions, ResolvedScene, Scene, ThemeName};

fn resolve(json: &str) -> ResolvedScene {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    let gazetteer = G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"));
    let scene = Scene::from_json(json).expect("scene");
    scene::resolve(&scene, gazetteer, &ResolveSceneOptions::default())
        .expect("resolve")
        .0
}

/// The SCO example: pale highlight fills and a dark-blue route, chosen for a light map.
fn sco() -> ResolvedScene {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/sco-samarkand.json");
    resolve(&std::fs::read_to_string(path).expect("example"))
}

fn at_least(what: &str, fg: Color, bg: Color, min: f64) -> Option<String> {
    let ratio = fg.contrast(bg);
    (ratio < min).then(|| format!("{what}: {fg} on {bg} is {ratio:.2}:1, below {min}:1"))
}

/// Every place the theme puts text, and every route and symbol on land and sea.
fn contrast_problems(p: &Palette) -> Vec<String> {
    let t = &p.theme;
    let mut out = vec![
        at_least("title on page", t.text, t.page, 4.5),
        at_least("label on halo", t.text, t.halo, 4.5),
        at_least("legend text on panel", t.text, t.panel, 4.5),
        at_least("subtitle on page", t.muted_text, t.page, 4.5),
        at_least("note on halo", t.muted_text, t.halo, 4.5),
        at_least("country name on land", t.country_label, t.land, 4.5),
        at_least("sea name on sea", t.sea_label, t.sea, 4.5),
    ];
    for (i, &fill) in p.highlights.iter().enumerate() {
        let what = format!("country name on highlight[{i}]");
        out.push(at_least(&what, t.highlight_label(), fill, 4.5));
    }
    for (i, &c) in p.routes.iter().enumerate() {
        out.push(at_least(
            &format!("date of routes[{i}] on halo"),
            c,
            t.halo,
            4.5,
        ));
        out.push(at_least(&format!("routes[{i}] on land"), c, t.land, 3.0));
        out.push(at_least(&format!("routes[{i}] on sea"), c, t.sea, 3.0));
    }
    for (i, &c) in p.markers.iter().enumerate() {
        out.push(at_least(&format!("markers[{i}] on land"), c, t.land, 3.0));
    }
    out.into_iter().flatten().collect()
}

#[test]
fn the_dark_theme_re_derives_a_light_scenes_colours() {
    let scene = sco();
    let dark = Palette::new(&scene, Some(ThemeName::Dark));
    assert_eq!(contrast_problems(&dark), Vec::<String>::new());
    // Fills turn dark but keep their hue, and the first highlight stays the strongest.
    let light = Palette::new(&scene, Some(ThemeName::Light));
    for (d, l) in dark.highlights.iter().zip(&light.highlights) {
        assert!(d.lightness() < 0.35, "{d} from {l}");
        assert!(d.r > d.b && l.r > l.b, "{d} from {l}");
    }
    let [host, other] = dark.highlights[..] else {
        panic!("two highlights")
    };
    assert!(host.contrast(dark.theme.land) > other.contrast(dark.theme.land));
    // Region borders show on land.
    assert!(dark.theme.region_border.contrast(dark.theme.land) >= 1.4);
}

#[test]
fn the_print_theme_keeps_text_readable() {
    let print = Palette::new(&sco(), Some(ThemeName::Print));
    assert_eq!(contrast_problems(&print), Vec::<String>::new());
}

#[test]
fn light_themes_keep_the_scenes_colours() {
    let scene = sco();
    let light = Palette::new(&scene, Some(ThemeName::Light));
    let spec: Vec<Color> = scene.routes.iter().filter_map(|r| r.spec.color).collect();
    assert_eq!(light.routes, spec);
    assert_eq!(light.highlights[0], Color::hex(0xf4c96b));
}

/// The `stroke-dasharray` of each unfilled `<path>` (a line, not an arrowhead) in the SVG
/// group with id `group`, in order.
fn dashes_in(svg: &str, group: &str) -> Vec<String> {
    let start = svg
        .find(&format!("<g id=\"{group}\""))
        .unwrap_or_else(|| panic!("no group {group}"));
    let body = &svg[start..];
    let body = &body[..body.find("</g>").expect("group end")];
    body.split("<path")
        .skip(1)
        .filter(|p| p.contains("fill=\"none\""))
        .map(|p| {
            p.split_once("stroke-dasharray=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map_or("solid".to_string(), |(d, _)| d.to_string())
        })
        .collect()
}

#[test]
fn print_routes_differ_in_dash_pattern_in_map_and_legend() {
    let scene = resolve(
        r#"{"size":{"width":480,"height":320},"inset":"none","legend":true,
            "routes":[{"name":"First","stops":["Tokyo","Seoul"]},
                      {"name":"Second","stops":["Tokyo","Shanghai"]}]}"#,
    );
    let options = RenderOptions {
        theme: Some(ThemeName::Print),
    };
    let map = Map::build(&scene, &options).expect("map");
    // Casing then line, for each route.
    let first = dashes_in(&map.svg, "route-first");
    let second = dashes_in(&map.svg, "route-second");
    assert_eq!(first.len(), 2, "{first:?}");
    assert_ne!(first[1], second[1], "map: {first:?} {second:?}");
    let legend = dashes_in(&map.svg, "legend");
    assert_eq!(legend, [first[1].clone(), second[1].clone()]);
    // A route's own style wins, in any theme.
    let own = resolve(
        r#"{"routes":[{"stops":["Tokyo","Seoul"]},{"stops":["Tokyo","Shanghai"],"style":"solid"}]}"#,
    );
    let palette = Palette::new(&own, Some(ThemeName::Print));
    assert_eq!(
        palette.route_styles,
        [scene::LineStyle::Solid, scene::LineStyle::Solid]
    );
}

/// A dotted route's legend line was dashes a tenth of a pixel long with square ends, so the
/// key showed an arrowhead and no line: dashed and dotted legend lines have round caps, as
/// the routes on the map do.
#[test]
fn dotted_and_dashed_legend_lines_have_round_caps() {
    let scene = resolve(
        r#"{"size":{"width":480,"height":320},"inset":"none","legend":true,
            "routes":[{"name":"Dots","stops":["Tokyo","Seoul"],"style":"dotted"},
                      {"name":"Dashes","stops":["Tokyo","Shanghai"],"style":"dashed"}]}"#,
    );
    let map = Map::build(&scene, &RenderOptions::default()).expect("map");
    let start = map.svg.find("<g id=\"legend\"").expect("legend");
    let legend = &map.svg[start..];
    let legend = &legend[..legend.find("</g>").expect("legend end")];
    let lines: Vec<&str> = legend
        .split("<path")
        .skip(1)
        .filter(|p| p.contains("stroke-dasharray"))
        .collect();
    assert_eq!(lines.len(), 2, "{legend}");
    for line in lines {
        assert!(line.contains("stroke-linecap=\"round\""), "{line}");
    }
}

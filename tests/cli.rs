//! The built `placemap` binary, end to end.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn placemap(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_placemap"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("placemap runs");
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        // The command may exit before reading everything; that is not this test's concern.
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("placemap finishes");
    writer.join().expect("stdin writer");
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn resolve_prints_a_table() {
    let out = placemap(&["resolve", "Samarkand", "Peking"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("query"), "{stdout}");
    assert!(
        stdout.contains("Samarkand") && stdout.contains("Uzbekistan"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Beijing") && stdout.contains("alias"),
        "{stdout}"
    );
}

#[test]
fn resolve_json_has_every_field() {
    let out = placemap(&["resolve", "--format", "json", "Kiev"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let r = &v[0];
    for field in [
        "query",
        "name",
        "kind",
        "lat",
        "lon",
        "country_code",
        "country",
        "region",
        "population",
        "geonames_id",
        "match",
        "confidence",
        "alternatives",
    ] {
        assert!(r.get(field).is_some(), "missing {field} in {r}");
    }
    assert_eq!(r["name"], "Kyiv");
    assert_eq!(r["match"], "alias");
}

#[test]
fn resolve_formats_for_scripts() {
    let out = placemap(&["resolve", "-f", "csv", "Paris, Texas", "Astana"], None);
    assert!(out.status.success());
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .expect("header")
        .starts_with("query,name,kind,lat,lon"));
    assert!(
        lines
            .next()
            .expect("row")
            .starts_with("\"Paris, Texas\",Paris,city"),
        "{csv}"
    );

    let out = placemap(&["resolve", "-f", "geojson", "Samarkand"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("geojson");
    assert_eq!(v["type"], "FeatureCollection");
    let coords = &v["features"][0]["geometry"]["coordinates"];
    assert!((coords[0].as_f64().expect("lon") - 66.96).abs() < 0.01);

    let out = placemap(
        &["resolve", "-f", "jsonl", "-"],
        Some(b"Tashkent\nAstana\n\nBishkek\n"),
    );
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let names: Vec<&str> = lines
        .iter()
        .map(|l| l["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Tashkent", "Astana", "Bishkek"]);
}

#[test]
fn unknown_names_exit_1_after_printing_the_rest() {
    let out = placemap(
        &["resolve", "-f", "jsonl", "Samarkand", "Xqzvwkk", "Tashkent"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).lines().count(), 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: unknown place \"Xqzvwkk\""),
        "{stderr}"
    );
}

#[test]
fn guesses_warn_and_strict_refuses() {
    let out = placemap(&["resolve", "Samarknd"], None);
    assert!(out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: unknown place \"Samarknd\"; guessed Samarkand (Uzbekistan)"),
        "{stderr}"
    );
    let out = placemap(&["resolve", "--strict", "Samarknd"], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("did you mean \"Samarkand\" (Uzbekistan)"),
        "{stderr}"
    );
}

#[test]
fn invalid_utf8_on_stdin_is_reported_by_line() {
    let out = placemap(
        &["resolve", "-f", "jsonl", "-"],
        Some(b"Tashkent\n\xff\xfe\nAstana\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout).lines().count(),
        2,
        "the good lines still print"
    );
    assert!(text(&out.stderr).contains("stdin line 2: not valid UTF-8"));
}

/// Names on stdin are resolved a batch at a time on every core; output and errors keep the
/// input's order across batches (a batch is 4,096 names).
#[test]
fn long_stdin_keeps_its_order() {
    let cities = [
        "Tashkent",
        "Astana",
        "Samarkand",
        "Bukhara",
        "Almaty",
        "Khiva",
    ];
    // Unknown names on both sides of the first batch's end, each named in its error.
    let names: Vec<String> = (0..9000)
        .map(|i| match i {
            100 | 4095 | 8999 => "Qxzzy".to_string(),
            4096 | 5000 => "Zzyqx".to_string(),
            _ => cities[i % cities.len()].to_string(),
        })
        .collect();
    let out = placemap(
        &["resolve", "-f", "csv", "-"],
        Some((names.join("\n") + "\n").as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let queries: Vec<&str> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap_or(""))
        .collect();
    let expected: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !["Qxzzy", "Zzyqx"].contains(n))
        .collect();
    assert!(queries == expected, "records out of input order");
    let stderr = text(&out.stderr);
    let unknown: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("error: unknown place \""))
        .map(|l| &l[..5])
        .collect();
    let expected_unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| ["Qxzzy", "Zzyqx"].contains(n))
        .collect();
    assert!(unknown == expected_unknown, "errors out of input order");
}

#[test]
fn reverse_lookup() {
    let out = placemap(&["resolve", "--reverse", "39.65,66.96", "-f", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["name"], "Samarkand");
    let out = placemap(&["resolve", "--reverse", "north"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error: "));
}

#[test]
fn usage_errors_exit_2() {
    let out = placemap(&["resolve"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = placemap(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_custom_file_is_a_clear_error() {
    let out = placemap(
        &["resolve", "--custom", "/nonexistent/places.csv", "X"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cannot read /nonexistent/places.csv"),
        "{stderr}"
    );
}

#[test]
fn closed_stdout_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_placemap"))
        .args(["resolve", "-f", "jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().expect("stdin");
    let names = "Tashkent\n".repeat(200_000);
    let _ = stdin.write_all(names.as_bytes());
    drop(stdin);
    let out = child.wait_with_output().expect("finishes");
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn export_writes_geojson_to_stdout() {
    let out = placemap(&["export", "examples/sco-samarkand.json", "-o", "-"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["type"], "FeatureCollection");
    assert_eq!(json["title"], "Xi and Putin meet in Samarkand");
    assert_eq!(json["features"].as_array().map(Vec::len), Some(17));
}

#[test]
fn export_names_the_scene_and_path_of_an_unknown_place() {
    let scene = br#"{"markers": [{"place": "Samarkand"}, {"place": "Qxzzyville"}]}"#;
    let out = placemap(&["export", "-", "-o", "-"], Some(scene));
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("markers[1].place: unknown place \"Qxzzyville\""),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing is written on error");
}

#[test]
fn render_takes_markers_and_routes_from_csv() {
    let out = placemap(
        &["render", "--csv", "tests/fixtures/sco-trip.csv", "-o", "-"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let svg = text(&out.stdout);
    for name in [
        "Samarkand",
        "Astana",
        "Tashkent",
        "Xi Jinping",
        "Vladimir Putin",
    ] {
        assert!(svg.contains(name), "{name} missing from the SVG");
    }
}

#[test]
fn a_csv_error_names_the_file_and_line() {
    let table = "tests/fixtures/unknown-place.csv";
    // Alone, and after a scene file's own markers and routes: the rows still name their lines.
    for args in [
        &["render", "--csv", table, "-o", "-"][..],
        &[
            "render",
            "examples/sco-samarkand.json",
            "--csv",
            table,
            "-o",
            "-",
        ],
    ] {
        let out = placemap(args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr
                .contains("tests/fixtures/unknown-place.csv line 4: unknown place \"Qxzzyville\""),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn render_draws_a_geojson_file_directly() {
    let out = placemap(
        &["render", "tests/fixtures/overlay.geojson", "-o", "-"],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let svg = text(&out.stdout);
    assert!(svg.contains("<g id=\"overlays\""), "no overlay group");
    assert!(svg.contains("Field camp"), "the point's title is its label");
    assert!(svg.contains("#2e7d32"), "the line's stroke colour");
    assert!(svg.contains("#d35400"), "the polygon's fill colour");
}

#[test]
fn a_bad_geojson_layer_names_the_file_and_feature() {
    let out = placemap(
        &["render", "tests/fixtures/bad-overlay.geojson", "-o", "-"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("layers[0].geojson: tests/fixtures/bad-overlay.geojson: features[1]: position [39.77, 164.42] is out of range"),
        "{stderr}"
    );
}

const ARTICLE: &str = "tests/fixtures/sco-samarkand-article.txt";

#[test]
fn extract_lists_mentions_with_offsets() {
    let out = placemap(&["extract", ARTICLE, "--format", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mentions: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let article = std::fs::read_to_string(ARTICLE).expect("article");
    let first = &mentions[0];
    let (s, e) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&article[s..e], "Uzbekistan");
    assert_eq!(first["text"], "Uzbekistan");
    assert_eq!(first["kind"], "country");
    assert!(first["alternatives"].is_array() && first["confidence"].is_number());
    let russian = mentions
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"] == "Russian")
        .expect("demonym");
    assert_eq!(
        (russian["kind"].as_str(), russian["country_code"].as_str()),
        (Some("demonym"), Some("RU"))
    );

    let out = placemap(
        &["extract", "-", "--format", "geojson"],
        Some(b"Flights from Tashkent to Kyiv."),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let fc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("geojson");
    assert_eq!(fc["features"].as_array().map(Vec::len), Some(2));
    assert_eq!(fc["features"][1]["properties"]["name"], "Kyiv");
}

#[test]
fn extract_batches_json_lines_in_order_and_names_bad_lines() {
    let input = b"{\"doc\": \"a\", \"text\": \"Snow in Oslo.\"}\n{\"doc\": \"b\", \"text\": 5}\n{\"doc\": \"c\", \"text\": \"Rain in Lima.\"}\n";
    let out = placemap(
        &["extract", "-", "--format", "jsonl", "--keep-going"],
        Some(input),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let docs: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[0]["doc"].as_str(), docs[1]["doc"].as_str()),
        (Some("a"), Some("c"))
    );
    assert_eq!(docs[1]["mentions"][0]["name"], "Lima");
    assert!(
        text(&out.stderr).contains("error: stdin line 2: \"text\" must be a string"),
        "{}",
        text(&out.stderr)
    );

    // Without --keep-going the run stops at the bad line.
    let out = placemap(&["extract", "-", "--format", "jsonl"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).lines().count(), 1);

    // Batches write JSON lines only.
    let out = placemap(&["extract", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("add --format jsonl"));
}

#[test]
fn extract_refuses_binary_empty_and_non_utf8_text() {
    for (input, message) in [
        (
            &b"abc\0def"[..],
            "stdin: looks like a binary file (a NUL byte at offset 3), not text",
        ),
        (&b"  \n"[..], "stdin: the text is empty"),
        (
            &b"Caf\xe9 in Paris"[..],
            "stdin: not UTF-8 text (invalid byte at offset 3, line 1)",
        ),
    ] {
        let out = placemap(&["extract", "-"], Some(input));
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
}

#[test]
fn draft_writes_an_editable_scene_of_the_article() {
    let out = placemap(&["draft", ARTICLE], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let scene: serde_json::Value = serde_json::from_slice(&out.stdout).expect("scene json");
    let markers: Vec<&str> = scene["markers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["place"].as_str().unwrap())
        .collect();
    for city in ["Samarkand", "Beijing", "Moscow"] {
        assert!(markers.contains(&city), "{markers:?}");
    }
    assert_eq!(markers.len(), 3, "no other places: {markers:?}");
    assert_eq!(scene["markers"][0]["place"], "Samarkand");
    assert_eq!(scene["markers"][0]["icon"], "star");
    assert_eq!(scene["highlight"][0]["place"], "Uzbekistan");
    // The first line is a sentence, not a headline: the draft is titled by its main place,
    // never by a cut sentence.
    assert_eq!(scene["title"], "Samarkand");
}

#[test]
fn render_draws_an_article() {
    let dir = std::env::temp_dir().join(format!("placemap-article-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("article.png");
    let out = placemap(
        &["render", "--article", ARTICLE, "-o", png.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[1..4], b"PNG");
    let out = placemap(
        &[
            "render",
            "--article",
            "tests/fixtures/no-places.txt",
            "-o",
            png.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("tests/fixtures/no-places.txt: no places found in the text"),
        "{}",
        text(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn render_timeline_needs_dates_and_strict_refuses_none() {
    let args = ["render", "--route", "Paris > Rome", "--timeline", "-o", "-"];
    let out = placemap(&args, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: timeline: no route has an ISO date"),
        "{stderr}"
    );
    let out = placemap(&[&args[..], &["--strict"]].concat(), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error: timeline: no route has an ISO date"),
        "{}",
        text(&out.stderr)
    );
    let out = placemap(
        &[
            "render",
            "--csv",
            "tests/fixtures/sco-trip.csv",
            "--timeline",
            "-o",
            "-",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("<g id=\"timeline\""));
}

#[test]
fn maps_from_flags_a_table_or_a_geojson_file_get_a_scene_files_defaults() {
    // Each way of making a scene without a scene file, and whether its view holds a sea.
    let cases: [(&[&str], bool); 3] = [
        (
            &[
                "render",
                "--route",
                "Beijing > Astana > Samarkand",
                "--mark",
                "Kyiv",
            ],
            true,
        ),
        (&["render", "--csv", "tests/fixtures/sco-trip.csv"], true),
        (&["render", "tests/fixtures/overlay.geojson"], false),
    ];
    for (args, sea) in cases {
        let args: Vec<&str> = args.iter().copied().chain(["-o", "-"]).collect();
        let out = placemap(&args, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        let svg = text(&out.stdout);
        assert!(
            svg.contains("class=\"country-label\""),
            "{args:?}: no country labels"
        );
        assert!(svg.contains("id=\"scale-bar\""), "{args:?}: no scale bar");
        if sea {
            assert!(
                svg.contains("class=\"sea-label\""),
                "{args:?}: no sea labels"
            );
        }
    }
}

#[test]
fn names_from_stdin_end_with_one_summary_line_not_a_warning_a_guess() {
    let out = placemap(
        &["resolve", "-", "--format", "jsonl"],
        Some("Samarkand\nSamarknd\nTashkint\nXqzzyv\nPeking\n".as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1), "the unknown name fails the run");
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("warning:"), "{stderr}");
    assert!(
        stderr.contains("error: unknown place \"Xqzzyv\""),
        "{stderr}"
    );
    let last = stderr.lines().last().expect("a summary line");
    assert_eq!(
        last,
        "5 names: 2 resolved, 2 guessed, 1 unknown (guesses have \"match\": \"fuzzy\"; --strict refuses them)"
    );
    // The guesses are in the output, marked.
    let fuzzy = text(&out.stdout).matches("\"match\":\"fuzzy\"").count();
    assert_eq!(fuzzy, 2, "{}", text(&out.stdout));
    // Not a terminal: no progress line.
    assert!(!stderr.contains('\r'), "{stderr:?}");

    // Names given as arguments keep their warning a guess, and no summary.
    let out = placemap(&["resolve", "Samarknd"], None);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("warning: unknown place \"Samarknd\""),
        "{stderr}"
    );
    assert!(!stderr.contains(" names: "), "{stderr}");
}

#[test]
fn help_completions_and_man_pages_come_from_clap() {
    let out = placemap(&["--help"], None);
    assert!(out.status.success());
    let help = text(&out.stdout);
    assert!(
        help.contains("Examples:") && help.contains("placemap serve"),
        "{help}"
    );
    for command in [
        "resolve",
        "render",
        "export",
        "extract",
        "serve",
        "completions",
        "man",
    ] {
        assert!(
            help.contains(&format!("  {command} ")),
            "{command} in {help}"
        );
    }
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = placemap(&["completions", shell], None);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(
            script.contains("split") && script.contains("topojson"),
            "{shell}"
        );
    }
    let out = placemap(&["completions", "tcsh"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = placemap(&["man"], None);
    let page = text(&out.stdout);
    assert!(out.status.success());
    assert!(page.contains(".TH placemap 1"), "{page}");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("man");
    let _ = std::fs::remove_dir_all(&dir);
    let out = placemap(&["man", "--dir", dir.to_str().expect("path")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let render = std::fs::read_to_string(dir.join("placemap-render.1")).expect("a page a command");
    assert!(render.contains("\\-\\-timeline"), "{render}");
}

#[test]
fn export_split_writes_a_file_a_geometry_type() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("split");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let out_path = dir.join("sco.geojson");
    let scene = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sco-samarkand.json");
    let out = placemap(
        &[
            "export",
            scene,
            "-o",
            out_path.to_str().expect("path"),
            "--split",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for (kind, n) in [("points", 10), ("lines", 5), ("polygons", 2)] {
        let file = dir.join(format!("sco.{kind}.geojson"));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("split file"))
                .expect("JSON");
        assert_eq!(
            v["features"].as_array().expect("features").len(),
            n,
            "{kind}"
        );
        assert!(text(&out.stderr).contains(&format!("sco.{kind}.geojson ({n} features)")));
    }
    assert!(!out_path.exists(), "no unsplit file besides");

    let out = placemap(&["export", scene, "-o", "-", "--split"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--split writes one file a geometry type"));

    let topo = dir.join("sco.topojson");
    let out = placemap(&["export", scene, "-o", topo.to_str().expect("path")], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&topo).expect("topojson")).expect("JSON");
    assert_eq!(v["type"], "Topology");
}

#[test]
fn render_warns_of_a_guess_at_its_path_and_strict_refuses_it() {
    let guess = "\"Samarknd\" is not a known place; guessed Samarkand (Uzbekistan) (use --strict to refuse guesses)";
    for (input, origin) in [
        (
            &["tests/fixtures/guessed-place.json"][..],
            "markers[1].place",
        ),
        (
            &["--csv", "tests/fixtures/guessed-place.csv"][..],
            "tests/fixtures/guessed-place.csv line 3",
        ),
    ] {
        let out = placemap(&[&["render"], input, &["-o", "-"]].concat(), None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert_eq!(text(&out.stderr), format!("warning: {origin}: {guess}\n"));
        assert!(text(&out.stdout).contains("Samarkand"));

        let out = placemap(
            &[&["render"], input, &["--strict", "-o", "-"]].concat(),
            None,
        );
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(out.stdout.is_empty());
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!(
                "error: {origin}: unknown place \"Samarknd\"; did you mean \"Samarkand\" (Uzbekistan)"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_highlight_the_basemap_cannot_outline_is_marked_with_a_warning() {
    // Natural Earth draws Spain's provinces, not Catalonia: the region is marked instead.
    let args = [
        "render",
        "--highlight",
        "Catalonia",
        "--format",
        "svg",
        "-o",
        "-",
    ];
    let out = placemap(&args, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "warning: highlight[0].place: the basemap has no outline of \"Catalonia\" to highlight; it is marked instead"
        ),
        "{}",
        text(&out.stderr)
    );
    let svg = text(&out.stdout);
    assert!(svg.contains(">Catalonia</text>"), "the mark is labelled");
    let out = placemap(&[&args[..], &["--strict"]].concat(), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "error: highlight[0].place: the basemap has no outline of \"Catalonia\" to highlight; highlight its country, or make it a marker"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_article_drafted_with_a_region_the_basemap_lacks_still_renders() {
    let out = placemap(
        &[
            "render",
            "--article",
            "tests/fixtures/catalonia-article.txt",
            "--format",
            "svg",
            "-o",
            "-",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no outline of \"Catalonia\""),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains("id=\"highlight-spain\""));
    assert!(
        !text(&out.stderr).contains("(markers["),
        "the mark's warnings name the highlight it stands for: {}",
        text(&out.stderr)
    );
}

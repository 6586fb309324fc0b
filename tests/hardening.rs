//! The built `placemap` binary against bad input: no panic, no unbounded read, no hang, no
//! lost or half-written file. One test per failure found by hand and by fuzzing.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
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

/// Runs placemap with stdin from a file (such as /dev/zero).
fn placemap_from(args: &[&str], stdin: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_placemap"))
        .args(args)
        .stdin(fs::File::open(stdin).expect("stdin file"))
        .output()
        .expect("placemap runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("placemap-hardening-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Fails on a panic or an abort: placemap must exit 0 or 1 (2 for usage) with a message.
fn assert_clean_exit(out: &Output) {
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(0..=2)),
        "{:?}: {stderr}",
        out.status
    );
}

fn assert_error(out: &Output, needle: &str) {
    assert_clean_exit(out);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "expected a failure: {stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
}

#[test]
fn a_very_long_name_prints_in_the_table() {
    let dir = scratch("long-name");
    let csv = dir.join("long.csv");
    let name = "A".repeat(70_000);
    fs::write(&csv, format!("name,lat,lon\n{name},10,20\n")).unwrap();
    let csv = csv.to_str().unwrap();
    for args in [
        vec!["resolve", "--custom", csv, "--reverse", "10,20"],
        vec![
            "resolve",
            "--no-embedded",
            "--custom",
            csv,
            "geonames:4000000000",
        ],
    ] {
        let out = placemap(&args, None);
        assert_clean_exit(&out);
        let stdout = text(&out.stdout);
        assert!(stdout.contains(&name), "{args:?}: {}", text(&out.stderr));
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_table_escapes_terminal_control_sequences() {
    let dir = scratch("escapes");
    let csv = dir.join("esc.csv");
    fs::write(&csv, "name,lat,lon\n\"Evil\u{1b}[2J\u{9b}31m\",10,20\n").unwrap();
    let out = placemap(
        &[
            "resolve",
            "--custom",
            csv.to_str().unwrap(),
            "--reverse",
            "10,20",
        ],
        None,
    );
    assert_clean_exit(&out);
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{9b}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("Evil\\u{1b}[2J\\u{9b}31m"), "{stdout}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn too_many_threads_are_refused() {
    let doc = b"{\"doc\": 1, \"text\": \"Flights to Tashkent.\"}\n";
    let out = placemap(
        &["extract", "-", "--format", "jsonl", "--threads", "5000"],
        Some(doc),
    );
    assert_error(&out, "--threads 5000: use 1 to 256");
    let out = placemap(
        &["extract", "-", "--format", "jsonl", "--threads", "256"],
        Some(doc),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn endless_lines_on_stdin_are_refused() {
    let out = placemap_from(&["resolve", "-"], Path::new("/dev/zero"));
    assert_error(&out, "line 1 is longer than 64 KB");
    let out = placemap_from(
        &["extract", "-", "--format", "jsonl"],
        Path::new("/dev/zero"),
    );
    assert_error(&out, "looks like a binary file (a NUL byte at offset 0)");
    let out = placemap_from(
        &["extract", "-", "--format", "jsonl", "--input-kind", "jsonl"],
        Path::new("/dev/zero"),
    );
    assert_error(&out, "line 1 is longer than 16 MB");
}

#[test]
fn names_before_a_long_line_are_still_resolved() {
    let mut input = b"Tashkent\n".to_vec();
    input.extend(std::iter::repeat_n(b'x', 100_000));
    input.extend(b"\nAstana\n");
    let out = placemap(&["resolve", "-", "--format", "jsonl"], Some(&input));
    assert_error(&out, "stdin: line 2 is longer than 64 KB");
    assert!(text(&out.stdout).contains("Tashkent"));
}

#[test]
fn devices_pipes_and_directories_are_refused() {
    let dir = scratch("not-files");
    let cases: Vec<Vec<String>> = vec![
        vec![
            "render".into(),
            "/dev/zero".into(),
            "-o".into(),
            dir.join("a.svg").display().to_string(),
        ],
        vec!["extract".into(), "/dev/zero".into()],
        vec![
            "resolve".into(),
            "--custom".into(),
            "/dev/zero".into(),
            "Paris".into(),
        ],
        vec![
            "render".into(),
            dir.display().to_string(),
            "-o".into(),
            dir.join("a.svg").display().to_string(),
        ],
    ];
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = placemap(&args, None);
        assert_error(&out, "not a regular file");
    }
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let out = placemap(&["extract", fifo.to_str().unwrap()], None);
            assert_error(&out, "a named pipe (FIFO), not a regular file");
        }
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_large_sparse_layer_is_refused_before_reading() {
    let dir = scratch("sparse");
    let layer = dir.join("big.geojson");
    let f = fs::File::create(&layer).unwrap();
    f.set_len(2 << 30).unwrap();
    fs::write(
        dir.join("scene.json"),
        r#"{"markers": [{"place": "Paris"}], "layers": [{"geojson": "big.geojson"}]}"#,
    )
    .unwrap();
    let out = placemap(
        &[
            "render",
            dir.join("scene.json").to_str().unwrap(),
            "-o",
            dir.join("map.svg").to_str().unwrap(),
        ],
        None,
    );
    assert_error(&out, "more than 512 MB");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_scene_with_trailing_content_is_refused() {
    let dir = scratch("trailing");
    for (content, needle) in [
        (
            r#"{"markers": [{"place": "Paris"}]} {"markers": [{"place": "Rome"}]}"#,
            "a file holds one scene",
        ),
        (
            r#"{"markers": [{"place": "Paris"}]} junk"#,
            "a file holds one scene",
        ),
        (r#"["a title"]"#, "expected a JSON object"),
    ] {
        let scene = dir.join("scene.json");
        fs::write(&scene, content).unwrap();
        let out = placemap(
            &[
                "render",
                scene.to_str().unwrap(),
                "-o",
                dir.join("m.svg").to_str().unwrap(),
            ],
            None,
        );
        assert_error(&out, needle);
        assert!(!dir.join("m.svg").exists());
    }
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_output_may_not_be_an_input() {
    let dir = scratch("overwrite");
    let scene = dir.join("scene.json");
    let original = r#"{"markers": [{"place": "Paris"}]}"#;
    fs::write(&scene, original).unwrap();
    let csv = dir.join("places.csv");
    fs::write(&csv, "name\nRome\n").unwrap();
    let article = dir.join("article.txt");
    fs::write(&article, "Talks in Tashkent and Astana.").unwrap();
    let s = scene.to_str().unwrap();
    let same_by_another_name = dir.join(".").join("scene.json");
    let cases: Vec<Vec<&str>> = vec![
        vec!["render", s, "-o", s, "--format", "svg"],
        vec![
            "render",
            s,
            "-o",
            same_by_another_name.to_str().unwrap(),
            "--format",
            "svg",
        ],
        vec!["export", s, "-o", s],
        vec![
            "render",
            "--csv",
            csv.to_str().unwrap(),
            "-o",
            csv.to_str().unwrap(),
            "--format",
            "svg",
        ],
        vec![
            "draft",
            article.to_str().unwrap(),
            "-o",
            article.to_str().unwrap(),
        ],
    ];
    for args in &cases {
        let out = placemap(args, None);
        assert_error(&out, "is the ");
        assert_error(&out, "being read");
    }
    assert_eq!(fs::read_to_string(&scene).unwrap(), original);
    assert_eq!(fs::read_to_string(&csv).unwrap(), "name\nRome\n");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn outputs_replace_files_whole() {
    let dir = scratch("atomic");
    let scene = dir.join("scene.json");
    fs::write(&scene, r#"{"markers": [{"place": "Paris"}]}"#).unwrap();
    let out_path = dir.join("out.geojson");
    fs::write(&out_path, "old").unwrap();
    let out = placemap(
        &[
            "export",
            scene.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&out_path).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    // Only the scene and the output: no temporary file left beside it.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
    // A scene that fails leaves the old output alone.
    fs::write(&scene, r#"{"markers": [{"place": "Nowhereville Qqq"}]}"#).unwrap();
    let before = fs::read(&out_path).unwrap();
    let out = placemap(
        &[
            "export",
            scene.to_str().unwrap(),
            "-o",
            out_path.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert_eq!(fs::read(&out_path).unwrap(), before);
    // Devices are written, not replaced.
    let out = placemap(
        &["export", scene.to_str().unwrap(), "-o", "/dev/null"],
        None,
    );
    assert_clean_exit(&out);
    assert!(Path::new("/dev/null").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_documented_dpi_is_accepted() {
    let dir = scratch("dpi");
    let png = dir.join("m.png");
    let args = |dpi: &'static str| {
        vec![
            "render".to_string(),
            "--mark".into(),
            "Paris".into(),
            "--width".into(),
            "200".into(),
            "--height".into(),
            "200".into(),
            "--dpi".into(),
            dpi.into(),
            "-o".into(),
            png.display().to_string(),
        ]
    };
    for dpi in ["1200", "2400"] {
        let a = args(dpi);
        let out = placemap(&a.iter().map(String::as_str).collect::<Vec<_>>(), None);
        assert!(out.status.success(), "--dpi {dpi}: {}", text(&out.stderr));
        let decoder = png::Decoder::new(fs::File::open(&png).unwrap());
        let info = decoder.read_info().unwrap();
        assert_eq!(info.info().width, 200 * dpi.parse::<u32>().unwrap() / 96);
    }
    let a = args("2401");
    let out = placemap(&a.iter().map(String::as_str).collect::<Vec<_>>(), None);
    assert_error(&out, "--dpi 2401: use 10 to 2400");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn text_svg_cannot_hold_never_makes_a_malformed_svg() {
    let dir = scratch("xml");
    let svg = dir.join("m.svg");
    let out = placemap(
        &[
            "render",
            "--mark",
            "Paris",
            "--title",
            "Talks\u{ffff}",
            "-o",
            svg.to_str().unwrap(),
        ],
        None,
    );
    assert_error(&out, "title: character 6 is U+FFFF, which SVG cannot hold");
    assert!(!svg.exists());
    // A place name from elsewhere is written without the character.
    let csv = dir.join("odd.csv");
    fs::write(&csv, "name,lat,lon\nOdd\u{fffe}ville,48.0,2.0\n").unwrap();
    for name in ["m.svg", "m.png"] {
        let path = dir.join(name);
        let out = placemap(
            &[
                "render",
                "--custom",
                csv.to_str().unwrap(),
                "--mark",
                "geonames:4000000000",
                "--mark",
                "Paris",
                "-o",
                path.to_str().unwrap(),
            ],
            None,
        );
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
    }
    let svg = fs::read_to_string(dir.join("m.svg")).unwrap();
    assert!(svg.contains("Oddville") && !svg.contains('\u{fffe}'));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn export_keeps_legs_from_a_place_to_itself() {
    let dir = scratch("legs");
    let scene = dir.join("scene.json");
    fs::write(
        &scene,
        r#"{"routes": [
            {"stops": ["Paris", "Paris", "Rome"]},
            {"stops": [{"place": {"lat": 90, "lon": 0}}, {"place": {"lat": 90, "lon": 120}}]}
        ]}"#,
    )
    .unwrap();
    let out = placemap(&["export", scene.to_str().unwrap(), "-o", "-"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("routes[0] leg 1 (Paris → Paris) starts and ends at the same place"),
        "{stderr}"
    );
    assert!(stderr.contains("routes[1] leg 1"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let legs: Vec<&serde_json::Value> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["properties"]["layer"] == "leg" && f["properties"]["route_index"] == 0)
        .collect();
    let numbers: Vec<i64> = legs
        .iter()
        .map(|f| f["properties"]["leg"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(legs[0]["geometry"]["type"], "Point");
    for f in v["features"].as_array().unwrap() {
        let g = &f["geometry"];
        if g["type"] == "MultiLineString" || g["type"] == "LineString" {
            assert!(!g["coordinates"].as_array().unwrap().is_empty(), "{f}");
        }
    }
    fs::remove_dir_all(&dir).unwrap();
}

/// Generous bounds for a debug build on a busy machine (the linear code takes 2 to 60 s
/// there, with the other tests running beside it); the quadratic code these guard against
/// took several minutes in a debug build.
const LINEAR_SECONDS: u64 = 180;

#[test]
fn a_geonames_row_with_many_alternate_names_loads_in_linear_time() {
    let dir = scratch("alternates");
    let alts: Vec<String> = (0..100_000).map(|i| format!("Altname{i}")).collect();
    let row = [
        "9999991",
        "Testville",
        "Testville",
        &alts.join(","),
        "41.0",
        "69.0",
        "P",
        "PPL",
        "UZ",
        "",
        "01",
        "",
        "",
        "",
        "1000",
        "",
        "",
        "Asia/Tashkent",
        "2020-01-01",
    ];
    let dump = dir.join("dump.txt");
    fs::write(&dump, row.join("\t") + "\n").unwrap();
    let start = std::time::Instant::now();
    let out = placemap(
        &[
            "resolve",
            "--no-embedded",
            "--geonames",
            dump.to_str().unwrap(),
            "Altname99999",
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Testville"));
    assert!(
        start.elapsed().as_secs() < LINEAR_SECONDS,
        "{:?}",
        start.elapsed()
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn many_markers_render_in_linear_time() {
    let dir = scratch("markers");
    // 100,000 markers on a 1,000 x 100 grid of places, each marked once.
    let markers: Vec<String> = (0..100_000)
        .map(|i| {
            let (lat, lon) = (-50.0 + (i / 1000) as f64, -170.0 + (i % 1000) as f64 * 0.33);
            format!(r#"{{"place": {{"lat": {lat}, "lon": {lon:.2}}}}}"#)
        })
        .collect();
    let scene = dir.join("scene.json");
    fs::write(&scene, format!(r#"{{"markers": [{}]}}"#, markers.join(","))).unwrap();
    let start = std::time::Instant::now();
    let out = placemap(
        &[
            "render",
            scene.to_str().unwrap(),
            "-o",
            dir.join("m.svg").to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        start.elapsed().as_secs() < LINEAR_SECONDS,
        "{:?}",
        start.elapsed()
    );
    fs::remove_dir_all(&dir).unwrap();
}

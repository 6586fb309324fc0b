//! The pipeline runs one way (see docs/architecture.md): each module may use only the modules
//! upstream of it. This test reads the sources under `src/` and fails on a use that runs
//! against the flow.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each module and the crate modules it must not use.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "basemap",
        &[
            "gazetteer",
            "extract",
            "scene",
            "project",
            "geometry",
            "layout",
            "render",
            "export",
        ],
    ),
    (
        "geometry",
        &[
            "gazetteer",
            "extract",
            "scene",
            "project",
            "layout",
            "render",
            "export",
        ],
    ),
    (
        "project",
        &[
            "gazetteer",
            "extract",
            "scene",
            "layout",
            "render",
            "export",
        ],
    ),
    (
        "gazetteer",
        &[
            "extract", "scene", "project", "geometry", "layout", "render", "export",
        ],
    ),
    ("scene", &["extract", "layout", "render", "export"]),
    ("layout", &["extract", "render", "export"]),
    ("render", &["extract", "export"]),
    ("export", &["extract", "layout", "render"]),
    (
        "extract",
        &["project", "geometry", "layout", "render", "export"],
    ),
];

/// The Rust files of module `name`: `src/name.rs` or everything under `src/name/`.
fn files(name: &str) -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let single = src.join(format!("{name}.rs"));
    if single.is_file() {
        out.push(single);
    }
    let mut dirs = vec![src.join(name)];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The crate modules a source uses (`crate::name`), comments left out.
fn uses(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in source.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        for (i, _) in code.match_indices("crate::") {
            // `placemap::crate::` cannot occur; `$crate::` is a macro's own crate.
            if code[..i].ends_with('$') {
                continue;
            }
            let name: String = code[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn every_module_uses_only_modules_upstream_of_it() {
    let mut broken = Vec::new();
    for (module, forbidden) in FORBIDDEN {
        let files = files(module);
        assert!(!files.is_empty(), "no sources for module {module}");
        for path in files {
            let source = std::fs::read_to_string(&path).expect("source file");
            for used in uses(&source) {
                if forbidden.contains(&used.as_str()) {
                    broken.push(format!("{} uses crate::{used}", path.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "against the pipeline:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_checker_sees_uses_and_skips_comments() {
    let found = uses(
        "use crate::render::svg;\n// crate::export\nlet t = crate::project::X; // crate::layout",
    );
    let found: Vec<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(found, ["project", "render"]);
}

/// The scene's projection is parsed once, when the scene is resolved; the layout reads the
/// typed `SceneProjection` and never the scene's strings.
#[test]
fn the_layout_reads_the_parsed_projection() {
    for path in files("layout") {
        let source = std::fs::read_to_string(&path).expect("source file");
        for needle in ["ProjectionSpec", "s.projection", "scene.scene.projection"] {
            assert!(
                !source.contains(needle),
                "{} uses {needle}; read ResolvedScene::projection instead",
                path.display()
            );
        }
    }
}

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

/// The longest a function in `src/layout` or `src/render` may be, in lines.
const MAX_FUNCTION_LINES: usize = 150;

/// Each function of a source with its first line (from 1) and its length in lines, from its
/// `fn` to its closing brace. Braces in strings, characters and comments are skipped.
fn functions(source: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let Some(at) = code.find("fn ") else { continue };
        let head = &code[..at];
        let is_item = head.split_whitespace().all(|w| {
            [
                "pub",
                "pub(crate)",
                "pub(super)",
                "const",
                "async",
                "unsafe",
            ]
            .contains(&w)
        });
        if !is_item || code.starts_with("//") {
            continue;
        }
        let name: String = code[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if let Some(end) = closing_line(&lines[start..]) {
            out.push((name, start + 1, end + 1));
        }
    }
    out
}

/// The index of the line whose brace closes the first `{` in `lines`; `None` for a
/// function without a body (a trait's declaration).
fn closing_line(lines: &[&str]) -> Option<usize> {
    let mut depth = 0usize;
    let mut opened = false;
    for (i, line) in lines.iter().enumerate() {
        let mut chars = line.chars().peekable();
        let mut in_str = false;
        while let Some(c) = chars.next() {
            match c {
                '\\' if in_str => {
                    chars.next();
                }
                '"' => in_str = !in_str,
                _ if in_str => {}
                '/' if chars.peek() == Some(&'/') => break,
                '\'' => {
                    // A character literal ('{', '\''), or a lifetime: skip the literal.
                    let rest: String = chars.clone().take(3).collect();
                    if rest.starts_with('\\') {
                        chars.nth(2);
                    } else if rest.chars().nth(1) == Some('\'') {
                        chars.nth(1);
                    }
                }
                ';' if !opened && depth == 0 => return None,
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    if opened && depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

#[test]
fn no_function_in_layout_or_render_is_over_150_lines() {
    let mut long = Vec::new();
    for module in ["layout", "render"] {
        for path in files(module) {
            let source = std::fs::read_to_string(&path).expect("source file");
            for (name, first, lines) in functions(&source) {
                if lines > MAX_FUNCTION_LINES {
                    long.push(format!(
                        "{}:{first}: {name} is {lines} lines",
                        path.display()
                    ));
                }
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines; split them:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_length_checker_counts_bodies_and_skips_braces_in_text() {
    let source = "fn a() {\n    let s = \"{{\";\n    let c = '{';\n    // {\n}\n\
                  pub(crate) fn b<'x>(v: &'x str) -> &'x str {\n    v\n}\n\
                  trait T {\n    fn c(&self);\n}\n";
    let found = functions(source);
    assert_eq!(
        found,
        [("a".to_string(), 1, 5), ("b".to_string(), 6, 3)],
        "c has no body"
    );
}

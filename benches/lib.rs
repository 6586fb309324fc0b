//! Shared set-up for placemap's benchmarks: the embedded gazetteer and scene loading.

use std::path::{Path, PathBuf};

use placemap::gazetteer::Gazetteer;
use placemap::scene::{self, ResolveSceneOptions, ResolvedScene, Scene};

/// The repository root (the benches crate lives one level down).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("benches/ has a parent")
        .to_path_buf()
}

/// Reads, parses and resolves a scene file relative to the repository root.
pub fn resolved_scene(gazetteer: &Gazetteer, relative: &str) -> ResolvedScene {
    let path = repo_root().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    resolve_text(gazetteer, &text)
}

/// Parses and resolves scene JSON.
pub fn resolve_text(gazetteer: &Gazetteer, text: &str) -> ResolvedScene {
    let scene = Scene::from_json(text).unwrap_or_else(|e| panic!("scene: {e}"));
    let (resolved, _warnings) = scene::resolve(&scene, gazetteer, &ResolveSceneOptions::default())
        .unwrap_or_else(|e| panic!("scene: {e}"));
    resolved
}

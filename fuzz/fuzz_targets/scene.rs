//! Scene files: any text is a scene or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(scene) = placemap::scene::Scene::from_json(text) {
        // A scene that reads writes back as one that reads the same.
        let json = serde_json::to_string(&scene).expect("a scene serialises");
        let again = placemap::scene::Scene::from_json(&json).expect("a written scene reads");
        assert_eq!(serde_json::to_string(&again).unwrap(), json);
    }
});

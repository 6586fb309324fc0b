//! CSV tables of markers and routes: any text is a scene or errors, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(table) = placemap::scene::from_csv(text) {
        let _ = table.scene.validate();
    }
});

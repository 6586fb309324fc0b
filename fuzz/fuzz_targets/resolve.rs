//! Gazetteer queries: any name is a place or an error, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use placemap::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fuzz_target!(|name: &str| {
    if let Ok(r) = gazetteer().resolve(name) {
        let _ = r.to_record();
    }
});

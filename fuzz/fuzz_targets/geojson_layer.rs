//! GeoJSON layers: any text is features or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = placemap::scene::parse_geojson(text);
});

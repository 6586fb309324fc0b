//! GeoJSON layers: any text is features or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = placemap::overlay::parse_geojson(text);
});

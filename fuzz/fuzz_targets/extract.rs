//! Place extraction: any text gives mentions whose offsets lie on its character
//! boundaries, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use placemap::extract::Extractor;
use placemap::gazetteer::Gazetteer;

fn gazetteer() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

fuzz_target!(|text: &str| {
    for m in Extractor::new(gazetteer()).extract(text) {
        let r = m.to_record();
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    }
});

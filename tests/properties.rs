//! Properties that hold for any input: scenes read back as written, the line reader's
//! bounds, the XML character filter.

use placemap::io::LineReader;
use placemap::scene::Scene;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any title, labels and marker positions: a scene written to JSON reads back the same.
    #[test]
    fn scenes_round_trip(
        title in "\\PC{0,40}",
        places in prop::collection::vec((-90.0f64..=90.0, -180.0f64..=180.0, "\\PC{0,20}"), 0..8),
    ) {
        let markers: Vec<serde_json::Value> = places
            .iter()
            .map(|(lat, lon, label)| {
                serde_json::json!({"place": {"lat": lat, "lon": lon}, "label": label})
            })
            .collect();
        let json = serde_json::json!({"title": title, "markers": markers}).to_string();
        match Scene::from_json(&json) {
            Ok(scene) => {
                let again = Scene::from_json(&serde_json::to_string(&scene).unwrap()).unwrap();
                prop_assert_eq!(
                    serde_json::to_value(&again).unwrap(),
                    serde_json::to_value(&scene).unwrap()
                );
            }
            // Text SVG cannot hold is the one thing refused here.
            Err(e) => prop_assert!(e.to_string().contains("which SVG cannot hold"), "{}", e),
        }
    }

    /// Lines come back whole and in order when short enough, and a longer one is an error,
    /// never a line cut short.
    #[test]
    fn the_line_reader_keeps_its_bounds(
        lines in prop::collection::vec("[a-z]{0,20}", 0..20),
        max in 0usize..24,
    ) {
        let text = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
        let mut reader = LineReader::new(text.as_bytes(), max);
        for line in &lines {
            match reader.next_line() {
                Ok(Some(got)) => {
                    prop_assert!(line.len() <= max);
                    prop_assert_eq!(got, line.as_bytes());
                }
                Ok(None) => prop_assert!(false, "ended early"),
                Err(_) => {
                    prop_assert!(line.len() > max);
                    return Ok(());
                }
            }
        }
        prop_assert!(reader.next_line().unwrap().is_none());
    }

    /// The filter keeps exactly what XML allows.
    #[test]
    fn the_xml_filter_keeps_what_xml_allows(s in "\\PC*|[\\x00-\\x1f\\u{fffe}\\u{ffff}a]*") {
        let kept = placemap::xml::strip(&s);
        prop_assert!(placemap::xml::first_forbidden(&kept).is_none());
        let expected: String = s.chars().filter(|&c| placemap::xml::allowed(c)).collect();
        prop_assert_eq!(kept, expected);
    }
}

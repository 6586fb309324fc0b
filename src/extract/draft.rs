//! A first scene for an article: its main cities as markers, the countries it names as
//! highlights, an extent that fits them and the article's first line as the title.

use std::collections::BTreeMap;

use super::Mention;
use crate::basemap::Detail;
use crate::gazetteer::{Gazetteer, PlaceKind, Resolution};
use crate::scene::{
    outline_of, Color, ExtentSpec, Highlight, Icon, Marker, MarkerSize, NamedSize, PlaceRef, Scene,
};

/// The most markers a draft gets; more make a map no one reads.
pub const MAX_MARKERS: usize = 8;

/// The longest title taken from the article, in characters.
const MAX_TITLE_CHARS: usize = 100;

/// Tint for countries named beside the main one.
const SECONDARY_FILL: Color = Color::hex(0xf8e3b8);

/// Legend entry for the tint of countries named beside the main one.
const SECONDARY_LEGEND: &str = "Also named in the article";

/// A place the article names, with how often and where first.
struct Named<'a, 'g> {
    resolution: &'a Resolution<'g>,
    /// Mentions, demonyms included.
    count: usize,
    /// Mentions by name, not by demonym.
    named: usize,
    first: usize,
}

/// Drafts a scene for an article from its mentions (as [`Extractor::extract`] finds
/// them; demonyms count for their country but do not make it a highlight).
///
/// The first city the text names is the story's place and comes first, with a large star;
/// the other cities follow by how often the text names them, then by who comes first. The
/// country of the story's place is the main highlight (then the country named most by
/// name); other countries and regions named get a lighter tint. Places are written by name when the name alone resolves to the same place, otherwise with
/// their country or as coordinates, so that rendering the draft gives the places found.
///
/// [`Extractor::extract`]: super::Extractor::extract
pub fn draft(text: &str, mentions: &[Mention<'_>], gazetteer: &Gazetteer) -> Scene {
    let mut places: BTreeMap<u32, Named<'_, '_>> = BTreeMap::new();
    for m in mentions {
        let entry = places.entry(m.resolution.place.id).or_insert(Named {
            resolution: &m.resolution,
            count: 0,
            named: 0,
            first: m.start,
        });
        entry.count += 1;
        entry.named += usize::from(!m.resolution.demonym);
        if m.resolution.demonym && !entry.resolution.demonym {
            continue;
        }
        if entry.resolution.demonym && !m.resolution.demonym {
            entry.resolution = &m.resolution;
        }
    }
    let mut cities: Vec<&Named<'_, '_>> = places
        .values()
        .filter(|n| matches!(n.resolution.place.kind, PlaceKind::City | PlaceKind::Point))
        .collect();
    // The story's place (the first city named) first, then by mentions and first mention.
    let lead = cities.iter().map(|n| n.first).min();
    cities.sort_by(|a, b| {
        (Some(b.first) == lead)
            .cmp(&(Some(a.first) == lead))
            .then(b.count.cmp(&a.count))
            .then(a.first.cmp(&b.first))
    });
    cities.truncate(MAX_MARKERS);
    let mut areas: Vec<&Named<'_, '_>> = places
        .values()
        .filter(|n| {
            !n.resolution.demonym
                && matches!(
                    n.resolution.place.kind,
                    PlaceKind::Country | PlaceKind::Region
                )
        })
        .collect();
    // The country of the story's place first (the host), then by mentions by name.
    let host = cities
        .first()
        .map(|c| c.resolution.place.country_code)
        .unwrap_or_default();
    areas.sort_by(|a, b| {
        let hosts = |n: &Named<'_, '_>| {
            n.resolution.place.kind == PlaceKind::Country && n.resolution.place.country_code == host
        };
        hosts(b)
            .cmp(&hosts(a))
            .then(b.named.cmp(&a.named))
            .then(a.first.cmp(&b.first))
    });

    let mut scene = Scene::from_json("{}").unwrap_or_default();
    let main_place = cities
        .first()
        .or(areas.first())
        .map(|n| n.resolution.place.name.to_string());
    scene.title = title(text).or(main_place);
    scene.markers = cities
        .iter()
        .map(|n| {
            let story = Some(n.first) == lead;
            Marker {
                place: place_ref(n.resolution, gazetteer),
                label: None,
                note: None,
                icon: if story { Icon::Star } else { Icon::Circle },
                size: Some(MarkerSize::Named(if story {
                    NamedSize::Large
                } else if n.count > 1 {
                    NamedSize::Medium
                } else {
                    NamedSize::Small
                })),
                color: None,
                priority: None,
                legend: None,
                date: None,
            }
        })
        .collect();
    // One entry explains the tint that all the other countries share: on the first that
    // the map can tint (a region the basemap has no outline of is marked instead, with a
    // warning, when the scene is resolved).
    let explained = areas
        .iter()
        .skip(1)
        .position(|n| has_outline(n.resolution))
        .map(|i| i + 1);
    scene.highlight = areas
        .iter()
        .enumerate()
        .map(|(i, n)| Highlight {
            place: place_ref(n.resolution, gazetteer),
            fill: (i > 0).then_some(SECONDARY_FILL),
            legend: (Some(i) == explained).then(|| SECONDARY_LEGEND.to_string()),
        })
        .collect();
    let mut fit: Vec<PlaceRef> = scene.markers.iter().map(|m| m.place.clone()).collect();
    if let Some(main) = scene.highlight.first() {
        fit.push(main.place.clone());
    }
    if !fit.is_empty() {
        scene.extent = ExtentSpec::Fit { fit };
    }
    scene
}

/// Whether the basemap can outline the place (as the map's highlights are drawn).
fn has_outline(r: &Resolution<'_>) -> bool {
    let p = &r.place;
    outline_of(p.kind, p.country_code, &p.name, p.code, Detail::D50m)
        .map_or(true, |shape| shape.is_some())
}

/// The article's first non-empty line when it is a headline (at most
/// [`MAX_TITLE_CHARS`]); a longer line is a sentence, never cut into a title, so the draft
/// is titled by its main place instead.
fn title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
    (line.chars().count() <= MAX_TITLE_CHARS).then(|| line.to_string())
}

/// How to write a place so that the scene resolves to it again: its name if the name
/// alone gives it, else its name and country or region, else its coordinates.
fn place_ref(r: &Resolution<'_>, gazetteer: &Gazetteer) -> PlaceRef {
    let p = &r.place;
    let name = p.name.to_string();
    if gazetteer.resolve(&name).is_ok_and(|g| g.place.id == p.id) {
        return PlaceRef::Name(name);
    }
    for within in [p.region, p.country_code] {
        if within.is_empty() {
            continue;
        }
        let query = format!("{name}, {within}");
        if gazetteer.resolve(&query).is_ok_and(|g| g.place.id == p.id) {
            return PlaceRef::Query {
                name,
                country: Some(within.to_string()),
            };
        }
    }
    PlaceRef::Point {
        lat: p.lat,
        lon: p.lon,
        name: Some(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    #[test]
    fn titles_are_the_first_line_when_it_is_a_headline() {
        assert_eq!(
            title("\n  Floods in Kyiv \nmore").as_deref(),
            Some("Floods in Kyiv")
        );
        let long = format!("{} end", "word ".repeat(30));
        assert_eq!(title(&long), None, "a sentence is never cut into a title");
        assert_eq!(title(" \n "), None);
    }

    #[test]
    fn drafts_cities_countries_and_extent() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Talks in Tashkent\nLeaders met in Tashkent, Uzbekistan. Moscow and \
                    Beijing sent envoys; Moscow said Kazakhstan and Uzbekistan agreed.";
        let mentions = Extractor::new(&g).extract(text);
        let scene = draft(text, &mentions, &g);
        assert_eq!(scene.title.as_deref(), Some("Talks in Tashkent"));
        let markers: Vec<&PlaceRef> = scene.markers.iter().map(|m| &m.place).collect();
        assert_eq!(
            markers,
            [
                &PlaceRef::Name("Tashkent".into()),
                &PlaceRef::Name("Moscow".into()),
                &PlaceRef::Name("Beijing".into())
            ]
        );
        assert_eq!(scene.markers[0].icon, Icon::Star);
        assert_eq!(
            scene.highlight[0].place,
            PlaceRef::Name("Uzbekistan".into())
        );
        assert!(scene.highlight[0].fill.is_none() && scene.highlight[1].fill.is_some());
        assert_eq!(
            scene.highlight[1].legend.as_deref(),
            Some(SECONDARY_LEGEND),
            "the tint is explained"
        );
        assert!(matches!(&scene.extent, ExtentSpec::Fit { fit } if fit.len() == 4));
        assert!(
            scene.scale_bar,
            "serde defaults, not Default, fill the rest"
        );
    }

    #[test]
    fn a_long_first_sentence_gives_way_to_the_main_place() {
        let g = Gazetteer::embedded().unwrap();
        let text = format!(
            "Leaders of the region met in Tashkent on Thursday {}to talk trade.",
            "and spoke at length ".repeat(6)
        );
        let scene = draft(&text, &Extractor::new(&g).extract(&text), &g);
        assert_eq!(scene.title.as_deref(), Some("Tashkent"));
    }

    #[test]
    fn namesakes_chosen_by_context_keep_their_qualifier() {
        let g = Gazetteer::embedded().unwrap();
        let text = "Storm\nThe storm hit Athens, Ga., and Atlanta.";
        let scene = draft(text, &Extractor::new(&g).extract(text), &g);
        assert!(matches!(
            &scene.markers[0].place,
            PlaceRef::Query { name, country: Some(c) } if name == "Athens" && c == "Georgia"
        ));
    }

    #[test]
    fn the_tint_is_explained_on_a_place_the_map_can_tint() {
        // Catalonia is named more than France, but the basemap has no outline of it.
        let g = Gazetteer::embedded().unwrap();
        let text = "Rally\nCrowds in Barcelona cheered for Catalonia; Catalonia voted. \
                    Spain and France watched.";
        let scene = draft(text, &Extractor::new(&g).extract(text), &g);
        let names: Vec<&PlaceRef> = scene.highlight.iter().map(|h| &h.place).collect();
        assert_eq!(
            names,
            [
                &PlaceRef::Name("Spain".into()),
                &PlaceRef::Name("Catalonia".into()),
                &PlaceRef::Name("France".into())
            ]
        );
        assert_eq!(scene.highlight[1].legend, None);
        assert_eq!(scene.highlight[2].legend.as_deref(), Some(SECONDARY_LEGEND));
    }
}

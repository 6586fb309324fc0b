//! The basemap outlines of highlighted countries, regions and continents.

use geo_types::MultiPolygon;

use super::{ResolvedHighlight, ResolvedPlace};
use crate::basemap::{self, BasemapError, Detail, Feature};
use crate::gazetteer::PlaceKind;

/// Why a highlight has no outline.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OutlineError {
    /// The embedded basemap could not be read (a bug: it is embedded and tested).
    #[error("basemap: {0}")]
    Basemap(#[from] BasemapError),
    /// The place is not a country, first-level region or continent of the basemap.
    #[error("no outline of {name:?} in the basemap (only countries, first-level regions and continents can be highlighted)")]
    Missing {
        /// Index of the highlight.
        index: usize,
        /// The place's name.
        name: String,
    },
}

/// First-level regions that Natural Earth draws apart but that a highlight of the region
/// around them includes: Sevastopol (UA-40) lies inside Crimea (UA-43), and both are Ukraine
/// in the UN's view, so a highlight of Crimea leaves no hole where the city is.
const ENCLOSED_REGIONS: &[(&str, &[&str])] = &[("UA-43", &["UA-40"])];

/// The ISO 3166-2 codes whose outlines make up the region `code`: itself and any region it
/// encloses.
fn region_codes(code: &str) -> impl Iterator<Item = &str> {
    let enclosed = ENCLOSED_REGIONS
        .iter()
        .filter(move |(outer, _)| *outer == code)
        .flat_map(|(_, inner)| inner.iter().copied());
    std::iter::once(code).chain(enclosed)
}

/// The polygons of each highlight, in order: countries by ISO code at `detail`, continents
/// by their countries, first-level regions by ISO 3166-2 code (shipped at 10m only).
pub fn highlight_outlines(
    highlights: &[ResolvedHighlight],
    detail: Detail,
) -> Result<Vec<MultiPolygon<f64>>, OutlineError> {
    let mut out = Vec::with_capacity(highlights.len());
    for (index, h) in highlights.iter().enumerate() {
        match outline(&h.place, detail)? {
            Some(shape) => out.push(shape),
            None => {
                return Err(OutlineError::Missing {
                    index,
                    name: h.place.name.clone(),
                })
            }
        }
    }
    Ok(out)
}

/// The outline of a country, first-level region or continent at `detail` (regions at 10m
/// only), or `None` when the basemap has none: a city, or a region the basemap lacks.
pub fn outline(
    place: &ResolvedPlace,
    detail: Detail,
) -> Result<Option<MultiPolygon<f64>>, OutlineError> {
    outline_of(
        place.kind,
        &place.country_code,
        &place.name,
        &place.code,
        detail,
    )
}

/// [`outline`] of a place given by its kind, country, name and ISO 3166-2 code.
pub(crate) fn outline_of(
    kind: PlaceKind,
    country_code: &str,
    name: &str,
    code: &str,
    detail: Detail,
) -> Result<Option<MultiPolygon<f64>>, OutlineError> {
    let mut shape = MultiPolygon::new(Vec::new());
    let mut take = |f: &Feature| {
        if let Some(polys) = f.geometry.polygons() {
            shape.0.extend(polys.0.iter().cloned());
        }
    };
    match kind {
        PlaceKind::Country => basemap::countries(detail)?
            .iter()
            .filter(|f| f.prop("iso_a2") == Some(country_code))
            .for_each(&mut take),
        PlaceKind::Continent => basemap::countries(detail)?
            .iter()
            .filter(|f| {
                f.prop("continent")
                    .is_some_and(|c| c.eq_ignore_ascii_case(name))
            })
            .for_each(&mut take),
        _ if code.is_empty() => {}
        _ => basemap::admin1()?
            .iter()
            .filter(|f| {
                f.prop("iso_3166_2")
                    .is_some_and(|c| region_codes(code).any(|r| r == c))
            })
            .for_each(&mut take),
    }
    Ok((!shape.0.is_empty()).then_some(shape))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crimea_takes_sevastopol_with_it() {
        assert_eq!(
            region_codes("UA-43").collect::<Vec<_>>(),
            ["UA-43", "UA-40"]
        );
        assert_eq!(region_codes("DE-BY").collect::<Vec<_>>(), ["DE-BY"]);
    }
}

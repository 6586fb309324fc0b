//! The basemap outlines of highlighted countries, regions and continents.

use geo_types::MultiPolygon;

use super::ResolvedHighlight;
use crate::basemap::{self, BasemapError, Detail, Feature, Layer};
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

/// The polygons of each highlight, in order: countries by ISO code at `detail`, continents
/// by their countries, first-level regions by ISO 3166-2 code (shipped at 10m only).
pub fn highlight_outlines(
    highlights: &[ResolvedHighlight],
    detail: Detail,
) -> Result<Vec<MultiPolygon<f64>>, OutlineError> {
    if highlights.is_empty() {
        return Ok(Vec::new());
    }
    let countries = basemap::countries(detail)?;
    let mut admin1: Option<Vec<Feature>> = None;
    let mut out = Vec::with_capacity(highlights.len());
    for (index, h) in highlights.iter().enumerate() {
        let p = &h.place;
        let mut shape = MultiPolygon::new(Vec::new());
        let mut take = |f: &Feature| {
            if let Some(polys) = f.geometry.polygons() {
                shape.0.extend(polys.0.iter().cloned());
            }
        };
        match p.kind {
            PlaceKind::Country => countries
                .iter()
                .filter(|f| f.prop("iso_a2") == Some(p.country_code.as_str()))
                .for_each(&mut take),
            PlaceKind::Continent => countries
                .iter()
                .filter(|f| {
                    f.prop("continent")
                        .is_some_and(|c| c.eq_ignore_ascii_case(&p.name))
                })
                .for_each(&mut take),
            _ => {
                if admin1.is_none() {
                    admin1 = Some(basemap::load(Detail::D10m, Layer::Admin1)?);
                }
                admin1
                    .iter()
                    .flatten()
                    .filter(|f| !p.code.is_empty() && f.prop("iso_3166_2") == Some(p.code.as_str()))
                    .for_each(&mut take);
            }
        }
        if shape.0.is_empty() {
            return Err(OutlineError::Missing {
                index,
                name: p.name.clone(),
            });
        }
        out.push(shape);
    }
    Ok(out)
}

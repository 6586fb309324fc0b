//! placemap turns place names into publication-quality maps, offline.
//!
//! The pipeline follows the data:
//!
//! ```text
//! text / names ─▶ gazetteer ─▶ scene (geographic, WGS84) ─▶ map (projected, laid out) ─▶ svg / png / pdf
//!                                          └─▶ geojson export
//! ```
//!
//! The [`gazetteer`] resolves names in any common spelling or script to places:
//!
//! ```
//! let gazetteer = placemap::gazetteer::Gazetteer::embedded()?;
//! let kyiv = gazetteer.resolve("Kiev")?;
//! assert_eq!(kyiv.place.name, "Kyiv");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod basemap;
pub mod export;
pub mod extract;
mod fonts;
pub mod gazetteer;
pub mod geometry;
pub mod io;
pub mod layout;
mod parallel;
pub mod project;
pub mod render;
pub mod scene;
pub mod service;
pub mod xml;

/// The README's library example, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExample;

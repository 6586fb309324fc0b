//! `placemap export`: a scene as GeoJSON for GIS tools.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use placemap::basemap::Detail;
use placemap::export::{self, ExportOptions};
use placemap::scene::{self, ResolveSceneOptions, ThemeName};

use super::render::{layer_paths, read_scene, scene_dir};
use super::resolve::open_gazetteer;

/// Write a scene as an RFC 7946 GeoJSON FeatureCollection.
///
/// Markers and route stops become Points, routes LineStrings along their great circles (cut
/// at the antimeridian), highlights (Multi)Polygons. Colours travel as simplestyle-spec
/// properties, so geojson.io, GitHub and QGIS show the scene's styling.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap export examples/sco-samarkand.json -o sco-samarkand.geojson
  placemap export examples/pacific-trip.json -o - --detail 110m | ogrinfo -so /vsistdin/")]
pub struct ExportArgs {
    /// Scene file (JSON); `-` reads stdin.
    scene: PathBuf,

    /// Output file; `-` writes stdout.
    #[arg(long, short)]
    output: PathBuf,

    /// Detail of highlighted outlines: 110m, 50m or 10m (regions are always 10m).
    #[arg(long, default_value = "50m")]
    detail: Detail,

    /// Theme whose colours fill in what the scene leaves unset.
    #[arg(long)]
    theme: Option<ThemeName>,

    /// Treat guessed (misspelt) names as errors.
    #[arg(long)]
    strict: bool,

    /// Extra places from a CSV or GeoJSON file, as for `placemap resolve`. Repeatable.
    #[arg(long, value_name = "FILE")]
    custom: Vec<PathBuf>,
}

/// Runs `placemap export`.
pub fn run(args: &ExportArgs) -> Result<()> {
    let scene = read_scene(&args.scene)?;
    let layers = layer_paths(&scene, Some(&args.scene));
    super::files::refuse_overwrite(
        &args.output,
        std::iter::once(("scene", args.scene.as_path()))
            .chain(args.custom.iter().map(|p| ("--custom file", p.as_path())))
            .chain(layers.iter().map(|p| ("layer", p.as_path()))),
    )?;
    let gazetteer = open_gazetteer(false, &args.custom, None, None)?;
    let (resolved, warnings) = scene::resolve(
        &scene,
        &gazetteer,
        &ResolveSceneOptions {
            strict: args.strict,
            base_dir: scene_dir(Some(&args.scene)),
        },
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.scene.display()))?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let collection = export::export(
        &resolved,
        &ExportOptions {
            detail: args.detail,
            theme: args.theme,
        },
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.scene.display()))?;
    // A leg from a place to itself is kept as a point, numbered with the others; say so.
    for f in &collection.features {
        let is_point = matches!(
            f.geometry.as_ref().map(|g| &g.value),
            Some(geojson::GeometryValue::Point { .. })
        );
        if is_point && export::string_property(f, "layer") == Some("leg") {
            let prop = |k: &str| f.property(k).map(ToString::to_string).unwrap_or_default();
            eprintln!(
                "warning: routes[{}] leg {} ({} → {}) starts and ends at the same place; exported as a Point",
                prop("route_index"),
                prop("leg"),
                export::string_property(f, "from").unwrap_or_default(),
                export::string_property(f, "to").unwrap_or_default(),
            );
        }
    }
    let text = export::to_string(&collection);
    super::files::write_output(&args.output, text.as_bytes())
}

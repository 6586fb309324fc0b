//! `placemap export`: a scene as GeoJSON for GIS tools.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use placemap::basemap::Detail;
use placemap::export::{self, ExportOptions};
use placemap::scene::{self, ResolveSceneOptions, ThemeName};

use super::render::{layer_paths, read_scene, scene_dir};
use super::resolve::open_gazetteer;

/// What `placemap export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// An RFC 7946 GeoJSON FeatureCollection.
    Geojson,
    /// A TopoJSON Topology, one object a geometry type, for d3 and Observable.
    Topojson,
}

/// Write a scene as an RFC 7946 GeoJSON FeatureCollection, or as TopoJSON.
///
/// Markers and route stops become Points, routes LineStrings along their great circles (cut
/// at the antimeridian), highlights (Multi)Polygons. Colours travel as simplestyle-spec
/// properties, so geojson.io, GitHub and QGIS show the scene's styling. --split writes one
/// file a geometry type, with lists as text, for QGIS and GeoPackage.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap export examples/sco-samarkand.json -o sco-samarkand.geojson
  placemap export examples/sco-samarkand.json -o sco.geojson --split
      # sco.points.geojson, sco.lines.geojson, sco.polygons.geojson
  placemap export examples/sco-samarkand.json -o sco.topojson --format topojson
  placemap export examples/pacific-trip.json -o - --detail 110m | ogrinfo -so /vsistdin/")]
pub struct ExportArgs {
    /// Scene file (JSON); `-` reads stdin.
    scene: PathBuf,

    /// Output file; `-` writes stdout.
    #[arg(long, short)]
    output: PathBuf,

    /// Output format (default: from the extension, .topojson or .geojson).
    #[arg(long, short, value_enum)]
    format: Option<ExportFormat>,

    /// Write one GeoJSON file a geometry type beside OUTPUT (NAME.points.geojson,
    /// NAME.lines.geojson, NAME.polygons.geojson), each with a single geometry type and list
    /// properties (stops, dates) as "; "-joined text: what QGIS layers and GeoPackage hold.
    #[arg(long)]
    split: bool,

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
            ..ResolveSceneOptions::default()
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
    let out_name = args.output.display().to_string();
    let format = args
        .format
        .unwrap_or(if out_name.to_ascii_lowercase().ends_with(".topojson") {
            ExportFormat::Topojson
        } else {
            ExportFormat::Geojson
        });
    if args.split {
        if format == ExportFormat::Topojson {
            bail!("--split is for GeoJSON: TopoJSON keeps each geometry type in its own object already");
        }
        if out_name == "-" {
            bail!("--split writes one file a geometry type; give -o NAME.geojson, not -");
        }
        for (kind, part) in export::split(&collection) {
            let path = split_path(&args.output, kind.name());
            super::files::write_output(&path, export::to_string(&part).as_bytes())?;
            eprintln!(
                "wrote {} ({} features)",
                path.display(),
                part.features.len()
            );
        }
        return Ok(());
    }
    let text = match format {
        ExportFormat::Geojson => export::to_string(&collection),
        ExportFormat::Topojson => export::to_topojson(&collection),
    };
    super::files::write_output(&args.output, text.as_bytes())
}

/// `sco.geojson` and `points` give `sco.points.geojson`, beside it.
fn split_path(output: &std::path::Path, kind: &str) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let ext = output
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "geojson".into());
    output.with_file_name(format!("{stem}.{kind}.{ext}"))
}

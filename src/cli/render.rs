//! `placemap render`: a scene file, or a few flags, to SVG, PNG or PDF.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use placemap::gazetteer::Gazetteer;
use placemap::render::{Format, Map, PngOptions, RenderOptions};
use placemap::scene::{
    self, GeoLayer, Highlight, Marker, PlaceRef, ResolveSceneOptions, Route, Scene, SceneWarning,
    StopSpec, ThemeName,
};

use super::resolve::open_gazetteer;
use super::Reported;

/// Draw a map from a scene file or from flags.
///
/// The scene format is described in docs/scene.md (`placemap schema` prints its JSON Schema).
/// Warnings (dropped labels, guessed names) go to stderr; `--strict` makes them errors.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap render examples/sco-samarkand.json -o map.png
  placemap render examples/sco-samarkand.json -o map.pdf --theme print
  placemap render --route \"Beijing > Astana > Samarkand\" --route \"Moscow > Samarkand\" \\
      --mark Kyiv --highlight Uzbekistan --title \"Xi and Putin meet in Samarkand\" -o trip.png
  placemap render --article article.txt -o article-map.png")]
pub struct RenderArgs {
    /// Scene file (JSON); `-` reads stdin. Optional when --article, --csv, --route, --mark
    /// or --highlight is given.
    scene: Option<PathBuf>,

    /// Draft the scene from the places an article mentions (as `placemap draft`) and draw it.
    #[arg(long, value_name = "ARTICLE", conflicts_with = "scene")]
    article: Option<PathBuf>,

    /// Output file; its extension picks the format. `-` writes stdout.
    #[arg(long, short)]
    output: PathBuf,

    /// Output format, instead of the extension's.
    #[arg(long, value_parser = ["svg", "png", "pdf"])]
    format: Option<String>,

    /// Colour theme: light, dark or print.
    #[arg(long)]
    theme: Option<ThemeName>,

    /// PNG pixels per SVG pixel (2 for retina screens).
    #[arg(long)]
    scale: Option<f64>,

    /// PNG resolution in dots per inch (sets --scale to DPI/96 unless given).
    #[arg(long)]
    dpi: Option<f64>,

    /// Canvas width in px, instead of the scene's.
    #[arg(long)]
    width: Option<u32>,

    /// Canvas height in px, instead of the scene's.
    #[arg(long)]
    height: Option<u32>,

    /// Draw an itinerary timeline under the map: a row per dated route, its stops by date
    /// (the scene's `"timeline": true`).
    #[arg(long)]
    timeline: bool,

    /// Print the time each stage took to stderr.
    #[arg(long)]
    timings: bool,

    /// Treat warnings (guessed names, dropped labels) as errors.
    #[arg(long)]
    strict: bool,

    /// A route, stops separated by ">" ("Beijing > Astana > Samarkand"). Repeatable.
    #[arg(long, value_name = "STOPS")]
    route: Vec<String>,

    /// A place to mark. Repeatable.
    #[arg(long, value_name = "PLACE")]
    mark: Vec<String>,

    /// A country or region to highlight. Repeatable.
    #[arg(long, value_name = "PLACE")]
    highlight: Vec<String>,

    /// Title above the map.
    #[arg(long)]
    title: Option<String>,

    /// Subtitle under the title.
    #[arg(long)]
    subtitle: Option<String>,

    /// Source line under the map.
    #[arg(long)]
    source: Option<String>,

    /// Extra places from a CSV or GeoJSON file, as for `placemap resolve`. Repeatable.
    #[arg(long, value_name = "FILE")]
    custom: Vec<PathBuf>,

    /// Markers and routes from a CSV file: a `name` (or `place`) column or `lat` and `lon`
    /// columns, optional `label`, `note`, `date`, `color`, `icon`, `size`; rows with a
    /// `route` value become that route's stops, ordered by `order` or `date`. Repeatable.
    #[arg(long, value_name = "FILE")]
    csv: Vec<PathBuf>,
}

/// Where the scene's places came from, to name a CSV line instead of a JSON path.
#[derive(Debug, Default)]
struct Origins(Vec<(String, String)>);

impl Origins {
    /// The CSV line (`places.csv line 7`) the place at a JSON path came from, if any.
    fn of(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, origin)| origin.as_str())
    }

    /// A scene problem, where it came from: its CSV line (`places.csv line 7: …`), or its
    /// JSON path.
    fn locate(&self, problem: &scene::Problem) -> String {
        match problem.path.as_deref().and_then(|p| self.of(p)) {
            Some(origin) => format!("{origin}: {}", problem.message),
            None => problem.to_string(),
        }
    }

    /// A scene warning, where it came from: its CSV line, or its JSON path.
    fn warning(&self, w: &SceneWarning) -> String {
        match self.of(w.path()) {
            Some(origin) => format!("{origin}: {}", w.message()),
            None => w.to_string(),
        }
    }
}

/// The directory a scene's relative paths start from: the scene file's own.
pub fn scene_dir(scene: Option<&Path>) -> Option<PathBuf> {
    let path = scene?;
    if path.as_os_str() == "-" {
        return None;
    }
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
}

/// The GeoJSON files a scene's layers name, as read from the scene file at `scene`.
pub fn layer_paths(scene: &Scene, path: Option<&Path>) -> Vec<PathBuf> {
    let dir = scene_dir(path);
    scene
        .layers
        .iter()
        .map(|l| match &dir {
            Some(d) => d.join(&l.geojson),
            None => PathBuf::from(&l.geojson),
        })
        .collect()
}

/// Whether a JSON text is GeoJSON rather than a scene: its top-level `type` is a GeoJSON type.
fn is_geojson(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "type")]
        kind: Option<String>,
    }
    serde_json::from_str::<Probe>(text).is_ok_and(|p| {
        p.kind.is_some_and(|k| {
            [
                "FeatureCollection",
                "Feature",
                "Point",
                "MultiPoint",
                "LineString",
                "MultiLineString",
                "Polygon",
                "MultiPolygon",
                "GeometryCollection",
            ]
            .contains(&k.as_str())
        })
    })
}

/// Reads a scene file; `-` reads stdin. A GeoJSON file is a scene with that one layer.
/// Errors name the file and the JSON path.
pub fn read_scene(path: &Path) -> Result<Scene> {
    let bytes = super::files::read_input(path, placemap::io::limits::SCENE)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (invalid byte at offset {}); save the scene as UTF-8",
            super::files::display(path),
            e.utf8_error().valid_up_to()
        )
    })?;
    let name = path.display().to_string();
    if is_geojson(&text) {
        if path.as_os_str() == "-" {
            bail!("GeoJSON on stdin: save it to a file and render that, or name it in a scene's \"layers\"");
        }
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Ok(Scene {
            layers: vec![GeoLayer {
                geojson: file,
                title: None,
                color: None,
            }],
            ..Scene::default()
        });
    }
    Scene::from_json(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))
}

/// Reads the scene file, or starts an empty one, and adds the flags' features.
fn load_scene(args: &RenderArgs, gazetteer: &Gazetteer) -> Result<(Scene, Origins)> {
    let mut origins = Origins::default();
    let mut scene = match (&args.scene, &args.article) {
        (Some(path), _) => read_scene(path)?,
        (None, Some(article)) => super::extract::draft_scene(article, gazetteer)?,
        (None, None)
            if args.route.is_empty()
                && args.mark.is_empty()
                && args.highlight.is_empty()
                && args.csv.is_empty() =>
        {
            bail!("nothing to draw: give a scene file, or --article, --csv, --route, --mark or --highlight")
        }
        (None, None) => Scene::default(),
    };
    for path in &args.csv {
        let name = path.display().to_string();
        let bytes = super::files::read_input(path, placemap::io::limits::TABLE)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("{name}: not UTF-8 text; save the table as UTF-8"))?;
        let table = scene::from_csv(&text).map_err(|errors| {
            anyhow::anyhow!(
                "{}",
                errors
                    .iter()
                    .map(|e| format!("{name} {e}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })?;
        let (m0, r0) = (scene.markers.len(), scene.routes.len());
        for (path, line) in &table.lines {
            let path = path.after(m0, r0).to_string();
            origins.0.push((path, format!("{name} line {line}")));
        }
        scene.markers.extend(table.scene.markers);
        scene.routes.extend(table.scene.routes);
    }
    for r in &args.route {
        let stops = scene::parse_route_text(r);
        if stops.len() < 2 {
            bail!("--route {r:?}: a route needs at least two stops separated by \">\"");
        }
        scene.routes.push(Route {
            name: None,
            stops: stops
                .iter()
                .map(|s| StopSpec::Place(PlaceRef::Name(s.clone())))
                .collect(),
            dates: Vec::new(),
            color: None,
            width: None,
            style: Default::default(),
            curve: Default::default(),
            arrows: true,
            numbered: false,
            stop_markers: true,
        });
    }
    for m in &args.mark {
        scene.markers.push(Marker {
            place: PlaceRef::Name(m.clone()),
            label: None,
            note: None,
            icon: Default::default(),
            size: None,
            color: None,
            priority: None,
            legend: None,
            date: None,
        });
    }
    for h in &args.highlight {
        scene.highlight.push(Highlight {
            place: PlaceRef::Name(h.clone()),
            fill: None,
            legend: None,
        });
    }
    if args.title.is_some() {
        scene.title = args.title.clone();
    }
    if args.subtitle.is_some() {
        scene.subtitle = args.subtitle.clone();
    }
    if args.source.is_some() {
        scene.source = args.source.clone();
    }
    if args.timeline {
        scene.timeline = true;
    }
    scene.validate().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok((scene, origins))
}

/// Runs `placemap render`.
pub fn run(args: &RenderArgs) -> Result<()> {
    let start = Instant::now();
    let mut stages: Vec<(&str, std::time::Duration)> = Vec::new();
    let out_name = args.output.display().to_string();
    let format = match &args.format {
        Some(f) => f.parse::<Format>().map_err(anyhow::Error::msg)?,
        None if out_name == "-" => Format::Svg,
        None => Format::from_path(&out_name).with_context(|| {
            format!("cannot tell the format of {out_name:?}; name it .svg, .png or .pdf or give --format")
        })?,
    };
    if let Some(dpi) = args.dpi {
        if !(dpi.is_finite() && (10.0..=2400.0).contains(&dpi)) {
            bail!("--dpi {dpi}: use 10 to 2400");
        }
    }
    if let Some(scale) = args.scale {
        if !(scale.is_finite() && scale > 0.0 && scale <= 10.0) {
            bail!("--scale {scale}: use a number above 0 and up to 10");
        }
    }
    // --dpi alone sets the scale, up to 25 at 2400 dpi; the raster's size limit, not the
    // --scale range, bounds what that may draw.
    let scale = match (args.scale, args.dpi) {
        (Some(s), _) => s,
        (None, Some(dpi)) => dpi / 96.0,
        (None, None) => 1.0,
    };

    let t = Instant::now();
    let gazetteer = open_gazetteer(false, &args.custom, None, None)?;
    stages.push(("open gazetteer", t.elapsed()));
    let (scene, origins) = load_scene(args, &gazetteer)?;
    let layers = layer_paths(&scene, args.scene.as_deref());
    super::files::refuse_overwrite(
        &args.output,
        (args.scene.iter().map(|p| ("scene", p.as_path())))
            .chain(args.article.iter().map(|p| ("article", p.as_path())))
            .chain(args.csv.iter().map(|p| ("--csv file", p.as_path())))
            .chain(args.custom.iter().map(|p| ("--custom file", p.as_path())))
            .chain(layers.iter().map(|p| ("layer", p.as_path()))),
    )?;
    let t = Instant::now();
    let (resolved, warnings) = scene::resolve(
        &scene,
        &gazetteer,
        &ResolveSceneOptions {
            strict: args.strict,
            base_dir: scene_dir(args.scene.as_deref()),
            width: args.width,
            height: args.height,
        },
    )
    .map_err(|e| match e {
        scene::SceneError::Invalid(errors) => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|m| origins.locate(m))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        e => anyhow::anyhow!("{e}"),
    })?;
    stages.push(("resolve places", t.elapsed()));
    // Every scene warning is a guess or another recoverable problem: --strict refuses them
    // all, as it refuses the map's.
    let mut problems: Vec<String> = warnings.iter().map(|w| origins.warning(w)).collect();

    let map = Map::build(&resolved, &RenderOptions { theme: args.theme })?;
    stages.extend(map.layout.timings.iter().copied());
    problems.extend(map.layout.warnings.iter().map(ToString::to_string));
    let kind = if args.strict { "error" } else { "warning" };
    for p in &problems {
        eprintln!("{kind}: {p}");
    }
    if args.strict && !problems.is_empty() {
        return Err(Reported.into());
    }

    let t = Instant::now();
    let bytes = map.encode(
        format,
        &PngOptions {
            scale,
            dpi: args.dpi,
        },
    )?;
    stages.push(("encode", t.elapsed()));
    let t = Instant::now();
    super::files::write_output(&args.output, &bytes)?;
    stages.push(("write", t.elapsed()));
    if args.timings {
        for (stage, d) in &stages {
            eprintln!("{:>8.2} ms  {stage}", d.as_secs_f64() * 1e3);
        }
        eprintln!(
            "{:>8.2} ms  total (after start-up)",
            start.elapsed().as_secs_f64() * 1e3
        );
    }
    Ok(())
}

/// Prints the scene format's JSON Schema.
pub fn schema() -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(Scene::json_schema().as_bytes())?;
    Ok(())
}

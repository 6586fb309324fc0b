//! The library's jobs one call each, for front ends other than the command line: the
//! preview server (`placemap serve`) and the Python package. A [`Service`] opens the
//! gazetteer once and is shared by every thread; each call takes the scene as JSON text and
//! answers with bytes or records, warnings, or an error whose message is the command line's.
//!
//! This is a thin layer over the top-level API (`Scene::from_json`, `scene::resolve`,
//! `Map::build`, `Map::encode`, `export::export`, `Extractor`): nothing here decides
//! anything the command line does not.

use std::path::{Component, Path, PathBuf};

use crate::export::{self, ExportError, ExportOptions};
use crate::extract::{Extractor, MentionRecord};
use crate::gazetteer::{Gazetteer, OpenError, ResolveOptions, ResolvedRecord};
use crate::layout::LayoutError;
use crate::render::{Format, Map, PngOptions, RenderError, RenderOptions};
use crate::scene::{self, ResolveSceneOptions, ResolvedScene, Scene, SceneError, ThemeName};

/// What a render asks for, on top of the scene.
#[derive(Debug, Clone)]
pub struct RenderRequest {
    /// Output format. Default: SVG.
    pub format: Format,
    /// Theme instead of the scene's. Default: the scene's.
    pub theme: Option<ThemeName>,
    /// Canvas width in px instead of the scene's. Default: the scene's.
    pub width: Option<u32>,
    /// Canvas height in px instead of the scene's. Default: the scene's.
    pub height: Option<u32>,
    /// PNG pixels per SVG pixel. Default: 1.
    pub scale: f64,
    /// Refuse guessed names and dropped labels (they are warnings otherwise). Default: false.
    pub strict: bool,
    /// The most pixels a PNG may have (width × height × scale²), to bound a server's
    /// memory. Default: no bound beyond the renderer's own.
    pub max_pixels: Option<u64>,
}

impl Default for RenderRequest {
    fn default() -> Self {
        RenderRequest {
            format: Format::Svg,
            theme: None,
            width: None,
            height: None,
            scale: 1.0,
            strict: false,
            max_pixels: None,
        }
    }
}

/// A drawn map.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The map in the requested format.
    pub bytes: Vec<u8>,
    /// Guessed names and dropped labels, as the command line prints them.
    pub warnings: Vec<String>,
}

/// A scene exported as GeoJSON.
#[derive(Debug, Clone)]
pub struct Exported {
    /// The FeatureCollection.
    pub collection: geojson::FeatureCollection,
    /// Guessed names, as the command line prints them.
    pub warnings: Vec<String>,
}

/// Why a call failed. The messages are the command line's.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceError {
    /// The scene is not valid JSON of the right shape, or names unknown places.
    #[error(transparent)]
    Scene(#[from] SceneError),
    /// The map could not be drawn.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The scene could not be exported.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// A request asks for more than the caller allows.
    #[error("{0}")]
    Limit(String),
    /// An option out of its range or unknown.
    #[error("{0}")]
    Option(String),
    /// Warnings made errors by `strict`.
    #[error("{}", .0.join("\n"))]
    Strict(Vec<String>),
    /// A scene names a file outside the directory a confined service reads from
    /// ([`Service::confined_to`]).
    #[error("{what}: {path:?} is outside {}, the only directory this server reads layers from; give a path inside it, relative to it (or start `placemap serve` with another --root)", root.display())]
    OutsideRoot {
        /// Where in the scene: `layers[2].geojson`.
        what: String,
        /// The path as the scene gives it.
        path: String,
        /// The directory layers must be in.
        root: PathBuf,
    },
}

impl ServiceError {
    /// Whether the request asks for something it may not have (a file outside the
    /// directory a confined service reads from), rather than something malformed.
    pub fn is_forbidden(&self) -> bool {
        matches!(self, ServiceError::OutsideRoot { .. })
    }

    /// Whether the request is at fault (a bad scene, a canvas too large), rather than
    /// placemap itself (an embedded font or basemap that cannot be read).
    pub fn is_bad_request(&self) -> bool {
        !matches!(
            self,
            ServiceError::Render(RenderError::Layout(
                LayoutError::Basemap(_) | LayoutError::Font(_)
            ))
        )
    }
}

/// The gazetteer, opened once, and every job that needs it.
#[derive(Debug)]
pub struct Service {
    gazetteer: Gazetteer,
    /// When set, the only directory scenes may read files from (canonical).
    root: Option<PathBuf>,
}

impl Service {
    /// A service over the embedded gazetteer.
    pub fn embedded() -> Result<Service, OpenError> {
        Ok(Service::new(Gazetteer::embedded()?))
    }

    /// A service over `gazetteer` (with custom places added, say).
    pub fn new(gazetteer: Gazetteer) -> Service {
        Service {
            gazetteer,
            root: None,
        }
    }

    /// The same service reading scenes' GeoJSON layers only from within `root`: a layer
    /// path that leads out of it (absolute, through `..` or through a symbolic link) is
    /// refused with [`ServiceError::OutsideRoot`], and relative paths start from `root`
    /// unless a call gives a `base_dir` inside it. For a server, whose clients should read
    /// no other file of the machine's.
    pub fn confined_to(self, root: &Path) -> std::io::Result<Service> {
        let root = root.canonicalize()?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!("{} is not a directory", root.display()),
            ));
        }
        Ok(Service {
            root: Some(root),
            ..self
        })
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Resolves each name, on all cores, in input order: a record, or the error the command
    /// line prints (with suggestions).
    pub fn resolve(
        &self,
        names: &[&str],
        options: &ResolveOptions,
    ) -> Vec<Result<ResolvedRecord, String>> {
        crate::parallel::map(names, crate::parallel::threads(), |name| {
            self.gazetteer
                .resolve_with(name, options)
                .map(|r| r.to_record())
                .map_err(|e| e.to_string())
        })
    }

    /// The place mentions of each text, on all cores, in input order.
    pub fn extract(&self, texts: &[&str], max_alternatives: usize) -> Vec<Vec<MentionRecord>> {
        let extractor = Extractor::new(&self.gazetteer).max_alternatives(max_alternatives);
        crate::parallel::map(texts, crate::parallel::threads(), |text| {
            extractor
                .extract(text)
                .iter()
                .map(|m| m.to_record())
                .collect()
        })
    }

    /// Reads and resolves a scene given as JSON text; `base_dir` is where its GeoJSON layers'
    /// paths start.
    pub fn resolve_scene(
        &self,
        scene_json: &str,
        strict: bool,
        base_dir: Option<&std::path::Path>,
    ) -> Result<(ResolvedScene, Vec<String>), ServiceError> {
        let options = ResolveSceneOptions {
            strict,
            base_dir: base_dir.map(std::path::Path::to_path_buf),
            ..ResolveSceneOptions::default()
        };
        self.resolve_parsed(&Scene::from_json(scene_json)?, &options)
    }

    fn resolve_parsed(
        &self,
        scene: &Scene,
        options: &ResolveSceneOptions,
    ) -> Result<(ResolvedScene, Vec<String>), ServiceError> {
        let base_dir = match &self.root {
            Some(root) => {
                let base = options.base_dir.as_deref().unwrap_or(root);
                for (i, layer) in scene.layers.iter().enumerate() {
                    check_within(root, base, &layer.geojson, || {
                        format!("layers[{i}].geojson")
                    })?;
                }
                Some(base.to_path_buf())
            }
            None => options.base_dir.clone(),
        };
        let options = ResolveSceneOptions {
            base_dir,
            ..options.clone()
        };
        let (resolved, warnings) = scene::resolve(scene, &self.gazetteer, &options)?;
        Ok((resolved, warnings.iter().map(|w| w.to_string()).collect()))
    }

    /// Draws a scene given as JSON text.
    pub fn render(
        &self,
        scene_json: &str,
        request: &RenderRequest,
        base_dir: Option<&std::path::Path>,
    ) -> Result<Rendered, ServiceError> {
        let scene = Scene::from_json(scene_json)?;
        check_canvas(&scene, request)?;
        let options = ResolveSceneOptions {
            strict: request.strict,
            base_dir: base_dir.map(std::path::Path::to_path_buf),
            width: request.width,
            height: request.height,
        };
        let (resolved, mut warnings) = self.resolve_parsed(&scene, &options)?;
        let map = Map::build(
            &resolved,
            &RenderOptions {
                theme: request.theme,
            },
        )?;
        warnings.extend(map.layout.warnings.iter().map(ToString::to_string));
        if request.strict && !warnings.is_empty() {
            return Err(ServiceError::Strict(warnings));
        }
        let bytes = map.encode(
            request.format,
            &PngOptions {
                scale: request.scale,
                dpi: None,
            },
        )?;
        Ok(Rendered { bytes, warnings })
    }

    /// Exports a scene given as JSON text as a GeoJSON FeatureCollection.
    pub fn export(
        &self,
        scene_json: &str,
        options: &ExportOptions,
        strict: bool,
        base_dir: Option<&std::path::Path>,
    ) -> Result<Exported, ServiceError> {
        let (resolved, warnings) = self.resolve_scene(scene_json, strict, base_dir)?;
        let collection = export::export(&resolved, options)?;
        Ok(Exported {
            collection,
            warnings,
        })
    }
}

/// The text of an export in `format` (`geojson` or `topojson`); with `split`, a JSON object
/// of one GeoJSON collection a geometry type (`points`, `lines`, `polygons`), as
/// `placemap export --split` writes them to files.
pub fn export_text(
    collection: &geojson::FeatureCollection,
    format: &str,
    split: bool,
) -> Result<String, ServiceError> {
    Ok(match (format, split) {
        ("geojson", false) => export::to_string(collection),
        ("geojson", true) => {
            let mut parts = serde_json::Map::new();
            for (kind, part) in export::split(collection) {
                parts.insert(
                    kind.name().into(),
                    serde_json::to_value(&part).unwrap_or_default(),
                );
            }
            serde_json::Value::Object(parts).to_string()
        }
        ("topojson", false) => export::to_topojson(collection),
        ("topojson", true) => {
            return Err(ServiceError::Option(
                "split is for GeoJSON: TopoJSON keeps each geometry type in its own object already"
                    .into(),
            ))
        }
        (other, _) => {
            return Err(ServiceError::Option(format!(
                "format {other:?}: expected geojson or topojson"
            )))
        }
    })
}

/// Refuses `path` (from `base`) unless it lies within `root`: first as written, with `..`
/// taken away from the path before it, then, for a file that exists, once its links are
/// followed.
fn check_within(
    root: &Path,
    base: &Path,
    path: &str,
    what: impl Fn() -> String,
) -> Result<(), ServiceError> {
    let outside = || ServiceError::OutsideRoot {
        what: what(),
        path: path.to_string(),
        root: root.to_path_buf(),
    };
    let mut joined = PathBuf::new();
    for part in base.join(path).components() {
        match part {
            Component::ParentDir => {
                if !joined.pop() {
                    return Err(outside());
                }
            }
            Component::CurDir => {}
            other => joined.push(other),
        }
    }
    if !joined.starts_with(root) {
        return Err(outside());
    }
    match joined.canonicalize() {
        Ok(real) if !real.starts_with(root) => Err(outside()),
        // A file that is not there is reported by the scene's reading, as usual.
        _ => Ok(()),
    }
}

/// Refuses a canvas, or a PNG of it, larger than the request allows, before any work.
fn check_canvas(scene: &Scene, request: &RenderRequest) -> Result<(), ServiceError> {
    if !(request.scale.is_finite() && request.scale > 0.0 && request.scale <= 10.0) {
        return Err(ServiceError::Limit(format!(
            "scale {}: use a number above 0 and up to 10",
            request.scale
        )));
    }
    for (name, v) in [("width", request.width), ("height", request.height)] {
        if let Some(v) = v {
            if !(200..=scene::MAX_SIDE_PX).contains(&v) {
                return Err(ServiceError::Limit(format!(
                    "{name}: {v} px is out of range; use 200 to {}",
                    scene::MAX_SIDE_PX
                )));
            }
        }
    }
    let Some(max) = request.max_pixels else {
        return Ok(());
    };
    let width = request.width.unwrap_or(scene.size.width);
    let height = request.height.unwrap_or(scene.size.height);
    let scale = if request.format == Format::Png {
        request.scale
    } else {
        1.0
    };
    let pixels = f64::from(width) * f64::from(height) * scale * scale;
    if pixels > max as f64 {
        return Err(ServiceError::Limit(format!(
            "a {width} x {height} px canvas at scale {scale} is {} pixels; the limit here is {max} (lower the size or the scale)",
            pixels.round() as u64
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    fn service() -> &'static Service {
        static S: OnceLock<Service> = OnceLock::new();
        S.get_or_init(|| Service::embedded().expect("embedded gazetteer"))
    }

    #[test]
    fn resolve_keeps_order_and_reports_unknown_names() {
        let out = service().resolve(&["Kiev", "Xqzzyv", "Samarkand"], &ResolveOptions::default());
        assert_eq!(out[0].as_ref().expect("Kiev").name, "Kyiv");
        assert!(
            out[1].as_ref().unwrap_err().contains("Xqzzyv"),
            "{:?}",
            out[1]
        );
        assert_eq!(out[2].as_ref().expect("Samarkand").country_code, "UZ");
    }

    #[test]
    fn scene_errors_are_the_command_lines() {
        let e = service()
            .render(
                r#"{"markers": [{"place": "Paris", "icon": "blob"}]}"#,
                &RenderRequest::default(),
                None,
            )
            .unwrap_err();
        assert!(e.is_bad_request());
        assert!(e.to_string().starts_with("markers[0].icon: "), "{e}");
    }

    #[test]
    fn canvases_beyond_the_limit_are_refused_before_drawing() {
        let request = RenderRequest {
            format: Format::Png,
            scale: 4.0,
            max_pixels: Some(4_000_000),
            ..RenderRequest::default()
        };
        let e = service()
            .render(r#"{"markers": [{"place": "Paris"}]}"#, &request, None)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "a 1600 x 1000 px canvas at scale 4 is 25600000 pixels; the limit here is 4000000 (lower the size or the scale)"
        );
        let e = service()
            .render(
                r#"{"markers": [{"place": "Paris"}]}"#,
                &RenderRequest {
                    width: Some(50_000),
                    ..RenderRequest::default()
                },
                None,
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "width: 50000 px is out of range; use 200 to 10000"
        );
    }

    #[test]
    fn guesses_are_warnings_or_with_strict_errors() {
        let scene = r#"{"markers": [{"place": "Samarknd"}]}"#;
        let ok = service()
            .render(scene, &RenderRequest::default(), None)
            .expect("render");
        assert!(ok.bytes.starts_with(b"<svg") || ok.bytes.starts_with(b"<?xml"));
        assert!(
            ok.warnings.iter().any(|w| w.contains("guessed Samarkand")),
            "{:?}",
            ok.warnings
        );
        let strict = RenderRequest {
            strict: true,
            ..RenderRequest::default()
        };
        let e = service().render(scene, &strict, None).unwrap_err();
        assert!(e.to_string().contains("Samarknd"), "{e}");
    }

    #[test]
    fn extract_finds_places_in_each_text() {
        let out = service().extract(&["Talks in Samarkand.", "Nothing here."], 2);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0][0].name, "Samarkand");
        assert!(out[1].is_empty());
    }
}

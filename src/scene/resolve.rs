//! Turning a scene's place names into coordinates, with JSON paths in every message.

use super::layers::{parse_geojson, OverlayFeature, MAX_OVERLAY_BYTES};
use super::outline::outline;
use super::{
    ExtentSpec, GeoLayer, Highlight, Icon, Marker, PlaceRef, Problem, Route, Scene, SceneError,
    SceneProjection, Size, StopSpec,
};
use crate::basemap::Detail;
use crate::gazetteer::{normalize, Gazetteer, MatchKind, PlaceKind, Resolution, ResolveOptions};

/// How to resolve a scene's places.
#[derive(Debug, Clone, Default)]
pub struct ResolveSceneOptions {
    /// Refuse guesses for misspelt names (they are warnings otherwise).
    pub strict: bool,
    /// Directory that `layers[].geojson` paths are relative to (default: the current one).
    pub base_dir: Option<std::path::PathBuf>,
    /// Canvas width in px instead of the scene's (`--width`). Default: the scene's.
    pub width: Option<u32>,
    /// Canvas height in px instead of the scene's (`--height`). Default: the scene's.
    pub height: Option<u32>,
}

/// A place of the scene with its coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPlace {
    /// The text the scene gave (a name, or the coordinates).
    pub query: String,
    /// The place's name.
    pub name: String,
    /// Kind of place.
    pub kind: PlaceKind,
    /// The kind for output: [`ResolvedPlace::kind`]'s name, or for a natural feature what
    /// it is (`river`, `sea`).
    pub kind_name: &'static str,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lon: f64,
    /// ISO 3166-1 alpha-2 code of its country, or empty.
    pub country_code: String,
    /// ISO 3166-2 code for regions, ISO alpha-3 for countries, or empty.
    pub code: String,
    /// GeoNames id, when it has one.
    pub geonames_id: Option<u32>,
    /// How the name matched.
    pub matched: MatchKind,
    /// How sure the gazetteer is, 0 to 1.
    pub confidence: f64,
    /// Bounding box `[west, south, east, north]` of countries and regions.
    pub bbox: Option<[f64; 4]>,
}

impl ResolvedPlace {
    /// Longitude and latitude as a pair.
    pub fn lon_lat(&self) -> (f64, f64) {
        (self.lon, self.lat)
    }

    /// The label a marker or stop gets when the scene gives none: the name as the user wrote
    /// it (their "Bruges" stays Bruges, not GeoNames' "Brugge"), less any qualifier after a
    /// comma. Guessed misspellings, coordinates and ids show the place's own name, and so
    /// does text that differs from it only in case or accents ("samarkand").
    pub fn default_label(&self) -> String {
        if !matches!(
            self.matched,
            MatchKind::Exact | MatchKind::Alias | MatchKind::Custom
        ) {
            return self.name.clone();
        }
        let written = self.query.split(',').next().unwrap_or("").trim();
        if written.is_empty()
            || normalize(written) == normalize(&self.name)
            || !written.chars().any(char::is_uppercase) && written.chars().any(char::is_lowercase)
        {
            return self.name.clone();
        }
        written.to_string()
    }

    fn from_resolution(r: &Resolution<'_>) -> ResolvedPlace {
        ResolvedPlace {
            query: r.query.clone(),
            name: r.place.name.to_string(),
            kind: r.place.kind,
            kind_name: r.place.kind_str(),
            lat: r.place.lat,
            lon: r.place.lon,
            country_code: r.place.country_code.to_string(),
            code: r.place.code.to_string(),
            geonames_id: r.place.geonames_id(),
            matched: r.matched,
            confidence: r.confidence,
            bbox: r.place.bbox,
        }
    }
}

/// A highlight with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedHighlight {
    /// The scene's entry.
    pub spec: Highlight,
    /// The country, region or continent.
    pub place: ResolvedPlace,
}

/// A marker with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedMarker {
    /// The scene's entry.
    pub spec: Marker,
    /// Where it is.
    pub place: ResolvedPlace,
    /// Where the scene gave it, for warnings: `markers[2]`, or `highlight[1]` for a
    /// highlight the basemap cannot outline.
    pub origin: String,
}

/// A route stop with its place.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedStop {
    /// Where.
    pub place: ResolvedPlace,
    /// Its date, from the stop or the route's `dates`.
    pub date: Option<String>,
    /// Its label (default the place's name).
    pub label: String,
}

/// A route with its stops.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedRoute {
    /// The scene's entry.
    pub spec: Route,
    /// The stops, in order.
    pub stops: Vec<ResolvedStop>,
}

/// A GeoJSON layer with its features.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedLayer {
    /// The scene's entry.
    pub spec: GeoLayer,
    /// The features, in file order.
    pub features: Vec<OverlayFeature>,
}

/// A scene whose places all have coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedScene {
    /// The scene as written.
    pub scene: Scene,
    /// Highlights, in scene order.
    pub highlights: Vec<ResolvedHighlight>,
    /// Markers, in scene order.
    pub markers: Vec<ResolvedMarker>,
    /// Routes, in scene order.
    pub routes: Vec<ResolvedRoute>,
    /// The places of `extent` (its centre, or the places to fit).
    pub extent_places: Vec<ResolvedPlace>,
    /// GeoJSON overlays, in scene order.
    pub layers: Vec<ResolvedLayer>,
    /// The projection, parsed from the scene's `projection`.
    pub projection: SceneProjection,
    /// The canvas size: the scene's, with either side overridden by
    /// [`ResolveSceneOptions`] (`--width`, `--height`).
    pub size: Size,
}

/// Something recoverable in a scene, with the JSON path it concerns; `--strict` makes it an
/// error. `Display` gives `path: message`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SceneWarning {
    /// A name the gazetteer does not know, resolved by a fuzzy guess.
    Guessed {
        /// Where, e.g. `markers[2].place`.
        path: String,
        /// The name as the scene wrote it.
        query: String,
        /// The guess as the gazetteer describes it: `Samarkand (Uzbekistan)`.
        guess: String,
        /// The place guessed.
        place: Box<ResolvedPlace>,
    },
    /// A highlighted place that the basemap has no outline of (a region it lacks, such as
    /// the canton of Geneva): it is marked instead.
    NoOutline {
        /// Where, e.g. `highlight[1].place`.
        path: String,
        /// The place's name.
        name: String,
    },
}

impl SceneWarning {
    /// The JSON path the warning concerns, e.g. `markers[2].place`.
    pub fn path(&self) -> &str {
        match self {
            SceneWarning::Guessed { path, .. } | SceneWarning::NoOutline { path, .. } => path,
        }
    }

    /// The message without its path.
    pub fn message(&self) -> String {
        match self {
            SceneWarning::Guessed { query, guess, .. } => format!(
                "{query:?} is not a known place; guessed {guess} (use --strict to refuse guesses)"
            ),
            SceneWarning::NoOutline { name, .. } => format!(
                "the basemap has no outline of {name:?} to highlight; it is marked instead (highlight its country, or make it a marker)"
            ),
        }
    }
}

impl std::fmt::Display for SceneWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path(), self.message())
    }
}

struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    options: &'a ResolveSceneOptions,
    errors: Vec<Problem>,
    warnings: Vec<SceneWarning>,
}

impl Resolver<'_> {
    fn place(&mut self, path: &str, p: &PlaceRef, kinds: &[PlaceKind]) -> Option<ResolvedPlace> {
        let (name, country) = match p {
            PlaceRef::Point { lat, lon, name } => {
                let label = name.clone().unwrap_or_else(|| format!("{lat}, {lon}"));
                return Some(ResolvedPlace {
                    query: format!("{lat}, {lon}"),
                    name: label,
                    kind: PlaceKind::Point,
                    kind_name: PlaceKind::Point.as_str(),
                    lat: *lat,
                    lon: *lon,
                    country_code: String::new(),
                    code: String::new(),
                    geonames_id: None,
                    matched: MatchKind::Coordinates,
                    confidence: 1.0,
                    bbox: None,
                });
            }
            PlaceRef::Name(n) => (n.as_str(), None),
            PlaceRef::Query { name, country } => (name.as_str(), country.clone()),
        };
        let options = ResolveOptions {
            country,
            strict: self.options.strict,
            kinds: kinds.to_vec(),
            max_alternatives: 3,
        };
        match self.gazetteer.resolve_with(name, &options) {
            Ok(r) => {
                let place = ResolvedPlace::from_resolution(&r);
                if r.is_guess() {
                    self.warnings.push(SceneWarning::Guessed {
                        path: path.to_string(),
                        query: name.to_string(),
                        guess: r.place.to_string(),
                        place: Box::new(place.clone()),
                    });
                }
                Some(place)
            }
            Err(e) => {
                self.errors.push(Problem::new(path, format!("{e}")));
                None
            }
        }
    }
}

impl Resolver<'_> {
    /// The highlights that have an outline in the basemap; each other one becomes a marker
    /// of its place (after the scene's own markers), with a warning, or an error when
    /// strict.
    fn outlined(
        &mut self,
        highlights: Vec<(usize, ResolvedHighlight)>,
        unoutlined: &mut Vec<ResolvedMarker>,
    ) -> Vec<ResolvedHighlight> {
        let mut out = Vec::with_capacity(highlights.len());
        for (i, h) in highlights {
            match outline(&h.place, Detail::D50m) {
                Ok(Some(_)) => out.push(h),
                // The embedded basemap cannot fail to decode (it is tested); the layout
                // reports it if it ever does.
                Err(_) => out.push(h),
                Ok(None) => {
                    let path = format!("highlight[{i}].place");
                    if self.options.strict {
                        self.errors.push(Problem::new(&*path, format!("the basemap has no outline of {:?} to highlight; highlight its country, or make it a marker",
                            h.place.name
                        )));
                        continue;
                    }
                    self.warnings.push(SceneWarning::NoOutline {
                        path,
                        name: h.place.name.clone(),
                    });
                    unoutlined.push(ResolvedMarker {
                        spec: Marker {
                            place: h.spec.place.clone(),
                            label: None,
                            note: None,
                            icon: Icon::Circle,
                            size: None,
                            color: None,
                            priority: None,
                            legend: h.spec.legend.clone(),
                            date: None,
                        },
                        place: h.place,
                        origin: format!("highlight[{i}]"),
                    });
                }
            }
        }
        out
    }
}

/// Resolves every place of `scene` and parses its projection; returns the resolved scene and
/// the report of its warnings (fuzzy guesses), or every error at once, each with its JSON
/// path.
pub fn resolve(
    scene: &Scene,
    gazetteer: &Gazetteer,
    options: &ResolveSceneOptions,
) -> Result<(ResolvedScene, Vec<SceneWarning>), SceneError> {
    let mut r = Resolver {
        gazetteer,
        options,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    const AREAS: &[PlaceKind] = &[PlaceKind::Country, PlaceKind::Region, PlaceKind::Continent];
    let mut highlights = Vec::new();
    for (i, h) in scene.highlight.iter().enumerate() {
        if let Some(place) = r.place(&format!("highlight[{i}].place"), &h.place, AREAS) {
            highlights.push((
                i,
                ResolvedHighlight {
                    spec: h.clone(),
                    place,
                },
            ));
        }
    }
    let mut unoutlined = Vec::new();
    let highlights = r.outlined(highlights, &mut unoutlined);
    let mut markers = Vec::new();
    for (i, m) in scene.markers.iter().enumerate() {
        if let Some(place) = r.place(&format!("markers[{i}].place"), &m.place, &[]) {
            markers.push(ResolvedMarker {
                spec: m.clone(),
                place,
                origin: format!("markers[{i}]"),
            });
        }
    }
    markers.extend(unoutlined);
    let mut routes = Vec::new();
    for (i, route) in scene.routes.iter().enumerate() {
        let mut stops = Vec::new();
        for (j, s) in route.stops.iter().enumerate() {
            let (p, date, label) = match s {
                StopSpec::Place(p) => (p, None, None),
                StopSpec::Detailed { place, date, label } => (place, date.clone(), label.clone()),
            };
            if let Some(place) = r.place(&format!("routes[{i}].stops[{j}]"), p, &[]) {
                let date = date.or_else(|| route.dates.get(j).cloned());
                let label = label.unwrap_or_else(|| place.default_label());
                stops.push(ResolvedStop { place, date, label });
            }
        }
        routes.push(ResolvedRoute {
            spec: route.clone(),
            stops,
        });
    }
    let mut extent_places = Vec::new();
    match &scene.extent {
        ExtentSpec::Around { center, .. } => {
            extent_places.extend(r.place("extent.center", center, &[]));
        }
        ExtentSpec::Fit { fit } => {
            for (i, p) in fit.iter().enumerate() {
                extent_places.extend(r.place(&format!("extent.fit[{i}]"), p, &[]));
            }
        }
        _ => {}
    }
    let projection = SceneProjection::try_from(&scene.projection)
        .map_err(|problems| r.errors.extend(problems))
        .ok();
    let mut layers = Vec::new();
    for (i, layer) in scene.layers.iter().enumerate() {
        let path = match &options.base_dir {
            Some(dir) => dir.join(&layer.geojson),
            None => std::path::PathBuf::from(&layer.geojson),
        };
        let read = crate::io::read_file(&path, MAX_OVERLAY_BYTES as u64)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|bytes| {
                String::from_utf8(bytes)
                    .map_err(|e| format!("{} is not UTF-8 text: {e}", path.display()))
            })
            .and_then(|text| parse_geojson(&text).map_err(|e| format!("{}: {e}", path.display())));
        match read {
            Ok(features) => layers.push(ResolvedLayer {
                spec: layer.clone(),
                features,
            }),
            Err(e) => r
                .errors
                .push(Problem::new(format!("layers[{i}].geojson"), e.to_string())),
        }
    }
    let size = Size {
        width: options.width.unwrap_or(scene.size.width),
        height: options.height.unwrap_or(scene.size.height),
    };
    for (name, v) in [("width", options.width), ("height", options.height)] {
        match v {
            Some(v) if !(200..=super::MAX_SIDE_PX).contains(&v) => {
                r.errors.push(Problem::unplaced(format!(
                    "canvas {name} {v} px is out of range; use 200 to {}",
                    super::MAX_SIDE_PX
                )))
            }
            _ => {}
        }
    }
    let projection = match projection {
        Some(p) if r.errors.is_empty() => p,
        _ => return Err(SceneError::Invalid(r.errors)),
    };
    Ok((
        ResolvedScene {
            scene: scene.clone(),
            projection,
            size,
            highlights,
            markers,
            routes,
            extent_places,
            layers,
        },
        r.warnings,
    ))
}

/// Convenience for routes written in one string: "Beijing > Astana > Samarkand" (also `→`,
/// `->` or `–`).
pub fn parse_route_text(text: &str) -> Vec<String> {
    let mut s = text.to_string();
    for sep in ["->", "→", "=>", ">"] {
        s = s.replace(sep, "\u{1}");
    }
    s.split('\u{1}')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_text_splits_on_arrows() {
        assert_eq!(
            parse_route_text("Beijing > Astana → Samarkand -> Moscow"),
            ["Beijing", "Astana", "Samarkand", "Moscow"]
        );
    }

    fn place(query: &str, name: &str, matched: MatchKind) -> ResolvedPlace {
        ResolvedPlace {
            query: query.into(),
            name: name.into(),
            kind: PlaceKind::City,
            kind_name: PlaceKind::City.as_str(),
            lat: 0.0,
            lon: 0.0,
            country_code: String::new(),
            code: String::new(),
            geonames_id: None,
            matched,
            confidence: 1.0,
            bbox: None,
        }
    }

    #[test]
    fn default_labels_keep_the_users_spelling() {
        let label = |q, n, m| place(q, n, m).default_label();
        assert_eq!(label("Bruges", "Brugge", MatchKind::Alias), "Bruges");
        assert_eq!(label("Paris, Texas", "Paris", MatchKind::Exact), "Paris");
        assert_eq!(
            label("samarkand", "Samarkand", MatchKind::Exact),
            "Samarkand"
        );
        assert_eq!(label("peking", "Beijing", MatchKind::Alias), "Beijing");
        assert_eq!(
            label("Samarknd", "Samarkand", MatchKind::Fuzzy),
            "Samarkand"
        );
        assert_eq!(
            label("39.65, 66.96", "Samarkand", MatchKind::Coordinates),
            "Samarkand"
        );
    }
}

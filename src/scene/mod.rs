//! The scene file: what a map shows, written by people.
//!
//! A scene names its places (resolved by the [`gazetteer`](crate::gazetteer)), the countries
//! to highlight, markers and routes, and the map's furniture. Everything but the places is
//! optional and has a sensible default. [`Scene::from_json`] reads one and reports errors
//! with their JSON path; [`resolve`] turns the names into coordinates.
//!
//! ```json
//! {
//!     "title": "Xi and Putin meet in Samarkand",
//!     "highlight": [{ "place": "Uzbekistan" }],
//!     "markers": [{ "place": "Samarkand", "icon": "star" }],
//!     "routes": [{ "name": "Xi Jinping", "stops": ["Beijing", "Astana", "Samarkand"] }]
//! }
//! ```

mod color;
pub(crate) mod layers;
mod outline;
mod palette;
mod projection;
mod resolve;
mod table;
mod theme;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use color::Color;
pub use layers::{parse_geojson, OverlayError, OverlayFeature};
pub(crate) use outline::outline_of;
pub use outline::{highlight_outlines, outline, OutlineError};
pub use palette::{Palette, Stroke};
pub use projection::SceneProjection;
pub use resolve::{
    parse_route_text, resolve, ResolveSceneOptions, ResolvedHighlight, ResolvedLayer,
    ResolvedMarker, ResolvedPlace, ResolvedRoute, ResolvedScene, ResolvedStop, SceneWarning,
};
pub use table::{from_csv, CsvScene, TablePath};
pub use theme::{Theme, FONT_FAMILY};

/// The largest canvas side, in pixels, a scene may ask for.
pub const MAX_SIDE_PX: u32 = 10_000;

/// A map to draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// Headline above the map, bold and left-aligned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A lighter line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// Source line under the map ("Source: TASS"); the data credits are appended to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Canvas size in pixels (default 1600 × 1000).
    #[serde(default)]
    pub size: Size,
    /// Colour theme (default light).
    #[serde(default)]
    pub theme: ThemeName,
    /// Colour and font-size overrides on top of the theme.
    #[serde(default, skip_serializing_if = "Style::is_empty")]
    pub style: Style,
    /// Projection: "auto" (default) chooses one from the extent.
    #[serde(default)]
    pub projection: ProjectionSpec,
    /// What the map must show: "auto" (default) fits every feature.
    #[serde(default)]
    pub extent: ExtentSpec,
    /// Basemap level of detail: "auto" (default) chooses by scale.
    #[serde(default)]
    pub detail: DetailSpec,
    /// Countries or regions filled with a colour.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<Highlight>,
    /// Places marked with a symbol and a label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<Marker>,
    /// Journeys: ordered stops joined by great-circle arcs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    /// GeoJSON overlays (points, lines, polygons) drawn over the basemap, styled by their
    /// simplestyle-spec properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<GeoLayer>,
    /// The legend: `true` (default) lists routes and titled markers and highlights.
    #[serde(default)]
    pub legend: LegendSpec,
    /// A scale bar, true at the map's centre (default true).
    #[serde(default = "yes")]
    pub scale_bar: bool,
    /// A locator inset: "auto" (default: a globe unless the map shows the world), "globe",
    /// "world" or "none".
    #[serde(default)]
    pub inset: InsetSpec,
    /// A north arrow (default false).
    #[serde(default)]
    pub north_arrow: bool,
    /// Lines of latitude and longitude (default false).
    #[serde(default)]
    pub graticule: bool,
    /// Country names on the map (default true).
    #[serde(default = "yes")]
    pub country_labels: bool,
    /// Sea and ocean names on the map (default true).
    #[serde(default = "yes")]
    pub sea_labels: bool,
    /// Rivers and lake centrelines on country and city maps, finer than 4 km a pixel
    /// (default true; never on regional, continent and world maps).
    #[serde(default = "yes")]
    pub rivers: bool,
    /// An itinerary timeline under the map (default false): a row per dated route, its stops
    /// placed by date. The canvas keeps its size; the map frame gives up the strip's height.
    #[serde(default)]
    pub timeline: bool,
}

fn yes() -> bool {
    true
}

/// The defaults of a scene file that leaves everything out, whichever way the scene is made
/// (a file, command-line flags, a table or a bare GeoJSON file): the scale bar, country
/// labels and sea labels are on.
impl Default for Scene {
    fn default() -> Scene {
        Scene {
            title: None,
            subtitle: None,
            source: None,
            size: Size::default(),
            theme: ThemeName::default(),
            style: Style::default(),
            projection: ProjectionSpec::default(),
            extent: ExtentSpec::default(),
            detail: DetailSpec::default(),
            highlight: Vec::new(),
            markers: Vec::new(),
            routes: Vec::new(),
            layers: Vec::new(),
            legend: LegendSpec::default(),
            scale_bar: yes(),
            inset: InsetSpec::default(),
            north_arrow: false,
            graticule: false,
            country_labels: yes(),
            sea_labels: yes(),
            rivers: yes(),
            timeline: false,
        }
    }
}

/// Canvas size in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Size {
    /// Width, 200 to 10,000 px.
    pub width: u32,
    /// Height, 200 to 10,000 px.
    pub height: u32,
}

impl Default for Size {
    fn default() -> Self {
        Size {
            width: 1600,
            height: 1000,
        }
    }
}

/// A colour theme.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Pale sea, warm pale land, dark text.
    #[default]
    Light,
    /// Dark sea and land, light text, for screens.
    Dark,
    /// Grey-scale safe, for black-and-white print.
    Print,
}

impl std::str::FromStr for ThemeName {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Ok(ThemeName::Light),
            "dark" => Ok(ThemeName::Dark),
            "print" => Ok(ThemeName::Print),
            _ => Err(format!(
                "unknown theme {s:?}; expected light, dark or print"
            )),
        }
    }
}

/// Overrides of the theme's colours and font sizes; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Sea and background.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sea: Option<Color>,
    /// Land.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub land: Option<Color>,
    /// Country borders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border: Option<Color>,
    /// Coastlines and lake shores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coast: Option<Color>,
    /// Main text: labels, title, legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Color>,
    /// Secondary text: subtitle, notes, source line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted_text: Option<Color>,
    /// The halo drawn around labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub halo: Option<Color>,
    /// Country names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_label: Option<Color>,
    /// Sea names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sea_label: Option<Color>,
    /// Default marker colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<Color>,
    /// Default highlight fill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highlight: Option<Color>,
    /// Title size in px (default 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_size: Option<f64>,
    /// Subtitle size in px (default 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle_size: Option<f64>,
    /// City label size in px (default 14; route stops 17, large markers 19).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_size: Option<f64>,
    /// Source line size in px (default 12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_size: Option<f64>,
    /// The font family list, first choice first (only the bundled Noto fonts are available).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
}

impl Style {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self == &Style::default()
    }
}

/// A place: a name ("Samarkand", "Paris, Texas", "39.65, 66.96", "geonames:1216265"),
/// a name with a country hint, or coordinates with an optional name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum PlaceRef {
    /// A name, resolved by the gazetteer.
    Name(String),
    /// Coordinates in degrees.
    Point {
        /// Latitude, −90 to 90.
        lat: f64,
        /// Longitude, −180 to 180.
        lon: f64,
        /// The name to show.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// A name narrowed to a country or region.
    Query {
        /// The name.
        name: String,
        /// A country or region (name or ISO code) the place lies in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        country: Option<String>,
    },
}

impl From<&str> for PlaceRef {
    fn from(name: &str) -> Self {
        PlaceRef::Name(name.to_string())
    }
}

/// A projection: "auto", a kind name, or a kind with parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ProjectionSpec {
    /// "auto" or a kind name: mercator, equal-earth, robinson, orthographic,
    /// lambert-conformal-conic, albers, azimuthal-equidistant, stereographic,
    /// transverse-mercator, equirectangular.
    Named(String),
    /// A kind with its centre and standard parallels (each defaults to the extent's).
    Custom {
        /// The kind name.
        kind: String,
        /// Centre `[lon, lat]` in degrees.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        center: Option<[f64; 2]>,
        /// Standard parallels `[lat1, lat2]` of conic kinds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        parallels: Option<[f64; 2]>,
    },
}

impl Default for ProjectionSpec {
    fn default() -> Self {
        ProjectionSpec::Named("auto".into())
    }
}

/// The part of the world the map shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ExtentSpec {
    /// "auto": fit every marker, route and highlight.
    Named(String),
    /// A box `[west, south, east, north]` in degrees (west > east crosses the antimeridian).
    Bbox {
        /// The box.
        bbox: [f64; 4],
    },
    /// A circle around a place.
    Around {
        /// The centre.
        center: PlaceRef,
        /// Radius in kilometres.
        radius_km: f64,
    },
    /// Fit these places or countries (and nothing else).
    Fit {
        /// The places.
        fit: Vec<PlaceRef>,
    },
}

impl Default for ExtentSpec {
    fn default() -> Self {
        ExtentSpec::Named("auto".into())
    }
}

/// Basemap detail: "auto", "110m", "50m" or "10m".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DetailSpec {
    /// Chosen by the map's scale.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    /// Natural Earth 1:110m, world maps.
    #[serde(rename = "110m")]
    D110m,
    /// Natural Earth 1:50m, regional maps.
    #[serde(rename = "50m")]
    D50m,
    /// Natural Earth 1:10m, country and city maps.
    #[serde(rename = "10m")]
    D10m,
}

/// A country or first-level region filled with a colour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    /// The country or region.
    pub place: PlaceRef,
    /// Fill colour (default: the theme's highlight colour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<Color>,
    /// Legend text ("Host country"); without it the highlight is not in the legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<String>,
}

/// A marker symbol.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Icon {
    /// A dot.
    #[default]
    Circle,
    /// A five-pointed star, for the event.
    Star,
    /// A square.
    Square,
    /// A triangle pointing up.
    Triangle,
    /// A map pin whose tip marks the place.
    Pin,
}

impl Icon {
    /// The name used in scene files.
    pub fn as_str(self) -> &'static str {
        match self {
            Icon::Circle => "circle",
            Icon::Star => "star",
            Icon::Square => "square",
            Icon::Triangle => "triangle",
            Icon::Pin => "pin",
        }
    }
}

/// Marker size: small, medium, large, or a diameter in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum MarkerSize {
    /// A named size.
    Named(NamedSize),
    /// Diameter in px, 2 to 100.
    Px(f64),
}

/// Named marker sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NamedSize {
    /// A minor place: 8 px dot, 14 px label.
    Small,
    /// A place in the story: 10 px dot, 17 px label.
    Medium,
    /// The event: 20 px symbol, bold 19 px label.
    Large,
}

/// A place marked on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Marker {
    /// Where.
    pub place: PlaceRef,
    /// Label text (default: the place's name; "" for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A second line under the label, in grey (a date, a note).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Symbol (default circle).
    #[serde(default)]
    pub icon: Icon,
    /// Size (default: medium for route stops, small for other places).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<MarkerSize>,
    /// Colour (default: the theme's marker colour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Higher priority labels are placed first and dropped last (default: by size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    /// Legend text for this kind of marker ("Summit venue").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legend: Option<String>,
    /// A date, kept in exports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A route stop: a place, or a place with a date and a label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum StopSpec {
    /// A place only.
    Place(PlaceRef),
    /// A place with details.
    Detailed {
        /// Where.
        place: PlaceRef,
        /// When (ISO 8601 dates such as 2022-09-15 are shown as "15 Sept").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<String>,
        /// Label text (default: the place's name).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
    },
}

/// Line style of a route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LineStyle {
    /// A continuous line.
    #[default]
    Solid,
    /// Dashes.
    Dashed,
    /// Dots.
    Dotted,
}

/// How route legs bend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CurveSpec {
    /// Great circles; legs that would hide another route's leg bend gently apart.
    #[default]
    Auto,
    /// Great circles only.
    Straight,
    /// Every leg bends gently (to the left of travel).
    Curved,
}

/// A journey through ordered stops.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The traveller or route name, shown in the legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// At least two stops, in order of travel.
    pub stops: Vec<StopSpec>,
    /// Dates of the stops, one per stop (an alternative to dated stops).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<String>,
    /// Colour (default: from the theme's palette).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Line width in px (default 2.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<f64>,
    /// Line style (default solid; the print theme dashes routes in turn: solid, dashed,
    /// dotted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<LineStyle>,
    /// How legs bend (default auto).
    #[serde(default)]
    pub curve: CurveSpec,
    /// An arrowhead on each leg, pointing the way of travel (default true).
    #[serde(default = "yes")]
    pub arrows: bool,
    /// Number the stops 1, 2, 3… (default false).
    #[serde(default)]
    pub numbered: bool,
    /// Mark and label the stops (default true).
    #[serde(default = "yes")]
    pub stop_markers: bool,
}

/// A GeoJSON file drawn over the basemap. Points become markers labelled by their `title`
/// (or `name`) property; lines and polygons are drawn in their `stroke` and `fill` colours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GeoLayer {
    /// The file: a FeatureCollection, Feature or Geometry, relative to the scene file.
    pub geojson: String,
    /// Legend text; without it the layer is not in the legend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Colour of features that have no simplestyle colour (default: the next route colour).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
}

/// The legend: `true`, `false`, or its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum LegendSpec {
    /// Shown (in the best free corner) or not.
    Shown(bool),
    /// Shown with settings.
    Settings {
        /// A heading.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        /// Corner: "auto" (default), "top-left", "top-right", "bottom-left", "bottom-right".
        #[serde(default, skip_serializing_if = "Option::is_none")]
        position: Option<Corner>,
    },
}

impl Default for LegendSpec {
    fn default() -> Self {
        LegendSpec::Shown(true)
    }
}

/// A corner of the map frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Corner {
    /// Top left.
    TopLeft,
    /// Top right.
    TopRight,
    /// Bottom left.
    BottomLeft,
    /// Bottom right.
    BottomRight,
}

/// The locator inset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InsetSpec {
    /// A globe, unless the map already shows most of the world.
    #[default]
    Auto,
    /// A small globe centred on the map, its extent outlined.
    Globe,
    /// A small world map, the extent outlined.
    World,
    /// No inset.
    None,
}

/// A scene that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SceneError {
    /// Not JSON, or JSON of the wrong shape; `path` is where (e.g. `markers[2].icon`).
    #[error("{path}: {message}")]
    Json {
        /// JSON path of the bad value (`.` for the whole document).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Values that parse but make no sense, or places that do not resolve: every one at
    /// once, each with its path, one a line.
    #[error("{}", lines(.0))]
    Invalid(Vec<Problem>),
}

/// One value of a scene that makes no sense, or a place that does not resolve, with the
/// JSON path it concerns. `Display` gives `path: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path (`markers[2].place`); `None` for what came from outside the scene (a
    /// `--width` given to the renderer).
    pub path: Option<String>,
    /// What is wrong and, where possible, how to fix it, lowercase.
    pub message: String,
}

impl Problem {
    /// A problem with the value at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: Some(path.into()),
            message: message.into(),
        }
    }

    /// A problem with no place in the scene's JSON.
    pub fn unplaced(message: impl Into<String>) -> Problem {
        Problem {
            path: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{path}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Problems one a line.
fn lines(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

impl Scene {
    /// Reads a scene from JSON text, naming the path of the first bad value.
    pub fn from_json(text: &str) -> Result<Scene, SceneError> {
        // serde would read an array as the fields in order; a scene is an object.
        let start = text.trim_start();
        if !start.is_empty() && !start.starts_with('{') {
            let found = if start.starts_with('[') {
                "an array"
            } else {
                "something else"
            };
            return Err(SceneError::Json {
                path: "scene".into(),
                message: format!(
                    "expected a JSON object {{\"title\": …, \"markers\": […]}}, found {found}"
                ),
            });
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let scene: Scene = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            SceneError::Json {
                path: if path == "." { "scene".into() } else { path },
                message: describe_json_error(&inner),
            }
        })?;
        // One scene a file: anything after it is a mistake (two scenes pasted together, a
        // stray character), not something to pass over.
        de.end().map_err(|e| SceneError::Json {
            path: "scene".into(),
            message: format!(
                "unexpected content after the scene's closing brace at line {} column {}; a file holds one scene",
                e.line(),
                e.column()
            ),
        })?;
        scene.validate()?;
        Ok(scene)
    }

    /// Checks values the types cannot: sizes, ranges, counts.
    pub fn validate(&self) -> Result<(), SceneError> {
        let mut problems = Vec::new();
        let Size { width, height } = self.size;
        for (name, v) in [("size.width", width), ("size.height", height)] {
            if !(200..=MAX_SIDE_PX).contains(&v) {
                problems.push(Problem::new(
                    name,
                    format!("{v} px is out of range; use 200 to {MAX_SIDE_PX}"),
                ));
            }
        }
        let mut check_place = |path: String, p: &PlaceRef| match p {
            PlaceRef::Point { lat, lon, .. } => {
                if !(lat.is_finite() && lat.abs() <= 90.0) {
                    problems.push(Problem::new(
                        &*path,
                        format!("latitude {lat} is out of range -90..90"),
                    ));
                }
                if !(lon.is_finite() && lon.abs() <= 180.0) {
                    problems.push(Problem::new(
                        &*path,
                        format!("longitude {lon} is out of range -180..180"),
                    ));
                }
            }
            PlaceRef::Name(n) | PlaceRef::Query { name: n, .. } if n.trim().is_empty() => {
                problems.push(Problem::new(&*path, "the place name is empty".to_string()));
            }
            _ => {}
        };
        for (i, h) in self.highlight.iter().enumerate() {
            check_place(format!("highlight[{i}].place"), &h.place);
        }
        for (i, m) in self.markers.iter().enumerate() {
            check_place(format!("markers[{i}].place"), &m.place);
        }
        for (i, r) in self.routes.iter().enumerate() {
            for (j, s) in r.stops.iter().enumerate() {
                let p = match s {
                    StopSpec::Place(p) | StopSpec::Detailed { place: p, .. } => p,
                };
                check_place(format!("routes[{i}].stops[{j}]"), p);
            }
        }
        if let ExtentSpec::Around { center, .. } = &self.extent {
            check_place("extent.center".into(), center);
        }
        for (i, m) in self.markers.iter().enumerate() {
            if let Some(MarkerSize::Px(px)) = m.size {
                if !(px.is_finite() && (2.0..=100.0).contains(&px)) {
                    problems.push(Problem::new(
                        format!("markers[{i}].size"),
                        format!("{px} px is out of range; use 2 to 100 or small, medium, large"),
                    ));
                }
            }
        }
        for (i, r) in self.routes.iter().enumerate() {
            if r.stops.len() < 2 {
                problems.push(Problem::new(
                    format!("routes[{i}].stops"),
                    format!("a route needs at least two stops, found {}", r.stops.len()),
                ));
            }
            if !r.dates.is_empty() && r.dates.len() != r.stops.len() {
                problems.push(Problem::new(
                    format!("routes[{i}].dates"),
                    format!(
                        "{} dates for {} stops; give one date per stop",
                        r.dates.len(),
                        r.stops.len()
                    ),
                ));
            }
            if let Some(w) = r.width {
                if !(w.is_finite() && (0.25..=20.0).contains(&w)) {
                    problems.push(Problem::new(
                        format!("routes[{i}].width"),
                        format!("{w} px is out of range; use 0.25 to 20"),
                    ));
                }
            }
        }
        forbidden_text(self, &mut problems);
        if let Err(p) = SceneProjection::try_from(&self.projection) {
            problems.extend(p);
        }
        match &self.extent {
            ExtentSpec::Named(n) if n != "auto" => problems.push(Problem::new("extent", format!("{n:?} is not an extent; use \"auto\", {{\"bbox\": [w, s, e, n]}}, {{\"center\": place, \"radius_km\": r}} or {{\"fit\": [places]}}"
            ))),
            ExtentSpec::Bbox { bbox: [w, s, e, n] } => {
                let ok = [w, e].iter().all(|v| v.is_finite() && v.abs() <= 180.0)
                    && [s, n].iter().all(|v| v.is_finite() && v.abs() <= 90.0)
                    && s < n;
                if !ok {
                    problems.push(Problem::new("extent.bbox", format!("[{w}, {s}, {e}, {n}] is not [west, south, east, north] in degrees"
                    )));
                }
            }
            ExtentSpec::Around { radius_km, .. }
                if !(radius_km.is_finite() && *radius_km > 0.0 && *radius_km <= 20_000.0) =>
            {
                problems.push(Problem::new("extent.radius_km", format!("{radius_km} is out of range; use more than 0 and up to 20000"
                )));
            }
            ExtentSpec::Fit { fit } if fit.is_empty() => {
                problems.push(Problem::new("extent.fit", "the list of places is empty"))
            }
            _ => {}
        }
        for (name, v) in [
            ("style.title_size", self.style.title_size),
            ("style.subtitle_size", self.style.subtitle_size),
            ("style.label_size", self.style.label_size),
            ("style.source_size", self.style.source_size),
        ] {
            if let Some(v) = v {
                if !(v.is_finite() && (4.0..=200.0).contains(&v)) {
                    problems.push(Problem::new(
                        name,
                        format!("{v} px is out of range; use 4 to 200"),
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(SceneError::Invalid(problems))
        }
    }

    /// The JSON Schema of scene files, generated from these types.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Scene);
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// Turns serde's messages into ones a person can act on, keeping the line and column.
/// Adds a problem for every string in the scene that holds a character SVG cannot (see
/// [`crate::xml`]): such text is refused, not cut silently.
fn forbidden_text(scene: &Scene, problems: &mut Vec<Problem>) {
    fn walk(path: &str, v: &serde_json::Value, problems: &mut Vec<Problem>) {
        match v {
            serde_json::Value::String(s) => {
                if let Some((at, c)) = crate::xml::first_forbidden(s) {
                    problems.push(Problem::new(
                        path,
                        format!(
                            "character {at} is U+{:04X}, which SVG cannot hold; remove it",
                            c as u32
                        ),
                    ));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(&format!("{path}[{i}]"), item, problems);
                }
            }
            serde_json::Value::Object(fields) => {
                for (k, item) in fields {
                    let path = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    walk(&path, item, problems);
                }
            }
            _ => {}
        }
    }
    // Cheap for a scene of any size, and it cannot miss a field added later.
    if let Ok(value) = serde_json::to_value(scene) {
        walk("", &value, problems);
    }
}

fn describe_json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg
        .replace(
            "data did not match any variant of untagged enum PlaceRef",
            "expected a place: a name, {\"lat\": …, \"lon\": …} or {\"name\": …, \"country\": …}",
        )
        .replace(
            "data did not match any variant of untagged enum StopSpec",
            "expected a stop: a place name or {\"place\": …, \"date\": …}",
        )
        .replace(
            "data did not match any variant of untagged enum ProjectionSpec",
            "expected a projection: \"auto\", a kind name or {\"kind\": …}",
        )
        .replace(
            "data did not match any variant of untagged enum ExtentSpec",
            "expected an extent: \"auto\", {\"bbox\": […]}, {\"center\": …, \"radius_km\": …} or {\"fit\": […]}",
        )
        .replace(
            "data did not match any variant of untagged enum MarkerSize",
            "expected a size: small, medium, large or a number of px",
        )
        .replace(
            "data did not match any variant of untagged enum LegendSpec",
            "expected true, false or {\"title\": …, \"position\": …}",
        );
    // Lower-case the first word unless it is an acronym ("EOF while parsing…").
    let mut chars = msg.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => {
            a.to_lowercase().chain([b]).chain(chars).collect()
        }
        _ => msg,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_default_scene_is_an_empty_scene_file() {
        let empty = super::Scene::from_json("{}").expect("an empty scene file");
        assert_eq!(super::Scene::default(), empty);
        assert!(empty.scale_bar && empty.country_labels && empty.sea_labels);
    }

    use super::*;

    fn err(json: &str) -> String {
        Scene::from_json(json).expect_err(json).to_string()
    }

    #[test]
    fn sketch_fields_are_expressible() {
        let scene = Scene::from_json(include_str!("../../examples/sco-samarkand.json"))
            .expect("example scene");
        assert_eq!(scene.highlight.len(), 2);
        assert_eq!(scene.routes[0].dates.len(), 3);
        assert_eq!(scene.markers[0].icon, Icon::Star);
        assert_eq!(scene.inset, InsetSpec::Globe);
    }

    #[test]
    fn text_svg_cannot_hold_is_refused() {
        let e = err("{\"title\": \"Talks\u{ffff}\", \"markers\": [{\"place\": \"Paris\", \"label\": \"a\u{fffe}\"}]}");
        assert!(e.contains("title: character 6 is U+FFFF"), "{e}");
        assert!(e.contains("markers[0].label: character 2 is U+FFFE"), "{e}");
        assert!(Scene::from_json("{\"title\": \"Talks \u{fffd}\"}").is_ok());
    }

    #[test]
    fn a_scene_is_one_object_and_nothing_after() {
        let e = err(r#"{"title": "a"} {"title": "b"}"#);
        assert!(
            e.starts_with("scene: unexpected content after the scene"),
            "{e}"
        );
        let e = err(r#"{"title": "a"} junk"#);
        assert!(e.contains("line 1 column 16"), "{e}");
        let e = err(r#"["a title"]"#);
        assert!(e.starts_with("scene: expected a JSON object"), "{e}");
        assert!(Scene::from_json("  {\"title\": \"a\"}\n\n").is_ok());
    }

    #[test]
    fn errors_name_the_json_path() {
        let e = err(r#"{"markers": [{"place": "A"}, {"place": "B", "icon": "starr"}]}"#);
        assert!(
            e.starts_with("markers[1].icon: unknown variant `starr`"),
            "{e}"
        );
        let e = err(r#"{"titel": "x"}"#);
        assert!(e.contains("unknown field `titel`"), "{e}");
        let e = err(r#"{"routes": [{"stops": ["Moscow"]}]}"#);
        assert!(
            e.contains("routes[0].stops: a route needs at least two stops"),
            "{e}"
        );
        let e = err(r#"{"size": {"width": 100000, "height": 100000}}"#);
        assert!(e.contains("size.width: 100000 px is out of range"), "{e}");
        let e = err(r#"{"markers": [{"place": {"lat": 95, "lon": 0}}]}"#);
        assert!(e.contains("markers[0].place: latitude 95"), "{e}");
        let e = err(r#"{"markers": [{"place": 7}]}"#);
        assert!(e.starts_with("markers[0].place: expected a place"), "{e}");
        let e = err("{\"title\": ");
        assert!(e.contains("EOF"), "{e}");
        let e = err(r#"{"projection": "mercatorr"}"#);
        assert!(e.contains("projection: unknown projection kind"), "{e}");
    }

    #[test]
    fn schema_names_every_top_level_field() {
        let schema: serde_json::Value =
            serde_json::from_str(&Scene::json_schema()).expect("schema is JSON");
        let props = schema["properties"].as_object().expect("properties");
        for key in ["title", "markers", "routes", "highlight", "inset", "legend"] {
            assert!(props.contains_key(key), "{key}");
        }
    }
}

#[cfg(test)]
mod problem_tests {
    use super::*;

    #[test]
    fn scene_errors_carry_their_paths_as_data() {
        let e = Scene::from_json(
            r#"{ "size": { "width": 100, "height": 600 }, "markers": [{ "place": " " }] }"#,
        )
        .expect_err("invalid");
        let SceneError::Invalid(problems) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(
            problems,
            &[
                Problem::new("size.width", "100 px is out of range; use 200 to 10000"),
                Problem::new("markers[0].place", "the place name is empty"),
            ]
        );
        assert_eq!(
            e.to_string(),
            "size.width: 100 px is out of range; use 200 to 10000\nmarkers[0].place: the place name is empty"
        );
        assert_eq!(
            Problem::unplaced("canvas width").to_string(),
            "canvas width"
        );
    }
}

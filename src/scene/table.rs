//! Markers and routes from a CSV file, the way a spreadsheet exports them.
//!
//! A row names its place in a `name` or `place` column (resolved by the gazetteer) or gives
//! `lat` and `lon` columns; `label`, `note`, `date`, `color`, `icon` and `size` columns are
//! optional. Rows with a `route` value become stops of that route, ordered by an `order`
//! column when there is one, else by `date`, else as the file lists them; the other rows
//! become markers. Header names are case-insensitive and `latitude`, `longitude`, `lng`
//! and `colour` are accepted too.

use std::collections::BTreeMap;

use super::{Color, Icon, Marker, MarkerSize, NamedSize, PlaceRef, Route, Scene, StopSpec};

/// A scene read from CSV, with the CSV line of each place so that errors found later
/// (an unknown name) can name the line instead of a JSON path.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvScene {
    /// Markers and routes.
    pub scene: Scene,
    /// Scene path of each place (`markers[2].place`, `routes[0].stops[1]`) and its line.
    pub lines: Vec<(TablePath, u64)>,
}

/// Where in the scene a CSV row's place went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TablePath {
    /// `markers[i].place`.
    Marker(usize),
    /// `routes[route].stops[stop]`.
    Stop {
        /// Index of the route.
        route: usize,
        /// Index of the stop within the route.
        stop: usize,
    },
}

impl TablePath {
    /// The same place once `markers` markers and `routes` routes come before the table's
    /// own (a scene file's, then the table's appended).
    pub fn after(self, markers: usize, routes: usize) -> TablePath {
        match self {
            TablePath::Marker(i) => TablePath::Marker(i + markers),
            TablePath::Stop { route, stop } => TablePath::Stop {
                route: route + routes,
                stop,
            },
        }
    }
}

impl std::fmt::Display for TablePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TablePath::Marker(i) => write!(f, "markers[{i}].place"),
            TablePath::Stop { route, stop } => write!(f, "routes[{route}].stops[{stop}]"),
        }
    }
}

/// Columns the reader knows.
#[derive(Debug, Default)]
struct Columns {
    place: Option<usize>,
    lat: Option<usize>,
    lon: Option<usize>,
    label: Option<usize>,
    note: Option<usize>,
    date: Option<usize>,
    color: Option<usize>,
    icon: Option<usize>,
    size: Option<usize>,
    route: Option<usize>,
    order: Option<usize>,
}

/// A row on its way to becoming a stop.
struct StopRow {
    line: u64,
    order: Option<f64>,
    place: PlaceRef,
    date: Option<String>,
    label: Option<String>,
    color: Option<Color>,
}

fn flush(errors: &mut Vec<String>, line: u64, row_errors: Vec<String>) {
    errors.extend(row_errors.into_iter().map(|m| format!("line {line}: {m}")));
}

/// Reads markers and routes from CSV text. Every problem is reported, each with its line
/// (`line 7: lat "abc" is not a number`); nothing is skipped silently.
pub fn from_csv(text: &str) -> Result<CsvScene, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![format!("cannot read the header row: {e}")])?
        .clone();
    let mut cols = Columns::default();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim_start_matches('\u{feff}').to_ascii_lowercase();
        let slot = match h.as_str() {
            "name" | "place" => &mut cols.place,
            "lat" | "latitude" => &mut cols.lat,
            "lon" | "lng" | "long" | "longitude" => &mut cols.lon,
            "label" => &mut cols.label,
            "note" | "description" => &mut cols.note,
            "date" => &mut cols.date,
            "color" | "colour" => &mut cols.color,
            "icon" | "symbol" => &mut cols.icon,
            "size" => &mut cols.size,
            "route" => &mut cols.route,
            "order" => &mut cols.order,
            _ => continue,
        };
        if slot.is_some() {
            return Err(vec![format!("two columns for {h:?}; keep one")]);
        }
        *slot = Some(i);
    }
    if cols.lat.is_some() != cols.lon.is_some() {
        return Err(vec![
            "a \"lat\" column needs a \"lon\" column and the other way round".into(),
        ]);
    }
    if cols.place.is_none() && cols.lat.is_none() {
        return Err(vec![format!(
            "no place column: expected \"name\" or \"place\", or \"lat\" and \"lon\" (found {})",
            headers
                .iter()
                .map(|h| format!("{h:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )]);
    }

    let mut errors = Vec::new();
    let mut markers: Vec<(u64, Marker)> = Vec::new();
    let mut routes: BTreeMap<String, (usize, Vec<StopRow>)> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(format!("line {line}: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        let mut row_errors: Vec<String> = Vec::new();
        let mut number = |c: Option<usize>, what: &str, range: f64| {
            let v = get(c)?;
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() && x.abs() <= range => Some(x),
                Ok(_) => {
                    row_errors.push(format!("{what} {v:?} is out of range (±{range})"));
                    None
                }
                Err(_) => {
                    row_errors.push(format!("{what} {v:?} is not a number"));
                    None
                }
            }
        };
        let lat = number(cols.lat, "lat", 90.0);
        let lon = number(cols.lon, "lon", 180.0);
        let name = get(cols.place);
        let (has_lat, has_lon) = (get(cols.lat).is_some(), get(cols.lon).is_some());
        let place = match (lat, lon, &name) {
            (Some(lat), Some(lon), _) => Some(PlaceRef::Point {
                lat,
                lon,
                name: name.clone(),
            }),
            (None, None, Some(n)) if !has_lat && !has_lon => Some(PlaceRef::Name(n.clone())),
            _ => {
                if !has_lat && !has_lon {
                    row_errors.push("no place: fill in the name or the lat and lon".into());
                } else if has_lat != has_lon {
                    row_errors.push("give both lat and lon".into());
                }
                None
            }
        };
        let mut problem = |m: String| row_errors.push(m);
        let color = get(cols.color).and_then(|c| match Color::parse(&c) {
            Ok(c) => Some(c),
            Err(e) => {
                problem(format!("color {c:?}: {e}"));
                None
            }
        });
        let label = get(cols.label);
        let date = get(cols.date);
        if let Some(route) = get(cols.route) {
            let order = match get(cols.order) {
                Some(o) => match o.parse::<f64>() {
                    Ok(x) if x.is_finite() => Some(x),
                    _ => {
                        problem(format!("order {o:?} is not a number"));
                        None
                    }
                },
                None => None,
            };
            let Some(place) = place else {
                flush(&mut errors, line, row_errors);
                continue;
            };
            if !row_errors.is_empty() {
                flush(&mut errors, line, row_errors);
                continue;
            }
            let next = routes.len();
            routes
                .entry(route)
                .or_insert_with(|| (next, Vec::new()))
                .1
                .push(StopRow {
                    line,
                    order,
                    place,
                    date,
                    label,
                    color,
                });
            continue;
        }
        let icon = match get(cols.icon) {
            None => Icon::default(),
            Some(i) => match serde_json::from_value::<Icon>(serde_json::Value::String(
                i.to_ascii_lowercase(),
            )) {
                Ok(icon) => icon,
                Err(_) => {
                    problem(format!(
                        "icon {i:?}: expected circle, star, square, triangle or pin"
                    ));
                    Icon::default()
                }
            },
        };
        let size = match get(cols.size) {
            None => None,
            Some(s) => match s.to_ascii_lowercase().as_str() {
                "small" => Some(MarkerSize::Named(NamedSize::Small)),
                "medium" => Some(MarkerSize::Named(NamedSize::Medium)),
                "large" => Some(MarkerSize::Named(NamedSize::Large)),
                other => match other.parse::<f64>() {
                    Ok(px) if (2.0..=100.0).contains(&px) => Some(MarkerSize::Px(px)),
                    _ => {
                        problem(format!(
                            "size {s:?}: expected small, medium, large or 2 to 100 (px)"
                        ));
                        None
                    }
                },
            },
        };
        let Some(place) = place else {
            flush(&mut errors, line, row_errors);
            continue;
        };
        if !row_errors.is_empty() {
            flush(&mut errors, line, row_errors);
            continue;
        }
        markers.push((
            line,
            Marker {
                place,
                label,
                note: get(cols.note),
                icon,
                size,
                color,
                priority: None,
                legend: None,
                date,
            },
        ));
    }

    let mut scene = Scene::default();
    let mut lines = Vec::new();
    for (i, (line, marker)) in markers.into_iter().enumerate() {
        lines.push((TablePath::Marker(i), line));
        scene.markers.push(marker);
    }
    let mut ordered: Vec<(String, usize, Vec<StopRow>)> = routes
        .into_iter()
        .map(|(name, (first, rows))| (name, first, rows))
        .collect();
    ordered.sort_by_key(|r| r.1);
    for (name, _, mut rows) in ordered {
        if rows.len() < 2 {
            errors.push(format!(
                "line {}: route {name:?} has one stop; a route needs two or more",
                rows[0].line
            ));
            continue;
        }
        if cols.order.is_some() {
            if let Some(r) = rows.iter().find(|r| r.order.is_none()) {
                errors.push(format!("line {}: route {name:?} needs an order", r.line));
                continue;
            }
            // Stable: equal orders keep the file's order.
            rows.sort_by(|a, b| {
                a.order
                    .partial_cmp(&b.order)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
        } else if cols.date.is_some() && rows.iter().all(|r| r.date.is_some()) {
            rows.sort_by(|a, b| a.date.cmp(&b.date));
        }
        let index = scene.routes.len();
        for (j, r) in rows.iter().enumerate() {
            lines.push((
                TablePath::Stop {
                    route: index,
                    stop: j,
                },
                r.line,
            ));
        }
        let color = rows.iter().find_map(|r| r.color);
        scene.routes.push(Route {
            name: Some(name),
            stops: rows
                .into_iter()
                .map(|r| StopSpec::Detailed {
                    place: r.place,
                    date: r.date,
                    label: r.label,
                })
                .collect(),
            dates: Vec::new(),
            color,
            width: None,
            style: Default::default(),
            curve: Default::default(),
            arrows: true,
            numbered: false,
            stop_markers: true,
        });
    }
    if scene.markers.is_empty() && scene.routes.is_empty() && errors.is_empty() {
        errors.push("no rows: nothing to draw".into());
    }
    if errors.is_empty() {
        Ok(CsvScene { scene, lines })
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_markers_and_routes_in_order() {
        let csv = "name,label,route,order,date\n\
                   Samarkand,,Xi,3,2022-09-15\n\
                   Beijing,,Xi,1,2022-09-14\n\
                   Astana,,Xi,2,2022-09-14\n\
                   Tashkent,Capital,,,\n";
        let s = from_csv(csv).unwrap();
        assert_eq!(s.scene.markers.len(), 1);
        assert_eq!(s.scene.markers[0].label.as_deref(), Some("Capital"));
        let route = &s.scene.routes[0];
        assert_eq!(route.name.as_deref(), Some("Xi"));
        let names: Vec<_> = route
            .stops
            .iter()
            .map(|st| match st {
                StopSpec::Detailed {
                    place: PlaceRef::Name(n),
                    ..
                } => n.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(names, ["Beijing", "Astana", "Samarkand"]);
        assert!(s
            .lines
            .contains(&(TablePath::Stop { route: 0, stop: 2 }, 2)));
        assert!(s.lines.contains(&(TablePath::Marker(0), 5)));
        assert_eq!(
            TablePath::Stop { route: 0, stop: 2 }
                .after(3, 2)
                .to_string(),
            "routes[2].stops[2]"
        );
        assert_eq!(
            TablePath::Marker(1).after(3, 2).to_string(),
            "markers[4].place"
        );
    }

    #[test]
    fn dates_order_a_route_without_an_order_column() {
        let csv = "place,route,date\nB,r,2024-02-01\nA,r,2024-01-01\n";
        let s = from_csv(csv).unwrap();
        let first = &s.scene.routes[0].stops[0];
        assert!(matches!(first, StopSpec::Detailed { place: PlaceRef::Name(n), .. } if n == "A"));
    }

    #[test]
    fn coordinates_work_without_a_name() {
        let s = from_csv("lat,lon,label\n39.65,66.96,Camp\n").unwrap();
        assert_eq!(
            s.scene.markers[0].place,
            PlaceRef::Point {
                lat: 39.65,
                lon: 66.96,
                name: None
            }
        );
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "name,lat,lon\nA,abc,1\nB,95,1\n,,\nC,,\nD,1,\n";
        let errors = from_csv(csv).unwrap_err();
        assert!(
            errors[0].starts_with("line 2: lat \"abc\" is not a number"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("line 3: lat \"95\" is out of range"),
            "{errors:?}"
        );
        // Line 4 is blank and skipped; line 5 names a place; line 6 lacks lat.
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("line 6: give both lat and lon")),
            "{errors:?}"
        );
        assert_eq!(errors.len(), 3, "{errors:?}");
    }

    #[test]
    fn a_file_without_a_place_column_is_refused() {
        let errors = from_csv("town,when\nA,1\n").unwrap_err();
        assert!(errors[0].contains("no place column"), "{errors:?}");
        assert!(errors[0].contains("\"town\""), "{errors:?}");
    }

    #[test]
    fn a_one_stop_route_is_an_error() {
        let errors = from_csv("name,route\nA,r\nB,\n").unwrap_err();
        assert_eq!(
            errors,
            ["line 2: route \"r\" has one stop; a route needs two or more"]
        );
    }
}

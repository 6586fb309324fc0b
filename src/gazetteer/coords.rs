//! Coordinates and ids written as place names: "39.65, 66.96", "39°39′N 66°58′E",
//! "geonames:1216265".

/// What a query that is not a name asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// A point `(lat, lon)`.
    Point(f64, f64),
    /// A GeoNames id.
    GeoNamesId(u32),
}

/// Reads `text` as coordinates or a GeoNames id.
///
/// Returns `None` when the text does not look like either (so it is a name), and
/// `Some(Err(reason))` when it looks like coordinates but is not valid ("91, 10").
pub fn parse_literal(text: &str) -> Option<Result<Literal, String>> {
    let t = text.trim();
    if let Some(id) = t
        .strip_prefix("geonames:")
        .or_else(|| t.strip_prefix("GeoNames:"))
    {
        return Some(
            id.trim()
                .parse::<u32>()
                .map(Literal::GeoNamesId)
                .map_err(|_| format!("{:?} is not a GeoNames id (a whole number)", id.trim())),
        );
    }
    // Coordinates hold digits and no letters but hemisphere letters.
    let looks_numeric = t.chars().any(|c| c.is_ascii_digit())
        && t.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, 'N' | 'S' | 'E' | 'W' | 'n' | 's' | 'e' | 'w')
                || " \t,;.+-−°º'′’\"″”dms".contains(c)
        });
    if !looks_numeric {
        return None;
    }
    // Letters and digits without a degree or minute sign may be a name ("D7", "E45", "N1 5"):
    // such text is a coordinate only when it parses as one.
    let has_letters = t.chars().any(|c| c.is_alphabetic());
    let has_signs = t.chars().any(|c| "°º'′’\"″”".contains(c));
    match parse_point(t) {
        Ok((lat, lon)) => Some(Ok(Literal::Point(lat, lon))),
        Err(_) if has_letters && !has_signs => None,
        Err(reason) => Some(Err(reason)),
    }
}

fn parse_point(t: &str) -> Result<(f64, f64), String> {
    let parts = split_axes(t)?;
    let [a, b] = parts.as_slice() else {
        return Err("expected a latitude and a longitude, as in \"39.65, 66.96\"".into());
    };
    let (a, b) = (parse_axis(a)?, parse_axis(b)?);
    let (lat, lon) = match (a.1, b.1) {
        (Some(Axis::Lon), Some(Axis::Lat)) | (Some(Axis::Lon), None) | (None, Some(Axis::Lat)) => {
            (b.0, a.0)
        }
        (Some(x), Some(y)) if x == y => {
            return Err("both values have the same hemisphere axis".into());
        }
        _ => (a.0, b.0),
    };
    if !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is outside -90 to 90"));
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside -180 to 180"));
    }
    Ok((lat, lon))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Axis {
    Lat,
    Lon,
}

/// Splits at a comma or semicolon, or else after the first hemisphere letter, or else at
/// white space between two plain numbers.
fn split_axes(t: &str) -> Result<Vec<String>, String> {
    if t.contains([',', ';']) {
        return Ok(t.split([',', ';']).map(|s| s.trim().to_string()).collect());
    }
    if let Some(i) = t.find(['N', 'S', 'n', 's']) {
        let (a, b) = t.split_at(i + 1);
        if !b.trim().is_empty() {
            return Ok(vec![a.trim().to_string(), b.trim().to_string()]);
        }
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    match words.as_slice() {
        [a, b] => Ok(vec![a.to_string(), b.to_string()]),
        _ => Err("expected a latitude and a longitude separated by a comma".into()),
    }
}

/// Reads one axis: decimal degrees or degrees, minutes and seconds, with an optional sign or
/// hemisphere letter.
fn parse_axis(s: &str) -> Result<(f64, Option<Axis>), String> {
    let mut sign = 1.0;
    let mut axis = None;
    let mut body = s.trim().to_string();
    if let Some(last) = body.chars().last().filter(|c| "NSEWnsew".contains(*c)) {
        body.pop();
        let upper = last.to_ascii_uppercase();
        axis = Some(if upper == 'N' || upper == 'S' {
            Axis::Lat
        } else {
            Axis::Lon
        });
        if upper == 'S' || upper == 'W' {
            sign = -1.0;
        }
    }
    let body = body.trim().replace('−', "-");
    let (neg, body) = match body.strip_prefix('-') {
        Some(rest) => (true, rest.trim()),
        None => (false, body.trim_start_matches('+').trim()),
    };
    if neg {
        if axis.is_some() && sign < 0.0 {
            return Err(format!("{s:?} has both a minus sign and S or W"));
        }
        sign = -sign;
    }
    let numbers: Vec<&str> = body
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|p| !p.is_empty())
        .collect();
    let value = |p: &str| {
        p.parse::<f64>()
            .map_err(|_| format!("{p:?} is not a number"))
    };
    let degrees = match numbers.as_slice() {
        [d] => value(d)?,
        [d, m] => value(d)? + minutes(value(m)?)?,
        [d, m, sec] => value(d)? + minutes(value(m)?)? + minutes(value(sec)?)? / 60.0,
        _ => return Err(format!("{s:?} is not a coordinate")),
    };
    Ok((sign * degrees, axis))
}

fn minutes(m: f64) -> Result<f64, String> {
    if m >= 60.0 {
        return Err(format!("{m} minutes or seconds is not below 60"));
    }
    Ok(m / 60.0)
}

#[cfg(test)]
mod tests {
    use super::{parse_literal, Literal};

    fn point(t: &str) -> (f64, f64) {
        match parse_literal(t) {
            Some(Ok(Literal::Point(lat, lon))) => (lat, lon),
            other => panic!("{t:?} gave {other:?}"),
        }
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-4 && (a.1 - b.1).abs() < 1e-4
    }

    #[test]
    fn decimal_and_dms() {
        assert!(close(point("39.65, 66.96"), (39.65, 66.96)));
        assert!(close(point("39.65 66.96"), (39.65, 66.96)));
        assert!(close(point("-33.87,151.21"), (-33.87, 151.21)));
        assert!(close(point("39°39′N 66°58′E"), (39.65, 66.9667)));
        assert!(close(point("39°39'N, 66°58'E"), (39.65, 66.9667)));
        assert!(close(point("33°52′S 151°12′E"), (-33.8667, 151.2)));
        assert!(close(point("66.96E 39.65N"), (39.65, 66.96)));
        assert!(close(point("40°26′46″N 79°58′56″W"), (40.4461, -79.9822)));
    }

    #[test]
    fn rejects_out_of_range_and_non_coordinates() {
        assert!(matches!(parse_literal("91, 10"), Some(Err(_))));
        assert!(matches!(parse_literal("10, 200"), Some(Err(_))));
        assert!(matches!(parse_literal("10"), Some(Err(_))));
        assert!(matches!(parse_literal("39°75′N 10E"), Some(Err(_))));
        assert_eq!(parse_literal("Samarkand"), None);
        assert_eq!(parse_literal("Saint-Denis"), None);
        assert_eq!(parse_literal("d7"), None);
        assert_eq!(parse_literal("E45"), None);
    }

    #[test]
    fn geonames_ids() {
        assert_eq!(
            parse_literal("geonames:1216265"),
            Some(Ok(Literal::GeoNamesId(1216265)))
        );
        assert!(matches!(parse_literal("geonames:x"), Some(Err(_))));
    }
}

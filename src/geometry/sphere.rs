//! Small helpers on the sphere: wrapping longitudes and the angle between two points.

/// Wraps a longitude into [-180, 180).
pub fn normalize_lon(lon: f64) -> f64 {
    let s = lon + 180.0;
    // rem_euclid leaves a value in [0, 360) as it is: most longitudes skip its fmod.
    let l = if (0.0..360.0).contains(&s) {
        s
    } else {
        s.rem_euclid(360.0)
    } - 180.0;
    // rem_euclid can return exactly 360.0 for tiny negative inputs.
    if l >= 180.0 {
        l - 360.0
    } else {
        l
    }
}

/// Great-circle angle in degrees between two lon/lat points on the sphere.
pub fn central_angle_deg(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (l1, p1) = (a.0.to_radians(), a.1.to_radians());
    let (l2, p2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2) + p1.cos() * p2.cos() * ((l2 - l1) / 2.0).sin().powi(2);
    (2.0 * h.sqrt().min(1.0).asin()).to_degrees()
}

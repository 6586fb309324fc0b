//! Resolution quality baseline: every gold mention of a geoparsing corpus resolved by its
//! name alone, with no context.
//!
//! ```text
//! cargo run --release -p placemap-benches --example eval_lgl -- ../shared/eval/lgl.docs.jsonl
//! ```
//!
//! Input is one JSON document a line with gold `toponyms` carrying UTF-8 byte offsets
//! (`bstart`, `bend`) and `lat`/`lon`. Prints acc@161 (share of mentions placed less than
//! 161 km from gold), mean and median error and AUC, computed as the evaluation set's
//! `score.py` computes them (the geoparsing literature's definitions). Every gold mention
//! counts as matched; a name that does not resolve counts at the largest error.

use std::error::Error;
use std::io::{BufRead, BufReader};

use placemap::gazetteer::Gazetteer;

const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Half the Earth's circumference: the largest possible error, and AUC's scale (as score.py).
const MAX_ERROR_KM: f64 = 20039.0;

fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: eval_lgl DOCS.jsonl (e.g. ../shared/eval/lgl.docs.jsonl)")?;
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let g = Gazetteer::embedded()?;
    let (mut errors, mut unresolved, mut guesses) = (Vec::new(), 0usize, 0usize);
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let text = doc["text"].as_str().unwrap_or("").as_bytes();
        for t in doc["toponyms"].as_array().into_iter().flatten() {
            let (Some(s), Some(e), Some(lat), Some(lon)) = (
                t["bstart"].as_u64(),
                t["bend"].as_u64(),
                t["lat"].as_f64(),
                t["lon"].as_f64(),
            ) else {
                continue;
            };
            let surface = text
                .get(s as usize..e as usize)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("");
            match g.resolve(surface) {
                Ok(r) => {
                    guesses += usize::from(r.is_guess());
                    errors.push(km((r.place.lat, r.place.lon), (lat, lon)));
                }
                Err(_) => {
                    unresolved += 1;
                    errors.push(MAX_ERROR_KM);
                }
            }
        }
    }
    if errors.is_empty() {
        return Err(format!("{path}: no gold toponyms found").into());
    }
    let total = errors.len();
    errors.sort_by(f64::total_cmp);
    // As score.py: correct means strictly under 161 km; the median of an even count is the
    // mean of the two middle errors; AUC is the trapezoid area under the sorted
    // ln(1 + error) / ln(20039) curve, over total - 1 steps.
    let within = errors.iter().filter(|e| **e < 161.0).count();
    let mean = errors.iter().sum::<f64>() / total as f64;
    let median = if total % 2 == 1 {
        errors[total / 2]
    } else {
        (errors[total / 2 - 1] + errors[total / 2]) / 2.0
    };
    let ys: Vec<f64> = errors
        .iter()
        .map(|e| (1.0 + e).ln() / MAX_ERROR_KM.ln())
        .collect();
    let auc = if total < 2 {
        f64::NAN
    } else {
        ys.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (total - 1) as f64
    };
    println!("mentions            {total}");
    println!("unresolved          {unresolved} (counted at the largest error)");
    println!("fuzzy guesses       {guesses}");
    println!("acc@161             {:.3}", within as f64 / total as f64);
    println!("mean error km       {mean:.0}");
    println!("median error km     {median:.1}");
    println!("AUC                 {auc:.3}");
    Ok(())
}

//! Place extraction and resolution quality on a geoparsing corpus, scored as the evaluation
//! set's `score.py` scores it (the geoparsing literature's definitions).
//!
//! ```text
//! cargo run --release -p placemap-benches --example eval_lgl -- ../shared/eval/lgl.docs.jsonl
//! cargo run --release -p placemap-benches --example eval_lgl -- DOCS.jsonl --mode given-spans
//! cargo run --release -p placemap-benches --example eval_lgl -- DOCS.jsonl --mode names
//! cargo run --release -p placemap-benches --example eval_lgl -- DOCS.jsonl --write predictions.jsonl
//! ```
//!
//! Input is one JSON document a line with gold `toponyms` carrying UTF-8 byte offsets
//! (`bstart`, `bend`) and `lat`/`lon`. Modes:
//! - `detect` (default): `placemap extract` finds and resolves the mentions itself;
//! - `given-spans`: the gold spans are resolved in the context of the text
//!   (`placemap extract --given-spans`);
//! - `names`: each gold name is resolved alone with no context (`placemap resolve`), the
//!   gazetteer's baseline; an unresolved name counts at the largest error.
//!
//! `--write FILE` saves the predictions in `score.py`'s format to check the figures.

use std::error::Error;
use std::io::{BufRead, BufReader, Write};
use std::time::Instant;

use placemap::extract::batch::{process_line, Spans};
use placemap::extract::Extractor;
use placemap::gazetteer::Gazetteer;
use serde_json::{json, Value};

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

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Detect,
    GivenSpans,
    Names,
}

/// A span with a point: `(start, end, lat, lon)`.
type Located = (usize, usize, Option<(f64, f64)>);

#[derive(Default)]
struct Score {
    gold: usize,
    predicted: usize,
    matched: usize,
    correct: usize,
    errors: Vec<f64>,
}

impl Score {
    /// Matches predictions to gold spans one to one, in text order, by overlap (score.py).
    fn add(&mut self, gold: &mut [Located], predicted: &mut [Located]) {
        gold.sort_by_key(|g| (g.0, g.1));
        predicted.sort_by_key(|p| (p.0, p.1));
        self.gold += gold.len();
        self.predicted += predicted.len();
        let mut used = vec![false; predicted.len()];
        for &(gs, ge, gp) in gold.iter() {
            for (k, &(ps, pe, pp)) in predicted.iter().enumerate() {
                if !used[k] && ps < ge && gs < pe {
                    used[k] = true;
                    self.matched += 1;
                    let error = match (gp, pp) {
                        (Some(g), Some(p)) => km(g, p),
                        _ => MAX_ERROR_KM,
                    };
                    self.errors.push(error);
                    self.correct += usize::from(error < 161.0);
                    break;
                }
            }
        }
    }

    fn print(mut self) {
        let f1 = |p: f64, r: f64| {
            if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            }
        };
        let ratio = |a: usize, b: usize| if b > 0 { a as f64 / b as f64 } else { 0.0 };
        let (det_p, det_r) = (
            ratio(self.matched, self.predicted),
            ratio(self.matched, self.gold),
        );
        let (geo_p, geo_r) = (
            ratio(self.correct, self.predicted),
            ratio(self.correct, self.gold),
        );
        self.errors.sort_by(f64::total_cmp);
        let n = self.errors.len();
        let mean = self.errors.iter().sum::<f64>() / n.max(1) as f64;
        let median = match n {
            0 => f64::NAN,
            _ if n % 2 == 1 => self.errors[n / 2],
            _ => (self.errors[n / 2 - 1] + self.errors[n / 2]) / 2.0,
        };
        let ys: Vec<f64> = self
            .errors
            .iter()
            .map(|e| (1.0 + e).ln() / MAX_ERROR_KM.ln())
            .collect();
        let auc = if n < 2 {
            f64::NAN
        } else {
            ys.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum::<f64>() / (n - 1) as f64
        };
        println!("gold                   {}", self.gold);
        println!("predicted              {}", self.predicted);
        println!("matched                {}", self.matched);
        println!("detection_precision    {det_p:.4}");
        println!("detection_recall       {det_r:.4}");
        println!("detection_f1           {:.4}", f1(det_p, det_r));
        println!(
            "acc161                 {:.4}",
            ratio(self.correct, self.matched)
        );
        println!("mean_error_km          {mean:.1}");
        println!("median_error_km        {median:.1}");
        println!("auc                    {auc:.4}");
        println!("geo_precision161       {geo_p:.4}");
        println!("geo_recall161          {geo_r:.4}");
        println!("geo_f1_161             {:.4}", f1(geo_p, geo_r));
    }
}

fn gold_of(doc: &Value) -> Vec<Located> {
    doc["toponyms"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| {
            Some((
                t["bstart"].as_u64()? as usize,
                t["bend"].as_u64()? as usize,
                Some((t["lat"].as_f64()?, t["lon"].as_f64()?)),
            ))
        })
        .collect()
}

fn located(mentions: &Value) -> Vec<Located> {
    mentions
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let point = m["lat"].as_f64().zip(m["lon"].as_f64());
            Some((
                m["start"].as_u64()? as usize,
                m["end"].as_u64()? as usize,
                point,
            ))
        })
        .collect()
}

/// The gazetteer's baseline: each gold name resolved alone.
fn by_name(g: &Gazetteer, doc: &Value) -> Vec<Located> {
    let text = doc["text"].as_str().unwrap_or("").as_bytes();
    gold_of(doc)
        .into_iter()
        .map(|(s, e, _)| {
            let name = text
                .get(s..e)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("");
            let point = g.resolve(name).ok().map(|r| (r.place.lat, r.place.lon));
            (s, e, point)
        })
        .collect()
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut path, mut mode, mut write) = (None, Mode::Detect, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--mode" => {
                mode = match args.next().as_deref() {
                    Some("detect") => Mode::Detect,
                    Some("given-spans") => Mode::GivenSpans,
                    Some("names") => Mode::Names,
                    other => {
                        return Err(
                            format!("--mode {other:?}: use detect, given-spans or names").into(),
                        )
                    }
                }
            }
            "--write" => write = Some(args.next().ok_or("--write needs a file")?),
            _ => path = Some(a),
        }
    }
    let path =
        path.ok_or("usage: eval_lgl DOCS.jsonl [--mode detect|given-spans|names] [--write FILE]")?;
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let g = Gazetteer::embedded()?;
    let extractor = Extractor::new(&g);
    let mut out = match &write {
        Some(w) => Some(std::io::BufWriter::new(std::fs::File::create(w)?)),
        None => None,
    };
    let mut score = Score::default();
    let (mut bytes, mut docs) = (0usize, 0usize);
    let started = Instant::now();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        bytes += doc["text"].as_str().map_or(0, str::len);
        docs += 1;
        let mut predicted = match mode {
            Mode::Names => by_name(&g, &doc),
            Mode::Detect | Mode::GivenSpans => {
                let spans = if mode == Mode::Detect {
                    Spans::Detect
                } else {
                    Spans::Given
                };
                let result: Value = serde_json::from_str(
                    &process_line(&extractor, &line, spans)
                        .map_err(|e| format!("{path}:{}: {e}", n + 1))?,
                )?;
                located(&result["mentions"])
            }
        };
        if let Some(out) = out.as_mut() {
            let mentions: Vec<Value> = predicted
                .iter()
                .map(|(s, e, p)| json!({"start": s, "end": e, "lat": p.map(|p| p.0), "lon": p.map(|p| p.1)}))
                .collect();
            writeln!(out, "{}", json!({"doc": doc["doc"], "mentions": mentions}))?;
        }
        score.add(&mut gold_of(&doc), &mut predicted);
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "documents              {docs} ({:.2} MB, {elapsed:.2} s)",
        bytes as f64 / 1e6
    );
    score.print();
    Ok(())
}

//! Article extraction speed. Run with `cargo bench -p placemap-benches --bench extract`.
//!
//! Targets (docs/performance.md): at least 20 MB/s of article text a core for
//! `extract`; the whole development set end to end in under 1 s (that one is timed on the
//! release binary by `benches/whole-process.sh`).
//!
//! The text is the concatenation of the development set's articles when it is at hand
//! (`PLACEMAP_LGL`, default `../shared/eval/lgl.docs.jsonl`; GPL, not in the repository),
//! else the seed article of `tests/fixtures` repeated to 1 MB.

use std::hint::black_box;
use std::io::BufRead;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use placemap::extract::batch::{self, Spans};
use placemap::extract::Extractor;
use placemap::gazetteer::Gazetteer;
use placemap_benches::repo_root;

/// The development set's texts, one a line as JSON, and their concatenation.
fn corpus() -> (String, Vec<String>, String) {
    let path = std::env::var_os("PLACEMAP_LGL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/eval/lgl.docs.jsonl"));
    if let Ok(file) = std::fs::File::open(&path) {
        let lines: Vec<String> = std::io::BufReader::new(file)
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .collect();
        let texts: Vec<String> = lines
            .iter()
            .filter_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).ok()?;
                Some(v["text"].as_str()?.to_string())
            })
            .collect();
        return (path.display().to_string(), lines, texts.join("\n\n"));
    }
    let article =
        std::fs::read_to_string(repo_root().join("tests/fixtures/sco-samarkand-article.txt"))
            .expect("seed article");
    let text = article.repeat((1 << 20) / article.len() + 1);
    let line = serde_json::json!({"doc": "seed", "text": article}).to_string();
    ("the seed article".into(), vec![line; 400], text)
}

fn extract(c: &mut Criterion) {
    let g = Gazetteer::embedded().expect("embedded gazetteer");
    let x = Extractor::new(&g);
    let (source, lines, text) = corpus();
    eprintln!("extract bench text: {source}, {} bytes", text.len());
    let mut group = c.benchmark_group("extract");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("one core, concatenated text", |b| {
        b.iter(|| black_box(x.extract(black_box(&text)).len()))
    });
    let input = lines.join("\n");
    for threads in [1, 2] {
        group.bench_function(format!("JSON lines batch, {threads} thread(s)"), |b| {
            b.iter(|| {
                let mut out = Vec::with_capacity(input.len());
                batch::run(
                    &x,
                    input.as_bytes(),
                    &mut out,
                    Spans::Detect,
                    threads,
                    |_| true,
                )
                .expect("batch runs");
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);

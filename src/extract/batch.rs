//! Batches of documents, one JSON object a line, in and out: streaming, in input order,
//! on all cores.

use std::io::{BufRead, Write};

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Extractor, Mention, MentionRecord};

/// Lines read before they are shared out among threads: enough to keep every core busy,
/// few enough that output starts at once.
const BATCH_LINES: usize = 64;

/// A document line that could not be processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Line number, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// What a document line asks for: detect mentions, or resolve the gold spans it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spans {
    /// Find the mentions in the text.
    Detect,
    /// Resolve the spans of the line's `toponyms` (`bstart`, `bend`).
    Given,
}

#[derive(Serialize)]
struct DocOut<'a> {
    doc: &'a Value,
    mentions: Vec<MentionRecord>,
    /// Given spans that name no known place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unresolved: Vec<Unresolved>,
}

/// A given span that names no known place, as the output lists it.
#[derive(Serialize)]
struct Unresolved {
    start: usize,
    end: usize,
    text: String,
}

/// The mentions of a text's given spans, and the spans that name no known place.
fn given(
    extractor: &Extractor<'_>,
    text: &str,
    spans: &[(usize, usize)],
) -> Result<(Vec<MentionRecord>, Vec<Unresolved>), String> {
    let resolved = extractor
        .resolve_given(text, spans)
        .map_err(|e| format!("toponyms: {e}"))?;
    let mut mentions = Vec::with_capacity(resolved.len());
    let mut unresolved = Vec::new();
    for s in resolved {
        match s.resolution {
            Some(resolution) => mentions.push(
                Mention {
                    start: s.start,
                    end: s.end,
                    resolution,
                }
                .to_record(),
            ),
            None => unresolved.push(Unresolved {
                start: s.start,
                end: s.end,
                text: text[s.start..s.end].to_string(),
            }),
        }
    }
    Ok((mentions, unresolved))
}

/// A document line as most are: read into borrowed fields, the rest passed over.
#[derive(Deserialize)]
struct DocIn<'a> {
    #[serde(default)]
    doc: Value,
    #[serde(borrow)]
    text: Cow<'a, str>,
    #[serde(default)]
    toponyms: Option<Vec<GoldSpan>>,
}

#[derive(Deserialize)]
struct GoldSpan {
    bstart: usize,
    bend: usize,
}

/// Processes one line `{"doc": ID, "text": …}` into `{"doc": ID, "mentions": […]}`.
pub fn process_line(extractor: &Extractor<'_>, line: &str, spans: Spans) -> Result<String, String> {
    // Lines of the expected shape are read without building a tree of values; any other
    // line goes the slow way, which names what is wrong with it.
    match serde_json::from_str::<DocIn<'_>>(line) {
        Ok(doc) => {
            let (mentions, unresolved) = match (spans, &doc.toponyms) {
                (Spans::Detect, _) => (records(extractor, &doc.text), Vec::new()),
                (Spans::Given, Some(spans)) => {
                    let spans: Vec<(usize, usize)> =
                        spans.iter().map(|t| (t.bstart, t.bend)).collect();
                    given(extractor, &doc.text, &spans)?
                }
                (Spans::Given, None) => return process_value(extractor, line, spans),
            };
            let out = DocOut {
                doc: &doc.doc,
                mentions,
                unresolved,
            };
            serde_json::to_string(&out).map_err(|e| e.to_string())
        }
        Err(_) => process_value(extractor, line, spans),
    }
}

/// [`process_line`] through a tree of JSON values, for lines of any shape.
fn process_value(extractor: &Extractor<'_>, line: &str, spans: Spans) -> Result<String, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let Value::Object(doc) = &value else {
        return Err("expected a JSON object with \"doc\" and \"text\"".into());
    };
    let text = match doc.get("text") {
        Some(Value::String(t)) => t.as_str(),
        Some(_) => return Err("\"text\" must be a string".into()),
        None => return Err("missing \"text\"".into()),
    };
    let id = doc.get("doc").unwrap_or(&Value::Null);
    let (mentions, unresolved) = match spans {
        Spans::Detect => (records(extractor, text), Vec::new()),
        Spans::Given => given(extractor, text, &gold_spans(doc.get("toponyms"))?)?,
    };
    let out = DocOut {
        doc: id,
        mentions,
        unresolved,
    };
    serde_json::to_string(&out).map_err(|e| e.to_string())
}

/// The records of the mentions a text's extraction finds.
fn records(extractor: &Extractor<'_>, text: &str) -> Vec<MentionRecord> {
    extractor
        .extract(text)
        .iter()
        .map(Mention::to_record)
        .collect()
}

fn gold_spans(toponyms: Option<&Value>) -> Result<Vec<(usize, usize)>, String> {
    let Some(Value::Array(items)) = toponyms else {
        return Err("--given-spans needs a \"toponyms\" array of {\"bstart\", \"bend\"}".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let at = |k: &str| t.get(k).and_then(Value::as_u64).map(|v| v as usize);
            match (at("bstart"), at("bend")) {
                (Some(s), Some(e)) => Ok((s, e)),
                _ => Err(format!(
                    "toponyms[{i}]: needs \"bstart\" and \"bend\" byte offsets"
                )),
            }
        })
        .collect()
}

/// Reads document lines from `input` and writes one result line each to `output`, in input
/// order, using `threads` threads. Blank lines are skipped. A bad line is passed to
/// `on_error`; it returns whether to go on. Returns the number of documents written.
pub fn run<R: BufRead, W: Write>(
    extractor: &Extractor<'_>,
    input: R,
    mut output: W,
    spans: Spans,
    threads: usize,
    mut on_error: impl FnMut(LineError) -> bool,
) -> std::io::Result<usize> {
    let threads = threads.max(1);
    let mut lines = input.lines().enumerate();
    let mut written = 0;
    loop {
        let mut batch: Vec<(usize, String)> = Vec::with_capacity(BATCH_LINES);
        for (n, line) in lines.by_ref() {
            let line = match line {
                Ok(l) => l,
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    // Not UTF-8: report the line and go on with the next if asked.
                    if !on_error(LineError {
                        line: n + 1,
                        message: "not UTF-8 text".into(),
                    }) {
                        return Ok(written);
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            if line.trim().is_empty() {
                continue;
            }
            batch.push((n + 1, line));
            if batch.len() == BATCH_LINES * threads {
                break;
            }
        }
        if batch.is_empty() {
            return Ok(written);
        }
        let results = process_batch(extractor, &batch, spans, threads);
        for ((line, _), result) in batch.iter().zip(results) {
            match result {
                Ok(json) => {
                    output.write_all(json.as_bytes())?;
                    output.write_all(b"\n")?;
                    written += 1;
                }
                Err(message) => {
                    output.flush()?;
                    if !on_error(LineError {
                        line: *line,
                        message,
                    }) {
                        return Ok(written);
                    }
                }
            }
        }
        output.flush()?;
    }
}

fn process_batch(
    extractor: &Extractor<'_>,
    batch: &[(usize, String)],
    spans: Spans,
    threads: usize,
) -> Vec<Result<String, String>> {
    crate::parallel::map(batch, threads, |(_, l)| process_line(extractor, l, spans))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;

    #[test]
    fn lines_in_order_with_errors_named_by_line() {
        let g = Gazetteer::embedded().unwrap();
        let x = Extractor::new(&g);
        let input = "{\"doc\": 1, \"text\": \"Flights to Tashkent.\"}\n\nnot json\n{\"doc\": \"b\", \"text\": \"From Kyiv.\"}\n";
        let mut out = Vec::new();
        let mut errors = Vec::new();
        let n = run(&x, input.as_bytes(), &mut out, Spans::Detect, 2, |e| {
            errors.push(e);
            true
        })
        .unwrap();
        assert_eq!(n, 2);
        let out = String::from_utf8(out).unwrap();
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["doc"], 1);
        assert_eq!(lines[0]["mentions"][0]["name"], "Tashkent");
        assert_eq!(lines[1]["doc"], "b");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        assert!(errors[0].message.starts_with("malformed JSON"));
    }

    #[test]
    fn stops_at_the_first_error_unless_told_to_go_on() {
        let g = Gazetteer::embedded().unwrap();
        let x = Extractor::new(&g);
        let input = "[1]\n{\"doc\": 2, \"text\": \"Paris\"}\n";
        let mut out = Vec::new();
        let n = run(&x, input.as_bytes(), &mut out, Spans::Detect, 1, |_| false).unwrap();
        assert_eq!(n, 0);
        assert!(out.is_empty());
    }

    #[test]
    fn given_spans_come_from_the_toponyms() {
        let g = Gazetteer::embedded().unwrap();
        let x = Extractor::new(&g);
        let line =
            r#"{"doc": 7, "text": "Back in Athens, Ga.", "toponyms": [{"bstart": 8, "bend": 14}]}"#;
        let out: Value =
            serde_json::from_str(&process_line(&x, line, Spans::Given).unwrap()).unwrap();
        assert_eq!(out["mentions"][0]["region"], "Georgia");
        // A span that names no known place is kept, as unresolved.
        let line = r#"{"doc": 8, "text": "From Zzqqxxw to Athens.", "toponyms": [{"bstart": 5, "bend": 12}, {"bstart": 16, "bend": 22}]}"#;
        let out: Value =
            serde_json::from_str(&process_line(&x, line, Spans::Given).unwrap()).unwrap();
        assert_eq!(out["mentions"].as_array().unwrap().len(), 1);
        assert_eq!(out["unresolved"][0]["text"], "Zzqqxxw");
        assert_eq!(out["unresolved"][0]["start"], 5);
        let bad = r#"{"doc": 7, "text": "x", "toponyms": [{"bstart": 8}]}"#;
        assert!(process_line(&x, bad, Spans::Given)
            .unwrap_err()
            .contains("toponyms[0]"));
    }

    #[test]
    fn lines_of_any_shape_read_alike() {
        // The fast reading (fields borrowed, others passed over) and the slow one (a tree
        // of values, for odd lines: no id, an escaped text, toponyms that detection does
        // not need) give the same output.
        let g = Gazetteer::embedded().unwrap();
        let x = Extractor::new(&g);
        let text = r#"Flights from Kyiv to \"Tashkent\"."#;
        for (line, doc) in [
            (
                format!(r#"{{"doc": "a", "text": "{text}", "extra": [1, {{"b": 2}}]}}"#),
                "\"a\"",
            ),
            (format!(r#"{{"text": "{text}"}}"#), "null"),
            (
                format!(r#"{{"doc": 3, "text": "{text}", "toponyms": "none"}}"#),
                "3",
            ),
        ] {
            let fast = process_line(&x, &line, Spans::Detect).unwrap();
            let slow = process_value(&x, &line, Spans::Detect).unwrap();
            assert_eq!(fast, slow);
            assert!(
                fast.starts_with(&format!(r#"{{"doc":{doc},"mentions":[{{"#)),
                "{fast}"
            );
        }
        assert_eq!(
            process_line(&x, r#"{"doc": 1, "text": 5}"#, Spans::Detect).unwrap_err(),
            "\"text\" must be a string"
        );
    }
}

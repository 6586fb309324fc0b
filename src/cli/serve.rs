//! `placemap serve`: a local HTTP server with a page to edit a scene and watch its map, and
//! JSON endpoints over the library (`/resolve`, `/render`, `/export`, `/extract`).
//!
//! Requests are answered by a fixed number of worker threads, so however many clients
//! wait, only that many maps are drawn at once; a bounded number more wait their turn, and
//! the rest are answered 503 at once. Bodies and canvases are bounded, and scenes read
//! GeoJSON layers only from the `--root` directory. Bad requests get a 4xx status and
//! `{"error": MESSAGE}` with the command line's message.

use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use clap::Args;
use placemap::basemap::Detail;
use placemap::export::ExportOptions;
use placemap::gazetteer::ResolveOptions;
use placemap::render::Format;
use placemap::service::{self, RenderRequest, Service, ServiceError};
use serde_json::{json, Value};
use tiny_http::{Header, Method, Request, Response, Server};

use super::resolve::open_gazetteer;

/// The editing page, embedded in the binary.
const PAGE: &str = include_str!("serve/page.html");

/// Serve a page to edit a scene beside its live map, and JSON endpoints.
///
/// The page shows the scene's JSON on one side and its map on the other, redrawn as you
/// type, with errors and warnings under the editor. The endpoints take JSON bodies:
/// POST /resolve {"names": [...]}, POST /render?format=svg|png|pdf (the scene),
/// POST /export?format=geojson|topojson&split=true (the scene), POST /extract
/// {"texts": [...]}. See docs/server.md.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  placemap serve                      # then open http://127.0.0.1:8080/
  placemap serve --port 0             # any free port; the address is printed
  curl -s --data-binary @examples/sco-samarkand.json 'http://127.0.0.1:8080/render?format=png' -o map.png")]
pub struct ServeArgs {
    /// Address to listen on. Anything but a loopback address exposes the server to the
    /// network: it has no authentication.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 8080)]
    port: u16,

    /// Requests handled at once (default: all cores, at most 8).
    #[arg(long)]
    threads: Option<usize>,

    /// Requests that may wait for a free thread; more are answered 503 at once.
    #[arg(long, default_value_t = 256)]
    queue: usize,

    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 2 * 1024 * 1024)]
    max_body: usize,

    /// Largest map, in pixels (width × height × scale²).
    #[arg(long, default_value_t = 25_000_000)]
    max_pixels: u64,

    /// Extra places from a CSV or GeoJSON file, as for `placemap resolve`. Repeatable.
    #[arg(long, value_name = "FILE")]
    custom: Vec<PathBuf>,

    /// Directory that scenes' GeoJSON layer paths start from, and the only one they may
    /// read from: a path that leads out of it is refused with 403 (default: the current
    /// one).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

/// What every worker shares.
struct State {
    service: Service,
    /// Whether the server listens on a loopback address, and so answers only requests
    /// that name it by one (see `names_loopback`).
    loopback: bool,
    max_body: usize,
    max_pixels: u64,
}

/// Runs `placemap serve` until the process is stopped.
pub fn run(args: &ServeArgs) -> Result<()> {
    let threads = args.threads.unwrap_or_else(super::parallel::threads);
    if threads == 0 {
        anyhow::bail!("--threads 0: use 1 or more");
    }
    let root = match &args.root {
        Some(root) => root.clone(),
        None => std::env::current_dir().context("cannot find the current directory")?,
    };
    let service = Service::new(open_gazetteer(false, &args.custom, None, None)?)
        .confined_to(&root)
        .with_context(|| {
            format!(
                "--root {}: not a directory placemap can read",
                root.display()
            )
        })?;
    let state = Arc::new(State {
        service,
        loopback: args.host.is_loopback(),
        max_body: args.max_body,
        max_pixels: args.max_pixels,
    });
    let addr = SocketAddr::new(args.host, args.port);
    let server = Server::http(addr).map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
    let bound = server
        .server_addr()
        .to_ip()
        .context("the server is not on an IP address")?;
    eprintln!("placemap serve: listening on http://{bound}/ (Ctrl-C stops)");
    // This thread hands requests to the workers through a bounded queue, and answers 503
    // itself when the queue is full, so that waiting requests (and their bodies, which
    // are read by the worker) stay bounded however many clients call at once.
    let (sender, waiting) = mpsc::sync_channel::<Request>(args.queue);
    let waiting = Arc::new(Mutex::new(waiting));
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (waiting, state) = (Arc::clone(&waiting), Arc::clone(&state));
            std::thread::spawn(move || loop {
                // The lock is held only while taking a request, never while answering it.
                let next = waiting.lock().map(|w| w.recv());
                match next {
                    Ok(Ok(request)) => handle(&state, request),
                    _ => break,
                }
            })
        })
        .collect();
    while let Ok(request) = server.recv() {
        match sender.try_send(request) {
            Ok(()) => {}
            Err(TrySendError::Full(request)) => busy(request, threads, args.queue),
            Err(TrySendError::Disconnected(_)) => break,
        }
    }
    drop(sender);
    for w in workers {
        let _ = w.join();
    }
    Ok(())
}

/// Answers 503 to a request that found every worker busy and the queue full.
fn busy(request: Request, threads: usize, queue: usize) {
    let reply = Reply::error(
        503,
        format!(
            "placemap serve is busy: {threads} requests are being answered and {queue} more are waiting; try again in a moment (or start the server with more --threads or a longer --queue)"
        ),
    );
    send(request, reply, &[("Retry-After", "1")]);
}

/// An answer: status, content type, body and the map's warnings.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    warnings: Vec<String>,
}

impl Reply {
    fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: value.to_string().into_bytes(),
            warnings: Vec::new(),
        }
    }

    fn error(status: u16, message: impl std::fmt::Display) -> Reply {
        Reply::json(status, &json!({ "error": message.to_string() }))
    }
}

fn handle(state: &State, mut request: Request) {
    let reply = answer(state, &mut request);
    send(request, reply, &[]);
}

/// Sends `reply`, with `extra` headers.
fn send(request: Request, reply: Reply, extra: &[(&str, &str)]) {
    // The whole body is at hand: a Content-Length rather than chunks.
    let mut response = Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_chunked_threshold(usize::MAX);
    response.add_header(header("Content-Type", reply.content_type));
    response.add_header(header("Cache-Control", "no-store"));
    if !reply.warnings.is_empty() {
        // Headers are ASCII: the JSON array with every other character escaped.
        response.add_header(header("X-Placemap-Warnings", &ascii_json(&reply.warnings)));
    }
    for (name, value) in extra {
        response.add_header(header(name, value));
    }
    // A client that went away is no concern of the server's.
    let _ = request.respond(response);
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Placemap-Bad-Header"[..], &b"1"[..]).expect("a valid header")
    })
}

/// JSON text of `values` with every non-ASCII character as a `\uXXXX` escape.
fn ascii_json(values: &[String]) -> String {
    let text = json!(values).to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_control() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

/// Whether the request's Host header names a loopback address (`localhost`, `127.0.0.1`,
/// `[::1]`, any port). A page of another site that a DNS trick points at 127.0.0.1 sends
/// its own host name, so it cannot read the answers, nor the GeoJSON files a scene names.
fn names_loopback(request: &Request) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.split(':').next().unwrap_or(""),
    };
    matches!(name, "localhost" | "127.0.0.1" | "::1")
}

fn answer(state: &State, request: &mut Request) -> Reply {
    if state.loopback && !names_loopback(request) {
        return Reply::error(
            403,
            "this server answers requests for localhost, 127.0.0.1 or [::1] only; open http://127.0.0.1:PORT/ (or serve with --host to listen elsewhere)",
        );
    }
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let post = *request.method() == Method::Post;
    match (path, request.method()) {
        ("/", Method::Get | Method::Head) => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: PAGE.as_bytes().to_vec(),
            warnings: Vec::new(),
        },
        ("/resolve" | "/render" | "/export" | "/extract", _) if !post => {
            Reply::error(405, format!("{path} takes POST with a JSON body"))
        }
        ("/resolve" | "/render" | "/export" | "/extract", _) => {
            let body = match read_body(request, state.max_body) {
                Ok(body) => body,
                Err(reply) => return reply,
            };
            let params = match Params::parse(query) {
                Ok(p) => p,
                Err(e) => return Reply::error(400, e),
            };
            let result = match path {
                "/resolve" => resolve(state, &body),
                "/render" => render(state, &body, &params),
                "/export" => export_scene(state, &body, &params),
                _ => extract(state, &body),
            };
            result.unwrap_or_else(|e| e)
        }
        _ => Reply::error(
            404,
            format!("no page {path}; try / or POST /resolve, /render, /export, /extract"),
        ),
    }
}

/// The body as UTF-8 text, refused when larger than `max` bytes.
fn read_body(request: &mut Request, max: usize) -> Result<String, Reply> {
    let too_large = || {
        Reply::error(
            413,
            format!("the request body is larger than {max} bytes (placemap serve --max-body)"),
        )
    };
    if request.body_length().is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    request
        .as_reader()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Reply::error(400, format!("cannot read the request body: {e}")))?;
    if bytes.len() > max {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| {
        Reply::error(
            400,
            format!(
                "the request body is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Query parameters: `format`, `theme`, `width`, `height`, `scale`, `strict`, `split`,
/// `detail`.
#[derive(Debug, Default)]
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(query: &str) -> Result<Params, String> {
        let mut out = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, "true"));
            if ![
                "format", "theme", "width", "height", "scale", "strict", "split", "detail",
            ]
            .contains(&k)
            {
                return Err(format!(
                    "unknown parameter {k:?}; expected format, theme, width, height, scale, strict, split or detail"
                ));
            }
            out.push((k.to_string(), v.to_string()));
        }
        Ok(Params(out))
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn parsed<T: std::str::FromStr>(&self, key: &str) -> Result<Option<T>, Reply>
    where
        T::Err: std::fmt::Display,
    {
        self.get(key)
            .map(|v| {
                v.parse::<T>()
                    .map_err(|e| Reply::error(400, format!("{key}={v}: {e}")))
            })
            .transpose()
    }

    fn flag(&self, key: &str) -> Result<bool, Reply> {
        match self.get(key) {
            None | Some("false" | "0") => Ok(false),
            Some("true" | "1" | "") => Ok(true),
            Some(v) => Err(Reply::error(400, format!("{key}={v}: use true or false"))),
        }
    }
}

fn bad(e: ServiceError) -> Reply {
    let status = if e.is_forbidden() {
        403
    } else if e.is_bad_request() {
        400
    } else {
        500
    };
    Reply::error(status, e)
}

fn json_body<T: serde::de::DeserializeOwned>(body: &str, shape: &str) -> Result<T, Reply> {
    serde_json::from_str(body)
        .map_err(|e| Reply::error(400, format!("the request body is not {shape}: {e}")))
}

fn resolve(state: &State, body: &str) -> Result<Reply, Reply> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        names: Vec<String>,
        #[serde(default)]
        country: Option<String>,
        #[serde(default)]
        strict: bool,
    }
    let b: Body = json_body(body, r#"{"names": [...], "country": ..., "strict": ...}"#)?;
    let names: Vec<&str> = b.names.iter().map(String::as_str).collect();
    let options = ResolveOptions {
        country: b.country,
        strict: b.strict,
        ..ResolveOptions::default()
    };
    let results: Vec<Value> = state
        .service
        .resolve(&names, &options)
        .into_iter()
        .zip(&b.names)
        .map(|(r, name)| match r {
            Ok(record) => json!(record),
            Err(e) => json!({ "query": name, "error": e }),
        })
        .collect();
    Ok(Reply::json(200, &json!({ "results": results })))
}

fn render(state: &State, body: &str, params: &Params) -> Result<Reply, Reply> {
    let format = params.parsed::<Format>("format")?.unwrap_or(Format::Svg);
    let request = RenderRequest {
        format,
        theme: params.parsed("theme")?,
        width: params.parsed("width")?,
        height: params.parsed("height")?,
        scale: params.parsed("scale")?.unwrap_or(1.0),
        strict: params.flag("strict")?,
        max_pixels: Some(state.max_pixels),
    };
    let rendered = state.service.render(body, &request, None).map_err(bad)?;
    Ok(Reply {
        status: 200,
        content_type: match format {
            Format::Svg => "image/svg+xml",
            Format::Png => "image/png",
            Format::Pdf => "application/pdf",
        },
        body: rendered.bytes,
        warnings: rendered.warnings,
    })
}

fn export_scene(state: &State, body: &str, params: &Params) -> Result<Reply, Reply> {
    let options = ExportOptions {
        detail: params.parsed::<Detail>("detail")?.unwrap_or(Detail::D50m),
        theme: params.parsed("theme")?,
    };
    let format = params.get("format").unwrap_or("geojson");
    let exported = state
        .service
        .export(body, &options, params.flag("strict")?, None)
        .map_err(bad)?;
    let text =
        service::export_text(&exported.collection, format, params.flag("split")?).map_err(bad)?;
    Ok(Reply {
        status: 200,
        content_type: "application/geo+json",
        body: text.into_bytes(),
        warnings: exported.warnings,
    })
}

fn extract(state: &State, body: &str) -> Result<Reply, Reply> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Body {
        texts: Vec<String>,
        #[serde(default = "five")]
        alternatives: usize,
    }
    fn five() -> usize {
        5
    }
    let b: Body = json_body(body, r#"{"texts": [...], "alternatives": ...}"#)?;
    let texts: Vec<&str> = b.texts.iter().map(String::as_str).collect();
    let documents = state.service.extract(&texts, b.alternatives);
    Ok(Reply::json(200, &json!({ "documents": documents })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_travel_as_ascii_json() {
        let text = ascii_json(&["“Samarknd” → Samarkand".to_string()]);
        assert!(text.is_ascii(), "{text}");
        let back: Vec<String> = serde_json::from_str(&text).expect("json");
        assert_eq!(back, ["“Samarknd” → Samarkand"]);
    }

    #[test]
    fn unknown_parameters_are_named() {
        let e = Params::parse("format=png&colour=red").unwrap_err();
        assert!(e.starts_with("unknown parameter \"colour\""), "{e}");
        let p = Params::parse("format=png&strict").expect("params");
        assert_eq!(p.get("format"), Some("png"));
        assert!(p.flag("strict").unwrap_or(false));
    }
}

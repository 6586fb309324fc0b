//! `placemap serve` end to end: the built binary on a free loopback port, spoken to over
//! plain HTTP/1.1.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_placemap"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("placemap serve starts");
        let mut line = String::new();
        BufReader::new(child.stderr.take().expect("stderr"))
            .read_line(&mut line)
            .expect("the address line");
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port }
    }

    /// Sends one request; the status, the headers (lowercase names) and the body.
    fn request(&self, method: &str, path: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        self.request_to("localhost", method, path, body)
    }

    /// Sends one request naming the server as `host`.
    fn request_to(
        &self,
        host: &str,
        method: &str,
        path: &str,
        body: &[u8],
    ) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .expect("send head");
        // A server that refuses a large body early may close before reading it all.
        let _ = s.write_all(body);
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read the answer");
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let status = head[9..12].parse().expect("status code");
        (status, head, raw[split + 4..].to_vec())
    }

    fn error(&self, path: &str, body: &[u8]) -> (u16, String) {
        let (status, _, body) = self.request("POST", path, body);
        let v: serde_json::Value = serde_json::from_slice(&body).expect("a JSON error");
        (status, v["error"].as_str().expect("error text").to_string())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const SCENE: &str = r#"{"title": "Samarkand", "routes": [{"stops": ["Beijing", "Samarkand"]}], "markers": [{"place": "Samarkand"}]}"#;

#[test]
fn the_page_and_each_endpoint_answer() {
    let server = Server::start(&[]);
    let (status, head, page) = server.request("GET", "/", b"");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(String::from_utf8_lossy(&page).contains("<textarea id=\"scene\""));

    let (status, head, svg) = server.request("POST", "/render?format=svg", SCENE.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&svg));
    assert!(head.contains("content-type: image/svg+xml"), "{head}");
    assert!(String::from_utf8_lossy(&svg).contains("Samarkand"));

    let (status, _, png) = server.request(
        "POST",
        "/render?format=png&width=600&height=400",
        SCENE.as_bytes(),
    );
    assert_eq!(status, 200);
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
        600
    );

    let (status, _, pdf) = server.request("POST", "/render?format=pdf", SCENE.as_bytes());
    assert_eq!((status, &pdf[..5]), (200, &b"%PDF-"[..]));

    let (status, _, geojson) = server.request("POST", "/export", SCENE.as_bytes());
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&geojson).expect("GeoJSON");
    assert_eq!(v["type"], "FeatureCollection");
    let (status, _, split) = server.request("POST", "/export?split=true", SCENE.as_bytes());
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&split).expect("JSON");
    assert_eq!(
        v["lines"]["features"][0]["properties"]["stops"],
        "Beijing; Samarkand"
    );
    let (status, _, topo) = server.request("POST", "/export?format=topojson", SCENE.as_bytes());
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&topo).expect("TopoJSON");
    assert_eq!(v["type"], "Topology");

    let (status, _, body) =
        server.request("POST", "/resolve", br#"{"names": ["Peking", "Xqzzyv"]}"#);
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(v["results"][0]["name"], "Beijing");
    assert!(v["results"][1]["error"]
        .as_str()
        .expect("error")
        .starts_with("unknown place \"Xqzzyv\""));

    let (status, _, body) =
        server.request("POST", "/extract", br#"{"texts": ["Talks in Samarkand."]}"#);
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(v["documents"][0][0]["name"], "Samarkand");
}

#[test]
fn bad_requests_get_4xx_and_the_command_lines_message() {
    let server = Server::start(&["--max-body", "4096", "--max-pixels", "4000000"]);
    // The same message as `placemap render` prints after the file name.
    let (status, message) = server.error(
        "/render",
        br#"{"markers": [{"place": "Paris", "icon": "blob"}]}"#,
    );
    assert_eq!(status, 400);
    assert!(message.starts_with("markers[0].icon: "), "{message}");
    let (status, message) = server.error("/render", br#"{"markers": [{"place": "Xqzzyv"}]}"#);
    assert_eq!(status, 400);
    assert!(
        message.starts_with("markers[0].place: unknown place \"Xqzzyv\""),
        "{message}"
    );

    let (status, message) = server.error("/render?format=png&scale=4", SCENE.as_bytes());
    assert_eq!(status, 400);
    assert!(message.contains("the limit here is 4000000"), "{message}");
    let (status, message) = server.error("/render?format=gif", SCENE.as_bytes());
    assert_eq!(
        (status, message.as_str()),
        (
            400,
            "format=gif: unknown format \"gif\"; expected svg, png or pdf"
        )
    );
    let (status, message) = server.error("/render?colour=red", SCENE.as_bytes());
    assert_eq!(status, 400);
    assert!(
        message.starts_with("unknown parameter \"colour\""),
        "{message}"
    );

    let (status, message) = server.error("/render", &vec![b' '; 5000]);
    assert_eq!(status, 413);
    assert!(message.contains("larger than 4096 bytes"), "{message}");
    let (status, message) = server.error("/resolve", b"[\"Paris\"]");
    assert_eq!(status, 400);
    assert!(
        message.starts_with("the request body is not {\"names\""),
        "{message}"
    );

    let (status, _, _) = server.request("GET", "/render", b"");
    assert_eq!(status, 405);

    // Another site's name for 127.0.0.1 (DNS rebinding) gets nothing.
    let (status, _, body) =
        server.request_to("evil.example:8080", "POST", "/render", SCENE.as_bytes());
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&body));
    for host in ["127.0.0.1:8080", "[::1]:8080", "LOCALHOST"] {
        let (status, _, _) = server.request_to(host, "GET", "/", b"");
        assert_eq!(status, 200, "{host}");
    }
    let (status, _, _) = server.request("GET", "/nowhere", b"");
    assert_eq!(status, 404);
}

#[test]
fn guesses_come_back_as_warnings() {
    let server = Server::start(&[]);
    let (status, head, _) = server.request(
        "POST",
        "/render",
        br#"{"markers": [{"place": "Samarknd"}]}"#,
    );
    assert_eq!(status, 200);
    let line = head
        .lines()
        .find(|l| l.starts_with("x-placemap-warnings: "))
        .expect("a warnings header");
    assert!(line.contains("guessed samarkand"), "{line}");
    let (status, message) = server.error(
        "/render?strict=true",
        br#"{"markers": [{"place": "Samarknd"}]}"#,
    );
    assert_eq!(status, 400);
    assert!(message.contains("Samarknd"), "{message}");
}

/// Many clients at once: every render answers, in full. (benches/serve_load.py measures
/// 200 at once and the latency.)
#[test]
fn concurrent_renders_all_succeed() {
    let server = Server::start(&["--threads", "2"]);
    let answers: Vec<(u16, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let server = &server;
                s.spawn(move || {
                    let scene = format!(
                        r#"{{"title": "Map {i}", "markers": [{{"place": "Samarkand"}}, {{"place": "Kyiv"}}]}}"#
                    );
                    let (status, _, body) = server.request("POST", "/render?format=svg", scene.as_bytes());
                    assert!(String::from_utf8_lossy(&body).contains(&format!("Map {i}")));
                    (status, body.len())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("client"))
            .collect()
    });
    assert!(
        answers
            .iter()
            .all(|&(status, len)| status == 200 && len > 1000),
        "{answers:?}"
    );
}

/// Scenes read GeoJSON layers only from the directory the server was started for: a path
/// that leads out of it (absolute, through "..", through a link) is refused with 403 and
/// says why, by every endpoint that reads a scene (issue 21).
#[test]
fn layers_outside_the_root_are_forbidden() {
    let dir = std::env::temp_dir().join(format!("placemap-serve-root-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("root");
    std::fs::create_dir_all(root.join("sub")).expect("scratch dir");
    let overlay = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/overlay.geojson"
    );
    std::fs::copy(overlay, root.join("sub/inside.geojson")).expect("copy");
    std::fs::copy(overlay, dir.join("secret.geojson")).expect("copy");
    std::os::unix::fs::symlink(dir.join("secret.geojson"), root.join("link.geojson"))
        .expect("symlink");
    let server = Server::start(&["--root", root.to_str().expect("utf-8 path")]);
    let scene = |path: &str| {
        serde_json::json!({"markers": [{"place": "Samarkand"}], "layers": [{"geojson": path}]})
            .to_string()
    };
    for inside in ["sub/inside.geojson", "./sub/../sub/inside.geojson"] {
        let (status, _, body) = server.request("POST", "/render", scene(inside).as_bytes());
        assert_eq!(status, 200, "{inside}: {}", String::from_utf8_lossy(&body));
    }
    let secret = dir.join("secret.geojson");
    for outside in [
        "../secret.geojson",
        "sub/../../secret.geojson",
        secret.to_str().expect("utf-8 path"),
        "link.geojson",
    ] {
        for endpoint in ["/render", "/export"] {
            let (status, message) = server.error(endpoint, scene(outside).as_bytes());
            assert_eq!(status, 403, "{endpoint} {outside}: {message}");
            assert!(
                message.starts_with(&format!("layers[0].geojson: {outside:?} is outside ")),
                "{message}"
            );
            assert!(message.contains("--root"), "{message}");
        }
    }
    drop(server);
    std::fs::remove_dir_all(&dir).expect("clean up");
}

/// With every worker busy and the queue full, a request is answered 503 at once, with a
/// message and Retry-After; the requests already taken are answered in full (issue 21).
#[test]
fn requests_beyond_the_queue_get_503() {
    let server = Server::start(&["--threads", "1", "--queue", "1"]);
    // tiny_http reads a body of up to 1 KB before it hands the request on: a larger one.
    let body = format!(r#"{{"names": ["Samarkand"]}}{}"#, " ".repeat(2000));
    let body = body.as_bytes();
    // A request whose body comes slowly holds the one worker, which reads it; a second
    // waits in the queue.
    let slow = |pause: u64| {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        write!(
            s,
            "POST /resolve HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{",
            body.len()
        )
        .expect("send head");
        s.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(pause));
        s
    };
    let held = slow(500);
    let queued = slow(500);
    let (status, head, answer) = server.request("GET", "/", b"");
    let v: serde_json::Value = serde_json::from_slice(&answer).expect("a JSON error");
    assert_eq!(status, 503, "{v}");
    assert!(head.contains("retry-after: 1"), "{head}");
    assert!(
        v["error"].as_str().expect("error text").starts_with(
            "placemap serve is busy: 1 requests are being answered and 1 more are waiting"
        ),
        "{v}"
    );
    for mut s in [held, queued] {
        s.write_all(&body[1..]).expect("the rest of the body");
        let mut raw = String::new();
        s.read_to_string(&mut raw).expect("the answer");
        assert!(raw.starts_with("HTTP/1.1 200"), "{raw}");
        assert!(raw.contains("\"Samarkand\""), "{raw}");
    }
    let (status, _, _) = server.request("GET", "/", b"");
    assert_eq!(status, 200);
}

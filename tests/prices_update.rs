//! `prices update` against a local HTTP server on 127.0.0.1 (a `TcpListener` on a thread of the test,
//! serving the fixture files; never the internet): the files imported, the diff printed with `prices
//! diff`'s exit codes, the new catalog written with -o; an unreachable server, an HTTP error, a body over
//! the size cap and a server that never answers each fail in one line naming the URL.
mod common;
use common::*;
use predicates::prelude::*;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// What the server answers for a path.
#[derive(Clone)]
enum Reply {
    /// 200 with this body.
    Body(Vec<u8>),
    /// An HTTP status without a body.
    Status(u16),
    /// 200 announcing and sending `n` bytes of spaces (valid JSON whitespace).
    Huge(u64),
    /// Reads the request, then never answers (until the client hangs up or 30 s pass).
    Silent,
}

/// A server on 127.0.0.1 (a free port) answering every request from `routes` (404 otherwise), for at
/// most `connections` connections and 60 s: it stops by itself.
fn serve(routes: HashMap<String, Reply>, connections: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut served = 0;
        while served < connections && Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    served += 1;
                    let routes = routes.clone();
                    std::thread::spawn(move || answer(stream, &routes));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    base
}

fn answer(mut stream: TcpStream, routes: &HashMap<String, Reply>) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65_536 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&request);
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let reply = routes.get(&path).cloned().unwrap_or(Reply::Status(404));
    let head = |status: &str, len: u64| {
        format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
    };
    match reply {
        Reply::Body(b) => {
            let _ = stream.write_all(head("200 OK", b.len() as u64).as_bytes());
            let _ = stream.write_all(&b);
        }
        Reply::Status(code) => {
            let _ = stream.write_all(head(&format!("{code} Nope"), 0).as_bytes());
        }
        Reply::Huge(n) => {
            let _ = stream.write_all(head("200 OK", n).as_bytes());
            let chunk = vec![b' '; 1 << 16];
            let mut left = n;
            while left > 0 {
                let k = left.min(chunk.len() as u64) as usize;
                if stream.write_all(&chunk[..k]).is_err() {
                    return; // the client stopped reading at its cap
                }
                left -= k as u64;
            }
        }
        Reply::Silent => {
            // Wait for the client to give up (read returns 0 or an error), at most 30 s.
            let _ = stream.read(&mut buf);
        }
    }
}

/// The fixture each service's URL serves: AWS's own files (or subsets of them) kept in tests/fixtures,
/// and the data-transfer map in the shape AWS publishes it.
const FILES: [(&str, &str); 10] = [
    (
        "apigateway",
        "aws-meteredUnitMaps-apigateway-USD-published-2025-10-20.json",
    ),
    (
        "lambda",
        "aws-meteredUnitMaps-lambda-USD-published-2025-10-30.json",
    ),
    (
        "elb",
        "aws-meteredUnitMaps-elb-USD-published-2025-11-03.json",
    ),
    (
        "waf",
        "aws-meteredUnitMaps-waf-USD-published-2025-10-03.json",
    ),
    (
        "cloudfront",
        "aws-meteredUnitMaps-cloudfront-USD-published-2025-07-01.json",
    ),
    ("datatransfer", "datatransfer-map-SHAPE-2025-08-28.json"),
    (
        "cloudwatch",
        "aws-meteredUnitMaps-cloudwatch-USD-published-2025-12-03-SUBSET.json",
    ),
    (
        "xray",
        "aws-meteredUnitMaps-xray-USD-published-2025-08-28.json",
    ),
    (
        "vpc",
        "aws-meteredUnitMaps-vpc-USD-published-2025-11-19-SUBSET.json",
    ),
    (
        "cognito",
        "aws-meteredUnitMaps-cognito-USD-published-2025-11-19-SUBSET.json",
    ),
];

fn path_of(service: &str) -> String {
    format!("/maps/{service}/USD/current/{service}.json")
}

fn fixture_routes() -> HashMap<String, Reply> {
    FILES
        .iter()
        .map(|(svc, f)| {
            let bytes = std::fs::read(Path::new("tests/fixtures").join(f)).unwrap();
            (path_of(svc), Reply::Body(bytes))
        })
        .collect()
}

/// The ELB map with us-east-1's ALB hour at $0.0252 instead of $0.0225, published `date`.
fn elb_changed(date: &str) -> Vec<u8> {
    let text = std::fs::read_to_string(
        "tests/fixtures/aws-meteredUnitMaps-elb-USD-published-2025-11-03.json",
    )
    .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["regions"]["US East (N. Virginia)"]["Application Load Balancer Hours"]["price"] =
        serde_json::json!("0.0252000000");
    v["manifest"]["hawkFilePublicationDate"] = serde_json::json!(format!("{date}T00:00:00Z"));
    v.to_string().into_bytes()
}

/// `apigw-cost prices update ...` with no proxy from the environment (the server is on this machine).
fn update(args: &[&str]) -> assert_cmd::Command {
    let mut c = bin();
    for v in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        c.env_remove(v);
    }
    c.args(["prices", "update"]).args(args);
    c
}

#[test]
fn every_fixture_served_imports_with_no_price_changed_exit_0() {
    let base = serve(fixture_routes(), 10);
    let from = format!("{base}/maps");
    update(&["--from", &from])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 prices differ between embedded data/prices.json and downloaded"))
        .stderr(
            predicate::str::contains(format!("imported 36 regions from {from}/apigateway/USD/current/apigateway.json (API Gateway metered unit map, published 2025-10-20T13:22:36Z"))
                .and(predicate::str::contains("(data-transfer metered unit map, published 2025-08-28"))
                .and(predicate::str::contains("imported 34 regions from").and(predicate::str::contains("cognito.json")))
                .and(predicate::str::contains("skipped 56 locations the base catalog does not know")),
        );
}

#[test]
fn a_new_file_is_imported_the_diff_printed_exit_1_and_o_writes_the_catalog() {
    let mut routes = fixture_routes();
    routes.insert(path_of("elb"), Reply::Body(elb_changed("2025-12-01")));
    let base = serve(routes, 2);
    let from = format!("{base}/maps");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("catalog.json");
    let o = out.to_str().unwrap();
    update(&["--from", &from, "--services", "elb,lambda", "-o", o])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains(format!("1 prices differ between embedded data/prices.json and {o}\n"))
                .and(predicate::str::contains("  us-east-1 Application Load Balancer hours tier 1: 0.0225 -> 0.0252 USD per hour (changed)")),
        )
        .stderr(predicate::str::contains(format!("wrote the new catalog to {o}")));
    // The written catalog is valid, cites the new file, and prices with it: ALB 730 h x $0.0252 =
    // $18.396 (was 730 x 0.0225 = $16.425).
    bin().args(["prices", "validate", o]).assert().success();
    let cat = std::fs::read_to_string(&out).unwrap();
    assert!(
        cat.contains("SRC-ELB-METER-2025-12-01"),
        "cites the new file"
    );
    let v: serde_json::Value = serde_json::from_str(&cat).unwrap();
    assert_eq!(
        v["alternatives"]["us-east-1"]["application_load_balancer"]["usd_per_alb_hour"],
        "0.0252"
    );
    // The same catalog against itself: nothing differs.
    bin().args(["prices", "diff", o, o]).assert().code(0);
}

#[test]
fn the_diff_takes_format_json() {
    let mut routes = HashMap::new();
    routes.insert(path_of("elb"), Reply::Body(elb_changed("2025-12-01")));
    let base = serve(routes, 1);
    let out = update(&[
        "--from",
        &format!("{base}/maps"),
        "--services",
        "elb",
        "--format",
        "json",
    ])
    .assert()
    .code(1)
    .get_output()
    .stdout
    .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let text = v.to_string();
    assert!(
        text.contains("0.0252") && text.contains("us-east-1"),
        "{text}"
    );
}

#[test]
fn an_older_file_is_not_imported_unless_allowed() {
    let mut routes = HashMap::new();
    routes.insert(path_of("elb"), Reply::Body(elb_changed("2024-06-01")));
    let base = serve(routes, 2);
    let from = format!("{base}/maps");
    update(&["--from", &from, "--services", "elb"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("0 prices differ"))
        .stderr(predicate::str::contains("was published 2024-06-01, before the prices the catalog holds for that service (SRC-ELB-METER-2025-11-03, 2025-11-03); not imported"));
    update(&["--from", &from, "--services", "elb", "--allow-older"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("0.0252"))
        .stderr(predicate::str::contains(
            "imported all the same (--allow-older)",
        ));
}

/// The one line an error prints.
fn one_line_error(a: assert_cmd::assert::Assert, url: &str, reason: &str) {
    let out = a.code(1).get_output().clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "one line:\n{err}");
    assert!(
        err.starts_with(&format!("error: cannot download {url}: ")),
        "{err}"
    );
    assert!(err.contains(reason), "{reason}:\n{err}");
    assert!(out.stdout.is_empty(), "no diff printed");
}

#[test]
fn an_unreachable_server_fails_in_one_line_naming_the_url() {
    // A port that was free a moment ago and has no listener now: the connection is refused, as offline.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let from = format!("http://127.0.0.1:{port}/maps");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("catalog.json");
    one_line_error(
        update(&[
            "--from",
            &from,
            "--services",
            "apigateway",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert(),
        &format!("{from}/apigateway/USD/current/apigateway.json"),
        "the connection was refused (offline? `prices import FILE...` reads saved AWS files)",
    );
    assert!(!out.exists(), "no catalog written");
}

#[test]
fn an_http_error_names_the_url_and_the_status() {
    let base = serve(HashMap::new(), 1);
    let from = format!("{base}/maps");
    one_line_error(
        update(&["--from", &from, "--services", "xray"]).assert(),
        &format!("{from}/xray/USD/current/xray.json"),
        "the server answered HTTP 404",
    );
}

#[test]
fn a_body_over_the_cap_is_refused() {
    // 32 MiB + 1 byte of whitespace: the client stops reading at the cap (33,554,432 bytes).
    let mut routes = HashMap::new();
    routes.insert(path_of("vpc"), Reply::Huge(32 * 1024 * 1024 + 1));
    let base = serve(routes, 1);
    let from = format!("{base}/maps");
    one_line_error(
        update(&["--from", &from, "--services", "vpc"]).assert(),
        &format!("{from}/vpc/USD/current/vpc.json"),
        "the file is larger than 33554432 bytes",
    );
}

#[test]
fn a_server_that_never_answers_is_given_up_after_the_timeout() {
    let mut routes = HashMap::new();
    routes.insert(path_of("waf"), Reply::Silent);
    let base = serve(routes, 1);
    let from = format!("{base}/maps");
    let started = Instant::now();
    one_line_error(
        update(&["--from", &from, "--services", "waf", "--timeout", "1"]).assert(),
        &format!("{from}/waf/USD/current/waf.json"),
        "no complete answer within 1 s (--timeout)",
    );
    // Bounded: the 1 s deadline, not the server's 30 s (a generous margin for a loaded machine).
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn only_https_or_this_machine() {
    update(&["--from", "http://example.com/maps"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid value 'http://example.com/maps' for --from",
        ));
    update(&["--services", "ec2"]).assert().code(2);
    update(&["--timeout", "0"]).assert().code(2);
    update(&["--timeout", "601"]).assert().code(2);
}

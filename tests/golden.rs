//! Golden outputs: whole renderings pinned with insta (accept changes with `INSTA_UPDATE=always cargo test`
//! and review the .snap diff). They catch any change to the figures, the layout or the footers.
mod common;
use common::*;

fn run(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn quote_table_600m_http() {
    insta::assert_snapshot!(run(&["quote", "--api", "http", "--requests", "600M"]));
}

#[test]
fn compare_table_with_backend() {
    insta::assert_snapshot!(run(&[
        "compare",
        "--apis",
        "rest,http,alb,function-url",
        "--requests",
        "100M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
        "--request-size",
        "10KB",
        "--response-size",
        "10KB"
    ]));
}

#[test]
fn quote_csv_rest_cache_legacy() {
    insta::assert_snapshot!(run(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "21B",
        "--cache",
        "0.5",
        "--free-tier",
        "legacy",
        "--format",
        "csv"
    ]));
}

#[test]
fn quote_json_websocket() {
    insta::assert_snapshot!(run(&[
        "quote",
        "--api",
        "websocket",
        "--messages",
        "1.5B",
        "--message-size",
        "40KB",
        "--connection-minutes",
        "10M",
        "--format",
        "json"
    ]));
}

#[test]
fn project_markdown() {
    insta::assert_snapshot!(run(&[
        "project",
        "--profile",
        "data/profiles/startup-growth.toml",
        "--months",
        "4",
        "--format",
        "markdown"
    ]));
}

#[test]
fn breakeven_table() {
    insta::assert_snapshot!(run(&[
        "breakeven",
        "--vary",
        "request-size",
        "--between",
        "rest,http",
        "--requests",
        "10M"
    ]));
}

#[test]
fn latency_table_rest_with_lambda_and_authorizer() {
    insta::assert_snapshot!(run(&[
        "latency",
        "--api",
        "rest",
        "--backend",
        "lambda",
        "--runtime",
        "java21",
        "--handler-ms",
        "40,150",
        "--authorizer",
        "lambda",
        "--cold-start-rate",
        "1%",
        "--samples",
        "100k",
    ]));
}

#[test]
fn compare_markdown_with_needs() {
    insta::assert_snapshot!(run(&[
        "compare",
        "--requests",
        "100M",
        "--needs",
        "api-keys,caching,waf",
        "--format",
        "markdown",
    ]));
}

#[test]
fn features_markdown() {
    insta::assert_snapshot!(run(&["features", "--format", "markdown"]));
}

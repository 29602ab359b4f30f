//! Escape sequences in what the tool reads (a bill's accounts and usage types, a template's API names
//! and logical ids, a Terraform address) reach table and Markdown output as text, never raw: OSC
//! window title and clipboard, CSI clear screen, C1 0x9B and the bidi override U+202E.
mod common;
use common::*;

/// What an attacker writes: a title, a clipboard write, a cleared screen, C1 CSI, a bidi override.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}evil";

fn raw_escape(text: &str) -> Option<char> {
    text.chars().find(|c| {
        (c.is_control() && *c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("apigw-esc-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(args: &[&str], what: &str) {
    for format in ["table", "markdown"] {
        let out = bin()
            .args(args)
            .args(["--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{what} {format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            raw_escape(&stdout),
            None,
            "{what} {format}: a raw control character reached stdout"
        );
        assert!(
            stdout.contains("\\u{1b}]0;pwned"),
            "{what} {format}: the value is not shown escaped"
        );
        assert!(stdout.contains("\\u{202e}evil"), "{what} {format}");
    }
}

#[test]
fn bill_accounts_and_usage_types_are_escaped() {
    let d = dir("bill");
    let text = std::fs::read_to_string("tests/fixtures/bills/cur2.csv")
        .unwrap()
        .replace("222222222222", HOSTILE);
    let path = d.join("bill.csv");
    std::fs::write(&path, text).unwrap();
    check(&["reconcile", path.to_str().unwrap()], "reconcile");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn template_names_and_logical_ids_are_escaped() {
    let d = dir("template");
    // A YAML double-quoted string writes each control character as \uXXXX.
    let quoted: String = HOSTILE
        .chars()
        .map(|c| match c {
            c if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            c => format!("\\u{:04X}", c as u32),
        })
        .collect();
    let fixed = format!(
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: \"{quoted}\"\n"
    );
    let path = d.join("t.yaml");
    std::fs::write(&path, fixed).unwrap();
    check(&["inventory", path.to_str().unwrap()], "inventory");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn terraform_addresses_are_escaped() {
    let d = dir("plan");
    let plan = serde_json::json!({
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": [{
            "address": format!("aws_api_gateway_rest_api.{HOSTILE}"),
            "type": "aws_api_gateway_rest_api",
            "name": HOSTILE,
            "values": {"name": HOSTILE}
        }]}}
    });
    let path = d.join("plan.json");
    std::fs::write(&path, plan.to_string()).unwrap();
    check(&["inventory", path.to_str().unwrap()], "inventory (plan)");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cloudwatch_labels_are_escaped() {
    let d = dir("cloudwatch");
    let mut paths = Vec::new();
    for page in ["rest-week-page1.json", "rest-week-page2.json"] {
        let text = std::fs::read_to_string(format!("tests/fixtures/cloudwatch/{page}")).unwrap();
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for r in v["MetricDataResults"].as_array_mut().unwrap() {
            let label = r["Label"]
                .as_str()
                .unwrap()
                .replace(" orders", &format!(" orders{HOSTILE}"));
            r["Label"] = label.into();
        }
        let p = d.join(page);
        std::fs::write(&p, v.to_string()).unwrap();
        paths.push(p.display().to_string());
    }
    // The long name wraps in the table, so only the start of the escaped text is looked for.
    for format in ["table", "markdown"] {
        let out = bin()
            .args([
                "import",
                "cloudwatch",
                &paths[0],
                &paths[1],
                "--format",
                format,
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{format}");
        assert_eq!(
            raw_escape(&stdout),
            None,
            "{format}: a raw control character"
        );
        assert!(stdout.contains("\\u{1b}]0;pwned"), "{format}: {stdout}");
    }
    let _ = std::fs::remove_dir_all(&d);
}

/// A YAML double-quoted string that writes each control character of `s` as \uXXXX.
fn yaml_quoted(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_ascii_graphic() || c == ' ' => c.to_string(),
            c => format!("\\u{:04X}", c as u32),
        })
        .collect()
}

#[test]
fn logical_ids_are_escaped_in_reports_and_in_the_review_pack() {
    let d = dir("logical");
    let q = yaml_quoted(HOSTILE);
    let path = d.join("t.yaml");
    std::fs::write(
        &path,
        format!("Resources:\n  \"Api{q}\":\n    Type: AWS::ApiGateway::RestApi\n"),
    )
    .unwrap();
    check(
        &["inventory", path.to_str().unwrap()],
        "inventory (logical id)",
    );
    let pack = d.join("pack");
    bin()
        .args([
            "review",
            "--template",
            path.to_str().unwrap(),
            "--requests",
            "10M",
            "--out",
        ])
        .arg(&pack)
        .assert()
        .success();
    for f in ["review.md", "review.html"] {
        let text = std::fs::read_to_string(pack.join(f)).unwrap();
        assert_eq!(raw_escape(&text), None, "{f}: a raw control character");
        assert!(text.contains("pwned"), "{f}: the id is shown");
    }
    let _ = std::fs::remove_dir_all(&d);
}

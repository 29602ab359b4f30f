//! Issue 28: every error path the README documents ("Exit codes") walked end to end. Each case checks
//! the exit code (1 runtime: I/O, a price the catalog lacks, a bad catalog, profile or input file, a
//! limit; 2 usage: a bad flag or value, a flag the command does not read, a missing input, an unknown
//! region), that stderr names the field (flag, or file with key and line), the value as typed and what
//! was expected, that it is one `error:` message with no placeholder ('(set)', '(missing)') and no
//! operating-system suffix ('(os error 2)'), and that nothing was written to stdout.

mod common;

use common::bin;

struct Case {
    args: Vec<String>,
    code: i32,
    /// Field, value, expected: each must appear in stderr.
    says: Vec<&'static str>,
}

fn case(args: &str, code: i32, says: &[&'static str]) -> Case {
    Case {
        args: args.split_whitespace().map(str::to_string).collect(),
        code,
        says: says.to_vec(),
    }
}

fn check(c: &Case, dir: &std::path::Path) {
    let out = bin()
        .args(&c.args)
        .current_dir(dir)
        .env_remove("COLUMNS")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(c.code), "{:?}: {err}", c.args);
    assert!(err.starts_with("error: "), "{:?}: {err}", c.args);
    for s in &c.says {
        assert!(err.contains(s), "{:?}: '{s}' not in: {err}", c.args);
    }
    for bad in ["(set)", "(missing)", "os error", "Os {", "panicked"] {
        assert!(!err.contains(bad), "{:?}: '{bad}' in: {err}", c.args);
    }
    assert!(out.stdout.is_empty(), "{:?}: wrote to stdout", c.args);
}

#[test]
fn every_documented_error_path_names_field_value_and_expectation() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("zero.toml"), "requests = \"10M\"\nmonths = 0\n").unwrap();
    std::fs::write(
        d.join("rate.toml"),
        "requests = \"10M\"\ngrowth = \"150\"\n",
    )
    .unwrap();
    std::fs::write(d.join("key.toml"), "requests = \"10M\"\nrequets = 5\n").unwrap();
    std::fs::write(d.join("bad.json"), "{ \"not\": \"a catalog\" }").unwrap();
    let repo = env!("CARGO_MANIFEST_DIR");
    let cases = [
        // Usage errors (2): a bad value, as typed, with what was expected.
        case("quote --api http --requests 10x", 2, &["--requests", "'10x'", "expected a number such as 600M"]),
        case("quote --api http --requests 10M --request-size 2XB", 2, &["--request-size", "'2XB'", "expected a size such as 600KB or 1.5MB, got"]),
        case("quote --api http --requests 10M --discount 7", 2, &["--discount", "'7'", "write 7% for a percentage, or 0.07 as a fraction"]),
        case("project --requests 10M --growth 1", 2, &["--growth", "'1'", "write 100% or 1%"]),
        case("quote --api foo --requests 10M", 2, &["--api", "'foo'", "rest, http, websocket, alb, function-url"]),
        case("breakeven --vary requests --between rest,rest", 2, &["--between", "'rest,rest'", "two different options"]),
        case("import cloudwatch --print-query --rest-api orders --stage prod --start-time x --end-time 2026-11-08T00:00:00Z", 2, &["--start-time", "'x'", "UTC timestamp"]),
        // A flag the command does not read.
        case("features --region eu-west-1", 2, &["--region", "does not apply to `apigw-cost features`"]),
        // A missing input, and an input that needs another.
        case("quote --api http", 2, &["a monthly volume is needed", "--requests N"]),
        case("quote --requests 10M", 2, &["the option to price is needed", "--api"]),
        case("import cloudwatch --print-query --rest-api orders --start-time 2026-11-01T00:00:00Z --end-time 2026-11-08T00:00:00Z", 2, &["--stage is needed"]),
        case("quote --api rest --requests 10M --azs 3", 2, &["--azs", "needs --endpoint private"]),
        case("quote --api rest --requests 10M --endpoint private", 2, &["--endpoint private", "needs --azs N"]),
        case("quote --api rest --requests 10M --log-retention-months 3", 2, &["--log-retention-months", "needs --access-log-bytes"]),
        case("quote --api rest --requests 10M --authorizer-duration-ms 30", 2, &["--authorizer-duration-ms", "needs --authorizer lambda"]),
        // An input the option cannot have: the same words as compare's note.
        case("quote --api http --requests 10M --xray-sampling 5%", 2, &["--xray-sampling does not apply: the HTTP API cannot be traced with X-Ray"]),
        case("quote --api http --requests 10M --cache 0.5", 2, &["--cache does not apply: the HTTP API has no stage cache"]),
        case("quote --api http --requests 10M --execution-log-bytes 100", 2, &["--execution-log-bytes does not apply"]),
        // An unknown region code.
        case("quote --api http --requests 10M --region mars-1", 2, &["unknown region 'mars-1'", "prices list"]),
        // The output: a picture from a text command, a format against the extension.
        case("quote --api http --requests 10M -o q.png", 2, &["-o/--output", "'q.png'", "a text file", "apigw-cost chart"]),
        case("quote --api http --requests 10M -o q.json --format csv", 2, &["--format", "'csv'", "json for q.json"]),
        // Runtime failures (1): a price the catalog lacks, unreadable or bad files, a bad profile.
        case("quote --api http --requests 10M --region ap-east-2", 1, &["no price for HTTP API requests in ap-east-2"]),
        case("project --profile nope.toml", 1, &["cannot read nope.toml", "no such file or directory"]),
        case("reconcile nope.csv", 1, &["cannot read nope.csv"]),
        case("quote --api http --requests 10M --prices bad.json", 1, &["bad.json"]),
        case("project --profile zero.toml", 1, &["zero.toml", "key `months` (line 2)", "'0'", "a number of months from 1 to 1200"]),
        case("project --profile rate.toml", 1, &["rate.toml", "key `growth` (line 2)", "'150'", "write 150% for a percentage"]),
        case("project --profile key.toml", 1, &["key.toml", "`requets`", "unknown key"]),
        case("quote --api http --requests 10M -o nodir/q.txt", 1, &["cannot write", "nodir/q.txt"]),
    ];
    for c in &cases {
        check(c, d);
    }
    // The same from the repository's own files (a template that is not one).
    check(
        &Case {
            args: vec!["inventory".into(), format!("{repo}/README.md")],
            code: 1,
            says: vec!["README.md"],
        },
        d,
    );
}

#[test]
fn an_extension_that_names_no_format_leaves_it_to_format() {
    let dir = tempfile::tempdir().unwrap();
    // HTTP 10M requests x $1.00/M = $10.00, as a finance CSV in a .txt file.
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "10M",
            "-o",
            "x.txt",
            "--format",
            "csv",
        ])
        .current_dir(dir.path())
        .assert()
        .success();
    let csv = std::fs::read_to_string(dir.path().join("x.txt")).unwrap();
    assert!(
        csv.starts_with("row_type,") || csv.contains(",total,"),
        "{csv}"
    );
    assert!(csv.contains("10.00"), "{csv}");
    // Without --format, .txt is the table.
    bin()
        .args(["quote", "--api", "http", "--requests", "10M", "-o", "y.txt"])
        .current_dir(dir.path())
        .assert()
        .success();
    let table = std::fs::read_to_string(dir.path().join("y.txt")).unwrap();
    assert!(table.contains("│ Total"), "{table}");
    // A picture is refused and nothing is written.
    bin()
        .args(["compare", "--requests", "10M", "-o", "c.svg"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    assert!(!dir.path().join("c.svg").exists());
}

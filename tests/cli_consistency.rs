//! Issue 16: one consistent command line. The same words on every command (`--api`/`--apis`, a
//! profile's api/apis), input as people type it, errors in plain words, terminals, and what makes it
//! installable (completions, man page, version with the catalog's dates, JSON schema_version).

mod common;

use common::{bin, d, json, money};
use predicates::prelude::*;

fn stderr_of(args: &[&str]) -> (i32, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn profile(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

// --- Same words everywhere ------------------------------------------------------------------------

#[test]
fn api_and_apis_are_accepted_on_every_command_that_prices_options() {
    // HTTP 1B requests: 300M x $1.00/M + 700M x $0.90/M = $300 + $630 = $930.00 (us-east-1).
    for flag in ["--api", "--apis"] {
        let j = json(&["quote", flag, "http", "--requests", "1B"]);
        assert_eq!(money(&j["total"]), d("930.00"), "quote {flag}");
        // REST 100M x $3.50/M = $350.00, HTTP 100M x $1.00/M = $100.00.
        let j = json(&["compare", flag, "rest,http", "--requests", "100M"]);
        let totals: Vec<_> = j["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| money(&o["total"]))
            .collect();
        assert_eq!(totals, vec![d("350.00"), d("100.00")], "compare {flag}");
        let j = json(&[
            "project",
            flag,
            "http",
            "--requests",
            "10M",
            "--months",
            "2",
        ]);
        assert_eq!(j["options"].as_array().unwrap().len(), 1, "project {flag}");
        let j = json(&["latency", flag, "http", "--samples", "1000"]);
        assert_eq!(j["api"], "http", "latency {flag}");
    }
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--api", "--apis"] {
        let out = dir.path().join(format!("c{flag}.svg"));
        bin()
            .args(["chart", "regions", flag, "http", "--requests", "600M", "-o"])
            .arg(&out)
            .assert()
            .success();
        assert!(std::fs::read_to_string(&out).unwrap().contains("<svg"));
    }
}

#[test]
fn quote_refuses_a_list_and_says_compare_prices_several() {
    let (code, err) = stderr_of(&["quote", "--apis", "rest,http", "--requests", "1M"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("'rest,http'") && err.contains("compare"),
        "{err}"
    );
}

#[test]
fn a_profile_api_or_apis_is_enough_everywhere_including_latency() {
    // The partner review profile lists apis = ["rest", "http"]: latency needs no --api.
    let j = json(&[
        "latency",
        "--profile",
        "data/profiles/partner-api-review.toml",
        "--samples",
        "1000",
    ]);
    let apis: Vec<_> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["api"].clone())
        .collect();
    assert_eq!(apis, vec!["rest", "http"]);
    // A profile with only `api = "http"`: compare, project and latency price HTTP alone, and a profile
    // with only `apis = ["http"]` is enough for quote (10M x $1.00/M = $10.00).
    let dir = tempfile::tempdir().unwrap();
    let one = profile(&dir, "one.toml", "api = \"http\"\nrequests = \"10M\"\n");
    let j = json(&["compare", "--profile", &one]);
    let options = j["options"].as_array().unwrap();
    assert_eq!(options.len(), 1);
    assert_eq!(options[0]["api"], "http");
    assert_eq!(money(&options[0]["total"]), d("10.00"));
    let j = json(&["latency", "--profile", &one, "--samples", "1000"]);
    assert_eq!(j["api"], "http");
    let list = profile(&dir, "list.toml", "apis = [\"http\"]\nrequests = \"10M\"\n");
    assert_eq!(
        money(&json(&["quote", "--profile", &list])["total"]),
        d("10.00")
    );
}

#[test]
fn review_takes_its_directory_from_out_or_o_with_one_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let p = "data/profiles/seed-100-customers.toml";
    let a = dir.path().join("a");
    bin()
        .args(["review", p, "--date", "2026-12-01", "-o"])
        .arg(&a)
        .assert()
        .success();
    assert!(a.join("review.md").is_file() && a.join("review.html").is_file());
    // Both given: they must agree.
    let b = dir.path().join("b");
    bin()
        .args(["review", p, "--out"])
        .arg(&b)
        .arg("-o")
        .arg(dir.path().join("c"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("both name the review's directory"));
    assert!(!b.exists());
    // --format does not apply to a review pack: refused, nothing written.
    let x = dir.path().join("x.json");
    bin()
        .args(["review", p, "--format", "json", "-o"])
        .arg(&x)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format does not apply"));
    assert!(!x.exists());
    bin()
        .args(["review", p])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give --out DIR"));
}

#[test]
fn flags_that_do_not_apply_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("x.svg");
    let svg = svg.to_str().unwrap();
    for (args, says) in [
        (
            vec!["chart", "effective-price", "--format", "json", "-o", svg],
            "--format does not apply to `apigw-cost chart`",
        ),
        (
            vec!["features", "--free-tier", "legacy"],
            "--free-tier does not apply to `apigw-cost features`",
        ),
        (
            vec!["features", "--region", "eu-west-1"],
            "--region does not apply to `apigw-cost features`",
        ),
        (
            vec!["latency", "--api", "http", "--free-tier", "legacy"],
            "--free-tier does not apply to `apigw-cost latency`",
        ),
        (
            vec!["prices", "list", "--region", "eu-west-1"],
            "--region does not apply to `apigw-cost prices list`",
        ),
        (
            vec!["--format", "json", "man"],
            "--format does not apply to `apigw-cost man`",
        ),
    ] {
        let (code, err) = stderr_of(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(!std::path::Path::new(svg).exists());
    // What does apply still works.
    bin()
        .args(["features", "--format", "json"])
        .assert()
        .success();
    bin()
        .args(["prices", "show", "--region", "eu-west-1"])
        .assert()
        .success();
}

#[test]
fn help_shows_only_the_options_a_command_reads() {
    let help = |args: &[&str]| {
        String::from_utf8(bin().args(args).arg("--help").output().unwrap().stdout).unwrap()
    };
    let batch = help(&["batch"]);
    assert!(!batch.contains("[default: table]"), "{batch}");
    assert!(!batch.contains("--format"), "{batch}");
    assert!(batch.contains("--region"), "{batch}");
    let features = help(&["features"]);
    assert!(
        features.contains("--format") && !features.contains("--free-tier"),
        "{features}"
    );
    let chart = help(&["chart"]);
    assert!(
        !chart.contains("--format") && chart.contains("--free-tier"),
        "{chart}"
    );
    assert!(help(&["quote"]).contains("[default: table]"));
}

// --- Input the way people type it -----------------------------------------------------------------

#[test]
fn regions_in_any_case_lists_with_spaces_and_scientific_notation() {
    // eu-west-1 HTTP: 1,000,000 x $1.11/M = $1.11, whatever the case of the code.
    let lower = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "1M",
        "--region",
        "eu-west-1",
    ]);
    let upper = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "1M",
        "--region",
        "EU-WEST-1",
    ]);
    assert_eq!(money(&upper["total"]), money(&lower["total"]));
    assert_eq!(upper["region"], "eu-west-1");
    let j = json(&[
        "compare",
        "--apis",
        "rest, http",
        "--regions",
        "US-EAST-1, eu-west-1",
        "--requests",
        "1e8",
    ]);
    let options = j["options"].as_array().unwrap();
    let regions: Vec<_> = options
        .iter()
        .map(|o| o["region"].as_str().unwrap())
        .collect();
    assert_eq!(
        regions,
        ["us-east-1", "us-east-1", "eu-west-1", "eu-west-1"]
    );
    // 1e8 = 100M: REST $350.00, HTTP $100.00 in us-east-1.
    assert_eq!(money(&options[0]["total"]), d("350.00"));
    assert_eq!(money(&options[1]["total"]), d("100.00"));
    // 2.5e6 WebSocket messages: 2,500,000 x $1.00/M = $2.50.
    let j = json(&["quote", "--api", "websocket", "--messages", "2.5e6"]);
    assert_eq!(money(&j["total"]), d("2.50"));
    // Not a whole number, or a negative power: refused, the value quoted as typed.
    let (code, err) = stderr_of(&["quote", "--api", "http", "--requests", "1.5e0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'1.5e0'") && err.contains("whole number"),
        "{err}"
    );
    let (code, err) = stderr_of(&["quote", "--api", "http", "--requests", "1e-3"]);
    assert_eq!(code, 2);
    assert!(err.contains("'1e-3'"), "{err}");
}

#[test]
fn region_codes_in_any_case_in_profiles_and_batch_rows() {
    // HTTP 10M x $1.00/M = $10.00 in us-east-1.
    let dir = tempfile::tempdir().unwrap();
    let p = profile(
        &dir,
        "p.toml",
        "region = \"US-EAST-1\"\napi = \"http\"\nrequests = \"10M\"\n",
    );
    let j = json(&["quote", "--profile", &p]);
    assert_eq!(j["region"], "us-east-1");
    assert_eq!(money(&j["total"]), d("10.00"));
    let input = dir.path().join("in.csv");
    std::fs::write(&input, "id,api,region,requests\na,http,US-EAST-1,1e7\n").unwrap();
    let out = bin()
        .arg("batch")
        .arg(&input)
        .arg("--summary")
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(csv.lines().nth(1).unwrap().ends_with(",10.00"), "{csv}");
}

#[test]
fn an_unknown_region_is_a_usage_error_quoted_as_typed_with_suggestions() {
    let (code, err) = stderr_of(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "1M",
        "--region",
        "EU-WEST-9",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown region 'EU-WEST-9'") && err.contains("eu-west-1"),
        "{err}"
    );
}

// --- Errors in plain words ------------------------------------------------------------------------

#[test]
fn errors_are_plain_words_never_placeholders() {
    let cases: [(&[&str], &str); 8] = [
        (
            &["quote", "--api", "rest"],
            "a monthly volume is needed: give --requests N",
        ),
        (
            &[
                "quote",
                "--api",
                "rest",
                "--requests",
                "1M",
                "--backend",
                "lambda",
            ],
            "give --duration-ms MS",
        ),
        (
            &[
                "quote",
                "--api",
                "rest",
                "--requests",
                "1M",
                "--duration-ms",
                "50",
            ],
            "the Lambda backend is priced on its memory in MB: give --memory-mb",
        ),
        (
            &["quote", "--api", "function-url", "--requests", "1M"],
            "a Function URL costs only its Lambda function: give --duration-ms MS and --memory-mb MB",
        ),
        (
            &["quote", "--api", "websocket"],
            "for a WebSocket API, --messages N",
        ),
        (
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1M",
                "--cache",
                "0.5",
            ],
            "--cache does not apply",
        ),
        (
            &["chart", "projection", "--requests", "10M"],
            "give -o FILE.svg",
        ),
        (
            &["quote", "--requests", "1M"],
            "the option to price is needed",
        ),
    ];
    for (args, says) in cases {
        let (code, err) = stderr_of(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            !err.contains("(missing)") && !err.contains("(set)"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn values_are_echoed_as_typed() {
    // 50% is read as 0.5: the message does not quote 0.5.
    let (code, err) = stderr_of(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--cache-hit",
        "50%",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("a cache hit rate needs a cache to hit: give --cache GB"),
        "{err}"
    );
    assert!(!err.contains("0.5"), "{err}");
    // 1_000 is read as 1000: quoted as typed.
    let (code, err) = stderr_of(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--cache",
        "1_000",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value '1_000' for --cache"), "{err}");
}

#[test]
fn batch_speaks_of_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    for (csv, says) in [
        (
            "id,api,region,requests\na,function-url,,1000\n",
            "column duration_ms: a Function URL costs only its Lambda function: give duration_ms and memory_mb",
        ),
        (
            "id,api,region,requests,cache_hit\na,rest,,1000,50%\n",
            "column cache_hit: a cache hit rate needs a cache to hit: give cache_gb as well",
        ),
        (
            "id,api,region,requests,cache_gb\na,http,,1000,0.5\n",
            "column cache_gb: HTTP APIs have no cache",
        ),
    ] {
        std::fs::write(&input, csv).unwrap();
        let out = bin().arg("batch").arg(&input).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!err.contains("--backend") && !err.contains("(missing)") && !err.contains("(set)"), "{err}");
    }
}

// --- Terminals ------------------------------------------------------------------------------------

fn features_with(columns: Option<&str>) -> String {
    let mut c = bin();
    c.arg("features");
    if let Some(v) = columns {
        c.env("COLUMNS", v);
    }
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

#[test]
fn tables_fit_columns_wrap_at_words_and_zero_means_unknown() {
    let unknown = features_with(None);
    // The table's lines (the notes under it are prose, not wrapped).
    let widest = |s: &str| {
        s.lines()
            .filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']))
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0)
    };
    assert!(widest(&unknown) > 200, "an unknown width does not wrap");
    // COLUMNS=0 is unknown, not one character per column.
    assert_eq!(features_with(Some("0")), unknown);
    let narrow = features_with(Some("120"));
    assert!(widest(&narrow) <= 120, "{narrow}");
    let sixty = features_with(Some("60"));
    // Wrapped at spaces: no header or value cut inside a word.
    assert!(
        sixty.contains("WebSocket") && !sixty.contains("WebSoc ") && !sixty.contains("WebSoc┆")
    );
    for word in ["authorizer", "DynamoDB,", "(api-keys)", "Function"] {
        assert!(sixty.contains(word), "{word} cut in: {sixty}");
    }
    assert!(widest(&sixty) < widest(&unknown));
}

#[test]
fn no_color_turns_colour_off() {
    let forced = bin()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'),
        "colour can be forced"
    );
    let off = bin()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&off.stdout).contains('\u{1b}'));
}

// --- Installable ----------------------------------------------------------------------------------

#[test]
fn completions_for_every_shell_and_a_man_page() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef apigw-cost"),
        ("fish", "complete -c apigw-cost"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[apigw-cost]"),
    ] {
        let out = bin().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(marker), "{shell}: {marker}");
        assert!(
            text.contains("breakeven") && text.contains("apis"),
            "{shell}"
        );
    }
    bin().args(["completions", "tcsh"]).assert().code(2);
    let man = String::from_utf8(bin().arg("man").output().unwrap().stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.starts_with(".TH"),
        "{}",
        &man[..40]
    );
    assert!(man.contains(".TH apigw-cost 1"));
    for section in [
        "APIGW-COST QUOTE",
        "APIGW-COST REVIEW",
        "APIGW-COST COMPLETIONS",
    ] {
        assert!(man.contains(section), "{section}");
    }
    assert!(man.contains("\\-\\-duration\\-ms") || man.contains("--duration-ms"));
}

#[test]
fn version_names_the_catalog_dates() {
    let v = String::from_utf8(bin().arg("--version").output().unwrap().stdout).unwrap();
    assert!(
        v.starts_with(&format!("apigw-cost {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    assert!(v.contains("price catalog compiled 20"), "{v}");
    // One short line: the price files' dates are in `prices sources`.
    assert_eq!(v.lines().count(), 1, "{v}");
    assert!(v.len() < 80, "{} characters: {v}", v.len());
}

#[test]
fn every_json_output_carries_a_schema_version() {
    let cases: [&[&str]; 13] = [
        &["quote", "--api", "http", "--requests", "1M"],
        &["prices", "sources"],
        &["inventory", "examples/templates/orders-platform.yaml"],
        &["reconcile", "tests/fixtures/bills/cur2.csv.gz"],
        &[
            "import",
            "cloudwatch",
            "tests/fixtures/cloudwatch/rest-week-page1.json",
            "tests/fixtures/cloudwatch/rest-week-page2.json",
        ],
        &["compare", "--requests", "1M"],
        &["project", "--requests", "1M", "--months", "2"],
        &["breakeven", "--vary", "requests", "--between", "alb,http"],
        &["latency", "--api", "http", "--samples", "1000"],
        &["features"],
        &["prices", "list"],
        &["prices", "show"],
        &[
            "compare",
            "--requests",
            "1M",
            "--months",
            "3",
            "--needs",
            "caching",
        ],
    ];
    for args in cases {
        assert_eq!(json(args)["schema_version"], 1, "{args:?}");
    }
    // Several options: an array whose every document carries it.
    let many = json(&["latency", "--api", "rest,http", "--samples", "1000"]);
    for doc in many.as_array().unwrap() {
        assert_eq!(doc["schema_version"], 1);
    }
    // `prices diff` exits 1 when the catalogs differ (like diff) and 0 here; its JSON carries it too.
    let out = bin()
        .args([
            "prices",
            "diff",
            "embedded",
            "data/prices.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["schema_version"], 1);
}

// --- One name, one meaning: renamed spellings ------------------------------------------------------

/// (exit code, stdout, stderr) of a command line.
fn run_all(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn renamed_spellings_work_for_one_release_and_say_their_new_name() {
    let bill = "tests/fixtures/bills/cur2.csv";
    // reconcile --accounts takes batch's words: separate (per linked account) | shared (per payer).
    for (old, new) in [("payer", "shared"), ("linked", "separate")] {
        let (code_old, out_old, err_old) = run_all(&["reconcile", bill, "--accounts", old]);
        let (code_new, out_new, err_new) = run_all(&["reconcile", bill, "--accounts", new]);
        assert_eq!((code_old, code_new), (0, 0), "{err_old}{err_new}");
        assert_eq!(out_old, out_new, "--accounts {old} and {new} differ");
        assert!(
            err_old.contains(&format!(
                "warning: reconcile --accounts {old} is now --accounts {new} (the old spelling works until the next release)"
            )),
            "{err_old}"
        );
        assert!(!err_new.contains("is now"), "{err_new}");
    }
    // Shared tiers: the payer's 700M REST requests, 333M x $3.50 + 367M x $2.80 = $2,193.10 as billed.
    let (_, out, _) = run_all(&["reconcile", bill, "--accounts", "shared"]);
    assert!(out.contains("$2,193.10"), "{out}");
    // import cloudwatch: --start/--end were timestamps where --start is a month elsewhere.
    let q = |start: &str, end: &str| {
        run_all(&[
            "import",
            "cloudwatch",
            "--print-query",
            "--rest-api",
            "orders",
            "--stage",
            "prod",
            start,
            "2026-11-01T00:00:00Z",
            end,
            "2026-11-08T00:00:00Z",
        ])
    };
    let (c_old, o_old, e_old) = q("--start", "--end");
    let (c_new, o_new, e_new) = q("--start-time", "--end-time");
    assert_eq!((c_old, c_new), (0, 0), "{e_old}{e_new}");
    assert_eq!(o_old, o_new);
    assert!(e_old.contains("warning: import cloudwatch --start is now --start-time"));
    assert!(e_old.contains("warning: import cloudwatch --end is now --end-time"));
    assert!(!e_new.contains("is now"), "{e_new}");
    // --out is --profiles-out, as in reconcile; both write the same profiles.
    let dir = tempfile::tempdir().unwrap();
    let page = "tests/fixtures/cloudwatch/rest-week-page1.json";
    let page2 = "tests/fixtures/cloudwatch/rest-week-page2.json";
    let mut written = Vec::new();
    for flag in ["--out", "--profiles-out"] {
        let to = dir.path().join(flag.trim_start_matches('-'));
        let (code, _, err) = run_all(&[
            "import",
            "cloudwatch",
            page,
            page2,
            flag,
            to.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            err.contains("warning: import cloudwatch --out is now --profiles-out"),
            flag == "--out",
            "{err}"
        );
        let mut names: Vec<String> = std::fs::read_dir(&to)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(!names.is_empty());
        written.push(names);
    }
    assert_eq!(written[0], written[1]);
    // The help names only the new spellings.
    let (_, help, _) = run_all(&["import", "cloudwatch", "--help"]);
    assert!(help.contains("--start-time") && help.contains("--profiles-out"));
    assert!(
        !help.contains("--start T") && !help.contains("[--out DIR]"),
        "{help}"
    );
    let (_, help, _) = run_all(&["reconcile", "--help"]);
    assert!(
        help.contains("separate") && help.contains("shared"),
        "{help}"
    );
}

/// Issue 28: `--months` is months ahead wherever it appears, at least one, refused in the same words;
/// a forecast runs at most ten years ahead (120 months), a projection 1,200.
#[test]
fn months_is_at_least_one_and_refused_in_the_same_words_everywhere() {
    let hist = tempfile::tempdir().unwrap();
    let h = profile(&hist, "h.csv", "date,requests\n2026-01-01,10\n");
    for (args, hi) in [
        (vec!["project", "--requests", "1M"], "1200"),
        (vec!["compare", "--requests", "1M"], "1200"),
        (vec!["chart", "projection", "--requests", "1M"], "1200"),
        (vec!["forecast", "--history", h.as_str()], "120"),
    ] {
        for bad in [
            "0".to_string(),
            (hi.parse::<u32>().unwrap() + 1).to_string(),
        ] {
            let mut a = args.clone();
            a.extend(["--months", bad.as_str()]);
            let (code, err) = stderr_of(&a);
            assert_eq!(code, 2, "{a:?}: {err}");
            assert!(
                err.contains(&format!(
                    "invalid value '{bad}' for '--months <N>': expected a whole number of months from 1 to {hi}"
                )),
                "{a:?}: {err}"
            );
        }
    }
}

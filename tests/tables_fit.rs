//! Issue 28: every human output fits the terminal it is read in and shows money to the cent.
//!
//! Every command that prints a table runs at `COLUMNS=80` and `COLUMNS=60` and once at an unknown
//! width (no `COLUMNS`, not a terminal: nothing wrapped). At a known width no line is wider than it
//! (only a line holding a word too long to place whole, an address or a path, may be), no word of the narrow output is a fragment
//! of the wide one's (a table cell or a note is broken at spaces only, never inside a word, a number
//! or an amount), and every amount of the wide output is whole in the narrow one. Every amount shown
//! has two decimals (`$5.00`, never `$5` or `$5.1`); unit prices may have more (`$0.0000035`).

mod common;

use std::collections::BTreeSet;

use common::bin;

/// Every table-producing command, on files in the repository.
fn commands() -> Vec<Vec<&'static str>> {
    let cw = [
        "tests/fixtures/cloudwatch/rest-week-page1.json",
        "tests/fixtures/cloudwatch/rest-week-page2.json",
    ];
    let lines = |s: &'static str| s.split_whitespace().collect::<Vec<_>>();
    vec![
        lines("quote --api http --requests 600M"),
        lines("quote --api rest --requests 300M --authorizer lambda-cached --authorizer-hit-rate 90% --discount 7% --access-log-bytes 1024 --xray-sampling 5% --free-tier credits:5.5"),
        lines("quote --api rest --requests 10M --waf --waf-rules 5 --region eu-central-2"),
        lines("compare --requests 100M --apis rest,http,alb,function-url --backend lambda --duration-ms 100 --memory-mb 512"),
        lines("compare --requests 1B --regions us-east-1,eu-west-1,ap-southeast-2"),
        lines("compare --requests 100M --months 12 --growth 5%"),
        lines("compare --requests 200M..500M"),
        lines("compare --requests 50M --response-size 10KB --needs caching --cacheable-share 40% --region ap-northeast-1"),
        lines("project --profile data/profiles/startup-growth.toml"),
        lines("project --requests p10=60M,p50=100M,p90=180M --growth 2%..8% --months 12"),
        lines("breakeven --vary requests --between alb,http"),
        lines("breakeven --vary request-size --between rest,http --requests 10M"),
        lines("breakeven --vary cache-hit --between rest,rest+cache --requests 100M --cache 0.5"),
        lines("latency --api http"),
        lines("latency --api rest,http --backend lambda --runtime python3.13 --handler-ms 20,80 --authorizer lambda-cached --identities 500 --requests 100M"),
        lines("features"),
        lines("prices list"),
        lines("prices show --region sa-east-1"),
        lines("prices sources"),
        lines("prices diff embedded data/prices.json --requests 100M"),
        lines("inventory examples/templates/orders-platform.yaml tests/fixtures/templates/plan-with-module.json"),
        lines("reconcile tests/fixtures/bills/cur2.csv.gz"),
        lines("reconcile tests/fixtures/bills/cur2.parquet --accounts shared"),
        lines("reconcile tests/fixtures/bills/cur2.parquet --as http"),
        vec!["import", "cloudwatch", cw[0], cw[1]],
    ]
}

fn run(args: &[&str], columns: Option<&str>) -> String {
    let mut c = bin();
    c.args(args).env_remove("COLUMNS");
    if let Some(w) = columns {
        c.env("COLUMNS", w);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} at {columns:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words of a text, without the table's borders and the vertical layout's record rules.
fn words(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with("── "))
        .flat_map(|l| {
            l.split(|c: char| c.is_whitespace() || "│┆┌┐└┘├┤┬┴┼╞╡╪═─".contains(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every `$` amount of a text, as written (`$1,353.10`, `-$3.00`, `$0.0000035`).
fn amounts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('$') {
        let tail = &text[i + 1..];
        let n: String = tail
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let n = n.trim_end_matches(['.', ',']);
        if n.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(format!("${n}"));
        }
    }
    out
}

#[test]
fn every_table_fits_80_and_60_columns_without_splitting_a_word_or_an_amount() {
    for args in commands() {
        let wide = run(&args, None);
        let wide_words = words(&wide);
        let wide_amounts: BTreeSet<String> = amounts(&wide).into_iter().collect();
        for width in [80usize, 60] {
            let text = run(&args, Some(&width.to_string()));
            for line in text.lines() {
                let n = line.chars().count();
                // A word wider than two thirds of the width (an address, a path) cannot be placed
                // without breaking it: its line may be wider, nothing else.
                let longest = line
                    .split_whitespace()
                    .map(|w| w.chars().count())
                    .max()
                    .unwrap_or(0);
                assert!(
                    n <= width || longest > width * 2 / 3,
                    "{args:?} at {width}: a line of {n} characters:\n{line}\n\n{text}"
                );
            }
            for w in words(&text) {
                assert!(
                    wide_words.contains(&w),
                    "{args:?} at {width}: '{w}' is a fragment (broken inside a word):\n{text}"
                );
            }
            let narrow: BTreeSet<String> = amounts(&text).into_iter().collect();
            assert_eq!(
                narrow, wide_amounts,
                "{args:?} at {width}: an amount was split:\n{text}"
            );
        }
    }
}

#[test]
fn every_amount_shown_has_two_decimals() {
    for args in commands() {
        let text = run(&args, None);
        for a in amounts(&text) {
            let decimals = a.split_once('.').map_or(0, |(_, f)| f.len());
            assert!(decimals >= 2, "{args:?}: '{a}' is not to the cent:\n{text}");
        }
    }
    // The sentences too: a no-crossing break-even, a credit, a reconciliation's free tier.
    let be = run(
        &[
            "breakeven",
            "--vary",
            "cache-hit",
            "--between",
            "rest,rest+cache",
            "--requests",
            "100M",
            "--cache",
            "0.5",
        ],
        None,
    );
    // REST 100M x $3.50/M = $350.00; a 0.5 GB cache 730 h x $0.02 = $14.60 more: $364.60.
    assert!(
        be.contains("REST $350.00 vs REST with cache $364.60"),
        "{be}"
    );
    let credit = run(
        &[
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--free-tier",
            "credits:5.5",
        ],
        None,
    );
    // 1M REST requests x $3.50/M = $3.50, all of it from the $5.50 credit.
    assert!(
        credit.contains("$5.50 of credit available this month"),
        "{credit}"
    );
    assert!(credit.contains("credits ($5.50 drawn down"), "{credit}");
    let rec = run(&["reconcile", "tests/fixtures/bills/cur2.csv.gz"], None);
    assert!(rec.contains("billed at $0.00 (free tier)"), "{rec}");
}

#[test]
fn amounts_are_found_whole() {
    assert_eq!(
        amounts("a $1,353.10 b -$3.00, $0.0000035 / 1M and $5."),
        ["$1,353.10", "$3.00", "$0.0000035", "$5"]
    );
}

#[test]
fn help_is_grouped_wrapped_and_lists_the_formats_the_command_writes() {
    let quote = run(&["quote", "--help"], Some("80"));
    for heading in [
        "Workload:",
        "Pricing:",
        "Authorizer:",
        "Backend:",
        "Logs and tracing:",
        "Output:",
    ] {
        assert!(quote.lines().any(|l| l == heading), "{heading}: {quote}");
    }
    // The output options come under Output, after the workload.
    let at = |s: &str| quote.find(s).unwrap();
    assert!(at("Workload:") < at("--requests <N>") && at("Output:") < at("--format <FORMAT>"));
    // At an unknown width (piped, no COLUMNS) the help wraps at 100, as clap's does.
    for width in [80usize, 60, 100] {
        for args in [&["quote", "--help"][..], &["compare", "-h"], &["--help"]] {
            let columns = width.to_string();
            let text = run(args, (width != 100).then_some(columns.as_str()));
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{args:?} at {width}: {line}");
            }
        }
    }
    // `inventory` and `import cloudwatch` write no CSV: their help says so; quote lists all four.
    for cmd in [
        &["inventory", "--help"][..],
        &["import", "cloudwatch", "--help"],
    ] {
        let text = run(cmd, None);
        assert!(
            text.contains("Output format: table, json, markdown"),
            "{text}"
        );
    }
    assert!(quote.contains("table, json, csv, markdown"), "{quote}");
}

/// The rounding rule is said once, in `--help` and the README; a report's footer points to it in one
/// short line instead of repeating it after every table.
#[test]
fn the_rounding_rule_is_in_help_and_the_readme_and_reports_point_to_it() {
    let rule = apigw_cost::render::ROUNDING_RULE;
    let help = String::from_utf8(
        bin()
            .arg("--help")
            .env("COLUMNS", "0")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat(&help).contains(&flat(rule)), "{help}");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(
        flat(&readme).contains(&flat(rule)),
        "the README does not state the rule"
    );
    for args in [
        vec!["quote", "--api", "http", "--requests", "10M"],
        vec!["compare", "--requests", "10M"],
        vec!["project", "--requests", "10M", "--months", "3"],
        vec!["compare", "--requests", "10M", "--format", "markdown"],
    ] {
        let out = run(&args, Some("80"));
        assert!(!out.contains(rule), "{args:?} repeats the rule:\n{out}");
        // A footer line; in Markdown an item of the footer's list.
        let pointer = out
            .lines()
            .map(|l| l.strip_prefix("- ").unwrap_or(l))
            .find(|l| l.starts_with("Rounding: "))
            .unwrap_or_else(|| panic!("{args:?}: no pointer to the rule:\n{out}"));
        assert_eq!(
            pointer,
            "Rounding: each month billed to the cent (the rule: apigw-cost --help)."
        );
    }
}

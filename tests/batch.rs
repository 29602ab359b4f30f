//! `batch` end to end: exact figures from the us-east-1 tables (HTTP $1.00/M to 300M then $0.90/M;
//! REST $3.50/M first 333M, $2.80/M next 667M, $2.38/M next 19B, $1.51/M above), both account modes,
//! allocation to the cent, bad rows, stdin.
mod common;
use common::*;
use predicates::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

type Rows = Vec<BTreeMap<String, String>>;

fn read_csv(text: &str) -> Rows {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Runs `batch` with args, expecting success; the CSV on stdout.
fn batch(args: &[&str]) -> Rows {
    let out = bin().arg("batch").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_csv(&String::from_utf8(out.stdout).unwrap())
}

fn col(rows: &Rows, c: &str) -> Vec<Decimal> {
    rows.iter().map(|r| d(&r[c])).collect()
}

fn sum(v: &[Decimal]) -> Decimal {
    v.iter().copied().sum()
}

fn to_cents(amount: Decimal) -> u128 {
    use rust_decimal::prelude::ToPrimitive;
    (amount * Decimal::ONE_HUNDRED).to_u128().unwrap()
}

fn seed_2000() -> String {
    let mut s = String::from("id,api,region,requests\n");
    for i in 0..2000 {
        s += &format!("cust-{i:04},http,us-east-1,300000\n");
    }
    s
}

#[test]
fn shared_account_2000_customers_x_300k_is_570_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "seed.csv", &seed_2000());
    let rows = batch(&[&input, "--accounts", "shared", "--summary"]);
    assert_eq!(rows.len(), 2000);
    // 600M requests on one account: 300M x $1.00/M + 300M x $0.90/M = $570.00; each share $0.285.
    assert!(col(&rows, "total").iter().all(|t| *t == d("0.285")));
    let billed = col(&rows, "billed");
    assert_eq!(sum(&billed), d("570.00"));
    // Equal remainders: the extra cents go to the first 1,000 rows (ties to the earlier row).
    assert!(billed[..1000].iter().all(|b| *b == d("0.29")));
    assert!(billed[1000..].iter().all(|b| *b == d("0.28")));
    assert_eq!(rows[0]["id"], "cust-0000");
    assert_eq!(rows[0]["requests"], "300000");
}

#[test]
fn shared_line_items_add_up_to_the_account_bill() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "seed.csv", &seed_2000());
    let out = dir.path().join("items.csv");
    bin()
        .args(["batch", &input, "--accounts", "shared", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "2000 rows read, 2000 rated, 0 rejected; billed 570.00 USD in all across 1 shared account",
        ));
    let rows = read_csv(&std::fs::read_to_string(&out).unwrap());
    let account: Vec<_> = rows
        .iter()
        .filter(|r| r["id"] == "account:us-east-1:http")
        .collect();
    let amounts: Vec<(&str, &str, &str, &str)> = account
        .iter()
        .map(|r| {
            (
                r["row_type"].as_str(),
                r["component"].as_str(),
                r["amount"].as_str(),
                r["amount_exact"].as_str(),
            )
        })
        .collect();
    // The account's TOTAL is its bill: to the cent in `amount`, exact in `amount_exact`.
    assert_eq!(
        amounts,
        vec![
            ("line", "HTTP API requests", "300.00", "300.00"),
            ("line", "HTTP API requests", "270.00", "270.00"),
            ("total", "TOTAL", "570.00", "570.00"),
        ]
    );
    let customer_totals: Vec<Decimal> = rows
        .iter()
        .filter(|r| r["id"].starts_with("cust-") && r["component"] == "TOTAL")
        .map(|r| d(&r["amount"]))
        .collect();
    assert_eq!(customer_totals.len(), 2000);
    assert_eq!(sum(&customer_totals), d("570.00"));
    let shares: Vec<Decimal> = rows
        .iter()
        .filter(|r| r["id"].starts_with("cust-") && r["component"] != "TOTAL")
        .map(|r| d(&r["amount"]))
        .collect();
    assert_eq!(sum(&shares), d("570.00"));
    let first = rows.iter().find(|r| r["id"] == "cust-0000").unwrap();
    assert_eq!(first["quantity"], "300000");
    // $570 / 600M = $0.95 per 1M requests, the account's average.
    assert_eq!(first["unit_price"], "0.95");
    assert_eq!(first["price_unit"], "per 1M requests");
    assert_eq!(first["amount"], "0.29");
    assert_eq!(first["amount_exact"], "0.285");
}

#[test]
fn separate_accounts_each_300k_http_row_is_30_cents() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "seed.csv", &seed_2000());
    let rows = batch(&[&input, "--summary"]);
    assert_eq!(rows.len(), 2000);
    assert!(col(&rows, "total").iter().all(|t| *t == d("0.30")));
    assert_eq!(sum(&col(&rows, "billed")), d("600.00"));
    // Line items: each customer's own tier 1, and its TOTAL.
    let items = batch(&[&input]);
    assert_eq!(items.len(), 4000);
    assert_eq!(items[0]["tier"], "1 of 2 (first 300M)");
    assert_eq!(items[0]["amount"], "0.30");
    assert_eq!(items[1]["component"], "TOTAL");
    assert_eq!(items[1]["amount"], "0.30");
}

#[test]
fn separate_hand_worked_us_east_1_figures() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests\n\
         rest-100m,rest,us-east-1,100M\n\
         rest-333m1,rest,us-east-1,333000001\n\
         rest-1b,rest,us-east-1,1B\n\
         rest-21b,rest,us-east-1,21000000000\n\
         http-100m,http,us-east-1,100_000_000\n\
         http-600m,http,us-east-1,\"600,000,000\"\n\
         http-1b,http,us-east-1,1000000000\n\
         http-1,http,,1\n",
    );
    let rows = batch(&[&input, "--summary"]);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["id"].as_str(), r["total"].as_str(), r["billed"].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("rest-100m", "350.00", "350.00"),
            // 333M x 3.50 + 1 x 0.0000028
            ("rest-333m1", "1165.5000028", "1165.50"),
            // 1,165.50 + 667M x 2.80 = 1,867.60
            ("rest-1b", "3033.10", "3033.10"),
            // + 19B x 2.38 + 1B x 1.51
            ("rest-21b", "49763.10", "49763.10"),
            ("http-100m", "100.00", "100.00"),
            ("http-600m", "570.00", "570.00"),
            ("http-1b", "930.00", "930.00"),
            // An empty region takes --region (us-east-1).
            ("http-1", "0.000001", "0.00"),
        ]
    );
}

#[test]
fn separate_rows_with_optional_columns_and_flag_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests,request_size_kb,cache_gb,messages,connection_minutes\n\
         big,http,us-east-1,100M,600KB,,,\n\
         small,http,us-east-1,100M,,,,\n\
         cached,rest,us-east-1,100M,,0.5,,\n\
         chat,websocket,us-east-1,,,,1.5B,10M\n",
    );
    // --request-size 10KB is the default for rows with an empty request_size_kb.
    let rows = batch(&[&input, "--summary", "--request-size", "10KB"]);
    let totals: Vec<&str> = rows.iter().map(|r| r["billed"].as_str()).collect();
    // 600 KB = 2 units of 512 KB -> 200M units; 10 KB -> 1 unit; REST $350 + cache 0.5 GB $14.60;
    // WebSocket 1B x $1.00/M + 0.5B x $0.80/M + 10M minutes x $0.25/M = $1,402.50.
    assert_eq!(totals, vec!["200.00", "100.00", "364.60", "1402.50"]);
}

#[test]
fn shared_accounts_split_by_region_and_kind_with_remainders() {
    let dir = tempfile::tempdir().unwrap();
    // us-east-1 HTTP: 3 x 333,334 = 1,000,002 requests = $1.000002 -> 100 cents: 34 + 33 + 33.
    // us-east-1 REST: 500M + 500M = 1B = $3,033.10 -> $1,516.55 each.
    // eu-west-1 HTTP: its own account.
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests\n\
         a,http,us-east-1,333334\n\
         r1,rest,us-east-1,500M\n\
         b,http,us-east-1,333334\n\
         e,http,eu-west-1,1M\n\
         r2,rest,us-east-1,500M\n\
         c,http,us-east-1,333334\n",
    );
    let rows = batch(&[&input, "--summary", "--accounts", "shared"]);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r["id"].as_str(), r["total"].as_str(), r["billed"].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("a", "0.333334", "0.34"),
            ("r1", "1516.55", "1516.55"),
            ("b", "0.333334", "0.33"),
            ("e", "1.11", "1.11"),
            ("r2", "1516.55", "1516.55"),
            ("c", "0.333334", "0.33"),
        ]
    );
}

#[test]
fn shared_websocket_meters_are_allocated_each_to_the_cent() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests,messages,connection_minutes\n\
         x,websocket,us-east-1,0,1B,5M\n\
         y,websocket,us-east-1,0,500M,5M\n\
         z,websocket,us-east-1,0,1,1\n",
    );
    let items = batch(&[&input, "--accounts", "shared"]);
    let billed = items
        .iter()
        .find(|r| r["id"] == "account:us-east-1:websocket" && r["component"] == "TOTAL")
        .map(|r| d(&r["amount"]))
        .unwrap();
    // 1.5B messages: $1,000 + $400; 10,000,001 minutes x $0.25/M = $2.50000025 -> $2.50.
    assert_eq!(billed, d("1402.50"));
    let totals: Vec<Decimal> = items
        .iter()
        .filter(|r| !r["id"].starts_with("account:") && r["component"] == "TOTAL")
        .map(|r| d(&r["amount"]))
        .collect();
    assert_eq!(totals.len(), 3);
    assert_eq!(sum(&totals), billed);
}

/// A pseudo-random input; returns the CSV and the rows (api, volume) for a reference computation.
fn random_rows(n: usize, seed: u64) -> (String, Vec<(&'static str, u64)>) {
    let mut x = seed;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut s = String::from("id,api,region,requests\n");
    let mut rows = Vec::new();
    for i in 0..n {
        let api = if next() % 3 == 0 { "rest" } else { "http" };
        let v = match next() % 4 {
            0 => next() % 1_000,
            1 => next() % 5_000_000,
            2 => 300_000,
            _ => next() % 900_000_000,
        };
        s += &format!("r{i},{api},us-east-1,{v}\n");
        rows.push((api, v));
    }
    (s, rows)
}

#[test]
fn shared_allocation_equals_largest_remainder_by_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let (text, rows) = random_rows(5000, 0x9E37_79B9_7F4A_7C15);
    let input = write(dir.path(), "in.csv", &text);
    let out = batch(&[&input, "--summary", "--accounts", "shared"]);
    let items = batch(&[&input, "--accounts", "shared"]);
    for api in ["rest", "http"] {
        let bill = items
            .iter()
            .find(|r| r["id"] == format!("account:us-east-1:{api}") && r["component"] == "TOTAL")
            .map(|r| d(&r["amount"]))
            .unwrap();
        let cents = to_cents(bill);
        let idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].0 == api).collect();
        let volume: u128 = idx.iter().map(|&i| u128::from(rows[i].1)).sum();
        // Hamilton's method with a sort: floors, then the largest remainders (ties to the earlier row).
        let parts: Vec<(u128, u128)> = idx
            .iter()
            .map(|&i| {
                let p = cents * u128::from(rows[i].1);
                (p / volume, p % volume)
            })
            .collect();
        let mut k = cents - parts.iter().map(|p| p.0).sum::<u128>();
        let mut order: Vec<usize> = (0..idx.len()).collect();
        order.sort_by(|&a, &b| parts[b].1.cmp(&parts[a].1).then(a.cmp(&b)));
        let mut expect: Vec<u128> = parts.iter().map(|p| p.0).collect();
        for o in order {
            if k == 0 {
                break;
            }
            expect[o] += 1;
            k -= 1;
        }
        let got: Vec<u128> = idx
            .iter()
            .map(|&i| to_cents(d(&out[i]["billed"])))
            .collect();
        assert_eq!(got, expect, "{api}");
        assert_eq!(got.iter().sum::<u128>(), cents, "{api}");
    }
}

#[test]
fn stdin_in_both_modes_matches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = random_rows(300, 42);
    let input = write(dir.path(), "in.csv", &text);
    for mode in ["separate", "shared"] {
        let from_file = bin()
            .args(["batch", &input, "--summary", "--accounts", mode])
            .output()
            .unwrap();
        let from_stdin = bin()
            .args(["batch", "-", "--summary", "--accounts", mode])
            .write_stdin(text.clone())
            .output()
            .unwrap();
        assert!(from_stdin.status.success(), "{mode}");
        assert!(
            from_file.stdout == from_stdin.stdout,
            "{mode}: stdin and file differ"
        );
        assert!(!from_stdin.stdout.is_empty());
    }
}

#[test]
fn bad_row_fails_naming_row_column_and_value_and_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests\na,http,us-east-1,10\nb,rest,us-east-1,ten\n",
    );
    let out = dir.path().join("out.csv");
    bin()
        .args(["batch", &input, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("row 2 (line 3), column requests, value 'ten'")
                .and(predicate::str::contains("expected a number")),
        );
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(
        files.len(),
        1,
        "only the input: no output, no temporary file"
    );
    for (cell, column) in [
        ("a,soap,us-east-1,1", "column api, value 'soap'"),
        ("a,http,eu-west-9,1", "column region, value 'eu-west-9'"),
        ("a,http,ap-east-2,1", "no price for HTTP API there"),
        ("a,http,us-east-1,-5", "must not be negative"),
        (",http,us-east-1,5", "column id"),
        ("a,http,us-east-1", "expected 4 fields"),
    ] {
        let input = write(
            dir.path(),
            "bad.csv",
            &format!("id,api,region,requests\n{cell}\n"),
        );
        bin()
            .args(["batch", &input])
            .assert()
            .code(1)
            .stderr(predicate::str::contains(column).and(predicate::str::contains("row 1")));
    }
    let missing = write(dir.path(), "m.csv", "id,api,requests\na,http,1\n");
    bin()
        .args(["batch", &missing])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing required column region"));
}

#[test]
fn skip_goes_on_and_lists_rejects_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests\n\
         a,http,us-east-1,300000\n\
         b,rest,us-east-1,ten\n\
         c,http,eu-west-9,5\n\
         d,http,us-east-1,300000\n",
    );
    let out = dir.path().join("out.csv");
    let rej = dir.path().join("rejects.csv");
    for mode in ["separate", "shared"] {
        bin()
            .args([
                "batch",
                &input,
                "--summary",
                "--on-error",
                "skip",
                "--accounts",
                mode,
            ])
            .arg("--rejects")
            .arg(&rej)
            .arg("-o")
            .arg(&out)
            .assert()
            .success()
            .stderr(predicate::str::contains("4 rows read, 2 rated, 2 rejected"));
        let rows = read_csv(&std::fs::read_to_string(&out).unwrap());
        let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, vec!["a", "d"]);
        assert_eq!(sum(&col(&rows, "billed")), d("0.60"));
        let rejects = read_csv(&std::fs::read_to_string(&rej).unwrap());
        assert_eq!(rejects.len(), 2);
        assert_eq!(rejects[0]["row"], "2");
        assert_eq!(rejects[0]["column"], "requests");
        assert_eq!(rejects[0]["value"], "ten");
        assert!(rejects[0]["reason"].contains("expected a number"));
        assert_eq!(rejects[0]["id"], "b");
        assert_eq!(rejects[1]["column"], "region");
        assert!(rejects[1]["reason"].contains("did you mean eu-west-1"));
    }
    // --rejects without --on-error skip is a usage error.
    bin()
        .args(["batch", &input, "--rejects"])
        .arg(&rej)
        .assert()
        .code(2);
}

#[test]
fn summary_echoes_inputs_and_escapes_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "customer,id,api,region,requests\n=HYPERLINK(1),@x,http,us-east-1,300000\n",
    );
    let out = bin().args(["batch", &input, "--summary"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "id,customer,api,region,requests,total,billed\n'@x,'=HYPERLINK(1),http,us-east-1,300000,0.30,0.30\n"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("column customer is not a cost input"));
}

#[test]
fn closed_pipe_exits_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "seed.csv", &seed_2000());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} batch {input} --summary | head -1 >/dev/null",
            env!("CARGO_BIN_EXE_apigw-cost")
        ))
        .output()
        .unwrap();
    assert!(
        status.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
    /// Volume discounts only help: one shared account never costs more than separate accounts.
    #[test]
    fn separate_total_is_never_below_shared(
        rows in proptest::collection::vec((proptest::bool::ANY, 0u64..800_000_000), 1..12)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from("id,api,region,requests\n");
        for (i, (rest, v)) in rows.iter().enumerate() {
            text += &format!("r{i},{},us-east-1,{v}\n", if *rest { "rest" } else { "http" });
        }
        let input = write(dir.path(), "in.csv", &text);
        let separate = sum(&col(&batch(&[&input, "--summary"]), "total"));
        let shared_items = batch(&[&input, "--accounts", "shared"]);
        let shared: Decimal = shared_items
            .iter()
            .filter(|r| r["id"].starts_with("account:") && r["component"] == "TOTAL")
            .map(|r| d(&r["amount_exact"]))
            .sum();
        proptest::prop_assert!(separate >= shared, "separate {} < shared {}", separate, shared);
        let shares = sum(&col(&batch(&[&input, "--summary", "--accounts", "shared"]), "billed"));
        let billed: Decimal = shared_items
            .iter()
            .filter(|r| r["id"].starts_with("account:") && r["component"] == "TOTAL")
            .map(|r| d(&r["amount"]))
            .sum();
        proptest::prop_assert_eq!(shares, billed);
    }
}

#[test]
fn huge_volumes_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,api,region,requests\na,http,us-east-1,10000000000000000000000000\nb,http,us-east-1,10000000000000000000000000\n",
    );
    // Separately each is priced exactly: 300M at $1.00/M + the rest at $0.90/M.
    let rows = batch(&[&input, "--summary"]);
    assert_eq!(rows[0]["total"], "9000000000000000030.00");
    // Shared, the cents allocation (bill in cents x a row's units) does not fit in 128 bits.
    bin()
        .args(["batch", &input, "--accounts", "shared"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("too large to price exactly"));
}

#[test]
fn a_format_other_than_csv_is_a_usage_error() {
    common::bin()
        .args(["batch", "-", "--format", "json"])
        .write_stdin("id,api,region,requests\na,http,us-east-1,300k\n")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--format").and(predicates::str::contains("csv")));
}

#[test]
fn a_websocket_row_without_messages_is_a_bad_row_in_both_account_modes() {
    let input = "id,api,region,requests\nc,websocket,us-east-1,\nd,http,us-east-1,1M\n";
    for mode in ["separate", "shared"] {
        common::bin()
            .args([
                "batch",
                "-",
                "--summary",
                "--accounts",
                mode,
                "--on-error",
                "skip",
            ])
            .write_stdin(input)
            .assert()
            .success()
            .stdout(predicates::str::contains("d,http,us-east-1,1M,1.00,1.00"))
            .stderr(predicates::str::contains("1 rejected"));
        common::bin()
            .args(["batch", "-", "--summary", "--accounts", mode])
            .write_stdin(input)
            .assert()
            .code(1)
            .stderr(
                predicates::str::contains("row 1 (line 2), column messages")
                    .and(predicates::str::contains("priced per message")),
            );
    }
}

/// The fast line-item path (requests-only rows) writes byte for byte what the full cost model writes:
/// a default request size of 1 KB bills the same (one 512 KB unit) but sends every row through
/// `Pricer::quote`, so the two outputs must be identical.
#[test]
fn fast_line_items_equal_the_cost_models_byte_for_byte() {
    let mut input = String::from("id,api,region,requests\n");
    let mut i = 0;
    for region in [
        "us-east-1",
        "eu-west-1",
        "ap-southeast-2",
        "sa-east-1",
        "af-south-1",
    ] {
        for api in ["rest", "http"] {
            for bound in [
                0u64,
                1,
                300_000_000,
                333_000_000,
                1_000_000_000,
                20_000_000_000,
            ] {
                for v in [bound.saturating_sub(1), bound, bound + 1] {
                    input.push_str(&format!("=c{i},{api},{region},{v}\n"));
                    i += 1;
                }
            }
            input.push_str(&format!("c{i},{api},{region},123456789012345\n"));
            i += 1;
        }
    }
    let run = |extra: &[&str]| {
        let out = common::bin()
            .args(["batch", "-", "--no-progress"])
            .args(extra)
            .write_stdin(input.clone())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let fast = run(&[]);
    let slow = run(&["--request-size", "1KB"]);
    assert_eq!(
        String::from_utf8(fast.clone()).unwrap(),
        String::from_utf8(slow).unwrap()
    );
    // Formula-looking ids are escaped on the fast path too.
    assert!(String::from_utf8(fast)
        .unwrap()
        .contains("\n'=c2,1,us-east-1,rest,line,REST API requests,"));
}

#[cfg(unix)]
#[test]
fn batch_output_files_are_readable_like_any_other_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    common::bin()
        .args(["batch", "-", "--summary", "-o"])
        .arg(&path)
        .write_stdin("id,api,region,requests\na,http,us-east-1,1M\n")
        .assert()
        .success();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

/// `--accounts shared --summary` writes from its spill (pass 1 keeps each row's cells; the CSV is read
/// once): the bytes are those of the two-pass version it replaced (quoted and multi-line ids, CRLF, a
/// rejected row, WebSocket rows on two meters), and stderr counts one pass over the input.
#[test]
fn shared_summary_from_the_spill_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "region,id,api,requests,messages,connection_minutes\r\n\
         us-east-1,\"a, \"\"quoted\"\"\",http,333334,,\r\n\
         us-east-1,b,rest,ten,,\r\n\
         us-east-1,c,http,333334,,\r\n\
         us-east-1,w1,websocket,,1000001,3\r\n\
         us-east-1,\"multi\nline\",http,333334,,\r\n\
         us-east-1,w2,websocket,,2000000,7\r\n",
    );
    let args = ["batch", &input, "--summary", "--accounts", "shared"];
    let out = bin()
        .args(args)
        .args(["--on-error", "skip"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,region,api,requests,messages,connection_minutes,total,billed\n\
         \"a, \"\"quoted\"\"\",us-east-1,http,333334,,,0.333334,0.34\n\
         c,us-east-1,http,333334,,,0.333334,0.33\n\
         w1,us-east-1,websocket,,1000001,3,1.00000175,1.00\n\
         \"multi\nline\",us-east-1,http,333334,,,0.333334,0.33\n\
         w2,us-east-1,websocket,,2000000,7,2.00000175,2.00\n"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("billed 4.00 USD in all across 2 shared accounts (1 pass over the input, 1 over its spill)"),
        "{err}"
    );
}

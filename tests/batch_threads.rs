//! `batch --threads N`: the output, the rejects and the run's summary line are byte for byte those of
//! `--threads 1` (the one-thread path), on inputs of many blocks (64 KB for line items, 256 KB with
//! `--summary`) with bad rows, blank lines,
//! `\r\n` line ends, a quoted cell part way through (the rest read by one thread) and a bad row
//! stopping the run with `--on-error fail`.
mod common;
use common::*;
use std::path::Path;

/// `rows` customers (about 45 bytes a row, so 60,000 rows make 11 blocks), every 997th row bad
/// (an unknown region or an unreadable volume), a blank line every 1,009 rows, some rows with cache
/// (the full cost model) and some with a free tier column left empty.
fn input(rows: usize, eol: &str, quoted_at: Option<usize>) -> String {
    let regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
    let mut s = format!("id,api,region,requests,cache_gb{eol}");
    let mut x: u64 = 12345;
    for i in 1..=rows {
        x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
        let h = x / 65_536;
        let api = if h.is_multiple_of(3) { "rest" } else { "http" };
        let region = regions[(h / 3 % 4) as usize];
        let requests = x % 900_000_000;
        let cache = if api == "rest" && h.is_multiple_of(7) {
            "0.5"
        } else {
            ""
        };
        let id = match quoted_at {
            Some(q) if q == i => format!("\"cust, {i}\""),
            _ => format!("cust-{i:08}"),
        };
        match i % 997 {
            0 => s += &format!("{id},{api},mars-north-1,{requests},{eol}"),
            500 => s += &format!("{id},{api},{region},lots,{eol}"),
            _ => s += &format!("{id},{api},{region},{requests},{cache}{eol}"),
        }
        if i % 1009 == 0 {
            s += eol;
        }
    }
    s
}

/// What a run wrote: exit status, output, rejects, stderr.
fn run(dir: &Path, input: &Path, threads: &str, args: &[&str]) -> (bool, Vec<u8>, Vec<u8>, String) {
    let (out, rejects) = (dir.join("out.csv"), dir.join("rejects.csv"));
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&rejects);
    let o = bin()
        .arg("batch")
        .arg(input)
        .args(["--threads", threads, "--no-progress"])
        .args(args)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let read = |p: &Path| std::fs::read(p).unwrap_or_default();
    (
        o.status.success(),
        read(&out),
        read(&rejects),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Every mode of separate accounts: line items and summary, skipping bad rows into --rejects.
fn same_for_all_threads(text: &str, counts: &[&str]) {
    same_for_all_threads_with(text, counts, &[]);
}

/// `same_for_all_threads` with `extra` arguments (`--accounts shared`).
fn same_for_all_threads_with(text: &str, counts: &[&str], extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, text).unwrap();
    let rejects = dir.path().join("rejects.csv");
    let rejects = rejects.to_str().unwrap();
    for summary in [false, true] {
        let mut args = vec!["--on-error", "skip", "--rejects", rejects];
        args.extend(extra);
        if summary {
            args.push("--summary");
        }
        let one = run(dir.path(), &input, "1", &args);
        assert!(one.0, "{}", one.3);
        assert!(one.2.len() > 1000, "the input has bad rows: {}", one.3);
        if !extra.is_empty() {
            // The shared mode's inputs rate most rows.
            assert!(one.1.len() > 1_000_000, "{} bytes: {}", one.1.len(), one.3);
        }
        for &threads in counts {
            let many = run(dir.path(), &input, threads, &args);
            assert!(many.0, "{}", many.3);
            assert!(
                one.1 == many.1,
                "output differs, --threads {threads}, summary {summary}"
            );
            assert!(one.2 == many.2, "rejects differ, --threads {threads}");
            assert_eq!(one.3, many.3, "--threads {threads}");
        }
    }
}

#[test]
fn lf_input_is_the_same_on_any_number_of_threads() {
    same_for_all_threads(&input(60_000, "\n", None), &["2", "3"]);
}

#[test]
fn crlf_input_is_the_same_on_any_number_of_threads() {
    // Bad rows and blank lines at block starts number their lines as one thread does.
    same_for_all_threads(&input(60_000, "\r\n", None), &["2"]);
}

#[test]
fn every_row_bad_numbers_each_block_start_as_one_thread_does() {
    // Each block then starts with a bad row: its line is counted as the one-thread reader counts it
    // (after `\r\n`, the csv reader puts a row on the line before), blank lines in between.
    for eol in ["\n", "\r\n"] {
        let mut text = format!("id,api,region,requests{eol}c0,http,us-east-1,1{eol}");
        for i in 1..=20_000 {
            text += &format!("customer-{i:08},http,us-east-1,lots{eol}");
            if i % 1009 == 0 {
                text += eol;
            }
        }
        same_for_all_threads(&text, &["2"]);
    }
}

#[test]
fn a_quoted_cell_part_way_through_hands_the_rest_to_one_thread() {
    same_for_all_threads(&input(60_000, "\n", Some(40_000)), &["2"]);
}

/// Shared accounts: pass 1 (the volumes) on N threads, the pools numbered and the spill written as
/// one thread does, so the accounts, the allocated cents and the rejects are the same; with a quoted
/// cell and `\r\n` line ends the rest of pass 1 is read by one thread.
#[test]
fn shared_accounts_are_the_same_on_any_number_of_threads() {
    same_for_all_threads_with(
        &input(60_000, "\n", None),
        &["2", "3"],
        &["--accounts", "shared"],
    );
    same_for_all_threads_with(
        &input(60_000, "\r\n", Some(40_000)),
        &["2"],
        &["--accounts", "shared"],
    );
}

/// Shared accounts whose rows all tie: 30,000 rows of one account with the same volume, so every
/// row's remainder is the same and the leftover cents go to the first rows in input order (some but
/// not all of the tied rows). On N threads the writing pass's segments are formatted by workers, each
/// starting from the ties of the segments before it: the same rows get the cent. From a file and
/// from stdin (spooled; its spill cut into segments by the main thread).
#[test]
fn shared_accounts_tied_rows_get_the_leftover_cents_in_input_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.csv");
    let n = 30_000;
    let mut text = String::from("id,api,region,requests\n");
    for i in 1..=n {
        text += &format!("c{i:06},rest,us-east-1,1000003\n");
    }
    std::fs::write(&path, &text).unwrap();
    let run = |threads: &str, stdin: bool| {
        let mut c = bin();
        c.arg("batch")
            .arg(if stdin {
                Path::new("-")
            } else {
                path.as_path()
            })
            .args(["--threads", threads, "--no-progress", "--summary"])
            .args(["--accounts", "shared"]);
        if stdin {
            c.write_stdin(text.as_bytes());
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (o.stdout, o.stderr)
    };
    let one = run("1", false);
    let cents: Vec<u64> = String::from_utf8_lossy(&one.0)
        .lines()
        .skip(1)
        .map(|l| {
            let c = l.rsplit(',').next().unwrap();
            c.replace('.', "").parse().unwrap()
        })
        .collect();
    assert_eq!(cents.len(), n);
    let (lo, hi) = (cents[n - 1], cents[0]);
    let given = cents.iter().filter(|&&c| c == hi).count();
    assert_eq!(hi, lo + 1, "some rows get a leftover cent");
    assert!(given > 1 && given < n, "{given} of {n} rows get it");
    assert!(
        cents[..given].iter().all(|&c| c == hi) && cents[given..].iter().all(|&c| c == lo),
        "the first rows in input order get the leftover cents"
    );
    // The account's bill: 30,000 x 1,000,003 requests at REST's us-east-1 tiers.
    let billed: u64 = cents.iter().sum();
    assert!(
        String::from_utf8_lossy(&one.1).contains(&format!(
            "billed {}.{:02} USD",
            billed / 100,
            billed % 100
        )),
        "{}",
        String::from_utf8_lossy(&one.1)
    );
    for (threads, stdin) in [("2", false), ("3", false), ("1", true), ("2", true)] {
        let many = run(threads, stdin);
        assert!(
            one.0 == many.0,
            "output differs, --threads {threads}, stdin {stdin}"
        );
        assert_eq!(one.1, many.1, "--threads {threads}, stdin {stdin}");
    }
}

#[test]
fn a_bad_row_in_a_late_block_stops_the_run_with_the_same_message() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    std::fs::write(&input, input_text_with_one_bad_row()).unwrap();
    for extra in [&[][..], &["--accounts", "shared"]] {
        let one = run(dir.path(), &input, "1", extra);
        let two = run(dir.path(), &input, "2", extra);
        assert!(!one.0 && !two.0);
        assert!(
            one.3
                .contains("row 50000 (line 50002), column region, value 'mars-north-1'"),
            "{}",
            one.3
        );
        assert_eq!(one.3, two.3);
        assert!(two.1.is_empty(), "a failed run leaves no output");
    }
}

/// 60,000 good rows but the 50,000th (line 50,002: a blank line comes before it).
fn input_text_with_one_bad_row() -> String {
    let mut s = String::from("id,api,region,requests\n\n");
    for i in 1..=60_000 {
        let region = if i == 50_000 {
            "mars-north-1"
        } else {
            "us-east-1"
        };
        s += &format!("c{i},http,{region},{}\n", i * 1000);
    }
    s
}

/// The output on stdout (the workers write through a duplicate of its descriptor) and, after a quoted
/// cell, the one-thread reader's rows behind theirs.
#[test]
fn stdout_is_the_same_on_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    for quoted in [None, Some(40_000)] {
        let path = dir.path().join("in.csv");
        std::fs::write(&path, input(60_000, "\n", quoted)).unwrap();
        for summary in [false, true] {
            let out = |threads: &str| {
                let mut c = bin();
                c.arg("batch").arg(&path);
                c.args(["--threads", threads, "--no-progress", "--on-error", "skip"]);
                if summary {
                    c.arg("--summary");
                }
                let o = c.output().unwrap();
                assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
                (o.stdout, o.stderr)
            };
            let (one, two) = (out("1"), out("2"));
            assert!(one.0.len() > 2_000_000, "{} bytes", one.0.len());
            assert!(
                one == two,
                "stdout differs, summary {summary}, quoted {quoted:?}"
            );
        }
    }
}

/// A write that fails (a full device) ends the run with the one-thread path's message.
#[test]
fn a_failed_write_is_reported_as_one_thread_reports_it() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return; // Linux only
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.csv");
    std::fs::write(&path, input(60_000, "\n", None)).unwrap();
    let run = |threads: &str| {
        let o = bin()
            .arg("batch")
            .arg(&path)
            .args(["--threads", threads, "--no-progress", "--on-error", "skip"])
            .args(["-o", "/dev/full"])
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let (one, two) = (run("1"), run("2"));
    assert_ne!(one.0, Some(0));
    assert!(one.1.contains("/dev/full"), "{}", one.1);
    assert_eq!(one, two);
}

#[test]
fn threads_must_be_from_1_to_64() {
    for bad in ["0", "65", "two"] {
        bin()
            .args(["batch", "x.csv", "--threads", bad])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--threads"));
    }
}

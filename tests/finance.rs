//! Finance-grade outputs (issue 14): every row rated or rejected, cents that add up in every command,
//! the finance CSV for spreadsheets, warnings in every format, calendar months, the always-free
//! allowances. Figures worked by hand from the us-east-1 tables (HTTP $1.00/M to 300M; REST $3.50/M
//! first 333M; ALB $0.0225/hour + $0.008/LCU-hour; Lambda $0.20/M requests, $0.0000166667/GB-s x86;
//! REST cache 0.5 GB $0.020/hour; internet egress $0.09/GB first 10 TB).
mod common;
use common::*;
use predicates::prelude::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A shared account once billed an ALB row of a requests-only input $0.00 without a word (the fast
/// path's rows carry no workload, and the kind was only checked on rows that had one).
#[test]
fn a_shared_account_rejects_an_alb_row_instead_of_billing_it_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "f.csv",
        "id,api,region,requests\nu1,alb,,10M\nu2,http,,1M\n",
    );
    bin()
        .args(["batch", &input, "--accounts", "shared", "--summary"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "row 1 (line 2), column api, value 'alb'",
        ));
    let rejects = dir.path().join("rejects.csv");
    let out = bin()
        .args(["batch", &input, "--accounts", "shared", "--summary"])
        .args(["--on-error", "skip", "--rejects"])
        .arg(&rejects)
        .output()
        .unwrap();
    assert!(out.status.success());
    // u2: 1M HTTP requests x $1.00/M = $1.00, the only row rated.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,api,region,requests,total,billed\nu2,http,,1M,1.00,1.00\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("2 rows read, 1 rated, 1 rejected"),
        "{stderr}"
    );
    let r = std::fs::read_to_string(&rejects).unwrap();
    assert!(r.contains("1,2,api,alb,"), "{r}");
    // function-url is refused the same way.
    let input = write(
        dir.path(),
        "g.csv",
        "id,api,region,requests\nu1,function-url,,1M\n",
    );
    bin()
        .args(["batch", &input, "--accounts", "shared", "--summary"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("value 'function-url'"));
}

//! `review` of a profile with ranges (issue 30): a "How sure is this" section with the bands, the
//! probability that the recommendation is right, the three inputs that matter most and the flip points,
//! and the tornado chart; a profile of points gets none of it (its snapshots are unchanged).
mod common;
use common::*;

#[test]
fn a_profile_with_ranges_gets_how_sure_is_this_and_the_tornado() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    bin()
        .args([
            "review",
            "examples/profiles/orders-uncertain.toml",
            "--date",
            "2026-12-01",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    let at = md.find("How sure is this").expect("the section");
    let section = &md[at..md[at..]
        .find("Reproduce with:")
        .map_or(md.len(), |e| at + e)];
    for s in [
        "Cheapest in",
        "Range: requests p10=60M,p50=100M,p90=180M (log-normal, profile, line 7",
        "Probability the recommendation is right: ",
        "The inputs that matter most",
        "1. Lambda duration",
        "Where the answer flips",
    ] {
        assert!(section.contains(s), "{s} not in {section}");
    }
    assert!(md.contains("apigw-cost sensitivity --profile examples/profiles/orders-uncertain.toml"));
    assert!(out.join("tornado.svg").exists() && out.join("tornado.png").exists());
    assert!(md.contains("[`tornado.svg`](tornado.svg)"));
    // The numbered sections still count up: How sure is this is section 6, after the cost.
    assert!(md.contains("## 6. How sure is this"), "{md}");
}

#[test]
fn a_profile_of_points_gets_no_such_section() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    bin()
        .args([
            "review",
            "data/profiles/partner-api-review.toml",
            "--date",
            "2026-12-01",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(!md.contains("How sure is this"));
    assert!(!out.join("tornado.svg").exists());
}

//! Issue 29: features new since 2025 in data/features.json, each with its launch month ("?" where no
//! stored source dates it) and sources, picked up by `features` and `--needs`.
mod common;
use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn feature<'a>(j: &'a Value, id: &str) -> &'a Value {
    j["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("{id} in features"))
}

#[test]
fn the_new_features_have_dates_sources_and_support() {
    let j = json(&["features"]);
    // (id, since, rest, http): support for the two gateway kinds the choice is about.
    for (id, since, rest, http) in [
        ("routing-rules", "2025-06", "yes", "no"),
        ("private-alb-integration", "2025-11", "yes", "yes"),
        ("dual-stack", "?", "yes", "yes"),
        ("enhanced-tls-policies", "?", "yes", "no"),
        // REST's JWT authorizers: no stored source dates the launch.
        ("jwt-authorizer", "?", "yes", "yes"),
    ] {
        let f = feature(&j, id);
        assert_eq!(f["since"], since, "{id}");
        assert_eq!(f["support"]["rest"], rest, "{id}");
        assert_eq!(f["support"]["http"], http, "{id}");
        // Every source cited is in the sources list, with a URL and the date it was read.
        for s in f["sources"].as_array().unwrap() {
            let src = &j["sources"][s.as_str().unwrap()];
            assert!(
                src["url"].as_str().unwrap().starts_with("https://"),
                "{id}: {s}"
            );
            assert!(src["read_on"].is_string(), "{id}: {s}");
        }
    }
    // The ALB's body limit is Lambda's: partial, said in the note.
    let p = feature(&j, "payload-over-10mb");
    assert_eq!(p["support"]["alb"], "partial");
    assert!(p["note"]
        .as_str()
        .unwrap()
        .contains("no body limit with instance or IP targets"));
}

#[test]
fn the_table_shows_them_with_their_dates() {
    bin().arg("features").assert().success().stdout(
        predicate::str::contains("(routing-rules)")
            .and(predicate::str::contains("routing-rules: since 2025-06."))
            .and(predicate::str::contains(
                "private-alb-integration: since 2025-11.",
            ))
            .and(predicate::str::contains("dual-stack: since ?."))
            .and(predicate::str::contains("enhanced-tls-policies: since ?."))
            .and(predicate::str::contains("jwt-authorizer: since ?.")),
    );
    // CSV carries the date in its own column.
    bin()
        .args(["features", "--format", "csv"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("workaround,note,since,sources")
                .and(predicate::str::contains(",2025-06,AWS-ROUTING-RULES-2025")),
        );
}

#[test]
fn needs_flags_the_options_that_lack_them() {
    // 10M requests: REST $35.00, HTTP $10.00; HTTP lacks routing rules and enhanced TLS policies, both
    // have dual-stack endpoints and private integrations to an ALB.
    let j = json(&[
        "compare",
        "--requests",
        "10M",
        "--needs",
        "routing-rules,enhanced-tls-policies,dual-stack,private-alb-integration",
    ]);
    let gaps = |api: &str| -> Vec<String> {
        j["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["api"] == api)
            .unwrap()["feature_gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["feature"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(gaps("rest").is_empty(), "{j}");
    assert_eq!(gaps("http"), vec!["routing-rules", "enhanced-tls-policies"]);
    let headline = j["headline"].to_string();
    assert!(
        headline.contains("REST API is the cheapest option that meets")
            && headline.contains("$35.00"),
        "{headline}"
    );
    // An unknown name is still refused, listing the new ones among the known.
    bin()
        .args(["compare", "--requests", "1M", "--needs", "ipv6-only"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("dual-stack").and(predicate::str::contains("routing-rules")),
        );
}

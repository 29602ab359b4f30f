//! Hand-computed quotes outside us-east-1, from the tier tables of data/prices.json (written out here).
mod common;
use common::*;

#[test]
fn eu_west_1_rest_across_three_tiers() {
    // eu-west-1 REST: 3.50 / 3.19 / 2.71 / 1.72 per M, bounds 333M / 1B / 20B.
    // 1.5B = 333M x 3.50 + 667M x 3.19 + 500M x 2.71 = 1,165.50 + 2,127.73 + 1,355.00 = 4,648.23
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "1.5B",
            "--region",
            "eu-west-1"
        ]),
        d("4648.23")
    );
    // eu-west-1 HTTP: 1.11 / 1.00, bound 300M. 100M x 1.11 = 111.00
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "100M",
            "--region",
            "eu-west-1"
        ]),
        d("111.00")
    );
}

#[test]
fn ap_southeast_2_tiers_one_and_two_share_a_price() {
    // ap-southeast-2 REST: 3.50 / 3.50 / 2.98 / 1.89 (tiers 1 and 2 are AWS's single 0-1B dimension).
    // 333,000,000 = 333 x 3.50 = 1,165.50 ; 333,000,001 adds one request at 3.50/M = 0.0000035
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "333000000",
            "--region",
            "ap-southeast-2"
        ]),
        d("1165.50")
    );
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "333000001",
            "--region",
            "ap-southeast-2"
        ]),
        d("1165.5000035")
    );
    // 1B = 1,000 x 3.50 = 3,500 (no price change at 333M); 2B adds 1B x 2.98 = 2,980
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "1B",
            "--region",
            "ap-southeast-2"
        ]),
        d("3500.00")
    );
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "2B",
            "--region",
            "ap-southeast-2"
        ]),
        d("6480.00")
    );
}

#[test]
fn us_east_1_exact_boundaries() {
    // REST: 333,000,000 all in tier 1; the next request is tier 2 at 2.80/M = 0.0000028
    assert_eq!(
        quote_total(&["--api", "rest", "--requests", "333000000"]),
        d("1165.50")
    );
    assert_eq!(
        quote_total(&["--api", "rest", "--requests", "333000001"]),
        d("1165.5000028")
    );
    // HTTP: 300,000,000 x 1.00 = 300; the next at 0.90/M = 0.0000009
    assert_eq!(
        quote_total(&["--api", "http", "--requests", "300000000"]),
        d("300.00")
    );
    assert_eq!(
        quote_total(&["--api", "http", "--requests", "300000001"]),
        d("300.0000009")
    );
    let j = json(&["quote", "--api", "rest", "--requests", "333000001"]);
    let lines = j["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["tier"], 2);
    assert_eq!(lines[1]["quantity"], "1");
    assert_eq!(lines[1]["unit_price"], "0.0000028");
}

#[test]
fn sa_east_1_and_ap_northeast_1() {
    // sa-east-1 REST 4.25 / 4.25 / 3.61 / 2.29: 400M = 400 x 4.25 = 1,700.00
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "400M",
            "--region",
            "sa-east-1"
        ]),
        d("1700.00")
    );
    // sa-east-1 HTTP 1.59 / 1.43: 500M = 300 x 1.59 + 200 x 1.43 = 477 + 286 = 763
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "500M",
            "--region",
            "sa-east-1"
        ]),
        d("763.00")
    );
    // ap-northeast-1 REST 4.25 / 3.53: 500M = 333 x 4.25 + 167 x 3.53 = 1,415.25 + 589.51 = 2,004.76
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "500M",
            "--region",
            "ap-northeast-1"
        ]),
        d("2004.76")
    );
    // ap-northeast-1 WebSocket 1.26 / 1.06 per M messages, 0.315 per M minutes:
    // 2B messages = 1,000 x 1.26 + 1,000 x 1.06 = 2,320 ; 4M minutes x 0.315 = 1.26 ; total 2,321.26
    assert_eq!(
        quote_total(&[
            "--api",
            "websocket",
            "--messages",
            "2B",
            "--connection-minutes",
            "4M",
            "--region",
            "ap-northeast-1"
        ]),
        d("2321.26")
    );
}

#[test]
fn regions_side_by_side() {
    let j = json(&[
        "compare",
        "--requests",
        "100M",
        "--regions",
        "us-east-1,eu-west-1,sa-east-1",
    ]);
    let totals: Vec<(String, String, String)> = j["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["region"].as_str().unwrap().into(),
                o["api"].as_str().unwrap().into(),
                o["total"].as_str().unwrap().into(),
            )
        })
        .collect();
    // us-east-1 350/100, eu-west-1 350/111, sa-east-1 425/159
    assert!(totals.contains(&("eu-west-1".into(), "http".into(), "111.00".into())));
    assert!(totals.contains(&("sa-east-1".into(), "rest".into(), "425.00".into())));
    assert!(totals.contains(&("sa-east-1".into(), "http".into(), "159.00".into())));
    assert_eq!(j["regions"].as_array().unwrap().len(), 3);
}

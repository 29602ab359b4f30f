//! Properties of the cost model over random inputs: cost never falls as volume grows; a total is the
//! sum of its lines; table, JSON and CSV of the same quote carry the same figures to the cent.
mod common;
use common::*;

use apigw_cost::model::api::ApiKind;
use apigw_cost::model::catalog::Catalog;
use apigw_cost::model::cost::Pricer;
use apigw_cost::model::free_tier::Allowance;
use apigw_cost::model::workload::Workload;
use apigw_cost::money::to_cents;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn regions() -> Vec<String> {
    Catalog::embedded()
        .unwrap()
        .regions
        .keys()
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cost_never_falls_as_volume_grows(region_ix in 0usize..36, a in 0u64..40_000_000_000, extra in 0u64..5_000_000_000, size in 0u32..3000) {
        let catalog = Catalog::embedded().unwrap();
        let region = &regions()[region_ix];
        let pricer = Pricer::new(&catalog, region).unwrap();
        for kind in [ApiKind::Rest, ApiKind::Http] {
            if !pricer.region.prices(kind) { continue; }
            let mut w = Workload::requests(Decimal::from(a));
            w.request_size_kb = Some(Decimal::from(size));
            let lo = pricer.quote(kind, &w, &Allowance::default()).unwrap();
            let hi = pricer.quote(kind, &w.with_requests(Decimal::from(a + extra)), &Allowance::default()).unwrap();
            prop_assert!(hi.total >= lo.total, "{kind} in {region}: {} requests cost {} but {} cost {}", a, lo.total, a + extra, hi.total);
        }
    }

    #[test]
    fn total_is_the_sum_of_lines(region_ix in 0usize..36, requests in 0u64..100_000_000_000, legacy in any::<bool>(), credit in 0i64..50_000) {
        let catalog = Catalog::embedded().unwrap();
        let region = &regions()[region_ix];
        let pricer = Pricer::new(&catalog, region).unwrap();
        let allowance = Allowance { legacy_units: legacy, always_free: legacy, credit: Decimal::new(credit, 2) };
        for kind in [ApiKind::Rest, ApiKind::Http] {
            if !pricer.region.prices(kind) { continue; }
            let q = pricer.quote(kind, &Workload::requests(Decimal::from(requests)), &allowance).unwrap();
            prop_assert_eq!(q.total, q.lines.iter().map(|l| l.amount).sum::<Decimal>());
            prop_assert!(q.total >= Decimal::ZERO);
        }
    }
}

/// Parses "$1,234.56" from a table cell.
fn table_money(s: &str) -> Decimal {
    s.trim()
        .trim_start_matches('$')
        .replace(',', "")
        .parse()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn table_json_and_csv_agree_to_the_cent(requests in 0u64..30_000_000_000, api in prop::sample::select(vec!["rest", "http"]), region in prop::sample::select(vec!["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1"])) {
        let n = requests.to_string();
        let args = ["quote", "--api", api, "--requests", n.as_str(), "--region", region];
        let j = json(&args);
        let exact_total = money(&j["total_exact"]);
        let json_lines: Vec<Decimal> = j["lines"].as_array().unwrap().iter().map(|l| money(&l["amount"])).collect();

        let csv_out = bin().args(args).args(["--format", "csv"]).output().unwrap();
        let mut rdr = csv::Reader::from_reader(csv_out.stdout.as_slice());
        // period,region,api,row_type,component,...,amount (11),amount_exact (12): note rows last.
        let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).filter(|r| &r[3] != "note").collect();
        let (total_row, line_rows) = rows.split_last().unwrap();
        prop_assert_eq!(&total_row[3], "total");
        prop_assert_eq!(&total_row[4], "TOTAL");
        prop_assert_eq!(total_row[12].parse::<Decimal>().unwrap(), exact_total);
        prop_assert_eq!(total_row[11].parse::<Decimal>().unwrap(), to_cents(exact_total));
        let csv_lines: Vec<Decimal> = line_rows.iter().map(|r| r[11].parse().unwrap()).collect();
        prop_assert_eq!(&csv_lines, &json_lines);
        let json_exact: Vec<Decimal> = j["lines"].as_array().unwrap().iter().map(|l| money(&l["amount_exact"])).collect();
        let csv_exact: Vec<Decimal> = line_rows.iter().map(|r| r[12].parse().unwrap()).collect();
        prop_assert_eq!(&csv_exact, &json_exact);

        let table = String::from_utf8(bin().args(args).output().unwrap().stdout).unwrap();
        let amounts: Vec<Decimal> = table
            .lines()
            .filter(|l| l.starts_with('│'))
            .skip(1)
            .map(|l| table_money(l.split('┆').next_back().unwrap().trim_end_matches('│')))
            .collect();
        let (t_total, t_lines) = amounts.split_last().unwrap();
        prop_assert_eq!(*t_total, to_cents(exact_total));
        prop_assert_eq!(t_lines.len(), json_lines.len());
        // The table shows each line with the same cents as JSON and CSV, within a cent of exact.
        prop_assert_eq!(t_lines, &json_lines[..]);
        for (shown, exact) in t_lines.iter().zip(&json_exact) {
            prop_assert!((*shown - *exact).abs() < d("0.01"), "table shows {} for exact {}", shown, exact);
        }
        prop_assert_eq!(t_lines.iter().copied().sum::<Decimal>(), *t_total);
    }
}

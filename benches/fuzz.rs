//! Fuzzing every parser and the cost model: arbitrary and structured-random input, no panic allowed.
//!
//! Not part of `cargo test` (it takes minutes): run `bash scripts/fuzz.sh` (1,000,000 cases per target)
//! or `cargo bench --bench fuzz -- --cases N --only TARGET`. Each target feeds generated input to one
//! parser (or the cost model) inside `catch_unwind`; a panic stops the run and prints the input that
//! caused it (escaped, shortened) and the seed to replay it. Inputs are a mix of random bytes and
//! mutations of valid documents (the embedded catalog, latency data, profiles, AWS's price file): byte
//! flips, inserted tokens and extreme numbers, deleted and duplicated spans, truncation, and for JSON
//! structured edits (a random value replaced by an extreme one, a key removed).
//!
//! Targets: numbers (every number, size, rate and option parser), profile (TOML and JSON, then the
//! workload it describes priced), catalog (validation, then quotes), latency (data validation, then a
//! short simulation), import (AWS's metered-unit map onto the catalog), quote (random workloads on every
//! option in every region), batch (1 generated CSV row per case, separate and shared accounts),
//! cloudwatch (`import cloudwatch`'s results and queries files, then assembled and derived), bills
//! (mutated CUR, FOCUS, gzip and Parquet bills read and reconciled).

use std::collections::BTreeMap;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use rust_decimal::Decimal;
use serde_json::Value;

use apigw_cost::batch::{self, Accounts, Defaults, OnError, Options};
use apigw_cost::cli::TrafficArgs;
use apigw_cost::model::api::ApiKind;
use apigw_cost::model::catalog::{Catalog, EMBEDDED};
use apigw_cost::model::free_tier::FreeTier;
use apigw_cost::model::latency::{self, Given, LatencyData, LatencyOptions};
use apigw_cost::model::profile::LoadedProfile;
use apigw_cost::model::workload::{CacheConfig, LambdaBackend, Workload};
use apigw_cost::model::{breakeven, cost::Pricer, import, numbers};

/// SplitMix64: fast, seedable, good enough to drive a fuzzer.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// Numbers and words that break naive parsers.
const EXTREMES: &[&str] = &[
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "-79228162514264337593543950335",
    "7.9e28",
    "1e-28",
    "0.0000000000000000000000000001",
    "1.0000000000000000000000000000000001",
    "1e999",
    "-1e999",
    "1e-999",
    "-1",
    "-0",
    "0",
    "1",
    "0.5",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "340282366920938463463374607431768211456",
    "NaN",
    "inf",
    "-inf",
    "",
    " ",
    "1_000_000",
    "1,000",
    "1.5M",
    "1e9",
    "100%",
    "101%",
    "-5%",
    "10KB",
    "10MB",
    "1e30MB",
    "x",
    "\u{1b}]0;t\u{7}",
    "\u{0}",
    "١٢٣",
];

/// Syntax fragments inserted into documents.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "=",
    ":",
    ",",
    ".",
    "[[",
    "]]",
    "#",
    "\n",
    "\\",
    "null",
    "true",
    "[]",
    "{}",
    "a.b.c = 1",
    "requests = 1",
    "rps = 5",
];

fn extreme(rng: &mut Rng) -> String {
    if rng.chance(3) {
        // A random decimal of random length and scale.
        let len = 1 + rng.below(40);
        let mut s: String = (0..len)
            .map(|_| char::from(b'0' + rng.below(10) as u8))
            .collect();
        if rng.chance(2) {
            let at = rng.below(s.len() + 1);
            s.insert(at, '.');
        }
        if rng.chance(4) {
            s.insert(0, '-');
        }
        s
    } else {
        rng.pick(EXTREMES).to_string()
    }
}

/// Byte-level mutations of a text document.
fn mutate_text(rng: &mut Rng, seed: &str) -> String {
    let mut b = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(8) {
            0 if !b.is_empty() => {
                let i = at.min(b.len() - 1);
                b[i] = rng.next() as u8;
            }
            1 => b.splice(at..at, rng.pick(TOKENS).bytes()).for_each(drop),
            2 => {
                let end = (at + 1 + rng.below(32)).min(b.len());
                b.drain(at.min(end)..end);
            }
            3 => {
                let end = (at + 1 + rng.below(64)).min(b.len());
                let span = b[at.min(end)..end].to_vec();
                let to = rng.below(b.len() + 1);
                b.splice(to..to, span).for_each(drop);
            }
            4 => {
                // Replace the next run of digits with an extreme number.
                let start = b[at.min(b.len())..]
                    .iter()
                    .position(u8::is_ascii_digit)
                    .map(|p| p + at);
                if let Some(s) = start {
                    let end = b[s..]
                        .iter()
                        .position(|c| !(c.is_ascii_digit() || *c == b'.'))
                        .map_or(b.len(), |p| p + s);
                    b.splice(s..end, extreme(rng).into_bytes()).for_each(drop);
                }
            }
            5 => b.truncate(at),
            6 => {
                let junk: Vec<u8> = (0..1 + rng.below(8)).map(|_| rng.next() as u8).collect();
                b.splice(at..at, junk).for_each(drop);
            }
            _ => {}
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

/// A random node of a JSON document replaced by an extreme value, or removed.
fn mutate_json(rng: &mut Rng, v: &mut Value, depth: usize) {
    let descend = depth < 12 && rng.below(5) != 0;
    match v {
        Value::Object(m) if descend && !m.is_empty() => {
            let key = m
                .keys()
                .nth(rng.below(m.len()))
                .cloned()
                .unwrap_or_default();
            if rng.chance(12) {
                m.remove(&key);
            } else if let Some(child) = m.get_mut(&key) {
                mutate_json(rng, child, depth + 1);
            }
        }
        Value::Array(a) if descend && !a.is_empty() => {
            let i = rng.below(a.len());
            match rng.below(10) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let dup = a[i].clone();
                    a.insert(i, dup);
                }
                _ => mutate_json(rng, &mut a[i], depth + 1),
            }
        }
        _ => {
            *v = match rng.below(6) {
                0 => Value::Null,
                1 => Value::Array(vec![]),
                2 => serde_json::from_str(&extreme(rng)).unwrap_or(Value::Null),
                3 => Value::Bool(rng.chance(2)),
                _ => Value::String(extreme(rng)),
            }
        }
    }
}

/// One document input: structured (JSON edits), textual (byte edits) or random bytes.
fn document(rng: &mut Rng, seed_text: &str, seed_json: Option<&Value>) -> String {
    match (rng.below(10), seed_json) {
        (0..=4, Some(j)) => {
            let mut v = j.clone();
            for _ in 0..1 + rng.below(3) {
                mutate_json(rng, &mut v, 0);
            }
            v.to_string()
        }
        (9, _) => {
            let n = rng.below(200);
            (0..n).map(|_| char::from(rng.next() as u8)).collect()
        }
        _ => mutate_text(rng, seed_text),
    }
}

/// Shows an input safely: escaped, at most 300 characters.
fn show(s: &str) -> String {
    let e = s.escape_debug().to_string();
    if e.chars().count() > 300 {
        format!(
            "{}... ({} bytes)",
            e.chars().take(300).collect::<String>(),
            s.len()
        )
    } else {
        e
    }
}

/// Runs `cases` cases of one target; a panic ends the process with the input and seed.
/// Where the last panic happened (set by the panic hook).
static LAST_PANIC: Mutex<String> = Mutex::new(String::new());

/// A case records its input in `input` before it feeds it to the code under test. A panic ends the run,
/// or with `--keep-going` is counted, one example input kept per panic site.
fn run(name: &str, cases: u64, seed: u64, mut case: impl FnMut(&mut Rng, &mut String)) {
    let start = Instant::now();
    let mut rng = Rng(seed);
    let mut input = String::new();
    let mut sites: BTreeMap<String, (u64, String)> = BTreeMap::new();
    for i in 0..cases {
        input.clear();
        let r = panic::catch_unwind(AssertUnwindSafe(|| case(&mut rng, &mut input)));
        if r.is_err() {
            let site = LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default();
            if !keep_going() {
                eprintln!(
                    "fuzz {name}: PANIC at case {i} (seed {seed}) {site}; input: {}",
                    show(&input)
                );
                std::process::exit(1);
            }
            sites.entry(site).or_insert((0, show(&input))).0 += 1;
        }
    }
    let mut verdict = if sites.is_empty() {
        "no panic".to_string()
    } else {
        format!("{} PANIC SITES", sites.len())
    };
    // The memory bound: the process's peak resident set so far (Linux; every target before this one
    // counted too), at most MAX_RSS_MB.
    let rss = peak_rss_mb();
    if let Some(mb) = rss {
        verdict.push_str(&format!(", peak RSS {mb} MB"));
        if mb > MAX_RSS_MB {
            verdict.push_str(&format!(" OVER the {MAX_RSS_MB} MB bound"));
            FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    println!(
        "fuzz {name:<8} {cases:>9} cases  {:>7.1} s  {verdict}",
        start.elapsed().as_secs_f64()
    );
    for (site, (n, example)) in &sites {
        println!("  {n:>8} x {site}; e.g. {example}");
    }
    let _ = std::io::stdout().flush();
    if !sites.is_empty() {
        FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The most resident memory a fuzz run may reach: every input is small (a mutated fixture), so a reader
/// that needs more is holding what it should not.
const MAX_RSS_MB: u64 = 256;

/// Peak resident set size of this process in MB (`VmHWM` of /proc/self/status), where Linux gives it.
fn peak_rss_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.div_ceil(1024))
}

static FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn keep_going() -> bool {
    std::env::args().any(|a| a == "--keep-going")
}

fn numbers_target(rng: &mut Rng, input: &mut String) {
    let s = if rng.chance(2) {
        extreme(rng) + *rng.pick(&["", "k", "M", "B", "KB", "MB", "%", "x", " ", ",5"])
    } else {
        let n = rng.below(24);
        (0..n)
            .map(|_| {
                *rng.pick(&[
                    '1', '0', '9', '.', ',', '_', 'e', '-', '+', 'M', 'K', 'B', '%', ' ', 'é', '٣',
                ])
            })
            .collect()
    };
    input.push_str(&s);
    let _ = numbers::parse_amount(&s);
    let _ = numbers::parse_count(&s);
    let _ = numbers::parse_size_kb(&s);
    let _ = numbers::parse_rate(&s);
    let _ = numbers::parse_fraction(&s);
    let _ = numbers::parse_peak_factor(&s);
    let _ = numbers::parse_positive(&s);
    if let Ok(r) = numbers::parse_amount(&s) {
        let _ = numbers::requests_from_rps(r);
    }
    let _ = Given::parse(&s);
    let _ = FreeTier::parse(&s);
    let _ = FreeTier::parse(&format!("credits:{s}"));
    let _ = breakeven::OptionSpec::parse_pair(&s);
    let _ = ApiKind::parse(&s);
}

/// A random workload, often extreme.
fn workload(rng: &mut Rng) -> Workload {
    let num = |rng: &mut Rng| -> Decimal {
        extreme(rng)
            .trim_end_matches('%')
            .parse()
            .unwrap_or(Decimal::ONE)
    };
    let mut w = Workload::requests(num(rng).abs());
    if rng.chance(2) {
        w.request_size_kb = Some(num(rng).abs());
    }
    if rng.chance(2) {
        w.response_size_kb = Some(num(rng).abs());
    }
    if rng.chance(3) {
        w.messages = Some(num(rng).abs());
        w.message_size_kb = Some(num(rng).abs());
        w.connection_minutes = Some(num(rng).abs());
    }
    if rng.chance(4) {
        w.cache = Some(CacheConfig {
            size_gb: match rng.below(3) {
                0 => Decimal::new(5, 1),
                1 => Decimal::from(237),
                _ => num(rng),
            },
            hit_rate: num(rng).abs().min(Decimal::ONE),
        });
    }
    if rng.chance(3) {
        w.backend = Some(LambdaBackend {
            duration_ms: num(rng).abs(),
            memory_mb: num(rng).abs(),
            arch: Default::default(),
        });
    }
    if rng.chance(4) {
        w.alb.requests_per_connection = num(rng).abs();
        w.alb.rule_evaluations_per_request = num(rng).abs();
    }
    w
}

const KINDS: [ApiKind; 5] = [
    ApiKind::Rest,
    ApiKind::Http,
    ApiKind::WebSocket,
    ApiKind::Alb,
    ApiKind::FunctionUrl,
];

fn quote_all(c: &Catalog, region: &str, w: &Workload) {
    if let Ok(p) = Pricer::new(c, region) {
        for k in KINDS {
            let free = FreeTier::Legacy {
                account_age_months: 0,
            };
            let _ = p.quote(k, w, &free.month(0, free.initial_credit()));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let cases: u64 = opt("--cases")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let seed: u64 = opt("--seed").and_then(|s| s.parse().ok()).unwrap_or(42);
    let only = opt("--only");
    let on = |t: &str| only.as_deref().is_none_or(|o| o == t);
    // Keep panics quiet: the harness reports them itself, with the site the hook records.
    panic::set_hook(Box::new(|info| {
        // The first frame in this crate's own source says where the unchecked arithmetic is.
        let trace = std::backtrace::Backtrace::force_capture().to_string();
        let own = trace
            .lines()
            .map(str::trim)
            .find(|l| {
                l.starts_with("at ./src/") || l.contains("/src/model/") || l.contains("/src/batch/")
            })
            .map(str::to_string);
        let site = own.unwrap_or_else(|| {
            info.location()
                .map(|l| format!("at {}:{}", l.file(), l.line()))
                .unwrap_or_default()
        });
        let msg = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if let Ok(mut s) = LAST_PANIC.lock() {
            *s = format!("{site} ({})", msg.chars().take(80).collect::<String>());
        }
    }));

    if on("numbers") {
        run("numbers", cases, seed, numbers_target);
    }
    let embedded = Catalog::embedded().expect("the embedded catalog is valid");
    let regions: Vec<String> = embedded.regions.keys().cloned().collect();
    if on("quote") {
        run("quote", cases, seed, |rng, input| {
            let w = workload(rng);
            let region = rng.pick(&regions).clone();
            *input = format!("{region}: {w:?}");
            quote_all(&embedded, &region, &w);
        });
    }
    if on("profile") {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/profiles");
        let seeds: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .collect();
        let json_seed = r#"{"name":"j","api":"http","requests":"100M","request_size":"2KB","cache":{"size_gb":"0.5","hit_rate":"50%"},"backend":{"kind":"lambda","duration_ms":100,"memory_mb":512,"arch":"arm"},"websocket":{"messages":"1B","connection_minutes":"10M"},"months":12,"growth":"5%"}"#;
        let json_val: Value = serde_json::from_str(json_seed).unwrap();
        run("profile", cases, seed, |rng, input| {
            let (text, name) = if rng.chance(3) {
                (document(rng, json_seed, Some(&json_val)), "p.json")
            } else {
                {
                    let seed_text = rng.pick(&seeds).clone();
                    (document(rng, &seed_text, None), "p.toml")
                }
            };
            input.push_str(&text);
            if let Ok(lp) = LoadedProfile::parse(name, &text) {
                let mut t = TrafficArgs::default();
                if t.apply_profile(&lp).is_ok() {
                    if let Ok(w) = t.workload() {
                        quote_all(&embedded, "us-east-1", &w);
                    }
                }
            }
        });
    }
    if on("catalog") {
        // Two regions keep a case fast; every structure of the full file is still there.
        let mut small: Value = serde_json::from_str(EMBEDDED).unwrap();
        if let Some(Value::Object(r)) = small.get_mut("regions") {
            r.retain(|k, _| k == "us-east-1" || k == "ap-southeast-1");
        }
        let small_text = small.to_string();
        let w = Workload::requests(Decimal::from(1_000_000_000u64));
        run("catalog", cases, seed, |rng, input| {
            let text = document(rng, &small_text, Some(&small));
            input.push_str(&text);
            if let Ok(c) = Catalog::from_json(&text, "fuzz") {
                for r in c.regions.keys() {
                    quote_all(&c, r, &w);
                }
            }
        });
    }
    if on("latency") {
        let seed_text = apigw_cost::model::latency::data::EMBEDDED;
        let seed_json: Value = serde_json::from_str(seed_text).unwrap();
        run("latency", cases, seed, |rng, input| {
            let text = document(rng, seed_text, Some(&seed_json));
            input.push_str(&text);
            if let Ok(d) = LatencyData::parse(&text, "fuzz") {
                for api in [ApiKind::Rest, ApiKind::Http] {
                    let mut o = LatencyOptions::new(api);
                    o.lambda = rng.chance(2);
                    o.handler = o.lambda.then_some(Given {
                        p50: 20.0,
                        p99: 80.0,
                    });
                    let _ = latency::estimate(&d, &o, 64, 1);
                }
            }
        });
    }
    if on("import") {
        let map_text = include_str!(
            "../tests/fixtures/aws-meteredUnitMaps-apigateway-USD-published-2025-10-20.json"
        );
        let mut map: Value = serde_json::from_str(map_text).unwrap();
        if let Some(Value::Object(r)) = map.get_mut("regions") {
            let keep: Vec<String> = r.keys().take(3).cloned().collect();
            r.retain(|k, _| keep.contains(k));
        }
        let small_map = map.to_string();
        let mut base: Value = serde_json::from_str(EMBEDDED).unwrap();
        if let Some(Value::Object(r)) = base.get_mut("regions") {
            r.retain(|k, _| ["us-west-2", "us-west-1", "us-east-2"].contains(&k.as_str()));
        }
        let base_text = base.to_string();
        run("import", cases, seed, |rng, input| {
            let text = document(rng, &small_map, Some(&map));
            input.push_str(&text);
            let _ = import::import_metered_unit_map(&base_text, "base", &text, "fuzz");
        });
    }
    if on("import-datatransfer") {
        // AWS's data-transfer map in the shape AWS publishes it (issue 29), three locations the base
        // knows and one it does not.
        let map_text = include_str!("../tests/fixtures/datatransfer-map-SHAPE-2025-08-28.json");
        let mut map: Value = serde_json::from_str(map_text).unwrap();
        if let Some(Value::Object(r)) = map.get_mut("regions") {
            let keep = [
                "US West (Oregon)",
                "US West (N. California)",
                "US East (Ohio)",
                "US West (Verizon) - Seattle",
            ];
            r.retain(|k, _| keep.contains(&k.as_str()));
        }
        let small_map = map.to_string();
        let mut base: Value = serde_json::from_str(EMBEDDED).unwrap();
        if let Some(Value::Object(r)) = base.get_mut("regions") {
            r.retain(|k, _| ["us-west-2", "us-west-1", "us-east-2"].contains(&k.as_str()));
        }
        let base_text = base.to_string();
        run("import-datatransfer", cases, seed, |rng, input| {
            let text = document(rng, &small_map, Some(&map));
            input.push_str(&text);
            let _ = import::import_metered_unit_map(&base_text, "base", &text, "fuzz");
        });
    }
    if on("templates") {
        templates_target(cases, seed);
    }
    if on("cloudwatch") {
        cloudwatch_target(cases, seed);
    }
    if on("batch") {
        batch_target(cases, seed);
    }
    if on("bills") {
        bills_target(cases, seed, &embedded);
    }
    if FAILED.load(std::sync::atomic::Ordering::Relaxed) {
        std::process::exit(1);
    }
}

/// Mutated bills (the reconcile fixtures: CUR 2.0, legacy and FOCUS CSV, gzip, Parquet): byte flips,
/// truncation, duplicated and deleted spans, extreme numbers in CSV cells; each read by `bill::read_one`
/// and, when it reads, reconciled on the embedded catalog. An error is fine, a panic is not.
fn bills_target(cases: u64, seed: u64, catalog: &Catalog) {
    use apigw_cost::model::reconcile::{self, Aggregator};
    let dir = tempfile::tempdir().unwrap();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bills");
    let seeds: Vec<(String, Vec<u8>)> = [
        "cur2.csv",
        "legacy.csv",
        "focus.csv",
        "cur2.csv.gz",
        "cur2.parquet",
        "focus.parquet",
    ]
    .iter()
    .map(|n| {
        (
            n.to_string(),
            std::fs::read(format!("{fixtures}/{n}")).unwrap(),
        )
    })
    .collect();
    let path = dir.path().join("bill");
    run("bills", cases, seed, |rng, input| {
        let (name, base) = rng.pick(&seeds);
        let mut b = base.clone();
        for _ in 0..=rng.below(4) {
            let n = b.len().max(1);
            match rng.below(6) {
                0 if !b.is_empty() => {
                    let i = rng.below(n);
                    b[i] = rng.next() as u8;
                }
                1 => b.truncate(rng.below(n)),
                2 if !b.is_empty() => {
                    let i = rng.below(n);
                    let j = (i + rng.below(64)).min(b.len());
                    let span = b[i..j].to_vec();
                    let at = rng.below(n);
                    b.splice(at..at, span);
                }
                3 if !b.is_empty() => {
                    let i = rng.below(n);
                    let j = (i + rng.below(64)).min(b.len());
                    b.drain(i..j);
                }
                4 if name.ends_with(".csv") => {
                    let from = *rng.pick(&["0.0000035", "1165.5", "744", ",USD,", "2026-10"]);
                    let to: &str = EXTREMES[rng.below(EXTREMES.len())];
                    let t = String::from_utf8_lossy(&b).replacen(from, to, 1);
                    b = t.into_bytes();
                }
                _ => {
                    let i = rng.below(n);
                    b.insert(i.min(b.len()), rng.next() as u8);
                }
            }
        }
        *input = format!("{name} mutated to {} bytes", b.len());
        std::fs::write(&path, &b).unwrap();
        let mut agg = Aggregator::new();
        if apigw_cost::bill::read_one(&path, &mut agg, false).is_ok() {
            let currency = agg.currency.clone().map(|c| c.0).unwrap_or_default();
            let lines = agg.lines;
            let _ = reconcile::reconcile(
                agg.into_groups(),
                catalog,
                &currency,
                lines,
                Default::default(),
            );
        }
    });
}

/// `import cloudwatch`: the test fixtures (two GetMetricData pages, a statistics file, WebSocket results,
/// a queries file) mutated, parsed, put together and derived; every case must give figures or an error.
fn cloudwatch_target(cases: u64, seed: u64) {
    use apigw_cost::cloudwatch::{parse_queries, parse_results, StatisticsOf};
    use apigw_cost::model::cloudwatch::assemble::Queries;
    use apigw_cost::model::cloudwatch::{assemble, derive, ApiRef, Options};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cloudwatch/");
    let read = |f: &str| std::fs::read_to_string(format!("{dir}{f}")).unwrap();
    let seeds: Vec<(String, Value)> = [
        "rest-week-page2.json",
        "http-day-missing.json",
        "websocket-day.json",
        "statistics-count.json",
        "short.json",
    ]
    .iter()
    .map(|f| {
        let t = read(f);
        let v = serde_json::from_str(&t).unwrap();
        (t, v)
    })
    .collect();
    let queries_text = read("http-day-queries.json");
    let queries_json: Value = serde_json::from_str(&queries_text).unwrap();
    let stats = StatisticsOf {
        api: ApiRef {
            kind: ApiKind::Rest,
            name: "orders".into(),
            stage: "prod".into(),
        },
        period: 3600,
    };
    run("cloudwatch", cases, seed, |rng, input| {
        let (t, v) = rng.pick(&seeds).clone();
        let text = document(rng, &t, Some(&v));
        input.push_str(&text);
        let mut q = Queries::default();
        if rng.chance(4) {
            let qt = document(rng, &queries_text, Some(&queries_json));
            input.push_str(" | queries: ");
            input.push_str(&qt);
            let _ = parse_queries(&qt, "q.json", &mut q);
        }
        if let Ok(page) = parse_results(&text, "r.json", Some(&stats)) {
            if let Ok(a) = assemble(&[page.clone(), page], &q) {
                let _ = derive(&a.series, &Options { range: q.range });
            }
        }
    });
}

/// Generated CSVs of `cases` rows in all, in files of [`BATCH_CHUNK`] rows, each rated with separate
/// and with shared accounts (`--on-error skip`): every row must be rated or rejected, never a panic. A
/// chunk whose shared account overflows fails as a whole (by design), so chunks keep the others rated.
const BATCH_CHUNK: u64 = 1_000;

fn batch_target(cases: u64, seed: u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(seed);
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut f: std::io::BufWriter<Box<dyn Write>> =
        std::io::BufWriter::new(Box::new(std::io::sink()));
    let apis = [
        "rest",
        "http",
        "websocket",
        "alb",
        "function-url",
        "REST",
        "grpc",
        "",
    ];
    let regions = [
        "us-east-1",
        "eu-west-1",
        "ap-east-2",
        "nope",
        "",
        "US-EAST-1",
    ];
    for i in 0..cases {
        if i % BATCH_CHUNK == 0 {
            let input = dir.path().join(format!("in-{}.csv", inputs.len()));
            f.flush().unwrap();
            f = std::io::BufWriter::new(Box::new(std::fs::File::create(&input).unwrap()));
            writeln!(f, "id,api,region,requests,request_size_kb,response_size_kb,messages,message_size_kb,connection_minutes,cache_gb,cache_hit,duration_ms,memory_mb,arch").unwrap();
            inputs.push(input);
        }
        let api = *rng.pick(&apis);
        // A row its api would rate (most cells empty, as in real files), then 0 to 2 hostile cells.
        let mut cells: Vec<String> =
            vec![format!("r{i}"), api.into(), rng.pick(&regions).to_string()];
        cells.extend(std::iter::repeat_n(String::new(), 11));
        cells[3] = rng.below(2_000_000_000).to_string();
        match api {
            "websocket" => {
                cells[3].clear();
                cells[6] = rng.below(1_000_000_000).to_string();
                cells[8] = rng.below(100_000_000).to_string();
            }
            "function-url" | "alb" => {
                cells[11] = (1 + rng.below(900)).to_string();
                cells[12] = (128 + rng.below(4000)).to_string();
            }
            "rest" if rng.chance(3) => {
                cells[9] = "0.5".into();
                cells[10] = format!("{}%", rng.below(100));
            }
            _ => {}
        }
        for _ in 0..rng.below(3) {
            let col = 3 + rng.below(11);
            cells[col] = match rng.below(3) {
                0 => extreme(&mut rng),
                1 => rng.below(100_000).to_string(),
                _ => rng
                    .pick(&[
                        "x86",
                        "arm",
                        "50%",
                        "0.5",
                        "\"1,000\"",
                        "\"a\"\"b\"",
                        "1e3",
                        "=1+1",
                        "",
                    ])
                    .to_string(),
            };
        }
        for c in &mut cells {
            *c = c.replace(['\n', '\r', '\0', ','], "");
        }
        if rng.chance(50) {
            cells.truncate(rng.below(cells.len()));
        }
        writeln!(f, "{}", cells.join(",")).unwrap();
    }
    f.flush().unwrap();
    drop(f);
    let catalog = Catalog::embedded().unwrap();
    for (accounts, name) in [
        (Accounts::Separate, "batch"),
        (Accounts::Shared, "batch-shared"),
    ] {
        let start = Instant::now();
        let (mut rated, mut rejected, mut failed) = (0, 0, 0);
        for input in &inputs {
            let opts = Options {
                input: input.clone(),
                output: Some(dir.path().join("out.csv")),
                accounts,
                summary: accounts == Accounts::Shared,
                on_error: OnError::Skip,
                rejects: Some(dir.path().join("rejects.csv")),
                defaults: Defaults {
                    region: "us-east-1".into(),
                    request_size_kb: None,
                    response_size_kb: None,
                    messages: None,
                    message_size_kb: None,
                    connection_minutes: None,
                    cache_gb: None,
                    cache_hit: None,
                    duration_ms: None,
                    memory_mb: None,
                    arch: None,
                },
                free_tier: FreeTier::None,
                progress: false,
                // Separate accounts on two threads: the block reader meets the hostile rows too.
                threads: if accounts == Accounts::Separate { 2 } else { 1 },
            };
            match panic::catch_unwind(AssertUnwindSafe(|| batch::run(&catalog, &opts))) {
                Ok(Ok(stats)) => {
                    rated += stats.rated;
                    rejected += stats.rejected;
                }
                Ok(Err(_)) => failed += 1,
                Err(_) => {
                    let site = LAST_PANIC.lock().map(|s| s.clone()).unwrap_or_default();
                    eprintln!(
                        "fuzz {name}: PANIC (seed {seed}) {site}; input kept at {}",
                        input.display()
                    );
                    let _ = dir.keep();
                    std::process::exit(1);
                }
            }
        }
        println!(
            "fuzz {name:<8} {cases:>9} cases  {:>7.1} s  no panic ({rated} rated, {rejected} rejected, {failed} of {} files refused whole)",
            start.elapsed().as_secs_f64(),
            inputs.len()
        );
    }
}

/// CloudFormation, SAM and Terraform-plan readers (`inventory`), and the blocker model on what they
/// find: mutations of every hand-written template under tests/fixtures/templates/ (CDK, Serverless
/// Framework, includes, plans of format 0.1 and with module references ...) and the sample SAM
/// application, as text and (JSON ones) as JSON edits, with constructs spliced in (rule functions,
/// `AWS::Include` of local and remote files, chained conditions, repeated keys, a second document,
/// terminal escapes). One case in 500 writes a few mutated files into a directory tree and reads it as
/// `inventory DIR` does (walk, read, per-file failures).
fn templates_target(cases: u64, seed: u64) {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut seeds: Vec<(String, Option<Value>)> = Vec::new();
    let mut dirs = vec![
        std::path::PathBuf::from(format!("{root}/tests/fixtures/templates")),
        std::path::PathBuf::from(format!("{root}/examples/templates")),
    ];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let json = serde_json::from_str(&text).ok();
                seeds.push((text, json));
            }
        }
    }
    // Included files resolve beside this path (the include fixture's api/ directory).
    let source = format!("{root}/tests/fixtures/templates/include/template.yaml");
    let features = apigw_cost::model::features::Features::embedded().unwrap();
    let tree = tempfile::tempdir().unwrap();
    let mut n = 0u64;
    run("templates", cases, seed, |rng, input| {
        n += 1;
        let (text, json) = rng.pick(&seeds);
        let mut doc = document(rng, text, json.as_ref());
        if rng.chance(3) {
            splice(rng, &mut doc);
        }
        input.push_str(&doc);
        if let Ok(apis) = apigw_cost::inventory::read(&source, &doc) {
            for a in &apis {
                let _ = apigw_cost::model::inventory::verdict(a, &features);
            }
        }
        if n.is_multiple_of(500) {
            walk_case(rng, tree.path(), &seeds);
        }
    });
}

/// Constructs that templates in the wild use, spliced into a document at a random point.
const CONSTRUCTS: &[&str] = &[
    "Rules:\n  Check:\n    Assertions:\n      - Assert: {Fn::Not: [{Fn::Contains: [[a], {Ref: P}]}]}\n",
    "{\"Fn::EachMemberIn\": [{\"Fn::ValueOfAll\": [\"AWS::EC2::Subnet::Id\", \"VpcId\"]}, {\"Fn::RefAll\": \"AWS::EC2::VPC::Id\"}]}",
    "DefinitionBody: {Fn::Transform: {Name: AWS::Include, Parameters: {Location: ./api/orders.yaml}}}\n",
    "DefinitionBody: {Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/k.yaml}}}\n",
    "DefinitionUri: ../../../../../../../dev/zero\n",
    "DefinitionUri: /dev/stdin\n",
    "BodyS3Location: {Bucket: b, Key: k}\n",
    "\"Properties\": {}, \"Properties\": {}",
    "Api:\n  Type: AWS::ApiGateway::RestApi\nApi:\n  Type: X\n",
    "\n---\nResources: {}\n",
    "C1: !Not [!Condition C1]\n",
    "options: {x-amazon-apigateway-integration: {type: mock, responses: {default: {responseParameters: {method.response.header.Access-Control-Allow-Origin: \"'*'\"}}}}}",
    "securitySchemes: {k: {type: apiKey, name: x-api-key, in: header}}\nsecurity: [{k: []}]\n",
    "responseTransferMode: STREAM",
    "\"format_version\": \"0.1\", \"module_calls\": {\"a\": {\"expressions\": {\"x\": {\"references\": [\"module.a.b\", \"module.a\"]}}, \"module\": {\"outputs\": {\"b\": {\"expression\": {\"references\": [\"module.a.b\"]}}}}}}",
    "Name: \"\\e]0;t\\a\\e[2J\\u009b\\u202e\"\n",
];

fn splice(rng: &mut Rng, doc: &mut String) {
    let c = *rng.pick(CONSTRUCTS);
    let mut at = rng.below(doc.len() + 1);
    while !doc.is_char_boundary(at) {
        at -= 1;
    }
    if rng.chance(2) {
        // A long chain of conditions, within the template's size bound.
        let mut chain = String::from("Conditions:\n  C0: !Equals [a, a]\n");
        for i in 1..1 + rng.below(5000) {
            chain.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
        }
        doc.insert_str(0, &chain);
    } else {
        doc.insert_str(at, c);
    }
}

/// A directory of a few mutated templates (some unreadable), read as `inventory DIR` reads it.
fn walk_case(rng: &mut Rng, dir: &std::path::Path, seeds: &[(String, Option<Value>)]) {
    let _ = std::fs::remove_dir_all(dir.join("t"));
    let names = [
        "t/a/template.yaml",
        "t/b/cdk.out/S.template.json",
        "t/c/.serverless/cloudformation-template-update-stack.json",
        "t/d/plan.json",
        "t/e/template.json",
        "t/.aws-sam/build/template.yaml",
    ];
    for name in names {
        if rng.chance(3) {
            continue;
        }
        let (text, json) = rng.pick(seeds);
        let doc = document(rng, text, json.as_ref());
        let p = dir.join(name);
        let _ = std::fs::create_dir_all(p.parent().unwrap());
        let _ = std::fs::write(&p, doc);
    }
    let _ = apigw_cost::commands::inventory::read_fleet(&[dir.join("t")]);
}

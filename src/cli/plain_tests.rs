//! `plain` against clap: what `plain::read` reads, clap reads to the same `Cli`.

use super::*;

fn argv(words: &[&str]) -> Vec<OsString> {
    std::iter::once("apigw-cost")
        .chain(words.iter().copied())
        .map(OsString::from)
        .collect()
}

/// What clap parses the command line to (the whole command, help laid out, as without `plain`).
fn clap(args: &[OsString]) -> Result<Cli, clap::Error> {
    let (cmd, only) = super::super::lazy::for_args(args);
    super::super::matched(super::super::finished(cmd, only.as_deref()), args)
}

/// Whether `read` reads `words`; when it does, clap reads them to the same `Cli` (every field,
/// the flags typed with their values in order, the explicit globals). What it does not read
/// clap reads as before, whatever clap makes of it.
fn agrees(words: &[&str]) -> bool {
    let args = argv(words);
    let Some(a) = read(&args) else {
        return false;
    };
    match clap(&args) {
        Ok(b) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{words:?}"),
        Err(e) => panic!("{words:?}: read here, refused by clap: {e}"),
    }
    true
}

#[test]
fn plain_command_lines_are_read_as_clap_reads_them() {
    let lines = [
        "quote --api http --requests 600M --format json",
        "quote --api rest --requests 10M --waf --waf-rules 5 --region eu-central-2",
        "--region eu-west-1 quote --api rest --rps 250",
        "--region=eu-west-1 -o out.json --format json quote --requests 1M",
        "quote --requests 1M --format csv -o out.csv",
        "quote --api websocket --messages 1.5B --connection-minutes 10M",
        "quote --api rest --requests 1M --response-size 25MB",
        "quote --api http --requests 0 --authorizer cognito --monthly-active-users 1M --free-tier always",
        "quote --api rest --requests 1M --authorizer cognito --monthly-active-users 100k --account-age-months 3",
        "quote --profile profiles/rest-orders-prod.toml",
        "quote --api rest --rps 100 --start 2026-02",
        "quote --apis http --requests 1M --cache-hit 50%",
        "quote --api=rest --requests=1M --cache=0.5 --cache-hit=80% --backend lambda --duration-ms 120 --memory-mb 512 --arch arm64",
        "--format markdown --free-tier credits:200 quote --requests 2B --api rest,http",
        "compare --requests 100M",
        "compare --requests 100M --apis rest,http,alb,function-url --backend lambda --duration-ms 100 --memory-mb 512",
        "compare --requests 1B --regions us-east-1,eu-west-1,ap-southeast-2",
        "compare --requests 100M~20% --request-size 1KB..4KB",
        "compare --requests 100M --needs api-keys,caching --format markdown",
        "compare --requests 200M..500M --free-tier credits:200",
        "compare --api rest --requests 1M --client-rtt-ms 20 --new-connections --samples 10k",
        "compare --requests 1M --months 12 --growth 5% --start 2026-01 --authorizer lambda-cached --authorizer-ttl 300",
        "quote --output x.json --requests 1M --region eu-west-1 --format csv --account-age-months 2",
        "--prices data/prices.json quote --free-tier always --region eu-west-1 -o y.csv",
        "--format json compare --region eu-west-1 --prices data/prices.json --requests 5M --free-tier none",
        "-o z.md --account-age-months 4 compare --format markdown --requests 5M",
    ];
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(agrees(&words), "not read here: {line}");
    }
}

/// Left to clap: errors, help, version, forms and flags not read here.
#[test]
fn everything_else_is_left_to_clap() {
    let lines = [
        "quote --requests 1M --bogus",
        "quote --requests lots",
        "quote --requests 1M --rps 5",
        "quote --requests 1M --requests 2M",
        "quote --api rest --api http --requests 1M",
        "--region eu-west-1 quote --region us-east-1",
        "quote --waf-rules 5 --requests 1M",
        "quote --waf=true --requests 1M",
        "quote --requests",
        "quote --requests=",
        "quote --requests -5",
        "quote --help",
        "quote -h",
        "--version quote",
        "--version",
        "",
        "quote extra --requests 1M",
        "quote -- --requests 1M",
        "-oout.csv quote --requests 1M",
        "quote --streaming --requests 1M",
        "quote --customers 10 --requests-per-customer 5",
        "quote --connections 10 --connection-duration 5 --api websocket --messages 1M",
        "compare --requests 1M --seed 7",
        "compare --requests 1M --draws 500",
        "compare --requests 1M --new-connections",
        "compare --requests 1M --growth -2%",
        "project --requests 1M",
        "quot --requests 1M",
        "features",
    ];
    for line in lines {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(read(&argv(&words)).is_none(), "read here: {line}");
    }
}

const SAMPLES: [&str; 44] = [
    "1M",
    "1.5B",
    "600_000_000",
    "250",
    "0",
    "1",
    "50%",
    "0.5",
    "2",
    "12",
    "128",
    "3600",
    "1KB",
    "25MB",
    "rest",
    "http",
    "rest, http",
    "http,rest",
    "websocket",
    "function-url",
    "lambda",
    "arm64",
    "cognito",
    "lambda-cached",
    "regional",
    "private",
    "infrequent-access",
    "2026-02",
    "2026-13",
    "EU-West-1",
    "eu-west-1,us-east-1",
    "api-keys",
    "caching,waf",
    "python3.12",
    "20,80",
    "80..200",
    "100M~20%",
    "p10=60M,p50=100M,p90=180M",
    "United States",
    "json",
    "credits:200",
    "bogus",
    " http ",
    "http,",
];

/// Every flag read here, with each sample value, as `--flag VALUE` and `--flag=VALUE` (globals
/// also before the subcommand): what is read here clap reads the same, and each flag is read
/// with at least one value.
#[test]
fn every_flag_with_every_sample_agrees_with_clap() {
    fn flags<T>(tables: &[&[Flag<T>]]) -> Vec<(&'static str, bool)> {
        let all = tables.iter().flat_map(|t| t.iter());
        all.flat_map(|f| [(f.long, f.value), (f.alias, f.value)])
            .filter(|(l, _)| !l.is_empty())
            .collect()
    }
    let global = flags(&[&GLOBAL]);
    let quote = flags(&[&QUOTE, &QUOTE_ACCESS, &QUOTE_TRAFFIC]);
    let compare = flags(&[&COMPARE, &COMPARE_ACCESS, &COMPARE_TRAFFIC]);
    let mut checked = 0;
    for (cmd, list) in [("quote", quote), ("compare", compare)] {
        for (long, value) in list.into_iter().chain(global.iter().copied()) {
            let flag = format!("--{long}");
            if !value {
                let with = match long {
                    "new-connections" => vec![cmd, &flag, "--client-rtt-ms", "20"],
                    _ => vec![cmd, &flag],
                };
                assert!(agrees(&with), "{with:?}");
                continue;
            }
            // What a flag requires.
            let with: &[&str] = match long {
                "waf-rules" => &["--waf"],
                _ => &[],
            };
            let mut read_once = false;
            for v in SAMPLES {
                let inline = format!("{flag}={v}");
                for mut words in [vec![cmd, &flag, v], vec![cmd, &inline], vec![&flag, v, cmd]] {
                    words.extend(with);
                    read_once |= agrees(&words);
                    checked += 1;
                }
            }
            assert!(read_once, "{cmd} {flag}: no sample value is read here");
        }
    }
    assert!(checked > 10_000, "{checked}");
}

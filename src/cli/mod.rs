//! The command line: its shape (`args`, clap structs only), how flags and a profile become one scenario
//! (`resolve`), and file loading (`load`). What each command does lives in `commands/`.

pub mod applies;
pub mod args;
pub mod around;
pub mod blame;
pub mod choices;
pub mod cold;
pub mod completions;
pub mod forecast;
pub mod help;
pub mod import;
mod input_files;
pub mod inputs;
pub mod latency;
mod lazy;
pub mod load;
pub mod man;
pub mod parsers;
mod plain;
mod prices_args;
pub mod ranges;
mod reconcile_args;
pub mod renamed;
pub mod resolve;
mod uncertainty_args;
mod values;

pub use args::*;

use clap::{parser::ValueSource, FromArgMatches};

/// Parses `std::env::args`, recording which global options were typed (flags override a profile;
/// defaults do not).
pub fn parse() -> std::result::Result<Cli, clap::Error> {
    parse_from(std::env::args_os())
}

/// The clap command with each subcommand's help limited to the global options it reads, its options
/// under headings and `--format` listing the formats the command writes (`help`).
/// `NO_COLOR` turns clap's coloured help off (the reports are never coloured).
/// Every subcommand is built (completions, the manual page); a command line builds the one it calls.
pub fn command() -> clap::Command {
    finished(lazy::full(), None)
}

/// `cmd` with its help laid out; `only`: the one subcommand built (`lazy::for_args`), `None` for all.
fn finished(cmd: clap::Command, only: Option<&str>) -> clap::Command {
    let cmd = applies::hide_unread(help::group(cmd), only);
    match crate::output::no_color() {
        true => cmd.color(clap::ColorChoice::Never),
        false => cmd,
    }
}

/// clap's error text without its styling, the argument it quotes kept as typed (`to_string` would
/// drop any escape sequence in it, leaving `''`) for `output::eprint_line` to escape: clap's own SGR
/// sequences (`ESC [ ... m`) are removed, any other control character is left to be escaped.
pub fn error_text(e: &clap::Error) -> String {
    let styled = e.render().ansi().to_string();
    let mut out = String::with_capacity(styled.len());
    let mut rest = styled.as_str();
    while let Some(i) = rest.find("\x1b[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[params..].starts_with('m') {
            rest = &after[params + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// [`parse`] of a given command line; a global option the command does not read is a usage error.
pub fn parse_from<I, T>(args: I) -> std::result::Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    // Start-up: quote and compare in their plain forms need no clap at all (`plain`, checked against
    // clap by a test); what it does not read goes to clap below.
    if let Some(c) = plain::read(&args) {
        return Ok(c);
    }
    // Start-up: a command line that parses needs neither help nor the other subcommands (`lazy::lean`);
    // anything else (an error, --help, --version) is parsed again below, as it always was, for its text.
    if let Some(c) = lazy::lean(&args).and_then(|cmd| matched(cmd, &args).ok()) {
        return Ok(c);
    }
    let (cmd, only) = lazy::for_args(&args);
    matched(finished(cmd, only.as_deref()), &args)
}

/// The command line `args` read by `cmd`: the matches checked (`applies`), as a `Cli`.
fn matched(
    mut cmd: clap::Command,
    args: &[std::ffi::OsString],
) -> std::result::Result<Cli, clap::Error> {
    let m = cmd.try_get_matches_from_mut(args.iter().cloned())?;
    applies::check(&cmd, &m)?;
    let mut c = Cli::from_arg_matches(&m)?;
    c.global.typed = typed_values(&cmd, &m);
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    c.global.renamed = renamed::warnings(&command_path(&m), &words);
    let typed = |id: &str| {
        let on = |mm: &clap::ArgMatches| mm.value_source(id) == Some(ValueSource::CommandLine);
        on(&m) || m.subcommand().is_some_and(|(_, sm)| on(sm))
    };
    c.global.explicit = Explicit {
        region: typed("region"),
        format: typed("format"),
        free_tier: typed("free_tier"),
        account_age_months: typed("account_age_months"),
    };
    // Start-up: freeing the definition (every argument's strings and parsers) cost more than building
    // the top level; it is read once per process, so it is left to the process's exit.
    std::mem::forget(cmd);
    Ok(c)
}

/// The flags typed on the command line with their values as typed (a list flag's items joined by
/// commas), by the flag's name (`--cache-hit`; `-o/--output` for the output), each once (a global
/// option is in the matches of both levels). clap's matches also hold its groups (`volume`, one per
/// flattened struct); they are no flag and are left out.
fn typed_values(cmd: &clap::Command, m: &clap::ArgMatches) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut level = Some((cmd, m));
    while let Some((c, mm)) = level {
        for id in mm.ids() {
            let id = id.as_str();
            if mm.value_source(id) != Some(ValueSource::CommandLine)
                || !c.get_arguments().any(|a| a.get_id() == id)
            {
                continue;
            }
            let Ok(Some(raw)) = mm.try_get_raw(id) else {
                continue;
            };
            let value: Vec<String> = raw.map(|v| v.to_string_lossy().into_owned()).collect();
            let flag = match id {
                "output" => "-o/--output".to_string(),
                _ => format!("--{}", id.replace('_', "-")),
            };
            if !out.iter().any(|(f, _)| *f == flag) {
                out.push((flag, value.join(",")));
            }
        }
        level = mm
            .subcommand()
            .and_then(|(name, sm)| Some((c.find_subcommand(name)?, sm)));
    }
    out
}

/// The subcommand path of a command line (`import cloudwatch`, `quote`).
fn command_path(m: &clap::ArgMatches) -> String {
    let mut names = Vec::new();
    let mut level = m.subcommand();
    while let Some((name, sm)) = level {
        names.push(name.to_string());
        level = sm.subcommand();
    }
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsString;

    /// What the command line parsed to by the whole command (help laid out), as before `lazy::lean`.
    fn whole(args: &[OsString]) -> std::result::Result<Cli, clap::Error> {
        let (cmd, only) = lazy::for_args(args);
        matched(finished(cmd, only.as_deref()), args)
    }

    /// Every command line the lean command reads parses to the same `Cli` as with the whole command
    /// (flags typed and their order, the explicit globals, renamed spellings); what the whole command
    /// refuses the lean one refuses too, so its error is the whole command's.
    #[test]
    fn the_lean_command_reads_what_the_whole_one_reads() {
        let lines = [
            "quote --api http --requests 600M --format json",
            "quote --api rest --requests 10M --waf --waf-rules 5 --region eu-central-2",
            "--region eu-west-1 quote --api rest --rps 250",
            "--region=eu-west-1 -o out.json --format json quote --requests 1M",
            "-oout.csv quote --requests 1M --format csv",
            "quote --api websocket --messages 1.5B --connection-minutes 10M",
            "quote --api rest --requests 1M --response-size 25MB --streaming 30%",
            "quote --api http --requests 0 --authorizer cognito --monthly-active-users 1M --free-tier always",
            "quote --api rest --requests 1M --authorizer cognito --monthly-active-users 100k --account-age-months 3",
            "quote --profile profiles/rest-orders-prod.toml",
            "quote --api rest --rps 100 --start 2026-02",
            "quote --apis http --requests 1M --cache-hit 50%",
            "compare --requests 100M",
            "compare --requests 100M --apis rest,http,alb,function-url --backend lambda --duration-ms 100 --memory-mb 512",
            "compare --requests 1B --regions us-east-1,eu-west-1,ap-southeast-2",
            "compare --requests 100M~20% --request-size 1KB..4KB",
            "compare --requests 100M --needs api-keys,caching --format markdown",
            "compare --requests 200M..500M --free-tier credits:200",
            "project --requests 100M --growth 10% --months 24 --free-tier credits:200 -o projection.csv",
            "project --requests p10=60M,p50=100M,p90=180M --growth 2%..8% --months 12",
            "breakeven --vary months --between rest,http --requests 100M --migration-cost 5000",
            "breakeven --vary requests --between alb,http",
            "latency --api rest,http --profile profiles/rest-orders-prod.toml",
            "chart cost-vs-requests -o cost.png --apis rest,http,alb --requests 100M",
            "chart regions -o regions.png --api http --requests 1M",
            "review data/profiles/partner-api-review.toml --out review/ --date 2026-12-01",
            "batch examples/batch/customers.csv --summary --threads 2 -o totals.csv",
            "batch examples/batch/customers.csv --accounts shared --summary -o s.csv --format csv",
            "completions bash",
            "man",
            "features --format json",
            "inventory services/ --format json",
            "reconcile tests/fixtures/bills/cur2.parquet --accounts shared",
            "sensitivity --apis alb,http --requests 10M..30M",
            "forecast --history examples/history/orders-daily.csv --months 12 --holdout 6 -o forecast.toml",
            // Refused by both (an unknown flag, a global the command does not read, a bad value).
            "quote --requests 1M --bogus",
            "batch x.csv --format json",
            "features --region eu-west-1",
            "quote --requests lots",
            "quote --help",
            "--version quote",
        ];
        let mut read = 0;
        for line in lines {
            let args: Vec<OsString> = std::iter::once("apigw-cost")
                .chain(line.split_whitespace())
                .map(OsString::from)
                .collect();
            let lean = lazy::lean(&args).map(|cmd| matched(cmd, &args));
            match (lean, whole(&args)) {
                (Some(Ok(a)), Ok(b)) => {
                    assert_eq!(format!("{a:?}"), format!("{b:?}"), "{line}");
                    read += 1;
                }
                (Some(Ok(_)), Err(e)) => {
                    panic!("{line}: the lean command read what the whole refuses: {e}")
                }
                (Some(Err(_)) | None, Ok(_)) => panic!("{line}: the lean command refused it"),
                (Some(Err(_)) | None, Err(_)) => {}
            }
        }
        assert_eq!(read, 35);
    }
}

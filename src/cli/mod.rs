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
    let (cmd, only) = lazy::for_args(&args);
    let mut cmd = finished(cmd, only.as_deref());
    let m = cmd.try_get_matches_from_mut(args.iter().cloned())?;
    applies::check(&cmd, &m)?;
    let mut c = Cli::from_arg_matches(&m)?;
    c.global.typed = typed_values(&m);
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
/// commas), by the flag's name (`--cache-hit`; `-o/--output` for the output).
fn typed_values(m: &clap::ArgMatches) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut level = Some(m);
    while let Some(mm) = level {
        for id in mm.ids() {
            let id = id.as_str();
            if mm.value_source(id) != Some(ValueSource::CommandLine) {
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
            out.push((flag, value.join(",")));
        }
        level = mm.subcommand().map(|(_, sm)| sm);
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

//! One module per subcommand: `run(&Global, &Args)` resolves the scenario, computes a typed report
//! ([`crate::report`]) with the command's `report` function and renders it. Report commands return their
//! text (written to stdout or `-o` by [`run`]); `chart`, `batch` and `review` write files. `review`
//! resolves the scenario once and calls the other commands' `report` functions on it.

pub mod batch;
pub mod breakeven;
pub mod chart;
pub mod compare;
pub mod completions;
pub mod features;
pub mod forecast;
pub mod import;
pub mod inventory;
pub mod latency;
pub mod man;
pub mod prices;
pub mod prices_diff;
pub mod prices_update;
pub mod project;
pub mod quote;
pub mod reconcile;
pub mod review;
pub mod review_priced;
pub mod review_sure;
pub mod review_template;
pub mod sensitivity;
pub mod uncertain;

use std::path::{Path, PathBuf};

use crate::cli::{self, Cli, Command, Global};
use crate::error::{Error, Result};
use crate::output;

/// The width `--help` wraps at when neither `COLUMNS` nor a terminal gives one (clap's own default
/// in that case): piped into a pager or a file, the help still reads in lines of at most 100
/// characters.
pub const HELP_WIDTH: u16 = 100;

/// Entry point: parses `std::env::args`, runs, reports errors; returns the exit code.
///
/// Every error is printed through [`output::eprint_line`]: never a panic on a full or closed stderr
/// (the exit code stays the error's), no raw control character from an input on the terminal, and no
/// value of unbounded length ([`message`]).
pub fn main() -> i32 {
    let cli = match cli::parse() {
        Ok(c) => c,
        Err(e) => {
            if e.use_stderr() {
                output::eprint_line(cli::error_text(&e).trim_end());
            } else {
                // --help and --version, on stdout (a closed pipe is no error); the help wraps at
                // spaces, each continuation under its line's indent, at the width it is read at, or
                // at [`HELP_WIDTH`] when that is not known (a pipe into a pager, a file).
                // Colour asked for (`CLICOLOR_FORCE`, no `NO_COLOR`) at an unknown width keeps clap's
                // own coloured text: the escapes would count as width in the wrap.
                match output::columns() {
                    None if output::colour_forced() => {
                        let _ = e.print();
                    }
                    width => {
                        let width = width.unwrap_or(HELP_WIDTH);
                        let text = crate::render::fit::wrap_prose(&e.render().to_string(), width);
                        let _ = output::to_stdout(text.as_bytes());
                    }
                }
            }
            return e.exit_code();
        }
    };
    for w in &cli.global.renamed {
        output::eprint_line(&format!("warning: {w}"));
    }
    match run(&cli) {
        Ok(()) => 0,
        Err(Error::Differ) => Error::Differ.exit_code(),
        Err(e) => {
            let e = as_typed(e, &cli.global.typed);
            output::eprint_line(&format!("error: {}", message(&e)));
            e.exit_code()
        }
    }
}

/// An error about a flag's value quotes it as it was typed (`--cache-hit 50%`, not `0.5`): where the
/// model names a flag that was typed and quotes the number it was read as, the typed text replaces it.
pub fn as_typed(e: Error, typed: &[(String, String)]) -> Error {
    let typed_as = |flag: &str, value: &str| -> Option<String> {
        let (_, raw) = typed.iter().find(|(f, _)| f == flag)?;
        let read: rust_decimal::Decimal = value.parse().ok()?;
        let parsers = [
            crate::model::numbers::parse_amount,
            crate::model::numbers::parse_size_kb,
            crate::model::numbers::parse_rate,
        ];
        (raw != value && parsers.iter().any(|p| p(raw) == Ok(read))).then(|| raw.clone())
    };
    match e {
        Error::Invalid {
            field,
            value,
            expected,
        } => Error::Invalid {
            field,
            value: typed_as(field.flag(), &value).unwrap_or(value),
            expected,
        },
        Error::Usage {
            field,
            value,
            expected,
        } => Error::Usage {
            value: typed_as(&field, &value).unwrap_or(value),
            field,
            expected,
        },
        Error::UnknownRegion { region, hint } => {
            let as_typed = typed.iter().find(|(f, raw)| {
                f == "--region" && crate::cli::region_code(raw).ok() == Some(region.clone())
            });
            Error::UnknownRegion {
                region: as_typed.map(|(_, raw)| raw.clone()).unwrap_or(region),
                hint,
            }
        }
        other => other,
    }
}

/// The text of an error as printed: the values it quotes from the input (a flag's value, a region,
/// a file's path) shortened and escaped by [`output::shorten`] / [`output::shorten_path`] before
/// formatting; `output::terminal_safe` then treats the whole line.
pub fn message(e: &Error) -> String {
    let path = |p: &Path| PathBuf::from(output::shorten_path(p));
    let io = |s: &std::io::Error| std::io::Error::new(s.kind(), s.to_string());
    let shortened = match e {
        Error::Usage {
            field,
            value,
            expected,
        } => Error::Usage {
            field: output::shorten(field),
            value: output::shorten(value),
            expected: expected.clone(),
        },
        Error::Invalid {
            field,
            value,
            expected,
        } => Error::Invalid {
            field: *field,
            value: output::shorten(value),
            expected: expected.clone(),
        },
        Error::UnknownRegion { region, hint } => Error::UnknownRegion {
            region: output::shorten(region),
            hint: hint.clone(),
        },
        Error::File { path: p, message } => Error::File {
            path: output::shorten_path(Path::new(p)),
            message: message.clone(),
        },
        Error::Write { path: p, source } => Error::Write {
            path: path(p),
            source: io(source),
        },
        Error::Read { path: p, source } => Error::Read {
            path: path(p),
            source: io(source),
        },
        other => return other.to_string(),
    };
    shortened.to_string()
}

/// Runs a parsed command line. Commands that write files first install the signal handler that
/// removes their temporary files and directories on SIGINT/SIGTERM/SIGHUP (see `output`).
pub fn run(cli: &Cli) -> Result<()> {
    let g = &cli.global;
    let writes_files = matches!(
        cli.command,
        Command::Chart(_)
            | Command::Review(_)
            | Command::Batch(_)
            | Command::Import(_)
            | Command::Forecast(_)
    );
    if writes_files || g.output.as_ref().is_some_and(|p| p.as_os_str() != "-") {
        output::catch_signals();
    }
    // A range typed for a command that prices one point is refused (not silently its median).
    let point = match &cli.command {
        Command::Quote(_) => Some("quote"),
        Command::Breakeven(_) => Some("breakeven"),
        // The tornado moves each input across its range: ranges are its inputs.
        Command::Chart(a) if a.kind != crate::render::chart_data::ChartKind::Tornado => {
            Some("chart")
        }
        Command::Latency(_) => Some("latency"),
        Command::Review(a) if a.template.template.is_some() => Some("review --template"),
        Command::Prices(_) => Some("prices diff"),
        _ => None,
    };
    if let Some(name) = point {
        cli::ranges::refuse_typed(g, name)?;
    }
    match &cli.command {
        Command::Chart(a) => chart::run(g, a, &cli.command.input_files(g)),
        Command::Forecast(a) => forecast::run(g, a, &cli.command.input_files(g)),
        Command::Review(a) => review::run(g, a),
        Command::Batch(a) => batch::run(g, a),
        // The diff on stdout, the new catalog to -o.
        Command::Prices(cli::PricesCommand::Update(a)) => prices_update::run(g, a),
        command => {
            // The output path is checked before the report is computed: a bad -o fails at once.
            let dest = match g.output.as_deref() {
                Some(p) if p.as_os_str() != "-" => {
                    Some(output::destination(p, output::OUTPUT_FLAG)?)
                }
                _ => None,
            };
            // Never over one of the command's inputs (`reconcile bill.csv -o bill.csv`).
            if let Some(d) = &dest {
                crate::io::refuse_inputs(d, output::OUTPUT_FLAG, &command.input_files(g))?;
            }
            let g = &with_output_format(g)?;
            // `prices diff` exits 1 when the catalogs differ, after writing its report (like `diff`).
            // `inventory` exits 1 after its report when some files could not be read.
            let (text, after) = match command {
                Command::Prices(cli::PricesCommand::Diff(a)) => match prices_diff::run(g, a)? {
                    (text, true) => (text, Some(Error::Differ)),
                    (text, false) => (text, None),
                },
                Command::Inventory(a) => inventory::run_partial(g, a)?,
                _ => (report(g, command)?, None),
            };
            let mut text = crate::render::for_reader(g.format, text);
            // A table on a terminal of known width: the prose around it wraps there too.
            if g.format == crate::render::Format::Table && dest.is_none() {
                if let Some(width) = output::columns() {
                    text = crate::render::fit::wrap_prose(&text, width);
                }
            }
            match dest {
                Some(d) => output::write_to(&d, text.as_bytes())?,
                None => output::to_stdout(text.as_bytes())?,
            }
            match after {
                Some(e) => Err(e),
                None => Ok(()),
            }
        }
    }
}

/// The format of a report written with `-o FILE`, one rule: an extension that names a format (`.csv`,
/// `.json`, `.md` or `.markdown`) chooses it when `--format` is not given, and an explicit `--format`
/// that says otherwise is a usage error; any other extension (`.txt`, `.out`, none) leaves the format to
/// `--format` (default table). An image extension is refused: these commands write text, `chart` draws.
pub fn with_output_format(g: &Global) -> Result<Global> {
    use crate::render::Format;
    let Some(path) = g.output.as_deref().filter(|p| p.as_os_str() != "-") else {
        return Ok(g.clone());
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let from_ext = match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("json") => Format::Json,
        Some("md" | "markdown") => Format::Markdown,
        Some(image @ ("png" | "svg" | "jpg" | "jpeg" | "gif" | "webp" | "pdf")) => {
            return Err(Error::usage(
                "-o/--output",
                output::shorten_path(path),
                format!(
                    "a text file (.txt, .csv, .json or .md): this command writes a report, not a .{image} picture; `apigw-cost chart ... -o FILE.svg|FILE.png` draws the charts"
                ),
            ));
        }
        _ => return Ok(g.clone()),
    };
    if g.explicit.format && g.format != from_ext {
        let name = cli::choices::format_name;
        return Err(Error::usage(
            "--format",
            name(g.format),
            format!(
                "the format of the -o file's extension ({} for {}), or no --format",
                name(from_ext),
                output::shorten_path(path)
            ),
        ));
    }
    let mut out = g.clone();
    out.format = from_ext;
    Ok(out)
}

/// The text of a report command (everything but `chart`, `batch` and `review`, which write files).
pub fn report(g: &Global, command: &Command) -> Result<String> {
    match command {
        Command::Quote(a) => quote::run(g, a),
        Command::Compare(a) => compare::run(g, a),
        Command::Project(a) => project::run(g, a),
        Command::Breakeven(a) => breakeven::run(g, a),
        Command::Sensitivity(a) => sensitivity::run(g, a),
        Command::Latency(a) => latency::run(g, a),
        Command::Features => features::run(g),
        Command::Prices(p) => prices::run(g, p),
        Command::Completions(c) => Ok(completions::run(c.shell)),
        Command::Man => man::run(),
        Command::Reconcile(a) => reconcile::run(g, a),
        Command::Import(i) => import::run(g, i),
        Command::Inventory(a) => inventory::run(g, a),
        Command::Chart(_) | Command::Batch(_) | Command::Review(_) | Command::Forecast(_) => Err(
            Error::Other("chart, batch, review and forecast write files, not a text report".into()),
        ),
    }
}

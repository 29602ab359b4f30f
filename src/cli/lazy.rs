//! Start-up: the command line is built for the subcommand it calls only. Building clap's definition of
//! every subcommand (several hundred options) was two thirds of a `quote`'s start-up. `Command` is
//! derived with `#[command(defer = true)]`: each subcommand is created with its name and about, and its
//! arguments are added when clap builds it. `help::group` and `applies::hide_unread` need the arguments
//! before that, so the subcommand called gets them here ([`args_of`], the same `augment_args` the
//! derive calls), and every other one keeps only its name and about (what the top-level help lists and
//! an unknown subcommand's suggestion reads). Completions, the manual page, `help SUBCOMMAND` and any
//! command line this does not recognise build them all ([`full`]), as before.

use std::ffi::OsString;

use clap::{Args, CommandFactory};

use super::args::*;

/// How a subcommand's arguments are added.
type Add = fn(clap::Command) -> clap::Command;

/// The arguments of the top-level subcommand `name`, as the derive adds them; `None` for a name that
/// is not one. Every variant of `Command` is listed (a test checks it against the derive).
fn args_of(name: &str) -> Option<Add> {
    Some(match name {
        "quote" => QuoteArgs::augment_args,
        "compare" => CompareArgs::augment_args,
        "project" => ProjectArgs::augment_args,
        "breakeven" => BreakevenArgs::augment_args,
        "latency" => LatencyCmdArgs::augment_args,
        "chart" => ChartArgs::augment_args,
        "review" => ReviewArgs::augment_args,
        "batch" => BatchArgs::augment_args,
        "completions" => CompletionsArgs::augment_args,
        "inventory" => InventoryArgs::augment_args,
        "reconcile" => ReconcileArgs::augment_args,
        "sensitivity" => SensitivityArgs::augment_args,
        "forecast" => super::forecast::ForecastArgs::augment_args,
        "prices" => |c| c.mut_subcommands(|sc| built(sc, prices_args_of)),
        // No arguments (features, man), or nested subcommands the derive builds at once (import).
        "features" | "man" | "import" => |c| c,
        _ => return None,
    })
}

/// The same for the subcommands of `prices` (`PricesCommand`, also deferred).
fn prices_args_of(name: &str) -> Option<Add> {
    Some(match name {
        "validate" => PricesValidateArgs::augment_args,
        "import" => PricesImportArgs::augment_args,
        "update" => <Box<PricesUpdateArgs>>::augment_args,
        "diff" => <Box<PricesDiffArgs>>::augment_args,
        "list" | "show" | "sources" => |c| c,
        _ => return None,
    })
}

/// `sc` with its arguments added now (by `table`), and the derive's deferred addition replaced by
/// none. The arguments' struct may carry a doc comment of its own (its about): without `defer` the
/// derive applied it before the variant's, so the variant's about and long about are put back after it.
fn built(sc: clap::Command, table: fn(&str) -> Option<Add>) -> clap::Command {
    let Some(add) = table(sc.get_name()) else {
        return sc;
    };
    let about = sc.get_about().cloned();
    let long = sc.get_long_about().cloned();
    let sc = add(sc).defer(|c| c);
    let sc = match about {
        Some(a) => sc.about(a),
        None => sc.about(None),
    };
    match long {
        Some(l) => sc.long_about(l),
        None => sc.long_about(None),
    }
}

/// The whole command line, every subcommand with its arguments.
pub fn full() -> clap::Command {
    Cli::command().mut_subcommands(|sc| built(sc, args_of))
}

/// The command line for `args` (argv, the program's name first): only the subcommand it calls has its
/// arguments, and its name is returned with it (`""` when it calls none); [`full`] and `None` when the
/// subcommand is not recognised or an option before it is not a global one.
pub fn for_args(args: &[OsString]) -> (clap::Command, Option<String>) {
    let cmd = Cli::command();
    let word = match called(args) {
        Called::Nothing => return (cmd, Some(String::new())),
        Called::Word(w) => w,
        Called::Unsure => return (full(), None),
    };
    let name = match cmd.find_subcommand(word) {
        Some(sc) if args_of(sc.get_name()).is_some() => sc.get_name().to_string(),
        _ => return (full(), None),
    };
    let cmd = cmd.mut_subcommands(|sc| match sc.get_name() == name {
        true => built(sc, args_of),
        false => sc,
    });
    (cmd, Some(name))
}

/// The top-level subcommands without nested ones, as `args_of` names them (`lean` builds them alone).
const LEAVES: [&str; 15] = [
    "quote",
    "compare",
    "project",
    "breakeven",
    "latency",
    "chart",
    "review",
    "batch",
    "completions",
    "inventory",
    "reconcile",
    "sensitivity",
    "forecast",
    "features",
    "man",
];

/// The least a command line that parses needs: the global options and the one subcommand it calls,
/// with its arguments as the derive adds them (`args_of`), and nothing of the help's layout. A command
/// line it reads parses to the same `Cli` as with [`for_args`]' command (a test compares them);
/// `None` when the subcommand is not a leaf named in `LEAVES`. What it refuses (an error, `--help`,
/// `--version`) is parsed again with the whole help, which is what prints.
pub fn lean(args: &[OsString]) -> Option<clap::Command> {
    let Called::Word(word) = called(args) else {
        return None;
    };
    let name = *LEAVES.iter().find(|n| **n == word)?;
    let add = args_of(name)?;
    let top = Global::augment_args(clap::Command::new("apigw-cost"));
    Some(
        top.subcommand(add(clap::Command::new(name)))
            .subcommand_required(true),
    )
}

enum Called<'a> {
    /// No subcommand: `--version`, `--help`, nothing.
    Nothing,
    /// The first word that is not an option or an option's value.
    Word(&'a str),
    /// Something this reading does not follow (an unknown option, `--`, a word that is not UTF-8).
    Unsure,
}

/// The global options that take a value as the next word.
const VALUED: [&str; 7] = [
    "--region",
    "--prices",
    "--format",
    "--free-tier",
    "--account-age-months",
    "--output",
    "-o",
];

/// The subcommand word of `args`, skipping the global options before it.
fn called(args: &[OsString]) -> Called<'_> {
    let mut words = args.iter().skip(1);
    while let Some(w) = words.next() {
        let Some(w) = w.to_str() else {
            return Called::Unsure;
        };
        if VALUED.contains(&w) {
            words.next();
        } else if !w.starts_with('-') {
            return Called::Word(w);
        } else if !known_option(w) {
            return Called::Unsure;
        }
    }
    Called::Nothing
}

/// A global option with its value in the same word (`--region=eu-west-1`, `-oFILE`), or a top-level flag.
fn known_option(w: &str) -> bool {
    let long = w
        .split_once('=')
        .is_some_and(|(flag, _)| VALUED.contains(&flag) && flag != "-o");
    long || (w.starts_with("-o") && w.len() > 2) || ["--help", "-h", "--version", "-V"].contains(&w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    /// Each subcommand built here has the arguments the derive gives it (the same help, abouts aside:
    /// with `defer` the derive lets an arguments struct's doc comment win), and every subcommand is
    /// listed in `args_of`.
    #[test]
    fn every_subcommand_is_built_as_the_derive_builds_it() {
        let mut derived = Cli::command();
        derived.build();
        let mut here = full();
        here.build();
        let help = |c: &clap::Command| {
            let no_about = |c: clap::Command| c.about(None).long_about(None);
            let mut c = no_about(c.clone()).mut_subcommands(no_about);
            c.render_long_help().to_string()
        };
        let mut names = Vec::new();
        for sc in derived.get_subcommands().filter(|s| s.get_name() != "help") {
            let name = sc.get_name();
            assert!(args_of(name).is_some(), "{name} is missing from args_of");
            let mine = here.find_subcommand(name).expect("same subcommands");
            assert_eq!(help(mine), help(sc), "{name}");
            for ssc in sc.get_subcommands().filter(|s| s.get_name() != "help") {
                let sub = ssc.get_name();
                let mine = mine.find_subcommand(sub).expect("same subcommands");
                assert_eq!(help(mine), help(ssc), "{name} {sub}");
                names.push(format!("{name} {sub}"));
            }
            names.push(name.to_string());
        }
        assert_eq!(names.len(), 17 + 7 + 1, "{names:?}");
    }

    /// The about is the variant's, not the doc comment of its arguments' struct.
    #[test]
    fn the_about_is_the_subcommands() {
        let mut cmd = full();
        cmd.build();
        let about = |path: &[&str]| {
            let mut c = &cmd;
            for p in path {
                c = c.find_subcommand(p).unwrap();
            }
            c.get_about().map(|a| a.to_string()).unwrap_or_default()
        };
        assert!(about(&["forecast"]).starts_with("Monthly request volumes ahead"));
        assert!(about(&["prices", "diff"]).starts_with("Every price that changed"));
        assert!(about(&["batch"]).starts_with("Rates one workload per CSV row"));
    }

    #[test]
    fn the_subcommand_word_is_found_after_global_options() {
        let word = |w: &[&str]| match called(&os(w)) {
            Called::Word(s) => s.to_string(),
            Called::Nothing => "<nothing>".into(),
            Called::Unsure => "<unsure>".into(),
        };
        assert_eq!(word(&["x", "quote", "--requests", "1"]), "quote");
        assert_eq!(word(&["x", "--region", "eu-west-1", "compare"]), "compare");
        assert_eq!(
            word(&["x", "--region=eu-west-1", "-o", "f", "batch"]),
            "batch"
        );
        assert_eq!(word(&["x", "-of", "--format", "json", "quote"]), "quote");
        assert_eq!(word(&["x", "--version"]), "<nothing>");
        assert_eq!(word(&["x"]), "<nothing>");
        assert_eq!(word(&["x", "--bogus", "quote"]), "<unsure>");
        assert_eq!(word(&["x", "--", "quote"]), "<unsure>");
        assert_eq!(word(&["x", "-o=f", "quote"]), "quote");
    }

    #[test]
    fn only_the_called_subcommand_has_its_arguments() {
        let (cmd, only) = for_args(&os(&["x", "quote", "--requests", "1"]));
        assert_eq!(only.as_deref(), Some("quote"));
        let count = |n: &str| cmd.find_subcommand(n).unwrap().get_arguments().count();
        assert!(count("quote") > 10);
        assert_eq!(count("compare"), 0);
        let (unknown, all) = for_args(&os(&["x", "quot"]));
        assert_eq!(all, None);
        assert!(
            unknown
                .find_subcommand("compare")
                .unwrap()
                .get_arguments()
                .count()
                > 10
        );
    }
}

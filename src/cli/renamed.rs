//! Names changed so that one name has one meaning: the old spelling still works for one release and
//! says what replaces it. `import cloudwatch --start` was a timestamp where `--start` is a month
//! everywhere else; its `--out` is `--profiles-out` as in `reconcile`; `reconcile --accounts` takes
//! `separate|shared` as `batch --accounts` does (tiers counted per account, or shared by the accounts).

/// One renamed spelling: in `command` (its path, `import cloudwatch`), the flag `flag`, or its value
/// `value` when one is given, is now `new`.
pub struct Renamed {
    pub command: &'static str,
    pub flag: &'static str,
    pub value: Option<&'static str>,
    pub new: &'static str,
}

/// Every spelling kept for one release.
pub const RENAMED: &[Renamed] = &[
    Renamed {
        command: "import cloudwatch",
        flag: "--start",
        value: None,
        new: "--start-time",
    },
    Renamed {
        command: "import cloudwatch",
        flag: "--end",
        value: None,
        new: "--end-time",
    },
    Renamed {
        command: "import cloudwatch",
        flag: "--out",
        value: None,
        new: "--profiles-out",
    },
    Renamed {
        command: "reconcile",
        flag: "--accounts",
        value: Some("linked"),
        new: "--accounts separate",
    },
    Renamed {
        command: "reconcile",
        flag: "--accounts",
        value: Some("payer"),
        new: "--accounts shared",
    },
];

/// The warnings for the old spellings in `args` (the command line after the program's name) of the
/// command `path`: `reconcile --accounts payer is now --accounts shared (...)`.
pub fn warnings(path: &str, args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for r in RENAMED.iter().filter(|r| r.command == path) {
        let typed = args.iter().enumerate().any(|(i, a)| {
            let (flag, inline) = match a.split_once('=') {
                Some((f, v)) => (f, Some(v)),
                None => (a.as_str(), None),
            };
            if flag != r.flag {
                return false;
            }
            match r.value {
                None => true,
                Some(v) => {
                    let given = inline.or_else(|| args.get(i + 1).map(String::as_str));
                    given.is_some_and(|g| g.trim().eq_ignore_ascii_case(v))
                }
            }
        });
        if typed {
            let old = match r.value {
                Some(v) => format!("{} {v}", r.flag),
                None => r.flag.to_string(),
            };
            out.push(format!(
                "{path} {old} is now {} (the old spelling works until the next release)",
                r.new
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn old_spellings_are_named_with_their_replacement() {
        assert_eq!(
            warnings("reconcile", &args("reconcile b.csv --accounts=payer")),
            ["reconcile --accounts payer is now --accounts shared (the old spelling works until the next release)"]
        );
        assert!(warnings("reconcile", &args("reconcile b.csv --accounts shared")).is_empty());
        assert_eq!(
            warnings(
                "import cloudwatch",
                &args("import cloudwatch r.json --out d")
            )
            .len(),
            1
        );
        // The same flag in another command is not renamed there.
        assert!(warnings("quote", &args("quote --start 2026-02")).is_empty());
        assert!(warnings(
            "import cloudwatch",
            &args("import cloudwatch --start-time x")
        )
        .is_empty());
    }
}

//! One meaning per input: the registry (`model::inputs`) is what clap, the profile reader and batch
//! use, and a rate means the same wherever it is typed.
mod common;
use common::*;

use apigw_cost::model::inputs;

/// Every subcommand (and nested subcommand) of the command line.
fn commands() -> Vec<clap::Command> {
    fn walk(c: &clap::Command, out: &mut Vec<clap::Command>) {
        for s in c.get_subcommands() {
            out.push(s.clone());
            walk(s, out);
        }
    }
    let mut out = Vec::new();
    walk(&apigw_cost::cli::command(), &mut out);
    out
}

#[test]
fn every_flag_of_the_registry_is_declared_once_with_its_help_and_unit() {
    let cmds = commands();
    for input in inputs::ALL {
        let mut seen = 0;
        for c in &cmds {
            for arg in c.get_arguments() {
                if arg.get_long() != Some(input.flag) {
                    continue;
                }
                seen += 1;
                let names: Vec<String> = arg
                    .get_value_names()
                    .unwrap_or_default()
                    .iter()
                    .map(|n| n.to_string())
                    .collect();
                assert_eq!(
                    names,
                    vec![input.unit.to_string()],
                    "--{} in {}",
                    input.flag,
                    c.get_name()
                );
                // batch's defaults say "Default ..."; a flag that also takes a range (the uncertainty
                // parsers, wrapping the registry's point parser) says so; every other shows the
                // registry's help, which a command may follow with what it does with the input.
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                if c.get_name() != "batch" && !help.contains("range") {
                    assert!(
                        help.starts_with(input.help),
                        "--{} in {}: {help:?}",
                        input.flag,
                        c.get_name()
                    );
                }
            }
        }
        assert!(
            seen > 0,
            "--{} is in the registry but no command takes it",
            input.flag
        );
    }
}

/// The columns batch reads (required and optional, with their other spellings).
fn batch_columns() -> Vec<&'static str> {
    apigw_cost::batch::row::REQUIRED
        .iter()
        .copied()
        .chain(
            apigw_cost::batch::row::OPTIONAL
                .iter()
                .map(|(name, _)| *name),
        )
        .collect()
}

/// Whether `key` (or its leaf, for a key under a table) names the flag `long` (`cache-hit` and
/// `cache.hit_rate` do not; `log-class` and `log_class`, `arch` and `backend.arch` do).
fn key_names_flag(key: &str, long: &str) -> bool {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    leaf == long.replace('-', "_")
}

/// The structural check behind "one registry": every profile key the reader takes and every batch
/// column is declared in `model::inputs`, every declared key and column is read, and every flag of a
/// command that reads a profile or a batch file, named like a profile key or a batch column, is the
/// registry's (its flag, value name and help): a flag added with a hand-written profile key fails here.
#[test]
fn every_flag_with_a_profile_key_or_batch_column_comes_from_the_registry() {
    let declared = inputs::declared();
    let keys = apigw_cost::model::profile::keys();
    let not_inputs = apigw_cost::model::profile::NOT_INPUTS;
    // The reader's keys: each an input of the registry (a key moved out of [latency] by either name).
    for k in &keys {
        if not_inputs.contains(&k.as_str()) {
            continue;
        }
        assert!(
            inputs::declared_by_key(k).is_some(),
            "profile key `{k}` is read but not declared in model/inputs.rs"
        );
    }
    // The registry's keys and columns: each read by the profile reader and by batch.
    let columns = batch_columns();
    for d in &declared {
        if let Some(k) = d.key {
            assert!(
                keys.iter().any(|r| r == k || *r == format!("latency.{k}")),
                "--{}'s profile key `{k}` is not read by the profile reader",
                d.flag
            );
        }
        if let Some(c) = d.column {
            assert!(
                columns.contains(&c),
                "--{}'s column `{c}` is not read by batch",
                d.flag
            );
        }
    }
    for c in &columns {
        assert!(
            *c == "id" || declared.iter().any(|d| d.column == Some(*c)),
            "batch column `{c}` is not declared in model/inputs.rs"
        );
    }
    // Every flag a profile or batch could also give comes from the registry, with its names.
    let mut checked = 0;
    for c in commands() {
        let reads_inputs =
            c.get_name() == "batch" || c.get_arguments().any(|a| a.get_long() == Some("profile"));
        if !reads_inputs {
            continue;
        }
        for arg in c.get_arguments() {
            let Some(long) = arg.get_long() else {
                continue;
            };
            let by_name = keys.iter().any(|k| key_names_flag(k, long))
                || columns.iter().any(|col| key_names_flag(col, long));
            let d = declared.iter().find(|d| d.flag == long);
            if !by_name && d.is_none() {
                continue;
            }
            let d = d.unwrap_or_else(|| {
                panic!(
                    "--{long} of `{}` is named like a profile key or batch column but is not in model/inputs.rs",
                    c.get_name()
                )
            });
            checked += 1;
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            // batch's flags are its columns' defaults ("Default ..."); a flag that also takes a
            // range says so; every other flag starts with the registry's help (a command may add
            // what it does with the input).
            if c.get_name() != "batch" && !help.contains("range") {
                assert!(
                    help.starts_with(d.help),
                    "--{long} in {}: help {help:?} is not the registry's {:?}",
                    c.get_name(),
                    d.help
                );
            }
            if !d.unit.is_empty() {
                let names: Vec<String> = arg
                    .get_value_names()
                    .unwrap_or_default()
                    .iter()
                    .map(|n| n.to_string())
                    .collect();
                assert_eq!(
                    names,
                    vec![d.unit.to_string()],
                    "--{long} in {}",
                    c.get_name()
                );
            }
        }
    }
    // The check ran over the flags of quote, compare, batch, ... (not over nothing).
    assert!(checked > 150, "only {checked} flags checked");
}

/// Every choice's names are the words of its errors, wherever the value was typed: a flag (clap's
/// possible values), a profile key and a batch cell.
#[test]
fn a_choice_is_refused_with_the_registry_s_names_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let base = "api = \"rest\"\nrequests = \"1M\"\n";
    for (choice, line) in [
        (
            &inputs::LOG_CLASS,
            "log_class = \"bogus\"\naccess_log_bytes = 100\n",
        ),
        (&inputs::AUTHORIZER, "authorizer = \"bogus\"\n"),
        (&inputs::ENDPOINT, "endpoint = \"bogus\"\n"),
        (
            &inputs::ARCH,
            "[backend]\nduration_ms = 10\nmemory_mb = 128\narch = \"bogus\"\n",
        ),
        (&inputs::BACKEND, "[backend]\nkind = \"bogus\"\n"),
    ] {
        let p = write("p.toml", &format!("{base}{line}"));
        let out = bin().args(["quote", "--profile", &p]).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let key = choice.key.unwrap();
        assert!(
            err.contains(&format!("key `{key}`"))
                && err.contains(&format!(
                    "invalid value 'bogus': expected {}",
                    choice.expected()
                )),
            "{key}: {err}"
        );
        // The flag lists the same names.
        let out = bin()
            .args([
                "quote",
                "--api",
                "rest",
                "--requests",
                "1M",
                choice.dashed,
                "bogus",
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        let names: Vec<&str> = choice.picks.iter().map(|p| p.name).collect();
        assert!(
            err.contains(&format!("[possible values: {}]", names.join(", "))),
            "{}: {err}",
            choice.dashed
        );
    }
    assert_eq!(
        inputs::LOG_CLASS.expected(),
        "standard or infrequent-access"
    );
    // A batch cell: the same names, and the same other spellings (arm64 is arm).
    for (csv, words) in [
        (
            "id,api,region,requests\na,soap,,1M\n",
            "column api, value 'soap': expected rest, http, websocket, alb or function-url",
        ),
        (
            "id,api,region,requests,arch,duration_ms,memory_mb\na,rest,,1M,sparc,10,128\n",
            "column arch, value 'sparc': expected x86 or arm",
        ),
    ] {
        let out = bin()
            .args(["batch", "-", "--summary"])
            .write_stdin(csv)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{err}");
    }
    let arm = |cell: &str| {
        let out = bin()
            .args(["batch", "-", "--summary"])
            .write_stdin(format!(
                "id,api,region,requests,arch,duration_ms,memory_mb\na,rest,,1M,{cell},100,1024\n"
            ))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The row's total and billed (its last two cells; the cells before echo the input).
        let text = String::from_utf8(out.stdout).unwrap();
        let last = text.lines().last().unwrap().to_string();
        let cells: Vec<&str> = last.rsplitn(3, ',').take(2).collect();
        cells.join(",")
    };
    assert_eq!(arm("arm64"), arm("arm"));
    assert_ne!(arm("arm"), arm("x86"));
}

#[test]
fn every_batch_column_of_the_registry_is_a_batch_column() {
    let known: Vec<&str> = apigw_cost::batch::row::OPTIONAL
        .iter()
        .map(|(name, _)| *name)
        .chain(["requests"])
        .collect();
    for input in inputs::ALL {
        if let Some(col) = input.column {
            assert!(
                known.contains(&col),
                "column {col} of --{} is not read by batch",
                input.flag
            );
        }
    }
}

/// A profile giving `key = value` (a dotted key is written in its table).
fn profile(key: &str, value: &str) -> String {
    let base = "api = \"rest\"\n";
    match key.split_once('.') {
        Some((table, k)) => format!(
            "{base}requests = \"10M\"\n[{table}]\n{k} = {value}\n{}",
            if table == "cache" && k != "size_gb" {
                "size_gb = 0.5\n"
            } else {
                ""
            }
        ),
        None if key == "requests" => format!("{base}{key} = {value}\n"),
        None => format!("{base}requests = \"10M\"\n{key} = {value}\n"),
    }
}

#[test]
fn a_rate_means_one_thing_on_every_flag_and_profile_key() {
    let dir = std::env::temp_dir().join(format!("apigw-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for input in inputs::ALL.iter().filter(|i| i.unit == "RATE") {
        // A bare 7: refused on the flag with both spellings.
        let out = bin()
            .args(["compare", "--apis", "rest", "--requests", "10M"])
            .args([input.dashed, "7"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{} 7: {err}", input.dashed);
        assert!(
            err.contains("7%") && err.contains("0.07"),
            "{} 7: {err}",
            input.dashed
        );
        // 1 alone: ambiguous.
        let out = bin()
            .args(["compare", "--apis", "rest", "--requests", "10M"])
            .args([input.dashed, "1"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{} 1: {err}", input.dashed);
        assert!(
            err.contains("100%") && err.contains("1%"),
            "{} 1: {err}",
            input.dashed
        );
        // The same in a profile, named by file and key.
        if let Some(key) = input.key {
            for (value, words) in [("7", ["7%", "0.07"]), ("\"1\"", ["100%", "1%"])] {
                let path = dir.join(format!("{}.toml", input.flag));
                std::fs::write(&path, profile(key, value)).unwrap();
                // A profile's growth is read by what projects; every other key by compare.
                let command = if key == "growth" {
                    "project"
                } else {
                    "compare"
                };
                let out = bin()
                    .args([command, "--profile"])
                    .arg(&path)
                    .output()
                    .unwrap();
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(!out.status.success(), "{key} = {value} accepted");
                let leaf = key.rsplit('.').next().unwrap();
                assert!(
                    err.contains(leaf)
                        && err.contains(".toml")
                        && words.iter().all(|w| err.contains(w)),
                    "{key} = {value}: {err}"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn seven_percent_and_0_07_price_the_same_discount() {
    let total = |rate: &str| {
        json(&[
            "quote",
            "--api",
            "rest",
            "--requests",
            "300M",
            "--discount",
            rate,
        ])["total"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(total("7%"), "976.50");
    assert_eq!(total("0.07"), "976.50");
    assert_eq!(total("100%"), "0.00");
}

#[test]
fn a_batch_cache_hit_follows_the_same_rule() {
    let out = bin()
        .args(["batch", "-", "--summary"])
        .write_stdin("id,api,region,requests,cache_gb,cache_hit\na,rest,,1M,0.5,60\n")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("cache_hit") && err.contains("60%") && err.contains("0.6"),
        "{err}"
    );
}

#[test]
fn lambda_settings_are_whole_and_within_lambda_s_range() {
    for (flag, value, words) in [
        ("--authorizer-memory-mb", "128.5", "whole MB"),
        ("--authorizer-duration-ms", "0.0001", "at least 1 ms"),
        ("--memory-mb", "100", "128 to 10240 MB"),
        ("--memory-mb", "512.5", "whole MB"),
    ] {
        let out = bin()
            .args([
                "quote",
                "--api",
                "rest",
                "--requests",
                "1M",
                "--authorizer",
                "lambda",
            ])
            .args(["--backend", "lambda", "--duration-ms", "10"])
            .args([flag, value])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {err}");
        assert!(
            err.contains(flag) && err.contains(words),
            "{flag} {value}: {err}"
        );
    }
}

#[test]
fn log_sizes_take_units_like_every_other_size() {
    let total = |bytes: &str| {
        json(&[
            "quote",
            "--api",
            "http",
            "--requests",
            "100M",
            "--access-log-bytes",
            bytes,
        ])["total"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(total("1KB"), total("1024"));
    assert_eq!(total("1024"), "147.68");
}

/// `azs` and `authorizer_duration_ms` are top-level keys: the endpoint and the authorizer (named as
/// their flags) are too, and `[latency]` takes them for one release with a warning.
#[test]
fn the_endpoint_and_the_authorizer_are_top_level_keys_beside_azs() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let base = "api = \"rest\"\nrequests = \"100M\"\nrequest_size = \"10KB\"\nazs = 3\n";
    let top = write("top.toml", &format!("{base}endpoint = \"private\"\n"));
    let old = write(
        "old.toml",
        &format!("{base}[latency]\nendpoint = \"private\"\n"),
    );
    let run = |p: &str| {
        let out = bin()
            .args(["quote", "--profile", p, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            json_total(&out.stdout),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (t_top, e_top) = run(&top);
    let (t_old, e_old) = run(&old);
    // 100M REST: 333M tier at $3.50 = $350.00; 3 AZs x 730 h x $0.01 = $21.90; 100M x 10 KB =
    // 953.67431640625 GB x $0.01 = $9.54 processed; a private API pays no internet egress: $381.44.
    assert_eq!(t_top, "381.44");
    assert_eq!(t_old, t_top);
    assert!(!e_top.contains("warning"), "{e_top}");
    assert!(
        e_old.contains("`endpoint` under [latency] (line 6) is now a top-level key"),
        "{e_old}"
    );
    // Both places at once: refused, naming both lines.
    let both = write(
        "both.toml",
        &format!("{base}endpoint = \"private\"\n[latency]\nendpoint = \"edge\"\n"),
    );
    let out = bin().args(["quote", "--profile", &both]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("key `endpoint` (line 5)") && err.contains("key `latency.endpoint` (line 7)"),
        "{err}"
    );
    // A bad value at the top level is named as written there.
    let bad = write("bad.toml", &format!("{base}authorizer = \"okta\"\n"));
    let out = bin().args(["quote", "--profile", &bad]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("key `authorizer` (line 5): invalid value 'okta'"),
        "{err}"
    );
}

/// A quote's `total` from its JSON.
fn json_total(stdout: &[u8]) -> String {
    let v: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    v["total"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| v["total"].to_string())
}

/// The error messages name an input by its `Field`: its flag, its placeholder and its batch column
/// are the registry's (a model error about `--cache` names `cache_gb` in batch and `--cache GB` on
/// the command line, as declared once in `model::inputs`).
#[test]
fn error_fields_name_inputs_as_the_registry_declares_them() {
    use apigw_cost::error::Field;
    let declared = inputs::declared();
    let mut checked = 0;
    for f in Field::ALL {
        let Some(d) = declared
            .iter()
            .find(|d| f.flag() == format!("--{}", d.flag))
        else {
            continue;
        };
        checked += 1;
        // A Lambda backend is set in batch by its duration_ms column.
        let column = match f {
            Field::Backend => Some("duration_ms"),
            _ => d.column,
        };
        assert_eq!(f.column(), column.unwrap_or("(row)"), "{f:?}");
        let usage = f.usage();
        if usage != f.flag() && !d.unit.is_empty() && !matches!(f, Field::Requests | Field::Apis) {
            assert_eq!(usage, format!("--{} {}", d.flag, d.unit), "{f:?}");
        }
    }
    assert!(
        checked >= 25,
        "only {checked} fields are inputs of the registry"
    );
}

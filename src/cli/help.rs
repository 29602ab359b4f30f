//! How `--help` is laid out: every option under a heading (the workload, the backend, the authorizer,
//! logs and tracing, the endpoint and WAF, pricing, output), and `--format` listing only the formats
//! the command writes. Parsing is unchanged: only the help text and its order move.

use clap::{Arg, Command};

/// The heading of an option, by clap id (anything not named here describes the workload).
fn heading(id: &str) -> &'static str {
    match id {
        "region" | "regions" | "prices" | "free_tier" | "account_age_months" | "discount" => {
            "Pricing"
        }
        "format" | "output" | "out" | "profiles_out" | "emit_sql" | "sql_table" | "summary"
        | "rejects" | "no_progress" | "threads" | "width" | "height" | "log_y" | "date" => "Output",
        "backend" | "duration_ms" | "memory_mb" | "init_ms" | "arch" | "runtime" | "handler_ms"
        | "cold_start_rate" | "concurrency" | "new_connections" => "Backend",
        "authorizer"
        | "authorizer_hit_rate"
        | "authorizer_ttl"
        | "identities"
        | "authorizer_duration_ms"
        | "authorizer_memory_mb"
        | "monthly_active_users" => "Authorizer",
        "access_log_bytes"
        | "execution_log_bytes"
        | "log_class"
        | "log_retention_months"
        | "xray_sampling" => "Logs and tracing",
        "endpoint" | "azs" | "waf" | "waf_rules" | "rule_evaluations" | "edge_geography"
        | "cacheable_share" | "origins" => "Endpoint, WAF and edge",
        _ => "Workload",
    }
}

/// The formats `path` writes, as `--format` takes them, for a command that reads `--format`
/// (`applies::reads` says which do; the others hide it).
pub fn formats(path: &str) -> &'static [&'static str] {
    match path {
        "inventory" | "import cloudwatch" => &["table", "json", "markdown"],
        "batch" => &["csv"],
        _ => &["table", "json", "csv", "markdown"],
    }
}

fn grouped(a: Arg) -> Arg {
    if a.is_positional() || a.get_id() == "help" || a.get_id() == "version" {
        return a;
    }
    let h = heading(a.get_id().as_str());
    a.help_heading(h)
}

/// `--format` as one command shows it: the formats it writes, in its help line.
pub fn format_for(a: &Arg, path: &str) -> Option<Arg> {
    let f = formats(path);
    if a.get_id() != "format" || f.len() == 4 {
        return None;
    }
    Some(
        a.clone()
            .hide_possible_values(true)
            .help(format!("Output format: {}", f.join(", ")))
            .help_heading("Output"),
    )
}

/// Every option of `cmd` and its subcommands under its heading.
pub fn group(cmd: Command) -> Command {
    cmd.mut_args(grouped).mut_subcommands(group)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_reading_format_lists_what_it_writes() {
        assert_eq!(formats("inventory"), ["table", "json", "markdown"]);
        assert_eq!(formats("quote"), ["table", "json", "csv", "markdown"]);
        assert_eq!(heading("cache_hit"), "Workload");
        assert_eq!(heading("xray_sampling"), "Logs and tracing");
    }
}

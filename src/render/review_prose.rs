//! Reader wording for the review pack. The sections of `review.md` are the reports of the commands a
//! user types, whose prose names the flags that change a figure ("meets --needs api-keys,..."). A review
//! board reads a profile, not a command line: here each flag becomes the profile key that sets the
//! same input, and the command itself is printed once per section, in its "Reproduce with" line.
//! The Inputs table's values are written for a reader too (`handler_ms = "45,180"` is "p50 45 ms,
//! p99 180 ms"; a TOML array is a list).

/// Whole phrases first (their wording changes with the flag), then any flag left: the profile key.
const PHRASES: [(&str, &str); 8] = [
    // The footers' pointer to the rounding rule: the pack states it in its Glossary.
    (
        "(the rule: apigw-cost --help)",
        "(the rule: \"Money\" in the Glossary)",
    ),
    (
        "(no allowance applied; --free-tier always|legacy|credits:AMOUNT to apply one)",
        "(no allowance applied; the profile's `free_tier` applies one: always, legacy or credits:AMOUNT)",
    ),
    // The same footer line as a Markdown list item (its `|` escaped).
    (
        "(no allowance applied; --free-tier always\\|legacy\\|credits:AMOUNT to apply one)",
        "(no allowance applied; the profile's `free_tier` applies one: always, legacy or credits:AMOUNT)",
    ),
    (
        "--cold-start-rate to give yours",
        "the profile's `latency.cold_start_rate` gives yours",
    ),
    (
        "give --cold-start-rate when you know better",
        "give the profile's `latency.cold_start_rate` when you know better",
    ),
    (
        "--init-ms from your REPORT lines",
        "the profile's `backend.init_ms` from your REPORT lines",
    ),
    (
        "(give --client-rtt-ms to include them)",
        "(the profile's `latency.client_rtt_ms` includes them)",
    ),
    (
        "per-component figures and sources: `apigw-cost latency --api <option>`",
        "per-component figures and sources: the section \"Added latency by component\"",
    ),
];

/// The quotes' notes that name a flag, as a template review's reader reads them: the template review
/// takes its inputs from the template, a usage file or a profile, so the advice names no flag.
const TEMPLATE_PHRASES: [(&str, &str); 4] = [
    (
        " (the API's region; --edge-geography to change)",
        " (the API's region)",
    ),
    (
        " served from CloudFront's cache (--cacheable-share)",
        " served from CloudFront's cache",
    ),
    (
        " not applied (--free-tier always to apply it)",
        " not applied (a free tier of `always` applies it)",
    ),
    (
        " not applied (--free-tier always to apply them)",
        " not applied (a free tier of `always` applies them)",
    ),
];

/// A section's text in reader wording: no flag outside the "Reproduce with" line.
pub fn for_board(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in PHRASES {
        out = out.replace(from, to);
    }
    out = needs(&out);
    flags_to_keys(&out, "the profile's")
}

/// A template review's text in reader wording (its notes, its quotes' footnotes): its phrases first,
/// then the profile review's (naming a profile's key), then any flag left as the profile key that
/// sets the same input.
pub fn for_template(text: &str) -> String {
    let mut out = text.to_string();
    for (from, to) in TEMPLATE_PHRASES {
        out = out.replace(from, to);
    }
    for (from, to) in PHRASES {
        out = out.replace(from, &to.replace("the profile's", "a profile's"));
    }
    flags_to_keys(&needs(&out), "a profile's")
}

/// `meets --needs a,b` and `(--needs a,b)`: the features by name, as the summary writes them.
fn needs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("--needs ") {
        let (before, after) = rest.split_at(at);
        let list_end = after["--needs ".len()..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ','))
            .map_or(after.len(), |n| n + "--needs ".len());
        let list = after["--needs ".len()..list_end].replace(',', ", ");
        match before.strip_suffix("meets ") {
            Some(b) => {
                out.push_str(b);
                out.push_str(&format!("has every feature this workload needs ({list})"));
            }
            None => {
                out.push_str(before);
                out.push_str(&format!("needs: {list}"));
            }
        }
        rest = &after[list_end..];
    }
    out.push_str(rest);
    out
}

/// Any other `--flag`: the profile key that sets the same input, in a code span.
fn flags_to_keys(text: &str, owner: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        let (before, after) = rest.split_at(at);
        let name_len = after[2..]
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(after.len() - 2);
        let name = &after[2..2 + name_len];
        let starts_word = before
            .chars()
            .last()
            .is_none_or(|c| c.is_whitespace() || c == '(' || c == '`');
        out.push_str(before);
        if name.is_empty() || !starts_word || !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            out.push_str("--");
            rest = &after[2..];
            continue;
        }
        // The profile key the registry declares for the flag, else the flag's name as a key.
        let key = crate::model::inputs::declared()
            .into_iter()
            .find(|d| d.flag == name)
            .and_then(|d| d.key)
            .map_or_else(|| name.replace('-', "_"), str::to_string);
        if before.ends_with('`') {
            out.push_str(&key);
        } else {
            out.push_str(&format!("{owner} `{key}`"));
        }
        rest = &after[2 + name_len..];
    }
    out.push_str(rest);
    out
}

/// An input's value as a reader reads it: the handler's percentiles named, units on milliseconds and
/// megabytes, a TOML array as a list.
pub fn input_value(name: &str, value: &str) -> String {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let items: Vec<&str> = inner
            .split(',')
            .map(|s| s.trim().trim_matches('"').trim_matches('\''))
            .filter(|s| !s.is_empty())
            .collect();
        return match items.is_empty() {
            true => "none".to_string(),
            false => items.join(", "),
        };
    }
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
    if name.ends_with("handler_ms") {
        let parts: Vec<&str> = v.split(',').map(str::trim).collect();
        match parts.as_slice() {
            [p50] if number(p50) => return format!("p50 {p50} ms"),
            [p50, p99] if number(p50) && number(p99) => {
                return format!("p50 {p50} ms, p99 {p99} ms")
            }
            _ => {}
        }
    }
    if name.ends_with("_ms") && number(v) {
        return format!("{v} ms");
    }
    if name.ends_with("_mb") && number(v) {
        return format!("{v} MB");
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_in_prose_and_in_a_heading() {
        assert_eq!(
            for_board("REST API is the cheapest option that meets --needs api-keys,request-validation ($1,204.23)."),
            "REST API is the cheapest option that has every feature this workload needs (api-keys, request-validation) ($1,204.23)."
        );
        assert_eq!(
            for_board("#### Feature fit (--needs api-keys,waf)"),
            "#### Feature fit (needs: api-keys, waf)"
        );
    }

    #[test]
    fn other_flags_become_profile_keys() {
        assert_eq!(
            for_board("set --memory-mb or --growth; a-b--c and `--x`"),
            "set the profile's `backend.memory_mb` or the profile's `growth`; a-b--c and `x`"
        );
        assert_eq!(
            for_board("free tier: none (no allowance applied; --free-tier always|legacy|credits:AMOUNT to apply one)"),
            "free tier: none (no allowance applied; the profile's `free_tier` applies one: always, legacy or credits:AMOUNT)"
        );
        assert!(!for_board("steady: give --cold-start-rate when you know better").contains("--"));
        // The footers' pointer to `--help` points to the review's own glossary.
        assert_eq!(
            for_board(crate::render::ROUNDING_NOTE),
            "Rounding: each month billed to the cent (the rule: \"Money\" in the Glossary)."
        );
    }

    #[test]
    fn a_template_reviews_notes_name_no_flag() {
        let note = "HTTP API + CloudFront + WAF assumes: viewers served from CloudFront's EU edge geography (the API's region; --edge-geography to change), 0% of responses served from CloudFront's cache (--cacheable-share), HTTPS requests; CloudFront's always-free allowance (10M requests, 1 TB out) not applied (--free-tier always to apply it)";
        assert_eq!(
            for_template(note),
            "HTTP API + CloudFront + WAF assumes: viewers served from CloudFront's EU edge geography (the API's region), 0% of responses served from CloudFront's cache, HTTPS requests; CloudFront's always-free allowance (10M requests, 1 TB out) not applied (a free tier of `always` applies it)"
        );
        assert_eq!(
            for_template("AWS says under 1% in steady production: --cold-start-rate to give yours)"),
            "AWS says under 1% in steady production: a profile's `latency.cold_start_rate` gives yours)"
        );
        assert_eq!(
            for_template("the smallest; --cache to choose"),
            "the smallest; a profile's `cache.size_gb` to choose"
        );
    }

    #[test]
    fn input_values_for_a_reader() {
        assert_eq!(
            input_value("latency.handler_ms", "45,180"),
            "p50 45 ms, p99 180 ms"
        );
        assert_eq!(input_value("latency.handler_ms", "45"), "p50 45 ms");
        assert_eq!(
            input_value("needs", "[\"api-keys\", \"request-validation\"]"),
            "api-keys, request-validation"
        );
        assert_eq!(input_value("needs", "[]"), "none");
        assert_eq!(input_value("backend.duration_ms", "45"), "45 ms");
        assert_eq!(input_value("backend.memory_mb", "512"), "512 MB");
        assert_eq!(input_value("requests", "300M"), "300M");
        assert_eq!(
            input_value("backend.duration_ms", "100..400"),
            "100..400 ms"
        );
    }
}

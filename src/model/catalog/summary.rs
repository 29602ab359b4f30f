//! A source's one-line summary (`prices sources`, the footers). Shared with the crate's `build.rs`
//! (`#[path]`), which summarises the embedded catalog's sources once at build time: so this file uses
//! serde_json only.

/// Whether a source is AWS's own (its `kind` starts with "AWS": AWS's price files, pages and docs),
/// as against third-party transcriptions, tools and secondary notes.
pub fn aws_own(value: &serde_json::Value) -> bool {
    value
        .get("kind")
        .and_then(|k| k.as_str())
        .is_some_and(|k| k.starts_with("AWS"))
}

/// `ID: what <where>`: the source's `what` (else `title`, else `kind`) and its URL (else repository
/// and path).
pub fn source_summary(id: &str, value: &serde_json::Value) -> String {
    let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let what = field("what")
        .or_else(|| field("title"))
        .or_else(|| field("kind"))
        .unwrap_or_default();
    let loc = field("origin_url")
        .or_else(|| field("url"))
        .or_else(|| match (field("repo"), field("path")) {
            (Some(r), Some(p)) => Some(format!("{r} {p}")),
            (Some(r), None) => Some(r),
            _ => None,
        })
        .unwrap_or_default();
    let mut s = format!("{id}: {what}");
    if !loc.is_empty() {
        s.push_str(&format!(" <{loc}>"));
    }
    s
}

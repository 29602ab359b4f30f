//! Definitions kept outside the template: `Fn::Transform` `AWS::Include` (in `Body`/`DefinitionBody`),
//! SAM's `DefinitionUri` and CloudFormation's `BodyS3Location`.
//!
//! A local file (a relative path, read relative to the template's directory, as `sam build` and
//! `aws cloudformation package` read it) is read with the template's size bound and judged like an
//! inline body. Anything that cannot be read here (an S3 location, a value known only at deploy time,
//! a missing or invalid file) is reported as unresolved for every feature an OpenAPI definition can
//! show, so the verdict is "undecided", never a guess.

use std::path::{Path, PathBuf};

use super::eval::Ctx;
use super::sink::Sink;
use super::{openapi, Value, MAX_TEMPLATE_BYTES};

/// The HTTP blockers an OpenAPI definition can show: unknown while the definition is unread.
const DEFINITION_FEATURES: [&str; 7] = [
    "api-keys",
    "request-validation",
    "request-transformation",
    "custom-gateway-responses",
    "resource-policies",
    "mock-integration",
    "response-streaming",
];

/// Whether `v` is an `AWS::Include` transform (`{Fn::Transform: {Name: AWS::Include, ...}}`).
pub fn is_include(v: &Value) -> bool {
    v.get("Fn::Transform")
        .and_then(|t| t.get("Name"))
        .and_then(Value::as_str)
        == Some("AWS::Include")
}

/// Reads an `AWS::Include` transform's `Location`.
pub fn include(v: &Value, at: &str, ctx: &Ctx, s: &mut Sink) {
    let loc = v
        .get("Fn::Transform")
        .and_then(|t| t.get("Parameters"))
        .and_then(|p| p.get("Location"));
    let what = format!("{at} (Fn::Transform AWS::Include)");
    match loc.map(|l| ctx.text(l)) {
        Some(Ok(l)) => location(&l, &what, s),
        Some(Err(why)) => unread(s, &what, format!("its Location: {why}")),
        None => unread(s, &what, "no Parameters.Location".into()),
    }
}

/// Reads SAM's `DefinitionUri` (a path or `s3://` URI, or `{Bucket, Key}`) or CloudFormation's
/// `BodyS3Location` (`{Bucket, Key}`).
pub fn uri(v: &Value, at: &str, ctx: &Ctx, s: &mut Sink) {
    match ctx.text(v) {
        Ok(l) => location(&l, at, s),
        Err(_) => {
            let part = |k: &str| v.get(k).map(|x| ctx.text(x).unwrap_or_else(|_| x.brief()));
            let shown = match (part("Bucket"), part("Key")) {
                (Some(b), Some(k)) => format!("s3://{b}/{k}"),
                _ => v.brief(),
            };
            unread(
                s,
                at,
                format!("the definition is in S3 ({shown}), not read here: give the file beside the template"),
            );
        }
    }
}

/// A location: read when it is a local file, else unresolved.
fn location(l: &str, at: &str, s: &mut Sink) {
    let lower = l.to_ascii_lowercase();
    if lower.starts_with("s3://") || lower.starts_with("https://") || lower.starts_with("http://") {
        return unread(
            s,
            at,
            format!(
                "the definition is at {} (remote), not read here: give the file beside the template",
                crate::error::shorten(l)
            ),
        );
    }
    let Some(path) = beside(&s.api.source, l) else {
        return unread(
            s,
            at,
            "the template came from standard input: a relative definition has no directory".into(),
        );
    };
    match read_local(&path) {
        Ok(doc) => {
            let at = format!("{at} = {}:", path.display());
            openapi::definition(&doc, &at, s);
        }
        Err(why) => unread(s, at, format!("{}: {why}", path.display())),
    }
}

/// `l` relative to the directory of the template at `source` (absolute paths as they are).
fn beside(source: &str, l: &str) -> Option<PathBuf> {
    let p = Path::new(l);
    if p.is_absolute() {
        return Some(p.to_path_buf());
    }
    if source == "-" || source.is_empty() {
        return None;
    }
    let dir = Path::new(source).parent().unwrap_or(Path::new(""));
    // `./api/x.yaml` beside `t/template.yaml` is `t/api/x.yaml` (the `.` left out).
    Some(dir.join(p).components().collect())
}

/// A local definition: a regular file within the size bound, parsed as JSON or YAML.
fn read_local(path: &Path) -> Result<Value, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read ({e})"))?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(format!(
            "{} bytes, more than the {MAX_TEMPLATE_BYTES}-byte bound",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read ({e})"))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(format!("more than the {MAX_TEMPLATE_BYTES}-byte bound"));
    }
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    super::parse_document(&path.display().to_string(), &text).map_err(|e| match e {
        crate::error::Error::File { message, .. } => message,
        other => other.to_string(),
    })
}

/// The definition could not be read: every feature it could show is unresolved.
pub fn unread(s: &mut Sink, at: &str, why: String) {
    s.api.unresolved(
        None,
        at.to_string(),
        format!(
            "{why} (the definition could use any of {})",
            DEFINITION_FEATURES.join(", ")
        ),
    );
    for f in DEFINITION_FEATURES {
        s.api.unresolved_features.insert(f.to_string());
    }
}

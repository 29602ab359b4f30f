//! Reading architecture from templates: CloudFormation (YAML with short-form intrinsics, or JSON), SAM
//! (its transform's resources, implicit APIs and `Globals`) and Terraform plans (`terraform show
//! -json`). One file per source format; each fills `model::inventory::FoundApi`s, which the model
//! judges against `data/features.json`.
//!
//! Input side only: the text comes from `cli::load` (read with a size bound); nothing here formats
//! output. Every size is bounded as the document is read (see docs/limits.md).

pub mod cfn;
mod cfn_features;
mod eval;
mod include;
mod json;
pub mod openapi;
mod resource;
pub mod sam;
mod sink;
pub mod terraform;
pub mod usage;
pub mod walk;
pub mod yaml;

use crate::error::{Error, Result};
use crate::model::inventory::FoundApi;

/// The largest template, plan or usage file read (CloudFormation's own limit is 1 MB; plans of large
/// estates are bigger).
pub const MAX_TEMPLATE_BYTES: u64 = 16 * 1024 * 1024;
/// The deepest nesting of mappings and sequences (serde_json's own limit for JSON is 128 too).
pub const MAX_DEPTH: usize = 128;
/// The most nodes in one document, counting each node an alias repeats.
pub const MAX_NODES: usize = 2_000_000;
/// The most scalar text in one document, in bytes, counting the text an alias repeats.
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// A parsed YAML or JSON document. Numbers keep their text; mapping keys are strings, in file order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Seq(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    /// The value under key `k` of a mapping (the last one if a key repeats).
    pub fn get(&self, k: &str) -> Option<&Value> {
        match self {
            Value::Map(m) => m.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) | Value::Num(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Value]> {
        match self {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// A boolean as CloudFormation reads one: `true`, or the strings "true"/"True".
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// Whether the value says nothing: null, an empty string, mapping or sequence.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Str(s) => s.is_empty(),
            Value::Seq(s) => s.is_empty(),
            Value::Map(m) => m.is_empty(),
            _ => false,
        }
    }

    /// A short text of the value for messages.
    pub fn brief(&self) -> String {
        let s = match self {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Num(s) | Value::Str(s) => s.clone(),
            Value::Seq(_) => "a list".to_string(),
            Value::Map(m) => match m.first() {
                Some((k, _)) if m.len() == 1 => format!("{{{k}: ...}}"),
                _ => "a mapping".to_string(),
            },
        };
        crate::error::shorten(&s)
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Num(n.to_string()),
            serde_json::Value::String(s) => Value::Str(s),
            serde_json::Value::Array(a) => Value::Seq(a.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                Value::Map(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

/// Parses a document: JSON when it starts with `{`, else YAML.
pub fn parse_document(path: &str, text: &str) -> Result<Value> {
    let err = |message: String| Error::File {
        path: path.to_string(),
        message,
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        json::parse(trimmed).map_err(err)
    } else {
        yaml::parse(trimmed).map_err(err)
    }
}

/// Every API in one file (CloudFormation, SAM or a Terraform plan, told apart by their content).
/// A file that is none of these is an error naming what was expected; one with no API gives none.
pub fn read(path: &str, text: &str) -> Result<Vec<FoundApi>> {
    let doc = parse_document(path, text)?;
    let err = |message: String| Error::File {
        path: path.to_string(),
        message,
    };
    if doc.get("format_version").is_some()
        && (doc.get("planned_values").is_some() || doc.get("terraform_version").is_some())
    {
        return terraform::read(path, &doc).map_err(err);
    }
    match doc.get("Resources") {
        Some(Value::Map(_)) => cfn::read(path, &doc).map_err(err),
        Some(other) => Err(err(format!(
            "Resources is {}: expected a mapping of logical ids to resources",
            other.brief()
        ))),
        None => Err(err(
            "not a CloudFormation or SAM template (no Resources section) nor a Terraform plan \
             (`terraform show -json PLAN`: format_version and planned_values)"
                .into(),
        )),
    }
}

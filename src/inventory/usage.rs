//! Infracost's usage file (`infracost-usage.yml`): `resource_usage` keyed by resource address, and
//! `resource_type_default_usage` keyed by resource type, with the API Gateway keys Infracost defines
//! (`monthly_requests`, `request_size_kb`, `monthly_messages`, `message_size_kb`,
//! `monthly_connection_mins`). A CloudFormation or SAM API is looked up by its logical id.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Value;
use crate::model::api::ApiKind;
use crate::model::numbers;

/// The traffic one entry gives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Usage {
    pub monthly_requests: Option<Decimal>,
    pub request_size_kb: Option<Decimal>,
    pub monthly_messages: Option<Decimal>,
    pub message_size_kb: Option<Decimal>,
    pub monthly_connection_mins: Option<Decimal>,
}

/// A parsed usage file.
#[derive(Debug, Default)]
pub struct UsageFile {
    by_address: HashMap<String, Usage>,
    by_type: HashMap<String, Usage>,
}

/// The Terraform resource types Infracost prices API Gateway traffic on.
const REST_TYPE: &str = "aws_api_gateway_rest_api";
const V2_TYPE: &str = "aws_apigatewayv2_api";

impl UsageFile {
    /// Reads the document; a known key with a bad value is an error naming the entry and key.
    pub fn parse(doc: &Value) -> Result<UsageFile, String> {
        if doc.get("resource_usage").is_none() && doc.get("resource_type_default_usage").is_none() {
            return Err(
                "not an Infracost usage file: expected resource_usage or resource_type_default_usage".into(),
            );
        }
        let mut f = UsageFile::default();
        for (section, map) in [
            ("resource_usage", &mut f.by_address),
            ("resource_type_default_usage", &mut f.by_type),
        ] {
            for (key, entry) in doc.get(section).and_then(Value::as_map).unwrap_or(&[]) {
                map.insert(
                    key.clone(),
                    usage(entry).map_err(|e| format!("{section}.{key}.{e}"))?,
                );
            }
        }
        Ok(f)
    }

    /// The usage of an API: by its address (or logical id), else its type's default.
    pub fn lookup(&self, id: &str, kind: ApiKind) -> Option<(&Usage, String)> {
        if let Some(u) = self.by_address.get(id) {
            return Some((u, format!("resource_usage.{id}")));
        }
        let ty = if kind == ApiKind::Rest {
            REST_TYPE
        } else {
            V2_TYPE
        };
        self.by_type
            .get(ty)
            .map(|u| (u, format!("resource_type_default_usage.{ty}")))
    }
}

fn usage(entry: &Value) -> Result<Usage, String> {
    let get =
        |k: &str, parse: fn(&str) -> Result<Decimal, String>| -> Result<Option<Decimal>, String> {
            match entry.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(v) => match v.as_str() {
                    Some(t) => parse(t)
                        .map(Some)
                        .map_err(|e| format!("{k}: '{}': {e}", crate::error::shorten(t))),
                    None => Err(format!("{k}: {} is not a number", v.brief())),
                },
            }
        };
    Ok(Usage {
        monthly_requests: get("monthly_requests", numbers::parse_count)?,
        request_size_kb: get("request_size_kb", numbers::parse_size_kb)?,
        monthly_messages: get("monthly_messages", numbers::parse_count)?,
        message_size_kb: get("message_size_kb", numbers::parse_size_kb)?,
        monthly_connection_mins: get("monthly_connection_mins", numbers::parse_count)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::yaml;

    #[test]
    fn addresses_then_type_defaults() {
        let doc = yaml::parse(
            "version: 0.1\nresource_type_default_usage:\n  aws_api_gateway_rest_api:\n    monthly_requests: 1000000\nresource_usage:\n  module.api.aws_api_gateway_rest_api.this:\n    monthly_requests: 100000000\n    request_size_kb: 2\n",
        )
        .unwrap();
        let f = UsageFile::parse(&doc).unwrap();
        let (u, from) = f
            .lookup("module.api.aws_api_gateway_rest_api.this", ApiKind::Rest)
            .unwrap();
        assert_eq!(u.monthly_requests, Some(Decimal::from(100_000_000)));
        assert_eq!(u.request_size_kb, Some(Decimal::from(2)));
        assert!(from.starts_with("resource_usage."));
        let (d, _) = f.lookup("other", ApiKind::Rest).unwrap();
        assert_eq!(d.monthly_requests, Some(Decimal::from(1_000_000)));
        assert!(f.lookup("other", ApiKind::Http).is_none());
    }

    #[test]
    fn a_bad_value_names_the_entry_and_key() {
        let doc = yaml::parse("resource_usage:\n  a.b:\n    monthly_requests: lots\n").unwrap();
        let e = UsageFile::parse(&doc).unwrap_err();
        assert!(
            e.contains("resource_usage.a.b.monthly_requests") && e.contains("lots"),
            "{e}"
        );
    }
}

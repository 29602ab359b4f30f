//! The command line's names for the model's enums: `clap::ValueEnum` for each, here in the CLI so that
//! the model does not know clap. Each list is the values a flag takes, each with its help (what
//! `--help`, the man page and the completions show); a model value the CLI does not take (the
//! HTTP+CloudFront+WAF workaround, added by `compare --needs`) has none.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::model::api::ApiKind;
use crate::model::around::LogClass;
use crate::model::breakeven::Variable;
use crate::model::latency::{Authorizer, Endpoint};
use crate::model::workload::Arch;

/// A value with its help text (`None`: no help shown).
fn value(name: &'static str, help: Option<&'static str>) -> Option<PossibleValue> {
    let v = PossibleValue::new(name);
    Some(match help {
        Some(h) => v.help(h),
        None => v,
    })
}

impl ValueEnum for ApiKind {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            ApiKind::Rest,
            ApiKind::Http,
            ApiKind::WebSocket,
            ApiKind::Alb,
            ApiKind::FunctionUrl,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            ApiKind::Rest => value("rest", Some("API Gateway REST API")),
            ApiKind::Http => value("http", Some("API Gateway HTTP API")),
            ApiKind::WebSocket => value("websocket", Some("API Gateway WebSocket API")),
            ApiKind::Alb => value(
                "alb",
                Some("Application Load Balancer in front of the backend"),
            ),
            ApiKind::FunctionUrl => value(
                "function-url",
                Some("Lambda Function URL (no gateway charge)"),
            ),
            ApiKind::HttpCloudFrontWaf => None,
        }
    }
}

impl ValueEnum for Arch {
    fn value_variants<'a>() -> &'a [Self] {
        &[Arch::X86, Arch::Arm]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            Arch::X86 => value("x86", None),
            Arch::Arm => value("arm", None),
        }
    }
}

impl ValueEnum for LogClass {
    fn value_variants<'a>() -> &'a [Self] {
        &[LogClass::Standard, LogClass::InfrequentAccess]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            LogClass::Standard => value("standard", None),
            LogClass::InfrequentAccess => value("infrequent-access", None),
        }
    }
}

impl ValueEnum for Variable {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Variable::Requests,
            Variable::RequestSize,
            Variable::CacheHit,
            Variable::Memory,
            Variable::Duration,
            Variable::Months,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Variable::Requests => "Monthly requests",
            Variable::RequestSize => "Average request payload, KB",
            Variable::CacheHit => "REST cache hit rate, percent",
            Variable::Memory => "Lambda memory, MB",
            Variable::Duration => "Lambda duration, ms",
            Variable::Months => "Months until a one-time migration cost is paid back",
        };
        value(self.name(), Some(help))
    }
}

impl ValueEnum for Authorizer {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Authorizer::None,
            Authorizer::Iam,
            Authorizer::Jwt,
            Authorizer::Lambda,
            Authorizer::LambdaCached,
            Authorizer::Cognito,
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let help = match self {
            Authorizer::None => None,
            Authorizer::Iam => Some("IAM (SigV4) authorization"),
            Authorizer::Jwt => Some("A JWT authorizer validated inside the gateway"),
            Authorizer::Lambda => {
                Some("A Lambda authorizer with caching off (every request invokes it)")
            }
            Authorizer::LambdaCached => {
                Some("A Lambda authorizer with a result cache (TTL): hits skip the invoke")
            }
            Authorizer::Cognito => Some("A Cognito user pool: its tokens are JWTs checked inside the gateway (latency as `jwt`), billed per monthly active user"),
        };
        value(self.name(), help)
    }
}

impl ValueEnum for Endpoint {
    fn value_variants<'a>() -> &'a [Self] {
        &[Endpoint::Regional, Endpoint::Edge, Endpoint::Private]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            Endpoint::Regional => value(
                "regional",
                Some("In the API's Region (HTTP APIs are Regional only)"),
            ),
            Endpoint::Edge => value(
                "edge",
                Some("At a CloudFront point of presence (REST APIs only), then on to the Region"),
            ),
            Endpoint::Private => value("private", Some("A private REST API, reached from a VPC through interface VPC endpoints (`--azs N`); its latency is modelled as a regional endpoint's")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each name parses back to its value (the CLI's names are the model's `name()`s where it has one).
    #[test]
    fn every_value_round_trips_by_name() {
        fn check<T: ValueEnum + PartialEq + std::fmt::Debug>() {
            for v in T::value_variants() {
                let name = v.to_possible_value().unwrap().get_name().to_string();
                assert_eq!(&T::from_str(&name, false).unwrap(), v, "{name}");
            }
        }
        check::<ApiKind>();
        check::<Arch>();
        check::<LogClass>();
        check::<Variable>();
        check::<Authorizer>();
        check::<Endpoint>();
        assert!(ApiKind::HttpCloudFrontWaf.to_possible_value().is_none());
        for k in ApiKind::value_variants() {
            assert_eq!(k.to_possible_value().unwrap().get_name(), k.name());
        }
    }
}

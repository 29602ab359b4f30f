//! The command line's names for the model's enums: `clap::ValueEnum` for each, here in the CLI so that
//! the model does not know clap. Each list is the values a flag takes, each with its help (what
//! `--help`, the man page and the completions show); a model value the CLI does not take (the
//! HTTP+CloudFront+WAF workaround, added by `compare --needs`) has none.

use clap::builder::PossibleValue;
use clap::ValueEnum;

use crate::model::api::ApiKind;
use crate::model::around::LogClass;
use crate::model::breakeven::Variable;
use crate::model::inputs;
use crate::model::latency::{Authorizer, Endpoint};
use crate::model::workload::Arch;

/// The value `name` of the registry's `choice`, with its help there (`None`: a name the registry does
/// not list, which clap then does not take).
fn value(choice: &inputs::Choice, name: &'static str) -> Option<PossibleValue> {
    let p = choice.picks.iter().find(|p| p.name == name)?;
    let v = PossibleValue::new(p.name).aliases(p.aliases.iter().copied());
    Some(match p.help {
        Some(h) => v.help(h),
        None => v,
    })
}

/// The value of `E` a registry's choice picked (`Choice::pick` gives only names it lists, and the
/// test below checks every listed name is a value).
pub(super) fn variant<E: ValueEnum + Clone>(name: &str) -> E {
    E::value_variants()
        .iter()
        .find(|v| v.to_possible_value().is_some_and(|p| p.get_name() == name))
        .or_else(|| E::value_variants().first())
        .cloned()
        .expect("a choice with values")
}

impl ValueEnum for ApiKind {
    fn value_variants<'a>() -> &'a [Self] {
        &ApiKind::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(&inputs::API, self.name())
    }
}

impl ValueEnum for Arch {
    fn value_variants<'a>() -> &'a [Self] {
        &[Arch::X86, Arch::Arm]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(&inputs::ARCH, self.name())
    }
}

impl ValueEnum for LogClass {
    fn value_variants<'a>() -> &'a [Self] {
        &[LogClass::Standard, LogClass::InfrequentAccess]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(&inputs::LOG_CLASS, self.name())
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
        Some(PossibleValue::new(self.name()).help(help))
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
        value(&inputs::AUTHORIZER, self.name())
    }
}

impl ValueEnum for Endpoint {
    fn value_variants<'a>() -> &'a [Self] {
        &[Endpoint::Regional, Endpoint::Edge, Endpoint::Private]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(&inputs::ENDPOINT, self.name())
    }
}

/// A backend priced behind the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An AWS Lambda function (requests and GB-seconds).
    Lambda,
}

impl ValueEnum for Backend {
    fn value_variants<'a>() -> &'a [Self] {
        &[Backend::Lambda]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        value(&inputs::BACKEND, "lambda")
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
        check::<Backend>();
        // Every name the registry lists is a value, and every value a name the registry lists.
        fn names<T: ValueEnum>() -> Vec<String> {
            T::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_string())
                .collect()
        }
        let listed = |c: &inputs::Choice| -> Vec<String> {
            c.picks.iter().map(|p| p.name.to_string()).collect()
        };
        assert_eq!(names::<ApiKind>(), listed(&inputs::API));
        assert_eq!(names::<Arch>(), listed(&inputs::ARCH));
        assert_eq!(names::<LogClass>(), listed(&inputs::LOG_CLASS));
        assert_eq!(names::<Authorizer>(), listed(&inputs::AUTHORIZER));
        assert_eq!(names::<Endpoint>(), listed(&inputs::ENDPOINT));
        assert_eq!(names::<Backend>(), listed(&inputs::BACKEND));
        assert!(ApiKind::HttpCloudFrontWaf.to_possible_value().is_none());
        for k in ApiKind::value_variants() {
            assert_eq!(k.to_possible_value().unwrap().get_name(), k.name());
        }
    }
}

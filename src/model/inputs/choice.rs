//! The inputs that take one of a list of names (`--api rest`, `--log-class standard`, a batch
//! `arch` cell), each declared once with its flag, profile key, batch column, help, the names it
//! takes (with their help and other spellings) and so the words its errors use: the flags' possible
//! values, the profile reader's and batch's "expected ..." all come from here.

/// One name a choice takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    /// The name as typed and as outputs write it (`function-url`).
    pub name: &'static str,
    /// Other spellings read as this name (`arm64` for `arm`), never shown.
    pub aliases: &'static [&'static str],
    /// What it means, as `--help` lists it (`None`: the name says it).
    pub help: Option<&'static str>,
}

/// One input that takes a name from a list.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// The long flag without its dashes (`log-class`).
    pub flag: &'static str,
    /// The flag as typed and as errors name it (`--log-class`).
    pub dashed: &'static str,
    /// The profile key, if a profile can give it.
    pub key: Option<&'static str>,
    /// The batch CSV column, if a batch row can give it.
    pub column: Option<&'static str>,
    /// The value's name in help (`API`); empty: the help lists the names.
    pub unit: &'static str,
    /// The help line.
    pub help: &'static str,
    /// The names it takes, in the order help lists them.
    pub picks: &'static [Pick],
    /// Said after the names when one is refused (`(the only backend modelled)`).
    pub note: Option<&'static str>,
}

impl Choice {
    /// (flag, profile key) as a profile's origins record them.
    pub fn names(&self) -> (&'static str, &'static str) {
        (self.dashed, self.key.unwrap_or(""))
    }

    /// The names as an error lists them: `rest, http, websocket, alb or function-url`, with the note.
    pub fn expected(&self) -> String {
        let names: Vec<&str> = self.picks.iter().map(|p| p.name).collect();
        let list = match names.split_last() {
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        match self.note {
            Some(n) => format!("{list} {n}"),
            None => list,
        }
    }

    /// The name `s` stands for (any case, spaces around it, or another spelling of it).
    pub fn pick(&self, s: &str) -> Option<&'static str> {
        let t = s.trim().to_ascii_lowercase();
        self.picks
            .iter()
            .find(|p| p.name == t || p.aliases.contains(&t.as_str()))
            .map(|p| p.name)
    }

    /// [`Choice::pick`], or the error every reader words the same: `expected NAMES`.
    pub fn parse(&self, s: &str) -> Result<&'static str, String> {
        self.pick(s)
            .ok_or_else(|| format!("expected {}", self.expected()))
    }

    /// The help of `name`, as `--help` lists it.
    pub fn help_of(&self, name: &str) -> Option<&'static str> {
        self.picks.iter().find(|p| p.name == name)?.help
    }

    /// The names every declaration has.
    pub const fn declared(&self) -> super::Declared {
        super::Declared {
            flag: self.flag,
            key: self.key,
            column: self.column,
            unit: self.unit,
            help: self.help,
        }
    }
}

const fn pick(name: &'static str, help: Option<&'static str>) -> Pick {
    Pick {
        name,
        aliases: &[],
        help,
    }
}

/// The options priced (`ApiKind`'s names; the CloudFront workaround is not typed, `compare --needs
/// waf` adds it).
const API_PICKS: &[Pick] = &[
    pick("rest", Some("API Gateway REST API")),
    pick("http", Some("API Gateway HTTP API")),
    pick("websocket", Some("API Gateway WebSocket API")),
    pick(
        "alb",
        Some("Application Load Balancer in front of the backend"),
    ),
    pick(
        "function-url",
        Some("Lambda Function URL (no gateway charge)"),
    ),
];

macro_rules! choices {
    ($($name:ident = $flag:literal, $key:expr, $column:expr, $unit:literal, $picks:expr, $note:expr, $help:literal;)*) => {
        $(
            #[doc = $help]
            pub const $name: Choice = Choice {
                flag: $flag,
                dashed: concat!("--", $flag),
                key: $key,
                column: $column,
                unit: $unit,
                help: $help,
                picks: $picks,
                note: $note,
            };
        )*
        /// Every choice of the registry.
        pub const CHOICES: &[Choice] = &[$($name),*];
    };
}

choices! {
    API = "api", Some("api"), Some("api"), "", API_PICKS, None,
        "The option to price (default: the profile's `api`, or its `apis` when it lists one)";
    APIS = "apis", Some("apis"), None, "", API_PICKS, None,
        "Options to price, comma-separated (default: the profile's `apis`/`api`, else rest,http)";
    AUTHORIZER = "authorizer", Some("authorizer"), None, "", &[
        pick("none", None),
        pick("iam", Some("IAM (SigV4) authorization")),
        pick("jwt", Some("A JWT authorizer validated inside the gateway")),
        pick("lambda", Some("A Lambda authorizer with caching off (every request invokes it)")),
        pick("lambda-cached", Some("A Lambda authorizer with a result cache (TTL): hits skip the invoke")),
        pick("cognito", Some("A Cognito user pool: its tokens are JWTs checked inside the gateway (latency as `jwt`), billed per monthly active user")),
    ], None,
        "Authorizer on every request: none (default), iam, jwt (no charge), lambda (every request invokes it), lambda-cached (cache misses do) or cognito (monthly active users)";
    ENDPOINT = "endpoint", Some("endpoint"), None, "", &[
        pick("regional", Some("In the API's Region (HTTP APIs are Regional only)")),
        pick("edge", Some("At a CloudFront point of presence (REST APIs only), then on to the Region")),
        pick("private", Some("A private REST API, reached from a VPC through interface VPC endpoints (`--azs N`); its latency is modelled as a regional endpoint's")),
    ], None,
        "Endpoint type: regional (default), edge (REST only: CloudFront PoP, then the Region) or private (REST only: interface VPC endpoints in --azs Availability Zones)";
    LOG_CLASS = "log-class", Some("log_class"), None, "", &[
        pick("standard", None),
        pick("infrequent-access", None),
    ], None,
        "CloudWatch Logs class of the log groups (default standard)";
    BACKEND = "backend", Some("backend.kind"), None, "lambda", &[
        pick("lambda", Some("An AWS Lambda function (requests and GB-seconds)")),
    ], Some("(the only backend modelled)"),
        "Backend to price behind the API (lambda)";
    ARCH = "arch", Some("backend.arch"), Some("arch"), "", &[
        Pick { name: "x86", aliases: &["x86_64"], help: None },
        Pick { name: "arm", aliases: &["arm64"], help: None },
    ], None,
        "Lambda architecture";
}

/// The choice a flag (`--log-class` or `log-class`) names.
pub fn choice_by_flag(flag: &str) -> Option<&'static Choice> {
    let f = flag.trim_start_matches('-');
    CHOICES.iter().find(|c| c.flag == f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_list_the_names_as_one_sentence() {
        assert_eq!(API.expected(), "rest, http, websocket, alb or function-url");
        assert_eq!(LOG_CLASS.expected(), "standard or infrequent-access");
        assert_eq!(BACKEND.expected(), "lambda (the only backend modelled)");
        assert_eq!(ARCH.pick(" ARM64 "), Some("arm"));
        assert_eq!(ARCH.parse("ppc"), Err("expected x86 or arm".to_string()));
        assert_eq!(API.pick("Function-URL"), Some("function-url"));
    }
}

//! Which resource properties show which feature of `data/features.json`, for CloudFormation's API
//! Gateway resources (v1 REST and v2 HTTP/WebSocket), SAM's API resources (after `Globals`) and the
//! OpenAPI extensions of an inline definition. A table, read by `cfn::apply_rules`.

/// What a property must be to show the feature.
#[derive(Debug, Clone, Copy)]
pub enum Test {
    /// Present and not empty.
    Present,
    /// A boolean `true` (or the string "true").
    True,
    /// Text equal (ignoring case) to one of these.
    OneOf(&'static [&'static str]),
    /// Text containing this (ignoring case).
    Contains(&'static str),
    /// Text starting with this.
    StartsWith(&'static str),
}

/// A resource type, a property path (`*`: each item of a list, or each value of a mapping), the test
/// and the feature it shows. An empty path: the resource itself shows the feature.
pub type Rule = (&'static str, &'static [&'static str], Test, &'static str);

const REST: &str = "AWS::ApiGateway::RestApi";
const STAGE: &str = "AWS::ApiGateway::Stage";
const DEPLOYMENT: &str = "AWS::ApiGateway::Deployment";
const METHOD: &str = "AWS::ApiGateway::Method";
const AUTHORIZER: &str = "AWS::ApiGateway::Authorizer";
const DOMAIN: &str = "AWS::ApiGateway::DomainName";
const V2_ROUTE: &str = "AWS::ApiGatewayV2::Route";
const V2_AUTHORIZER: &str = "AWS::ApiGatewayV2::Authorizer";
const V2_INTEGRATION: &str = "AWS::ApiGatewayV2::Integration";
const V2_DOMAIN: &str = "AWS::ApiGatewayV2::DomainName";
const SAM_API: &str = "AWS::Serverless::Api";
const SAM_HTTP: &str = "AWS::Serverless::HttpApi";
const SAM_WS: &str = "AWS::Serverless::WebSocketApi";

const LAMBDA_TYPES: &[&str] = &["TOKEN", "REQUEST"];

#[rustfmt::skip]
pub const RULES: &[Rule] = &[
    // REST API (v1)
    (REST, &["Policy"], Test::Present, "resource-policies"),
    ("AWS::ApiGateway::UsagePlan", &[], Test::Present, "per-client-throttling"),
    ("AWS::ApiGateway::UsagePlanKey", &[], Test::Present, "api-keys"),
    ("AWS::ApiGateway::ApiKey", &[], Test::Present, "api-keys"),
    ("AWS::ApiGateway::RequestValidator", &[], Test::Present, "request-validation"),
    ("AWS::ApiGateway::GatewayResponse", &[], Test::Present, "custom-gateway-responses"),
    ("AWS::ApiGateway::ClientCertificate", &[], Test::Present, "backend-certificates"),
    ("AWS::ApiGateway::BasePathMapping", &[], Test::Present, "custom-domains"),
    ("AWS::ApiGateway::BasePathMappingV2", &[], Test::Present, "custom-domains"),
    ("AWS::WAFv2::WebACLAssociation", &[], Test::Present, "waf"),
    ("AWS::WAFRegional::WebACLAssociation", &[], Test::Present, "waf"),
    (STAGE, &["TracingEnabled"], Test::True, "xray"),
    (STAGE, &["CanarySetting"], Test::Present, "canary-deployments"),
    (STAGE, &["ClientCertificateId"], Test::Present, "backend-certificates"),
    (STAGE, &["MethodSettings", "*", "LoggingLevel"], Test::OneOf(&["INFO", "ERROR"]), "execution-logs"),
    (STAGE, &["AccessLogSetting", "DestinationArn"], Test::Contains(":firehose:"), "firehose-access-logs"),
    (DEPLOYMENT, &["DeploymentCanarySettings"], Test::Present, "canary-deployments"),
    (DEPLOYMENT, &["StageDescription", "TracingEnabled"], Test::True, "xray"),
    (DEPLOYMENT, &["StageDescription", "CanarySetting"], Test::Present, "canary-deployments"),
    (DEPLOYMENT, &["StageDescription", "ClientCertificateId"], Test::Present, "backend-certificates"),
    (DEPLOYMENT, &["StageDescription", "LoggingLevel"], Test::OneOf(&["INFO", "ERROR"]), "execution-logs"),
    (METHOD, &["ApiKeyRequired"], Test::True, "api-keys"),
    (METHOD, &["AuthorizationType"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    (METHOD, &["AuthorizationType"], Test::OneOf(&["CUSTOM"]), "lambda-authorizer"),
    (METHOD, &["AuthorizationType"], Test::OneOf(&["COGNITO_USER_POOLS"]), "cognito-authorizer"),
    (METHOD, &["RequestValidatorId"], Test::Present, "request-validation"),
    (METHOD, &["Integration", "RequestTemplates"], Test::Present, "request-transformation"),
    (METHOD, &["Integration", "IntegrationResponses", "*", "ResponseTemplates"], Test::Present, "request-transformation"),
    (METHOD, &["Integration", "RequestParameters"], Test::Present, "parameter-mapping"),
    (METHOD, &["Integration", "Type"], Test::OneOf(&["MOCK"]), "mock-integration"),
    (METHOD, &["Integration", "ResponseTransferMode"], Test::OneOf(&["STREAM"]), "response-streaming"),
    (AUTHORIZER, &["Type"], Test::OneOf(LAMBDA_TYPES), "lambda-authorizer"),
    (AUTHORIZER, &["Type"], Test::OneOf(&["COGNITO_USER_POOLS"]), "cognito-authorizer"),
    (DOMAIN, &[], Test::Present, "custom-domains"),
    (DOMAIN, &["MutualTlsAuthentication"], Test::Present, "mutual-tls"),
    (DOMAIN, &["DomainName"], Test::StartsWith("*."), "wildcard-custom-domains"),
    (DOMAIN, &["EndpointConfiguration", "Types", "*"], Test::OneOf(&["EDGE"]), "edge-optimized"),
    // HTTP and WebSocket APIs (v2)
    ("AWS::ApiGatewayV2::Stage", &["AutoDeploy"], Test::True, "automatic-deployments"),
    (V2_AUTHORIZER, &["AuthorizerType"], Test::OneOf(&["JWT"]), "jwt-authorizer"),
    (V2_AUTHORIZER, &["AuthorizerType"], Test::OneOf(&["REQUEST"]), "lambda-authorizer"),
    (V2_ROUTE, &["AuthorizationType"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    (V2_ROUTE, &["ApiKeyRequired"], Test::True, "api-keys"),
    (V2_INTEGRATION, &["RequestTemplates"], Test::Present, "request-transformation"),
    (V2_INTEGRATION, &["RequestParameters"], Test::Present, "parameter-mapping"),
    (V2_INTEGRATION, &["IntegrationType"], Test::OneOf(&["MOCK"]), "mock-integration"),
    (V2_DOMAIN, &[], Test::Present, "custom-domains"),
    (V2_DOMAIN, &["MutualTlsAuthentication"], Test::Present, "mutual-tls"),
    ("AWS::ApiGatewayV2::ApiMapping", &[], Test::Present, "custom-domains"),
    // SAM (properties after Globals)
    (SAM_API, &["TracingEnabled"], Test::True, "xray"),
    (SAM_API, &["Policy"], Test::Present, "resource-policies"),
    (SAM_API, &["CanarySetting"], Test::Present, "canary-deployments"),
    (SAM_API, &["GatewayResponses"], Test::Present, "custom-gateway-responses"),
    (SAM_API, &["MethodSettings", "*", "LoggingLevel"], Test::OneOf(&["INFO", "ERROR"]), "execution-logs"),
    (SAM_API, &["Auth", "ApiKeyRequired"], Test::True, "api-keys"),
    (SAM_API, &["Auth", "UsagePlan", "CreateUsagePlan"], Test::OneOf(&["PER_API", "SHARED"]), "per-client-throttling"),
    (SAM_API, &["Auth", "UsagePlan", "CreateUsagePlan"], Test::OneOf(&["PER_API", "SHARED"]), "api-keys"),
    (SAM_API, &["Auth", "DefaultAuthorizer"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    (SAM_API, &["Auth", "Authorizers", "*", "FunctionArn"], Test::Present, "lambda-authorizer"),
    (SAM_API, &["Auth", "Authorizers", "*", "UserPoolArn"], Test::Present, "cognito-authorizer"),
    (SAM_API, &["Auth", "ResourcePolicy"], Test::Present, "resource-policies"),
    (SAM_API, &["Domain", "DomainName"], Test::Present, "custom-domains"),
    (SAM_API, &["Domain", "DomainName"], Test::StartsWith("*."), "wildcard-custom-domains"),
    (SAM_API, &["Domain", "MutualTlsAuthentication"], Test::Present, "mutual-tls"),
    (SAM_API, &["Domain", "EndpointConfiguration"], Test::OneOf(&["EDGE"]), "edge-optimized"),
    (SAM_API, &["AccessLogSetting", "DestinationArn"], Test::Contains(":firehose:"), "firehose-access-logs"),
    (SAM_HTTP, &["Auth", "Authorizers", "*", "JwtConfiguration"], Test::Present, "jwt-authorizer"),
    (SAM_HTTP, &["Auth", "Authorizers", "*", "FunctionArn"], Test::Present, "lambda-authorizer"),
    (SAM_HTTP, &["Auth", "EnableIamAuthorizer"], Test::True, "iam-auth"),
    (SAM_HTTP, &["Auth", "DefaultAuthorizer"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    (SAM_HTTP, &["Domain", "DomainName"], Test::Present, "custom-domains"),
    (SAM_HTTP, &["Domain", "MutualTlsAuthentication"], Test::Present, "mutual-tls"),
    (SAM_WS, &["Auth", "AuthType"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    (SAM_WS, &["Auth", "AuthType"], Test::OneOf(&["CUSTOM"]), "lambda-authorizer"),
    (SAM_WS, &["Routes", "*", "ApiKeyRequired"], Test::True, "api-keys"),
    (SAM_WS, &["Domain", "DomainName"], Test::Present, "custom-domains"),
];

/// OpenAPI extensions in an inline definition (`Body`, `DefinitionBody`), found at any depth: the key,
/// an optional property of its value and test, and the feature.
/// An OpenAPI extension key, an optional property of its value with its test, and the feature.
pub type Extension = (&'static str, Option<(&'static str, Test)>, &'static str);

#[rustfmt::skip]
pub const OPENAPI: &[Extension] = &[
    ("x-amazon-apigateway-request-validators", None, "request-validation"),
    ("x-amazon-apigateway-request-validator", None, "request-validation"),
    ("x-amazon-apigateway-gateway-responses", None, "custom-gateway-responses"),
    ("x-amazon-apigateway-policy", None, "resource-policies"),
    ("x-amazon-apigateway-api-key-source", None, "api-keys"),
    ("x-amazon-apigateway-authorizer", Some(("type", Test::OneOf(&["token", "request"]))), "lambda-authorizer"),
    ("x-amazon-apigateway-authorizer", Some(("type", Test::OneOf(&["cognito_user_pools"]))), "cognito-authorizer"),
    ("x-amazon-apigateway-authorizer", Some(("type", Test::OneOf(&["jwt"]))), "jwt-authorizer"),
    ("x-amazon-apigateway-integration", Some(("requestTemplates", Test::Present)), "request-transformation"),
    ("x-amazon-apigateway-integration", Some(("type", Test::OneOf(&["mock"]))), "mock-integration"),
    ("x-amazon-apigateway-integration", Some(("responseTransferMode", Test::OneOf(&["STREAM"]))), "response-streaming"),
];

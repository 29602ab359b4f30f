//! `inventory` and `review --template` end to end, on hand-written templates in
//! tests/fixtures/templates/ (one per construct: CloudFormation YAML and JSON, SAM implicit APIs with
//! Globals, SAM WebSocket APIs, an HTTP API in plain CloudFormation, a Terraform plan with nested
//! modules), asserting kinds, cache sizes, features, blockers and verdicts, and the costs of a review
//! worked out by hand from the catalog's prices.
mod common;
use common::*;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn inventory(name: &str) -> Value {
    json(&["inventory", &fixture(name)])
}

fn api<'a>(inv: &'a Value, id: &str) -> &'a Value {
    inv["apis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no API {id} in {inv:#}"))
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn a_rest_api_with_keys_cache_waf_validator_authorizer_xray_on_an_edge_endpoint() {
    let inv = inventory("rest-api.yaml");
    assert_eq!(inv["apis"].as_array().unwrap().len(), 2);
    let orders = api(&inv, "OrdersApi");
    assert_eq!(orders["kind"], "rest");
    assert_eq!(orders["name"], "prod-orders", "!Sub of the Env default");
    assert_eq!(
        orders["endpoint"], "edge",
        "no EndpointConfiguration: AWS's default"
    );
    assert_eq!(strings(&orders["stages"]), ["prod"]);
    // CacheClusterEnabled: !If [IsProd, ...] with Env's default prod; size from !FindInMap.
    assert_eq!(orders["cache_gb"], "6.1");
    assert_eq!(
        strings(&orders["features"]),
        [
            "api-keys",
            "caching",
            "edge-optimized",
            "lambda-authorizer",
            "per-client-throttling",
            "request-validation",
            "waf",
            "xray"
        ]
    );
    // Lambda authorizers work on HTTP APIs: every other feature blocks.
    assert_eq!(
        strings(&orders["http_blockers"]),
        [
            "api-keys",
            "caching",
            "edge-optimized",
            "per-client-throttling",
            "request-validation",
            "waf",
            "xray"
        ]
    );
    assert_eq!(orders["verdict"], "moves-with-workarounds");
    // The WAF association names the API and the stage inside an !Sub ARN.
    assert!(strings(&orders["evidence"]["waf"])[0].contains("WebAclOnStage"));
    assert!(orders["unresolved"].as_array().unwrap().is_empty());

    let internal = api(&inv, "InternalApi");
    assert_eq!(internal["endpoint"], "private");
    assert_eq!(
        strings(&internal["http_blockers"]),
        ["private-endpoint", "resource-policies"]
    );
    assert_eq!(internal["verdict"], "stays");
    // DevOnlyStage exists only if IsDev, which resolves false: its stage and X-Ray are left out.
    assert_eq!(strings(&internal["stages"]), ["v1"]);
    assert!(internal["evidence"].get("xray").is_none());
}

#[test]
fn an_unresolved_condition_is_reported_not_guessed() {
    let inv = inventory("conditional.yaml");
    let a = api(&inv, "CatalogApi");
    assert_eq!(a["endpoint"], "regional");
    assert!(a["features"].as_array().unwrap().is_empty());
    assert_eq!(a["cache_gb"], Value::Null, "not known, not 1.6 GB");
    let u = &a["unresolved"][0];
    assert_eq!(u["feature"], "caching");
    assert!(
        u["why"]
            .as_str()
            .unwrap()
            .contains("parameter EnableCache has no default"),
        "{u}"
    );
    assert_eq!(a["possible_blockers"][0]["feature"], "caching");
    assert!(inv["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("CatalogApi: 1 value(s)"));
    assert_eq!(a["verdict"], "undecided");
}

#[test]
fn cloudformation_json_with_long_form_intrinsics() {
    let inv = inventory("rest-api.json");
    let a = api(&inv, "PartnerApi");
    assert_eq!(a["name"], "partner-v2", "Fn::Join over the Stage default");
    assert_eq!(a["endpoint"], "regional");
    assert_eq!(strings(&a["stages"]), ["v2"]);
    assert_eq!(
        strings(&a["features"]),
        [
            "canary-deployments",
            "cognito-authorizer",
            "custom-gateway-responses",
            "request-transformation",
            "resource-policies"
        ]
    );
    // A canary deployment and a mapping template (an SQS integration) block HTTP too.
    assert_eq!(
        strings(&a["http_blockers"]),
        [
            "canary-deployments",
            "custom-gateway-responses",
            "request-transformation",
            "resource-policies"
        ]
    );
    assert_eq!(a["verdict"], "moves-with-workarounds");
}

#[test]
fn sam_implicit_rest_and_http_apis_take_their_globals() {
    let inv = inventory("sam-implicit.yaml");
    assert_eq!(inv["apis"].as_array().unwrap().len(), 2);
    let rest = api(&inv, "ServerlessRestApi");
    assert_eq!(rest["kind"], "rest");
    assert_eq!(rest["format"], "sam");
    assert_eq!(
        rest["endpoint"], "regional",
        "Globals.Api.EndpointConfiguration"
    );
    assert_eq!(strings(&rest["stages"]), ["Prod"]);
    assert_eq!(rest["cache_gb"], "0.5");
    assert_eq!(
        strings(&rest["features"]),
        [
            "api-keys",
            "caching",
            "iam-auth",
            "request-validation",
            "xray"
        ]
    );
    assert_eq!(
        strings(&rest["http_blockers"]),
        ["api-keys", "caching", "request-validation", "xray"]
    );
    // iam-auth and request validation come from one event's Auth and RequestModel.
    assert!(strings(&rest["evidence"]["iam-auth"])[0].contains("event Create"));
    let http = api(&inv, "ServerlessHttpApi");
    assert_eq!(http["kind"], "http");
    assert_eq!(strings(&http["stages"]), ["$default"]);
    assert_eq!(strings(&http["features"]), ["jwt-authorizer"]);
    assert!(http["http_blockers"].as_array().unwrap().is_empty());
    assert_eq!(http["verdict"], Value::Null, "nothing to move");
}

#[test]
fn sam_websocket_apis() {
    let inv = inventory("sam-websocket.yaml");
    let chat = api(&inv, "ChatApi");
    assert_eq!(chat["kind"], "websocket");
    assert_eq!(strings(&chat["stages"]), ["default"]);
    assert_eq!(strings(&chat["features"]), ["api-keys", "iam-auth"]);
    let notify = api(&inv, "NotifyApi");
    assert_eq!(notify["kind"], "websocket");
    assert_eq!(strings(&notify["stages"]), ["production"]);
    assert_eq!(
        strings(&notify["features"]),
        ["automatic-deployments", "lambda-authorizer"]
    );
    assert!(notify["http_blockers"].as_array().unwrap().is_empty());
}

#[test]
fn an_http_api_in_plain_cloudformation() {
    let inv = inventory("http-api.yaml");
    let a = api(&inv, "ShopApi");
    assert_eq!(a["kind"], "http");
    assert_eq!(a["endpoint"], "regional");
    assert_eq!(strings(&a["stages"]), ["$default"]);
    // The domain is tied to the API through its ApiMapping.
    assert_eq!(
        strings(&a["features"]),
        [
            "automatic-deployments",
            "custom-domains",
            "iam-auth",
            "jwt-authorizer",
            "mutual-tls"
        ]
    );
    assert_eq!(a["verdict"], Value::Null);
}

#[test]
fn a_terraform_plan_with_nested_modules() {
    let inv = inventory("plan-with-module.json");
    let billing = api(&inv, "module.billing.aws_api_gateway_rest_api.this");
    assert_eq!(
        billing["region"], "eu-west-1",
        "var.region's value in the plan"
    );
    assert_eq!(billing["format"], "terraform-plan");
    assert_eq!(billing["endpoint"], "regional");
    assert_eq!(strings(&billing["stages"]), ["live"]);
    assert_eq!(billing["cache_gb"], "13.5");
    // The WAF association and usage plan sit in module.billing.module.edge and reach the API through
    // the module's input variables.
    assert_eq!(
        strings(&billing["features"]),
        [
            "caching",
            "execution-logs",
            "lambda-authorizer",
            "per-client-throttling",
            "waf"
        ]
    );
    assert_eq!(
        strings(&billing["http_blockers"]),
        ["caching", "execution-logs", "per-client-throttling", "waf"]
    );
    let events = api(&inv, "aws_apigatewayv2_api.events");
    assert_eq!(events["kind"], "http");
    assert_eq!(strings(&events["features"]), ["automatic-deployments"]);
}

#[test]
fn table_and_markdown_show_blockers_with_their_workarounds() {
    let table = bin()
        .args(["inventory", &fixture("rest-api.yaml")])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("moves with workarounds") && table.contains("stays"));
    assert!(table.contains("blocks HTTP: AWS WAF (waf): workaround: CloudFront with AWS WAF"));
    let md = bin()
        .args([
            "inventory",
            &fixture("rest-api.yaml"),
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let md = String::from_utf8(md).unwrap();
    // One layout for both: the table's blockers as a bulleted list under each API in Markdown.
    assert!(
        md.contains("OrdersApi (rest):\n\n- blocks HTTP: ")
            && md.contains("\n- blocks HTTP: AWS WAF (waf): workaround: CloudFront with AWS WAF"),
        "{md}"
    );
    // The evidence behind each feature is the JSON's (and the template review's).
    let inv = inventory("rest-api.yaml");
    assert_eq!(
        strings(&api(&inv, "OrdersApi")["evidence"]["xray"]),
        ["AWS::ApiGateway::Stage ProdStage: TracingEnabled = true"]
    );
}

#[test]
fn several_files_in_one_run() {
    let inv = json(&[
        "inventory",
        &fixture("rest-api.yaml"),
        &fixture("http-api.yaml"),
    ]);
    assert_eq!(inv["apis"].as_array().unwrap().len(), 3);
    assert_eq!(inv["files"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_input_is_a_clear_error_or_a_stated_nothing_found() {
    bin()
        .args(["inventory", &fixture("bad-intrinsic.yaml")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 6").and(predicate::str::contains("'!Concat'")));
    bin()
        .args(["inventory", &fixture("not-a-template.yaml")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "not a CloudFormation or SAM template",
        ));
    bin()
        .args(["inventory", &fixture("no-apis.yaml")])
        .assert()
        .success()
        .stdout(predicate::str::contains("No API Gateway API"));
    let none = json(&["inventory", &fixture("no-apis.yaml")]);
    assert!(none["apis"].as_array().unwrap().is_empty());
    assert!(none["warnings"][0]
        .as_str()
        .unwrap()
        .contains("No API Gateway API"));
    bin()
        .args(["inventory", &fixture("rest-api.yaml"), "--format", "csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format"));
    bin()
        .args(["inventory", "/nonexistent/t.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("/nonexistent/t.yaml"));
}

fn stdin_inventory(text: &str) -> assert_cmd::assert::Assert {
    bin().args(["inventory", "-"]).write_stdin(text).assert()
}

#[test]
fn hostile_templates_stop_at_their_bounds() {
    // An intrinsic CloudFormation does not define, in JSON's long form.
    stdin_inventory(r#"{"Resources": {"A": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": {"Fn::Frobnicate": "x"}}}}}"#)
        .code(1)
        .stderr(predicate::str::contains("unknown intrinsic function 'Fn::Frobnicate'"));
    // A billion laughs: 10 anchors, each ten aliases of the previous one (10^10 nodes expanded).
    let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut prev = 'a';
    for c in 'b'..='k' {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        doc.push_str(&format!("{c}: &{c} [{refs}]\n"));
        prev = c;
    }
    stdin_inventory(&doc)
        .code(1)
        .stderr(predicate::str::contains("more than 2000000 nodes"));
    // Nesting deeper than the bound: YAML block style (this reader's bound), YAML flow style (the
    // parser's own, 255 levels) and JSON (serde_json's, 128).
    stdin_inventory(&format!("{}x\n", "- ".repeat(10_000)))
        .code(1)
        .stderr(predicate::str::contains("nested more than 128 levels"));
    stdin_inventory(&format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000)))
        .code(1)
        .stderr(predicate::str::contains("recursion limit exceeded"));
    stdin_inventory(&format!(
        "{{\"a\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    ))
    .code(1)
    .stderr(predicate::str::contains("recursion limit"));
    // A plan of a format major this reader does not know.
    stdin_inventory(r#"{"format_version": "2.0", "planned_values": {}}"#)
        .code(1)
        .stderr(predicate::str::contains(
            "format_version '2.0' is not supported",
        ));
    // Not UTF-8.
    bin()
        .args(["inventory", "-"])
        .write_stdin(vec![b'a', b':', b' ', 0xff, b'\n'])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not UTF-8"));
}

fn review(args: &[&str]) -> (tempfile::TempDir, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    bin()
        .arg("review")
        .args(args)
        .args(["--out", out.to_str().unwrap()])
        .assert()
        .success();
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("review.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    (dir, j, md)
}

fn reviewed<'a>(j: &'a Value, id: &str) -> &'a Value {
    j["apis"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
}

/// The exact total of one side (`now` or `http`) equals the sum of its lines.
fn side_total(cost: &Value, side: &str) -> rust_decimal::Decimal {
    let sum: rust_decimal::Decimal = cost[side]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| money(&l["amount"]))
        .sum();
    assert_eq!(money(&cost[side]["total_exact"]), sum);
    money(&cost[side]["total"])
}

#[test]
fn review_template_prices_each_rest_api_now_and_as_http() {
    let (_dir, j, md) = review(&[
        "--template",
        &fixture("rest-api.yaml"),
        "--requests",
        "100M",
    ]);
    let orders = reviewed(&j, "OrdersApi");
    let c = &orders["cost"];
    assert_eq!(
        c["region"], "us-east-1",
        "no region in a CloudFormation template: --region's default"
    );
    // REST now: 100M x $3.50/M = $350.00, the template's 6.1 GB cache $0.20/h x 730 h = $146.00, and
    // its WAF association: a web ACL $5.00 + 100M requests x $0.60/M = $60.00: $561.00.
    assert_eq!(side_total(c, "now"), d("561.00"));
    // HTTP: 100M x $1.00/M = $100.00 (no stage cache, no WAF on an HTTP API).
    assert_eq!(side_total(c, "http"), d("100.00"));
    // Caching, edge and WAF need CloudFront + WAF in front: CloudFront HTTPS (United States) 100M x
    // $1.00/M = $100.00, the HTTP API $100.00, WAF in us-east-1 $5.00 + $60.00: $265.00, which adds
    // $165.00 to the HTTP API.
    let f = &c["fronting"];
    assert_eq!(f["what"], "HTTP API + CloudFront + WAF");
    assert_eq!(money(&f["option"]["total"]), d("265.00"));
    let sum: rust_decimal::Decimal = f["option"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| money(&l["amount"]))
        .sum();
    assert_eq!(money(&f["option"]["total_exact"]), sum);
    assert_eq!(money(&f["total"]), d("165.00"));
    // Saving: 561.00 - 100.00 - 165.00 = 296.00 a month, x 12 = 3,552.00 a year.
    assert_eq!(money(&c["saving_month"]), d("296.00"));
    assert_eq!(money(&c["saving_year"]), d("3552.00"));
    assert_eq!(orders["verdict"], "moves-with-workarounds");
    // The private API stays: its saving is not counted.
    let internal = reviewed(&j, "InternalApi");
    assert_eq!(internal["verdict"], "stays");
    assert_eq!(side_total(&internal["cost"], "now"), d("350.00"));
    assert_eq!(money(&j["total_saving_month"]), d("296.00"));
    assert_eq!(money(&j["total_saving_year"]), d("3552.00"));
    assert!(md.contains("| prod-orders (`OrdersApi`) | moves with workarounds | $561.00 | $100.00 | $165.00 | $296.00 | $3,552.00 |"), "{md}");
    assert!(
        md.contains("| internal (`InternalApi`) | stays | $350.00 | $100.00 | - | - | - |"),
        "{md}"
    );
    assert!(md.contains("| **APIs that move** | | | | | **$296.00** | **$3,552.00** |"));
}

#[test]
fn review_template_reads_infracost_usage_by_address_and_the_plans_region() {
    let (_dir, j, _md) = review(&[
        "--template",
        &fixture("plan-with-module.json"),
        "--usage",
        &fixture("infracost-usage.yml"),
    ]);
    assert_eq!(
        j["apis"].as_array().unwrap().len(),
        1,
        "the HTTP API is not reviewed"
    );
    assert_eq!(j["others"][0]["id"], "aws_apigatewayv2_api.events");
    let billing = reviewed(&j, "module.billing.aws_api_gateway_rest_api.this");
    let c = &billing["cost"];
    assert_eq!(c["region"], "eu-west-1");
    assert!(c["traffic_from"]
        .as_str()
        .unwrap()
        .contains("resource_usage.module.billing"));
    // eu-west-1, 400M REST requests: 333M x $3.50/M = $1,165.50 + 67M x $3.19/M = $213.73; the 13.5 GB
    // cache $0.25/h x 730 h = $182.50; WAF $5.00 + 400M x $0.60/M = $240.00: $1,806.73.
    assert_eq!(side_total(c, "now"), d("1806.73"));
    // As HTTP: 300M x $1.11/M = $333.00 + 100M x $1.00/M = $100.00: $433.00.
    assert_eq!(side_total(c, "http"), d("433.00"));
    // Behind CloudFront (EU edge, the region's): 400M x $1.20/M = $480.00, the HTTP API $433.00, WAF
    // in us-east-1 $5.00 + $240.00: $1,158.00, so CloudFront and WAF add $725.00.
    assert_eq!(money(&c["fronting"]["option"]["total"]), d("1158.00"));
    assert_eq!(money(&c["fronting"]["total"]), d("725.00"));
    // 1,806.73 - 433.00 - 725.00 = 648.73 a month; x 12 = 7,784.76 a year.
    assert_eq!(money(&c["saving_month"]), d("648.73"));
    assert_eq!(money(&c["saving_year"]), d("7784.76"));
}

#[test]
fn review_template_needs_traffic_and_a_rest_api() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    bin()
        .args([
            "review",
            "--template",
            &fixture("rest-api.yaml"),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--usage"));
    bin()
        .args([
            "review",
            "--template",
            &fixture("http-api.yaml"),
            "--requests",
            "1M",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("no REST API in "))
        .stderr(predicate::str::contains(
            "nothing to move to HTTP, no pack written",
        ));
    assert!(!out.exists(), "no REST API: no pack");
    // An API the usage file does not name, with no --requests: stated as not priced.
    let (_d, j, md) = review(&[
        "--template",
        &fixture("rest-api.yaml"),
        "--usage",
        &fixture("infracost-usage.yml"),
    ]);
    assert_eq!(reviewed(&j, "OrdersApi")["cost"]["priced"], false);
    assert!(j["warnings"][0]
        .as_str()
        .unwrap()
        .starts_with("OrdersApi: not priced: no traffic"));
    assert!(md.contains("Not priced: no traffic for OrdersApi"), "{md}");
    // A region whose catalog has no HTTP API prices: each API is stated as not priced, naming it.
    let (_d, j, _md) = review(&[
        "--template",
        &fixture("rest-api.yaml"),
        "--requests",
        "1M",
        "--region",
        "ap-east-2",
    ]);
    let c = &reviewed(&j, "InternalApi")["cost"];
    assert_eq!(c["priced"], false);
    assert!(c["why"].as_str().unwrap().contains("ap-east-2"), "{c}");
    // Options that belong to a profile review are refused with --template.
    for extra in [["--apis", "rest,http"], ["--start", "2026-02"]] {
        bin()
            .args([
                "review",
                "--template",
                &fixture("rest-api.yaml"),
                "--requests",
                "1M",
            ])
            .args(extra)
            .args(["--out", out.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(extra[0]));
    }
    // A profile review takes no traffic flags.
    bin()
        .args([
            "review",
            "data/profiles/partner-api-review.toml",
            "--requests",
            "1M",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--template"));
}

#[test]
fn a_usage_plan_over_two_apis_ties_neither_to_the_others_stage() {
    let inv = inventory("shared-usage-plan.yaml");
    let a = api(&inv, "A");
    let b = api(&inv, "B");
    assert_eq!(strings(&a["stages"]), ["a1"]);
    assert_eq!(strings(&b["stages"]), ["b1"]);
    assert_eq!(a["cache_gb"], "237");
    assert_eq!(b["cache_gb"], Value::Null);
    assert_eq!(
        strings(&a["features"]),
        ["api-keys", "caching", "per-client-throttling", "xray"]
    );
    // The key reaches both APIs through the plan key and the plan.
    assert_eq!(
        strings(&b["features"]),
        ["api-keys", "per-client-throttling"]
    );
}

#[test]
fn deploy_time_values_count_as_present_but_decide_no_test_they_cannot() {
    let doc = "
Parameters:
  LogLevel: {Type: String}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {EndpointConfiguration: {Types: [REGIONAL]}}
  Stream: {Type: AWS::KinesisFirehose::DeliveryStream}
  Logs: {Type: AWS::Logs::LogGroup}
  ToFirehose:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: s1
      AccessLogSetting: {DestinationArn: !GetAtt Stream.Arn}
      MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', LoggingLevel: !Ref LogLevel}]
  ToLogs:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: s2, AccessLogSetting: {DestinationArn: !GetAtt Logs.Arn}}
  Validator:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, HttpMethod: GET, AuthorizationType: NONE, RequestValidatorId: !Ref LogLevel}
";
    let out = bin()
        .args(["inventory", "-", "--format", "json"])
        .write_stdin(doc)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = api(&inv, "Api");
    // The Firehose ARN names its service at deploy time; the log group's does not match.
    let firehose = strings(&a["evidence"]["firehose-access-logs"]);
    assert_eq!(firehose.len(), 1);
    assert!(firehose[0].contains("ToFirehose"), "{firehose:?}");
    // A parameter without a default is there (present), but its value decides no equality test.
    assert!(a["evidence"].get("request-validation").is_some());
    let u = &a["unresolved"][0];
    assert_eq!(u["feature"], "execution-logs");
    assert!(u["why"]
        .as_str()
        .unwrap()
        .contains("LogLevel has no default"));
}

/// Runs from the crate root, so that the paths written into the output are relative and stable.
fn run_here(args: &[&str]) -> String {
    let out = bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn golden_inventory_markdown_of_the_sample_application() {
    insta::assert_snapshot!(run_here(&[
        "inventory",
        "examples/templates/orders-platform.yaml",
        "--format",
        "markdown"
    ]));
}

#[test]
fn golden_review_of_the_sample_application() {
    // eu-west-1. PublicApi, 250M: REST 250M x $3.50/M = $875.00 + 1.6 GB cache $0.038 x 730 h = $27.74
    // + WAF $5.00 + 250M x $0.60/M = $150.00: $1,057.74. HTTP 250M x $1.11/M = $277.50; behind
    // CloudFront (EU) 250M x $1.20/M = $300.00 + $277.50 + WAF $155.00 = $732.50. Saving $1,057.74 -
    // $732.50 = $325.24, x 12 = $3,902.88. PartnerApi, 40M: $140.00 against $44.40, saving $95.60
    // ($1,147.20 a year). InternalApi stays (private endpoint). The APIs that move: $325.24 + $95.60 =
    // $420.84 a month, $5,050.08 a year.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    bin()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "review",
            "--template",
            "examples/templates/orders-platform.yaml",
            "--usage",
            "examples/templates/orders-platform.usage.yml",
            "--region",
            "eu-west-1",
            "--date",
            "2026-12-01",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(md.contains("| **APIs that move** | | | | | **$420.84** | **$5,050.08** |"));
    insta::assert_snapshot!(md);
}

#[test]
fn openapi_extensions_in_an_inline_definition() {
    let doc = r#"
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: {Types: [REGIONAL]}
      Body:
        openapi: 3.0.1
        x-amazon-apigateway-request-validators:
          all: {validateRequestBody: true, validateRequestParameters: true}
        paths:
          /items:
            get:
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates: {application/json: '{"statusCode": 200}'}
        components:
          securitySchemes:
            token:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authorizer: {type: token, authorizerUri: arn}
"#;
    let out = bin()
        .args(["inventory", "-", "--format", "json"])
        .write_stdin(doc)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        strings(&api(&inv, "Api")["features"]),
        [
            "lambda-authorizer",
            "mock-integration",
            "request-transformation",
            "request-validation"
        ]
    );
}

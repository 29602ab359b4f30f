//! Templates as people write them (issue 25) and hostile templates (issue 33), end to end: CDK output
//! with `Rules` and `Metadata`, OpenAPI bodies declaring API keys and streaming, repeated keys and
//! documents, deep condition chains, terminal escapes in names. Each fixture under
//! tests/fixtures/templates/ was written for this project, reproducing one construct.
mod common;
use common::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/templates/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
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

/// Writes `text` to a file named `name` in a new temporary directory.
fn temp(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    (dir, p.display().to_string())
}

#[test]
fn a_cdk_stack_with_rules_and_metadata_is_read() {
    let inv = json(&["inventory", &fixture("cdk/OrdersStack.template.json")]);
    assert_eq!(inv["apis"].as_array().unwrap().len(), 1);
    let a = api(&inv, "OrdersApiC0FFEE01");
    assert_eq!(a["name"], "orders");
    assert_eq!(a["endpoint"], "regional");
    assert_eq!(strings(&a["stages"]), ["prod"]);
    // ApiKeyRequired on the method, the usage plan on the API's stage, the key tied through the
    // plan's key.
    assert_eq!(
        strings(&a["features"]),
        ["api-keys", "per-client-throttling"]
    );
    let keys = strings(&a["evidence"]["api-keys"]);
    assert!(
        keys.iter()
            .any(|e| e.starts_with("AWS::ApiGateway::ApiKey PartnerKey55EE66FF")),
        "{keys:?}"
    );
    assert!(keys
        .iter()
        .any(|e| e.contains("OrdersApiordersGET0A1B2C3D: ApiKeyRequired = true")));
    assert_eq!(a["verdict"], "moves-with-workarounds");
}

#[test]
fn an_unknown_intrinsic_names_where_it_is_and_rule_functions_stay_in_rules() {
    let (_d, p) = temp(
        "t.json",
        r#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": {"Fn::Contains": [["a"], "a"]}}}}}"#,
    );
    bin()
        .args(["inventory", &p])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "Resources.Api.Properties.Name: unknown intrinsic function 'Fn::Contains'",
        ));
}

#[test]
fn a_spec_rest_api_body_declares_api_keys_an_authorizer_and_streaming() {
    let inv = json(&["inventory", &fixture("cdk/SpecStack.template.json")]);
    let a = api(&inv, "PartnerSpecApiAB12CD34");
    assert_eq!(
        strings(&a["features"]),
        ["api-keys", "lambda-authorizer", "response-streaming"]
    );
    assert_eq!(
        strings(&a["evidence"]["api-keys"]),
        ["AWS::ApiGateway::RestApi PartnerSpecApiAB12CD34: Body.paths./quotes.get.security: partnerKey (components.securitySchemes.partnerKey is type apiKey)"]
    );
    assert_eq!(
        strings(&a["evidence"]["response-streaming"]),
        ["AWS::ApiGateway::RestApi PartnerSpecApiAB12CD34: Body.paths./quotes/stream.post.x-amazon-apigateway-integration.responseTransferMode = STREAM"]
    );
    assert_eq!(
        strings(&a["http_blockers"]),
        ["api-keys", "response-streaming"]
    );
}

#[test]
fn repeated_json_keys_are_errors_naming_file_line_and_key() {
    // A second Properties would have dropped PRIVATE (and flipped "stays" to "moves").
    let (_d, p) = temp(
        "dup.json",
        "{\"Resources\": {\n \"Api\": {\"Type\": \"AWS::ApiGateway::RestApi\",\n  \"Properties\": {\"EndpointConfiguration\": {\"Types\": [\"PRIVATE\"]}},\n  \"Properties\": {}}}}\n",
    );
    bin()
        .args(["inventory", &p])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("dup.json"))
        .stderr(predicates::str::contains("'Properties' appears twice"))
        .stderr(predicates::str::contains("line 4"));
    let (_d, p) = temp(
        "dup2.json",
        "{\"Resources\": {\"Api\": {\"Type\": \"AWS::ApiGateway::RestApi\"}},\n\"Resources\": {}}\n",
    );
    bin()
        .args(["inventory", &p])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("'Resources' appears twice"))
        .stderr(predicates::str::contains("line 2"));
}

#[test]
fn a_repeated_yaml_logical_id_or_a_second_document_is_an_error() {
    let (_d, p) = temp(
        "dup.yaml",
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n",
    );
    bin()
        .args(["inventory", &p])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("dup.yaml"))
        .stderr(predicates::str::contains("line 4"))
        .stderr(predicates::str::contains("'Api' appears twice"));
    let (_d, p) = temp(
        "two.yaml",
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n---\nResources:\n  Other:\n    Type: AWS::ApiGateway::RestApi\n",
    );
    bin()
        .args(["inventory", &p])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("two.yaml"))
        .stderr(predicates::str::contains("line 4"))
        .stderr(predicates::str::contains("second YAML document"));
}

#[test]
fn twenty_thousand_chained_not_conditions_do_not_overflow_the_stack() {
    // 0.3 MB: each condition the negation of the one before; the API exists under the last.
    let mut t = String::from("Conditions:\n  C0: !Equals [a, a]\n");
    for i in 1..=20_000 {
        t.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
    }
    t.push_str("Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Condition: C20000\n    Properties: {EndpointConfiguration: {Types: [REGIONAL]}}\n  Gone:\n    Type: AWS::ApiGateway::RestApi\n    Condition: C19999\n");
    assert!(t.len() > 300_000, "{}", t.len());
    let (_d, p) = temp("chain.yaml", &t);
    let inv = json(&["inventory", &p]);
    let apis = inv["apis"].as_array().unwrap();
    assert_eq!(apis.len(), 1, "C20000 is true, C19999 false");
    assert_eq!(apis[0]["id"], "Api");
    assert_eq!(apis[0]["unresolved"].as_array().unwrap().len(), 0);
}

#[test]
fn terminal_escapes_in_names_never_reach_stdout_raw() {
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}gnp.exe";
    let t = serde_json::json!({"Resources": {"Api": {
        "Type": "AWS::ApiGateway::RestApi",
        "Properties": {"Name": evil, "EndpointConfiguration": {"Types": ["REGIONAL"]}}
    }}})
    .to_string();
    let (_d, p) = temp("evil.json", &t);
    let inv = json(&["inventory", &p]);
    assert_eq!(inv["apis"][0]["name"], evil, "JSON keeps the value exactly");
    for format in ["table", "markdown"] {
        let out = bin()
            .args(["inventory", &p, "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
            assert!(!text.contains(bad), "{format}: raw {bad:?} in {text}");
        }
        assert!(text.contains("\\u{1b}]0;pwned"), "{format}: {text}");
    }
}

fn features_of<'a>(inv: &'a Value, id: &str) -> Vec<&'a str> {
    strings(&api(inv, id)["features"])
}

#[test]
fn a_serverless_framework_stack_with_cors_gets_a_note_not_blockers() {
    let inv = json(&[
        "inventory",
        &fixture("serverless/.serverless/cloudformation-template-update-stack.json"),
    ]);
    let a = api(&inv, "ApiGatewayRestApi");
    assert_eq!(a["name"], "dev-todo");
    // The OPTIONS method's MOCK integration and templates are CORS preflight, not blockers; an
    // empty Policy is no resource policy.
    assert_eq!(strings(&a["features"]), ["edge-optimized"]);
    assert_eq!(strings(&a["stages"]), ["dev"]);
    let notes = strings(&a["notes"]);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("CorsConfiguration") && notes[0].contains("ApiGatewayMethodTodosOptions"),
        "{notes:?}"
    );
    assert_eq!(a["verdict"], "moves-with-workarounds");
}

#[test]
fn included_definitions_are_read_beside_the_template_and_remote_ones_are_undecided() {
    let inv = json(&["inventory", &fixture("include/template.yaml")]);
    // A local AWS::Include with a mapping template: read, and it blocks.
    let orders = api(&inv, "OrdersApi");
    assert_eq!(strings(&orders["features"]), ["request-transformation"]);
    let by = strings(&orders["evidence"]["request-transformation"]);
    assert!(
        by[0].contains("Fn::Transform AWS::Include")
            && by[0].contains("include/api/orders.yaml: paths./orders.post.x-amazon-apigateway-integration.requestTemplates = {application/json: ...}"),
        "{by:?}"
    );
    assert_eq!(orders["verdict"], "moves-with-workarounds");
    // DefinitionUri to a local file: read, nothing blocks.
    let catalog = api(&inv, "CatalogApi");
    assert_eq!(catalog["verdict"], "moves-as-is");
    assert_eq!(catalog["unresolved"].as_array().unwrap().len(), 0);
    // An S3 include and BodyS3Location: unresolved, undecided, never a guess.
    for id in ["LegacyApi", "ReportsApi"] {
        let a = api(&inv, id);
        assert_eq!(a["verdict"], "undecided", "{id}");
        let u = &a["unresolved"][0];
        assert!(
            u["why"]
                .as_str()
                .unwrap()
                .contains("s3://shared-definitions/"),
            "{u}"
        );
        assert!(strings(
            &a["possible_blockers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["feature"].clone())
                .collect::<Value>()
        )
        .contains(&"request-transformation"));
    }
}

#[test]
fn an_include_whose_file_is_missing_is_undecided_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("template.yaml");
    std::fs::write(
        &t,
        "Resources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: p\n      EndpointConfiguration: REGIONAL\n      DefinitionUri: ./nowhere.yaml\n",
    )
    .unwrap();
    let inv = json(&["inventory", t.to_str().unwrap()]);
    let a = api(&inv, "Api");
    assert_eq!(a["verdict"], "undecided");
    assert!(a["unresolved"][0]["why"]
        .as_str()
        .unwrap()
        .contains("nowhere.yaml: cannot be read"));
}

#[test]
fn sam_plain_ids_policies_streaming_state_machines_and_globals() {
    let inv = json(&["inventory", &fixture("sam-plain/template.yaml")]);
    // RestApiId: HtmlApi (a plain logical id); Auth.ResourcePolicy on the event; Policy on the API;
    // ResponseTransferMode: STREAM on the event.
    assert_eq!(
        features_of(&inv, "HtmlApi"),
        ["resource-policies", "response-streaming"]
    );
    let by = strings(&api(&inv, "HtmlApi")["evidence"]["resource-policies"]);
    assert!(
        by.iter()
            .any(|e| e.contains("event Page: Auth.ResourcePolicy")),
        "{by:?}"
    );
    assert!(by.iter().any(|e| e.contains("HtmlApi: Policy")), "{by:?}");
    // A Step Functions Api event makes the implicit API, with its key requirement.
    assert_eq!(
        features_of(&inv, "ServerlessRestApi"),
        ["api-keys", "edge-optimized"]
    );
    // Globals.HttpApi and Globals.WebSocketApi domains.
    assert_eq!(features_of(&inv, "Events"), ["custom-domains"]);
    assert_eq!(features_of(&inv, "Chat"), ["custom-domains"]);
}

#[test]
fn a_sam_input_and_its_generated_template_give_the_same_features() {
    let input = json(&["inventory", &fixture("sam-pair/input.yaml")]);
    let generated = json(&["inventory", &fixture("sam-pair/generated.json")]);
    let (a, b) = (api(&input, "PetsApi"), api(&generated, "PetsApi"));
    assert_eq!(strings(&a["features"]), ["api-keys"]);
    assert_eq!(a["features"], b["features"]);
    assert_eq!(a["verdict"], b["verdict"]);
    for x in [a, b] {
        assert!(strings(&x["notes"])[0].contains("CorsConfiguration"), "{x}");
    }
}

#[test]
fn a_terraform_plan_of_format_0_1_is_read_with_a_note() {
    let inv = json(&["inventory", &fixture("terraform/plan-format-0.1.json")]);
    let a = api(&inv, "aws_api_gateway_rest_api.shop");
    assert_eq!(a["region"], "eu-central-1");
    assert_eq!(strings(&a["features"]), ["api-keys"]);
    assert_eq!(strings(&a["stages"]), ["v1"]);
    assert!(strings(&a["notes"])[0].contains("format_version 0.1"));
}

#[test]
fn a_module_stage_usage_plan_and_cache_reach_their_api_through_configuration_references() {
    // The stage module gets the API's id from another module's output (`module.api.id`): unknown
    // at plan time, tied only through the configuration.
    let inv = json(&[
        "inventory",
        &fixture("terraform/plan-module-references.json"),
    ]);
    assert_eq!(inv["apis"].as_array().unwrap().len(), 1);
    let a = api(&inv, "module.api.aws_api_gateway_rest_api.this");
    assert_eq!(a["endpoint"], "private");
    assert_eq!(a["cache_gb"], "0.5");
    assert_eq!(strings(&a["stages"]), ["prod"]);
    assert_eq!(
        strings(&a["features"]),
        ["caching", "per-client-throttling", "private-endpoint"]
    );
    assert_eq!(a["verdict"], "stays");
}

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

/// Writes a fleet of templates: a CDK app, a Serverless Framework service, a SAM app with includes,
/// a Terraform plan, a SAM build copy that must be skipped and one broken template.
fn fleet_dir() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let copy = |from: &str, to: &str| {
        let to = d.path().join(to);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture(from), to).unwrap();
    };
    copy(
        "cdk/OrdersStack.template.json",
        "orders/cdk.out/OrdersStack.template.json",
    );
    copy(
        "serverless/.serverless/cloudformation-template-update-stack.json",
        "todo/.serverless/cloudformation-template-update-stack.json",
    );
    copy("include/template.yaml", "catalog/template.yaml");
    copy("include/api/orders.yaml", "catalog/api/orders.yaml");
    copy("include/api/catalog.json", "catalog/api/catalog.json");
    copy("terraform/plan-module-references.json", "infra/tfplan.json");
    copy("http-api.yaml", "events/template.yaml");
    copy("rest-api.yaml", "catalog/.aws-sam/build/template.yaml");
    d
}

#[test]
fn inventory_of_a_directory_finds_every_template_and_summarises_the_fleet() {
    let d = fleet_dir();
    let inv = json(&["inventory", d.path().to_str().unwrap()]);
    let files: Vec<String> = strings(&inv["files"])
        .iter()
        .map(|f| {
            f.strip_prefix(d.path().to_str().unwrap())
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        files,
        [
            "/catalog/template.yaml",
            "/events/template.yaml",
            "/infra/tfplan.json",
            "/orders/cdk.out/OrdersStack.template.json",
            "/todo/.serverless/cloudformation-template-update-stack.json"
        ],
        "the .aws-sam build copy is skipped"
    );
    let s = &inv["summary"];
    assert_eq!(s["files"], 5);
    assert_eq!(s["apis"], 8);
    assert_eq!(s["by_kind"]["rest"], 7);
    assert_eq!(s["by_kind"]["http"], 1);
    assert_eq!(s["rest_by_verdict"]["moves-as-is"], 1);
    assert_eq!(s["rest_by_verdict"]["moves-with-workarounds"], 3);
    assert_eq!(s["rest_by_verdict"]["stays"], 1);
    assert_eq!(s["rest_by_verdict"]["undecided"], 2);
    let table = bin()
        .args(["inventory", d.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(table.status.success());
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("Fleet: 8 APIs in 5 files: 7 REST, 1 HTTP, 0 WebSocket. REST APIs: 1 move as is, 3 move with workarounds, 1 stays, 2 undecided."),
        "{text}"
    );
}

#[test]
fn one_unreadable_file_among_many_is_named_and_the_others_reported_exit_1() {
    let d = fleet_dir();
    std::fs::write(d.path().join("events/template.yaml"), "Resources: [\n").unwrap();
    let out = bin()
        .args(["inventory", d.path().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("events/template.yaml") && err.contains("1 of 5 files could not be read"),
        "{err}"
    );
    let inv: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(inv["summary"]["apis"], 7, "the other files are reported");
    assert_eq!(inv["summary"]["files_not_read"], 1);
    assert!(inv["files_not_read"][0]["file"]
        .as_str()
        .unwrap()
        .ends_with("events/template.yaml"));
}

#[test]
fn review_of_a_directory_writes_one_pack_for_the_fleet() {
    let d = fleet_dir();
    let out = d.path().join("pack");
    bin()
        .args([
            "review",
            "--template",
            d.path().to_str().unwrap(),
            "--requests",
            "100M",
            "--region",
            "eu-west-1",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let j: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("review.json")).unwrap()).unwrap();
    let text = j.to_string();
    for id in [
        "OrdersApiC0FFEE01",
        "ApiGatewayRestApi",
        "module.api.aws_api_gateway_rest_api.this",
        "OrdersApi",
        "LegacyApi",
    ] {
        assert!(text.contains(id), "{id} in the fleet's pack");
    }
}

/// The bound held: a 15.8 MB template (inside the 16 MiB bound) of 360,000 REST APIs is inventoried as
/// JSON under a 1.5 GB address-space limit (it took 3.9 GB when each API's JSON tree was built for the
/// whole report at once).
#[test]
fn an_inventory_of_360k_apis_at_the_size_bound_stays_under_its_memory_limit() {
    let n = 360_000;
    let mut t = String::with_capacity(n * 45);
    t.push_str("{\"Resources\":{");
    for i in 0..n {
        if i > 0 {
            t.push(',');
        }
        t.push_str(&format!(
            "\"A{i:06}\":{{\"Type\":\"AWS::ApiGateway::RestApi\"}}"
        ));
    }
    t.push_str("}}");
    assert!(t.len() > 15_000_000 && t.len() as u64 <= 16 * 1024 * 1024);
    let (d, p) = temp("fleet.json", &t);
    let bin_path = assert_cmd::cargo::cargo_bin!("apigw-cost");
    let out = d.path().join("out.json");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 1500000 && exec '{}' inventory '{p}' --format json > '{}'",
            bin_path.display(),
            out.display()
        ))
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    // The whole report is there: the last API and the summary.
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"id\": \"A359999\""));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["summary"]["apis"], 360_000);
}

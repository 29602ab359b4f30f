//! Issue 33: hostile templates (`inventory`, `review --template`), CloudWatch results and queries
//! (`import cloudwatch`) and AWS price files (`prices import`). Each case: one input, the exit code, and
//! what the message must say (the file, the line or key, the value); no panic, no raw escape on stderr.
//! The counts are pinned; docs/limits.md lists them.

mod common;
mod hostile_cases;

use hostile_cases::*;

/// A template with one REST API whose resource is `body` (YAML, indented under `Api:`).
fn yaml_api(body: &str) -> Vec<u8> {
    format!("Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n{body}").into_bytes()
}

#[test]
fn hostile_templates() {
    let mut cases = Vec::new();
    let mut both = |what: &str, name: &str, bytes: Vec<u8>, says: &[&str]| {
        for cmd in [
            "inventory {f}",
            "review --template {f} --requests 10M --out pack",
        ] {
            cases.push(case(
                &format!("{cmd}: {what}"),
                name,
                bytes.clone(),
                cmd,
                1,
                says,
            ));
        }
    };
    // A key twice: the second would silently replace the first.
    both(
        "JSON Properties twice",
        "t.json",
        br#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"EndpointConfiguration": {"Types": ["PRIVATE"]}}, "Properties": {}}}}"#.to_vec(),
        &["{f}", "'Properties' appears twice", "line 1"],
    );
    both(
        "JSON Resources twice",
        "t.json",
        br#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}}, "Resources": {}}"#
            .to_vec(),
        &["{f}", "'Resources' appears twice"],
    );
    both(
        "JSON logical id twice",
        "t.json",
        br#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}, "Api": {"Type": "AWS::ApiGatewayV2::Api"}}}"#.to_vec(),
        &["{f}", "'Api' appears twice"],
    );
    both(
        "JSON property twice",
        "t.json",
        br#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a", "Name": "b"}}}}"#.to_vec(),
        &["{f}", "'Name' appears twice"],
    );
    both(
        "YAML logical id twice",
        "t.yaml",
        b"Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n".to_vec(),
        &["{f}", "line 4", "'Api' appears twice"],
    );
    both(
        "YAML Type twice",
        "t.yaml",
        yaml_api("    Type: AWS::ApiGatewayV2::Api\n"),
        &["{f}", "line 4", "'Type' appears twice"],
    );
    both(
        "YAML flow mapping key twice",
        "t.yaml",
        yaml_api("    Properties: {Name: a, Name: b}\n"),
        &["{f}", "line 4", "'Name' appears twice"],
    );
    both(
        "a second YAML document",
        "t.yaml",
        [yaml_api(""), b"---\nResources: {}\n".to_vec()].concat(),
        &["{f}", "line 4", "a second YAML document"],
    );
    // Bounds: nesting, aliases, size.
    both(
        "JSON nested 200 deep",
        "t.json",
        format!("{{\"Resources\": {}{}}}", "[".repeat(200), "]".repeat(200)).into_bytes(),
        &["{f}", "recursion limit"],
    );
    both(
        "YAML flow nested 300 deep",
        "t.yaml",
        format!("Resources: {}{}\n", "[".repeat(300), "]".repeat(300)).into_bytes(),
        &["{f}", "recursion limit"],
    );
    let mut deep = String::from("Resources:\n");
    for i in 0..200 {
        deep.push_str(&format!("{}k{i}:\n", "  ".repeat(i + 1)));
    }
    deep.push_str(&format!("{}v\n", "  ".repeat(201)));
    both(
        "YAML block nested 200 deep",
        "t.yaml",
        deep.into_bytes(),
        &["{f}", "nested more than 128 levels"],
    );
    let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12u8 {
        let (me, prev) = ((b'a' + i) as char, (b'a' + i - 1) as char);
        laughs.push_str(&format!(
            "{me}: &{me} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    laughs.push_str("Resources: {}\n");
    both(
        "billion laughs",
        "t.yaml",
        laughs.into_bytes(),
        &["{f}", "more than 2000000 nodes"],
    );
    let mut big =
        br#"{"Resources":{"Api":{"Type":"AWS::ApiGateway::RestApi","Properties":{"Name":""#
            .to_vec();
    big.resize(16 * 1024 * 1024 + 1, b'x');
    big.extend_from_slice(br#""}}}}"#);
    both("16 MiB and more", "t.json", big, &["{f}", "too large"]);
    // Not a template, or not one document.
    both("empty", "t.yaml", Vec::new(), &["{f}", "no YAML document"]);
    both(
        "a comment alone",
        "t.yaml",
        b"# nothing\n".to_vec(),
        &["{f}", "no YAML document"],
    );
    both(
        "Resources a list",
        "t.yaml",
        b"Resources: [1, 2]\n".to_vec(),
        &["{f}", "Resources is a list"],
    );
    both(
        "Resources null",
        "t.yaml",
        b"Resources:\n".to_vec(),
        &["{f}", "Resources is null"],
    );
    both(
        "an unknown tag",
        "t.yaml",
        yaml_api("    Properties:\n      Name: !Foo x\n"),
        &["{f}", "line 5", "'!Foo'"],
    );
    both(
        "an undefined alias",
        "t.yaml",
        yaml_api("    Properties:\n      Name: *nope\n"),
        &["{f}", "unknown anchor"],
    );
    both(
        "tab indentation",
        "t.yaml",
        b"Resources:\n\tApi:\n\t\tType: AWS::ApiGateway::RestApi\n".to_vec(),
        &["{f}", "tabs"],
    );
    both(
        "not UTF-8",
        "t.yaml",
        [b"Resources:\n  \xff\xfe:\n".as_slice(), b"    Type: x\n"].concat(),
        &["{f}", "not UTF-8"],
    );
    both(
        "truncated JSON",
        "t.json",
        br#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}}"#.to_vec(),
        &["{f}", "EOF"],
    );
    both("a lone surrogate", "t.json", br#"{"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "\ud800"}}}}"#.to_vec(), &["{f}", "not valid JSON"]);
    assert_eq!(cases.len(), 46);
    run_all(&cases);
}

#[test]
fn hostile_cloudwatch_results() {
    let page1: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("cloudwatch/rest-week-page1.json")).unwrap(),
    )
    .unwrap();
    let other = fixture("cloudwatch/rest-week-page2.json")
        .display()
        .to_string();
    let queries = fixture("cloudwatch/rest-week-queries.json")
        .display()
        .to_string();
    let args = format!("import cloudwatch {{f}} {other} --queries {queries}");
    let mut cases = Vec::new();
    let mut edit = |what: &str, says: &[&str], f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = page1.clone();
        f(&mut v);
        cases.push(case(
            what,
            "r.json",
            serde_json::to_vec(&v).unwrap(),
            &args,
            1,
            says,
        ));
    };
    edit(
        "one value fewer than timestamps",
        &["{f}", "84 timestamps but 83 values"],
        &|v| {
            v["MetricDataResults"][0]["Values"]
                .as_array_mut()
                .unwrap()
                .pop();
        },
    );
    for (value, says) in [
        (serde_json::json!(-5), "value -5"),
        (serde_json::json!(1e300), "Values[0]"),
        (serde_json::json!(1e19), "value 10000000000000000000"),
        (serde_json::json!("7"), "r.json"),
        (serde_json::json!(null), "r.json"),
    ] {
        edit(&format!("value {value}"), &["{f}", says], &|v| {
            v["MetricDataResults"][0]["Values"][0] = value.clone();
        });
    }
    for (ts, says) in [
        ("2026-13-01T00:00:00+00:00", "no such date"),
        ("2026-02-29T00:00:00Z", "no such date"),
        ("yesterday", "'yesterday'"),
        ("9999-12-31T23:00:00+00:00", "outside the range asked for"),
        ("1969-12-31T23:00:00Z", "r.json"),
        ("2026-11-03T14:00:00+25:00", "r.json"),
    ] {
        edit(&format!("timestamp {ts}"), &["{f}", says], &|v| {
            v["MetricDataResults"][0]["Timestamps"][0] = ts.into();
        });
    }
    edit(
        "StatusCode Forbidden",
        &["{f}", "StatusCode Forbidden"],
        &|v| {
            v["MetricDataResults"][0]["StatusCode"] = "Forbidden".into();
        },
    );
    edit(
        "an Id no query asked for",
        &["{f}", "is not among the queries"],
        &|v| {
            v["MetricDataResults"][0]["Id"] = "x".repeat(2000).into();
        },
    );
    edit(
        "Values not a list",
        &["{f}", "not get-metric-data output"],
        &|v| {
            v["MetricDataResults"][0]["Values"] = "many".into();
        },
    );
    edit(
        "MetricDataResults not a list",
        &["{f}", "not get-metric-data output"],
        &|v| {
            v["MetricDataResults"] = serde_json::json!({});
        },
    );
    // A key twice, in the results and in the queries.
    let text = std::fs::read_to_string(fixture("cloudwatch/rest-week-page1.json")).unwrap();
    let at = text.find("\"Values\"").unwrap();
    let dup = format!("{}\"Values\": [1e15], {}", &text[..at], &text[at..]);
    cases.push(case(
        "Values twice",
        "r.json",
        dup.into_bytes(),
        &args,
        1,
        &["{f}", "duplicate field `Values`"],
    ));
    let q = std::fs::read_to_string(fixture("cloudwatch/rest-week-queries.json")).unwrap();
    let qdup = q.replacen('{', "{\"StartTime\": \"2020-01-01T00:00:00Z\", ", 1);
    let page1_path = fixture("cloudwatch/rest-week-page1.json")
        .display()
        .to_string();
    cases.push(case(
        "queries with StartTime twice",
        "q.json",
        qdup.into_bytes(),
        &format!("import cloudwatch {page1_path} {other} --queries {{f}}"),
        1,
        &["{f}", "duplicate field `StartTime`"],
    ));
    assert_eq!(cases.len(), 18);
    run_all(&cases);
}

#[test]
fn hostile_price_files() {
    let text = std::fs::read_to_string(fixture(
        "aws-meteredUnitMaps-apigateway-USD-published-2025-10-20.json",
    ))
    .unwrap();
    let args = "prices import --allow-older {f} -o catalog.json";
    let mut cases = Vec::new();
    for (from, to, says) in [
        (
            "2025-10-20T13:22:36Z",
            "2025-13-45T13:22:36Z",
            "month 13 is not 01 to 12",
        ),
        (
            "2025-10-20T13:22:36Z",
            "2025-02-30T13:22:36Z",
            "day 30 is not in 2025-02",
        ),
        (
            "2025-10-20T13:22:36Z",
            "1999-12-31T00:00:00Z",
            "before 2000",
        ),
        (
            "2025-10-20T13:22:36Z",
            "2099-01-01T00:00:00Z",
            "after today",
        ),
        ("2025-10-20T13:22:36Z", "", "does not start with a date"),
        (
            "2025-10-20T13:22:36Z",
            "99999-10-20T00:00:00Z",
            "does not start with a date",
        ),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": \"0.0000000000000000000000000000000000000035\"",
            "at most 20 decimals",
        ),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": \"3500000000000000000000000000000000000000\"",
            "3500000000000000000000000000000000000000",
        ),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": \"-0.0000035\"",
            "'-0.0000035'",
        ),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": \"3.5e-6\"",
            "'3.5e-6'",
        ),
        ("\"price\": \"0.0000035000\"", "\"price\": \"NaN\"", "'NaN'"),
        ("\"price\": \"0.0000035000\"", "\"price\": \"\"", "price ''"),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": 0.0000035",
            "no \"price\" string",
        ),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": \"0.000003500000000000001\"",
            "at most 20 decimals",
        ),
        (
            "\"price\": \"0.0000035000\"",
            "\"price\": \"0.0000035\\u001b[2J\"",
            "\\u{1b}[2J",
        ),
        (
            "\"price\": \"0.0000035000\",",
            "\"price\": \"0.0000035000\", \"price\": \"0.0000000001\",",
            "'price' appears twice",
        ),
        (
            "\"regions\": {",
            "\"regions\": {\"US East (N. Virginia)\": {}, ",
            "appears twice",
        ),
        (
            "\"currencyCode\": \"USD\"",
            "\"currencyCode\": \"EUR\"",
            "expected USD",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        cases.push(case(
            &format!("{from} -> {to}"),
            "aws.json",
            // Every entry of that price (its first is one no catalog meter reads).
            text.replace(from, to).into_bytes(),
            args,
            1,
            &["{f}", says],
        ));
    }
    // A date in the data-transfer map's file name that is no date, or no date at all.
    let dt = std::fs::read(fixture(
        "datatransfer-external-outbound-subset-2025-08-28.json",
    ))
    .unwrap();
    for name in ["dt-99999-08-28.json", "dt-2025-13-28.json", "dt.json"] {
        cases.push(case(name, name, dt.clone(), args, 1, &["{f}"]));
    }
    assert_eq!(cases.len(), 21);
    run_all(&cases);
}

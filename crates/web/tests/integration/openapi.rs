//! The OpenAPI document as a client generator reads it: every operation names its parameters,
//! its body and every answer, problems as problem+json; and the server keeps to it.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use iomed_domain::accounts::Role;
use serde_json::Value;

use crate::cases::token;
use crate::support::*;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every operation of the document: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((method.to_uppercase(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// A response as declared: inline, or through `#/components/responses/…`.
fn resolve<'a>(doc: &'a Value, response: &'a Value) -> &'a Value {
    match response["$ref"].as_str() {
        Some(r) => &doc["components"]["responses"][r.trim_start_matches("#/components/responses/")],
        None => response,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_declares_its_parameters_body_and_problems() {
    let app = apps().await.remove(0);
    let doc = app.get("/api/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let ops = operations(&doc);
    assert!(ops.len() >= 34, "{} operations", ops.len());
    let mut ids = BTreeSet::new();
    for (method, path, op) in &ops {
        let at = format!("{method} {path}");
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{at}: no operationId"));
        assert!(ids.insert(id.to_owned()), "{at}: operationId {id} is used twice");
        // Every {name} of the path is a declared path parameter, and nothing else is.
        let in_path: BTreeSet<&str> = path.split('{').skip(1).filter_map(|s| s.split('}').next()).collect();
        let declared: BTreeSet<&str> = op["parameters"]
            .as_array()
            .map(|ps| ps.iter().filter(|p| p["in"] == "path").map(|p| p["name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        assert_eq!(in_path, declared, "{at}: path parameters");
        // A body is typed: a schema of its own, never a bare object described in words.
        if let Some(body) = op.get("requestBody") {
            for (media, content) in body["content"].as_object().unwrap() {
                let schema = &content["schema"];
                assert!(schema.get("$ref").is_some(), "{at}: the {media} body is not a named schema: {schema}");
            }
        }
        let responses = op["responses"].as_object().unwrap();
        assert!(responses.keys().any(|s| s.starts_with('2')), "{at}: no success declared");
        let mut problems = 0;
        for (status, response) in responses {
            let response = resolve(&doc, response);
            assert!(response.get("description").is_some(), "{at} {status}: no description ({response})");
            if status.starts_with('4') || status.starts_with('5') {
                let content = response["content"].as_object().unwrap_or_else(|| panic!("{at} {status}: no content"));
                let types: Vec<&String> = content.keys().collect();
                assert_eq!(types, ["application/problem+json"], "{at} {status}");
                let schema = &content["application/problem+json"]["schema"]["$ref"];
                assert!(
                    schema.as_str().is_some_and(|s| s.ends_with("/Problem") || s.ends_with("/IncompleteProblem")),
                    "{at} {status}: {schema}"
                );
                problems += 1;
            }
        }
        // The liveness probe is a bare handler that answers "ok" or nothing at all.
        if path != "/healthz" {
            assert!(problems > 0, "{at}: declares no problem+json answer");
        }
        if path.starts_with("/api/") {
            for status in ["401", "429", "503"] {
                assert!(responses.contains_key(status), "{at}: {status} is not declared");
            }
        }
        // What needs a credential says so.
        if op.get("security").is_none() {
            assert!(!responses.contains_key("403"), "{at}: a 403 without a security requirement");
        }
    }
    // Every API route of the router is in the document, writes included.
    for route in iomed_web::routes().iter().filter(|r| r.path.starts_with("/api/v1/")) {
        assert!(
            ops.iter().any(|(m, p, _)| m == route.method && p == route.path),
            "{} {} is not in the document",
            route.method,
            route.path
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_page_lists_every_operation_writes_included() {
    let app = apps().await.remove(0);
    let doc = app.get("/api/openapi.json").await.json();
    let page = app.get("/api?lang=en").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    let rows = html.matches(r#"<tr><th scope="row">"#).count();
    assert_eq!(rows, operations(&doc).len(), "one row per operation");
    for method in ["GET", "POST", "PUT"] {
        assert!(html.contains(&format!(r#"<td data-label="Method">{method}</td>"#)), "{method} is not listed");
    }
    assert!(html.contains("<code>/api/v1/cases/{id}/ranking</code>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_is_not_json_is_a_problem_never_a_fault() {
    for app in apps().await {
        let person = app.person("ada@example.org", &[Role::Representative]).await;
        let bearer = token(&app, person.id).await;
        let auth = [("authorization", bearer.as_str())];
        // Sent as text: 415, with a stable code; nothing was written.
        let reply = app.send("POST", "/api/v1/requests", Some("text/plain"), r#"{"summary": "x"}"#, &auth).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", app.engine);
        assert_eq!(reply.header("content-type"), "application/problem+json");
        assert_eq!(reply.json()["code"], "unsupported_media_type");
        // No content type at all: the same.
        let reply = app.send("POST", "/api/v1/scope/check", None, "{}", &[]).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", app.engine);
        // Malformed JSON, and JSON of the wrong shape: 400 bad_body.
        for body in ["{", "[]", r#"{"summary": 3}"#, r#"{"nope": ""}"#, ""] {
            let reply = app.json("POST", "/api/v1/requests", body, &auth).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}: {body}", app.engine);
            assert_eq!(reply.json()["code"], "bad_body", "{body}");
        }
        // Larger than the server takes: 413 too_large.
        let huge = format!(r#"{{"summary": "{}"}}"#, "x".repeat(3 * 1024 * 1024));
        let reply = app.json("POST", "/api/v1/requests", &huge, &auth).await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", app.engine);
        assert_eq!(reply.json()["code"], "too_large");
        // Someone who may not write at all is told so first, whatever they sent.
        let reply = app.send("POST", "/api/v1/requests", Some("text/plain"), "x", &[]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", app.engine);
        assert!(app.store.drafts_of(person.id).await.unwrap().is_empty(), "{}", app.engine);
    }
}

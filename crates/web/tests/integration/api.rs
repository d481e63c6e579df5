use axum::http::StatusCode;
use iomed_store::ledger::verify_signed_head;
use iomed_store::{Head, SignedHead};

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn states_lists_every_un_member_and_observer_with_the_signatories_marked() {
    for app in apps().await {
        let reply = app.get("/api/v1/states").await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.header("content-type").starts_with("application/json"));
        let list = reply.json();
        let list = list.as_array().unwrap();
        assert_eq!(list.len(), 195, "{}", app.engine);
        assert_eq!(list.iter().filter(|s| s["un_membership"] == "observer").count(), 2);
        let get = |code: &str| list.iter().find(|s| s["code"] == code).unwrap().clone();
        assert_eq!(get("CHN")["status"], "contracting");
        assert_eq!(get("CHN")["in_force_on"], "2025-08-29");
        assert_eq!(get("CHN")["founding_member"], true);
        assert_eq!(get("CUB")["status"], "signatory");
        assert_eq!(get("CUB")["signed_on"], "2025-05-30");
        assert_eq!(get("KEN")["verified"], false);
        assert_eq!(get("CHE")["status"], "non_signatory");
        assert_eq!(get("CHE")["signed_on"], serde_json::Value::Null);
        for field in [
            "code",
            "name",
            "un_regional_group",
            "status",
            "founding_member",
            "signed_on",
            "consent_on",
            "in_force_on",
            "declarations",
            "verified",
        ] {
            assert!(list.iter().all(|s| s.get(field).is_some()), "{field} missing");
        }

        let only = app.get("/api/v1/states?status=signatory").await.json();
        let codes: Vec<_> = only.as_array().unwrap().iter().map(|s| s["code"].as_str().unwrap().to_owned()).collect();
        assert_eq!(codes.len(), 3, "{codes:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_state_by_code_in_any_case_named_in_the_negotiated_language() {
    for app in apps().await {
        let reply = app.get_with("/api/v1/states/idn", &[("accept-language", "zh-TW")]).await;
        assert_eq!(reply.status, StatusCode::OK);
        let state = reply.json();
        // The UN's Chinese name, in Traditional characters (CLDR's Taiwanese name is 印尼).
        assert_eq!(state["name"], "印度尼西亞");
        insta::assert_json_snapshot!("state_idn", state);
        let fr = app.get("/api/v1/states/CHN?lang=fr").await.json();
        assert_eq!(fr["name"], "Chine");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_problem_json_with_a_stable_code() {
    for app in apps().await {
        let reply = app.get("/api/v1/states/XXX").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert_eq!(reply.header("content-type"), "application/problem+json");
        let problem = reply.json();
        assert_eq!(problem["code"], "unknown_state");
        assert_eq!(problem["status"], 404);

        let reply = app.get("/api/v1/states?status=ratified&lang=fr").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        let problem = reply.json();
        assert_eq!(problem["code"], "bad_query");
        assert!(problem["detail"].as_str().unwrap().contains("n’est pas un statut"));
        insta::assert_json_snapshot!("problem_bad_query_fr", problem);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_head_is_signed_and_verifies_with_the_public_key_alone() {
    for app in apps().await {
        let head = app.get("/api/v1/ledger/head").await.json();
        assert_eq!(head["seq"], 11, "{}", app.engine);
        let bytes = |field: &str| hex_decode(head[field].as_str().unwrap());
        let signed = SignedHead {
            head: Head { seq: head["seq"].as_i64().unwrap(), hash: bytes("hash").try_into().unwrap() },
            signature: bytes("signature").try_into().unwrap(),
            public_key: bytes("public_key").try_into().unwrap(),
        };
        assert!(verify_signed_head(&signed));
        // It is the store's own head.
        assert_eq!(app.store.head().await.unwrap(), signed.head);
    }
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_the_openapi_document() {
    for app in apps().await {
        assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
        assert_eq!(app.get("/readyz").await.status, StatusCode::OK);
        let doc = app.get("/api/openapi.json").await.json();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for path in ["/api/v1/states", "/api/v1/states/{code}", "/api/v1/ledger/head", "/healthz", "/readyz"] {
            assert!(doc["paths"].get(path).is_some(), "{path} undocumented");
        }
        assert!(doc["components"]["schemas"].get("StateDto").is_some());
        let page = app.get("/api/docs").await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.text().contains("/api/v1/ledger/head"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_fails_when_the_database_is_gone() {
    let app = apps().await.remove(0);
    app.store.raw_pool().close().await;
    let reply = app.get("/readyz").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.json()["code"], "database_unavailable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_reports_a_writer_panic_and_fails_once_the_writer_has_stopped() {
    for app in apps().await {
        assert_eq!(app.get("/readyz").await.text(), "ready\n", "{}", app.engine);
        let panic = app.store.submit_for_test(iomed_store::TestWork::Panic).await;
        assert!(matches!(panic, Err(iomed_store::StoreError::WriterPanicked)), "{}", app.engine);
        let reply = app.get("/readyz").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", app.engine);
        assert!(reply.text().contains("recovered from 1 panic(s)"), "{}: {}", app.engine, reply.text());
        for _ in 0..2 {
            let _ = app.store.submit_for_test(iomed_store::TestWork::Panic).await;
        }
        app.store.writer_stopped().await;
        let reply = app.get("/readyz").await;
        assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{}", app.engine);
        assert_eq!(reply.json()["code"], "writer_stopped", "{}", app.engine);
    }
}

/// The public ledger page shows the head signed now and every signing key with its period,
/// the same as the JSON, in the reader's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ledger_page_lists_the_signing_keys_with_their_periods() {
    for app in apps().await {
        let keys = app.get("/api/v1/ledger/keys").await.json();
        let items = keys["items"].as_array().unwrap();
        assert!(items.last().unwrap()["current"].as_bool().unwrap(), "{keys}");
        assert!(items.last().unwrap()["valid_until"].is_null(), "the key in use has no end: {keys}");
        let page = app.get("/ledger?lang=en").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.engine);
        let text = page.text();
        let head = app.get("/api/v1/ledger/head").await.json();
        for field in ["hash", "public_key"] {
            assert!(text.contains(head[field].as_str().unwrap()), "{field} missing: {}", app.engine);
        }
        for k in items {
            assert!(text.contains(k["public_key"].as_str().unwrap()));
        }
        assert!(text.contains("Now (in use)") && text.contains("iomed verify"), "{}", app.engine);
        assert!(text.contains("href=\"/api/v1/ledger/keys\""));
        let fr = app.get("/ledger?lang=fr").await.text();
        assert!(fr.contains("Clés de signature") && fr.contains("lang=\"fr\""));
        // Every page's footer leads here.
        assert!(app.get("/members?lang=en").await.text().contains("href=\"/ledger\""));
    }
}

/// The API page lists every operation with its summary in the reader's language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_page_summarises_each_operation_in_the_readers_language() {
    for app in apps().await {
        let page = app.get("/api?lang=zh-Hant").await;
        assert_eq!(page.status, StatusCode::OK, "{}", app.engine);
        let html = page.text();
        assert!(html.contains("按 ISO 3166-1 三字母代碼查詢單個國家。"), "{html}");
        assert!(!html.contains("One State, by ISO 3166-1"), "no English summary on a Chinese page");
        let fr = app.get("/api?lang=fr").await.text();
        assert!(fr.contains("Déposer un projet de demande"), "{fr}");
    }
}

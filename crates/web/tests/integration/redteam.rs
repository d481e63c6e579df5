//! The findings of a red-team pass, each as the test that would have caught it: bounds on every
//! text field with the limit named, file names with bidirectional controls, a settlement
//! document named by an id above 255, reads of the mediators of a case and refused reads of a
//! hidden document recorded, and signed-in pages never kept by a cache.

use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_over_long_field_is_named_with_its_limit_and_nothing_over_it_is_filed() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let bearer = token(&app, counsel.id).await;
        let auth = [("authorization", bearer.as_str())];
        let summary = "a".repeat(1_000_000);
        let name = "N".repeat(10_000);
        let body = serde_json::json!({
            "summary": summary,
            "parties": [{"side": "requesting", "kind": "company", "name": name}],
        });
        let created = app.post_json("/api/v1/requests", &body.to_string(), &auth).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", app.engine);
        let gaps = created.json()["gaps"].as_array().unwrap().clone();
        let gap = |field: &str| gaps.iter().find(|g| g["field"] == field).cloned().unwrap_or_default();
        assert_eq!(gap("summary")["code"], "too_long");
        assert!(gap("summary")["message"].as_str().unwrap().contains("20,000"), "{}", gap("summary"));
        assert_eq!(gap("parties[0].name")["code"], "too_long");
        assert!(gap("parties[0].name")["message"].as_str().unwrap().contains("300"));
        let id = created.json()["id"].as_i64().unwrap();
        let filed = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &auth).await;
        assert_eq!(filed.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(app.store.all_cases().await.unwrap().is_empty(), "{}: an over-long request was filed", app.engine);

        // The same through the form: the form again, with the limit, the text kept.
        let mut form = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        let long = "b".repeat(20_001);
        form.retain(|(k, _)| *k != "summary");
        form.push(("summary", &long));
        form.push(("action", "file"));
        form.push(("confirmed", "yes"));
        let again = app.submit("/requests", &counsel.cookie, &form).await;
        assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.engine);
        let page = again.text();
        assert!(page.contains("20,000") && page.contains("href=\"#summary\""), "{}", app.engine);
        assert!(app.store.all_cases().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_name_loses_its_bidirectional_controls() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.post("/requests", &counsel.cookie, &filing).await;
        let bearer = token(&app, counsel.id).await;
        let meta = r#"{"title": "Invoice \u202e2026", "type": "exhibit", "language": "en", "audience": "joint"}"#;
        let filed = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &bearer)],
                &[("meta", meta)],
                Some(("invoice\u{202E}fdp.exe", "application/pdf", b"%PDF-1.7")),
            )
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}: {}", app.engine, filed.text());
        let doc = filed.json();
        assert_eq!(doc["file_name"], "invoicefdp.exe", "{}", app.engine);
        assert_eq!(doc["title"], "Invoice 2026");
        let content = app.get_with(&format!("/documents/{}/content", doc["id"]), &[("cookie", &counsel.cookie)]).await;
        assert!(!content.header("content-disposition").contains('\u{202E}'));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_settlement_is_named_by_any_document_id_through_the_api() {
    for app in apps().await {
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.post("/requests", &counsel.cookie, &filing).await;
        let reg = token(&app, registrar.id).await;
        // An id above 255 (once refused as malformed) is read, and the step is refused for what
        // it is: no such settlement agreement in the joint file.
        for number in ["300", "9007199254740991"] {
            let body = format!(r#"{{"step": "record_settlement", "number": {number}}}"#);
            let reply = app.post_json("/api/v1/cases/1/steps", &body, &[("authorization", &reg)]).await;
            assert_ne!(reply.json()["code"], "bad_body", "{}: {number}: {}", app.engine, reply.text());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_of_the_mediators_of_a_case_and_refused_reads_are_recorded() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.post("/requests", &counsel.cookie, &filing).await;
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        let kinds = |stream: Vec<iomed_store::LedgerRow>| stream.iter().map(|r| r.kind.clone()).collect::<Vec<_>>();

        // The Mediators tab and its API, read by a party: each read is in the case's access
        // stream.
        let before = app.store.stream("case/1/access").await.unwrap().len();
        assert_eq!(app.get_with("/cases/1/mediators", &[("cookie", &counsel.cookie)]).await.status, StatusCode::OK);
        for path in ["/api/v1/cases/1/appointments", "/api/v1/cases/1/challenges", "/api/v1/cases/1/agreed-candidates"]
        {
            let reply = app.get_with(path, &[("authorization", &mei)]).await;
            assert_eq!(reply.status, StatusCode::OK, "{}: {path}", app.engine);
        }
        let access = app.store.stream("case/1/access").await.unwrap();
        assert_eq!(access.len(), before + 4, "{}: {:?}", app.engine, kinds(access));

        // A caucus note of the requesting side: the other side's attempt to read it is refused
        // as if it did not exist, and the refusal is recorded, as is one of a document that does
        // not exist.
        let meta =
            r#"{"title": "Range", "type": "note", "language": "en", "audience": "caucus", "party": "requesting"}"#;
        let note = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", meta)],
                Some(("r.txt", "text/plain", b"4.2")),
            )
            .await
            .json();
        let refusals = || async { app.store.stream("access").await.unwrap().len() };
        let start = refusals().await;
        let hidden = app.get_with(&format!("/api/v1/documents/{}", note["id"]), &[("authorization", &camille)]).await;
        let absent = app.get_with("/api/v1/documents/999999", &[("authorization", &camille)]).await;
        assert_eq!((hidden.status, absent.status), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
        assert_eq!(hidden.text(), absent.text(), "{}", app.engine);
        assert_eq!(refusals().await, start + 2, "{}: both refusals are recorded", app.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_a_signed_in_reader_sees_is_kept_by_a_cache() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.post("/requests", &counsel.cookie, &filing).await;
        let bearer = token(&app, counsel.id).await;
        for path in [
            "/cases",
            "/cases/1",
            "/cases/1/documents",
            "/cases/1/documents?q=crane",
            "/cases/1/messages",
            "/cases/1/messages/joint",
            "/cases/1/mediators",
            "/account",
            "/members",
        ] {
            let reply = app.get_with(path, &[("cookie", &counsel.cookie)]).await;
            assert_eq!(reply.status, StatusCode::OK, "{}: {path}", app.engine);
            assert_eq!(reply.header("cache-control"), "no-store", "{}: {path}", app.engine);
        }
        for path in ["/api/v1/cases/1", "/api/v1/cases/1/documents", "/api/v1/me"] {
            let reply = app.get_with(path, &[("authorization", &bearer)]).await;
            assert_eq!(reply.header("cache-control"), "no-store", "{}: {path}", app.engine);
        }
        // A public page for someone not signed in may be cached.
        assert_ne!(app.get("/members").await.header("cache-control"), "no-store");
    }
}

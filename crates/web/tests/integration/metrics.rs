//! `/metrics`: what a running server counts, in the Prometheus text format, labelled by route
//! template and never by what a path names.

use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::complete_form;
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_name_routes_never_cases() {
    let handle = iomed_web::kit::metrics::recorder().unwrap();
    for app in apps_with_random_ids().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let mut form = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        form.push(("action", "file"));
        form.push(("confirmed", "yes"));
        let filed = app.post("/requests", &counsel.cookie, &form).await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text());
        let case = filed.header("location");
        let id = case.strip_prefix("/cases/").unwrap().trim_end_matches("/receipt").to_string();
        assert_eq!(app.get_with(&case, &[("cookie", &counsel.cookie)]).await.status, StatusCode::OK);
        assert_eq!(app.get("/no/such/page-with-a-name").await.status, StatusCode::NOT_FOUND);

        let text = handle.render();
        for series in [
            r#"iomed_http_requests_total{route="/cases/{id}/receipt",method="GET",status="2xx"}"#,
            r#"iomed_http_requests_total{route="/requests",method="POST",status="3xx"}"#,
            r#"iomed_http_requests_total{route="unmatched",method="GET",status="4xx"}"#,
            "iomed_http_request_duration_seconds_bucket{route=\"/cases/{id}/receipt\"",
            "iomed_writer_batch_size_count",
            "iomed_writer_commit_seconds_count",
            "iomed_ledger_height",
        ] {
            assert!(text.contains(series), "{}: no {series} in\n{text}", app.engine);
        }
        // Nothing a path or a form names: no case id, no title, no e-mail address.
        for label in
            text.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('{')).map(|(_, rest)| rest)
        {
            assert!(!label.contains(&id), "{}: a case id in {label}", app.engine);
            assert!(!label.contains("page-with-a-name") && !label.contains('@') && !label.contains("Harbourline"));
        }
    }
}

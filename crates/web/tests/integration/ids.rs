//! Identifiers reveal nothing: with the random ids of production, the ids one side sees of the
//! joint file do not count the other side's caucus filings or messages, a case's id does not
//! count the cases filed before it, and lists keep the order things were filed in.

use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

fn meta(audience: &str, party: &str, title: &str) -> String {
    serde_json::json!({"title": title, "type": "note", "language": "en", "audience": audience, "party": party})
        .to_string()
}

/// Neither 1, 2, 3 … nor any run of close numbers: ids drawn from 2^53 values.
fn opaque(ids: &[i64]) -> bool {
    ids.iter().all(|&id| id > 1 << 20) && ids.windows(2).all(|w| (w[0] - w[1]).abs() > 1 << 10)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_count_nothing_a_reader_cannot_see_and_lists_keep_their_order() {
    for app in apps_with_random_ids().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        let filed = app.post("/requests", &counsel.cookie, &filing).await;
        let location = filed.header("location");
        let case: i64 = location.strip_prefix("/cases/").unwrap().trim_end_matches("/receipt").parse().unwrap();
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        let file = |bearer: String, audience: &'static str, party: &'static str, title: &'static str| {
            let app = &app;
            async move {
                let reply = app
                    .multipart(
                        &format!("/api/v1/cases/{case}/documents"),
                        &[("authorization", &bearer)],
                        &[("meta", &meta(audience, party, title))],
                        Some(("f.txt", "text/plain", title.as_bytes())),
                    )
                    .await;
                assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
                reply.json()["id"].as_i64().unwrap()
            }
        };
        // Joint, then two caucus notes of the requesting side, then joint again.
        let first = file(mei.clone(), "joint", "", "Notice of dispute Alpha").await;
        file(mei.clone(), "caucus", "requesting", "Walk-away figure").await;
        file(mei.clone(), "caucus", "requesting", "Fallback").await;
        let second = file(camille.clone(), "joint", "", "Response Bravo").await;
        let third = file(mei.clone(), "joint", "", "Reply Charlie").await;

        // The other side lists the joint file in the order it was filed; the ids tell it nothing.
        let list = app.get_with(&format!("/api/v1/cases/{case}/documents"), &[("authorization", &camille)]).await;
        let ids: Vec<i64> =
            list.json()["items"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
        assert_eq!(ids, [first, second, third], "{what}: the order of filing");
        assert!(opaque(&[case, first, second, third]), "{what}: {case} {ids:?}");
        // People refer to them by their number in their audience: the joint file counts 1, 2, 3,
        // whatever the caucus holds, and the caucus counts its own.
        let numbers: Vec<i64> =
            list.json()["items"].as_array().unwrap().iter().map(|d| d["number"].as_i64().unwrap()).collect();
        assert_eq!(numbers, [1, 2, 3], "{what}");
        let mine =
            app.get_with(&format!("/api/v1/cases/{case}/documents"), &[("authorization", &mei)]).await.json()["items"]
                .clone();
        let caucus: Vec<i64> = mine
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["audience"] == "caucus:requesting")
            .map(|d| d["number"].as_i64().unwrap())
            .collect();
        assert_eq!(caucus, [1, 2], "{what}");
        let page = app.get_with(&format!("/cases/{case}/documents?lang=en"), &[("cookie", &respondent.cookie)]).await;
        let text = page.text();
        let at = |title: &str| text.find(title).unwrap_or_else(|| panic!("{what}: {title} not listed"));
        // The page shows the newest first, and by type in the order of filing.
        assert!(
            at("Reply Charlie") < at("Response Bravo") && at("Response Bravo") < at("Notice of dispute Alpha"),
            "{what}"
        );
        let by_type = app
            .get_with(&format!("/cases/{case}/documents?lang=en&view=type"), &[("cookie", &respondent.cookie)])
            .await;
        let text = by_type.text();
        let at = |title: &str| text.find(title).unwrap_or_else(|| panic!("{what}: {title} not listed"));
        assert!(
            at("Notice of dispute Alpha") < at("Response Bravo") && at("Response Bravo") < at("Reply Charlie"),
            "{what}"
        );

        // Messages: a caucus message between two joint ones leaves no trace in the joint ids.
        let send = |bearer: String, audience: &'static str, party: &'static str, body: &'static str| {
            let app = &app;
            async move {
                let body = serde_json::json!({"audience": audience, "party": party, "body": body}).to_string();
                let reply = app
                    .post_json(&format!("/api/v1/cases/{case}/messages"), &body, &[("authorization", &bearer)])
                    .await;
                assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
                reply.json()["id"].as_i64().unwrap()
            }
        };
        let hello = send(mei.clone(), "joint", "", "Good morning.").await;
        send(mei.clone(), "caucus", "requesting", "Hold at 3 million.").await;
        let answer = send(camille.clone(), "joint", "", "Good morning to you.").await;
        let thread = app.get_with(&format!("/api/v1/cases/{case}/messages"), &[("authorization", &camille)]).await;
        let seen: Vec<i64> =
            thread.json()["items"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
        assert_eq!(seen, [hello, answer], "{what}: the joint thread in order");
        assert!(opaque(&seen), "{what}: {seen:?}");

        // A second case's id does not say how many were filed before it.
        let other = app.person("li@qingdao-shipping.example", &[Role::Representative]).await;
        let mut filing = complete_form(&other.csrf, "ops@atlas-freight.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        let next = app.post("/requests", &other.cookie, &filing).await;
        let next: i64 =
            next.header("location").strip_prefix("/cases/").unwrap().trim_end_matches("/receipt").parse().unwrap();
        assert!(opaque(&[case, next]), "{what}: {case} then {next}");
        // And the Secretariat's list keeps the order of filing.
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let reg = token(&app, registrar.id).await;
        let cases = app.get_with("/api/v1/cases", &[("authorization", &reg)]).await.json();
        let listed: Vec<i64> = cases["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
        assert_eq!(listed, [next, case], "{what}: newest first");
    }
}

use axum::http::StatusCode;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_can_check_whether_iomed_may_mediate_and_nothing_is_stored() {
    for app in apps().await {
        let head = app.store.head().await.unwrap();
        let body = r#"{"category":"state_state","filed_on":"2026-03-01",
            "parties":[{"kind":"state","state":"CHN"},{"kind":"state","state":"pak"}],
            "subjects":["trade"],"consent":{"basis":"prior_agreement","date":"2026-01-15"}}"#;
        let reply = app.post_json("/api/v1/scope/check", body, &[]).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", app.engine);
        let answer = reply.json();
        assert_eq!(answer["outcome"], "in_scope");
        assert_eq!(answer["rules_profile"], "2025.1");
        insta::assert_json_snapshot!("scope_in_scope_en", answer);

        // Cuba has only signed: discretionary; a third State without consent: out of scope.
        let body = r#"{"category":"state_state","filed_on":"2026-03-01",
            "parties":[{"kind":"state","state":"CHN"},{"kind":"state","state":"CUB"}],
            "subjects":["water"],"third_states":[{"state":"KEN","consented":false}],
            "consent":{"basis":"offer","date":"2026-03-01"}}"#;
        let answer = app.post_json("/api/v1/scope/check", body, &[("accept-language", "fr")]).await.json();
        assert_eq!(answer["outcome"], "out_of_scope");
        let codes: Vec<&str> =
            answer["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap()).collect();
        assert!(
            codes.contains(&"non_contracting_state")
                && codes.contains(&"third_state_consent_missing")
                && codes.contains(&"offer_needs_acceptance"),
            "{codes:?}"
        );
        let messages: Vec<&str> =
            answer["reasons"].as_array().unwrap().iter().map(|r| r["message"].as_str().unwrap()).collect();
        assert!(messages.iter().any(|m| m.contains("Cuba n’est pas un État contractant")), "{messages:?}");
        assert!(answer["reasons"].as_array().unwrap().iter().all(|r| !r["source"].as_str().unwrap().is_empty()));

        // An investor of the respondent State's nationality.
        let body = r#"{"category":"state_national","filed_on":"2026-03-01",
            "parties":[{"kind":"state","state":"PAK"},{"kind":"company","name":"Fictional Ltd","nationalities":["PAK"],"place_of_business":"PAK"}],
            "subjects":["investment"],"consent":{"basis":"prior_agreement","date":"2026-01-15"}}"#;
        let answer = app.post_json("/api/v1/scope/check", body, &[("accept-language", "zh-CN")]).await.json();
        assert_eq!(answer["outcome"], "out_of_scope");
        assert!(answer["outcome_label"].as_str().unwrap().contains("不能调解"));

        assert_eq!(app.store.head().await.unwrap(), head, "the check stored something");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_check_names_the_field() {
    for app in apps().await {
        for (body, needle) in [
            (
                r#"{"category":"state_state","filed_on":"2026-03-01","parties":[{"kind":"state","state":"XXX"}]}"#,
                "parties[0].state",
            ),
            (r#"{"category":"war","filed_on":"2026-03-01","parties":[]}"#, "category"),
            (r#"{"category":"state_state","filed_on":"1 March","parties":[]}"#, "filed_on"),
            (r#"{"category":"state_state","filed_on":"2026-03-01","parties":[],"subjects":["fishing"]}"#, "subjects"),
            (r#"{"category":"state_state","filed_on":"2026-03-01","parties":[],"extra":1}"#, "unknown field"),
            ("not json", "not JSON"),
        ] {
            let reply = app.post_json("/api/v1/scope/check", body, &[]).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(reply.header("content-type"), "application/problem+json");
            let problem = reply.json();
            assert_eq!(problem["code"], "bad_body");
            assert!(problem["detail"].as_str().unwrap().contains(needle), "{body}: {}", problem["detail"]);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_answers_in_the_readers_language_from_names_or_codes() {
    for app in apps().await {
        let form = app.get("/scope?lang=fr").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.text().contains("<datalist id=\"states\">"));
        // Pakistan typed as its French name, Serbia as its code; Serbia has no declaration in
        // this test registry, Cuba has only signed.
        let uri = "/scope?lang=fr&category=state_state&filed_on=2026-03-01&p1_kind=state&p1_state=Pakistan&p2_kind=state&p2_state=srb&subject=water&basis=prior_agreement&consent_on=2026-01-10";
        let reply = app.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", app.engine);
        let html = reply.text();
        assert!(html.contains("L’IOMed peut assurer la médiation de ce différend."), "{html}");
        // Each reason cites its rule in the reader's language.
        assert!(html.contains("E3, E12 : différends entre États contractants"), "{html}");
        let reply = app
            .get("/scope?category=state_state&p1_kind=state&p1_state=Atlantis&p2_kind=state&p2_state=CHN&subject=water")
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        let html = reply.text();
        assert!(html.contains("“Atlantis” is not the name or code of a United Nations member or observer State."));
        assert!(html.contains("value=\"Atlantis\""), "what was typed is kept");
        // The error summary links to the field, which is marked and described.
        assert!(
            html.contains(r##"<h2 id="errors-heading">There is a problem</h2><ul><li><a href="#p1_state">"##),
            "{html}"
        );
        assert!(html.contains(r#"aria-invalid="true" aria-describedby="p1_state-error""#), "{html}");
        // A State typed in another of the four languages is found; a near miss is suggested.
        let reply = app
            .get("/scope?category=state_state&p1_kind=state&p1_state=%E5%B7%B4%E5%9F%BA%E6%96%AF%E5%9D%A6&p2_kind=state&p2_state=Serbie&subject=water&basis=prior_agreement")
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}: Chinese and French names on an English page", app.engine);
        let reply = app.get("/scope?lang=fr&category=state_state&p1_kind=state&p1_state=Pakstan&subject=water").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        // No-break spaces inside the guillemets and before the question mark.
        assert!(reply.text().contains("Vouliez-vous dire «\u{a0}Pakistan\u{a0}»\u{a0}?"), "{}", reply.text());
    }
}

use axum::http::StatusCode;
use iomed_domain::accounts::Role;
use iomed_domain::request::Side;

use crate::cases::token;
use crate::support::*;

/// The Secretariat records a profile, appoints after the conflict checks (a bar needs the
/// parties' written agreement), and the mediator accepts with the declaration and joins the case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mediator_is_appointed_after_the_checks_and_accepts_with_the_declaration() {
    for app in apps().await {
        let counsel = app.person("agent@mofa.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mediator = app.person("amina@panel.example", &[Role::Mediator]).await;
        let auth = token(&app, counsel.id).await;
        let draft = serde_json::json!({
            "category": "state_state",
            "summary": "(Fictional.) Costs of a jointly chartered research vessel.",
            "parties": [
                {"side": "requesting", "kind": "state", "state": "CHN", "contact": "agent@mofa.example"},
                {"side": "responding", "kind": "state", "state": "PAK", "contact": "registrar@iomed.test"}
            ],
            "subjects": ["other"],
            "consent_basis": "prior_agreement",
            "consent_date": "2026-01-10",
            "consent_document": "Charter agreement, article 9",
            "authority_document": "Full powers",
            "internal_authorization": "Decision of the Ministry",
            "other_side_name": "Agent of Pakistan",
            "other_side_email": "agent@mofa-pk.example",
            "signature": "Agent of China"
        });
        let id = app.post_json("/api/v1/requests", &draft.to_string(), &[("authorization", &auth)]).await.json()["id"]
            .as_i64()
            .unwrap();
        let case = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &[("authorization", &auth)]).await.json()
            ["id"]
            .as_i64()
            .unwrap();
        let steps = format!("/cases/{case}/steps");
        iomed_store::testing::file_screening_annexes(&app.store, case).await.unwrap();
        for step in ["mark_fee_paid", "register"] {
            app.submit(&steps, &registrar.cookie, &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)])
                .await;
        }

        // A profile: Pakistani nationality, a bar in a case against Pakistan.
        let bad = app.submit("/admin/mediators", &registrar.cookie, &[("csrf", &registrar.csrf), ("user", "0")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text().contains("Name (Latin script): missing."));
        // Each gap is linked from the summary to its field, which is marked.
        assert!(
            bad.text().contains(r##"<li><a href="#name">Name (Latin script): missing.</a></li>"##),
            "{}",
            bad.text()
        );
        assert!(bad.text().contains(r#"id="languages" name="languages" required value="" aria-invalid="true""#));
        let user = mediator.id.0.to_string();
        let recorded = app
            .submit(
                "/admin/mediators",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("user", &user),
                    ("name", "Amina Qureshi"),
                    ("nationalities", "PAK, GBR"),
                    ("languages", "en, ur"),
                    ("state_service", "CHN: visiting lecturer until 2020-06-30"),
                ],
            )
            .await;
        assert!(recorded.text().contains("The profile was recorded."), "{}", app.engine);

        // The Secretariat's candidate search ranks her with the reasons: a bar in this case.
        let screening =
            app.get_with(&format!("/cases/{case}/mediators"), &[("cookie", &registrar.cookie)]).await.text();
        assert!(screening.contains("Candidate search"), "{}", app.engine);
        assert!(screening.contains("Bar: The mediator is a national of Pakistan, a party."));
        let appoint = format!("/cases/{case}/appointments");
        let barred = app.submit(&appoint, &registrar.cookie, &[("csrf", &registrar.csrf), ("mediator", &user)]).await;
        assert!(barred.text().contains("The conflict checks found a bar."), "{}", app.engine);
        assert!(app.store.appointments_of_case(case).await.unwrap().is_empty(), "nothing was written");
        let long = "x".repeat(501);
        let too_long = [("csrf", registrar.csrf.as_str()), ("mediator", &user), ("agreement", &long)];
        let refused = app.submit(&appoint, &registrar.cookie, &too_long).await.text();
        assert!(refused.contains("may be at most 500 characters"), "{}", app.engine);
        assert!(app.store.appointments_of_case(case).await.unwrap().is_empty(), "nothing was written");
        let agreed = [
            ("csrf", registrar.csrf.as_str()),
            ("mediator", &user),
            ("agreement", "Letters of both parties of 1 December 2026"),
        ];
        // Check, then appoint: the page shows the conflict checks the appointment would record and
        // who is told; nothing is written until it is confirmed.
        let check = app.submit(&appoint, &registrar.cookie, &agreed).await;
        assert_eq!(check.status, StatusCode::OK, "{}", app.engine);
        let check = check.text();
        assert!(check.contains("Check before you confirm"), "{check}");
        assert!(check.contains("Bar: The mediator is a national of Pakistan, a party."), "{check}");
        assert!(check.contains("Letters of both parties of 1 December 2026") && check.contains("Amina Qureshi"));
        assert!(check.contains("Confirm: Appoint this mediator"), "{check}");
        assert!(app.store.appointments_of_case(case).await.unwrap().is_empty(), "nothing was written");
        let mut confirmed = agreed.to_vec();
        confirmed.push(("confirmed", "yes"));
        let appointed = app.submit(&appoint, &registrar.cookie, &confirmed).await.text();
        assert!(appointed.contains("The mediator is a national of Pakistan, a party."), "{}", app.engine);
        assert!(appointed.contains("Letters of both parties of 1 December 2026"));
        // The registrar reads whose answer is awaited: "your answer" is the appointee's own page.
        assert!(appointed.contains("Appointed, awaiting the mediator&#39;s answer"), "{appointed}");
        assert!(!appointed.contains("Awaiting your answer"));
        let page = app.get_with(&format!("/cases/{case}/mediators"), &[("cookie", &counsel.cookie)]).await.text();
        assert!(
            page.contains("The mediator served China, a party, in recent years.") || page.contains("long ago"),
            "the parties see the checks"
        );

        // The mediator answers: the declaration must be complete.
        let appointment = app.store.appointments_of_case(case).await.unwrap()[0].id;
        let answer = format!("/appointments/{appointment}");
        let incomplete = app
            .submit(&answer, &mediator.cookie, &[("csrf", &mediator.csrf), ("answer", "accept"), ("independent", "on")])
            .await;
        assert!(incomplete.text().contains("confirm your independence, impartiality and availability"));
        let stranger = app.person("other.mediator@panel.example", &[Role::Mediator]).await;
        let not_theirs =
            app.submit(&answer, &stranger.cookie, &[("csrf", &stranger.csrf), ("answer", "decline")]).await;
        assert_eq!(not_theirs.status, StatusCode::NOT_FOUND, "another's appointment is not there for them");
        // Through the API, while the first appointment awaits its answer, the Secretariat appoints
        // a second candidate, who declines.
        let other = stranger.id.0.to_string();
        app.submit(
            "/admin/mediators",
            &registrar.cookie,
            &[
                ("csrf", &registrar.csrf),
                ("user", &other),
                ("name", "Lucía Ortega"),
                ("nationalities", "CHL"),
                ("languages", "es, en"),
            ],
        )
        .await;
        let reg = token(&app, registrar.id).await;
        let body = format!(r#"{{"mediator": {other}}}"#);
        let appointed =
            app.post_json(&format!("/api/v1/cases/{case}/appointments"), &body, &[("authorization", &reg)]).await;
        assert_eq!(appointed.status, StatusCode::CREATED, "{}", appointed.text());
        assert_eq!(appointed.json()["findings"], serde_json::json!([]));
        let second = appointed.json()["id"].as_i64().unwrap();
        let lucia = token(&app, stranger.id).await;
        let mine = app.get_with("/api/v1/appointments", &[("authorization", &lucia)]).await.json();
        assert_eq!(mine["items"][0]["status"], "pending");
        assert!(mine["next"].is_null());
        let bad = app.get_with("/api/v1/appointments?cursor=ab", &[("authorization", &lucia)]).await;
        assert_eq!((bad.status, bad.json()["code"].as_str()), (StatusCode::BAD_REQUEST, Some("bad_cursor")));
        let declined = app
            .post_json(
                &format!("/api/v1/appointments/{second}"),
                r#"{"answer": "decline"}"#,
                &[("authorization", &lucia)],
            )
            .await;
        assert_eq!(declined.json()["status"], "declined", "{}", declined.text());
        let again = app
            .post_json(
                &format!("/api/v1/appointments/{second}"),
                r#"{"answer": "decline"}"#,
                &[("authorization", &lucia)],
            )
            .await;
        assert_eq!(again.json()["code"], "already_answered");
        let accepted = app
            .submit(
                &answer,
                &mediator.cookie,
                &[
                    ("csrf", &mediator.csrf),
                    ("answer", "accept"),
                    ("independent", "on"),
                    ("impartial", "on"),
                    ("available", "on"),
                    ("disclosures", "I lectured in Beijing in 2019-2020."),
                ],
            )
            .await;
        assert!(accepted.text().contains("you are now on the case"), "{}", app.engine);
        let case_page = app.get_with(&format!("/cases/{case}/mediators"), &[("cookie", &mediator.cookie)]).await;
        assert_eq!(case_page.status, StatusCode::OK);
        assert!(case_page.text().contains("I lectured in Beijing in 2019-2020."));

        // The same through the API: the parties read the checks.
        let listed =
            app.get_with(&format!("/api/v1/cases/{case}/appointments"), &[("authorization", &auth)]).await.json();
        assert_eq!(listed[0]["findings"][0]["code"], "national_of_party_state");
        assert_eq!(listed[0]["findings"][0]["severity"], "bar");
        assert_eq!(listed[0]["status"], "accepted");
        // Once she has accepted, the case has the one mediator it needs: no further appointment.
        let more =
            app.post_json(&format!("/api/v1/cases/{case}/appointments"), &body, &[("authorization", &reg)]).await;
        assert_eq!((more.status, more.json()["code"].as_str()), (StatusCode::CONFLICT, Some("mediators_in_place")));
        assert_eq!(app.store.appointments_of_case(case).await.unwrap().len(), 2, "nothing was written");
    }
}

/// Designations on a State's notification, and the public panels they make.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn designations_make_the_public_panels() {
    for app in apps().await {
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mediator = app.person("amina@panel.example", &[Role::Mediator]).await;
        let user = mediator.id.0.to_string();
        app.submit(
            "/admin/mediators",
            &registrar.cookie,
            &[
                ("csrf", &registrar.csrf),
                ("user", &user),
                ("name", "Amina Qureshi"),
                ("nationalities", "PAK"),
                ("languages", "en, ur"),
                ("expertise", "water\ninvestment"),
                ("biography", "(Fictional.) Water law."),
            ],
        )
        .await;
        assert!(!app.get("/panels").await.text().contains("Amina Qureshi"), "not on a panel yet");
        let designate = |state: &'static str| {
            vec![
                ("csrf", registrar.csrf.clone()),
                ("mediator", user.clone()),
                ("state", state.to_owned()),
                ("panel", "inter_state".to_owned()),
                ("on", "2026-11-22".to_owned()),
            ]
        };
        // A State that names none: the nearest names, on the State field.
        let typo = designate("Chnia");
        let typo: Vec<(&str, &str)> = typo.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = app.submit("/admin/designations", &registrar.cookie, &typo).await.text();
        assert!(page.contains(r##"<li><a href="#d-state">“Chnia” is not the name"##), "{page}");
        assert!(page.contains("Did you mean “China”"), "{page}");
        // What was typed stays, to be corrected rather than typed again.
        assert!(page.contains(r#"name="state" required value="Chnia""#), "the typed State is kept");
        assert!(page.contains(r#"name="on" type="date" required value="2026-11-22""#), "the date is kept");
        assert!(page.contains(&format!(r#"<option value="{user}" selected>"#)), "the mediator is kept");
        let refused = designate("France");
        let refused: Vec<(&str, &str)> = refused.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = app.submit("/admin/designations", &registrar.cookie, &refused).await;
        assert!(page.text().contains("Only a Contracting State designates mediators."), "{}", app.engine);
        let ok = designate("China");
        let ok: Vec<(&str, &str)> = ok.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let page = app.submit("/admin/designations", &registrar.cookie, &ok).await;
        assert!(page.text().contains("The designation was recorded."), "{}", app.engine);
        // The designations are a list on the page (they were once drawn inside its <title>).
        let listed = page.text();
        let (head, body) = listed.split_once("</title>").unwrap();
        assert!(!head.contains("designations-heading"), "the designations are in the page's title");
        let main = body.split_once("<main").unwrap().1;
        assert!(main.contains("id=\"designations-heading\"") && main.contains("<table class=\"stacked\">"));

        let panels = app.get("/panels?lang=en").await.text();
        assert!(panels.contains("Amina Qureshi") && panels.contains("Pakistan"), "{}", app.engine);
        assert!(app.get("/panels?q=water").await.text().contains("Amina Qureshi"));
        assert!(!app.get("/panels?panel=commercial_investment").await.text().contains("Amina Qureshi"));
        let api = app.get("/api/v1/panels").await.json();
        assert_eq!(api["items"][0]["designated_by"], serde_json::json!(["CHN"]));
        assert!(api["next"].is_null());
        assert_eq!(app.get("/api/v1/panels?limit=0").await.json()["parameter"], "limit");
        assert_eq!(app.get("/api/v1/panels?limit=1").await.json()["items"].as_array().unwrap().len(), 1);
        let page = app.get(&format!("/panels/{user}")).await.text();
        assert!(page.contains("(Fictional.) Water law."));
        assert_eq!(app.get("/panels/999").await.status, StatusCode::NOT_FOUND);

        // Withdrawing asks first (whose, which State and panel, what follows, that it is final)
        // and writes nothing; confirmed, it takes the designation off the public panels.
        let id = app.store.designations().await.unwrap()[0].id;
        let path = format!("/admin/designations/{id}");
        let asked = app.submit(&path, &registrar.cookie, &[("csrf", &registrar.csrf), ("action", "withdraw")]).await;
        assert_eq!(asked.status, StatusCode::OK);
        let asked = asked.text();
        for expected in
            ["Withdraw the designation", "Test Person", "China", "a withdrawn designation cannot be renewed"]
        {
            assert!(asked.contains(expected), "{expected} not in the check page");
        }
        assert!(app.get("/panels").await.text().contains("Amina Qureshi"), "nothing was withdrawn yet");
        let unknown = app.submit(&path, &registrar.cookie, &[("csrf", &registrar.csrf), ("action", "end")]).await;
        assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "an unknown action withdraws nothing");
        assert!(app.get("/panels").await.text().contains("Amina Qureshi"));
        app.submit(
            &path,
            &registrar.cookie,
            &[("csrf", &registrar.csrf), ("action", "withdraw"), ("confirmed", "yes")],
        )
        .await;
        assert!(!app.get("/panels").await.text().contains("Amina Qureshi"));
        let ended = app.submit(&path, &registrar.cookie, &[("csrf", &registrar.csrf), ("action", "withdraw")]).await;
        assert!(ended.text().contains("This designation has ended already"), "the check is blocked once ended");
    }
}

/// Joint appointment: each side ranks privately; only the candidates on both lists are shown,
/// to anyone; neither side learns whom the other left out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_rankings_reveal_only_the_agreed_candidates() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mut filing = crate::cases::complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.submit("/requests", &counsel.cookie, &filing).await;
        iomed_store::testing::file_screening_annexes(&app.store, 1).await.unwrap();
        for step in ["mark_fee_paid", "register"] {
            app.submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)],
            )
            .await;
        }
        let mut ids = Vec::new();
        for (email, name) in [
            ("ana@panel.example", "Ana Zweite"),
            ("ben@panel.example", "Ben Ersterwahl"),
            ("cy@panel.example", "Cy Abgelehnt"),
        ] {
            let m = app.person(email, &[Role::Mediator]).await;
            let id = m.id.0.to_string();
            app.submit(
                "/admin/mediators",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("user", &id),
                    ("name", name),
                    ("nationalities", "GHA"),
                    ("languages", "en"),
                ],
            )
            .await;
            ids.push(m.id.0);
        }
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        let body = |c: &[i64]| serde_json::json!({ "candidates": c }).to_string();
        // The requesting side ranks through the form: Ben, Ana, Cy. A position that is not a
        // number is refused with the form again, nothing saved.
        let rank = |k: usize| format!("rank_{}", ids[k]);
        let (r0, r1, r2) = (rank(0), rank(1), rank(2));
        let bad = [("csrf", counsel.csrf.as_str()), (&*r0, "first")];
        let refused = app.submit("/cases/1/ranking", &counsel.cookie, &bad).await.text();
        assert!(refused.contains("“first” is not a position"), "{}", app.engine);
        assert!(app.store.ranking(1, Side::Requesting).await.unwrap().is_none());
        let form = [("csrf", counsel.csrf.as_str()), (&*r1, "1"), (&*r0, "2"), (&*r2, "3")];
        let saved = app.submit("/cases/1/ranking", &counsel.cookie, &form).await.text();
        assert!(saved.contains("Your ranking was saved."), "{}", app.engine);
        assert!(saved.contains("No candidate is on both sides"));
        // Before both sides have ranked, a side may still change its ranking, and sees nothing.
        let again = app
            .json("PUT", "/api/v1/cases/1/ranking", &body(&[ids[1], ids[0], ids[2]]), &[("authorization", &mei)])
            .await;
        assert_eq!(again.json(), serde_json::json!([]), "{}: nothing agreed yet", app.engine);
        // The responding side: Ana, Ben (Cy left out). A candidate twice is refused.
        let twice =
            app.json("PUT", "/api/v1/cases/1/ranking", &body(&[ids[0], ids[0]]), &[("authorization", &camille)]).await;
        assert_eq!(twice.json()["code"], "bad_candidate");
        let both =
            app.json("PUT", "/api/v1/cases/1/ranking", &body(&[ids[0], ids[1]]), &[("authorization", &camille)]).await;
        assert_eq!(both.json(), serde_json::json!([ids[0], ids[1]]), "{}", app.engine);
        // Both have ranked: the rankings are final, so no sequence of changes can probe the
        // other side's ranking.
        let late = app.json("PUT", "/api/v1/cases/1/ranking", &body(&[ids[1]]), &[("authorization", &camille)]).await;
        assert_eq!(late.status, StatusCode::CONFLICT);
        assert_eq!(late.json()["code"], "ranking_locked");
        let late_form = [("csrf", counsel.csrf.as_str()), (&*r2, "1")];
        let refused = app.submit("/cases/1/ranking", &counsel.cookie, &late_form).await.text();
        assert!(refused.contains("the rankings are final and can no longer be changed"), "{}", app.engine);

        // The responding side sees its own ranks and the agreed names, never Cy's rank by the
        // other side; the agreed list names only Ana and Ben.
        let page = app.get_with("/cases/1/mediators", &[("cookie", &respondent.cookie)]).await.text();
        assert!(
            page.contains("Candidates both sides ranked, best first: Ana Zweite, Ben Ersterwahl"),
            "{}",
            app.engine
        );
        let own = page.split("rankings are final, and what both accept").nth(1).unwrap();
        let own = own.split("</ol>").next().unwrap();
        assert_eq!(own.matches("<li>").count(), 2, "{own}");
        assert!(!own.contains("Cy Abgelehnt") && !page.contains("name=\"rank_"));
        // The history does not tell that a side ranked, nor whom.
        let history = app.get_with("/cases/1/history?limit=100", &[("cookie", &counsel.cookie)]).await.text();
        assert!(!history.contains("Cy Abgelehnt") && !history.to_lowercase().contains("ranking"), "{history}");
        let theirs = app.get_with("/cases/1/mediators", &[("cookie", &counsel.cookie)]).await.text();
        let own = theirs.split("rankings are final, and what both accept").nth(1).unwrap();
        let own = own.split("</ol>").next().unwrap();
        assert!(own.find("Ben Ersterwahl").unwrap() < own.find("Cy Abgelehnt").unwrap(), "{own}");
        // The ledger keeps a keyed commitment to each ranking, not its names: trying every
        // ordering of the three candidates against a plain hash finds nothing.
        let ledger = app.store.stream("case/1/appointments").await.unwrap();
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let mut guesses: Vec<String> = Vec::new();
        for order in orders {
            for len in 1..=3 {
                let listed: Vec<i64> = order[..len].iter().map(|&i| ids[i]).collect();
                guesses.push(blake3::hash(serde_json::to_string(&listed).unwrap().as_bytes()).to_hex().to_string());
            }
        }
        for r in ledger.iter().filter(|r| r.kind == "case.ranking_submitted") {
            let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["case", "ranking_hash", "side"]);
            assert!(!guesses.iter().any(|g| body["ranking_hash"] == g.as_str()), "{}: a plain hash", app.engine);
        }
        // The Secretariat's appointment form lists the agreed candidates first.
        let reg_page = app.get_with("/cases/1/mediators", &[("cookie", &registrar.cookie)]).await.text();
        let select = reg_page.split("id=\"mediator\"").nth(1).unwrap();
        assert!(select.find("Ana Zweite").unwrap() < select.find("Cy Abgelehnt").unwrap());
    }
}

/// A party challenges a serving mediator; the other side and the mediator respond; the
/// Secretary-General decides; upheld, the mediator leaves the case and a replacement follows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_challenge_is_answered_and_decided_and_a_replacement_appointed() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let sg = app.person("sg@iomed.test", &[Role::SecretaryGeneral]).await;
        let first = app.person("first@panel.example", &[Role::Mediator]).await;
        let second = app.person("second@panel.example", &[Role::Mediator]).await;
        let mut filing = crate::cases::complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.submit("/requests", &counsel.cookie, &filing).await;
        iomed_store::testing::file_screening_annexes(&app.store, 1).await.unwrap();
        for step in ["mark_fee_paid", "register"] {
            app.submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)],
            )
            .await;
        }
        for (m, name) in [(&first, "First Mediator"), (&second, "Second Mediator")] {
            let id = m.id.0.to_string();
            app.submit(
                "/admin/mediators",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("user", &id),
                    ("name", name),
                    ("nationalities", "GHA"),
                    ("languages", "en"),
                ],
            )
            .await;
        }
        let first_id = first.id.0.to_string();
        app.submit(
            "/cases/1/appointments",
            &registrar.cookie,
            &[("csrf", &registrar.csrf), ("mediator", &first_id), ("confirmed", "yes")],
        )
        .await;
        let appointment = app.store.appointments_of_case(1).await.unwrap()[0].id;
        let accept = [
            ("csrf", first.csrf.as_str()),
            ("answer", "accept"),
            ("independent", "on"),
            ("impartial", "on"),
            ("available", "on"),
        ];
        app.submit(&format!("/appointments/{appointment}"), &first.cookie, &accept).await;
        assert_eq!(app.get_with("/cases/1", &[("cookie", &first.cookie)]).await.status, StatusCode::OK);

        // A continuing duty: the mediator discloses later, and the parties read it.
        let disclosed = app
            .submit(
                &format!("/cases/1/appointments/{appointment}/disclosures"),
                &first.cookie,
                &[("csrf", &first.csrf), ("text", "My firm now advises a Kestrel subsidiary.")],
            )
            .await;
        assert!(disclosed.text().contains("The disclosure was sent to the parties."), "{}", app.engine);
        let seen = app.get_with("/cases/1/mediators", &[("cookie", &respondent.cookie)]).await.text();
        assert!(seen.contains("My firm now advises a Kestrel subsidiary."));
        let not_theirs = app
            .submit(
                &format!("/cases/1/appointments/{appointment}/disclosures"),
                &second.cookie,
                &[("csrf", &second.csrf), ("text", "x")],
            )
            .await;
        assert_eq!(not_theirs.status, StatusCode::NOT_FOUND);
        let challenge = format!("/cases/1/appointments/{appointment}/challenges");
        let empty = app.submit(&challenge, &counsel.cookie, &[("csrf", &counsel.csrf), ("reasons", " ")]).await;
        assert!(empty.text().contains("Give the reasons."), "{}", app.engine);
        let made = app
            .submit(
                &challenge,
                &counsel.cookie,
                &[("csrf", &counsel.csrf), ("reasons", "The mediator advised Kestrel in 2024.")],
            )
            .await;
        assert!(made.text().contains("The challenge was made."), "{}", app.engine);
        let again = app.submit(&challenge, &counsel.cookie, &[("csrf", &counsel.csrf), ("reasons", "Again.")]).await;
        assert!(again.text().contains("A challenge to this mediator is already open."));
        let id = app.store.challenges_of_case(1).await.unwrap()[0].id;
        let respond = format!("/cases/1/challenges/{id}/responses");
        let own = app.submit(&respond, &counsel.cookie, &[("csrf", &counsel.csrf), ("text", "More.")]).await;
        assert_eq!(own.status, StatusCode::NOT_FOUND, "the challenging side does not answer itself");
        app.submit(
            &respond,
            &respondent.cookie,
            &[("csrf", &respondent.csrf), ("text", "Kestrel never retained them.")],
        )
        .await;
        app.submit(
            &respond,
            &first.cookie,
            &[("csrf", &first.csrf), ("text", "I gave one lecture at Kestrel's invitation.")],
        )
        .await;

        let decide = format!("/cases/1/challenges/{id}/decision");
        let not_sg = app
            .submit(&decide, &registrar.cookie, &[("csrf", &registrar.csrf), ("decision", "uphold"), ("reasons", "x")])
            .await;
        assert_eq!(not_sg.status, StatusCode::FORBIDDEN);
        // The decision is checked first: the challenge, the reasons, what follows, who is told.
        let decision =
            [("csrf", sg.csrf.as_str()), ("decision", "uphold"), ("reasons", "An undisclosed link with a party.")];
        let check = app.submit(&decide, &sg.cookie, &decision).await.text();
        assert!(check.contains("Confirm: Uphold the challenge"), "{check}");
        assert!(check.contains("The mediator leaves the case at once."), "{check}");
        assert!(check.contains("An undisclosed link with a party.") && check.contains("Test Person"), "{check}");
        assert_eq!(app.store.challenges_of_case(1).await.unwrap()[0].status, "open", "nothing was written");
        let empty = [("csrf", sg.csrf.as_str()), ("decision", "reject"), ("reasons", " ")];
        let blocked = app.submit(&decide, &sg.cookie, &empty).await.text();
        assert!(blocked.contains("Give the reasons for the decision first") && !blocked.contains("Confirm:"));
        let mut confirmed = decision.to_vec();
        confirmed.push(("confirmed", "yes"));
        let upheld = app.submit(&decide, &sg.cookie, &confirmed).await.text();
        assert!(upheld.contains("The challenge was upheld"), "{}", app.engine);
        assert!(
            upheld.contains("Kestrel never retained them.") && upheld.contains("An undisclosed link with a party.")
        );
        assert_eq!(app.get_with("/cases/1", &[("cookie", &first.cookie)]).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.store.appointments_of_case(1).await.unwrap()[0].status.as_str(), "removed");

        // The replacement follows the same path.
        let second_id = second.id.0.to_string();
        let replaced = app
            .submit(
                "/cases/1/appointments",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("mediator", &second_id), ("confirmed", "yes")],
            )
            .await;
        assert!(replaced.text().contains("The mediator was appointed"), "{}", app.engine);
        let kinds: Vec<String> =
            app.store.stream("case/1/appointments").await.unwrap().iter().map(|r| r.kind.clone()).collect();
        assert!(kinds.ends_with(&[
            "case.mediator_challenged".into(),
            "case.challenge_answered".into(),
            "case.challenge_answered".into(),
            "case.challenge_upheld".into(),
            "case.mediator_appointed".into()
        ]));
        // The procedural history tells each of these steps to everyone on the case, by the
        // mediator's name and the side, never the reasons.
        let history = app.get_with("/cases/1/history?limit=100", &[("cookie", &respondent.cookie)]).await.text();
        for expected in [
            "The Secretariat appointed Test Person as mediator, after the conflict checks.",
            "Test Person accepted the appointment and signed the declaration.",
            "Requesting party challenged the mediator Test Person.",
            "answered the challenge.",
            "The challenge was upheld: Test Person left the case.",
        ] {
            assert!(history.contains(expected), "{}: {expected} not in the history", app.engine);
        }
        assert!(!history.contains("An undisclosed link with a party."), "the reasons stay on the mediators page");
        let recent = app.get_with("/cases/1", &[("cookie", &respondent.cookie)]).await.text();
        assert!(recent.contains("Test Person left the case."), "{}: the case page's recent history", app.engine);

        // The same through the API: the replacement accepts; the other side challenges; counsel
        // responds; the Secretary-General rejects the challenge; the mediator stays.
        let replacement = app.store.appointments_of_case(1).await.unwrap()[1].id;
        let second_token = token(&app, second.id).await;
        let full = r#"{"answer": "accept", "independent": true, "impartial": true, "available": true}"#;
        app.post_json(&format!("/api/v1/appointments/{replacement}"), full, &[("authorization", &second_token)]).await;
        let (camille, mei, sg_token) =
            (token(&app, respondent.id).await, token(&app, counsel.id).await, token(&app, sg.id).await);
        let body = format!(r#"{{"action": "challenge", "appointment": {replacement}, "text": "Too busy to serve."}}"#);
        let made = app.post_json("/api/v1/cases/1/challenges", &body, &[("authorization", &camille)]).await;
        assert_eq!(made.status, StatusCode::OK, "{}", made.text());
        let open =
            made.json().as_array().unwrap().iter().find(|c| c["status"] == "open").unwrap()["id"].as_i64().unwrap();
        let respond = format!(r#"{{"action": "respond", "challenge": {open}, "text": "We trust the mediator."}}"#);
        app.post_json("/api/v1/cases/1/challenges", &respond, &[("authorization", &mei)]).await;
        let decide = format!(
            r#"{{"action": "decide", "challenge": {open}, "uphold": false, "text": "Availability was declared."}}"#
        );
        let not_sg = app.post_json("/api/v1/cases/1/challenges", &decide, &[("authorization", &mei)]).await;
        assert_eq!(not_sg.status, StatusCode::FORBIDDEN);
        let decided =
            app.post_json("/api/v1/cases/1/challenges", &decide, &[("authorization", &sg_token)]).await.json();
        let row = decided.as_array().unwrap().iter().find(|c| c["id"] == open).unwrap().clone();
        assert_eq!(row["status"], "rejected");
        assert_eq!(row["responses"][0][1], "We trust the mediator.");
        assert_eq!(
            app.get_with("/cases/1", &[("cookie", &second.cookie)]).await.status,
            StatusCode::OK,
            "still on the case"
        );

        // In another case with the same counsel, the first mediator's earlier appointment is found.
        app.submit("/requests", &counsel.cookie, &filing).await;
        iomed_store::testing::file_screening_annexes(&app.store, 2).await.unwrap();
        for step in ["mark_fee_paid", "register"] {
            app.submit(
                "/cases/2/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)],
            )
            .await;
        }
        let page = app
            .submit(
                "/cases/2/appointments",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("mediator", &first_id), ("confirmed", "yes")],
            )
            .await
            .text();
        assert!(
            page.contains("appointed in another case in recent years in which counsel of a party here also acted"),
            "{}",
            app.engine
        );
    }
}

/// The public neutrality dashboard counts panel members and appointments, and its CSV agrees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_neutrality_dashboard_counts_members_and_appointments() {
    for app in apps().await {
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let empty = app.get("/neutrality").await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.text().contains("Nothing to count yet."));
        for (email, name, nat, tradition, gender) in [
            ("a@panel.example", "Ama Boateng", "GHA", "common_law", "woman"),
            ("b@panel.example", "Bruno Lefèvre", "FRA", "civil_law", ""),
        ] {
            let m = app.person(email, &[Role::Mediator]).await;
            let id = m.id.0.to_string();
            let form = [
                ("csrf", registrar.csrf.as_str()),
                ("user", &id),
                ("name", name),
                ("nationalities", nat),
                ("languages", "en"),
                ("legal_tradition", tradition),
                ("gender", gender),
            ];
            app.submit("/admin/mediators", &registrar.cookie, &form).await;
            let designate = [
                ("csrf", registrar.csrf.as_str()),
                ("mediator", &id),
                ("state", "CHN"),
                ("panel", "inter_state"),
                ("on", "2026-11-22"),
            ];
            app.submit("/admin/designations", &registrar.cookie, &designate).await;
        }
        let page = app.get("/neutrality?lang=en").await.text();
        assert!(
            page.contains("African States") && page.contains("Western European and other States"),
            "{}",
            app.engine
        );
        assert!(page.contains("Common law") && page.contains("Civil law"));
        // A gender category of one person is not shown apart.
        assert!(
            page.contains("Categories of fewer than three, together") && !page.contains(">woman<"),
            "{}",
            app.engine
        );
        assert!(page.contains("<svg") && page.contains("<title id=\"svg-group-title\">"));
        let csv = app.get("/neutrality.csv").await;
        assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
        let text = csv.text();
        assert!(text.starts_with("dimension,category,panel_members,appointments\n"));
        assert!(text.contains("tradition,\"Common law\",1,0"), "{text}");
        assert!(text.contains("nationality,\"Ghana\",1,0"));
    }
}

/// W6: without an appointment in time, a party asks the Secretary-General to appoint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_party_asks_the_secretary_general_to_appoint_once_the_time_has_passed() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mut filing = crate::cases::complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.submit("/requests", &counsel.cookie, &filing).await;
        iomed_store::testing::file_screening_annexes(&app.store, 1).await.unwrap();
        for step in ["mark_fee_paid", "register"] {
            app.submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)],
            )
            .await;
        }
        let early = app.submit("/cases/1/sg-request", &counsel.cookie, &[("csrf", &counsel.csrf)]).await.text();
        assert!(early.contains("The parties still have time to appoint a mediator themselves."), "{}", app.engine);
        // Registered on Sunday 22 November 2026 (seat date): the 60 days end on Thursday 21 January.
        app.clock.set("2027-01-22T02:00:00Z".parse().unwrap());
        // Two months on, a new session.
        let (cookie, csrf) = app.session(counsel.id).await;
        let counsel = Person { id: counsel.id, cookie, csrf };
        let asked = app.submit("/cases/1/sg-request", &counsel.cookie, &[("csrf", &counsel.csrf)]).await.text();
        assert!(asked.contains("The Secretary-General was asked to appoint a mediator."), "{}", app.engine);
        assert!(asked.contains("A party asked the Secretary-General to appoint a mediator on"));
        let again = app.submit("/cases/1/sg-request", &counsel.cookie, &[("csrf", &counsel.csrf)]).await.text();
        assert!(again.contains("The Secretary-General has already been asked."));
        let kinds: Vec<String> =
            app.store.stream("case/1/appointments").await.unwrap().iter().map(|r| r.kind.clone()).collect();
        assert_eq!(kinds, ["case.sg_appointment_requested"]);
    }
}

/// Declared relationships are checked against the parties and their counsel; an unavailable
/// mediator ranks lower in the search.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_relationships_and_availability_count() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mediator = app.person("rel@panel.example", &[Role::Mediator]).await;
        let mut filing = crate::cases::complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        app.submit("/requests", &counsel.cookie, &filing).await;
        iomed_store::testing::file_screening_annexes(&app.store, 1).await.unwrap();
        for step in ["mark_fee_paid", "register"] {
            app.submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)],
            )
            .await;
        }
        let id = mediator.id.0.to_string();
        let form = [
            ("csrf", registrar.csrf.as_str()),
            ("user", &id),
            ("name", "Rel Mediator"),
            ("nationalities", "GHA"),
            ("languages", "en"),
            ("relationships", "Kestrel Cranes"),
            ("unavailable", "on"),
        ];
        app.submit("/admin/mediators", &registrar.cookie, &form).await;
        let page = app.get_with("/cases/1/mediators", &[("cookie", &registrar.cookie)]).await.text();
        assert!(page.contains("Not taking new appointments now (-10)"), "{}", app.engine);
        let appointed = app
            .submit(
                "/cases/1/appointments",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("mediator", &id), ("confirmed", "yes")],
            )
            .await;
        assert!(
            appointed.text().contains("The mediator declared a relationship with a party or its counsel."),
            "{}",
            app.engine
        );
    }
}

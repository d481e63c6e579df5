use axum::http::StatusCode;
use iomed_domain::accounts::Role;
use iomed_store::accounts::{AccountChange, new_secret};

use crate::support::*;

/// The form fields of a complete private commercial request naming `other` as the other side.
pub fn complete_form<'a>(csrf: &'a str, other: &'a str, basis: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("category", "private_commercial"),
        ("summary", "Unpaid invoices for port equipment."),
        ("p1_side", "requesting"),
        ("p1_kind", "company"),
        ("p1_name", "Harbourline Logistics Ltd"),
        ("p1_nat1", "Singapore"),
        ("p1_place", "SGP"),
        ("p1_contact", "legal@harbourline.example"),
        ("p2_side", "responding"),
        ("p2_kind", "company"),
        ("p2_name", "Kestrel Cranes SA"),
        ("p2_nat1", "FRA"),
        ("p2_place", "France"),
        ("p2_contact", "legal@kestrel.example"),
        ("subject", "trade"),
        ("consent_basis", basis),
        ("consent_date", "2026-01-10"),
        ("consent_document", "Supply Agreement, clause 21"),
        ("authority_document", "Power of attorney of 2 May 2026"),
        ("internal_authorization", "Board resolution of 28 April 2026"),
        ("other_side_name", "Camille Durand"),
        ("other_side_email", other),
        ("signature", "Mei Ling Tan"),
    ]
}

pub async fn token(app: &TestApp, user: iomed_domain::access::UserId) -> String {
    let (secret, hash) = new_secret("iomed_").unwrap();
    let change = AccountChange::CreateToken {
        user,
        name: "test".into(),
        token_hash: hash,
        scopes: vec!["read".into(), "write".into()],
        expires_at: app.store.now() + jiff::SignedDuration::from_hours(24 * 365),
    };
    app.store.account("test", change).await.unwrap();
    format!("Bearer {secret}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_is_drafted_filed_accepted_registered_and_hidden_from_everyone_else() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let stranger = app.person("someone@else.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;

        // An incomplete request: every gap at once, the draft kept.
        let partial = app
            .submit(
                "/requests",
                &counsel.cookie,
                &[("csrf", &counsel.csrf), ("action", "file"), ("confirmed", "yes"), ("summary", "Invoices.")],
            )
            .await;
        assert_eq!(partial.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.engine);
        let text = partial.text();
        for expected in [
            "Kind of dispute: missing.",
            "Name at least one requesting party.",
            "Signature (type your full name): missing.",
        ] {
            assert!(text.contains(expected), "{expected} not in the page");
        }
        assert!(text.contains(">Invoices.</textarea>"), "the typed summary is kept");
        // The GOV.UK pattern: the summary links to each field, which says its own error.
        assert!(text.contains("<a href=\"#signature\">"), "the summary links to the field");
        assert!(
            text.contains(
                "<p class=\"field-error\" id=\"signature-error\">Signature (type your full name): missing.</p>"
            ),
            "the message beside the field"
        );
        assert!(
            text.contains("aria-describedby=\"signature-help signature-error\" aria-invalid=\"true\""),
            "the field is marked invalid and described by its message"
        );
        assert!(!text.contains("aria-describedby=\"summary-help summary-error\""), "the summary was given");
        assert!(text.contains("action=\"/requests/1\""), "the draft was saved as request 1");
        // Its language switch goes to the draft's page, not back to the form's address.
        assert!(text.contains("href=\"/requests/1?lang=fr\""), "the switch leads to the saved draft");

        let form = complete_form(&counsel.csrf, "camille@kestrel.example", "offer");
        let mut filing = form.clone();
        filing.push(("action", "file"));
        // Filing first shows what it will do: what is filed, who is invited, the fee, the time
        // limit; the draft is kept and nothing is filed.
        let check = app.post("/requests/1", &counsel.cookie, &filing).await;
        assert_eq!(check.status, StatusCode::OK, "{}", app.engine);
        let check = check.text();
        for expected in [
            "Check before you confirm",
            "Confirm: File the request",
            "camille@kestrel.example",
            "USD 1,000.00",
            "by 21 January 2027",
            "Filing cannot be undone",
            "action=\"/requests/1/file\"",
        ] {
            assert!(check.contains(expected), "{expected} not in {check}");
        }
        assert!(app.store.case_row(1).await.unwrap().is_none(), "nothing was filed");
        assert!(app.store.pending_mail().await.unwrap().is_empty(), "nobody was told");
        let filed =
            app.post("/requests/1/file", &counsel.cookie, &[("csrf", &counsel.csrf), ("confirmed", "yes")]).await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text());
        assert_eq!(filed.header("location"), "/cases/1/receipt");
        // Pressed twice: the receipt again, not a second case.
        let twice =
            app.post("/requests/1/file", &counsel.cookie, &[("csrf", &counsel.csrf), ("confirmed", "yes")]).await;
        assert_eq!(twice.header("location"), "/cases/1/receipt");
        assert!(app.store.case_row(2).await.unwrap().is_none());

        // The receipt: the reference, the fee due and how to pay, the time limit.
        let receipt = app.get_with("/cases/1/receipt", &[("cookie", &counsel.cookie)]).await;
        assert_eq!(receipt.status, StatusCode::OK, "{}", app.engine);
        let receipt = receipt.text();
        for expected in [
            "Receipt of your request",
            "Filing reference",
            "USD 1,000.00",
            "21 January 2027",
            "quoting the filing reference 1",
        ] {
            assert!(receipt.contains(expected), "{expected} not in {receipt}");
        }
        let stranger_receipt = app.get_with("/cases/1/receipt", &[("cookie", &stranger.cookie)]).await;
        assert_eq!(stranger_receipt.status, StatusCode::NOT_FOUND);
        let by_reference = app.get_with("/requests/1/receipt", &[("cookie", &counsel.cookie)]).await;
        assert_eq!(by_reference.header("location"), "/cases/1/receipt");

        // The other side is told by e-mail who filed, the reference and the day to answer by, in
        // each language, and nothing else of the request; the one filing has the receipt, also
        // without it.
        let mails = app.store.pending_mail().await.unwrap();
        let notice = &mails.iter().find(|(_, m)| m.to == "camille@kestrel.example").unwrap().1;
        for expected in [
            "Harbourline",
            "(filing reference 1)",
            "until 21 January 2027 to accept or decline",
            "jusqu’au 21 janvier 2027",
            "提交编号 1",
        ] {
            assert!(notice.body.contains(expected), "{expected} not in {}", notice.body);
        }
        assert!(!notice.body.contains("invoices") && !notice.body.contains("Kestrel"), "{}", notice.body);
        let mine = &mails.iter().find(|(_, m)| m.to == "mei@harbourline.example").unwrap().1;
        assert!(mine.subject.contains("(reference 1)"), "{}", mine.subject);
        for expected in ["USD 1,000.00", "until 21 January 2027", "/requests/1/receipt"] {
            assert!(mine.body.contains(expected), "{expected} not in {}", mine.body);
        }
        assert!(!mine.body.contains("Harbourline") && !mine.body.contains("invoices"), "{}", mine.body);

        // The case page: deadlines with days left, history; the stranger gets the same 404 as
        // for a case that does not exist.
        let page = app.get_with("/cases/1", &[("cookie", &respondent.cookie)]).await;
        assert_eq!(page.status, StatusCode::OK);
        let text = page.text();
        assert!(text.contains("Answer to the offer to mediate"), "{text}");
        assert!(text.contains("Accept the offer to mediate"));
        // Filed 22 Nov 2026 (a Sunday at the seat): 60 days later is 21 Jan 2027, a Thursday.
        assert!(text.contains("21 January 2027") && text.contains("60 days left"), "{text}");
        let hidden = app.get_with("/cases/1", &[("cookie", &stranger.cookie)]).await;
        let missing = app.get_with("/cases/999", &[("cookie", &stranger.cookie)]).await;
        assert_eq!((hidden.status, missing.status), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
        // The footer counts ledger entries, which each refusal adds to; the rest is the same.
        let body = |r: &Reply| r.text().split("<footer").next().unwrap().replace("/cases/999", "/cases/1");
        assert_eq!(body(&hidden), body(&missing));
        let bearer = token(&app, stranger.id).await;
        let hidden = app.get_with("/api/v1/cases/1", &[("authorization", &bearer)]).await;
        let missing = app.get_with("/api/v1/cases/999", &[("authorization", &bearer)]).await;
        assert_eq!((hidden.status, hidden.text()), (missing.status, missing.text()));
        let listed = app.get_with("/api/v1/cases", &[("authorization", &bearer)]).await;
        assert_eq!(listed.json(), serde_json::json!({"items": [], "next": null}));

        // The requesting side cannot answer its own offer; the registrar cannot register yet.
        let own = app
            .submit(
                "/cases/1/steps",
                &counsel.cookie,
                &[("csrf", &counsel.csrf), ("confirmed", "yes"), ("step", "accept_offer")],
            )
            .await;
        assert_eq!(own.status, StatusCode::FORBIDDEN);
        let early = app
            .submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", "register")],
            )
            .await;
        assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(early.text().contains("not possible at this stage"), "registration waits for the answer");
        let accepted = app
            .submit(
                "/cases/1/steps",
                &respondent.cookie,
                &[("csrf", &respondent.csrf), ("confirmed", "yes"), ("step", "accept_offer")],
            )
            .await;
        assert!(accepted.text().contains("the offer to mediate was accepted"), "{}", accepted.text());
        let unpaid = app
            .submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", "register")],
            )
            .await;
        // Screening names every missing item at once (W4), before the check page; the accepted
        // offer is the consent. The checklist shows each item's state.
        assert_eq!(unpaid.status, StatusCode::UNPROCESSABLE_ENTITY);
        let text = unpaid.text();
        assert!(
            text.contains(
                "This case cannot be registered yet. Missing: Lodging fee; Proof of authority of the requesting \
                 side&#39;s representative; Proof of authority of the responding side&#39;s representative"
            ),
            "{text}"
        );
        assert!(text.contains(r#"id="screening-lodging_fee" class="missing""#), "{text}");
        assert!(text.contains(r#"id="screening-consent" class="met""#), "{text}");
        assert!(text.contains("The offer to mediate was accepted"));
        // The scope assessment no longer says the other side "will be invited": it was, and accepted.
        assert!(text.contains("the other side was invited to accept the offer to mediate, and accepted it"), "{text}");
        assert!(!text.contains("the other side will be invited"));
        // Each side files its representative's proof of authority in the joint file.
        for (person, name) in [(&counsel, "mei-poa.txt"), (&respondent, "camille-poa.txt")] {
            let bearer = token(&app, person.id).await;
            let meta = serde_json::json!({"title": "Power of attorney", "type": "proof_of_authority",
                "language": "en", "audience": "joint"});
            let filed = app
                .multipart(
                    "/api/v1/cases/1/documents",
                    &[("authorization", &bearer)],
                    &[("meta", &meta.to_string())],
                    Some((name, "text/plain", b"Authorized to represent the party.")),
                )
                .await;
            assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
        }
        let page = app.get_with("/cases/1", &[("cookie", &registrar.cookie)]).await.text();
        assert!(page.contains(r#"id="screening-authority_responding" class="met""#), "{page}");
        assert!(page.contains("Power of attorney"), "the checklist links the document");
        let hidden = app.get_with("/cases/1", &[("cookie", &counsel.cookie)]).await.text();
        assert!(!hidden.contains("screening-heading"), "the checklist is the Secretariat's");
        app.submit(
            "/cases/1/steps",
            &registrar.cookie,
            &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", "mark_fee_paid")],
        )
        .await;
        let registered = app
            .submit(
                "/cases/1/steps",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", "register")],
            )
            .await;
        let text = registered.text();
        assert!(text.contains("IOMed/2026/0001"), "{text}");
        assert!(text.contains("Agreement on the number of mediators"));
        // Each step told the others by e-mail.
        let mails = app.store.pending_mail().await.unwrap();
        assert!(mails.iter().any(|(_, m)| m.to == "mei@harbourline.example" && m.body.contains("was registered")));

        // The API shows the same case, with its history, to its parties.
        let bearer = token(&app, counsel.id).await;
        let case = app.get_with("/api/v1/cases/1", &[("authorization", &bearer)]).await.json();
        insta::assert_json_snapshot!("case_registered", case);
        // Reads are recorded.
        assert!(!app.store.stream("case/1/access").await.unwrap().is_empty());
    }
}

/// A State on the request form is found by a name in any of the four languages; one that names
/// none is the summary's item, with the nearest names, and the draft keeps what was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_form_finds_a_state_typed_in_any_language_or_suggests_the_nearest() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let mut form: Vec<(&str, &str)> = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement")
            .into_iter()
            .map(|(k, v)| match k {
                "p1_nat1" => (k, "新加坡"),
                "p2_place" => (k, "Frnace"),
                _ => (k, v),
            })
            .collect();
        form.push(("action", "file"));
        let page = app.post("/requests", &counsel.cookie, &form).await;
        let saved = page.header("location");
        let page = if saved.is_empty() { page } else { app.get_with(&saved, &[("cookie", &counsel.cookie)]).await };
        let html = page.text();
        assert!(
            html.contains("“Frnace” is not the name or code") && html.contains("Did you mean “France”"),
            "{what}: {html}"
        );
        assert!(!html.contains("新加坡” is not"), "{what}: Singapore typed in Chinese is found");
        assert!(html.contains(r#"value="Frnace""#), "{what}: what was typed is kept");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_drafts_files_and_steps_with_a_token_and_the_clock_applies_lapse() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let bearer = token(&app, counsel.id).await;
        let auth = [("authorization", bearer.as_str())];

        // The session cookie cannot write through the API.
        let by_cookie = app.post_json("/api/v1/requests", "{}", &[("cookie", &counsel.cookie)]).await;
        assert_eq!(
            (by_cookie.status, by_cookie.json()["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("token_required"))
        );
        let bad = app.post_json("/api/v1/requests", r#"{"categry": 1}"#, &auth).await;
        assert_eq!(bad.json()["code"], "bad_body");

        let created = app.post_json("/api/v1/requests", r#"{"summary": "Invoices."}"#, &auth).await;
        assert_eq!(created.status, StatusCode::CREATED);
        let id = created.json()["id"].as_i64().unwrap();
        assert!(created.json()["gaps"].as_array().unwrap().len() >= 10);
        let incomplete = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &auth).await;
        assert_eq!(incomplete.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(incomplete.header("content-type"), "application/problem+json");
        assert_eq!(incomplete.json()["code"], "incomplete");
        assert!(incomplete.json()["gaps"].as_array().unwrap().iter().any(|g| g["field"] == "signature"));

        let draft = serde_json::json!({
            "category": "private_commercial",
            "summary": "Unpaid invoices.",
            "parties": [
                {"side": "requesting", "kind": "company", "name": "Harbourline Logistics Ltd", "nationalities": ["SGP"], "place_of_business": "SGP", "contact": "legal@harbourline.example"},
                {"side": "responding", "kind": "company", "name": "Kestrel Cranes SA", "nationalities": ["FRA"], "place_of_business": "FRA", "contact": "legal@kestrel.example"}
            ],
            "subjects": ["trade"],
            "consent_basis": "prior_agreement",
            "consent_date": "2026-01-10",
            "consent_document": "Supply Agreement, clause 21",
            "authority_document": "Power of attorney",
            "internal_authorization": "Board resolution",
            "other_side_name": "Camille Durand",
            "other_side_email": "camille@kestrel.example",
            "signature": "Mei Ling Tan"
        });
        let saved = app.json("PUT", &format!("/api/v1/requests/{id}"), &draft.to_string(), &auth).await;
        assert_eq!(saved.json()["gaps"], serde_json::json!([]));
        let filed = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &auth).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
        let case = filed.json()["id"].as_i64().unwrap();
        assert_eq!(filed.json()["stage"], "awaiting_screening");
        assert_eq!(filed.json()["standing"], "requesting");
        let again = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &auth).await;
        assert_eq!((again.status, again.json()["code"].as_str()), (StatusCode::CONFLICT, Some("already_filed")));

        // The requesting side may not register; the registrar may, with a token.
        let step = |s: &str| format!(r#"{{"step": "{s}"}}"#);
        let url = format!("/api/v1/cases/{case}/steps");
        let refused = app.post_json(&url, &step("register"), &auth).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let registrar_token = token(&app, registrar.id).await;
        let reg = [("authorization", registrar_token.as_str())];
        let early = app.post_json(&url, &step("register"), &reg).await;
        assert_eq!(early.status, StatusCode::CONFLICT);
        assert_eq!(early.json()["code"], "screening_incomplete");
        let missing = early.json()["missing"].clone();
        assert_eq!(
            missing,
            serde_json::json!(["lodging_fee", "consent", "authority_requesting", "authority_responding"]),
            "{}",
            early.text()
        );
        assert!(early.json()["detail"].as_str().unwrap().starts_with("This case cannot be registered yet. Missing:"));
        iomed_store::testing::file_screening_annexes(&app.store, case).await.unwrap();
        app.post_json(&url, &step("mark_fee_paid"), &reg).await;
        let registered = app.post_json(&url, &step("register"), &reg).await;
        assert_eq!(registered.json()["number"], "IOMed/2026/0001");
        // Deadlines end at midnight at the seat, shown in the reader's own time zone.
        let change =
            AccountChange::SetPreferences { user: counsel.id, language: "en".into(), time_zone: "America/Lima".into() };
        app.store.account("test", change).await.unwrap();
        let seen = app.get_with(&format!("/api/v1/cases/{case}"), &auth).await.json();
        assert_eq!(seen["deadlines"][0]["ends_at"], "2026-12-22T10:59:59-05:00[America/Lima]");
        // The dashboard shows what is due within 14 days: nothing yet, then the number of mediators.
        assert_eq!(app.get_with("/api/v1/deadlines", &reg).await.json()["items"], serde_json::json!([]));
        app.clock.set("2026-12-12T01:00:00Z".parse().unwrap());
        let dashboard = app.get_with("/api/v1/deadlines", &reg).await.json()["items"].clone();
        assert_eq!(dashboard[0]["deadline"]["kind"], "mediators_number");
        assert_eq!(dashboard[0]["deadline"]["due"], "2026-12-22");
        assert_eq!(dashboard[0]["deadline"]["days_left"], 10);

        // Time passes: the clock sets one mediator after 30 days and lapses the case after 120.
        let state = app.state.clone();
        assert_eq!(iomed_web::cases::clock::apply_time_limits(&state).await.unwrap().taken, 0);
        app.clock.set("2027-01-04T01:00:00Z".parse().unwrap());
        assert_eq!(iomed_web::cases::clock::apply_time_limits(&state).await.unwrap().taken, 1);
        app.clock.set("2027-04-01T01:00:00Z".parse().unwrap());
        assert_eq!(iomed_web::cases::clock::apply_time_limits(&state).await.unwrap().taken, 1);
        let closed = app.get_with(&format!("/api/v1/cases/{case}"), &auth).await.json();
        assert_eq!(
            (closed["stage"].as_str(), closed["closure"].as_str()),
            (Some("closed"), Some("lapsed_no_appointment"))
        );
        let kinds: Vec<_> =
            closed["history"].as_array().unwrap().iter().map(|h| h["kind"].as_str().unwrap().to_owned()).collect();
        assert_eq!(
            kinds,
            ["case.filed", "case.fee_paid", "case.registered", "case.mediators_defaulted", "case.lapsed"]
        );
        let late = app.post_json(&url, &step("withdraw"), &auth).await;
        assert_eq!(late.json()["code"], "wrong_stage");

        // A second request on an offer: the other side declines. A third: refused, with reasons.
        // The other side was invited at the first filing: it has an account (no password yet).
        let email = iomed_domain::accounts::Email::parse("camille@kestrel.example").unwrap();
        let respondent = app.store.credentials(&email).await.unwrap().unwrap().user;
        let respondent_token = token(&app, respondent.id).await;
        let theirs = [("authorization", respondent_token.as_str())];
        let mut offer = draft.clone();
        offer["consent_basis"] = "offer".into();
        for expected in ["closed:offer_declined", "closed:refused_registration"] {
            let id = app.post_json("/api/v1/requests", &offer.to_string(), &auth).await.json()["id"].as_i64().unwrap();
            let filed = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &auth).await.json();
            assert_eq!(filed["stage"], "offer_pending");
            let url = format!("/api/v1/cases/{}/steps", filed["id"]);
            let last = if expected == "closed:offer_declined" {
                app.post_json(&url, &step("decline_offer"), &theirs).await
            } else {
                let empty = app.post_json(&url, &step("refuse"), &reg).await;
                assert_eq!(empty.json()["code"], "reasons_required");
                app.post_json(&url, r#"{"step": "refuse", "reasons": "No written consent."}"#, &reg).await
            };
            let case = last.json();
            assert_eq!(format!("{}:{}", case["stage"].as_str().unwrap(), case["closure"].as_str().unwrap()), expected);
        }
    }
}

/// E14: a declaration recorded after filing puts an alert on the open case and on the
/// Secretariat's dashboard; nothing happens to the case by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_declaration_after_filing_raises_an_alert_on_the_case() {
    for app in apps().await {
        let counsel = app.person("agent@mofa.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let auth = [("authorization", token(&app, counsel.id).await)];
        let auth: Vec<(&str, &str)> = auth.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let draft = serde_json::json!({
            "category": "state_state",
            "summary": "(Fictional.) The course of a maritime boundary.",
            "parties": [
                {"side": "requesting", "kind": "state", "state": "CHN", "contact": "agent@mofa.example"},
                {"side": "responding", "kind": "state", "state": "PAK", "contact": "agent@mofa-pk.example"}
            ],
            "subjects": ["maritime_delimitation"],
            "consent_basis": "prior_agreement",
            "consent_date": "2026-01-10",
            "consent_document": "Special agreement of 10 January 2026",
            "authority_document": "Full powers",
            "internal_authorization": "Decision of the Foreign Ministry",
            "other_side_name": "Agent of Pakistan",
            "other_side_email": "agent@mofa-pk.example",
            "signature": "Agent of China"
        });
        let id = app.post_json("/api/v1/requests", &draft.to_string(), &auth).await.json()["id"].as_i64().unwrap();
        let filed = app.post_json(&format!("/api/v1/requests/{id}/file"), "", &auth).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
        let case = filed.json()["id"].as_i64().unwrap();
        let page = app.get_with(&format!("/cases/{case}"), &[("cookie", &registrar.cookie)]).await.text();
        assert!(!page.contains("The registry changed since filing"));
        // The dashboard's alerts, computed now, hold only until the registry changes.
        let before = app.get_with("/secretariat/deadlines", &[("cookie", &registrar.cookie)]).await.text();
        assert!(!before.contains(&format!("/cases/{case}\"")), "{}", app.engine);

        // Pakistan declares that it excludes maritime delimitation, after the filing.
        let declare = iomed_domain::registry::Command::Declare {
            state: iomed_domain::registry::StateCode::parse("PAK").unwrap(),
            subjects: vec![iomed_domain::registry::Subject::MaritimeDelimitation],
            text: Some("Fictional declaration for tests".into()),
            on: jiff::civil::date(2026, 11, 22),
            evidence: iomed_domain::registry::Evidence::new(true, "test").unwrap(),
        };
        app.store.registry_command("test", declare).await.unwrap();
        let page = app.get_with(&format!("/cases/{case}"), &[("cookie", &registrar.cookie)]).await.text();
        assert!(page.contains("The registry changed since filing"), "{}", app.engine);
        assert!(page.contains("excluded_by_declaration"));
        assert!(page.contains("Awaiting screening") || page.contains("awaiting"), "the case itself is unchanged");
        let dashboard = app.get_with("/secretariat/deadlines", &[("cookie", &registrar.cookie)]).await.text();
        assert!(dashboard.contains("Open cases affected by a change in the registry (E14)"));
        assert!(dashboard.contains(&format!("/cases/{case}\"")));
    }
}

/// W13, W18: a case appears in the public register only once every side agreed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_is_published_only_when_every_side_agrees() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let title = "Harbourline Logistics Ltd v. Kestrel Cranes SA";
        assert!(!app.get("/register").await.text().contains(title));

        let consent = |p: &Person| {
            [("csrf", p.csrf.clone()), ("confirmed", "yes".to_owned()), ("step", "consent_publication".to_owned())]
        };
        let form = consent(&counsel);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let done = app.submit("/cases/1/steps", &counsel.cookie, &form).await.text();
        assert!(done.contains("Agreed by one side"), "{}", app.engine);
        assert!(!app.get("/register").await.text().contains(title), "one side is not enough");
        let again = app.submit("/cases/1/steps", &counsel.cookie, &form).await;
        assert!(again.text().contains("Your side has already agreed to publication."));

        let form = consent(&respondent);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.submit("/cases/1/steps", &respondent.cookie, &form).await;
        let register = app.get("/register").await.text();
        assert!(register.contains(title), "{}", app.engine);
        let api = app.get("/api/v1/register").await.json();
        assert_eq!(api["items"][0]["title"], title);
        // The register shows the basic information only: the case page stays closed to the public.
        assert_eq!(app.get("/cases/1").await.status, StatusCode::SEE_OTHER);
    }
}

/// W5: the parties agree the number of mediators on the platform: it is agreed when both sides
/// propose the same number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_parties_agree_the_number_of_mediators_by_proposing_the_same() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
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
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        let propose = |n: u8| format!(r#"{{"step": "propose_mediators", "number": {n}}}"#);
        let one = app.post_json("/api/v1/cases/1/steps", &propose(2), &[("authorization", &mei)]).await;
        assert_eq!(one.status, StatusCode::OK, "{}", one.text());
        app.post_json("/api/v1/cases/1/steps", &propose(1), &[("authorization", &camille)]).await;
        let page = app.get_with("/cases/1", &[("cookie", &counsel.cookie)]).await.text();
        assert!(page.contains("Proposed number of mediators"), "{}", app.engine);
        assert!(page.contains("propose_mediators"), "still open to agreement");
        let agreed = app.post_json("/api/v1/cases/1/steps", &propose(1), &[("authorization", &mei)]).await.json();
        let history: Vec<&str> =
            agreed["history"].as_array().unwrap().iter().filter_map(|h| h["kind"].as_str()).collect();
        assert!(
            history.ends_with(&["case.mediators_proposed", "case.mediators_proposed", "case.mediators_agreed"]),
            "{history:?}"
        );
        let late = app.post_json("/api/v1/cases/1/steps", &propose(2), &[("authorization", &camille)]).await;
        assert_eq!(late.json()["code"], "mediators_settled");
        let registrar_try = token(&app, registrar.id).await;
        let refused = app.post_json("/api/v1/cases/1/steps", &propose(2), &[("authorization", &registrar_try)]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "the registrar has no side to propose for");
    }
}

/// W16: a registered case ends by the parties' agreement, by a recorded settlement filed in the
/// joint case file, or by the mediator's declaration.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registered_case_ends_by_agreement_settlement_or_declaration() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let mediator = app.person("mediator@panel.example", &[Role::Mediator]).await;
        let (mei, camille, reg, med) = (
            token(&app, counsel.id).await,
            token(&app, respondent.id).await,
            token(&app, registrar.id).await,
            token(&app, mediator.id).await,
        );
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        for case in 1..=3 {
            app.submit("/requests", &counsel.cookie, &filing).await;
            iomed_store::testing::file_screening_annexes(&app.store, case).await.unwrap();
            for step in ["mark_fee_paid", "register"] {
                let url = format!("/cases/{case}/steps");
                app.submit(&url, &registrar.cookie, &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)])
                    .await;
            }
        }
        let step = |body: &str| body.to_owned();
        let stage = |reply: &Reply| reply.json()["closure"].as_str().map(str::to_owned);

        // Case 1: both sides ask to end it.
        app.post_json("/api/v1/cases/1/steps", &step(r#"{"step": "request_end"}"#), &[("authorization", &camille)])
            .await;
        let ended = app
            .post_json("/api/v1/cases/1/steps", &step(r#"{"step": "request_end"}"#), &[("authorization", &mei)])
            .await;
        assert_eq!(stage(&ended).as_deref(), Some("ended_by_agreement"), "{}: {}", app.engine, ended.text());

        // Case 2: the settlement must be in the joint file before it is recorded.
        let record = r#"{"step": "record_settlement", "number": 1}"#;
        let early = app.post_json("/api/v1/cases/2/steps", record, &[("authorization", &reg)]).await;
        assert_eq!(early.json()["code"], "settlement_not_filed");
        let meta = r#"{"title": "Settlement agreement", "type": "settlement_agreement", "language": "en", "audience": "joint"}"#;
        let doc = app
            .multipart(
                "/api/v1/cases/2/documents",
                &[("authorization", &mei)],
                &[("meta", meta)],
                Some(("s.pdf", "application/pdf", b"%PDF signed")),
            )
            .await
            .json();
        let record = format!(r#"{{"step": "record_settlement", "number": {}}}"#, doc["id"]);
        let party = app.post_json("/api/v1/cases/2/steps", &record, &[("authorization", &mei)]).await;
        assert_eq!(party.status, StatusCode::FORBIDDEN, "the Secretariat records it");
        let settled = app.post_json("/api/v1/cases/2/steps", &record, &[("authorization", &reg)]).await;
        assert_eq!(stage(&settled).as_deref(), Some("settled"), "{}", settled.text());

        // Case 3: the mediator on the case declares no likelihood of agreement.
        let declare = r#"{"step": "declare_no_likelihood"}"#;
        let not_on_case = app.post_json("/api/v1/cases/3/steps", declare, &[("authorization", &med)]).await;
        assert_eq!(not_on_case.status, StatusCode::NOT_FOUND);
        app.store.add_mediator_for_test(3, mediator.id).await.unwrap();
        let declared = app.post_json("/api/v1/cases/3/steps", declare, &[("authorization", &med)]).await;
        assert_eq!(stage(&declared).as_deref(), Some("mediator_declared_no_likelihood"), "{}", declared.text());
    }
}

/// One case whose consequence fails (here a trigger refuses its row) does not stop the clock's
/// pass: the other case lapses, the failure is counted, and the next pass takes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_case_does_not_stop_the_clock() {
    for app in apps().await {
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        for (email, other) in
            [("mei@harbourline.example", "camille@kestrel.example"), ("li@pearl.example", "ops@canton.example")]
        {
            let counsel = app.person(email, &[Role::Representative]).await;
            let mut filing = complete_form(&counsel.csrf, other, "prior_agreement");
            filing.push(("action", "file"));
            filing.push(("confirmed", "yes"));
            app.submit("/requests", &counsel.cookie, &filing).await;
        }
        for case in [1, 2] {
            iomed_store::testing::file_screening_annexes(&app.store, case).await.unwrap();
            for step in ["mark_fee_paid", "register"] {
                let steps = format!("/cases/{case}/steps");
                app.submit(
                    &steps,
                    &registrar.cookie,
                    &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", step)],
                )
                .await;
            }
        }
        let failing = match app.engine {
            "sqlite" => vec![
                "CREATE TRIGGER refuse_case_1 BEFORE UPDATE ON cases WHEN NEW.id = 1 \
                 BEGIN SELECT RAISE(ABORT, 'refused for the test'); END",
            ],
            _ => vec![
                "CREATE FUNCTION refuse_case_1() RETURNS trigger AS $$ BEGIN IF NEW.id = 1 THEN \
                 RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER refuse_case_1 BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION refuse_case_1()",
            ],
        };
        for sql in failing {
            app.store.execute_for_test(sql).await.unwrap();
        }
        app.clock.set("2027-04-01T01:00:00Z".parse().unwrap());
        let state = app.state.clone();
        let pass = iomed_web::cases::clock::apply_time_limits(&state).await.unwrap();
        assert_eq!((pass.taken, pass.failed), (2, 1), "{}: the other case's two consequences", app.engine);
        let stage = |id: i64| {
            let store = app.store.clone();
            async move { store.case_row(id).await.unwrap().unwrap().stage }
        };
        assert_eq!((stage(1).await, stage(2).await), ("registered".to_owned(), "closed".to_owned()), "{}", app.engine);
        let drop =
            if app.engine == "sqlite" { "DROP TRIGGER refuse_case_1" } else { "DROP TRIGGER refuse_case_1 ON cases" };
        app.store.execute_for_test(drop).await.unwrap();
        let pass = iomed_web::cases::clock::apply_time_limits(&state).await.unwrap();
        assert_eq!((pass.taken, pass.failed), (2, 0), "{}", app.engine);
        assert_eq!(stage(1).await, "closed", "{}", app.engine);
    }
}

/// A party's name is a name of a person or a company: in Chinese the form does not ask for a
/// person's name (姓名) alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_form_asks_a_party_s_name_as_a_person_s_or_a_company_s() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        for (lang, label) in [("zh-Hans", "名称（个人姓名或公司名称）"), ("zh-Hant", "名稱（個人姓名或公司名稱）")]
        {
            let form = app.get_with(&format!("/requests/new?lang={lang}"), &[("cookie", &counsel.cookie)]).await.text();
            let party = form.split("for=\"p1_name\">").nth(1).unwrap();
            assert!(party.starts_with(&format!("{label}</label>")), "{}: {}", app.engine, &party[..60]);
        }
    }
}

/// A draft is titled from its parties as soon as they are typed, States named in the reader's
/// language, before the request is complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_is_listed_by_its_parties_before_it_is_complete() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let form = [
            ("csrf", counsel.csrf.as_str()),
            ("action", "save"),
            ("p1_side", "requesting"),
            ("p1_kind", "company"),
            ("p1_name", "Harbour Solar Holdings Ltd"),
            ("p2_side", "responding"),
            ("p2_kind", "state"),
            ("p2_state", "PAK"),
        ];
        let saved = app.post("/requests", &counsel.cookie, &form).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
        let list = app.get_with("/cases?lang=zh-Hans", &[("cookie", &counsel.cookie)]).await.text();
        assert!(list.contains("Harbour Solar Holdings Ltd v. 巴基斯坦"), "{}: {list}", app.engine);
        let list = app.get_with("/cases?lang=en", &[("cookie", &counsel.cookie)]).await.text();
        assert!(list.contains("Harbour Solar Holdings Ltd v. Pakistan"), "{}", app.engine);
    }
}

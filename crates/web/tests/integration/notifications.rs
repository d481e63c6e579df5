use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

/// The e-mails waiting for `to`.
async fn mails_to(app: &TestApp, to: &str) -> usize {
    app.store.pending_mail().await.unwrap().iter().filter(|(_, m)| m.to == to).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filing_reaches_the_other_side_s_inbox_and_its_e_mail_only_if_they_chose_it() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let stranger = app.person("someone@elsewhere.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);

        // Camille wants filings in her inbox only, messages by e-mail as well.
        let choose = |filing: &'static str| {
            let csrf = respondent.csrf.clone();
            move || {
                vec![
                    ("csrf", csrf.clone()),
                    ("filing", filing.to_owned()),
                    ("message", "immediately".to_owned()),
                    ("decision", "immediately".to_owned()),
                    ("deadline", "immediately".to_owned()),
                ]
            }
        };
        let form = choose("never")();
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let saved = app.post("/account/notifications", &respondent.cookie, &form).await;
        assert_eq!(
            (saved.status, saved.header("location").as_str()),
            (StatusCode::SEE_OTHER, "/account#notifications"),
            "{what}"
        );
        let account = app.follow(&saved, &respondent.cookie).await.text();
        assert!(account.contains("Your e-mail choices are saved."), "{what}");
        assert!(account.contains(r#"id="email-filing-never" name="filing" value="never" checked"#), "{what}");
        // A value that is no choice changes nothing and says so.
        let bad = app
            .post(
                "/account/notifications",
                &respondent.cookie,
                &[
                    ("csrf", &respondent.csrf),
                    ("filing", "hourly"),
                    ("message", "never"),
                    ("decision", "never"),
                    ("deadline", "never"),
                ],
            )
            .await;
        assert!(app.follow(&bad, &respondent.cookie).await.text().contains("nothing was changed"), "{what}");
        assert!(
            app.get_with("/account", &[("cookie", &respondent.cookie)])
                .await
                .text()
                .contains(r#"id="email-message-immediately" name="message" value="immediately" checked"#)
        );

        // Counsel files a joint document: Camille is told in her inbox, by no e-mail.
        let before = mails_to(&app, "camille@kestrel.example").await;
        let meta =
            r#"{"title": "Expert report on the cranes", "type": "exhibit", "language": "en", "audience": "joint"}"#;
        let filed = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", meta)],
                Some(("r.txt", "text/plain", b"report")),
            )
            .await;
        assert_eq!(filed.status, StatusCode::CREATED, "{what}: {}", filed.text());
        assert_eq!(mails_to(&app, "camille@kestrel.example").await, before, "{what}: no e-mail for a filing");
        let home = app.get_with("/cases", &[("cookie", &respondent.cookie)]).await.text();
        assert!(home.contains("1 unread"), "{what}: the count in the navigation");
        let inbox = app.get_with("/notifications", &[("cookie", &respondent.cookie)]).await;
        assert_eq!(inbox.status, StatusCode::OK);
        let inbox = inbox.text();
        assert!(
            inbox.contains(r#"<a href="/cases/1/documents">A new document in the case file</a>"#),
            "{what}: {inbox}"
        );
        assert!(inbox.contains(r#"class="new""#), "{what}: shown as new the first time");
        assert!(!inbox.contains("Expert report"), "{what}: no case content in a notification");
        // Seen: read from now on, on the page and in the API.
        let again = app.get_with("/notifications", &[("cookie", &respondent.cookie)]).await.text();
        assert!(!again.contains(r#"class="new""#) && !again.contains("unread"), "{what}");
        let api = app.get_with("/api/v1/notifications", &[("authorization", &camille)]).await.json();
        assert_eq!(api["items"].as_array().unwrap().len(), 1, "{what}: {api}");
        assert_eq!(api["items"][0]["kind"], "filing");
        assert_eq!(api["items"][0]["read"], true);
        assert!(api["items"][0]["link"].as_str().unwrap().ends_with("/cases/1/documents"));
        assert_eq!(api["next"], serde_json::Value::Null);

        // A message: in the inbox, and by e-mail as she chose; the one who wrote is not told.
        let sent = app
            .post_json(
                "/api/v1/cases/1/messages",
                r#"{"audience": "joint", "body": "A first session on Monday?"}"#,
                &[("authorization", &mei)],
            )
            .await;
        assert_eq!(sent.status, StatusCode::CREATED, "{what}: {}", sent.text());
        assert_eq!(mails_to(&app, "camille@kestrel.example").await, before + 1, "{what}");
        let api = app.get_with("/api/v1/notifications?limit=1", &[("authorization", &camille)]).await.json();
        assert_eq!(
            (api["items"][0]["kind"].as_str(), api["items"][0]["read"].as_bool()),
            (Some("message"), Some(false)),
            "{what}"
        );
        let next = api["next"].as_str().unwrap().to_owned();
        let rest = app
            .get_with(&format!("/api/v1/notifications?limit=1&cursor={next}"), &[("authorization", &camille)])
            .await
            .json();
        assert_eq!(rest["items"][0]["kind"], "filing", "{what}: the page after, by its cursor");
        let mine = app.get_with("/api/v1/notifications", &[("authorization", &mei)]).await.json();
        assert_eq!(mine["items"], serde_json::json!([]), "{what}: nobody is told of their own acts");
        // Someone not on the case has nothing, and a cursor of another's inbox is refused.
        let theirs = app.get_with("/notifications", &[("cookie", &stranger.cookie)]).await.text();
        assert!(theirs.contains("No notification yet."), "{what}");
        let (secret, _) = (token(&app, stranger.id).await, ());
        let refused =
            app.get_with(&format!("/api/v1/notifications?cursor={next}"), &[("authorization", &secret)]).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{what}");
        // On the page, a cursor that is not one shows the first page with the reason.
        let page = app.get_with("/notifications?cursor=bogus", &[("cookie", &respondent.cookie)]).await;
        assert_eq!(page.status, StatusCode::OK, "{what}");
        assert!(page.text().contains(r#"role="alert""#) && page.text().contains("/cases/1/documents"), "{what}");
        let twice = app.get_with("/api/v1/notifications?limit=1&limit=2", &[("authorization", &camille)]).await;
        assert_eq!(twice.status, StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(twice.header("content-type"), "application/problem+json", "{what}");

        // Each change is in the ledger: the choices, and the reads.
        let stream = app.store.stream(&format!("user/{}", respondent.id.0)).await.unwrap();
        assert!(stream.iter().any(|r| r.kind == "user.email_choices_set"), "{what}");
        assert!(
            stream.iter().any(|r| r.kind == "user.notifications_read" && r.body.contains(r#""count":1"#)),
            "{what}"
        );
        // Signed out, there is no inbox.
        assert_eq!(app.get("/notifications").await.status, StatusCode::SEE_OTHER, "{what}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_step_from_the_case_page_shows_what_it_does_and_who_is_told_before_it_is_taken() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let head = app.store.head().await.unwrap();

        // Withdrawing, first: the check, and nothing written.
        let check = app.post("/cases/1/steps", &counsel.cookie, &[("csrf", &counsel.csrf), ("step", "withdraw")]).await;
        assert_eq!(check.status, StatusCode::OK, "{what}");
        let page = check.text();
        assert!(page.contains("Check before you confirm") && page.contains("This cannot be undone"), "{what}");
        // Who is told: the other side's counsel alone, not the one acting (both are "Test Person").
        assert!(page.contains("Who will be told</h2>\n<ul><li>Test Person</li></ul>"), "{what}: {page}");
        assert!(page.contains(r#"name="confirmed" value="yes""#), "{what}");
        assert_eq!(app.store.head().await.unwrap(), head, "{what}: nothing is written before the confirmation");
        // Confirmed: taken, and the other side is told.
        let done = app
            .post(
                "/cases/1/steps",
                &counsel.cookie,
                &[("csrf", &counsel.csrf), ("step", "withdraw"), ("confirmed", "yes")],
            )
            .await;
        assert_eq!((done.status, done.header("location").as_str()), (StatusCode::SEE_OTHER, "/cases/1"), "{what}");
        let inbox = app.get_with("/notifications", &[("cookie", &respondent.cookie)]).await.text();
        assert!(inbox.contains("withdrawn"), "{what}: {inbox}");
    }
}

/// A time limit is reminded 7 and 1 business days before it ends, once each, to everyone on the
/// case: in the inbox and by e-mail, naming the limit and its day, never the case's content.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_limits_are_reminded_seven_and_one_business_days_before_once_each() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        // Filed on an offer on Sunday 22 Nov 2026: the answer is due Thursday 21 Jan 2027.
        let mut filing = crate::cases::complete_form(&counsel.csrf, "camille@kestrel.example", "offer");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let state = app.state.clone();
        let remind = || iomed_web::cases::reminders::send_reminders(&state);
        let reminders = || async { app.store.stream("case/1/reminders").await.unwrap().len() };

        assert_eq!(remind().await.unwrap(), 0, "{what}: not yet");
        let before = mails_to(&app, "camille@kestrel.example").await;
        app.clock.set("2027-01-12T01:00:00Z".parse().unwrap());
        assert_eq!(remind().await.unwrap(), 1, "{what}: 7 business days before");
        assert_eq!(remind().await.unwrap(), 0, "{what}: once");
        assert_eq!(reminders().await, 1);
        assert_eq!(mails_to(&app, "camille@kestrel.example").await, before + 1, "{what}");
        let mails = app.store.pending_mail().await.unwrap();
        let mail = &mails.iter().rev().find(|(_, m)| m.to == "camille@kestrel.example").unwrap().1;
        assert!(mail.body.contains("21 January 2027") && mail.body.contains("/cases/1"), "{}", mail.body);
        assert!(!mail.body.contains("Harbourline") && !mail.body.contains("invoices"), "{}", mail.body);
        // Weeks have passed: the sessions of filing day have ended.
        let (respondent_cookie, _) = app.session(respondent.id).await;
        let (counsel_cookie, _) = app.session(counsel.id).await;
        let inbox = app.get_with("/notifications", &[("cookie", &respondent_cookie)]).await.text();
        assert!(inbox.contains("Answer to the offer to mediate: ends in 7 business days"), "{what}: {inbox}");
        let theirs = app.get_with("/notifications", &[("cookie", &counsel_cookie)]).await.text();
        assert!(theirs.contains("ends in 7 business days"), "{what}: the requesting side too");

        app.clock.set("2027-01-13T01:00:00Z".parse().unwrap());
        assert_eq!(remind().await.unwrap(), 0, "{what}");
        app.clock.set("2027-01-20T01:00:00Z".parse().unwrap());
        assert_eq!(remind().await.unwrap(), 1, "{what}: the business day before");
        assert_eq!(reminders().await, 2);
        let (respondent_cookie, _) = app.session(respondent.id).await;
        let inbox = app.get_with("/notifications", &[("cookie", &respondent_cookie)]).await.text();
        assert!(inbox.contains("ends in 1 business day"), "{what}");
    }
}

/// Counsel who chose one e-mail a day for messages gets none as they come, then one e-mail after
/// 8:00 in their time zone listing those still unread (what happened and a link, no content),
/// once; what they read in the inbox before is left out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_digest_lists_the_unread_notifications_once_after_eight_in_the_persons_time_zone() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        let choices = [
            ("csrf", counsel.csrf.as_str()),
            ("filing", "immediately"),
            ("message", "daily"),
            ("decision", "never"),
            ("deadline", "never"),
        ];
        let saved = app.post("/account/notifications", &counsel.cookie, &choices).await;
        let account = app.follow(&saved, &counsel.cookie).await.text();
        assert!(account.contains(r#"id="email-message-daily" name="message" value="daily" checked"#), "{what}");
        assert!(account.contains(r#"id="email-deadline-never" name="deadline" value="never" checked"#), "{what}");
        assert!(account.contains("8:00 in your time zone (Asia/Hong_Kong)"), "{what}");

        let digests = || iomed_web::notifications::digest::send_digests(&app.state);
        let write = |body: &'static str| {
            let camille = camille.clone();
            let app = &app;
            async move {
                let json = format!(r#"{{"audience": "joint", "body": "{body}"}}"#);
                let sent = app.post_json("/api/v1/cases/1/messages", &json, &[("authorization", &camille)]).await;
                assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text());
            }
        };
        let before = mails_to(&app, "mei@harbourline.example").await;
        write("Could the first session be in Geneva?").await;
        write("Our agent arrives on the 3rd.").await;
        assert_eq!(mails_to(&app, "mei@harbourline.example").await, before, "{what}: no e-mail as they come");
        // 16:00 in Hong Kong on the day they were written: they wait for tomorrow's.
        assert_eq!(digests().await.unwrap(), 0, "{what}");

        // 8:00 the next morning in Hong Kong (00:00 UTC).
        app.clock.set("2026-11-23T00:00:00Z".parse().unwrap());
        assert_eq!(digests().await.unwrap(), 1, "{what}");
        assert_eq!(digests().await.unwrap(), 0, "{what}: once");
        // Sending it again, as a second process might, is refused and writes nothing.
        let first = iomed_store::paging::Seek::<i64>::first(10);
        let ids: Vec<i64> =
            app.store.notifications_page(counsel.id, &first).await.unwrap().items.iter().map(|n| n.id).collect();
        let head = app.store.head().await.unwrap();
        let mail = iomed_store::accounts::OutgoingMail {
            to: "mei@harbourline.example".into(),
            subject: "again".into(),
            body: "again".into(),
            notice: None,
        };
        let cutoff = "2026-11-23T00:00:00Z".parse().unwrap();
        let again =
            iomed_store::accounts::AccountChange::SendDigest { user: counsel.id, cutoff, ids, mail: Some(mail) };
        assert!(
            matches!(
                app.store.account("system:clock", again).await,
                Err(iomed_store::StoreError::AccountRefused(iomed_store::accounts::AccountRefusal::NothingToDigest))
            ),
            "{what}"
        );
        assert_eq!(app.store.head().await.unwrap(), head, "{what}");
        assert_eq!(mails_to(&app, "mei@harbourline.example").await, before + 1, "{what}");
        let mails = app.store.pending_mail().await.unwrap();
        let mail = &mails.iter().rev().find(|(_, m)| m.to == "mei@harbourline.example").unwrap().1;
        assert_eq!(mail.subject, "IOMed: 2 notifications you have not read", "{what}");
        assert_eq!(mail.body.matches("- A new message\n").count(), 2, "{what}: {}", mail.body);
        assert!(mail.body.contains("/cases/1/messages") && mail.body.contains("/account#notifications"), "{what}");
        assert!(!mail.body.contains("Geneva") && !mail.body.contains("Harbourline"), "{what}: no content");
        let stream = app.store.stream(&format!("user/{}", counsel.id.0)).await.unwrap();
        assert!(stream.iter().any(|r| r.kind == "user.digest_sent" && r.body.contains(r#""count":2"#)), "{what}");
        // The inbox still shows them unread: the e-mail is no reading.
        let inbox = app.get_with("/api/v1/notifications", &[("authorization", &mei)]).await.json();
        assert_eq!(inbox["items"][0]["read"], false, "{what}: {inbox}");

        // One written today and read in the inbox before tomorrow's 8:00 is left out: no e-mail.
        write("Agreed.").await;
        let inbox = app.get_with("/api/v1/notifications", &[("authorization", &mei)]).await.json();
        assert_eq!(inbox["items"][0]["kind"], "message", "{what}");
        app.clock.set("2026-11-24T00:30:00Z".parse().unwrap());
        assert_eq!(digests().await.unwrap(), 0, "{what}");
        assert_eq!(mails_to(&app, "mei@harbourline.example").await, before + 1, "{what}");

        // Unread and waiting, then the inbox only chosen for messages: no digest comes.
        write("One more thing.").await;
        let (mei_cookie, mei_csrf) = app.session(counsel.id).await;
        let never = [
            ("csrf", mei_csrf.as_str()),
            ("filing", "immediately"),
            ("message", "never"),
            ("decision", "never"),
            ("deadline", "never"),
        ];
        let saved = app.post("/account/notifications", &mei_cookie, &never).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{what}");
        app.clock.set("2026-11-25T00:30:00Z".parse().unwrap());
        assert_eq!(digests().await.unwrap(), 0, "{what}: nothing waits any more");
        assert_eq!(mails_to(&app, "mei@harbourline.example").await, before + 1, "{what}");
    }
}

/// A digest lists only what its person may still read when it is sent: an officer who chose a
/// daily e-mail and has since lost the Secretariat's role gets none, and the notice waits no more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_lists_nothing_its_person_may_no_longer_read() {
    use iomed_domain::notifications::{EmailChoice, EmailChoices, NoticeKind};
    use iomed_store::accounts::AccountChange;
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let registrar = app.person("reg@iomed.example", &[Role::Registrar]).await;
        let secretary = app.person("sec@iomed.example", &[Role::CaseSecretary]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let daily = EmailChoices([(NoticeKind::Decision, EmailChoice::Daily)].into_iter().collect());
        app.store.account("test", AccountChange::SetEmailChoices { user: secretary.id, choices: daily }).await.unwrap();
        let officer = secretary.id.0.to_string();
        let form = [("csrf", registrar.csrf.as_str()), ("officer", officer.as_str())];
        assert_eq!(app.post("/cases/1/officer", &registrar.cookie, &form).await.status, StatusCode::SEE_OTHER);
        let before = mails_to(&app, "sec@iomed.example").await;
        // The secretary leaves the Secretariat before the next morning's digest.
        let none = AccountChange::SetRoles { user: secretary.id, roles: Default::default() };
        app.store.account("test", none).await.unwrap();
        app.clock.set("2026-11-23T00:00:00Z".parse().unwrap());
        let digests = || iomed_web::notifications::digest::send_digests(&app.state);
        assert_eq!(digests().await.unwrap(), 1, "{what}: the digest is settled");
        assert_eq!(mails_to(&app, "sec@iomed.example").await, before, "{what}: but nothing is e-mailed");
        assert!(app.store.digests_waiting().await.unwrap().is_empty(), "{what}: and nothing waits");
    }
}

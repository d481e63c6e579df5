//! Every list a page at a time: `?limit=` and `?cursor=` on the API and on the pages, filters,
//! and bad parameters named in a 400 (the API) or shown above the unfiltered list (a page).

use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

/// Files `n` private commercial requests by `counsel`, each naming a different other side.
async fn file_many(app: &TestApp, counsel: &Person, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        let other = format!("counsel{i}@other.example");
        let mut form = complete_form(&counsel.csrf, &other, "prior_agreement");
        form.push(("action", "file"));
        form.push(("confirmed", "yes"));
        let filed = app.post("/requests", &counsel.cookie, &form).await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{}", filed.text());
        ids.push(
            filed.header("location").strip_prefix("/cases/").unwrap().trim_end_matches("/receipt").parse().unwrap(),
        );
    }
    ids
}

fn ids(page: &serde_json::Value) -> Vec<i64> {
    page["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_list_is_read_a_page_at_a_time_on_the_api_and_the_page() {
    for app in apps_with_random_ids().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let mut filed = file_many(&app, &counsel, 7).await;
        filed.reverse(); // newest first
        let bearer = token(&app, counsel.id).await;
        let auth = [("authorization", bearer.as_str())];

        // Three pages of three, three and one; the last says there is no next.
        let mut seen = Vec::new();
        let mut uri = "/api/v1/cases?limit=3".to_string();
        loop {
            let page = app.get_with(&uri, &auth).await;
            assert_eq!(page.status, StatusCode::OK, "{}: {}", app.engine, page.text());
            let page = page.json();
            assert!(ids(&page).len() <= 3);
            seen.extend(ids(&page));
            match page["next"].as_str() {
                Some(next) => uri = format!("/api/v1/cases?limit=3&cursor={next}"),
                None => break,
            }
        }
        assert_eq!(seen, filed, "{}: every case once, newest first", app.engine);

        // Filters: a stage, a year, words of the title; each combines with the page.
        let pending = app.get_with("/api/v1/cases?stage=offer_pending&limit=200", &auth).await.json();
        assert_eq!(ids(&pending), [] as [i64; 0], "{}: prior agreement goes to screening", app.engine);
        let screening = app.get_with("/api/v1/cases?stage=awaiting_screening", &auth).await.json();
        assert_eq!(ids(&screening), filed);
        let year = app.store.now().to_zoned(jiff::tz::TimeZone::UTC).year();
        let this_year = app.get_with(&format!("/api/v1/cases?year={year}"), &auth).await.json();
        assert_eq!(ids(&this_year).len(), 7);
        let next_year = app.get_with(&format!("/api/v1/cases?year={}", year + 1), &auth).await.json();
        assert_eq!(ids(&next_year).len(), 0);
        let words = app.get_with("/api/v1/cases?q=KESTREL%20cranes", &auth).await.json();
        assert_eq!(ids(&words).len(), 7, "{}: case does not matter", app.engine);
        let wildcard = app.get_with("/api/v1/cases?q=%25", &auth).await.json();
        assert_eq!(ids(&wildcard).len(), 0, "{}: a % is a character, not a wildcard", app.engine);

        // Bad parameters: a 400 naming each, nothing listed.
        let first = app.get_with("/api/v1/cases?limit=3", &auth).await.json();
        let cursor = first["next"].as_str().unwrap().to_string();
        for (query, code, parameter) in [
            ("limit=0", "bad_limit", "limit"),
            ("limit=100000", "bad_limit", "limit"),
            ("limit=ten", "bad_limit", "limit"),
            ("cursor=WyJhIiw1XQ", "bad_cursor", "cursor"),
            ("cursor=00ff", "bad_cursor", "cursor"),
            (&format!("stage=closed&cursor={cursor}") as &str, "bad_cursor", "cursor"),
            ("stage=pending", "bad_filter", "stage"),
            ("sort=title&category=land", "bad_filter", "category"),
        ] {
            let reply = app.get_with(&format!("/api/v1/cases?{query}"), &auth).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}: {query}", app.engine);
            assert_eq!(reply.header("content-type"), "application/problem+json");
            let problem = reply.json();
            assert_eq!(
                (problem["code"].as_str(), problem["parameter"].as_str()),
                (Some(code), Some(parameter)),
                "{query}"
            );
        }
        // A cursor of another list (the register's) is not one of this list's.
        let register = app.get("/api/v1/register?limit=1").await.json();
        assert!(register["next"].is_null());

        // The page: previous and next links, keeping the filters; a bad filter shows the list
        // unfiltered with the reason.
        let page = app.get_with("/cases?limit=3&stage=awaiting_screening", &[("cookie", &counsel.cookie)]).await;
        let html = page.text();
        assert!(html.contains(r#"rel="next""#) && !html.contains(r#"rel="prev""#), "{}", app.engine);
        let next = html.split(r#"<a href=""#).find(|a| a.contains(r#"rel="next""#)).unwrap();
        let next = next.split('"').next().unwrap().replace("&#38;", "&");
        assert!(next.starts_with("/cases?stage=awaiting_screening&limit=3&cursor="), "{next}\n{html}");
        let second = app.get_with(&next, &[("cookie", &counsel.cookie)]).await.text();
        assert!(second.contains(r#"rel="prev""#) && second.contains(r#"rel="next""#));
        assert!(
            second.contains(&format!("/cases/{}", filed[3])) && !second.contains(&format!("/cases/{}\"", filed[0]))
        );
        let bad = app.get_with("/cases?stage=pending", &[("cookie", &counsel.cookie)]).await;
        assert_eq!(bad.status, StatusCode::OK);
        let bad = bad.text();
        assert!(bad.contains(r#"role="alert""#) && bad.contains("stage"), "{}", app.engine);
        assert_eq!(filed.iter().filter(|id| bad.contains(&format!("/cases/{id}\""))).count(), 7);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_time_limits_projection_is_what_a_replay_of_the_ledger_gives() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let filed = file_many(&app, &counsel, 3).await;
        // Register one of them, so that it runs other time limits than the rest.
        app.submit(
            &format!("/cases/{}/steps", filed[0]),
            &registrar.cookie,
            &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", "mark_fee_paid")],
        )
        .await;
        iomed_store::testing::file_screening_annexes(&app.store, filed[0]).await.unwrap();
        let registered = app
            .submit(
                &format!("/cases/{}/steps", filed[0]),
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("confirmed", "yes"), ("step", "register")],
            )
            .await;
        assert!(registered.status.is_success() || registered.status == StatusCode::SEE_OTHER, "{}", registered.text());
        let kept = app.store.deadline_projection().await.unwrap();
        assert!(!kept.is_empty(), "{}: a registered case runs time limits", app.engine);
        app.store.rebuild_deadline_projection().await.unwrap();
        assert_eq!(app.store.deadline_projection().await.unwrap(), kept, "{}", app.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_file_and_its_messages_are_read_a_page_at_a_time_within_the_readers_audiences() {
    for app in apps_with_random_ids().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        let case = app.post("/requests", &counsel.cookie, &filing).await.header("location");
        let case: i64 = case.strip_prefix("/cases/").unwrap().trim_end_matches("/receipt").parse().unwrap();
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        // Joint, caucus, joint, side, joint: the other side sees the three joint ones only.
        let mut joint = Vec::new();
        for (i, (audience, party)) in
            [("joint", ""), ("caucus", "requesting"), ("joint", ""), ("side", "requesting"), ("joint", "")]
                .into_iter()
                .enumerate()
        {
            let body = serde_json::json!({"audience": audience, "party": party, "body": format!("Message {i}")});
            let sent = app
                .post_json(&format!("/api/v1/cases/{case}/messages"), &body.to_string(), &[("authorization", &mei)])
                .await;
            assert_eq!(sent.status, StatusCode::CREATED, "{what}: {}", sent.text());
            let meta = serde_json::json!({"title": format!("Exhibit {i}"), "type": "note", "language": "en",
                "audience": audience, "party": party});
            let filed = app
                .multipart(
                    &format!("/api/v1/cases/{case}/documents"),
                    &[("authorization", &mei)],
                    &[("meta", &meta.to_string())],
                    Some(("f.txt", "text/plain", b"zebra")),
                )
                .await;
            assert_eq!(filed.status, StatusCode::CREATED, "{what}: {}", filed.text());
            if audience == "joint" {
                joint.push((sent.json()["id"].as_i64().unwrap(), filed.json()["id"].as_i64().unwrap()));
            }
        }
        for (kind, pick) in [("messages", 0usize), ("documents", 1), ("documents?q=zebra", 1)] {
            let mut seen = Vec::new();
            let sep = if kind.contains('?') { '&' } else { '?' };
            let mut uri = format!("/api/v1/cases/{case}/{kind}{sep}limit=2");
            loop {
                let page = app.get_with(&uri, &[("authorization", &camille)]).await;
                assert_eq!(page.status, StatusCode::OK, "{what} {kind}: {}", page.text());
                let page = page.json();
                assert!(ids(&page).len() <= 2);
                seen.extend(ids(&page));
                match page["next"].as_str() {
                    Some(next) => uri = format!("/api/v1/cases/{case}/{kind}{sep}limit=2&cursor={next}"),
                    None => break,
                }
            }
            let mut expected: Vec<i64> = joint.iter().map(|j| if pick == 0 { j.0 } else { j.1 }).collect();
            if kind.contains("q=") {
                // Best first: the same documents, in the order of their ranking.
                seen.sort();
                expected.sort();
            }
            assert_eq!(seen, expected, "{what} {kind}: the joint ones, each once");
        }
        // A cursor of the messages is not one of the documents.
        let first =
            app.get_with(&format!("/api/v1/cases/{case}/messages?limit=1"), &[("authorization", &camille)]).await;
        let cursor = first.json()["next"].as_str().unwrap().to_string();
        let foreign = app
            .get_with(&format!("/api/v1/cases/{case}/documents?cursor={cursor}"), &[("authorization", &camille)])
            .await;
        assert_eq!(foreign.status, StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(foreign.json()["code"], "bad_cursor");
        // The pages, by their links: the case file newest first, a thread from its latest
        // messages back, the history oldest first; each within what the reader may see.
        let cookie = [("cookie", respondent.cookie.as_str())];
        let documents = walk(&app, &cookie, format!("/cases/{case}/documents?limit=2")).await;
        assert_eq!(documents.len(), 2, "{what}");
        let exhibits = ["Exhibit 0", "Exhibit 1", "Exhibit 2", "Exhibit 3", "Exhibit 4"];
        let order: Vec<&str> =
            documents.iter().flat_map(|html| exhibits.into_iter().filter(|e| html.contains(*e)).rev()).collect();
        assert_eq!(order, ["Exhibit 4", "Exhibit 2", "Exhibit 0"], "{what}: the joint ones, newest first");
        assert!(link(&documents[1], "prev").is_some_and(|back| back.contains("limit=2")));
        let by_type = walk(&app, &cookie, format!("/cases/{case}/documents?view=type&limit=2")).await;
        assert_eq!(by_type.len(), 2, "{what}: the view by type is paged too");
        let bad = app.get_with(&format!("/cases/{case}/documents?audience=everyone"), &cookie).await;
        assert_eq!(bad.status, StatusCode::OK);
        let bad = bad.text();
        assert!(bad.contains(r#"role="alert""#) && bad.contains("audience"), "{what}: {bad}");
        assert!(["Exhibit 0", "Exhibit 2", "Exhibit 4"].iter().all(|e| bad.contains(e)), "{what}: unfiltered");

        let threads = app.get_with(&format!("/cases/{case}/messages"), &cookie).await.text();
        assert!(threads.contains("3 messages"), "{what}: {threads}");
        let thread = walk(&app, &cookie, format!("/cases/{case}/messages/joint?limit=2")).await;
        assert_eq!(thread.len(), 2, "{what}");
        let first = &thread[0];
        let (m2, m4) = (first.find("Message 2").unwrap(), first.find("Message 4").unwrap());
        assert!(m2 < m4 && !first.contains("Message 0"), "{what}: the latest two, in the order sent");
        assert!(thread[1].contains("Message 0"), "{what}");
        assert!(thread.iter().all(|t| !t.contains("Message 1") && !t.contains("Message 3")), "{what}");

        let agreed = app
            .post(
                &format!("/cases/{case}/steps"),
                &respondent.cookie,
                &[("csrf", &respondent.csrf), ("confirmed", "yes"), ("step", "consent_publication")],
            )
            .await;
        assert!(agreed.status.is_redirection(), "{what}: {}", agreed.text());
        let history = walk(&app, &cookie, format!("/cases/{case}/history?limit=1")).await;
        assert_eq!(history.len(), 2, "{what}: the filing and the consent, one step a page");
        assert!(history[1].contains(r#"rel="prev""#), "{what}");
        let tampered = app.get_with(&format!("/cases/{case}/history?cursor=00ff"), &cookie).await;
        assert_eq!(tampered.status, StatusCode::OK);
        assert!(tampered.text().contains(r#"role="alert""#), "{what}");
    }
}

/// The pages of a list from `start`, by following each page's link to the next.
async fn walk(app: &TestApp, headers: &[(&str, &str)], start: String) -> Vec<String> {
    let mut pages = Vec::new();
    let mut uri = Some(start);
    while let Some(u) = uri {
        let page = app.get_with(&u, headers).await;
        assert_eq!(page.status, StatusCode::OK, "{u}: {}", page.text());
        let html = page.text();
        uri = link(&html, "next");
        pages.push(html);
        assert!(pages.len() < 10, "{u}: the links go round");
    }
    pages
}

/// The target of the link with `rel` in a page, as a browser would follow it.
fn link(html: &str, rel: &str) -> Option<String> {
    let mark = format!(r#"rel="{rel}""#);
    let anchor = html.split(r#"<a href=""#).skip(1).find(|a| a.split('>').next().is_some_and(|t| t.contains(&mark)))?;
    Some(anchor.split('"').next()?.replace("&#38;", "&").replace("&amp;", "&"))
}

/// The Secretariat's work queue: what each open case waits on, counted in all, for the reader
/// and without an officer; a case officer assigned by those who screen, refused for anyone who
/// does not administer cases, with nothing written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_work_queue_counts_what_cases_wait_on_and_each_case_gets_an_officer() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let registrar = app.person("reg@iomed.example", &[Role::Registrar]).await;
        let secretary = app.person("sec@iomed.example", &[Role::CaseSecretary]).await;
        let finance = app.person("fin@iomed.example", &[Role::FinanceOfficer]).await;
        let ids = file_many(&app, &counsel, 2).await;
        let case = ids[0];

        // Filed on a prior agreement: both wait on screening and the fee, neither has an officer.
        let page = app.get_with("/cases", &[("cookie", &registrar.cookie)]).await.text();
        assert!(page.contains("Work queue") && page.contains("Waiting on: Screening, Lodging fee"), "{what}");
        let counts = app.store.waiting_counts(registrar.id).await.unwrap();
        let screening = counts.iter().find(|c| c.waiting.as_str() == "screening").unwrap();
        assert_eq!((screening.all, screening.mine, screening.unassigned), (2, 0, 2), "{what}");

        // The registrar makes the case secretary the officer of the first.
        let officer = secretary.id.0.to_string();
        let form = [("csrf", registrar.csrf.as_str()), ("officer", officer.as_str())];
        let assigned = app.post(&format!("/cases/{case}/officer"), &registrar.cookie, &form).await;
        assert_eq!(assigned.status, StatusCode::SEE_OTHER, "{what}: {}", assigned.text());
        let shown = app.follow(&assigned, &registrar.cookie).await.text();
        assert!(shown.contains("The case officer was recorded.") && shown.contains("follows this case"), "{what}");
        let mine = app.get_with(&format!("/cases?officer={officer}"), &[("cookie", &registrar.cookie)]).await.text();
        assert!(
            mine.contains(&format!("/cases/{case}\"")) && !mine.contains(&format!("/cases/{}\"", ids[1])),
            "{what}"
        );
        let own = app.get_with("/cases?waiting=fee&officer=me", &[("cookie", &secretary.cookie)]).await.text();
        assert!(own.contains(&format!("/cases/{case}\"")), "{what}: the secretary's own");
        let none = app.get_with("/cases?officer=none", &[("cookie", &registrar.cookie)]).await.text();
        assert!(
            !none.contains(&format!("/cases/{case}\"")) && none.contains(&format!("/cases/{}\"", ids[1])),
            "{what}"
        );
        let stream = app.store.stream(&format!("case/{case}/officer")).await.unwrap();
        assert_eq!(stream.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["case.officer_assigned"], "{what}");
        // The new officer is told, in the inbox and by e-mail: a link, no case content.
        async fn told(app: &TestApp) -> usize {
            app.store.pending_mail().await.unwrap().iter().filter(|(_, m)| m.to == "sec@iomed.example").count()
        }
        assert_eq!(told(&app).await, 1, "{what}");
        let mails = app.store.pending_mail().await.unwrap();
        let mail = &mails.iter().find(|(_, m)| m.to == "sec@iomed.example").unwrap().1;
        assert_eq!(mail.subject, "IOMed: you are the officer of a case", "{what}");
        assert!(mail.body.contains(&format!("/cases/{case}")) && !mail.body.contains("Harbourline"), "{what}");
        let inbox = app.get_with("/notifications", &[("cookie", &secretary.cookie)]).await.text();
        assert!(
            inbox.contains("You are now this case&#39;s officer")
                || inbox.contains("You are now this case&#x27;s officer"),
            "{what}: {inbox}"
        );

        // Refused, with nothing written: a representative as officer, the same officer again,
        // a finance officer assigning; counsel sees no officer on its case page.
        let not_one = counsel.id.0.to_string();
        let refused = app
            .post(
                &format!("/cases/{case}/officer"),
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("officer", &not_one)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        assert!(refused.text().contains("A case officer must be a case secretary"), "{what}");
        let again = app.post(&format!("/cases/{case}/officer"), &registrar.cookie, &form).await;
        assert!(again.text().contains("The case already has this officer."), "{what}");
        // A deactivated account follows no case.
        let change = iomed_store::accounts::AccountChange::SetActive { user: secretary.id, active: false };
        app.store.account("test", change).await.unwrap();
        let inactive = app
            .post(
                &format!("/cases/{}/officer", ids[1]),
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("officer", &officer)],
            )
            .await;
        assert_eq!(inactive.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        assert!(inactive.text().contains("This account is deactivated"), "{what}");
        let by_finance = app
            .post(&format!("/cases/{case}/officer"), &finance.cookie, &[("csrf", &finance.csrf), ("officer", "")])
            .await;
        assert_eq!(by_finance.status, StatusCode::FORBIDDEN, "{what}");
        assert_eq!(told(&app).await, 1, "{what}: a refused assignment tells no one");
        // Only the reads and the refusals are recorded (as every read is): no assignment.
        assert_eq!(app.store.stream(&format!("case/{case}/officer")).await.unwrap().len(), 1, "{what}");
        assert_eq!(app.store.case_row(case).await.unwrap().unwrap().officer, Some(secretary.id), "{what}");
        let theirs = app.get_with(&format!("/cases/{case}"), &[("cookie", &counsel.cookie)]).await.text();
        assert!(!theirs.contains("Case officer"), "{what}");

        // The API: none, then none again (refused); an officer that is not a user id.
        let bearer = token(&app, registrar.id).await;
        let path = format!("/api/v1/cases/{case}/officer");
        let cleared = app.json("PUT", &path, r#"{"officer": null}"#, &[("authorization", &bearer)]).await;
        assert_eq!((cleared.status, cleared.json()), (StatusCode::OK, serde_json::json!({"officer": null})), "{what}");
        let twice = app.json("PUT", &path, r#"{"officer": null}"#, &[("authorization", &bearer)]).await;
        assert_eq!((twice.status, twice.json()["code"].clone()), (StatusCode::CONFLICT, "officer_unchanged".into()));
        let bad = app.json("PUT", &path, r#"{"officer": 0}"#, &[("authorization", &bearer)]).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{what}");
        let listed = app.get_with("/api/v1/cases?officer=none&waiting=screening", &[("authorization", &bearer)]).await;
        assert_eq!(listed.json()["items"].as_array().unwrap().len(), 2, "{what}");
    }
}

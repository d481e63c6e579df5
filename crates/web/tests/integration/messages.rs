use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_stay_in_their_thread_with_receipts_attachments_and_notices_without_content() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mediator = app.person("mediator@panel.example", &[Role::Mediator]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        app.store.add_mediator_for_test(1, mediator.id).await.unwrap();
        let (mei, camille, med) =
            (token(&app, counsel.id).await, token(&app, respondent.id).await, token(&app, mediator.id).await);

        // Counsel writes to the mediators in caucus, with an attachment filed in the caucus.
        let meta =
            r#"{"title": "Figures", "type": "note", "language": "en", "audience": "caucus", "party": "requesting"}"#;
        let doc = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", meta)],
                Some(("f.txt", "text/plain", b"42")),
            )
            .await
            .json();
        let body = format!(
            r#"{{"audience": "caucus", "party": "requesting", "body": "We could settle at 3.1 million.", "attachments": [{}]}}"#,
            doc["id"]
        );
        let sent = app.post_json("/api/v1/cases/1/messages", &body, &[("authorization", &mei)]).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{what}: {}", sent.text());
        assert_eq!(sent.json()["read_by"], serde_json::json!([]));

        // The mediator reads it (and is recorded as having read it); the other side sees nothing.
        let seen = app.get_with("/api/v1/cases/1/messages", &[("authorization", &med)]).await.json()["items"].clone();
        assert_eq!(seen[0]["body"], "We could settle at 3.1 million.", "{what}");
        let theirs =
            app.get_with("/api/v1/cases/1/messages", &[("authorization", &camille)]).await.json()["items"].clone();
        assert_eq!(theirs, serde_json::json!([]), "{what}");
        let mine = app.get_with("/api/v1/cases/1/messages", &[("authorization", &mei)]).await.json()["items"].clone();
        assert_eq!(mine[0]["read_by"].as_array().unwrap().len(), 1, "{what}: the receipt");
        let hidden = app.get_with("/cases/1/messages/caucus:requesting", &[("cookie", &respondent.cookie)]).await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        let threads = app.get_with("/cases/1/messages", &[("cookie", &respondent.cookie)]).await.text();
        assert!(!threads.contains("caucus:requesting") && threads.contains("caucus:responding"), "{what}");

        // The body is sealed at rest and absent from the ledger.
        let stored = app.store.messages_of(1).await.unwrap();
        assert!(!stored[0].sealed.contains("3.1") && !hex_text(&stored[0].sealed).contains("3.1 million"));
        let ledger = app.store.stream("case/1/messages").await.unwrap();
        assert!(ledger.iter().all(|r| !r.body.contains("million")));
        // The ledger commits to the body under a key kept outside it: the plain hash of a guess
        // does not match, the keyed commitment does.
        let sent_entry = ledger.iter().find(|r| r.kind == "message.sent").unwrap();
        let committed: serde_json::Value = serde_json::from_str(&sent_entry.body).unwrap();
        let body = "We could settle at 3.1 million.";
        assert_ne!(committed["body_hash"], blake3::hash(body.as_bytes()).to_hex().as_str(), "{what}");
        let keyed = app.store.signer().commitments().commit("message body", body.as_bytes());
        assert_eq!(committed["body_hash"], keyed.as_str(), "{what}");

        // The other side writes in the joint thread through the form, with a file.
        let reply = app
            .multipart(
                "/cases/1/messages/joint",
                &[("cookie", &respondent.cookie)],
                &[("csrf", &respondent.csrf), ("body", "Kestrel proposes an expert re-test.")],
                Some(("protocol.txt", "text/plain", b"re-test protocol")),
            )
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: {}", reply.text());
        let reply = app.follow(&reply, &respondent.cookie).await;
        assert!(reply.text().contains("The message was sent."), "{what}");
        let thread = app.get_with("/cases/1/messages/joint", &[("cookie", &counsel.cookie)]).await.text();
        assert!(
            thread.contains("Kestrel proposes an expert re-test.") && thread.contains("/documents/2/content"),
            "{what}"
        );
        let mail = app.store.pending_mail().await.unwrap();
        let notice = mail.iter().map(|(_, m)| m).rev().find(|m| m.subject.contains("new message")).unwrap();
        assert!(!notice.body.contains("Kestrel") && !notice.body.contains("re-test"));

        // Bad input: nothing is sent.
        let before = app.store.messages_of(1).await.unwrap().len();
        let empty = app
            .post_json("/api/v1/cases/1/messages", r#"{"audience": "joint", "body": "  "}"#, &[("authorization", &mei)])
            .await;
        assert_eq!(empty.json()["code"], "empty_message");
        let wrong = format!(r#"{{"audience": "joint", "body": "See this.", "attachments": [{}]}}"#, doc["id"]);
        let wrong = app.post_json("/api/v1/cases/1/messages", &wrong, &[("authorization", &mei)]).await;
        assert_eq!(
            wrong.json()["code"],
            "unknown_attachment",
            "a caucus document cannot be attached to the joint thread"
        );
        let intruder = app
            .post_json(
                "/api/v1/cases/1/messages",
                r#"{"audience": "caucus", "party": "requesting", "body": "Hello"}"#,
                &[("authorization", &camille)],
            )
            .await;
        assert_eq!(intruder.status, StatusCode::NOT_FOUND);
        let web_empty = app
            .multipart(
                "/cases/1/messages/joint",
                &[("cookie", &counsel.cookie)],
                &[("csrf", &counsel.csrf), ("body", "")],
                None,
            )
            .await;
        assert_eq!(web_empty.status, StatusCode::UNPROCESSABLE_ENTITY);
        // The page again, its error linked from the summary to the text, marked and described.
        let page = web_empty.text();
        assert!(page.contains(r##"<li><a href="#body">Write a message.</a></li>"##), "{what}: {page}");
        assert!(page.contains(r#"required aria-invalid="true" aria-describedby="body-error">"#), "{what}");
        assert_eq!(app.store.messages_of(1).await.unwrap().len(), before, "{what}");
    }
}

fn hex_text(hex: &str) -> String {
    (0..hex.len() / 2).filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).map(char::from).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_side_reads_the_request_and_its_annexes_but_not_the_threads_until_it_accepts() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "offer");
        filing.push(("action", "file"));
        filing.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &counsel.cookie, &filing).await.header("location"), "/cases/1/receipt");
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);

        // The requesting side files an annex in the joint file and writes to the Secretariat
        // in the joint thread.
        let meta = r#"{"title": "Invoices", "type": "exhibit", "language": "en", "audience": "joint"}"#;
        let annex = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", meta)],
                Some(("invoices.txt", "text/plain", b"invoice 1")),
            )
            .await;
        assert_eq!(annex.status, StatusCode::CREATED, "{what}: {}", annex.text());
        let body = r#"{"audience": "joint", "body": "The fee is on its way."}"#;
        let sent = app.post_json("/api/v1/cases/1/messages", body, &[("authorization", &mei)]).await;
        assert_eq!(sent.status, StatusCode::CREATED, "{what}: {}", sent.text());

        // Invited, the other side reads the request and the annex, and no thread; it is not
        // told of the message; it files and posts nothing.
        let case = app.get_with("/api/v1/cases/1", &[("authorization", &camille)]).await.json();
        assert_eq!(case["standing"], "invited", "{what}");
        assert_eq!(case["steps"], serde_json::json!(["accept_offer", "decline_offer", "consent_publication"]));
        let docs = app.get_with("/api/v1/cases/1/documents", &[("authorization", &camille)]).await.json();
        assert_eq!(docs["items"].as_array().unwrap().len(), 1, "{what}: the annex");
        let messages = app.get_with("/api/v1/cases/1/messages", &[("authorization", &camille)]).await.json();
        assert_eq!(messages["items"], serde_json::json!([]), "{what}");
        let thread = app.get_with("/cases/1/messages/joint", &[("cookie", &respondent.cookie)]).await;
        assert_eq!(thread.status, StatusCode::NOT_FOUND, "{what}");
        let threads = app.get_with("/cases/1/messages", &[("cookie", &respondent.cookie)]).await.text();
        assert!(!threads.contains("/cases/1/messages/joint"), "{what}");
        assert!(threads.contains("the messages of the case open to you once it accepts"), "{what}");
        let mails = app.store.pending_mail().await.unwrap();
        assert!(
            !mails.iter().any(|(_, m)| m.to == "camille@kestrel.example" && m.body.contains("/messages")),
            "{what}: told of a message it cannot read"
        );
        let post = app.post_json("/api/v1/cases/1/messages", body, &[("authorization", &camille)]).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN, "{what}: {}", post.text());
        let upload = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &camille)],
                &[("meta", meta)],
                Some(("x.txt", "text/plain", b"x")),
            )
            .await;
        assert_eq!(upload.status, StatusCode::FORBIDDEN, "{what}: {}", upload.text());
        let page = app.get_with("/cases/1", &[("cookie", &respondent.cookie)]).await.text();
        assert!(page.contains("Until you accept, you see nothing else of the case"), "{what}");
        assert!(page.contains("Accept the offer to mediate") && !page.contains("#file-heading"), "{what}");

        // Once it accepts, it is a party: the thread opens, with what was written before.
        let accepted =
            app.post_json("/api/v1/cases/1/steps", r#"{"step": "accept_offer"}"#, &[("authorization", &camille)]).await;
        assert_eq!(accepted.status, StatusCode::OK, "{what}: {}", accepted.text());
        assert_eq!(accepted.json()["standing"], "responding", "{what}");
        let messages = app.get_with("/api/v1/cases/1/messages", &[("authorization", &camille)]).await.json();
        assert_eq!(messages["items"][0]["body"], "The fee is on its way.", "{what}");
    }
}

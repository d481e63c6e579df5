use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

const CONSENT: &[u8] = b"Lettre de consentement du 10 janvier 2026";
const EXHIBIT_1: &[u8] = b"Exhibit C-1: delivery notes";
const EXHIBIT_2: &[u8] = b"Exhibit C-2: invoices";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counsel_attaches_annexes_while_drafting_and_filing_puts_them_in_the_joint_case_file() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut form = complete_form(&counsel.csrf, "camille@kestrel.example", "offer");
        form.push(("action", "save"));
        let saved = app.submit("/requests", &counsel.cookie, &form).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", app.engine);
        let page = saved.text();
        assert!(page.contains("action=\"/requests/1/annexes\" enctype=\"multipart/form-data\""), "the annex form");
        assert!(page.contains("No annexes are attached yet."));
        assert!(page.contains("name=\"file_1\" multiple"), "several files at once");
        assert!(page.contains("<option value=\"internal_authorization\">Internal authorization</option>"));
        assert!(page.contains("<option value=\"en\" selected>"), "each row in the reader's language");

        // Several files in one row, one in another: all attached, in order.
        let cookie = [("cookie", counsel.cookie.as_str())];
        let parts = [
            Part::Text("csrf", &counsel.csrf),
            Part::Text("type_1", "exhibit"),
            Part::Text("language_1", "en"),
            Part::File("file_1", "Exhibit C-1.pdf", "application/pdf", EXHIBIT_1),
            Part::File("file_1", "Exhibit C-2.pdf", "application/pdf", EXHIBIT_2),
            Part::Text("type_2", "consent_to_mediate"),
            Part::Text("language_2", "fr"),
            Part::File("file_2", "Lettre de consentement.pdf", "application/pdf", CONSENT),
            Part::Text("type_3", ""),
            Part::Text("language_3", "en"),
            Part::File("file_3", "", "application/octet-stream", b""),
        ];
        let attached = app.multipart_parts("/requests/1/annexes", &cookie, &parts).await;
        assert_eq!(attached.status, StatusCode::SEE_OTHER, "{}: {}", app.engine, attached.text());
        assert_eq!(attached.header("location"), "/requests/1#annexes");
        let page = app.follow(&attached, &counsel.cookie).await.text();
        assert!(page.contains("Annexes attached: 3."), "the notice");
        for title in ["Exhibit C-1", "Exhibit C-2", "Lettre de consentement"] {
            assert!(page.contains(&format!(">{title}</a>")), "{title} listed");
        }
        let annexes = app.store.annexes_of(counsel.id, 1).await.unwrap();
        let consent = annexes.iter().find(|a| a.title == "Lettre de consentement").unwrap();
        assert_eq!((consent.kind.as_str(), consent.language.as_str()), ("consent_to_mediate", "fr"));

        // The owner downloads an annex; nobody else finds it.
        let link = format!("/requests/1/annexes/{}/content", consent.id);
        let download = app.get_with(&link, &cookie).await;
        assert_eq!(download.status, StatusCode::OK);
        assert_eq!(download.bytes, CONSENT);
        assert!(download.header("content-disposition").starts_with("attachment;"));
        let other = app.get_with(&link, &[("cookie", respondent.cookie.as_str())]).await;
        assert_eq!(other.status, StatusCode::NOT_FOUND, "the other side sees nothing before filing");
        let stranger = app.get(&link).await;
        assert_ne!(stranger.status, StatusCode::OK);

        // A row with files but no type: the form again with the error linked to the field, and
        // nothing of the upload kept, not even the row that was right (its blob deleted).
        let blobs = app.state.blobs.list_for_test().await.unwrap();
        let parts = [
            Part::Text("csrf", &counsel.csrf),
            Part::Text("type_1", "exhibit"),
            Part::Text("language_1", "en"),
            Part::File("file_1", "Exhibit C-3.pdf", "application/pdf", b"C-3"),
            Part::Text("type_2", ""),
            Part::Text("language_2", "en"),
            Part::File("file_2", "Untyped.pdf", "application/pdf", b"?"),
        ];
        let refused = app.multipart_parts("/requests/1/annexes", &cookie, &parts).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.engine);
        let text = refused.text();
        assert!(text.contains("The files were not attached. Nothing of this upload was kept:"));
        assert!(text.contains("<a href=\"#annex-type-2\">Annexes, row 2: Type: missing.</a>"), "{text}");
        assert!(text.contains("id=\"annex-type-2-error\""), "the message beside the field");
        assert_eq!(app.store.annexes_of(counsel.id, 1).await.unwrap().len(), 3, "nothing attached");
        let none = [Part::Text("csrf", &counsel.csrf), Part::Text("type_1", "exhibit")];
        let empty = app.multipart_parts("/requests/1/annexes", &cookie, &none).await;
        assert!(empty.text().contains("Choose at least one file to attach."));
        let forged = [
            Part::Text("csrf", "forged"),
            Part::Text("type_1", "exhibit"),
            Part::File("file_1", "x.pdf", "application/pdf", b"x"),
        ];
        assert_eq!(app.multipart_parts("/requests/1/annexes", &cookie, &forged).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.state.blobs.list_for_test().await.unwrap(), blobs, "{}: a refused upload stayed", app.engine);

        // Taken off, it is gone from the draft.
        let c2 = annexes.iter().find(|a| a.title == "Exhibit C-2").unwrap();
        let removed = app
            .submit(&format!("/requests/1/annexes/{}/remove", c2.id), &counsel.cookie, &[("csrf", &counsel.csrf)])
            .await;
        assert!(removed.text().contains("The annex was taken off the draft."), "{}", removed.text());
        assert_eq!(app.store.annexes_of(counsel.id, 1).await.unwrap().len(), 2);

        // The check before filing names them; the receipt lists them; the case file has them.
        let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "offer");
        filing.push(("action", "file"));
        let check = app.post("/requests/1", &counsel.cookie, &filing).await.text();
        assert!(check.contains("Annexes, put in the joint case file"), "{check}");
        assert!(check.contains("Exhibit C-1 (Exhibit); Lettre de consentement (Consent to mediate)"), "{check}");
        let filed =
            app.post("/requests/1/file", &counsel.cookie, &[("csrf", &counsel.csrf), ("confirmed", "yes")]).await;
        assert_eq!(filed.header("location"), "/cases/1/receipt", "{}", filed.text());
        let receipt = app.follow(&filed, &counsel.cookie).await.text();
        assert!(receipt.contains("Lettre de consentement</a> <small>(Consent to mediate)</small>"), "{receipt}");
        assert!(!receipt.contains("File the request’s annexes in the case file"), "they were filed with it");
        let docs = app.store.documents_of(1).await.unwrap();
        assert_eq!(
            docs.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
            ["Exhibit C-1", "Lettre de consentement"]
        );
        // The invited side reads them with the request, and the screening checklist finds the consent.
        let file = app.get_with("/cases/1/documents", &[("cookie", respondent.cookie.as_str())]).await.text();
        assert!(file.contains("Lettre de consentement"), "{file}");
        let content = format!("/documents/{}/content", docs[1].id);
        let read = app.get_with(&content, &[("cookie", respondent.cookie.as_str())]).await;
        assert_eq!(read.bytes, CONSENT, "{}", app.engine);
        // The annex's own link leads there now: read through the case's policy, recorded on it.
        let moved = app.get_with(&link, &cookie).await;
        assert_eq!((moved.status, moved.header("location")), (StatusCode::SEE_OTHER, content.clone()));
        // Filed: the draft's page is the case's, and nothing more is attached to it.
        let late = [Part::Text("csrf", &counsel.csrf), Part::File("file_1", "late.pdf", "application/pdf", b"late")];
        let late = app.multipart_parts("/requests/1/annexes", &cookie, &late).await;
        assert_eq!((late.status, late.header("location")), (StatusCode::SEE_OTHER, "/cases/1/documents".into()));
        assert_eq!(app.store.annexes_of(counsel.id, 1).await.unwrap().len(), 2);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_attaches_lists_downloads_and_detaches_annexes_of_the_callers_draft_only() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let other = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mut form = complete_form(&counsel.csrf, "camille@kestrel.example", "offer");
        form.push(("action", "save"));
        app.submit("/requests", &counsel.cookie, &form).await;
        let bearer = token(&app, counsel.id).await;
        let auth = [("authorization", bearer.as_str())];
        let meta = r#"{"type":"proof_of_authority","language":"zh-Hant","title":"授權書"}"#;
        let parts = [Part::Text("meta", meta), Part::File("file", "poa.pdf", "application/pdf", b"power of attorney")];
        let created = app.multipart_parts("/api/v1/requests/1/annexes", &auth, &parts).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}: {}", app.engine, created.text());
        insta::assert_json_snapshot!("annex_attached", created.json());
        let id = created.json()["id"].as_i64().unwrap();

        let listed = app.get_with("/api/v1/requests/1/annexes", &auth).await;
        assert_eq!(listed.json()["items"].as_array().unwrap().len(), 1);
        let content = app.get_with(&format!("/api/v1/requests/1/annexes/{id}/content"), &auth).await;
        assert_eq!(content.bytes, b"power of attorney");

        // Every gap at once; the file before its meta; a part after the file; another's draft:
        // refused, and nothing written or left behind.
        let theirs = token(&app, other.id).await;
        let (head, blobs) = (app.store.head().await.unwrap(), app.state.blobs.list_for_test().await.unwrap());
        let bad = [
            Part::Text("meta", r#"{"type":"settlement_agreement","language":""}"#),
            Part::File("file", "x.pdf", "application/pdf", b"x"),
        ];
        let refused = app.multipart_parts("/api/v1/requests/1/annexes", &auth, &bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.json()["code"], "incomplete");
        assert_eq!(
            refused.json()["gaps"],
            serde_json::json!([{"field": "type", "code": "invalid"}, {"field": "language", "code": "missing"}])
        );
        let first = [Part::File("file", "x.pdf", "application/pdf", b"x"), Part::Text("meta", meta)];
        assert_eq!(app.multipart_parts("/api/v1/requests/1/annexes", &auth, &first).await.json()["code"], "meta_first");
        let elsewhere = app.multipart_parts("/api/v1/requests/1/annexes", &[("authorization", &theirs)], &parts).await;
        assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);
        let after = [
            Part::Text("meta", meta),
            Part::File("file", "poa.pdf", "application/pdf", b"again"),
            Part::Text("extra", "x"),
        ];
        assert_eq!(app.multipart_parts("/api/v1/requests/1/annexes", &auth, &after).await.json()["code"], "file_last");
        assert_eq!(app.store.annexes_of(counsel.id, 1).await.unwrap().len(), 1, "the refused ones left nothing");
        assert_eq!(app.store.head().await.unwrap(), head, "{}: a refusal wrote nothing", app.engine);
        assert_eq!(app.state.blobs.list_for_test().await.unwrap(), blobs, "{}: a refused file stayed", app.engine);

        let gone = app.send("DELETE", &format!("/api/v1/requests/1/annexes/{id}"), None, "", &auth).await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT);
        assert_ne!(app.store.head().await.unwrap(), head, "recorded");
        let again = app.send("DELETE", &format!("/api/v1/requests/1/annexes/{id}"), None, "", &auth).await;
        assert_eq!(again.status, StatusCode::NOT_FOUND);

        // Once filed, nothing more is attached.
        app.multipart_parts("/api/v1/requests/1/annexes", &auth, &parts).await;
        let filed = app.post_json("/api/v1/requests/1/file", "", &auth).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
        let late = app.multipart_parts("/api/v1/requests/1/annexes", &auth, &parts).await;
        assert_eq!((late.status, late.json()["code"].as_str()), (StatusCode::CONFLICT, Some("already_filed")));
    }
}

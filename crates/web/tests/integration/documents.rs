use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::cases::{complete_form, token};
use crate::support::*;

/// A case filed on a prior agreement by `counsel`, with `respondent` on the other side.
async fn filed_case(app: &TestApp, counsel: &Person) {
    let mut filing = complete_form(&counsel.csrf, "camille@kestrel.example", "prior_agreement");
    filing.push(("action", "file"));
    filing.push(("confirmed", "yes"));
    let filed = app.post("/requests", &counsel.cookie, &filing).await;
    assert_eq!(filed.header("location"), "/cases/1/receipt", "{}", filed.text());
}

fn meta(audience: &str, party: &str, title: &str) -> String {
    serde_json::json!({"title": title, "type": "note", "language": "en", "audience": audience, "party": party})
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caucus_note_is_seen_by_its_side_and_the_mediator_and_by_nobody_else() {
    for app in apps().await {
        let what = format!("{} + {} blobs", app.engine, app.blob_kind);
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mediator = app.person("mediator@panel.example", &[Role::Mediator]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let stranger = app.person("someone@else.example", &[Role::Representative]).await;
        filed_case(&app, &counsel).await;
        app.store.add_mediator_for_test(1, mediator.id).await.unwrap();
        let [mei, camille, med, reg, other] = [
            token(&app, counsel.id).await,
            token(&app, respondent.id).await,
            token(&app, mediator.id).await,
            token(&app, registrar.id).await,
            token(&app, stranger.id).await,
        ];

        // The requesting side files a caucus note through the API.
        let secret = b"Our walk-away figure is USD 4.2 million.".repeat(3000);
        let note = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", &meta("caucus", "requesting", "Settlement range"))],
                Some(("range.txt", "text/plain", &secret)),
            )
            .await;
        assert_eq!(note.status, StatusCode::CREATED, "{what}: {}", note.text());
        let note = note.json();
        assert_eq!(note["audience"], "caucus:requesting");
        assert_eq!(note["size"], secret.len());
        assert_eq!(note["content_hash"], blake3::hash(&secret).to_hex().as_str());
        let id = note["id"].as_i64().unwrap();

        // The mediator and the filer's side list and download it.
        for bearer in [&mei, &med] {
            let list =
                app.get_with("/api/v1/cases/1/documents", &[("authorization", bearer)]).await.json()["items"].clone();
            assert_eq!(list.as_array().unwrap().len(), 1, "{what}");
            let content = app.get_with(&format!("/api/v1/documents/{id}/content"), &[("authorization", bearer)]).await;
            assert_eq!(content.status, StatusCode::OK, "{what}");
            assert_eq!(content.bytes, secret, "{what}");
            assert!(content.header("content-disposition").starts_with("attachment;"));
        }

        // The other side, the Secretariat and a stranger: not listed, not counted, and the
        // document answers exactly as one never filed.
        let absent = app.get_with("/api/v1/documents/999", &[("authorization", &camille)]).await;
        assert_eq!(absent.status, StatusCode::NOT_FOUND);
        for bearer in [&camille, &reg, &other] {
            for path in [format!("/api/v1/documents/{id}"), format!("/api/v1/documents/{id}/content")] {
                let hidden = app.get_with(&path, &[("authorization", bearer)]).await;
                assert_eq!((hidden.status, hidden.text()), (absent.status, absent.text()), "{what} {path}");
            }
        }
        for bearer in [&camille, &reg] {
            let list =
                app.get_with("/api/v1/cases/1/documents", &[("authorization", bearer)]).await.json()["items"].clone();
            assert_eq!(list, serde_json::json!([]), "{what}");
        }
        let page = app.get_with("/cases/1/documents", &[("cookie", &respondent.cookie)]).await.text();
        assert!(!page.contains("Settlement range") && !page.contains("range.txt"), "{what}");
        assert!(page.contains("0 documents you may see"), "{what}");
        let not_on_case = app.get_with("/api/v1/cases/1/documents", &[("authorization", &other)]).await;
        assert_eq!(not_on_case.status, StatusCode::NOT_FOUND);
        let page = app.get_with("/cases/1/documents", &[("cookie", &counsel.cookie)]).await.text();
        assert!(page.contains("Settlement range") && page.contains("1 document you may see"), "{what}");

        // A joint document through the web form reaches the other side, with a notice that
        // carries no content.
        let form = [
            ("csrf", counsel.csrf.as_str()),
            ("title", "Supply Agreement"),
            ("type", "consent_to_mediate"),
            ("language", "en"),
            ("audience", "joint"),
        ];
        let multipart_cookie = [("cookie", counsel.cookie.as_str())];
        let filed = app
            .multipart(
                "/cases/1/documents",
                &multipart_cookie,
                &form,
                Some(("agreement.pdf", "application/pdf", b"%PDF-1.7 clause 21")),
            )
            .await;
        assert_eq!(filed.status, StatusCode::SEE_OTHER, "{what}: {}", filed.text());
        let shown = app.follow(&filed, &counsel.cookie).await.text();
        assert!(shown.contains("The document was filed") && shown.contains("Joint no. 1 · en"), "{what}");
        let page = app.get_with("/cases/1/documents", &[("cookie", &respondent.cookie)]).await.text();
        assert!(page.contains("Supply Agreement") && page.contains("/documents/2/content"), "{what}");
        let mail = app.store.pending_mail().await.unwrap();
        let notice = mail.iter().map(|(_, m)| m).rev().find(|m| m.subject.contains("new document")).unwrap();
        assert_eq!(notice.to, "camille@kestrel.example");
        assert!(!notice.body.contains("Supply") && !notice.body.contains("agreement.pdf"));
        // The case page shows the request's annexes: the consent on file, the authority missing,
        // with a link that preselects its type.
        let case_page = app.get_with("/cases/1", &[("cookie", &counsel.cookie)]).await.text();
        assert!(case_page.contains("On file: Joint no. 1"), "{what}");
        assert!(case_page.contains("/cases/1/documents?file_type=proof_of_authority"), "{what}");
        let prefilled =
            app.get_with("/cases/1/documents?file_type=proof_of_authority", &[("cookie", &counsel.cookie)]).await;
        assert!(prefilled.text().contains("<option value=\"proof_of_authority\" selected>"), "{what}");
        let download = app.get_with("/documents/2/content", &[("cookie", &respondent.cookie)]).await;
        assert_eq!(download.bytes, b"%PDF-1.7 clause 21", "{what}");

        // Bad input: every gap at once; the wrong audience; empty; meta after the file; a
        // cookie instead of a token. Nothing is written and nothing stays in the blob store.
        let stored = app.state.blobs.list_for_test().await.unwrap();
        let gaps = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", r#"{"audience": "everyone"}"#)],
                Some(("x.txt", "text/plain", b"x")),
            )
            .await;
        assert_eq!(gaps.status, StatusCode::UNPROCESSABLE_ENTITY);
        let fields: Vec<_> = gaps.json()["gaps"].as_array().unwrap().iter().map(|g| g["field"].clone()).collect();
        assert_eq!(fields, ["title", "type", "language", "audience"]);
        let theirs = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &camille)],
                &[("meta", &meta("side", "requesting", "Planted"))],
                Some(("x.txt", "text/plain", b"x")),
            )
            .await;
        assert_eq!((theirs.status, theirs.text()), (absent.status, absent.text()), "{what}");
        let empty = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", &meta("joint", "", "Empty"))],
                Some(("e.txt", "text/plain", b"")),
            )
            .await;
        assert_eq!((empty.status, empty.json()["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("empty")));
        let late = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[],
                Some(("x.txt", "text/plain", b"x")),
            )
            .await;
        assert_eq!((late.status, late.json()["code"].as_str()), (StatusCode::BAD_REQUEST, Some("meta_first")));
        // `replaces` is left out for none; a null is not the schema's, and is refused.
        let null_meta = r#"{"title": "x", "type": "note", "language": "en", "audience": "joint", "replaces": null}"#;
        let nulled = app
            .multipart(
                "/api/v1/cases/1/documents",
                &[("authorization", &mei)],
                &[("meta", null_meta)],
                Some(("x.txt", "text/plain", b"x")),
            )
            .await;
        assert_eq!(
            (nulled.status, nulled.json()["code"].as_str()),
            (StatusCode::BAD_REQUEST, Some("bad_meta")),
            "{what}"
        );
        let cookie = app
            .multipart(
                "/api/v1/cases/1/documents",
                &multipart_cookie,
                &[("meta", &meta("joint", "", "Cookie"))],
                Some(("x.txt", "text/plain", b"x")),
            )
            .await;
        assert_eq!(cookie.json()["code"], "token_required");
        let web_gaps = app
            .multipart("/cases/1/documents", &multipart_cookie, &form[..2], Some(("x.txt", "text/plain", b"x")))
            .await;
        assert_eq!(web_gaps.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(web_gaps.text().contains("Type: missing.") && web_gaps.text().contains("value=\"Supply Agreement\""));
        // The language is chosen from a list, named in the reader's language, not typed as a tag.
        assert!(web_gaps.text().contains("<select id=\"language\" name=\"language\" required"), "{what}");
        // The summary links to the fields, each of which says its error (GOV.UK's pattern).
        let shown = web_gaps.text();
        assert!(shown.contains("<a href=\"#type\">Type: missing.</a>"), "{what}");
        assert!(shown.contains("<p class=\"field-error\" id=\"type-error\">Type: missing.</p>"), "{what}");
        assert!(shown.contains("aria-invalid=\"true\" aria-describedby=\"type-error\""), "{what}");
        assert!(shown.contains("<a href=\"#file\">Nothing was filed; choose the file again.</a>"), "{what}");
        assert!(web_gaps.text().contains("<option value=\"zh-Hans\">Chinese (Simplified)</option>"), "{what}");
        // (The refused access and the form shown again are recorded; no filing is.)
        assert_eq!(app.store.documents_of(1).await.unwrap().len(), 2, "{what}: a refused filing was kept");
        assert_eq!(app.state.blobs.list_for_test().await.unwrap(), stored, "{what}: a refused upload stayed");

        // Every view and download is in the ledger.
        let access = app.store.stream("case/1/access").await.unwrap();
        let downloads = access.iter().filter(|r| r.kind == "document.downloaded").count();
        assert_eq!(downloads, 3, "{what}");

        // The mediator asks the requesting side's permission to pass the caucus note on; the
        // other side cannot answer for it; the side grants; the note is then in the joint file.
        let asked =
            app.post_json(&format!("/api/v1/documents/{id}/share-requests"), "", &[("authorization", &med)]).await;
        assert_eq!(asked.status, StatusCode::CREATED, "{what}: {}", asked.text());
        let request = asked.json()["id"].as_i64().unwrap();
        let again =
            app.post_json(&format!("/api/v1/documents/{id}/share-requests"), "", &[("authorization", &med)]).await;
        assert_eq!(again.json()["code"], "already_asked");
        let joint = app.post_json("/api/v1/documents/2/share-requests", "", &[("authorization", &med)]).await;
        assert_eq!(joint.status, StatusCode::FORBIDDEN, "only caucus documents are shared with permission");
        let grant = r#"{"answer": "grant"}"#;
        let not_theirs =
            app.post_json(&format!("/api/v1/share-requests/{request}"), grant, &[("authorization", &camille)]).await;
        assert_eq!((not_theirs.status, not_theirs.text()), (absent.status, absent.text()), "{what}");
        let mail = app.store.pending_mail().await.unwrap();
        assert!(
            mail.iter().any(|(_, m)| m.to == "mei@harbourline.example" && m.subject.contains("asks your permission"))
        );
        // On the web, a grant first shows exactly the document and everyone who will see it;
        // nothing is shared until it is confirmed. (The content never appears on that page.)
        let answer = format!("/share-requests/{request}");
        let check = app.post(&answer, &counsel.cookie, &[("csrf", &counsel.csrf), ("answer", "grant")]).await;
        assert_eq!(check.status, StatusCode::OK, "{what}");
        let check = check.text();
        for expected in [
            "Confirm: Grant: share with everyone",
            "Settlement range",
            "range.txt",
            "Who will see it",
            "(Mediator)",
            "(Responding party)",
            "The Secretariat",
        ] {
            assert!(check.contains(expected), "{what}: {expected} not in {check}");
        }
        assert!(!check.contains("walk-away"), "{what}: the content reached the page");
        assert!(
            app.store.share_request(request).await.unwrap().unwrap().answer.is_none(),
            "{what}: nothing was shared"
        );
        let granted =
            app.post_json(&format!("/api/v1/share-requests/{request}"), grant, &[("authorization", &mei)]).await;
        assert_eq!(granted.status, StatusCode::OK, "{what}: {}", granted.text());
        let shared = granted.json()["shared_as"].as_i64().unwrap();
        let twice =
            app.post_json(&format!("/api/v1/share-requests/{request}"), grant, &[("authorization", &mei)]).await;
        assert_eq!(twice.json()["code"], "already_answered");
        let seen = app.get_with(&format!("/api/v1/documents/{shared}"), &[("authorization", &camille)]).await.json();
        assert_eq!((seen["audience"].as_str(), seen["shared_from"].as_i64()), (Some("joint"), Some(id)));
        let content =
            app.get_with(&format!("/api/v1/documents/{shared}/content"), &[("authorization", &camille)]).await;
        assert_eq!(content.bytes, secret, "{what}");
        // The original stays in the caucus.
        let original = app.get_with(&format!("/api/v1/documents/{id}"), &[("authorization", &camille)]).await;
        assert_eq!(original.status, StatusCode::NOT_FOUND);
        let page = app.get_with("/cases/1/documents", &[("cookie", &counsel.cookie)]).await.text();
        let copy = app.get_with(&format!("/api/v1/documents/{shared}"), &[("authorization", &camille)]).await.json();
        let number = copy["number"].as_i64().unwrap();
        assert!(page.contains(&format!("Shared with everyone as Joint no. {number}")), "{what}");

        // A stored blob that no longer matches is caught and not served.
        let doc = app.store.document(2).await.unwrap().unwrap();
        app.state.blobs.corrupt_for_test(&doc.blob, 40).await.unwrap();
        let broken = app.get_with("/api/v1/documents/2/content", &[("authorization", &camille)]).await;
        assert_eq!(
            (broken.status, broken.json()["code"].as_str()),
            (StatusCode::INTERNAL_SERVER_ERROR, Some("blob_corrupt"))
        );
        let access = app.store.stream("case/1/access").await.unwrap();
        assert!(access.iter().any(|r| r.kind == "document.integrity_failed"), "{what}");
    }
}

/// For each audience × each place on the case (and a user of another case): exactly who may
/// list a document, see its title, and download it. Written out by hand, not derived from the
/// policy it checks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_access_matrix() {
    for app in apps().await {
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        let mediator = app.person("mediator@panel.example", &[Role::Mediator]).await;
        let registrar = app.person("registrar@iomed.test", &[Role::Registrar]).await;
        let elsewhere = app.person("legal@harbourline.example", &[Role::Representative]).await;
        filed_case(&app, &counsel).await;
        // The user of another case files their own.
        let mut other = complete_form(&elsewhere.csrf, "nobody@else.example", "offer");
        other.push(("action", "file"));
        other.push(("confirmed", "yes"));
        assert_eq!(app.post("/requests", &elsewhere.cookie, &other).await.header("location"), "/cases/2/receipt");
        app.store.add_mediator_for_test(1, mediator.id).await.unwrap();
        let people = [&counsel, &respondent, &mediator, &registrar, &elsewhere];
        let mut tokens = Vec::new();
        for p in people {
            tokens.push(token(&app, p.id).await);
        }
        // (audience, party, filer index, who sees it: [requesting, responding, mediator, Secretariat, other case])
        let table: [(&str, &str, usize, [bool; 5]); 7] = [
            ("joint", "", 0, [true, true, true, true, false]),
            ("caucus", "requesting", 0, [true, false, true, false, false]),
            ("caucus", "responding", 1, [false, true, true, false, false]),
            ("mediators", "", 2, [false, false, true, false, false]),
            ("secretariat", "", 3, [false, false, false, true, false]),
            ("side", "requesting", 0, [true, false, false, false, false]),
            ("side", "responding", 1, [false, true, false, false, false]),
        ];
        let mut ids = Vec::new();
        for (audience, party, filer, _) in &table {
            let title = format!("Title-{audience}-{party}");
            let filed = app
                .multipart(
                    "/api/v1/cases/1/documents",
                    &[("authorization", &tokens[*filer])],
                    &[("meta", &meta(audience, party, &title))],
                    Some(("f.txt", "text/plain", format!("{title} zebra crossing").as_bytes())),
                )
                .await;
            assert_eq!(filed.status, StatusCode::CREATED, "{audience}:{party}: {}", filed.text());
            ids.push(filed.json()["id"].as_i64().unwrap());
        }
        let absent = app.get_with("/api/v1/documents/999", &[("authorization", &tokens[0])]).await;
        for (who, person) in people.iter().enumerate() {
            let bearer = &tokens[who];
            let list = app.get_with("/api/v1/cases/1/documents", &[("authorization", bearer)]).await;
            let listed: Vec<i64> = if list.status == StatusCode::OK {
                list.json()["items"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect()
            } else {
                assert_eq!((list.status, list.text()), (absent.status, absent.text()));
                vec![]
            };
            let page = app.get_with("/cases/1/documents", &[("cookie", &person.cookie)]).await.text();
            let expected_count = table.iter().filter(|row| row.3[who]).count();
            // Search finds, counts and quotes only what the reader may see.
            let search = app.get_with("/api/v1/cases/1/documents?q=zebra", &[("authorization", bearer)]).await;
            let found: Vec<i64> = if search.status == StatusCode::OK {
                search.json()["items"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect()
            } else {
                vec![]
            };
            let searched = app.get_with("/cases/1/documents?q=zebra", &[("cookie", &person.cookie)]).await.text();
            for ((audience, party, _, sees), id) in table.iter().zip(&ids) {
                let sees = sees[who];
                let label = format!("{} {} viewer {who}", app.engine, audience.to_string() + ":" + party);
                assert_eq!(listed.contains(id), sees, "{label}: listed");
                assert_eq!(found.contains(id), sees, "{label}: found by search");
                assert_eq!(searched.contains(&format!("Title-{audience}-{party}")), sees, "{label}: search page");
                assert_eq!(page.contains(&format!("Title-{audience}-{party}")), sees, "{label}: title on the page");
                let meta = app.get_with(&format!("/api/v1/documents/{id}"), &[("authorization", bearer)]).await;
                let content =
                    app.get_with(&format!("/api/v1/documents/{id}/content"), &[("authorization", bearer)]).await;
                let web = app.get_with(&format!("/documents/{id}/content"), &[("cookie", &person.cookie)]).await;
                if sees {
                    assert_eq!(
                        (meta.status, content.status, web.status),
                        (StatusCode::OK, StatusCode::OK, StatusCode::OK),
                        "{label}"
                    );
                } else {
                    assert_eq!((meta.status, meta.text()), (absent.status, absent.text()), "{label}: metadata");
                    assert_eq!((content.status, content.text()), (absent.status, absent.text()), "{label}: content");
                    assert_eq!(web.status, StatusCode::NOT_FOUND, "{label}: web download");
                }
            }
            if who < 4 {
                let count = if expected_count == 1 {
                    "1 document you may see".to_owned()
                } else {
                    format!("{expected_count} documents you may see")
                };
                assert!(page.contains(&count), "{} viewer {who}: the count is of what they may see", app.engine);
                let matches = if expected_count == 1 {
                    "1 document you may see matches".to_owned()
                } else {
                    format!("{expected_count} documents you may see match")
                };
                assert!(searched.contains(&matches), "{} viewer {who}: the search count", app.engine);
            }
        }
    }
}

/// A case has one search index, of every audience: a document of another audience is neither
/// found nor counted, and a document filed later is found once it alone was extracted and added,
/// the index not built again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_counts_only_what_the_reader_may_see_and_adds_a_new_filing_alone() {
    for app in apps().await {
        let what = format!("{} + {} blobs", app.engine, app.blob_kind);
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        filed_case(&app, &counsel).await;
        let [mei, camille] = [token(&app, counsel.id).await, token(&app, respondent.id).await];
        let file = |bearer: String, audience: &'static str, party: &'static str, title: String| {
            let app = &app;
            async move {
                let text = format!("{title}: the turbine failed its acceptance test.");
                let filed = app
                    .multipart(
                        "/api/v1/cases/1/documents",
                        &[("authorization", &bearer)],
                        &[("meta", &meta(audience, party, &title))],
                        Some(("t.txt", "text/plain", text.as_bytes())),
                    )
                    .await;
                assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
                filed.json()["id"].as_i64().unwrap()
            }
        };
        let mut joint = Vec::new();
        for i in 1..=3 {
            joint.push(file(mei.clone(), "joint", "", format!("Joint report {i}")).await);
        }
        let mut caucus = Vec::new();
        for i in 1..=2 {
            caucus.push(file(mei.clone(), "caucus", "requesting", format!("Caucus note {i}")).await);
        }
        let extracted = app.state.search.extracted();
        let found = |bearer: String, uri: String| {
            let app = &app;
            async move {
                let page = app.get_with(&uri, &[("authorization", &bearer)]).await;
                assert_eq!(page.status, StatusCode::OK, "{}", page.text());
                let page = page.json();
                let ids: Vec<i64> =
                    page["items"].as_array().unwrap().iter().map(|d| d["id"].as_i64().unwrap()).collect();
                (ids, page["next"].as_str().map(str::to_owned))
            }
        };
        // The other side, two at a time: the three joint reports, and then no further page.
        let (first, next) = found(camille.clone(), "/api/v1/cases/1/documents?q=turbine&limit=2".into()).await;
        assert_eq!(first.len(), 2, "{what}");
        let next = next.expect("a second page");
        let (second, next) =
            found(camille.clone(), format!("/api/v1/cases/1/documents?q=turbine&limit=2&cursor={next}")).await;
        assert_eq!((second.len(), next), (1, None), "{what}: the caucus notes are not counted");
        let mut seen = [first, second].concat();
        seen.sort_unstable();
        assert_eq!(seen, joint, "{what}");
        let page = app.get_with("/cases/1/documents?q=turbine", &[("cookie", &respondent.cookie)]).await.text();
        assert!(page.contains("3 documents you may see match"), "{what}");
        assert!(!page.contains("Caucus note"), "{what}");
        // The filing side sees and counts all five.
        let page = app.get_with("/cases/1/documents?q=turbine", &[("cookie", &counsel.cookie)]).await.text();
        assert!(page.contains("5 documents you may see match"), "{what}");
        let (all, _) = found(mei.clone(), "/api/v1/cases/1/documents?q=turbine&limit=10".into()).await;
        assert_eq!(all.len(), 5, "{what}");
        assert_eq!(app.state.search.extracted() - extracted, 5, "{what}: one index for both readers, built once");

        // A new filing: it alone is extracted and added, and found by the next search.
        let late = file(camille.clone(), "joint", "", "Joint report 4".into()).await;
        let (ids, _) = found(camille.clone(), "/api/v1/cases/1/documents?q=turbine&limit=10".into()).await;
        assert_eq!(ids.len(), 4, "{what}");
        assert!(ids.contains(&late), "{what}");
        assert_eq!(app.state.search.extracted() - extracted, 6, "{what}: only the new document was extracted");
        let (ids, _) = found(mei.clone(), "/api/v1/cases/1/documents?q=report&limit=10".into()).await;
        assert_eq!(ids.len(), 4, "{what}");
        assert_eq!(app.state.search.extracted() - extracted, 6, "{what}");
    }
}

/// Reads a zip into (name, bytes) pairs.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_party_exports_what_it_may_see_with_a_signed_manifest() {
    for app in apps().await {
        let what = app.engine;
        let counsel = app.person("mei@harbourline.example", &[Role::Representative]).await;
        let respondent = app.person("camille@kestrel.example", &[Role::Representative]).await;
        filed_case(&app, &counsel).await;
        let (mei, camille) = (token(&app, counsel.id).await, token(&app, respondent.id).await);
        for (audience, party, title, bytes) in [
            ("caucus", "requesting", "Settlement range", b"walk-away 4.2".to_vec()),
            ("joint", "", "Supply agreement", b"clause 21".to_vec()),
        ] {
            let filed = app
                .multipart(
                    "/api/v1/cases/1/documents",
                    &[("authorization", &mei)],
                    &[("meta", &meta(audience, party, title))],
                    Some(("f.txt", "text/plain", &bytes)),
                )
                .await;
            assert_eq!(filed.status, StatusCode::CREATED);
        }
        let body = r#"{"audience": "joint", "body": "Shall we meet on Monday?"}"#;
        app.post_json("/api/v1/cases/1/messages", body, &[("authorization", &mei)]).await;

        let export = app.get_with("/api/v1/cases/1/export", &[("authorization", &mei)]).await;
        assert_eq!(export.status, StatusCode::OK, "{what}");
        assert_eq!(export.header("content-type"), "application/zip");
        let files = unzip(&export.bytes);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "documents/caucus-requesting-001-f.txt",
                "documents/joint-001-f.txt",
                "messages.json",
                "case.json",
                "manifest.json",
                "manifest.sig",
                "public-key.txt"
            ],
            "{what}"
        );
        let file = |name: &str| files.iter().find(|(n, _)| n == name).unwrap().1.clone();
        assert_eq!(file("documents/caucus-requesting-001-f.txt"), b"walk-away 4.2");
        assert!(String::from_utf8(file("messages.json")).unwrap().contains("Shall we meet on Monday?"));
        // Every entry's hash is in the manifest, and the manifest's signature holds.
        let manifest: serde_json::Value = serde_json::from_slice(&file("manifest.json")).unwrap();
        for item in manifest["files"].as_array().unwrap() {
            let content = file(item["path"].as_str().unwrap());
            assert_eq!(item["blake3"], blake3::hash(&content).to_hex().as_str(), "{what}");
        }
        let key: [u8; 32] =
            hex::decode(String::from_utf8(file("public-key.txt")).unwrap().trim()).unwrap().try_into().unwrap();
        let signature: [u8; 64] =
            hex::decode(String::from_utf8(file("manifest.sig")).unwrap().trim()).unwrap().try_into().unwrap();
        let key = ed25519_dalek::VerifyingKey::from_bytes(&key).unwrap();
        assert!(key.verify_strict(&file("manifest.json"), &ed25519_dalek::Signature::from_bytes(&signature)).is_ok());
        let mut tampered = file("manifest.json");
        tampered[10] ^= 1;
        assert!(key.verify_strict(&tampered, &ed25519_dalek::Signature::from_bytes(&signature)).is_err());

        // The program anyone can run agrees, with the published keys alone.
        let keys = app.store.signing_keys().await.unwrap();
        let checked = iomed_store::exports::verify_export(std::io::Cursor::new(export.bytes.to_vec()), &keys);
        assert!(checked.as_ref().is_ok_and(|c| c.case == 1 && c.key_current), "{what}: {checked:?}");

        // The other side's export holds the joint file only.
        let theirs = app.get_with("/api/v1/cases/1/export", &[("authorization", &camille)]).await;
        let files = unzip(&theirs.bytes);
        assert!(
            files.iter().all(|(n, c)| n != "documents/caucus-requesting-001-f.txt"
                && !String::from_utf8_lossy(c).contains("walk-away"))
        );
        assert!(files.iter().any(|(n, _)| n == "documents/joint-001-f.txt"), "{what}");
        let ledger = app.store.stream("case/1/access").await.unwrap();
        assert_eq!(ledger.iter().filter(|r| r.kind == "case.exported").count(), 2);
    }
}

use axum::http::StatusCode;

use crate::support::*;

const PAGES: [&str; 6] = ["/", "/members", "/members/CHN", "/members/IDN", "/api", "/nowhere"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_in_each_language() {
    for app in apps().await {
        for (lang, phrase) in [
            ("en", "Three kinds of dispute"),
            ("zh-Hans", "三类争端"),
            ("zh-Hant", "三類爭端"),
            ("fr", "Trois types de différends"),
        ] {
            let reply = app.get(&format!("/?lang={lang}")).await;
            assert_eq!(reply.status, StatusCode::OK);
            let html = reply.text();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}");
            assert!(html.contains(phrase), "{lang} on {}", app.engine);
            // The switch offers every language, marking the current one.
            for other in ["English", "简体中文", "繁體中文", "Français"] {
                assert!(html.contains(other));
            }
        }
        let en = app.get("/").await.text();
        insta::assert_snapshot!("home_en", en);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_comes_from_the_query_then_the_cookie_then_accept_language() {
    for app in apps().await {
        let reply = app.get("/members?lang=fr").await;
        assert_eq!(reply.header("content-language"), "fr");
        assert!(reply.header("set-cookie").starts_with("lang=fr;"), "{}", reply.header("set-cookie"));
        assert!(reply.header("set-cookie").contains("SameSite=Lax"));

        let reply = app.get_with("/members", &[("cookie", "other=1; lang=zh-Hant"), ("accept-language", "fr")]).await;
        assert_eq!(reply.header("content-language"), "zh-Hant");
        assert_eq!(reply.header("set-cookie"), "", "only ?lang= sets the cookie");

        let reply = app.get_with("/members?lang=zh-Hans", &[("cookie", "lang=fr")]).await;
        assert_eq!(reply.header("content-language"), "zh-Hans");

        let reply = app.get_with("/members", &[("accept-language", "de-DE, fr-CA;q=0.8, en;q=0.5")]).await;
        assert_eq!(reply.header("content-language"), "fr");

        let reply = app.get_with("/members?lang=xx", &[("accept-language", "es")]).await;
        assert_eq!(reply.header("content-language"), "en");
        assert_eq!(reply.status, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registry_lists_every_state_and_filters() {
    for app in apps().await {
        let html = app.get("/members").await.text();
        assert!(html.contains("195 States shown."), "{}", app.engine);
        assert!(html.contains("href=\"/members/CHE\""), "Switzerland is listed");
        // The UN's official short names, not CLDR's.
        assert!(html.contains(">Holy See<") && !html.contains("Vatican"));
        assert!(html.contains(">State of Palestine<"));
        assert!(
            html.contains(">Democratic People&#39;s Republic of Korea<")
                || html.contains(">Democratic People&#x27;s Republic of Korea<"),
            "{html}"
        );
        assert!(html.contains(">Viet Nam<") && html.contains(">Türkiye<") && html.contains(">Côte d"));

        let contracting = app.get("/members?status=contracting").await;
        assert_eq!(contracting.status, StatusCode::OK);
        let html = contracting.text();
        assert!(html.contains("3 States shown."), "{}", app.engine);
        assert!(html.contains("/members/PAK") && !html.contains("/members/CUB"));
        assert!(html.contains("<option value=\"contracting\" selected>"));

        let html = app.get("/members?status=signatory&group=latin_american_caribbean").await.text();
        assert!(html.contains("One State shown."), "{html}");
        assert!(html.contains("/members/CUB"));

        let html = app.get("/members?status=contracting&lang=fr").await.text();
        insta::assert_snapshot!("members_contracting_fr", html);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_filter_shows_the_form_again_with_the_reason_in_the_readers_language() {
    for app in apps().await {
        let reply = app.get("/members?status=ratified&group=african&lang=fr").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        let html = reply.text();
        assert!(html.contains("role=\"alert\""));
        assert!(html.contains("« ratified » n’est pas un statut."), "{html}");
        assert!(html.contains("<option value=\"african\" selected>"), "the valid filter is kept");
        assert!(html.contains("<form"), "the form is shown again");

        let reply = app.get("/members?group=europe").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        assert!(reply.text().contains("“europe” is not a UN regional group."));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_state_page_shows_its_record_and_its_history_from_the_ledger() {
    for app in apps().await {
        let reply = app.get("/members/chn?lang=fr").await;
        assert_eq!(reply.status, StatusCode::OK);
        let html = reply.text();
        assert!(html.contains("Chine"));
        assert!(html.contains("29 août 2025"), "in force for China, computed");
        assert!(html.contains("Signature inscrite") && html.contains("Consentement à être lié inscrit"));
        insta::assert_snapshot!("member_chn_fr", html);

        let html = app.get("/members/IDN").await.text();
        assert!(html.contains("Maritime delimitation"));
        assert!(html.contains("5 January 2026"), "withdrawal date shown");

        let html = app.get("/members/KEN").await.text();
        assert!(html.contains("Some facts on this page come from sources we could not verify"));
        assert!(html.contains("date unknown"));

        let html = app.get("/members/CHE?lang=zh-Hans").await.text();
        assert!(html.contains("暂无记录：该国尚未签署公约。"));
    }
}

/// The public reads, in its language, whether each fact is verified; the source notes (their
/// reliability, the brief's references) are the Secretariat's, on the page and in the API.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_reads_whether_a_fact_is_verified_and_only_the_secretariat_reads_the_source_notes() {
    for app in apps().await {
        let html = app.get("/members/KEN").await.text();
        assert!(html.contains("Not verified: reported in the press"), "{}", app.engine);
        assert!(!html.contains("test source"), "{}: a source note reached the public page", app.engine);
        let fr = app.get("/members/KEN?lang=fr").await.text();
        assert!(fr.contains("Non vérifié"));
        assert_eq!(app.get("/api/v1/states/KEN").await.json()["sources"], serde_json::json!([]));
        let counsel = app.person("counsel@example.org", &[iomed_domain::accounts::Role::Representative]).await;
        let theirs = app.get_with("/members/KEN", &[("cookie", &counsel.cookie)]).await.text();
        assert!(!theirs.contains("test source"), "counsel is not the Secretariat");
        let registrar = app.person("registrar@iomed.test", &[iomed_domain::accounts::Role::Registrar]).await;
        let reply = app.get_with("/members/KEN", &[("cookie", &registrar.cookie)]).await;
        assert_eq!(reply.header("cache-control"), "no-store", "no cache keeps the Secretariat's page");
        let theirs = reply.text();
        assert!(theirs.contains("Secretariat’s source note") && theirs.contains("test source"), "{}", app.engine);
        let api = app.get_with("/api/v1/states/KEN", &[("cookie", &registrar.cookie)]).await.json();
        assert_eq!(api["sources"], serde_json::json!(["test source"]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_and_states_are_404_pages() {
    for app in apps().await {
        let reply = app.get("/members/XYZ?lang=zh-Hant").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(reply.text().contains("「XYZ」不是聯合國會員國或觀察員國的代碼。"));
        let reply = app.get("/nowhere").await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        insta::assert_snapshot!("not_found_en", reply.text());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_weighs_at_most_60_kb_compressed_and_carries_the_security_headers() {
    for app in apps().await {
        for lang in ["en", "zh-Hans", "zh-Hant", "fr"] {
            for page in PAGES {
                let uri = format!("{page}?lang={lang}");
                let reply = app.get_with(&uri, &[("accept-encoding", "gzip")]).await;
                assert_eq!(reply.header("content-encoding"), "gzip", "{uri}");
                assert!(reply.bytes.len() <= 60 * 1024, "{uri} weighs {} bytes compressed", reply.bytes.len());
                let csp = reply.header("content-security-policy");
                assert!(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), "{uri}");
                assert!(!csp.contains("script-src"), "no script is allowed at all");
                assert_eq!(reply.header("x-content-type-options"), "nosniff");
                assert_eq!(reply.header("referrer-policy"), "no-referrer");
            }
        }
        let css = app.get("/static/site.css").await;
        assert!(css.header("content-type").starts_with("text/css"));
        assert!(csp_allows_fonts(&app).await);
        // Each font the stylesheet names is served, cached for a year; no other is.
        let css = css.text();
        let fonts: Vec<&str> = css.split("url(").skip(1).filter_map(|u| u.split(')').next()).collect();
        assert_eq!(fonts.len(), 6, "{fonts:?}");
        for url in fonts {
            let font = app.get(url).await;
            assert_eq!(font.status, 200, "{url}");
            assert_eq!(font.header("content-type"), "font/woff2", "{url}");
            assert!(font.header("cache-control").contains("immutable"), "{url}");
            assert!(font.bytes.starts_with(b"wOF2"), "{url}: sent as it is, not compressed again");
        }
        assert_eq!(app.get("/static/fonts/site.css").await.status, 404);
    }
}

/// The pages' policy lets them use our fonts, from this server only.
async fn csp_allows_fonts(app: &TestApp) -> bool {
    app.get("/").await.header("content-security-policy").contains("font-src 'self'")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_have_landmarks_labels_and_no_inline_script_or_style() {
    for app in apps().await {
        for page in PAGES {
            let html = app.get(page).await.text();
            for landmark in ["<header", "<main id=\"main\"", "<footer", "<nav aria-label="] {
                assert!(html.contains(landmark), "{page} lacks {landmark}");
            }
            assert!(html.contains("class=\"skip\" href=\"#main\""), "{page}: skip link");
            assert!(!html.contains("<script"), "{page}");
            assert!(!html.contains("style=\""), "{page}: inline style would break the CSP");
            assert_eq!(html.matches("<h1").count(), 1, "{page}: one h1");
        }
        let html = app.get("/members").await.text();
        for id in ["status", "group"] {
            assert!(html.contains(&format!("<label for=\"{id}\">")), "label for {id}");
        }
    }
}

/// POST/redirect/GET: an address that only takes a form, asked by GET (a language switch on the
/// page a form answered, or the address opened again), goes to the page the form is on, with
/// the query kept; never a bare 405. The API still answers 405, naming what it allows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_get_to_a_form_address_goes_to_the_page_of_the_form() {
    let app = apps().await.remove(0);
    let routes = iomed_web::routes();
    let has_get = |path: &str| routes.iter().any(|r| r.method == "GET" && r.path == path);
    let mut checked = 0;
    for route in routes.iter().filter(|r| r.method == "POST" && !has_get(r.path)) {
        let path = route
            .path
            .replace("{id}", "7")
            .replace("{user}", "1")
            .replace("{appointment}", "1")
            .replace("{challenge}", "1");
        let reply = app.get(&format!("{path}?lang=fr")).await;
        if path.starts_with("/api/") {
            assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
            assert!(reply.header("allow").contains("POST"), "{path}: {:?}", reply.header("allow"));
            continue;
        }
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{path}");
        let to = reply.header("location");
        assert!(to.ends_with("?lang=fr"), "{path} → {to}");
        let page = to.trim_end_matches("?lang=fr");
        assert!(routes.iter().any(|r| r.method == "GET" && prg_matches(r.path, page)), "{path} → {to}");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} form addresses");
    assert_eq!(app.get("/cases/7/steps?lang=fr").await.header("location"), "/cases/7?lang=fr");
    assert_eq!(app.get("/account/tokens/3/revoke").await.header("location"), "/account");
    assert_eq!(app.get("/requests").await.header("location"), "/cases");
}

fn prg_matches(pattern: &str, path: &str) -> bool {
    iomed_web::kit::prg::matches(pattern, path)
}

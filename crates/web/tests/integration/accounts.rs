use axum::http::StatusCode;
use iomed_domain::accounts::Role;

use crate::support::*;

fn form_token(html: &str) -> String {
    let start = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    html[start..start + 64].to_owned()
}

/// Signs in through the form as a browser does; returns the session cookie.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> Reply {
    let page = app.get("/sign-in").await;
    let set = page.header("set-cookie");
    let form_cookie = set.split(';').next().unwrap().to_owned();
    let token = form_token(&page.text());
    app.post(
        "/sign-in",
        &form_cookie,
        &[("csrf", &token), ("email", email), ("password", password), ("next", "/account")],
    )
    .await
}

fn session_cookie(reply: &Reply) -> String {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("iomed_session="))
        .map(|c| c.split(';').next().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_with_the_form_opens_a_secure_session() {
    for app in apps().await {
        let ana = app.person("ana@example.org", &[Role::Representative]).await;
        let reply = sign_in(&app, "Ana@Example.org", PASSWORD).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", app.engine);
        assert_eq!(reply.header("location"), "/account");
        let set = reply
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .find(|c| c.starts_with("iomed_session="))
            .unwrap();
        for attribute in ["HttpOnly", "Secure", "SameSite=Lax"] {
            assert!(set.contains(attribute), "{set}");
        }
        let account = app.get_with("/account", &[("cookie", &session_cookie(&reply))]).await;
        assert_eq!(account.status, StatusCode::OK);
        assert!(account.text().contains("ana@example.org"));
        let kinds: Vec<String> =
            app.store.stream(&format!("user/{}", ana.id.0)).await.unwrap().into_iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&"auth.signed_in".to_owned()));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_address_get_the_same_answer() {
    for app in apps().await {
        app.person("ana@example.org", &[]).await;
        let wrong = sign_in(&app, "ana@example.org", "not the password at all").await;
        let unknown = sign_in(&app, "nobody@example.org", PASSWORD).await;
        let malformed = sign_in(&app, "not-an-address", PASSWORD).await;
        for reply in [&wrong, &unknown, &malformed] {
            assert_eq!(reply.status, StatusCode::OK);
            assert!(reply.text().contains("These sign-in details are not right."));
            assert_eq!(session_cookie(reply), "");
        }
        // Someone types their password into the address field: it is not recorded.
        sign_in(&app, "my secret passphrase 42", "").await;
        let failures = app.store.stream("auth").await.unwrap();
        assert_eq!(failures.len(), 4, "{}", app.engine);
        assert!(
            failures.iter().all(|r| !r.body.contains("my secret passphrase")),
            "a typed password reached the ledger"
        );
        assert!(failures[3].body.contains("(not an e-mail address)"));
        assert!(
            failures.iter().all(|r| !r.body.contains(PASSWORD) && !r.body.contains("not the password")),
            "no password in the ledger"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_lock_the_account_until_the_secretariat_unlocks_it() {
    for app in apps().await {
        let ana = app.person("ana@example.org", &[Role::Mediator]).await;
        let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
        for _ in 0..5 {
            sign_in(&app, "ana@example.org", "a wrong password here").await;
        }
        let locked = sign_in(&app, "ana@example.org", PASSWORD).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", app.engine);
        assert!(locked.text().contains("Too many failed attempts"));
        // The Secretariat sees the lock and lifts it.
        let users = app.get_with("/admin/users", &[("cookie", &registrar.cookie)]).await;
        assert!(users.text().contains("locked for"), "{}", users.text());
        // A page at a time, by e-mail address: ana@ comes before registrar@.
        let first = app.get_with("/admin/users?limit=1", &[("cookie", &registrar.cookie)]).await.text();
        assert!(first.contains("ana@example.org") && !first.contains("registrar@") && first.contains(r#"rel="next""#));
        let next = first.split(r#"<a href=""#).find(|a| a.contains(r#"rel="next""#)).unwrap();
        let next = next.split('"').next().unwrap().replace("&#38;", "&");
        let second = app.get_with(&next, &[("cookie", &registrar.cookie)]).await.text();
        assert!(!second.contains("ana@example.org") && second.contains(r#"rel="prev""#), "{}", app.engine);
        let bad = app.get_with("/admin/users?limit=0", &[("cookie", &registrar.cookie)]).await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(bad.text().contains(r#"role="alert""#) && bad.text().contains("ana@example.org"));
        let unlock = app
            .post(&format!("/admin/users/{}/unlock", ana.id.0), &registrar.cookie, &[("csrf", &registrar.csrf)])
            .await;
        assert_eq!(unlock.status, StatusCode::SEE_OTHER);
        assert!(app.follow(&unlock, &registrar.cookie).await.text().contains("Saved."));
        let reply = sign_in(&app, "ana@example.org", PASSWORD).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_or_forged_csrf_token_gets_403_and_writes_nothing() {
    for app in apps().await {
        let ana = app.person("ana@example.org", &[]).await;
        let head = app.store.head().await.unwrap();
        for form in [vec![("name", "ci"), ("days", "30")], vec![("name", "ci"), ("days", "30"), ("csrf", "forged")]] {
            let reply = app.post("/account/tokens", &ana.cookie, &form).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", app.engine);
            assert!(reply.text().contains("This form has expired"));
        }
        assert!(app.store.tokens_of(ana.id).await.unwrap().is_empty());
        assert_eq!(app.store.head().await.unwrap(), head, "nothing written");
        let reply = app.post("/sign-in", "", &[("email", "ana@example.org"), ("password", PASSWORD)]).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_are_shown_once_work_as_bearer_and_stop_when_revoked() {
    for app in apps().await {
        let ana = app.person("ana@example.org", &[Role::Representative]).await;
        assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
        let created =
            app.post("/account/tokens", &ana.cookie, &[("csrf", &ana.csrf), ("name", "ci"), ("days", "30")]).await;
        assert_eq!(created.status, StatusCode::OK);
        let html = created.text();
        let start = html.find("<code class=\"secret\">").unwrap() + 21;
        let token = html[start..].split('<').next().unwrap().to_owned();
        assert!(token.starts_with("iomed_"));
        // Shown once: the account page does not show it again.
        assert!(!app.get_with("/account", &[("cookie", &ana.cookie)]).await.text().contains(&token));
        let bearer = format!("Bearer {token}");
        let me = app.get_with("/api/v1/me", &[("authorization", &bearer)]).await;
        assert_eq!(me.status, StatusCode::OK, "{}", app.engine);
        let me = me.json();
        assert_eq!(me["email"], "ana@example.org");
        assert_eq!(me["roles"][0], "representative");
        assert_eq!(me["authenticated_by"], "token");
        let id = app.store.tokens_of(ana.id).await.unwrap()[0].id;
        let revoke = app.post(&format!("/account/tokens/{id}/revoke"), &ana.cookie, &[("csrf", &ana.csrf)]).await;
        assert_eq!(revoke.status, StatusCode::SEE_OTHER);
        assert!(app.follow(&revoke, &ana.cookie).await.text().contains("The token was revoked."));
        let after = app.get_with("/api/v1/me", &[("authorization", &bearer)]).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert_eq!(after.json()["code"], "invalid_token");
        assert_eq!(
            app.get_with("/api/v1/states", &[("authorization", &bearer)]).await.status,
            StatusCode::UNAUTHORIZED
        );

        // Signing out everywhere revokes every token too: one taken from a stolen session stops.
        let html = app
            .post("/account/tokens", &ana.cookie, &[("csrf", &ana.csrf), ("name", "ci2"), ("days", "30")])
            .await
            .text();
        let start = html.find("<code class=\"secret\">").unwrap() + 21;
        let bearer = format!("Bearer {}", html[start..].split('<').next().unwrap());
        assert_eq!(app.get_with("/api/v1/me", &[("authorization", &bearer)]).await.status, StatusCode::OK);
        assert!(app.get_with("/account", &[("cookie", &ana.cookie)]).await.text().contains("revokes every API token"));
        app.post("/account/sessions/revoke-all", &ana.cookie, &[("csrf", &ana.csrf)]).await;
        assert_eq!(app.get_with("/api/v1/me", &[("authorization", &bearer)]).await.status, StatusCode::UNAUTHORIZED);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_made_only_in_a_session_that_passed_the_second_factor() {
    use iomed_store::accounts::{AccountChange, Stage, new_secret};
    for app in apps().await {
        let ana = app.person("ana@example.org", &[Role::Representative]).await;
        // A session opened with the password alone, as counsel without a second factor has.
        let (cookie, hash) = new_secret("s_").unwrap();
        let (csrf, _) = new_secret("").unwrap();
        let expires_at = app.store.now().checked_add(jiff::SignedDuration::from_hours(1)).unwrap();
        let change = AccountChange::StartSession {
            user: ana.id,
            token_hash: hash,
            csrf: csrf.clone(),
            expires_at,
            user_agent: "test".into(),
            stage: Stage::Full,
            second_factor: false,
        };
        app.store.account("test", change).await.unwrap();
        let cookie = format!("iomed_session={cookie}");
        let page = app.get_with("/account", &[("cookie", &cookie)]).await.text();
        assert!(page.contains("signed in with the second factor"), "{}", app.engine);
        assert!(!page.contains("action=\"/account/tokens\""), "the form is not offered");
        let refused = app.post("/account/tokens", &cookie, &[("csrf", &csrf), ("name", "ci"), ("days", "30")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.engine);
        assert!(app.store.tokens_of(ana.id).await.unwrap().is_empty(), "{}", app.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_change_under_the_policy_and_sign_out_everywhere_ends_every_session() {
    for app in apps().await {
        let ana = app.person("ana@example.org", &[]).await;
        let wrong = app
            .post(
                "/account/password",
                &ana.cookie,
                &[("csrf", &ana.csrf), ("current", "nope nope nope"), ("new", "a fresh long passphrase")],
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.text().contains("The current password is not right."));
        // Linked from the summary to the field it is about, which is marked.
        assert!(wrong.text().contains(r##"<li><a href="#current">The current password is not right.</a></li>"##));
        assert!(wrong.text().contains(r#"required aria-invalid="true" aria-describedby="current-error">"#));
        let common = app
            .post(
                "/account/password",
                &ana.cookie,
                &[("csrf", &ana.csrf), ("current", PASSWORD), ("new", "1q2w3e4r5t6y")],
            )
            .await;
        assert!(common.text().contains("list of common or breached passwords"), "{}", app.engine);
        let ok = app
            .post(
                "/account/password",
                &ana.cookie,
                &[("csrf", &ana.csrf), ("current", PASSWORD), ("new", "a fresh long passphrase")],
            )
            .await;
        assert!(app.follow(&ok, &ana.cookie).await.text().contains("Your password was changed."));
        assert_eq!(sign_in(&app, "ana@example.org", "a fresh long passphrase").await.status, StatusCode::SEE_OTHER);

        let (other, _) = app.session(ana.id).await;
        let out = app.post("/account/sessions/revoke-all", &ana.cookie, &[("csrf", &ana.csrf)]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        for cookie in [&ana.cookie, &other] {
            let page = app.get_with("/account", &[("cookie", cookie)]).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "a revoked session still works");
        }
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    Public,
    SignedIn,
    Secretariat,
    UserAdmin,
    Representative,
    TokenOnly,
    /// Those who screen requests: the Secretary-General, the Deputy, the Registrar.
    Screener,
    MediatorOnly,
    ChallengeDecider,
}

fn rule(method: &str, path: &str) -> Option<Rule> {
    use Rule::*;
    Some(match (method, path) {
        (
            "GET",
            "/"
            | "/scope"
            | "/members"
            | "/members/{code}"
            | "/api"
            | "/api/docs"
            | "/static/site.css"
            | "/static/fonts/{name}"
            | "/healthz"
            | "/readyz"
            | "/api/openapi.json"
            | "/api/v1/states"
            | "/api/v1/states/{code}"
            | "/api/v1/ledger/head"
            | "/api/v1/ledger/keys"
            | "/register"
            | "/api/v1/register"
            | "/panels"
            | "/panels/{id}"
            | "/neutrality"
            | "/neutrality.csv"
            | "/ledger"
            | "/api/v1/panels"
            | "/sign-in",
        ) => Public,
        ("POST", "/sign-in" | "/sign-out" | "/api/v1/scope/check") => Public,
        // Without a session waiting for its second factor, these send the visitor back to sign in.
        ("GET" | "POST", "/sign-in/second-factor") => Public,
        ("GET", "/account/second-factor" | "/account/second-factor/qr.svg") => SignedIn,
        ("POST", "/account/second-factor/start" | "/account/second-factor/confirm") => SignedIn,
        ("GET", "/api/v1/me" | "/account" | "/home" | "/notifications" | "/api/v1/notifications") => SignedIn,
        (
            "POST",
            "/account/notifications"
            | "/account/preferences"
            | "/account/password"
            | "/account/sessions/revoke-all"
            | "/account/sessions/{id}/revoke"
            | "/account/tokens"
            | "/account/tokens/{id}/revoke",
        ) => SignedIn,
        ("GET", "/admin/users" | "/admin/organizations") => Secretariat,
        (
            "POST",
            "/admin/organizations"
            | "/admin/organizations/{id}/members"
            | "/admin/organizations/{id}/members/{user}/remove",
        ) => UserAdmin,
        (
            "POST",
            "/admin/users/{id}/unlock" | "/admin/users/{id}/active" | "/admin/users/{id}/roles" | "/admin/users/invite",
        ) => UserAdmin,
        ("GET" | "POST", "/password-reset" | "/set-password/{token}") => Public,
        // Signed-in users see their own cases; a case not theirs answers 404 (not a refusal).
        ("GET", "/cases" | "/cases/{id}" | "/cases/{id}/receipt" | "/api/v1/cases" | "/api/v1/cases/{id}") => SignedIn,
        ("POST", "/cases/{id}/steps") => SignedIn,
        ("POST", "/cases/{id}/officer") => Screener,
        ("PUT", "/api/v1/cases/{id}/officer") => TokenOnly,
        ("GET", "/requests/new" | "/requests/{id}" | "/requests/{id}/receipt" | "/api/v1/requests/{id}") => {
            Representative
        }
        ("POST", "/requests" | "/requests/{id}" | "/requests/{id}/file") => Representative,
        ("POST", "/requests/{id}/annexes" | "/requests/{id}/annexes/{annex}/remove") => Representative,
        (
            "GET",
            "/requests/{id}/annexes/{annex}/content"
            | "/api/v1/requests/{id}/annexes"
            | "/api/v1/requests/{id}/annexes/{annex}/content",
        ) => Representative,
        ("POST", "/api/v1/requests/{id}/annexes") | ("DELETE", "/api/v1/requests/{id}/annexes/{annex}") => TokenOnly,
        // API writes refuse the session cookie (the matrix signs in by cookie): a token is needed.
        ("POST", "/api/v1/requests" | "/api/v1/requests/{id}/file" | "/api/v1/cases/{id}/steps") => TokenOnly,
        ("PUT", "/api/v1/requests/{id}") => TokenOnly,
        ("GET", "/secretariat/deadlines" | "/api/v1/deadlines") => Secretariat,
        ("GET" | "POST", "/admin/mediators") => Screener,
        ("POST", "/admin/designations" | "/admin/designations/{id}") => Screener,
        ("POST", "/cases/{id}/appointments") => Screener,
        ("GET", "/appointments" | "/api/v1/appointments") | ("POST", "/appointments/{id}") => MediatorOnly,
        (
            "GET",
            "/api/v1/cases/{id}/appointments"
            | "/api/v1/cases/{id}/agreed-candidates"
            | "/api/v1/cases/{id}/challenges",
        ) => SignedIn,
        ("POST", "/api/v1/cases/{id}/challenges") => TokenOnly,
        ("POST", "/cases/{id}/ranking") => SignedIn,
        (
            "POST",
            "/cases/{id}/appointments/{appointment}/challenges"
            | "/cases/{id}/challenges/{challenge}/responses"
            | "/cases/{id}/appointments/{appointment}/disclosures"
            | "/cases/{id}/sg-request",
        ) => SignedIn,
        ("POST", "/cases/{id}/challenges/{challenge}/decision") => ChallengeDecider,
        ("PUT", "/api/v1/cases/{id}/ranking") => TokenOnly,
        ("POST", "/api/v1/cases/{id}/appointments" | "/api/v1/appointments/{id}") => TokenOnly,
        // Documents: outside the case or the audience, 404 like a document never filed.
        (
            "GET",
            "/cases/{id}/documents"
            | "/documents/{id}/content"
            | "/api/v1/cases/{id}/documents"
            | "/api/v1/documents/{id}"
            | "/api/v1/documents/{id}/content"
            | "/cases/{id}/messages"
            | "/cases/{id}/history"
            | "/cases/{id}/mediators"
            | "/cases/{id}/export"
            | "/api/v1/cases/{id}/export"
            | "/cases/{id}/messages/{thread}"
            | "/api/v1/cases/{id}/messages",
        ) => SignedIn,
        ("POST", "/cases/{id}/messages/{thread}") => SignedIn,
        ("POST", "/api/v1/cases/{id}/messages") => TokenOnly,
        ("POST", "/cases/{id}/documents" | "/documents/{id}/share-requests" | "/share-requests/{id}") => SignedIn,
        (
            "POST",
            "/api/v1/cases/{id}/documents" | "/api/v1/documents/{id}/share-requests" | "/api/v1/share-requests/{id}",
        ) => TokenOnly,
        _ => return None,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authorization_matrix_every_route_for_every_role_and_the_anonymous() {
    let routes = iomed_web::routes();
    let missing: Vec<_> = routes.iter().filter(|r| rule(r.method, r.path).is_none()).collect();
    assert!(missing.is_empty(), "routes without an entry in the matrix: {missing:?}");

    let app = apps().await.remove(0);
    let target = app.person("target@example.org", &[]).await;
    let mut actors: Vec<(String, Option<Role>)> = vec![("anonymous".into(), None)];
    actors.extend(Role::ALL.iter().map(|r| (r.as_str().to_owned(), Some(*r))));
    let mut failures = Vec::new();
    let mut n = 0;
    for (name, role) in &actors {
        for route in &routes {
            n += 1;
            let expected = rule(route.method, route.path).unwrap();
            let allowed = match (expected, role) {
                (Rule::Public, _) => true,
                (_, None) => false,
                (Rule::SignedIn, Some(_)) => true,
                (Rule::Secretariat, Some(r)) => r.is_secretariat(),
                (Rule::UserAdmin, Some(r)) => iomed_domain::access::USER_ADMINISTRATORS.contains(r),
                (Rule::Representative, Some(r)) => *r == Role::Representative,
                (Rule::TokenOnly, Some(_)) => false,
                (Rule::Screener, Some(r)) => iomed_domain::access::SCREENERS.contains(r),
                (Rule::MediatorOnly, Some(r)) => *r == Role::Mediator,
                (Rule::ChallengeDecider, Some(r)) => matches!(r, Role::SecretaryGeneral | Role::DeputySecretaryGeneral),
            };
            // A fresh user and session for every request, so that one request cannot spoil the next.
            let (cookie, csrf) = match role {
                Some(r) => {
                    let p = app.person(&format!("{name}.{n}@example.org"), &[*r]).await;
                    (p.cookie, p.csrf)
                }
                None => ("iomed_form=".to_owned() + &"a".repeat(64), "a".repeat(64)),
            };
            // Forms shown before sign-in carry the form cookie's token, whoever posts them.
            let (cookie, csrf) = if ["/sign-in", "/password-reset", "/set-password/{token}"].contains(&route.path) {
                let session = if role.is_some() { format!("{cookie}; ") } else { String::new() };
                (format!("{session}iomed_form={}", "b".repeat(64)), "b".repeat(64))
            } else {
                (cookie, csrf)
            };
            let path = route
                .path
                .replace("{code}", "CHN")
                .replace("{id}", &target.id.0.to_string())
                .replace("{token}", "no-such-link")
                .replace("{user}", "1")
                .replace("{appointment}", "1")
                .replace("{annex}", "1")
                .replace("{challenge}", "1");
            let reply = if route.method == "GET" {
                app.get_with(&path, &[("cookie", &cookie)]).await
            } else if route.method == "PUT" {
                app.json("PUT", &path, "{}", &[("cookie", &cookie)]).await
            } else if route.method == "DELETE" {
                app.send("DELETE", &path, None, "", &[("cookie", &cookie)]).await
            } else {
                app.post(
                    &path,
                    &cookie,
                    &[("csrf", &csrf), ("email", "x@example.org"), ("password", "y"), ("name", "t"), ("days", "1")],
                )
                .await
            };
            let refused = matches!(reply.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                || reply.header("location").starts_with("/sign-in?next=");
            if refused == allowed {
                failures.push(format!(
                    "{name} {} {path}: {} (expected {})",
                    route.method,
                    reply.status,
                    if allowed { "allow" } else { "deny" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    // Every refusal was recorded.
    let refusals = app.store.stream("access").await.unwrap();
    assert!(!refusals.is_empty());
}

fn current_code(secret: &str, at: jiff::Timestamp) -> String {
    let totp = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .with_account_name("x")
        .build()
        .unwrap();
    totp.generate(at.as_second() as u64).to_string()
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap() + start.len();
    &html[from..from + html[from..].find(end).unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mediator_must_set_up_the_second_factor_and_then_give_it_at_every_sign_in() {
    for app in apps().await {
        app.person("kwame@example.org", &[Role::Mediator]).await;
        // The password alone leads to setting up the second factor, and to nothing else.
        let reply = sign_in(&app, "kwame@example.org", PASSWORD).await;
        assert_eq!(reply.header("location"), "/account/second-factor", "{}", app.engine);
        let cookie = session_cookie(&reply);
        let blocked = app.get_with("/account", &[("cookie", &cookie)]).await;
        assert_eq!(blocked.header("location"), "/account/second-factor");
        assert_eq!(
            app.get_with("/members", &[("cookie", &cookie)]).await.status,
            StatusCode::OK,
            "public pages stay open"
        );
        let api = app.get_with("/api/v1/me", &[("cookie", &cookie)]).await;
        assert_eq!(api.status, StatusCode::FORBIDDEN);
        assert_eq!(api.json()["code"], "second_factor_required");

        let page = app.get_with("/account/second-factor", &[("cookie", &cookie)]).await.text();
        let csrf = between(&page, "name=\"csrf\" value=\"", "\"").to_owned();
        app.post("/account/second-factor/start", &cookie, &[("csrf", &csrf)]).await;
        let shown = app.get_with("/account/second-factor", &[("cookie", &cookie)]).await;
        // The secret, its QR code and the recovery codes are never kept by a cache.
        assert_eq!(shown.header("cache-control"), "no-store", "{}", app.engine);
        let page = shown.text();
        let secret = between(&page, "id=\"totp-secret\">", "<").to_owned();
        let qr = app.get_with("/account/second-factor/qr.svg", &[("cookie", &cookie)]).await;
        assert_eq!(qr.header("content-type"), "image/svg+xml");
        assert_eq!(qr.header("cache-control"), "no-store");
        let wrong = app.post("/account/second-factor/confirm", &cookie, &[("csrf", &csrf), ("code", "000000")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        let now = app.store.now();
        let done = app
            .post("/account/second-factor/confirm", &cookie, &[("csrf", &csrf), ("code", &current_code(&secret, now))])
            .await;
        assert_eq!(done.header("cache-control"), "no-store");
        let html = done.text();
        assert!(html.contains("The second factor is set up."), "{html}");
        let recovery = between(&html, "<ul class=\"codes\"><li><code>", "<").to_owned();
        assert_eq!(app.get_with("/account", &[("cookie", &cookie)]).await.status, StatusCode::OK);

        // Next sign-in: password, then the code. The same code (same time step) is refused again.
        let reply = sign_in(&app, "kwame@example.org", PASSWORD).await;
        assert!(reply.header("location").starts_with("/sign-in/second-factor"));
        let cookie = session_cookie(&reply);
        let page = app.get_with("/sign-in/second-factor", &[("cookie", &cookie)]).await.text();
        let csrf = between(&page, "name=\"csrf\" value=\"", "\"").to_owned();
        let replay = app
            .post(
                "/sign-in/second-factor",
                &cookie,
                &[("csrf", &csrf), ("code", &current_code(&secret, now)), ("next", "/account")],
            )
            .await;
        assert!(replay.text().contains("These sign-in details are not right."), "replayed code accepted");
        let later = now.checked_add(jiff::SignedDuration::from_secs(30)).unwrap();
        let clock_code = current_code(&secret, later);
        // The fixed test clock has not moved, but one step of skew accepts the next code.
        let ok = app
            .post("/sign-in/second-factor", &cookie, &[("csrf", &csrf), ("code", &clock_code), ("next", "/account")])
            .await;
        assert_eq!(ok.header("location"), "/account");
        assert_eq!(app.get_with("/account", &[("cookie", &cookie)]).await.status, StatusCode::OK);

        // A recovery code works once.
        for expected in [true, false] {
            let reply = sign_in(&app, "kwame@example.org", PASSWORD).await;
            let cookie = session_cookie(&reply);
            let page = app.get_with("/sign-in/second-factor", &[("cookie", &cookie)]).await.text();
            let csrf = between(&page, "name=\"csrf\" value=\"", "\"").to_owned();
            let reply = app
                .post(
                    "/sign-in/second-factor",
                    &cookie,
                    &[("csrf", &csrf), ("recovery", &recovery.to_uppercase()), ("next", "/account")],
                )
                .await;
            assert_eq!(reply.header("location") == "/account", expected, "{}", app.engine);
        }
    }
}

fn link_in(body: &str) -> String {
    let start = body.find("https://iomed.test/set-password/").unwrap();
    body[start..].split_whitespace().next().unwrap().trim_start_matches("https://iomed.test").to_owned()
}

async fn set_password(app: &TestApp, path: &str, password: &str) -> Reply {
    let page = app.get(path).await;
    let form_cookie = page.header("set-cookie").split(';').next().unwrap().to_owned();
    let token = form_token(&page.text());
    app.post(path, &form_cookie, &[("csrf", &token), ("password", password)]).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_invites_a_mediator_who_sets_a_password_once() {
    for app in apps().await {
        let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
        let invited = app
            .post(
                "/admin/users/invite",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("email", "Kofi@Example.org"),
                    ("name", "Kofi Boateng"),
                    ("language", "fr"),
                    ("role", "mediator"),
                ],
            )
            .await;
        assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", app.engine);
        assert!(app.follow(&invited, &registrar.cookie).await.text().contains("The invitation was sent."));
        let mail = app.store.pending_mail().await.unwrap();
        assert_eq!(mail.len(), 1);
        let (_, mail) = &mail[0];
        assert_eq!(mail.to, "kofi@example.org");
        assert_eq!(mail.subject, "Votre invitation à l’IOMed");
        let path = link_in(&mail.body);
        // The ledger knows an invitation was sent, never its link.
        let token = path.rsplit('/').next().unwrap();
        let all = app.store.stream("user/2").await.unwrap();
        assert!(all.iter().all(|r| !r.body.contains(token)), "the link reached the ledger");

        let common = set_password(&app, &path, "1q2w3e4r5t6y").await;
        assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = set_password(&app, &path, "kofi's long passphrase").await;
        assert_eq!(done.header("location"), "/sign-in");
        assert!(app.follow(&done, "").await.text().contains("Your password is set."));
        let again = app.get(&path).await;
        assert_eq!(again.status, StatusCode::GONE);
        assert!(again.text().contains("The link has expired or was already used."));
        let signed = sign_in(&app, "kofi@example.org", "kofi's long passphrase").await;
        assert_eq!(signed.header("location"), "/account/second-factor", "a mediator sets up the second factor next");
    }
}

/// An invitation that cannot be sent shows the form again as typed, each error linked from a
/// summary to its field; an address already taken is the e-mail field's error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_invitation_keeps_what_was_typed_and_marks_each_field() {
    for app in apps().await {
        let what = app.engine;
        let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
        let head = app.store.head().await.unwrap();
        let bad = app
            .post(
                "/admin/users/invite",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("email", "not an address"),
                    ("name", " "),
                    ("language", "fr"),
                    ("role", "mediator"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        let page = bad.text();
        assert!(page.contains(r##"<li><a href="#invite-email">Enter an e-mail address"##), "{what}: {page}");
        assert!(page.contains(r##"<li><a href="#invite-name">Enter the person"##), "{what}");
        assert!(
            page.contains(r#"value="not an address" aria-invalid="true" aria-describedby="invite-email-error""#),
            "{what}"
        );
        assert!(page.contains(r#"<option value="fr" lang="fr" selected>"#), "{what}: the language is kept");
        assert!(page.contains(r#"value="mediator" checked"#), "{what}: the roles are kept");
        assert_eq!(app.store.head().await.unwrap(), head, "{what}: nothing written");
        // Taken: the e-mail field's error.
        let taken = app
            .post(
                "/admin/users/invite",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("email", "registrar@example.org"), ("name", "Again"), ("language", "en")],
            )
            .await;
        assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{what}");
        assert!(
            taken.text().contains(r##"<li><a href="#invite-email">"##) && taken.text().contains(r#"value="Again""#),
            "{what}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_expires_after_72_hours() {
    for app in apps().await {
        let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
        app.post(
            "/admin/users/invite",
            &registrar.cookie,
            &[("csrf", &registrar.csrf), ("email", "late@example.org"), ("name", "Late"), ("language", "en")],
        )
        .await;
        let path = link_in(&app.store.pending_mail().await.unwrap()[0].1.body);
        let later = app.store.now().checked_add(jiff::SignedDuration::from_hours(73)).unwrap();
        app.clock.set(later);
        assert_eq!(app.get(&path).await.status, StatusCode::GONE, "{}", app.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_answers_the_same_for_unknown_addresses_and_ends_every_session() {
    for app in apps().await {
        let ana = app.person("ana@example.org", &[]).await;
        let app = &app;
        let request = |email: &'static str| async move {
            let page = app.get("/password-reset").await;
            let form_cookie = page.header("set-cookie").split(';').next().unwrap().to_owned();
            let token = form_token(&page.text());
            app.post("/password-reset", &form_cookie, &[("csrf", &token), ("email", email)]).await
        };
        let unknown = request("nobody@example.org").await;
        let known = request("ana@example.org").await;
        assert_eq!(app.follow(&unknown, "").await.text().matches("If this address belongs to an account").count(), 1);
        assert_eq!((unknown.status, unknown.header("location")), (known.status, known.header("location")));
        let mail = app.store.pending_mail().await.unwrap();
        assert_eq!(mail.len(), 1, "{}", app.engine);
        assert_eq!(mail[0].1.to, "ana@example.org");
        let path = link_in(&mail[0].1.body);
        set_password(app, &path, "a brand new passphrase").await;
        assert_eq!(
            sign_in(app, "ana@example.org", PASSWORD).await.status,
            StatusCode::OK,
            "the old password still works"
        );
        assert_eq!(sign_in(app, "ana@example.org", "a brand new passphrase").await.status, StatusCode::SEE_OTHER);
        assert_eq!(
            app.get_with("/account", &[("cookie", &ana.cookie)]).await.status,
            StatusCode::SEE_OTHER,
            "old session survived"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sender_delivers_the_outbox_and_forgets_the_link() {
    let app = apps().await.remove(0);
    let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
    app.post(
        "/admin/users/invite",
        &registrar.cookie,
        &[("csrf", &registrar.csrf), ("email", "new@example.org"), ("name", "New"), ("language", "zh-Hant")],
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = iomed_web::mail::Mailer::Files(dir.path().to_owned());
    let sent = iomed_web::mail::deliver_pending(&app.store, &mailer, "IOMed <no-reply@iomed.example>").await.unwrap();
    assert_eq!(sent, 1);
    let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    let eml = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(eml.contains("To: new@example.org"));
    assert!(app.store.pending_mail().await.unwrap().is_empty());
    assert_eq!(app.store.stream("mail").await.unwrap()[0].kind, "mail.sent");
}

/// A token made directly in the store, for tests about its use (not its making).
async fn token_for(app: &TestApp, user: iomed_domain::access::UserId) -> String {
    use iomed_store::accounts::{AccountChange, new_secret};
    let (token, hash) = new_secret("iomed_").unwrap();
    let expires_at = app.store.now().checked_add(jiff::SignedDuration::from_hours(24)).unwrap();
    let change = AccountChange::CreateToken {
        user,
        name: "ci".into(),
        token_hash: hash,
        scopes: vec!["read".into(), "write".into()],
        expires_at,
    };
    app.store.account("test", change).await.unwrap();
    format!("Bearer {token}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessed_tokens_are_throttled_without_refusing_a_valid_one_and_a_token_has_a_budget_per_minute() {
    let app = apps().await.remove(0);
    let ana = app.person("ana@example.org", &[]).await;
    let bearer = token_for(&app, ana.id).await;
    for _ in 0..20 {
        let reply = app.get_with("/api/v1/states/CHN", &[("authorization", "Bearer iomed_guess")]).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let locked = app.get_with("/api/v1/states/CHN", &[("authorization", "Bearer iomed_guess")]).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(locked.json()["code"], "rate_limited");
    assert!(!locked.header("retry-after").is_empty());
    // The valid token, from the same address, is not refused for others' guesses.
    assert_eq!(app.get_with("/api/v1/me", &[("authorization", &bearer)]).await.status, StatusCode::OK);

    // Guesses aimed at one token's prefix are counted together, from any address.
    let proxied = apps().await.remove(0);
    let proxy: std::net::IpAddr = "10.0.0.1".parse().unwrap();
    let router = iomed_web::router(proxied.state.clone().with_trusted_proxies(vec![proxy]));
    let from = |client: &str| {
        let mut request = axum::http::Request::get("/api/v1/states/CHN")
            .header("authorization", "Bearer iomed_aimed_at_one_token")
            .header("x-forwarded-for", client)
            .body(axum::body::Body::empty())
            .unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(proxy, 4000)));
        request
    };
    use tower::ServiceExt;
    let mut statuses = Vec::new();
    for n in 0..21 {
        let reply = router.clone().oneshot(from(&format!("192.0.2.{n}"))).await.unwrap();
        statuses.push(reply.status());
    }
    assert!(statuses[..20].iter().all(|s| *s == StatusCode::UNAUTHORIZED), "{statuses:?}");
    assert_eq!(statuses[20], StatusCode::TOO_MANY_REQUESTS);
    let failures = proxied.store.stream("auth").await.unwrap();
    assert!(failures.iter().any(|r| r.body.contains("192.0.2.7")), "the client's address is the proxy's word");
    assert!(failures.iter().all(|r| !r.body.contains("iomed_aimed_at_one_token")), "a guessed token in the ledger");

    // A token's budget per minute.
    let mut statuses = Vec::new();
    for _ in 0..=iomed_web::TOKEN_REQUESTS_PER_MINUTE {
        statuses.push(app.get_with("/healthz", &[("authorization", &bearer)]).await.status);
    }
    // /healthz takes no credentials; the budget counts where the token is read.
    assert!(statuses.iter().all(|s| *s == StatusCode::OK));
    let mut last = StatusCode::OK;
    for _ in 0..=iomed_web::TOKEN_REQUESTS_PER_MINUTE {
        last = app.get_with("/api/v1/ledger/head", &[("authorization", &bearer)]).await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_users_language_comes_after_the_query_and_cookie_and_before_the_browser() {
    let app = apps().await.remove(0);
    let ana = app.person("ana@example.org", &[]).await;
    let fr = app
        .post(
            "/account/preferences",
            &ana.cookie,
            &[("csrf", &ana.csrf), ("language", "fr"), ("time_zone", "Africa/Nairobi")],
        )
        .await;
    assert_eq!(fr.status, StatusCode::SEE_OTHER);
    let reply = app.get_with("/members", &[("cookie", &ana.cookie), ("accept-language", "en")]).await;
    assert_eq!(reply.header("content-language"), "fr");
    let reply = app.get_with("/members?lang=zh-Hans", &[("cookie", &ana.cookie)]).await;
    assert_eq!(reply.header("content-language"), "zh-Hans");
    let bad = app
        .post(
            "/account/preferences",
            &ana.cookie,
            &[("csrf", &ana.csrf), ("language", "fr"), ("time_zone", "Mars/Olympus")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().contains("Mars/Olympus"));
    // Served over https: every response says so for the future.
    assert!(reply.header("strict-transport-security").starts_with("max-age="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registrar_records_an_organization_and_who_may_act_for_it() {
    for app in apps().await {
        let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
        let counsel = app.person("counsel@example.org", &[Role::Representative]).await;
        let missing_state = app
            .post(
                "/admin/organizations",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("name", "Ministry of Justice"), ("kind", "ministry")],
            )
            .await;
        assert_eq!(missing_state.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", app.engine);
        assert!(missing_state.text().contains("needs its State"));
        assert!(missing_state.text().contains(r##"<li><a href="#org-state">"##), "{}", app.engine);
        assert!(
            missing_state.text().contains(r#"aria-describedby="org-state-help org-state-error" aria-invalid="true""#)
        );
        let created = app
            .post(
                "/admin/organizations",
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("name", "Ministry of Justice"), ("kind", "ministry"), ("state", "KEN")],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER);
        // A second one, after it by name: the list is read a page at a time.
        let second =
            &[("csrf", registrar.csrf.as_str()), ("name", "Port Authority"), ("kind", "other"), ("state", "KEN")];
        app.post("/admin/organizations", &registrar.cookie, second).await;
        let first = app.get_with("/admin/organizations?limit=1", &[("cookie", &registrar.cookie)]).await.text();
        assert!(first.contains("Ministry of Justice") && !first.contains("Port Authority"), "{}", app.engine);
        let next = first.split(r#"<a href=""#).find(|a| a.contains(r#"rel="next""#)).unwrap();
        let next = next.split('"').next().unwrap().replace("&#38;", "&");
        let page2 = app.get_with(&next, &[("cookie", &registrar.cookie)]).await.text();
        assert!(page2.contains("Port Authority") && !page2.contains("Ministry of Justice"), "{}", app.engine);
        let reversed = app
            .post(
                "/admin/organizations/1/members",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("email", "counsel@example.org"),
                    ("document", "Power of attorney"),
                    ("granted_by", "Attorney-General"),
                    ("valid_from", "2026-03-02"),
                    ("valid_until", "2026-03-01"),
                ],
            )
            .await;
        assert!(reversed.text().contains("an end date that is not before it"));
        assert!(reversed.text().contains(r##"<li><a href="#m-until-1">"##), "{}", app.engine);
        assert!(reversed.text().contains("<details open><summary>"), "{}: the form with the error is open", app.engine);
        let added = app
            .post(
                "/admin/organizations/1/members",
                &registrar.cookie,
                &[
                    ("csrf", &registrar.csrf),
                    ("email", "counsel@example.org"),
                    ("document", "Power of attorney of 2 March 2026"),
                    ("granted_by", "Attorney-General"),
                    ("valid_from", "2026-03-02"),
                    ("valid_until", ""),
                ],
            )
            .await;
        let html = app.follow(&added, &registrar.cookie).await.text();
        assert!(html.contains("Power of attorney of 2 March 2026") && html.contains("Kenya"), "{html}");
        // Counsel cannot see or change organizations.
        assert_eq!(
            app.get_with("/admin/organizations", &[("cookie", &counsel.cookie)]).await.status,
            StatusCode::FORBIDDEN
        );
        let kinds: Vec<String> =
            app.store.stream("organization/1").await.unwrap().into_iter().map(|r| r.kind).collect();
        assert_eq!(kinds, ["organization.created", "organization.member_added"]);
        let removed = app
            .post(
                &format!("/admin/organizations/1/members/{}/remove", counsel.id.0),
                &registrar.cookie,
                &[("csrf", &registrar.csrf)],
            )
            .await;
        assert!(app.follow(&removed, &registrar.cookie).await.text().contains("No member yet."));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registrar_changes_roles_and_deactivates_an_account_which_then_stops_working() {
    for app in apps().await {
        let registrar = app.person("registrar@example.org", &[Role::Registrar]).await;
        let ana = app.person("ana@example.org", &[Role::Representative]).await;
        let roles = app
            .post(
                &format!("/admin/users/{}/roles", ana.id.0),
                &registrar.cookie,
                &[("csrf", &registrar.csrf), ("role", "representative"), ("role", "council_alternate")],
            )
            .await;
        assert_eq!(roles.status, StatusCode::SEE_OTHER, "{}", app.engine);
        let roles = app.store.user(ana.id).await.unwrap().unwrap().roles;
        assert_eq!(roles, [Role::Representative, Role::CouncilAlternate].into_iter().collect());

        // Deactivating says first whose account, what stops and that nobody is told.
        let active = format!("/admin/users/{}/active", ana.id.0);
        let check = app.post(&active, &registrar.cookie, &[("csrf", &registrar.csrf), ("active", "0")]).await;
        assert_eq!(check.status, StatusCode::OK, "{}", app.engine);
        let check = check.text();
        assert!(check.contains("Confirm: Deactivate this account") && check.contains("ana@example.org"), "{check}");
        assert!(check.contains("Their sessions end now"), "{check}");
        assert!(app.store.user(ana.id).await.unwrap().unwrap().active, "nothing was written");
        let off = app
            .post(&active, &registrar.cookie, &[("csrf", &registrar.csrf), ("active", "0"), ("confirmed", "yes")])
            .await;
        assert!(app.follow(&off, &registrar.cookie).await.text().contains("Deactivated"));
        assert_eq!(
            app.get_with("/account", &[("cookie", &ana.cookie)]).await.status,
            StatusCode::SEE_OTHER,
            "session survived"
        );
        assert_eq!(
            sign_in(&app, "ana@example.org", PASSWORD).await.status,
            StatusCode::OK,
            "a deactivated account signed in"
        );
        app.post(
            &format!("/admin/users/{}/active", ana.id.0),
            &registrar.cookie,
            &[("csrf", &registrar.csrf), ("active", "1")],
        )
        .await;
        assert_ne!(
            sign_in(&app, "ana@example.org", PASSWORD).await.status,
            StatusCode::OK,
            "reactivation did not work"
        );
        let kinds: Vec<String> =
            app.store.stream(&format!("user/{}", ana.id.0)).await.unwrap().into_iter().map(|r| r.kind).collect();
        for k in ["user.roles_set", "user.deactivated", "user.activated"] {
            assert!(kinds.iter().any(|x| x == k), "{k} not in the ledger");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_role_lands_on_its_own_home_after_signing_in() {
    for app in apps().await {
        let what = app.engine;
        for (email, roles, home) in [
            ("mei@harbourline.example", &[Role::Representative][..], "/cases"),
            ("reg@iomed.example", &[Role::Registrar][..], "/cases"),
            ("fin@iomed.example", &[Role::FinanceOfficer][..], "/cases?waiting=fee"),
            ("med@panel.example", &[Role::Mediator][..], "/appointments"),
            ("council@state.example", &[Role::CouncilRepresentative][..], "/members"),
        ] {
            let person = app.person(email, roles).await;
            let reply = app.get_with("/home", &[("cookie", &person.cookie)]).await;
            assert_eq!(
                (reply.status, reply.header("location").as_str()),
                (StatusCode::SEE_OTHER, home),
                "{what}: {email}"
            );
            let landing = app.get_with(home, &[("cookie", &person.cookie)]).await;
            assert_eq!(landing.status, StatusCode::OK, "{what}: {email} may read their home");
        }
        // Signing in without a page asked for lands on the home; a page asked for is kept.
        let form = app.get("/sign-in").await.text();
        assert!(form.contains(r#"name="next" value="/home""#), "{what}");
        assert_eq!(app.get("/home").await.status, StatusCode::SEE_OTHER, "{what}: to the sign-in");
    }
}

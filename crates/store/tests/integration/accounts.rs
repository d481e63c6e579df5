use std::collections::BTreeSet;

use iomed_domain::accounts::{DisplayName, Email, NewPassword, Role};
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, hash_password, new_secret, verify_password};

use crate::support::*;

fn create(email: &str, roles: &[Role], hash: Option<String>) -> AccountChange {
    AccountChange::CreateUser {
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Ana Lima").unwrap(),
        language: "en".into(),
        time_zone: "Asia/Hong_Kong".into(),
        roles: roles.iter().copied().collect::<BTreeSet<_>>(),
        password_hash: hash,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_sessions_and_tokens_are_ledger_events_without_secrets() {
    let email = Email::parse("ana@example.org").unwrap();
    let password = NewPassword::parse("harbour lantern quietly", &email).unwrap();
    let hash = hash_password(&password).unwrap();
    assert!(verify_password(Some(&hash), "harbour lantern quietly"));
    assert!(!verify_password(Some(&hash), "harbour lantern loudly"));
    assert!(!verify_password(None, "harbour lantern quietly"));
    for db in engines().await {
        let store = open(&db).await;
        let user =
            store.account("operator", create("Ana@Example.org", &[Role::Registrar], Some(hash.clone()))).await.unwrap();
        let id = iomed_domain::access::UserId(user.created.unwrap());
        let refused = store.account("operator", create("ana@example.org", &[], None)).await;
        assert!(matches!(refused, Err(StoreError::AccountRefused(r)) if r.code() == "email_taken"), "{}", db.engine);

        let creds = store.credentials(&email).await.unwrap().unwrap();
        assert_eq!(creds.user.roles, [Role::Registrar].into_iter().collect());
        assert!(verify_password(creds.password_hash.as_deref(), "harbour lantern quietly"));

        let (cookie, cookie_hash) = new_secret("s_").unwrap();
        let expires = store.now().checked_add(jiff::SignedDuration::from_hours(8)).unwrap();
        let session = store
            .account(
                "user:1",
                AccountChange::StartSession {
                    user: id,
                    token_hash: cookie_hash.clone(),
                    csrf: "c".into(),
                    expires_at: expires,
                    user_agent: "test".into(),
                    stage: iomed_store::accounts::Stage::Full,
                    second_factor: false,
                },
            )
            .await
            .unwrap();
        assert_eq!(store.session(&cookie_hash).await.unwrap().unwrap().user.id, id);
        store
            .account("user:1", AccountChange::EndSession { user: id, session: session.created.unwrap() })
            .await
            .unwrap();
        assert!(store.session(&cookie_hash).await.unwrap().is_none());

        let (token, token_hash) = new_secret("iomed_").unwrap();
        let t = store
            .account(
                "user:1",
                AccountChange::CreateToken {
                    user: id,
                    name: "ci".into(),
                    token_hash: token_hash.clone(),
                    scopes: vec!["read".into()],
                    expires_at: expires,
                },
            )
            .await
            .unwrap();
        assert_eq!(store.token_user(&token_hash).await.unwrap().unwrap().0.id, id);
        store.account("user:1", AccountChange::RevokeToken { user: id, token: t.created.unwrap() }).await.unwrap();
        assert!(store.token_user(&token_hash).await.unwrap().is_none());

        // The ledger holds what happened, never a password hash, cookie or token.
        let rows = store.stream(&format!("user/{}", id.0)).await.unwrap();
        let kinds: Vec<_> = rows.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["user.created", "auth.signed_in", "auth.signed_out", "token.created", "token.revoked"]);
        for row in &rows {
            for secret in [hash.as_str(), cookie.as_str(), cookie_hash.as_str(), token.as_str(), token_hash.as_str()] {
                assert!(!row.body.contains(secret), "a secret reached the ledger: {}", row.body);
            }
        }
        assert!(matches!(store.verify().await.unwrap(), iomed_store::VerifyReport::Intact { .. }));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovering_an_account_revokes_its_api_tokens_too() {
    use iomed_store::accounts::OutgoingMail;
    for db in engines().await {
        let store = open(&db).await;
        let id = iomed_domain::access::UserId(
            store.account("op", create("ana@example.org", &[Role::Registrar], None)).await.unwrap().created.unwrap(),
        );
        let token = |store: &iomed_store::Store| {
            let store = store.clone();
            async move {
                let (_, hash) = new_secret("iomed_").unwrap();
                let expires_at = store.now().checked_add(jiff::SignedDuration::from_hours(24)).unwrap();
                let change = AccountChange::CreateToken {
                    user: id,
                    name: "ci".into(),
                    token_hash: hash.clone(),
                    scopes: vec!["read".into()],
                    expires_at,
                };
                store.account("op", change).await.unwrap();
                assert!(store.token_user(&hash).await.unwrap().is_some());
                hash
            }
        };
        // Signing out everywhere, a reset of the second factor, a password reset by link.
        let hash = token(&store).await;
        store.account("op", AccountChange::EndAllSessions { user: id }).await.unwrap();
        assert!(store.token_user(&hash).await.unwrap().is_none(), "{}: sign out everywhere", db.engine);
        let hash = token(&store).await;
        store.account("op", AccountChange::ResetSecondFactor { user: id }).await.unwrap();
        assert!(store.token_user(&hash).await.unwrap().is_none(), "{}: reset-mfa", db.engine);
        let hash = token(&store).await;
        let (_, link) = new_secret("").unwrap();
        let expires_at = store.now().checked_add(jiff::SignedDuration::from_hours(1)).unwrap();
        let mail = OutgoingMail { to: "ana@example.org".into(), subject: "s".into(), body: "b".into(), notice: None };
        store
            .account("op", AccountChange::RequestReset { user: id, link_hash: link.clone(), expires_at, mail })
            .await
            .unwrap();
        store.account("op", AccountChange::UseLink { link_hash: link, password_hash: "x".into() }).await.unwrap();
        assert!(store.token_user(&hash).await.unwrap().is_none(), "{}: password reset", db.engine);
    }
}

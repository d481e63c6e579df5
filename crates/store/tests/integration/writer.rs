//! The single writer: a refused or failed request writes nothing and leaves the rest of its batch
//! committed; a panic is answered, counted and, repeated, stops the writer for good.

use std::collections::BTreeSet;

use iomed_domain::accounts::{DisplayName, Email, Role};
use iomed_store::accounts::{AccountChange, Stage, new_secret};
use iomed_store::{StoreError, TestWork, VerifyReport};

use crate::support::*;

fn user(email: &str) -> AccountChange {
    AccountChange::CreateUser {
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Ana Lima").unwrap(),
        language: "en".into(),
        time_zone: "Asia/Hong_Kong".into(),
        roles: BTreeSet::from([Role::Registrar]),
        password_hash: None,
    }
}

fn session(user: iomed_domain::access::UserId, stage: Stage) -> AccountChange {
    let (_, hash) = new_secret("s_").unwrap();
    AccountChange::StartSession {
        user,
        token_hash: hash,
        csrf: "c".into(),
        expires_at: "2026-11-23T08:00:00Z".parse().unwrap(),
        user_agent: "test".into(),
        stage,
        second_factor: false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_second_factor_leaves_the_database_as_it_was() {
    for db in engines().await {
        let store = open(&db).await;
        let id =
            iomed_domain::access::UserId(store.account("op", user("ana@example.org")).await.unwrap().created.unwrap());
        let enrolling = store.account("op", session(id, Stage::Enroll)).await.unwrap().created.unwrap();
        store.account("op", AccountChange::BeginTotp { user: id, secret: "JBSWY3DPEHPK3PXP".into() }).await.unwrap();
        store
            .account(
                "op",
                AccountChange::ConfirmTotp { user: id, session: enrolling, step: 100, recovery_code_hashes: vec![] },
            )
            .await
            .unwrap();
        // A sign-in waits for its second factor, and the session is then revoked.
        let waiting = store.account("op", session(id, Stage::SecondFactor)).await.unwrap().created.unwrap();
        store.account("op", AccountChange::EndSession { user: id, session: waiting }).await.unwrap();

        let before = store.dump_for_test().await.unwrap();
        // The code is right (a later time step) but the session is gone: refused.
        let refused = store
            .account(
                "op",
                AccountChange::PassSecondFactor {
                    user: id,
                    session: waiting,
                    step: Some(200),
                    recovery_code_hash: None,
                },
            )
            .await;
        assert!(matches!(refused, Err(StoreError::AccountRefused(_))), "{}: {refused:?}", db.engine);
        assert_eq!(store.dump_for_test().await.unwrap(), before, "{}: a refusal wrote something", db.engine);

        // The time step was not consumed: the same code still signs in another session.
        let next = store.account("op", session(id, Stage::SecondFactor)).await.unwrap().created.unwrap();
        store
            .account(
                "op",
                AccountChange::PassSecondFactor { user: id, session: next, step: Some(200), recovery_code_hash: None },
            )
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_fails_in_the_middle_of_a_batch_leaves_the_others_committed() {
    for db in engines().await {
        let store = open(&db).await;
        let record = |stream: &str| TestWork::Record { stream: stream.into(), kind: "test.event" };
        let taken = TestWork::Account(Box::new(user("ana@example.org")));
        store.account("op", user("ana@example.org")).await.unwrap();
        let head = store.head().await.unwrap().seq;

        let outcomes =
            store.batch_for_test(vec![record("a"), TestWork::Fail, record("b"), taken, record("c")]).await.unwrap();
        assert!(outcomes[0].is_ok(), "{}", db.engine);
        assert!(matches!(outcomes[1], Err(StoreError::Database(_))), "{}: {:?}", db.engine, outcomes[1]);
        assert!(outcomes[2].is_ok(), "{}", db.engine);
        assert!(matches!(&outcomes[3], Err(StoreError::AccountRefused(r)) if r.code() == "email_taken"));
        assert!(outcomes[4].is_ok(), "{}", db.engine);

        // Three entries, chained without a gap, and the chain verifies.
        assert_eq!(store.head().await.unwrap().seq, head + 3, "{}", db.engine);
        let mut found = Vec::new();
        for stream in ["a", "b", "c"] {
            found.extend(store.stream(stream).await.unwrap().into_iter().map(|r| r.seq));
        }
        assert_eq!(found, (head + 1..=head + 3).collect::<Vec<_>>(), "{}", db.engine);
        assert!(matches!(store.verify().await.unwrap(), VerifyReport::Intact { .. }), "{}", db.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_is_answered_and_counted_and_three_within_a_minute_stop_the_writer() {
    for db in engines().await {
        let store = open(&db).await;
        let record = || TestWork::Record { stream: "s".into(), kind: "test.event" };
        assert!(matches!(store.submit_for_test(TestWork::Panic).await, Err(StoreError::WriterPanicked)));
        let status = store.writer_status();
        assert!(status.running, "{}", db.engine);
        assert_eq!(status.panics, 1);
        assert!(status.last_panic.is_some_and(|(_, what)| what.contains("asked for by a test")));
        // The writer took the next batch.
        store.submit_for_test(record()).await.unwrap();
        store.probe_writer(std::time::Duration::from_secs(5)).await.unwrap();

        for _ in 0..2 {
            assert!(matches!(store.submit_for_test(TestWork::Panic).await, Err(StoreError::WriterPanicked)));
        }
        tokio::time::timeout(std::time::Duration::from_secs(5), store.writer_stopped()).await.unwrap();
        assert!(!store.writer_status().running, "{}", db.engine);
        assert!(matches!(store.submit_for_test(record()).await, Err(StoreError::WriterGone)));
        assert!(store.probe_writer(std::time::Duration::from_secs(1)).await.is_err());
    }
}

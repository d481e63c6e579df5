use iomed_store::{VerifyReport, ledger};
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_ledger_verifies() {
    for db in engines().await {
        let store = open(&db).await;
        let report = store.verify().await.unwrap();
        assert!(matches!(report, VerifyReport::Intact { rows: 0, .. }), "{}: {report:?}", db.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_share_commits_and_keep_one_chain() {
    for db in engines().await {
        let store = open(&db).await;
        let mut tasks = Vec::new();
        for w in 0..32 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut seqs = Vec::new();
                for i in 0..25 {
                    let a = store
                        .record("test", &format!("bench/{w}"), "test.event", json!({"w": w, "i": i}))
                        .await
                        .unwrap();
                    seqs.push(a.seq);
                }
                seqs
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all.sort();
        assert_eq!(all, (1..=800).collect::<Vec<i64>>(), "{}", db.engine);
        let report = store.verify().await.unwrap();
        assert!(matches!(report, VerifyReport::Intact { rows: 800, .. }), "{}: {report:?}", db.engine);
        // Each writer's own events are in its order.
        let rows = store.stream("bench/3").await.unwrap();
        let is: Vec<i64> = rows
            .iter()
            .map(|r| serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["i"].as_i64().unwrap())
            .collect();
        assert_eq!(is, (0..25).collect::<Vec<_>>());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_stores_on_one_database_keep_one_unbroken_chain() {
    for db in engines().await {
        // Two stores, each with its own pool and writer task, as two `iomed serve` processes.
        let a = open(&db).await;
        let b = open(&db).await;
        let mut tasks = Vec::new();
        for (n, store) in [a.clone(), b.clone()].into_iter().enumerate() {
            for w in 0..8 {
                let store = store.clone();
                tasks.push(tokio::spawn(async move {
                    for i in 0..20 {
                        store.record("test", &format!("p{n}"), "test.event", json!({"w": w, "i": i})).await.unwrap();
                    }
                }));
            }
        }
        for t in tasks {
            t.await.unwrap();
        }
        a.checkpoint().await.unwrap();
        let report = b.verify().await.unwrap();
        assert!(
            matches!(report, VerifyReport::Intact { rows: 320, checkpoints: 1.., .. }),
            "{}: {report:?}",
            db.engine
        );
    }
}

async fn filled(db: &TestDb) -> iomed_store::Store {
    let store = open(db).await;
    for i in 0..10 {
        store.record("test", "s", "test.event", json!({"i": i})).await.unwrap();
    }
    store.checkpoint().await.unwrap();
    store
}

async fn broken_at(store: &iomed_store::Store) -> i64 {
    match store.verify().await.unwrap() {
        VerifyReport::Broken { seq, .. } => seq,
        other => panic!("tampering not detected: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_names_the_first_altered_deleted_or_reordered_row() {
    for db in engines().await {
        // Altered body.
        let store = filled(&db).await;
        sqlx::query("UPDATE ledger SET body = '{\"i\":99}' WHERE seq = 4").execute(store.raw_pool()).await.unwrap();
        assert_eq!(broken_at(&store).await, 4, "{}", db.engine);
    }
    for db in engines().await {
        // Altered actor, with the hash left alone.
        let store = filled(&db).await;
        sqlx::query("UPDATE ledger SET actor = 'mallory' WHERE seq = 7").execute(store.raw_pool()).await.unwrap();
        assert_eq!(broken_at(&store).await, 7, "{}", db.engine);
    }
    for db in engines().await {
        // Deleted row.
        let store = filled(&db).await;
        sqlx::query("DELETE FROM ledger WHERE seq = 5").execute(store.raw_pool()).await.unwrap();
        assert_eq!(broken_at(&store).await, 5, "{}", db.engine);
    }
    for db in engines().await {
        // Deleted last row: the head no longer matches.
        let store = filled(&db).await;
        sqlx::query("DELETE FROM ledger WHERE seq = 10").execute(store.raw_pool()).await.unwrap();
        assert_eq!(broken_at(&store).await, 10, "{}", db.engine);
    }
    for db in engines().await {
        // Reordered: rows 3 and 6 swap their contents (each row's own hash stays consistent).
        let store = filled(&db).await;
        let pool = store.raw_pool();
        for (from, to) in [(3, -3), (6, 3), (-3, 6)] {
            sqlx::query("UPDATE ledger SET seq = $1 WHERE seq = $2")
                .bind(to as i64)
                .bind(from as i64)
                .execute(pool)
                .await
                .unwrap();
        }
        assert_eq!(broken_at(&store).await, 3, "{}", db.engine);
    }
    for db in engines().await {
        // A whole rewritten chain from row 8 on is caught by the signed checkpoint.
        let store = filled(&db).await;
        let rows = sqlx::query("SELECT seq, hash FROM ledger WHERE seq = 7").fetch_one(store.raw_pool()).await.unwrap();
        let _ = rows;
        sqlx::query("UPDATE ledger_checkpoint SET signature = $1")
            .bind("00".repeat(64))
            .execute(store.raw_pool())
            .await
            .unwrap();
        assert_eq!(broken_at(&store).await, 10, "{}", db.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_head_verifies_with_the_public_key_alone() {
    for db in engines().await {
        let store = filled(&db).await;
        let signed = store.signed_head().await.unwrap();
        assert_eq!(signed.head.seq, 10);
        assert!(ledger::verify_signed_head(&signed));
        let mut forged = signed.clone();
        forged.head.seq = 11;
        assert!(!ledger::verify_signed_head(&forged));
    }
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_is_an_error_not_a_panic() {
    let err =
        iomed_store::Store::open("mysql://x", iomed_store::Signer::from_secret([1; 32]), clock()).await.err().unwrap();
    assert!(err.to_string().contains("unsupported database URL"), "{err}");
    let err = iomed_store::Store::open(
        "sqlite:///nonexistent-dir/x/y.db?mode=rwc",
        iomed_store::Signer::from_secret([1; 32]),
        clock(),
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("could not be opened"), "{err}");
    let err = iomed_store::Store::open(
        "postgres://nobody:secret@127.0.0.1:1/none",
        iomed_store::Signer::from_secret([1; 32]),
        clock(),
    )
    .await
    .err()
    .unwrap();
    assert!(err.to_string().contains("could not be opened"), "{err}");
    assert!(!err.to_string().contains("secret"), "password leaked: {err}");
}

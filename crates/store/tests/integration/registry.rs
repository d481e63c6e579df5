use iomed_domain::registry::{Command, Instrument, Status, Subject};
use iomed_domain::rules::RulesProfile;
use iomed_store::StoreError;
use jiff::civil::date;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registry_commands_update_the_projection_and_the_ledger_together() {
    for db in engines().await {
        let store = open(&db).await;
        let sign = |s: &str| Command::Sign { state: code(s), on: Some(date(2025, 5, 30)), evidence: evidence() };
        for s in ["CHN", "PAK", "SRB"] {
            store.registry_command("operator", sign(s)).await.unwrap();
        }
        let ratify = |s: &str, d| Command::ConsentToBeBound {
            state: code(s),
            instrument: Instrument::Ratification,
            on: Some(d),
            before_entry_into_force: false,
            evidence: evidence(),
        };
        store.registry_command("operator", ratify("CHN", date(2025, 7, 1))).await.unwrap();
        store.registry_command("operator", ratify("PAK", date(2025, 7, 10))).await.unwrap();
        store.registry_command("operator", ratify("SRB", date(2025, 7, 30))).await.unwrap();
        store
            .registry_command(
                "operator",
                Command::Declare {
                    state: code("CHN"),
                    subjects: vec![Subject::TerritorialSovereignty],
                    text: None,
                    on: date(2025, 8, 1),
                    evidence: evidence(),
                },
            )
            .await
            .unwrap();

        let registry = store.registry().await.unwrap();
        let rules = RulesProfile::initial();
        let view = registry.view(code("CHN").un().unwrap(), date(2026, 11, 22), &rules);
        assert_eq!(view.status, Status::Contracting, "{}", db.engine);
        assert_eq!(view.in_force_on, Some(date(2025, 8, 29)));
        assert_eq!(view.record.declarations.len(), 1);

        let history = store.stream("state/CHN").await.unwrap();
        let kinds: Vec<_> = history.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["registry.signed", "registry.consented_to_be_bound", "registry.declaration_made"]);
        assert!(history.iter().all(|r| r.actor == "operator"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_command_writes_nothing() {
    for db in engines().await {
        let store = open(&db).await;
        let before = store.head().await.unwrap();
        let refused = store
            .registry_command(
                "operator",
                Command::ConsentToBeBound {
                    state: code("KEN"),
                    instrument: Instrument::Ratification,
                    on: Some(date(2025, 9, 1)),
                    before_entry_into_force: false,
                    evidence: evidence(),
                },
            )
            .await;
        match refused {
            Err(StoreError::Refused(r)) => assert_eq!(r.code(), "not_signed"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(store.head().await.unwrap(), before, "{}", db.engine);
        assert!(store.registry().await.unwrap().record(code("KEN")).is_none());
        assert_eq!(store.count_rows().await.unwrap(), 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refusal_in_a_batch_does_not_disturb_its_neighbours() {
    for db in engines().await {
        let store = open(&db).await;
        let mut tasks = Vec::new();
        for i in 0..20 {
            let store = store.clone();
            // Every State signs twice at once: exactly one of each pair is accepted.
            let s = ["GHA", "KEN", "LAO", "CUB", "DJI"][i % 5];
            tasks.push(tokio::spawn(async move {
                store
                    .registry_command("operator", Command::Sign { state: code(s), on: None, evidence: evidence() })
                    .await
            }));
        }
        let mut accepted = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => accepted += 1,
                Err(StoreError::Refused(r)) => assert_eq!(r.code(), "already_signed"),
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(accepted, 5, "{}", db.engine);
        assert!(matches!(store.verify().await.unwrap(), iomed_store::VerifyReport::Intact { rows: 5, .. }));
    }
}

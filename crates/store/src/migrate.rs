//! Schema migrations for both engines, applied in order at start, each in its own transaction.

use sqlx::{AnyPool, Executor, Row};

use crate::{Engine, StoreError};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "ledger_and_registry",
        sqlite: include_str!("../migrations/sqlite/0001_ledger_and_registry.sql"),
        postgres: include_str!("../migrations/postgres/0001_ledger_and_registry.sql"),
    },
    Migration {
        version: 2,
        name: "accounts",
        sqlite: include_str!("../migrations/sqlite/0002_accounts.sql"),
        postgres: include_str!("../migrations/postgres/0002_accounts.sql"),
    },
    Migration {
        version: 3,
        name: "second_factor",
        sqlite: include_str!("../migrations/sqlite/0003_second_factor.sql"),
        postgres: include_str!("../migrations/postgres/0003_second_factor.sql"),
    },
    Migration {
        version: 4,
        name: "links_and_outbox",
        sqlite: include_str!("../migrations/sqlite/0004_links_and_outbox.sql"),
        postgres: include_str!("../migrations/postgres/0004_links_and_outbox.sql"),
    },
    Migration {
        version: 5,
        name: "organizations",
        sqlite: include_str!("../migrations/sqlite/0005_organizations.sql"),
        postgres: include_str!("../migrations/postgres/0005_organizations.sql"),
    },
    Migration {
        version: 6,
        name: "cases",
        sqlite: include_str!("../migrations/sqlite/0006_cases.sql"),
        postgres: include_str!("../migrations/postgres/0006_cases.sql"),
    },
    Migration {
        version: 7,
        name: "documents",
        sqlite: include_str!("../migrations/sqlite/0007_documents.sql"),
        postgres: include_str!("../migrations/postgres/0007_documents.sql"),
    },
    Migration {
        version: 8,
        name: "share_requests",
        sqlite: include_str!("../migrations/sqlite/0008_share_requests.sql"),
        postgres: include_str!("../migrations/postgres/0008_share_requests.sql"),
    },
    Migration {
        version: 9,
        name: "messages",
        sqlite: include_str!("../migrations/sqlite/0009_messages.sql"),
        postgres: include_str!("../migrations/postgres/0009_messages.sql"),
    },
    Migration {
        version: 10,
        name: "publication",
        sqlite: include_str!("../migrations/sqlite/0010_publication.sql"),
        postgres: include_str!("../migrations/postgres/0010_publication.sql"),
    },
    Migration {
        version: 11,
        name: "mediators",
        sqlite: include_str!("../migrations/sqlite/0011_mediators.sql"),
        postgres: include_str!("../migrations/postgres/0011_mediators.sql"),
    },
    Migration {
        version: 12,
        name: "designations",
        sqlite: include_str!("../migrations/sqlite/0012_designations.sql"),
        postgres: include_str!("../migrations/postgres/0012_designations.sql"),
    },
    Migration {
        version: 13,
        name: "rankings",
        sqlite: include_str!("../migrations/sqlite/0013_rankings.sql"),
        postgres: include_str!("../migrations/postgres/0013_rankings.sql"),
    },
    Migration {
        version: 14,
        name: "challenges",
        sqlite: include_str!("../migrations/sqlite/0014_challenges.sql"),
        postgres: include_str!("../migrations/postgres/0014_challenges.sql"),
    },
    Migration {
        version: 15,
        name: "disclosures_and_sg_requests",
        sqlite: include_str!("../migrations/sqlite/0015_disclosures_and_sg_requests.sql"),
        postgres: include_str!("../migrations/postgres/0015_disclosures_and_sg_requests.sql"),
    },
    Migration {
        version: 16,
        name: "session_second_factor",
        sqlite: include_str!("../migrations/sqlite/0016_session_second_factor.sql"),
        postgres: include_str!("../migrations/postgres/0016_session_second_factor.sql"),
    },
    Migration {
        version: 17,
        name: "opaque_ids",
        sqlite: include_str!("../migrations/sqlite/0017_opaque_ids.sql"),
        postgres: include_str!("../migrations/postgres/0017_opaque_ids.sql"),
    },
    Migration {
        version: 18,
        name: "lists",
        sqlite: include_str!("../migrations/sqlite/0018_lists.sql"),
        postgres: include_str!("../migrations/postgres/0018_lists.sql"),
    },
    Migration {
        version: 19,
        name: "participant_order",
        sqlite: include_str!("../migrations/sqlite/0019_participant_order.sql"),
        postgres: include_str!("../migrations/postgres/0019_participant_order.sql"),
    },
    Migration {
        version: 20,
        name: "document_numbers",
        sqlite: include_str!("../migrations/sqlite/0020_document_numbers.sql"),
        postgres: include_str!("../migrations/postgres/0020_document_numbers.sql"),
    },
    Migration {
        version: 21,
        name: "notifications",
        sqlite: include_str!("../migrations/sqlite/0021_notifications.sql"),
        postgres: include_str!("../migrations/postgres/0021_notifications.sql"),
    },
    Migration {
        version: 22,
        name: "case_officers",
        sqlite: include_str!("../migrations/sqlite/0022_case_officers.sql"),
        postgres: include_str!("../migrations/postgres/0022_case_officers.sql"),
    },
    Migration {
        version: 23,
        name: "digests",
        sqlite: include_str!("../migrations/sqlite/0023_digests.sql"),
        postgres: include_str!("../migrations/postgres/0023_digests.sql"),
    },
    Migration {
        version: 24,
        name: "digest_cutoff",
        sqlite: include_str!("../migrations/sqlite/0024_digest_cutoff.sql"),
        postgres: include_str!("../migrations/postgres/0024_digest_cutoff.sql"),
    },
    Migration {
        version: 25,
        name: "annexes",
        sqlite: include_str!("../migrations/sqlite/0025_annexes.sql"),
        postgres: include_str!("../migrations/postgres/0025_annexes.sql"),
    },
];

/// Applies every migration the database does not have yet. Several processes may start at once
/// on PostgreSQL: an advisory lock makes them take turns.
pub(crate) async fn run(pool: &AnyPool, engine: Engine) -> Result<(), StoreError> {
    let known = MIGRATIONS.last().map_or(0, |m| m.version);
    let mut tx = pool.begin().await?;
    if engine == Engine::Postgres {
        tx.execute("SELECT pg_advisory_xact_lock(7277277)").await?;
    }
    tx.execute("CREATE TABLE IF NOT EXISTS iomed_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)").await?;
    let row = sqlx::query("SELECT COALESCE(MAX(version), 0) AS v FROM iomed_migrations").fetch_one(&mut *tx).await?;
    let current: i64 = row.try_get("v")?;
    if current > known {
        return Err(StoreError::SchemaTooNew { found: current, known });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > current) {
        let sql = match engine {
            Engine::Sqlite => m.sqlite,
            Engine::Postgres => m.postgres,
        };
        for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
            tx.execute(statement).await.map_err(|source| StoreError::Migration {
                version: m.version,
                name: m.name,
                source,
            })?;
        }
        sqlx::query("INSERT INTO iomed_migrations (version, name) VALUES ($1, $2)")
            .bind(m.version)
            .bind(m.name)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn every_migration_file_is_listed_once_in_order() {
        for engine in ["sqlite", "postgres"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(engine);
            let files = std::fs::read_dir(&dir)
                .unwrap()
                .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "sql"))
                .count();
            assert_eq!(files, MIGRATIONS.len(), "{engine}: a migration file is not listed in MIGRATIONS");
        }
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1);
        }
    }
}

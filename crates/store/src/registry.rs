//! The registry's projection: one row per State with a record, and the Convention's recorded
//! entry into force. Written only by the writer, in the ledger's transaction.

use std::str::FromStr;

use iomed_domain::registry::{Event, Evidence, Registry, StateCode, StateRecord};
use jiff::civil::Date;
use sqlx::{Any, Executor, Row, Transaction};

use crate::StoreError;

async fn load_states<'e, E>(executor: E) -> Result<Vec<(StateCode, StateRecord)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let rows = sqlx::query("SELECT code, record FROM registry_state").fetch_all(executor).await?;
    let mut states = Vec::with_capacity(rows.len());
    for row in rows {
        let code: String = row.try_get("code")?;
        let record: String = row.try_get("record")?;
        let code = StateCode::parse(&code).map_err(StoreError::corrupt)?;
        let record: StateRecord = serde_json::from_str(&record).map_err(StoreError::corrupt)?;
        states.push((code, record));
    }
    Ok(states)
}

async fn load_convention<'e, E>(executor: E) -> Result<Option<(Date, Evidence)>, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let row = sqlx::query("SELECT entry_into_force, evidence FROM registry_convention WHERE id = 1")
        .fetch_optional(executor)
        .await?;
    match row {
        None => Ok(None),
        Some(row) => {
            let date: String = row.try_get("entry_into_force")?;
            let evidence: String = row.try_get("evidence")?;
            Ok(Some((
                Date::from_str(&date).map_err(StoreError::corrupt)?,
                serde_json::from_str(&evidence).map_err(StoreError::corrupt)?,
            )))
        }
    }
}

pub(crate) async fn load(tx: &mut Transaction<'_, Any>) -> Result<Registry, StoreError> {
    let states = load_states(&mut **tx).await?;
    let convention = load_convention(&mut **tx).await?;
    Ok(Registry::from_parts(states, convention))
}

/// Writes the projection rows an event changed.
pub(crate) async fn project(
    tx: &mut Transaction<'_, Any>,
    registry: &Registry,
    event: &Event,
    seq: i64,
) -> Result<(), StoreError> {
    match event {
        Event::EntryIntoForceRecorded { on, evidence } => {
            sqlx::query(
                "INSERT INTO registry_convention (id, entry_into_force, evidence, seq) VALUES (1, $1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET entry_into_force = excluded.entry_into_force, \
                 evidence = excluded.evidence, seq = excluded.seq",
            )
            .bind(on.to_string())
            .bind(serde_json::to_string(evidence).map_err(StoreError::corrupt)?)
            .bind(seq)
            .execute(&mut **tx)
            .await?;
        }
        _ => {
            let Some(code) = event.state() else { return Ok(()) };
            let record = registry.record(code).cloned().unwrap_or_default();
            sqlx::query(
                "INSERT INTO registry_state (code, record, seq) VALUES ($1, $2, $3) \
                 ON CONFLICT (code) DO UPDATE SET record = excluded.record, seq = excluded.seq",
            )
            .bind(code.as_str())
            .bind(serde_json::to_string(&record).map_err(StoreError::corrupt)?)
            .bind(seq)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

impl crate::Store {
    /// The registry as recorded now.
    pub async fn registry(&self) -> Result<Registry, StoreError> {
        let states = load_states(&self.pool).await?;
        let convention = load_convention(&self.pool).await?;
        Ok(Registry::from_parts(states, convention))
    }
}

//! Designations of mediators to the panels by Contracting States: made, renewed, withdrawn.

use iomed_domain::access::UserId;
use iomed_domain::mediators::{DesignationRefusal, Panel, designation_ends, may_designate};
use iomed_domain::registry::{StateCode, Status};
use iomed_domain::rules::RulesProfile;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, Entry, MediatorRefusal, has_role, profile_in};
use crate::StoreError;

pub(super) async fn designate(
    tx: &mut Transaction<'_, Any>,
    state: StateCode,
    panel: Panel,
    mediator: UserId,
    on: Date,
) -> Applied {
    let rules = RulesProfile::in_force_on(on);
    let registry = crate::registry::load(tx).await?;
    let contracting = state.un().is_some_and(|un| registry.view(un, on, &rules).status == Status::Contracting);
    let has_profile = has_role(tx, mediator).await? && profile_in(tx, mediator).await?.is_some();
    let active: Vec<i64> = sqlx::query(
        "SELECT mediator FROM designations WHERE state = $1 AND panel = $2 AND withdrawn_on IS NULL \
         AND ends_on > $3",
    )
    .bind(state.to_string())
    .bind(panel.as_str())
    .bind(on.to_string())
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|r| r.try_get("mediator"))
    .collect::<Result<_, _>>()?;
    if let Err(refusal) = may_designate(contracting, has_profile, &active, mediator.0, &rules) {
        return Ok(Err(refusal.into()));
    }
    let ends = designation_ends(on, &rules).ok_or_else(|| StoreError::corrupt("designation end"))?;
    let id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM designations")
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    sqlx::query(
        "INSERT INTO designations (id, state, panel, mediator, designated_on, ends_on) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(state.to_string())
    .bind(panel.as_str())
    .bind(mediator.0)
    .bind(on.to_string())
    .bind(ends.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(Ok(vec![Entry {
        stream: "panels".into(),
        kind: "panel.designated",
        body: json!({"designation": id, "state": state, "panel": panel, "mediator": mediator.0,
            "on": on.to_string(), "ends_on": ends.to_string()}),
    }]))
}

/// The designation runs for another term from `on` (`renew`), or the State withdraws it.
pub(super) async fn renew_or_withdraw(
    tx: &mut Transaction<'_, Any>,
    designation: i64,
    on: Date,
    renew: bool,
) -> Applied {
    let row = sqlx::query("SELECT withdrawn_on, ends_on FROM designations WHERE id = $1")
        .bind(designation)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(Err(MediatorRefusal::NoSuchDesignation)) };
    let ends_on: String = row.try_get("ends_on")?;
    if row.try_get::<Option<String>, _>("withdrawn_on")?.is_some() || ends_on <= on.to_string() {
        return Ok(Err(DesignationRefusal::Ended.into()));
    }
    let (kind, sql, value) = if renew {
        let rules = RulesProfile::in_force_on(on);
        let ends = designation_ends(on, &rules).ok_or_else(|| StoreError::corrupt("designation end"))?;
        ("panel.renewed", "UPDATE designations SET ends_on = $1 WHERE id = $2", ends.to_string())
    } else {
        ("panel.withdrawn", "UPDATE designations SET withdrawn_on = $1 WHERE id = $2", on.to_string())
    };
    sqlx::query(sql).bind(value.as_str()).bind(designation).execute(&mut **tx).await?;
    Ok(Ok(vec![Entry {
        stream: "panels".into(),
        kind,
        body: json!({"designation": designation, "on": on.to_string(), "value": value}),
    }]))
}

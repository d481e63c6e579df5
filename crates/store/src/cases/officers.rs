//! Each case's officer: the member of the Secretariat who follows it. The domain says who may be
//! one (`may_be_officer`); the store reads the person's roles in the assignment's transaction and
//! records the `case.officer_assigned` event with the projection.

use std::collections::BTreeSet;

use iomed_domain::access::UserId;
use iomed_domain::accounts::Role;
use iomed_domain::case::{CASE_OFFICERS, Waiting, may_be_officer};
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, CaseRefusal, Entry, case_stream};
use crate::StoreError;

pub(super) async fn assign(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    case: i64,
    officer: Option<UserId>,
    mail: Option<&crate::accounts::OutgoingMail>,
) -> Applied {
    let Some(row) =
        sqlx::query("SELECT officer_id FROM cases WHERE id = $1").bind(case).fetch_optional(&mut **tx).await?
    else {
        return Ok(Err(CaseRefusal::NoSuchCase));
    };
    if row.try_get::<Option<i64>, _>("officer_id")? == officer.map(|o| o.0) {
        return Ok(Err(CaseRefusal::OfficerUnchanged));
    }
    if let Some(user) = officer {
        let active = sqlx::query("SELECT active FROM users WHERE id = $1")
            .bind(user.0)
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| r.try_get::<i64, _>("active"))
            .transpose()?;
        let roles: BTreeSet<Role> = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1")
            .bind(user.0)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .filter_map(|r| r.try_get::<String, _>("role").ok().and_then(|r| Role::parse(&r)))
            .collect();
        // Someone unknown has no role: refused like anyone who does not administer cases.
        if let Err(refusal) = may_be_officer(&roles, active.unwrap_or(1) != 0) {
            return Ok(Err(CaseRefusal::Officer(refusal)));
        }
    }
    sqlx::query("UPDATE cases SET officer_id = $1 WHERE id = $2")
        .bind(officer.map(|o| o.0))
        .bind(case)
        .execute(&mut **tx)
        .await?;
    let outbox = crate::accounts::queue_mail_if_any(tx, mail, at).await?;
    Ok(Ok((
        None,
        vec![Entry {
            stream: format!("{}/officer", case_stream(case)),
            kind: "case.officer_assigned",
            body: json!({"case": case, "officer": officer.map(|o| o.0), "outbox": outbox}),
        }],
    )))
}

/// Someone who may be made a case's officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub user: UserId,
    pub name: String,
}

/// How many open cases wait on one thing: in all, followed by one officer, and without an
/// officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingCount {
    pub waiting: Waiting,
    pub all: i64,
    pub mine: i64,
    pub unassigned: i64,
}

impl crate::Store {
    /// The work queue's counts, for each thing a case may wait on, with `me`'s share.
    pub async fn waiting_counts(&self, me: UserId) -> Result<Vec<WaitingCount>, StoreError> {
        let mut out = Vec::with_capacity(Waiting::ALL.len());
        for waiting in Waiting::ALL {
            let row = sqlx::query(
                "SELECT COUNT(*) AS n_all, \
                 COALESCE(SUM(CASE WHEN officer_id = $2 THEN 1 ELSE 0 END), 0) AS n_mine, \
                 COALESCE(SUM(CASE WHEN officer_id IS NULL THEN 1 ELSE 0 END), 0) AS n_none \
                 FROM cases WHERE waiting LIKE $1",
            )
            .bind(format!("%,{},%", waiting.as_str()))
            .bind(me.0)
            .fetch_one(&self.pool)
            .await?;
            out.push(WaitingCount {
                waiting,
                all: row.try_get("n_all")?,
                mine: row.try_get("n_mine")?,
                unassigned: row.try_get("n_none")?,
            });
        }
        Ok(out)
    }

    /// Everyone who may be made a case's officer now (active, with a role that administers
    /// cases), by name.
    pub async fn case_officers(&self) -> Result<Vec<Officer>, StoreError> {
        let roles = CASE_OFFICERS.iter().map(|r| format!("'{}'", r.as_str())).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT DISTINCT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id \
             WHERE u.active = 1 AND r.role IN ({roles}) ORDER BY u.display_name, u.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(|r| Ok(Officer { user: UserId(r.try_get("id")?), name: r.try_get("display_name")? })).collect()
    }
}

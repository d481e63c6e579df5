//! The case lists, read by key (newest first) from the projection, and the projection of the
//! time limits running in each case, which the Secretariat's dashboard reads instead of
//! replaying every open case.

use iomed_domain::access::{Standing, UserId};
use iomed_domain::case::{Case, Deadline, DeadlineKind, StageName};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::Category;
use jiff::civil::Date;
use sqlx::{Any, Row, Transaction};

use super::{CaseRow, parse_standing};
use crate::StoreError;
use crate::paging::{Seek, Slice, Toward, newest_first};

/// Whose cases a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lister {
    /// The cases this user is on.
    Participant(UserId),
    /// Every case: for the Secretariat.
    Everyone,
    /// The cases every side agreed to publish: the public register.
    Published,
}

/// What a case list is narrowed to. Each is parsed before it gets here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub stage: Option<StageName>,
    pub category: Option<Category>,
    /// The year of filing.
    pub year: Option<i16>,
    /// Words in the title or the case number, matched without regard to case.
    pub text: Option<String>,
    /// The codes of the States whose name holds `text` (a title names a State by its code, shown
    /// in the reader's language): a title with one of them matches too.
    pub states: Vec<String>,
    /// What the case waits on (the Secretariat's work queue).
    pub waiting: Option<iomed_domain::case::Waiting>,
    /// Whose cases: one officer's, or those without one.
    pub officer: Option<OfficerFilter>,
}

/// Cases by their officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficerFilter {
    Unassigned,
    Of(iomed_domain::access::UserId),
}

/// A case of a list, with the reader's standing in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedCase {
    pub row: CaseRow,
    pub standing: Option<Standing>,
}

/// `LIKE` pattern for `text` anywhere, with its wildcards taken literally.
fn contains(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

enum Bind {
    Int(i64),
    Text(String),
}

/// The time limits of a case where the dashboard finds them (one per running limit), and what
/// the case waits on, where the work queue finds it.
pub(crate) async fn project_deadlines(tx: &mut Transaction<'_, Any>, id: i64, case: &Case) -> Result<(), StoreError> {
    let waiting: String = case.waiting_on().iter().map(|w| format!(",{}", w.as_str())).collect();
    let waiting = if waiting.is_empty() { waiting } else { format!("{waiting},") };
    sqlx::query("UPDATE cases SET waiting = $1 WHERE id = $2").bind(waiting).bind(id).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM case_deadlines WHERE case_id = $1").bind(id).execute(&mut **tx).await?;
    for d in case.deadlines(&RulesProfile::in_force_on(case.filed_on())) {
        sqlx::query("INSERT INTO case_deadlines (case_id, kind, due) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(d.kind.as_str())
            .bind(d.due.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Rebuilds the time limits of every case from its events, once, if a migration asked for it.
/// Several processes may start at once: the one that takes the request does the work.
pub(crate) async fn rebuild_wanted(pool: &sqlx::AnyPool) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    let taken = sqlx::query("DELETE FROM projection_rebuilds WHERE name = 'case_deadlines'")
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if taken > 0 {
        rebuild_deadlines(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Every case's time limits, computed again from its events.
pub(crate) async fn rebuild_deadlines(tx: &mut Transaction<'_, Any>) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM case_deadlines").execute(&mut **tx).await?;
    let ids: Vec<i64> = sqlx::query("SELECT id FROM cases ORDER BY seq")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    for id in ids {
        if let Some(case) = super::replay(tx, id).await? {
            project_deadlines(tx, id, &case).await?;
        }
    }
    Ok(())
}

/// Where the dashboard's list of deadlines goes on from: soonest first, then by case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueKey {
    pub due: Date,
    pub case_seq: i64,
    pub kind: DeadlineKind,
}

/// A time limit running in an open case, with the case it runs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    pub case: CaseRow,
    pub deadline: Deadline,
}

impl crate::Store {
    /// A page of the cases `lister` may list, newest first, narrowed by `filter`.
    pub async fn case_list(
        &self,
        lister: Lister,
        filter: &CaseFilter,
        seek: &Seek<i64>,
    ) -> Result<Slice<ListedCase, i64>, StoreError> {
        let mut binds = Vec::new();
        let mut wheres = Vec::new();
        let (from, standing) = match lister {
            Lister::Participant(user) => {
                binds.push(Bind::Int(user.0));
                wheres.push(format!("p.user_id = ${}", binds.len()));
                ("cases c JOIN case_participants p ON p.case_id = c.id", "p.standing")
            }
            Lister::Everyone => ("cases c", "NULL"),
            Lister::Published => {
                wheres.push("c.published = 1".to_string());
                ("cases c", "NULL")
            }
        };
        if let Some(stage) = filter.stage {
            binds.push(Bind::Text(stage.as_str().into()));
            wheres.push(format!("c.stage = ${}", binds.len()));
        }
        if let Some(category) = filter.category {
            binds.push(Bind::Text(category.as_str().into()));
            wheres.push(format!("c.category = ${}", binds.len()));
        }
        if let Some(year) = filter.year {
            binds.push(Bind::Text(format!("{year:04}-01-01")));
            binds.push(Bind::Text(format!("{:04}-01-01", year + 1)));
            wheres.push(format!("c.filed_on >= ${} AND c.filed_on < ${}", binds.len() - 1, binds.len()));
        }
        if let Some(waiting) = filter.waiting {
            binds.push(Bind::Text(format!("%,{},%", waiting.as_str())));
            wheres.push(format!("c.waiting LIKE ${}", binds.len()));
        }
        match filter.officer {
            Some(OfficerFilter::Unassigned) => wheres.push("c.officer_id IS NULL".to_string()),
            Some(OfficerFilter::Of(user)) => {
                binds.push(Bind::Int(user.0));
                wheres.push(format!("c.officer_id = ${}", binds.len()));
            }
            None => {}
        }
        if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            binds.push(Bind::Text(contains(text)));
            let n = binds.len();
            let mut any = vec![
                format!("LOWER(c.title) LIKE ${n} ESCAPE '\\'"),
                format!("LOWER(COALESCE(c.number, '')) LIKE ${n} ESCAPE '\\'"),
            ];
            for code in &filter.states {
                binds.push(Bind::Text(contains(code)));
                any.push(format!("LOWER(c.title) LIKE ${} ESCAPE '\\'", binds.len()));
            }
            wheres.push(format!("({})", any.join(" OR ")));
        }
        // A reader's own cases are read in the order of their participations (the same as the
        // cases'), by the index on (user, case order).
        let key = if matches!(lister, Lister::Participant(_)) { "p.case_seq" } else { "c.seq" };
        let (seek_where, order) = newest_first(key, seek, binds.len() + 1);
        if let (Some(w), Some((_, key))) = (seek_where, &seek.from) {
            wheres.push(w);
            binds.push(Bind::Int(*key));
        }
        let filter_sql = if wheres.is_empty() { String::new() } else { format!("WHERE {}", wheres.join(" AND ")) };
        let sql = format!(
            "SELECT {cols}, c.seq AS seq, {standing} AS standing FROM {from} {filter_sql} ORDER BY {order} LIMIT {limit}",
            cols = super::reads::CASE_COLUMNS,
            limit = seek.fetch(),
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for b in binds {
            query = match b {
                Bind::Int(i) => query.bind(i),
                Bind::Text(t) => query.bind(t),
            };
        }
        let rows = query.fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|r| {
                let standing = r.try_get::<Option<String>, _>("standing")?.map(|s| parse_standing(&s)).transpose()?;
                Ok((r.try_get::<i64, _>("seq")?, ListedCase { row: super::reads::case_row(r)?, standing }))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Slice::of(rows, seek))
    }

    /// The time limits of open cases due on or before `until` (and so every one overdue),
    /// soonest first, from the projection.
    pub async fn deadlines_due(&self, until: Date, seek: &Seek<DueKey>) -> Result<Slice<DueRow, DueKey>, StoreError> {
        let (cmp, order) = match &seek.from {
            None | Some((Toward::After, _)) => (">", "ASC"),
            Some((Toward::Before, _)) => ("<", "DESC"),
        };
        let after = match &seek.from {
            Some((_, _)) => format!("AND (d.due, c.seq, d.kind) {cmp} ($2, $3, $4)"),
            None => String::new(),
        };
        let sql = format!(
            "SELECT {cols}, c.seq AS seq, d.kind AS kind, d.due AS due FROM case_deadlines d \
             JOIN cases c ON c.id = d.case_id WHERE d.due <= $1 AND c.stage <> 'closed' {after} \
             ORDER BY d.due {order}, c.seq {order}, d.kind {order} LIMIT {limit}",
            cols = super::reads::CASE_COLUMNS,
            limit = seek.fetch(),
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(until.to_string());
        if let Some((_, key)) = &seek.from {
            query = query.bind(key.due.to_string()).bind(key.case_seq).bind(key.kind.as_str());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                let kind =
                    DeadlineKind::parse(&kind).ok_or_else(|| StoreError::corrupt(format!("deadline kind '{kind}'")))?;
                let due: Date = r.try_get::<String, _>("due")?.parse().map_err(StoreError::corrupt)?;
                let key = DueKey { due, case_seq: r.try_get("seq")?, kind };
                Ok((key, DueRow { case: super::reads::case_row(r)?, deadline: Deadline { kind, due } }))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Slice::of(rows, seek))
    }

    /// The open cases with a time limit that has passed by `today` (its last day was before),
    /// oldest first: those the clock must look at, and only those.
    pub async fn cases_past_due(&self, today: Date) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query(
            "SELECT DISTINCT c.id AS id, c.seq AS seq FROM case_deadlines d JOIN cases c ON c.id = d.case_id \
             WHERE d.due < $1 AND c.stage <> 'closed' ORDER BY c.seq",
        )
        .bind(today.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("id")?)).collect()
    }

    /// Every open case's request and assessment at filing, from the projection (nothing
    /// replayed): what the alerts of E14 are computed from.
    pub async fn open_case_filings(
        &self,
    ) -> Result<Vec<(i64, iomed_domain::scope::Outcome, iomed_domain::request::Draft)>, StoreError> {
        let rows = sqlx::query("SELECT id, scope, content FROM cases WHERE stage <> 'closed' ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let scope: String = r.try_get("scope")?;
                let scope = iomed_domain::scope::Outcome::parse(&scope)
                    .ok_or_else(|| StoreError::corrupt(format!("scope outcome '{scope}'")))?;
                let draft = serde_json::from_str(&r.try_get::<String, _>("content")?).map_err(StoreError::corrupt)?;
                Ok((r.try_get("id")?, scope, draft))
            })
            .collect()
    }

    /// A number that changes whenever the registry does: the last ledger entry of a State or of
    /// the Convention.
    pub async fn registry_version(&self) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COALESCE(MAX(seq), 0) AS v FROM ledger \
             WHERE stream = 'convention' OR (stream >= 'state/' AND stream < 'state0')",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("v")?)
    }

    /// How many cases `lister` may list: the count shown beside the list.
    pub async fn case_count(&self, lister: Lister) -> Result<i64, StoreError> {
        let row = match lister {
            Lister::Participant(user) => {
                sqlx::query("SELECT COUNT(*) AS n FROM case_participants WHERE user_id = $1")
                    .bind(user.0)
                    .fetch_one(&self.pool)
                    .await?
            }
            Lister::Everyone => sqlx::query("SELECT COUNT(*) AS n FROM cases").fetch_one(&self.pool).await?,
            Lister::Published => {
                sqlx::query("SELECT COUNT(*) AS n FROM cases WHERE published = 1").fetch_one(&self.pool).await?
            }
        };
        Ok(row.try_get("n")?)
    }

    /// Every case's time limits as the projection holds them, by case and kind: for the test
    /// that a rebuild from the ledger gives the same.
    pub async fn deadline_projection(&self) -> Result<Vec<(i64, String, String)>, StoreError> {
        let rows = sqlx::query("SELECT case_id, kind, due FROM case_deadlines ORDER BY case_id, kind")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get("case_id")?, r.try_get("kind")?, r.try_get("due")?))).collect()
    }

    /// Computes every case's time limits again from the ledger (what a migration asks for).
    pub async fn rebuild_deadline_projection(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        rebuild_deadlines(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }
}

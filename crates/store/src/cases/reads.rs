//! The store's case operations: reads, and changes sent through the writer.

use iomed_domain::access::{Standing, UserId};
use iomed_domain::case::{Case, Event, Waiting};
use iomed_domain::request::Draft;
use sqlx::{AnyPool, Row};

use super::{CaseChange, CaseRow, DraftRow, HistoryEntry, Participant, case_stream, parse_standing};
use crate::StoreError;

pub(super) fn case_row(row: &sqlx::any::AnyRow) -> Result<CaseRow, StoreError> {
    Ok(CaseRow {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        category: row.try_get("category")?,
        filed_on: row.try_get::<String, _>("filed_on")?.parse().map_err(StoreError::corrupt)?,
        scope: row.try_get("scope")?,
        stage: row.try_get("stage")?,
        closure: row.try_get("closure")?,
        fee_paid: row.try_get::<i64, _>("fee_paid")? != 0,
        number: row.try_get("number")?,
        request: row.try_get("request_id")?,
        officer: row.try_get::<Option<i64>, _>("officer_id")?.map(UserId),
        waiting: row
            .try_get::<String, _>("waiting")?
            .split(',')
            .filter(|w| !w.is_empty())
            .map(|w| Waiting::parse(w).ok_or_else(|| StoreError::corrupt(format!("waiting on '{w}'"))))
            .collect::<Result<_, _>>()?,
    })
}

pub(super) const CASE_COLUMNS: &str = "c.id, c.title, c.category, c.filed_on, c.scope, c.stage, c.closure, c.fee_paid, c.number, c.request_id, \
     c.officer_id, c.waiting";

async fn events_of(pool: &AnyPool, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
    let rows = sqlx::query("SELECT seq, at, actor, body FROM ledger WHERE stream = $1 ORDER BY seq")
        .bind(case_stream(id))
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(HistoryEntry {
                seq: r.try_get("seq")?,
                at: r.try_get::<String, _>("at")?.parse().map_err(StoreError::corrupt)?,
                actor: r.try_get("actor")?,
                event: serde_json::from_str(&r.try_get::<String, _>("body")?).map_err(StoreError::corrupt)?,
            })
        })
        .collect()
}

impl crate::Store {
    pub async fn case_change(&self, actor: &str, change: CaseChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Case(Box::new(change))).await
    }

    /// A draft, if `owner` has it.
    pub async fn draft(&self, owner: UserId, id: i64) -> Result<Option<DraftRow>, StoreError> {
        let row =
            sqlx::query("SELECT id, owner, content, updated_at, case_id FROM requests WHERE id = $1 AND owner = $2")
                .bind(id)
                .bind(owner.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| draft_row(&r)).transpose()
    }

    /// The drafts of `owner` not filed yet, newest first.
    pub async fn drafts_of(&self, owner: UserId) -> Result<Vec<DraftRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, owner, content, updated_at, case_id FROM requests \
             WHERE owner = $1 AND case_id IS NULL ORDER BY seq DESC",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(draft_row).collect()
    }

    /// Whether case `id` exists (whoever may see it).
    pub async fn case_exists(&self, id: i64) -> Result<bool, StoreError> {
        Ok(sqlx::query("SELECT 1 AS one FROM cases WHERE id = $1").bind(id).fetch_optional(&self.pool).await?.is_some())
    }

    /// A case's row, from the projection (nothing rebuilt).
    pub async fn case_row(&self, id: i64) -> Result<Option<CaseRow>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(case_row).transpose()
    }

    /// A case's row and its state rebuilt from its events.
    pub async fn case(&self, id: i64) -> Result<Option<(CaseRow, Case, Draft)>, StoreError> {
        Ok(self.case_with_history(id).await?.map(|(row, case, draft, _)| (row, case, draft)))
    }

    /// A case's row, its state rebuilt from its events, and those events (its procedural
    /// history, oldest first): what the case page shows, in one read of the stream.
    pub async fn case_with_history(
        &self,
        id: i64,
    ) -> Result<Option<(CaseRow, Case, Draft, Vec<HistoryEntry>)>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS}, c.content FROM cases c WHERE c.id = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let draft = serde_json::from_str(&row.try_get::<String, _>("content")?).map_err(StoreError::corrupt)?;
        let history = events_of(&self.pool, id).await?;
        let case = Case::from_events(history.iter().map(|h| &h.event))
            .ok_or_else(|| StoreError::corrupt(format!("case {id} has no filing")))?;
        Ok(Some((case_row(&row)?, case, draft, history)))
    }

    /// The case's procedural history, oldest first.
    pub async fn case_history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        events_of(&self.pool, id).await
    }

    /// The user's standing in a case, if they are on it.
    pub async fn standing(&self, case: i64, user: UserId) -> Result<Option<Standing>, StoreError> {
        let row = sqlx::query("SELECT standing FROM case_participants WHERE case_id = $1 AND user_id = $2")
            .bind(case)
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| parse_standing(&r.try_get::<String, _>("standing")?)).transpose()
    }

    pub async fn participants(&self, case: i64) -> Result<Vec<Participant>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.user_id, p.standing, u.display_name, u.email, u.language FROM case_participants p \
             JOIN users u ON u.id = p.user_id WHERE p.case_id = $1 ORDER BY p.standing, u.display_name",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Participant {
                    user: UserId(r.try_get("user_id")?),
                    name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                    language: r.try_get("language")?,
                    standing: parse_standing(&r.try_get::<String, _>("standing")?)?,
                })
            })
            .collect()
    }

    /// The cases a user is on, newest first.
    pub async fn cases_of(&self, user: UserId) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN case_participants p ON p.case_id = c.id \
             WHERE p.user_id = $1 ORDER BY c.seq DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user.0).fetch_all(&self.pool).await?;
        rows.iter().map(case_row).collect()
    }

    /// Every case, newest first: for the Secretariat.
    pub async fn all_cases(&self) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c ORDER BY c.seq DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(case_row).collect()
    }

    /// Every case not closed, with its state: for deadlines and automatic consequences.
    pub async fn open_cases(&self) -> Result<Vec<(CaseRow, Case)>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.stage <> 'closed' ORDER BY c.seq");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let row = case_row(row)?;
            let events: Vec<Event> = events_of(&self.pool, row.id).await?.into_iter().map(|h| h.event).collect();
            if let Some(case) = Case::from_events(&events) {
                out.push((row, case));
            }
        }
        Ok(out)
    }
}

fn draft_row(r: &sqlx::any::AnyRow) -> Result<DraftRow, StoreError> {
    Ok(DraftRow {
        id: r.try_get("id")?,
        owner: UserId(r.try_get("owner")?),
        draft: serde_json::from_str(&r.try_get::<String, _>("content")?).map_err(StoreError::corrupt)?,
        updated_at: r.try_get::<String, _>("updated_at")?.parse().map_err(StoreError::corrupt)?,
        case: r.try_get("case_id")?,
    })
}

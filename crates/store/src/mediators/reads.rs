//! The store's mediator operations: reads, and changes sent through the writer.

use iomed_domain::access::UserId;
use iomed_domain::mediators::{Finding, MediatorProfile, Panel};
use iomed_domain::registry::StateCode;
use iomed_domain::request::Side;
use jiff::civil::Date;
use sqlx::Row;

use super::{
    APPOINTMENT_COLUMNS, AppointmentRow, ChallengeRow, DesignationRow, MediatorChange, MediatorRefusal, appointment_row,
};
use crate::StoreError;

impl crate::Store {
    pub async fn mediator_change(&self, actor: &str, change: MediatorChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Mediator(change)).await
    }

    /// The conflict checks that appointing `mediator` to `case` today would record, most serious
    /// first, or the refusal it would meet; nothing is written. The Secretariat sees them before
    /// it commits; the appointment runs the same checks again in its own transaction.
    pub async fn appointment_check(
        &self,
        case: i64,
        mediator: UserId,
    ) -> Result<Result<Vec<Finding>, MediatorRefusal>, StoreError> {
        let today = iomed_domain::seat::seat_date(self.now());
        let mut tx = self.pool.begin().await?;
        let mut cases = crate::cases::BatchCases::new();
        let found = super::appointments::conflict_checks(&mut tx, &mut cases, today, case, mediator).await?;
        tx.rollback().await?;
        Ok(found)
    }

    /// Every user with the mediator role, by name, with their profile if recorded.
    pub async fn mediators(&self) -> Result<Vec<(UserId, String, Option<MediatorProfile>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT u.id, u.display_name, m.profile FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'mediator' \
             LEFT JOIN mediators m ON m.user_id = u.id WHERE u.active = 1 ORDER BY u.display_name, u.seq",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let profile = r
                    .try_get::<Option<String>, _>("profile")?
                    .map(|p| serde_json::from_str(&p))
                    .transpose()
                    .map_err(StoreError::corrupt)?;
                Ok((UserId(r.try_get("id")?), r.try_get("display_name")?, profile))
            })
            .collect()
    }

    /// Every designation, newest first.
    pub async fn designations(&self) -> Result<Vec<DesignationRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT d.id, d.state, d.panel, d.mediator, u.display_name, d.designated_on, d.ends_on, d.withdrawn_on \
             FROM designations d JOIN users u ON u.id = d.mediator ORDER BY d.id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let date = |name: &str| -> Result<Date, StoreError> {
                    r.try_get::<String, _>(name)?.parse().map_err(StoreError::corrupt)
                };
                Ok(DesignationRow {
                    id: r.try_get("id")?,
                    state: StateCode::parse(&r.try_get::<String, _>("state")?).map_err(StoreError::corrupt)?,
                    panel: Panel::parse(&r.try_get::<String, _>("panel")?)
                        .ok_or_else(|| StoreError::corrupt("designation panel"))?,
                    mediator: UserId(r.try_get("mediator")?),
                    mediator_name: r.try_get("display_name")?,
                    designated_on: date("designated_on")?,
                    ends_on: date("ends_on")?,
                    withdrawn_on: r
                        .try_get::<Option<String>, _>("withdrawn_on")?
                        .map(|d| d.parse())
                        .transpose()
                        .map_err(StoreError::corrupt)?,
                })
            })
            .collect()
    }

    pub async fn challenges_of_case(&self, case: i64) -> Result<Vec<ChallengeRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, appointment_id, case_id, side, reasons, responses, status, decision FROM challenges \
             WHERE case_id = $1 ORDER BY seq",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ChallengeRow {
                    id: r.try_get("id")?,
                    appointment: r.try_get("appointment_id")?,
                    case: r.try_get("case_id")?,
                    side: Side::parse(&r.try_get::<String, _>("side")?)
                        .ok_or_else(|| StoreError::corrupt("challenge side"))?,
                    reasons: r.try_get("reasons")?,
                    responses: serde_json::from_str(&r.try_get::<String, _>("responses")?)
                        .map_err(StoreError::corrupt)?,
                    status: r.try_get("status")?,
                    decision: r.try_get("decision")?,
                })
            })
            .collect()
    }

    /// One side's own ranking, best first (empty if none). Only that side may be shown it.
    /// One side's ranking, if it has ranked: for that side only.
    pub async fn ranking(&self, case: i64, side: Side) -> Result<Option<Vec<UserId>>, StoreError> {
        let row = sqlx::query("SELECT candidates FROM rankings WHERE case_id = $1 AND side = $2")
            .bind(case)
            .bind(side.as_str())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let ids: Vec<i64> =
            serde_json::from_str(&row.try_get::<String, _>("candidates")?).map_err(StoreError::corrupt)?;
        Ok(Some(ids.into_iter().map(UserId).collect()))
    }

    /// The candidates both sides ranked, best first, once both have ranked (nothing before): all
    /// that anyone is shown of the rankings.
    pub async fn agreed_candidates(&self, case: i64) -> Result<Vec<UserId>, StoreError> {
        let ids = |v: Option<Vec<UserId>>| v.map(|v| v.into_iter().map(|u| u.0).collect::<Vec<_>>());
        let a = ids(self.ranking(case, Side::Requesting).await?);
        let b = ids(self.ranking(case, Side::Responding).await?);
        Ok(iomed_domain::mediators::revealed_candidates(a.as_deref(), b.as_deref()).into_iter().map(UserId).collect())
    }

    /// The mediators of every appointment that was accepted (serving, or removed later), one
    /// entry per appointment: the neutrality dashboard counts them.
    pub async fn accepted_appointments(&self) -> Result<Vec<UserId>, StoreError> {
        let rows =
            sqlx::query("SELECT mediator FROM appointments WHERE status IN ('accepted', 'removed') ORDER BY seq")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|r| Ok(UserId(r.try_get("mediator")?))).collect()
    }

    /// When a party asked the Secretary-General to appoint (W6), if it did.
    pub async fn sg_request(&self, case: i64) -> Result<Option<(Side, Date)>, StoreError> {
        let row = sqlx::query("SELECT side, requested_on FROM sg_requests WHERE case_id = $1")
            .bind(case)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let side = Side::parse(&r.try_get::<String, _>("side")?).ok_or_else(|| StoreError::corrupt("side"))?;
            let on = r.try_get::<String, _>("requested_on")?.parse().map_err(StoreError::corrupt)?;
            Ok((side, on))
        })
        .transpose()
    }

    /// The mediators of the appointments they serve in now, one entry per appointment.
    pub async fn serving_appointments(&self) -> Result<Vec<UserId>, StoreError> {
        let rows = sqlx::query("SELECT mediator FROM appointments WHERE status = 'accepted' ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(UserId(r.try_get("mediator")?))).collect()
    }

    /// A mediator's profile, if recorded.
    pub async fn mediator_profile(&self, user: UserId) -> Result<Option<MediatorProfile>, StoreError> {
        let row = sqlx::query("SELECT profile FROM mediators WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(StoreError::corrupt)).transpose()
    }

    pub async fn appointments_of_case(&self, case: i64) -> Result<Vec<AppointmentRow>, StoreError> {
        let sql = format!(
            "SELECT {APPOINTMENT_COLUMNS} FROM appointments a JOIN cases c ON c.id = a.case_id \
             JOIN users u ON u.id = a.mediator WHERE a.case_id = $1 ORDER BY a.seq"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case).fetch_all(&self.pool).await?;
        rows.iter().map(appointment_row).collect()
    }

    /// A page of a mediator's appointments, newest first.
    pub async fn appointments_page(
        &self,
        mediator: UserId,
        seek: &crate::paging::Seek<i64>,
    ) -> Result<crate::paging::Slice<AppointmentRow, i64>, StoreError> {
        let (seek_where, order) = crate::paging::newest_first("a.seq", seek, 2);
        let seek_where = seek_where.map(|w| format!(" AND {w}")).unwrap_or_default();
        let sql = format!(
            "SELECT {APPOINTMENT_COLUMNS}, a.seq AS seq FROM appointments a JOIN cases c ON c.id = a.case_id \
             JOIN users u ON u.id = a.mediator WHERE a.mediator = $1{seek_where} ORDER BY {order} LIMIT {}",
            seek.fetch()
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(mediator.0);
        if let Some((_, key)) = &seek.from {
            query = query.bind(*key);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|r| Ok((r.try_get::<i64, _>("seq")?, appointment_row(r)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(crate::paging::Slice::of(rows, seek))
    }

    pub async fn appointments_of_mediator(&self, mediator: UserId) -> Result<Vec<AppointmentRow>, StoreError> {
        let sql = format!(
            "SELECT {APPOINTMENT_COLUMNS} FROM appointments a JOIN cases c ON c.id = a.case_id \
             JOIN users u ON u.id = a.mediator WHERE a.mediator = $1 ORDER BY a.seq DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(mediator.0).fetch_all(&self.pool).await?;
        rows.iter().map(appointment_row).collect()
    }
}

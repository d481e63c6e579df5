//! Notifications: written with the change they tell of, in its transaction (see
//! [`crate::accounts::queue_mail`]); read a page at a time, newest first; marked read and e-mail
//! choices set through the writer like every change, each with its ledger entry.

use std::collections::HashMap;

use iomed_domain::access::UserId;
use iomed_domain::notifications::{EmailChoice, EmailChoices, NoticeKind};
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::accounts::{AccountRefusal, Created, Entry};
use crate::paging::{Seek, Slice};

/// A notification to write with a change: to whom, about what (`about`, the key of its texts:
/// `document`, `message`, a step's name), and the page of the case to see it on. No case content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub user: UserId,
    pub case: i64,
    pub about: String,
    /// The path on this site, e.g. `/cases/7/documents`.
    pub path: String,
    /// Whether it is e-mailed too, at once or in the daily digest, as its person chose for its kind.
    pub email: EmailChoice,
}

/// A notification as its person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationRow {
    pub id: i64,
    pub case: i64,
    pub kind: NoticeKind,
    pub about: String,
    pub path: String,
    pub at: Timestamp,
    pub read: bool,
}

pub(crate) async fn record(tx: &mut Transaction<'_, Any>, at: &str, notice: &Notice) -> Result<i64, StoreError> {
    let id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM notifications")
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    sqlx::query(
        "INSERT INTO notifications (id, user_id, case_id, kind, about, path, created_at, read_at, digest) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)",
    )
    .bind(id)
    .bind(notice.user.0)
    .bind(notice.case)
    .bind(NoticeKind::of(&notice.about).as_str())
    .bind(notice.about.as_str())
    .bind(notice.path.as_str())
    .bind(at)
    .bind(notice.email.in_digest().then_some("waiting"))
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A person's notifications waiting for their daily digest, still unread, oldest first; with what
/// the digest's e-mail needs of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestWaiting {
    pub user: UserId,
    pub email: String,
    pub language: String,
    pub time_zone: String,
    /// The cut-off of the last digest sent to them, if any.
    pub last_cutoff: Option<Timestamp>,
    pub items: Vec<NotificationRow>,
}

/// Sends `user`'s digest for `cutoff`: marks these notifications of theirs sent in a digest and
/// queues its mail (none when nothing of it may be listed). Refused, with nothing written, when
/// they had a digest for this cut-off or a later one, or when any of them no longer waits (read
/// since, or in a digest already): the next pass makes it again from what waits then.
pub(crate) async fn send_digest(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    cutoff: Timestamp,
    ids: &[i64],
    mail: Option<&crate::accounts::OutgoingMail>,
) -> Result<Result<(Created, Entry), AccountRefusal>, StoreError> {
    let Some(row) =
        sqlx::query("SELECT digest_cutoff FROM users WHERE id = $1").bind(user.0).fetch_optional(&mut **tx).await?
    else {
        return Ok(Err(AccountRefusal::NoSuchUser));
    };
    let last = row.try_get::<Option<String>, _>("digest_cutoff")?;
    if let Some(last) = last.map(|t| t.parse::<Timestamp>().map_err(StoreError::corrupt)).transpose()?
        && last >= cutoff
    {
        return Ok(Err(AccountRefusal::NothingToDigest));
    }
    let mut count = 0u64;
    for id in ids {
        let done = sqlx::query(
            "UPDATE notifications SET digest = 'sent' \
             WHERE id = $1 AND user_id = $2 AND digest = 'waiting' AND read_at IS NULL",
        )
        .bind(*id)
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
        count += done.rows_affected();
    }
    if count == 0 || usize::try_from(count).ok() != Some(ids.len()) {
        return Ok(Err(AccountRefusal::NothingToDigest));
    }
    sqlx::query("UPDATE users SET digest_cutoff = $1 WHERE id = $2")
        .bind(cutoff.to_string())
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    let outbox = crate::accounts::queue_mail_if_any(tx, mail, at).await?;
    Ok(Ok((
        None,
        Entry {
            stream: format!("user/{}", user.0),
            kind: "user.digest_sent",
            body: json!({"user": user.0, "count": count, "cutoff": cutoff.to_string(), "outbox": outbox}),
        },
    )))
}

/// Marks these notifications of `user` read (others', and those read already, are left alone).
pub(crate) async fn mark_read(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    ids: &[i64],
) -> Result<Result<(Created, Entry), AccountRefusal>, StoreError> {
    let mut count = 0u64;
    for id in ids.iter().take(iomed_domain::notifications::READ_AT_ONCE) {
        let done =
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE id = $2 AND user_id = $3 AND read_at IS NULL")
                .bind(at)
                .bind(*id)
                .bind(user.0)
                .execute(&mut **tx)
                .await?;
        count += done.rows_affected();
    }
    Ok(Ok((
        None,
        Entry {
            stream: format!("user/{}", user.0),
            kind: "user.notifications_read",
            body: json!({"user": user.0, "count": count}),
        },
    )))
}

pub(crate) async fn set_choices(
    tx: &mut Transaction<'_, Any>,
    user: UserId,
    choices: &EmailChoices,
) -> Result<Result<(Created, Entry), AccountRefusal>, StoreError> {
    if sqlx::query("SELECT id FROM users WHERE id = $1").bind(user.0).fetch_optional(&mut **tx).await?.is_none() {
        return Ok(Err(AccountRefusal::NoSuchUser));
    }
    sqlx::query("DELETE FROM email_choices WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
    // What waited for a digest of a kind no longer chosen daily waits no more.
    for kind in NoticeKind::ALL.into_iter().filter(|k| !choices.of(*k).in_digest()) {
        sqlx::query("UPDATE notifications SET digest = NULL WHERE user_id = $1 AND kind = $2 AND digest = 'waiting'")
            .bind(user.0)
            .bind(kind.as_str())
            .execute(&mut **tx)
            .await?;
    }
    for (kind, choice) in &choices.0 {
        sqlx::query("INSERT INTO email_choices (user_id, kind, choice) VALUES ($1, $2, $3)")
            .bind(user.0)
            .bind(kind.as_str())
            .bind(choice.as_str())
            .execute(&mut **tx)
            .await?;
    }
    let body: serde_json::Map<String, serde_json::Value> =
        choices.0.iter().map(|(k, c)| (k.as_str().to_owned(), json!(c.as_str()))).collect();
    Ok(Ok((
        None,
        Entry {
            stream: format!("user/{}", user.0),
            kind: "user.email_choices_set",
            body: json!({"user": user.0, "choices": body}),
        },
    )))
}

impl crate::Store {
    /// A page of `user`'s notifications, newest first.
    pub async fn notifications_page(
        &self,
        user: UserId,
        seek: &Seek<i64>,
    ) -> Result<Slice<NotificationRow, i64>, StoreError> {
        let (seek_where, order) = crate::paging::newest_first("id", seek, 2);
        let sql = format!(
            "SELECT id, case_id, kind, about, path, created_at, read_at FROM notifications \
             WHERE user_id = $1{} ORDER BY {order} LIMIT {}",
            seek_where.map(|w| format!(" AND {w}")).unwrap_or_default(),
            seek.fetch()
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user.0);
        if let Some((_, key)) = &seek.from {
            query = query.bind(*key);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let kind: String = r.try_get("kind")?;
                let at: String = r.try_get("created_at")?;
                let row = NotificationRow {
                    id,
                    case: r.try_get("case_id")?,
                    kind: NoticeKind::parse(&kind).ok_or_else(|| StoreError::corrupt("notification kind"))?,
                    about: r.try_get("about")?,
                    path: r.try_get("path")?,
                    at: at.parse().map_err(StoreError::corrupt)?,
                    read: r.try_get::<Option<String>, _>("read_at")?.is_some(),
                };
                Ok((id, row))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Slice::of(rows, seek))
    }

    /// Everyone's notifications waiting for a digest and still unread, by person (active accounts
    /// only), oldest first.
    pub async fn digests_waiting(&self) -> Result<Vec<DigestWaiting>, StoreError> {
        let rows = sqlx::query(
            "SELECT n.id, n.user_id, n.case_id, n.kind, n.about, n.path, n.created_at, \
                    u.email, u.language, u.time_zone, u.digest_cutoff \
             FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.digest = 'waiting' AND n.read_at IS NULL AND u.active = 1 \
             ORDER BY n.user_id, n.id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out: Vec<DigestWaiting> = Vec::new();
        for r in rows {
            let user = UserId(r.try_get("user_id")?);
            let kind: String = r.try_get("kind")?;
            let at: String = r.try_get("created_at")?;
            let item = NotificationRow {
                id: r.try_get("id")?,
                case: r.try_get("case_id")?,
                kind: NoticeKind::parse(&kind).ok_or_else(|| StoreError::corrupt("notification kind"))?,
                about: r.try_get("about")?,
                path: r.try_get("path")?,
                at: at.parse().map_err(StoreError::corrupt)?,
                read: false,
            };
            match out.last_mut() {
                Some(last) if last.user == user => last.items.push(item),
                _ => out.push(DigestWaiting {
                    user,
                    email: r.try_get("email")?,
                    language: r.try_get("language")?,
                    time_zone: r.try_get("time_zone")?,
                    last_cutoff: r
                        .try_get::<Option<String>, _>("digest_cutoff")?
                        .map(|t| t.parse::<Timestamp>().map_err(StoreError::corrupt))
                        .transpose()?,
                    items: vec![item],
                }),
            }
        }
        Ok(out)
    }

    /// How many of `user`'s notifications are unread, counted in the database.
    pub async fn unread_notifications(&self, user: UserId) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL")
            .bind(user.0)
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    /// The e-mail choices of these people (everyone has choices: a kind not chosen is e-mailed).
    pub async fn email_choices(&self, users: &[UserId]) -> Result<HashMap<UserId, EmailChoices>, StoreError> {
        let mut out: HashMap<UserId, EmailChoices> = users.iter().map(|u| (*u, EmailChoices::default())).collect();
        for user in users {
            let rows = sqlx::query("SELECT kind, choice FROM email_choices WHERE user_id = $1")
                .bind(user.0)
                .fetch_all(&self.pool)
                .await?;
            for r in rows {
                let kind: String = r.try_get("kind")?;
                let choice: String = r.try_get("choice")?;
                if let (Some(kind), Some(choice)) = (NoticeKind::parse(&kind), EmailChoice::parse(&choice)) {
                    out.entry(*user).or_default().0.insert(kind, choice);
                }
            }
        }
        Ok(out)
    }
}

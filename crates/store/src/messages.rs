//! Messages: one thread per case and audience, bodies sealed under the case's data key,
//! attachments filed as documents of the same audience, and read receipts.

use std::collections::HashMap;
use std::str::FromStr as _;

use iomed_domain::access::UserId;
use iomed_domain::case::Case;
use iomed_domain::documents::Audience;
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::accounts::{Entry, OutgoingMail, queue_mail};
use crate::ids::{Table, new_row};
use crate::paging::{Seek, Slice};

/// A change to a case's messages.
#[derive(Debug, Clone)]
pub enum MessageChange {
    Send {
        case: i64,
        author: UserId,
        audience: Audience,
        /// The body sealed with [`crate::blobs::DataKey::seal`] and [`message_context`].
        sealed: String,
        /// BLAKE3 of the body as written, for the ledger.
        body_hash: String,
        /// Documents already filed in the same case and audience.
        attachments: Vec<i64>,
        /// Files sent with the message, stored in the blob store: they are filed as documents of
        /// the message's audience in the same transaction, so that the message and its
        /// attachments are written together or not at all.
        new_attachments: Vec<NewAttachment>,
        mails: Vec<OutgoingMail>,
    },
    /// `user` has read these messages (those already read are left as they were).
    Read { user: UserId, messages: Vec<i64> },
}

/// A file sent with a message, already in the blob store.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub meta: iomed_domain::documents::DocumentMeta,
    pub file_name: String,
    pub media_type: String,
    pub stored: crate::blobs::Stored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MessageRefusal {
    #[error("no such case")]
    NoSuchCase,
    #[error("the case is closed")]
    CaseClosed,
    #[error("an attachment is not a document of this case with the same audience")]
    UnknownAttachment,
    #[error("an attachment could not be filed: {0}")]
    Attachment(crate::documents::DocumentRefusal),
}

impl MessageRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            MessageRefusal::NoSuchCase => "not_found",
            MessageRefusal::CaseClosed => "case_closed",
            MessageRefusal::UnknownAttachment => "unknown_attachment",
            MessageRefusal::Attachment(r) => r.code(),
        }
    }
}

/// What a message body is sealed with: its case and audience.
pub fn message_context(case: i64, audience: Audience) -> String {
    format!("iomed message case {case} audience {}", audience.key())
}

/// A message as stored; its body is still sealed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub id: i64,
    pub case: i64,
    pub audience: Audience,
    pub author: UserId,
    pub author_name: String,
    pub sent_at: Timestamp,
    pub sealed: String,
    pub attachments: Vec<i64>,
    /// Who has read it (not counting its author), in the order they read it.
    pub read_by: Vec<(UserId, String)>,
}

pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    cases: &mut HashMap<i64, Case>,
    commitments: &crate::Commitments,
    change: &MessageChange,
    now: Timestamp,
) -> Result<Result<Vec<Entry>, MessageRefusal>, StoreError> {
    let at = now.to_string();
    match change {
        MessageChange::Send { case, author, audience, sealed, body_hash, attachments, new_attachments, mails } => {
            let Some(state) = crate::cases::load_case(tx, cases, *case).await? else {
                return Ok(Err(MessageRefusal::NoSuchCase));
            };
            if iomed_domain::documents::may_send_message(state.is_closed()).is_err() {
                return Ok(Err(MessageRefusal::CaseClosed));
            }
            for attachment in attachments {
                let found = sqlx::query("SELECT id FROM documents WHERE id = $1 AND case_id = $2 AND audience = $3")
                    .bind(*attachment)
                    .bind(*case)
                    .bind(audience.key())
                    .fetch_optional(&mut **tx)
                    .await?;
                if found.is_none() {
                    return Ok(Err(MessageRefusal::UnknownAttachment));
                }
            }
            // The files sent with it are filed first, in this same job: a refusal of the message
            // (or of one of them) undoes them all.
            let mut filed = Vec::new();
            let mut attachments = attachments.clone();
            for a in new_attachments {
                let change = crate::documents::DocumentChange::File {
                    case: *case,
                    filer: *author,
                    meta: a.meta.clone(),
                    file_name: a.file_name.clone(),
                    media_type: a.media_type.clone(),
                    stored: a.stored.clone(),
                    mails: Vec::new(),
                };
                match crate::documents::apply(tx, cases, commitments, &change, now).await? {
                    Ok(entries) => {
                        let id = entries.first().and_then(|e| e.body.get("document")).and_then(|d| d.as_i64());
                        attachments.extend(id);
                        filed.extend(entries);
                    }
                    Err(r) => return Ok(Err(MessageRefusal::Attachment(r))),
                }
            }
            let attachments = &attachments;
            let (id, seq) = new_row(tx, Table::Messages).await?;
            let listed = serde_json::to_string(attachments).map_err(StoreError::corrupt)?;
            sqlx::query(
                "INSERT INTO messages (id, case_id, audience, author, sent_at, body, attachments, seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(*case)
            .bind(audience.key())
            .bind(author.0)
            .bind(at.as_str())
            .bind(sealed.as_str())
            .bind(listed)
            .bind(seq)
            .execute(&mut **tx)
            .await?;
            // The message's entry comes first: the writer takes the id it created from it.
            let mut entries = vec![Entry {
                stream: format!("case/{case}/messages"),
                kind: "message.sent",
                body: json!({"case": case, "message": id, "author": author.0, "audience": audience.key(),
                    "body_hash": body_hash, "attachments": attachments}),
            }];
            entries.extend(filed);
            for mail in mails {
                let outbox = queue_mail(tx, mail, &at).await?;
                entries.push(Entry {
                    stream: format!("case/{case}/notices"),
                    kind: "case.notice_queued",
                    body: json!({"case": case, "outbox": outbox, "about": {"message": id}}),
                });
            }
            Ok(Ok(entries))
        }
        MessageChange::Read { user, messages } => {
            let mut newly = Vec::new();
            let mut case_of = None;
            for message in messages {
                let row = sqlx::query(
                    "SELECT m.case_id, (SELECT COUNT(*) FROM message_reads r WHERE r.message_id = m.id AND r.user_id = $2) AS seen \
                     FROM messages m WHERE m.id = $1",
                )
                .bind(*message)
                .bind(user.0)
                .fetch_optional(&mut **tx)
                .await?;
                let Some(row) = row else { continue };
                if row.try_get::<i64, _>("seen")? > 0 {
                    continue;
                }
                case_of = Some(row.try_get::<i64, _>("case_id")?);
                sqlx::query("INSERT INTO message_reads (message_id, user_id, read_at) VALUES ($1, $2, $3)")
                    .bind(*message)
                    .bind(user.0)
                    .bind(at.as_str())
                    .execute(&mut **tx)
                    .await?;
                newly.push(*message);
            }
            Ok(Ok(match case_of {
                Some(case) => vec![Entry {
                    stream: format!("case/{case}/access"),
                    kind: "message.read",
                    body: json!({"case": case, "user": user.0, "messages": newly}),
                }],
                None => Vec::new(),
            }))
        }
    }
}

impl crate::Store {
    pub async fn message_change(&self, actor: &str, change: MessageChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Message(change)).await
    }

    /// Every message of a case, oldest first, whoever may see them: the caller filters them by
    /// audience through the access policy before counting or showing anything.
    pub async fn messages_of(&self, case: i64) -> Result<Vec<MessageRow>, StoreError> {
        self.messages_where(case, &[], &Seek { from: None, limit: u32::MAX - 1 }, false).await.map(|s| s.items)
    }

    /// A page of the messages of a case in the `audiences` given (those the caller may see, as
    /// the access policy says), oldest first.
    pub async fn messages_page(
        &self,
        case: i64,
        audiences: &[Audience],
        seek: &Seek<i64>,
    ) -> Result<Slice<MessageRow, i64>, StoreError> {
        if audiences.is_empty() {
            return Ok(Slice { items: Vec::new(), before: None, after: None });
        }
        self.messages_where(case, audiences, seek, false).await
    }

    /// A page of one thread of a case, newest first (a thread is read from its latest message
    /// back); the caller may see its audience.
    pub async fn thread_page(
        &self,
        case: i64,
        audience: Audience,
        seek: &Seek<i64>,
    ) -> Result<Slice<MessageRow, i64>, StoreError> {
        self.messages_where(case, &[audience], seek, true).await
    }

    /// For each audience of a case with messages: how many there are, and how many `reader` has
    /// neither written nor read. Counted in the database, nothing opened.
    pub async fn thread_counts(&self, case: i64, reader: UserId) -> Result<Vec<(Audience, i64, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT m.audience, COUNT(*) AS n, \
             SUM(CASE WHEN m.author <> $2 AND NOT EXISTS \
               (SELECT 1 FROM message_reads r WHERE r.message_id = m.id AND r.user_id = $2) THEN 1 ELSE 0 END) AS unread \
             FROM messages m WHERE m.case_id = $1 GROUP BY m.audience",
        )
        .bind(case)
        .bind(reader.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let audience: String = r.try_get("audience")?;
                let audience = Audience::from_key(&audience).map_err(|_| StoreError::corrupt("message audience"))?;
                Ok((audience, r.try_get("n")?, r.try_get("unread")?))
            })
            .collect()
    }

    async fn messages_where(
        &self,
        case: i64,
        audiences: &[Audience],
        seek: &Seek<i64>,
        newest: bool,
    ) -> Result<Slice<MessageRow, i64>, StoreError> {
        let mut wheres = vec!["m.case_id = $1".to_string()];
        let mut n = 1;
        let mut keys = Vec::new();
        if !audiences.is_empty() {
            let marks: Vec<String> = audiences
                .iter()
                .map(|a| {
                    n += 1;
                    keys.push(a.key());
                    format!("${n}")
                })
                .collect();
            wheres.push(format!("m.audience IN ({})", marks.join(", ")));
        }
        let (seek_where, order) = if newest {
            crate::paging::newest_first("m.seq", seek, n + 1)
        } else {
            crate::paging::oldest_first("m.seq", seek, n + 1)
        };
        if let Some(w) = seek_where {
            wheres.push(w);
        }
        let sql = format!(
            "SELECT m.id, m.seq, m.case_id, m.audience, m.author, u.display_name, m.sent_at, m.body, m.attachments \
             FROM messages m JOIN users u ON u.id = m.author WHERE {} ORDER BY {order} LIMIT {}",
            wheres.join(" AND "),
            seek.fetch()
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case);
        for k in keys {
            query = query.bind(k);
        }
        if let Some((_, key)) = &seek.from {
            query = query.bind(*key);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        let mut read_by: HashMap<i64, Vec<(UserId, String)>> = HashMap::new();
        if !ids.is_empty() {
            let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT r.message_id, r.user_id, u.display_name FROM message_reads r \
                 JOIN users u ON u.id = r.user_id WHERE r.message_id IN ({}) ORDER BY r.read_at, r.user_id",
                marks.join(", ")
            );
            let mut reads = sqlx::query(sqlx::AssertSqlSafe(sql));
            for id in &ids {
                reads = reads.bind(*id);
            }
            for r in &reads.fetch_all(&self.pool).await? {
                read_by
                    .entry(r.try_get("message_id")?)
                    .or_default()
                    .push((UserId(r.try_get("user_id")?), r.try_get("display_name")?));
            }
        }
        let rows = rows
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("id")?;
                let audience: String = r.try_get("audience")?;
                let attachments: String = r.try_get("attachments")?;
                let row = MessageRow {
                    id,
                    case: r.try_get("case_id")?,
                    audience: Audience::from_key(&audience).map_err(|_| StoreError::corrupt("message audience"))?,
                    author: UserId(r.try_get("author")?),
                    author_name: r.try_get("display_name")?,
                    sent_at: Timestamp::from_str(&r.try_get::<String, _>("sent_at")?).map_err(StoreError::corrupt)?,
                    sealed: r.try_get("body")?,
                    attachments: serde_json::from_str(&attachments).map_err(StoreError::corrupt)?,
                    read_by: read_by.remove(&id).unwrap_or_default(),
                };
                Ok((r.try_get::<i64, _>("seq")?, row))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Slice::of(rows, seek))
    }
}

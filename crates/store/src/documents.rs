//! The case file in the database: each case's wrapped data key, and the documents filed, with
//! their audience and the blob that holds them.
//!
//! A document row is written once and never changed: a new version is a new filing that names
//! the one it replaces. The ledger holds each filing's audience, sizes and hashes, not its title
//! (as for requests, the ledger carries no case content).

use std::collections::HashMap;
use std::str::FromStr as _;

use iomed_domain::access::UserId;
use iomed_domain::case::Case;
use iomed_domain::documents::{
    Audience, CaseFileRefusal, DocumentMeta, DocumentType, FiledDocument, Named, TranslatedBy, Translation,
    may_answer_share, may_ask_to_share, may_file,
};
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;
use crate::accounts::{Entry, OutgoingMail, queue_mail};
use crate::blobs::Stored;
use crate::ids::{Table, new_row};

/// A change to a case file.
#[derive(Debug, Clone)]
pub enum DocumentChange {
    /// Keep this wrapped data key for the case, unless it already has one.
    EnsureKey { case: i64, wrapped: String },
    /// File a document whose content is already stored.
    File {
        case: i64,
        filer: UserId,
        meta: DocumentMeta,
        file_name: String,
        media_type: String,
        stored: Stored,
        /// Notices to everyone else in the audience: they carry no content.
        mails: Vec<OutgoingMail>,
    },
    /// A mediator asks the side whose caucus document it is for permission to pass it to
    /// everyone on the case.
    AskToShare { document: i64, mediator: UserId, mails: Vec<OutgoingMail> },
    /// The side answers; a grant files the same content as a new joint document that names the
    /// original.
    AnswerShare { request: i64, by: UserId, grant: bool, mails: Vec<OutgoingMail> },
    /// Every case key, wrapped again under a new master key: each as it was read (`old`) and as
    /// it is to be (`new`). Refused, writing nothing, if any case key is not as it was read or a
    /// case key was made meanwhile. The ledger records how many, and the new key's id, never a key.
    /// Drafts' keys (not filed yet) likewise, by draft.
    RewrapKeys { keys: Vec<(i64, String, String)>, drafts: Vec<(i64, String, String)>, new_key_id: String },
}

/// Why a filing is refused. Nothing is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentRefusal {
    #[error("no such case")]
    NoSuchCase,
    #[error("the case is closed")]
    CaseClosed,
    /// The document named as replaced is not in this case with this audience.
    #[error("the document this one replaces is not in this case with the same audience")]
    UnknownReplaced,
    #[error("that document has already been replaced by a newer version")]
    AlreadyReplaced,
    /// The document named as translated is not in this case with this audience.
    #[error("the document this one translates is not in this case with the same audience")]
    UnknownTranslated,
    #[error("only a caucus document can be shared with its side's permission")]
    NotShareable,
    #[error("permission to share this document was already asked")]
    AlreadyAsked,
    #[error("no such request for permission")]
    NoSuchShareRequest,
    #[error("this request for permission was already answered")]
    AlreadyAnswered,
    #[error("a case key was made or changed while the master key was being rotated")]
    KeysChanged,
}

impl From<CaseFileRefusal> for DocumentRefusal {
    fn from(r: CaseFileRefusal) -> DocumentRefusal {
        match r {
            CaseFileRefusal::CaseClosed => DocumentRefusal::CaseClosed,
            CaseFileRefusal::UnknownReplaced => DocumentRefusal::UnknownReplaced,
            CaseFileRefusal::AlreadyReplaced => DocumentRefusal::AlreadyReplaced,
            CaseFileRefusal::UnknownTranslated => DocumentRefusal::UnknownTranslated,
            CaseFileRefusal::NotShareable => DocumentRefusal::NotShareable,
            CaseFileRefusal::AlreadyAsked => DocumentRefusal::AlreadyAsked,
            CaseFileRefusal::AlreadyAnswered => DocumentRefusal::AlreadyAnswered,
        }
    }
}

/// What the case file holds under document number `document` in case `case`, if anything.
pub(crate) async fn filed_in(
    tx: &mut Transaction<'_, Any>,
    case: i64,
    document: i64,
) -> Result<Option<FiledDocument>, StoreError> {
    let row = sqlx::query("SELECT audience, kind FROM documents WHERE id = $1 AND case_id = $2")
        .bind(document)
        .bind(case)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let audience = Audience::from_key(&row.try_get::<String, _>("audience")?)
        .map_err(|_| StoreError::corrupt("document audience"))?;
    let kind =
        DocumentType::parse(&row.try_get::<String, _>("kind")?).ok_or_else(|| StoreError::corrupt("document type"))?;
    Ok(Some(FiledDocument { audience, kind }))
}

impl DocumentRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            DocumentRefusal::NoSuchCase => "not_found",
            DocumentRefusal::CaseClosed => "case_closed",
            DocumentRefusal::UnknownReplaced => "unknown_replaced",
            DocumentRefusal::AlreadyReplaced => "already_replaced",
            DocumentRefusal::UnknownTranslated => "unknown_translated",
            DocumentRefusal::NotShareable => "not_shareable",
            DocumentRefusal::AlreadyAsked => "already_asked",
            DocumentRefusal::NoSuchShareRequest => "no_such_share_request",
            DocumentRefusal::AlreadyAnswered => "already_answered",
            DocumentRefusal::KeysChanged => "keys_changed",
        }
    }
}

/// A filed document, as the case file lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    pub id: i64,
    pub case: i64,
    pub title: String,
    pub kind: DocumentType,
    pub language: String,
    pub audience: Audience,
    pub filed_by: UserId,
    pub filed_by_name: String,
    pub filed_at: Timestamp,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub content_hash: String,
    pub blob: String,
    pub replaces: Option<i64>,
    /// The newer version, if one was filed.
    pub replaced_by: Option<i64>,
    pub translation: Option<Translation>,
    /// The caucus document this joint one passes on, with its side's permission.
    pub shared_from: Option<i64>,
    /// Its place among the documents of its audience in the case, in the order of filing (1, 2,
    /// 3 …): how people refer to it. It counts only documents of the same audience, so it tells
    /// a reader nothing of the documents they cannot see.
    pub number: i64,
}

/// A mediator's request for permission to share a caucus document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareRequestRow {
    pub id: i64,
    pub case: i64,
    pub document: i64,
    pub audience: Audience,
    pub requested_by_name: String,
    pub requested_at: Timestamp,
    /// `granted` or `refused`; none while pending.
    pub answer: Option<String>,
    pub answered_at: Option<Timestamp>,
    /// The joint document a grant filed.
    pub shared_as: Option<i64>,
}

pub(crate) fn documents_stream(case: i64) -> String {
    format!("case/{case}/documents")
}

async fn document_in(
    tx: &mut Transaction<'_, Any>,
    case: i64,
    audience: Audience,
    id: i64,
) -> Result<Option<bool>, StoreError> {
    let row = sqlx::query(
        "SELECT d.id, (SELECT COUNT(*) FROM documents n WHERE n.replaces = d.id) AS newer FROM documents d \
         WHERE d.id = $1 AND d.case_id = $2 AND d.audience = $3",
    )
    .bind(id)
    .bind(case)
    .bind(audience.key())
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|r| Ok(r.try_get::<i64, _>("newer")? > 0)).transpose()
}

pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    cases: &mut HashMap<i64, Case>,
    commitments: &crate::Commitments,
    change: &DocumentChange,
    now: Timestamp,
) -> Result<Result<Vec<Entry>, DocumentRefusal>, StoreError> {
    let at = now.to_string();
    match change {
        DocumentChange::EnsureKey { case, wrapped } => {
            if crate::cases::load_case(tx, cases, *case).await?.is_none() {
                return Ok(Err(DocumentRefusal::NoSuchCase));
            }
            let existing = sqlx::query("SELECT case_id FROM case_keys WHERE case_id = $1")
                .bind(*case)
                .fetch_optional(&mut **tx)
                .await?;
            if existing.is_some() {
                return Ok(Ok(Vec::new()));
            }
            sqlx::query("INSERT INTO case_keys (case_id, wrapped, created_at) VALUES ($1, $2, $3)")
                .bind(*case)
                .bind(wrapped.as_str())
                .bind(at.as_str())
                .execute(&mut **tx)
                .await?;
            Ok(Ok(vec![Entry {
                stream: documents_stream(*case),
                kind: "case.key_created",
                body: json!({"case": case}),
            }]))
        }
        DocumentChange::RewrapKeys { keys, drafts, new_key_id } => {
            crate::keys::rewrap(tx, keys, drafts, new_key_id).await
        }
        DocumentChange::File { case, filer, meta, file_name, media_type, stored, mails } => {
            let Some(state) = crate::cases::load_case(tx, cases, *case).await? else {
                return Ok(Err(DocumentRefusal::NoSuchCase));
            };
            let named = |found: Option<bool>| match found {
                None => Named::Absent,
                Some(replaced) => Named::Present { replaced },
            };
            let replaces = match meta.replaces {
                Some(old) => Some(named(document_in(tx, *case, meta.audience, old).await?)),
                None => None,
            };
            let translates = match &meta.translation {
                Some(t) => Some(named(document_in(tx, *case, meta.audience, t.of).await?)),
                None => None,
            };
            if let Err(r) = may_file(state.is_closed(), replaces, translates) {
                return Ok(Err(r.into()));
            }
            let id = insert_document(tx, *case, *filer, &at, meta, file_name, media_type, stored).await?;
            let mut entries = vec![filed_entry(commitments, *case, id, *filer, meta, file_name, media_type, stored)];
            notices(tx, &mut entries, *case, mails, &at, json!({"document": id})).await?;
            Ok(Ok(entries))
        }
        DocumentChange::AskToShare { document, mediator, mails } => {
            let row = sqlx::query("SELECT case_id, audience FROM documents WHERE id = $1")
                .bind(*document)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(DocumentRefusal::NotShareable)) };
            let case: i64 = row.try_get("case_id")?;
            let audience = Audience::from_key(&row.try_get::<String, _>("audience")?)
                .map_err(|_| StoreError::corrupt("document audience"))?;
            let Some(state) = crate::cases::load_case(tx, cases, case).await? else {
                return Ok(Err(DocumentRefusal::NoSuchCase));
            };
            let asked = sqlx::query("SELECT id FROM share_requests WHERE document_id = $1")
                .bind(*document)
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
            let side = match may_ask_to_share(audience, state.is_closed(), asked) {
                Ok(side) => side,
                Err(r) => return Ok(Err(r.into())),
            };
            let (id, seq) = new_row(tx, Table::ShareRequests).await?;
            sqlx::query(
                "INSERT INTO share_requests (id, case_id, document_id, side, requested_by, requested_at, seq) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(case)
            .bind(*document)
            .bind(side.as_str())
            .bind(mediator.0)
            .bind(at.as_str())
            .bind(seq)
            .execute(&mut **tx)
            .await?;
            let mut entries = vec![Entry {
                stream: documents_stream(case),
                kind: "document.share_requested",
                body: json!({"case": case, "request": id, "document": document, "side": side.as_str(), "mediator": mediator.0}),
            }];
            notices(tx, &mut entries, case, mails, &at, json!({"share_request": id})).await?;
            Ok(Ok(entries))
        }
        DocumentChange::AnswerShare { request, by, grant, mails } => {
            let row = sqlx::query("SELECT case_id, document_id, answer FROM share_requests WHERE id = $1")
                .bind(*request)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(DocumentRefusal::NoSuchShareRequest)) };
            let answered = row.try_get::<Option<String>, _>("answer")?.is_some();
            let case: i64 = row.try_get("case_id")?;
            let original: i64 = row.try_get("document_id")?;
            let Some(state) = crate::cases::load_case(tx, cases, case).await? else {
                return Ok(Err(DocumentRefusal::NoSuchCase));
            };
            if let Err(r) = may_answer_share(answered, state.is_closed()) {
                return Ok(Err(r.into()));
            }
            let shared_as = if *grant {
                let (id, seq) = new_row(tx, Table::Documents).await?;
                // The same content (and blob) as a new joint filing by the consenting side.
                sqlx::query(
                    "INSERT INTO documents (id, case_id, title, kind, language, audience, filed_by, filed_at, file_name, \
                     media_type, size, content_hash, blob, shared_from, seq) SELECT $1, case_id, title, kind, language, \
                     'joint', $2, $3, file_name, media_type, size, content_hash, blob, id, $5 FROM documents WHERE id = $4",
                )
                .bind(id)
                .bind(by.0)
                .bind(at.as_str())
                .bind(original)
                .bind(seq)
                .execute(&mut **tx)
                .await?;
                Some(id)
            } else {
                None
            };
            let answer = if *grant { "granted" } else { "refused" };
            sqlx::query("UPDATE share_requests SET answer = $1, answered_by = $2, answered_at = $3, shared_as = $4 WHERE id = $5")
                .bind(answer)
                .bind(by.0)
                .bind(at.as_str())
                .bind(shared_as)
                .bind(*request)
                .execute(&mut **tx)
                .await?;
            let mut entries = vec![Entry {
                stream: documents_stream(case),
                kind: if *grant { "document.share_granted" } else { "document.share_refused" },
                body: json!({"case": case, "request": request, "document": original, "by": by.0, "shared_as": shared_as}),
            }];
            if let Some(id) = shared_as {
                entries.push(Entry {
                    stream: documents_stream(case),
                    kind: "document.filed",
                    body: json!({"case": case, "document": id, "filer": by.0, "audience": "joint", "shared_from": original}),
                });
            }
            notices(tx, &mut entries, case, mails, &at, json!({"share_request": request})).await?;
            Ok(Ok(entries))
        }
    }
}

/// Writes a new document of the case file; gives its id.
#[allow(clippy::too_many_arguments)] // the columns of a document
pub(crate) async fn insert_document(
    tx: &mut Transaction<'_, Any>,
    case: i64,
    filer: UserId,
    at: &str,
    meta: &DocumentMeta,
    file_name: &str,
    media_type: &str,
    stored: &Stored,
) -> Result<i64, StoreError> {
    let (id, seq) = new_row(tx, Table::Documents).await?;
    let size = i64::try_from(stored.size).map_err(StoreError::corrupt)?;
    let t = meta.translation.as_ref();
    sqlx::query(
        "INSERT INTO documents (id, case_id, title, kind, language, audience, filed_by, filed_at, file_name, \
         media_type, size, content_hash, blob, replaces, translation_of, translation_authentic, translated_by, \
         translation_reviewed, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
    )
    .bind(id)
    .bind(case)
    .bind(meta.title.as_str())
    .bind(meta.kind.as_str())
    .bind(meta.language.as_str())
    .bind(meta.audience.key())
    .bind(filer.0)
    .bind(at)
    .bind(file_name)
    .bind(media_type)
    .bind(size)
    .bind(stored.content_hash.as_str())
    .bind(stored.address.as_str())
    .bind(meta.replaces)
    .bind(t.map(|t| t.of))
    .bind(t.map(|t| i64::from(t.authentic)))
    .bind(t.map(|t| translated_by_str(t.by)))
    .bind(t.map(|t| i64::from(t.reviewed)))
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// The ledger's `document.filed` event: the filing's audience, sizes and commitments to its
/// content and metadata, never its title or bytes.
#[allow(clippy::too_many_arguments)] // what the event commits to
pub(crate) fn filed_entry(
    commitments: &crate::Commitments,
    case: i64,
    id: i64,
    filer: UserId,
    meta: &DocumentMeta,
    file_name: &str,
    media_type: &str,
    stored: &Stored,
) -> Entry {
    Entry {
        stream: documents_stream(case),
        kind: "document.filed",
        body: json!({
            "case": case,
            "document": id,
            "filer": filer.0,
            "audience": meta.audience.key(),
            "type": meta.kind.as_str(),
            "language": meta.language,
            "size": stored.size,
            // The content's hash, committed under the ledger's key: a plain hash would let
            // anyone holding a known file learn whether it was filed.
            "content_commitment": commitments.commit("document content", stored.content_hash.as_bytes()),
            "blob": stored.address,
            "replaces": meta.replaces,
            "translation_of": meta.translation.as_ref().map(|t| t.of),
            "metadata_hash": commitments.commit("document metadata", format!("{}\n{}\n{}", meta.title, file_name, media_type).as_bytes()),
        }),
    }
}

async fn notices(
    tx: &mut Transaction<'_, Any>,
    entries: &mut Vec<Entry>,
    case: i64,
    mails: &[OutgoingMail],
    at: &str,
    about: serde_json::Value,
) -> Result<(), StoreError> {
    for mail in mails {
        let outbox = queue_mail(tx, mail, at).await?;
        entries.push(Entry {
            stream: format!("case/{case}/notices"),
            kind: "case.notice_queued",
            body: json!({"case": case, "outbox": outbox, "about": about}),
        });
    }
    Ok(())
}

fn translated_by_str(by: TranslatedBy) -> &'static str {
    match by {
        TranslatedBy::Human => "human",
        TranslatedBy::Machine => "machine",
    }
}

pub(crate) const DOCUMENT_COLUMNS: &str = "d.id, d.case_id, d.title, d.kind, d.language, d.audience, d.filed_by, \
    u.display_name, d.filed_at, d.file_name, d.media_type, d.size, d.content_hash, d.blob, d.replaces, \
    (SELECT n.id FROM documents n WHERE n.replaces = d.id ORDER BY n.seq DESC LIMIT 1) AS replaced_by, d.translation_of, \
    d.translation_authentic, d.translated_by, d.translation_reviewed, d.shared_from, \
    (SELECT COUNT(*) FROM documents o WHERE o.case_id = d.case_id AND o.audience = d.audience AND o.seq <= d.seq) \
    AS number";

pub(crate) fn document_row(row: &sqlx::any::AnyRow) -> Result<DocumentRow, StoreError> {
    let kind: String = row.try_get("kind")?;
    let audience: String = row.try_get("audience")?;
    let translation = match row.try_get::<Option<i64>, _>("translation_of")? {
        Some(of) => Some(Translation {
            of,
            authentic: row.try_get::<Option<i64>, _>("translation_authentic")?.unwrap_or(0) != 0,
            by: match row.try_get::<Option<String>, _>("translated_by")?.as_deref() {
                Some("machine") => TranslatedBy::Machine,
                _ => TranslatedBy::Human,
            },
            reviewed: row.try_get::<Option<i64>, _>("translation_reviewed")?.unwrap_or(0) != 0,
        }),
        None => None,
    };
    Ok(DocumentRow {
        id: row.try_get("id")?,
        case: row.try_get("case_id")?,
        title: row.try_get("title")?,
        kind: DocumentType::parse(&kind).ok_or_else(|| StoreError::corrupt(format!("document type '{kind}'")))?,
        language: row.try_get("language")?,
        audience: Audience::from_key(&audience)
            .map_err(|_| StoreError::corrupt(format!("document audience '{audience}'")))?,
        filed_by: UserId(row.try_get("filed_by")?),
        filed_by_name: row.try_get("display_name")?,
        filed_at: Timestamp::from_str(&row.try_get::<String, _>("filed_at")?).map_err(StoreError::corrupt)?,
        file_name: row.try_get("file_name")?,
        media_type: row.try_get("media_type")?,
        size: u64::try_from(row.try_get::<i64, _>("size")?).map_err(StoreError::corrupt)?,
        content_hash: row.try_get("content_hash")?,
        blob: row.try_get("blob")?,
        replaces: row.try_get("replaces")?,
        replaced_by: row.try_get("replaced_by")?,
        translation,
        shared_from: row.try_get("shared_from")?,
        number: row.try_get("number")?,
    })
}

impl crate::Store {
    pub async fn document_change(&self, actor: &str, change: DocumentChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Document(change)).await
    }

    /// One document, whoever may see it: the caller asks the access policy before showing it.
    pub async fn document(&self, id: i64) -> Result<Option<DocumentRow>, StoreError> {
        let sql =
            format!("SELECT {DOCUMENT_COLUMNS} FROM documents d JOIN users u ON u.id = d.filed_by WHERE d.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(document_row).transpose()
    }

    /// The requests for permission to share in a case, oldest first, whoever may see them: the
    /// caller filters them by the audience of their document.
    pub async fn share_requests_of(&self, case: i64) -> Result<Vec<ShareRequestRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT s.id, s.case_id, s.document_id, d.audience, u.display_name, s.requested_at, s.answer, \
             s.answered_at, s.shared_as FROM share_requests s JOIN documents d ON d.id = s.document_id \
             JOIN users u ON u.id = s.requested_by WHERE s.case_id = $1 ORDER BY s.seq",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let audience: String = r.try_get("audience")?;
                let ts = |t: String| Timestamp::from_str(&t).map_err(StoreError::corrupt);
                Ok(ShareRequestRow {
                    id: r.try_get("id")?,
                    case: r.try_get("case_id")?,
                    document: r.try_get("document_id")?,
                    audience: Audience::from_key(&audience).map_err(|_| StoreError::corrupt("audience"))?,
                    requested_by_name: r.try_get("display_name")?,
                    requested_at: ts(r.try_get("requested_at")?)?,
                    answer: r.try_get("answer")?,
                    answered_at: r.try_get::<Option<String>, _>("answered_at")?.map(ts).transpose()?,
                    shared_as: r.try_get("shared_as")?,
                })
            })
            .collect()
    }

    /// One request for permission to share.
    pub async fn share_request(&self, id: i64) -> Result<Option<ShareRequestRow>, StoreError> {
        let Some(case) =
            sqlx::query("SELECT case_id FROM share_requests WHERE id = $1").bind(id).fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let case: i64 = case.try_get("case_id")?;
        Ok(self.share_requests_of(case).await?.into_iter().find(|r| r.id == id))
    }

    /// Puts a mediator on a case directly, for tests of what mediators see. Appointment, with
    /// its conflict checks and ledger events, is the panels capability's; until it lands, this
    /// is the only way a mediator joins a case, and it exists only in test builds.
    #[cfg(feature = "testing")]
    pub async fn add_mediator_for_test(&self, case: i64, user: UserId) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO case_participants (case_id, user_id, standing, added_at, case_seq) \
             SELECT $1, $2, 'mediator', $3, c.seq FROM cases c WHERE c.id = $1",
        )
        .bind(case)
        .bind(user.0)
        .bind(self.now().to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

//! A draft's annexes: attached and taken off while it is drafted (its owner alone sees them), and
//! put in the joint case file when it is filed, in the filing's transaction. The ledger holds each
//! annex's sizes and commitments, never its title or bytes, as for documents.

use iomed_domain::access::UserId;
use iomed_domain::documents::DocumentType;
use iomed_domain::documents::annexes::{AnnexMeta, AnnexRefusal, may_attach, may_detach};
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{Applied, CaseRefusal, Entry};
use crate::blobs::Stored;
use crate::ids::{Table, new_row};
use crate::{Commitments, StoreError};

/// An annex to attach, its content already stored under the draft's key.
#[derive(Debug, Clone)]
pub struct NewAnnex {
    pub meta: AnnexMeta,
    pub file_name: String,
    pub media_type: String,
    pub stored: Stored,
}

/// An annex as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexRow {
    pub id: i64,
    pub request: i64,
    pub title: String,
    pub kind: DocumentType,
    pub language: String,
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub content_hash: String,
    pub blob: String,
    pub added_at: Timestamp,
    /// The document of the case file it became at filing.
    pub document: Option<i64>,
}

/// The draft `request` of `owner`: whether it was filed. None: not theirs, or no such draft.
async fn draft_state(tx: &mut Transaction<'_, Any>, owner: UserId, request: i64) -> Result<Option<bool>, StoreError> {
    let row = sqlx::query("SELECT case_id FROM requests WHERE id = $1 AND owner = $2")
        .bind(request)
        .bind(owner.0)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|r| Ok(r.try_get::<Option<i64>, _>("case_id")?.is_some())).transpose()
}

fn stream(request: i64) -> String {
    format!("request/{request}")
}

/// Keeps the draft's wrapped key, unless it has one already (another upload made it first).
pub(super) async fn ensure_key(tx: &mut Transaction<'_, Any>, owner: UserId, request: i64, wrapped: &str) -> Applied {
    match draft_state(tx, owner, request).await? {
        None => return Ok(Err(CaseRefusal::NoSuchDraft)),
        Some(true) => return Ok(Err(CaseRefusal::AlreadyFiled)),
        Some(false) => {}
    }
    let changed = sqlx::query("UPDATE requests SET wrapped_key = $1 WHERE id = $2 AND wrapped_key IS NULL")
        .bind(wrapped)
        .bind(request)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if changed == 0 {
        return Ok(Ok((None, Vec::new())));
    }
    Ok(Ok((
        None,
        vec![Entry { stream: stream(request), kind: "request.key_created", body: json!({"request": request}) }],
    )))
}

pub(super) async fn attach(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    at: &str,
    owner: UserId,
    request: i64,
    annexes: &[NewAnnex],
) -> Applied {
    let Some(filed) = draft_state(tx, owner, request).await? else { return Ok(Err(CaseRefusal::NoSuchDraft)) };
    let present: i64 = sqlx::query("SELECT COUNT(*) AS n FROM request_annexes WHERE request_id = $1")
        .bind(request)
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?;
    let present = usize::try_from(present).map_err(StoreError::corrupt)?;
    if let Err(r) = may_attach(filed, present, annexes.len()) {
        return Ok(Err(r.into()));
    }
    let mut entries = Vec::with_capacity(annexes.len());
    let mut first = None;
    for a in annexes {
        let (id, seq) = new_row(tx, Table::Annexes).await?;
        first.get_or_insert(id);
        let size = i64::try_from(a.stored.size).map_err(StoreError::corrupt)?;
        sqlx::query(
            "INSERT INTO request_annexes (id, request_id, title, kind, language, file_name, media_type, size, \
             content_hash, blob, added_at, document_id, seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12)",
        )
        .bind(id)
        .bind(request)
        .bind(a.meta.title.as_str())
        .bind(a.meta.kind.as_str())
        .bind(a.meta.language.as_str())
        .bind(a.file_name.as_str())
        .bind(a.media_type.as_str())
        .bind(size)
        .bind(a.stored.content_hash.as_str())
        .bind(a.stored.address.as_str())
        .bind(at)
        .bind(seq)
        .execute(&mut **tx)
        .await?;
        entries.push(Entry {
            stream: stream(request),
            kind: "request.annex_attached",
            body: json!({
                "request": request,
                "annex": id,
                "type": a.meta.kind.as_str(),
                "language": a.meta.language,
                "size": a.stored.size,
                "blob": a.stored.address,
                "content_commitment": commitments.commit("document content", a.stored.content_hash.as_bytes()),
                "metadata_hash": commitments.commit(
                    "document metadata",
                    format!("{}\n{}\n{}", a.meta.title, a.file_name, a.media_type).as_bytes()
                ),
            }),
        });
    }
    Ok(Ok((first, entries)))
}

pub(super) async fn detach(tx: &mut Transaction<'_, Any>, owner: UserId, request: i64, annex: i64) -> Applied {
    let Some(filed) = draft_state(tx, owner, request).await? else { return Ok(Err(CaseRefusal::NoSuchDraft)) };
    if let Err(r) = may_detach(filed) {
        return Ok(Err(r.into()));
    }
    let removed = sqlx::query("DELETE FROM request_annexes WHERE id = $1 AND request_id = $2")
        .bind(annex)
        .bind(request)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    if removed == 0 {
        return Ok(Err(AnnexRefusal::NoSuchAnnex.into()));
    }
    Ok(Ok((
        None,
        vec![Entry {
            stream: stream(request),
            kind: "request.annex_detached",
            body: json!({"request": request, "annex": annex}),
        }],
    )))
}

/// At filing: the case takes the draft's key (still bound to the draft) and each annex becomes a
/// joint document of the case file, filed by the owner now, in the order attached.
pub(super) async fn adopt(
    tx: &mut Transaction<'_, Any>,
    commitments: &Commitments,
    at: &str,
    owner: UserId,
    request: i64,
    case: i64,
) -> Result<Vec<Entry>, StoreError> {
    let mut entries = Vec::new();
    let key = sqlx::query("SELECT wrapped_key FROM requests WHERE id = $1").bind(request).fetch_one(&mut **tx).await?;
    let annexes = annexes_in(&mut **tx, request).await?;
    let Some(wrapped) = key.try_get::<Option<String>, _>("wrapped_key")? else {
        // An annex is stored under its draft's key: one without it could never be read.
        if !annexes.is_empty() {
            return Err(StoreError::corrupt("a draft's annexes without the draft's key"));
        }
        return Ok(entries);
    };
    sqlx::query("INSERT INTO case_keys (case_id, wrapped, created_at, draft_id) VALUES ($1, $2, $3, $4)")
        .bind(case)
        .bind(wrapped.as_str())
        .bind(at)
        .bind(request)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE requests SET wrapped_key = NULL WHERE id = $1").bind(request).execute(&mut **tx).await?;
    entries.push(Entry {
        stream: crate::documents::documents_stream(case),
        kind: "case.key_created",
        body: json!({"case": case, "from_request": request}),
    });
    for annex in annexes {
        let meta =
            AnnexMeta { title: annex.title.clone(), kind: annex.kind, language: annex.language.clone() }.as_filed();
        let stored = Stored { address: annex.blob.clone(), content_hash: annex.content_hash.clone(), size: annex.size };
        let id =
            crate::documents::insert_document(tx, case, owner, at, &meta, &annex.file_name, &annex.media_type, &stored)
                .await?;
        sqlx::query("UPDATE request_annexes SET document_id = $1 WHERE id = $2")
            .bind(id)
            .bind(annex.id)
            .execute(&mut **tx)
            .await?;
        let mut entry = crate::documents::filed_entry(
            commitments,
            case,
            id,
            owner,
            &meta,
            &annex.file_name,
            &annex.media_type,
            &stored,
        );
        if let Some(body) = entry.body.as_object_mut() {
            body.insert("annex".into(), json!(annex.id));
        }
        entries.push(entry);
    }
    Ok(entries)
}

const ANNEX_COLUMNS: &str = "id, request_id, title, kind, language, file_name, media_type, size, content_hash, blob, \
    added_at, document_id";

async fn annexes_in<'e, E: sqlx::Executor<'e, Database = Any>>(
    executor: E,
    request: i64,
) -> Result<Vec<AnnexRow>, StoreError> {
    let sql = format!("SELECT {ANNEX_COLUMNS} FROM request_annexes WHERE request_id = $1 ORDER BY seq");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(request).fetch_all(executor).await?;
    rows.iter().map(annex_row).collect()
}

fn annex_row(r: &sqlx::any::AnyRow) -> Result<AnnexRow, StoreError> {
    Ok(AnnexRow {
        id: r.try_get("id")?,
        request: r.try_get("request_id")?,
        title: r.try_get("title")?,
        kind: DocumentType::parse(&r.try_get::<String, _>("kind")?).ok_or_else(|| StoreError::corrupt("annex type"))?,
        language: r.try_get("language")?,
        file_name: r.try_get("file_name")?,
        media_type: r.try_get("media_type")?,
        size: u64::try_from(r.try_get::<i64, _>("size")?).map_err(StoreError::corrupt)?,
        content_hash: r.try_get("content_hash")?,
        blob: r.try_get("blob")?,
        added_at: r.try_get::<String, _>("added_at")?.parse().map_err(StoreError::corrupt)?,
        document: r.try_get("document_id")?,
    })
}

impl crate::Store {
    /// The annexes of `owner`'s draft `request`, in the order attached; none if it is not theirs.
    pub async fn annexes_of(&self, owner: UserId, request: i64) -> Result<Vec<AnnexRow>, StoreError> {
        let mine = sqlx::query("SELECT id FROM requests WHERE id = $1 AND owner = $2")
            .bind(request)
            .bind(owner.0)
            .fetch_optional(&self.pool)
            .await?;
        if mine.is_none() {
            return Ok(Vec::new());
        }
        annexes_in(&self.pool, request).await
    }
}

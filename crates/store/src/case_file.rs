//! A case file as read: all its documents, a page of the documents of the audiences a reader may
//! see (in filing order, read by key), the audiences alone, or a few chosen documents. Which of
//! them a reader may see is the access policy's answer, asked by the caller.

use std::collections::HashMap;

use iomed_domain::documents::Audience;
use sqlx::Row as _;

use crate::StoreError;
use crate::documents::{DOCUMENT_COLUMNS, DocumentRow, document_row};
use crate::paging::{Seek, Slice, oldest_first};

/// The columns of [`DOCUMENT_COLUMNS`] that need no query of other documents; `replaced_by` and
/// `number` are left for the caller to fill in.
const DOCUMENT_PLAIN_COLUMNS: &str = "d.id, d.case_id, d.title, d.kind, d.language, d.audience, d.filed_by, \
    u.display_name, d.filed_at, d.file_name, d.media_type, d.size, d.content_hash, d.blob, d.replaces, \
    CAST(NULL AS BIGINT) AS replaced_by, d.translation_of, d.translation_authentic, d.translated_by, \
    d.translation_reviewed, d.shared_from, CAST(0 AS BIGINT) AS number";

impl crate::Store {
    /// Every document of a case in filing order, whoever may see them: the caller filters them
    /// through the access policy before counting or showing anything.
    ///
    /// Each document's number in its audience and its newer version are worked out here in one
    /// pass over the case's documents, not by a query per document as [`DOCUMENT_COLUMNS`] does:
    /// that took seconds for a case of 5,000 documents (a count over the case for each one). A
    /// version replaces a document of the same case, so the case's documents are all it takes.
    pub async fn documents_of(&self, case: i64) -> Result<Vec<DocumentRow>, StoreError> {
        let sql = format!(
            "SELECT {DOCUMENT_PLAIN_COLUMNS} FROM documents d JOIN users u ON u.id = d.filed_by \
             WHERE d.case_id = $1 ORDER BY d.seq"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case).fetch_all(&self.pool).await?;
        let mut docs = rows.iter().map(document_row).collect::<Result<Vec<_>, _>>()?;
        let mut numbers: HashMap<Audience, i64> = HashMap::new();
        let mut newer: HashMap<i64, i64> = HashMap::new();
        for d in &mut docs {
            let n = numbers.entry(d.audience).or_default();
            *n += 1;
            d.number = *n;
            if let Some(old) = d.replaces {
                // In filing order: the last one to name it is the newest.
                newer.insert(old, d.id);
            }
        }
        for d in &mut docs {
            d.replaced_by = newer.get(&d.id).copied();
        }
        Ok(docs)
    }

    /// The ids of every document of a case with their audience, whoever may see them: what the
    /// access policy needs to say which of them a reader may see, without the rest. One row per
    /// audience, its ids joined (read from the index by audience alone): a row per document costs
    /// more than the query itself for a case of thousands.
    pub async fn document_audiences(&self, case: i64) -> Result<Vec<(i64, Audience)>, StoreError> {
        let joined = match self.engine() {
            crate::Engine::Sqlite => "group_concat(id, ',')",
            crate::Engine::Postgres => "string_agg(CAST(id AS TEXT), ',')",
        };
        let sql = format!("SELECT audience, {joined} AS ids FROM documents WHERE case_id = $1 GROUP BY audience");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case).fetch_all(&self.pool).await?;
        let mut all = Vec::new();
        for r in &rows {
            let audience: String = r.try_get("audience")?;
            let audience = Audience::from_key(&audience)
                .map_err(|_| StoreError::corrupt(format!("document audience '{audience}'")))?;
            let ids: String = r.try_get("ids")?;
            for id in ids.split(',') {
                all.push((id.parse::<i64>().map_err(StoreError::corrupt)?, audience));
            }
        }
        Ok(all)
    }

    /// These documents of a case (those of them that are in it), in no particular order, whoever
    /// may see them: the caller chose them through the access policy.
    pub async fn documents_in(&self, case: i64, ids: &[i64]) -> Result<Vec<DocumentRow>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS} FROM documents d JOIN users u ON u.id = d.filed_by \
             WHERE d.case_id = $1 AND d.id IN ({})",
            marks.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case);
        for id in ids {
            query = query.bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(document_row).collect()
    }

    /// A page of the documents of `case` in `audiences`, oldest first.
    pub async fn documents_page(
        &self,
        case: i64,
        audiences: &[Audience],
        seek: &Seek<i64>,
    ) -> Result<Slice<DocumentRow, i64>, StoreError> {
        if audiences.is_empty() {
            return Ok(Slice { items: Vec::new(), before: None, after: None });
        }
        let marks: Vec<String> = (0..audiences.len()).map(|i| format!("${}", i + 2)).collect();
        let (seek_where, order) = oldest_first("d.seq", seek, audiences.len() + 2);
        let seek_where = seek_where.map(|w| format!(" AND {w}")).unwrap_or_default();
        let sql = format!(
            "SELECT {DOCUMENT_COLUMNS}, d.seq AS seq FROM documents d JOIN users u ON u.id = d.filed_by \
             WHERE d.case_id = $1 AND d.audience IN ({}){seek_where} ORDER BY {order} LIMIT {}",
            marks.join(", "),
            seek.fetch()
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(case);
        for a in audiences {
            query = query.bind(a.key());
        }
        if let Some((_, key)) = &seek.from {
            query = query.bind(*key);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let rows = rows
            .iter()
            .map(|r| Ok((sqlx::Row::try_get::<i64, _>(r, "seq")?, document_row(r)?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Slice::of(rows, seek))
    }
}

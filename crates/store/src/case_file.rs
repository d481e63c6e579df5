//! A page of a case file: the documents of the audiences a reader may see, in filing order,
//! read by key. Which audiences those are is the access policy's answer, asked by the caller.

use iomed_domain::documents::Audience;

use crate::StoreError;
use crate::documents::{DOCUMENT_COLUMNS, DocumentRow, document_row};
use crate::paging::{Seek, Slice, oldest_first};

impl crate::Store {
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

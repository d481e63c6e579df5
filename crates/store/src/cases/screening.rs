//! What screening reads of the case file (W4): the consents and proofs of authority, with the
//! side of whoever filed each, and the sides represented. The domain decides what they meet.

use iomed_domain::case::{FiledForScreening, ScreeningFile};
use iomed_domain::documents::{Audience, DocumentType};
use sqlx::{AnyConnection, Row as _};

use super::parse_standing;
use crate::{Store, StoreError};

pub(crate) async fn screening_file(conn: &mut AnyConnection, case: i64) -> Result<ScreeningFile, StoreError> {
    let rows = sqlx::query(
        "SELECT d.id, d.kind, d.audience, p.standing FROM documents d \
         LEFT JOIN case_participants p ON p.case_id = d.case_id AND p.user_id = d.filed_by \
         WHERE d.case_id = $1 AND d.kind IN ('consent_to_mediate', 'proof_of_authority') ORDER BY d.id",
    )
    .bind(case)
    .fetch_all(&mut *conn)
    .await?;
    let mut documents = Vec::with_capacity(rows.len());
    for row in &rows {
        let kind = DocumentType::parse(&row.try_get::<String, _>("kind")?)
            .ok_or_else(|| StoreError::corrupt("document type"))?;
        let audience = Audience::from_key(&row.try_get::<String, _>("audience")?)
            .map_err(|_| StoreError::corrupt("document audience"))?;
        let side = match row.try_get::<Option<String>, _>("standing")? {
            Some(s) => parse_standing(&s)?.side(),
            None => None,
        };
        documents.push(FiledForScreening { id: row.try_get("id")?, kind, audience, side });
    }
    let rows = sqlx::query("SELECT DISTINCT standing FROM case_participants WHERE case_id = $1 ORDER BY standing")
        .bind(case)
        .fetch_all(&mut *conn)
        .await?;
    let mut represented = Vec::new();
    for row in &rows {
        if let Some(side) = parse_standing(&row.try_get::<String, _>("standing")?)?.side()
            && !represented.contains(&side)
        {
            represented.push(side);
        }
    }
    Ok(ScreeningFile { documents, represented })
}

impl Store {
    /// What the case file holds that screening asks about (W4), for the checklist on the case
    /// page; registration reads the same in its own transaction.
    pub async fn screening_file(&self, case: i64) -> Result<ScreeningFile, StoreError> {
        let mut conn = self.pool.acquire().await?;
        screening_file(&mut conn, case).await
    }
}

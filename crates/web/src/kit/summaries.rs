//! A case as any list shows it: the case list of the API and the public register.

use iomed_store::cases::CaseRow;
use jiff::civil::Date;
use serde::Serialize;
use utoipa::ToSchema;

/// One case of a list: its number once registered, title, category, stage and filing date.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummaryDto {
    pub id: i64,
    pub number: Option<String>,
    pub title: String,
    pub category: String,
    pub stage: String,
    pub closure: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
}

pub fn summary_dto(r: &CaseRow) -> CaseSummaryDto {
    CaseSummaryDto {
        id: r.id,
        number: r.number.clone(),
        title: r.title.clone(),
        category: r.category.clone(),
        stage: r.stage.clone(),
        closure: r.closure.clone(),
        filed_on: r.filed_on,
    }
}

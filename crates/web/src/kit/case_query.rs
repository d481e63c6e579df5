//! The query of a case list (the reader's cases, the Secretariat's, the public register): the
//! filters by stage, category, year of filing and words in the title or number, what the case
//! waits on and its officer (the Secretariat's work queue), with the page.

use iomed_domain::access::UserId;
use iomed_domain::case::{StageName, Waiting};
use iomed_domain::scope::Category;
use iomed_store::cases::{CaseFilter, OfficerFilter};
use iomed_store::paging::Seek;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::kit::error::WebError;
use crate::kit::i18n::{I18n, Lang};
use crate::kit::paging::{Cursors, PageParams, bad_parameter};

/// The longest text a case list is searched for.
pub const MAX_SEARCH: usize = 200;

/// A case list's filters and page, as sent.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// `offer_pending`, `awaiting_screening`, `registered` or `closed` (empty: any).
    #[param(schema_with = crate::kit::schemas::stage_filter, required = false)]
    pub stage: Option<String>,
    /// `state_state`, `state_national` or `private_commercial` (empty: any).
    #[param(schema_with = crate::kit::schemas::category_filter, required = false)]
    pub category: Option<String>,
    /// The year of filing, e.g. 2026.
    #[param(value_type = Option<i16>, minimum = 2025, maximum = 9999)]
    pub year: Option<String>,
    /// Words in the title or the case number, or a State's name in any language of the site
    /// (at most 200 characters).
    #[param(value_type = Option<String>, max_length = 200)]
    pub q: Option<String>,
    /// What the case waits on: `screening`, `fee`, `consent` or `appointment` (empty: anything
    /// or nothing).
    #[param(schema_with = crate::kit::schemas::waiting_filter, required = false)]
    pub waiting: Option<String>,
    /// Whose cases: `me` (the caller is their officer), `none` (no officer yet), or an officer's
    /// user id (empty: anyone's).
    #[param(schema_with = crate::kit::schemas::officer_filter, required = false)]
    pub officer: Option<String>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    #[param(value_type = Option<String>, max_length = 2048)]
    pub cursor: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl CaseQuery {
    /// The filters, or the first one that is not one, named; `me` is the reader (for
    /// `officer=me`).
    pub fn filter(&self, me: Option<UserId>) -> Result<CaseFilter, WebError> {
        let stage = match given(&self.stage) {
            None => None,
            Some(s) => Some(StageName::parse(s).ok_or_else(|| bad_parameter("stage"))?),
        };
        let category = match given(&self.category) {
            None => None,
            Some(c) => Some(Category::parse(c).ok_or_else(|| bad_parameter("category"))?),
        };
        let year = match given(&self.year) {
            None => None,
            Some(y) => match y.parse::<i16>() {
                Ok(y) if (2025..=9999).contains(&y) => Some(y),
                _ => return Err(bad_parameter("year")),
            },
        };
        let text = match given(&self.q) {
            None => None,
            Some(q) if q.chars().count() > MAX_SEARCH => return Err(bad_parameter("q")),
            Some(q) => Some(q.to_string()),
        };
        let waiting = match given(&self.waiting) {
            None => None,
            Some(w) => Some(Waiting::parse(w).ok_or_else(|| bad_parameter("waiting"))?),
        };
        let officer = match given(&self.officer) {
            None => None,
            Some("none") => Some(OfficerFilter::Unassigned),
            Some("me") => Some(OfficerFilter::Of(me.ok_or_else(|| bad_parameter("officer"))?)),
            Some(id) => match id.parse::<i64>() {
                Ok(id) if id > 0 => Some(OfficerFilter::Of(UserId(id))),
                _ => return Err(bad_parameter("officer")),
            },
        };
        Ok(CaseFilter { stage, category, year, text, states: Vec::new(), waiting, officer })
    }

    /// The list a cursor is bound to: `name` and the filters.
    pub fn list(name: &str, filter: &CaseFilter) -> String {
        format!(
            "{name}|{}|{}|{}|{}|{}|{}",
            filter.stage.map(|s| s.as_str()).unwrap_or(""),
            filter.category.map(|c| c.as_str()).unwrap_or(""),
            filter.year.map(|y| y.to_string()).unwrap_or_default(),
            filter.text.as_deref().unwrap_or(""),
            filter.waiting.map(|w| w.as_str()).unwrap_or(""),
            officer_param(filter.officer).unwrap_or_default(),
        )
    }

    /// The filters and the page, or the first parameter that is not one.
    pub fn parse(
        &self,
        cursors: &Cursors,
        i18n: &I18n,
        name: &str,
        me: Option<UserId>,
    ) -> Result<(CaseFilter, Seek<i64>, String), WebError> {
        let mut filter = self.filter(me)?;
        if let Some(text) = &filter.text {
            filter.states = states_named(i18n, text);
        }
        let list = CaseQuery::list(name, &filter);
        let page = PageParams { limit: self.limit.clone(), cursor: self.cursor.clone() };
        let seek = page.seek(cursors, &list)?;
        Ok((filter, seek, list))
    }

    /// The filters as a query string (for the links of the pages), without the cursor.
    pub fn encoded(filter: &CaseFilter, limit: Option<&str>) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        if let Some(s) = filter.stage {
            out.append_pair("stage", s.as_str());
        }
        if let Some(c) = filter.category {
            out.append_pair("category", c.as_str());
        }
        if let Some(y) = filter.year {
            out.append_pair("year", &y.to_string());
        }
        if let Some(q) = &filter.text {
            out.append_pair("q", q);
        }
        if let Some(w) = filter.waiting {
            out.append_pair("waiting", w.as_str());
        }
        if let Some(o) = officer_param(filter.officer) {
            out.append_pair("officer", &o);
        }
        if let Some(l) = limit.filter(|l| !l.is_empty()) {
            out.append_pair("limit", l);
        }
        out.finish()
    }
}

/// The `officer` parameter of a filter: `none`, or the officer's id (`me` is sent as the id).
fn officer_param(officer: Option<OfficerFilter>) -> Option<String> {
    match officer {
        None => None,
        Some(OfficerFilter::Unassigned) => Some("none".to_owned()),
        Some(OfficerFilter::Of(user)) => Some(user.0.to_string()),
    }
}

/// The most States a search for a name reaches (a short text names many).
const MAX_STATES: usize = 12;

/// The codes of the States whose name, in any of the languages of the site, holds `text`
/// (at least two characters), without regard to case; at most [`MAX_STATES`].
pub fn states_named(i18n: &I18n, text: &str) -> Vec<String> {
    let text = text.trim().to_lowercase();
    if text.chars().count() < 2 {
        return Vec::new();
    }
    let mut codes: Vec<String> = iomed_domain::registry::un_states()
        .iter()
        .filter(|un| Lang::ALL.into_iter().any(|lang| i18n.country(lang, un).to_lowercase().contains(&text)))
        .map(|un| un.code.to_string())
        .collect();
    codes.truncate(MAX_STATES);
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_is_found_by_its_name_in_any_language_of_the_site() {
        let i18n = I18n::load().unwrap();
        for name in ["China", "chine", "中国", "中國"] {
            assert!(states_named(&i18n, name).contains(&"CHN".to_string()), "{name}");
        }
        assert_eq!(states_named(&i18n, "Pakistan"), ["PAK"]);
        assert!(states_named(&i18n, "a").is_empty(), "one letter names nothing");
        assert!(states_named(&i18n, "an").len() <= MAX_STATES);
        assert!(states_named(&i18n, "Harbourline").is_empty());
    }

    #[test]
    fn each_filter_that_is_not_one_is_named() {
        for (q, parameter) in [
            (CaseQuery { stage: Some("pending".into()), ..Default::default() }, "stage"),
            (CaseQuery { category: Some("mixed".into()), ..Default::default() }, "category"),
            (CaseQuery { year: Some("20x6".into()), ..Default::default() }, "year"),
            (CaseQuery { year: Some("1999".into()), ..Default::default() }, "year"),
            (CaseQuery { q: Some("x".repeat(201)), ..Default::default() }, "q"),
            (CaseQuery { waiting: Some("lunch".into()), ..Default::default() }, "waiting"),
            (CaseQuery { officer: Some("-3".into()), ..Default::default() }, "officer"),
            (CaseQuery { officer: Some("me".into()), ..Default::default() }, "officer"),
        ] {
            match q.filter(None) {
                Err(WebError::Detailed { extra, .. }) => assert_eq!(extra["parameter"], parameter),
                other => panic!("{parameter}: {other:?}"),
            }
        }
        let ok = CaseQuery {
            stage: Some("registered".into()),
            category: Some("state_state".into()),
            year: Some("2026".into()),
            q: Some("  solar ".into()),
            waiting: Some("fee".into()),
            officer: Some("me".into()),
            ..Default::default()
        };
        let f = ok.filter(Some(UserId(7))).unwrap();
        assert_eq!((f.waiting, f.officer), (Some(Waiting::Fee), Some(OfficerFilter::Of(UserId(7)))));
        assert_eq!(f.stage, Some(StageName::Registered));
        assert_eq!(f.text.as_deref(), Some("solar"));
        assert_eq!(
            CaseQuery::encoded(&f, Some("20")),
            "stage=registered&category=state_state&year=2026&q=solar&waiting=fee&officer=7&limit=20"
        );
    }
}

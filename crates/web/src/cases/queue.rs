//! The Secretariat's work queue on its list of cases: how many open cases wait on screening, the
//! fee, the other side's consent or an appointment (in all, its own, without an officer), each a
//! link to the list so filtered, and the list's filters by what a case waits on and by officer.

use iomed_domain::access::UserId;
use iomed_domain::case::Waiting;
use iomed_store::cases::{CaseFilter, OfficerFilter};

use crate::kit::error::WebError;
use crate::kit::i18n::Lang;
use crate::kit::render::Page;
use crate::kit::state::AppState;

/// One line of the queue: what is waited on, and the three counts with their links.
pub struct QueueLine {
    pub label: String,
    pub all: (i64, String),
    pub mine: (i64, String),
    pub unassigned: (i64, String),
}

/// The queue, and the form's choices.
pub struct QueueView {
    pub lines: Vec<QueueLine>,
    /// What the list is filtered on now (`""` for nothing), and each choice (value, label).
    pub waiting: String,
    pub waitings: Vec<(&'static str, String)>,
    /// Whose cases the list shows now (`""`, `none` or an id), and each choice.
    pub officer: String,
    pub officers: Vec<(String, String)>,
    /// Each officer's name by id, for the list's column.
    names: Vec<(UserId, String)>,
}

impl QueueView {
    /// The officer's name for the list's column, or nothing.
    pub fn name_of(&self, officer: Option<UserId>) -> String {
        officer.and_then(|o| self.names.iter().find(|(id, _)| *id == o)).map(|(_, n)| n.clone()).unwrap_or_default()
    }
}

/// The label of what a case waits on, in the reader's language.
pub fn waiting_label(p: &Page<'_>, waiting: Waiting) -> String {
    p.t(&format!("waiting-{}", waiting.as_str()))
}

/// What a case waits on, as a list in the reader's language ("Screening, Lodging fee").
pub fn waiting_text(p: &Page<'_>, lang: Lang, waiting: &[Waiting]) -> String {
    let separator = if matches!(lang, Lang::ZhHans | Lang::ZhHant) { "、" } else { ", " };
    waiting.iter().map(|w| waiting_label(p, *w)).collect::<Vec<_>>().join(separator)
}

pub async fn queue_view(
    state: &AppState,
    p: &Page<'_>,
    filter: &CaseFilter,
    me: UserId,
) -> Result<QueueView, WebError> {
    let counts = state.store.waiting_counts(me).await?;
    let link = |waiting: Waiting, officer: &str| format!("/cases?waiting={}{officer}", waiting.as_str());
    let lines = counts
        .iter()
        .map(|c| QueueLine {
            label: waiting_label(p, c.waiting),
            all: (c.all, link(c.waiting, "")),
            mine: (c.mine, link(c.waiting, &format!("&officer={}", me.0))),
            unassigned: (c.unassigned, link(c.waiting, "&officer=none")),
        })
        .collect();
    let officers = state.store.case_officers().await?;
    let mut choices = vec![("none".to_owned(), p.t("officer-none-option"))];
    choices.extend(officers.iter().map(|o| (o.user.0.to_string(), o.name.clone())));
    Ok(QueueView {
        lines,
        waiting: filter.waiting.map(|w| w.as_str().to_owned()).unwrap_or_default(),
        waitings: Waiting::ALL.iter().map(|w| (w.as_str(), waiting_label(p, *w))).collect(),
        officer: match filter.officer {
            None => String::new(),
            Some(OfficerFilter::Unassigned) => "none".to_owned(),
            Some(OfficerFilter::Of(id)) => id.0.to_string(),
        },
        officers: choices,
        names: officers.into_iter().map(|o| (o.user, o.name)).collect(),
    })
}

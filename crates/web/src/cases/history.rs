//! A case's procedural history: the steps of the case's own stream, and the steps of its
//! appointments (an appointment, the appointee's answer, a challenge, its answers and decision, a
//! later disclosure, a request that the Secretary-General appoint), in the order they happened.
//!
//! Everyone on the case reads these (the mediators page shows them all); a party's private
//! ranking is not among them, nor anything from a caucus. A line names the mediator and the side,
//! never the reasons or the text, which stay on the mediators page.

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use fluent_bundle::FluentValue;
use iomed_domain::access::Action;
use iomed_store::StoreError;
use iomed_store::cases::HistoryEntry;
use iomed_store::paging::Slice;
use jiff::Timestamp;

use crate::cases::pages::HistoryItem;
use crate::cases::views::event_message;
use crate::kit::access::{case_standing, record_read};
use crate::kit::auth::Auth;
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::{Path, Query};
use crate::kit::i18n::Lang;
use crate::kit::paging::{PageParams, Pager, link_query};
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// The kinds of the appointments stream that the history tells, each by its message.
const TOLD: [&str; 9] = [
    "case.mediator_appointed",
    "case.mediator_accepted",
    "case.mediator_declined",
    "case.mediator_challenged",
    "case.challenge_answered",
    "case.challenge_upheld",
    "case.challenge_rejected",
    "case.mediator_disclosed",
    "case.sg_appointment_requested",
];

/// One line of the history.
pub struct Line {
    pub seq: i64,
    pub at: Timestamp,
    pub text: String,
}

/// The case's steps (`entries`, from its stream) and its appointments' steps, oldest first.
pub async fn lines(state: &AppState, lang: Lang, id: i64, entries: &[HistoryEntry]) -> Result<Vec<Line>, StoreError> {
    let i18n = &state.i18n;
    let mut out: Vec<Line> =
        entries.iter().map(|h| Line { seq: h.seq, at: h.at, text: event_message(i18n, lang, &h.event) }).collect();
    let rows = state.store.stream(&format!("case/{id}/appointments")).await?;
    if rows.iter().any(|r| TOLD.contains(&r.kind.as_str())) {
        let names: HashMap<i64, String> =
            state.store.appointments_of_case(id).await?.into_iter().map(|a| (a.id, a.mediator_name)).collect();
        for row in rows.iter().filter(|r| TOLD.contains(&r.kind.as_str())) {
            let body: serde_json::Value =
                serde_json::from_str(&row.body).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            // The mediator of the appointment; for an answer to a challenge, who answered.
            let name = match body["by"].as_str() {
                Some(by) => by.to_owned(),
                None => body["appointment"].as_i64().and_then(|a| names.get(&a)).cloned().unwrap_or_default(),
            };
            let side = match body["side"].as_str() {
                Some(side) => i18n.message(lang, &format!("side-{side}"), &[]),
                None => String::new(),
            };
            let key = format!("event-{}", row.kind.trim_start_matches("case.").replace('_', "-"));
            let text = i18n.message(lang, &key, &[("name", FluentValue::from(name)), ("side", side.into())]);
            let at = row.at.parse::<Timestamp>().map_err(|e| StoreError::Corrupt(e.to_string()))?;
            out.push(Line { seq: row.seq, at, text });
        }
        out.sort_by_key(|l| l.seq);
    }
    Ok(out)
}

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage<'a> {
    p: Page<'a>,
    id: i64,
    tab: &'static str,
    case_title: String,
    total: usize,
    history: Vec<HistoryItem>,
    pager: Pager,
    error: Option<String>,
}

/// A case's whole procedural history, oldest first, a page at a time (keyed by the place of each
/// step in the ledger).
pub async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    case_standing(&state, &auth, id, Action::ReadCase).await?;
    let list = format!("history|{id}");
    let (seek, error) = page.seek_or_first::<i64>(&state.cursors, &list, &state.i18n, ctx.lang);
    let (row, entries) = tokio::join!(state.store.case_row(id), state.store.case_history(id));
    let row = row?.ok_or(WebError::NotFound)?;
    let entries = lines(&state, ctx.lang, id, &entries?).await?;
    record_read(&state, &auth, id, "history", serde_json::json!({})).await;
    let total = entries.len();
    let slice = Slice::of_sorted(entries.into_iter().map(|h| (h.seq, h)).collect(), &seek);
    let query = link_query(&[], page.limit.as_deref().filter(|_| error.is_none()));
    let pager = Pager::of(&state.cursors, &list, &format!("/cases/{id}/history"), &query, &slice)?;
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let zone = jiff::tz::TimeZone::get(&auth.time_zone()).unwrap_or(jiff::tz::TimeZone::UTC);
    let history = slice
        .items
        .into_iter()
        .map(|h| HistoryItem {
            date: h.at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string(),
            text: h.text,
        })
        .collect();
    let title = crate::kit::views::case_title(i18n, lang, &row.title);
    let p = Page::new(&state, &ctx, &auth, "cases").await;
    let page = HistoryPage {
        p,
        id,
        tab: "history",
        case_title: crate::kit::views::numbered(row.number.as_deref(), title),
        total,
        history,
        pager,
        error,
    };
    render(&ctx, StatusCode::OK, &page)
}

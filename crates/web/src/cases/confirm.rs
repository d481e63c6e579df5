//! The check before a step of a case is taken from the case page: every step is final (it is in
//! the case's history and the ledger for good), so the form first shows what is about to be done,
//! with what was typed, and who will be told; only the form of that page, sent again with
//! `confirmed=yes`, takes the step. Nothing is written before. (The API takes a step at once: a
//! program says what it means.)

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::case::StepKind;

use crate::kit::auth::Auth;
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

#[derive(Template)]
#[template(path = "confirm_step.html")]
struct ConfirmPage<'a> {
    p: Page<'a>,
    id: i64,
    case_title: String,
    step: &'static str,
    /// The button's words, `do-…`.
    act: String,
    /// What was typed with it, as (label, value), shown and sent again.
    details: Vec<(String, String)>,
    council_rule: String,
    reasons: String,
    number: String,
    /// Everyone on the case but the one acting: each is told.
    told: Vec<String>,
}

/// What the step's form carried, to show and send again.
pub struct Asked<'f> {
    pub kind: StepKind,
    pub council_rule: &'f str,
    pub reasons: &'f str,
    pub number: &'f str,
}

/// The page that asks to confirm `asked` on case `id`.
pub async fn confirm_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    asked: Asked<'_>,
) -> Result<Response, WebError> {
    let row = state.store.case_row(id).await?.ok_or(WebError::NotFound)?;
    let participants = state.store.participants(id).await?;
    let actor = auth.user().map(|u| u.id);
    let told = crate::cases::views::told_of_step(&participants, actor).into_iter().map(|p| p.name.clone()).collect();
    let p = Page::new(state, ctx, auth, "cases").await;
    let step = asked.kind.as_str();
    let act = p.t(&format!("do-{}", step.replace('_', "-")));
    let mut details = Vec::new();
    let typed = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    if let Some(rule) = typed(asked.council_rule).filter(|_| asked.kind == StepKind::Register) {
        details.push((p.t("case-council-rule"), rule));
    }
    if let Some(reasons) = typed(asked.reasons).filter(|_| asked.kind == StepKind::Refuse) {
        details.push((p.t("case-refuse-reasons"), reasons));
    }
    if let Some(n) = typed(asked.number) {
        match asked.kind {
            StepKind::AgreeMediators | StepKind::ProposeMediators => details.push((p.t("case-mediators-number"), n)),
            StepKind::RecordSettlement => details.push((p.t("case-settlement-document"), n)),
            _ => {}
        }
    }
    let title = crate::kit::views::case_title(&state.i18n, ctx.lang, &row.title);
    let page = ConfirmPage {
        p,
        id,
        case_title: row.number.clone().map(|n| format!("{n} · {title}")).unwrap_or(title),
        step,
        act,
        details,
        council_rule: asked.council_rule.to_owned(),
        reasons: asked.reasons.to_owned(),
        number: asked.number.to_owned(),
        told,
    };
    render(ctx, StatusCode::OK, &page)
}

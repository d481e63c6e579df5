//! The check before a step of a case is taken from the case page: every step is final (it is in
//! the case's history and the ledger for good), so the form first shows what is about to be done,
//! with what was typed, and who will be told; only the form of that page, sent again with
//! `confirmed=yes`, takes the step. Nothing is written before. (The API takes a step at once: a
//! program says what it means.)

use axum::response::Response;
use iomed_domain::case::StepKind;

use crate::kit::auth::Auth;
use crate::kit::confirm::{Check, check_page};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::state::AppState;

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
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let step = asked.kind.as_str();
    let act = t(&format!("do-{}", step.replace('_', "-")));
    let mut details = Vec::new();
    let typed = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    if let Some(rule) = typed(asked.council_rule).filter(|_| asked.kind == StepKind::Register) {
        details.push((t("case-council-rule"), rule));
    }
    if let Some(reasons) = typed(asked.reasons).filter(|_| asked.kind == StepKind::Refuse) {
        details.push((t("case-refuse-reasons"), reasons));
    }
    if let Some(n) = typed(asked.number) {
        match asked.kind {
            StepKind::AgreeMediators | StepKind::ProposeMediators => details.push((t("case-mediators-number"), n)),
            StepKind::RecordSettlement => details.push((t("case-settlement-document"), n)),
            _ => {}
        }
    }
    let title = crate::kit::views::case_title(i18n, lang, &row.title);
    let fields =
        [("step", step), ("council_rule", asked.council_rule), ("reasons", asked.reasons), ("number", asked.number)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
    let check = Check {
        context: (format!("/cases/{id}"), crate::kit::views::numbered(row.number.as_deref(), title)),
        act,
        details,
        parts: Vec::new(),
        told,
        told_how: t("confirm-told-how"),
        told_nobody: t("confirm-told-nobody"),
        blocked: None,
        final_note: t("confirm-final"),
        action: format!("/cases/{id}/steps"),
        fields,
    };
    check_page(state, ctx, auth, "cases", check).await
}

//! The checks before the Secretariat's acts on a case's mediators that cannot be undone:
//! appointing (the conflict checks the appointment would record, shown before it is made) and
//! deciding a challenge. Nothing is written here; the forms of these pages take the act.

use axum::response::Response;
use iomed_domain::access::{Action, Standing, UserId};
use iomed_domain::documents::Audience;
use iomed_domain::request::Side;
use iomed_domain::rules::RulesProfile;
use iomed_store::mediators::ChallengeRow;

use crate::kit::auth::Auth;
use crate::kit::confirm::{Check, Part, check_page};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::refusals::mediator_message;
use crate::kit::state::AppState;
use crate::mediators::case::page;
use crate::mediators::finding_items;

/// "Check, then appoint": the conflict checks the appointment would record, what the domain says
/// of them, and who is told, before anything is written.
#[allow(clippy::too_many_arguments)] // the form's fields, parsed
pub async fn appoint_check(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    standing: Option<Standing>,
    mediator: UserId,
    user: Option<&iomed_store::accounts::User>,
    agreement: Option<String>,
) -> Result<Response, WebError> {
    let findings = match state.store.appointment_check(id, mediator).await? {
        Ok(findings) => findings,
        Err(refusal) => {
            let message = mediator_message(&refusal).render(&state.i18n, ctx.lang);
            return page(state, ctx, auth, id, standing, Some(message)).await;
        }
    };
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    // The candidate by the name of their profile, as the candidate list shows them.
    let profile = state.store.mediators().await?.into_iter().find(|(id, _, _)| *id == mediator);
    let name = match (profile, user) {
        (Some((_, _, Some(p))), _) => p.name,
        (_, Some(u)) => u.display_name.clone(),
        _ => String::new(),
    };
    let mut details = vec![(t("appoint-mediator"), name.clone())];
    if let Some(a) = &agreement {
        details.push((t("appoint-agreement"), a.clone()));
    }
    let mut checks: Vec<String> = finding_items(i18n, lang, &findings)
        .into_iter()
        .map(|f| format!("{}: {}", t(&format!("severity-{}", f.severity)), f.text))
        .collect();
    if checks.is_empty() {
        checks.push(t("conflict-none"));
    }
    let blocked = iomed_domain::mediators::may_appoint(&findings, agreement.as_deref())
        .err()
        .map(|r| mediator_message(&r.into()).render(i18n, lang));
    let row = state.store.case_row(id).await?.ok_or(WebError::NotFound)?;
    let title = crate::kit::views::case_title(i18n, lang, &row.title);
    let rules = RulesProfile::in_force_on(row.filed_on);
    let check = Check {
        context: (format!("/cases/{id}/mediators"), crate::kit::views::numbered(row.number.as_deref(), title)),
        act: t("appoint-act"),
        details,
        parts: vec![Part { heading: t("appoint-check-heading"), lines: checks }],
        told: vec![name],
        told_how: i18n.message(lang, "appoint-told-how", &[("days", rules.case.declaration_days.value.into())]),
        told_nobody: String::new(),
        final_note: t("appoint-final"),
        blocked,
        action: format!("/cases/{id}/appointments"),
        fields: vec![("mediator".into(), mediator.0.to_string()), ("agreement".into(), agreement.unwrap_or_default())],
    };
    check_page(state, ctx, auth, "cases", check).await
}

/// Before a challenge is decided: the challenge, the decision and its reasons, what follows,
/// and everyone on the case, who is told.
pub async fn decision_check(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    row: &ChallengeRow,
    uphold: bool,
    reasons: &str,
) -> Result<Response, WebError> {
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let mediator = state
        .store
        .appointments_of_case(case)
        .await?
        .into_iter()
        .find(|a| a.id == row.appointment)
        .map(|a| a.mediator_name)
        .unwrap_or_default();
    let side = t(if row.side == Side::Requesting { "side-requesting" } else { "side-responding" });
    let details = vec![
        (t("challenge-check-mediator"), mediator),
        (t("challenge-check-by"), side),
        (t("challenge-reasons"), row.reasons.clone()),
        (t("challenge-decision-reasons"), reasons.trim().to_owned()),
    ];
    let follows = if uphold { "challenge-check-uphold" } else { "challenge-check-reject" };
    let participants = state.store.participants(case).await?;
    let me = auth.require_user()?.id;
    let told = crate::kit::notices::told_in(&participants, me, Action::ReadDocument(Audience::Joint))
        .map(|p| p.name.clone())
        .collect();
    let case_row = state.store.case_row(case).await?.ok_or(WebError::NotFound)?;
    let title = crate::kit::views::case_title(i18n, lang, &case_row.title);
    let check = Check {
        context: (format!("/cases/{case}/mediators"), crate::kit::views::numbered(case_row.number.as_deref(), title)),
        act: t(if uphold { "challenge-uphold" } else { "challenge-reject" }),
        details,
        parts: vec![Part { heading: t("filing-next-heading"), lines: vec![t(follows)] }],
        told,
        told_how: t("confirm-told-how"),
        told_nobody: t("confirm-told-nobody"),
        final_note: t("challenge-check-final"),
        blocked: reasons.trim().is_empty().then(|| t("challenge-check-no-reasons")),
        action: format!("/cases/{case}/challenges/{}/decision", row.id),
        fields: vec![
            ("decision".into(), if uphold { "uphold" } else { "reject" }.into()),
            ("reasons".into(), reasons.to_owned()),
        ],
    };
    check_page(state, ctx, auth, "cases", check).await
}

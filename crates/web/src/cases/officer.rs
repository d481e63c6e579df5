//! A case's officer, the member of the Secretariat who follows it: shown to the Secretariat on
//! the case page and in its work queue, and assigned by those who screen (the policy's
//! `AssignOfficer`; the domain says who may be one).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Resource, Standing, UserId, can};
use iomed_domain::notifications::NoticeKind;
use iomed_store::StoreError;
use iomed_store::accounts::OutgoingMail;
use iomed_store::cases::{CaseChange, CaseRow};
use iomed_store::notifications::Notice;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::access::case_standing;
use crate::kit::auth::{Auth, authorize, write_token};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Form, Json as Body, Path};
use crate::kit::i18n::Lang;
use crate::kit::problem::problems;
use crate::kit::refusals::case_message;
use crate::kit::state::AppState;

/// The officer section of a case page, for the Secretariat.
pub struct OfficerView {
    /// The officer's name, if one is assigned.
    pub name: Option<String>,
    /// Whom the reader may make the officer (id, name, whether it is the one now); empty if the
    /// reader may not assign.
    pub choices: Vec<(i64, String, bool)>,
}

/// The officer section for this reader: none outside the Secretariat.
pub async fn officer_view(
    state: &AppState,
    auth: &Auth,
    row: &CaseRow,
    standing: Option<Standing>,
) -> Result<Option<OfficerView>, WebError> {
    let actor = auth.actor();
    if can(&actor, Action::OverseeCases, Resource::Cases).is_err() {
        return Ok(None);
    }
    let officers = state.store.case_officers().await?;
    let name = match row.officer {
        Some(id) => match officers.iter().find(|o| o.user == id) {
            Some(o) => Some(o.name.clone()),
            // An officer since deactivated or without the role is still named.
            None => state.store.user(id).await?.map(|u| u.display_name),
        },
        None => None,
    };
    let choices = if can(&actor, Action::AssignOfficer, Resource::Case(standing)).is_ok() {
        officers.into_iter().map(|o| (o.user.0, o.name, row.officer == Some(o.user))).collect()
    } else {
        Vec::new()
    };
    Ok(Some(OfficerView { name, choices }))
}

/// What tells a new officer of the case (unless they assigned themselves): in their inbox, and by
/// e-mail as they chose for decisions; a link, no case content.
async fn officer_mail(
    state: &AppState,
    auth: &Auth,
    case: i64,
    officer: Option<UserId>,
) -> Result<Option<OutgoingMail>, WebError> {
    let Some(officer) = officer.filter(|o| auth.user().is_none_or(|u| u.id != *o)) else { return Ok(None) };
    // Someone unknown is refused by the store; there is no one to tell.
    let Some(user) = state.store.user(officer).await? else { return Ok(None) };
    let lang = Lang::parse(&user.language).unwrap_or(Lang::En);
    let path = format!("/cases/{case}");
    let link = FluentValue::from(format!("{}{path}", state.public_url));
    let choices = state.store.email_choices(&[officer]).await?;
    let email = choices.get(&officer).map(|c| c.of(NoticeKind::of("officer"))).unwrap_or_default();
    Ok(Some(OutgoingMail {
        to: user.email,
        subject: state.i18n.message(lang, "mail-officer-subject", &[]),
        body: state.i18n.message(lang, "mail-officer-body", &[("link", link)]),
        notice: Some(Notice { user: officer, case, about: "officer".into(), path, email }),
    }))
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct OfficerForm {
    /// The officer's user id; empty for none.
    officer: String,
}

fn bad_officer() -> WebError {
    WebError::bad_request("bad_body", Msg::new("error-bad-body").text("detail", "officer: not a user id".to_owned()))
}

/// `officer` as sent: empty for none, or a user id.
fn parse_officer(text: &str) -> Result<Option<UserId>, WebError> {
    match text.trim() {
        "" => Ok(None),
        id => match id.parse::<i64>() {
            Ok(id) if id > 0 => Ok(Some(UserId(id))),
            _ => Err(bad_officer()),
        },
    }
}

/// Assigns the case's officer from the case page; a refusal shows the page again with why.
pub async fn assign(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<OfficerForm>,
) -> Result<Response, WebError> {
    // Only the Secretariat has officers to assign: anyone else is refused before the case.
    authorize(&state, &auth, Action::OverseeCases, Resource::Cases).await?;
    let standing = case_standing(&state, &auth, id, Action::AssignOfficer).await?;
    let officer = parse_officer(&form.officer)?;
    let mail = officer_mail(&state, &auth, id, officer).await?;
    let change = CaseChange::AssignOfficer { case: id, officer, mail };
    match state.store.case_change(&auth.ledger_actor(), change).await {
        Ok(_) => Ok(ctx.redirect_with(&format!("/cases/{id}"), "officer-assigned")),
        Err(StoreError::CaseRefused(r)) => {
            let message = case_message(&r).render(&state.i18n, ctx.lang);
            crate::cases::pages::case_page(&state, &ctx, &auth, id, standing, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A case's officer, as asked and as answered.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficerDto {
    /// The officer's user id (a member of the Secretariat who administers cases), or null for
    /// none.
    #[schema(minimum = 1)]
    pub officer: Option<i64>,
}

/// Makes a member of the Secretariat the case's officer (`null`: none). Refused with 409 for
/// someone who does not administer cases (`not_an_officer`), a deactivated account
/// (`officer_inactive`), or the officer the case already has (`officer_unchanged`).
#[utoipa::path(put, path = "/api/v1/cases/{id}/officer", tag = "cases", operation_id = "assign_officer",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content = OfficerDto, content_type = "application/json"),
    responses((status = 200, description = "The case's officer now", body = OfficerDto),
        (status = 400, response = problems::BadRequest),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound),
        (status = 409, response = problems::Conflict), (status = 413, response = problems::TooLarge),
        (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_assign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<OfficerDto>,
) -> Result<Json<OfficerDto>, WebError> {
    write_token(&auth)?;
    authorize(&state, &auth, Action::OverseeCases, Resource::Cases).await?;
    case_standing(&state, &auth, id, Action::AssignOfficer).await?;
    let asked = body.parse()?;
    let officer = match asked.officer {
        Some(id) if id > 0 => Some(UserId(id)),
        Some(_) => return Err(bad_officer()),
        None => None,
    };
    let mail = officer_mail(&state, &auth, id, officer).await?;
    state.store.case_change(&auth.ledger_actor(), CaseChange::AssignOfficer { case: id, officer, mail }).await?;
    Ok(Json(OfficerDto { officer: officer.map(|o| o.0) }))
}

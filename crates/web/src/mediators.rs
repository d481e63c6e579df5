//! Mediators on the web: the Secretariat records profiles and appoints mediators to cases (the
//! conflict checks run and are shown, and kept in the ledger); a mediator answers their
//! appointments, accepting with the declaration or declining.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Resource, UserId};
use iomed_domain::mediators::{Declaration, Finding, ProfileDraft, answer_due};
use iomed_domain::rules::RulesProfile;
use iomed_store::StoreError;
use iomed_store::accounts::OutgoingMail;
use iomed_store::mediators::{AppointmentRow, MediatorChange};

use crate::kit::i18n::{I18n, Lang};
use crate::legacy::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::legacy::pages::{Page, internal_error, render};
use crate::legacy::{Fields, field};
use crate::{AppState, Ctx};

/// A finding as a page shows it.
pub struct FindingItem {
    pub severity: &'static str,
    pub text: String,
}

pub(crate) fn finding_items(i18n: &I18n, lang: Lang, findings: &[Finding]) -> Vec<FindingItem> {
    findings
        .iter()
        .map(|f| {
            let state = f.state.and_then(|s| s.un()).map(|un| i18n.country(lang, un)).unwrap_or_default();
            FindingItem {
                severity: f.severity.as_str(),
                text: i18n.message(
                    lang,
                    &format!("finding-{}", f.code.replace('_', "-")),
                    &[("state", FluentValue::from(state))],
                ),
            }
        })
        .collect()
}

/// An appointment as the case page and the appointee's page show it.
pub struct AppointmentItem {
    pub id: i64,
    pub case: i64,
    pub case_title: String,
    pub mediator: String,
    pub appointed_on: String,
    pub due: String,
    pub status: &'static str,
    pub findings: Vec<FindingItem>,
    pub agreement: Option<String>,
    pub disclosures: Option<String>,
    pub mediator_id: i64,
    /// Disclosures made later: (date, text).
    pub later: Vec<(String, String)>,
}

pub(crate) fn appointment_item(i18n: &I18n, lang: Lang, a: &AppointmentRow) -> AppointmentItem {
    let rules = RulesProfile::in_force_on(a.appointed_on);
    let due = answer_due(a.appointed_on, &rules).map(|d| crate::kit::views::date(i18n, lang, d)).unwrap_or_default();
    let title = crate::kit::views::case_title(i18n, lang, &a.case_title);
    AppointmentItem {
        id: a.id,
        case: a.case,
        case_title: a.case_number.clone().map(|n| format!("{n} · {title}")).unwrap_or(title),
        mediator: a.mediator_name.clone(),
        appointed_on: crate::kit::views::date(i18n, lang, a.appointed_on),
        due,
        status: a.status.as_str(),
        findings: finding_items(i18n, lang, &a.findings),
        agreement: a.agreement.clone(),
        disclosures: a.declaration.as_ref().map(|d| d.disclosures.clone()).filter(|d| !d.trim().is_empty()),
        mediator_id: a.mediator.0,
        later: a.later_disclosures.clone(),
    }
}

fn refusal_text(state: &AppState, lang: Lang, e: &StoreError) -> Option<String> {
    match e {
        StoreError::MediatorRefused(r) => {
            Some(state.i18n.message(lang, &format!("mediator-refusal-{}", r.code().replace('_', "-")), &[]))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The Secretariat's list of mediators and their profiles.

pub struct MediatorItem {
    pub id: i64,
    pub name: String,
    pub profile: Option<String>,
}

/// A designation as the Secretariat's page lists it.
pub struct DesignationItem {
    pub id: i64,
    pub state: String,
    pub panel: &'static str,
    pub mediator: String,
    pub designated_on: String,
    pub ends_on: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "mediators.html")]
struct MediatorsPage<'a> {
    p: Page<'a>,
    mediators: Vec<MediatorItem>,
    designations: Vec<DesignationItem>,
    today: String,
    draft: ProfileDraft,
    user: i64,
    errors: Vec<String>,
    notice: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn mediators_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    draft: ProfileDraft,
    user: i64,
    status: StatusCode,
    errors: Vec<String>,
    notice: Option<String>,
) -> Response {
    let rows = match state.store.mediators().await {
        Ok(r) => r,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let lang = ctx.lang;
    let mediators = rows
        .into_iter()
        .map(|(id, name, profile)| MediatorItem {
            id: id.0,
            name,
            profile: profile.map(|p| {
                let nationalities: Vec<String> = p
                    .nationalities
                    .iter()
                    .map(|c| c.un().map(|un| state.i18n.country(lang, un)).unwrap_or_else(|| c.to_string()))
                    .collect();
                format!("{} · {}", nationalities.join(", "), p.languages.join(", "))
            }),
        })
        .collect();
    let today = iomed_domain::seat::seat_date(state.store.now());
    let designations = match state.store.designations().await {
        Ok(rows) => rows
            .iter()
            .map(|d| DesignationItem {
                id: d.id,
                state: d.state.un().map(|un| state.i18n.country(lang, un)).unwrap_or_else(|| d.state.to_string()),
                panel: d.panel.as_str(),
                mediator: d.mediator_name.clone(),
                designated_on: crate::kit::views::date(&state.i18n, lang, d.designated_on),
                ends_on: crate::kit::views::date(&state.i18n, lang, d.ends_on),
                active: d.active_on(today),
            })
            .collect(),
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let p = Page::new(state, ctx, auth, "mediators").await;
    let today = today.to_string();
    render(ctx, status, &MediatorsPage { p, mediators, designations, today, draft, user, errors, notice })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ManageMediators, Resource::Cases).await {
        return r;
    }
    mediators_page(&state, &ctx, &auth, ProfileDraft::default(), 0, StatusCode::OK, vec![], None).await
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn words(text: &str) -> Vec<String> {
    text.split([',', ' ']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ManageMediators, Resource::Cases).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let lang = ctx.lang;
    let user: i64 = field(&fields, "user").trim().parse().unwrap_or(0);
    let draft = ProfileDraft {
        name: field(&fields, "name").into(),
        native_name: field(&fields, "native_name").into(),
        nationalities: words(field(&fields, "nationalities")),
        languages: words(field(&fields, "languages")),
        expertise: lines(field(&fields, "expertise")),
        state_service: lines(field(&fields, "state_service")),
        biography: field(&fields, "biography").into(),
        gender: field(&fields, "gender").into(),
        legal_tradition: field(&fields, "legal_tradition").into(),
        relationships: lines(field(&fields, "relationships")),
        unavailable: !field(&fields, "unavailable").is_empty(),
    };
    let again =
        |errors: Vec<String>, status| mediators_page(&state, &ctx, &auth, draft.clone(), user, status, errors, None);
    let profile = match draft.check() {
        Ok(p) => p,
        Err(gaps) => {
            let errors = gaps
                .iter()
                .map(|g| {
                    let base = g.field.split('[').next().unwrap_or(&g.field).replace('_', "-");
                    let label = state.i18n.message(lang, &format!("mediator-field-{base}"), &[]);
                    state.i18n.message(lang, &format!("gap-{}", g.code.replace('_', "-")), &[("field", label.into())])
                })
                .collect();
            return again(errors, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    match state
        .store
        .mediator_change(&auth.ledger_actor(), MediatorChange::RecordProfile { user: UserId(user), profile })
        .await
    {
        Ok(_) => {
            let notice = state.i18n.message(lang, "mediator-profile-recorded", &[]);
            mediators_page(&state, &ctx, &auth, ProfileDraft::default(), 0, StatusCode::OK, vec![], Some(notice)).await
        }
        Err(e) => match refusal_text(&state, lang, &e) {
            Some(message) => again(vec![message], StatusCode::CONFLICT).await,
            None => internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Appointing, on the case page.

/// Mails to the appointee: a link to their appointments, no case content.
fn appointee_mail(state: &AppState, email: &str, language: &str) -> OutgoingMail {
    let lang = Lang::parse(language).unwrap_or(Lang::En);
    OutgoingMail {
        to: email.to_owned(),
        subject: state.i18n.message(lang, "mail-appointment-subject", &[]),
        body: state.i18n.message(
            lang,
            "mail-appointment-body",
            &[("link", FluentValue::from(format!("{}/appointments", state.public_url)))],
        ),
    }
}

pub async fn appoint(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ManageMediators, Resource::Cases).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let mediator = UserId(field(&fields, "mediator").trim().parse().unwrap_or(0));
    let agreement = Some(field(&fields, "agreement").to_owned()).filter(|a| !a.trim().is_empty());
    let to = match state.store.user(mediator).await {
        Ok(Some(u)) => vec![appointee_mail(&state, &u.email, &u.language)],
        Ok(None) => vec![],
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let change = MediatorChange::Appoint { case: id, mediator, agreement, mails: to };
    let (error, notice) = match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => (None, Some(state.i18n.message(ctx.lang, "appointment-made", &[]))),
        Err(e) => match refusal_text(&state, ctx.lang, &e) {
            Some(message) => (Some(message), None),
            None => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
    };
    crate::cases::show_with(&state, &ctx, &auth, id, error, notice).await
}

// ---------------------------------------------------------------------------------------------
// The appointee's page.

#[derive(Template)]
#[template(path = "appointments.html")]
struct AppointmentsPage<'a> {
    p: Page<'a>,
    appointments: Vec<AppointmentItem>,
    error: Option<String>,
    notice: Option<String>,
}

async fn appointments_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let Some(user) = auth.user() else { return Redirect::to("/sign-in").into_response() };
    let rows = match state.store.appointments_of_mediator(user.id).await {
        Ok(r) => r,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let appointments = rows.iter().map(|a| appointment_item(&state.i18n, ctx.lang, a)).collect();
    let p = Page::new(state, ctx, auth, "appointments").await;
    render(ctx, status, &AppointmentsPage { p, appointments, error, notice })
}

pub async fn mine(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::AnswerAppointment, Resource::OwnAccount).await {
        return r;
    }
    appointments_page(&state, &ctx, &auth, StatusCode::OK, None, None).await
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::AnswerAppointment, Resource::OwnAccount).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let Some(user) = auth.user() else { return Redirect::to("/sign-in").into_response() };
    let accept = (field(&fields, "answer") == "accept").then(|| Declaration {
        independent: !field(&fields, "independent").is_empty(),
        impartial: !field(&fields, "impartial").is_empty(),
        available: !field(&fields, "available").is_empty(),
        disclosures: field(&fields, "disclosures").trim().to_owned(),
    });
    let accepting = accept.is_some();
    // The parties are told, with a link and no content.
    let case = match state.store.appointments_of_mediator(user.id).await {
        Ok(rows) => rows.iter().find(|a| a.id == id).map(|a| a.case),
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let mails = match case {
        Some(case) => {
            let key = if accepting { "appointment-accepted" } else { "appointment-declined" };
            crate::documents::audience_mails(&state, case, user.id, iomed_domain::documents::Audience::Joint, key, "")
                .await
        }
        None => vec![],
    };
    let change = MediatorChange::Answer { appointment: id, mediator: user.id, accept, mails };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => {
            let key = if accepting { "appointment-accepted-done" } else { "appointment-declined-done" };
            let notice = state.i18n.message(ctx.lang, key, &[]);
            appointments_page(&state, &ctx, &auth, StatusCode::OK, None, Some(notice)).await
        }
        Err(e) => match refusal_text(&state, ctx.lang, &e) {
            Some(message) => appointments_page(&state, &ctx, &auth, StatusCode::CONFLICT, Some(message), None).await,
            None => internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// The API.

/// A conflict-check finding.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FindingDto {
    /// `bar`, `disclose` or `note`.
    pub severity: &'static str,
    /// `national_of_party_state`, `shares_nationality_with_party`, `serves_party_state`,
    /// `served_party_state`, `served_party_state_long_ago`.
    pub code: String,
    pub state: Option<String>,
    /// The finding in the negotiated language.
    pub message: String,
}

/// An appointment with the conflict check run when it was made.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AppointmentDto {
    pub id: i64,
    pub case: i64,
    pub mediator: String,
    pub appointed_on: String,
    /// The last day to accept or decline.
    pub answer_due: Option<String>,
    /// `pending`, `accepted` or `declined`.
    pub status: &'static str,
    pub findings: Vec<FindingDto>,
    /// The reference of the parties' written agreement, for a barred appointment.
    pub parties_agreement: Option<String>,
    pub disclosures: Option<String>,
}

fn appointment_dto(i18n: &I18n, lang: Lang, a: &AppointmentRow) -> AppointmentDto {
    let rules = RulesProfile::in_force_on(a.appointed_on);
    let items = finding_items(i18n, lang, &a.findings);
    AppointmentDto {
        id: a.id,
        case: a.case,
        mediator: a.mediator_name.clone(),
        appointed_on: a.appointed_on.to_string(),
        answer_due: answer_due(a.appointed_on, &rules).map(|d| d.to_string()),
        status: a.status.as_str(),
        findings: a
            .findings
            .iter()
            .zip(items)
            .map(|(f, item)| FindingDto {
                severity: f.severity.as_str(),
                code: f.code.clone(),
                state: f.state.map(|s| s.to_string()),
                message: item.text,
            })
            .collect(),
        parties_agreement: a.agreement.clone(),
        disclosures: a.declaration.as_ref().map(|d| d.disclosures.clone()),
    }
}

fn api_refusal(state: &AppState, lang: Lang, e: StoreError) -> Response {
    match refusal_text(state, lang, &e) {
        Some(message) => {
            let code = match &e {
                StoreError::MediatorRefused(r) => r.code(),
                _ => "refused",
            };
            let status = if code == "not_found" { StatusCode::NOT_FOUND } else { StatusCode::CONFLICT };
            crate::kit::problem::Problem::new(status, code, "Refused".into(), message).into_response()
        }
        None => crate::cases::api_internal(e.to_string()),
    }
}

/// An appointment request.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointRequest {
    /// The mediator's user id.
    pub mediator: i64,
    /// For a barred appointment: the reference of every party's written agreement.
    #[serde(default)]
    pub parties_agreement: Option<String>,
}

/// Appoints a mediator to a registered case after the conflict checks (the Secretary-General,
/// the Deputy, the Registrar). A `bar` finding needs `parties_agreement`.
#[utoipa::path(post, path = "/api/v1/cases/{id}/appointments", tag = "mediators", request_body = AppointRequest,
    responses((status = 201, body = AppointmentDto), (status = 403, body = crate::kit::problem::Problem), (status = 409, body = crate::kit::problem::Problem)),
    security(("bearer" = [])))]
pub async fn api_appoint(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ManageMediators, Resource::Cases).await {
        return r;
    }
    let Ok(request) = serde_json::from_slice::<AppointRequest>(&body) else {
        return crate::cases::bad_body("Send {\"mediator\": id, \"parties_agreement\": \"…\"}.".into());
    };
    let mediator = UserId(request.mediator);
    let mails = match state.store.user(mediator).await {
        Ok(Some(u)) => vec![appointee_mail(&state, &u.email, &u.language)],
        Ok(None) => vec![],
        Err(e) => return crate::cases::api_internal(e.to_string()),
    };
    let change = MediatorChange::Appoint { case: id, mediator, agreement: request.parties_agreement, mails };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(appended) => match state.store.appointments_of_case(id).await {
            Ok(rows) => match rows.iter().find(|a| Some(a.id) == appended.created) {
                Some(a) => (StatusCode::CREATED, axum::Json(appointment_dto(&state.i18n, ctx.lang, a))).into_response(),
                None => crate::cases::api_internal("an appointment vanished".into()),
            },
            Err(e) => crate::cases::api_internal(e.to_string()),
        },
        Err(e) => api_refusal(&state, ctx.lang, e),
    }
}

/// The appointments of a case, with their conflict checks (anyone on the case, the Secretariat).
#[utoipa::path(get, path = "/api/v1/cases/{id}/appointments", tag = "mediators",
    responses((status = 200, body = [AppointmentDto]), (status = 404, body = crate::kit::problem::Problem)), security(("bearer" = [])))]
pub async fn api_case_appointments(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Response {
    if let Err(r) = crate::cases::case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        return r;
    }
    match state.store.appointments_of_case(id).await {
        Ok(rows) => axum::Json(rows.iter().map(|a| appointment_dto(&state.i18n, ctx.lang, a)).collect::<Vec<_>>())
            .into_response(),
        Err(e) => crate::cases::api_internal(e.to_string()),
    }
}

/// The caller's own appointments (a mediator).
#[utoipa::path(get, path = "/api/v1/appointments", tag = "mediators",
    responses((status = 200, body = [AppointmentDto]), (status = 403, body = crate::kit::problem::Problem)), security(("bearer" = [])))]
pub async fn api_mine(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::AnswerAppointment, Resource::OwnAccount).await {
        return r;
    }
    let Some(user) = auth.user() else { return StatusCode::UNAUTHORIZED.into_response() };
    match state.store.appointments_of_mediator(user.id).await {
        Ok(rows) => axum::Json(rows.iter().map(|a| appointment_dto(&state.i18n, ctx.lang, a)).collect::<Vec<_>>())
            .into_response(),
        Err(e) => crate::cases::api_internal(e.to_string()),
    }
}

/// An answer to an appointment.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentAnswer {
    /// `accept` or `decline`.
    pub answer: String,
    /// For `accept`: the declaration.
    #[serde(default)]
    pub independent: bool,
    #[serde(default)]
    pub impartial: bool,
    #[serde(default)]
    pub available: bool,
    #[serde(default)]
    pub disclosures: String,
}

/// The appointee accepts with the declaration, or declines.
#[utoipa::path(post, path = "/api/v1/appointments/{id}", tag = "mediators", request_body = AppointmentAnswer,
    responses((status = 200, body = AppointmentDto), (status = 404, body = crate::kit::problem::Problem), (status = 409, body = crate::kit::problem::Problem)),
    security(("bearer" = [])))]
pub async fn api_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    if let Err(r) = authorize(&state, &ctx, &auth, Action::AnswerAppointment, Resource::OwnAccount).await {
        return r;
    }
    let Some(user) = auth.user() else { return StatusCode::UNAUTHORIZED.into_response() };
    let answer = match serde_json::from_slice::<AppointmentAnswer>(&body) {
        Ok(a) if a.answer == "accept" || a.answer == "decline" => a,
        _ => {
            return crate::cases::bad_body("Send {\"answer\": \"accept\", \"independent\": true, \"impartial\": true, \"available\": true, \"disclosures\": \"…\"} or {\"answer\": \"decline\"}.".into());
        }
    };
    let accept = (answer.answer == "accept").then(|| Declaration {
        independent: answer.independent,
        impartial: answer.impartial,
        available: answer.available,
        disclosures: answer.disclosures.trim().to_owned(),
    });
    let change = MediatorChange::Answer { appointment: id, mediator: user.id, accept, mails: vec![] };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => match state.store.appointments_of_mediator(user.id).await {
            Ok(rows) => match rows.iter().find(|a| a.id == id) {
                Some(a) => axum::Json(appointment_dto(&state.i18n, ctx.lang, a)).into_response(),
                None => crate::cases::api_internal("an appointment vanished".into()),
            },
            Err(e) => crate::cases::api_internal(e.to_string()),
        },
        Err(e) => api_refusal(&state, ctx.lang, e),
    }
}

// ---------------------------------------------------------------------------------------------
// Designations, on a State's notification.

pub async fn designate(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ManageMediators, Resource::Cases).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let lang = ctx.lang;
    let states = crate::kit::views::sorted_states(&state.i18n, lang);
    let code = crate::kit::views::resolve(&states, field(&fields, "state"));
    let parsed = (
        iomed_domain::registry::StateCode::parse(&code).ok(),
        iomed_domain::mediators::Panel::parse(field(&fields, "panel")),
        field(&fields, "on").trim().parse::<jiff::civil::Date>().ok(),
        field(&fields, "mediator").trim().parse::<i64>().ok(),
    );
    let (error, notice) = match parsed {
        (Some(st), Some(panel), Some(on), Some(mediator)) => {
            let change = MediatorChange::Designate { state: st, panel, mediator: UserId(mediator), on };
            match state.store.mediator_change(&auth.ledger_actor(), change).await {
                Ok(_) => (None, Some(state.i18n.message(lang, "designation-recorded", &[]))),
                Err(e) => match refusal_text(&state, lang, &e) {
                    Some(m) => (Some(m), None),
                    None => return internal_error(&state, &ctx, &auth, e.to_string()).await,
                },
            }
        }
        _ => (Some(state.i18n.message(lang, "designation-incomplete", &[])), None),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    mediators_page(&state, &ctx, &auth, ProfileDraft::default(), 0, status, error.into_iter().collect(), notice).await
}

pub async fn change_designation(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ManageMediators, Resource::Cases).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let on = iomed_domain::seat::seat_date(state.store.now());
    let change = match field(&fields, "action") {
        "renew" => MediatorChange::Renew { designation: id, on },
        _ => MediatorChange::Withdraw { designation: id, on },
    };
    let (errors, notice) = match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => (vec![], Some(state.i18n.message(ctx.lang, "designation-changed", &[]))),
        Err(e) => match refusal_text(&state, ctx.lang, &e) {
            Some(m) => (vec![m], None),
            None => return internal_error(&state, &ctx, &auth, e.to_string()).await,
        },
    };
    mediators_page(&state, &ctx, &auth, ProfileDraft::default(), 0, StatusCode::OK, errors, notice).await
}

// ---------------------------------------------------------------------------------------------
// The public panels.

/// A panel member as the public list shows them.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct PanelMemberDto {
    pub id: i64,
    pub name: String,
    pub native_name: String,
    /// Alpha-3 codes.
    pub nationalities: Vec<String>,
    pub languages: Vec<String>,
    pub expertise: Vec<String>,
    /// `inter_state`, `commercial_investment`.
    pub panels: Vec<&'static str>,
    /// The States that designated them, alpha-3.
    pub designated_by: Vec<String>,
    pub biography: String,
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PanelFilters {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub panel: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub nationality: String,
}

/// The members of the panels today, with their public profile, filtered.
async fn members(state: &AppState, filters: &PanelFilters) -> Result<Vec<PanelMemberDto>, StoreError> {
    let today = iomed_domain::seat::seat_date(state.store.now());
    let designations: Vec<_> = state.store.designations().await?.into_iter().filter(|d| d.active_on(today)).collect();
    let mut ids: Vec<UserId> = designations.iter().map(|d| d.mediator).collect();
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let Some(profile) = state.store.mediator_profile(id).await? else { continue };
        let mine: Vec<_> = designations.iter().filter(|d| d.mediator == id).collect();
        let mut panels: Vec<&'static str> = mine.iter().map(|d| d.panel.as_str()).collect();
        panels.sort();
        panels.dedup();
        let mut by: Vec<String> = mine.iter().map(|d| d.state.to_string()).collect();
        by.sort();
        by.dedup();
        out.push(PanelMemberDto {
            id: id.0,
            name: profile.name.clone(),
            native_name: profile.native_name.clone(),
            nationalities: profile.nationalities.iter().map(|c| c.to_string()).collect(),
            languages: profile.languages.clone(),
            expertise: profile.expertise.clone(),
            panels,
            designated_by: by,
            biography: profile.biography.clone(),
        });
    }
    let q = filters.q.trim().to_lowercase();
    out.retain(|m| {
        (q.is_empty()
            || m.name.to_lowercase().contains(&q)
            || m.native_name.to_lowercase().contains(&q)
            || m.expertise.iter().any(|e| e.to_lowercase().contains(&q)))
            && (filters.panel.is_empty() || m.panels.contains(&filters.panel.as_str()))
            && (filters.language.is_empty() || m.languages.contains(&filters.language))
            && (filters.nationality.is_empty() || m.nationalities.contains(&filters.nationality.to_uppercase()))
    });
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

#[derive(Template)]
#[template(path = "panels.html")]
struct PanelsPage<'a> {
    p: Page<'a>,
    members: Vec<(PanelMemberDto, String)>,
    filters: PanelFilters,
    one: bool,
}

fn nationality_names(state: &AppState, lang: Lang, m: &PanelMemberDto) -> String {
    m.nationalities
        .iter()
        .map(|c| {
            iomed_domain::registry::StateCode::parse(c)
                .ok()
                .and_then(|c| c.un())
                .map(|un| state.i18n.country(lang, un))
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn panels(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    axum::extract::Query(filters): axum::extract::Query<PanelFilters>,
) -> Response {
    let list = match members(&state, &filters).await {
        Ok(m) => m,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let members = list.into_iter().map(|m| (nationality_names(&state, ctx.lang, &m), m)).map(|(n, m)| (m, n)).collect();
    let p = Page::new(&state, &ctx, &auth, "panels").await;
    render(&ctx, StatusCode::OK, &PanelsPage { p, members, filters, one: false })
}

pub async fn member(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    let list = match members(&state, &PanelFilters::default()).await {
        Ok(m) => m,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let Some(m) = list.into_iter().find(|m| m.id == id) else {
        return crate::legacy::pages::hidden(&state, &ctx, &auth).await;
    };
    let names = nationality_names(&state, ctx.lang, &m);
    let p = Page::new(&state, &ctx, &auth, "panels").await;
    render(
        &ctx,
        StatusCode::OK,
        &PanelsPage { p, members: vec![(m, names)], filters: PanelFilters::default(), one: true },
    )
}

/// The members of the two panels today, with their public profiles. Filters: `q` (name or
/// expertise), `panel`, `language`, `nationality` (alpha-3).
#[utoipa::path(get, path = "/api/v1/panels", tag = "mediators",
    params(("q" = Option<String>, Query, description = "Name or expertise"), ("panel" = Option<String>, Query, description = "inter_state or commercial_investment"),
        ("language" = Option<String>, Query, description = "A language tag"), ("nationality" = Option<String>, Query, description = "Alpha-3")),
    responses((status = 200, body = [PanelMemberDto])))]
pub async fn api_panels(
    State(state): State<AppState>,
    axum::extract::Query(filters): axum::extract::Query<PanelFilters>,
) -> Response {
    match members(&state, &filters).await {
        Ok(m) => axum::Json(m).into_response(),
        Err(e) => crate::cases::api_internal(e.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------
// Private rankings (joint appointment).

async fn rank(state: &AppState, ctx: &Ctx, auth: &Auth, id: i64, candidates: Vec<UserId>) -> Result<(), Response> {
    let standing = crate::cases::case_access(state, ctx, auth, id, Action::ReadCase).await?;
    authorize(state, ctx, auth, Action::RankCandidates, Resource::Case(standing)).await?;
    let Some(iomed_domain::access::Standing::Party(side)) = standing else {
        return Err(crate::legacy::pages::hidden(state, ctx, auth).await);
    };
    match state.store.mediator_change(&auth.ledger_actor(), MediatorChange::Rank { case: id, side, candidates }).await {
        Ok(_) => Ok(()),
        Err(e) => Err(if auth.is_api() {
            api_refusal(state, ctx.lang, e)
        } else {
            let message = refusal_text(state, ctx.lang, &e).unwrap_or_else(|| e.to_string());
            crate::cases::show_with(state, ctx, auth, id, Some(message), None).await
        }),
    }
}

pub async fn rank_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    // `rank_<id>` = a position; blanks are candidates this side does not accept.
    let mut ranked: Vec<(u32, i64)> = fields
        .iter()
        .filter_map(|(k, v)| Some((v.trim().parse::<u32>().ok()?, k.strip_prefix("rank_")?.parse::<i64>().ok()?)))
        .collect();
    ranked.sort();
    let candidates = ranked.into_iter().map(|(_, c)| UserId(c)).collect();
    match rank(&state, &ctx, &auth, id, candidates).await {
        Ok(()) => {
            let notice = state.i18n.message(ctx.lang, "ranking-saved", &[]);
            crate::cases::show_with(&state, &ctx, &auth, id, None, Some(notice)).await
        }
        Err(r) => r,
    }
}

/// One side's private ranking.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RankingRequest {
    /// Mediators' user ids, best first; those left out are not acceptable to this side.
    pub candidates: Vec<i64>,
}

/// Replaces the caller's side's private ranking of candidates. The other side never sees it;
/// everyone on the case sees only the candidates both sides ranked.
#[utoipa::path(put, path = "/api/v1/cases/{id}/ranking", tag = "mediators", request_body = RankingRequest,
    responses((status = 200, body = [i64], description = "The candidates both sides ranked, best first"),
        (status = 404, body = crate::kit::problem::Problem), (status = 409, body = crate::kit::problem::Problem)),
    security(("bearer" = [])))]
pub async fn api_rank(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    if let Err(r) = crate::cases::case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        return r;
    }
    let Ok(request) = serde_json::from_slice::<RankingRequest>(&body) else {
        return crate::cases::bad_body("Send {\"candidates\": [ids, best first]}.".into());
    };
    let candidates = request.candidates.into_iter().map(UserId).collect();
    if let Err(r) = rank(&state, &ctx, &auth, id, candidates).await {
        return r;
    }
    api_agreed_inner(&state, id).await
}

async fn api_agreed_inner(state: &AppState, id: i64) -> Response {
    match state.store.agreed_candidates(id).await {
        Ok(agreed) => axum::Json(agreed.into_iter().map(|u| u.0).collect::<Vec<_>>()).into_response(),
        Err(e) => crate::cases::api_internal(e.to_string()),
    }
}

/// The candidates both sides ranked, best first (anyone on the case, the Secretariat).
#[utoipa::path(get, path = "/api/v1/cases/{id}/agreed-candidates", tag = "mediators",
    responses((status = 200, body = [i64]), (status = 404, body = crate::kit::problem::Problem)), security(("bearer" = [])))]
pub async fn api_agreed(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = crate::cases::case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        return r;
    }
    api_agreed_inner(&state, id).await
}

// ---------------------------------------------------------------------------------------------
// Challenges.

/// A challenge as the case page shows it.
pub struct ChallengeItem {
    pub id: i64,
    pub appointment: i64,
    pub side_key: &'static str,
    pub reasons: String,
    pub responses: Vec<(String, String)>,
    pub status: String,
    pub decision: Option<String>,
    /// The other side or the challenged mediator may answer while it is open.
    pub may_respond: bool,
    pub may_decide: bool,
}

pub(crate) fn challenge_item(
    c: &iomed_store::mediators::ChallengeRow,
    standing: Option<iomed_domain::access::Standing>,
    may_decide: bool,
) -> ChallengeItem {
    let open = c.status == "open";
    let may_respond = open && iomed_domain::mediators::may_respond_to_challenge(c.side, standing);
    ChallengeItem {
        id: c.id,
        appointment: c.appointment,
        side_key: if c.side == iomed_domain::request::Side::Requesting { "side-requesting" } else { "side-responding" },
        reasons: c.reasons.clone(),
        responses: c.responses.clone(),
        status: c.status.clone(),
        decision: c.decision.clone(),
        may_respond,
        may_decide: open && may_decide,
    }
}

pub async fn challenge(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, appointment)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    let standing = match crate::cases::case_access(&state, &ctx, &auth, case, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ChallengeMediator, Resource::Case(standing)).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let Some(iomed_domain::access::Standing::Party(side)) = standing else {
        return crate::legacy::pages::hidden(&state, &ctx, &auth).await;
    };
    // The appointment must be of this case.
    match state.store.appointments_of_case(case).await {
        Ok(rows) if rows.iter().any(|a| a.id == appointment) => {}
        Ok(_) => return crate::legacy::pages::hidden(&state, &ctx, &auth).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
    let actor = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let mails = crate::documents::audience_mails(
        &state,
        case,
        actor,
        iomed_domain::documents::Audience::Joint,
        "challenge",
        "",
    )
    .await;
    let reasons = field(&fields, "reasons").to_owned();
    let change = MediatorChange::Challenge { appointment, side, reasons, mails };
    step_result(&state, &ctx, &auth, case, change, "challenge-made").await
}

async fn step_result(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    change: MediatorChange,
    done: &str,
) -> Response {
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => {
            let notice = state.i18n.message(ctx.lang, done, &[]);
            crate::cases::show_with(state, ctx, auth, case, None, Some(notice)).await
        }
        Err(e) => match refusal_text(state, ctx.lang, &e) {
            Some(m) => crate::cases::show_with(state, ctx, auth, case, Some(m), None).await,
            None => internal_error(state, ctx, auth, e.to_string()).await,
        },
    }
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, challenge)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    let standing = match crate::cases::case_access(&state, &ctx, &auth, case, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let rows = match state.store.challenges_of_case(case).await {
        Ok(r) => r,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let Some(row) = rows.iter().find(|c| c.id == challenge) else {
        return crate::legacy::pages::hidden(&state, &ctx, &auth).await;
    };
    if !challenge_item(row, standing, false).may_respond {
        return crate::legacy::pages::hidden(&state, &ctx, &auth).await;
    }
    let by = auth.user().map(|u| u.display_name.clone()).unwrap_or_default();
    let change = MediatorChange::Respond { challenge, by, text: field(&fields, "text").to_owned() };
    step_result(&state, &ctx, &auth, case, change, "challenge-answered").await
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, challenge)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::DecideChallenge, Resource::Cases).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    match state.store.challenges_of_case(case).await {
        Ok(rows) if rows.iter().any(|c| c.id == challenge) => {}
        Ok(_) => return crate::legacy::pages::hidden(&state, &ctx, &auth).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
    let uphold = field(&fields, "decision") == "uphold";
    let actor = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let mails = crate::documents::audience_mails(
        &state,
        case,
        actor,
        iomed_domain::documents::Audience::Joint,
        "challenge-decided",
        "",
    )
    .await;
    let change = MediatorChange::Decide { challenge, uphold, reasons: field(&fields, "reasons").to_owned(), mails };
    step_result(&state, &ctx, &auth, case, change, if uphold { "challenge-upheld" } else { "challenge-rejected" }).await
}

// ---------------------------------------------------------------------------------------------
// The Secretariat's candidate search.

/// A ranked candidate as the case page shows it.
pub struct RankedItem {
    pub name: String,
    pub score: i32,
    pub reasons: Vec<String>,
}

/// Every mediator with a profile, scored for this case, with the reasons.
pub(crate) async fn candidate_search(
    state: &AppState,
    lang: Lang,
    draft: &iomed_domain::request::Draft,
    filed_on: jiff::civil::Date,
) -> Result<Vec<RankedItem>, StoreError> {
    let today = iomed_domain::seat::seat_date(state.store.now());
    let serving = state.store.serving_appointments().await?;
    let appointed = state.store.accepted_appointments().await?;
    let mut profiles = std::collections::BTreeMap::new();
    for (id, _, p) in state.store.mediators().await? {
        if let Some(p) = p {
            profiles.insert(id, p);
        }
    }
    let group_of = |id: &UserId| {
        profiles.get(id).and_then(|p: &iomed_domain::mediators::MediatorProfile| {
            p.nationalities.iter().next().and_then(|c| c.un()).map(|un| un.group)
        })
    };
    let candidates: Vec<iomed_domain::mediators::Candidate> = profiles
        .iter()
        .map(|(id, p)| iomed_domain::mediators::Candidate {
            id: id.0,
            profile: p.clone(),
            caseload: serving.iter().filter(|s| *s == id).count(),
            group_appointments: match group_of(id) {
                Some(g) => appointed.iter().filter(|a| group_of(a) == Some(g)).count(),
                None => 0,
            },
        })
        .collect();
    let parties = draft.check().map(|r| r.parties).unwrap_or_default();
    let rules = RulesProfile::in_force_on(filed_on);
    let ranked = iomed_domain::mediators::rank_candidates(&candidates, &parties, &draft.subjects, today, &rules);
    Ok(ranked
        .into_iter()
        .filter_map(|r| {
            let profile = profiles.get(&UserId(r.id))?;
            let findings = finding_items(&state.i18n, lang, &r.findings);
            let mut reasons: Vec<String> = r
                .reasons
                .iter()
                .filter(|x| x.code != "conflict")
                .map(|x| {
                    state.i18n.message(
                        lang,
                        &format!("rank-reason-{}", x.code.replace('_', "-")),
                        &[("detail", FluentValue::from(x.detail.clone())), ("points", FluentValue::from(x.points))],
                    )
                })
                .collect();
            reasons.extend(findings.into_iter().map(|f| {
                format!("{}: {}", state.i18n.message(lang, &format!("severity-{}", f.severity), &[]), f.text)
            }));
            Some(RankedItem { name: profile.name.clone(), score: r.score, reasons })
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Continuing disclosure, and the Secretary-General's appointment on request (W6).

pub async fn disclose(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, appointment)): Path<(i64, i64)>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    if let Err(r) = crate::cases::case_access(&state, &ctx, &auth, case, Action::ReadCase).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let Some(user) = auth.user() else { return Redirect::to("/sign-in").into_response() };
    match state.store.appointments_of_case(case).await {
        Ok(rows) if rows.iter().any(|a| a.id == appointment && a.mediator == user.id) => {}
        Ok(_) => return crate::legacy::pages::hidden(&state, &ctx, &auth).await,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
    let mails = crate::documents::audience_mails(
        &state,
        case,
        user.id,
        iomed_domain::documents::Audience::Joint,
        "disclosure",
        "",
    )
    .await;
    let change =
        MediatorChange::Disclose { appointment, mediator: user.id, text: field(&fields, "text").to_owned(), mails };
    step_result(&state, &ctx, &auth, case, change, "disclosure-made").await
}

pub async fn request_sg(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(case): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    let standing = match crate::cases::case_access(&state, &ctx, &auth, case, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ProposeMediators, Resource::Case(standing)).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let Some(iomed_domain::access::Standing::Party(side)) = standing else {
        return crate::legacy::pages::hidden(&state, &ctx, &auth).await;
    };
    let actor = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let mails = crate::documents::audience_mails(
        &state,
        case,
        actor,
        iomed_domain::documents::Audience::Joint,
        "sg-request",
        "",
    )
    .await;
    step_result(
        &state,
        &ctx,
        &auth,
        case,
        MediatorChange::RequestSgAppointment { case, side, mails },
        "sg-request-made",
    )
    .await
}

/// A challenge as the API shows it.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ChallengeDto {
    pub id: i64,
    pub appointment: i64,
    /// The challenging side: `requesting` or `responding`.
    pub side: &'static str,
    pub reasons: String,
    /// Each response: who, and what.
    pub responses: Vec<(String, String)>,
    /// `open`, `upheld` or `rejected`.
    pub status: String,
    pub decision: Option<String>,
}

fn challenge_dto(c: &iomed_store::mediators::ChallengeRow) -> ChallengeDto {
    ChallengeDto {
        id: c.id,
        appointment: c.appointment,
        side: c.side.as_str(),
        reasons: c.reasons.clone(),
        responses: c.responses.clone(),
        status: c.status.clone(),
        decision: c.decision.clone(),
    }
}

/// A challenge, a response or a decision.
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChallengeRequest {
    /// `challenge` (a party; `appointment` and `text` = the reasons), `respond` (the other side
    /// or the mediator; `challenge` and `text`), `decide` (the Secretary-General or the Deputy;
    /// `challenge`, `uphold` and `text` = the reasons).
    pub action: String,
    #[serde(default)]
    pub appointment: Option<i64>,
    #[serde(default)]
    pub challenge: Option<i64>,
    #[serde(default)]
    pub uphold: bool,
    pub text: String,
}

/// A case's challenges (anyone on the case, the Secretariat).
#[utoipa::path(get, path = "/api/v1/cases/{id}/challenges", tag = "mediators",
    responses((status = 200, body = [ChallengeDto]), (status = 404, body = crate::kit::problem::Problem)), security(("bearer" = [])))]
pub async fn api_challenges(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = crate::cases::case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        return r;
    }
    match state.store.challenges_of_case(id).await {
        Ok(rows) => axum::Json(rows.iter().map(challenge_dto).collect::<Vec<_>>()).into_response(),
        Err(e) => crate::cases::api_internal(e.to_string()),
    }
}

/// Challenges a serving mediator, responds to a challenge, or decides it. An upheld challenge
/// removes the mediator from the case; a replacement is appointed by the same path.
#[utoipa::path(post, path = "/api/v1/cases/{id}/challenges", tag = "mediators", request_body = ChallengeRequest,
    responses((status = 200, body = [ChallengeDto]), (status = 400, body = crate::kit::problem::Problem), (status = 403, body = crate::kit::problem::Problem),
        (status = 404, body = crate::kit::problem::Problem), (status = 409, body = crate::kit::problem::Problem)),
    security(("bearer" = [])))]
pub async fn api_challenge(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(problem) = crate::cases::write_token(&auth) {
        return problem.into_response();
    }
    let standing = match crate::cases::case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let bad = || crate::cases::bad_body("See the ChallengeRequest schema: action challenge, respond or decide.".into());
    let Ok(request) = serde_json::from_slice::<ChallengeRequest>(&body) else { return bad() };
    let actor = auth.user().map(|u| u.id).unwrap_or(UserId(0));
    let joint = iomed_domain::documents::Audience::Joint;
    let change = match (request.action.as_str(), request.appointment, request.challenge) {
        ("challenge", Some(appointment), _) => {
            if let Err(r) = authorize(&state, &ctx, &auth, Action::ChallengeMediator, Resource::Case(standing)).await {
                return r;
            }
            let Some(iomed_domain::access::Standing::Party(side)) = standing else { return bad() };
            match state.store.appointments_of_case(id).await {
                Ok(rows) if rows.iter().any(|a| a.id == appointment) => {}
                Ok(_) => return crate::kit::error::WebError::NotFound.into_response(),
                Err(e) => return crate::cases::api_internal(e.to_string()),
            }
            let mails = crate::documents::audience_mails(&state, id, actor, joint, "challenge", "").await;
            MediatorChange::Challenge { appointment, side, reasons: request.text, mails }
        }
        ("respond", _, Some(challenge)) => {
            let rows = match state.store.challenges_of_case(id).await {
                Ok(r) => r,
                Err(e) => return crate::cases::api_internal(e.to_string()),
            };
            match rows.iter().find(|c| c.id == challenge) {
                Some(row) if challenge_item(row, standing, false).may_respond => {}
                _ => return crate::kit::error::WebError::NotFound.into_response(),
            }
            let by = auth.user().map(|u| u.display_name.clone()).unwrap_or_default();
            MediatorChange::Respond { challenge, by, text: request.text }
        }
        ("decide", _, Some(challenge)) => {
            if let Err(r) = authorize(&state, &ctx, &auth, Action::DecideChallenge, Resource::Cases).await {
                return r;
            }
            match state.store.challenges_of_case(id).await {
                Ok(rows) if rows.iter().any(|c| c.id == challenge) => {}
                Ok(_) => return crate::kit::error::WebError::NotFound.into_response(),
                Err(e) => return crate::cases::api_internal(e.to_string()),
            }
            let mails = crate::documents::audience_mails(&state, id, actor, joint, "challenge-decided", "").await;
            MediatorChange::Decide { challenge, uphold: request.uphold, reasons: request.text, mails }
        }
        _ => return bad(),
    };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => match state.store.challenges_of_case(id).await {
            Ok(rows) => axum::Json(rows.iter().map(challenge_dto).collect::<Vec<_>>()).into_response(),
            Err(e) => crate::cases::api_internal(e.to_string()),
        },
        Err(e) => api_refusal(&state, ctx.lang, e),
    }
}

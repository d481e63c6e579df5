//! Mediators through the API: appointments (made after the conflict checks, answered by the
//! appointee), a side's private ranking and what both sides agreed, and challenges. Every read
//! of a case's appointments, agreed candidates and challenges is recorded.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource, Standing, UserId};
use iomed_domain::documents::Audience;
use iomed_domain::mediators::{Declaration, answer_due};
use iomed_domain::rules::RulesProfile;
use iomed_store::mediators::{AppointmentRow, ChallengeRow, MediatorChange};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::ObjectBuilder;

use crate::kit::access::{case_standing, record_read};
use crate::kit::auth::{Auth, authorize, write_token};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Json as Body, Path, Query, tagged};
use crate::kit::i18n::{I18n, Lang};
use crate::kit::notices::audience_mails;
use crate::kit::paging::{PageParams, Paged};
use crate::kit::problem::problems;
use crate::kit::schemas::one_of;
use crate::kit::state::AppState;
use crate::mediators::case::challenge_item;
use crate::mediators::{appointee_mail, finding_items};

/// A conflict-check finding.
#[derive(Debug, Serialize, ToSchema)]
pub struct FindingDto {
    /// `bar`, `disclose` or `note`.
    pub severity: &'static str,
    /// `national_of_party_state`, `shares_nationality_with_party`, `serves_party_state`,
    /// `served_party_state`, `served_party_state_long_ago`, …
    pub code: String,
    pub state: Option<String>,
    /// The finding in the negotiated language.
    pub message: String,
}

/// An appointment with the conflict check run when it was made.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppointmentDto {
    pub id: i64,
    pub case: i64,
    pub mediator: String,
    pub appointed_on: String,
    /// The last day to accept or decline.
    pub answer_due: Option<String>,
    /// `pending`, `accepted`, `declined` or `removed`.
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

/// An appointment request.
#[derive(Debug, Deserialize, ToSchema)]
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
#[utoipa::path(post, path = "/api/v1/cases/{id}/appointments", tag = "mediators", operation_id = "appoint_mediator",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content = AppointRequest, content_type = "application/json"),
    responses((status = 201, description = "The appointment, with its conflict check", body = AppointmentDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_appoint(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<AppointRequest>,
) -> Result<Response, WebError> {
    write_token(&auth)?;
    authorize(&state, &auth, Action::ManageMediators, Resource::Cases).await?;
    let request = body.parse()?;
    let mediator = UserId(request.mediator);
    let mails = match state.store.user(mediator).await? {
        Some(u) => vec![appointee_mail(&state, &u.email, &u.language)],
        None => vec![],
    };
    let agreement = request.parties_agreement.filter(|a| !a.trim().is_empty());
    let change = MediatorChange::Appoint { case: id, mediator, agreement, mails };
    let appended = state.store.mediator_change(&auth.ledger_actor(), change).await?;
    let rows = state.store.appointments_of_case(id).await?;
    let a = rows.iter().find(|a| Some(a.id) == appended.created).ok_or(WebError::fault("an appointment vanished"))?;
    Ok((StatusCode::CREATED, Json(appointment_dto(&state.i18n, ctx.lang, a))).into_response())
}

/// The appointments of a case, with their conflict checks (anyone on the case, the Secretariat).
#[utoipa::path(get, path = "/api/v1/cases/{id}/appointments", tag = "mediators", operation_id = "list_case_appointments",
    params(("id" = i64, Path, description = "The case's id")),
    responses((status = 200, description = "The appointments", body = [AppointmentDto]), (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_case_appointments(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<AppointmentDto>>, WebError> {
    case_standing(&state, &auth, id, Action::ReadCase).await?;
    record_read(&state, &auth, id, "api-appointments", serde_json::json!({})).await;
    let rows = state.store.appointments_of_case(id).await?;
    Ok(Json(rows.iter().map(|a| appointment_dto(&state.i18n, ctx.lang, a)).collect()))
}

/// The caller's own appointments (a mediator), newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/appointments", tag = "mediators", operation_id = "list_my_appointments",
    params(PageParams),
    responses((status = 200, description = "A page of the appointments", body = Paged<AppointmentDto>),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden)),
    security(("bearer" = [])))]
pub async fn api_mine(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Json<Paged<AppointmentDto>>, WebError> {
    authorize(&state, &auth, Action::AnswerAppointment, Resource::OwnAccount).await?;
    let user = auth.require_user()?;
    let seek = page.seek(&state.cursors, "api/appointments")?;
    let slice = state.store.appointments_page(user.id, &seek).await?;
    Ok(Json(Paged::of(&state.cursors, "api/appointments", slice, |a| appointment_dto(&state.i18n, ctx.lang, &a))?))
}

/// An answer to an appointment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentAnswer {
    /// `accept` or `decline`.
    #[schema(schema_with = crate::kit::schemas::appointment_answer)]
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
#[utoipa::path(post, path = "/api/v1/appointments/{id}", tag = "mediators", operation_id = "answer_appointment",
    params(("id" = i64, Path, description = "The appointment's id")),
    request_body(content = AppointmentAnswer, content_type = "application/json"),
    responses((status = 200, description = "The appointment, answered", body = AppointmentDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<AppointmentAnswer>,
) -> Result<Json<AppointmentDto>, WebError> {
    write_token(&auth)?;
    authorize(&state, &auth, Action::AnswerAppointment, Resource::OwnAccount).await?;
    let answer = body.parse()?;
    let user = auth.require_user()?;
    if answer.answer != "accept" && answer.answer != "decline" {
        return Err(WebError::bad_request(
            "bad_body",
            Msg::new("error-bad-body").text("detail", "answer: accept or decline"),
        ));
    }
    let accept = (answer.answer == "accept").then(|| Declaration {
        independent: answer.independent,
        impartial: answer.impartial,
        available: answer.available,
        disclosures: answer.disclosures.trim().to_owned(),
    });
    let change = MediatorChange::Answer { appointment: id, mediator: user.id, accept, mails: vec![] };
    state.store.mediator_change(&auth.ledger_actor(), change).await?;
    let rows = state.store.appointments_of_mediator(user.id).await?;
    let a = rows.iter().find(|a| a.id == id).ok_or(WebError::fault("an appointment vanished"))?;
    Ok(Json(appointment_dto(&state.i18n, ctx.lang, a)))
}

/// One side's private ranking.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RankingRequest {
    /// Mediators' user ids, best first; those left out are not acceptable to this side.
    pub candidates: Vec<i64>,
}

/// Replaces the caller's side's private ranking of candidates, until both sides have ranked (then
/// the rankings are final, 409 `ranking_locked`). The other side never sees it; everyone on the
/// case sees only the candidates both sides ranked, once both have.
#[utoipa::path(put, path = "/api/v1/cases/{id}/ranking", tag = "mediators", operation_id = "rank_candidates",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content = RankingRequest, content_type = "application/json"),
    responses((status = 200, body = [i64], description = "The candidates both sides ranked, best first (empty until both have ranked)"),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_rank(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<RankingRequest>,
) -> Result<Json<Vec<i64>>, WebError> {
    write_token(&auth)?;
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    authorize(&state, &auth, Action::RankCandidates, Resource::Case(standing)).await?;
    let request = body.parse()?;
    let Some(Standing::Party(side)) = standing else { return Err(WebError::NotFound) };
    let candidates = request.candidates.into_iter().map(UserId).collect();
    state.store.mediator_change(&auth.ledger_actor(), MediatorChange::Rank { case: id, side, candidates }).await?;
    Ok(Json(state.store.agreed_candidates(id).await?.into_iter().map(|u| u.0).collect()))
}

/// The candidates both sides ranked, best first, once both have (anyone on the case, the
/// Secretariat).
#[utoipa::path(get, path = "/api/v1/cases/{id}/agreed-candidates", tag = "mediators", operation_id = "agreed_candidates",
    params(("id" = i64, Path, description = "The case's id")),
    responses((status = 200, body = [i64], description = "Mediators' user ids, best first"),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_agreed(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<i64>>, WebError> {
    case_standing(&state, &auth, id, Action::ReadCase).await?;
    record_read(&state, &auth, id, "api-agreed-candidates", serde_json::json!({})).await;
    Ok(Json(state.store.agreed_candidates(id).await?.into_iter().map(|u| u.0).collect()))
}

/// A challenge as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
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

fn challenge_dto(c: &ChallengeRow) -> ChallengeDto {
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

/// A challenge, a response or a decision, by its `action`; each takes its own fields.
#[derive(Debug, ToSchema)]
#[serde(untagged)]
#[schema(discriminator(property_name = "action", mapping(
    ("challenge" = "#/components/schemas/RaiseChallenge"),
    ("respond" = "#/components/schemas/RespondToChallenge"),
    ("decide" = "#/components/schemas/DecideChallenge"))))]
pub enum ChallengeRequest {
    Challenge(RaiseChallenge),
    Respond(RespondToChallenge),
    Decide(DecideChallenge),
}

impl<'de> Deserialize<'de> for ChallengeRequest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tagged(deserializer, "action", &["challenge", "respond", "decide"], |action, value| match action {
            "challenge" => serde_json::from_value(value).map(ChallengeRequest::Challenge),
            "respond" => serde_json::from_value(value).map(ChallengeRequest::Respond),
            _ => serde_json::from_value(value).map(ChallengeRequest::Decide),
        })
    }
}

/// A party challenges a serving mediator.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RaiseChallenge {
    #[schema(schema_with = action_challenge)]
    pub action: String,
    /// The appointment of the mediator challenged.
    pub appointment: i64,
    /// The reasons.
    pub text: String,
}

/// The other side or the mediator responds to a challenge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RespondToChallenge {
    #[schema(schema_with = action_respond)]
    pub action: String,
    pub challenge: i64,
    /// The response.
    pub text: String,
}

/// The Secretary-General or the Deputy decides a challenge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideChallenge {
    #[schema(schema_with = action_decide)]
    pub action: String,
    pub challenge: i64,
    /// Whether the challenge is upheld (the mediator is removed); not upheld when left out.
    #[serde(default)]
    pub uphold: bool,
    /// The reasons.
    pub text: String,
}

fn action_challenge() -> ObjectBuilder {
    one_of(["challenge"])
}

fn action_respond() -> ObjectBuilder {
    one_of(["respond"])
}

fn action_decide() -> ObjectBuilder {
    one_of(["decide"])
}

/// A case's challenges (anyone on the case, the Secretariat).
#[utoipa::path(get, path = "/api/v1/cases/{id}/challenges", tag = "mediators", operation_id = "list_challenges",
    params(("id" = i64, Path, description = "The case's id")),
    responses((status = 200, description = "The challenges", body = [ChallengeDto]), (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_challenges(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Json<Vec<ChallengeDto>>, WebError> {
    case_standing(&state, &auth, id, Action::ReadCase).await?;
    record_read(&state, &auth, id, "api-challenges", serde_json::json!({})).await;
    Ok(Json(state.store.challenges_of_case(id).await?.iter().map(challenge_dto).collect()))
}

/// Challenges a serving mediator, responds to a challenge, or decides it. An upheld challenge
/// removes the mediator from the case; a replacement is appointed by the same path.
#[utoipa::path(post, path = "/api/v1/cases/{id}/challenges", tag = "mediators", operation_id = "challenge_mediator",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content = ChallengeRequest, content_type = "application/json"),
    responses((status = 200, description = "The case's challenges after this one", body = [ChallengeDto]),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType)),
    security(("bearer" = [])))]
pub async fn api_challenge(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<ChallengeRequest>,
) -> Result<Json<Vec<ChallengeDto>>, WebError> {
    write_token(&auth)?;
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let request = body.parse()?;
    let actor = auth.require_user()?.id;
    let change = match request {
        ChallengeRequest::Challenge(RaiseChallenge { appointment, text, .. }) => {
            authorize(&state, &auth, Action::ChallengeMediator, Resource::Case(standing)).await?;
            let Some(Standing::Party(side)) = standing else { return Err(WebError::NotFound) };
            if !state.store.appointments_of_case(id).await?.iter().any(|a| a.id == appointment) {
                return Err(WebError::NotFound);
            }
            let mails =
                audience_mails(&state, id, actor, Action::ReadDocument(Audience::Joint), "challenge", "").await?;
            MediatorChange::Challenge { appointment, side, reasons: text, mails }
        }
        ChallengeRequest::Respond(RespondToChallenge { challenge, text, .. }) => {
            let rows = state.store.challenges_of_case(id).await?;
            match rows.iter().find(|c| c.id == challenge) {
                Some(row) if challenge_item(row, standing, false).may_respond => {}
                _ => return Err(WebError::NotFound),
            }
            let by = auth.require_user()?.display_name.clone();
            MediatorChange::Respond { challenge, by, text }
        }
        ChallengeRequest::Decide(DecideChallenge { challenge, uphold, text, .. }) => {
            authorize(&state, &auth, Action::DecideChallenge, Resource::Cases).await?;
            if !state.store.challenges_of_case(id).await?.iter().any(|c| c.id == challenge) {
                return Err(WebError::NotFound);
            }
            let mails =
                audience_mails(&state, id, actor, Action::ReadDocument(Audience::Joint), "challenge-decided", "")
                    .await?;
            MediatorChange::Decide { challenge, uphold, reasons: text, mails }
        }
    };
    state.store.mediator_change(&auth.ledger_actor(), change).await?;
    Ok(Json(state.store.challenges_of_case(id).await?.iter().map(challenge_dto).collect()))
}

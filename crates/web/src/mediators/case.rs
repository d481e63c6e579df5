//! The mediators of a case, its own tab: the appointments with the conflict checks run for each
//! (everyone on the case sees them), continuing disclosures, challenges and their answers; a
//! party's private ranking (final once both sides have ranked) and what both sides agreed; the
//! Secretariat's ranked candidate search and appointing; a party's request that the
//! Secretary-General appoint (W6). Every read is recorded.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Resource, Standing, UserId, can};
use iomed_domain::case::Stage;
use iomed_domain::documents::Audience;
use iomed_domain::mediators::{AppointmentStatus, Candidate, MediatorProfile, may_request_sg_appointment};
use iomed_domain::request::Side;
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use iomed_store::StoreError;
use iomed_store::mediators::{ChallengeRow, MediatorChange};
use serde::Deserialize;

use crate::kit::access::{case_standing, record_read};
use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Form, Path};
use crate::kit::i18n::Lang;
use crate::kit::notices::audience_mails;
use crate::kit::refusals::mediator_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::mediators::{AppointmentItem, appointee_mail, appointment_item, finding_items};

/// A challenge as the page shows it.
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

pub fn challenge_item(c: &ChallengeRow, standing: Option<Standing>, may_decide: bool) -> ChallengeItem {
    let open = c.status == "open";
    ChallengeItem {
        id: c.id,
        appointment: c.appointment,
        side_key: if c.side == Side::Requesting { "side-requesting" } else { "side-responding" },
        reasons: c.reasons.clone(),
        responses: c.responses.clone(),
        status: c.status.clone(),
        decision: c.decision.clone(),
        may_respond: open && iomed_domain::mediators::may_respond_to_challenge(c.side, standing),
        may_decide: open && may_decide,
    }
}

/// A ranked candidate as the page shows it.
pub struct RankedItem {
    pub name: String,
    pub score: i32,
    pub reasons: Vec<String>,
}

/// Every mediator with a profile, scored for this case, with the reasons.
async fn candidate_search(
    state: &AppState,
    lang: Lang,
    draft: &iomed_domain::request::Draft,
    filed_on: jiff::civil::Date,
) -> Result<Vec<RankedItem>, WebError> {
    let today = seat_date(state.store.now());
    let serving = state.store.serving_appointments().await?;
    let appointed = state.store.accepted_appointments().await?;
    let mut profiles: BTreeMap<UserId, MediatorProfile> = BTreeMap::new();
    for (id, _, p) in state.store.mediators().await? {
        if let Some(p) = p {
            profiles.insert(id, p);
        }
    }
    let appointed_profiles: Vec<&MediatorProfile> = appointed.iter().filter_map(|a| profiles.get(a)).collect();
    let candidates: Vec<Candidate> = profiles
        .iter()
        .map(|(id, p)| Candidate {
            id: id.0,
            profile: p.clone(),
            caseload: serving.iter().filter(|s| *s == id).count(),
            group_appointments: iomed_domain::mediators::group_appointments(p, appointed_profiles.iter().copied()),
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
                        &[
                            ("detail", FluentValue::from(x.detail.clone())),
                            ("points", FluentValue::from(x.points)),
                            // A count, for the plural ("1 case", "2 cases"), where the detail is one.
                            ("count", FluentValue::from(x.detail.parse::<i64>().unwrap_or(0))),
                        ],
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

#[derive(Template)]
#[template(path = "case_mediators.html")]
struct CaseMediatorsPage<'a> {
    p: Page<'a>,
    id: i64,
    tab: &'static str,
    case_title: String,
    registered: bool,
    appointments: Vec<AppointmentItem>,
    /// Mediators with a profile, for the appointment form (the Secretariat, a registered case).
    candidates: Vec<(i64, String)>,
    /// For a party: every candidate with its own rank, if any (the ranking form).
    ranking: Vec<(i64, String, String)>,
    /// Both sides have ranked: the rankings are final.
    ranking_locked: bool,
    /// The candidates both sides ranked, best first: all anyone sees of the rankings.
    agreed: Vec<String>,
    challenges: Vec<ChallengeItem>,
    may_challenge: bool,
    /// The Secretariat's ranked candidate search.
    search: Vec<RankedItem>,
    /// When a party asked the Secretary-General to appoint (W6).
    sg_request: Option<String>,
    may_ask_sg: bool,
    /// The reader's user id (0 if none), to offer a mediator their own forms.
    me: i64,
    error: Option<String>,
}

pub(crate) async fn page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    standing: Option<Standing>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let i18n = &state.i18n;
    let lang = ctx.lang;
    let (row, case, draft) = state.store.case(id).await?.ok_or(WebError::NotFound)?;
    record_read(state, auth, id, "mediators", serde_json::json!({})).await;
    let actor = auth.actor();
    let side = match standing {
        Some(Standing::Party(side)) => Some(side),
        _ => None,
    };
    let registered_on = match case.stage() {
        Stage::Registered { registered_on, .. } => Some(*registered_on),
        _ => None,
    };
    let rows = state.store.appointments_of_case(id).await?;
    let appointments: Vec<AppointmentItem> = rows.iter().map(|a| appointment_item(i18n, lang, a)).collect();
    // Once every mediator has accepted, there is nothing left to rank or appoint (W6, W7).
    let open = case.appointment_open();
    let may_appoint = open && can(&actor, Action::ManageMediators, Resource::Cases).is_ok();
    let profiled: Vec<(i64, String)> =
        state.store.mediators().await?.into_iter().filter_map(|(id, _, p)| p.map(|p| (id.0, p.name))).collect();
    let agreed: Vec<(i64, String)> = state
        .store
        .agreed_candidates(id)
        .await?
        .iter()
        .filter_map(|a| profiled.iter().find(|(id, _)| *id == a.0).cloned())
        .collect();
    // The Secretariat's choice lists the candidates both sides agreed first.
    let candidates: Vec<(i64, String)> = if may_appoint {
        let mut list = agreed.clone();
        list.extend(profiled.iter().filter(|c| !agreed.contains(c)).cloned());
        list
    } else {
        Vec::new()
    };
    // W6: the domain says when a party may ask the Secretary-General to appoint.
    let asked = state.store.sg_request(id).await?;
    let sg_request = asked.map(|(_, on)| crate::kit::views::date(i18n, lang, on));
    let today = seat_date(state.store.now());
    let rules = RulesProfile::in_force_on(case.filed_on());
    let serving_or_pending =
        rows.iter().any(|a| matches!(a.status, AppointmentStatus::Pending | AppointmentStatus::Accepted));
    let may_ask_sg = side.is_some()
        && open
        && registered_on.is_some_and(|on| {
            may_request_sg_appointment(on, today, serving_or_pending, asked.is_some(), &rules).is_ok()
        });
    let search = if may_appoint { candidate_search(state, lang, &draft, case.filed_on()).await? } else { Vec::new() };
    // A party ranks candidates privately; it sees its own ranking and what both sides agreed.
    let (ranking, ranking_locked) = match side {
        Some(side) if open && can(&actor, Action::RankCandidates, Resource::Case(standing)).is_ok() => {
            let mine = state.store.ranking(id, side).await?;
            let theirs = state.store.ranking(id, side.other()).await?;
            let locked = iomed_domain::mediators::may_rank(mine.is_some(), theirs.is_some()).is_err();
            let mine = mine.unwrap_or_default();
            let list = profiled
                .iter()
                .map(|(cid, name)| {
                    let rank = mine.iter().position(|m| m.0 == *cid).map(|p| (p + 1).to_string()).unwrap_or_default();
                    (*cid, name.clone(), rank)
                })
                .collect();
            (list, locked)
        }
        _ => (Vec::new(), false),
    };
    let may_decide = can(&actor, Action::DecideChallenge, Resource::Cases).is_ok();
    let challenges =
        state.store.challenges_of_case(id).await?.iter().map(|c| challenge_item(c, standing, may_decide)).collect();
    let title = crate::kit::views::case_title(i18n, lang, &row.title);
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let page = CaseMediatorsPage {
        p: Page::new(state, ctx, auth, "cases").await,
        id,
        tab: "mediators",
        case_title: crate::kit::views::numbered(row.number.as_deref(), title),
        registered: registered_on.is_some(),
        appointments,
        candidates,
        ranking,
        ranking_locked,
        agreed: agreed.into_iter().map(|(_, name)| name).collect(),
        challenges,
        may_challenge: can(&actor, Action::ChallengeMediator, Resource::Case(standing)).is_ok(),
        search,
        sg_request,
        may_ask_sg,
        me: auth.user().map_or(0, |u| u.id.0),
        error,
    };
    render(ctx, status, &page)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    page(&state, &ctx, &auth, id, standing, None).await
}

/// The redirect back to the tab after a change, or the tab again with the refusal.
async fn done(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    result: Result<iomed_store::Appended, StoreError>,
    notice: &'static str,
) -> Result<Response, WebError> {
    match result {
        Ok(_) => Ok(ctx.redirect_with(&format!("/cases/{case}/mediators"), notice)),
        Err(StoreError::MediatorRefused(r)) if r.code() != "not_found" => {
            let message = mediator_message(&r).render(&state.i18n, ctx.lang);
            page(state, ctx, auth, case, standing, Some(message)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AppointForm {
    mediator: String,
    agreement: String,
    /// `yes` from the page that showed the conflict checks; without it, that page.
    confirmed: String,
}

pub async fn appoint(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<AppointForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ManageMediators, Resource::Cases).await?;
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let Some(mediator) = form.mediator.trim().parse().ok().map(UserId) else {
        let message = Msg::new("appoint-choose-first").render(&state.i18n, ctx.lang);
        return page(&state, &ctx, &auth, id, standing, Some(message)).await;
    };
    let agreement = Some(form.agreement.trim().to_owned()).filter(|a| !a.is_empty());
    let user = state.store.user(mediator).await?;
    if form.confirmed != "yes" {
        return crate::mediators::checks::appoint_check(
            &state,
            &ctx,
            &auth,
            id,
            standing,
            mediator,
            user.as_ref(),
            agreement,
        )
        .await;
    }
    let mails = match &user {
        Some(u) => vec![appointee_mail(&state, &u.email, &u.language)],
        None => vec![],
    };
    let change = MediatorChange::Appoint { case: id, mediator, agreement, mails };
    let result = state.store.mediator_change(&auth.ledger_actor(), change).await;
    done(&state, &ctx, &auth, id, standing, result, "appointment-made").await
}

/// A party's private ranking: for each candidate, a position, or nothing (not acceptable).
#[derive(Debug, Deserialize, Default)]
pub struct RankForm {
    #[serde(flatten)]
    ranks: BTreeMap<String, String>,
}

pub async fn rank_form(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<RankForm>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    authorize(&state, &auth, Action::RankCandidates, Resource::Case(standing)).await?;
    let Some(Standing::Party(side)) = standing else { return Err(WebError::NotFound) };
    // `rank_<id>` = a position; blanks are candidates this side does not accept. A position that
    // is not a whole number is refused, not read as a blank.
    let mut ranked: Vec<(u32, i64)> = Vec::new();
    for (key, value) in &form.ranks {
        let Some(candidate) = key.strip_prefix("rank_").and_then(|c| c.parse::<i64>().ok()) else { continue };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match value.parse::<u32>() {
            Ok(position) if position > 0 => ranked.push((position, candidate)),
            _ => {
                let shown: String = value.chars().take(20).collect();
                let message = Msg::new("ranking-bad-position").text("value", shown).render(&state.i18n, ctx.lang);
                return page(&state, &ctx, &auth, id, standing, Some(message)).await;
            }
        }
    }
    ranked.sort();
    let candidates = ranked.into_iter().map(|(_, c)| UserId(c)).collect();
    let result =
        state.store.mediator_change(&auth.ledger_actor(), MediatorChange::Rank { case: id, side, candidates }).await;
    done(&state, &ctx, &auth, id, standing, result, "ranking-saved").await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ReasonsForm {
    reasons: String,
}

pub async fn challenge(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, appointment)): Path<(i64, i64)>,
    Form(form): Form<ReasonsForm>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, case, Action::ReadCase).await?;
    authorize(&state, &auth, Action::ChallengeMediator, Resource::Case(standing)).await?;
    let Some(Standing::Party(side)) = standing else { return Err(WebError::NotFound) };
    // The appointment must be of this case.
    if !state.store.appointments_of_case(case).await?.iter().any(|a| a.id == appointment) {
        return Err(WebError::NotFound);
    }
    let actor = auth.require_user()?.id;
    let mails = audience_mails(&state, case, actor, Action::ReadDocument(Audience::Joint), "challenge", "").await?;
    let change = MediatorChange::Challenge { appointment, side, reasons: form.reasons, mails };
    let result = state.store.mediator_change(&auth.ledger_actor(), change).await;
    done(&state, &ctx, &auth, case, standing, result, "challenge-made").await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct TextForm {
    text: String,
}

pub async fn respond(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, challenge)): Path<(i64, i64)>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, case, Action::ReadCase).await?;
    let rows = state.store.challenges_of_case(case).await?;
    let row = rows.iter().find(|c| c.id == challenge).ok_or(WebError::NotFound)?;
    if !challenge_item(row, standing, false).may_respond {
        return Err(WebError::NotFound);
    }
    let by = auth.require_user()?.display_name.clone();
    let change = MediatorChange::Respond { challenge, by, text: form.text };
    let result = state.store.mediator_change(&auth.ledger_actor(), change).await;
    done(&state, &ctx, &auth, case, standing, result, "challenge-answered").await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    /// `uphold` or `reject`.
    decision: String,
    reasons: String,
    /// `yes` from the page that showed the decision and who is told.
    confirmed: String,
}

pub async fn decide(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, challenge)): Path<(i64, i64)>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DecideChallenge, Resource::Cases).await?;
    let standing = case_standing(&state, &auth, case, Action::ReadCase).await?;
    let rows = state.store.challenges_of_case(case).await?;
    let row = rows.iter().find(|c| c.id == challenge).ok_or(WebError::NotFound)?;
    let uphold = form.decision == "uphold";
    let actor = auth.require_user()?.id;
    if form.confirmed != "yes" {
        return crate::mediators::checks::decision_check(&state, &ctx, &auth, case, row, uphold, &form.reasons).await;
    }
    let mails =
        audience_mails(&state, case, actor, Action::ReadDocument(Audience::Joint), "challenge-decided", "").await?;
    let change = MediatorChange::Decide { challenge, uphold, reasons: form.reasons, mails };
    let result = state.store.mediator_change(&auth.ledger_actor(), change).await;
    done(&state, &ctx, &auth, case, standing, result, if uphold { "challenge-upheld" } else { "challenge-rejected" })
        .await
}

pub async fn disclose(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path((case, appointment)): Path<(i64, i64)>,
    Form(form): Form<TextForm>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, case, Action::ReadCase).await?;
    let user = auth.require_user()?.id;
    if !state.store.appointments_of_case(case).await?.iter().any(|a| a.id == appointment && a.mediator == user) {
        return Err(WebError::NotFound);
    }
    let mails = audience_mails(&state, case, user, Action::ReadDocument(Audience::Joint), "disclosure", "").await?;
    let change = MediatorChange::Disclose { appointment, mediator: user, text: form.text, mails };
    let result = state.store.mediator_change(&auth.ledger_actor(), change).await;
    done(&state, &ctx, &auth, case, standing, result, "disclosure-made").await
}

pub async fn request_sg(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(case): Path<i64>,
    Form(_): Form<crate::kit::forms::Button>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, case, Action::ReadCase).await?;
    authorize(&state, &auth, Action::ProposeMediators, Resource::Case(standing)).await?;
    let Some(Standing::Party(side)) = standing else { return Err(WebError::NotFound) };
    let actor = auth.require_user()?.id;
    let mails = audience_mails(&state, case, actor, Action::ReadDocument(Audience::Joint), "sg-request", "").await?;
    let result = state
        .store
        .mediator_change(&auth.ledger_actor(), MediatorChange::RequestSgAppointment { case, side, mails })
        .await;
    done(&state, &ctx, &auth, case, standing, result, "sg-request-made").await
}

//! Requests for mediation and cases, on the web and in the API: drafting and filing, the other
//! side's answer, screening and registration, deadlines in the reader's time zone, the procedural
//! history, the Secretariat's deadline dashboard, and the clock that applies automatic
//! consequences (deemed rejection, one mediator by default, lapse).
//!
//! Every case read passes the policy with the reader's standing in the case and is recorded in the
//! ledger. A case the reader may not see answers exactly as a case that does not exist (W13).

use std::collections::BTreeSet;
use std::time::Duration;

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Resource, Standing, can};
use iomed_domain::case::{Deadline, Event, Stage};
use iomed_domain::documents::{Audience, DocumentType};
use iomed_domain::registry::{StateCode, Subject};
use iomed_domain::request::{Draft, DraftParty, DraftThirdState, Gap, Side};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::Party;
use iomed_domain::seat::{seat_date, seat_time_zone};
use iomed_store::StoreError;
use iomed_store::accounts::{OutgoingMail, new_secret};
use iomed_store::cases::{CaseChange, CaseRefusal, CaseRow, Invitation, Participant, Step, assess_request};
use jiff::SignedDuration;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::kit::i18n::{I18n, Lang};
use crate::kit::problem::Problem;
use crate::legacy::auth::{Auth, CsrfSource, authorize, check_csrf};
use crate::legacy::pages::{Page, internal_error, render};
use crate::legacy::{Fields, field};
use crate::scope::{ScopeAnswer, answer};
use crate::{AppState, Ctx};

/// How many days ahead the Secretariat's dashboard looks.
pub const DASHBOARD_DAYS: i64 = 14;

// ----------------------------------------------------------------------------------------------
// Shared

fn gap_message(i18n: &I18n, lang: Lang, gap: &Gap) -> String {
    let label = field_label(i18n, lang, &gap.field);
    i18n.message(lang, &format!("gap-{}", gap.problem.code().replace('_', "-")), &[("field", label.into())])
}

/// "parties[1].contact" → "Party 2: contact", in the reader's language.
fn field_label(i18n: &I18n, lang: Lang, field: &str) -> String {
    if let Some(rest) = field.strip_prefix("parties[")
        && let Some((n, sub)) = rest.split_once("].")
        && let Ok(n) = n.parse::<usize>()
    {
        let party = i18n.message(lang, "scope-party", &[("number", FluentValue::from(n + 1))]);
        let sub = i18n.message(lang, &format!("request-field-{}", sub.replace('_', "-")), &[]);
        return format!("{party}: {sub}");
    }
    let base = field.split('[').next().unwrap_or(field);
    i18n.message(lang, &format!("request-field-{}", base.replace('_', "-")), &[])
}

fn stage_key(row: &CaseRow) -> String {
    match &row.closure {
        Some(c) => format!("closure-{}", c.replace('_', "-")),
        None => format!("stage-{}", row.stage.replace('_', "-")),
    }
}

fn event_message(i18n: &I18n, lang: Lang, event: &Event) -> String {
    let key = format!("event-{}", event.kind().trim_start_matches("case.").replace('_', "-"));
    let args: Vec<(&str, FluentValue<'_>)> = match event {
        Event::Registered { number, rules_version, .. } => {
            vec![("number", number.to_string().into()), ("rules", rules_version.clone().into())]
        }
        Event::MediatorsAgreed { number, .. }
        | Event::MediatorsDefaulted { number, .. }
        | Event::MediatorsProposed { number, .. } => {
            vec![("number", FluentValue::from(*number))]
        }
        Event::Filed { scope, .. } => {
            vec![("scope", i18n.message(lang, &format!("scope-outcome-{}", scope.as_str()), &[]).into())]
        }
        _ => vec![],
    };
    i18n.message(lang, &key, &args)
}

/// A deadline as the reader sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeadlineDto {
    /// `offer_answer`, `mediators_number`, `appointment_request` or `lapse`.
    pub kind: &'static str,
    pub label: String,
    /// The last day, at the seat (Hong Kong).
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    /// When the last day ends, in the reader's time zone (RFC 9557).
    pub ends_at: String,
    pub days_left: i64,
    pub overdue: bool,
    /// What happens by itself once it has passed, if anything.
    pub consequence: Option<String>,
    /// The due date in the reader's language.
    #[serde(skip)]
    pub due_text: String,
    /// The end of the last day in the reader's time zone, for people.
    #[serde(skip)]
    pub ends_text: String,
}

fn deadline_views(i18n: &I18n, lang: Lang, zone: &str, today: Date, deadlines: &[Deadline]) -> Vec<DeadlineDto> {
    let reader = jiff::tz::TimeZone::get(zone).unwrap_or_else(|_| seat_time_zone());
    deadlines
        .iter()
        .map(|d| {
            let kind = d.kind.as_str();
            // The last day ends at midnight at the seat.
            let end = d.due.tomorrow().unwrap_or(d.due).to_zoned(seat_time_zone()).ok();
            let local =
                end.and_then(|e| e.with_time_zone(reader.clone()).checked_sub(SignedDuration::from_secs(1)).ok());
            let days_left = (d.due - today).get_days().into();
            DeadlineDto {
                kind,
                label: i18n.message(lang, &format!("deadline-{}", kind.replace('_', "-")), &[]),
                due: d.due,
                ends_at: local.as_ref().map(|l| l.to_string()).unwrap_or_default(),
                days_left,
                overdue: days_left < 0,
                consequence: d
                    .kind
                    .consequence()
                    .map(|_| i18n.message(lang, &format!("consequence-{}", kind.replace('_', "-")), &[])),
                due_text: crate::kit::views::date(i18n, lang, d.due),
                ends_text: local
                    .map(|l| format!("{} {}", l.strftime("%Y-%m-%d %H:%M"), l.time_zone().iana_name().unwrap_or(zone)))
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The deadline lengths in days, counted by [`Case::deadlines`]; `(due - today)` in days.
fn days_phrase(i18n: &I18n, lang: Lang, d: &DeadlineDto) -> String {
    if d.overdue {
        i18n.message(lang, "deadline-overdue", &[("days", FluentValue::from(-d.days_left))])
    } else {
        i18n.message(lang, "deadline-days-left", &[("days", FluentValue::from(d.days_left))])
    }
}

/// Checks that the reader may do `action` on case `id`; answers 404 for a case hidden from them.
pub(crate) async fn case_access(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    action: Action,
) -> Result<Option<Standing>, Response> {
    let standing = match auth.user() {
        Some(u) => state.store.standing(id, u.id).await.map_err(|e| e.to_string()),
        None => Ok(None),
    };
    let standing = match standing {
        Ok(s) => s,
        Err(e) => return Err(internal_error(state, ctx, auth, e).await),
    };
    authorize(state, ctx, auth, action, Resource::Case(standing)).await?;
    match state.store.case(id).await {
        Ok(Some(_)) => Ok(standing),
        Ok(None) => Err(crate::legacy::pages::hidden(state, ctx, auth).await),
        Err(e) => Err(internal_error(state, ctx, auth, e.to_string()).await),
    }
}

fn mail_to(state: &AppState, to: &Participant, subject: &str, body: &str, args: &[(&str, String)]) -> OutgoingMail {
    let lang = Lang::parse(&to.language).unwrap_or(Lang::En);
    let args: Vec<(&str, FluentValue<'_>)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    OutgoingMail {
        to: to.email.clone(),
        subject: state.i18n.message(lang, subject, &[]),
        body: state.i18n.message(lang, body, &args),
    }
}

/// Notices for everyone on the case but the one acting. They carry no case content: the step's
/// name and a link.
async fn step_notices(
    state: &AppState,
    case: i64,
    actor: Option<iomed_domain::access::UserId>,
    step: &Step,
) -> Vec<OutgoingMail> {
    let participants = state.store.participants(case).await.unwrap_or_default();
    let link = format!("{}/cases/{case}", state.public_url);
    participants
        .iter()
        .filter(|p| Some(p.user) != actor)
        .map(|p| {
            let lang = Lang::parse(&p.language).unwrap_or(Lang::En);
            let what = state.i18n.message(lang, &format!("step-done-{}", step_name(step).replace('_', "-")), &[]);
            mail_to(
                state,
                p,
                "mail-case-step-subject",
                "mail-case-step-body",
                &[("step", what), ("link", link.clone())],
            )
        })
        .collect()
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::AcceptOffer => "accept_offer",
        Step::DeclineOffer => "decline_offer",
        Step::DeemRejection => "deem_rejection",
        Step::MarkFeePaid => "mark_fee_paid",
        Step::Register { .. } => "register",
        Step::Refuse { .. } => "refuse",
        Step::Withdraw => "withdraw",
        Step::AgreeMediators { .. } => "agree_mediators",
        Step::DefaultMediators => "default_mediators",
        Step::Lapse => "lapse",
        Step::ConsentToPublication { .. } => "consent_publication",
        Step::ProposeMediators { .. } => "propose_mediators",
        Step::RequestEnd { .. } => "request_end",
        Step::RecordSettlement { .. } => "record_settlement",
        Step::DeclareNoLikelihood => "declare_no_likelihood",
    }
}

/// The policy's action for a step asked by a person.
fn step_action(step: &Step) -> Option<Action> {
    match step {
        Step::AcceptOffer | Step::DeclineOffer => Some(Action::AnswerOffer),
        Step::Withdraw => Some(Action::Withdraw),
        Step::MarkFeePaid => Some(Action::RecordFee),
        Step::Register { .. } | Step::Refuse { .. } | Step::AgreeMediators { .. } => Some(Action::Screen),
        Step::ConsentToPublication { .. } => Some(Action::ConsentToPublication),
        Step::ProposeMediators { .. } => Some(Action::ProposeMediators),
        Step::RequestEnd { .. } => Some(Action::RequestEnd),
        Step::RecordSettlement { .. } => Some(Action::RecordSettlement),
        Step::DeclareNoLikelihood => Some(Action::DeclareNoLikelihood),
        // Automatic consequences are the clock's, not a person's.
        Step::DeemRejection | Step::DefaultMediators | Step::Lapse => None,
    }
}

fn side_of(standing: Option<Standing>) -> Option<Side> {
    match standing {
        Some(Standing::Party(side)) => Some(side),
        _ => None,
    }
}

/// A step from the web form or the API body; `side` is the asker's, for steps taken for a side.
fn parse_step(name: &str, council_rule: &str, reasons: &str, number: &str, side: Option<Side>) -> Option<Step> {
    Some(match name {
        "consent_publication" => Step::ConsentToPublication { side: side? },
        "propose_mediators" => Step::ProposeMediators { side: side?, number: number.trim().parse().ok()? },
        "request_end" => Step::RequestEnd { side: side? },
        "record_settlement" => Step::RecordSettlement { document: number.trim().parse().ok()? },
        "declare_no_likelihood" => Step::DeclareNoLikelihood,
        "accept_offer" => Step::AcceptOffer,
        "decline_offer" => Step::DeclineOffer,
        "mark_fee_paid" => Step::MarkFeePaid,
        "register" => {
            let rule = council_rule.trim();
            Step::Register { council_rule: (!rule.is_empty()).then(|| rule.to_owned()) }
        }
        "refuse" => Step::Refuse { reasons: reasons.to_owned() },
        "withdraw" => Step::Withdraw,
        "agree_mediators" => Step::AgreeMediators { number: number.trim().parse().ok()? },
        _ => return None,
    })
}

fn refusal_message(i18n: &I18n, lang: Lang, refusal: &CaseRefusal) -> String {
    match refusal {
        CaseRefusal::Case(iomed_domain::case::Refusal::DeadlinePassed { deadline })
        | CaseRefusal::Case(iomed_domain::case::Refusal::NotYetDue { deadline }) => i18n.message(
            lang,
            &format!("case-refusal-{}", refusal.code().replace('_', "-")),
            &[("date", crate::kit::views::date(i18n, lang, *deadline).into())],
        ),
        _ => i18n.message(lang, &format!("case-refusal-{}", refusal.code().replace('_', "-")), &[]),
    }
}

// ----------------------------------------------------------------------------------------------
// Drafts and filing: the web form

/// One party's slot on the form.
pub struct PartySlot {
    pub n: usize,
    pub side: String,
    pub kind: String,
    pub state: String,
    pub name: String,
    pub nat1: String,
    pub nat2: String,
    pub place: String,
    pub contact: String,
}

const PARTY_SLOTS: usize = 4;
const THIRD_SLOTS: usize = 2;

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage<'a> {
    p: Page<'a>,
    id: Option<i64>,
    draft: Draft,
    parties: Vec<PartySlot>,
    thirds: Vec<(usize, String, bool)>,
    subjects: Vec<(&'static str, String, bool)>,
    states: Vec<(String, String)>,
    gaps: Vec<String>,
    notice: Option<String>,
    scope: Option<ScopeAnswer>,
}

use crate::kit::views::{resolve, sorted_states};

fn draft_from_form(fields: &Fields, states: &[(String, String)]) -> Draft {
    let get = |k: &str| field(fields, k).trim().to_owned();
    let parties = (1..=PARTY_SLOTS)
        .map(|n| {
            let g = |f: &str| get(&format!("p{n}_{f}"));
            DraftParty {
                side: g("side"),
                kind: g("kind"),
                state: resolve(states, &g("state")),
                name: g("name"),
                nationalities: [g("nat1"), g("nat2")]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .map(|s| resolve(states, s))
                    .collect(),
                place_of_business: resolve(states, &g("place")),
                contact: g("contact"),
            }
        })
        // An untouched slot is not a party.
        .filter(|p| !(p.kind.is_empty() && p.name.is_empty() && p.state.is_empty() && p.contact.is_empty()))
        .collect();
    let third_states = (1..=THIRD_SLOTS)
        .map(|n| DraftThirdState {
            state: resolve(states, &get(&format!("t{n}_state"))),
            consented: get(&format!("t{n}_consented")) == "1",
        })
        .filter(|t| !t.state.is_empty())
        .collect();
    Draft {
        category: get("category"),
        summary: field(fields, "summary").trim().to_owned(),
        parties,
        subjects: fields.iter().filter(|(k, _)| k == "subject").map(|(_, v)| v.clone()).collect(),
        third_states,
        consent_basis: get("consent_basis"),
        consent_date: get("consent_date"),
        consent_document: get("consent_document"),
        authority_document: get("authority_document"),
        internal_authorization: get("internal_authorization"),
        other_side_name: get("other_side_name"),
        other_side_email: get("other_side_email"),
        signature: get("signature"),
    }
}

async fn request_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: Option<i64>,
    draft: Draft,
    errors: Vec<String>,
    notice: Option<String>,
) -> Response {
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let i18n = &state.i18n;
    let lang = ctx.lang;
    let states = sorted_states(i18n, lang);
    let name_of = |code: &str| {
        StateCode::parse(code).ok().and_then(|c| c.un()).map(|un| i18n.country(lang, un)).unwrap_or(code.to_owned())
    };
    let mut parties: Vec<PartySlot> = draft
        .parties
        .iter()
        .map(|p| PartySlot {
            n: 0,
            side: p.side.clone(),
            kind: p.kind.clone(),
            state: if p.state.is_empty() { String::new() } else { name_of(&p.state) },
            name: p.name.clone(),
            nat1: p.nationalities.first().map(|c| name_of(c)).unwrap_or_default(),
            nat2: p.nationalities.get(1).map(|c| name_of(c)).unwrap_or_default(),
            place: if p.place_of_business.is_empty() { String::new() } else { name_of(&p.place_of_business) },
            contact: p.contact.clone(),
        })
        .collect();
    while parties.len() < PARTY_SLOTS {
        let side = if parties.is_empty() {
            "requesting"
        } else if parties.len() == 1 {
            "responding"
        } else {
            ""
        };
        parties.push(PartySlot {
            n: 0,
            side: side.into(),
            kind: String::new(),
            state: String::new(),
            name: String::new(),
            nat1: String::new(),
            nat2: String::new(),
            place: String::new(),
            contact: String::new(),
        });
    }
    for (i, p) in parties.iter_mut().enumerate() {
        p.n = i + 1;
    }
    let mut thirds: Vec<(usize, String, bool)> =
        draft.third_states.iter().map(|t| (0, name_of(&t.state), t.consented)).collect();
    while thirds.len() < THIRD_SLOTS {
        thirds.push((0, String::new(), false));
    }
    for (i, t) in thirds.iter_mut().enumerate() {
        t.0 = i + 1;
    }
    let chosen: BTreeSet<&str> = draft.subjects.iter().map(String::as_str).collect();
    let subjects = Subject::ALL
        .into_iter()
        .map(|s| (s.as_str(), i18n.message(lang, &format!("subject-{}", s.as_str()), &[]), chosen.contains(s.as_str())))
        .collect();
    // A complete draft shows what the scope engine would say if it were filed today.
    let today = seat_date(state.store.now());
    let scope = match state.store.registry().await {
        Ok(registry) => {
            assess_request(&draft, today, &registry).map(|a| answer(i18n, lang, &a, &RulesProfile::in_force_on(today)))
        }
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let page = RequestPage {
        p: Page::new(state, ctx, auth, "cases").await,
        id,
        parties,
        thirds,
        subjects,
        states,
        gaps: errors,
        notice,
        scope,
        draft,
    };
    render(ctx, status, &page)
}

pub async fn new_request(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::DraftRequest, Resource::Cases).await {
        return r;
    }
    let mut draft = Draft::default();
    if let Some(u) = auth.user() {
        draft.signature = u.display_name.clone();
    }
    request_page(&state, &ctx, &auth, None, draft, Vec::new(), None).await
}

pub async fn create_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    save_or_file(state, ctx, auth, None, fields).await
}

pub async fn edit_request(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::DraftRequest, Resource::Cases).await {
        return r;
    }
    let Some(user) = auth.user() else { return Redirect::to("/sign-in").into_response() };
    match state.store.draft(user.id, id).await {
        Ok(Some(row)) => match row.case {
            Some(case) => Redirect::to(&format!("/cases/{case}")).into_response(),
            None => request_page(&state, &ctx, &auth, Some(id), row.draft, Vec::new(), None).await,
        },
        Ok(None) => crate::legacy::pages::hidden(&state, &ctx, &auth).await,
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

pub async fn update_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    save_or_file(state, ctx, auth, Some(id), fields).await
}

async fn save_or_file(state: AppState, ctx: Ctx, auth: Auth, id: Option<i64>, fields: Fields) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::DraftRequest, Resource::Cases).await {
        return r;
    }
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let Some(user) = auth.user() else { return Redirect::to("/sign-in").into_response() };
    let states = sorted_states(&state.i18n, ctx.lang);
    let draft = draft_from_form(&fields, &states);
    // The draft is saved first, whatever happens next: nothing typed is lost.
    let saved = state
        .store
        .case_change(&auth.ledger_actor(), CaseChange::SaveDraft { owner: user.id, id, draft: draft.clone() })
        .await;
    let id = match saved {
        Ok(a) => a.created.or(id),
        Err(StoreError::CaseRefused(CaseRefusal::NoSuchDraft)) => {
            return crate::legacy::pages::hidden(&state, &ctx, &auth).await;
        }
        Err(StoreError::CaseRefused(r)) => {
            let message = refusal_message(&state.i18n, ctx.lang, &r);
            return crate::legacy::pages::error_page(
                &state,
                &ctx,
                &auth,
                StatusCode::CONFLICT,
                "error-conflict-title",
                message,
            )
            .await;
        }
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let Some(id) = id else { return internal_error(&state, &ctx, &auth, "a saved draft has no id".into()).await };
    if field(&fields, "action") != "file" {
        let notice = state.i18n.message(ctx.lang, "request-saved", &[]);
        return request_page(&state, &ctx, &auth, Some(id), draft, Vec::new(), Some(notice)).await;
    }
    match file(&state, &auth, user.id, id, &draft).await {
        Ok(case) => Redirect::to(&format!("/cases/{case}")).into_response(),
        Err(StoreError::CaseRefused(CaseRefusal::Incomplete(gaps))) => {
            let errors = gaps.iter().map(|g| gap_message(&state.i18n, ctx.lang, g)).collect();
            request_page(&state, &ctx, &auth, Some(id), draft, errors, None).await
        }
        Err(StoreError::CaseRefused(r)) => {
            let errors = vec![refusal_message(&state.i18n, ctx.lang, &r)];
            request_page(&state, &ctx, &auth, Some(id), draft, errors, None).await
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

/// Files a saved draft: prepares the other side's invitation and e-mails, and submits.
async fn file(
    state: &AppState,
    auth: &Auth,
    owner: iomed_domain::access::UserId,
    id: i64,
    draft: &Draft,
) -> Result<i64, StoreError> {
    let (token, link_hash) = new_secret("")?;
    let lang = Lang::En;
    let to = draft.other_side_email.trim().to_owned();
    let name = draft.other_side_name.trim().to_owned();
    let cases_link = format!("{}/cases", state.public_url);
    let set_link = format!("{}/set-password/{token}", state.public_url);
    // The other side's language is not known yet: the invitation is in all four.
    let both = |subject: &str, body: &str, link: &str| OutgoingMail {
        to: to.clone(),
        subject: state.i18n.message(lang, subject, &[]),
        body: Lang::ALL
            .into_iter()
            .map(|l| {
                state.i18n.message(
                    l,
                    body,
                    &[
                        ("name", name.clone().into()),
                        ("link", link.to_owned().into()),
                        ("cases", cases_link.clone().into()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n----\n\n"),
    };
    let now = state.store.now();
    let invitation = Invitation {
        link_hash,
        expires_at: now.checked_add(SignedDuration::from_hours(72)).unwrap_or(now),
        language: lang.tag().into(),
        mail_new: both("mail-case-invite-subject", "mail-case-invite-body", &set_link),
        mail_existing: both("mail-case-named-subject", "mail-case-named-body", &cases_link),
    };
    let appended = state.store.case_change(&auth.ledger_actor(), CaseChange::File { owner, id, invitation }).await?;
    appended.created.ok_or_else(|| StoreError::Corrupt("a filing created no case".into()))
}

// ----------------------------------------------------------------------------------------------
// Cases: the list, the page, the steps, the dashboard

pub struct CaseItem {
    pub id: i64,
    pub title: String,
    pub number: String,
    pub category_key: String,
    pub stage_key: String,
    pub filed_on: String,
    pub action: Option<String>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage<'a> {
    p: Page<'a>,
    cases: Vec<CaseItem>,
    drafts: Vec<(i64, String, String)>,
    can_draft: bool,
    secretariat: bool,
}

/// What the reader is asked to do in a case, if anything: the in-app notice.
fn action_for(row: &CaseRow, standing: Option<Standing>, secretariat: bool) -> Option<&'static str> {
    match (row.stage.as_str(), standing) {
        ("offer_pending", Some(Standing::Party(Side::Responding))) => Some("todo-answer-offer"),
        ("awaiting_screening", _) if secretariat => Some("todo-screen"),
        ("offer_pending", _) if secretariat && !row.fee_paid => Some("todo-fee"),
        _ => None,
    }
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ReadAccount, Resource::OwnAccount).await {
        return r;
    }
    let Some(user) = auth.user() else { return Redirect::to("/sign-in").into_response() };
    let actor = auth.actor();
    let secretariat = can(&actor, Action::OverseeCases, Resource::Cases).is_ok();
    let can_draft = can(&actor, Action::DraftRequest, Resource::Cases).is_ok();
    let rows = if secretariat { state.store.all_cases().await } else { state.store.cases_of(user.id).await };
    let (rows, drafts) = match (rows, state.store.drafts_of(user.id).await) {
        (Ok(r), Ok(d)) => (r, d),
        (Err(e), _) | (_, Err(e)) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let p = Page::new(&state, &ctx, &auth, "cases").await;
    let mut cases = Vec::with_capacity(rows.len());
    for row in rows {
        let standing = state.store.standing(row.id, user.id).await.ok().flatten();
        cases.push(CaseItem {
            id: row.id,
            title: crate::kit::views::case_title(&state.i18n, ctx.lang, &row.title),
            number: row.number.clone().unwrap_or_default(),
            category_key: format!("scope-category-{}", row.category),
            stage_key: stage_key(&row),
            filed_on: p.date(&row.filed_on),
            action: action_for(&row, standing, secretariat).map(|k| p.t(k)),
        });
    }
    // Cases that ask something of the reader come first.
    cases.sort_by_key(|c| c.action.is_none());
    let drafts = drafts
        .into_iter()
        .map(|d| {
            let title = d
                .draft
                .check()
                .map(|r| crate::kit::views::case_title(&state.i18n, ctx.lang, &r.title()))
                .unwrap_or_else(|_| p.t("request-untitled"));
            (d.id, title, p.recorded(&d.updated_at.to_string()))
        })
        .collect();
    render(&ctx, StatusCode::OK, &CasesPage { p, cases, drafts, can_draft, secretariat })
}

pub struct HistoryItem {
    pub date: String,
    pub text: String,
}

pub struct PartyItem {
    pub side_key: &'static str,
    pub name: String,
    pub contact: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage<'a> {
    p: Page<'a>,
    id: i64,
    row: CaseRow,
    stage_key: String,
    category_key: String,
    summary: String,
    parties: Vec<PartyItem>,
    people: Vec<(String, &'static str)>,
    deadlines: Vec<(DeadlineDto, String)>,
    history: Vec<HistoryItem>,
    scope: Option<ScopeAnswer>,
    /// E14: what the engine says today, when worse than at filing.
    alert: Option<ScopeAnswer>,
    /// The key of where publication stands.
    publication: &'static str,
    /// Each side's proposal of the number of mediators, while none is agreed.
    proposals: Vec<(&'static str, u8)>,
    steps: Vec<&'static str>,
    mediators: Option<u8>,
    discretionary: bool,
    zone: String,
    /// How many documents of the case file this reader may see.
    documents: usize,
    appointments: Vec<crate::mediators::AppointmentItem>,
    /// Mediators with a profile, for the appointment form (the Secretariat, a registered case).
    candidates: Vec<(i64, String)>,
    /// For a party: every candidate with its own rank, if any (the ranking form).
    ranking: Vec<(i64, String, String)>,
    /// The candidates both sides ranked, best first: all anyone sees of the rankings.
    agreed: Vec<String>,
    challenges: Vec<crate::mediators::ChallengeItem>,
    may_challenge: bool,
    /// The Secretariat's ranked candidate search.
    search: Vec<crate::mediators::RankedItem>,
    /// When a party asked the Secretary-General to appoint (W6).
    sg_request: Option<String>,
    may_ask_sg: bool,
    /// The reader's user id (0 if none), to offer a mediator their own forms.
    me: i64,
    /// The request's annexes by type, and the joint document holding each, if filed.
    annexes: Vec<(&'static str, Option<i64>)>,
    may_attach: bool,
    error: Option<String>,
    notice: Option<String>,
}

async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    standing: Option<Standing>,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let i18n = &state.i18n;
    let lang = ctx.lang;
    let (row, case, draft) = match state.store.case(id).await {
        Ok(Some(c)) => c,
        Ok(None) => return crate::legacy::pages::hidden(state, ctx, auth).await,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let (history, participants, registry) =
        match (state.store.case_history(id).await, state.store.participants(id).await, state.store.registry().await) {
            (Ok(h), Ok(p), Ok(r)) => (h, p, r),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                return internal_error(state, ctx, auth, e.to_string()).await;
            }
        };
    record_read(state, auth, id, "page").await;
    let mut row = row;
    row.title = crate::kit::views::case_title(i18n, lang, &row.title);
    let today = seat_date(state.store.now());
    let zone = auth.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into());
    let rules = RulesProfile::in_force_on(case.filed_on());
    let deadlines = deadline_views(i18n, lang, &zone, today, &case.deadlines(&rules))
        .into_iter()
        .map(|d| {
            let phrase = days_phrase(i18n, lang, &d);
            (d, phrase)
        })
        .collect();
    // Screening re-runs the engine against the registry as it stands now (E14).
    let scope = assess_request(&draft, case.filed_on(), &registry).map(|a| answer(i18n, lang, &a, &rules));
    let alert = scope_alert(&case, &draft, today, &registry).map(|a| answer(i18n, lang, &a, &rules));
    let actor = auth.actor();
    let allowed = |action| can(&actor, action, Resource::Case(standing)).is_ok();
    let mut steps = Vec::new();
    match case.stage() {
        Stage::OfferPending if allowed(Action::AnswerOffer) => steps.extend(["accept_offer", "decline_offer"]),
        Stage::AwaitingScreening if allowed(Action::Screen) => steps.push("register"),
        Stage::Registered { mediators: None, .. } if allowed(Action::Screen) => steps.push("agree_mediators"),
        Stage::Registered { mediators: None, .. } if allowed(Action::ProposeMediators) => {
            steps.push("propose_mediators")
        }
        _ => {}
    }
    if let Stage::Registered { .. } = case.stage() {
        if side_of(standing).is_some_and(|s| !case.end_requests().contains(&s)) && allowed(Action::RequestEnd) {
            steps.push("request_end");
        }
        if allowed(Action::RecordSettlement) {
            steps.push("record_settlement");
        }
        if allowed(Action::DeclareNoLikelihood) {
            steps.push("declare_no_likelihood");
        }
    }
    if matches!(case.stage(), Stage::OfferPending | Stage::AwaitingScreening) {
        if !case.fee_paid() && allowed(Action::RecordFee) {
            steps.push("mark_fee_paid");
        }
        if allowed(Action::Screen) {
            steps.push("refuse");
        }
    }
    if !case.is_closed() && allowed(Action::Withdraw) {
        steps.push("withdraw");
    }
    if let Some(side) = side_of(standing)
        && allowed(Action::ConsentToPublication)
        && !case.publication_consents().contains(&side)
    {
        steps.push("consent_publication");
    }
    let proposals: Vec<(&'static str, u8)> = case
        .mediator_proposals()
        .iter()
        .map(|(side, n)| (if *side == Side::Requesting { "side-requesting" } else { "side-responding" }, *n))
        .collect();
    let publication = if case.is_public() {
        "publication-public"
    } else if case.publication_consents().is_empty() {
        "publication-none"
    } else {
        "publication-partial"
    };
    let mediators = match case.stage() {
        Stage::Registered { mediators, .. } => *mediators,
        _ => None,
    };
    let name_of = |c: &StateCode| c.un().map(|un| i18n.country(lang, un)).unwrap_or_else(|| c.to_string());
    let parties = draft
        .check()
        .map(|r| {
            r.parties
                .iter()
                .map(|p| PartyItem {
                    side_key: if p.side == Side::Requesting { "side-requesting" } else { "side-responding" },
                    name: match &p.party {
                        Party::State(c) => name_of(c),
                        Party::Organization { name } | Party::National { name, .. } => name.clone(),
                    },
                    contact: p.contact.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let people = participants
        .iter()
        .map(|p| {
            let key = match p.standing {
                Standing::Party(Side::Requesting) => "side-requesting",
                Standing::Party(Side::Responding) => "side-responding",
                Standing::Mediator => "standing-mediator",
            };
            (p.name.clone(), key)
        })
        .collect();
    let history = history
        .iter()
        .map(|h| HistoryItem {
            date: crate::kit::views::date(i18n, lang, seat_date(h.at)),
            text: event_message(i18n, lang, &h.event),
        })
        .collect();
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    // Counted after the policy: only what this reader may see.
    let visible = match crate::documents::visible(state, auth, id, standing).await {
        Ok(docs) => docs,
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let documents = visible.len();
    // Appointments and the conflict checks run for them, for everyone on the case.
    let appointments: Vec<crate::mediators::AppointmentItem> = match state.store.appointments_of_case(id).await {
        Ok(rows) => rows.iter().map(|a| crate::mediators::appointment_item(i18n, lang, a)).collect(),
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let may_appoint = matches!(case.stage(), Stage::Registered { .. })
        && can(&auth.actor(), Action::ManageMediators, Resource::Cases).is_ok();
    let registered = matches!(case.stage(), Stage::Registered { .. });
    let (profiled, agreed) = match (state.store.mediators().await, state.store.agreed_candidates(id).await) {
        (Ok(rows), Ok(agreed)) => {
            let profiled: Vec<(i64, String)> =
                rows.into_iter().filter_map(|(id, _, p)| p.map(|p| (id.0, p.name))).collect();
            let agreed: Vec<(i64, String)> =
                agreed.iter().filter_map(|a| profiled.iter().find(|(id, _)| *id == a.0).cloned()).collect();
            (profiled, agreed)
        }
        (Err(e), _) | (_, Err(e)) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    // The Secretariat's choice lists the candidates both sides agreed first.
    let candidates: Vec<(i64, String)> = if may_appoint {
        let mut list = agreed.clone();
        list.extend(profiled.iter().filter(|c| !agreed.contains(c)).cloned());
        list
    } else {
        Vec::new()
    };
    // W6: a party may ask the Secretary-General to appoint once the time to appoint has passed;
    // the page offers it when nobody serves or awaits an answer, and the store checks the rest.
    let sg_request = match state.store.sg_request(id).await {
        Ok(r) => r.map(|(_, on)| crate::kit::views::date(i18n, lang, on)),
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    let may_ask_sg = registered
        && sg_request.is_none()
        && side_of(standing).is_some()
        && !appointments
            .iter()
            .any(|a: &crate::mediators::AppointmentItem| a.status == "pending" || a.status == "accepted");
    let me = auth.user().map_or(0, |u| u.id.0);
    // The Secretariat's ranked candidate search, with the reasons for each rank.
    let search = if may_appoint {
        match crate::mediators::candidate_search(state, lang, &draft, case.filed_on()).await {
            Ok(s) => s,
            Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
        }
    } else {
        Vec::new()
    };
    // A party ranks candidates privately; it sees its own ranking and what both sides agreed.
    let ranking: Vec<(i64, String, String)> = match side_of(standing) {
        Some(side) if registered && can(&auth.actor(), Action::RankCandidates, Resource::Case(standing)).is_ok() => {
            let mine = match state.store.ranking(id, side).await {
                Ok(r) => r,
                Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
            };
            profiled
                .iter()
                .map(|(cid, name)| {
                    let rank = mine.iter().position(|m| m.0 == *cid).map(|p| (p + 1).to_string()).unwrap_or_default();
                    (*cid, name.clone(), rank)
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let agreed: Vec<String> = agreed.into_iter().map(|(_, name)| name).collect();
    let may_challenge = can(&auth.actor(), Action::ChallengeMediator, Resource::Case(standing)).is_ok();
    let may_decide = can(&auth.actor(), Action::DecideChallenge, Resource::Cases).is_ok();
    let challenges: Vec<crate::mediators::ChallengeItem> = match state.store.challenges_of_case(id).await {
        Ok(rows) => rows.iter().map(|c| crate::mediators::challenge_item(c, standing, may_decide)).collect(),
        Err(e) => return internal_error(state, ctx, auth, e.to_string()).await,
    };
    // The consent document and the proof of authority (W1), as filed in the joint file.
    let on_file = |kind: DocumentType| {
        visible.iter().rev().find(|d| d.kind == kind && d.audience == Audience::Joint).map(|d| d.id)
    };
    let annexes = vec![
        ("consent_to_mediate", on_file(DocumentType::ConsentToMediate)),
        ("proof_of_authority", on_file(DocumentType::ProofOfAuthority)),
    ];
    let may_attach = can(&auth.actor(), Action::FileDocument(Audience::Joint), Resource::Case(standing)).is_ok()
        && standing.is_some();
    let page = CasePage {
        documents,
        appointments,
        candidates,
        ranking,
        agreed,
        challenges,
        may_challenge,
        search,
        sg_request,
        may_ask_sg,
        me,
        annexes,
        may_attach,
        p: Page::new(state, ctx, auth, "cases").await,
        id,
        stage_key: stage_key(&row),
        category_key: format!("scope-category-{}", row.category),
        summary: draft.summary.clone(),
        parties,
        people,
        deadlines,
        history,
        discretionary: scope.as_ref().is_some_and(|s| s.outcome == "discretionary"),
        scope,
        alert,
        publication,
        proposals,
        steps,
        mediators,
        zone,
        error,
        notice,
        row,
    };
    render(ctx, status, &page)
}

pub(crate) async fn record_read(state: &AppState, auth: &Auth, id: i64, via: &str) {
    let stream = format!("case/{id}/access");
    if let Err(e) =
        state.store.record(&auth.ledger_actor(), &stream, "case.read", json!({"case": id, "via": via})).await
    {
        tracing::error!(error = %e, "could not record a case read");
    }
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    case_page(&state, &ctx, &auth, id, standing, None, None).await
}

/// The case page with a message after an action taken elsewhere (an appointment).
pub(crate) async fn show_with(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    error: Option<String>,
    notice: Option<String>,
) -> Response {
    let standing = match case_access(state, ctx, auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    case_page(state, ctx, auth, id, standing, error, notice).await
}

/// Takes a step asked by a person: the policy for that step, then the store.
async fn take_step(state: &AppState, auth: &Auth, id: i64, step: Step) -> Result<(), StoreError> {
    let mails = step_notices(state, id, auth.user().map(|u| u.id), &step).await;
    state.store.case_change(&auth.ledger_actor(), CaseChange::Step { case: id, step, mails }).await.map(|_| ())
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Response {
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(r) = check_csrf(&state, &ctx, &auth, CsrfSource::Session, field(&fields, "csrf")).await {
        return r;
    }
    let step = parse_step(
        field(&fields, "step"),
        field(&fields, "council_rule"),
        field(&fields, "reasons"),
        field(&fields, "number"),
        side_of(standing),
    );
    let Some(step) = step else {
        let message = state.i18n.message(ctx.lang, "case-bad-step", &[]);
        return case_page(&state, &ctx, &auth, id, standing, Some(message), None).await;
    };
    let Some(action) = step_action(&step) else {
        return case_page(
            &state,
            &ctx,
            &auth,
            id,
            standing,
            Some(state.i18n.message(ctx.lang, "case-bad-step", &[])),
            None,
        )
        .await;
    };
    if let Err(r) = authorize(&state, &ctx, &auth, action, Resource::Case(standing)).await {
        return r;
    }
    match take_step(&state, &auth, id, step.clone()).await {
        Ok(()) => {
            let notice =
                state.i18n.message(ctx.lang, &format!("step-done-{}", step_name(&step).replace('_', "-")), &[]);
            case_page(&state, &ctx, &auth, id, standing, None, Some(notice)).await
        }
        Err(StoreError::CaseRefused(r)) => {
            let message = refusal_message(&state.i18n, ctx.lang, &r);
            case_page(&state, &ctx, &auth, id, standing, Some(message), None).await
        }
        Err(e) => internal_error(&state, &ctx, &auth, e.to_string()).await,
    }
}

pub struct DueItem {
    pub case: i64,
    pub title: String,
    pub number: String,
    pub deadline: DeadlineDto,
    pub phrase: String,
}

#[derive(Template)]
#[template(path = "deadlines.html")]
struct DeadlinesPage<'a> {
    p: Page<'a>,
    items: Vec<DueItem>,
    /// Open cases the engine would treat worse today than at filing: (case, title, outcome).
    alerts: Vec<(i64, String, String)>,
    days_usize: usize,
    zone: String,
}

/// E14: for an open case, what the engine says today, if that is worse than at filing.
fn scope_alert(
    case: &iomed_domain::case::Case,
    draft: &Draft,
    today: Date,
    registry: &iomed_domain::registry::Registry,
) -> Option<iomed_domain::scope::Assessment> {
    if case.is_closed() {
        return None;
    }
    let now = assess_request(draft, today, registry)?;
    iomed_domain::scope::alert_since_filing(case.scope_at_filing(), &now)
}

/// The open cases the engine would treat worse today than at filing (E14), for the dashboard.
async fn scope_alerts(state: &AppState, lang: Lang) -> Result<Vec<(i64, String, String)>, StoreError> {
    let today = seat_date(state.store.now());
    let registry = state.store.registry().await?;
    let mut alerts = Vec::new();
    for (row, _) in state.store.open_cases().await? {
        let Some((row, case, draft)) = state.store.case(row.id).await? else { continue };
        if let Some(a) = scope_alert(&case, &draft, today, &registry) {
            let rules = RulesProfile::in_force_on(case.filed_on());
            let title = crate::kit::views::case_title(&state.i18n, lang, &row.title);
            alerts.push((row.id, title, answer(&state.i18n, lang, &a, &rules).outcome_label));
        }
    }
    Ok(alerts)
}

async fn due_soon(state: &AppState, lang: Lang, zone: &str) -> Result<Vec<DueItem>, StoreError> {
    let today = seat_date(state.store.now());
    let mut items = Vec::new();
    for (row, case) in state.store.open_cases().await? {
        let rules = RulesProfile::in_force_on(case.filed_on());
        for d in deadline_views(&state.i18n, lang, zone, today, &case.deadlines(&rules)) {
            if d.days_left <= DASHBOARD_DAYS {
                let phrase = days_phrase(&state.i18n, lang, &d);
                items.push(DueItem {
                    case: row.id,
                    title: crate::kit::views::case_title(&state.i18n, lang, &row.title),
                    number: row.number.clone().unwrap_or_default(),
                    deadline: d,
                    phrase,
                });
            }
        }
    }
    items.sort_by_key(|i| (i.deadline.due, i.case));
    Ok(items)
}

pub async fn dashboard(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::OverseeCases, Resource::Cases).await {
        return r;
    }
    let zone = auth.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into());
    let items = match due_soon(&state, ctx.lang, &zone).await {
        Ok(i) => i,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let alerts = match scope_alerts(&state, ctx.lang).await {
        Ok(a) => a,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let p = Page::new(&state, &ctx, &auth, "deadlines").await;
    render(&ctx, StatusCode::OK, &DeadlinesPage { p, items, alerts, days_usize: DASHBOARD_DAYS as usize, zone })
}

// ----------------------------------------------------------------------------------------------
// The clock: automatic consequences of passed time limits

/// Applies every automatic consequence now due (deemed rejection, one mediator by default, lapse),
/// with notices to everyone on the case. Returns how many steps were taken.
pub async fn apply_time_limits(state: &AppState) -> Result<usize, StoreError> {
    let today = seat_date(state.store.now());
    let mut taken = 0;
    for (row, case) in state.store.open_cases().await? {
        let rules = RulesProfile::in_force_on(case.filed_on());
        for deadline in case.deadlines(&rules) {
            let Some(step) = deadline.kind.consequence().as_ref().and_then(Step::automatic) else { continue };
            if today <= deadline.due {
                continue;
            }
            let mails = step_notices(state, row.id, None, &step).await;
            match state.store.case_change("system:clock", CaseChange::Step { case: row.id, step, mails }).await {
                Ok(_) => taken += 1,
                // Another process, or an earlier consequence in this pass, got there first.
                Err(StoreError::CaseRefused(_)) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(taken)
}

/// Runs [`apply_time_limits`] now and then every `every`.
pub fn spawn_clock(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            match apply_time_limits(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(steps = n, "time limits applied"),
                Err(e) => tracing::warn!(error = %e, "applying time limits failed"),
            }
        }
    })
}

// ----------------------------------------------------------------------------------------------
// The API

/// A draft request with what it still lacks.
#[derive(Debug, Serialize, ToSchema)]
pub struct DraftDto {
    pub id: i64,
    /// The draft as typed: the same fields as the request body.
    #[schema(value_type = Object)]
    pub draft: Draft,
    /// Every missing or invalid item (W1); empty when the draft can be filed.
    pub gaps: Vec<GapDto>,
    /// The case it became, once filed.
    pub case: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapDto {
    /// Where: `summary`, `parties[1].contact`, …
    pub field: String,
    /// `missing`, `invalid`, `unknown_state`, `no_requesting_party`, `no_responding_party`.
    pub code: &'static str,
    pub message: String,
}

/// An incomplete request: problem+json with every gap.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncompleteProblem {
    #[serde(flatten)]
    pub problem: Problem,
    pub gaps: Vec<GapDto>,
}

fn gap_dtos(i18n: &I18n, lang: Lang, gaps: &[Gap]) -> Vec<GapDto> {
    gaps.iter()
        .map(|g| GapDto { field: g.field.clone(), code: g.problem.code(), message: gap_message(i18n, lang, g) })
        .collect()
}

fn draft_dto(state: &AppState, lang: Lang, id: i64, draft: Draft, case: Option<i64>) -> DraftDto {
    let gaps = match draft.check() {
        Ok(_) => Vec::new(),
        Err(gaps) => gap_dtos(&state.i18n, lang, &gaps),
    };
    DraftDto { id, draft, gaps, case }
}

/// API writes take a Bearer token with the `write` scope, never the session cookie: a browser
/// sends its cookie to any site's request, a token only when told to (no CSRF through the API).
#[allow(clippy::result_large_err, reason = "temporary, until the cases API answers WebError")]
pub(crate) fn write_token(auth: &Auth) -> Result<(), Response> {
    crate::kit::auth::write_token(auth).map_err(IntoResponse::into_response)
}

pub(crate) fn api_internal(error: String) -> Response {
    tracing::error!(%error, "case request failed");
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error".into(),
        "Something went wrong on our side.".into(),
    )
    .into_response()
}

/// A request body that is not what the schema says: 400 with the stable code `bad_body`.
pub(crate) fn bad_body(detail: String) -> Response {
    Problem::new(StatusCode::BAD_REQUEST, "bad_body", "Bad request body".into(), detail).into_response()
}

fn refused(state: &AppState, lang: Lang, r: &CaseRefusal) -> Response {
    match r {
        CaseRefusal::NoSuchDraft | CaseRefusal::NoSuchCase => {
            Problem::new(StatusCode::NOT_FOUND, "not_found", "Not found".into(), r.to_string()).into_response()
        }
        CaseRefusal::Incomplete(gaps) => {
            let problem = Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "incomplete",
                state.i18n.message(lang, "case-refusal-incomplete", &[]),
                state.i18n.message(lang, "request-gaps-lead", &[]),
            );
            let body = IncompleteProblem { problem, gaps: gap_dtos(&state.i18n, lang, gaps) };
            let mut response = (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
            response.headers_mut().insert(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_static("application/problem+json"),
            );
            response
        }
        other => Problem::new(
            StatusCode::CONFLICT,
            other.code(),
            state.i18n.message(lang, "error-conflict-title", &[]),
            refusal_message(&state.i18n, lang, other),
        )
        .into_response(),
    }
}

fn parse_draft(body: &Bytes) -> Result<Draft, String> {
    serde_json::from_slice::<Draft>(body).map_err(|e| e.to_string())
}

/// Creates (`id: None`, 201) or replaces (200) a draft through the API.
async fn save_draft_api(state: &AppState, ctx: &Ctx, auth: &Auth, id: Option<i64>, body: &Bytes) -> Response {
    if let Err(problem) = write_token(auth) {
        return problem.into_response();
    }
    if let Err(r) = authorize(state, ctx, auth, Action::DraftRequest, Resource::Cases).await {
        return r;
    }
    let Some(user) = auth.user() else { return StatusCode::UNAUTHORIZED.into_response() };
    let draft = match parse_draft(body) {
        Ok(d) => d,
        Err(e) => return bad_body(e),
    };
    let change = CaseChange::SaveDraft { owner: user.id, id, draft: draft.clone() };
    match state.store.case_change(&auth.ledger_actor(), change).await {
        Ok(a) => match (id, a.created) {
            (Some(id), _) => Json(draft_dto(state, ctx.lang, id, draft, None)).into_response(),
            (None, Some(id)) => {
                (StatusCode::CREATED, Json(draft_dto(state, ctx.lang, id, draft, None))).into_response()
            }
            (None, None) => api_internal("a saved draft has no id".into()),
        },
        Err(StoreError::CaseRefused(r)) => refused(state, ctx.lang, &r),
        Err(e) => api_internal(e.to_string()),
    }
}

/// Creates a draft request.
#[utoipa::path(post, path = "/api/v1/requests", tag = "cases",
    request_body(content = Object, description = "A draft: category, summary, parties [{side, kind, state, name, nationalities, place_of_business, contact}], subjects, third_states [{state, consented}], consent_basis, consent_date, consent_document, authority_document, internal_authorization, other_side_name, other_side_email, signature. Every field may be empty."),
    responses((status = 201, body = DraftDto), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_create(State(state): State<AppState>, ctx: Ctx, auth: Auth, body: Bytes) -> Response {
    save_draft_api(&state, &ctx, &auth, None, &body).await
}

/// A draft request of the caller's, with its gaps.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "cases",
    responses((status = 200, body = DraftDto), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn api_get(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::DraftRequest, Resource::Cases).await {
        return r;
    }
    let Some(user) = auth.user() else { return StatusCode::UNAUTHORIZED.into_response() };
    match state.store.draft(user.id, id).await {
        Ok(Some(row)) => Json(draft_dto(&state, ctx.lang, id, row.draft, row.case)).into_response(),
        Ok(None) => refused(&state, ctx.lang, &CaseRefusal::NoSuchDraft),
        Err(e) => api_internal(e.to_string()),
    }
}

/// Replaces a draft that is not filed yet.
#[utoipa::path(put, path = "/api/v1/requests/{id}", tag = "cases", request_body(content = Object),
    responses((status = 200, body = DraftDto), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_update(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    save_draft_api(&state, &ctx, &auth, Some(id), &body).await
}

/// Files a draft. An incomplete draft answers 422 with every gap; an out-of-scope request is filed
/// and goes to the registrar marked with its reasons.
#[utoipa::path(post, path = "/api/v1/requests/{id}/file", tag = "cases",
    responses((status = 201, body = CaseDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = IncompleteProblem)),
    security(("bearer" = [])))]
pub async fn api_file(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(problem) = write_token(&auth) {
        return problem.into_response();
    }
    if let Err(r) = authorize(&state, &ctx, &auth, Action::DraftRequest, Resource::Cases).await {
        return r;
    }
    let Some(user) = auth.user() else { return StatusCode::UNAUTHORIZED.into_response() };
    let draft = match state.store.draft(user.id, id).await {
        Ok(Some(row)) => row.draft,
        Ok(None) => return refused(&state, ctx.lang, &CaseRefusal::NoSuchDraft),
        Err(e) => return api_internal(e.to_string()),
    };
    match file(&state, &auth, user.id, id, &draft).await {
        Ok(case) => match case_dto(&state, &ctx, &auth, case).await {
            Ok(dto) => (StatusCode::CREATED, Json(dto)).into_response(),
            Err(e) => api_internal(e.to_string()),
        },
        Err(StoreError::CaseRefused(r)) => refused(&state, ctx.lang, &r),
        Err(e) => api_internal(e.to_string()),
    }
}

/// A case as its reader may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDto {
    pub id: i64,
    /// `IOMed/2026/0001` once registered.
    pub number: Option<String>,
    pub title: String,
    pub category: String,
    /// `offer_pending`, `awaiting_screening`, `registered` or `closed`.
    pub stage: String,
    /// How it closed, if it did.
    pub closure: Option<String>,
    pub fee_paid: bool,
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
    /// The scope outcome at filing.
    pub scope_at_filing: String,
    /// The reader's standing: `requesting`, `responding`, `mediator`, or none (the Secretariat).
    pub standing: Option<&'static str>,
    pub deadlines: Vec<DeadlineDto>,
    pub history: Vec<HistoryDto>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryDto {
    pub seq: i64,
    pub at: String,
    /// `case.filed`, `case.offer_accepted`, `case.registered`, …
    pub kind: &'static str,
    pub text: String,
}

async fn case_dto(state: &AppState, ctx: &Ctx, auth: &Auth, id: i64) -> Result<CaseDto, StoreError> {
    let (row, case, _) = state.store.case(id).await?.ok_or(StoreError::CaseRefused(CaseRefusal::NoSuchCase))?;
    let history = state.store.case_history(id).await?;
    let standing = match auth.user() {
        Some(u) => state.store.standing(id, u.id).await?,
        None => None,
    };
    let today = seat_date(state.store.now());
    let zone = auth.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into());
    let rules = RulesProfile::in_force_on(case.filed_on());
    Ok(CaseDto {
        id,
        number: row.number.clone(),
        title: row.title.clone(),
        category: row.category.clone(),
        stage: row.stage.clone(),
        closure: row.closure.clone(),
        fee_paid: row.fee_paid,
        filed_on: row.filed_on,
        scope_at_filing: row.scope.clone(),
        standing: standing.map(|s| match s {
            Standing::Party(side) => side.as_str(),
            Standing::Mediator => "mediator",
        }),
        deadlines: deadline_views(&state.i18n, ctx.lang, &zone, today, &case.deadlines(&rules)),
        history: history
            .iter()
            .map(|h| HistoryDto {
                seq: h.seq,
                at: h.at.to_string(),
                kind: h.event.kind(),
                text: event_message(&state.i18n, ctx.lang, &h.event),
            })
            .collect(),
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseSummaryDto {
    pub id: i64,
    pub number: Option<String>,
    pub title: String,
    pub category: String,
    pub stage: String,
    pub closure: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub filed_on: Date,
}

/// The cases the caller may see: their own, or every case for the Secretariat.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    responses((status = 200, body = [CaseSummaryDto]), (status = 401, body = Problem)), security(("bearer" = [])))]
pub async fn api_list(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::ReadAccount, Resource::OwnAccount).await {
        return r;
    }
    let Some(user) = auth.user() else { return StatusCode::UNAUTHORIZED.into_response() };
    let rows = if can(&auth.actor(), Action::OverseeCases, Resource::Cases).is_ok() {
        state.store.all_cases().await
    } else {
        state.store.cases_of(user.id).await
    };
    match rows {
        Ok(rows) => Json(rows.iter().map(summary_dto).collect::<Vec<_>>()).into_response(),
        Err(e) => api_internal(e.to_string()),
    }
}

/// One case, with its deadlines (in the caller's time zone) and procedural history. A case the
/// caller may not see answers 404, as one that does not exist.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    responses((status = 200, body = CaseDto), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn api_show(State(state): State<AppState>, ctx: Ctx, auth: Auth, Path(id): Path<i64>) -> Response {
    if let Err(r) = case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        return r;
    }
    record_read(&state, &auth, id, "api").await;
    match case_dto(&state, &ctx, &auth, id).await {
        Ok(dto) => Json(dto).into_response(),
        Err(e) => api_internal(e.to_string()),
    }
}

/// A step in a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepRequest {
    /// `accept_offer`, `decline_offer` (the responding side); `withdraw` (a party);
    /// `mark_fee_paid` (finance, registrar); `register`, `refuse`, `agree_mediators` (registrar);
    /// `consent_publication` (a party, for its side: the case is published once every side agreed);
    /// `propose_mediators` with `number` (a party, for its side: agreed when both propose the same);
    /// `request_end` (a party: ended by agreement when every side asks); `record_settlement` with
    /// `number`, the joint settlement agreement's document number (the registrar);
    /// `declare_no_likelihood` (a mediator on the case).
    pub step: String,
    /// For `register` of a discretionary case: the Governing Council rule relied on.
    #[serde(default)]
    pub council_rule: String,
    /// For `refuse`.
    #[serde(default)]
    pub reasons: String,
    /// For `agree_mediators`: 1, 2 or 3.
    #[serde(default)]
    pub number: Option<u8>,
}

/// Takes a step. A step out of turn, after its deadline, or by someone without the role is
/// refused with its reason, and nothing is written.
#[utoipa::path(post, path = "/api/v1/cases/{id}/steps", tag = "cases", request_body = StepRequest,
    responses((status = 200, body = CaseDto), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
pub async fn api_step(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    body: Bytes,
) -> Response {
    if let Err(problem) = write_token(&auth) {
        return problem.into_response();
    }
    let standing = match case_access(&state, &ctx, &auth, id, Action::ReadCase).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let request: StepRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad_body(e.to_string()),
    };
    let number = request.number.map(|n| n.to_string()).unwrap_or_default();
    let Some(step) = parse_step(&request.step, &request.council_rule, &request.reasons, &number, side_of(standing))
    else {
        return bad_body(format!("step: '{}' is not a step one can ask for (see the schema)", request.step));
    };
    let Some(action) = step_action(&step) else { return bad_body("this step is the clock's".into()) };
    if let Err(r) = authorize(&state, &ctx, &auth, action, Resource::Case(standing)).await {
        return r;
    }
    match take_step(&state, &auth, id, step).await {
        Ok(()) => match case_dto(&state, &ctx, &auth, id).await {
            Ok(dto) => Json(dto).into_response(),
            Err(e) => api_internal(e.to_string()),
        },
        Err(StoreError::CaseRefused(r)) => refused(&state, ctx.lang, &r),
        Err(e) => api_internal(e.to_string()),
    }
}

/// The deadlines of every open case due in the next 14 days, and those overdue (the Secretariat).
#[utoipa::path(get, path = "/api/v1/deadlines", tag = "cases",
    responses((status = 200, body = [DueDto]), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn api_deadlines(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    if let Err(r) = authorize(&state, &ctx, &auth, Action::OverseeCases, Resource::Cases).await {
        return r;
    }
    let zone = auth.user().map(|u| u.time_zone.clone()).unwrap_or_else(|| "Asia/Hong_Kong".into());
    match due_soon(&state, ctx.lang, &zone).await {
        Ok(items) => Json(
            items
                .into_iter()
                .map(|i| DueDto {
                    case: i.case,
                    number: (!i.number.is_empty()).then_some(i.number),
                    deadline: i.deadline,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => api_internal(e.to_string()),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DueDto {
    pub case: i64,
    pub number: Option<String>,
    pub deadline: DeadlineDto,
}

// ----------------------------------------------------------------------------------------------
// The public register: cases every side agreed to publish (W18).

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage<'a> {
    p: Page<'a>,
    cases: Vec<CaseSummaryDto>,
}

fn summary_dto(r: &CaseRow) -> CaseSummaryDto {
    CaseSummaryDto {
        id: r.id,
        number: r.number.clone(),
        title: r.title.clone(),
        category: r.category.clone(),
        stage: r.stage.clone(),
        closure: r.closure.clone(),
        filed_on: r.filed_on,
    }
}

pub async fn register(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Response {
    let rows = match state.store.public_cases().await {
        Ok(r) => r,
        Err(e) => return internal_error(&state, &ctx, &auth, e.to_string()).await,
    };
    let cases = rows
        .iter()
        .map(|r| {
            let mut summary = summary_dto(r);
            summary.title = crate::kit::views::case_title(&state.i18n, ctx.lang, &r.title);
            summary
        })
        .collect();
    let p = Page::new(&state, &ctx, &auth, "register").await;
    render(&ctx, StatusCode::OK, &RegisterPage { p, cases })
}

/// The public register: the basic information of the cases whose every side agreed to
/// publication. Every other case stays unknown (W13, W18).
#[utoipa::path(get, path = "/api/v1/register", tag = "cases", responses((status = 200, body = [CaseSummaryDto])))]
pub async fn api_register(State(state): State<AppState>) -> Response {
    match state.store.public_cases().await {
        Ok(rows) => Json(rows.iter().map(summary_dto).collect::<Vec<_>>()).into_response(),
        Err(e) => api_internal(e.to_string()),
    }
}

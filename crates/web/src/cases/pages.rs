//! The cases pages: the reader's list of cases (what asks something of them first), the case
//! page (stage, deadlines in the reader's time zone, the steps the domain offers them, the
//! request, the scope assessment, the procedural history), and taking a step.
//!
//! Every case read passes the policy with the reader's standing in the case and is recorded. A
//! case the reader may not see answers exactly as a case that does not exist (W13).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, Standing, can};
use iomed_domain::case::{Closure, Refusal, Stage, StageName, StepKind, Todo};
use iomed_domain::documents::{Audience, DocumentType};
use iomed_domain::mediators::AppointmentStatus;
use iomed_domain::registry::StateCode;
use iomed_domain::request::Side;
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::Category;
use iomed_domain::scope::Party;
use iomed_domain::seat::seat_date;
use iomed_store::StoreError;
use iomed_store::cases::{CaseChange, CaseFilter, CaseRefusal, CaseRow, Lister, Step};
use iomed_store::paging::Seek;
use serde::Deserialize;

use crate::cases::views::{DeadlineDto, deadline_views, done_key, stage_key, step_notices};
use crate::kit::access::{case_standing, record_read, visible_documents};
use crate::kit::auth::{Auth, authorize};
use crate::kit::case_query::CaseQuery;
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Form, Path, Query};
use crate::kit::paging::{DEFAULT_LIMIT, Pager};
use crate::kit::refusals::case_message;
use crate::kit::render::{Page, render};
use crate::kit::scope_view::{ScopeAnswer, answer};
use crate::kit::state::AppState;
use crate::kit::views::document_ref;

pub struct CaseItem {
    pub id: i64,
    pub title: String,
    pub number: String,
    pub category_key: String,
    pub stage_key: String,
    pub filed_on: String,
    pub action: Option<String>,
    /// For the Secretariat: the case's officer, and what it waits on.
    pub officer: String,
    pub waiting: String,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage<'a> {
    p: Page<'a>,
    cases: Vec<CaseItem>,
    drafts: Vec<(i64, String, String)>,
    can_draft: bool,
    secretariat: bool,
    /// The filters as shown in the form.
    filter: FilterView,
    /// Why the filters sent were not taken (the list is then shown unfiltered).
    error: Option<String>,
    pager: Pager,
    /// How many cases the reader may list in all.
    total: String,
    /// The Secretariat's work queue and its filters.
    queue: Option<crate::cases::queue::QueueView>,
}

/// The case list's filters as the form shows them.
pub struct FilterView {
    pub stage: String,
    pub category: String,
    pub year: String,
    pub q: String,
    pub filtered: bool,
    pub stages: Vec<(&'static str, String)>,
    pub categories: Vec<(&'static str, String)>,
}

impl FilterView {
    fn of(p: &Page<'_>, f: &CaseFilter) -> FilterView {
        FilterView {
            stage: f.stage.map(|s| s.as_str().to_string()).unwrap_or_default(),
            category: f.category.map(|c| c.as_str().to_string()).unwrap_or_default(),
            year: f.year.map(|y| y.to_string()).unwrap_or_default(),
            q: f.text.clone().unwrap_or_default(),
            filtered: *f != CaseFilter::default(),
            stages: StageName::ALL
                .iter()
                .map(|s| (s.as_str(), p.t(&format!("stage-{}", s.as_str().replace('_', "-")))))
                .collect(),
            categories: [Category::StateState, Category::StateNational, Category::PrivateCommercial]
                .iter()
                .map(|c| (c.as_str(), p.t(&format!("scope-category-{}", c.as_str()))))
                .collect(),
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(query): Query<CaseQuery>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    let user = auth.require_user()?;
    let actor = auth.actor();
    let secretariat = can(&actor, Action::OverseeCases, Resource::Cases).is_ok();
    let can_draft = can(&actor, Action::DraftRequest, Resource::Cases).is_ok();
    let lister = if secretariat { Lister::Everyone } else { Lister::Participant(user.id) };
    // Filters that are not ones: the list unfiltered, with the reason.
    let (filter, seek, list, error) = match query.parse(&state.cursors, &state.i18n, "cases", Some(user.id)) {
        Ok((filter, seek, list)) => (filter, seek, list, None),
        Err(e) => {
            let filter = CaseFilter::default();
            let list = CaseQuery::list("cases", &filter);
            (filter, Seek::first(DEFAULT_LIMIT), list, Some(e.texts().1.render(&state.i18n, ctx.lang)))
        }
    };
    let slice = state.store.case_list(lister, &filter, &seek).await?;
    let total = state.store.case_count(lister).await?;
    let drafts = state.store.drafts_of(user.id).await?;
    let p = Page::new(&state, &ctx, &auth, "cases").await;
    let limit = if error.is_none() { query.limit.as_deref() } else { None };
    let pager = Pager::of(&state.cursors, &list, "/cases", &CaseQuery::encoded(&filter, limit), &slice)?;
    let queue = match secretariat {
        true => Some(crate::cases::queue::queue_view(&state, &p, &filter, user.id).await?),
        false => None,
    };
    let cases = slice
        .items
        .into_iter()
        .map(|c| {
            let todo = todo_of(&c.row, c.standing, secretariat);
            let row = c.row;
            let (officer, waiting) = match &queue {
                Some(q) => (q.name_of(row.officer), crate::cases::queue::waiting_text(&p, ctx.lang, &row.waiting)),
                None => (String::new(), String::new()),
            };
            CaseItem {
                id: row.id,
                title: crate::kit::views::case_title(&state.i18n, ctx.lang, &row.title),
                number: row.number.clone().unwrap_or_default(),
                category_key: format!("scope-category-{}", row.category),
                stage_key: stage_key(&row),
                filed_on: p.date(&row.filed_on),
                action: todo.map(|t| p.t(&format!("todo-{}", t.replace('_', "-")))),
                officer,
                waiting,
            }
        })
        .collect();
    let drafts = drafts
        .into_iter()
        .map(|d| {
            // Titled from the parties as soon as they are known, States named in the reader's language.
            let title = match d.draft.check() {
                Ok(r) => Some(r.title()),
                Err(_) => d.draft.working_title(),
            };
            let title = title
                .map(|t| crate::kit::views::case_title(&state.i18n, ctx.lang, &t))
                .unwrap_or_else(|| p.t("request-untitled"));
            (d.id, title, p.recorded(&d.updated_at.to_string()))
        })
        .collect();
    let filter = FilterView::of(&p, &filter);
    let total = state.i18n.count(ctx.lang, usize::try_from(total).unwrap_or(0));
    render(
        &ctx,
        StatusCode::OK,
        &CasesPage { p, cases, drafts, can_draft, secretariat, filter, error, pager, total, queue },
    )
}

/// What a listed case asks of the reader, from its projection (the list does not rebuild cases).
fn todo_of(row: &CaseRow, standing: Option<Standing>, secretariat: bool) -> Option<&'static str> {
    let stage = StageName::parse(&row.stage)?;
    Todo::of(stage, row.fee_paid, standing, secretariat).map(|t| t.as_str())
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

/// A mediator on the case, as the overview names them (the mediators page has the rest).
pub struct MediatorItem {
    pub name: String,
    pub status_key: String,
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage<'a> {
    p: Page<'a>,
    id: i64,
    tab: &'static str,
    row: CaseRow,
    stage_key: String,
    category_key: String,
    summary: String,
    parties: Vec<PartyItem>,
    people: Vec<(String, &'static str)>,
    deadlines: Vec<DeadlineDto>,
    history: Vec<HistoryItem>,
    /// How many steps the whole history has.
    history_count: usize,
    scope: Option<ScopeAnswer>,
    /// E14: what the engine says today, when worse than at filing.
    alert: Option<ScopeAnswer>,
    /// The key of where publication stands.
    publication: &'static str,
    /// Each side's proposal of the number of mediators, while none is agreed.
    proposals: Vec<(&'static str, u8)>,
    steps: Vec<&'static str>,
    mediators: Option<u8>,
    appointed: Vec<MediatorItem>,
    discretionary: bool,
    zone: String,
    /// How many documents of the case file this reader may see.
    documents: usize,
    /// The reader's side was invited and has not consented: it reads the request and its annexes.
    invited: bool,
    /// The case's officer, for the Secretariat.
    officer: Option<crate::cases::officer::OfficerView>,
    /// The request's annexes by type, and the joint document holding each (its id and
    /// reference), if filed.
    annexes: Vec<(&'static str, Option<(i64, String)>)>,
    /// The settlement agreements in the joint file, newest first: what the Secretariat may record.
    settlements: Vec<(i64, String)>,
    may_attach: bool,
    /// The screening checklist (W4), for the Secretariat before registration.
    screening: Vec<crate::cases::screening::CheckRow>,
    error: Option<String>,
}

fn side_key(side: Side) -> &'static str {
    match side {
        Side::Requesting => "side-requesting",
        Side::Responding => "side-responding",
    }
}

pub(crate) async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    standing: Option<Standing>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let i18n = &state.i18n;
    let lang = ctx.lang;
    // The read is recorded while the page is read (it waits for its commit, with others').
    let (read, recorded) = tokio::join!(
        async {
            let case = state.store.case_with_history(id).await?.ok_or(WebError::NotFound)?;
            let participants = state.store.participants(id).await?;
            let registry = state.registry().await?;
            Ok::<_, WebError>((case, participants, registry))
        },
        record_read(state, auth, id, "page", serde_json::json!({}))
    );
    let () = recorded;
    let ((mut row, case, draft, history), participants, registry) = read?;
    row.title = crate::kit::views::case_title(i18n, lang, &row.title);
    let today = seat_date(state.store.now());
    let zone = auth.time_zone();
    let rules = RulesProfile::in_force_on(case.filed_on());
    let deadlines = deadline_views(i18n, lang, &zone, today, &case.deadlines(&rules));
    // Screening re-runs the engine against the registry as it stands now (E14).
    let mut scope = draft.assess(case.filed_on(), &registry).map(|a| answer(i18n, lang, &a, &rules));
    // The assessment speaks of the offer in the future; once it was answered, it says what happened.
    let answered = match case.stage() {
        Stage::OfferPending => None,
        Stage::Closed { closure: Closure::OfferDeclined | Closure::OfferDeemedRejected, .. } => {
            Some("scope-offer-not-accepted")
        }
        _ => Some("scope-offer-was-accepted"),
    };
    if let (Some(key), Some(scope)) = (answered, scope.as_mut()) {
        for reason in scope.reasons.iter_mut().filter(|r| r.code == "offer_needs_acceptance") {
            reason.message = i18n.message(lang, key, &[]);
        }
    }
    let alert = case.scope_alert(&draft, today, &registry).map(|a| answer(i18n, lang, &a, &rules));
    let steps = case.offered_steps(&auth.actor(), standing).into_iter().map(|s| s.as_str()).collect();
    let proposals = case.mediator_proposals().iter().map(|(side, n)| (side_key(*side), *n)).collect();
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
                    side_key: side_key(p.side),
                    name: match &p.party {
                        Party::State(c) => name_of(c),
                        Party::Organization { name } | Party::National { name, .. } => name.clone(),
                    },
                    contact: p.contact.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    let people = participants.iter().map(|p| (p.name.clone(), crate::kit::views::standing_key(p.standing))).collect();
    // The latest steps; the whole history is a list of its own, a page at a time.
    // The steps of the case and of its appointments, in the order they happened.
    let history = crate::cases::history::lines(state, lang, id, &history).await?;
    let history_count = history.len();
    let history = history
        .iter()
        .skip(history_count.saturating_sub(RECENT_HISTORY))
        .map(|h| HistoryItem { date: crate::kit::views::date(i18n, lang, seat_date(h.at)), text: h.text.clone() })
        .collect();
    // Counted after the policy: only what this reader may see.
    let visible = visible_documents(state, auth, id, standing).await?;
    // The mediators appointed and their answer, for everyone on the case (the checks are on the
    // mediators page).
    let appointed = state
        .store
        .appointments_of_case(id)
        .await?
        .into_iter()
        .map(|a| MediatorItem {
            name: a.mediator_name,
            // "Awaiting your answer" is the appointee's own page; here the others read whose it is.
            status_key: match a.status {
                AppointmentStatus::Pending => "appointment-status-awaiting-mediator".to_owned(),
                other => format!("appointment-status-{}", other.as_str()),
            },
        })
        .collect();
    // The consent document and the proof of authority (W1), as filed in the joint file.
    let on_file = |kind: DocumentType| {
        visible
            .iter()
            .rev()
            .find(|d| d.kind == kind && d.audience == Audience::Joint)
            .map(|d| (d.id, document_ref(&state.i18n, ctx.lang, d.audience, d.number)))
    };
    let settlements = visible
        .iter()
        .rev()
        .filter(|d| d.kind == DocumentType::SettlementAgreement && d.audience == Audience::Joint)
        .map(|d| (d.id, format!("{} — {}", document_ref(&state.i18n, ctx.lang, d.audience, d.number), d.title)))
        .collect();
    let annexes = vec![
        ("consent_to_mediate", on_file(DocumentType::ConsentToMediate)),
        ("proof_of_authority", on_file(DocumentType::ProofOfAuthority)),
    ];
    let may_attach = standing.is_some()
        && can(&auth.actor(), Action::FileDocument(Audience::Joint), Resource::Case(standing)).is_ok();
    let screens = can(&auth.actor(), Action::Screen, Resource::Case(standing)).is_ok();
    let screening = match case.stage() {
        Stage::OfferPending | Stage::AwaitingScreening if screens => {
            crate::cases::screening::checklist(state, lang, id, (&case, &draft), &visible).await?
        }
        _ => Vec::new(),
    };
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let officer = crate::cases::officer::officer_view(state, auth, &row, standing).await?;
    let page = CasePage {
        p: Page::new(state, ctx, auth, "cases").await,
        invited: standing == Some(Standing::Invited),
        officer,
        id,
        tab: "overview",
        stage_key: stage_key(&row),
        category_key: format!("scope-category-{}", row.category),
        summary: draft.summary.clone(),
        parties,
        people,
        deadlines,
        history,
        history_count,
        discretionary: scope.as_ref().is_some_and(|s| s.outcome == "discretionary"),
        scope,
        alert,
        publication,
        proposals,
        steps,
        mediators,
        appointed,
        zone,
        documents: visible.len(),
        annexes,
        settlements,
        may_attach,
        screening,
        error,
        row,
    };
    render(ctx, status, &page)
}

/// How many of the latest steps the case page shows.
pub(crate) const RECENT_HISTORY: usize = 10;

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    case_page(&state, &ctx, &auth, id, standing, None).await
}

/// A step from the web form or the API body, once its name is known to be a person's step.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    step: String,
    council_rule: String,
    reasons: String,
    number: String,
    /// `yes` from the page that showed what the step does and who is told; without it, that page.
    confirmed: String,
}

/// Why a step as asked cannot be taken as it is (before the domain decides on the case).
pub enum BadStep {
    /// Not the name of a step a person asks for.
    Unknown,
    /// A step taken for a side, asked by someone who is on no side.
    NoSide,
    /// A number that is not one (the number of mediators, a document number).
    Number,
}

impl BadStep {
    pub fn error(&self) -> WebError {
        let key = match self {
            BadStep::Unknown | BadStep::NoSide => "case-bad-step",
            BadStep::Number => "case-bad-number",
        };
        WebError::bad_request("bad_step", Msg::new(key))
    }
}

/// The step asked, with its details: `side` is the asker's, for steps taken for a side.
pub fn parse_step(
    name: &str,
    council_rule: &str,
    reasons: &str,
    number: &str,
    standing: Option<Standing>,
) -> Result<(StepKind, Step), BadStep> {
    let kind = StepKind::parse(name.trim()).ok_or(BadStep::Unknown)?;
    // An invited side acts for the responding side; the policy says what it may do.
    let side = standing.and_then(|s| s.side());
    let side = || side.ok_or(BadStep::NoSide);
    let small = || number.trim().parse::<u8>().map_err(|_| BadStep::Number);
    let step = match kind {
        StepKind::AcceptOffer => Step::AcceptOffer,
        StepKind::DeclineOffer => Step::DeclineOffer,
        StepKind::MarkFeePaid => Step::MarkFeePaid,
        StepKind::Register => {
            let rule = council_rule.trim();
            Step::Register { council_rule: (!rule.is_empty()).then(|| rule.to_owned()) }
        }
        StepKind::Refuse => Step::Refuse { reasons: reasons.to_owned() },
        StepKind::Withdraw => Step::Withdraw { side: side()? },
        StepKind::AgreeMediators => Step::AgreeMediators { number: small()? },
        StepKind::ProposeMediators => Step::ProposeMediators { side: side()?, number: small()? },
        StepKind::ConsentToPublication => Step::ConsentToPublication { side: side()? },
        StepKind::RequestEnd => Step::RequestEnd { side: side()? },
        StepKind::RecordSettlement => {
            Step::RecordSettlement { document: number.trim().parse::<i64>().map_err(|_| BadStep::Number)? }
        }
        StepKind::DeclareNoLikelihood => Step::DeclareNoLikelihood,
    };
    Ok((kind, step))
}

/// Takes a step asked by a person, once the policy allows it: notices go to everyone else on
/// the case.
pub async fn take_step(state: &AppState, auth: &Auth, id: i64, kind: StepKind, step: Step) -> Result<(), StoreError> {
    let mails = step_notices(state, id, auth.user().map(|u| u.id), kind.as_str()).await?;
    state.store.case_change(&auth.ledger_actor(), CaseChange::Step { case: id, step, mails }).await.map(|_| ())
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<StepForm>,
) -> Result<Response, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let again = |error: Msg| {
        let (state, ctx, auth) = (state.clone(), ctx.clone(), auth.clone());
        async move {
            let error = error.render(&state.i18n, ctx.lang);
            case_page(&state, &ctx, &auth, id, standing, Some(error)).await
        }
    };
    let (kind, step) = match parse_step(&form.step, &form.council_rule, &form.reasons, &form.number, standing) {
        Ok(s) => s,
        Err(BadStep::Number) => return again(Msg::new("case-bad-number")).await,
        Err(_) => return again(Msg::new("case-bad-step")).await,
    };
    authorize(&state, &auth, kind.action(), Resource::Case(standing)).await?;
    if kind == StepKind::Register {
        // What screening still misses is said before the check page, every item at once (W4).
        if let Some(missing) = crate::cases::screening::missing_now(&state, id, &form.council_rule).await? {
            let text = crate::cases::screening::missing_text(&state.i18n, ctx.lang, &missing);
            return case_page(&state, &ctx, &auth, id, standing, Some(text)).await;
        }
    }
    if form.confirmed != "yes" {
        let asked = crate::cases::confirm::Asked {
            kind,
            council_rule: &form.council_rule,
            reasons: &form.reasons,
            number: &form.number,
        };
        return crate::cases::confirm::confirm_page(&state, &ctx, &auth, id, asked).await;
    }
    match take_step(&state, &auth, id, kind, step).await {
        Ok(()) => Ok(ctx.redirect_with(&format!("/cases/{id}"), done_key(kind))),
        Err(StoreError::CaseRefused(CaseRefusal::Case(Refusal::ScreeningIncomplete { missing }))) => {
            let text = crate::cases::screening::missing_text(&state.i18n, ctx.lang, &missing);
            case_page(&state, &ctx, &auth, id, standing, Some(text)).await
        }
        Err(StoreError::CaseRefused(r)) => again(case_message(&r)).await,
        Err(e) => Err(e.into()),
    }
}

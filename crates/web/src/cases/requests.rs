//! Drafting and filing a request for mediation on the web: the form (every item of W1, saved as
//! typed so that nothing is lost), the scope engine's preview, and filing, which invites the
//! other side (`cases::filing`).

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::registry::{StateCode, Subject};
use iomed_domain::request::{Draft, DraftParty, DraftThirdState, Gap, GapKind};
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use iomed_store::cases::CaseChange;
use serde::Deserialize;

use crate::cases::views::{gap_anchor, gap_message};
use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::{Form, Path};
use crate::kit::i18n::Lang;
use crate::kit::render::{Page, render};
use crate::kit::scope_view::{ScopeAnswer, answer};
use crate::kit::state::AppState;
use crate::kit::views::{resolve, sorted_states};

/// What the form's button asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filing {
    /// Keep the draft.
    Save,
    /// Keep it, and show what filing it will do.
    Check,
    /// Keep it and file it (the check was seen, or a program asks).
    Now,
}

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

/// What the error summary shows of a gap: the field's id (to link to it) and the message.
pub struct GapItem {
    pub anchor: String,
    pub message: String,
}

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
    gaps: Vec<GapItem>,
    /// The same, by field, for the messages beside the fields.
    errors: crate::kit::field_errors::FieldErrors,
    scope: Option<ScopeAnswer>,
    /// A saved draft's annexes and the form to attach more; none before it is saved.
    annexes: Option<crate::cases::annexes::AnnexSection>,
}

/// The request form as typed: every field a string (or a list of them), so that reading the form
/// never fails; [`RequestForm::into_draft`] keeps it as a draft, and the domain checks the draft.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct RequestForm {
    category: String,
    summary: String,
    subject: Vec<String>,
    consent_basis: String,
    consent_date: String,
    consent_document: String,
    authority_document: String,
    internal_authorization: String,
    other_side_name: String,
    other_side_email: String,
    signature: String,
    /// `save` or `file`.
    action: String,
    /// `yes` to file at once; otherwise filing first shows what it will do.
    confirmed: String,
    p1_side: String,
    p1_kind: String,
    p1_state: String,
    p1_name: String,
    p1_nat1: String,
    p1_nat2: String,
    p1_place: String,
    p1_contact: String,
    p2_side: String,
    p2_kind: String,
    p2_state: String,
    p2_name: String,
    p2_nat1: String,
    p2_nat2: String,
    p2_place: String,
    p2_contact: String,
    p3_side: String,
    p3_kind: String,
    p3_state: String,
    p3_name: String,
    p3_nat1: String,
    p3_nat2: String,
    p3_place: String,
    p3_contact: String,
    p4_side: String,
    p4_kind: String,
    p4_state: String,
    p4_name: String,
    p4_nat1: String,
    p4_nat2: String,
    p4_place: String,
    p4_contact: String,
    t1_state: String,
    t1_consented: String,
    t2_state: String,
    t2_consented: String,
}

impl RequestForm {
    /// The draft as typed, with States typed by a name (in any of the four languages) resolved to
    /// their codes.
    fn into_draft(self, i18n: &crate::kit::i18n::I18n) -> (Draft, Filing) {
        let file = self.action == "file";
        let confirmed = self.confirmed == "yes";
        let slots = [
            [
                &self.p1_side,
                &self.p1_kind,
                &self.p1_state,
                &self.p1_name,
                &self.p1_nat1,
                &self.p1_nat2,
                &self.p1_place,
                &self.p1_contact,
            ],
            [
                &self.p2_side,
                &self.p2_kind,
                &self.p2_state,
                &self.p2_name,
                &self.p2_nat1,
                &self.p2_nat2,
                &self.p2_place,
                &self.p2_contact,
            ],
            [
                &self.p3_side,
                &self.p3_kind,
                &self.p3_state,
                &self.p3_name,
                &self.p3_nat1,
                &self.p3_nat2,
                &self.p3_place,
                &self.p3_contact,
            ],
            [
                &self.p4_side,
                &self.p4_kind,
                &self.p4_state,
                &self.p4_name,
                &self.p4_nat1,
                &self.p4_nat2,
                &self.p4_place,
                &self.p4_contact,
            ],
        ];
        let parties = slots
            .iter()
            .map(|[side, kind, state, name, nat1, nat2, place, contact]| DraftParty {
                side: side.trim().to_owned(),
                kind: kind.trim().to_owned(),
                state: resolve(i18n, state),
                name: name.trim().to_owned(),
                nationalities: [nat1, nat2].iter().filter(|s| !s.trim().is_empty()).map(|s| resolve(i18n, s)).collect(),
                place_of_business: resolve(i18n, place),
                contact: contact.trim().to_owned(),
            })
            // An untouched slot is not a party.
            .filter(|p| !(p.kind.is_empty() && p.name.is_empty() && p.state.is_empty() && p.contact.is_empty()))
            .collect();
        let third_states = [(&self.t1_state, &self.t1_consented), (&self.t2_state, &self.t2_consented)]
            .iter()
            .map(|(state, consented)| DraftThirdState { state: resolve(i18n, state), consented: *consented == "1" })
            .filter(|t| !t.state.is_empty())
            .collect();
        let draft = Draft {
            category: self.category.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            parties,
            subjects: self.subject,
            third_states,
            consent_basis: self.consent_basis.trim().to_owned(),
            consent_date: self.consent_date.trim().to_owned(),
            consent_document: self.consent_document.trim().to_owned(),
            authority_document: self.authority_document.trim().to_owned(),
            internal_authorization: self.internal_authorization.trim().to_owned(),
            other_side_name: self.other_side_name.trim().to_owned(),
            other_side_email: self.other_side_email.trim().to_owned(),
            signature: self.signature.trim().to_owned(),
        };
        let filing = match (file, confirmed) {
            (false, _) => Filing::Save,
            (true, false) => Filing::Check,
            (true, true) => Filing::Now,
        };
        (draft, filing)
    }
}

pub(crate) async fn request_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: Option<i64>,
    draft: Draft,
    gaps: Vec<GapItem>,
) -> Result<Response, WebError> {
    request_page_with(state, ctx, auth, id, draft, gaps, None).await
}

/// The same, with the annexes part as given (the attachment form come back with its errors).
pub(crate) async fn request_page_with(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: Option<i64>,
    draft: Draft,
    gaps: Vec<GapItem>,
    annexes: Option<crate::cases::annexes::AnnexSection>,
) -> Result<Response, WebError> {
    let annexes = match (annexes, id) {
        (Some(section), _) => Some(section),
        (None, Some(id)) => {
            let owner = auth.require_user()?.id;
            Some(crate::cases::annexes::section(state, ctx.lang, owner, id, Vec::new(), Default::default()).await?)
        }
        (None, None) => None,
    };
    let refused = !gaps.is_empty() || annexes.as_ref().is_some_and(|a| !a.errors.is_empty());
    let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let i18n = &state.i18n;
    let lang = ctx.lang;
    let states = sorted_states(i18n, lang);
    let name_of = |code: &str| {
        StateCode::parse(code).ok().and_then(|c| c.un()).map(|un| i18n.country(lang, un)).unwrap_or(code.to_owned())
    };
    let named = |code: &str| if code.is_empty() { String::new() } else { name_of(code) };
    let mut parties: Vec<PartySlot> = draft
        .parties
        .iter()
        .map(|p| PartySlot {
            n: 0,
            side: p.side.clone(),
            kind: p.kind.clone(),
            state: named(&p.state),
            name: p.name.clone(),
            nat1: p.nationalities.first().map(|c| name_of(c)).unwrap_or_default(),
            nat2: p.nationalities.get(1).map(|c| name_of(c)).unwrap_or_default(),
            place: named(&p.place_of_business),
            contact: p.contact.clone(),
        })
        .collect();
    while parties.len() < PARTY_SLOTS {
        let side = match parties.len() {
            0 => "requesting",
            1 => "responding",
            _ => "",
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
    let registry = state.registry().await?;
    let scope = draft.assess(today, &registry).map(|a| answer(i18n, lang, &a, &RulesProfile::in_force_on(today)));
    // Shown in answer to a form too: its language switch goes to the draft's own page.
    let p = Page::new(state, ctx, auth, "cases").await;
    let p = match id {
        Some(id) => p.switching_to(&format!("/requests/{id}")),
        None => p,
    };
    let page = RequestPage {
        p,
        id,
        parties,
        thirds,
        subjects,
        states,
        errors: crate::kit::field_errors::FieldErrors(
            gaps.iter().map(|g| (g.anchor.clone(), g.message.clone())).collect(),
        ),
        gaps,
        scope,
        draft,
        annexes,
    };
    render(ctx, status, &page)
}

/// The items of the request form's error summary; a State that names none says what was typed
/// and suggests the nearest names.
pub(crate) fn gap_items(i18n: &crate::kit::i18n::I18n, lang: Lang, gaps: &[Gap], draft: &Draft) -> Vec<GapItem> {
    gaps.iter()
        .map(|g| {
            let message = match (g.problem, typed_state(draft, &g.field)) {
                (GapKind::UnknownState, Some(typed)) => match crate::kit::states::find_state(i18n, &typed) {
                    crate::kit::states::Found::Unknown { suggestions } => {
                        crate::kit::states::unknown_state_message(i18n, lang, &typed, &suggestions)
                    }
                    _ => gap_message(i18n, lang, g),
                },
                _ => gap_message(i18n, lang, g),
            };
            GapItem { anchor: gap_anchor(&g.field), message }
        })
        .collect()
}

/// What was typed in the State field a gap names (`parties[1].state`, `parties[0].nationalities`:
/// the first that names no State, `third_states[0].state`).
fn typed_state(draft: &Draft, field: &str) -> Option<String> {
    let index = |rest: &str| rest.split(']').next()?.parse::<usize>().ok();
    if let Some(rest) = field.strip_prefix("parties[") {
        let party = draft.parties.get(index(rest)?)?;
        let typed = match rest.split_once("].")?.1 {
            "state" => party.state.clone(),
            "place_of_business" => party.place_of_business.clone(),
            "nationalities" => party.nationalities.iter().find(|n| StateCode::parse(n).is_err())?.clone(),
            _ => return None,
        };
        return Some(typed).filter(|t| !t.trim().is_empty());
    }
    let rest = field.strip_prefix("third_states[")?;
    Some(draft.third_states.get(index(rest)?)?.state.clone()).filter(|t| !t.trim().is_empty())
}

pub async fn new_request(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let draft = Draft { signature: auth.require_user()?.display_name.clone(), ..Draft::default() };
    request_page(&state, &ctx, &auth, None, draft, Vec::new()).await
}

pub async fn create_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<RequestForm>,
) -> Result<Response, WebError> {
    save_or_file(state, ctx, auth, None, form).await
}

pub async fn edit_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let user = auth.require_user()?;
    let row = state.store.draft(user.id, id).await?.ok_or(WebError::NotFound)?;
    match row.case {
        Some(case) => Ok(Redirect::to(&format!("/cases/{case}")).into_response()),
        None => request_page(&state, &ctx, &auth, Some(id), row.draft, Vec::new()).await,
    }
}

pub async fn update_request(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<RequestForm>,
) -> Result<Response, WebError> {
    save_or_file(state, ctx, auth, Some(id), form).await
}

async fn save_or_file(
    state: AppState,
    ctx: Ctx,
    auth: Auth,
    id: Option<i64>,
    form: RequestForm,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let user = auth.require_user()?;
    let (draft, filing) = form.into_draft(&state.i18n);
    // The draft is saved first, whatever happens next: nothing typed is lost.
    let saved = state
        .store
        .case_change(&auth.ledger_actor(), CaseChange::SaveDraft { owner: user.id, id, draft: draft.clone() })
        .await?;
    let id = saved.created.or(id).ok_or(WebError::fault("a saved draft has no id"))?;
    match filing {
        Filing::Save => Ok(ctx.redirect_with(&format!("/requests/{id}"), "request-saved")),
        Filing::Check => match draft.check() {
            Ok(request) => crate::cases::filing::check_before_filing(&state, &ctx, &auth, id, &request).await,
            Err(gaps) => {
                let gaps = gap_items(&state.i18n, ctx.lang, &gaps, &draft);
                request_page(&state, &ctx, &auth, Some(id), draft, gaps).await
            }
        },
        Filing::Now => crate::cases::filing::filed_or_again(&state, &ctx, &auth, user.id, id, &draft).await,
    }
}

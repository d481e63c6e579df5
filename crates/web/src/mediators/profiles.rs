//! The Secretariat's Mediators page: profiles (every gap listed at once), and designations to the
//! two panels on a State's notification (renewed or withdrawn).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, UserId};
use iomed_domain::mediators::{Panel, ProfileDraft};
use iomed_domain::registry::StateCode;
use iomed_store::StoreError;
use iomed_store::mediators::MediatorChange;
use jiff::civil::Date;
use serde::Deserialize;

use crate::kit::auth::{Auth, authorize};
use crate::kit::confirm::{Check, Part, check_page};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::field_errors::FieldErrors;
use crate::kit::forms::{Form, Path};
use crate::kit::refusals::mediator_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::states::{Found, find_state, unknown_state_message};
use crate::kit::views::resolve;

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
    draft: ProfileDraft,
    user: i64,
    errors: FieldErrors,
    /// The designation form as typed (kept when it comes back with an error).
    designation: DesignationForm,
}

async fn mediators_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    draft: ProfileDraft,
    user: i64,
    status: StatusCode,
    errors: FieldErrors,
) -> Result<Response, WebError> {
    let designation = DesignationForm::default();
    mediators_page_with(state, ctx, auth, (draft, user), status, errors, designation).await
}

async fn mediators_page_with(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    (draft, user): (ProfileDraft, i64),
    status: StatusCode,
    errors: FieldErrors,
    designation: DesignationForm,
) -> Result<Response, WebError> {
    let rows = state.store.mediators().await?;
    let lang = ctx.lang;
    let country = |c: &StateCode| c.un().map(|un| state.i18n.country(lang, un)).unwrap_or_else(|| c.to_string());
    let mediators = rows
        .into_iter()
        .map(|(id, name, profile)| MediatorItem {
            id: id.0,
            name,
            profile: profile.map(|p| {
                let nationalities: Vec<String> = p.nationalities.iter().map(country).collect();
                format!("{} · {}", nationalities.join(", "), p.languages.join(", "))
            }),
        })
        .collect();
    let today = iomed_domain::seat::seat_date(state.store.now());
    let designations = state
        .store
        .designations()
        .await?
        .iter()
        .map(|d| DesignationItem {
            id: d.id,
            state: country(&d.state),
            panel: d.panel.as_str(),
            mediator: d.mediator_name.clone(),
            designated_on: crate::kit::views::date(&state.i18n, lang, d.designated_on),
            ends_on: crate::kit::views::date(&state.i18n, lang, d.ends_on),
            active: d.active_on(today),
        })
        .collect();
    let p = Page::new(state, ctx, auth, "mediators").await;
    let today = today.to_string();
    let designation =
        DesignationForm { on: if designation.on.is_empty() { today } else { designation.on }, ..designation };
    render(ctx, status, &MediatorsPage { p, mediators, designations, draft, user, errors, designation })
}

pub async fn list(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ManageMediators, Resource::Cases).await?;
    mediators_page(&state, &ctx, &auth, ProfileDraft::default(), 0, StatusCode::OK, FieldErrors::default()).await
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

fn words(text: &str) -> Vec<String> {
    text.split([',', ' ']).map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// A profile as typed on the form.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct ProfileForm {
    user: String,
    name: String,
    native_name: String,
    nationalities: String,
    languages: String,
    expertise: String,
    state_service: String,
    biography: String,
    gender: String,
    legal_tradition: String,
    relationships: String,
    unavailable: String,
}

impl ProfileForm {
    fn into_draft(self) -> (i64, ProfileDraft) {
        let user = self.user.trim().parse().unwrap_or(0);
        let draft = ProfileDraft {
            name: self.name,
            native_name: self.native_name,
            nationalities: words(&self.nationalities),
            languages: words(&self.languages),
            expertise: lines(&self.expertise),
            state_service: lines(&self.state_service),
            biography: self.biography,
            gender: self.gender,
            legal_tradition: self.legal_tradition,
            relationships: lines(&self.relationships),
            unavailable: !self.unavailable.is_empty(),
        };
        (user, draft)
    }
}

/// The refusal's message, if the store refused; any other error passes through.
fn refused(state: &AppState, ctx: &Ctx, e: StoreError) -> Result<String, WebError> {
    match e {
        StoreError::MediatorRefused(r) => Ok(mediator_message(&r).render(&state.i18n, ctx.lang)),
        other => Err(other.into()),
    }
}

pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<ProfileForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ManageMediators, Resource::Cases).await?;
    let lang = ctx.lang;
    let (user, draft) = form.into_draft();
    let profile = match draft.check() {
        Ok(p) => p,
        Err(gaps) => {
            // Each gap is its field's: `languages`, or `nationalities` for `nationalities[1]`.
            let errors = gaps
                .iter()
                .map(|g| {
                    let field = g.field.split('[').next().unwrap_or(&g.field);
                    let label = state.i18n.message(lang, &format!("mediator-field-{}", field.replace('_', "-")), &[]);
                    let message = state.i18n.message(
                        lang,
                        &format!("gap-{}", g.code.replace('_', "-")),
                        &[("field", label.into())],
                    );
                    (field.to_owned(), message)
                })
                .collect();
            let errors = FieldErrors(errors);
            return mediators_page(&state, &ctx, &auth, draft, user, StatusCode::UNPROCESSABLE_ENTITY, errors).await;
        }
    };
    let change = MediatorChange::RecordProfile { user: UserId(user), profile };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => Ok(ctx.redirect_with("/admin/mediators", "mediator-profile-recorded")),
        Err(e) => {
            let message = refused(&state, &ctx, e)?;
            mediators_page(&state, &ctx, &auth, draft, user, StatusCode::CONFLICT, FieldErrors::one("", message)).await
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default)]
pub struct DesignationForm {
    state: String,
    panel: String,
    on: String,
    mediator: String,
}

pub async fn designate(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<DesignationForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ManageMediators, Resource::Cases).await?;
    let lang = ctx.lang;
    let code = resolve(&state.i18n, &form.state);
    let parsed = (
        StateCode::parse(&code).ok(),
        Panel::parse(&form.panel),
        form.on.trim().parse::<Date>().ok(),
        form.mediator.trim().parse::<i64>().ok(),
    );
    let again = |field: &str, error: String| {
        let (errors, typed) = (FieldErrors::one(field, error), form.clone());
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        mediators_page_with(&state, &ctx, &auth, (ProfileDraft::default(), 0), status, errors, typed)
    };
    if let Found::Unknown { suggestions } = find_state(&state.i18n, &form.state) {
        let message = unknown_state_message(&state.i18n, lang, &form.state, &suggestions);
        return again("d-state", message).await;
    }
    let (Some(st), Some(panel), Some(on), Some(mediator)) = parsed else {
        // The first field missing or wrong, in the form's order.
        let field = match parsed {
            (_, _, _, None) => "d-mediator",
            (None, _, _, _) => "d-state",
            (_, None, _, _) => "d-panel",
            _ => "d-on",
        };
        return again(field, state.i18n.message(lang, "designation-incomplete", &[])).await;
    };
    let change = MediatorChange::Designate { state: st, panel, mediator: UserId(mediator), on };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => Ok(ctx.redirect_with("/admin/mediators", "designation-recorded")),
        Err(e) => {
            let message = refused(&state, &ctx, e)?;
            again("", message).await
        }
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct DesignationChangeForm {
    /// `renew` or `withdraw`.
    action: String,
    /// `yes` from the page that said what withdrawing does.
    confirmed: String,
}

pub async fn change_designation(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<DesignationChangeForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ManageMediators, Resource::Cases).await?;
    let on = iomed_domain::seat::seat_date(state.store.now());
    let change = match (form.action.as_str(), form.confirmed.as_str()) {
        ("renew", _) => MediatorChange::Renew { designation: id, on },
        ("withdraw", "yes") => MediatorChange::Withdraw { designation: id, on },
        ("withdraw", _) => return withdrawal_check(&state, &ctx, &auth, id).await,
        _ => {
            return Err(WebError::bad_request(
                "bad_body",
                crate::kit::error::Msg::new("error-bad-body").text("detail", "action: renew or withdraw".to_owned()),
            ));
        }
    };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => Ok(ctx.redirect_with("/admin/mediators", "designation-changed")),
        Err(e) => {
            let message = refused(&state, &ctx, e)?;
            mediators_page(
                &state,
                &ctx,
                &auth,
                ProfileDraft::default(),
                0,
                StatusCode::CONFLICT,
                FieldErrors::one("", message),
            )
            .await
        }
    }
}

/// Before a designation is withdrawn: whose, by which State, on which panel, what follows, and
/// that it cannot be renewed after.
async fn withdrawal_check(state: &AppState, ctx: &Ctx, auth: &Auth, id: i64) -> Result<Response, WebError> {
    let found = state.store.designations().await?.into_iter().find(|d| d.id == id).ok_or(WebError::NotFound)?;
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let country = found.state.un().map(|un| i18n.country(lang, un)).unwrap_or_else(|| found.state.to_string());
    let today = iomed_domain::seat::seat_date(state.store.now());
    let check = Check {
        context: ("/admin/mediators".into(), t("nav-mediators")),
        act: t("designation-withdraw-act"),
        details: vec![
            (t("mediator-field-user"), found.mediator_name.clone()),
            (t("designation-state"), country),
            (t("designation-panel"), t(&format!("panel-{}", found.panel.as_str().replace('_', "-")))),
            (
                t("designation-term"),
                format!(
                    "{} – {}",
                    crate::kit::views::date(i18n, lang, found.designated_on),
                    crate::kit::views::date(i18n, lang, found.ends_on)
                ),
            ),
        ],
        parts: vec![Part {
            heading: t("filing-next-heading"),
            lines: vec![t("designation-withdraw-panel"), t("designation-withdraw-cases")],
        }],
        told: Vec::new(),
        told_how: String::new(),
        told_nobody: t("designation-withdraw-told"),
        final_note: t("designation-withdraw-final"),
        blocked: (!found.active_on(today)).then(|| t("designation-withdraw-ended")),
        action: format!("/admin/designations/{id}"),
        fields: vec![("action".into(), "withdraw".into())],
    };
    check_page(state, ctx, auth, "mediators", check).await
}

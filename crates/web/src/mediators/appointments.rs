//! The appointee's page: their appointments, with the conflict checks run for each, and the
//! answer: accepting with the declaration of independence, impartiality and availability, or
//! declining.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource};
use iomed_domain::documents::Audience;
use iomed_domain::mediators::Declaration;
use iomed_store::StoreError;
use iomed_store::mediators::MediatorChange;
use serde::Deserialize;

use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::{Form, Path, Query};
use crate::kit::notices::audience_mails;
use crate::kit::paging::{PageParams, Pager};
use crate::kit::refusals::mediator_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::mediators::{AppointmentItem, appointment_item};

#[derive(Template)]
#[template(path = "appointments.html")]
struct AppointmentsPage<'a> {
    p: Page<'a>,
    appointments: Vec<AppointmentItem>,
    error: Option<String>,
    pager: Pager,
}

async fn appointments_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    error: Option<String>,
    page: &PageParams,
) -> Result<Response, WebError> {
    let user = auth.require_user()?;
    // A bad page link shows the first page with the reason.
    let (seek, bad_page) = page.seek_or_first(&state.cursors, "appointments", &state.i18n, ctx.lang);
    let error = bad_page.or(error);
    let slice = state.store.appointments_page(user.id, &seek).await?;
    let limit = page
        .limit
        .as_deref()
        .map(|l| format!("limit={}", form_urlencoded::byte_serialize(l.as_bytes()).collect::<String>()));
    let pager = Pager::of(&state.cursors, "appointments", "/appointments", limit.as_deref().unwrap_or(""), &slice)?;
    let appointments = slice.items.iter().map(|a| appointment_item(&state.i18n, ctx.lang, a)).collect();
    let p = Page::new(state, ctx, auth, "appointments").await;
    render(ctx, status, &AppointmentsPage { p, appointments, error, pager })
}

pub async fn mine(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::AnswerAppointment, Resource::OwnAccount).await?;
    appointments_page(&state, &ctx, &auth, StatusCode::OK, None, &page).await
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    /// `accept` or `decline`.
    answer: String,
    independent: String,
    impartial: String,
    available: String,
    disclosures: String,
}

pub async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::AnswerAppointment, Resource::OwnAccount).await?;
    let user = auth.require_user()?;
    let accept = (form.answer == "accept").then(|| Declaration {
        independent: !form.independent.is_empty(),
        impartial: !form.impartial.is_empty(),
        available: !form.available.is_empty(),
        disclosures: form.disclosures.trim().to_owned(),
    });
    let accepting = accept.is_some();
    // The parties are told, with a link and no content.
    let case = state.store.appointments_of_mediator(user.id).await?.iter().find(|a| a.id == id).map(|a| a.case);
    let mails = match case {
        Some(case) => {
            let key = if accepting { "appointment-accepted" } else { "appointment-declined" };
            audience_mails(&state, case, user.id, Action::ReadDocument(Audience::Joint), key, "").await?
        }
        None => vec![],
    };
    let change = MediatorChange::Answer { appointment: id, mediator: user.id, accept, mails };
    match state.store.mediator_change(&auth.ledger_actor(), change).await {
        Ok(_) => {
            let key = if accepting { "appointment-accepted-done" } else { "appointment-declined-done" };
            Ok(ctx.redirect_with("/appointments", key))
        }
        Err(StoreError::MediatorRefused(r)) if r.code() != "not_found" => {
            let message = mediator_message(&r).render(&state.i18n, ctx.lang);
            appointments_page(&state, &ctx, &auth, StatusCode::CONFLICT, Some(message), &PageParams::default()).await
        }
        Err(e) => Err(e.into()),
    }
}

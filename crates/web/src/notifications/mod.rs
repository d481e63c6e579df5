//! The inbox: a person's notifications, newest first, a page at a time, on the page and in the
//! API (`GET /api/v1/notifications`); those shown are marked read. A notification says what
//! happened and links to where; the case is named only while its reader may still read it.
//! Whether each kind is also e-mailed, at once or in the daily digest (`digest.rs`), is chosen on
//! the account page (`POST /account/notifications`).

pub mod digest;

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use iomed_domain::access::{Action, Resource, UserId, can};
use iomed_domain::notifications::{EmailChoice, EmailChoices, NoticeKind};
use iomed_store::accounts::AccountChange;
use iomed_store::notifications::NotificationRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::kit::auth::{Auth, authorize};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::forms::{Form, Query};
use crate::kit::i18n::{I18n, Lang};
use crate::kit::paging::{PageParams, Paged, Pager, link_query};
use crate::kit::problem::problems;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// The text of a notification: `notice-{about}`, or for a step of the case, the step's name.
pub fn notice_text(i18n: &I18n, lang: Lang, about: &str) -> String {
    if let Some(text) = crate::kit::notices::reminder_text(i18n, lang, about) {
        return text;
    }
    match about.strip_prefix("step:") {
        Some(step) => i18n.message(lang, &format!("step-done-{step}"), &[]),
        None => i18n.message(lang, &format!("notice-{about}"), &[]),
    }
}

/// The case a notification is about, named as its reader may see it: its number and title while
/// they may read the case, nothing otherwise.
async fn case_names(
    state: &AppState,
    auth: &Auth,
    lang: Lang,
    user: UserId,
    rows: &[NotificationRow],
) -> Result<HashMap<i64, String>, WebError> {
    let mut names = HashMap::new();
    for case in rows.iter().map(|r| r.case) {
        if names.contains_key(&case) {
            continue;
        }
        let standing = state.store.standing(case, user).await?;
        let name = match can(&auth.actor(), Action::ReadCase, Resource::Case(standing)) {
            Ok(()) => state.store.case_row(case).await?.map(|row| {
                let title = crate::kit::views::case_title(&state.i18n, lang, &row.title);
                crate::kit::views::numbered(row.number.as_deref(), title)
            }),
            Err(_) => None,
        };
        names.insert(case, name.unwrap_or_default());
    }
    Ok(names)
}

/// Marks the unread ones of `rows` read by their person.
async fn mark_read(state: &AppState, auth: &Auth, user: UserId, rows: &[NotificationRow]) -> Result<(), WebError> {
    let ids: Vec<i64> = rows.iter().filter(|r| !r.read).map(|r| r.id).collect();
    if !ids.is_empty() {
        state.store.account(&auth.ledger_actor(), AccountChange::ReadNotifications { user, ids }).await?;
    }
    Ok(())
}

pub struct Item {
    pub text: String,
    pub case: String,
    pub href: String,
    pub date: String,
    pub new: bool,
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct InboxPage<'a> {
    p: Page<'a>,
    items: Vec<Item>,
    pager: Pager,
    error: Option<String>,
}

pub async fn inbox(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    let user = auth.require_user()?.id;
    let list = format!("notifications|{}", user.0);
    let (seek, error) = page.seek_or_first::<i64>(&state.cursors, &list, &state.i18n, ctx.lang);
    let slice = state.store.notifications_page(user, &seek).await?;
    let names = case_names(&state, &auth, ctx.lang, user, &slice.items).await?;
    mark_read(&state, &auth, user, &slice.items).await?;
    let query = link_query(&[], page.limit.as_deref().filter(|_| error.is_none()));
    let zone = jiff::tz::TimeZone::get(&auth.time_zone()).unwrap_or(jiff::tz::TimeZone::UTC);
    let items: Vec<Item> = slice
        .items
        .iter()
        .map(|r| Item {
            text: notice_text(&state.i18n, ctx.lang, &r.about),
            case: names.get(&r.case).cloned().unwrap_or_default(),
            href: r.path.clone(),
            date: r.at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M %Z").to_string(),
            new: !r.read,
        })
        .collect();
    let pager = Pager::of(&state.cursors, &list, "/notifications", &query, &slice)?;
    // The count in the navigation is of those still unread once this page marked its own read.
    let p = Page::new(&state, &ctx, &auth, "notifications").await;
    render(&ctx, StatusCode::OK, &InboxPage { p, items, pager, error })
}

/// A notification in the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationDto {
    /// `filing`, `message`, `decision` or `deadline`.
    pub kind: &'static str,
    /// What happened, in the caller's language.
    pub text: String,
    /// The case's id.
    pub case: i64,
    /// The page to see it on, on this site.
    pub link: String,
    /// When it happened (RFC 3339).
    pub at: String,
    /// Whether the caller had seen it before this answer (which marks it read).
    pub read: bool,
}

/// The caller's notifications, newest first, a page at a time; those in the answer are marked
/// read. They carry no case content.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "accounts", operation_id = "list_notifications",
    params(PageParams),
    responses((status = 200, description = "A page of the caller's notifications", body = Paged<NotificationDto>),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden)),
    security(("bearer" = [])))]
pub async fn api_list(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Query(page): Query<PageParams>,
) -> Result<Json<Paged<NotificationDto>>, WebError> {
    authorize(&state, &auth, Action::ReadAccount, Resource::OwnAccount).await?;
    let user = auth.require_user()?.id;
    let list = format!("api/notifications|{}", user.0);
    let seek = page.seek(&state.cursors, &list)?;
    let slice = state.store.notifications_page(user, &seek).await?;
    mark_read(&state, &auth, user, &slice.items).await?;
    let base = state.public_url.clone();
    Ok(Json(Paged::of(&state.cursors, &list, slice, |r| NotificationDto {
        kind: r.kind.as_str(),
        text: notice_text(&state.i18n, ctx.lang, &r.about),
        case: r.case,
        link: format!("{base}{}", r.path),
        at: r.at.to_string(),
        read: r.read,
    })?))
}

/// The account page's form: for each kind, e-mail at once, in the daily digest, or the inbox only.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ChoicesForm {
    pub filing: String,
    pub message: String,
    pub decision: String,
    pub deadline: String,
}

/// `POST /account/notifications`: the e-mail choices; a value that is none of them changes nothing
/// and says so.
pub async fn set_choices(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Form(form): Form<ChoicesForm>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::ManageAccount, Resource::OwnAccount).await?;
    let user = auth.require_user()?.id;
    let mut choices = EmailChoices::default();
    for (kind, value) in [
        (NoticeKind::Filing, &form.filing),
        (NoticeKind::Message, &form.message),
        (NoticeKind::Decision, &form.decision),
        (NoticeKind::Deadline, &form.deadline),
    ] {
        match EmailChoice::parse(value.trim()) {
            Some(choice) => {
                choices.0.insert(kind, choice);
            }
            None => return Ok(ctx.redirect_with("/account#notifications", "account-notifications-invalid")),
        }
    }
    state.store.account(&auth.ledger_actor(), AccountChange::SetEmailChoices { user, choices }).await?;
    Ok(ctx.redirect_with("/account#notifications", "account-notifications-saved"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every notice a case's change e-mails (`mail-{about}-subject`) has its text in the inbox, in
    /// every language; the e-mails of accounts and invitations are no notices.
    #[test]
    fn every_notice_has_its_inbox_text() {
        let not_notices =
            ["invite", "reset", "case-step", "case-invite", "case-named", "appointment", "receipt", "digest"];
        let keys = I18n::keys(Lang::En);
        let abouts: Vec<&str> = keys
            .iter()
            .filter_map(|k| k.strip_prefix("mail-")?.strip_suffix("-subject"))
            .filter(|about| !not_notices.contains(about))
            .collect();
        assert!(abouts.contains(&"document") && abouts.len() >= 10, "{abouts:?}");
        for lang in Lang::ALL {
            let keys = I18n::keys(lang);
            for about in &abouts {
                assert!(keys.contains(&format!("notice-{about}")), "notice-{about} in {}", lang.tag());
            }
        }
        let i18n = I18n::load().unwrap();
        assert_eq!(notice_text(&i18n, Lang::Fr, "message"), "Un nouveau message");
        assert_eq!(notice_text(&i18n, Lang::En, "step:register"), i18n.message(Lang::En, "step-done-register", &[]));
    }
}

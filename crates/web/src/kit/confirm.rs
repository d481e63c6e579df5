//! The page that comes before an act that cannot be undone, in the manner of GOV.UK's "check your
//! answers": what is about to be done (with what was typed or chosen), who will be told and how,
//! and that it cannot be undone. Its one form sends the same request again with `confirmed=yes`
//! (or to the act's own address); nothing is written before. It works without JavaScript.
//!
//! Each act builds a [`Check`]; this module draws it. (The API acts at once: a program says what
//! it means.)

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;

use crate::kit::auth::Auth;
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// A part of the page: a heading and its lines.
pub struct Part {
    pub heading: String,
    pub lines: Vec<String>,
}

/// What the check page shows and sends.
pub struct Check {
    /// Where the act belongs, as (address, text): the case, the list of users.
    pub context: (String, String),
    /// The act, in the words of its button ("Register the request").
    pub act: String,
    /// What was typed or chosen with it, as (label, value).
    pub details: Vec<(String, String)>,
    /// Further parts: what happens next, the conflict checks, the document.
    pub parts: Vec<Part>,
    /// Who will be told; empty for nobody.
    pub told: Vec<String>,
    /// How they are told (shown when somebody is).
    pub told_how: String,
    /// Why nobody is told (shown when nobody is).
    pub told_nobody: String,
    /// What cannot be undone, in words.
    pub final_note: String,
    /// Why the act cannot be taken as it stands (shown instead of the button), if so.
    pub blocked: Option<String>,
    /// The form's address, and the fields it sends again (`confirmed=yes` is added).
    pub action: String,
    pub fields: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "confirm.html")]
struct ConfirmPage<'a> {
    p: Page<'a>,
    c: Check,
}

/// Draws `check` in the `section` of the site.
pub async fn check_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    section: &'static str,
    check: Check,
) -> Result<Response, WebError> {
    let page = ConfirmPage { p: Page::new(state, ctx, auth, section).await, c: check };
    render(ctx, StatusCode::OK, &page)
}

//! Server-rendered pages: what every page's layout needs ([`Page`]), rendering a template, and
//! the error page. No script; every page works with HTML and CSS alone.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, Response};
use fluent_bundle::FluentValue;
use iomed_domain::documents::Audience;
use jiff::civil::Date;

use crate::kit::auth::Auth;
use crate::kit::context::Ctx;
use crate::kit::error::{Msg, WebError};
use crate::kit::i18n::{I18n, Lang};
use crate::kit::state::AppState;
use crate::kit::views;

/// A link of the language switch.
pub struct Alt {
    pub tag: &'static str,
    pub autonym: &'static str,
    pub href: String,
    pub current: bool,
}

/// What the layout needs, and the translation helpers templates call.
pub struct Page<'a> {
    i18n: &'a I18n,
    lang: Lang,
    pub lang_tag: &'static str,
    pub section: &'static str,
    pub switch: Vec<Alt>,
    pub ledger_seq: i64,
    pub ledger_hash: String,
    /// The signed-in user's name, for the header.
    pub user_name: Option<String>,
    /// The session's CSRF token, for the sign-out form in the header.
    pub csrf: String,
    /// Whether the Users link is shown (the policy allows listing users).
    pub sees_users: bool,
    /// The signed-in person's unread notifications.
    pub unread: usize,
    /// Whether the deadline dashboard link is shown (the Secretariat).
    pub sees_deadlines: bool,
    /// Whether the Mediators link is shown (those who appoint).
    pub sees_mediators: bool,
    /// Whether the Appointments link is shown (mediators).
    pub sees_appointments: bool,
    /// The notice the last form left, in the reader's language (shown once, as a status).
    pub flash: Option<String>,
}

impl<'a> Page<'a> {
    /// The same page with its language switch pointing at `path` (the page's own address): for a
    /// page shown in answer to a form whose address takes no GET, such as a draft saved by it.
    pub fn switching_to(mut self, path: &str) -> Page<'a> {
        for alt in &mut self.switch {
            alt.href = format!("{path}?lang={}", alt.tag);
        }
        self
    }

    pub async fn new(state: &'a AppState, ctx: &Ctx, auth: &Auth, section: &'static str) -> Page<'a> {
        let head = state.store.head().await.ok();
        let switch = Lang::ALL
            .into_iter()
            .map(|lang| {
                let mut pairs = ctx.query_without_lang.clone();
                pairs.push(("lang".into(), lang.tag().into()));
                let query: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
                Alt {
                    tag: lang.tag(),
                    autonym: lang.autonym(),
                    href: format!("{}?{query}", ctx.path),
                    current: lang == ctx.lang,
                }
            })
            .collect();
        let allowed = |action, resource| iomed_domain::access::can(&auth.actor(), action, resource).is_ok();
        use iomed_domain::access::{Action, Resource};
        Page {
            flash: ctx.flash.as_ref().map(|n| match &n.arg {
                Some((name, value)) => {
                    state.i18n.message(ctx.lang, &n.key, &[(name.as_str(), FluentValue::from(value.clone()))])
                }
                None => state.i18n.message(ctx.lang, &n.key, &[]),
            }),
            i18n: &state.i18n,
            lang: ctx.lang,
            lang_tag: ctx.lang.tag(),
            section,
            switch,
            ledger_seq: head.map_or(0, |h| h.seq),
            ledger_hash: head.map(|h| hex::encode(&h.hash[..8])).unwrap_or_default(),
            user_name: auth.user().map(|u| u.display_name.clone()),
            csrf: auth.session().map(|s| s.csrf.clone()).unwrap_or_default(),
            sees_deadlines: allowed(Action::OverseeCases, Resource::Cases),
            sees_mediators: allowed(Action::ManageMediators, Resource::Cases),
            sees_appointments: allowed(Action::AnswerAppointment, Resource::OwnAccount),
            sees_users: allowed(Action::ListUsers, Resource::Users),
            unread: match auth.user() {
                Some(user) => {
                    state.store.unread_notifications(user.id).await.map_or(0, |n| usize::try_from(n).unwrap_or(0))
                }
                None => 0,
            },
        }
    }

    /// Who a document or thread is for, in the reader's language ("Joint: everyone on the
    /// case", "Requesting party only (internal)", …).
    pub fn audience(&self, audience: Audience) -> String {
        match audience.side() {
            Some(side) => {
                self.ts(&format!("audience-{}", audience.kind()), "side", &self.t(&format!("side-{}", side.as_str())))
            }
            None => self.t(&format!("audience-{}", audience.kind())),
        }
    }

    pub fn t(&self, key: &str) -> String {
        self.i18n.message(self.lang, key, &[])
    }

    /// A message with a number (for plurals); takes the number or a reference to it, as
    /// templates pass loop variables by reference.
    pub fn tn(&self, key: &str, name: &str, n: impl std::borrow::Borrow<usize>) -> String {
        self.i18n.message(self.lang, key, &[(name, FluentValue::from(*n.borrow()))])
    }

    pub fn ts(&self, key: &str, name: &str, value: &str) -> String {
        self.i18n.message(self.lang, key, &[(name, FluentValue::from(value.to_owned()))])
    }

    pub fn counts(&self, contracting: &usize, signatories: &usize) -> String {
        self.i18n.message(
            self.lang,
            "home-registry-counts",
            &[("contracting", FluentValue::from(*contracting)), ("signatories", FluentValue::from(*signatories))],
        )
    }

    pub fn footer(&self) -> String {
        self.i18n.message(
            self.lang,
            "footer-ledger",
            &[
                ("seq", FluentValue::from(self.ledger_seq.to_string())),
                ("hash", FluentValue::from(self.ledger_hash.clone())),
            ],
        )
    }

    pub fn date(&self, date: &Date) -> String {
        views::date(self.i18n, self.lang, *date)
    }

    pub fn opt_date(&self, date: &Option<Date>) -> String {
        match date {
            Some(d) => self.date(d),
            None => String::new(),
        }
    }

    /// "2026-11-22T08:00:00Z" as a date at the seat.
    pub fn recorded(&self, at: &str) -> String {
        match at.parse::<jiff::Timestamp>() {
            Ok(ts) => self.date(&iomed_domain::seat::seat_date(ts)),
            Err(_) => at.to_owned(),
        }
    }
}

/// A rendered page, with the language headers. A template that fails is a fault of ours.
pub fn render(ctx: &Ctx, status: StatusCode, template: &impl Template) -> Result<Response, WebError> {
    let html = template.render()?;
    Ok(ctx.finish((status, Html(html))))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    p: Page<'a>,
    title: String,
    message: String,
    /// The request id, for an internal error: all the reader is told of it.
    reference: Option<String>,
}

/// The page for an error, with its message already in the reader's language.
pub async fn error_page_text(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    title: &Msg,
    message: String,
    reference: Option<String>,
) -> Response {
    let p = Page::new(state, ctx, auth, "").await;
    let page = ErrorPage { title: title.render(&state.i18n, ctx.lang), message, reference, p };
    match page.render() {
        Ok(html) => ctx.finish((status, Html(html))),
        Err(e) => {
            tracing::error!(request_id = %ctx.request_id, error = %e, "the error page failed");
            ctx.finish((StatusCode::INTERNAL_SERVER_ERROR, "internal error"))
        }
    }
}

/// The page for an error, in the reader's language.
pub async fn error_page(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    title: &Msg,
    message: &Msg,
    reference: Option<String>,
) -> Response {
    let message = message.render(&state.i18n, ctx.lang);
    error_page_text(state, ctx, auth, status, title, message, reference).await
}

//! The public pages: the home page, the member-State registry with a page per State, the API's
//! list of operations, the stylesheet, and the page for what is not there. No script; every page
//! works with HTML and CSS alone.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use iomed_domain::registry::{Status, UnMembership, UnRegionalGroup};
use iomed_store::LedgerRow;
use jiff::civil::Date;

use crate::kit::auth::{Auth, public};
use crate::kit::context::{Ctx, form_urlencoded_pairs};
use crate::kit::error::WebError;
use crate::kit::forms::Path;
use crate::kit::forms::state_code;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::views::{self, FilterError, Filters, Snapshot};

/// The fallback: nothing at this address.
pub async fn not_found(State(state): State<AppState>, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    Err(WebError::NotFound)
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    p: Page<'a>,
    contracting: usize,
    signatories: usize,
}

pub async fn home(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let registry = state.registry().await?;
    let snapshot = Snapshot::new((*registry).clone(), state.store.now());
    let page = HomePage {
        p: Page::new(&state, &ctx, &auth, "home").await,
        contracting: snapshot.count(Status::Contracting),
        signatories: snapshot.count(Status::Signatory),
    };
    render(&ctx, StatusCode::OK, &page)
}

/// One row of the registry table.
pub struct Row {
    pub code: String,
    pub name: String,
    pub observer: bool,
    pub group: String,
    pub status: &'static str,
    pub status_key: String,
    pub signed: String,
    pub consent: String,
    pub in_force: String,
    pub founding: &'static str,
    pub declarations: usize,
    pub verified: bool,
}

pub struct Choice {
    pub value: &'static str,
    pub label_key: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "members.html")]
struct MembersPage<'a> {
    p: Page<'a>,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    groups: Vec<Choice>,
    error: Option<String>,
}

pub async fn members(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let pairs = query.as_deref().map(form_urlencoded_pairs).unwrap_or_default();
    let (filters, error, status) = match Filters::parse(&pairs) {
        Ok(f) => (f, None, StatusCode::OK),
        Err(e) => {
            let message = e.message(&state.i18n, ctx.lang);
            let kept = match e {
                FilterError::Status(_) => {
                    Filters { status: None, ..Filters::parse(&only(&pairs, "group")).unwrap_or_default() }
                }
                FilterError::Group(_) => {
                    Filters { group: None, ..Filters::parse(&only(&pairs, "status")).unwrap_or_default() }
                }
            };
            (kept, Some(message), StatusCode::BAD_REQUEST)
        }
    };
    let registry = state.registry().await?;
    let snapshot = Snapshot::new((*registry).clone(), state.store.now());
    let p = Page::new(&state, &ctx, &auth, "members").await;
    let date_or_unknown = |recorded: bool, date: Option<Date>| match (recorded, date) {
        (_, Some(d)) => p.date(&d),
        (true, None) => p.t("date-unknown"),
        (false, None) => String::new(),
    };
    let rows = snapshot
        .states(&state.i18n, ctx.lang, filters)
        .into_iter()
        .map(|(name, v)| Row {
            code: v.un.code.to_string(),
            name,
            observer: v.un.membership == UnMembership::Observer,
            group: views::group_key(v.un.group),
            status: v.status.as_str(),
            status_key: views::status_key(v.status),
            signed: date_or_unknown(v.record.signature.is_some(), v.signed_on),
            consent: date_or_unknown(v.record.consent.is_some(), v.consent_on),
            in_force: match (v.record.consent.is_some(), v.in_force_on) {
                (_, Some(d)) => p.date(&d),
                (true, None) => p.t("in-force-pending"),
                (false, None) => String::new(),
            },
            founding: match (v.record.consent.is_some(), v.founding) {
                (false, _) => "",
                (true, f) => views::founding_key(f),
            },
            declarations: v.record.declarations.iter().filter(|d| d.in_force_on(snapshot.today)).count(),
            verified: v.verified,
        })
        .collect();
    let statuses = Status::ALL
        .into_iter()
        .map(|s| Choice { value: s.as_str(), label_key: views::status_key(s), selected: filters.status == Some(s) })
        .collect();
    let groups = UnRegionalGroup::ALL
        .into_iter()
        .map(|g| Choice { value: g.as_str(), label_key: views::group_key(g), selected: filters.group == Some(g) })
        .collect();
    render(&ctx, status, &MembersPage { p, rows, statuses, groups, error })
}

fn only(pairs: &[(String, String)], key: &str) -> Vec<(String, String)> {
    pairs.iter().filter(|(k, _)| k == key).cloned().collect()
}

/// A ledger entry as the history table shows it.
pub struct HistoryRow {
    pub seq: i64,
    pub recorded: String,
    pub event_key: String,
    pub hash: String,
    /// The Secretariat's source note: empty for the public.
    pub source: String,
    /// Whether the fact's source is verified, for a fact with evidence.
    pub verified: Option<bool>,
}

pub struct DeclarationRow {
    pub number: u32,
    pub subjects: Vec<String>,
    pub text: String,
    pub made: String,
    pub withdrawn: String,
    pub in_force: bool,
    pub verified: bool,
}

#[derive(Template)]
#[template(path = "member.html")]
struct MemberPage<'a> {
    p: Page<'a>,
    name: String,
    code: String,
    observer: bool,
    group_key: String,
    status: &'static str,
    status_key: String,
    has_record: bool,
    signed: String,
    /// The Secretariat's source notes: empty for the public.
    signed_source: String,
    signed_verified: bool,
    consent: String,
    consent_source: String,
    consent_verified: bool,
    in_force: String,
    founding: &'static str,
    eif: String,
    verified: bool,
    denounced: String,
    declarations: Vec<DeclarationRow>,
    history: Vec<HistoryRow>,
}

pub async fn member(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let code = state_code(&code)?;
    let registry = state.registry().await?;
    let rows = state.store.stream(&format!("state/{code}")).await?;
    let snapshot = Snapshot::new((*registry).clone(), state.store.now());
    let un = code.un().ok_or(WebError::fault("a parsed State code without UN data"))?;
    let v = snapshot.registry.view(un, snapshot.today, &snapshot.rules);
    let p = Page::new(&state, &ctx, &auth, "members").await;
    let record = v.record;
    // The source notes (their reliability, the brief's references) are the Secretariat's; the
    // public reads whether each fact is verified.
    let notes = crate::public::registry::reads_source_notes(&auth);
    let note = |e: Option<&iomed_domain::registry::Evidence>| {
        e.filter(|_| notes).map(|e| e.source().to_owned()).unwrap_or_default()
    };
    let signed = match (&record.signature, v.signed_on) {
        (Some(_), Some(d)) => p.date(&d),
        (Some(_), None) => p.t("date-unknown"),
        (None, _) => String::new(),
    };
    let consent = match &record.consent {
        Some(c) => {
            let when = match c.on {
                Some(d) => p.date(&d),
                None if c.before_entry_into_force => p.t("consent-before-eif"),
                None => p.t("date-unknown"),
            };
            format!("{when} ({})", p.t(&format!("instrument-{}", c.instrument.as_str())))
        }
        None => String::new(),
    };
    let page = MemberPage {
        name: state.i18n.country(ctx.lang, un),
        code: code.to_string(),
        observer: un.membership == UnMembership::Observer,
        group_key: views::group_key(un.group),
        status: v.status.as_str(),
        status_key: views::status_key(v.status),
        has_record: record.signature.is_some() || record.consent.is_some(),
        signed,
        signed_source: note(record.signature.as_ref().map(|s| &s.evidence)),
        signed_verified: record.signature.as_ref().is_some_and(|s| s.evidence.verified()),
        consent,
        consent_source: note(record.consent.as_ref().map(|c| &c.evidence)),
        consent_verified: record.consent.as_ref().is_some_and(|c| c.evidence.verified()),
        in_force: match (record.consent.is_some(), v.in_force_on) {
            (_, Some(d)) => p.date(&d),
            (true, None) => p.t("in-force-pending"),
            (false, None) => String::new(),
        },
        founding: views::founding_key(v.founding),
        eif: snapshot.registry.entry_into_force(&snapshot.rules).map(|d| p.date(&d)).unwrap_or_default(),
        verified: v.verified,
        denounced: record
            .denunciation
            .as_ref()
            .map(|d| {
                state.i18n.message(
                    ctx.lang,
                    "denounced-note",
                    &[("date", p.date(&d.notified_on).into()), ("on", p.date(&d.effective_on).into())],
                )
            })
            .unwrap_or_default(),
        declarations: record
            .declarations
            .iter()
            .map(|d| DeclarationRow {
                number: d.number,
                subjects: d.subjects.iter().map(|s| p.t(&format!("subject-{}", s.as_str()))).collect(),
                text: d.text.clone().unwrap_or_default(),
                made: p.date(&d.made_on),
                withdrawn: p.opt_date(&d.withdrawn_on),
                in_force: d.in_force_on(snapshot.today),
                verified: d.evidence.verified(),
            })
            .collect(),
        history: rows.iter().map(|r| history_row(r, notes)).collect(),
        p,
    };
    render(&ctx, StatusCode::OK, &page)
}

fn history_row(row: &LedgerRow, notes: bool) -> HistoryRow {
    let body = serde_json::from_str::<serde_json::Value>(&row.body).ok();
    let evidence = body.as_ref().map(|b| &b["evidence"]);
    let source = evidence.and_then(|e| e["source"].as_str()).filter(|_| notes).map(str::to_owned).unwrap_or_default();
    let verified = evidence.and_then(|e| e["verified"].as_bool());
    HistoryRow {
        seq: row.seq,
        recorded: row.at.clone(),
        event_key: format!("event-{}", row.kind.replace('.', "-")),
        hash: row.hash.chars().take(16).collect(),
        source,
        verified,
    }
}

const STYLESHEET: &str = include_str!("../../static/site.css");

pub async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], STYLESHEET)
}

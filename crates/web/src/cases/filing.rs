//! Filing a request on the web: the check before (what is filed, who is invited, the fee due, the
//! time limit it starts, what cannot be undone), filing itself, and the receipt, as a page and
//! by e-mail (the reference, what was filed, the lodging fee and how to pay, the next time limit).
//!
//! The e-mail names no party and carries nothing of the request: it says that a request was
//! filed, when, the fee and the date, and links to the receipt behind sign-in.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iomed_domain::access::{Action, Resource, UserId};
use iomed_domain::accounts::SecurityPolicy;
use iomed_domain::case::{Basis, Case, Deadline};
use iomed_domain::request::{Draft, Request, Side};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::ConsentBasis;
use iomed_domain::seat::seat_date;
use iomed_store::StoreError;
use iomed_store::accounts::{OutgoingMail, new_secret};
use iomed_store::cases::{CaseChange, CaseRefusal, Invitation};
use jiff::civil::Date;

use crate::cases::requests::{GapItem, gap_items, request_page};
use crate::cases::views::{DeadlineDto, deadline_views};
use crate::kit::access::{case_standing, record_read};
use crate::kit::auth::{Auth, authorize};
use crate::kit::confirm::{Check, Part, check_page};
use crate::kit::context::Ctx;
use crate::kit::error::{Fault, WebError};
use crate::kit::forms::{Button, Form, Path};
use crate::kit::i18n::Lang;
use crate::kit::refusals::case_message;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;
use crate::kit::views::{case_title, date};

/// The check before filing the saved draft `id`, whose content is `request`.
pub async fn check_before_filing(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    id: i64,
    request: &Request,
) -> Result<Response, WebError> {
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let today = seat_date(state.store.now());
    let rules = RulesProfile::in_force_on(today);
    let side_names = |side: Side| {
        request.parties.iter().filter(|p| p.side == side).map(|p| party_name(state, lang, p)).collect::<Vec<_>>()
    };
    let mut details = vec![
        (t("scope-category"), t(&format!("scope-category-{}", request.category.as_str()))),
        (t("side-requesting"), side_names(Side::Requesting).join(", ")),
        (t("side-responding"), side_names(Side::Responding).join(", ")),
        (t("scope-consent"), t(basis_key(request.consent.basis))),
        (t("request-field-consent-document"), request.consent_document.clone()),
        (t("request-field-authority-document"), request.authority_document.clone()),
    ];
    let owner = auth.require_user()?.id;
    let annexes = state.store.annexes_of(owner, id).await?;
    let listed = annexes
        .iter()
        .map(|a| format!("{} ({})", a.title, t(&format!("doctype-{}", a.kind.as_str().replace('_', "-")))))
        .collect::<Vec<_>>();
    details.push((t("filing-annexes"), if listed.is_empty() { t("filing-no-annexes") } else { listed.join("; ") }));
    if !request.subjects.is_empty() {
        let subjects: Vec<String> = request.subjects.iter().map(|s| t(&format!("subject-{}", s.as_str()))).collect();
        details.push((t("scope-subjects"), subjects.join(", ")));
    }
    details.push((t("request-field-signature"), request.signature.clone()));
    let other = format!("{} <{}>", request.other_side_name.as_str(), request.other_side_email.as_str());
    let fee = i18n.money(lang, &rules.fees.lodging_fee.value);
    let mut next = vec![i18n.message(lang, "filing-next-filed", &[("date", date(i18n, lang, today).into())])];
    let deadlines = Case::deadlines_at_filing(today, Basis::of(request.consent.basis), &rules);
    next.push(match request.consent.basis {
        ConsentBasis::Offer => i18n.message(
            lang,
            "filing-next-offer",
            &[
                ("name", other.clone().into()),
                ("days", rules.case.offer_answer_days.value.into()),
                ("date", deadlines.first().map(|d| date(i18n, lang, d.due)).unwrap_or_default().into()),
            ],
        ),
        ConsentBasis::PriorAgreement => i18n.message(lang, "filing-next-agreement", &[("name", other.clone().into())]),
    });
    next.push(i18n.message(lang, "filing-next-fee", &[("fee", fee.into())]));
    next.push(t("filing-next-receipt"));
    let check = Check {
        context: (format!("/requests/{id}"), t("filing-back-to-draft")),
        act: t("request-file"),
        details,
        parts: vec![Part { heading: t("filing-next-heading"), lines: next }],
        told: vec![other],
        told_how: t("filing-told-how"),
        told_nobody: String::new(),
        blocked: None,
        final_note: t("filing-final"),
        action: format!("/requests/{id}/file"),
        fields: Vec::new(),
    };
    check_page(state, ctx, auth, "cases", check).await
}

fn basis_key(basis: ConsentBasis) -> &'static str {
    match basis {
        ConsentBasis::PriorAgreement => "scope-basis-prior_agreement",
        ConsentBasis::Offer => "scope-basis-offer",
    }
}

fn party_name(state: &AppState, lang: Lang, party: &iomed_domain::request::RequestParty) -> String {
    case_title(&state.i18n, lang, &party.short_name())
}

/// `POST /requests/{id}/file`: files the draft as saved, once its check page was confirmed.
pub async fn file_saved(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
    Form(_): Form<Button>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let user = auth.require_user()?;
    let row = state.store.draft(user.id, id).await?.ok_or(WebError::NotFound)?;
    if let Some(case) = row.case {
        // Filed already (the button pressed twice): its receipt.
        return Ok(Redirect::to(&format!("/cases/{case}/receipt")).into_response());
    }
    filed_or_again(&state, &ctx, &auth, user.id, id, &row.draft).await
}

/// Files the draft and answers with the receipt, or the form again with what stops it.
pub async fn filed_or_again(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    owner: UserId,
    id: i64,
    draft: &Draft,
) -> Result<Response, WebError> {
    match file(state, auth, owner, id, draft).await {
        Ok(case) => Ok(ctx.redirect_with(&format!("/cases/{case}/receipt"), "request-filed")),
        Err(StoreError::CaseRefused(CaseRefusal::Incomplete(gaps))) => {
            let gaps = gap_items(&state.i18n, ctx.lang, &gaps, draft);
            request_page(state, ctx, auth, Some(id), draft.clone(), gaps).await
        }
        Err(StoreError::CaseRefused(r)) => {
            let message = case_message(&r).render(&state.i18n, ctx.lang);
            let gaps = vec![GapItem { anchor: "other_side_email".into(), message }];
            request_page(state, ctx, auth, Some(id), draft.clone(), gaps).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Files a saved draft: prepares the other side's invitation and e-mails, and the receipt to the
/// one filing, and submits. The other side's language is not known yet: the invitation is in all
/// four.
pub async fn file(state: &AppState, auth: &Auth, owner: UserId, id: i64, draft: &Draft) -> Result<i64, StoreError> {
    let (token, link_hash) = new_secret("")?;
    let to = draft.other_side_email.trim().to_owned();
    let name = draft.other_side_name.trim().to_owned();
    let cases_link = format!("{}/cases", state.public_url);
    let set_link = format!("{}/set-password/{token}", state.public_url);
    let today = seat_date(state.store.now());
    let answer_by = answer_deadline(draft, today);
    // Who filed it, in each language (a State is named in it); nothing else of the request.
    let requesting = draft.check().map(|r| r.title()).unwrap_or_default();
    let requesting = requesting.split(" v. ").next().unwrap_or_default().to_owned();
    let i18n = &state.i18n;
    let all_languages = |subject: &str, body: &str, link: &str| OutgoingMail {
        to: to.clone(),
        subject: i18n.message(Lang::En, subject, &[]),
        body: Lang::ALL
            .into_iter()
            .map(|l| {
                let text = match answer_by {
                    Some(d) => i18n.message(l, "mail-invite-offer", &[("date", date(i18n, l, d).into())]),
                    None => i18n.message(l, "mail-invite-agreement", &[]),
                };
                i18n.message(
                    l,
                    body,
                    &[
                        ("name", name.clone().into()),
                        ("link", link.to_owned().into()),
                        ("cases", cases_link.clone().into()),
                        ("reference", id.to_string().into()),
                        ("requesting", crate::kit::views::case_title(i18n, l, &requesting).into()),
                        ("text", text.into()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n----\n\n"),
        notice: None,
    };
    let now = state.store.now();
    let invitation = Invitation {
        link_hash,
        expires_at: now.checked_add(SecurityPolicy::DEFAULT.invitation).unwrap_or(now),
        language: Lang::En.tag().into(),
        mail_new: all_languages("mail-case-invite-subject", "mail-case-invite-body", &set_link),
        mail_existing: all_languages("mail-case-named-subject", "mail-case-named-body", &cases_link),
    };
    let receipt = receipt_mail(state, auth, id, today, answer_by)?;
    let change = CaseChange::File { owner, id, invitation, receipt };
    let appended = state.store.case_change(&auth.ledger_actor(), change).await?;
    let case = appended.created.ok_or_else(|| StoreError::Corrupt(Fault("a filing created no case").to_string()))?;
    // Its annexes are documents of the case file now: searchable like the others.
    state.document_filed(case);
    Ok(case)
}

/// The day by which the other side must answer an offer the filing makes, if it makes one (a
/// request on a prior agreement starts no time limit): the domain's first time limit at filing.
fn answer_deadline(draft: &Draft, today: Date) -> Option<Date> {
    let rules = RulesProfile::in_force_on(today);
    let basis = draft.check().map(|r| Basis::of(r.consent.basis)).unwrap_or(Basis::Offer);
    Case::deadlines_at_filing(today, basis, &rules).first().map(|d| d.due)
}

/// The receipt by e-mail, in the filer's language: the reference, the day, the fee and how to
/// pay, the time limit the filing starts, and the link to the receipt. Nothing of the request.
fn receipt_mail(
    state: &AppState,
    auth: &Auth,
    id: i64,
    today: Date,
    answer_by: Option<Date>,
) -> Result<OutgoingMail, StoreError> {
    let user = auth.user().ok_or_else(|| StoreError::Corrupt(Fault("a filing without a user").to_string()))?;
    let lang = Lang::parse(&user.language).unwrap_or(Lang::En);
    let i18n = &state.i18n;
    let rules = RulesProfile::in_force_on(today);
    let next = match answer_by {
        Some(d) => i18n.message(lang, "mail-receipt-offer", &[("date", date(i18n, lang, d).into())]),
        None => i18n.message(lang, "mail-receipt-agreement", &[]),
    };
    let body = i18n.message(
        lang,
        "mail-receipt-body",
        &[
            ("name", user.display_name.clone().into()),
            ("reference", id.to_string().into()),
            ("date", date(i18n, lang, today).into()),
            ("fee", i18n.money(lang, &rules.fees.lodging_fee.value).into()),
            ("text", next.into()),
            ("link", format!("{}/requests/{id}/receipt", state.public_url).into()),
        ],
    );
    Ok(OutgoingMail {
        to: user.email.clone(),
        subject: i18n.message(lang, "mail-receipt-subject", &[("reference", id.to_string().into())]),
        body,
        notice: None,
    })
}

#[derive(Template)]
#[template(path = "receipt.html")]
struct ReceiptPage<'a> {
    p: Page<'a>,
    id: i64,
    case_title: String,
    reference: String,
    number: Option<String>,
    filed_on: String,
    category_key: String,
    fee: String,
    fee_paid: bool,
    deadlines: Vec<DeadlineDto>,
    /// The next steps, as sentences.
    next: Vec<String>,
    /// The annexes filed with the request (title, type, the document), for the one who filed.
    annexes: Vec<(String, String, Option<i64>)>,
}

/// `GET /cases/{id}/receipt`: the receipt of a filing, for whoever may read the case.
pub async fn receipt(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    case_standing(&state, &auth, id, Action::ReadCase).await?;
    let (row, case, _) = state.store.case(id).await?.ok_or(WebError::NotFound)?;
    record_read(&state, &auth, id, "receipt", serde_json::json!({})).await;
    let (i18n, lang) = (&state.i18n, ctx.lang);
    let rules = RulesProfile::in_force_on(case.filed_on());
    let today = seat_date(state.store.now());
    let deadlines: Vec<Deadline> = case.deadlines(&rules);
    let deadlines = deadline_views(i18n, lang, &auth.time_zone(), today, &deadlines);
    let t = |key: &str| i18n.message(lang, key, &[]);
    let mut next = Vec::new();
    if !case.fee_paid() {
        next.push(t("receipt-next-pay"));
    }
    next.push(match case.basis() {
        Basis::Offer => t("receipt-next-offer"),
        Basis::PriorAgreement => t("receipt-next-agreement"),
    });
    // The one who filed sees the annexes filed with it (only they had them).
    let annexes = match auth.user() {
        Some(user) => state.store.annexes_of(user.id, row.request).await?,
        None => Vec::new(),
    };
    if annexes.is_empty() {
        next.push(t("receipt-next-annexes"));
    }
    let annexes = annexes
        .into_iter()
        .map(|a| (a.title, t(&format!("doctype-{}", a.kind.as_str().replace('_', "-"))), a.document))
        .collect();
    let page = ReceiptPage {
        p: Page::new(&state, &ctx, &auth, "cases").await,
        id,
        case_title: case_title(i18n, lang, &row.title),
        reference: row.request.to_string(),
        number: row.number.clone(),
        filed_on: date(i18n, lang, row.filed_on),
        category_key: format!("scope-category-{}", row.category),
        fee: i18n.money(lang, &rules.fees.lodging_fee.value),
        fee_paid: row.fee_paid,
        deadlines,
        next,
        annexes,
    };
    render(&ctx, StatusCode::OK, &page)
}

/// `GET /requests/{id}/receipt`: the e-mail's link, by the filing reference, to its case's receipt.
pub async fn receipt_of_request(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    authorize(&state, &auth, Action::DraftRequest, Resource::Cases).await?;
    let user = auth.require_user()?;
    let row = state.store.draft(user.id, id).await?.ok_or(WebError::NotFound)?;
    let case = row.case.ok_or(WebError::NotFound)?;
    Ok(Redirect::to(&format!("/cases/{case}/receipt")).into_response())
}

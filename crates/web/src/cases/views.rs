//! What the pages and the API of cases show, in the reader's language: stages, history, deadlines
//! in the reader's time zone, the gaps of a draft, and the notices that tell people of a step.

use fluent_bundle::FluentValue;
use iomed_domain::access::UserId;
use iomed_domain::case::{Deadline, Event, StepKind};
use iomed_domain::notifications::NoticeKind;
use iomed_domain::request::Gap;
use iomed_domain::seat::seat_time_zone;
use iomed_store::accounts::OutgoingMail;
use iomed_store::cases::{CaseRow, Participant};
use iomed_store::notifications::Notice;
use jiff::SignedDuration;
use jiff::civil::Date;
use serde::Serialize;
use utoipa::ToSchema;

use crate::kit::i18n::{I18n, Lang};
use crate::kit::state::AppState;

/// The message key of where a case stands (its closure, once closed).
pub fn stage_key(row: &CaseRow) -> String {
    match &row.closure {
        Some(c) => format!("closure-{}", c.replace('_', "-")),
        None => format!("stage-{}", row.stage.replace('_', "-")),
    }
}

/// A history entry in the reader's language.
pub fn event_message(i18n: &I18n, lang: Lang, event: &Event) -> String {
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
        Event::AppointmentStep { in_place, .. } => {
            vec![("outcome", FluentValue::from(if *in_place { "in_place" } else { "running" }))]
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
    /// "12 days left" or "3 days overdue", for people.
    #[serde(skip)]
    pub phrase: String,
}

/// The deadlines, as of `today` at the seat, for a reader in `zone`.
pub fn deadline_views(i18n: &I18n, lang: Lang, zone: &str, today: Date, deadlines: &[Deadline]) -> Vec<DeadlineDto> {
    let reader = jiff::tz::TimeZone::get(zone).unwrap_or_else(|_| seat_time_zone());
    deadlines
        .iter()
        .map(|d| {
            let kind = d.kind.as_str();
            // The last day ends at midnight at the seat.
            let end = d.due.tomorrow().unwrap_or(d.due).to_zoned(seat_time_zone()).ok();
            let local =
                end.and_then(|e| e.with_time_zone(reader.clone()).checked_sub(SignedDuration::from_secs(1)).ok());
            let days_left: i64 = (d.due - today).get_days().into();
            // A date that opens a possibility is "open" once passed, never "overdue" (W6).
            let opened = d.kind.opens() && days_left < 0;
            let phrase = if opened {
                i18n.message(lang, "deadline-open-now", &[])
            } else if days_left < 0 {
                i18n.message(lang, "deadline-overdue", &[("days", FluentValue::from(-days_left))])
            } else {
                i18n.message(lang, "deadline-days-left", &[("days", FluentValue::from(days_left))])
            };
            DeadlineDto {
                kind,
                label: i18n.message(lang, &format!("deadline-{}", kind.replace('_', "-")), &[]),
                due: d.due,
                ends_at: local.as_ref().map(|l| l.to_string()).unwrap_or_default(),
                days_left,
                overdue: days_left < 0 && !opened,
                consequence: d
                    .kind
                    .consequence()
                    .map(|_| i18n.message(lang, &format!("consequence-{}", kind.replace('_', "-")), &[])),
                due_text: crate::kit::views::date(i18n, lang, d.due),
                ends_text: local
                    .map(|l| format!("{} {}", l.strftime("%Y-%m-%d %H:%M"), l.time_zone().iana_name().unwrap_or(zone)))
                    .unwrap_or_default(),
                phrase,
            }
        })
        .collect()
}

/// A gap of a draft in the reader's language: "Party 2: contact: missing".
pub fn gap_message(i18n: &I18n, lang: Lang, gap: &Gap) -> String {
    let label = field_label(i18n, lang, &gap.field);
    let mut args: Vec<(&str, FluentValue<'_>)> = vec![("field", label.into())];
    if let iomed_domain::request::GapKind::TooLong { max } = gap.problem {
        args.push(("max", FluentValue::from(i18n.count(lang, max))));
    }
    i18n.message(lang, &format!("gap-{}", gap.problem.code().replace('_', "-")), &args)
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

/// The id of the form field a gap is about, for the error summary's link to it.
pub fn gap_anchor(field: &str) -> String {
    if let Some(rest) = field.strip_prefix("parties[")
        && let Some((n, sub)) = rest.split_once("].")
        && let Ok(n) = n.parse::<usize>()
    {
        let sub = match sub {
            "nationalities" => "nat1",
            "place_of_business" => "place",
            other => other,
        };
        return format!("p{}_{sub}", n + 1);
    }
    if let Some(rest) = field.strip_prefix("third_states[")
        && let Some((n, _)) = rest.split_once(']')
        && let Ok(n) = n.parse::<usize>()
    {
        return format!("t{}_state", n + 1);
    }
    match field.split('[').next().unwrap_or(field) {
        "parties" => "p1_side".into(),
        "category" => "category-legend".into(),
        "subjects" => "subjects-legend".into(),
        "consent_basis" => "consent-legend".into(),
        other => other.to_owned(),
    }
}

/// An e-mail to someone on the case, in their language: a subject and a body with a link, and no
/// case content.
pub fn mail_to(state: &AppState, to: &Participant, subject: &str, body: &str, args: &[(&str, String)]) -> OutgoingMail {
    let lang = Lang::parse(&to.language).unwrap_or(Lang::En);
    let args: Vec<(&str, FluentValue<'_>)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    OutgoingMail {
        to: to.email.clone(),
        subject: state.i18n.message(lang, subject, &[]),
        body: state.i18n.message(lang, body, &args),
        notice: None,
    }
}

/// The notices of a step for everyone on the case but the one who took it. They carry no case
/// content: the step's name and a link.
pub async fn step_notices(
    state: &AppState,
    case: i64,
    actor: Option<UserId>,
    step: &str,
) -> Result<Vec<OutgoingMail>, iomed_store::StoreError> {
    let participants = state.store.participants(case).await?;
    let link = format!("{}/cases/{case}", state.public_url);
    let told = told_of_step(&participants, actor);
    let choices = state.store.email_choices(&told.iter().map(|p| p.user).collect::<Vec<_>>()).await?;
    let about = format!("step:{}", step.replace('_', "-"));
    Ok(told
        .into_iter()
        .map(|p| {
            let lang = Lang::parse(&p.language).unwrap_or(Lang::En);
            let what = state.i18n.message(lang, &format!("step-done-{}", step.replace('_', "-")), &[]);
            let mail = mail_to(
                state,
                p,
                "mail-case-step-subject",
                "mail-case-step-body",
                &[("step", what), ("link", link.clone())],
            );
            let email = choices.get(&p.user).map(|c| c.of(NoticeKind::of(&about))).unwrap_or_default();
            with_case_notice(mail, p, case, &about, email)
        })
        .collect())
}

/// `mail` with its notice in `to`'s inbox: `about`, linking to the case page, e-mailed as `email`
/// says (at once, in the daily digest, or not).
pub fn with_case_notice(
    mail: OutgoingMail,
    to: &Participant,
    case: i64,
    about: &str,
    email: iomed_domain::notifications::EmailChoice,
) -> OutgoingMail {
    let notice = Notice { user: to.user, case, about: about.to_owned(), path: format!("/cases/{case}"), email };
    OutgoingMail { notice: Some(notice), ..mail }
}

/// Who is told of a step: everyone on the case but the one who took it. The check before a step
/// shows the same people.
pub fn told_of_step(participants: &[Participant], actor: Option<UserId>) -> Vec<&Participant> {
    participants.iter().filter(|p| Some(p.user) != actor).collect()
}

/// The notice key a step leaves after it was taken.
pub fn done_key(step: StepKind) -> &'static str {
    match step {
        StepKind::AcceptOffer => "step-done-accept-offer",
        StepKind::DeclineOffer => "step-done-decline-offer",
        StepKind::MarkFeePaid => "step-done-mark-fee-paid",
        StepKind::Register => "step-done-register",
        StepKind::Refuse => "step-done-refuse",
        StepKind::Withdraw => "step-done-withdraw",
        StepKind::AgreeMediators => "step-done-agree-mediators",
        StepKind::ProposeMediators => "step-done-propose-mediators",
        StepKind::ConsentToPublication => "step-done-consent-publication",
        StepKind::RequestEnd => "step-done-request-end",
        StepKind::RecordSettlement => "step-done-record-settlement",
        StepKind::DeclareNoLikelihood => "step-done-declare-no-likelihood",
    }
}

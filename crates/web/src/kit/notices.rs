//! The e-mails that tell people of something in the case file: a link, never its content.

use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Actor, Resource, UserId, can};
use iomed_domain::case::DeadlineKind;
use iomed_domain::notifications::NoticeKind;
use iomed_store::StoreError;
use iomed_store::accounts::OutgoingMail;
use iomed_store::cases::Participant;
use iomed_store::notifications::Notice;

use crate::kit::i18n::{I18n, Lang};
use crate::kit::state::AppState;

/// The people on the case whom a change tells: everyone but the one acting whom the policy lets
/// do `reads`, reading what changed (a document or a thread of an audience). The check pages
/// name them from this, and [`audience_mails`] writes to them.
pub fn told_in(participants: &[Participant], actor: UserId, reads: Action) -> impl Iterator<Item = &Participant> {
    participants.iter().filter(move |p| {
        // Participants are told as what they are on the case; the Secretariat's roles add nothing.
        p.user != actor && can(&Actor::user(p.user, []), reads, Resource::Case(Some(p.standing))).is_ok()
    })
}

/// Mails to the people on the case in `to` but the one acting: the subject and body of
/// `mail-{key}-…`, with a link to `page` of the case and no case content; each with its notice
/// for the person's inbox, e-mailed as they chose for its kind.
pub async fn audience_mails(
    state: &AppState,
    case: i64,
    actor: UserId,
    reads: Action,
    key: &str,
    page: &str,
) -> Result<Vec<OutgoingMail>, StoreError> {
    let path = match page {
        "" => format!("/cases/{case}"),
        page => format!("/cases/{case}/{page}"),
    };
    let link = format!("{}{path}", state.public_url);
    let participants = state.store.participants(case).await?;
    let told: Vec<_> = told_in(&participants, actor, reads).collect();
    let choices = state.store.email_choices(&told.iter().map(|p| p.user).collect::<Vec<_>>()).await?;
    let kind = NoticeKind::of(key);
    Ok(told
        .into_iter()
        .map(|p| {
            let lang = Lang::parse(&p.language).unwrap_or(Lang::En);
            OutgoingMail {
                notice: Some(Notice {
                    user: p.user,
                    case,
                    about: key.to_owned(),
                    path: path.clone(),
                    email: choices.get(&p.user).map(|c| c.of(kind)).unwrap_or_default(),
                }),
                to: p.email.clone(),
                subject: state.i18n.message(lang, &format!("mail-{key}-subject"), &[]),
                body: state.i18n.message(
                    lang,
                    &format!("mail-{key}-body"),
                    &[("link", FluentValue::from(link.clone()))],
                ),
            }
        })
        .collect())
}

/// A person's e-mail choices as the account page shows them: for each kind, its name and the
/// choice.
pub async fn email_choices_of(
    state: &AppState,
    user: UserId,
) -> Result<Vec<(&'static str, iomed_domain::notifications::EmailChoice)>, StoreError> {
    let choices = state.store.email_choices(&[user]).await?;
    let mine = choices.get(&user).cloned().unwrap_or_default();
    Ok(NoticeKind::ALL.into_iter().map(|k| (k.as_str(), mine.of(k))).collect())
}

/// The inbox's text of a reminder's `about`, if it is one: "Answer to the offer to mediate: ends
/// in 7 business days".
pub fn reminder_text(i18n: &I18n, lang: Lang, about: &str) -> Option<String> {
    let mut parts = about.strip_prefix("reminder:")?.split(':');
    let kind = DeadlineKind::parse(parts.next()?)?;
    let days: u32 = parts.next()?.parse().ok()?;
    let label = i18n.message(lang, &format!("deadline-{}", kind.as_str().replace('_', "-")), &[]);
    Some(i18n.message(lang, "notice-reminder", &[("step", label.into()), ("days", FluentValue::from(days))]))
}

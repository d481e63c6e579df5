//! The e-mails that tell people of something in the case file: a link, never its content.

use fluent_bundle::FluentValue;
use iomed_domain::access::UserId;
use iomed_domain::documents::Audience;
use iomed_store::StoreError;
use iomed_store::accounts::OutgoingMail;

use crate::kit::i18n::Lang;
use crate::kit::state::AppState;

/// Mails to the people on the case in `to` but the one acting: the subject and body of
/// `mail-{key}-…`, with a link to `page` of the case and no case content.
pub async fn audience_mails(
    state: &AppState,
    case: i64,
    actor: UserId,
    to: Audience,
    key: &str,
    page: &str,
) -> Result<Vec<OutgoingMail>, StoreError> {
    let link = match page {
        "" => format!("{}/cases/{case}", state.public_url),
        page => format!("{}/cases/{case}/{page}", state.public_url),
    };
    let participants = state.store.participants(case).await?;
    Ok(participants
        .iter()
        .filter(|p| p.user != actor && to.admits(Some(p.standing), false))
        .map(|p| {
            let lang = Lang::parse(&p.language).unwrap_or(Lang::En);
            OutgoingMail {
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

//! Messages on the web and in the API: one thread per audience of a case (joint, each side's
//! caucus, the mediators, the Secretariat, each side alone), bodies sealed under the case key,
//! attachments filed as documents of the thread's audience (with the message, or not at all),
//! read receipts, e-mail notices without content. A thread outside the reader's audience does
//! not exist for them.

pub mod api;
pub mod pages;

use iomed_domain::access::{Action, UserId};
use iomed_domain::documents::Audience;
use iomed_store::StoreError;
use iomed_store::messages::{MessageChange, MessageRow, NewAttachment, message_context};

use crate::kit::auth::Auth;
use crate::kit::error::{Msg, WebError};
use crate::kit::notices::audience_mails;
use crate::kit::state::AppState;

/// The longest message, in characters.
pub const BODY_MAX: usize = 20_000;

/// Marks what the reader has now been shown as read by them (not their own messages).
pub async fn mark_read(state: &AppState, auth: &Auth, shown: &[&MessageRow]) -> Result<(), StoreError> {
    let Some(user) = auth.user().map(|u| u.id) else { return Ok(()) };
    let unread: Vec<i64> =
        shown.iter().filter(|m| m.author != user && !m.read_by.iter().any(|(u, _)| *u == user)).map(|m| m.id).collect();
    if unread.is_empty() {
        return Ok(());
    }
    state.store.message_change(&auth.ledger_actor(), MessageChange::Read { user, messages: unread }).await.map(|_| ())
}

/// A body that says something and is within [`BODY_MAX`].
pub fn check_body(body: &str) -> Result<&str, WebError> {
    let body = body.trim();
    match body.chars().count() {
        0 => Err(WebError::unprocessable("empty_message", Msg::new("message-error-empty-message"))),
        n if n > BODY_MAX => Err(WebError::unprocessable(
            "message_too_long",
            Msg::new("message-error-message-too-long").number("count", BODY_MAX as i64),
        )),
        _ => Ok(body),
    }
}

/// Sends a message, with the files sent with it: one write, all or nothing. `attachments` are
/// documents already filed in its audience. When it is refused, the files' blobs are removed.
pub async fn send(
    state: &AppState,
    auth: &Auth,
    case: i64,
    audience: Audience,
    body: &str,
    attachments: Vec<i64>,
    new_attachments: Vec<NewAttachment>,
) -> Result<i64, WebError> {
    let author: UserId = auth.require_user()?.id;
    let sent = async {
        let key = state.store.data_key(&state.master, case).await?;
        let sealed = key.seal(&message_context(case, audience), body.as_bytes()).map_err(StoreError::Key)?;
        let mails = audience_mails(state, case, author, Action::ReadMessages(audience), "message", "messages").await?;
        let change = MessageChange::Send {
            case,
            author,
            audience,
            sealed,
            body_hash: state.store.signer().commitments().commit("message body", body.as_bytes()),
            attachments,
            new_attachments: new_attachments.clone(),
            mails,
        };
        state.store.message_change(&auth.ledger_actor(), change).await
    }
    .await;
    match sent {
        Ok(appended) => {
            if !new_attachments.is_empty() {
                // Its files were filed as documents.
                state.document_filed(case);
            }
            appended.created.ok_or(WebError::fault("a sent message has no id"))
        }
        Err(e) => {
            for a in &new_attachments {
                if let Err(e) = state.blobs.delete(&a.stored.address).await {
                    tracing::error!(error = %e, "could not delete the blob of a refused attachment");
                }
            }
            Err(e.into())
        }
    }
}

//! What a reader may see of a case, asked of the one policy, and the record of every read.
//!
//! Architecture Invariant: every read of case material passes through here: the reader's standing
//! comes from the store, the decision from `iomed_domain::access::can`, and the read is recorded
//! in the case's access stream (`case/{id}/access`), refusals too (in the stream `access`).

use iomed_domain::access::{Action, Denied, Resource, Standing, can};
use iomed_domain::documents::Audience;
use iomed_store::documents::DocumentRow;
use iomed_store::paging::{Seek, Slice};
use serde_json::json;

use crate::kit::auth::{Auth, authorize, refuse};
use crate::kit::error::WebError;
use crate::kit::state::AppState;

/// The reader's standing in case `id`, once the policy allows `action` on it; a case the reader
/// may not see answers exactly as one that does not exist. Every read of case material goes
/// through here, and is recorded by [`record_read`].
pub async fn case_standing(
    state: &AppState,
    auth: &Auth,
    id: i64,
    action: Action,
) -> Result<Option<Standing>, WebError> {
    let standing = match auth.user() {
        Some(u) => state.store.standing(id, u.id).await?,
        None => None,
    };
    authorize(state, auth, action, Resource::Case(standing)).await?;
    if !state.store.case_exists(id).await? {
        // The Secretariat asking for a case that does not exist: recorded as a refusal, as
        // anyone's asking for a case hidden from them is.
        return Err(refuse(state, auth, Denied::Hidden).await);
    }
    Ok(standing)
}

/// Records that the reader read case material: `what` names it (`page`, `api`, `appointments`,
/// `document`, …). Case content never enters the record: only what kind of thing was read, and
/// its identifiers.
pub async fn record_read(state: &AppState, auth: &Auth, case: i64, what: &'static str, detail: serde_json::Value) {
    let stream = format!("case/{case}/access");
    let mut body = json!({"case": case, "via": what});
    if let (Some(map), serde_json::Value::Object(extra)) = (body.as_object_mut(), detail) {
        map.extend(extra);
    }
    if let Err(e) = state.store.record(&auth.ledger_actor(), &stream, "case.read", body).await {
        tracing::error!(error = %e, "could not record a case read");
    }
}

/// The documents of a case the reader may see, in filing order. Nothing else is counted.
pub async fn visible_documents(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
) -> Result<Vec<DocumentRow>, WebError> {
    let actor = auth.actor();
    let all = state.store.documents_of(case).await?;
    Ok(all
        .into_iter()
        .filter(|d| can(&actor, Action::ReadDocument(d.audience), Resource::Case(standing)).is_ok())
        .collect())
}

/// The ids of the documents of a case the reader may see, in filing order: the same decision as
/// [`visible_documents`], read from each document's id and audience only (a case's search asks
/// this, then reads the few documents it shows).
pub async fn visible_document_ids(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
) -> Result<Vec<i64>, WebError> {
    let actor = auth.actor();
    let all = state.store.document_audiences(case).await?;
    Ok(all
        .into_iter()
        .filter(|(_, audience)| can(&actor, Action::ReadDocument(*audience), Resource::Case(standing)).is_ok())
        .map(|(id, _)| id)
        .collect())
}

/// The audiences of a case whose documents (or, with `read` = [`Action::ReadMessages`], whose
/// threads) the reader may see, as the policy says.
pub fn readable_audiences(auth: &Auth, standing: Option<Standing>, read: fn(Audience) -> Action) -> Vec<Audience> {
    let actor = auth.actor();
    Audience::ALL.into_iter().filter(|a| can(&actor, read(*a), Resource::Case(standing)).is_ok()).collect()
}

/// A page of the documents of a case the reader may see, in filing order.
pub async fn visible_documents_page(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    seek: &Seek<i64>,
) -> Result<Slice<DocumentRow, i64>, WebError> {
    Ok(state.store.documents_page(case, &readable_audiences(auth, standing, Action::ReadDocument), seek).await?)
}

/// A page of the messages of a case the reader may see, with their bodies opened, oldest first.
pub async fn visible_messages_page(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
    seek: &Seek<i64>,
) -> Result<Slice<(iomed_store::messages::MessageRow, String), i64>, WebError> {
    let page = state.store.messages_page(case, &readable_audiences(auth, standing, Action::ReadMessages), seek).await?;
    if page.items.is_empty() {
        return Ok(Slice { items: Vec::new(), before: page.before, after: page.after });
    }
    let key = state.store.data_key(&state.master, case).await?;
    let mut items = Vec::with_capacity(page.items.len());
    for m in page.items {
        let body = key.open(&iomed_store::messages::message_context(case, m.audience), &m.sealed)?;
        items.push((m, String::from_utf8_lossy(&body).into_owned()));
    }
    Ok(Slice { items, before: page.before, after: page.after })
}

/// One document, if the reader may see it; `None` alike for one that does not exist. A refusal
/// is recorded as any other.
pub async fn readable_document(state: &AppState, auth: &Auth, id: i64) -> Result<Option<DocumentRow>, WebError> {
    let Some(doc) = state.store.document(id).await? else {
        refuse(state, auth, Denied::Hidden).await;
        return Ok(None);
    };
    let standing = match auth.user() {
        Some(u) => state.store.standing(doc.case, u.id).await?,
        None => None,
    };
    let read_case = authorize(state, auth, Action::ReadCase, Resource::Case(standing)).await;
    let read_doc = match read_case {
        Ok(()) => authorize(state, auth, Action::ReadDocument(doc.audience), Resource::Case(standing)).await,
        Err(e) => Err(e),
    };
    match read_doc {
        Ok(()) => Ok(Some(doc)),
        Err(WebError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The messages of a case the reader may see, with their bodies opened, oldest first.
pub async fn visible_messages(
    state: &AppState,
    auth: &Auth,
    case: i64,
    standing: Option<Standing>,
) -> Result<Vec<(iomed_store::messages::MessageRow, String)>, WebError> {
    let actor = auth.actor();
    let mine: Vec<iomed_store::messages::MessageRow> = state
        .store
        .messages_of(case)
        .await?
        .into_iter()
        .filter(|m| can(&actor, Action::ReadMessages(m.audience), Resource::Case(standing)).is_ok())
        .collect();
    if mine.is_empty() {
        return Ok(Vec::new());
    }
    let key = state.store.data_key(&state.master, case).await?;
    mine.into_iter()
        .map(|m| {
            let body = key.open(&iomed_store::messages::message_context(case, m.audience), &m.sealed)?;
            Ok((m, String::from_utf8_lossy(&body).into_owned()))
        })
        .collect()
}

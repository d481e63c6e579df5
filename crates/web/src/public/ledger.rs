//! The public page of the ledger: its head signed now, and every key that signs or signed it
//! with its period, so that anyone can check a signed head, a checkpoint or a case-file export
//! (`iomed verify`) made before a rotation as well as after. The same data is served as JSON by
//! `/api/v1/ledger/head` and `/api/v1/ledger/keys`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;

use crate::kit::auth::{Auth, public};
use crate::kit::context::Ctx;
use crate::kit::error::WebError;
use crate::kit::render::{Page, render};
use crate::kit::state::AppState;

/// A key as the page lists it.
pub struct KeyRow {
    pub public_key: String,
    /// The period's ends as stored (for `<time datetime>`) and as shown (UTC, to the second);
    /// empty for an open end.
    pub from: String,
    pub from_text: String,
    pub until: String,
    pub until_text: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage<'a> {
    p: Page<'a>,
    seq: i64,
    hash: String,
    signature: String,
    signing_key: String,
    keys: Vec<KeyRow>,
}

fn shown(at: &Option<String>) -> (String, String) {
    match at {
        Some(at) => {
            let text = at.parse::<jiff::Timestamp>().map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string());
            (at.clone(), text.unwrap_or_else(|_| at.clone()))
        }
        None => (String::new(), String::new()),
    }
}

/// GET /ledger.
pub async fn page(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let signed = state.store.signed_head().await?;
    let keys = state
        .store
        .signing_keys()
        .await?
        .into_iter()
        .map(|k| {
            let ((from, from_text), (until, until_text)) = (shown(&k.valid_from), shown(&k.valid_until));
            KeyRow { public_key: k.public_key, from, from_text, until, until_text, current: k.current }
        })
        .collect();
    let p = Page::new(&state, &ctx, &auth, "ledger").await;
    render(
        &ctx,
        StatusCode::OK,
        &LedgerPage {
            p,
            seq: signed.head.seq,
            hash: hex::encode(signed.head.hash),
            signature: hex::encode(signed.signature),
            signing_key: hex::encode(signed.public_key),
            keys,
        },
    )
}

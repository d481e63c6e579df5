//! Mediator profiles, as the Secretariat records them.

use iomed_domain::access::UserId;
use iomed_domain::mediators::MediatorProfile;
use serde_json::json;
use sqlx::{Any, Transaction};

use super::{Applied, Entry, MediatorRefusal, has_role};
use crate::StoreError;

pub(super) async fn record_profile(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    profile: &MediatorProfile,
) -> Applied {
    if !has_role(tx, user).await? {
        return Ok(Err(MediatorRefusal::NotAMediator));
    }
    let text = serde_json::to_string(profile).map_err(StoreError::corrupt)?;
    sqlx::query("DELETE FROM mediators WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
    sqlx::query("INSERT INTO mediators (user_id, profile, updated_at) VALUES ($1, $2, $3)")
        .bind(user.0)
        .bind(text.as_str())
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(Ok(vec![Entry {
        stream: format!("mediator/{}", user.0),
        kind: "mediator.profile_recorded",
        body: json!({"user": user.0, "profile": profile}),
    }]))
}

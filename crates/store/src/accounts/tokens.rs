//! API tokens: created (only in a session that passed the second factor) and revoked.

use iomed_domain::access::UserId;
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Transaction};

use super::{AccountRefusal, Applied, Entry, next_id, require_user, user_stream};

pub(super) async fn create_token(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    name: &str,
    token_hash: &str,
    scopes: &[String],
    expires_at: Timestamp,
) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    let id = next_id(tx, "api_tokens").await?;
    sqlx::query(
        "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at, revoked_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
    )
    .bind(id)
    .bind(user.0)
    .bind(name)
    .bind(token_hash)
    .bind(scopes.join(" "))
    .bind(at)
    .bind(expires_at.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(Ok((
        Some(id),
        Entry {
            stream: user_stream(user),
            kind: "token.created",
            body: json!({"user": user.0, "token": id, "name": name, "scopes": scopes, "expires_at": expires_at.to_string()}),
        },
    )))
}

pub(super) async fn revoke_token(tx: &mut Transaction<'_, Any>, at: &str, user: UserId, token: i64) -> Applied {
    let done =
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(at)
            .bind(token)
            .bind(user.0)
            .execute(&mut **tx)
            .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(AccountRefusal::NoSuchToken));
    }
    Ok(Ok((
        None,
        Entry { stream: user_stream(user), kind: "token.revoked", body: json!({"user": user.0, "token": token}) },
    )))
}

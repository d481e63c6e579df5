//! Sessions: signing in (with the second factor), signing out, failed sign-ins, refused access.

use iomed_domain::access::UserId;
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Transaction};

use super::{AccountRefusal, Applied, Entry, Stage, end_sessions, next_id, require_user, user_stream};

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn start_session(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    token_hash: &str,
    csrf: &str,
    expires_at: Timestamp,
    user_agent: &str,
    stage: Stage,
    second_factor: bool,
) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    let id = next_id(tx, "sessions").await?;
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, csrf, created_at, expires_at, user_agent, revoked_at, stage, \
         second_factor_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9)",
    )
    .bind(id)
    .bind(token_hash)
    .bind(user.0)
    .bind(csrf)
    .bind(at)
    .bind(expires_at.to_string())
    .bind(user_agent)
    .bind(stage.as_str())
    .bind(second_factor.then_some(at))
    .execute(&mut **tx)
    .await?;
    let kind = match stage {
        Stage::Full => "auth.signed_in",
        Stage::SecondFactor => "auth.password_accepted",
        Stage::Enroll => "auth.password_accepted_enrolment_required",
    };
    Ok(Ok((Some(id), Entry { stream: user_stream(user), kind, body: json!({"user": user.0, "session": id}) })))
}

pub(super) async fn begin_totp(tx: &mut Transaction<'_, Any>, user: UserId, secret: &str) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    let confirmed = sqlx::query("SELECT confirmed FROM totp WHERE user_id = $1 AND confirmed = 1")
        .bind(user.0)
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if !confirmed {
        sqlx::query("DELETE FROM totp WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
        sqlx::query("INSERT INTO totp (user_id, secret, confirmed, last_step) VALUES ($1, $2, 0, 0)")
            .bind(user.0)
            .bind(secret)
            .execute(&mut **tx)
            .await?;
    }
    Ok(Ok((None, Entry { stream: user_stream(user), kind: "user.totp_started", body: json!({"user": user.0}) })))
}

pub(super) async fn confirm_totp(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    session: i64,
    step: i64,
    recovery_code_hashes: &[String],
) -> Applied {
    let done = sqlx::query(
        "UPDATE totp SET confirmed = 1, last_step = $1 WHERE user_id = $2 AND confirmed = 0 AND last_step < $1",
    )
    .bind(step)
    .bind(user.0)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(AccountRefusal::NoPendingSecondFactor));
    }
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
    for hash in recovery_code_hashes {
        sqlx::query("INSERT INTO recovery_codes (user_id, code_hash, used_at) VALUES ($1, $2, NULL)")
            .bind(user.0)
            .bind(hash.as_str())
            .execute(&mut **tx)
            .await?;
    }
    sqlx::query("UPDATE sessions SET stage = 'full', second_factor_at = $3 WHERE id = $1 AND user_id = $2")
        .bind(session)
        .bind(user.0)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(Ok((
        None,
        Entry {
            stream: user_stream(user),
            kind: "user.totp_enabled",
            body: json!({"user": user.0, "session": session, "recovery_codes": recovery_code_hashes.len()}),
        },
    )))
}

pub(super) async fn pass_second_factor(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    session: i64,
    step: Option<i64>,
    recovery_code_hash: &Option<String>,
) -> Applied {
    let accepted = match (step, recovery_code_hash) {
        (Some(step), _) => {
            sqlx::query("UPDATE totp SET last_step = $1 WHERE user_id = $2 AND confirmed = 1 AND last_step < $1")
                .bind(step)
                .bind(user.0)
                .execute(&mut **tx)
                .await?
                .rows_affected()
        }
        (None, Some(hash)) => sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(at)
        .bind(user.0)
        .bind(hash.as_str())
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        (None, None) => 0,
    };
    if accepted == 0 {
        return Ok(Err(AccountRefusal::CodeNotAccepted));
    }
    let upgraded = sqlx::query(
        "UPDATE sessions SET stage = 'full', second_factor_at = $3 \
         WHERE id = $1 AND user_id = $2 AND stage = 'second_factor' AND revoked_at IS NULL",
    )
    .bind(session)
    .bind(user.0)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    if upgraded.rows_affected() == 0 {
        return Ok(Err(AccountRefusal::NoSuchSession));
    }
    let how = if step.is_some() { "totp" } else { "recovery_code" };
    Ok(Ok((
        None,
        Entry {
            stream: user_stream(user),
            kind: "auth.signed_in",
            body: json!({"user": user.0, "session": session, "second_factor": how}),
        },
    )))
}

pub(super) async fn reset_second_factor(tx: &mut Transaction<'_, Any>, at: &str, user: UserId) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    sqlx::query("DELETE FROM totp WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
    end_sessions(tx, user.0, at).await?;
    Ok(Ok((None, Entry { stream: user_stream(user), kind: "user.second_factor_reset", body: json!({"user": user.0}) })))
}

pub(super) async fn end_session(tx: &mut Transaction<'_, Any>, at: &str, user: UserId, session: i64) -> Applied {
    let done = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(at)
        .bind(session)
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(AccountRefusal::NoSuchSession));
    }
    Ok(Ok((
        None,
        Entry { stream: user_stream(user), kind: "auth.signed_out", body: json!({"user": user.0, "session": session}) },
    )))
}

pub(super) async fn end_all_sessions(tx: &mut Transaction<'_, Any>, at: &str, user: UserId) -> Applied {
    let (sessions, tokens) = end_sessions(tx, user.0, at).await?;
    Ok(Ok((
        None,
        Entry {
            stream: user_stream(user),
            kind: "auth.signed_out_everywhere",
            body: json!({"user": user.0, "sessions": sessions, "tokens_revoked": tokens}),
        },
    )))
}

pub(super) async fn sign_in_failed(tx: &mut Transaction<'_, Any>, at: &str, email: &str, client: &str) -> Applied {
    let id = next_id(tx, "auth_failures").await?;
    sqlx::query("INSERT INTO auth_failures (id, at, email, client) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(at)
        .bind(email)
        .bind(client)
        .execute(&mut **tx)
        .await?;
    Ok(Ok((
        None,
        Entry { stream: "auth".into(), kind: "auth.sign_in_failed", body: json!({"email": email, "client": client}) },
    )))
}

pub(super) async fn access_refused(
    _tx: &mut Transaction<'_, Any>,
    user: Option<UserId>,
    method: &str,
    path: &str,
    reason: &'static str,
) -> Applied {
    Ok(Ok((
        None,
        Entry {
            stream: "access".into(),
            kind: "access.refused",
            body: json!({"user": user.map(|u| u.0), "method": method, "path": path, "reason": reason}),
        },
    )))
}

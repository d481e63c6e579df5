//! Users: creation, password, preferences, roles, activation, unlocking.

use std::collections::BTreeSet;

use iomed_domain::access::UserId;
use iomed_domain::accounts::{DisplayName, Email, Role};
use serde_json::json;
use sqlx::{Any, Transaction};

use super::{AccountRefusal, Applied, Entry, end_sessions, require_user, role_names, user_stream, write_roles};
use crate::ids::{Table, new_row};

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn create_user(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    email: &Email,
    name: &DisplayName,
    language: &str,
    time_zone: &str,
    roles: &BTreeSet<Role>,
    password_hash: &Option<String>,
) -> Applied {
    let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&mut **tx)
        .await?
        .is_some();
    if taken {
        return Ok(Err(AccountRefusal::EmailTaken));
    }
    let (id, seq) = new_row(tx, Table::Users).await?;
    sqlx::query(
        "INSERT INTO users (id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at, seq) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, NULL, $7, $8)",
    )
    .bind(id)
    .bind(email.as_str())
    .bind(name.as_str())
    .bind(language)
    .bind(time_zone)
    .bind(password_hash.clone())
    .bind(at)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    write_roles(tx, UserId(id), roles).await?;
    Ok(Ok((
        Some(id),
        Entry {
            stream: user_stream(UserId(id)),
            kind: "user.created",
            body: json!({"user": id, "email": email.as_str(), "display_name": name.as_str(),
                         "roles": role_names(roles), "password_set": password_hash.is_some()}),
        },
    )))
}

pub(super) async fn set_password(tx: &mut Transaction<'_, Any>, user: UserId, password_hash: &str) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    Ok(Ok((None, Entry { stream: user_stream(user), kind: "user.password_set", body: json!({"user": user.0}) })))
}

pub(super) async fn set_preferences(
    tx: &mut Transaction<'_, Any>,
    user: UserId,
    language: &str,
    time_zone: &str,
) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    sqlx::query("UPDATE users SET language = $1, time_zone = $2 WHERE id = $3")
        .bind(language)
        .bind(time_zone)
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    Ok(Ok((
        None,
        Entry {
            stream: user_stream(user),
            kind: "user.preferences_set",
            body: json!({"user": user.0, "language": language, "time_zone": time_zone}),
        },
    )))
}

pub(super) async fn set_roles(tx: &mut Transaction<'_, Any>, user: UserId, roles: &BTreeSet<Role>) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    write_roles(tx, user, roles).await?;
    Ok(Ok((
        None,
        Entry {
            stream: user_stream(user),
            kind: "user.roles_set",
            body: json!({"user": user.0, "roles": role_names(roles)}),
        },
    )))
}

pub(super) async fn set_active(tx: &mut Transaction<'_, Any>, at: &str, user: UserId, active: bool) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(i64::from(active))
        .bind(user.0)
        .execute(&mut **tx)
        .await?;
    if !active {
        end_sessions(tx, user.0, at).await?;
    }
    let kind = if active { "user.activated" } else { "user.deactivated" };
    Ok(Ok((None, Entry { stream: user_stream(user), kind, body: json!({"user": user.0}) })))
}

pub(super) async fn unlock(tx: &mut Transaction<'_, Any>, at: &str, user: UserId) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    sqlx::query("UPDATE users SET unlocked_at = $1 WHERE id = $2").bind(at).bind(user.0).execute(&mut **tx).await?;
    Ok(Ok((None, Entry { stream: user_stream(user), kind: "user.unlocked", body: json!({"user": user.0}) })))
}

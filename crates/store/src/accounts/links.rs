//! One-time links (invitations, password resets) and the outbox of e-mails that carry them.

use std::collections::BTreeSet;

use iomed_domain::access::UserId;
use iomed_domain::accounts::{DisplayName, Email, Role};
use jiff::Timestamp;
use serde_json::json;
use sqlx::{Any, Row, Transaction};

use super::{
    AccountRefusal, Applied, Entry, LinkPurpose, OutgoingMail, end_sessions, insert_link, parse_ts, queue_mail,
    require_user, role_names, user_stream, write_roles,
};
use crate::ids::{Table, new_row};

#[allow(clippy::too_many_arguments)] // the fields of the change, as the writer received them
pub(super) async fn invite(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    email: &Email,
    name: &DisplayName,
    language: &str,
    roles: &BTreeSet<Role>,
    link_hash: &str,
    expires_at: Timestamp,
    mail: &OutgoingMail,
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
         VALUES ($1, $2, $3, $4, 'Asia/Hong_Kong', NULL, 1, NULL, $5, $6)",
    )
    .bind(id)
    .bind(email.as_str())
    .bind(name.as_str())
    .bind(language)
    .bind(at)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    write_roles(tx, UserId(id), roles).await?;
    insert_link(tx, UserId(id), link_hash, LinkPurpose::Invitation, at, expires_at).await?;
    let outbox = queue_mail(tx, mail, at).await?;
    Ok(Ok((
        Some(id),
        Entry {
            stream: user_stream(UserId(id)),
            kind: "user.invited",
            body: json!({"user": id, "email": email.as_str(), "display_name": name.as_str(),
                         "roles": role_names(roles), "expires_at": expires_at.to_string(), "outbox": outbox}),
        },
    )))
}

pub(super) async fn request_reset(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    user: UserId,
    link_hash: &str,
    expires_at: Timestamp,
    mail: &OutgoingMail,
) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    insert_link(tx, user, link_hash, LinkPurpose::Reset, at, expires_at).await?;
    let outbox = queue_mail(tx, mail, at).await?;
    Ok(Ok((
        None,
        Entry {
            stream: user_stream(user),
            kind: "user.password_reset_requested",
            body: json!({"user": user.0, "expires_at": expires_at.to_string(), "outbox": outbox}),
        },
    )))
}

pub(super) async fn use_link(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    now: Timestamp,
    link_hash: &str,
    password_hash: &str,
) -> Applied {
    let row =
        sqlx::query("SELECT id, user_id, purpose, expires_at FROM links WHERE token_hash = $1 AND used_at IS NULL")
            .bind(link_hash)
            .fetch_optional(&mut **tx)
            .await?;
    let Some(row) = row else { return Ok(Err(AccountRefusal::LinkNotValid)) };
    if parse_ts(&row.try_get::<String, _>("expires_at")?)? <= now {
        return Ok(Err(AccountRefusal::LinkNotValid));
    }
    let link: i64 = row.try_get("id")?;
    let user: i64 = row.try_get("user_id")?;
    let purpose: String = row.try_get("purpose")?;
    sqlx::query("UPDATE links SET used_at = $1 WHERE id = $2").bind(at).bind(link).execute(&mut **tx).await?;
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(password_hash)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    end_sessions(tx, user, at).await?;
    Ok(Ok((
        Some(user),
        Entry {
            stream: user_stream(UserId(user)),
            kind: "user.password_set",
            body: json!({"user": user, "via": purpose, "link": link}),
        },
    )))
}

pub(super) async fn mail_sent(tx: &mut Transaction<'_, Any>, at: &str, outbox: i64) -> Applied {
    // Once sent, the body (which may hold a one-time link) is no longer kept.
    let done = sqlx::query("UPDATE outbox SET sent_at = $1, body = '' WHERE id = $2 AND sent_at IS NULL")
        .bind(at)
        .bind(outbox)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(AccountRefusal::NoSuchMail));
    }
    Ok(Ok((None, Entry { stream: "mail".into(), kind: "mail.sent", body: json!({"outbox": outbox}) })))
}

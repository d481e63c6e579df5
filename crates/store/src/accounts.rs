//! Accounts: users and their roles, sessions, API tokens and sign-in failures. Every change goes
//! through the writer as an [`AccountChange`] and is a ledger event; no password, code or token
//! ever reaches the ledger — only what identifies the account, session or token.

use std::collections::BTreeSet;
use std::str::FromStr;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use iomed_domain::access::UserId;
use iomed_domain::accounts::{DisplayName, Email, NewPassword, Role};
use iomed_domain::organizations::{Authority, NewOrganization};
use jiff::Timestamp;
use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

use crate::StoreError;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub language: String,
    pub time_zone: String,
    pub roles: BTreeSet<Role>,
    pub active: bool,
    pub has_password: bool,
    pub unlocked_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

/// A user with their password hash, for sign-in only.
pub struct Credentials {
    pub user: User,
    pub password_hash: Option<String>,
}

/// A live session, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub id: i64,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub user_agent: String,
    pub token_hash: String,
}

/// How far a session has come through sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Signed in.
    Full,
    /// The password was right; the second factor is still to be given.
    SecondFactor,
    /// The password was right; the role requires a second factor that is not set up yet.
    Enroll,
}

impl Stage {
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Full => "full",
            Stage::SecondFactor => "second_factor",
            Stage::Enroll => "enroll",
        }
    }
    fn parse(text: &str) -> Option<Stage> {
        [Stage::Full, Stage::SecondFactor, Stage::Enroll].into_iter().find(|s| s.as_str() == text)
    }
}

/// A session found by its cookie.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    pub user: User,
    pub csrf: String,
    pub expires_at: Timestamp,
    pub stage: Stage,
    /// Whether this session's sign-in passed the second factor (API tokens need it).
    pub second_factor: bool,
}

/// A user's TOTP secret (RFC 6238), base32, and the last time step used (against replay).
#[derive(Debug, Clone)]
pub struct Totp {
    pub secret: String,
    pub confirmed: bool,
    pub last_step: i64,
}

/// An API token, as its owner sees it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

/// An organization and its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub state: Option<String>,
    pub members: Vec<Member>,
}

/// A member and the authority they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub document: String,
    pub granted_by: String,
    pub valid_from: jiff::civil::Date,
    pub valid_until: Option<jiff::civil::Date>,
}

/// An e-mail waiting in the outbox. It carries no case content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// What a one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    Invitation,
    Reset,
}

impl LinkPurpose {
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::Reset => "reset",
        }
    }
}

/// A one-time link, found by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub user: UserId,
    pub purpose: LinkPurpose,
    pub expires_at: Timestamp,
    pub used: bool,
}

async fn insert_link(
    tx: &mut Transaction<'_, Any>,
    user: UserId,
    hash: &str,
    purpose: LinkPurpose,
    at: &str,
    expires_at: Timestamp,
) -> Result<i64, StoreError> {
    let id = next_id(tx, "links").await?;
    sqlx::query(
        "INSERT INTO links (id, user_id, token_hash, purpose, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)",
    )
    .bind(id)
    .bind(user.0)
    .bind(hash)
    .bind(purpose.as_str())
    .bind(at)
    .bind(expires_at.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

pub(crate) async fn queue_mail(
    tx: &mut Transaction<'_, Any>,
    mail: &OutgoingMail,
    at: &str,
) -> Result<i64, StoreError> {
    let id = next_id(tx, "outbox").await?;
    sqlx::query(
        "INSERT INTO outbox (id, created_at, to_address, subject, body, sent_at) VALUES ($1, $2, $3, $4, $5, NULL)",
    )
    .bind(id)
    .bind(at)
    .bind(mail.to.as_str())
    .bind(mail.subject.as_str())
    .bind(mail.body.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// A change to accounts. The writer applies it in the ledger's transaction.
#[derive(Debug, Clone)]
pub enum AccountChange {
    CreateUser {
        email: Email,
        name: DisplayName,
        language: String,
        time_zone: String,
        roles: BTreeSet<Role>,
        password_hash: Option<String>,
    },
    SetPassword {
        user: UserId,
        password_hash: String,
    },
    SetPreferences {
        user: UserId,
        language: String,
        time_zone: String,
    },
    SetRoles {
        user: UserId,
        roles: BTreeSet<Role>,
    },
    SetActive {
        user: UserId,
        active: bool,
    },
    Unlock {
        user: UserId,
    },
    StartSession {
        user: UserId,
        token_hash: String,
        csrf: String,
        expires_at: Timestamp,
        user_agent: String,
        stage: Stage,
        /// The sign-in already passed the second factor (only for tests and tools that make a
        /// session directly; the web's sign-in passes it in a later step).
        second_factor: bool,
    },
    /// A TOTP secret is generated for a user (not yet confirmed; replaces an unconfirmed one).
    BeginTotp {
        user: UserId,
        secret: String,
    },
    /// The user proved the secret works: it is confirmed, recovery codes are stored (hashed), and
    /// the session is signed in fully.
    ConfirmTotp {
        user: UserId,
        session: i64,
        step: i64,
        recovery_code_hashes: Vec<String>,
    },
    /// A second factor was given at sign-in: a TOTP code of time step `step`, or a recovery code.
    PassSecondFactor {
        user: UserId,
        session: i64,
        step: Option<i64>,
        recovery_code_hash: Option<String>,
    },
    /// The operator removes a user's second factor (lost device); the user sets it up again.
    ResetSecondFactor {
        user: UserId,
    },
    EndSession {
        user: UserId,
        session: i64,
    },
    EndAllSessions {
        user: UserId,
    },
    SignInFailed {
        email: String,
        client: String,
    },
    CreateToken {
        user: UserId,
        name: String,
        token_hash: String,
        scopes: Vec<String>,
        expires_at: Timestamp,
    },
    RevokeToken {
        user: UserId,
        token: i64,
    },
    /// The Secretariat invites someone: an account without a password, a one-time link to set it,
    /// and the e-mail that carries the link.
    Invite {
        email: Email,
        name: DisplayName,
        language: String,
        roles: BTreeSet<Role>,
        link_hash: String,
        expires_at: Timestamp,
        mail: OutgoingMail,
    },
    /// A user asked to reset their password: a one-time link and its e-mail.
    RequestReset {
        user: UserId,
        link_hash: String,
        expires_at: Timestamp,
        mail: OutgoingMail,
    },
    /// A one-time link is used to set a password; every session of the user ends.
    UseLink {
        link_hash: String,
        password_hash: String,
    },
    /// The sender delivered an e-mail of the outbox.
    MailSent {
        outbox: i64,
    },
    CreateOrganization {
        organization: NewOrganization,
    },
    /// A user becomes a member of an organization, with the authority to act for it.
    AddMember {
        organization: i64,
        user: UserId,
        authority: Authority,
    },
    RemoveMember {
        organization: i64,
        user: UserId,
    },
    AccessRefused {
        user: Option<UserId>,
        method: String,
        path: String,
        reason: &'static str,
    },
}

/// Why an account change was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountRefusal {
    #[error("an account with this e-mail address already exists")]
    EmailTaken,
    #[error("there is no such user")]
    NoSuchUser,
    #[error("there is no such token")]
    NoSuchToken,
    #[error("there is no such session")]
    NoSuchSession,
    #[error("this code was already used or is not valid")]
    CodeNotAccepted,
    #[error("no second factor is being set up")]
    NoPendingSecondFactor,
    #[error("this link has expired or was already used")]
    LinkNotValid,
    #[error("there is no such e-mail waiting to be sent")]
    NoSuchMail,
    #[error("there is no such organization or membership")]
    NoSuchOrganization,
}

impl AccountRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            AccountRefusal::EmailTaken => "email_taken",
            AccountRefusal::NoSuchUser => "no_such_user",
            AccountRefusal::NoSuchToken => "no_such_token",
            AccountRefusal::NoSuchSession => "no_such_session",
            AccountRefusal::CodeNotAccepted => "code_not_accepted",
            AccountRefusal::NoPendingSecondFactor => "no_pending_second_factor",
            AccountRefusal::LinkNotValid => "link_not_valid",
            AccountRefusal::NoSuchMail => "no_such_mail",
            AccountRefusal::NoSuchOrganization => "no_such_organization",
        }
    }
}

/// What an accepted change created, if anything: a user, a session or a token id.
pub type Created = Option<i64>;

/// The ledger entry for an applied change: stream, kind, body.
pub(crate) struct Entry {
    pub stream: String,
    pub kind: &'static str,
    pub body: Value,
}

fn user_stream(user: UserId) -> String {
    format!("user/{}", user.0)
}

async fn next_id(tx: &mut Transaction<'_, Any>, table: &'static str) -> Result<i64, StoreError> {
    let sql = match table {
        "users" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM users",
        "sessions" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM sessions",
        "api_tokens" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM api_tokens",
        "links" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM links",
        "organizations" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM organizations",
        "outbox" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM outbox",
        _ => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM auth_failures",
    };
    Ok(sqlx::query(sql).fetch_one(&mut **tx).await?.try_get("n")?)
}

async fn user_exists(tx: &mut Transaction<'_, Any>, user: UserId) -> Result<bool, StoreError> {
    Ok(sqlx::query("SELECT id FROM users WHERE id = $1").bind(user.0).fetch_optional(&mut **tx).await?.is_some())
}

async fn require_user(tx: &mut Transaction<'_, Any>, user: UserId) -> Result<Result<(), AccountRefusal>, StoreError> {
    Ok(if user_exists(tx, user).await? { Ok(()) } else { Err(AccountRefusal::NoSuchUser) })
}

/// Ends every live session of a user; returns how many.
/// Ends every session of a user and revokes every API token: what follows a recovery of the
/// account (signing out everywhere, a password reset, a reset of the second factor) or its
/// deactivation, so that a credential taken from a stolen session does not outlive it.
/// Returns how many sessions and tokens were ended.
async fn end_sessions(tx: &mut Transaction<'_, Any>, user: i64, at: &str) -> Result<(u64, u64), StoreError> {
    let sessions = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    let tokens = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(at)
        .bind(user)
        .execute(&mut **tx)
        .await?;
    Ok((sessions.rows_affected(), tokens.rows_affected()))
}

async fn write_roles(tx: &mut Transaction<'_, Any>, user: UserId, roles: &BTreeSet<Role>) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM user_roles WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
    for role in roles {
        sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(user.0)
            .bind(role.as_str())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

fn role_names(roles: &BTreeSet<Role>) -> Vec<&'static str> {
    roles.iter().map(Role::as_str).collect()
}

/// Checks and applies a change. A refusal writes nothing.
pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    change: &AccountChange,
    now: Timestamp,
) -> Result<Result<(Created, Entry), AccountRefusal>, StoreError> {
    let at = now.to_string();
    let outcome = match change {
        AccountChange::CreateUser { email, name, language, time_zone, roles, password_hash } => {
            let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
            if taken {
                return Ok(Err(AccountRefusal::EmailTaken));
            }
            let id = next_id(tx, "users").await?;
            sqlx::query(
                "INSERT INTO users (id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 1, NULL, $7)",
            )
            .bind(id)
            .bind(email.as_str())
            .bind(name.as_str())
            .bind(language.as_str())
            .bind(time_zone.as_str())
            .bind(password_hash.clone())
            .bind(at.as_str())
            .execute(&mut **tx)
            .await?;
            write_roles(tx, UserId(id), roles).await?;
            (
                Some(id),
                Entry {
                    stream: user_stream(UserId(id)),
                    kind: "user.created",
                    body: json!({"user": id, "email": email.as_str(), "display_name": name.as_str(),
                                 "roles": role_names(roles), "password_set": password_hash.is_some()}),
                },
            )
        }
        AccountChange::SetPassword { user, password_hash } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash.as_str())
                .bind(user.0)
                .execute(&mut **tx)
                .await?;
            (None, Entry { stream: user_stream(*user), kind: "user.password_set", body: json!({"user": user.0}) })
        }
        AccountChange::SetPreferences { user, language, time_zone } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            sqlx::query("UPDATE users SET language = $1, time_zone = $2 WHERE id = $3")
                .bind(language.as_str())
                .bind(time_zone.as_str())
                .bind(user.0)
                .execute(&mut **tx)
                .await?;
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "user.preferences_set",
                    body: json!({"user": user.0, "language": language, "time_zone": time_zone}),
                },
            )
        }
        AccountChange::SetRoles { user, roles } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            write_roles(tx, *user, roles).await?;
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "user.roles_set",
                    body: json!({"user": user.0, "roles": role_names(roles)}),
                },
            )
        }
        AccountChange::SetActive { user, active } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                .bind(i64::from(*active))
                .bind(user.0)
                .execute(&mut **tx)
                .await?;
            if !active {
                end_sessions(tx, user.0, &at).await?;
            }
            let kind = if *active { "user.activated" } else { "user.deactivated" };
            (None, Entry { stream: user_stream(*user), kind, body: json!({"user": user.0}) })
        }
        AccountChange::Unlock { user } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            sqlx::query("UPDATE users SET unlocked_at = $1 WHERE id = $2")
                .bind(at.as_str())
                .bind(user.0)
                .execute(&mut **tx)
                .await?;
            (None, Entry { stream: user_stream(*user), kind: "user.unlocked", body: json!({"user": user.0}) })
        }
        AccountChange::StartSession { user, token_hash, csrf, expires_at, user_agent, stage, second_factor } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            let id = next_id(tx, "sessions").await?;
            sqlx::query(
                "INSERT INTO sessions (id, token_hash, user_id, csrf, created_at, expires_at, user_agent, revoked_at, stage, \
                 second_factor_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9)",
            )
            .bind(id)
            .bind(token_hash.as_str())
            .bind(user.0)
            .bind(csrf.as_str())
            .bind(at.as_str())
            .bind(expires_at.to_string())
            .bind(user_agent.as_str())
            .bind(stage.as_str())
            .bind(second_factor.then_some(at.as_str()))
            .execute(&mut **tx)
            .await?;
            let kind = match stage {
                Stage::Full => "auth.signed_in",
                Stage::SecondFactor => "auth.password_accepted",
                Stage::Enroll => "auth.password_accepted_enrolment_required",
            };
            (Some(id), Entry { stream: user_stream(*user), kind, body: json!({"user": user.0, "session": id}) })
        }
        AccountChange::BeginTotp { user, secret } => {
            if let Err(r) = require_user(tx, *user).await? {
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
                    .bind(secret.as_str())
                    .execute(&mut **tx)
                    .await?;
            }
            (None, Entry { stream: user_stream(*user), kind: "user.totp_started", body: json!({"user": user.0}) })
        }
        AccountChange::ConfirmTotp { user, session, step, recovery_code_hashes } => {
            let done = sqlx::query(
                "UPDATE totp SET confirmed = 1, last_step = $1 WHERE user_id = $2 AND confirmed = 0 AND last_step < $1",
            )
            .bind(*step)
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
                .bind(*session)
                .bind(user.0)
                .bind(at.as_str())
                .execute(&mut **tx)
                .await?;
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "user.totp_enabled",
                    body: json!({"user": user.0, "session": session, "recovery_codes": recovery_code_hashes.len()}),
                },
            )
        }
        AccountChange::PassSecondFactor { user, session, step, recovery_code_hash } => {
            let accepted = match (step, recovery_code_hash) {
                (Some(step), _) => sqlx::query(
                    "UPDATE totp SET last_step = $1 WHERE user_id = $2 AND confirmed = 1 AND last_step < $1",
                )
                .bind(*step)
                .bind(user.0)
                .execute(&mut **tx)
                .await?
                .rows_affected(),
                (None, Some(hash)) => sqlx::query(
                    "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
                )
                .bind(at.as_str())
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
            .bind(*session)
            .bind(user.0)
            .bind(at.as_str())
            .execute(&mut **tx)
            .await?;
            if upgraded.rows_affected() == 0 {
                return Ok(Err(AccountRefusal::NoSuchSession));
            }
            let how = if step.is_some() { "totp" } else { "recovery_code" };
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "auth.signed_in",
                    body: json!({"user": user.0, "session": session, "second_factor": how}),
                },
            )
        }
        AccountChange::ResetSecondFactor { user } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            sqlx::query("DELETE FROM totp WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
            sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1").bind(user.0).execute(&mut **tx).await?;
            end_sessions(tx, user.0, &at).await?;
            (
                None,
                Entry { stream: user_stream(*user), kind: "user.second_factor_reset", body: json!({"user": user.0}) },
            )
        }
        AccountChange::EndSession { user, session } => {
            let done = sqlx::query(
                "UPDATE sessions SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            )
            .bind(at.as_str())
            .bind(*session)
            .bind(user.0)
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(Err(AccountRefusal::NoSuchSession));
            }
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "auth.signed_out",
                    body: json!({"user": user.0, "session": session}),
                },
            )
        }
        AccountChange::EndAllSessions { user } => {
            let (sessions, tokens) = end_sessions(tx, user.0, &at).await?;
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "auth.signed_out_everywhere",
                    body: json!({"user": user.0, "sessions": sessions, "tokens_revoked": tokens}),
                },
            )
        }
        AccountChange::SignInFailed { email, client } => {
            let id = next_id(tx, "auth_failures").await?;
            sqlx::query("INSERT INTO auth_failures (id, at, email, client) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(at.as_str())
                .bind(email.as_str())
                .bind(client.as_str())
                .execute(&mut **tx)
                .await?;
            (
                None,
                Entry {
                    stream: "auth".into(),
                    kind: "auth.sign_in_failed",
                    body: json!({"email": email, "client": client}),
                },
            )
        }
        AccountChange::CreateToken { user, name, token_hash, scopes, expires_at } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            let id = next_id(tx, "api_tokens").await?;
            sqlx::query(
                "INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, expires_at, revoked_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
            )
            .bind(id)
            .bind(user.0)
            .bind(name.as_str())
            .bind(token_hash.as_str())
            .bind(scopes.join(" "))
            .bind(at.as_str())
            .bind(expires_at.to_string())
            .execute(&mut **tx)
            .await?;
            (
                Some(id),
                Entry {
                    stream: user_stream(*user),
                    kind: "token.created",
                    body: json!({"user": user.0, "token": id, "name": name, "scopes": scopes, "expires_at": expires_at.to_string()}),
                },
            )
        }
        AccountChange::RevokeToken { user, token } => {
            let done = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
            )
            .bind(at.as_str())
            .bind(*token)
            .bind(user.0)
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(Err(AccountRefusal::NoSuchToken));
            }
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "token.revoked",
                    body: json!({"user": user.0, "token": token}),
                },
            )
        }
        AccountChange::Invite { email, name, language, roles, link_hash, expires_at, mail } => {
            let taken = sqlx::query("SELECT id FROM users WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
            if taken {
                return Ok(Err(AccountRefusal::EmailTaken));
            }
            let id = next_id(tx, "users").await?;
            sqlx::query(
                "INSERT INTO users (id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at) \
                 VALUES ($1, $2, $3, $4, 'Asia/Hong_Kong', NULL, 1, NULL, $5)",
            )
            .bind(id)
            .bind(email.as_str())
            .bind(name.as_str())
            .bind(language.as_str())
            .bind(at.as_str())
            .execute(&mut **tx)
            .await?;
            write_roles(tx, UserId(id), roles).await?;
            insert_link(tx, UserId(id), link_hash, LinkPurpose::Invitation, &at, *expires_at).await?;
            let outbox = queue_mail(tx, mail, &at).await?;
            (
                Some(id),
                Entry {
                    stream: user_stream(UserId(id)),
                    kind: "user.invited",
                    body: json!({"user": id, "email": email.as_str(), "display_name": name.as_str(),
                                 "roles": role_names(roles), "expires_at": expires_at.to_string(), "outbox": outbox}),
                },
            )
        }
        AccountChange::RequestReset { user, link_hash, expires_at, mail } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            insert_link(tx, *user, link_hash, LinkPurpose::Reset, &at, *expires_at).await?;
            let outbox = queue_mail(tx, mail, &at).await?;
            (
                None,
                Entry {
                    stream: user_stream(*user),
                    kind: "user.password_reset_requested",
                    body: json!({"user": user.0, "expires_at": expires_at.to_string(), "outbox": outbox}),
                },
            )
        }
        AccountChange::UseLink { link_hash, password_hash } => {
            let row = sqlx::query(
                "SELECT id, user_id, purpose, expires_at FROM links WHERE token_hash = $1 AND used_at IS NULL",
            )
            .bind(link_hash.as_str())
            .fetch_optional(&mut **tx)
            .await?;
            let Some(row) = row else { return Ok(Err(AccountRefusal::LinkNotValid)) };
            if parse_ts(&row.try_get::<String, _>("expires_at")?)? <= now {
                return Ok(Err(AccountRefusal::LinkNotValid));
            }
            let link: i64 = row.try_get("id")?;
            let user: i64 = row.try_get("user_id")?;
            let purpose: String = row.try_get("purpose")?;
            sqlx::query("UPDATE links SET used_at = $1 WHERE id = $2")
                .bind(at.as_str())
                .bind(link)
                .execute(&mut **tx)
                .await?;
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash.as_str())
                .bind(user)
                .execute(&mut **tx)
                .await?;
            end_sessions(tx, user, &at).await?;
            (
                Some(user),
                Entry {
                    stream: user_stream(UserId(user)),
                    kind: "user.password_set",
                    body: json!({"user": user, "via": purpose, "link": link}),
                },
            )
        }
        AccountChange::MailSent { outbox } => {
            // Once sent, the body (which may hold a one-time link) is no longer kept.
            let done = sqlx::query("UPDATE outbox SET sent_at = $1, body = '' WHERE id = $2 AND sent_at IS NULL")
                .bind(at.as_str())
                .bind(*outbox)
                .execute(&mut **tx)
                .await?;
            if done.rows_affected() == 0 {
                return Ok(Err(AccountRefusal::NoSuchMail));
            }
            (None, Entry { stream: "mail".into(), kind: "mail.sent", body: json!({"outbox": outbox}) })
        }
        AccountChange::CreateOrganization { organization } => {
            let id = next_id(tx, "organizations").await?;
            sqlx::query("INSERT INTO organizations (id, name, kind, state, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(organization.name())
                .bind(organization.kind().as_str())
                .bind(organization.state().map(|s| s.to_string()))
                .bind(at.as_str())
                .execute(&mut **tx)
                .await?;
            (
                Some(id),
                Entry {
                    stream: format!("organization/{id}"),
                    kind: "organization.created",
                    body: json!({"organization": id, "name": organization.name(), "kind": organization.kind().as_str(),
                                 "state": organization.state().map(|s| s.to_string())}),
                },
            )
        }
        AccountChange::AddMember { organization, user, authority } => {
            if let Err(r) = require_user(tx, *user).await? {
                return Ok(Err(r));
            }
            let exists = sqlx::query("SELECT id FROM organizations WHERE id = $1")
                .bind(*organization)
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_none() {
                return Ok(Err(AccountRefusal::NoSuchOrganization));
            }
            sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2")
                .bind(user.0)
                .bind(*organization)
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "INSERT INTO memberships (user_id, organization_id, document, granted_by, valid_from, valid_until) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(user.0)
            .bind(*organization)
            .bind(authority.document())
            .bind(authority.granted_by())
            .bind(authority.valid_from().to_string())
            .bind(authority.valid_until().map(|d| d.to_string()))
            .execute(&mut **tx)
            .await?;
            (
                None,
                Entry {
                    stream: format!("organization/{organization}"),
                    kind: "organization.member_added",
                    body: json!({"organization": organization, "user": user.0, "document": authority.document(),
                                 "granted_by": authority.granted_by(), "valid_from": authority.valid_from().to_string(),
                                 "valid_until": authority.valid_until().map(|d| d.to_string())}),
                },
            )
        }
        AccountChange::RemoveMember { organization, user } => {
            let done = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2")
                .bind(user.0)
                .bind(*organization)
                .execute(&mut **tx)
                .await?;
            if done.rows_affected() == 0 {
                return Ok(Err(AccountRefusal::NoSuchOrganization));
            }
            (
                None,
                Entry {
                    stream: format!("organization/{organization}"),
                    kind: "organization.member_removed",
                    body: json!({"organization": organization, "user": user.0}),
                },
            )
        }
        AccountChange::AccessRefused { user, method, path, reason } => (
            None,
            Entry {
                stream: "access".into(),
                kind: "access.refused",
                body: json!({"user": user.map(|u| u.0), "method": method, "path": path, "reason": reason}),
            },
        ),
    };
    Ok(Ok(outcome))
}

fn parse_ts(text: &str) -> Result<Timestamp, StoreError> {
    Timestamp::from_str(text).map_err(StoreError::corrupt)
}

async fn roles_of(pool: &sqlx::AnyPool, user: i64) -> Result<BTreeSet<Role>, StoreError> {
    let rows = sqlx::query("SELECT role FROM user_roles WHERE user_id = $1").bind(user).fetch_all(pool).await?;
    let mut roles = BTreeSet::new();
    for row in rows {
        let name: String = row.try_get("role")?;
        roles.insert(Role::parse(&name).ok_or_else(|| StoreError::corrupt(format!("unknown role {name}")))?);
    }
    Ok(roles)
}

async fn user_from(pool: &sqlx::AnyPool, row: &sqlx::any::AnyRow) -> Result<Credentials, StoreError> {
    let id: i64 = row.try_get("id")?;
    let password_hash: Option<String> = row.try_get("password_hash")?;
    let unlocked_at: Option<String> = row.try_get("unlocked_at")?;
    let active: i64 = row.try_get("active")?;
    Ok(Credentials {
        user: User {
            id: UserId(id),
            email: row.try_get("email")?,
            display_name: row.try_get("display_name")?,
            language: row.try_get("language")?,
            time_zone: row.try_get("time_zone")?,
            roles: roles_of(pool, id).await?,
            active: active != 0,
            has_password: password_hash.is_some(),
            unlocked_at: unlocked_at.as_deref().map(parse_ts).transpose()?,
            created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        },
        password_hash,
    })
}

impl crate::Store {
    /// Applies an account change through the writer: checked, written and recorded in the ledger
    /// in one transaction.
    pub async fn account(&self, actor: &str, change: AccountChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Account(change)).await
    }

    pub async fn credentials(&self, email: &Email) -> Result<Option<Credentials>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at \
             FROM users WHERE email = $1",
        )
        .bind(email.as_str())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(user_from(&self.pool, &row).await?)),
            None => Ok(None),
        }
    }

    pub async fn user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(
            "SELECT id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at \
             FROM users WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(row) => Ok(Some(user_from(&self.pool, &row).await?.user)),
            None => Ok(None),
        }
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at \
             FROM users ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in &rows {
            users.push(user_from(&self.pool, row).await?.user);
        }
        Ok(users)
    }

    /// The live session whose cookie hashes to `token_hash`, with its user, if the user is active.
    pub async fn session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        let row = sqlx::query(
            "SELECT id, user_id, csrf, expires_at, stage, second_factor_at FROM sessions \
             WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let expires_at = parse_ts(&row.try_get::<String, _>("expires_at")?)?;
        if expires_at <= self.now() {
            return Ok(None);
        }
        let Some(user) = self.user(UserId(row.try_get("user_id")?)).await? else { return Ok(None) };
        if !user.active {
            return Ok(None);
        }
        let stage: String = row.try_get("stage")?;
        let stage = Stage::parse(&stage).ok_or_else(|| StoreError::corrupt(format!("session stage {stage}")))?;
        let second_factor = row.try_get::<Option<String>, _>("second_factor_at")?.is_some();
        Ok(Some(Session { id: row.try_get("id")?, user, csrf: row.try_get("csrf")?, expires_at, stage, second_factor }))
    }

    /// Every organization with its members, by name.
    pub async fn organizations(&self) -> Result<Vec<Organization>, StoreError> {
        let rows =
            sqlx::query("SELECT id, name, kind, state FROM organizations ORDER BY name").fetch_all(&self.pool).await?;
        let members = sqlx::query(
            "SELECT m.organization_id, m.user_id, u.display_name, u.email, m.document, m.granted_by, m.valid_from, m.valid_until \
             FROM memberships m JOIN users u ON u.id = m.user_id ORDER BY u.display_name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let mut list = Vec::new();
            for m in members.iter().filter(|m| m.try_get::<i64, _>("organization_id").is_ok_and(|o| o == id)) {
                let from: String = m.try_get("valid_from")?;
                let until: Option<String> = m.try_get("valid_until")?;
                list.push(Member {
                    user: UserId(m.try_get("user_id")?),
                    name: m.try_get("display_name")?,
                    email: m.try_get("email")?,
                    document: m.try_get("document")?,
                    granted_by: m.try_get("granted_by")?,
                    valid_from: from.parse().map_err(StoreError::corrupt)?,
                    valid_until: until.map(|u| u.parse()).transpose().map_err(StoreError::corrupt)?,
                });
            }
            out.push(Organization {
                id,
                name: row.try_get("name")?,
                kind: row.try_get("kind")?,
                state: row.try_get("state")?,
                members: list,
            });
        }
        Ok(out)
    }

    /// A one-time link by its token's hash.
    pub async fn link(&self, token_hash: &str) -> Result<Option<Link>, StoreError> {
        let row = sqlx::query("SELECT user_id, purpose, expires_at, used_at FROM links WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let purpose: String = row.try_get("purpose")?;
        let used: Option<String> = row.try_get("used_at")?;
        Ok(Some(Link {
            user: UserId(row.try_get("user_id")?),
            purpose: if purpose == "reset" { LinkPurpose::Reset } else { LinkPurpose::Invitation },
            expires_at: parse_ts(&row.try_get::<String, _>("expires_at")?)?,
            used: used.is_some(),
        }))
    }

    /// E-mails waiting to be sent, oldest first.
    pub async fn pending_mail(&self) -> Result<Vec<(i64, OutgoingMail)>, StoreError> {
        let rows =
            sqlx::query("SELECT id, to_address, subject, body FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 50")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("id")?,
                    OutgoingMail {
                        to: r.try_get("to_address")?,
                        subject: r.try_get("subject")?,
                        body: r.try_get("body")?,
                    },
                ))
            })
            .collect()
    }

    /// The user's TOTP secret, confirmed or pending.
    pub async fn totp(&self, user: UserId) -> Result<Option<Totp>, StoreError> {
        let row = sqlx::query("SELECT secret, confirmed, last_step FROM totp WHERE user_id = $1")
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Ok(None),
            Some(row) => Ok(Some(Totp {
                secret: row.try_get("secret")?,
                confirmed: row.try_get::<i64, _>("confirmed")? != 0,
                last_step: row.try_get("last_step")?,
            })),
        }
    }

    /// How many unused recovery codes the user has.
    pub async fn recovery_codes_left(&self, user: UserId) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL")
            .bind(user.0)
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    pub async fn sessions_of(&self, user: UserId) -> Result<Vec<SessionInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, created_at, expires_at, user_agent, token_hash FROM sessions \
             WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id DESC",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        let now = self.now();
        let mut out = Vec::new();
        for row in rows {
            let expires_at = parse_ts(&row.try_get::<String, _>("expires_at")?)?;
            if expires_at > now {
                out.push(SessionInfo {
                    id: row.try_get("id")?,
                    created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
                    expires_at,
                    user_agent: row.try_get("user_agent")?,
                    token_hash: row.try_get("token_hash")?,
                });
            }
        }
        Ok(out)
    }

    /// The user of a live API token, and its scopes.
    pub async fn token_user(&self, token_hash: &str) -> Result<Option<(User, Vec<String>)>, StoreError> {
        let row = sqlx::query(
            "SELECT user_id, scopes, expires_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        if parse_ts(&row.try_get::<String, _>("expires_at")?)? <= self.now() {
            return Ok(None);
        }
        let Some(user) = self.user(UserId(row.try_get("user_id")?)).await? else { return Ok(None) };
        if !user.active {
            return Ok(None);
        }
        let scopes: String = row.try_get("scopes")?;
        Ok(Some((user, scopes.split_whitespace().map(str::to_owned).collect())))
    }

    pub async fn tokens_of(&self, user: UserId) -> Result<Vec<TokenInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC",
        )
        .bind(user.0)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for row in rows {
            let scopes: String = row.try_get("scopes")?;
            let revoked: Option<String> = row.try_get("revoked_at")?;
            out.push(TokenInfo {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                scopes: scopes.split_whitespace().map(str::to_owned).collect(),
                created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
                expires_at: parse_ts(&row.try_get::<String, _>("expires_at")?)?,
                revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
            });
        }
        Ok(out)
    }

    /// Times of sign-in failures for an e-mail address, and for a client address, since `since`.
    pub async fn failures_since(
        &self,
        email: &str,
        client: &str,
        since: Timestamp,
    ) -> Result<(Vec<Timestamp>, Vec<Timestamp>), StoreError> {
        let since = since.to_string();
        let by_email = sqlx::query("SELECT at FROM auth_failures WHERE email = $1 AND at >= $2")
            .bind(email)
            .bind(since.as_str())
            .fetch_all(&self.pool)
            .await?;
        let by_client = sqlx::query("SELECT at FROM auth_failures WHERE client = $1 AND at >= $2")
            .bind(client)
            .bind(since.as_str())
            .fetch_all(&self.pool)
            .await?;
        let times = |rows: Vec<sqlx::any::AnyRow>| -> Result<Vec<Timestamp>, StoreError> {
            rows.iter().map(|r| parse_ts(&r.try_get::<String, _>("at")?)).collect()
        };
        Ok((times(by_email)?, times(by_client)?))
    }
}

/// Hashes a password with Argon2id (OWASP parameters: 19 MiB, 2 passes). Slow on purpose: call it
/// from a blocking task.
pub fn hash_password(password: &NewPassword) -> Result<String, StoreError> {
    let hash: PasswordHash = Argon2::default()
        .hash_password(password.expose().as_bytes())
        .map_err(|e| StoreError::corrupt(format!("password hashing failed: {e}")))?;
    Ok(hash.to_string())
}

/// A hash of no one's password, verified against when there is no account, so that an unknown
/// e-mail address takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ANivV8XG/pfU3ton6kMwRw$a1iWpHSz/MQ8+fnvioRe4J2ReItr4rKTnxP2gE8bU38";

/// Checks a candidate against a stored hash, or against a dummy one when there is none, taking
/// the same time either way. Call it from a blocking task.
pub fn verify_password(stored: Option<&str>, candidate: &str) -> bool {
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY_HASH, false),
    };
    let Ok(parsed) = PasswordHash::new(hash) else { return false };
    Argon2::default().verify_password(candidate.as_bytes(), &parsed).is_ok() && real
}

/// A new secret for a cookie or a token: 32 random bytes, hex, and the BLAKE3 hash stored for it.
pub fn new_secret(prefix: &str) -> Result<(String, String), StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::corrupt(format!("random: {e}")))?;
    let secret = format!("{prefix}{}", hex::encode(bytes));
    let hash = secret_hash(&secret);
    Ok((secret, hash))
}

/// The stored form of a secret.
pub fn secret_hash(secret: &str) -> String {
    blake3::hash(secret.as_bytes()).to_hex().to_string()
}

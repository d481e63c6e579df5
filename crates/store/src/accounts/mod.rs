//! Accounts: users and their roles, sessions, API tokens and sign-in failures. Every change goes
//! through the writer as an [`AccountChange`] and is a ledger event; no password, code or token
//! ever reaches the ledger — only what identifies the account, session or token.

use std::collections::BTreeSet;
use std::str::FromStr;

use iomed_domain::access::UserId;
use iomed_domain::accounts::{DisplayName, Email, Role};
use iomed_domain::organizations::{Authority, NewOrganization};
use jiff::Timestamp;
use serde_json::Value;
use sqlx::{Any, Row, Transaction};

use crate::StoreError;

mod links;
mod organizations;
mod reads;
mod secrets;
mod sessions;
mod tokens;
mod users;

pub use secrets::{hash_password, new_secret, secret_hash, verify_password};

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

/// An e-mail waiting in the outbox. It carries no case content. With a notice, it tells someone
/// on a case of a change: the notice goes to their inbox, and the e-mail out only if they chose
/// e-mail for its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub notice: Option<crate::notifications::Notice>,
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

/// Writes the mail's notice, if it has one, and queues the e-mail unless its person chose none:
/// the outbox id, if it was queued.
pub(crate) async fn queue_mail(
    tx: &mut Transaction<'_, Any>,
    mail: &OutgoingMail,
    at: &str,
) -> Result<Option<i64>, StoreError> {
    if let Some(notice) = &mail.notice {
        crate::notifications::record(tx, at, notice).await?;
        if !notice.email.emails() {
            return Ok(None);
        }
    }
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
    Ok(Some(id))
}

/// [`queue_mail`] for a change that may have no mail to send.
pub(crate) async fn queue_mail_if_any(
    tx: &mut Transaction<'_, Any>,
    mail: Option<&OutgoingMail>,
    at: &str,
) -> Result<Option<i64>, StoreError> {
    match mail {
        Some(mail) => queue_mail(tx, mail, at).await,
        None => Ok(None),
    }
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
    /// `user` has seen these notifications of theirs.
    ReadNotifications {
        user: UserId,
        ids: Vec<i64>,
    },
    /// `user`'s daily digest for `cutoff` of these notifications, in `mail` (none when none of
    /// them may be listed to them any more).
    SendDigest {
        user: UserId,
        cutoff: Timestamp,
        ids: Vec<i64>,
        mail: Option<OutgoingMail>,
    },
    /// Whether each kind of notification is e-mailed to `user`.
    SetEmailChoices {
        user: UserId,
        choices: iomed_domain::notifications::EmailChoices,
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
    #[error("none of these notifications waits for a digest any more")]
    NothingToDigest,
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
            AccountRefusal::NothingToDigest => "nothing_to_digest",
        }
    }
}

/// What an accepted change created, if anything: a user, a session or a token id.
pub type Created = Option<i64>;

/// What applying one change gives: what it created and its ledger entry, or the refusal.
type Applied = Result<Result<(Created, Entry), AccountRefusal>, StoreError>;

/// The ledger entry for an applied change: stream, kind, body.
pub(crate) struct Entry {
    pub stream: String,
    pub kind: &'static str,
    pub body: Value,
}

fn parse_ts(text: &str) -> Result<Timestamp, StoreError> {
    Timestamp::from_str(text).map_err(StoreError::corrupt)
}

fn user_stream(user: UserId) -> String {
    format!("user/{}", user.0)
}

async fn next_id(tx: &mut Transaction<'_, Any>, table: &'static str) -> Result<i64, StoreError> {
    let sql = match table {
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
    match change {
        AccountChange::CreateUser { email, name, language, time_zone, roles, password_hash } => {
            users::create_user(tx, &at, email, name, language, time_zone, roles, password_hash).await
        }
        AccountChange::SetPassword { user, password_hash } => users::set_password(tx, *user, password_hash).await,
        AccountChange::SetPreferences { user, language, time_zone } => {
            users::set_preferences(tx, *user, language, time_zone).await
        }
        AccountChange::SetRoles { user, roles } => users::set_roles(tx, *user, roles).await,
        AccountChange::SetActive { user, active } => users::set_active(tx, &at, *user, *active).await,
        AccountChange::Unlock { user } => users::unlock(tx, &at, *user).await,
        AccountChange::ReadNotifications { user, ids } => crate::notifications::mark_read(tx, &at, *user, ids).await,
        AccountChange::SendDigest { user, cutoff, ids, mail } => {
            crate::notifications::send_digest(tx, &at, *user, *cutoff, ids, mail.as_ref()).await
        }
        AccountChange::SetEmailChoices { user, choices } => crate::notifications::set_choices(tx, *user, choices).await,
        AccountChange::StartSession { user, token_hash, csrf, expires_at, user_agent, stage, second_factor } => {
            sessions::start_session(tx, &at, *user, token_hash, csrf, *expires_at, user_agent, *stage, *second_factor)
                .await
        }
        AccountChange::BeginTotp { user, secret } => sessions::begin_totp(tx, *user, secret).await,
        AccountChange::ConfirmTotp { user, session, step, recovery_code_hashes } => {
            sessions::confirm_totp(tx, &at, *user, *session, *step, recovery_code_hashes).await
        }
        AccountChange::PassSecondFactor { user, session, step, recovery_code_hash } => {
            sessions::pass_second_factor(tx, &at, *user, *session, *step, recovery_code_hash).await
        }
        AccountChange::ResetSecondFactor { user } => sessions::reset_second_factor(tx, &at, *user).await,
        AccountChange::EndSession { user, session } => sessions::end_session(tx, &at, *user, *session).await,
        AccountChange::EndAllSessions { user } => sessions::end_all_sessions(tx, &at, *user).await,
        AccountChange::SignInFailed { email, client } => sessions::sign_in_failed(tx, &at, email, client).await,
        AccountChange::CreateToken { user, name, token_hash, scopes, expires_at } => {
            tokens::create_token(tx, &at, *user, name, token_hash, scopes, *expires_at).await
        }
        AccountChange::RevokeToken { user, token } => tokens::revoke_token(tx, &at, *user, *token).await,
        AccountChange::Invite { email, name, language, roles, link_hash, expires_at, mail } => {
            links::invite(tx, &at, email, name, language, roles, link_hash, *expires_at, mail).await
        }
        AccountChange::RequestReset { user, link_hash, expires_at, mail } => {
            links::request_reset(tx, &at, *user, link_hash, *expires_at, mail).await
        }
        AccountChange::UseLink { link_hash, password_hash } => {
            links::use_link(tx, &at, now, link_hash, password_hash).await
        }
        AccountChange::MailSent { outbox } => links::mail_sent(tx, &at, *outbox).await,
        AccountChange::CreateOrganization { organization } => {
            organizations::create_organization(tx, &at, organization).await
        }
        AccountChange::AddMember { organization, user, authority } => {
            organizations::add_member(tx, *organization, *user, authority).await
        }
        AccountChange::RemoveMember { organization, user } => {
            organizations::remove_member(tx, *organization, *user).await
        }
        AccountChange::AccessRefused { user, method, path, reason } => {
            sessions::access_refused(tx, *user, method, path, reason).await
        }
    }
}

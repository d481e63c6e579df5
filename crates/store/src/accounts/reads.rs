//! The store's account operations: reads, and changes sent through the writer.

use std::collections::BTreeSet;

use iomed_domain::access::UserId;
use iomed_domain::accounts::{Email, Role};
use jiff::Timestamp;
use sqlx::Row;

use super::{
    AccountChange, Credentials, Link, LinkPurpose, Member, Organization, OutgoingMail, Session, SessionInfo, Stage,
    TokenInfo, Totp, User, parse_ts,
};
use crate::StoreError;

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

    /// A page of the users, by e-mail address (the key: addresses are unique).
    pub async fn users_page(
        &self,
        seek: &crate::paging::Seek<String>,
    ) -> Result<crate::paging::Slice<User, String>, StoreError> {
        use crate::paging::Toward;
        let (filter, order) = match &seek.from {
            None => ("", "ASC"),
            Some((Toward::After, _)) => ("WHERE email > $1", "ASC"),
            Some((Toward::Before, _)) => ("WHERE email < $1", "DESC"),
        };
        let sql = format!(
            "SELECT id, email, display_name, language, time_zone, password_hash, active, unlocked_at, created_at \
             FROM users {filter} ORDER BY email {order} LIMIT {}",
            seek.fetch()
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some((_, key)) = &seek.from {
            query = query.bind(key.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut users = Vec::with_capacity(rows.len());
        for row in &rows {
            let user = user_from(&self.pool, row).await?.user;
            users.push((user.email.clone(), user));
        }
        Ok(crate::paging::Slice::of(users, seek))
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
        let rows = sqlx::query("SELECT id, name, kind, state FROM organizations ORDER BY name, id")
            .fetch_all(&self.pool)
            .await?;
        self.with_members(&rows).await
    }

    /// A page of the organizations with their members, by name (then id).
    pub async fn organizations_page(
        &self,
        seek: &crate::paging::Seek<(String, i64)>,
    ) -> Result<crate::paging::Slice<Organization, (String, i64)>, StoreError> {
        use crate::paging::Toward;
        let (filter, order) = match &seek.from {
            None => ("", "ASC"),
            Some((Toward::After, _)) => ("WHERE (name, id) > ($1, $2)", "ASC"),
            Some((Toward::Before, _)) => ("WHERE (name, id) < ($1, $2)", "DESC"),
        };
        let sql = format!(
            "SELECT id, name, kind, state FROM organizations {filter} ORDER BY name {order}, id {order} LIMIT {}",
            seek.fetch()
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some((_, (name, id))) = &seek.from {
            query = query.bind(name.clone()).bind(*id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let orgs = self.with_members(&rows).await?;
        let keyed = orgs.into_iter().map(|o| ((o.name.clone(), o.id), o)).collect();
        Ok(crate::paging::Slice::of(keyed, seek))
    }

    /// The organizations of `rows`, in their order, each with its members by name.
    async fn with_members(&self, rows: &[sqlx::any::AnyRow]) -> Result<Vec<Organization>, StoreError> {
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get("id")).collect::<Result<_, _>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT m.organization_id, m.user_id, u.display_name, u.email, m.document, m.granted_by, m.valid_from, m.valid_until \
             FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id IN ({}) ORDER BY u.display_name",
            marks.join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in &ids {
            query = query.bind(*id);
        }
        let members = query.fetch_all(&self.pool).await?;
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
                        notice: None,
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

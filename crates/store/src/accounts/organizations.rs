//! Organizations and who may act for them.

use iomed_domain::access::UserId;
use iomed_domain::organizations::{Authority, NewOrganization};
use serde_json::json;
use sqlx::{Any, Transaction};

use super::{AccountRefusal, Applied, Entry, next_id, require_user};

pub(super) async fn create_organization(
    tx: &mut Transaction<'_, Any>,
    at: &str,
    organization: &NewOrganization,
) -> Applied {
    let id = next_id(tx, "organizations").await?;
    sqlx::query("INSERT INTO organizations (id, name, kind, state, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(organization.name())
        .bind(organization.kind().as_str())
        .bind(organization.state().map(|s| s.to_string()))
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(Ok((
        Some(id),
        Entry {
            stream: format!("organization/{id}"),
            kind: "organization.created",
            body: json!({"organization": id, "name": organization.name(), "kind": organization.kind().as_str(),
                         "state": organization.state().map(|s| s.to_string())}),
        },
    )))
}

pub(super) async fn add_member(
    tx: &mut Transaction<'_, Any>,
    organization: i64,
    user: UserId,
    authority: &Authority,
) -> Applied {
    if let Err(r) = require_user(tx, user).await? {
        return Ok(Err(r));
    }
    let exists =
        sqlx::query("SELECT id FROM organizations WHERE id = $1").bind(organization).fetch_optional(&mut **tx).await?;
    if exists.is_none() {
        return Ok(Err(AccountRefusal::NoSuchOrganization));
    }
    sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2")
        .bind(user.0)
        .bind(organization)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO memberships (user_id, organization_id, document, granted_by, valid_from, valid_until) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user.0)
    .bind(organization)
    .bind(authority.document())
    .bind(authority.granted_by())
    .bind(authority.valid_from().to_string())
    .bind(authority.valid_until().map(|d| d.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(Ok((
        None,
        Entry {
            stream: format!("organization/{organization}"),
            kind: "organization.member_added",
            body: json!({"organization": organization, "user": user.0, "document": authority.document(),
                         "granted_by": authority.granted_by(), "valid_from": authority.valid_from().to_string(),
                         "valid_until": authority.valid_until().map(|d| d.to_string())}),
        },
    )))
}

pub(super) async fn remove_member(tx: &mut Transaction<'_, Any>, organization: i64, user: UserId) -> Applied {
    let done = sqlx::query("DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2")
        .bind(user.0)
        .bind(organization)
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(Err(AccountRefusal::NoSuchOrganization));
    }
    Ok(Ok((
        None,
        Entry {
            stream: format!("organization/{organization}"),
            kind: "organization.member_removed",
            body: json!({"organization": organization, "user": user.0}),
        },
    )))
}

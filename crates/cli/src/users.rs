//! `iomed user …` and `iomed token …`, and the demonstration accounts.

use std::collections::BTreeSet;
use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, anyhow};
use iomed_domain::accounts::{DisplayName, Email, NewPassword, Role};
use iomed_store::accounts::{AccountChange, hash_password, new_secret};
use iomed_store::{Store, StoreError};

use crate::{TokenCli, UserCli, open};

const CLI_ACTOR: &str = "operator:cli";

fn parse_roles(names: &[String]) -> anyhow::Result<BTreeSet<Role>> {
    names.iter().map(|n| Role::parse(n).ok_or_else(|| anyhow!("'{n}' is not a role"))).collect()
}

pub(crate) async fn user(command: UserCli) -> anyhow::Result<ExitCode> {
    match command {
        UserCli::Add { db, email, name, roles, password_stdin, language, time_zone } => {
            let email = Email::parse(&email)?;
            let name = DisplayName::parse(&name)?;
            let roles = parse_roles(&roles)?;
            let language = match language.as_str() {
                "en" | "zh-Hans" | "zh-Hant" | "fr" => language,
                other => return Err(anyhow!("'{other}' is not a language: use en, zh-Hans, zh-Hant or fr")),
            };
            jiff::tz::TimeZone::get(&time_zone).with_context(|| format!("'{time_zone}' is not a time zone"))?;
            let password_hash = if password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line).context("cannot read the password from standard input")?;
                let password = NewPassword::parse(line.trim_end_matches(['\n', '\r']), &email)?;
                Some(tokio::task::spawn_blocking(move || hash_password(&password)).await??)
            } else {
                None
            };
            let store = open(&db).await?;
            let result = store
                .account(
                    CLI_ACTOR,
                    AccountChange::CreateUser { email: email.clone(), name, language, time_zone, roles, password_hash },
                )
                .await;
            let checkpoint = store.checkpoint().await;
            store.close().await;
            match result {
                Ok(appended) => {
                    checkpoint?;
                    println!(
                        "created user {} ({email}) as ledger entry {}",
                        appended.created.unwrap_or(0),
                        appended.seq
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(StoreError::AccountRefused(r)) => {
                    eprintln!("refused ({}): {r}. Nothing was written.", r.code());
                    Ok(ExitCode::from(1))
                }
                Err(e) => Err(e.into()),
            }
        }
        UserCli::ResetMfa { db, email } => {
            let email = Email::parse(&email)?;
            let store = open(&db).await?;
            let result = async {
                let user =
                    store.credentials(&email).await?.ok_or_else(|| anyhow!("no user has the address {email}"))?.user;
                store.account(CLI_ACTOR, AccountChange::ResetSecondFactor { user: user.id }).await?;
                store.checkpoint().await?;
                anyhow::Ok(())
            }
            .await;
            store.close().await;
            result?;
            println!("the second factor of {email} was removed, their sessions ended and their API tokens revoked");
            Ok(ExitCode::SUCCESS)
        }
        UserCli::List { db } => {
            let store = open(&db).await?;
            let users = store.users().await;
            store.close().await;
            for u in users? {
                let roles: Vec<_> = u.roles.iter().map(Role::as_str).collect();
                println!(
                    "{:>4}  {:<36} {:<28} {}{}",
                    u.id.0,
                    u.email,
                    u.display_name,
                    if roles.is_empty() { "-".to_owned() } else { roles.join(",") },
                    if u.active { "" } else { "  (deactivated)" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub(crate) async fn token(command: TokenCli) -> anyhow::Result<ExitCode> {
    let TokenCli::Create { db, email, name, days } = command;
    if !(1..=365).contains(&days) {
        return Err(anyhow!("--days must be between 1 and 365"));
    }
    let email = Email::parse(&email)?;
    let store = open(&db).await?;
    let result = create_token(&store, &email, &name, days).await;
    store.close().await;
    let token = result?;
    println!("{token}");
    eprintln!("This token is shown once. Send it as: Authorization: Bearer <token>");
    Ok(ExitCode::SUCCESS)
}

async fn create_token(store: &Store, email: &Email, name: &str, days: i64) -> anyhow::Result<String> {
    let user = store.credentials(email).await?.ok_or_else(|| anyhow!("no user has the address {email}"))?.user;
    let (secret, hash) = new_secret("iomed_")?;
    let now = store.now();
    let expires_at = now.checked_add(jiff::SignedDuration::from_hours(24 * days))?;
    store
        .account(
            CLI_ACTOR,
            AccountChange::CreateToken {
                user: user.id,
                name: name.to_owned(),
                token_hash: hash,
                scopes: vec!["read".into(), "write".into()],
                expires_at,
            },
        )
        .await?;
    store.checkpoint().await?;
    Ok(secret)
}

/// The demonstration password of every demo account. Printed by `serve --demo`; never use the
/// demo data set for real work.
pub(crate) const DEMO_PASSWORD: &str = "harbour-lantern-demo";

/// Fictional people, one for each role.
const DEMO_USERS: [(&str, &str, Role); 11] = [
    ("sg@iomed.example", "Amara Osei", Role::SecretaryGeneral),
    ("dsg@iomed.example", "Lucía Ferreira", Role::DeputySecretaryGeneral),
    ("registrar@iomed.example", "Wen Jiahui", Role::Registrar),
    ("case.secretary@iomed.example", "Tomás Quispe", Role::CaseSecretary),
    ("finance@iomed.example", "Nadia Rahman", Role::FinanceOfficer),
    ("counsel@meridian-law.example", "Élodie Marchand", Role::Representative),
    ("respondent.counsel@harbour-chambers.example", "Priya Raman", Role::Representative),
    ("mediator@iomed.example", "Kwame Mensah", Role::Mediator),
    ("mediator2@iomed.example", "Inés Carvajal", Role::Mediator),
    ("council@iomed.example", "Siosaia Taufa", Role::CouncilRepresentative),
    ("council.alt@iomed.example", "Mariam Diallo", Role::CouncilAlternate),
];

/// Creates the demo accounts that do not exist yet; returns a line per account.
pub(crate) async fn demo_sign_ins(store: &Store) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    let mut hash: Option<String> = None;
    for (email, name, role) in DEMO_USERS {
        let email = Email::parse(email)?;
        if store.credentials(&email).await?.is_none() {
            let h = match &hash {
                Some(h) => h.clone(),
                None => {
                    let password = NewPassword::parse(DEMO_PASSWORD, &email)?;
                    let h = tokio::task::spawn_blocking(move || hash_password(&password)).await??;
                    hash = Some(h.clone());
                    h
                }
            };
            store
                .account(
                    "system:demo",
                    AccountChange::CreateUser {
                        email: email.clone(),
                        name: DisplayName::parse(name)?,
                        language: "en".into(),
                        time_zone: "Asia/Hong_Kong".into(),
                        roles: [role].into_iter().collect(),
                        password_hash: Some(h),
                    },
                )
                .await?;
        }
        lines.push(format!("{:<26} {email}", role.as_str()));
    }
    demo_organizations(store).await?;
    Ok(lines)
}

/// Fictional organizations, with the demo counsel acting for the law firm.
async fn demo_organizations(store: &Store) -> anyhow::Result<()> {
    if !store.organizations().await?.is_empty() {
        return Ok(());
    }
    use iomed_domain::organizations::{Authority, NewOrganization, OrganizationKind};
    let firm = NewOrganization::parse("Meridian Law LLP", OrganizationKind::LawFirm, None)?;
    let company = NewOrganization::parse("Sahel Solar Holdings Ltd", OrganizationKind::Company, None)?;
    let firm_id = store.account("system:demo", AccountChange::CreateOrganization { organization: firm }).await?.created;
    store.account("system:demo", AccountChange::CreateOrganization { organization: company }).await?;
    let counsel = store.credentials(&Email::parse("counsel@meridian-law.example")?).await?;
    if let (Some(firm_id), Some(counsel)) = (firm_id, counsel) {
        let authority = Authority::parse(
            "Letter of engagement and power of attorney (fictional)",
            "Managing partner, Meridian Law LLP",
            jiff::civil::date(2026, 1, 5),
            None,
        )?;
        store
            .account(
                "system:demo",
                AccountChange::AddMember { organization: firm_id, user: counsel.user.id, authority },
            )
            .await?;
    }
    Ok(())
}

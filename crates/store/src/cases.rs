//! Requests and cases: drafts as typed, filed requests, and the case projection. A case's domain
//! events live in the ledger stream `case/{id}`; the `cases` table is their projection for lists
//! and dashboards, rebuilt event by event in the writer's transaction.
//!
//! Reads of a case (page views, API reads) are recorded in the stream `case/{id}/access`.

use std::collections::HashMap;

use iomed_domain::access::{Standing, UserId};
use iomed_domain::accounts::Role;
use iomed_domain::case::{Case, CaseNumber, Command, Event, Refusal, Stage};
use iomed_domain::registry::Registry;
use iomed_domain::request::{Draft, Gap, Side};
use iomed_domain::rules::RulesProfile;
use iomed_domain::scope::{Assessment, ConsentBasis, assess};
use iomed_domain::seat::seat_date;
use jiff::Timestamp;
use jiff::civil::Date;
use serde_json::json;
use sqlx::{Any, AnyPool, Row, Transaction};

use crate::StoreError;
use crate::accounts::{AccountChange, Entry, OutgoingMail, queue_mail};

/// A change to requests or cases, decided in the writer.
#[derive(Debug, Clone)]
pub enum CaseChange {
    /// Creates a draft (`draft: None`) or replaces one the owner has not filed yet.
    SaveDraft { owner: UserId, id: Option<i64>, draft: Draft },
    /// Files a draft: it must be complete (W1). The other side's representative is added to the
    /// case (invited first, if they have no account) and told by e-mail.
    File { owner: UserId, id: i64, invitation: Invitation },
    /// A step in a case; the e-mails go out only if the step is taken.
    Step { case: i64, step: Step, mails: Vec<OutgoingMail> },
}

/// What the web layer prepares for the other side before filing: a one-time link (used only if
/// they have no account yet) and the e-mail for each case.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub link_hash: String,
    pub expires_at: Timestamp,
    pub language: String,
    /// For someone with no account: carries the link to set a password.
    pub mail_new: OutgoingMail,
    /// For someone with an account.
    pub mail_existing: OutgoingMail,
}

/// A step in a case, as asked. The writer turns it into a domain command against the case as it
/// is, with today's date at the seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    AcceptOffer,
    DeclineOffer,
    DeemRejection,
    MarkFeePaid,
    /// The number and the scope assessment at screening (E14) are the writer's.
    Register {
        council_rule: Option<String>,
    },
    Refuse {
        reasons: String,
    },
    Withdraw,
    AgreeMediators {
        number: u8,
    },
    DefaultMediators,
    Lapse,
    /// A side agrees to publication of the basic case information (W13).
    ConsentToPublication {
        side: Side,
    },
    /// A side proposes the number of mediators (W5).
    ProposeMediators {
        side: Side,
        number: u8,
    },
    /// A side asks to end the mediation (W16).
    RequestEnd {
        side: Side,
    },
    /// The Secretariat records the settlement filed as this joint document (W16, W17).
    RecordSettlement {
        document: i64,
    },
    /// A mediator declares no likelihood of agreement (W16).
    DeclareNoLikelihood,
}

impl Step {
    /// The automatic consequence of a passed time limit, as a step.
    pub fn automatic(command: &Command) -> Option<Step> {
        match command {
            Command::DeemRejection => Some(Step::DeemRejection),
            Command::DefaultMediators => Some(Step::DefaultMediators),
            Command::Lapse => Some(Step::Lapse),
            _ => None,
        }
    }
}

/// Why a request or case change was refused. Nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseRefusal {
    #[error("no such draft")]
    NoSuchDraft,
    #[error("no such case")]
    NoSuchCase,
    #[error("this request was already filed")]
    AlreadyFiled,
    #[error("the request is incomplete")]
    Incomplete(Vec<Gap>),
    #[error("the other side's representative cannot be yourself")]
    SameRepresentative,
    #[error("{0}")]
    Case(#[from] Refusal),
}

impl CaseRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            CaseRefusal::NoSuchDraft => "no_such_draft",
            CaseRefusal::NoSuchCase => "no_such_case",
            CaseRefusal::AlreadyFiled => "already_filed",
            CaseRefusal::Incomplete(_) => "incomplete",
            CaseRefusal::SameRepresentative => "same_representative",
            CaseRefusal::Case(r) => r.code(),
        }
    }
}

/// A draft as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftRow {
    pub id: i64,
    pub owner: UserId,
    pub draft: Draft,
    pub updated_at: Timestamp,
    /// The case it became, once filed.
    pub case: Option<i64>,
}

/// A case as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub title: String,
    pub category: String,
    pub filed_on: Date,
    /// The scope outcome at filing.
    pub scope: String,
    pub stage: String,
    pub closure: Option<String>,
    pub fee_paid: bool,
    pub number: Option<String>,
}

/// Someone on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub language: String,
    pub standing: Standing,
}

/// One entry of a case's procedural history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub event: Event,
}

fn standing_str(s: Standing) -> &'static str {
    match s {
        Standing::Party(Side::Requesting) => "requesting",
        Standing::Party(Side::Responding) => "responding",
        Standing::Mediator => "mediator",
    }
}

fn parse_standing(s: &str) -> Result<Standing, StoreError> {
    match s {
        "requesting" => Ok(Standing::Party(Side::Requesting)),
        "responding" => Ok(Standing::Party(Side::Responding)),
        "mediator" => Ok(Standing::Mediator),
        other => Err(StoreError::corrupt(format!("case standing '{other}'"))),
    }
}

pub(crate) fn case_stream(case: i64) -> String {
    format!("case/{case}")
}

/// The cases a batch has touched, as they stand within it.
pub(crate) type BatchCases = HashMap<i64, Case>;

pub(crate) async fn load_case(
    tx: &mut Transaction<'_, Any>,
    cases: &mut BatchCases,
    id: i64,
) -> Result<Option<Case>, StoreError> {
    if let Some(case) = cases.get(&id) {
        return Ok(Some(case.clone()));
    }
    let rows = sqlx::query("SELECT body FROM ledger WHERE stream = $1 ORDER BY seq")
        .bind(case_stream(id))
        .fetch_all(&mut **tx)
        .await?;
    let events = rows
        .iter()
        .map(|r| serde_json::from_str::<Event>(&r.try_get::<String, _>("body")?).map_err(StoreError::corrupt))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let case = Case::from_events(&events);
    if let Some(case) = &case {
        cases.insert(id, case.clone());
    }
    Ok(case)
}

async fn next_id(tx: &mut Transaction<'_, Any>, table: &'static str) -> Result<i64, StoreError> {
    let sql = match table {
        "cases" => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM cases",
        _ => "SELECT COALESCE(MAX(id), 0) + 1 AS n FROM requests",
    };
    Ok(sqlx::query(sql).fetch_one(&mut **tx).await?.try_get("n")?)
}

/// Updates the projection from a case as it now stands.
async fn project(tx: &mut Transaction<'_, Any>, id: i64, case: &Case, at: &str) -> Result<(), StoreError> {
    let (number, closure) = match case.stage() {
        Stage::Registered { number, .. } => (Some(*number), None),
        Stage::Closed { closure, .. } => (None, Some(closure.as_str())),
        _ => (None, None),
    };
    sqlx::query(
        "UPDATE cases SET stage = $1, closure = $2, fee_paid = $3, updated_at = $4, published = $5 WHERE id = $6",
    )
    .bind(case.stage_name())
    .bind(closure)
    .bind(i64::from(case.fee_paid()))
    .bind(at)
    .bind(i64::from(case.is_public()))
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if let Some(number) = number {
        sqlx::query("UPDATE cases SET number = $1, number_year = $2, number_seq = $3 WHERE id = $4")
            .bind(number.to_string())
            .bind(i64::from(number.year()))
            .bind(i64::from(number.seq()))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

pub(crate) async fn add_participant(
    tx: &mut Transaction<'_, Any>,
    case: i64,
    user: i64,
    standing: Standing,
    at: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO case_participants (case_id, user_id, standing, added_at) VALUES ($1, $2, $3, $4)")
        .bind(case)
        .bind(user)
        .bind(standing_str(standing))
        .bind(at)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The assessment of a filed request on `filed_on`, against the registry as it now stands.
pub fn assess_request(draft: &Draft, filed_on: Date, registry: &Registry) -> Option<Assessment> {
    draft.assess(filed_on, registry)
}

/// Checks and applies a change; returns what was created and the ledger entries, in order.
pub(crate) async fn apply(
    tx: &mut Transaction<'_, Any>,
    cases: &mut BatchCases,
    registry: &mut Option<Registry>,
    change: &CaseChange,
    now: Timestamp,
) -> Result<Result<(Option<i64>, Vec<Entry>), CaseRefusal>, StoreError> {
    let at = now.to_string();
    let today = seat_date(now);
    match change {
        CaseChange::SaveDraft { owner, id, draft } => {
            let content = serde_json::to_string(draft).map_err(StoreError::corrupt)?;
            let id = match id {
                None => {
                    let id = next_id(tx, "requests").await?;
                    sqlx::query(
                        "INSERT INTO requests (id, owner, content, created_at, updated_at, case_id) \
                         VALUES ($1, $2, $3, $4, $4, NULL)",
                    )
                    .bind(id)
                    .bind(owner.0)
                    .bind(content.as_str())
                    .bind(at.as_str())
                    .execute(&mut **tx)
                    .await?;
                    id
                }
                Some(id) => {
                    let row = sqlx::query("SELECT case_id FROM requests WHERE id = $1 AND owner = $2")
                        .bind(*id)
                        .bind(owner.0)
                        .fetch_optional(&mut **tx)
                        .await?;
                    match row {
                        None => return Ok(Err(CaseRefusal::NoSuchDraft)),
                        Some(r) if r.try_get::<Option<i64>, _>("case_id")?.is_some() => {
                            return Ok(Err(CaseRefusal::AlreadyFiled));
                        }
                        Some(_) => {}
                    }
                    sqlx::query("UPDATE requests SET content = $1, updated_at = $2 WHERE id = $3")
                        .bind(content.as_str())
                        .bind(at.as_str())
                        .bind(*id)
                        .execute(&mut **tx)
                        .await?;
                    *id
                }
            };
            // The ledger holds the draft's hash, not its content.
            let entry = Entry {
                stream: format!("request/{id}"),
                kind: "request.saved",
                body: json!({"request": id, "owner": owner.0, "content_hash": blake3::hash(content.as_bytes()).to_hex().as_str()}),
            };
            Ok(Ok((Some(id), vec![entry])))
        }
        CaseChange::File { owner, id, invitation } => {
            let row = sqlx::query("SELECT content, case_id FROM requests WHERE id = $1 AND owner = $2")
                .bind(*id)
                .bind(owner.0)
                .fetch_optional(&mut **tx)
                .await?;
            let Some(row) = row else { return Ok(Err(CaseRefusal::NoSuchDraft)) };
            if row.try_get::<Option<i64>, _>("case_id")?.is_some() {
                return Ok(Err(CaseRefusal::AlreadyFiled));
            }
            let content: String = row.try_get("content")?;
            let draft: Draft = serde_json::from_str(&content).map_err(StoreError::corrupt)?;
            let request = match draft.check() {
                Ok(r) => r,
                Err(gaps) => return Ok(Err(CaseRefusal::Incomplete(gaps))),
            };
            let owner_email: Option<String> = sqlx::query("SELECT email FROM users WHERE id = $1")
                .bind(owner.0)
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| r.try_get("email"))
                .transpose()?;
            if owner_email.as_deref().is_some_and(|e| request.names_as_other_side(e)) {
                return Ok(Err(CaseRefusal::SameRepresentative));
            }
            let registry = match registry {
                Some(r) => r,
                None => registry.insert(crate::registry::load(tx).await?),
            };
            let assessment = assess(&request.dispute(today), registry, &RulesProfile::in_force_on(today));
            let basis = match request.consent.basis {
                ConsentBasis::PriorAgreement => iomed_domain::case::Basis::PriorAgreement,
                ConsentBasis::Offer => iomed_domain::case::Basis::Offer,
            };
            let event = Case::file(today, basis, assessment.outcome);
            let Some(case) = Case::from_events([&event]) else {
                return Err(StoreError::corrupt("a filing did not make a case"));
            };
            let case_id = next_id(tx, "cases").await?;
            sqlx::query(
                "INSERT INTO cases (id, request_id, category, title, content, filed_on, scope, stage, closure, fee_paid, \
                 number, number_year, number_seq, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, 0, NULL, NULL, NULL, $9)",
            )
            .bind(case_id)
            .bind(*id)
            .bind(request.category.as_str())
            .bind(request.title())
            .bind(content.as_str())
            .bind(today.to_string())
            .bind(assessment.outcome.as_str())
            .bind(case.stage_name())
            .bind(at.as_str())
            .execute(&mut **tx)
            .await?;
            sqlx::query("UPDATE requests SET case_id = $1, updated_at = $2 WHERE id = $3")
                .bind(case_id)
                .bind(at.as_str())
                .bind(*id)
                .execute(&mut **tx)
                .await?;
            cases.insert(case_id, case);

            let mut body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
            if let Some(map) = body.as_object_mut() {
                map.insert("request".into(), json!(id));
                map.insert("content_hash".into(), json!(blake3::hash(content.as_bytes()).to_hex().as_str()));
            }
            let mut entries = vec![Entry { stream: case_stream(case_id), kind: event.kind(), body }];
            add_participant(tx, case_id, owner.0, Standing::Party(Side::Requesting), &at).await?;
            entries.push(Entry {
                stream: format!("{}/participants", case_stream(case_id)),
                kind: "case.participant_added",
                body: json!({"case": case_id, "user": owner.0, "standing": "requesting"}),
            });

            // The other side: an existing account, or an invitation to make one.
            let existing: Option<i64> = sqlx::query("SELECT id FROM users WHERE email = $1")
                .bind(request.other_side_email.as_str())
                .fetch_optional(&mut **tx)
                .await?
                .map(|r| r.try_get("id"))
                .transpose()?;
            let other = match existing {
                Some(user) => {
                    let outbox = queue_mail(tx, &invitation.mail_existing, &at).await?;
                    entries.push(Entry {
                        stream: format!("{}/notices", case_stream(case_id)),
                        kind: "case.notice_queued",
                        body: json!({"case": case_id, "user": user, "outbox": outbox, "about": "filed"}),
                    });
                    user
                }
                None => {
                    let invite = AccountChange::Invite {
                        email: request.other_side_email.clone(),
                        name: request.other_side_name.clone(),
                        language: invitation.language.clone(),
                        roles: [Role::Representative].into(),
                        link_hash: invitation.link_hash.clone(),
                        expires_at: invitation.expires_at,
                        mail: invitation.mail_new.clone(),
                    };
                    match crate::accounts::apply(tx, &invite, now).await? {
                        Ok((Some(user), entry)) => {
                            entries.push(entry);
                            user
                        }
                        _ => return Err(StoreError::corrupt("inviting the other side failed after its check")),
                    }
                }
            };
            add_participant(tx, case_id, other, Standing::Party(Side::Responding), &at).await?;
            entries.push(Entry {
                stream: format!("{}/participants", case_stream(case_id)),
                kind: "case.participant_added",
                body: json!({"case": case_id, "user": other, "standing": "responding"}),
            });
            Ok(Ok((Some(case_id), entries)))
        }
        CaseChange::Step { case: id, step, mails } => {
            let Some(mut case) = load_case(tx, cases, *id).await? else { return Ok(Err(CaseRefusal::NoSuchCase)) };
            let command = match step {
                Step::AcceptOffer => Command::AcceptOffer,
                Step::DeclineOffer => Command::DeclineOffer,
                Step::DeemRejection => Command::DeemRejection,
                Step::MarkFeePaid => Command::MarkFeePaid,
                Step::Refuse { reasons } => Command::Refuse { reasons: reasons.clone() },
                Step::Withdraw => Command::Withdraw,
                Step::AgreeMediators { number } => Command::AgreeMediators { number: *number },
                Step::DefaultMediators => Command::DefaultMediators,
                Step::Lapse => Command::Lapse,
                Step::ConsentToPublication { side } => Command::ConsentToPublication { side: *side },
                Step::ProposeMediators { side, number } => Command::ProposeMediators { side: *side, number: *number },
                Step::RequestEnd { side } => Command::RequestEnd { side: *side },
                Step::DeclareNoLikelihood => Command::DeclareNoLikelihood,
                Step::RecordSettlement { document } => {
                    // The domain decides whether what is filed under this number will do (W17).
                    let filed = crate::documents::filed_in(tx, *id, *document).await?;
                    Command::RecordSettlement { document: *document, filed }
                }
                Step::Register { council_rule } => {
                    // Screening re-runs the scope engine on the filing date against the registry
                    // as it now stands (E14): a declaration recorded since is taken into account.
                    let content: String = sqlx::query("SELECT content FROM cases WHERE id = $1")
                        .bind(*id)
                        .fetch_one(&mut **tx)
                        .await?
                        .try_get("content")?;
                    let draft: Draft = serde_json::from_str(&content).map_err(StoreError::corrupt)?;
                    let registry = match registry {
                        Some(r) => r,
                        None => registry.insert(crate::registry::load(tx).await?),
                    };
                    let scope = assess_request(&draft, case.filed_on(), registry)
                        .map(|a| a.outcome)
                        .ok_or_else(|| StoreError::corrupt("a filed request no longer parses"))?;
                    let year = today.year();
                    let seq: i64 =
                        sqlx::query("SELECT COALESCE(MAX(number_seq), 0) + 1 AS n FROM cases WHERE number_year = $1")
                            .bind(i64::from(year))
                            .fetch_one(&mut **tx)
                            .await?
                            .try_get("n")?;
                    let number = u32::try_from(seq)
                        .ok()
                        .and_then(|s| CaseNumber::new(year, s))
                        .ok_or(CaseRefusal::Case(Refusal::DateOutOfRange));
                    let number = match number {
                        Ok(n) => n,
                        Err(r) => return Ok(Err(r)),
                    };
                    Command::Register { number, scope, council_rule: council_rule.clone() }
                }
            };
            let rules = RulesProfile::in_force_on(case.filed_on());
            let event = match case.decide(command, today, &rules) {
                Ok(e) => e,
                Err(r) => return Ok(Err(CaseRefusal::Case(r))),
            };
            case.apply(&event);
            project(tx, *id, &case, &at).await?;
            cases.insert(*id, case);
            let body = serde_json::to_value(&event).map_err(StoreError::corrupt)?;
            let mut entries = vec![Entry { stream: case_stream(*id), kind: event.kind(), body }];
            for mail in mails {
                let outbox = queue_mail(tx, mail, &at).await?;
                entries.push(Entry {
                    stream: format!("{}/notices", case_stream(*id)),
                    kind: "case.notice_queued",
                    body: json!({"case": id, "outbox": outbox, "about": event.kind()}),
                });
            }
            Ok(Ok((None, entries)))
        }
    }
}

fn case_row(row: &sqlx::any::AnyRow) -> Result<CaseRow, StoreError> {
    Ok(CaseRow {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        category: row.try_get("category")?,
        filed_on: row.try_get::<String, _>("filed_on")?.parse().map_err(StoreError::corrupt)?,
        scope: row.try_get("scope")?,
        stage: row.try_get("stage")?,
        closure: row.try_get("closure")?,
        fee_paid: row.try_get::<i64, _>("fee_paid")? != 0,
        number: row.try_get("number")?,
    })
}

const CASE_COLUMNS: &str = "c.id, c.title, c.category, c.filed_on, c.scope, c.stage, c.closure, c.fee_paid, c.number";

async fn events_of(pool: &AnyPool, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
    let rows = sqlx::query("SELECT seq, at, actor, body FROM ledger WHERE stream = $1 ORDER BY seq")
        .bind(case_stream(id))
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(HistoryEntry {
                seq: r.try_get("seq")?,
                at: r.try_get::<String, _>("at")?.parse().map_err(StoreError::corrupt)?,
                actor: r.try_get("actor")?,
                event: serde_json::from_str(&r.try_get::<String, _>("body")?).map_err(StoreError::corrupt)?,
            })
        })
        .collect()
}

impl crate::Store {
    pub async fn case_change(&self, actor: &str, change: CaseChange) -> Result<crate::Appended, StoreError> {
        self.writer.submit(actor, crate::writer::Work::Case(change)).await
    }

    /// A draft, if `owner` has it.
    pub async fn draft(&self, owner: UserId, id: i64) -> Result<Option<DraftRow>, StoreError> {
        let row =
            sqlx::query("SELECT id, owner, content, updated_at, case_id FROM requests WHERE id = $1 AND owner = $2")
                .bind(id)
                .bind(owner.0)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|r| draft_row(&r)).transpose()
    }

    /// The drafts of `owner` not filed yet, newest first.
    pub async fn drafts_of(&self, owner: UserId) -> Result<Vec<DraftRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, owner, content, updated_at, case_id FROM requests \
             WHERE owner = $1 AND case_id IS NULL ORDER BY id DESC",
        )
        .bind(owner.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(draft_row).collect()
    }

    /// Whether case `id` exists (whoever may see it).
    pub async fn case_exists(&self, id: i64) -> Result<bool, StoreError> {
        Ok(sqlx::query("SELECT 1 AS one FROM cases WHERE id = $1").bind(id).fetch_optional(&self.pool).await?.is_some())
    }

    /// A case's row, from the projection (nothing rebuilt).
    pub async fn case_row(&self, id: i64) -> Result<Option<CaseRow>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(case_row).transpose()
    }

    /// A case's row and its state rebuilt from its events.
    pub async fn case(&self, id: i64) -> Result<Option<(CaseRow, Case, Draft)>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS}, c.content FROM cases c WHERE c.id = $1");
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(&self.pool).await? else {
            return Ok(None);
        };
        let draft = serde_json::from_str(&row.try_get::<String, _>("content")?).map_err(StoreError::corrupt)?;
        let events: Vec<Event> = events_of(&self.pool, id).await?.into_iter().map(|h| h.event).collect();
        let case = Case::from_events(&events).ok_or_else(|| StoreError::corrupt(format!("case {id} has no filing")))?;
        Ok(Some((case_row(&row)?, case, draft)))
    }

    /// The case's procedural history, oldest first.
    pub async fn case_history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        events_of(&self.pool, id).await
    }

    /// The user's standing in a case, if they are on it.
    pub async fn standing(&self, case: i64, user: UserId) -> Result<Option<Standing>, StoreError> {
        let row = sqlx::query("SELECT standing FROM case_participants WHERE case_id = $1 AND user_id = $2")
            .bind(case)
            .bind(user.0)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| parse_standing(&r.try_get::<String, _>("standing")?)).transpose()
    }

    pub async fn participants(&self, case: i64) -> Result<Vec<Participant>, StoreError> {
        let rows = sqlx::query(
            "SELECT p.user_id, p.standing, u.display_name, u.email, u.language FROM case_participants p \
             JOIN users u ON u.id = p.user_id WHERE p.case_id = $1 ORDER BY p.standing, u.display_name",
        )
        .bind(case)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Participant {
                    user: UserId(r.try_get("user_id")?),
                    name: r.try_get("display_name")?,
                    email: r.try_get("email")?,
                    language: r.try_get("language")?,
                    standing: parse_standing(&r.try_get::<String, _>("standing")?)?,
                })
            })
            .collect()
    }

    /// The cases a user is on, newest first.
    pub async fn cases_of(&self, user: UserId) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases c JOIN case_participants p ON p.case_id = c.id \
             WHERE p.user_id = $1 ORDER BY c.id DESC"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(user.0).fetch_all(&self.pool).await?;
        rows.iter().map(case_row).collect()
    }

    /// Every case, newest first: for the Secretariat.
    pub async fn all_cases(&self) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c ORDER BY c.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(case_row).collect()
    }

    /// Every case not closed, with its state: for deadlines and automatic consequences.
    /// The cases every side agreed to publish (W18), newest first: the public register.
    pub async fn public_cases(&self) -> Result<Vec<CaseRow>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.published = 1 ORDER BY c.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        rows.iter().map(case_row).collect()
    }

    pub async fn open_cases(&self) -> Result<Vec<(CaseRow, Case)>, StoreError> {
        let sql = format!("SELECT {CASE_COLUMNS} FROM cases c WHERE c.stage <> 'closed' ORDER BY c.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let row = case_row(row)?;
            let events: Vec<Event> = events_of(&self.pool, row.id).await?.into_iter().map(|h| h.event).collect();
            if let Some(case) = Case::from_events(&events) {
                out.push((row, case));
            }
        }
        Ok(out)
    }
}

fn draft_row(r: &sqlx::any::AnyRow) -> Result<DraftRow, StoreError> {
    Ok(DraftRow {
        id: r.try_get("id")?,
        owner: UserId(r.try_get("owner")?),
        draft: serde_json::from_str(&r.try_get::<String, _>("content")?).map_err(StoreError::corrupt)?,
        updated_at: r.try_get::<String, _>("updated_at")?.parse().map_err(StoreError::corrupt)?,
        case: r.try_get("case_id")?,
    })
}

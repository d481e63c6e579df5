//! The member-State registry through the API: every State with its IOMed status, one State, and
//! the signed head of the public ledger.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use iomed_domain::registry::{Founding, StateView, UnMembership};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use crate::kit::auth::{Auth, public};
use crate::kit::context::{Ctx, form_urlencoded_pairs};
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::state_code;
use crate::kit::problem::{Problem, problems};
use crate::kit::state::AppState;
use crate::kit::views::{Filters, Snapshot};

/// A State and its record under the IOMed Convention.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateDto {
    /// ISO 3166-1 alpha-3.
    pub code: String,
    /// The CLDR name in the negotiated language.
    pub name: String,
    /// `member` or `observer` (UN non-member observer State).
    pub un_membership: &'static str,
    /// `african`, `asia_pacific`, `eastern_european`, `latin_american_caribbean`,
    /// `western_european_others` or `none`.
    pub un_regional_group: &'static str,
    /// `non_signatory`, `signatory`, `contracting` (has consented to be bound) or `withdrawn`.
    pub status: &'static str,
    /// True when the State is a founding member, derived from its consent and the founding windows.
    pub founding_member: bool,
    /// `yes`, `no`, or `unknown` where a fact needed to decide is not on record.
    pub founding: &'static str,
    #[schema(format = Date)]
    pub signed_on: Option<String>,
    #[schema(format = Date)]
    pub consent_on: Option<String>,
    /// `ratification`, `acceptance`, `approval` or `accession`.
    pub consent_instrument: Option<&'static str>,
    /// The Convention is in force for the State from this date (computed from the rules).
    #[schema(format = Date)]
    pub in_force_on: Option<String>,
    pub declarations: Vec<DeclarationDto>,
    /// False where a source for a fact on record could not be verified.
    pub verified: bool,
    /// The Secretariat's notes on where each fact on record comes from and how reliable it is;
    /// empty for any other reader (the public reads `verified`).
    pub sources: Vec<String>,
}

/// A declaration excluding categories of dispute.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeclarationDto {
    pub number: u32,
    /// Subject-matter identifiers such as `territorial_sovereignty`.
    pub subjects: Vec<&'static str>,
    pub text: Option<String>,
    #[schema(format = Date)]
    pub made_on: String,
    #[schema(format = Date)]
    pub withdrawn_on: Option<String>,
    /// In force today.
    pub in_force: bool,
    pub verified: bool,
}

/// The head of the public ledger, signed by this server.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerHeadDto {
    /// The number of the last entry (0 for an empty ledger).
    pub seq: i64,
    /// BLAKE3 hash of the last entry, hex.
    pub hash: String,
    /// Ed25519 signature, hex (64 bytes), over: the 27 bytes `iomed ledger checkpoint v1\n`,
    /// `seq` as an unsigned 64-bit big-endian integer, and the 32 raw bytes of `hash`.
    pub signature: String,
    /// Ed25519 public key, hex (32 bytes).
    pub public_key: String,
    /// Always `hex`.
    pub encoding: &'static str,
}

/// Query of `GET /api/v1/states`.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatesQuery {
    /// Only States with this status: `non_signatory`, `signatory`, `contracting` or `withdrawn`.
    #[param(schema_with = crate::kit::schemas::registry_status)]
    pub status: Option<String>,
    /// Only States of this UN regional group.
    #[param(schema_with = crate::kit::schemas::regional_group)]
    pub group: Option<String>,
    /// Language of the names: `en`, `zh-Hans`, `zh-Hant` or `fr`.
    pub lang: Option<String>,
}

/// The State as the API shows it; `notes`: the reader may read the Secretariat's source notes.
pub(crate) fn state_dto(snapshot: &Snapshot, name: String, view: &StateView<'_>, notes: bool) -> StateDto {
    let record = view.record;
    let mut sources = Vec::new();
    if let Some(s) = &record.signature {
        sources.push(s.evidence.source().to_owned());
    }
    if let Some(c) = &record.consent {
        sources.push(c.evidence.source().to_owned());
    }
    for d in &record.declarations {
        sources.push(d.evidence.source().to_owned());
    }
    if let Some(d) = &record.denunciation {
        sources.push(d.evidence.source().to_owned());
    }
    sources.dedup();
    if !notes {
        sources.clear();
    }
    StateDto {
        code: view.un.code.to_string(),
        name,
        un_membership: match view.un.membership {
            UnMembership::Member => "member",
            UnMembership::Observer => "observer",
        },
        un_regional_group: view.un.group.as_str(),
        status: view.status.as_str(),
        founding_member: view.founding == Founding::Yes,
        founding: crate::kit::views::founding_key(view.founding),
        signed_on: view.signed_on.map(|d| d.to_string()),
        consent_on: view.consent_on.map(|d| d.to_string()),
        consent_instrument: record.consent.as_ref().map(|c| c.instrument.as_str()),
        in_force_on: view.in_force_on.map(|d| d.to_string()),
        declarations: record
            .declarations
            .iter()
            .map(|d| DeclarationDto {
                number: d.number,
                subjects: d.subjects.iter().map(|s| s.as_str()).collect(),
                text: d.text.clone(),
                made_on: d.made_on.to_string(),
                withdrawn_on: d.withdrawn_on.map(|w| w.to_string()),
                in_force: d.in_force_on(snapshot.today),
                verified: d.evidence.verified(),
            })
            .collect(),
        verified: view.verified,
        sources,
    }
}

/// Every UN member and observer State with its IOMed status, sorted by name.
#[utoipa::path(get, path = "/api/v1/states", tag = "registry", operation_id = "list_states",
    params(StatesQuery),
    responses((status = 200, description = "The States", body = [StateDto]), (status = 400, response = problems::BadRequest)))]
pub async fn list_states(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let notes = reads_source_notes(&auth);
    let pairs = query.as_deref().map(form_urlencoded_pairs).unwrap_or_default();
    let filters = Filters::parse(&pairs).map_err(|e| {
        WebError::bad_request("bad_query", Msg::new("error-detail").text("detail", e.message(&state.i18n, ctx.lang)))
    })?;
    let registry = state.registry().await?;
    let snapshot = Snapshot::new((*registry).clone(), state.store.now());
    let list: Vec<StateDto> = snapshot
        .states(&state.i18n, ctx.lang, filters)
        .into_iter()
        .map(|(name, view)| state_dto(&snapshot, name, &view, notes))
        .collect();
    Ok(ctx.finish(Json(list)))
}

/// One State, by ISO 3166-1 alpha-3 code (any letter case).
#[utoipa::path(get, path = "/api/v1/states/{code}", tag = "registry", operation_id = "get_state",
    params(("code" = String, Path, description = "ISO 3166-1 alpha-3, in any letter case, e.g. CHN")),
    responses((status = 200, description = "The State", body = StateDto),
        (status = 404, description = "`unknown_state`: not a UN member or observer State", body = Problem, content_type = "application/problem+json")))]
pub async fn get_state(
    State(state): State<AppState>,
    ctx: Ctx,
    auth: Auth,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let code = state_code(&code)?;
    let registry = state.registry().await?;
    let snapshot = Snapshot::new((*registry).clone(), state.store.now());
    let un = code.un().ok_or(WebError::fault("a parsed State code without UN data"))?;
    let view = snapshot.registry.view(un, snapshot.today, &snapshot.rules);
    let name = state.i18n.country(ctx.lang, un);
    Ok(ctx.finish(Json(state_dto(&snapshot, name, &view, reads_source_notes(&auth)))))
}

/// The ledger head, signed now with the server's Ed25519 key.
#[utoipa::path(get, path = "/api/v1/ledger/head", tag = "registry", operation_id = "ledger_head",
    responses((status = 200, description = "The signed head", body = LedgerHeadDto)))]
pub async fn ledger_head(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let signed = state.store.signed_head().await?;
    Ok(ctx.finish(Json(LedgerHeadDto {
        seq: signed.head.seq,
        hash: hex::encode(signed.head.hash),
        signature: hex::encode(signed.signature),
        public_key: hex::encode(signed.public_key),
        encoding: "hex",
    })))
}

/// A key that signs or signed the ledger's checkpoints, and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct SigningKeyDto {
    /// Ed25519 public key, hex (32 bytes).
    pub public_key: String,
    /// When it signed its first and its last checkpoint (`null` for a key not used yet).
    pub first_signed: Option<String>,
    pub last_signed: Option<String>,
    /// Whether the server signs with it now.
    pub current: bool,
    /// Its period: from the rotation that put it in use (`null` for the first key) until its last
    /// checkpoint, the one covering the rotation that ended it (`null` for the key in use). What it
    /// signed within this period verifies (`iomed verify`).
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
}

/// Every key that signed the ledger's checkpoints, in the order they were used, with this
/// server's own: a checkpoint, an export or a head signed before a rotation verifies with the key
/// of its time. A rotation is itself a ledger entry (`keys.signing_rotated`) signed by the old key.
#[utoipa::path(get, path = "/api/v1/ledger/keys", tag = "registry", operation_id = "ledger_keys",
    responses((status = 200, description = "The signing keys, oldest first (a short list: one page)", body = crate::kit::paging::Paged<SigningKeyDto>)))]
pub async fn ledger_keys(State(state): State<AppState>, ctx: Ctx, auth: Auth) -> Result<Response, WebError> {
    public(&state, &auth).await?;
    let items = state
        .store
        .signing_keys()
        .await?
        .into_iter()
        .map(|k| SigningKeyDto {
            public_key: k.public_key,
            first_signed: k.first_signed,
            last_signed: k.last_signed,
            current: k.current,
            valid_from: k.valid_from,
            valid_until: k.valid_until,
        })
        .collect();
    Ok(ctx.finish(Json(crate::kit::paging::Paged { items, next: None })))
}

/// Whether the reader may read the registry's internal source notes (the Secretariat). Answers
/// to a signed-in reader are never stored by a cache (`Cache-Control: no-store`).
pub(crate) fn reads_source_notes(auth: &Auth) -> bool {
    iomed_domain::access::can(
        &auth.actor(),
        iomed_domain::access::Action::ReadSourceNotes,
        iomed_domain::access::Resource::Public,
    )
    .is_ok()
}

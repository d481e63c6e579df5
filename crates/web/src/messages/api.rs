//! Messages through the API: a case's messages the caller may see, and sending one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iomed_domain::access::{Action, Resource};
use iomed_domain::documents::Audience;
use iomed_store::messages::MessageRow;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::kit::access::{case_standing, record_read, visible_messages, visible_messages_page};
use crate::kit::auth::{Auth, authorize, write_token};
use crate::kit::error::{Msg, WebError};
use crate::kit::forms::{Json as Body, Path, Query, tagged};
use crate::kit::paging::{PageParams, Paged};
use crate::kit::problem::problems;
use crate::kit::schemas::one_of;
use crate::kit::state::AppState;
use crate::messages::{BODY_MAX, check_body, mark_read, send};

/// A message, with who has read it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDto {
    pub id: i64,
    pub case: i64,
    /// The thread: `joint`, `caucus:requesting`, `caucus:responding`, `mediators`, `secretariat`,
    /// `side:requesting`, `side:responding`.
    pub audience: String,
    pub author: String,
    pub sent_at: String,
    pub body: String,
    /// Documents filed with it, in the same audience.
    pub attachments: Vec<i64>,
    /// The names of those who have read it.
    pub read_by: Vec<String>,
}

/// A message to send, by its `audience`: a side's caucus and a side's own thread take `party`,
/// the other audiences none.
#[derive(Debug, ToSchema)]
#[serde(untagged)]
#[schema(discriminator(property_name = "audience", mapping(
    ("joint" = "#/components/schemas/ThreadMessage"),
    ("mediators" = "#/components/schemas/ThreadMessage"),
    ("secretariat" = "#/components/schemas/ThreadMessage"),
    ("caucus" = "#/components/schemas/SideMessage"),
    ("side" = "#/components/schemas/SideMessage"))))]
pub enum NewMessage {
    Thread(ThreadMessage),
    Side(SideMessage),
}

impl<'de> Deserialize<'de> for NewMessage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tagged(deserializer, "audience", &Audience::KINDS, |audience, value| match audience {
            "caucus" | "side" => serde_json::from_value(value).map(NewMessage::Side),
            _ => serde_json::from_value(value).map(NewMessage::Thread),
        })
    }
}

/// A message to the joint thread, the mediators' or the Secretariat's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreadMessage {
    /// `joint`, `mediators` or `secretariat`.
    #[schema(schema_with = thread_audience)]
    pub audience: String,
    /// Empty, or left out: these audiences take no side.
    #[serde(default)]
    #[schema(schema_with = no_party)]
    pub party: String,
    /// The text: something besides spaces, at most 20,000 characters.
    #[schema(schema_with = message_body)]
    pub body: String,
    /// Documents already filed in this case with the same audience.
    #[serde(default)]
    pub attachments: Vec<i64>,
}

/// A message to a side's caucus with the mediators, or to a side alone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SideMessage {
    /// `caucus` or `side`.
    #[schema(schema_with = side_audience)]
    pub audience: String,
    /// `requesting` or `responding`.
    #[schema(schema_with = party)]
    pub party: String,
    /// The text: something besides spaces, at most 20,000 characters.
    #[schema(schema_with = message_body)]
    pub body: String,
    /// Documents already filed in this case with the same audience.
    #[serde(default)]
    pub attachments: Vec<i64>,
}

impl NewMessage {
    /// The audience named, the text and the attachments.
    fn into_parts(self) -> (String, String, String, Vec<i64>) {
        match self {
            NewMessage::Thread(m) => (m.audience, m.party, m.body, m.attachments),
            NewMessage::Side(m) => (m.audience, m.party, m.body, m.attachments),
        }
    }
}

fn thread_audience() -> ObjectBuilder {
    one_of(["joint", "mediators", "secretariat"])
}

fn side_audience() -> ObjectBuilder {
    one_of(["caucus", "side"])
}

fn no_party() -> ObjectBuilder {
    one_of([""])
}

fn party() -> ObjectBuilder {
    one_of(["requesting", "responding"])
}

fn message_body() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some(r"\S")).max_length(Some(BODY_MAX))
}

fn dto((m, body): &(MessageRow, String)) -> MessageDto {
    MessageDto {
        id: m.id,
        case: m.case,
        audience: m.audience.key(),
        author: m.author_name.clone(),
        sent_at: m.sent_at.to_string(),
        body: body.clone(),
        attachments: m.attachments.clone(),
        read_by: m.read_by.iter().map(|(_, n)| n.clone()).collect(),
    }
}

/// The messages of the case the caller may see, oldest first, a page at a time; they are marked
/// read by the caller. Threads outside the caller's audiences are not listed or counted.
#[utoipa::path(get, path = "/api/v1/cases/{id}/messages", tag = "messages", operation_id = "list_messages",
    params(("id" = i64, Path, description = "The case's id"), PageParams),
    responses((status = 200, description = "A page of the messages", body = Paged<MessageDto>), (status = 400, response = problems::BadRequest),
        (status = 403, response = problems::Forbidden), (status = 404, response = problems::NotFound)),
    security(("bearer" = [])))]
pub async fn api_list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(page): Query<PageParams>,
) -> Result<Json<Paged<MessageDto>>, WebError> {
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let list = format!("api/cases/{id}/messages");
    let seek = page.seek(&state.cursors, &list)?;
    record_read(&state, &auth, id, "api-messages", serde_json::json!({})).await;
    let messages = visible_messages_page(&state, &auth, id, standing, &seek).await?;
    let rows: Vec<&MessageRow> = messages.items.iter().map(|(m, _)| m).collect();
    mark_read(&state, &auth, &rows).await?;
    Ok(Json(Paged::of(&state.cursors, &list, messages, |m| dto(&m))?))
}

/// Sends a message to one audience of the case; everyone else in it gets an e-mail notice
/// without its content.
#[utoipa::path(post, path = "/api/v1/cases/{id}/messages", tag = "messages", operation_id = "send_message",
    params(("id" = i64, Path, description = "The case's id")),
    request_body(content = NewMessage, content_type = "application/json"),
    responses((status = 201, description = "The message sent", body = MessageDto),
        (status = 400, response = problems::BadRequest), (status = 403, response = problems::Forbidden),
        (status = 404, response = problems::NotFound), (status = 409, response = problems::Conflict),
        (status = 413, response = problems::TooLarge), (status = 415, response = problems::UnsupportedMediaType),
        (status = 422, response = problems::Unprocessable)),
    security(("bearer" = [])))]
pub async fn api_send(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    body: Body<NewMessage>,
) -> Result<Response, WebError> {
    write_token(&auth)?;
    let standing = case_standing(&state, &auth, id, Action::ReadCase).await?;
    let (audience, party, text, attachments) = body.parse()?.into_parts();
    let audience = Audience::parse(&audience, &party)
        .map_err(|_| WebError::unprocessable("unknown_audience", Msg::new("message-error-unknown-audience")))?;
    authorize(&state, &auth, Action::FileDocument(audience), Resource::Case(standing)).await?;
    let text = check_body(&text)?.to_owned();
    let message = send(&state, &auth, id, audience, &text, attachments, Vec::new()).await?;
    let all = visible_messages(&state, &auth, id, standing).await?;
    let found = all.iter().find(|(m, _)| m.id == message).ok_or(WebError::fault("a sent message vanished"))?;
    Ok((StatusCode::CREATED, Json(dto(found))).into_response())
}

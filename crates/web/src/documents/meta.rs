//! The `meta` part of a filing through the API, as the document describes it: a JSON object
//! whose fields depend on its `audience` (a side's caucus and a side's own thread take `party`)
//! and on whether it is a translation (then `translation_of` and `translated_by` together). It
//! is read into the domain's `MetaDraft`, which checks the rest (a title of what it says, a
//! language tag) exactly as the schema says it.

use iomed_domain::documents::{Audience, DocumentType, MetaDraft, TITLE_MAX};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::schema::{ObjectBuilder, Type};

use crate::kit::schemas::one_of;

/// What a filing says about its document: one of four shapes, by its `audience` (with `party`
/// or without) and whether it is a translation (with `translation_of` and `translated_by`).
#[derive(Debug, ToSchema)]
#[serde(untagged)]
pub enum UploadMeta {
    Thread(ThreadMeta),
    Side(SideMeta),
    ThreadTranslation(ThreadTranslationMeta),
    SideTranslation(SideTranslationMeta),
}

impl<'de> Deserialize<'de> for UploadMeta {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::kit::forms::tagged(deserializer, "audience", &Audience::KINDS, |audience, value| {
            let translation = value.get("translation_of").is_some() || value.get("translated_by").is_some();
            match (audience, translation) {
                ("caucus" | "side", false) => serde_json::from_value(value).map(UploadMeta::Side),
                ("caucus" | "side", true) => serde_json::from_value(value).map(UploadMeta::SideTranslation),
                (_, false) => serde_json::from_value(value).map(UploadMeta::Thread),
                (_, true) => serde_json::from_value(value).map(UploadMeta::ThreadTranslation),
            }
        })
    }
}

/// The four shapes share their first fields; a translation adds its own.
macro_rules! meta_shape {
    ($(#[$doc:meta])* $name:ident, $audience:ident, [$($party:tt)*], [$($translation:tt)*]) => {
        $(#[$doc])*
        #[derive(Debug, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// At most 300 characters, with something besides spaces and no control characters.
            #[schema(schema_with = title)]
            pub title: String,
            #[serde(rename = "type")]
            #[schema(schema_with = document_type)]
            pub kind: String,
            /// A BCP 47 language tag: `en`, `fr`, `zh-Hans`, …
            #[schema(schema_with = language)]
            pub language: String,
            #[schema(schema_with = $audience)]
            pub audience: String,
            $($party)*
            /// The document this is a new version of, in the same audience; left out for none.
            #[serde(default, deserialize_with = "present_document")]
            #[schema(schema_with = document_id)]
            pub replaces: Option<i64>,
            $($translation)*
        }
    };
}

meta_shape!(
    /// A document for the joint file, the mediators' or the Secretariat's.
    ThreadMeta, thread_audience,
    [
        /// Empty, or left out: these audiences take no side.
        #[serde(default)]
        #[schema(schema_with = no_party)]
        pub party: String,
    ],
    []
);

meta_shape!(
    /// A document for a side's caucus with the mediators, or for a side alone.
    SideMeta, side_audience,
    [
        #[schema(schema_with = party)]
        pub party: String,
    ],
    []
);

meta_shape!(
    /// A translation for the joint file, the mediators' or the Secretariat's.
    ThreadTranslationMeta, thread_audience,
    [
        /// Empty, or left out: these audiences take no side.
        #[serde(default)]
        #[schema(schema_with = no_party)]
        pub party: String,
    ],
    [
        /// The document translated.
        pub translation_of: i64,
        #[schema(schema_with = translated_by)]
        pub translated_by: String,
        /// Whether the translation is authentic.
        #[serde(default)]
        pub translation_authentic: bool,
        /// Whether a person reviewed it.
        #[serde(default)]
        pub translation_reviewed: bool,
    ]
);

meta_shape!(
    /// A translation for a side's caucus or a side alone.
    SideTranslationMeta, side_audience,
    [
        #[schema(schema_with = party)]
        pub party: String,
    ],
    [
        /// The document translated.
        pub translation_of: i64,
        #[schema(schema_with = translated_by)]
        pub translated_by: String,
        /// Whether the translation is authentic.
        #[serde(default)]
        pub translation_authentic: bool,
        /// Whether a person reviewed it.
        #[serde(default)]
        pub translation_reviewed: bool,
    ]
);

impl From<UploadMeta> for MetaDraft {
    fn from(meta: UploadMeta) -> MetaDraft {
        let draft = |title, kind, language, audience, party, replaces| MetaDraft {
            title,
            kind,
            language,
            audience,
            party,
            replaces,
            ..MetaDraft::default()
        };
        match meta {
            UploadMeta::Thread(m) => draft(m.title, m.kind, m.language, m.audience, m.party, m.replaces),
            UploadMeta::Side(m) => draft(m.title, m.kind, m.language, m.audience, m.party, m.replaces),
            UploadMeta::ThreadTranslation(m) => MetaDraft {
                translation_of: Some(m.translation_of),
                translated_by: m.translated_by,
                translation_authentic: m.translation_authentic,
                translation_reviewed: m.translation_reviewed,
                ..draft(m.title, m.kind, m.language, m.audience, m.party, m.replaces)
            },
            UploadMeta::SideTranslation(m) => MetaDraft {
                translation_of: Some(m.translation_of),
                translated_by: m.translated_by,
                translation_authentic: m.translation_authentic,
                translation_reviewed: m.translation_reviewed,
                ..draft(m.title, m.kind, m.language, m.audience, m.party, m.replaces)
            },
        }
    }
}

/// Characters a title may not hold (control characters), and those that do not count as saying
/// something (bidirectional controls, which are removed).
const CONTROLS: &str = r"\u0000-\u001f\u007f-\u009f";
const BIDI: &str = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069";

/// A document's id. A field that takes one is left out for none; a `null` is refused, as the
/// schema says (an absent field is `None` by `serde(default)`).
fn document_id() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
        .description(Some("The document this is a new version of, in the same audience; left out for none."))
}

fn present_document<'de, D: serde::Deserializer<'de>>(value: D) -> Result<Option<i64>, D::Error> {
    <i64 as Deserialize>::deserialize(value).map(Some)
}

fn title() -> ObjectBuilder {
    let pattern = format!(r"^[^{CONTROLS}]*[^\s{CONTROLS}{BIDI}][^{CONTROLS}]*$");
    ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern)).max_length(Some(TITLE_MAX))
}

fn document_type() -> ObjectBuilder {
    one_of(DocumentType::ALL.iter().map(|t| t.as_str()))
}

fn language() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))
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

fn translated_by() -> ObjectBuilder {
    one_of(["human", "machine"])
}

//! Schemas of the OpenAPI document drawn from the domain's own lists (the UN States, the
//! categories, subjects), so that the document names exactly the values the
//! handlers take: a value the schema admits is never refused as malformed, and one it does not
//! admit always is. Each function is a `schema_with` for a field typed as a plain string.

use iomed_domain::registry::Subject;
use iomed_domain::registry::un_states;
use iomed_domain::scope::Category;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, SchemaType, Type,
};

/// A string that is one of `values`.
pub fn one_of<'a>(values: impl IntoIterator<Item = &'a str>) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(values.into_iter().map(str::to_owned)))
}

/// A UN member or observer State: ISO 3166-1 alpha-3.
pub fn state_code() -> ObjectBuilder {
    one_of(un_states().iter().map(|s| s.code.as_str()))
        .description(Some("ISO 3166-1 alpha-3 of a UN member or observer State"))
}

/// Several States.
pub fn state_codes() -> ArrayBuilder {
    ArrayBuilder::new().items(state_code())
}

pub fn category() -> ObjectBuilder {
    one_of(Category::ALL.iter().map(|c| c.as_str()))
}

pub fn subjects() -> ArrayBuilder {
    ArrayBuilder::new().items(one_of(Subject::ALL.iter().map(|s| s.as_str())))
}

/// A filter on a case's stage (empty: none).
pub fn stage_filter() -> ObjectBuilder {
    one_of(std::iter::once("").chain(iomed_domain::case::StageName::ALL.iter().map(|s| s.as_str())))
}

/// A filter on what a case waits on (empty: none).
pub fn waiting_filter() -> ObjectBuilder {
    one_of(std::iter::once("").chain(iomed_domain::case::Waiting::ALL.iter().map(|w| w.as_str())))
}

/// A filter on a case's officer: `me`, `none`, or an officer's user id (empty: anyone's).
pub fn officer_filter() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some("^(|me|none|[1-9][0-9]{0,17})$"))
}

/// A filter on a case's category (empty: none).
pub fn category_filter() -> ObjectBuilder {
    one_of(std::iter::once("").chain(Category::ALL.iter().map(|c| c.as_str())))
}

pub fn consent_basis() -> ObjectBuilder {
    one_of(["prior_agreement", "offer"])
}

/// A filter on a State's status under the Convention (empty: none).
pub fn registry_status() -> ObjectBuilder {
    one_of(std::iter::once("").chain(iomed_domain::registry::Status::ALL.iter().map(|s| s.as_str())))
}

/// A filter on a UN regional group (empty: none).
pub fn regional_group() -> ObjectBuilder {
    one_of(std::iter::once("").chain(iomed_domain::registry::UnRegionalGroup::ALL.iter().map(|g| g.as_str())))
}

/// `grant` or `refuse`.
pub fn share_answer() -> ObjectBuilder {
    one_of(["grant", "refuse"])
}

/// `accept` or `decline`.
pub fn appointment_answer() -> ObjectBuilder {
    one_of(["accept", "decline"])
}

/// A string or null, any.
fn any_text_or_null() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
}

/// Any strings.
fn any_texts() -> ArrayBuilder {
    ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String))
}

/// A place of business: null, empty, or a State.
fn place_of_business() -> OneOfBuilder {
    OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(one_of(std::iter::once("").chain(un_states().iter().map(|s| s.code.as_str()))))
}

/// The parties of the scope check, each by its `kind`: a `state` names its State; an
/// `organization` its name; a `company` or a `person` its name, nationalities and place of
/// business. Fields a kind does not take are read as text and ignored.
pub fn scope_parties() -> ArrayBuilder {
    let party = |kinds: &[&str], state: RefOr<Schema>, nationalities: RefOr<Schema>, place: RefOr<Schema>| {
        let mut object = ObjectBuilder::new()
            .property("kind", one_of(kinds.iter().copied()))
            .required("kind")
            .property("state", state)
            .property("name", any_text_or_null())
            .property("nationalities", nationalities)
            .property("place_of_business", place)
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        if kinds == ["state"] {
            object = object.required("state");
        }
        object
    };
    let text: fn() -> RefOr<Schema> = || any_text_or_null().into();
    ArrayBuilder::new().items(
        OneOfBuilder::new()
            .item(party(&["state"], state_code().into(), any_texts().into(), text()))
            .item(party(&["organization"], text(), any_texts().into(), text()))
            .item(party(&["company", "person"], text(), state_codes().into(), place_of_business().into())),
    )
}

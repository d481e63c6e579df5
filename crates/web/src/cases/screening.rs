//! Screening on the case page (W4): the Secretariat's checklist of what registration needs, each
//! item's state and the document that meets it, and the message that names every missing item
//! at once when registration is asked too early. The domain decides; this only shows.

use fluent_bundle::FluentValue;
use iomed_domain::case::{Case, Check, ScreeningItem};
use iomed_domain::request::Draft;
use iomed_store::documents::DocumentRow;

use crate::kit::error::WebError;
use crate::kit::i18n::{I18n, Lang};
use crate::kit::state::AppState;
use crate::kit::views::document_ref;

/// One line of the checklist, as shown.
pub struct CheckRow {
    /// The item's stable name, for its anchor.
    pub code: &'static str,
    pub label: String,
    pub met: bool,
    /// What meets it, or that it is missing, in words.
    pub state: String,
    /// The document that meets it: its id and its reference in the case file.
    pub document: Option<(i64, String)>,
}

fn label(i18n: &I18n, lang: Lang, item: ScreeningItem) -> String {
    i18n.message(lang, &format!("screening-item-{}", item.code().replace('_', "-")), &[])
}

/// The sentence that lists every missing item, in the reader's language.
pub fn missing_text(i18n: &I18n, lang: Lang, missing: &[ScreeningItem]) -> String {
    let items: Vec<String> = missing.iter().map(|m| label(i18n, lang, *m)).collect();
    let separator = i18n.message(lang, "list-separator", &[]);
    i18n.message(lang, "screening-refused-lead", &[("names", FluentValue::from(items.join(&separator)))])
}

/// The checklist of case `id` as its file stands now, with the scope as the engine assesses
/// the request against today's registry (E14); `visible` gives each document's reference.
pub async fn checklist(
    state: &AppState,
    lang: Lang,
    id: i64,
    (case, draft): (&Case, &Draft),
    visible: &[DocumentRow],
) -> Result<Vec<CheckRow>, WebError> {
    let checks = checks(state, id, (case, draft), None).await?;
    let i18n = &state.i18n;
    Ok(checks
        .into_iter()
        .map(|c| {
            let document = c
                .document
                .and_then(|d| visible.iter().find(|v| v.id == d))
                .map(|d| (d.id, format!("{} — {}", document_ref(i18n, lang, d.audience, d.number), d.title)));
            let state = match (c.item, c.met) {
                (ScreeningItem::Consent, true) if document.is_none() => "screening-consent-by-offer",
                (ScreeningItem::LodgingFee, true) => "screening-fee-recorded",
                (ScreeningItem::Scope, true) => "screening-scope-met",
                (ScreeningItem::CouncilRule, true) => "screening-rule-named",
                (_, true) => "screening-on-file",
                (ScreeningItem::CouncilRule, false) => "screening-rule-to-name",
                (_, false) => "screening-missing",
            };
            CheckRow {
                code: c.item.code(),
                label: label(i18n, lang, c.item),
                met: c.met,
                state: i18n.message(lang, state, &[]),
                document,
            }
        })
        .collect())
}

/// The domain's checklist for case `id`, with `council_rule` as the registrar typed it.
pub async fn checks(
    state: &AppState,
    id: i64,
    (case, draft): (&Case, &Draft),
    council_rule: Option<&str>,
) -> Result<Vec<Check>, WebError> {
    let registry = state.registry().await?;
    let Some(scope) = draft.assess(case.filed_on(), &registry).map(|a| a.outcome) else {
        return Err(WebError::fault("a filed request no longer parses"));
    };
    let file = state.store.screening_file(id).await?;
    Ok(case.screening(&file, scope, council_rule))
}

/// The items screening misses for case `id` now, if it awaits screening and misses any.
pub async fn missing_now(
    state: &AppState,
    id: i64,
    council_rule: &str,
) -> Result<Option<Vec<iomed_domain::case::ScreeningItem>>, WebError> {
    let (_, case, draft) = state.store.case(id).await?.ok_or(WebError::NotFound)?;
    if !matches!(case.stage(), iomed_domain::case::Stage::AwaitingScreening) {
        return Ok(None);
    }
    let rule = Some(council_rule.trim()).filter(|r| !r.is_empty());
    let checks = checks(state, id, (&case, &draft), rule).await?;
    let missing = iomed_domain::case::missing(&checks);
    Ok((!missing.is_empty()).then_some(missing))
}

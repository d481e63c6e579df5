//! What pages and the API show of the registry: filters, and formatting in the reader's language.

use fluent_bundle::FluentValue;
use iomed_domain::documents::Audience;
use iomed_domain::registry::{Founding, Registry, StateView, Status, UnRegionalGroup};
use iomed_domain::rules::RulesProfile;
use iomed_domain::seat::seat_date;
use jiff::civil::Date;

use crate::kit::i18n::{I18n, Lang};

/// The filters of the registry list, parsed from the query.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filters {
    pub status: Option<Status>,
    pub group: Option<UnRegionalGroup>,
}

/// A filter value that is not one we know. Empty values mean "any".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    Status(String),
    Group(String),
}

impl FilterError {
    pub fn message(&self, i18n: &I18n, lang: Lang) -> String {
        match self {
            FilterError::Status(v) => i18n.message(lang, "error-bad-status", &[("value", v.clone().into())]),
            FilterError::Group(v) => i18n.message(lang, "error-bad-group", &[("value", v.clone().into())]),
        }
    }
}

impl Filters {
    pub fn parse(pairs: &[(String, String)]) -> Result<Filters, FilterError> {
        let mut filters = Filters::default();
        for (key, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match key.as_str() {
                "status" => {
                    filters.status = Some(Status::parse(value).ok_or_else(|| FilterError::Status(value.to_owned()))?)
                }
                "group" => {
                    filters.group =
                        Some(UnRegionalGroup::parse(value).ok_or_else(|| FilterError::Group(value.to_owned()))?)
                }
                _ => {}
            }
        }
        Ok(filters)
    }

    pub fn accepts(&self, view: &StateView<'_>) -> bool {
        self.status.is_none_or(|s| s == view.status) && self.group.is_none_or(|g| g == view.un.group)
    }
}

/// The registry as of today at the seat, with the rules in force today.
pub struct Snapshot {
    pub registry: Registry,
    pub today: Date,
    pub rules: RulesProfile,
}

impl Snapshot {
    pub fn new(registry: Registry, now: jiff::Timestamp) -> Snapshot {
        let today = seat_date(now);
        Snapshot { registry, today, rules: RulesProfile::in_force_on(today) }
    }

    /// Every State, filtered, sorted by name in `lang`.
    pub fn states<'a>(&'a self, i18n: &I18n, lang: Lang, filters: Filters) -> Vec<(String, StateView<'a>)> {
        let mut rows: Vec<_> = self
            .registry
            .views(self.today, &self.rules)
            .into_iter()
            .filter(|v| filters.accepts(v))
            .map(|v| (i18n.country(lang, v.un), v))
            .collect();
        rows.sort_by(|a, b| i18n.compare(lang, &a.0, &b.0));
        rows
    }

    pub fn count(&self, status: Status) -> usize {
        self.registry.views(self.today, &self.rules).iter().filter(|v| v.status == status).count()
    }
}

/// A date in the reader's language: "30 May 2025", "30 mai 2025", "2025年5月30日".
pub fn date(i18n: &I18n, lang: Lang, date: Date) -> String {
    let month = i18n.message(lang, &format!("month-{}", date.month()), &[]);
    i18n.message(
        lang,
        "date",
        &[
            ("day", FluentValue::from(i64::from(date.day()))),
            ("month", FluentValue::from(month)),
            ("year", FluentValue::from(date.year().to_string())),
        ],
    )
}

pub fn founding_key(founding: Founding) -> &'static str {
    match founding {
        Founding::Yes => "yes",
        Founding::No => "no",
        Founding::Unknown => "unknown",
    }
}

pub fn group_key(group: UnRegionalGroup) -> String {
    format!("group-{}", group.as_str())
}

pub fn status_key(status: Status) -> String {
    format!("status-{}", status.as_str())
}

/// A case's heading: its number, once registered, before its title (`IOMed/2026/0001 · A v. B`).
pub fn numbered(number: Option<&str>, title: String) -> String {
    match number {
        Some(n) => format!("{n} · {title}"),
        None => title,
    }
}

/// A case title as the reader sees it: a State named by its code (`CHN v. PAK`) is named in the
/// reader's language, from CLDR; names of companies, people and organizations stay as typed.
pub fn case_title(i18n: &I18n, lang: Lang, title: &str) -> String {
    let name = |part: &str| match iomed_domain::registry::StateCode::parse(part).ok().and_then(|c| c.un()) {
        Some(state) => i18n.country(lang, state),
        None => part.to_owned(),
    };
    title
        .split(" v. ")
        .map(|side| side.split(" and ").map(name).collect::<Vec<_>>().join(" and "))
        .collect::<Vec<_>>()
        .join(" v. ")
}

/// Every State, named in the reader's language and in its alphabetical order, as (code, name).
pub fn sorted_states(i18n: &I18n, lang: Lang) -> Vec<(String, String)> {
    let mut states: Vec<(String, String)> =
        iomed_domain::registry::un_states().iter().map(|un| (un.code.to_string(), i18n.country(lang, un))).collect();
    states.sort_by(|a, b| i18n.compare(lang, &a.1, &b.1));
    states
}

/// A State typed as its code or a name of it in any of the four languages, as its code; kept as
/// typed if it names none (the domain's check then says so).
pub fn resolve(i18n: &I18n, text: &str) -> String {
    match crate::kit::states::find_state(i18n, text) {
        crate::kit::states::Found::State(code) => code.to_string(),
        _ => text.trim().to_owned(),
    }
}

/// A size for people: "1.5 MiB" ("1,5 MiB" in French).
pub fn size_text(lang: Lang, size: u64) -> String {
    let (value, unit) = match size {
        s if s >= 1 << 30 => (s as f64 / f64::from(1u32 << 30), "GiB"),
        s if s >= 1 << 20 => (s as f64 / f64::from(1u32 << 20), "MiB"),
        s if s >= 1 << 10 => (s as f64 / 1024.0, "KiB"),
        s => return format!("{s} B"),
    };
    let text = format!("{value:.1} {unit}");
    if lang == Lang::Fr { text.replace('.', ",") } else { text }
}

/// How people refer to a document: its audience and its number in that audience ("Joint no. 3").
/// The message key naming someone's place on a case: a side, or the mediator.
pub fn standing_key(standing: iomed_domain::access::Standing) -> &'static str {
    match standing {
        iomed_domain::access::Standing::Party(iomed_domain::request::Side::Requesting) => "side-requesting",
        iomed_domain::access::Standing::Party(iomed_domain::request::Side::Responding) => "side-responding",
        iomed_domain::access::Standing::Invited => "standing-invited",
        iomed_domain::access::Standing::Mediator => "standing-mediator",
    }
}

/// The number counts only documents of the same audience, so it says nothing of the others.
pub fn document_ref(i18n: &I18n, lang: Lang, audience: Audience, number: i64) -> String {
    let short = format!("audience-short-{}", audience.kind());
    let audience_text = match audience.side() {
        Some(side) => {
            let side = i18n.message(lang, &format!("side-{}", side.as_str()), &[]);
            i18n.message(lang, &short, &[("side", FluentValue::from(side))])
        }
        None => i18n.message(lang, &short, &[]),
    };
    i18n.message(lang, "document-ref", &[("audience", FluentValue::from(audience_text)), ("number", number.into())])
}

/// The languages a filer chooses a document's from, as BCP 47 tags: the United Nations' six, the
/// traditional script, and the languages of the States most likely to file.
pub const DOCUMENT_LANGUAGES: [&str; 12] =
    ["en", "fr", "zh-Hans", "zh-Hant", "ar", "es", "ru", "pt", "id", "ms", "sw", "ur"];

/// The choices of a document's language, named in the reader's language. The form offers a list,
/// not a typed tag; a tag `typed` elsewhere (the API) stays choosable.
pub fn language_choices(i18n: &crate::kit::i18n::I18n, lang: Lang, typed: &str) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = DOCUMENT_LANGUAGES
        .iter()
        .map(|tag| (tag.to_string(), i18n.message(lang, &format!("language-{tag}"), &[])))
        .collect();
    let typed = typed.trim();
    if !typed.is_empty() && !DOCUMENT_LANGUAGES.contains(&typed) {
        choices.push((typed.to_owned(), typed.to_owned()));
    }
    choices
}

/// A document's language named in the reader's language, if it is one of the list; the tag
/// itself otherwise.
pub fn language_name(i18n: &crate::kit::i18n::I18n, lang: Lang, tag: &str) -> String {
    if DOCUMENT_LANGUAGES.contains(&tag) { i18n.message(lang, &format!("language-{tag}"), &[]) } else { tag.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_codes_in_case_titles_are_named_in_the_readers_language() {
        let i18n = I18n::load().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            case_title(&i18n, Lang::En, "CHN v. PAK and Kestrel Cranes SA"),
            "China v. Pakistan and Kestrel Cranes SA"
        );
        assert_eq!(case_title(&i18n, Lang::Fr, "CHN v. PAK"), "Chine v. Pakistan");
        assert_eq!(
            case_title(&i18n, Lang::ZhHans, "Sahel Solar Holdings Ltd v. CHN"),
            "Sahel Solar Holdings Ltd v. 中国"
        );
        assert_eq!(case_title(&i18n, Lang::En, "ABC Ltd v. XYZ"), "ABC Ltd v. XYZ");
    }
}

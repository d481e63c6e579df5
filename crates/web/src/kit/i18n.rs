//! Languages: negotiation, Fluent messages, and CLDR country names and collation (ICU4X).
//!
//! The language of a request is chosen by `?lang=` (which also sets a cookie), then the `lang`
//! cookie, then `Accept-Language`, then English.

use std::cmp::Ordering;
use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_collator::{Collator, CollatorBorrowed};
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_experimental::displaynames::{DisplayNamesOptions, Style};
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;
use iomed_domain::registry::UnState;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    ZhHans,
    ZhHant,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::ZhHans, Lang::ZhHant, Lang::Fr];

    /// The BCP 47 tag, used in `?lang=`, the cookie and `<html lang>`.
    pub fn tag(&self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::Fr => "fr",
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn autonym(&self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhHans => "简体中文",
            Lang::ZhHant => "繁體中文",
            Lang::Fr => "Français",
        }
    }

    /// The language of the UN names of States shown in it.
    pub fn name_language(&self) -> iomed_domain::registry::NameLanguage {
        use iomed_domain::registry::NameLanguage;
        match self {
            Lang::En => NameLanguage::English,
            Lang::Fr => NameLanguage::French,
            Lang::ZhHans => NameLanguage::ChineseSimplified,
            Lang::ZhHant => NameLanguage::ChineseTraditional,
        }
    }

    pub fn parse(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// Maps a language range from `Accept-Language` onto ours: `zh-CN`, `zh-SG` and bare `zh` are
    /// Simplified; `zh-TW`, `zh-HK`, `zh-MO` are Traditional; `fr-*` is French; `en-*` English.
    fn from_range(range: &str) -> Option<Lang> {
        let lower = range.trim().to_ascii_lowercase();
        let mut parts = lower.split('-');
        match parts.next()? {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                if rest.iter().any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo")) {
                    Some(Lang::ZhHant)
                } else {
                    Some(Lang::ZhHans)
                }
            }
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header, by quality then order.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranges: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, item)| {
                let mut pieces = item.split(';');
                let lang = Lang::from_range(pieces.next()?)?;
                let q =
                    pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal).then(a.1.cmp(&b.1)));
        ranges.first().map(|r| r.2)
    }
}

const SOURCES: [(Lang, &str); 4] = [
    (Lang::En, include_str!("../../locales/en/main.ftl")),
    (Lang::ZhHans, include_str!("../../locales/zh-Hans/main.ftl")),
    (Lang::ZhHant, include_str!("../../locales/zh-Hant/main.ftl")),
    (Lang::Fr, include_str!("../../locales/fr/main.ftl")),
];

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("the messages for {lang} do not parse: {detail}")]
    Messages { lang: &'static str, detail: String },
    #[error("CLDR data for {lang} is missing: {detail}")]
    Cldr { lang: &'static str, detail: String },
}

struct Language {
    bundle: FluentBundle<FluentResource>,
    regions: RegionDisplayNames,
    short_regions: RegionDisplayNames,
    collator: CollatorBorrowed<'static>,
    numbers: icu_decimal::DecimalFormatter,
}

/// Every language's messages, country names and collator, loaded once at start.
pub struct I18n {
    languages: HashMap<Lang, Language>,
    /// Every name of every State, folded, for finding one typed (`kit/states.rs`).
    pub(crate) state_index: std::sync::OnceLock<Vec<(String, iomed_domain::registry::StateCode)>>,
}

impl I18n {
    pub fn load() -> Result<I18n, I18nError> {
        let mut languages = HashMap::new();
        for (lang, source) in SOURCES {
            let cldr = |detail: String| I18nError::Cldr { lang: lang.tag(), detail };
            let locale = Locale::try_from_str(lang.tag()).map_err(|e| cldr(e.to_string()))?;
            let langid = lang
                .tag()
                .parse::<unic_langid::LanguageIdentifier>()
                .map_err(|e| I18nError::Messages { lang: lang.tag(), detail: e.to_string() })?;
            let resource = FluentResource::try_new(source.to_owned())
                .map_err(|(_, errors)| I18nError::Messages { lang: lang.tag(), detail: format!("{errors:?}") })?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errors| I18nError::Messages { lang: lang.tag(), detail: format!("{errors:?}") })?;
            let regions = RegionDisplayNames::try_new(locale.clone().into(), DisplayNamesOptions::default())
                .map_err(|e| cldr(e.to_string()))?;
            let mut short = DisplayNamesOptions::default();
            short.style = Some(Style::Short);
            let short_regions =
                RegionDisplayNames::try_new(locale.clone().into(), short).map_err(|e| cldr(e.to_string()))?;
            let numbers = icu_decimal::DecimalFormatter::try_new(locale.clone().into(), Default::default())
                .map_err(|e| cldr(e.to_string()))?;
            let collator = Collator::try_new(locale.into(), Default::default()).map_err(|e| cldr(e.to_string()))?;
            languages.insert(lang, Language { bundle, regions, short_regions, collator, numbers });
        }
        Ok(I18n { languages, state_index: std::sync::OnceLock::new() })
    }

    /// Whether `lang` has the message `key`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.languages.get(&lang).is_some_and(|l| l.bundle.has_message(key))
    }

    /// The message `key` in `lang`, with arguments. A missing message shows its key (and the
    /// test `every_message_exists_in_every_language` keeps that from happening).
    pub fn message(&self, lang: Lang, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let Some(language) = self.languages.get(&lang) else { return key.to_owned() };
        let bundle = &language.bundle;
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.tag(), "missing message");
            return key.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        text.into_owned()
    }

    /// A count as the reader writes it, grouped by CLDR's rules: 20,000 · 20 000 · 20,000.
    pub fn count(&self, lang: Lang, n: usize) -> String {
        let Some(language) = self.languages.get(&lang) else { return n.to_string() };
        language.numbers.format(&icu_decimal::input::Decimal::from(n)).to_string()
    }

    /// An amount as the reader writes it, with its minor digits and its currency's code placed as
    /// the language places it: USD 1,000.00 · 1 000,00 USD · USD 1,000.00.
    pub fn money(&self, lang: Lang, amount: &iomed_domain::money::Money) -> String {
        let currency = amount.currency();
        let digits = i16::from(currency.minor_digits());
        let mut decimal = icu_decimal::input::Decimal::from(amount.minor());
        decimal.multiply_pow10(-digits);
        decimal.pad_end(-digits);
        let number = match self.languages.get(&lang) {
            Some(language) => language.numbers.format(&decimal).to_string(),
            None => decimal.to_string(),
        };
        self.message(lang, "money", &[("amount", number.into()), ("currency", currency.code().into())])
    }

    /// The State's name in `lang`: its official UN short name (`un-names.tsv`), or CLDR's if the
    /// table lacks it.
    pub fn country(&self, lang: Lang, state: &UnState) -> String {
        if let Some(name) = iomed_domain::registry::un_name(state.code, lang.name_language()) {
            return name.to_owned();
        }
        self.cldr_country(lang, state)
    }

    /// The State's name in `lang` from CLDR (what people may also type).
    pub fn cldr_country(&self, lang: Lang, state: &UnState) -> String {
        let Some(language) = self.languages.get(&lang) else { return state.code.to_string() };
        let names = if state.short_name { &language.short_regions } else { &language.regions };
        Region::try_from_str(state.alpha2)
            .ok()
            .and_then(|r| names.of(r))
            .map(str::to_owned)
            .unwrap_or_else(|| state.code.to_string())
    }

    pub fn compare(&self, lang: Lang, a: &str, b: &str) -> Ordering {
        match self.languages.get(&lang) {
            Some(language) => language.collator.compare(a, b),
            None => a.cmp(b),
        }
    }

    /// The message identifiers of one language, for the completeness test.
    pub fn keys(lang: Lang) -> Vec<String> {
        let source = SOURCES.iter().find(|(l, _)| *l == lang).map_or("", |(_, s)| s);
        source
            .lines()
            .filter_map(|line| {
                let (id, _) = line.split_once(" =")?;
                let id = id.trim();
                (!id.is_empty() && !line.starts_with([' ', '#', '\t', '.'])).then(|| id.to_owned())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_every_language() {
        let en = I18n::keys(Lang::En);
        assert!(en.len() > 50, "English has only {} messages", en.len());
        for lang in Lang::ALL {
            let keys = I18n::keys(lang);
            let missing: Vec<_> = en.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !en.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.tag());
            assert!(extra.is_empty(), "{} has keys English lacks: {extra:?}", lang.tag());
        }
    }

    #[test]
    fn every_message_formats_without_error_in_every_language() {
        let i18n = I18n::load().unwrap();
        for lang in Lang::ALL {
            let language = &i18n.languages[&lang];
            for key in I18n::keys(lang) {
                let message = language.bundle.get_message(&key).unwrap_or_else(|| panic!("{key}"));
                let Some(pattern) = message.value() else { continue };
                let mut errors = Vec::new();
                let mut args = FluentArgs::new();
                for name in [
                    "count",
                    "act",
                    "total",
                    "date",
                    "code",
                    "name",
                    "seq",
                    "number",
                    "audience",
                    "parameter",
                    "subject",
                    "month",
                    "day",
                    "year",
                    "status",
                    "group",
                    "hash",
                    "on",
                    "instrument",
                    "source",
                    "value",
                    "reason",
                    "query",
                    "contracting",
                    "signatories",
                    "minutes",
                    "link",
                    "state",
                    "field",
                    "days",
                    "step",
                    "cases",
                    "when",
                    "zone",
                    "rules",
                    "scope",
                    "side",
                    "people",
                    "document",
                    "limit",
                    "outcome",
                    "reference",
                    "text",
                    "names",
                    "detail",
                    "points",
                    "seconds",
                    "max",
                    "id",
                    "amount",
                    "currency",
                    "fee",
                    "email",
                    "requesting",
                ] {
                    args.set(name, FluentValue::from(1));
                }
                let _ = language.bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{} {key}: {errors:?}", lang.tag());
            }
        }
    }

    #[test]
    fn counts_in_the_candidate_search_are_pluralised() {
        let i18n = I18n::load().unwrap();
        let reason = |lang, n: i64| {
            let args = [
                ("detail", FluentValue::from(n.to_string())),
                ("points", FluentValue::from(-n)),
                ("count", FluentValue::from(n)),
            ];
            i18n.message(lang, "rank-reason-caseload", &args)
        };
        assert_eq!(reason(Lang::En, 1), "Serves in 1 case now (-1)");
        assert_eq!(reason(Lang::En, 3), "Serves in 3 cases now (-3)");
        assert_eq!(reason(Lang::Fr, 1), "Siège actuellement dans 1 affaire (-1)");
    }

    #[test]
    fn an_amount_is_written_as_each_language_writes_it() {
        use iomed_domain::money::{Currency, Money};
        let i18n = I18n::load().unwrap();
        let fee = Money::units(1_000, Currency::Usd);
        assert_eq!(i18n.money(Lang::En, &fee), "USD 1,000.00");
        assert_eq!(i18n.money(Lang::Fr, &fee), "1\u{202f}000,00 USD");
        assert_eq!(i18n.money(Lang::ZhHans, &Money::new(5, Currency::Usd)), "USD 0.05");
    }

    #[test]
    fn every_state_has_a_cldr_name_in_every_language() {
        let i18n = I18n::load().unwrap();
        for lang in Lang::ALL {
            for state in iomed_domain::registry::un_states() {
                let name = i18n.country(lang, state);
                assert_ne!(name, state.code.to_string(), "{} has no {} name", state.code, lang.tag());
            }
        }
    }

    #[test]
    fn accept_language_negotiation() {
        assert_eq!(Lang::from_accept_language("fr-CH, fr;q=0.9, en;q=0.8"), Some(Lang::Fr));
        assert_eq!(Lang::from_accept_language("de-DE, zh-TW;q=0.5"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_accept_language("zh-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_accept_language("zh"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_accept_language("en;q=0.1, zh-CN;q=0.9"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_accept_language("de, es"), None);
        assert_eq!(Lang::from_accept_language("fr;q=0"), None);
    }
}

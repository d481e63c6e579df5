//! Finding the State someone typed: its code, or its name in any of the four languages, the UN's
//! or CLDR's, whatever the case, accents or apostrophes; and when it matches none, the nearest
//! names, so that the form can say "did you mean …?".

use iomed_domain::registry::{NameLanguage, StateCode, fold, un_name, un_states};

use crate::kit::i18n::{I18n, Lang};

/// What a field naming a State holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing was typed.
    Empty,
    State(StateCode),
    /// It names no State; the nearest ones, best first (at most [`SUGGESTIONS`], maybe none).
    Unknown {
        suggestions: Vec<StateCode>,
    },
}

/// How many names a field that matches none suggests.
pub const SUGGESTIONS: usize = 3;

/// How close (Jaro–Winkler, on folded names) a name must be to be suggested.
const NEAR: f64 = 0.85;

fn index(i18n: &I18n) -> &[(String, StateCode)] {
    i18n.state_index.get_or_init(|| {
        let mut names = Vec::new();
        for state in un_states() {
            for language in NameLanguage::ALL {
                names.extend(un_name(state.code, language).map(|n| (fold(n), state.code)));
            }
            for lang in Lang::ALL {
                names.push((fold(&i18n.cldr_country(lang, state)), state.code));
            }
            names.push((fold(state.alpha2), state.code));
        }
        names.sort();
        names.dedup();
        names
    })
}

/// The State `text` names, if any.
pub fn find_state(i18n: &I18n, text: &str) -> Found {
    let text = text.trim();
    if text.is_empty() {
        return Found::Empty;
    }
    if let Ok(code) = StateCode::parse(text) {
        return Found::State(code);
    }
    let typed = fold(text);
    let names = index(i18n);
    if let Some((_, code)) = names.iter().find(|(name, _)| *name == typed) {
        return Found::State(*code);
    }
    // The nearest: a name that holds what was typed (three letters or one Chinese character at
    // least), or one close to it.
    let long_enough = typed.chars().count() >= 3 || !typed.is_ascii();
    let mut scored: Vec<(f64, StateCode)> = Vec::new();
    for (name, code) in names {
        let score = if long_enough && name.contains(&typed) { 1.0 } else { strsim::jaro_winkler(&typed, name) };
        if score >= NEAR {
            match scored.iter_mut().find(|(_, c)| c == code) {
                Some(best) if best.0 < score => best.0 = score,
                Some(_) => {}
                None => scored.push((score, *code)),
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    Found::Unknown { suggestions: scored.into_iter().take(SUGGESTIONS).map(|(_, c)| c).collect() }
}

/// The message for a field that names no State, in `lang`: with the nearest names when there are.
pub fn unknown_state_message(i18n: &I18n, lang: Lang, typed: &str, suggestions: &[StateCode]) -> String {
    let names: Vec<String> = suggestions
        .iter()
        .filter_map(|c| c.un())
        .map(|un| i18n.message(lang, "state-quoted", &[("name", i18n.country(lang, un).into())]))
        .collect();
    let typed = fluent_bundle::FluentValue::from(typed.trim().to_owned());
    if names.is_empty() {
        i18n.message(lang, "error-unknown-state-name", &[("code", typed)])
    } else {
        let sep = i18n.message(lang, "list-or-separator", &[]);
        i18n.message(lang, "error-unknown-state-suggest", &[("code", typed), ("names", names.join(&sep).into())])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> StateCode {
        StateCode::parse(c).unwrap()
    }

    #[test]
    fn a_state_is_found_by_its_code_or_any_of_its_names_in_the_four_languages() {
        let i18n = I18n::load().unwrap();
        for typed in ["CIV", "civ", "Côte d'Ivoire", "cote d’ivoire", "科特迪瓦", "象牙海岸", "CI"] {
            assert_eq!(find_state(&i18n, typed), Found::State(code("CIV")), "{typed}");
        }
        for typed in ["Türkiye", "turkiye", "Turquie", "土耳其"] {
            assert_eq!(find_state(&i18n, typed), Found::State(code("TUR")), "{typed}");
        }
        assert_eq!(find_state(&i18n, "朝鮮民主主義人民共和國"), Found::State(code("PRK")));
        assert_eq!(find_state(&i18n, "  "), Found::Empty);
    }

    #[test]
    fn a_name_that_matches_none_suggests_the_nearest() {
        let i18n = I18n::load().unwrap();
        let Found::Unknown { suggestions } = find_state(&i18n, "Pakistn") else { panic!("no suggestion") };
        assert_eq!(suggestions.first(), Some(&code("PAK")));
        // A former name is not one of the four, but the nearest.
        let Found::Unknown { suggestions } = find_state(&i18n, "Turkey") else { panic!("no suggestion") };
        assert_eq!(suggestions.first(), Some(&code("TUR")));
        let Found::Unknown { suggestions } = find_state(&i18n, "Korea") else { panic!("no suggestion") };
        assert!(suggestions.contains(&code("KOR")) && suggestions.contains(&code("PRK")), "{suggestions:?}");
        let Found::Unknown { suggestions } = find_state(&i18n, "刚果") else { panic!("no suggestion") };
        assert!(suggestions.contains(&code("COG")) && suggestions.contains(&code("COD")), "{suggestions:?}");
        assert_eq!(find_state(&i18n, "Atlantis of the North"), Found::Unknown { suggestions: vec![] });
        let message = unknown_state_message(&i18n, Lang::En, "Pakistn", &[code("PAK")]);
        assert_eq!(
            message,
            "“Pakistn” is not the name or code of a United Nations member or observer State. Did you mean “Pakistan”?"
        );
    }
}

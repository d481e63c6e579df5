//! The official United Nations short names of States in IOMed's four interface languages, read
//! from `data/un-names.tsv` (its header gives the source: UNTERM, and for Traditional Chinese a
//! conversion of the UN Chinese name, which is no UN text). The registry, case titles and every
//! list of States use them; CLDR is only the fallback and the collation.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::un::StateCode;

/// A language the names are kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameLanguage {
    English,
    French,
    /// The UN's Chinese (Simplified).
    ChineseSimplified,
    /// Converted from the UN's Chinese, not an official text.
    ChineseTraditional,
}

impl NameLanguage {
    pub const ALL: [NameLanguage; 4] = [
        NameLanguage::English,
        NameLanguage::French,
        NameLanguage::ChineseSimplified,
        NameLanguage::ChineseTraditional,
    ];

    fn column(self) -> usize {
        match self {
            NameLanguage::English => 0,
            NameLanguage::French => 1,
            NameLanguage::ChineseSimplified => 2,
            NameLanguage::ChineseTraditional => 3,
        }
    }

    /// Whether the name in this language is the UN's own (the Traditional Chinese one is not).
    pub fn is_official(self) -> bool {
        !matches!(self, NameLanguage::ChineseTraditional)
    }
}

const UN_NAMES_TSV: &str = include_str!("../../data/un-names.tsv");

fn table() -> &'static HashMap<StateCode, [&'static str; 4]> {
    static NAMES: OnceLock<HashMap<StateCode, [&'static str; 4]>> = OnceLock::new();
    NAMES.get_or_init(|| {
        UN_NAMES_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let code = StateCode::parse(cols.next()?).ok()?;
                let names = [cols.next()?, cols.next()?, cols.next()?, cols.next()?];
                names.iter().all(|n| !n.trim().is_empty()).then_some((code, names))
            })
            .collect()
    })
}

/// The State's official short name in `language`, if the table has it.
pub fn un_name(code: StateCode, language: NameLanguage) -> Option<&'static str> {
    table().get(&code).map(|names| names[language.column()])
}

/// Folds a name for matching what someone typed: lower case, accents and apostrophe variants
/// away, spaces and punctuation collapsed ("Côte d’Ivoire" and "cote d'ivoire" match).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            '’' | '‘' | '`' => '\'',
            '（' => '(',
            '）' => ')',
            c => c,
        };
        if c.is_whitespace() || c == '-' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::un_states;

    #[test]
    fn every_state_has_its_un_name_in_the_four_languages_and_no_line_is_malformed() {
        let lines = UN_NAMES_TSV.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).count();
        assert_eq!(table().len(), lines, "a line of un-names.tsv did not parse");
        for state in un_states() {
            for language in NameLanguage::ALL {
                assert!(un_name(state.code, language).is_some(), "{} in {language:?}", state.code);
            }
        }
    }

    #[test]
    fn the_names_are_the_un_s_not_cldr_s() {
        let en = |c: &str| un_name(StateCode::parse(c).unwrap(), NameLanguage::English).unwrap();
        assert_eq!(en("PRK"), "Democratic People's Republic of Korea");
        assert_eq!(en("VAT"), "Holy See");
        assert_eq!(en("COG"), "Congo");
        assert_eq!(en("COD"), "Democratic Republic of the Congo");
        assert_eq!(en("LAO"), "Lao People's Democratic Republic");
        assert_eq!(en("VNM"), "Viet Nam");
        assert_eq!(en("CIV"), "Côte d'Ivoire");
        assert_eq!(en("TUR"), "Türkiye");
        let code = StateCode::parse("PRK").unwrap();
        assert_eq!(un_name(code, NameLanguage::French), Some("République populaire démocratique de Corée"));
        assert_eq!(un_name(code, NameLanguage::ChineseSimplified), Some("朝鲜民主主义人民共和国"));
        assert_eq!(un_name(code, NameLanguage::ChineseTraditional), Some("朝鮮民主主義人民共和國"));
        assert!(!NameLanguage::ChineseTraditional.is_official() && NameLanguage::French.is_official());
    }

    #[test]
    fn folding_ignores_case_accents_apostrophes_and_spacing() {
        assert_eq!(fold("  Côte d’Ivoire "), fold("cote d'ivoire"));
        assert_eq!(fold("Guinea-Bissau"), "guinea bissau");
        assert_eq!(fold("TÜRKIYE"), "turkiye");
        assert_eq!(fold("刚果（布）"), "刚果(布)");
    }
}

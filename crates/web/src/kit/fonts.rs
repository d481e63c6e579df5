//! Our own Chinese fonts: subsets of Noto Sans CJK SC and TC (SIL Open Font License 1.1, see
//! `static/fonts/README.md`), so that Chinese is drawn on a machine with no Chinese font, and a
//! Traditional Chinese page in a Traditional Chinese font.
//!
//! Each script has two faces of one family: the characters the pages themselves use (every
//! message of the interface in that script, every State's name, dates), and, for what people
//! write (titles, names), the commonest characters (GB 2312's first level for Simplified, Big5's
//! first level for Traditional). The stylesheet gives the first an exact `unicode-range` and
//! defines it last, so a browser fetches the second only for a page that shows a character the
//! first lacks. Two faces of four characters draw the language switch's "简体中文" and "繁體中文" on
//! every page without fetching either.
//!
//! `scripts/fonts` makes the files; `scripts/fonts --check` (run by `scripts/test`) reads each
//! file's character map and checks it holds its list. A file's URL carries the start of its
//! BLAKE3, so that it can be cached for a year: the tests below fail when the stylesheet's
//! version of a file is not its content's.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::kit::error::WebError;

/// The font files, by the name in their URL.
pub const FILES: [(&str, &[u8]); 6] = [
    ("hans.woff2", include_bytes!("../../static/fonts/hans.woff2")),
    ("hans-more.woff2", include_bytes!("../../static/fonts/hans-more.woff2")),
    ("hant.woff2", include_bytes!("../../static/fonts/hant.woff2")),
    ("hant-more.woff2", include_bytes!("../../static/fonts/hant-more.woff2")),
    ("label-hans.woff2", include_bytes!("../../static/fonts/label-hans.woff2")),
    ("label-hant.woff2", include_bytes!("../../static/fonts/label-hant.woff2")),
];

/// `GET /static/fonts/{name}`: a font file, cached for a year (its URL changes with it).
pub async fn font(Path(name): Path<String>) -> Result<Response, WebError> {
    let (_, bytes) = FILES.iter().find(|(n, _)| *n == name).ok_or(WebError::NotFound)?;
    Ok(([(header::CONTENT_TYPE, "font/woff2"), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")], *bytes)
        .into_response())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::kit::i18n::{I18n, Lang};
    use crate::kit::views::sorted_states;

    const STYLESHEET: &str = include_str!("../../static/site.css");

    /// Whether the pages need a font of ours for this character (CJK ideographs, punctuation and
    /// full-width forms; not Latin, which every machine draws).
    fn chinese(c: char) -> bool {
        matches!(u32::from(c), 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
    }

    /// Every character of ours in a script: its messages, every State's name, and the words of
    /// its dates and times.
    fn needed(lang: Lang) -> BTreeSet<char> {
        let (messages, dates) = match lang {
            Lang::ZhHant => {
                (include_str!("../../locales/zh-Hant/main.ftl"), "年月日時分秒星期一二三四五六七八九十〇上午下午")
            }
            _ => (include_str!("../../locales/zh-Hans/main.ftl"), "年月日时分秒星期一二三四五六七八九十〇上午下午"),
        };
        let i18n = I18n::load().unwrap();
        let names: String = sorted_states(&i18n, lang).into_iter().map(|(_, name)| name).collect();
        messages.chars().chain(names.chars()).chain(dates.chars()).filter(|c| chinese(*c)).collect()
    }

    fn listed(file: &str) -> BTreeSet<char> {
        let path = format!("{}/static/fonts/{file}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// Every Chinese character the pages show is in the list their face is made from; with
    /// `IOMED_FONT_CHARS=write` (as `scripts/fonts` runs it), the lists are written anew.
    #[test]
    fn the_fonts_hold_every_character_the_pages_show() {
        for (lang, file) in [(Lang::ZhHans, "hans.chars"), (Lang::ZhHant, "hant.chars")] {
            let needed = needed(lang);
            if std::env::var("IOMED_FONT_CHARS").as_deref() == Ok("write") {
                let path = format!("{}/static/fonts/{file}", env!("CARGO_MANIFEST_DIR"));
                std::fs::write(path, needed.iter().collect::<String>() + "\n").unwrap();
                continue;
            }
            let missing: String = needed.difference(&listed(file)).collect();
            assert!(missing.is_empty(), "{file} lacks {missing}: run scripts/fonts");
        }
    }

    /// The stylesheet names each file with the start of its content's BLAKE3.
    #[test]
    fn each_font_url_carries_its_content_s_version() {
        for (name, bytes) in FILES {
            let version = &blake3::hash(bytes).to_hex()[..8];
            let url = format!("/static/fonts/{name}?v={version}");
            assert!(STYLESHEET.contains(&url), "the stylesheet does not name {url}: run scripts/fonts");
        }
    }

    /// The exact range of each script's first face is its list, so that the second is fetched
    /// only for characters the first lacks.
    #[test]
    fn the_first_face_s_range_is_its_list() {
        for (file, face) in [("hans.chars", "hans.woff2"), ("hant.chars", "hant.woff2")] {
            let rule = STYLESHEET.split("@font-face").find(|r| r.contains(&format!("/static/fonts/{face}?"))).unwrap();
            let range = rule.split("unicode-range:").nth(1).unwrap().split(';').next().unwrap();
            let mut covered = BTreeSet::new();
            for part in range.split(',') {
                let part = part.trim().trim_start_matches("U+");
                let (from, to) = part.split_once('-').unwrap_or((part, part));
                let (from, to) = (u32::from_str_radix(from, 16).unwrap(), u32::from_str_radix(to, 16).unwrap());
                covered.extend((from..=to).filter_map(char::from_u32));
            }
            assert_eq!(covered, listed(file), "{face}'s unicode-range: run scripts/fonts");
        }
    }
}

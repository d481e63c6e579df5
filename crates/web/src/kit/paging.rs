//! Pages of a list: the `?limit=` and `?cursor=` of every list, the opaque cursor, and the
//! `{"items": [...], "next": ...}` of the API.
//!
//! A cursor is the key of the last (or first) item seen, encrypted and bound to the list it came
//! from (its name and filters) under a key derived from the master key. It tells the reader
//! nothing (the keys are the store's order of rows, which count what the reader cannot see), and
//! one that was altered, or made for another list, is refused with `bad_cursor`, never followed.

use iomed_store::blobs::DataKey;
use iomed_store::paging::{Seek, Slice, Toward};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::kit::error::{Msg, WebError};

/// Items in a page when the reader does not say.
pub const DEFAULT_LIMIT: u32 = 50;
/// The most items a page holds.
pub const MAX_LIMIT: u32 = 200;
/// A cursor longer than this is not one of ours: the longest key (an e-mail address of 254
/// characters, a mediator's name in any script) sealed, in hex, stays well within it.
const MAX_CURSOR: usize = 2048;

/// The key cursors are sealed with.
pub struct Cursors(DataKey);

impl Cursors {
    pub fn new(key: DataKey) -> Cursors {
        Cursors(key)
    }

    /// A cursor for `list` that goes on from `key` toward `toward`.
    pub fn seal<K: Serialize>(&self, list: &str, toward: Toward, key: &K) -> Result<String, WebError> {
        let dir = match toward {
            Toward::After => "a",
            Toward::Before => "b",
        };
        let body = serde_json::json!([dir, key]).to_string();
        Ok(self.0.seal(&format!("iomed list cursor {list}"), body.as_bytes())?)
    }

    /// The direction and key a cursor of `list` holds; `None` for one altered or made for
    /// another list.
    pub fn open<K: DeserializeOwned>(&self, list: &str, cursor: &str) -> Option<(Toward, K)> {
        if cursor.len() > MAX_CURSOR || !cursor.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let body = self.0.open(&format!("iomed list cursor {list}"), cursor).ok()?;
        let (dir, key): (String, K) = serde_json::from_slice(&body).ok()?;
        let toward = match dir.as_str() {
            "a" => Toward::After,
            "b" => Toward::Before,
            _ => return None,
        };
        Some((toward, key))
    }
}

/// The `?limit=` and `?cursor=` of a list, as sent (parsed by [`PageParams::seek`]).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// How many items, 1 to 200 (50 if not given).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// The `next` of the page before, as given.
    #[param(value_type = Option<String>, max_length = 2048)]
    pub cursor: Option<String>,
}

/// Why `?limit=` or `?cursor=` was refused: a 400 naming the parameter.
pub fn bad_parameter(parameter: &'static str) -> WebError {
    let (code, message) = match parameter {
        "limit" => ("bad_limit", Msg::new("paging-bad-limit").number("max", i64::from(MAX_LIMIT))),
        "cursor" => ("bad_cursor", Msg::new("paging-bad-cursor")),
        _ => ("bad_filter", Msg::new("paging-bad-filter").text("parameter", parameter)),
    };
    let mut extra = serde_json::Map::new();
    extra.insert("parameter".into(), parameter.into());
    WebError::Detailed { status: axum::http::StatusCode::BAD_REQUEST, code, message, extra }
}

impl PageParams {
    /// The page asked for in `list` (its name and filters, which a cursor is bound to).
    pub fn seek<K: DeserializeOwned>(&self, cursors: &Cursors, list: &str) -> Result<Seek<K>, WebError> {
        let limit = match self.limit.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_LIMIT,
            Some(l) => match l.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => return Err(bad_parameter("limit")),
            },
        };
        let from = match self.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(cursors.open(list, c).ok_or_else(|| bad_parameter("cursor"))?),
        };
        Ok(Seek { from, limit })
    }

    /// The page asked for in `list`, for a web page (an API list answers a 400 instead): a
    /// `limit` or `cursor` that is not one gives the first page, with the reason in `lang`.
    pub fn seek_or_first<K: DeserializeOwned>(
        &self,
        cursors: &Cursors,
        list: &str,
        i18n: &crate::kit::i18n::I18n,
        lang: crate::kit::i18n::Lang,
    ) -> (Seek<K>, Option<String>) {
        match self.seek(cursors, list) {
            Ok(seek) => (seek, None),
            Err(e) => (Seek::first(DEFAULT_LIMIT), Some(e.texts().1.render(i18n, lang))),
        }
    }
}

/// One page of an API list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paged<T: ToSchema> {
    pub items: Vec<T>,
    /// The `cursor` of the next page; `null` on the last.
    pub next: Option<String>,
}

impl<T: ToSchema> Paged<T> {
    pub fn of<U, K: Serialize>(
        cursors: &Cursors,
        list: &str,
        slice: Slice<U, K>,
        f: impl FnMut(U) -> T,
    ) -> Result<Paged<T>, WebError> {
        let next = slice.after.as_ref().map(|k| cursors.seal(list, Toward::After, k)).transpose()?;
        Ok(Paged { items: slice.items.into_iter().map(f).collect(), next })
    }
}

/// A list's filters and limit as the query string of its pages' links (without `cursor`): the
/// pairs given in their order, those left empty out.
pub fn link_query(filters: &[(&str, &str)], limit: Option<&str>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(k, v);
    }
    if let Some(l) = limit.filter(|l| !l.is_empty()) {
        query.append_pair("limit", l);
    }
    query.finish()
}

/// The "previous" and "next" links of a page of a list, with the rest of its query kept.
#[derive(Debug, Clone, Default)]
pub struct Pager {
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// The links for `slice` of `list` at `path`, keeping `query` (its filters, already encoded,
    /// without `cursor`).
    pub fn of<T, K: Serialize>(
        cursors: &Cursors,
        list: &str,
        path: &str,
        query: &str,
        slice: &Slice<T, K>,
    ) -> Result<Pager, WebError> {
        let link = |toward, key: &K| -> Result<String, WebError> {
            let cursor = cursors.seal(list, toward, key)?;
            let sep = if query.is_empty() { "" } else { "&" };
            Ok(format!("{path}?{query}{sep}cursor={cursor}"))
        };
        Ok(Pager {
            previous: slice.before.as_ref().map(|k| link(Toward::Before, k)).transpose()?,
            next: slice.after.as_ref().map(|k| link(Toward::After, k)).transpose()?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.previous.is_none() && self.next.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursors() -> Cursors {
        Cursors::new(iomed_store::blobs::MasterKey::from_secret([7; 32]).derive("test cursors"))
    }

    #[test]
    fn a_cursor_opens_only_in_its_own_list_unaltered_and_says_nothing() {
        let c = cursors();
        let token = c.seal("cases", Toward::After, &42i64).unwrap();
        assert_ne!(
            token,
            c.seal("cases", Toward::After, &42i64).unwrap(),
            "sealed anew each time: equal keys look unequal"
        );
        assert_eq!(c.open::<i64>("cases", &token), Some((Toward::After, 42)));
        assert_eq!(c.open::<i64>("documents", &token), None, "a foreign cursor");
        assert_eq!(c.open::<i64>("cases|closed", &token), None, "another filter");
        let mut altered = token.clone().into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(c.open::<i64>("cases", &String::from_utf8(altered).unwrap()), None, "an altered cursor");
        let other = Cursors::new(iomed_store::blobs::MasterKey::from_secret([8; 32]).derive("test cursors"));
        assert_eq!(other.open::<i64>("cases", &token), None, "another server's key");
        assert_eq!(c.open::<i64>("cases", &"a".repeat(1000)), None);
        assert_eq!(c.open::<i64>("cases", "WyJhIiw0MV0"), None, "a key in clear is not a cursor");
        // The longest keys there are: an e-mail address, a name in Chinese.
        let email = format!("{}@{}.example", "a".repeat(64), "b".repeat(180));
        let token = c.seal("users", Toward::After, &email).unwrap();
        assert_eq!(c.open::<String>("users", &token), Some((Toward::After, email)));
        let name = ("名".repeat(120), 7i64);
        let token = c.seal("panels", Toward::Before, &name).unwrap();
        assert_eq!(c.open::<(String, i64)>("panels", &token), Some((Toward::Before, name)));
    }

    #[test]
    fn limits_outside_one_to_two_hundred_are_refused_naming_the_parameter() {
        let c = cursors();
        for bad in ["0", "201", "100000", "-1", "ten", "1.5"] {
            let p = PageParams { limit: Some(bad.into()), cursor: None };
            match p.seek::<i64>(&c, "cases") {
                Err(WebError::Detailed { code, extra, .. }) => {
                    assert_eq!(code, "bad_limit");
                    assert_eq!(extra.get("parameter"), Some(&serde_json::json!("limit")));
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
        let p = PageParams { limit: Some("200".into()), cursor: None };
        assert_eq!(p.seek::<i64>(&c, "cases").unwrap().limit, 200);
        assert_eq!(PageParams::default().seek::<i64>(&c, "cases").unwrap().limit, DEFAULT_LIMIT);
        let p = PageParams { limit: None, cursor: Some("garbage".into()) };
        assert!(matches!(p.seek::<i64>(&c, "cases"), Err(WebError::Detailed { code: "bad_cursor", .. })));
    }
}

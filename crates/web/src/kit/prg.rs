//! Addresses that only take a form. A page shown in answer to a form keeps the form's address:
//! switching its language, or opening that address again, asks it by GET. Instead of a bare
//! "405 Method Not Allowed", such a GET goes to the page the form is on (POST/redirect/GET),
//! keeping the query (the language). The API answers 405 with its `Allow` header, as before.

use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};

/// Where a GET to `path`, an address taking only a form, is sent: the nearest page above it (the
/// path with its last segments taken off) that `has_page` says answers a GET. A request,
/// a document's share or a share request has no page above it but the list of cases.
pub fn page_of(path: &str, has_page: impl Fn(&str) -> bool) -> String {
    let mut segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    while segments.pop().is_some() {
        let candidate = format!("/{}", segments.join("/"));
        if segments.is_empty() {
            break;
        }
        if has_page(&candidate) {
            return candidate;
        }
    }
    match path.split('/').nth(1) {
        Some("requests" | "documents" | "share-requests") => "/cases".to_owned(),
        _ => "/".to_owned(),
    }
}

/// Whether a route pattern (`/cases/{id}/steps`) matches a concrete path (`/cases/7/steps`).
pub fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b || (a.starts_with('{') && a.ends_with('}') && !b.is_empty()) => {}
            _ => return false,
        }
    }
}

/// The answer to a method an address does not take: for a GET or HEAD outside the API, the
/// redirect to the form's page; otherwise 405.
pub fn answer(method: &Method, uri: &Uri, has_page: impl Fn(&str) -> bool) -> Response {
    let path = uri.path();
    if !(method == Method::GET || method == Method::HEAD) || path.starts_with("/api/") {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let target = page_of(path, has_page);
    match uri.query() {
        Some(query) => Redirect::to(&format!("{target}?{query}")).into_response(),
        None => Redirect::to(&target).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGES: [&str; 6] = ["/cases", "/cases/{id}", "/account", "/admin/users", "/appointments", "/requests/{id}"];

    fn has_page(path: &str) -> bool {
        PAGES.iter().any(|p| matches(p, path))
    }

    #[test]
    fn a_form_address_leads_to_the_page_above_it() {
        assert_eq!(page_of("/cases/7/steps", has_page), "/cases/7");
        assert_eq!(page_of("/cases/7/challenges/3/decision", has_page), "/cases/7");
        assert_eq!(page_of("/account/tokens/12/revoke", has_page), "/account");
        assert_eq!(page_of("/admin/users/4/roles", has_page), "/admin/users");
        assert_eq!(page_of("/appointments/9", has_page), "/appointments");
        assert_eq!(page_of("/requests/5/file", has_page), "/requests/5");
        assert_eq!(page_of("/requests", has_page), "/cases");
        assert_eq!(page_of("/share-requests/2", has_page), "/cases");
        assert_eq!(page_of("/documents/2/share-requests", has_page), "/cases");
        assert_eq!(page_of("/sign-out", has_page), "/");
    }

    #[test]
    fn patterns_match_whole_segments() {
        assert!(matches("/cases/{id}", "/cases/7"));
        assert!(!matches("/cases/{id}", "/cases/7/steps"));
        assert!(!matches("/cases/{id}", "/cases/"));
        assert!(!matches("/cases", "/casesx"));
    }
}

//! The errors of a form, field by field, in the manner of the GOV.UK error summary: a summary at
//! the top whose items link to their fields, and beside each field its message, with
//! `aria-invalid` and `aria-describedby` pointing at it. Templates call these methods and mark
//! their output `|safe`; every message is escaped here.

/// The errors of one form: (the field's id, the message in the reader's language).
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(pub Vec<(String, String)>);

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

impl FieldErrors {
    /// One error, of field `id` (empty: of the form as a whole, shown without a link).
    pub fn one(id: impl Into<String>, message: impl Into<String>) -> FieldErrors {
        FieldErrors(vec![(id.into(), message.into())])
    }

    /// The errors of `error`, if any, all of field `id`.
    pub fn of_field(id: &str, error: Option<String>) -> FieldErrors {
        FieldErrors(error.map(|m| (id.to_owned(), m)).into_iter().collect())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a field of the form numbered `n` has an error: one whose id starts with `prefix`
    /// and ends with `-{n}` (`m-email-3` of the third organization's form).
    pub fn any_of(&self, prefix: &str, n: impl std::fmt::Display) -> bool {
        let suffix = format!("-{n}");
        self.0.iter().any(|(id, _)| id.starts_with(prefix) && id.ends_with(&suffix))
    }

    /// The message of field `id`, if it has one.
    pub fn of(&self, id: impl AsRef<str>) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == id.as_ref()).map(|(_, m)| m.as_str())
    }

    /// The attributes of a field without its own `aria-describedby`: ` aria-invalid="true"
    /// aria-describedby="{id}-error"` when it has an error, nothing otherwise.
    pub fn attrs(&self, id: impl AsRef<str>) -> String {
        let id = id.as_ref();
        match self.of(id) {
            Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{}-error\"", escape(id)),
            None => String::new(),
        }
    }

    /// For a field that already has `aria-describedby="…"`: ` aria-invalid="true"` when it has
    /// an error (its message's id is added by [`FieldErrors::describedby`]).
    pub fn invalid(&self, id: impl AsRef<str>) -> String {
        if self.of(id).is_some() { " aria-invalid=\"true\"".to_owned() } else { String::new() }
    }

    /// The message's id to add to a field's own `aria-describedby`: ` {id}-error`, or nothing.
    pub fn describedby(&self, id: impl AsRef<str>) -> String {
        let id = id.as_ref();
        if self.of(id).is_some() { format!(" {}-error", escape(id)) } else { String::new() }
    }

    /// The message beside field `id`: `<p class="field-error" id="{id}-error">…</p>`, or nothing.
    pub fn message(&self, id: impl AsRef<str>) -> String {
        let id = id.as_ref();
        match self.of(id) {
            Some(m) => format!("<p class=\"field-error\" id=\"{}-error\">{}</p>", escape(id), escape(m)),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_an_error_is_marked_and_described_and_its_message_escaped() {
        let errors = FieldErrors(vec![("p1_name".into(), "Give the <name> & \"title\"".into())]);
        assert_eq!(errors.attrs("p1_name"), " aria-invalid=\"true\" aria-describedby=\"p1_name-error\"");
        assert_eq!(errors.attrs("summary"), "");
        assert_eq!(errors.describedby("p1_name"), " p1_name-error");
        assert_eq!(
            errors.message("p1_name"),
            "<p class=\"field-error\" id=\"p1_name-error\">Give the &lt;name&gt; &amp; &quot;title&quot;</p>"
        );
        assert_eq!(errors.message("summary"), "");
    }
}

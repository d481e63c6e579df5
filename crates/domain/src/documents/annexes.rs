//! A request's annexes, attached while it is drafted: the consent instrument, the proof of
//! authority, the internal authorization, exhibits. Only the draft's owner sees them until the
//! request is filed; filing puts each one in the joint case file, as filed by the owner at the
//! moment of filing, so that the other side reads them with the request (W1, W4).

use super::{Audience, DocumentMeta, DocumentType, MetaGap, TITLE_MAX, is_language_tag, without_bidi_controls};

/// The types an annex may have: what a request relies on.
pub const ANNEX_TYPES: [DocumentType; 6] = [
    DocumentType::ConsentToMediate,
    DocumentType::ProofOfAuthority,
    DocumentType::InternalAuthorization,
    DocumentType::Exhibit,
    DocumentType::Statement,
    DocumentType::Other,
];

/// The most annexes a draft holds. A request with more relies on a bundle, or files the rest in
/// the case file once it exists.
pub const MAX_ANNEXES: usize = 60;

/// What a drafter says of an annex, as sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnnexDraft {
    /// Empty for the file's name without its extension.
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub language: String,
}

/// An annex's description, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexMeta {
    pub title: String,
    pub kind: DocumentType,
    pub language: String,
}

impl AnnexDraft {
    /// Checks everything at once; `file_name` titles an annex sent without a title.
    pub fn check(&self, file_name: &str) -> Result<AnnexMeta, Vec<MetaGap>> {
        let mut gaps = Vec::new();
        let mut gap = |field, code| gaps.push(MetaGap { field, code });
        let typed = without_bidi_controls(self.title.trim());
        let title = match typed.trim() {
            "" => title_of_file(file_name),
            typed => typed.to_owned(),
        };
        if title.is_empty() {
            gap("title", "missing");
        } else if title.chars().count() > TITLE_MAX {
            gap("title", "too_long");
        } else if title.chars().any(char::is_control) {
            gap("title", "invalid");
        }
        let kind = DocumentType::parse(&self.kind).filter(|k| ANNEX_TYPES.contains(k));
        if self.kind.trim().is_empty() {
            gap("type", "missing");
        } else if kind.is_none() {
            gap("type", "invalid");
        }
        let language = self.language.trim();
        if language.is_empty() {
            gap("language", "missing");
        } else if !is_language_tag(language) {
            gap("language", "invalid");
        }
        match kind {
            Some(kind) if gaps.is_empty() => Ok(AnnexMeta { title, kind, language: language.to_owned() }),
            _ => Err(gaps),
        }
    }
}

/// A file's name without its extension, as a title (`Consent letter.pdf` → `Consent letter`), at
/// most [`TITLE_MAX`] characters.
pub fn title_of_file(file_name: &str) -> String {
    let name = file_name.trim();
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.trim().is_empty() => stem,
        _ => name,
    };
    stem.trim().chars().take(TITLE_MAX).collect()
}

impl AnnexMeta {
    /// What the annex is once the request is filed: a document of the joint case file.
    pub fn as_filed(&self) -> DocumentMeta {
        DocumentMeta {
            title: self.title.clone(),
            kind: self.kind,
            language: self.language.clone(),
            audience: Audience::Joint,
            replaces: None,
            translation: None,
        }
    }
}

/// Why an annex is not attached or taken off. Nothing is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnnexRefusal {
    #[error("the request was filed: its annexes are in the case file now")]
    AlreadyFiled,
    #[error("a draft holds at most {MAX_ANNEXES} annexes")]
    TooMany,
    #[error("no such annex on this draft")]
    NoSuchAnnex,
}

impl AnnexRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            AnnexRefusal::AlreadyFiled => "already_filed",
            AnnexRefusal::TooMany => "too_many_annexes",
            AnnexRefusal::NoSuchAnnex => "no_such_annex",
        }
    }
}

/// Whether `adding` annexes may join the `present` ones of a draft, filed or not.
pub fn may_attach(filed: bool, present: usize, adding: usize) -> Result<(), AnnexRefusal> {
    if filed {
        Err(AnnexRefusal::AlreadyFiled)
    } else if present.saturating_add(adding) > MAX_ANNEXES {
        Err(AnnexRefusal::TooMany)
    } else {
        Ok(())
    }
}

/// Whether an annex may be taken off its draft: only before filing, when the case file does not
/// hold it yet.
pub fn may_detach(filed: bool) -> Result<(), AnnexRefusal> {
    if filed { Err(AnnexRefusal::AlreadyFiled) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str, kind: &str, language: &str) -> AnnexDraft {
        AnnexDraft { title: title.into(), kind: kind.into(), language: language.into() }
    }

    #[test]
    fn an_annex_untitled_takes_its_file_name() {
        let meta = draft("", "consent_to_mediate", "fr").check("Lettre de consentement.pdf").unwrap();
        assert_eq!(meta.title, "Lettre de consentement");
        assert_eq!(meta.kind, DocumentType::ConsentToMediate);
        assert_eq!(draft(" Exhibit C-1 ", "exhibit", "en").check("x.pdf").unwrap().title, "Exhibit C-1");
        assert_eq!(title_of_file(".profile"), ".profile");
        assert_eq!(title_of_file("archive.tar.gz"), "archive.tar");
        assert_eq!(title_of_file(&format!("{}.pdf", "a".repeat(400))).chars().count(), TITLE_MAX);
    }

    #[test]
    fn every_gap_of_an_annex_is_named_at_once() {
        let gaps = draft("", "", "").check("").unwrap_err();
        let fields: Vec<_> = gaps.iter().map(|g| (g.field, g.code)).collect();
        assert_eq!(fields, [("title", "missing"), ("type", "missing"), ("language", "missing")]);
        let gaps = draft("t", "settlement_agreement", "english").check("a.pdf").unwrap_err();
        let fields: Vec<_> = gaps.iter().map(|g| (g.field, g.code)).collect();
        assert_eq!(fields, [("type", "invalid"), ("language", "invalid")], "a settlement is not an annex");
    }

    #[test]
    fn an_annex_becomes_a_joint_document_of_the_case_file() {
        let meta = draft("Power of attorney", "proof_of_authority", "zh-Hant").check("p.pdf").unwrap();
        let filed = meta.as_filed();
        assert_eq!(filed.audience, Audience::Joint);
        assert_eq!((filed.replaces, filed.translation), (None, None));
        assert_eq!(filed.language, "zh-Hant");
    }

    #[test]
    fn annexes_are_attached_and_detached_only_before_filing_and_within_the_limit() {
        assert_eq!(may_attach(false, 0, MAX_ANNEXES), Ok(()));
        assert_eq!(may_attach(false, 1, MAX_ANNEXES), Err(AnnexRefusal::TooMany));
        assert_eq!(may_attach(true, 0, 1), Err(AnnexRefusal::AlreadyFiled));
        assert_eq!(may_attach(false, usize::MAX, 1), Err(AnnexRefusal::TooMany));
        assert_eq!(may_detach(true), Err(AnnexRefusal::AlreadyFiled));
        assert_eq!(may_detach(false), Ok(()));
    }
}

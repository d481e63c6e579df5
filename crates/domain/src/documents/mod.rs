//! The case file: who a document is for (its audience), what it is, and the checks on what a
//! filer says about it. Pure: the bytes live in the store's blob store.
//!
//! Every document has exactly one [`Audience`], chosen by the filer. Who is in an audience is
//! decided here, by [`Audience::admits`], and nowhere else; the access policy asks it.

use serde::{Deserialize, Serialize};

use crate::access::Standing;
use crate::request::Side;

pub mod annexes;
mod names;

pub use names::{FILE_NAME_MAX, clean_file_name, is_bidi_control, without_bidi_controls};

/// Who may see a document or a message.
///
/// A "side" is one party side and its representatives. iomed records one representation per
/// side today (the filer's, and the one invited to answer), so a side's caucus is that
/// representation's and the mediators'; a co-party separately represented would need its own
/// standing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Audience {
    /// Everyone on the case: the parties' representatives, the mediators, the Secretariat.
    Joint,
    /// One side and the mediators.
    Caucus(Side),
    /// The mediators only: their own notes.
    Mediators,
    /// The Secretariat only: administration.
    Secretariat,
    /// One side only: its internal drafts.
    Side(Side),
}

/// Why an audience is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AudienceError {
    #[error("unknown audience")]
    Unknown,
    #[error("this audience needs a party side (requesting or responding)")]
    SideMissing,
    #[error("this audience takes no party side")]
    SideNotTaken,
}

impl Audience {
    pub const KINDS: [&'static str; 5] = ["joint", "caucus", "mediators", "secretariat", "side"];

    /// Every audience there is.
    pub const ALL: [Audience; 7] = [
        Audience::Joint,
        Audience::Caucus(Side::Requesting),
        Audience::Caucus(Side::Responding),
        Audience::Mediators,
        Audience::Secretariat,
        Audience::Side(Side::Requesting),
        Audience::Side(Side::Responding),
    ];

    /// Parses the two fields a filer sends: the kind, and for `caucus` and `side` the party side.
    pub fn parse(kind: &str, side: &str) -> Result<Audience, AudienceError> {
        let side = match side.trim() {
            "" => None,
            other => Some(Side::parse(other).ok_or(AudienceError::SideMissing)?),
        };
        let needs_side = |make: fn(Side) -> Audience| side.map(make).ok_or(AudienceError::SideMissing);
        let no_side = |audience: Audience| if side.is_some() { Err(AudienceError::SideNotTaken) } else { Ok(audience) };
        match kind.trim() {
            "joint" => no_side(Audience::Joint),
            "caucus" => needs_side(Audience::Caucus),
            "mediators" => no_side(Audience::Mediators),
            "secretariat" => no_side(Audience::Secretariat),
            "side" => needs_side(Audience::Side),
            _ => Err(AudienceError::Unknown),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Audience::Joint => "joint",
            Audience::Caucus(_) => "caucus",
            Audience::Mediators => "mediators",
            Audience::Secretariat => "secretariat",
            Audience::Side(_) => "side",
        }
    }

    pub fn side(&self) -> Option<Side> {
        match self {
            Audience::Caucus(s) | Audience::Side(s) => Some(*s),
            _ => None,
        }
    }

    /// A stable name: `joint`, `caucus:requesting`, `side:responding`, …
    pub fn key(&self) -> String {
        match self.side() {
            Some(side) => format!("{}:{}", self.kind(), side.as_str()),
            None => self.kind().to_owned(),
        }
    }

    pub fn from_key(key: &str) -> Result<Audience, AudienceError> {
        let (kind, side) = key.split_once(':').unwrap_or((key, ""));
        Audience::parse(kind, side)
    }

    /// Whether someone with this standing in the case (none if they are not on it), and in the
    /// Secretariat or not, is in the audience.
    pub fn admits(&self, standing: Option<Standing>, secretariat: bool) -> bool {
        match self {
            Audience::Joint => standing.is_some() || secretariat,
            Audience::Caucus(side) => standing == Some(Standing::Mediator) || standing == Some(Standing::Party(*side)),
            Audience::Mediators => standing == Some(Standing::Mediator),
            Audience::Secretariat => secretariat,
            Audience::Side(side) => standing == Some(Standing::Party(*side)),
        }
    }
}

/// What a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Request,
    ConsentToMediate,
    ProofOfAuthority,
    InternalAuthorization,
    Statement,
    Exhibit,
    Correspondence,
    DraftSettlement,
    SettlementAgreement,
    Note,
    Other,
}

impl DocumentType {
    pub const ALL: [DocumentType; 11] = [
        DocumentType::Request,
        DocumentType::ConsentToMediate,
        DocumentType::ProofOfAuthority,
        DocumentType::InternalAuthorization,
        DocumentType::Statement,
        DocumentType::Exhibit,
        DocumentType::Correspondence,
        DocumentType::DraftSettlement,
        DocumentType::SettlementAgreement,
        DocumentType::Note,
        DocumentType::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentType::Request => "request",
            DocumentType::ConsentToMediate => "consent_to_mediate",
            DocumentType::ProofOfAuthority => "proof_of_authority",
            DocumentType::InternalAuthorization => "internal_authorization",
            DocumentType::Statement => "statement",
            DocumentType::Exhibit => "exhibit",
            DocumentType::Correspondence => "correspondence",
            DocumentType::DraftSettlement => "draft_settlement",
            DocumentType::SettlementAgreement => "settlement_agreement",
            DocumentType::Note => "note",
            DocumentType::Other => "other",
        }
    }

    pub fn parse(input: &str) -> Option<DocumentType> {
        DocumentType::ALL.into_iter().find(|t| t.as_str() == input.trim())
    }
}

/// Who made a translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TranslatedBy {
    Human,
    Machine,
}

/// What a translation says of itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Translation {
    /// The document translated.
    pub of: i64,
    /// Whether the parties treat this language version as authentic.
    pub authentic: bool,
    pub by: TranslatedBy,
    pub reviewed: bool,
}

/// What a filer says about a document, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    pub title: String,
    pub kind: DocumentType,
    /// A BCP 47 language tag, as typed (`en`, `zh-Hant`, `fr`, `es-419`).
    pub language: String,
    pub audience: Audience,
    /// The filing this one is a new version of.
    pub replaces: Option<i64>,
    pub translation: Option<Translation>,
}

/// What a filer sends, as sent (the API's `meta` part, or the web form's fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MetaDraft {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub language: String,
    pub audience: String,
    /// For `caucus` and `side`: `requesting` or `responding`.
    pub party: String,
    pub replaces: Option<i64>,
    pub translation_of: Option<i64>,
    pub translation_authentic: bool,
    /// `human` or `machine`.
    pub translated_by: String,
    pub translation_reviewed: bool,
}

/// What is wrong with a [`MetaDraft`]: the field and a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetaGap {
    pub field: &'static str,
    pub code: &'static str,
}

/// Titles are at most this many characters.
pub const TITLE_MAX: usize = 300;

impl MetaDraft {
    /// Checks everything at once; every gap is listed.
    pub fn check(&self) -> Result<DocumentMeta, Vec<MetaGap>> {
        let mut gaps = Vec::new();
        let mut gap = |field, code| gaps.push(MetaGap { field, code });
        let title = without_bidi_controls(self.title.trim());
        let title = title.trim();
        if title.is_empty() {
            gap("title", "missing");
        } else if title.chars().count() > TITLE_MAX {
            gap("title", "too_long");
        } else if title.chars().any(char::is_control) {
            gap("title", "invalid");
        }
        let kind = DocumentType::parse(&self.kind);
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
        let audience = Audience::parse(&self.audience, &self.party);
        match audience {
            Ok(_) => {}
            Err(_) if self.audience.trim().is_empty() => gap("audience", "missing"),
            Err(AudienceError::Unknown) => gap("audience", "invalid"),
            Err(AudienceError::SideMissing) => {
                gap("party", if self.party.trim().is_empty() { "missing" } else { "invalid" })
            }
            Err(AudienceError::SideNotTaken) => gap("party", "invalid"),
        }
        let translated_by = match self.translated_by.trim() {
            "human" => Some(TranslatedBy::Human),
            "machine" => Some(TranslatedBy::Machine),
            "" => None,
            _ => {
                gap("translated_by", "invalid");
                None
            }
        };
        let translation = match (self.translation_of, translated_by) {
            (Some(of), Some(by)) => {
                Some(Translation { of, authentic: self.translation_authentic, by, reviewed: self.translation_reviewed })
            }
            (Some(_), None) => {
                if self.translated_by.trim().is_empty() {
                    gap("translated_by", "missing");
                }
                None
            }
            (None, Some(_)) => {
                gap("translation_of", "missing");
                None
            }
            (None, None) => None,
        };
        match (kind, audience) {
            (Some(kind), Ok(audience)) if gaps.is_empty() => Ok(DocumentMeta {
                title: title.to_owned(),
                kind,
                language: language.to_owned(),
                audience,
                replaces: self.replaces,
                translation,
            }),
            _ => Err(gaps),
        }
    }
}

/// A well-formed BCP 47 tag, loosely: a 2–3 letter language, then subtags of 2–8 letters or
/// digits. Enough to refuse prose; the tag is shown as typed.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let Some(language) = parts.next() else { return false };
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STANDINGS: [Option<Standing>; 4] = [
        None,
        Some(Standing::Party(Side::Requesting)),
        Some(Standing::Party(Side::Responding)),
        Some(Standing::Mediator),
    ];

    #[test]
    fn who_is_in_each_audience() {
        let req = Some(Standing::Party(Side::Requesting));
        let resp = Some(Standing::Party(Side::Responding));
        let med = Some(Standing::Mediator);
        // (audience, [none, requesting, responding, mediator] without the Secretariat role, Secretariat alone)
        let table = [
            (Audience::Joint, [false, true, true, true], true),
            (Audience::Caucus(Side::Requesting), [false, true, false, true], false),
            (Audience::Caucus(Side::Responding), [false, false, true, true], false),
            (Audience::Mediators, [false, false, false, true], false),
            (Audience::Secretariat, [false, false, false, false], true),
            (Audience::Side(Side::Requesting), [false, true, false, false], false),
            (Audience::Side(Side::Responding), [false, false, true, false], false),
        ];
        for (audience, expected, secretariat) in table {
            for (standing, want) in [None, req, resp, med].into_iter().zip(expected) {
                assert_eq!(audience.admits(standing, false), want, "{audience:?} {standing:?}");
            }
            assert_eq!(audience.admits(None, true), secretariat, "{audience:?} Secretariat");
        }
    }

    #[test]
    fn audiences_round_trip_through_their_keys() {
        for audience in Audience::ALL {
            assert_eq!(Audience::from_key(&audience.key()), Ok(audience));
        }
        assert_eq!(Audience::parse("caucus", ""), Err(AudienceError::SideMissing));
        assert_eq!(Audience::parse("joint", "requesting"), Err(AudienceError::SideNotTaken));
        assert_eq!(Audience::parse("everyone", ""), Err(AudienceError::Unknown));
        assert_eq!(Audience::parse("side", "neutral"), Err(AudienceError::SideMissing));
    }

    #[test]
    fn meta_lists_every_gap() {
        let gaps =
            MetaDraft { title: " ".into(), kind: "memo".into(), audience: "caucus".into(), ..Default::default() }
                .check()
                .unwrap_err();
        let codes: Vec<_> = gaps.iter().map(|g| (g.field, g.code)).collect();
        assert_eq!(codes, [("title", "missing"), ("type", "invalid"), ("language", "missing"), ("party", "missing")]);
        let meta = MetaDraft {
            title: "Note on the valuation".into(),
            kind: "note".into(),
            language: "zh-Hant".into(),
            audience: "caucus".into(),
            party: "responding".into(),
            translation_of: Some(4),
            translated_by: "machine".into(),
            ..Default::default()
        }
        .check()
        .unwrap();
        assert_eq!(meta.audience, Audience::Caucus(Side::Responding));
        assert_eq!(meta.translation.map(|t| (t.of, t.by, t.reviewed)), Some((4, TranslatedBy::Machine, false)));
        let gaps = MetaDraft { translated_by: "human".into(), ..Default::default() }.check().unwrap_err();
        assert!(gaps.contains(&MetaGap { field: "translation_of", code: "missing" }));
        assert!(!is_language_tag("English please"));
        assert!(is_language_tag("es-419"));
    }

    proptest! {
        /// Nobody outside the case sees anything but what the Secretariat may; every audience
        /// but the Secretariat's needs a standing; a party side never sees the other side's
        /// caucus or drafts.
        #[test]
        fn no_audience_leaks_across_sides(a in prop::sample::select(Audience::ALL.to_vec()), s in prop::sample::select(STANDINGS.to_vec()), sec in any::<bool>()) {
            if s.is_none() && !sec {
                prop_assert!(!a.admits(s, sec));
            }
            if let (Some(side), Some(Standing::Party(mine))) = (a.side(), s) && side != mine {
                prop_assert!(!a.admits(s, sec));
            }
            if a == Audience::Mediators {
                prop_assert_eq!(a.admits(s, sec), s == Some(Standing::Mediator));
            }
        }
    }
}

/// What the case file holds under a document number, as a rule needs to know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiledDocument {
    pub audience: Audience,
    pub kind: DocumentType,
}

impl FiledDocument {
    /// A settlement agreement in the joint case file: what recording a settlement needs (W17).
    pub fn is_settlement_agreement(&self) -> bool {
        self.audience == Audience::Joint && self.kind == DocumentType::SettlementAgreement
    }
}

/// Why a filing, or a request to share, is refused by the case file's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CaseFileRefusal {
    #[error("the case is closed: nothing more is filed in it")]
    CaseClosed,
    #[error("the document this one replaces is not in this case with the same audience")]
    UnknownReplaced,
    #[error("that document has already been replaced by a newer version")]
    AlreadyReplaced,
    #[error("the document this one translates is not in this case with the same audience")]
    UnknownTranslated,
    #[error("only a caucus document can be shared with its side's permission")]
    NotShareable,
    #[error("permission to share this document was already asked")]
    AlreadyAsked,
    #[error("this request for permission was already answered")]
    AlreadyAnswered,
}

impl CaseFileRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            CaseFileRefusal::CaseClosed => "case_closed",
            CaseFileRefusal::UnknownReplaced => "unknown_replaced",
            CaseFileRefusal::AlreadyReplaced => "already_replaced",
            CaseFileRefusal::UnknownTranslated => "unknown_translated",
            CaseFileRefusal::NotShareable => "not_shareable",
            CaseFileRefusal::AlreadyAsked => "already_asked",
            CaseFileRefusal::AlreadyAnswered => "already_answered",
        }
    }
}

/// A document the new filing names (the one it replaces or translates), as the case file holds
/// it in the same case and audience: absent, or present and already replaced or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Absent,
    Present { replaced: bool },
}

/// Whether a document may be filed: the case is open; a new version names a document of the same
/// case and audience that no version has replaced yet; a translation names one of the same case
/// and audience. Filings are immutable: a change is a new version.
pub fn may_file(case_closed: bool, replaces: Option<Named>, translates: Option<Named>) -> Result<(), CaseFileRefusal> {
    if case_closed {
        return Err(CaseFileRefusal::CaseClosed);
    }
    match replaces {
        Some(Named::Absent) => return Err(CaseFileRefusal::UnknownReplaced),
        Some(Named::Present { replaced: true }) => return Err(CaseFileRefusal::AlreadyReplaced),
        _ => {}
    }
    if translates == Some(Named::Absent) {
        return Err(CaseFileRefusal::UnknownTranslated);
    }
    Ok(())
}

/// Whether a mediator may ask permission to pass this document on (W12): only a caucus document,
/// once, in an open case. Gives the side whose permission is asked.
pub fn may_ask_to_share(audience: Audience, case_closed: bool, already_asked: bool) -> Result<Side, CaseFileRefusal> {
    let Audience::Caucus(side) = audience else { return Err(CaseFileRefusal::NotShareable) };
    if case_closed {
        return Err(CaseFileRefusal::CaseClosed);
    }
    if already_asked {
        return Err(CaseFileRefusal::AlreadyAsked);
    }
    Ok(side)
}

/// Whether a request for permission may be answered: once, in an open case.
pub fn may_answer_share(already_answered: bool, case_closed: bool) -> Result<(), CaseFileRefusal> {
    if already_answered {
        return Err(CaseFileRefusal::AlreadyAnswered);
    }
    if case_closed {
        return Err(CaseFileRefusal::CaseClosed);
    }
    Ok(())
}

/// Whether a message may be sent in the case: while it is open.
pub fn may_send_message(case_closed: bool) -> Result<(), CaseFileRefusal> {
    if case_closed { Err(CaseFileRefusal::CaseClosed) } else { Ok(()) }
}

#[cfg(test)]
mod case_file_rules {
    use super::*;

    #[test]
    fn filings_follow_the_case_file_rules() {
        assert_eq!(may_file(false, None, None), Ok(()));
        assert_eq!(may_file(true, None, None), Err(CaseFileRefusal::CaseClosed));
        assert_eq!(may_file(false, Some(Named::Absent), None), Err(CaseFileRefusal::UnknownReplaced));
        assert_eq!(
            may_file(false, Some(Named::Present { replaced: true }), None),
            Err(CaseFileRefusal::AlreadyReplaced)
        );
        assert_eq!(may_file(false, Some(Named::Present { replaced: false }), None), Ok(()));
        assert_eq!(may_file(false, None, Some(Named::Absent)), Err(CaseFileRefusal::UnknownTranslated));
        assert_eq!(
            may_file(false, None, Some(Named::Present { replaced: true })),
            Ok(()),
            "a translation of an old version"
        );
    }

    #[test]
    fn only_a_caucus_document_is_shared_once_with_its_sides_permission() {
        assert_eq!(may_ask_to_share(Audience::Caucus(Side::Responding), false, false), Ok(Side::Responding));
        for audience in [Audience::Joint, Audience::Mediators, Audience::Secretariat, Audience::Side(Side::Requesting)]
        {
            assert_eq!(may_ask_to_share(audience, false, false), Err(CaseFileRefusal::NotShareable), "{audience:?}");
        }
        assert_eq!(may_ask_to_share(Audience::Caucus(Side::Requesting), true, false), Err(CaseFileRefusal::CaseClosed));
        assert_eq!(
            may_ask_to_share(Audience::Caucus(Side::Requesting), false, true),
            Err(CaseFileRefusal::AlreadyAsked)
        );
        assert_eq!(may_answer_share(true, false), Err(CaseFileRefusal::AlreadyAnswered));
        assert_eq!(may_answer_share(false, true), Err(CaseFileRefusal::CaseClosed));
        assert_eq!(may_send_message(true), Err(CaseFileRefusal::CaseClosed));
    }

    #[test]
    fn a_settlement_is_a_settlement_agreement_in_the_joint_file() {
        let filed = |audience, kind| FiledDocument { audience, kind };
        assert!(filed(Audience::Joint, DocumentType::SettlementAgreement).is_settlement_agreement());
        assert!(
            !filed(Audience::Caucus(Side::Requesting), DocumentType::SettlementAgreement).is_settlement_agreement()
        );
        assert!(!filed(Audience::Joint, DocumentType::Correspondence).is_settlement_agreement());
    }
}

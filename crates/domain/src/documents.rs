//! The case file: who a document is for (its audience), what it is, and the checks on what a
//! filer says about it. Pure: the bytes live in the store's blob store.
//!
//! Every document has exactly one [`Audience`], chosen by the filer. Who is in an audience is
//! decided here, by [`Audience::admits`], and nowhere else; the access policy asks it.

use serde::{Deserialize, Serialize};

use crate::access::Standing;
use crate::request::Side;

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
    Statement,
    Exhibit,
    Correspondence,
    DraftSettlement,
    SettlementAgreement,
    Note,
    Other,
}

impl DocumentType {
    pub const ALL: [DocumentType; 10] = [
        DocumentType::Request,
        DocumentType::ConsentToMediate,
        DocumentType::ProofOfAuthority,
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
        let title = self.title.trim();
        if title.is_empty() {
            gap("title", "missing");
        } else if title.chars().count() > TITLE_MAX || title.chars().any(char::is_control) {
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

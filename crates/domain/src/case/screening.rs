//! Screening (W4): what must be on file before a request is registered, as a checklist the
//! Secretariat reads on the case page, and the rule that registration is refused with every
//! missing item listed at once.

use serde::Serialize;

use super::{Basis, Case, Stage};
use crate::documents::{Audience, DocumentType};
use crate::request::Side;
use crate::scope::Outcome;

/// A document of the case file, as screening looks at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledForScreening {
    /// Its number in the case file.
    pub id: i64,
    pub kind: DocumentType,
    pub audience: Audience,
    /// The side of whoever filed it; none when the Secretariat filed it.
    pub side: Option<Side>,
}

/// What the case file holds that screening asks about, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScreeningFile {
    pub documents: Vec<FiledForScreening>,
    /// The sides that have a representative on the case.
    pub represented: Vec<Side>,
}

/// One thing screening checks before registration (W4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreeningItem {
    /// The lodging fee is recorded as paid.
    LodgingFee,
    /// Written consent is on file: a consent to mediate in the case file, or the offer to mediate
    /// accepted.
    Consent,
    /// The proof of authority of a side's representative is on file, filed by that side. The
    /// requesting side always; the responding side once it has a representative on the case.
    Authority(Side),
    /// The scope engine finds the request in scope, or within the Council's discretion.
    Scope,
    /// For a discretionary case, the Governing Council rule relied on is named (E4).
    CouncilRule,
}

impl ScreeningItem {
    /// A stable name, for the API and the interface's messages.
    pub fn code(&self) -> &'static str {
        match self {
            ScreeningItem::LodgingFee => "lodging_fee",
            ScreeningItem::Consent => "consent",
            ScreeningItem::Authority(Side::Requesting) => "authority_requesting",
            ScreeningItem::Authority(Side::Responding) => "authority_responding",
            ScreeningItem::Scope => "scope",
            ScreeningItem::CouncilRule => "council_rule",
        }
    }
}

/// An item of the checklist and whether it is met; `document` is the case file's document that
/// meets it, where one does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub item: ScreeningItem,
    pub met: bool,
    pub document: Option<i64>,
}

/// The items of a checklist that are not met.
pub fn missing(checks: &[Check]) -> Vec<ScreeningItem> {
    checks.iter().filter(|c| !c.met).map(|c| c.item).collect()
}

impl Case {
    /// The screening checklist of this case (W4), with `file` as the case file holds it, `scope`
    /// as the scope engine assesses the request now (E14), and the Council rule named, if any.
    pub fn screening(&self, file: &ScreeningFile, scope: Outcome, council_rule: Option<&str>) -> Vec<Check> {
        // What the Secretariat reads: the joint file and its own. A consent or a proof filed in
        // a caucus or a side's drafts is not on file for screening.
        let first = |kind: DocumentType, side: Option<Side>| {
            file.documents
                .iter()
                .filter(|d| matches!(d.audience, Audience::Joint | Audience::Secretariat))
                .find(|d| d.kind == kind && (side.is_none() || d.side == side))
                .map(|d| d.id)
        };
        let mut checks = vec![Check { item: ScreeningItem::LodgingFee, met: self.fee_paid, document: None }];
        let accepted = self.basis == Basis::Offer && !matches!(self.stage, Stage::OfferPending);
        let consent = first(DocumentType::ConsentToMediate, None);
        checks.push(Check { item: ScreeningItem::Consent, met: accepted || consent.is_some(), document: consent });
        for side in [Side::Requesting, Side::Responding] {
            if side == Side::Requesting || file.represented.contains(&side) {
                let proof = first(DocumentType::ProofOfAuthority, Some(side));
                checks.push(Check { item: ScreeningItem::Authority(side), met: proof.is_some(), document: proof });
            }
        }
        let in_scope = matches!(scope, Outcome::InScope | Outcome::Discretionary);
        checks.push(Check { item: ScreeningItem::Scope, met: in_scope, document: None });
        if scope == Outcome::Discretionary {
            let named = council_rule.is_some_and(|r| !r.trim().is_empty());
            checks.push(Check { item: ScreeningItem::CouncilRule, met: named, document: None });
        }
        checks
    }
}

use super::*;

pub(crate) fn complete() -> Draft {
    Draft {
        category: "private_commercial".into(),
        summary: "Unpaid invoices for port equipment delivered in 2025.".into(),
        parties: vec![
            DraftParty {
                side: "requesting".into(),
                kind: "company".into(),
                name: "Harbourline Logistics Ltd".into(),
                nationalities: vec!["SGP".into()],
                place_of_business: "SGP".into(),
                contact: "legal@harbourline.example".into(),
                ..DraftParty::default()
            },
            DraftParty {
                side: "responding".into(),
                kind: "company".into(),
                name: "Kestrel Cranes SA".into(),
                nationalities: vec!["FRA".into()],
                place_of_business: "FRA".into(),
                contact: "contentieux@kestrel.example".into(),
                ..DraftParty::default()
            },
        ],
        subjects: vec!["trade".into()],
        third_states: vec![],
        consent_basis: "prior_agreement".into(),
        consent_date: "2024-03-03".into(),
        consent_document: "Supply Agreement of 3 March 2024, clause 21".into(),
        authority_document: "Power of attorney of 2 May 2026".into(),
        internal_authorization: "Board resolution of 28 April 2026".into(),
        other_side_name: "Camille Durand".into(),
        other_side_email: "camille.durand@kestrel.example".into(),
        signature: "Mei Ling Tan".into(),
    }
}

#[test]
fn a_complete_draft_parses() {
    let request = complete().check().unwrap();
    assert_eq!(request.title(), "Harbourline Logistics Ltd v. Kestrel Cranes SA");
    assert_eq!(request.consent.basis, ConsentBasis::PriorAgreement);
}

#[test]
fn an_empty_draft_lists_every_gap_at_once() {
    let gaps = Draft::default().check().unwrap_err();
    let fields: Vec<_> = gaps.iter().map(|g| (g.field.as_str(), g.problem.code())).collect();
    assert_eq!(
        fields,
        [
            ("category", "missing"),
            ("summary", "missing"),
            ("parties", "no_requesting_party"),
            ("parties", "no_responding_party"),
            ("subjects", "missing"),
            ("consent_basis", "missing"),
            ("consent_date", "missing"),
            ("consent_document", "missing"),
            ("authority_document", "missing"),
            ("other_side_name", "missing"),
            ("other_side_email", "missing"),
            ("signature", "missing"),
        ]
    );
}

#[test]
fn bad_values_are_named() {
    let mut draft = complete();
    draft.parties[1].nationalities = vec!["XXX".into()];
    draft.parties[0].contact = " ".into();
    draft.internal_authorization = String::new();
    draft.consent_date = "3 March".into();
    draft.other_side_email = "nobody".into();
    let gaps = draft.check().unwrap_err();
    let fields: Vec<_> = gaps.iter().map(|g| (g.field.as_str(), g.problem.code())).collect();
    assert_eq!(
        fields,
        [
            ("parties[0].contact", "missing"),
            ("parties[1].nationalities", "unknown_state"),
            ("parties[1].nationalities", "missing"),
            ("consent_date", "invalid"),
            ("internal_authorization", "missing"),
            ("other_side_email", "invalid"),
        ]
    );
}

#[test]
fn drafts_round_trip_through_json_and_refuse_unknown_fields() {
    let draft = complete();
    let json = serde_json::to_string(&draft).unwrap();
    assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), draft);
    assert!(serde_json::from_str::<Draft>(r#"{"categry": "x"}"#).is_err());
}

#[test]
fn a_draft_is_titled_from_its_parties_as_soon_as_they_are_known() {
    let party = |side: &str, kind: &str, state: &str, name: &str| DraftParty {
        side: side.into(),
        kind: kind.into(),
        state: state.into(),
        name: name.into(),
        ..DraftParty::default()
    };
    let mut draft = Draft::default();
    assert_eq!(draft.working_title(), None);
    draft.parties.push(party("requesting", "company", "", "Harbour Solar Holdings Ltd"));
    assert_eq!(draft.working_title().as_deref(), Some("Harbour Solar Holdings Ltd v. …"));
    draft.parties.push(party("responding", "state", "PAK", ""));
    assert_eq!(draft.working_title().as_deref(), Some("Harbour Solar Holdings Ltd v. PAK"));
    draft.parties.push(party("responding", "company", "", "   "));
    assert_eq!(
        draft.working_title().as_deref(),
        Some("Harbour Solar Holdings Ltd v. PAK"),
        "an empty name is no party"
    );
}

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;
use crate::registry::{Command, Evidence, Instrument, Registry};

fn code(s: &str) -> StateCode {
    StateCode::parse(s).unwrap()
}

/// CHN, PAK, SRB ratified in July 2025 (in force 29 Aug 2025); LAO ratified in January 2026 (in
/// force 9 Feb 2026); KEN signed; SRB excluded maritime delimitation on 1 Sep 2025; FRA nothing.
fn registry() -> Registry {
    let mut r = Registry::default();
    let rules = RulesProfile::initial();
    let today = date(2026, 11, 22);
    let ev = || Evidence::new(true, "test").unwrap();
    let mut run = |c: Command| {
        let e = r.decide(c, today, &rules).unwrap();
        r.apply(&e);
    };
    for s in ["CHN", "PAK", "SRB", "LAO", "KEN"] {
        run(Command::Sign { state: code(s), on: Some(date(2025, 5, 30)), evidence: ev() });
    }
    for (s, d) in
        [("CHN", date(2025, 7, 1)), ("PAK", date(2025, 7, 10)), ("SRB", date(2025, 7, 30)), ("LAO", date(2026, 1, 10))]
    {
        run(Command::ConsentToBeBound {
            state: code(s),
            instrument: Instrument::Ratification,
            on: Some(d),
            before_entry_into_force: false,
            evidence: ev(),
        });
    }
    run(Command::Declare {
        state: code("SRB"),
        subjects: vec![Subject::MaritimeDelimitation],
        text: None,
        on: date(2025, 9, 1),
        evidence: ev(),
    });
    r
}

fn state(s: &str) -> Party {
    Party::State(code(s))
}

fn company(nationalities: &[&str], place: Option<&str>) -> Party {
    Party::National {
        name: "Fictional Co".into(),
        company: true,
        nationalities: nationalities.iter().map(|s| code(s)).collect(),
        place_of_business: place.map(code),
    }
}

fn dispute(category: Category, parties: Vec<Party>, subjects: &[Subject]) -> Dispute {
    Dispute {
        category,
        filed_on: date(2026, 3, 1),
        parties,
        subjects: subjects.iter().copied().collect(),
        third_states: Vec::new(),
        consent: Some(Consent { basis: ConsentBasis::PriorAgreement, date: date(2026, 1, 15) }),
    }
}

fn codes(a: &Assessment) -> Vec<&'static str> {
    a.reasons.iter().map(Reason::code).collect()
}

#[test]
fn named_scenarios() {
    let r = registry();
    let rules = RulesProfile::initial();
    let check = |d: Dispute| assess(&d, &r, &rules);
    use Subject::*;

    // Two Contracting States, a trade dispute: in scope.
    let a = check(dispute(Category::StateState, vec![state("CHN"), state("PAK")], &[Trade]));
    assert_eq!(a.outcome, Outcome::InScope, "{:?}", codes(&a));

    // Serbia excluded maritime delimitation: out of scope, whoever files.
    let a = check(dispute(Category::StateState, vec![state("PAK"), state("SRB")], &[MaritimeDelimitation, Trade]));
    assert_eq!(a.outcome, Outcome::OutOfScope);
    assert!(codes(&a).contains(&"excluded_by_declaration"));

    // A declaration made after the filing date does not apply.
    let mut early = dispute(Category::StateState, vec![state("PAK"), state("SRB")], &[MaritimeDelimitation]);
    early.filed_on = date(2025, 8, 30);
    early.consent = Some(Consent { basis: ConsentBasis::PriorAgreement, date: date(2025, 8, 1) });
    assert_eq!(check(early.clone()).outcome, Outcome::InScope);
    // … and a prior agreement dated after the filing is not a prior agreement.
    early.consent = Some(Consent { basis: ConsentBasis::PriorAgreement, date: date(2025, 9, 1) });
    assert_eq!(check(early).outcome, Outcome::Incomplete);

    // A non-Contracting State: discretionary (Governing Council rules).
    let a = check(dispute(Category::StateState, vec![state("CHN"), state("FRA")], &[Trade]));
    assert_eq!(a.outcome, Outcome::Discretionary);
    assert!(codes(&a).contains(&"non_contracting_state"));

    // Laos is bound only from 9 Feb 2026: a filing in January is discretionary, in March in scope.
    let mut jan = dispute(Category::StateState, vec![state("CHN"), state("LAO")], &[Water]);
    jan.filed_on = date(2026, 1, 20);
    assert_eq!(check(jan).outcome, Outcome::Discretionary);
    assert_eq!(
        check(dispute(Category::StateState, vec![state("CHN"), state("LAO")], &[Water])).outcome,
        Outcome::InScope
    );

    // A third State without prior consent blocks the case; with it, it does not.
    let mut third = dispute(Category::StateState, vec![state("CHN"), state("PAK")], &[Water]);
    third.third_states = vec![ThirdState { state: code("LAO"), consented: false }];
    assert_eq!(check(third.clone()).outcome, Outcome::OutOfScope);
    third.third_states[0].consented = true;
    assert_eq!(check(third).outcome, Outcome::InScope);

    // An international organization: discretionary.
    let a = check(dispute(
        Category::StateState,
        vec![state("CHN"), Party::Organization { name: "Fictional Basin Commission".into() }],
        &[Water],
    ));
    assert_eq!(a.outcome, Outcome::Discretionary);

    // Investor of another State against a Contracting State: in scope.
    let a = check(dispute(Category::StateNational, vec![state("PAK"), company(&["KEN"], Some("KEN"))], &[Investment]));
    assert_eq!(a.outcome, Outcome::InScope, "{:?}", codes(&a));
    // A national of the respondent State fails the nationality test; a dual national is reviewed.
    assert_eq!(
        check(dispute(Category::StateNational, vec![state("PAK"), company(&["PAK"], Some("PAK"))], &[Investment]))
            .outcome,
        Outcome::OutOfScope
    );
    let dual = check(dispute(
        Category::StateNational,
        vec![state("PAK"), company(&["PAK", "KEN"], Some("KEN"))],
        &[Investment],
    ));
    assert_eq!(dual.outcome, Outcome::Discretionary);
    assert!(codes(&dual).contains(&"dual_national_review"));
    // Not evidently commercial or investment.
    assert_eq!(
        check(dispute(Category::StateNational, vec![state("PAK"), company(&["KEN"], Some("KEN"))], &[Environment]))
            .outcome,
        Outcome::Discretionary
    );

    // Private parties: international and commercial.
    assert_eq!(
        check(dispute(
            Category::PrivateCommercial,
            vec![company(&["KEN"], Some("KEN")), company(&["CHN"], Some("CHN"))],
            &[Trade]
        ))
        .outcome,
        Outcome::InScope
    );
    assert_eq!(
        check(dispute(
            Category::PrivateCommercial,
            vec![company(&["KEN"], Some("KEN")), company(&["KEN"], Some("KEN"))],
            &[Trade]
        ))
        .outcome,
        Outcome::OutOfScope
    );
    assert_eq!(
        check(dispute(
            Category::PrivateCommercial,
            vec![company(&["KEN"], None), company(&["CHN"], Some("CHN"))],
            &[Trade]
        ))
        .outcome,
        Outcome::Incomplete
    );
    assert_eq!(
        check(dispute(Category::PrivateCommercial, vec![state("CHN"), company(&["KEN"], Some("KEN"))], &[Trade]))
            .outcome,
        Outcome::OutOfScope
    );

    // Consent and completeness.
    let mut none = dispute(Category::StateState, vec![state("CHN"), state("PAK")], &[Trade]);
    none.consent = None;
    assert_eq!(check(none).outcome, Outcome::Incomplete);
    let mut offer = dispute(Category::StateState, vec![state("CHN"), state("PAK")], &[Trade]);
    offer.consent = Some(Consent { basis: ConsentBasis::Offer, date: date(2026, 3, 1) });
    let a = check(offer);
    assert_eq!(a.outcome, Outcome::InScope);
    assert!(codes(&a).contains(&"offer_needs_acceptance"));
    assert_eq!(check(dispute(Category::StateState, vec![state("CHN")], &[Trade])).outcome, Outcome::Incomplete);
    assert_eq!(
        check(dispute(Category::StateState, vec![state("CHN"), state("PAK")], &[])).outcome,
        Outcome::Incomplete
    );
}

fn arb_party() -> impl Strategy<Value = Party> {
    let s = prop::sample::select(vec!["CHN", "PAK", "SRB", "LAO", "KEN", "FRA", "BRA"]);
    prop_oneof![
        s.clone().prop_map(|c| Party::State(code(c))),
        Just(Party::Organization { name: "Org".into() }),
        (prop::collection::btree_set(s.clone(), 0..3), prop::option::of(s)).prop_map(|(n, p)| Party::National {
            name: "X".into(),
            company: true,
            nationalities: n.into_iter().map(code).collect(),
            place_of_business: p.map(code),
        }),
    ]
}

fn arb_dispute() -> impl Strategy<Value = Dispute> {
    (
        prop::sample::select(vec![Category::StateState, Category::StateNational, Category::PrivateCommercial]),
        0i32..800,
        prop::collection::vec(arb_party(), 0..4),
        prop::collection::btree_set(prop::sample::select(Subject::ALL.to_vec()), 0..3),
        prop::collection::vec((prop::sample::select(vec!["LAO", "KEN", "BRA"]), any::<bool>()), 0..2),
        prop::option::of((any::<bool>(), 0i32..800)),
    )
        .prop_map(|(category, day, parties, subjects, thirds, consent)| Dispute {
            category,
            filed_on: date(2025, 6, 1).checked_add(day.days()).unwrap(),
            parties,
            subjects,
            third_states: thirds.into_iter().map(|(s, c)| ThirdState { state: code(s), consented: c }).collect(),
            consent: consent.map(|(prior, d)| Consent {
                basis: if prior { ConsentBasis::PriorAgreement } else { ConsentBasis::Offer },
                date: date(2025, 6, 1).checked_add(d.days()).unwrap(),
            }),
        })
}

proptest! {
    #[test]
    fn the_order_of_parties_never_matters(d in arb_dispute(), seed in any::<u64>()) {
        let r = registry();
        let rules = RulesProfile::initial();
        let mut shuffled = d.clone();
        let n = shuffled.parties.len();
        if n > 1 {
            let k = (seed as usize) % n;
            shuffled.parties.rotate_left(k);
            shuffled.parties.reverse();
        }
        prop_assert_eq!(assess(&d, &r, &rules), assess(&shuffled, &r, &rules));
    }

    #[test]
    fn adding_an_exclusion_never_brings_a_dispute_into_scope(d in arb_dispute(), s in prop::sample::select(vec!["CHN", "PAK", "KEN"]), subject in prop::sample::select(Subject::ALL.to_vec())) {
        let rules = RulesProfile::initial();
        let before = registry();
        let mut after = before.clone();
        let declared: Date = date(2025, 6, 1);
        let e = after.decide(
            Command::Declare { state: code(s), subjects: vec![subject], text: None, on: declared, evidence: Evidence::new(true, "t").unwrap() },
            date(2026, 11, 22),
            &rules,
        );
        if let Ok(e) = e { after.apply(&e); }
        let (a, b) = (assess(&d, &before, &rules).outcome, assess(&d, &after, &rules).outcome);
        prop_assert!(b >= a, "{:?} became {:?}", a, b);
    }

    #[test]
    fn an_unconsented_third_state_never_helps(d in arb_dispute(), s in prop::sample::select(vec!["LAO", "BRA"])) {
        let r = registry();
        let rules = RulesProfile::initial();
        let mut more = d.clone();
        more.third_states.push(ThirdState { state: code(s), consented: false });
        prop_assert!(assess(&more, &r, &rules).outcome >= assess(&d, &r, &rules).outcome);
    }
}

#[test]
fn every_reason_has_a_code_an_outcome_and_a_source() {
    let all = [
        Reason::TooFewParties,
        Reason::ExcludedByDeclaration { state: code("SRB"), subject: Subject::Trade, declaration: 1 },
        Reason::DualNationalReview { state: code("PAK") },
    ];
    let mut seen = BTreeSet::new();
    for r in all {
        assert!(seen.insert(r.code()));
        // A stable key the pages translate (`scope-source-{key}`), not a text.
        assert!(
            !r.source().is_empty() && r.source().chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{}",
            r.source()
        );
    }
}

/// E14: a declaration recorded after filing raises an alert on the open case, naming it.
#[test]
fn a_declaration_after_filing_raises_an_alert() {
    let r = registry();
    let rules = RulesProfile::initial();
    let mut d = dispute(Category::StateState, vec![state("PAK"), state("SRB")], &[Subject::MaritimeDelimitation]);
    d.filed_on = date(2025, 8, 30);
    d.consent = Some(Consent { basis: ConsentBasis::PriorAgreement, date: date(2025, 8, 1) });
    let at_filing = assess(&d, &r, &rules);
    assert_eq!(at_filing.outcome, Outcome::InScope);
    let mut today = d.clone();
    today.filed_on = date(2026, 11, 22);
    let alert = alert_since_filing(at_filing.outcome, &assess(&today, &r, &rules)).unwrap();
    assert_eq!(alert.outcome, Outcome::OutOfScope);
    assert_eq!(codes(&alert), ["excluded_by_declaration"]);
    // Nothing changed: no alert.
    assert_eq!(alert_since_filing(at_filing.outcome, &at_filing), None);
}

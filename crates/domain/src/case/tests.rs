use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;
use crate::documents::{Audience, DocumentType};

fn rules() -> RulesProfile {
    RulesProfile::initial()
}

fn run(events: &mut Vec<Event>, command: Command, today: Date) -> Result<(), Refusal> {
    let case = Case::from_events(events.iter()).unwrap();
    let event = case.decide(command, today, &rules())?;
    events.push(event);
    Ok(())
}

fn number() -> CaseNumber {
    CaseNumber::new(2026, 1).unwrap()
}

/// A case file with a consent to mediate and both sides' proofs of authority.
fn on_file() -> ScreeningFile {
    let doc = |id, kind, side| FiledForScreening { id, kind, audience: Audience::Joint, side };
    ScreeningFile {
        documents: vec![
            doc(1, DocumentType::ConsentToMediate, Some(Side::Requesting)),
            doc(2, DocumentType::ProofOfAuthority, Some(Side::Requesting)),
            doc(3, DocumentType::ProofOfAuthority, Some(Side::Responding)),
        ],
        represented: vec![Side::Requesting, Side::Responding],
    }
}

#[test]
fn case_numbers() {
    assert_eq!(number().to_string(), "IOMed/2026/0001");
    assert_eq!(CaseNumber::parse("IOMed/2026/0001"), Some(number()));
    assert_eq!(CaseNumber::parse("IOMed/2026/1"), None);
    assert_eq!(CaseNumber::new(2026, 0), None);
}

#[test]
fn a_filing_announces_the_time_limits_it_starts() {
    let filed = date(2026, 10, 2);
    let offer = Case::deadlines_at_filing(filed, Basis::Offer, &rules());
    assert_eq!(offer, vec![Deadline { kind: DeadlineKind::OfferAnswer, due: date(2026, 12, 1) }]);
    // With a prior agreement nothing runs until registration.
    assert_eq!(Case::deadlines_at_filing(filed, Basis::PriorAgreement, &rules()), vec![]);
}

#[test]
fn an_offer_accepted_then_registered_then_the_number_of_mediators_defaults_to_one() {
    // Filed on Friday 2 Oct 2026; 60 days is Tuesday 1 Dec 2026.
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::Offer, Outcome::InScope)];
    let case = Case::from_events(events.iter()).unwrap();
    assert_eq!(case.deadlines(&rules()), vec![Deadline { kind: DeadlineKind::OfferAnswer, due: date(2026, 12, 1) }]);
    assert_eq!(
        run(
            &mut events,
            Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
            filed
        )
        .unwrap_err()
        .code(),
        "wrong_stage"
    );
    run(&mut events, Command::AcceptOffer, date(2026, 10, 20)).unwrap();
    let unpaid = run(
        &mut events,
        Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
        date(2026, 10, 21),
    );
    assert_eq!(unpaid.unwrap_err(), Refusal::ScreeningIncomplete { missing: vec![ScreeningItem::LodgingFee] });
    run(&mut events, Command::MarkFeePaid, date(2026, 10, 21)).unwrap();
    // Registered Friday 6 Nov 2026: +30 days is Sunday 6 Dec → Monday 7 Dec.
    run(
        &mut events,
        Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
        date(2026, 11, 6),
    )
    .unwrap();
    let case = Case::from_events(events.iter()).unwrap();
    let deadlines = case.deadlines(&rules());
    assert_eq!(deadlines[0], Deadline { kind: DeadlineKind::MediatorsNumber, due: date(2026, 12, 7) });
    assert_eq!(deadlines[2], Deadline { kind: DeadlineKind::Lapse, due: date(2027, 3, 8) });
    assert!(matches!(case.stage(), Stage::Registered { rules_version, .. } if rules_version == "2025.1"));
    assert_eq!(run(&mut events, Command::DefaultMediators, date(2026, 12, 7)).unwrap_err().code(), "not_yet_due");
    run(&mut events, Command::DefaultMediators, date(2026, 12, 8)).unwrap();
    assert!(matches!(Case::from_events(events.iter()).unwrap().stage(), Stage::Registered { mediators: Some(1), .. }));
    assert_eq!(
        run(&mut events, Command::AgreeMediators { number: 2 }, date(2026, 12, 8)).unwrap_err().code(),
        "mediators_settled"
    );
    // Nothing happens for 120 days: the case lapses, and then nothing more can happen.
    assert_eq!(run(&mut events, Command::Lapse, date(2027, 3, 8)).unwrap_err().code(), "not_yet_due");
    run(&mut events, Command::Lapse, date(2027, 3, 9)).unwrap();
    let case = Case::from_events(events.iter()).unwrap();
    assert!(matches!(case.stage(), Stage::Closed { closure: Closure::LapsedNoAppointment, .. }));
    assert_eq!(
        run(&mut events, Command::Withdraw { side: Side::Requesting }, date(2027, 3, 10)).unwrap_err().code(),
        "wrong_stage"
    );
}

#[test]
fn silence_is_deemed_rejection_and_a_late_answer_is_refused() {
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::Offer, Outcome::InScope)];
    assert_eq!(run(&mut events, Command::DeemRejection, date(2026, 12, 1)).unwrap_err().code(), "not_yet_due");
    assert_eq!(
        run(&mut events, Command::AcceptOffer, date(2026, 12, 2)).unwrap_err(),
        Refusal::DeadlinePassed { deadline: date(2026, 12, 1) }
    );
    run(&mut events, Command::DeemRejection, date(2026, 12, 2)).unwrap();
    assert!(matches!(
        Case::from_events(events.iter()).unwrap().stage(),
        Stage::Closed { closure: Closure::OfferDeemedRejected, .. }
    ));
}

#[test]
fn screening_refuses_what_is_out_of_scope_and_needs_a_council_rule_for_the_discretionary() {
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::PriorAgreement, Outcome::OutOfScope), Event::FeePaid { on: filed }];
    let reg = |scope, rule: Option<&str>| Command::Register {
        number: number(),
        scope,
        council_rule: rule.map(str::to_owned),
        file: on_file(),
    };
    let missing = |items: Vec<ScreeningItem>| Refusal::ScreeningIncomplete { missing: items };
    assert_eq!(
        run(&mut events, reg(Outcome::OutOfScope, None), filed).unwrap_err(),
        missing(vec![ScreeningItem::Scope])
    );
    assert_eq!(
        run(&mut events, reg(Outcome::Incomplete, None), filed).unwrap_err(),
        missing(vec![ScreeningItem::Scope])
    );
    assert_eq!(
        run(&mut events, reg(Outcome::Discretionary, Some("  ")), filed).unwrap_err(),
        missing(vec![ScreeningItem::CouncilRule])
    );
    assert_eq!(run(&mut events, Command::Refuse { reasons: " ".into() }, filed).unwrap_err(), Refusal::ReasonsRequired);
    run(&mut events, Command::Refuse { reasons: "Territorial sovereignty excluded by declaration".into() }, filed)
        .unwrap();
    assert!(Case::from_events(events.iter()).unwrap().is_closed());
}

#[test]
fn the_parties_agree_the_number_of_mediators_when_both_propose_the_same() {
    let filed = date(2026, 1, 5);
    let mut events = vec![Case::file(filed, Basis::PriorAgreement, Outcome::InScope)];
    run(&mut events, Command::MarkFeePaid, filed).unwrap();
    run(
        &mut events,
        Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
        filed,
    )
    .unwrap();
    let propose = |side, number| Command::ProposeMediators { side, number };
    run(&mut events, propose(Side::Requesting, 2), filed).unwrap();
    run(&mut events, propose(Side::Responding, 1), filed).unwrap();
    assert!(matches!(events.last(), Some(Event::MediatorsProposed { .. })));
    run(&mut events, propose(Side::Requesting, 1), filed).unwrap();
    assert!(matches!(events.last(), Some(Event::MediatorsAgreed { number: 1, .. })));
    let case = Case::from_events(events.iter()).unwrap();
    assert!(matches!(case.stage(), Stage::Registered { mediators: Some(1), .. }));
    assert!(case.mediator_proposals().is_empty());
    assert_eq!(run(&mut events, propose(Side::Responding, 2), filed), Err(Refusal::MediatorsSettled));
}

#[test]
fn a_registered_case_ends_by_agreement_settlement_or_the_mediators_declaration() {
    let filed = date(2026, 1, 5);
    let registered = || {
        let mut events = vec![Case::file(filed, Basis::PriorAgreement, Outcome::InScope)];
        run(&mut events, Command::MarkFeePaid, filed).unwrap();
        run(
            &mut events,
            Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
            filed,
        )
        .unwrap();
        events
    };
    let closure = |events: &Vec<Event>| match Case::from_events(events.iter()).unwrap().stage() {
        Stage::Closed { closure, .. } => Some(*closure),
        _ => None,
    };
    let mut ended = registered();
    run(&mut ended, Command::RequestEnd { side: Side::Responding }, filed).unwrap();
    assert_eq!(closure(&ended), None, "one side alone does not end it");
    assert_eq!(run(&mut ended, Command::RequestEnd { side: Side::Responding }, filed), Err(Refusal::AlreadyRequested));
    run(&mut ended, Command::RequestEnd { side: Side::Requesting }, filed).unwrap();
    assert_eq!(closure(&ended), Some(Closure::EndedByAgreement));
    let mut settled = registered();
    run(
        &mut settled,
        Command::RecordSettlement {
            document: 7,
            filed: Some(crate::documents::FiledDocument {
                audience: crate::documents::Audience::Joint,
                kind: crate::documents::DocumentType::SettlementAgreement,
            }),
        },
        filed,
    )
    .unwrap();
    assert_eq!(closure(&settled), Some(Closure::Settled));
    let mut declared = registered();
    run(&mut declared, Command::DeclareNoLikelihood, filed).unwrap();
    assert_eq!(closure(&declared), Some(Closure::MediatorDeclaredNoLikelihood));
    // Not before registration.
    let mut early = vec![Case::file(filed, Basis::PriorAgreement, Outcome::InScope)];
    assert!(run(&mut early, Command::DeclareNoLikelihood, filed).is_err());
}

#[test]
fn the_case_is_published_only_once_every_side_agreed_even_after_closure() {
    let filed = date(2026, 1, 5);
    let mut events = vec![Case::file(filed, Basis::PriorAgreement, Outcome::InScope)];
    run(&mut events, Command::ConsentToPublication { side: Side::Requesting }, filed).unwrap();
    assert!(!Case::from_events(events.iter()).unwrap().is_public());
    assert_eq!(
        run(&mut events, Command::ConsentToPublication { side: Side::Requesting }, filed),
        Err(Refusal::AlreadyConsented)
    );
    run(&mut events, Command::Withdraw { side: Side::Requesting }, filed).unwrap();
    run(&mut events, Command::ConsentToPublication { side: Side::Responding }, filed).unwrap();
    let case = Case::from_events(events.iter()).unwrap();
    assert!(case.is_public() && case.is_closed());
}

fn arb_command() -> impl Strategy<Value = Command> {
    prop_oneof![
        Just(Command::AcceptOffer),
        Just(Command::DeclineOffer),
        Just(Command::DeemRejection),
        Just(Command::MarkFeePaid),
        prop::sample::select(vec![Outcome::InScope, Outcome::Discretionary, Outcome::Incomplete, Outcome::OutOfScope])
            .prop_map(|scope| Command::Register {
                number: CaseNumber::new(2026, 7).unwrap(),
                scope,
                council_rule: None,
                file: on_file(),
            }),
        Just(Command::Refuse { reasons: "r".into() }),
        prop::sample::select(vec![Side::Requesting, Side::Responding]).prop_map(|side| Command::Withdraw { side }),
        (0u8..5).prop_map(|number| Command::AgreeMediators { number }),
        (prop::sample::select(vec![Side::Requesting, Side::Responding]), 0u8..4)
            .prop_map(|(side, number)| Command::ProposeMediators { side, number }),
        Just(Command::DefaultMediators),
        Just(Command::Lapse),
        prop::sample::select(vec![Side::Requesting, Side::Responding])
            .prop_map(|side| Command::ConsentToPublication { side }),
        prop::sample::select(vec![Side::Requesting, Side::Responding]).prop_map(|side| Command::RequestEnd { side }),
        Just(Command::RecordSettlement {
            document: 1,
            filed: Some(crate::documents::FiledDocument {
                audience: crate::documents::Audience::Joint,
                kind: crate::documents::DocumentType::SettlementAgreement
            })
        }),
        Just(Command::DeclareNoLikelihood),
    ]
}

proptest! {
    #[test]
    fn the_machine_keeps_its_invariants(
        offer in any::<bool>(),
        steps in prop::collection::vec((arb_command(), 0i32..40), 0..30),
    ) {
        let mut today = date(2026, 1, 5);
        let basis = if offer { Basis::Offer } else { Basis::PriorAgreement };
        let mut events = vec![Case::file(today, basis, Outcome::InScope)];
        for (command, gap) in steps {
            today = today.checked_add(gap.days()).unwrap();
            let before = Case::from_events(events.iter()).unwrap();
            if let Ok(event) = before.decide(command, today, &rules()) {
                // A closed case never changes, but for the parties' agreement to publication.
                let publication = matches!(event, Event::PublicationConsented { .. });
                prop_assert!(!before.is_closed() || publication);
                // Published only once every side agreed.
                if let Event::PublicationConsented { side, .. } = event {
                    prop_assert!(!before.publication_consents().contains(&side));
                }
                // Registration only with the fee paid.
                if let Event::Registered { .. } = event { prop_assert!(before.fee_paid()); }
                events.push(event);
                // Applying an event to the old state gives the state rebuilt from all events.
                let mut applied = before.clone();
                applied.apply(events.last().unwrap());
                prop_assert_eq!(applied, Case::from_events(events.iter()).unwrap());
            }
            // Every deadline is a business day.
            for d in Case::from_events(events.iter()).unwrap().deadlines(&rules()) {
                prop_assert!(crate::calendar::is_business_day(d.due, &[]));
            }
        }
    }
}

mod offered;

#[test]
fn screening_lists_every_missing_item_at_once_and_registers_when_all_are_on_file() {
    // W4: a State-State case filed on prior agreement, nothing on file but the request.
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::PriorAgreement, Outcome::Discretionary)];
    let bare = ScreeningFile { documents: vec![], represented: vec![Side::Requesting, Side::Responding] };
    let reg = |file: ScreeningFile, rule: Option<&str>| Command::Register {
        number: number(),
        scope: Outcome::Discretionary,
        council_rule: rule.map(str::to_owned),
        file,
    };
    let refused = run(&mut events, reg(bare.clone(), Some("n/a ")), filed).unwrap_err();
    assert_eq!(
        refused,
        Refusal::ScreeningIncomplete {
            missing: vec![
                ScreeningItem::LodgingFee,
                ScreeningItem::Consent,
                ScreeningItem::Authority(Side::Requesting),
                ScreeningItem::Authority(Side::Responding),
            ]
        }
    );
    assert_eq!(events.len(), 1, "a refused registration records nothing");
    // A proof of authority counts for the side that filed it only, the Secretariat's for none, and
    // one in a caucus not at all: the Secretariat does not read it.
    let case = Case::from_events(events.iter()).unwrap();
    let mut file = bare.clone();
    let doc = |id, audience, side| FiledForScreening { id, kind: DocumentType::ProofOfAuthority, audience, side };
    file.documents.push(doc(8, Audience::Caucus(Side::Requesting), Some(Side::Requesting)));
    file.documents.push(doc(9, Audience::Secretariat, None));
    file.documents.push(doc(10, Audience::Secretariat, Some(Side::Responding)));
    let checks = case.screening(&file, Outcome::Discretionary, None);
    let of = |item| checks.iter().find(|c| c.item == item).cloned().unwrap();
    assert!(!of(ScreeningItem::Authority(Side::Requesting)).met);
    assert_eq!(of(ScreeningItem::Authority(Side::Responding)).document, Some(10));
    assert!(!of(ScreeningItem::CouncilRule).met, "a discretionary case names its Council rule");
    // A side without a representative on the case has no proof to give yet.
    let alone = ScreeningFile { represented: vec![Side::Requesting], ..bare };
    let items: Vec<_> = case.screening(&alone, Outcome::InScope, None).into_iter().map(|c| c.item).collect();
    assert!(
        !items.contains(&ScreeningItem::Authority(Side::Responding)) && !items.contains(&ScreeningItem::CouncilRule)
    );

    run(&mut events, Command::MarkFeePaid, filed).unwrap();
    run(&mut events, reg(on_file(), Some("Council rule CR-2026/3 on investment cases")), filed).unwrap();
    assert!(
        matches!(events.last(), Some(Event::Registered { council_rule: Some(r), .. }) if r.starts_with("Council rule"))
    );
}

#[test]
fn an_accepted_offer_is_the_consent_on_file() {
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::Offer, Outcome::InScope), Event::FeePaid { on: filed }];
    run(&mut events, Command::AcceptOffer, filed).unwrap();
    let case = Case::from_events(events.iter()).unwrap();
    let mut file = on_file();
    file.documents.retain(|d| d.kind != DocumentType::ConsentToMediate);
    let checks = case.screening(&file, Outcome::InScope, Some("ignored"));
    assert!(checks.iter().all(|c| c.met), "{checks:?}");
    run(
        &mut events,
        Command::Register { number: number(), scope: Outcome::InScope, council_rule: Some("n/a".into()), file },
        filed,
    )
    .unwrap();
    assert!(
        matches!(events.last(), Some(Event::Registered { council_rule: None, .. })),
        "a rule is kept for a discretionary case only"
    );
}

#[test]
fn the_other_side_does_not_withdraw_a_request_it_did_not_make_but_may_leave_a_registered_case() {
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::PriorAgreement, Outcome::InScope), Event::FeePaid { on: filed }];
    let case = Case::from_events(events.iter()).unwrap();
    let respondent = Some(crate::access::Standing::Party(Side::Responding));
    let counsel = crate::access::Actor::user(crate::access::UserId(2), [crate::accounts::Role::Representative]);
    assert!(!case.offered_steps(&counsel, respondent).contains(&StepKind::Withdraw));
    assert!(
        case.offered_steps(&counsel, Some(crate::access::Standing::Party(Side::Requesting)))
            .contains(&StepKind::Withdraw)
    );
    assert_eq!(run(&mut events, Command::Withdraw { side: Side::Responding }, filed), Err(Refusal::OnlyTheRequester));
    run(
        &mut events,
        Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
        filed,
    )
    .unwrap();
    let case = Case::from_events(events.iter()).unwrap();
    assert!(case.offered_steps(&counsel, respondent).contains(&StepKind::Withdraw));
    run(&mut events, Command::Withdraw { side: Side::Responding }, filed).unwrap();
    assert!(matches!(events.last(), Some(Event::Withdrawn { side: Some(Side::Responding), .. })));
}

#[test]
fn an_appointment_step_restarts_the_lapse_period_and_accepted_mediators_end_the_appointment_limits() {
    // Registered Monday 5 Jan 2026: the SG appointment may be asked after 60 days, lapse at 120.
    let on = date(2026, 1, 5);
    let mut events = vec![Case::file(on, Basis::PriorAgreement, Outcome::InScope), Event::FeePaid { on }];
    run(
        &mut events,
        Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
        on,
    )
    .unwrap();
    let kinds = |events: &Vec<Event>| {
        Case::from_events(events.iter())
            .unwrap()
            .deadlines(&rules())
            .iter()
            .map(|d| (d.kind, d.due))
            .collect::<Vec<_>>()
    };
    let lapse =
        |events: &Vec<Event>| kinds(events).into_iter().find(|(k, _)| *k == DeadlineKind::Lapse).map(|(_, d)| d);
    assert_eq!(lapse(&events), Some(date(2026, 5, 5)));
    // A ranking on 1 April: 120 days run again from it (W7).
    run(&mut events, Command::RecordAppointmentStep { in_place: false }, date(2026, 4, 1)).unwrap();
    assert_eq!(lapse(&events), Some(date(2026, 7, 30)));
    assert_eq!(run(&mut events, Command::Lapse, date(2026, 5, 6)).unwrap_err().code(), "not_yet_due");
    // The mediator accepts: no appointment limit remains, and the case never lapses.
    run(&mut events, Command::RecordAppointmentStep { in_place: true }, date(2026, 4, 20)).unwrap();
    let left = kinds(&events);
    assert!(left.iter().all(|(k, _)| !matches!(k, DeadlineKind::Lapse | DeadlineKind::AppointmentRequest)), "{left:?}");
    let case = Case::from_events(events.iter()).unwrap();
    assert!(case.due_consequences(date(2027, 1, 1), &rules()).iter().all(|c| *c != Command::Lapse));
    assert_eq!(run(&mut events, Command::Lapse, date(2027, 1, 1)), Err(Refusal::MediatorsInPlace));
    // A mediator removed (a challenge upheld): the limits are back, from that day.
    run(&mut events, Command::RecordAppointmentStep { in_place: false }, date(2026, 6, 1)).unwrap();
    assert_eq!(lapse(&events), Some(date(2026, 9, 29)));
}

#[test]
fn only_the_request_for_an_sg_appointment_opens_on_its_date_the_others_close() {
    let opening: Vec<_> = DeadlineKind::ALL.into_iter().filter(DeadlineKind::opens).collect();
    assert_eq!(opening, [DeadlineKind::AppointmentRequest]);
    assert!(DeadlineKind::AppointmentRequest.consequence().is_none(), "nothing happens by itself when it opens");
}

#[test]
fn a_time_limit_is_reminded_seven_and_one_business_days_before_it_ends() {
    // Filed Sunday 22 Nov 2026 on an offer: the answer is due Thursday 21 Jan 2027.
    let case = Case::from_events([Case::file(date(2026, 11, 22), Basis::Offer, crate::scope::Outcome::InScope)].iter())
        .unwrap();
    let due =
        |day: Date| case.reminders_due(day, &rules()).into_iter().map(|(d, n)| (d.kind, d.due, n)).collect::<Vec<_>>();
    let answer = DeadlineKind::OfferAnswer;
    assert_eq!(due(date(2027, 1, 12)), [(answer, date(2027, 1, 21), 7)], "a week of business days before");
    assert_eq!(due(date(2027, 1, 20)), [(answer, date(2027, 1, 21), 1)], "the business day before");
    for quiet in [date(2027, 1, 11), date(2027, 1, 13), date(2027, 1, 21), date(2027, 1, 16)] {
        assert_eq!(due(quiet), [], "{quiet}");
    }
}

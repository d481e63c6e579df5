use jiff::civil::{Date, date};
use proptest::prelude::*;

use super::*;

fn code(s: &str) -> StateCode {
    StateCode::parse(s).unwrap()
}
fn ev(verified: bool) -> Evidence {
    Evidence::new(verified, "test source").unwrap()
}
fn rules() -> RulesProfile {
    RulesProfile::initial()
}
const TODAY: Date = date(2026, 11, 22);

fn run(registry: &mut Registry, command: Command) -> Result<Event, Refusal> {
    let event = registry.decide(command, TODAY, &rules())?;
    registry.apply(&event);
    Ok(event)
}
fn sign(r: &mut Registry, s: &str, on: Date) {
    run(r, Command::Sign { state: code(s), on: Some(on), evidence: ev(true) }).unwrap();
}
fn ratify(r: &mut Registry, s: &str, on: Date) -> Result<Event, Refusal> {
    run(
        r,
        Command::ConsentToBeBound {
            state: code(s),
            instrument: Instrument::Ratification,
            on: Some(on),
            before_entry_into_force: false,
            evidence: ev(true),
        },
    )
}
fn view<'a>(r: &'a Registry, s: &str, on: Date) -> StateView<'a> {
    let un = code(s).un().unwrap();
    r.view(un, on, &rules())
}

#[test]
fn entry_into_force_is_the_30th_day_after_the_third_instrument() {
    let mut r = Registry::default();
    for s in ["CHN", "PAK", "SRB", "LAO"] {
        sign(&mut r, s, date(2025, 5, 30));
    }
    ratify(&mut r, "CHN", date(2025, 7, 1)).unwrap();
    ratify(&mut r, "PAK", date(2025, 7, 15)).unwrap();
    assert_eq!(r.entry_into_force(&rules()), None);
    ratify(&mut r, "SRB", date(2025, 7, 30)).unwrap();
    assert_eq!(r.entry_into_force(&rules()), Some(date(2025, 8, 29)));
    // The first three are bound from entry into force; a later one 30 days after its instrument.
    assert_eq!(view(&r, "CHN", TODAY).in_force_on, Some(date(2025, 8, 29)));
    ratify(&mut r, "LAO", date(2026, 1, 10)).unwrap();
    assert_eq!(view(&r, "LAO", TODAY).in_force_on, Some(date(2026, 2, 9)));
    assert_eq!(view(&r, "LAO", TODAY).status, Status::Contracting);
    assert_eq!(view(&r, "LAO", date(2025, 12, 31)).status, Status::Signatory);
}

#[test]
fn refusals_contradicting_the_record() {
    let mut r = Registry::default();
    // Ratifying before signing.
    assert_eq!(ratify(&mut r, "KEN", date(2025, 9, 1)).unwrap_err().code(), "not_signed");
    sign(&mut r, "KEN", date(2025, 5, 30));
    // Signing twice.
    let again = run(&mut r, Command::Sign { state: code("KEN"), on: None, evidence: ev(true) });
    assert_eq!(again.unwrap_err().code(), "already_signed");
    // Ratification dated before the signature.
    let r2 = r.clone();
    assert_eq!(
        r2.decide(
            Command::ConsentToBeBound {
                state: code("KEN"),
                instrument: Instrument::Ratification,
                on: Some(date(2025, 5, 29)),
                before_entry_into_force: false,
                evidence: ev(true)
            },
            TODAY,
            &rules()
        )
        .unwrap_err()
        .code(),
        "before_opening"
    );
    ratify(&mut r, "KEN", date(2025, 9, 1)).unwrap();
    // Ratifying twice.
    assert_eq!(ratify(&mut r, "KEN", date(2025, 9, 2)).unwrap_err().code(), "already_bound");
    // A date in the future.
    let future =
        r.decide(Command::Sign { state: code("GHA"), on: Some(date(2027, 1, 1)), evidence: ev(true) }, TODAY, &rules());
    assert_eq!(future.unwrap_err().code(), "date_in_future");
    // A declaration by a State that has not signed.
    let decl = r.decide(
        Command::Declare {
            state: code("FRA"),
            subjects: vec![Subject::TerritorialSovereignty],
            text: None,
            on: date(2025, 10, 1),
            evidence: ev(true),
        },
        TODAY,
        &rules(),
    );
    assert_eq!(decl.unwrap_err().code(), "declaration_by_non_signatory");
    // Withdrawing a declaration that does not exist.
    let w = r.decide(
        Command::WithdrawDeclaration { state: code("KEN"), declaration: 1, on: date(2025, 10, 1), evidence: ev(true) },
        TODAY,
        &rules(),
    );
    assert_eq!(w.unwrap_err().code(), "no_such_declaration");
    // Accession by a signatory.
    sign(&mut r, "GHA", date(2025, 6, 1));
    let acc = r.decide(
        Command::ConsentToBeBound {
            state: code("GHA"),
            instrument: Instrument::Accession,
            on: Some(date(2025, 9, 1)),
            before_entry_into_force: false,
            evidence: ev(true),
        },
        TODAY,
        &rules(),
    );
    assert_eq!(acc.unwrap_err().code(), "accession_by_signatory");
}

#[test]
fn declarations_are_in_force_between_making_and_withdrawal() {
    let mut r = Registry::default();
    sign(&mut r, "IDN", date(2025, 5, 30));
    run(
        &mut r,
        Command::Declare {
            state: code("IDN"),
            subjects: vec![
                Subject::MaritimeDelimitation,
                Subject::TerritorialSovereignty,
                Subject::MaritimeDelimitation,
            ],
            text: Some("  ".into()),
            on: date(2025, 6, 1),
            evidence: ev(true),
        },
    )
    .unwrap();
    let d = &r.record(code("IDN")).unwrap().declarations[0];
    assert_eq!(d.subjects, vec![Subject::TerritorialSovereignty, Subject::MaritimeDelimitation]);
    assert_eq!(d.text, None);
    run(
        &mut r,
        Command::WithdrawDeclaration { state: code("IDN"), declaration: 1, on: date(2026, 1, 1), evidence: ev(true) },
    )
    .unwrap();
    let d = &r.record(code("IDN")).unwrap().declarations[0];
    assert!(d.in_force_on(date(2025, 12, 31)));
    assert!(!d.in_force_on(date(2026, 1, 1)));
    let again = r.decide(
        Command::WithdrawDeclaration { state: code("IDN"), declaration: 1, on: date(2026, 2, 1), evidence: ev(true) },
        TODAY,
        &rules(),
    );
    assert_eq!(again.unwrap_err().code(), "declaration_already_withdrawn");
}

#[test]
fn denunciation_takes_effect_after_the_notice_period() {
    let mut r = Registry::default();
    sign(&mut r, "SRB", date(2025, 5, 30));
    let early = r.decide(
        Command::Denounce { state: code("SRB"), notified_on: date(2026, 1, 1), evidence: ev(true) },
        TODAY,
        &rules(),
    );
    assert_eq!(early.unwrap_err().code(), "not_bound");
    ratify(&mut r, "SRB", date(2025, 7, 1)).unwrap();
    let e = run(&mut r, Command::Denounce { state: code("SRB"), notified_on: date(2026, 3, 31), evidence: ev(true) })
        .unwrap();
    assert!(matches!(e, Event::Denounced { effective_on, .. } if effective_on == date(2026, 9, 30)));
    assert_eq!(view(&r, "SRB", date(2026, 9, 29)).status, Status::Contracting);
    assert_eq!(view(&r, "SRB", date(2026, 9, 30)).status, Status::Withdrawn);
}

#[test]
fn recorded_entry_into_force_for_undated_instruments() {
    let mut r = Registry::default();
    sign(&mut r, "CHN", date(2025, 5, 30));
    run(
        &mut r,
        Command::ConsentToBeBound {
            state: code("CHN"),
            instrument: Instrument::Ratification,
            on: None,
            before_entry_into_force: true,
            evidence: ev(true),
        },
    )
    .unwrap();
    let too_few =
        r.decide(Command::RecordEntryIntoForce { on: date(2025, 8, 29), evidence: ev(true) }, TODAY, &rules());
    assert_eq!(too_few.unwrap_err(), Refusal::TooFewInstruments { have: 1, need: 3 });
    for s in ["PAK", "NIC"] {
        sign(&mut r, s, date(2025, 5, 30));
        run(
            &mut r,
            Command::ConsentToBeBound {
                state: code(s),
                instrument: Instrument::Ratification,
                on: None,
                before_entry_into_force: false,
                evidence: ev(false),
            },
        )
        .unwrap();
    }
    run(&mut r, Command::RecordEntryIntoForce { on: date(2025, 8, 29), evidence: ev(true) }).unwrap();
    let chn = view(&r, "CHN", TODAY);
    assert_eq!(chn.in_force_on, Some(date(2025, 8, 29)));
    assert_eq!(chn.founding, Founding::Yes);
    assert!(chn.verified);
    let pak = view(&r, "PAK", TODAY);
    assert_eq!(pak.status, Status::Contracting);
    assert_eq!(pak.in_force_on, None);
    assert_eq!(pak.founding, Founding::Unknown);
    assert!(!pak.verified);
}

#[test]
fn founding_windows() {
    let mut r = Registry::default();
    for s in ["CHN", "PAK", "SRB"] {
        sign(&mut r, s, date(2025, 5, 30));
        ratify(&mut r, s, date(2025, 7, 30)).unwrap();
    }
    let eif = r.entry_into_force(&rules()).unwrap();
    assert_eq!(eif, date(2025, 8, 29));
    let c = |on| Consent {
        instrument: Instrument::Accession,
        on: Some(on),
        before_entry_into_force: false,
        evidence: ev(true),
    };
    assert_eq!(founding(&c(date(2027, 8, 29)), Some(eif), &rules()), Founding::Yes);
    assert_eq!(founding(&c(date(2027, 8, 30)), Some(eif), &rules()), Founding::Unknown);
    assert_eq!(founding(&c(date(2030, 8, 30)), Some(eif), &rules()), Founding::No);
}

#[test]
fn events_round_trip_through_their_ledger_form() {
    let e = Event::DeclarationMade {
        state: code("CHN"),
        declaration: 1,
        subjects: vec![Subject::TerritorialSovereignty],
        text: Some("Disputes concerning sovereignty".into()),
        on: date(2025, 6, 1),
        evidence: ev(false),
    };
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains(r#""event":"declaration_made""#), "{json}");
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), e);
    assert_eq!(e.stream(), "state/CHN");
    assert_eq!(e.kind(), "registry.declaration_made");
}

// Property tests: whatever commands arrive, in whatever order, the rules hold.

fn arb_command() -> impl Strategy<Value = Command> {
    let states = prop::sample::select(vec!["CHN", "PAK", "SRB", "KEN", "FRA"]);
    let day = (0i32..700).prop_map(|d| date(2025, 5, 1).checked_add(d.days()).unwrap());
    let maybe_day = prop::option::of(day.clone());
    let instrument = prop::sample::select(vec![Instrument::Ratification, Instrument::Approval, Instrument::Accession]);
    let subjects = prop::collection::vec(prop::sample::select(Subject::ALL.to_vec()), 0..3);
    prop_oneof![
        (states.clone(), maybe_day.clone()).prop_map(|(s, on)| Command::Sign {
            state: code(s),
            on,
            evidence: ev(true)
        }),
        (states.clone(), instrument, maybe_day, any::<bool>()).prop_map(|(s, instrument, on, b)| {
            Command::ConsentToBeBound { state: code(s), instrument, on, before_entry_into_force: b, evidence: ev(true) }
        }),
        (states.clone(), subjects, day.clone()).prop_map(|(s, subjects, on)| Command::Declare {
            state: code(s),
            subjects,
            text: None,
            on,
            evidence: ev(true)
        }),
        (states.clone(), 1u32..3, day.clone()).prop_map(|(s, n, on)| Command::WithdrawDeclaration {
            state: code(s),
            declaration: n,
            on,
            evidence: ev(true)
        }),
        (states, day.clone()).prop_map(|(s, on)| Command::Denounce {
            state: code(s),
            notified_on: on,
            evidence: ev(true)
        }),
        day.prop_map(|on| Command::RecordEntryIntoForce { on, evidence: ev(true) }),
    ]
}

proptest! {
    #[test]
    fn invariants_hold_for_any_sequence_of_commands(commands in prop::collection::vec(arb_command(), 0..40)) {
        let mut r = Registry::default();
        for command in commands {
            let before = r.clone();
            match r.decide(command, TODAY, &rules()) {
                Ok(event) => {
                    r.apply(&event);
                    // Replaying the single event on the old state gives the same new state.
                    let mut replay = before;
                    replay.apply(&event);
                    prop_assert_eq!(&replay, &r);
                }
                Err(_) => prop_assert_eq!(&before, &r),
            }
        }
        for v in r.views(TODAY, &rules()) {
            // No ratification without a signature, except by accession.
            if let Some(c) = &v.record.consent {
                prop_assert!(c.instrument == Instrument::Accession || v.record.signature.is_some());
            }
            // Nobody is bound before entry into force, and dates follow each other.
            if let (Some(f), Some(eif)) = (v.in_force_on, r.entry_into_force(&rules())) {
                prop_assert!(f >= eif);
            }
            if let (Some(s), Some(c)) = (v.signed_on, v.consent_on) {
                prop_assert!(s <= c);
            }
            // Non-signatories make no declarations.
            if v.record.signature.is_none() && v.record.consent.is_none() {
                prop_assert!(v.record.declarations.is_empty());
            }
            prop_assert!(v.status != Status::NonSignatory || v.record.signature.is_none() || v.signed_on.is_some_and(|d| d > TODAY));
        }
    }

    #[test]
    fn status_never_goes_backwards_over_time(commands in prop::collection::vec(arb_command(), 0..40), a in 0i32..900, b in 0i32..900) {
        let mut r = Registry::default();
        for command in commands {
            if let Ok(event) = r.decide(command, TODAY, &rules()) { r.apply(&event); }
        }
        let (early, late) = (a.min(b), a.max(b));
        let d = |n: i32| date(2025, 5, 1).checked_add(n.days()).unwrap();
        let rank = |s: Status| match s { Status::NonSignatory => 0, Status::Signatory => 1, Status::Contracting => 2, Status::Withdrawn => 3 };
        for un in un_states().iter().take(60) {
            let e = r.view(un, d(early), &rules()).status;
            let l = r.view(un, d(late), &rules()).status;
            prop_assert!(rank(e) <= rank(l), "{:?} {:?} -> {:?}", un.code, e, l);
        }
    }
}

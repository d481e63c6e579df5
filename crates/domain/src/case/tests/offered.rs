use super::*;
use crate::access::{Actor, Standing, UserId};
use crate::accounts::Role;
use crate::documents::{Audience, DocumentType, FiledDocument};

fn registrar() -> Actor {
    Actor::user(UserId(1), [Role::Registrar])
}
fn counsel() -> Actor {
    Actor::user(UserId(2), [Role::Representative])
}
fn mediator() -> Actor {
    Actor::user(UserId(3), [Role::Mediator])
}
const REQUESTING: Option<Standing> = Some(Standing::Party(Side::Requesting));
const RESPONDING: Option<Standing> = Some(Standing::Party(Side::Responding));
const INVITED: Option<Standing> = Some(Standing::Invited);

/// The command a person's step becomes, with details that are valid.
fn command(step: StepKind, standing: Option<Standing>) -> Command {
    let side = match standing {
        Some(Standing::Party(s)) => s,
        _ => Side::Requesting,
    };
    match step {
        StepKind::AcceptOffer => Command::AcceptOffer,
        StepKind::DeclineOffer => Command::DeclineOffer,
        StepKind::MarkFeePaid => Command::MarkFeePaid,
        StepKind::Register => {
            Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() }
        }
        StepKind::Refuse => Command::Refuse { reasons: "out of time".into() },
        StepKind::Withdraw => Command::Withdraw { side },
        StepKind::AgreeMediators => Command::AgreeMediators { number: 1 },
        StepKind::ProposeMediators => Command::ProposeMediators { side, number: 1 },
        StepKind::ConsentToPublication => Command::ConsentToPublication { side },
        StepKind::RequestEnd => Command::RequestEnd { side },
        StepKind::RecordSettlement => Command::RecordSettlement {
            document: 7,
            filed: Some(FiledDocument { audience: Audience::Joint, kind: DocumentType::SettlementAgreement }),
        },
        StepKind::DeclareNoLikelihood => Command::DeclareNoLikelihood,
    }
}

fn case_at(stage: &str) -> (Case, Date) {
    let filed = date(2026, 10, 2);
    let mut events = vec![Case::file(filed, Basis::Offer, Outcome::InScope)];
    if stage != "offer" {
        run(&mut events, Command::AcceptOffer, date(2026, 10, 5)).unwrap();
    }
    if stage == "registered" {
        run(&mut events, Command::MarkFeePaid, date(2026, 10, 6)).unwrap();
        run(
            &mut events,
            Command::Register { number: number(), scope: Outcome::InScope, council_rule: None, file: on_file() },
            date(2026, 10, 7),
        )
        .unwrap();
    }
    (Case::from_events(events.iter()).unwrap(), date(2026, 10, 8))
}

#[test]
fn each_reader_is_offered_the_steps_of_their_role_and_the_stage() {
    let names = |steps: Vec<StepKind>| steps.iter().map(|s| s.as_str()).collect::<Vec<_>>();
    let (offer, _) = case_at("offer");
    assert_eq!(
        names(offer.offered_steps(&counsel(), INVITED)),
        ["accept_offer", "decline_offer", "consent_publication"],
        "the other side answers the offer: it does not withdraw a request it did not make"
    );
    assert_eq!(names(offer.offered_steps(&counsel(), REQUESTING)), ["withdraw", "consent_publication"]);
    assert_eq!(names(offer.offered_steps(&registrar(), None)), ["mark_fee_paid", "refuse"]);
    let (screening, _) = case_at("screening");
    assert_eq!(names(screening.offered_steps(&registrar(), None)), ["register", "mark_fee_paid", "refuse"]);
    let (registered, _) = case_at("registered");
    assert_eq!(names(registered.offered_steps(&registrar(), None)), ["agree_mediators", "record_settlement"]);
    assert_eq!(
        names(registered.offered_steps(&counsel(), REQUESTING)),
        ["propose_mediators", "request_end", "withdraw", "consent_publication"]
    );
    assert_eq!(names(registered.offered_steps(&mediator(), Some(Standing::Mediator))), ["declare_no_likelihood"]);
    assert_eq!(registered.todo(RESPONDING, false), None);
    assert_eq!(offer.todo(INVITED, false), Some(Todo::AnswerOffer));
    assert!(!offer.consented() && screening.consented() && registered.consented());
    assert_eq!(
        names(registered.offered_steps(&counsel(), RESPONDING)),
        ["propose_mediators", "request_end", "withdraw", "consent_publication"],
        "once it accepted, the other side is a party like the first"
    );
    assert_eq!(offer.todo(None, true), Some(Todo::RecordFee));
    assert_eq!(screening.todo(None, true), Some(Todo::Screen));
}

#[test]
fn every_step_offered_is_one_the_state_machine_takes_in_this_stage() {
    for stage in ["offer", "screening", "registered"] {
        let (case, today) = case_at(stage);
        for (actor, standing) in [
            (registrar(), None),
            (counsel(), REQUESTING),
            (counsel(), Some(Standing::of_party(Side::Responding, case.consented()))),
            (mediator(), Some(Standing::Mediator)),
        ] {
            for step in case.offered_steps(&actor, standing) {
                let decided = case.decide(command(step, standing), today, &rules());
                assert!(
                    !matches!(decided, Err(Refusal::WrongStage { .. })),
                    "{stage}: {} offered but refused as out of stage",
                    step.as_str()
                );
            }
        }
    }
}

#[test]
fn a_settlement_must_be_a_settlement_agreement_in_the_joint_file() {
    let (case, today) = case_at("registered");
    let record = |filed| Command::RecordSettlement { document: 7, filed };
    assert_eq!(case.decide(record(None), today, &rules()), Err(Refusal::SettlementNotFiled));
    let caucus =
        FiledDocument { audience: Audience::Caucus(Side::Requesting), kind: DocumentType::SettlementAgreement };
    assert_eq!(case.decide(record(Some(caucus)), today, &rules()), Err(Refusal::SettlementNotFiled));
    let joint = FiledDocument { audience: Audience::Joint, kind: DocumentType::SettlementAgreement };
    assert!(case.decide(record(Some(joint)), today, &rules()).is_ok());
}

proptest! {
    /// On any day, the consequences due are exactly those of the deadlines passed, and the
    /// first of them is one the case takes on that day.
    #[test]
    fn the_consequences_due_are_those_of_the_deadlines_passed(days in 0i64..400, stage in 0usize..3) {
        let (case, _) = case_at(["offer", "screening", "registered"][stage]);
        let today = date(2026, 10, 8).checked_add(days.days()).unwrap();
        let due = case.due_consequences(today, &rules());
        let passed: Vec<Command> = case
            .deadlines(&rules())
            .into_iter()
            .filter(|d| today > d.due)
            .filter_map(|d| d.kind.consequence())
            .collect();
        prop_assert_eq!(due.len(), passed.len());
        if let Some(first) = due.first() {
            prop_assert!(case.decide(first.clone(), today, &rules()).is_ok(), "{:?} refused on {}", first, today);
        }
    }
}

use iomed_domain::access::{Standing, UserId};
use iomed_domain::accounts::{DisplayName, Email, Role};
use iomed_domain::case::Stage;
use iomed_domain::request::{Draft, DraftParty, Side};
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, OutgoingMail};
use iomed_store::cases::{CaseChange, Invitation, Step};

use crate::support::*;

pub fn draft(basis: &str, other_email: &str) -> Draft {
    let company = |side: &str, name: &str, state: &str, contact: &str| DraftParty {
        side: side.into(),
        kind: "company".into(),
        name: name.into(),
        nationalities: vec![state.into()],
        place_of_business: state.into(),
        contact: contact.into(),
        ..DraftParty::default()
    };
    Draft {
        category: "private_commercial".into(),
        summary: "Unpaid invoices for port equipment.".into(),
        parties: vec![
            company("requesting", "Harbourline Logistics Ltd", "SGP", "legal@harbourline.example"),
            company("responding", "Kestrel Cranes SA", "FRA", "legal@kestrel.example"),
        ],
        subjects: vec!["trade".into()],
        consent_basis: basis.into(),
        consent_date: "2026-01-10".into(),
        consent_document: "Supply Agreement, clause 21".into(),
        authority_document: "Power of attorney of 2 May 2026".into(),
        internal_authorization: "Board resolution of 28 April 2026".into(),
        other_side_name: "Camille Durand".into(),
        other_side_email: other_email.into(),
        signature: "Mei Ling Tan".into(),
        ..Draft::default()
    }
}

pub fn invitation(to: &str) -> Invitation {
    let mail =
        |s: &str| OutgoingMail { to: to.into(), subject: s.into(), body: "Sign in to answer.".into(), notice: None };
    Invitation {
        link_hash: format!("hash-{to}"),
        expires_at: NOW.parse::<jiff::Timestamp>().unwrap() + jiff::SignedDuration::from_hours(72),
        language: "fr".into(),
        mail_new: mail("new"),
        mail_existing: mail("existing"),
    }
}

/// The receipt of a filing, to the one filing.
pub fn receipt() -> OutgoingMail {
    OutgoingMail {
        to: "mei.ling@kestrel.example".into(),
        subject: "receipt".into(),
        body: "Filed.".into(),
        notice: None,
    }
}

pub async fn representative(store: &iomed_store::Store, email: &str) -> UserId {
    let change = AccountChange::CreateUser {
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Mei Ling Tan").unwrap(),
        language: "en".into(),
        time_zone: "Asia/Singapore".into(),
        roles: [Role::Representative].into(),
        password_hash: None,
    };
    UserId(store.account("operator", change).await.unwrap().created.unwrap())
}

fn refusal(result: Result<iomed_store::Appended, StoreError>) -> String {
    match result {
        Err(StoreError::CaseRefused(r)) => r.code().to_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_is_drafted_filed_answered_and_registered_with_its_number() {
    for db in engines().await {
        let clock = clock();
        let store = open_with(&db, clock.clone()).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let stranger = representative(&store, "someone@else.example").await;

        // An empty draft is kept; filing it lists every gap and writes nothing.
        let saved = store.case_change("user:1", CaseChange::SaveDraft { owner, id: None, draft: Draft::default() });
        let id = saved.await.unwrap().created.unwrap();
        let head = store.head().await.unwrap();
        let filed = store
            .case_change(
                "user:1",
                CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() },
            )
            .await;
        match filed {
            Err(StoreError::CaseRefused(iomed_store::cases::CaseRefusal::Incomplete(gaps))) => {
                assert_eq!(gaps.len(), 12, "{}", db.engine)
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.head().await.unwrap(), head);
        // Someone else's draft is not theirs to change or file.
        let theirs = CaseChange::SaveDraft { owner: stranger, id: Some(id), draft: Draft::default() };
        assert_eq!(refusal(store.case_change("user:2", theirs).await), "no_such_draft");

        let change = CaseChange::SaveDraft { owner, id: Some(id), draft: draft("offer", "camille@kestrel.example") };
        store.case_change("user:1", change).await.unwrap();
        let filed = store
            .case_change(
                "user:1",
                CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() },
            )
            .await
            .unwrap();
        let case = filed.created.unwrap();
        let again =
            CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() };
        assert_eq!(refusal(store.case_change("user:1", again).await), "already_filed");

        // The one filing has its receipt; the other side had no account: they are invited, in the
        // same transaction.
        let mails = store.pending_mail().await.unwrap();
        assert_eq!(mails.iter().map(|(_, m)| m.subject.as_str()).collect::<Vec<_>>(), ["receipt", "new"]);
        let participants = store.participants(case).await.unwrap();
        assert_eq!(participants.len(), 2);
        // On an offer, the other side is only invited until it accepts (W3).
        let other = participants.iter().find(|p| p.standing == Standing::Invited).unwrap();
        assert_eq!(other.email, "camille@kestrel.example");
        assert_eq!(store.standing(case, owner).await.unwrap(), Some(Standing::Party(Side::Requesting)));
        assert_eq!(store.standing(case, stranger).await.unwrap(), None);
        assert_eq!(store.cases_of(stranger).await.unwrap(), []);
        assert_eq!(store.cases_of(other.user).await.unwrap().len(), 1);

        // Registration needs the answer and the fee; refusals write nothing.
        let step = |step| CaseChange::Step { case, step, mails: vec![] };
        let head = store.head().await.unwrap();
        assert_eq!(
            refusal(store.case_change("user:9", step(Step::Register { council_rule: None })).await),
            "wrong_stage"
        );
        assert_eq!(store.head().await.unwrap(), head);
        store.case_change("user:3", step(Step::AcceptOffer)).await.unwrap();
        assert_eq!(store.standing(case, other.user).await.unwrap(), Some(Standing::Party(Side::Responding)));
        // Screening lists what is missing (W4): the fee and both proofs of authority (the
        // accepted offer is the consent); the refusal writes nothing.
        let head = store.head().await.unwrap();
        match store.case_change("user:9", step(Step::Register { council_rule: None })).await {
            Err(StoreError::CaseRefused(iomed_store::cases::CaseRefusal::Case(
                iomed_domain::case::Refusal::ScreeningIncomplete { missing },
            ))) => assert_eq!(
                missing.iter().map(|m| m.code()).collect::<Vec<_>>(),
                ["lodging_fee", "authority_requesting", "authority_responding"]
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(store.head().await.unwrap(), head);
        iomed_store::testing::file_screening_annexes(&store, case).await.unwrap();
        let screening = store.screening_file(case).await.unwrap();
        assert_eq!(screening.documents.len(), 3);
        assert_eq!(screening.represented, [Side::Requesting, Side::Responding]);
        store.case_change("user:9", step(Step::MarkFeePaid)).await.unwrap();
        let mail = OutgoingMail {
            to: "mei@harbourline.example".into(),
            subject: "registered".into(),
            body: "-".into(),
            notice: None,
        };
        store
            .case_change(
                "user:9",
                CaseChange::Step { case, step: Step::Register { council_rule: None }, mails: vec![mail] },
            )
            .await
            .unwrap();
        let (row, state, _) = store.case(case).await.unwrap().unwrap();
        assert_eq!(row.number.as_deref(), Some("IOMed/2026/0001"), "{}", db.engine);
        assert_eq!(row.stage, "registered");
        assert!(matches!(state.stage(), Stage::Registered { rules_version, .. } if rules_version == "2025.1"));
        let kinds: Vec<_> = store.case_history(case).await.unwrap().iter().map(|h| h.event.kind()).collect();
        assert_eq!(kinds, ["case.filed", "case.offer_accepted", "case.fee_paid", "case.registered"]);
        assert_eq!(store.pending_mail().await.unwrap().len(), 3);

        // A second request, on a prior agreement, with an existing account on the other side.
        let id = store
            .case_change(
                "user:1",
                CaseChange::SaveDraft { owner, id: None, draft: draft("prior_agreement", "someone@else.example") },
            )
            .await
            .unwrap()
            .created
            .unwrap();
        let second = store
            .case_change(
                "user:1",
                CaseChange::File { owner, id, invitation: invitation("someone@else.example"), receipt: receipt() },
            )
            .await
            .unwrap()
            .created
            .unwrap();
        assert_eq!(store.standing(second, stranger).await.unwrap(), Some(Standing::Party(Side::Responding)));
        let step2 = |step| CaseChange::Step { case: second, step, mails: vec![] };
        store.case_change("user:9", step2(Step::MarkFeePaid)).await.unwrap();
        iomed_store::testing::file_screening_annexes(&store, second).await.unwrap();
        store.case_change("user:9", step2(Step::Register { council_rule: None })).await.unwrap();
        assert_eq!(store.case(second).await.unwrap().unwrap().0.number.as_deref(), Some("IOMed/2026/0002"));

        // 120 days later the first case lapses, and not before.
        assert_eq!(refusal(store.case_change("system", step(Step::Lapse)).await), "not_yet_due");
        clock.set("2027-04-01T08:00:00Z".parse().unwrap());
        store.case_change("system", step(Step::Lapse)).await.unwrap();
        let (row, _, _) = store.case(case).await.unwrap().unwrap();
        assert_eq!((row.stage.as_str(), row.closure.as_deref()), ("closed", Some("lapsed_no_appointment")));
        assert_eq!(store.open_cases().await.unwrap().len(), 1);
        assert!(matches!(store.verify().await.unwrap(), iomed_store::VerifyReport::Intact { .. }), "{}", db.engine);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filing_against_yourself_is_refused_and_concurrent_registrations_get_distinct_numbers() {
    for db in engines().await {
        let store = open(&db).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let id = store
            .case_change(
                "user:1",
                CaseChange::SaveDraft { owner, id: None, draft: draft("prior_agreement", "mei@harbourline.example") },
            )
            .await
            .unwrap()
            .created
            .unwrap();
        let filed = store
            .case_change(
                "user:1",
                CaseChange::File { owner, id, invitation: invitation("x@y.example"), receipt: receipt() },
            )
            .await;
        assert_eq!(refusal(filed), "same_representative");

        let mut cases = Vec::new();
        for n in 0..6 {
            let email = format!("other{n}@kestrel.example");
            let change = CaseChange::SaveDraft { owner, id: None, draft: draft("prior_agreement", &email) };
            let id = store.case_change("user:1", change).await.unwrap().created.unwrap();
            let change = CaseChange::File { owner, id, invitation: invitation(&email), receipt: receipt() };
            let case = store.case_change("user:1", change).await.unwrap().created.unwrap();
            store
                .case_change("user:9", CaseChange::Step { case, step: Step::MarkFeePaid, mails: vec![] })
                .await
                .unwrap();
            iomed_store::testing::file_screening_annexes(&store, case).await.unwrap();
            cases.push(case);
        }
        // All registered at once: they share batches, and every number is distinct.
        let tasks: Vec<_> = cases
            .iter()
            .map(|&case| {
                let store = store.clone();
                tokio::spawn(async move {
                    let step = Step::Register { council_rule: None };
                    store.case_change("user:9", CaseChange::Step { case, step, mails: vec![] }).await.unwrap();
                })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        let mut numbers: Vec<_> = store.all_cases().await.unwrap().into_iter().filter_map(|c| c.number).collect();
        numbers.sort();
        let expected: Vec<_> = (1..=6).map(|n| format!("IOMed/2026/{n:04}")).collect();
        assert_eq!(numbers, expected, "{}", db.engine);
        assert!(matches!(store.verify().await.unwrap(), iomed_store::VerifyReport::Intact { .. }));
    }
}

/// One act of a random history: a step by someone on one of two cases, or time passing.
#[derive(Debug, Clone)]
enum Act {
    Step { case: usize, step: u8, side: bool, number: u8 },
    Wait { days: i64 },
}

fn act() -> impl proptest::strategy::Strategy<Value = Act> {
    use proptest::prelude::*;
    prop_oneof![
        4 => (0usize..2, 0u8..14, any::<bool>(), 1u8..4)
            .prop_map(|(case, step, side, number)| Act::Step { case, step, side, number }),
        1 => (0i64..80).prop_map(|days| Act::Wait { days }),
    ]
}

fn step_of(n: u8, side: bool, number: u8) -> Step {
    let side = if side { Side::Requesting } else { Side::Responding };
    match n {
        0 => Step::AcceptOffer,
        1 => Step::DeclineOffer,
        2 => Step::DeemRejection,
        3 => Step::MarkFeePaid,
        4 => Step::Register { council_rule: None },
        5 => Step::Refuse { reasons: "Outside the Convention's scope.".into() },
        6 => Step::Withdraw { side },
        7 => Step::AgreeMediators { number },
        8 => Step::DefaultMediators,
        9 => Step::Lapse,
        10 => Step::ConsentToPublication { side },
        11 => Step::ProposeMediators { side, number },
        12 => Step::RequestEnd { side },
        _ => Step::DeclareNoLikelihood,
    }
}

/// Applies `acts` to two fresh cases on every engine; after each refusal the ledger is as it was,
/// and at the end every projection the lists and the dashboard read is what a replay gives.
async fn projections_follow_the_ledger(acts: Vec<Act>) {
    for db in engines().await {
        let clock = clock();
        let store = open_with(&db, clock.clone()).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let mut cases = Vec::new();
        for (basis, other) in [("offer", "camille@kestrel.example"), ("prior_agreement", "ines@kestrel.example")] {
            let change = CaseChange::SaveDraft { owner, id: None, draft: draft(basis, other) };
            let id = store.case_change("user:1", change).await.unwrap().created.unwrap();
            let filed = CaseChange::File { owner, id, invitation: invitation(other), receipt: receipt() };
            let case = store.case_change("user:1", filed).await.unwrap().created.unwrap();
            iomed_store::testing::file_screening_annexes(&store, case).await.unwrap();
            cases.push(case);
        }
        let mut now: jiff::Timestamp = NOW.parse().unwrap();
        for act in &acts {
            match act {
                Act::Wait { days } => {
                    now += jiff::SignedDuration::from_hours(24 * days);
                    clock.set(now);
                }
                Act::Step { case, step, side, number } => {
                    let head = store.head().await.unwrap();
                    let change =
                        CaseChange::Step { case: cases[*case], step: step_of(*step, *side, *number), mails: vec![] };
                    match store.case_change("user:9", change).await {
                        Ok(_) => {}
                        Err(StoreError::CaseRefused(_)) => {
                            assert_eq!(store.head().await.unwrap(), head, "{}: {act:?} was refused", db.engine)
                        }
                        Err(e) => panic!("{}: {act:?}: {e}", db.engine),
                    }
                }
            }
        }
        let mut public = 0;
        for id in &cases {
            let (row, case, _) = store.case(*id).await.unwrap().unwrap();
            let closure = match case.stage() {
                Stage::Closed { closure, .. } => Some(closure.as_str().to_owned()),
                _ => None,
            };
            assert_eq!(
                (row.stage.as_str(), row.closure, row.fee_paid, &row.waiting),
                (case.stage_name(), closure, case.fee_paid(), &case.waiting_on()),
                "{}: {acts:?}",
                db.engine
            );
            // A party's representative is never a case's officer; the refusal writes nothing.
            let head = store.head().await.unwrap();
            let officer = CaseChange::AssignOfficer { case: *id, officer: Some(owner), mail: None };
            assert_eq!(refusal(store.case_change("user:9", officer).await), "not_an_officer", "{}", db.engine);
            assert_eq!(store.head().await.unwrap(), head, "{}", db.engine);
            if let Stage::Registered { number, .. } = case.stage() {
                assert_eq!(row.number, Some(number.to_string()), "{}", db.engine);
            }
            public += i64::from(case.is_public());
        }
        assert_eq!(store.case_count(iomed_store::cases::Lister::Published).await.unwrap(), public, "{}", db.engine);
        let kept = store.deadline_projection().await.unwrap();
        let waiting = |rows: Vec<iomed_store::cases::CaseRow>| rows.into_iter().map(|r| r.waiting).collect::<Vec<_>>();
        let was_waiting = waiting(store.all_cases().await.unwrap());
        store.rebuild_deadline_projection().await.unwrap();
        assert_eq!(store.deadline_projection().await.unwrap(), kept, "{}: {acts:?}", db.engine);
        assert_eq!(waiting(store.all_cases().await.unwrap()), was_waiting, "{}: rebuilt alike", db.engine);
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..proptest::prelude::ProptestConfig::default() })]

    /// Whatever is asked, in whatever order and whenever: refusals write nothing, and the
    /// projections (stage, closure, fee, number, publication, time limits) are a replay's.
    #[test]
    fn the_projections_are_what_a_replay_of_any_history_gives(acts in proptest::collection::vec(act(), 1..24)) {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        runtime.block_on(projections_follow_the_ledger(acts));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_list_searched_for_a_states_name_finds_the_titles_naming_it_by_code() {
    for db in engines().await {
        let store = open(&db).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let change = CaseChange::SaveDraft { owner, id: None, draft: draft("offer", "camille@kestrel.example") };
        let id = store.case_change("user:1", change).await.unwrap().created.unwrap();
        let filed =
            CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() };
        let case = store.case_change("user:1", filed).await.unwrap().created.unwrap();
        let title = store.case(case).await.unwrap().unwrap().0.title;
        let list = |text: &str, states: &[&str]| {
            let filter = iomed_store::cases::CaseFilter {
                text: Some(text.into()),
                states: states.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            };
            let store = &store;
            async move {
                let page = store
                    .case_list(iomed_store::cases::Lister::Everyone, &filter, &iomed_store::paging::Seek::first(10))
                    .await
                    .unwrap();
                page.items.iter().map(|c| c.row.id).collect::<Vec<_>>()
            }
        };
        // The web gives the codes of the States a text names; a code in the title matches.
        let word = title.split_whitespace().next().unwrap().to_string();
        assert_eq!(list("Atlantis", &[]).await, [] as [i64; 0], "{}", db.engine);
        assert_eq!(list("Atlantis", &[word.as_str(), "ZZZ"]).await, [case], "{}: {title}", db.engine);
        assert_eq!(list("Atlantis", &["ZZZ"]).await, [] as [i64; 0], "{}", db.engine);
        assert_eq!(list(&word.to_uppercase(), &[]).await, [case], "{}", db.engine);
    }
}

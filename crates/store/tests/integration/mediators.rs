use iomed_domain::access::{Standing, UserId};
use iomed_domain::accounts::{DisplayName, Email, Role};
use iomed_domain::mediators::{AppointmentStatus, Declaration, ProfileDraft, Severity};
use iomed_store::StoreError;
use iomed_store::accounts::AccountChange;
use iomed_store::cases::{CaseChange, Step};
use iomed_store::mediators::MediatorChange;

use crate::cases::{draft, invitation, receipt, representative};
use crate::support::*;

async fn mediator(store: &iomed_store::Store, email: &str, roles: &[Role]) -> UserId {
    let change = AccountChange::CreateUser {
        email: Email::parse(email).unwrap(),
        name: DisplayName::parse("Kwame Mensah").unwrap(),
        language: "en".into(),
        time_zone: "Africa/Accra".into(),
        roles: roles.iter().copied().collect(),
        password_hash: None,
    };
    UserId(store.account("operator", change).await.unwrap().created.unwrap())
}

fn refusal(result: Result<iomed_store::Appended, StoreError>) -> String {
    match result {
        Err(StoreError::MediatorRefused(r)) => r.code().to_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mediator_is_appointed_after_the_checks_and_joins_the_case_on_accepting() {
    for db in engines().await {
        let store = open(&db).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let kwame = mediator(&store, "kwame@panel.example", &[Role::Mediator]).await;
        let clerk = mediator(&store, "clerk@iomed.example", &[Role::CaseSecretary]).await;
        let saved =
            CaseChange::SaveDraft { owner, id: None, draft: draft("prior_agreement", "camille@kestrel.example") };
        let id = store.case_change("user:1", saved).await.unwrap().created.unwrap();
        let filed =
            CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() };
        let case = store.case_change("user:1", filed).await.unwrap().created.unwrap();

        // A profile for a mediator only; French nationality, like the responding company.
        let profile = ProfileDraft {
            name: "Kwame Mensah".into(),
            nationalities: vec!["GHA".into(), "FRA".into()],
            languages: vec!["en".into(), "fr".into()],
            ..ProfileDraft::default()
        }
        .check()
        .unwrap();
        let record = |user| MediatorChange::RecordProfile { user, profile: profile.clone() };
        assert_eq!(refusal(store.mediator_change("user:9", record(clerk)).await), "not_a_mediator");
        store.mediator_change("user:9", record(kwame)).await.unwrap();

        // Appointment waits for registration.
        let appoint = || MediatorChange::Appoint { case, mediator: kwame, agreement: None, mails: vec![] };
        assert_eq!(refusal(store.mediator_change("user:9", appoint()).await), "not_registered");
        iomed_store::testing::file_screening_annexes(&store, case).await.unwrap();
        for step in [Step::MarkFeePaid, Step::Register { council_rule: None }] {
            store.case_change("user:9", CaseChange::Step { case, step, mails: vec![] }).await.unwrap();
        }
        let appointment = store.mediator_change("user:9", appoint()).await.unwrap().created.unwrap();
        assert_eq!(refusal(store.mediator_change("user:9", appoint()).await), "already_appointed");
        let rows = store.appointments_of_case(case).await.unwrap();
        assert_eq!(rows[0].findings[0].severity, Severity::Disclose, "{}", db.engine);
        assert_eq!(rows[0].findings[0].code, "shares_nationality_with_party");
        assert_eq!(store.standing(case, kwame).await.unwrap(), None, "not on the case before accepting");

        // Only the appointee answers; the declaration must be complete.
        let declaration =
            Declaration { independent: true, impartial: true, available: false, disclosures: String::new() };
        let answer = |mediator, accept: Option<Declaration>| MediatorChange::Answer {
            appointment,
            mediator,
            accept,
            mails: vec![],
        };
        assert_eq!(refusal(store.mediator_change("user:2", answer(clerk, None)).await), "not_found");
        assert_eq!(
            refusal(store.mediator_change("user:3", answer(kwame, Some(declaration.clone()))).await),
            "declaration_incomplete"
        );
        let full = Declaration { available: true, disclosures: "I hold French nationality.".into(), ..declaration };
        store.mediator_change("user:3", answer(kwame, Some(full))).await.unwrap();
        assert_eq!(store.standing(case, kwame).await.unwrap(), Some(Standing::Mediator), "{}", db.engine);
        assert_eq!(refusal(store.mediator_change("user:3", answer(kwame, None)).await), "already_answered");
        let mine = store.appointments_of_mediator(kwame).await.unwrap();
        assert_eq!(mine[0].status, AppointmentStatus::Accepted);
        assert_eq!(mine[0].declaration.as_ref().map(|d| d.disclosures.as_str()), Some("I hold French nationality."));
        // The appointment and the acceptance are appointment steps of the case, in its own stream
        // (W7): with its one mediator in place, no appointment time limit is left and it cannot lapse.
        let (_, state, _) = store.case(case).await.unwrap().unwrap();
        assert!(state.mediators_in_place(), "{}", db.engine);
        let rules = iomed_domain::rules::RulesProfile::in_force_on(state.filed_on());
        let limits: Vec<_> = state.deadlines(&rules).iter().map(|d| d.kind.as_str()).collect();
        assert!(!limits.contains(&"lapse") && !limits.contains(&"appointment_request"), "{limits:?}");
        let steps: Vec<_> = store.case_history(case).await.unwrap().iter().map(|h| h.event.kind()).collect();
        assert_eq!(steps.iter().filter(|k| **k == "case.appointment_step").count(), 2, "{steps:?}");
        let lapse = store.case_change("system", CaseChange::Step { case, step: Step::Lapse, mails: vec![] }).await;
        assert!(
            matches!(
                lapse,
                Err(StoreError::CaseRefused(iomed_store::cases::CaseRefusal::Case(
                    iomed_domain::case::Refusal::MediatorsInPlace
                )))
            ),
            "{lapse:?}"
        );
        let kinds: Vec<_> =
            store.stream(&format!("case/{case}/appointments")).await.unwrap().iter().map(|r| r.kind.clone()).collect();
        assert_eq!(kinds, ["case.mediator_appointed", "case.mediator_accepted"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn designations_follow_the_registry_and_the_quota_and_can_be_renewed_or_withdrawn() {
    use iomed_domain::mediators::Panel;
    use iomed_domain::registry::{Command, Instrument};
    for db in engines().await {
        let store = open(&db).await;
        for s in ["CHN", "PAK", "SRB"] {
            let sign = Command::Sign { state: code(s), on: Some(jiff::civil::date(2025, 5, 30)), evidence: evidence() };
            store.registry_command("test", sign).await.unwrap();
            let ratify = Command::ConsentToBeBound {
                state: code(s),
                instrument: Instrument::Ratification,
                on: Some(jiff::civil::date(2025, 7, 1)),
                before_entry_into_force: false,
                evidence: evidence(),
            };
            store.registry_command("test", ratify).await.unwrap();
        }
        let on = jiff::civil::date(2026, 11, 22);
        let profile = ProfileDraft {
            name: "M".into(),
            nationalities: vec!["GHA".into()],
            languages: vec!["en".into()],
            ..ProfileDraft::default()
        }
        .check()
        .unwrap();
        let mut mediators = Vec::new();
        for n in 0..6 {
            let m = mediator(&store, &format!("m{n}@panel.example"), &[Role::Mediator]).await;
            if n < 5 {
                store
                    .mediator_change("op", MediatorChange::RecordProfile { user: m, profile: profile.clone() })
                    .await
                    .unwrap();
            }
            mediators.push(m);
        }
        let designate = |state: &str, mediator| MediatorChange::Designate {
            state: code(state),
            panel: Panel::InterState,
            mediator,
            on,
        };
        assert_eq!(refusal(store.mediator_change("op", designate("FRA", mediators[0])).await), "not_contracting");
        assert_eq!(refusal(store.mediator_change("op", designate("CHN", mediators[5])).await), "no_profile");
        for m in &mediators[..4] {
            store.mediator_change("op", designate("CHN", *m)).await.unwrap();
        }
        assert_eq!(refusal(store.mediator_change("op", designate("CHN", mediators[0])).await), "already_designated");
        assert_eq!(
            refusal(store.mediator_change("op", designate("CHN", mediators[4])).await),
            "quota_reached",
            "{}",
            db.engine
        );
        // Another panel, another quota.
        let other = MediatorChange::Designate {
            state: code("CHN"),
            panel: Panel::CommercialInvestment,
            mediator: mediators[4],
            on,
        };
        store.mediator_change("op", other).await.unwrap();
        let rows = store.designations().await.unwrap();
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|d| d.active_on(on) && d.ends_on == jiff::civil::date(2032, 11, 22)));
        // Renewed from a later date, the term runs again from it.
        let renewed = rows.iter().find(|d| d.mediator == mediators[1]).unwrap().id;
        let later = jiff::civil::date(2030, 6, 1);
        store.mediator_change("op", MediatorChange::Renew { designation: renewed, on: later }).await.unwrap();
        let row = store.designations().await.unwrap().into_iter().find(|d| d.id == renewed).unwrap();
        assert_eq!(row.ends_on, jiff::civil::date(2036, 6, 1), "{}", db.engine);
        let first = rows.iter().find(|d| d.mediator == mediators[0]).unwrap().id;
        store.mediator_change("op", MediatorChange::Withdraw { designation: first, on }).await.unwrap();
        assert_eq!(
            refusal(store.mediator_change("op", MediatorChange::Renew { designation: first, on }).await),
            "designation_ended"
        );
        // Room again in the quota.
        store.mediator_change("op", designate("CHN", mediators[4])).await.unwrap();
        let kinds: Vec<_> = store.stream("panels").await.unwrap().iter().map(|r| r.kind.clone()).collect();
        assert_eq!(kinds.iter().filter(|k| *k == "panel.designated").count(), 6);
        assert!(kinds.contains(&"panel.withdrawn".to_owned()));
    }
}

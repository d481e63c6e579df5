//! The demonstration cases: fictional companies, people and disputes (marked as such), with real
//! States, in every stage of the case machine and across the three categories. Their dates are
//! set relative to today, so that deadlines are always running: the demo store's clock is moved
//! back for each step, and the ledger records each step at that time.

use std::sync::Arc;

mod annexes;

use anyhow::{Context, anyhow};
use iomed_domain::access::UserId;
use iomed_domain::accounts::Email;
use iomed_domain::documents::{Audience, MetaDraft};
use iomed_domain::mediators::{Declaration, ProfileDraft};
use iomed_domain::request::{Draft, DraftParty, Side};
use iomed_store::accounts::OutgoingMail;
use iomed_store::blobs::{Blobs, MasterKey};
use iomed_store::cases::{CaseChange, Invitation, Step};
use iomed_store::mediators::MediatorChange;
use iomed_store::messages::{MessageChange, message_context};
use iomed_store::notifications::Notice;
use iomed_store::{FixedClock, Store};
use jiff::{SignedDuration, Timestamp};

fn party(side: &str, kind: &str, name: &str, state: &str, contact: &str) -> DraftParty {
    let national = matches!(kind, "company" | "person");
    DraftParty {
        side: side.into(),
        kind: kind.into(),
        state: if kind == "state" { state.into() } else { String::new() },
        name: name.into(),
        nationalities: if national { vec![state.into()] } else { vec![] },
        place_of_business: if national { state.into() } else { String::new() },
        contact: contact.into(),
    }
}

struct DemoCase {
    category: &'static str,
    basis: &'static str,
    summary: &'static str,
    subjects: &'static [&'static str],
    parties: Vec<DraftParty>,
    other: (&'static str, &'static str),
    /// Days before today it was filed.
    filed_days_ago: i64,
    /// Steps after filing: (days after filing, actor, step).
    steps: Vec<(i64, &'static str, Step)>,
}

fn cases() -> Vec<DemoCase> {
    let respondent = ("Priya Raman", "respondent.counsel@harbour-chambers.example");
    let register = || Step::Register { council_rule: None };
    vec![
        DemoCase {
            category: "private_commercial",
            basis: "prior_agreement",
            summary: "(Fictional demonstration case.) Harbourline Logistics claims payment for port cranes delivered in 2025; Kestrel Cranes says two cranes failed acceptance tests.",
            subjects: &["trade"],
            parties: vec![
                party("requesting", "company", "Harbourline Logistics Ltd", "SGP", "legal@harbourline.example"),
                party("responding", "company", "Kestrel Cranes SA", "FRA", "contentieux@kestrel.example"),
            ],
            other: respondent,
            filed_days_ago: 24,
            steps: vec![(1, "registrar", Step::MarkFeePaid), (4, "registrar", register())],
        },
        DemoCase {
            category: "state_national",
            basis: "offer",
            summary: "(Fictional demonstration case.) Sahel Solar Holdings asks for mediation over a delayed grid connection for a solar park under a 2024 investment agreement.",
            subjects: &["investment", "energy"],
            parties: vec![
                party("requesting", "company", "Sahel Solar Holdings Ltd", "SGP", "counsel@meridian-law.example"),
                party("responding", "state", "", "CHN", "Ministry of Commerce (fictional contact point)"),
            ],
            other: respondent,
            filed_days_ago: 50,
            steps: vec![(2, "finance", Step::MarkFeePaid)],
        },
        DemoCase {
            category: "state_state",
            basis: "prior_agreement",
            summary: "(Fictional demonstration case.) Two States disagree on sharing the costs of a jointly chartered oceanographic research vessel.",
            subjects: &["environment", "other"],
            parties: vec![
                party("requesting", "state", "", "CHN", "Department of Treaty and Law (fictional contact point)"),
                party("responding", "state", "", "PAK", "Ministry of Foreign Affairs (fictional contact point)"),
            ],
            other: respondent,
            filed_days_ago: 6,
            steps: vec![(1, "finance", Step::MarkFeePaid)],
        },
        DemoCase {
            category: "private_commercial",
            basis: "prior_agreement",
            summary: "(Fictional demonstration case.) A dispute over late delivery of refrigerated containers under a 2023 charter.",
            subjects: &["trade"],
            parties: vec![
                party("requesting", "company", "Blue Lotus Shipping Co", "IDN", "legal@bluelotus.example"),
                party("responding", "company", "Nordkap Reefer AS", "NOR", "legal@nordkap.example"),
            ],
            other: respondent,
            filed_days_ago: 70,
            steps: vec![
                (1, "registrar", Step::MarkFeePaid),
                (3, "registrar", register()),
                (12, "registrar", Step::AgreeMediators { number: 2 }),
            ],
        },
        DemoCase {
            category: "private_commercial",
            basis: "offer",
            summary: "(Fictional demonstration case.) A software licensing dispute; the licensor declined the offer to mediate.",
            subjects: &["trade"],
            parties: vec![
                party("requesting", "company", "Andes Agritech SAC", "PER", "legal@andes-agritech.example"),
                party("responding", "company", "Lumen Code GmbH", "DEU", "legal@lumencode.example"),
            ],
            other: respondent,
            filed_days_ago: 40,
            steps: vec![(9, "respondent", Step::DeclineOffer)],
        },
        DemoCase {
            category: "state_national",
            basis: "offer",
            summary: "(Fictional demonstration case.) A road-construction payment dispute; the offer to mediate went unanswered.",
            subjects: &["investment"],
            parties: vec![
                party("requesting", "company", "Kilimanjaro Roads Ltd", "TZA", "legal@kiliroads.example"),
                party("responding", "state", "", "LAO", "Ministry of Public Works (fictional contact point)"),
            ],
            other: respondent,
            filed_days_ago: 90,
            steps: vec![(64, "clock", Step::DeemRejection)],
        },
        DemoCase {
            category: "private_commercial",
            basis: "prior_agreement",
            summary: "(Fictional demonstration case.) Both parties are incorporated in the same State: not an international dispute.",
            subjects: &["trade"],
            parties: vec![
                party("requesting", "company", "Pearl Delta Textiles Ltd", "CHN", "legal@pdtextiles.example"),
                party("responding", "company", "Canton Dyeworks Ltd", "CHN", "legal@cantondye.example"),
            ],
            other: respondent,
            filed_days_ago: 30,
            steps: vec![(
                5,
                "registrar",
                Step::Refuse { reasons: "Both parties have their place of business in the same State (E11).".into() },
            )],
        },
        DemoCase {
            category: "private_commercial",
            basis: "prior_agreement",
            summary: "(Fictional demonstration case.) A franchise dispute withdrawn after the parties settled directly.",
            subjects: &["trade"],
            parties: vec![
                party("requesting", "company", "Savanna Coffee House Ltd", "KEN", "legal@savannacoffee.example"),
                party("responding", "company", "Marais Patisserie SARL", "FRA", "legal@maraispatisserie.example"),
            ],
            other: respondent,
            filed_days_ago: 20,
            // Both sides agreed to publish its basic information: it is in the public register.
            steps: vec![
                (6, "counsel", Step::Withdraw { side: Side::Requesting }),
                (7, "counsel", Step::ConsentToPublication { side: Side::Requesting }),
                (8, "respondent", Step::ConsentToPublication { side: Side::Responding }),
            ],
        },
        DemoCase {
            category: "private_commercial",
            basis: "prior_agreement",
            summary: "(Fictional demonstration case.) A joint venture dispute where no step to appoint a mediator was taken in 120 days.",
            subjects: &["investment", "trade"],
            parties: vec![
                party("requesting", "company", "Aral Cotton Trading LLP", "KAZ", "legal@aralcotton.example"),
                party("responding", "company", "Danube Fibres Srl", "ROU", "legal@danubefibres.example"),
            ],
            other: respondent,
            filed_days_ago: 200,
            steps: vec![
                (1, "registrar", Step::MarkFeePaid),
                (2, "registrar", register()),
                (20, "registrar", Step::AgreeMediators { number: 1 }),
                (170, "clock", Step::Lapse),
            ],
        },
    ]
}

fn draft(case: &DemoCase, signature: &str) -> Draft {
    Draft {
        category: case.category.into(),
        summary: case.summary.into(),
        parties: case.parties.clone(),
        subjects: case.subjects.iter().map(|s| (*s).to_owned()).collect(),
        third_states: vec![],
        consent_basis: case.basis.into(),
        consent_date: "2024-03-01".into(),
        consent_document: "Mediation clause of the parties' agreement (fictional)".into(),
        authority_document: "Power of attorney (fictional)".into(),
        internal_authorization: "Board resolution (fictional)".into(),
        other_side_name: case.other.0.into(),
        other_side_email: case.other.1.into(),
        signature: signature.into(),
    }
}

async fn user(store: &Store, email: &str) -> anyhow::Result<UserId> {
    let email = Email::parse(email)?;
    Ok(store.credentials(&email).await?.ok_or_else(|| anyhow!("demo user {email} is missing"))?.user.id)
}

/// The demonstration cases recorded: how many, and the id of the first (Harbourline v. Kestrel),
/// where the demo mediator and documents go. Ids are random, as in any deployment.
pub(crate) struct Seeded {
    pub cases: usize,
    pub first: i64,
}

/// Records the demonstration cases on a store whose clock the caller moves. Does nothing (and
/// gives `None`) if any case exists.
pub(crate) async fn seed_cases(
    store: &Store,
    (blobs, master): (&Blobs, &MasterKey),
    clock: &Arc<FixedClock>,
    now: Timestamp,
) -> anyhow::Result<Option<Seeded>> {
    if !store.all_cases().await?.is_empty() {
        return Ok(None);
    }
    let counsel = user(store, "counsel@meridian-law.example").await?;
    let respondent = user(store, "respondent.counsel@harbour-chambers.example").await?;
    let actor_of = |who: &str| match who {
        "counsel" => format!("user:{}", counsel.0),
        "respondent" => format!("user:{}", respondent.0),
        "clock" => "system:clock".to_owned(),
        other => format!("system:demo:{other}"),
    };
    let mut n = 0;
    let mut first = None;
    for case in cases() {
        let filed = now.checked_sub(SignedDuration::from_hours(24 * case.filed_days_ago))?;
        clock.set(filed);
        let owner_actor = actor_of("counsel");
        let change = CaseChange::SaveDraft { owner: counsel, id: None, draft: draft(&case, "Élodie Marchand") };
        let id = store.case_change(&owner_actor, change).await?.created.context("a demo draft has no id")?;
        // The other side has an account: it is told by e-mail, which the demo writes to the outbox.
        let mail = OutgoingMail {
            to: case.other.1.into(),
            subject: "IOMed: you are named in a request for mediation (demo)".into(),
            body: "A fictional demonstration case names you. Sign in to read it.".into(),
            notice: None,
        };
        let invitation = Invitation {
            link_hash: String::new(),
            expires_at: filed,
            language: "en".into(),
            mail_new: mail.clone(),
            mail_existing: mail,
        };
        let receipt = OutgoingMail {
            to: "counsel@meridian-law.example".into(),
            subject: "IOMed: your request for mediation was filed (demo)".into(),
            body: "The receipt of a fictional demonstration filing. Sign in to read it.".into(),
            notice: None,
        };
        let case_id = store
            .case_change(&owner_actor, CaseChange::File { owner: counsel, id, invitation, receipt })
            .await?
            .created
            .context("a demo filing made no case")?;
        first.get_or_insert(case_id);
        let names = |side: &str| {
            case.parties
                .iter()
                .find(|p| p.side == side)
                .map(|p| if p.name.is_empty() { format!("The State with code {}", p.state) } else { p.name.clone() })
        };
        let parties = (names("requesting").unwrap_or_default(), names("responding").unwrap_or_default());
        for (after, who, step) in case.steps {
            clock.set(filed.checked_add(SignedDuration::from_hours(24 * after))?);
            if matches!(step, Step::Register { .. }) {
                // Screening finds the consent and both proofs of authority on file (W4).
                let consent = "Mediation clause of the parties' agreement";
                let parties = [parties.0.as_str(), parties.1.as_str()];
                annexes::file_screening_annexes(store, blobs, master, case_id, (consent, parties)).await?;
            }
            store.case_change(&actor_of(who), CaseChange::Step { case: case_id, step, mails: vec![] }).await?;
        }
        n += 1;
    }
    clock.set(now);
    assign_officers(store).await?;
    // One draft not filed yet, with gaps, for the demo counsel.
    let mut unfinished = draft(&cases()[0], "");
    unfinished.summary = "(Fictional demonstration draft.) Unpaid demurrage for a bulk carrier.".into();
    unfinished.authority_document = String::new();
    // Its own dispute, with a shipowner the other cases do not name.
    for party in unfinished.parties.iter_mut().filter(|p| p.side == "responding") {
        party.name = "Marlow Bulk Shipping Ltd".into();
        party.contact = "claims@marlow-bulk.example".into();
    }
    let saved = store
        .case_change(&actor_of("counsel"), CaseChange::SaveDraft { owner: counsel, id: None, draft: unfinished })
        .await?;
    let request = saved.created.context("the demo draft was not saved")?;
    annexes::attach_to_draft(store, blobs, master, counsel, request).await?;
    Ok(Some(Seeded { cases: n, first: first.context("no demo case")? }))
}

/// Gives the open demo cases their officers, as the registrar would: a request awaiting screening
/// has none yet (it is given one at screening), the registrar follows the first of the others and
/// the case secretary the rest, so the work queue shows all three.
async fn assign_officers(store: &Store) -> anyhow::Result<()> {
    let registrar = user(store, "registrar@iomed.example").await?;
    let secretary = user(store, "case.secretary@iomed.example").await?;
    let actor = format!("user:{}", registrar.0);
    let mut first = true;
    for (row, case) in store.open_cases().await? {
        if case.waiting_on().contains(&iomed_domain::case::Waiting::Screening) {
            continue;
        }
        let officer = if std::mem::take(&mut first) { registrar } else { secretary };
        store
            .case_change(&actor, CaseChange::AssignOfficer { case: row.id, officer: Some(officer), mail: None })
            .await?;
    }
    Ok(())
}

/// Files the demonstration documents in the first demo case (Harbourline v. Kestrel), beside the
/// annexes filed before its registration: the joint request, a French translation, one caucus note for each side, each side's
/// internal draft, and a Secretariat memo. Fictional text, encrypted like any other filing.
pub(crate) async fn seed_documents(
    store: &Store,
    blobs: &Blobs,
    master: &MasterKey,
    case: i64,
) -> anyhow::Result<usize> {
    let counsel = user(store, "counsel@meridian-law.example").await?;
    let respondent = user(store, "respondent.counsel@harbour-chambers.example").await?;
    let registrar = user(store, "registrar@iomed.example").await?;
    let key = store.data_key(master, case).await?;
    // (filer, title, type, language, audience, party, translation of (the position of the
    // original in this list), file name, text)
    type Row<'a> = (UserId, &'a str, &'a str, &'a str, &'a str, &'a str, Option<usize>, &'a str, &'a str);
    let documents: [Row<'_>; 6] = [
        (
            counsel,
            "Request for mediation",
            "request",
            "en",
            "joint",
            "",
            None,
            "request.txt",
            "FICTIONAL DEMONSTRATION DOCUMENT\n\nRequest for mediation\nHarbourline Logistics Ltd (Singapore) v. Kestrel Cranes SA (France)\n\nHarbourline asks for mediation of its claim for the price of four port cranes delivered in 2025 under the Supply Agreement of 10 January 2026.\n",
        ),
        (
            counsel,
            "Demande de médiation",
            "request",
            "fr",
            "joint",
            "",
            Some(0),
            "demande.txt",
            "DOCUMENT DE DÉMONSTRATION FICTIF\n\nDemande de médiation\nHarbourline Logistics Ltd (Singapour) c. Kestrel Cranes SA (France)\n",
        ),
        (
            counsel,
            "Settlement range (for the mediators only with our side)",
            "note",
            "en",
            "caucus",
            "requesting",
            None,
            "settlement-range.txt",
            "FICTIONAL DEMONSTRATION DOCUMENT\n\nCaucus note: Harbourline could accept payment for two cranes now and a repair plan for the other two.\n",
        ),
        (
            respondent,
            "Acceptance test results, annotated",
            "note",
            "en",
            "caucus",
            "responding",
            None,
            "acceptance-tests.txt",
            "FICTIONAL DEMONSTRATION DOCUMENT\n\nCaucus note: two cranes failed the load test at 38 t; Kestrel would accept an expert re-test.\n",
        ),
        (
            respondent,
            "Draft response (internal)",
            "statement",
            "en",
            "side",
            "responding",
            None,
            "draft-response.txt",
            "FICTIONAL DEMONSTRATION DOCUMENT\n\nInternal draft, not for the other side.\n",
        ),
        (
            registrar,
            "Lodging fee receipt",
            "correspondence",
            "en",
            "secretariat",
            "",
            None,
            "fee-receipt.txt",
            "FICTIONAL DEMONSTRATION DOCUMENT\n\nLodging fee received.\n",
        ),
    ];
    let participants = store.participants(case).await?;
    // Everyone on the case the audience admits but the one acting: a notice in their inbox (the
    // demo sends no e-mail for them).
    let notices = |actor: UserId, audience: Audience, about: &str, page: &str| -> Vec<OutgoingMail> {
        participants
            .iter()
            .filter(|p| p.user != actor && audience.admits(Some(p.standing), false))
            .map(|p| OutgoingMail {
                to: p.email.clone(),
                subject: String::new(),
                body: String::new(),
                notice: Some(Notice {
                    user: p.user,
                    case,
                    about: about.into(),
                    path: format!("/cases/{case}/{page}"),
                    email: iomed_domain::notifications::EmailChoice::Never,
                }),
            })
            .collect()
    };
    let mut filed: Vec<i64> = Vec::new();
    for (filer, title, kind, language, audience, party, original, file_name, text) in documents {
        let translation_of = match original {
            Some(i) => Some(*filed.get(i).context("a demo translation names a later document")?),
            None => None,
        };
        let meta = MetaDraft {
            title: title.into(),
            kind: kind.into(),
            language: language.into(),
            audience: audience.into(),
            party: party.into(),
            translation_of,
            translated_by: if translation_of.is_some() { "machine".into() } else { String::new() },
            translation_reviewed: translation_of.is_some(),
            ..MetaDraft::default()
        }
        .check()
        .map_err(|gaps| anyhow!("a demo document's metadata has gaps: {gaps:?}"))?;
        let told = notices(filer, meta.audience, "document", "documents");
        filed.push(annexes::file_text(store, blobs, master, (case, filer), (meta, file_name), text, told).await?);
    }
    // A few messages in the joint thread and one in the claimant's caucus: fictional, sealed
    // like any other.
    let messages: [(UserId, Audience, &str); 4] = [
        (
            registrar,
            Audience::Joint,
            "(Fictional demonstration message.) The Secretariat confirms receipt of the request and its annexes.",
        ),
        (
            respondent,
            Audience::Joint,
            "(Fictional demonstration message.) Kestrel will file its response to the request within the time allowed.",
        ),
        (
            counsel,
            Audience::Joint,
            "(Fictional demonstration message.) Harbourline proposes a first joint session in the week of 7 December.",
        ),
        (
            counsel,
            Audience::Caucus(Side::Requesting),
            "(Fictional demonstration message.) Our client can consider staged payments if the cranes are repaired.",
        ),
    ];
    for (author, audience, body) in messages {
        let sealed = key.seal(&message_context(case, audience), body.as_bytes())?;
        let change = MessageChange::Send {
            case,
            author,
            audience,
            sealed,
            body_hash: store.signer().commitments().commit("message body", body.as_bytes()),
            attachments: vec![],
            new_attachments: vec![],
            mails: notices(author, audience, "message", "messages"),
        };
        store.message_change(&format!("user:{}", author.0), change).await?;
    }
    Ok(filed.len())
}

/// Records the demo mediator's profile (fictional) and appoints them to the first demo case, where
/// they accept with the declaration: so the demo shows the mediators' side of the case file.
pub(crate) async fn seed_mediator(
    store: &Store,
    clock: &Arc<FixedClock>,
    now: Timestamp,
    case: i64,
) -> anyhow::Result<()> {
    let kwame = user(store, "mediator@iomed.example").await?;
    let profile = ProfileDraft {
        name: "Kwame Mensah".into(),
        nationalities: vec!["GHA".into()],
        languages: vec!["en".into(), "fr".into()],
        expertise: vec!["trade".into(), "maritime".into(), "investment".into()],
        state_service: vec!["GHA: legal adviser to the Ministry of Trade until 2019-12-31".into()],
        biography: "(Fictional demonstration profile.) Commercial mediator, formerly a government legal adviser."
            .into(),
        gender: "man".into(),
        legal_tradition: "common_law".into(),
        ..ProfileDraft::default()
    }
    .check()
    .map_err(|gaps| anyhow!("the demo mediator's profile has gaps: {gaps:?}"))?;
    let registrar = format!("user:{}", user(store, "registrar@iomed.example").await?.0);
    clock.set(now.checked_sub(SignedDuration::from_hours(24 * 19))?);
    store.mediator_change(&registrar, MediatorChange::RecordProfile { user: kwame, profile }).await?;
    let appointed = MediatorChange::Appoint { case, mediator: kwame, agreement: None, mails: vec![] };
    let appointment = store.mediator_change(&registrar, appointed).await?.created.context("no appointment id")?;
    clock.set(now.checked_sub(SignedDuration::from_hours(24 * 17))?);
    let declaration = Declaration {
        independent: true,
        impartial: true,
        available: true,
        disclosures: "(Fictional.) I advised Ghana's Ministry of Trade until 2019; neither party is Ghanaian.".into(),
    };
    let answer = MediatorChange::Answer { appointment, mediator: kwame, accept: Some(declaration), mails: vec![] };
    store.mediator_change(&format!("user:{}", kwame.0), answer).await?;
    clock.set(now);
    // China, a Contracting State, designated the demo mediator to the commercial and investment
    // panel (a fictional designation).
    let on = iomed_domain::seat::seat_date(now);
    let designation = MediatorChange::Designate {
        state: iomed_domain::registry::StateCode::parse("CHN")?,
        panel: iomed_domain::mediators::Panel::CommercialInvestment,
        mediator: kwame,
        on,
    };
    store.mediator_change(&registrar, designation).await?;
    // A second fictional mediator, on the panel for disputes between States, free to appoint.
    let ines = user(store, "mediator2@iomed.example").await?;
    let profile = ProfileDraft {
        name: "Inés Carvajal".into(),
        nationalities: vec!["CHL".into()],
        languages: vec!["es".into(), "en".into(), "fr".into()],
        expertise: vec!["water".into(), "environment".into(), "trade".into()],
        biography: "(Fictional demonstration profile.) Mediator in water and environmental disputes.".into(),
        gender: "woman".into(),
        legal_tradition: "civil_law".into(),
        ..ProfileDraft::default()
    }
    .check()
    .map_err(|gaps| anyhow!("the second demo mediator's profile has gaps: {gaps:?}"))?;
    store.mediator_change(&registrar, MediatorChange::RecordProfile { user: ines, profile }).await?;
    let designation = MediatorChange::Designate {
        state: iomed_domain::registry::StateCode::parse("CHN")?,
        panel: iomed_domain::mediators::Panel::InterState,
        mediator: ines,
        on,
    };
    store.mediator_change(&registrar, designation).await?;
    Ok(())
}

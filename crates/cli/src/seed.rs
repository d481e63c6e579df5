//! The registry facts known from public sources, with the source of each (see
//! shared/docs/domain.md §1.6). Nothing here is invented: where a source is not verified the fact
//! is recorded as unverified, and where a date is not known it is recorded as unknown.

use iomed_domain::registry::{Command, Evidence, EvidenceError, Instrument, StateCode, UnknownState};
use jiff::civil::{Date, date};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error(transparent)]
    State(#[from] UnknownState),
    #[error(transparent)]
    Evidence(#[from] EvidenceError),
}

const SIGNING: Date = date(2025, 5, 30);

/// The commands that record what is known, in order.
pub fn commands() -> Result<Vec<Command>, SeedError> {
    let mut out = Vec::new();
    let verified_signatories: [(&str, &str); 14] = [
        ("CHN", "Signed by Wang Yi in Hong Kong on 30 May 2025 (news.gov.hk, 30 May 2025; domain brief S16)"),
        ("DZA", "Founding signatory, 30 May 2025 (domain brief S11)"),
        ("BLR", "Founding signatory, 30 May 2025 (domain brief S11, S21, S23)"),
        ("KHM", "Signed by Commerce Minister Cham Nimul, 30 May 2025 (domain brief S19)"),
        ("DJI", "Founding signatory, 30 May 2025 (domain brief S11)"),
        ("IDN", "Founding signatory, 30 May 2025 (domain brief S11, S21, S22)"),
        ("LAO", "Founding signatory, 30 May 2025 (domain brief S11)"),
        ("PAK", "Founding signatory; Deputy Prime Minister Dar spoke at the ceremony (domain brief S11, S20, S21)"),
        ("SRB", "Founding signatory; the Minister of Justice spoke at the ceremony (domain brief S11, S20, S23)"),
        ("SDN", "Founding signatory, 30 May 2025 (domain brief S11)"),
        ("CUB", "Named among the signatories of 30 May 2025 (domain brief S22)"),
        ("VEN", "Named among the 33 founding signatories (domain brief S21)"),
        ("COG", "Took part in the signing, Ambassador Guy Nestor Itoua (domain brief S18)"),
        ("TLS", "Signed by Foreign Minister Bendito dos Santos Freitas (domain brief S17)"),
    ];
    for (code, source) in verified_signatories {
        out.push(Command::Sign {
            state: StateCode::parse(code)?,
            on: Some(SIGNING),
            evidence: Evidence::new(true, source)?,
        });
    }
    out.push(Command::Sign {
        state: StateCode::parse("NIC")?,
        on: Some(SIGNING),
        evidence: Evidence::new(
            false,
            "Attorney-General spoke at the signing ceremony; low-reliability reports (domain brief S20, S26)",
        )?,
    });
    out.push(Command::Sign {
        state: StateCode::parse("ZWE")?,
        on: Some(SIGNING),
        evidence: Evidence::new(
            false,
            "Foreign Minister Murwira spoke at the signing ceremony; signature inferred, not stated (domain brief S20)",
        )?,
    });
    out.push(Command::Sign {
        state: StateCode::parse("PNG")?,
        on: Some(SIGNING),
        evidence: Evidence::new(
            false,
            "Press reports of the ceremony: \"co-signed by 31 other countries, including Serbia, Pakistan, Venezuela, and Papua New Guinea\"; \"ranging from Pakistan, Indonesia and Belarus, to Cuba, Venezuela, and Papua New Guinea\" (two independent news reports; not confirmed by an official list)",
        )?,
    });
    out.push(Command::Sign {
        state: StateCode::parse("KEN")?,
        on: None,
        evidence: Evidence::new(
            false,
            "Reported among the ratifying States by October 2025; signing date not confirmed (domain brief S25)",
        )?,
    });
    out.push(Command::ConsentToBeBound {
        state: StateCode::parse("CHN")?,
        instrument: Instrument::Ratification,
        on: None,
        before_entry_into_force: true,
        evidence: Evidence::new(
            true,
            "NPC Standing Committee approved ratification on 27 June 2025 (S8); in force for China from 29 August 2025 (S9); date of deposit not found",
        )?,
    });
    for (code, source) in [
        (
            "NIC",
            "National Assembly approved joining on 26 June 2025; reported as ratified (low reliability, domain brief S25, S26)",
        ),
        ("VEN", "Reported as ratified by October 2025 (low reliability, domain brief S25)"),
        ("PAK", "Reported as ratified by October 2025 (low reliability, domain brief S25)"),
        ("KEN", "Reported as ratified by October 2025 (low reliability, domain brief S25)"),
    ] {
        out.push(Command::ConsentToBeBound {
            state: StateCode::parse(code)?,
            instrument: Instrument::Ratification,
            on: None,
            before_entry_into_force: false,
            evidence: Evidence::new(false, source)?,
        });
    }
    out.push(Command::RecordEntryIntoForce {
        on: date(2025, 8, 29),
        evidence: Evidence::new(true, "Entered into force on 29 August 2025 for China and the other ratifying States (People's Daily, 29 Nov 2025; domain brief S9)")?,
    });
    Ok(out)
}

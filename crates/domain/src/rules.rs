//! Rules profiles: every number that governs a rule lives here, versioned and effective-dated,
//! never in a code path.
//!
//! IOMed's own time limits and fees are not public. Each parameter therefore says where its value
//! comes from ([`Provenance`]): the Convention as reported by a verified source, or a default taken
//! from a comparable instrument (ICSID 2022 and the ICSID Convention) until IOMed's own text is known.

use jiff::civil::Date;

use crate::money::{Currency, Money};

/// Where a parameter's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provenance {
    /// Stated in a retrieved source on the IOMed Convention.
    Verified(&'static str),
    /// A default borrowed from a comparable instrument or inferred; to be checked against the
    /// Convention text.
    Unverified(&'static str),
}

/// One parameter with its provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param<T> {
    pub value: T,
    pub provenance: Provenance,
}

/// The parameters of the Convention's final clauses that the registry needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryRules {
    /// The day the Convention was opened for signature (Hong Kong, 30 May 2025).
    pub opened_for_signature_on: Param<Date>,
    /// How many instruments of ratification, acceptance, approval or accession bring the
    /// Convention into force.
    pub instruments_for_entry_into_force: Param<usize>,
    /// The Convention enters into force on this day after the deposit of the last of those
    /// instruments (30: "the 30th day after").
    pub days_after_instrument: Param<i32>,
    /// For a State that consents after entry into force: days after its own instrument.
    pub days_after_later_instrument: Param<i32>,
    /// Founding-member window for States that signed or endorsed the 2022 Joint Statement, in
    /// years after entry into force.
    pub founding_window_joint_statement_years: Param<i16>,
    /// Founding-member window for every other State, in years after entry into force.
    pub founding_window_other_years: Param<i16>,
    /// Months between notice of denunciation and its effect.
    pub denunciation_effect_months: Param<i16>,
}

/// The time limits of a case, in days counted from the day after their trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRules {
    /// Without a prior agreement, the other side answers the offer to mediate within this many
    /// days of the request; silence is deemed rejection (W3).
    pub offer_answer_days: Param<i32>,
    /// The number of mediators is 1 unless agreed within this many days of registration (W5).
    pub mediators_number_days: Param<i32>,
    /// Without an appointment by then, either party may ask the Secretary-General to appoint (W6).
    pub appointment_request_days: Param<i32>,
    /// With no appointment step by the parties for this many days from registration, the case
    /// lapses (W7).
    pub lapse_days: Param<i32>,
    /// An appointee files their declaration within this many days (W8).
    pub declaration_days: Param<i32>,
    /// Initial statements within this many days of transmittal (W10).
    pub initial_statements_days: Param<i32>,
    /// The first session within this many days of transmittal (W10).
    pub first_session_days: Param<i32>,
    /// Days that are not business days besides Saturdays and Sundays (W11).
    pub holidays: Param<&'static [Date]>,
}

/// The parameters of appointment and its conflict checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppointmentRules {
    /// Service for a party State that ended within this many years is disclosed; earlier service
    /// is noted.
    pub service_years: Param<i16>,
    /// How many mediators a Contracting State may designate to each panel.
    pub panel_quota: Param<usize>,
    /// How long a designation lasts, renewable.
    pub designation_years: Param<i16>,
}

/// The fees a case owes the Secretariat. IOMed's schedule is not public: the defaults are
/// ICSID's, and say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeRules {
    /// Due when a request is filed, by the requesting side, and not refunded (W2).
    pub lodging_fee: Param<Money>,
}

/// A rules profile: one version of every parameter, in force from a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesProfile {
    pub version: &'static str,
    pub effective_from: Date,
    pub registry: RegistryRules,
    pub case: CaseRules,
    pub appointment: AppointmentRules,
    pub fees: FeeRules,
}

impl RulesProfile {
    /// The first profile: the Convention's final clauses as far as verified, ICSID defaults for
    /// the rest.
    pub fn initial() -> RulesProfile {
        RulesProfile {
            version: "2025.1",
            effective_from: jiff::civil::date(2025, 5, 30),
            registry: RegistryRules {
                opened_for_signature_on: Param {
                    value: jiff::civil::date(2025, 5, 30),
                    provenance: Provenance::Verified("Signed in Hong Kong on 30 May 2025 (domain brief §1.1, S16)"),
                },
                instruments_for_entry_into_force: Param {
                    value: 3,
                    provenance: Provenance::Verified("Enters into force after the third instrument (S7, S6, S8)"),
                },
                days_after_instrument: Param {
                    value: 30,
                    provenance: Provenance::Verified("On the 30th day after the third instrument (S7)"),
                },
                days_after_later_instrument: Param {
                    value: 30,
                    provenance: Provenance::Unverified(
                        "Date for a State that consents later not found; 30 days assumed, as for entry into force",
                    ),
                },
                founding_window_joint_statement_years: Param {
                    value: 5,
                    provenance: Provenance::Verified(
                        "Joint Statement States: within 5 years of entry into force (S3, single source)",
                    ),
                },
                founding_window_other_years: Param {
                    value: 2,
                    provenance: Provenance::Verified(
                        "Other States: within 2 years of entry into force (S3, single source)",
                    ),
                },
                denunciation_effect_months: Param {
                    value: 6,
                    provenance: Provenance::Unverified(
                        "IOMed notice period not found; six months as in Article 71 of the ICSID Convention",
                    ),
                },
            },
            case: CaseRules {
                offer_answer_days: Param {
                    value: 60,
                    provenance: Provenance::Unverified(
                        "No IOMed or retrieved ICSID figure for answering an offer (W3); 60 days assumed",
                    ),
                },
                mediators_number_days: Param {
                    value: 30,
                    provenance: Provenance::Unverified("ICSID Mediation Rule 12 (W5)"),
                },
                appointment_request_days: Param {
                    value: 60,
                    provenance: Provenance::Unverified("ICSID Mediation Rule 13 (W6)"),
                },
                lapse_days: Param { value: 120, provenance: Provenance::Unverified("ICSID Mediation Rule 14 (W7)") },
                declaration_days: Param {
                    value: 20,
                    provenance: Provenance::Unverified("ICSID Mediation Rule 13 (W8)"),
                },
                initial_statements_days: Param {
                    value: 15,
                    provenance: Provenance::Unverified("ICSID Mediation Rule 17 (W10)"),
                },
                first_session_days: Param {
                    value: 30,
                    provenance: Provenance::Unverified("ICSID Mediation Rule 18 (W10)"),
                },
                holidays: Param {
                    value: &[],
                    provenance: Provenance::Unverified(
                        "Hong Kong general holidays not yet configured: only Saturdays and Sundays roll deadlines",
                    ),
                },
            },
            appointment: AppointmentRules {
                service_years: Param {
                    value: 5,
                    provenance: Provenance::Unverified("design choice: no IOMed rule on recent State service found"),
                },
                panel_quota: Param {
                    value: 4,
                    provenance: Provenance::Unverified("ICSID Convention Article 13(1): four persons to each Panel"),
                },
                designation_years: Param {
                    value: 6,
                    provenance: Provenance::Unverified(
                        "ICSID Convention Article 15(1): renewable periods of six years",
                    ),
                },
            },
            fees: FeeRules {
                lodging_fee: Param {
                    value: Money::units(1_000, Currency::Usd),
                    provenance: Provenance::Unverified(
                        "No IOMed fee schedule found; ICSID's lodging fee for a mediation request, US$1,000, \
                         non-refundable (domain brief §3.10, W2)",
                    ),
                },
            },
        }
    }

    /// The profiles in order of their effective date. One so far.
    pub fn all() -> Vec<RulesProfile> {
        vec![RulesProfile::initial()]
    }

    /// The profile in force on `date`: the last one whose effective date is not after it, or the
    /// first profile for an earlier date.
    pub fn in_force_on(date: Date) -> RulesProfile {
        let all = RulesProfile::all();
        let mut chosen = RulesProfile::initial();
        for profile in all {
            if profile.effective_from <= date {
                chosen = profile;
            }
        }
        chosen
    }
}

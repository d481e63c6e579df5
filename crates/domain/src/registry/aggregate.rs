//! The registry aggregate: commands, events, refusals and the derived view of each State.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::registry::un::{StateCode, UnState, un_states};
use crate::rules::RulesProfile;

use super::facts::{Consent, Declaration, Denunciation, Evidence, Instrument, Signature, StateRecord, Subject};

/// What the registry can be told. Dates are the dates of the acts, not of their recording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Sign {
        state: StateCode,
        on: Option<Date>,
        evidence: Evidence,
    },
    /// Consent to be bound. `on` is the day the instrument was deposited, when known;
    /// `before_entry_into_force` records that it was among the instruments that brought the
    /// Convention into force although its own date is not known.
    ConsentToBeBound {
        state: StateCode,
        instrument: Instrument,
        on: Option<Date>,
        before_entry_into_force: bool,
        evidence: Evidence,
    },
    Declare {
        state: StateCode,
        subjects: Vec<Subject>,
        text: Option<String>,
        on: Date,
        evidence: Evidence,
    },
    WithdrawDeclaration {
        state: StateCode,
        declaration: u32,
        on: Date,
        evidence: Evidence,
    },
    Denounce {
        state: StateCode,
        notified_on: Date,
        evidence: Evidence,
    },
    /// The Convention's entry into force, as reported by the depositary, where the instruments on
    /// record do not all carry their dates.
    RecordEntryIntoForce {
        on: Date,
        evidence: Evidence,
    },
}

/// What happened to the registry. The serialized form is the ledger body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    Signed {
        state: StateCode,
        on: Option<Date>,
        evidence: Evidence,
    },
    ConsentedToBeBound {
        state: StateCode,
        instrument: Instrument,
        on: Option<Date>,
        before_entry_into_force: bool,
        evidence: Evidence,
    },
    DeclarationMade {
        state: StateCode,
        declaration: u32,
        subjects: Vec<Subject>,
        text: Option<String>,
        on: Date,
        evidence: Evidence,
    },
    DeclarationWithdrawn {
        state: StateCode,
        declaration: u32,
        on: Date,
        evidence: Evidence,
    },
    Denounced {
        state: StateCode,
        notified_on: Date,
        effective_on: Date,
        evidence: Evidence,
    },
    EntryIntoForceRecorded {
        on: Date,
        evidence: Evidence,
    },
}

impl Event {
    /// The ledger kind, e.g. `registry.signed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Event::Signed { .. } => "registry.signed",
            Event::ConsentedToBeBound { .. } => "registry.consented_to_be_bound",
            Event::DeclarationMade { .. } => "registry.declaration_made",
            Event::DeclarationWithdrawn { .. } => "registry.declaration_withdrawn",
            Event::Denounced { .. } => "registry.denounced",
            Event::EntryIntoForceRecorded { .. } => "registry.entry_into_force_recorded",
        }
    }

    /// The ledger stream: `state/CHN`, or `convention` for the Convention itself.
    pub fn stream(&self) -> String {
        match self.state() {
            Some(code) => format!("state/{code}"),
            None => "convention".to_owned(),
        }
    }

    pub fn state(&self) -> Option<StateCode> {
        match self {
            Event::Signed { state, .. }
            | Event::ConsentedToBeBound { state, .. }
            | Event::DeclarationMade { state, .. }
            | Event::DeclarationWithdrawn { state, .. }
            | Event::Denounced { state, .. } => Some(*state),
            Event::EntryIntoForceRecorded { .. } => None,
        }
    }
}

/// Why a command was refused. Each variant has a stable [`Refusal::code`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("{state} has already signed the Convention")]
    AlreadySigned { state: StateCode },
    #[error(
        "{state} has not signed the Convention: a State ratifies, accepts or approves only what it has signed (a State that has not signed accedes)"
    )]
    NotSigned { state: StateCode },
    #[error("{state} has signed the Convention: it consents by ratification, acceptance or approval, not by accession")]
    AccessionBySignatory { state: StateCode },
    #[error("{state} has already consented to be bound by the Convention")]
    AlreadyBound { state: StateCode },
    #[error("{state} has not signed or consented to be bound, so it cannot make a declaration")]
    DeclarationByNonSignatory { state: StateCode },
    #[error("a declaration must name at least one category of dispute")]
    NoSubjects,
    #[error("{state} has no declaration number {declaration}")]
    NoSuchDeclaration { state: StateCode, declaration: u32 },
    #[error("declaration {declaration} of {state} was already withdrawn")]
    DeclarationAlreadyWithdrawn { state: StateCode, declaration: u32 },
    #[error("{state} is not bound by the Convention, so it cannot denounce it")]
    NotBound { state: StateCode },
    #[error("{state} has already denounced the Convention")]
    AlreadyDenounced { state: StateCode },
    #[error("the date {date} is in the future (today is {today})")]
    DateInFuture { date: Date, today: Date },
    #[error("the date {date} is before the Convention was opened for signature on {opened}")]
    BeforeOpening { date: Date, opened: Date },
    #[error("the date {date} is before an earlier act it depends on, dated {earlier}")]
    BeforeEarlierAct { date: Date, earlier: Date },
    #[error("the entry into force is already recorded, for {on}")]
    EntryIntoForceAlreadyRecorded { on: Date },
    #[error("the Convention needs {need} instruments to enter into force; {have} are on record")]
    TooFewInstruments { have: usize, need: usize },
    #[error("the instruments on record put the entry into force on {computed}, not {claimed}")]
    EntryIntoForceContradicted { computed: Date, claimed: Date },
    #[error("a date computed from the rules is out of range")]
    DateOutOfRange,
}

impl Refusal {
    /// A stable, machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::AlreadySigned { .. } => "already_signed",
            Refusal::NotSigned { .. } => "not_signed",
            Refusal::AccessionBySignatory { .. } => "accession_by_signatory",
            Refusal::AlreadyBound { .. } => "already_bound",
            Refusal::DeclarationByNonSignatory { .. } => "declaration_by_non_signatory",
            Refusal::NoSubjects => "no_subjects",
            Refusal::NoSuchDeclaration { .. } => "no_such_declaration",
            Refusal::DeclarationAlreadyWithdrawn { .. } => "declaration_already_withdrawn",
            Refusal::NotBound { .. } => "not_bound",
            Refusal::AlreadyDenounced { .. } => "already_denounced",
            Refusal::DateInFuture { .. } => "date_in_future",
            Refusal::BeforeOpening { .. } => "before_opening",
            Refusal::BeforeEarlierAct { .. } => "before_earlier_act",
            Refusal::EntryIntoForceAlreadyRecorded { .. } => "entry_into_force_already_recorded",
            Refusal::TooFewInstruments { .. } => "too_few_instruments",
            Refusal::EntryIntoForceContradicted { .. } => "entry_into_force_contradicted",
            Refusal::DateOutOfRange => "date_out_of_range",
        }
    }
}

/// A State's IOMed status on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    NonSignatory,
    Signatory,
    /// Has consented to be bound (a "contracting State" in the sense of Article 2(1)(f) of the
    /// Vienna Convention on the Law of Treaties), whether or not the Convention is yet in force
    /// for it: see [`StateView::in_force_on`].
    Contracting,
    /// Its denunciation has taken effect.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::NonSignatory, Status::Signatory, Status::Contracting, Status::Withdrawn];
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::NonSignatory => "non_signatory",
            Status::Signatory => "signatory",
            Status::Contracting => "contracting",
            Status::Withdrawn => "withdrawn",
        }
    }
    pub fn parse(input: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == input)
    }
}

/// Whether a State is a founding member, derived from its consent and the founding windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Founding {
    Yes,
    No,
    /// The answer depends on a fact not on record (an undated instrument, or participation in
    /// the 2022 Joint Statement for a consent between the two windows).
    Unknown,
}

/// A State as the registry shows it on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateView<'a> {
    pub un: &'static UnState,
    pub record: &'a StateRecord,
    pub status: Status,
    pub signed_on: Option<Date>,
    pub consent_on: Option<Date>,
    pub in_force_on: Option<Date>,
    pub founding: Founding,
    pub verified: bool,
}

/// The whole registry: every State's record and the Convention's recorded entry into force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    states: BTreeMap<StateCode, StateRecord>,
    entry_into_force: Option<(Date, Evidence)>,
}

impl Registry {
    /// Rebuilds a registry from its records, as a store reads them back.
    pub fn from_parts(
        states: impl IntoIterator<Item = (StateCode, StateRecord)>,
        entry_into_force: Option<(Date, Evidence)>,
    ) -> Registry {
        Registry { states: states.into_iter().collect(), entry_into_force }
    }

    pub fn record(&self, state: StateCode) -> Option<&StateRecord> {
        self.states.get(&state)
    }

    pub fn entry_into_force_record(&self) -> Option<&(Date, Evidence)> {
        self.entry_into_force.as_ref()
    }

    /// Decides a command against the record, today's date and the rules.
    pub fn decide(&self, command: Command, today: Date, rules: &RulesProfile) -> Result<Event, Refusal> {
        let empty = StateRecord::default();
        let not_future = |date: Date| {
            if date > today { Err(Refusal::DateInFuture { date, today }) } else { Ok(()) }
        };
        let opened = rules.registry.opened_for_signature_on.value;
        let not_before_opening = |date: Date| {
            if date < opened { Err(Refusal::BeforeOpening { date, opened }) } else { Ok(()) }
        };
        let not_before = |date: Date, earlier: Option<Date>| match earlier {
            Some(earlier) if date < earlier => Err(Refusal::BeforeEarlierAct { date, earlier }),
            _ => Ok(()),
        };
        let not_denounced = |state: StateCode, record: &StateRecord| {
            if record.denunciation.is_some() { Err(Refusal::AlreadyDenounced { state }) } else { Ok(()) }
        };

        match command {
            Command::Sign { state, on, evidence } => {
                let record = self.states.get(&state).unwrap_or(&empty);
                if record.signature.is_some() {
                    return Err(Refusal::AlreadySigned { state });
                }
                if record.consent.is_some() {
                    return Err(Refusal::AlreadyBound { state });
                }
                if let Some(on) = on {
                    not_future(on)?;
                    not_before_opening(on)?;
                }
                Ok(Event::Signed { state, on, evidence })
            }
            Command::ConsentToBeBound { state, instrument, on, before_entry_into_force, evidence } => {
                let record = self.states.get(&state).unwrap_or(&empty);
                not_denounced(state, record)?;
                if record.consent.is_some() {
                    return Err(Refusal::AlreadyBound { state });
                }
                match (instrument, &record.signature) {
                    (Instrument::Accession, Some(_)) => return Err(Refusal::AccessionBySignatory { state }),
                    (Instrument::Accession, None) => {}
                    (_, None) => return Err(Refusal::NotSigned { state }),
                    (_, Some(_)) => {}
                }
                if let Some(on) = on {
                    not_future(on)?;
                    not_before_opening(on)?;
                    not_before(on, record.signature.as_ref().and_then(|s| s.on))?;
                }
                Ok(Event::ConsentedToBeBound { state, instrument, on, before_entry_into_force, evidence })
            }
            Command::Declare { state, subjects, text, on, evidence } => {
                let record = self.states.get(&state).unwrap_or(&empty);
                not_denounced(state, record)?;
                if record.signature.is_none() && record.consent.is_none() {
                    return Err(Refusal::DeclarationByNonSignatory { state });
                }
                let mut subjects = subjects;
                subjects.sort();
                subjects.dedup();
                if subjects.is_empty() {
                    return Err(Refusal::NoSubjects);
                }
                not_future(on)?;
                not_before(on, record.signature.as_ref().and_then(|s| s.on))?;
                let number = u32::try_from(record.declarations.len()).map_err(|_| Refusal::DateOutOfRange)? + 1;
                let text = text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
                Ok(Event::DeclarationMade { state, declaration: number, subjects, text, on, evidence })
            }
            Command::WithdrawDeclaration { state, declaration, on, evidence } => {
                let record = self.states.get(&state).unwrap_or(&empty);
                let found = record
                    .declarations
                    .iter()
                    .find(|d| d.number == declaration)
                    .ok_or(Refusal::NoSuchDeclaration { state, declaration })?;
                if found.withdrawn_on.is_some() {
                    return Err(Refusal::DeclarationAlreadyWithdrawn { state, declaration });
                }
                not_future(on)?;
                not_before(on, Some(found.made_on))?;
                Ok(Event::DeclarationWithdrawn { state, declaration, on, evidence })
            }
            Command::Denounce { state, notified_on, evidence } => {
                let record = self.states.get(&state).unwrap_or(&empty);
                not_denounced(state, record)?;
                let consent = record.consent.as_ref().ok_or(Refusal::NotBound { state })?;
                not_future(notified_on)?;
                not_before(notified_on, consent.on)?;
                let months = rules.registry.denunciation_effect_months.value;
                let effective_on = notified_on.checked_add(months.months()).map_err(|_| Refusal::DateOutOfRange)?;
                Ok(Event::Denounced { state, notified_on, effective_on, evidence })
            }
            Command::RecordEntryIntoForce { on, evidence } => {
                if let Some((recorded, _)) = &self.entry_into_force {
                    return Err(Refusal::EntryIntoForceAlreadyRecorded { on: *recorded });
                }
                not_future(on)?;
                let need = rules.registry.instruments_for_entry_into_force.value;
                let have = self.instruments().count();
                if have < need {
                    return Err(Refusal::TooFewInstruments { have, need });
                }
                if let Some(computed) = self.computed_entry_into_force(rules)?
                    && computed != on
                {
                    return Err(Refusal::EntryIntoForceContradicted { computed, claimed: on });
                }
                Ok(Event::EntryIntoForceRecorded { on, evidence })
            }
        }
    }

    /// Applies an event. Events come from [`Registry::decide`] or from the ledger, so they are
    /// applied as facts, without checks.
    pub fn apply(&mut self, event: &Event) {
        match event.clone() {
            Event::Signed { state, on, evidence } => {
                self.states.entry(state).or_default().signature = Some(Signature { on, evidence });
            }
            Event::ConsentedToBeBound { state, instrument, on, before_entry_into_force, evidence } => {
                self.states.entry(state).or_default().consent =
                    Some(Consent { instrument, on, before_entry_into_force, evidence });
            }
            Event::DeclarationMade { state, declaration, subjects, text, on, evidence } => {
                self.states.entry(state).or_default().declarations.push(Declaration {
                    number: declaration,
                    subjects,
                    text,
                    made_on: on,
                    withdrawn_on: None,
                    evidence,
                });
            }
            Event::DeclarationWithdrawn { state, declaration, on, .. } => {
                let record = self.states.entry(state).or_default();
                if let Some(d) = record.declarations.iter_mut().find(|d| d.number == declaration) {
                    d.withdrawn_on = Some(on);
                }
            }
            Event::Denounced { state, notified_on, effective_on, evidence } => {
                self.states.entry(state).or_default().denunciation =
                    Some(Denunciation { notified_on, effective_on, evidence });
            }
            Event::EntryIntoForceRecorded { on, evidence } => {
                self.entry_into_force = Some((on, evidence));
            }
        }
    }

    fn instruments(&self) -> impl Iterator<Item = &Consent> {
        self.states.values().filter_map(|r| r.consent.as_ref())
    }

    /// The entry into force computed from the instruments, when every instrument on record
    /// carries its date: the `days_after_instrument`th day after the `instruments_for_entry_into_force`th.
    fn computed_entry_into_force(&self, rules: &RulesProfile) -> Result<Option<Date>, Refusal> {
        let need = rules.registry.instruments_for_entry_into_force.value;
        let mut dates = Vec::new();
        for consent in self.instruments() {
            match consent.on {
                Some(on) => dates.push(on),
                None => return Ok(None),
            }
        }
        dates.sort();
        match need.checked_sub(1).and_then(|i| dates.get(i)) {
            Some(nth) => nth
                .checked_add(rules.registry.days_after_instrument.value.days())
                .map(Some)
                .map_err(|_| Refusal::DateOutOfRange),
            None => Ok(None),
        }
    }

    /// The day the Convention entered (or enters) into force: computed from the instruments when
    /// they all carry dates, otherwise as recorded from the depositary.
    pub fn entry_into_force(&self, rules: &RulesProfile) -> Option<Date> {
        match self.computed_entry_into_force(rules) {
            Ok(Some(date)) => Some(date),
            _ => self.entry_into_force.as_ref().map(|(d, _)| *d),
        }
    }

    /// One State as it stands on `date`.
    pub fn view(&self, un: &'static UnState, date: Date, rules: &RulesProfile) -> StateView<'_> {
        static EMPTY: StateRecord =
            StateRecord { signature: None, consent: None, declarations: Vec::new(), denunciation: None };
        let record = self.states.get(&un.code).unwrap_or(&EMPTY);
        let known_by = |on: Option<Date>| on.is_none_or(|d| d <= date);
        let signed = record.signature.as_ref().filter(|s| known_by(s.on));
        let consent = record.consent.as_ref().filter(|c| known_by(c.on));
        let withdrawn = record.denunciation.as_ref().is_some_and(|d| d.effective_on <= date);
        let status = if withdrawn {
            Status::Withdrawn
        } else if consent.is_some() {
            Status::Contracting
        } else if signed.is_some() {
            Status::Signatory
        } else {
            Status::NonSignatory
        };
        let eif = self.entry_into_force(rules);
        let in_force_on = consent.and_then(|c| in_force_for(c, eif, rules));
        let founding = match consent {
            None => Founding::No,
            Some(c) => founding(c, eif, rules),
        };
        StateView {
            un,
            record,
            status,
            signed_on: signed.and_then(|s| s.on),
            consent_on: consent.and_then(|c| c.on),
            in_force_on,
            founding,
            verified: record.verified(),
        }
    }

    /// Every UN member and observer State as it stands on `date`, in the order of the UN list.
    pub fn views(&self, date: Date, rules: &RulesProfile) -> Vec<StateView<'_>> {
        un_states().iter().map(|un| self.view(un, date, rules)).collect()
    }
}

/// The day the Convention is in force for a State that consented: the entry into force for the
/// instruments that brought it about, and `days_after_later_instrument` after its own instrument
/// for any later one.
fn in_force_for(consent: &Consent, eif: Option<Date>, rules: &RulesProfile) -> Option<Date> {
    let eif = eif?;
    match consent.on {
        Some(on) => {
            let own = on.checked_add(rules.registry.days_after_later_instrument.value.days()).ok()?;
            Some(own.max(eif))
        }
        None if consent.before_entry_into_force => Some(eif),
        None => None,
    }
}

fn founding(consent: &Consent, eif: Option<Date>, rules: &RulesProfile) -> Founding {
    let Some(eif) = eif else {
        // Not yet in force: any consent now falls within every window.
        return Founding::Yes;
    };
    let Some(on) = consent.on else {
        return if consent.before_entry_into_force { Founding::Yes } else { Founding::Unknown };
    };
    let short = eif.checked_add(rules.registry.founding_window_other_years.value.years());
    let long = eif.checked_add(rules.registry.founding_window_joint_statement_years.value.years());
    match (short, long) {
        (Ok(short), _) if on <= short => Founding::Yes,
        (_, Ok(long)) if on <= long => Founding::Unknown,
        _ => Founding::No,
    }
}

#[cfg(test)]
mod tests;

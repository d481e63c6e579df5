//! Who uses iomed: e-mail addresses, display names, roles, and the rules for passwords and
//! lockout. Hashing and storage live in the store; the rules live here.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::sync::OnceLock;

use jiff::{SignedDuration, Timestamp};

/// An e-mail address, trimmed and lower-cased so that one address is one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an e-mail address")]
pub struct BadEmail(pub String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, BadEmail> {
        let text = input.trim().to_lowercase();
        let bad = || BadEmail(input.trim().to_owned());
        if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(bad());
        }
        Ok(Email(text))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's name as shown to others: 1 to 120 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a display name has 1 to 120 characters and no control characters")]
pub struct BadDisplayName;

impl DisplayName {
    pub fn parse(input: &str) -> Result<DisplayName, BadDisplayName> {
        let text = input.trim();
        let n = text.chars().count();
        if n == 0 || n > 120 || text.chars().any(char::is_control) {
            return Err(BadDisplayName);
        }
        Ok(DisplayName(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The roles of IOMed's users. A user may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    SecretaryGeneral,
    DeputySecretaryGeneral,
    Registrar,
    CaseSecretary,
    FinanceOfficer,
    /// An agent of a State, counsel, or an authorized officer acting for a party.
    Representative,
    Mediator,
    CouncilRepresentative,
    CouncilAlternate,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::SecretaryGeneral,
        Role::DeputySecretaryGeneral,
        Role::Registrar,
        Role::CaseSecretary,
        Role::FinanceOfficer,
        Role::Representative,
        Role::Mediator,
        Role::CouncilRepresentative,
        Role::CouncilAlternate,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::SecretaryGeneral => "secretary_general",
            Role::DeputySecretaryGeneral => "deputy_secretary_general",
            Role::Registrar => "registrar",
            Role::CaseSecretary => "case_secretary",
            Role::FinanceOfficer => "finance_officer",
            Role::Representative => "representative",
            Role::Mediator => "mediator",
            Role::CouncilRepresentative => "council_representative",
            Role::CouncilAlternate => "council_alternate",
        }
    }

    pub fn parse(input: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == input.trim())
    }

    pub fn is_secretariat(&self) -> bool {
        matches!(
            self,
            Role::SecretaryGeneral
                | Role::DeputySecretaryGeneral
                | Role::Registrar
                | Role::CaseSecretary
                | Role::FinanceOfficer
        )
    }

    /// Whether holding this role requires a second factor at sign-in.
    pub fn requires_second_factor(&self) -> bool {
        self.is_secretariat() || matches!(self, Role::Mediator | Role::CouncilRepresentative | Role::CouncilAlternate)
    }
}

/// Where a person lands after signing in: the page of what awaits them in their role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// The Secretariat's work queue: what each open case waits on, theirs and without an officer.
    WorkQueue,
    /// A finance officer's: the cases whose lodging fee is still to be recorded.
    FeesDue,
    /// A mediator's appointments to answer, and their cases.
    Appointments,
    /// Counsel's and agents' cases, with what awaits them.
    Cases,
    /// A Council member's: the registry of member States (the Council's own business is not
    /// built yet).
    Registry,
    /// Someone with no role yet: their account.
    Account,
}

impl Home {
    /// The home of someone holding `roles`: the Secretariat's first (it administers every case),
    /// then a mediator's, then a party's, then the Council's.
    pub fn of(roles: &BTreeSet<Role>) -> Home {
        if roles.iter().any(|r| r.is_secretariat() && *r != Role::FinanceOfficer) {
            Home::WorkQueue
        } else if roles.contains(&Role::FinanceOfficer) {
            Home::FeesDue
        } else if roles.contains(&Role::Mediator) {
            Home::Appointments
        } else if roles.contains(&Role::Representative) {
            Home::Cases
        } else if roles.contains(&Role::CouncilRepresentative) || roles.contains(&Role::CouncilAlternate) {
            Home::Registry
        } else {
            Home::Account
        }
    }

    pub fn path(&self) -> &'static str {
        match self {
            Home::WorkQueue => "/cases",
            Home::FeesDue => "/cases?waiting=fee",
            Home::Appointments => "/appointments",
            Home::Cases => "/cases",
            Home::Registry => "/members",
            Home::Account => "/account",
        }
    }
}

/// A password that satisfies the policy (NIST SP 800-63B §5.1.1.2): at least 12 characters, at
/// most 256, not a commonly used or breached password, not the account's e-mail address. No
/// composition rules. Its `Debug` hides it.
pub struct NewPassword(String);

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordRejected {
    #[error("a password needs at least {min} characters")]
    TooShort { min: usize },
    #[error("a password has at most {max} characters")]
    TooLong { max: usize },
    #[error("this password is on a list of common or breached passwords: choose another")]
    Common,
    #[error("a password must not be your e-mail address")]
    IsEmail,
}

impl PasswordRejected {
    pub fn code(&self) -> &'static str {
        match self {
            PasswordRejected::TooShort { .. } => "password_too_short",
            PasswordRejected::TooLong { .. } => "password_too_long",
            PasswordRejected::Common => "password_common",
            PasswordRejected::IsEmail => "password_is_email",
        }
    }
}

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;

const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

fn common_passwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS.lines().filter(|l| !l.starts_with('#')).map(|l| l.trim().to_lowercase()).collect()
    })
}

impl NewPassword {
    pub fn parse(candidate: &str, email: &Email) -> Result<NewPassword, PasswordRejected> {
        let n = candidate.chars().count();
        if n < PASSWORD_MIN_CHARS {
            return Err(PasswordRejected::TooShort { min: PASSWORD_MIN_CHARS });
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(PasswordRejected::TooLong { max: PASSWORD_MAX_CHARS });
        }
        let lower = candidate.to_lowercase();
        if common_passwords().contains(lower.trim()) {
            return Err(PasswordRejected::Common);
        }
        if lower.trim() == email.as_str() {
            return Err(PasswordRejected::IsEmail);
        }
        Ok(NewPassword(candidate.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// How long the platform's credentials and links last: one typed policy, read by every place that
/// issues one. These are the platform's own security choices (NIST SP 800-63B for the sessions),
/// not rules of IOMed, so they live here rather than in the rules profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityPolicy {
    /// A signed-in session, from sign-in.
    pub session: SignedDuration,
    /// A sign-in waiting for its second factor.
    pub second_factor_step: SignedDuration,
    /// A sign-in that must first set up the second factor.
    pub enrolment: SignedDuration,
    /// An invitation's one-time link to set a password.
    pub invitation: SignedDuration,
    /// A password reset's one-time link.
    pub password_reset: SignedDuration,
    /// The token that protects forms shown before sign-in (double submit).
    pub anonymous_form: SignedDuration,
    /// An API token's lifetime when none is asked for, and the longest one may ask for.
    pub token_default_days: i64,
    pub token_max_days: i64,
}

impl SecurityPolicy {
    pub const DEFAULT: SecurityPolicy = SecurityPolicy {
        session: SignedDuration::from_hours(12),
        second_factor_step: SignedDuration::from_mins(10),
        enrolment: SignedDuration::from_mins(30),
        invitation: SignedDuration::from_hours(72),
        password_reset: SignedDuration::from_hours(1),
        anonymous_form: SignedDuration::from_hours(4),
        token_default_days: 90,
        token_max_days: 365,
    };

    /// Whether an API token may be asked for this many days.
    pub fn token_days_allowed(&self, days: i64) -> bool {
        (1..=self.token_max_days).contains(&days)
    }
}

/// When repeated failures lock an account or a client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// This many failures within `window` lock …
    pub max_failures: usize,
    pub window: SignedDuration,
    /// … until `lock_for` after the last of them.
    pub lock_for: SignedDuration,
}

impl LockoutPolicy {
    /// Per account: 5 failures in 15 minutes lock it for 15 minutes.
    pub const ACCOUNT: LockoutPolicy = LockoutPolicy {
        max_failures: 5,
        window: SignedDuration::from_mins(15),
        lock_for: SignedDuration::from_mins(15),
    };
    /// Per client address: 20 failures in 15 minutes, whatever the accounts tried.
    pub const CLIENT: LockoutPolicy = LockoutPolicy {
        max_failures: 20,
        window: SignedDuration::from_mins(15),
        lock_for: SignedDuration::from_mins(15),
    };

    /// Until when an account is locked at `now`: its failures since the Secretariat last
    /// unlocked it count, and those before do not.
    pub fn account_locked_until(
        &self,
        failures: &[Timestamp],
        unlocked_at: Option<Timestamp>,
        now: Timestamp,
    ) -> Option<Timestamp> {
        let since: Vec<Timestamp> = failures.iter().copied().filter(|t| unlocked_at.is_none_or(|u| *t > u)).collect();
        self.locked_until(&since, now)
    }

    /// Whole minutes left until `until`, rounded up, for people.
    pub fn minutes_left(until: Timestamp, now: Timestamp) -> i64 {
        until.duration_since(now).as_secs() / 60 + 1
    }

    /// Until when the failures (any order) lock, if they do, at `now`.
    pub fn locked_until(&self, failures: &[Timestamp], now: Timestamp) -> Option<Timestamp> {
        let mut recent: Vec<Timestamp> =
            failures.iter().copied().filter(|t| *t <= now && now.duration_since(*t) < self.window).collect();
        if recent.len() < self.max_failures {
            return None;
        }
        recent.sort();
        let last = *recent.last()?;
        let until = last.checked_add(self.lock_for).ok()?;
        (until > now).then_some(until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_lands_on_its_own_home() {
        let home = |roles: &[Role]| Home::of(&roles.iter().copied().collect());
        assert_eq!(home(&[Role::Registrar]), Home::WorkQueue);
        assert_eq!(home(&[Role::FinanceOfficer]), Home::FeesDue);
        assert_eq!(home(&[Role::Mediator]), Home::Appointments);
        assert_eq!(home(&[Role::Representative]), Home::Cases);
        assert_eq!(home(&[Role::Representative, Role::Mediator]), Home::Appointments);
        assert_eq!(home(&[Role::Representative, Role::CaseSecretary]), Home::WorkQueue);
        assert_eq!(home(&[Role::CouncilAlternate]), Home::Registry);
        assert_eq!(home(&[]), Home::Account);
        for role in Role::ALL {
            assert!(home(&[role]).path().starts_with('/'));
        }
    }
    use proptest::prelude::*;

    fn email() -> Email {
        Email::parse("Ana.Lima@Example.org").unwrap()
    }

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(email().as_str(), "ana.lima@example.org");
        for bad in
            ["", "ana", "ana@", "@example.org", "ana@example", "a b@example.org", "ana@exa..mple.org", "ana@.org"]
        {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_follow_nist_800_63b() {
        assert_eq!(NewPassword::parse("short", &email()).unwrap_err().code(), "password_too_short");
        assert_eq!(NewPassword::parse("123qweasdzxc", &email()).unwrap_err(), PasswordRejected::Common);
        assert_eq!(NewPassword::parse("1Q2W3E4R5T6Y", &email()).unwrap_err(), PasswordRejected::Common);
        assert_eq!(NewPassword::parse("ana.lima@example.org", &email()).unwrap_err(), PasswordRejected::IsEmail);
        // No composition rules: a long passphrase of lower-case words is fine.
        assert!(NewPassword::parse("harbour lantern quietly mediates", &email()).is_ok());
        // Length counts characters, not bytes.
        assert!(NewPassword::parse("调解调解调解调解调解调解", &email()).is_ok());
        assert!(NewPassword::parse("调解调解调解调解调解", &email()).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("harbour lantern quietly", &email()).unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn roles_parse_and_know_who_needs_a_second_factor() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(Role::Registrar.requires_second_factor());
        assert!(Role::Mediator.requires_second_factor());
        assert!(!Role::Representative.requires_second_factor());
    }

    proptest! {
        #[test]
        fn lockout_needs_enough_recent_failures(offsets in prop::collection::vec(0i64..3600, 0..12)) {
            let now: Timestamp = "2026-11-22T10:00:00Z".parse().unwrap();
            let failures: Vec<Timestamp> = offsets.iter().map(|s| now.checked_sub(SignedDuration::from_secs(*s)).unwrap()).collect();
            let recent = offsets.iter().filter(|s| **s < 15 * 60).count();
            let locked = LockoutPolicy::ACCOUNT.locked_until(&failures, now);
            prop_assert_eq!(locked.is_some(), recent >= 5);
            // Adding a failure never unlocks.
            let mut more = failures.clone();
            more.push(now);
            prop_assert!(locked.is_none() || LockoutPolicy::ACCOUNT.locked_until(&more, now).is_some());
        }
    }
}

//! Organizations users act for, and the authority a member holds to act for one.

use jiff::civil::Date;

use crate::registry::StateCode;

/// What kind of body an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrganizationKind {
    StateDelegation,
    Ministry,
    InternationalOrganization,
    LawFirm,
    Company,
    Other,
}

impl OrganizationKind {
    pub const ALL: [OrganizationKind; 6] = [
        OrganizationKind::StateDelegation,
        OrganizationKind::Ministry,
        OrganizationKind::InternationalOrganization,
        OrganizationKind::LawFirm,
        OrganizationKind::Company,
        OrganizationKind::Other,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            OrganizationKind::StateDelegation => "state_delegation",
            OrganizationKind::Ministry => "ministry",
            OrganizationKind::InternationalOrganization => "international_organization",
            OrganizationKind::LawFirm => "law_firm",
            OrganizationKind::Company => "company",
            OrganizationKind::Other => "other",
        }
    }
    pub fn parse(input: &str) -> Option<OrganizationKind> {
        OrganizationKind::ALL.into_iter().find(|k| k.as_str() == input.trim())
    }
    /// A delegation or a ministry belongs to a State.
    pub fn needs_state(&self) -> bool {
        matches!(self, OrganizationKind::StateDelegation | OrganizationKind::Ministry)
    }
}

/// A new organization, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrganization {
    name: String,
    kind: OrganizationKind,
    state: Option<StateCode>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrganizationRejected {
    #[error("an organization's name has 1 to 200 characters")]
    Name,
    #[error("a State delegation or a ministry names its State")]
    StateMissing,
    #[error("the authority needs the document that grants it and who granted it")]
    AuthorityIncomplete,
    #[error("the authority ends before it begins")]
    AuthorityEndsBeforeItBegins,
}

impl OrganizationRejected {
    pub fn code(&self) -> &'static str {
        match self {
            OrganizationRejected::Name => "organization_name",
            OrganizationRejected::StateMissing => "organization_state_missing",
            OrganizationRejected::AuthorityIncomplete => "authority_incomplete",
            OrganizationRejected::AuthorityEndsBeforeItBegins => "authority_dates",
        }
    }
}

impl NewOrganization {
    pub fn parse(
        name: &str,
        kind: OrganizationKind,
        state: Option<StateCode>,
    ) -> Result<NewOrganization, OrganizationRejected> {
        let name = name.trim();
        let n = name.chars().count();
        if n == 0 || n > 200 || name.chars().any(char::is_control) {
            return Err(OrganizationRejected::Name);
        }
        if kind.needs_state() && state.is_none() {
            return Err(OrganizationRejected::StateMissing);
        }
        Ok(NewOrganization { name: name.to_owned(), kind, state })
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn kind(&self) -> OrganizationKind {
        self.kind
    }
    pub fn state(&self) -> Option<StateCode> {
        self.state
    }
}

/// A member's authority to act for an organization: the document that grants it, who granted it,
/// and when it is valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    document: String,
    granted_by: String,
    valid_from: Date,
    valid_until: Option<Date>,
}

impl Authority {
    pub fn parse(
        document: &str,
        granted_by: &str,
        valid_from: Date,
        valid_until: Option<Date>,
    ) -> Result<Authority, OrganizationRejected> {
        let (document, granted_by) = (document.trim(), granted_by.trim());
        if document.is_empty()
            || granted_by.is_empty()
            || document.chars().count() > 500
            || granted_by.chars().count() > 200
        {
            return Err(OrganizationRejected::AuthorityIncomplete);
        }
        if valid_until.is_some_and(|u| u < valid_from) {
            return Err(OrganizationRejected::AuthorityEndsBeforeItBegins);
        }
        Ok(Authority { document: document.to_owned(), granted_by: granted_by.to_owned(), valid_from, valid_until })
    }
    pub fn document(&self) -> &str {
        &self.document
    }
    pub fn granted_by(&self) -> &str {
        &self.granted_by
    }
    pub fn valid_from(&self) -> Date {
        self.valid_from
    }
    pub fn valid_until(&self) -> Option<Date> {
        self.valid_until
    }
    /// Whether the authority holds on `date`.
    pub fn valid_on(&self, date: Date) -> bool {
        self.valid_from <= date && self.valid_until.is_none_or(|u| date <= u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn organizations_and_authorities_are_checked() {
        assert_eq!(NewOrganization::parse(" ", OrganizationKind::Company, None), Err(OrganizationRejected::Name));
        assert_eq!(
            NewOrganization::parse("Ministry of Justice", OrganizationKind::Ministry, None),
            Err(OrganizationRejected::StateMissing)
        );
        let m =
            NewOrganization::parse(" Ministry of Justice ", OrganizationKind::Ministry, StateCode::parse("KEN").ok())
                .unwrap();
        assert_eq!(m.name(), "Ministry of Justice");
        assert!(NewOrganization::parse("Meridian Law LLP", OrganizationKind::LawFirm, None).is_ok());

        let a = Authority::parse(
            "Power of attorney of 2 March 2026",
            "Attorney-General",
            date(2026, 3, 2),
            Some(date(2027, 3, 1)),
        )
        .unwrap();
        assert!(a.valid_on(date(2026, 3, 2)) && a.valid_on(date(2027, 3, 1)));
        assert!(!a.valid_on(date(2027, 3, 2)) && !a.valid_on(date(2026, 3, 1)));
        assert_eq!(
            Authority::parse("x", "y", date(2026, 3, 2), Some(date(2026, 3, 1))),
            Err(OrganizationRejected::AuthorityEndsBeforeItBegins)
        );
        assert_eq!(Authority::parse("", "y", date(2026, 3, 2), None), Err(OrganizationRejected::AuthorityIncomplete));
    }
}

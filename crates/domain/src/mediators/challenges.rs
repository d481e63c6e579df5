//! Challenges to a serving mediator, the answers to one, and continuing disclosure.

use super::AppointmentStatus;

/// Why a challenge step is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChallengeRefusal {
    #[error("only a mediator who accepted can be challenged")]
    NotServing,
    #[error("give the reasons for the challenge")]
    ReasonsRequired,
    #[error("this mediator's challenge is already open")]
    AlreadyOpen,
    #[error("this challenge is already decided")]
    AlreadyDecided,
    #[error("the text is longer than {max} characters")]
    TooLong { max: usize },
}

impl ChallengeRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ChallengeRefusal::NotServing => "not_serving",
            ChallengeRefusal::ReasonsRequired => "reasons_required",
            ChallengeRefusal::AlreadyOpen => "challenge_open",
            ChallengeRefusal::AlreadyDecided => "already_decided",
            ChallengeRefusal::TooLong { .. } => "too_long",
        }
    }
}

/// The longest reasons, response, decision or disclosure, in characters.
pub const STATEMENT_MAX: usize = 20_000;

/// Reasons for a challenge, a response to one, the reasons of its decision, a later disclosure:
/// text that says something, trimmed, and within [`STATEMENT_MAX`].
pub fn statement(text: &str) -> Result<String, ChallengeRefusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ChallengeRefusal::ReasonsRequired);
    }
    if text.chars().count() > STATEMENT_MAX {
        return Err(ChallengeRefusal::TooLong { max: STATEMENT_MAX });
    }
    Ok(text.to_owned())
}

/// Whether an open challenge may be answered or decided: once decided, it is closed.
pub fn may_answer_challenge(open: bool) -> Result<(), ChallengeRefusal> {
    if open { Ok(()) } else { Err(ChallengeRefusal::AlreadyDecided) }
}

/// Whether a mediator may add a disclosure to an appointment: while they serve in it.
pub fn may_disclose(status: AppointmentStatus) -> Result<(), ChallengeRefusal> {
    if status == AppointmentStatus::Accepted { Ok(()) } else { Err(ChallengeRefusal::NotServing) }
}

/// Who answers an open challenge: the other side and the mediators on the case, never the side
/// that challenged.
pub fn may_respond_to_challenge(challenger: crate::request::Side, standing: Option<crate::access::Standing>) -> bool {
    use crate::access::Standing;
    match standing {
        Some(Standing::Party(side)) => side != challenger,
        Some(Standing::Mediator) => true,
        // A challenge comes after registration, which needs the invited side's consent.
        Some(Standing::Invited) | None => false,
    }
}

/// A party may challenge a serving mediator with reasons, once at a time.
pub fn may_challenge(status: AppointmentStatus, open: bool, reasons: &str) -> Result<(), ChallengeRefusal> {
    if status != AppointmentStatus::Accepted {
        return Err(ChallengeRefusal::NotServing);
    }
    if open {
        return Err(ChallengeRefusal::AlreadyOpen);
    }
    statement(reasons).map(|_| ())
}

#[cfg(test)]
mod challenge_tests {
    use super::*;
    use crate::access::Standing;
    use crate::request::Side;

    #[test]
    fn the_challenging_side_does_not_answer_itself() {
        assert!(!may_respond_to_challenge(Side::Requesting, Some(Standing::Party(Side::Requesting))));
        assert!(may_respond_to_challenge(Side::Requesting, Some(Standing::Party(Side::Responding))));
        assert!(may_respond_to_challenge(Side::Requesting, Some(Standing::Mediator)));
        assert!(!may_respond_to_challenge(Side::Requesting, None));
        assert_eq!(may_challenge(AppointmentStatus::Pending, false, "x"), Err(ChallengeRefusal::NotServing));
        assert_eq!(may_challenge(AppointmentStatus::Accepted, true, "x"), Err(ChallengeRefusal::AlreadyOpen));
        assert_eq!(may_challenge(AppointmentStatus::Accepted, false, " "), Err(ChallengeRefusal::ReasonsRequired));
    }
}

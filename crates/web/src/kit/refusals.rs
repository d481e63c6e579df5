//! How the store's answers become [`WebError`]s: each refusal keeps its stable code and gets its
//! message in the reader's language; what is absent or hidden is one answer; a failure of the
//! writer is "try again later"; anything else is a fault of ours.

use iomed_domain::case::Refusal as CaseRule;
use iomed_store::StoreError;
use iomed_store::cases::CaseRefusal;
use iomed_store::documents::DocumentRefusal;
use iomed_store::mediators::MediatorRefusal;
use iomed_store::messages::MessageRefusal;

use crate::kit::error::{Msg, WebError};

fn hyphens(code: &str) -> String {
    code.replace('_', "-")
}

/// The message of a case refusal.
pub fn case_message(refusal: &CaseRefusal) -> Msg {
    let msg = Msg::new(format!("case-refusal-{}", hyphens(refusal.code())));
    match refusal {
        CaseRefusal::Case(CaseRule::DeadlinePassed { deadline } | CaseRule::NotYetDue { deadline }) => {
            msg.date("date", *deadline)
        }
        CaseRefusal::Annex(iomed_domain::documents::annexes::AnnexRefusal::TooMany) => {
            msg.count("max", iomed_domain::documents::annexes::MAX_ANNEXES)
        }
        _ => msg,
    }
}

pub fn document_message(refusal: &DocumentRefusal) -> Msg {
    Msg::new(format!("document-refused-{}", hyphens(refusal.code())))
}

pub fn message_message(refusal: &MessageRefusal) -> Msg {
    Msg::new(format!("message-error-{}", hyphens(refusal.code())))
}

pub fn mediator_message(refusal: &MediatorRefusal) -> Msg {
    let msg = Msg::new(format!("mediator-refusal-{}", hyphens(refusal.code())));
    match refusal.code() {
        "agreement_too_long" => msg.count("max", iomed_domain::mediators::AGREEMENT_MAX),
        "too_long" => msg.count("max", iomed_domain::mediators::STATEMENT_MAX),
        _ => msg,
    }
}

pub fn account_message(code: &str) -> Msg {
    Msg::new(format!("refusal-{code}"))
}

/// The store's error as the reader is told it.
pub fn from_store(error: StoreError) -> WebError {
    match error {
        StoreError::CaseRefused(r) => match r {
            CaseRefusal::NoSuchDraft | CaseRefusal::NoSuchCase => WebError::NotFound,
            CaseRefusal::Incomplete(_) => WebError::unprocessable(r.code(), case_message(&r)),
            _ => WebError::conflict(r.code(), case_message(&r)),
        },
        StoreError::DocumentRefused(r) => match r {
            DocumentRefusal::NoSuchCase | DocumentRefusal::NoSuchShareRequest => WebError::NotFound,
            _ => WebError::conflict(r.code(), document_message(&r)),
        },
        StoreError::MessageRefused(r) => match r {
            MessageRefusal::NoSuchCase => WebError::NotFound,
            _ => WebError::conflict(r.code(), message_message(&r)),
        },
        StoreError::MediatorRefused(r) if r.code() == "not_found" => WebError::NotFound,
        StoreError::MediatorRefused(r) => WebError::conflict(r.code(), mediator_message(&r)),
        StoreError::AccountRefused(r) if r.code().starts_with("no_such_") => WebError::NotFound,
        StoreError::AccountRefused(r) => WebError::conflict(r.code(), account_message(r.code())),
        StoreError::Refused(r) => WebError::conflict(r.code(), Msg::new("error-refused").text("reason", r.to_string())),
        StoreError::WriterGone | StoreError::WriterTimeout => WebError::Unavailable,
        other => WebError::internal(other),
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> WebError {
        crate::kit::refusals::from_store(e)
    }
}

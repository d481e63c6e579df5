//! The daily digest: for each person who chose one e-mail a day for a kind of notification, one
//! e-mail after 8:00 in their own time zone listing those still unread that were made before it
//! (the domain's `digest_due` and `in_digest_now`). Each line says what happened and links to the
//! page; like every e-mail it names no case and carries none of its content, and it lists only
//! what the person may still read. Sent by the clock, each as one change of the writer, refused
//! (and so never sent twice) when it was sent for this cut-off or what it lists changed.

use std::time::Duration;

use fluent_bundle::FluentValue;
use iomed_domain::access::{Action, Actor, Resource, can};
use iomed_domain::notifications::{digest_due, in_digest_now};
use iomed_store::StoreError;
use iomed_store::accounts::{AccountChange, OutgoingMail};
use iomed_store::notifications::{DigestWaiting, NotificationRow};
use jiff::tz::TimeZone;

use crate::kit::i18n::Lang;
use crate::kit::state::AppState;
use crate::notifications::notice_text;

/// Sends every digest due now; returns how many were sent. One person's that fails is logged and
/// tried again at the next pass.
pub async fn send_digests(state: &AppState) -> Result<usize, StoreError> {
    let now = state.store.now();
    let mut sent = 0;
    for waiting in state.store.digests_waiting().await? {
        let zone = TimeZone::get(&waiting.time_zone).unwrap_or(TimeZone::UTC);
        let Some(cutoff) = digest_due(now, &zone, waiting.last_cutoff) else { continue };
        let due: Vec<&NotificationRow> = in_digest_now(now, &zone, &waiting.items, |n| n.at).collect();
        if due.is_empty() {
            continue;
        }
        // Only what the person may still read is listed; the rest is marked sent all the same.
        let Some(person) = state.store.user(waiting.user).await? else { continue };
        let actor = Actor::user(person.id, person.roles.iter().copied());
        let mut listed = Vec::with_capacity(due.len());
        for n in &due {
            let standing = state.store.standing(n.case, waiting.user).await?;
            if can(&actor, Action::ReadCase, Resource::Case(standing)).is_ok() {
                listed.push(*n);
            }
        }
        let ids: Vec<i64> = due.iter().map(|n| n.id).collect();
        let mail = (!listed.is_empty()).then(|| digest_mail(state, &waiting, &listed));
        let change = AccountChange::SendDigest { user: waiting.user, cutoff, ids, mail };
        match state.store.account("system:clock", change).await {
            Ok(_) => sent += 1,
            Err(StoreError::AccountRefused(_)) => {}
            Err(e) => tracing::warn!(user = waiting.user.0, error = %e, "a daily digest failed; it is tried again"),
        }
    }
    Ok(sent)
}

/// The digest's e-mail in its person's language: one line per notification, its text and link.
fn digest_mail(state: &AppState, waiting: &DigestWaiting, listed: &[&NotificationRow]) -> OutgoingMail {
    let lang = Lang::parse(&waiting.language).unwrap_or(Lang::En);
    let count = FluentValue::from(listed.len());
    let mut body = state.i18n.message(lang, "mail-digest-intro", &[]);
    body.push_str("\n\n");
    for n in listed {
        body.push_str(&format!("- {}\n  {}{}\n", notice_text(&state.i18n, lang, &n.about), state.public_url, n.path));
    }
    body.push('\n');
    let link = format!("{}/account#notifications", state.public_url);
    body.push_str(&state.i18n.message(lang, "mail-digest-outro", &[("link", FluentValue::from(link))]));
    OutgoingMail {
        to: waiting.email.clone(),
        subject: state.i18n.message(lang, "mail-digest-subject", &[("count", count)]),
        body,
        notice: None,
    }
}

/// Runs [`send_digests`] now and then every `every`.
pub fn spawn_digests(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        loop {
            interval.tick().await;
            match send_digests(&state).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "daily digests sent"),
                Err(e) => tracing::warn!(error = %e, "sending daily digests failed"),
            }
        }
    })
}

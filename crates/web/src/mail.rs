//! The e-mail sender: delivers the outbox, by SMTP or (for the demo and tests) as `.eml` files.
//! Mail carries links and notices only, never case content.

use std::path::PathBuf;
use std::time::Duration;

use iomed_store::Store;
use iomed_store::accounts::{AccountChange, OutgoingMail};
use lettre::message::header::ContentType;
use lettre::{FileTransport, Message, SmtpTransport, Transport};

/// Where e-mail goes.
#[derive(Debug, Clone)]
pub enum Mailer {
    /// Each message becomes a `.eml` file in this directory.
    Files(PathBuf),
    /// An SMTP relay, e.g. `smtp://localhost:25` (plain SMTP: a relay on the same host or network).
    Smtp(String),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("address: {0}")]
    Address(String),
    #[error("message: {0}")]
    Message(String),
    #[error("transport: {0}")]
    Transport(String),
}

impl Mailer {
    /// Sends one message. Blocking: call from a blocking task.
    pub fn send(&self, from: &str, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = Message::builder()
            .from(from.parse().map_err(|e| MailError::Address(format!("{e}")))?)
            .to(mail.to.parse().map_err(|e| MailError::Address(format!("{e}")))?)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| MailError::Message(e.to_string()))?;
        match self {
            Mailer::Files(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| MailError::Transport(e.to_string()))?;
                FileTransport::new(dir).send(&message).map(|_| ()).map_err(|e| MailError::Transport(e.to_string()))
            }
            Mailer::Smtp(url) => {
                let (host, port) =
                    smtp_host_port(url).ok_or_else(|| MailError::Transport(format!("not an smtp:// URL: {url}")))?;
                // Plain SMTP to a relay: this build carries no TLS stack (see ARCHITECTURE.md).
                SmtpTransport::builder_dangerous(host)
                    .port(port)
                    .build()
                    .send(&message)
                    .map(|_| ())
                    .map_err(|e| MailError::Transport(e.to_string()))
            }
        }
    }
}

/// `smtp://host[:port]` → host and port (25 by default).
fn smtp_host_port(url: &str) -> Option<(&str, u16)> {
    let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
    match rest.rsplit_once(':') {
        Some((host, port)) => Some((host, port.parse().ok()?)),
        None if !rest.is_empty() => Some((rest, 25)),
        None => None,
    }
}

/// Sends what waits in the outbox; each message sent is recorded. Returns how many were sent.
pub async fn deliver_pending(store: &Store, mailer: &Mailer, from: &str) -> Result<usize, iomed_store::StoreError> {
    let mut sent = 0;
    let pending = store.pending_mail().await?;
    let backlog = pending.len();
    for (id, mail) in pending {
        let (m, f, msg) = (mailer.clone(), from.to_owned(), mail.clone());
        match tokio::task::spawn_blocking(move || m.send(&f, &msg)).await {
            Ok(Ok(())) => {
                store.account("system:mail", AccountChange::MailSent { outbox: id }).await?;
                sent += 1;
            }
            // The recipient is not logged: it is personal data. The id finds it.
            Ok(Err(e)) => tracing::warn!(outbox = id, error = %e, "e-mail not sent; will retry"),
            Err(e) => tracing::warn!(outbox = id, error = %e, "e-mail task failed; will retry"),
        }
    }
    metrics::gauge!("iomed_outbox_backlog").set((backlog - sent) as f64);
    metrics::counter!("iomed_mail_sent_total").increment(sent as u64);
    Ok(sent)
}

/// Delivers the outbox every few seconds, for as long as the server runs.
pub fn spawn_sender(store: Store, mailer: Mailer, from: String) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(2));
        loop {
            interval.tick().await;
            if let Err(e) = deliver_pending(&store, &mailer, &from).await {
                tracing::warn!(error = %e, "outbox delivery failed");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(smtp_host_port("smtp://localhost:2525"), Some(("localhost", 2525)));
        assert_eq!(smtp_host_port("smtp://mail.example.org"), Some(("mail.example.org", 25)));
        assert_eq!(smtp_host_port("smtps://mail.example.org"), None);
    }

    #[test]
    fn the_file_transport_writes_a_message() {
        let dir = std::env::temp_dir().join(format!("iomed-mail-{}", std::process::id()));
        let mail =
            OutgoingMail { to: "ana@example.org".into(), subject: "Hello".into(), body: "A link".into(), notice: None };
        Mailer::Files(dir.clone()).send("IOMed <no-reply@iomed.example>", &mail).unwrap();
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(text.contains("To: ana@example.org") && text.contains("A link"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}

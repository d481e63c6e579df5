//! Loading cases through the public API as their users would: counsel drafts a request (a first
//! save, then the whole of it), files it; the other side accepts an offer; the registrar records
//! the fee and registers (or leaves the case waiting, or refuses it); on a registered case both
//! sides file a document and write a message. One loader per counsel, all at once; a token over
//! its budget waits as long as the server's `Retry-After` says, as a well-behaved client does.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};
use bytes::Bytes;
use hyper::Method;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use serde_json::{Value, json};

use crate::bench_web::client::{Answer, Client};
use crate::bench_web::people::People;

/// What the load made.
pub(crate) struct Loaded {
    /// For each claimant counsel (by index), the ids of the cases they filed.
    pub cases_of: Vec<Vec<i64>>,
    pub requests: usize,
    /// Answers 429 (a token over its budget), each waited out and retried.
    pub limited: usize,
    pub elapsed: Duration,
}

#[derive(Default)]
struct Counters {
    cases: AtomicUsize,
    requests: AtomicUsize,
    limited: AtomicUsize,
}

/// Loads `n` cases, one loader per claimant counsel, each with its other side and a registrar.
pub(crate) async fn load(addr: SocketAddr, people: &People, n: usize) -> anyhow::Result<Loaded> {
    let loaders = people.claimants.len().min(people.respondents.len()).min(people.registrars.len()).max(1);
    let counters = Arc::new(Counters::default());
    let start = Instant::now();
    let progress = {
        let counters = counters.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(15));
            tick.tick().await;
            loop {
                tick.tick().await;
                let done = counters.cases.load(Ordering::Relaxed);
                let seconds = start.elapsed().as_secs_f64();
                eprintln!(
                    "  loaded {done}/{n} cases in {seconds:.0} s ({:.0} cases/s, {:.0} requests/s)",
                    done as f64 / seconds,
                    counters.requests.load(Ordering::Relaxed) as f64 / seconds
                );
            }
        })
    };
    let mut tasks = Vec::new();
    for w in 0..loaders {
        let tokens = [&people.claimants[w].token, &people.respondents[w].token, &people.registrars[w].token];
        let mut clients = Vec::new();
        for token in tokens {
            let mut client = Client::new(addr);
            client.set_default(AUTHORIZATION, &format!("Bearer {token}"))?;
            clients.push(client);
        }
        let other = people.respondents[w].email.clone();
        let counters = counters.clone();
        tasks.push(tokio::spawn(async move {
            let mut cases = Vec::new();
            let [mut claimant, mut respondent, mut registrar]: [Client; 3] =
                clients.try_into().map_err(|_| anyhow!("three clients"))?;
            let mut loader = Loader { counters: &counters, other: &other };
            for i in (w..n).step_by(loaders) {
                cases.push(loader.case(i, &mut claimant, &mut respondent, &mut registrar).await?);
                counters.cases.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(cases)
        }));
    }
    let mut cases_of = Vec::new();
    for task in tasks {
        cases_of.push(task.await??);
    }
    progress.abort();
    Ok(Loaded {
        cases_of,
        requests: counters.requests.load(Ordering::Relaxed),
        limited: counters.limited.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
    })
}

struct Loader<'a> {
    counters: &'a Counters,
    other: &'a str,
}

/// What becomes of a case, by its number: most are registered; some wait on an offer, some on
/// screening, some are refused.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    Registered,
    OfferAcceptedRegistered,
    OfferPending,
    AwaitingScreening,
    Refused,
}

fn fate(i: usize) -> Fate {
    match i % 20 {
        0 => Fate::OfferAcceptedRegistered,
        10 => Fate::OfferPending,
        5 => Fate::AwaitingScreening,
        15 => Fate::Refused,
        _ => Fate::Registered,
    }
}

impl Loader<'_> {
    /// Sends a request until it is not refused for the token's budget; fails unless `expected`.
    async fn call(
        &mut self,
        client: &mut Client,
        method: Method,
        path: &str,
        body: Request<'_>,
        expected: u16,
    ) -> anyhow::Result<Answer> {
        loop {
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            let answer = match &body {
                Request::Json(v) => client.json(method.clone(), path, v).await?,
                Request::Multipart(boundary, bytes) => {
                    let kind = format!("multipart/form-data; boundary={boundary}");
                    client.send(method.clone(), path, &[(CONTENT_TYPE, &kind)], bytes.clone()).await?
                }
            };
            if answer.status.as_u16() == 429 {
                self.counters.limited.fetch_add(1, Ordering::Relaxed);
                let wait = answer.headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait)).await;
                continue;
            }
            return answer.expect_status(expected, &format!("{method} {path}"));
        }
    }

    async fn step(&mut self, client: &mut Client, case: i64, step: Value) -> anyhow::Result<()> {
        self.call(client, Method::POST, &format!("/api/v1/cases/{case}/steps"), Request::Json(step), 200).await?;
        Ok(())
    }

    async fn case(
        &mut self,
        i: usize,
        claimant: &mut Client,
        respondent: &mut Client,
        registrar: &mut Client,
    ) -> anyhow::Result<i64> {
        let fate = fate(i);
        let first = json!({"summary": format!("Unpaid invoices for port equipment, shipment {i}.")});
        let created = self.call(claimant, Method::POST, "/api/v1/requests", Request::Json(first), 201).await?;
        let draft = created.json()?["id"].as_i64().context("a draft without an id")?;
        let basis = if matches!(fate, Fate::OfferPending | Fate::OfferAcceptedRegistered) {
            "offer"
        } else {
            "prior_agreement"
        };
        let full = complete_draft(i, basis, self.other);
        self.call(claimant, Method::PUT, &format!("/api/v1/requests/{draft}"), Request::Json(full), 200).await?;
        let filed = self
            .call(claimant, Method::POST, &format!("/api/v1/requests/{draft}/file"), Request::Json(json!({})), 201)
            .await?;
        let case = filed.json()?["id"].as_i64().context("a case without an id")?;
        match fate {
            Fate::OfferPending | Fate::AwaitingScreening => return Ok(case),
            Fate::Refused => {
                let refuse = json!({"step": "refuse", "reasons": "No written consent to mediation was produced."});
                self.step(registrar, case, refuse).await?;
                return Ok(case);
            }
            Fate::OfferAcceptedRegistered => self.step(respondent, case, json!({"step": "accept_offer"})).await?,
            Fate::Registered => {}
        }
        // What screening asks for (W4): the consent (an accepted offer is one) and each side's
        // proof of authority, in the joint file.
        let documents = format!("/api/v1/cases/{case}/documents");
        if basis == "prior_agreement" {
            let consent = document(i, ("Mediation clause of the supply contract", "consent_to_mediate"), "joint", "");
            self.call(claimant, Method::POST, &documents, consent, 201).await?;
        }
        for side in [&mut *claimant, &mut *respondent] {
            let proof = document(i, ("Power of attorney", "proof_of_authority"), "joint", "");
            self.call(side, Method::POST, &documents, proof, 201).await?;
        }
        self.step(registrar, case, json!({"step": "mark_fee_paid"})).await?;
        self.step(registrar, case, json!({"step": "register"})).await?;
        let exhibit = document(i, ("Exhibit C-1: invoices and bills of lading", "exhibit"), "joint", "");
        self.call(claimant, Method::POST, &documents, exhibit, 201).await?;
        let note = document(i, ("Note for the mediator on settlement range", "exhibit"), "caucus", "responding");
        self.call(respondent, Method::POST, &documents, note, 201).await?;
        let messages = format!("/api/v1/cases/{case}/messages");
        let hello = json!({"audience": "joint", "body": "We have filed the invoices as Joint no. 1 and propose a first session next month."});
        self.call(claimant, Method::POST, &messages, Request::Json(hello), 201).await?;
        let reply =
            json!({"audience": "joint", "body": "Received with thanks; our client is available in the second week."});
        self.call(respondent, Method::POST, &messages, Request::Json(reply), 201).await?;
        Ok(case)
    }
}

enum Request<'a> {
    Json(Value),
    Multipart(&'a str, Bytes),
}

/// A complete private commercial request, numbered `i`, naming `other` as the other side.
fn complete_draft(i: usize, basis: &str, other: &str) -> Value {
    json!({
        "category": "private_commercial",
        "summary": format!("Unpaid invoices for port equipment delivered under shipment {i}; the buyer says two cranes failed their acceptance tests."),
        "parties": [
            {"side": "requesting", "kind": "company", "name": format!("Harbourline Logistics {i} Ltd"), "nationalities": ["SGP"], "place_of_business": "SGP", "contact": "legal@harbourline.example"},
            {"side": "responding", "kind": "company", "name": format!("Kestrel Cranes {i} SA"), "nationalities": ["FRA"], "place_of_business": "FRA", "contact": "legal@kestrel.example"}
        ],
        "subjects": ["trade"],
        "consent_basis": basis,
        "consent_date": "2026-01-10",
        "consent_document": "Supply Agreement, clause 21",
        "authority_document": "Power of attorney",
        "internal_authorization": "Board resolution",
        "other_side_name": "Respondent Counsel",
        "other_side_email": other,
        "signature": "Claimant Counsel"
    })
}

const BOUNDARY: &str = "iomed-bench-boundary-7c4f";

/// A small text document as a multipart filing: its metadata, then about 3 KB of content.
fn document(i: usize, (title, kind): (&str, &str), audience: &str, party: &str) -> Request<'static> {
    let meta = json!({"title": format!("{title} ({i})"), "type": kind, "language": "en", "audience": audience, "party": party});
    let content = format!("Shipment {i}. ").repeat(200);
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{meta}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"exhibit-{i}.txt\"\r\nContent-Type: text/plain\r\n\r\n{content}\r\n\
         --{BOUNDARY}--\r\n"
    );
    Request::Multipart(BOUNDARY, Bytes::from(body))
}

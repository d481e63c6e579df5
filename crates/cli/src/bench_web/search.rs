//! The search scenario of `iomed bench web --search-documents N`: one case given N text
//! documents of about 10 KB each through the API (fictional, varied words, see [`words`]), mostly
//! joint, some in a side's caucus or its own file; then its parties and the Secretariat search it
//! at once, the index cold at the start, so that the first answers include building it; then a
//! document is filed and searched for until it is found.
//!
//! [`words`]: crate::bench_web::words

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use bytes::Bytes;
use hyper::Method;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, RETRY_AFTER};
use serde_json::json;

use crate::bench_web::client::{Answer, Client};
use crate::bench_web::drive::{Measured, Target, User, measure, memory_kib, percentile};
use crate::bench_web::people::People;
use crate::bench_web::words::{Rng, Words};

/// How large each document's text is, at least.
const DOCUMENT_BYTES: usize = 10_000;
/// How many made-up names the documents draw from.
const NAMES: usize = 20_000;
/// The most frequent common words, left out of the questions (as "the" or "of" would be).
const STOP: usize = 24;
/// How many files are checked for being searchable right after their filing.
const LATE_FILINGS: usize = 5;

/// What the scenario measured.
pub(crate) struct Searched {
    pub documents: usize,
    pub filing: Duration,
    pub api: Measured,
    pub page: Option<Measured>,
    /// For each late filing: the filing's answer, then the time from it until a search found it.
    pub late: Vec<(Duration, Duration)>,
}

/// Where and how the scenario runs.
pub(crate) struct Scenario<'a> {
    pub addr: SocketAddr,
    pub people: &'a People,
    pub registrar_cookies: &'a [String],
    /// The case given the documents: the first of the first claimant counsel, registered.
    pub case: i64,
    pub documents: usize,
    /// How many ask at once.
    pub users: usize,
    pub duration: Duration,
    /// The server's process, for its CPU time and memory.
    pub server: u32,
}

/// Files the documents and measures the case's search; the server's peak memory after each step
/// goes to `peaks`.
pub(crate) async fn run(scenario: &Scenario<'_>, peaks: &mut Vec<(String, Option<u64>)>) -> anyhow::Result<Searched> {
    let Scenario { addr, people, registrar_cookies, case, documents: n, users, duration, server } = *scenario;
    let mut rng = Rng::new(0x10_4ED_5EA_2C4);
    let words = Arc::new(Words::new(NAMES, &mut rng));
    println!(
        "filing {n} documents of about {} KB in case {case} with {} tokens…",
        DOCUMENT_BYTES / 1000,
        people.filers.len()
    );
    let started = Instant::now();
    file_many(addr, &people.filers, case, n, &words).await?;
    let filing = started.elapsed();
    println!("filed {n} documents in {:.0} s ({:.0}/s)", filing.as_secs_f64(), n as f64 / filing.as_secs_f64());
    peaks.push(("search: filed".to_owned(), memory_kib(server, "VmHWM")));

    // The first claimant and respondent counsel, then registrars: each their own fresh token.
    let tokens: Vec<&String> = people.readers.iter().take(users.max(1)).collect();
    let mut questions = Rng::new(0x5EA2C4);
    let mut asks = |limit: &str, base: &str| -> Vec<String> {
        (0..64)
            .map(|_| {
                let q = match questions.below(10) {
                    0..5 => words.searched(STOP, &mut questions).to_owned(),
                    5..8 => {
                        format!("{} {}", words.searched(STOP, &mut questions), words.searched(STOP, &mut questions))
                    }
                    _ => words.name(&mut questions).to_owned(),
                };
                let q: String = form_urlencoded::byte_serialize(q.as_bytes()).collect();
                format!("{base}?q={q}{limit}")
            })
            .collect()
    };
    let api_users: Vec<User> = tokens
        .iter()
        .map(|t| User {
            credential: Some((AUTHORIZATION, format!("Bearer {t}"))),
            paths: asks("&limit=20", &format!("/api/v1/cases/{case}/documents")),
        })
        .collect();
    let target =
        Target { name: "search API `?q=…&limit=20`, cold".into(), who: "counsel, registrars", users: api_users };
    println!("measuring {}: {} users for {} s…", target.name, target.users.len(), duration.as_secs());
    let api = measure(addr, target, duration, server).await?;
    peaks.push(("search: API".to_owned(), memory_kib(server, "VmHWM")));

    let page = if registrar_cookies.is_empty() {
        None
    } else {
        let page_users: Vec<User> = registrar_cookies
            .iter()
            .take(users.max(1))
            .map(|c| User {
                credential: Some((COOKIE, c.clone())),
                paths: asks("", &format!("/cases/{case}/documents")),
            })
            .collect();
        let target =
            Target {
                name: "case file search page `?q=…` (50 snippets)".into(), who: "registrars", users: page_users
            };
        println!("measuring {}: {} users for {} s…", target.name, target.users.len(), duration.as_secs());
        let page = measure(addr, target, duration, server).await?;
        peaks.push(("search: page".to_owned(), memory_kib(server, "VmHWM")));
        Some(page)
    };

    let late = late_filings(addr, people, case).await?;
    Ok(Searched { documents: n, filing, api, page, late })
}

/// Files the documents, one task per filing token, each waiting out its token's budget.
async fn file_many(
    addr: SocketAddr,
    filers: &[(&'static str, String)],
    case: i64,
    n: usize,
    words: &Arc<Words>,
) -> anyhow::Result<()> {
    if filers.is_empty() {
        bail!("no tokens to file with");
    }
    let done = Arc::new(AtomicUsize::new(0));
    let progress = {
        let done = done.clone();
        let start = Instant::now();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(15));
            tick.tick().await;
            loop {
                tick.tick().await;
                let d = done.load(Ordering::Relaxed);
                eprintln!("  filed {d}/{n} in {:.0} s", start.elapsed().as_secs_f64());
            }
        })
    };
    let mut tasks = Vec::new();
    for (t, (side, token)) in filers.iter().enumerate() {
        let (side, words, done) = (*side, words.clone(), done.clone());
        let mut client = Client::new(addr);
        client.set_default(AUTHORIZATION, &format!("Bearer {token}"))?;
        let count = filers.len();
        tasks.push(tokio::spawn(async move {
            for k in (t..n).step_by(count) {
                // Each document from its own seed, whichever task files it.
                let mut rng = Rng::new(k as u64 * 0x9E37 + 1);
                let (title, text) = words.document(k + 1, DOCUMENT_BYTES, &mut rng);
                let (audience, party) = match rng.below(10) {
                    0 => ("caucus", side),
                    1 => ("side", side),
                    _ => ("joint", ""),
                };
                file(&mut client, case, &title, audience, party, &text).await?;
                done.fetch_add(1, Ordering::Relaxed);
            }
            anyhow::Ok(())
        }));
    }
    let mut outcome = Ok(());
    for task in tasks {
        if let Err(e) = task.await.map_err(anyhow::Error::from).and_then(|r| r) {
            outcome = Err(e);
        }
    }
    progress.abort();
    outcome
}

const BOUNDARY: &str = "iomed-bench-search-5d1e";

/// Files one text document; gives its id. A 429 is waited out as its `Retry-After` says.
async fn file(
    client: &mut Client,
    case: i64,
    title: &str,
    audience: &str,
    party: &str,
    text: &str,
) -> anyhow::Result<i64> {
    let meta = json!({"title": title, "type": "exhibit", "language": "en", "audience": audience, "party": party});
    let body = Bytes::from(format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{meta}\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"document.txt\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n\
         --{BOUNDARY}--\r\n"
    ));
    let kind = format!("multipart/form-data; boundary={BOUNDARY}");
    let path = format!("/api/v1/cases/{case}/documents");
    let answer = patiently(client, Method::POST, &path, &[(CONTENT_TYPE, &kind)], body).await?;
    let filed = answer.expect_status(201, &format!("POST {path}"))?.json()?;
    filed["id"].as_i64().context("a filing without an id")
}

/// Sends a request until the answer is not a 429, waiting as long as each says.
async fn patiently(
    client: &mut Client,
    method: Method,
    path: &str,
    headers: &[(hyper::header::HeaderName, &str)],
    body: Bytes,
) -> anyhow::Result<Answer> {
    loop {
        let answer = client.send(method.clone(), path, headers, body.clone()).await?;
        if answer.status.as_u16() != 429 {
            return Ok(answer);
        }
        let wait = answer.headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(1);
        tokio::time::sleep(Duration::from_secs(wait)).await;
    }
}

/// Files a document with a word of its own, then searches for that word as the other side until
/// the document is found: how long a filing takes to be searchable, the index warm.
async fn late_filings(addr: SocketAddr, people: &People, case: i64) -> anyhow::Result<Vec<(Duration, Duration)>> {
    let filer = people.filers.first().map(|(_, t)| t).ok_or_else(|| anyhow!("no filing token"))?;
    let reader = people.late_reader.as_ref().ok_or_else(|| anyhow!("no token of the respondent to search with"))?;
    let mut filing = Client::new(addr);
    filing.set_default(AUTHORIZATION, &format!("Bearer {filer}"))?;
    let mut searching = Client::new(addr);
    searching.set_default(AUTHORIZATION, &format!("Bearer {reader}"))?;
    let mut late = Vec::new();
    for k in 0..LATE_FILINGS {
        let word = format!("zorblaxite{k}");
        let text = format!("A late exhibit about {word}, filed for the benchmark.");
        let asked = Instant::now();
        let id = file(&mut filing, case, &format!("Late exhibit {k}"), "joint", "", &text).await?;
        let filed = asked.elapsed();
        let answered = Instant::now();
        loop {
            let path = format!("/api/v1/cases/{case}/documents?q={word}&limit=5");
            let found = patiently(&mut searching, Method::GET, &path, &[], Bytes::new()).await?;
            let found = found.expect_status(200, "a late search")?.json()?;
            let items = found["items"].as_array().map(Vec::as_slice).unwrap_or_default();
            if items.iter().any(|d| d["id"].as_i64() == Some(id)) {
                break;
            }
            if answered.elapsed() > Duration::from_secs(60) {
                bail!("a document filed was not found by a search within a minute");
            }
        }
        late.push((filed, answered.elapsed()));
    }
    Ok(late)
}

/// The scenario's lines for the README.
pub(crate) fn print(searched: &Searched) {
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    println!(
        "search: {} documents of about {} KB filed in {:.0} s",
        searched.documents,
        DOCUMENT_BYTES / 1000,
        searched.filing.as_secs_f64()
    );
    println!(
        "| search | users | first answer (min–max) ms | p50 ms | p95 ms | p99 ms | req/s | answers 200 | not 200 | server CPU/answer |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for m in std::iter::once(&searched.api).chain(searched.page.as_ref()) {
        let mut firsts = m.firsts.clone();
        firsts.sort_unstable();
        let first = match (firsts.first(), firsts.last()) {
            (Some(a), Some(b)) => format!("{}–{}", ms(*a), ms(*b)),
            _ => "–".into(),
        };
        let cpu = m.server_cpu.map_or("–".to_owned(), |c| format!("{:.2} ms", c.as_secs_f64() * 1000.0));
        println!(
            "| {} | {} | {first} | {} | {} | {} | {:.0} | {} | {} | {cpu} |",
            m.name,
            m.firsts.len(),
            ms(m.p50),
            ms(m.p95),
            ms(m.p99),
            m.per_second,
            m.requests,
            m.failed
        );
    }
    let mut after: Vec<Duration> = searched.late.iter().map(|(_, a)| *a).collect();
    after.sort_unstable();
    let mut filed: Vec<Duration> = searched.late.iter().map(|(f, _)| *f).collect();
    filed.sort_unstable();
    println!(
        "a document filed ({} times): its filing answered in {} ms (median), then found by the first search {} ms (median, at most {} ms) after",
        searched.late.len(),
        ms(percentile(&filed, 0.5)),
        ms(percentile(&after, 0.5)),
        ms(after.last().copied().unwrap_or_default())
    );
}

//! `iomed bench web`: a release server on a throwaway data directory, loaded with cases through
//! the public API as its users would load it, then measured under many signed-in users at once:
//! the case page, the case list, the Secretariat's dashboard, the case file and the API's list,
//! each beside `/healthz` in the same run on the same machine, with the server's peak memory.

mod client;
mod drive;
mod load;
mod people;
mod search;
mod words;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use clap::Args;
use futures_util::{StreamExt, TryStreamExt};
use hyper::header::{AUTHORIZATION, COOKIE};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::bench_web::client::Client;
use crate::bench_web::drive::{Measured, Target, User, measure, memory_kib};
use crate::bench_web::people::{Operator, People, sign_in};

#[derive(Args)]
pub struct WebBenchArgs {
    /// How many cases to load through the API before measuring.
    #[arg(long, default_value_t = 10_000)]
    cases: usize,
    /// How long each endpoint is measured, in seconds.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Signed-in users asking at once; as many counsel and registrars are made, and as many
    /// loaders load the cases.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// The server binary to measure (default: this one). Build it with `--release`.
    #[arg(long)]
    server_bin: Option<PathBuf>,
    /// The server's data directory; it must not exist or be empty (default: a new temporary
    /// directory, removed after).
    #[arg(long)]
    data: Option<PathBuf>,
    /// An empty PostgreSQL database to measure instead of SQLite.
    #[arg(long)]
    database_url: Option<String>,
    /// Then file this many text documents of about 10 KB in one case and measure its search (0:
    /// no search scenario).
    #[arg(long, default_value_t = 0)]
    search_documents: usize,
    /// How long each search endpoint is measured, in seconds (the first answers build the index).
    #[arg(long, default_value_t = 30)]
    search_seconds: u64,
}

/// How many more tokens each side of the searched case files with (600 requests a minute each).
const FILING_TOKENS: usize = 8;

pub async fn web(args: WebBenchArgs) -> anyhow::Result<ExitCode> {
    let bin = match &args.server_bin {
        Some(bin) => bin.clone(),
        None => std::env::current_exe().context("cannot tell which binary is running")?,
    };
    let (dir, temporary) = match &args.data {
        Some(dir) => (dir.clone(), false),
        None => (throwaway_dir(), true),
    };
    if std::fs::read_dir(&dir).is_ok_and(|mut entries| entries.next().is_some()) {
        bail!("{} is not empty: the benchmark needs a throwaway data directory", dir.display());
    }
    let mut db_args = vec!["--data".to_owned(), dir.display().to_string()];
    if let Some(url) = &args.database_url {
        db_args.extend(["--database-url".to_owned(), url.clone()]);
    }
    let operator = Operator { bin, db_args };
    let users = args.concurrency.max(1);
    let started = Instant::now();
    println!("server: {}; data: {}", operator.bin.display(), dir.display());
    let result = async {
        let filers = if args.search_documents > 0 { FILING_TOKENS } else { 0 };
        let people = people::make(&operator, users, 4, filers).await?;
        println!(
            "made {} accounts with a token each through `iomed user add` and `iomed token create` in {:.0} s",
            3 * users,
            started.elapsed().as_secs_f64()
        );
        let mut server = Server::start(&operator, &dir).await?;
        let outcome = run(&args, &people, &server).await;
        server.stop().await;
        outcome
    }
    .await;
    if temporary {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn throwaway_dir() -> PathBuf {
    // Not /tmp, which may live in memory: the database and blobs should be on a disk.
    let base = Path::new("/var/tmp");
    let base = if base.is_dir() { base.to_path_buf() } else { std::env::temp_dir() };
    base.join(format!("iomed-bench-web-{}", std::process::id()))
}

/// The server under measurement, a child process.
struct Server {
    child: tokio::process::Child,
    pid: u32,
    addr: SocketAddr,
}

impl Server {
    /// Starts `iomed serve` on a free loopback port and waits for it to say where it listens.
    async fn start(operator: &Operator, dir: &Path) -> anyhow::Result<Server> {
        let log = std::fs::File::create(dir.join("serve.log")).context("cannot write the server's log")?;
        let mut child = tokio::process::Command::new(&operator.bin)
            .arg("serve")
            .args(&operator.db_args)
            .args(["--listen", "127.0.0.1:0"])
            .env("RUST_LOG", "warn")
            .env_remove("IOMED_DATA")
            .env_remove("IOMED_DATABASE_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::from(log))
            .kill_on_drop(true)
            .spawn()
            .context("cannot start the server")?;
        let pid = child.id().ok_or_else(|| anyhow!("the server exited at once"))?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("no output from the server"))?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(Duration::from_secs(120), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(rest) = line.strip_prefix("iomed is serving http://") {
                    let addr = rest.split('/').next().unwrap_or_default();
                    return addr.parse::<SocketAddr>().with_context(|| format!("an address: {addr}"));
                }
            }
            Err(anyhow!("the server stopped before serving; see {}", dir.join("serve.log").display()))
        })
        .await
        .context("the server did not start within 2 minutes")??;
        // The rest of its output goes to the log, so that a full pipe never stops it.
        let mut out = tokio::fs::OpenOptions::new().append(true).open(dir.join("serve.log")).await?;
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let _ = out.write_all(format!("{line}\n").as_bytes()).await;
            }
        });
        Ok(Server { child, pid, addr })
    }

    async fn stop(&mut self) {
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}

async fn run(args: &WebBenchArgs, people: &People, server: &Server) -> anyhow::Result<ExitCode> {
    let addr = server.addr;
    println!("iomed serve is listening on {addr} (pid {})", server.pid);
    // The server's peak resident memory after each step, to tell which raised it.
    let mut peaks = vec![("started".to_owned(), memory_kib(server.pid, "VmHWM"))];
    let t = Instant::now();
    let signing: Vec<(&str, bool)> = people
        .claimants
        .iter()
        .map(|p| (p.email.as_str(), false))
        .chain(people.registrars.iter().map(|p| (p.email.as_str(), true)))
        .collect();
    let cookies: Vec<(String, bool)> = futures_util::stream::iter(signing)
        .map(|(email, registrar)| async move { anyhow::Ok((sign_in(addr, email, &people.password).await?, registrar)) })
        .buffered(4)
        .try_collect()
        .await?;
    let counsel_cookies: Vec<String> = cookies.iter().filter(|(_, r)| !r).map(|(c, _)| c.clone()).collect();
    let registrar_cookies: Vec<String> = cookies.iter().filter(|(_, r)| *r).map(|(c, _)| c.clone()).collect();
    println!(
        "signed in {} counsel and {} registrars on the web (the registrars set up their second factor) in {:.1} s",
        counsel_cookies.len(),
        registrar_cookies.len(),
        t.elapsed().as_secs_f64()
    );
    peaks.push(("signed in".to_owned(), memory_kib(server.pid, "VmHWM")));

    println!("loading {} cases through the API with {} loaders…", args.cases, people.claimants.len());
    let loaded = load::load(addr, people, args.cases).await?;
    let seconds = loaded.elapsed.as_secs_f64();
    let load_line = format!(
        "loaded {} cases in {seconds:.0} s: {:.1} cases/s, {} API requests ({:.0}/s), {} answered 429 and retried",
        args.cases,
        args.cases as f64 / seconds,
        loaded.requests,
        loaded.requests as f64 / seconds,
        loaded.limited
    );
    println!("{load_line}");
    peaks.push(("loaded".to_owned(), memory_kib(server.pid, "VmHWM")));

    let all_cases: Vec<i64> = loaded.cases_of.iter().flatten().copied().collect();
    if all_cases.is_empty() {
        bail!("no case was loaded");
    }
    let api_items = check_api_list(addr, &people.registrars[0].token).await?;
    let duration = Duration::from_secs(args.seconds);
    let cookie = |c: &String| Some((COOKIE, c.clone()));
    let per_counsel = |path: &dyn Fn(i64) -> String| -> Vec<User> {
        counsel_cookies
            .iter()
            .zip(&loaded.cases_of)
            .filter(|(_, cases)| !cases.is_empty())
            .map(|(c, cases)| User { credential: cookie(c), paths: cases.iter().map(|id| path(*id)).collect() })
            .collect()
    };
    let same = |credentials: Vec<Option<(hyper::header::HeaderName, String)>>, path: &str| -> Vec<User> {
        credentials.into_iter().map(|credential| User { credential, paths: vec![path.to_owned()] }).collect()
    };
    let registrars: Vec<_> = registrar_cookies.iter().map(cookie).collect();
    let tokens: Vec<_> =
        people.registrars.iter().map(|p| Some((AUTHORIZATION, format!("Bearer {}", p.token)))).collect();
    let counsel: Vec<_> = counsel_cookies.iter().map(cookie).collect();
    let users = counsel_cookies.len();
    let targets = vec![
        Target { name: "`/healthz`".into(), who: "anonymous", users: same(vec![None; users], "/healthz") },
        Target {
            name: "case page `/cases/{id}`".into(),
            who: "counsel",
            users: per_counsel(&|id| format!("/cases/{id}")),
        },
        Target { name: "case list `/cases`".into(), who: "registrar", users: same(registrars.clone(), "/cases") },
        Target { name: "case list `/cases`".into(), who: "counsel", users: same(counsel, "/cases") },
        Target {
            name: "dashboard `/secretariat/deadlines`".into(),
            who: "registrar",
            users: same(registrars, "/secretariat/deadlines"),
        },
        Target {
            name: "case file `/cases/{id}/documents`".into(),
            who: "counsel",
            users: per_counsel(&|id| format!("/cases/{id}/documents")),
        },
        Target {
            name: "API list `/api/v1/cases?limit=50`".into(),
            who: "registrar",
            users: same(tokens, "/api/v1/cases?limit=50"),
        },
    ];
    let mut results = Vec::new();
    for target in targets {
        let (name, who) = (target.name.clone(), target.who);
        let sample = target.users.first().ok_or_else(|| anyhow!("nobody asks for {name}"))?;
        check_answers(addr, sample, &name).await?;
        println!("measuring {name} as {who}: {} users for {} s…", target.users.len(), args.seconds);
        results.push(measure(addr, target, duration, server.pid).await?);
        peaks.push((name, memory_kib(server.pid, "VmHWM")));
    }
    let searched = match (args.search_documents, loaded.cases_of.first().and_then(|c| c.first())) {
        (0, _) | (_, None) => None,
        (n, Some(case)) => {
            let scenario = search::Scenario {
                addr,
                people,
                registrar_cookies: &registrar_cookies,
                case: *case,
                documents: n,
                users,
                duration: Duration::from_secs(args.search_seconds),
                server: server.pid,
            };
            Some(search::run(&scenario, &mut peaks).await?)
        }
    };
    let resident = memory_kib(server.pid, "VmRSS");
    println!();
    print_table(&results);
    if let Some(searched) = &searched {
        println!();
        search::print(searched);
    }
    println!();
    println!("{load_line}");
    println!(
        "API list: {api_items} cases in the first answer to `GET /api/v1/cases?limit=50` (a JSON array or `items`)"
    );
    let mib = |k: Option<u64>| k.map_or("unknown".to_owned(), |k| format!("{:.0} MiB", k as f64 / 1024.0));
    let steps: Vec<String> = peaks.iter().map(|(step, kib)| format!("{step} {}", mib(*kib))).collect();
    let peak = peaks.last().and_then(|(_, kib)| *kib);
    println!("server peak resident memory (VmHWM): {} (resident at the end {})", mib(peak), mib(resident));
    println!("  the peak after each step: {}", steps.join(", "));
    println!(
        "{} cases, {} users at once, {} s per endpoint; latencies from the driver on the same machine",
        args.cases, users, args.seconds
    );
    Ok(ExitCode::SUCCESS)
}

/// A page the benchmark measures must answer 200 to its first user, or the numbers would
/// measure an error page.
async fn check_answers(addr: SocketAddr, user: &User, name: &str) -> anyhow::Result<()> {
    let mut client = Client::new(addr);
    if let Some((header, value)) = &user.credential {
        client.set_default(header.clone(), value)?;
    }
    let path = user.paths.first().ok_or_else(|| anyhow!("no path for {name}"))?;
    client.get(path).await?.expect_status(200, &format!("GET {path} ({name})"))?;
    Ok(())
}

/// The API list answers a JSON array, or an object with `items` (and `next`) once it is paged;
/// gives how many cases the first answer holds.
async fn check_api_list(addr: SocketAddr, token: &str) -> anyhow::Result<usize> {
    let mut client = Client::new(addr);
    client.set_default(AUTHORIZATION, &format!("Bearer {token}"))?;
    let answer =
        client.get("/api/v1/cases?limit=50").await?.expect_status(200, "GET /api/v1/cases?limit=50")?.json()?;
    let items = answer.as_array().or_else(|| answer.get("items").and_then(|i| i.as_array()));
    items.map(Vec::len).ok_or_else(|| anyhow!("the API list is neither an array nor an object with items"))
}

/// The Markdown table, ready to paste into the README.
fn print_table(results: &[Measured]) {
    let Some(base) = results.first() else { return };
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    println!(
        "| endpoint | as | p50 ms | p95 ms | p99 ms | req/s | req/s ÷ `/healthz` | p99 ÷ `/healthz` | largest answer | answers 200 | not 200 | server CPU/answer |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for m in results {
        let gzip = if m.compressed { " gzip" } else { "" };
        let size = if m.max_bytes < 1000 {
            format!("{} B{gzip}", m.max_bytes)
        } else {
            format!("{:.1} KB{gzip}", m.max_bytes as f64 / 1000.0)
        };
        let rate = if m.per_second < 10.0 { format!("{:.1}", m.per_second) } else { format!("{:.0}", m.per_second) };
        let cpu = m.server_cpu.map_or("–".to_owned(), |c| format!("{:.2} ms", c.as_secs_f64() * 1000.0));
        println!(
            "| {} | {} | {} | {} | {} | {rate} | {:.3}× | {:.1}× | {size} | {} | {} | {cpu} |",
            m.name,
            m.who,
            ms(m.p50),
            ms(m.p95),
            ms(m.p99),
            m.per_second / base.per_second.max(f64::MIN_POSITIVE),
            m.p99.as_secs_f64() / base.p99.as_secs_f64().max(1e-9),
            m.requests,
            m.failed,
        );
    }
}

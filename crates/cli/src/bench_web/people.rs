//! The benchmark's people, made as an operator makes them (`iomed registry seed`, `iomed user
//! add`, `iomed token create`, each a run of the server binary on the same data), and signed in
//! through the web as a browser does: the password form, then setting up the second factor with
//! a TOTP code computed from the secret the page shows, as an authenticator app would.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;

use anyhow::{Context, anyhow, bail};
use futures_util::{StreamExt, TryStreamExt};
use hyper::header::COOKIE;
use iomed_store::Clock;
use tokio::io::AsyncWriteExt;

use crate::bench_web::client::Client;

/// How a benchmark runs the server binary for the operator's commands.
#[derive(Clone)]
pub(crate) struct Operator {
    pub bin: PathBuf,
    /// `--data DIR` and, for PostgreSQL, `--database-url URL`.
    pub db_args: Vec<String>,
}

impl Operator {
    /// Runs `iomed ARGS… DB-ARGS…`, with `stdin` on its standard input; gives its standard output.
    pub async fn run(&self, args: &[&str], stdin: Option<&str>) -> anyhow::Result<String> {
        let mut command = tokio::process::Command::new(&self.bin);
        command
            .args(args)
            .args(&self.db_args)
            .env("RUST_LOG", "warn")
            .env_remove("IOMED_DATA")
            .env_remove("IOMED_DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().with_context(|| format!("cannot run {}", self.bin.display()))?;
        if let Some(mut input) = child.stdin.take() {
            if let Some(text) = stdin {
                input.write_all(text.as_bytes()).await?;
            }
            drop(input);
        }
        let out = child.wait_with_output().await?;
        if !out.status.success() {
            bail!(
                "`iomed {}` failed ({}): {}{}",
                args.join(" "),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// One account of the benchmark, with its API token.
#[derive(Clone)]
pub(crate) struct Person {
    pub email: String,
    pub token: String,
}

/// The people: counsel who file (signed in on the web too), counsel of the other side, and the
/// registrars of the Secretariat (signed in on the web with a second factor).
pub(crate) struct People {
    pub claimants: Vec<Person>,
    pub respondents: Vec<Person>,
    pub registrars: Vec<Person>,
    pub password: String,
    /// More tokens of the first claimant and the first respondent counsel (`requesting` or
    /// `responding`, and the token), to file many documents in one case within the budget of
    /// each token.
    pub filers: Vec<(&'static str, String)>,
    /// Fresh tokens of the first claimant and respondent counsel, then of every registrar, to
    /// search with: the others have spent much of their minute's budget by then.
    pub readers: Vec<String>,
    /// One more token of the first respondent counsel, kept for the searches after the late
    /// filings, whatever the measurement spent of the others' budgets.
    pub late_reader: Option<String>,
}

/// Seeds the registry and makes `n` people of each kind with a token each, `parallel` commands
/// at a time; for the search scenario, `filers` more tokens for each side of the first pair of
/// counsel, and a token to search with for them and every registrar.
pub(crate) async fn make(operator: &Operator, n: usize, parallel: usize, filers: usize) -> anyhow::Result<People> {
    operator.run(&["registry", "seed"], None).await?;
    let (password, _) = iomed_store::accounts::new_secret("bench-")?;
    let mut specs = Vec::new();
    for i in 0..n {
        specs.push((format!("counsel.{i}@claimant.example"), format!("Claimant Counsel {i}"), "representative", true));
        specs.push((
            format!("counsel.{i}@respondent.example"),
            format!("Respondent Counsel {i}"),
            "representative",
            false,
        ));
        specs.push((format!("registrar.{i}@iomed.example"), format!("Registrar {i}"), "registrar", true));
    }
    let made: Vec<(String, String)> = futures_util::stream::iter(specs)
        .map(|(email, name, role, with_password)| {
            let (operator, password) = (operator.clone(), password.clone());
            async move {
                let mut args = vec!["user", "add", "--email", &email, "--name", &name, "--role", role];
                if with_password {
                    args.push("--password-stdin");
                }
                operator.run(&args, with_password.then_some(format!("{password}\n").as_str())).await?;
                let out = operator.run(&["token", "create", "--email", &email, "--name", "bench"], None).await?;
                let token = out.trim().to_owned();
                if !token.starts_with("iomed_") {
                    bail!("`iomed token create` printed no token for {email}");
                }
                anyhow::Ok((email, token))
            }
        })
        .buffered(parallel)
        .try_collect()
        .await?;
    let mut people = People {
        claimants: Vec::new(),
        respondents: Vec::new(),
        registrars: Vec::new(),
        password,
        filers: Vec::new(),
        readers: Vec::new(),
        late_reader: None,
    };
    for (email, token) in made {
        let person = Person { email: email.clone(), token };
        if email.ends_with("@claimant.example") {
            people.claimants.push(person);
        } else if email.ends_with("@respondent.example") {
            people.respondents.push(person);
        } else {
            people.registrars.push(person);
        }
    }
    let token = |email: String, name: String| {
        let operator = operator.clone();
        async move {
            let out = operator.run(&["token", "create", "--email", &email, "--name", &name], None).await?;
            let token = out.trim().to_owned();
            if !token.starts_with("iomed_") {
                bail!("`iomed token create` printed no token for {email}");
            }
            anyhow::Ok(token)
        }
    };
    let pair = [("requesting", "counsel.0@claimant.example"), ("responding", "counsel.0@respondent.example")];
    for k in 0..filers {
        for (side, email) in pair {
            people.filers.push((side, token(email.to_owned(), format!("bench-filer-{k}")).await?));
        }
    }
    if filers > 0 {
        let emails: Vec<String> = pair
            .iter()
            .map(|(_, e)| (*e).to_owned())
            .chain(people.registrars.iter().map(|p| p.email.clone()))
            .collect();
        people.readers = futures_util::stream::iter(emails)
            .map(|email| token(email, "bench-search".to_owned()))
            .buffered(parallel)
            .try_collect()
            .await?;
        people.late_reader = Some(token(pair[1].1.to_owned(), "bench-late".to_owned()).await?);
    }
    Ok(people)
}

/// The value of the first `<input … name="csrf" value="…">` of a page.
fn csrf_of(html: &str) -> anyhow::Result<String> {
    let at = html.find("name=\"csrf\" value=\"").ok_or_else(|| anyhow!("the page has no form token"))?;
    let rest = &html[at + "name=\"csrf\" value=\"".len()..];
    Ok(rest.split('"').next().unwrap_or_default().to_owned())
}

/// Signs in through the sign-in form and, for a role that requires it, sets up the second factor;
/// gives the session cookie (`iomed_session=…`) of a fully signed-in session.
pub(crate) async fn sign_in(addr: SocketAddr, email: &str, password: &str) -> anyhow::Result<String> {
    let mut client = Client::new(addr);
    let form = client.get("/sign-in").await?.expect_status(200, "the sign-in form")?;
    let form_cookie = form.cookie("iomed_form").ok_or_else(|| anyhow!("the sign-in form set no form cookie"))?;
    let csrf = csrf_of(&form.text())?;
    let fields = [("csrf", csrf.as_str()), ("email", email), ("password", password), ("next", "/cases")];
    let signed = client.form("/sign-in", &fields, &format!("iomed_form={form_cookie}")).await?;
    let session = signed.cookie("iomed_session").ok_or_else(|| anyhow!("signing in as {email} failed"))?;
    let cookie = format!("iomed_session={session}");
    let location = signed.headers.get(hyper::header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if location == "/account/second-factor" {
        let page = client.send(hyper::Method::GET, location, &[(COOKIE, &cookie)], Default::default()).await?;
        let csrf = csrf_of(&page.expect_status(200, "the second-factor page")?.text())?;
        client.form("/account/second-factor/start", &[("csrf", &csrf)], &cookie).await?.expect_status(303, "start")?;
        let page = client.send(hyper::Method::GET, location, &[(COOKIE, &cookie)], Default::default()).await?.text();
        let marker = "id=\"totp-secret\">";
        let at = page.find(marker).ok_or_else(|| anyhow!("the second-factor page shows no secret"))?;
        let secret = page[at + marker.len()..].split('<').next().unwrap_or_default().to_owned();
        let code = totp_code(&secret, email)?;
        let done = client.form("/account/second-factor/confirm", &[("csrf", &csrf), ("code", &code)], &cookie).await?;
        if !done.expect_status(200, "confirming the second factor")?.text().contains("class=\"codes\"") {
            bail!("the second factor of {email} was not accepted");
        }
    } else if location.starts_with("/sign-in") {
        bail!("{email} was asked for a second factor it never set up");
    }
    Ok(cookie)
}

/// The TOTP code an authenticator app shows now for a base32 secret (SHA-1, 6 digits, 30 s), by
/// the store's clock.
fn totp_code(secret: &str, account: &str) -> anyhow::Result<String> {
    let secret = totp_rs::Secret::try_from_base32(secret).map_err(|e| anyhow!("bad secret: {e:?}"))?;
    let totp = totp_rs::Builder::new()
        .with_secret(secret)
        .with_step_duration(30)
        .with_account_name(account)
        .with_issuer(Some("IOMed"))
        .build()
        .map_err(|e| anyhow!("cannot make a TOTP: {e:?}"))?;
    let seconds = u64::try_from(iomed_store::SystemClock.now().as_second())?;
    Ok(totp.generate(seconds).to_string())
}

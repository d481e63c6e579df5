use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

fn iomed() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_iomed"));
    c.env_remove("IOMED_DATA").env_remove("IOMED_DATABASE_URL").env("RUST_LOG", "warn");
    c
}

fn run(args: &[&str]) -> Output {
    let out = iomed().args(args).output().unwrap();
    eprintln!(
        "$ iomed {}\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

fn data_args(dir: &Path) -> Vec<String> {
    vec!["--data".into(), dir.display().to_string()]
}

fn with(base: &[&str], extra: &[String]) -> Vec<String> {
    base.iter().map(|s| s.to_string()).chain(extra.iter().cloned()).collect()
}

fn run_s(args: Vec<String>) -> Output {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

#[test]
fn registry_commands_are_ledger_events_and_contradictions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = data_args(dir.path());

    let out = run_s(with(&["registry", "ratify", "KEN", "--on", "2025-09-01", "--source", "test"], &d));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("refused (not_signed)"), "{}", text(&out));
    assert!(text(&out).contains("Nothing was written"));

    let out = run_s(with(&["registry", "sign", "ken", "--on", "2025-05-30", "--source", "test"], &d));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("recorded as ledger entry 1"));

    let out = run_s(with(&["registry", "sign", "KEN", "--date-unknown", "--source", "test"], &d));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("already_signed"));

    let out =
        run_s(with(&["registry", "ratify", "KEN", "--on", "2025-09-01", "--source", "depositary", "--unverified"], &d));
    assert!(out.status.success(), "{}", text(&out));
    let out = run_s(with(&["registry", "ratify", "KEN", "--on", "2025-09-02", "--source", "again"], &d));
    assert!(text(&out).contains("already_bound"));

    let out =
        run_s(with(&["registry", "declare", "FRA", "--subject", "trade", "--on", "2025-09-01", "--source", "x"], &d));
    assert!(text(&out).contains("declaration_by_non_signatory"));
    let out =
        run_s(with(&["registry", "declare", "KEN", "--subject", "fishing", "--on", "2025-09-01", "--source", "x"], &d));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("'fishing' is not a category of dispute"));
    let out = run_s(with(
        &["registry", "withdraw-declaration", "KEN", "--number", "1", "--on", "2025-10-01", "--source", "x"],
        &d,
    ));
    assert!(text(&out).contains("no_such_declaration"));
    let out = run_s(with(
        &["registry", "declare", "KEN", "--subject", "territorial_sovereignty", "--on", "2025-09-01", "--source", "x"],
        &d,
    ));
    assert!(out.status.success(), "{}", text(&out));
    let out = run_s(with(
        &["registry", "withdraw-declaration", "KEN", "--number", "1", "--on", "2025-10-01", "--source", "x"],
        &d,
    ));
    assert!(out.status.success(), "{}", text(&out));
    let out = run_s(with(&["registry", "denounce", "KEN", "--on", "2026-01-01", "--source", "x"], &d));
    assert!(out.status.success(), "{}", text(&out));

    let out = run_s(with(&["registry", "sign", "XXX", "--on", "2025-05-30", "--source", "x"], &d));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("not the ISO 3166-1 alpha-3 code"));

    let out = run_s(with(&["ledger", "verify"], &d));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("ledger intact: 5 entries"), "{}", text(&out));
}

#[test]
fn ledger_verify_catches_tampering_with_the_database_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = data_args(dir.path());
    assert!(run_s(with(&["registry", "seed"], &d)).status.success());
    let out = run_s(with(&["ledger", "verify"], &d));
    assert!(out.status.success(), "{}", text(&out));

    // Somebody edits the database behind the ledger's back.
    let db = dir.path().join("iomed.sqlite3");
    let status = Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); \
             c.execute(\"UPDATE ledger SET body=replace(body,'2025-05-30','2025-05-29') WHERE seq=3\"); c.commit()",
            db.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let out = run_s(with(&["ledger", "verify"], &d));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("ledger BROKEN at entry 3"), "{}", text(&out));
}

#[test]
fn a_database_that_cannot_be_opened_stops_with_a_clear_message() {
    let out = run(&["migrate", "--database-url", "postgres://iomed:hunter2@127.0.0.1:1/none"]);
    assert_eq!(out.status.code(), Some(2));
    let t = text(&out);
    assert!(t.contains("could not be opened"), "{t}");
    assert!(!t.contains("hunter2"), "the password reached the terminal: {t}");
    assert!(!t.contains("panicked"));

    let file = tempfile::NamedTempFile::new().unwrap();
    let out = run(&["migrate", "--data", file.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("cannot create the data directory"), "{}", text(&out));
}

struct Server(Child, String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(args: &[String]) -> Server {
    let mut child = iomed()
        .arg("serve")
        .args(args)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("server exited before printing its URL").unwrap();
        eprintln!("serve: {line}");
        if let Some(rest) = line.strip_prefix("iomed is serving http://") {
            break rest.split('/').next().unwrap().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    Server(child, addr)
}

fn http_post(addr: &str, path: &str, cookie: &str, body: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn http_get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_demo_prints_its_url_and_serves_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let server = serve(&with(&["--demo"], &data_args(dir.path())));
    let health = http_get(&server.1, "/healthz");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    let china = http_get(&server.1, "/api/v1/states/CHN");
    assert!(china.contains("\"status\":\"contracting\""), "{china}");
    assert!(china.contains("\"in_force_on\":\"2025-08-29\""), "{china}");
    let members = http_get(&server.1, "/members");
    assert!(members.contains("195 States shown."));

    // Designations on the command line: the demo mediator is on the commercial panel for China.
    let d = data_args(dir.path());
    let list = run_s(with(&["panel", "list"], &d));
    assert!(text(&list).contains("CHN\tcommercial_investment\tKwame Mensah"), "{}", text(&list));
    let again = run_s(with(
        &[
            "panel",
            "designate",
            "--state",
            "CHN",
            "--panel",
            "commercial_investment",
            "--email",
            "mediator@iomed.example",
            "--on",
            "2030-01-01",
        ],
        &d,
    ));
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again).contains("refused (already_designated)"), "{}", text(&again));
    let withdrawn = run_s(with(&["panel", "withdraw", "--designation", "1", "--on", "2030-01-01"], &d));
    assert!(withdrawn.status.success(), "{}", text(&withdrawn));
    assert!(text(&run_s(with(&["panel", "list"], &d))).contains("(withdrawn 2030-01-01)"));
}

#[test]
fn two_servers_and_concurrent_writers_on_one_postgres_database_keep_one_chain() {
    let Ok(admin) = std::env::var("IOMED_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true needs IOMED_TEST_POSTGRES_URL");
        eprintln!("IOMED_TEST_POSTGRES_URL not set: skipped");
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = runtime.block_on(iomed_store::testing::fresh_postgres(&admin)).unwrap();
    let keys = tempfile::tempdir().unwrap();
    let db = |n: usize| {
        vec![
            "--database-url".to_owned(),
            url.clone(),
            "--signing-key".to_owned(),
            keys.path().join(format!("key{n}")).display().to_string(),
            // The outbox's .eml files go here, not into the working directory.
            "--data".to_owned(),
            keys.path().join(format!("data{n}")).display().to_string(),
        ]
    };
    // The demo records registry facts, demo accounts, organizations and cases.
    let a = serve(&with(&["--demo"], &db(1)));
    let b = serve(&db(2));
    // Sixteen operators record signatures at once, each a process with its own writer, while
    // both servers answer.
    let states = [
        "GHA", "NGA", "EGY", "ETH", "BRA", "ARG", "MEX", "THA", "VNM", "MYS", "KAZ", "UZB", "IRN", "SAU", "ARE", "QAT",
    ];
    let children: Vec<Child> = states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            iomed()
                .args(["registry", "sign", s, "--on", "2026-01-02", "--source", "concurrency test"])
                .args(db(10 + i))
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    // Meanwhile, people sign in (and fail: a ledger write each) through both servers at once.
    let web_writers: Vec<_> = [&a.1, &b.1]
        .into_iter()
        .flat_map(|addr| (0..4).map(move |t| (addr.clone(), t)))
        .enumerate()
        .map(|(n, (addr, _))| {
            std::thread::spawn(move || {
                for i in 0..2 {
                    let page = http_get(&addr, "/sign-in");
                    let cookie = page
                        .lines()
                        .find_map(|l| l.strip_prefix("set-cookie: iomed_form="))
                        .unwrap()
                        .split(';')
                        .next()
                        .unwrap()
                        .to_owned();
                    // A different address each time: under the per-account lockout (5); 16
                    // attempts in all stay under the per-client one (20).
                    let body = format!(
                        "csrf={cookie}&email=nobody{n}.{i}%40example.org&password=wrong+password+here&next=%2Faccount"
                    );
                    let reply = http_post(&addr, "/sign-in", &format!("iomed_form={cookie}"), &body);
                    assert!(
                        reply.starts_with("HTTP/1.1 200"),
                        "{}",
                        reply.lines().filter(|l| l.contains("role=\"alert\"")).collect::<Vec<_>>().join("\n")
                    );
                }
            })
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    for w in web_writers {
        w.join().unwrap();
    }
    for server in [&a, &b] {
        let list = http_get(&server.1, "/api/v1/states?status=signatory");
        for s in states {
            assert!(list.contains(&format!("\"code\":\"{s}\"")), "{s} missing on {}", server.1);
        }
    }
    drop(a);
    drop(b);
    let out = run_s(with(&["ledger", "verify"], &db(99)));
    assert!(out.status.success(), "{}", text(&out));
    // 24 registry facts, 11 demo accounts, 3 organization facts, 61 entries of the 9 demo cases and
    // a draft, 2 agreements to publication, 16 signatures, 16 failed sign-ins, the first mediator's
    // profile, appointment, acceptance, joining the case and designation, the second's profile and
    // designation, the data keys of the 3 registered cases, their 9 annexes filed for screening
    // (W4), the first case's 6 other documents and 4 messages: 162; the 2 appointment steps the
    // appointment and the acceptance are in the first case (W7): 164; the 14 notices of those
    // documents and messages in the inboxes of the others on the case: 178; the 9 receipts of the
    // demo filings: 187; the officers of the 3 open cases not awaiting screening: 190; the demo
    // draft's key and its 3 annexes: 194; one entry
    // per demo notice the servers' senders delivered before they stopped; and, with its notices,
    // any reminder of a time limit the servers' clocks found due today (the demo's dates are
    // relative to today, so whether one is due depends on the weekday).
    let sent: i64 = runtime.block_on(async {
        use sqlx::Connection;
        let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM ledger WHERE kind = 'mail.sent' OR kind = 'case.reminded' \
             OR (kind = 'case.notice_queued' AND body LIKE '%case.reminded%')",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap()
    });
    assert!(text(&out).contains(&format!("ledger intact: {} entries", 194 + sent)), "{} (+{sent} sent)", text(&out));
}

#[test]
fn the_operator_adds_users_lists_them_creates_tokens_and_resets_a_second_factor() {
    let dir = tempfile::tempdir().unwrap();
    let d = data_args(dir.path());
    let add = |email: &str, password: &str| {
        let mut child = iomed()
            .args([
                "user",
                "add",
                "--email",
                email,
                "--name",
                "Amara Osei",
                "--role",
                "secretary_general",
                "--password-stdin",
            ])
            .args(&d)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let weak = add("sg@iomed.example", "password1234");
    assert_eq!(weak.status.code(), Some(2));
    assert!(text(&weak).contains("common or breached"), "{}", text(&weak));
    let ok = add("sg@iomed.example", "a long harbour passphrase");
    assert!(ok.status.success(), "{}", text(&ok));
    let again = add("SG@iomed.example", "a long harbour passphrase");
    assert!(text(&again).contains("refused (email_taken)"));

    let list = run_s(with(&["user", "list"], &d));
    assert!(text(&list).contains("sg@iomed.example") && text(&list).contains("secretary_general"));

    let token = run_s(with(&["token", "create", "--email", "sg@iomed.example", "--name", "ci"], &d));
    assert!(token.status.success());
    assert!(String::from_utf8_lossy(&token.stdout).trim().starts_with("iomed_"));

    let reset = run_s(with(&["user", "reset-mfa", "--email", "sg@iomed.example"], &d));
    assert!(reset.status.success(), "{}", text(&reset));
    let unknown = run_s(with(&["user", "reset-mfa", "--email", "nobody@iomed.example"], &d));
    assert_eq!(unknown.status.code(), Some(2));

    // Every account change is in the ledger, and the chain holds; no secret is in it.
    let verify = run_s(with(&["ledger", "verify"], &d));
    assert!(text(&verify).contains("ledger intact: 3 entries"), "{}", text(&verify));
}

fn run_with_stdin(args: Vec<String>, input: &str) -> Output {
    let mut child =
        iomed().args(&args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    eprintln!("$ iomed {}\n{}", args.join(" "), text(&out));
    out
}

fn manifest_head(dir: &Path) -> (i64, String) {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    (manifest["ledger"]["head_seq"].as_i64().unwrap(), manifest["ledger"]["head_hash"].as_str().unwrap().to_owned())
}

#[test]
fn the_operator_backs_up_a_running_server_loses_the_data_and_restores_the_same_ledger() {
    let root = tempfile::tempdir().unwrap();
    let (data, saved, restored, keys) =
        (root.path().join("data"), root.path().join("backup"), root.path().join("restored"), root.path().join("keys"));
    let server = serve(&with(&["--demo"], &data_args(&data)));
    let d = data_args(&data);

    // Writes go on while the backup is made: users added from another process.
    let writer = {
        let d = d.clone();
        std::thread::spawn(move || {
            for i in 0..6 {
                let args = with(
                    &[
                        "user",
                        "add",
                        "--email",
                        &format!("clerk{i}@iomed.example"),
                        "--name",
                        "Clerk",
                        "--role",
                        "case_secretary",
                    ],
                    &d,
                );
                assert!(run_s(args).status.success());
            }
        })
    };
    let out = run_s(with(&["backup", saved.to_str().unwrap()], &d));
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("NOT in the backup"), "the operator is told the keys are not in it");
    writer.join().unwrap();
    assert!(!saved.join("master.key").exists() && !saved.join("ledger-signing.key").exists());
    let again = run_s(with(&["backup", saved.to_str().unwrap()], &d));
    assert!(!again.status.success() && text(&again).contains("is not empty"), "nothing is overwritten");

    let master = data.join("master.key").display().to_string();
    let checked =
        run_s(vec!["backup".into(), "verify".into(), saved.display().to_string(), "--master-key".into(), master]);
    assert!(checked.status.success(), "{}", text(&checked));
    assert!(text(&checked).contains("every case key unwraps"));
    // Another master key does not open the backup's case keys.
    let other = root.path().join("other.key");
    std::fs::write(&other, format!("{}\n", "ab".repeat(32))).unwrap();
    let wrong = run_s(vec![
        "backup".into(),
        "verify".into(),
        saved.display().to_string(),
        "--master-key".into(),
        other.display().to_string(),
    ]);
    assert!(!wrong.status.success() && text(&wrong).contains("not this backup's key"), "{}", text(&wrong));

    // The keys, sealed under a passphrase, apart; a short one is refused.
    let export = with(&["key", "export", "--out", keys.to_str().unwrap()], &d);
    assert!(!run_with_stdin(export.clone(), "short\n").status.success());
    assert!(run_with_stdin(export, "harbour lantern keys 2026\n").status.success());
    drop(server);

    // The data directory is lost; the backup is restored elsewhere, the keys put back.
    let (head_seq, head_hash) = manifest_head(&saved);
    std::fs::remove_dir_all(&data).unwrap();
    let r = vec!["--data".to_string(), restored.display().to_string()];
    let out = run_s(with(&["restore", saved.to_str().unwrap()], &r));
    assert!(out.status.success(), "{}", text(&out));
    let into_full = run_s(with(&["restore", saved.to_str().unwrap()], &r));
    assert!(!into_full.status.success() && text(&into_full).contains("is not empty"));
    let import = with(&["key", "import", keys.to_str().unwrap()], &r);
    let bad = run_with_stdin(import.clone(), "not the passphrase\n");
    assert!(!bad.status.success() && text(&bad).contains("passphrase is wrong"), "{}", text(&bad));
    assert!(!restored.join("master.key").exists(), "nothing written on a wrong passphrase");
    // A key file given where an export is wanted: said so, nothing written.
    let wrong_kind =
        run_with_stdin(with(&["key", "import", other.to_str().unwrap()], &r), "harbour lantern keys 2026\n");
    assert!(!wrong_kind.status.success() && text(&wrong_kind).contains("is not an export"), "{}", text(&wrong_kind));
    assert!(!restored.join("master.key").exists());
    assert!(run_with_stdin(import, "harbour lantern keys 2026\n").status.success());

    let verified = run_s(with(&["ledger", "verify"], &r));
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(
        text(&verified).contains(&format!("head {head_hash} at entry {head_seq}")),
        "the restored ledger ends where the backup's manifest says: {}",
        text(&verified)
    );
    // The restored server serves, with the checkpoint key it had.
    let back = serve(&r);
    assert!(http_get(&back.1, "/healthz").starts_with("HTTP/1.1 200"));
    let key = http_get(&back.1, "/api/v1/ledger/head");
    assert!(key.starts_with("HTTP/1.1 200"), "{key}");
}

#[test]
fn a_new_signing_key_signs_from_now_on_and_what_the_old_one_signed_still_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let d = data_args(dir.path());
    let signed = run_s(with(&["registry", "sign", "KEN", "--on", "2025-05-30", "--source", "test"], &d));
    assert!(signed.status.success(), "{}", text(&signed));
    let old = std::fs::read_to_string(dir.path().join("ledger-signing.key")).unwrap();

    let rotated = run_s(with(&["key", "rotate-signing"], &d));
    assert!(rotated.status.success(), "{}", text(&rotated));
    assert_ne!(std::fs::read_to_string(dir.path().join("ledger-signing.key")).unwrap(), old);
    let signed = run_s(with(&["registry", "sign", "TZA", "--on", "2025-05-30", "--source", "test"], &d));
    assert!(signed.status.success(), "{}", text(&signed));

    // Every checkpoint verifies, each with the key of its time.
    let verified = run_s(with(&["ledger", "verify"], &d));
    assert!(verified.status.success(), "{}", text(&verified));
    let server = serve(&d);
    let keys = http_get(&server.1, "/api/v1/ledger/keys");
    let body: serde_json::Value = serde_json::from_str(keys.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{body}");
    assert_eq!((items[0]["current"].as_bool(), items[1]["current"].as_bool()), (Some(false), Some(true)));
    assert!(items[0]["last_signed"].is_string() && items[1]["first_signed"].is_string(), "{body}");
    let head = http_get(&server.1, "/api/v1/ledger/head");
    assert!(head.contains(items[1]["public_key"].as_str().unwrap()), "the head is signed with the new key");
}

/// A GET in HTTP/1.0 (so the body is not chunked) with a bearer token: the head and the body.
fn http10_get(addr: &str, path: &str, token: &str) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n").unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).unwrap();
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    (String::from_utf8_lossy(&out[..split]).into_owned(), out[split + 4..].to_vec())
}

#[test]
fn a_case_file_exported_before_a_signing_rotation_still_verifies_after_it() {
    let root = tempfile::tempdir().unwrap();
    let d = data_args(root.path());
    let server = serve(&with(&["--demo"], &d));
    let token = run_s(with(&["token", "create", "--email", "counsel@meridian-law.example", "--name", "t"], &d));
    assert!(token.status.success(), "{}", text(&token));
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
    let (head, list) = http10_get(&server.1, "/api/v1/cases", &token);
    assert!(head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"), "{head}");
    let list: serde_json::Value = serde_json::from_slice(&list).unwrap();
    let case = list["items"][0]["id"].as_i64().unwrap();
    let (head, zip) = http10_get(&server.1, &format!("/api/v1/cases/{case}/export"), &token);
    assert!(head.contains(" 200 "), "{head}");
    let export = root.path().join("export.zip");
    std::fs::write(&export, &zip).unwrap();
    drop(server);
    let before = run_s(with(&["verify", export.to_str().unwrap()], &d));
    assert!(before.status.success(), "{}", text(&before));
    assert!(text(&before).contains("(the key in use)"), "{}", text(&before));

    let rotated = run_s(with(&["key", "rotate-signing"], &d));
    assert!(rotated.status.success(), "{}", text(&rotated));
    // With the database, and with nothing but the published keys saved from the site.
    let after = run_s(with(&["verify", export.to_str().unwrap()], &d));
    assert!(after.status.success(), "{}", text(&after));
    assert!(text(&after).contains("a retired key, within its period"), "{}", text(&after));
    let server = serve(&d);
    let keys = http_get(&server.1, "/api/v1/ledger/keys");
    let keys_file = root.path().join("keys.json");
    std::fs::write(&keys_file, keys.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    drop(server);
    let elsewhere = tempfile::tempdir().unwrap();
    let anyone = run_s(vec![
        "verify".into(),
        export.display().to_string(),
        "--keys".into(),
        keys_file.display().to_string(),
        "--data".into(),
        elsewhere.path().display().to_string(),
    ]);
    assert!(anyone.status.success(), "{}", text(&anyone));
    assert!(std::fs::read_dir(elsewhere.path()).unwrap().next().is_none(), "verifying writes nothing");
    // Without keys nor a database: said so.
    let none = run_s(vec![
        "verify".into(),
        export.display().to_string(),
        "--data".into(),
        elsewhere.path().display().to_string(),
    ]);
    assert!(!none.status.success() && text(&none).contains("--keys"), "{}", text(&none));

    // One byte of the manifest changed: its signature no longer holds.
    let mut bytes = zip.clone();
    let at = bytes.windows(14).rposition(|w| w == b"\"generated_at\"").unwrap();
    bytes[at + 17] = if bytes[at + 17] == b'1' { b'2' } else { b'1' };
    let forged = root.path().join("forged.zip");
    std::fs::write(&forged, &bytes).unwrap();
    let out = run_s(with(&["verify", forged.to_str().unwrap()], &d));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("does NOT verify") && text(&out).contains("manifest.json was changed"),
        "{}",
        text(&out)
    );
}

#[test]
fn serve_exposes_metrics_on_their_own_address_and_writes_json_logs() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = iomed()
        .env("RUST_LOG", "debug")
        .args(["--log-format", "json", "serve", "--demo", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"])
        .args(data_args(dir.path()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || BufReader::new(stderr).lines().map_while(Result::ok).collect::<Vec<_>>());
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut site, mut metrics) = (None, None);
    while metrics.is_none() {
        let line = lines.next().expect("server exited before printing its metrics address").unwrap();
        if let Some(rest) = line.strip_prefix("iomed is serving http://") {
            site = Some(rest.split('/').next().unwrap().to_owned());
        }
        if let Some(rest) = line.trim().strip_prefix("metrics:    http://") {
            metrics = Some(rest.split('/').next().unwrap().to_owned());
        }
    }
    let (site, metrics) = (site.unwrap(), metrics.unwrap());
    std::thread::spawn(move || for _ in lines {});
    assert!(http_get(&site, "/members").starts_with("HTTP/1.1 200"));
    // The metrics are on their own address only, each route by its template.
    let text = http_get(&metrics, "/metrics");
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains(r#"iomed_http_requests_total{route="/members",method="GET",status="2xx"}"#), "{text}");
    assert!(http_get(&site, "/metrics").starts_with("HTTP/1.1 404"));
    let _ = child.kill();
    let _ = child.wait();
    // Every line on standard error is one JSON object; the requests' carry their id.
    let logs = logs.join().unwrap();
    assert!(!logs.is_empty());
    for line in &logs {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(value.is_object(), "{line}");
    }
    assert!(logs.iter().any(|l| l.contains("request_id")), "{logs:?}");
}

#[test]
fn a_postgres_server_is_backed_up_with_pg_dump_checked_in_a_scratch_database_and_restored() {
    let Ok(admin) = std::env::var("IOMED_TEST_POSTGRES_URL") else {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true needs IOMED_TEST_POSTGRES_URL");
        eprintln!("IOMED_TEST_POSTGRES_URL not set: skipped");
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let fresh = || runtime.block_on(iomed_store::testing::fresh_postgres(&admin)).unwrap();
    let (live, scratch, target) = (fresh(), fresh(), fresh());
    let root = tempfile::tempdir().unwrap();
    let (data, saved, restored) = (root.path().join("data"), root.path().join("backup"), root.path().join("restored"));
    let d = with(&["--database-url", &live], &data_args(&data));
    let server = serve(&with(&["--demo"], &d));

    let out = run_s(with(&["backup", saved.to_str().unwrap()], &d));
    assert!(out.status.success(), "{}", text(&out));
    assert!(saved.join("iomed.pgdump").exists() && !saved.join("iomed.sqlite3").exists());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(saved.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["database"]["engine"], "postgres");
    assert!(manifest["counts"]["cases"].as_i64().unwrap() > 0, "the demo's cases are in it");

    // A dump is checked only in a database given for it, and that one is left empty.
    let verify = |extra: &[&str]| {
        let mut args = vec!["backup".to_owned(), "verify".to_owned(), saved.display().to_string()];
        args.extend(extra.iter().map(|s| s.to_string()));
        run_s(args)
    };
    let without = verify(&[]);
    assert!(!without.status.success() && text(&without).contains("--database-url"), "{}", text(&without));
    let master = data.join("master.key").display().to_string();
    let checked = verify(&["--scratch-database-url", &scratch, "--master-key", &master]);
    assert!(checked.status.success(), "{}", text(&checked));
    assert!(text(&checked).contains("every case key unwraps"), "{}", text(&checked));
    let again = verify(&["--scratch-database-url", &scratch]);
    assert!(again.status.success(), "the scratch database was left empty: {}", text(&again));
    let into_live = verify(&["--scratch-database-url", &live]);
    assert!(!into_live.status.success() && text(&into_live).contains("holds tables"), "{}", text(&into_live));

    let keys = root.path().join("keys");
    let export = with(&["key", "export", "--out", keys.to_str().unwrap()], &d);
    assert!(run_with_stdin(export, "harbour lantern keys 2026\n").status.success());
    drop(server);

    let (head_seq, head_hash) = manifest_head(&saved);
    let r = with(&["--database-url", &target], &data_args(&restored));
    let out = run_s(with(&["restore", saved.to_str().unwrap()], &r));
    assert!(out.status.success(), "{}", text(&out));
    let import = with(&["key", "import", keys.to_str().unwrap()], &data_args(&restored));
    assert!(run_with_stdin(import, "harbour lantern keys 2026\n").status.success());
    let verified = run_s(with(&["ledger", "verify"], &r));
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(text(&verified).contains(&format!("head {head_hash} at entry {head_seq}")), "{}", text(&verified));
    let back = serve(&r);
    let china = http_get(&back.1, "/api/v1/states/CHN");
    assert!(china.contains("\"status\":\"contracting\""), "the restored server serves the registry: {china}");
}

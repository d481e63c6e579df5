use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use iomed_domain::registry::{Command, Evidence, Instrument, StateCode, Subject};
use iomed_store::testing::TestDb;
use iomed_store::{FixedClock, Signer, Store};
use jiff::civil::date;
use tower::ServiceExt;

pub struct TestApp {
    pub router: Router,
    pub store: Store,
    pub clock: Arc<FixedClock>,
    pub engine: &'static str,
    pub state: iomed_web::AppState,
    /// `local` or `s3`: where this app keeps document content.
    pub blob_kind: &'static str,
    _db: TestDb,
    _blobs: iomed_store::testing::TestBlobs,
}

/// A part of a multipart form: a text field (name, value), or a file (field, file name, media
/// type, bytes).
pub enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a str, &'a [u8]),
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).unwrap()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.bytes).unwrap()
    }
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
    }
}

fn code(s: &str) -> StateCode {
    StateCode::parse(s).unwrap()
}

/// A small registry: three ratifications (so the Convention is in force), signatories, an
/// unverified fact, a declaration made and withdrawn.
pub async fn seed(store: &Store) {
    let ev = |v: bool| Evidence::new(v, "test source").unwrap();
    let mut commands = Vec::new();
    for s in ["CHN", "PAK", "SRB", "IDN", "CUB"] {
        commands.push(Command::Sign { state: code(s), on: Some(date(2025, 5, 30)), evidence: ev(true) });
    }
    commands.push(Command::Sign { state: code("KEN"), on: None, evidence: ev(false) });
    for (s, d) in [("CHN", date(2025, 7, 1)), ("PAK", date(2025, 7, 10)), ("SRB", date(2025, 7, 30))] {
        commands.push(Command::ConsentToBeBound {
            state: code(s),
            instrument: Instrument::Ratification,
            on: Some(d),
            before_entry_into_force: false,
            evidence: ev(true),
        });
    }
    commands.push(Command::Declare {
        state: code("IDN"),
        subjects: vec![Subject::MaritimeDelimitation],
        text: Some("Fictional declaration for tests".into()),
        on: date(2025, 6, 2),
        evidence: ev(true),
    });
    commands.push(Command::WithdrawDeclaration {
        state: code("IDN"),
        declaration: 1,
        on: date(2026, 1, 5),
        evidence: ev(true),
    });
    for c in commands {
        store.registry_command("test:seed", c).await.unwrap();
    }
}

/// One app per engine available, each on a fresh, seeded database, numbering rows 1, 2, 3 … so
/// that a test can name the case it made.
pub async fn apps() -> Vec<TestApp> {
    apps_numbered(true).await
}

/// As [`apps`], with the random ids of production.
pub async fn apps_with_random_ids() -> Vec<TestApp> {
    apps_numbered(false).await
}

async fn apps_numbered(counting: bool) -> Vec<TestApp> {
    let mut apps = Vec::new();
    for db in iomed_store::testing::engines().await.unwrap() {
        let clock = Arc::new(FixedClock::new("2026-11-22T08:00:00Z".parse().unwrap()));
        let signer = Signer::from_secret([9; 32]);
        let store = if counting {
            Store::open_counting(&db.url, signer, clock.clone()).await.unwrap()
        } else {
            Store::open(&db.url, signer, clock.clone()).await.unwrap()
        };
        seed(&store).await;
        // SQLite with a local blob directory; PostgreSQL with the S3 server when there is one.
        let mut blob_stores = iomed_store::testing::blob_stores().unwrap();
        let blobs = if db.engine == "postgres" { blob_stores.pop().unwrap() } else { blob_stores.remove(0) };
        let master = iomed_store::blobs::MasterKey::from_secret([5; 32]);
        let state = iomed_web::AppState::new(store.clone(), blobs.blobs.clone(), master, "https://iomed.test").unwrap();
        apps.push(TestApp {
            router: iomed_web::router(state.clone()),
            store,
            clock,
            engine: db.engine,
            state,
            blob_kind: blobs.kind,
            _db: db,
            _blobs: blobs,
        });
    }
    apps
}

/// A user with a password, and a signed-in session for them.
pub struct Person {
    pub id: iomed_domain::access::UserId,
    pub cookie: String,
    pub csrf: String,
}

pub const PASSWORD: &str = "harbour lantern quietly";

impl TestApp {
    /// Creates a user with `roles` and the test password, and a session for them.
    pub async fn person(&self, email: &str, roles: &[iomed_domain::accounts::Role]) -> Person {
        use iomed_domain::accounts::{DisplayName, Email, NewPassword};
        use iomed_store::accounts::{AccountChange, hash_password};
        let parsed = Email::parse(email).unwrap();
        let password = NewPassword::parse(PASSWORD, &parsed).unwrap();
        let hash = tokio::task::spawn_blocking(move || hash_password(&password)).await.unwrap().unwrap();
        let created = self
            .store
            .account(
                "test",
                AccountChange::CreateUser {
                    email: parsed,
                    name: DisplayName::parse("Test Person").unwrap(),
                    language: "en".into(),
                    time_zone: "Asia/Hong_Kong".into(),
                    roles: roles.iter().copied().collect(),
                    password_hash: Some(hash),
                },
            )
            .await
            .unwrap();
        let id = iomed_domain::access::UserId(created.created.unwrap());
        let (cookie, csrf) = self.session(id).await;
        Person { id, cookie, csrf }
    }

    /// A new session for a user: its cookie and CSRF token.
    pub async fn session(&self, id: iomed_domain::access::UserId) -> (String, String) {
        use iomed_store::accounts::{AccountChange, new_secret};
        let (cookie, hash) = new_secret("s_").unwrap();
        let (csrf, _) = new_secret("").unwrap();
        let expires_at = self.store.now().checked_add(jiff::SignedDuration::from_hours(1)).unwrap();
        self.store
            .account(
                "test",
                AccountChange::StartSession {
                    user: id,
                    token_hash: hash,
                    csrf: csrf.clone(),
                    expires_at,
                    user_agent: "test".into(),
                    stage: iomed_store::accounts::Stage::Full,
                    second_factor: true,
                },
            )
            .await
            .unwrap();
        (format!("iomed_session={cookie}"), csrf)
    }

    pub async fn post(&self, uri: &str, cookie: &str, form: &[(&str, &str)]) -> Reply {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
        let request = Request::post(uri)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(Body::from(body))
            .unwrap();
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, bytes }
    }

    pub async fn post_json(&self, uri: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        self.json("POST", uri, body, headers).await
    }

    /// A JSON request with any method.
    pub async fn json(&self, method: &str, uri: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        self.send(method, uri, Some("application/json"), body, headers).await
    }

    /// A request with any method, content type (or none) and body.
    pub async fn send(
        &self,
        method: &str,
        uri: &str,
        content_type: Option<&str>,
        body: &str,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = self.router.clone().oneshot(request.body(Body::from(body.to_owned())).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, bytes }
    }

    /// A multipart/form-data POST: text parts, then one file part.
    pub async fn multipart(
        &self,
        uri: &str,
        headers: &[(&str, &str)],
        texts: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> Reply {
        let mut parts: Vec<Part<'_>> = texts.iter().map(|(n, v)| Part::Text(n, v)).collect();
        if let Some((name, media_type, bytes)) = file {
            parts.push(Part::File("file", name, media_type, bytes));
        }
        self.multipart_parts(uri, headers, &parts).await
    }

    /// A multipart/form-data POST of these parts, in this order.
    pub async fn multipart_parts(&self, uri: &str, headers: &[(&str, &str)], parts: &[Part<'_>]) -> Reply {
        const BOUNDARY: &str = "iomed-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for part in parts {
            match part {
                Part::Text(name, value) => body.extend_from_slice(
                    format!("--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                ),
                Part::File(field, name, media_type, bytes) => {
                    body.extend_from_slice(
                        format!(
                            "--{BOUNDARY}\r\ncontent-disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\ncontent-type: {media_type}\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    body.extend_from_slice(bytes);
                    body.extend_from_slice(b"\r\n");
                }
            }
        }
        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
        let mut request =
            Request::post(uri).header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = self.router.clone().oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, bytes }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.get_with(uri, &[]).await
    }

    pub async fn get_with(&self, uri: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = Request::get(uri);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = self.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, bytes }
    }
}

impl TestApp {
    /// Follows the redirect after a form, as a browser does: a GET of its location with the
    /// cookies given and the notice the redirect left.
    pub async fn follow(&self, reply: &Reply, cookie: &str) -> Reply {
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "not a redirect: {}", reply.text());
        let mut cookies = cookie.to_owned();
        for set in reply.headers.get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            if pair.starts_with("iomed_notice=") {
                cookies = if cookies.is_empty() { pair.to_owned() } else { format!("{cookies}; {pair}") };
            }
        }
        self.get_with(&reply.header("location"), &[("cookie", &cookies)]).await
    }
}

impl TestApp {
    /// Posts a form as a browser does: when the answer is the redirect after a form that worked,
    /// follows it and gives the page it leads to (with its notice); otherwise gives the answer.
    pub async fn submit(&self, uri: &str, cookie: &str, form: &[(&str, &str)]) -> Reply {
        let reply = self.post(uri, cookie, form).await;
        if reply.status == StatusCode::SEE_OTHER && !reply.header("location").starts_with("/sign-in?next=") {
            self.follow(&reply, cookie).await
        } else {
            reply
        }
    }
}

//! A minimal HTTP/1.1 client over one keep-alive connection, as one user's browser or API
//! client holds it: hyper's client connection, no pool, no redirects followed, cookies kept by
//! the caller. It is the lightest client hyper offers, so that the driver, which shares the
//! machine's cores with the server, costs it as little as possible.

use std::net::SocketAddr;

use anyhow::{Context, anyhow};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;

/// An answer, read whole.
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> anyhow::Result<serde_json::Value> {
        serde_json::from_slice(&self.body).with_context(|| format!("not JSON ({}): {:.300}", self.status, self.text()))
    }

    /// The value a `Set-Cookie` header gives the cookie `name`, if one does.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers.get_all(hyper::header::SET_COOKIE).iter().find_map(|v| {
            let pair = v.to_str().ok()?.split(';').next()?;
            let (n, value) = pair.split_once('=')?;
            (n.trim() == name).then(|| value.trim().to_owned())
        })
    }

    /// Fails with the answer's text unless its status is `expected`.
    pub fn expect_status(self, expected: u16, what: &str) -> anyhow::Result<Answer> {
        if self.status.as_u16() == expected {
            Ok(self)
        } else {
            Err(anyhow!("{what}: expected {expected}, got {}: {:.500}", self.status, self.text()))
        }
    }
}

/// One keep-alive connection to the server; reconnects if the server closed it.
pub(crate) struct Client {
    addr: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
    /// Headers sent with every request: a `Cookie` or an `Authorization`, `Accept-Encoding`.
    defaults: Vec<(HeaderName, HeaderValue)>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client { addr, sender: None, defaults: Vec::new() }
    }

    /// Sends `value` as the header `name` with every request from now on (replacing it).
    pub fn set_default(&mut self, name: HeaderName, value: &str) -> anyhow::Result<()> {
        let value = HeaderValue::from_str(value).context("a header value that HTTP cannot carry")?;
        self.defaults.retain(|(n, _)| *n != name);
        self.defaults.push((name, value));
        Ok(())
    }

    async fn connect(&mut self) -> anyhow::Result<&mut SendRequest<Full<Bytes>>> {
        let ready = match &mut self.sender {
            Some(s) => s.ready().await.is_ok(),
            None => false,
        };
        if !ready {
            let stream = tokio::net::TcpStream::connect(self.addr)
                .await
                .with_context(|| format!("cannot connect to {}", self.addr))?;
            stream.set_nodelay(true)?;
            let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(async move {
                // The connection ends when the server or this client closes it; either is fine.
                let _ = connection.await;
            });
            self.sender = Some(sender);
        }
        self.sender.as_mut().ok_or_else(|| anyhow!("no connection"))
    }

    /// Opens the connection now, so that the first request does not pay for it.
    pub async fn open(&mut self) -> anyhow::Result<()> {
        self.connect().await.map(|_| ())
    }

    /// Sends a request and reads the whole answer.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        headers: &[(HeaderName, &str)],
        body: Bytes,
    ) -> anyhow::Result<Answer> {
        let mut request =
            Request::builder().method(method).uri(path).header(hyper::header::HOST, self.addr.to_string());
        for (name, value) in &self.defaults {
            request = request.header(name, value);
        }
        for (name, value) in headers {
            request = request.header(name, *value);
        }
        let request = request.body(Full::new(body))?;
        let sender = self.connect().await?;
        let response = sender.send_request(request).await.with_context(|| format!("request to {path} failed"))?;
        let (parts, body) = response.into_parts();
        let body = body.collect().await.with_context(|| format!("reading the answer of {path}"))?.to_bytes();
        Ok(Answer { status: parts.status, headers: parts.headers, body })
    }

    pub async fn get(&mut self, path: &str) -> anyhow::Result<Answer> {
        self.send(Method::GET, path, &[], Bytes::new()).await
    }

    /// A JSON request (`POST`, `PUT`).
    pub async fn json(&mut self, method: Method, path: &str, body: &serde_json::Value) -> anyhow::Result<Answer> {
        let bytes = Bytes::from(serde_json::to_vec(body)?);
        self.send(method, path, &[(hyper::header::CONTENT_TYPE, "application/json")], bytes).await
    }

    /// A form as a browser sends it.
    pub async fn form(&mut self, path: &str, fields: &[(&str, &str)], cookie: &str) -> anyhow::Result<Answer> {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let headers =
            [(hyper::header::CONTENT_TYPE, "application/x-www-form-urlencoded"), (hyper::header::COOKIE, cookie)];
        self.send(Method::POST, path, &headers, Bytes::from(body)).await
    }
}

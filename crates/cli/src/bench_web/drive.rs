//! The measuring phase: a number of signed-in users at once, each on its own keep-alive
//! connection, asking one endpoint again and again for a fixed time (a closed loop: a user asks
//! again as soon as the answer is read). Every answer's latency is kept; the percentiles come
//! from all of them.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::bail;
use hyper::header::{ACCEPT_ENCODING, HeaderName};

use crate::bench_web::client::Client;

/// One simulated user: the credential header they send and the paths they ask, in turn.
pub(crate) struct User {
    pub credential: Option<(HeaderName, String)>,
    pub paths: Vec<String>,
}

/// An endpoint to measure and who asks for it.
pub(crate) struct Target {
    pub name: String,
    pub who: &'static str,
    pub users: Vec<User>,
}

/// What a phase measured.
pub(crate) struct Measured {
    pub name: String,
    pub who: &'static str,
    /// Answers 200, which the latencies and the rate count.
    pub requests: usize,
    /// Answers other than 200 (429 when a token is over its budget), counted apart.
    pub failed: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub per_second: f64,
    /// The largest body as sent (compressed when the server compressed it) and whether it was.
    pub max_bytes: usize,
    pub compressed: bool,
    /// The server's CPU time (user + system) per answer, when /proc tells it.
    pub server_cpu: Option<Duration>,
    /// Each user's first answer's latency (the first answers of a cold search wait for its index).
    pub firsts: Vec<Duration>,
}

/// Every user asks in a loop for `duration`; answers in flight when it ends are waited for.
pub(crate) async fn measure(
    addr: SocketAddr,
    target: Target,
    duration: Duration,
    server: u32,
) -> anyhow::Result<Measured> {
    let mut clients = Vec::new();
    for user in target.users {
        if user.paths.is_empty() {
            bail!("a user of {} has nothing to ask", target.name);
        }
        let mut client = Client::new(addr);
        client.set_default(ACCEPT_ENCODING, "gzip")?;
        if let Some((name, value)) = &user.credential {
            client.set_default(name.clone(), value)?;
        }
        client.open().await?;
        clients.push((client, user.paths));
    }
    let cpu_before = cpu_time(server);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (w, (mut client, paths)) in clients.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut seen = Seen::default();
            let mut k = w;
            while start.elapsed() < duration {
                let path = &paths[k % paths.len()];
                k += 1;
                let asked = Instant::now();
                let answer = client.get(path).await?;
                // Only answers the user asked for count: a 429 (a token over its budget) or an
                // error page would flatter the latencies.
                if answer.status == hyper::StatusCode::OK {
                    seen.latencies.push(asked.elapsed());
                    if seen.first.is_none() {
                        seen.first = Some(asked.elapsed());
                    }
                } else {
                    seen.failed += 1;
                }
                seen.max_bytes = seen.max_bytes.max(answer.body.len());
                seen.compressed |= answer.headers.get(hyper::header::CONTENT_ENCODING).is_some();
            }
            anyhow::Ok(seen)
        }));
    }
    let mut all = Seen::default();
    let mut firsts = Vec::new();
    for task in tasks {
        let seen = task.await??;
        all.latencies.extend(seen.latencies);
        all.failed += seen.failed;
        all.max_bytes = all.max_bytes.max(seen.max_bytes);
        all.compressed |= seen.compressed;
        firsts.extend(seen.first);
    }
    let elapsed = start.elapsed();
    let requests = all.latencies.len();
    let server_cpu = match (cpu_before, cpu_time(server)) {
        (Some(a), Some(b)) if requests > 0 => Some(b.saturating_sub(a) / u32::try_from(requests).unwrap_or(u32::MAX)),
        _ => None,
    };
    all.latencies.sort_unstable();
    Ok(Measured {
        name: target.name,
        who: target.who,
        requests,
        failed: all.failed,
        p50: percentile(&all.latencies, 0.50),
        p95: percentile(&all.latencies, 0.95),
        p99: percentile(&all.latencies, 0.99),
        per_second: requests as f64 / elapsed.as_secs_f64(),
        max_bytes: all.max_bytes,
        compressed: all.compressed,
        server_cpu,
        firsts,
    })
}

#[derive(Default)]
struct Seen {
    latencies: Vec<Duration>,
    failed: usize,
    max_bytes: usize,
    compressed: bool,
    first: Option<Duration>,
}

/// The nearest-rank percentile of sorted values.
pub(crate) fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.saturating_sub(1).min(sorted.len() - 1)).copied().unwrap_or_default()
}

/// A process's CPU time so far (user + system), from `/proc/PID/stat`, in clock ticks of 10 ms
/// (the `USER_HZ` of every Linux architecture in use).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((user + system) * 10))
}

/// A line of `/proc/PID/status` in kB, such as `VmHWM` (peak resident memory) or `VmRSS`.
pub(crate) fn memory_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&values, 0.50), Duration::from_millis(50));
        assert_eq!(percentile(&values, 0.99), Duration::from_millis(99));
        assert_eq!(percentile(&values[..1], 0.99), Duration::from_millis(1));
        assert_eq!(percentile(&[], 0.5), Duration::ZERO);
    }
}

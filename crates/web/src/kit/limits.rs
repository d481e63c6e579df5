//! The budget of requests of each API token, counted in this process's memory.

/// A fixed-window counter per token, in this process's memory.
#[derive(Debug)]
pub struct RateLimits {
    windows: std::sync::Mutex<std::collections::HashMap<String, (i64, u32)>>,
    per_minute: u32,
}

/// Requests per minute one API token may make.
pub const TOKEN_REQUESTS_PER_MINUTE: u32 = 600;

impl Default for RateLimits {
    fn default() -> RateLimits {
        RateLimits::with_budget(TOKEN_REQUESTS_PER_MINUTE)
    }
}

impl RateLimits {
    /// Counters that allow each token `per_minute` requests a minute. Only the demonstration
    /// server is ever given another budget than [`TOKEN_REQUESTS_PER_MINUTE`] (`iomed serve --demo
    /// --token-budget`, for the contract check of the API).
    pub fn with_budget(per_minute: u32) -> RateLimits {
        RateLimits { windows: std::sync::Mutex::default(), per_minute }
    }

    /// Counts a request; `Err(seconds)` when the token is over its budget for this minute.
    pub fn allow(&self, key: &str, now: jiff::Timestamp) -> Result<(), i64> {
        let minute = now.as_second().div_euclid(60);
        let Ok(mut windows) = self.windows.lock() else { return Ok(()) };
        if windows.len() > 100_000 {
            windows.retain(|_, (m, _)| *m == minute);
        }
        let entry = windows.entry(key.to_owned()).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_minute { Err(60 - now.as_second().rem_euclid(60)) } else { Ok(()) }
    }
}

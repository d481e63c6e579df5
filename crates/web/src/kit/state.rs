//! What every handler can reach: the store, the blob store and the master key, the search indexes,
//! the languages, the site's address, the token budgets and the trusted proxies.

use std::sync::Arc;

use iomed_store::Store;
use iomed_store::blobs::{Blobs, MasterKey};

use crate::kit::i18n::I18n;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Where document content is kept, encrypted.
    pub blobs: Blobs,
    /// The key that wraps each case's data key.
    pub master: Arc<MasterKey>,
    /// The search indexes of the cases searched lately, one per case, in memory only.
    pub search: Arc<iomed_store::search::SearchIndexes>,
    pub i18n: Arc<I18n>,
    /// The address users reach this site at, for links in e-mail (no trailing slash).
    pub public_url: Arc<str>,
    /// Per-token request budgets.
    pub limits: Arc<crate::kit::limits::RateLimits>,
    /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: Arc<Vec<std::net::IpAddr>>,
    /// The key list cursors are sealed with, derived from the master key.
    pub cursors: Arc<crate::kit::paging::Cursors>,
    /// The open cases the scope engine would treat worse today than at filing (E14), as last
    /// computed: they hold for the day and the registry version they were computed on.
    pub alerts: Arc<tokio::sync::Mutex<Option<Alerts>>>,
    /// The registry as last read, with the version it was read at.
    registry: Arc<tokio::sync::Mutex<Option<KeptRegistry>>>,
}

/// The registry as read, with the version it was read at.
type KeptRegistry = (i64, Arc<iomed_domain::registry::Registry>);

/// The scope alerts of open cases, computed on `day` against the registry at `registry`.
#[derive(Debug, Clone)]
pub struct Alerts {
    pub day: jiff::civil::Date,
    pub registry: i64,
    pub cases: Vec<(i64, iomed_domain::scope::Assessment)>,
}

impl AppState {
    pub fn new(
        store: Store,
        blobs: Blobs,
        master: MasterKey,
        public_url: &str,
    ) -> Result<AppState, crate::kit::i18n::I18nError> {
        let cursors = crate::kit::paging::Cursors::new(master.derive("iomed 2026-12 list cursors"));
        Ok(AppState {
            cursors: Arc::new(cursors),
            alerts: Arc::default(),
            registry: Arc::default(),
            store,
            blobs,
            master: Arc::new(master),
            search: Arc::default(),
            i18n: Arc::new(I18n::load()?),
            public_url: public_url.trim_end_matches('/').into(),
            limits: Arc::default(),
            trusted_proxies: Arc::default(),
        })
    }

    /// The same, with each API token allowed `per_minute` requests a minute (the demonstration
    /// server only: `iomed serve --demo --token-budget`).
    pub fn with_token_budget(mut self, per_minute: u32) -> AppState {
        self.limits = Arc::new(crate::kit::limits::RateLimits::with_budget(per_minute));
        self
    }

    /// The registry as it stands: read again only when its version (the last ledger entry of a
    /// State or of the Convention) has changed since it was last read, by any process.
    pub async fn registry(&self) -> Result<Arc<iomed_domain::registry::Registry>, iomed_store::StoreError> {
        let version = self.store.registry_version().await?;
        let mut kept = self.registry.lock().await;
        if let Some((v, registry)) = kept.as_ref()
            && *v == version
        {
            return Ok(registry.clone());
        }
        let registry = Arc::new(self.store.registry().await?);
        *kept = Some((version, registry.clone()));
        Ok(registry)
    }

    /// Where the search indexes read documents from: the store and the blob store.
    pub fn library(&self) -> iomed_store::search::Stored {
        iomed_store::search::Stored {
            store: self.store.clone(),
            blobs: self.blobs.clone(),
            master: self.master.clone(),
        }
    }

    /// A document was filed in `case`: if the case's search index is kept (it was searched
    /// lately), what is new is added to it now, in the background, so that the next search need
    /// not; filings that come while a warm-up waits are left to it. A case not searched lately is
    /// indexed when it is next searched, not on every filing: warming every case filed in would
    /// build indexes nobody reads and push out those being read.
    pub fn document_filed(&self, case: i64) {
        if !self.search.should_warm(case) {
            return;
        }
        let (indexes, library) = (self.search.clone(), self.library());
        tokio::spawn(async move {
            if let Err(e) = indexes.warm(&library, case).await {
                tracing::error!(case, error = %e, "the search index of a case could not be brought up to date");
            }
        });
    }

    /// The same, trusting `X-Forwarded-For` from these proxies.
    pub fn with_trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> AppState {
        self.trusted_proxies = Arc::new(proxies);
        self
    }
}

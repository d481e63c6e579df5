use std::sync::Arc;

use iomed_store::{FixedClock, Signer, Store};

pub const NOW: &str = "2026-11-22T08:00:00Z";

pub use iomed_store::testing::TestDb;

pub async fn engines() -> Vec<TestDb> {
    iomed_store::testing::engines().await.unwrap()
}

pub fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(NOW.parse().unwrap()))
}

pub async fn open(db: &TestDb) -> Store {
    open_with(db, clock()).await
}

pub async fn open_with(db: &TestDb, clock: Arc<FixedClock>) -> Store {
    Store::open_counting(&db.url, Signer::from_secret([7; 32]), clock).await.unwrap()
}

pub fn code(s: &str) -> iomed_domain::registry::StateCode {
    iomed_domain::registry::StateCode::parse(s).unwrap()
}

pub fn evidence() -> iomed_domain::registry::Evidence {
    iomed_domain::registry::Evidence::new(true, "test").unwrap()
}

//! For the writer's own tests (feature `testing`): requests no caller can make, run as one
//! batch or through the channel.

use super::{Appended, Work, run_batch};
use crate::StoreError;

/// What a test asks of the writer.
pub enum TestWork {
    Record {
        stream: String,
        kind: &'static str,
    },
    /// A change to accounts, as the web asks it.
    Account(Box<crate::accounts::AccountChange>),
    /// A statement the database refuses.
    Fail,
    /// A panic inside the writer.
    Panic,
}

impl TestWork {
    fn work(self) -> Work {
        match self {
            TestWork::Record { stream, kind } => Work::Record { stream, kind, body: serde_json::json!({}) },
            TestWork::Account(change) => Work::Account(*change),
            TestWork::Fail => Work::FailForTest,
            TestWork::Panic => Work::PanicForTest,
        }
    }
}

impl crate::Store {
    /// Runs these requests as one batch, as the writer would, and gives each its answer.
    pub async fn batch_for_test(&self, works: Vec<TestWork>) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
        let works: Vec<Work> = works.into_iter().map(TestWork::work).collect();
        let jobs: Vec<(&str, &Work)> = works.iter().map(|w| ("test", w)).collect();
        let mut conn = self.pool.acquire().await?;
        let batch = run_batch(&mut conn, self.engine, &self.signer, self.clock.as_ref(), &jobs);
        crate::ids::with_policy(crate::ids::Ids::Counting, batch).await
    }

    /// Submits one request through the writer's channel, as any caller does.
    pub async fn submit_for_test(&self, work: TestWork) -> Result<Appended, StoreError> {
        self.writer.submit("test", work.work()).await
    }
}

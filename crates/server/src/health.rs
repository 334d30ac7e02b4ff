//! Readiness for load balancers: the service is ready when its storage answers a cheap
//! query within a short time; otherwise `503 storage_unavailable`, so traffic goes to a
//! replica that can serve it.

use std::time::Duration;

use crate::error::{Error, Result};
use crate::state::AppState;

/// How long storage has to answer (the store's own check gives up sooner).
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

/// Ok when storage answers within [`ANSWER_WITHIN`]; the cause goes to the log, not to
/// the client (the health check is unauthenticated).
pub async fn ready(state: &AppState) -> Result<()> {
    let store = state.store().clone();
    let answered = tokio::time::timeout(
        ANSWER_WITHIN,
        tokio::task::spawn_blocking(move || store.ping()),
    )
    .await;
    let why = match answered {
        Ok(Ok(Ok(()))) => return Ok(()),
        Ok(Ok(Err(e))) => e.to_string(),
        Ok(Err(e)) => format!("the check failed: {e}"),
        Err(_) => format!("no answer within {} s", ANSWER_WITHIN.as_secs()),
    };
    tracing::warn!(why, "not ready: storage does not answer");
    Err(Error::Unavailable {
        code: "storage_unavailable",
        message: "storage does not answer: not ready".into(),
    })
}

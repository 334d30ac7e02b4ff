//! Running the service: on a bound listener until a shutdown future resolves, with the
//! deadline sweep in the background; in-flight requests finish, event streams end.

use std::future::Future;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::state::AppState;

/// Serves the API on `listener` until `shutdown` resolves, then finishes requests in
/// flight and returns.
pub async fn run(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let app = crate::http::router(state.clone());
    let sweeper = tokio::spawn(sweep_loop(state.clone()));
    let st = state.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
        st.stop();
    };
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .await
        .map_err(Error::Io);
    sweeper.abort();
    served
}

async fn sweep_loop(state: AppState) {
    let every = Duration::from_secs(state.config().sweep_interval_secs.max(1));
    let mut stopped = std::pin::pin!(state.stopped());
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            () = &mut stopped => return,
        }
        match sweep_now(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(cases = n, "deadline sweep escalated cases"),
            Err(e) => tracing::error!(error = %e, "deadline sweep failed"),
        }
    }
}

/// Runs the deadline sweep once (the background task calls this on the server clock).
pub async fn sweep_now(state: &AppState) -> Result<usize> {
    let st = state.clone();
    let n = state
        .write(move |tx| crate::caseloop::sweep(tx, &st))
        .await?;
    if n > 0 {
        state.hint();
    }
    Ok(n)
}

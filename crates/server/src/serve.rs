//! Running the service: on a bound listener until a shutdown future resolves, with the
//! maintenance step in the background; in-flight requests finish, event streams end.

use std::future::Future;

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
    let sweeper = tokio::spawn(crate::maintenance::every_interval(state.clone()));
    let st = state.clone();
    let signal = async move {
        shutdown.await;
        tracing::info!("shutting down: finishing requests in flight");
        st.stop();
    };
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .await
        .map_err(Error::Io);
    sweeper.abort();
    served
}

//! The background sync: the engine's loop runs on Tauri's async runtime until the app
//! exits, and every change of the sync status is emitted to the UI as `sync://status`.

use device::Engine;
use tauri::{AppHandle, Emitter};
use tokio::sync::watch;

/// The event the UI listens to (payload: `SyncStatus`).
pub const SYNC_STATUS_EVENT: &str = "sync://status";

/// Stops the background sync when dropped or told to.
#[derive(Debug)]
pub struct SyncLoop {
    stop: watch::Sender<bool>,
}

impl SyncLoop {
    /// Starts syncing in the background and forwarding status changes to the windows.
    pub fn start(app: &AppHandle, engine: &Engine) -> Self {
        let (stop, stopped) = watch::channel(false);
        let sync = engine.clone();
        let mut until = stopped.clone();
        tauri::async_runtime::spawn(async move {
            sync.run_sync(async move {
                let _ = until.wait_for(|stop| *stop).await;
            })
            .await;
        });
        let mut status = engine.subscribe();
        let mut until = stopped;
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            loop {
                tokio::select! {
                    changed = status.changed() => {
                        if changed.is_err() {
                            return;
                        }
                        let now = status.borrow_and_update().clone();
                        if let Err(e) = app.emit(SYNC_STATUS_EVENT, now) {
                            tracing::warn!("could not emit {SYNC_STATUS_EVENT}: {e}");
                        }
                    }
                    _ = until.wait_for(|stop| *stop) => return,
                }
            }
        });
        Self { stop }
    }

    /// Stops the loop (at app exit).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for SyncLoop {
    fn drop(&mut self) {
        self.stop();
    }
}

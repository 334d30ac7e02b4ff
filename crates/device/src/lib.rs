//! The app's engine, used by the Tauri shell and by `wangge device`: the device store
//! (SQLite file per device, numbered migrations, outbox), capture, tasks, patrol, sync and
//! the dispatcher's desk; secrets (the store's key, the refresh token) in a [`vault`]. Start
//! at [`Engine`].

pub mod engine;
pub mod enroll_qr;
mod error;
pub mod store;
pub mod vault;

pub use engine::{Engine, EngineConfig, SyncState, SyncStatus};
pub use error::{Error, Result};
pub use store::{Mid, NewReport, OutboxEntry, OutboxState, Store};

//! The app's engine, used by the Tauri shell and by `wangge device`: the device store
//! (SQLite file per device, numbered migrations, outbox), capture, tasks and sync.

mod error;
pub mod store;

pub use error::{Error, Result};
pub use store::{Mid, NewReport, OutboxEntry, OutboxState, Store};

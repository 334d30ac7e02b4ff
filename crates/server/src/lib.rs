//! The sync service: sessions, push, pull, blobs, the case loop, dispatch and KPIs.
//!
//! Layers, outside in: `http` (routes, extractors, OpenAPI; one delegation per handler)
//! → services (`sessions`, `sync`, `caseloop`, `reads`) → `store` (one trait, SQLite
//! by default) and `blobstore` (photo files). `state` holds what they share.

pub mod blobs;
pub mod blobstore;
pub mod caseloop;
pub mod clock;
pub mod config;
pub mod demo;
pub mod directory;
pub mod error;
pub mod http;
pub mod password;
pub mod reads;
pub mod reference;
pub mod server;
pub mod sessions;
pub mod state;
pub mod store;
pub mod sync;
pub mod token;
pub mod views;

pub use config::{Config, PasswordCost, Secret};
pub use error::{Error, Result};
pub use server::{run, sweep_now};
pub use state::AppState;

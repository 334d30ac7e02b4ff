//! The sync service: sessions, push, pull, blobs, the case loop, dispatch and KPIs.
//!
//! Layers, outside in: `http` (routes, extractors, OpenAPI; one delegation per handler)
//! → services (`sessions`, `sync`, `events`, `caseloop`, `queries`, `photo_access`, `reference`,
//! `maintenance`) → `store` (one trait, SQLite by default) and `photo_files` (photo bytes
//! in a folder or an S3-compatible object store). `wire` turns domain values into wire
//! views; `access` says who reads which area; `state` holds what the services share;
//! `serve` runs it all.

pub mod access;
pub mod admin_audit;
pub mod board;
pub mod browser;
pub mod caseloop;
pub mod clock;
pub mod config;
pub mod demo;
pub mod devices;
pub mod directory;
pub mod enrollments;
pub mod error;
pub mod events;
pub mod exports;
pub mod health;
pub mod html;
pub mod http;
pub mod maintenance;
pub mod moving;
pub mod one_time_passwords;
pub mod open311;
pub mod participation;
pub mod password;
pub mod people_admin;
pub mod person_form;
pub mod photo_access;
pub mod photo_files;
pub mod placards;
pub mod queries;
pub mod reference;
pub mod serve;
pub mod sessions;
pub mod sign_in_throttle;
pub mod state;
pub mod store;
pub mod sync;
pub mod token;
pub mod warnings;
pub mod wire;

pub use config::{Config, PasswordCost, Secret};
pub use error::{Error, Result};
pub use maintenance::sweep_now;
pub use serve::run;
pub use state::AppState;

//! The sync service: sessions, push, pull, blobs, the case loop, dispatch and KPIs.

pub mod blobstore;
pub mod clock;
pub mod config;
pub mod error;
pub mod password;
pub mod store;
pub mod token;

pub use config::{Config, PasswordCost, Secret};
pub use error::{Error, Result};

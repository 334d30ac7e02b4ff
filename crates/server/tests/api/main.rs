//! Integration tests of the sync service: the real server on port 0, driven over HTTP
//! with reqwest, one module per area.

mod authz;
mod badinput;
mod blobs;
mod caseloop;
mod harness;
mod openapi;
mod sessions;
mod sync;

//! Integration tests of the sync service: the real server on port 0, driven over HTTP
//! with reqwest, one module per area.

// Test helpers unwrap freely: a failure is a test failure.
#![allow(clippy::unwrap_used)]

mod areas;
mod authz;
mod badinput;
mod blobs;
mod board;
mod buildings;
mod caseloop;
mod categories;
mod exports;
mod filing;
mod harness;
mod join;
mod kpis;
mod moving;
mod open311;
mod openapi;
mod people;
mod placards;
mod regrid;
mod replicas;
mod schemathesis;
mod sessions;
mod sync;
mod warnings;
mod web;
mod whistle;

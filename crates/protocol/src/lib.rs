//! The wire types of the sync API, shared by the device and the server.
//!
//! Everything that crosses the network is defined here and nowhere else: sessions,
//! push (device mutations), pull (the change feed), blobs, dispatcher actions, read APIs
//! and the error body. The types are plain serde data; with the `openapi` feature they
//! also describe themselves for the server's OpenAPI document.

mod blob;
mod case;
mod error;
mod errorbody;
mod kpi;
mod mutation;
mod pull;
mod push;
mod reference;
mod session;

pub use blob::{BlobReceipt, UPLOAD_LENGTH, UPLOAD_OFFSET};
pub use case::{
    AuditView, CaseAction, CaseDetail, CaseFilter, CaseList, CaseView, ConflictView, Location,
    NearbyCase, NearbyCases, NearbyQuery, PhotoRef, Resolution,
};
pub use domain::PhotoHash;
pub use error::{Error, Result};
pub use errorbody::ErrorBody;
pub use kpi::{KpiLevel, KpiQuery, KpiReport, KpiRow};
pub use mutation::{
    Command, PatrolCheckin, PatrolEnd, PatrolId, PatrolStart, ReportCreate, TaskRef, TaskResolve,
    TaskReturn,
};
pub use pull::{Change, ChangeKind, EntityKind, PullQuery, PullResponse};
pub use push::{Mutation, MutationResult, Outcome, PushRequest, PushResponse};
pub use reference::{CategoryView, CheckinView, GridView, PatrolView, PersonView};
pub use session::{DeviceId, DeviceView, Me, RefreshRequest, SessionTokens, SignIn};

/// Version of the push/pull schema; a device sends it with every push.
pub const SCHEMA_VERSION: u32 = 1;

//! The wire types of the sync API, shared by the device and the server.
//!
//! Everything that crosses the network is defined here and nowhere else: sessions,
//! push (device mutations), pull (the change feed), blobs, dispatcher actions, read APIs
//! and the error body. The types are plain serde data; with the `openapi` feature they
//! also describe themselves for the server's OpenAPI document.
//!
//! The HTTP API (JSON; `Authorization: Bearer <access token>` except where noted;
//! errors are [`ErrorBody`] `{code, message}`):
//!
//! | Route | What |
//! | --- | --- |
//! | `POST /v1/sessions` (no auth) | [`SignIn`] → 201 [`SessionTokens`] |
//! | `POST /v1/sessions/refresh` (no auth) | [`RefreshRequest`] → [`SessionTokens`]; reuse of a used refresh token revokes the device |
//! | `GET /v1/me` | [`Me`] |
//! | `GET /v1/devices`, `POST /v1/devices/{id}/revoke` | administrators (anyone may revoke their own) |
//! | `POST /v1/push` | [`PushRequest`] → [`PushResponse`]; mutations are [`Command`]s |
//! | `GET /v1/pull?cursor=&limit=` | [`PullResponse`], or 410 `cursor_gone`: rebuild server state |
//! | `GET /v1/events` | SSE, `event: pull` hints (and one on connect) |
//! | `HEAD/GET/PUT/PATCH /v1/blobs/{sha256}` | photos; PATCH with [`UPLOAD_OFFSET`] and [`UPLOAD_LENGTH`] headers; HEAD answers 200 when complete, else 404, both with `upload-offset` |
//! | `GET /v1/cases`, `GET /v1/cases/{id}`, `GET /v1/cases/nearby` | [`CaseList`], [`CaseDetail`], [`NearbyCases`] |
//! | `POST /v1/cases`, `POST /v1/tasks` | a [`NewCase`] filed at the desk (hotline, phone call) → 201 [`CaseView`]; [`NewTasks`] sent from above to grids' workers → 201 `[CaseView]` |
//! | `POST /v1/cases/{id}/actions` | a [`CaseAction`] (dispatchers, commander) → [`CaseView`] |
//! | `GET /v1/kpis?level=&from=&to=` | [`KpiReport`] |
//! | `GET /v1/placards?community=`, `POST /v1/placards/print` | [`PlacardList`]; [`PlacardPrint`] → a PDF (dispatchers, the commander, administrators) |
//! | `POST /v1/join/{community}/units`, `…/members`, `GET /v1/join/registrations/{number}`, `POST /v1/join/registrations/{number}/claims` | 双报到 without an account: [`JoinUnit`], [`JoinMember`], [`JoinClaim`] → [`JoinStatus`] |
//! | `GET /v1/join/registrations`, `POST /v1/join/registrations/{number}/decision`, `GET /v1/join/{community}/qr.png`, `GET /v1/participation/figures` | [`JoinList`]; [`JoinDecision`]; a PNG; [`Figures`] (a community's dispatchers, the street and district above; phones to the community only) |
//! | `GET /e/{building}[/{unit}]` (no auth) | an entrance's public page (HTML), the placard's QR code |
//! | `GET /v1/warnings` | [`WarningList`]: risk warnings in the caller's scope (dispatchers, the commander, administrators) |
//! | `POST /v1/web/session`, `POST /v1/web/session/refresh`, `DELETE /v1/web/session` | the desk in a browser: [`WebSignIn`] → 201 [`WebSession`] with the refresh token in an HttpOnly cookie; refresh and sign-out need the [`CSRF_HEADER`] echoing the [`WEB_CSRF_COOKIE`] |
//! | `GET /v1/directory` | [`Directory`]: category, area, grid and people names in the caller's area (desk roles) |
//! | `GET /v1/buildings?grid=` | `[BuildingView]`: a grid's buildings (desk roles, in their area) |
//! | `GET /v1/board` | [`BoardView`]: the district board (指挥平台) of the caller's area (desk roles) |
//! | `GET /` (no auth) | the desk and admin UI for a browser, when the server has a `web_root` |
//! | `GET /v1/openapi.json`, `GET /v1/health` (no auth) | the OpenAPI document; readiness (503 while storage does not answer) |

mod admin;
mod blob;
mod board;
mod case;
mod error;
mod errorbody;
mod kpi;
mod mutation;
mod participation;
mod placard;
mod pull;
mod push;
mod reference;
mod session;
mod warning;
mod web;
mod whole;

pub use admin::{
    AdminAuditQuery, AdminAuditView, AdminPeopleQuery, AdminPersonView, CategoryForm, Deactivate,
    EditPerson, EnrollmentCode, EnrollmentRequest, ImportProblem, ImportQuery, ImportReport,
    MoveWorker, NewPerson, OneTimePassword, OpenTasks, Revoke,
};
pub use blob::{BlobReceipt, UPLOAD_LENGTH, UPLOAD_OFFSET};
pub use board::{BOARD_MAX_CASES, BoardCase, BoardCounts, BoardGrid, BoardView};
pub use case::{
    AuditAction, AuditView, CaseAction, CaseDetail, CaseFilter, CaseList, CaseView, ConflictView,
    Location, NearbyCase, NearbyCases, NearbyQuery, NewCase, NewTasks, PhotoRef, Resolution,
    ServiceAction,
};
pub use domain::PhotoHash;
pub use error::{Error, Result};
pub use errorbody::ErrorBody;
pub use kpi::{KpiLevel, KpiQuery, KpiReport, KpiRow};
pub use mutation::{
    Command, OutboxSkip, PatrolCheckin, PatrolEnd, PatrolId, PatrolStart, ReportCreate, TaskRef,
    TaskResolve, TaskReturn,
};
pub use participation::{
    Figures, FiguresQuery, FiguresRow, JoinClaim, JoinDecision, JoinEntry, JoinList, JoinMember,
    JoinPersonal, JoinQuery, JoinStatus, JoinUnit,
};
pub use placard::{
    PlacardEntry, PlacardList, PlacardPrint, PlacardQuery, PlacardSelection, PlacardStatus,
};
pub use pull::{Change, ChangeKind, EntityKind, PullQuery, PullResponse};
pub use push::{Mutation, MutationResult, Outcome, PushRequest, PushResponse, RevokedPush};
pub use reference::{
    AreaView, BuildingHead, BuildingView, CategoryView, CheckinView, GridView, PatrolView,
    PersonView,
};
pub use session::{
    ChangePassword, DeviceId, DeviceView, Enroll, Me, RefreshRequest, SessionTokens, SignIn,
};
pub use warning::{Warning, WarningKind, WarningList};
pub use web::{
    BuildingsQuery, CSRF_HEADER, Directory, WEB_CSRF_COOKIE, WEB_REFRESH_COOKIE, WebSession,
    WebSignIn,
};

/// Version of the push/pull schema; a device sends it with every push.
pub const SCHEMA_VERSION: u32 = 1;

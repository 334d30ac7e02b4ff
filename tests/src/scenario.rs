//! Shared setup of end-to-end tests, so that a test states only what is new in it: a
//! report to capture, the dispatcher's actions on a case, and [`Scenario`], the demo
//! server on port 0 with two workers and a dispatcher signed in and synced once.

use device::Engine;
use device::engine::{CaptureReport, CaseDetailInfo};
use domain::{CaseId, PersonId, PhotoHash, Priority};
use protocol::CaseAction;

use crate::devices::signed_in;
use crate::server::{DISPATCHER, PASSWORD, TestServer, WORKER_A, WORKER_B};

/// A normal-priority report of `category` at a point, with photos prepared on the device.
pub fn report(category: &str, lon: f64, lat: f64, description: &str) -> CaptureReport {
    CaptureReport {
        category: category.parse().expect("a category code"),
        priority: Priority::Normal,
        description: description.into(),
        lon,
        lat,
        photos: Vec::new(),
        self_resolved: false,
        note: None,
    }
}

/// The same report with these photos.
pub fn with_photos(mut report: CaptureReport, photos: &[&PhotoHash]) -> CaptureReport {
    report.photos = photos.iter().map(|p| (*p).clone()).collect();
    report
}

/// The dispatcher's side of the loop, each one call to the server through `desk`.
pub struct Desk<'a>(pub &'a Engine);

impl Desk<'_> {
    pub async fn act(&self, id: CaseId, action: CaseAction) -> CaseDetailInfo {
        self.0
            .dispatch_act(id, &action)
            .await
            .unwrap_or_else(|e| panic!("{action:?} of {id}: {e}"))
    }

    pub async fn accept(&self, id: CaseId) -> CaseDetailInfo {
        self.act(id, CaseAction::Accept).await
    }

    pub async fn dispatch(&self, id: CaseId, worker: PersonId) -> CaseDetailInfo {
        self.act(
            id,
            CaseAction::Dispatch {
                worker,
                due_at: None,
            },
        )
        .await
    }

    pub async fn reassign(&self, id: CaseId, worker: PersonId) -> CaseDetailInfo {
        self.act(
            id,
            CaseAction::Reassign {
                worker,
                due_at: None,
            },
        )
        .await
    }

    pub async fn verify(&self, id: CaseId, pass: bool, note: &str) -> CaseDetailInfo {
        self.act(
            id,
            CaseAction::Verify {
                pass,
                note: note.into(),
            },
        )
        .await
    }

    pub async fn close(&self, id: CaseId) -> CaseDetailInfo {
        self.act(id, CaseAction::Close).await
    }
}

/// The demo server on port 0 with worker A, worker B and their community dispatcher, each
/// on a device of their own in a temporary folder, signed in and synced once.
pub struct Scenario {
    pub server: TestServer,
    pub a: Engine,
    pub b: Engine,
    pub d: Engine,
    _dirs: [tempfile::TempDir; 3],
}

impl Scenario {
    pub async fn start() -> Self {
        let server = TestServer::start().await;
        let (a_dir, a) = signed_in(&server.url, WORKER_A, PASSWORD).await;
        let (b_dir, b) = signed_in(&server.url, WORKER_B, PASSWORD).await;
        let (d_dir, d) = signed_in(&server.url, DISPATCHER, PASSWORD).await;
        for engine in [&a, &b, &d] {
            engine.sync_now().await.expect("first sync");
        }
        Self {
            server,
            a,
            b,
            d,
            _dirs: [a_dir, b_dir, d_dir],
        }
    }

    /// The dispatcher's desk.
    pub fn desk(&self) -> Desk<'_> {
        Desk(&self.d)
    }

    /// The person signed in on `engine`.
    pub fn id_of(engine: &Engine) -> PersonId {
        engine
            .me()
            .expect("the store opens")
            .expect("signed in")
            .person_id
    }
}

//! The app's command, event and view types as TypeScript (`ui/src/api/generated.ts`),
//! generated from the Rust types with ts-rs. The test fails when the committed file differs
//! from what the Rust types say; `cargo xtask gen-types` (`WANGGE_WRITE_UI_TYPES=1`) writes it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use device::engine::{
    AdminAuditInfo, AdminPersonInfo, AreaInfo, BuildingInfo, CaptureReport, CaseDetailInfo,
    CaseFilterInput, CaseSummary, CategoryAdminInfo, CategoryEdit, CategoryInfo,
    ChangePasswordArgs, CheckIn, DeskCase, DeviceInfo, EnrollmentInfo, ExportFormat, GridInfo,
    ImportArgs, ImportKind, ImportReportInfo, JoinQr, KpiGroup, KpiRowView, Located, MeInfo,
    MoveWorkerInput, NearbyQuery, NewPersonInput, OneTimePasswordInfo, PatrolInfo, PeopleQuery,
    PersonEdit, PersonInfo, PhotoInfo, SavedFile, SavedPdf, SyncStatus, TaskAct, TaskAction,
    WorkerInfo,
};
use domain::{CaseState, Priority, Role, Routing};
use protocol::{
    BoardView, CaseAction, Figures, JoinList, JoinStatus, NewCase, NewTasks, PlacardList,
    PlacardPrint, PlacardStatus, WarningList,
};
use ts_rs::{Config, TS, TypeVisitor};

/// Every type a command takes or returns, or an event carries; their dependencies follow.
fn declarations(cfg: &Config) -> BTreeMap<String, String> {
    let mut v = Collect {
        cfg,
        decls: BTreeMap::new(),
    };
    // Session and sync (the `sync://status` event carries a SyncStatus).
    v.visit::<MeInfo>();
    v.visit::<ChangePasswordArgs>();
    v.visit::<SyncStatus>();
    // Reference data.
    v.visit::<CategoryInfo>();
    v.visit::<AreaInfo>();
    v.visit::<GridInfo>();
    v.visit::<BuildingInfo>();
    v.visit::<Located>();
    // Capture, tasks, patrol.
    v.visit::<PhotoInfo>();
    v.visit::<NearbyQuery>();
    v.visit::<CaptureReport>();
    v.visit::<Priority>();
    v.visit::<CaseSummary>();
    v.visit::<CaseDetailInfo>();
    v.visit::<TaskAct>();
    v.visit::<TaskAction>();
    v.visit::<PatrolInfo>();
    v.visit::<CheckIn>();
    // The desk.
    v.visit::<CaseFilterInput>();
    v.visit::<DeskCase>();
    v.visit::<CaseAction>();
    v.visit::<WorkerInfo>();
    v.visit::<KpiGroup>();
    v.visit::<KpiRowView>();
    v.visit::<PlacardList>();
    v.visit::<PlacardPrint>();
    v.visit::<SavedPdf>();
    v.visit::<WarningList>();
    v.visit::<BoardView>();
    v.visit::<JoinList>();
    v.visit::<JoinStatus>();
    v.visit::<JoinQr>();
    v.visit::<Figures>();
    v.visit::<NewCase>();
    v.visit::<NewTasks>();
    v.visit::<ExportFormat>();
    v.visit::<SavedFile>();
    // Administration.
    v.visit::<ImportKind>();
    v.visit::<ImportArgs>();
    v.visit::<ImportReportInfo>();
    v.visit::<PeopleQuery>();
    v.visit::<AdminPersonInfo>();
    v.visit::<PersonInfo>();
    v.visit::<EnrollmentInfo>();
    v.visit::<AdminAuditInfo>();
    v.visit::<NewPersonInput>();
    v.visit::<PersonEdit>();
    v.visit::<OneTimePasswordInfo>();
    v.visit::<CategoryAdminInfo>();
    v.visit::<CategoryEdit>();
    v.visit::<MoveWorkerInput>();
    v.visit::<DeviceInfo>();
    v.decls
}

struct Collect<'a> {
    cfg: &'a Config,
    decls: BTreeMap<String, String>,
}

impl TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Built-in types (strings, numbers, arrays, options) have no declaration of their own.
        if T::output_path().is_none() {
            return;
        }
        let name = T::ident(self.cfg);
        if self.decls.contains_key(&name) {
            return;
        }
        let mut text = T::docs().unwrap_or_default();
        text.push_str("export ");
        text.push_str(&T::decl(self.cfg));
        self.decls.insert(name, text);
        T::visit_dependencies(self);
    }
}

/// A list of every value of an enum, in the domain's order, for the UI's pickers.
fn all_values<T: serde::Serialize>(name: &str, ty: &str, values: &[T]) -> String {
    let values: Vec<String> = values
        .iter()
        .map(|v| serde_json::to_string(v).expect("enum values serialize"))
        .collect();
    format!(
        "export const {name}: readonly {ty}[] = [{}];",
        values.join(", ")
    )
}

fn generated() -> String {
    let cfg = Config::new().with_large_int("number");
    let mut out = String::from(
        "// Generated from the Rust types by crates/device/tests/ui_types.rs: do not edit.\n\
         // Run `cargo xtask gen-types` after changing a type the app's commands use.\n\
         // JSON field names are as serde writes them; times are unix milliseconds.\n\n\
         import type { GridGeometry } from './geometry';\n",
    );
    for decl in declarations(&cfg).values() {
        out.push('\n');
        out.push_str(decl);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&all_values("CASE_STATES", "CaseState", &CaseState::ALL));
    out.push('\n');
    out.push_str(&all_values("ROLES", "Role", &Role::ALL));
    out.push('\n');
    out.push_str(&all_values("PRIORITIES", "Priority", &Priority::ALL));
    out.push('\n');
    out.push_str(&all_values("IMPORT_KINDS", "ImportKind", &ImportKind::ALL));
    out.push('\n');
    out.push_str(&all_values("SOURCES", "Source", &domain::Source::ALL));
    out.push('\n');
    out.push_str(&all_values("ROUTINGS", "Routing", &Routing::ALL));
    out.push('\n');
    out.push_str(&all_values(
        "PLACARD_STATUSES",
        "PlacardStatus",
        &[
            PlacardStatus::Unprinted,
            PlacardStatus::Stale,
            PlacardStatus::ToPost,
            PlacardStatus::Posted,
        ],
    ));
    out.push('\n');
    out
}

#[test]
fn the_ui_types_match_the_rust_types() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/api/generated.ts");
    let want = generated();
    if std::env::var_os("WANGGE_WRITE_UI_TYPES").is_some() {
        std::fs::write(&path, &want).expect("write ui/src/api/generated.ts");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/api/generated.ts is not what the Rust types say: run `cargo xtask gen-types`, \
         then `npm run check` in ui/ shows every use that no longer fits"
    );
}

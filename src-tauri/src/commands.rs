//! The app's commands (docs/app-commands.md): each is one call into [`device::Engine`] with
//! typed arguments. Local work runs off the main thread (`async`), so the window never waits
//! on the store; errors cross IPC as `{code, message}` ([`crate::error::Error`]).

use device::Engine;
use device::engine::{
    AdminAuditInfo, AdminPersonInfo, AreaInfo, BuildingInfo, CaptureReport, CaseDetailInfo,
    CaseFilterInput, CaseSummary, CategoryAdminInfo, CategoryEdit, CategoryInfo,
    ChangePasswordArgs, CheckIn, DeskCase, DeviceInfo, EnrollmentInfo, ExportFormat, GridInfo,
    ImportArgs, ImportReportInfo, KpiGroup, KpiRowView, Located, MeInfo, MoveWorkerInput,
    NearbyQuery, NewPersonInput, OneTimePasswordInfo, PatrolInfo, PeopleQuery, PersonEdit,
    PersonInfo, PhotoInfo, SavedFile, SavedPdf, SyncStatus, TaskAct, WorkerInfo,
};
use domain::{CaseId, PhotoHash};
use protocol::{
    BoardView, CaseAction, Figures, JoinList, JoinStatus, NewCase, NewTasks, PlacardList,
    PlacardPrint, WarningList,
};
use tauri::State;
use tauri::ipc::{InvokeBody, Request};

use crate::error::{Error, Result};

/// The header that carries a photo's file name with `prepare_photo_bytes` (percent-encoded).
const PHOTO_NAME_HEADER: &str = "x-photo-name";
/// The header that carries `admin_import`'s [`ImportArgs`] as percent-encoded JSON.
const IMPORT_ARGS_HEADER: &str = "x-import-args";
/// The header that carries `enroll_from_image`'s server, when given (percent-encoded).
const ENROLL_SERVER_HEADER: &str = "x-enroll-server";

// Session

#[tauri::command]
pub async fn login(
    engine: State<'_, Engine>,
    server: String,
    username: String,
    password: String,
) -> Result<MeInfo> {
    Ok(engine.login(&server, &username, &password).await?)
}

/// Replaces a one-time (or the current) password with the person's own; then `login`.
#[tauri::command]
pub async fn change_password(engine: State<'_, Engine>, args: ChangePasswordArgs) -> Result<()> {
    Ok(engine
        .change_password(
            &args.server,
            &args.username,
            &args.password,
            &args.new_password,
        )
        .await?)
}

/// Signs in with an enrollment code: the QR code's `wangge://enroll?…` text, or the bare
/// code with `server`.
#[tauri::command]
pub async fn enroll(
    engine: State<'_, Engine>,
    code: String,
    server: Option<String>,
) -> Result<MeInfo> {
    Ok(engine.enroll(&code, server.as_deref()).await?)
}

/// Signs in with the enrollment QR code in a picture the person opened: the picture is the
/// raw request body (like a photo), the server, when given, the `x-enroll-server` header.
#[tauri::command]
pub async fn enroll_from_image(engine: State<'_, Engine>, request: Request<'_>) -> Result<MeInfo> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::Invalid(
            "enroll_from_image takes the picture as a raw body".into(),
        ));
    };
    let server = enroll_server(request.headers());
    Ok(engine
        .enroll_from_image(bytes.clone(), server.as_deref())
        .await?)
}

fn enroll_server(headers: &tauri::http::HeaderMap) -> Option<String> {
    headers
        .get(ENROLL_SERVER_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .filter(|s| !s.trim().is_empty())
}

/// Why the last session ended (the administrator's reason when they revoked this device),
/// for the sign-in screen; none after a sign-in.
#[tauri::command(async)]
pub fn session_ended_reason(engine: State<'_, Engine>) -> Result<Option<String>> {
    Ok(engine.session_ended_reason()?)
}

#[tauri::command(async)]
pub fn logout(engine: State<'_, Engine>) -> Result<()> {
    Ok(engine.logout()?)
}

#[tauri::command(async)]
pub fn me(engine: State<'_, Engine>) -> Result<Option<MeInfo>> {
    Ok(engine.me()?)
}

// Sync

#[tauri::command(async)]
pub fn sync_status(engine: State<'_, Engine>) -> SyncStatus {
    engine.sync_status()
}

/// The district's streets and communities (and the district) with their names, as synced.
#[tauri::command]
pub fn areas(engine: State<'_, Engine>) -> Result<Vec<AreaInfo>> {
    Ok(engine.areas()?)
}

/// Runs a cycle now; its outcome (offline, error with reason) is in the returned status.
#[tauri::command]
pub async fn sync_now(engine: State<'_, Engine>) -> Result<SyncStatus> {
    if let Err(e) = engine.sync_now().await {
        tracing::info!("sync now: {e}");
    }
    Ok(engine.sync_status())
}

// Reference data

#[tauri::command(async)]
pub fn categories(engine: State<'_, Engine>) -> Result<Vec<CategoryInfo>> {
    Ok(engine.categories()?)
}

#[tauri::command(async)]
pub fn my_grids(engine: State<'_, Engine>) -> Result<Vec<GridInfo>> {
    Ok(engine.my_grids()?)
}

#[tauri::command(async)]
pub fn buildings(engine: State<'_, Engine>, grid: String) -> Result<Vec<BuildingInfo>> {
    Ok(engine.buildings(&grid)?)
}

#[tauri::command(async)]
pub fn locate(engine: State<'_, Engine>, lon: f64, lat: f64) -> Result<Located> {
    Ok(engine.locate(lon, lat)?)
}

// Capture

/// The photo is the raw request body (no JSON number array); its name, for messages, is the
/// `x-photo-name` header. Preparing (decode, resize, encode) runs on a blocking thread.
#[tauri::command]
pub async fn prepare_photo_bytes(
    engine: State<'_, Engine>,
    request: Request<'_>,
) -> Result<PhotoInfo> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::Invalid(
            "prepare_photo_bytes takes the photo as a raw body".into(),
        ));
    };
    let name = photo_name(request.headers());
    let engine = Engine::clone(&engine);
    let bytes = bytes.clone();
    tauri::async_runtime::spawn_blocking(move || engine.prepare_photo_bytes(&bytes))
        .await
        .map_err(|e| Error::Invalid(format!("preparing {name} stopped: {e}")))?
        .map_err(|source| Error::Photo { name, source })
}

fn photo_name(headers: &tauri::http::HeaderMap) -> String {
    headers
        .get(PHOTO_NAME_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "the photo".into())
}

/// Decodes `%XX` escapes (the UI's `encodeURIComponent`); invalid UTF-8 is replaced.
fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let (h, l) = (hex(h).unwrap_or(0), hex(l).unwrap_or(0));
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tauri::command(async)]
pub fn nearby_cases(engine: State<'_, Engine>, query: NearbyQuery) -> Result<Vec<CaseSummary>> {
    Ok(engine.nearby_cases(&query)?)
}

#[tauri::command(async)]
pub fn capture_report(engine: State<'_, Engine>, report: CaptureReport) -> Result<CaseSummary> {
    Ok(engine.capture_report(report)?)
}

#[tauri::command(async)]
pub fn my_reports(engine: State<'_, Engine>) -> Result<Vec<CaseSummary>> {
    Ok(engine.my_reports()?)
}

// Tasks

#[tauri::command(async)]
pub fn tasks(engine: State<'_, Engine>) -> Result<Vec<CaseSummary>> {
    Ok(engine.tasks()?)
}

#[tauri::command(async)]
pub fn case_detail(engine: State<'_, Engine>, id: CaseId) -> Result<CaseDetailInfo> {
    Ok(engine.case_detail(&id)?)
}

#[tauri::command(async)]
pub fn task_act(engine: State<'_, Engine>, act: TaskAct) -> Result<CaseSummary> {
    Ok(engine.task_act(act)?)
}

/// A photo as a data URL; one this device lacks comes from the server (the desk's review).
#[tauri::command]
pub async fn photo_data_url(
    engine: State<'_, Engine>,
    sha256: PhotoHash,
    thumb: bool,
) -> Result<String> {
    Ok(engine.photo_data_url(&sha256, thumb).await?)
}

// Patrol

#[tauri::command(async)]
pub fn patrol_start(engine: State<'_, Engine>, grid: String) -> Result<PatrolInfo> {
    Ok(engine.patrol_start(&grid)?)
}

#[tauri::command(async)]
pub fn patrol_checkin(engine: State<'_, Engine>, checkin: CheckIn) -> Result<PatrolInfo> {
    Ok(engine.patrol_checkin(checkin)?)
}

#[tauri::command(async)]
pub fn patrol_end(engine: State<'_, Engine>) -> Result<PatrolInfo> {
    Ok(engine.patrol_end()?)
}

#[tauri::command(async)]
pub fn patrol_current(engine: State<'_, Engine>) -> Result<Option<PatrolInfo>> {
    Ok(engine.patrol_current()?)
}

// Dispatcher and supervisor (online)

#[tauri::command]
pub async fn review_queue(engine: State<'_, Engine>) -> Result<Vec<DeskCase>> {
    Ok(engine.review_queue().await?)
}

#[tauri::command]
pub async fn case_list(
    engine: State<'_, Engine>,
    filter: CaseFilterInput,
) -> Result<Vec<DeskCase>> {
    Ok(engine.case_list(filter).await?)
}

/// A case with its audit trail from the server (the desk sees cases this device never
/// synced).
#[tauri::command]
pub async fn case_detail_online(engine: State<'_, Engine>, id: CaseId) -> Result<CaseDetailInfo> {
    Ok(engine.case_detail_online(&id).await?)
}

/// A dispatcher's action (`protocol::CaseAction`, tagged by `action`) on a case.
#[tauri::command]
pub async fn dispatch_act(
    engine: State<'_, Engine>,
    id: CaseId,
    action: CaseAction,
) -> Result<CaseDetailInfo> {
    Ok(engine.dispatch_act(id, &action).await?)
}

#[tauri::command(async)]
pub fn workers(
    engine: State<'_, Engine>,
    grid: Option<String>,
    community: Option<String>,
) -> Result<Vec<WorkerInfo>> {
    Ok(engine.workers(grid.as_deref(), community.as_deref())?)
}

#[tauri::command]
pub async fn overdue_board(engine: State<'_, Engine>) -> Result<Vec<DeskCase>> {
    Ok(engine.overdue_board().await?)
}

/// The district board (指挥平台): the area's grids, open cases, today's counts, escalations.
#[tauri::command]
pub async fn board(engine: State<'_, Engine>) -> Result<BoardView> {
    Ok(engine.board().await?)
}

#[tauri::command]
pub async fn kpis(
    engine: State<'_, Engine>,
    group_by: KpiGroup,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<Vec<KpiRowView>> {
    Ok(engine.kpis(group_by, from, to).await?)
}

/// A community's entrances with their 网格公示 placards' state.
#[tauri::command]
pub async fn placards(engine: State<'_, Engine>, community: String) -> Result<PlacardList> {
    Ok(engine.placards(&community).await?)
}

/// Prints a community's placards into a PDF saved in the downloads folder; `utc_offset_min`
/// (the window's, east positive) dates the file's name.
#[tauri::command]
pub async fn print_placards(
    engine: State<'_, Engine>,
    print: PlacardPrint,
    utc_offset_min: Option<i32>,
) -> Result<SavedPdf> {
    Ok(engine.print_placards(&print, utc_offset_min).await?)
}

/// 双报到: the registrations and role claims of an area (the person's own when none).
#[tauri::command]
pub async fn join_registrations(
    engine: State<'_, Engine>,
    area: Option<String>,
    kind: Option<String>,
    state: Option<String>,
) -> Result<JoinList> {
    Ok(engine
        .join_registrations(area.as_deref(), kind.as_deref(), state.as_deref())
        .await?)
}

/// 双报到: approves, or refuses with a reason, a pending registration or claim.
#[tauri::command]
pub async fn join_decide(
    engine: State<'_, Engine>,
    number: String,
    approve: bool,
    reason: Option<String>,
) -> Result<JoinStatus> {
    Ok(engine
        .join_decide(&number, approve, reason.as_deref())
        .await?)
}

/// 双报到: the community's QR code (its public page's address) to show and print.
#[tauri::command]
pub async fn join_qr(
    engine: State<'_, Engine>,
    community: String,
) -> Result<device::engine::JoinQr> {
    Ok(engine.join_qr(&community).await?)
}

/// 双报到: units and members registered, pending and roles claimed per area.
#[tauri::command]
pub async fn participation_figures(
    engine: State<'_, Engine>,
    area: Option<String>,
) -> Result<Figures> {
    Ok(engine.participation_figures(area.as_deref()).await?)
}

/// The risk warnings (风险预警) in the person's area now.
#[tauri::command]
pub async fn warnings(engine: State<'_, Engine>) -> Result<WarningList> {
    Ok(engine.warnings().await?)
}

/// The cases a filter lists, as CSV, Excel or GeoJSON saved in the downloads folder.
#[tauri::command]
pub async fn export_cases(
    engine: State<'_, Engine>,
    format: ExportFormat,
    filter: CaseFilterInput,
) -> Result<SavedFile> {
    Ok(engine.export_cases(format, filter).await?)
}

/// The 考核 assessment workbook of a period, saved in the downloads folder.
#[tauri::command]
pub async fn export_assessment(
    engine: State<'_, Engine>,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<SavedFile> {
    Ok(engine.export_assessment(from, to).await?)
}

/// 受理来电: files a case taken at the desk (phone, 12345 hotline, window).
#[tauri::command]
pub async fn file_case(engine: State<'_, Engine>, case: NewCase) -> Result<CaseSummary> {
    Ok(engine.file_case(&case).await?)
}

/// 下发任务: a task from above to each chosen grid's worker.
#[tauri::command]
pub async fn send_tasks(engine: State<'_, Engine>, tasks: NewTasks) -> Result<Vec<CaseSummary>> {
    Ok(engine.send_tasks(&tasks).await?)
}

// Administration (online)

/// An import file as the raw request body; what it is and how to send it
/// ([`ImportArgs`]) is the `x-import-args` header, percent-encoded JSON. A refused file is
/// an answer, not an error: its report lists the problems.
#[tauri::command]
pub async fn admin_import(
    engine: State<'_, Engine>,
    request: Request<'_>,
) -> Result<ImportReportInfo> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(Error::Invalid(
            "admin_import takes the file as a raw body".into(),
        ));
    };
    let args = import_args(request.headers())?;
    Ok(engine.admin_import(&args, bytes.clone()).await?)
}

fn import_args(headers: &tauri::http::HeaderMap) -> Result<ImportArgs> {
    let text = headers
        .get(IMPORT_ARGS_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .ok_or_else(|| {
            Error::Invalid(format!(
                "admin_import needs the {IMPORT_ARGS_HEADER} header"
            ))
        })?;
    serde_json::from_str(&text)
        .map_err(|e| Error::Invalid(format!("the {IMPORT_ARGS_HEADER} header: {e}")))
}

#[tauri::command]
pub async fn admin_people(
    engine: State<'_, Engine>,
    query: PeopleQuery,
) -> Result<Vec<AdminPersonInfo>> {
    Ok(engine.admin_people(&query).await?)
}

/// Adds a person (their phone is then enrolled by QR code).
#[tauri::command]
pub async fn admin_create_person(
    engine: State<'_, Engine>,
    person: NewPersonInput,
) -> Result<AdminPersonInfo> {
    Ok(engine.admin_create_person(&person).await?)
}

/// Changes a person's name, role, area or phone (absent fields stay as they are).
#[tauri::command]
pub async fn admin_edit_person(
    engine: State<'_, Engine>,
    username: String,
    edit: PersonEdit,
) -> Result<AdminPersonInfo> {
    Ok(engine.admin_edit_person(&username, &edit).await?)
}

/// Resets a person's password to a one-time password, shown once.
#[tauri::command]
pub async fn admin_reset_password(
    engine: State<'_, Engine>,
    username: String,
) -> Result<OneTimePasswordInfo> {
    Ok(engine.admin_reset_password(&username).await?)
}

/// Adds or changes one category (absent fields keep the stored value).
#[tauri::command]
pub async fn admin_put_category(
    engine: State<'_, Engine>,
    code: String,
    edit: CategoryEdit,
) -> Result<CategoryAdminInfo> {
    Ok(engine.admin_put_category(&code, &edit).await?)
}

/// The synced catalogue with routing and time limits, retired categories too.
#[tauri::command(async)]
pub fn admin_categories(engine: State<'_, Engine>) -> Result<Vec<CategoryAdminInfo>> {
    Ok(engine.admin_categories()?)
}

/// Deactivates a person; `reason` (optional) is shown on their phones.
#[tauri::command]
pub async fn admin_deactivate(
    engine: State<'_, Engine>,
    username: String,
    reason: Option<String>,
) -> Result<AdminPersonInfo> {
    Ok(engine
        .admin_deactivate(&username, reason.as_deref())
        .await?)
}

/// Moves a grid worker to other grids, their open tasks kept or handed over.
#[tauri::command]
pub async fn admin_move_worker(
    engine: State<'_, Engine>,
    username: String,
    input: MoveWorkerInput,
) -> Result<AdminPersonInfo> {
    Ok(engine.admin_move_worker(&username, &input).await?)
}

/// Every device of the district, revoked ones too, the most recently seen first.
#[tauri::command]
pub async fn admin_devices(engine: State<'_, Engine>) -> Result<Vec<DeviceInfo>> {
    Ok(engine.admin_devices().await?)
}

/// Revokes a device: the phone wipes itself at its next contact.
#[tauri::command]
pub async fn admin_revoke_device(
    engine: State<'_, Engine>,
    id: String,
    reason: Option<String>,
) -> Result<()> {
    Ok(engine.admin_revoke_device(&id, reason.as_deref()).await?)
}

/// An enrollment code (a QR code) for a person's phone; `hours` defaults to the server's 24.
#[tauri::command]
pub async fn admin_enroll(
    engine: State<'_, Engine>,
    username: String,
    hours: Option<u32>,
) -> Result<EnrollmentInfo> {
    Ok(engine.admin_enroll(&username, hours).await?)
}

#[tauri::command]
pub async fn admin_audit(
    engine: State<'_, Engine>,
    before: Option<i64>,
    limit: Option<u32>,
) -> Result<Vec<AdminAuditInfo>> {
    Ok(engine.admin_audit(before, limit).await?)
}

/// The synced people a community dispatcher may enroll (their community's workers).
#[tauri::command(async)]
pub fn enrollable_people(engine: State<'_, Engine>) -> Result<Vec<PersonInfo>> {
    Ok(engine.enrollable_people()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_names_arrive_percent_encoded() {
        assert_eq!(percent_decode("%E4%BA%95%E7%9B%96%201.jpg"), "井盖 1.jpg");
        assert_eq!(percent_decode("plain.png"), "plain.png");
        assert_eq!(percent_decode("bad%zz%4"), "bad%zz%4");
    }

    #[test]
    fn import_args_arrive_as_percent_encoded_json() {
        let mut headers = tauri::http::HeaderMap::new();
        headers.insert(
            IMPORT_ARGS_HEADER,
            // encodeURIComponent(JSON.stringify({kind:'grids', dry_run:true, file_name:'网格.geojson', gcj02:true, code_property:null}))
            "%7B%22kind%22%3A%22grids%22%2C%22dry_run%22%3Atrue%2C%22file_name%22%3A%22%E7%BD%91%E6%A0%BC.geojson%22%2C%22gcj02%22%3Atrue%2C%22code_property%22%3Anull%7D"
                .parse()
                .unwrap(),
        );
        let args = import_args(&headers).unwrap();
        assert_eq!(args.kind, device::engine::ImportKind::Grids);
        assert!(args.dry_run && args.gcj02);
        assert_eq!(args.file_name, "网格.geojson");
        assert!(import_args(&tauri::http::HeaderMap::new()).is_err());
    }

    #[test]
    fn the_enrollment_server_is_an_optional_header() {
        let mut headers = tauri::http::HeaderMap::new();
        assert_eq!(enroll_server(&headers), None);
        headers.insert(ENROLL_SERVER_HEADER, "".parse().unwrap());
        assert_eq!(enroll_server(&headers), None);
        headers.insert(
            ENROLL_SERVER_HEADER,
            "https%3A%2F%2Fwg.example.cn".parse().unwrap(),
        );
        assert_eq!(
            enroll_server(&headers).as_deref(),
            Some("https://wg.example.cn")
        );
    }
}

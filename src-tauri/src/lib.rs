//! The Wangge app: the Tauri 2 shell around the device engine. It opens the device folder,
//! signs in at start when the launch settings say so, runs the background sync, registers
//! the commands and opens the window. Everything the app does is in `device`; platform
//! differences live in `desktop` and `mobile`.

mod commands;
mod error;
mod launch;
mod sync_loop;

#[cfg(desktop)]
mod desktop;
#[cfg(mobile)]
mod mobile;

#[cfg(desktop)]
use desktop as platform;
#[cfg(mobile)]
use mobile as platform;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use device::{Engine, EngineConfig};
use tauri::webview::PageLoadEvent;
use tauri::{App, Manager, RunEvent};

pub use error::{Error, Result};
pub use launch::Launch;
use sync_loop::SyncLoop;

/// Starts the app (desktop `main` and the phones' entry point).
#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let started = Instant::now();
    init_logging();
    let launch = Launch::from_env();
    let builder = platform::plugins(tauri::Builder::default());
    let app = builder
        .setup(move |app| Ok(setup(app, &launch)?))
        // Start-up time, measured by the benchmark from this line's timestamp.
        .on_page_load(move |webview, payload| {
            if payload.event() == PageLoadEvent::Finished {
                tracing::info!(
                    "page loaded in window {} {} ms after start",
                    webview.label(),
                    started.elapsed().as_millis()
                );
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::login,
            commands::change_password,
            commands::enroll,
            commands::enroll_from_image,
            commands::session_ended_reason,
            commands::logout,
            commands::me,
            commands::sync_status,
            commands::sync_now,
            commands::categories,
            commands::areas,
            commands::my_grids,
            commands::buildings,
            commands::locate,
            commands::prepare_photo_bytes,
            commands::nearby_cases,
            commands::capture_report,
            commands::my_reports,
            commands::tasks,
            commands::case_detail,
            commands::task_act,
            commands::photo_data_url,
            commands::patrol_start,
            commands::patrol_checkin,
            commands::patrol_end,
            commands::patrol_current,
            commands::review_queue,
            commands::case_list,
            commands::case_detail_online,
            commands::dispatch_act,
            commands::workers,
            commands::overdue_board,
            commands::board,
            commands::kpis,
            commands::placards,
            commands::print_placards,
            commands::warnings,
            commands::join_registrations,
            commands::join_decide,
            commands::join_qr,
            commands::participation_figures,
            commands::export_cases,
            commands::export_assessment,
            commands::file_case,
            commands::send_tasks,
            commands::admin_import,
            commands::admin_people,
            commands::admin_create_person,
            commands::admin_edit_person,
            commands::admin_reset_password,
            commands::admin_put_category,
            commands::admin_categories,
            commands::admin_deactivate,
            commands::admin_move_worker,
            commands::admin_devices,
            commands::admin_revoke_device,
            commands::admin_enroll,
            commands::admin_audit,
            commands::enrollable_people,
        ])
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("the app could not start: {e}");
            eprintln!("Wangge could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let RunEvent::Exit = event
            && let Some(sync) = handle.try_state::<SyncLoop>()
        {
            sync.stop();
        }
    });
}

/// Opens the device, signs in if asked, starts sync and opens the window.
fn setup(app: &mut App, launch: &Launch) -> Result<()> {
    let dir = data_dir(app, launch)?;
    tracing::info!("device folder: {}", dir.display());
    let mut config = EngineConfig {
        device_name: platform::device_name(),
        // A person waits on the sync bar: come back within a minute after the network does.
        backoff_max: Duration::from_secs(60),
        plain_http_hosts: launch.plain_http_hosts.clone(),
        ..EngineConfig::default()
    };
    if let Some(poll) = launch.sync_poll {
        config.poll_interval = poll;
    }
    config.keystore = platform::keystore(app, &dir);
    config.downloads_dir = downloads_dir(app);
    let engine = Engine::open_with(&dir, config)?;
    if let Some(sign_in) = &launch.sign_in {
        sign_in_at_start(&engine, sign_in);
    }
    let me = engine.me()?;
    let sync = SyncLoop::start(app.handle(), &engine);
    app.manage(engine);
    app.manage(sync);
    platform::open_window(app, launch, me.as_ref())?;
    Ok(())
}

/// `WANGGE_APP_DATA_DIR`, else the app's data folder (per user, per platform).
fn data_dir(app: &App, launch: &Launch) -> Result<PathBuf> {
    let dir = match &launch.data_dir {
        Some(dir) => dir.clone(),
        None => app
            .path()
            .app_data_dir()
            .map_err(|e| Error::DataDir(e.to_string()))?,
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::DataDir(format!("{}: {e}", dir.display())))?;
    Ok(dir)
}

/// The user's Downloads folder (XDG's on Linux), else `Downloads` in their home folder, for
/// the files the desk saves (printed placards); `None` leaves them in the device folder.
fn downloads_dir(app: &App) -> Option<PathBuf> {
    let path = app.path();
    path.download_dir()
        .ok()
        .or_else(|| path.home_dir().ok().map(|home| home.join("Downloads")))
}

/// Signs in as the launch settings say, unless that person is already signed in to that
/// server. A failure is logged and the sign-in screen shows instead.
fn sign_in_at_start(engine: &Engine, sign_in: &launch::StartSignIn) {
    let server = sign_in.server.trim_end_matches('/');
    match engine.me() {
        Ok(Some(me)) if me.username == sign_in.username && me.server == server => return,
        Ok(_) => {}
        Err(e) => tracing::warn!("reading the session: {e}"),
    }
    let result =
        tauri::async_runtime::block_on(engine.login(server, &sign_in.username, &sign_in.password));
    match result {
        Ok(me) => tracing::info!("signed in at start as {} on {server}", me.username),
        Err(e) => tracing::warn!("signing in at start as {} failed: {e}", sign_in.username),
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("WANGGE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

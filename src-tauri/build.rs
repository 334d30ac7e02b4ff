//! Build script: Tauri's code generation (config, icons, the access control list). The
//! app's commands are declared here so that a capability must grant each one
//! (capabilities/*.json); a command not granted cannot be called from the webview.

/// Every command of `src/commands.rs` (docs/app-commands.md).
const COMMANDS: &[&str] = &[
    "login",
    "change_password",
    "enroll",
    "enroll_from_image",
    "session_ended_reason",
    "logout",
    "me",
    "sync_status",
    "sync_now",
    "categories",
    "areas",
    "my_grids",
    "buildings",
    "locate",
    "prepare_photo_bytes",
    "nearby_cases",
    "capture_report",
    "my_reports",
    "tasks",
    "case_detail",
    "task_act",
    "photo_data_url",
    "patrol_start",
    "patrol_checkin",
    "patrol_end",
    "patrol_current",
    "review_queue",
    "case_list",
    "case_detail_online",
    "dispatch_act",
    "workers",
    "overdue_board",
    "board",
    "kpis",
    "placards",
    "print_placards",
    "warnings",
    "join_registrations",
    "join_decide",
    "join_qr",
    "participation_figures",
    "export_cases",
    "export_assessment",
    "file_case",
    "send_tasks",
    "admin_import",
    "admin_people",
    "admin_create_person",
    "admin_edit_person",
    "admin_reset_password",
    "admin_put_category",
    "admin_categories",
    "admin_deactivate",
    "admin_move_worker",
    "admin_devices",
    "admin_revoke_device",
    "admin_enroll",
    "admin_audit",
    "enrollable_people",
];

fn main() {
    // The built UI is embedded: rebuild the app when it changes.
    println!("cargo:rerun-if-changed=../ui/dist");
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {e:#}");
    }
}

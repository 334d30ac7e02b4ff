//! Desktop (Linux, Windows, macOS): the window sized for who is signed in (a phone-shaped
//! window for field work, a wide one for the dispatcher's desk), no extra plugins. Photos
//! come from the file chooser the UI's file input opens.

use device::engine::MeInfo;
use domain::Role;
use tauri::{App, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::Result;
use crate::launch::Launch;

/// Phone-shaped, for grid workers and reporters.
const FIELD_SIZE: (f64, f64) = (400.0, 820.0);
/// Wide, for dispatchers and supervisors at a desk.
const DESK_SIZE: (f64, f64) = (1280.0, 820.0);

/// Desktop builds need no plugins.
pub fn plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
}

/// Shown to administrators in the device list.
pub fn device_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());
    match host {
        Some(host) => format!("Wangge desktop ({host})"),
        None => "Wangge desktop".into(),
    }
}

/// The system keystore (Secret Service, Keychain, Credential Manager) for the device
/// folder `dir`: it holds the store's key and the refresh token. Where it does not answer
/// at the folder's first start (no keyring running), the engine keeps them in owner-only
/// files instead, and keeps to that choice.
pub fn keystore(
    app: &App,
    dir: &std::path::Path,
) -> Option<std::sync::Arc<dyn device::vault::Vault>> {
    let service = app.config().identifier.clone();
    Some(std::sync::Arc::new(device::vault::KeyringVault::new(
        &service,
        &dir.display().to_string(),
    )))
}

/// Opens the main window.
pub fn open_window(app: &App, launch: &Launch, me: Option<&MeInfo>) -> Result<()> {
    let at_desk = me.is_some_and(|me| {
        matches!(
            me.role,
            Role::CommunityDispatcher
                | Role::StreetDispatcher
                | Role::DistrictCommander
                | Role::Administrator
        )
    });
    let (width, height) =
        launch
            .window_size
            .unwrap_or(if at_desk { DESK_SIZE } else { FIELD_SIZE });
    WebviewWindowBuilder::new(app, "main", WebviewUrl::default())
        .title("网格 Wangge")
        .inner_size(width, height)
        .min_inner_size(340.0, 560.0)
        .build()?;
    Ok(())
}

//! Phones (Android, iOS): Tauri's official geolocation and barcode-scanner plugins, and the
//! full-screen window. Photos come from the UI's file input, which opens the camera.

use device::engine::MeInfo;
use tauri::{App, Runtime, WebviewUrl, WebviewWindowBuilder};

use crate::Result;
use crate::launch::Launch;

/// Position for 随手拍 and patrol check-ins; QR codes on buildings and units.
pub fn plugins<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_geolocation::init())
        .plugin(tauri_plugin_barcode_scanner::init())
}

/// No keystore plugin yet: Android's Keystore and iOS's Keychain need a small native
/// (Kotlin / Swift) Tauri plugin, which cannot be built without their SDKs (see
/// src-tauri/README.md). Until then the store's key and the refresh token are files only
/// the app can read in its private data folder, which the system already keeps from other
/// apps.
pub fn keystore(
    _app: &App,
    _dir: &std::path::Path,
) -> Option<std::sync::Arc<dyn device::vault::Vault>> {
    None
}

/// Shown to administrators in the device list.
pub fn device_name() -> String {
    if cfg!(target_os = "android") {
        "Wangge Android".into()
    } else {
        "Wangge iOS".into()
    }
}

/// Opens the main (full-screen) window.
pub fn open_window(app: &App, _launch: &Launch, _me: Option<&MeInfo>) -> Result<()> {
    WebviewWindowBuilder::new(app, "main", WebviewUrl::default()).build()?;
    Ok(())
}

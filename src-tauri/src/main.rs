//! The desktop entry point: a shim over [`wangge_app_lib::run`].

// Hides the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    wangge_app_lib::run()
}

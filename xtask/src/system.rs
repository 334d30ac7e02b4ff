//! System packages the tests and benchmarks need on Debian, installed when missing.

use std::process::Command;

use anyhow::Result;

use crate::run;

/// What building and testing the whole project needs: the Tauri shell's libraries and a
/// virtual display with WebKit's WebDriver for the window tests.
const TEST_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    "build-essential",
    "curl",
    "wget",
    "file",
    "libxdo-dev",
    "libssl-dev",
    "libayatana-appindicator3-dev",
    "librsvg2-dev",
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    // The window test's screenshots (WebKitWebDriver's own hang under Xvfb) and the Chinese UI.
    "imagemagick",
    "fonts-noto-cjk",
    // SQLCipher (the device store) links OpenSSL's libcrypto (libssl-dev, above); the
    // desktop keystore talks to the Secret Service over D-Bus.
    "libdbus-1-dev",
    "pkg-config",
    // The store-at-rest test checks that Debian's own sqlite3 cannot read a device store.
    "sqlite3",
    // The district test reads the enrollment QR code's PNG back, as a phone's camera would.
    "zbar-tools",
    // Placards are read back as text (pdftotext, pdfinfo, pdffonts) and pixels (pdftoppm).
    "poppler-utils",
    // The Open311 test's published client (georeport, from PyPI) lives in a venv.
    "python3-venv",
    // The server's PostgreSQL store is tested against private servers (initdb, pg_ctl).
    "postgresql",
    // The desk in a browser is tested in Debian's Chromium through its chromedriver.
    "chromium",
    "chromium-driver",
];

/// What the photo benchmark compares against: libvips, and a real camera photograph
/// (a 20 MP JPEG in `/usr/share/backgrounds/`).
const BENCH_PACKAGES: &[&str] = &["libvips-tools", "lomiri-wallpapers-20.04"];

/// What `cargo xtask check-mobile` needs to compile the C dependencies' build scripts for a
/// phone target without its SDK: clang, llvm-ar and Debian's aarch64 glibc headers.
const MOBILE_PACKAGES: &[&str] = &["clang", "llvm", "libc6-dev-arm64-cross"];

pub fn ensure_packages() -> Result<()> {
    ensure(TEST_PACKAGES)
}

pub fn ensure_bench_packages() -> Result<()> {
    ensure(BENCH_PACKAGES)
}

pub fn ensure_mobile_packages() -> Result<()> {
    ensure(MOBILE_PACKAGES)
}

/// `tauri-driver` (WebDriver for Tauri windows), built once into `target/tauri-driver`,
/// where the window test looks for it.
pub fn ensure_tauri_driver(root: &std::path::Path) -> Result<()> {
    let dir = root.join("target/tauri-driver");
    if dir.join("bin/tauri-driver").exists() {
        return Ok(());
    }
    run(crate::cargo()
        .args([
            "install",
            "tauri-driver",
            "--locked",
            "--version",
            "^2",
            "--root",
        ])
        .arg(&dir))
}

/// `s3s-fs` (an S3-compatible server over a folder, from crates.io), built once into
/// `target/s3s-fs`, where the server's photo-store and API tests look for it. Chosen over
/// Garage for CI: it builds in about 3 minutes here (169 crates), starts at once with no
/// cluster layout or keys to set up; Garage is 286 crates with libsodium, SQLite and LMDB
/// built from C (crates/server/README.md).
pub fn ensure_s3s_fs(root: &std::path::Path) -> Result<()> {
    let dir = root.join("target/s3s-fs");
    if dir.join("bin/s3s-fs").exists() {
        return Ok(());
    }
    // 0.14 is the newest release that builds with the project's Rust (1.95).
    run(crate::cargo()
        .args([
            "install",
            "s3s-fs",
            "--locked",
            "--version",
            "=0.14.1",
            "--features",
            "binary",
            "--root",
        ])
        .arg(&dir))
}

/// A Python venv in `target/open311-client` with `georeport` from PyPI: a published Open311
/// GeoReport v2 client, which the server's Open311 test reads the service with.
pub fn ensure_open311_client(root: &std::path::Path) -> Result<()> {
    let dir = root.join("target/open311-client");
    let python = dir.join("bin/python");
    let ready = Command::new(&python)
        .args(["-c", "import georeport"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ready {
        return Ok(());
    }
    run(Command::new("python3").args(["-m", "venv"]).arg(&dir))?;
    run(Command::new(&python).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "georeport==0.3.1",
    ]))
}

fn ensure(packages: &[&str]) -> Result<()> {
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("installing system packages: {}", missing.join(" "));
    let sudo = !is_root();
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.env("DEBIAN_FRONTEND", "noninteractive").args(args);
        cmd
    };
    // A fresh machine may have an empty package list; a failed install retries after update.
    let mut install = vec!["install", "-y", "--no-install-recommends"];
    install.extend(&missing);
    if run(&mut apt(&install)).is_err() {
        run(&mut apt(&["update"]))?;
        run(&mut apt(&install))?;
    }
    Ok(())
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

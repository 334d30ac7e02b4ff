//! `cargo xtask check-mobile [--android | --ios | --all]`: type-checks the app shell's phone code path (`#[cfg(mobile)]`,
//! `src-tauri/src/mobile.rs`, the geolocation and barcode-scanner plugins) for Android and
//! iOS, without an Android NDK or SDK or Apple's SDK. Nothing is linked; see
//! src-tauri/README.md for what this proves and what it does not.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::{cargo, run, system};

/// 64-bit ARM Android, what nearly every Android phone in use runs.
const ANDROID: &str = "aarch64-linux-android";
/// iPhones (the device, not the simulator).
const IOS: &str = "aarch64-apple-ios";

/// The shell's Android package (`identifier` in src-tauri/tauri.conf.json) and its library
/// (`[lib] name` in src-tauri/Cargo.toml), which wry and tauri write into their Kotlin files.
const ANDROID_PACKAGE: &str = "org.wangge.app";
const ANDROID_LIBRARY: &str = "wangge_app_lib";

/// Tauri's default `bundle.iOS.minimumSystemVersion`.
const IOS_DEPLOYMENT_TARGET: &str = "15.0";

/// Debian's aarch64 glibc (`libc6-dev-arm64-cross`): headers for the C dependencies.
const SYSROOT: &str = "/usr/aarch64-linux-gnu";

/// Stands in for the NDK's and Xcode's clang. `cargo check` runs the build scripts of the C
/// dependencies (bundled SQLite, aws-lc; on iOS also objc2's exception helper), which compile
/// their C for the target; their objects are never linked, so Debian's clang against the
/// aarch64 glibc headers is enough. The `cc` crate passes the phone's `--target=` (and, for
/// iOS, `-miphoneos-version-min=`), which would look for Bionic's or Apple's headers: the
/// wrapper drops them and compiles for aarch64 Linux instead.
fn wrapper_script() -> String {
    format!(
        "#!/bin/sh\n\
         # Written by `cargo xtask check-mobile` (xtask/src/mobile.rs): compiles C for phone\n\
         # type-checking with Debian's clang and aarch64 glibc headers; never linked.\n\
         for arg do\n  \
           shift\n  \
           case \"$arg\" in\n    \
             --target=* | -miphoneos-version-min=* | -mios-version-min=*) ;;\n    \
             *) set -- \"$@\" \"$arg\" ;;\n  \
           esac\n\
         done\n\
         exec clang --target=aarch64-linux-gnu --sysroot={SYSROOT} -isystem {SYSROOT}/include \
         -D_GNU_SOURCE \"$@\"\n"
    )
}

/// Which phones to check: `cargo xtask check-mobile [--android | --ios | --all]`.
pub fn targets(args: &[String]) -> Result<Vec<&'static str>> {
    match args.first().map(String::as_str) {
        None | Some("--android") => Ok(vec![ANDROID]),
        Some("--ios") => Ok(vec![IOS]),
        Some("--all") => Ok(vec![ANDROID, IOS]),
        Some(other) => anyhow::bail!("check-mobile takes --android, --ios or --all, not {other:?}"),
    }
}

/// Type-checks the shell for each of `targets`. They share the workspace's target folder,
/// so the host's build scripts and proc macros, compiled for the tests already, are reused.
pub fn check(root: &Path, targets: &[&str]) -> Result<()> {
    system::ensure_mobile_packages()?;
    // The shell embeds the built UI, so it must exist before the shell compiles.
    if !root.join("ui/dist/index.html").exists() {
        crate::ui::build(root)?;
    }
    // The wrapper, OpenSSL's headers and Android's Kotlin glue.
    let dir = root.join("target/mobile-check");
    let wrapper = dir.join("bin/cc-phone");
    write_executable(&wrapper, &wrapper_script())?;
    let openssl = openssl_headers(&dir)?;

    for &target in targets {
        let started = Instant::now();
        ensure_rust_target(target)?;
        let underscored = target.replace('-', "_");
        let mut cmd = cargo();
        cmd.args(["check", "-p", "wangge-app", "--target", target])
            // Only the workspace's crates: cargo caps lints of registry crates.
            .env("RUSTFLAGS", "-D warnings")
            .env(format!("CC_{underscored}"), &wrapper)
            .env(format!("AR_{underscored}"), "llvm-ar")
            // SQLCipher's C includes OpenSSL's headers; its object is never linked.
            .env(
                format!("{}_OPENSSL_INCLUDE_DIR", underscored.to_uppercase()),
                &openssl,
            )
            .env(
                format!("{}_OPENSSL_LIB_DIR", underscored.to_uppercase()),
                &openssl,
            );
        if target == ANDROID {
            // wry's and tauri's build scripts write the Kotlin glue of the Android app here.
            let kotlin = dir.join("kotlin");
            std::fs::create_dir_all(&kotlin)
                .with_context(|| format!("cannot create {kotlin:?}"))?;
            cmd.env("WRY_ANDROID_PACKAGE", ANDROID_PACKAGE)
                .env("WRY_ANDROID_LIBRARY", ANDROID_LIBRARY)
                .env("WRY_ANDROID_KOTLIN_FILES_OUT_DIR", &kotlin);
        } else {
            // `cc` asks `xcrun` (macOS only) for the SDK and its version unless told.
            cmd.env("SDKROOT", SYSROOT)
                .env("IPHONEOS_DEPLOYMENT_TARGET", IOS_DEPLOYMENT_TARGET);
        }
        run(&mut cmd)?;
        eprintln!(
            "check-mobile: {target} type-checks ({:.0} s)",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// OpenSSL's headers for compiling SQLCipher's C for a phone without the phone's OpenSSL:
/// Debian's (`libssl-dev`), with its 64-bit configuration headers beside them in one
/// folder. Both phones are 64-bit little-endian like the host, so the declarations are the
/// phone's; a real phone build points `OPENSSL_DIR` at an OpenSSL built for it (Android)
/// or uses Apple's CommonCrypto (iOS, built on a Mac), see src-tauri/README.md.
fn openssl_headers(dir: &Path) -> Result<std::path::PathBuf> {
    let out = dir.join("openssl-headers");
    let target = out.join("openssl");
    std::fs::create_dir_all(&target).with_context(|| format!("cannot create {target:?}"))?;
    for from in [
        "/usr/include/openssl",
        "/usr/include/x86_64-linux-gnu/openssl",
    ] {
        for entry in
            std::fs::read_dir(from).with_context(|| format!("cannot read {from} (libssl-dev)"))?
        {
            let entry = entry?;
            std::fs::copy(entry.path(), target.join(entry.file_name()))
                .with_context(|| format!("cannot copy {:?}", entry.path()))?;
        }
    }
    Ok(out)
}

/// Adds a Rust target through rustup when it is not installed yet.
fn ensure_rust_target(target: &str) -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("cannot run rustup, which adds the phone target")?;
    let installed = String::from_utf8_lossy(&out.stdout);
    if !installed.lines().any(|l| l.trim() == target) {
        run(Command::new("rustup").args(["target", "add", target]))?;
    }
    Ok(())
}

/// Writes an executable script, leaving it untouched when it already says the same.
fn write_executable(path: &Path, text: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {parent:?}"))?;
        }
        std::fs::write(path, text).with_context(|| format!("cannot write {path:?}"))?;
    }
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot make {path:?} executable"))
}

//! Developer tasks: `cargo xtask demo | test | tidy | check-mobile | bench <name> | fuzz`.
//!
//! `cargo xtask test` is what CI runs (through `.ci/run`): it installs the system packages the
//! tests need on a fresh Debian machine, then runs tidy, clippy, the phone type-check and every
//! test.

mod demo;
mod fuzz;
mod mobile;
mod system;
mod tidy;
mod ui;

use std::process::Command;

use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root).context("cannot enter the project root")?;
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("tidy") => tidy::check(&root),
        Some("bench") => bench(args.get(1).map(String::as_str)),
        Some("check-mobile") => mobile::check(&root, &mobile::targets(&args[1..])?),
        Some("deps") => system::ensure_packages(),
        Some("gen-types") => gen_types(),
        Some("demo") => demo::demo(&root, &args[1..]),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 tasks:\n  \
                 demo [--as USER] run the demo service and open the app (signed in as a worker)\n  \
                 test             install system packages, then tidy, check-mobile and every test, linted by clippy (CI)\n  \
                 tidy             every .rs file opens with a //! line\n  \
                 check-mobile [--android | --ios | --all]\n                   \
                 type-check the app's phone code, for Android by default (no NDK, no Xcode)\n  \
                 bench <name>     run a benchmark: photos | gridmap | ingest | store | kpis | all\n  \
                 fuzz [--seconds N] [TARGET...]\n                   \
                 run the fuzz targets (photo_decode geojson_import push_body import_table), N s each (60)\n  \
                 deps             install the system packages the tests need\n  \
                 gen-types        write ui/src/api/generated.ts from the Rust types"
            );
            bail!("no task given")
        }
    }
}

fn project_root() -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    dir.parent().unwrap_or(dir).to_path_buf()
}

/// Runs a command, failing with its name when it fails.
pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    eprintln!("$ {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed: {status}");
    }
    Ok(())
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn test() -> Result<()> {
    let root = project_root();
    system::ensure_packages()?;
    tidy::check(&root)?;
    run(cargo().args(["fmt", "--all", "--check"]))?;
    // The Tauri shell embeds ui/dist, so the front end is built before anything compiles.
    ui::test(&root)?;
    ui::build(&root)?;
    // The window test drives the real app through tauri-driver, on Xvfb displays it starts.
    system::ensure_tauri_driver(&root)?;
    system::ensure_open311_client(&root)?;
    // The photo store's tests run against a private S3-compatible server.
    system::ensure_s3s_fs(&root)?;
    // Clippy lints the workspace's crates as they compile for the tests (what `cargo clippy`
    // itself does, through the same driver), so the dependencies are compiled once rather
    // than checked for clippy and then compiled again. The benches compile (not run) too,
    // so every target is linted, as `cargo clippy --all-targets` would.
    run(linted(cargo().args([
        "test",
        "--workspace",
        "--benches",
        "--no-run",
    ]))?)?;
    run(linted(cargo().args([
        "nextest",
        "run",
        "--workspace",
        "--no-fail-fast",
    ]))?)?;
    // The server's sync, case-loop, regrid, whistle, placard, filing, export, KPI, warning,
    // Open311, board, browser-session and blob API tests again with their data in
    // PostgreSQL and their photos in an S3-compatible store, and the replica tests and the
    // move off the embedded store, which run only there (each test private servers; the
    // stores' own tests ran above).
    run(linted(cargo().args([
        "nextest",
        "run",
        "-p",
        "server",
        "--test",
        "api",
        "--no-fail-fast",
        "-E",
        "test(/^(sync|caseloop|regrid|whistle|placards|join|filing|exports|kpis|warnings|open311|board|web|blobs|replicas|moving)::/)",
    ]))?
    .env("WANGGE_TEST_POSTGRES", "1")
    .env("WANGGE_TEST_S3", "1"))?;
    // A district moved off the embedded store under a signed-in phone, into PostgreSQL and
    // the S3-compatible store (skipped in the run above, which has neither).
    run(linted(cargo().args([
        "nextest",
        "run",
        "-p",
        "e2e",
        "--test",
        "e2e",
        "--no-fail-fast",
        "-E",
        "test(/^moving::/)",
    ]))?
    .env("WANGGE_TEST_POSTGRES", "1")
    .env("WANGGE_TEST_S3", "1"))?;
    run(linted(cargo().args(["test", "--workspace", "--doc"]))?)?;
    // The phone code path (`#[cfg(mobile)]`), which nothing else here compiles, on Android
    // (iOS's differs only in `target_os` checks and Apple's crates: `check-mobile --ios`).
    // Last, to reuse the host's proc macros and build scripts the tests compiled.
    mobile::check(&root, &mobile::targets(&[])?)?;
    Ok(())
}

/// `cmd` compiling the workspace's crates through clippy's driver with every warning an
/// error (`cargo clippy -- -D warnings`, which passes its arguments the same way).
fn linted(cmd: &mut Command) -> Result<&mut Command> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .context("cannot run rustc --print sysroot")?;
    let driver = std::path::Path::new(String::from_utf8_lossy(&sysroot.stdout).trim())
        .join("bin/clippy-driver");
    if !driver.exists() {
        bail!("{driver:?} is missing: `rustup component add clippy`");
    }
    Ok(cmd.env("RUSTC_WORKSPACE_WRAPPER", driver).env(
        "CLIPPY_ARGS",
        "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__",
    ))
}

fn bench(name: Option<&str>) -> Result<()> {
    let names: Vec<&str> = match name {
        Some("all") | None => vec!["photos", "gridmap", "ingest", "store", "kpis"],
        Some(n) => vec![n],
    };
    for n in names {
        let (package, target) = match n {
            "photos" => {
                system::ensure_bench_packages()?;
                ("photos", "prepare")
            }
            "gridmap" => ("gridmap", "locate"),
            "ingest" => ("server", "ingest"),
            "store" => ("e2e", "store_at_rest"),
            "kpis" => ("server", "kpis"),
            other => {
                bail!("unknown benchmark {other:?}: photos | gridmap | ingest | store | kpis | all")
            }
        };
        run(cargo().args(["bench", "-p", package, "--bench", target]))?;
    }
    Ok(())
}

/// Writes `ui/src/api/generated.ts` from the Rust types (the test that checks it, told to
/// write instead).
fn gen_types() -> Result<()> {
    run(cargo()
        .args(["test", "-q", "-p", "device", "--test", "ui_types"])
        .env("WANGGE_WRITE_UI_TYPES", "1"))
}

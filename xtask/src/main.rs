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
        Some("check-mobile") => mobile::check(&root),
        Some("deps") => system::ensure_packages(),
        Some("gen-types") => gen_types(),
        Some("demo") => demo::demo(&root, &args[1..]),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 tasks:\n  \
                 demo [--as USER] run the demo service and open the app (signed in as a worker)\n  \
                 test             install system packages, then tidy, clippy, check-mobile and every test (CI)\n  \
                 tidy             every .rs file opens with a //! line\n  \
                 check-mobile     type-check the app's phone code for Android and iOS (no NDK, no Xcode)\n  \
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
    run(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The phone code path (`#[cfg(mobile)]`), which nothing else here compiles.
    mobile::check(&root)?;
    // The window test drives the real app through tauri-driver, on Xvfb displays it starts.
    system::ensure_tauri_driver(&root)?;
    run(cargo().args(["nextest", "run", "--workspace", "--no-fail-fast"]))?;
    run(cargo().args(["test", "--workspace", "--doc"]))?;
    Ok(())
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

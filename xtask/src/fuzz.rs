//! `cargo xtask fuzz [--seconds N] [TARGET...]`: runs the fuzz targets in `fuzz/` (photo
//! decode, GeoJSON import, push bodies, import tables) with cargo-fuzz on nightly, each for
//! a bounded time.
//!
//! Not part of `cargo xtask test`: CI stays fast, and fuzzing needs nightly. cargo-fuzz is
//! installed (`cargo install cargo-fuzz`, into `~/.cargo/bin`) when missing, and the nightly
//! toolchain too. Each target starts from its committed seeds in `fuzz/corpus/<target>/`;
//! what it finds on the way goes to `fuzz/target/corpus/<target>/` (not committed), a crash
//! to `fuzz/artifacts/<target>/`. TESTING.md ("Fuzzing") says what each target calls.

use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::run;

/// The targets, in the order they run: `fuzz/fuzz_targets/<name>.rs`.
pub const TARGETS: &[&str] = &[
    "photo_decode",
    "geojson_import",
    "push_body",
    "import_table",
];

/// Seconds per target when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 60;

/// Parses `[--seconds N] [TARGET...]` and runs each target (all of them by default).
pub fn fuzz(root: &Path, args: &[String]) -> Result<()> {
    let (seconds, targets) = parse_args(args)?;
    ensure_nightly()?;
    ensure_cargo_fuzz()?;
    let fuzz_dir = root.join("fuzz");
    for target in &targets {
        let found = fuzz_dir.join("target/corpus").join(target);
        std::fs::create_dir_all(&found)
            .with_context(|| format!("cannot create {}", found.display()))?;
        eprintln!("fuzz: {target} for {seconds} s");
        // The first corpus folder receives new inputs; the committed seeds stay as they are.
        run(nightly_cargo()
            .current_dir(&fuzz_dir)
            .args(["fuzz", "run", target])
            .arg(format!("target/corpus/{target}"))
            .arg(format!("corpus/{target}"))
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-print_final_stats=1"))
        .with_context(|| {
            format!("fuzz target {target} failed: the input is in fuzz/artifacts/{target}/")
        })?;
    }
    eprintln!(
        "fuzz: {} ran {seconds} s each, no crash",
        targets.join(", ")
    );
    Ok(())
}

fn parse_args(args: &[String]) -> Result<(u64, Vec<String>)> {
    let mut seconds = DEFAULT_SECONDS;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().context("--seconds needs a number")?;
                seconds = value
                    .parse()
                    .ok()
                    .filter(|&s| s > 0)
                    .with_context(|| format!("--seconds {value:?} is not a positive number"))?;
            }
            name if TARGETS.contains(&name) => targets.push(name.to_string()),
            other => bail!(
                "unknown fuzz argument {other:?}: cargo xtask fuzz [--seconds N] [{}]",
                TARGETS.join(" | ")
            ),
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    Ok((seconds, targets))
}

/// `cargo +nightly` through rustup's proxy. The toolchain `cargo xtask` itself runs on is
/// not passed down: cargo-fuzz needs nightly's sanitizer flags.
fn nightly_cargo() -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("+nightly")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("CARGO");
    cmd
}

/// Whether `cmd` runs and succeeds (its output discarded).
fn succeeds(cmd: &mut Command) -> bool {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn ensure_nightly() -> Result<()> {
    if succeeds(nightly_cargo().arg("--version")) {
        return Ok(());
    }
    run(Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))
}

fn ensure_cargo_fuzz() -> Result<()> {
    if succeeds(nightly_cargo().args(["fuzz", "--version"])) {
        return Ok(());
    }
    // About 45 s on two cores; into ~/.cargo/bin like any `cargo install`.
    run(crate::cargo().args(["install", "cargo-fuzz", "--locked"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_target_for_a_minute_by_default() {
        let (seconds, targets) = parse_args(&[]).unwrap();
        assert_eq!(seconds, 60);
        assert_eq!(targets, TARGETS);
    }

    #[test]
    fn seconds_and_targets_are_chosen() {
        let (seconds, targets) = parse_args(&args(&["--seconds", "5", "push_body"])).unwrap();
        assert_eq!((seconds, targets), (5, vec!["push_body".to_string()]));
        assert!(parse_args(&args(&["--seconds"])).is_err());
        assert!(parse_args(&args(&["--seconds", "0"])).is_err());
        assert!(parse_args(&args(&["--seconds", "soon"])).is_err());
        assert!(parse_args(&args(&["excel_import"])).is_err());
    }

    #[test]
    fn each_target_has_its_source_and_seeds() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
        for target in TARGETS {
            assert!(
                root.join(format!("fuzz/fuzz_targets/{target}.rs")).exists(),
                "{target}"
            );
            assert!(
                manifest.contains(&format!("name = \"{target}\"")),
                "{target}"
            );
            let seeds = std::fs::read_dir(root.join(format!("fuzz/corpus/{target}")))
                .unwrap()
                .count();
            assert!(seeds > 0, "{target} has no seeds");
        }
    }
}

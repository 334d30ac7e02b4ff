//! The app's front end (`ui/`): installed from its lockfile, checked, unit-tested and built
//! into `ui/dist`, which the Tauri shell embeds (so it must exist before `src-tauri` compiles).

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use crate::run;

fn npm(root: &Path) -> Command {
    let mut cmd = Command::new("npm");
    cmd.current_dir(root.join("ui"));
    cmd
}

/// `npm ci` when the installed packages are missing or older than the lockfile.
pub fn install(root: &Path) -> Result<()> {
    let lock = root.join("ui/package-lock.json");
    let marker = root.join("ui/node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&marker)) {
        (Ok(l), Ok(m)) => m.modified()? >= l.modified()?,
        _ => false,
    };
    if !fresh {
        run(npm(root).args(["ci", "--no-audit", "--no-fund"]))?;
    }
    Ok(())
}

/// Builds `ui/dist`.
pub fn build(root: &Path) -> Result<()> {
    install(root)?;
    run(npm(root).args(["run", "build"]))
}

/// Type-checks and unit-tests the front end.
pub fn test(root: &Path) -> Result<()> {
    install(root)?;
    run(npm(root).args(["run", "check"]))?;
    run(npm(root).args(["test"]))
}

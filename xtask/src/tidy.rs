//! The tidy check: every tracked `.rs` file opens with a `//!` doc line saying what lives there.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Fails listing every `.rs` file (outside `target/` and `node_modules/`) whose first
/// non-blank line is not a `//!` doc comment.
pub fn check(root: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(root, &mut files)?;
    let mut missing = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if !first.starts_with("//!") {
            missing.push(
                file.strip_prefix(root)
                    .unwrap_or(file)
                    .display()
                    .to_string(),
            );
        }
    }
    if !missing.is_empty() {
        bail!(
            "these files do not open with a //! line saying what lives there:\n  {}",
            missing.join("\n  ")
        );
    }
    eprintln!("tidy: {} .rs files, all open with a //! line", files.len());
    Ok(())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type()?.is_dir() {
            if name.starts_with('.') || name == "target" || name == "node_modules" || name == "gen"
            {
                continue;
            }
            collect(&path, out)?;
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_without_a_doc_line_fails() {
        let dir = std::env::temp_dir().join(format!("tidy-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("good.rs"), "\n//! Good.\nfn main() {}\n").unwrap();
        assert!(check(&dir).is_ok());
        std::fs::write(dir.join("bad.rs"), "fn main() {}\n").unwrap();
        let err = check(&dir).unwrap_err().to_string();
        assert!(err.contains("bad.rs"), "{err}");
        assert!(!err.contains("good.rs"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

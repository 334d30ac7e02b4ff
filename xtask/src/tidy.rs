//! The tidy check: ARCHITECTURE.md's invariants as checks of the tree. Every tracked `.rs`
//! file opens with a `//!` line; SQLite is named only inside the storage engines and the
//! PostgreSQL client crates only inside the server's PostgreSQL engine; the UI
//! reaches Rust only through `ui/src/api/`; the compiled-in demo district is used only by
//! the demo; workspace crates depend on each other only in the drawn direction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Runs every check on the tree at `root`, listing every violation before failing.
pub fn check(root: &Path) -> Result<()> {
    let mut problems = Vec::new();
    let rust = files(root, &["rs"])?;
    problems.extend(doc_lines(root, &rust)?);
    problems.extend(sqlite_outside_store(root, &rust)?);
    problems.extend(postgres_outside_store(root, &rust)?);
    problems.extend(invoke_outside_api(root)?);
    problems.extend(fixtures_outside_demo(root, &rust)?);
    if root.join("Cargo.toml").exists() {
        problems.extend(layers(&workspace_dependencies(root)?));
    }
    if !problems.is_empty() {
        bail!(
            "tidy found {} problems:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }
    eprintln!(
        "tidy: {} .rs files open with a //! line; storage, UI, fixture and crate-direction rules hold",
        rust.len()
    );
    Ok(())
}

fn rel(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Lines of code with their numbers, without `//` comments (comments may name anything).
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("")))
        .filter(|(_, l)| !l.trim().is_empty())
}

fn doc_lines(root: &Path, files: &[PathBuf]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)?;
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        if !first.starts_with("//!") {
            out.push(format!(
                "{}: does not open with a //! line saying what lives there",
                rel(root, file)
            ));
        }
    }
    Ok(out)
}

/// Where each crate's SQLite engine lives; nothing else in the crate may name `rusqlite`.
const STORAGE_ENGINES: &[(&str, &str)] = &[
    ("crates/server/src/", "crates/server/src/store/sqlite/"),
    ("crates/device/src/", "crates/device/src/store/"),
];

fn sqlite_outside_store(root: &Path, files: &[PathBuf]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for file in files {
        let path = rel(root, file);
        let Some((_, engine)) = STORAGE_ENGINES
            .iter()
            .find(|(krate, _)| path.starts_with(krate))
        else {
            continue;
        };
        if path.starts_with(engine) {
            continue;
        }
        let text = std::fs::read_to_string(file)?;
        for (n, line) in code_lines(&text) {
            if line.contains("rusqlite") {
                out.push(format!(
                    "{path}:{n}: names rusqlite outside the storage engine ({engine})"
                ));
            }
        }
    }
    Ok(out)
}

/// The server's PostgreSQL engine: the only place in the crates that names its client crates.
const POSTGRES_ENGINE: &str = "crates/server/src/store/postgres/";
const POSTGRES_CRATES: &[&str] = &["postgres::", "tokio_postgres", "r2d2"];

/// Whether `line` names `krate` as a path's first segment (`postgres::Client`, not
/// `store::postgres::PgStore` nor `my_postgres::`).
fn names_crate(line: &str, krate: &str) -> bool {
    line.match_indices(krate).any(|(i, _)| {
        !line[..i]
            .chars()
            .next_back()
            .is_some_and(|c| c == ':' || c == '_' || c.is_alphanumeric())
    })
}

fn postgres_outside_store(root: &Path, files: &[PathBuf]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for file in files {
        let path = rel(root, file);
        if !path.starts_with("crates/") || path.starts_with(POSTGRES_ENGINE) {
            continue;
        }
        let text = std::fs::read_to_string(file)?;
        for (n, line) in code_lines(&text) {
            if let Some(krate) = POSTGRES_CRATES.iter().find(|k| names_crate(line, k)) {
                out.push(format!(
                    "{path}:{n}: names {} outside the PostgreSQL engine ({POSTGRES_ENGINE})",
                    krate.trim_end_matches(':')
                ));
            }
        }
    }
    Ok(out)
}

fn invoke_outside_api(root: &Path) -> Result<Vec<String>> {
    let ui = root.join("ui/src");
    if !ui.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for file in files(&ui, &["ts", "svelte", "js"])? {
        let path = rel(root, &file);
        if path.starts_with("ui/src/api/") {
            continue;
        }
        let text = std::fs::read_to_string(&file)?;
        for (n, line) in code_lines(&text) {
            if line.contains("invoke(") {
                out.push(format!(
                    "{path}:{n}: calls invoke( outside ui/src/api/ (use the typed api)"
                ));
            }
        }
    }
    Ok(out)
}

/// The service must run any district from its own data: only the demo may use the
/// compiled-in Haigang fixture.
fn fixtures_outside_demo(root: &Path, files: &[PathBuf]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for file in files {
        let path = rel(root, file);
        if !path.starts_with("crates/server/src/") || path.starts_with("crates/server/src/demo/") {
            continue;
        }
        let text = std::fs::read_to_string(file)?;
        for (n, line) in code_lines(&text) {
            if line.contains("domain::fixtures") || line.contains("fixtures::haigang") {
                out.push(format!(
                    "{path}:{n}: uses the compiled-in demo district outside the demo"
                ));
            }
        }
    }
    Ok(out)
}

/// The layer of each workspace crate, as ARCHITECTURE.md draws them: a crate depends
/// (outside tests) only on crates of a lower layer. `xtask` stands apart.
const LAYERS: &[(&str, u8)] = &[
    ("domain", 0),
    ("protocol", 1),
    ("gridmap", 1),
    ("photos", 1),
    ("tables", 1),
    ("placards", 1),
    ("device", 2),
    ("server", 2),
    ("wangge", 3),
    ("wangge-app", 3),
    ("e2e", 3),
];

/// Each workspace crate with the workspace crates it depends on (normal and build
/// dependencies; dev-dependencies may reach anywhere, tests use real parts).
pub fn workspace_dependencies(root: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let output =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .current_dir(root)
            .output()
            .context("cannot run cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let packages = meta["packages"].as_array().cloned().unwrap_or_default();
    let members: Vec<String> = packages
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect();
    let mut out = BTreeMap::new();
    for p in &packages {
        let Some(name) = p["name"].as_str() else {
            continue;
        };
        let deps = p["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["kind"].as_str() != Some("dev"))
            .filter_map(|d| d["name"].as_str())
            .filter(|d| members.iter().any(|m| m == d))
            .map(str::to_string)
            .collect();
        out.insert(name.to_string(), deps);
    }
    Ok(out)
}

/// Every dependency that does not point to a lower layer, and every crate with no layer.
pub fn layers(graph: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let layer = |name: &str| LAYERS.iter().find(|(n, _)| *n == name).map(|(_, l)| *l);
    let mut out = Vec::new();
    for (name, deps) in graph {
        if name == "xtask" {
            continue;
        }
        let Some(own) = layer(name) else {
            out.push(format!(
                "crate {name} has no layer in xtask/src/tidy.rs LAYERS (and ARCHITECTURE.md)"
            ));
            continue;
        };
        for dep in deps {
            match layer(dep) {
                Some(l) if l < own => {}
                _ => out.push(format!(
                    "crate {name} depends on {dep}: dependencies point down the layers \
                     (domain ← protocol, gridmap, photos ← device, server ← wangge, wangge-app, e2e)"
                )),
            }
        }
    }
    out
}

/// Files under `dir` with one of `extensions`, outside `target/`, `node_modules/`, `gen/`
/// and hidden folders.
fn files(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    collect(dir, extensions, &mut out)?;
    out.sort();
    Ok(out)
}

fn collect(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<()> {
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
            collect(&path, extensions, out)?;
        } else if extensions
            .iter()
            .any(|e| path.extension().is_some_and(|x| x == *e))
        {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree in a fresh temporary folder with the given files.
    fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tidy-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn failure(dir: &Path) -> String {
        let err = check(dir).unwrap_err().to_string();
        std::fs::remove_dir_all(dir).unwrap();
        err
    }

    const GOOD: &[(&str, &str)] = &[
        ("good.rs", "\n//! Good.\nfn main() {}\n"),
        (
            "crates/server/src/store/sqlite/cases.rs",
            "//! Cases.\nuse rusqlite::params;\n",
        ),
        (
            "crates/server/src/demo/mod.rs",
            "//! Demo.\nfn f() { domain::fixtures::haigang(); }\n",
        ),
        (
            "crates/device/src/store/mod.rs",
            "//! Store.\nuse rusqlite::Connection;\n",
        ),
        (
            "crates/server/src/store/postgres/mod.rs",
            "//! Store.\nuse postgres::Client;\ntype P = r2d2::Pool<M>;\n",
        ),
        (
            "crates/server/src/state.rs",
            "//! State.\nuse crate::store::postgres::PgStore;\n",
        ),
        ("ui/src/api/transport.ts", "await invoke('me');\n"),
        (
            "ui/src/views/Home.svelte",
            "<script>api.me(); // not invoke( here\n</script>\n",
        ),
    ];

    #[test]
    fn a_good_tree_passes() {
        let dir = tree("good", GOOD);
        check(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_without_a_doc_line_fails() {
        let mut files = GOOD.to_vec();
        files.push(("bad.rs", "fn main() {}\n"));
        let err = failure(&tree("doc", &files));
        assert!(err.contains("bad.rs: does not open"), "{err}");
        assert!(!err.contains("good.rs"), "{err}");
    }

    #[test]
    fn rusqlite_in_a_server_handler_fails() {
        let mut files = GOOD.to_vec();
        files.push((
            "crates/server/src/http/cases.rs",
            "//! Handlers.\nuse rusqlite::Connection;\n",
        ));
        files.push((
            "crates/device/src/engine/view.rs",
            "//! View.\nfn f(c: &rusqlite::Connection) {}\n",
        ));
        let err = failure(&tree("sqlite", &files));
        assert!(
            err.contains("crates/server/src/http/cases.rs:2: names rusqlite"),
            "{err}"
        );
        assert!(
            err.contains("crates/device/src/engine/view.rs:2: names rusqlite"),
            "{err}"
        );
        assert!(!err.contains("sqlite/cases.rs"), "{err}");
    }

    #[test]
    fn the_postgres_client_outside_its_engine_fails() {
        let mut files = GOOD.to_vec();
        files.push((
            "crates/server/src/sync.rs",
            "//! Sync.\nfn f(c: &mut postgres::Client) {}\n",
        ));
        files.push((
            "crates/server/src/events.rs",
            "//! Events.\nuse r2d2::Pool;\n",
        ));
        let err = failure(&tree("postgres", &files));
        assert!(
            err.contains("crates/server/src/sync.rs:2: names postgres outside"),
            "{err}"
        );
        assert!(
            err.contains("crates/server/src/events.rs:2: names r2d2 outside"),
            "{err}"
        );
        assert!(!err.contains("state.rs"), "{err}");
        assert!(!err.contains("postgres/mod.rs"), "{err}");
    }

    #[test]
    fn invoke_in_a_view_fails() {
        let mut files = GOOD.to_vec();
        files.push((
            "ui/src/views/worker/Me.svelte",
            "<script>\nimport { invoke } from '@tauri-apps/api/core';\nawait invoke('logout');\n</script>\n",
        ));
        let err = failure(&tree("invoke", &files));
        assert!(
            err.contains("ui/src/views/worker/Me.svelte:3: calls invoke("),
            "{err}"
        );
        assert!(!err.contains("transport.ts"), "{err}");
        assert!(!err.contains("Home.svelte"), "{err}");
    }

    #[test]
    fn the_demo_district_outside_the_demo_fails() {
        let mut files = GOOD.to_vec();
        files.push((
            "crates/server/src/queries.rs",
            "//! Queries.\nfn names() { let h = domain::fixtures::haigang(); }\n",
        ));
        let err = failure(&tree("fixtures", &files));
        assert!(
            err.contains("crates/server/src/queries.rs:2: uses the compiled-in"),
            "{err}"
        );
        assert!(!err.contains("demo.rs"), "{err}");
    }

    #[test]
    fn a_dependency_up_the_layers_fails() {
        let graph = |edges: &[(&str, &[&str])]| -> BTreeMap<String, Vec<String>> {
            edges
                .iter()
                .map(|(n, d)| (n.to_string(), d.iter().map(|s| s.to_string()).collect()))
                .collect()
        };
        let good = graph(&[
            ("domain", &[]),
            ("protocol", &["domain"]),
            ("device", &["domain", "protocol"]),
            ("wangge-app", &["device", "protocol"]),
            ("xtask", &[]),
        ]);
        assert!(layers(&good).is_empty(), "{:?}", layers(&good));
        let bad = graph(&[
            ("domain", &["protocol"]),
            ("device", &["server"]),
            ("newcrate", &[]),
        ]);
        let problems = layers(&bad).join("\n");
        assert!(
            problems.contains("crate domain depends on protocol"),
            "{problems}"
        );
        assert!(
            problems.contains("crate device depends on server"),
            "{problems}"
        );
        assert!(
            problems.contains("crate newcrate has no layer"),
            "{problems}"
        );
    }

    #[test]
    fn this_workspace_keeps_its_layers() {
        let root = crate::project_root();
        let graph = workspace_dependencies(&root).unwrap();
        assert!(
            graph.contains_key("domain") && graph.contains_key("wangge-app"),
            "{graph:?}"
        );
        assert_eq!(layers(&graph), Vec::<String>::new());
    }
}

//! `wangge admin`: administering a district through the service's API, signed in as an
//! administrator: `import KIND FILE` sends a file (a hierarchy table as CSV or .xlsx) and
//! prints what it changed, or every problem by sheet, row and column; `template KIND` writes
//! the empty workbook to fill in.

use std::path::PathBuf;

use anyhow::{Context, bail};
use protocol::{ImportReport, SessionTokens};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Import a file: `hierarchy` (districts, streets and communities: columns level,
    /// code, name, parent_code), as CSV (UTF-8) or an Excel workbook.
    Import(ImportArgs),
    /// Write an empty template to fill in: its columns, an example row and a notes sheet.
    Template(TemplateArgs),
}

#[derive(clap::Args)]
struct TemplateArgs {
    /// What the file will hold: hierarchy.
    kind: String,
    /// Where to write it (.xlsx).
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// What the file holds: hierarchy.
    kind: String,
    /// The file.
    file: PathBuf,
    /// The service, e.g. https://wangge.example.gov.cn or http://127.0.0.1:8080.
    #[arg(long, value_name = "URL")]
    server: String,
    /// The administrator's user name; the password comes from WANGGE_PASSWORD.
    #[arg(long, value_name = "NAME", default_value = "admin")]
    user: String,
    /// Report what would change without storing anything.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match args.command {
        Command::Import(a) => runtime.block_on(import(a)),
        Command::Template(a) => template(&a),
    }
}

fn template(a: &TemplateArgs) -> anyhow::Result<()> {
    let Some(bytes) = tables::template::template(&a.kind) else {
        bail!(
            "no template of {:?}; there are: {}",
            a.kind,
            tables::template::KINDS.join(", ")
        );
    };
    let bytes = bytes.context("cannot write the template")?;
    std::fs::write(&a.out, bytes).with_context(|| format!("cannot write {}", a.out.display()))?;
    println!("{} template written to {}", a.kind, a.out.display());
    Ok(())
}

async fn sign_in(http: &reqwest::Client, server: &str, user: &str) -> anyhow::Result<String> {
    let password = std::env::var("WANGGE_PASSWORD")
        .context("set WANGGE_PASSWORD to the administrator's password")?;
    let response = http
        .post(format!("{server}/v1/sessions"))
        .json(&serde_json::json!({
            "username": user, "password": password, "device_name": "wangge admin (command line)"
        }))
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    if !response.status().is_success() {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        bail!("signing in as {user} failed ({status}): {body}");
    }
    let tokens: SessionTokens = response.json().await.context("the sign-in answer")?;
    Ok(tokens.access_token)
}

async fn import(a: ImportArgs) -> anyhow::Result<()> {
    let server = a.server.trim_end_matches('/');
    let bytes =
        std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let http = reqwest::Client::new();
    let token = sign_in(&http, server, &a.user).await?;
    let file_name = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let response = http
        .post(format!("{server}/v1/admin/import/{}", a.kind))
        .bearer_auth(token)
        .query(&[
            ("dry_run", a.dry_run.to_string()),
            ("file_name", file_name.clone()),
        ])
        .body(bytes)
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let status = response.status();
    if status != reqwest::StatusCode::OK && status != reqwest::StatusCode::UNPROCESSABLE_ENTITY {
        let body = response.text().await.unwrap_or_default();
        bail!("the import was refused ({status}): {body}");
    }
    let report: ImportReport = response.json().await.context("the import answer")?;
    if !report.problems.is_empty() {
        eprintln!(
            "{file_name}: {} problem(s); nothing was imported:",
            report.problems.len()
        );
        for p in &report.problems {
            let mut at = p.sheet.clone();
            if p.row > 0 {
                at.push_str(&format!(", row {}", p.row));
            }
            if !p.column.is_empty() {
                at.push_str(&format!(", column {}", p.column));
            }
            eprintln!("  {at}: {}", p.reason);
        }
        bail!("{file_name} was not imported");
    }
    let outcome = if report.dry_run {
        "dry run: nothing stored"
    } else if report.applied {
        "stored"
    } else {
        "nothing to change"
    };
    println!(
        "{} {}: {} created, {} updated, {} unchanged ({outcome})",
        report.kind, file_name, report.created, report.updated, report.unchanged
    );
    Ok(())
}

//! `wangge admin`: administering a district through the service's API, signed in as an
//! administrator: `import KIND FILE` sends a file (tables as CSV or .xlsx, grids as
//! GeoJSON) and prints what it changed, or every problem by sheet, row and column;
//! `template KIND` writes the empty workbook to fill in; `enroll USER` makes a phone's
//! enrollment QR code; `placards COMMUNITY` lists a community's 网格公示 placards and
//! prints them (all, the stale ones, the unprinted ones) as a PDF. `migrate` (not through
//! the API: the service is stopped) moves the district's data off the embedded store.

mod migrate;

use std::path::PathBuf;

use anyhow::{Context, bail};
use base64::Engine as _;
use protocol::{EnrollmentCode, ImportReport, SessionTokens};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Import a file: `hierarchy` (districts, streets and communities), `grids` (GeoJSON
    /// boundaries), `buildings`, `organisations` (departments, street offices, property
    /// companies), `people` or `categories` (tables as CSV in UTF-8 or an
    /// Excel workbook; `wangge admin template KIND` writes one to fill in).
    Import(ImportArgs),
    /// Make an enrollment code for a person's phone: prints its wangge://enroll link and
    /// writes the QR code as a PNG to scan with the app (works once, for --hours).
    Enroll(EnrollArgs),
    /// Write an empty template to fill in: its columns, an example row and a notes sheet.
    Template(TemplateArgs),
    /// Reset a person's password: prints a one-time password, which they replace with
    /// their own at their next sign-in.
    ResetPassword(ResetPasswordArgs),
    /// A community's 网格公示 placards (one per building and unit entrance): lists each
    /// with its state (unprinted, stale, to post, posted); with --print, writes them as a
    /// PDF to --out and records them printed.
    Placards(PlacardsArgs),
    /// Move the district off the embedded store: copy its SQLite file into an empty
    /// PostgreSQL database and its photos into the new photo store, then verify every
    /// table's rows, the change log's head, every device's cursors and every photo's hash.
    /// The service must be stopped; phones carry on against the new one.
    Migrate(migrate::Args),
}

#[derive(clap::Args)]
struct PlacardsArgs {
    /// The community's 12-digit code.
    community: String,
    /// Print these: all, stale (whose details changed since they were printed) or
    /// unprinted.
    #[arg(long, value_name = "WHICH")]
    print: Option<String>,
    /// Paper: a5 or a4.
    #[arg(long, default_value = "a5")]
    size: String,
    /// Where to write the PDF (with --print).
    #[arg(long, value_name = "FILE.pdf")]
    out: Option<PathBuf>,
    #[command(flatten)]
    signed_in: SignedIn,
}

#[derive(clap::Args)]
struct ResetPasswordArgs {
    /// Whose password.
    username: String,
    #[command(flatten)]
    signed_in: SignedIn,
}

#[derive(clap::Args)]
struct EnrollArgs {
    /// Whose phone.
    username: String,
    /// Where to write the QR code.
    #[arg(long, value_name = "FILE.png")]
    out: PathBuf,
    /// How long it works, hours (1 to 168).
    #[arg(long, default_value_t = 24)]
    hours: u32,
    #[command(flatten)]
    signed_in: SignedIn,
}

/// The service and who signs in to it.
#[derive(clap::Args)]
struct SignedIn {
    /// The service, e.g. https://wangge.example.gov.cn or http://127.0.0.1:8080.
    #[arg(long, value_name = "URL")]
    server: String,
    /// The user name (an administrator's; a community dispatcher may enroll their
    /// community's workers); the password comes from WANGGE_PASSWORD.
    #[arg(long, value_name = "NAME", default_value = "admin")]
    user: String,
}

#[derive(clap::Args)]
struct TemplateArgs {
    /// What the file will hold: hierarchy, buildings, organisations, people or categories.
    kind: String,
    /// Where to write it (.xlsx).
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

#[derive(clap::Args)]
struct ImportArgs {
    /// What the file holds: hierarchy, grids, buildings, organisations, people or
    /// categories.
    kind: String,
    /// The file.
    file: PathBuf,
    #[command(flatten)]
    signed_in: SignedIn,
    /// Report what would change without storing anything.
    #[arg(long)]
    dry_run: bool,
    /// Grids: the boundaries were drawn on a Chinese web map (GCJ-02 coordinates).
    #[arg(long)]
    gcj02: bool,
    /// Grids: the feature property that holds the 15-digit grid code.
    #[arg(long, value_name = "NAME", default_value = "code")]
    code_property: String,
    /// The language of the problems listed: Chinese followed by English in parentheses
    /// (both), or one of them.
    #[arg(long, value_enum, default_value_t = Lang::Both)]
    lang: Lang,
}

/// Which language a file's problems are printed in.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Lang {
    Both,
    Zh,
    En,
}

impl Lang {
    /// A problem's reason in this language (English alone from a service without it is
    /// the Chinese).
    fn reason(self, p: &protocol::ImportProblem) -> String {
        match self {
            Lang::Zh => p.reason.clone(),
            Lang::En if !p.reason_en.is_empty() => p.reason_en.clone(),
            Lang::En => p.reason.clone(),
            Lang::Both if p.reason_en.is_empty() => p.reason.clone(),
            Lang::Both => format!("{} ({})", p.reason, p.reason_en),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match args.command {
        Command::Import(a) => runtime.block_on(import(a)),
        Command::Enroll(a) => runtime.block_on(enroll(a)),
        Command::Template(a) => template(&a),
        Command::ResetPassword(a) => runtime.block_on(reset_password(a)),
        Command::Placards(a) => runtime.block_on(placards(a)),
        Command::Migrate(a) => migrate::run(a),
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

/// `response` if it succeeded; otherwise `failure` with the status and the server's answer.
async fn succeeded(
    response: reqwest::Response,
    failure: String,
) -> anyhow::Result<reqwest::Response> {
    if !response.status().is_success() {
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        bail!("{failure} ({status}): {body}");
    }
    Ok(response)
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
    let response = succeeded(response, format!("signing in as {user} failed")).await?;
    let tokens: SessionTokens = response.json().await.context("the sign-in answer")?;
    Ok(tokens.access_token)
}

async fn enroll(a: EnrollArgs) -> anyhow::Result<()> {
    let server = a.signed_in.server.trim_end_matches('/');
    let http = reqwest::Client::new();
    let token = sign_in(&http, server, &a.signed_in.user).await?;
    let response = http
        .post(format!("{server}/v1/admin/enrollments"))
        .bearer_auth(token)
        .json(&serde_json::json!({ "username": a.username, "hours": a.hours }))
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let response = succeeded(response, format!("no enrollment code for {}", a.username)).await?;
    let code: EnrollmentCode = response.json().await.context("the enrollment answer")?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(&code.qr_png_base64)
        .context("the QR code image")?;
    std::fs::write(&a.out, png).with_context(|| format!("cannot write {}", a.out.display()))?;
    println!(
        "enrollment code for {} ({}), works once until {}:\n{}\nQR code written to {}",
        code.name,
        code.username,
        domain::Timestamp::from_millis(code.expires_at),
        code.link,
        a.out.display()
    );
    Ok(())
}

async fn reset_password(a: ResetPasswordArgs) -> anyhow::Result<()> {
    let server = a.signed_in.server.trim_end_matches('/');
    let http = reqwest::Client::new();
    let token = sign_in(&http, server, &a.signed_in.user).await?;
    let response = http
        .post(format!("{server}/v1/admin/people/{}/password", a.username))
        .bearer_auth(token)
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let response = succeeded(
        response,
        format!("the password of {} was not reset", a.username),
    )
    .await?;
    let otp: protocol::OneTimePassword = response.json().await.context("the reset answer")?;
    println!(
        "one-time password for {}: {}\n(they choose their own at their next sign-in)",
        otp.username, otp.password
    );
    Ok(())
}

async fn import(a: ImportArgs) -> anyhow::Result<()> {
    let server = a.signed_in.server.trim_end_matches('/');
    let bytes =
        std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let http = reqwest::Client::new();
    let token = sign_in(&http, server, &a.signed_in.user).await?;
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
            ("gcj02", a.gcj02.to_string()),
            ("code_property", a.code_property.clone()),
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
                let unit = if a.kind == "grids" { "feature" } else { "row" };
                at.push_str(&format!(", {unit} {}", p.row));
            }
            if !p.column.is_empty() {
                at.push_str(&format!(", column {}", p.column));
            }
            eprintln!("  {at}: {}", a.lang.reason(p));
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
    let retired = if report.retired > 0 {
        format!(" ({} of them retired)", report.retired)
    } else {
        String::new()
    };
    let moved = if report.moved > 0 {
        format!(
            ", {} open cases and buildings moved to the grid now holding them",
            report.moved
        )
    } else {
        String::new()
    };
    println!(
        "{} {}: {} created, {} updated{retired}, {} unchanged{moved} ({outcome})",
        report.kind, file_name, report.created, report.updated, report.unchanged
    );
    Ok(())
}

/// Chinese first, as the desk shows them.
fn placard_status(s: protocol::PlacardStatus) -> &'static str {
    match s {
        protocol::PlacardStatus::Unprinted => "未打印 unprinted",
        protocol::PlacardStatus::Stale => "需重印 stale",
        protocol::PlacardStatus::ToPost => "待张贴 to post",
        protocol::PlacardStatus::Posted => "已张贴 posted",
    }
}

async fn placards(a: PlacardsArgs) -> anyhow::Result<()> {
    let server = a.signed_in.server.trim_end_matches('/');
    let http = reqwest::Client::new();
    let token = sign_in(&http, server, &a.signed_in.user).await?;
    let Some(which) = a.print else {
        let response = http
            .get(format!("{server}/v1/placards"))
            .query(&[("community", &a.community)])
            .bearer_auth(token)
            .send()
            .await
            .with_context(|| format!("cannot reach {server}"))?;
        let response = succeeded(response, format!("no placards of {}", a.community)).await?;
        let list: protocol::PlacardList = response.json().await.context("the placard list")?;
        for e in &list.entries {
            let changed = if e.changed.is_empty() {
                String::new()
            } else {
                format!(" ({})", e.changed.join(", "))
            };
            println!(
                "{:<28} {:<14} {}{}",
                e.entrance,
                placard_status(e.status),
                e.grid_name,
                changed
            );
        }
        println!(
            "{} {}: {} unprinted, {} stale, {} to post, {} posted",
            list.community,
            list.community_name,
            list.unprinted,
            list.stale,
            list.to_post,
            list.posted
        );
        return Ok(());
    };
    let Some(out) = a.out else {
        bail!("--print needs --out FILE.pdf");
    };
    let response = http
        .post(format!("{server}/v1/placards/print"))
        .bearer_auth(token)
        .json(&serde_json::json!({"community": a.community, "which": which, "size": a.size}))
        .send()
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    let response = succeeded(
        response,
        format!("the placards of {} were not printed", a.community),
    )
    .await?;
    let pdf = response.bytes().await.context("the placards' PDF")?;
    std::fs::write(&out, &pdf).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "placards written to {} ({} bytes)",
        out.display(),
        pdf.len()
    );
    Ok(())
}

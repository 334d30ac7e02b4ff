//! `wangge admin migrate`: moves a district off the embedded store, its SQLite file into
//! PostgreSQL and its photos into the new photo store, and prints what was copied and
//! verified (`server::moving`). Exits non-zero on any difference.

use std::path::PathBuf;

use anyhow::{Context, bail};
use server::{Config, Secret};

#[derive(clap::Args)]
pub struct Args {
    /// The district's data folder, as `wangge serve --data` had it (`wangge.sqlite3` and
    /// `blobs/`). Stop the service on it first: the move refuses a folder in use.
    #[arg(long, value_name = "DIR")]
    from: PathBuf,
    /// The new database, postgres://user:password@host:port/database; unset, the
    /// configuration's database_url (or WANGGE_DATABASE_URL, which keeps the password out
    /// of the process list). It must be empty, unless --replace.
    #[arg(long, value_name = "URL")]
    to: Option<String>,
    /// Where the photos go: s3://bucket/prefix, with the s3_* settings of --config or the
    /// WANGGE_S3_* variables; unset, the configuration's blob_url, else a folder (--data).
    #[arg(long, value_name = "URL")]
    blobs: Option<String>,
    /// The new service's data folder, whose blobs/ receives the photos when they stay in a
    /// folder; unset, the configuration's data_dir, else --from (where they already are).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// The new service's configuration file (database_url, blob_url, s3_*); WANGGE_*
    /// variables override it, as for `wangge serve`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Empty a target database that already holds data first (to run a failed move again).
    #[arg(long)]
    replace: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut to = Config::load(args.config.as_deref(), std::env::vars())?;
    if let Some(url) = args.to {
        to.database_url = Some(Secret::new(url));
    }
    if to.database_url.is_none() {
        bail!("name the new database: --to postgres://… (or database_url, WANGGE_DATABASE_URL)");
    }
    if let Some(blobs) = args.blobs {
        to.blob_url = Some(blobs);
    }
    match args.data {
        Some(data) => to.data_dir = data,
        // Not configured: the photos stay where they are.
        None if to.data_dir == Config::default().data_dir => to.data_dir = args.from.clone(),
        None => {}
    }
    println!(
        "Moving the district in {} (the service on it must be stopped; the folder stays locked \
         until the move ends)…",
        args.from.display()
    );
    let plan = server::moving::Plan {
        from: args.from,
        to,
        replace: args.replace,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime
        .block_on(server::moving::run(plan))
        .context("the move stopped")?;
    print!("{report}");
    let problems = report.problems();
    if !problems.is_empty() {
        bail!(
            "the move found {} differences (above); do not start the new service on it",
            problems.len()
        );
    }
    println!(
        "Next: start `wangge serve` with database_url{} set, on the address phones know. Do not \
         start the old service on {} again: keep the folder as the backup of the move.",
        if report.photos_to.starts_with("s3://") {
            " and blob_url"
        } else {
            ""
        },
        report.from.display()
    );
    Ok(())
}

//! `wangge serve` and `wangge demo`: run the sync service on embedded storage. Config
//! comes from an optional TOML file and `WANGGE_*` variables; the listener is bound
//! here and Ctrl-C stops the service gracefully.

use std::path::PathBuf;

use anyhow::Context;
use server::{AppState, Config};

/// Arguments of `wangge serve`.
#[derive(clap::Args)]
pub struct Args {
    /// Directory of the embedded storage (SQLite database and photo blobs).
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// A TOML configuration file (keys as in `server::Config`; `WANGGE_*` variables
    /// override it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, value_name = "ADDR")]
    listen: Option<String>,
    /// At a first start: the code of the district this service runs (6 digits, e.g.
    /// 130302). Its streets, communities, grids and people are imported afterwards
    /// (`wangge admin import`).
    #[arg(long, value_name = "CODE", requires = "district_name")]
    district: Option<String>,
    /// At a first start: the district's name, e.g. 海港区.
    #[arg(long, value_name = "NAME", requires = "district")]
    district_name: Option<String>,
}

/// Options of the demo service (`wangge demo`).
#[derive(clap::Args)]
pub struct DemoArgs {
    /// Directory of the demo's storage; a second start on it reuses the demo.
    #[arg(long, value_name = "DIR", default_value = "wangge-demo")]
    data: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: String,
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info"));
    // A second init (tests) is harmless.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Ctrl-C, or SIGTERM on Unix (service managers, containers).
async fn shutdown_signal() {
    let ctrl_c = async {
        // If Ctrl-C cannot be listened for, wait for the other signal.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The built UI to serve to browsers when none is configured: `ui/dist` in the working
/// directory (the repository's root), if it has been built.
fn default_web_root(config: &mut Config) {
    let built = PathBuf::from("ui/dist");
    if config.web_root.is_none() && built.join("index.html").is_file() {
        config.web_root = Some(built);
    }
}

async fn serve(state: AppState) -> anyhow::Result<()> {
    let listen = state.config().listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    println!("Wangge sync service on http://{addr}  (OpenAPI: http://{addr}/v1/openapi.json)");
    match &state.config().web_root {
        Some(root) => println!(
            "The desk in a browser: http://{addr}/  (files from {})",
            root.display()
        ),
        None => println!(
            "No desk for browsers: build it (`npm ci && npm run build` in ui/) and start here, \
             or set web_root"
        ),
    }
    server::run(listener, state, shutdown_signal()).await?;
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<()> {
    init_tracing();
    let mut config = Config::load(args.config.as_deref(), std::env::vars())?;
    if let Some(data) = args.data {
        config.data_dir = data;
    }
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    default_web_root(&mut config);
    runtime()?.block_on(async move {
        let state = AppState::open(config).context("cannot open the storage")?;
        if let (Some(code), Some(name)) = (&args.district, &args.district_name) {
            server::reference::areas::name_district(&state, code, name).await?;
        }
        let district = state
            .hierarchy()
            .districts()
            .next()
            .map(|d| d.code)
            .context(
                "first start: name the district this service runs, e.g. \
             `wangge serve --district 130302 --district-name 海港区`; then import its \
             streets, communities, grids and people with `wangge admin import`",
            )?;
        match server::reference::import::bootstrap_admin(&state, district).await? {
            server::reference::import::AdminBootstrap::Created { username, password } => {
                println!("First start: created the administrator {username:?}.");
                match password {
                    Some(p) => println!(
                        "  Sign in as {username} with the password {p}  (shown once: note it now)"
                    ),
                    None => println!("  Sign in as {username} with the configured admin_password."),
                }
                println!("  POST /v1/sessions {{\"username\", \"password\", \"device_name\"}}");
            }
            server::reference::import::AdminBootstrap::AlreadyThere => {}
        }
        serve(state).await
    })
}

pub fn demo(args: DemoArgs) -> anyhow::Result<()> {
    init_tracing();
    let mut config = Config::load(None, std::env::vars())?;
    config.data_dir = args.data;
    config.listen = args.listen;
    config.admin_password = Some(server::Secret::new(server::demo::DEMO_PASSWORD));
    default_web_root(&mut config);
    runtime()?.block_on(async move {
        let state = AppState::open(config).context("cannot open the demo storage")?;
        let logins = server::demo::seed(&state).await?;
        if logins.created {
            println!("Seeded the Haigang demo: 10 streets, 108 communities, 941 grids, a worker per grid.");
        } else {
            println!("The Haigang demo is already in {}.", state.config().data_dir.display());
        }
        println!("Sign in (password for every account: {}):", server::demo::DEMO_PASSWORD);
        for (role, user) in &logins.accounts {
            println!("  {role:<36} {user}");
        }
        println!("  (every grid's worker is w<grid code>, every community's dispatcher c<community code>,");
        println!("   every street's dispatcher s<street code>)");
        serve(state).await
    })
}

//! `wangge device load`: N simulated devices against a running server. Each device signs
//! in (not timed), prepares its photos, then runs rounds of capture, task actions and a
//! sync cycle with random think time in between. Every HTTP request is timed per endpoint;
//! the run ends with throughput, p50/p99 per endpoint and every error.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use device::engine::{CaptureReport, RequestObserver, TaskAct, TaskAction};
use device::{Engine, EngineConfig};
use rand::Rng;
use serde::Serialize;
use tokio::sync::Semaphore;

/// Arguments of `wangge device load`.
#[derive(clap::Args)]
pub struct LoadArgs {
    /// The server, e.g. http://127.0.0.1:8080.
    #[arg(long)]
    server: String,
    /// How many devices to simulate.
    #[arg(long, default_value_t = 100)]
    devices: usize,
    /// User names the devices sign in as, round robin (comma separated).
    #[arg(long, value_delimiter = ',', required_unless_present = "demo_workers")]
    users: Vec<String>,
    /// Sign in as the workers of the first N grids of `wangge demo` (w<grid code>),
    /// round robin, instead of --users.
    #[arg(long)]
    demo_workers: Option<usize>,
    #[arg(long, env = "WANGGE_PASSWORD")]
    password: String,
    /// Sync rounds per device.
    #[arg(long, default_value_t = 3)]
    rounds: u32,
    /// Reports captured per round.
    #[arg(long, default_value_t = 1)]
    reports: u32,
    /// Photos per report (prepared before the timed part).
    #[arg(long, default_value_t = 1)]
    photos: u32,
    /// Longest random pause before each round, milliseconds.
    #[arg(long, default_value_t = 2000)]
    think_ms: u64,
    /// Most sign-ins at once (password hashing is deliberately slow).
    #[arg(long, default_value_t = 8)]
    login_concurrency: usize,
    /// Where device folders go (a temporary folder when absent).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Category of the generated reports.
    #[arg(long, default_value = "0101")]
    category: domain::CategoryCode,
    /// Centre of the generated report locations.
    #[arg(long, default_value_t = 119.6, allow_hyphen_values = true)]
    lon: f64,
    #[arg(long, default_value_t = 39.93, allow_hyphen_values = true)]
    lat: f64,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// Request timings per endpoint.
#[derive(Default)]
struct Timings {
    by_endpoint: Mutex<BTreeMap<&'static str, (Vec<u32>, u64)>>,
}

impl RequestObserver for Timings {
    fn observe(&self, endpoint: &'static str, elapsed: Duration, ok: bool) {
        let mut map = self
            .by_endpoint
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let entry = map.entry(endpoint).or_default();
        entry
            .0
            .push(u32::try_from(elapsed.as_micros()).unwrap_or(u32::MAX));
        if !ok {
            entry.1 += 1;
        }
    }
}

#[derive(Serialize)]
struct EndpointFigures {
    endpoint: String,
    requests: usize,
    failed: u64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

#[derive(Serialize)]
struct Summary {
    devices: usize,
    seconds: f64,
    requests: usize,
    requests_per_second: f64,
    reports_synced: u64,
    task_actions: u64,
    bytes_sent: u64,
    errors: Vec<String>,
    endpoints: Vec<EndpointFigures>,
}

pub async fn run(args: LoadArgs) -> anyhow::Result<()> {
    let timings = Arc::new(Timings::default());
    let tmp;
    let root = match &args.data {
        Some(root) => root.clone(),
        None => {
            tmp = tempdir()?;
            tmp.clone()
        }
    };
    let config = EngineConfig {
        observer: Some(timings.clone()),
        device_name: "load generator".into(),
        ..EngineConfig::default()
    };
    let users: Vec<String> = match args.demo_workers {
        Some(n) => gridmap::demo::haigang_grids(server::demo::GRID_SEED)?
            .iter()
            .take(n.max(1))
            .map(|g| format!("w{}", g.code.as_str()))
            .collect(),
        None => args.users.clone(),
    };
    anyhow::ensure!(!users.is_empty(), "no users to sign in as");
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let note = |errors: &Arc<Mutex<Vec<String>>>, e: String| {
        errors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(e);
    };

    eprintln!("signing in {} devices…", args.devices);
    let logins = Arc::new(Semaphore::new(args.login_concurrency.max(1)));
    let mut joins = Vec::new();
    for n in 0..args.devices {
        let dir = root.join(format!("device-{n:05}"));
        let config = config.clone();
        let user = users[n % users.len()].clone();
        let server = args.server.clone();
        let password = args.password.clone();
        let logins = logins.clone();
        joins.push(tokio::spawn(async move {
            let engine = Engine::open_with(&dir, config)?;
            // A folder from an earlier run is signed in already.
            let signed_in = engine
                .me()?
                .is_some_and(|me| me.server == server.trim_end_matches('/'));
            if !signed_in {
                let _permit = logins.acquire().await?;
                engine.login(&server, &user, &password).await?;
            }
            engine.sync_now().await?;
            anyhow::Ok(engine)
        }));
    }
    let mut engines = Vec::new();
    for join in joins {
        match join.await? {
            Ok(engine) => engines.push(engine),
            Err(e) => note(&errors, format!("sign-in: {e:#}")),
        }
    }
    // Sign-in and the first full pull are set-up, not the load being measured.
    timings
        .by_endpoint
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clear();

    eprintln!("preparing photos…");
    let per_device = (args.rounds * args.reports * args.photos) as usize;
    let mut preparing = Vec::new();
    for engine in &engines {
        let engine = engine.clone();
        preparing.push(tokio::task::spawn_blocking(move || {
            (0..per_device)
                .map(|_| {
                    engine
                        .prepare_photo_bytes(&super::sample::photo())
                        .map(|p| p.sha256)
                })
                .collect::<Result<Vec<_>, _>>()
        }));
    }
    let mut photo_sets = Vec::new();
    for set in preparing {
        photo_sets.push(set.await??);
    }

    eprintln!(
        "running {} devices × {} rounds…",
        engines.len(),
        args.rounds
    );
    let sent_before: u64 = engines.iter().map(Engine::bytes_sent).sum();
    let started = Instant::now();
    let mut joins = Vec::new();
    for (engine, mut photos) in engines.iter().cloned().zip(photo_sets) {
        let args = LoadRound {
            rounds: args.rounds,
            reports: args.reports,
            photos: args.photos,
            think_ms: args.think_ms,
            category: args.category,
            lon: args.lon,
            lat: args.lat,
        };
        let errors = errors.clone();
        let (lon, lat) = inside_my_grid(&engine).unwrap_or((args.lon, args.lat));
        joins.push(tokio::spawn(async move {
            let mut reports = 0u64;
            let mut actions = 0u64;
            for _ in 0..args.rounds {
                let pause = rand::rng().random_range(0..=args.think_ms);
                tokio::time::sleep(Duration::from_millis(pause)).await;
                for _ in 0..args.reports {
                    let mine: Vec<domain::PhotoHash> = photos
                        .drain(..args.photos.min(photos.len() as u32) as usize)
                        .collect();
                    let (dlon, dlat): (f64, f64) = {
                        let mut rng = rand::rng();
                        (
                            rng.random_range(-0.0002..0.0002),
                            rng.random_range(-0.0002..0.0002),
                        )
                    };
                    match engine.capture_report(CaptureReport {
                        category: args.category,
                        priority: domain::Priority::Normal,
                        description: "load test report".into(),
                        lon: lon + dlon,
                        lat: lat + dlat,
                        photos: mine,
                        self_resolved: false,
                        note: None,
                    }) {
                        Ok(_) => reports += 1,
                        Err(e) => errors
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(format!("capture: {e}")),
                    }
                }
                if let Ok(tasks) = engine.tasks()
                    && let Some(task) = tasks.first()
                {
                    let action = match task.state.as_str() {
                        "dispatched" => TaskAction::Start,
                        _ => TaskAction::Resolve,
                    };
                    let act = TaskAct {
                        id: task.id,
                        action,
                        note: Some("done (load test)".into()),
                        photos: Vec::new(),
                        reason: None,
                    };
                    match engine.task_act(act) {
                        Ok(_) => actions += 1,
                        Err(e) => errors
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .push(format!("task: {e}")),
                    }
                }
                if let Err(e) = engine.sync_now().await {
                    errors
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(format!("sync: {e}"));
                }
            }
            (reports, actions)
        }));
    }
    let (mut reports, mut actions) = (0, 0);
    for join in joins {
        let (r, a) = join.await.context("a device task panicked")?;
        reports += r;
        actions += a;
    }
    let seconds = started.elapsed().as_secs_f64();
    let bytes_sent = engines.iter().map(Engine::bytes_sent).sum::<u64>() - sent_before;
    let mut unsent = 0;
    for engine in &engines {
        unsent += engine.sync_status().queued;
    }
    if unsent > 0 {
        note(
            &errors,
            format!("{unsent} mutations still queued at the end"),
        );
    }

    let map = std::mem::take(
        &mut *timings
            .by_endpoint
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    let mut endpoints = Vec::new();
    let mut requests = 0;
    for (endpoint, (mut micros, failed)) in map {
        micros.sort_unstable();
        requests += micros.len();
        let pct = |p: f64| {
            let i = ((micros.len() as f64 - 1.0) * p).round() as usize;
            micros.get(i).map_or(0.0, |m| f64::from(*m) / 1000.0)
        };
        endpoints.push(EndpointFigures {
            endpoint: endpoint.to_string(),
            requests: micros.len(),
            failed,
            p50_ms: pct(0.50),
            p99_ms: pct(0.99),
            max_ms: pct(1.0),
        });
    }
    let errors = std::mem::take(
        &mut *errors
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    );
    let summary = Summary {
        devices: engines.len(),
        seconds,
        requests,
        requests_per_second: requests as f64 / seconds.max(1e-9),
        reports_synced: reports,
        task_actions: actions,
        bytes_sent,
        errors,
        endpoints,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        println!(
            "{} devices, {:.1} s, {} requests ({:.0}/s), {} reports, {} task actions, {} bytes sent",
            summary.devices,
            summary.seconds,
            summary.requests,
            summary.requests_per_second,
            summary.reports_synced,
            summary.task_actions,
            summary.bytes_sent
        );
        println!(
            "{:<12} {:>9} {:>7} {:>9} {:>9} {:>9}",
            "endpoint", "requests", "failed", "p50 ms", "p99 ms", "max ms"
        );
        for e in &summary.endpoints {
            println!(
                "{:<12} {:>9} {:>7} {:>9.1} {:>9.1} {:>9.1}",
                e.endpoint, e.requests, e.failed, e.p50_ms, e.p99_ms, e.max_ms
            );
        }
        println!("errors: {}", summary.errors.len());
        for e in summary.errors.iter().take(20) {
            println!("  {e}");
        }
    }
    if !summary.errors.is_empty() {
        anyhow::bail!("{} errors during the load run", summary.errors.len());
    }
    Ok(())
}

struct LoadRound {
    rounds: u32,
    reports: u32,
    photos: u32,
    think_ms: u64,
    category: domain::CategoryCode,
    lon: f64,
    lat: f64,
}

/// The centroid of the vertices of the device's first grid, if it lies inside it.
fn inside_my_grid(engine: &Engine) -> Option<(f64, f64)> {
    let grid = engine.my_grids().ok()?.into_iter().next()?;
    let ring = match grid.geometry["type"].as_str()? {
        "Polygon" => grid.geometry["coordinates"][0].as_array()?.clone(),
        "MultiPolygon" => grid.geometry["coordinates"][0][0].as_array()?.clone(),
        _ => return None,
    };
    let points: Vec<(f64, f64)> = ring
        .iter()
        .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
        .collect();
    let n = points.len() as f64;
    let lon = points.iter().map(|p| p.0).sum::<f64>() / n;
    let lat = points.iter().map(|p| p.1).sum::<f64>() / n;
    let located = engine.locate(lon, lat).ok()?;
    (located.grid.as_deref() == Some(grid.code.as_str())).then_some((lon, lat))
}

fn tempdir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("wangge-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

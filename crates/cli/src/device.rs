//! `wangge device`: a headless device with the app's operations, one device per folder
//! (`--data DIR`), for scripts, field support and load tests. Every command can answer in
//! JSON (`--json`) with the shapes of docs/app-commands.md.

mod load;
mod sample;

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Subcommand;
use device::Engine;
use device::engine::{CaptureReport, CheckIn, TaskAct, TaskAction};
use serde::Serialize;

/// Arguments of `wangge device`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DeviceCommand,
}

/// Where the device lives and how to answer.
#[derive(clap::Args, Clone)]
struct Common {
    /// The device folder (one device per folder; created when missing).
    #[arg(long, env = "WANGGE_DEVICE_DATA")]
    data: PathBuf,
    /// Answer in JSON.
    #[arg(long)]
    json: bool,
    /// A server this device may sign in to over plain http:// (this machine always may).
    #[arg(
        long = "plain-http-host",
        env = "WANGGE_PLAIN_HTTP_HOSTS",
        value_delimiter = ','
    )]
    plain_http_hosts: Vec<String>,
}

#[derive(Subcommand)]
enum DeviceCommand {
    /// Sign this device in.
    Login {
        #[command(flatten)]
        common: Common,
        /// The server, e.g. http://127.0.0.1:8080.
        #[arg(long)]
        server: String,
        #[arg(long)]
        username: String,
        #[arg(long, env = "WANGGE_PASSWORD")]
        password: String,
        /// Replace the password with this one first (a one-time password an administrator
        /// reset must be replaced before signing in).
        #[arg(long, env = "WANGGE_NEW_PASSWORD")]
        new_password: Option<String>,
    },
    /// Sign this device in with an enrollment code, no password: the QR code's
    /// `wangge://enroll?…` text, or its bare code with --server, or a picture of the QR
    /// code (--image).
    Enroll {
        #[command(flatten)]
        common: Common,
        /// The QR code's text, or the bare code.
        #[arg(long, required_unless_present = "image", conflicts_with = "image")]
        code: Option<String>,
        /// A picture (PNG, JPEG or WebP) of the enrollment QR code, read on this device.
        #[arg(long)]
        image: Option<PathBuf>,
        /// The server, when --code is the bare code (or to override the QR code's).
        #[arg(long)]
        server: Option<String>,
    },
    /// Capture a report offline (saved durably before this prints "saved").
    Report {
        #[command(flatten)]
        common: Common,
        /// Category code, e.g. 0101.
        #[arg(long)]
        category: domain::CategoryCode,
        /// urgent, high or normal.
        #[arg(long, default_value = "normal")]
        priority: domain::Priority,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long, allow_hyphen_values = true)]
        lon: f64,
        #[arg(long, allow_hyphen_values = true)]
        lat: f64,
        /// A photo file (JPEG, PNG or WebP); repeat for several.
        #[arg(long = "photo")]
        photos: Vec<PathBuf>,
        /// Attach this many generated photos to each report (for tests and load).
        #[arg(long, default_value_t = 0)]
        generated_photos: u32,
        /// Fixed on the spot (自行处置).
        #[arg(long)]
        self_resolved: bool,
        #[arg(long)]
        note: Option<String>,
        /// Capture this many reports (numbered descriptions), announcing each when saved.
        #[arg(long, default_value_t = 1)]
        count: u32,
    },
    /// Check in at a building during the open patrol.
    Checkin {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        building: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        lon: f64,
        #[arg(long, allow_hyphen_values = true)]
        lat: f64,
        #[arg(long)]
        note: Option<String>,
        /// Confirm that the newest printed placard (网格公示牌) now hangs at this entrance.
        #[arg(long)]
        placard_posted: bool,
    },
    /// Start or end a patrol.
    Patrol {
        #[command(subcommand)]
        step: PatrolStep,
    },
    /// My tasks, overdue first.
    Tasks {
        #[command(flatten)]
        common: Common,
    },
    /// Act on a task: acknowledge, start, resolve (with photos and a note) or return.
    Act {
        #[command(flatten)]
        common: Common,
        /// The case id.
        #[arg(long = "case")]
        case: String,
        #[arg(long)]
        action: String,
        #[arg(long)]
        note: Option<String>,
        #[arg(long = "photo")]
        photos: Vec<PathBuf>,
        #[arg(long, default_value_t = 0)]
        generated_photos: u32,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Sync with the server: push, upload photos, pull.
    Sync {
        #[command(flatten)]
        common: Common,
        /// Keep retrying (exponential backoff with jitter) until everything is sent.
        #[arg(long)]
        until_drained: bool,
    },
    /// What this device holds: session, queue, rejected entries, server copy.
    Status {
        #[command(flatten)]
        common: Common,
    },
    /// Run N simulated devices against a server and print latency per endpoint.
    Load(load::LoadArgs),
}

#[derive(Subcommand)]
enum PatrolStep {
    /// Start a patrol in a grid.
    Start {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        grid: String,
    },
    /// End the open patrol.
    End {
        #[command(flatten)]
        common: Common,
    },
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if matches!(args.command, DeviceCommand::Load(_)) {
        // Thousands of simulated devices make short blocking store writes (fsync) on the
        // runtime's threads; more threads keep one device's fsync from delaying the others'
        // requests and skewing the latencies measured.
        builder.worker_threads(64);
    }
    let runtime = builder
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(dispatch(args.command))
}

fn open(common: &Common) -> anyhow::Result<Engine> {
    let config = device::EngineConfig {
        plain_http_hosts: common.plain_http_hosts.clone(),
        ..device::EngineConfig::default()
    };
    Engine::open_with(&common.data, config)
        .with_context(|| format!("opening the device in {}", common.data.display()))
}

fn print<T: Serialize>(
    common: &Common,
    value: &T,
    human: impl FnOnce(&T) -> String,
) -> anyhow::Result<()> {
    if common.json {
        println!("{}", serde_json::to_string(value)?);
    } else {
        println!("{}", human(value));
    }
    Ok(())
}

async fn dispatch(command: DeviceCommand) -> anyhow::Result<()> {
    match command {
        DeviceCommand::Login {
            common,
            server,
            username,
            password,
            new_password,
        } => {
            let engine = open(&common)?;
            let password = match new_password {
                Some(new) => {
                    engine
                        .change_password(&server, &username, &password, &new)
                        .await?;
                    new
                }
                None => password,
            };
            let me = engine.login(&server, &username, &password).await?;
            print(&common, &me, |me| {
                format!(
                    "signed in as {} ({}) on device {}",
                    me.name, me.role, me.device_id
                )
            })
        }
        DeviceCommand::Enroll {
            common,
            code,
            image,
            server,
        } => {
            let engine = open(&common)?;
            let me = match (code, image) {
                (Some(code), _) => engine.enroll(&code, server.as_deref()).await?,
                (None, Some(image)) => {
                    let bytes = std::fs::read(&image)
                        .with_context(|| format!("reading {}", image.display()))?;
                    engine.enroll_from_image(bytes, server.as_deref()).await?
                }
                (None, None) => anyhow::bail!("give --code or --image"),
            };
            print(&common, &me, |me| {
                format!(
                    "enrolled: signed in as {} ({}) on device {}",
                    me.name, me.role, me.device_id
                )
            })
        }
        DeviceCommand::Report {
            common,
            category,
            priority,
            description,
            lon,
            lat,
            photos,
            generated_photos,
            self_resolved,
            note,
            count,
        } => {
            let engine = open(&common)?;
            for n in 0..count {
                let mut hashes = Vec::new();
                for path in &photos {
                    hashes.push(engine.prepare_photo(path)?.sha256);
                }
                for _ in 0..generated_photos {
                    hashes.push(engine.prepare_photo_bytes(&sample::photo())?.sha256);
                }
                let description = if count > 1 {
                    format!("{description} #{n}")
                } else {
                    description.clone()
                };
                let saved = engine.capture_report(CaptureReport {
                    category,
                    priority,
                    description,
                    lon,
                    lat,
                    photos: hashes,
                    self_resolved,
                    note: note.clone(),
                })?;
                // Printed only once the report is durable: scripts (and the crash tests)
                // count these lines as announcements.
                print(&common, &saved, |s| format!("saved {}", s.id))?;
            }
            Ok(())
        }
        DeviceCommand::Checkin {
            common,
            building,
            unit,
            lon,
            lat,
            note,
            placard_posted,
        } => {
            let engine = open(&common)?;
            let patrol = engine.patrol_checkin(CheckIn {
                building,
                unit,
                lon,
                lat,
                note,
                placard_posted,
            })?;
            print(&common, &patrol, |p| {
                format!(
                    "checked in; patrol {} has {} visits ({} buildings)",
                    p.id,
                    p.visits.len(),
                    p.coverage.buildings_visited
                )
            })
        }
        DeviceCommand::Patrol { step } => match step {
            PatrolStep::Start { common, grid } => {
                let engine = open(&common)?;
                let patrol = engine.patrol_start(&grid)?;
                print(&common, &patrol, |p| {
                    format!("patrol {} started in grid {}", p.id, p.grid)
                })
            }
            PatrolStep::End { common } => {
                let engine = open(&common)?;
                let patrol = engine.patrol_end()?;
                print(&common, &patrol, |p| {
                    format!(
                        "patrol {} ended: {} visits, {} buildings",
                        p.id,
                        p.visits.len(),
                        p.coverage.buildings_visited
                    )
                })
            }
        },
        DeviceCommand::Tasks { common } => {
            let engine = open(&common)?;
            let tasks = engine.tasks()?;
            print(&common, &tasks, |tasks| {
                if tasks.is_empty() {
                    return "no tasks".into();
                }
                tasks
                    .iter()
                    .map(|t| {
                        format!(
                            "{} {:<12} {}{} {} {}{}",
                            t.id,
                            t.state,
                            if t.overdue { "OVERDUE " } else { "" },
                            t.category_name,
                            t.description,
                            t.due_at
                                .map(|due| format!(
                                    "(due {}) ",
                                    domain::Timestamp::from_millis(due)
                                ))
                                .unwrap_or_default(),
                            if t.pending { "(not sent yet)" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        DeviceCommand::Act {
            common,
            case,
            action,
            note,
            photos,
            generated_photos,
            reason,
        } => {
            let engine = open(&common)?;
            let mut hashes = Vec::new();
            for path in &photos {
                hashes.push(engine.prepare_photo(path)?.sha256);
            }
            for _ in 0..generated_photos {
                hashes.push(engine.prepare_photo_bytes(&sample::photo())?.sha256);
            }
            let task = engine.task_act(TaskAct {
                id: domain::CaseId::parse(&case)?,
                action: action.parse::<TaskAction>()?,
                note,
                photos: hashes,
                reason,
            })?;
            print(&common, &task, |t| {
                format!("{} is now {} (queued)", t.id, t.state)
            })
        }
        DeviceCommand::Sync {
            common,
            until_drained,
        } => {
            let engine = open(&common)?;
            let mut failures = 0u32;
            loop {
                match engine.sync_now().await {
                    Ok(report) => {
                        let status = engine.sync_status();
                        if !until_drained || status.queued == 0 && status.queued_photos == 0 {
                            return print(&common, &report, |r| {
                                format!(
                                    "synced: {} pushed ({} applied, {} rejected, {} conflicts), \
                                     {} photos ({} bytes), {} changes pulled, {} bytes sent",
                                    r.pushed,
                                    r.applied,
                                    r.rejected,
                                    r.conflicts,
                                    r.photos_uploaded,
                                    r.photo_bytes,
                                    r.pulled,
                                    r.bytes_sent
                                )
                            });
                        }
                    }
                    Err(e)
                        if until_drained
                            && (e.is_transient() || matches!(e, device::Error::Server { .. })) =>
                    {
                        failures = failures.saturating_add(1);
                        eprintln!("sync failed, retrying: {e}");
                        let ceiling = 200u64.saturating_mul(1 << failures.min(5));
                        let wait = rand::random_range(100..=ceiling.max(101));
                        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        DeviceCommand::Status { common } => {
            let engine = open(&common)?;
            let status = DeviceStatus::of(&engine)?;
            print(&common, &status, |s| {
                let mut out = match &s.me {
                    Some(me) => {
                        format!("signed in as {} ({}) at {}\n", me.name, me.role, me.server)
                    }
                    None => "not signed in\n".into(),
                };
                out.push_str(&format!(
                    "queued: {} mutations, {} photos ({} bytes); cursor {}\n",
                    s.sync.queued, s.sync.queued_photos, s.sync.queued_bytes, s.pull_cursor
                ));
                for (entity, n) in &s.server_copy {
                    out.push_str(&format!("server copy: {n} {entity}\n"));
                }
                for r in &s.sync.rejected {
                    out.push_str(&format!("refused #{} {}: {}\n", r.mid, r.name, r.reason));
                }
                out.trim_end().to_string()
            })
        }
        DeviceCommand::Load(args) => load::run(args).await,
    }
}

/// `wangge device status --json`.
#[derive(Serialize)]
struct DeviceStatus {
    me: Option<device::engine::MeInfo>,
    sync: device::SyncStatus,
    pull_cursor: u64,
    server_copy: Vec<(String, i64)>,
    reports: usize,
}

impl DeviceStatus {
    fn of(engine: &Engine) -> anyhow::Result<Self> {
        let me = engine.me()?;
        let store = engine.store();
        Ok(Self {
            me,
            sync: engine.sync_status(),
            pull_cursor: store.pull_cursor()?,
            server_copy: store.server_counts()?,
            reports: store.reports()?.len(),
        })
    }
}

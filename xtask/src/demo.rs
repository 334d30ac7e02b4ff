//! `cargo xtask demo`: the README's run command. Builds what is missing, starts the demo
//! service (Haigang on embedded storage under `.wangge/demo`) and opens the app signed in as a
//! demo grid worker, or as whoever `--as USER` names (a dispatcher's window, for instance).

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::{cargo, run, system, ui};

const LISTEN: &str = "127.0.0.1:8080";
const DEMO_PASSWORD: &str = "wangge-demo";
/// The demo worker whose grid has a task waiting (the demo dispatches case 3 to them).
const DEMO_WORKER: &str = "w130302001001003";

struct Options {
    user: String,
    app: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut options = Options {
        user: DEMO_WORKER.into(),
        app: true,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--as" => options.user = it.next().context("--as needs a user name")?.clone(),
            "--no-app" => options.app = false,
            other => bail!("unknown option {other:?}: cargo xtask demo [--as USER] [--no-app]"),
        }
    }
    Ok(options)
}

/// Kills the demo service when the demo ends, however it ends.
struct Service(Child);

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn demo(root: &Path, args: &[String]) -> Result<()> {
    let options = parse(args)?;
    system::ensure_packages()?;
    if options.app {
        ui::build(root)?;
        run(cargo().args(["build", "-p", "wangge", "-p", "wangge-app"]))?;
    } else {
        run(cargo().args(["build", "-p", "wangge"]))?;
    }
    let bin = root.join("target/debug");
    let data = root.join(".wangge");

    // A service already listening (a first `cargo xtask demo` in another terminal) is reused.
    let _service = if TcpStream::connect(LISTEN).is_ok() {
        eprintln!("using the Wangge service already listening on {LISTEN}");
        None
    } else {
        let child = Command::new(bin.join("wangge"))
            .args(["demo", "--listen", LISTEN, "--data"])
            .arg(data.join("demo"))
            .spawn()
            .context("cannot start the demo service")?;
        let service = Service(child);
        wait_for(LISTEN, Duration::from_secs(120))?;
        Some(service)
    };

    let other = if options.user == DEMO_WORKER {
        "c130302001001"
    } else {
        DEMO_WORKER
    };
    eprintln!(
        "\nWangge demo: service on http://{LISTEN}; every demo account's password is {DEMO_PASSWORD}.\n\
         Another window, e.g. the community dispatcher's: cargo xtask demo --as {other}\n"
    );
    if !options.app {
        eprintln!("service only (--no-app); Ctrl-C stops it");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "there is no display to open the app on; run `cargo xtask demo --no-app` for the \
             service alone, or run this under a desktop session (or xvfb-run)"
        );
    }
    let status = Command::new(bin.join("wangge-app"))
        .env("WANGGE_SERVER", format!("http://{LISTEN}"))
        .env("WANGGE_DEMO_USER", &options.user)
        .env("WANGGE_DEMO_PASSWORD", DEMO_PASSWORD)
        .env(
            "WANGGE_APP_DATA_DIR",
            data.join(format!("app-{}", options.user)),
        )
        .status()
        .context("cannot start the app")?;
    if !status.success() {
        bail!("the app ended with {status}");
    }
    Ok(())
}

fn wait_for(addr: &str, limit: Duration) -> Result<()> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the demo service did not start listening on {addr} within {limit:?}")
}

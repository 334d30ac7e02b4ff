//! What the window tests run on: a private X display (Xvfb), tauri-driver processes (one per
//! app window, each launching the app with its own device folder and environment),
//! chromedriver for the desk in a browser, and the tools they need, found or reported
//! missing with how to install them.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A test's own folder (`wangge-window-<name>-…`; kept with `WANGGE_KEEP_TEST_DIR` set),
/// printed so a failure can be looked into.
pub fn test_folder(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::Builder::new()
        .prefix(&format!("wangge-window-{name}-"))
        .disable_cleanup(std::env::var_os("WANGGE_KEEP_TEST_DIR").is_some())
        .tempdir()
        .expect("a temporary folder");
    eprintln!("test folder: {}", tmp.path().display());
    tmp
}

/// Finds tauri-driver: `$TAURI_DRIVER`, then `target/tauri-driver/bin` of the workspace (where
/// CI installs it), then `~/.cargo/bin`, then `PATH`. Fails the test with how to install it.
pub fn tauri_driver() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(workspace.join("target/tauri-driver/bin/tauri-driver"));
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(PathBuf::from(home).join(".cargo/bin/tauri-driver"));
    }
    if let Some(found) = candidates
        .into_iter()
        .find(|p| p.is_file())
        .or_else(|| on_path("tauri-driver"))
    {
        return found;
    }
    panic!(
        "tauri-driver is missing, so the app window cannot be tested. Install it with\n  \
         cargo install tauri-driver --locked --version ^2 --root target/tauri-driver\n\
         (or point TAURI_DRIVER at it). It also needs WebKitWebDriver and Xvfb:\n  \
         apt-get install webkit2gtk-driver xvfb"
    );
}

/// Checks that WebKitWebDriver, Xvfb and ImageMagick's `import` (screenshots) are installed.
pub fn require_system_tools() {
    for tool in ["WebKitWebDriver", "Xvfb", "import"] {
        assert!(
            on_path(tool).is_some(),
            "{tool} is missing, so the app window cannot be tested. Install it with\n  \
             apt-get install webkit2gtk-driver xvfb imagemagick"
        );
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// A free TCP port on 127.0.0.1 (bound and released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A private X display for one app window (no window manager: the window sits at the top
/// left); stopped when dropped.
pub struct Display {
    child: Child,
    pub name: String,
}

impl Display {
    /// Starts Xvfb on the first free display number (`-displayfd`).
    pub fn start() -> Self {
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1400x900x24",
                "-nolisten",
                "tcp",
                "-noreset",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb could not start");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let number = line.trim();
        assert!(!number.is_empty(), "Xvfb did not say which display it took");
        Self {
            child,
            name: format!(":{number}"),
        }
    }

    /// Saves the top-left `width`×`height` of the screen (the app window) as a PNG. WebKit's
    /// own WebDriver screenshot hangs under Xvfb, so this reads the X server instead.
    pub fn screenshot(&self, width: u32, height: u32, path: &Path) {
        let status = Command::new("import")
            .args(["-display", &self.name, "-window", "root", "-crop"])
            .arg(format!("{width}x{height}+0+0"))
            .args(["+repage", "-strip", "-define", "png:compression-level=9"])
            .arg(path)
            .status()
            .expect("ImageMagick import runs");
        assert!(status.success(), "screenshot of {} failed", self.name);
        let png = std::fs::read(path).unwrap();
        assert!(
            png.starts_with(b"\x89PNG"),
            "screenshot {} is not a PNG",
            path.display()
        );
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver server started in a process group of its own (so the drivers and windows
/// it starts go with it), listening on `port`; the whole group is stopped when dropped.
struct ServingGroup {
    child: Child,
    port: u16,
}

impl ServingGroup {
    /// Starts `command` in its own process group and waits until it listens on `port`.
    fn start(mut command: Command, port: u16, what: &str) -> Self {
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("{what} could not start: {e}"));
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{what} never listened on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, port }
    }
}

impl Drop for ServingGroup {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.child.id()))
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A tauri-driver process serving one app window (with WebKitWebDriver and the app in its
/// process group); stopped when dropped.
pub struct Driver {
    _group: ServingGroup,
    pub port: u16,
}

impl Driver {
    /// Starts tauri-driver; every app it launches inherits `env` (and nothing of the
    /// developer's desktop: XDG folders point into `home`).
    pub fn start(
        driver: &Path,
        display: &Display,
        home: &Path,
        env: &[(&str, String)],
        log: &Path,
    ) -> Self {
        let port = free_port();
        let native_port = free_port();
        let log = std::fs::File::create(log).unwrap();
        let mut command = Command::new(driver);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("DISPLAY", &display.name)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CACHE_HOME", home.join("cache"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_RUNTIME_DIR", home.join("runtime"))
            // Software rendering: Xvfb has no GPU.
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .env("WANGGE_LOG", "info")
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        for dir in ["data", "cache", "config", "runtime"] {
            std::fs::create_dir_all(home.join(dir)).unwrap();
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(home.join("runtime"), std::fs::Permissions::from_mode(0o700))
                .unwrap();
        }
        for (k, v) in env {
            command.env(k, v);
        }
        let group = ServingGroup::start(command, port, "tauri-driver");
        Self {
            port: group.port,
            _group: group,
        }
    }
}

/// Debian's chromedriver serving headless Chromium (its browsers in its process group);
/// stopped when dropped.
pub struct ChromeDriver {
    _group: ServingGroup,
    pub port: u16,
}

impl ChromeDriver {
    /// Starts `/usr/bin/chromedriver` (Debian's `chromium-driver`); fails the test with how
    /// to install it when it or Chromium is missing.
    pub fn start(log: &Path) -> Self {
        for tool in ["/usr/bin/chromedriver", "/usr/bin/chromium"] {
            assert!(
                Path::new(tool).is_file(),
                "{tool} is missing, so the desk cannot be tested in a browser. Install it with\n  \
                 apt-get install chromium chromium-driver"
            );
        }
        let port = free_port();
        let mut command = Command::new("/usr/bin/chromedriver");
        command
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let group = ServingGroup::start(command, port, "chromedriver");
        Self {
            port: group.port,
            _group: group,
        }
    }
}

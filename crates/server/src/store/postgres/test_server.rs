//! A private PostgreSQL server for tests: `initdb` into a temporary folder, `pg_ctl start`
//! on a free port of 127.0.0.1 (its unix socket in the same folder), databases made on
//! demand, and everything stopped and removed when the guard drops (also when a test
//! panics). `initdb` refuses root, so as root the tools run as the `postgres` user
//! (`runuser`), which owns the folder. Needs Debian's `postgresql` package (`cargo xtask
//! test` installs it); `WANGGE_PG_BIN` names another folder of PostgreSQL's programs.
//!
//! Only `std` and `tempfile` are used, so the server's API tests include this file too.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct TestServer {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// Run as this user (`runuser -u`), when the tests run as root.
    as_user: Option<String>,
    next_db: AtomicUsize,
}

/// The newest `/usr/lib/postgresql/<version>/bin`, or `WANGGE_PG_BIN`.
fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WANGGE_PG_BIN") {
        return PathBuf::from(dir);
    }
    let versions = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is not installed: apt-get install postgresql (cargo xtask test does)");
    let newest = versions
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path())))
        .max()
        .expect("no PostgreSQL version in /usr/lib/postgresql");
    newest.1.join("bin")
}

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().expect("id -u");
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// A port nobody listens on now (the server binds it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

fn check(what: &str, out: Output) -> Output {
    assert!(
        out.status.success(),
        "{what} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl TestServer {
    /// Creates and starts a server; panics (with PostgreSQL's words) if it cannot.
    pub fn start() -> TestServer {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("wangge-pg-")
            .tempdir()
            .expect("a temporary folder");
        let as_user = is_root().then(|| "postgres".to_string());
        if let Some(user) = &as_user {
            check(
                "chown",
                Command::new("chown")
                    .arg(format!("{user}:"))
                    .arg(dir.path())
                    .output()
                    .expect("chown"),
            );
        }
        let mut server = TestServer {
            bin,
            dir,
            port: 0,
            as_user,
            next_db: AtomicUsize::new(0),
        };
        let data = server.data();
        check(
            "initdb",
            server
                .tool("initdb")
                .arg("-D")
                .arg(&data)
                .args(["-U", "wangge", "--auth=trust", "--no-sync", "-E", "UTF8"])
                .args(["--locale=C.UTF-8", "--no-instructions"])
                .output()
                .expect("initdb runs"),
        );
        // Another test may take the port between choosing and binding it: try a few.
        let mut last = String::new();
        for _ in 0..5 {
            server.port = free_port();
            if server.pg_ctl_start().status.success() {
                return server;
            }
            last = std::fs::read_to_string(server.dir.path().join("log")).unwrap_or_default();
        }
        panic!("PostgreSQL did not start:\n{last}");
    }

    /// `pg_ctl start` on this server's port and folder, waiting until it accepts.
    fn pg_ctl_start(&self) -> Output {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c full_page_writes=off -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        self.tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.path().join("log"))
            .args(["-w", "-t", "30", "-o", &options, "start"])
            .output()
            .expect("pg_ctl runs")
    }

    /// Stops the server (fast: sessions are ended, their connections closed), keeping its
    /// data for [`TestServer::restart`].
    pub fn stop(&self) {
        check(
            "pg_ctl stop",
            self.tool("pg_ctl")
                .arg("-D")
                .arg(self.data())
                .args(["-m", "fast", "-w", "-t", "30", "stop"])
                .output()
                .expect("pg_ctl runs"),
        );
    }

    /// Starts a stopped server again on the same port, with its data.
    pub fn restart(&self) {
        let out = self.pg_ctl_start();
        if !out.status.success() {
            let log = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
            panic!("PostgreSQL did not start again:\n{log}");
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// One of PostgreSQL's programs, run as the server's owner.
    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        match &self.as_user {
            Some(user) => {
                let mut cmd = Command::new("runuser");
                cmd.args(["-u", user, "--"]).arg(program);
                cmd
            }
            None => Command::new(program),
        }
    }

    /// A new, empty database; its URL.
    pub fn database(&self) -> String {
        let n = self.next_db.fetch_add(1, Ordering::Relaxed);
        let name = format!("wangge_{n}");
        check(
            "createdb",
            self.tool("createdb")
                .args([
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &self.port.to_string(),
                    "-U",
                    "wangge",
                ])
                .arg(&name)
                .output()
                .expect("createdb runs"),
        );
        self.url(&name)
    }

    /// The URL of a database on this server.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://wangge@127.0.0.1:{}/{database}", self.port)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Immediate: nothing of a test's data needs to reach the disk.
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
        // The TempDir removes the folder (root may remove what the postgres user wrote).
    }
}

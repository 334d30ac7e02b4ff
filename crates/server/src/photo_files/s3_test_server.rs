//! A private S3-compatible server for tests: `s3s-fs` (crates.io; an S3 API over a
//! folder) on a free port of 127.0.0.1, its data in a temporary folder with one bucket,
//! killed and removed when the guard drops (also when a test panics). `cargo xtask test`
//! installs it into `target/s3s-fs`; `WANGGE_S3S_FS` names another binary.
//!
//! Only `std` and `tempfile` are used, so the server's API tests include this file too.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct TestS3 {
    child: Child,
    dir: tempfile::TempDir,
    port: u16,
}

/// The bucket every test server has.
pub const BUCKET: &str = "wangge";
pub const ACCESS_KEY: &str = "wangge-test";
pub const SECRET_KEY: &str = "wangge-test-secret";

/// `target/s3s-fs/bin/s3s-fs` of this workspace (found from the crate that includes this
/// file, wherever it is in the workspace), or `WANGGE_S3S_FS`.
fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("WANGGE_S3S_FS") {
        return PathBuf::from(path);
    }
    let crate_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let installed = |dir: &std::path::Path| dir.join("target/s3s-fs/bin/s3s-fs");
    let path = crate_dir
        .ancestors()
        .map(installed)
        .find(|p| p.exists())
        .unwrap_or_else(|| installed(&crate_dir.join("../..")));
    assert!(
        path.exists(),
        "{} is missing: `cargo xtask test` installs it, or `cargo install s3s-fs --version =0.14.1 \
         --features binary --locked --root target/s3s-fs`",
        path.display()
    );
    path
}

/// A port nobody listens on now (the server binds it a moment later).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

impl TestS3 {
    /// Starts a server with an empty bucket [`BUCKET`]; panics (with its log) if it cannot.
    pub fn start() -> TestS3 {
        let binary = binary();
        let dir = tempfile::Builder::new()
            .prefix("wangge-s3-")
            .tempdir()
            .expect("a temporary folder");
        let root = dir.path().join("data");
        std::fs::create_dir_all(root.join(BUCKET)).expect("the bucket's folder");
        let log_path = dir.path().join("log");
        // Another test may take the port between choosing and binding it: try a few.
        for _ in 0..5 {
            let port = free_port();
            let log = std::fs::File::create(&log_path).expect("the log file");
            let mut child = Command::new(&binary)
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
                .arg(&root)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("the log file"))
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return TestS3 { child, dir, port };
                }
                if child.try_wait().ok().flatten().is_some() || Instant::now() > deadline {
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        panic!(
            "s3s-fs did not start:\n{}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
    }

    /// The bucket's folder: its objects are files named by their keys.
    pub fn bucket_dir(&self) -> PathBuf {
        self.dir.path().join("data").join(BUCKET)
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for TestS3 {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The TempDir removes the folder.
    }
}

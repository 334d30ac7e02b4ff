//! A killable child process for the kill tests: the test binary re-executed to run one
//! ignored test (the child's body) with its settings in the environment. Every line it
//! prints is collected, so a test can wait for an announcement and read what it said before
//! it was killed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;

/// A running child; SIGKILLed when dropped.
pub struct Child {
    process: Option<std::process::Child>,
    lines: mpsc::Receiver<String>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Child {
    /// Runs the ignored test `test` (its full path, e.g. `kill_device::device_child`) of
    /// this test binary as a child process with `env` set.
    pub fn spawn(test: &str, env: &[(&str, String)]) -> Self {
        let exe = std::env::current_exe().expect("the test binary");
        let mut command = Command::new(exe);
        command
            .args([
                test,
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut process = command.spawn().expect("the child starts");
        let stdout = process.stdout.take().expect("the child's stdout");
        let (send, lines) = mpsc::channel();
        // Always drained, so the child never blocks on a full pipe.
        let reader = std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            let mut line = String::new();
            while out.read_line(&mut line).unwrap_or(0) > 0 {
                let _ = send.send(line.trim_end_matches('\n').to_string());
                line.clear();
            }
        });
        Self {
            process: Some(process),
            lines,
            reader: Some(reader),
        }
    }

    /// Waits for the first line containing `needle` and returns it; panics if the child
    /// ends first. (libtest prints "test <name> ... " before the first line of output.)
    pub fn wait_for(&self, needle: &str) -> String {
        loop {
            match self.lines.recv() {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(_) => panic!("the child ended before printing {needle:?}"),
            }
        }
    }

    /// SIGKILL, no goodbye; returns every line printed since the last call.
    pub fn kill(&mut self) -> Vec<String> {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.lines.try_iter().collect()
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        self.kill();
    }
}

//! Crash safety: a child process captures reports in a loop and is killed with SIGKILL at
//! random moments; every report it announced as saved must be in the store exactly once.

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use device::{Store, store::BlobKind};
use rand::Rng;

use crate::report;

const CHILD_ENV: &str = "WANGGE_CRASH_CHILD_DIR";

/// The child's loop; runs only when re-executed by `kill_during_capture` (it is `#[ignore]`d so
/// a normal test run skips it).
#[test]
#[ignore = "child process of kill_during_capture"]
fn child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&dir)).unwrap();
    let mut rng = rand::rng();
    for n in 0u64.. {
        let mut photo = vec![0u8; 4096];
        rng.fill(&mut photo[..]);
        let sha = store.put_blob(&photo, BlobKind::Photo, n as i64).unwrap();
        let r = report(vec![sha], n);
        store.capture_report(&r).unwrap();
        println!("saved {}", r.case_id);
    }
}

#[test]
fn kill_during_capture() {
    let dir = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut announced: Vec<String> = Vec::new();
    let mut rng = rand::rng();
    for round in 0..50 {
        let mut child = Command::new(&exe)
            .args([
                "crash::child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut ids = Vec::new();
            let mut lines = BufReader::new(stdout);
            let mut line = String::new();
            while lines.read_line(&mut line).unwrap_or(0) > 0 {
                // Only a whole line is an announcement; a line cut by the kill is not. libtest
                // prints "test crash::child ... " just before the child's first line.
                if let Some(id) = line
                    .find("saved ")
                    .and_then(|at| line[at + "saved ".len()..].strip_suffix('\n'))
                {
                    ids.push(id.to_string());
                }
                line.clear();
            }
            ids
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(5..120)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        announced.extend(reader.join().unwrap());

        let store = Store::open(dir.path()).unwrap();
        store.integrity_check().unwrap();
        let reports = store.reports().unwrap();
        let outbox = store.outbox_all().unwrap();
        let saved: HashSet<String> = reports.iter().map(|r| r.case_id.to_string()).collect();
        assert_eq!(
            saved.len(),
            reports.len(),
            "round {round}: a report is stored twice"
        );
        let queued: Vec<String> = outbox
            .iter()
            .map(|e| e.args["case_id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            queued.len(),
            reports.len(),
            "round {round}: reports and outbox differ"
        );
        for id in &announced {
            assert!(
                saved.contains(id),
                "round {round}: announced report {id} was lost"
            );
            assert_eq!(
                queued.iter().filter(|q| *q == id).count(),
                1,
                "round {round}: {id}"
            );
        }
        for (i, e) in outbox.iter().enumerate() {
            assert_eq!(
                e.mid,
                i as i64 + 1,
                "round {round}: mids must rise by exactly one"
            );
        }
        for r in &reports {
            for sha in &r.photos {
                assert!(
                    store.read_blob(sha).is_ok(),
                    "round {round}: photo {sha} missing"
                );
            }
        }
    }
    assert!(
        announced.len() > 50,
        "the child saved too few reports to mean much: {}",
        announced.len()
    );
}

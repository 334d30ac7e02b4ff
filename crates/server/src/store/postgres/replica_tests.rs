//! Replicas on one PostgreSQL database coordinating through it (`replicas.rs`), against a
//! real server: hints and reference-data changes cross between them (`LISTEN/NOTIFY`),
//! exactly one holds the sweep lock and another takes it once the holder's connection is
//! gone (dropped, or its process killed), and a stopped server fails the readiness ping at
//! once, after which the listener and the lock come back by themselves.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::PgStore;
use super::test_server::TestServer;
use crate::store::Store;

/// A count of hints, and the callback that counts one.
fn counter() -> (Arc<AtomicUsize>, impl Fn() + Send + 'static) {
    let heard = Arc::new(AtomicUsize::new(0));
    let count = heard.clone();
    (heard, move || {
        count.fetch_add(1, Ordering::SeqCst);
    })
}

/// Waits up to ten seconds for `done`; panics naming `what` if it never is.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{what}: not within 10 s"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    start.elapsed()
}

#[test]
fn hints_cross_replicas_and_exactly_one_leads_the_sweep() {
    let pg = TestServer::start();
    let url = pg.database();
    let (a, b) = (PgStore::open(&url).unwrap(), PgStore::open(&url).unwrap());
    let (heard_a, on_a) = counter();
    let (heard_b, on_b) = counter();
    let (reread_b, on_reference_b) = counter();
    let (reread_a, on_reference_a) = counter();
    let ra = a.replicas(on_a, on_reference_a).unwrap();
    let rb = b.replicas(on_b, on_reference_b).unwrap();
    let heard = |c: &AtomicUsize| c.load(Ordering::SeqCst);
    // Each listener hints once when it connects (it may have missed something).
    wait_until("both listeners connected", || {
        heard(&heard_a) >= 1 && heard(&heard_b) >= 1
    });

    let (a0, b0) = (heard(&heard_a), heard(&heard_b));
    ra.notify();
    let took = wait_until("B hears A's hint", || heard(&heard_b) > b0);
    eprintln!("a hint crossed replicas in {took:?}");
    // A burst is one NOTIFY or a few, and one hint or a few on the other side.
    let b1 = heard(&heard_b);
    for _ in 0..100 {
        ra.notify();
    }
    wait_until("B hears the burst", || heard(&heard_b) > b1);
    std::thread::sleep(Duration::from_millis(500));
    let burst = heard(&heard_b) - b1;
    eprintln!("a burst of 100 hints came to the other replica as {burst}");
    assert!(burst <= 10, "a burst of 100 hints came as {burst}");
    assert_eq!(heard(&heard_a), a0, "A skips its own notifications");
    assert_eq!(
        (heard(&reread_a), heard(&reread_b)),
        (1, 1),
        "each read the reference data once, on connecting; a hint is no reason to again"
    );

    // Reference data changed through A: B reads it again, and hints.
    let b2 = heard(&heard_b);
    ra.notify();
    ra.notify_reference();
    ra.notify();
    wait_until("B reads the reference data again", || {
        heard(&reread_b) == 2 && heard(&heard_b) > b2
    });
    assert_eq!(heard(&reread_a), 1, "A skips its own");

    assert!(ra.lead().unwrap(), "the first to try leads");
    assert!(!rb.lead().unwrap(), "only one leads");
    assert!(ra.lead().unwrap(), "and goes on leading");
    assert!(!rb.lead().unwrap());
    drop(ra);
    let took = wait_until("B leads once A is gone", || rb.lead().unwrap());
    eprintln!("the sweep lock passed on {took:?} after the leader dropped");
    let rc = a.replicas(|| {}, || {}).unwrap();
    assert!(!rc.lead().unwrap(), "a third waits for B");
}

#[test]
fn a_stopped_server_is_not_ready_and_replicas_come_back_after_it() {
    let pg = TestServer::start();
    let url = pg.database();
    let store = PgStore::open(&url).unwrap();
    store.ping().unwrap();
    let (heard, on_hint) = counter();
    let (reread, on_reference) = counter();
    let replicas = store.replicas(on_hint, on_reference).unwrap();
    let heard = move || heard.load(Ordering::SeqCst);
    let reread = move || reread.load(Ordering::SeqCst);
    wait_until("the listener connected", || heard() >= 1);
    assert_eq!(reread(), 1, "read once on connecting");
    assert!(replicas.lead().unwrap());

    pg.stop();
    let start = Instant::now();
    assert!(store.ping().is_err(), "not ready while the server is down");
    assert!(store.ping().is_err());
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "a stopped server fails the check at once ({:?})",
        start.elapsed()
    );
    assert!(replicas.lead().is_err(), "nobody leads without a database");
    let before = heard();

    let restarting = Instant::now();
    pg.restart();
    let restarted = restarting.elapsed();
    wait_until("ready again", || store.ping().is_ok());
    wait_until("the listener reconnected, read again and hinted", || {
        heard() > before && reread() == 2
    });
    eprintln!(
        "the listener was back {:?} after the restart began ({restarted:?} to restart)",
        restarting.elapsed()
    );
    let other = PgStore::open(&url).unwrap();
    let others = other.replicas(|| {}, || {}).unwrap();
    let before = heard();
    others.notify();
    wait_until("hints flow again", || heard() > before);
    assert!(replicas.lead().unwrap(), "the lock is taken again");
    assert!(!others.lead().unwrap());
}

/// Names the database a child process of [`a_killed_leaders_lock_passes_to_another`]
/// leads on.
const LEADER_OF: &str = "WANGGE_TEST_LEADER_OF";

/// Not a test of its own (it passes at once): with [`LEADER_OF`] set, it is the leader
/// process that [`a_killed_leaders_lock_passes_to_another`] starts and kills.
#[test]
fn leader_process_for_the_kill_test() {
    let Some(url) = std::env::var_os(LEADER_OF) else {
        return;
    };
    let store = PgStore::open(url.to_str().unwrap()).unwrap();
    let replicas = store.replicas(|| {}, || {}).unwrap();
    assert!(replicas.lead().unwrap());
    println!("leading");
    std::thread::sleep(Duration::from_secs(120));
}

/// Kills its child process when dropped (also when the test fails).
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A leader killed with SIGKILL (this test binary run again as the leader process): the
/// kernel closes its connection, PostgreSQL ends its session and the lock is free.
#[test]
fn a_killed_leaders_lock_passes_to_another() {
    use std::io::BufRead;
    let pg = TestServer::start();
    let url = pg.database();
    let mut leader = Child(
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::postgres::replica_tests::leader_process_for_the_kill_test",
                "--nocapture",
            ])
            .env(LEADER_OF, &url)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let out = std::io::BufReader::new(leader.0.stdout.take().unwrap());
    assert!(
        out.lines().map_while(|l| l.ok()).any(|l| l == "leading"),
        "the leader process took the lock"
    );
    let store = PgStore::open(&url).unwrap();
    let replicas = store.replicas(|| {}, || {}).unwrap();
    assert!(!replicas.lead().unwrap(), "the other process leads");
    leader.0.kill().unwrap();
    let killed = Instant::now();
    leader.0.wait().unwrap();
    wait_until("the lock passes on", || replicas.lead().unwrap());
    eprintln!(
        "the sweep lock passed on {:?} after SIGKILL",
        killed.elapsed()
    );
}

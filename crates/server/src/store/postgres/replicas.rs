//! What replicas sharing one PostgreSQL database coordinate through: the "pull now" hints
//! (`NOTIFY` after a commit that hints, and a listener that turns the other replicas'
//! notifications into local hints), the reference data each keeps in memory (a
//! `reference` notification makes the others read it again) and the leadership of the
//! periodic sweep (a session-level advisory lock held on a connection of its own). Each part has a
//! connection outside the pool, named in `pg_stat_activity` (`application_name`), except
//! the notifier, which borrows a pooled one for each `NOTIFY`.
//!
//! The `NOTIFY` is sent right after the commit, not inside the transaction: every call
//! site already hints after its write returns (so other replicas hear exactly what this
//! one's own streams hear, a revoked device's wake-up included, which changes no synced
//! row), the request never waits for it, and a burst of hints is one `NOTIFY`. What that
//! costs: a replica that dies between a commit and its `NOTIFY` loses that one hint; a
//! device then learns of the change at its next pull (its poll interval, or its next
//! push), as it does after any hint lost to a dropped stream.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use postgres::fallible_iterator::FallibleIterator;
use postgres::{Client, NoTls};
use rand::Rng;

use super::{Manager, off_async};
use crate::error::{Error, Result};

/// The channel every replica listens on. A payload is the sender's id, followed by
/// ` reference` when its stored reference data changed.
const CHANNEL: &str = "wangge_hints";
/// What a notification asks for besides a hint.
const REFERENCE: &str = "reference";
/// Key of the session-level advisory lock whose holder runs the sweep ("wangswep").
const SWEEP_LOCK: i64 = 0x7761_6e67_7377_6570;
/// How long the listener waits for a notification before it looks whether to stop.
const POLL: Duration = Duration::from_millis(250);
/// An idle listener checks its connection this often (a half-open one would say nothing).
const PING_EVERY: Duration = Duration::from_secs(10);
/// Reconnecting waits from this, doubling up to [`MAX_BACKOFF`], with jitter.
const MIN_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// How long a `NOTIFY` waits for a pooled connection.
const NOTIFY_WAIT: Duration = Duration::from_secs(5);

/// `config` for a long-lived connection of its own: TCP keepalives so a peer that vanished
/// is noticed (the kernel closes the socket after about 25 s of silence), a bounded
/// connect, and a name to find it by.
pub(super) fn dedicated(config: &postgres::Config, name: &str) -> postgres::Config {
    let mut config = config.clone();
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(Duration::from_secs(5));
    }
    config
        .application_name(name)
        .keepalives(true)
        .keepalives_idle(Duration::from_secs(10))
        .keepalives_interval(Duration::from_secs(5))
        .keepalives_retries(3);
    config
}

/// This replica's part in coordinating with the others on its database. Dropping it stops
/// the listener (within [`POLL`]) and the notifier, and closes the sweep lock's connection
/// at once, which releases the lock for another replica.
pub struct PgReplicas {
    /// This replica's name in notifications, so it skips its own (already hinted locally).
    id: String,
    /// To the notifier thread: one `NOTIFY` per burst of requests.
    notify: Option<mpsc::Sender<Notice>>,
    leader: Mutex<Leader>,
    config: postgres::Config,
    stop: Arc<AtomicBool>,
}

/// What the notifier is asked to tell the other replicas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Notice {
    /// Something changed: streams look whether it is theirs to see.
    Hint,
    /// The stored reference data (catalogue, organisations, grids, areas) changed.
    Reference,
}

/// The sweep lock's connection, and whether this replica holds the lock on it.
#[derive(Default)]
struct Leader {
    client: Option<Client>,
    holds: bool,
}

impl std::fmt::Debug for PgReplicas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let leads = self
            .leader
            .lock()
            .map(|l| l.holds)
            .unwrap_or_else(|p| p.into_inner().holds);
        f.debug_struct("PgReplicas")
            .field("id", &self.id)
            .field("leads", &leads)
            .finish()
    }
}

impl PgReplicas {
    /// Starts the listener and the notifier threads; the sweep lock is first tried at the
    /// first [`PgReplicas::lead`]. The listener calls `on_hint` for another replica's hint
    /// and `on_reference` (then `on_hint`) when another's reference data changed.
    pub(super) fn start(
        config: &postgres::Config,
        pool: r2d2::Pool<Manager>,
        on_hint: impl Fn() + Send + 'static,
        on_reference: impl Fn() + Send + 'static,
    ) -> Self {
        let id = format!("{:016x}", rand::rng().random::<u64>());
        let stop = Arc::new(AtomicBool::new(false));
        let listener = Listener {
            config: dedicated(config, "wangge hint listener"),
            id: id.clone(),
            stop: stop.clone(),
        };
        std::thread::Builder::new()
            .name("wangge-hint-listener".into())
            .spawn(move || listener.run(&on_hint, &on_reference))
            .ok();
        let (notify, requests) = mpsc::channel();
        let sender_id = id.clone();
        std::thread::Builder::new()
            .name("wangge-hint-notifier".into())
            .spawn(move || notifier(&pool, &sender_id, &requests))
            .ok();
        Self {
            id,
            notify: Some(notify),
            leader: Mutex::new(Leader::default()),
            config: dedicated(config, "wangge sweep leader"),
            stop,
        }
    }

    /// Tells the other replicas' streams to look for changes (after a commit); returns at
    /// once, the `NOTIFY` is sent by the notifier thread.
    pub fn notify(&self) {
        self.send(Notice::Hint);
    }

    /// Tells the other replicas to read the stored reference data again (after a commit
    /// that changed it and this replica's own reload).
    pub fn notify_reference(&self) {
        self.send(Notice::Reference);
    }

    fn send(&self, notice: Notice) {
        if let Some(notify) = &self.notify {
            // Only fails once the notifier is gone, while stopping.
            let _ = notify.send(notice);
        }
    }

    /// Whether this replica leads the sweep now: it holds the session-level advisory lock
    /// on its own connection, which is checked alive first (a dropped connection has lost
    /// the lock, and the lock is tried again on a new one). Blocking: run it off async
    /// threads. Exactly one replica at a time holds the lock; a leader that dies closes its
    /// connection (or its TCP keepalives run out) and the lock is free for the next try.
    pub fn lead(&self) -> Result<bool> {
        let mut leader = self.leader.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = leader.client.as_mut()
            && client.simple_query("").is_err()
        {
            if leader.holds {
                tracing::warn!("the sweep lock's connection dropped: this replica leads no more");
            }
            *leader = Leader::default();
        }
        if leader.holds {
            return Ok(true);
        }
        if leader.client.is_none() {
            let mut client = self.config.connect(NoTls)?;
            // The server's side too: a leader whose host vanished (no FIN, no RST) loses
            // its session, and so the lock, after about 25 s of silence.
            client.batch_execute(
                "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5;
                 SET tcp_keepalives_count = 3",
            )?;
            leader.client = Some(client);
        }
        let Some(client) = leader.client.as_mut() else {
            return Err(Error::Internal("no sweep lock connection".into()));
        };
        let holds: bool = client
            .query_one("SELECT pg_try_advisory_lock($1)", &[&SWEEP_LOCK])?
            .try_get(0)?;
        if holds {
            tracing::info!(replica = %self.id, "this replica now runs the sweep");
        }
        leader.holds = holds;
        Ok(holds)
    }
}

impl Drop for PgReplicas {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // The notifier ends when its channel closes.
        self.notify = None;
        let client = self
            .leader
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .client
            .take();
        // Closing the connection releases the lock; nothing to report from a drop.
        let _ = off_async(move || drop(client));
    }
}

/// Sends one `NOTIFY` for each burst of requests, until the channel closes.
fn notifier(pool: &r2d2::Pool<Manager>, id: &str, requests: &mpsc::Receiver<Notice>) {
    // `id` is hex digits: safe inside the quotes.
    let hint = format!("NOTIFY {CHANNEL}, '{id}'");
    let reference = format!("NOTIFY {CHANNEL}, '{id} {REFERENCE}'");
    while let Ok(first) = requests.recv() {
        let mut notice = first;
        while let Ok(more) = requests.try_recv() {
            if more == Notice::Reference {
                notice = more;
            }
        }
        let sql = match notice {
            Notice::Hint => &hint,
            Notice::Reference => &reference,
        };
        let sent = pool
            .get_timeout(NOTIFY_WAIT)
            .map_err(Error::from)
            .and_then(|mut conn| Ok(conn.client.batch_execute(sql)?));
        if let Err(e) = sent {
            tracing::warn!(error = %e, "could not tell the other replicas to hint");
        }
    }
}

/// The listener: one connection that `LISTEN`s, reconnecting with backoff.
struct Listener {
    config: postgres::Config,
    id: String,
    stop: Arc<AtomicBool>,
}

impl Listener {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn run(&self, on_hint: &dyn Fn(), on_reference: &dyn Fn()) {
        let mut backoff = MIN_BACKOFF;
        while !self.stopping() {
            match self.subscribe() {
                Ok(mut client) => {
                    backoff = MIN_BACKOFF;
                    // Whatever was notified while nothing listened is lost: read and look
                    // once (at the first connect too: the state read its reference data
                    // before this listened).
                    on_reference();
                    on_hint();
                    if let Err(e) = self.relay(&mut client, on_hint, on_reference) {
                        tracing::warn!(error = %e, "the hint listener's connection dropped");
                    }
                    self.pause(backoff);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the hint listener cannot connect");
                    self.pause(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    fn subscribe(&self) -> Result<Client> {
        let mut client = self.config.connect(NoTls)?;
        client.batch_execute(&format!("LISTEN {CHANNEL}"))?;
        Ok(client)
    }

    /// Hints once for each burst of the other replicas' notifications (reloading the
    /// reference data first when one asked), until stopping or until the connection fails.
    fn relay(
        &self,
        client: &mut Client,
        on_hint: &dyn Fn(),
        on_reference: &dyn Fn(),
    ) -> Result<()> {
        let mut checked = Instant::now();
        while !self.stopping() {
            let (mut foreign, mut reference) = (false, false);
            {
                let mut notes = client.notifications();
                let mut take = |payload: &str| {
                    let (from, what) = payload.split_once(' ').unwrap_or((payload, ""));
                    if from != self.id {
                        foreign = true;
                        reference |= what == REFERENCE;
                    }
                };
                let first = notes.timeout_iter(POLL).next()?;
                if let Some(first) = first {
                    take(first.payload());
                    let mut buffered = notes.iter();
                    while let Some(more) = buffered.next()? {
                        take(more.payload());
                    }
                }
            }
            if reference {
                on_reference();
            }
            if foreign {
                on_hint();
            }
            if client.is_closed() {
                return Err(Error::Storage("connection closed".into()));
            }
            if checked.elapsed() >= PING_EVERY {
                client.simple_query("")?;
                checked = Instant::now();
            }
        }
        Ok(())
    }

    /// Sleeps about `backoff` (jittered by up to half of it), or less when stopping.
    fn pause(&self, backoff: Duration) {
        let jitter = rand::rng().random_range(0..=backoff.as_millis() / 2);
        let until = Instant::now() + backoff + Duration::from_millis(jitter as u64);
        while !self.stopping() && Instant::now() < until {
            std::thread::sleep(POLL.min(until.saturating_duration_since(Instant::now())));
        }
    }
}

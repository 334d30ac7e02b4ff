//! A fault-injecting TCP proxy for sync tests: sits between a device and the server and,
//! at random, resets a connection in the middle of a request, stalls a transfer, or lets
//! a request through and drops the server's answer (so the server applied something the
//! device never heard about).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use rand::Rng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How often each fault strikes, per chunk of bytes passing through.
#[derive(Debug, Clone, Copy)]
pub struct Faults {
    /// Reset the connection while the request is on its way.
    pub reset_request: f64,
    /// Pause a chunk this long before passing it on.
    pub stall: f64,
    pub stall_for: Duration,
    /// Pass the request but drop the answer and close.
    pub drop_response: f64,
}

/// Counts of faults injected, to check the test exercised them.
#[derive(Debug, Default)]
pub struct FaultCounts {
    pub resets: AtomicU64,
    pub stalls: AtomicU64,
    pub dropped_responses: AtomicU64,
    pub connections: AtomicU64,
}

/// A running proxy. Dropping it stops accepting.
pub struct FaultProxy {
    pub addr: SocketAddr,
    pub counts: Arc<FaultCounts>,
    enabled: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on 127.0.0.1:0 in front of `upstream`.
    pub async fn start(upstream: SocketAddr, faults: Faults) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let counts = Arc::new(FaultCounts::default());
        let enabled = Arc::new(AtomicBool::new(true));
        let task = {
            let counts = counts.clone();
            let enabled = enabled.clone();
            tokio::spawn(async move {
                while let Ok((client, _)) = listener.accept().await {
                    counts.connections.fetch_add(1, Ordering::Relaxed);
                    let counts = counts.clone();
                    let enabled = enabled.clone();
                    tokio::spawn(async move {
                        if let Ok(server) = TcpStream::connect(upstream).await {
                            relay(client, server, faults, counts, enabled).await;
                        }
                    });
                }
            })
        };
        Ok(Self {
            addr,
            counts,
            enabled,
            task,
        })
    }

    /// The proxy's base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Turns fault injection on or off (off: a plain relay).
    pub fn set_faults(&self, on: bool) {
        self.enabled.store(on, Ordering::SeqCst);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(
    client: TcpStream,
    server: TcpStream,
    faults: Faults,
    counts: Arc<FaultCounts>,
    enabled: Arc<AtomicBool>,
) {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let up = {
        let counts = counts.clone();
        let enabled = enabled.clone();
        async move {
            let mut buf = vec![0u8; 16 * 1024];
            loop {
                let n = match client_read.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                if enabled.load(Ordering::SeqCst) {
                    let (reset, stall) = {
                        let mut rng = rand::rng();
                        (
                            rng.random_bool(faults.reset_request),
                            rng.random_bool(faults.stall),
                        )
                    };
                    if stall {
                        counts.stalls.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep(faults.stall_for).await;
                    }
                    if reset {
                        counts.resets.fetch_add(1, Ordering::Relaxed);
                        // Half the request reaches the server, then the line goes dead.
                        let _ = server_write.write_all(&buf[..n / 2]).await;
                        return;
                    }
                }
                if server_write.write_all(&buf[..n]).await.is_err() {
                    return;
                }
            }
        }
    };
    let down = async move {
        let mut buf = vec![0u8; 16 * 1024];
        loop {
            let n = match server_read.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            if enabled.load(Ordering::SeqCst) && rand::rng().random_bool(faults.drop_response) {
                counts.dropped_responses.fetch_add(1, Ordering::Relaxed);
                return;
            }
            if client_write.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    // Whichever direction ends first closes both: a reset or a dropped answer cuts the
    // connection for the device.
    tokio::select! {
        () = up => {}
        () = down => {}
    }
}

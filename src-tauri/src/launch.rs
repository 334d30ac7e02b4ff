//! How the app was launched: settings read once from the environment at start and passed
//! down (no scattered `std::env` reads).
//!
//! | Variable | Meaning |
//! | --- | --- |
//! | `WANGGE_APP_DATA_DIR` | The device folder (store, photos); default: the app's data folder (not `WANGGE_DATA_DIR`, which is the server's) |
//! | `WANGGE_SERVER` | Server address for signing in at start, e.g. `http://127.0.0.1:8080` |
//! | `WANGGE_DEMO_USER`, `WANGGE_DEMO_PASSWORD` | Who signs in at start (with `WANGGE_SERVER`) |
//! | `WANGGE_WINDOW_SIZE` | Desktop window size `WIDTHxHEIGHT` in logical pixels |
//! | `WANGGE_SYNC_POLL_SECS` | Seconds between background syncs when nothing prompts one |
//! | `WANGGE_PLAIN_HTTP_HOSTS` | Servers (comma-separated hosts) this app may sign in to over plain `http://`; this machine always may |

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// A sign-in done at start, so the demo opens signed in.
#[derive(Clone)]
pub struct StartSignIn {
    pub server: String,
    pub username: String,
    pub password: String,
}

impl fmt::Debug for StartSignIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartSignIn")
            .field("server", &self.server)
            .field("username", &self.username)
            .field("password", &"<hidden>")
            .finish()
    }
}

/// The launch settings.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub data_dir: Option<PathBuf>,
    pub sign_in: Option<StartSignIn>,
    pub window_size: Option<(f64, f64)>,
    pub sync_poll: Option<Duration>,
    /// Servers the app may sign in to over plain `http://` besides this machine.
    pub plain_http_hosts: Vec<String>,
}

impl Launch {
    /// Reads the settings from the process environment; bad values are logged and ignored.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Self {
        let sign_in = match (
            var("WANGGE_SERVER"),
            var("WANGGE_DEMO_USER"),
            var("WANGGE_DEMO_PASSWORD"),
        ) {
            (Some(server), Some(username), Some(password)) => Some(StartSignIn {
                server,
                username,
                password,
            }),
            _ => None,
        };
        let window_size = var("WANGGE_WINDOW_SIZE").and_then(|v| {
            let size = parse_size(&v);
            if size.is_none() {
                tracing::warn!("WANGGE_WINDOW_SIZE={v:?} is not WIDTHxHEIGHT; ignored");
            }
            size
        });
        let sync_poll = var("WANGGE_SYNC_POLL_SECS").and_then(|v| match v.trim().parse::<u64>() {
            Ok(secs) if secs > 0 => Some(Duration::from_secs(secs)),
            _ => {
                tracing::warn!("WANGGE_SYNC_POLL_SECS={v:?} is not a positive number; ignored");
                None
            }
        });
        let plain_http_hosts = var("WANGGE_PLAIN_HTTP_HOSTS")
            .map(|v| {
                v.split(',')
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        Self {
            data_dir: var("WANGGE_APP_DATA_DIR").map(PathBuf::from),
            sign_in,
            window_size,
            sync_poll,
            plain_http_hosts,
        }
    }
}

fn parse_size(v: &str) -> Option<(f64, f64)> {
    let (w, h) = v.trim().split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse::<f64>().ok()?, h.trim().parse::<f64>().ok()?);
    (w >= 200.0 && h >= 200.0 && w <= 10_000.0 && h <= 10_000.0).then_some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_demo_sign_in_only_when_complete() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let l = Launch::from_vars(vars(&[
            ("WANGGE_SERVER", "http://127.0.0.1:9"),
            ("WANGGE_DEMO_USER", "wangli"),
            ("WANGGE_DEMO_PASSWORD", "secret"),
            ("WANGGE_WINDOW_SIZE", "1280x800"),
            ("WANGGE_APP_DATA_DIR", "/tmp/d"),
        ]));
        let s = l.sign_in.as_ref().unwrap();
        assert_eq!(
            (s.server.as_str(), s.username.as_str()),
            ("http://127.0.0.1:9", "wangli")
        );
        assert!(!format!("{l:?}").contains("secret"));
        assert_eq!(l.window_size, Some((1280.0, 800.0)));
        assert_eq!(l.data_dir, Some(PathBuf::from("/tmp/d")));

        let l = Launch::from_vars(vars(&[
            ("WANGGE_SERVER", "http://127.0.0.1:9"),
            ("WANGGE_WINDOW_SIZE", "wide"),
        ]));
        assert!(l.sign_in.is_none());
        assert_eq!(l.window_size, None);
    }
}

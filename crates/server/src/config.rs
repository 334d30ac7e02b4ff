//! Typed configuration of the service: built once at the edge from a TOML file and
//! `WANGGE_*` environment variables, then passed down. Secrets never show in `Debug`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// A value that must not appear in logs: `Debug` and `Display` print `"[secret]"`.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself; call only where it is used, never to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[secret]")
    }
}

/// Cost parameters of argon2id. Production keeps the defaults (OWASP's second
/// recommendation: 19 MiB, 2 passes); tests and the demo may lower them.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for PasswordCost {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

impl PasswordCost {
    /// The cheapest parameters argon2 accepts: for tests only.
    pub fn fast_for_tests() -> Self {
        Self {
            memory_kib: 8,
            iterations: 1,
            parallelism: 1,
        }
    }
}

/// Everything the service needs to start.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Directory of the embedded storage: `wangge.sqlite3` and `blobs/` (with
    /// `database_url`, only `blobs/`; with `blob_url` too, nothing that matters).
    pub data_dir: PathBuf,
    /// `postgres://user:password@host:port/database`: the data in PostgreSQL instead of the
    /// embedded SQLite file (several replicas may share it). A secret: it may hold a password.
    pub database_url: Option<Secret>,
    /// `s3://bucket/prefix`: photos in an S3-compatible object store under `prefix`
    /// (several replicas may share it) instead of `data_dir/blobs`.
    pub blob_url: Option<String>,
    /// The object store's address, e.g. `https://oss.example.gov.cn` or
    /// `http://127.0.0.1:3900`; when unset, AWS's own for `s3_region`.
    pub s3_endpoint: Option<String>,
    /// The region requests are signed for (`us-east-1` suits most S3-compatible stores).
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<Secret>,
    /// Allows an `http://` endpoint (a store on the same host or private network).
    pub s3_allow_http: bool,
    /// Address to listen on when the CLI binds the listener.
    pub listen: String,
    /// The address phones reach the service at, e.g. `https://wangge.example.gov.cn`, put
    /// in enrollment QR codes; when unset, the address the administrator's request came to.
    pub public_url: Option<String>,
    /// A font file with Chinese characters (`.ttf`, `.otf` or `.ttc`) for 网格公示
    /// placards; when unset, Debian's Noto Sans CJK (`fonts-noto-cjk`).
    pub placard_font: Option<PathBuf>,
    /// Lifetime of an access token, seconds.
    pub access_token_ttl_secs: u64,
    /// Lifetime of a refresh token that is not used, seconds.
    pub refresh_token_ttl_secs: u64,
    /// Largest JSON request body, bytes.
    pub max_body_bytes: usize,
    /// Longest a request (reading its body included) may take, seconds; slower ones get
    /// 408. Event streams are exempt.
    pub request_timeout_secs: u64,
    /// Largest photo (blob), bytes.
    pub max_blob_bytes: u64,
    /// How long an unfinished photo upload is kept, seconds (then the maintenance step
    /// drops it).
    pub partial_retention_secs: u64,
    /// Most unfinished photo uploads one person holds; starting another drops their
    /// least recently written one (it resumes from 0 if it comes back).
    pub max_partials_per_person: usize,
    /// How long a photo no case holds is kept, seconds (its report may still be on its
    /// way); then the maintenance step deletes it.
    pub orphan_retention_secs: u64,
    /// Most mutations accepted in one push.
    pub max_push_mutations: usize,
    /// Most changes in one pull page.
    pub max_pull_limit: u32,
    /// How long `remove` entries stay in the change log before compaction, seconds.
    /// A device whose cursor is older than the compacted part gets `410 Gone`.
    pub change_retention_secs: u64,
    /// How often the deadline sweep runs, seconds.
    pub sweep_interval_secs: u64,
    /// User name of the administrator created on first start.
    pub admin_username: String,
    /// Password of that administrator; when absent, a random one is printed once.
    pub admin_password: Option<Secret>,
    pub password_cost: PasswordCost,
    /// When risk warnings (风险预警) fire.
    pub warnings: WarningThresholds,
    /// Open311 GeoReport v2 at `/open311/v2/`: who may post requests.
    pub open311: Open311Config,
    /// The built desk and admin UI (`ui/dist`) served to browsers at `/`; none when unset
    /// (`wangge serve` looks for `ui/dist` beside the working directory).
    pub web_root: Option<PathBuf>,
}

/// The Open311 GeoReport v2 endpoint: reading services and requests is open; posting a
/// request takes one of `api_keys` (one per system that files, e.g. the 12345 hotline).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Open311Config {
    pub api_keys: Vec<Secret>,
    /// The `jurisdiction_id` callers may send (any when unset).
    pub jurisdiction_id: Option<String>,
}

/// The thresholds of the risk warnings; the defaults are in [`WarningThresholds::default`].
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WarningThresholds {
    /// 重复发生: the same category in the same grid at least this many times …
    pub repeat_count: u32,
    /// … within this many days.
    pub repeat_days: u32,
    /// 异常上升: a grid's or community's new cases in the last `rise_days` days, at least
    /// `rise_min` of them and at least `rise_factor` times its mean over the
    /// `rise_baseline_periods` periods of `rise_days` before.
    pub rise_days: u32,
    pub rise_baseline_periods: u32,
    pub rise_factor: f64,
    pub rise_min: u32,
    /// 即将超期: an open case whose deadline is less than this many minutes away.
    pub due_soon_minutes: u32,
    /// 巡查空白: a grid nobody has checked in at on a patrol for this many days.
    pub patrol_days: u32,
}

impl Default for WarningThresholds {
    fn default() -> Self {
        Self {
            repeat_count: 3,
            repeat_days: 7,
            rise_days: 7,
            rise_baseline_periods: 4,
            rise_factor: 2.0,
            rise_min: 5,
            due_soon_minutes: 60,
            patrol_days: 7,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("wangge-data"),
            database_url: None,
            blob_url: None,
            s3_endpoint: None,
            s3_region: "us-east-1".into(),
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            listen: "127.0.0.1:8080".into(),
            public_url: None,
            placard_font: None,
            access_token_ttl_secs: 15 * 60,
            refresh_token_ttl_secs: 60 * 24 * 3600,
            max_body_bytes: 1024 * 1024,
            request_timeout_secs: 60,
            partial_retention_secs: 7 * 24 * 3600,
            max_partials_per_person: 8,
            orphan_retention_secs: 30 * 24 * 3600,
            max_blob_bytes: 10 * 1024 * 1024,
            max_push_mutations: 500,
            max_pull_limit: 1000,
            change_retention_secs: 30 * 24 * 3600,
            sweep_interval_secs: 60,
            admin_username: "admin".into(),
            admin_password: None,
            password_cost: PasswordCost::default(),
            warnings: WarningThresholds::default(),
            open311: Open311Config::default(),
            web_root: None,
        }
    }
}

impl Config {
    /// Defaults, then the TOML file if given, then `WANGGE_*` variables from `env`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self> {
        let mut config = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))?;
                toml::from_str(&text)
                    .map_err(|e| Error::Config(format!("{}: {e}", path.display())))?
            }
            None => Config::default(),
        };
        for (key, value) in env {
            let Some(name) = key.strip_prefix("WANGGE_") else {
                continue;
            };
            config.set(&name.to_ascii_lowercase(), &value)?;
        }
        Ok(config)
    }

    fn set(&mut self, name: &str, value: &str) -> Result<()> {
        fn num<T: std::str::FromStr>(name: &str, value: &str) -> Result<T> {
            value.parse().map_err(|_| {
                Error::Config(format!(
                    "WANGGE_{}: not a number: {value:?}",
                    name.to_ascii_uppercase()
                ))
            })
        }
        match name {
            "data_dir" | "data" => self.data_dir = PathBuf::from(value),
            "listen" => self.listen = value.to_string(),
            "database_url" => self.database_url = Some(Secret::new(value)),
            "blob_url" => self.blob_url = Some(value.to_string()),
            "s3_endpoint" => self.s3_endpoint = Some(value.to_string()),
            "s3_region" => self.s3_region = value.to_string(),
            "s3_access_key_id" => self.s3_access_key_id = Some(value.to_string()),
            "s3_secret_access_key" => self.s3_secret_access_key = Some(Secret::new(value)),
            "s3_allow_http" => {
                self.s3_allow_http = match value {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => {
                        return Err(Error::Config(format!(
                            "WANGGE_S3_ALLOW_HTTP: true or false, not {value:?}"
                        )));
                    }
                }
            }
            "public_url" => self.public_url = Some(value.to_string()),
            "placard_font" => self.placard_font = Some(PathBuf::from(value)),
            "web_root" => self.web_root = Some(PathBuf::from(value)),
            "access_token_ttl_secs" => self.access_token_ttl_secs = num(name, value)?,
            "refresh_token_ttl_secs" => self.refresh_token_ttl_secs = num(name, value)?,
            "max_body_bytes" => self.max_body_bytes = num(name, value)?,
            "request_timeout_secs" => self.request_timeout_secs = num(name, value)?,
            "max_blob_bytes" => self.max_blob_bytes = num(name, value)?,
            "partial_retention_secs" => self.partial_retention_secs = num(name, value)?,
            "max_partials_per_person" => self.max_partials_per_person = num(name, value)?,
            "orphan_retention_secs" => self.orphan_retention_secs = num(name, value)?,
            "max_push_mutations" => self.max_push_mutations = num(name, value)?,
            "max_pull_limit" => self.max_pull_limit = num(name, value)?,
            "change_retention_secs" => self.change_retention_secs = num(name, value)?,
            "sweep_interval_secs" => self.sweep_interval_secs = num(name, value)?,
            "admin_username" => self.admin_username = value.to_string(),
            "admin_password" => self.admin_password = Some(Secret::new(value)),
            // Variables of other tools that share the prefix are none of ours.
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_env_override_and_secret_is_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("wangge.toml");
        std::fs::write(
            &file,
            "listen = \"0.0.0.0:9000\"\nadmin_password = \"hunter2\"\n[password_cost]\nmemory_kib = 64\n",
        )
        .unwrap();
        let env = [
            ("WANGGE_ACCESS_TOKEN_TTL_SECS".to_string(), "5".to_string()),
            ("PATH".to_string(), "/bin".to_string()),
            (
                "WANGGE_DATABASE_URL".to_string(),
                "postgres://w:pw@db/wangge".to_string(),
            ),
            (
                "WANGGE_BLOB_URL".to_string(),
                "s3://photos/haigang".to_string(),
            ),
            ("WANGGE_S3_ALLOW_HTTP".to_string(), "true".to_string()),
            (
                "WANGGE_S3_SECRET_ACCESS_KEY".to_string(),
                "s3cr3t-key".to_string(),
            ),
        ];
        let config = Config::load(Some(&file), env).unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert_eq!(config.access_token_ttl_secs, 5);
        assert_eq!(config.password_cost.memory_kib, 64);
        assert_eq!(config.password_cost.iterations, 2);
        assert_eq!(config.admin_password.as_ref().unwrap().expose(), "hunter2");
        let url = config.database_url.as_ref().unwrap().expose();
        assert_eq!(url, "postgres://w:pw@db/wangge");
        assert_eq!(config.blob_url.as_deref(), Some("s3://photos/haigang"));
        assert!(config.s3_allow_http);
        assert_eq!(config.s3_region, "us-east-1");
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(!shown.contains("pw@"), "{shown}");
    }

    #[test]
    fn the_example_file_is_the_defaults() {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("wangge.example.toml");
        let example = Config::load(Some(&file), []).unwrap();
        let default = Config::default();
        assert_eq!(format!("{example:?}"), format!("{default:?}"));
    }

    #[test]
    fn bad_values_are_errors() {
        let env = [("WANGGE_MAX_BODY_BYTES".to_string(), "lots".to_string())];
        assert!(Config::load(None, env).is_err());
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, "no_such_key = 1\n").unwrap();
        assert!(Config::load(Some(&file), []).is_err());
    }
}

//! What the command-line tests share: `wangge serve` on a free port in a folder,
//! `wangge admin` against it signed in as its administrator, and the files of a small
//! district that is not Haigang (测试区: two streets, two communities, three grids).
#![allow(clippy::unwrap_used, dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;

pub const PASSWORD: &str = "admin-password-1";

/// `wangge serve` (or `wangge demo`) on a free port; killed when dropped.
pub struct Serve(pub Child, pub String);

impl Serve {
    pub fn start(dir: &Path, extra: &[&str]) -> Result<Self, String> {
        Self::run("serve", dir, extra)
    }

    /// `wangge demo`: the service with the demo district.
    pub fn demo(dir: &Path) -> Self {
        Self::run("demo", dir, &[]).unwrap_or_else(|e| panic!("wangge demo exited: {e}"))
    }

    fn run(command: &str, dir: &Path, extra: &[&str]) -> Result<Self, String> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let listen = format!("127.0.0.1:{port}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_wangge"))
            .args([
                command,
                "--data",
                dir.to_str().unwrap(),
                "--listen",
                &listen,
            ])
            .args(extra)
            .env("RUST_LOG", "warn")
            .env("WANGGE_ADMIN_PASSWORD", PASSWORD)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("sync service on") {
            line.clear();
            if lines.read_line(&mut line).unwrap() == 0 {
                let mut err = String::new();
                let _ = std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err);
                let _ = child.wait();
                return Err(err);
            }
        }
        std::thread::spawn(move || {
            let mut sink = String::new();
            while lines.read_line(&mut sink).unwrap_or(0) > 0 {
                sink.clear();
            }
        });
        Ok(Serve(child, format!("http://{listen}")))
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn admin(server: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wangge"))
        .arg("admin")
        .args(args)
        .args(["--server", server])
        .env("WANGGE_PASSWORD", PASSWORD)
        .output()
        .unwrap()
}

pub fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub const HIERARCHY: &str = "level,code,name,parent_code
district,130399,测试区,1303
street,130399001,东街道,130399
street,130399002,西街道,130399
community,130399001001,东一社区,130399001
community,130399002001,西一社区,130399002
";

/// The WGS-84 squares of the three grids: (code, name, west, south), 0.004° a side.
pub const GRIDS: [(&str, &str, f64, f64); 3] = [
    ("130399001001001", "东一社区第1网格", 119.500, 39.900),
    ("130399001001002", "东一社区第2网格", 119.504, 39.900),
    ("130399002001001", "西一社区第1网格", 119.500, 39.904),
];
pub const SIDE: f64 = 0.004;

/// The grids as a web map would give them: every corner in GCJ-02.
pub fn grids_gcj02() -> String {
    grids_geojson(&GRIDS, true)
}

/// `grids` as a GeoJSON FeatureCollection (the code in `grid_no`), in GCJ-02 or WGS-84.
pub fn grids_geojson(grids: &[(&str, &str, f64, f64)], gcj02: bool) -> String {
    let features: Vec<Value> = grids
        .iter()
        .map(|(code, name, w, s)| {
            let ring: Vec<[f64; 2]> = [(0., 0.), (1., 0.), (1., 1.), (0., 1.), (0., 0.)]
                .iter()
                .map(|(dx, dy)| {
                    let (lon, lat) = (w + dx * SIDE, s + dy * SIDE);
                    let (lon, lat) = if gcj02 {
                        gridmap::wgs84_to_gcj02(lon, lat)
                    } else {
                        (lon, lat)
                    };
                    [lon, lat]
                })
                .collect();
            serde_json::json!({
                "type": "Feature",
                "properties": { "grid_no": code, "name": name },
                "geometry": { "type": "Polygon", "coordinates": [ring] },
            })
        })
        .collect();
    serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string()
}

/// The centre of grid `i` in WGS-84, as a phone's GPS gives it.
pub fn centre(i: usize) -> (String, String) {
    let (_, _, w, s) = GRIDS[i];
    ((w + SIDE / 2.0).to_string(), (s + SIDE / 2.0).to_string())
}

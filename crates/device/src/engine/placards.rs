//! 网格公示 placards from the desk, online: a community's entrances with their placards'
//! state (`GET /v1/placards`), and printing them (`POST /v1/placards/print`), the PDF saved
//! into the downloads folder under a name that says whose, which and when
//! (`公示牌-<community>-<which>-<yyyymmdd-hhmmss>.pdf`, in the desk's local time).

use std::io::Write;
use std::path::{Path, PathBuf};

use protocol::{PlacardList, PlacardPrint, PlacardQuery, PlacardSelection};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Engine, api, now_ms};
use crate::{Error, Result};

/// Where a print was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SavedPdf {
    /// The file's full path.
    pub path: String,
    /// Its pages: one per placard.
    pub pages: u32,
    pub bytes: u64,
}

/// The desk's offset from UTC when the window does not say: China's (UTC+8).
const DEFAULT_UTC_OFFSET_MIN: i32 = 8 * 60;

impl Engine {
    /// A community's entrances (each building and unit) with their placards' state and the
    /// counts per state (`GET /v1/placards`; community, street and district dispatchers,
    /// the commander and administrators, within their area).
    pub async fn placards(&self, community: &str) -> Result<PlacardList> {
        let query = PlacardQuery {
            community: community_code(community)?,
        };
        let response = self
            .v1_call("placards", Method::GET, &["placards"], &[], |r| {
                r.query(&query)
            })
            .await?;
        api::json(response).await
    }

    /// Prints a community's placards (`POST /v1/placards/print`: all, the stale, the
    /// unprinted or the listed ones, A5 or A4; the server records them printed) and saves
    /// the PDF into the downloads folder, never over another file. `utc_offset_min` (east
    /// positive, the window's) dates the file's name; UTC+8 when not given. Refusals keep
    /// the server's codes (`nothing_to_print`, `unknown_entrance`, `bad_size`, …).
    pub async fn print_placards(
        &self,
        print: &PlacardPrint,
        utc_offset_min: Option<i32>,
    ) -> Result<SavedPdf> {
        let body = PlacardPrint {
            community: community_code(&print.community)?,
            which: print.which,
            entrances: if print.which == PlacardSelection::Listed {
                print
                    .entrances
                    .iter()
                    .map(|e| e.trim().to_string())
                    .collect()
            } else {
                Vec::new()
            },
            size: paper_size(print.size.as_deref())?,
        };
        let response = self
            .v1_call(
                "placards_print",
                Method::POST,
                &["placards", "print"],
                &[],
                |r| r.json(&body),
            )
            .await?;
        let pdf = response
            .bytes()
            .await
            .map_err(|e| Error::Offline(e.to_string()))?;
        if !pdf.starts_with(b"%PDF-") {
            return Err(Error::Invalid("the server's answer is not a PDF".into()));
        }
        let name = file_name(
            &body.community,
            body.which,
            now_ms(),
            utc_offset_min.unwrap_or(DEFAULT_UTC_OFFSET_MIN),
        );
        let dir = self.downloads_dir();
        self.blocking(move |_| {
            let path = save_new(&dir, &name, &pdf)?;
            Ok(SavedPdf {
                path: path.display().to_string(),
                pages: count_pages(&pdf),
                bytes: pdf.len() as u64,
            })
        })
        .await
    }

    /// Where saved files go: the folder the shell gave (the user's Downloads), else
    /// `downloads/` in the device folder.
    pub(super) fn downloads_dir(&self) -> PathBuf {
        match &self.config().downloads_dir {
            Some(dir) => dir.clone(),
            None => self.store().dir().join("downloads"),
        }
    }
}

/// A community code (12 digits), checked before anything is sent.
fn community_code(code: &str) -> Result<String> {
    let code = code.trim();
    domain::CommunityCode::parse(code)
        .map(|c| c.as_str().to_string())
        .map_err(|e| Error::Invalid(format!("community {code:?}: {e}")))
}

/// `a5` or `a4` (any case), blank for the server's default (A5).
fn paper_size(size: Option<&str>) -> Result<Option<String>> {
    match size.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.eq_ignore_ascii_case("a5") || s.eq_ignore_ascii_case("a4") => {
            Ok(Some(s.to_ascii_lowercase()))
        }
        Some(s) => Err(Error::Invalid(format!("paper size {s:?}: a5 or a4"))),
    }
}

/// `公示牌-<community>-<which>-<yyyymmdd-hhmmss>.pdf`, the time at `offset_min` from UTC.
fn file_name(community: &str, which: PlacardSelection, at_ms: i64, offset_min: i32) -> String {
    let which = match which {
        PlacardSelection::All => "全部",
        PlacardSelection::Stale => "重印",
        PlacardSelection::Unprinted => "未打印",
        PlacardSelection::Listed => "选定",
    };
    let offset = i64::from(offset_min.clamp(-14 * 60, 14 * 60));
    let secs = at_ms.div_euclid(1000) + offset * 60;
    let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "公示牌-{community}-{which}-{y:04}{m:02}{d:02}-{:02}{:02}{:02}.pdf",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Writes `bytes` as a new file `name` in `dir` (created if needed): when that name is
/// taken, `name-2`, `name-3`, … so an earlier print is never overwritten. Synced before
/// it returns; a file cut short by a failure is removed.
pub(super) fn save_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1..1000 {
        let candidate = match n {
            1 => name.to_string(),
            n => format!("{stem}-{n}.{ext}"),
        };
        let path = dir.join(candidate);
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(Error::Io { path, source }),
        };
        if let Err(source) = file.write_all(bytes).and_then(|()| file.sync_all()) {
            drop(file);
            let _ = std::fs::remove_file(&path);
            return Err(Error::Io { path, source });
        }
        return Ok(path);
    }
    Err(Error::Invalid(format!(
        "{}: too many files named {name}",
        dir.display()
    )))
}

/// The pages of a PDF as the placards are written (one `/Type /Page` dictionary each, no
/// object streams).
fn count_pages(pdf: &[u8]) -> u32 {
    const PAGE: &[u8] = b"/Type /Page";
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = pdf[i..].windows(PAGE.len()).position(|w| w == PAGE) {
        let end = i + at + PAGE.len();
        if !pdf.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            n += 1;
        }
        i = end;
    }
    n
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn file_names_say_whose_which_and_when_in_local_time() {
        // 2025-03-01T00:30:05Z is 08:30:05 in Beijing.
        let at = 1_740_789_005_000;
        assert_eq!(
            file_name("130302001001", PlacardSelection::Stale, at, 480),
            "公示牌-130302001001-重印-20250301-083005.pdf"
        );
        // West of Greenwich it is still the evening before.
        assert_eq!(
            file_name("130302001001", PlacardSelection::All, at, -300),
            "公示牌-130302001001-全部-20250228-193005.pdf"
        );
        assert_eq!(
            file_name("130302001001", PlacardSelection::Unprinted, 0, 0),
            "公示牌-130302001001-未打印-19700101-000000.pdf"
        );
        // A leap day, and the turn of a year.
        assert_eq!(civil_from_days(19_417), (2023, 3, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_088), (2024, 12, 31));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn sizes_and_communities_are_checked_before_sending() {
        assert_eq!(paper_size(None).unwrap(), None);
        assert_eq!(paper_size(Some(" ")).unwrap(), None);
        assert_eq!(paper_size(Some("A4")).unwrap().as_deref(), Some("a4"));
        assert_eq!(paper_size(Some("a5")).unwrap().as_deref(), Some("a5"));
        assert_eq!(paper_size(Some("letter")).unwrap_err().code(), "invalid");
        assert_eq!(community_code(" 130302001001 ").unwrap(), "130302001001");
        assert_eq!(community_code("1303020010").unwrap_err().code(), "invalid");
    }

    #[test]
    fn a_save_never_overwrites_an_earlier_print() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("下载");
        let first = save_new(&folder, "公示牌-1.pdf", b"%PDF-1 first").unwrap();
        let second = save_new(&folder, "公示牌-1.pdf", b"%PDF-1 second").unwrap();
        assert_eq!(first, folder.join("公示牌-1.pdf"));
        assert_eq!(second, folder.join("公示牌-1-2.pdf"));
        assert_eq!(std::fs::read(&first).unwrap(), b"%PDF-1 first");
        assert_eq!(std::fs::read(&second).unwrap(), b"%PDF-1 second");
    }

    #[test]
    fn pages_are_counted_without_the_page_tree() {
        let pdf = b"%PDF-1.7\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >>\n\
                    2 0 obj << /Type /Page /Parent 1 0 R >>\n3 0 obj <</Type /Page/Parent 1 0 R>>";
        assert_eq!(count_pages(pdf), 2);
        assert_eq!(count_pages(b"%PDF-1.7"), 0);
    }
}

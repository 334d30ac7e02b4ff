//! Integration tests of the device store: real SQLite files in temporary folders.

mod capture;
mod crash;

use device::NewReport;

/// A plausible report in Haigang with the given photos.
pub fn report(photos: Vec<String>, n: u64) -> NewReport {
    NewReport {
        case_id: uuid::Uuid::new_v4(),
        category: "0101".into(),
        priority: "normal".into(),
        description: format!("垃圾堆放 #{n}"),
        lon: 119.6 + (n % 100) as f64 * 1e-4,
        lat: 39.93,
        grid: Some("130302001001001".into()),
        self_resolved: false,
        note: None,
        photos,
        created_at: 1_790_000_000_000 + n as i64,
    }
}

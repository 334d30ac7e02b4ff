//! Forgetting what a revoked phone held of the server: its copy of the server, the work
//! the server applied, the patrols it holds, and every photo no unsent work needs. Unsent
//! work stays (its reports, patrols, evidence photos and outbox entries), and so does work
//! the server refused.

use super::Store;
use crate::Result;

impl Store {
    /// Deletes the server copy (and its cursor), applied outbox entries, captured reports
    /// and patrols that no remaining outbox entry names, and the photos and thumbnails nothing left
    /// refers to. Returns how many blob files were removed.
    pub fn wipe_after_revocation(&mut self) -> Result<usize> {
        let gone: Vec<String> = self.write(|tx| {
            super::server_copy::forget(tx)?;
            tx.execute(
                "DELETE FROM outbox_photo WHERE mid IN (SELECT mid FROM outbox WHERE state = 'applied')",
                [],
            )?;
            tx.execute("DELETE FROM outbox WHERE state = 'applied'", [])?;
            let orphan_reports = "SELECT case_id FROM report WHERE case_id NOT IN
                 (SELECT json_extract(args, '$.case_id') FROM outbox
                  WHERE json_extract(args, '$.case_id') IS NOT NULL)";
            tx.execute(
                &format!("DELETE FROM report_photo WHERE case_id IN ({orphan_reports})"),
                [],
            )?;
            tx.execute(&format!("DELETE FROM report WHERE case_id IN ({orphan_reports})"), [])?;
            // Where the worker walked and when: only patrols whose work is unsent stay.
            let orphan_patrols = "SELECT id FROM patrol WHERE id NOT IN
                 (SELECT json_extract(args, '$.patrol_id') FROM outbox
                  WHERE json_extract(args, '$.patrol_id') IS NOT NULL)";
            tx.execute(&format!("DELETE FROM visit WHERE patrol_id IN ({orphan_patrols})"), [])?;
            tx.execute(&format!("DELETE FROM patrol WHERE id IN ({orphan_patrols})"), [])?;
            let kept = "SELECT sha256 FROM report_photo UNION SELECT sha256 FROM outbox_photo";
            tx.execute(&format!("DELETE FROM photo WHERE sha256 NOT IN ({kept})"), [])?;
            let kept_blobs = format!("{kept} UNION SELECT thumb FROM photo");
            let gone = {
                let mut stmt = tx.prepare(&format!(
                    "SELECT sha256 FROM blob WHERE sha256 NOT IN ({kept_blobs})"
                ))?;
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            tx.execute(&format!("DELETE FROM blob WHERE sha256 NOT IN ({kept_blobs})"), [])?;
            Ok(gone)
        })?;
        // The rows are gone first, so no row ever names a missing file.
        for sha in &gone {
            let _ = std::fs::remove_file(self.blob_path(sha));
        }
        Ok(gone.len())
    }
}

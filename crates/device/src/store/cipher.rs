//! The device store encrypted at rest with SQLCipher: the key (32 random bytes, used raw,
//! so opening costs no key derivation) lives in the device's [`Vault`], never in the store;
//! a store from before encryption is converted once, in place, without losing a row.

use std::path::Path;

use rusqlite::Connection;

use crate::vault::{STORE_KEY, Vault};
use crate::{Error, Result};

/// The first bytes of an unencrypted SQLite file.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether the file at `path` is an unencrypted SQLite database (false when absent or empty).
pub(crate) fn is_plain(path: &Path) -> Result<bool> {
    use std::io::Read as _;
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut file) => match file.read_exact(&mut header) {
            Ok(()) => Ok(&header == PLAIN_HEADER),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
            Err(source) => Err(Error::Io {
                path: path.to_path_buf(),
                source,
            }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn has_data(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// The store's key from `vault`, made (and stored durably) for a new or unencrypted store.
/// An encrypted store whose key is missing is refused: a new key would not open it.
pub(crate) fn key(vault: &dyn Vault, db: &Path) -> Result<String> {
    if let Some(key) = vault.get(STORE_KEY)? {
        return Ok(key);
    }
    if has_data(db) && !is_plain(db)? {
        return Err(Error::Corrupt(format!(
            "the key of the encrypted store {} is not in {}: without it the store cannot be read",
            db.display(),
            vault.describe()
        )));
    }
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    let key = hex::encode(bytes);
    vault.put(STORE_KEY, &key)?;
    // Read back: a keystore that accepted the key but does not return it would lose the store.
    match vault.get(STORE_KEY)? {
        Some(stored) if stored == key => Ok(key),
        _ => Err(Error::Invalid(format!(
            "{} did not keep the store's key",
            vault.describe()
        ))),
    }
}

/// Gives `conn` the store's key; must come before anything else reads the file.
pub(crate) fn unlock(conn: &Connection, key: &str) -> Result<()> {
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::Corrupt("the store's key is malformed".into()));
    }
    // A raw key (`x'…'`): no passphrase derivation at every open.
    conn.pragma_update(None, "key", format!("x'{key}'"))?;
    // The first read tells a wrong key from a right one.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::Corrupt(
                "the store cannot be read with its key (a wrong key, or not a store)".into(),
            )
        }
        other => other.into(),
    })?;
    Ok(())
}

/// Converts the unencrypted store `db` into an encrypted one with `key`: every table is
/// exported into a new encrypted file beside it, which then replaces the old file by a
/// rename (the folder synced), so a crash leaves either the old store or the new one.
pub(crate) fn encrypt_in_place(db: &Path, key: &str) -> Result<()> {
    let tmp = db.with_extension("encrypting");
    let _ = std::fs::remove_file(&tmp);
    {
        let conn = Connection::open(db)?;
        // Everything in the WAL goes into the main file first.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![tmp.to_string_lossy(), format!("x'{key}'")],
        )?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version}"))?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
    }
    let sync = |path: &Path| {
        std::fs::File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(|source| Error::Io {
                path: path.to_path_buf(),
                source,
            })
    };
    sync(&tmp)?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{side}", db.display()));
    }
    std::fs::rename(&tmp, db).map_err(|source| Error::Io {
        path: db.to_path_buf(),
        source,
    })?;
    #[cfg(unix)]
    if let Some(dir) = db.parent() {
        sync(dir)?;
    }
    tracing::info!(store = %db.display(), "the device store is now encrypted");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DB_FILE, Store, migrations};

    #[test]
    fn a_store_from_before_encryption_is_encrypted_with_every_row() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join(DB_FILE);
        {
            let mut conn = Connection::open(&db).expect("plain store");
            conn.pragma_update(None, "journal_mode", "WAL")
                .expect("wal");
            migrations::migrate(&mut conn).expect("schema");
            conn.execute("INSERT INTO meta (key, value) VALUES ('owner', 'kept')", [])
                .expect("a row");
        }
        assert!(is_plain(&db).expect("header"));
        let store = Store::open(dir.path()).expect("opens, encrypting");
        assert_eq!(store.meta("owner").expect("meta").as_deref(), Some("kept"));
        store.integrity_check().expect("intact");
        drop(store);
        assert!(!is_plain(&db).expect("header"), "still a plain file");
        let again = Store::open(dir.path()).expect("opens with its key");
        assert_eq!(again.meta("owner").expect("meta").as_deref(), Some("kept"));
    }

    #[test]
    fn a_store_whose_key_is_lost_is_refused_not_given_a_new_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut store = Store::open(dir.path()).expect("new store");
        store.set_meta("owner", "kept").expect("a row");
        drop(store);
        let key_file = dir
            .path()
            .join(crate::vault::FILE_VAULT_DIR)
            .join(STORE_KEY);
        let key = std::fs::read_to_string(&key_file).expect("the key");
        std::fs::remove_file(&key_file).expect("lose the key");
        let err = Store::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("cannot be read"), "{err}");
        assert!(!key_file.exists(), "no new key was made");
        // A wrong key is told apart from a right one.
        std::fs::write(&key_file, "00".repeat(32)).expect("a wrong key");
        let err = Store::open(dir.path()).unwrap_err();
        assert!(err.to_string().contains("wrong key"), "{err}");
        std::fs::write(&key_file, key).expect("the key back");
        let store = Store::open(dir.path()).expect("opens with its key");
        assert_eq!(store.meta("owner").expect("meta").as_deref(), Some("kept"));
    }
}

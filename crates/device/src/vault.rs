//! Secrets kept outside the device store: the store's encryption key and the refresh token.
//! A [`Vault`] is the platform keystore ([`KeyringVault`] on desktops, with the `keyring`
//! feature) or [`FileVault`], files only their owner can read in a folder of their own (the
//! headless `wangge device`, and wherever no keystore answers). [`choose`] picks one per
//! device folder once and keeps to it, so a key is never looked for in the wrong place.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::{Error, Result};

/// Where a device keeps its secrets. Values are short text (hex keys, tokens).
pub trait Vault: Send + Sync + std::fmt::Debug {
    /// The secret stored under `name`, if any.
    fn get(&self, name: &str) -> Result<Option<String>>;
    /// Stores `value` under `name`, durably, replacing what was there.
    fn put(&self, name: &str, value: &str) -> Result<()>;
    /// Forgets `name` (nothing happens when it is absent).
    fn delete(&self, name: &str) -> Result<()>;
    /// Where the secrets are, for messages (never the secrets).
    fn describe(&self) -> String;
    /// Whether the vault answers now (a desktop keystore may be missing or locked).
    fn available(&self) -> bool {
        true
    }
}

/// Names of the secrets a device keeps.
pub const STORE_KEY: &str = "store-key";
pub const REFRESH_TOKEN: &str = "refresh-token";

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes `path` readable and writable by its owner only (0700 for folders, 0600 for files).
pub(crate) fn owner_only(path: &Path, folder: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = if folder { 0o700 } else { 0o600 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(io(path))?;
    }
    #[cfg(not(unix))]
    let _ = (path, folder);
    Ok(())
}

/// Secrets as files in a folder only the owner may enter, each written to a temporary file,
/// synced and renamed into place (the folder synced too), so a killed process never leaves
/// half a key.
#[derive(Debug, Clone)]
pub struct FileVault {
    dir: PathBuf,
}

impl FileVault {
    /// The vault in `dir`, created (owner only) when missing.
    pub fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        owner_only(dir, true)?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    fn path(&self, name: &str) -> Result<PathBuf> {
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(Error::Invalid(format!("bad secret name {name:?}")));
        }
        Ok(self.dir.join(name))
    }
}

impl Vault for FileVault {
    fn get(&self, name: &str) -> Result<Option<String>> {
        let path = self.path(name)?;
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(&path)(e)),
        }
    }

    fn put(&self, name: &str, value: &str) -> Result<()> {
        use std::io::Write as _;
        let path = self.path(name)?;
        let tmp = self.dir.join(format!(".{name}.tmp"));
        {
            let mut file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
            owner_only(&tmp, false)?;
            file.write_all(value.as_bytes()).map_err(io(&tmp))?;
            file.sync_all().map_err(io(&tmp))?;
        }
        std::fs::rename(&tmp, &path).map_err(io(&path))?;
        sync_dir(&self.dir)
    }

    fn delete(&self, name: &str) -> Result<()> {
        let path = self.path(name)?;
        match std::fs::remove_file(&path) {
            Ok(()) => sync_dir(&self.dir),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(&path)(e)),
        }
    }

    fn describe(&self) -> String {
        format!("the key folder {}", self.dir.display())
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The platform keystore through the `keyring` crate: the Secret Service (GNOME Keyring,
/// KWallet) on Linux, the Keychain on macOS, the Credential Manager on Windows. Entries are
/// named `<account>/<secret>` under the app's service name.
#[cfg(feature = "keyring")]
#[derive(Debug, Clone)]
pub struct KeyringVault {
    service: String,
    account: String,
}

#[cfg(feature = "keyring")]
impl KeyringVault {
    /// Entries of `service` (e.g. the app's identifier) for the device folder `account`.
    pub fn new(service: &str, account: &str) -> Self {
        Self {
            service: service.to_string(),
            account: account.to_string(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(&self.service, &format!("{}/{name}", self.account))
            .map_err(|e| Error::Invalid(format!("the system keystore: {e}")))
    }
}

#[cfg(feature = "keyring")]
impl Vault for KeyringVault {
    fn get(&self, name: &str) -> Result<Option<String>> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(value)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(Error::Invalid(format!("the system keystore: {e}"))),
        }
    }

    fn put(&self, name: &str, value: &str) -> Result<()> {
        self.entry(name)?
            .set_password(value)
            .map_err(|e| Error::Invalid(format!("the system keystore: {e}")))
    }

    fn delete(&self, name: &str) -> Result<()> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(Error::Invalid(format!("the system keystore: {e}"))),
        }
    }

    fn describe(&self) -> String {
        format!("the system keystore ({})", self.service)
    }

    /// A desktop without a running Secret Service, or with a locked one, does not answer.
    fn available(&self) -> bool {
        let probe = "probe";
        self.put(probe, "1").is_ok()
            && self.get(probe).ok().flatten().as_deref() == Some("1")
            && self.delete(probe).is_ok()
    }
}

/// The file in a device folder that records which vault holds its secrets.
const CHOICE_FILE: &str = "vault.choice";
/// The folder of a [`FileVault`] inside a device folder.
pub const FILE_VAULT_DIR: &str = "keys";

/// The vault of the device folder `dir`: the one recorded at its first start; at the first
/// start, `keystore` when given and it works, else a [`FileVault`] in `dir/keys`. A folder
/// whose recorded keystore does not answer now is refused (its key is there), never given a
/// new key.
pub fn choose(dir: &Path, keystore: Option<Arc<dyn Vault>>) -> Result<Arc<dyn Vault>> {
    let works = keystore.as_ref().is_some_and(|k| k.available());
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let choice_path = dir.join(CHOICE_FILE);
    let recorded = match std::fs::read_to_string(&choice_path) {
        Ok(text) => Some(text.trim().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(&choice_path)(e)),
    };
    let file =
        || -> Result<Arc<dyn Vault>> { Ok(Arc::new(FileVault::open(&dir.join(FILE_VAULT_DIR))?)) };
    let (vault, name): (Arc<dyn Vault>, &str) = match (recorded.as_deref(), keystore) {
        (Some("keystore"), Some(k)) if works => (k, "keystore"),
        (Some("keystore"), _) => {
            return Err(Error::Invalid(
                "this device's key is in the system keystore, which does not answer: unlock \
                 it (or start its Secret Service) and open the app again"
                    .into(),
            ));
        }
        (Some("file"), _) => (file()?, "file"),
        (Some(other), _) => {
            return Err(Error::Invalid(format!(
                "{}: unknown vault {other:?}",
                choice_path.display()
            )));
        }
        (None, Some(k)) if works => (k, "keystore"),
        (None, _) => (file()?, "file"),
    };
    if recorded.is_none() {
        FileVault::open(dir)?;
        std::fs::write(&choice_path, name).map_err(io(&choice_path))?;
        sync_dir(dir)?;
    }
    Ok(vault)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_vault_keeps_secrets_for_its_owner_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let vault = FileVault::open(&dir.path().join("keys")).expect("vault");
        assert_eq!(vault.get(STORE_KEY).expect("get"), None);
        vault.put(STORE_KEY, "abc").expect("put");
        vault.put(STORE_KEY, "def").expect("replace");
        assert_eq!(vault.get(STORE_KEY).expect("get").as_deref(), Some("def"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode =
                |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode(&dir.path().join("keys")), 0o700);
            assert_eq!(mode(&dir.path().join("keys").join(STORE_KEY)), 0o600);
        }
        vault.delete(STORE_KEY).expect("delete");
        vault.delete(STORE_KEY).expect("delete again");
        assert_eq!(vault.get(STORE_KEY).expect("get"), None);
        assert!(
            vault.put("../escape", "x").is_err(),
            "names cannot leave the folder"
        );
    }

    /// A keystore that does not answer (a locked desktop keyring).
    #[derive(Debug)]
    struct Locked;

    impl Vault for Locked {
        fn get(&self, _: &str) -> Result<Option<String>> {
            Err(Error::Invalid("locked".into()))
        }
        fn put(&self, _: &str, _: &str) -> Result<()> {
            Err(Error::Invalid("locked".into()))
        }
        fn delete(&self, _: &str) -> Result<()> {
            Err(Error::Invalid("locked".into()))
        }
        fn describe(&self) -> String {
            "a locked keystore".into()
        }
        fn available(&self) -> bool {
            false
        }
    }

    #[test]
    fn the_first_choice_of_vault_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let keystore: Arc<dyn Vault> =
            Arc::new(FileVault::open(&dir.path().join("elsewhere")).expect("vault"));
        // First start: the keystore works and is chosen.
        let v = choose(dir.path(), Some(keystore.clone())).expect("chosen");
        assert!(v.describe().contains("elsewhere"));
        // Later it does not answer: refused, not silently given a file vault.
        let err = choose(dir.path(), Some(Arc::new(Locked))).unwrap_err();
        assert!(err.to_string().contains("keystore"), "{err}");
        let err = choose(dir.path(), None).unwrap_err();
        assert!(err.to_string().contains("keystore"), "{err}");
        // A folder that started without a keystore keeps its file vault.
        let other = tempfile::tempdir().expect("temp dir");
        let v = choose(other.path(), Some(Arc::new(Locked))).expect("file vault");
        assert!(v.describe().contains(FILE_VAULT_DIR));
        let v = choose(other.path(), Some(keystore)).expect("file vault again");
        assert!(v.describe().contains(FILE_VAULT_DIR));
    }
}

//! The shell's error type. It crosses IPC as `{code, message}`: the engine's stable code
//! and its human message, so the UI can branch on the code and show the message.

use serde::ser::SerializeStruct;

/// What can go wrong in the shell.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Anything the engine refused or failed at; keeps the engine's code.
    #[error(transparent)]
    Engine(#[from] device::Error),
    /// A photo the engine could not prepare, with the file's name.
    #[error("{name}: {source}")]
    Photo { name: String, source: device::Error },
    /// A request the UI should not have sent (e.g. a badly encoded header).
    #[error("{0}")]
    Invalid(String),
    /// The app's folders could not be found or made.
    #[error("the app's data folder is not usable: {0}")]
    DataDir(String),
    /// The window system or the webview failed.
    #[error(transparent)]
    Tauri(#[from] tauri::Error),
}

impl Error {
    /// A stable machine code for the UI.
    pub fn code(&self) -> &str {
        match self {
            Error::Engine(e) | Error::Photo { source: e, .. } => e.code(),
            Error::Invalid(_) => "invalid",
            Error::DataDir(_) => "store",
            Error::Tauri(_) => "app",
        }
    }
}

impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

/// Result with the shell's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crosses_ipc_as_code_and_message() {
        let e = Error::Engine(device::Error::NotSignedIn);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "not_signed_in");
        assert_eq!(json["message"], e.to_string());
        let json = serde_json::to_value(Error::Invalid("bad header".into())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid", "message": "bad header"})
        );
    }
}

//! Errors of parsing wire values (ids, hashes, mutation arguments).

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("not a uuid: {0:?}")]
    BadId(String),
    #[error("unknown mutation {0:?}")]
    UnknownMutation(String),
    #[error("bad arguments of {name}: {message}")]
    BadArgs { name: String, message: String },
    /// A text or list is past its limit (`domain::limits`).
    #[error("{name}: {message}")]
    TooLarge { name: &'static str, message: String },
}

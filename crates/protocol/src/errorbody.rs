//! The JSON body of every error answer: a stable machine code and a human message.

use serde::{Deserialize, Serialize};

/// `{code, message}`: `code` is stable (`bad_request`, `unauthorized`, `forbidden`,
/// `not_found`, `cursor_gone`, …); `message` is for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

//! Content-addressed blobs (photos): named by their sha256 ([`domain::PhotoHash`]), sent
//! whole with PUT or in parts with PATCH at an offset. The upload headers live here.

/// Header with the number of bytes the server holds of a partial upload (HEAD answer)
/// or the offset a PATCH appends at (request).
pub const UPLOAD_OFFSET: &str = "upload-offset";
/// Header with the total size of the blob, sent with PATCH so the server knows when
/// the upload is complete and checks the hash.
pub const UPLOAD_LENGTH: &str = "upload-length";

use domain::PhotoHash;
use serde::{Deserialize, Serialize};

/// The answer to PUT and PATCH of a blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlobReceipt {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub hash: PhotoHash,
    /// Bytes the server holds.
    pub received: u64,
    /// The blob is complete and its bytes matched the hash.
    pub complete: bool,
}

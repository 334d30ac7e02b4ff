//! Who may name a photo in a report or its evidence: the person it belongs to (whoever
//! first named or uploaded it). Naming a photo in an applied mutation claims it.

use domain::{Person, PhotoHash, Timestamp};

use super::rejected;
use crate::error::Result;
use crate::store::{StoredOutcome, Tx};

/// Why `caller` may not name `photos` (too many, or one is someone else's), as the
/// mutation's outcome; `None` when they may. Writes nothing.
pub(crate) fn refusal(
    tx: &mut dyn Tx,
    caller: &Person,
    photos: &[PhotoHash],
) -> Result<Option<StoredOutcome>> {
    if let Err(e) = domain::limits::check_photos(photos.len()) {
        return Ok(Some(rejected(format!("too_large: {e}"))));
    }
    for hash in photos {
        if let Some(owner) = tx.photo_owner(hash)?
            && owner != caller.id
        {
            return Ok(Some(rejected(format!(
                "photo_not_yours: photo {hash} belongs to another upload"
            ))));
        }
    }
    Ok(None)
}

/// Claims `photos` for `caller` (once their mutation applies).
pub(crate) fn claim(
    tx: &mut dyn Tx,
    caller: &Person,
    photos: &[PhotoHash],
    now: Timestamp,
) -> Result<()> {
    for hash in photos {
        tx.photo_claim(hash, caller.id, now.millis())?;
    }
    Ok(())
}

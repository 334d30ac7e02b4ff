//! How much text and how many photos one report or task action may carry: the same limits
//! on the phone (a clear message at capture) and on the server (the mutation is refused).

use crate::error::{Error, Result};

/// A report's description (and a self-resolution note).
pub const DESCRIPTION_CHARS: usize = 2_000;
/// A handler's note with the evidence, a verification note.
pub const NOTE_CHARS: usize = 2_000;
/// The reason a task is returned, a report rejected or a case reopened.
pub const REASON_CHARS: usize = 500;
/// Photos on one report or one resolution.
pub const PHOTOS: usize = 9;
/// Pieces of evidence one person may leave on a case that is no longer their task.
pub const CONFLICTS_PER_PERSON: usize = 3;

/// `text` if it has at most `max` characters (not bytes: 长 counts one).
pub fn check_text<'a>(what: &'static str, text: &'a str, max: usize) -> Result<&'a str> {
    let n = text.chars().count();
    if n > max {
        return Err(Error::TooLong {
            what,
            max,
            actual: n,
        });
    }
    Ok(text)
}

/// `count` photos if that is at most [`PHOTOS`].
pub fn check_photos(count: usize) -> Result<usize> {
    if count > PHOTOS {
        return Err(Error::TooMany {
            what: "photos",
            max: PHOTOS,
            actual: count,
        });
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_not_bytes_are_counted() {
        let zh = "长".repeat(NOTE_CHARS);
        assert!(check_text("note", &zh, NOTE_CHARS).is_ok());
        let err = check_text("note", &format!("{zh}x"), NOTE_CHARS).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the note is too long: 2001 characters, at most 2000"
        );
        assert!(check_photos(PHOTOS).is_ok());
        assert_eq!(
            check_photos(PHOTOS + 1).unwrap_err().to_string(),
            "too many photos: 10, at most 9"
        );
    }
}

//! The "pull now" event stream of a device: a hint on connect, then one whenever something
//! the caller may see changed. Each wake-up re-checks the session, so revoking the device
//! (which wakes every stream) or its access token's expiry ends the stream; a device holds
//! at most [`STREAMS_PER_DEVICE`] streams at a time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::stream::{Stream, StreamExt};
use protocol::DeviceId;
use tokio_stream::wrappers::BroadcastStream;

use crate::error::{Error, Result};
use crate::sessions::Caller;
use crate::state::AppState;

/// Streams one device may hold open (a phone reconnecting leaves one behind for a moment).
pub const STREAMS_PER_DEVICE: usize = 3;
/// How often an idle stream re-checks its session.
const RECHECK: Duration = Duration::from_secs(15);

/// Open streams per device.
#[derive(Debug, Default, Clone)]
pub struct Slots(Arc<Mutex<HashMap<DeviceId, usize>>>);

/// One open stream's place; given back when the stream ends.
#[derive(Debug)]
struct Slot {
    slots: Slots,
    device: DeviceId,
}

impl Slots {
    fn take(&self, device: DeviceId) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let n = open.entry(device).or_default();
        if *n >= STREAMS_PER_DEVICE {
            return None;
        }
        *n += 1;
        Some(Slot {
            slots: self.clone(),
            device,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = open.get_mut(&self.device) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.device);
            }
        }
    }
}

/// What wakes a stream.
enum Wake {
    Hint,
    Recheck,
}

/// The caller's stream of hints (one `()` per "pull now"), ending at shutdown, when the
/// device is revoked or when the access token expires.
pub async fn pull_hints(
    state: &AppState,
    caller: Caller,
) -> Result<impl Stream<Item = ()> + Send + use<>> {
    let Some(slot) = state.event_slots().take(caller.device) else {
        return Err(Error::TooManyRequests(format!(
            "this device already holds {STREAMS_PER_DEVICE} event streams"
        )));
    };
    let first = futures_util::stream::once(async {});
    let hints = BroadcastStream::new(state.hints());
    let seen = crate::sync::head(state).await.unwrap_or(0);
    let stopping = state.stopped();
    let later = futures_util::stream::unfold(
        (hints, state.clone(), caller, seen, slot),
        |(mut hints, state, caller, mut seen, slot)| async move {
            loop {
                let wake = tokio::select! {
                    hint = hints.next() => match hint {
                        Some(_) => Wake::Hint,
                        None => return None,
                    },
                    () = tokio::time::sleep(RECHECK) => Wake::Recheck,
                };
                if !still_signed_in(&state, &caller).await {
                    return None;
                }
                if matches!(wake, Wake::Recheck) {
                    continue;
                }
                // One small read, far cheaper than every device pulling on every change;
                // when in doubt, hint: a needless pull is harmless.
                match crate::sync::visible_since(&state, &caller, seen).await {
                    Ok((false, head)) => seen = head,
                    Ok((true, head)) => {
                        seen = head;
                        return Some(((), (hints, state, caller, seen, slot)));
                    }
                    Err(_) => return Some(((), (hints, state, caller, seen, slot))),
                }
            }
        },
    );
    Ok(first.chain(later).take_until(stopping))
}

/// Whether the stream's session still holds: the token unexpired, the device not revoked.
async fn still_signed_in(state: &AppState, caller: &Caller) -> bool {
    if state.now_ms() >= caller.token_expires_at {
        return false;
    }
    let device = caller.device;
    match state.read(move |tx| tx.device_get(device)).await {
        Ok(Some(d)) => d.revoked_at.is_none(),
        Ok(None) => false,
        // A storage hiccup is no reason to drop a phone's stream.
        Err(_) => true,
    }
}

//! The warn events for members that did not fit (feature `tracing`): only
//! the outermost decode reports, and only when a subscriber listens.

use std::cell::Cell;

use super::{unfit_members, Decode};

std::thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// How many tolerant decodings are running on this thread. Only the
/// outermost reports, so a member inside a union's payload (decoded
/// through serde) is logged once, at its full path.
pub(super) struct Depth(usize);

impl Depth {
    pub(super) fn enter() -> Depth {
        Depth(DEPTH.with(|depth| depth.replace(depth.get() + 1)))
    }

    pub(super) fn is_outermost(&self) -> bool {
        self.0 == 0
    }
}

impl Drop for Depth {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(self.0));
    }
}

/// Whether a subscriber wants the events of [`unfit`]; without one,
/// neither the nesting nor the unfit members are tracked.
pub(super) fn wanted() -> bool {
    tracing::enabled!(target: "wooshpay::decode", tracing::Level::WARN)
}

/// Logs each member that did not fit at warn level: its path and type
/// names, never its value.
pub(super) fn unfit<T: Decode>(decoded: &T) {
    for member in unfit_members(decoded) {
        tracing::warn!(
            target: "wooshpay::decode",
            path = member.path(),
            expected = member.expected(),
            found = member.found(),
            object = std::any::type_name::<T>(),
            "a response member did not fit its type; kept raw in `extra`"
        );
    }
}

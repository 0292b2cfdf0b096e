//! The caller's hold on one extraction: a stop flag the extractor checks between stages and
//! inside its long loops.
//!
//! The crate has no clock; a caller that wants a time budget per document owns an
//! [`AtomicBool`], hands it to one of the `*_cancellable` entry points in the crate root and
//! sets it from another thread (a watchdog) when the budget is spent. The extraction then
//! returns [`ExtractError::Stopped`] at its next check. The checks are cheap (one relaxed
//! load), and every stage between two checks works on a page of bounded size, so the answer
//! comes soon after the flag is set.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::ExtractError;

/// A caller-owned stop flag, or none ([`Cancel::never`]).
#[derive(Debug, Clone, Copy)]
pub struct Cancel<'a> {
    flag: Option<&'a AtomicBool>,
}

impl<'a> Cancel<'a> {
    /// Stops the extraction once `flag` is set (to `true`).
    pub fn new(flag: &'a AtomicBool) -> Cancel<'a> {
        Cancel { flag: Some(flag) }
    }

    /// Never stops.
    pub fn never() -> Cancel<'static> {
        Cancel { flag: None }
    }

    /// Whether the caller asked to stop.
    pub fn is_stopped(&self) -> bool {
        self.flag.is_some_and(|f| f.load(Ordering::Relaxed))
    }

    /// `Err(ExtractError::Stopped)` once the caller asked to stop.
    pub fn check(&self) -> Result<(), ExtractError> {
        if self.is_stopped() {
            Err(ExtractError::Stopped)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_once_the_flag_is_set() {
        let flag = AtomicBool::new(false);
        let cancel = Cancel::new(&flag);
        assert!(cancel.check().is_ok());
        flag.store(true, Ordering::Relaxed);
        assert!(matches!(cancel.check(), Err(ExtractError::Stopped)));
        assert!(Cancel::never().check().is_ok());
    }
}

//! Politeness: a minimum delay between two requests to one host.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// When each host may next be asked. Each request books the next free slot of its host and
/// waits for it, so concurrent requests to one host line up `delay` apart.
#[derive(Debug, Default)]
pub struct HostSlots {
    next: Mutex<HashMap<String, Instant>>,
}

impl HostSlots {
    /// Books a slot for `host` and returns how long to wait before using it.
    pub fn book(&self, host: &str, delay: Duration) -> Duration {
        if delay.is_zero() {
            return Duration::ZERO;
        }
        let now = Instant::now();
        // A poisoned lock only means another request panicked while booking; the map is
        // still a map of instants.
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let slot = next.get(host).copied().filter(|t| *t > now).unwrap_or(now);
        next.insert(host.to_owned(), slot + delay);
        // Forget hosts whose slot has long passed, so the map stays small.
        if next.len() > 1024 {
            next.retain(|_, t| *t > now);
        }
        slot.saturating_duration_since(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_to_one_host_line_up() {
        let slots = HostSlots::default();
        let d = Duration::from_millis(500);
        assert_eq!(slots.book("a.example", d), Duration::ZERO);
        let second = slots.book("a.example", d);
        assert!(second > Duration::from_millis(400), "{second:?}");
        let third = slots.book("a.example", d);
        assert!(third > Duration::from_millis(900), "{third:?}");
        assert_eq!(slots.book("b.example", d), Duration::ZERO);
        assert_eq!(slots.book("a.example", Duration::ZERO), Duration::ZERO);
    }
}

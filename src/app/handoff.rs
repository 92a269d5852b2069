//! What a front door parsed, handed to the turn in the same process, so the turn
//! does not read the stored payload again (issue 27: a Telegram update's JSON was the
//! dearest part of a turn's; now our lean `message::telegram::Update`).
//!
//! Only a shortcut: the stored payload stays the truth. What is not here (after a
//! restart, when another replica claimed the event, on a retry, or when the hand-off
//! was full) is read from the store, and reads the same.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Parsed values keyed by the id of the stored event they were read from: at most
/// `capacity` of them, whatever happens to their events. Boxed: a typed update is
/// large, and the map moves its values when it takes one out.
pub struct HandOff<T> {
    held: Mutex<BTreeMap<i64, (Instant, Box<T>)>>,
    capacity: usize,
    max_age: Duration,
}

impl<T> HandOff<T> {
    /// Holds at most `capacity` values; when full, those older than `max_age` (their
    /// events went to another replica, or were claimed before the value was put) make
    /// room for new ones.
    pub fn new(capacity: usize, max_age: Duration) -> Self {
        Self {
            held: Mutex::new(BTreeMap::new()),
            capacity,
            max_age,
        }
    }

    /// Keeps `value` for event `id`; false when the hand-off is full of values younger
    /// than `max_age` (a backlog: those are taken first, the new event is read from
    /// the store when its turn comes).
    pub fn put(&self, id: i64, value: Box<T>) -> bool {
        let now = Instant::now();
        let mut held = self.lock();
        if held.len() >= self.capacity && !held.contains_key(&id) {
            held.retain(|_, (at, _)| now.duration_since(*at) <= self.max_age);
            if held.len() >= self.capacity {
                return false;
            }
        }
        held.insert(id, (now, value));
        true
    }

    /// The value put for event `id`, once.
    pub fn take(&self, id: i64) -> Option<Box<T>> {
        self.lock().remove(&id).map(|(_, value)| value)
    }

    /// How many values wait.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<i64, (Instant, Box<T>)>> {
        // A panic while holding the lock leaves a map that is still whole.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_taken_once_by_its_event() {
        let handed = HandOff::new(4, Duration::from_secs(60));
        assert!(handed.put(7, Box::new("seven")));
        assert_eq!(handed.take(8), None);
        assert_eq!(handed.take(7).as_deref(), Some(&"seven"));
        assert_eq!(handed.take(7), None);
        assert!(handed.is_empty());
    }

    #[test]
    fn the_hand_off_stays_bounded_when_nothing_is_taken() {
        let handed = HandOff::new(100, Duration::from_secs(60));
        let kept = (0..10_000)
            .filter(|&id| handed.put(id, Box::new(id)))
            .count();
        assert_eq!((kept, handed.len()), (100, 100));
        // The oldest are kept (they are claimed first); a newcomer is read from the store.
        assert_eq!(handed.take(0).as_deref(), Some(&0));
        assert_eq!(handed.take(9_999), None);
        // Taking one makes room for one.
        assert!(handed.put(10_000, Box::new(10_000)));
        assert!(!handed.put(10_001, Box::new(10_001)));
        assert_eq!(handed.len(), 100);
    }

    #[test]
    fn values_nobody_took_in_time_make_room() {
        let handed = HandOff::new(10, Duration::from_millis(20));
        for id in 0..10 {
            assert!(handed.put(id, Box::new(id)));
        }
        assert!(!handed.put(10, Box::new(10)), "full of fresh values");
        std::thread::sleep(Duration::from_millis(40));
        assert!(handed.put(11, Box::new(11)), "the stale ones are dropped");
        assert_eq!(handed.len(), 1);
        assert_eq!(handed.take(0), None);
        assert_eq!(handed.take(11).as_deref(), Some(&11));
    }
}

//! The current time, from one place, so tests and the scheduler can move it.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    fixed: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock stopped at `at` (tests).
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Arc::new(Mutex::new(Some(at))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.fixed.lock() {
            Ok(f) => f.unwrap_or_else(Utc::now),
            Err(_) => Utc::now(),
        }
    }

    pub fn unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// Moves a fixed clock forward (no effect on the system clock).
    pub fn advance(&self, by: Duration) {
        if let Ok(mut f) = self.fixed.lock()
            && let Some(at) = f.as_mut()
        {
            *at += by;
        }
    }

    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut f) = self.fixed.lock() {
            *f = Some(at);
        }
    }
}

/// Wall-clock seconds: delivery and intake timing is real time, whatever the business
/// clock says (tests move the business clock, never this one).
pub fn wall_now() -> i64 {
    chrono::Utc::now().timestamp()
}

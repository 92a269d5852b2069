//! Kept for callers of the old path: the application handle now lives in
//! [`crate::startup`], the processor in [`crate::intake`].

pub use crate::startup::{App, AppError};

//! Integration tests: one binary, a module per area (linking is the slow part).

mod support;

mod journey_telegram;
mod padron;

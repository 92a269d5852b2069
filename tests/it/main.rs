//! Integration tests: one binary, a module per area (linking is the slow part).

mod support;

mod access;
mod access_more;
mod choices;
mod console;
mod crash;
mod ddc;
mod intake;
mod journey_telegram;
mod layers;
mod outbox;
mod padron;
mod review;
mod runtime;
mod scan;
mod schema;
mod tickets;
mod whatsapp;
mod whatsapp_parity;
mod words;

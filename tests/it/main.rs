//! Integration tests: one binary, a module per area (linking is the slow part).

mod support;

mod access;
mod access_life;
mod access_more;
mod backup;
mod choices;
mod console;
mod crash;
mod ctvc;
mod ddc;
mod designation;
mod email;
mod faq;
mod form;
mod intake;
mod journey_telegram;
mod layers;
mod lifecycle;
mod logs;
mod metrics;
mod miniapp;
mod outbox;
mod padron;
mod retention;
mod review;
mod runtime;
mod scan;
mod schema;
mod settings;
mod telegram_webhook;
mod tickets;
mod usage;
mod whatsapp;
mod whatsapp_parity;
mod words;

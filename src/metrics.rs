//! Prometheus metrics, served at `GET /metrics`.

use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChannelOutcome {
    pub channel: String,
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChannelLabel {
    pub channel: String,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    inbound: Family<ChannelOutcome, Counter>,
    outbound: Family<ChannelOutcome, Counter>,
    turns: Family<ChannelLabel, Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("contigo");
        let inbound = Family::<ChannelOutcome, Counter>::default();
        let outbound = Family::<ChannelOutcome, Counter>::default();
        let turns = Family::<ChannelLabel, Histogram>::new_with_constructor(|| {
            Histogram::new([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
        });
        registry.register(
            "inbound_events",
            "Platform events received",
            inbound.clone(),
        );
        registry.register(
            "outbound_messages",
            "Messages delivered or not",
            outbound.clone(),
        );
        registry.register(
            "turn_seconds",
            "Time to process one user action",
            turns.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            inbound,
            outbound,
            turns,
        }
    }

    pub fn inbound(&self, channel: &str, outcome: &str) {
        self.inbound
            .get_or_create(&ChannelOutcome {
                channel: channel.into(),
                outcome: outcome.into(),
            })
            .inc();
    }

    pub fn outbound(&self, channel: &str, outcome: &str) {
        self.outbound
            .get_or_create(&ChannelOutcome {
                channel: channel.into(),
                outcome: outcome.into(),
            })
            .inc();
    }

    pub fn turn(&self, channel: &str, took: Duration) {
        self.turns
            .get_or_create(&ChannelLabel {
                channel: channel.into(),
            })
            .observe(took.as_secs_f64());
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Ok(registry) = self.registry.lock() {
            let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
        }
        out
    }
}

//! Prometheus metrics, served at `GET /metrics`: counters and histograms kept in
//! process, and gauges of the shared state (backlogs, stages, overdue items) read
//! from the database at each scrape, so every replica reports the same picture.

use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
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

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DeliveryLabels {
    pub channel: String,
    /// `sent`, `retry` or `failed`.
    pub outcome: String,
    /// `none` when sent; else `rate_limited`, `throughput`, `transient`, `permanent`
    /// or `unreadable`.
    pub error_class: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StageLabel {
    pub stage: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct UnitLabel {
    pub unit: String,
}

/// The shared state at one moment, as read from the database for a scrape.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Per channel: messages waiting (pending or being sent), failed for good, and
    /// the age in seconds of the oldest waiting one (0 when none waits).
    pub outbox: Vec<OutboxGauge>,
    /// Per channel: platform events stored and not yet processed.
    pub inbound_waiting: Vec<(String, i64)>,
    /// Per stage: requests at it, and those past their stage's term.
    pub requests: Vec<(String, i64)>,
    pub overdue: Vec<(String, i64)>,
    /// Tickets not closed, and those of them past their first-response term unanswered.
    pub tickets_open: i64,
    pub tickets_late: i64,
    /// Per unit: cases (tickets, and UOT's alerts and FADs) not closed past their
    /// resolution term.
    pub cases_late: Vec<(String, i64)>,
    /// Business days since the current padrón's data date (0 with no padrón), and
    /// whether that is past the directive's 7 (seed 000 §7.2.1 b).
    pub padron_age_business_days: i64,
    pub padron_stale: bool,
}

#[derive(Debug, Clone, Default)]
pub struct OutboxGauge {
    pub channel: String,
    pub pending: i64,
    pub failed: i64,
    pub oldest_pending_age_secs: i64,
}

pub struct Metrics {
    registry: Mutex<Registry>,
    inbound: Family<ChannelOutcome, Counter>,
    deliveries: Family<DeliveryLabels, Counter>,
    delivery_latency: Family<ChannelLabel, Histogram>,
    turns: Family<ChannelLabel, Histogram>,
    intake_held: Histogram,
    scheduler_runs: Counter,
    scheduler_errors: Counter,
    outbox_pending: Family<ChannelLabel, Gauge>,
    outbox_failed: Family<ChannelLabel, Gauge>,
    outbox_oldest: Family<ChannelLabel, Gauge>,
    inbound_waiting: Family<ChannelLabel, Gauge>,
    requests: Family<StageLabel, Gauge>,
    overdue: Family<StageLabel, Gauge>,
    tickets_open: Gauge,
    tickets_late: Gauge,
    cases_late: Family<UnitLabel, Gauge>,
    padron_age: Gauge,
    padron_stale: Gauge,
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
        let deliveries = Family::<DeliveryLabels, Counter>::default();
        let delivery_latency = Family::<ChannelLabel, Histogram>::new_with_constructor(|| {
            Histogram::new([1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0, 3600.0])
        });
        let turns = Family::<ChannelLabel, Histogram>::new_with_constructor(|| {
            Histogram::new([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0])
        });
        registry.register(
            "inbound_events",
            "Platform events received",
            inbound.clone(),
        );
        registry.register(
            "deliveries",
            "Send attempts by outcome (sent, retry, failed) and error class",
            deliveries.clone(),
        );
        registry.register(
            "delivery_latency_seconds",
            "From a message written to the outbox to the platform accepting it",
            delivery_latency.clone(),
        );
        let scheduler_runs = Counter::default();
        let scheduler_errors = Counter::default();
        registry.register(
            "scheduler_runs",
            "Scheduler passes (deadlines, reminders, digests, retention)",
            scheduler_runs.clone(),
        );
        registry.register(
            "scheduler_errors",
            "Scheduler passes that failed",
            scheduler_errors.clone(),
        );
        let gauge = || Family::<ChannelLabel, Gauge>::default();
        let (outbox_pending, outbox_failed, outbox_oldest, inbound_waiting) =
            (gauge(), gauge(), gauge(), gauge());
        registry.register(
            "outbox_pending",
            "Messages waiting to be sent",
            outbox_pending.clone(),
        );
        registry.register(
            "outbox_failed",
            "Messages given up on (kept in the outbox)",
            outbox_failed.clone(),
        );
        registry.register(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest message waiting to be sent (0 when none)",
            outbox_oldest.clone(),
        );
        registry.register(
            "inbound_waiting",
            "Platform events stored and not yet processed",
            inbound_waiting.clone(),
        );
        let (requests, overdue) = (
            Family::<StageLabel, Gauge>::default(),
            Family::<StageLabel, Gauge>::default(),
        );
        registry.register("requests", "Access requests by stage", requests.clone());
        registry.register(
            "requests_overdue",
            "Access requests past their stage's term, by stage",
            overdue.clone(),
        );
        let (tickets_open, tickets_late) = (Gauge::default(), Gauge::default());
        registry.register("tickets_open", "Tickets not closed", tickets_open.clone());
        registry.register(
            "tickets_past_first_response",
            "Open tickets with no first answer past their first-response term",
            tickets_late.clone(),
        );
        let cases_late = Family::<UnitLabel, Gauge>::default();
        registry.register(
            "cases_past_resolution",
            "Cases not closed past their resolution term, by the unit that has them",
            cases_late.clone(),
        );
        let (padron_age, padron_stale) = (Gauge::default(), Gauge::default());
        registry.register(
            "padron_age_workdays",
            "Business days since the current padron's data date (0 when none is loaded)",
            padron_age.clone(),
        );
        registry.register(
            "padron_stale",
            "1 when the padron is older than the 7 business days UOT has to update it",
            padron_stale.clone(),
        );
        registry.register(
            "turn_seconds",
            "Time to process one user action",
            turns.clone(),
        );
        let intake_held = Histogram::new([0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]);
        registry.register(
            "intake_wal_held_seconds",
            "Time a webhook event waited for the SQLite WAL's copies to catch up (a slow disk)",
            intake_held.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            inbound,
            deliveries,
            delivery_latency,
            turns,
            intake_held,
            scheduler_runs,
            scheduler_errors,
            outbox_pending,
            outbox_failed,
            outbox_oldest,
            inbound_waiting,
            requests,
            overdue,
            tickets_open,
            tickets_late,
            cases_late,
            padron_age,
            padron_stale,
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

    /// One send attempt's outcome (`sent`, `retry`, `failed`) and error class.
    pub fn delivery(&self, channel: &str, outcome: &str, error_class: &str) {
        self.deliveries
            .get_or_create(&DeliveryLabels {
                channel: channel.into(),
                outcome: outcome.into(),
                error_class: error_class.into(),
            })
            .inc();
    }

    /// A message accepted by its platform `took` after it was written.
    pub fn delivered_after(&self, channel: &str, took: Duration) {
        self.delivery_latency
            .get_or_create(&ChannelLabel {
                channel: channel.into(),
            })
            .observe(took.as_secs_f64());
    }

    /// One scheduler pass, failed or not.
    pub fn scheduler_run(&self, failed: bool) {
        self.scheduler_runs.inc();
        if failed {
            self.scheduler_errors.inc();
        }
    }

    /// Sets the gauges of the shared state; labels missing from `s` read 0.
    pub fn set_snapshot(&self, s: &Snapshot) {
        for family in [
            &self.outbox_pending,
            &self.outbox_failed,
            &self.outbox_oldest,
            &self.inbound_waiting,
        ] {
            family.clear();
        }
        for o in &s.outbox {
            let label = ChannelLabel {
                channel: o.channel.clone(),
            };
            self.outbox_pending.get_or_create(&label).set(o.pending);
            self.outbox_failed.get_or_create(&label).set(o.failed);
            self.outbox_oldest
                .get_or_create(&label)
                .set(o.oldest_pending_age_secs);
        }
        for (channel, n) in &s.inbound_waiting {
            self.inbound_waiting
                .get_or_create(&ChannelLabel {
                    channel: channel.clone(),
                })
                .set(*n);
        }
        self.requests.clear();
        for (stage, n) in &s.requests {
            self.requests
                .get_or_create(&StageLabel {
                    stage: stage.clone(),
                })
                .set(*n);
        }
        self.overdue.clear();
        for (stage, n) in &s.overdue {
            self.overdue
                .get_or_create(&StageLabel {
                    stage: stage.clone(),
                })
                .set(*n);
        }
        self.tickets_open.set(s.tickets_open);
        self.tickets_late.set(s.tickets_late);
        self.cases_late.clear();
        for (unit, n) in &s.cases_late {
            self.cases_late
                .get_or_create(&UnitLabel { unit: unit.clone() })
                .set(*n);
        }
        self.padron_age.set(s.padron_age_business_days);
        self.padron_stale.set(i64::from(s.padron_stale));
    }

    pub fn turn(&self, channel: &str, took: Duration) {
        self.turns
            .get_or_create(&ChannelLabel {
                channel: channel.into(),
            })
            .observe(took.as_secs_f64());
    }

    /// Intake held back `took` by the WAL's back-stop (`Store::wal_room`).
    pub fn intake_held(&self, took: Duration) {
        self.intake_held.observe(took.as_secs_f64());
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Ok(registry) = self.registry.lock() {
            let _ = prometheus_client::encoding::text::encode(&mut out, &registry);
        }
        out
    }
}

/// Whether an `Accept` header asks for OpenMetrics (with a weight above 0).
pub fn wants_openmetrics(accept: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        media.eq_ignore_ascii_case("application/openmetrics-text") && !refused
    })
}

/// OpenMetrics text (what [`Metrics::render`] writes) as the Prometheus text format
/// 0.0.4: a counter's `HELP` and `TYPE` name its `_total` series, as its samples do;
/// no `UNIT` lines and no `# EOF`.
pub fn prometheus_text(openmetrics: &str) -> String {
    let counters: std::collections::HashSet<&str> = openmetrics
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.strip_suffix(" counter"))
        .collect();
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" || line.starts_with("# UNIT ") {
            continue;
        }
        let described = ["# HELP ", "# TYPE "]
            .into_iter()
            .find_map(|p| line.strip_prefix(p).map(|rest| (p, rest)));
        match described {
            Some((prefix, rest)) => {
                let (name, tail) = rest.split_once(' ').unwrap_or((rest, ""));
                if counters.contains(name) {
                    out.push_str(&format!("{prefix}{name}_total {tail}"));
                } else {
                    out.push_str(line);
                }
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prometheus_asks_for_openmetrics_and_curl_gets_text() {
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assert!(wants_openmetrics(prometheus));
        assert!(!wants_openmetrics("text/plain;version=0.0.4"));
        assert!(!wants_openmetrics("*/*"));
        assert!(!wants_openmetrics("application/openmetrics-text; q=0"));
    }

    #[test]
    fn a_counter_is_described_by_its_total_series_in_prometheus_text() {
        let m = Metrics::new();
        m.scheduler_run(false);
        let text = prometheus_text(&m.render());
        assert!(
            text.contains("# HELP contigo_scheduler_runs_total Scheduler passes"),
            "{text}"
        );
        assert!(
            text.contains("# TYPE contigo_scheduler_runs_total counter\n"),
            "{text}"
        );
        assert!(
            text.contains("\ncontigo_scheduler_runs_total 1\n"),
            "{text}"
        );
        assert!(
            text.contains("# TYPE contigo_tickets_open gauge\n"),
            "{text}"
        );
        assert!(!text.contains("# EOF"), "{text}");
    }
}

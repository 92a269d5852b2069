//! Deadlines and reminders. Every rule is a condition on dates, checked on each
//! tick, so after downtime the scheduler catches up by itself; reminders and digests
//! carry an idempotency mark written in the same transaction as their messages, so
//! any number of replicas send each one once. Rules report events; `notify` words
//! them for each recipient.

use std::sync::Arc;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, Timelike};
use sqlx::Row;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::calendar::{BusinessCalendar, in_renewal_window, lima_date, lima_datetime};
use crate::domain::padron::staleness;
use crate::domain::stage::{Action, Actor, Role, Stage};
use crate::events::{Event, Overdue, OverdueCase};
use crate::i18n::Locales;
use crate::metrics::Metrics;
use crate::notify::Notifier;
use crate::services::requests::{Workflow, WorkflowError};
use crate::store::files::FileStore;
use crate::store::marks::mark;
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, Store, StoreError, staff};

/// Who hears that the padrón is out of date: UOT, who imports it, and supervisors.
const PADRON_KEEPERS: [Role; 2] = [Role::Uot, Role::Supervisor];

/// Hour (Lima) from which the day's digests go out.
const DIGEST_HOUR: u32 = 8;

/// What one tick did (for logs and tests).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TickReport {
    pub lapsed: usize,
    pub observation_reminders: usize,
    pub expired: usize,
    pub renewal_reminders: usize,
    pub digests: usize,
    pub staff_reminders: usize,
    /// Tickets reported to supervisors for having no first answer within their term.
    pub ticket_alerts: usize,
    /// Raw payloads of processed platform events deleted (`retention`).
    pub payloads_deleted: u64,
    /// Files received but never kept, deleted from `storage.dir` (`retention`).
    pub unkept_files_deleted: usize,
    /// Texts of delivered messages blanked in the outbox (`retention`).
    pub sent_payloads_deleted: u64,
    /// Free pages of the SQLite file given back after retention.
    pub pages_reclaimed: i64,
    /// The previous month's usage report, sent to UAC's chats.
    pub usage_reports: usize,
    /// Suspended accesses restored on their suspension's date.
    pub restored: usize,
    /// Active accesses suspended for not returning the new DDC UAC asked for.
    pub new_ddc_lapsed: usize,
    /// Notes to UOT and supervisors that the padrón is past its 7 business days.
    pub padron_stale_notices: usize,
}

/// What the scheduler needs of the application.
#[derive(Clone)]
pub struct Scheduler {
    pub store: Store,
    pub settings: Arc<Settings>,
    pub calendar: BusinessCalendar,
    pub clock: Clock,
    pub locales: Arc<Locales>,
    pub metrics: Arc<Metrics>,
    pub files: FileStore,
    /// Renders what the rules report, e-mail copies included when set.
    pub notifier: Notifier,
}

impl Scheduler {
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let every = Duration::from_secs(self.settings.scheduler.interval_secs.max(1));
        loop {
            match self.tick().await {
                Ok(report) if report != TickReport::default() => {
                    tracing::info!(?report, "scheduler tick")
                }
                Ok(_) => {}
                Err(e) => tracing::error!(error = %e, "scheduler tick failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {},
                _ = shutdown.changed() => return,
            }
        }
    }

    fn notifier(&self) -> &Notifier {
        &self.notifier
    }

    /// Runs every rule once, counted in /metrics (runs and errors).
    pub async fn tick(&self) -> Result<TickReport, StoreError> {
        let ticked = self.run_rules().await;
        self.metrics.scheduler_run(ticked.is_err());
        ticked
    }

    async fn run_rules(&self) -> Result<TickReport, StoreError> {
        let now = self.clock.now();
        let today = lima_date(now);
        let wf = Workflow {
            settings: &self.settings,
            calendar: &self.calendar,
            today,
        };
        let mut report = TickReport::default();
        let unix = now.timestamp();

        // Observed requests: lapse after the term, remind the business day before.
        let observed = {
            let mut conn = self.store.pool.acquire().await?;
            requests::at_stage(&mut conn, Stage::Observed).await?
        };
        for row in observed {
            let Some(due) = row.stage_due_on else {
                continue;
            };
            let mut tx = self.store.begin().await?;
            if due < today {
                if self
                    .system_move(&wf, &mut tx, &row, Action::LapseObservation, unix)
                    .await?
                {
                    report.lapsed += 1;
                }
            } else if self.calendar.add_business_days(today, 1) >= due
                && mark(
                    &mut tx,
                    "observation-reminder",
                    &format!("{}:{due}", row.id),
                    unix,
                )
                .await?
            {
                let event = Event::ObservationReminder { request: row };
                self.notifier().send(&mut tx, vec![event]).await?;
                report.observation_reminders += 1;
            }
            tx.commit().await?;
        }

        // Fiscal year: accesses of past years expire; in the renewal window, remind
        // to renew.
        let window = self.settings.bot.renewal_window_from;
        let active = {
            let mut conn = self.store.pool.acquire().await?;
            requests::at_stage(&mut conn, Stage::Active).await?
        };
        for row in active {
            let mut tx = self.store.begin().await?;
            if row.fiscal_year < today.year() {
                if self
                    .system_move(&wf, &mut tx, &row, Action::Expire, unix)
                    .await?
                {
                    report.expired += 1;
                }
            } else if row.fiscal_year == today.year() && in_renewal_window(today, window) {
                // A renewal past its DDC needs nothing from the ally: no reminder.
                let renewal = requests::open_renewal_of(&mut tx, row.id).await?;
                if renewal
                    .as_ref()
                    .is_some_and(|r| r.stage != Stage::AwaitingDdc)
                {
                    tx.commit().await?;
                    continue;
                }
                // Once when the window opens, again from 15 December.
                let round = if today.month() == 12 && today.day() >= 15 {
                    2
                } else {
                    1
                };
                if mark(
                    &mut tx,
                    "renewal-reminder",
                    &format!("{}:{}:{round}", row.id, row.fiscal_year),
                    unix,
                )
                .await?
                {
                    let event = Event::RenewalReminder {
                        request: row,
                        renewal: renewal.map(Box::new),
                    };
                    self.notifier().send(&mut tx, vec![event]).await?;
                    report.renewal_reminders += 1;
                }
            }
            tx.commit().await?;
        }

        // A new signed DDC UAC asked for, not returned within its term: the access
        // is suspended until UAC accepts it.
        let lapsing = {
            let mut conn = self.store.pool.acquire().await?;
            crate::store::new_ddc::lapsing(&mut conn, today).await?
        };
        let reason = self.locales.t("es", "susp-reason-new-ddc");
        for ask in lapsing {
            let mut tx = self.store.begin().await?;
            if let Some(events) =
                crate::services::new_ddc::lapse(&mut tx, &wf, &ask, &reason, unix).await?
            {
                self.notifier().send(&mut tx, events).await?;
                report.new_ddc_lapsed += 1;
            }
            tx.commit().await?;
        }

        // Suspended accesses: a past fiscal year expires them; a suspension until a
        // date ends on it (one on a condition waits for UAC).
        let suspended = {
            let mut conn = self.store.pool.acquire().await?;
            requests::at_stage(&mut conn, Stage::Suspended).await?
        };
        for row in suspended {
            let action = if row.fiscal_year < today.year() {
                Action::Expire
            } else if row.stage_due_on.is_some_and(|d| d <= today) {
                Action::RestoreOnDate
            } else {
                continue;
            };
            let mut tx = self.store.begin().await?;
            if self
                .system_move(&wf, &mut tx, &row, action.clone(), unix)
                .await?
            {
                match action {
                    Action::Expire => report.expired += 1,
                    _ => report.restored += 1,
                }
            }
            tx.commit().await?;
        }

        // Daily digests, on business days from 08:00 Lima.
        let lima = lima_datetime(now);
        if self.calendar.is_business_day(today) && lima.hour() >= DIGEST_HOUR {
            let (d, s) = self.digests(today, unix).await?;
            report.digests += d;
            report.staff_reminders += s;
            report.padron_stale_notices += self.padron_freshness(today, unix).await?;
        }

        // The previous month's usage report, from the month's first business day.
        if lima.hour() >= DIGEST_HOUR && today >= self.first_business_day(today) {
            report.usage_reports += self.usage_report(today, unix).await?;
        }

        // Tickets without a first answer within their term (office hours): supervisors.
        let mut tx = self.store.begin().await?;
        let alerts = crate::services::escalation::first_response_overdue(&mut tx, unix).await?;
        report.ticket_alerts = alerts.len();
        self.notifier().send(&mut tx, alerts).await?;
        tx.commit().await?;
        // Cases past their resolution term: their unit hears of each, once.
        let mut tx = self.store.begin().await?;
        let late = crate::services::escalation::resolution_overdue(&mut tx, unix).await?;
        report.ticket_alerts += late.len();
        self.notifier().send(&mut tx, late).await?;
        tx.commit().await?;
        // Retention: raw payloads of events processed, and texts of messages sent,
        // longer ago than the settings (wall-clock times, as intake and the outbox
        // write them).
        let days = i64::from(self.settings.retention.inbound_payload_days.max(1));
        let mut conn = self.store.pool.acquire().await?;
        report.payloads_deleted = crate::store::inbound::purge_payloads(
            &mut conn,
            crate::clock::wall_now() - days * 86_400,
        )
        .await?;
        let days = i64::from(self.settings.retention.outbox_payload_days.max(1));
        report.sent_payloads_deleted = crate::store::outbox::purge_sent_payloads(
            &mut conn,
            crate::clock::wall_now() - days * 86_400,
        )
        .await?;
        let days = i64::from(self.settings.retention.unkept_upload_days.max(1));
        report.unkept_files_deleted = crate::store::files::sweep_unregistered(
            &mut conn,
            &self.files,
            crate::clock::wall_now() - days * 86_400,
        )
        .await?;
        drop(conn);
        // What retention freed goes back to the file system (SQLite), a step at a time.
        if report.payloads_deleted + report.sent_payloads_deleted > 0 {
            report.pages_reclaimed = self.store.reclaim().await?;
        }
        Ok(report)
    }

    /// The first business day of `day`'s month.
    fn first_business_day(&self, day: NaiveDate) -> NaiveDate {
        let mut d = day.with_day(1).unwrap_or(day);
        // A month has at most a handful of non-working days in a row.
        for _ in 0..31 {
            if self.calendar.is_business_day(d) {
                break;
            }
            d = d.succ_opt().unwrap_or(d);
        }
        d
    }

    /// UAC's members get last month's usage report as an XLSX document, once: the
    /// month's mark is written in the same transaction as the messages, so another
    /// replica (or a later tick) finds it and sends nothing.
    async fn usage_report(&self, today: NaiveDate, unix: i64) -> Result<usize, StoreError> {
        let this_month = today.with_day(1).unwrap_or(today);
        let Some(month) = this_month.checked_sub_months(chrono::Months::new(1)) else {
            return Ok(0);
        };
        let key = month.format("%Y-%m").to_string();
        {
            let mut conn = self.store.pool.acquire().await?;
            if crate::store::marks::is_marked(&mut conn, "usage-report", &key).await? {
                return Ok(0);
            }
        }
        let mut tx = self.store.begin().await?;
        let recipients: Vec<_> = staff::with_role(&mut tx, Role::Uac)
            .await?
            .into_iter()
            .filter(|m| m.address().is_some())
            .collect();
        if recipients.is_empty() {
            return Ok(0);
        }
        let report = crate::services::reports::usage(&mut tx, month, today).await?;
        if report.accesses.is_empty() {
            // No ally had access that month (e.g. a new deployment): nothing to send.
            mark(&mut tx, "usage-report", &key, unix).await?;
            tx.commit().await?;
            return Ok(0);
        }
        let lang = self.locales.pick(Some(&self.settings.bot.default_locale));
        let bytes = crate::services::reports::usage_document(&self.locales, lang, &report)
            .to_xlsx()
            .map_err(|e| StoreError::Io(std::io::Error::other(e.to_string())))?;
        let sha = self.files.put(&bytes).await?;
        let format = crate::documents::table::FileFormat::Xlsx;
        crate::store::files::register(&mut tx, &sha, format.mime_type(), bytes.len(), unix).await?;
        if !mark(&mut tx, "usage-report", &key, unix).await? {
            return Ok(0);
        }
        let file_name = format!("uso-aliados-{key}.xlsx");
        let sent = recipients.len();
        let events = recipients
            .into_iter()
            .map(|member| Event::UsageReport {
                member,
                month,
                accesses: report.accesses.len(),
                sha256: sha.clone(),
                file_name: file_name.clone(),
            })
            .collect();
        self.notifier().send(&mut tx, events).await?;
        tx.commit().await?;
        Ok(sent)
    }

    /// A transition the system makes when a term runs out; false when someone moved
    /// the request first (it is then no longer due).
    async fn system_move(
        &self,
        wf: &Workflow<'_>,
        conn: &mut Conn,
        row: &RequestRow,
        action: Action,
        unix: i64,
    ) -> Result<bool, StoreError> {
        match wf
            .apply(
                conn,
                row.id,
                row.stage,
                &action,
                &Actor::System,
                "system",
                None,
                unix,
            )
            .await
        {
            Ok((_, events)) => {
                self.notifier().send(conn, events).await?;
                Ok(true)
            }
            Err(WorkflowError::Store(e)) => Err(e),
            Err(e) => {
                tracing::debug!(error = %e, action = action.name(), "scheduled move skipped");
                Ok(false)
            }
        }
    }

    /// While the padrón is older than the directive's 7 business days, a note a day
    /// to those who answer for it (UOT, who imports it, and the supervisors).
    async fn padron_freshness(&self, today: NaiveDate, unix: i64) -> Result<usize, StoreError> {
        let mut tx = self.store.begin().await?;
        let Some(snap) = crate::store::padron::current(&mut tx).await? else {
            return Ok(0);
        };
        let (days, late) = staleness(&self.calendar, snap.data_date, today);
        if !late {
            return Ok(0);
        }
        let mut events = vec![];
        for member in staff::list(&mut tx).await? {
            if member.address().is_none() || !PADRON_KEEPERS.iter().any(|r| member.has(*r)) {
                continue;
            }
            if mark(
                &mut tx,
                "padron-stale",
                &format!("{}:{today}", member.id),
                unix,
            )
            .await?
            {
                events.push(Event::PadronStale {
                    member,
                    data_date: snap.data_date,
                    business_days: days,
                });
            }
        }
        let sent = events.len();
        self.notifier().send(&mut tx, events).await?;
        tx.commit().await?;
        Ok(sent)
    }

    /// Supervisors: overdue items by stage. Reviewers: what is due today or late in
    /// their queue.
    async fn digests(&self, today: NaiveDate, unix: i64) -> Result<(usize, usize), StoreError> {
        let mut tx = self.store.begin().await?;
        let mut waiting: Vec<RequestRow> = requests::queue(&mut tx, &Stage::REVIEW, 10_000).await?;
        waiting.retain(|r| r.stage_due_on.is_some_and(|d| d <= today));
        let overdue: Vec<Overdue> = waiting
            .iter()
            .filter_map(|r| {
                let due = r.stage_due_on.filter(|d| *d < today)?;
                Some(Overdue {
                    request: r.clone(),
                    days_late: self.calendar.business_days_between(due, today),
                })
            })
            .collect();
        let mut cases: Vec<OverdueCase> = crate::store::tickets::resolution_overdue(&mut tx, unix)
            .await?
            .into_iter()
            .map(|t| OverdueCase::Ticket(Box::new(t)))
            .collect();
        cases.extend(
            crate::store::ally_reports::overdue(&mut tx, unix)
                .await?
                .into_iter()
                .map(|r| OverdueCase::AllyCase(Box::new(r))),
        );
        let mut events = vec![];
        let mut digests = 0;
        let mut reminders = 0;
        for member in staff::list(&mut tx).await? {
            if member.address().is_none() {
                continue;
            }
            if member.has(Role::Supervisor)
                && (!overdue.is_empty() || !cases.is_empty())
                && mark(
                    &mut tx,
                    "supervisor-digest",
                    &format!("{}:{today}", member.id),
                    unix,
                )
                .await?
            {
                events.push(Event::OverdueDigest {
                    supervisor: member.clone(),
                    overdue: overdue.clone(),
                    cases: cases.clone(),
                });
                digests += 1;
            }
            let mine = waiting
                .iter()
                .filter(|r| {
                    r.stage
                        .responsible_role()
                        .is_some_and(|role| member.has(role))
                })
                .count();
            if mine > 0
                && mark(
                    &mut tx,
                    "staff-reminder",
                    &format!("{}:{today}", member.id),
                    unix,
                )
                .await?
            {
                events.push(Event::QueueReminder {
                    member,
                    count: mine,
                });
                reminders += 1;
            }
        }
        self.notifier().send(&mut tx, events).await?;
        tx.commit().await?;
        Ok((digests, reminders))
    }
}

/// Requests overdue at a stage today (for tests and operators).
pub async fn overdue_count(conn: &mut Conn, today: NaiveDate) -> Result<i64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM access_requests WHERE stage_due_on < $1
         AND stage IN ('uac_review', 'legal_review', 'director_authorization', 'account_creation')",
    )
    .bind(today.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(row.try_get("n")?)
}

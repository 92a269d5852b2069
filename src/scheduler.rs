//! Deadlines and reminders. Every rule is a condition on dates, checked on each
//! tick, so after downtime the scheduler catches up by itself; reminders and digests
//! carry an idempotency mark written in the same transaction as their messages, so
//! any number of replicas send each one once.

use std::time::Duration;

use chrono::{Datelike, NaiveDate, Timelike};
use sqlx::Row;
use tokio::sync::watch;

use crate::app::App;
use crate::domain::calendar::{lima_date, lima_datetime};
use crate::domain::stage::{Action, Actor, Role, Stage};
use crate::message::{Choice, Outbound};
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError, staff};
use crate::workflow::{Workflow, WorkflowError, enqueue, jurisdiction_label};

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
}

pub(crate) async fn mark(
    conn: &mut Conn,
    job: &str,
    key: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO scheduled_marks (job, key, done_at) VALUES ($1, $2, $3) ON CONFLICT (job, key) DO NOTHING",
    )
    .bind(job)
    .bind(key)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub async fn run(app: App, mut shutdown: watch::Receiver<bool>) {
    let every = Duration::from_secs(app.settings.scheduler.interval_secs.max(1));
    loop {
        match tick(&app).await {
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

/// Runs every rule once.
pub async fn tick(app: &App) -> Result<TickReport, StoreError> {
    let now = app.clock.now();
    let today = lima_date(now);
    let engine = &app.engine;
    let wf = Workflow {
        locales: &engine.locales,
        settings: &engine.settings,
        calendar: &engine.calendar,
        today,
    };
    let mut report = TickReport::default();
    let unix = now.timestamp();

    // Observed requests: lapse after the term, remind the business day before.
    let observed = {
        let mut conn = app.store.pool.acquire().await?;
        requests::at_stage(&mut conn, Stage::Observed).await?
    };
    for row in observed {
        let Some(due) = row.stage_due_on else {
            continue;
        };
        let mut tx = app.store.begin().await?;
        if due < today {
            if system_move(&wf, &mut tx, &row, Action::LapseObservation, unix).await? {
                report.lapsed += 1;
            }
        } else if engine.calendar.add_business_days(today, 1) >= due
            && mark(
                &mut tx,
                "observation-reminder",
                &format!("{}:{due}", row.id),
                unix,
            )
            .await?
        {
            remind(
                &wf,
                &mut tx,
                &row,
                "remind-observation",
                "m:fixobs",
                "menu-fix-observation",
            )
            .await?;
            report.observation_reminders += 1;
        }
        tx.commit().await?;
    }

    // Fiscal year: accesses of past years expire; from 1 December, remind to renew.
    let active = {
        let mut conn = app.store.pool.acquire().await?;
        requests::at_stage(&mut conn, Stage::Active).await?
    };
    for row in active {
        let mut tx = app.store.begin().await?;
        if row.fiscal_year < today.year() {
            if system_move(&wf, &mut tx, &row, Action::Expire, unix).await? {
                report.expired += 1;
            }
        } else if today.month() == 12 && row.fiscal_year == today.year() {
            // Once from 1 December, again from the 15th.
            let round = if today.day() >= 15 { 2 } else { 1 };
            if mark(
                &mut tx,
                "renewal-reminder",
                &format!("{}:{}:{round}", row.id, row.fiscal_year),
                unix,
            )
            .await?
            {
                remind(
                    &wf,
                    &mut tx,
                    &row,
                    "remind-renewal",
                    "m:renew",
                    "menu-renew",
                )
                .await?;
                report.renewal_reminders += 1;
            }
        }
        tx.commit().await?;
    }

    // Daily digests, on business days from 08:00 Lima.
    let lima = lima_datetime(now);
    if engine.calendar.is_business_day(today) && lima.hour() >= DIGEST_HOUR {
        let (d, s) = digests(app, &wf, today, unix).await?;
        report.digests += d;
        report.staff_reminders += s;
    }

    // Tickets without a first answer within their term (office hours): supervisors.
    let mut tx = app.store.begin().await?;
    report.ticket_alerts =
        crate::escalation::first_response_alerts(&mut tx, &engine.locales, unix).await?;
    tx.commit().await?;
    Ok(report)
}

/// A transition the system makes when a term runs out; false when someone moved the
/// request first (it is then no longer due).
async fn system_move(
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
        Ok(_) => Ok(true),
        Err(WorkflowError::Store(e)) => Err(e),
        Err(e) => {
            tracing::debug!(error = %e, action = action.name(), "scheduled move skipped");
            Ok(false)
        }
    }
}

async fn remind(
    wf: &Workflow<'_>,
    conn: &mut Conn,
    row: &RequestRow,
    key: &str,
    choice_id: &str,
    choice_key: &str,
) -> Result<(), StoreError> {
    let lang = wf.locales.pick(Some(&row.locale));
    let text = wf.locales.t_args(
        lang,
        key,
        &[
            ("code", row.code.clone().into()),
            ("jurisdiction", jurisdiction_label(row).into()),
            (
                "date",
                row.stage_due_on.map(date).unwrap_or_default().into(),
            ),
            ("year", i64::from(row.fiscal_year + 1).into()),
        ],
    );
    let choice = Choice {
        id: choice_id.into(),
        label: wf.locales.t(lang, choice_key),
    };
    enqueue(
        conn,
        &row.channel,
        &row.chat_id,
        &Outbound::Text {
            text,
            choices: vec![choice],
        },
    )
    .await
}

/// Supervisors: overdue items by stage. Reviewers: what is due today or late in
/// their queue.
async fn digests(
    app: &App,
    wf: &Workflow<'_>,
    today: NaiveDate,
    unix: i64,
) -> Result<(usize, usize), StoreError> {
    let stages = [
        Stage::UacReview,
        Stage::LegalReview,
        Stage::DirectorAuthorization,
        Stage::AccountCreation,
    ];
    let mut tx = app.store.begin().await?;
    let mut waiting: Vec<RequestRow> = requests::queue(&mut tx, &stages, 10_000).await?;
    waiting.retain(|r| r.stage_due_on.is_some_and(|d| d <= today));
    let mut digests = 0;
    let mut reminders = 0;
    for member in staff::list(&mut tx).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = wf.locales.pick(Some(&member.locale));
        if member.has(Role::Supervisor) {
            let overdue: Vec<&RequestRow> = waiting
                .iter()
                .filter(|r| r.stage_due_on.is_some_and(|d| d < today))
                .collect();
            if !overdue.is_empty()
                && mark(
                    &mut tx,
                    "supervisor-digest",
                    &format!("{}:{today}", member.id),
                    unix,
                )
                .await?
            {
                let mut lines = vec![wf.locales.t_args(
                    lang,
                    "digest-title",
                    &[("count", overdue.len().into())],
                )];
                for stage in stages {
                    let items: Vec<String> = overdue
                        .iter()
                        .filter(|r| r.stage == stage)
                        .map(|r| {
                            let late = wf
                                .calendar
                                .business_days_between(r.stage_due_on.unwrap_or(today), today);
                            format!(
                                "  {} · {} · {}",
                                r.code,
                                jurisdiction_label(r),
                                wf.locales
                                    .t_args(lang, "digest-late", &[("days", late.into())])
                            )
                        })
                        .collect();
                    if !items.is_empty() {
                        lines.push(format!(
                            "{} ({})",
                            wf.locales.t(lang, stage.message_key()),
                            items.len()
                        ));
                        lines.extend(items);
                    }
                }
                let text = lines.join("\n");
                enqueue(
                    &mut tx,
                    channel.as_str(),
                    &chat_id,
                    &Outbound::Text {
                        text,
                        choices: vec![],
                    },
                )
                .await?;
                digests += 1;
            }
        }
        let mine: Vec<&RequestRow> = waiting
            .iter()
            .filter(|r| {
                r.stage
                    .responsible_role()
                    .is_some_and(|role| member.has(role))
            })
            .collect();
        if !mine.is_empty()
            && mark(
                &mut tx,
                "staff-reminder",
                &format!("{}:{today}", member.id),
                unix,
            )
            .await?
        {
            let text = wf
                .locales
                .t_args(lang, "staff-reminder", &[("count", mine.len().into())]);
            let choice = Choice {
                id: "st:queue".into(),
                label: wf.locales.t(lang, "staff-menu-queue"),
            };
            enqueue(
                &mut tx,
                channel.as_str(),
                &chat_id,
                &Outbound::Text {
                    text,
                    choices: vec![choice],
                },
            )
            .await?;
            reminders += 1;
        }
    }
    tx.commit().await?;
    Ok((digests, reminders))
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

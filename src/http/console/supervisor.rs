//! The supervisor's view: how many requests wait at each stage and how many are
//! overdue, the time requests spent in each stage against its term (median and 90th
//! percentile, business days, drawn on the server as SVG), a month's tickets (first
//! response times, ratings) and the month's usage report; each downloadable as XLSX
//! or CSV through the one table writer (`documents::table`), as the CLI writes them.
//! Counts only: no personal data, so nothing to record; the policy still decides
//! who sees it.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::auth::Signed;
use super::error::ConsoleError;
use super::views::{Banner, Console, FileKind, report_download};
use crate::documents::table::{Document, FileFormat, sheet_notes};
use crate::domain::calendar::{lima_date, month_bounds};
use crate::domain::policy::Report;
use crate::domain::stage::Stage;
use crate::domain::ticket::Category;
use crate::services::reports::{
    StageFigures, StageTime, UsageReport, stage_figures_table, stage_times, ticket_stats,
    tickets_document, usage_csv, usage_document,
};
use crate::store::tickets::TicketRow;
use crate::store::{Conn, StoreError, kb, requests, tickets};

/// The stages a supervisor watches, in the order requests go through them.
const WATCHED: [Stage; 5] = [
    Stage::UacReview,
    Stage::Observed,
    Stage::LegalReview,
    Stage::DirectorAuthorization,
    Stage::AccountCreation,
];

/// How many months the view offers to pick (a month typed in the address still works).
const MONTHS_OFFERED: u32 = 13;

/// How many accesses the usage table shows on the page (the download has them all).
const USAGE_SHOWN: usize = 50;

#[derive(Debug, Serialize)]
struct StageLine {
    stage: String,
    waiting: usize,
    overdue: usize,
    term: Option<u32>,
    stays: usize,
    median: Option<i64>,
    p90: Option<i64>,
}

#[derive(Debug, Serialize)]
struct TicketLine {
    category: String,
    total: bool,
    received: usize,
    answered: usize,
    in_term: usize,
    avg: Option<i64>,
    max: Option<i64>,
    closed: usize,
    rated: usize,
    rating: Option<String>,
}

#[derive(Debug, Serialize)]
struct UsageLine {
    code: String,
    access_type: String,
    place: String,
    sessions: i64,
    downloads: i64,
    views: i64,
    last: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    month: String,
}

const REFUSED: &str = "console-supervision-refused";

/// The month asked for (`2026-11`), or this month in Lima; a month that does not
/// parse is this month, with a message saying how to write it.
fn month_of(c: &Console, lang: &'static str, typed: &str) -> (NaiveDate, Option<Banner>) {
    let today = lima_date(c.app.clock.now());
    let this = today.with_day(1).unwrap_or(today);
    let typed = typed.trim();
    if typed.is_empty() {
        return (this, None);
    }
    match NaiveDate::parse_from_str(&format!("{typed}-01"), "%Y-%m-%d") {
        Ok(month) if month <= this => (month, None),
        _ => (
            this,
            Some(Banner::problem(c.t(
                lang,
                "console-month-invalid",
                &[("month", typed.into())],
            ))),
        ),
    }
}

/// The stage figures now: waiting and overdue at each watched stage, and the time
/// finished stays took against each term.
async fn stage_figures(c: &Console, conn: &mut Conn) -> Result<Vec<StageFigures>, StoreError> {
    let today = lima_date(c.app.clock.now());
    let mut counts = vec![];
    for stage in WATCHED {
        let rows = requests::at_stage(conn, stage).await?;
        let overdue = rows
            .iter()
            .filter(|r| r.stage_due_on.is_some_and(|d| d < today))
            .count();
        counts.push((rows.len(), overdue));
    }
    let steps = requests::all_transitions(conn).await?;
    let times = stage_times(&steps, &WATCHED, &c.app.engine.calendar);
    let terms = &c.app.settings.terms;
    Ok(times
        .into_iter()
        .zip(counts)
        .map(|(time, (waiting, overdue))| StageFigures {
            stage: time.stage,
            waiting,
            overdue,
            term: terms.term_for(time.stage),
            time,
        })
        .collect())
}

async fn month_tickets(conn: &mut Conn, month: NaiveDate) -> Result<Vec<TicketRow>, StoreError> {
    let (from, until) = month_bounds(month);
    tickets::opened_between(conn, from, until).await
}

/// `GET /console/supervisor?month=YYYY-MM`.
pub async fn view(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<MonthQuery>,
) -> Result<Response, ConsoleError> {
    signed.require(Report::Supervision, REFUSED)?;
    let lang = signed.lang;
    let (month, banner) = month_of(&c, lang, &q.month);
    // Pure reads: beside the writer, never waiting for it (SQLite WAL).
    let mut conn = c.app.store.read.acquire().await?;
    let figures = stage_figures(&c, &mut conn).await?;
    let tickets = month_tickets(&mut conn, month).await?;
    let today = lima_date(c.app.clock.now());
    let usage = crate::services::reports::usage(&mut conn, month, today).await?;
    drop(conn);
    let terms = &c.app.settings.terms;
    let label = |s: Stage| c.t(lang, s.message_key(), &[]);
    let lines: Vec<StageLine> = figures
        .iter()
        .map(|f| StageLine {
            stage: label(f.stage),
            waiting: f.waiting,
            overdue: f.overdue,
            term: f.term,
            stays: f.time.stays,
            median: f.time.median,
            p90: f.time.p90,
        })
        .collect();
    let times: Vec<StageTime> = figures.iter().map(|f| f.time.clone()).collect();
    let bars = chart(
        &times,
        label,
        |s| terms.term_for(s),
        |key, count| match count {
            Some(n) => c.t(lang, key, &[("count", n.into())]),
            None => c.t(lang, key, &[]),
        },
    );
    let ticket_lines: Vec<TicketLine> = ticket_stats(&tickets)
        .into_iter()
        .filter(|s| s.received > 0 || s.category.is_none())
        .map(|s| TicketLine {
            category: s.category.map_or_else(
                || c.t(lang, "ticket-report-total", &[]),
                |cat: Category| c.t(lang, cat.message_key(), &[]),
            ),
            total: s.category.is_none(),
            received: s.received,
            answered: s.answered,
            in_term: s.answered_in_term,
            avg: s.first_response_avg_minutes,
            max: s.first_response_max_minutes,
            closed: s.closed,
            rated: s.rated,
            rating: s.rating_avg.map(|a| format!("{a:.1}")),
        })
        .collect();
    let usage_lines = usage_lines(&c, lang, &usage);
    let month_code = month.format("%Y-%m").to_string();
    // The months to pick from: this one and the year before it.
    let this = lima_date(c.app.clock.now());
    let this = this.with_day(1).unwrap_or(this);
    let months: Vec<String> = (0..MONTHS_OFFERED)
        .filter_map(|back| this.checked_sub_months(chrono::Months::new(back)))
        .map(|m| m.format("%Y-%m").to_string())
        .collect();
    Ok(c.page(
        StatusCode::OK,
        lang,
        "supervisor.html",
        Some(&signed.viewer),
        context! {
            banner => Value::from(Serde(&banner)),
            lines => Value::from(Serde(&lines)),
            chart => Value::from_safe_string(bars),
            month => month_code,
            months => months,
            tickets => Value::from(Serde(&ticket_lines)),
            usage => Value::from(Serde(&usage_lines)),
            usage_total => usage.accesses.len(),
            usage_sessions => usage.accesses.iter().map(|u| u.sessions).sum::<i64>(),
        },
    ))
}

fn usage_lines(c: &Console, lang: &'static str, usage: &UsageReport) -> Vec<UsageLine> {
    let mut rows: Vec<&crate::services::reports::AccessUsage> = usage.accesses.iter().collect();
    // The most used first: what a supervisor looks for on a page.
    rows.sort_by(|a, b| b.sessions.cmp(&a.sessions).then(a.code.cmp(&b.code)));
    rows.into_iter()
        .take(USAGE_SHOWN)
        .map(|u| {
            let place = if !u.entity.is_empty() {
                u.entity.clone()
            } else {
                [&u.district, &u.province, &u.region]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            UsageLine {
                code: u.code.clone(),
                access_type: u
                    .access_type
                    .map(|a| c.t(lang, a.message_key(), &[]))
                    .unwrap_or_default(),
                place,
                sessions: u.sessions,
                downloads: u.downloads,
                views: u.views,
                last: u
                    .last_connection
                    .map(|d| d.format("%d/%m/%Y %H:%M").to_string())
                    .unwrap_or_else(|| "—".into()),
            }
        })
        .collect()
}

/// The view's figures a supervisor downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figures {
    Stages,
    Tickets,
    Usage,
}

impl Figures {
    fn parse(stem: &str) -> Option<Figures> {
        match stem {
            "stages" => Some(Figures::Stages),
            "tickets" => Some(Figures::Tickets),
            "usage" => Some(Figures::Usage),
            _ => None,
        }
    }
}

/// `GET /console/supervisor/{stages|tickets|usage}.{xlsx|csv}?month=YYYY-MM`: each of
/// the view's figures as a file, by the same table writer as the CLI's reports.
pub async fn download(
    State(c): State<Console>,
    signed: Signed,
    Path(file): Path<String>,
    Query(q): Query<MonthQuery>,
) -> Result<Response, ConsoleError> {
    signed.require(Report::Supervision, REFUSED)?;
    let lang = signed.lang;
    let (figures, kind) = FileKind::of_file(&file, false)
        .and_then(|(stem, kind)| Some((Figures::parse(stem)?, kind)))
        .ok_or(ConsoleError::NotFound("console-download-unknown"))?;
    // A month that is not one (2026-13) or is still to come downloads nothing.
    let (month, invalid) = month_of(&c, lang, &q.month);
    if invalid.is_some() {
        return Err(ConsoleError::BadRequest {
            heading: "console-month-invalid-heading",
            key: "console-month-invalid-download",
            args: vec![("month", q.month.trim().into())],
        });
    }
    // Pure reads: beside the writer, never waiting for it (SQLite WAL).
    let mut conn = c.app.store.read.acquire().await?;
    let (doc, title, stem) = figures_document(&c, &mut conn, lang, figures, kind, month).await?;
    drop(conn);
    report_download(&doc, kind, &title, &stem)
}

/// One of the view's figures as a document: the document, its title and the file's
/// name (without its extension).
async fn figures_document(
    c: &Console,
    conn: &mut Conn,
    lang: &'static str,
    figures: Figures,
    kind: FileKind,
    month: NaiveDate,
) -> Result<(Document, String, String), StoreError> {
    let locales = &c.app.engine.locales;
    let today = lima_date(c.app.clock.now());
    let month_code = month.format("%Y-%m").to_string();
    let notes = |title: &str| sheet_notes(locales, lang, title, today);
    Ok(match figures {
        Figures::Stages => {
            let figures = stage_figures(c, conn).await?;
            let title = c.t(lang, "console-chart-title", &[]);
            let doc = Document::new(
                notes(&title),
                vec![stage_figures_table(locales, lang, &figures)],
            );
            let date = today.format("%Y-%m-%d").to_string();
            let name = c.t(lang, "file-name-stages", &[("date", date.into())]);
            (doc, title, name)
        }
        Figures::Tickets => {
            let rows = month_tickets(conn, month).await?;
            let (from, until) = month_bounds(month);
            let questions = kb::between(conn, from, until).await?;
            let derivations = tickets::derivations_between(conn, from, until).await?;
            let title = c.t(
                lang,
                "ticket-report-title",
                &[
                    ("month", month_code.clone().into()),
                    ("count", rows.len().into()),
                ],
            );
            let doc = tickets_document(
                locales,
                lang,
                &rows,
                &derivations,
                &questions,
                notes(&title),
            );
            let name = c.t(lang, "file-name-tickets", &[("month", month_code.into())]);
            (doc, title, name)
        }
        Figures::Usage => {
            let report = crate::services::reports::usage(conn, month, today).await?;
            let doc = match kind {
                FileKind::Table(FileFormat::Csv) => usage_csv(locales, lang, &report),
                _ => usage_document(locales, lang, &report),
            };
            let name = c.t(lang, "file-name-usage", &[("month", month_code.into())]);
            (doc, String::new(), name)
        }
    })
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars per stage, one list item each: the stage's name and its figures
/// as text (legible on a phone at the page's own size), and under them a bar
/// stretched to the item's width: the median (dark) over the 90th percentile
/// (light), and the stage's term as a dashed red line, all in business days.
/// `t(key, days)` is a message, with `days` as its count when given.
fn chart(
    times: &[StageTime],
    label: impl Fn(Stage) -> String,
    term: impl Fn(Stage) -> Option<u32>,
    t: impl Fn(&str, Option<i64>) -> String,
) -> String {
    let max = times
        .iter()
        .flat_map(|s| [s.p90.unwrap_or(0), i64::from(term(s.stage).unwrap_or(0))])
        .max()
        .unwrap_or(0)
        .max(1);
    // Per mille of the bar's width; a stay of 0 days still shows as a sliver, so
    // "measured, none" differs from "no data".
    let x = |days: i64| days * 1000 / max;
    let bar = |days: i64| x(days).max(6);
    let mut html = String::from("<ul class=\"chart\">");
    for s in times {
        let days = |key: &str, n: i64| format!("{}: {}", t(key, None), t("console-days", Some(n)));
        let mut figures: Vec<String> = Vec::new();
        if s.stays == 0 {
            figures.push(t("console-chart-no-data", None));
        } else {
            figures.extend(s.median.map(|m| days("console-chart-median", m)));
            figures.extend(s.p90.map(|p| days("console-chart-p90", p)));
        }
        figures.extend(term(s.stage).map(|d| days("console-chart-term", i64::from(d))));
        html.push_str(&format!(
            "<li><p class=\"chart-stage\">{}</p><p class=\"chart-figures\">{}</p>\
             <svg class=\"chart-bar\" viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">",
            escape(&label(s.stage)),
            escape(&figures.join(" · "))
        ));
        if let Some(p90) = s.p90 {
            html.push_str(&format!(
                "<rect x=\"0\" y=\"2\" width=\"{}\" height=\"16\" fill=\"#9cc3e6\"/>",
                bar(p90)
            ));
        }
        if let Some(median) = s.median {
            html.push_str(&format!(
                "<rect x=\"0\" y=\"6\" width=\"{}\" height=\"8\" fill=\"#0b4f8a\"/>",
                bar(median)
            ));
        }
        if let Some(days) = term(s.stage) {
            let tx = x(i64::from(days)).min(998);
            html.push_str(&format!(
                "<line x1=\"{tx}\" y1=\"0\" x2=\"{tx}\" y2=\"20\" stroke=\"#a4000f\" stroke-width=\"3\" \
                 stroke-dasharray=\"4 3\" vector-effect=\"non-scaling-stroke\"/>"
            ));
        }
        html.push_str("</svg></li>");
    }
    html.push_str("</ul>");
    html
}

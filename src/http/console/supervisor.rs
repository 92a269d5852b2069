//! The supervisor's view: how many requests wait at each stage and how many are
//! overdue, and the time requests spent in each stage against its term (median and
//! 90th percentile, business days), drawn on the server as SVG. Counts only: no
//! personal data, so nothing to record; the policy still decides who sees it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::Serialize;

use super::auth::Signed;
use super::views::Console;
use crate::domain::calendar::lima_date;
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::domain::stage::Stage;
use crate::reports::{StageTime, stage_times};
use crate::store::requests;

/// The stages a supervisor watches, in the order requests go through them.
const WATCHED: [Stage; 5] = [
    Stage::UacReview,
    Stage::Observed,
    Stage::LegalReview,
    Stage::DirectorAuthorization,
    Stage::AccountCreation,
];

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

/// `GET /console/supervisor`.
pub async fn view(State(c): State<Console>, signed: Signed) -> Response {
    let lang = signed.lang;
    let member = &signed.session.member;
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    let record = Record::Report(Report::Supervision);
    if !policy::decide(who, Act::SeePersonalData, record).allowed() {
        return c.notice(
            StatusCode::FORBIDDEN,
            lang,
            Some(&signed.viewer),
            "console-refused-heading",
            c.t(lang, "console-supervision-refused", &[]),
        );
    }
    let today = lima_date(c.app.clock.now());
    let loaded = async {
        let mut conn = c.app.store.pool.acquire().await?;
        let mut counts = vec![];
        for stage in WATCHED {
            let rows = requests::at_stage(&mut conn, stage).await?;
            let overdue = rows
                .iter()
                .filter(|r| r.stage_due_on.is_some_and(|d| d < today))
                .count();
            counts.push((rows.len(), overdue));
        }
        let steps = requests::all_transitions(&mut conn).await?;
        Ok::<_, crate::store::StoreError>((counts, steps))
    }
    .await;
    let (counts, steps) = match loaded {
        Ok(x) => x,
        Err(e) => return c.failure(lang, &e),
    };
    let times = stage_times(&steps, &WATCHED, &c.app.engine.calendar);
    let terms = &c.app.settings.terms;
    let label = |s: Stage| c.t(lang, s.message_key(), &[]);
    let lines: Vec<StageLine> = times
        .iter()
        .zip(&counts)
        .map(|(t, (waiting, overdue))| StageLine {
            stage: label(t.stage),
            waiting: *waiting,
            overdue: *overdue,
            term: terms.term_for(t.stage),
            stays: t.stays,
            median: t.median,
            p90: t.p90,
        })
        .collect();
    let svg = chart(
        &times,
        label,
        |s| terms.term_for(s),
        |key| c.t(lang, key, &[]),
    );
    c.page(
        StatusCode::OK,
        lang,
        "supervisor.html",
        Some(&signed.viewer),
        context! {
            lines => Value::from(Serde(&lines)),
            chart => Value::from_safe_string(svg),
        },
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Horizontal bars per stage: the median (dark) over the 90th percentile (light),
/// and the stage's term as a dashed red line, all in business days.
fn chart(
    times: &[StageTime],
    label: impl Fn(Stage) -> String,
    term: impl Fn(Stage) -> Option<u32>,
    t: impl Fn(&str) -> String,
) -> String {
    const LEFT: i64 = 340;
    const WIDTH: i64 = 460;
    const ROW: i64 = 46;
    let max = times
        .iter()
        .flat_map(|s| [s.p90.unwrap_or(0), i64::from(term(s.stage).unwrap_or(0))])
        .max()
        .unwrap_or(0)
        .max(1);
    let x = |days: i64| LEFT + days * WIDTH / max;
    // A stay of 0 days still shows as a sliver, so "measured, none" differs from "no data".
    let bar = |days: i64| (x(days) - LEFT).max(3);
    let height = ROW * times.len() as i64 + 50;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {height}\" role=\"img\" aria-labelledby=\"chart-title\" class=\"chart\">\
         <title id=\"chart-title\">{}</title>",
        LEFT + WIDTH + 60,
        escape(&t("console-chart-title"))
    );
    for (i, s) in times.iter().enumerate() {
        let top = 10 + ROW * i as i64;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1b1b\">{}</text>",
            LEFT - 8,
            top + 22,
            escape(&label(s.stage))
        ));
        if let Some(p90) = s.p90 {
            svg.push_str(&format!(
                "<rect x=\"{LEFT}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#9cc3e6\"/>",
                top + 18,
                bar(p90)
            ));
        }
        if let Some(median) = s.median {
            svg.push_str(&format!(
                "<rect x=\"{LEFT}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#0b4f8a\"/>",
                top + 4,
                bar(median)
            ));
        }
        if let Some(days) = term(s.stage) {
            let tx = x(i64::from(days));
            svg.push_str(&format!(
                "<line x1=\"{tx}\" y1=\"{}\" x2=\"{tx}\" y2=\"{}\" stroke=\"#a4000f\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>",
                top,
                top + 36
            ));
        }
        if s.stays == 0 {
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#4a4a4a\">{}</text>",
                LEFT + 4,
                top + 22,
                escape(&t("console-chart-no-data"))
            ));
        }
    }
    let legend_y = 10 + ROW * times.len() as i64 + 20;
    svg.push_str(&format!(
        "<rect x=\"{LEFT}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#0b4f8a\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\
         <rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"#9cc3e6\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>\
         <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#a4000f\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
         <text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text></svg>",
        legend_y - 10,
        LEFT + 16,
        legend_y,
        escape(&t("console-chart-median")),
        LEFT + 150,
        legend_y - 10,
        LEFT + 166,
        legend_y,
        escape(&t("console-chart-p90")),
        LEFT + 300,
        legend_y - 10,
        LEFT + 300,
        legend_y + 2,
        LEFT + 308,
        legend_y,
        escape(&t("console-chart-term")),
    ));
    svg
}

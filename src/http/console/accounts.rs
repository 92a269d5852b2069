//! UTI's accounts page: the accounts created (requests that reached `Active`) in a
//! week, this month or the previous one, as the chat's `/cuentas` lists them, with
//! the same list to download as XLSX or CSV. Who may see it is the policy's
//! (`Report::AccountsCreated`: UTI, UAC, supervisors); every listing of a
//! responsible's data is recorded (Ley 29733), as in the chat.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use minijinja::value::Serde;
use serde::{Deserialize, Serialize};

use super::auth::Signed;
use super::error::ConsoleError;
use super::views::{Console, FileKind, report_download};
use crate::documents::table::{Document, sheet_notes};
use crate::domain::calendar::lima_date;
use crate::domain::policy::Report;
use crate::message::Period;
use crate::services::reports::{AccountsCreated, accounts_created, accounts_table};
use crate::store::personal_data::{self, AccessAction, StaffReader};

#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    period: String,
}

#[derive(Serialize)]
struct Line {
    date: String,
    code: String,
    kind: String,
    jurisdiction: String,
    responsible: String,
}

#[derive(Serialize)]
struct PeriodLink {
    code: &'static str,
    label: String,
    current: bool,
}

const PERIODS: [(Period, &str); 3] = [
    (Period::Week, "staff-report-week"),
    (Period::Month, "staff-report-month"),
    (Period::PreviousMonth, "staff-report-previous"),
];

/// The accounts of the period asked for (this month unless another is named),
/// each listing recorded as a read of the responsible's data.
async fn listed(
    c: &Console,
    signed: &Signed,
    which: Period,
) -> Result<AccountsCreated, ConsoleError> {
    signed.require(Report::AccountsCreated, "console-accounts-refused")?;
    let mut conn = c.app.store.pool.acquire().await?;
    let today = lima_date(c.app.clock.now());
    let Some(found) = accounts_created(&mut conn, today, which).await? else {
        return Ok(((today, today), vec![]));
    };
    let reader = StaffReader::Console {
        staff_id: signed.session.member.id,
    };
    let now = c.app.clock.unix();
    for (row, _) in &found.1 {
        let (action, what) = (AccessAction::Report, "accounts_created");
        personal_data::record_staff_read(&mut conn, reader, row.id, action, what, now).await?;
    }
    Ok(found)
}

/// `GET /console/accounts?period=week|month|previous`.
pub async fn page(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let which = Period::parse(&q.period).unwrap_or(Period::Month);
    let (range, rows) = listed(&c, &signed, which).await?;
    let table = accounts_table(&c.app.engine.locales, lang, &rows);
    let lines: Vec<Line> = table
        .rows
        .iter()
        .map(|r| {
            let cell = |i: usize| r.get(i).map(|c| c.display()).unwrap_or_default();
            Line {
                date: cell(0),
                code: cell(1),
                kind: cell(2),
                jurisdiction: cell(3),
                responsible: cell(4),
            }
        })
        .collect();
    let periods: Vec<PeriodLink> = PERIODS
        .iter()
        .map(|(p, key)| PeriodLink {
            code: p.code(),
            label: c.t(lang, key, &[]),
            current: *p == which,
        })
        .collect();
    let (from, until) = range;
    let title = c.t(
        lang,
        "staff-report-title",
        &[
            ("from", from.format("%d/%m/%Y").to_string().into()),
            (
                "until",
                until
                    .pred_opt()
                    .unwrap_or(until)
                    .format("%d/%m/%Y")
                    .to_string()
                    .into(),
            ),
            ("count", lines.len().into()),
        ],
    );
    Ok(c.page(
        StatusCode::OK,
        lang,
        "accounts.html",
        Some(&signed.viewer),
        context! {
            title => title,
            lines => Serde(lines),
            periods => Serde(periods),
            period => which.code(),
        },
    ))
}

/// `GET /console/accounts/lista.xlsx` or `lista.csv`, with the page's `period`.
pub async fn download(
    State(c): State<Console>,
    signed: Signed,
    Path(file): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Result<Response, ConsoleError> {
    signed.require(Report::AccountsCreated, "console-accounts-refused")?;
    let lang = signed.lang;
    let kind = FileKind::of_file(&file, false)
        .filter(|(stem, _)| *stem == "lista")
        .map(|(_, kind)| kind)
        .ok_or(ConsoleError::NotFound("console-download-unknown"))?;
    let which = Period::parse(&q.period).unwrap_or(Period::Month);
    let ((from, _), rows) = listed(&c, &signed, which).await?;
    let locales = &c.app.engine.locales;
    let title = c.t(lang, "staff-report-caption", &[]);
    let notes = sheet_notes(locales, lang, &title, lima_date(c.app.clock.now()));
    let doc = Document::new(notes, vec![accounts_table(locales, lang, &rows)]);
    report_download(&doc, kind, &title, &format!("cuentas-creadas-{from}"))
}

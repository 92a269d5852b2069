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
use super::views::{Console, Disposition, file_response};
use crate::documents::table::{Document, FileFormat, sheet_notes};
use crate::domain::calendar::lima_date;
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::message::Period;
use crate::services::reports::{AccountsCreated, accounts_created, accounts_table};
use crate::store::StoreError;
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

/// The page that says this member may not see the list, if so.
fn refusal(c: &Console, signed: &Signed) -> Option<Response> {
    let member = &signed.session.member;
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    let record = Record::Report(Report::AccountsCreated);
    if policy::decide(who, Act::SeePersonalData, record).allowed() {
        return None;
    }
    Some(c.notice(
        StatusCode::FORBIDDEN,
        signed.lang,
        Some(&signed.viewer),
        "console-refused-heading",
        c.t(signed.lang, "console-accounts-refused", &[]),
    ))
}

/// The accounts of the period asked for (this month unless another is named),
/// each listing recorded as a read of the responsible's data.
async fn listed(
    c: &Console,
    signed: &Signed,
    which: Period,
) -> Result<Option<AccountsCreated>, StoreError> {
    let mut conn = c.app.store.pool.acquire().await?;
    let today = lima_date(c.app.clock.now());
    let found = accounts_created(&mut conn, today, which).await?;
    if let Some((_, rows)) = &found {
        let reader = StaffReader::Console {
            staff_id: signed.session.member.id,
        };
        let now = c.app.clock.unix();
        for (row, _) in rows {
            let (action, what) = (AccessAction::Report, "accounts_created");
            personal_data::record_staff_read(&mut conn, reader, row.id, action, what, now).await?;
        }
    }
    Ok(found)
}

/// `GET /console/accounts?period=week|month|previous`.
pub async fn page(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<PeriodQuery>,
) -> Response {
    if let Some(refused) = refusal(&c, &signed) {
        return refused;
    }
    let lang = signed.lang;
    let which = Period::parse(&q.period).unwrap_or(Period::Month);
    let (range, rows) = match listed(&c, &signed, which).await {
        Ok(Some(found)) => found,
        Ok(None) => (
            (lima_date(c.app.clock.now()), lima_date(c.app.clock.now())),
            vec![],
        ),
        Err(e) => return c.failure(lang, &e),
    };
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
    c.page(
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
    )
}

/// `GET /console/accounts/lista.xlsx` or `lista.csv`, with the page's `period`.
pub async fn download(
    State(c): State<Console>,
    signed: Signed,
    Path(file): Path<String>,
    Query(q): Query<PeriodQuery>,
) -> Response {
    if let Some(refused) = refusal(&c, &signed) {
        return refused;
    }
    let lang = signed.lang;
    let Some(format) = file.strip_prefix("lista.").and_then(FileFormat::parse) else {
        return c.notice(
            StatusCode::NOT_FOUND,
            lang,
            Some(&signed.viewer),
            "console-not-found-heading",
            c.t(lang, "console-download-unknown", &[]),
        );
    };
    let which = Period::parse(&q.period).unwrap_or(Period::Month);
    let ((from, _), rows) = match listed(&c, &signed, which).await {
        Ok(Some(found)) => found,
        Ok(None) => (
            (lima_date(c.app.clock.now()), lima_date(c.app.clock.now())),
            vec![],
        ),
        Err(e) => return c.failure(lang, &e),
    };
    let locales = &c.app.engine.locales;
    let notes = match format {
        FileFormat::Csv => vec![],
        FileFormat::Xlsx => sheet_notes(
            locales,
            lang,
            &c.t(lang, "staff-report-caption", &[]),
            lima_date(c.app.clock.now()),
        ),
    };
    let doc = Document::new(notes, vec![accounts_table(locales, lang, &rows)]);
    match doc.render(format) {
        Ok(bytes) => file_response(
            bytes,
            format.mime_type(),
            Disposition::Attachment,
            &format!("cuentas-creadas-{from}.{}", format.extension()),
        ),
        Err(e) => c.failure(lang, &e),
    }
}

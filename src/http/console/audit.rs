//! `GET /console/audit`: the record of reads of personal data for the DPO and
//! supervisors, as `audit dni` and `audit access` print it: a person's DNI (with
//! days) or an access's code (with a month), shown on the page or downloaded (CSV,
//! XLSX, PDF, or the one-page answer to the data subject). Everything is
//! `services::audit`'s, which asks the policy and records the read; this only parses
//! the form and renders.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::auth::Signed;
use super::error::ConsoleError;
use super::views::{Banner, Console, FileKind, attachment, report_download};
use crate::documents::table::sheet_notes;
use crate::domain::calendar::lima_date;
use crate::domain::policy::Report;
use crate::domain::values::Dni;
use crate::services::audit::{self, AuditError, AuditLine, Auditor};
use crate::store::personal_data::StaffReader;

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    dni: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    month: String,
    /// Empty: the page; `csv`, `xlsx`, `pdf`; `letter`: the data subject's PDF.
    #[serde(default)]
    format: String,
}

#[derive(Debug, Serialize)]
struct Line {
    at: String,
    entity: String,
    access: String,
    who: String,
    channel: String,
    action: String,
    what: String,
    person: String,
    rows: i64,
}

/// The person asked about and the days asked (a DNI search; none for an access's).
type Subject = (Dni, NaiveDate, NaiveDate);

fn day(typed: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(typed.trim(), "%Y-%m-%d").ok()
}

const REFUSED: &str = "console-audit-refused";

/// What a search found: the message for the page, the title of what was found, and
/// the reads with the person asked about (a DNI search; none for an access's).
#[derive(Default)]
struct Found {
    banner: Option<Banner>,
    title: String,
    reads: Option<(Vec<AuditLine>, Option<Subject>)>,
}

/// `GET /console/audit`: the search form, what it found, or what it found as a file
/// (`format`).
pub async fn view(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<AuditQuery>,
) -> Result<Response, ConsoleError> {
    signed.require(Report::AccessAudit, REFUSED)?;
    let found = search(&c, &signed, &q).await?;
    if let Some((lines, subject)) = &found.reads
        && let Some(file) = as_file(&c, signed.lang, &q.format, &found.title, lines, subject)?
    {
        return Ok(file);
    }
    Ok(page(&c, &signed, &q, &found))
}

/// The search the form asks for: by DNI (with days) or by an access's code (with a
/// month), through the audit service (it asks the policy and records the read).
async fn search(c: &Console, signed: &Signed, q: &AuditQuery) -> Result<Found, ConsoleError> {
    let lang = signed.lang;
    let member = &signed.session.member;
    let auditor = Auditor {
        who: crate::domain::policy::Who::Staff {
            id: member.id,
            roles: &member.roles,
        },
        reader: StaffReader::Console {
            staff_id: member.id,
        },
    };
    let locales = &c.app.engine.locales;
    let today = lima_date(c.app.clock.now());
    let now = c.app.clock.unix();
    let refused = |e: AuditError| match e {
        AuditError::NotAllowed => ConsoleError::Refused(REFUSED),
        AuditError::Store(e) => ConsoleError::Store(e),
        e => ConsoleError::Failed(e.to_string()),
    };
    let mut conn = c.app.store.pool.acquire().await?;
    if !q.dni.trim().is_empty() {
        let dni = match Dni::parse(&q.dni) {
            Ok(dni) => dni,
            Err(e) => {
                return Ok(Found {
                    banner: Some(Banner::problem(c.t(lang, e.key(), &[]))),
                    ..Found::default()
                });
            }
        };
        let from = day(&q.from).unwrap_or_else(|| today - chrono::Months::new(12));
        let to = day(&q.to).unwrap_or(today);
        let what = if q.format == "letter" {
            "dni_letter"
        } else {
            "dni"
        };
        let lines = audit::by_dni(
            &mut conn, locales, lang, &auditor, &dni, from, to, what, now,
        )
        .await
        .map_err(refused)?;
        return Ok(Found {
            banner: None,
            title: c.t(lang, "audit-dni-title", &[("dni", dni.as_str().into())]),
            reads: Some((lines, Some((dni, from, to)))),
        });
    }
    if q.code.trim().is_empty() {
        return Ok(Found::default());
    }
    let month = NaiveDate::parse_from_str(&format!("{}-01", q.month.trim()), "%Y-%m-%d")
        .unwrap_or_else(|_| chrono::Datelike::with_day(&today, 1).unwrap_or(today));
    match audit::by_access(&mut conn, locales, lang, &auditor, &q.code, month, now).await {
        Ok((access, lines)) => Ok(Found {
            banner: None,
            title: c.t(
                lang,
                "audit-access-title",
                &[
                    ("code", access.code.into()),
                    ("month", month.format("%Y-%m").to_string().into()),
                ],
            ),
            reads: Some((lines, None)),
        }),
        Err(AuditError::NoAccess(code)) => Ok(Found {
            banner: Some(Banner::problem(c.t(
                lang,
                "audit-no-access",
                &[("code", code.into())],
            ))),
            ..Found::default()
        }),
        Err(e) => Err(refused(e)),
    }
}

/// The reads found as the file `format` asks for (CSV, XLSX, PDF, or the data
/// subject's letter after a DNI search); none when it asks for the page.
fn as_file(
    c: &Console,
    lang: &'static str,
    format: &str,
    title: &str,
    lines: &[AuditLine],
    subject: &Option<Subject>,
) -> Result<Option<Response>, ConsoleError> {
    let locales = &c.app.engine.locales;
    let today = lima_date(c.app.clock.now());
    if let ("letter", Some((dni, from, to))) = (format, subject) {
        let letter = audit::subject_letter(locales, lang, dni, *from, *to, today, lines)
            .map_err(|e| ConsoleError::Failed(e.to_string()))?;
        return Ok(Some(attachment(letter, FileKind::Pdf, "auditoria")));
    }
    let Some((_, kind)) = FileKind::of_file(&format!("auditoria.{format}"), true) else {
        return Ok(None);
    };
    let notes = sheet_notes(locales, lang, title, today);
    let doc = audit::document(locales, lang, notes, lines);
    report_download(&doc, kind, title, "auditoria").map(Some)
}

/// The audit's page: the form as typed, and the reads found.
fn page(c: &Console, signed: &Signed, q: &AuditQuery, found: &Found) -> Response {
    let lang = signed.lang;
    let lines: Vec<Line> = found
        .reads
        .as_ref()
        .map(|(lines, _)| {
            lines
                .iter()
                .map(|l| Line {
                    at: l.at.format("%d/%m/%Y %H:%M").to_string(),
                    entity: l.entity.clone(),
                    access: l.access.clone().unwrap_or_default(),
                    who: l.who.clone(),
                    channel: l.channel.clone(),
                    action: c.t(lang, l.action.message_key(), &[]),
                    what: l.what.clone(),
                    person: l.person.clone().unwrap_or_default(),
                    rows: l.rows,
                })
                .collect()
        })
        .unwrap_or_default();
    c.page(
        StatusCode::OK,
        lang,
        "audit.html",
        Some(&signed.viewer),
        context! {
            banner => Value::from(Serde(&found.banner)),
            title => found.title.as_str(),
            searched => found.reads.is_some(),
            by_dni => found.reads.as_ref().is_some_and(|(_, s)| s.is_some()),
            lines => Value::from(Serde(&lines)),
            dni => q.dni.trim(),
            from => q.from.trim(),
            to => q.to.trim(),
            code => q.code.trim(),
            month => q.month.trim(),
        },
    )
}

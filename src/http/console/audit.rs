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
use super::views::{Banner, Console, Disposition, file_response};
use crate::documents::table::{FileFormat, sheet_notes};
use crate::domain::calendar::lima_date;
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

pub async fn view(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<AuditQuery>,
) -> Response {
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
    let refused = || {
        c.notice(
            StatusCode::FORBIDDEN,
            lang,
            Some(&signed.viewer),
            "console-refused-heading",
            c.t(lang, "console-audit-refused", &[]),
        )
    };
    if !signed.viewer.audit {
        return refused();
    }
    let locales = &c.app.engine.locales;
    let today = lima_date(c.app.clock.now());
    let now = c.app.clock.unix();
    let mut banner = None;
    let mut title = String::new();
    let mut found: Option<(Vec<AuditLine>, Option<Subject>)> = None;
    let mut conn = match c.app.store.pool.acquire().await {
        Ok(conn) => conn,
        Err(e) => return c.failure(lang, &e),
    };
    if !q.dni.trim().is_empty() {
        match Dni::parse(&q.dni) {
            Err(e) => banner = Some(Banner::problem(c.t(lang, e.key(), &[]))),
            Ok(dni) => {
                let from = day(&q.from).unwrap_or_else(|| today - chrono::Months::new(12));
                let to = day(&q.to).unwrap_or(today);
                let what = if q.format == "letter" {
                    "dni_letter"
                } else {
                    "dni"
                };
                match audit::by_dni(
                    &mut conn, locales, lang, &auditor, &dni, from, to, what, now,
                )
                .await
                {
                    Ok(lines) => {
                        title = c.t(lang, "audit-dni-title", &[("dni", dni.as_str().into())]);
                        found = Some((lines, Some((dni, from, to))));
                    }
                    Err(AuditError::NotAllowed) => return refused(),
                    Err(e) => return c.failure(lang, &e),
                }
            }
        }
    } else if !q.code.trim().is_empty() {
        let month = NaiveDate::parse_from_str(&format!("{}-01", q.month.trim()), "%Y-%m-%d")
            .unwrap_or_else(|_| chrono::Datelike::with_day(&today, 1).unwrap_or(today));
        match audit::by_access(&mut conn, locales, lang, &auditor, &q.code, month, now).await {
            Ok((access, lines)) => {
                title = c.t(
                    lang,
                    "audit-access-title",
                    &[
                        ("code", access.code.into()),
                        ("month", month.format("%Y-%m").to_string().into()),
                    ],
                );
                found = Some((lines, None));
            }
            Err(AuditError::NoAccess(code)) => {
                banner = Some(Banner::problem(c.t(
                    lang,
                    "audit-no-access",
                    &[("code", code.into())],
                )))
            }
            Err(AuditError::NotAllowed) => return refused(),
            Err(e) => return c.failure(lang, &e),
        }
    }
    drop(conn);
    if let Some((lines, subject)) = &found {
        let file = match (q.format.as_str(), subject) {
            ("letter", Some((dni, from, to))) => Some(
                audit::subject_letter(locales, lang, dni, *from, *to, today, lines)
                    .map(|b| (b, "application/pdf", "pdf")),
            ),
            ("pdf", _) => Some(
                audit::document(
                    locales,
                    lang,
                    sheet_notes(locales, lang, &title, today),
                    lines,
                )
                .to_pdf(&title)
                .map(|b| (b, "application/pdf", "pdf")),
            ),
            (f, _) => FileFormat::parse(f).map(|f| {
                audit::document(
                    locales,
                    lang,
                    sheet_notes(locales, lang, &title, today),
                    lines,
                )
                .render(f)
                .map(|b| (b, f.mime_type(), f.extension()))
            }),
        };
        match file {
            Some(Ok((bytes, mime, ext))) => {
                return file_response(
                    bytes,
                    mime,
                    Disposition::Attachment,
                    &format!("auditoria.{ext}"),
                );
            }
            Some(Err(e)) => return c.failure(lang, &e),
            None => {}
        }
    }
    let lines: Vec<Line> = found
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
            banner => Value::from(Serde(&banner)),
            title => title,
            searched => found.is_some(),
            by_dni => found.as_ref().is_some_and(|(_, s)| s.is_some()),
            lines => Value::from(Serde(&lines)),
            dni => q.dni.trim(),
            from => q.from.trim(),
            to => q.to.trim(),
            code => q.code.trim(),
            month => q.month.trim(),
        },
    )
}

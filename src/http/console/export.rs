//! `GET /console/export/requests.{xlsx|csv}`: UAC's export of the access requests,
//! as `report requests` writes it (`services::requests_export` asks the policy).

use axum::extract::{Path, State};
use axum::response::Response;

use super::auth::Signed;
use super::error::ConsoleError;
use super::views::{Console, FileKind, report_download};
use crate::documents::table::sheet_notes;
use crate::domain::calendar::lima_date;
use crate::domain::policy::Who;
use crate::services::requests_export::{ExportError, requests_document, requests_export};

pub async fn requests(
    State(c): State<Console>,
    signed: Signed,
    Path(file): Path<String>,
) -> Result<Response, ConsoleError> {
    let lang = signed.lang;
    let member = &signed.session.member;
    let kind = FileKind::of_file(&file, false)
        .filter(|(stem, _)| *stem == "requests")
        .map(|(_, kind)| kind)
        .ok_or(ConsoleError::NotFound("console-export-unknown"))?;
    let today = lima_date(c.app.clock.now());
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    // Reads only: beside the writer.
    let mut conn = c.app.store.read.acquire().await?;
    let settings = &c.app.settings;
    let calendar = &c.app.engine.calendar;
    let lines = match requests_export(&mut conn, who, &settings.terms, calendar, today).await {
        Ok(lines) => lines,
        Err(ExportError::NotAllowed) => {
            return Err(ConsoleError::Refused("console-export-refused"));
        }
        Err(ExportError::Store(e)) => return Err(e.into()),
    };
    drop(conn);
    let locales = &c.app.engine.locales;
    let title = locales.t(lang, "export-title");
    let notes = sheet_notes(locales, lang, &title, today);
    let doc = requests_document(locales, lang, notes, &lines);
    report_download(&doc, kind, &title, &format!("solicitudes-{today}"))
}

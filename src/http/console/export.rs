//! `GET /console/export/requests.{xlsx|csv}`: UAC's export of the access requests,
//! as `report requests` writes it (`services::requests_export` asks the policy).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::auth::Signed;
use super::views::{Console, Disposition, file_response};
use crate::documents::table::{FileFormat, sheet_notes};
use crate::domain::calendar::lima_date;
use crate::domain::policy::Who;
use crate::services::requests_export::{ExportError, requests_document, requests_export};

pub async fn requests(
    State(c): State<Console>,
    signed: Signed,
    Path(file): Path<String>,
) -> Response {
    let lang = signed.lang;
    let member = &signed.session.member;
    let format = match file.strip_prefix("requests.").and_then(FileFormat::parse) {
        Some(f) => f,
        None => {
            return c.notice(
                StatusCode::NOT_FOUND,
                lang,
                Some(&signed.viewer),
                "console-refused-heading",
                c.t(lang, "console-export-unknown", &[]),
            );
        }
    };
    let today = lima_date(c.app.clock.now());
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    // Reads only: beside the writer.
    let lines = match c.app.store.read.acquire().await {
        Ok(mut conn) => {
            requests_export(
                &mut conn,
                who,
                &c.app.settings.terms,
                &c.app.engine.calendar,
                today,
            )
            .await
        }
        Err(e) => return c.failure(lang, &e),
    };
    let lines = match lines {
        Ok(lines) => lines,
        Err(ExportError::NotAllowed) => {
            return c.notice(
                StatusCode::FORBIDDEN,
                lang,
                Some(&signed.viewer),
                "console-refused-heading",
                c.t(lang, "console-export-refused", &[]),
            );
        }
        Err(e) => return c.failure(lang, &e),
    };
    let locales = &c.app.engine.locales;
    let notes = match format {
        FileFormat::Csv => vec![],
        FileFormat::Xlsx => sheet_notes(locales, lang, &locales.t(lang, "export-title"), today),
    };
    match requests_document(locales, lang, notes, &lines).render(format) {
        Ok(bytes) => file_response(
            bytes,
            format.mime_type(),
            Disposition::Attachment,
            &format!("solicitudes-{today}.{}", format.extension()),
        ),
        Err(e) => c.failure(lang, &e),
    }
}

//! UAC's export of the requests it reviews, for its own reporting: one row per
//! request with its type, place, stage, the dates it went through, whether each
//! finished stay kept its term, and the responsible's DNI masked; no other personal
//! data, so it is not a read to record. The console and the CLI write it through the
//! one table writer (XLSX or CSV).

use chrono::NaiveDate;

use crate::documents::table::{Cell, Document, Table};
use crate::domain::calendar::{BusinessCalendar, lima_date};
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::domain::request::AccessType;
use crate::domain::stage::{Stage, Terms};
use crate::domain::ubigeo::Catalog;
use crate::i18n::Locales;
use crate::store::requests::{self, StageStep};
use crate::store::{Conn, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("not allowed to export the requests")]
    NotAllowed,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One request as the export shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLine {
    pub code: String,
    pub access_type: AccessType,
    /// `new`, `renewal`, `modification`.
    pub kind: &'static str,
    pub region: String,
    pub province: String,
    /// The district, or the entity's name for Otro Aliado.
    pub district: String,
    pub stage: Stage,
    pub filed_on: Option<NaiveDate>,
    /// When the signed DDC first reached UAC.
    pub ddc_on: Option<NaiveDate>,
    pub active_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    /// The current stage's term has passed.
    pub overdue: bool,
    /// Finished stays in a stage with a term, and how many kept it.
    pub stays: usize,
    pub stays_in_term: usize,
    pub resp_dni: String,
}

fn day(at: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(at, 0)
        .map(lima_date)
        .unwrap_or_default()
}

/// Every filed request, oldest first, for UAC and supervisors.
pub async fn requests_export(
    conn: &mut Conn,
    who: Who<'_>,
    terms: &Terms,
    calendar: &BusinessCalendar,
    today: NaiveDate,
) -> Result<Vec<RequestLine>, ExportError> {
    if !policy::decide(
        who,
        Act::SeePersonalData,
        Record::Report(Report::RequestsExport),
    )
    .allowed()
    {
        return Err(ExportError::NotAllowed);
    }
    let rows = requests::all_filed(conn).await?;
    let steps = requests::all_transitions(conn).await?;
    let catalog = Catalog::embedded();
    let mut lines = vec![];
    for r in rows {
        let mine: Vec<&StageStep> = steps.iter().filter(|s| s.request_id == r.id).collect();
        let reached = |stage: Stage| {
            mine.iter()
                .find(|s| s.to == stage.as_str())
                .map(|s| day(s.at))
        };
        let (mut stays, mut kept) = (0, 0);
        for pair in mine.windows(2) {
            let (enter, leave) = (pair[0], pair[1]);
            let Some(stage) = Stage::parse(&enter.to) else {
                continue;
            };
            if let Some(term) = terms.term_for(stage) {
                stays += 1;
                let took = calendar.business_days_between(day(enter.at), day(leave.at));
                if took <= i64::from(term) {
                    kept += 1;
                }
            }
        }
        let (region, province, district) = match r.access_type {
            AccessType::Local => r
                .data
                .ubigeo
                .as_ref()
                .and_then(|u| catalog.district(u))
                .map(|d| (d.department.clone(), d.province.clone(), d.name.clone()))
                .unwrap_or_else(|| (String::new(), String::new(), r.jurisdiction.clone())),
            AccessType::Regional => (r.jurisdiction_label(), String::new(), String::new()),
            AccessType::Other => (String::new(), String::new(), r.jurisdiction_label()),
        };
        lines.push(RequestLine {
            code: r.code.clone(),
            access_type: r.access_type,
            kind: r.kind.as_str(),
            region,
            province,
            district,
            stage: r.stage,
            filed_on: mine
                .iter()
                .find(|s| s.from == Stage::Draft.as_str())
                .map(|s| day(s.at))
                .or(Some(day(r.created_at))),
            ddc_on: reached(Stage::UacReview),
            active_on: reached(Stage::Active),
            due_on: r.stage_due_on,
            overdue: r.stage_due_on.is_some_and(|d| d < today),
            stays,
            stays_in_term: kept,
            resp_dni: r
                .data
                .resp_dni
                .as_ref()
                .map(|d| d.masked())
                .unwrap_or_default(),
        });
    }
    Ok(lines)
}

/// The export as a document, headed in the reader's language.
pub fn requests_document(
    locales: &Locales,
    lang: &str,
    notes: Vec<String>,
    lines: &[RequestLine],
) -> Document {
    let t = |k: &str| locales.t(lang, k);
    let header: Vec<String> = [
        "export-col-code",
        "export-col-type",
        "export-col-kind",
        "export-col-region",
        "export-col-province",
        "export-col-district",
        "export-col-stage",
        "export-col-filed",
        "export-col-ddc",
        "export-col-active",
        "export-col-due",
        "export-col-overdue",
        "export-col-stays",
        "export-col-in-term",
        "export-col-resp-dni",
    ]
    .iter()
    .map(|k| t(k))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(t("export-sheet"), &header);
    for l in lines {
        table.push(vec![
            Cell::text(&l.code),
            Cell::text(t(l.access_type.message_key())),
            Cell::text(t(&format!("export-kind-{}", l.kind))),
            Cell::text(&l.region),
            Cell::text(&l.province),
            Cell::text(&l.district),
            Cell::text(t(l.stage.message_key())),
            Cell::opt(l.filed_on, Cell::Date),
            Cell::opt(l.ddc_on, Cell::Date),
            Cell::opt(l.active_on, Cell::Date),
            Cell::opt(l.due_on, Cell::Date),
            Cell::text(t(if l.overdue { "export-yes" } else { "export-no" })),
            Cell::Int(i64::try_from(l.stays).unwrap_or(i64::MAX)),
            Cell::Int(i64::try_from(l.stays_in_term).unwrap_or(i64::MAX)),
            Cell::text(&l.resp_dni),
        ]);
    }
    Document::new(notes, vec![table])
}

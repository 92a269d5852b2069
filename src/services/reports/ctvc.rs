//! The "Matriz de atención de casos CTVC" (seed 001): each case of an
//! oficio, a row per critical point with UAC's answer, and the evidence the system
//! holds for the case's district: its accesses and their stage history, the
//! responsible (DNI masked), the tickets from those accesses with how fast they were
//! first answered, and usage by month.

use chrono::{Datelike, Months, NaiveDate};

use crate::documents::table::{Cell, Document, Table, sheet_notes};
use crate::domain::calendar::lima_datetime;
use crate::domain::request::AccessType;
use crate::domain::stage::Stage;
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::i18n::Locales;
use crate::store::ctvc::{self, CaseRow};
use crate::store::requests::{self, RequestRow, TransitionRow};
use crate::store::tickets::{self, TicketRow};
use crate::store::{Conn, StoreError};

use super::{AccessUsage, LessonDone, lessons_table};

/// Months of usage shown before (and including) the case's month; the months after
/// it, up to the report's, follow.
pub const USAGE_MONTHS: u32 = 12;

/// One access of the district and its stage history.
#[derive(Debug, Clone)]
pub struct AccessEvidence {
    pub access: RequestRow,
    pub history: Vec<TransitionRow>,
    pub tickets: Vec<TicketRow>,
    /// (first day of the month, that month's usage of this access), months it was counted.
    pub usage: Vec<(NaiveDate, AccessUsage)>,
    /// The lessons its people finished in the chat (dates, lesson, score).
    pub lessons: Vec<LessonDone>,
}

/// A case and what the system holds for its district.
#[derive(Debug, Clone)]
pub struct CaseEvidence {
    pub case: CaseRow,
    /// "Acoria (Huancavelica, Huancavelica)"; the bare ubigeo if not in the catalog.
    pub district: String,
    pub accesses: Vec<AccessEvidence>,
}

#[derive(Debug, Clone)]
pub struct CtvcReport {
    pub oficio: String,
    pub as_of: NaiveDate,
    pub cases: Vec<CaseEvidence>,
}

#[derive(Debug, thiserror::Error)]
pub enum CtvcError {
    #[error("no CTVC case is registered under oficio {0:?}")]
    NoOficio(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Gathers the cases of `oficio` and their districts' evidence, as of `as_of`.
pub async fn ctvc_report(
    conn: &mut Conn,
    oficio: &str,
    as_of: NaiveDate,
) -> Result<CtvcReport, CtvcError> {
    let cases = ctvc::by_oficio(conn, oficio).await?;
    if cases.is_empty() {
        return Err(CtvcError::NoOficio(oficio.to_owned()));
    }
    let mut out = vec![];
    for case in cases {
        let district = Ubigeo::parse(&case.ubigeo)
            .ok()
            .and_then(|u| Catalog::embedded().district(&u).map(|d| d.label()))
            .unwrap_or_else(|| case.ubigeo.clone());
        let mut accesses = vec![];
        for access in requests::all_in(conn, AccessType::Local, &case.ubigeo).await? {
            let history = requests::transitions(conn, access.id).await?;
            let tickets = tickets::for_request(conn, access.id).await?;
            let lessons = crate::store::lessons::done_for_access(conn, access.id)
                .await?
                .iter()
                .map(|done| LessonDone::of(&access.code, done))
                .collect();
            accesses.push(AccessEvidence {
                access,
                history,
                tickets,
                usage: vec![],
                lessons,
            });
        }
        if !accesses.is_empty() {
            let first_of = |d: NaiveDate| d.with_day0(0).unwrap_or(d);
            let case_month = first_of(case.received_on);
            let first = case_month
                .checked_sub_months(Months::new(USAGE_MONTHS - 1))
                .unwrap_or(case_month);
            // Up to the report's month too (what changed after the alert), at most
            // twice the months before it.
            let last = first_of(as_of).max(case_month).min(
                case_month
                    .checked_add_months(Months::new(USAGE_MONTHS))
                    .unwrap_or(case_month),
            );
            let mut month = first;
            while month <= last {
                let report = super::usage(conn, month, as_of).await?;
                for a in &mut accesses {
                    if let Some(u) = report.accesses.iter().find(|u| u.code == a.access.code) {
                        a.usage.push((month, u.clone()));
                    }
                }
                let Some(next) = month.checked_add_months(Months::new(1)) else {
                    break;
                };
                month = next;
            }
        }
        out.push(CaseEvidence {
            case,
            district,
            accesses,
        });
    }
    Ok(CtvcReport {
        oficio: oficio.to_owned(),
        as_of,
        cases: out,
    })
}

fn stage_label(locales: &Locales, lang: &str, id: &str) -> String {
    Stage::parse(id).map_or_else(|| id.to_owned(), |s| locales.t(lang, s.message_key()))
}

fn lima(at: i64) -> Cell {
    Cell::opt(chrono::DateTime::from_timestamp(at, 0), |d| {
        Cell::DateTime(lima_datetime(d))
    })
}

/// "11/2025": the first month of usage counted for the case.
fn first_usage_month(case: &CaseEvidence) -> String {
    let d = case.case.received_on;
    d.with_day0(0)
        .and_then(|m| m.checked_sub_months(Months::new(USAGE_MONTHS - 1)))
        .unwrap_or(d)
        .format("%m/%Y")
        .to_string()
}

/// What the system holds for the district, in one sentence for the matrix's
/// "evidencia" column; the sheets after it give the detail.
fn evidence_summary(locales: &Locales, lang: &str, case: &CaseEvidence) -> String {
    if case.accesses.is_empty() {
        return locales.t(lang, "ctvc-evidence-none");
    }
    let codes: Vec<String> = case
        .accesses
        .iter()
        .map(|a| {
            format!(
                "{} ({})",
                a.access.code,
                locales.t(lang, a.access.stage.message_key())
            )
        })
        .collect();
    let tickets: Vec<&TicketRow> = case.accesses.iter().flat_map(|a| &a.tickets).collect();
    let waits: Vec<i64> = tickets
        .iter()
        .filter_map(|t| t.first_response_at.map(|at| (at - t.opened_at).max(0) / 60))
        .collect();
    let average = if waits.is_empty() {
        0
    } else {
        waits.iter().sum::<i64>() / i64::try_from(waits.len()).unwrap_or(1)
    };
    let sessions: i64 = case
        .accesses
        .iter()
        .flat_map(|a| &a.usage)
        .map(|(_, u)| u.sessions)
        .sum();
    locales.t_args(
        lang,
        "ctvc-evidence",
        &[
            ("accesses", codes.join(", ").into()),
            ("tickets", tickets.len().into()),
            ("answered", waits.len().into()),
            ("minutes", average.into()),
            ("sessions", sessions.into()),
            ("since", first_usage_month(case).into()),
        ],
    )
}

/// The matrix and the district's evidence as tables (XLSX sheets, PDF sections, CSV
/// blocks).
pub fn ctvc_document(locales: &Locales, lang: &str, report: &CtvcReport) -> Document {
    let t = |key: &str| locales.t(lang, key);
    let title = locales.t_args(
        lang,
        "ctvc-title",
        &[("oficio", report.oficio.clone().into())],
    );
    let notes = sheet_notes(locales, lang, &title, report.as_of);
    let mut matrix = Table::new(
        t("ctvc-sheet-matrix"),
        &[
            &t("ctvc-col-case"),
            &t("ctvc-col-oficio"),
            &t("ctvc-col-date"),
            &t("ctvc-col-ubigeo"),
            &t("ctvc-col-district"),
            &t("ctvc-col-point"),
            &t("ctvc-col-fact"),
            &t("ctvc-col-answer"),
            &t("ctvc-col-evidence"),
            &t("ctvc-col-actions"),
            &t("ctvc-col-improvements"),
        ],
    );
    let mut accesses = Table::new(
        t("ctvc-sheet-accesses"),
        &[
            &t("ctvc-col-case"),
            &t("ctvc-col-access"),
            &t("ctvc-col-stage"),
            &t("ctvc-col-fiscal-year"),
            &t("ctvc-col-responsible"),
            &t("ctvc-col-responsible-dni"),
            &t("ctvc-col-office"),
            &t("ctvc-col-created"),
        ],
    );
    let mut history = Table::new(
        t("ctvc-sheet-history"),
        &[
            &t("ctvc-col-case"),
            &t("ctvc-col-access"),
            &t("ctvc-col-when"),
            &t("ctvc-col-from"),
            &t("ctvc-col-to"),
        ],
    );
    let mut tickets = Table::new(
        t("ctvc-sheet-tickets"),
        &[
            &t("ctvc-col-case"),
            &t("ctvc-col-access"),
            &t("ctvc-col-ticket"),
            &t("ctvc-col-category"),
            &t("ctvc-col-ticket-state"),
            &t("ctvc-col-opened"),
            &t("ctvc-col-first-response"),
            &t("ctvc-col-wait"),
            &t("ctvc-col-in-term"),
            &t("ctvc-col-rating"),
        ],
    );
    let mut usage = Table::new(
        t("ctvc-sheet-usage"),
        &[
            &t("ctvc-col-case"),
            &t("ctvc-col-access"),
            &t("ctvc-col-month"),
            &t("usage-col-sessions"),
            &t("usage-col-downloads"),
            &t("usage-col-views"),
            &t("usage-col-requests"),
            &t("usage-col-last"),
        ],
    );
    for c in &report.cases {
        let evidence = evidence_summary(locales, lang, c);
        let number = || Cell::text(&c.case.case_number);
        for p in &c.case.points {
            let answer = match p.founded {
                Some(true) => t("ctvc-founded"),
                Some(false) => t("ctvc-unfounded"),
                None => t("ctvc-unanswered"),
            };
            matrix.push(vec![
                number(),
                Cell::text(&c.case.oficio),
                Cell::Date(c.case.received_on),
                Cell::text(&c.case.ubigeo),
                Cell::text(&c.district),
                Cell::Int(p.position),
                Cell::text(&p.fact),
                Cell::Text(answer),
                Cell::text(&evidence),
                Cell::opt(p.actions.clone(), Cell::Text),
                Cell::opt(p.improvements.clone(), Cell::Text),
            ]);
        }
        for a in &c.accesses {
            let row = &a.access;
            let code = || Cell::text(&row.code);
            let person = [&row.data.resp_names, &row.data.resp_surnames]
                .iter()
                .filter_map(|n| n.as_ref().map(|n| n.to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            accesses.push(vec![
                number(),
                code(),
                Cell::text(locales.t(lang, row.stage.message_key())),
                Cell::Int(i64::from(row.fiscal_year)),
                Cell::Text(person),
                Cell::opt(row.data.resp_dni.as_ref(), |d| Cell::Text(d.masked())),
                Cell::opt(row.data.resp_office.as_ref(), |o| Cell::text(o.to_string())),
                lima(row.created_at),
            ]);
            for step in &a.history {
                history.push(vec![
                    number(),
                    code(),
                    lima(step.at),
                    Cell::Text(stage_label(locales, lang, &step.from)),
                    Cell::Text(stage_label(locales, lang, &step.to)),
                ]);
            }
            for tk in &a.tickets {
                let wait = tk.first_response_at.map(|at| (at - tk.opened_at).max(0));
                let in_term = tk
                    .first_response_at
                    .map(|at| at <= tk.first_response_due_at);
                tickets.push(vec![
                    number(),
                    code(),
                    Cell::text(&tk.code),
                    Cell::Text(t(tk.category.message_key())),
                    Cell::Text(t(tk.state.message_key())),
                    lima(tk.opened_at),
                    Cell::opt(tk.first_response_at, lima),
                    Cell::opt(wait, Cell::Duration),
                    Cell::opt(in_term, |ok| {
                        Cell::Text(t(if ok { "ctvc-yes" } else { "ctvc-no" }))
                    }),
                    Cell::opt(tk.rating, Cell::Int),
                ]);
            }
            for (month, u) in &a.usage {
                usage.push(vec![
                    number(),
                    code(),
                    Cell::text(month.format("%Y-%m").to_string()),
                    Cell::Int(u.sessions),
                    Cell::Int(u.downloads),
                    Cell::Int(u.views),
                    Cell::Int(u.requests_sent),
                    Cell::opt(u.last_connection, Cell::DateTime),
                ]);
            }
        }
    }
    let lessons = lessons_table(
        locales,
        lang,
        &[t("ctvc-col-case")],
        report.cases.iter().flat_map(|c| {
            c.accesses
                .iter()
                .flat_map(|a| &a.lessons)
                .map(move |l| (vec![Cell::text(&c.case.case_number)], l))
        }),
    );
    Document::new(
        notes,
        vec![matrix, accesses, history, tickets, usage, lessons],
    )
}

/// The title of the PDF and of the first note line.
pub fn ctvc_title(locales: &Locales, lang: &str, oficio: &str) -> String {
    locales.t_args(lang, "ctvc-title", &[("oficio", oficio.to_owned().into())])
}

/// Records the matrix's reads of personal data (Ley 29733): one per access whose
/// evidence it shows, by a staff member in the console or the operator at the
/// command line (`staff_id` `None`), so both doors leave the same trace.
pub async fn record_reads(
    conn: &mut Conn,
    report: &CtvcReport,
    reader: crate::store::personal_data::StaffReader<'_>,
    now: i64,
) -> Result<(), StoreError> {
    for access in report.cases.iter().flat_map(|case| &case.accesses) {
        crate::store::personal_data::record_staff_read(
            conn,
            reader,
            access.access.id,
            crate::store::personal_data::AccessAction::Report,
            "ctvc_matrix",
            now,
        )
        .await?;
    }
    Ok(())
}

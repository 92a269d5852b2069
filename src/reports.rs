//! Reports the program hands on, built from what the store holds: the monthly
//! tickets statistics (counts by category, first-response time, ratings) and the
//! monthly usage per ally access (DESIGN §7), each as tables of the one table writer
//! (`documents::table`: XLSX or CSV).

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate, NaiveDateTime};

use crate::documents::table::{Cell, ColumnChart, Document, Table, sheet_notes};
use crate::domain::calendar::{lima_datetime, month_bounds};
use crate::domain::request::AccessType;
use crate::domain::ticket::{Category, TicketState};
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::i18n::Locales;
use crate::store::requests::{self, RequestRow};
use crate::store::tickets::TicketRow;
use crate::store::{Conn, StoreError, usage_report};

/// One line of the monthly report: a category, or every category (`None`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CategoryStats {
    pub category: Option<Category>,
    pub received: usize,
    pub closed: usize,
    pub answered: usize,
    pub answered_in_term: usize,
    /// Minutes from opening to the first answer (wall clock), over answered tickets.
    pub first_response_avg_minutes: Option<i64>,
    pub first_response_max_minutes: Option<i64>,
    pub rated: usize,
    pub rating_avg: Option<f64>,
}

/// Counts by category, first-response time and ratings for a set of tickets; the last
/// line is the total.
pub fn ticket_stats(rows: &[TicketRow]) -> Vec<CategoryStats> {
    let line = |category: Option<Category>| {
        let mine: Vec<&TicketRow> = rows
            .iter()
            .filter(|r| category.is_none_or(|c| r.category == c))
            .collect();
        let waits: Vec<i64> = mine
            .iter()
            .filter_map(|r| r.first_response_at.map(|at| (at - r.opened_at).max(0) / 60))
            .collect();
        let ratings: Vec<i64> = mine.iter().filter_map(|r| r.rating).collect();
        CategoryStats {
            category,
            received: mine.len(),
            closed: mine
                .iter()
                .filter(|r| r.state == TicketState::Closed)
                .count(),
            answered: waits.len(),
            answered_in_term: mine
                .iter()
                .filter(|r| {
                    r.first_response_at
                        .is_some_and(|at| at <= r.first_response_due_at)
                })
                .count(),
            first_response_avg_minutes: (!waits.is_empty())
                .then(|| waits.iter().sum::<i64>() / waits.len() as i64),
            first_response_max_minutes: waits.iter().copied().max(),
            rated: ratings.len(),
            rating_avg: (!ratings.is_empty())
                .then(|| ratings.iter().sum::<i64>() as f64 / ratings.len() as f64),
        }
    };
    let mut out: Vec<CategoryStats> = Category::ALL.into_iter().map(|c| line(Some(c))).collect();
    out.push(line(None));
    out
}

/// The monthly report as a table (header, a row per category, then `total`).
pub fn tickets_table(name: &str, stats: &[CategoryStats]) -> Table {
    let mut table = Table::new(
        name,
        &[
            "category",
            "received",
            "closed",
            "answered",
            "answered_in_term",
            "first_response_avg_minutes",
            "first_response_max_minutes",
            "rated",
            "rating_avg",
        ],
    );
    let count = |n: usize| Cell::Int(i64::try_from(n).unwrap_or(i64::MAX));
    for s in stats {
        table.push(vec![
            Cell::text(s.category.map_or("total", Category::as_str)),
            count(s.received),
            count(s.closed),
            count(s.answered),
            count(s.answered_in_term),
            Cell::opt(s.first_response_avg_minutes, Cell::Int),
            Cell::opt(s.first_response_max_minutes, Cell::Int),
            count(s.rated),
            Cell::opt(s.rating_avg, |a| Cell::Num(a, 1)),
        ]);
    }
    table
}

/// One ally access's month (DESIGN §7, seed 003's columns). Counted from the events
/// of the chats bound to the access while they were bound; staff chats never count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AccessUsage {
    pub code: String,
    pub access_type: Option<AccessType>,
    /// Otro Aliado: the entity.
    pub entity: String,
    pub ubigeo: String,
    pub region: String,
    pub province: String,
    pub district: String,
    /// "Ingresos": sessions (a silence over `session_idle_minutes` starts a new one).
    pub sessions: i64,
    pub downloads: i64,
    /// Uses of each query button, by [`QUERIES`].
    pub queries: BTreeMap<String, i64>,
    /// Alerts and data updates (FAD) sent.
    pub requests_sent: i64,
    /// Lima time.
    pub last_connection: Option<NaiveDateTime>,
    /// From a session's first to its last event, averaged over sessions.
    pub average_session_secs: i64,
    /// Answers the bot gave.
    pub views: i64,
    /// Distinct pages (menu or query) seen in a session, added over sessions.
    pub unique_views: i64,
    /// Sessions of a single interaction, over sessions.
    pub bounce_pct: f64,
    /// Views that were the last of their session, over views.
    pub exit_pct: f64,
}

/// How many sessions ended at each page (the last answer they saw).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageExits {
    pub page: String,
    pub views: i64,
    pub exits: i64,
}

/// The month's report: a row per access (Gobiernos first, then Otros Aliados, each
/// by code) and the exits by page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageReport {
    pub month: NaiveDate,
    pub accesses: Vec<AccessUsage>,
    pub exits: Vec<PageExits>,
}

/// The queries the report counts, by the detail recorded with each query event.
pub const QUERIES: [&str; 4] = ["vigentes", "suspendidos", "desafiliados", "menores"];

/// One session's events: first and last instant, messages, pages in order.
#[derive(Default)]
struct Session {
    first: i64,
    last: i64,
    messages: i64,
    pages: Vec<String>,
}

/// The usage report of the month that starts on `month`.
pub async fn usage(conn: &mut Conn, month: NaiveDate) -> Result<UsageReport, StoreError> {
    let (from, until) = month_bounds(month);
    let events = usage_report::access_events(conn, from, until).await?;
    let mut accesses: BTreeMap<i64, RequestRow> = usage_report::active_between(conn, from, until)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    for e in &events {
        if !accesses.contains_key(&e.request_id)
            && let Some(row) = requests::get(conn, e.request_id).await?
        {
            accesses.insert(row.id, row);
        }
    }
    let mut exits: BTreeMap<String, PageExits> = BTreeMap::new();
    let mut out = vec![];
    for (id, access) in accesses {
        let mut u = access_place(&access);
        let mut sessions: BTreeMap<i64, Session> = BTreeMap::new();
        let mut last = None;
        for e in events.iter().filter(|e| e.request_id == id) {
            last = Some(e.at);
            let detail = e.detail.clone().unwrap_or_default();
            match e.kind.as_str() {
                "download" => u.downloads += 1,
                "request_sent" => u.requests_sent += 1,
                "query" if QUERIES.contains(&detail.as_str()) => {
                    *u.queries.entry(detail.clone()).or_default() += 1
                }
                "view" => u.views += 1,
                _ => {}
            }
            let Some(sid) = e.session_id else { continue };
            let s = sessions.entry(sid).or_insert(Session {
                first: e.at,
                last: e.at,
                ..Session::default()
            });
            s.first = s.first.min(e.at);
            s.last = s.last.max(e.at);
            match e.kind.as_str() {
                "message" => s.messages += 1,
                "view" => {
                    s.pages.push(detail.clone());
                    exits
                        .entry(detail.clone())
                        .or_insert_with(|| PageExits {
                            page: detail.clone(),
                            ..PageExits::default()
                        })
                        .views += 1;
                }
                _ => {}
            }
        }
        u.last_connection = last
            .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
            .map(lima_datetime);
        let n = sessions.len();
        u.sessions = i64::try_from(n).unwrap_or(i64::MAX);
        if n > 0 {
            let total: i64 = sessions.values().map(|s| s.last - s.first).sum();
            u.average_session_secs = total / u.sessions;
            let single = sessions.values().filter(|s| s.messages <= 1).count();
            u.bounce_pct = 100.0 * single as f64 / n as f64;
        }
        let mut ended = 0;
        for s in sessions.values() {
            let distinct: std::collections::BTreeSet<&String> = s.pages.iter().collect();
            u.unique_views += i64::try_from(distinct.len()).unwrap_or(0);
            if let Some(page) = s.pages.last() {
                ended += 1;
                if let Some(p) = exits.get_mut(page) {
                    p.exits += 1;
                }
            }
        }
        if u.views > 0 {
            u.exit_pct = 100.0 * ended as f64 / u.views as f64;
        }
        out.push(u);
    }
    // Gobiernos (local, then regional) first, then Otros Aliados; by code within.
    out.sort_by_key(|u| (u.access_type == Some(AccessType::Other), u.code.clone()));
    Ok(UsageReport {
        month,
        accesses: out,
        exits: exits.into_values().collect(),
    })
}

/// The access's code and place: a district for a Gobierno Local, a region for a
/// Gobierno Regional, the entity for an Otro Aliado.
fn access_place(access: &RequestRow) -> AccessUsage {
    let catalog = Catalog::embedded();
    let mut u = AccessUsage {
        code: access.code.clone(),
        access_type: Some(access.access_type),
        ..AccessUsage::default()
    };
    match access.access_type {
        AccessType::Local => {
            if let Some(d) = Ubigeo::parse(&access.jurisdiction)
                .ok()
                .and_then(|c| catalog.district(&c))
            {
                u.ubigeo = d.code.as_str().to_owned();
                u.region = d.department.clone();
                u.province = d.province.clone();
                u.district = d.name.clone();
            }
        }
        AccessType::Regional => {
            u.ubigeo = access.jurisdiction.clone();
            u.region = catalog
                .region_name(&access.jurisdiction)
                .unwrap_or_default();
        }
        AccessType::Other => {
            u.entity = access
                .data
                .entity_name
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_default();
        }
    }
    u
}

/// The report as a workbook: Gobiernos Locales/Regionales, Otros Aliados (the two
/// matrices of seed 003), sessions by region with a chart, exits by page.
pub fn usage_document(locales: &Locales, lang: &str, report: &UsageReport) -> Document {
    let t = |key: &str| locales.t(lang, key);
    let month = report.month.format("%m/%Y").to_string();
    let title = locales.t_args(lang, "usage-title", &[("month", month.into())]);
    let last_day = report
        .month
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(report.month);
    let notes = sheet_notes(locales, lang, &title, last_day);
    let (governments, others): (Vec<&AccessUsage>, Vec<&AccessUsage>) = report
        .accesses
        .iter()
        .partition(|u| u.access_type != Some(AccessType::Other));
    let mut regions: BTreeMap<String, i64> = BTreeMap::new();
    for u in &governments {
        *regions.entry(u.region.clone()).or_default() += u.sessions;
    }
    let others_sessions: i64 = others.iter().map(|u| u.sessions).sum();
    let mut by_region = Table::new(
        t("usage-sheet-regions"),
        &[&t("usage-col-region"), &t("usage-col-sessions")],
    );
    for (region, n) in regions {
        by_region.push(vec![Cell::Text(region), Cell::Int(n)]);
    }
    if !others.is_empty() {
        by_region.push(vec![
            Cell::text(t("usage-others-row")),
            Cell::Int(others_sessions),
        ]);
    }
    by_region.chart = Some(ColumnChart {
        title: t("usage-chart-title"),
        labels: 0,
        values: 1,
    });
    let mut pages = Table::new(
        t("usage-sheet-exits"),
        &[
            &t("usage-col-page"),
            &t("usage-col-views"),
            &t("usage-col-exits"),
            &t("usage-col-exit-share"),
        ],
    );
    let sessions: i64 = report.accesses.iter().map(|u| u.sessions).sum();
    for p in &report.exits {
        pages.push(vec![
            Cell::text(&p.page),
            Cell::Int(p.views),
            Cell::Int(p.exits),
            Cell::Num(pct(p.exits, sessions), 1),
        ]);
    }
    Document::new(
        notes,
        vec![
            usage_table(
                locales,
                lang,
                &t("usage-sheet-governments"),
                &governments,
                Matrix::Governments,
            ),
            usage_table(
                locales,
                lang,
                &t("usage-sheet-others"),
                &others,
                Matrix::Others,
            ),
            by_region,
            pages,
        ],
    )
}

/// The report as one CSV table: every access, both matrices' columns and its type.
pub fn usage_csv(locales: &Locales, lang: &str, report: &UsageReport) -> Document {
    let all: Vec<&AccessUsage> = report.accesses.iter().collect();
    Document::new(
        vec![],
        vec![usage_table(locales, lang, "uso", &all, Matrix::All)],
    )
}

fn pct(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Matrix {
    Governments,
    Others,
    All,
}

fn usage_table(
    locales: &Locales,
    lang: &str,
    name: &str,
    rows: &[&AccessUsage],
    matrix: Matrix,
) -> Table {
    let t = |key: &str| locales.t(lang, key);
    let mut header = vec![t("usage-col-code")];
    if matrix == Matrix::All {
        header.push(t("usage-col-type"));
    }
    if matrix != Matrix::Governments {
        header.push(t("usage-col-entity"));
    }
    for key in [
        "usage-col-ubigeo",
        "usage-col-region",
        "usage-col-province",
        "usage-col-district",
        "usage-col-sessions",
        "usage-col-downloads",
        "usage-col-vigentes",
        "usage-col-suspendidos",
        "usage-col-desafiliados",
    ] {
        header.push(t(key));
    }
    if matrix != Matrix::Others {
        header.push(t("usage-col-menores"));
    }
    for key in [
        "usage-col-requests",
        "usage-col-last",
        "usage-col-average",
        "usage-col-views",
        "usage-col-unique",
        "usage-col-bounce",
        "usage-col-exit",
    ] {
        header.push(t(key));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(name, &header);
    for u in rows {
        let q = |name: &str| Cell::Int(u.queries.get(name).copied().unwrap_or(0));
        let mut row = vec![Cell::text(&u.code)];
        if matrix == Matrix::All {
            row.push(Cell::text(u.access_type.map_or("", AccessType::as_str)));
        }
        if matrix != Matrix::Governments {
            row.push(Cell::text(&u.entity));
        }
        row.extend([
            Cell::text(&u.ubigeo),
            Cell::text(&u.region),
            Cell::text(&u.province),
            Cell::text(&u.district),
            Cell::Int(u.sessions),
            Cell::Int(u.downloads),
            q("vigentes"),
            q("suspendidos"),
            q("desafiliados"),
        ]);
        if matrix != Matrix::Others {
            row.push(q("menores"));
        }
        row.extend([
            Cell::Int(u.requests_sent),
            Cell::opt(u.last_connection, Cell::DateTime),
            Cell::Duration(u.average_session_secs),
            Cell::Int(u.views),
            Cell::Int(u.unique_views),
            Cell::Num(u.bounce_pct, 1),
            Cell::Num(u.exit_pct, 1),
        ]);
        table.push(row);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tickets::TicketContext;

    fn row(category: Category, opened: i64, first: Option<i64>, rating: Option<i64>) -> TicketRow {
        TicketRow {
            id: opened,
            code: String::new(),
            category,
            state: if rating.is_some() {
                TicketState::Closed
            } else {
                TicketState::Open
            },
            channel: "telegram".into(),
            chat_id: "1".into(),
            locale: "es".into(),
            request_id: None,
            context: TicketContext::default(),
            specialist_id: None,
            opened_at: opened,
            first_response_due_at: opened + 4 * 3600,
            taken_at: None,
            first_response_at: first,
            closed_at: None,
            closed_by: None,
            resolution: None,
            rating,
            rating_comment: None,
        }
    }

    #[test]
    fn monthly_stats_count_by_category_with_wait_and_rating() {
        let rows = [
            row(Category::Reclamo, 0, Some(30 * 60), Some(4)),
            row(Category::Reclamo, 100, Some(100 + 5 * 3600), Some(2)),
            row(Category::Consulta, 200, None, None),
        ];
        let stats = ticket_stats(&rows);
        let reclamo = stats
            .iter()
            .find(|s| s.category == Some(Category::Reclamo))
            .cloned()
            .unwrap_or_default();
        assert_eq!(reclamo.received, 2);
        assert_eq!(reclamo.closed, 2);
        assert_eq!(reclamo.answered, 2);
        assert_eq!(reclamo.answered_in_term, 1);
        assert_eq!(reclamo.first_response_avg_minutes, Some((30 + 300) / 2));
        assert_eq!(reclamo.first_response_max_minutes, Some(300));
        assert_eq!(reclamo.rating_avg, Some(3.0));
        let total = stats.last().cloned().unwrap_or_default();
        assert_eq!((total.category, total.received, total.rated), (None, 3, 2));
        let csv = String::from_utf8(tickets_table("t", &stats).to_csv()).unwrap_or_default();
        assert!(csv.contains("\nreclamo,2,2,2,1,165,300,2,3.0\n"), "{csv}");
        assert!(csv.ends_with("total,3,2,2,1,165,300,2,3.0\n"), "{csv}");
    }
}

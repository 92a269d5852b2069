//! Reports the program hands on, built from what the store holds: the monthly
//! tickets statistics (counts by category, first-response time, ratings) and the
//! monthly usage per ally, each as a table written by the one CSV writer.

use crate::documents::table::write_csv;
use crate::domain::calendar::{BusinessCalendar, lima_date};
use crate::domain::stage::Stage;
use crate::domain::ticket::{Category, TicketState};
use crate::store::requests::StageStep;
use crate::store::tickets::TicketRow;
use crate::store::usage_report::{AllyUsage, QUERIES};

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

/// The monthly report as CSV (header, a row per category, then `total`).
pub fn tickets_csv(stats: &[CategoryStats]) -> String {
    let header = [
        "category",
        "received",
        "closed",
        "answered",
        "answered_in_term",
        "first_response_avg_minutes",
        "first_response_max_minutes",
        "rated",
        "rating_avg",
    ];
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let rows = stats.iter().map(|s| {
        vec![
            s.category.map_or("total", Category::as_str).to_owned(),
            s.received.to_string(),
            s.closed.to_string(),
            s.answered.to_string(),
            s.answered_in_term.to_string(),
            opt(s.first_response_avg_minutes),
            opt(s.first_response_max_minutes),
            s.rated.to_string(),
            s.rating_avg.map(|a| format!("{a:.1}")).unwrap_or_default(),
        ]
    });
    String::from_utf8(write_csv(&header, rows)).unwrap_or_default()
}

/// The monthly usage report as CSV (chats masked).
pub fn usage_csv(rows: &[AllyUsage]) -> String {
    let mut header = vec![
        "ubigeo",
        "region",
        "provincia",
        "distrito",
        "canal",
        "chat",
        "sesiones",
        "descargas",
    ];
    let query_cols: Vec<String> = QUERIES.iter().map(|q| format!("consultas_{q}")).collect();
    header.extend(query_cols.iter().map(String::as_str));
    header.extend([
        "solicitudes_enviadas",
        "ultima_conexion",
        "tiempo_promedio_sesion_min",
        "mensajes",
        "sesiones_una_interaccion_pct",
    ]);
    let records = rows.iter().map(|r| {
        let last = chrono::DateTime::from_timestamp(r.last_connection, 0)
            .map(|d| {
                crate::domain::calendar::lima_datetime(d)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        let mut record = vec![
            r.ubigeo.clone(),
            r.region.clone(),
            r.province.clone(),
            r.district.clone(),
            r.channel.clone(),
            r.chat.clone(),
            r.sessions.to_string(),
            r.downloads.to_string(),
        ];
        record.extend(
            QUERIES
                .iter()
                .map(|q| r.queries.get(*q).copied().unwrap_or(0).to_string()),
        );
        record.extend([
            r.requests_sent.to_string(),
            last,
            format!("{:.1}", r.average_session_secs as f64 / 60.0),
            r.messages.to_string(),
            format!("{:.0}", r.single_interaction_pct),
        ]);
        record
    });
    String::from_utf8(write_csv(&header, records)).unwrap_or_default()
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
        let csv = tickets_csv(&stats);
        assert!(csv.contains("\nreclamo,2,2,2,1,165,300,2,3.0\n"), "{csv}");
        assert!(csv.ends_with("total,3,2,2,1,165,300,2,3.0\n"), "{csv}");
    }
}

/// Time spent in one stage, in business days, over the stays that ended.
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    pub stage: Stage,
    pub stays: usize,
    pub median: Option<i64>,
    pub p90: Option<i64>,
}

/// How long requests stayed in each of `stages` (entered, then left), in business
/// days (Lima dates): the median and the 90th percentile (nearest rank).
pub fn stage_times(
    steps: &[StageStep],
    stages: &[Stage],
    calendar: &BusinessCalendar,
) -> Vec<StageTime> {
    let day = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .map(lima_date)
            .unwrap_or_default()
    };
    let mut spans: Vec<(Stage, i64)> = vec![];
    for pair in steps.windows(2) {
        let (enter, leave) = (&pair[0], &pair[1]);
        if enter.request_id != leave.request_id || enter.to != leave.from {
            continue;
        }
        if let Some(stage) = Stage::parse(&enter.to) {
            let days = calendar.business_days_between(day(enter.at), day(leave.at));
            spans.push((stage, days.max(0)));
        }
    }
    stages
        .iter()
        .map(|stage| {
            let mut days: Vec<i64> = spans
                .iter()
                .filter(|(s, _)| s == stage)
                .map(|(_, d)| *d)
                .collect();
            days.sort_unstable();
            let rank = |p: usize| {
                // Nearest rank: the smallest value with at least p% at or below it.
                let n = days.len();
                (n > 0).then(|| days[(n * p).div_ceil(100).clamp(1, n) - 1])
            };
            StageTime {
                stage: *stage,
                stays: days.len(),
                median: rank(50),
                p90: rank(90),
            }
        })
        .collect()
}

#[cfg(test)]
mod stage_time_tests {
    use super::*;

    fn step(request_id: i64, from: Stage, to: Stage, day: u32) -> StageStep {
        // 15:00 UTC is 10:00 in Lima; November 2026 starts on a Sunday.
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(15, 0, 0))
            .map(|d| d.and_utc().timestamp())
            .unwrap_or_default();
        StageStep {
            request_id,
            from: from.as_str().into(),
            to: to.as_str().into(),
            at,
        }
    }

    #[test]
    fn time_in_stage_counts_business_days_of_finished_stays() {
        use Stage::*;
        let steps = vec![
            // Monday 23 to Wednesday 25: 2 business days in UAC review.
            step(1, AwaitingDdc, UacReview, 23),
            step(1, UacReview, LegalReview, 25),
            // Friday 20 to Monday 23: 1 business day.
            step(2, AwaitingDdc, UacReview, 20),
            step(2, UacReview, Observed, 23),
            // Still in UAC review: not counted.
            step(3, AwaitingDdc, UacReview, 24),
        ];
        let cal = BusinessCalendar::new([]);
        let times = stage_times(&steps, &[UacReview, LegalReview], &cal);
        assert_eq!(
            times[0],
            StageTime {
                stage: UacReview,
                stays: 2,
                median: Some(1),
                p90: Some(2)
            }
        );
        assert_eq!(times[1].stays, 0);
        assert_eq!(times[1].median, None);
    }
}

//! Reports the program hands on, built from what the store holds: the monthly
//! tickets statistics (counts by category, first-response time, ratings), the
//! knowledge base's questions (answered without a person, or not) and the monthly
//! usage per ally, each as a table written by the one CSV writer.

use crate::documents::table::write_csv;
use crate::domain::kb::redact;
use crate::domain::ticket::{Category, TicketState};
use crate::store::kb::{Outcome, Question};
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

/// What the knowledge base did with a month's questions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deflection {
    /// Questions typed (entries opened from the FAQ menu are not questions).
    pub asked: usize,
    /// Answered by an entry (outright, or picked from the closest).
    pub answered: usize,
    /// Of those, how many said "Sí, me sirvió".
    pub helped: usize,
    /// Of those, how many asked for a specialist anyway.
    pub answered_then_person: usize,
    /// Left with the closest titles offered and none picked.
    pub unclear: usize,
    /// Nothing matched.
    pub unmatched: usize,
    /// Unanswered questions passed to a specialist.
    pub unanswered_to_person: usize,
    /// Entries opened from the FAQ menu.
    pub browsed: usize,
}

impl Deflection {
    /// Answered with no person involved.
    pub fn without_person(&self) -> usize {
        self.answered - self.answered_then_person
    }
}

pub fn deflection(questions: &[Question]) -> Deflection {
    let is = |q: &Question, o: Outcome| q.outcome == o.as_str();
    let count = |f: &dyn Fn(&Question) -> bool| questions.iter().filter(|q| f(q)).count();
    Deflection {
        asked: count(&|q| !is(q, Outcome::Browsed)),
        answered: count(&|q| is(q, Outcome::Answered)),
        helped: count(&|q| is(q, Outcome::Answered) && q.helpful == Some(true)),
        answered_then_person: count(&|q| is(q, Outcome::Answered) && q.helpful == Some(false)),
        unclear: count(&|q| is(q, Outcome::Unclear)),
        unmatched: count(&|q| is(q, Outcome::Unmatched)),
        unanswered_to_person: count(&|q| {
            (is(q, Outcome::Unclear) || is(q, Outcome::Unmatched)) && q.ticket_id.is_some()
        }),
        browsed: count(&|q| is(q, Outcome::Browsed)),
    }
}

/// The deflection figures as a two-column CSV (`measure,count`), printed after the
/// tickets by category.
pub fn deflection_csv(d: &Deflection) -> String {
    let rows = [
        ("kb_questions_asked", d.asked),
        ("kb_answered", d.answered),
        ("kb_answered_without_person", d.without_person()),
        ("kb_answered_then_person", d.answered_then_person),
        ("kb_said_it_helped", d.helped),
        ("kb_closest_offered_none_picked", d.unclear),
        ("kb_no_answer", d.unmatched),
        ("kb_unanswered_to_person", d.unanswered_to_person),
        ("kb_entries_opened_from_menu", d.browsed),
    ]
    .map(|(k, v)| vec![k.to_owned(), v.to_string()]);
    String::from_utf8(write_csv(&["measure", "count"], rows)).unwrap_or_default()
}

/// A ticket a specialist answered, for supervisors to turn into an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialistAnswer {
    pub code: String,
    pub category: Category,
    pub opened_at: i64,
    /// The ally's first message.
    pub question: String,
    /// The specialist's first reply.
    pub answer: String,
    pub resolution: Option<String>,
}

/// The tickets of `[from, until)` a specialist answered, with the ally's first
/// message and the specialist's first reply.
pub async fn specialist_answers(
    conn: &mut crate::store::Conn,
    from: i64,
    until: i64,
) -> Result<Vec<SpecialistAnswer>, crate::store::StoreError> {
    use crate::store::tickets::{self, Author};
    let mut out = vec![];
    for t in tickets::opened_between(conn, from, until).await? {
        if t.first_response_at.is_none() {
            continue;
        }
        let messages = tickets::messages(conn, t.id, 200).await?;
        let first = |staff: bool| {
            messages
                .iter()
                .filter(|m| matches!(m.author, Author::Staff(_)) == staff)
                .find_map(|m| m.body.clone())
                .unwrap_or_default()
        };
        out.push(SpecialistAnswer {
            code: t.code.clone(),
            category: t.category,
            opened_at: t.opened_at,
            question: first(false),
            answer: first(true),
            resolution: t.resolution.clone(),
        });
    }
    Ok(out)
}

fn lima_day(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|d| {
            crate::domain::calendar::lima_datetime(d)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// `report kb`: the questions that found no answer (and those answered that still
/// went to a person), then the tickets specialists answered, so a specialist's
/// answer can become an entry. Personal data typed by people is masked.
pub fn kb_csv(questions: &[Question], answers: &[SpecialistAnswer]) -> String {
    let header = [
        "kind",
        "date",
        "channel",
        "question",
        "entry",
        "ticket",
        "specialist_answer",
        "resolution",
    ];
    let mut rows: Vec<Vec<String>> = questions
        .iter()
        .filter_map(|q| {
            let kind = match q.outcome.as_str() {
                o if o == Outcome::Unmatched.as_str() => "no_answer",
                o if o == Outcome::Unclear.as_str() => "unclear",
                o if o == Outcome::Answered.as_str() && q.helpful == Some(false) => {
                    "answered_then_person"
                }
                _ => return None,
            };
            Some(vec![
                kind.to_owned(),
                lima_day(q.asked_at),
                q.channel.clone(),
                redact(&q.question),
                q.entry_id.clone().unwrap_or_default(),
                q.ticket_id.map(|t| t.to_string()).unwrap_or_default(),
                String::new(),
                String::new(),
            ])
        })
        .collect();
    rows.extend(answers.iter().map(|a| {
        vec![
            format!("specialist_{}", a.category.as_str()),
            lima_day(a.opened_at),
            String::new(),
            redact(&a.question),
            String::new(),
            a.code.clone(),
            redact(&a.answer),
            a.resolution.as_deref().map(redact).unwrap_or_default(),
        ]
    }));
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

    fn question(outcome: Outcome, helpful: Option<bool>, ticket: Option<i64>) -> Question {
        Question {
            id: 1,
            channel: "whatsapp".into(),
            chat_id: "51987654321".into(),
            question: "mi dni 41234567, cuanto pagan".into(),
            outcome: outcome.as_str().into(),
            entry_id: None,
            helpful,
            ticket_id: ticket,
            asked_at: 1_800_000_000,
        }
    }

    #[test]
    fn deflection_counts_answers_without_a_person_and_those_that_wanted_one() {
        let qs = [
            question(Outcome::Answered, Some(true), None),
            question(Outcome::Answered, None, None),
            question(Outcome::Answered, Some(false), Some(7)),
            question(Outcome::Unmatched, Some(false), Some(8)),
            question(Outcome::Unclear, None, None),
            question(Outcome::Browsed, None, None),
        ];
        let d = deflection(&qs);
        assert_eq!((d.asked, d.answered, d.without_person()), (5, 3, 2));
        assert_eq!((d.answered_then_person, d.helped), (1, 1));
        assert_eq!(
            (d.unmatched, d.unclear, d.unanswered_to_person, d.browsed),
            (1, 1, 1, 1)
        );
        let csv = deflection_csv(&d);
        assert!(csv.contains("kb_answered_without_person,2\n"), "{csv}");
        let kb = kb_csv(&qs, &[]);
        assert!(kb.contains("no_answer,"), "{kb}");
        assert!(kb.contains("answered_then_person,"), "{kb}");
        assert!(!kb.contains("41234567"), "{kb}");
        assert_eq!(kb.lines().count(), 4, "{kb}");
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

//! Reports the program hands on, built from what the store holds: the monthly
//! tickets statistics (counts by category, first-response time, ratings), the
//! knowledge base's questions (answered without a person, or not) and the monthly
//! usage per ally access, each as tables of the one table writer
//! (`documents::table`: XLSX or CSV).

pub mod ctvc;

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate, NaiveDateTime};

use crate::documents::table::{Cell, ColumnChart, Document, Table, sheet_notes, write_csv};
use crate::domain::calendar::{BusinessCalendar, lima_date, lima_datetime, month_bounds};
use crate::domain::kb::redact;
use crate::domain::request::AccessType;
use crate::domain::stage::{Role, Stage};
use crate::domain::ticket::{Category, TicketState};
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::i18n::Locales;
use crate::store::kb::{Outcome, Question};
use crate::store::requests::{self, RequestRow, StageStep};
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
    /// Closed within their resolution term.
    pub resolved_in_term: usize,
    /// Hours from opening to closing (wall clock), over closed tickets.
    pub resolution_avg_hours: Option<i64>,
    pub resolution_max_hours: Option<i64>,
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
        let resolutions: Vec<i64> = mine
            .iter()
            .filter_map(|r| r.closed_at.map(|at| (at - r.opened_at).max(0) / 3600))
            .collect();
        CategoryStats {
            resolved_in_term: mine
                .iter()
                .filter(|r| match (r.closed_at, r.resolution_due_at) {
                    (Some(at), Some(due)) => at <= due,
                    _ => false,
                })
                .count(),
            resolution_avg_hours: (!resolutions.is_empty())
                .then(|| resolutions.iter().sum::<i64>() / resolutions.len() as i64),
            resolution_max_hours: resolutions.iter().copied().max(),
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

/// The monthly report as a table in the reader's language (header, a row per
/// category, then the total).
pub fn tickets_table(locales: &Locales, lang: &str, stats: &[CategoryStats]) -> Table {
    let t = |key: &str| locales.t(lang, key);
    let mut table = Table::localized(
        locales,
        lang,
        "ticket-sheet-categories",
        &[
            "ticket-col-category",
            "ticket-col-received",
            "ticket-col-closed",
            "ticket-col-answered",
            "ticket-col-in-term",
            "ticket-col-wait-avg",
            "ticket-col-wait-max",
            "ticket-col-rated",
            "ticket-col-rating",
            "ticket-col-resolved-in-term",
            "ticket-col-resolution-avg",
            "ticket-col-resolution-max",
        ],
    );
    let count = |n: usize| Cell::Int(i64::try_from(n).unwrap_or(i64::MAX));
    for s in stats {
        let label = match s.category {
            Some(c) => t(c.message_key()),
            None => t("ticket-report-total"),
        };
        table.push(vec![
            Cell::Text(label),
            count(s.received),
            count(s.closed),
            count(s.answered),
            count(s.answered_in_term),
            Cell::opt(s.first_response_avg_minutes, Cell::Int),
            Cell::opt(s.first_response_max_minutes, Cell::Int),
            count(s.rated),
            Cell::opt(s.rating_avg, |a| Cell::Num(a, 1)),
            count(s.resolved_in_term),
            Cell::opt(s.resolution_avg_hours, Cell::Int),
            Cell::opt(s.resolution_max_hours, Cell::Int),
        ]);
    }
    table
}

/// The month's derivations by the unit each case went to: how many, and how many of
/// those cases are closed (`derivations`: ticket id and unit, from
/// `store::tickets::derivations_between`).
pub fn derivations_table(
    locales: &Locales,
    lang: &str,
    tickets: &[TicketRow],
    derivations: &[(i64, Role)],
) -> Table {
    let mut table = Table::localized(
        locales,
        lang,
        "ticket-sheet-derivations",
        &[
            "ticket-col-unit",
            "ticket-col-derived",
            "ticket-col-derived-closed",
        ],
    );
    let count = |n: usize| Cell::Int(i64::try_from(n).unwrap_or(i64::MAX));
    for unit in crate::domain::ticket::UNITS {
        let to_unit: Vec<i64> = derivations
            .iter()
            .filter(|(_, u)| *u == unit)
            .map(|(id, _)| *id)
            .collect();
        let closed = tickets
            .iter()
            .filter(|t| to_unit.contains(&t.id) && t.state == TicketState::Closed)
            .count();
        table.push(vec![
            Cell::Text(locales.t(lang, unit.message_key())),
            count(to_unit.len()),
            count(closed),
        ]);
    }
    table
}

/// The month's tickets report as a document in the reader's language: the
/// statistics by category (first response and resolution), what the knowledge base
/// answered without a person, and the derivations by unit (the CLI's `report tickets`, the console's download and the chat's). `notes`:
/// none for a CSV meant to be read back.
pub fn tickets_document(
    locales: &Locales,
    lang: &str,
    tickets: &[TicketRow],
    derivations: &[(i64, Role)],
    questions: &[Question],
    notes: Vec<String>,
) -> Document {
    let table = tickets_table(locales, lang, &ticket_stats(tickets));
    Document::new(
        notes,
        vec![
            table,
            deflection_table(locales, lang, &deflection(questions)),
            derivations_table(locales, lang, tickets, derivations),
        ],
    )
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

/// The deflection figures as a two-column table (measure, count) in the reader's
/// language, after the tickets by category: a second sheet in XLSX, a second block
/// in CSV.
pub fn deflection_table(locales: &Locales, lang: &str, d: &Deflection) -> Table {
    let t = |key: &str| locales.t(lang, key);
    let mut table = Table::new(t("kb-sheet"), &[&t("kb-col-measure"), &t("kb-col-count")]);
    for (k, v) in [
        ("kb-questions-asked", d.asked),
        ("kb-answered", d.answered),
        ("kb-answered-without-person", d.without_person()),
        ("kb-answered-then-person", d.answered_then_person),
        ("kb-said-it-helped", d.helped),
        ("kb-closest-offered-none-picked", d.unclear),
        ("kb-no-answer", d.unmatched),
        ("kb-unanswered-to-person", d.unanswered_to_person),
        ("kb-entries-opened-from-menu", d.browsed),
    ] {
        table.push(vec![
            Cell::Text(t(k)),
            Cell::Int(i64::try_from(v).unwrap_or(i64::MAX)),
        ]);
    }
    table
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
pub fn kb_csv(
    locales: &Locales,
    lang: &str,
    questions: &[Question],
    answers: &[SpecialistAnswer],
) -> String {
    let t = |key: &str| locales.t(lang, key);
    let header: Vec<String> = [
        "kb-col-kind",
        "kb-col-date",
        "kb-col-channel",
        "kb-col-question",
        "kb-col-entry",
        "kb-col-ticket",
        "kb-col-specialist-answer",
        "kb-col-resolution",
    ]
    .into_iter()
    .map(t)
    .collect();
    let mut rows: Vec<Vec<String>> = questions
        .iter()
        .filter_map(|q| {
            let kind = match q.outcome.as_str() {
                o if o == Outcome::Unmatched.as_str() => "kb-no-answer",
                o if o == Outcome::Unclear.as_str() => "kb-closest-offered-none-picked",
                o if o == Outcome::Answered.as_str() && q.helpful == Some(false) => {
                    "kb-answered-then-person"
                }
                _ => return None,
            };
            Some(vec![
                t(kind),
                lima_day(q.asked_at),
                q.channel.as_str().to_owned(),
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
            locales.t_args(
                lang,
                "kb-kind-specialist",
                &[("category", t(a.category.message_key()).into())],
            ),
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

fn period(today: NaiveDate, which: crate::message::Period) -> Option<(NaiveDate, NaiveDate)> {
    let first = chrono::Datelike::with_day(&today, 1)?;
    Some(match which {
        crate::message::Period::Week => (
            today - chrono::Duration::days(6),
            today + chrono::Duration::days(1),
        ),
        crate::message::Period::Month => (first, today + chrono::Duration::days(1)),
        crate::message::Period::PreviousMonth => (
            chrono::Datelike::with_day(&(first - chrono::Duration::days(1)), 1)?,
            first,
        ),
    })
}

/// The accounts created (requests that reached `Active`) in `which` period as of
/// `today`, with when each did: the chat's list and the console's page. None for a
/// period that cannot be worked out.
pub async fn accounts_created(
    conn: &mut Conn,
    today: NaiveDate,
    which: crate::message::Period,
) -> Result<Option<AccountsCreated>, StoreError> {
    let Some((from, until)) = period(today, which) else {
        return Ok(None);
    };
    let at = |d: NaiveDate| {
        crate::domain::calendar::lima_to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default()).timestamp()
    };
    let rows = requests::reached_between(conn, Stage::Active, at(from), at(until)).await?;
    Ok(Some(((from, until), rows)))
}

/// A period's first day and the day after its last, and the accounts created in it
/// with the instant each was.
pub type AccountsCreated = ((NaiveDate, NaiveDate), Vec<(RequestRow, i64)>);

/// The accounts created as a table in `lang` (the chat's file, the console's
/// download): who to give access to and how to reach them.
pub fn accounts_table(
    locales: &crate::i18n::Locales,
    lang: &str,
    rows: &[(RequestRow, i64)],
) -> Table {
    let t = |key: &str| locales.t(lang, key);
    let value = |row: &RequestRow, f: crate::domain::request::Field| {
        super::review::field_value(&t, &row.data, f)
    };
    let mut table = Table::localized(
        locales,
        lang,
        "staff-accounts-sheet",
        &[
            "accounts-col-date",
            "accounts-col-code",
            "accounts-col-type",
            "accounts-col-jurisdiction",
            "accounts-col-responsible",
            "accounts-col-dni",
            "accounts-col-email",
            "accounts-col-phone",
        ],
    );
    for (row, when) in rows {
        table.push(vec![
            Cell::opt(
                chrono::DateTime::from_timestamp(*when, 0).map(crate::domain::calendar::lima_date),
                Cell::Date,
            ),
            Cell::text(&row.code),
            Cell::Text(t(row.access_type.message_key())),
            Cell::text(row.jurisdiction_label()),
            Cell::Text(format!(
                "{} {}",
                value(row, crate::domain::request::Field::RespNames),
                value(row, crate::domain::request::Field::RespSurnames)
            )),
            Cell::Text(value(row, crate::domain::request::Field::RespDni)),
            Cell::Text(value(row, crate::domain::request::Field::RespEmail)),
            Cell::Text(value(row, crate::domain::request::Field::RespPhone)),
        ]);
    }
    table
}

/// One ally access's month (seed 003's columns). Counted from the events
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

impl AccessUsage {
    /// Whether it is a government's (Gobierno Local or Regional: the report's first
    /// matrix) rather than an Otro Aliado's.
    fn governs(&self) -> bool {
        self.access_type.is_none_or(AccessType::elected)
    }
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
    /// The day the figures are as of: the month's last day once it is over, else
    /// the day the report was made.
    pub as_of: NaiveDate,
    pub accesses: Vec<AccessUsage>,
    pub exits: Vec<PageExits>,
    /// Lessons finished in the month from chats bound to an access.
    pub lessons: Vec<LessonDone>,
}

/// One lesson finished from a chat bound to an access (Lima times).
#[derive(Debug, Clone, PartialEq)]
pub struct LessonDone {
    pub code: String,
    /// The lesson's title as the person read it.
    pub lesson: String,
    pub started: Option<NaiveDateTime>,
    pub completed: Option<NaiveDateTime>,
    pub right: i64,
    pub questions: i64,
}

impl LessonDone {
    /// A finished lesson of the access `code`.
    pub fn of(code: &str, done: &crate::store::lessons::Completion) -> Self {
        let lima = |at: i64| chrono::DateTime::from_timestamp(at, 0).map(lima_datetime);
        Self {
            code: code.to_owned(),
            lesson: done.title.clone(),
            started: lima(done.started_at),
            completed: lima(done.completed_at),
            right: done.right,
            questions: done.questions,
        }
    }

    /// "2/2": right answers over questions.
    pub fn score(&self) -> String {
        format!("{}/{}", self.right, self.questions)
    }
}

/// The table of finished lessons (the usage report's and the CTVC evidence's sheet);
/// `lead` are the columns before each row's own (the CTVC case).
pub fn lessons_table<'a>(
    locales: &Locales,
    lang: &str,
    lead: &[String],
    rows: impl IntoIterator<Item = (Vec<Cell>, &'a LessonDone)>,
) -> Table {
    let t = |key: &str| locales.t(lang, key);
    let mut header: Vec<String> = lead.to_vec();
    header.extend([
        t("usage-col-code"),
        t("lessons-col-lesson"),
        t("lessons-col-started"),
        t("lessons-col-completed"),
        t("lessons-col-score"),
    ]);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(t("lessons-sheet"), &header);
    for (mut row, l) in rows {
        row.extend([
            Cell::text(&l.code),
            Cell::text(&l.lesson),
            Cell::opt(l.started, Cell::DateTime),
            Cell::opt(l.completed, Cell::DateTime),
            Cell::Text(l.score()),
        ]);
        table.push(row);
    }
    table
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

/// The day a month's figures are as of when made on `today`: its last day once it
/// is over, else `today` ("Datos al" never promises days still to come).
pub fn data_as_of(month: NaiveDate, today: NaiveDate) -> NaiveDate {
    let last_day = month
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(month);
    last_day.min(today).max(month)
}

/// The usage report of the month that starts on `month`, made on `today`.
pub async fn usage(
    conn: &mut Conn,
    month: NaiveDate,
    today: NaiveDate,
) -> Result<UsageReport, StoreError> {
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
    let mut lessons = vec![];
    for done in crate::store::lessons::done_between(conn, from, until).await? {
        let Some(id) = done.request_id else { continue };
        let code = match accesses.get(&id) {
            Some(a) => a.code.clone(),
            None => match requests::get(conn, id).await? {
                Some(a) => a.code,
                None => continue,
            },
        };
        lessons.push(LessonDone::of(&code, &done));
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
                // A turn's row: a view too when it names the page it showed.
                "message" if e.detail.is_some() => u.views += 1,
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
            if e.kind == "message" {
                s.messages += 1;
            }
            // A view: an older version's own row, or a turn's row naming its page.
            if e.kind == "view" || (e.kind == "message" && e.detail.is_some()) {
                s.pages.push(detail.clone());
                exits
                    .entry(detail.clone())
                    .or_insert_with(|| PageExits {
                        page: detail.clone(),
                        ..PageExits::default()
                    })
                    .views += 1;
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
    out.sort_by_key(|u| (!u.governs(), u.code.clone()));
    Ok(UsageReport {
        month,
        as_of: data_as_of(month, today),
        accesses: out,
        exits: exits.into_values().collect(),
        lessons,
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
    let notes = sheet_notes(locales, lang, &title, report.as_of);
    let (governments, others): (Vec<&AccessUsage>, Vec<&AccessUsage>) =
        report.accesses.iter().partition(|u| u.governs());
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
        full: None,
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
            Cell::Text(page_name(locales, lang, &p.page)),
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
            lessons_table(
                locales,
                lang,
                &[],
                report.lessons.iter().map(|l| (vec![], l)),
            ),
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

/// A page of the usage report (a menu or query the bot showed) as its reader calls
/// it; a page with no name yet shows its code.
fn page_name(locales: &Locales, lang: &str, page: &str) -> String {
    let key = format!("usage-page-{page}");
    if locales.has(lang, &key) {
        locales.t(lang, &key)
    } else {
        page.to_owned()
    }
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
            row.push(Cell::Text(
                u.access_type
                    .map(|a| t(a.message_key()))
                    .unwrap_or_default(),
            ));
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
    use crate::message::Channel;
    use crate::store::tickets::TicketContext;

    fn question(outcome: Outcome, helpful: Option<bool>, ticket: Option<i64>) -> Question {
        Question {
            id: 1,
            channel: Channel::Whatsapp,
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
        let locales = Locales::embedded().expect("locales");
        let csv = String::from_utf8(deflection_table(&locales, "es", &d).to_csv()).expect("utf8");
        assert!(
            csv.starts_with("Medida,Cantidad\n")
                && csv.contains("\nRespondidas sin una persona,2\n"),
            "{csv}"
        );
        let kb = kb_csv(&locales, "es", &qs, &[]);
        assert!(kb.starts_with("Tipo,Fecha,"), "{kb}");
        assert!(kb.contains("\nSin respuesta,"), "{kb}");
        assert!(
            kb.contains("\nRespondidas que igual pidieron una persona,"),
            "{kb}"
        );
        let en = kb_csv(&locales, "en", &qs, &[]);
        assert!(
            en.starts_with("Kind,Date,") && en.contains("\nNo answer,"),
            "{en}"
        );
        assert!(!kb.contains("41234567"), "{kb}");
        assert_eq!(kb.lines().count(), 4, "{kb}");
    }

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
            channel: crate::message::Channel::Telegram,
            chat_id: "1".into(),
            locale: "es".into(),
            request_id: None,
            context: TicketContext::default(),
            specialist_id: None,
            unit: Role::Especialista,
            opened_at: opened,
            first_response_due_at: opened + 4 * 3600,
            resolution_due_at: Some(opened + 5 * 86_400),
            taken_at: None,
            first_response_at: first,
            // Closed (when rated) a day after opening, within the term.
            closed_at: rating.map(|_| opened + 86_400),
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
        assert_eq!(reclamo.resolved_in_term, 2);
        assert_eq!(reclamo.resolution_avg_hours, Some(24));
        let derived = derivations_table(
            &Locales::embedded().expect("locales"),
            "es",
            &rows,
            &[(0, Role::Uot), (200, Role::Uot), (100, Role::Uaj)],
        );
        let csv = String::from_utf8(derived.to_csv()).unwrap_or_default();
        assert!(
            csv.starts_with("Unidad,Derivadas,De ellas cerradas\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\nUnidad de Operaciones y Transferencias (UOT),2,1\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\nUnidad de Asesoría Jurídica (UAJ),1,1\n"),
            "{csv}"
        );
        let total = stats.last().cloned().unwrap_or_default();
        assert_eq!((total.category, total.received, total.rated), (None, 3, 2));
        let locales = Locales::embedded().expect("locales");
        let table = tickets_table(&locales, "es", &stats);
        assert_eq!(table.name, "Consultas por categoría");
        let csv = String::from_utf8(table.to_csv()).unwrap_or_default();
        assert!(
            csv.starts_with("Categoría,Recibidas,Cerradas,Respondidas,Respondidas en plazo,"),
            "{csv}"
        );
        assert!(
            csv.contains("\nReclamo,2,2,2,1,165,300,2,3.0,2,24,24\n"),
            "{csv}"
        );
        assert!(
            csv.ends_with("\nTotal,3,2,2,1,165,300,2,3.0,2,24,24\n"),
            "{csv}"
        );
        let en =
            String::from_utf8(tickets_table(&locales, "en", &stats).to_csv()).unwrap_or_default();
        assert!(
            en.starts_with("Category,Received,Closed,") && en.contains("\nClaim,2,"),
            "{en}"
        );
    }

    #[test]
    fn a_month_s_data_is_as_of_its_last_day_or_today_while_it_runs() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("date");
        assert_eq!(data_as_of(day(12, 1), day(12, 5)), day(12, 5));
        assert_eq!(data_as_of(day(11, 1), day(12, 5)), day(11, 30));
        assert_eq!(data_as_of(day(12, 1), day(11, 20)), day(12, 1));
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

/// One stage's figures for the supervisor: waiting now, overdue now, its term, and
/// the time finished stays took (business days).
#[derive(Debug, Clone, PartialEq)]
pub struct StageFigures {
    pub stage: Stage,
    pub waiting: usize,
    pub overdue: usize,
    pub term: Option<u32>,
    pub time: StageTime,
}

/// The stage figures as a table, headed in the reader's language.
pub fn stage_figures_table(locales: &Locales, lang: &str, figures: &[StageFigures]) -> Table {
    let t = |key: &str| locales.t(lang, key);
    let mut table = Table::localized(
        locales,
        lang,
        "stages-sheet",
        &[
            "stages-col-stage",
            "stages-col-waiting",
            "stages-col-overdue",
            "stages-col-term",
            "stages-col-median",
            "stages-col-p90",
            "stages-col-stays",
        ],
    );
    let count = |n: usize| Cell::Int(i64::try_from(n).unwrap_or(i64::MAX));
    for f in figures {
        table.push(vec![
            Cell::text(t(f.stage.message_key())),
            count(f.waiting),
            count(f.overdue),
            Cell::opt(f.term, |d| Cell::Int(i64::from(d))),
            Cell::opt(f.time.median, Cell::Int),
            Cell::opt(f.time.p90, Cell::Int),
            count(f.time.stays),
        ]);
    }
    table
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

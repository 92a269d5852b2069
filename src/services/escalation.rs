//! Escalation to a human as a service, shared by the conversation (ally and specialist
//! chats) and the scheduler: the first-response term in office hours, whether the
//! office is open, and which tickets are past their term. What people read about a
//! ticket is rendered by `notify::tickets`.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::config::Settings;
use crate::domain::calendar::{BusinessCalendar, OfficeHours, lima_datetime, lima_to_utc};
use crate::events::{Event, OverdueCase};
use crate::store::{Conn, StoreError, ally_reports, marks, tickets};

/// Tickets past their first-response term that no supervisor has heard of yet;
/// marks them, so each is reported once whatever the number of replicas.
pub async fn first_response_overdue(conn: &mut Conn, now: i64) -> Result<Vec<Event>, StoreError> {
    let mut events = vec![];
    for ticket in tickets::first_response_overdue(conn, now).await? {
        if marks::mark(conn, "ticket-first-response", &ticket.id.to_string(), now).await? {
            events.push(Event::TicketOverdue { ticket });
        }
    }
    Ok(events)
}

/// How many of a ticket's messages a specialist sees with its context.
pub const CONTEXT_MESSAGES: i64 = 5;

/// When the first answer is due for a ticket opened at `now`: the configured office
/// hours counted from the next opening (review terms use the same calendar).
pub fn first_response_due(
    calendar: &BusinessCalendar,
    settings: &Settings,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    let due = OfficeHours::default().add_office_hours(
        calendar,
        lima_datetime(now),
        settings.tickets.first_response_hours,
    );
    lima_to_utc(due)
}

/// When a case opened at `now` must be resolved: `days` business days later, at
/// the office's closing time (Lima).
pub fn resolution_due(calendar: &BusinessCalendar, now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let hours = OfficeHours::default();
    let date = calendar.add_business_days(lima_datetime(now).date(), days.max(1));
    lima_to_utc(date.and_time(hours.close))
}

/// Cases past their resolution term that nobody has been told of yet (tickets, and
/// alerts and FADs): marked, so each reaches its unit and the supervisors once.
pub async fn resolution_overdue(conn: &mut Conn, now: i64) -> Result<Vec<Event>, StoreError> {
    let mut events = vec![];
    for ticket in tickets::resolution_overdue(conn, now).await? {
        if marks::mark(conn, "ticket-resolution", &ticket.id.to_string(), now).await? {
            events.push(Event::CaseOverdue {
                case: OverdueCase::Ticket(Box::new(ticket)),
            });
        }
    }
    for report in ally_reports::overdue(conn, now).await? {
        if marks::mark(conn, "ally-case-resolution", &report.id.to_string(), now).await? {
            events.push(Event::CaseOverdue {
                case: OverdueCase::AllyCase(Box::new(report)),
            });
        }
    }
    Ok(events)
}

/// The office is open now, or when it opens next (Lima wall clock).
pub fn office_open(calendar: &BusinessCalendar, now: DateTime<Utc>) -> Result<(), NaiveDateTime> {
    let hours = OfficeHours::default();
    let lima = lima_datetime(now);
    if hours.is_open(calendar, lima) {
        Ok(())
    } else {
        Err(hours.next_opening(calendar, lima))
    }
}

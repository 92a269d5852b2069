//! What the services report: something happened that someone must hear of. A
//! service (workflow, escalation, scheduler) decides *what* happened and to whom it
//! matters; `notify` decides how each recipient reads it (language, channel, buttons)
//! and writes the messages to the outbox in the caller's transaction. Services never
//! write message text or choice ids.

use chrono::NaiveDate;

use crate::domain::stage::Role;
use crate::store::requests::RequestRow;
use crate::store::staff::StaffMember;
use crate::store::tickets::TicketRow;

#[derive(Debug, Clone)]
pub enum Event {
    /// A request changed stage: its applicant hears what happened, the next step and
    /// its date (`expected_account` when the account is still ahead).
    RequestMoved {
        request: RequestRow,
        note: Option<String>,
        expected_account: Option<NaiveDate>,
    },
    /// A request entered a stage that `role` works: a new item in their queue.
    NewStaffItem { role: Role, request: RequestRow },
    /// An observation lapses after the next business day.
    ObservationReminder { request: RequestRow },
    /// The fiscal year ends: the access must be renewed.
    RenewalReminder { request: RequestRow },
    /// A supervisor's daily list of items past their term.
    OverdueDigest {
        supervisor: StaffMember,
        overdue: Vec<Overdue>,
    },
    /// A reviewer's daily reminder of items due today or late in their queue.
    QueueReminder { member: StaffMember, count: usize },
    /// An ally opened a ticket: every specialist sees it, with its context.
    TicketOpened { ticket: TicketRow },
    /// A ticket had no first answer within its term: supervisors are alerted.
    TicketOverdue { ticket: TicketRow },
    /// The month's usage report (DESIGN §7) for a UAC member: the stored XLSX file.
    UsageReport {
        member: StaffMember,
        month: NaiveDate,
        accesses: usize,
        sha256: String,
        file_name: String,
    },
    /// A specialist handed a ticket to a colleague, who now holds it.
    TicketHandedOver {
        ticket: TicketRow,
        from: String,
        to: StaffMember,
    },
}

/// One overdue item in a digest: the request and how many business days late.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub request: RequestRow,
    pub days_late: i64,
}

//! What the services report: something happened that someone must hear of. A
//! service (workflow, escalation, scheduler) decides *what* happened and to whom it
//! matters; `notify` decides how each recipient reads it (language, channel, buttons)
//! and writes the messages to the outbox in the caller's transaction. Services never
//! write message text or choice ids.

use chrono::NaiveDate;

use crate::domain::stage::Role;
use crate::message::Channel;
use crate::store::ally_reports::AllyReport;
use crate::store::bindings::Binding;
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
    /// An applicant registered a request and got its DDC (`ddc_sha256`, the stored
    /// PDF) to sign. The applicant hears it in the conversation; e-mail copies go to
    /// the responsible and the authority.
    RequestRegistered {
        request: RequestRow,
        ddc_sha256: String,
    },
    /// The signed DDC came from a chat other than the applicant's (whoever held the
    /// paper and its codes): the applicant's chat hears it arrived, when, and where the
    /// request now is.
    DdcArrivedElsewhere { request: RequestRow, on: NaiveDate },
    /// An access stopped being active (superseded, expired, revoked): a chat bound to
    /// it can no longer query the padrón and hears why at once, with a specialist on
    /// offer.
    AccessEnded {
        binding: Binding,
        access: RequestRow,
    },
    /// The program suspended an approved access, proposed or confirmed its
    /// revocation, or restored it (`access.stage` says which: suspended, revocation
    /// review, revoked, active again). The applicant's chat and every chat bound to it
    /// (`chats`: channel and chat id, once each) hear it at once, with the reason
    /// (`note`) and what to do; the authority and the responsible get an e-mail copy.
    AccessStatusChanged {
        access: RequestRow,
        chats: Vec<(Channel, String)>,
        note: Option<String>,
    },
    /// UAC asked an approved access for a new signed DDC (`ddc_sha256`: the new DDC,
    /// with a new verification code), for `reason`, by `due_on`: the applicant's chat
    /// and every chat bound to it (`chats`) hear it with the DDC; the authority and
    /// the responsible get an e-mail copy with it attached.
    NewDdcAsked {
        access: RequestRow,
        chats: Vec<(Channel, String)>,
        reason: String,
        due_on: NaiveDate,
        ddc_sha256: String,
    },
    /// The new signed DDC UAC asked for arrived: UAC hears it has one to accept.
    NewDdcReceived { access: RequestRow },
    /// UAC accepted the new signed DDC of an access that stayed active: its chats
    /// hear nothing more is due; the authority and the responsible get a copy.
    NewDdcAccepted {
        access: RequestRow,
        chats: Vec<(Channel, String)>,
    },
    /// An access became active and its responsible's mobile is not the chat it was
    /// requested from: that WhatsApp number (`chat_id`) is invited to bind.
    InviteResponsible {
        request: RequestRow,
        chat_id: String,
    },
    /// An imported JNE list names another authority (`listed_names`) for the
    /// request's jurisdiction: its responsible hears that the new authority must sign
    /// a new DDC by `due_on`, and UAC sees it in the chat as on the console's desk.
    AuthorityChanged {
        request: RequestRow,
        listed_names: String,
        due_on: NaiveDate,
    },
    /// A request entered a stage that `role` works: a new item in their queue.
    NewStaffItem { role: Role, request: RequestRow },
    /// An observation lapses after the next business day.
    ObservationReminder { request: RequestRow },
    /// The fiscal year ends: the access must be renewed (`renewal`: one was filed
    /// but its signed DDC has not come back yet).
    RenewalReminder {
        request: RequestRow,
        renewal: Option<Box<RequestRow>>,
    },
    /// A supervisor's daily list of items past their term: requests at a review
    /// stage, and cases (tickets, alerts, FADs) past their resolution term.
    OverdueDigest {
        supervisor: StaffMember,
        overdue: Vec<Overdue>,
        cases: Vec<OverdueCase>,
    },
    /// A case's holder (`by`) derived it to another unit (the ticket's `unit` now):
    /// that unit's members hear of a case to take, the ally where it went and by when.
    TicketDerived { ticket: TicketRow, by: String },
    /// A case passed its resolution term: the members of its unit hear of it.
    CaseOverdue { case: OverdueCase },
    /// An ally sent an alert or a FAD: UOT's members hear of a case to work.
    AllyCaseFiled { report: AllyReport },
    /// UOT resolved an ally's alert or FAD (outcome and note): the ally is told.
    AllyCaseResolved { report: AllyReport },
    /// The padrón is older than the 7 business days UOT has to update it: a daily
    /// note for UOT and the supervisors while it stays so.
    PadronStale {
        member: StaffMember,
        data_date: NaiveDate,
        business_days: i64,
    },
    /// A reviewer's daily reminder of items due today or late in their queue.
    QueueReminder { member: StaffMember, count: usize },
    /// An ally opened a ticket: every specialist sees it, with its context.
    TicketOpened { ticket: TicketRow },
    /// A ticket had no first answer within its term: supervisors are alerted.
    TicketOverdue { ticket: TicketRow },
    /// The month's usage report for a UAC member: the stored XLSX file.
    UsageReport {
        member: StaffMember,
        month: NaiveDate,
        accesses: usize,
        sha256: String,
        file_name: String,
    },
    /// A specialist handed a ticket to a colleague, who now holds it: the new
    /// holder is briefed, the ally told who answers now.
    TicketHandedOver {
        ticket: TicketRow,
        from: String,
        to: StaffMember,
    },
    /// A specialist (`by`, their name) took a ticket: the ally hears who answers.
    TicketTaken { ticket: TicketRow, by: String },
    /// The ticket's holder (`by`) answered: relayed to the ally's chat.
    TicketReplied {
        ticket: TicketRow,
        by: String,
        reply: TicketReply,
    },
    /// The holder (`by`) closed the ticket with a note: the ally reads it with the
    /// rating question.
    TicketClosed {
        ticket: TicketRow,
        by: String,
        note: String,
    },
    /// The ally ended their ticket: its holder hears it.
    TicketClosedByAlly {
        ticket: TicketRow,
        holder: StaffMember,
    },
    /// The speech-to-text engine heard `text` in a voice note the ally sent in the
    /// ticket: its holder (who may see the ticket) reads it beside the audio.
    VoiceTranscribed {
        ticket: TicketRow,
        holder: StaffMember,
        text: String,
    },
    /// An invitation letter for a district without an access, to the institutional
    /// address its local government left on an earlier request: sent by e-mail
    /// (with `[email]` set) with the letter attached.
    DistrictInvited {
        ubigeo: String,
        /// "Acoria (Huancavelica, Huancavelica)".
        district: String,
        address: String,
        letter_sha256: String,
    },
}

/// What a specialist sends the ally: a text, or a file already in the file store.
#[derive(Debug, Clone)]
pub enum TicketReply {
    Text(String),
    File { sha256: String, file_name: String },
}

/// A case past its resolution term.
#[derive(Debug, Clone)]
pub enum OverdueCase {
    Ticket(Box<TicketRow>),
    AllyCase(Box<AllyReport>),
}

impl OverdueCase {
    /// The number the ally and the staff quote.
    pub fn number(&self) -> String {
        match self {
            OverdueCase::Ticket(t) => t.code.clone(),
            OverdueCase::AllyCase(r) => r.number(),
        }
    }

    /// The unit that must resolve it.
    pub fn unit(&self) -> Role {
        match self {
            OverdueCase::Ticket(t) => t.unit,
            OverdueCase::AllyCase(_) => Role::Uot,
        }
    }

    /// When it was due (unix seconds).
    pub fn due_at(&self) -> i64 {
        match self {
            OverdueCase::Ticket(t) => t.resolution_due_at.unwrap_or(t.opened_at),
            OverdueCase::AllyCase(r) => r.due_at.unwrap_or(r.created_at),
        }
    }
}

/// One overdue item in a digest: the request and how many business days late.
#[derive(Debug, Clone)]
pub struct Overdue {
    pub request: RequestRow,
    pub days_late: i64,
}

//! The states as versions before the composition by family wrote them: one flat
//! enum, `{"flow": "registering", "data": …}`. Read only, converted to [`State`];
//! the fixtures in `tests/it/fixtures/states/` hold one row of every kind.

use serde::Deserialize;

use super::{Persisted, RegistrationStep, RequestStep, StaffStep, State, TicketStep};
use crate::conversation::{Choice, Draft, HeldFile, Purpose, ally, faq, staff};
use crate::domain::request::Field;

/// A row in the old shape, converted; `None` when it is not one either.
pub(super) fn read(json: &str) -> Option<Persisted> {
    let old: Old = serde_json::from_str(json).ok()?;
    Some(Persisted {
        state: old.state.into(),
        offered: old.offered,
        paused: old.paused.map(|s| Box::new((*s).into())),
    })
}

#[derive(Deserialize)]
struct Old {
    state: Flat,
    #[serde(default)]
    offered: Vec<Choice>,
    #[serde(default)]
    paused: Option<Box<Flat>>,
}

#[derive(Deserialize)]
#[serde(tag = "flow", rename_all = "snake_case")]
enum Flat {
    Idle,
    Registering {
        data: Draft,
        asking: Field,
        #[serde(default)]
        picks: Vec<String>,
        #[serde(default)]
        fixing: bool,
    },
    ConfirmingAuthority {
        data: Draft,
        listed: crate::domain::jne::Prefill,
        #[serde(default)]
        fixing: bool,
    },
    Summary {
        data: Draft,
    },
    ChoosingFix {
        data: Draft,
    },
    FindingRequest {
        purpose: Purpose,
        #[serde(default)]
        held_file: Option<HeldFile>,
        #[serde(default)]
        code_matched: Option<i64>,
    },
    Uploading {
        request_id: i64,
        code: String,
        #[serde(default)]
        photos: Vec<String>,
        #[serde(default)]
        designation: bool,
    },
    StaffHome,
    StaffClosingReport {
        report_id: i64,
    },
    StaffReviewing {
        request_id: i64,
        stage: crate::domain::stage::Stage,
    },
    StaffNote {
        request_id: i64,
        stage: crate::domain::stage::Stage,
        action: staff::NoteFor,
    },
    TicketCategory {
        #[serde(default)]
        resume: Option<Box<Flat>>,
    },
    TicketQuestion {
        category: crate::domain::ticket::Category,
        #[serde(default)]
        resume: Option<Box<Flat>>,
    },
    TicketOpen {
        ticket_id: i64,
        #[serde(default)]
        resume: Option<Box<Flat>>,
    },
    TicketComment {
        ticket_id: i64,
        #[serde(default)]
        resume: Option<Box<Flat>>,
    },
    StaffTicket {
        ticket_id: i64,
    },
    StaffTicketClosing {
        ticket_id: i64,
    },
    Ally {
        step: ally::AllyStep,
    },
    Faq {
        step: faq::FaqStep,
    },
}

fn resumed(resume: Option<Box<Flat>>) -> Option<Box<State>> {
    resume.map(|s| Box::new((*s).into()))
}

impl From<Flat> for State {
    fn from(old: Flat) -> State {
        use RegistrationStep as R;
        use RequestStep as Q;
        use StaffStep as S;
        use TicketStep as T;
        match old {
            Flat::Idle => State::Idle,
            Flat::Registering {
                data,
                asking,
                picks,
                fixing,
            } => State::Registration(R::Registering {
                data,
                asking,
                picks,
                fixing,
            }),
            Flat::ConfirmingAuthority {
                data,
                listed,
                fixing,
            } => State::Registration(R::ConfirmingAuthority {
                data,
                listed,
                fixing,
            }),
            Flat::Summary { data } => State::Registration(R::Summary { data }),
            Flat::ChoosingFix { data } => State::Registration(R::ChoosingFix { data }),
            Flat::FindingRequest {
                purpose,
                held_file,
                code_matched,
            } => State::Request(Q::FindingRequest {
                purpose,
                held_file,
                code_matched,
            }),
            Flat::Uploading {
                request_id,
                code,
                photos,
                designation,
            } => State::Request(Q::Uploading {
                request_id,
                code,
                photos,
                designation,
            }),
            Flat::StaffHome => State::Staff(S::Home),
            Flat::StaffClosingReport { report_id } => State::Staff(S::ClosingReport { report_id }),
            Flat::StaffReviewing { request_id, stage } => {
                State::Staff(S::Reviewing { request_id, stage })
            }
            Flat::StaffNote {
                request_id,
                stage,
                action,
            } => State::Staff(S::Note {
                request_id,
                stage,
                action,
            }),
            Flat::StaffTicket { ticket_id } => State::Staff(S::Ticket { ticket_id }),
            Flat::StaffTicketClosing { ticket_id } => State::Staff(S::TicketClosing { ticket_id }),
            Flat::TicketCategory { resume } => State::Ticket(T::Category {
                resume: resumed(resume),
            }),
            Flat::TicketQuestion { category, resume } => State::Ticket(T::Question {
                category,
                resume: resumed(resume),
            }),
            Flat::TicketOpen { ticket_id, resume } => State::Ticket(T::Open {
                ticket_id,
                resume: resumed(resume),
            }),
            Flat::TicketComment { ticket_id, resume } => State::Ticket(T::Comment {
                ticket_id,
                resume: resumed(resume),
            }),
            Flat::Ally { step } => State::Ally(step),
            Flat::Faq { step } => State::Faq(step),
        }
    }
}

//! Where a chat is in its dialogues, composed by family (teloxide's
//! `examples/composite_state.rs`): the engine's [`State`] names the flow, each flow
//! its own steps. Persisted as JSON (`conversations.state`), so a restart resumes it;
//! rows written before the composition are read through [`legacy`].

mod legacy;

use serde::{Deserialize, Serialize};

use super::{Choice, Draft, HeldFile, Purpose, ally, faq, staff};
use crate::domain::request::Field;

/// Where a chat is: no flow, or a step of one flow. Written as
/// `{"flow": "<family>", "step": {…}}`.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(tag = "flow", content = "step", rename_all = "snake_case")]
pub enum State {
    #[default]
    Idle,
    /// The access request form and its summary (`registration/`).
    Registration(RegistrationStep),
    /// Finding a request, sending its documents (`requests/`).
    Request(RequestStep),
    /// An ally's escalation to a specialist (`tickets/`).
    Ticket(TicketStep),
    /// Staff chats: the home, a review, a specialist inside a ticket.
    Staff(StaffStep),
    /// An approved ally binding their chat or using the padrón (`ally/`).
    Ally(ally::AllyStep),
    /// Questions answered from the knowledge base (`faq.rs`).
    Faq(faq::FaqStep),
}

impl State {
    /// The files a flow holds before anything is attached (photos waiting to be put
    /// together, a file sent before its request was known), also in a flow a ticket
    /// will take up again: a flow given up lets them go.
    pub(crate) fn held_files(&self) -> Vec<String> {
        match self {
            State::Request(RequestStep::FindingRequest { held_file, .. }) => {
                held_file.iter().map(|h| h.sha256.clone()).collect()
            }
            State::Request(RequestStep::Uploading { photos, .. }) => photos.clone(),
            State::Ticket(
                TicketStep::Category { resume }
                | TicketStep::Question { resume, .. }
                | TicketStep::Open { resume, .. }
                | TicketStep::Comment { resume, .. },
            ) => resume.as_deref().map(State::held_files).unwrap_or_default(),
            _ => vec![],
        }
    }
}

/// A step's name as logs and the old-state fixtures read it: the step's own
/// (`Registering { .. }`, `Uploading { .. }`), the family's before it where the
/// step's name alone would not say (`StaffHome`, `TicketOpen { .. }`), and an ally's
/// or a question's step inside its flow (`Ally { step: FadDni }`).
impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            State::Idle => f.write_str("Idle"),
            State::Registration(step) => step.fmt(f),
            State::Request(step) => step.fmt(f),
            State::Ticket(step) => {
                f.write_str("Ticket")?;
                step.fmt(f)
            }
            State::Staff(step) => {
                f.write_str("Staff")?;
                step.fmt(f)
            }
            State::Ally(step) => f.debug_struct("Ally").field("step", step).finish(),
            State::Faq(step) => f.debug_struct("Faq").field("step", step).finish(),
        }
    }
}

/// The registration's steps.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum RegistrationStep {
    Registering {
        data: Draft,
        asking: Field,
        /// Candidate districts or regions offered for the current answer.
        #[serde(default)]
        picks: Vec<String>,
        /// Correcting one field from the summary: go back to it afterwards.
        #[serde(default)]
        fixing: bool,
    },
    /// The JNE list names an authority for the chosen district or region: is it
    /// the request's? "Sí" fills names, surnames and DNI.
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
    /// «Cancelar» at the summary: asked once more before every answer is dropped.
    ConfirmingCancel {
        data: Draft,
    },
}

/// Finding a request and sending its documents.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum RequestStep {
    /// Asking which request the user means (by code or the authority's DNI).
    FindingRequest {
        purpose: Purpose,
        /// A file sent before we knew the request; kept so nothing is lost.
        #[serde(default)]
        held_file: Option<HeldFile>,
        /// For DDC downloads from another chat: the code matched, now the DNI.
        #[serde(default)]
        code_matched: Option<i64>,
    },
    Uploading {
        request_id: i64,
        code: String,
        #[serde(default)]
        photos: Vec<String>,
        /// Collecting the head's designation document (Otro Aliado) after the DDC.
        #[serde(default)]
        designation: bool,
    },
}

/// An ally's escalation to a specialist (`tickets/`). `resume` is the flow the ally
/// left to ask for help, taken up again afterwards.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum TicketStep {
    /// Choosing the category.
    Category {
        #[serde(default)]
        resume: Option<Box<State>>,
    },
    /// Writing the question.
    Question {
        category: crate::domain::ticket::Category,
        #[serde(default)]
        resume: Option<Box<State>>,
    },
    /// A ticket is open: everything the ally sends goes to it.
    Open {
        ticket_id: i64,
        #[serde(default)]
        resume: Option<Box<State>>,
    },
    /// Rated: an optional comment.
    Comment {
        ticket_id: i64,
        #[serde(default)]
        resume: Option<Box<State>>,
    },
}

/// Staff chats.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum StaffStep {
    Home,
    /// Closing an ally's alert or FAD: waiting for the note.
    ClosingReport {
        report_id: i64,
    },
    Reviewing {
        request_id: i64,
        stage: crate::domain::stage::Stage,
    },
    Note {
        request_id: i64,
        stage: crate::domain::stage::Stage,
        action: staff::NoteFor,
    },
    /// A specialist inside a ticket: their texts and files go to the ally.
    Ticket {
        ticket_id: i64,
    },
    /// A specialist writing the resolution note that closes a ticket.
    TicketClosing {
        ticket_id: i64,
    },
}

/// The state plus the choices last offered, so a typed "2" picks the second one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(in crate::conversation) struct Persisted {
    pub state: State,
    /// Only in state saved by older versions: the `offered` column holds them now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub offered: Vec<Choice>,
    /// A flow kept aside while the chat does something else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused: Option<Box<State>>,
}

impl Persisted {
    /// A `conversations.state` column: in this version's shape, else in the one
    /// written before the states were composed by family (converted). `Err` is a row
    /// neither reads (the engine resets the chat); the error is the current shape's.
    pub fn read(json: &str) -> Result<Persisted, serde_json::Error> {
        // A row a notice made before the chat ever talked (`set_offered`): no state yet.
        if json.is_empty() {
            return Ok(Persisted::default());
        }
        serde_json::from_str(json).or_else(|e| legacy::read(json).ok_or(e))
    }
}

/// A chat's persisted state (`conversations.state`) read as [`Engine::handle`] reads
/// it: the flow and the flow kept aside. `Err` is a row the engine would reset; the
/// fixtures of every state older versions wrote must never get one
/// (`tests/it/states.rs`).
///
/// [`Engine::handle`]: super::Engine::handle
pub fn read_persisted(json: &str) -> Result<(State, Option<State>), serde_json::Error> {
    let persisted = Persisted::read(json)?;
    Ok((persisted.state, persisted.paused.map(|s| *s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state an older version wrote (`tests/it/fixtures/states/`), as read.
    fn old_rows() -> Vec<(String, Persisted)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/states");
        let mut rows: Vec<(String, Persisted)> = std::fs::read_dir(dir)
            .expect("fixtures")
            .flatten()
            .map(|e| {
                let json = std::fs::read_to_string(e.path()).expect("readable");
                let read = Persisted::read(&json).expect("an old row reads");
                (e.file_name().to_string_lossy().into_owned(), read)
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(&b.0));
        rows
    }

    /// The old shape's flows that are not a family's name now.
    const OLD_ONLY: &[&str] = &[
        "registering",
        "confirming_authority",
        "summary",
        "choosing_fix",
        "finding_request",
        "uploading",
        "staff_home",
        "staff_closing_report",
        "staff_reviewing",
        "staff_note",
        "staff_ticket",
        "staff_ticket_closing",
        "ticket_category",
        "ticket_question",
        "ticket_open",
        "ticket_comment",
    ];

    #[test]
    fn an_old_row_is_written_again_in_the_composed_shape_and_reads_the_same() {
        let rows = old_rows();
        assert_eq!(rows.len(), 37);
        for (name, read) in rows {
            let written = serde_json::to_string(&read).expect("writes");
            let again: Persisted = serde_json::from_str(&written)
                .unwrap_or_else(|e| panic!("{name}: {written} is not the current shape: {e}"));
            assert_eq!(
                format!("{:?}", again.state),
                format!("{:?}", read.state),
                "{name}"
            );
            assert_eq!(
                format!("{:?}", again.paused),
                format!("{:?}", read.paused),
                "{name}"
            );
            let flow = |tag: &str| format!("\"flow\":\"{tag}\"");
            for tag in OLD_ONLY {
                assert!(!written.contains(&flow(tag)), "{name}: {written}");
            }
        }
    }

    #[test]
    fn states_are_written_by_family_with_the_step_inside() {
        let state = State::Registration(RegistrationStep::Summary {
            data: Draft::default(),
        });
        let json = serde_json::to_value(&state).expect("writes");
        assert_eq!(json["flow"], "registration");
        assert_eq!(json["step"]["step"], "summary");
        let staff = serde_json::to_value(State::Staff(StaffStep::Home)).expect("writes");
        assert_eq!(
            staff,
            serde_json::json!({"flow": "staff", "step": {"step": "home"}})
        );
        let ticket = State::Ticket(TicketStep::Open {
            ticket_id: 5,
            resume: Some(Box::new(State::Request(RequestStep::Uploading {
                request_id: 12,
                code: "SOL-2026-000012".into(),
                photos: vec![],
                designation: false,
            }))),
        });
        let json = serde_json::to_value(&ticket).expect("writes");
        assert_eq!(json["flow"], "ticket");
        assert_eq!(json["step"]["step"], "open");
        assert_eq!(json["step"]["resume"]["flow"], "request");
        assert_eq!(json["step"]["resume"]["step"]["step"], "uploading");
        assert_eq!(
            serde_json::to_value(State::Idle).expect("writes"),
            serde_json::json!({"flow": "idle"})
        );
    }

    #[test]
    fn an_old_ticket_row_takes_up_its_old_flow_converted() {
        let old = r#"{"state":{"flow":"ticket_open","ticket_id":5,"resume":{"flow":"uploading","request_id":12,"code":"SOL-2026-000012"}},"paused":{"flow":"staff_home"}}"#;
        let read = Persisted::read(old).expect("reads");
        let State::Ticket(TicketStep::Open {
            ticket_id: 5,
            resume: Some(resume),
        }) = read.state
        else {
            panic!("{:?}", read.state)
        };
        assert!(matches!(
            *resume,
            State::Request(RequestStep::Uploading { request_id: 12, .. })
        ));
        assert!(matches!(
            read.paused.as_deref(),
            Some(State::Staff(StaffStep::Home))
        ));
        assert!(Persisted::read(r#"{"state":{"flow":"nowhere"}}"#).is_err());
    }

    /// A chat's state is moved by value through every step of a turn (and the
    /// futures that hold it): the registration's data stays behind a box so the
    /// state is a couple of hundred bytes, not the 1.4 kB it was (issue 27).
    #[test]
    fn the_state_stays_small_enough_to_move() {
        let size = std::mem::size_of::<State>();
        assert!(size <= 192, "State is {size} bytes");
        let draft = std::mem::size_of::<super::Draft>();
        assert!(draft <= 64, "Draft is {draft} bytes");
    }
}

//! Old persisted states still load: `fixtures/states/` holds one chat state of every
//! kind as the version before issue 21's restructuring wrote it (`Persisted` as JSON,
//! the `conversations.state` column). A state the engine can no longer read resets
//! the chat mid-dialogue, so each must read, into the flow it was in, with its data.

use std::path::Path;

use contigo_bot::conversation::read_persisted;

/// Each fixture, the flow it must read into (the start of its `Debug`) and a value
/// of it that must survive the reading.
const FIXTURES: &[(&str, &str, &str)] = &[
    ("idle", "Idle", "Idle"),
    ("registering", "Registering {", "ROSA ELENA"),
    ("registering_correction_form", "Registering {", "tok-reg-1"),
    (
        "confirming_authority",
        "ConfirmingAuthority {",
        "QUISPE HUAMAN",
    ),
    ("summary", "Summary {", "Restart { request_id: 9 }"),
    ("choosing_fix", "ChoosingFix {", "RegistrationLocal"),
    (
        "finding_request",
        "FindingRequest {",
        "code_matched: Some(12)",
    ),
    ("finding_request_ddc", "FindingRequest {", "Ddc"),
    ("finding_request_status", "FindingRequest {", "Status"),
    ("uploading", "Uploading {", "SOL-2026-000012"),
    ("staff_home", "StaffHome", "StaffHome"),
    (
        "staff_closing_report",
        "StaffClosingReport {",
        "report_id: 3",
    ),
    ("staff_reviewing", "StaffReviewing {", "UacReview"),
    ("staff_note", "StaffNote {", "Observe"),
    ("staff_note_unfavourable", "StaffNote {", "Unfavourable"),
    ("ticket_category", "TicketCategory {", "resume: None"),
    ("ticket_category_resume", "TicketCategory {", "150102"),
    ("ticket_question", "TicketQuestion {", "Reclamo"),
    ("ticket_open", "TicketOpen {", "SOL-2026-000012"),
    ("ticket_comment", "TicketComment {", "ticket_id: 5"),
    ("staff_ticket", "StaffTicket {", "ticket_id: 5"),
    (
        "staff_ticket_closing",
        "StaffTicketClosing {",
        "ticket_id: 5",
    ),
    ("ally_awaiting_contact", "Ally {", "AwaitingContact"),
    ("ally_picking_access", "Ally {", "[12, 13]"),
    ("ally_asking_dni", "Ally {", "AskingDni"),
    ("ally_alert_dni", "Ally {", "AlertDni"),
    ("ally_alert_kind", "Ally {", "tok-fad-1"),
    ("ally_alert_description", "Ally {", "CambioDomicilio"),
    ("ally_fad_dni", "Ally {", "FadDni"),
    ("ally_fad_address", "Ally {", "71234567"),
    ("ally_fad_reference", "Ally {", "Jr. Los Pinos 123"),
    ("ally_fad_phone", "Ally {", "frente al parque"),
    ("faq_menu", "Faq {", "Menu"),
    ("faq_answered", "Faq {", "question: 4"),
    ("faq_guide", "Faq {", "subir-ddc"),
    ("offered_inside", "StaffHome", "StaffHome"),
];

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/it/fixtures/states")
        .join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn old_persisted_states_still_load() {
    let mut wrong = vec![];
    for (name, flow, kept) in FIXTURES {
        match read_persisted(&fixture(name)) {
            Ok((state, paused)) => {
                let read = format!("{state:?}");
                if !read.starts_with(flow) || !read.contains(kept) || paused.is_some() {
                    wrong.push(format!("{name}: read as {read} (paused {paused:?})"));
                }
            }
            Err(e) => wrong.push(format!("{name}: unreadable, the chat would reset: {e}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn an_old_paused_flow_still_loads() {
    let (state, paused) = read_persisted(&fixture("paused_registering")).expect("readable");
    assert!(format!("{state:?}").starts_with("Faq {"), "{state:?}");
    let paused = format!("{paused:?}");
    assert!(
        paused.starts_with("Some(Registering {") && paused.contains("ROSA ELENA"),
        "{paused}"
    );
}

#[test]
fn every_fixture_is_checked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/states");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .flatten()
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect();
    files.sort();
    let mut listed: Vec<String> = FIXTURES.iter().map(|f| f.0.to_owned()).collect();
    listed.push("paused_registering".to_owned());
    listed.sort();
    assert_eq!(files, listed);
}

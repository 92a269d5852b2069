//! Tickets: an ally's request for a human, modelled on the MIDIS
//! attention process ("Orientación y Atención al Usuario", seed 004 §6): a request is
//! registered with its category, routed to a specialist, followed up in a
//! conversation and closed with a response, which the ally may rate.
//!
//! ```text
//! open ──take──▶ taken ──first reply──▶ answered ──close(note)──▶ closed
//!   │              └─derive to unit X─▶ derived ──take (X)──▶ investigating ──reply──▶ answered
//!   └──────────────┴───────────────────────┴── ally ends it ──▶ closed
//! ```
//!
//! Each ticket is a case of a unit (`Role`): the especialistas receive it, or OCI when
//! it is a denuncia; whoever holds it may derive it to another unit (UOT, UTI, UAJ,
//! OCI, especialistas), where a member of that unit takes it. Handing a ticket to a
//! colleague keeps its state, its unit, and changes its holder.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::stage::Role;
use crate::message::code_from_string;

/// The units a case may be derived to: the roles that hold cases.
pub const UNITS: [Role; 5] = [
    Role::Especialista,
    Role::Uot,
    Role::Uti,
    Role::Uaj,
    Role::Oci,
];

/// Whether members of this role hold cases (receive, take, answer, derive them).
pub fn is_unit(role: Role) -> bool {
    UNITS.contains(&role)
}

/// The categories of the MIDIS attention process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Consulta,
    Pedido,
    Reclamo,
    Queja,
    Denuncia,
    Sugerencia,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Consulta,
        Category::Pedido,
        Category::Reclamo,
        Category::Queja,
        Category::Denuncia,
        Category::Sugerencia,
    ];

    /// The stored id (also the CSV value).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Consulta => "consulta",
            Category::Pedido => "pedido",
            Category::Reclamo => "reclamo",
            Category::Queja => "queja",
            Category::Denuncia => "denuncia",
            Category::Sugerencia => "sugerencia",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The unit that receives a new case of this category: a denuncia goes straight
    /// to the control office (OCI), confidentially; everything else to the
    /// especialistas, who derive it where it belongs.
    pub fn receiving_unit(self) -> Role {
        match self {
            Category::Denuncia => Role::Oci,
            _ => Role::Especialista,
        }
    }

    /// Fluent id of the category's name (`locales/*/tickets.ftl`).
    pub fn message_key(self) -> &'static str {
        match self {
            Category::Consulta => "ticket-category-consulta",
            Category::Pedido => "ticket-category-pedido",
            Category::Reclamo => "ticket-category-reclamo",
            Category::Queja => "ticket-category-queja",
            Category::Denuncia => "ticket-category-denuncia",
            Category::Sugerencia => "ticket-category-sugerencia",
        }
    }
}

code_from_string!(Category, "ticket category");

/// Where a ticket is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    /// Registered, waiting for a specialist to take it.
    Open,
    /// Routed: a specialist took it but has not answered yet (in attention).
    Taken,
    /// Derived to a unit: waiting for one of its members to take it.
    Derived,
    /// Taken in the unit it was derived to, not answered yet (in investigation).
    Investigating,
    /// The specialist answered at least once; the conversation may go on.
    Answered,
    /// Responded and finished, by the specialist (with a note) or by the ally.
    Closed,
}

impl TicketState {
    pub const ALL: [TicketState; 6] = [
        TicketState::Open,
        TicketState::Taken,
        TicketState::Derived,
        TicketState::Investigating,
        TicketState::Answered,
        TicketState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::Taken => "taken",
            TicketState::Derived => "derived",
            TicketState::Investigating => "investigating",
            TicketState::Answered => "answered",
            TicketState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Messages still flow between ally and specialist.
    pub fn is_active(self) -> bool {
        self != TicketState::Closed
    }

    /// Waiting for someone of its unit to take it.
    pub fn is_untaken(self) -> bool {
        matches!(self, TicketState::Open | TicketState::Derived)
    }

    /// Held, and not answered yet: the first-response clock runs.
    pub fn is_held_unanswered(self) -> bool {
        matches!(self, TicketState::Taken | TicketState::Investigating)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            TicketState::Open => "ticket-state-open",
            TicketState::Taken => "ticket-state-taken",
            TicketState::Derived => "ticket-state-derived",
            TicketState::Investigating => "ticket-state-investigating",
            TicketState::Answered => "ticket-state-answered",
            TicketState::Closed => "ticket-state-closed",
        }
    }
}

code_from_string!(TicketState, "ticket state");

impl fmt::Display for TicketState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// "AT-2026-000012": the number the ally and the staff quote (AT, atención). Derived
/// from the row id, so replicas never collide.
pub fn ticket_code(year: i32, id: i64) -> String {
    format!("AT-{year}-{id:06}")
}

/// The two kinds of an ally's report about someone in their padrón, each numbered
/// by its own counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllyCaseKind {
    Alert,
    Fad,
}

impl AllyCaseKind {
    /// The stored kind (`ally_reports.kind`, `case_counters.kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            AllyCaseKind::Alert => "alert",
            AllyCaseKind::Fad => "fad",
        }
    }

    pub fn prefix(self) -> &'static str {
        match self {
            AllyCaseKind::Alert => "ALE",
            AllyCaseKind::Fad => "FAD",
        }
    }

    /// "ALE-000012".
    pub fn number(self, seq: i64) -> String {
        format!("{}-{seq:06}", self.prefix())
    }
}

/// A case's number as the ally quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseNumber {
    /// A ticket's code, as stored ("AT-2026-000012").
    Ticket(String),
    /// An alert's or a FAD's number within its kind.
    Ally(AllyCaseKind, i64),
}

impl CaseNumber {
    /// A case number somewhere in a text, however typed: "AT-2026-000012",
    /// "at 2026 12", "¿cómo va mi alerta ALE-000012?", "fad 3", "FAD000003".
    pub fn find(text: &str) -> Option<CaseNumber> {
        Self::found(text).map(|(number, _)| number)
    }

    /// A case number that is the whole text ("AT-2026-000012", "ale 1",
    /// " FAD-000003. "): None when anything else is written with it ("¿cómo va
    /// ALE-000001?" is a sentence, not a number).
    pub fn alone(text: &str) -> Option<CaseNumber> {
        Self::found(text)
            .filter(|(_, whole)| *whole)
            .map(|(number, _)| number)
    }

    /// The first case number in a text, and whether it is all the text has (but
    /// punctuation and spaces).
    fn found(text: &str) -> Option<(CaseNumber, bool)> {
        // Letters and digits apart: "FAD000003" reads as "FAD 000003".
        let mut spaced = String::with_capacity(text.len() + 8);
        let mut last: Option<char> = None;
        for c in text.chars() {
            let c = c.to_ascii_uppercase();
            if !c.is_ascii_alphanumeric() {
                spaced.push(' ');
            } else {
                if last.is_some_and(|l| l.is_ascii_alphabetic() != c.is_ascii_alphabetic()) {
                    spaced.push(' ');
                }
                spaced.push(c);
            }
            last = Some(c).filter(char::is_ascii_alphanumeric);
        }
        let tokens: Vec<&str> = spaced.split_whitespace().collect();
        let number = |t: &str| -> Option<i64> {
            (t.len() <= 9 && t.chars().all(|c| c.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
                .filter(|n| *n > 0)
        };
        for (i, t) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1).copied();
            match *t {
                "AT" => {
                    let year = next.filter(|y| y.len() == 4).and_then(number);
                    let n = tokens.get(i + 2).copied().and_then(number);
                    if let (Some(year), Some(n)) = (year, n)
                        && (2000..2200).contains(&year)
                    {
                        let number = CaseNumber::Ticket(ticket_code(year as i32, n));
                        return Some((number, tokens.len() == 3));
                    }
                }
                "ALE" | "FAD" => {
                    if let Some(n) = next.and_then(number) {
                        let kind = if *t == "ALE" {
                            AllyCaseKind::Alert
                        } else {
                            AllyCaseKind::Fad
                        };
                        return Some((CaseNumber::Ally(kind, n), tokens.len() == 2));
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// As the store writes it.
    pub fn text(&self) -> String {
        match self {
            CaseNumber::Ticket(code) => code.clone(),
            CaseNumber::Ally(kind, seq) => kind.number(*seq),
        }
    }
}

/// The ally's rating of the answer, 1 (bad) to 5 (very good).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    pub fn new(n: i64) -> Option<Self> {
        u8::try_from(n)
            .ok()
            .filter(|n| (1..=5).contains(n))
            .map(Rating)
    }

    /// What people type: "4", " 5 ", "4/5", "5 estrellas".
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        let first = t.chars().next()?.to_digit(10)?;
        let rest = &t[1..];
        // "45" or "4.5" is not a rating from 1 to 5.
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
            return None;
        }
        Rating::new(i64::from(first))
    }

    pub fn value(self) -> i64 {
        i64::from(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_and_states_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for s in TicketState::ALL {
            assert_eq!(TicketState::parse(s.as_str()), Some(s));
        }
        assert_eq!(Category::parse("otro"), None);
        assert!(!TicketState::Closed.is_active());
        assert!(TicketState::Taken.is_active());
    }

    #[test]
    fn a_case_number_alone_is_told_from_one_in_a_sentence() {
        let alert = Some(CaseNumber::Ally(AllyCaseKind::Alert, 1));
        assert_eq!(CaseNumber::alone("ALE-000001"), alert);
        assert_eq!(CaseNumber::alone(" ale 1. "), alert);
        assert_eq!(
            CaseNumber::alone("AT-2026-000012"),
            Some(CaseNumber::Ticket("AT-2026-000012".into()))
        );
        assert_eq!(CaseNumber::alone("¿cómo va ALE-000001?"), None);
        assert_eq!(CaseNumber::alone("ALE-000001 ya lo envié"), None);
        assert_eq!(CaseNumber::alone("Hola"), None);
        assert!(CaseNumber::find("¿cómo va ALE-000001?").is_some());
    }

    #[test]
    fn case_numbers_are_found_however_typed() {
        let at = Some(CaseNumber::Ticket("AT-2026-000012".into()));
        assert_eq!(CaseNumber::find("AT-2026-000012"), at);
        assert_eq!(CaseNumber::find("¿cómo va mi caso at 2026 12?"), at);
        assert_eq!(
            CaseNumber::find("¿cómo va mi alerta ALE-000012?"),
            Some(CaseNumber::Ally(AllyCaseKind::Alert, 12))
        );
        assert_eq!(
            CaseNumber::find("fad000003"),
            Some(CaseNumber::Ally(AllyCaseKind::Fad, 3))
        );
        assert_eq!(
            CaseNumber::find("fad 3").map(|n| n.text()),
            Some("FAD-000003".into())
        );
        // Not a number: a DNI, a request code, words.
        assert_eq!(CaseNumber::find("45678912"), None);
        assert_eq!(CaseNumber::find("CTG-2026-000012"), None);
        assert_eq!(CaseNumber::find("at the office"), None);
        assert_eq!(CaseNumber::find("la FAD"), None);
    }

    #[test]
    fn ticket_codes_are_padded() {
        assert_eq!(ticket_code(2026, 12), "AT-2026-000012");
    }

    #[test]
    fn ratings_are_one_to_five_as_typed() {
        assert_eq!(Rating::parse("4").map(Rating::value), Some(4));
        assert_eq!(Rating::parse(" 5 estrellas").map(Rating::value), Some(5));
        assert_eq!(Rating::parse("3/5").map(Rating::value), Some(3));
        assert_eq!(Rating::parse("0"), None);
        assert_eq!(Rating::parse("6"), None);
        assert_eq!(Rating::parse("45"), None);
        assert_eq!(Rating::parse("4.5"), None);
        assert_eq!(Rating::parse("bien"), None);
        assert_eq!(Rating::new(1).map(Rating::value), Some(1));
        assert_eq!(Rating::new(9), None);
    }
}

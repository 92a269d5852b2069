//! Tickets: an ally's request for a human, modelled on the MIDIS
//! attention process ("Orientación y Atención al Usuario", seed 004 §6): a request is
//! registered with its category, routed to a specialist, followed up in a
//! conversation and closed with a response, which the ally may rate.
//!
//! ```text
//! open ──take──▶ taken ──first reply──▶ answered ──close(note)──▶ closed
//!   └──────────────┴───────────────────────┴── ally ends it ──▶ closed
//! ```
//!
//! Handing a ticket to a colleague keeps its state and changes its specialist.

use std::fmt;

use serde::{Deserialize, Serialize};

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

/// Where a ticket is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketState {
    /// Registered, waiting for a specialist to take it.
    Open,
    /// Routed: a specialist took it but has not answered yet.
    Taken,
    /// The specialist answered at least once; the conversation may go on.
    Answered,
    /// Responded and finished, by the specialist (with a note) or by the ally.
    Closed,
}

impl TicketState {
    pub const ALL: [TicketState; 4] = [
        TicketState::Open,
        TicketState::Taken,
        TicketState::Answered,
        TicketState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketState::Open => "open",
            TicketState::Taken => "taken",
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

    pub fn message_key(self) -> &'static str {
        match self {
            TicketState::Open => "ticket-state-open",
            TicketState::Taken => "ticket-state-taken",
            TicketState::Answered => "ticket-state-answered",
            TicketState::Closed => "ticket-state-closed",
        }
    }
}

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

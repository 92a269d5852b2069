//! `/console/`: where a member's console opens, by role. One section (a reviewer's
//! desk, a specialist's tickets) opens at once; a member whose roles work in several
//! gets a home listing each.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use super::auth::Signed;
use super::desk::{self, DeskQuery};
use super::error::ConsoleError;
use super::tickets;
use super::views::Console;

/// A section of the console a member's roles work in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Desk,
    Tickets,
    Cases,
    Ctvc,
    Supervisor,
    Coverage,
}

impl Section {
    fn href(self) -> &'static str {
        match self {
            Self::Desk => desk::DESK,
            Self::Tickets => "/console/tickets",
            Self::Cases => super::cases::LIST,
            Self::Ctvc => "/console/ctvc",
            Self::Supervisor => "/console/supervisor",
            Self::Coverage => "/console/coverage",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Self::Desk => "console-home-desk",
            Self::Tickets => "console-home-tickets",
            Self::Cases => "console-home-cases",
            Self::Ctvc => "console-home-ctvc",
            Self::Supervisor => "console-home-supervisor",
            Self::Coverage => "console-home-coverage",
        }
    }
}

/// The sections a member's roles work in, in the header's order.
pub fn sections(signed: &Signed) -> Vec<Section> {
    let v = &signed.viewer;
    [
        (v.desk, Section::Desk),
        (v.tickets, Section::Tickets),
        (v.cases, Section::Cases),
        (v.ctvc, Section::Ctvc),
        (v.supervises, Section::Supervisor),
    ]
    .into_iter()
    .filter_map(|(works, s)| works.then_some(s))
    .collect()
}

#[derive(Debug, Serialize)]
struct Link {
    href: &'static str,
    text: String,
}

/// `GET /console/`: the desk or the tickets inbox when that is all a member works
/// (the page itself, not a redirect, so an action's message shows there), else the
/// list of their sections.
pub async fn home(
    State(c): State<Console>,
    signed: Signed,
    Query(q): Query<DeskQuery>,
) -> Result<Response, ConsoleError> {
    let sections = sections(&signed);
    match sections.as_slice() {
        [] | [Section::Desk] => desk::as_home(&c, &signed, &q).await,
        [Section::Tickets] => tickets::as_home(&c, &signed).await,
        many => {
            // Coverage is a report, not a place of work: listed beside the sections
            // of those who may read it (UAC, supervisors), never their landing page.
            let coverage = super::coverage::allowed(&signed).then_some(Section::Coverage);
            let links: Vec<Link> = many
                .iter()
                .chain(coverage.iter())
                .map(|s| Link {
                    href: s.href(),
                    text: c.t(signed.lang, s.key(), &[]),
                })
                .collect();
            Ok(c.page(
                StatusCode::OK,
                signed.lang,
                "home.html",
                Some(&signed.viewer),
                context! { sections => Value::from(Serde(&links)) },
            ))
        }
    }
}

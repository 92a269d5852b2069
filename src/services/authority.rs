//! The JNE list re-checks accesses: each `import autoridades` compares
//! every pending, renewing and active access of a district or region with the new
//! list; where the list names another authority than the request's (a new mayor or
//! governor takes office on 1 January after elections), the change is recorded with
//! the term for a DDC signed by the new authority, UAC sees it on the desk and the
//! responsible is told. A list imported again tells nobody twice.

use chrono::NaiveDate;

use crate::domain::calendar::BusinessCalendar;
use crate::domain::jne::{self, JneCheck};
use crate::domain::stage::Stage;
use crate::events::Event;
use crate::store::jne::{self as store_jne, AuthorityChange};
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError};

/// The stages whose authority still matters: pending, renewing (a renewal is a
/// request in one of them) and active.
pub const LIVE: [Stage; 7] = [
    Stage::AwaitingDdc,
    Stage::UacReview,
    Stage::Observed,
    Stage::LegalReview,
    Stage::DirectorAuthorization,
    Stage::AccountCreation,
    Stage::Active,
];

/// A change the re-check found for the first time.
#[derive(Debug, Clone)]
pub struct Found {
    pub request: RequestRow,
    pub change: AuthorityChange,
}

/// Compares every live access with the imported list; records and returns the
/// changes not seen before. `term_days`: business days for the new authority's DDC.
pub async fn recheck(
    conn: &mut Conn,
    calendar: &BusinessCalendar,
    term_days: u32,
    today: NaiveDate,
    now: i64,
) -> Result<Vec<Found>, StoreError> {
    let mut found = vec![];
    for stage in LIVE {
        for request in requests::at_stage(conn, stage).await? {
            let Some((ubigeos, cargo)) = jne::lookup(request.access_type, &request.jurisdiction)
            else {
                continue;
            };
            let listed = store_jne::listed(conn, &ubigeos).await?;
            if !matches!(
                jne::check(cargo, &request.authority_dni, &listed),
                JneCheck::DniMismatch { .. }
            ) {
                continue;
            }
            let Some(new) = listed.iter().find(|a| a.cargo.starts_with(cargo)) else {
                continue;
            };
            let change = AuthorityChange {
                request_id: request.id,
                listed_dni: new.dni.clone(),
                listed_names: new.names.clone(),
                found_at: now,
                due_on: calendar.add_business_days(today, term_days),
            };
            if store_jne::flag_change(conn, &change).await? {
                found.push(Found { request, change });
            }
        }
    }
    Ok(found)
}

/// What the changes found call for: the responsible told (chat, and e-mail copies
/// to the authority and the responsible), UAC told in its chats.
pub fn events(found: &[Found]) -> Vec<Event> {
    found
        .iter()
        .map(|f| Event::AuthorityChanged {
            request: f.request.clone(),
            listed_names: f.change.listed_names.clone(),
            due_on: f.change.due_on,
        })
        .collect()
}

/// The changes UAC still has to see settled, with their requests.
pub async fn open(conn: &mut Conn) -> Result<Vec<Found>, StoreError> {
    let mut out = vec![];
    for change in store_jne::open_changes(conn, &LIVE).await? {
        if let Some(request) = requests::get(conn, change.request_id).await? {
            out.push(Found { request, change });
        }
    }
    Ok(out)
}

//! The program's actions, one set behind every front door (see docs/ARCHITECTURE.md).
//! The chat, the console, the Mini App, the WhatsApp Flows, the scheduler and the CLI
//! call these functions; each acts through the access policy (`domain::policy`) and
//! returns [`crate::events::Event`]s. None writes a chat message or decides about
//! e-mail: `notify` renders the events for every recipient and channel.

pub mod audit;
pub mod authority;
pub mod corrections;
pub mod coverage;
pub mod ddc;
pub mod ddc_proof;
pub mod escalation;
pub mod lessons;
pub mod new_ddc;
pub mod reports;
pub mod requests;
pub mod requests_export;
pub mod review;
pub mod tickets;
pub mod transcribe;

use crate::domain::policy::Who;
use crate::store::staff::StaffMember;

/// A staff member as the access policy knows them.
pub fn who(member: &StaffMember) -> Who<'_> {
    Who::Staff {
        id: member.id,
        roles: &member.roles,
    }
}

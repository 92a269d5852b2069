//! The review workflow as a service: applies a stage transition (checked by the
//! domain's stage machine), records it, and reports what it caused as events, which
//! the caller hands to `notify` in the same transaction: the applicant is told what
//! happened, what comes next and by when; the staff of the next stage get the item in
//! their queue; an access replaced by a new responsible is superseded and its
//! responsible told.

use chrono::NaiveDate;

use crate::config::Settings;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::jne::{self, JneCheck};
use crate::domain::request::{AuthorityOnDdc, RequestKind};
use crate::domain::stage::{Action, Actor, Stage, TransitionError, transition};
use crate::events::Event;
use crate::message::Channel;
use crate::store::Conn;
use crate::store::StoreError;
use crate::store::bindings;
use crate::store::files;
use crate::store::jne as store_jne;
use crate::store::requests::{self, RequestRow};

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error("request not found")]
    NotFound,
    /// Someone else moved it first; it is now at this stage.
    #[error("request already moved to {0}")]
    Moved(Stage),
    #[error(transparent)]
    Refused(#[from] TransitionError),
    /// UAC cannot pass a request whose signed DDC on file names another authority
    /// than its data (the authority was corrected after it was signed).
    #[error("the signed DDC on file names another authority")]
    SignedDdcNamesOtherAuthority(AuthorityOnDdc),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for WorkflowError {
    fn from(e: sqlx::Error) -> Self {
        WorkflowError::Store(StoreError::Db(e))
    }
}

/// What the workflow needs to know of the world for one operation.
pub struct Workflow<'a> {
    pub settings: &'a Settings,
    pub calendar: &'a BusinessCalendar,
    pub today: NaiveDate,
}

impl Workflow<'_> {
    /// The due date of a stage entered today, if the stage has a term.
    pub fn due(&self, stage: Stage) -> Option<NaiveDate> {
        let days = self.settings.terms.term_for(stage)?;
        Some(self.calendar.add_business_days(self.today, days))
    }

    /// The expected account date for a request at `stage` with `due` for it.
    pub fn expected_account(&self, stage: Stage, due: Option<NaiveDate>) -> Option<NaiveDate> {
        use Stage::*;
        let ahead: &[Stage] = match stage {
            AwaitingDdc => &[
                UacReview,
                LegalReview,
                DirectorAuthorization,
                AccountCreation,
            ],
            UacReview | Observed => &[LegalReview, DirectorAuthorization, AccountCreation],
            LegalReview => &[DirectorAuthorization, AccountCreation],
            DirectorAuthorization => &[AccountCreation],
            AccountCreation => &[],
            _ => return None,
        };
        let start = if stage == AwaitingDdc {
            self.today
        } else {
            due.unwrap_or(self.today)
        };
        let days: u32 = ahead
            .iter()
            .filter_map(|s| self.settings.terms.term_for(*s))
            .sum();
        Some(self.calendar.add_business_days(start, days))
    }

    /// Applies `action` to a request that the actor saw at stage `expected`; returns
    /// the moved request and what must be told to whom.
    #[allow(clippy::too_many_arguments)]
    pub async fn apply(
        &self,
        conn: &mut Conn,
        request_id: i64,
        expected: Stage,
        action: &Action,
        actor: &Actor,
        actor_label: &str,
        note: Option<&str>,
        now: i64,
    ) -> Result<(RequestRow, Vec<Event>), WorkflowError> {
        let row = requests::get(conn, request_id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if row.stage != expected {
            return Err(WorkflowError::Moved(row.stage));
        }
        let to = transition(row.stage, action, actor)?;
        if matches!(action, Action::Conforme)
            && let Some(signed) = other_authority_on_file(conn, &row).await?
        {
            return Err(WorkflowError::SignedDdcNamesOtherAuthority(signed));
        }
        let due = self.due(to);
        let note = action
            .reason()
            .or(note)
            .map(str::trim)
            .filter(|n| !n.is_empty());
        if !requests::move_stage(conn, row.id, row.stage, to, due, actor_label, note, now).await? {
            let fresh = requests::get(conn, row.id)
                .await?
                .ok_or(WorkflowError::NotFound)?;
            return Err(WorkflowError::Moved(fresh.stage));
        }
        let moved = requests::get(conn, row.id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        let mut events = vec![];
        // The applicant already hears about their own upload in the conversation.
        if !matches!(actor, Actor::Applicant) {
            events.push(self.moved(&moved, note.map(str::to_owned)));
        }
        if let Some(role) = to.responsible_role() {
            events.push(Event::NewStaffItem {
                role,
                request: moved.clone(),
            });
        }
        if to == Stage::Active {
            events.extend(self.supersede_previous(conn, &moved, now).await?);
        }
        Ok((moved, events))
    }

    /// The applicant's notice of a request now at its stage.
    fn moved(&self, request: &RequestRow, note: Option<String>) -> Event {
        Event::RequestMoved {
            expected_account: self.expected_account(request.stage, request.stage_due_on),
            request: request.clone(),
            note,
        }
    }

    /// A new responsible became active: the previous access of the jurisdiction ends.
    async fn supersede_previous(
        &self,
        conn: &mut Conn,
        new: &RequestRow,
        now: i64,
    ) -> Result<Vec<Event>, WorkflowError> {
        let mut events = vec![];
        let previous = requests::active_in(conn, new.access_type, &new.jurisdiction).await?;
        // A renewal takes over the access it renews: same jurisdiction, and the same
        // chats keep querying if the responsible did not change.
        if new.kind == RequestKind::Renewal
            && let Some(renewed) = new.previous_id
            && let Some(old) = requests::get(conn, renewed).await?
            && old.data.resp_dni == new.data.resp_dni
        {
            bindings::carry_over(conn, renewed, new.id, now).await?;
        }
        for old in previous.into_iter().filter(|r| r.id != new.id) {
            let to = transition(old.stage, &Action::Supersede, &Actor::System)?;
            // Renewed, not lost: the renewal's own notice tells the applicant.
            let renewed = new.kind == RequestKind::Renewal && new.previous_id == Some(old.id);
            let note = format!(
                "{} {}",
                new.code,
                if renewed { "renewal" } else { "superseded" }
            );
            if requests::move_stage(
                conn,
                old.id,
                old.stage,
                to,
                None,
                "system",
                Some(&note),
                now,
            )
            .await?
                && !renewed
                && let Some(fresh) = requests::get(conn, old.id).await?
            {
                events.push(self.moved(&fresh, Some(new.code.clone())));
            }
        }
        Ok(events)
    }
}

/// Who the signed DDC on file names, when that is not the authority the request's
/// data now names (it was corrected after the DDC was signed).
pub async fn other_authority_on_file(
    conn: &mut Conn,
    row: &RequestRow,
) -> Result<Option<AuthorityOnDdc>, StoreError> {
    let signed = files::signed_ddc_authority(conn, row.id, None).await?;
    Ok(signed.filter(|s| *s != row.data.authority_on_ddc()))
}

/// The request's authority checked against the imported JNE list.
pub async fn jne_check(conn: &mut Conn, row: &RequestRow) -> Result<JneCheck, StoreError> {
    let Some((ubigeos, cargo)) = jne::lookup(row.access_type, &row.jurisdiction) else {
        return Ok(JneCheck::NotApplicable);
    };
    if !store_jne::imported(conn).await? {
        return Ok(JneCheck::ListNotImported);
    }
    let listed = store_jne::listed(conn, &ubigeos).await?;
    Ok(jne::check(cargo, &row.authority_dni, &listed))
}

/// The chat of a request's applicant, as a channel.
pub fn applicant_channel(row: &RequestRow) -> Option<Channel> {
    Channel::parse(&row.channel)
}

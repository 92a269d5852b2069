//! The review workflow as a service: applies a stage transition (checked by the
//! domain's stage machine), records it, and reports what it caused as events, which
//! the caller hands to `notify` in the same transaction: the applicant is told what
//! happened, what comes next and by when; the staff of the next stage get the item in
//! their queue; an access replaced by a new responsible is superseded and its
//! responsible told.

use chrono::NaiveDate;

use crate::config::Settings;
use crate::domain::calendar::{BusinessCalendar, lima_date};
use crate::domain::jne::{self, JneCheck};
use crate::domain::policy::{self, Act, Record, Who};
use crate::domain::request::{AuthorityOnDdc, RequestKind};
use crate::domain::stage::{Action, Actor, Stage, TransitionError, transition};
use crate::events::Event;
use crate::message::{Channel, ChatKey};
use crate::store::Conn;
use crate::store::StoreError;
use crate::store::bindings;
use crate::store::files;
use crate::store::jne as store_jne;
use crate::store::requests::{self, RequestRow};
use crate::store::staff::StaffMember;

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
    /// UAC cannot pass a request whose signed DDC on file answers a DDC printed
    /// before a correction of what it prints: the new DDC must be signed.
    #[error("the signed DDC on file is from before a correction")]
    SignedDdcOutdated,
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

    /// Business days from the signed DDC entering UAC review to the account: every
    /// review term.
    pub fn review_days(&self) -> u32 {
        Stage::REVIEW
            .iter()
            .filter_map(|s| self.settings.terms.term_for(*s))
            .sum()
    }

    /// The one rule for the expected account date: the day the request entered UAC
    /// review plus every review term. Fixed then, so it does not drift as stages end
    /// early or late; a fixed observation starts review again, and a new date.
    pub fn account_date_from(&self, entered_review: NaiveDate) -> NaiveDate {
        self.calendar
            .add_business_days(entered_review, self.review_days())
    }

    /// The request's expected account date while it is in review; `None` before the
    /// signed DDC arrives, while observed, and once the account exists or ended.
    pub async fn expected_account(
        &self,
        conn: &mut Conn,
        row: &RequestRow,
    ) -> Result<Option<NaiveDate>, StoreError> {
        if !Stage::REVIEW.contains(&row.stage) {
            return Ok(None);
        }
        if let Some(on) = requests::expected_account(conn, row.id).await? {
            return Ok(Some(on));
        }
        // Entered review before the date was kept: the same rule, from the history.
        let history = requests::transitions(conn, row.id).await?;
        let entered = history
            .iter()
            .rev()
            .find(|t| t.to == Stage::UacReview.as_str())
            .and_then(|t| chrono::DateTime::from_timestamp(t.at, 0))
            .map(lima_date);
        Ok(entered.map(|d| self.account_date_from(d)))
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
        if matches!(action, Action::Conforme) && files::signed_ddc_outdated(conn, row.id).await? {
            return Err(WorkflowError::SignedDdcOutdated);
        }
        // A suspension until a date keeps the date as its stage's due date: the
        // scheduler restores it then.
        let due = match action {
            Action::Suspend { until, .. } => *until,
            _ => self.due(to),
        };
        let note = action
            .reason()
            .or(note)
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let reason = action.observation_reason();
        if !requests::move_stage_why(
            conn,
            row.id,
            row.stage,
            to,
            due,
            actor_label,
            note,
            reason,
            now,
        )
        .await?
        {
            let fresh = requests::get(conn, row.id)
                .await?
                .ok_or(WorkflowError::NotFound)?;
            return Err(WorkflowError::Moved(fresh.stage));
        }
        if to == Stage::UacReview {
            requests::set_expected_account(conn, row.id, self.account_date_from(self.today))
                .await?;
        }
        let moved = requests::get(conn, row.id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        log_moved(&moved.code, row.stage, to, actor_label);
        // Suspended, revoked or restored by the program: its chats hear it at once.
        if matches!(
            to,
            Stage::Suspended | Stage::RevocationReview | Stage::Revoked
        ) || (row.stage == Stage::Suspended && to == Stage::Active)
        {
            let changed = status_changed(conn, &moved, note, now).await?;
            return Ok((moved, changed));
        }
        let mut events = vec![];
        // An access that stops being active ends its bindings; a bound chat hears it
        // at once, and the applicant's chat, if bound, hears it once.
        let ended = if row.stage.keeps_bindings() {
            end_bindings(conn, &moved, now).await?
        } else {
            vec![]
        };
        // The applicant already hears about their own upload in the conversation.
        if !matches!(actor, Actor::Applicant) && !told_in(&ended, &moved) {
            events.push(self.moved(conn, &moved, note.map(str::to_owned)).await?);
        }
        events.extend(ended);
        if let Some(role) = to.responsible_role() {
            events.push(Event::NewStaffItem {
                role,
                request: moved.clone(),
            });
        }
        if to == Stage::Active {
            events.extend(self.supersede_previous(conn, &moved, now).await?);
            events.extend(self.invitation(conn, &moved).await?);
        }
        Ok((moved, events))
    }

    /// The applicant's notice of a request now at its stage.
    async fn moved(
        &self,
        conn: &mut Conn,
        request: &RequestRow,
        note: Option<String>,
    ) -> Result<Event, StoreError> {
        Ok(Event::RequestMoved {
            expected_account: self.expected_account(conn, request).await?,
            request: request.clone(),
            note,
        })
    }

    /// On WhatsApp, the responsible of a newly active access is invited to bind their
    /// registered mobile, unless the access was requested from that very chat or the
    /// chat is already bound to it (the same responsible renewing).
    async fn invitation(
        &self,
        conn: &mut Conn,
        access: &RequestRow,
    ) -> Result<Option<Event>, StoreError> {
        if !self.settings.secrets.whatsapp_sends() {
            return Ok(None);
        }
        let Some(chat_id) = access.data.resp_phone.as_ref().and_then(|p| p.wa_id()) else {
            return Ok(None);
        };
        let chat = ChatKey::new(Channel::Whatsapp, &chat_id);
        if access.made_from(chat) {
            return Ok(None);
        }
        let bound = bindings::open(conn, chat).await?;
        if bound.is_some_and(|b| b.request_id == access.id) {
            return Ok(None);
        }
        Ok(Some(Event::InviteResponsible {
            request: access.clone(),
            chat_id,
        }))
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
                // The same responsible carries on (a renewal): the chat stays bound.
                if fresh.data.resp_phone.is_some() && fresh.data.resp_phone == new.data.resp_phone {
                    bindings::carry_over(conn, fresh.id, new.id, now).await?;
                }
                log_moved(&fresh.code, old.stage, to, "system");
                let ended = end_bindings(conn, &fresh, now).await?;
                if !told_in(&ended, &fresh) {
                    events.push(self.moved(conn, &fresh, Some(new.code.clone())).await?);
                }
                events.extend(ended);
            }
        }
        Ok(events)
    }
}

/// An approved access moved by the program (suspended, its revocation proposed or
/// confirmed, restored): who hears it, and DE's queue for a revocation to confirm.
/// A revoked access's bindings end here, told by this one notice.
async fn status_changed(
    conn: &mut Conn,
    access: &RequestRow,
    note: Option<&str>,
    now: i64,
) -> Result<Vec<Event>, StoreError> {
    let bound = if access.stage.keeps_bindings() {
        bindings::open_for_request(conn, access.id).await?
    } else {
        bindings::end_for_request(conn, access.id, access.stage.as_str(), now).await?
    };
    let mut chats = vec![(access.channel.clone(), access.chat_id.clone())];
    for b in bound {
        let chat = (b.channel, b.chat_id);
        if !chats.contains(&chat) {
            chats.push(chat);
        }
    }
    let mut events = vec![Event::AccessStatusChanged {
        access: access.clone(),
        chats,
        note: note.map(str::to_owned),
    }];
    if let Some(role) = access.stage.responsible_role() {
        events.push(Event::NewStaffItem {
            role,
            request: access.clone(),
        });
    }
    Ok(events)
}

/// Ends the bindings of an access that is no longer active: one event per bound chat.
async fn end_bindings(
    conn: &mut Conn,
    access: &RequestRow,
    now: i64,
) -> Result<Vec<Event>, StoreError> {
    let ended = bindings::end_for_request(conn, access.id, access.stage.as_str(), now).await?;
    Ok(ended
        .into_iter()
        .map(|binding| Event::AccessEnded {
            binding,
            access: access.clone(),
        })
        .collect())
}

/// Whether the applicant's own chat is among the bound chats told by `events`.
fn told_in(events: &[Event], request: &RequestRow) -> bool {
    events.iter().any(|e| {
        matches!(e, Event::AccessEnded { binding, .. }
            if request.made_from(binding.chat()))
    })
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

/// What a staff member may see of a request, by the access policy (who handled it is
/// read from its history): its personal data, its signed documents, and whether they
/// may act on its stage. The chat and the console ask this one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StaffView {
    pub data: bool,
    pub documents: bool,
    pub act: bool,
}

pub async fn staff_view(
    conn: &mut Conn,
    member: &StaffMember,
    row: &RequestRow,
) -> Result<StaffView, StoreError> {
    let handled = requests::handled_by(conn, row.id).await?;
    let who = Who::Staff {
        id: member.id,
        roles: &member.roles,
    };
    let request = Record::Request {
        id: row.id,
        stage: row.stage,
        handled_by: &handled,
    };
    let document = Record::SignedDocument {
        id: row.id,
        stage: row.stage,
        handled_by: &handled,
    };
    let may = |act, record| policy::decide(who, act, record).allowed();
    Ok(StaffView {
        data: may(Act::SeePersonalData, request),
        documents: may(Act::SeePersonalData, document),
        act: may(Act::Act, request),
    })
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
    Some(row.channel)
}

/// Every stage change at INFO: the request code, the stages and who moved it (a staff
/// member by id only; no names or personal data in logs).
fn log_moved(code: &str, from: Stage, to: Stage, actor_label: &str) {
    let actor = actor_label.split(' ').next().unwrap_or(actor_label);
    tracing::info!(
        request = code,
        from = from.as_str(),
        to = to.as_str(),
        actor,
        "stage changed"
    );
}

//! A new signed DDC on the program's request (the DDC's Anexo 3: "a solicitud del
//! Programa"). UAC asks an active access for one, with why; a new DDC with a new
//! verification code is issued and the responsible hears it (the applicant's chat
//! and every bound chat, an e-mail copy with the DDC attached) with the term in
//! business days (`terms.new_ddc`). The signed paper comes back through the same
//! checks as the first one (`super::ddc_proof`); UAC accepts it. Past the term
//! without it, the scheduler suspends the access; UAC's acceptance restores it.
//! Every move is in the stage history (who, when, why).
//!
//! The chat's review and the console's desk act through [`act`], which takes these
//! two actions here and every other one to `review::act`.

use crate::domain::stage::{Action, Actor, Stage};
use crate::events::Event;
use crate::store::files;
use crate::store::new_ddc::{self as store, NewDdcAsk};
use crate::store::requests::{self, RequestRow};
use crate::store::staff::StaffMember;
use crate::store::{Conn, StoreError};

use super::ddc::{self, DdcMaker};
use super::requests::{Workflow, WorkflowError, chats_of};
use super::review::{self, ReviewError};

/// The language of the notes kept in the history, as every note is kept.
const HISTORY_LANG: &str = "es";

/// A reviewer's action on a request: the new DDC's two here, any other through
/// the review desk (`review::act`). Events for the caller's notifier.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    conn: &mut Conn,
    workflow: &Workflow<'_>,
    maker: DdcMaker<'_>,
    member: &StaffMember,
    id: i64,
    expected: Stage,
    action: &Action,
    note: Option<&str>,
    now: i64,
) -> Result<(RequestRow, Vec<Event>), ReviewError> {
    let decision = Decision {
        workflow,
        maker,
        member,
        id,
        expected,
        now,
    };
    match action {
        Action::AskNewDdc { reason } => decision.ask(conn, reason).await,
        Action::AcceptNewDdc => decision.accept(conn).await,
        _ => decision.review(conn, action, note).await,
    }
}

/// One reviewer's decision on one request, as the desk took it: who, on which
/// request seen at which stage, and when.
struct Decision<'a> {
    workflow: &'a Workflow<'a>,
    maker: DdcMaker<'a>,
    member: &'a StaffMember,
    id: i64,
    expected: Stage,
    now: i64,
}

impl Decision<'_> {
    /// The action through the review desk: the policy, then the workflow.
    async fn review(
        &self,
        conn: &mut Conn,
        action: &Action,
        note: Option<&str>,
    ) -> Result<(RequestRow, Vec<Event>), ReviewError> {
        review::act(
            conn,
            self.workflow,
            self.member,
            self.id,
            self.expected,
            action,
            note,
            self.now,
        )
        .await
    }

    /// UAC asks the access for a new signed DDC, for `reason`: the history records
    /// it with the term, the new DDC is issued with a new verification code, and its
    /// chats hear it with the DDC.
    async fn ask(
        &self,
        conn: &mut Conn,
        reason: &str,
    ) -> Result<(RequestRow, Vec<Event>), ReviewError> {
        let (workflow, id) = (self.workflow, self.id);
        if store::open_for(conn, id).await?.is_some() {
            return Err(ReviewError::NewDdcAlreadyAsked);
        }
        let reason = reason.trim();
        let due_on = workflow
            .calendar
            .add_business_days(workflow.today, workflow.settings.terms.new_ddc);
        // The history's note says what was asked, why and by when.
        let note = self.maker.locales.t_args(
            HISTORY_LANG,
            "history-new-ddc-asked",
            &[
                ("reason", reason.to_owned().into()),
                ("date", due_on.format("%d/%m/%Y").to_string().into()),
            ],
        );
        let (moved, _) = self
            .review(conn, &Action::AskNewDdc { reason: note }, None)
            .await?;
        let by = self.member.actor_label();
        if !store::ask(conn, id, &by, reason, due_on, self.now).await? {
            return Err(ReviewError::NewDdcAlreadyAsked);
        }
        let (printed, sha) = ddc::issue(
            conn,
            self.maker,
            &moved,
            moved.fiscal_year,
            true,
            workflow.today,
            self.now,
        )
        .await?;
        let chats = chats_of(conn, &printed).await?;
        let event = Event::NewDdcAsked {
            access: printed.clone(),
            chats,
            reason: reason.to_owned(),
            due_on,
            ddc_sha256: sha,
        };
        Ok((printed, vec![event]))
    }

    /// UAC accepts the new signed DDC that arrived: the ask is closed; a suspended
    /// access is active again (its chats hear it restored), an active one stays so
    /// (its chats hear nothing more is due).
    async fn accept(&self, conn: &mut Conn) -> Result<(RequestRow, Vec<Event>), ReviewError> {
        let id = self.id;
        let Some(ask) = store::open_for(conn, id).await?.filter(|a| !a.awaited()) else {
            return Err(ReviewError::NoNewDdcToAccept);
        };
        // The signed paper must answer the DDC issued with the ask (its code).
        if files::signed_ddc_outdated(conn, id).await? {
            return Err(WorkflowError::SignedDdcOutdated.into());
        }
        let note = self
            .maker
            .locales
            .t(HISTORY_LANG, "history-new-ddc-accepted");
        let (moved, mut events) = self
            .review(conn, &Action::AcceptNewDdc, Some(&note))
            .await?;
        store::accepted(conn, ask.id, &self.member.actor_label(), self.now).await?;
        if self.expected == Stage::Active {
            let chats = chats_of(conn, &moved).await?;
            events.push(Event::NewDdcAccepted {
                access: moved.clone(),
                chats,
            });
        }
        Ok((moved, events))
    }
}

/// The open ask whose signed DDC this access awaits or holds for UAC (not accepted
/// yet), while the access is active or suspended: an upload then answers it.
pub async fn awaited(conn: &mut Conn, row: &RequestRow) -> Result<Option<NewDdcAsk>, StoreError> {
    if !matches!(row.stage, Stage::Active | Stage::Suspended) {
        return Ok(None);
    }
    store::open_for(conn, row.id).await
}

/// The signed DDC arrived (checked by `ddc_proof` before): the history records it
/// (`label`: who sent it; `note`: the words kept), and UAC hears it has one to accept.
pub async fn receive(
    conn: &mut Conn,
    workflow: &Workflow<'_>,
    row: &RequestRow,
    label: &str,
    note: &str,
    now: i64,
) -> Result<(RequestRow, Vec<Event>), WorkflowError> {
    let Some(ask) = awaited(conn, row).await? else {
        return Err(WorkflowError::Moved(row.stage));
    };
    let (moved, _) = workflow
        .apply(
            conn,
            row.id,
            row.stage,
            &Action::UploadNewDdc,
            &Actor::Applicant,
            label,
            Some(note),
            now,
        )
        .await?;
    store::received(conn, ask.id, now).await?;
    Ok((moved.clone(), vec![Event::NewDdcReceived { access: moved }]))
}

/// The term of `ask` ended without the signed DDC: the access is suspended
/// (`reason`: the words kept and told), its chats lose the padrón and hear why.
/// `None` when the access moved meanwhile.
pub async fn lapse(
    conn: &mut Conn,
    workflow: &Workflow<'_>,
    ask: &NewDdcAsk,
    reason: &str,
    now: i64,
) -> Result<Option<Vec<Event>>, StoreError> {
    let moved = workflow
        .apply(
            conn,
            ask.request_id,
            Stage::Active,
            &Action::LapseNewDdc,
            &Actor::System,
            "system",
            Some(reason),
            now,
        )
        .await;
    match moved {
        Ok((_, events)) => {
            store::lapsed(conn, ask.id, now).await?;
            Ok(Some(events))
        }
        Err(WorkflowError::Store(e)) => Err(e),
        Err(e) => {
            tracing::debug!(error = %e, "new DDC lapse skipped");
            Ok(None)
        }
    }
}

/// What the reviewer reads of an open ask, the same in the chat and the console
/// (`ta` translates): when and why it was asked, the term, whether it arrived.
pub fn describe(ta: crate::i18n::Translate<'_>, ask: &NewDdcAsk) -> String {
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    let on = |at: i64| {
        chrono::DateTime::from_timestamp(at, 0)
            .map(|t| day(crate::domain::calendar::lima_date(t)))
            .unwrap_or_default()
    };
    ta(
        "staff-new-ddc-line",
        &[
            ("asked", on(ask.asked_at).into()),
            ("reason", ask.reason.clone().into()),
            ("date", day(ask.due_on).into()),
            (
                "received",
                ask.received_at.map_or("no".to_owned(), on).into(),
            ),
        ],
    )
}

/// The accesses whose new signed DDC waits for UAC, oldest first.
pub async fn awaiting_acceptance(conn: &mut Conn) -> Result<Vec<RequestRow>, StoreError> {
    let mut out = vec![];
    for id in store::awaiting_acceptance(conn).await? {
        if let Some(row) = requests::get(conn, id).await? {
            out.push(row);
        }
    }
    Ok(out)
}

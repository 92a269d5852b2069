//! The review workflow as a service: applies a stage transition (checked by the
//! domain's stage machine), records it, and writes every notification it causes to
//! the outbox in the same transaction: the applicant is told what happened, what
//! comes next and by when; the staff of the next stage get the item in their queue;
//! an access replaced by a new responsible is superseded and its responsible told.

use chrono::NaiveDate;

use crate::config::Settings;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::request::AccessType;
use crate::domain::stage::{Action, Actor, Role, Stage, TransitionError, transition};
use crate::domain::ubigeo::Catalog;
use crate::i18n::{Arg, Locales};
use crate::message::{Channel, Choice, Outbound};
use crate::outbox::wall_now;
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError, outbox, staff};

#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    #[error("request not found")]
    NotFound,
    /// Someone else moved it first; it is now at this stage.
    #[error("request already moved to {0}")]
    Moved(Stage),
    #[error(transparent)]
    Refused(#[from] TransitionError),
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
    pub locales: &'a Locales,
    pub settings: &'a Settings,
    pub calendar: &'a BusinessCalendar,
    pub today: NaiveDate,
}

fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "Acoria (Huancavelica, Huancavelica)", "Región Huancavelica" or the entity's name.
pub fn jurisdiction_label(row: &RequestRow) -> String {
    match row.access_type {
        AccessType::Local => row
            .data
            .ubigeo
            .as_ref()
            .and_then(|u| Catalog::embedded().district(u))
            .map(|d| d.label())
            .unwrap_or_else(|| row.jurisdiction.clone()),
        AccessType::Regional => Catalog::embedded()
            .region_name(&row.jurisdiction)
            .unwrap_or_else(|| row.jurisdiction.clone()),
        AccessType::Other => row
            .data
            .entity_name
            .as_ref()
            .map(|e| e.to_string())
            .unwrap_or_else(|| row.jurisdiction.clone()),
    }
}

/// Writes one message to a chat's outbox.
pub async fn enqueue(
    conn: &mut Conn,
    channel: &str,
    chat_id: &str,
    message: &Outbound,
) -> Result<(), StoreError> {
    let payload = serde_json::to_string(message)?;
    outbox::enqueue(conn, channel, chat_id, &payload, wall_now()).await?;
    Ok(())
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

    /// Applies `action` to a request that the actor saw at stage `expected`.
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
    ) -> Result<RequestRow, WorkflowError> {
        let row = requests::get(conn, request_id)
            .await?
            .ok_or(WorkflowError::NotFound)?;
        if row.stage != expected {
            return Err(WorkflowError::Moved(row.stage));
        }
        let to = transition(row.stage, action, actor)?;
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
        // The applicant already hears about their own upload in the conversation.
        if !matches!(actor, Actor::Applicant) {
            self.notify_applicant(conn, &moved, note).await?;
        }
        if let Some(role) = to.responsible_role() {
            self.notify_staff(conn, role, &moved).await?;
        }
        if to == Stage::Active {
            self.supersede_previous(conn, &moved, now).await?;
        }
        Ok(moved)
    }

    /// Tells the applicant, in their language and on their channel, what happened.
    pub async fn notify_applicant(
        &self,
        conn: &mut Conn,
        row: &RequestRow,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        let lang = self.locales.pick(Some(&row.locale));
        let t = |key: &str| self.locales.t(lang, key);
        let mut args: Vec<(&str, Arg)> = vec![
            ("code", row.code.clone().into()),
            ("jurisdiction", jurisdiction_label(row).into()),
            ("reason", note.unwrap_or_default().into()),
            ("year", i64::from(row.fiscal_year).into()),
        ];
        if let Some(due) = row.stage_due_on {
            args.push(("date", date(due).into()));
        }
        if let Some(expected) = self.expected_account(row.stage, row.stage_due_on) {
            args.push(("expected", date(expected).into()));
        }
        let key = format!("notify-{}", row.stage.as_str().replace('_', "-"));
        let choices = match row.stage {
            Stage::Observed => vec![
                Choice {
                    id: "m:fixobs".into(),
                    label: t("menu-fix-observation"),
                },
                Choice {
                    id: "m:upload".into(),
                    label: t("menu-upload"),
                },
            ],
            Stage::Lapsed | Stage::Rejected | Stage::Expired => vec![Choice {
                id: "m:register".into(),
                label: t("menu-register"),
            }],
            _ => vec![Choice {
                id: "m:status".into(),
                label: t("menu-status"),
            }],
        };
        let text = self.locales.t_args(lang, &key, &args);
        enqueue(
            conn,
            &row.channel,
            &row.chat_id,
            &Outbound::Text { text, choices },
        )
        .await
    }

    /// Puts a new item in the queue of every staff member holding `role`.
    async fn notify_staff(
        &self,
        conn: &mut Conn,
        role: Role,
        row: &RequestRow,
    ) -> Result<(), StoreError> {
        for member in staff::with_role(conn, role).await? {
            let Some((channel, chat_id)) = member.address() else {
                continue;
            };
            let lang = self.locales.pick(Some(&member.locale));
            let text = self.locales.t_args(
                lang,
                "staff-new-item",
                &[
                    ("code", row.code.clone().into()),
                    ("jurisdiction", jurisdiction_label(row).into()),
                    (
                        "stage",
                        self.locales.t(lang, row.stage.message_key()).into(),
                    ),
                    (
                        "date",
                        row.stage_due_on.map(date).unwrap_or_default().into(),
                    ),
                ],
            );
            let open = Choice {
                id: format!("rv:{}", row.id),
                label: self.locales.t(lang, "staff-open"),
            };
            enqueue(
                conn,
                channel.as_str(),
                &chat_id,
                &Outbound::Text {
                    text,
                    choices: vec![open],
                },
            )
            .await?;
        }
        Ok(())
    }

    /// A new responsible became active: the previous access of the jurisdiction ends.
    async fn supersede_previous(
        &self,
        conn: &mut Conn,
        new: &RequestRow,
        now: i64,
    ) -> Result<(), WorkflowError> {
        let previous = requests::active_in(conn, new.access_type, &new.jurisdiction).await?;
        for old in previous.into_iter().filter(|r| r.id != new.id) {
            let to = transition(old.stage, &Action::Supersede, &Actor::System)?;
            let note = format!("{} {}", new.code, "superseded");
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
                && let Some(fresh) = requests::get(conn, old.id).await?
            {
                self.notify_applicant(conn, &fresh, Some(&new.code)).await?;
            }
        }
        Ok(())
    }
}

/// The chat of a request's applicant, as a channel.
pub fn applicant_channel(row: &RequestRow) -> Option<Channel> {
    Channel::parse(&row.channel)
}

//! The review desk: what a staff role works and may do with a request, the actions
//! of each stage, the action itself (through the access policy and the workflow),
//! and every refusal's message. The chat's review (`conversation::staff`) and the
//! console's desk (`http::console::desk`) call these same functions, so a reviewer
//! gets the same answer and the applicant the same notices through either door.
//! What a member may see of one request is [`super::requests::staff_view`].

use crate::domain::form;
use crate::domain::form::InputKind;
use crate::domain::observation::ObservationReason;
use crate::domain::policy::{self, Act, Record};
use crate::domain::request::{AccessType, AuthorityOnDdc, Field, RequestData};
use crate::domain::stage::{Action, Actor, Role, Stage, TransitionError};
use crate::domain::ubigeo::{Catalog, Ubigeo};
use crate::events::Event;
use crate::i18n::{Arg, Translate};
use crate::message::ReviewAct;
use crate::store::requests::{self, RequestRow};
use crate::store::staff::StaffMember;
use crate::store::{Conn, StoreError};
use chrono::NaiveDate;

use super::requests::{Workflow, WorkflowError};

/// Prepared reasons to suspend or revoke an access (the reviewer may also type one).
pub const SUSPENSION_REASONS: [&str; 4] = [
    "susp-reason-misuse",
    "susp-reason-new-ddc",
    "susp-reason-authority",
    "susp-reason-entity",
];

fn review_stage(role: Role) -> Option<Stage> {
    match role {
        Role::Uac => Some(Stage::UacReview),
        Role::Uaj => Some(Stage::LegalReview),
        Role::De => Some(Stage::DirectorAuthorization),
        Role::Uti => Some(Stage::AccountCreation),
        Role::Especialista | Role::Supervisor | Role::Dpo | Role::Uot | Role::Oci => None,
    }
}

/// The stages whose requests a member works (a supervisor: every review stage).
pub fn queue_stages(member: &StaffMember) -> Vec<Stage> {
    if member.has(Role::Supervisor) {
        return vec![
            Stage::UacReview,
            Stage::LegalReview,
            Stage::DirectorAuthorization,
            Stage::AccountCreation,
            Stage::RevocationReview,
        ];
    }
    let mut stages: Vec<Stage> = member
        .roles
        .iter()
        .filter_map(|r| review_stage(*r))
        .collect();
    // DE also confirms the revocations UAC decides.
    if member.has(Role::De) {
        stages.push(Stage::RevocationReview);
    }
    stages
}

/// The actions of a stage, in the order reviewers see them (chat and console).
pub fn stage_actions(stage: Stage) -> &'static [ReviewAct] {
    match stage {
        Stage::UacReview => &[ReviewAct::Conforme, ReviewAct::Observe, ReviewAct::Reject],
        Stage::LegalReview => &[ReviewAct::Favourable, ReviewAct::Unfavourable],
        Stage::DirectorAuthorization => &[ReviewAct::Authorise, ReviewAct::Reject],
        Stage::AccountCreation => &[ReviewAct::AccountCreated],
        Stage::Active => &[
            ReviewAct::AcceptNewDdc,
            ReviewAct::AskNewDdc,
            ReviewAct::Suspend,
            ReviewAct::Revoke,
        ],
        Stage::Suspended => &[
            ReviewAct::AcceptNewDdc,
            ReviewAct::Restore,
            ReviewAct::Revoke,
        ],
        Stage::RevocationReview => &[ReviewAct::ConfirmRevocation, ReviewAct::DeclineRevocation],
        _ => &[],
    }
}

/// The actions a reviewer is offered on one request: its stage's, less the new
/// DDC's that do not apply now (asked already; none arrived to accept). The chat
/// and the console offer these.
pub async fn actions_on(conn: &mut Conn, row: &RequestRow) -> Result<Vec<ReviewAct>, StoreError> {
    let ask = crate::store::new_ddc::open_for(conn, row.id).await?;
    Ok(stage_actions(row.stage)
        .iter()
        .copied()
        .filter(|act| match act {
            ReviewAct::AskNewDdc => ask.is_none(),
            ReviewAct::AcceptNewDdc => ask.as_ref().is_some_and(|a| !a.awaited()),
            _ => true,
        })
        .collect())
}

/// The label of an action's button.
pub fn action_key(act: ReviewAct) -> &'static str {
    match act {
        ReviewAct::Conforme => "staff-action-conforme",
        ReviewAct::Observe => "staff-action-observe",
        ReviewAct::Reject => "staff-action-reject",
        ReviewAct::Favourable => "staff-action-favourable",
        ReviewAct::Unfavourable => "staff-action-unfavourable",
        ReviewAct::Authorise => "staff-action-authorise",
        ReviewAct::AccountCreated => "staff-action-created",
        ReviewAct::Suspend => "staff-action-suspend",
        ReviewAct::Restore => "staff-action-restore",
        ReviewAct::Revoke => "staff-action-revoke",
        ReviewAct::ConfirmRevocation => "staff-action-confirm-revocation",
        ReviewAct::DeclineRevocation => "staff-action-decline-revocation",
        ReviewAct::AskNewDdc => "staff-action-ask-new-ddc",
        ReviewAct::AcceptNewDdc => "staff-action-accept-new-ddc",
    }
}

/// A reviewer's decision with its note as a stage action; None while a note the
/// action needs (an observation, a rejection, an unfavourable opinion: at least 3
/// characters) is missing. `listed`: the prepared observation reason picked, kept as
/// a code beside the note (its words are the note when none is typed).
pub fn review_action(
    act: ReviewAct,
    note: Option<&str>,
    listed: Option<ObservationReason>,
) -> Option<Action> {
    let note = note.map(str::trim).filter(|n| n.chars().count() >= 3);
    Some(match act {
        ReviewAct::Conforme => Action::Conforme,
        ReviewAct::Authorise => Action::Authorise,
        ReviewAct::AccountCreated => Action::AccountCreated,
        ReviewAct::Favourable => Action::Favourable,
        ReviewAct::Observe => Action::Observe {
            reason: note?.to_owned(),
            code: listed,
        },
        ReviewAct::Reject => Action::Reject {
            reason: note?.to_owned(),
        },
        ReviewAct::Unfavourable => {
            note?;
            Action::Unfavourable
        }
        ReviewAct::Suspend => Action::Suspend {
            reason: note?.to_owned(),
            until: None,
        },
        ReviewAct::Restore => Action::Restore,
        ReviewAct::Revoke => Action::Revoke {
            reason: note?.to_owned(),
        },
        ReviewAct::ConfirmRevocation => Action::ConfirmRevocation,
        ReviewAct::DeclineRevocation => Action::DeclineRevocation {
            reason: note?.to_owned(),
        },
        ReviewAct::AskNewDdc => Action::AskNewDdc {
            reason: note?.to_owned(),
        },
        ReviewAct::AcceptNewDdc => Action::AcceptNewDdc,
    })
}

/// A suspension until a date (the scheduler restores it then); `None` while the
/// reason is missing or the date is not after `today`.
pub fn suspension_until(
    note: Option<&str>,
    until: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Option<Action> {
    let reason = note.map(str::trim).filter(|n| n.chars().count() >= 3)?;
    (until > today).then(|| Action::Suspend {
        reason: reason.to_owned(),
        until: Some(until),
    })
}

/// Whether an action needs a note: the ones that explain a refusal or a closing.
pub fn needs_note(act: ReviewAct) -> bool {
    matches!(
        act,
        ReviewAct::Observe
            | ReviewAct::Reject
            | ReviewAct::Unfavourable
            | ReviewAct::Suspend
            | ReviewAct::Revoke
            | ReviewAct::DeclineRevocation
            | ReviewAct::AskNewDdc
    )
}

/// Why a review action was not done.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The access policy does not let this member act on the request.
    #[error("not allowed to act on the request")]
    NotAllowed,
    /// UAC already asked this access for a new DDC that is not accepted yet.
    #[error("a new DDC is already asked for")]
    NewDdcAlreadyAsked,
    /// No new signed DDC arrived to accept.
    #[error("no new signed DDC to accept")]
    NoNewDdcToAccept,
    #[error(transparent)]
    Workflow(#[from] WorkflowError),
}

impl From<StoreError> for ReviewError {
    fn from(e: StoreError) -> Self {
        ReviewError::Workflow(WorkflowError::Store(e))
    }
}

/// What a review action came to, as the reviewer reads it (`ta` translates): the
/// same words in the chat and the console. None for a store failure (the caller's
/// own failure page or message).
pub fn refusal(ta: Translate<'_>, e: &ReviewError) -> Option<String> {
    Some(match e {
        ReviewError::NotAllowed => ta("staff-access-refused", &[]),
        ReviewError::NewDdcAlreadyAsked => ta("staff-new-ddc-already-asked", &[]),
        ReviewError::NoNewDdcToAccept => ta("staff-new-ddc-none-to-accept", &[]),
        ReviewError::Workflow(WorkflowError::NotFound) => ta("staff-not-found", &[]),
        ReviewError::Workflow(WorkflowError::Moved(now)) => ta(
            "staff-already-moved",
            &[("stage", ta(now.message_key(), &[]).into())],
        ),
        ReviewError::Workflow(WorkflowError::Refused(e)) => transition_refusal(ta, e),
        ReviewError::Workflow(WorkflowError::SignedDdcNamesOtherAuthority(signed)) => ta(
            "staff-ddc-other-authority-refused",
            &[("signed", signed.full_name().into())],
        ),
        ReviewError::Workflow(WorkflowError::SignedDdcOutdated) => {
            ta("staff-ddc-outdated-refused", &[])
        }
        ReviewError::Workflow(WorkflowError::Store(_)) => return None,
    })
}

/// Why the stage machine refused an action, in words; `ta` translates.
pub fn transition_refusal(ta: Translate<'_>, e: &TransitionError) -> String {
    let args: Vec<(&str, Arg)> = match e {
        TransitionError::NotAllowedFromStage { from, .. } => {
            vec![("stage", ta(from.message_key(), &[]).into())]
        }
        TransitionError::WrongRole { needed } => {
            vec![("role", ta(needed.message_key(), &[]).into())]
        }
        _ => vec![],
    };
    ta(e.key(), &args)
}

/// A reviewer's action on a request at the stage they saw (`expected`): the access
/// policy on that stage or the current one, then the workflow's transition. The
/// events (the applicant's notice, the next queue's item, e-mail copies) are the
/// caller's to hand to the notifier in the same transaction.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    conn: &mut Conn,
    workflow: &Workflow<'_>,
    member: &StaffMember,
    id: i64,
    expected: Stage,
    action: &Action,
    note: Option<&str>,
    now: i64,
) -> Result<(RequestRow, Vec<Event>), ReviewError> {
    let Some(row) = requests::get(conn, id).await? else {
        return Err(WorkflowError::NotFound.into());
    };
    let handled = requests::handled_by(conn, row.id).await?;
    let record = Record::Request {
        id: row.id,
        stage: row.stage,
        handled_by: &handled,
    };
    // The policy answers for the stage the member saw: a request moved meanwhile is
    // the workflow's "another person already moved it".
    let seen = Record::Request {
        id: row.id,
        stage: expected,
        handled_by: &handled,
    };
    let who = super::who(member);
    if !policy::decide(who, Act::Act, seen).allowed()
        && !policy::decide(super::who(member), Act::Act, record).allowed()
    {
        return Err(ReviewError::NotAllowed);
    }
    let actor = Actor::Staff {
        roles: member.roles.clone(),
    };
    let moved = workflow
        .apply(
            conn,
            id,
            expected,
            action,
            &actor,
            &member.actor_label(),
            note,
            now,
        )
        .await?;
    Ok(moved)
}

/// The human-readable value of a field, with `t` translating message keys: the
/// chat's and the console's one way of showing a request's data.
pub fn field_value(t: &dyn Fn(&str) -> String, data: &RequestData, f: Field) -> String {
    let catalog = Catalog::embedded();
    let def = f.def();
    let shown = (def.get)(data).and_then(|raw| match def.kind {
        InputKind::Choice(opts) => Some(
            opts.iter()
                .find(|o| o.value == raw)
                .map_or(raw, |o| t(o.label)),
        ),
        InputKind::District => Ubigeo::parse(&raw)
            .ok()
            .and_then(|u| catalog.district(&u))
            .map(|d| d.label()),
        InputKind::Region => catalog.region_name(&raw),
        // "24/11/2026", as every message writes a date.
        InputKind::Date => NaiveDate::parse_from_str(&raw, "%Y-%m-%d")
            .ok()
            .map(|d| d.format("%d/%m/%Y").to_string()),
        _ => Some(raw),
    });
    shown.unwrap_or_else(|| t("value-empty"))
}

/// What the reviewer compares on the signed DDC, in the same words in the chat and
/// the console: whom the current DDC names and its verification code, and the
/// warning when the signed DDC on file names another authority than the request's
/// (`other`: `requests::other_authority_on_file`, read before so no translator is
/// held across an await).
pub fn ddc_notes(
    ta: Translate<'_>,
    row: &RequestRow,
    other: Option<AuthorityOnDdc>,
) -> Vec<String> {
    let mut notes = vec![];
    if let (Some(expected), Some(code)) = (&row.ddc_authority, &row.verification_code) {
        notes.push(ta(
            "staff-ddc-expected",
            &[
                ("name", expected.full_name().into()),
                ("dni", expected.dni.clone().into()),
                ("code", code.grouped().into()),
            ],
        ));
    }
    if let Some(signed) = other {
        let current = row.data.authority_on_ddc();
        notes.push(ta(
            "staff-ddc-other-authority",
            &[
                ("signed", signed.full_name().into()),
                ("signed_dni", signed.dni.clone().into()),
                ("current", current.full_name().into()),
                ("current_dni", current.dni.into()),
                // An Otro Aliado's head is no authority.
                ("access", row.access_type.as_str().into()),
            ],
        ));
    }
    notes
}

/// A field's label, naming the authority of the request's access type; `ta`
/// translates a message key with arguments (the chat's and the console's labels).
pub fn field_label(ta: Translate<'_>, data: &RequestData, f: Field) -> String {
    ta(
        f.def().label,
        &[
            (
                "authority",
                Arg::Str(ta(form::authority_key(data.access_type), &[])),
            ),
            // The head of an Otro Aliado entity is no elected authority.
            (
                "access",
                Arg::from(data.access_type.map_or("local", AccessType::as_str)),
            ),
        ],
    )
}

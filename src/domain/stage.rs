//! The review stages of an access request (Directive 06-2020-MIDIS/PNPDS-DE, 7.3 to
//! 7.6) and the only function allowed to move a request between them.
//!
//! ```text
//! draft ─submit─▶ awaiting_ddc ─upload_ddc─▶ uac_review
//! uac_review ─conforme─▶ legal_review        uac_review ─observe─▶ observed
//! observed ─fix_observation─▶ uac_review      observed ─lapse_observation─▶ lapsed
//! legal_review ─favourable─▶ director_authorization   legal_review ─unfavourable─▶ rejected
//! director_authorization ─authorise─▶ account_creation ─account_created─▶ active
//! uac_review | legal_review | director_authorization ─reject─▶ rejected
//! active ─supersede─▶ superseded              active | suspended ─expire─▶ expired
//! active ─suspend─▶ suspended ─restore─▶ active   (UAC; the scheduler on the date set)
//! active ─ask_new_ddc─▶ active                   (UAC asks a new signed DDC, with a term)
//! active | suspended ─upload_new_ddc─▶ (same)      (the applicant returns it signed)
//! active | suspended ─accept_new_ddc─▶ active      (UAC accepts it: restored if suspended)
//! active ─lapse_new_ddc─▶ suspended               (a new DDC asked for, not brought)
//! active | suspended ─revoke─▶ revocation_review ─confirm_revocation─▶ revoked (DE)
//! revocation_review ─decline_revocation─▶ suspended
//! ```
//!
//! A suspended access, or one whose revocation DE is weighing, opens no padrón: its
//! bound chats stay bound (a restore opens it again) but read nothing.
//!
//! Recording who moved what and when belongs to the store; this module only decides.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::observation::ObservationReason;

/// Where an access request is in its review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Draft,
    AwaitingDdc,
    UacReview,
    Observed,
    LegalReview,
    DirectorAuthorization,
    AccountCreation,
    Active,
    Rejected,
    Lapsed,
    Superseded,
    Expired,
    /// UAC suspended the access (reversible: restored by UAC, or on the date set).
    Suspended,
    /// UAC revoked the access; DE confirms. Closed meanwhile.
    RevocationReview,
    /// The access ended for good by the program's decision.
    Revoked,
}

impl Stage {
    pub const ALL: [Stage; 15] = [
        Stage::Draft,
        Stage::AwaitingDdc,
        Stage::UacReview,
        Stage::Observed,
        Stage::LegalReview,
        Stage::DirectorAuthorization,
        Stage::AccountCreation,
        Stage::Active,
        Stage::Rejected,
        Stage::Lapsed,
        Stage::Superseded,
        Stage::Expired,
        Stage::Suspended,
        Stage::RevocationReview,
        Stage::Revoked,
    ];

    /// The stages of an approved access, open or closed for a while: its chats stay
    /// bound to it (only [`Stage::Active`] opens the padrón).
    pub fn keeps_bindings(self) -> bool {
        matches!(
            self,
            Stage::Active | Stage::Suspended | Stage::RevocationReview
        )
    }

    /// The stages a program unit works, with a term each (queues, digests).
    pub const REVIEW: [Stage; 4] = [
        Stage::UacReview,
        Stage::LegalReview,
        Stage::DirectorAuthorization,
        Stage::AccountCreation,
    ];

    /// Stable snake_case name, as stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::AwaitingDdc => "awaiting_ddc",
            Stage::UacReview => "uac_review",
            Stage::Observed => "observed",
            Stage::LegalReview => "legal_review",
            Stage::DirectorAuthorization => "director_authorization",
            Stage::AccountCreation => "account_creation",
            Stage::Active => "active",
            Stage::Rejected => "rejected",
            Stage::Lapsed => "lapsed",
            Stage::Superseded => "superseded",
            Stage::Expired => "expired",
            Stage::Suspended => "suspended",
            Stage::RevocationReview => "revocation_review",
            Stage::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == s)
    }

    /// No action leaves these stages; a new request starts over.
    /// The signed DDC is in and a unit is reviewing the request (UAC to UTI).
    pub fn is_under_review(self) -> bool {
        matches!(
            self,
            Stage::UacReview
                | Stage::LegalReview
                | Stage::DirectorAuthorization
                | Stage::AccountCreation
        )
    }

    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Stage::Rejected | Stage::Lapsed | Stage::Superseded | Stage::Expired | Stage::Revoked
        )
    }

    /// The staff role that must act while a request is in this stage.
    pub fn responsible_role(self) -> Option<Role> {
        match self {
            Stage::UacReview => Some(Role::Uac),
            Stage::LegalReview => Some(Role::Uaj),
            Stage::DirectorAuthorization => Some(Role::De),
            Stage::AccountCreation => Some(Role::Uti),
            Stage::RevocationReview => Some(Role::De),
            _ => None,
        }
    }

    /// Fluent id of the stage's name for users (`locales/*/stages.ftl`).
    pub fn message_key(self) -> &'static str {
        match self {
            Stage::Draft => "stage-draft",
            Stage::AwaitingDdc => "stage-awaiting-ddc",
            Stage::UacReview => "stage-uac-review",
            Stage::Observed => "stage-observed",
            Stage::LegalReview => "stage-legal-review",
            Stage::DirectorAuthorization => "stage-director-authorization",
            Stage::AccountCreation => "stage-account-creation",
            Stage::Active => "stage-active",
            Stage::Rejected => "stage-rejected",
            Stage::Lapsed => "stage-lapsed",
            Stage::Superseded => "stage-superseded",
            Stage::Expired => "stage-expired",
            Stage::Suspended => "stage-suspended",
            Stage::RevocationReview => "stage-revocation-review",
            Stage::Revoked => "stage-revoked",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A staff role from the staff registry. One person may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Unidad de Acompañamiento: first review of requirements.
    Uac,
    /// Unidad de Asesoría Jurídica: legal evaluation.
    Uaj,
    /// Dirección Ejecutiva: authorises the account.
    De,
    /// Unidad de Tecnologías de la Información: creates the account.
    Uti,
    /// Especialista de Articulación: answers escalations.
    Especialista,
    /// Overdue digests, staff registry, reports.
    Supervisor,
    /// The program's data-protection officer (Ley 29733): reads the audit of reads of
    /// personal data and answers data subjects.
    Dpo,
    /// Unidad de Operaciones y Transferencias: owns the padrón, works allies' alerts and
    /// data updates (FAD), answers the cases derived to it.
    Uot,
    /// Órgano de Control Institucional: receives denuncias, confidentially.
    Oci,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Uac,
        Role::Uaj,
        Role::De,
        Role::Uti,
        Role::Especialista,
        Role::Supervisor,
        Role::Dpo,
        Role::Uot,
        Role::Oci,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Uac => "uac",
            Role::Uaj => "uaj",
            Role::De => "de",
            Role::Uti => "uti",
            Role::Especialista => "especialista",
            Role::Supervisor => "supervisor",
            Role::Dpo => "dpo",
            Role::Uot => "uot",
            Role::Oci => "oci",
        }
    }

    /// Accepts the stored name in any case (operators type it on the CLI).
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|role| role.as_str() == s)
    }

    /// Fluent id of the role's name for users (`locales/*/stages.ftl`).
    pub fn message_key(self) -> &'static str {
        match self {
            Role::Uac => "role-uac",
            Role::Uaj => "role-uaj",
            Role::De => "role-de",
            Role::Uti => "role-uti",
            Role::Especialista => "role-especialista",
            Role::Supervisor => "role-supervisor",
            Role::Dpo => "role-dpo",
            Role::Uot => "role-uot",
            Role::Oci => "role-oci",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who attempts a transition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// The ally who filed the request (or its current responsible).
    Applicant,
    /// A registered staff member with their roles.
    Staff { roles: Vec<Role> },
    /// The scheduler: lapses, fiscal-year expiry, supersession.
    System,
}

impl Actor {
    pub fn staff(roles: impl IntoIterator<Item = Role>) -> Actor {
        Actor::Staff {
            roles: roles.into_iter().collect(),
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        matches!(self, Actor::Staff { roles } if roles.contains(&role))
    }
}

/// What someone does to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Applicant sends the completed form.
    Submit,
    /// Applicant returns the signed DDC.
    UploadDdc,
    /// UAC finds the requirements complete.
    Conforme,
    /// UAC returns the request to the applicant to fix: the note the applicant reads,
    /// and the prepared reason it came from (`None` for one typed freely).
    Observe {
        reason: String,
        code: Option<ObservationReason>,
    },
    /// Applicant sends corrected data or a new DDC.
    FixObservation,
    /// The observation term passed without a fix.
    LapseObservation,
    /// UAJ's legal opinion is favourable.
    Favourable,
    /// UAJ's legal opinion is unfavourable: the request is rejected.
    Unfavourable,
    /// DE authorises creating the account.
    Authorise,
    /// UTI created the account.
    AccountCreated,
    /// The stage's reviewer rejects the request.
    Reject { reason: String },
    /// A new responsible for the same jurisdiction became active.
    Supersede,
    /// The fiscal year ended without renewal.
    Expire,
    /// UAC closes an active access for a while, with a reason (from the list or
    /// typed) and, when it ends on a date, that date (else on a condition UAC
    /// checks: it restores by hand).
    Suspend {
        reason: String,
        until: Option<NaiveDate>,
    },
    /// UAC opens a suspended access again.
    Restore,
    /// The suspension's date came: the scheduler opens the access again.
    RestoreOnDate,
    /// UAC asks an active access for a new signed DDC (a new verification code),
    /// with why; the term is the settings' `terms.new_ddc`.
    AskNewDdc { reason: String },
    /// The applicant returns the new DDC signed (the access keeps its stage).
    UploadNewDdc,
    /// UAC accepts the new signed DDC: a suspended access is active again.
    AcceptNewDdc,
    /// A new signed DDC asked for by UAC did not come within its term.
    LapseNewDdc,
    /// UAC revokes the access, with a reason; DE confirms.
    Revoke { reason: String },
    /// DE confirms the revocation: the access ends.
    ConfirmRevocation,
    /// DE does not confirm it: the access stays suspended, with DE's reason.
    DeclineRevocation { reason: String },
}

impl Action {
    /// Stable snake_case name, for the transition log.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::UploadDdc => "upload_ddc",
            Action::Conforme => "conforme",
            Action::Observe { .. } => "observe",
            Action::FixObservation => "fix_observation",
            Action::LapseObservation => "lapse_observation",
            Action::Favourable => "favourable",
            Action::Unfavourable => "unfavourable",
            Action::Authorise => "authorise",
            Action::AccountCreated => "account_created",
            Action::Reject { .. } => "reject",
            Action::Supersede => "supersede",
            Action::Expire => "expire",
            Action::Suspend { .. } => "suspend",
            Action::Restore => "restore",
            Action::RestoreOnDate => "restore_on_date",
            Action::AskNewDdc { .. } => "ask_new_ddc",
            Action::UploadNewDdc => "upload_new_ddc",
            Action::AcceptNewDdc => "accept_new_ddc",
            Action::LapseNewDdc => "lapse_new_ddc",
            Action::Revoke { .. } => "revoke",
            Action::ConfirmRevocation => "confirm_revocation",
            Action::DeclineRevocation { .. } => "decline_revocation",
        }
    }

    /// The note that goes to the applicant, for actions that carry one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Action::Observe { reason, .. }
            | Action::Reject { reason }
            | Action::Suspend { reason, .. }
            | Action::Revoke { reason }
            | Action::AskNewDdc { reason }
            | Action::DeclineRevocation { reason } => Some(reason),
            _ => None,
        }
    }

    /// The prepared reason of an observation, kept as a code beside its note.
    pub fn observation_reason(&self) -> Option<ObservationReason> {
        match self {
            Action::Observe { code, .. } => *code,
            _ => None,
        }
    }
}

/// Why a transition was refused; nothing changes. [`TransitionError::key`] gives the
/// Fluent id (`locales/*/stages.ftl`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{action} is not allowed from {from}")]
    NotAllowedFromStage { from: Stage, action: &'static str },
    #[error("only staff with role {needed} can do this")]
    WrongRole { needed: Role },
    #[error("only the applicant can do this")]
    ApplicantOnly,
    #[error("only the scheduler can do this")]
    SystemOnly,
    #[error("a reason is required")]
    ReasonRequired,
}

impl TransitionError {
    pub fn key(&self) -> &'static str {
        match self {
            TransitionError::NotAllowedFromStage { .. } => "transition-error-not-allowed",
            TransitionError::WrongRole { .. } => "transition-error-wrong-role",
            TransitionError::ApplicantOnly => "transition-error-applicant-only",
            TransitionError::SystemOnly => "transition-error-system-only",
            TransitionError::ReasonRequired => "transition-error-reason-required",
        }
    }
}

/// Who may take a given step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mover {
    Applicant,
    Staff(Role),
    System,
}

/// The stage machine's edges: the stage `action` leads to from `from`, and who may
/// take it; `None` when the action does not apply there.
fn edge(from: Stage, action: &Action) -> Option<(Stage, Mover)> {
    use Stage::*;
    let edge = match (from, action) {
        (Draft, Action::Submit) => (AwaitingDdc, Mover::Applicant),
        (AwaitingDdc, Action::UploadDdc) => (UacReview, Mover::Applicant),
        (UacReview, Action::Conforme) => (LegalReview, Mover::Staff(Role::Uac)),
        (UacReview, Action::Observe { .. }) => (Observed, Mover::Staff(Role::Uac)),
        (Observed, Action::FixObservation) => (UacReview, Mover::Applicant),
        (Observed, Action::LapseObservation) => (Lapsed, Mover::System),
        (LegalReview, Action::Favourable) => (DirectorAuthorization, Mover::Staff(Role::Uaj)),
        (LegalReview, Action::Unfavourable) => (Rejected, Mover::Staff(Role::Uaj)),
        (DirectorAuthorization, Action::Authorise) => (AccountCreation, Mover::Staff(Role::De)),
        (AccountCreation, Action::AccountCreated) => (Active, Mover::Staff(Role::Uti)),
        (UacReview | LegalReview | DirectorAuthorization, Action::Reject { .. }) => {
            (Rejected, Mover::Staff(from.responsible_role()?))
        }
        (Active, Action::Supersede) => (Superseded, Mover::System),
        (Active | Suspended, Action::Expire) => (Expired, Mover::System),
        (Active, Action::Suspend { .. }) => (Suspended, Mover::Staff(Role::Uac)),
        (Active, Action::AskNewDdc { .. }) => (Active, Mover::Staff(Role::Uac)),
        (Active | Suspended, Action::UploadNewDdc) => (from, Mover::Applicant),
        (Active | Suspended, Action::AcceptNewDdc) => (Active, Mover::Staff(Role::Uac)),
        (Active, Action::LapseNewDdc) => (Suspended, Mover::System),
        (Suspended, Action::Restore) => (Active, Mover::Staff(Role::Uac)),
        (Suspended, Action::RestoreOnDate) => (Active, Mover::System),
        (Active | Suspended, Action::Revoke { .. }) => (RevocationReview, Mover::Staff(Role::Uac)),
        (RevocationReview, Action::ConfirmRevocation) => (Revoked, Mover::Staff(Role::De)),
        (RevocationReview, Action::DeclineRevocation { .. }) => (Suspended, Mover::Staff(Role::De)),
        _ => return None,
    };
    Some(edge)
}

/// Decides the stage a request moves to when `actor` takes `action` in stage `from`.
/// Checks, in order: the action applies to the stage, the actor may take it, and a
/// reason is given where one is required.
pub fn transition(from: Stage, action: &Action, actor: &Actor) -> Result<Stage, TransitionError> {
    let (to, mover) = edge(from, action).ok_or(TransitionError::NotAllowedFromStage {
        from,
        action: action.name(),
    })?;
    match (mover, actor) {
        (Mover::Applicant, Actor::Applicant) | (Mover::System, Actor::System) => {}
        (Mover::Staff(role), _) if actor.has_role(role) => {}
        (Mover::Applicant, _) => return Err(TransitionError::ApplicantOnly),
        (Mover::System, _) => return Err(TransitionError::SystemOnly),
        (Mover::Staff(needed), _) => return Err(TransitionError::WrongRole { needed }),
    }
    if action.reason().is_some_and(|r| r.trim().is_empty()) {
        return Err(TransitionError::ReasonRequired);
    }
    Ok(to)
}

/// Terms in business days for each stage with a deadline; settings, defaulting to the
/// directive's numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Terms {
    pub uac_review: u32,
    pub legal_review: u32,
    pub director_authorization: u32,
    pub account_creation: u32,
    /// Days the applicant has to fix an observation before it lapses.
    pub observation_fix: u32,
    /// Days the responsible has to bring a DDC signed by the new authority, when a
    /// JNE list names another one for the jurisdiction.
    pub new_authority_ddc: u32,
    /// Days the responsible has to return the new signed DDC UAC asked for; past
    /// them the access is suspended until it arrives.
    pub new_ddc: u32,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            uac_review: 1,
            legal_review: 2,
            director_authorization: 1,
            account_creation: 3,
            observation_fix: 3,
            new_authority_ddc: 10,
            new_ddc: 10,
        }
    }
}

impl Terms {
    /// The term of `stage` in business days, `None` for stages without a deadline.
    pub fn term_for(&self, stage: Stage) -> Option<u32> {
        match stage {
            Stage::UacReview => Some(self.uac_review),
            Stage::LegalReview => Some(self.legal_review),
            Stage::DirectorAuthorization => Some(self.director_authorization),
            Stage::AccountCreation => Some(self.account_creation),
            Stage::Observed => Some(self.observation_fix),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn observe(reason: &str) -> Action {
        Action::Observe {
            reason: reason.into(),
            code: None,
        }
    }

    fn reject(reason: &str) -> Action {
        Action::Reject {
            reason: reason.into(),
        }
    }

    fn staff(role: Role) -> Actor {
        Actor::staff([role])
    }

    fn every_action() -> Vec<Action> {
        vec![
            Action::Submit,
            Action::UploadDdc,
            Action::Conforme,
            observe("Falta el sello"),
            Action::FixObservation,
            Action::LapseObservation,
            Action::Favourable,
            Action::Unfavourable,
            Action::Authorise,
            Action::AccountCreated,
            reject("No es el alcalde"),
            Action::Supersede,
            Action::Expire,
            suspend("Uso indebido del padrón"),
            Action::Restore,
            Action::RestoreOnDate,
            Action::AskNewDdc {
                reason: "Actualización de datos".into(),
            },
            Action::UploadNewDdc,
            Action::AcceptNewDdc,
            Action::LapseNewDdc,
            revoke("Uso indebido reiterado"),
            Action::ConfirmRevocation,
            Action::DeclineRevocation {
                reason: "Basta la suspensión".into(),
            },
        ]
    }

    fn suspend(reason: &str) -> Action {
        Action::Suspend {
            reason: reason.into(),
            until: None,
        }
    }

    fn revoke(reason: &str) -> Action {
        Action::Revoke {
            reason: reason.into(),
        }
    }

    /// Every allowed edge with a qualified actor.
    fn allowed() -> Vec<(Stage, Action, Actor, Stage)> {
        use Stage::*;
        vec![
            (Draft, Action::Submit, Actor::Applicant, AwaitingDdc),
            (AwaitingDdc, Action::UploadDdc, Actor::Applicant, UacReview),
            (UacReview, Action::Conforme, staff(Role::Uac), LegalReview),
            (
                UacReview,
                observe("DDC sin firma"),
                staff(Role::Uac),
                Observed,
            ),
            (
                UacReview,
                reject("Entidad inexistente"),
                staff(Role::Uac),
                Rejected,
            ),
            (
                Observed,
                Action::FixObservation,
                Actor::Applicant,
                UacReview,
            ),
            (Observed, Action::LapseObservation, Actor::System, Lapsed),
            (
                LegalReview,
                Action::Favourable,
                staff(Role::Uaj),
                DirectorAuthorization,
            ),
            (
                LegalReview,
                Action::Unfavourable,
                staff(Role::Uaj),
                Rejected,
            ),
            (
                LegalReview,
                reject("Sin sustento"),
                staff(Role::Uaj),
                Rejected,
            ),
            (
                DirectorAuthorization,
                Action::Authorise,
                staff(Role::De),
                AccountCreation,
            ),
            (
                DirectorAuthorization,
                reject("No procede"),
                staff(Role::De),
                Rejected,
            ),
            (
                AccountCreation,
                Action::AccountCreated,
                staff(Role::Uti),
                Active,
            ),
            (Active, Action::Supersede, Actor::System, Superseded),
            (Active, Action::Expire, Actor::System, Expired),
            (Suspended, Action::Expire, Actor::System, Expired),
            (Active, suspend("Uso indebido"), staff(Role::Uac), Suspended),
            (Active, Action::LapseNewDdc, Actor::System, Suspended),
            (
                Active,
                Action::AskNewDdc {
                    reason: "Actualización de datos".into(),
                },
                staff(Role::Uac),
                Active,
            ),
            (Active, Action::UploadNewDdc, Actor::Applicant, Active),
            (Suspended, Action::UploadNewDdc, Actor::Applicant, Suspended),
            (Active, Action::AcceptNewDdc, staff(Role::Uac), Active),
            (Suspended, Action::AcceptNewDdc, staff(Role::Uac), Active),
            (Suspended, Action::Restore, staff(Role::Uac), Active),
            (Suspended, Action::RestoreOnDate, Actor::System, Active),
            (
                Active,
                revoke("Uso indebido"),
                staff(Role::Uac),
                RevocationReview,
            ),
            (
                Suspended,
                revoke("Uso indebido"),
                staff(Role::Uac),
                RevocationReview,
            ),
            (
                RevocationReview,
                Action::ConfirmRevocation,
                staff(Role::De),
                Revoked,
            ),
            (
                RevocationReview,
                Action::DeclineRevocation {
                    reason: "Basta suspender".into(),
                },
                staff(Role::De),
                Suspended,
            ),
        ]
    }

    #[test]
    fn every_allowed_transition_moves_the_request() {
        for (from, action, actor, to) in allowed() {
            assert_eq!(
                transition(from, &action, &actor),
                Ok(to),
                "{from} {}",
                action.name()
            );
        }
    }

    #[test]
    fn a_request_goes_from_draft_to_active_through_every_review() {
        let steps = [
            (Action::Submit, Actor::Applicant),
            (Action::UploadDdc, Actor::Applicant),
            (observe("Falta el número de credencial"), staff(Role::Uac)),
            (Action::FixObservation, Actor::Applicant),
            (Action::Conforme, staff(Role::Uac)),
            (Action::Favourable, staff(Role::Uaj)),
            (Action::Authorise, staff(Role::De)),
            (Action::AccountCreated, staff(Role::Uti)),
        ];
        let mut stage = Stage::Draft;
        for (action, actor) in &steps {
            stage = transition(stage, action, actor).unwrap();
        }
        assert_eq!(stage, Stage::Active);
    }

    #[test]
    fn only_listed_transitions_are_allowed_from_each_stage() {
        let allowed = allowed();
        let any_actor = [Actor::Applicant, Actor::System, Actor::staff(Role::ALL)];
        for from in Stage::ALL {
            for action in every_action() {
                let listed = allowed
                    .iter()
                    .any(|(f, a, _, _)| *f == from && a.name() == action.name());
                if listed {
                    continue;
                }
                for actor in &any_actor {
                    assert_eq!(
                        transition(from, &action, actor),
                        Err(TransitionError::NotAllowedFromStage {
                            from,
                            action: action.name()
                        })
                    );
                }
            }
        }
    }

    #[test]
    fn terminal_stages_accept_no_action() {
        for stage in Stage::ALL.into_iter().filter(|s| s.is_terminal()) {
            for action in every_action() {
                for actor in [Actor::Applicant, Actor::System, Actor::staff(Role::ALL)] {
                    assert!(transition(stage, &action, &actor).is_err());
                }
            }
        }
    }

    #[test]
    fn staff_without_the_stage_role_is_refused() {
        assert_eq!(
            transition(Stage::UacReview, &Action::Conforme, &staff(Role::Uaj)),
            Err(TransitionError::WrongRole { needed: Role::Uac })
        );
        assert_eq!(
            transition(Stage::LegalReview, &Action::Favourable, &staff(Role::Uac)),
            Err(TransitionError::WrongRole { needed: Role::Uaj })
        );
        assert_eq!(
            transition(
                Stage::DirectorAuthorization,
                &reject("x"),
                &staff(Role::Uaj)
            ),
            Err(TransitionError::WrongRole { needed: Role::De })
        );
        // Supervisors oversee but do not review.
        assert_eq!(
            transition(
                Stage::AccountCreation,
                &Action::AccountCreated,
                &staff(Role::Supervisor)
            ),
            Err(TransitionError::WrongRole { needed: Role::Uti })
        );
        assert_eq!(
            transition(Stage::UacReview, &Action::Conforme, &Actor::staff([])),
            Err(TransitionError::WrongRole { needed: Role::Uac })
        );
    }

    #[test]
    fn staff_holding_several_roles_may_act_in_each() {
        let both = Actor::staff([Role::Uaj, Role::Uac]);
        assert_eq!(
            transition(Stage::UacReview, &Action::Conforme, &both),
            Ok(Stage::LegalReview)
        );
        assert_eq!(
            transition(Stage::LegalReview, &Action::Favourable, &both),
            Ok(Stage::DirectorAuthorization)
        );
    }

    #[test]
    fn applicant_cannot_take_staff_or_scheduler_actions() {
        assert_eq!(
            transition(Stage::UacReview, &Action::Conforme, &Actor::Applicant),
            Err(TransitionError::WrongRole { needed: Role::Uac })
        );
        assert_eq!(
            transition(
                Stage::AccountCreation,
                &Action::AccountCreated,
                &Actor::Applicant
            ),
            Err(TransitionError::WrongRole { needed: Role::Uti })
        );
        assert_eq!(
            transition(
                Stage::Observed,
                &Action::LapseObservation,
                &Actor::Applicant
            ),
            Err(TransitionError::SystemOnly)
        );
        assert_eq!(
            transition(Stage::Active, &Action::Expire, &Actor::Applicant),
            Err(TransitionError::SystemOnly)
        );
    }

    #[test]
    fn staff_cannot_take_applicant_or_scheduler_actions() {
        let everyone = Actor::staff(Role::ALL);
        assert_eq!(
            transition(Stage::Draft, &Action::Submit, &everyone),
            Err(TransitionError::ApplicantOnly)
        );
        assert_eq!(
            transition(Stage::AwaitingDdc, &Action::UploadDdc, &everyone),
            Err(TransitionError::ApplicantOnly)
        );
        assert_eq!(
            transition(Stage::Observed, &Action::FixObservation, &everyone),
            Err(TransitionError::ApplicantOnly)
        );
        assert_eq!(
            transition(Stage::Observed, &Action::LapseObservation, &everyone),
            Err(TransitionError::SystemOnly)
        );
        assert_eq!(
            transition(Stage::Active, &Action::Supersede, &everyone),
            Err(TransitionError::SystemOnly)
        );
    }

    #[test]
    fn the_scheduler_cannot_review_or_act_for_the_applicant() {
        assert_eq!(
            transition(Stage::UacReview, &Action::Conforme, &Actor::System),
            Err(TransitionError::WrongRole { needed: Role::Uac })
        );
        assert_eq!(
            transition(Stage::Draft, &Action::Submit, &Actor::System),
            Err(TransitionError::ApplicantOnly)
        );
    }

    #[test]
    fn observing_or_rejecting_needs_a_reason() {
        let uac = staff(Role::Uac);
        assert_eq!(
            transition(Stage::UacReview, &observe(""), &uac),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            transition(Stage::UacReview, &reject("  \n "), &uac),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            transition(Stage::LegalReview, &reject(""), &staff(Role::Uaj)),
            Err(TransitionError::ReasonRequired)
        );
    }

    #[test]
    fn stage_and_role_names_round_trip() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
            assert!(stage.message_key().starts_with("stage-"));
        }
        assert_eq!(Stage::UacReview.as_str(), "uac_review");
        assert_eq!(Stage::UacReview.message_key(), "stage-uac-review");
        assert_eq!(Stage::parse("UAC review"), None);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse(" UAJ "), Some(Role::Uaj));
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn responsible_roles_and_terminal_stages() {
        assert_eq!(Stage::UacReview.responsible_role(), Some(Role::Uac));
        assert_eq!(Stage::LegalReview.responsible_role(), Some(Role::Uaj));
        assert_eq!(
            Stage::DirectorAuthorization.responsible_role(),
            Some(Role::De)
        );
        assert_eq!(Stage::AccountCreation.responsible_role(), Some(Role::Uti));
        assert_eq!(Stage::Observed.responsible_role(), None);
        let terminal: Vec<Stage> = Stage::ALL.into_iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(
            terminal,
            [
                Stage::Rejected,
                Stage::Lapsed,
                Stage::Superseded,
                Stage::Expired,
                Stage::Revoked
            ]
        );
        assert_eq!(Stage::RevocationReview.responsible_role(), Some(Role::De));
        assert_eq!(Stage::Suspended.responsible_role(), None);
    }

    #[test]
    fn uac_suspends_and_restores_and_de_confirms_a_revocation() {
        let uac = staff(Role::Uac);
        let de = staff(Role::De);
        let mut stage = transition(Stage::Active, &suspend("Uso indebido"), &uac).unwrap();
        assert_eq!(stage, Stage::Suspended);
        stage = transition(stage, &Action::Restore, &uac).unwrap();
        assert_eq!(stage, Stage::Active);
        // UAC cannot end an access alone, nor DE start the revocation.
        assert_eq!(
            transition(Stage::Active, &revoke("x"), &de),
            Err(TransitionError::WrongRole { needed: Role::Uac })
        );
        stage = transition(stage, &revoke("Uso indebido reiterado"), &uac).unwrap();
        assert_eq!(
            transition(stage, &Action::ConfirmRevocation, &uac),
            Err(TransitionError::WrongRole { needed: Role::De })
        );
        assert_eq!(
            transition(stage, &Action::ConfirmRevocation, &de),
            Ok(Stage::Revoked)
        );
        // A supervisor reads, never acts.
        assert!(transition(Stage::Active, &suspend("x"), &staff(Role::Supervisor)).is_err());
        // A reason is required to suspend or revoke.
        assert_eq!(
            transition(Stage::Active, &suspend(" "), &uac),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            transition(Stage::Suspended, &revoke(""), &uac),
            Err(TransitionError::ReasonRequired)
        );
        // Only the scheduler restores on the date or lapses a new DDC.
        assert_eq!(
            transition(Stage::Suspended, &Action::RestoreOnDate, &uac),
            Err(TransitionError::SystemOnly)
        );
        assert_eq!(
            transition(Stage::Active, &Action::LapseNewDdc, &uac),
            Err(TransitionError::SystemOnly)
        );
        assert!(Stage::Suspended.keeps_bindings());
        assert!(Stage::RevocationReview.keeps_bindings());
        assert!(!Stage::Revoked.keeps_bindings());
    }

    #[test]
    fn default_terms_follow_the_directive() {
        let t = Terms::default();
        assert_eq!(t.term_for(Stage::UacReview), Some(1));
        assert_eq!(t.term_for(Stage::LegalReview), Some(2));
        assert_eq!(t.term_for(Stage::DirectorAuthorization), Some(1));
        assert_eq!(t.term_for(Stage::AccountCreation), Some(3));
        assert_eq!(t.term_for(Stage::Observed), Some(3));
        assert_eq!(t.term_for(Stage::Active), None);
        assert_eq!(t.term_for(Stage::AwaitingDdc), None);
    }

    #[test]
    fn every_message_id_is_in_both_locales() {
        let errors = [
            TransitionError::NotAllowedFromStage {
                from: Stage::Draft,
                action: "conforme",
            },
            TransitionError::WrongRole { needed: Role::Uac },
            TransitionError::ApplicantOnly,
            TransitionError::SystemOnly,
            TransitionError::ReasonRequired,
        ];
        let keys: Vec<&str> = Stage::ALL
            .iter()
            .map(|s| s.message_key())
            .chain(Role::ALL.iter().map(|r| r.message_key()))
            .chain(errors.iter().map(TransitionError::key))
            .collect();
        for locale in [
            include_str!("../../locales/es/stages.ftl"),
            include_str!("../../locales/en/stages.ftl"),
        ] {
            for key in &keys {
                assert!(locale.contains(&format!("\n{key} =")), "{key} missing");
            }
        }
    }
}

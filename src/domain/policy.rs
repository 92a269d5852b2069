//! The one access policy (docs/ARCHITECTURE.md): may this actor see or do this to that record?
//! Pure: the caller brings the facts (who is asking, the record's stage, who holds a
//! ticket) and gets back allowed or refused, with why. Flows ask it before every read
//! of personal data and every action; a refusal reads the same whatever its reason
//! and changes nothing.

use super::stage::{Role, Stage};

/// Who asks, as far as access goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who<'a> {
    /// The chat the record was made from: the applicant's chat for a request, the
    /// ally's chat for a ticket.
    OwnChat,
    /// Another chat that typed the request code and the DDC's verification code
    /// (whoever holds the paper).
    CodeHolder,
    /// Another chat that typed the request code and the authority's DNI: finds the
    /// request, as the web form did, but sees only its stage (not the DDC, which
    /// prints the verification code).
    CodeAndAuthorityDni,
    /// Any other chat: a request code or a DNI alone proves nothing.
    Stranger,
    /// A chat bound to an active access, by the access's request id.
    BoundAlly { access_id: i64 },
    /// A registered staff member.
    Staff { id: i64, roles: &'a [Role] },
    /// The operator at the command line.
    Operator,
}

/// What it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record<'a> {
    /// An access request at its current stage; `handled_by`: the staff ids that
    /// moved it before (their own past actions).
    Request {
        id: i64,
        stage: Stage,
        handled_by: &'a [i64],
    },
    /// The signed DDC (or designation document) attached to a request.
    SignedDocument {
        id: i64,
        stage: Stage,
        handled_by: &'a [i64],
    },
    /// A case (an escalation); `holder`: the member who took it; `unit`: the role
    /// whose members receive it (especialistas, or the unit it was derived to);
    /// `confidential`: a denuncia, which only OCI works and whose sender only OCI
    /// may know; `access_id`: the access of the ally who opened it. Its status
    /// (code, category, state, unit, due dates) is what a member of its unit weighs
    /// to take it; its personal data (the ally's name, their request, the messages)
    /// is for whoever holds it.
    Ticket {
        holder: Option<i64>,
        unit: Role,
        confidential: bool,
        access_id: Option<i64>,
    },
    /// An ally's alert or data update (FAD) about someone in their padrón, by the
    /// access it was sent from: UOT works it, supervisors and UAC read it, the ally
    /// (from any chat bound to that access) follows it up by its number.
    AllyCase { access_id: i64 },
    /// The padrón of an access's jurisdiction; `active`: the access is active now (a
    /// superseded, expired or revoked access opens nothing, whoever was bound to it).
    Padron { access_id: i64, active: bool },
    /// A staff report.
    Report(Report),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// The accounts UTI created, with each responsible's contact (reported to UAC).
    AccountsCreated,
    /// Allies' alerts and data updates (FAD), with beneficiaries' DNIs.
    AllyReports,
    /// The supervisor's view: counts by stage, overdue items, time in each stage.
    Supervision,
    /// The transparency committees' cases and their matrix, with the
    /// district's evidence: UAC registers and answers them, supervisors read them.
    CtvcCases,
    /// The record of reads of personal data itself (Ley 29733): who read whose data.
    /// The DPO and supervisors read it (and the operator at the command line).
    AccessAudit,
    /// Coverage of the districts of intervention and the invitations' funnel: counts
    /// and places, for UAC (who disseminates the access) and supervisors.
    Coverage,
    /// UAC's export of the requests it reviews: stages, dates, terms, type, district;
    /// no personal data but the responsible's masked DNI.
    RequestsExport,
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// A request's stage and dates: no names, no jurisdiction.
    SeeStage,
    /// A request's status: its jurisdiction, stage, next step and dates.
    SeeStatus,
    /// Names, DNIs, phones, e-mails, the JNE credential, the signed documents; a
    /// ticket's context and messages; a padrón's beneficiaries and totals; a report's
    /// rows.
    SeePersonalData,
    /// Get the request's DDC, prefilled with its data, to sign.
    DownloadDdc,
    /// Return the signed DDC.
    Upload,
    /// Move a request's stage; act on a ticket (take, answer, hand over, close);
    /// report an alert or a data update (FAD) about someone in the padrón.
    Act,
    /// A case's conversation without who sent it: the messages and the names of the
    /// files, the ally's name, request, jurisdiction, channel and chat withheld. What
    /// supervisors read of a denuncia, whose sender only OCI may know. Means nothing
    /// for any other record.
    SeeContent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed(Why),
    Refused(Why),
}

impl Decision {
    pub fn allowed(self) -> bool {
        matches!(self, Decision::Allowed(_))
    }

    /// The message a refused actor reads: one for every reason, so a refusal tells
    /// a stranger nothing about the record.
    pub const REFUSED_KEY: &'static str = "access-refused";
}

/// Why: for tests, audits and logs, never shown to a refused actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Their own record (the chat it came from, or their bound access).
    Own,
    /// They hold the code printed on the DDC.
    HoldsVerificationCode,
    /// Request code plus the authority's DNI: the stage only.
    KnowsAuthorityDni,
    /// Staff see which requests exist and where they are.
    Staff,
    /// One of their roles works the record's current stage.
    WorksTheStage,
    /// They moved this request before.
    OwnPastAction,
    Supervises,
    /// The specialist who took the ticket.
    HoldsTheTicket,
    /// Nobody holds the ticket yet: any specialist sees what it is about and may
    /// take it (its personal data only once they hold it).
    Untaken,
    /// Their role receives this report.
    ReportRecipient,
    Operator,
    /// Nothing links them to the record.
    NotTheirs,
    /// This act means nothing for this record.
    NotApplicable,
}

use Decision::{Allowed, Refused};

/// May `who` do `act` to `record`?
pub fn decide(who: Who<'_>, act: Act, record: Record<'_>) -> Decision {
    if act == Act::SeeContent && !matches!(record, Record::Ticket { .. }) {
        return Refused(Why::NotApplicable);
    }
    match record {
        Record::Request {
            id,
            stage,
            handled_by,
        } => request(who, act, id, stage, handled_by),
        Record::SignedDocument {
            id,
            stage,
            handled_by,
        } => match act {
            Act::SeePersonalData => request(who, act, id, stage, handled_by),
            _ => Refused(Why::NotApplicable),
        },
        Record::Ticket {
            holder,
            unit,
            confidential,
            access_id,
        } => ticket(who, act, holder, unit, confidential, access_id),
        Record::AllyCase { access_id } => ally_case(who, act, access_id),
        Record::Padron { access_id, active } => match (act, who) {
            (Act::SeePersonalData | Act::Act, Who::BoundAlly { access_id: a })
                if a == access_id && active =>
            {
                Allowed(Why::Own)
            }
            (Act::SeePersonalData, Who::Operator) => Allowed(Why::Operator),
            (Act::SeePersonalData | Act::Act, _) => Refused(Why::NotTheirs),
            _ => Refused(Why::NotApplicable),
        },
        Record::Report(report) => {
            let recipients: &[Role] = match report {
                Report::AccountsCreated => &[Role::Uti, Role::Uac, Role::Supervisor],
                Report::AllyReports => &[Role::Uot, Role::Uac, Role::Supervisor],
                Report::Supervision => &[Role::Supervisor],
                Report::CtvcCases => &[Role::Uac, Role::Supervisor],
                Report::AccessAudit => &[Role::Dpo, Role::Supervisor],
                Report::RequestsExport => &[Role::Uac, Role::Supervisor],
                Report::Coverage => &[Role::Uac, Role::Supervisor],
            };
            match (act, who) {
                // Answering the committees is UAC's.
                (Act::Act, Who::Staff { roles, .. })
                    if report == Report::CtvcCases && roles.contains(&Role::Uac) =>
                {
                    Allowed(Why::ReportRecipient)
                }
                (Act::SeePersonalData, Who::Staff { roles, .. })
                    if roles.iter().any(|r| recipients.contains(r)) =>
                {
                    Allowed(Why::ReportRecipient)
                }
                (Act::SeePersonalData, Who::Operator) => Allowed(Why::Operator),
                (Act::SeePersonalData, _) => Refused(Why::NotTheirs),
                _ => Refused(Why::NotApplicable),
            }
        }
    }
}

fn request(who: Who<'_>, act: Act, id: i64, stage: Stage, handled_by: &[i64]) -> Decision {
    match who {
        Who::OwnChat => match act {
            Act::Act => Refused(Why::NotTheirs),
            _ => Allowed(Why::Own),
        },
        Who::CodeHolder => match act {
            Act::SeeStage | Act::SeeStatus | Act::DownloadDdc | Act::Upload => {
                Allowed(Why::HoldsVerificationCode)
            }
            Act::SeePersonalData | Act::Act | Act::SeeContent => Refused(Why::NotTheirs),
        },
        // Not the DDC: it prints the verification code, which would open the upload.
        Who::CodeAndAuthorityDni => match act {
            Act::SeeStage => Allowed(Why::KnowsAuthorityDni),
            _ => Refused(Why::NotTheirs),
        },
        Who::Stranger => Refused(Why::NotTheirs),
        Who::BoundAlly { access_id } if access_id == id => match act {
            Act::SeeStage | Act::SeeStatus | Act::SeePersonalData => Allowed(Why::Own),
            _ => Refused(Why::NotTheirs),
        },
        Who::BoundAlly { .. } => Refused(Why::NotTheirs),
        Who::Staff {
            id: staff_id,
            roles,
        } => {
            // UAC also works an approved access: suspends, restores, revokes it.
            let works = stage.responsible_role().is_some_and(|r| roles.contains(&r))
                || (matches!(stage, Stage::Active | Stage::Suspended)
                    && roles.contains(&Role::Uac));
            match act {
                Act::SeeStage | Act::SeeStatus => Allowed(Why::Staff),
                Act::SeePersonalData if works => Allowed(Why::WorksTheStage),
                Act::SeePersonalData if handled_by.contains(&staff_id) => {
                    Allowed(Why::OwnPastAction)
                }
                Act::SeePersonalData if roles.contains(&Role::Supervisor) => {
                    Allowed(Why::Supervises)
                }
                Act::Act if works => Allowed(Why::WorksTheStage),
                _ => Refused(Why::NotTheirs),
            }
        }
        Who::Operator => match act {
            Act::Upload | Act::Act => Refused(Why::NotApplicable),
            _ => Allowed(Why::Operator),
        },
    }
}

fn ticket(
    who: Who<'_>,
    act: Act,
    holder: Option<i64>,
    unit: Role,
    confidential: bool,
    access_id: Option<i64>,
) -> Decision {
    if act == Act::SeeContent {
        // Whoever may read the personal data reads the content with it; a
        // supervisor reads a denuncia's content without its sender.
        return match ticket(
            who,
            Act::SeePersonalData,
            holder,
            unit,
            confidential,
            access_id,
        ) {
            Allowed(why) => Allowed(why),
            Refused(why) => match who {
                Who::Staff { roles, .. } if roles.contains(&Role::Supervisor) => {
                    Allowed(Why::Supervises)
                }
                _ => Refused(why),
            },
        };
    }
    if !matches!(act, Act::SeeStatus | Act::SeePersonalData | Act::Act) {
        return Refused(Why::NotApplicable);
    }
    // A denuncia is OCI's wherever a row says it went.
    let unit = if confidential { Role::Oci } else { unit };
    match who {
        Who::OwnChat => Allowed(Why::Own),
        // The ally following their case up by its number from another chat bound to
        // the same access: where it is, not its messages.
        Who::BoundAlly { access_id: a } if Some(a) == access_id && act == Act::SeeStatus => {
            Allowed(Why::Own)
        }
        Who::Staff { id, roles } => {
            let in_unit = roles.contains(&unit);
            let supervisor = roles.contains(&Role::Supervisor);
            // A holder who is no longer in the case's unit holds nothing.
            let holds = in_unit && holder == Some(id);
            let untaken = in_unit && holder.is_none();
            match act {
                _ if holds => Allowed(Why::HoldsTheTicket),
                Act::SeeStatus | Act::Act if untaken => Allowed(Why::Untaken),
                Act::SeeStatus if supervisor => Allowed(Why::Supervises),
                // A denuncia's sender is known to OCI alone.
                Act::SeePersonalData if supervisor && !confidential => Allowed(Why::Supervises),
                _ => Refused(Why::NotTheirs),
            }
        }
        Who::Operator if act == Act::SeeStatus => Allowed(Why::Operator),
        Who::Operator if act == Act::SeePersonalData && !confidential => Allowed(Why::Operator),
        _ => Refused(Why::NotTheirs),
    }
}

fn ally_case(who: Who<'_>, act: Act, access_id: i64) -> Decision {
    if !matches!(act, Act::SeeStatus | Act::SeePersonalData | Act::Act) {
        return Refused(Why::NotApplicable);
    }
    match who {
        Who::OwnChat => match act {
            Act::Act => Refused(Why::NotTheirs),
            _ => Allowed(Why::Own),
        },
        Who::BoundAlly { access_id: a } if a == access_id && act == Act::SeeStatus => {
            Allowed(Why::Own)
        }
        Who::Staff { roles, .. } => {
            let uot = roles.contains(&Role::Uot);
            let reads = uot || roles.contains(&Role::Uac) || roles.contains(&Role::Supervisor);
            match act {
                Act::Act if uot => Allowed(Why::WorksTheStage),
                Act::SeeStatus | Act::SeePersonalData if reads => Allowed(Why::ReportRecipient),
                _ => Refused(Why::NotTheirs),
            }
        }
        Who::Operator if act != Act::Act => Allowed(Why::Operator),
        _ => Refused(Why::NotTheirs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTS: [Act; 6] = [
        Act::SeeStage,
        Act::SeeStatus,
        Act::SeePersonalData,
        Act::DownloadDdc,
        Act::Upload,
        Act::Act,
    ];

    /// One line per actor: `Y` allowed, `.` refused, for each act in [`ACTS`] order.
    fn grid(whos: &[(&str, Who<'_>)], record: Record<'_>) -> String {
        whos.iter()
            .map(|(name, who)| {
                let cells: String = ACTS
                    .iter()
                    .map(|a| {
                        if decide(*who, *a, record).allowed() {
                            'Y'
                        } else {
                            '.'
                        }
                    })
                    .collect();
                format!("{name:<18}{cells}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    const UAC: &[Role] = &[Role::Uac];
    const UAJ: &[Role] = &[Role::Uaj];
    const UTI: &[Role] = &[Role::Uti];
    const SPECIALIST: &[Role] = &[Role::Especialista];
    const SUPERVISOR: &[Role] = &[Role::Supervisor];

    fn everyone() -> Vec<(&'static str, Who<'static>)> {
        vec![
            ("own chat", Who::OwnChat),
            ("code holder", Who::CodeHolder),
            ("code + dni", Who::CodeAndAuthorityDni),
            ("stranger", Who::Stranger),
            ("bound ally (own)", Who::BoundAlly { access_id: 7 }),
            ("bound ally (else)", Who::BoundAlly { access_id: 8 }),
            ("uac", Who::Staff { id: 1, roles: UAC }),
            ("uaj", Who::Staff { id: 2, roles: UAJ }),
            ("uaj (acted)", Who::Staff { id: 3, roles: UAJ }),
            ("uti", Who::Staff { id: 4, roles: UTI }),
            (
                "especialista",
                Who::Staff {
                    id: 5,
                    roles: SPECIALIST,
                },
            ),
            (
                "supervisor",
                Who::Staff {
                    id: 6,
                    roles: SUPERVISOR,
                },
            ),
            ("operator", Who::Operator),
        ]
    }

    #[test]
    fn request_at_uac_review() {
        // Columns: stage, status, personal data, download DDC, upload, act.
        let record = Record::Request {
            id: 7,
            stage: Stage::UacReview,
            handled_by: &[3],
        };
        let want = "\
own chat          YYYYY.
code holder       YY.YY.
code + dni        Y.....
stranger          ......
bound ally (own)  YYY...
bound ally (else) ......
uac               YYY..Y
uaj               YY....
uaj (acted)       YYY...
uti               YY....
especialista      YY....
supervisor        YYY...
operator          YYYY..";
        assert_eq!(grid(&everyone(), record), want);
    }

    #[test]
    fn request_at_legal_review_moves_the_grants_to_uaj() {
        let record = Record::Request {
            id: 7,
            stage: Stage::LegalReview,
            handled_by: &[1],
        };
        let want = "\
own chat          YYYYY.
code holder       YY.YY.
code + dni        Y.....
stranger          ......
bound ally (own)  YYY...
bound ally (else) ......
uac               YYY...
uaj               YYY..Y
uaj (acted)       YYY..Y
uti               YY....
especialista      YY....
supervisor        YYY...
operator          YYYY..";
        assert_eq!(grid(&everyone(), record), want);
        assert_eq!(
            decide(
                Who::Staff { id: 1, roles: UAC },
                Act::SeePersonalData,
                record
            ),
            Allowed(Why::OwnPastAction)
        );
    }

    #[test]
    fn signed_document_is_read_like_the_requests_personal_data() {
        let record = Record::SignedDocument {
            id: 7,
            stage: Stage::UacReview,
            handled_by: &[],
        };
        let want = "\
own chat          ..Y...
code holder       ......
code + dni        ......
stranger          ......
bound ally (own)  ..Y...
bound ally (else) ......
uac               ..Y...
uaj               ......
uaj (acted)       ......
uti               ......
especialista      ......
supervisor        ..Y...
operator          ..Y...";
        assert_eq!(grid(&everyone(), record), want);
    }

    #[test]
    fn ticket_context_goes_to_its_holder_and_supervisors() {
        // Columns: stage, status, personal data, download DDC, upload, act.
        let held = Record::Ticket {
            holder: Some(5),
            unit: Role::Especialista,
            confidential: false,
            access_id: Some(7),
        };
        let want = "\
own chat          .YY..Y
code holder       ......
code + dni        ......
stranger          ......
bound ally (own)  .Y....
bound ally (else) ......
uac               ......
uaj               ......
uaj (acted)       ......
uti               ......
especialista      .YY..Y
supervisor        .YY...
operator          .YY...";
        assert_eq!(grid(&everyone(), held), want);
        let other_specialist = Who::Staff {
            id: 9,
            roles: SPECIALIST,
        };
        for act in ACTS {
            assert!(!decide(other_specialist, act, held).allowed(), "{act:?}");
        }
        // Holding it as a specialist, not as a name: a holder whose role was
        // withdrawn neither reads nor answers it.
        let former = Who::Staff { id: 5, roles: UAC };
        assert_eq!(
            decide(former, Act::SeePersonalData, held),
            Refused(Why::NotTheirs)
        );
        assert_eq!(decide(former, Act::Act, held), Refused(Why::NotTheirs));
    }

    #[test]
    fn an_untaken_ticket_shows_specialists_what_it_is_about_not_who_wrote_it() {
        // Any specialist sees its code, category and jurisdiction, and may take it;
        // the ally's name, request and messages only once they hold it.
        let waiting = Record::Ticket {
            holder: None,
            unit: Role::Especialista,
            confidential: false,
            access_id: Some(7),
        };
        let want = "\
own chat          .YY..Y
code holder       ......
code + dni        ......
stranger          ......
bound ally (own)  .Y....
bound ally (else) ......
uac               ......
uaj               ......
uaj (acted)       ......
uti               ......
especialista      .Y...Y
supervisor        .YY...
operator          .YY...";
        assert_eq!(grid(&everyone(), waiting), want);
        let specialist = Who::Staff {
            id: 9,
            roles: SPECIALIST,
        };
        assert_eq!(
            decide(specialist, Act::SeeStatus, waiting),
            Allowed(Why::Untaken)
        );
        assert_eq!(
            decide(specialist, Act::SeePersonalData, waiting),
            Refused(Why::NotTheirs)
        );
        assert_eq!(decide(specialist, Act::Act, waiting), Allowed(Why::Untaken));
        // A specialist who also supervises reads it as a supervisor.
        let both = Who::Staff {
            id: 9,
            roles: &[Role::Especialista, Role::Supervisor],
        };
        assert_eq!(
            decide(both, Act::SeePersonalData, waiting),
            Allowed(Why::Supervises)
        );
    }

    #[test]
    fn a_denuncia_is_ocis_and_its_sender_known_to_oci_alone() {
        const OCI: &[Role] = &[Role::Oci];
        let oci = Who::Staff { id: 7, roles: OCI };
        let other_oci = Who::Staff { id: 8, roles: OCI };
        let specialist = Who::Staff {
            id: 5,
            roles: SPECIALIST,
        };
        let supervisor = Who::Staff {
            id: 6,
            roles: SUPERVISOR,
        };
        // Even a row that says it went to the especialistas stays OCI's.
        for unit in [Role::Oci, Role::Especialista] {
            let waiting = Record::Ticket {
                holder: None,
                unit,
                confidential: true,
                access_id: Some(7),
            };
            for act in ACTS {
                assert!(!decide(specialist, act, waiting).allowed(), "{act:?}");
            }
            assert!(decide(oci, Act::SeeStatus, waiting).allowed());
            assert!(decide(oci, Act::Act, waiting).allowed());
            assert!(!decide(oci, Act::SeePersonalData, waiting).allowed());
            assert!(decide(supervisor, Act::SeeStatus, waiting).allowed());
            assert!(!decide(supervisor, Act::SeePersonalData, waiting).allowed());
            assert!(!decide(Who::Operator, Act::SeePersonalData, waiting).allowed());
        }
        let held = Record::Ticket {
            holder: Some(7),
            unit: Role::Oci,
            confidential: true,
            access_id: Some(7),
        };
        assert_eq!(
            decide(oci, Act::SeePersonalData, held),
            Allowed(Why::HoldsTheTicket)
        );
        assert!(!decide(other_oci, Act::SeePersonalData, held).allowed());
        assert!(!decide(supervisor, Act::SeePersonalData, held).allowed());
        // Supervisors read what it says, never who said it; nobody else outside OCI's
        // holder reads it at all.
        assert_eq!(
            decide(supervisor, Act::SeeContent, held),
            Allowed(Why::Supervises)
        );
        assert_eq!(
            decide(oci, Act::SeeContent, held),
            Allowed(Why::HoldsTheTicket)
        );
        assert!(!decide(other_oci, Act::SeeContent, held).allowed());
        assert!(!decide(specialist, Act::SeeContent, held).allowed());
        assert!(!decide(Who::Operator, Act::SeeContent, held).allowed());
        assert!(!decide(Who::BoundAlly { access_id: 7 }, Act::SeeContent, held).allowed());
        let report = Record::Report(Report::Supervision);
        assert_eq!(
            decide(supervisor, Act::SeeContent, report),
            Refused(Why::NotApplicable)
        );
        // The ally sees where it is from any chat bound to their access.
        let ally = Who::BoundAlly { access_id: 7 };
        assert!(decide(ally, Act::SeeStatus, held).allowed());
        assert!(!decide(ally, Act::SeePersonalData, held).allowed());
        assert!(!decide(Who::BoundAlly { access_id: 8 }, Act::SeeStatus, held).allowed());
    }

    #[test]
    fn a_case_derived_to_a_unit_is_its_members_to_take() {
        let derived = Record::Ticket {
            holder: None,
            unit: Role::Uot,
            confidential: false,
            access_id: None,
        };
        let uot = Who::Staff {
            id: 9,
            roles: &[Role::Uot],
        };
        let specialist = Who::Staff {
            id: 5,
            roles: SPECIALIST,
        };
        assert_eq!(decide(uot, Act::Act, derived), Allowed(Why::Untaken));
        assert!(!decide(specialist, Act::Act, derived).allowed());
        assert!(!decide(specialist, Act::SeeStatus, derived).allowed());
        let held = Record::Ticket {
            holder: Some(9),
            unit: Role::Uot,
            confidential: false,
            access_id: None,
        };
        assert_eq!(
            decide(uot, Act::SeePersonalData, held),
            Allowed(Why::HoldsTheTicket)
        );
        let other_uot = Who::Staff {
            id: 10,
            roles: &[Role::Uot],
        };
        assert!(!decide(other_uot, Act::Act, held).allowed());
    }

    #[test]
    fn alerts_and_fads_are_uots_to_work() {
        let case = Record::AllyCase { access_id: 7 };
        let uot = Who::Staff {
            id: 9,
            roles: &[Role::Uot],
        };
        assert!(decide(uot, Act::Act, case).allowed());
        assert!(decide(uot, Act::SeePersonalData, case).allowed());
        for roles in [UAC, SUPERVISOR] {
            let who = Who::Staff { id: 1, roles };
            assert!(decide(who, Act::SeePersonalData, case).allowed());
            assert!(!decide(who, Act::Act, case).allowed());
        }
        let specialist = Who::Staff {
            id: 5,
            roles: SPECIALIST,
        };
        assert!(!decide(specialist, Act::SeeStatus, case).allowed());
        assert!(decide(Who::BoundAlly { access_id: 7 }, Act::SeeStatus, case).allowed());
        assert!(!decide(Who::BoundAlly { access_id: 7 }, Act::Act, case).allowed());
        assert!(!decide(Who::BoundAlly { access_id: 8 }, Act::SeeStatus, case).allowed());
        assert!(!decide(Who::Stranger, Act::SeeStatus, case).allowed());
    }

    #[test]
    fn padron_of_an_access_is_for_its_bound_ally() {
        // Columns: stage, status, personal data, download DDC, upload, act (an alert
        // or a FAD about someone in it).
        let want = "\
own chat          ......
code holder       ......
code + dni        ......
stranger          ......
bound ally (own)  ..Y..Y
bound ally (else) ......
uac               ......
uaj               ......
uaj (acted)       ......
uti               ......
especialista      ......
supervisor        ......
operator          ..Y...";
        let active = Record::Padron {
            access_id: 7,
            active: true,
        };
        assert_eq!(grid(&everyone(), active), want);
    }

    #[test]
    fn padron_of_an_access_no_longer_active_is_closed_to_its_ally() {
        // Superseded, expired or revoked: the binding that still points to it opens
        // nothing, and the refusal is the one every refusal gets.
        let ended = Record::Padron {
            access_id: 7,
            active: false,
        };
        let want = "\
own chat          ......
code holder       ......
code + dni        ......
stranger          ......
bound ally (own)  ......
bound ally (else) ......
uac               ......
uaj               ......
uaj (acted)       ......
uti               ......
especialista      ......
supervisor        ......
operator          ..Y...";
        assert_eq!(grid(&everyone(), ended), want);
        let ally = Who::BoundAlly { access_id: 7 };
        assert_eq!(
            decide(ally, Act::SeePersonalData, ended),
            Refused(Why::NotTheirs)
        );
        assert_eq!(decide(ally, Act::Act, ended), Refused(Why::NotTheirs));
    }

    #[test]
    fn reports_go_to_the_roles_that_receive_them() {
        let accounts = "\
own chat          ......
code holder       ......
code + dni        ......
stranger          ......
bound ally (own)  ......
bound ally (else) ......
uac               ..Y...
uaj               ......
uaj (acted)       ......
uti               ..Y...
especialista      ......
supervisor        ..Y...
operator          ..Y...";
        assert_eq!(
            grid(&everyone(), Record::Report(Report::AccountsCreated)),
            accounts
        );
        let ally_reports = accounts.replace("uti               ..Y...", "uti               ......");
        assert_eq!(
            grid(&everyone(), Record::Report(Report::AllyReports)),
            ally_reports
        );
        let supervision =
            ally_reports.replace("uac               ..Y...", "uac               ......");
        assert_eq!(
            grid(&everyone(), Record::Report(Report::Supervision)),
            supervision
        );
        // CTVC cases: UAC reads and answers them, supervisors read them.
        let ctvc = supervision.replace("uac               ......", "uac               ..Y..Y");
        assert_eq!(grid(&everyone(), Record::Report(Report::CtvcCases)), ctvc);
    }

    #[test]
    fn uac_acts_on_an_approved_access_de_on_its_revocation_supervisors_read() {
        for stage in [Stage::Active, Stage::Suspended] {
            let record = Record::Request {
                id: 7,
                stage,
                handled_by: &[],
            };
            let want = "\
own chat          YYYYY.
code holder       YY.YY.
code + dni        Y.....
stranger          ......
bound ally (own)  YYY...
bound ally (else) ......
uac               YYY..Y
uaj               YY....
uaj (acted)       YY....
uti               YY....
especialista      YY....
supervisor        YYY...
operator          YYYY..";
            assert_eq!(grid(&everyone(), record), want, "{stage}");
        }
        let weighed = Record::Request {
            id: 7,
            stage: Stage::RevocationReview,
            handled_by: &[],
        };
        let de = Who::Staff {
            id: 9,
            roles: &[Role::De],
        };
        assert_eq!(decide(de, Act::Act, weighed), Allowed(Why::WorksTheStage));
        assert_eq!(
            decide(Who::Staff { id: 1, roles: UAC }, Act::Act, weighed),
            Refused(Why::NotTheirs)
        );
        // A suspended access opens no padrón to its own bound chat.
        let closed = Record::Padron {
            access_id: 7,
            active: false,
        };
        assert!(
            !decide(
                Who::BoundAlly { access_id: 7 },
                Act::SeePersonalData,
                closed
            )
            .allowed()
        );
    }

    #[test]
    fn refusals_give_a_reason_but_read_the_same() {
        let record = Record::Request {
            id: 7,
            stage: Stage::UacReview,
            handled_by: &[],
        };
        assert_eq!(
            decide(Who::Stranger, Act::Upload, record),
            Refused(Why::NotTheirs)
        );
        assert_eq!(
            decide(Who::CodeAndAuthorityDni, Act::Upload, record),
            Refused(Why::NotTheirs)
        );
        // The DDC prints the verification code: the DNI must not lead to it.
        assert_eq!(
            decide(Who::CodeAndAuthorityDni, Act::DownloadDdc, record),
            Refused(Why::NotTheirs)
        );
        assert_eq!(Decision::REFUSED_KEY, "access-refused");
    }
}

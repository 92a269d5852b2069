//! The allies' alerts and data updates (FAD) at a desk: UOT's queue of the open
//! ones (number, kind, district, received, term, state), one case with what the ally
//! reported, and the resolve form (updated in the padrón, or not applicable, with a
//! note for the ally) — through the same service the chat's queue uses
//! (`services::tickets::resolve_ally_case`), so the ally is told in the chat the case
//! came from exactly as when UOT resolves it in the chat.
//!
//! Who sees what is the access policy's answer for an ally's case: UOT works them;
//! UAC and supervisors read them (as in the chat). Each case shown is a read of the
//! ally's access and of a beneficiary's DNI, recorded like the chat's.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use minijinja::value::Serde;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::auth::{Signed, csrf_ok};
use super::error::ConsoleError;
use super::views::{Banner, Console};
use crate::domain::calendar::{lima_date, lima_datetime};
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::notify::tickets::when;
use crate::services::tickets::{resolve_ally_case, works_ally_cases};
use crate::store::ally_reports::{self, AllyReport, Outcome, ReportBody};
use crate::store::personal_data::{self, AccessAction};
use crate::store::staff::StaffMember;
use crate::store::{Conn, StoreError, requests};

/// The queue's address.
pub const LIST: &str = "/console/cases";
/// Longest note the console takes (the chat's limit for one message).
const MAX_NOTE: usize = 3500;

/// Whether the policy lets the member read the allies' alerts and FADs (UOT, UAC,
/// supervisors): the header's link and the pages' gate.
pub fn allowed(member: &StaffMember) -> bool {
    policy::decide(
        Who::Staff {
            id: member.id,
            roles: &member.roles,
        },
        Act::SeePersonalData,
        Record::Report(Report::AllyReports),
    )
    .allowed()
}

fn gate(signed: &Signed) -> Result<(), ConsoleError> {
    if allowed(&signed.session.member) {
        Ok(())
    } else {
        Err(ConsoleError::Refused("console-cases-refused"))
    }
}

/// Records that the member read an ally's case (their access, a beneficiary's DNI),
/// like the chat's queue does.
async fn record(
    c: &Console,
    conn: &mut Conn,
    member: &StaffMember,
    report: &AllyReport,
    what: &str,
) -> Result<(), StoreError> {
    personal_data::record_staff_read(
        conn,
        personal_data::StaffReader::Console {
            staff_id: member.id,
        },
        report.request_id,
        AccessAction::Report,
        what,
        c.app.clock.unix(),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Serialize)]
struct CaseLine {
    id: i64,
    number: String,
    kind: String,
    district: String,
    received: String,
    term: String,
    late: bool,
    state: String,
}

async fn line(
    c: &Console,
    conn: &mut Conn,
    lang: &'static str,
    r: &AllyReport,
) -> Result<CaseLine, StoreError> {
    let district = requests::get(conn, r.request_id)
        .await?
        .map(|a| a.jurisdiction_label())
        .unwrap_or_default();
    let received = chrono::DateTime::from_timestamp(r.created_at, 0)
        .map(|d| lima_datetime(d).format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_default();
    let locales = &c.app.engine.locales;
    let open = r.closed_at.is_none();
    let state = match (open, r.outcome) {
        (true, _) => c.t(lang, "case-state-received", &[]),
        (false, Some(o)) => format!(
            "{} · {}",
            c.t(lang, "case-state-resolved", &[]),
            c.t(lang, o.message_key(), &[])
        ),
        (false, None) => c.t(lang, "case-state-resolved", &[]),
    };
    Ok(CaseLine {
        id: r.id,
        number: r.number(),
        kind: kind_text(c, lang, r),
        district,
        received,
        term: r
            .due_at
            .map_or_else(|| "—".to_owned(), |at| when(locales, lang, at)),
        late: open && r.due_at.is_some_and(|at| at <= c.app.clock.unix()),
        state,
    })
}

fn kind_text(c: &Console, lang: &'static str, r: &AllyReport) -> String {
    match &r.body {
        ReportBody::Alert { kind, .. } => c.t(
            lang,
            "console-cases-kind-alert",
            &[("kind", c.t(lang, &kind.message_key(), &[]).into())],
        ),
        ReportBody::DataUpdate { .. } => c.t(lang, "console-cases-kind-fad", &[]),
    }
}

/// `GET /console/cases`: the open alerts and FADs, oldest first, each a read of the
/// ally's access.
pub async fn list(State(c): State<Console>, signed: Signed) -> Result<Response, ConsoleError> {
    gate(&signed)?;
    let lang = signed.lang;
    let member = &signed.session.member;
    let mut conn = c.app.store.pool.acquire().await?;
    let mut lines = vec![];
    for r in ally_reports::list_open(&mut conn).await? {
        record(&c, &mut conn, member, &r, "ally_reports").await?;
        lines.push(line(&c, &mut conn, lang, &r).await?);
    }
    Ok(c.page(
        StatusCode::OK,
        lang,
        "cases.html",
        Some(&signed.viewer),
        context! {
            cases => Value::from(Serde(&lines)),
            may_act => works_ally_cases(member),
        },
    ))
}

/// What the ally reported, as label and value rows.
#[derive(Debug, Serialize)]
struct Field {
    label: String,
    value: String,
}

/// What was typed in the resolve form, put back after a refusal.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ResolveDraft {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
}

/// `GET /console/cases/{id}`: one alert or FAD, what the ally reported, how it
/// ended or, for UOT while it is open, the form that resolves it.
pub async fn case(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
) -> Result<Response, ConsoleError> {
    gate(&signed)?;
    let lang = signed.lang;
    let member = &signed.session.member;
    let typed: ResolveDraft = signed.draft().unwrap_or_default();
    let mut conn = c.app.store.pool.acquire().await?;
    let report = ally_reports::get(&mut conn, id)
        .await?
        .ok_or(ConsoleError::NotFound("console-cases-not-found"))?;
    record(&c, &mut conn, member, &report, "ally_report").await?;
    let access = requests::get(&mut conn, report.request_id).await?;
    let summary = line(&c, &mut conn, lang, &report).await?;
    let field = |key: &str, value: String| Field {
        label: c.t(lang, key, &[]),
        value,
    };
    let mut fields = vec![
        field("console-cases-access", {
            access
                .as_ref()
                .map(|a| format!("{} · {}", a.code, a.jurisdiction_label()))
                .unwrap_or_default()
        }),
        field("console-cases-dni", report.subject_dni.clone()),
    ];
    match &report.body {
        ReportBody::Alert { description, .. } => {
            fields.push(field("console-cases-description", description.clone()));
        }
        ReportBody::DataUpdate {
            address,
            reference,
            phone,
        } => {
            fields.push(field("console-cases-address", address.clone()));
            fields.push(field("console-cases-reference", reference.clone()));
            fields.push(field("console-cases-phone", phone.clone()));
        }
    }
    if report.closed_at.is_some() {
        let closed = report
            .closed_at
            .and_then(|at| chrono::DateTime::from_timestamp(at, 0))
            .map(|d| lima_date(d).format("%d/%m/%Y").to_string())
            .unwrap_or_default();
        fields.push(field(
            "console-cases-closed",
            format!(
                "{closed} · {}",
                report.closed_by.clone().unwrap_or_default()
            ),
        ));
        fields.push(field(
            "console-cases-note",
            report.close_note.clone().unwrap_or_default(),
        ));
    }
    let open = report.closed_at.is_none();
    Ok(c.page(
        StatusCode::OK,
        lang,
        "case.html",
        Some(&signed.viewer),
        context! {
            case => Value::from(Serde(&summary)),
            fields => Value::from(Serde(&fields)),
            may_act => open && works_ally_cases(member),
            open => open,
            outcomes => Outcome::ALL
                .iter()
                .map(|o| context! {
                    value => o.as_str(),
                    label => c.t(lang, o.message_key(), &[]),
                    chosen => typed.outcome == o.as_str(),
                })
                .collect::<Vec<_>>(),
            typed_note => typed.note,
            max_note => MAX_NOTE,
        },
    ))
}

#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    #[serde(default)]
    csrf: String,
    /// The page's one-time form token.
    #[serde(default)]
    once: String,
    #[serde(flatten)]
    typed: ResolveDraft,
}

/// `POST /console/cases/{id}/resolve`: UOT resolves the case with its outcome and a
/// note, answered with a redirect (Post/Redirect/Get): to the queue, or back to the
/// case, what was typed in its boxes, with what to fix.
pub async fn resolve(
    State(c): State<Console>,
    signed: Signed,
    Path(id): Path<i64>,
    Form(form): Form<ResolveForm>,
) -> Result<Response, ConsoleError> {
    if !csrf_ok(&signed, &form.csrf) {
        return Err(ConsoleError::Csrf);
    }
    let here = format!("{LIST}/{id}");
    let nonce = c.form_nonce(&signed, &form.once, &here)?;
    let member = &signed.session.member;
    if !works_ally_cases(member) {
        return Err(ConsoleError::Refused("case-ally-uot-only"));
    }
    let lang = signed.lang;
    let typed = form.typed;
    let note = typed.note.trim();
    let invalid = match Outcome::parse(&typed.outcome) {
        None => Some(("console-cases-pick-outcome", vec![])),
        Some(_) if note.chars().count() < 3 => Some(("staff-note-too-short", vec![])),
        Some(_) if note.chars().count() > MAX_NOTE => {
            Some(("console-text-too-long", vec![("max", MAX_NOTE.into())]))
        }
        Some(_) => None,
    };
    if let Some((key, args)) = invalid {
        let banner = Banner::problem(c.t(lang, key, &args));
        return c.back(&signed, &here, banner, &typed).await;
    }
    let outcome = Outcome::parse(&typed.outcome).unwrap_or(Outcome::NotApplicable);
    let app = &c.app;
    let mut tx = app.store.begin().await?;
    if !c.spend_form(&mut tx, &signed, nonce).await? {
        return c.already_sent_after(tx, &signed, &here).await;
    }
    let Some(report) = ally_reports::get(&mut tx, id).await? else {
        return Err(ConsoleError::NotFound("console-cases-not-found"));
    };
    let resolved = resolve_ally_case(&mut tx, member, id, outcome, note, app.clock.unix()).await?;
    let Some((_, events)) = resolved else {
        // Closed meanwhile (in the chat, or in another tab): nothing changes.
        tx.commit().await.map_err(StoreError::from)?;
        let text = c.t(
            lang,
            "staff-report-already-closed",
            &[("number", report.number().into())],
        );
        return c.redirect(&signed, &here, Banner::problem(text)).await;
    };
    app.notifier.send(&mut tx, events).await?;
    tx.commit().await.map_err(StoreError::from)?;
    c.wake_senders();
    let text = c.t(
        lang,
        "console-cases-resolved",
        &[("number", report.number().into())],
    );
    c.redirect(&signed, LIST, Banner::done(text)).await
}

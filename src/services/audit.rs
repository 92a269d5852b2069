//! The audit of reads of personal data (Ley 29733): who read a person's
//! data, when, through which access and channel (`audit dni`), and what an access
//! read in a month (`audit access`); the one-page answer to a data subject. The CLI
//! and the console call the same functions; each asks the access policy first and
//! records its own read in the same record, so the audit's readers are audited too.

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime};

use crate::documents::DocumentError;
use crate::documents::table::{Cell, Document, Table};
use crate::domain::calendar::{lima_datetime, lima_to_utc};
use crate::domain::policy::{self, Act, Record, Report, Who};
use crate::domain::values::{Dni, mask_last4};
use crate::i18n::Locales;
use crate::store::personal_data::{self, AccessAction, AccessRecord, StaffReader};
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError, staff};

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// The policy said no (only the DPO, supervisors and the operator read it).
    #[error("not allowed to read the audit")]
    NotAllowed,
    #[error("no access with code {0}")]
    NoAccess(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Document(#[from] DocumentError),
}

/// Who reads the audit: the policy's actor and how their read is recorded.
pub struct Auditor<'a> {
    pub who: Who<'a>,
    pub reader: StaffReader<'a>,
}

/// One read, as the audit shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditLine {
    /// Lima wall-clock time.
    pub at: NaiveDateTime,
    /// "Gobierno Local · Acoria (…)", "Programa CONTIGO · UAC".
    pub entity: String,
    /// The access's request code, for an ally's read or a staff read of a request.
    pub access: Option<String>,
    /// A staff member's name, the ally's chat (masked) or the operator's login.
    pub who: String,
    pub channel: String,
    pub action: AccessAction,
    pub what: String,
    /// The DNI an ally looked up (only the subject's own in `audit dni`).
    pub person: Option<String>,
    pub rows: i64,
}

/// `[from, to]` Lima days as `[from, until)` unix seconds.
pub fn day_bounds(from: NaiveDate, to: NaiveDate) -> (i64, i64) {
    let at = |d: NaiveDate| lima_to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default()).timestamp();
    (at(from), at(to.succ_opt().unwrap_or(to)))
}

fn allowed(auditor: &Auditor<'_>) -> Result<(), AuditError> {
    let decision = policy::decide(
        auditor.who,
        Act::SeePersonalData,
        Record::Report(Report::AccessAudit),
    );
    if decision.allowed() {
        Ok(())
    } else {
        Err(AuditError::NotAllowed)
    }
}

/// The reads of `dni`'s data between two Lima days (both included), oldest first.
/// Recorded as a read of the audit (`what` = `dni`, or `dni_letter` for the answer
/// to the data subject).
#[allow(clippy::too_many_arguments)]
pub async fn by_dni(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    auditor: &Auditor<'_>,
    dni: &Dni,
    from: NaiveDate,
    to: NaiveDate,
    what: &str,
    now: i64,
) -> Result<Vec<AuditLine>, AuditError> {
    allowed(auditor)?;
    let (start, until) = day_bounds(from, to);
    let records = personal_data::for_subject_between(conn, dni.as_str(), start, until).await?;
    let lines = describe(conn, locales, lang, &records, Some(dni.as_str())).await?;
    personal_data::record_read(
        conn,
        auditor.reader,
        AccessAction::Audit,
        what,
        None,
        Some(dni.as_str()),
        i64::try_from(lines.len()).unwrap_or(i64::MAX),
        now,
    )
    .await?;
    Ok(lines)
}

/// What the access `code` read in the Lima month starting `month`, oldest first.
pub async fn by_access(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    auditor: &Auditor<'_>,
    code: &str,
    month: NaiveDate,
    now: i64,
) -> Result<(RequestRow, Vec<AuditLine>), AuditError> {
    allowed(auditor)?;
    let Some(access) = requests::by_code(conn, code.trim()).await? else {
        return Err(AuditError::NoAccess(code.trim().to_owned()));
    };
    let (start, until) = crate::domain::calendar::month_bounds(month);
    let records = personal_data::for_request_between(conn, access.id, start, until).await?;
    let lines = describe(conn, locales, lang, &records, None).await?;
    personal_data::record_read(
        conn,
        auditor.reader,
        AccessAction::Audit,
        "access",
        Some(access.id),
        None,
        i64::try_from(lines.len()).unwrap_or(i64::MAX),
        now,
    )
    .await?;
    Ok((access, lines))
}

/// The records as people read them. `only_dni`: in a person's audit, a looked-up DNI
/// is shown only when it is theirs (it always is; this keeps it so).
async fn describe(
    conn: &mut Conn,
    locales: &Locales,
    lang: &str,
    records: &[AccessRecord],
    only_dni: Option<&str>,
) -> Result<Vec<AuditLine>, StoreError> {
    let mut accesses: HashMap<i64, Option<RequestRow>> = HashMap::new();
    let mut members: HashMap<i64, Option<staff::StaffMember>> = HashMap::new();
    let mut lines = vec![];
    for r in records {
        let access = match r.request_id {
            Some(id) => {
                if let std::collections::hash_map::Entry::Vacant(e) = accesses.entry(id) {
                    e.insert(requests::get(conn, id).await?);
                }
                accesses.get(&id).and_then(Option::as_ref)
            }
            None => None,
        };
        let (entity, who) = match (r.staff_id, r.channel.as_str()) {
            (Some(staff_id), _) => {
                if let std::collections::hash_map::Entry::Vacant(e) = members.entry(staff_id) {
                    e.insert(staff::get(conn, staff_id).await?);
                }
                match members.get(&staff_id).and_then(Option::as_ref) {
                    Some(m) => {
                        let units: Vec<String> = m
                            .roles
                            .iter()
                            .map(|role| locales.t(lang, role.message_key()))
                            .collect();
                        (
                            locales.t_args(
                                lang,
                                "audit-program",
                                &[("unit", units.join(", ").into())],
                            ),
                            m.name.clone(),
                        )
                    }
                    None => (
                        locales.t(lang, "audit-program-staff"),
                        format!("#{staff_id}"),
                    ),
                }
            }
            (None, "cli") => (locales.t(lang, "audit-operator"), r.chat_id.clone()),
            (None, _) => {
                let entity = match access {
                    Some(a) => format!(
                        "{} · {}",
                        locales.t(lang, a.access_type.message_key()),
                        a.jurisdiction_label()
                    ),
                    None => locales.t_args(
                        lang,
                        "audit-entity-unknown",
                        &[("code", r.request_id.unwrap_or_default().into())],
                    ),
                };
                // An ally's chat id is a phone number on WhatsApp: masked.
                (
                    entity,
                    format!(
                        "{} {}",
                        label(locales, lang, "audit-channel", &r.channel),
                        mask_last4(&r.chat_id)
                    ),
                )
            }
        };
        let person = match (&r.subject_dni, only_dni) {
            (Some(d), Some(only)) if d != only => None,
            (d, _) => d.clone(),
        };
        lines.push(AuditLine {
            at: lima_datetime(chrono::DateTime::from_timestamp(r.at, 0).unwrap_or_default()),
            entity,
            access: access.map(|a| a.code.clone()),
            who,
            channel: label(locales, lang, "audit-channel", &r.channel),
            action: AccessAction::parse(&r.action).unwrap_or(AccessAction::Query),
            what: label(locales, lang, "audit-what", &r.what),
            person,
            rows: r.rows,
        });
    }
    Ok(lines)
}

/// A record's code as its reader reads it ("console" → "Consola", "request /
/// signed_ddc" → "Solicitud / DDC firmada"): each part's words from `prefix-part`
/// when the locale has them, else the part as it was recorded.
fn label(locales: &Locales, lang: &str, prefix: &str, code: &str) -> String {
    code.split(" / ")
        .map(|part| {
            let key = format!("{prefix}-{}", part.trim().replace('_', "-"));
            if locales.has(lang, &key) {
                locales.t(lang, &key)
            } else {
                part.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The audit as a table (CSV, XLSX or PDF through the one table writer).
pub fn document(
    locales: &Locales,
    lang: &str,
    notes: Vec<String>,
    lines: &[AuditLine],
) -> Document {
    let t = |k: &str| locales.t(lang, k);
    let header: Vec<String> = [
        "audit-col-at",
        "audit-col-entity",
        "audit-col-access",
        "audit-col-who",
        "audit-col-channel",
        "audit-col-action",
        "audit-col-what",
        "audit-col-person",
        "audit-col-rows",
    ]
    .iter()
    .map(|k| t(k))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(t("audit-sheet"), &header);
    for l in lines {
        table.push(vec![
            Cell::DateTime(l.at),
            Cell::text(&l.entity),
            Cell::opt(l.access.as_ref(), Cell::text),
            Cell::text(&l.who),
            Cell::text(&l.channel),
            Cell::text(t(l.action.message_key())),
            Cell::text(&l.what),
            Cell::opt(l.person.as_ref(), Cell::text),
            Cell::Int(l.rows),
        ]);
    }
    Document::new(notes, vec![table])
}

/// Reads grouped for the letter: at most this many groups fit on its one page.
const LETTER_GROUPS: usize = 9;

/// The answer to a data subject: one page in the reader's language (Spanish by
/// default) saying which entity read their data, when and what for, grouped by
/// entity and purpose. It names entities and the program's units, never a person:
/// no other DNI, no responsible's name or phone.
#[allow(clippy::too_many_arguments)]
pub fn subject_letter(
    locales: &Locales,
    lang: &str,
    dni: &Dni,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    lines: &[AuditLine],
) -> Result<Vec<u8>, DocumentError> {
    let t = |k: &str| locales.t(lang, k);
    let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    // (entity, action) → (times, first, last), in order of first read.
    let mut groups: BTreeMap<(NaiveDateTime, String, &'static str), (i64, NaiveDateTime)> =
        BTreeMap::new();
    let mut firsts: HashMap<(String, &'static str), NaiveDateTime> = HashMap::new();
    for l in lines {
        let key = (l.entity.clone(), l.action.message_key());
        let first = *firsts.entry(key.clone()).or_insert(l.at);
        let entry = groups.entry((first, key.0, key.1)).or_insert((0, l.at));
        entry.0 += 1;
        entry.1 = entry.1.max(l.at);
    }
    let header: Vec<String> = [
        "audit-letter-col-entity",
        "audit-letter-col-purpose",
        "audit-letter-col-times",
        "audit-letter-col-first",
        "audit-letter-col-last",
    ]
    .iter()
    .map(|k| t(k))
    .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(t("audit-letter-sheet"), &header);
    let mut left_out = 0;
    for (i, ((first, entity, action), (times, last))) in groups.iter().enumerate() {
        if i >= LETTER_GROUPS {
            left_out += times;
            continue;
        }
        table.push(vec![
            Cell::text(entity),
            Cell::text(t(action)),
            Cell::Int(*times),
            Cell::DateTime(*first),
            Cell::DateTime(*last),
        ]);
    }
    let mut notes = vec![
        locales.t_args(lang, "audit-letter-holder", &[("dni", dni.as_str().into())]),
        locales.t_args(
            lang,
            "audit-period",
            &[("from", day(from).into()), ("to", day(to).into())],
        ),
        locales.t_args(lang, "audit-letter-issued", &[("date", day(today).into())]),
        locales.t_args(lang, "audit-letter-count", &[("count", lines.len().into())]),
    ];
    if left_out > 0 {
        notes.push(locales.t_args(lang, "audit-letter-more", &[("count", left_out.into())]));
    }
    notes.push(t("audit-letter-rights"));
    let tables = if lines.is_empty() {
        vec![]
    } else {
        vec![table]
    };
    Document::new(notes, tables).to_pdf(&t("audit-letter-title"))
}

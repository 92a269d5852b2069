//! E-mail copies (issue 15): when a request is registered (with its DDC attached),
//! observed, rejected, approved, superseded, or its access is about to expire, its
//! responsible and its authority get a short copy in Spanish. Rendered here from the
//! same events the chats get; written to the outbox's `email` channel (the chat id
//! is the address), so the sender retries, rate-limits and records each one.
//!
//! An e-mail `Outbound` carries the subject on its first line, a blank line, then
//! the body (`Text`), or the same as a `Document`'s caption with the attachment.

use super::{date, enqueue};
use crate::domain::stage::Stage;
use crate::events::Event;
use crate::i18n::{Arg, Locales};
use crate::message::{Channel, ChatKey, Outbound};
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError, email};

/// Copies go in Spanish whatever the applicant's chat language: they are the
/// program's record to the authority.
const LANG: &str = "es";

/// The copy an event calls for, if any: (message key, the request, the attachment).
fn copy_of(event: &Event) -> Option<(&'static str, &RequestRow, Option<&str>)> {
    match event {
        Event::RequestRegistered {
            request,
            ddc_sha256,
        } => Some(("email-registered", request, Some(ddc_sha256))),
        Event::RequestMoved { request, .. } => {
            let key = match request.stage {
                Stage::Observed => "email-observed",
                Stage::Rejected => "email-rejected",
                Stage::Active => "email-approved",
                Stage::Superseded => "email-superseded",
                _ => return None,
            };
            Some((key, request, None))
        }
        // When the applicant's own chat was bound it hears the supersession as this
        // event instead of `RequestMoved`; the copy goes out all the same.
        Event::AccessEnded { binding, access }
            if access.stage == Stage::Superseded && access.made_from(binding.chat()) =>
        {
            Some(("email-superseded", access, None))
        }
        // Suspended, revoked, restored: the program's record to both of them.
        Event::AccessStatusChanged { access, .. } => {
            let key = match access.stage {
                Stage::Suspended => "email-access-suspended",
                Stage::RevocationReview => "email-access-revocation-review",
                Stage::Revoked => "email-access-revoked",
                _ => "email-access-restored",
            };
            Some((key, access, None))
        }
        // UAC asks for a new signed DDC: the new DDC attached; and when it accepts it.
        Event::NewDdcAsked {
            access, ddc_sha256, ..
        } => Some(("email-new-ddc-asked", access, Some(ddc_sha256))),
        Event::NewDdcAccepted { access, .. } => Some(("email-new-ddc-accepted", access, None)),
        // The authority and the responsible both learn that a new DDC is due.
        Event::AuthorityChanged { request, .. } => Some(("email-authority-changed", request, None)),
        // Only while no renewal is filed: then the reminder asks for its signed DDC.
        Event::RenewalReminder {
            request,
            renewal: None,
        } => Some(("email-expiring", request, None)),
        _ => None,
    }
}

/// The responsible's address and the authority's (institutional, else personal),
/// once each.
fn recipients(request: &RequestRow) -> Vec<String> {
    let d = &request.data;
    let authority = d
        .authority_institutional_email
        .as_ref()
        .or(d.authority_personal_email.as_ref());
    let mut out: Vec<String> = [d.resp_email.as_ref(), authority]
        .into_iter()
        .flatten()
        .map(|e| e.as_str().to_string())
        .collect();
    out.dedup();
    out
}

/// Writes the e-mail copies of one event to the outbox (none to a failing address).
pub async fn copies(locales: &Locales, conn: &mut Conn, event: &Event) -> Result<(), StoreError> {
    if let Event::DistrictInvited {
        ubigeo,
        district,
        address,
        letter_sha256,
    } = event
    {
        return invitation(locales, conn, ubigeo, district, address, letter_sha256).await;
    }
    let Some((key, request, attachment)) = copy_of(event) else {
        return Ok(());
    };
    let note = match event {
        Event::RequestMoved { note, .. } | Event::AccessStatusChanged { note, .. } => {
            note.clone().unwrap_or_default()
        }
        Event::AuthorityChanged { listed_names, .. } => listed_names.clone(),
        Event::NewDdcAsked { reason, .. } => reason.clone(),
        _ => String::new(),
    };
    let mut args: Vec<(&str, Arg)> = vec![
        ("code", request.code.clone().into()),
        ("jurisdiction", request.jurisdiction_label().into()),
        // Who signs the DDC: the mayor, the governor or the entity's head.
        (
            "authority",
            locales.t(LANG, request.access_type.authority_key()).into(),
        ),
        ("reason", note.into()),
        ("year", i64::from(request.fiscal_year).into()),
    ];
    let due = match event {
        Event::AuthorityChanged { due_on, .. } | Event::NewDdcAsked { due_on, .. } => Some(*due_on),
        _ => request.stage_due_on,
    };
    if let Some(due) = due {
        args.push(("date", date(due).into()));
    }
    let text = format!(
        "{}\n\n{}\n\n-- \n{}",
        locales.t_args(LANG, &format!("{key}-subject"), &args),
        locales.t_args(LANG, key, &args),
        locales.t(LANG, "email-signature"),
    );
    let message = match attachment {
        Some(sha256) => Outbound::Document {
            sha256: sha256.to_string(),
            file_name: format!("DDC-{}.pdf", request.code),
            caption: text,
        },
        None => Outbound::Text {
            text,
            choices: vec![],
        },
    };
    for address in recipients(request) {
        if email::failing(conn, &address).await? {
            continue;
        }
        email::remember(conn, &address, request.id).await?;
        enqueue(conn, ChatKey::new(Channel::Email, &address), &message).await?;
    }
    Ok(())
}

/// An invitation letter by e-mail, the letter attached (none to a failing address).
async fn invitation(
    locales: &Locales,
    conn: &mut Conn,
    ubigeo: &str,
    district: &str,
    address: &str,
    letter_sha256: &str,
) -> Result<(), StoreError> {
    if email::failing(conn, address).await? {
        return Ok(());
    }
    let args: Vec<(&str, Arg)> = vec![("district", district.into())];
    let text = format!(
        "{}\n\n{}\n\n-- \n{}",
        locales.t_args(LANG, "email-invitation-subject", &args),
        locales.t_args(LANG, "email-invitation", &args),
        locales.t(LANG, "email-signature"),
    );
    let message = Outbound::Document {
        sha256: letter_sha256.to_owned(),
        file_name: format!("invitacion-{ubigeo}.pdf"),
        caption: text,
    };
    enqueue(conn, ChatKey::new(Channel::Email, address), &message).await
}

/// An SMTP server refused `address` for good: it is marked failing and, the first
/// time, the applicant of the request it was last used for is told on their chat.
pub async fn address_refused(
    locales: &Locales,
    conn: &mut Conn,
    address: &str,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    let Some(request_id) = email::refuse(conn, address, reason, now).await? else {
        return Ok(());
    };
    let Some(request) = requests::get(conn, request_id).await? else {
        return Ok(());
    };
    let lang = locales.pick(Some(&request.locale));
    let text = locales.t_args(
        lang,
        "email-address-refused",
        &[
            ("code", request.code.clone().into()),
            ("address", address.to_string().into()),
        ],
    );
    let message = Outbound::Text {
        text,
        choices: vec![],
    };
    enqueue(conn, request.chat(), &message).await
}

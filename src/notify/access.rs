//! Notices to a chat bound to an access (an approved ally's chat): the access ended,
//! and why, with a specialist on offer; the invitation of a new responsible to bind.

use super::{Notifier, enqueue};
use crate::domain::stage::Stage;
use crate::i18n::{Arg, Locales};
use crate::message::{Channel, ChatKey, Choice, ChoiceId, MenuItem, Outbound};
use crate::store::bindings::Binding;
use crate::store::requests::{self, RequestRow};
use crate::store::{Conn, StoreError, conversations};

/// The Fluent id that says why an access ended, by the stage it ended in.
pub fn ended_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Superseded => "access-ended-superseded",
        Stage::Expired => "access-ended-expired",
        _ => "access-ended-revoked",
    }
}

/// The notice's words and buttons, in `lang`, for a chat on `channel`: why the
/// access ended, what to do next (a renewal, for an expired one; where the renewal is,
/// when one is already on its way) and a specialist.
pub fn ended_message(
    locales: &Locales,
    lang: &str,
    channel: &str,
    access: &RequestRow,
    renewal: Option<&RequestRow>,
) -> Outbound {
    let menu = |item: MenuItem, key: &str| Choice::new(ChoiceId::Menu(item), locales.t(lang, key));
    // Expired with its renewal on its way: where the renewal is, not "renew".
    if let Some(renewal) = renewal {
        let args: Vec<(&str, Arg)> = vec![
            ("code", access.code.clone().into()),
            ("renewal", renewal.code.clone().into()),
            ("stage", locales.t(lang, renewal.stage.message_key()).into()),
        ];
        let text = locales.t_args(lang, "binding-ended-renewing", &args);
        let choices = vec![
            menu(MenuItem::Status, "menu-status"),
            menu(MenuItem::Specialist, "menu-specialist"),
        ];
        return Outbound::Text { text, choices };
    }
    let args: Vec<(&str, Arg)> = vec![
        ("channel", channel.into()),
        ("code", access.code.clone().into()),
        ("jurisdiction", access.jurisdiction_label().into()),
        ("year", i64::from(access.fiscal_year).into()),
    ];
    let text = locales.t_args(lang, ended_key(access.stage), &args);
    let mut choices = vec![];
    if access.stage == Stage::Expired {
        choices.push(menu(MenuItem::Renew, "menu-renew"));
    }
    choices.push(menu(MenuItem::Specialist, "menu-specialist"));
    Outbound::Text { text, choices }
}

/// The chat's language; for a chat that never wrote, the request's.
async fn chat_lang(
    n: &Notifier,
    conn: &mut Conn,
    key: ChatKey<'_>,
    access: &RequestRow,
) -> Result<&'static str, StoreError> {
    let chat = conversations::load(conn, key).await?;
    Ok(n.locales.pick(Some(
        chat.as_ref()
            .map_or(access.locale.as_str(), |c| c.locale.as_str()),
    )))
}

/// Tells a bound chat, in its own language, that its access ended.
pub(super) async fn ended(
    n: &Notifier,
    conn: &mut Conn,
    binding: &Binding,
    access: &RequestRow,
) -> Result<(), StoreError> {
    let lang = chat_lang(n, conn, binding.chat(), access).await?;
    let renewal = match access.stage {
        Stage::Expired => requests::open_renewal_of(conn, access.id).await?,
        _ => None,
    };
    let message = ended_message(
        &n.locales,
        lang,
        binding.channel.as_str(),
        access,
        renewal.as_ref(),
    );
    enqueue(conn, binding.chat(), &message).await
}

/// The Fluent id of the notice of an access the program moved, by its new stage
/// (`active`: restored). Chat: `access-status-…`; e-mail: `email-access-…`.
pub fn status_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Suspended => "access-status-suspended",
        Stage::RevocationReview => "access-status-revocation-review",
        Stage::Revoked => "access-status-revoked",
        _ => "access-status-restored",
    }
}

/// The notice's words and buttons: what happened to the access and why, until when
/// (a suspension with a date), and what to do (a specialist, the request's status;
/// a revoked access: a new request).
pub fn status_message(
    locales: &Locales,
    lang: &str,
    channel: &str,
    access: &RequestRow,
    note: Option<&str>,
) -> Outbound {
    let menu = |item: MenuItem, key: &str| Choice::new(ChoiceId::Menu(item), locales.t(lang, key));
    let mut args: Vec<(&str, Arg)> = vec![
        ("channel", channel.into()),
        ("code", access.code.clone().into()),
        ("jurisdiction", access.jurisdiction_label().into()),
        ("reason", note.unwrap_or_default().to_owned().into()),
    ];
    let until = access
        .stage_due_on
        .filter(|_| access.stage == Stage::Suspended);
    args.push(("dated", if until.is_some() { "yes" } else { "no" }.into()));
    args.push(("until", until.map(super::date).unwrap_or_default().into()));
    let text = locales.t_args(lang, status_key(access.stage), &args);
    let choices = match access.stage {
        Stage::Active => vec![menu(MenuItem::Ally, "menu-ally")],
        Stage::Revoked => vec![
            menu(MenuItem::Register, "menu-register"),
            menu(MenuItem::Specialist, "menu-specialist"),
        ],
        _ => vec![
            menu(MenuItem::Status, "menu-status"),
            menu(MenuItem::Specialist, "menu-specialist"),
        ],
    };
    Outbound::Text { text, choices }
}

/// Tells the applicant's chat and every chat bound to an access, each in its own
/// language, that the program suspended, revoked or restored it.
pub(super) async fn status_changed(
    n: &Notifier,
    conn: &mut Conn,
    access: &RequestRow,
    chats: &[(Channel, String)],
    note: Option<&str>,
) -> Result<(), StoreError> {
    for (channel, chat_id) in chats {
        let key = ChatKey::new(*channel, chat_id);
        let lang = chat_lang(n, conn, key, access).await?;
        let message = status_message(&n.locales, lang, channel.as_str(), access, note);
        enqueue(conn, key, &message).await?;
    }
    Ok(())
}

/// Invites the responsible's WhatsApp number to bind: the `invite` template, whose
/// button is "Consultar beneficiarios" (the chat's number is then the proof).
pub(super) async fn invite(
    n: &Notifier,
    conn: &mut Conn,
    access: &RequestRow,
    chat_id: &str,
) -> Result<(), StoreError> {
    let channel = Channel::Whatsapp.as_str();
    let key = ChatKey::new(Channel::Whatsapp, chat_id);
    let lang = chat_lang(n, conn, key, access).await?;
    let jurisdiction = access.jurisdiction_label();
    let text = n.locales.t_args(
        lang,
        "access-invitation",
        &[
            ("channel", channel.into()),
            ("code", access.code.clone().into()),
            ("jurisdiction", jurisdiction.clone().into()),
        ],
    );
    let choices = vec![Choice::new(
        ChoiceId::Menu(MenuItem::Ally),
        n.locales.t(lang, "menu-ally"),
    )];
    let message = Outbound::Invitation {
        text,
        choices,
        params: vec![access.code.clone(), jurisdiction],
    };
    enqueue(conn, key, &message).await
}

/// UAC asked for a new signed DDC: each chat of the access hears why and by when,
/// with the new DDC and the button to send it back signed.
pub(super) async fn new_ddc_asked(
    n: &Notifier,
    conn: &mut Conn,
    access: &RequestRow,
    chats: &[(Channel, String)],
    reason: &str,
    due_on: chrono::NaiveDate,
    ddc_sha256: &str,
) -> Result<(), StoreError> {
    for (channel, chat_id) in chats {
        let key = ChatKey::new(*channel, chat_id);
        let lang = chat_lang(n, conn, key, access).await?;
        let menu =
            |item: MenuItem, key: &str| Choice::new(ChoiceId::Menu(item), n.locales.t(lang, key));
        let text = n.locales.t_args(
            lang,
            "access-new-ddc-asked",
            &[
                ("channel", channel.as_str().into()),
                ("code", access.code.clone().into()),
                ("jurisdiction", access.jurisdiction_label().into()),
                ("reason", reason.to_owned().into()),
                ("date", super::date(due_on).into()),
                (
                    "authority",
                    n.locales.t(lang, access.access_type.authority_key()).into(),
                ),
            ],
        );
        let document = Outbound::Document {
            sha256: ddc_sha256.to_owned(),
            file_name: format!("DDC-{}.pdf", access.code),
            caption: n
                .locales
                .t_args(lang, "ddc-caption", &[("code", access.code.clone().into())]),
        };
        enqueue(conn, key, &document).await?;
        let choices = vec![
            menu(MenuItem::Upload, "menu-upload"),
            menu(MenuItem::Specialist, "menu-specialist"),
        ];
        enqueue(conn, key, &Outbound::Text { text, choices }).await?;
    }
    Ok(())
}

/// UAC accepted the new signed DDC of an access that stayed active: its chats hear
/// nothing more is due.
pub(super) async fn new_ddc_accepted(
    n: &Notifier,
    conn: &mut Conn,
    access: &RequestRow,
    chats: &[(Channel, String)],
) -> Result<(), StoreError> {
    for (channel, chat_id) in chats {
        let key = ChatKey::new(*channel, chat_id);
        let lang = chat_lang(n, conn, key, access).await?;
        let text = n.locales.t_args(
            lang,
            "access-new-ddc-accepted",
            &[
                ("channel", channel.as_str().into()),
                ("code", access.code.clone().into()),
                ("jurisdiction", access.jurisdiction_label().into()),
            ],
        );
        let choices = vec![Choice::new(
            ChoiceId::Menu(MenuItem::Ally),
            n.locales.t(lang, "menu-ally"),
        )];
        enqueue(conn, key, &Outbound::Text { text, choices }).await?;
    }
    Ok(())
}

/// The new signed DDC arrived: UAC's members hear they have it to accept.
pub(super) async fn new_ddc_received(
    n: &Notifier,
    conn: &mut Conn,
    access: &RequestRow,
) -> Result<(), StoreError> {
    to_uac(n, conn, access, "staff-new-ddc-received", &[]).await
}

/// Tells every UAC member about an access (`key`: the request's code, jurisdiction
/// and stage, with `more`), with the button that opens it.
pub(super) async fn to_uac(
    n: &Notifier,
    conn: &mut Conn,
    access: &RequestRow,
    key: &str,
    more: &[(&str, Arg)],
) -> Result<(), StoreError> {
    let role = crate::domain::stage::Role::Uac;
    for member in crate::store::staff::with_role(conn, role).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = n.locales.pick(Some(&member.locale));
        let mut args: Vec<(&str, Arg)> = vec![
            ("code", access.code.clone().into()),
            ("jurisdiction", access.jurisdiction_label().into()),
            (
                "stage",
                n.locales.t(lang, access.stage.message_key()).into(),
            ),
        ];
        args.extend(more.iter().cloned());
        let text = n.locales.t_args(lang, key, &args);
        let open = Choice::new(
            ChoiceId::OpenRequest(access.id),
            n.locales.t(lang, "staff-open"),
        );
        let message = Outbound::Text {
            text,
            choices: vec![open],
        };
        enqueue(conn, ChatKey::new(channel, &chat_id), &message).await?;
    }
    Ok(())
}

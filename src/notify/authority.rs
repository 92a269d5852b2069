//! A JNE list that names another authority for an access's jurisdiction: the
//! responsible (the request's chat and every chat bound to the access) hears that
//! the new authority must sign a new DDC and by when; UAC hears it in its chats, as
//! the console's desk shows it.

use chrono::NaiveDate;

use super::{Notifier, date, enqueue};
use crate::domain::stage::Role;
use crate::message::{ChatKey, Choice, ChoiceId, MenuItem, Outbound};
use crate::store::requests::RequestRow;
use crate::store::{Conn, StoreError, bindings, staff};

pub(super) async fn changed(
    n: &Notifier,
    conn: &mut Conn,
    request: &RequestRow,
    listed_names: &str,
    due_on: NaiveDate,
) -> Result<(), StoreError> {
    let mut chats = vec![(request.channel.clone(), request.chat_id.clone())];
    for b in bindings::open_for_request(conn, request.id).await? {
        if !chats.contains(&(b.channel.clone(), b.chat_id.clone())) {
            chats.push((b.channel, b.chat_id));
        }
    }
    let lang = n.locales.pick(Some(&request.locale));
    for (channel, chat_id) in &chats {
        let text = n.locales.t_args(
            lang,
            "authority-changed",
            &[
                ("code", request.code.clone().into()),
                ("jurisdiction", request.jurisdiction_label().into()),
                ("names", listed_names.into()),
                ("date", date(due_on).into()),
            ],
        );
        let choices = vec![Choice::new(
            ChoiceId::Menu(MenuItem::Specialist),
            n.locales.t(lang, "menu-specialist"),
        )];
        let chat = ChatKey::new(*channel, chat_id);
        enqueue(conn, chat, &Outbound::Text { text, choices }).await?;
    }
    for member in staff::with_role(conn, Role::Uac).await? {
        let Some((channel, chat_id)) = member.address() else {
            continue;
        };
        let lang = n.locales.pick(Some(&member.locale));
        let text = n.locales.t_args(
            lang,
            "staff-authority-changed",
            &[
                ("code", request.code.clone().into()),
                ("jurisdiction", request.jurisdiction_label().into()),
                (
                    "stage",
                    n.locales.t(lang, request.stage.message_key()).into(),
                ),
                ("names", listed_names.into()),
                ("date", date(due_on).into()),
            ],
        );
        let open = Choice::new(
            ChoiceId::OpenRequest(request.id),
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

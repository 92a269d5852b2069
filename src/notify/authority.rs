//! A JNE list that names another authority for an access's jurisdiction: the
//! responsible (the request's chat and every chat bound to the access) hears that
//! the new authority must sign a new DDC and by when; UAC hears it in its chats, as
//! the console's desk shows it.

use chrono::NaiveDate;

use super::{Notifier, date, enqueue};
use crate::message::{ChatKey, Choice, ChoiceId, MenuItem, Outbound};
use crate::store::requests::RequestRow;
use crate::store::{Conn, StoreError};

pub(super) async fn changed(
    n: &Notifier,
    conn: &mut Conn,
    request: &RequestRow,
    listed_names: &str,
    due_on: NaiveDate,
) -> Result<(), StoreError> {
    let chats = crate::services::requests::chats_of(conn, request).await?;
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
    let more = [
        ("names", listed_names.into()),
        ("date", date(due_on).into()),
    ];
    super::access::to_uac(n, conn, request, "staff-authority-changed", &more).await?;
    Ok(())
}

//! Turns what the services report ([`Event`]) into messages: for each recipient, in
//! their language, with the buttons that lead to the next step, written to the
//! outbox in the caller's transaction (so a notice exists only if its cause does).
//! The only layer below the conversation that writes Fluent keys or choice ids.

pub mod access;
mod authority;
pub mod email;
mod requests;
pub mod tickets;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::clock::wall_now;
use crate::config::Settings;
use crate::events::Event;
use crate::i18n::Locales;
use crate::message::{ChatKey, Outbound};
use crate::store::{Conn, StoreError, conversations, outbox};

/// Renders events for every recipient and channel: the chats' notices and, when the
/// settings have an `[email]` section, the e-mail copies. Built once (`App::build`)
/// and shared, so no caller decides again whether copies go out.
#[derive(Clone)]
pub struct Notifier {
    pub locales: Arc<Locales>,
    /// Whether e-mail copies go out (`[email]` is set); fixed when built.
    copies: bool,
}

impl Notifier {
    /// The notifier the settings call for.
    pub fn new(locales: Arc<Locales>, settings: &Settings) -> Self {
        Self {
            locales,
            copies: settings.email.enabled(),
        }
    }

    /// A notifier that writes chat notices only, whatever the settings (tools and
    /// tests that have no settings).
    pub fn chats_only(locales: Arc<Locales>) -> Self {
        Self {
            locales,
            copies: false,
        }
    }

    /// Whether this notifier writes e-mail copies.
    pub fn copies(&self) -> bool {
        self.copies
    }

    /// Writes every message the events call for: chat notices and, when e-mail is
    /// set, their copies.
    pub async fn send(&self, conn: &mut Conn, events: Vec<Event>) -> Result<(), StoreError> {
        if self.copies {
            for event in &events {
                email::copies(&self.locales, conn, event).await?;
            }
        }
        // The activation notice says whether the responsible was invited on WhatsApp.
        let invited: Vec<i64> = events
            .iter()
            .filter_map(|e| match e {
                Event::InviteResponsible { request, .. } => Some(request.id),
                _ => None,
            })
            .collect();
        for event in events {
            self.one(conn, event, &invited).await?;
        }
        Ok(())
    }

    async fn one(&self, conn: &mut Conn, event: Event, invited: &[i64]) -> Result<(), StoreError> {
        match event {
            Event::RequestMoved {
                request,
                note,
                expected_account,
            } => {
                let notice = requests::Notice {
                    note: note.as_deref(),
                    expected_account,
                    invited: invited.contains(&request.id),
                };
                requests::to_applicant(self, conn, &request, notice).await
            }
            Event::InviteResponsible { request, chat_id } => {
                access::invite(self, conn, &request, &chat_id).await
            }
            Event::DdcArrivedElsewhere { request, on } => {
                requests::ddc_arrived_elsewhere(self, conn, &request, on).await
            }
            Event::AccessEnded { binding, access } => {
                access::ended(self, conn, &binding, &access).await
            }
            Event::AccessStatusChanged {
                access,
                chats,
                note,
            } => access::status_changed(self, conn, &access, &chats, note.as_deref()).await,
            Event::NewDdcAsked {
                access,
                chats,
                reason,
                due_on,
                ddc_sha256,
            } => {
                access::new_ddc_asked(self, conn, &access, &chats, &reason, due_on, &ddc_sha256)
                    .await
            }
            Event::NewDdcReceived { access } => access::new_ddc_received(self, conn, &access).await,
            Event::NewDdcAccepted { access, chats } => {
                access::new_ddc_accepted(self, conn, &access, &chats).await
            }
            // The applicant hears it in the conversation; only e-mail copies go out.
            Event::RequestRegistered { .. } => Ok(()),
            // Only an e-mail (`email::copies`), no chat to tell.
            Event::DistrictInvited { .. } => Ok(()),
            Event::AuthorityChanged {
                request,
                listed_names,
                due_on,
            } => authority::changed(self, conn, &request, &listed_names, due_on).await,
            Event::NewStaffItem { role, request } => {
                requests::to_queue(self, conn, role, &request).await
            }
            Event::ObservationReminder { request } => {
                requests::observation_reminder(self, conn, &request).await
            }
            Event::RenewalReminder { request, renewal } => {
                requests::renewal_reminder(self, conn, &request, renewal.as_deref()).await
            }
            Event::OverdueDigest {
                supervisor,
                overdue,
                cases,
            } => {
                if !overdue.is_empty() {
                    requests::digest(self, conn, &supervisor, &overdue).await?;
                }
                tickets::cases_digest(self, conn, &supervisor, &cases).await
            }
            Event::TicketDerived { ticket, by } => {
                tickets::to_unit(self, conn, &ticket).await?;
                tickets::derived_to_ally(self, conn, &ticket, &by).await
            }
            Event::CaseOverdue { case } => tickets::overdue_to_unit(self, conn, &case).await,
            Event::AllyCaseFiled { report } => {
                tickets::ally_case_to_unit(self, conn, &report).await
            }
            Event::AllyCaseResolved { report } => {
                tickets::ally_case_resolved(self, conn, &report).await
            }
            Event::PadronStale {
                member,
                data_date,
                business_days,
            } => requests::padron_stale(self, conn, &member, data_date, business_days).await,
            Event::QueueReminder { member, count } => {
                requests::queue_reminder(self, conn, &member, count).await
            }
            Event::TicketOpened { ticket } => tickets::to_unit(self, conn, &ticket).await,
            Event::TicketOverdue { ticket } => tickets::to_supervisors(self, conn, &ticket).await,
            Event::UsageReport {
                member,
                month,
                accesses,
                sha256,
                file_name,
            } => {
                let Some((channel, chat_id)) = member.address() else {
                    return Ok(());
                };
                let lang = self.locales.pick(Some(&member.locale));
                let caption = self.locales.t_args(
                    lang,
                    "usage-notice",
                    &[
                        ("month", month.format("%m/%Y").to_string().into()),
                        ("count", accesses.into()),
                    ],
                );
                let message = Outbound::Document {
                    sha256,
                    file_name,
                    caption,
                };
                enqueue(conn, ChatKey::new(channel, &chat_id), &message).await
            }
            Event::TicketHandedOver { ticket, from, to } => {
                tickets::to_new_holder(self, conn, &ticket, &from, &to).await?;
                let key =
                    tickets::by_unit(&ticket, "ticket-handed-ally", "ticket-handed-ally-unit");
                tickets::who_answers(self, conn, &ticket, key, &to.name).await
            }
            Event::TicketTaken { ticket, by } => {
                let key = tickets::by_unit(&ticket, "ticket-taken-ally", "ticket-taken-ally-unit");
                tickets::who_answers(self, conn, &ticket, key, &by).await
            }
            Event::TicketReplied { ticket, by, reply } => {
                tickets::reply_to_ally(self, conn, &ticket, &by, reply).await
            }
            Event::TicketClosed { ticket, by, note } => {
                tickets::closed_to_ally(self, conn, &ticket, &by, &note).await
            }
            Event::TicketClosedByAlly { ticket, holder } => {
                tickets::closed_by_ally(self, conn, &ticket, &holder).await
            }
            Event::VoiceTranscribed {
                ticket,
                holder,
                text,
            } => tickets::transcript_to_holder(self, conn, &ticket, &holder, &text).await,
        }
    }
}

/// Writes one message to a chat's outbox. Its choices become the chat's last shown
/// choices, so a typed "1" answers them even when they went out as numbered text.
pub async fn enqueue(
    conn: &mut Conn,
    chat: ChatKey<'_>,
    message: &Outbound,
) -> Result<(), StoreError> {
    let payload = serde_json::to_string(message)?;
    outbox::enqueue(conn, chat, &payload, wall_now()).await?;
    if let Outbound::Text { choices, .. } | Outbound::Invitation { choices, .. } = message
        && !choices.is_empty()
    {
        let offered = serde_json::to_string(choices)?;
        conversations::set_offered(conn, chat, &offered).await?;
    }
    Ok(())
}

/// "24/11/2026", as every message writes a date.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

//! The e-mail channel (outgoing only): delivers the outbox's `email` rows, copies of
//! a request's milestones (see `notify::email`), over SMTP with lettre. The chat id
//! is the address; the first line of the text is the subject; a document goes as an
//! attachment. A transient SMTP answer (4xx, a connection failure) is retried by the
//! sender; a refusal of the address for good (550, 551, 553) marks it failing and
//! tells the applicant once; any other permanent answer is recorded as failed.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::{Adapter, DecodeError, DeliveryError};
use crate::clock::wall_now;
use crate::config::EmailSettings;
use crate::i18n::Locales;
use crate::message::{Channel, ChatRef, Inbound, Outbound};
use crate::store::Store;
use crate::store::files::FileStore;
use crate::store::inbound::InboundEvent;

/// SMTP answers that say the address itself will never take mail.
const ADDRESS_REFUSED: [&str; 3] = ["550", "551", "553"];

pub struct EmailAdapter {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    files: FileStore,
    store: Store,
    locales: Arc<Locales>,
}

impl EmailAdapter {
    /// Fails on a `smtp_url` or `from` that `check-config` would refuse.
    pub fn new(
        settings: &EmailSettings,
        files: FileStore,
        store: Store,
        locales: Arc<Locales>,
    ) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
            .map_err(|e| format!("email.smtp_url: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("email.from: {e}"))?;
        Ok(Self {
            transport,
            from,
            files,
            store,
            locales,
        })
    }

    async fn message(&self, to: Mailbox, outbound: &Outbound) -> Result<Message, DeliveryError> {
        let (text, attachment) = match outbound {
            Outbound::Text { text, .. }
            | Outbound::Invitation { text, .. }
            | Outbound::Form { text, .. } => (text.as_str(), None),
            Outbound::Document {
                sha256,
                file_name,
                caption,
            } => {
                let bytes = self
                    .files
                    .get(sha256)
                    .await
                    .map_err(|e| DeliveryError::Transient(format!("attachment: {e}")))?;
                (caption.as_str(), Some((file_name.clone(), bytes)))
            }
        };
        let (subject, body) = text.split_once("\n\n").unwrap_or((text, ""));
        // A Message-ID on the sender's own domain and the Date (lettre adds it when
        // missing; set here so it is the send's): receiving servers and spam filters
        // mark down mail without them.
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject.trim())
            .message_id(Some(message_id(&self.from)))
            .date_now();
        // UTF-8 text/plain, lines as written (no hard wrapping): a phone's mail app
        // reflows paragraphs to its width.
        let plain = SinglePart::plain(plain_text(body));
        let built = match attachment {
            None => builder.singlepart(plain),
            Some((name, bytes)) => {
                let pdf = ContentType::parse("application/pdf")
                    .map_err(|e| DeliveryError::Permanent(e.to_string()))?;
                builder.multipart(
                    MultiPart::mixed()
                        .singlepart(plain)
                        .singlepart(Attachment::new(name).body(bytes, pdf)),
                )
            }
        };
        built.map_err(|e| DeliveryError::Permanent(format!("message: {e}")))
    }

    /// Marks the address failing and tells the applicant (once), in one transaction.
    async fn refused(&self, address: &str, reason: &str) {
        let recorded = async {
            let mut tx = self.store.begin().await?;
            crate::notify::email::address_refused(
                &self.locales,
                &mut tx,
                address,
                reason,
                wall_now(),
            )
            .await?;
            tx.commit().await?;
            Ok::<_, crate::store::StoreError>(())
        };
        if let Err(e) = recorded.await {
            tracing::error!(error = %e, "could not record a refused e-mail address");
        }
    }
}

#[async_trait]
impl Adapter for EmailAdapter {
    fn channel(&self) -> Channel {
        Channel::Email
    }

    /// Nothing comes in by e-mail.
    async fn decode(
        &self,
        _event: &InboundEvent,
    ) -> Result<Option<(ChatRef, Inbound)>, DecodeError> {
        Ok(None)
    }

    async fn deliver(
        &self,
        chat_id: &str,
        message: &Outbound,
    ) -> Result<Option<String>, DeliveryError> {
        let to = chat_id
            .parse::<Mailbox>()
            .map_err(|e| DeliveryError::Permanent(format!("not an address: {e}")))?;
        let email = self.message(to, message).await?;
        match self.transport.send(email).await {
            Ok(response) => Ok(response.message().next().map(str::to_string)),
            Err(e) if e.is_permanent() => {
                let code = e.status().map(|c| c.to_string()).unwrap_or_default();
                let reason = smtp_reason(&code, &e.to_string());
                if ADDRESS_REFUSED.contains(&code.as_str()) {
                    self.refused(chat_id, &reason).await;
                }
                Err(DeliveryError::Permanent(reason))
            }
            Err(e) => Err(DeliveryError::Transient(smtp_reason("", &e.to_string()))),
        }
    }
}

/// An SMTP server's answer as logs and the outbox keep it: servers echo the
/// address they refuse (`550 5.1.1 <ana@example.org>: Recipient address
/// rejected`), so every address, DNI or phone in it is masked.
fn smtp_reason(code: &str, reply: &str) -> String {
    let reply = crate::domain::kb::redact(reply);
    if code.is_empty() {
        format!("SMTP: {reply}")
    } else {
        format!("SMTP {code}: {reply}")
    }
}

/// `<random@domain-of-from>`, unique per message.
fn message_id(from: &Mailbox) -> String {
    let mut random = [0u8; 16];
    // The OS's generator does not fail in practice; a zeroed id is still well formed
    // and the random tail only needs to be unique enough for mail threading.
    let _ = getrandom::fill(&mut random);
    let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
    format!("<{hex}.{}@{}>", wall_now(), from.email.domain())
}

/// The body as a text/plain part: CRLF-neutral line ends, no trailing spaces but
/// the signature separator's ("-- "), which mail readers recognise.
fn plain_text(body: &str) -> String {
    body.lines()
        .map(|l| if l == "-- " { l } else { l.trim_end() })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_smtp_refusal_is_kept_without_the_address_it_echoes() {
        let reason = smtp_reason(
            "550",
            "permanent error (550): 5.1.1 <ana.perez@example.org>: Recipient address rejected",
        );
        assert!(!reason.contains("ana.perez"), "{reason}");
        assert!(
            reason.starts_with("SMTP 550: ") && reason.contains("5.1.1"),
            "{reason}"
        );
    }

    #[test]
    fn a_message_id_is_unique_and_on_the_sender_s_domain() {
        let from: Mailbox = "Programa <no-responder@example.org>"
            .parse()
            .expect("mailbox");
        let (a, b) = (message_id(&from), message_id(&from));
        assert_ne!(a, b);
        assert!(a.starts_with('<') && a.ends_with("@example.org>"), "{a}");
    }
}

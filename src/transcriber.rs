//! The speech-to-text worker (`[stt] command` set): takes the allies' voice notes one
//! at a time (the engine is heavy on a small server), away from every turn, so a
//! slow or stuck engine never delays a conversation. What it heard goes to the
//! ticket's holder through the one notifier, in the transaction that keeps it.

use std::time::Duration;

use tokio::sync::watch;

use crate::app::App;
use crate::message::Channel;
use crate::services::transcribe;
use crate::store::StoreError;

/// Pause between looks for new voice notes when none waits.
const IDLE: Duration = Duration::from_secs(1);

pub struct Transcriber {
    app: App,
}

impl Transcriber {
    pub fn new(app: App) -> Self {
        Self { app }
    }

    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            let pause = match self.once().await {
                Ok(true) => Duration::ZERO,
                Ok(false) => IDLE,
                Err(e) => {
                    tracing::error!(error = %e, "voice transcription failed");
                    IDLE * 5
                }
            };
            if *shutdown.borrow() {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(pause) => {},
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Transcribes one waiting voice note; false when none waits.
    pub async fn once(&self) -> Result<bool, StoreError> {
        let stt = &self.app.settings.stt;
        let claim = {
            let mut conn = self.app.store.pool.acquire().await?;
            transcribe::claim(&mut conn, stt, self.app.clock.unix()).await?
        };
        let Some(claim) = claim else {
            return Ok(false);
        };
        // No connection is held while the engine runs.
        let started = std::time::Instant::now();
        let heard = transcribe::run(stt, &self.app.files.path_for(&claim.sha256)).await;
        match &heard {
            Ok(text) => tracing::info!(
                message = claim.message_id,
                chars = text.chars().count(),
                secs = started.elapsed().as_secs_f32(),
                "voice note transcribed"
            ),
            Err(e) => tracing::warn!(
                message = claim.message_id,
                error = %e,
                "voice note not transcribed"
            ),
        }
        let mut tx = self.app.store.begin().await?;
        let events = transcribe::record(&mut tx, &claim, heard, self.app.clock.unix()).await?;
        let told = !events.is_empty();
        self.app.notifier.send(&mut tx, events).await?;
        tx.commit().await?;
        if told {
            for channel in [Channel::Telegram, Channel::Whatsapp] {
                self.app.sender_bell(channel).notify_one();
            }
        }
        Ok(true)
    }
}

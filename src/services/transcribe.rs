//! Speech-to-text of the allies' voice notes (`[stt] command`), on the program's own
//! server. The notes are heard by a person whether or not this runs: what the engine
//! heard is shown beside the audio, marked as automatic, never instead of it. The
//! engine is an operator's command run on the stored file (docs/STT.md), with a time
//! limit; it runs in a worker (`transcriber`), never inside a turn.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::config::SttSettings;
use crate::domain::policy::Act;
use crate::events::Event;
use crate::services::tickets::{may, record_read_at};
use crate::store::transcripts::{self, Claim};
use crate::store::{Conn, StoreError, staff, tickets};

/// Voice notes older than this when the worker first sees them are left to the
/// person (a note waiting two days has been heard, or will be, without it).
pub const RECENT_SECS: i64 = 2 * 24 * 3600;

/// The longest transcript kept (a chat message holds about 4,000 characters).
pub const MAX_CHARS: usize = 3000;

/// The most of the command's output read (the rest is drained and dropped).
const MAX_OUTPUT_BYTES: usize = 64 * 1024;

/// Why the engine gave no text for a note.
#[derive(Debug, thiserror::Error)]
pub enum SttError {
    #[error("the command could not run: {0}")]
    Start(std::io::Error),
    #[error("the command took more than {0} s and was stopped")]
    Timeout(u64),
    #[error("the command failed ({status}): {stderr}")]
    Failed { status: String, stderr: String },
    #[error("the command heard no speech")]
    Empty,
}

/// Claims the oldest voice note waiting for its transcript, for as long as the
/// command may take and a minute more (then another worker may take it again).
pub async fn claim(
    conn: &mut Conn,
    settings: &SttSettings,
    now: i64,
) -> Result<Option<Claim>, StoreError> {
    let lease = i64::try_from(settings.timeout_secs)
        .unwrap_or(i64::MAX / 4)
        .saturating_add(60);
    transcripts::claim_next(conn, now - RECENT_SECS, now, now.saturating_add(lease)).await
}

/// Runs the engine on one stored audio file: `sh -c "<command> \"$1\"" stt <file>`,
/// stopped (with everything it started) after `timeout_secs`. Its standard output,
/// spaces folded, is the transcript.
pub async fn run(settings: &SttSettings, audio: &Path) -> Result<String, SttError> {
    let command = settings.command.clone();
    let audio = audio.to_path_buf();
    let limit = Duration::from_secs(settings.timeout_secs);
    tokio::task::spawn_blocking(move || run_blocking(&command, &audio, limit))
        .await
        .map_err(|e| SttError::Start(std::io::Error::other(e)))?
}

fn run_blocking(command: &str, audio: &Path, limit: Duration) -> Result<String, SttError> {
    use std::os::unix::process::CommandExt;
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$1\""))
        .arg("stt")
        .arg(audio)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own process group, so a timeout stops what it started too.
        .process_group(0)
        .spawn()
        .map_err(SttError::Start)?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out = std::thread::spawn(move || read_capped(stdout));
    let err = std::thread::spawn(move || read_capped(stderr));
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                stop_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(SttError::Timeout(limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(SttError::Start(e)),
        }
    };
    // Whatever it left running would hold the pipes open.
    stop_group(child.id());
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    if !status.success() {
        let stderr = String::from_utf8_lossy(&err);
        let tail: String = stderr
            .trim()
            .chars()
            .rev()
            .take(300)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Err(SttError::Failed {
            status: status.to_string(),
            stderr: tail,
        });
    }
    let text = transcript_of(&String::from_utf8_lossy(&out));
    if text.is_empty() {
        return Err(SttError::Empty);
    }
    Ok(text)
}

/// Reads a pipe to its end, keeping the first [`MAX_OUTPUT_BYTES`].
fn read_capped(pipe: Option<impl Read>) -> Vec<u8> {
    let mut kept = vec![];
    let Some(mut pipe) = pipe else {
        return kept;
    };
    let mut buf = [0u8; 8192];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = MAX_OUTPUT_BYTES.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
}

/// Kills a process group (the command and what it started), by the shell's `kill`
/// (no extra dependency); a group already gone is no error.
fn stop_group(pgid: u32) {
    let _ = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("kill -KILL -{pgid} 2>/dev/null"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// The command's output as one line of text, at most [`MAX_CHARS`] characters.
pub fn transcript_of(output: &str) -> String {
    let folded = output.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= MAX_CHARS {
        return folded;
    }
    let mut cut: String = folded.chars().take(MAX_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Keeps what the engine made of a claimed note, and says who reads it now: the
/// ticket's holder, when the policy lets them see it (recorded as a read of the ally's
/// data, Ley 29733). An untaken ticket shows it to whoever takes it, with the note.
pub async fn record(
    conn: &mut Conn,
    claim: &Claim,
    heard: Result<String, SttError>,
    now: i64,
) -> Result<Vec<Event>, StoreError> {
    let text = match heard {
        Ok(text) => text,
        Err(why) => {
            transcripts::failed(conn, claim.message_id, &why.to_string(), now).await?;
            return Ok(vec![]);
        }
    };
    transcripts::done(conn, claim.message_id, &text, now).await?;
    let Some(ticket) = tickets::get(conn, claim.ticket_id).await? else {
        return Ok(vec![]);
    };
    let Some(holder_id) = ticket.specialist_id.filter(|_| ticket.state.is_active()) else {
        return Ok(vec![]);
    };
    let Some(holder) = staff::get(conn, holder_id).await? else {
        return Ok(vec![]);
    };
    let Some((channel, chat_id)) = holder.address() else {
        return Ok(vec![]);
    };
    if !may(&holder, Act::SeePersonalData, &ticket) {
        return Ok(vec![]);
    }
    record_read_at(
        conn,
        &holder,
        (channel.as_str(), &chat_id),
        &ticket,
        "ticket_message",
        now,
    )
    .await?;
    Ok(vec![Event::VoiceTranscribed {
        ticket,
        holder,
        text,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine(command: &str, timeout_secs: u64) -> SttSettings {
        SttSettings {
            command: command.to_owned(),
            timeout_secs,
        }
    }

    #[tokio::test]
    async fn the_command_gets_the_file_as_its_last_argument_and_its_output_is_the_text() {
        let heard = run(
            &engine("printf 'oí: %s\\n\\n'", 5),
            Path::new("/srv/files/una nota.ogg"),
        )
        .await;
        assert_eq!(heard.ok().as_deref(), Some("oí: /srv/files/una nota.ogg"));
    }

    #[tokio::test]
    async fn a_failing_or_silent_command_gives_no_text_and_says_why() {
        let failed = run(&engine("echo sin modelo >&2; exit 3; :", 5), Path::new("x")).await;
        match failed {
            Err(SttError::Failed { stderr, .. }) => assert_eq!(stderr, "sin modelo"),
            other => panic!("{other:?}"),
        }
        let silent = run(&engine("true", 5), Path::new("x")).await;
        assert!(matches!(silent, Err(SttError::Empty)), "{silent:?}");
    }

    #[tokio::test]
    async fn a_command_past_its_time_is_stopped_with_what_it_started() {
        let started = Instant::now();
        let stuck = run(&engine("sleep 7 & sleep 8; echo tarde", 1), Path::new("x")).await;
        assert!(matches!(stuck, Err(SttError::Timeout(1))), "{stuck:?}");
        assert!(started.elapsed() < Duration::from_secs(4));
    }

    #[test]
    fn output_is_folded_to_one_line_and_cut() {
        assert_eq!(
            transcript_of("  hola,\n  buenos días \n"),
            "hola, buenos días"
        );
        let long = "a ".repeat(MAX_CHARS);
        let cut = transcript_of(&long);
        assert_eq!(cut.chars().count(), MAX_CHARS);
        assert!(cut.ends_with('…'));
    }
}

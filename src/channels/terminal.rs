//! The terminal channel: one local user talking to the bot on stdin/stdout
//! (`contigo-bot chat`), for trying the bot without any platform token. Choices are
//! numbered; `/file PATH` sends a file; documents are saved to a folder.

use std::path::PathBuf;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tokio::io::AsyncWriteExt;

use super::{Adapter, DecodeError, DeliveryError};
use crate::documents::upload::{FileKind, sniff};
use crate::message::{Channel, ChatRef, FileContent, FileOrigin, Inbound, IncomingFile, Outbound};
use crate::store::files::FileStore;
use crate::store::inbound::InboundEvent;

/// What the terminal stores as a raw event.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TerminalEvent {
    Line { text: String, lang: Option<String> },
    File { path: PathBuf, lang: Option<String> },
}

pub struct TerminalAdapter {
    files: FileStore,
    downloads: PathBuf,
    max_bytes: u64,
    /// The user at this keyboard: only their messages are printed here; another
    /// terminal chat's (e.g. `demo-data`'s) wait for its own `chat --user`.
    chat: Option<String>,
}

impl TerminalAdapter {
    pub fn new(files: FileStore, downloads: PathBuf, max_bytes: u64) -> Self {
        Self {
            files,
            downloads,
            max_bytes,
            chat: None,
        }
    }

    /// The adapter of `chat_id`'s terminal alone.
    pub fn for_chat(mut self, chat_id: &str) -> Self {
        self.chat = Some(chat_id.to_owned());
        self
    }

    /// Turns a typed line into an event: `/file PATH` sends that file.
    pub fn event_for_line(line: &str, lang: Option<String>) -> TerminalEvent {
        match line.trim().strip_prefix("/file ") {
            Some(path) => TerminalEvent::File {
                path: typed_path(path),
                lang,
            },
            None => TerminalEvent::Line {
                text: line.trim_end_matches(['\r', '\n']).to_owned(),
                lang,
            },
        }
    }
}

/// The path as typed: a file dragged into a terminal arrives quoted
/// (`'/home/ana/Mis documentos/ddc.pdf'`), and `~/` is the home folder, as in the shell.
fn typed_path(typed: &str) -> PathBuf {
    let t = typed.trim();
    let unquoted = ['\'', '"']
        .into_iter()
        .find_map(|q| t.strip_prefix(q).and_then(|r| r.strip_suffix(q)))
        .unwrap_or(t);
    match (unquoted.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(unquoted),
    }
}

async fn read_file(path: &PathBuf, max_bytes: u64) -> FileContent {
    match tokio::fs::metadata(path).await {
        Ok(m) if m.len() > max_bytes => return FileContent::TooLarge { size: m.len() },
        Ok(_) => {}
        Err(_) => return FileContent::Unavailable,
    }
    match tokio::fs::read(path).await {
        Ok(bytes) => FileContent::Bytes(bytes),
        Err(_) => FileContent::Unavailable,
    }
}

#[async_trait]
impl Adapter for TerminalAdapter {
    fn channel(&self) -> Channel {
        Channel::Terminal
    }

    fn only_chat(&self) -> Option<&str> {
        self.chat.as_deref()
    }

    async fn decode(
        &self,
        event: &InboundEvent,
    ) -> Result<Option<(ChatRef, Inbound)>, DecodeError> {
        let parsed: TerminalEvent = serde_json::from_str(&event.payload)
            .map_err(|e| DecodeError::Malformed(e.to_string()))?;
        let (inbound, lang) = match parsed {
            TerminalEvent::Line { text, lang } => (Inbound::Text(text), lang),
            TerminalEvent::File { path, lang } => {
                let content = read_file(&path, self.max_bytes).await;
                let origin = match &content {
                    FileContent::Bytes(b)
                        if matches!(sniff(b), Some(FileKind::Jpeg | FileKind::Png)) =>
                    {
                        FileOrigin::Photo
                    }
                    _ => FileOrigin::Document,
                };
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                (
                    Inbound::File(IncomingFile {
                        origin,
                        name,
                        content,
                    }),
                    lang,
                )
            }
        };
        Ok(Some((
            ChatRef {
                channel: Channel::Terminal,
                chat_id: event.chat_id.clone(),
                lang_hint: lang,
            },
            inbound,
        )))
    }

    async fn deliver(
        &self,
        _chat_id: &str,
        message: &Outbound,
    ) -> Result<Option<String>, DeliveryError> {
        let mut out = String::new();
        match message {
            Outbound::Text { text, choices } | Outbound::Invitation { text, choices, .. } => {
                out.push_str(text);
                out.push('\n');
                for (i, c) in choices.iter().enumerate() {
                    out.push_str(&format!("  {}. {}\n", i + 1, c.label));
                }
            }
            // No forms in the terminal: the chat's questions follow the invitation.
            Outbound::Form { text, .. } => {
                out.push_str(text);
                out.push('\n');
            }
            Outbound::Document {
                sha256,
                file_name,
                caption,
            } => {
                let bytes = self
                    .files
                    .get(sha256)
                    .await
                    .map_err(|e| DeliveryError::Permanent(e.to_string()))?;
                tokio::fs::create_dir_all(&self.downloads)
                    .await
                    .map_err(|e| DeliveryError::Transient(e.to_string()))?;
                // The name is ours (built from the request code), never the user's.
                let path = self.downloads.join(file_name);
                tokio::fs::write(&path, bytes)
                    .await
                    .map_err(|e| DeliveryError::Transient(e.to_string()))?;
                let kind = file_name
                    .rsplit_once('.')
                    .map_or(String::new(), |(_, ext)| ext.to_ascii_uppercase());
                out.push_str(&format!("{caption}\n  [{kind}] {}\n", path.display()));
            }
        }
        out.push('\n');
        let mut stdout = tokio::io::stdout();
        stdout
            .write_all(out.as_bytes())
            .await
            .map_err(|e| DeliveryError::Transient(e.to_string()))?;
        stdout
            .flush()
            .await
            .map_err(|e| DeliveryError::Transient(e.to_string()))?;
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(line: &str) -> PathBuf {
        match TerminalAdapter::event_for_line(line, None) {
            TerminalEvent::File { path, .. } => path,
            other => panic!("not a file: {other:?}"),
        }
    }

    #[test]
    fn a_dragged_quoted_or_home_path_is_the_file_meant() {
        assert_eq!(path_of("/file ddc.pdf"), PathBuf::from("ddc.pdf"));
        assert_eq!(
            path_of("/file '/home/ana/Mis documentos/ddc firmada.pdf' "),
            PathBuf::from("/home/ana/Mis documentos/ddc firmada.pdf")
        );
        assert_eq!(
            path_of("/file \"C:/Users/ana/ddc.pdf\""),
            PathBuf::from("C:/Users/ana/ddc.pdf")
        );
        if let Some(home) = std::env::var_os("HOME") {
            assert_eq!(
                path_of("/file ~/Descargas/ddc.pdf"),
                PathBuf::from(home).join("Descargas/ddc.pdf")
            );
        }
    }
}

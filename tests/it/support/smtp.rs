//! A small SMTP server for tests: speaks enough of RFC 5321 for lettre (EHLO, MAIL,
//! RCPT, DATA, RSET, NOOP, QUIT), keeps every message it accepts, and refuses the
//! addresses it is told to with `550 5.1.1` at RCPT, echoing the address as Postfix
//! does, as a real server refuses a mailbox that does not exist.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and MIME body), dot-unstuffed.
    pub data: String,
}

impl Mail {
    pub fn subject(&self) -> String {
        self.data
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .to_string()
    }

    /// The subject as a reader sees it: unfolded, and its encoded words (RFC 2047,
    /// which lettre uses for non-ASCII text) decoded.
    pub fn subject_text(&self) -> String {
        use base64::Engine;
        let unfolded = self.data.replace("\r\n ", " ");
        let raw = unfolded
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default();
        // Space between two encoded words is not text (RFC 2047, 6.2).
        let mut out = String::new();
        let mut after_encoded = false;
        for word in raw.split(' ') {
            let inner = word
                .strip_prefix("=?utf-8?")
                .or_else(|| word.strip_prefix("=?UTF-8?"))
                .and_then(|w| w.strip_suffix("?="));
            let decoded = match inner.and_then(|w| w.split_once('?')) {
                Some(("b" | "B", b64)) => base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).into_owned()),
                _ => None,
            };
            let joined = after_encoded && decoded.is_some();
            if !(out.is_empty() || joined) {
                out.push(' ');
            }
            after_encoded = decoded.is_some();
            out.push_str(decoded.as_deref().unwrap_or(word));
        }
        out
    }

    /// The mail's text as a reader sees it: quoted-printable soft breaks joined, or
    /// the base64 body decoded (lettre picks one for non-ASCII text).
    pub fn plain_body(&self) -> String {
        use base64::Engine;
        let data = &self.data;
        if data.contains("Content-Transfer-Encoding: base64") {
            let start = data.find("\r\n\r\n").map_or(0, |i| i + 4);
            let b64: String = data[start..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .expect("base64 body");
            return String::from_utf8_lossy(&bytes)
                .replace("\r\n", " ")
                .replace('\n', " ");
        }
        data.replace("=\r\n", "").replace("\r\n", " ")
    }

    /// The attachment named `name`, decoded (lettre sends it base64).
    pub fn attachment(&self, name: &str) -> Option<Vec<u8>> {
        use base64::Engine;
        let marker = format!("filename=\"{name}\"");
        let at = self.data.find(&marker)?;
        let rest = &self.data[at..];
        let body_start = rest.find("\r\n\r\n")? + 4;
        let body = &rest[body_start..];
        let end = body.find("\r\n--").unwrap_or(body.len());
        let b64: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
        base64::engine::general_purpose::STANDARD.decode(b64).ok()
    }
}

#[derive(Default)]
struct State {
    mails: Vec<Mail>,
    refuse: HashSet<String>,
    refused: Vec<String>,
}

pub struct FakeSmtp {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl FakeSmtp {
    pub async fn start() -> FakeSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        let state: Arc<Mutex<State>> = Arc::default();
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, shared.clone()));
            }
        });
        FakeSmtp { port, state }
    }

    /// `smtp://127.0.0.1:PORT`: plain SMTP, as to a local relay.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// `settings` with `[email]` sending through this server, from the program's
    /// no-reply address.
    pub fn send_from(&self, settings: &mut contigo_bot::config::Settings) {
        settings.email.smtp_url = self.url();
        settings.email.from = "Programa CONTIGO <no-responder@example.org>".into();
    }

    /// RCPT TO this address is answered `550 5.1.1`.
    pub fn refuse(&self, address: &str) {
        self.st().refuse.insert(address.to_string());
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.st().mails.clone()
    }

    /// Addresses refused so far, once per attempt.
    pub fn refused(&self) -> Vec<String> {
        self.st().refused.clone()
    }

    /// Waits (10 s at most) for a message to `to` whose subject contains `subject`
    /// (as sent, or decoded).
    pub async fn wait_for(&self, to: &str, subject: &str) -> Mail {
        for _ in 0..200 {
            if let Some(m) = self.mails().into_iter().find(|m| {
                m.to.iter().any(|t| t == to)
                    && (m.subject().contains(subject) || m.subject_text().contains(subject))
            }) {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no mail to {to} about {subject:?}; got: {:#?}",
            self.mails()
                .iter()
                .map(|m| (m.to.clone(), m.subject()))
                .collect::<Vec<_>>()
        );
    }

    fn st(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().expect("smtp state")
    }
}

fn address_in(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line.rfind('>').unwrap_or(line.len());
    line[start..end].to_string()
}

async fn session(socket: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    let _ = write.write_all(b"220 fake.smtp ESMTP\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_string();
        let verb = command.to_ascii_uppercase();
        let refusal;
        let reply: &[u8] = if verb.starts_with("EHLO") || verb.starts_with("HELO") {
            b"250-fake.smtp\r\n250 8BITMIME\r\n"
        } else if verb.starts_with("MAIL FROM") {
            from = address_in(&command);
            to.clear();
            b"250 2.1.0 OK\r\n"
        } else if verb.starts_with("RCPT TO") {
            let address = address_in(&command);
            let mut st = state.lock().expect("smtp state");
            if st.refuse.contains(&address) {
                // As Postfix does, the refusal echoes the address.
                refusal = format!("550 5.1.1 <{address}>: Recipient address rejected\r\n");
                st.refused.push(address);
                refusal.as_bytes()
            } else {
                to.push(address);
                b"250 2.1.5 OK\r\n"
            }
        } else if verb == "DATA" {
            let _ = write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await;
            let mut data = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            state.lock().expect("smtp state").mails.push(Mail {
                from: from.clone(),
                to: to.clone(),
                data,
            });
            b"250 2.0.0 queued\r\n"
        } else if verb == "QUIT" {
            let _ = write.write_all(b"221 2.0.0 bye\r\n").await;
            return;
        } else {
            b"250 OK\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

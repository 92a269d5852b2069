//! The monthly usage report per ally (DESIGN §7, seed 003): sessions, downloads,
//! uses of each query, requests sent, last connection, average session time,
//! messages and the share of single-interaction sessions, by jurisdiction.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{Conn, StoreError, opt_text, requests};
use crate::domain::request::AccessType;
use crate::domain::ubigeo::{Catalog, Ubigeo};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AllyUsage {
    pub channel: String,
    pub chat: String,
    pub ubigeo: String,
    pub region: String,
    pub province: String,
    pub district: String,
    pub sessions: i64,
    pub downloads: i64,
    pub queries: BTreeMap<String, i64>,
    pub requests_sent: i64,
    pub last_connection: i64,
    pub average_session_secs: i64,
    pub messages: i64,
    pub single_interaction_pct: f64,
}

/// The queries the report counts, by the detail recorded with each query event.
pub const QUERIES: [&str; 4] = ["vigentes", "suspendidos", "desafiliados", "menores"];

/// A chat's sessions: id -> (first event, last event, messages).
type Sessions = BTreeMap<i64, (i64, i64, i64)>;

/// Chats are shown masked: a WhatsApp chat id is a phone number.
fn mask(chat: &str) -> String {
    let tail: String = chat
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("****{tail}")
}

pub async fn monthly(conn: &mut Conn, from: i64, until: i64) -> Result<Vec<AllyUsage>, StoreError> {
    let rows = sqlx::query(
        "SELECT channel, chat_id, session_id, kind, detail, at FROM usage_events
         WHERE at >= $1 AND at < $2 ORDER BY channel, chat_id, at",
    )
    .bind(from)
    .bind(until)
    .fetch_all(&mut *conn)
    .await?;
    // (channel, chat) -> session id -> (first at, last at, messages)
    let mut per_chat: BTreeMap<(String, String), AllyUsage> = BTreeMap::new();
    let mut sessions: BTreeMap<(String, String), Sessions> = BTreeMap::new();
    for r in rows {
        let channel: String = r.try_get("channel")?;
        let chat: String = r.try_get("chat_id")?;
        let session: Option<i64> = r.try_get("session_id")?;
        let kind: String = r.try_get("kind")?;
        let detail = opt_text(&r, "detail")?;
        let at: i64 = r.try_get("at")?;
        let key = (channel.clone(), chat.clone());
        let usage = per_chat.entry(key.clone()).or_insert_with(|| AllyUsage {
            channel,
            chat: mask(&chat),
            ..Default::default()
        });
        usage.last_connection = usage.last_connection.max(at);
        // A session_start row's own id is the session id of what follows.
        let session = if kind == "session_start" {
            None
        } else {
            session
        };
        match kind.as_str() {
            "message" => usage.messages += 1,
            "download" => usage.downloads += 1,
            "request_sent" => usage.requests_sent += 1,
            "query" => {
                if let Some(d) = detail.filter(|d| QUERIES.contains(&d.as_str())) {
                    *usage.queries.entry(d).or_default() += 1;
                }
            }
            _ => {}
        }
        if let Some(s) = session {
            let entry = sessions
                .entry(key)
                .or_default()
                .entry(s)
                .or_insert((at, at, 0));
            entry.0 = entry.0.min(at);
            entry.1 = entry.1.max(at);
            if kind == "message" {
                entry.2 += 1;
            }
        }
    }
    for (key, usage) in per_chat.iter_mut() {
        let list = sessions.get(key).cloned().unwrap_or_default();
        usage.sessions = i64::try_from(list.len()).unwrap_or(i64::MAX);
        if !list.is_empty() {
            let total: i64 = list.values().map(|(a, b, _)| b - a).sum();
            usage.average_session_secs = total / usage.sessions;
            let single = list.values().filter(|(_, _, m)| *m == 1).count();
            usage.single_interaction_pct = 100.0 * single as f64 / list.len() as f64;
        }
        // The jurisdiction of the chat: its newest request.
        let mine = requests::by_chat(conn, &key.0, &key.1).await?;
        if let Some(row) = mine.first() {
            let catalog = Catalog::embedded();
            match row.access_type {
                AccessType::Local => {
                    if let Some(d) = Ubigeo::parse(&row.jurisdiction)
                        .ok()
                        .and_then(|u| catalog.district(&u))
                    {
                        usage.ubigeo = d.code.as_str().to_owned();
                        usage.region = d.department.clone();
                        usage.province = d.province.clone();
                        usage.district = d.name.clone();
                    }
                }
                AccessType::Regional => {
                    usage.ubigeo = row.jurisdiction.clone();
                    usage.region = crate::domain::ubigeo::Catalog::embedded()
                        .region_name(&row.jurisdiction)
                        .unwrap_or_default();
                }
                AccessType::Other => {
                    usage.region = row
                        .data
                        .entity_name
                        .as_ref()
                        .map(|e| e.to_string())
                        .unwrap_or_default();
                }
            }
        }
    }
    Ok(per_chat.into_values().collect())
}

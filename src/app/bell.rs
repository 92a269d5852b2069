//! The intake's bell (see [`Bell`]).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The intake's bell: rung when an event may have become claimable that no group's
/// claim saw (one arrived for a chat with no turn under way, a retry came due, an
/// event ended outside a group). It counts its rings, so the intake loop can tell
/// whether a claim that found fewer events than it asked for may have missed one
/// (`intake::Intake::run`).
///
/// An arrival for a chat whose turn is under way does not ring: the chat's next event
/// is claimable only once that turn is processed, and the group that writes the turn
/// claims the next events in its commit. It is noted instead, and the bell rings when
/// the chat's last turn under way ends (in case that claim did not take it).
#[derive(Default)]
pub(crate) struct Bell {
    pub(crate) notify: tokio::sync::Notify,
    rung: AtomicU64,
    chats: Mutex<InFlight>,
}

/// The chats with a turn under way in this process, and those of them an event
/// arrived for meanwhile.
#[derive(Default)]
struct InFlight {
    running: HashMap<String, u32>,
    arrived: HashSet<String>,
}

impl Bell {
    pub(crate) fn ring(&self) {
        self.rung.fetch_add(1, Ordering::SeqCst);
        self.notify.notify_one();
    }

    /// How many times it rang.
    pub(crate) fn rung(&self) -> u64 {
        self.rung.load(Ordering::SeqCst)
    }

    /// An event of `chat` was stored: rings, unless the chat has a turn under way.
    pub(crate) fn arrived(&self, chat: &str) {
        if let Ok(mut chats) = self.chats.lock()
            && chats.running.contains_key(chat)
        {
            chats.arrived.insert(chat.to_owned());
            return;
        }
        self.ring();
    }

    /// An event of `chat` was claimed: its turn is under way until [`Bell::ended`].
    pub(crate) fn started(&self, chat: &str) {
        if let Ok(mut chats) = self.chats.lock() {
            *chats.running.entry(chat.to_owned()).or_default() += 1;
        }
    }

    /// A turn of `chat` ended: rings when it was the chat's last under way and an
    /// event arrived for the chat meanwhile.
    pub(crate) fn ended(&self, chat: &str) {
        let ring = match self.chats.lock() {
            Ok(mut chats) => {
                let left = chats.running.get_mut(chat).map(|n| {
                    *n -= 1;
                    *n
                });
                if left == Some(0) {
                    chats.running.remove(chat);
                }
                left.unwrap_or(0) == 0 && chats.arrived.remove(chat)
            }
            Err(_) => true,
        };
        if ring {
            self.ring();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bell;

    #[test]
    fn an_arrival_for_a_chat_under_way_rings_when_its_last_turn_ends() {
        let bell = Bell::default();
        bell.arrived("1");
        assert_eq!(bell.rung(), 1, "a chat with no turn under way rings");
        bell.started("1");
        bell.arrived("1");
        bell.arrived("1");
        assert_eq!(
            bell.rung(),
            1,
            "noted, not rung, while its turn is under way"
        );
        // The group claimed the chat's next event before the turn ended.
        bell.started("1");
        bell.ended("1");
        assert_eq!(bell.rung(), 1, "a turn of the chat is still under way");
        bell.ended("1");
        assert_eq!(bell.rung(), 2, "its last turn ended: rung once");
        bell.started("1");
        bell.ended("1");
        assert_eq!(bell.rung(), 2, "nothing arrived meanwhile: no ring");
        bell.ring();
        assert_eq!(bell.rung(), 3);
    }
}

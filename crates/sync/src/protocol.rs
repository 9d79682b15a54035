//! The frames of a planning session, as JSON. Each frame names the protocol
//! version; a frame of another version, an unknown kind, or one over
//! [`FRAME_MAX_BYTES`] is refused with a reason and closes the connection.

use accord_api::{ApiError, RemoteOp, RemoteRead};
use accord_domain::{Dimension, Item, ItemId, Roadmap, Role};
use serde::{Deserialize, Serialize};

/// 2: guests prove their signing key at pairing and sign on their own
/// machine; profiles and roadmaps carry global identities.
pub const PROTOCOL_VERSION: u32 = 3;

/// The largest frame either side accepts: a whole 2,000-item roadmap with
/// long matrix texts fits several times over.
pub const FRAME_MAX_BYTES: usize = 16 * 1024 * 1024;

/// Guest → host. (An op with a signature is the largest variant; frames
/// live only from reading to handling, so it is not boxed.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToHost {
    /// A change, with the guest's own id for it (random, unique): re-sending
    /// the same id after a reconnect never applies it twice. `after` names
    /// the guest's earlier op on the same item that this one was built on
    /// while that one was unanswered; if it was refused, so is this one.
    Op {
        client_op_id: String,
        op: RemoteOp,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        after: Option<String>,
    },
    /// What the guest is editing now (`None`: nothing).
    Presence { editing: Option<Editing> },
    /// A read of the host's file (proposals, history, decisions, …), with
    /// the guest's own id for matching the answer.
    Read { id: u64, read: RemoteRead },
}

/// Where someone is working: an item, and the matrix field they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Editing {
    pub item_id: ItemId,
    pub dimension: Option<Dimension>,
}

/// One participant of the session, as everyone sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Present {
    pub name: String,
    pub role: Role,
    /// The host's own person (the others are guests).
    pub host: bool,
    pub editing: Option<Editing>,
    /// The person's signing-key fingerprint ("" for a profile without one).
    pub fingerprint: String,
    /// A guest whose key paired with this host for the first time now.
    pub first_time: bool,
}

impl Present {
    /// "Priya (PM) is editing Why of “Checkout redesign”", given the item's title.
    pub fn describe(&self, title: Option<&str>) -> String {
        let who = format!("{} ({})", self.name, self.role.label());
        match (&self.editing, title) {
            (Some(Editing { dimension: Some(d), .. }), Some(t)) => format!("{who} is editing {} of “{t}”", d.label()),
            (Some(_), Some(t)) => format!("{who} is looking at “{t}”"),
            _ => format!("{who} is here"),
        }
    }
}

/// Host → guest.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToGuest {
    /// The roadmap as it is, first on every connection: the guest's copy
    /// becomes exactly this.
    Snapshot { roadmap: Roadmap, items: Vec<Item> },
    /// The roadmap changed on the host outside the session (the host's own
    /// window, or a command on its machine): these items are new or
    /// changed, and those in `gone` left the live roadmap (archived).
    Changed { items: Vec<Item>, gone: Vec<ItemId> },
    /// Op `seq` was applied; `items` are the items it changed, as they are
    /// now. Sent to everyone; `client_op_id` lets its sender recognise it,
    /// and its sender alone gets `view`: what the op's command returns.
    Applied {
        seq: i64,
        client_op_id: String,
        items: Vec<Item>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        view: Option<serde_json::Value>,
    },
    /// Something beside the items changed on the host (a decision, a
    /// signature, a baseline, a proposal): windows read what they show again.
    Touched,
    /// The answer to the guest's read `id`.
    Answer { id: u64, answer: Result<serde_json::Value, ApiError> },
    /// A re-sent op had been applied before (its effect reached the guest
    /// with the snapshot). Sent to its sender only.
    AlreadyApplied { seq: i64, client_op_id: String },
    /// The op was refused and nothing was written. For a stale op,
    /// `error.current` is the item as it is now. Sent to its sender only.
    Rejected { client_op_id: String, error: ApiError },
    /// Everyone in the session now, sent whenever someone joins, leaves or
    /// moves.
    Presence { people: Vec<Present> },
    /// The host closes this connection, and says why (a malformed,
    /// oversized or unknown frame; its storage failing): the guest may
    /// come back.
    Bye { reason: String },
    /// The host ended the session: the guest stops, and does not come back.
    End { reason: String },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the frame is {size} bytes; the most accepted is {FRAME_MAX_BYTES}")]
    TooLarge { size: usize },
    #[error("the frame speaks protocol version {found}; this Accord speaks {PROTOCOL_VERSION}")]
    Version { found: u64 },
    #[error("the frame is not a planning-session frame: {0}")]
    Malformed(String),
}

#[derive(Serialize)]
struct Outgoing<'a, T> {
    v: u32,
    #[serde(flatten)]
    frame: &'a T,
}

/// A frame as bytes on the wire.
pub fn encode<T: Serialize>(frame: &T) -> Vec<u8> {
    serde_json::to_vec(&Outgoing { v: PROTOCOL_VERSION, frame }).expect("frames always serialize")
}

/// Bytes from the wire as a frame, or why they are refused.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, FrameError> {
    if bytes.len() > FRAME_MAX_BYTES {
        return Err(FrameError::TooLarge { size: bytes.len() });
    }
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| FrameError::Malformed(e.to_string()))?;
    match value.get("v").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(PROTOCOL_VERSION) => {}
        Some(found) => return Err(FrameError::Version { found }),
        None => return Err(FrameError::Malformed("it names no protocol version".into())),
    }
    serde_json::from_value(value).map_err(|e| FrameError::Malformed(e.to_string()))
}

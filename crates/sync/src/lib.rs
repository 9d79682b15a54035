//! A planning session: one host, whose database is the truth, and guests
//! who edit it from their own machines. This crate holds the session's
//! protocol and the two sides' state machines, with no I/O of their own: a
//! transport carries [`protocol::ToHost`] and [`protocol::ToGuest`] frames
//! between them and tells each side when a connection opens or drops.

pub mod guest;
pub mod host;
pub mod joined;
pub mod net;
pub mod protocol;

pub use guest::{Guest, OpState};
pub use host::{Host, PeerId};
pub use protocol::{Editing, FrameError, Present, ToGuest, ToHost, FRAME_MAX_BYTES, PROTOCOL_VERSION};

/// A live roadmap by item id, as a guest holds it and as the host knows
/// its guests hold it.
pub(crate) type LiveItems = std::collections::BTreeMap<accord_domain::ItemId, accord_domain::Item>;

/// Puts a changed item in a live roadmap: an archived one leaves it.
pub(crate) fn keep_live(items: &mut LiveItems, item: accord_domain::Item) {
    if item.archived {
        items.remove(&item.id);
    } else {
        items.insert(item.id, item);
    }
}

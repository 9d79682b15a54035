//! What callers send. Every change to an existing item names the revision
//! the caller last saw.

use accord_domain::{
    Agreement, Dimension, HistoryEntry, Item, ItemId, ItemKind, ItemStatus, Owner, Profile, ProfileId, ProposalId,
    Roadmap, RoadmapId, Role,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewProfile {
    pub name: String,
    pub role: Role,
    /// Seals the profile's signing key; asked again for every signature.
    pub passphrase: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewRoadmap {
    pub name: String,
    pub team: String,
    pub em_name: String,
    pub pm_name: String,
    pub director_name: String,
    pub head_of_product_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewItem {
    pub roadmap_id: RoadmapId,
    pub title: String,
    pub kind: ItemKind,
    /// Defaults to `later` when empty.
    pub horizon: String,
}

/// One change to an item's attributes outside the matrix.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum ItemChange {
    Title(String),
    Status(ItemStatus),
    Kind(ItemKind),
    Horizon(String),
    Archived(bool),
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UpdateItem {
    pub item_id: ItemId,
    pub base_revision: i64,
    pub change: ItemChange,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EditDimension {
    pub item_id: ItemId,
    pub base_revision: i64,
    pub dimension: Dimension,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MoveItem {
    pub item_id: ItemId,
    pub base_revision: i64,
    /// Zero-based position among the roadmap's visible items.
    pub to_index: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProposeChange {
    pub item_id: ItemId,
    pub base_revision: i64,
    pub dimension: Dimension,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RespondToProposal {
    /// The item the answering person is looking at; a proposal filed on
    /// another item is refused rather than applied there.
    pub item_id: ItemId,
    pub proposal_id: ProposalId,
    /// The item revision the owner saw when answering.
    pub base_revision: i64,
    pub accept: bool,
    /// Required when declining.
    pub reason: String,
}

/// Everything the app needs to draw its first screen.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Bootstrap {
    pub profiles: Vec<Profile>,
    pub roadmaps: Vec<Roadmap>,
    pub acting: Option<Profile>,
    pub data_file: String,
    /// The ownership matrix's columns and their owners, as the core enforces them.
    pub dimensions: Vec<DimensionRule>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DimensionRule {
    pub dimension: Dimension,
    pub owner: Owner,
    pub question: String,
}

/// The result of a move: the moved item and the new order of ids.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Moved {
    pub item: Item,
    pub order: Vec<ItemId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SignWhen {
    pub item_id: ItemId,
    /// The item revision the signer read: signing content that changed since is refused.
    pub base_revision: i64,
    /// Opens the acting person's own key.
    pub passphrase: String,
}

/// One person's latest valid signature on a decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SignatureView {
    pub profile_id: ProfileId,
    pub name: String,
    pub role: Role,
    pub fingerprint: String,
    pub signed_at: String,
    pub revision: i64,
    pub content_hash: String,
    /// Over the content as it is now; otherwise it lapsed.
    pub current: bool,
}

/// Where an item's `when` stands. Derived from signatures each time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct WhenSignoff {
    pub item_id: ItemId,
    pub content_hash: String,
    pub agreement: Agreement,
    pub signatures: Vec<SignatureView>,
    /// The changes to `when` that lapsed a signature (who, when, before → after).
    pub lapsed_by: Vec<HistoryEntry>,
}

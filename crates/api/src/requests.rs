//! What callers send. Every change to an existing item names the revision
//! the caller last saw.

use accord_domain::{
    Agreement, CapacityShare, Decision, DecisionId, DecisionKind, DecisionStatus, DecisionTopic, DiffChange, Dimension,
    HistoryEntry, Item, ItemId, ItemKind, ItemStatus, Owner, Position, Profile, ProfileId, ProposalId, Roadmap,
    RoadmapId, Role, Subject,
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
    /// Required when the item is committed (planned or later, with an
    /// agreed `when`) and the change is to its what or its when.
    pub trade_off: Option<TradeOff>,
}

/// What makes room for more scope or a later date on a committed item.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct TradeOff {
    /// Items deprioritised to make room; or none, with `capacity_reason`.
    pub deprioritised: Vec<ItemId>,
    /// "Nothing — capacity exists", and why.
    pub capacity_reason: String,
    /// Why the change is worth it.
    pub why: String,
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
    /// Required when accepting changes the what or when of a committed item.
    pub trade_off: Option<TradeOff>,
}

/// Everything the app needs to draw its first screen.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Bootstrap {
    pub profiles: Vec<Profile>,
    /// Every roadmap, archived ones included (marked).
    pub roadmaps: Vec<Roadmap>,
    /// The roadmap to open: the one open last, while it is live.
    pub open_roadmap: Option<RoadmapId>,
    pub acting: Option<Profile>,
    pub data_file: String,
    /// The ownership matrix's columns and their owners, as the core enforces them.
    pub dimensions: Vec<DimensionRule>,
    /// Profiles from before sign-off, which need a signing key before they sign.
    pub without_key: Vec<ProfileId>,
    /// The top of `open_roadmap`, so the window paints it without waiting
    /// for the whole list (read next, once this is on screen).
    pub first_screen: Option<FirstScreen>,
}

/// The first items of a roadmap in priority order, and how many it has.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FirstScreen {
    pub roadmap_id: RoadmapId,
    pub items: Vec<Item>,
    /// All its live items: the rows the list will hold.
    pub total: u32,
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

/// The sign-off state of any subject, as people at the screen read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SignoffState {
    pub subject: Subject,
    pub content_hash: String,
    pub agreement: Agreement,
    /// Per required role, the signature the agreement counts (or the latest lapsed one).
    pub signatures: Vec<SignatureView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewDecision {
    pub roadmap_id: RoadmapId,
    pub kind: DecisionKind,
    pub topic: DecisionTopic,
    pub title: String,
    pub context: String,
    pub options: String,
    pub outcome: String,
    pub linked_items: Vec<ItemId>,
    /// Put forward for signature now, rather than kept as a draft.
    pub proposed: bool,
    /// For a capacity-share decision (and only for one): the split.
    #[serde(default)]
    pub capacity: Option<CapacityShare>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UpdateDecision {
    pub decision_id: DecisionId,
    pub base_revision: i64,
    pub title: String,
    pub context: String,
    pub options: String,
    pub outcome: String,
    pub linked_items: Vec<ItemId>,
    pub proposed: bool,
    #[serde(default)]
    pub capacity: Option<CapacityShare>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SupersedeDecision {
    pub decision_id: DecisionId,
    pub base_revision: i64,
    /// The record that replaces it (same roadmap and kind).
    pub replacement: NewDecision,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SignDecision {
    pub decision_id: DecisionId,
    pub base_revision: i64,
    pub passphrase: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WritePosition {
    pub decision_id: DecisionId,
    pub position: String,
    pub understanding: String,
    pub compromises: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EscalateDecision {
    pub decision_id: DecisionId,
    pub base_revision: i64,
    /// Who it goes to; the roadmap's contacts are the usual answer.
    pub director_name: String,
    pub head_of_product_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ResolveEscalation {
    pub decision_id: DecisionId,
    pub base_revision: i64,
    /// What was decided; it becomes the decision's outcome.
    pub outcome: String,
    /// Who decided, when a partner records a resolution made elsewhere;
    /// ignored when the director or head of product resolves it here.
    pub decided_by: String,
    /// Opens the resolver's key when they have a profile here.
    pub passphrase: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EscalationView {
    pub director_name: String,
    pub head_of_product_name: String,
    pub escalated_by_name: String,
    pub escalated_at: String,
    pub resolution: Option<ResolutionView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ResolutionView {
    pub decided_by: String,
    pub outcome: String,
    pub recorded_by_name: String,
    pub resolved_at: String,
    /// The decision still reads as resolved (nothing changed since).
    pub current: bool,
    /// Deciders' signatures, where they have a profile here.
    pub signatures: Vec<SignatureView>,
}

/// A decision record with everything derived about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DecisionView {
    pub decision: Decision,
    /// Derived: superseded, agreed (signed or resolved), escalated, or as stored.
    pub status: DecisionStatus,
    pub signoff: SignoffState,
    /// The changes that lapsed a signature (who, which field, before → after).
    pub lapsed_by: Vec<HistoryEntry>,
    pub positions: Vec<Position>,
    pub escalation: Option<EscalationView>,
    pub history: Vec<HistoryEntry>,
}

/// One line of the decisions list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DecisionSummary {
    pub id: DecisionId,
    pub kind: DecisionKind,
    pub topic: DecisionTopic,
    pub title: String,
    pub status: DecisionStatus,
    pub signed: Vec<Role>,
    pub lapsed: Vec<Role>,
    pub trade_off_for: Option<ItemId>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewBaseline {
    pub roadmap_id: RoadmapId,
    pub name: String,
    /// The creator signs it as they create it.
    pub passphrase: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SignBaseline {
    pub baseline_id: i64,
    pub passphrase: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BaselineView {
    pub id: i64,
    pub name: String,
    pub created_by_name: String,
    pub created_at: String,
    pub item_count: u32,
    /// The stored snapshot still hashes to the hash that was signed.
    pub intact: bool,
    pub signoff: SignoffState,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BaselineDiff {
    pub from_id: i64,
    pub from_name: String,
    /// `None`: compared with the roadmap as it is now.
    pub to_id: Option<i64>,
    pub to_name: String,
    pub changes: Vec<DiffChange>,
}

/// Agreement on an item's `when`, for the matrix and the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WhenState {
    /// Nobody has signed it.
    Unsigned,
    /// One partner's signature is over the current text.
    Partial,
    /// A signature was over an earlier text.
    Lapsed,
    Agreed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemWhenState {
    pub item_id: ItemId,
    pub state: WhenState,
}

/// What needs attention in the weekly EM–PM sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Attention {
    pub proposals: Vec<AttentionEntry>,
    pub awaiting_signature: Vec<AttentionEntry>,
    pub lapsed: Vec<AttentionEntry>,
    pub escalations: Vec<AttentionEntry>,
    pub incomplete: Vec<AttentionEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AttentionEntry {
    pub subject: Subject,
    /// The item the entry is about, if any, to open it.
    pub item_id: Option<ItemId>,
    pub title: String,
    pub detail: String,
    /// Roles expected to act.
    pub waiting_on: Vec<Role>,
}

/// A roadmap PDF written to disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PdfExported {
    pub path: String,
    pub signed_off: bool,
    /// Why it is marked DRAFT, when it is.
    pub draft_reason: String,
    pub items: u32,
    pub bytes: u64,
    pub millis: u32,
}

/// Where an export stands, sent while it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PdfProgress {
    pub stage: String,
    /// 0–100.
    pub percent: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PdfVerdict {
    /// Untouched, and signed off by both partners.
    SignedOff,
    /// Untouched, but a draft: not signed off.
    Draft,
    /// A check failed: the file was altered, or its signatures do not hold.
    Failed,
    /// Intact and signed, but not fully confirmed here: a signer unknown to
    /// this machine, or pages made by another version of Accord.
    Unconfirmed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PdfCheck {
    pub label: String,
    pub passed: bool,
    /// It could not be made here (no identities to compare, another version's pages).
    pub skipped: bool,
    pub detail: String,
}

/// The result of verifying a roadmap PDF.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PdfVerified {
    pub path: String,
    pub verdict: PdfVerdict,
    /// One sentence saying what the verdict means for this file.
    pub summary: String,
    pub roadmap_name: String,
    pub baseline_name: Option<String>,
    pub exported_at: String,
    pub content_hash: String,
    pub checks: Vec<PdfCheck>,
}

/// A planning session this machine hosts, as its window shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionHosting {
    pub roadmap_id: RoadmapId,
    pub port: u16,
    /// This machine's addresses a guest can type (the port appended).
    pub addresses: Vec<String>,
    /// The one-time code for the next guest.
    pub code: String,
    /// The host's key fingerprint, which guests pin.
    pub host_key: String,
    pub people: Vec<SessionPerson>,
    /// Guests waiting for the host's person to say whether they are the
    /// person a profile here without a key stands for.
    pub awaiting: Vec<SessionAwaiting>,
}

/// A guest who proved a key that is new here, where a profile without a
/// key may be the same person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionAwaiting {
    pub name: String,
    pub role: Role,
    /// Hex Ed25519 key the guest proved; what the host's answer names.
    pub public_key: String,
    pub fingerprint: String,
    /// The profile here that may be them.
    pub placeholder: String,
}

/// Someone in a planning session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionPerson {
    pub name: String,
    pub role: Role,
    pub host: bool,
    /// "Priya (PM) is editing Why of “Checkout”", or "… is here".
    pub says: String,
    /// The item they are on, and the matrix field they edit in it.
    pub item_id: Option<ItemId>,
    pub dimension: Option<Dimension>,
    /// Their signing-key fingerprint, to compare with what their own screen shows.
    pub fingerprint: String,
    /// A guest whose key paired with this host for the first time.
    pub first_time: bool,
}

/// Where the person at this window is working, told to the session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionFocus {
    pub item_id: ItemId,
    pub dimension: Option<Dimension>,
}

/// The link to the host, as a guest's window shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SessionLink {
    Connected,
    /// Lost; trying again on its own. Edits queue meanwhile.
    Reconnecting,
    /// Over (the host ended the session or refused this guest); the copy stays readable.
    Closed,
}

/// A planning session this window joined as a guest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionJoined {
    /// The host's roadmap, which this window now shows and edits.
    pub roadmap: Roadmap,
    pub address: String,
    /// The host's key fingerprint, pinned at pairing.
    pub host_key: String,
    pub link: SessionLink,
    /// Why the link is not connected.
    pub reason: Option<String>,
    /// This guest's changes not answered yet (queued while reconnecting).
    pub queued: u32,
    pub people: Vec<SessionPerson>,
    /// Changes made while the link was down that the host refused once it
    /// was back (nothing of them was written).
    pub refused: Vec<SessionRefused>,
    /// This guest's changes not answered yet, in words, oldest first:
    /// queued while the link is down, and never sent once the session is over.
    pub unsent: Vec<String>,
}

/// A queued change the host refused, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionRefused {
    pub op_id: String,
    pub message: String,
    /// The change in words, with what was written, so nothing is lost.
    pub change: String,
}

/// A session another machine on the LAN advertises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionFound {
    pub roadmap: String,
    pub host: String,
    /// The address to join at (IPv4 first).
    pub address: String,
    /// The first characters of the host's key, as its screen shows them.
    pub key_prefix: String,
}

/// What became of a guest's change: the item as the host left it, the
/// roadmap's order after it; or, while the link is down, queued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SessionAnswer {
    pub item: Option<Item>,
    pub order: Vec<ItemId>,
    pub queued: bool,
    /// What the change's command returns (a decision, a baseline, a
    /// sign-off), once applied.
    #[ts(type = "unknown")]
    pub view: Option<serde_json::Value>,
}

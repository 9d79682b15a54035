//! What a roadmap PDF shows and carries. The whole document is embedded in
//! the PDF as its attachment; the signed part is `snapshot`, whose hash the
//! partners' baseline signatures cover. A verifier re-renders the document
//! to check the pages say what the attachment says.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{
    DecisionId, DecisionKind, DecisionStatus, DecisionTopic, ItemId, PublicIdentity, RoadmapId, Role, Signature,
    Snapshot,
};

pub const EXPORT_FORMAT: &str = "accord.export.v1";
/// The name of the PDF attachment holding the document.
pub const EXPORT_ATTACHMENT: &str = "accord-export.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportStatus {
    /// Both partners signed a baseline whose snapshot is exactly this one.
    SignedOff,
    /// Anything else: marked DRAFT on every page.
    Draft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportDoc {
    pub format: String,
    /// "Accord 0.1.0": documents are re-rendered by the same version to verify their pages.
    pub generator: String,
    /// RFC 3339, UTC; also the PDF's creation date.
    pub exported_at: String,
    pub status: ExportStatus,
    /// Why it is a draft, when it is one ("no baseline", "the roadmap changed since …").
    pub draft_reason: String,
    pub roadmap: ExportRoadmap,
    /// The agreed baseline this export is, if any.
    pub baseline: Option<ExportBaseline>,
    /// The signed content: ordered items with their matrix, and the shared decisions.
    pub snapshot: Snapshot,
    /// Hex SHA-256 of the RFC 8785 canonical JSON of `snapshot`.
    pub content_hash: String,
    /// The baseline's signatures as stored (statement, key, signature).
    pub signatures: Vec<Signature>,
    /// Who signed, for the sign-off block (one per signature above, same order).
    pub signers: Vec<ExportSigner>,
    /// The public identities known to the exporting machine.
    pub identities: Vec<PublicIdentity>,
    /// Shared decisions with their signatures (those not superseded).
    pub decisions: Vec<ExportDecision>,
    /// The trade-off log, newest first.
    pub trade_offs: Vec<ExportTradeOff>,
    /// Escalations still waiting for a resolution.
    pub escalations: Vec<ExportEscalation>,
    /// The roadmap's goals, each with its items (absent from older documents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<ExportGoal>,
    /// RICE scores and tech-debt framing of the items that have any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planning: Vec<ExportPlanning>,
    /// The items by quarter as of the export's day (absent from older documents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<ExportTimeline>,
    /// Dependencies the plan breaks, in words (outside the signed snapshot).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub violations: Vec<ExportViolation>,
}

/// The timeline page: quarters, then later, then no target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportTimeline {
    pub columns: Vec<ExportTimelineColumn>,
    /// "A depends on B", by item id.
    pub links: Vec<ExportLink>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportTimelineColumn {
    /// "2027-Q1", "Later" or "No target".
    pub label: String,
    pub current: bool,
    pub items: Vec<ExportTimelineCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportTimelineCard {
    pub item_id: ItemId,
    pub title: String,
    pub target: String,
    pub agreed: bool,
    pub violated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportLink {
    pub from: ItemId,
    pub to: ItemId,
    pub violated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportViolation {
    pub item_id: ItemId,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportGoal {
    pub id: i64,
    pub objective: String,
    /// "weekly active teams: 40 → 120 by 2027-Q2".
    pub target: String,
    pub status: crate::GoalStatus,
    pub items: Vec<ItemId>,
}

/// An item's planning fields as the pages print them (numbers as text, so
/// they print the same everywhere).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportPlanning {
    pub item_id: ItemId,
    pub reach: String,
    pub impact: String,
    pub confidence: String,
    pub effort: String,
    /// The RICE score, or empty while a factor is missing.
    pub score: String,
    pub framing: Vec<ExportFraming>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportFraming {
    pub label: String,
    pub level: crate::Level,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportRoadmap {
    pub id: RoadmapId,
    /// The roadmap's global identity, which the signatures name (absent
    /// from documents exported before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    pub name: String,
    pub team: String,
    pub em_name: String,
    pub pm_name: String,
    pub director_name: String,
    pub head_of_product_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportBaseline {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub created_by_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportSigner {
    pub name: String,
    pub role: Role,
    pub fingerprint: String,
    pub signed_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportDecision {
    pub id: DecisionId,
    pub kind: DecisionKind,
    pub topic: DecisionTopic,
    pub title: String,
    pub context: String,
    pub outcome: String,
    pub status: DecisionStatus,
    /// Valid signatures over the decision as it reads now.
    pub signed_by: Vec<ExportSigner>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportTradeOff {
    pub decision_id: DecisionId,
    pub item_id: ItemId,
    pub item_title: String,
    /// "What" or "When": what changed on the committed item.
    pub changed: String,
    pub deprioritised: Vec<String>,
    pub capacity_reason: String,
    pub why: String,
    pub status: DecisionStatus,
    pub recorded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportEscalation {
    pub decision_id: DecisionId,
    pub title: String,
    pub director_name: String,
    pub head_of_product_name: String,
    pub escalated_by: String,
    pub escalated_at: String,
}

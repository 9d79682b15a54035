//! What callers send and get back for planning: goals, RICE and framing,
//! rank proposals, the capacity share, the health check, the weekly sync,
//! comments and undo.

use accord_domain::{
    CapacityShare, Comment, Field, Goal, GoalFields, GoalId, GoalProposal, HealthResponse, HistoryEntry, ItemId,
    ItemKind, PlanningValue, RankTarget, RoadmapId, Role, SyncMeeting,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A new value for one planning field of an item, by its owner (or, for
/// confidence, by either partner).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetPlanning {
    pub item_id: ItemId,
    pub base_revision: i64,
    pub value: PlanningValue,
}

/// A reorder by the partner who does not own the rank: filed as a proposal.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProposeMove {
    pub item_id: ItemId,
    pub base_revision: i64,
    pub target: RankTarget,
}

/// An item's RICE score and where it sits by score against its rank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ItemScore {
    pub item_id: ItemId,
    pub rank: i64,
    /// `None` while a factor is missing: shown as "incomplete".
    pub score: Option<f64>,
    pub missing: Vec<Field>,
    /// 1-based place among the scored items, by score.
    #[ts(type = "number | null")]
    pub place_by_score: Option<u32>,
    /// The rank sits far from the place by score: the disagreement to discuss.
    pub far_from_rank: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewGoal {
    pub roadmap_id: RoadmapId,
    pub fields: GoalFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UpdateGoal {
    pub goal_id: GoalId,
    pub base_revision: i64,
    pub fields: GoalFields,
    pub archived: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProposeGoalChange {
    pub goal_id: GoalId,
    pub base_revision: i64,
    pub fields: GoalFields,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RespondToGoalProposal {
    pub proposal_id: i64,
    /// The goal revision the PM saw when answering.
    pub base_revision: i64,
    pub accept: bool,
    pub reason: String,
}

/// One goal with the items that serve it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GoalRow {
    pub goal: Goal,
    /// Live items linked to it, in priority order.
    pub items: Vec<ItemId>,
    pub committed: u32,
    /// Committed items whose `when` both partners have signed.
    pub agreed: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct GoalsView {
    pub goals: Vec<GoalRow>,
    pub proposals: Vec<GoalProposal>,
    /// Live items that serve no goal.
    pub unlinked_items: Vec<ItemId>,
}

/// Committed effort of one kind in the current horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CapacityPart {
    pub kind: ItemKind,
    /// Person-weeks.
    pub effort: f64,
    /// Share of the horizon's committed effort, in per cent.
    pub actual: f64,
    /// The agreed share, if a capacity share is agreed.
    #[ts(type = "number | null")]
    pub agreed: Option<i64>,
}

/// Whether committed effort in the current horizon respects the agreed share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CapacityView {
    /// The capacity-share decision both partners signed, newest first.
    #[ts(type = "number | null")]
    pub agreed_decision: Option<i64>,
    pub agreed: Option<CapacityShare>,
    /// A capacity share put forward but not (or no longer) agreed.
    #[ts(type = "number | null")]
    pub pending_decision: Option<i64>,
    /// The horizon counted: `now` and the current quarter, e.g. "now · 2026-Q4".
    pub horizon: String,
    pub parts: Vec<CapacityPart>,
    /// Committed items in the horizon without an effort: not counted.
    pub unestimated: u32,
    /// `None` without an agreed share or without estimated effort.
    pub respects: Option<bool>,
    /// How far off a share may be before it no longer respects the agreement.
    pub tolerance: f64,
}

/// A partner's five answers, given once per check-in.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AnswerHealthCheck {
    pub roadmap_id: RoadmapId,
    pub responses: Vec<HealthResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PartnerAnswers {
    pub role: Role,
    pub name: String,
    pub responses: Vec<HealthResponse>,
    pub answered_at: String,
    /// 0 (all no) to 10 (all yes).
    pub score: i64,
}

/// One completed check-in, for the trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HealthRound {
    pub round: i64,
    pub completed_at: String,
    pub answers: Vec<PartnerAnswers>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuarterCount {
    pub quarter: String,
    pub count: u32,
}

/// What the data says about the partnership, beside the answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HealthSignals {
    /// The last four quarters, oldest first.
    pub escalations_per_quarter: Vec<QuarterCount>,
    pub proposals_answered: u32,
    pub proposals_declined: u32,
    /// Median hours from a proposal to its answer.
    pub median_answer_hours: Option<f64>,
}

/// The health check as the viewer may see it: their own answers, and the
/// other's only once both have answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HealthView {
    pub questions: Vec<String>,
    pub interval_days: i64,
    /// The check-in being answered now.
    pub round: i64,
    /// Who has answered it so far (roles only: what they answered stays hidden).
    pub answered: Vec<Role>,
    /// The viewer's own answers to it, if given.
    pub mine: Option<Vec<HealthResponse>>,
    /// Completed check-ins, newest first, both partners' answers side by side.
    pub past: Vec<HealthRound>,
    /// A check-in is due: none completed in the last `interval_days`.
    pub due: bool,
    /// When the last one completed, if ever.
    pub last_completed_at: Option<String>,
    pub signals: HealthSignals,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetHealthInterval {
    pub roadmap_id: RoadmapId,
    pub days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MarkSyncHeld {
    pub roadmap_id: RoadmapId,
    pub attendees: Vec<String>,
    pub note: String,
}

/// "Changed since the last sync": the weekly sync's new section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SinceLastSync {
    pub last: Option<SyncMeeting>,
    /// Edits, proposals, decisions and sign-offs since then, oldest first (at most 200).
    pub changes: Vec<HistoryEntry>,
    /// All of them, when there are more than are listed.
    pub total_changes: u32,
    pub new_comments: Vec<Comment>,
}

/// What else the weekly sync looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SyncAgenda {
    pub since: SinceLastSync,
    pub items_without_goal: Vec<ItemId>,
    pub goals_without_items: Vec<GoalId>,
    /// The partnership health check is due.
    pub health_check_due: bool,
    /// Dependencies the plan breaks.
    pub violations: Vec<accord_domain::Violation>,
    /// Items whose *when* has words but no target (kept from free text).
    pub needs_target: Vec<ItemId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NewComment {
    /// Exactly one of `item_id` and `decision_id`.
    pub item_id: Option<ItemId>,
    pub decision_id: Option<i64>,
    pub field: Option<Field>,
    pub body: String,
}

/// What an undo did, in words, and the item it changed back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Undone {
    pub summary: String,
    pub item: accord_domain::Item,
}

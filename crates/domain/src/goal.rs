//! Company goals a roadmap serves. They are the PM's to write ("tie the
//! roadmap to company goals"); the EM proposes changes, as for any field
//! the PM owns.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::item::string_enum;
use crate::planning::GoalId;
use crate::{validate, Invalid, Limits, ProposalStatus, RoadmapId, Role};

string_enum!(GoalStatus {
    OnTrack => "on_track",
    AtRisk => "at_risk",
    Achieved => "achieved",
    Missed => "missed",
});

/// What a goal says: an objective and a measurable target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GoalFields {
    pub objective: String,
    /// What is measured, e.g. "weekly active teams".
    pub metric: String,
    pub from_value: String,
    pub to_value: String,
    /// By when the target is to be met, e.g. "2027-Q2".
    pub by_when: String,
    pub status: GoalStatus,
}

impl GoalFields {
    /// The fields checked: the objective required, every text one line and bounded.
    pub fn validated(self) -> Result<GoalFields, Invalid> {
        let line = |field, v: &str| validate::optional_line(field, v, Limits::TITLE_MAX);
        Ok(GoalFields {
            objective: validate::required_line("objective", &self.objective, Limits::TITLE_MAX)?,
            metric: line("metric", &self.metric)?,
            from_value: line("from", &self.from_value)?,
            to_value: line("to", &self.to_value)?,
            by_when: line("by when", &self.by_when)?,
            status: self.status,
        })
    }

    /// "weekly active teams: 40 → 120 by 2027-Q2", or as much of it as is written.
    pub fn target(&self) -> String {
        let mut out = self.metric.clone();
        if !self.from_value.is_empty() || !self.to_value.is_empty() {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&format!("{} \u{2192} {}", self.from_value, self.to_value));
        }
        if !self.by_when.is_empty() {
            out.push_str(&format!(" by {}", self.by_when));
        }
        out.trim().to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Goal {
    pub id: GoalId,
    pub roadmap_id: RoadmapId,
    #[serde(flatten)]
    pub fields: GoalFields,
    pub archived: bool,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
}

/// The EM's proposed change to a goal, for the PM to accept or decline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GoalProposal {
    pub id: i64,
    pub goal_id: GoalId,
    pub proposed: GoalFields,
    /// The goal as it read when the proposal was filed.
    pub before: GoalFields,
    pub base_revision: i64,
    pub author_name: String,
    pub author_role: Role,
    pub status: ProposalStatus,
    pub response_reason: String,
    pub responder_name: Option<String>,
    pub created_at: String,
    pub responded_at: Option<String>,
}

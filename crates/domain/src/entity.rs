//! The records Accord keeps. Ids are SQLite row ids; revisions count the
//! changes to a record and guard every write (compare-and-set).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Dimension, Field, ItemKind, ItemStatus, Planning, ProposalStatus, Role, When};

pub type ProfileId = i64;
pub type RoadmapId = i64;
pub type ItemId = i64;
pub type ProposalId = i64;

/// A person using Accord on this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Profile {
    pub id: ProfileId,
    /// The person's global identity: the same on every machine that knows them.
    pub uid: String,
    pub name: String,
    pub role: Role,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Roadmap {
    pub id: RoadmapId,
    /// The roadmap's global identity: the same on every machine that holds
    /// it, and named by every signature over it.
    pub uid: String,
    pub name: String,
    pub team: String,
    pub em_name: String,
    pub pm_name: String,
    /// Escalation contacts: who resolves what the partners cannot agree on.
    pub director_name: String,
    pub head_of_product_name: String,
    pub created_at: String,
    /// Done with: kept, out of the switcher's main list.
    #[serde(default)]
    pub archived: bool,
}

/// The five dimensions of an item's ownership matrix.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Matrix {
    pub what: String,
    pub why: String,
    pub how: String,
    pub who: String,
    pub when: String,
}

impl Matrix {
    pub fn get(&self, d: Dimension) -> &str {
        match d {
            Dimension::What => &self.what,
            Dimension::Why => &self.why,
            Dimension::How => &self.how,
            Dimension::Who => &self.who,
            Dimension::When => &self.when,
        }
    }

    pub fn set(&mut self, d: Dimension, text: String) {
        let slot = match d {
            Dimension::What => &mut self.what,
            Dimension::Why => &mut self.why,
            Dimension::How => &mut self.how,
            Dimension::Who => &mut self.who,
            Dimension::When => &mut self.when,
        };
        *slot = text;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Item {
    pub id: ItemId,
    pub roadmap_id: RoadmapId,
    pub title: String,
    /// Position in priority order, 1 = most important.
    pub rank: i64,
    pub status: ItemStatus,
    pub kind: ItemKind,
    /// `now`, `next`, `later` or a quarter such as `2027-Q1`.
    pub horizon: String,
    pub matrix: Matrix,
    /// The *when* read from its canonical line (`matrix.when`), kept in
    /// step by [`Item::set_dimension`].
    pub schedule: When,
    /// The free text a `when` signature made before the *when* had a
    /// structure covers: kept from the upgrade until the first change.
    pub when_before_upgrade: Option<String>,
    /// Goals, RICE factors, tech-debt framing and dependencies.
    pub planning: Planning,
    pub revision: i64,
    pub archived: bool,
    /// Fields with a proposal awaiting the owner's answer.
    pub pending: Vec<Field>,
    pub updated_at: String,
}

impl Item {
    /// Writes a dimension's text; the *when*'s structure follows its line.
    pub fn set_dimension(&mut self, d: Dimension, text: String) {
        if d == Dimension::When {
            self.schedule = When::parse(&text);
            self.when_before_upgrade = None;
        }
        self.matrix.set(d, text);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Proposal {
    pub id: ProposalId,
    pub item_id: ItemId,
    pub field: Field,
    /// The proposed content: a dimension's text, a planning value as JSON
    /// (`PlanningValue`), or for the rank the place asked for (`RankTarget`).
    pub body: String,
    /// The field's content when the proposal was filed, as text.
    pub before_text: String,
    pub base_revision: i64,
    pub author_id: ProfileId,
    pub author_name: String,
    pub author_role: Role,
    pub status: ProposalStatus,
    pub response_reason: String,
    pub responder_name: Option<String>,
    pub created_at: String,
    pub responded_at: Option<String>,
}

/// One line of the append-only history: who changed what, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    pub id: i64,
    pub item_id: Option<ItemId>,
    pub decision_id: Option<i64>,
    pub actor_name: String,
    pub actor_role: Role,
    pub at: String,
    pub action: HistoryAction,
    pub field: String,
    pub before: String,
    pub after: String,
    /// For an undo: the history line whose change it reverses.
    pub undoes: Option<i64>,
}

/// A comment in an item's or a decision's discussion. Comments sit outside
/// anything signed, so they never lapse an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Comment {
    pub id: i64,
    pub roadmap_id: RoadmapId,
    pub item_id: Option<ItemId>,
    pub decision_id: Option<i64>,
    /// The field the comment is about, if one.
    pub field: Option<Field>,
    pub author_name: String,
    pub author_role: Role,
    pub body: String,
    pub at: String,
}

/// A weekly sync marked held: when, who attended, and a short note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncMeeting {
    pub id: i64,
    pub roadmap_id: RoadmapId,
    pub held_at: String,
    pub marked_by: String,
    pub attendees: Vec<String>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    ItemCreated,
    TitleChanged,
    StatusChanged,
    KindChanged,
    HorizonChanged,
    Moved,
    DimensionEdited,
    ProposalFiled,
    ProposalAccepted,
    ProposalDeclined,
    Archived,
    Restored,
    /// A partner signed off a shared decision (`after` holds the text signed).
    SignedOff,
    DecisionCreated,
    DecisionEdited,
    /// `after` holds the id of the decision that replaces this one.
    DecisionSuperseded,
    PositionWritten,
    Escalated,
    /// `before` holds who decided; `after` the outcome.
    EscalationResolved,
    BaselineCreated,
    /// A goal, RICE factor or framing of an item changed (`field` names it).
    PlanningChanged,
    GoalCreated,
    GoalEdited,
    Commented,
    SyncHeld,
    /// A partner answered the health check (what they answered is not here).
    HealthAnswered,
    RoadmapArchived,
    RoadmapRestored,
}

impl HistoryAction {
    pub const ALL: [HistoryAction; 28] = [
        Self::ItemCreated,
        Self::TitleChanged,
        Self::StatusChanged,
        Self::KindChanged,
        Self::HorizonChanged,
        Self::Moved,
        Self::DimensionEdited,
        Self::ProposalFiled,
        Self::ProposalAccepted,
        Self::ProposalDeclined,
        Self::Archived,
        Self::Restored,
        Self::SignedOff,
        Self::DecisionCreated,
        Self::DecisionEdited,
        Self::DecisionSuperseded,
        Self::PositionWritten,
        Self::Escalated,
        Self::EscalationResolved,
        Self::BaselineCreated,
        Self::PlanningChanged,
        Self::GoalCreated,
        Self::GoalEdited,
        Self::Commented,
        Self::SyncHeld,
        Self::HealthAnswered,
        Self::RoadmapArchived,
        Self::RoadmapRestored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ItemCreated => "item_created",
            Self::TitleChanged => "title_changed",
            Self::StatusChanged => "status_changed",
            Self::KindChanged => "kind_changed",
            Self::HorizonChanged => "horizon_changed",
            Self::Moved => "moved",
            Self::DimensionEdited => "dimension_edited",
            Self::ProposalFiled => "proposal_filed",
            Self::ProposalAccepted => "proposal_accepted",
            Self::ProposalDeclined => "proposal_declined",
            Self::Archived => "archived",
            Self::Restored => "restored",
            Self::SignedOff => "signed_off",
            Self::DecisionCreated => "decision_created",
            Self::DecisionEdited => "decision_edited",
            Self::DecisionSuperseded => "decision_superseded",
            Self::PositionWritten => "position_written",
            Self::Escalated => "escalated",
            Self::EscalationResolved => "escalation_resolved",
            Self::BaselineCreated => "baseline_created",
            Self::PlanningChanged => "planning_changed",
            Self::GoalCreated => "goal_created",
            Self::GoalEdited => "goal_edited",
            Self::Commented => "commented",
            Self::SyncHeld => "sync_held",
            Self::HealthAnswered => "health_answered",
            Self::RoadmapArchived => "roadmap_archived",
            Self::RoadmapRestored => "roadmap_restored",
        }
    }

    pub fn parse(s: &str) -> Option<HistoryAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// A host this machine joined before: it rejoins with the pinned keys, without a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionKnown {
    pub host_key: String,
    pub address: String,
    pub roadmap_name: String,
    pub host_name: String,
    /// Who this machine joined as; rejoining is as the same person.
    pub as_name: String,
    pub as_role: Role,
    /// When it was last joined (filled in when it is remembered).
    pub joined_at: String,
}

//! Decision records: product decisions (the PM's), engineering decisions
//! (the EM's) and shared ones (both), with the rules for who edits, who
//! signs, and when a shared decision may be escalated.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::item::string_enum;
use crate::{ItemId, RightsError, RoadmapId, Role};

pub type DecisionId = i64;

string_enum!(DecisionKind {
    Product => "product",
    Engineering => "engineering",
    Shared => "shared",
});

string_enum!(DecisionTopic {
    Timeline => "timeline",
    ScopeTradeOff => "scope_trade_off",
    Risk => "risk",
    Other => "other",
    CapacityShare => "capacity_share",
});

/// How committed effort splits between the kinds of work, in per cent: a
/// shared decision (the seeds' pace against quality, made explicit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CapacityShare {
    pub feature: i64,
    pub tech_debt: i64,
    pub experiment: i64,
}

impl CapacityShare {
    pub fn validated(self) -> Result<CapacityShare, crate::Invalid> {
        let parts = [self.feature, self.tech_debt, self.experiment];
        if parts.iter().any(|p| !(0..=100).contains(p)) {
            return Err(crate::Invalid { field: "capacity share", reason: "each share is 0 to 100 %".into() });
        }
        let sum: i64 = parts.iter().sum();
        if sum != 100 {
            return Err(crate::Invalid {
                field: "capacity share",
                reason: format!(
                    "features {} % + tech debt {} % + experiments {} % is {sum} %, not 100 %",
                    self.feature, self.tech_debt, self.experiment
                ),
            });
        }
        Ok(self)
    }

    pub fn of(&self, kind: crate::ItemKind) -> i64 {
        match kind {
            crate::ItemKind::Feature => self.feature,
            crate::ItemKind::TechDebt => self.tech_debt,
            crate::ItemKind::Experiment => self.experiment,
        }
    }

    pub fn to_text(&self) -> String {
        format!("features {} %, tech debt {} %, experiments {} %", self.feature, self.tech_debt, self.experiment)
    }
}

string_enum!(DecisionStatus {
    Draft => "draft",
    Proposed => "proposed",
    Agreed => "agreed",
    Escalated => "escalated",
    Superseded => "superseded",
});

impl DecisionKind {
    /// Who must sign for the decision to be agreed.
    pub fn signers(self) -> &'static [Role] {
        match self {
            DecisionKind::Product => &[Role::Pm],
            DecisionKind::Engineering => &[Role::Em],
            DecisionKind::Shared => &[Role::Em, Role::Pm],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DecisionKind::Product => "product decision",
            DecisionKind::Engineering => "engineering decision",
            DecisionKind::Shared => "shared decision",
        }
    }

    fn owners(self) -> &'static str {
        match self {
            DecisionKind::Product => "the PM",
            DecisionKind::Engineering => "the EM",
            DecisionKind::Shared => "the EM and the PM",
        }
    }
}

/// A decision record as stored. Its `status` is what was stored (draft,
/// proposed or superseded); whether it is agreed or escalated is derived
/// from signatures and escalations each time it is read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Decision {
    pub id: DecisionId,
    pub roadmap_id: RoadmapId,
    pub kind: DecisionKind,
    pub topic: DecisionTopic,
    pub title: String,
    pub context: String,
    /// The options considered, one per line.
    pub options: String,
    pub outcome: String,
    pub linked_items: Vec<ItemId>,
    /// For a trade-off: the committed item whose scope or date changed.
    pub trade_off_for: Option<ItemId>,
    /// For a trade-off: what was deprioritised to make room.
    pub deprioritised: Vec<ItemId>,
    /// For a trade-off that deprioritises nothing: why capacity exists.
    pub capacity_reason: String,
    /// For a capacity-share decision: the agreed split.
    pub capacity: Option<CapacityShare>,
    pub status: DecisionStatus,
    pub supersedes: Option<DecisionId>,
    pub superseded_by: Option<DecisionId>,
    pub revision: i64,
    pub created_by_name: String,
    pub created_at: String,
    pub updated_at: String,
}

/// What a signature on a decision covers. Its status, supersession links
/// and the partners' positions are outside it: they do not lapse a sign-off.
#[derive(Debug, Serialize)]
pub struct DecisionContent<'a> {
    pub decision_id: DecisionId,
    pub kind: DecisionKind,
    pub topic: DecisionTopic,
    pub title: &'a str,
    pub context: &'a str,
    pub options: &'a str,
    pub outcome: &'a str,
    pub linked_items: Vec<ItemId>,
    pub trade_off_for: Option<ItemId>,
    pub deprioritised: Vec<ItemId>,
    pub capacity_reason: &'a str,
    /// Absent for every decision but a capacity share, so older
    /// decisions hash as they did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<CapacityShare>,
}

impl Decision {
    pub fn content(&self) -> DecisionContent<'_> {
        let sorted = |v: &[ItemId]| {
            let mut v = v.to_vec();
            v.sort_unstable();
            v
        };
        DecisionContent {
            decision_id: self.id,
            kind: self.kind,
            topic: self.topic,
            title: &self.title,
            context: &self.context,
            options: &self.options,
            outcome: &self.outcome,
            linked_items: sorted(&self.linked_items),
            trade_off_for: self.trade_off_for,
            deprioritised: sorted(&self.deprioritised),
            capacity_reason: &self.capacity_reason,
            capacity: self.capacity,
        }
    }

    /// A new record as a partner writes it (its texts checked by the caller).
    pub fn new_record(roadmap_id: RoadmapId, kind: DecisionKind, topic: DecisionTopic, title: String) -> Decision {
        Decision {
            id: 0,
            roadmap_id,
            kind,
            topic,
            title,
            context: String::new(),
            options: String::new(),
            outcome: String::new(),
            linked_items: Vec::new(),
            trade_off_for: None,
            deprioritised: Vec::new(),
            capacity_reason: String::new(),
            capacity: None,
            status: DecisionStatus::Draft,
            supersedes: None,
            superseded_by: None,
            revision: 1,
            created_by_name: String::new(),
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// The shared decision a change to a committed item records: what
    /// changed, what makes room for it, and why.
    pub fn trade_off(item_id: ItemId, roadmap_id: RoadmapId, scope: bool, title: String) -> Decision {
        let topic = if scope { DecisionTopic::ScopeTradeOff } else { DecisionTopic::Timeline };
        Decision {
            trade_off_for: Some(item_id),
            status: DecisionStatus::Proposed,
            ..Decision::new_record(roadmap_id, DecisionKind::Shared, topic, title)
        }
    }
}

/// One partner's side of a disagreement, written before it can be escalated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Position {
    pub role: Role,
    pub author_name: String,
    /// What this partner wants and why.
    pub position: String,
    /// This partner's understanding of the other side's position.
    pub understanding: String,
    /// The compromise options explored together.
    pub compromises: String,
    pub updated_at: String,
}

impl Position {
    fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.position.trim().is_empty() {
            out.push("position");
        }
        if self.understanding.trim().is_empty() {
            out.push("understanding of the other side");
        }
        if self.compromises.trim().is_empty() {
            out.push("compromise options explored");
        }
        out
    }
}

/// Why a decision cannot be escalated yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscalationError {
    #[error("only shared decisions are escalated; a {0} is made by its owner")]
    NotShared(&'static str),
    #[error("before escalating, {0}")]
    Incomplete(String),
    #[error("name the {0} on the roadmap first: escalations go to them")]
    NoContact(&'static str),
    #[error("the decision is already agreed; there is nothing to escalate")]
    AlreadyAgreed,
    #[error("the decision is already escalated")]
    AlreadyEscalated,
    #[error("a superseded decision cannot be escalated")]
    Superseded,
}

/// The rule of the seeds: escalate only after each side has written its
/// position, its understanding of the other's, and the compromises explored.
pub fn check_escalation(
    kind: DecisionKind,
    positions: &[Position],
    director_name: &str,
    head_of_product_name: &str,
) -> Result<(), EscalationError> {
    if kind != DecisionKind::Shared {
        return Err(EscalationError::NotShared(kind.label()));
    }
    let mut gaps = Vec::new();
    for role in [Role::Em, Role::Pm] {
        match positions.iter().find(|p| p.role == role) {
            None => gaps.push(format!("the {} has not written a position", role.label())),
            Some(p) => {
                let missing = p.missing();
                if !missing.is_empty() {
                    gaps.push(format!("the {} has not written their {}", role.label(), missing.join(", ")));
                }
            }
        }
    }
    if !gaps.is_empty() {
        return Err(EscalationError::Incomplete(gaps.join("; ")));
    }
    if director_name.trim().is_empty() {
        return Err(EscalationError::NoContact("director of engineering"));
    }
    if head_of_product_name.trim().is_empty() {
        return Err(EscalationError::NoContact("head of product"));
    }
    Ok(())
}

/// Who edits a decision record: its owner, or either partner for a shared one.
pub fn authorize_decision_edit(role: Role, kind: DecisionKind) -> Result<(), RightsError> {
    if !role.is_partner() {
        return Err(RightsError::NotAPartner { role: role.label() });
    }
    if kind.signers().contains(&role) {
        Ok(())
    } else {
        Err(RightsError::NotDecisionOwner { role: role.label(), kind: kind.label(), owner: kind.owners() })
    }
}

/// A partner writes only their own position; nobody else writes one.
pub fn authorize_position(role: Role) -> Result<(), RightsError> {
    if role.is_partner() {
        Ok(())
    } else {
        Err(RightsError::NotAPartner { role: role.label() })
    }
}

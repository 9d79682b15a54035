//! What a planning-session guest asks of the host: changes (ops, applied
//! once each) and reads, both answered with the guest's own rights. What a
//! guest signs it signs on its own machine: no op carries a passphrase.

use accord_domain::{DecisionId, Dimension, Item, ItemId, RoadmapId, Signature, Subject};
use serde::{Deserialize, Serialize};

use crate::{
    AnswerHealthCheck, ApiError, EditDimension, EscalateDecision, MarkSyncHeld, MoveItem, NewComment, NewDecision,
    NewGoal, NewItem, ProposeChange, ProposeGoalChange, ProposeMove, RespondToGoalProposal, RespondToProposal,
    SetHealthInterval, SetPlanning, SupersedeDecision, UpdateDecision, UpdateGoal, UpdateItem, WritePosition,
};

/// Longest client op id accepted (a UUID is 36 characters).
pub const CLIENT_OP_ID_MAX: usize = 64;

/// A change a guest asks the host to make: the same requests the app's own
/// commands take, so a guest can do exactly what a local user can.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "request", rename_all = "snake_case")]
pub enum RemoteOp {
    CreateItem(NewItem),
    UpdateItem(UpdateItem),
    EditDimension(EditDimension),
    MoveItem(MoveItem),
    ProposeChange(ProposeChange),
    RespondToProposal(RespondToProposal),
    /// A signature on an item's `when`, a decision or a baseline.
    Sign(SignElsewhere),
    CreateDecision(NewDecision),
    UpdateDecision(UpdateDecision),
    SupersedeDecision(SupersedeDecision),
    WritePosition(WritePosition),
    EscalateDecision(EscalateDecision),
    ResolveEscalation(ResolveElsewhere),
    /// A baseline of the roadmap as it stands, for its creator to sign next.
    CreateBaseline(CreateBaselineElsewhere),
    SetPlanning(SetPlanning),
    ProposePlanning(SetPlanning),
    ProposeMove(ProposeMove),
    CreateGoal(NewGoal),
    UpdateGoal(UpdateGoal),
    ProposeGoalChange(ProposeGoalChange),
    RespondToGoalProposal(RespondToGoalProposal),
    AnswerHealthCheck(AnswerHealthCheck),
    SetHealthInterval(SetHealthInterval),
    MarkSyncHeld(MarkSyncHeld),
    AddComment(NewComment),
    /// The sender's own last change on the roadmap, reversed.
    Undo {
        roadmap_id: RoadmapId,
    },
}

/// A signature its signer made on their own machine, with their own key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct SignElsewhere {
    pub subject: Subject,
    /// The subject's revision the signer read (a baseline's is 1).
    pub base_revision: i64,
    pub signature: Signature,
}

/// An escalation's resolution sent from the resolver's own machine: a
/// director or head of product signs the resolved content there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ResolveElsewhere {
    pub decision_id: DecisionId,
    pub base_revision: i64,
    pub outcome: String,
    pub decided_by: String,
    pub signature: Option<Signature>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CreateBaselineElsewhere {
    pub roadmap_id: RoadmapId,
    pub name: String,
}

impl RemoteOp {
    /// Writing `text` into `item`'s `dimension`, at the revision the sender saw.
    pub fn edit(item: &Item, dimension: Dimension, text: impl Into<String>) -> RemoteOp {
        RemoteOp::EditDimension(EditDimension {
            item_id: item.id,
            base_revision: item.revision,
            dimension,
            text: text.into(),
            trade_off: None,
        })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            RemoteOp::CreateItem(_) => "create_item",
            RemoteOp::UpdateItem(_) => "update_item",
            RemoteOp::EditDimension(_) => "edit_dimension",
            RemoteOp::MoveItem(_) => "move_item",
            RemoteOp::ProposeChange(_) => "propose_change",
            RemoteOp::RespondToProposal(_) => "respond_to_proposal",
            RemoteOp::Sign(_) => "sign",
            RemoteOp::CreateDecision(_) => "create_decision",
            RemoteOp::UpdateDecision(_) => "update_decision",
            RemoteOp::SupersedeDecision(_) => "supersede_decision",
            RemoteOp::WritePosition(_) => "write_position",
            RemoteOp::EscalateDecision(_) => "escalate_decision",
            RemoteOp::ResolveEscalation(_) => "resolve_escalation",
            RemoteOp::CreateBaseline(_) => "create_baseline",
            RemoteOp::SetPlanning(_) => "set_planning",
            RemoteOp::ProposePlanning(_) => "propose_planning",
            RemoteOp::ProposeMove(_) => "propose_move",
            RemoteOp::CreateGoal(_) => "create_goal",
            RemoteOp::UpdateGoal(_) => "update_goal",
            RemoteOp::ProposeGoalChange(_) => "propose_goal_change",
            RemoteOp::RespondToGoalProposal(_) => "respond_to_goal_proposal",
            RemoteOp::AnswerHealthCheck(_) => "answer_health_check",
            RemoteOp::SetHealthInterval(_) => "set_health_interval",
            RemoteOp::MarkSyncHeld(_) => "mark_sync_held",
            RemoteOp::AddComment(_) => "add_comment",
            RemoteOp::Undo { .. } => "undo",
        }
    }

    /// The item a refusal of this op shows as it is now: the one it
    /// changes, or whose `when` it signs.
    pub fn shown_item(&self) -> Option<ItemId> {
        match self {
            RemoteOp::Sign(SignElsewhere { subject: Subject::ItemWhen(id), .. }) => Some(*id),
            _ => self.item_id(),
        }
    }

    /// The existing item the op changes (none for a new item, nor for
    /// decisions, baselines and signatures).
    pub fn item_id(&self) -> Option<ItemId> {
        match self {
            RemoteOp::UpdateItem(r) => Some(r.item_id),
            RemoteOp::EditDimension(r) => Some(r.item_id),
            RemoteOp::MoveItem(r) => Some(r.item_id),
            RemoteOp::ProposeChange(r) => Some(r.item_id),
            RemoteOp::RespondToProposal(r) => Some(r.item_id),
            RemoteOp::SetPlanning(r) | RemoteOp::ProposePlanning(r) => Some(r.item_id),
            RemoteOp::ProposeMove(r) => Some(r.item_id),
            _ => None,
        }
    }
}

/// What an applied op did: the item it changed, if it changed one, and
/// what its sender's window shows of the result (the view the same local
/// command returns, as JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub item: Option<Item>,
    pub view: serde_json::Value,
}

/// What became of a remote op.
#[derive(Debug, Clone, PartialEq)]
pub enum RemoteOutcome {
    /// Applied as op `seq` of the host's log, with what it did; `None`
    /// when this answers a re-sent op (the effect reached the guest with
    /// the broadcast or its catch-up).
    Applied { seq: i64, effect: Option<Box<Effect>> },
    /// Refused, and nothing was written. For a stale op `error.current` is
    /// the item as it is now.
    Rejected { seq: i64, error: ApiError },
}

/// Something a guest reads from the host's file, always of the session's
/// roadmap, answered with what the same local command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", content = "request", rename_all = "snake_case")]
pub enum RemoteRead {
    Proposals {
        item_id: ItemId,
    },
    History {
        item_id: ItemId,
    },
    WhenSignoff {
        item_id: ItemId,
    },
    WhenStates,
    Identities,
    Decisions,
    Decision {
        decision_id: DecisionId,
    },
    Baselines,
    BaselineDiff {
        from: i64,
        to: Option<i64>,
    },
    Attention,
    /// Whether writing `text` into the dimension needs a named trade-off:
    /// the message to show first, or `null`.
    TradeOff {
        item_id: ItemId,
        dimension: Dimension,
        text: String,
    },
    /// The roadmap PDF's document, to render and keep on the guest's machine.
    ExportDocument,
    Goals,
    Scores,
    Capacity,
    /// The health check as the guest may see it (its own answers, the
    /// other's only once both have answered).
    Health,
    HealthAnswers {
        round: i64,
    },
    SyncAgenda,
    Comments {
        item_id: Option<ItemId>,
        decision_id: Option<DecisionId>,
    },
    Timeline,
    DependencyViolations,
    /// The roadmap as CSV text, for the guest to save on its machine.
    ExportCsv,
    /// The roadmap as an Accord JSON file's text.
    ExportJson,
}

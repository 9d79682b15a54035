//! Accord's domain: who may decide what, and the shape of the things decided.
//!
//! Nothing here performs I/O. The store persists these types and the api
//! crate calls [`rights::authorize`] before every change, whatever path the
//! change arrived by.

pub mod backup;
pub mod baseline;
pub mod decision;
pub mod dependencies;
pub mod goal;
pub mod health;
pub mod item;
pub mod planning;
pub mod possession;
pub mod proposal;
pub mod rights;
pub mod sealed_key;
pub mod signoff;
pub mod validate;
pub mod when;
mod when_text;

pub use item::{Horizon, ItemKind, ItemStatus};
pub use possession::{Person, PossessionProof, TlsBinding};
pub use proposal::ProposalStatus;
pub use rights::{
    authorize, authorize_roadmap_change, authorize_signature, owner_of, Action, Dimension, Field, Owner, RightsError,
    Role, PARTNERS,
};
pub use signoff::{
    agreement, agreement_of_checked, Agreement, ContentHash, Keypair, PublicIdentity, PublicKey, Signature,
    SignedRoadmap, SignoffError, Statement, Subject,
};
pub use validate::{Invalid, Limits};
pub mod entity;
pub mod export_doc;
pub use backup::{BackupInfo, BackupKind, Restored};
pub use baseline::{diff, DiffChange, DiffKind, Snapshot, SnapshotDecision, SnapshotItem};
pub use decision::{
    authorize_decision_edit, authorize_position, check_escalation, CapacityShare, Decision, DecisionContent,
    DecisionId, DecisionKind, DecisionStatus, DecisionTopic, EscalationError, Position,
};
pub use dependencies::{Violation, ViolationKind};
pub use entity::{
    Comment, HistoryAction, HistoryEntry, Item, ItemId, Matrix, Profile, ProfileId, Proposal, ProposalId, Roadmap,
    RoadmapId, SessionKnown, SyncMeeting,
};
pub use export_doc::{
    ExportBaseline, ExportDecision, ExportDoc, ExportEscalation, ExportFraming, ExportGoal, ExportLink, ExportPlanning,
    ExportRoadmap, ExportSigner, ExportStatus, ExportTimeline, ExportTimelineCard, ExportTimelineColumn,
    ExportTradeOff, ExportViolation, EXPORT_ATTACHMENT, EXPORT_FORMAT,
};
pub use goal::{Goal, GoalFields, GoalProposal, GoalStatus};
pub use health::{HealthAnswer, HealthResponse};
pub use planning::{check_commitment, Framing, FramingMissing, GoalId, Level, Planning, PlanningValue, RankTarget};
pub use when::{Day, Quarter, Target, When};

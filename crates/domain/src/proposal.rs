//! The proposal state machine: pending until the owner accepts or declines.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProposalStatus {
    Pending,
    Accepted,
    Declined,
}

impl ProposalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProposalStatus::Pending => "pending",
            ProposalStatus::Accepted => "accepted",
            ProposalStatus::Declined => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<ProposalStatus> {
        [Self::Pending, Self::Accepted, Self::Declined].into_iter().find(|v| v.as_str() == s)
    }

    /// A proposal is answered once; an answered proposal is history.
    pub fn respond(self, accept: bool) -> Result<ProposalStatus, ProposalStatus> {
        match self {
            ProposalStatus::Pending if accept => Ok(ProposalStatus::Accepted),
            ProposalStatus::Pending => Ok(ProposalStatus::Declined),
            answered => Err(answered),
        }
    }
}

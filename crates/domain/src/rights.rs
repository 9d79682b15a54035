//! Decision rights: the ownership matrix of the EM–PM partnership.
//!
//! What and why belong to the PM, how and who to the EM, when is shared.
//! The other partner influences an owned dimension only through a proposal,
//! which the owner accepts (applied as the owner's edit) or declines.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Em,
    Pm,
    DirectorOfEngineering,
    HeadOfProduct,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Em, Role::Pm, Role::DirectorOfEngineering, Role::HeadOfProduct];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Em => "em",
            Role::Pm => "pm",
            Role::DirectorOfEngineering => "director_of_engineering",
            Role::HeadOfProduct => "head_of_product",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Em => "EM",
            Role::Pm => "PM",
            Role::DirectorOfEngineering => "Director of Engineering",
            Role::HeadOfProduct => "Head of Product",
        }
    }

    /// The two partners keep the roadmap; the escalation contacts only
    /// resolve escalations, which arrive with joint sign-off.
    pub fn is_partner(self) -> bool {
        matches!(self, Role::Em | Role::Pm)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    What,
    Why,
    How,
    Who,
    When,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [Dimension::What, Dimension::Why, Dimension::How, Dimension::Who, Dimension::When];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::What => "what",
            Dimension::Why => "why",
            Dimension::How => "how",
            Dimension::Who => "who",
            Dimension::When => "when",
        }
    }

    pub fn parse(s: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::What => "What",
            Dimension::Why => "Why",
            Dimension::How => "How",
            Dimension::Who => "Who",
            Dimension::When => "When",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Owner {
    Pm,
    Em,
    Shared,
}

pub fn owner_of(dimension: Dimension) -> Owner {
    match dimension {
        Dimension::What | Dimension::Why => Owner::Pm,
        Dimension::How | Dimension::Who => Owner::Em,
        Dimension::When => Owner::Shared,
    }
}

fn owns(role: Role, dimension: Dimension) -> bool {
    match owner_of(dimension) {
        Owner::Pm => role == Role::Pm,
        Owner::Em => role == Role::Em,
        Owner::Shared => role.is_partner(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Edit,
    Propose,
    Accept,
    Decline,
}

impl Action {
    pub const ALL: [Action; 4] = [Action::Edit, Action::Propose, Action::Accept, Action::Decline];
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RightsError {
    #[error("the {owner} owns {dimension}; the {role} can propose a change instead")]
    NotOwner { role: &'static str, dimension: &'static str, owner: &'static str },
    #[error("the {role} owns {dimension} and edits it directly; proposals are for the other partner")]
    OwnerEditsDirectly { role: &'static str, dimension: &'static str },
    #[error("only the owner of {dimension} ({owner}) can respond to proposals on it")]
    NotTheOwnerToRespond { dimension: &'static str, owner: &'static str },
    #[error("the {role} does not edit the roadmap; only the EM and the PM do")]
    NotAPartner { role: &'static str },
    #[error("the {role} does not sign this decision; it is signed by {signers}")]
    NotASigner { role: &'static str, signers: &'static str },
    #[error("the {role} cannot change a {kind}: it belongs to {owner}")]
    NotDecisionOwner { role: &'static str, kind: &'static str, owner: &'static str },
}

fn owner_label(dimension: Dimension) -> &'static str {
    match owner_of(dimension) {
        Owner::Pm => "PM",
        Owner::Em => "EM",
        Owner::Shared => "EM and PM",
    }
}

/// The single gate every change to an item's dimension passes through.
pub fn authorize(role: Role, dimension: Dimension, action: Action) -> Result<(), RightsError> {
    if !role.is_partner() {
        return Err(RightsError::NotAPartner { role: role.label() });
    }
    let owner = owns(role, dimension);
    match (action, owner) {
        (Action::Edit, true) | (Action::Propose, false) => Ok(()),
        (Action::Accept | Action::Decline, true) => Ok(()),
        (Action::Edit, false) => Err(RightsError::NotOwner {
            role: role.label(),
            dimension: dimension.label(),
            owner: owner_label(dimension),
        }),
        (Action::Propose, true) => {
            Err(RightsError::OwnerEditsDirectly { role: role.label(), dimension: dimension.label() })
        }
        (Action::Accept | Action::Decline, false) => {
            Err(RightsError::NotTheOwnerToRespond { dimension: dimension.label(), owner: owner_label(dimension) })
        }
    }
}

/// Roadmap-level changes (add, rename, reorder, status, kind, horizon,
/// archive) are made by either partner and recorded in the history.
pub fn authorize_roadmap_change(role: Role) -> Result<(), RightsError> {
    if role.is_partner() {
        Ok(())
    } else {
        Err(RightsError::NotAPartner { role: role.label() })
    }
}

/// Who must sign an item's `when` or a baseline for it to be agreed: both
/// partners. (A decision record's signers follow its kind.)
pub const PARTNERS: &[Role] = &[Role::Em, Role::Pm];

/// Signing is for the roles a subject requires; anyone else is refused.
pub fn authorize_signature(role: Role, signers: &[Role]) -> Result<(), RightsError> {
    if signers.contains(&role) {
        return Ok(());
    }
    let signers = match signers {
        [Role::Pm] => "the PM",
        [Role::Em] => "the EM",
        _ => "the EM and the PM",
    };
    Err(RightsError::NotASigner { role: role.label(), signers })
}

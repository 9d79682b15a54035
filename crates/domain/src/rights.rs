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

/// Every field of an item a partner owns or shares: the matrix's five
/// dimensions and the planning fields beside them. Rights, proposals and
/// the history all speak of fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    What,
    Why,
    How,
    Who,
    When,
    /// The place in the explicit priority order: the PM's decision.
    Rank,
    /// The company goals the item serves: part of its *why*.
    Goals,
    Reach,
    Impact,
    /// Shared: either partner sets it, no signature needed.
    Confidence,
    Effort,
    CustomerImpact,
    VelocityCost,
    IncidentRisk,
    /// The items this one needs first: part of its *how*.
    DependsOn,
}

impl Field {
    pub const ALL: [Field; 15] = [
        Field::What,
        Field::Why,
        Field::How,
        Field::Who,
        Field::When,
        Field::Rank,
        Field::Goals,
        Field::Reach,
        Field::Impact,
        Field::Confidence,
        Field::Effort,
        Field::CustomerImpact,
        Field::VelocityCost,
        Field::IncidentRisk,
        Field::DependsOn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::What => "what",
            Field::Why => "why",
            Field::How => "how",
            Field::Who => "who",
            Field::When => "when",
            Field::Rank => "rank",
            Field::Goals => "goals",
            Field::Reach => "reach",
            Field::Impact => "impact",
            Field::Confidence => "confidence",
            Field::Effort => "effort",
            Field::CustomerImpact => "customer_impact",
            Field::VelocityCost => "velocity_cost",
            Field::IncidentRisk => "incident_risk",
            Field::DependsOn => "depends_on",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::Rank => "Priority",
            Field::Goals => "Goals",
            Field::Reach => "Reach",
            Field::Impact => "Impact",
            Field::Confidence => "Confidence",
            Field::Effort => "Effort",
            Field::CustomerImpact => "Customer impact",
            Field::VelocityCost => "Team velocity",
            Field::IncidentRisk => "Incident risk",
            Field::DependsOn => "Depends on",
            f => f.dimension().map_or("", Dimension::label),
        }
    }

    /// The matrix dimension this field is, if it is one.
    pub fn dimension(self) -> Option<Dimension> {
        Dimension::parse(self.as_str())
    }

    pub fn owner(self) -> Owner {
        match self {
            Field::What | Field::Why | Field::Rank | Field::Goals | Field::Reach | Field::Impact => Owner::Pm,
            Field::How
            | Field::Who
            | Field::Effort
            | Field::CustomerImpact
            | Field::VelocityCost
            | Field::IncidentRisk
            | Field::DependsOn => Owner::Em,
            Field::When | Field::Confidence => Owner::Shared,
        }
    }
}

impl PartialEq<Dimension> for Field {
    fn eq(&self, d: &Dimension) -> bool {
        *self == Field::from(*d)
    }
}

impl From<Dimension> for Field {
    fn from(d: Dimension) -> Field {
        match d {
            Dimension::What => Field::What,
            Dimension::Why => Field::Why,
            Dimension::How => Field::How,
            Dimension::Who => Field::Who,
            Dimension::When => Field::When,
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
    Field::from(dimension).owner()
}

fn owns(role: Role, field: Field) -> bool {
    match field.owner() {
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

fn owner_label(field: Field) -> &'static str {
    match field.owner() {
        Owner::Pm => "PM",
        Owner::Em => "EM",
        Owner::Shared => "EM and PM",
    }
}

/// The single gate every change to an item's field passes through.
pub fn authorize(role: Role, field: impl Into<Field>, action: Action) -> Result<(), RightsError> {
    let dimension: Field = field.into();
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

/// Roadmap-level changes (add, rename, status, kind, horizon, archive)
/// are made by either partner and recorded in the history. The order is
/// the PM's ([`Field::Rank`]).
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

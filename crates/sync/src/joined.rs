//! A window's joined session, as the window shows it: the guest's
//! connection, which joining it is, and the changes handed back as queued
//! whose answer comes later (a refusal must still reach the person who made
//! them, with what they wrote). Also what a guest signs, worked out from
//! what it holds, and changes in words. No I/O of its own beyond the
//! guest's connection, and nothing of the window toolkit.

use accord_api::{
    ApiError, ApiResult, ErrorCode, ItemChange, RemoteOp, RemoteRead, SessionAnswer, SessionJoined, SessionLink,
    SessionPerson, SessionRefused,
};
use accord_domain::{ContentHash, DecisionContent, Item, ItemId, Subject};

use crate::net::{Connection, GuestHandle, Reader};
use crate::protocol::Present;
use crate::OpState;

/// A change in words, for the person who made it: "What of “Checkout”: “Saved cards…”".
pub fn describe(op: &RemoteOp, named: impl Fn(ItemId) -> Option<String>) -> String {
    let title = |id: ItemId| named(id).map_or_else(|| format!("item {id}"), |t| format!("“{t}”"));
    match op {
        RemoteOp::CreateItem(n) => format!("New item “{}”", n.title),
        RemoteOp::EditDimension(e) => {
            let text = accord_api::dimension_text(e.dimension, &e.text).unwrap_or_else(|_| e.text.clone());
            format!("{} of {}: “{text}”", e.dimension.label(), title(e.item_id))
        }
        RemoteOp::UpdateItem(u) => match &u.change {
            ItemChange::Title(t) => format!("Renaming {} to “{t}”", title(u.item_id)),
            ItemChange::Status(v) => format!("Status of {}: {}", title(u.item_id), v.as_str()),
            ItemChange::Kind(v) => format!("Kind of {}: {}", title(u.item_id), v.as_str()),
            ItemChange::Horizon(v) => format!("Horizon of {}: {v}", title(u.item_id)),
            ItemChange::Archived(_) => format!("Archiving {}", title(u.item_id)),
        },
        RemoteOp::MoveItem(m) => format!("Moving {} to place {}", title(m.item_id), m.to_index + 1),
        RemoteOp::ProposeChange(p) => {
            format!("Proposal for {} of {}: “{}”", p.dimension.label(), title(p.item_id), p.text)
        }
        RemoteOp::RespondToProposal(r) => {
            format!("{} a proposal on {}", if r.accept { "Accepting" } else { "Declining" }, title(r.item_id))
        }
        RemoteOp::Sign(s) => match s.subject {
            Subject::ItemWhen(id) => format!("Signing the when of {}", title(id)),
            Subject::Decision(id) => format!("Signing decision {id}"),
            Subject::Baseline(id) => format!("Signing baseline {id}"),
        },
        RemoteOp::CreateDecision(d) => format!("New decision “{}”", d.title),
        RemoteOp::UpdateDecision(d) => format!("Editing decision “{}”", d.title),
        RemoteOp::SupersedeDecision(d) => {
            format!("Superseding decision {} with “{}”", d.decision_id, d.replacement.title)
        }
        RemoteOp::WritePosition(p) => format!("Your position on decision {}: “{}”", p.decision_id, p.position),
        RemoteOp::EscalateDecision(e) => format!("Escalating decision {}", e.decision_id),
        RemoteOp::ResolveEscalation(r) => format!("Resolving decision {}: “{}”", r.decision_id, r.outcome),
        RemoteOp::CreateBaseline(b) => format!("New baseline “{}”", b.name),
        RemoteOp::SetPlanning(p) => {
            format!("{} of {}: {}", p.value.field().label(), title(p.item_id), shown(&p.value.to_text()))
        }
        RemoteOp::ProposePlanning(p) => {
            format!("Proposal for {} of {}: {}", p.value.field().label(), title(p.item_id), shown(&p.value.to_text()))
        }
        RemoteOp::ProposeMove(m) => {
            let (place, other) = match m.target {
                accord_domain::RankTarget::Above(id) => ("above", id),
                accord_domain::RankTarget::Below(id) => ("below", id),
            };
            format!("Proposal to move {} {place} {}", title(m.item_id), title(other))
        }
        RemoteOp::CreateGoal(g) => format!("New goal “{}”", g.fields.objective),
        RemoteOp::UpdateGoal(g) => format!("Editing goal “{}”", g.fields.objective),
        RemoteOp::ProposeGoalChange(g) => format!("Proposal for goal “{}”", g.fields.objective),
        RemoteOp::RespondToGoalProposal(r) => {
            format!("{} a proposal on a goal", if r.accept { "Accepting" } else { "Declining" })
        }
        RemoteOp::AnswerHealthCheck(_) => "Your health check answers".into(),
        RemoteOp::SetHealthInterval(h) => format!("Health check every {} days", h.days),
        RemoteOp::MarkSyncHeld(m) => format!("Weekly sync held with {}", m.attendees.join(", ")),
        RemoteOp::AddComment(c) => match (c.item_id, c.decision_id) {
            (Some(id), _) => format!("Comment on {}: “{}”", title(id), c.body),
            (None, Some(id)) => format!("Comment on decision {id}: “{}”", c.body),
            (None, None) => format!("Comment: “{}”", c.body),
        },
        RemoteOp::Undo { .. } => "Undo of your last change".into(),
    }
}

fn shown(text: &str) -> String {
    if text.is_empty() {
        "cleared".into()
    } else {
        format!("“{text}”")
    }
}

/// Everyone in a session as a window lists them: what each is editing, in
/// words and by id, and their key.
pub fn people(present: Vec<Present>, title: impl Fn(ItemId) -> Option<String>) -> Vec<SessionPerson> {
    present
        .into_iter()
        .map(|p| SessionPerson {
            says: p.describe(p.editing.as_ref().and_then(|e| title(e.item_id)).as_deref()),
            item_id: p.editing.as_ref().map(|e| e.item_id),
            dimension: p.editing.as_ref().and_then(|e| e.dimension),
            name: p.name,
            role: p.role,
            host: p.host,
            fingerprint: p.fingerprint,
            first_time: p.first_time,
        })
        .collect()
}

/// The session a window joined.
pub struct Joined {
    pub handle: GuestHandle,
    /// Which joining this is: an answer awaited across a leave and a new
    /// join must not land in the next session.
    pub generation: u64,
    late: Vec<(String, RemoteOp)>,
}

impl Joined {
    pub fn new(handle: GuestHandle, generation: u64) -> Joined {
        Joined { handle, generation, late: Vec::new() }
    }

    /// The session as the window shows it now.
    pub fn view(&mut self) -> ApiResult<SessionJoined> {
        let g = &self.handle;
        let title = |id: ItemId| g.item(id).map(|i| i.title);
        // Late answers: a refusal is shown until the session ends; an
        // applied change needs no word.
        self.late.retain(|(id, _)| g.state(id).is_none_or(|s| !matches!(s, OpState::Applied { .. })));
        let refused = self
            .late
            .iter()
            .filter_map(|(id, op)| match g.state(id) {
                Some(OpState::Rejected { error }) => {
                    Some(SessionRefused { op_id: id.clone(), message: error.message, change: describe(op, title) })
                }
                _ => None,
            })
            .collect();
        let unsent = g.unanswered().iter().map(|(_, op)| describe(op, title)).collect();
        let roadmap = g.roadmap().ok_or_else(not_joined)?;
        let (link, reason) = match g.connection() {
            Connection::Connected => (SessionLink::Connected, None),
            Connection::Reconnecting { reason } => (SessionLink::Reconnecting, Some(reason)),
            Connection::Closed { reason } => (SessionLink::Closed, Some(reason)),
        };
        Ok(SessionJoined {
            roadmap,
            address: g.addr().to_string(),
            host_key: g.host_key().to_string(),
            link,
            reason,
            queued: u32::try_from(g.pending()).unwrap_or(u32::MAX),
            people: people(g.people(), title),
            refused,
            unsent,
        })
    }

    /// What the window is told of `op` (sent as `id`) once it was answered,
    /// or once waiting for the answer gave up (then it stays queued, and a
    /// refusal that comes later is kept to be shown).
    pub fn answer(&mut self, id: &str, op: &RemoteOp, state: OpState) -> ApiResult<SessionAnswer> {
        if state == OpState::Pending {
            self.late.push((id.to_string(), op.clone()));
        }
        let g = &self.handle;
        let shown = g.items_as_sent();
        let order = shown.iter().map(|i| i.id).collect();
        match state {
            OpState::Applied { item, view, .. } => {
                let item = item.map(|i| *i).or_else(|| op.item_id().and_then(|id| g.item(id)));
                Ok(SessionAnswer { item, order, queued: false, view })
            }
            OpState::Rejected { error } => Err(error),
            OpState::Pending => {
                // The item as it now shows, the change laid over (a new one
                // is the last placeholder).
                let item = match op.item_id() {
                    Some(id) => shown.into_iter().find(|i| i.id == id),
                    None => shown.into_iter().filter(|i| i.id < 0).min_by_key(|i| i.id),
                };
                Ok(SessionAnswer { item, order, queued: true, view: None })
            }
        }
    }
}

pub fn not_joined() -> ApiError {
    ApiError::new(ErrorCode::NotInSession, "this window has not joined a planning session")
}

/// What a guest's signature on `subject` covers: the revision and content
/// hash it signs. An item's `when` is hashed from the guest's own copy and
/// a decision from the record the host sends, so the guest signs what it
/// read; a baseline's snapshot stays on the host, so its hash is the one the
/// host shows beside the snapshot's diff.
pub async fn signing_target(handle: &Reader, subject: Subject, read_at: Option<i64>) -> ApiResult<(i64, ContentHash)> {
    let target = signed_now(handle, subject).await?;
    match read_at {
        // The person signs what they read: if it moved on since, they read it again first.
        Some(read_at) if read_at != target.0 => Err(ApiError::new(
            ErrorCode::StaleRevision,
            format!("it changed since you read it (revision {read_at}, now {}): read it again, then sign", target.0),
        )),
        _ => Ok(target),
    }
}

async fn signed_now(handle: &Reader, subject: Subject) -> ApiResult<(i64, ContentHash)> {
    let invalid = |e: accord_domain::SignoffError| ApiError::invalid(e.to_string());
    match subject {
        Subject::ItemWhen(id) => {
            let item: Item = handle.item(id).ok_or_else(|| ApiError::not_found("item", id))?;
            Ok((item.revision, accord_api::when_hash(&item)?))
        }
        Subject::Decision(id) => {
            let view: accord_api::DecisionView =
                from_answer(handle.read(RemoteRead::Decision { decision_id: id }).await?)?;
            let d = view.decision;
            Ok((d.revision, ContentHash::of(&d.content()).map_err(invalid)?))
        }
        Subject::Baseline(id) => {
            let all: Vec<accord_api::BaselineView> = from_answer(handle.read(RemoteRead::Baselines).await?)?;
            let b = all.into_iter().find(|b| b.id == id).ok_or_else(|| ApiError::not_found("baseline", id))?;
            Ok((1, ContentHash::from_hex(&b.signoff.content_hash).map_err(invalid)?))
        }
    }
}

/// What a resolver signs when resolving an escalation with `outcome`: the
/// decision as the resolution leaves it (its outcome, one revision on).
pub fn resolution_target(decision: &accord_domain::Decision, outcome: &str) -> ApiResult<(i64, ContentHash)> {
    // Stored as the host stores it: trailing blanks dropped.
    let resolved = accord_domain::Decision { outcome: outcome.trim_end().to_string(), ..decision.clone() };
    let content: DecisionContent<'_> = resolved.content();
    let hash = ContentHash::of(&content).map_err(|e| ApiError::invalid(e.to_string()))?;
    Ok((decision.revision + 1, hash))
}

/// An answer read as the type its command returns.
pub fn from_answer<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> ApiResult<T> {
    serde_json::from_value(value)
        .map_err(|e| ApiError::new(ErrorCode::UpdateRequired, format!("the host answered in another form: {e}")))
}

//! The guest's side: a copy of the host's roadmap to read (also while
//! disconnected) and the ops it sent or queued, each waiting for its own
//! answer. Unanswered ops are sent again on every reconnect; the host
//! answers each exactly once, applied or rejected.

use std::collections::{BTreeMap, VecDeque};

use accord_api::{ApiError, ItemChange, RemoteOp};
use accord_domain::{Item, ItemId, Roadmap};

use crate::protocol::{Editing, Present, ToGuest, ToHost};

/// A new item as its window shows it until the host has made it.
fn placeholder(id: ItemId, roadmap_id: accord_domain::RoadmapId, new: &accord_api::NewItem) -> Item {
    Item {
        id,
        roadmap_id,
        title: new.title.clone(),
        rank: 0,
        status: accord_domain::ItemStatus::Idea,
        kind: new.kind,
        horizon: if new.horizon.is_empty() { "later".into() } else { new.horizon.clone() },
        matrix: accord_domain::Matrix::default(),
        schedule: accord_domain::When::default(),
        when_before_upgrade: None,
        planning: accord_domain::Planning::default(),
        revision: 0,
        archived: false,
        pending: Vec::new(),
        updated_at: String::new(),
    }
}

fn mark_pending(item: &mut Item, field: accord_domain::Field) {
    if !item.pending.contains(&field) {
        item.pending.push(field);
    }
}

/// Where one of the guest's ops stands.
#[derive(Debug, Clone, PartialEq)]
pub enum OpState {
    /// Sent or queued, not answered yet.
    Pending,
    Applied {
        seq: i64,
        /// The item as the op left it (archived too); none for an op
        /// answered as applied before, whose effect came with the snapshot,
        /// and for an op on something else than an item.
        item: Option<Box<Item>>,
        /// What the op's command returns (a decision, a baseline, a
        /// sign-off), as JSON; none for an op answered as applied before.
        view: Option<serde_json::Value>,
    },
    /// Refused by the host; nothing was written. The guest's UI shows the
    /// error (and, for a stale op, the current item now in the copy).
    Rejected { error: ApiError },
}

#[derive(Default)]
pub struct Guest {
    roadmap: Option<Roadmap>,
    items: crate::LiveItems,
    connected: bool,
    /// Unanswered ops, oldest first.
    outbox: VecDeque<(String, RemoteOp)>,
    /// For an op built on an earlier unanswered op of the same item: that op.
    after: BTreeMap<String, String>,
    states: BTreeMap<String, OpState>,
    people: Vec<Present>,
    /// What this guest is editing, told to the host again on reconnect.
    editing: Option<Editing>,
}

impl Guest {
    pub fn new() -> Guest {
        Guest::default()
    }

    pub fn is_connected(&self) -> bool {
        self.connected
    }

    /// The copy of the roadmap's live items, in priority order.
    pub fn items(&self) -> Vec<Item> {
        let mut items: Vec<Item> = self.items.values().cloned().collect();
        items.sort_by_key(|i| (i.rank, i.id));
        items
    }

    /// The host's roadmap, once its snapshot arrived.
    pub fn roadmap(&self) -> Option<&Roadmap> {
        self.roadmap.as_ref()
    }

    /// The copy with this guest's unanswered changes laid over it, in the
    /// order they were made, as its window shows it: what was done while
    /// the link was down stays in view until the host answers (an answer
    /// replaces it with the truth). Each change to an item counts one
    /// revision, as the host will, so a second change to the same item
    /// names the revision the first leaves and both can apply. A new item
    /// waiting to be sent has a negative id.
    pub fn items_as_sent(&self) -> Vec<Item> {
        let mut items = self.items();
        let mut placeholders = 0;
        for (_, op) in &self.outbox {
            if let RemoteOp::CreateItem(new) = op {
                placeholders += 1;
                let roadmap_id = self.roadmap.as_ref().map_or(new.roadmap_id, |r| r.id);
                items.push(placeholder(-placeholders, roadmap_id, new));
                continue;
            }
            let Some(at) = op.item_id().and_then(|id| items.iter().position(|i| i.id == id)) else { continue };
            let item = &mut items[at];
            match op {
                RemoteOp::EditDimension(e) => item.set_dimension(
                    e.dimension,
                    accord_api::dimension_text(e.dimension, &e.text).unwrap_or_else(|_| e.text.clone()),
                ),
                RemoteOp::UpdateItem(u) => match &u.change {
                    ItemChange::Title(t) => item.title = t.clone(),
                    ItemChange::Status(s) => item.status = *s,
                    ItemChange::Kind(k) => item.kind = *k,
                    ItemChange::Horizon(h) => item.horizon = h.clone(),
                    ItemChange::Archived(_) => {
                        items.remove(at);
                        continue;
                    }
                },
                RemoteOp::MoveItem(m) => {
                    let mut moved = items.remove(at);
                    moved.revision += 1;
                    let to = usize::try_from(m.to_index).unwrap_or(0).min(items.len());
                    items.insert(to, moved);
                    continue;
                }
                RemoteOp::ProposeChange(p) => {
                    mark_pending(item, p.dimension.into());
                    continue;
                }
                RemoteOp::ProposePlanning(p) => {
                    mark_pending(item, p.value.field());
                    continue;
                }
                RemoteOp::ProposeMove(_) => {
                    mark_pending(item, accord_domain::Field::Rank);
                    continue;
                }
                RemoteOp::SetPlanning(p) => item.planning.set(p.value.clone()),
                _ => continue,
            }
            item.revision += 1;
        }
        for (n, item) in items.iter_mut().enumerate() {
            item.rank = i64::try_from(n).unwrap_or(i64::MAX) + 1;
        }
        items
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items.get(&id)
    }

    pub fn state(&self, client_op_id: &str) -> Option<&OpState> {
        self.states.get(client_op_id)
    }

    /// Who is in the session, as the host last said (empty while disconnected).
    pub fn people(&self) -> &[Present] {
        &self.people
    }

    /// What this guest last said it is editing.
    pub fn focus(&self) -> Option<&Editing> {
        self.editing.as_ref()
    }

    /// This guest now edits `editing`: the frame to send, when connected.
    pub fn editing(&mut self, editing: Option<Editing>) -> Option<ToHost> {
        self.editing = editing.clone();
        self.connected.then_some(ToHost::Presence { editing })
    }

    /// Ops still waiting for an answer, oldest first.
    pub fn unanswered(&self) -> &VecDeque<(String, RemoteOp)> {
        &self.outbox
    }

    /// Ops still waiting for an answer.
    pub fn pending(&self) -> usize {
        self.outbox.len()
    }

    /// Queues `op` under a fresh id; returns the id and, when connected, the
    /// frame to send now.
    pub fn submit(&mut self, op: RemoteOp) -> (String, Option<ToHost>) {
        let id = uuid::Uuid::new_v4().to_string();
        // Built on the latest unanswered change to the same item, if any
        // (the window showed it laid over): it stands or falls with that one.
        let item = op.item_id();
        let after = item.and_then(|item| self.outbox.iter().rev().find(|(_, o)| o.item_id() == Some(item)));
        if let Some((prev, _)) = after {
            self.after.insert(id.clone(), prev.clone());
        }
        self.states.insert(id.clone(), OpState::Pending);
        self.outbox.push_back((id.clone(), op.clone()));
        let frame = self.connected.then(|| self.frame(&id, &op));
        (id, frame)
    }

    fn frame(&self, id: &str, op: &RemoteOp) -> ToHost {
        ToHost::Op { client_op_id: id.to_string(), op: op.clone(), after: self.after.get(id).cloned() }
    }

    /// The connection dropped: keep the copy to read and the ops to re-send.
    pub fn disconnected(&mut self) {
        self.connected = false;
        self.people.clear();
    }

    /// Handles one frame from the host; returns frames to send back.
    pub fn receive(&mut self, frame: ToGuest) -> Vec<ToHost> {
        match frame {
            ToGuest::Snapshot { roadmap, items } => {
                self.roadmap = Some(roadmap);
                self.items = items.into_iter().map(|i| (i.id, i)).collect();
                self.connected = true;
                // Whatever was not answered goes again, in the order it was
                // made; then where this guest is working.
                let mut frames: Vec<ToHost> = self.outbox.iter().map(|(id, op)| self.frame(id, op)).collect();
                if self.editing.is_some() {
                    frames.push(ToHost::Presence { editing: self.editing.clone() });
                }
                frames
            }
            ToGuest::Changed { items, gone } => {
                for id in gone {
                    self.items.remove(&id);
                }
                for item in items {
                    crate::keep_live(&mut self.items, item);
                }
                Vec::new()
            }
            ToGuest::Applied { seq, client_op_id, items, view } => {
                // An op names its item; a new item is the one the op sent back.
                let op_item = self.outbox.iter().find(|(id, _)| *id == client_op_id).map(|(_, op)| op.item_id());
                let item = match op_item {
                    Some(Some(id)) => items.iter().find(|i| i.id == id),
                    _ => items.first(),
                };
                let item = item.cloned().map(Box::new);
                for item in items {
                    crate::keep_live(&mut self.items, item);
                }
                self.answer(&client_op_id, OpState::Applied { seq, item, view });
                Vec::new()
            }
            ToGuest::AlreadyApplied { seq, client_op_id } => {
                self.answer(&client_op_id, OpState::Applied { seq, item: None, view: None });
                Vec::new()
            }
            // Reads are answered where frames arrive (the connection's task);
            // a touch only asks windows to read again.
            ToGuest::Touched | ToGuest::Answer { .. } => Vec::new(),
            ToGuest::Presence { people } => {
                self.people = people;
                Vec::new()
            }
            ToGuest::Bye { .. } | ToGuest::End { .. } => {
                self.disconnected();
                Vec::new()
            }
            ToGuest::Rejected { client_op_id, error } => {
                if let Some(current) = &error.current {
                    crate::keep_live(&mut self.items, (**current).clone());
                }
                self.answer(&client_op_id, OpState::Rejected { error });
                Vec::new()
            }
        }
    }

    /// Only an op of ours that is still pending takes an answer: another
    /// guest's op, or a second answer, changes nothing.
    fn answer(&mut self, client_op_id: &str, state: OpState) {
        if self.states.get(client_op_id) == Some(&OpState::Pending) {
            self.outbox.retain(|(id, _)| id != client_op_id);
            self.after.remove(client_op_id);
            self.states.insert(client_op_id.to_string(), state);
        }
    }
}

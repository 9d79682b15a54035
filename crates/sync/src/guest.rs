//! The guest's side: a copy of the host's roadmap to read (also while
//! disconnected) and the ops it sent or queued, each waiting for its own
//! answer. Unanswered ops are sent again on every reconnect; the host
//! answers each exactly once, applied or rejected.

use std::collections::{BTreeMap, VecDeque};

use accord_api::{ApiError, ItemChange, RemoteOp};
use accord_domain::{Item, ItemId, Roadmap};

use crate::protocol::{Editing, Present, ToGuest, ToHost};

/// Where one of the guest's ops stands.
#[derive(Debug, Clone, PartialEq)]
pub enum OpState {
    /// Sent or queued, not answered yet.
    Pending,
    Applied {
        seq: i64,
        /// The item it made or changed (none for an op answered as applied
        /// before, whose effect came with the snapshot).
        item: Option<ItemId>,
    },
    /// Refused by the host; nothing was written. The guest's UI shows the
    /// error (and, for a stale op, the current item now in the copy).
    Rejected { error: ApiError },
}

#[derive(Default)]
pub struct Guest {
    roadmap: Option<Roadmap>,
    items: BTreeMap<ItemId, Item>,
    connected: bool,
    /// Unanswered ops, oldest first.
    outbox: VecDeque<(String, RemoteOp)>,
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

    /// The copy with this guest's unanswered changes laid over it, as its
    /// window shows it: what was written while the link was down stays in
    /// view until the host answers (an answer replaces it with the truth).
    pub fn items_as_sent(&self) -> Vec<Item> {
        let mut items = self.items.clone();
        for (_, op) in &self.outbox {
            let Some(item) = op.item_id().and_then(|id| items.get_mut(&id)) else { continue };
            match op {
                RemoteOp::EditDimension(e) => item.matrix.set(e.dimension, e.text.clone()),
                RemoteOp::UpdateItem(u) => match &u.change {
                    ItemChange::Title(t) => item.title = t.clone(),
                    ItemChange::Status(s) => item.status = *s,
                    ItemChange::Kind(k) => item.kind = *k,
                    ItemChange::Horizon(h) => item.horizon = h.clone(),
                    ItemChange::Archived(_) => {}
                },
                _ => {}
            }
        }
        let mut items: Vec<Item> = items.into_values().collect();
        items.sort_by_key(|i| (i.rank, i.id));
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

    /// Ops still waiting for an answer.
    pub fn pending(&self) -> usize {
        self.outbox.len()
    }

    /// Queues `op` under a fresh id; returns the id and, when connected, the
    /// frame to send now.
    pub fn submit(&mut self, op: RemoteOp) -> (String, Option<ToHost>) {
        let id = uuid::Uuid::new_v4().to_string();
        self.states.insert(id.clone(), OpState::Pending);
        self.outbox.push_back((id.clone(), op.clone()));
        let frame = self.connected.then(|| ToHost::Op { client_op_id: id.clone(), op });
        (id, frame)
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
                let mut frames: Vec<ToHost> = self
                    .outbox
                    .iter()
                    .map(|(id, op)| ToHost::Op { client_op_id: id.clone(), op: op.clone() })
                    .collect();
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
                    self.put(item);
                }
                Vec::new()
            }
            ToGuest::Applied { seq, client_op_id, items } => {
                // An op names its item; a new item is the one the op sent back.
                let op_item = self.outbox.iter().find(|(id, _)| *id == client_op_id).map(|(_, op)| op.item_id());
                let item = match op_item {
                    Some(Some(id)) => Some(id),
                    _ => items.first().map(|i| i.id),
                };
                for item in items {
                    self.put(item);
                }
                self.answer(&client_op_id, OpState::Applied { seq, item });
                Vec::new()
            }
            ToGuest::AlreadyApplied { seq, client_op_id } => {
                self.answer(&client_op_id, OpState::Applied { seq, item: None });
                Vec::new()
            }
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
                    self.put((**current).clone());
                }
                self.answer(&client_op_id, OpState::Rejected { error });
                Vec::new()
            }
        }
    }

    fn put(&mut self, item: Item) {
        if item.archived {
            self.items.remove(&item.id);
        } else {
            self.items.insert(item.id, item);
        }
    }

    /// Only an op of ours that is still pending takes an answer: another
    /// guest's op, or a second answer, changes nothing.
    fn answer(&mut self, client_op_id: &str, state: OpState) {
        if self.states.get(client_op_id) == Some(&OpState::Pending) {
            self.outbox.retain(|(id, _)| id != client_op_id);
            self.states.insert(client_op_id.to_string(), state);
        }
    }
}

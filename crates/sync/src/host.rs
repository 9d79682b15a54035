//! The host's side: its own database is the truth. Each guest is bound to
//! the profile it paired as; its ops are applied with that profile's rights,
//! whatever they claim, and the outcome goes back to it (and, when applied,
//! the changed items to everyone).

use std::collections::BTreeMap;

use accord_api::{Accord, ApiResult, Effect, ItemChange, RemoteOp, RemoteOutcome};
use accord_domain::{Item, ItemId, Profile, ProfileId, RoadmapId};

use crate::protocol::{Editing, Present, ToGuest, ToHost};

/// One connection of one guest; a reconnect is a new peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeerId(pub u64);

pub struct Host {
    accord: Accord,
    roadmap_id: RoadmapId,
    peers: BTreeMap<PeerId, Peer>,
    /// The host's own person, once the host's app says who is at it.
    local: Option<Peer>,
    next_peer: u64,
    /// SQLite's count of commits by other connections to the file, as last seen.
    data_version: i64,
    /// The live roadmap as every connected guest has it, so a change made
    /// beside the session goes out as just the items it touched.
    known: crate::LiveItems,
}

struct Peer {
    profile: Profile,
    editing: Option<Editing>,
    fingerprint: String,
    first_time: bool,
}

/// Frames to send, each to one peer.
pub type Outbox = Vec<(PeerId, ToGuest)>;

impl Host {
    pub fn new(accord: Accord, roadmap_id: RoadmapId) -> ApiResult<Host> {
        accord.roadmap(roadmap_id)?;
        let data_version = accord.store().data_version()?;
        let known = crate::LiveItems::new();
        Ok(Host { accord, roadmap_id, peers: BTreeMap::new(), local: None, next_peer: 1, data_version, known })
    }

    pub fn accord(&self) -> &Accord {
        &self.accord
    }

    pub fn accord_mut(&mut self) -> &mut Accord {
        &mut self.accord
    }

    pub fn roadmap_id(&self) -> RoadmapId {
        self.roadmap_id
    }

    /// A paired guest connected as `profile`: it gets the roadmap as it is,
    /// and everyone learns it is here.
    pub fn connect(&mut self, profile: ProfileId) -> ApiResult<(PeerId, Outbox)> {
        self.connect_as(profile, false)
    }

    /// As [`Host::connect`]; `first_time` when the guest's key paired with
    /// this host just now (the host's window shows it so).
    pub fn connect_as(&mut self, profile: ProfileId, first_time: bool) -> ApiResult<(PeerId, Outbox)> {
        let joined = self.peer(profile, first_time)?;
        // Those already here catch up first, so everyone holds the same copy.
        let mut out = self.send_changes()?;
        let peer = PeerId(self.next_peer);
        self.next_peer += 1;
        self.peers.insert(peer, joined);
        let items: Vec<Item> = self.known.values().cloned().collect();
        out.push((peer, ToGuest::Snapshot { roadmap: self.accord.roadmap(self.roadmap_id)?, items }));
        out.extend(self.presence());
        Ok((peer, out))
    }

    fn peer(&self, profile: ProfileId, first_time: bool) -> ApiResult<Peer> {
        let fingerprint = self.accord.key_fingerprint(profile)?;
        Ok(Peer { profile: self.accord.profile(profile)?, editing: None, fingerprint, first_time })
    }

    /// The profile a connected guest is bound to.
    pub fn profile_of(&self, peer: PeerId) -> Option<&Profile> {
        self.peers.get(&peer).map(|p| &p.profile)
    }

    pub fn disconnect(&mut self, peer: PeerId) -> Outbox {
        if self.peers.remove(&peer).is_some() {
            self.presence()
        } else {
            Vec::new()
        }
    }

    /// The host's own person and what they are editing.
    pub fn set_local(&mut self, profile: ProfileId, editing: Option<Editing>) -> ApiResult<Outbox> {
        let editing = self.on_roadmap(editing);
        self.local = Some(Peer { editing, ..self.peer(profile, false)? });
        Ok(self.presence())
    }

    /// The host's own person moved to `editing` (nothing, before `set_local`).
    pub fn set_local_editing(&mut self, editing: Option<Editing>) -> Outbox {
        let editing = self.on_roadmap(editing);
        match self.local.as_mut() {
            Some(local) if local.editing != editing => {
                local.editing = editing;
                self.presence()
            }
            _ => Vec::new(),
        }
    }

    /// When someone else wrote to the host's file since the last look (its
    /// own window, a command), every guest gets the items that changed.
    /// The host calls this every moment it is idle, and when told of a write.
    pub fn refresh_if_changed(&mut self) -> ApiResult<Outbox> {
        let now = self.accord.store().data_version()?;
        if now == self.data_version {
            return Ok(Vec::new());
        }
        self.data_version = now;
        let changed = self.send_changes()?;
        if changed.is_empty() {
            // Something beside the items changed: a decision, a signature.
            return Ok(self.to_everyone(|| ToGuest::Touched));
        }
        Ok(changed)
    }

    /// The live items that differ from what the guests hold, to everyone.
    fn send_changes(&mut self) -> ApiResult<Outbox> {
        let now: crate::LiveItems = self.accord.items(self.roadmap_id, false)?.into_iter().map(|i| (i.id, i)).collect();
        let gone: Vec<ItemId> = self.known.keys().filter(|id| !now.contains_key(id)).copied().collect();
        let items: Vec<Item> = now.values().filter(|i| self.known.get(&i.id) != Some(*i)).cloned().collect();
        self.known = now;
        if gone.is_empty() && items.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.to_everyone(|| ToGuest::Changed { items: items.clone(), gone: gone.clone() }))
    }

    /// Everyone in the session: the host's person first, then the guests in
    /// the order they came.
    pub fn people(&self) -> Vec<Present> {
        let present = |p: &Peer, host| Present {
            name: p.profile.name.clone(),
            role: p.profile.role,
            host,
            editing: p.editing.clone(),
            fingerprint: p.fingerprint.clone(),
            first_time: p.first_time,
        };
        self.local.iter().map(|p| present(p, true)).chain(self.peers.values().map(|p| present(p, false))).collect()
    }

    fn presence(&self) -> Outbox {
        let people = self.people();
        self.to_everyone(|| ToGuest::Presence { people: people.clone() })
    }

    /// Presence names only this roadmap's live items; anything else is nothing.
    fn on_roadmap(&self, editing: Option<Editing>) -> Option<Editing> {
        editing.filter(|e| self.accord.item(e.item_id).is_ok_and(|i| i.roadmap_id == self.roadmap_id && !i.archived))
    }

    /// Handles one frame from `peer`. An `Err` is a storage failure: the op
    /// was not logged, and the guest will send it again.
    pub fn receive(&mut self, peer: PeerId, frame: ToHost) -> ApiResult<Outbox> {
        let Some(profile) = self.peers.get(&peer).map(|p| p.profile.id) else { return Ok(Vec::new()) };
        let (client_op_id, op, after) = match frame {
            ToHost::Op { client_op_id, op, after } => (client_op_id, op, after),
            ToHost::Presence { editing } => {
                let editing = self.on_roadmap(editing);
                let Some(p) = self.peers.get_mut(&peer) else { return Ok(Vec::new()) };
                if p.editing == editing {
                    return Ok(Vec::new());
                }
                p.editing = editing;
                return Ok(self.presence());
            }
            ToHost::Read { id, read } => {
                let answer = self.accord.read_remote(self.roadmap_id, profile, &read);
                if let Err(e) = &answer {
                    if e.code == accord_api::ErrorCode::Storage {
                        return Err(e.clone());
                    }
                }
                return Ok(vec![(peer, ToGuest::Answer { id, answer })]);
            }
        };
        let outcome = self.accord.apply_remote_after(self.roadmap_id, profile, &client_op_id, &op, after.as_deref());
        let outcome = match outcome {
            Ok(outcome) => outcome,
            // Refused before it was logged (a malformed op id, another
            // roadmap's item): still an answer, so the guest stops re-sending.
            Err(error) if !matches!(error.code, accord_api::ErrorCode::Storage | accord_api::ErrorCode::Internal) => {
                return Ok(vec![(peer, ToGuest::Rejected { client_op_id, error })]);
            }
            Err(error) => return Err(error),
        };
        // Nothing the host's own writes do shows in `data_version`; what
        // this op wrote is told here.
        Ok(match outcome {
            RemoteOutcome::Applied { seq, effect: Some(effect) } => {
                let Effect { item, view } = *effect;
                let items = match item {
                    Some(item) => self.changed_by(&op, item)?,
                    None => Vec::new(),
                };
                let mut view = Some(view);
                self.peers
                    .keys()
                    .map(|&p| {
                        let view = if p == peer { view.take() } else { None };
                        (p, ToGuest::Applied { seq, client_op_id: client_op_id.clone(), items: items.clone(), view })
                    })
                    .collect()
            }
            RemoteOutcome::Applied { seq, effect: None } => {
                vec![(peer, ToGuest::AlreadyApplied { seq, client_op_id })]
            }
            RemoteOutcome::Rejected { error, .. } => vec![(peer, ToGuest::Rejected { client_op_id, error })],
        })
    }

    /// The items an applied op changed, as guests get them: a move or an
    /// archive renumbers the neighbours too, and an archived item is sent
    /// once more, so guests drop it.
    fn changed_by(&mut self, op: &RemoteOp, item: Item) -> ApiResult<Vec<Item>> {
        // An accepted rank proposal or an undone move renumbers too.
        let moved = self.known.get(&item.id).is_some_and(|known| known.rank != item.rank);
        let renumbers = moved
            || matches!(op, RemoteOp::MoveItem(_))
            || matches!(op, RemoteOp::UpdateItem(u) if matches!(u.change, ItemChange::Archived(_)));
        let items = if renumbers {
            let mut all = self.accord.items(self.roadmap_id, false)?;
            if item.archived {
                all.push(item);
            }
            all
        } else {
            vec![item]
        };
        for item in &items {
            crate::keep_live(&mut self.known, item.clone());
        }
        Ok(items)
    }

    fn to_everyone(&self, frame: impl Fn() -> ToGuest) -> Outbox {
        self.peers.keys().map(|&p| (p, frame())).collect()
    }
}

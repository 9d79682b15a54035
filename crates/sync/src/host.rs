//! The host's side: its own database is the truth. Each guest is bound to
//! the profile it paired as; its ops are applied with that profile's rights,
//! whatever they claim, and the outcome goes back to it (and, when applied,
//! the changed items to everyone).

use std::collections::BTreeMap;

use accord_api::{Accord, ApiResult, ItemChange, RemoteOp, RemoteOutcome};
use accord_domain::{ProfileId, RoadmapId};

use crate::protocol::{ToGuest, ToHost};

/// One connection of one guest; a reconnect is a new peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeerId(pub u64);

pub struct Host {
    accord: Accord,
    roadmap_id: RoadmapId,
    peers: BTreeMap<PeerId, ProfileId>,
    next_peer: u64,
}

/// Frames to send, each to one peer.
pub type Outbox = Vec<(PeerId, ToGuest)>;

impl Host {
    pub fn new(accord: Accord, roadmap_id: RoadmapId) -> ApiResult<Host> {
        accord.roadmap(roadmap_id)?;
        Ok(Host { accord, roadmap_id, peers: BTreeMap::new(), next_peer: 1 })
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

    /// A paired guest connected as `profile`: it gets the roadmap as it is.
    pub fn connect(&mut self, profile: ProfileId) -> ApiResult<(PeerId, ToGuest)> {
        self.accord.profile(profile)?;
        let peer = PeerId(self.next_peer);
        self.next_peer += 1;
        self.peers.insert(peer, profile);
        Ok((peer, ToGuest::Snapshot { items: self.accord.items(self.roadmap_id, false)? }))
    }

    pub fn disconnect(&mut self, peer: PeerId) {
        self.peers.remove(&peer);
    }

    pub fn peers(&self) -> impl Iterator<Item = (PeerId, ProfileId)> + '_ {
        self.peers.iter().map(|(p, id)| (*p, *id))
    }

    /// Handles one frame from `peer`. An `Err` is a storage failure: the op
    /// was not logged, and the guest will send it again.
    pub fn receive(&mut self, peer: PeerId, frame: ToHost) -> ApiResult<Outbox> {
        let Some(&profile) = self.peers.get(&peer) else { return Ok(Vec::new()) };
        let ToHost::Op { client_op_id, op } = frame;
        let outcome = self.accord.apply_remote(self.roadmap_id, profile, &client_op_id, &op);
        let outcome = match outcome {
            Ok(outcome) => outcome,
            // Refused before it was logged (a malformed op id, another
            // roadmap's item): still an answer, so the guest stops re-sending.
            Err(error) if error.code != accord_api::ErrorCode::Storage => {
                return Ok(vec![(peer, ToGuest::Rejected { client_op_id, error })]);
            }
            Err(error) => return Err(error),
        };
        Ok(match outcome {
            RemoteOutcome::Applied { seq, item: Some(item), .. } => {
                let renumbers = matches!(op, RemoteOp::MoveItem(_))
                    || matches!(&op, RemoteOp::UpdateItem(u) if matches!(u.change, ItemChange::Archived(_)));
                let items = if renumbers {
                    // A move or an archive renumbers the neighbours too; an
                    // archived item is sent once more, so guests drop it.
                    let mut all = self.accord.items(self.roadmap_id, false)?;
                    if item.archived {
                        all.push(*item);
                    }
                    all
                } else {
                    vec![*item]
                };
                self.to_everyone(|| ToGuest::Applied { seq, client_op_id: client_op_id.clone(), items: items.clone() })
            }
            RemoteOutcome::Applied { seq, item: None, .. } => {
                vec![(peer, ToGuest::AlreadyApplied { seq, client_op_id })]
            }
            RemoteOutcome::Rejected { error, .. } => vec![(peer, ToGuest::Rejected { client_op_id, error })],
        })
    }

    fn to_everyone(&self, frame: impl Fn() -> ToGuest) -> Outbox {
        self.peers.keys().map(|&p| (p, frame())).collect()
    }
}

//! Reads a planning-session guest makes of the host's file: always of the
//! session's roadmap, answered with what the same local command returns.
//! And, on the guest's own machine, the signature it sends instead of a
//! passphrase.

use accord_domain::{ContentHash, ProfileId, Roadmap, RoadmapId, Signature, SignedRoadmap, Subject};

use crate::remote::{json, refuse_other_roadmap};
use crate::remote_op::RemoteRead;
use crate::signoff::sign_for_elsewhere;
use crate::trade_offs::trade_off_prompt;
use crate::{Accord, ApiResult};

impl Accord {
    /// Answers `read` for a guest bound to `peer` in a session on `roadmap_id`.
    pub fn read_remote(
        &self,
        roadmap_id: RoadmapId,
        peer: ProfileId,
        read: &RemoteRead,
    ) -> ApiResult<serde_json::Value> {
        self.profile(peer)?;
        let on_roadmap = |item_id| refuse_other_roadmap(roadmap_id, self.item(item_id)?.roadmap_id);
        match read {
            RemoteRead::Proposals { item_id } => {
                on_roadmap(*item_id)?;
                json(&self.proposals(*item_id)?)
            }
            RemoteRead::History { item_id } => {
                on_roadmap(*item_id)?;
                json(&self.history(*item_id)?)
            }
            RemoteRead::WhenSignoff { item_id } => {
                on_roadmap(*item_id)?;
                json(&self.when_signoff(*item_id)?)
            }
            RemoteRead::WhenStates => json(&self.when_states(roadmap_id)?),
            RemoteRead::Identities => json(&self.identities()?),
            RemoteRead::Decisions => json(&self.decisions(roadmap_id)?),
            RemoteRead::Decision { decision_id } => {
                refuse_other_roadmap(roadmap_id, self.roadmap_of(Subject::Decision(*decision_id))?)?;
                json(&self.decision(*decision_id)?)
            }
            RemoteRead::Baselines => json(&self.baselines(roadmap_id)?),
            RemoteRead::BaselineDiff { from, to } => {
                refuse_other_roadmap(roadmap_id, self.roadmap_of(Subject::Baseline(*from))?)?;
                json(&self.baseline_diff(*from, *to)?)
            }
            RemoteRead::Attention => json(&self.attention(roadmap_id)?),
            RemoteRead::TradeOff { item_id, dimension, text } => {
                let item = self.item(*item_id)?;
                refuse_other_roadmap(roadmap_id, item.roadmap_id)?;
                json(&trade_off_prompt(self.store.conn(), &item, *dimension, text)?)
            }
            RemoteRead::ExportDocument => json(&self.export_document(roadmap_id, &accord_store::now())?),
            RemoteRead::Goals => json(&self.goals(roadmap_id)?),
            RemoteRead::Scores => json(&self.scores(roadmap_id)?),
            RemoteRead::Capacity => json(&self.capacity(roadmap_id)?),
            RemoteRead::Health => json(&self.health(roadmap_id, peer)?),
            RemoteRead::HealthAnswers { round } => json(&self.health_answers(roadmap_id, *round)?),
            RemoteRead::SyncAgenda => json(&self.sync_agenda(roadmap_id)?),
            RemoteRead::Timeline => json(&self.timeline(roadmap_id)?),
            RemoteRead::DependencyViolations => json(&self.dependency_violations(roadmap_id)?),
            RemoteRead::ExportCsv => json(&self.export_csv(roadmap_id)?),
            RemoteRead::ExportJson => json(&self.export_roadmap(roadmap_id)?),
            RemoteRead::Comments { item_id, decision_id } => {
                refuse_other_roadmap(roadmap_id, self.thread_roadmap(*item_id, *decision_id)?)?;
                json(&self.comments_on(*item_id, *decision_id)?)
            }
        }
    }

    /// Signs `subject` of the host's `roadmap` as it hashes to `hash` at
    /// `revision`, with `signer`'s key sealed on this machine, opened by
    /// their passphrase for this one signature. Nothing is written here:
    /// the signature goes to the host, which checks it and keeps it.
    pub fn sign_elsewhere(
        &self,
        signer: ProfileId,
        passphrase: &str,
        roadmap: &Roadmap,
        subject: Subject,
        revision: i64,
        hash: ContentHash,
    ) -> ApiResult<Signature> {
        let signer = self.profile(signer)?;
        let roadmap = SignedRoadmap { id: roadmap.id, uid: &roadmap.uid };
        sign_for_elsewhere(self.store.conn(), &signer, passphrase, roadmap, subject, revision, hash)
    }
}

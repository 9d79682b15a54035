//! The agenda of the weekly EM–PM sync: what waits on someone.

use accord_domain::{
    DecisionStatus, Dimension, Field, ItemStatus, Owner, ProposalStatus, RoadmapId, Role, Subject, PARTNERS,
};
use accord_store::{baselines, decisions, proposals};

use crate::decisions::derive;
use crate::signoff::{signoff_state, when_state, Signers};
use crate::{Accord, ApiResult, Attention, AttentionEntry, ItemWhenState, WhenState};

fn owners(d: Dimension) -> Vec<Role> {
    field_owners(d.into())
}

fn field_owners(f: Field) -> Vec<Role> {
    match f.owner() {
        Owner::Pm => vec![Role::Pm],
        Owner::Em => vec![Role::Em],
        Owner::Shared => PARTNERS.to_vec(),
    }
}

fn roles(rs: &[Role]) -> String {
    rs.iter().map(|r| r.label()).collect::<Vec<_>>().join(" and ")
}

impl Accord {
    /// How far each live item's `when` is agreed, in priority order.
    pub fn when_states(&self, roadmap_id: RoadmapId) -> ApiResult<Vec<ItemWhenState>> {
        let conn = self.store.conn();
        let signers = Signers::load(conn, roadmap_id)?;
        self.items(roadmap_id, false)?
            .iter()
            .map(|i| Ok(ItemWhenState { item_id: i.id, state: when_state(conn, &signers, i)? }))
            .collect()
    }

    pub fn attention(&self, roadmap_id: RoadmapId) -> ApiResult<Attention> {
        let conn = self.store.conn();
        let signers = Signers::load(conn, roadmap_id)?;
        let people = &signers.people;
        let mut out = Attention {
            proposals: vec![],
            awaiting_signature: vec![],
            lapsed: vec![],
            escalations: vec![],
            incomplete: vec![],
        };
        for item in self.items(roadmap_id, false)? {
            let entry = |title: String, detail: String, waiting_on: Vec<Role>| AttentionEntry {
                subject: Subject::ItemWhen(item.id),
                item_id: Some(item.id),
                title,
                detail,
                waiting_on,
            };
            if !item.pending.is_empty() {
                for p in proposals::for_item(conn, item.id)?.into_iter().filter(|p| p.status == ProposalStatus::Pending)
                {
                    out.proposals.push(entry(
                        format!("{} \u{2014} {}", item.title, p.field.label()),
                        format!("{} ({}) proposed a change", p.author_name, p.author_role.label()),
                        field_owners(p.field),
                    ));
                }
            }
            let committed = matches!(item.status, ItemStatus::Planned | ItemStatus::InProgress);
            if !item.matrix.when.trim().is_empty() {
                let state = when_state(conn, &signers, &item)?;
                match state {
                    WhenState::Lapsed => out.lapsed.push(entry(
                        format!("{} \u{2014} When", item.title),
                        "the when changed after it was signed".into(),
                        PARTNERS.to_vec(),
                    )),
                    WhenState::Unsigned | WhenState::Partial if committed => out.awaiting_signature.push(entry(
                        format!("{} \u{2014} When", item.title),
                        format!(
                            "committed; {}",
                            if state == WhenState::Partial { "one signature so far" } else { "not signed" }
                        ),
                        PARTNERS.to_vec(),
                    )),
                    _ => {}
                }
            }
            if committed {
                let missing: Vec<Dimension> =
                    Dimension::ALL.into_iter().filter(|d| item.matrix.get(*d).trim().is_empty()).collect();
                if !missing.is_empty() {
                    let mut waiting: Vec<Role> = missing.iter().flat_map(|d| owners(*d)).collect();
                    waiting.sort_by_key(|r| Role::ALL.iter().position(|x| x == r));
                    waiting.dedup();
                    let names = missing.iter().map(|d| d.label()).collect::<Vec<_>>().join(", ");
                    out.incomplete.push(entry(item.title.clone(), format!("committed, but {names} is empty"), waiting));
                }
            }
        }
        for d in decisions::list(conn, roadmap_id)? {
            let (status, state, escalation) = derive(conn, people, &d)?;
            let entry = |detail: String, waiting_on: Vec<Role>| AttentionEntry {
                subject: Subject::Decision(d.id),
                item_id: d.trade_off_for,
                title: d.title.clone(),
                detail,
                waiting_on,
            };
            match status {
                DecisionStatus::Escalated => {
                    let e = escalation.expect("an escalated decision has an escalation");
                    out.escalations.push(entry(
                        format!("escalated to {} and {}", e.director_name, e.head_of_product_name),
                        vec![Role::DirectorOfEngineering, Role::HeadOfProduct],
                    ));
                }
                DecisionStatus::Proposed if !state.agreement.lapsed.is_empty() => {
                    let lapsed = state.agreement.lapsed.clone();
                    out.lapsed.push(entry(format!("changed after {} signed", roles(&lapsed)), lapsed));
                }
                DecisionStatus::Proposed => {
                    let mut waiting = state.agreement.missing.clone();
                    waiting.extend(&state.agreement.lapsed);
                    out.awaiting_signature.push(entry(format!("awaiting {}", roles(&waiting)), waiting));
                }
                _ => {}
            }
        }
        if let Some(latest) = baselines::list(conn, roadmap_id)?.into_iter().next() {
            let hash = accord_domain::ContentHash::of_canonical(&latest.snapshot);
            let state = signoff_state(conn, people, roadmap_id, Subject::Baseline(latest.id), hash, PARTNERS)?;
            if !state.agreement.agreed {
                let waiting = state.agreement.missing.clone();
                out.awaiting_signature.push(AttentionEntry {
                    subject: Subject::Baseline(latest.id),
                    item_id: None,
                    title: format!("Baseline \u{201c}{}\u{201d}", latest.name),
                    detail: format!("awaiting {}", roles(&waiting)),
                    waiting_on: waiting,
                });
            }
        }
        Ok(out)
    }
}

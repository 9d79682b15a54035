//! Baselines: a roadmap as both partners signed it ("Q3 plan") — the
//! ordered items with their matrix and the shared decisions — hashed as one
//! canonical snapshot. A diff compares two snapshots field by field.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{DecisionId, DecisionStatus, DecisionTopic, ItemId, ItemKind, ItemStatus, Matrix, RoadmapId};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Snapshot {
    pub roadmap_id: RoadmapId,
    pub roadmap_name: String,
    pub em_name: String,
    pub pm_name: String,
    /// Live items in priority order.
    pub items: Vec<SnapshotItem>,
    /// Shared decisions that are not superseded.
    pub decisions: Vec<SnapshotDecision>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotItem {
    pub id: ItemId,
    pub rank: i64,
    pub title: String,
    pub status: ItemStatus,
    pub kind: ItemKind,
    pub horizon: String,
    pub matrix: Matrix,
    /// Both partners had signed the `when` as it reads here.
    pub when_agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnapshotDecision {
    pub id: DecisionId,
    pub topic: DecisionTopic,
    pub title: String,
    pub outcome: String,
    pub status: DecisionStatus,
    pub linked_items: Vec<ItemId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    ItemAdded,
    ItemRemoved,
    ItemMoved,
    ItemChanged,
    DecisionAdded,
    DecisionRemoved,
    DecisionChanged,
}

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DiffChange {
    pub kind: DiffKind,
    /// The item's or the decision's id.
    pub id: i64,
    pub title: String,
    /// For a change: which field (`title`, `status`, `what`, … , `when_agreed`).
    pub field: String,
    pub before: String,
    pub after: String,
}

fn change(kind: DiffKind, id: i64, title: &str, field: &str, before: String, after: String) -> DiffChange {
    DiffChange { kind, id, title: title.into(), field: field.into(), before, after }
}

fn fields(i: &SnapshotItem) -> [(&'static str, String); 10] {
    [
        ("title", i.title.clone()),
        ("status", i.status.as_str().into()),
        ("kind", i.kind.as_str().into()),
        ("horizon", i.horizon.clone()),
        ("what", i.matrix.what.clone()),
        ("why", i.matrix.why.clone()),
        ("how", i.matrix.how.clone()),
        ("who", i.matrix.who.clone()),
        ("when", i.matrix.when.clone()),
        ("when_agreed", if i.when_agreed { "agreed" } else { "not agreed" }.into()),
    ]
}

fn decision_fields(d: &SnapshotDecision) -> [(&'static str, String); 5] {
    let mut linked = d.linked_items.clone();
    linked.sort_unstable();
    [
        ("title", d.title.clone()),
        ("topic", d.topic.as_str().into()),
        ("outcome", d.outcome.clone()),
        ("status", d.status.as_str().into()),
        ("linked_items", linked.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")),
    ]
}

/// What changed from `a` to `b`, in `b`'s priority order, then what was
/// removed, then the decisions. Moves are the fewest that explain the new
/// order: the items outside a longest run kept in the old relative order.
/// So one insertion, or one item moved up, does not report its neighbours.
pub fn diff(a: &Snapshot, b: &Snapshot) -> Vec<DiffChange> {
    let mut out = Vec::new();
    let before: HashMap<ItemId, &SnapshotItem> = a.items.iter().map(|i| (i.id, i)).collect();
    let after: HashMap<ItemId, &SnapshotItem> = b.items.iter().map(|i| (i.id, i)).collect();
    let place_a: HashMap<ItemId, usize> =
        a.items.iter().map(|i| i.id).filter(|id| after.contains_key(id)).enumerate().map(|(n, id)| (id, n)).collect();
    let common_b: Vec<ItemId> = b.items.iter().map(|i| i.id).filter(|id| before.contains_key(id)).collect();
    let kept = kept_in_order(&common_b.iter().map(|id| place_a[id]).collect::<Vec<_>>());
    let kept: std::collections::HashSet<ItemId> = kept.into_iter().map(|n| common_b[n]).collect();

    for (n, item) in b.items.iter().enumerate() {
        let Some(old) = before.get(&item.id) else {
            out.push(change(DiffKind::ItemAdded, item.id, &item.title, "rank", String::new(), (n + 1).to_string()));
            continue;
        };
        if !kept.contains(&item.id) {
            out.push(change(
                DiffKind::ItemMoved,
                item.id,
                &item.title,
                "rank",
                old.rank.to_string(),
                item.rank.to_string(),
            ));
        }
        for ((field, was), (_, is)) in fields(old).into_iter().zip(fields(item)) {
            if was != is {
                out.push(change(DiffKind::ItemChanged, item.id, &item.title, field, was, is));
            }
        }
    }
    for old in &a.items {
        if !after.contains_key(&old.id) {
            out.push(change(DiffKind::ItemRemoved, old.id, &old.title, "rank", old.rank.to_string(), String::new()));
        }
    }

    let decisions_before: HashMap<DecisionId, &SnapshotDecision> = a.decisions.iter().map(|d| (d.id, d)).collect();
    let decisions_after: HashMap<DecisionId, &SnapshotDecision> = b.decisions.iter().map(|d| (d.id, d)).collect();
    for d in &b.decisions {
        match decisions_before.get(&d.id) {
            None => {
                out.push(change(DiffKind::DecisionAdded, d.id, &d.title, "outcome", String::new(), d.outcome.clone()))
            }
            Some(old) => {
                for ((field, was), (_, is)) in decision_fields(old).into_iter().zip(decision_fields(d)) {
                    if was != is {
                        out.push(change(DiffKind::DecisionChanged, d.id, &d.title, field, was, is));
                    }
                }
            }
        }
    }
    for old in &a.decisions {
        if !decisions_after.contains_key(&old.id) {
            out.push(change(
                DiffKind::DecisionRemoved,
                old.id,
                &old.title,
                "outcome",
                old.outcome.clone(),
                String::new(),
            ));
        }
    }
    out
}

/// Indices of a longest strictly increasing subsequence of `seq` (patience
/// sorting, O(n log n)).
fn kept_in_order(seq: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into seq of the smallest tail of each length
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let len = tails.partition_point(|&t| seq[t] < v);
        prev[i] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(i) = at {
        out.push(i);
        at = prev[i];
    }
    out.reverse();
    out
}

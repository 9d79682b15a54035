//! "A depends on B": part of an item's *how*, so the EM's. A dependency
//! never closes a cycle, and a plan that does not honour one is flagged.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::when::Day;
use crate::{Item, ItemId};

/// Items one item may depend on.
pub const DEPENDENCIES_MAX: usize = 50;

/// The chain `from → … → from` that making `from` depend on `new_deps`
/// would close, if any. `edges` are every other dependency of the roadmap.
pub fn find_cycle(edges: &HashMap<ItemId, Vec<ItemId>>, from: ItemId, new_deps: &[ItemId]) -> Option<Vec<ItemId>> {
    // Depth-first from each new dependency, looking for a way back to `from`.
    for &start in new_deps {
        let mut stack = vec![(start, vec![from, start])];
        let mut seen = std::collections::HashSet::new();
        while let Some((at, path)) = stack.pop() {
            if at == from {
                return Some(path);
            }
            if !seen.insert(at) {
                continue;
            }
            for &next in edges.get(&at).map(Vec::as_slice).unwrap_or(&[]) {
                let mut p = path.clone();
                p.push(next);
                stack.push((next, p));
            }
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// The item is aimed to be ready before what it depends on.
    TargetBefore,
    /// The item is committed while what it depends on is not.
    CommittedBeforeDependency,
}

/// A dependency the plan does not honour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Violation {
    pub item_id: ItemId,
    pub depends_on: ItemId,
    pub kind: ViolationKind,
    /// In words, naming both items.
    pub message: String,
}

/// Every dependency among `items` that their *when* or their status
/// breaks, seen from `today` (for now / next). Dependencies on items not
/// listed (archived, say) are not judged.
pub fn violations(items: &[Item], today: Day) -> Vec<Violation> {
    let by_id: HashMap<ItemId, &Item> = items.iter().map(|i| (i.id, i)).collect();
    let mut out = Vec::new();
    for item in items {
        for dep_id in &item.planning.depends_on {
            let Some(dep) = by_id.get(dep_id) else { continue };
            if item.status.is_committed() && !dep.status.is_committed() {
                out.push(Violation {
                    item_id: item.id,
                    depends_on: dep.id,
                    kind: ViolationKind::CommittedBeforeDependency,
                    message: format!(
                        "\u{201c}{}\u{201d} is {} but depends on \u{201c}{}\u{201d}, which is only {}",
                        item.title,
                        item.status.label(),
                        dep.title,
                        dep.status.label()
                    ),
                });
            }
            let (Some(a), Some(b)) = (item.schedule.target, dep.schedule.target) else { continue };
            if a.deadline(today) < b.deadline(today) {
                out.push(Violation {
                    item_id: item.id,
                    depends_on: dep.id,
                    kind: ViolationKind::TargetBefore,
                    message: format!(
                        "\u{201c}{}\u{201d} is aimed at {} but depends on \u{201c}{}\u{201d}, aimed at {}",
                        item.title,
                        a.label(),
                        dep.title,
                        b.label()
                    ),
                });
            }
        }
    }
    out
}

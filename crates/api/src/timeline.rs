//! The roadmap in time: quarters as columns, each live item placed by its
//! *when*, the dependencies between them and the ones the plan breaks.
//! Placement is decided here, so the window (and a guest's) only draws it.

use std::collections::HashSet;

use accord_domain::dependencies::violations;
use accord_domain::{Day, GoalId, ItemId, ItemKind, ItemStatus, Quarter, RoadmapId, Target, Violation};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Accord, ApiResult};

/// The most quarters a timeline shows; items beyond sit in the edge column.
pub const TIMELINE_QUARTERS_MAX: usize = 12;
/// Quarters shown ahead of today even when nothing is aimed there yet.
const AHEAD: usize = 4;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TimelineColumn {
    pub quarter: Quarter,
    pub label: String,
    /// Today falls in it.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TimelineCard {
    pub item_id: ItemId,
    pub revision: i64,
    pub rank: i64,
    pub title: String,
    pub kind: ItemKind,
    pub status: ItemStatus,
    pub goals: Vec<GoalId>,
    /// The target as written ("2027-03", "now"), empty without one.
    pub target: String,
    /// The column it sits in; `None` for later or no target.
    pub column: Option<u32>,
    /// Aimed later than any quarter.
    pub later: bool,
    /// Both partners' signatures cover its current *when*.
    pub agreed: bool,
    /// A dependency of it, or on it, is broken.
    pub violated: bool,
}

/// "`from` depends on `to`".
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TimelineLink {
    pub from: ItemId,
    pub to: ItemId,
    pub violated: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct TimelineGoal {
    pub id: GoalId,
    pub objective: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Timeline {
    pub today: Day,
    pub columns: Vec<TimelineColumn>,
    /// In priority order.
    pub cards: Vec<TimelineCard>,
    pub links: Vec<TimelineLink>,
    pub violations: Vec<Violation>,
    /// The roadmap's live goals, for lanes by goal.
    pub goals: Vec<TimelineGoal>,
}

pub(crate) fn today() -> Day {
    use chrono::Datelike;
    let d = chrono::Utc::now().date_naive();
    Day { year: d.year(), month: d.month() as u8, day: d.day() as u8 }
}

/// The calendar day an RFC 3339 time falls on (today if it does not parse).
pub(crate) fn day_of(at: &str) -> Day {
    let part = |r: std::ops::Range<usize>| at.get(r).and_then(|s| s.parse::<u32>().ok());
    match (part(0..4), part(5..7), part(8..10)) {
        (Some(y), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Day { year: y as i32, month: m as u8, day: d as u8 }
        }
        _ => today(),
    }
}

/// The quarters to show: from today's (or the earliest aimed at) to a
/// year ahead (or the latest aimed at), at most [`TIMELINE_QUARTERS_MAX`].
fn columns(today: Day, aimed: impl Iterator<Item = Quarter>) -> Vec<Quarter> {
    let now = Quarter::of(today);
    let mut last = now;
    for _ in 1..AHEAD {
        last = last.next();
    }
    let (mut first, mut end) = (now, last);
    for q in aimed {
        first = first.min(q);
        end = end.max(q);
    }
    let mut out = vec![first];
    while *out.last().expect("one quarter") < end && out.len() < TIMELINE_QUARTERS_MAX {
        let next = out.last().expect("one quarter").next();
        out.push(next);
    }
    // Keep today's quarter in view when the span had to be cut.
    while !out.contains(&now) {
        out.remove(0);
        let next = out.last().expect("one quarter").next();
        out.push(next);
    }
    out
}

impl Accord {
    /// Dependencies the live items' *when* or status break.
    pub fn dependency_violations(&self, roadmap_id: RoadmapId) -> ApiResult<Vec<Violation>> {
        Ok(violations(&self.items(roadmap_id, false)?, today()))
    }

    pub fn timeline(&self, roadmap_id: RoadmapId) -> ApiResult<Timeline> {
        self.timeline_on(roadmap_id, today())
    }

    /// The timeline as it is seen on `today`.
    pub fn timeline_on(&self, roadmap_id: RoadmapId, today: Day) -> ApiResult<Timeline> {
        let items = self.items(roadmap_id, false)?;
        let agreed = self.agreed_whens(roadmap_id, &items)?;
        let broken = violations(&items, today);
        let quarters = columns(today, items.iter().filter_map(|i| i.schedule.target?.quarter(today)));
        let in_view = |q: Quarter| {
            let at = quarters.iter().position(|c| *c == q);
            at.or_else(|| (q < quarters[0]).then_some(0)).unwrap_or(quarters.len() - 1) as u32
        };
        let broken_pairs: HashSet<(ItemId, ItemId)> = broken.iter().map(|v| (v.item_id, v.depends_on)).collect();
        let broken_items: HashSet<ItemId> = broken.iter().flat_map(|v| [v.item_id, v.depends_on]).collect();
        let live: HashSet<ItemId> = items.iter().map(|i| i.id).collect();
        let mut links = Vec::new();
        let cards = items
            .iter()
            .zip(agreed)
            .map(|(item, agreed)| {
                for &to in &item.planning.depends_on {
                    if live.contains(&to) {
                        links.push(TimelineLink { from: item.id, to, violated: broken_pairs.contains(&(item.id, to)) });
                    }
                }
                let target = item.schedule.target;
                TimelineCard {
                    item_id: item.id,
                    revision: item.revision,
                    rank: item.rank,
                    title: item.title.clone(),
                    kind: item.kind,
                    status: item.status,
                    goals: item.planning.goals.clone(),
                    target: target.map(Target::label).unwrap_or_default(),
                    column: target.and_then(|t| t.quarter(today)).map(in_view),
                    later: target == Some(Target::Later),
                    agreed,
                    violated: broken_items.contains(&item.id),
                }
            })
            .collect();
        let goals = accord_store::goals::list(self.store.conn(), roadmap_id)?
            .into_iter()
            .filter(|g| !g.archived)
            .map(|g| TimelineGoal { id: g.id, objective: g.fields.objective })
            .collect();
        Ok(Timeline {
            today,
            columns: quarters
                .iter()
                .map(|&q| TimelineColumn { quarter: q, label: q.label(), current: q == Quarter::of(today) })
                .collect(),
            cards,
            links,
            violations: broken,
            goals,
        })
    }
}

/// A card dragged (or moved by keys) to another quarter, or to later.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct MoveInTime {
    pub item_id: ItemId,
    pub base_revision: i64,
    /// `None`: later than any quarter.
    pub to: Option<Quarter>,
    pub trade_off: Option<crate::TradeOff>,
}

/// The edit of the shared *when* that moving `item` in time is: the
/// target moves (a month or a date keeps its place in the quarter), the
/// confidence and note stay.
pub fn when_moved(item: &accord_domain::Item, req: MoveInTime) -> crate::EditDimension {
    let target = match (req.to, item.schedule.target) {
        (None, _) => Target::Later,
        (Some(q), Some(t)) => t.in_quarter(q),
        (Some(q), None) => Target::Quarter { year: q.year, quarter: q.quarter },
    };
    let when = accord_domain::When { target: Some(target), ..item.schedule.clone() };
    crate::EditDimension {
        item_id: item.id,
        base_revision: req.base_revision,
        dimension: accord_domain::Dimension::When,
        text: when.render(),
        trade_off: req.trade_off,
    }
}

impl Accord {
    /// Moves an item in time: an edit of its shared *when*, with every
    /// check an edit passes (it lapses the agreement; a committed item
    /// names its trade-off).
    pub fn move_in_time(&mut self, actor: accord_domain::ProfileId, req: MoveInTime) -> ApiResult<accord_domain::Item> {
        let item = self.item(req.item_id)?;
        let edit = when_moved(&item, req);
        self.edit_dimension(actor, edit)
    }
}

//! Several roadmaps: the one open in the window (reopened next time), a
//! new one carrying chosen items over with their matrix, and archiving a
//! roadmap that is done with.

use std::collections::HashMap;

use accord_domain::{authorize_roadmap_change, HistoryAction, ItemId, Planning, ProfileId, Roadmap, RoadmapId};
use accord_store::rusqlite::Connection;
use accord_store::{items, roadmaps, seats, settings};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::record::{planning_json, record, record_roadmap, reload};
use crate::{validated_roadmap, Accord, ApiError, ApiResult, ErrorCode, NewRoadmap};

const OPEN_KEY: &str = "open_roadmap_id";

/// Of `all` roadmaps, the one open last while it is live, else the first live one.
pub(crate) fn to_open(conn: &Connection, all: &[Roadmap]) -> ApiResult<Option<RoadmapId>> {
    let live = || all.iter().filter(|r| !r.archived);
    let last = settings::get(conn, OPEN_KEY)?.and_then(|v| v.parse::<RoadmapId>().ok());
    Ok(last.filter(|id| live().any(|r| r.id == *id)).or(live().next().map(|r| r.id)))
}

/// A new roadmap (next half's plan, say) with chosen items of another.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CarryOver {
    pub roadmap: NewRoadmap,
    pub from_roadmap: RoadmapId,
    /// Items of `from_roadmap` to copy, kept in their order there.
    pub items: Vec<ItemId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ArchiveRoadmap {
    pub roadmap_id: RoadmapId,
    pub archived: bool,
}

impl Accord {
    /// Remembers the roadmap open in the window, to reopen it next time.
    pub fn open_roadmap(&mut self, id: RoadmapId) -> ApiResult<Roadmap> {
        let roadmap = self.roadmap(id)?;
        if roadmap.archived {
            return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} is archived; restore it first", roadmap.name)));
        }
        self.store.write(|tx| settings::set(tx, OPEN_KEY, &id.to_string()))?;
        Ok(roadmap)
    }

    /// The roadmap to open: the one open last, while it is live; else the
    /// first live one.
    pub fn roadmap_to_open(&self) -> ApiResult<Option<RoadmapId>> {
        let conn = self.store.conn();
        to_open(conn, &roadmaps::list(conn)?)
    }

    /// Archives a roadmap (or restores it). Its items, decisions and
    /// signatures are kept as they are.
    pub fn archive_roadmap(&mut self, actor: ProfileId, req: ArchiveRoadmap) -> ApiResult<Roadmap> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        let roadmap = self.roadmap(req.roadmap_id)?;
        if roadmap.archived == req.archived {
            return Ok(roadmap);
        }
        let at = accord_store::now();
        self.store.write(|tx| {
            roadmaps::set_archived(tx, roadmap.id, req.archived)?;
            let action = if req.archived { HistoryAction::RoadmapArchived } else { HistoryAction::RoadmapRestored };
            record_roadmap(tx, roadmap.id, &actor, &at, action, "roadmap", &roadmap.name)?;
            Ok::<_, ApiError>(())
        })?;
        self.roadmap(roadmap.id)
    }

    /// Creates a roadmap holding copies of chosen items of another, with
    /// their matrix, RICE, framing and the dependencies among them. Goal
    /// links stay behind (goals belong to a roadmap) and so do signatures:
    /// the new plan is agreed afresh.
    pub fn carry_over(&mut self, actor: ProfileId, req: CarryOver) -> ApiResult<Roadmap> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        self.roadmap(req.from_roadmap)?;
        let roadmap = validated_roadmap(req.roadmap)?;
        let mut chosen = Vec::new();
        for &id in &req.items {
            let item = self.item(id)?;
            if item.roadmap_id != req.from_roadmap || item.archived {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("\u{201c}{}\u{201d} is not a live item of the roadmap carried from", item.title),
                ));
            }
            chosen.push(item);
        }
        chosen.sort_by_key(|i| (i.rank, i.id));
        chosen.dedup_by_key(|i| i.id);
        let at = roadmap.created_at.clone();
        let id = self.store.write(|tx| {
            let id = roadmaps::insert(tx, &roadmap)?;
            seats::bind(tx, id, actor.role, actor.id, &at)?;
            let mut new_ids: HashMap<ItemId, ItemId> = HashMap::new();
            for item in &chosen {
                let planning = Planning { goals: Vec::new(), depends_on: Vec::new(), ..item.planning.clone() };
                let json = planning_json(&planning)?;
                let new_id = items::insert_copy(tx, id, item, &json, &at)?;
                new_ids.insert(item.id, new_id);
            }
            for item in &chosen {
                let copy = reload(tx, new_ids[&item.id])?;
                // The links among the carried items follow them, by their new ids.
                let mut deps: Vec<ItemId> =
                    item.planning.depends_on.iter().filter_map(|d| new_ids.get(d).copied()).collect();
                deps.sort_unstable();
                let copy = if deps.is_empty() {
                    copy
                } else {
                    let planning = Planning { depends_on: deps, ..copy.planning.clone() };
                    let json = planning_json(&planning)?;
                    items::set_if_current(tx, copy.id, copy.revision, items::Column::Planning, &json, &at)?;
                    reload(tx, copy.id)?
                };
                record(tx, &copy, &actor, &at, HistoryAction::ItemCreated, "title", "", &copy.title)?;
            }
            settings::set(tx, OPEN_KEY, &id.to_string())?;
            Ok::<_, ApiError>(id)
        })?;
        self.roadmap(id)
    }
}

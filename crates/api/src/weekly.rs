//! The weekly sync beyond what waits on someone: what changed since the
//! sync was last held, goals and items that do not meet, the health
//! check's reminder, and marking the sync held.

use accord_domain::{validate, HistoryAction, Limits, ProfileId, RoadmapId, SyncMeeting};
use accord_store::{comments, goals, history, meetings};

use crate::record::record_roadmap;
use crate::{Accord, ApiError, ApiResult, MarkSyncHeld, SinceLastSync, SyncAgenda};

/// Changes listed under "changed since the last sync"; the rest are counted.
pub const SINCE_SYNC_LISTED: u32 = 200;
const ATTENDEES_MAX: usize = 20;

impl Accord {
    pub fn sync_agenda(&self, roadmap_id: RoadmapId) -> ApiResult<SyncAgenda> {
        let conn = self.store.conn();
        self.roadmap(roadmap_id)?;
        let last = meetings::last_sync(conn, roadmap_id)?;
        // The sync's own history line, written with it, marks where "since"
        // starts: by id, so a change in the same millisecond is not lost.
        let since = match last {
            Some(_) => history::last_of(conn, roadmap_id, HistoryAction::SyncHeld)?.unwrap_or(0),
            None => 0,
        };
        let changes: Vec<_> = history::since(conn, roadmap_id, since, SINCE_SYNC_LISTED)?;
        let total_changes = history::count_since(conn, roadmap_id, since)? as u32;
        let earlier_comments = history::count_upto(conn, roadmap_id, HistoryAction::Commented, since)?;
        // The whole items: dependencies and targets are judged on them, and they carry the goal links.
        let live = self.items(roadmap_id, false)?;
        let live_goals: Vec<_> = goals::list(conn, roadmap_id)?.into_iter().filter(|g| !g.archived).collect();
        Ok(SyncAgenda {
            since: SinceLastSync {
                last,
                changes,
                total_changes,
                new_comments: comments::after_first(conn, roadmap_id, earlier_comments)?,
            },
            items_without_goal: live.iter().filter(|i| i.planning.goals.is_empty()).map(|i| i.id).collect(),
            goals_without_items: live_goals
                .iter()
                .filter(|g| !live.iter().any(|i| i.planning.goals.contains(&g.id)))
                .map(|g| g.id)
                .collect(),
            health_check_due: self.health_check_due(roadmap_id)?,
            violations: accord_domain::dependencies::violations(&live, crate::timeline::today()),
            needs_target: live
                .iter()
                .filter(|i| i.schedule.target.is_none() && !i.schedule.is_empty())
                .map(|i| i.id)
                .collect(),
        })
    }

    /// Records that the weekly sync was held now, with who attended.
    pub fn mark_sync_held(&mut self, actor: ProfileId, req: MarkSyncHeld) -> ApiResult<SyncMeeting> {
        let actor = self.profile(actor)?;
        accord_domain::authorize_position(actor.role)?;
        self.roadmap(req.roadmap_id)?;
        let note = validate::text("note", req.note.trim(), Limits::REASON_MAX)?;
        let mut attendees = Vec::new();
        for name in &req.attendees {
            let name = validate::required_line("attendee", name, Limits::NAME_MAX)?;
            if !attendees.contains(&name) {
                attendees.push(name);
            }
        }
        if attendees.is_empty() {
            return Err(ApiError::invalid("attendees: name who attended the sync"));
        }
        if attendees.len() > ATTENDEES_MAX {
            return Err(ApiError::invalid(format!("attendees: at most {ATTENDEES_MAX}")));
        }
        let at = accord_store::now();
        self.store.write(|tx| {
            meetings::insert_sync(tx, req.roadmap_id, &at, actor.id, &attendees, &note)?;
            record_roadmap(tx, req.roadmap_id, &actor, &at, HistoryAction::SyncHeld, "sync", &attendees.join(", "))?;
            Ok::<_, ApiError>(())
        })?;
        meetings::last_sync(self.store.conn(), req.roadmap_id)?
            .ok_or_else(|| ApiError::invalid("the sync was not kept"))
    }
}

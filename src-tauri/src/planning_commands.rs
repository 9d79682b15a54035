//! The planning use-cases' adapters: goals, RICE and framing, rank
//! proposals, the capacity share, the health check, the weekly sync,
//! comments and undo.

use accord_api::domain::{Comment, Goal, GoalProposal, Item, ItemId, Proposal, RoadmapId, SyncMeeting};
use accord_api::{
    AnswerHealthCheck, CapacityView, GoalsView, HealthView, ItemScore, MarkSyncHeld, NewComment, NewGoal,
    PartnerAnswers, ProposeGoalChange, ProposeMove, RespondToGoalProposal, SetHealthInterval, SetPlanning, SyncAgenda,
    Undone, UpdateGoal,
};
use tauri::State;

use crate::commands::{acting, with, Res};
use crate::AppState;

#[tauri::command]
pub fn set_planning(state: State<'_, AppState>, req: SetPlanning) -> Res<Item> {
    acting(&state, |a, who| a.set_planning(who, req))
}

#[tauri::command]
pub fn propose_planning(state: State<'_, AppState>, req: SetPlanning) -> Res<Proposal> {
    acting(&state, |a, who| a.propose_planning(who, req))
}

#[tauri::command]
pub fn propose_move(state: State<'_, AppState>, req: ProposeMove) -> Res<Proposal> {
    acting(&state, |a, who| a.propose_move(who, req))
}

#[tauri::command(async)]
pub fn scores(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Vec<ItemScore>> {
    with(&state, |a| a.scores(roadmap_id))
}

#[tauri::command(async)]
pub fn capacity(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<CapacityView> {
    with(&state, |a| a.capacity(roadmap_id))
}

#[tauri::command(async)]
pub fn goals(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<GoalsView> {
    with(&state, |a| a.goals(roadmap_id))
}

#[tauri::command]
pub fn create_goal(state: State<'_, AppState>, req: NewGoal) -> Res<Goal> {
    acting(&state, |a, who| a.create_goal(who, req))
}

#[tauri::command]
pub fn update_goal(state: State<'_, AppState>, req: UpdateGoal) -> Res<Goal> {
    acting(&state, |a, who| a.update_goal(who, req))
}

#[tauri::command]
pub fn propose_goal_change(state: State<'_, AppState>, req: ProposeGoalChange) -> Res<GoalProposal> {
    acting(&state, |a, who| a.propose_goal_change(who, req))
}

#[tauri::command]
pub fn respond_to_goal_proposal(state: State<'_, AppState>, req: RespondToGoalProposal) -> Res<Goal> {
    acting(&state, |a, who| a.respond_to_goal_proposal(who, req))
}

#[tauri::command(async)]
pub fn health(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<HealthView> {
    with(&state, |a| {
        let viewer = a.acting()?.id;
        a.health(roadmap_id, viewer)
    })
}

#[tauri::command]
pub fn health_answers(state: State<'_, AppState>, roadmap_id: RoadmapId, round: i64) -> Res<Vec<PartnerAnswers>> {
    with(&state, |a| a.health_answers(roadmap_id, round))
}

#[tauri::command]
pub fn answer_health_check(state: State<'_, AppState>, req: AnswerHealthCheck) -> Res<HealthView> {
    acting(&state, |a, who| a.answer_health_check(who, req))
}

#[tauri::command]
pub fn set_health_interval(state: State<'_, AppState>, req: SetHealthInterval) -> Res<i64> {
    acting(&state, |a, who| a.set_health_interval(who, req))
}

#[tauri::command(async)]
pub fn sync_agenda(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<SyncAgenda> {
    with(&state, |a| a.sync_agenda(roadmap_id))
}

#[tauri::command]
pub fn mark_sync_held(state: State<'_, AppState>, req: MarkSyncHeld) -> Res<SyncMeeting> {
    acting(&state, |a, who| a.mark_sync_held(who, req))
}

#[tauri::command]
pub fn add_comment(state: State<'_, AppState>, req: NewComment) -> Res<Comment> {
    acting(&state, |a, who| a.add_comment(who, req))
}

#[tauri::command]
pub fn comments(state: State<'_, AppState>, item_id: Option<ItemId>, decision_id: Option<i64>) -> Res<Vec<Comment>> {
    with(&state, |a| a.comments_on(item_id, decision_id))
}

#[tauri::command]
pub fn undo(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Undone> {
    acting(&state, |a, who| a.undo(who, roadmap_id))
}

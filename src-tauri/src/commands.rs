//! One adapter per use-case: resolve the acting person, call the api,
//! return its result. Errors cross IPC as `{code, message, current}`.
//!
//! Reads whose cost grows with the roadmap are `command(async)`: they run on
//! a worker thread, so the window goes on drawing (its first frame
//! included) while they work. Writes stay on the main thread, run in the
//! order they were sent.

use accord_api::domain::{
    DecisionId, HistoryEntry, Item, ItemId, Profile, ProfileId, Proposal, PublicIdentity, Roadmap, RoadmapId,
};
use accord_api::{
    Accord, ApiError, Attention, BaselineDiff, BaselineView, Bootstrap, DecisionSummary, DecisionView, EditDimension,
    EscalateDecision, ItemWhenState, MoveItem, Moved, NewBaseline, NewDecision, NewItem, NewProfile, NewRoadmap,
    ProposeChange, ResolveEscalation, RespondToProposal, SignBaseline, SignDecision, SignWhen, SupersedeDecision,
    UpdateDecision, UpdateItem, WhenSignoff, WritePosition,
};
use tauri::State;

use crate::AppState;

pub(crate) type Res<T> = Result<T, ApiError>;

pub(crate) fn with<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Accord) -> Res<T>) -> Res<T> {
    let mut opened = state.accord.lock();
    f(opened.as_mut().map_err(|e| e.clone())?)
}

/// Runs a change as the person at the keyboard; a hosted session sends it
/// to its guests at once.
pub(crate) fn acting<T>(state: &State<'_, AppState>, f: impl FnOnce(&mut Accord, ProfileId) -> Res<T>) -> Res<T> {
    let done = with(state, |a| {
        let actor = a.acting()?.id;
        f(a, actor)
    })?;
    state.session.nudge(None);
    Ok(done)
}

#[tauri::command(async)]
pub fn bootstrap(state: State<'_, AppState>) -> Res<Bootstrap> {
    with(&state, |a| a.bootstrap())
}

#[tauri::command]
pub fn create_profile(state: State<'_, AppState>, req: NewProfile) -> Res<Profile> {
    with(&state, |a| a.create_profile(req))
}

#[tauri::command]
pub fn set_acting(state: State<'_, AppState>, profile_id: ProfileId) -> Res<Profile> {
    let profile = with(&state, |a| a.set_acting(profile_id))?;
    state.session.nudge(Some(profile.id));
    Ok(profile)
}

#[tauri::command]
pub fn create_roadmap(state: State<'_, AppState>, req: NewRoadmap) -> Res<Roadmap> {
    acting(&state, |a, who| a.create_roadmap(who, req))
}

#[tauri::command(async)]
pub fn list_items(state: State<'_, AppState>, roadmap_id: RoadmapId, archived: bool) -> Res<Vec<Item>> {
    with(&state, |a| a.items(roadmap_id, archived))
}

#[tauri::command]
pub fn get_item(state: State<'_, AppState>, item_id: ItemId) -> Res<Item> {
    with(&state, |a| a.item(item_id))
}

#[tauri::command]
pub fn create_item(state: State<'_, AppState>, req: NewItem) -> Res<Item> {
    acting(&state, |a, who| a.create_item(who, req))
}

#[tauri::command]
pub fn update_item(state: State<'_, AppState>, req: UpdateItem) -> Res<Item> {
    acting(&state, |a, who| a.update_item(who, req))
}

#[tauri::command]
pub fn edit_dimension(state: State<'_, AppState>, req: EditDimension) -> Res<Item> {
    acting(&state, |a, who| a.edit_dimension(who, req))
}

#[tauri::command]
pub fn move_item(state: State<'_, AppState>, req: MoveItem) -> Res<Moved> {
    acting(&state, |a, who| a.move_item(who, req))
}

#[tauri::command]
pub fn propose_change(state: State<'_, AppState>, req: ProposeChange) -> Res<Proposal> {
    acting(&state, |a, who| a.propose(who, req))
}

#[tauri::command]
pub fn respond_to_proposal(state: State<'_, AppState>, req: RespondToProposal) -> Res<Item> {
    acting(&state, |a, who| a.respond(who, req))
}

#[tauri::command]
pub fn list_proposals(state: State<'_, AppState>, item_id: ItemId) -> Res<Vec<Proposal>> {
    with(&state, |a| a.proposals(item_id))
}

#[tauri::command]
pub fn item_history(state: State<'_, AppState>, item_id: ItemId) -> Res<Vec<HistoryEntry>> {
    with(&state, |a| a.history(item_id))
}

#[tauri::command]
pub fn sign_when(state: State<'_, AppState>, req: SignWhen) -> Res<WhenSignoff> {
    acting(&state, |a, who| a.sign_when(who, req))
}

#[tauri::command]
pub fn when_signoff(state: State<'_, AppState>, item_id: ItemId) -> Res<WhenSignoff> {
    with(&state, |a| a.when_signoff(item_id))
}

#[tauri::command]
pub fn identities(state: State<'_, AppState>) -> Res<Vec<PublicIdentity>> {
    with(&state, |a| a.identities())
}

#[tauri::command(async)]
pub fn when_states(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Vec<ItemWhenState>> {
    with(&state, |a| a.when_states(roadmap_id))
}

#[tauri::command(async)]
pub fn list_decisions(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Vec<DecisionSummary>> {
    with(&state, |a| a.decisions(roadmap_id))
}

#[tauri::command]
pub fn get_decision(state: State<'_, AppState>, decision_id: DecisionId) -> Res<DecisionView> {
    with(&state, |a| a.decision(decision_id))
}

#[tauri::command]
pub fn create_decision(state: State<'_, AppState>, req: NewDecision) -> Res<DecisionView> {
    acting(&state, |a, who| a.create_decision(who, req))
}

#[tauri::command]
pub fn update_decision(state: State<'_, AppState>, req: UpdateDecision) -> Res<DecisionView> {
    acting(&state, |a, who| a.update_decision(who, req))
}

#[tauri::command]
pub fn supersede_decision(state: State<'_, AppState>, req: SupersedeDecision) -> Res<DecisionView> {
    acting(&state, |a, who| a.supersede_decision(who, req))
}

#[tauri::command]
pub fn sign_decision(state: State<'_, AppState>, req: SignDecision) -> Res<DecisionView> {
    acting(&state, |a, who| a.sign_decision(who, req))
}

#[tauri::command]
pub fn write_position(state: State<'_, AppState>, req: WritePosition) -> Res<DecisionView> {
    acting(&state, |a, who| a.write_position(who, req))
}

#[tauri::command]
pub fn escalate_decision(state: State<'_, AppState>, req: EscalateDecision) -> Res<DecisionView> {
    acting(&state, |a, who| a.escalate(who, req))
}

#[tauri::command]
pub fn resolve_escalation(state: State<'_, AppState>, req: ResolveEscalation) -> Res<DecisionView> {
    acting(&state, |a, who| a.resolve_escalation(who, req))
}

#[tauri::command(async)]
pub fn list_baselines(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Vec<BaselineView>> {
    with(&state, |a| a.baselines(roadmap_id))
}

#[tauri::command]
pub fn create_baseline(state: State<'_, AppState>, req: NewBaseline) -> Res<BaselineView> {
    acting(&state, |a, who| a.create_baseline(who, req))
}

#[tauri::command]
pub fn sign_baseline(state: State<'_, AppState>, req: SignBaseline) -> Res<BaselineView> {
    acting(&state, |a, who| a.sign_baseline(who, req))
}

#[tauri::command(async)]
pub fn baseline_diff(state: State<'_, AppState>, from: i64, to: Option<i64>) -> Res<BaselineDiff> {
    with(&state, |a| a.baseline_diff(from, to))
}

#[tauri::command(async)]
pub fn attention(state: State<'_, AppState>, roadmap_id: RoadmapId) -> Res<Attention> {
    with(&state, |a| a.attention(roadmap_id))
}

#[tauri::command]
pub fn export_identity(state: State<'_, AppState>, profile_id: ProfileId) -> Res<String> {
    with(&state, |a| a.export_identity(profile_id))
}

#[tauri::command]
pub fn import_identity(state: State<'_, AppState>, text: String) -> Res<PublicIdentity> {
    with(&state, |a| a.import_identity(&text))
}

/// Only for the person at the keyboard: each person seals their own key.
#[tauri::command]
pub fn create_signing_key(state: State<'_, AppState>, passphrase: String) -> Res<PublicIdentity> {
    acting(&state, |a, who| a.create_signing_key(who, &passphrase))
}

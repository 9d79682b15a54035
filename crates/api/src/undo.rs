//! Undo: a person's own last change, reversed by a new change that passes
//! the same rights, revision and trade-off checks as any other. Refused,
//! with the reason, once the change was changed again or signed since.

use accord_domain::{
    authorize, authorize_roadmap_change, Action, Dimension, Field, HistoryAction, HistoryEntry, Item, ItemKind,
    ItemStatus, PlanningValue, ProfileId, RoadmapId,
};
use accord_store::history;

use crate::items::{apply_dimension, apply_item_change};
use crate::planning::{apply_move, apply_planning, checked, keeps_framing};
use crate::record::reload;
use crate::trade_offs::record_trade_off;
use crate::{Accord, ApiError, ApiResult, ErrorCode, ItemChange, Undone};

/// The changes an undo reverses: a person's direct edits of an item.
const UNDOABLE: [HistoryAction; 7] = [
    HistoryAction::DimensionEdited,
    HistoryAction::TitleChanged,
    HistoryAction::StatusChanged,
    HistoryAction::KindChanged,
    HistoryAction::HorizonChanged,
    HistoryAction::Moved,
    HistoryAction::PlanningChanged,
];

fn cannot(message: String) -> ApiError {
    ApiError::new(ErrorCode::CannotUndo, message)
}

/// The value the field holds now, as the history line wrote it.
fn now_text(item: &Item, entry: &HistoryEntry) -> String {
    match entry.action {
        HistoryAction::TitleChanged => item.title.clone(),
        HistoryAction::StatusChanged => item.status.as_str().into(),
        HistoryAction::KindChanged => item.kind.as_str().into(),
        HistoryAction::HorizonChanged => item.horizon.clone(),
        HistoryAction::Moved => item.rank.to_string(),
        HistoryAction::DimensionEdited => {
            Dimension::parse(&entry.field).map(|d| item.matrix.get(d).to_string()).unwrap_or_default()
        }
        _ => Field::parse(&entry.field).and_then(|f| item.planning.get(f)).map(|v| v.to_text()).unwrap_or_default(),
    }
}

fn unreadable(entry: &HistoryEntry) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("history line {} cannot be read back for an undo", entry.id))
}

impl Accord {
    /// Reverses `actor`'s last change on the roadmap that is not undone yet.
    pub fn undo(&mut self, actor: ProfileId, roadmap_id: RoadmapId) -> ApiResult<Undone> {
        let actor = self.profile(actor)?;
        self.roadmap(roadmap_id)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let entry = history::last_undoable(tx, roadmap_id, actor.id, &UNDOABLE)?
                .ok_or_else(|| cannot("there is no change of yours left to undo on this roadmap".into()))?;
            let item_id = entry.item_id.ok_or_else(|| unreadable(&entry))?;
            let item = reload(tx, item_id)?;
            let what = if entry.field == "rank" { "place".to_string() } else { entry.field.replace('_', " ") };
            if item.archived {
                return Err(cannot(format!(
                    "\u{201c}{}\u{201d} is archived; restore it to undo its {what}",
                    item.title
                )));
            }
            if now_text(&item, &entry) != entry.after {
                let mut e = ApiError::stale(item.clone());
                e.message = format!(
                    "the {what} of \u{201c}{}\u{201d} was changed again since your edit; undo would overwrite that",
                    item.title
                );
                return Err(e);
            }
            if let Some(signed) = history::any_after(tx, item.id, entry.id, HistoryAction::SignedOff)? {
                return Err(cannot(format!(
                    "{} ({}) signed \u{201c}{}\u{201d} since your edit; change it with a new edit instead",
                    signed.actor_name,
                    signed.actor_role.label(),
                    item.title
                )));
            }
            let before = entry.before.clone();
            let undone = Some(entry.id);
            let item = match entry.action {
                HistoryAction::DimensionEdited => {
                    let d = Dimension::parse(&entry.field).ok_or_else(|| unreadable(&entry))?;
                    authorize(actor.role, d, Action::Edit)?;
                    let text = crate::record::dimension_text(d, &before)?;
                    record_trade_off(tx, &item, d, &text, None, &actor, &at)?;
                    apply_dimension(tx, &item, &actor, &at, d, &text, HistoryAction::DimensionEdited, undone)?
                }
                HistoryAction::Moved => {
                    authorize(actor.role, Field::Rank, Action::Edit)?;
                    let place: usize = before.parse().map_err(|_| unreadable(&entry))?;
                    apply_move(tx, &item, &actor, &at, place.saturating_sub(1), HistoryAction::Moved, undone)?.0
                }
                HistoryAction::PlanningChanged => {
                    let field = Field::parse(&entry.field).ok_or_else(|| unreadable(&entry))?;
                    authorize(actor.role, field, Action::Edit)?;
                    let value = PlanningValue::from_text(field, &before).ok_or_else(|| unreadable(&entry))?;
                    let value = checked(tx, &item, value)?;
                    keeps_framing(&item, &value)?;
                    apply_planning(tx, &item, &actor, &at, value, HistoryAction::PlanningChanged, undone)?
                }
                action => {
                    authorize_roadmap_change(actor.role)?;
                    let change = match action {
                        HistoryAction::TitleChanged => ItemChange::Title(before.clone()),
                        HistoryAction::StatusChanged => {
                            ItemChange::Status(ItemStatus::parse(&before).ok_or_else(|| unreadable(&entry))?)
                        }
                        HistoryAction::KindChanged => {
                            ItemChange::Kind(ItemKind::parse(&before).ok_or_else(|| unreadable(&entry))?)
                        }
                        _ => ItemChange::Horizon(before.clone()),
                    };
                    apply_item_change(tx, item, &actor, &at, &change, undone)?
                }
            };
            let summary = format!("Undid your change of {what} on \u{201c}{}\u{201d}", item.title);
            Ok(Undone { summary, item })
        })
    }
}

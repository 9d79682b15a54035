//! Item use-cases: add, change attributes, edit a dimension, reorder.

use accord_domain::{
    authorize, authorize_roadmap_change, validate, Action, Dimension, Field, HistoryAction, Item, ItemStatus, Limits,
    Profile, ProfileId,
};
use accord_store::items::{self, Column, NewItem as NewRow};
use accord_store::rusqlite::Connection;

use crate::planning::{apply_move, check_committable};
use crate::record::{current, dimension_text, horizon, live, lost_race, record, record_undo, reload};
use crate::trade_offs::record_trade_off;
use crate::{Accord, ApiResult, EditDimension, ItemChange, MoveItem, Moved, NewItem, UpdateItem};

impl Accord {
    pub fn create_item(&mut self, actor: ProfileId, req: NewItem) -> ApiResult<Item> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        self.roadmap(req.roadmap_id)?;
        let title = validate::required_line("title", &req.title, Limits::TITLE_MAX)?;
        let horizon = horizon(&req.horizon)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let id = items::insert(
                tx,
                &NewRow {
                    roadmap_id: req.roadmap_id,
                    title: &title,
                    status: ItemStatus::Idea,
                    kind: req.kind,
                    horizon: &horizon,
                    at: &at,
                },
            )?;
            let item = reload(tx, id)?;
            record(tx, &item, &actor, &at, HistoryAction::ItemCreated, "title", "", &title)?;
            Ok(item)
        })
    }

    pub fn update_item(&mut self, actor: ProfileId, req: UpdateItem) -> ApiResult<Item> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = current(tx, req.item_id, req.base_revision)?;
            apply_item_change(tx, item, &actor, &at, &req.change, None)
        })
    }

    /// The owner (or, for `when`, either partner) edits a dimension.
    pub fn edit_dimension(&mut self, actor: ProfileId, req: EditDimension) -> ApiResult<Item> {
        let actor = self.profile(actor)?;
        authorize(actor.role, req.dimension, Action::Edit)?;
        let text = dimension_text(req.dimension, &req.text)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            record_trade_off(tx, &item, req.dimension, &text, req.trade_off.as_ref(), &actor, &at)?;
            apply_dimension(tx, &item, &actor, &at, req.dimension, &text, HistoryAction::DimensionEdited, None)
        })
    }

    /// Moves an item to a new place in the priority order: the PM's call
    /// (the EM files a proposal instead, [`Accord::propose_move`]).
    pub fn move_item(&mut self, actor: ProfileId, req: MoveItem) -> ApiResult<Moved> {
        let actor = self.profile(actor)?;
        authorize(actor.role, Field::Rank, Action::Edit)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            let (item, order) = apply_move(tx, &item, &actor, &at, req.to_index as usize, HistoryAction::Moved, None)?;
            Ok(Moved { item, order })
        })
    }
}

/// Writes a dimension's new content and its history line; shared by direct
/// edits and accepted proposals.
#[allow(clippy::too_many_arguments)] // the change and its history line's columns
pub(crate) fn apply_dimension(
    tx: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    dimension: Dimension,
    text: &str,
    action: HistoryAction,
    undoes: Option<i64>,
) -> ApiResult<Item> {
    let before = item.matrix.get(dimension).to_string();
    if before == text && action == HistoryAction::DimensionEdited {
        return Ok(item.clone());
    }
    if !items::set_if_current(tx, item.id, item.revision, Column::Dim(dimension), &text, at)? {
        return Err(lost_race(tx, item.id));
    }
    record_undo(tx, item, actor, at, action, dimension.as_str(), &before, text, undoes)?;
    if action == HistoryAction::DimensionEdited {
        // Only the written column, revision and time changed: skip a re-read on the hot path.
        let mut updated = item.clone();
        updated.set_dimension(dimension, text.to_string());
        updated.revision += 1;
        updated.updated_at = at.to_string();
        return Ok(updated);
    }
    reload(tx, item.id)
}

/// Writes one attribute change of `item` with its history line; shared by
/// the command and by undo.
pub(crate) fn apply_item_change(
    tx: &Connection,
    item: Item,
    actor: &Profile,
    at: &str,
    change: &ItemChange,
    undoes: Option<i64>,
) -> ApiResult<Item> {
    let (column, action, field, before, after): (Column, HistoryAction, &str, String, String) = match change {
        ItemChange::Title(t) => {
            let t = validate::required_line("title", t, Limits::TITLE_MAX)?;
            (Column::Title, HistoryAction::TitleChanged, "title", item.title.clone(), t)
        }
        ItemChange::Status(s) => {
            (Column::Status, HistoryAction::StatusChanged, "status", item.status.as_str().into(), s.as_str().into())
        }
        ItemChange::Kind(k) => {
            (Column::Kind, HistoryAction::KindChanged, "kind", item.kind.as_str().into(), k.as_str().into())
        }
        ItemChange::Horizon(h) => {
            (Column::Horizon, HistoryAction::HorizonChanged, "horizon", item.horizon.clone(), horizon(h)?)
        }
        ItemChange::Archived(a) => {
            let action = if *a { HistoryAction::Archived } else { HistoryAction::Restored };
            (Column::Archived, action, "archived", item.archived.to_string(), a.to_string())
        }
    };
    let item = if matches!(change, ItemChange::Archived(_)) { item } else { live(item)? };
    match change {
        ItemChange::Status(s) => check_committable(&item, item.kind, s.is_committed())?,
        ItemChange::Kind(k) => check_committable(&item, *k, item.status.is_committed())?,
        _ => {}
    }
    if before == after {
        return Ok(item);
    }
    let written = match change {
        ItemChange::Archived(a) => items::set_if_current(tx, item.id, item.revision, column, a, at)?,
        _ => items::set_if_current(tx, item.id, item.revision, column, &after, at)?,
    };
    if !written {
        return Err(lost_race(tx, item.id));
    }
    if matches!(change, ItemChange::Archived(false)) {
        items::rank_last(tx, item.id, item.roadmap_id)?;
    }
    if matches!(change, ItemChange::Archived(_)) {
        let order = items::order(tx, item.roadmap_id)?;
        items::renumber(tx, &order)?;
    }
    record_undo(tx, &item, actor, at, action, field, &before, &after, undoes)?;
    reload(tx, item.id)
}

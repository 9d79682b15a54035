//! Item use-cases: add, change attributes, edit a dimension, reorder.

use accord_domain::{
    authorize, authorize_roadmap_change, validate, Action, Dimension, HistoryAction, Horizon, Item, ItemStatus, Limits,
    Profile, ProfileId,
};
use accord_store::history::{self, Change};
use accord_store::items::{self, Column, NewItem as NewRow};
use accord_store::rusqlite::Connection;

use crate::trade_offs::record_trade_off;
use crate::{Accord, ApiError, ApiResult, EditDimension, ItemChange, MoveItem, Moved, NewItem, UpdateItem};

pub(crate) fn horizon(text: &str) -> ApiResult<String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok("later".into());
    }
    Horizon::parse(t)
        .map(|h| h.to_text())
        .ok_or_else(|| ApiError::invalid(format!("horizon: {t:?} is not now, next, later or a quarter like 2027-Q1")))
}

/// Loads the item for a change: it must exist, be live, and still be at
/// the revision the caller saw.
pub(crate) fn current(conn: &Connection, id: i64, base_revision: i64) -> ApiResult<Item> {
    let item = items::get(conn, id)?.ok_or_else(|| ApiError::not_found("item", id))?;
    if item.revision != base_revision {
        return Err(ApiError::stale(item));
    }
    Ok(item)
}

fn live(item: Item) -> ApiResult<Item> {
    if item.archived {
        return Err(ApiError::invalid(format!("\u{201c}{}\u{201d} is archived; restore it first", item.title)));
    }
    Ok(item)
}

/// A compare-and-set that lost a race inside the transaction: report the winner.
pub(crate) fn lost_race(conn: &Connection, id: i64) -> ApiError {
    match items::get(conn, id) {
        Ok(Some(item)) => ApiError::stale(item),
        Ok(None) => ApiError::not_found("item", id),
        Err(e) => e.into(),
    }
}

pub(crate) fn reload(conn: &Connection, id: i64) -> ApiResult<Item> {
    items::get(conn, id)?.ok_or_else(|| ApiError::not_found("item", id))
}

// The arguments are the history line's columns, in order.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record(
    conn: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    action: HistoryAction,
    field: &str,
    before: &str,
    after: &str,
) -> ApiResult<()> {
    history::append(
        conn,
        &Change {
            roadmap_id: item.roadmap_id,
            item_id: Some(item.id),
            decision_id: None,
            actor,
            at,
            action,
            field,
            before,
            after,
        },
    )?;
    Ok(())
}

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
            let (column, action, field, before, after): (Column, HistoryAction, &str, String, String) =
                match &req.change {
                    ItemChange::Title(t) => {
                        let t = validate::required_line("title", t, Limits::TITLE_MAX)?;
                        (Column::Title, HistoryAction::TitleChanged, "title", item.title.clone(), t)
                    }
                    ItemChange::Status(s) => (
                        Column::Status,
                        HistoryAction::StatusChanged,
                        "status",
                        item.status.as_str().into(),
                        s.as_str().into(),
                    ),
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
            let item = if matches!(req.change, ItemChange::Archived(_)) { item } else { live(item)? };
            if before == after {
                return Ok(item);
            }
            let written = match &req.change {
                ItemChange::Archived(a) => items::set_if_current(tx, item.id, item.revision, column, a, &at)?,
                _ => items::set_if_current(tx, item.id, item.revision, column, &after, &at)?,
            };
            if !written {
                return Err(lost_race(tx, item.id));
            }
            if matches!(req.change, ItemChange::Archived(false)) {
                items::rank_last(tx, item.id, item.roadmap_id)?;
            }
            if matches!(req.change, ItemChange::Archived(_)) {
                let order = items::order(tx, item.roadmap_id)?;
                items::renumber(tx, &order)?;
            }
            record(tx, &item, &actor, &at, action, field, &before, &after)?;
            reload(tx, item.id)
        })
    }

    /// The owner (or, for `when`, either partner) edits a dimension.
    pub fn edit_dimension(&mut self, actor: ProfileId, req: EditDimension) -> ApiResult<Item> {
        let actor = self.profile(actor)?;
        authorize(actor.role, req.dimension, Action::Edit)?;
        let text = validate::text(req.dimension.as_str(), &req.text, Limits::DIMENSION_MAX)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            record_trade_off(tx, &item, req.dimension, &text, req.trade_off.as_ref(), &actor, &at)?;
            apply_dimension(tx, &item, &actor, &at, req.dimension, &text, HistoryAction::DimensionEdited)
        })
    }

    /// Moves an item to a new place in the priority order.
    pub fn move_item(&mut self, actor: ProfileId, req: MoveItem) -> ApiResult<Moved> {
        let actor = self.profile(actor)?;
        authorize_roadmap_change(actor.role)?;
        let at = accord_store::now();
        self.store.write(|tx| {
            let item = live(current(tx, req.item_id, req.base_revision)?)?;
            let mut order = items::order(tx, item.roadmap_id)?;
            let from = order.iter().position(|&id| id == item.id).expect("a live item is in its roadmap's order");
            let to = (req.to_index as usize).min(order.len() - 1);
            if from == to {
                return Ok(Moved { item, order });
            }
            order.remove(from);
            order.insert(to, item.id);
            if !items::touch_if_current(tx, item.id, item.revision, &at)? {
                return Err(lost_race(tx, item.id));
            }
            items::renumber(tx, &order)?;
            record(
                tx,
                &item,
                &actor,
                &at,
                HistoryAction::Moved,
                "rank",
                &(from + 1).to_string(),
                &(to + 1).to_string(),
            )?;
            Ok(Moved { item: reload(tx, item.id)?, order })
        })
    }
}

/// Writes a dimension's new content and its history line; shared by direct
/// edits and accepted proposals.
pub(crate) fn apply_dimension(
    tx: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    dimension: Dimension,
    text: &str,
    action: HistoryAction,
) -> ApiResult<Item> {
    let before = item.matrix.get(dimension).to_string();
    if before == text && action == HistoryAction::DimensionEdited {
        return Ok(item.clone());
    }
    if !items::set_if_current(tx, item.id, item.revision, Column::Dim(dimension), &text, at)? {
        return Err(lost_race(tx, item.id));
    }
    record(tx, item, actor, at, action, dimension.as_str(), &before, text)?;
    if action == HistoryAction::DimensionEdited {
        // Only the written column, revision and time changed: skip a re-read on the hot path.
        let mut updated = item.clone();
        updated.matrix.set(dimension, text.to_string());
        updated.revision += 1;
        updated.updated_at = at.to_string();
        return Ok(updated);
    }
    reload(tx, item.id)
}

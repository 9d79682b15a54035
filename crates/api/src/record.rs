//! What every item use-case shares: loading an item for a change at the
//! caller's revision, reporting a lost race, and writing the history line.
//! A leaf: it depends on no other use-case module.

use accord_domain::{validate, Dimension, HistoryAction, Horizon, Item, Limits, Profile, When};
use accord_store::history::{self, Change};
use accord_store::items;
use accord_store::rusqlite::Connection;

use crate::{ApiError, ApiResult};

/// A dimension's text checked as a request must be; a *when* (typed as
/// free text or sent as its structure) becomes its canonical line.
pub fn dimension_text(dimension: Dimension, text: &str) -> ApiResult<String> {
    let text = validate::text(dimension.as_str(), text, Limits::DIMENSION_MAX)?;
    if dimension == Dimension::When {
        return Ok(When::from_input(&text)?.render());
    }
    Ok(text)
}

/// The planning fields as the item row stores them.
pub(crate) fn planning_json(planning: &accord_domain::Planning) -> ApiResult<String> {
    serde_json::to_string(planning).map_err(|e| ApiError::new(crate::ErrorCode::Internal, e.to_string()))
}

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

pub(crate) fn live(item: Item) -> ApiResult<Item> {
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
    record_undo(conn, item, actor, at, action, field, before, after, None)
}

/// As [`record`], for a change that may be an undo of line `undoes`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_undo(
    conn: &Connection,
    item: &Item,
    actor: &Profile,
    at: &str,
    action: HistoryAction,
    field: &str,
    before: &str,
    after: &str,
    undoes: Option<i64>,
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
            undoes,
        },
    )?;
    Ok(())
}

/// A roadmap-level history line (goals, syncs held, health check answers).
pub(crate) fn record_roadmap(
    conn: &Connection,
    roadmap_id: accord_domain::RoadmapId,
    actor: &Profile,
    at: &str,
    action: HistoryAction,
    field: &str,
    after: &str,
) -> ApiResult<()> {
    history::append(
        conn,
        &Change {
            roadmap_id,
            item_id: None,
            decision_id: None,
            actor,
            at,
            action,
            field,
            before: "",
            after,
            undoes: None,
        },
    )?;
    Ok(())
}

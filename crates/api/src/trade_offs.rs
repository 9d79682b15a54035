//! Explicit trade-offs: more scope or a later date on a committed item
//! names what makes room for it, and becomes a shared decision to sign.

use accord_domain::{validate, Decision, Dimension, Item, Limits, Profile};
use accord_store::rusqlite::Connection;

use crate::decisions::{insert, linked_items};
use crate::signoff::{when_state, Signers};
use crate::{ApiError, ApiResult, ErrorCode, TradeOff, WhenState};

/// Whether changing `dimension` of `item` to `text` is a trade-off: the
/// item is committed (planned or later, with an agreed `when`) and its
/// what or its when changes.
pub(crate) fn needs_trade_off(conn: &Connection, item: &Item, dimension: Dimension, text: &str) -> ApiResult<bool> {
    if !matches!(dimension, Dimension::What | Dimension::When)
        || !item.status.is_committed()
        || item.matrix.get(dimension) == text
    {
        return Ok(false);
    }
    Ok(when_state(conn, &Signers::load(conn, item.roadmap_id)?, item)? == WhenState::Agreed)
}

/// What to ask before `text` goes into `item`'s `dimension`, when that
/// change needs a named trade-off (a guest asks this before it sends one).
pub(crate) fn trade_off_prompt(
    conn: &Connection,
    item: &Item,
    dimension: Dimension,
    text: &str,
) -> ApiResult<Option<String>> {
    if !needs_trade_off(conn, item, dimension, text)? {
        return Ok(None);
    }
    Ok(Some(trade_off_message(item, dimension)))
}

fn trade_off_message(item: &Item, dimension: Dimension) -> String {
    let what_changes = if dimension == Dimension::What { "adding to its scope" } else { "moving its date" };
    format!(
        "\u{201c}{}\u{201d} is committed, with an agreed when: {what_changes} needs a trade-off. \
         Name what is deprioritised to make room, or that nothing is because capacity exists, and why.",
        item.title
    )
}

/// Checks the trade-off a change to a committed item needs and records it
/// as a shared decision, in the caller's transaction. Does nothing when the
/// change is not a trade-off.
pub(crate) fn record_trade_off(
    conn: &Connection,
    item: &Item,
    dimension: Dimension,
    text: &str,
    trade_off: Option<&TradeOff>,
    actor: &Profile,
    at: &str,
) -> ApiResult<()> {
    if !needs_trade_off(conn, item, dimension, text)? {
        return Ok(());
    }
    let Some(t) = trade_off else {
        return Err(ApiError::new(ErrorCode::TradeOffRequired, trade_off_message(item, dimension)));
    };
    let deprioritised = linked_items(conn, item.roadmap_id, &t.deprioritised)?;
    if deprioritised.contains(&item.id) {
        return Err(ApiError::invalid("an item cannot make room for itself; name another item"));
    }
    let capacity_reason = validate::text("capacity reason", &t.capacity_reason, Limits::REASON_MAX)?;
    if deprioritised.is_empty() && capacity_reason.trim().is_empty() {
        return Err(ApiError::new(
            ErrorCode::TradeOffRequired,
            "the trade-off names nothing deprioritised: name an item, or say why capacity exists",
        ));
    }
    let why = validate::text("why", &t.why, Limits::REASON_MAX)?;
    if why.trim().is_empty() {
        return Err(ApiError::new(ErrorCode::TradeOffRequired, "the trade-off needs a why: what makes it worth it"));
    }
    let title: String = format!("Trade-off: {} of \u{201c}{}\u{201d}", dimension.label().to_lowercase(), item.title)
        .chars()
        .take(Limits::TITLE_MAX)
        .collect();
    let label = dimension.label();
    let mut linked = vec![item.id];
    linked.extend(&deprioritised);
    let decision = Decision {
        context: format!("{label} was: {}\n{label} now: {text}", item.matrix.get(dimension)),
        outcome: why,
        linked_items: linked,
        deprioritised,
        capacity_reason,
        ..Decision::trade_off(item.id, item.roadmap_id, dimension == Dimension::What, title)
    };
    insert(conn, &decision, actor, at)?;
    Ok(())
}
